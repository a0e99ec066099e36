//! The located tree built straight from the parser's events, without serde: the fast
//! path for the files people and programs usually write.
//!
//! It takes only what it can build exactly as the serde path would, and gives up
//! (`None`) on anything else: a syntax error, a duplicate or non-text key, anchors and
//! aliases, tags, nesting past the limit, more than one document, and plain scalars
//! that YAML may read as something other than text or a simple number. The serde path
//! then reads the file again and says precisely what is wrong, so every message and
//! every value stays as it was.

use std::borrow::Cow;
use std::collections::HashSet;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span};

use super::{Node, Value};
use crate::diag::MAX_DEPTH;
use crate::location::Location;

/// A collection being built: its place, and its items or entries so far.
enum Open {
    List(Location, Vec<Node>),
    Map(Location, Vec<(Node, Node)>, Option<Node>),
}

/// The tree of `text`, or `None` where only the serde path can say what it holds.
pub(super) fn tree(text: &str) -> Option<Node> {
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let node = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => continue,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                Node {
                    value: scalar(value, style)?,
                    at: location(&span),
                }
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                if anchor != 0 || tag.is_some() || stack.len() >= MAX_DEPTH {
                    return None;
                }
                let at = location(&span);
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Open::List(at, Vec::new())
                } else {
                    Open::Map(at, Vec::new(), None)
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop()? {
                Open::List(at, items) => Node {
                    value: Value::List(items),
                    at,
                },
                Open::Map(..) => return None,
            },
            Event::MappingEnd => match stack.pop()? {
                Open::Map(at, entries, None) => {
                    if !distinct_text_keys(&entries) {
                        return None;
                    }
                    Node {
                        value: Value::Map(entries),
                        at,
                    }
                }
                _ => return None,
            },
            _ => return None,
        };
        match stack.last_mut() {
            None if root.is_none() => root = Some(node),
            None => return None,
            Some(Open::List(_, items)) => items.push(node),
            Some(Open::Map(_, entries, key)) => match key.take() {
                None => *key = Some(node),
                Some(key) => entries.push((key, node)),
            },
        }
    }
    root
}

/// Whether every key of a mapping is text and no two are the same. Most mappings
/// are an entry's few keys: those are compared in place, without a set to allocate.
fn distinct_text_keys(entries: &[(Node, Node)]) -> bool {
    fn text((key, _): &(Node, Node)) -> Option<&str> {
        match &key.value {
            Value::Text(key) => Some(key.as_str()),
            _ => None,
        }
    }
    if entries.len() <= 8 {
        return entries.iter().enumerate().all(|(at, entry)| {
            text(entry).is_some_and(|key| !entries[..at].iter().any(|e| text(e) == Some(key)))
        });
    }
    let mut seen = HashSet::with_capacity(entries.len());
    entries
        .iter()
        .all(|entry| text(entry).is_some_and(|key| seen.insert(key)))
}

/// Where an event starts, as the serde path tells it.
pub(crate) fn location(span: &Span) -> Location {
    let bytes = span.start.byte_offset().zip(span.end.byte_offset());
    Location::new(
        span.start.line(),
        span.start.col() + 1,
        bytes.map(|(start, end)| (start, end.max(start))),
    )
}

/// What a scalar is read as, told without copying it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plain {
    /// Nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A simple whole number.
    Int,
    /// Text.
    Text,
}

/// What a scalar is: quoted and block scalars are text; a plain one is nothing, text,
/// a whole number, true/false or a cycle label (`2023-25`) when that is certain, else
/// `None`.
pub(crate) fn resolve(value: &str, style: ScalarStyle) -> Option<Plain> {
    if style != ScalarStyle::Plain {
        return Some(Plain::Text);
    }
    match value {
        "" | "~" | "null" => return Some(Plain::Null),
        "true" => return Some(Plain::Bool(true)),
        "false" => return Some(Plain::Bool(false)),
        _ => {}
    }
    let first = value.chars().next()?;
    if first.is_ascii_digit() {
        let digits = value.bytes().all(|b| b.is_ascii_digit());
        if digits {
            let simple = value.len() <= 18 && (value.len() == 1 || first != '0');
            return simple.then_some(Plain::Int);
        }
        // Digits joined by '-' or '/' ("2023-25", "2021/22") are no number in any
        // schema, nor are words after a number ("3 of 25 files"), which no number or
        // timestamp holds.
        let label = value
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'/')
            && !value.ends_with(['-', '/'])
            && !value.contains("--");
        let words = value.contains(' ')
            && value
                .chars()
                .any(|c| c.is_alphabetic() && !matches!(c, 't' | 'T' | 'z' | 'Z' | 'e' | 'E'));
        return (label || words).then_some(Plain::Text);
    }
    // No word of the list is longer than five letters: most scalars are, and skip it.
    let doubtful = matches!(first, '+' | '-' | '.' | '~' | '<' | '=' | '*' | '&' | '!')
        || (value.len() <= 5
            && ["null", "true", "false", "yes", "no", "on", "off", "y", "n"]
                .iter()
                .any(|word| value.eq_ignore_ascii_case(word)));
    (!doubtful).then_some(Plain::Text)
}

