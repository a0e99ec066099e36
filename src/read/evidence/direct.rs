//! Evidence read straight from the parser's events into the model, each value with
//! its line and column, without a tree between: the fast path for the well-formed
//! files that are nearly all of a run.
//!
//! It takes a file only when it can read it exactly as the checked path would and
//! that path would find nothing to say: any unknown key or id, wrong type, missing
//! value, clash within the file, warning, or YAML the fast tree leaves to serde gives
//! `None`, and [`super::parse_evidence`] reads the file the checked way, with every
//! located message and did-you-mean.

use std::borrow::Cow;
use std::sync::Arc;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span};

use crate::location::Location;
use crate::model::evidence::{
    EvidenceFile, Finding, FindingKind, Judgement, JudgementEntry, Moderation, Notes, Place,
};
use crate::model::grade::Grade;
use crate::model::rubric::{Registry, Rubric};
use crate::read::yaml::events::{Plain, location, resolve};

/// A scalar read as text, and where it was written: borrowed from the file where
/// the parser could.
struct Text<'t> {
    text: Cow<'t, str>,
    at: Location,
}

impl Text<'_> {
    fn owned(self) -> String {
        self.text.into_owned()
    }
}

/// The parser's events over one file, and the file's text for what they leave out.
struct Reader<'t> {
    events: Parser<'t, serde_saphyr::granit_parser::StrInput<'t>>,
    text: &'t str,
    /// Whether notes, sources and findings' texts are kept (only `--explain` prints
    /// them), or passed over without a copy.
    keep_notes: bool,
}

impl<'t> Reader<'t> {
    fn next(&mut self) -> Option<(Event<'t>, Span)> {
        self.events.next()?.ok()
    }

    /// The next event, which must start a mapping without anchor or tag.
    fn mapping(&mut self) -> Option<()> {
        match self.next()? {
            (Event::MappingStart(_, 0, None), _) => Some(()),
            _ => None,
        }
    }

    /// The next key of a mapping, or `None` (end) when it ends; the outer `None` if
    /// anything else comes.
    fn key(&mut self) -> Option<Option<Cow<'t, str>>> {
        match self.next()? {
            (Event::MappingEnd, _) => Some(None),
            (Event::Scalar(key, style, 0, None), _) => {
                (resolve(&key, style)? == Plain::Text).then_some(Some(key))
            }
            _ => None,
        }
    }

    /// A scalar as the checked path's `text` reads it: text, or a number or boolean
    /// exactly as written.
    fn text(&mut self) -> Option<Text<'t>> {
        let (Event::Scalar(text, style, 0, None), span) = self.next()? else {
            return None;
        };
        let at = location(&span);
        match resolve(&text, style)? {
            Plain::Text => {}
            Plain::Int | Plain::Bool(_) => {
                let (start, end) = at.byte_range()?;
                (self.text.get(start..end)?.trim() == text).then_some(())?;
            }
            Plain::Null => return None,
        }
        Some(Text { text, at })
    }

    /// Free text a person wrote: as [`Reader::text`], refused when a ` #` on its line
    /// began a YAML comment (the checked path warns of it).
    fn prose(&mut self) -> Option<Text<'t>> {
        let text = self.text()?;
        let (start, end) = text.at.byte_range()?;
        let quoted = matches!(
            self.text.get(start..)?.chars().next(),
            Some('"' | '\'' | '|' | '>')
        );
        let line = self.text.get(end..)?.split('\n').next().unwrap_or("");
        let lost = line.trim_start().starts_with('#') && line.starts_with([' ', '\t']);
        (quoted || !lost).then_some(text)
    }

    /// A note or source: kept only when notes are.
    fn note(&mut self) -> Option<Option<String>> {
        let text = self.prose()?;
        Some(self.keep_notes.then(|| text.owned()))
    }

    /// The items of a list, each a mapping whose entries `item` reads (its start already
    /// read); nothing written is no items.
    fn list(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        match self.next()? {
            (Event::Scalar(value, ScalarStyle::Plain, 0, None), _)
                if matches!(value.as_ref(), "" | "~" | "null") =>
            {
                return Some(());
            }
            (Event::SequenceStart(_, 0, None), _) => {}
            _ => return None,
        }
        loop {
            match self.next()? {
                (Event::SequenceEnd, _) => return Some(()),
                (Event::MappingStart(_, 0, None), _) => item(self)?,
                _ => return None,
            }
        }
    }
}

