//! Reading on past a YAML syntax error, for `check`: one tab or misplaced line must
//! not hide every other problem of the file.
//!
//! The parser stops at the first syntax error. To find the file's other problems,
//! `check` mends the line it stopped at (indents it like a line above, or leaves it
//! out) and reads the file again, up to [`MAX_MENDS`] times. What the mended file still
//! holds wrong is reported too, except what the mending itself could have caused (a
//! problem on a mended line, or a key missing where a line was left out); the message
//! of each syntax error says how the rest was read, or that it was not.

use crate::diag::{Diagnostic, Diagnostics, Position};
use crate::read::yaml;

/// Syntax errors mended in one file before the rest of it is left unchecked.
const MAX_MENDS: usize = 20;

/// The largest file read on past a syntax error: hand-typed files are far smaller.
const MAX_MENDED_BYTES: usize = 1 << 20;

/// How a line was mended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mend {
    /// Indented like another line (with the lines it holds).
    Indented,
    /// Left out, with the lines it holds.
    LeftOut { from: usize, to: usize },
}

/// Every problem of `text` past its first syntax error `first`: the syntax errors met
/// as the file is mended, then what `validate` finds in the mended file (its problems,
/// or its warnings when it has none).
pub(crate) fn past_syntax_errors(
    path: &str,
    text: &str,
    first: Diagnostic,
    validate: impl Fn(&str) -> Result<Vec<Diagnostic>, Diagnostics>,
) -> Vec<Diagnostic> {
    let original: Vec<&str> = text.split('\n').collect();
    let mut lines: Vec<String> = original.iter().map(|l| l.to_string()).collect();
    let mut problems = Vec::new();
    let mut mended: Vec<usize> = Vec::new();
    // The keys of the lines left out: a key missing because it was left out is the
    // mending's doing, not the file's.
    let mut left_out_keys: Vec<String> = Vec::new();
    let mut current = first;
    for _ in 0..MAX_MENDS {
        let Some(line) = line_of(&current) else {
            problems.push(current);
            return problems;
        };
        let Some((next, mend, after)) = mend_one(path, &lines, line, &current.message) else {
            current
                .message
                .push_str("; the file was not checked past this line");
            problems.push(current);
            return problems;
        };
        current.message.push_str(&match mend {
            Mend::Indented => {
                format!("; the rest of the file was checked as if line {line} were fixed")
            }
            Mend::LeftOut { from, to } if from == to => {
                format!("; the rest of the file was checked without line {from}")
            }
            Mend::LeftOut { from, to } => {
                format!("; the rest of the file was checked without lines {from}–{to}")
            }
        });
        problems.push(current);
        if let Mend::LeftOut { from, to } = mend {
            left_out_keys.extend(lines[from - 1..to].iter().filter_map(|l| key_of(l)));
        }
        mended.push(line);
        lines = next;
        match after {
            Some(error) => current = error,
            None => {
                let mended_text = lines.join("\n");
                let found = match validate(&mended_text) {
                    Ok(warnings) => warnings,
                    Err(found) => found.0,
                };
                problems.extend(found.into_iter().filter_map(|problem| {
                    let missing = left_out_keys
                        .iter()
                        .any(|key| problem.message.starts_with(&format!("missing key `{key}`")));
                    match line_of(&problem) {
                        _ if missing => None,
                        Some(at) if mended.contains(&at) => {
                            as_written(path, original.get(at - 1)?, &lines[at - 1], problem)
                        }
                        _ => Some(problem),
                    }
                }));
                return problems;
            }
        }
    }
    current.message.push_str(&format!(
        "; the file was not checked past this line ({MAX_MENDS} syntax errors before it)"
    ));
    problems.push(current);
    problems
}

