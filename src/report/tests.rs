//! Snapshot tests of every report format, on the bundled example and on hand-built
//! sheets that exercise moderation, missing evidence and hostile text.

use super::*;
use crate::model::evidence::{Judgement, Place};
use crate::model::sheet::{
    AreaGrade, Ceiling, CeilingRule, CriterionReason, ModerationNote, Sheet, Source, Status,
};

/// A criterion as judged in `evidence/pc.yaml` at `line`, or not assessed.
fn reason(
    id: &str,
    judgement: Judgement,
    points: Option<u64>,
    line: Option<u64>,
) -> CriterionReason {
    CriterionReason {
        criterion: id.into(),
        judgement,
        points,
        critical: id == "PC1",
        note: line.map(|_| format!("Note on {id} | with a pipe")),
        source: line.map(|_| "report §2".to_string()),
        place: line.map(|line| Place {
            path: "evidence/pc.yaml".into(),
            line,
            column: 5,
        }),
    }
}

fn example_sheets() -> Vec<Sheet> {
    let registry = crate::model::rubric::Registry::new(Vec::new()).unwrap();
    let merged = crate::read::example_evidence(&registry).unwrap();
    merged
        .forces
        .iter()
        .map(|f| crate::engine::assess::assess(f, true))
        .collect()
}

fn hand_built() -> Vec<Sheet> {
    let mut moderated = AreaGrade::published(
        "responding-to-the-public".into(),
        "Responding to the public".into(),
        Some(Grade::Adequate),
    );
    moderated.status = Some(Status::Graded);
    moderated.computed_mut().computed_grade = Some(Grade::RequiresImprovement);
    moderated.computed_mut().band_grade = Some(Grade::Adequate);
    moderated.computed_mut().score_percent = Some(58.3);
    moderated.computed_mut().coverage_percent = Some(100.0);
    moderated.computed_mut().causes_of_concern = Some(0);
    moderated.computed_mut().areas_for_improvement = Some(5);
    moderated.computed_mut().coverage_required = Some(75);
    moderated.computed_mut().ceilings = vec![
        Ceiling {
            rule: CeilingRule::CriticalNotDemonstrated,
            grade: Grade::Adequate,
            because: "RP1".into(),
        },
        Ceiling {
            rule: CeilingRule::MaxAreasForImprovement,
            grade: Grade::RequiresImprovement,
            because: "5 areas for improvement".into(),
        },
    ];
    moderated.moderation = Some(Box::new(ModerationNote {
        grade: Grade::Adequate,
        reason: "Call data after fieldwork | shows improvement".into(),
        file: "evidence/rp.yaml".into(),
        line: Some(12),
    }));
    let mut thin = AreaGrade::published("preventing-crime".into(), "Preventing crime".into(), None);
    thin.status = Some(Status::InsufficientEvidence);
    thin.computed_mut().coverage_percent = Some(33.3);
    thin.computed_mut().coverage_required = Some(75);
    thin.computed_mut().causes_of_concern = Some(0);
    thin.computed_mut().areas_for_improvement = Some(0);
    // Moderated though too little was judged: allowed, and said so.
    thin.grade = Some(Grade::RequiresImprovement);
    thin.moderation = Some(Box::new(ModerationNote {
        grade: Grade::RequiresImprovement,
        reason: "Known from the force's own audit.".into(),
        file: "evidence/pc.yaml".into(),
        line: Some(30),
    }));
    thin.explanation_mut().criteria = vec![
        reason("PC1", Judgement::Partly, Some(2), Some(6)),
        reason("PC2", Judgement::NotAssessed, None, Some(9)),
        reason("PC3", Judgement::NotAssessed, None, None),
    ];
    thin.explanation_mut().unjudged = vec![
        ("PC2".into(), "Neighbourhood teams are staffed.".into()),
        ("PC3".into(), "Problems are tackled with partners.".into()),
    ];
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
    match format {
        // Tables unbounded, whatever COLUMNS the test runs under.
        Format::Table => grades_text(&table_at(None, explain), sheets).unwrap(),
        _ => grades_text(&*reporter(format, options).unwrap(), sheets).unwrap(),
    }
}

/// The table reporter fitted to `width` columns.
fn table_at(width: Option<usize>, explain: bool) -> table::TableReporter {
    table::TableReporter {
        options: ReportOptions {
            explain,
            color: false,
        },
        width,
    }
}

/// The widest line of `text`, in terminal columns.
fn widest(text: &str) -> usize {
    text.lines().map(layout::display_width).max().unwrap_or(0)
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
    let coloured = grades_text(
        &table::TableReporter {
            options,
            width: None,
        },
        &sheets,
    )
    .unwrap();
    assert!(coloured.contains('\u{1b}'));
    assert!(!render(Format::Table, false, &sheets).contains('\u{1b}'));
}

