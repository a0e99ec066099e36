//! YAML reading with the limits untrusted input needs, and located errors.

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Diagnostics};

/// Deepest nesting a peel file may have; real files need fewer than ten levels.
pub(crate) const MAX_DEPTH: usize = 64;

/// Parses `text` into `T`, rejecting duplicate keys, alias bombs and deep nesting.
pub fn from_str<T: DeserializeOwned>(path: &str, text: &str) -> Result<T, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_documents: 1,
            max_aliases: 10_000,
            max_anchors: 10_000,
        },
    };
    serde_saphyr::from_str_with_options(text, options)
        .map_err(|error| Diagnostic::from_yaml(path, text, &error).into())
}

/// Reads a list that may be written empty (`findings:` with nothing under it) as an
/// empty list, as people who write YAML by hand expect.
pub fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    use serde::Deserialize;
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}