/// A loader's answer to `text`, and where the YAML does not parse, every problem
/// [`past_syntax_errors`] finds: what `check` reads each YAML file with.
pub(crate) fn checked<T>(
    path: &str,
    text: &str,
    load: impl Fn(&str) -> Result<T, Diagnostics>,
    warnings: impl Fn(&T) -> Vec<Diagnostic>,
) -> Result<T, Diagnostics> {
    let found = match load(text) {
        Ok(loaded) => return Ok(loaded),
        Err(found) => found,
    };
    // Only a file that fails pays for a second parse, to tell a syntax error apart.
    let Err(mut syntax) = yaml::parse(path, text) else {
        return Err(found);
    };
    let first = syntax.0.remove(0);
    if first.message.starts_with("the file is empty") {
        return Err(found);
    }
    // Each mend reads the file again: past this size, say so rather than take minutes.
    if text.len() > MAX_MENDED_BYTES {
        let mut problems = found.0;
        if let Some(error) = problems.iter_mut().find(|d| !d.warning) {
            error.message.push_str(
                "; the file was not checked past this line (too large to read on past a syntax error)",
            );
        }
        return Err(Diagnostics(problems));
    }
    let mut problems = past_syntax_errors(path, text, first, |mended| {
        load(mended).map(|loaded| warnings(&loaded))
    });
    // Warnings found before the parser stopped still ride along.
    problems.extend(found.0.into_iter().filter(|d| d.warning));
    Err(Diagnostics(problems))
}

/// A problem found on a line that was only indented anew, placed on the line as
/// written; `None` for a line changed otherwise (a quote closed), whose problems may
/// be the mending's own.
fn as_written(path: &str, written: &str, mended: &str, problem: Diagnostic) -> Option<Diagnostic> {
    let body = |l: &str| l.trim_start_matches([' ', '\t']).to_string();
    if body(written) != body(mended) {
        return None;
    }
    let Position::LineColumn { line, column } = problem.position else {
        return Some(problem);
    };
    let lead = |l: &str| (l.len() - body(l).len()) as i64;
    let column = (column as i64 - lead(mended) + lead(written)).max(1) as u64;
    let diagnostic = Diagnostic::at_line(path, line, column, problem.message).with_source(written);
    Some(if problem.warning {
        diagnostic.into_warning()
    } else {
        diagnostic
    })
}

/// The line of a located problem.
fn line_of(problem: &Diagnostic) -> Option<usize> {
    match problem.position {
        Position::LineColumn { line, .. } => usize::try_from(line).ok(),
        _ => None,
    }
}

/// `lines` with line `line` mended so that the parser gets past it: the mended lines,
/// how, and the next syntax error (`None` when the file now parses).
fn mend_one(
    path: &str,
    lines: &[String],
    line: usize,
    message: &str,
) -> Option<(Vec<String>, Mend, Option<Diagnostic>)> {
    let index = line.checked_sub(1)?;
    if index >= lines.len() {
        return None;
    }
    // Mends that keep the line (fixed as its message says, or indented like another)
    // are tried before those that leave it out, alone or with what it holds.
    let mut tiers: Vec<Vec<(Vec<String>, Mend)>> = vec![Vec::new(), Vec::new()];
    if let Some(fixed) = fixed_as_told(&lines[index], message) {
        let mut next = lines.to_vec();
        next[index] = fixed;
        tiers[0].push((next, Mend::Indented));
    }
    let layout = message.contains("indented") || message.contains("tab in its indentation");
    if layout {
        for width in indents_above(lines, index) {
            tiers[0].push((indent_block(lines, index, width), Mend::Indented));
            tiers[0].push((indent_line(lines, index, width), Mend::Indented));
        }
    }
    let end = block_end(lines, index);
    // A line that holds others is left out with them: its indented lines would fold
    // into the value above it.
    if end == index {
        let mend = Mend::LeftOut {
            from: line,
            to: line,
        };
        tiers[1].push((blank(lines, index, index), mend));
    }
    if end > index {
        let mend = Mend::LeftOut {
            from: line,
            to: end + 1,
        };
        tiers[1].push((blank(lines, index, end), mend));
    }
    tiers
        .into_iter()
        .find_map(|candidates| best_mend(path, line, candidates))
}

