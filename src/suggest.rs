//! "Did you mean …?" for near-miss ids, keys and words.

use rayon::prelude::*;

/// The candidate closest to `input`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input_lower = input.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&input_lower, &candidate.to_lowercase());
        // Strictly greater: among equally close candidates the first listed wins.
        if score >= 0.8 && best.is_none_or(|(top, _)| score > top) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Whether two names are so alike that one is probably a typo of the other.
///
/// One edit (a transposition counts as one) is a typo; real forces differ by more
/// ("Essex Police" and "Sussex Police" are two edits apart). Names that differ in
/// their digits ("Force 1", "Force 2") are told apart on purpose.
pub fn near_miss(a: &str, b: &str) -> bool {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    a != b
        && a.len().min(b.len()) >= MIN_NEAR_MISS_LEN
        && a.len().abs_diff(b.len()) <= 1
        && digits(a) == digits(b)
        && strsim::osa_distance(a, b) <= 1
}

/// Every pair of `ids` that are near misses of each other ([`near_miss`]), as pairs of
/// indices `(i, j)` with `i < j`, sorted: exactly what testing every pair would give,
/// in time that grows with the ids' number times their length, not their number squared.
///
/// Each id stands for its *variants*: itself, and itself with any one character removed.
/// Two strings one edit apart always share a variant (the "symmetric delete" idea): a
/// substitution at `k` leaves both equal without their `k`th character; an insertion
/// makes the shorter one a variant of the longer; swapping neighbours `pq` to `qp`
/// leaves both equal without their `p`. So ids are bucketed by a hash of each variant
/// and of their digits (near misses have the same digits), and only ids sharing a
/// bucket are compared, with [`near_miss`] itself: a hash collision costs a comparison,
/// never a wrong answer. Duplicate ids are told apart by index, as pairwise testing does.
pub fn near_miss_pairs<N: Names + ?Sized>(ids: &N) -> Vec<(usize, usize)> {
    pairs_in_passes(ids, KEYS_PER_PASS, usize::MAX).0
}

/// [`near_miss_pairs`], giving up once about `budget` candidate pairs are found: ids
/// one letter apart in the same place ("cycle-a", "cycle-b", …) pair every one with
/// every other, and a caller that shows a few warnings need not hold them all.
/// `true` with the pairs when it gave up.
pub fn near_miss_pairs_up_to<N: Names + ?Sized>(
    ids: &N,
    budget: usize,
) -> (Vec<(usize, usize)>, bool) {
    pairs_in_passes(ids, KEYS_PER_PASS, budget)
}

/// Names read by position: a slice of strings, or names kept elsewhere (so that a
/// caller holding many need not gather them into a slice first).
pub trait Names {
    /// How many names there are.
    fn count(&self) -> usize;
    /// The name at `at`, which is less than [`Names::count`].
    fn name(&self, at: usize) -> &str;
}

impl Names for [&str] {
    fn count(&self) -> usize {
        self.len()
    }
    fn name(&self, at: usize) -> &str {
        self[at]
    }
}

