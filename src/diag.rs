//! Located problems in input files, and how they are shown to people.
//!
//! Every loader reports problems as [`Diagnostic`]s so that `grade` and `check`
//! print the same `path:line:column: message` text, with the source line and a caret.

use std::fmt;

use crate::location::Location;

use crate::suggest::did_you_mean;

mod layout;
mod parser;

/// Where in a file a problem is: a line and column, or the path to the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// A line and column, both counted from 1.
    LineColumn {
        /// Line, from 1.
        line: u64,
        /// Column in characters, from 1.
        column: u64,
    },
    /// A path to the value such as `judgements[3].criterion`, where no line is known.
    Field(String),
    /// The file as a whole.
    File,
}

/// Most problems told of one file; past this, a count of the rest.
pub const MAX_PROBLEMS_PER_FILE: usize = 100;

/// Most characters of a source line a problem quotes.
pub const EXCERPT_CHARS: usize = 120;

/// The text of the line a location is on: found from its byte offset where known, so
/// that many problems in one file do not each walk the file from its start.
fn source_line(text: &str, location: Location) -> Option<&str> {
    match location.byte_range() {
        Some((start, _)) if start <= text.len() && text.is_char_boundary(start) => {
            let from = text[..start].rfind('\n').map_or(0, |at| at + 1);
            let to = text[start..].find('\n').map_or(text.len(), |at| start + at);
            Some(text[from..to].trim_end_matches('\r'))
        }
        _ => text
            .lines()
            .nth(usize::try_from(location.line().checked_sub(1)?).ok()?),
    }
}

/// At most [`EXCERPT_CHARS`] of `line` around `column`, "…" where cut, and the
/// column in it of the character at `column` (`None` when the line is whole).
fn excerpt(line: &str, column: u64) -> (String, Option<u64>) {
    let count = line.chars().count();
    if count <= EXCERPT_CHARS {
        return (line.to_string(), None);
    }
    let at = usize::try_from(column)
        .unwrap_or(1)
        .saturating_sub(1)
        .min(count);
    let start = at
        .saturating_sub(EXCERPT_CHARS / 2)
        .min(count - EXCERPT_CHARS);
    let end = start + EXCERPT_CHARS;
    let mut window: String = if start > 0 {
        "…".into()
    } else {
        String::new()
    };
    window.extend(line.chars().skip(start).take(EXCERPT_CHARS));
    if end < count {
        window.push('…');
    }
    let caret = at - start + 1 + usize::from(start > 0);
    (window, Some(caret as u64))
}

/// One problem found in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file's path as the user gave it (or `<stdin>`).
    pub path: String,
    /// Where in the file.
    pub position: Position,
    /// What is wrong, in words.
    pub message: String,
    /// The source line at the position, for the caret display: at most
    /// [`EXCERPT_CHARS`] of it around the column, "…" where it is cut.
    pub source_line: Option<String>,
    /// The caret's column in `source_line`, from 1, where the line was cut.
    pub source_caret: Option<u64>,
    /// A warning rides along with a file's problems, so that a file that fails is
    /// still told everything in one run; it is never a problem itself.
    pub warning: bool,
}

impl Diagnostic {
    /// The same, as a warning: likely not what was meant, but not wrong.
    pub fn into_warning(mut self) -> Self {
        self.warning = true;
        self
    }

