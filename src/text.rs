//! Text from input files made safe to show: the lowest module, used by diagnostics
//! and every report, so neither has to import the other.

/// Removes control characters and bidirectional overrides from input text before it
/// reaches a terminal, Markdown or CSV; line breaks and tabs become spaces.
pub fn sanitise(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}
