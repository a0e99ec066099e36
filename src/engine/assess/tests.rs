//! One test per rule of SPEC §5, named after it, with the boundaries.

use std::sync::Arc;

use super::*;
use crate::model::evidence::{Finding, JudgementEntry, Moderation, Place};
use crate::model::rubric::Rubric;
use crate::model::sheet::{AreaGrade, CeilingRule, Status};
use crate::read::rubric::parse_rubric;

/// A rubric with default scoring: area `a` has criteria A1..A4 (A4 critical, weight 1),
/// area `b` has B1 (weight 3) and B2 (weight 1), optional area `c` has C1.
fn rubric(scoring: &str) -> Arc<Rubric> {
    let text = format!(
        "rubric: test\ntitle: Test\n{scoring}areas:\n\
         - id: a\n  title: A\n  criteria:\n\
         \x20   - {{id: A1, text: one}}\n\
         \x20   - {{id: A2, text: two}}\n\
         \x20   - {{id: A3, text: three}}\n\
         \x20   - {{id: A4, text: four, critical: true}}\n\
         - id: b\n  title: B\n  criteria:\n\
         \x20   - {{id: B1, text: one, weight: 3}}\n\
         \x20   - {{id: B2, text: two}}\n\
         - id: c\n  title: C\n  optional: true\n  criteria:\n\
         \x20   - {{id: C1, text: one}}\n"
    );
    Arc::new(parse_rubric("test.yaml", &text).expect("test rubric is valid"))
}

fn place() -> Place {
    Place {
        path: Arc::from("e.yaml"),
        line: 1,
        column: 1,
    }
}

struct Builder {
    evidence: ForceEvidence,
}

impl Builder {
    fn new(rubric: Arc<Rubric>) -> Self {
        Builder {
            evidence: ForceEvidence::new("Force".into(), "force".into(), "2024".into(), rubric),
        }
    }

    fn judge(mut self, criterion: &str, judgement: Judgement) -> Self {
        let index = self.evidence.rubric.criterion(criterion).unwrap().1.index;
        self.evidence.set_judgement(JudgementEntry {
            index: u32::try_from(index).unwrap(),
            judgement,
            notes: None,
            place: place(),
        });
        self
    }

    fn finding(mut self, kind: FindingKind, area: &str, text: &str) -> Self {
        self.evidence.findings.push(Finding {
            kind,
            area: area.into(),
            text: text.into(),
        });
        self
    }

    fn moderate(mut self, area: &str, grade: Grade) -> Self {
        self.evidence.moderation.insert(
            area.into(),
            Moderation {
                area: area.into(),
                grade,
                reason: "post-fieldwork data".into(),
                place: place(),
            },
        );
        self
    }

    fn area(&self, id: &str) -> AreaGrade {
        assess(&self.evidence, true)
            .areas
            .into_iter()
            .find(|a| &*a.id == id)
            .unwrap_or_else(|| panic!("area {id} is in the sheet"))
    }
}

use Judgement::{Demonstrated, Exceeded, NotAssessed, NotDemonstrated, Partly};

fn all_of_a(judgements: [Judgement; 4]) -> Builder {
    let mut builder = Builder::new(rubric(""));
    for (id, j) in ["A1", "A2", "A3", "A4"].into_iter().zip(judgements) {
        builder = builder.judge(id, j);
    }
    builder
}

#[test]
fn coverage_below_the_threshold_is_insufficient_evidence() {
    // 2 of 4 equal weights judged = 50% < 75%.
    let area = Builder::new(rubric(""))
        .judge("A1", Demonstrated)
        .judge("A2", Demonstrated)
        .area("a");
    assert_eq!(area.status, Some(Status::InsufficientEvidence));
    assert_eq!(area.grade, None);
    assert_eq!(area.computed().band_grade, None);
    assert_eq!(area.computed().computed_grade, None);
    assert_eq!(area.computed().score_percent, None);
    assert_eq!(area.computed().coverage_percent, Some(50.0));
    let unjudged: Vec<&str> = area
        .explanation()
        .unjudged
        .iter()
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(unjudged, ["A3", "A4"]);
}