    /// A problem with the file as a whole (missing, unreadable, empty).
    pub fn file(path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            position: Position::File,
            message: message.into(),
            source_line: None,
            source_caret: None,
            warning: false,
        }
    }

    /// A problem at a YAML location, quoting the line from `text`.
    pub fn at(path: &str, text: &str, location: Location, message: impl Into<String>) -> Self {
        if location == Location::UNKNOWN || location.line() == 0 {
            return Diagnostic::file(path, message);
        }
        let line = location.line();
        let source = source_line(text, location);
        // The parser can place an error past the end of its line (in a quoted text
        // that runs on): point at the line's end instead.
        let width = source.map_or(u64::MAX, |s| s.chars().count() as u64 + 1);
        let column = location.column().clamp(1, width);
        let diagnostic = Diagnostic::at_line(path, line, column, message);
        match source {
            Some(source) => diagnostic.with_source(source),
            None => diagnostic,
        }
    }

    /// The same, quoting `line` (the whole source line) around the column: a window of
    /// it, so that a problem on a line of megabytes does not hold or print them all.
    pub fn with_source(mut self, line: &str) -> Self {
        let column = match self.position {
            Position::LineColumn { column, .. } => column,
            _ => 1,
        };
        let (excerpt, caret) = excerpt(line, column);
        self.source_line = Some(excerpt);
        self.source_caret = caret;
        self
    }

    /// The note that stands for the problems of a file past the first
    /// [`MAX_PROBLEMS_PER_FILE`].
    pub fn more_problems(path: &str, more: usize) -> Self {
        let noun = if more == 1 { "problem" } else { "problems" };
        Diagnostic::file(
            path,
            format!(
                "… and {more} more {noun} in this file (the first {MAX_PROBLEMS_PER_FILE} are shown)"
            ),
        )
    }

    /// A problem at a line and column of a file that has no YAML source to quote (CSV).
    pub fn at_line(path: &str, line: u64, column: u64, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            position: Position::LineColumn { line, column },
            message: message.into(),
            source_line: None,
            source_caret: None,
            warning: false,
        }
    }

    /// A problem at a value found by its path, where no line is known.
    pub fn field(path: &str, field: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            position: Position::Field(field.into()),
            message: message.into(),
            source_line: None,
            source_caret: None,
            warning: false,
        }
    }

    /// Turns a YAML parse error into a located problem with a helpful message.
    pub fn from_yaml(path: &str, text: &str, error: &serde_saphyr::Error) -> Self {
        let mut message = yaml_message(error);
        if let Some(location) = error.location()
            && let Some((plain, line, column)) =
                layout::layout_message(text, location.line(), location.column(), &message)
        {
            let at = crate::location::Location::new(
                usize::try_from(line).unwrap_or(usize::MAX),
                usize::try_from(column).unwrap_or(usize::MAX),
                None,
            );
            return Diagnostic::at(path, text, at, plain);
        }
        if message.starts_with("mapping values are not allowed")
            && let Some(location) = error.location()
            && let Some(fix) = layout::quoted_fix(text, location.line())
        {
            message = format!(
                "a `: ` inside plain text makes YAML read a new key; put the text in quotes: {fix}"
            );
        }
        // The parser's own sentence, said in plain words with a fix.
        if let Some(words) = parser::plain_words(&message) {
            message = words;
        }
        match error.location() {
            Some(location) => Diagnostic::at(path, text, location.into(), message),
            None => Diagnostic::file(path, message),
        }
    }

    /// The source line and a caret under the column, when both are known.
    pub fn snippet(&self) -> Option<String> {
        let (Position::LineColumn { line, column }, Some(source)) =
            (&self.position, &self.source_line)
        else {
            return None;
        };
        let source = crate::text::sanitise(source);
        let gutter = " ".repeat(line.to_string().len());
        let caret = self.source_caret.unwrap_or(*column);
        let pad: String = source
            .chars()
            .take(usize::try_from(caret).unwrap_or(1).saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        Some(format!("{gutter} |\n{line} | {source}\n{gutter} | {pad}^"))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = crate::text::sanitise(&self.path);
        let message = crate::text::sanitise(&self.message);
        match &self.position {
            Position::LineColumn { line, column } => write!(f, "{path}:{line}:{column}: {message}"),
            Position::Field(field) => write!(f, "{path}: {field}: {message}"),
            // A note about a whole run names no file.
            Position::File if path.is_empty() => write!(f, "{message}"),
            Position::File => write!(f, "{path}: {message}"),
        }
    }
}

/// Every problem found in a run's input; the error that makes the run exit 1.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            // Every line a person reads starts by saying what it is, as compilers do.
            let kind = if diagnostic.warning {
                "warning"
            } else {
                "error"
            };
            write!(f, "{kind}: {diagnostic}")?;
            if let Some(snippet) = diagnostic.snippet() {
                write!(f, "\n{snippet}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

/// What `peel check` found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckReport {
    /// How many files were checked.
    pub files: usize,
    /// Every problem, file by file.
    pub problems: Vec<Diagnostic>,
    /// Warnings that are not problems, such as a near-miss force name, located.
    pub warnings: Vec<Diagnostic>,
}

impl CheckReport {
    /// "checked 3 files: 2 problems in 1 file" or "checked 3 files: no problems".
    pub fn summary_line(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        if self.problems.is_empty() {
            return format!("checked {}: no problems", plural(self.files, "file"));
        }
        let files: std::collections::BTreeSet<&str> =
            self.problems.iter().map(|p| p.path.as_str()).collect();
        format!(
            "checked {}: {} in {}",
            plural(self.files, "file"),
            plural(self.problems.len(), "problem"),
            plural(files.len(), "file")
        )
    }
}

/// The parser's message without its location suffix, reworded where it helps.
fn yaml_message(error: &serde_saphyr::Error) -> String {
    let raw = error.without_snippet().to_string();
    let message = strip_location_suffix(&raw);
    if let Some(key) = message
        .strip_prefix("duplicate mapping key: ")
        .and_then(|rest| rest.split(", set DuplicateKeyPolicy").next())
    {
        return format!("duplicate key `{key}` (a key may appear only once in a mapping)");
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("missing key {field}: this mapping needs it");
    }
    if let Some(breach) = message.strip_prefix("budget breached: ") {
        return budget_message(breach);
    }
    if message.starts_with("cannot deserialize null into string") {
        return "a value is needed here, but there is none".to_string();
    }
    if message.starts_with("unexpected end of input") {
        return "the file is empty: expected a YAML mapping".to_string();
    }
    if message == "expected mapping start" {
        return "expected a mapping (`key: value` lines) here".to_string();
    }
    if let Some(improved) = suggest_for_unknown(message) {
        return improved;
    }
    message.to_string()
}

/// Words for a breached parsing budget, which guards against hostile files.
fn budget_message(breach: &str) -> String {
    let kind = breach.split([' ', '{']).next().unwrap_or(breach);
    match kind {
        "Documents" => {
            "the file holds more than one YAML document (`---`); give one per file".to_string()
        }
        "Depth" => format!("the file nests deeper than the {MAX_DEPTH} levels peel allows"),
        "Aliases" | "Anchors" => {
            "the file uses more YAML aliases or anchors than peel allows (an alias bomb?)"
                .to_string()
        }
        _ => format!("the file is larger or more complex than peel allows ({breach})"),
    }
}

/// Deepest nesting a peel file may have; real files need fewer than ten levels. The
/// parser's budget and the message that tells of a breach both read it here.
pub(crate) const MAX_DEPTH: usize = 64;

fn strip_location_suffix(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(index) if message[index..].contains(", column ") => &message[..index],
        _ => message,
    }
}

