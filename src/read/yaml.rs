//! YAML reading with the limits untrusted input needs, and located errors.
//!
//! Files are read in two steps. [`parse`] turns the text into a [`Node`] tree: loosely
//! typed, every value with its line and column. Only a syntax error (the parser cannot
//! go on) stops there. Each loader then validates the tree into its model with a
//! [`Checker`], which collects every problem of the file instead of the first.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Diagnostics, MAX_DEPTH, MAX_PROBLEMS_PER_FILE};
use crate::location::Location;
use crate::suggest::did_you_mean;

pub(crate) mod events;

/// Texts made from another by a few random cuts and insertions of `pieces`, the same
/// on every run (a fixed seed): how the fast paths are held to the checked ones.
#[cfg(test)]
pub(crate) struct Mutations {
    seed: u64,
    pieces: &'static [&'static str],
}

#[cfg(test)]
impl Mutations {
    /// Mutations inserting `pieces`, from `seed`.
    pub(crate) fn new(seed: u64, pieces: &'static [&'static str]) -> Self {
        Mutations { seed, pieces }
    }

    fn next(&mut self, bound: usize) -> usize {
        self.seed = self
            .seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.seed >> 33) % bound.max(1) as u64) as usize
    }

    /// `text` with one to three cuts or insertions.
    pub(crate) fn of(&mut self, text: &str) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..=self.next(3) {
            let at = self.next(chars.len() + 1);
            match self.next(3) {
                0 if at < chars.len() => {
                    let end = (at + 1 + self.next(8)).min(chars.len());
                    chars.drain(at..end);
                }
                _ => {
                    let piece = self.pieces[self.next(self.pieces.len())];
                    chars.splice(at..at, piece.chars());
                }
            }
        }
        chars.into_iter().collect()
    }
}

/// A YAML value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts.
    pub at: Location,
}

/// A loosely typed YAML value: what a file says before peel knows what it means.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i128),
    /// A number with a fraction.
    Float(f64),
    /// Text, quoted or plain.
    Text(String),
    /// A sequence.
    List(Vec<Node>),
    /// A mapping, in file order.
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// What kind of value this is, for "expected text, found a list".
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "true/false",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Text(_) => "text",
            Value::List(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node {
            value: spanned.value,
            at: spanned.referenced.into(),
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(i128::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Text(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some(entry) = map.next_entry::<Node, Node>()? {
            entries.push(entry);
        }
        Ok(Value::Map(entries))
    }
}

/// Parses `text` into a located tree, rejecting duplicate keys, alias bombs and deep
/// nesting; a syntax error is the only problem that stops a file here.
pub fn parse(path: &str, text: &str) -> Result<Node, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Most files take the fast path; the serde path reads the rest and says what is
    // wrong with them.
    let node = match events::tree(text) {
        Some(node) => node,
        None => serde_tree(text)
            .map_err(|error| Diagnostics::from(Diagnostic::from_yaml(path, text, &error)))?,
    };
    if let Value::Null = node.value {
        let message = "the file is empty: expected a YAML mapping";
        return Err(Diagnostic::at_line(path, 1, 1, message).into());
    }
    Ok(node)
}

/// The located tree of `text` read through serde-saphyr, with the limits hostile
/// input needs: the path that can say what is wrong with any file.
fn serde_tree(text: &str) -> Result<Node, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_documents: 1,
            max_aliases: 10_000,
            max_anchors: 10_000,
        },
    };
    serde_saphyr::from_str_with_options(text, options)
}

/// A mapping's entries by key, and where the mapping starts (for a missing key).
pub struct Fields<'n> {
    entries: Vec<(&'n str, &'n Node)>,
    /// Keys suggested for misspelt ones: already reported, so not missing as well.
    suggested: Vec<&'static str>,
    /// Where the mapping starts.
    pub at: Location,
}

impl<'n> Fields<'n> {
    /// The value of `key`, if written.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, node)| *node)
    }
}

