//! The properties the fuzz targets hold peel to, one function per target, beyond "no
//! panic": shared with `tests/cli/fuzz_found.rs`, which runs every input the fuzzers
//! found wrong through the same function under `cargo test`.

#![allow(dead_code)]

use peel::diag::{Diagnostic, Diagnostics, Position};
use peel::model::rubric::Registry;

/// The rubrics every run knows: the built-in ones.
pub fn registry() -> &'static Registry {
    static REGISTRY: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    REGISTRY.get_or_init(|| Registry::new(Vec::new()).expect("the built-in rubrics load"))
}

/// The input as peel reads a file: UTF-8 without NUL bytes, or a located refusal.
pub fn text(path: &str, bytes: &[u8]) -> Option<String> {
    match peel::read::decode(path, bytes.to_vec()) {
        Ok(text) => Some(text),
        Err(refused) => {
            assert_located(path, &String::from_utf8_lossy(bytes), &refused);
            None
        }
    }
}

/// Every problem names the file, says something, and points inside the text.
pub fn assert_all_located(path: &str, text: &str, found: &Diagnostics) {
    assert!(
        found.0.iter().any(|d| !d.warning),
        "an error with no problem in it: {found}"
    );
    for diagnostic in &found.0 {
        assert_located(path, text, diagnostic);
    }
}

/// One problem names the file, says something, and points inside the text.
pub fn assert_located(path: &str, text: &str, diagnostic: &Diagnostic) {
    assert_eq!(diagnostic.path, path, "{diagnostic}");
    assert!(
        !diagnostic.message.trim().is_empty(),
        "a problem with no words"
    );
    if let Position::LineColumn { line, column } = diagnostic.position {
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(
            line >= 1 && line as usize <= lines.len(),
            "line {line} of a text of {} lines: {diagnostic}",
            lines.len()
        );
        let width = lines[line as usize - 1].chars().count() as u64;
        assert!(
            column >= 1 && column <= width + 1,
            "column {column} of line {line}, {width} characters long: {diagnostic}"
        );
    }
    // A parser's own sentence is no help to someone who typed the file by hand.
    for raw in ["while scanning", "did not find expected", "while parsing"] {
        assert!(
            !diagnostic.message.starts_with(raw),
            "a raw parser message: {diagnostic}"
        );
    }
}

/// Each graded cell of `sheets`: force id, force, cycle, rubric, area and grade.
pub type Cells = std::collections::BTreeSet<(String, String, String, String, String, String)>;

/// The graded cells of `sheets`, the grades a round trip must keep; with `clean`, each
/// force's name and cycle as CSV writes them, without control characters
/// (`peel::text::sanitise`).
pub fn cells(sheets: &[peel::model::sheet::Sheet], clean: bool) -> Cells {
    let text = |text: &str| match clean {
        true => peel::text::sanitise(text),
        false => text.to_string(),
    };
    let mut cells = Cells::new();
    for sheet in sheets {
        for area in &sheet.areas {
            if let Some(grade) = area.grade {
                cells.insert((
                    sheet.force_id.clone(),
                    text(&sheet.force),
                    text(&sheet.cycle),
                    sheet.rubric.clone(),
                    area.id.to_string(),
                    grade.label().to_string(),
                ));
            }
        }
    }
    cells
}

/// Grades written by peel as JSON and as CSV read back as the same grades.
pub fn assert_round_trip(sheets: &[peel::model::sheet::Sheet]) {
    use peel::report::{Format, ReportOptions};
    for format in [Format::Json, Format::Csv] {
        let reporter = peel::report::reporter(format, ReportOptions::default()).unwrap();
        let mut out = Vec::new();
        reporter
            .grades(&mut sheets.iter().cloned(), &mut out)
            .expect("writing to memory");
        let written = String::from_utf8(out).expect("peel writes UTF-8");
        let read = match format {
            Format::Json => peel::read::published::parse_json("out.json", &written, registry()),
            _ => peel::read::published::parse_csv("out.csv", &written, registry()),
        };
        let read = read.unwrap_or_else(|found| {
            panic!("peel does not read back its own {format:?}:\n{found}\n{written}")
        });
        let clean = format == Format::Csv;
        assert_eq!(
            cells(&read, clean),
            cells(sheets, clean),
            "{format:?} round trip changed the grades:\n{written}"
        );
    }
}

