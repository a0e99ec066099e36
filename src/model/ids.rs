//! Names as people write them, made comparable: a force's id from its name, and
//! whether two cycle labels name one cycle. A leaf of the model: it imports nothing
//! of peel's, so every layer may use it.

/// Why a name or cycle label cannot be taken as written: it holds a control character,
/// which no report could show as written (CSV and tables drop it) and which would
/// make two names that look alike two forces.
pub fn control_message(what: &str, text: &str) -> Option<String> {
    let c = text.chars().find(|c| c.is_control())?;
    Some(format!(
        "{what} holds a control character (U+{:04X}); remove it",
        u32::from(c)
    ))
}

/// The default force id: ASCII letters lowercased and digits, other runs as one '-'.
pub fn slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// Whether two cycle labels name one cycle: `2021/22`, `2021-22` and `2021–22` are
/// the same cycle as people write it.
pub fn same_cycle(a: &str, b: &str) -> bool {
    let canonical = |label: &str| -> String {
        label
            .trim()
            .chars()
            .map(|c| {
                if matches!(c, '/' | '–' | '—' | ' ') {
                    '-'
                } else {
                    c
                }
            })
            .collect()
    };
    a == b || canonical(a) == canonical(b)
}