/// Of `candidates`, the first after which the file parses; else the one that takes the
/// parser furthest, if any takes it past line `line`.
fn best_mend(
    path: &str,
    line: usize,
    candidates: Vec<(Vec<String>, Mend)>,
) -> Option<(Vec<String>, Mend, Option<Diagnostic>)> {
    let mut best: Option<(Vec<String>, Mend, Diagnostic)> = None;
    for (next, mend) in candidates {
        match yaml::parse(path, &next.join("\n")) {
            Ok(_) => return Some((next, mend, None)),
            Err(found) => {
                let Some(error) = found.0.into_iter().next() else {
                    continue;
                };
                let reached = line_of(&error).unwrap_or(0);
                let further = best
                    .as_ref()
                    .map_or(line, |(_, _, b)| line_of(b).unwrap_or(0));
                if reached > further {
                    best = Some((next, mend, error));
                }
            }
        }
    }
    best.map(|(next, mend, error)| (next, mend, Some(error)))
}

/// Line `line` mended as its message says to: a quote closed, a `- ` or a space put
/// where it was missing.
fn fixed_as_told(line: &str, message: &str) -> Option<String> {
    let indent = indent_of(line);
    let (lead, rest) = line.split_at(indent);
    if message.contains("quote that opens this value is never closed") {
        let body = line.trim_end();
        let (_, value) = body.split_once(": ")?;
        let quote = value.trim_start().chars().next()?;
        return Some(format!("{body}{quote}"));
    }
    // "…put it in quotes: `note: \"[THRIVE] used\"`": the fix the message gives.
    if let Some((_, fix)) = message
        .split_once("in quotes: `")
        .and_then(|(before, fix)| Some((before, fix.strip_suffix('`')?)))
    {
        let dash = if rest.starts_with("- ") { "- " } else { "" };
        return Some(format!("{lead}{dash}{fix}"));
    }
    if message.contains("starts with `-` and no space") {
        return Some(format!("{lead}- {}", &rest[1..]));
    }
    if message.contains("looks like a new item of the list") {
        return Some(format!("{}- {rest}", " ".repeat(indent.saturating_sub(2))));
    }
    if message.contains("needs a space after it: write") {
        let (key, after) = rest.split_once(':')?;
        return Some(format!("{lead}{key}: {after}"));
    }
    None
}

/// How far a line is indented, a tab counting as one.
fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// The key a line starts, if it starts one (`- criterion: IC1` → `criterion`).
fn key_of(line: &str) -> Option<String> {
    let rest = line.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix("- ").unwrap_or(rest);
    let (key, _) = rest.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}

/// Whether a line holds YAML, not a blank or a comment.
fn meaningful(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && !trimmed.starts_with('#')
}

/// Indentations tried for a misplaced line: the nearest few above it.
const INDENTS_TRIED: usize = 6;

/// The indentations of the lines above line `index`, nearest first, each once.
fn indents_above(lines: &[String], index: usize) -> Vec<usize> {
    let own = indent_of(&lines[index]);
    let mut widths = Vec::new();
    for line in lines[..index].iter().rev().filter(|l| meaningful(l)) {
        let width = line.len() - line.trim_start_matches(' ').len();
        // A list item's key (after its `- `), then its dash.
        let key = line[width..].starts_with("- ").then_some(width + 2);
        for width in key.into_iter().chain([width]) {
            if !line.starts_with('\t') && width != own && !widths.contains(&width) {
                widths.push(width);
            }
        }
        if widths.len() == INDENTS_TRIED {
            break;
        }
    }
    widths
}

/// The last line of what line `index` holds: the lines after it indented further.
fn block_end(lines: &[String], index: usize) -> usize {
    let own = indent_of(&lines[index]);
    let mut end = index;
    for (i, line) in lines.iter().enumerate().skip(index + 1) {
        if !meaningful(line) {
            continue;
        }
        if indent_of(line) <= own {
            break;
        }
        end = i;
    }
    end
}

