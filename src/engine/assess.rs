//! Grading: a rubric and a force's evidence make a sheet with reasons (SPEC §5).
//!
//! Pure: no I/O. All arithmetic is on integers; percentages are for display only.

use std::sync::Arc;

use crate::model::corpus::Corpus;
use crate::model::evidence::{Finding, FindingKind, ForceEvidence, Judgement};
use crate::model::grade::Grade;
use crate::model::rubric::{Area, Scoring};
use crate::model::sheet::{
    AreaGrade, Ceiling, CeilingRule, Computed, CriterionReason, Explanation, ModerationNote, Sheet,
    Source, Status, sort_table_order,
};

/// Grades every area of the evidence's rubric and returns the force's sheet.
pub fn assess(evidence: &ForceEvidence, explain: bool) -> Sheet {
    let rubric = &evidence.rubric;
    let mut areas: Vec<AreaGrade> = rubric
        .areas
        .iter()
        .filter(|area| !area.optional || has_evidence(area, evidence))
        .map(|area| assess_area(area, &rubric.scoring, evidence, explain))
        .collect();
    sort_table_order(&mut areas, |id| rubric.area_index(id).unwrap_or(usize::MAX));
    Sheet {
        force: evidence.force.clone(),
        force_id: evidence.force_id.clone(),
        cycle: evidence.cycle.clone(),
        rubric: rubric.id.clone(),
        source: Source::Evidence,
        url: None,
        areas,
    }
}

/// Force-cycles graded at a time, on every core, as the report asks for sheets.
const GRADE_BATCH: usize = 512;

/// Every sheet of the corpus in report order (force id, then cycle; published first on
/// ties), evidence graded in batches on every core as the sheets are asked for and
/// dropped once graded.
pub fn sheets(corpus: Corpus, explain: bool) -> impl Iterator<Item = Sheet> {
    use rayon::prelude::*;
    let mut published = corpus.published.into_iter().peekable();
    let mut evidence = corpus.evidence.into_iter();
    let mut graded: std::collections::VecDeque<Sheet> = std::collections::VecDeque::new();
    std::iter::from_fn(move || {
        if graded.is_empty() {
            let batch: Vec<ForceEvidence> = evidence.by_ref().take(GRADE_BATCH).collect();
            // Consumed on the workers, so each force-cycle's evidence is dropped
            // there too, not one by one on this thread.
            graded = batch
                .into_par_iter()
                .map(|e| assess(&e, explain))
                .collect::<Vec<_>>()
                .into();
        }
        let published_first = match (published.peek(), graded.front()) {
            (Some(p), Some(g)) => (&p.force_id, &p.cycle) <= (&g.force_id, &g.cycle),
            (Some(_), None) => true,
            (None, _) => false,
        };
        if published_first {
            published.next()
        } else {
            graded.pop_front()
        }
    })
}

/// Whether any judgement (other than not assessed), finding or moderation touches the area.
fn has_evidence(area: &Area, evidence: &ForceEvidence) -> bool {
    area.criteria.iter().any(|c| {
        evidence
            .judgement(c)
            .is_some_and(|j| j.judgement != Judgement::NotAssessed)
    }) || evidence.findings.iter().any(|f| *f.area == *area.id)
        || evidence.moderation.contains_key(&area.id)
}

fn points(scoring: &Scoring, judgement: Judgement) -> u64 {
    let p = &scoring.points;
    match judgement {
        Judgement::Exceeded => p.exceeded,
        Judgement::Demonstrated => p.demonstrated,
        Judgement::Partly => p.partly,
        Judgement::NotDemonstrated | Judgement::NotAssessed => p.not_demonstrated,
    }
}

/// A percentage rounded to one decimal, ties to even, as SPEC §5 displays it.
pub fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    let exact = 100.0 * part as f64 / whole as f64;
    // Tenths, rounded as `{:.1}` would round them, wherever the product's own
    // rounding cannot move the value across a half: the tenths are then an integer
    // `r`, and `r / 10.0` (one correctly rounded division) is the very number
    // `"{r/10}".parse()` gives. Near a half, or out of the range where that holds,
    // the decimal text decides. The format and parse cost a third of grading.
    let tenths = exact * 10.0;
    let from_half = (tenths - tenths.floor() - 0.5).abs();
    if tenths < 1e12 && from_half > 1e-3 {
        return tenths.round() / 10.0;
    }
    percent_by_text(exact)
}

/// `exact` rounded to one decimal through its decimal text: the reference for
/// [`percent`].
fn percent_by_text(exact: f64) -> f64 {
    format!("{exact:.1}").parse().unwrap_or(exact)
}

