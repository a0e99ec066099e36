//! Evidence files: judgements on criteria, findings and moderation for one force,
//! validated against their rubric and merged across the files an inspector keeps.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Deserializer};
use serde_saphyr::{Location, Spanned};

use crate::diag::{Diagnostic, Diagnostics};
use crate::grade::{Grade, normalise_word};
use crate::rubric::{Registry, Rubric};
use crate::suggest::{did_you_mean, near_miss_pairs};
use crate::yaml;

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

impl<'de> Deserialize<'de> for Judgement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The kinds of finding an inspection reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvidence {
    force: Spanned<String>,
    #[serde(default)]
    force_id: Option<Spanned<String>>,
    cycle: Spanned<String>,
    rubric: Spanned<String>,
    #[serde(default, deserialize_with = "yaml::null_as_empty")]
    judgements: Vec<RawJudgement>,
    #[serde(default, deserialize_with = "yaml::null_as_empty")]
    findings: Vec<RawFinding>,
    #[serde(default, deserialize_with = "yaml::null_as_empty")]
    moderation: Vec<RawModeration>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJudgement {
    criterion: Spanned<String>,
    judgement: Judgement,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFinding {
    kind: FindingKind,
    area: Spanned<String>,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModeration {
    area: Spanned<String>,
    grade: Grade,
    reason: Spanned<String>,
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

/// A judgement of one criterion with its note and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct JudgementEntry {
    /// The criterion judged.
    pub criterion: String,
    /// The criterion's position in its rubric ([`crate::rubric::Criterion::index`]).
    pub index: usize,
    /// The judgement.
    pub judgement: Judgement,
    /// The inspector's note, if any.
    pub note: Option<String>,
    /// Where the evidence came from (a report section), if given.
    pub source: Option<String>,
    /// Where the judgement was written.
    pub place: Place,
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
}

impl EvidenceFile {
    /// Drops notes and sources, which only `--explain` prints, so that memory follows
    /// what the report needs rather than the size of the corpus.
    pub fn forget_notes(&mut self) {
        for judgement in &mut self.judgements {
            judgement.note = None;
            judgement.source = None;
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
    /// Judgements by criterion position in the rubric ([`crate::rubric::Criterion::index`]).
    pub judgements: Vec<Option<JudgementEntry>>,
    /// Findings in file order.
    pub findings: Vec<Finding>,
    /// Moderations by area id.
    pub moderation: HashMap<String, Moderation>,
    /// The files merged, in order.
    pub files: Vec<Arc<str>>,
}

impl ForceEvidence {
    /// Evidence for `rubric` with nothing judged, found or moderated yet.
    pub fn new(force: String, force_id: String, cycle: String, rubric: Arc<Rubric>) -> Self {
        ForceEvidence {
            judgements: std::iter::repeat_with(|| None)
                .take(rubric.criterion_count())
                .collect(),
            force,
            force_id,
            cycle,
            rubric,
            findings: Vec::new(),
            moderation: HashMap::new(),
            files: Vec::new(),
        }
    }

    /// The judgement of a criterion of this evidence's rubric, if one was given.
    pub fn judgement(&self, criterion: &crate::rubric::Criterion) -> Option<&JudgementEntry> {
        self.judgements.get(criterion.index)?.as_ref()
    }
}

/// The default force id: ASCII letters lowercased and digits, other runs as one '-'.
pub fn slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// The force's id: the one given, checked, or else its name slugged; `problem` is
/// told where either is unusable. Evidence and published sheets share this rule.
pub(crate) fn force_id_of(
    force: &Spanned<String>,
    force_id: Option<&Spanned<String>>,
    mut problem: impl FnMut(Location, String),
) -> String {
    match force_id {
        Some(id) => {
            if !crate::rubric::is_valid_id(&id.value) {
                problem(
                    id.referenced,
                    format!(
                        "force_id \"{}\" must be lowercase letters, digits and '-'",
                        id.value
                    ),
                );
            }
            id.value.clone()
        }
        None => {
            let id = slug(&force.value);
            if id.is_empty() {
                problem(
                    force.referenced,
                    format!(
                        "force name \"{}\" has no letters or digits to make an id from; add a force_id",
                        force.value
                    ),
                );
            }
            id
        }
    }
}

/// Parses one evidence file and checks every id in it against the rubric it names.
pub fn parse_evidence(
    path: &str,
    text: &str,
    registry: &Registry,
) -> Result<EvidenceFile, Diagnostics> {
    let raw: RawEvidence = yaml::from_str(path, text)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let shared_path: Arc<str> = Arc::from(path);
    let mut problems = Vec::new();

    let force_id = force_id_of(&raw.force, raw.force_id.as_ref(), |location, message| {
        problems.push(Diagnostic::at(path, text, location, message));
    });
    if raw.cycle.value.trim().is_empty() {
        problems.push(Diagnostic::at(
            path,
            text,
            raw.cycle.referenced,
            "cycle must not be empty",
        ));
    }

    let Some(rubric) = registry.get(&raw.rubric.value) else {
        problems.push(Diagnostic::at(
            path,
            text,
            raw.rubric.referenced,
            registry.unknown_rubric_message(&raw.rubric.value),
        ));
        return Err(Diagnostics(problems));
    };

    let mut judgements = Vec::with_capacity(raw.judgements.len());
    let mut seen: Vec<Option<Location>> = vec![None; rubric.criterion_count()];
    let mut indices = Vec::with_capacity(raw.judgements.len());
    for judgement in &raw.judgements {
        let criterion = &judgement.criterion;
        let Some((_, found)) = rubric.criterion(&criterion.value) else {
            problems.push(Diagnostic::at(
                path,
                text,
                criterion.referenced,
                rubric.unknown_criterion_message(&criterion.value),
            ));
            indices.push(0);
            continue;
        };
        indices.push(found.index);
        if let Some(first) = seen[found.index].replace(criterion.referenced) {
            problems.push(Diagnostic::at(
                path,
                text,
                criterion.referenced,
                format!(
                    "criterion \"{}\" is judged twice (first at line {})",
                    criterion.value,
                    first.line()
                ),
            ));
        }
    }
    for (judgement, index) in raw.judgements.into_iter().zip(indices) {
        judgements.push(JudgementEntry {
            index,
            place: Place::new(&shared_path, judgement.criterion.referenced),
            criterion: judgement.criterion.value,
            judgement: judgement.judgement,
            note: judgement.note,
            source: judgement.source,
        });
    }

    let mut findings = Vec::with_capacity(raw.findings.len());
    for finding in raw.findings {
        if rubric.area(&finding.area.value).is_none() {
            problems.push(Diagnostic::at(
                path,
                text,
                finding.area.referenced,
                rubric.unknown_area_message(&finding.area.value),
            ));
        }
        findings.push(Finding {
            kind: finding.kind,
            area: finding.area.value,
            text: finding.text,
        });
    }

    let mut moderation = Vec::with_capacity(raw.moderation.len());
    let mut moderated: HashMap<String, Location> = HashMap::new();
    for entry in raw.moderation {
        if rubric.area(&entry.area.value).is_none() {
            problems.push(Diagnostic::at(
                path,
                text,
                entry.area.referenced,
                rubric.unknown_area_message(&entry.area.value),
            ));
        } else if let Some(first) =
            moderated.insert(entry.area.value.clone(), entry.area.referenced)
        {
            problems.push(Diagnostic::at(
                path,
                text,
                entry.area.referenced,
                format!(
                    "area \"{}\" is moderated twice (first at line {})",
                    entry.area.value,
                    first.line()
                ),
            ));
        }
        if entry.reason.value.trim().is_empty() {
            problems.push(Diagnostic::at(
                path,
                text,
                entry.reason.referenced,
                "a moderation needs a reason: say why the grade differs from the computed one",
            ));
        }
        moderation.push(Moderation {
            place: Place::new(&shared_path, entry.area.referenced),
            area: entry.area.value,
            grade: entry.grade,
            reason: entry.reason.value,
        });
    }

    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    Ok(EvidenceFile {
        path: shared_path,
        force: raw.force.value,
        force_id,
        cycle: raw.cycle.value,
        rubric: raw.rubric.value,
        judgements,
        findings,
        moderation,
    })
}

/// Evidence merged per force, cycle and rubric, with any warnings about near-miss names.
#[derive(Debug, Clone)]
pub struct Merged {
    /// One entry per force, cycle and rubric, ordered by force id then cycle.
    pub forces: Vec<ForceEvidence>,
    /// Warnings for the user, such as a force name that looks like a typo of another.
    pub warnings: Vec<String>,
}

/// Merges files of the same force id, cycle and rubric; a criterion judged twice or an
/// area moderated twice across them is an error naming both places.
pub fn merge(files: Vec<EvidenceFile>, registry: &Registry) -> Result<Merged, Diagnostics> {
    // Group first (moves only), then merge each group on every core; a group's files
    // keep their input order, so the result is the same on one thread as on many.
    let mut groups: BTreeMap<(String, String, String), Vec<EvidenceFile>> = BTreeMap::new();
    for file in files {
        let key = (
            file.force_id.clone(),
            file.cycle.clone(),
            file.rubric.clone(),
        );
        groups.entry(key).or_default().push(file);
    }
    let merged: Vec<(Option<ForceEvidence>, Vec<Diagnostic>)> = groups
        .into_par_iter()
        .map(|(_, files)| merge_group(files, registry))
        .collect();
    let mut forces = Vec::with_capacity(merged.len());
    let mut problems = Vec::new();
    for (force, mut found) in merged {
        forces.extend(force);
        problems.append(&mut found);
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    let warnings = near_miss_warnings(&forces);
    Ok(Merged { forces, warnings })
}

/// Merges the files of one force, cycle and rubric; a criterion judged twice or an
/// area moderated twice is a problem naming both places.
fn merge_group(
    files: Vec<EvidenceFile>,
    registry: &Registry,
) -> (Option<ForceEvidence>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let Some(first) = files.first() else {
        return (None, problems);
    };
    let Some(rubric) = registry.get(&first.rubric) else {
        return (None, problems); // parse_evidence has already reported it
    };
    let mut group = ForceEvidence::new(
        first.force.clone(),
        first.force_id.clone(),
        first.cycle.clone(),
        Arc::clone(rubric),
    );
    for file in files {
        group.files.push(file.path);
        for judgement in file.judgements {
            match group.judgements.get_mut(judgement.index) {
                Some(Some(first)) => problems.push(judgement.place.diagnostic(format!(
                    "criterion \"{}\" is judged twice for {} {}: here and at {}",
                    judgement.criterion, group.force, group.cycle, first.place
                ))),
                Some(slot) => *slot = Some(judgement),
                None => {} // parse_evidence has already reported an unknown criterion
            }
        }
        group.findings.extend(file.findings);
        for entry in file.moderation {
            if let Some(first) = group.moderation.get(&entry.area) {
                problems.push(entry.place.diagnostic(format!(
                    "area \"{}\" is moderated twice for {} {}: here and at {}",
                    entry.area, group.force, group.cycle, first.place
                )));
                continue;
            }
            group.moderation.insert(entry.area.clone(), entry);
        }
    }
    (Some(group), problems)
}

/// Most near-miss warnings printed; past this a count of the rest is given.
const MAX_NEAR_MISS_WARNINGS: usize = 20;

/// Warns where a force's id, or one force's cycle, differs from another by a typo's
/// worth: once per likely typo, naming the better-attested spelling.
fn near_miss_warnings(forces: &[ForceEvidence]) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut by_id: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for force in forces {
        let entry = by_id.entry(&force.force_id).or_insert((&force.force, 0));
        entry.1 += force.files.len();
    }
    // Only near-miss pairs are looked at, found by an index rather than by trying every
    // pair; each id's partners come in id order, as a walk over `by_id` would meet them.
    let ids: Vec<(&str, (&str, usize))> = by_id.into_iter().collect();
    let keys: Vec<&str> = ids.iter().map(|&(id, _)| id).collect();
    let mut partners: Vec<(usize, usize)> = near_miss_pairs(&keys)
        .into_iter()
        .flat_map(|(i, j)| [(i, j), (j, i)])
        .collect();
    partners.sort_unstable();
    for group in partners.chunk_by(|a, b| a.0 == b.0) {
        let Some(&(i, _)) = group.first() else {
            continue;
        };
        let (id, (name, files)) = ids[i];
        // A typo is the spelling with fewer files (ties: the later id).
        let likely = group
            .iter()
            .map(|&(_, j)| ids[j])
            .filter(|&(other, (_, other_files))| {
                (other_files, std::cmp::Reverse(other)) > (files, std::cmp::Reverse(id))
            })
            .max_by_key(|&(_, (_, other_files))| other_files);
        if let Some((_, (likely_name, _))) = likely {
            warnings.push(format!(
                "force \"{name}\" looks like a typo of \"{likely_name}\" (did you mean \"{likely_name}\"?); they are graded as two forces"
            ));
        }
    }
    let mut cycles: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for force in forces {
        cycles
            .entry(&force.force_id)
            .or_default()
            .push(&force.cycle);
    }
    for (force_id, labels) in cycles {
        for (i, j) in near_miss_pairs(&labels) {
            let (a, b) = (labels[i], labels[j]);
            warnings.push(format!(
                "force \"{force_id}\" has cycles \"{a}\" and \"{b}\", which look like one cycle spelt two ways"
            ));
        }
    }
    if warnings.len() > MAX_NEAR_MISS_WARNINGS {
        let rest = warnings.len() - MAX_NEAR_MISS_WARNINGS;
        warnings.truncate(MAX_NEAR_MISS_WARNINGS);
        warnings.push(format!("… and {rest} more near-miss names"));
    }
    warnings
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
}
