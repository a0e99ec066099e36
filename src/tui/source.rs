//! An evidence file's text and where its parts lie in it, so that a save changes only
//! what the inspector changed: a judgement's word, a note, a new entry or finding.
//! Everything else (comments, order, quoting, moderation) stays byte for byte. Pure:
//! takes text, gives text.

use std::collections::HashMap;

use crate::model::evidence::{FindingKind, Judgement};
use crate::model::rubric::Rubric;
use crate::read::yaml::{self, Node, Value};
use crate::tui::draft::{Draft, Judged};

/// A byte range of the text.
type Span = (usize, usize);

/// A key and its scalar value in a mapping.
#[derive(Debug, Clone, Copy)]
struct Pair {
    /// The key's text.
    key: Span,
    /// The value's text.
    value: Span,
}

/// One entry of the judgements list.
#[derive(Debug, Clone)]
struct Item {
    /// Where the entry's first key starts.
    first: usize,
    /// Where the entry's text ends, through its last line.
    end: usize,
    /// The column (from 0) its keys start at, for a new key of a block mapping.
    indent: usize,
    /// Whether it is written `{ ... }`.
    flow: bool,
    /// Its `judgement:`.
    judgement: Pair,
    /// Its `note:`, if any.
    note: Option<Pair>,
}

/// Where a list (`judgements:` or `findings:`) is written, and so how to add to it.
#[derive(Debug, Clone)]
enum List {
    /// No such key: a new one goes at the end of the file.
    Absent,
    /// The key with nothing, or `[]`, after it: items go on the lines after the key's
    /// line, indented past `indent`; `brackets` is the `[]` to take away.
    Empty {
        after: usize,
        indent: usize,
        brackets: Option<Span>,
    },
    /// A block list whose items start at column `dash`; a new one goes at `end`.
    Block { dash: usize, end: usize },
    /// A list written `[ ... ]` with items: peel does not add to it.
    Flow,
}

/// Why a save would not write the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

/// An evidence file's text, read for editing in place.
#[derive(Debug, Clone)]
pub struct Source {
    text: String,
    /// Each criterion's entry by its position in the rubric: the one grading takes.
    items: HashMap<usize, Item>,
    judgements: List,
    findings: List,
    /// The file's comments in order, each as written.
    comments: Vec<String>,
}