/// [`near_miss_pairs`], making about `keys_per_pass` keys at a time.
fn pairs_in_passes<N: Names + ?Sized>(
    ids: &N,
    keys_per_pass: usize,
    budget: usize,
) -> (Vec<(usize, usize)>, bool) {
    // A key packs a variant's 32-bit hash above the id's index, so that sorting the keys
    // groups each bucket with its indices ascending, at 8 bytes a variant. Past 2³² ids
    // (never, in practice) indices no longer fit, and every pair is tested instead.
    if ids.count() < 2 {
        // Most forces have one cycle: no pairs, and nothing to allocate.
        return (Vec::new(), false);
    }
    if u32::try_from(ids.count()).is_err() {
        return (brute_force_pairs(ids), false);
    }
    let mut gave_up = false;
    // Variants that match have the same length, so the keys are made one variant
    // length at a time, from the ids that have a variant of that length: an id takes
    // part in two such passes (as itself, and with a character removed), and memory
    // holds the keys of one length. A length with more keys than `keys_per_pass` is
    // split further by hash, into at most MAX_PASSES, each of which hashes its ids
    // again: so time stays linear, and memory an eighth of that length's keys at most.
    let mut by_length: Vec<u32> = (0..ids.count() as u32)
        .filter(|&at| ids.name(at as usize).len() >= MIN_NEAR_MISS_LEN)
        .collect();
    by_length.sort_unstable_by_key(|&at| ids.name(at as usize).len());
    // How many variants there are of each length.
    let longest = by_length
        .last()
        .map_or(0, |&at| ids.name(at as usize).len());
    let mut counts = vec![0usize; longest + 1];
    for &at in &by_length {
        let id = ids.name(at as usize);
        counts[id.len()] += 1;
        if id.is_ascii() {
            counts[id.len() - 1] += id.len();
        } else {
            for c in id.chars() {
                counts[id.len() - c.len_utf8()] += 1;
            }
        }
    }
    let mut keys: Vec<u64> = Vec::new();
    let mut pairs = Vec::new();
    for (length, &count) in counts.iter().enumerate().filter(|(_, count)| **count > 0) {
        // The ids with a variant of this length: as long, or up to 4 bytes longer.
        let from = by_length.partition_point(|&at| ids.name(at as usize).len() < length);
        let to = by_length.partition_point(|&at| ids.name(at as usize).len() <= length + 4);
        let these = &by_length[from..to];
        let passes = count.div_ceil(keys_per_pass.max(1)).clamp(1, MAX_PASSES) as u64;
        for pass in 0..passes {
            keys.clear();
            variant_keys(ids, these, length, |key| {
                if passes == 1 || (key >> 32) % passes == pass {
                    keys.push(key);
                }
            });
            // An id with a repeated letter ("aab") has one variant twice: keep one.
            // Sorting is most of the work for many ids, so it takes every core then.
            if keys.len() > PARALLEL_SORT_KEYS {
                keys.par_sort_unstable();
            } else {
                keys.sort_unstable();
            }
            keys.dedup();
            gave_up |= pair_buckets(&keys, &mut pairs, budget);
        }
    }
    // Ids sharing several variants ("abcde", "abdce") meet in several buckets.
    pairs.sort_unstable();
    pairs.dedup();
    pairs.retain(|&(i, j)| near_miss(ids.name(i), ids.name(j)));
    (pairs, gave_up)
}

/// Pairs the ids of each bucket of sorted `keys` (one hash above the index), adding to
/// `pairs` until they hold about `budget`; `true` if it stopped there.
fn pair_buckets(keys: &[u64], pairs: &mut Vec<(usize, usize)>, budget: usize) -> bool {
    for bucket in keys.chunk_by(|a, b| a >> 32 == b >> 32) {
        for (k, &a) in bucket.iter().enumerate() {
            if pairs.len() >= budget {
                return true;
            }
            for &b in &bucket[k + 1..] {
                pairs.push(((a & INDEX_MASK) as usize, (b & INDEX_MASK) as usize));
            }
        }
    }
    false
}