/// Validates one file's [`Node`] tree, collecting every problem and warning on the way.
pub struct Checker<'a> {
    /// The file's path as the user gave it.
    pub path: &'a str,
    /// The file's text, to quote lines in messages.
    pub text: &'a str,
    /// Problems found so far.
    pub problems: Vec<Diagnostic>,
    /// Warnings found so far: nothing wrong for YAML, but likely not what was meant.
    pub warnings: Vec<Diagnostic>,
    /// Problems past the first [`MAX_PROBLEMS_PER_FILE`], counted, not kept.
    more_problems: usize,
}

impl<'a> Checker<'a> {
    /// A checker for the file at `path` holding `text`.
    pub fn new(path: &'a str, text: &'a str) -> Self {
        Checker {
            path,
            text: text.strip_prefix('\u{feff}').unwrap_or(text),
            problems: Vec::new(),
            warnings: Vec::new(),
            more_problems: 0,
        }
    }

    /// Records a problem at `at`.
    pub fn problem(&mut self, at: Location, message: impl Into<String>) {
        if self.problems.len() >= MAX_PROBLEMS_PER_FILE {
            self.more_problems += 1;
            return;
        }
        self.problems
            .push(Diagnostic::at(self.path, self.text, at, message));
    }

    /// Records a warning at `at`.
    pub fn warn(&mut self, at: Location, message: impl Into<String>) {
        self.warnings
            .push(Diagnostic::at(self.path, self.text, at, message).into_warning());
    }