/// Which keys of a mapping have been read: one bit each, to refuse a key twice.
#[derive(Default)]
struct Seen(u16);

impl Seen {
    fn first(&mut self, bit: u16) -> Option<()> {
        let fresh = self.0 & (1 << bit) == 0;
        self.0 |= 1 << bit;
        fresh.then_some(())
    }
}

/// One evidence file read from its events, or `None` where the checked path must read
/// it; notes and sources are kept only when `keep_notes`.
pub(super) fn read(
    path: &str,
    text: &str,
    registry: &Registry,
    keep_notes: bool,
) -> Option<EvidenceFile> {
    let mut reader = Reader {
        events: Parser::new_from_str(text),
        text,
        keep_notes,
    };
    let path: Arc<str> = Arc::from(path);
    if !matches!(reader.next()?.0, Event::StreamStart)
        || !matches!(reader.next()?.0, Event::DocumentStart(..))
    {
        return None;
    }
    reader.mapping()?;
    let mut file = File::default();
    let mut seen = Seen::default();
    while let Some(key) = reader.key()? {
        file.field(&mut reader, &mut seen, &key, registry, &path)?;
    }
    match (reader.next()?.0, reader.next()?.0) {
        (Event::DocumentEnd, Event::StreamEnd) => {}
        _ => return None,
    }
    file.finish(path)
}

/// What a file has said so far.
#[derive(Default)]
struct File<'t> {
    force: Option<Text<'t>>,
    force_id: Option<Text<'t>>,
    cycle: Option<Text<'t>>,
    rubric: Option<(String, Arc<Rubric>)>,
    judgements: Vec<JudgementEntry>,
    findings: Vec<Finding>,
    moderation: Vec<Moderation>,
}

impl<'t> File<'t> {
    /// Reads the value of top-level `key`. Lists need the rubric named first.
    fn field(
        &mut self,
        reader: &mut Reader<'t>,
        seen: &mut Seen,
        key: &str,
        registry: &Registry,
        path: &Arc<str>,
    ) -> Option<()> {
        match key {
            "force" => once(&mut self.force, reader.text()),
            "force_id" => once(&mut self.force_id, reader.text()),
            "cycle" => once(&mut self.cycle, reader.text()),
            "rubric" => {
                let id = reader.text()?.owned();
                let found = Arc::clone(registry.get(&id)?);
                once(&mut self.rubric, Some((id, found)))
            }
            "judgements" => {
                seen.first(4)?;
                let rubric = &self.rubric.as_ref()?.1;
                let mut judged = vec![0u64; rubric.criterion_count().div_ceil(64)];
                reader.list(|reader| {
                    let entry = judgement(reader, rubric, path)?;
                    if entry.judgement != Judgement::NotAssessed {
                        let (word, bit) = (entry.index as usize / 64, 1 << (entry.index % 64));
                        let bits = judged.get_mut(word)?;
                        (*bits & bit == 0).then_some(())?;
                        *bits |= bit;
                    }
                    self.judgements.push(entry);
                    Some(())
                })
            }
            "findings" => {
                seen.first(5)?;
                let rubric = &self.rubric.as_ref()?.1;
                let findings = &mut self.findings;
                reader.list(|reader| {
                    let (kind, area, text) = finding(reader, rubric)?;
                    // As `forget_notes` leaves it: a grade needs only the first cause of
                    // concern's text of each area.
                    let first_concern = kind == FindingKind::CauseOfConcern
                        && !findings.iter().any(|f| f.kind == kind && f.area == area);
                    let text = match reader.keep_notes || first_concern {
                        true => text.owned(),
                        false => String::new(),
                    };
                    findings.push(Finding { kind, area, text });
                    Some(())
                })
            }
            "moderation" => {
                seen.first(6)?;
                let rubric = &self.rubric.as_ref()?.1;
                let moderation = &mut self.moderation;
                reader.list(|reader| {
                    let entry = moderation_entry(reader, rubric, path)?;
                    moderation
                        .iter()
                        .all(|m| m.area != entry.area)
                        .then_some(())?;
                    moderation.push(entry);
                    Some(())
                })
            }
            _ => None,
        }
    }