/// Hands `emit` a key for every variant `length` bytes long of the ids at positions
/// `these` (each long enough to be a near miss): the variant's hash (mixed with the
/// hash of the id's digits) in the upper 32 bits, the id's position in the lower.
fn variant_keys<N: Names + ?Sized>(
    ids: &N,
    these: &[u32],
    length: usize,
    mut emit: impl FnMut(u64),
) {
    let mut prefix: Vec<u64> = Vec::new();
    let mut powers: Vec<u64> = vec![1];
    for &index in these {
        let id = ids.name(index as usize);
        let has_length = match id.len().checked_sub(length) {
            Some(0) => true,
            Some(1) if id.is_ascii() => true,
            Some(shorter) if !id.is_ascii() => id.chars().any(|c| c.len_utf8() == shorter),
            _ => false,
        };
        if !has_length {
            continue;
        }
        // Polynomial hashes of every prefix give each variant's hash in constant time:
        // h(s without s[at..at + w]) = (P[at] - P[at + w]) * B^(len - at - w) + P[len].
        prefix.clear();
        prefix.push(0);
        for &byte in id.as_bytes() {
            let last = prefix.last().copied().unwrap_or(0);
            prefix.push(
                last.wrapping_mul(HASH_BASE)
                    .wrapping_add(u64::from(byte) + 1),
            );
        }
        while powers.len() <= id.len() {
            let last = powers.last().copied().unwrap_or(1);
            powers.push(last.wrapping_mul(HASH_BASE));
        }
        let digits = id.bytes().filter(u8::is_ascii_digit).fold(0u64, |h, b| {
            h.wrapping_mul(HASH_BASE).wrapping_add(u64::from(b))
        });
        let digits = mix(digits ^ DIGITS_SEED);
        let whole = prefix[id.len()];
        let key = |hash: u64| (mix(hash ^ digits) >> 32) << 32 | u64::from(index);
        if id.len() == length {
            emit(key(whole));
        }
        for (at, c) in id.char_indices() {
            if id.len() - c.len_utf8() != length {
                continue;
            }
            let after = at + c.len_utf8();
            let tail = id.len() - after;
            emit(key(prefix[at]
                .wrapping_sub(prefix[after])
                .wrapping_mul(powers[tail])
                .wrapping_add(whole)));
        }
    }
}

/// Keys of one variant length made in one pass of [`near_miss_pairs`]: 1 MiB of them,
/// unless that would take more than [`MAX_PASSES`].
const KEYS_PER_PASS: usize = 1 << 17;

/// The most passes [`near_miss_pairs`] makes for one variant length: each hashes that
/// length's ids again.
const MAX_PASSES: usize = 8;

/// Keys past which sorting them in parallel pays for starting the threads.
const PARALLEL_SORT_KEYS: usize = 1 << 16;

/// The shortest name, in bytes, that [`near_miss`] will call a typo of another.
const MIN_NEAR_MISS_LEN: usize = 5;

/// The base of the polynomial hash of variants: odd, so that no byte is lost.
const HASH_BASE: u64 = 0x0100_0000_01b3;

/// Keeps the digits' hash apart from a variant's before the two are mixed.
const DIGITS_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// The index half of a key in [`near_miss_pairs`].
const INDEX_MASK: u64 = 0xffff_ffff;