impl Source {
    /// The text of an evidence file that peel read without problems, against `rubric`.
    pub fn new(path: &str, text: &str, rubric: &Rubric) -> Result<Source, Refusal> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
        let root = yaml::parse(path, &text)
            .map_err(|_| Refusal("the file no longer parses as YAML".to_string()))?;
        let Value::Map(entries) = &root.value else {
            return Err(Refusal("the file is not a YAML mapping".to_string()));
        };
        let get = |key: &str| entries.iter().find(|(k, _)| text_of(k) == Some(key));
        let mut items = HashMap::new();
        if let Some((
            _,
            Node {
                value: Value::List(list),
                ..
            },
        )) = get("judgements")
        {
            for node in list {
                let Some((index, judgement, item)) = item(&text, node, rubric) else {
                    continue;
                };
                let keep = match items.get(&index) {
                    Some((first, _)) => *first == Judgement::NotAssessed,
                    None => true,
                };
                if keep {
                    items.insert(index, (judgement, item));
                }
            }
        }
        let comments = comments(&text, &root);
        Ok(Source {
            items: items.into_iter().map(|(k, (_, item))| (k, item)).collect(),
            judgements: list(&text, get("judgements")),
            findings: list(&text, get("findings")),
            comments,
            text,
        })
    }

    /// The text as read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The file's text with `draft`'s changes from `before` written in: a judgement's
    /// word replaced, a note replaced, added or taken out, a criterion judged for the
    /// first time added to the judgements in rubric order, a new finding added at the
    /// end. A change that cannot be written without rewriting what the inspector wrote
    /// is refused, saying why.
    pub fn edited(&self, before: &Draft, draft: &Draft) -> Result<String, Refusal> {
        let mut edits: Vec<Edit> = Vec::new();
        let mut added: Vec<(usize, &Judged)> = Vec::new();
        for (index, (old, new)) in before.judged.iter().zip(&draft.judged).enumerate() {
            if old == new {
                continue;
            }
            let Some(new) = new else { continue };
            match self.items.get(&index) {
                Some(item) => self.edit_item(item, old.as_ref(), new, &mut edits),
                None => added.push((index, new)),
            }
        }
        if !added.is_empty() {
            self.add_judgements(&added, draft, &mut edits)?;
        }
        let new_findings = draft.findings.get(before.findings.len()..).unwrap_or(&[]);
        if !new_findings.is_empty() {
            let lines: Vec<String> = new_findings
                .iter()
                .map(|f| finding_lines(f.kind, &f.area, &f.text))
                .collect();
            self.add_items(&self.findings, "findings", &lines, &mut edits)?;
        }
        Ok(apply(&self.text, edits))
    }

    /// Writes a changed judgement and note into the entry `item`.
    fn edit_item(&self, item: &Item, old: Option<&Judged>, new: &Judged, edits: &mut Vec<Edit>) {
        let old_judgement = old.map(|j| j.judgement);
        if old_judgement != Some(new.judgement) {
            edits.push(Edit::replace(item.judgement.value, new.judgement.as_str()));
        }
        let old_note = old.and_then(|j| j.note.as_deref());
        if old_note == new.note.as_deref() {
            return;
        }
        match (&item.note, &new.note) {
            (Some(pair), Some(note)) => {
                // A block scalar's text ends with its line's newline: kept.
                let newline = if self.text[..pair.value.1].ends_with('\n') {
                    "\n"
                } else {
                    ""
                };
                edits.push(Edit::replace(
                    (pair.key.1, pair.value.1),
                    &format!(": {}{newline}", quoted(note)),
                ));
            }
            (Some(pair), None) => edits.push(self.take_out(item, pair)),
            (None, Some(note)) if item.flow => {
                let at = item.judgement.value.1;
                edits.push(Edit::insert(at, &format!(", note: {}", quoted(note))));
            }
            (None, Some(note)) => {
                let at = line_after(&self.text, item.judgement.value.1);
                let line = format!("{}note: {}\n", " ".repeat(item.indent), quoted(note));
                edits.push(Edit::insert(at, &line));
            }
            (None, None) => {}
        }
    }

    /// Takes a note out of its entry: its whole line where it has one to itself, or
    /// else an empty note in its place.
    fn take_out(&self, item: &Item, pair: &Pair) -> Edit {
        let start = line_start(&self.text, pair.key.0);
        let own_line = !item.flow
            && self.text[start..pair.key.0].chars().all(|c| c == ' ')
            && pair.key.0 - start == item.indent
            && pair.key.0 != item.judgement.key.0
            && self.text[pair.value.1..line_end(&self.text, pair.value.1)]
                .trim()
                .is_empty();
        if own_line && item.first < pair.key.0 {
            Edit::replace((start, line_after(&self.text, pair.value.1)), "")
        } else {
            let newline = if self.text[..pair.value.1].ends_with('\n') {
                "\n"
            } else {
                ""
            };
            Edit::replace((pair.key.1, pair.value.1), &format!(": \"\"{newline}"))
        }
    }

    /// Adds entries for criteria the file had none for, each after the entry of the
    /// criterion before it in the rubric (or with the first entries where none is).
    fn add_judgements(
        &self,
        added: &[(usize, &Judged)],
        draft: &Draft,
        edits: &mut Vec<Edit>,
    ) -> Result<(), Refusal> {
        let id = |index: usize| {
            u32::try_from(index)
                .ok()
                .and_then(|i| draft.rubric.criterion_at(i))
                .map_or(String::new(), |c| c.id.clone())
        };
        if let List::Block { dash, .. } = self.judgements {
            for &(index, judged) in added {
                let lines = judgement_lines(&id(index), judged);
                let before = self
                    .items
                    .iter()
                    .filter(|(other, _)| **other < index)
                    .max_by_key(|(other, _)| **other)
                    .map(|(_, item)| item.end);
                let at = match before {
                    Some(end) => end,
                    None => first_item_line(&self.text, &self.items),
                };
                edits.push(Edit::insert(at, &indented(&lines, dash)).order(index));
            }
            return Ok(());
        }
        let lines: Vec<String> = added
            .iter()
            .map(|&(index, judged)| judgement_lines(&id(index), judged))
            .collect();
        self.add_items(&self.judgements, "judgements", &lines, edits)
    }

    /// Adds items (each its lines, as if at column 0) at the end of a list.
    fn add_items(
        &self,
        list: &List,
        key: &str,
        items: &[String],
        edits: &mut Vec<Edit>,
    ) -> Result<(), Refusal> {
        let block = |dash: usize| items.iter().map(|i| indented(i, dash)).collect::<String>();
        match *list {
            List::Block { dash, end } => edits.push(Edit::insert(end, &block(dash))),
            List::Empty {
                after,
                indent,
                brackets,
            } => {
                if let Some(span) = brackets {
                    edits.push(Edit::replace(span, ""));
                }
                edits.push(Edit::insert(after, &block(indent + 2)));
            }
            List::Absent => {
                let newline = if self.text.is_empty() || self.text.ends_with('\n') {
                    ""
                } else {
                    "\n"
                };
                let text = format!("{newline}{key}:\n{}", block(2));
                edits.push(Edit::insert(self.text.len(), &text));
            }
            List::Flow => {
                return Err(Refusal(format!(
                    "`{key}` is written as a flow list ([ ... ]); peel score adds only to a list with an item per line"
                )));
            }
        }
        Ok(())
    }

    /// Whether `text`'s comments are this file's, in order: none lost or changed.
    pub fn keeps_comments(&self, path: &str, text: &str) -> bool {
        let Ok(root) = yaml::parse(path, text) else {
            return false;
        };
        let theirs = comments(text, &root);
        let mut rest = theirs.iter();
        self.comments
            .iter()
            .all(|comment| rest.any(|other| other == comment))
    }
}

