//! Layout errors of hand-typed YAML in plain words: which line to indent like which,
//! where a tab or an unclosed quote is, what a `- ` or a space is missing from.

/// Line `line` of `text` with its value put in double quotes, as the fix for text
/// holding `: ` (`note: Supervision: weak` → `note: "Supervision: weak"`).
pub(super) fn quoted_fix(text: &str, line: u64) -> Option<String> {
    let source = text
        .lines()
        .nth(usize::try_from(line.checked_sub(1)?).ok()?)?;
    let (key, value) = source.split_once(": ")?;
    let value = value.trim();
    if value.is_empty() || value.starts_with(['"', '\'']) {
        return None;
    }
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    Some(format!("`{}: \"{escaped}\"`", key.trim_start()))
}

/// Where a line's key starts (after its indentation and any `- `), and the key.
fn key_start(line: &str) -> (u64, &str) {
    let mut rest = line.trim_start_matches(' ');
    while let Some(after) = rest.strip_prefix("- ") {
        rest = after.trim_start_matches(' ');
    }
    let column = (line.len() - rest.len()) as u64;
    let key = rest.split(':').next().unwrap_or(rest).trim();
    (column, key)
}

/// A layout error of the parser's in plain words, with the line and column to point at: a
/// tab, or a line indented more or less than the lines above it allow. `None` when
/// the error is none of these.
pub(super) fn layout_message(
    text: &str,
    line: u64,
    column: u64,
    raw: &str,
) -> Option<(String, u64, u64)> {
    let index = usize::try_from(line.checked_sub(1)?).ok()?;
    if let Some(found) = slip(text, index, raw) {
        return Some(found);
    }
    let lines: Vec<&str> = text.lines().take(index + 1).collect();
    let source = *lines.get(index)?;
    let indent = (source.len() - source.trim_start_matches([' ', '\t']).len()) as u64;
    if let Some(found) = tab_message(text, source, index, raw) {
        return Some(found);
    }
    let meaningful = |l: &&str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
    let (above, above_line) = lines[..index]
        .iter()
        .enumerate()
        .rev()
        .find(|(_, l)| meaningful(l))
        .map(|(i, l)| (*l, i as u64 + 1))?;
    let (above_column, above_key) = key_start(above);
    let (own_column, _) = key_start(source);
    let first_colon = source.find(": ").map(|at| at as u64 + 1);
    // After a quoted value, the parser stops at the line's start, not its colon.
    let over = (raw.starts_with("mapping values are not allowed") && first_colon == Some(column))
        || raw.contains("did not find expected key");
    if over && source.trim_start().starts_with("- ") && indent <= above_column {
        let message = format!(
            "line {line} starts a list item (`- `) where `{above_key}` on line {above_line} has no list to add to: put the item under a key that takes a list, or remove the `- `"
        );
        return Some((message, line, indent + 1));
    }
    if over && own_column > above_column {
        let message = format!(
            "line {line} is indented {own_column} spaces, more than `{above_key}` on line {above_line} ({above_column}): indent it like line {above_line} if it belongs with `{above_key}`"
        );
        return Some((message, line, own_column + 1));
    }
    if raw.contains("did not find expected") && own_column < above_column {
        let below = lines[..index]
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, l)| meaningful(l))
            .map(|(i, l)| (i as u64 + 1, key_start(l).0))
            .find(|&(_, c)| c < own_column);
        let or_like = match below {
            Some((at, c)) => {
                format!(", or like line {at} ({c} spaces) to start a key of its own there")
            }
            None => String::new(),
        };
        let message = format!(
            "line {line} is indented {own_column} spaces, less than `{above_key}` on line {above_line} ({above_column}): indent it like line {above_line} to add to that mapping{or_like}"
        );
        return Some((message, line, own_column + 1));
    }
    None
}

/// Whether a line holds YAML, not a blank or a comment.
fn meaningful(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && !trimmed.starts_with('#')
}

/// Spaces before a line's text.
fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether a line starts a `key:` (perhaps as a list item), as the line after an
/// unclosed quote does when the quote was meant to end its own line.
fn starts_a_key(line: &str) -> bool {
    let rest = line.trim_start_matches(' ');
    let rest = rest.strip_prefix("- ").unwrap_or(rest);
    let key: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    !key.is_empty() && (rest[key.len()..].starts_with(": ") || rest[key.len()..] == *":")
}

