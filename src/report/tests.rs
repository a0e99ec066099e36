//! Snapshot tests of every report format, on the bundled example and on hand-built
//! sheets that exercise moderation, missing evidence and hostile text.

use super::*;
use crate::sheet::{AreaGrade, Ceiling, CeilingRule, ModerationNote, Sheet, Source, Status};

fn example_sheets() -> Vec<Sheet> {
    let registry = crate::rubric::Registry::new(Vec::new()).unwrap();
    let merged = crate::load::example_evidence(&registry).unwrap();
    merged.forces.iter().map(crate::assess::assess).collect()
}

fn hand_built() -> Vec<Sheet> {
    let mut moderated = AreaGrade::published(
        "responding-to-the-public".into(),
        "Responding to the public".into(),
        Some(Grade::Adequate),
    );
    moderated.status = Some(Status::Graded);
    moderated.computed_grade = Some(Grade::RequiresImprovement);
    moderated.band_grade = Some(Grade::Adequate);
    moderated.score_percent = Some(58.3);
    moderated.coverage_percent = Some(100.0);
    moderated.causes_of_concern = Some(0);
    moderated.areas_for_improvement = Some(5);
    moderated.ceilings = vec![Ceiling {
        rule: CeilingRule::MaxAreasForImprovement,
        grade: Grade::RequiresImprovement,
        because: "5 areas for improvement".into(),
    }];
    moderated.moderation = Some(ModerationNote {
        grade: Grade::Adequate,
        reason: "Call data after fieldwork | shows improvement".into(),
        file: "evidence/rp.yaml".into(),
    });
    let mut thin = AreaGrade::published("preventing-crime".into(), "Preventing crime".into(), None);
    thin.status = Some(Status::InsufficientEvidence);
    thin.coverage_percent = Some(33.3);
    thin.causes_of_concern = Some(0);
    thin.areas_for_improvement = Some(0);
    vec![Sheet {
        force: "=HYPERLINK(\"x\") Constabulary\u{202E}".into(),
        force_id: "hyperlink-x-constabulary".into(),
        cycle: "2023-25".into(),
        rubric: "peel-2023-25".into(),
        source: Source::Evidence,
        url: None,
        areas: vec![moderated, thin],
    }]
}

fn render(format: Format, explain: bool, sheets: &[Sheet]) -> String {
    let options = ReportOptions {
        explain,
        color: false,
    };
    reporter(format, options).unwrap().grades(sheets).unwrap()
}

#[test]
fn table_of_the_example() {
    insta::assert_snapshot!(render(Format::Table, false, &example_sheets()));
}

#[test]
fn table_explained() {
    insta::assert_snapshot!(render(Format::Table, true, &hand_built()));
}

#[test]
fn json_of_the_example() {
    insta::assert_snapshot!(render(Format::Json, false, &example_sheets()));
}

#[test]
fn json_of_moderation_and_insufficient_evidence() {
    insta::assert_snapshot!(render(Format::Json, false, &hand_built()));
}

#[test]
fn csv_of_the_example() {
    insta::assert_snapshot!(render(Format::Csv, false, &example_sheets()));
}

#[test]
fn csv_neutralises_formulas_and_controls() {
    insta::assert_snapshot!(render(Format::Csv, false, &hand_built()));
}

#[test]
fn markdown_of_the_example() {
    insta::assert_snapshot!(render(Format::Markdown, false, &example_sheets()));
}

#[test]
fn markdown_escapes_pipes() {
    insta::assert_snapshot!(render(Format::Markdown, true, &hand_built()));
}

#[test]
fn colour_marks_grades_only_when_asked() {
    let sheets = example_sheets();
    let options = ReportOptions {
        explain: false,
        color: true,
    };
    let coloured = reporter(Format::Table, options)
        .unwrap()
        .grades(&sheets)
        .unwrap();
    assert!(coloured.contains('\u{1b}'));
    assert!(!render(Format::Table, false, &sheets).contains('\u{1b}'));
}

#[test]
fn sanitise_removes_controls_and_bidi_overrides() {
    assert_eq!(sanitise("a\u{1b}[31mb\u{202E}c\u{2066}d\ne"), "a[31mbcd e");
}

fn met_diff() -> DiffReport {
    let registry = crate::rubric::Registry::new(Vec::new()).unwrap();
    let old = crate::published::parse_yaml_sheet(
        "old.yaml",
        include_str!("../../examples/published/metropolitan-2021-22.yaml"),
        &registry,
    )
    .unwrap();
    let new = crate::published::parse_yaml_sheet(
        "new.yaml",
        include_str!("../../examples/published/metropolitan-2023-25.yaml"),
        &registry,
    )
    .unwrap();
    let (older, newer) = (
        registry.get("peel-2021-22").unwrap(),
        registry.get("peel-2023-25").unwrap(),
    );
    let walk = crate::crosswalk::Crosswalk::between(&registry, older, newer).unwrap();
    DiffReport {
        diffs: vec![crate::diff::diff(&old, &new, older, newer, &walk)],
        only_old: vec![("Kent | Police".into(), "kent-police".into())],
        only_new: Vec::new(),
    }
}

fn met_matrix() -> Matrix {
    let registry = crate::rubric::Registry::new(Vec::new()).unwrap();
    let mut sheets = example_sheets();
    sheets.push(
        crate::published::parse_yaml_sheet(
            "old.yaml",
            include_str!("../../examples/published/metropolitan-2021-22.yaml"),
            &registry,
        )
        .unwrap(),
    );
    crate::compare::compare(&sheets, &registry, crate::compare::SortOrder::Force).unwrap()
}

#[test]
fn diff_in_every_format() {
    let report = met_diff();
    for format in [Format::Table, Format::Json, Format::Csv, Format::Markdown] {
        let text = reporter(format, ReportOptions::default())
            .unwrap()
            .diff(&report)
            .unwrap();
        insta::assert_snapshot!(format!("diff_{format:?}").to_lowercase(), text);
    }
}

#[test]
fn compare_in_every_format() {
    let matrix = met_matrix();
    for format in [Format::Table, Format::Json, Format::Csv, Format::Markdown] {
        let text = reporter(format, ReportOptions::default())
            .unwrap()
            .compare(&matrix)
            .unwrap();
        insta::assert_snapshot!(format!("compare_{format:?}").to_lowercase(), text);
    }
}
