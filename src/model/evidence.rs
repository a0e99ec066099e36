//! Evidence files: judgements on criteria, findings and moderation for one force,
//! validated against their rubric and merged across the files an inspector keeps.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use crate::location::Location;

use crate::diag::Diagnostic;
use crate::model::grade::{Grade, normalise_word};
use crate::model::rubric::Rubric;
use crate::suggest::did_you_mean;

mod merge;
pub use crate::model::ids::slug;
pub use merge::{Merged, Merger, merge};

/// An inspector's judgement of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Judgement {
    /// The force went beyond the criterion.
    Exceeded,
    /// The force showed the criterion.
    Demonstrated,
    /// The force showed part of the criterion.
    Partly,
    /// The force did not show the criterion.
    NotDemonstrated,
    /// The criterion was not looked at; the same as no judgement.
    NotAssessed,
}

impl Judgement {
    const NAMES: [&'static str; 5] = [
        "exceeded",
        "demonstrated",
        "partly",
        "not_demonstrated",
        "not_assessed",
    ];

    /// The canonical snake_case word.
    pub fn as_str(self) -> &'static str {
        match self {
            Judgement::Exceeded => "exceeded",
            Judgement::Demonstrated => "demonstrated",
            Judgement::Partly => "partly",
            Judgement::NotDemonstrated => "not_demonstrated",
            Judgement::NotAssessed => "not_assessed",
        }
    }
}

impl FromStr for Judgement {
    type Err = String;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let word = normalise_word(input);
        Ok(match &*word {
            "exceeded" => Judgement::Exceeded,
            "demonstrated" => Judgement::Demonstrated,
            "partly" => Judgement::Partly,
            "not_demonstrated" => Judgement::NotDemonstrated,
            "not_assessed" => Judgement::NotAssessed,
            _ => {
                let hint = did_you_mean(&word, Judgement::NAMES)
                    .map(|best| format!(" (did you mean \"{best}\"?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "unknown judgement \"{input}\"{hint}; expected one of {}",
                    Judgement::NAMES.join(", ")
                ));
            }
        })
    }
}

impl FromStr for FindingKind {
    type Err = String;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let word = normalise_word(input);
        Ok(match &*word {
            "cause_of_concern" => FindingKind::CauseOfConcern,
            "area_for_improvement" => FindingKind::AreaForImprovement,
            "innovative_practice" => FindingKind::InnovativePractice,
            "promising_practice" => FindingKind::PromisingPractice,
            _ => {
                let hint = did_you_mean(&word, FindingKind::NAMES)
                    .map(|best| format!(" (did you mean `{best}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "unknown value `{input}`{hint}; expected one of {}",
                    FindingKind::NAMES.join(", ")
                ));
            }
        })
    }
}

/// The kinds of finding an inspection reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingKind {
    /// A serious, critical or systemic shortcoming, with recommendations.
    CauseOfConcern,
    /// A shortcoming the force should address.
    AreaForImprovement,
    /// New practice worth others considering.
    InnovativePractice,
    /// Practice that looks effective and others may learn from.
    PromisingPractice,
}

impl FindingKind {
    const NAMES: [&'static str; 4] = [
        "cause_of_concern",
        "area_for_improvement",
        "innovative_practice",
        "promising_practice",
    ];
    /// The canonical snake_case word, as evidence files write it.
    pub fn as_str(self) -> &'static str {
        // NAMES lists the kinds in the order they are declared.
        FindingKind::NAMES[self as usize]
    }

    /// The words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::CauseOfConcern => "cause of concern",
            FindingKind::AreaForImprovement => "area for improvement",
            FindingKind::InnovativePractice => "innovative practice",
            FindingKind::PromisingPractice => "promising practice",
        }
    }
}

/// Where a value was written: a file and a line and column in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file's path as given.
    pub path: Arc<str>,
    /// Line and column, from 1.
    pub line: u64,
    /// Column, from 1.
    pub column: u64,
}