/// `lines` with line `index` indented `width` spaces.
fn indent_line(lines: &[String], index: usize, width: usize) -> Vec<String> {
    let mut next = lines.to_vec();
    let body = lines[index].trim_start_matches([' ', '\t']);
    next[index] = format!("{}{body}", " ".repeat(width));
    next
}

/// `lines` with line `index` indented `width` spaces, and the lines it holds moved by
/// as much.
fn indent_block(lines: &[String], index: usize, width: usize) -> Vec<String> {
    let own = indent_of(&lines[index]);
    let mut next = indent_line(lines, index, width);
    // What the line holds ends where a line is indented no further than the line was
    // or is to be: a sibling already in its place is not moved with it.
    let floor = own.max(width);
    for i in index + 1..lines.len() {
        let line = &lines[i];
        if !meaningful(line) {
            continue;
        }
        if indent_of(line) <= floor {
            break;
        }
        let body = line.trim_start_matches([' ', '\t']);
        let moved = (indent_of(line) + width).saturating_sub(own);
        next[i] = format!("{}{body}", " ".repeat(moved));
    }
    next
}

/// `lines` with lines `from` to `to` (indexes) left empty, so that every other line
/// keeps its number.
fn blank(lines: &[String], from: usize, to: usize) -> Vec<String> {
    let mut next = lines.to_vec();
    for line in &mut next[from..=to] {
        line.clear();
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error(text: &str) -> Diagnostic {
        yaml::parse("f.yaml", text).unwrap_err().0.remove(0)
    }

    fn all(text: &str) -> Vec<String> {
        let validate = |mended: &str| {
            let root = yaml::parse("f.yaml", mended)?;
            // A stand-in for a loader: every value `bad` is a problem.
            let bad: Vec<Diagnostic> = mended
                .lines()
                .enumerate()
                .filter(|(_, l)| l.trim_end().ends_with(": bad"))
                .map(|(i, l)| Diagnostic::at_line("f.yaml", i as u64 + 1, 1, l.trim()))
                .collect();
            drop(root);
            if bad.is_empty() {
                Ok(Vec::new())
            } else {
                Err(Diagnostics(bad))
            }
        };
        past_syntax_errors("f.yaml", text, first_error(text), validate)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_tab_does_not_hide_a_later_problem() {
        let found = all("a:\n  b: 1\n\tc: 2\nd: bad\n");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].contains("f.yaml:3:1"), "{}", found[0]);
        assert!(found[0].contains("as if line 3 were fixed"), "{}", found[0]);
        assert!(found[1].contains("f.yaml:4:1: d: bad"), "{}", found[1]);
    }

    #[test]
    fn an_over_indented_block_is_one_problem() {
        let found = all("a:\n  b: 1\n    c:\n      d: 2\ne: bad\n");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[1].contains(":5:1: e: bad"), "{found:#?}");
    }

    #[test]
    fn a_duplicate_key_is_left_out_and_the_rest_read() {
        let found = all("a: 1\nb: 2\na: 3\nc: bad\n");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].contains("duplicate key"), "{}", found[0]);
        assert!(found[0].contains("without line 3"), "{}", found[0]);
    }

    #[test]
    fn two_syntax_errors_are_both_told() {
        let found = all("a:\n\tb: 1\nc: 2\nc: 3\nd: bad\n");
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[1].contains("duplicate key `c`"), "{}", found[1]);
    }

    #[test]
    fn an_unclosed_quote_is_closed_and_the_rest_read() {
        let found = all("a: \"never closed\nb: bad\n");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].contains("never closed on its line"),
            "{}",
            found[0]
        );
        assert!(found[0].contains("as if line 1 were fixed"), "{}", found[0]);
        assert!(found[1].contains(":2:1: b: bad"), "{}", found[1]);
    }

    #[test]
    fn what_cannot_be_mended_says_so() {
        let found = all("a: [1, 2\nb: 3\nc: bad\n");
        let last = found.last().unwrap();
        assert!(last.contains("not checked past this line"), "{found:#?}");
        assert!(!found.iter().any(|f| f.contains("c: bad")), "{found:#?}");
    }
}