/// One change to the text: the bytes of `span` replaced by `text`; `order` puts
/// insertions at the same place in the order of their criteria.
#[derive(Debug, Clone)]
struct Edit {
    span: Span,
    text: String,
    order: usize,
}

impl Edit {
    fn replace(span: Span, text: &str) -> Edit {
        Edit {
            span,
            text: text.to_string(),
            order: 0,
        }
    }

    fn insert(at: usize, text: &str) -> Edit {
        Edit::replace((at, at), text)
    }

    fn order(mut self, order: usize) -> Edit {
        self.order = order;
        self
    }
}

/// `text` with every edit made; edits never overlap but insertions may share a place.
fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse((e.span.0, e.span.1, e.order)));
    let mut out = text.to_string();
    for edit in edits {
        let (start, end) = edit.span;
        let mut insert = edit.text;
        // A new line at the end of a file that has none there starts a line of its own.
        if start == out.len() && start > 0 && !out.ends_with('\n') && insert.ends_with('\n') {
            insert.insert(0, '\n');
        }
        out.replace_range(start..end, &insert);
    }
    out
}

/// A YAML string that reads back as exactly `text` (JSON strings are YAML strings).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// A new judgement entry, as at column 0: `- criterion: …` and its keys below.
fn judgement_lines(id: &str, judged: &Judged) -> String {
    let mut lines = format!(
        "- criterion: {}\n  judgement: {}\n",
        quoted(id),
        judged.judgement.as_str()
    );
    if let Some(note) = &judged.note {
        lines.push_str(&format!("  note: {}\n", quoted(note)));
    }
    if let Some(source) = &judged.source {
        lines.push_str(&format!("  source: {}\n", quoted(source)));
    }
    lines
}

