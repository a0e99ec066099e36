//! "Did you mean …?" for near-miss ids, keys and words.

/// The candidate closest to `input`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input_lower = input.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let score = strsim::jaro_winkler(&input_lower, &candidate.to_lowercase());
            (score, candidate)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// Whether two names are so alike that one is probably a typo of the other.
pub fn near_miss(a: &str, b: &str) -> bool {
    a != b && strsim::levenshtein(a, b) <= 2 && a.len().min(b.len()) >= 5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_candidate() {
        assert_eq!(did_you_mean("IC9", ["IC1", "PV1", "MO3"]), Some("IC1"));
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
        assert!(!near_miss("kent-police", "essex-police"));
        assert!(!near_miss("ab", "ac"));
    }
}