#[test]
fn sanitise_removes_controls_and_bidi_overrides() {
    assert_eq!(sanitise("a\u{1b}[31mb\u{202E}c\u{2066}d\ne"), "a[31mbcd e");
}

fn met_diff() -> DiffReport {
    let registry = crate::model::rubric::Registry::new(Vec::new()).unwrap();
    let old = crate::read::published::parse_yaml_sheet(
        "old.yaml",
        include_str!("../../examples/published/metropolitan-2021-22.yaml"),
        &registry,
    )
    .unwrap();
    let new = crate::read::published::parse_yaml_sheet(
        "new.yaml",
        include_str!("../../examples/published/metropolitan-2023-25.yaml"),
        &registry,
    )
    .unwrap();
    let (older, newer) = (
        registry.get("peel-2021-22").unwrap(),
        registry.get("peel-2023-25").unwrap(),
    );
    let walk = crate::model::crosswalk::Crosswalk::between(&registry, older, newer).unwrap();
    let diffs = vec![crate::engine::diff::diff(&old, &new, older, newer, &walk)];
    let totals = crate::engine::diff::totals(&diffs, |id| newer.area_index(id));
    DiffReport {
        diffs,
        only_old: vec![("Kent | Police".into(), "kent-police".into())],
        only_new: Vec::new(),
        totals,
        summary_only: false,
        side_names: Default::default(),
    }
}

fn met_matrix() -> Matrix {
    let registry = crate::model::rubric::Registry::new(Vec::new()).unwrap();
    let mut sheets = example_sheets();
    sheets.push(
        crate::read::published::parse_yaml_sheet(
            "old.yaml",
            include_str!("../../examples/published/metropolitan-2021-22.yaml"),
            &registry,
        )
        .unwrap(),
    );
    crate::engine::compare::compare(sheets, &registry, crate::engine::compare::SortOrder::Force)
        .unwrap()
}

#[test]
fn diff_in_every_format() {
    let report = met_diff();
    for format in [Format::Table, Format::Json, Format::Csv, Format::Markdown] {
        let text = match format {
            Format::Table => written(|out| table_at(None, false).diff(&report, out)).unwrap(),
            _ => {
                let reporter = reporter(format, ReportOptions::default()).unwrap();
                written(|out| reporter.diff(&report, out)).unwrap()
            }
        };
        insta::assert_snapshot!(format!("diff_{format:?}").to_lowercase(), text);
    }
}

#[test]
fn compare_in_every_format() {
    let matrix = met_matrix();
    for format in [Format::Table, Format::Json, Format::Csv, Format::Markdown] {
        let text = match format {
            Format::Table => written(|out| table_at(None, false).compare(&matrix, out)).unwrap(),
            _ => {
                let reporter = reporter(format, ReportOptions::default()).unwrap();
                written(|out| reporter.compare(&matrix, out)).unwrap()
            }
        };
        insta::assert_snapshot!(format!("compare_{format:?}").to_lowercase(), text);
    }
}

