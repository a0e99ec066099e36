//! Evidence files: judgements on criteria, findings and moderation for one force,
//! validated against their rubric and merged across the files an inspector keeps.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use crate::location::Location;

use crate::diag::{Diagnostic, Diagnostics};
use crate::grade::{Grade, normalise_word};
use crate::rubric::{Registry, Rubric};
use crate::suggest::did_you_mean;
use crate::yaml::{self, Checker, Fields};

mod direct;
mod merge;
pub use crate::ids::slug;
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
        Ok(match word.as_str() {
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
        Ok(match word.as_str() {
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
    fn new(path: &Arc<str>, location: Location) -> Self {
        Place {
            path: Arc::clone(path),
            line: location.line(),
            column: location.column(),
        }
    }

    fn diagnostic(&self, message: String) -> Diagnostic {
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
    /// The criterion's position in its rubric ([`crate::rubric::Criterion::index`]).
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
    /// The area id.
    pub area: String,
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
            let first = finding.kind == FindingKind::CauseOfConcern
                && !concerned.contains(&finding.area.as_str());
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
    /// ([`crate::rubric::Criterion::index`]); a criterion not judged has none.
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
    pub fn judgement(&self, criterion: &crate::rubric::Criterion) -> Option<&JudgementEntry> {
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
            if !crate::rubric::is_valid_id(id) {
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

/// The keys an evidence file may have at its top level.
const EVIDENCE_KEYS: [&str; 7] = [
    "force",
    "force_id",
    "cycle",
    "rubric",
    "judgements",
    "findings",
    "moderation",
];

/// Parses one evidence file and checks every id in it against the rubric it names,
/// reporting every problem of the file, not only the first.
pub fn parse_evidence(
    path: &str,
    text: &str,
    registry: &Registry,
) -> Result<EvidenceFile, Diagnostics> {
    parse_evidence_keeping(path, text, registry, true)
}

/// [`parse_evidence`], keeping notes, sources and the texts of findings a grade does
/// not need only when `keep_notes` (as [`EvidenceFile::forget_notes`] leaves a file).
pub fn parse_evidence_keeping(
    path: &str,
    text: &str,
    registry: &Registry,
    keep_notes: bool,
) -> Result<EvidenceFile, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut file = match direct::read(path, text, registry, keep_notes) {
        Some(file) => file,
        None => parse_checked(path, text, registry)?,
    };
    if !keep_notes {
        file.forget_notes();
    }
    Ok(file)
}

/// [`parse_evidence`] through the located tree and its checker: the path that can say
/// everything wrong with a file.
fn parse_checked(path: &str, text: &str, registry: &Registry) -> Result<EvidenceFile, Diagnostics> {
    let root = yaml::parse(path, text)?;
    let mut checker = Checker::new(path, text);
    let shared_path: Arc<str> = Arc::from(path);
    let Some(fields) = checker.fields(&root, &EVIDENCE_KEYS) else {
        return Err(Diagnostics(checker.problems));
    };
    let force = checker.required(&fields, "force");
    let force_name = force.and_then(|node| checker.text(node));
    let force_id_text = fields.get("force_id").and_then(|node| checker.text(node));
    let force_id = match (&force_name, force) {
        (Some(name), Some(node)) => force_id_of(
            (name, node.at),
            force_id_text
                .as_deref()
                .zip(fields.get("force_id").map(|n| n.at)),
            |at, message| checker.problem(at, message),
        ),
        _ => String::new(),
    };
    let cycle = checker.required(&fields, "cycle");
    let cycle_text = cycle.and_then(|node| checker.text(node));
    if let (Some(label), Some(node)) = (&cycle_text, cycle)
        && label.trim().is_empty()
    {
        checker.problem(node.at, "cycle must not be empty");
    }
    let rubric_node = checker.required(&fields, "rubric");
    let rubric_id = rubric_node.and_then(|node| checker.text(node));
    let rubric = match (&rubric_id, rubric_node) {
        (Some(id), Some(node)) => {
            let found = registry.get(id);
            if found.is_none() {
                checker.problem(node.at, registry.unknown_rubric_message(id));
            }
            found
        }
        _ => None,
    };
    let judgements = read_judgements(&mut checker, &fields, rubric, &shared_path);
    let findings = read_findings(&mut checker, &fields, rubric);
    let moderation = read_moderation(&mut checker, &fields, rubric, &shared_path);
    let place = |node: Option<&yaml::Node>| {
        Place::new(&shared_path, node.map_or(Location::UNKNOWN, |n| n.at))
    };
    let (force_place, cycle_place) = (place(force), place(cycle));
    let (file, warnings) = checker.finish((force_name, cycle_text, rubric_id))?;
    let (Some(force), Some(cycle), Some(rubric)) = file else {
        // Never reached: a missing value always records a problem first.
        return Err(Diagnostic::file(path, "force, cycle and rubric are needed").into());
    };
    Ok(EvidenceFile {
        path: shared_path,
        force,
        force_id,
        cycle,
        rubric,
        judgements,
        findings,
        moderation,
        force_place,
        cycle_place,
        warnings,
    })
}

/// The judgements of a file, each criterion checked against the rubric (when known)
/// and judged at most once; `not_assessed` is no judgement and never a duplicate.
fn read_judgements(
    checker: &mut Checker,
    fields: &Fields,
    rubric: Option<&Arc<Rubric>>,
    path: &Arc<str>,
) -> Vec<JudgementEntry> {
    let items = checker.list(fields.get("judgements"));
    let mut judgements = Vec::with_capacity(items.len());
    let mut seen: HashMap<usize, Location> = HashMap::new();
    for item in items {
        let Some(entry) = checker.fields(item, &["criterion", "judgement", "note", "source"])
        else {
            continue;
        };
        let criterion = checker.required(&entry, "criterion");
        let id = criterion.and_then(|node| checker.text(node));
        let judgement = checker
            .required(&entry, "judgement")
            .and_then(|node| checker.word::<Judgement>(node));
        let note = entry.get("note").and_then(|n| checker.prose(n, "note"));
        let source = entry.get("source").and_then(|n| checker.prose(n, "source"));
        let (Some(id), Some(criterion)) = (id, criterion) else {
            continue;
        };
        let Some(rubric) = rubric else { continue };
        let Some((_, found)) = rubric.criterion(&id) else {
            checker.problem(criterion.at, criterion_message(rubric, &id));
            continue;
        };
        let Some(judgement) = judgement else { continue };
        if judgement != Judgement::NotAssessed
            && let Some(first) = seen.insert(found.index, criterion.at)
        {
            checker.problem(
                criterion.at,
                format!(
                    "criterion \"{id}\" is judged twice (first at line {})",
                    first.line()
                ),
            );
        }
        let notes = (note.is_some() || source.is_some()).then(|| Box::new(Notes { note, source }));
        judgements.push(JudgementEntry {
            index: u32::try_from(found.index).unwrap_or(u32::MAX),
            place: Place::new(path, criterion.at),
            judgement,
            notes,
        });
    }
    judgements
}

/// "unknown criterion", saying so when a look-alike space hides a known id.
fn criterion_message(rubric: &Rubric, id: &str) -> String {
    let message = rubric.unknown_criterion_message(id);
    match look_alike_space(id) {
        Some(name) => format!("{message}; it contains a {name}"),
        None => message,
    }
}

/// The name of a space in `text` that looks like an ordinary one but is not.
pub(crate) fn look_alike_space(text: &str) -> Option<&'static str> {
    text.chars().find_map(|c| match c {
        '\u{a0}' => Some("non-breaking space (U+00A0)"),
        '\u{202f}' => Some("narrow non-breaking space (U+202F)"),
        '\u{2007}' => Some("figure space (U+2007)"),
        c if c.is_whitespace() && !c.is_ascii() => Some("look-alike space"),
        _ => None,
    })
}

/// The area a finding or moderation names, checked against the rubric when known.
fn read_area(
    checker: &mut Checker,
    node: &yaml::Node,
    rubric: Option<&Arc<Rubric>>,
) -> Option<String> {
    let id = checker.text(node)?;
    let rubric = rubric?;
    if rubric.area(&id).is_none() {
        let message = rubric.unknown_area_message(&id);
        match look_alike_space(&id) {
            Some(name) => checker.problem(node.at, format!("{message}; it contains a {name}")),
            None => checker.problem(node.at, message),
        }
        return None;
    }
    Some(id)
}

/// The findings of a file.
fn read_findings(
    checker: &mut Checker,
    fields: &Fields,
    rubric: Option<&Arc<Rubric>>,
) -> Vec<Finding> {
    let items = checker.list(fields.get("findings"));
    let mut findings = Vec::with_capacity(items.len());
    for item in items {
        let Some(entry) = checker.fields(item, &["kind", "area", "text"]) else {
            continue;
        };
        let kind = checker
            .required(&entry, "kind")
            .and_then(|node| checker.word::<FindingKind>(node));
        let area = checker
            .required(&entry, "area")
            .and_then(|node| read_area(checker, node, rubric));
        let text = checker
            .required(&entry, "text")
            .and_then(|node| checker.prose(node, "text"));
        if let (Some(kind), Some(area), Some(text)) = (kind, area, text) {
            findings.push(Finding { kind, area, text });
        }
    }
    findings
}

/// The moderations of a file: each area at most once, each with a reason.
fn read_moderation(
    checker: &mut Checker,
    fields: &Fields,
    rubric: Option<&Arc<Rubric>>,
    path: &Arc<str>,
) -> Vec<Moderation> {
    let items = checker.list(fields.get("moderation"));
    let mut moderation = Vec::with_capacity(items.len());
    let mut moderated: HashMap<String, Location> = HashMap::new();
    for item in items {
        let Some(entry) = checker.fields(item, &["area", "grade", "reason"]) else {
            continue;
        };
        let area_node = checker.required(&entry, "area");
        let area = area_node.and_then(|node| read_area(checker, node, rubric));
        let grade = checker
            .required(&entry, "grade")
            .and_then(|node| checker.word::<Grade>(node));
        let reason_node = checker.required(&entry, "reason");
        let reason = reason_node.and_then(|node| checker.prose(node, "reason"));
        if let (Some(reason), Some(node)) = (&reason, reason_node)
            && reason.trim().is_empty()
        {
            checker.problem(
                node.at,
                "a moderation needs a reason: say why the grade differs from the computed one",
            );
        }
        let (Some(area), Some(area_node)) = (area, area_node) else {
            continue;
        };
        if let Some(first) = moderated.insert(area.clone(), area_node.at) {
            checker.problem(
                area_node.at,
                format!(
                    "area \"{area}\" is moderated twice (first at line {})",
                    first.line()
                ),
            );
        }
        if let (Some(grade), Some(reason)) = (grade, reason) {
            moderation.push(Moderation {
                place: Place::new(path, area_node.at),
                area,
                grade,
                reason,
            });
        }
    }
    moderation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn force_ids_are_slugged_from_names() {
        assert_eq!(slug("Devon & Cornwall Police"), "devon-cornwall-police");
        assert_eq!(
            slug("Metropolitan Police Service"),
            "metropolitan-police-service"
        );
        assert_eq!(slug("  --Kent--  "), "kent");
        assert_eq!(
            slug("Avon and Somerset Constabulary"),
            "avon-and-somerset-constabulary"
        );
        assert_eq!(slug("Heddlu Dyfed-Powys"), "heddlu-dyfed-powys");
        assert_eq!(slug("Gwent™ Police"), "gwent-police");
        assert_eq!(slug("&&&"), "");
    }

    #[test]
    fn judgements_accept_case_and_spacing() {
        assert_eq!(
            "Not demonstrated".parse::<Judgement>(),
            Ok(Judgement::NotDemonstrated)
        );
        assert_eq!("PARTLY".parse::<Judgement>(), Ok(Judgement::Partly));
        let err = "demonstated".parse::<Judgement>().unwrap_err();
        assert!(err.contains("did you mean \"demonstrated\"?"), "{err}");
    }

    #[test]
    fn forgetting_notes_keeps_only_each_areas_first_cause_of_concern() {
        let registry = crate::rubric::Registry::new(Vec::new()).expect("the built-in rubrics load");
        let text = "force: Kent\ncycle: \"2024\"\nrubric: peel-2023-25\njudgements: []\nfindings:\n\
            - {kind: area_for_improvement, area: investigating-crime, text: a}\n\
            - {kind: cause_of_concern, area: investigating-crime, text: b}\n\
            - {kind: cause_of_concern, area: investigating-crime, text: c}\n\
            - {kind: cause_of_concern, area: preventing-crime, text: d}\n";
        let mut file = parse_evidence("k.yaml", text, &registry).expect("the evidence parses");
        file.forget_notes();
        let texts: Vec<&str> = file.findings.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["", "b", "", "d"]);
        assert_eq!(file.findings.len(), 4, "every finding still counts");
    }
}