/// Evidence YAML: a located answer for every input, and the fast reader agreeing with
/// the checked one wherever it answers.
pub fn evidence(bytes: &[u8]) {
    let path = "fuzz.yaml";
    let Some(text) = text(path, bytes) else {
        return;
    };
    let (direct, checked) = peel::read::evidence::read_both_ways(path, &text, registry());
    match (&direct, &checked) {
        (Some(direct), Ok(checked)) => assert_eq!(direct, checked, "the two readers disagree"),
        (Some(direct), Err(found)) => {
            panic!("the direct reader took what the checked one refused: {direct:?}\n{found}")
        }
        (None, Err(found)) => {
            let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
            assert_all_located(path, body, found);
        }
        (None, Ok(_)) => {}
    }
    // What reads is graded, and grading it twice gives the same sheet.
    if let Ok(file) = checked
        && let Ok(merged) = peel::model::evidence::merge(vec![file], registry())
    {
        for force in &merged.forces {
            let sheet = peel::engine::assess::assess(force, true);
            assert_eq!(sheet, peel::engine::assess::assess(force, true));
            let _ = peel::engine::assess::moderation_warnings(&sheet);
        }
    }
}

/// Rubric YAML: a located answer for every input; a rubric that loads makes a registry,
/// and the evidence template written for it reads back as evidence.
pub fn rubric(bytes: &[u8]) {
    let path = "rubric.yaml";
    let Some(text) = text(path, bytes) else {
        return;
    };
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let rubric = match peel::read::rubric::parse_rubric(path, body) {
        Ok(rubric) => rubric,
        Err(found) => return assert_all_located(path, body, &found),
    };
    let Ok(registry) = Registry::new(vec![(path.to_string(), rubric.clone())]) else {
        return;
    };
    let cycle = rubric
        .cycles
        .first()
        .cloned()
        .unwrap_or_else(|| "2024".into());
    let template = peel::report::template::evidence_template(&rubric, "Fuzz Police", &cycle, &[]);
    if let Err(found) = peel::read::evidence::parse_evidence("t.yaml", &template, &registry) {
        panic!("the template of a rubric that loads does not read back:\n{found}\n{template}");
    }
}

/// Published sheets in YAML: a located answer for every input.
pub fn sheet_yaml(bytes: &[u8]) {
    let path = "sheet.yaml";
    let Some(text) = text(path, bytes) else {
        return;
    };
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if let Err(found) = peel::read::published::parse_yaml_sheet(path, body, registry()) {
        assert_all_located(path, body, &found);
    }
}

/// Published grades in CSV, long or wide as spreadsheets write them: a located answer
/// for every input, and what reads writes back out as the same grades.
pub fn sheet_csv(bytes: &[u8]) {
    let path = "grades.csv";
    let Some(text) = text(path, bytes) else {
        return;
    };
    match peel::read::published::parse_csv(path, &text, registry()) {
        Ok(sheets) => assert_round_trip(&sheets),
        Err(found) => {
            let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
            assert_all_located(path, body, &found);
        }
    }
}

/// Published grades in JSON (`peel.grades/1`): a located answer for every input, and
/// what reads writes back out as the same grades.
pub fn sheet_json(bytes: &[u8]) {
    let path = "grades.json";
    let Some(text) = text(path, bytes) else {
        return;
    };
    match peel::read::published::parse_json(path, &text, registry()) {
        Ok(sheets) => assert_round_trip(&sheets),
        Err(found) => {
            let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
            assert_all_located(path, body, &found);
        }
    }
}

