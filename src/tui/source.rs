//! An evidence file's text and where its parts lie in it, so that a save changes only
//! what the inspector changed: a judgement's word, a note, a new entry or finding.
//! Everything else (comments, order, quoting, moderation) stays byte for byte. Pure:
//! takes text, gives text.

use std::collections::HashMap;

use crate::model::evidence::{FindingKind, Judgement};
use crate::model::rubric::Rubric;
use crate::read::yaml::{self, Node, Value};
use crate::report::template::quoted;
use crate::tui::draft::{Draft, Judged};

mod places;
use places::{
    Item, List, Pair, Span, comments, item, line_after, line_end, line_start, list, text_of,
};

/// Why a save would not write the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

/// An evidence file's text, read for editing in place.
#[derive(Debug, Clone)]
pub struct Source {
    /// The text as read, to tell whether the file changed on disk.
    original: String,
    /// The text edits are made in: as read, ending with a newline.
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
        let original = text.to_string();
        let mut text = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
        // Lines added at the end of a file start lines of their own.
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
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
            original,
        })
    }

    /// The text as read, byte for byte.
    pub fn original(&self) -> &str {
        &self.original
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
                Some(item) => self.edit_item(item, old.as_ref(), new, &mut edits)?,
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
    fn edit_item(
        &self,
        item: &Item,
        old: Option<&Judged>,
        new: &Judged,
        edits: &mut Vec<Edit>,
    ) -> Result<(), Refusal> {
        let old_judgement = old.map(|j| j.judgement);
        if old_judgement != Some(new.judgement) {
            edits.push(Edit::replace(item.judgement.value, new.judgement.as_str()));
        }
        let old_note = old.and_then(|j| j.note.as_deref());
        if old_note == new.note.as_deref() {
            return Ok(());
        }
        // A comment between the key and its text (`note: |  # why`) goes where the
        // note is replaced; the parser may count it as the note's, so it is looked for
        // here rather than among the file's comments.
        if let Some(pair) = &item.note
            && self.text[pair.key.1..pair.value.0].contains('#')
        {
            return Err(Refusal(
                "a comment on the note's first line would be lost; change that note in an editor"
                    .to_string(),
            ));
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
        Ok(())
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
        // After anything else written at the same place (a note at the end of the
        // file, say), findings last of all.
        let order = match key {
            "findings" => usize::MAX,
            _ => usize::MAX - 1,
        };
        let block = |dash: usize| items.iter().map(|i| indented(i, dash)).collect::<String>();
        match *list {
            List::Block { dash, end } => edits.push(Edit::insert(end, &block(dash)).order(order)),
            List::Empty {
                after,
                indent,
                brackets,
            } => {
                if let Some(span) = brackets {
                    edits.push(Edit::replace(span, ""));
                }
                edits.push(Edit::insert(after, &block(indent + 2)).order(order));
            }
            List::Absent => {
                let text = format!("{key}:\n{}", block(2));
                edits.push(Edit::insert(self.text.len(), &text).order(order));
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
        out.replace_range(start..end, &edit.text);
    }
    out
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
    format!(
        "- kind: {}\n  area: {}\n  text: {}\n",
        kind.as_str(),
        quoted(area),
        quoted(text)
    )
}

/// `lines` with every line moved right by `by` columns.
fn indented(lines: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    lines.lines().map(|line| format!("{pad}{line}\n")).collect()
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