/// What an area's judgements add up to: weights, score and maximum, and the critical
/// criteria not demonstrated.
#[derive(Default)]
struct Tally<'r> {
    weight_all: u64,
    weight_judged: u64,
    score: u64,
    max: u64,
    critical_failures: Vec<&'r str>,
}

/// Adds up an area's judgements; with `explain`, lists every criterion in `explanation`
/// so that the score can be retraced. Without it nothing is copied: a run over many
/// forces keeps a sheet per force-cycle, and the reasons would be most of its memory.
fn tally<'r>(
    area: &'r Area,
    scoring: &Scoring,
    evidence: &ForceEvidence,
    explanation: &mut Option<&mut Explanation>,
) -> Tally<'r> {
    let mut tally = Tally::default();
    for criterion in &area.criteria {
        tally.weight_all += criterion.weight;
        let entry = evidence.judgement(criterion);
        let judgement = entry.map_or(Judgement::NotAssessed, |e| e.judgement);
        if let Some(explanation) = explanation {
            explanation.criteria.push(CriterionReason {
                criterion: criterion.id.clone(),
                judgement,
                points: (judgement != Judgement::NotAssessed)
                    .then(|| criterion.weight * points(scoring, judgement)),
                critical: criterion.critical,
                note: entry.and_then(|e| e.note()).map(str::to_string),
                source: entry.and_then(|e| e.source()).map(str::to_string),
                place: entry.map(|e| e.place.clone()),
            });
            if judgement == Judgement::NotAssessed {
                explanation
                    .unjudged
                    .push((criterion.id.clone(), criterion.text.clone()));
            }
        }
        if judgement == Judgement::NotAssessed {
            continue;
        }
        tally.weight_judged += criterion.weight;
        tally.score += criterion.weight * points(scoring, judgement);
        tally.max += criterion.weight * scoring.points.exceeded;
        if criterion.critical && judgement == Judgement::NotDemonstrated {
            tally.critical_failures.push(criterion.id.as_str());
        }
    }
    tally
}

/// Step 2: the highest grade whose band the score reaches.
fn band_grade(scoring: &Scoring, score: u64, max: u64) -> Grade {
    Grade::ALL
        .into_iter()
        .rev()
        .find(|&g| {
            scoring
                .bands
                .threshold(g)
                .is_none_or(|floor| 100 * score >= floor * max)
        })
        .unwrap_or(Grade::Inadequate)
}

/// Step 3: every ceiling rule that triggers, in the order SPEC §5 gives them.
fn ceilings(
    scoring: &Scoring,
    findings: &[&Finding],
    critical_failures: &[&str],
    areas_for_improvement: u64,
) -> Vec<Ceiling> {
    let mut ceilings = Vec::new();
    if let Some(first) = findings
        .iter()
        .find(|f| f.kind == FindingKind::CauseOfConcern)
    {
        ceilings.push(Ceiling {
            rule: CeilingRule::CauseOfConcern,
            grade: scoring.limits.cause_of_concern,
            because: first.text.clone(),
        });
    }
    if !critical_failures.is_empty() {
        ceilings.push(Ceiling {
            rule: CeilingRule::CriticalNotDemonstrated,
            grade: scoring.limits.critical_not_demonstrated,
            because: critical_failures.join(", "),
        });
    }
    if let Some(ceiling) = afi_ceiling(scoring, areas_for_improvement) {
        ceilings.push(Ceiling {
            rule: CeilingRule::MaxAreasForImprovement,
            grade: ceiling,
            because: format!(
                "{areas_for_improvement} area{} for improvement",
                if areas_for_improvement == 1 { "" } else { "s" }
            ),
        });
    }
    ceilings
}