#[test]
fn coverage_exactly_at_the_threshold_is_graded() {
    // 3 of 4 = 75% = coverage.
    let area = Builder::new(rubric(""))
        .judge("A1", Demonstrated)
        .judge("A2", Demonstrated)
        .judge("A3", Demonstrated)
        .area("a");
    assert_eq!(area.status, Some(Status::Graded));
    assert_eq!(area.computed().coverage_percent, Some(75.0));
    assert_eq!(area.computed().band_grade, Some(Grade::Good)); // 9/12 = 75%
}

#[test]
fn coverage_is_measured_by_weight() {
    // B1 has weight 3 of 4: judging it alone covers 75%.
    let area = Builder::new(rubric("")).judge("B1", Partly).area("b");
    assert_eq!(area.status, Some(Status::Graded));
    assert_eq!(area.computed().coverage_percent, Some(75.0));
    // B2 alone covers 25%.
    let area = Builder::new(rubric("")).judge("B2", Exceeded).area("b");
    assert_eq!(area.status, Some(Status::InsufficientEvidence));
}

#[test]
fn not_assessed_counts_as_no_judgement() {
    let area = Builder::new(rubric(""))
        .judge("A1", Demonstrated)
        .judge("A2", Demonstrated)
        .judge("A3", NotAssessed)
        .judge("A4", NotAssessed)
        .area("a");
    assert_eq!(area.status, Some(Status::InsufficientEvidence));
    assert_eq!(area.computed().coverage_percent, Some(50.0));
}

#[test]
fn an_area_with_nothing_judged_is_insufficient_even_at_zero_coverage() {
    let scoring = "scoring:\n  points: {exceeded: 4, demonstrated: 3, partly: 2, not_demonstrated: 1}\n  \
                   bands: {outstanding: 88, good: 70, adequate: 55, requires_improvement: 40}\n  \
                   coverage: 0\n  limits: {cause_of_concern: inadequate, critical_not_demonstrated: requires_improvement}\n";
    let area = Builder::new(rubric(scoring)).area("a");
    assert_eq!(area.status, Some(Status::InsufficientEvidence));
    assert_eq!(area.computed().coverage_percent, Some(0.0));
}

#[test]
fn band_grade_exactly_at_a_band_takes_that_band() {
    // exceeded 4+4+3+3 = 14 of 16 = 87.5% < 88: good. 4+4+4+3 = 15/16 = 93.75%: outstanding.
    assert_eq!(
        all_of_a([Exceeded, Exceeded, Demonstrated, Demonstrated])
            .area("a")
            .computed()
            .band_grade,
        Some(Grade::Good)
    );
    // Exact boundaries: with bands at 75/50/25, scores of exactly 75%, 50% and 25%.
    let scoring = "scoring:\n  points: {exceeded: 4, demonstrated: 3, partly: 2, not_demonstrated: 1}\n  \
                   bands: {outstanding: 90, good: 75, adequate: 50, requires_improvement: 25}\n  \
                   coverage: 75\n  limits: {cause_of_concern: inadequate, critical_not_demonstrated: requires_improvement}\n";
    let at = |js: [Judgement; 4]| {
        let mut b = Builder::new(rubric(scoring));
        for (id, j) in ["A1", "A2", "A3", "A4"].into_iter().zip(js) {
            b = b.judge(id, j);
        }
        b.area("a").computed().band_grade
    };
    assert_eq!(at([Demonstrated; 4]), Some(Grade::Good)); // 12/16 = 75% exactly
    assert_eq!(at([Partly; 4]), Some(Grade::Adequate)); // 8/16 = 50% exactly
    assert_eq!(at([NotDemonstrated; 4]), Some(Grade::RequiresImprovement)); // 4/16 = 25% exactly
}

#[test]
fn band_grade_just_below_a_band_takes_the_band_below() {
    // 3+3+3+2 = 11/16 = 68.75% < 70: adequate.
    let area = all_of_a([Demonstrated, Demonstrated, Demonstrated, Partly]).area("a");
    assert_eq!(area.computed().band_grade, Some(Grade::Adequate));
    assert_eq!(area.computed().score_percent, Some(68.8));
}

