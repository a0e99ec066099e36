//! Where the parts of an evidence file lie in its text: its judgement entries, its
//! lists, its comments, found from the located tree. Pure.

use crate::model::evidence::Judgement;
use crate::model::rubric::Rubric;
use crate::read::yaml::{Node, Value};

/// A byte range of the text.
pub(super) type Span = (usize, usize);

/// A key and its scalar value in a mapping.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pair {
    /// The key's text.
    pub(super) key: Span,
    /// The value's text.
    pub(super) value: Span,
}

/// One entry of the judgements list.
#[derive(Debug, Clone)]
pub(super) struct Item {
    /// Where the entry's first key starts.
    pub(super) first: usize,
    /// Where the entry's text ends, through its last line.
    pub(super) end: usize,
    /// The column (from 0) its keys start at, for a new key of a block mapping.
    pub(super) indent: usize,
    /// Whether it is written `{ ... }`.
    pub(super) flow: bool,
    /// Its `judgement:`.
    pub(super) judgement: Pair,
    /// Its `note:`, if any.
    pub(super) note: Option<Pair>,
}

/// Where a list (`judgements:` or `findings:`) is written, and so how to add to it.
#[derive(Debug, Clone)]
pub(super) enum List {
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

/// The byte where the line holding `at` starts.
pub(super) fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |n| n + 1)
}

/// The byte of the newline ending the line holding `at`, or the end of the text.
pub(super) fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |n| at + n)
}

/// The byte where the line after the one holding `at` starts (a value ending with
/// its newline, as a block scalar does, ends at the start of the next line already).
pub(super) fn line_after(text: &str, at: usize) -> usize {
    if at > 0 && text.as_bytes().get(at - 1) == Some(&b'\n') {
        return at;
    }
    (line_end(text, at) + 1).min(text.len())
}

/// A scalar's text, for keys.
pub(super) fn text_of(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Text(text) => Some(text),
        _ => None,
    }
}

/// A node's byte range, checked against the text. A block scalar's range as the
/// parser gives it runs on to the next token, over the next line's indentation: it is
/// cut back to the end of its last line.
pub(super) fn span(text: &str, node: &Node) -> Option<Span> {
    let (start, end) = node.at.byte_range()?;
    let valid = start <= end
        && end <= text.len()
        && text.is_char_boundary(start)
        && text.is_char_boundary(end);
    if !valid {
        return None;
    }
    let value = &text[start..end];
    let end = match value.rfind('\n') {
        Some(newline) if value[newline + 1..].trim().is_empty() => start + newline + 1,
        _ => end,
    };
    Some((start, end))
}

/// A judgements entry: its criterion's position, its judgement and where its parts are.
pub(super) fn item(text: &str, node: &Node, rubric: &Rubric) -> Option<(usize, Judgement, Item)> {
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
    // A number or true/false is read as the id it is written as, as the reader does.
    let id = match &criterion.value {
        Value::Text(id) => id.as_str(),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            let (start, end) = span(text, criterion)?;
            text[start..end].trim()
        }
        _ => return None,
    };
    let (_, found) = rubric.criterion(id)?;
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
pub(super) fn list(text: &str, entry: Option<&(Node, Node)>) -> List {
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
        Value::Null => {
            // `~` or `null` written out goes, with the spaces before it.
            let written = span(text, value).filter(|&(s, e)| !text[s..e].trim().is_empty());
            List::Empty {
                after: line_after(text, key_span.1),
                indent,
                brackets: written.map(|(s, e)| {
                    let from = text[..s]
                        .trim_end_matches([' ', '\t'])
                        .len()
                        .max(key_span.1 + 1);
                    (from, e)
                }),
            }
        }
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
            let last_end = items
                .iter()
                .filter_map(|item| bounds(text, item).map(|b| b.1))
                .max();
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
pub(super) fn dash_column(text: &str, items: &[Node]) -> Option<usize> {
    let first = bounds(text, items.first()?)?.0;
    let before = &text[line_start(text, first)..first];
    let dash = before.rfind('-')?;
    Some(before[..dash].chars().count())
}

/// Where a node's text starts and ends: its first scalar's start, its last one's end.
pub(super) fn bounds(text: &str, node: &Node) -> Option<Span> {
    let mut all = Vec::new();
    scalars(text, node, &mut all);
    let start = all.iter().map(|s| s.0).min()?;
    let end = all.iter().map(|s| s.1).max()?;
    Some((start, end))
}

/// Every scalar's byte range in the tree.
pub(super) fn scalars(text: &str, node: &Node, out: &mut Vec<Span>) {
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
pub(super) fn comments(text: &str, root: &Node) -> Vec<String> {
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
