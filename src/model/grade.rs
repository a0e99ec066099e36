//! The five-grade scale: its order, its parsing from published wording, its names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::suggest::did_you_mean;

/// One of the five PEEL grades, ordered worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    /// Causes of concern with recommendations.
    Inadequate,
    /// Few of the characteristics of good; many areas to improve.
    RequiresImprovement,
    /// Some of the characteristics of good, with areas to improve.
    Adequate,
    /// Substantially all of the characteristics of good.
    Good,
    /// Substantially beyond the characteristics of good.
    Outstanding,
}

impl Grade {
    /// Every grade, worst first.
    pub const ALL: [Grade; 5] = [
        Grade::Inadequate,
        Grade::RequiresImprovement,
        Grade::Adequate,
        Grade::Good,
        Grade::Outstanding,
    ];

    /// The canonical snake_case word used in JSON, CSV and YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Inadequate => "inadequate",
            Grade::RequiresImprovement => "requires_improvement",
            Grade::Adequate => "adequate",
            Grade::Good => "good",
            Grade::Outstanding => "outstanding",
        }
    }

    /// The words shown to people in tables and Markdown.
    pub fn label(self) -> &'static str {
        match self {
            Grade::Inadequate => "Inadequate",
            Grade::RequiresImprovement => "Requires improvement",
            Grade::Adequate => "Adequate",
            Grade::Good => "Good",
            Grade::Outstanding => "Outstanding",
        }
    }

    /// Position on the scale, 0 for inadequate up to 4 for outstanding.
    pub fn rank(self) -> i64 {
        self as i64
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is not one of the five grades.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown grade \"{input}\"{}", suggestion.as_deref().map(|s| format!(" (did you mean \"{s}\"?)")).unwrap_or_default())]
pub struct ParseGradeError {
    input: String,
    suggestion: Option<String>,
}

/// Folds case, spaces and hyphens so that published wording matches the canonical word;
/// a word already canonical (nearly every one a program writes) is not copied.
pub(crate) fn normalise_word(input: &str) -> std::borrow::Cow<'_, str> {
    let canonical = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_';
    if input.bytes().all(canonical) {
        return std::borrow::Cow::Borrowed(input);
    }
    let folded: String = input
        .trim_matches(char::is_whitespace)
        .chars()
        .map(|c| match c {
            // A non-breaking or other look-alike space reads as the space a person sees.
            '-' => '_',
            c if c.is_whitespace() => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    std::borrow::Cow::Owned(folded)
}

impl FromStr for Grade {
    type Err = ParseGradeError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let word = normalise_word(input);
        let grade = match &*word {
            "inadequate" => Grade::Inadequate,
            "requires_improvement" | "ri" => Grade::RequiresImprovement,
            "adequate" => Grade::Adequate,
            "good" => Grade::Good,
            "outstanding" => Grade::Outstanding,
            _ => {
                let names = Grade::ALL.map(Grade::as_str);
                return Err(ParseGradeError {
                    input: input.to_string(),
                    suggestion: did_you_mean(&word, names).map(str::to_string),
                });
            }
        };
        Ok(grade)
    }
}

impl Serialize for Grade {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Grade {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_are_ordered_worst_first() {
        assert!(Grade::Inadequate < Grade::RequiresImprovement);
        assert!(Grade::RequiresImprovement < Grade::Adequate);
        assert!(Grade::Adequate < Grade::Good);
        assert!(Grade::Good < Grade::Outstanding);
    }

    #[test]
    fn every_published_spelling_parses() {
        for (text, grade) in [
            ("inadequate", Grade::Inadequate),
            ("Requires improvement", Grade::RequiresImprovement),
            ("requires-improvement", Grade::RequiresImprovement),
            ("REQUIRES_IMPROVEMENT", Grade::RequiresImprovement),
            ("RI", Grade::RequiresImprovement),
            ("ri", Grade::RequiresImprovement),
            (" Adequate ", Grade::Adequate),
            ("Good", Grade::Good),
            ("OUTSTANDING", Grade::Outstanding),
        ] {
            assert_eq!(text.parse::<Grade>().unwrap(), grade, "{text}");
        }
    }

    #[test]
    fn look_alike_spaces_read_as_spaces() {
        for text in [
            "Requires\u{a0}improvement",
            "requires\u{202f}improvement",
            "\u{a0}good\u{2007}",
        ] {
            assert!(text.parse::<Grade>().is_ok(), "{text:?}");
        }
    }

    #[test]
    fn a_near_miss_grade_suggests_the_right_word() {
        let err = "adequite".parse::<Grade>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown grade \"adequite\" (did you mean \"adequate\"?)"
        );
        let err = "excellent".parse::<Grade>().unwrap_err();
        assert_eq!(err.to_string(), "unknown grade \"excellent\"");
    }
}