#[test]
fn a_score_below_every_band_is_inadequate() {
    // 1+1+1+2 = 5/16 = 31.25% < 40.
    let area = all_of_a([NotDemonstrated, NotDemonstrated, NotDemonstrated, Partly]).area("a");
    assert_eq!(area.computed().band_grade, Some(Grade::Inadequate));
    assert_eq!(area.grade, Some(Grade::Inadequate));
}

#[test]
fn the_maximum_counts_only_judged_criteria() {
    // 3 judged demonstrated, one unjudged: 9 of 12 = 75%.
    let area = Builder::new(rubric(""))
        .judge("A1", Demonstrated)
        .judge("A2", Demonstrated)
        .judge("A3", Demonstrated)
        .area("a");
    assert_eq!(area.computed().score_percent, Some(75.0));
}

#[test]
fn weights_multiply_points() {
    // B1 (weight 3) exceeded, B2 (weight 1) not demonstrated: (12+1)/16 = 81.25%.
    let area = Builder::new(rubric(""))
        .judge("B1", Exceeded)
        .judge("B2", NotDemonstrated)
        .area("b");
    assert_eq!(area.computed().score_percent, Some(81.2));
    assert_eq!(area.computed().band_grade, Some(Grade::Good));
}

#[test]
fn cause_of_concern_caps_the_grade() {
    let area = all_of_a([Exceeded; 4])
        .finding(FindingKind::CauseOfConcern, "a", "Serious failings.")
        .area("a");
    assert_eq!(area.computed().band_grade, Some(Grade::Outstanding));
    assert_eq!(area.computed().computed_grade, Some(Grade::Inadequate));
    assert_eq!(area.computed().causes_of_concern, Some(1));
    assert_eq!(area.computed().ceilings.len(), 1);
    assert_eq!(
        area.computed().ceilings[0].rule,
        CeilingRule::CauseOfConcern
    );
    assert_eq!(area.computed().ceilings[0].because, "Serious failings.");
}

#[test]
fn a_finding_in_another_area_does_not_apply() {
    let area = all_of_a([Exceeded; 4])
        .finding(FindingKind::CauseOfConcern, "b", "Elsewhere.")
        .area("a");
    assert_eq!(area.grade, Some(Grade::Outstanding));
    assert!(area.computed().ceilings.is_empty());
}

#[test]
fn critical_criterion_not_demonstrated_caps_the_grade() {
    let area = all_of_a([Exceeded, Exceeded, Exceeded, NotDemonstrated]).area("a");
    // 13/16 = 81.25%: good, capped at requires improvement.
    assert_eq!(area.computed().band_grade, Some(Grade::Good));
    assert_eq!(
        area.computed().computed_grade,
        Some(Grade::RequiresImprovement)
    );
    assert_eq!(
        area.computed().ceilings[0].rule,
        CeilingRule::CriticalNotDemonstrated
    );
    assert_eq!(area.computed().ceilings[0].because, "A4");
}

#[test]
fn critical_criterion_partly_demonstrated_does_not_cap() {
    let area = all_of_a([Exceeded, Exceeded, Exceeded, Partly]).area("a");
    assert!(area.computed().ceilings.is_empty());
    assert_eq!(area.grade, Some(Grade::Good)); // 14/16 = 87.5%
}

#[test]
fn areas_for_improvement_equal_to_a_limit_keep_the_grade() {
    let area = all_of_a([Exceeded; 4])
        .finding(FindingKind::AreaForImprovement, "a", "one")
        .finding(FindingKind::AreaForImprovement, "a", "two")
        .area("a");
    // 2 AFIs: outstanding (max 0) ruled out, good (max 2) not.
    assert_eq!(area.computed().computed_grade, Some(Grade::Good));
    assert_eq!(
        area.computed().ceilings[0].rule,
        CeilingRule::MaxAreasForImprovement
    );
    assert_eq!(area.computed().ceilings[0].grade, Grade::Good);
    assert_eq!(
        area.computed().ceilings[0].because,
        "2 areas for improvement"
    );
}