/// The whole `check` path over a small directory built from the input, held to `grade`:
/// whatever `check` accepts, `grade` grades; whatever `grade` refuses, `check` reports,
/// located in a file.
///
/// The input is up to four YAML files (evidence, rubrics, published sheets), separated by
/// lines of `%%%`.
pub fn check_dir(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    // Rubrics are given to grade with --rubric, as a user would; check takes them
    // among the other files.
    let mut rubrics = Vec::new();
    for (i, part) in bytes
        .split_inner(b"\n%%%\n")
        .into_iter()
        .take(4)
        .enumerate()
    {
        let path = dir.path().join(format!("f{i}.yaml"));
        std::fs::write(&path, part).unwrap();
        let text = String::from_utf8_lossy(part);
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if peel::read::yaml_kind(body) == peel::read::Kind::Rubric {
            rubrics.push(path.to_str().unwrap().to_string());
        }
    }
    let dir_arg = dir.path().to_str().unwrap().to_string();
    let report = out.path().join("check.json");
    let check = run(&[
        "check",
        &dir_arg,
        "-f",
        "json",
        "-o",
        report.to_str().unwrap(),
    ]);
    let check_code = check.as_ref().map(|o| o.exit_code).unwrap_or(1);
    let grades = out.path().join("grades.json");
    let mut grade_args = vec![
        "grade",
        &dir_arg,
        "-f",
        "json",
        "-o",
        grades.to_str().unwrap(),
    ];
    for rubric in &rubrics {
        grade_args.extend(["--rubric", rubric]);
    }
    let grade = run(&grade_args);
    match (&grade, check_code) {
        (Ok(outcome), 0) => {
            assert_eq!(outcome.exit_code, 0);
            let written = std::fs::read_to_string(&grades).expect("grade wrote its report");
            serde_json::from_str::<serde_json::Value>(&written).expect("grade wrote JSON");
        }
        (Ok(_), _) => {
            // check is the stricter: it refuses what grade only warns of (a file
            // beside the evidence that is no sheet, say); nothing to hold it to.
        }
        (Err(error), 0) => {
            // A set that holds only a rubric has nothing to grade; check says it is
            // a good rubric.
            let text = format!("{error:#}");
            assert!(
                text.contains("nothing to grade") || text.contains("no evidence or grades"),
                "check accepted what grade refused: {text}"
            );
        }
        (Err(error), _) => {
            if let Some(found) = error.downcast_ref::<Diagnostics>() {
                assert_refusals_in_check(found, &report);
            }
        }
    }
}

/// Runs one peel command as the binary would, quietly.
fn run(args: &[&str]) -> anyhow::Result<peel::Outcome> {
    let mut full = vec!["peel", "--quiet"];
    full.extend_from_slice(args);
    let (command, options) = peel::cli::options::parse(full).expect("the arguments parse");
    peel::run(command, options)
}

/// Every located problem that stopped grade is in check's report at the same place.
fn assert_refusals_in_check(found: &Diagnostics, report: &std::path::Path) {
    let written = std::fs::read_to_string(report).expect("check wrote its report");
    let json: serde_json::Value = serde_json::from_str(&written).expect("check wrote JSON");
    let problems = json["problems"].as_array().expect("a list of problems");
    for problem in found.0.iter().filter(|d| !d.warning) {
        let Position::LineColumn { line, column } = problem.position else {
            continue;
        };
        let file = std::path::Path::new(&problem.path).file_name().unwrap();
        let told = problems.iter().any(|p| {
            p["line"].as_u64() == Some(line)
                && p["column"].as_u64() == Some(column)
                && p["path"]
                    .as_str()
                    .is_some_and(|path| std::path::Path::new(path).file_name() == Some(file))
        });
        assert!(
            told,
            "grade refused {problem} but check did not say so:\n{written}"
        );
    }
}

/// Splitting a byte string on a separator.
trait SplitInner {
    fn split_inner<'a>(&'a self, separator: &'a [u8]) -> Vec<&'a [u8]>;
}

impl SplitInner for [u8] {
    fn split_inner<'a>(&'a self, separator: &'a [u8]) -> Vec<&'a [u8]> {
        let mut parts = Vec::new();
        let mut rest = self;
        while let Some(at) = rest.windows(separator.len()).position(|w| w == separator) {
            parts.push(&rest[..at]);
            rest = &rest[at + separator.len()..];
        }
        parts.push(rest);
        parts
    }
}

/// Grades computed from evidence, written by peel as JSON and CSV and read back as
/// published grades, are the same grades.
pub fn round_trip(bytes: &[u8]) {
    let path = "evidence.yaml";
    let Some(text) = text(path, bytes) else {
        return;
    };
    let registry = registry();
    let Ok(file) = peel::read::evidence::parse_evidence(path, &text, registry) else {
        return;
    };
    let Ok(merged) = peel::model::evidence::merge(vec![file], registry) else {
        return;
    };
    let sheets: Vec<_> = merged
        .forces
        .iter()
        .map(|force| peel::engine::assess::assess(force, false))
        .collect();
    assert_round_trip(&sheets);
}