/// The common slips of hand-typed YAML, each told where it is rather than where the
/// parser stumbled over it: `(message, line, column)`, both from 1.
fn slip(text: &str, index: usize, raw: &str) -> Option<(String, u64, u64)> {
    let lines: Vec<&str> = text.lines().collect();
    if let Some(found) = unclosed_quote(&lines, index) {
        return Some(found);
    }
    let source = *lines.get(index)?;
    let line = index as u64 + 1;
    let indent = indent_of(source);
    let rest = &source[indent..];
    // `-criterion: IC4`: a dash with no space after it is no list item.
    if rest.starts_with('-') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        let message = format!(
            "line {line} starts with `-` and no space: a list item is `- ` and then its text; put a space after the `-`"
        );
        return Some((message, line, indent as u64 + 1));
    }
    let items_above = || {
        lines[..index]
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, l)| l.trim_start_matches(' ').starts_with("- "))
            .map(|(i, l)| (i + 1, indent_of(l), *l))
    };
    // A list item whose `-` is not where the items before it put theirs.
    let about_layout = ["expected", "indentation", "not allowed"]
        .iter()
        .any(|word| raw.contains(word));
    if rest.starts_with("- ") && about_layout && !raw.starts_with("duplicate key") {
        let (at, width, _) = items_above().next()?;
        if width != indent {
            let more = if indent > width { "more" } else { "less" };
            let message = format!(
                "line {line} is a list item whose `-` is indented {indent} spaces, {more} than the item on line {at} ({width}): indent it like line {at}"
            );
            return Some((message, line, indent as u64 + 1));
        }
    }
    // A missing `- `: the first key of a new item read as a second key of the last one.
    if let Some(key) = raw
        .strip_prefix("duplicate key `")
        .and_then(|r| r.split('`').next())
        && rest.starts_with(&format!("{key}:"))
        && let Some((at, _, _)) = items_above().find(|(_, w, l)| {
            w + 2 == indent && l.trim_start()[2..].starts_with(&format!("{key}:"))
        })
    {
        let message = format!(
            "line {line} looks like a new item of the list, not a second `{key}`: start it with `- ` as line {at} does"
        );
        return Some((message, line, indent as u64 + 1));
    }
    value_slip(text, source, line, raw)
}

/// A slip in a line's value: a bracket that makes it a list, a colon with no space.
fn value_slip(text: &str, source: &str, line: u64, raw: &str) -> Option<(String, u64, u64)> {
    let indent = indent_of(source);
    let rest = &source[indent..];
    // `note: [THRIVE] used…`: a value that starts with a bracket is read as a list.
    if let Some((key, value)) = rest.strip_prefix("- ").unwrap_or(rest).split_once(": ")
        && value.trim_start().starts_with(['[', '{'])
        && !raw.starts_with("duplicate key")
        && let Some(fix) = quoted_fix(text, line)
    {
        let kind = if value.trim_start().starts_with('[') {
            "list"
        } else {
            "mapping"
        };
        let at = source.find(value.trim_start()).unwrap_or(indent);
        let column = source[..at].chars().count() as u64 + 1;
        let message = format!(
            "a value that starts with `{}` is read as a YAML {kind}; if `{key}` is text, put it in quotes: {fix}",
            &value.trim_start()[..1]
        );
        return Some((message, line, column));
    }
    // `judgement:demonstrated`: a key's colon needs a space after it.
    if let Some((key, after)) = rest.strip_prefix("- ").unwrap_or(rest).split_once(':')
        && !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && after.starts_with(|c: char| !c.is_whitespace())
        && !after.starts_with("//")
    {
        let message =
            format!("line {line}: a key's `:` needs a space after it: write `{key}: {after}`");
        return Some((message, line, indent as u64 + 1));
    }
    None
}

/// A quote that opens a value at or above line `index` and is never closed on its
/// line, where the next line starts a key: the cause of whatever the parser met after.
fn unclosed_quote(lines: &[&str], index: usize) -> Option<(String, u64, u64)> {
    for (i, line) in lines.iter().enumerate().take(index + 1) {
        let rest = line.trim_start_matches(' ');
        let rest = rest.strip_prefix("- ").unwrap_or(rest);
        let Some(value) = rest.split_once(": ").map(|(_, v)| v.trim_start()) else {
            continue;
        };
        let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        if closed(&value[1..], quote) {
            continue;
        }
        let next = lines[i + 1..].iter().find(|l| meaningful(l));
        if next.is_some_and(|l| starts_a_key(l)) {
            let column = line[..line.len() - value.len()].chars().count() + 1;
            let message = format!(
                "the quote that opens this value is never closed on its line: end the text with {quote}"
            );
            return Some((message, i as u64 + 1, column as u64));
        }
    }
    None
}

/// Whether a quoted value's text after its opening `quote` closes on the same line.
fn closed(after: &str, quote: char) -> bool {
    let mut chars = after.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('"', '"') => return true,
            ('\'', '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
            }
            ('\'', '\'') => return true,
            _ => {}
        }
    }
    false
}

/// A tab where YAML wants spaces, on line `index` or, for a plain text the parser read
/// on past its line, in the indentation of a later one.
fn tab_message(text: &str, source: &str, index: usize, raw: &str) -> Option<(String, u64, u64)> {
    let line = index as u64 + 1;
    let indent = (source.len() - source.trim_start_matches([' ', '\t']).len()) as u64;
    if let Some(tab) = source
        .find('\t')
        .filter(|&at| at as u64 <= indent || raw.contains("tab"))
    {
        let message = format!(
            "line {line} has a tab in its indentation; YAML indents with spaces only: put spaces where the tab is"
        );
        let column = source[..tab].chars().count() as u64 + 1;
        return Some((message, line, column));
    }
    if raw.contains("found a tab") {
        // A plain text that runs on to a line indented with a tab: the parser blames
        // the text's first line, but the tab is on a later one.
        let (at, tab) = text
            .lines()
            .enumerate()
            .skip(index + 1)
            .find_map(|(i, l)| {
                // A tab in the line's indentation, not one inside its text.
                let lead = &l[..l.len() - l.trim_start_matches([' ', '\t']).len()];
                lead.find('\t').map(|tab| (i as u64 + 1, tab))
            })?;
        let message = format!(
            "line {at} has a tab in its indentation; YAML indents with spaces only: put spaces where the tab is"
        );
        return Some((message, at, tab as u64 + 1));
    }
    None
}