#[test]
fn areas_for_improvement_one_over_a_limit_rule_the_grade_out() {
    let mut builder = all_of_a([Exceeded; 4]);
    for text in ["one", "two", "three"] {
        builder = builder.finding(FindingKind::AreaForImprovement, "a", text);
    }
    let area = builder.area("a");
    assert_eq!(area.computed().areas_for_improvement, Some(3));
    assert_eq!(area.computed().computed_grade, Some(Grade::Adequate));
    // Five rules out adequate (max 4) too.
    let mut builder = all_of_a([Exceeded; 4]);
    for text in ["1", "2", "3", "4", "5"] {
        builder = builder.finding(FindingKind::AreaForImprovement, "a", text);
    }
    assert_eq!(
        builder.area("a").computed().computed_grade,
        Some(Grade::RequiresImprovement)
    );
}

#[test]
fn one_area_for_improvement_is_counted_in_the_singular() {
    let area = all_of_a([Exceeded; 4])
        .finding(FindingKind::AreaForImprovement, "a", "one")
        .area("a");
    assert_eq!(
        area.computed().ceilings[0].because,
        "1 area for improvement"
    );
    assert_eq!(area.computed().computed_grade, Some(Grade::Good));
}

#[test]
fn no_areas_for_improvement_means_no_ceiling() {
    let area = all_of_a([Exceeded; 4]).area("a");
    assert!(area.computed().ceilings.is_empty());
    assert_eq!(area.grade, Some(Grade::Outstanding));
}

#[test]
fn practice_findings_do_not_count_against_the_grade() {
    let area = all_of_a([Exceeded; 4])
        .finding(FindingKind::InnovativePractice, "a", "new idea")
        .finding(FindingKind::PromisingPractice, "a", "works")
        .area("a");
    assert!(area.computed().ceilings.is_empty());
    assert_eq!(area.grade, Some(Grade::Outstanding));
}

#[test]
fn a_ceiling_is_listed_even_when_it_does_not_lower_the_grade() {
    let area = all_of_a([NotDemonstrated, NotDemonstrated, NotDemonstrated, Partly])
        .finding(FindingKind::AreaForImprovement, "a", "one")
        .area("a");
    assert_eq!(area.computed().band_grade, Some(Grade::Inadequate));
    assert_eq!(area.computed().ceilings.len(), 1);
    assert_eq!(area.computed().computed_grade, Some(Grade::Inadequate));
}

#[test]
fn the_computed_grade_is_the_lowest_of_band_and_every_ceiling() {
    let area = all_of_a([Exceeded, Exceeded, Exceeded, NotDemonstrated])
        .finding(FindingKind::CauseOfConcern, "a", "Serious.")
        .finding(FindingKind::AreaForImprovement, "a", "one")
        .area("a");
    let rules: Vec<_> = area.computed().ceilings.iter().map(|c| c.rule).collect();
    assert_eq!(
        rules,
        [
            CeilingRule::CauseOfConcern,
            CeilingRule::CriticalNotDemonstrated,
            CeilingRule::MaxAreasForImprovement
        ]
    );
    assert_eq!(area.computed().computed_grade, Some(Grade::Inadequate));
}

