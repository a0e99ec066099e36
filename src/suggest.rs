//! "Did you mean …?" for near-miss ids, keys and words.

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
        && a.len().min(b.len()) >= 5
        && a.len().abs_diff(b.len()) <= 1
        && digits(a) == digits(b)
        && strsim::osa_distance(a, b) <= 1
}

/// Every pair of `ids` (by position, sorted) that are near misses of each other.
pub fn near_miss_pairs(ids: &[&str]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (i, a) in ids.iter().enumerate() {
        for (j, b) in ids.iter().enumerate().skip(i + 1) {
            if near_miss(a, b) {
                pairs.push((i, j));
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
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
}