/// Adds a did-you-mean to serde's "unknown field/variant `x`, expected one of …".
fn suggest_for_unknown(message: &str) -> Option<String> {
    let (kind, rest) = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix).map(|rest| (*prefix, rest)))?;
    let (name, tail) = rest.split_once('`')?;
    let expected = tail
        .strip_prefix(", expected one of ")
        .or_else(|| tail.strip_prefix(", expected "))?;
    let candidates: Vec<&str> = expected
        .split(", ")
        .map(|c| c.trim().trim_matches('`'))
        .collect();
    // serde's "variant" means a value from a fixed list, such as a finding's kind.
    let what = if kind.contains("field") {
        "key"
    } else {
        "value"
    };
    let list = candidates.join(", ");
    Some(match did_you_mean(name, candidates.iter().copied()) {
        Some(best) => {
            format!("unknown {what} `{name}` (did you mean `{best}`?); expected one of {list}")
        }
        None => format!("unknown {what} `{name}`; expected one of {list}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_get_a_suggestion() {
        assert_eq!(
            suggest_for_unknown(
                "unknown field `judgment`, expected one of criterion, judgement, note"
            )
            .unwrap(),
            "unknown key `judgment` (did you mean `judgement`?); expected one of criterion, judgement, note"
        );
    }

    #[test]
    fn location_suffix_is_removed() {
        assert_eq!(
            strip_location_suffix("bad thing at line 4, column 5"),
            "bad thing"
        );
        assert_eq!(strip_location_suffix("bad thing"), "bad thing");
    }

    #[test]
    fn snippet_puts_the_caret_under_the_column() {
        let d = Diagnostic {
            path: "a.yaml".into(),
            position: Position::LineColumn { line: 4, column: 5 },
            message: "m".into(),
            source_line: Some("    judgment: partly".into()),
            source_caret: None,
            warning: false,
        };
        assert_eq!(
            d.snippet().unwrap(),
            "  |\n4 |     judgment: partly\n  |     ^"
        );
    }

    #[test]
    fn a_long_line_is_quoted_in_a_window_with_the_caret_on_its_column() {
        let line = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let text = format!("first\n{line}\nlast\n");
        // Column 5001 of line 2 is the X; its byte offset is found without a walk.
        let at = Location::new(2, 5001, Some((6 + 5000, 6 + 5001)));
        let d = Diagnostic::at("f.yaml", &text, at, "here");
        assert_eq!(
            d.to_string(),
            "f.yaml:2:5001: here",
            "the real column is told"
        );
        let snippet = d.snippet().unwrap();
        let lines: Vec<&str> = snippet.lines().collect();
        assert_eq!(lines[1].chars().count(), "2 | ".len() + EXCERPT_CHARS + 2);
        assert!(
            lines[1].starts_with("2 | …a") && lines[1].ends_with("b…"),
            "{snippet}"
        );
        let caret = lines[2].chars().count() - 1;
        assert_eq!(lines[1].chars().nth(caret), Some('X'), "{snippet}");
        let short = Diagnostic::at("f.yaml", "a: b\n", Location::new(1, 4, Some((3, 4))), "m");
        assert_eq!(short.snippet().unwrap(), "  |\n1 | a: b\n  |    ^");
    }
}