#[test]
fn explained_table_at_80_columns() {
    let text = grades_text(&table_at(Some(80), true), &hand_built()).unwrap();
    assert!(widest(&text) <= 80, "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn explained_example_at_80_columns() {
    let text = grades_text(&table_at(Some(80), true), &example_sheets()).unwrap();
    assert!(widest(&text) <= 80, "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn json_explained_lists_every_judgement() {
    insta::assert_snapshot!(render(Format::Json, true, &example_sheets()));
}

#[test]
fn csv_explained_has_a_judgements_column() {
    insta::assert_snapshot!(render(Format::Csv, true, &example_sheets()));
}

#[test]
fn compare_at_80_columns_uses_codes_and_a_legend() {
    let text = written(|out| table_at(Some(80), false).compare(&met_matrix(), out)).unwrap();
    assert!(widest(&text) <= 80, "{text}");
    assert!(text.contains("RI = Requires improvement"));
    assert!(text.contains("IC = Investigating crime"));
    insta::assert_snapshot!(text);
}

/// The words of `text`: split at spaces and table rules, stripped of punctuation.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || ('\u{2500}'..='\u{257f}').contains(&c))
        .map(|w| w.trim_matches(|c: char| "()[],.:;·'\"".contains(c)))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Asserts that every word of `fitted` is a word of `whole` (the same report with no
/// width), or a code of the compare legend, or a piece of a path broken after a '/'.
fn assert_no_word_cut(fitted: &str, whole: &str) {
    let mut known: std::collections::HashSet<&str> = words(whole).into_iter().collect();
    known.extend(words(table::COUNTS_LEFT_OUT));
    let codes = [
        "Id", "Wt", "Cov", "I", "RI", "A", "G", "O", "=", "PPPT", "PC", "RP", "IC", "PVP", "MOS",
        "BSPW", "LFM", "RDAC",
    ];
    for word in words(fitted) {
        let ok = known.contains(word)
            || codes.contains(&word)
            || known.iter().any(|k| {
                k.contains('/') && (k.contains(&format!("/{word}")) || k.starts_with(word))
            });
        assert!(ok, "{word:?} is cut from a longer word:\n{fitted}");
    }
}

#[test]
fn every_table_fits_120_80_and_40_columns_without_cutting_a_word() {
    let registry = crate::model::rubric::Registry::new(Vec::new()).unwrap();
    let rubric = registry.get("peel-2023-25").unwrap();
    let all: Vec<&crate::model::rubric::Rubric> = registry.iter().map(|r| &**r).collect();
    let reports = |reporter: &table::TableReporter| {
        [
            grades_text(reporter, &example_sheets()).unwrap(),
            grades_text(reporter, &hand_built()).unwrap(),
            written(|out| reporter.diff(&met_diff(), out)).unwrap(),
            written(|out| reporter.compare(&met_matrix(), out)).unwrap(),
            written(|out| reporter.rubric(rubric, out)).unwrap(),
            written(|out| reporter.rubrics(&all, out)).unwrap(),
        ]
    };
    for explain in [false, true] {
        let whole = reports(&table_at(None, explain));
        for width in [120, 80, 40] {
            for (fitted, whole) in reports(&table_at(Some(width), explain)).iter().zip(&whole) {
                for line in fitted.lines() {
                    // Only a word wider than a line may overflow it (an area id at 40).
                    let fits = layout::display_width(line) <= width
                        || words(line)
                            .iter()
                            .any(|w| layout::display_width(w) > width - 6);
                    assert!(fits, "{width}: {line:?}\n{fitted}");
                }
                assert_no_word_cut(fitted, whole);
            }
        }
    }
}

#[test]
fn a_terminal_of_no_width_is_no_limit() {
    // Zero columns (a terminal reporting 0×0, or COLUMNS=0) never reaches a table as a
    // width: the table is unbounded rather than one word a line.
    assert_eq!(layout::wrap("a b c", None, ""), ["a b c"]);
    let text = grades_text(&table_at(None, false), &example_sheets()).unwrap();
    assert!(text.contains("capped by cause of concern (score band Requires improvement)"));
}

#[test]
fn streamed_json_of_no_sheets_is_what_serde_json_writes() {
    let reporter = reporter(Format::Json, ReportOptions::default()).unwrap();
    let text = grades_text(&*reporter, &[]).unwrap();
    let whole = serde_json::json!({"schema": "peel.grades/1", "sheets": []});
    assert_eq!(text, serde_json::to_string_pretty(&whole).unwrap() + "\n");
}

#[test]
fn streamed_json_of_many_sheets_reads_back_in_order() {
    let reporter = reporter(Format::Json, ReportOptions::default()).unwrap();
    // More sheets than a render batch, so that batches join as one array.
    let mut sheets = Vec::new();
    for n in 0..600 {
        let mut sheet = example_sheets().remove(0);
        sheet.force_id = format!("force-{n:03}");
        sheets.push(sheet);
    }
    let text = grades_text(&*reporter, &sheets).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ids: Vec<&str> = doc["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["force_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 600);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    // Each sheet sits at its depth in the array: its keys are indented by 6 spaces.
    assert!(text.contains("\n      \"areas\": [\n"));
}

/// A writer that takes `room` bytes, then fails as a closed pipe does.
struct Closing {
    room: usize,
}

impl std::io::Write for Closing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 {
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        let taken = bytes.len().min(self.room);
        self.room -= taken;
        Ok(taken)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn every_reporter_says_when_its_output_closes_part_way() {
    let (diff, matrix) = (met_diff(), met_matrix());
    for format in [
        Format::Table,
        Format::Json,
        Format::Csv,
        Format::Markdown,
        Format::Html,
    ] {
        let reporter = reporter(format, ReportOptions::default()).unwrap();
        let mut out = Closing { room: 64 };
        let error = reporter.diff(&diff, &mut out).expect_err("the pipe closed");
        assert!(
            crate::report::output::is_broken_pipe(&error),
            "{format:?} diff: {error}"
        );
        let mut out = Closing { room: 64 };
        let error = reporter
            .compare(&matrix, &mut out)
            .expect_err("the pipe closed");
        assert!(
            crate::report::output::is_broken_pipe(&error),
            "{format:?} compare: {error}"
        );
    }
}