/// Grades one area (SPEC §5, steps 1 to 5).
fn assess_area(
    area: &Area,
    scoring: &Scoring,
    evidence: &ForceEvidence,
    explain: bool,
) -> AreaGrade {
    let mut explanation = Explanation::default();
    let mut explaining = explain.then_some(&mut explanation);
    let Tally {
        weight_all,
        weight_judged,
        score,
        max,
        critical_failures,
    } = tally(area, scoring, evidence, &mut explaining);
    let findings: Vec<&Finding> = evidence
        .findings
        .iter()
        .filter(|f| *f.area == *area.id)
        .collect();
    let count = |kind| findings.iter().filter(|f| f.kind == kind).count() as u64;
    let causes_of_concern = count(FindingKind::CauseOfConcern);
    let areas_for_improvement = count(FindingKind::AreaForImprovement);
    if explain {
        explanation.findings = findings.iter().map(|f| (f.kind, f.text.clone())).collect();
    }

    // Step 1: coverage.
    let covered = weight_judged > 0 && 100 * weight_judged >= scoring.coverage * weight_all;
    if covered {
        explanation.unjudged.clear();
    }
    let (status, band_grade, ceilings, computed_grade) = if covered {
        let band = band_grade(scoring, score, max);
        let ceilings = ceilings(
            scoring,
            &findings,
            &critical_failures,
            areas_for_improvement,
        );
        // Step 4: the lowest of the band grade and every ceiling.
        let computed = ceilings.iter().map(|c| c.grade).fold(band, Grade::min);
        (Status::Graded, Some(band), ceilings, Some(computed))
    } else {
        (Status::InsufficientEvidence, None, Vec::new(), None)
    };

    // Step 5: moderation.
    let moderation = evidence.moderation.get(&area.id).map(|m| {
        Box::new(ModerationNote {
            grade: m.grade,
            reason: m.reason.clone(),
            file: m.place.path.to_string(),
            line: Some(m.place.line),
        })
    });
    let grade = moderation.as_ref().map(|m| m.grade).or(computed_grade);

    AreaGrade {
        id: Arc::clone(&area.shared_id),
        title: Arc::clone(&area.shared_title),
        grade,
        status: Some(status),
        computed: Some(Box::new(Computed {
            computed_grade,
            band_grade,
            score_percent: covered.then(|| percent(score, max)),
            coverage_percent: Some(percent(weight_judged, weight_all)),
            coverage_required: Some(scoring.coverage),
            causes_of_concern: Some(causes_of_concern),
            areas_for_improvement: Some(areas_for_improvement),
            ceilings,
        })),
        moderation,
        explanation: explain.then(|| Box::new(explanation)),
    }
}

/// Warnings for moderation a reader should be told of, though it is allowed: an area
/// moderated above a ceiling that applied to it (a good grade with a cause of concern,
/// say), or moderated although its evidence was too thin to compute a grade.
pub fn moderation_warnings(sheet: &Sheet) -> Vec<String> {
    moderation_warnings_by_area(sheet)
        .into_iter()
        .map(|(_, warning)| warning)
        .collect()
}

/// [`moderation_warnings`], each with the id of the area it is about, so that `check`
/// can point at the moderation written.
pub fn moderation_warnings_by_area(sheet: &Sheet) -> Vec<(Arc<str>, String)> {
    let mut warnings = Vec::new();
    for area in &sheet.areas {
        let Some(moderation) = &area.moderation else {
            continue;
        };
        let moderated = format!(
            "{} {}: {} is moderated to {}",
            sheet.force,
            sheet.cycle,
            area.id,
            moderation.grade.label().to_lowercase()
        );
        if area.moderated_without_evidence() {
            warnings.push((
                Arc::clone(&area.id),
                format!(
                    "{moderated}, but its evidence is insufficient ({})",
                    coverage_shortfall(area)
                ),
            ));
        }
        for ceiling in area
            .computed()
            .ceilings
            .iter()
            .filter(|c| moderation.grade > c.grade)
        {
            warnings.push((
                Arc::clone(&area.id),
                format!(
                    "{moderated}, above its ceiling of {} ({})",
                    ceiling.grade.label().to_lowercase(),
                    ceiling.rule.label()
                ),
            ));
        }
    }
    warnings
}

/// "coverage 33.3% < 75%": how far an area's judged weight fell short of the rubric's
/// coverage, for warnings and `--explain`.
pub fn coverage_shortfall(area: &AreaGrade) -> String {
    let coverage = area
        .computed()
        .coverage_percent
        .map_or_else(|| "—".to_string(), |c| format!("{c:.1}%"));
    match area.computed().coverage_required {
        Some(required) => format!("coverage {coverage} < {required}%"),
        None => format!("coverage {coverage}"),
    }
}

/// The ceiling from the count of areas for improvement, or `None` when no listed
/// grade is ruled out.
///
/// A grade is ruled out when the count exceeds its limit. A better grade can never
/// allow more areas for improvement than a worse one (the limits may not decrease
/// downwards), so ruling a grade out rules out every grade above it too, listed or not:
/// the ceiling is the grade just below the lowest grade ruled out.
fn afi_ceiling(scoring: &Scoring, count: u64) -> Option<Grade> {
    let lowest_ruled_out = scoring
        .limits
        .max_areas_for_improvement
        .iter()
        .filter(|&&(_, max)| count > max)
        .map(|&(grade, _)| grade)
        .min()?;
    // Inadequate cannot be listed, so a grade below the lowest ruled out always exists.
    Grade::ALL.into_iter().rev().find(|&g| g < lowest_ruled_out)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod props;