#[test]
fn custom_limits_set_the_ceilings() {
    let scoring = "scoring:\n  points: {exceeded: 10, demonstrated: 5, partly: 1, not_demonstrated: 0}\n  \
                   bands: {outstanding: 95, good: 80, adequate: 60, requires_improvement: 30}\n  \
                   coverage: 50\n  limits:\n    cause_of_concern: requires_improvement\n    \
                   critical_not_demonstrated: adequate\n    max_areas_for_improvement: {good: 0}\n";
    let area = Builder::new(rubric(scoring))
        .judge("A1", Exceeded)
        .judge("A4", NotDemonstrated)
        .finding(FindingKind::CauseOfConcern, "a", "x")
        .area("a");
    // 10/20 = 50%: requires improvement band (≥30, <60).
    assert_eq!(area.computed().band_grade, Some(Grade::RequiresImprovement));
    assert_eq!(area.computed().score_percent, Some(50.0));
    assert_eq!(
        area.computed().ceilings[0].grade,
        Grade::RequiresImprovement
    );
    assert_eq!(area.computed().ceilings[1].grade, Grade::Adequate);
    // No AFI: good is not ruled out, so no ceiling from the AFI rule.
    assert_eq!(area.computed().ceilings.len(), 2);
    let area = Builder::new(rubric(scoring))
        .judge("A1", Exceeded)
        .judge("A2", Exceeded)
        .finding(FindingKind::AreaForImprovement, "a", "x")
        .area("a");
    // 1 AFI rules out good, and with it outstanding, which allows no more than good.
    assert_eq!(area.computed().band_grade, Some(Grade::Outstanding));
    assert_eq!(area.computed().ceilings[0].grade, Grade::Adequate);
    assert_eq!(area.computed().computed_grade, Some(Grade::Adequate));
}

#[test]
fn moderation_replaces_the_computed_grade() {
    let area = all_of_a([Exceeded; 4])
        .moderate("a", Grade::Adequate)
        .area("a");
    assert_eq!(area.computed().computed_grade, Some(Grade::Outstanding));
    assert_eq!(area.grade, Some(Grade::Adequate));
    assert_eq!(
        area.moderation.as_ref().map(|m| m.grade),
        Some(Grade::Adequate)
    );
}

#[test]
fn moderation_grades_an_area_with_insufficient_evidence() {
    let area = Builder::new(rubric(""))
        .moderate("a", Grade::Good)
        .area("a");
    assert_eq!(area.status, Some(Status::InsufficientEvidence));
    assert_eq!(area.computed().computed_grade, None);
    assert_eq!(area.grade, Some(Grade::Good));
}

#[test]
fn an_optional_area_without_evidence_is_left_out() {
    let sheet = assess(
        &Builder::new(rubric("")).judge("C1", NotAssessed).evidence,
        true,
    );
    assert!(sheet.areas.iter().all(|a| &*a.id != "c"));
    assert_eq!(sheet.areas.len(), 2);
}

#[test]
fn an_optional_area_with_any_evidence_is_graded() {
    let b = Builder::new(rubric("")).judge("C1", Partly);
    assert_eq!(b.area("c").status, Some(Status::Graded));
    let b = Builder::new(rubric("")).finding(FindingKind::AreaForImprovement, "c", "x");
    assert_eq!(b.area("c").status, Some(Status::InsufficientEvidence));
    let b = Builder::new(rubric("")).moderate("c", Grade::Good);
    assert_eq!(b.area("c").grade, Some(Grade::Good));
}

#[test]
fn a_mandatory_area_without_evidence_is_listed_as_ungraded() {
    let sheet = assess(&Builder::new(rubric("")).evidence, true);
    let ids: Vec<_> = sheet.areas.iter().map(|a| &*a.id).collect();
    assert_eq!(ids, ["a", "b"]);
    assert!(sheet.areas.iter().all(|a| a.grade.is_none()));
    assert_eq!(sheet.summary().ungraded, 2);
}

#[test]
fn areas_are_ordered_by_final_grade_then_rubric_order_then_ungraded() {
    let sheet = assess(
        &Builder::new(rubric(""))
            .judge("B1", Exceeded)
            .judge("B2", Exceeded)
            .judge("C1", NotDemonstrated)
            .evidence,
        true,
    );
    let ids: Vec<_> = sheet.areas.iter().map(|a| &*a.id).collect();
    assert_eq!(ids, ["c", "b", "a"]);
    let sheet = assess(
        &Builder::new(rubric(""))
            .judge("B1", Exceeded)
            .judge("B2", Exceeded)
            .moderate("a", Grade::Outstanding)
            .evidence,
        true,
    );
    let ids: Vec<_> = sheet.areas.iter().map(|a| &*a.id).collect();
    assert_eq!(ids, ["a", "b"]);
}