    /// The file, when it has everything the checked path requires and nothing it
    /// would refuse.
    fn finish(self, path: Arc<str>) -> Option<EvidenceFile> {
        let (force, cycle, (rubric, _)) = (self.force?, self.cycle?, self.rubric?);
        let control = |text: &Text| text.text.chars().any(char::is_control);
        if cycle.text.trim().is_empty() || control(&force) || control(&cycle) {
            return None;
        }
        let force_id = match &self.force_id {
            Some(id) => crate::model::rubric::is_valid_id(&id.text).then(|| id.text.to_string())?,
            None => Some(crate::model::ids::slug(&force.text)).filter(|id| !id.is_empty())?,
        };
        Some(EvidenceFile {
            force_place: Place::new(&path, force.at),
            cycle_place: Place::new(&path, cycle.at),
            path,
            force: force.owned(),
            force_id,
            cycle: cycle.owned(),
            rubric,
            judgements: self.judgements,
            findings: self.findings,
            moderation: self.moderation,
            warnings: Vec::new(),
        })
    }
}

/// Puts a value read into its slot: `None` if it could not be read or the key was
/// given twice.
fn once<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value?);
    Some(())
}

/// A word from a fixed list (a judgement, a grade, a kind of finding).
fn word<T: std::str::FromStr>(reader: &mut Reader) -> Option<T> {
    reader.text()?.text.parse().ok()
}

/// One judgement: a criterion of the rubric, a judgement, perhaps a note and source.
fn judgement(reader: &mut Reader, rubric: &Rubric, path: &Arc<str>) -> Option<JudgementEntry> {
    let (mut criterion, mut judgement, mut note, mut source) = (None, None, None, None);
    while let Some(key) = reader.key()? {
        match &*key {
            "criterion" => once(&mut criterion, reader.text()),
            "judgement" => once(&mut judgement, word::<Judgement>(reader)),
            "note" => once(&mut note, reader.note()),
            "source" => once(&mut source, reader.note()),
            _ => None,
        }?;
    }
    let (criterion, note, source) = (criterion?, note.flatten(), source.flatten());
    let (_, found) = rubric.criterion(&criterion.text)?;
    let notes = (note.is_some() || source.is_some()).then(|| Box::new(Notes { note, source }));
    Some(JudgementEntry {
        index: u32::try_from(found.index).ok()?,
        judgement: judgement?,
        notes,
        place: Place::new(path, criterion.at),
    })
}

/// An area id of the rubric, and the rubric's own copy of it.
fn area<'t>(reader: &mut Reader<'t>, rubric: &Rubric) -> Option<(Text<'t>, Arc<str>)> {
    let area = reader.text()?;
    let shared = Arc::clone(&rubric.area(&area.text)?.shared_id);
    Some((area, shared))
}

/// One finding: its kind, area and text.
fn finding<'t>(
    reader: &mut Reader<'t>,
    rubric: &Rubric,
) -> Option<(FindingKind, Arc<str>, Text<'t>)> {
    let (mut kind, mut found_in, mut text) = (None, None, None);
    while let Some(key) = reader.key()? {
        match &*key {
            "kind" => once(&mut kind, word::<FindingKind>(reader)),
            "area" => once(&mut found_in, area(reader, rubric)),
            "text" => once(&mut text, reader.prose()),
            _ => None,
        }?;
    }
    Some((kind?, found_in?.1, text?))
}

