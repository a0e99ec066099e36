//! Reading evidence files: YAML into the evidence model, each id checked against the
//! rubric the file names, every problem located.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::location::Location;
use crate::model::evidence::{
    EvidenceFile, Finding, FindingKind, Judgement, JudgementEntry, Moderation, Notes, Place,
    force_id_of,
};
use crate::model::grade::Grade;
use crate::model::rubric::{Registry, Rubric};
use crate::read::yaml::{self, Checker, Fields};

mod direct;

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
    match read_direct(path, text, registry, keep_notes) {
        Some(file) => Ok(file),
        None => parse_evidence_checked(path, text, registry, keep_notes),
    }
}

/// The same file read by the fast path and by the checked one, so that tests and the
/// fuzz targets can hold the two to the same answer.
pub fn read_both_ways(
    path: &str,
    text: &str,
    registry: &Registry,
) -> (Option<EvidenceFile>, Result<EvidenceFile, Diagnostics>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    (
        read_direct(path, text, registry, true),
        parse_evidence_checked(path, text, registry, true),
    )
}

/// A well-formed evidence file read straight from its events, or `None` where only the
/// checked path can say what the file holds (see `direct`).
pub(crate) fn read_direct(
    path: &str,
    text: &str,
    registry: &Registry,
    keep_notes: bool,
) -> Option<EvidenceFile> {
    direct::read(path, text, registry, keep_notes)
}

/// [`parse_evidence_keeping`] without trying the direct path first.
pub(crate) fn parse_evidence_checked(
    path: &str,
    text: &str,
    registry: &Registry,
    keep_notes: bool,
) -> Result<EvidenceFile, Diagnostics> {
    checked_tree(path, text, &yaml::parse(path, text)?, registry, keep_notes)
}

/// [`parse_evidence_checked`] of a file whose located tree is read already.
pub(crate) fn checked_tree(
    path: &str,
    text: &str,
    root: &yaml::Node,
    registry: &Registry,
    keep_notes: bool,
) -> Result<EvidenceFile, Diagnostics> {
    let mut file = parse_checked(path, text, root, registry)?;
    if !keep_notes {
        file.forget_notes();
    }
    Ok(file)
}

/// [`parse_evidence`] through the located tree and its checker: the path that can say
/// everything wrong with a file.
fn parse_checked(
    path: &str,
    text: &str,
    root: &yaml::Node,
    registry: &Registry,
) -> Result<EvidenceFile, Diagnostics> {
    let mut checker = Checker::new(path, text);
    let shared_path: Arc<str> = Arc::from(path);
    let Some(fields) = checker.fields(root, &EVIDENCE_KEYS) else {
        return Err(Diagnostics(checker.problems));
    };
    let force = checker.required(&fields, "force");
    let force_name = force.and_then(|node| checker.label(node, "force"));
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
    let cycle_text = cycle.and_then(|node| checker.label(node, "cycle"));
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
            // The rubric's own copy of the id, shared by every finding in the area.
            let area = rubric
                .and_then(|r| r.area(&area))
                .map_or_else(|| Arc::from(area.as_str()), |a| Arc::clone(&a.shared_id));
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
    use crate::model::ids::slug;

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
        let registry =
            crate::model::rubric::Registry::new(Vec::new()).expect("the built-in rubrics load");
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