#[test]
fn percentages_round_to_one_decimal_with_ties_to_even() {
    assert_eq!(percent(1, 16), 6.2); // 6.25
    assert_eq!(percent(3, 16), 18.8); // 18.75
    assert_eq!(percent(19, 40), 47.5);
    assert_eq!(percent(2, 3), 66.7);
    assert_eq!(percent(0, 0), 0.0);
}

#[test]
fn moderation_above_a_ceiling_is_warned_about() {
    let evidence = all_of_a([Exceeded; 4])
        .finding(FindingKind::CauseOfConcern, "a", "Serious.")
        .moderate("a", Grade::Good)
        .evidence;
    let sheet = assess(&evidence, true);
    assert_eq!(
        moderation_warnings(&sheet),
        ["Force 2024: a is moderated to good, above its ceiling of inadequate (cause of concern)"]
    );
    let evidence = all_of_a([Exceeded; 4])
        .moderate("a", Grade::Adequate)
        .evidence;
    assert!(moderation_warnings(&assess(&evidence, true)).is_empty());
}

#[test]
fn moderation_of_insufficient_evidence_is_warned_about() {
    // 1 of 4 judged = 25% < 75%: no computed grade, yet moderated.
    let evidence = Builder::new(rubric(""))
        .judge("A1", Demonstrated)
        .moderate("a", Grade::Adequate)
        .evidence;
    let sheet = assess(&evidence, true);
    let area = &sheet.areas[0];
    assert_eq!(area.status, Some(Status::InsufficientEvidence));
    assert_eq!(area.grade, Some(Grade::Adequate));
    assert!(area.moderated_without_evidence());
    assert_eq!(coverage_shortfall(area), "coverage 25.0% < 75%");
    assert_eq!(
        moderation_warnings(&sheet),
        [
            "Force 2024: a is moderated to adequate, but its evidence is insufficient (coverage 25.0% < 75%)"
        ]
    );
}

#[test]
fn a_ceiling_binds_only_where_it_sets_the_grade_below_the_band() {
    // 4 × demonstrated = 75% → good; two areas for improvement rule out outstanding
    // only (a ceiling of good: no lower than the band), a cause of concern caps at
    // inadequate (binds).
    let area = all_of_a([Demonstrated; 4])
        .finding(FindingKind::AreaForImprovement, "a", "One.")
        .finding(FindingKind::AreaForImprovement, "a", "Two.")
        .area("a");
    assert_eq!(area.computed().band_grade, Some(Grade::Good));
    let afi = &area.computed().ceilings[0];
    assert_eq!(afi.grade, Grade::Good);
    assert!(!area.binds(afi));
    let area = all_of_a([Demonstrated; 4])
        .finding(FindingKind::CauseOfConcern, "a", "Serious.")
        .area("a");
    assert!(area.binds(&area.computed().ceilings[0]));
}

#[test]
fn every_criterion_is_kept_for_explain_judged_or_not() {
    let area = Builder::new(rubric(""))
        .judge("A1", Exceeded)
        .judge("A2", Partly)
        .judge("A3", NotAssessed)
        .area("a");
    let listed: Vec<(&str, Judgement, Option<u64>, bool)> = area
        .explanation()
        .criteria
        .iter()
        .map(|c| {
            (
                c.criterion.as_str(),
                c.judgement,
                c.points,
                c.place.is_some(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("A1", Exceeded, Some(4), true),
            ("A2", Partly, Some(2), true),
            ("A3", NotAssessed, None, true),
            ("A4", NotAssessed, None, false),
        ]
    );
    assert!(area.explanation().criteria[3].critical);
}

#[test]
fn percent_rounds_as_its_decimal_text_for_every_small_fraction() {
    // Every part of every whole up to 400, and parts past the whole.
    for whole in 1..=400u64 {
        for part in 0..=whole + 3 {
            let exact = 100.0 * part as f64 / whole as f64;
            assert_eq!(
                percent(part, whole),
                percent_by_text(exact),
                "{part}/{whole}"
            );
        }
    }
}