/// A new finding, as at column 0.
fn finding_lines(kind: FindingKind, area: &str, text: &str) -> String {
    let kind = match kind {
        FindingKind::CauseOfConcern => "cause_of_concern",
        FindingKind::AreaForImprovement => "area_for_improvement",
        FindingKind::InnovativePractice => "innovative_practice",
        FindingKind::PromisingPractice => "promising_practice",
    };
    format!(
        "- kind: {kind}\n  area: {}\n  text: {}\n",
        quoted(area),
        quoted(text)
    )
}

/// `lines` with every line moved right by `by` columns.
fn indented(lines: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    lines.lines().map(|line| format!("{pad}{line}\n")).collect()
}

/// The byte where the line holding `at` starts.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |n| n + 1)
}

/// The byte of the newline ending the line holding `at`, or the end of the text.
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |n| at + n)
}

/// The byte where the line after the one holding `at` starts (a value ending with
/// its newline, as a block scalar does, ends at the start of the next line already).
fn line_after(text: &str, at: usize) -> usize {
    if at > 0 && text.as_bytes().get(at - 1) == Some(&b'\n') {
        return at;
    }
    (line_end(text, at) + 1).min(text.len())
}

/// Where the first judgement entry's line starts, for a criterion before them all.
fn first_item_line(text: &str, items: &HashMap<usize, Item>) -> usize {
    let first = items
        .values()
        .map(|item| item.first)
        .min()
        .unwrap_or(text.len());
    line_start(text, first)
}

/// A scalar's text, for keys.
fn text_of(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Text(text) => Some(text),
        _ => None,
    }
}

/// A node's byte range, checked against the text.
fn span(text: &str, node: &Node) -> Option<Span> {
    let (start, end) = node.at.byte_range()?;
    (start <= end
        && end <= text.len()
        && text.is_char_boundary(start)
        && text.is_char_boundary(end))
    .then_some((start, end))
}

/// A judgements entry: its criterion's position, its judgement and where its parts are.
fn item(text: &str, node: &Node, rubric: &Rubric) -> Option<(usize, Judgement, Item)> {
    let Value::Map(entries) = &node.value else {
        return None;
    };
    let pair = |key: &str| -> Option<(Pair, &Node)> {
        let (k, v) = entries.iter().find(|(k, _)| text_of(k) == Some(key))?;
        Some((
            Pair {
                key: span(text, k)?,
                value: span(text, v)?,
            },
            v,
        ))
    };
    let (_, criterion) = pair("criterion")?;
    let (_, found) = rubric.criterion(text_of(criterion)?)?;
    let (judgement, value) = pair("judgement")?;
    let word: Judgement = text_of(value)?.parse().ok()?;
    let note = pair("note").map(|(p, _)| p);
    let end = entries
        .iter()
        .filter_map(|(_, v)| span(text, v).map(|s| s.1))
        .max()?;
    let first = entries
        .iter()
        .filter_map(|(k, _)| span(text, k))
        .map(|s| s.0)
        .min()?;
    let start = node.at.byte_range().map_or(first, |s| s.0.min(first));
    let flow = text[start..].trim_start().starts_with('{');
    let indent = text[line_start(text, first)..first].chars().count();
    let end = if flow {
        text[end..].find('}').map_or(end, |n| end + n + 1)
    } else {
        end
    };
    let item = Item {
        first,
        end: line_after(text, end),
        indent,
        flow,
        judgement,
        note,
    };
    Some((found.index, word, item))
}

