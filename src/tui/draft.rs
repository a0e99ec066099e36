//! The evidence being scored: what the screen shows and a save writes, turned into
//! the engine's evidence on every change. Pure: no I/O.

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::assess::assess;
use crate::model::evidence::{
    EvidenceFile, Finding, FindingKind, ForceEvidence, Judgement, JudgementEntry, Moderation,
    Notes, Place,
};
use crate::model::rubric::Rubric;
use crate::model::sheet::Sheet;

/// A criterion's judgement and what the inspector wrote beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// The judgement.
    pub judgement: Judgement,
    /// The inspector's note, if any.
    pub note: Option<String>,
    /// Where the evidence came from, if given.
    pub source: Option<String>,
}

/// One force's evidence for one cycle, criterion by criterion, as being scored.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The rubric judged against.
    pub rubric: Arc<Rubric>,
    /// The force's name.
    pub force: String,
    /// The force's id.
    pub force_id: String,
    /// The cycle's label.
    pub cycle: String,
    /// Each criterion's judgement by its position in the rubric; `None` where none is
    /// written.
    pub judged: Vec<Option<Judged>>,
    /// Findings in file order.
    pub findings: Vec<Finding>,
    /// Moderations in file order (shown and kept, not edited here).
    pub moderation: Vec<Moderation>,
    /// The file's path as shown.
    pub path: Arc<str>,
}

impl Draft {
    /// Nothing judged yet against `rubric`.
    pub fn empty(
        rubric: Arc<Rubric>,
        force: &str,
        force_id: &str,
        cycle: &str,
        path: &str,
    ) -> Self {
        Draft {
            judged: vec![None; rubric.criterion_count()],
            rubric,
            force: force.to_string(),
            force_id: force_id.to_string(),
            cycle: cycle.to_string(),
            findings: Vec::new(),
            moderation: Vec::new(),
            path: Arc::from(path),
        }
    }

    /// The draft of a file peel read: where a criterion is written more than once (as
    /// `not_assessed` and judged), the judged one, as grading takes it.
    pub fn of_file(file: &EvidenceFile, rubric: Arc<Rubric>) -> Self {
        let mut draft = Draft::empty(rubric, &file.force, &file.force_id, &file.cycle, &file.path);
        for entry in &file.judgements {
            let Some(slot) = draft.judged.get_mut(entry.index as usize) else {
                continue;
            };
            if slot
                .as_ref()
                .is_none_or(|j| j.judgement == Judgement::NotAssessed)
            {
                *slot = Some(Judged {
                    judgement: entry.judgement,
                    // An empty note is none, as the screen shows it and a save of a
                    // cleared note may write it (`note: ""` where it is the first key).
                    note: entry
                        .note()
                        .filter(|n| !n.trim().is_empty())
                        .map(str::to_string),
                    source: entry.source().map(str::to_string),
                });
            }
        }
        draft.findings = file.findings.clone();
        draft.moderation = file.moderation.clone();
        draft
    }

    /// The judgement of the criterion at `index`: not assessed where none is written.
    pub fn judgement(&self, index: usize) -> Judgement {
        self.judged
            .get(index)
            .and_then(Option::as_ref)
            .map_or(Judgement::NotAssessed, |j| j.judgement)
    }

    /// The note of the criterion at `index`, if any.
    pub fn note(&self, index: usize) -> Option<&str> {
        self.judged.get(index)?.as_ref()?.note.as_deref()
    }

    /// Sets the judgement of the criterion at `index`, keeping its note and source.
    pub fn judge(&mut self, index: usize, judgement: Judgement) {
        if let Some(slot) = self.judged.get_mut(index) {
            match slot {
                Some(judged) => judged.judgement = judgement,
                None => {
                    *slot = Some(Judged {
                        judgement,
                        note: None,
                        source: None,
                    })
                }
            }
        }
    }

    /// Sets the note of the criterion at `index`; an empty note is none.
    pub fn set_note(&mut self, index: usize, note: &str) {
        let note = (!note.trim().is_empty()).then(|| note.to_string());
        if let Some(slot) = self.judged.get_mut(index) {
            match slot {
                Some(judged) => judged.note = note,
                None if note.is_some() => {
                    *slot = Some(Judged {
                        judgement: Judgement::NotAssessed,
                        note,
                        source: None,
                    })
                }
                None => {}
            }
        }
    }

    /// Adds a finding to the area `area`.
    pub fn add_finding(&mut self, kind: FindingKind, area: &str, text: &str) {
        self.findings.push(Finding {
            kind,
            area: Arc::from(area),
            text: text.to_string(),
        });
    }

    /// The engine's evidence of this draft.
    pub fn evidence(&self) -> ForceEvidence {
        let mut evidence = ForceEvidence::new(
            self.force.clone(),
            self.force_id.clone(),
            self.cycle.clone(),
            Arc::clone(&self.rubric),
        );
        let place = Place {
            path: Arc::clone(&self.path),
            line: 0,
            column: 0,
        };
        for (index, judged) in self.judged.iter().enumerate() {
            let (Some(judged), Ok(index)) = (judged, u32::try_from(index)) else {
                continue;
            };
            let notes = (judged.note.is_some() || judged.source.is_some()).then(|| {
                Box::new(Notes {
                    note: judged.note.clone(),
                    source: judged.source.clone(),
                })
            });
            evidence.set_judgement(JudgementEntry {
                index,
                judgement: judged.judgement,
                notes,
                place: place.clone(),
            });
        }
        evidence.findings = self.findings.clone();
        let mut moderation = HashMap::new();
        for entry in &self.moderation {
            moderation
                .entry(entry.area.clone())
                .or_insert_with(|| entry.clone());
        }
        evidence.moderation = moderation;
        evidence
    }

    /// Every area's grade and its reasons, as `peel grade --explain` works them out.
    pub fn sheet(&self) -> Sheet {
        assess(&self.evidence(), true)
    }

    /// Whether two drafts hold the same evidence: the same judgements (an unwritten one
    /// and a bare `not_assessed` being the same), notes, sources, findings and
    /// moderation. Places do not count.
    pub fn same_evidence(&self, other: &Draft) -> bool {
        let bare = |j: &Option<Judged>| -> Option<Judged> {
            j.clone().filter(|j| {
                j.judgement != Judgement::NotAssessed || j.note.is_some() || j.source.is_some()
            })
        };
        let findings = |d: &Draft| -> Vec<(FindingKind, String, String)> {
            d.findings
                .iter()
                .map(|f| (f.kind, f.area.to_string(), f.text.clone()))
                .collect()
        };
        let moderation = |d: &Draft| -> Vec<(String, String, String)> {
            d.moderation
                .iter()
                .map(|m| {
                    (
                        m.area.clone(),
                        m.grade.as_str().to_string(),
                        m.reason.clone(),
                    )
                })
                .collect()
        };
        self.rubric.id == other.rubric.id
            && self.force == other.force
            && self.force_id == other.force_id
            && self.cycle == other.cycle
            && self.judged.len() == other.judged.len()
            && self
                .judged
                .iter()
                .zip(&other.judged)
                .all(|(a, b)| bare(a) == bare(b))
            && findings(self) == findings(other)
            && moderation(self) == moderation(other)
    }
}