/// Spreads a polynomial hash over all 64 bits (SplitMix64's finaliser): its low bits
/// alone depend on too few of the bytes to bucket by.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// [`near_miss_pairs`] by testing every pair: the reference it must equal.
fn brute_force_pairs<N: Names + ?Sized>(ids: &N) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for i in 0..ids.count() {
        for j in i + 1..ids.count() {
            if near_miss(ids.name(i), ids.name(j)) {
                pairs.push((i, j));
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn suggests_the_closest_candidate() {
        assert_eq!(did_you_mean("IC9", ["IC1", "IC3", "MO3"]), Some("IC1"));
        assert_eq!(
            did_you_mean("judgment", ["criterion", "judgement", "note"]),
            Some("judgement")
        );
        assert_eq!(did_you_mean("zzzz", ["criterion", "judgement"]), None);
    }

    #[test]
    fn near_misses_are_small_edits_of_long_names() {
        assert!(near_miss(
            "metropolitan-police-service",
            "metropolitan-police-servce"
        ));
        assert!(near_miss("kent-polcie", "kent-police"));
        assert!(!near_miss("kent-police", "essex-police"));
        assert!(!near_miss("essex-police", "sussex-police"));
        assert!(!near_miss("north-wales-police", "south-wales-police"));
        assert!(!near_miss("gwent-police", "kent-police"));
        assert!(!near_miss("ab", "ac"));
        assert!(!near_miss("force-1", "force-2"));
        assert!(!near_miss("force-10", "force-1"));
    }

    #[test]
    fn near_miss_pairs_finds_every_kind_of_edit() {
        let ids = [
            "kent-police",   // 0
            "kent-polcie",   // 1: a transposition of 0
            "kent-polic",    // 2: a deletion from 0
            "kent-polixe",   // 3: a substitution in 0
            "kennt-police",  // 4: an insertion into 0
            "essex-police",  // 5
            "sussex-police", // 6: two edits from 5
            "force-1",       // 7
            "force-2",       // 8: differs from 7 in its digits
            "kent-police",   // 9: a duplicate of 0, told apart by index
            "ab",            // 10: too short to be anyone's typo
            "ac",            // 11
        ];
        let pairs = near_miss_pairs(&ids[..]);
        assert_eq!(pairs, brute_force_pairs(&ids[..]));
        for pair in [
            (0, 1),
            (0, 2),
            (0, 3),
            (0, 4),
            (1, 9),
            (2, 9),
            (3, 9),
            (4, 9),
        ] {
            assert!(pairs.contains(&pair), "{pair:?} missing from {pairs:?}");
        }
        assert!(!pairs.contains(&(0, 9)), "an id is not a typo of itself");
        assert!(!pairs.contains(&(5, 6)));
        assert!(!pairs.contains(&(7, 8)));
        assert!(!pairs.contains(&(10, 11)));
        assert_eq!(near_miss_pairs::<[&str]>(&[]), Vec::new());
        // Found by the property below against an index without the ids themselves:
        // a deletion pair ("éaaa", "aéaaa") shares only the shorter id as a variant.
        let ids = ["éaaa", "aaa", "aéaaa"];
        assert_eq!(near_miss_pairs(&ids[..]), vec![(0, 2)]);
        assert_eq!(near_miss_pairs(&ids[..]), brute_force_pairs(&ids[..]));
    }

    /// A string one random edit (substitution, insertion, deletion or transposition of
    /// neighbours) away from `base`, or `base` itself, so that near misses are common.
    fn edited(base: String, kind: usize, at: usize, letter: char) -> String {
        let mut chars: Vec<char> = base.chars().collect();
        let at = if chars.is_empty() {
            0
        } else {
            at % chars.len()
        };
        match kind {
            0 if !chars.is_empty() => chars[at] = letter,
            1 => chars.insert(at, letter),
            2 if !chars.is_empty() => {
                chars.remove(at);
            }
            3 if at + 1 < chars.len() => chars.swap(at, at + 1),
            _ => {}
        }
        chars.into_iter().collect()
    }

    /// Random ids over a tiny alphabet with a digit and a two-byte letter, many of them
    /// edits of earlier ones.
    fn ids() -> impl Strategy<Value = Vec<String>> {
        let letter = prop::sample::select(vec!['a', 'b', 'c', '1', 'é', '-']);
        let base = prop::collection::vec(letter.clone(), 3..9)
            .prop_map(|chars| chars.into_iter().collect::<String>());
        let edit = (0usize..5, 0usize..16, letter, any::<prop::sample::Index>());
        (
            prop::collection::vec(base, 1..12),
            prop::collection::vec(edit, 0..20),
        )
            .prop_map(|(mut ids, edits)| {
                for (kind, at, letter, from) in edits {
                    let base = ids[from.index(ids.len())].clone();
                    ids.push(edited(base, kind, at, letter));
                }
                ids
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn near_miss_pairs_equals_testing_every_pair(ids in ids()) {
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            prop_assert_eq!(near_miss_pairs(&ids[..]), brute_force_pairs(&ids[..]));
        }

        #[test]
        fn near_miss_pairs_in_many_passes_equal_testing_every_pair(ids in ids()) {
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            prop_assert_eq!(pairs_in_passes(&ids[..], 7, usize::MAX).0, brute_force_pairs(&ids[..]));
        }
    }
}