/// A scalar's value, as [`resolve`] tells it.
fn scalar(value: Cow<'_, str>, style: ScalarStyle) -> Option<Value> {
    Some(match resolve(&value, style)? {
        Plain::Null => Value::Null,
        Plain::Bool(b) => Value::Bool(b),
        Plain::Int => Value::Int(value.parse().ok()?),
        Plain::Text => Value::Text(value.into_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every tree the fast path builds is the one serde-saphyr builds.
    fn same_as_serde(text: &str) -> bool {
        let Some(fast) = tree(text) else {
            return false;
        };
        let slow = super::super::serde_tree(text).expect("the fast path took a bad file");
        assert_eq!(fast, slow, "{text}");
        true
    }

    #[test]
    fn the_fast_tree_is_the_serde_tree_for_every_yaml_file_of_the_repository() {
        let mut fast = 0;
        let mut all = 0;
        for dir in ["examples", "tests/fixtures", "rubrics"] {
            for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
                let path = entry.path();
                if !matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml")
                ) {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                all += 1;
                // Files the serde path refuses must not be taken by the fast one.
                if super::super::serde_tree(text).is_err() {
                    assert!(tree(text).is_none(), "{} was taken", path.display());
                    continue;
                }
                fast += usize::from(same_as_serde(text));
            }
        }
        assert!(all > 20, "the repository's YAML files were found ({all})");
        assert!(
            fast * 2 > all,
            "most files take the fast path ({fast} of {all})"
        );
    }

    /// Files of the repository, each mutated many ways: whatever the fast path takes,
    /// serde-saphyr takes too and reads to the same tree.
    #[test]
    fn mutated_files_taken_by_the_fast_path_read_the_same_through_serde() {
        const PIECES: &[&str] = &[
            ":", "-", "[", "]", "{", "}", "#", "'", "\"", "\n", " ", "&a", "*a", "!", "|", ">",
            "~", "?", ",", "\t", "1", "no", "\n  ", "\n- ", "é", "<<: ",
        ];
        let mut mutations = super::super::Mutations::new(0x9e37_79b9_7f4a_7c15, PIECES);
        let mut taken = 0;
        for dir in ["examples/evidence", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                for _ in 0..40 {
                    let mutated = mutations.of(&text);
                    if let Some(fast) = tree(&mutated) {
                        let slow = super::super::serde_tree(&mutated);
                        assert_eq!(Some(&fast), slow.as_ref().ok(), "{mutated}");
                        taken += 1;
                    }
                }
            }
        }
        assert!(taken > 100, "the fast path took {taken} mutated files");
    }

    #[test]
    fn scalars_of_every_style_and_place_match() {
        for text in [
            "force: Kent Police\ncycle: \"2023-25\"\n",
            "a: 'single ''quoted'''\nb: \"esc\\taped é\"\n",
            "note: |\n  kept\n  lines\nother: >\n  folded\n  text\n",
            "list:\n  - one\n  - two: 2\n    three: true\n  - [p, q]\n",
            "a: ~\nb: null\nc:\nd: 2023-25\ne: 2021/22\n",
            "note: 3 of 25 files met it\nother: 12 cases, 4 late\n",
            "a: inf\nb: nan\nc: NaN\nd: Inf\ne: infinity\nf: None\ng: nil\n",
            "{force: Kent, judgements: [{criterion: a, judgement: partly}]}\n",
            "a: 12\nb: false\nc: 0\n",
            "# comment\nforce: Kent # trailing\r\nnote: x\r\n",
            "übung: naïve café\nnext: ok\n",
            "empty_list: []\nempty_map: {}\n",
            "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nj: 10\n",
        ] {
            assert!(same_as_serde(text), "fast path refused {text:?}");
        }
    }

    #[test]
    fn what_only_serde_can_say_is_left_to_it() {
        for text in [
            "a: 1\na: 2\n",
            "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nb: 10\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: yes\n",
            "a: 1.5\n",
            "a: 007\n",
            "a: -3\n",
            "a: 2023-\n",
            "a: 1e5\n",
            "a: Null\n",
            "a: 2001-12-14 21:59:43.10 -5\n",
            "---\na: 1\n---\nb: 2\n",
            "a: [1, 2\n",
            "a:\n\t- tab\n",
            "",
            "[1]: x\n",
        ] {
            assert!(tree(text).is_none(), "fast path took {text:?}");
        }
        let deep = format!(
            "{}x{}",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        assert!(tree(&deep).is_none(), "nesting past the limit");
    }

    #[test]
    fn a_file_of_nothing_but_null_is_empty_on_either_path() {
        for text in ["~\n", "null\n", "", "# only a comment\n"] {
            let error = super::super::parse("f.yaml", text).unwrap_err();
            assert!(
                error.to_string().contains("the file is empty"),
                "{text:?}: {error}"
            );
        }
    }
}