/// Where a top-level list is and how to add to it.
fn list(text: &str, entry: Option<&(Node, Node)>) -> List {
    let Some((key, value)) = entry else {
        return List::Absent;
    };
    let Some(key_span) = span(text, key) else {
        return List::Flow;
    };
    let indent = text[line_start(text, key_span.0)..key_span.0]
        .chars()
        .count();
    let start = value.at.byte_range().map(|s| s.0);
    match &value.value {
        Value::Null => List::Empty {
            after: line_after(text, key_span.1),
            indent,
            brackets: None,
        },
        Value::List(items) if items.is_empty() => {
            let Some(open) = start.filter(|&s| text[s..].starts_with('[')) else {
                return List::Flow;
            };
            let Some(close) = text[open..].find(']').map(|n| open + n + 1) else {
                return List::Flow;
            };
            // The spaces before `[]` go with it: `findings:` ends its line.
            let from = text[..open]
                .trim_end_matches([' ', '\t'])
                .len()
                .max(key_span.1 + 1);
            List::Empty {
                after: line_after(text, close),
                indent,
                brackets: Some((from, close)),
            }
        }
        Value::List(items) => {
            if start.is_some_and(|s| text[s..].starts_with('[')) {
                return List::Flow;
            }
            let last_end = items.iter().filter_map(|item| last_byte(text, item)).max();
            let dash =
                dash_column(text, items).unwrap_or(value.at.column().saturating_sub(1) as usize);
            match last_end {
                Some(end) => List::Block {
                    dash,
                    end: line_after(text, end),
                },
                None => List::Flow,
            }
        }
        _ => List::Flow,
    }
}

/// The column (from 0) of a block list's dashes: the `-` before its first item.
fn dash_column(text: &str, items: &[Node]) -> Option<usize> {
    let first = first_byte(text, items.first()?)?;
    let before = &text[line_start(text, first)..first];
    let dash = before.rfind('-')?;
    Some(before[..dash].chars().count())
}

/// The first byte of a node's text: of its first scalar.
fn first_byte(text: &str, node: &Node) -> Option<usize> {
    match &node.value {
        Value::List(items) => items.iter().filter_map(|i| first_byte(text, i)).min(),
        Value::Map(entries) => entries
            .iter()
            .flat_map(|(k, v)| [first_byte(text, k), first_byte(text, v)])
            .flatten()
            .min(),
        _ => span(text, node).map(|s| s.0),
    }
}

/// The last byte of a node's text: of its last scalar.
fn last_byte(text: &str, node: &Node) -> Option<usize> {
    match &node.value {
        Value::List(items) => items.iter().filter_map(|i| last_byte(text, i)).max(),
        Value::Map(entries) => entries
            .iter()
            .flat_map(|(k, v)| [last_byte(text, k), last_byte(text, v)])
            .flatten()
            .max(),
        _ => span(text, node).map(|s| s.1),
    }
}

/// Every scalar's byte range in the tree.
fn scalars(text: &str, node: &Node, out: &mut Vec<Span>) {
    match &node.value {
        Value::List(items) => items.iter().for_each(|i| scalars(text, i, out)),
        Value::Map(entries) => entries.iter().for_each(|(k, v)| {
            scalars(text, k, out);
            scalars(text, v, out);
        }),
        _ => out.extend(span(text, node)),
    }
}

/// The comments of `text` in order: a `#` at a line's start or after a space, outside
/// every scalar, to the end of its line.
fn comments(text: &str, root: &Node) -> Vec<String> {
    let mut inside = Vec::new();
    scalars(text, root, &mut inside);
    inside.sort_unstable();
    let within = |at: usize| {
        let i = inside.partition_point(|s| s.0 <= at);
        i > 0 && at < inside[i - 1].1
    };
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(n) = text[at..].find('#') {
        let hash = at + n;
        let starts = hash == 0 || matches!(bytes[hash - 1], b' ' | b'\t' | b'\n');
        if starts && !within(hash) {
            let end = line_end(text, hash);
            found.push(text[hash..end].trim_end().to_string());
            at = end;
        } else {
            at = hash + 1;
        }
    }
    found
}