impl Place {
    /// The place at `location` in the file at `path`.
    pub fn new(path: &Arc<str>, location: Location) -> Self {
        Place {
            path: Arc::clone(path),
            line: location.line(),
            column: location.column(),
        }
    }

    /// A problem or warning at this place.
    pub fn diagnostic(&self, message: String) -> Diagnostic {
        Diagnostic::at_line(&self.path, self.line, self.column, message)
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

/// A judgement of one criterion and where it was written. The criterion is its
/// position in the rubric, not a copy of its id: a run over many forces holds one
/// entry per judgement, so each is kept small.
#[derive(Debug, Clone, PartialEq)]
pub struct JudgementEntry {
    /// The criterion's position in its rubric ([`crate::model::rubric::Criterion::index`]).
    pub index: u32,
    /// The judgement.
    pub judgement: Judgement,
    /// The inspector's note and source, kept only for `--explain`.
    pub notes: Option<Box<Notes>>,
    /// Where the judgement was written.
    pub place: Place,
}

/// What an inspector wrote beside a judgement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notes {
    /// The inspector's note, if any.
    pub note: Option<String>,
    /// Where the evidence came from (a report section), if given.
    pub source: Option<String>,
}

impl JudgementEntry {
    /// The inspector's note, if kept.
    pub fn note(&self) -> Option<&str> {
        self.notes.as_ref()?.note.as_deref()
    }

    /// The evidence's source, if kept.
    pub fn source(&self) -> Option<&str> {
        self.notes.as_ref()?.source.as_deref()
    }
}

/// A finding in one area.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// What kind of finding.
    pub kind: FindingKind,
    /// The area id, shared with the rubric's area.
    pub area: Arc<str>,
    /// What the inspectors found.
    pub text: String,
}

/// A moderated grade that replaces the computed one.
#[derive(Debug, Clone, PartialEq)]
pub struct Moderation {
    /// The area id.
    pub area: String,
    /// The grade given by moderation.
    pub grade: Grade,
    /// Why the grade was moderated.
    pub reason: String,
    /// Where the moderation was written.
    pub place: Place,
}

/// One evidence file, parsed and checked against its rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceFile {
    /// The file's path as given.
    pub path: Arc<str>,
    /// The force's name.
    pub force: String,
    /// The force's id, given or slugged from its name.
    pub force_id: String,
    /// The inspection cycle's label.
    pub cycle: String,
    /// The rubric id.
    pub rubric: String,
    /// Judgements in file order.
    pub judgements: Vec<JudgementEntry>,
    /// Findings in file order.
    pub findings: Vec<Finding>,
    /// Moderations in file order.
    pub moderation: Vec<Moderation>,
    /// Where the force's name was written.
    pub force_place: Place,
    /// Where the cycle was written.
    pub cycle_place: Place,
    /// Warnings about the file, such as a note cut short by a YAML comment.
    pub warnings: Vec<Diagnostic>,
}

impl EvidenceFile {
    /// Drops what only `--explain` prints: notes and sources, and the texts of findings
    /// but the first cause of concern of each area (a grade needs only their number;
    /// the first cause of concern's text is the reason for its ceiling, and a later
    /// one in the same file can never be first), so that memory follows what the
    /// report needs rather than the size of the corpus.
    pub fn forget_notes(&mut self) {
        for judgement in &mut self.judgements {
            judgement.notes = None;
        }
        let mut concerned: Vec<&str> = Vec::new();
        for finding in &mut self.findings {
            let first =
                finding.kind == FindingKind::CauseOfConcern && !concerned.contains(&&*finding.area);
            if first {
                concerned.push(&finding.area);
            } else {
                finding.text = String::new();
            }
        }
    }
}

/// The evidence of one force for one cycle and rubric, merged from its files.
#[derive(Debug, Clone)]
pub struct ForceEvidence {
    /// The force's name (from the first file).
    pub force: String,
    /// The force's id.
    pub force_id: String,
    /// The inspection cycle's label.
    pub cycle: String,
    /// The rubric the evidence is judged against.
    pub rubric: Arc<Rubric>,
    /// Judgements given, ordered by criterion position in the rubric
    /// ([`crate::model::rubric::Criterion::index`]); a criterion not judged has none.
    pub judgements: Vec<JudgementEntry>,
    /// Findings in file order.
    pub findings: Vec<Finding>,
    /// Moderations by area id.
    pub moderation: HashMap<String, Moderation>,
}