    /// The entries of a mapping whose keys must be among `known`: every other key is
    /// a problem with a did-you-mean. `None` (and a problem) if `node` is no mapping.
    pub fn fields<'n>(&mut self, node: &'n Node, known: &[&'static str]) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            self.problem(
                node.at,
                format!(
                    "expected a mapping (`key: value` lines) here, found {}",
                    node.value.kind()
                ),
            );
            return None;
        };
        let mut fields = Fields {
            entries: Vec::with_capacity(entries.len()),
            suggested: Vec::new(),
            at: node.at,
        };
        for (key, value) in entries {
            let Value::Text(name) = &key.value else {
                self.problem(
                    key.at,
                    format!("a key must be text, found {}", key.value.kind()),
                );
                continue;
            };
            if known.contains(&name.as_str()) {
                fields.entries.push((name, value));
            } else {
                let list = known.join(", ");
                let message = match did_you_mean(name, known.iter().copied()) {
                    Some(best) => {
                        fields.suggested.push(best);
                        format!(
                            "unknown key `{name}` (did you mean `{best}`?); expected one of {list}"
                        )
                    }
                    None => format!("unknown key `{name}`; expected one of {list}"),
                };
                self.problem(key.at, message);
            }
        }
        Some(fields)
    }

    /// The value of a key the mapping must have; a problem at the mapping if missing.
    pub fn required<'n>(&mut self, fields: &Fields<'n>, key: &str) -> Option<&'n Node> {
        let found = fields.get(key);
        if found.is_none() && !fields.suggested.contains(&key) {
            self.problem(
                fields.at,
                format!("missing key `{key}`: this mapping needs it"),
            );
        }
        found
    }

    /// A scalar as text: numbers and booleans as written. A problem for a list,
    /// mapping or nothing.
    pub fn text(&mut self, node: &Node) -> Option<String> {
        match &node.value {
            Value::Text(text) => Some(text.clone()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => Some(self.raw(node)),
            Value::Null => {
                self.problem(node.at, "a value is needed here, but there is none");
                None
            }
            other => {
                self.problem(
                    node.at,
                    format!("expected text here, found {}", other.kind()),
                );
                None
            }
        }
    }

    /// A force's name or a cycle's label as [`Checker::text`] reads it, a problem when
    /// it holds a control character (no report could show it, nor read it back).
    pub fn label(&mut self, node: &Node, what: &str) -> Option<String> {
        let text = self.text(node)?;
        if let Some(message) = crate::model::ids::control_message(what, &text) {
            self.problem(node.at, message);
        }
        Some(text)
    }

    /// Free text a person wrote (a note, a finding, a reason): as [`Checker::text`],
    /// and warned about when a ` #` in it began a YAML comment that dropped its end.
    pub fn prose(&mut self, node: &Node, key: &str) -> Option<String> {
        let text = self.text(node)?;
        if self.lost_to_comment(node) {
            self.warn(
                node.at,
                format!(
                    "the text after ` #` is a YAML comment, not part of the {key}; quote the {key} to keep it"
                ),
            );
        }
        Some(text)
    }

    /// Whether a plain (unquoted) scalar is followed on its line by a ` #` comment.
    fn lost_to_comment(&self, node: &Node) -> bool {
        let Some((start, end)) = self.byte_range(node) else {
            return false;
        };
        let first = self.text[start..].chars().next();
        if matches!(first, Some('"' | '\'' | '|' | '>')) {
            return false;
        }
        let rest = &self.text[end..];
        let line = rest.split('\n').next().unwrap_or("");
        line.trim_start().starts_with('#') && line.starts_with([' ', '\t'])
    }

    /// The scalar's text as written in the file, or its value where the span is unknown.
    fn raw(&self, node: &Node) -> String {
        if let Some((start, end)) = self.byte_range(node) {
            let raw = self.text[start..end].trim();
            // An alias (`*name`) spans its own text, not the scalar it stands for.
            if !raw.is_empty() && !raw.starts_with('*') {
                return raw.to_string();
            }
        }
        match &node.value {
            Value::Int(n) => n.to_string(),
            Value::Float(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Text(t) => t.clone(),
            _ => String::new(),
        }
    }

    /// Where a scalar's text lies in the file, in bytes.
    fn byte_range(&self, node: &Node) -> Option<(usize, usize)> {
        let (start, end) = node.at.byte_range()?;
        (end <= self.text.len()
            && self.text.is_char_boundary(start)
            && self.text.is_char_boundary(end))
        .then_some((start, end))
    }

    /// A word from a fixed list (a grade, a judgement), parsed by its `FromStr`, whose
    /// error message says what was expected.
    pub fn word<T>(&mut self, node: &Node) -> Option<T>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        let text = self.text(node)?;
        match text.parse() {
            Ok(word) => Some(word),
            Err(error) => {
                self.problem(node.at, error.to_string());
                None
            }
        }
    }

    /// A whole number from 0 up.
    pub fn whole(&mut self, node: &Node) -> Option<u64> {
        match &node.value {
            Value::Int(n) => match u64::try_from(*n) {
                Ok(n) => Some(n),
                Err(_) => {
                    self.problem(
                        node.at,
                        format!("expected a whole number from 0, found {n}"),
                    );
                    None
                }
            },
            other => {
                self.problem(
                    node.at,
                    format!("expected a whole number here, found {}", other.kind()),
                );
                None
            }
        }
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, node: &Node) -> Option<bool> {
        match &node.value {
            Value::Bool(b) => Some(*b),
            other => {
                self.problem(
                    node.at,
                    format!("expected true or false here, found {}", other.kind()),
                );
                None
            }
        }
    }

    /// The items of a list; nothing written (`findings:`) or an absent key is an
    /// empty list, as people who write YAML by hand expect.
    pub fn list<'n>(&mut self, node: Option<&'n Node>) -> &'n [Node] {
        match node.map(|n| &n.value) {
            None | Some(Value::Null) => &[],
            Some(Value::List(items)) => items,
            Some(other) => {
                let at = node.map_or(Location::UNKNOWN, |n| n.at);
                let fix = match other {
                    Value::Map(_) => "; start each item with `- `",
                    _ => "; write each item on a line of its own starting `- `, or as `[a, b]`",
                };
                self.problem(
                    at,
                    format!("expected a list here, found {}{fix}", other.kind()),
                );
                &[]
            }
        }
    }

    /// The problems found, as the error of a file that failed; `Ok` if there are none.
    /// A failed file's warnings come with its problems, marked as warnings: a file
    /// is told everything in one run.
    pub fn finish<T>(mut self, value: T) -> Result<(T, Vec<Diagnostic>), Diagnostics> {
        if self.problems.is_empty() {
            Ok((value, self.warnings))
        } else {
            if self.more_problems > 0 {
                let more = Diagnostic::more_problems(self.path, self.more_problems);
                self.problems.push(more);
            }
            self.problems.append(&mut self.warnings);
            Err(Diagnostics(self.problems))
        }
    }
}