/// One moderation: an area, its grade and a reason that is not blank.
fn moderation_entry(reader: &mut Reader, rubric: &Rubric, path: &Arc<str>) -> Option<Moderation> {
    let (mut moderated, mut grade, mut reason) = (None, None, None);
    while let Some(key) = reader.key()? {
        match &*key {
            "area" => once(&mut moderated, area(reader, rubric)),
            "grade" => once(&mut grade, word::<Grade>(reader)),
            "reason" => once(&mut reason, reader.prose().map(Text::owned)),
            _ => None,
        }?;
    }
    let (moderated, reason) = (moderated?, reason?);
    if reason.trim().is_empty() {
        return None;
    }
    let (moderated, _) = moderated;
    Some(Moderation {
        place: Place::new(path, moderated.at),
        area: moderated.owned(),
        grade: grade?,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        Registry::new(Vec::new()).expect("the built-in rubrics load")
    }

    /// The evidence files of the repository, read both ways.
    fn evidence_files() -> Vec<(String, String)> {
        let mut files = Vec::new();
        for dir in ["examples", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
                let path = entry.path();
                let yaml = matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml")
                );
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                if yaml && crate::read::detect_kind(&text) == crate::read::Kind::Evidence {
                    files.push((path.display().to_string(), text));
                }
            }
        }
        files
    }

    /// What the checked path reads, warnings aside (the direct path takes no file
    /// that has any).
    fn checked(path: &str, text: &str, registry: &Registry) -> Option<EvidenceFile> {
        let file = super::super::parse_evidence_checked(path, text, registry, true).ok()?;
        file.warnings.is_empty().then_some(file)
    }

    #[test]
    fn every_evidence_file_of_the_repository_reads_the_same_both_ways() {
        let registry = registry();
        let (mut direct, mut all) = (0, 0);
        for (path, text) in evidence_files() {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            all += 1;
            let fast = read(&path, text, &registry, true);
            let slow = checked(&path, text, &registry);
            if let Some(fast) = &fast {
                assert_eq!(Some(fast), slow.as_ref(), "{path}");
                let lean = read(&path, text, &registry, false);
                let forgotten = slow.map(|mut file| {
                    file.forget_notes();
                    file
                });
                assert_eq!(lean, forgotten, "{path} without notes");
                direct += 1;
            } else {
                assert!(
                    slow.is_none(),
                    "{path} is well formed but was not read directly"
                );
            }
        }
        assert!(all > 10, "evidence files were found ({all})");
        assert!(
            direct > 10,
            "well-formed files were read directly ({direct} of {all})"
        );
    }

    /// Evidence files mutated many ways: whatever the direct path takes, the checked
    /// path takes without a word and reads the same.
    #[test]
    fn mutated_evidence_taken_directly_reads_the_same_checked() {
        let registry = registry();
        const PIECES: &[&str] = &[
            ":",
            "-",
            "[",
            "]",
            "{",
            "}",
            " #",
            "'",
            "\"",
            "\n",
            " ",
            "&a ",
            "*a",
            "!",
            "|",
            ">",
            "~",
            ",",
            "1",
            "no",
            "\n  ",
            "\n- ",
            "é",
            "partly",
            "good",
            "area: ",
            "criterion: ",
            "note: ",
            "force_id: x\n",
            "\u{a0}",
        ];
        let mut mutations = crate::read::yaml::Mutations::new(0x2545_f491_4f6c_dd1d, PIECES);
        let (mut taken, mut tried) = (0, 0);
        for (path, text) in evidence_files() {
            for _ in 0..40 {
                let mutated = mutations.of(&text);
                tried += 1;
                if let Some(fast) = read(&path, &mutated, &registry, true) {
                    let slow = checked(&path, &mutated, &registry);
                    assert_eq!(Some(&fast), slow.as_ref(), "{mutated}");
                    taken += 1;
                }
            }
        }
        assert!(
            taken > 50,
            "the direct path took {taken} of {tried} mutated files"
        );
        assert!(taken < tried, "some mutations are left to the checked path");
    }

    #[test]
    fn what_the_checked_path_would_speak_of_is_left_to_it() {
        let registry = registry();
        let head = "force: Kent\ncycle: \"2023-25\"\nrubric: peel-2023-25\n";
        for body in [
            "judgements:\n  - {criterion: nope, judgement: partly}\n",
            "judgements:\n  - {criterion: PP1, judgement: partially}\n",
            "judgements:\n  - {criterion: PP1, judgement: partly, note: seen # here}\n",
            "judgements:\n  - {criterion: PP1, judgement: partly}\n  - {criterion: PP1, judgement: partly}\n",
            "judgements:\n  - {criterion: PP1}\n",
            "judgements:\n  - {criterion: PP1, judgement: partly, notes: x}\n",
            "moderation:\n  - {area: investigating-crime, grade: good, reason: \" \"}\n",
            "findings:\n  - {kind: cause_of_concern, area: nowhere, text: x}\n",
            "force_id: Not An Id\n",
            "forse: Kent\n",
            "cycle: \"2024\"\n",
        ] {
            let text = format!("{head}{body}");
            assert!(read("e.yaml", &text, &registry, true).is_none(), "{text}");
        }
        let good = format!("{head}judgements:\n  - {{criterion: PP1, judgement: partly}}\n");
        assert!(
            read("e.yaml", &good, &registry, true).is_some(),
            "the control is taken"
        );
        let tabbed = good.replace("Kent", "Kent\tPolice");
        assert!(
            read("e.yaml", &tabbed, &registry, true).is_none(),
            "a control character in a name"
        );
        let later = "force: Kent\ncycle: \"2023\"\njudgements: []\nrubric: peel-2023-25\n";
        assert!(
            read("e.yaml", later, &registry, true).is_none(),
            "lists before the rubric"
        );
    }
}