impl ForceEvidence {
    /// Evidence for `rubric` with nothing judged, found or moderated yet.
    pub fn new(force: String, force_id: String, cycle: String, rubric: Arc<Rubric>) -> Self {
        ForceEvidence {
            judgements: Vec::new(),
            force,
            force_id,
            cycle,
            rubric,
            findings: Vec::new(),
            moderation: HashMap::new(),
        }
    }

    /// The judgement of a criterion of this evidence's rubric, if one was given.
    pub fn judgement(
        &self,
        criterion: &crate::model::rubric::Criterion,
    ) -> Option<&JudgementEntry> {
        let index = u32::try_from(criterion.index).ok()?;
        let at = self
            .judgements
            .binary_search_by_key(&index, |j| j.index)
            .ok()?;
        self.judgements.get(at)
    }

    /// Sets a criterion's judgement, replacing any it had.
    pub fn set_judgement(&mut self, entry: JudgementEntry) {
        match self
            .judgements
            .binary_search_by_key(&entry.index, |j| j.index)
        {
            Ok(at) => self.judgements[at] = entry,
            Err(at) => self.judgements.insert(at, entry),
        }
    }

    /// Adds one file's evidence: a criterion judged twice or an area moderated twice
    /// is a problem naming both places; `not_assessed` is no judgement, so it neither
    /// clashes with one nor replaces it.
    fn add(&mut self, file: EvidenceFile, problems: &mut Vec<Diagnostic>) {
        for judgement in file.judgements {
            let found = self
                .judgements
                .binary_search_by_key(&judgement.index, |j| j.index);
            match found {
                Ok(_) if judgement.judgement == Judgement::NotAssessed => {}
                Ok(at) if self.judgements[at].judgement == Judgement::NotAssessed => {
                    self.judgements[at] = judgement;
                }
                Ok(at) => {
                    let first = &self.judgements[at];
                    let id = self
                        .rubric
                        .criterion_at(judgement.index)
                        .map_or("", |c| &c.id);
                    problems.push(judgement.place.diagnostic(format!(
                        "criterion \"{id}\" is judged twice for {} {}: here and at {}",
                        self.force, self.cycle, first.place
                    )));
                }
                Err(at) => self.judgements.insert(at, judgement),
            }
        }
        self.findings.extend(file.findings);
        for entry in file.moderation {
            if let Some(first) = self.moderation.get(&entry.area) {
                problems.push(entry.place.diagnostic(format!(
                    "area \"{}\" is moderated twice for {} {}: here and at {}",
                    entry.area, self.force, self.cycle, first.place
                )));
                continue;
            }
            self.moderation.insert(entry.area.clone(), entry);
        }
    }
}

/// The force's id: the one given, checked, or else its name slugged; `problem` is
/// told where either is unusable. Evidence and published sheets share this rule.
pub(crate) fn force_id_of(
    force: (&str, Location),
    force_id: Option<(&str, Location)>,
    mut problem: impl FnMut(Location, String),
) -> String {
    match force_id {
        Some((id, at)) => {
            if !crate::model::rubric::is_valid_id(id) {
                problem(
                    at,
                    format!("force_id \"{id}\" must be lowercase letters, digits and '-'"),
                );
            }
            id.to_string()
        }
        None => {
            let (name, at) = force;
            let id = slug(name);
            if id.is_empty() {
                problem(
                    at,
                    format!(
                        "force name \"{name}\" has no letters or digits to make an id from; add a force_id"
                    ),
                );
            }
            id
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FindingKind;

    #[test]
    fn a_finding_kind_is_written_as_the_word_it_is_read_from() {
        for name in FindingKind::NAMES {
            let kind: FindingKind = name.parse().unwrap();
            assert_eq!(kind.as_str(), name);
        }
    }
}
