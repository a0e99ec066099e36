//! `--format html` (issue #11): each page's structure parsed with scraper (fast, no
//! browser), hostile text shown and never run, and the pages as headless Chromium
//! builds and draws them. Without Chromium the browser tests say SKIPPED on the real
//! standard error and pass: the scraper tests still check the same HTML.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::{json, peel, root};

const HOSTILE_FORCE: &str = "<script>alert(1)</script>";
/// Published grades of a hostile force and a quiet one, over two cycles.
const HOSTILE_CSV: &str = "html/hostile.csv";
/// Evidence whose note, source, finding and moderation each try to break out of HTML.
const HOSTILE_EVIDENCE: &str = "html/hostile.yaml";

/// The shipped national dataset.
fn dataset() -> String {
    root().join("data/peel-grades.csv").display().to_string()
}

/// Runs peel, checks it succeeded and returns its standard output.
fn page(args: &[&str]) -> String {
    let output = peel().args(args).output().expect("peel runs");
    assert!(
        output.status.success(),
        "peel {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("HTML is UTF-8")
}

fn css(selector: &str) -> Selector {
    Selector::parse(selector).expect("a valid selector")
}

/// Every element under `root` that `selector` matches.
fn all<'a>(root: ElementRef<'a>, selector: &str) -> Vec<ElementRef<'a>> {
    root.select(&css(selector)).collect()
}

/// The one element under `root` that `selector` matches.
fn one<'a>(root: ElementRef<'a>, selector: &str) -> ElementRef<'a> {
    let found = all(root, selector);
    assert_eq!(found.len(), 1, "{selector}: {} found", found.len());
    found[0]
}

fn text(element: ElementRef) -> String {
    element.text().collect()
}

/// The words a page shows for a grade's JSON word ("requires_improvement").
fn label(word: &str) -> &'static str {
    match word {
        "inadequate" => "Inadequate",
        "requires_improvement" => "Requires improvement",
        "adequate" => "Adequate",
        "good" => "Good",
        "outstanding" => "Outstanding",
        other => panic!("no grade {other:?}"),
    }
}

/// A grade cell's class for a JSON grade (`null`: not graded).
fn class(grade: &Value) -> String {
    match grade.as_str() {
        Some(word) => format!("grade-{}", word.replace('_', "-")),
        None => "grade-none".to_string(),
    }
}

/// The heatmap's code for a JSON grade.
fn code(grade: &Value) -> &'static str {
    match grade.as_str() {
        Some("inadequate") => "I",
        Some("requires_improvement") => "RI",
        Some("adequate") => "A",
        Some("good") => "G",
        Some("outstanding") => "O",
        _ => "—",
    }
}

fn has_class(element: ElementRef, class: &str) -> bool {
    element.value().classes().any(|c| c == class)
}

/// A grade page holds a table per sheet of `grades` (peel.grades/1), a row per area
/// in the same order, each grade in words in a cell of its class.
fn assert_grade_cards(doc: &Html, grades: &Value) {
    let sheets = grades["sheets"].as_array().unwrap();
    let cards = all(doc.root_element(), "section.sheet");
    assert_eq!(cards.len(), sheets.len(), "a card per sheet");
    for (card, sheet) in cards.into_iter().zip(sheets) {
        let heading = text(one(card, "h2"));
        let force = sheet["force"].as_str().unwrap();
        assert!(heading.starts_with(force), "{heading:?} names {force:?}");
        let areas = sheet["areas"].as_array().unwrap();
        let rows = all(card, "table.grades tbody tr");
        assert_eq!(rows.len(), areas.len(), "a row per area of {force}");
        for (row, area) in rows.into_iter().zip(areas) {
            assert_eq!(text(one(row, "th")), area["title"].as_str().unwrap());
            let cells = all(row, "td");
            assert_eq!(cells.len(), 4, "grade, score, coverage, why");
            assert!(has_class(cells[0], &class(&area["grade"])), "{area}");
            let words = area["grade"].as_str().map_or("—", label);
            assert_eq!(text(cells[0]), words);
        }
    }
}

/// A compare page holds a heatmap row per row of `matrix` (peel.compare/1) with a
/// cell per area: the grade's class, its code to see and its words to hear.
fn assert_heatmap(doc: &Html, matrix: &Value) {
    let areas = matrix["areas"].as_array().unwrap();
    let heatmap = one(doc.root_element(), "table.heatmap");
    let headers = all(heatmap, "thead th.area");
    assert_eq!(headers.len(), areas.len(), "a column per area");
    for (header, area) in headers.iter().zip(areas) {
        assert_eq!(header.value().attr("data-area"), area.as_str());
    }
    let rows = all(heatmap, "tbody tr");
    let expected = matrix["rows"].as_array().unwrap();
    assert_eq!(rows.len(), expected.len(), "a row per sheet");
    for (row, sheet) in rows.into_iter().zip(expected) {
        let force = sheet["force"].as_str().unwrap();
        assert_eq!(
            text(one(row, "th")),
            format!("{force} · {}", sheet["cycle"].as_str().unwrap())
        );
        let cells = all(row, "td.cell");
        assert_eq!(cells.len(), areas.len(), "a cell per area for {force}");
        for (cell, area) in cells.into_iter().zip(areas) {
            let grade = &sheet["grades"][area.as_str().unwrap()];
            let words = grade.as_str().map_or("not graded", label);
            assert!(has_class(cell, &class(grade)), "{force}, {area}: {grade}");
            assert_eq!(cell.value().attr("title"), Some(words));
            let seen = one(cell, "span.code");
            assert_eq!(seen.value().attr("aria-hidden"), Some("true"));
            assert_eq!(text(seen), code(grade));
            assert_eq!(text(one(cell, "span.visually-hidden")), words);
        }
    }
}

/// Hostile input shows as text and adds no element: no script, image, frame or SVG
/// of its own.
fn assert_inert(doc: &Html, hostile_texts: &[&str]) {
    let root = doc.root_element();
    for tag in ["script", "img", "iframe", "object", "embed"] {
        assert!(all(root, tag).is_empty(), "a <{tag}> element");
    }
    for svg in all(root, "svg") {
        assert!(has_class(svg, "bar"), "only peel's bars are SVG");
        assert!(svg.value().attrs().all(|(name, _)| !name.starts_with("on")));
    }
    let shown = text(root);
    for hostile in hostile_texts {
        assert!(shown.contains(hostile), "{hostile:?} is shown as text");
    }
}

/// Each stacked bar is an image whose label counts `sheets` in all, with a segment
/// for each grade it counts.
fn assert_bars(doc: &Html, sheets: u64) {
    for bar in all(doc.root_element(), "svg.bar") {
        assert_eq!(bar.value().attr("role"), Some("img"));
        let said = bar.value().attr("aria-label").unwrap();
        let counts: Vec<u64> = said
            .split(", ")
            .map(|part| part.split(' ').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(counts.len(), 6, "five grades and not graded: {said}");
        assert_eq!(counts.iter().sum::<u64>(), sheets, "{said}");
        let segments = counts.iter().filter(|n| **n > 0).count();
        assert_eq!(all(bar, "rect").len(), segments, "{said}");
    }
}

#[test]
fn grade_page_has_a_card_per_sheet_with_each_area_s_grade_in_words() {
    let doc = Html::parse_document(&page(&["grade", "-f", "html"]));
    assert_grade_cards(&doc, &json(&["grade", "-f", "json"]));
    let summary = text(one(doc.root_element(), "section.sheet p.summary"));
    assert!(summary.starts_with("Summary: "), "{summary}");
    assert!(
        all(doc.root_element(), "details").is_empty(),
        "no --explain"
    );
}

#[test]
fn explain_puts_each_area_s_reasons_in_a_details_block() {
    let county = "explain/county.yaml";
    let doc = Html::parse_document(&page(&["grade", "--explain", "-f", "html", county]));
    let grades = json(&["grade", "-f", "json", county]);
    assert_grade_cards(&doc, &grades);
    let areas = grades["sheets"][0]["areas"].as_array().unwrap();
    let blocks = all(doc.root_element(), "section.sheet details");
    assert_eq!(blocks.len(), areas.len(), "a block per area");
    for (block, area) in blocks.into_iter().zip(areas) {
        let heading = text(one(block, "summary"));
        let title = area["title"].as_str().unwrap();
        assert!(heading.starts_with(&format!("{title}: ")), "{heading}");
        assert!(!all(block, "li").is_empty(), "{title} has reasons");
    }
    let reasons = text(doc.root_element());
    // The same lines as the table's --explain, one per list item.
    assert!(reasons.contains("moderated to Requires improvement despite insufficient evidence"));
    assert!(reasons.contains(
        "IC1 partly (2 pts): Only one team's files were read. [fieldwork notes] (line 7)"
    ));
}

#[test]
fn diff_page_shows_each_movement_by_arrow_words_and_colour() {
    let args = ["diff", HOSTILE_CSV, "--from", "2021/22", "--to", "2023-25"];
    let doc = Html::parse_document(&page(&[&args[..], &["-f", "html"]].concat()));
    let report = json(&[&args[..], &["-f", "json"]].concat());
    let diffs = report["diffs"].as_array().unwrap();
    let sections = all(doc.root_element(), "section.diff");
    assert_eq!(sections.len(), diffs.len(), "a section per force paired");
    for (section, diff) in sections.into_iter().zip(diffs) {
        let rows = all(section, "table.movements tbody tr");
        let expected = diff["rows"].as_array().unwrap();
        assert_eq!(rows.len(), expected.len());
        for (row, movement) in rows.into_iter().zip(expected) {
            let cells = all(row, "td");
            assert_eq!(cells.len(), 3, "old, new, movement");
            assert!(has_class(cells[1], &class(&movement["new_grade"])));
            let word = movement["movement"].as_str().unwrap();
            assert!(has_class(cells[2], &format!("movement-{word}")));
            let arrow = one(cells[2], "span[aria-hidden=true]");
            let said = text(cells[2]).replacen(&text(arrow), "", 1);
            let steps = movement["steps"].as_i64().unwrap_or(0);
            let expected_words = match word {
                "improved" => format!(" improved +{steps}"),
                "declined" => format!(" declined \u{2212}{}", steps.abs()),
                other => format!(" {other}"),
            };
            assert_eq!(said, expected_words);
        }
    }
    let shown = text(doc.root_element());
    assert!(
        shown.contains("▲ improved +2"),
        "requires improvement to good"
    );
    assert!(shown.contains("▼ declined \u{2212}3"), "good to inadequate");
}

#[test]
fn diff_page_shows_the_all_forces_totals_for_several_forces() {
    let args = ["diff", HOSTILE_CSV, "--from", "2021/22", "--to", "2023-25"];
    let report = json(&[&args[..], &["-f", "json"]].concat());
    let totals = report["totals"].as_object().unwrap();
    for extra in [&[][..], &["--summary"][..]] {
        let html = page(&[&args[..], extra, &["-f", "html"]].concat());
        let doc = Html::parse_document(&html);
        let table = one(doc.root_element(), "section.totals table.totals");
        assert_eq!(
            all(table, "thead th").len(),
            9,
            "area, seven movements, net"
        );
        let rows = all(table, "tbody tr");
        assert_eq!(rows.len(), totals.len(), "a row per area");
        let investigating = rows
            .iter()
            .find(|row| text(one(**row, "th")) == "Investigating crime")
            .expect("investigating crime is totalled");
        let net = one(*investigating, "td.net");
        // +1 for Quiet, −3 for the hostile force.
        assert_eq!(text(net), "\u{2212}2");
        assert!(has_class(net, "net-down"));
        let sections = all(doc.root_element(), "section.diff").len();
        assert_eq!(sections, if extra.is_empty() { 2 } else { 0 }, "{extra:?}");
    }
}

#[test]
fn compare_heatmap_has_a_labelled_cell_per_force_and_area() {
    let args = ["compare", &dataset(), "--sort", "worst"];
    let doc = Html::parse_document(&page(&[&args[..], &["-f", "html"]].concat()));
    let matrix = json(&[&args[..], &["-f", "json"]].concat());
    assert!(matrix["rows"].as_array().unwrap().len() >= 40);
    assert_heatmap(&doc, &matrix);
    let legend = all(doc.root_element(), "ul.legend li");
    assert_eq!(legend.len(), 6, "five grades and not graded");
    assert_eq!(text(legend[0]), "IInadequate");
}

#[test]
fn compare_totals_are_a_stacked_bar_per_area_per_cycle() {
    let args = ["compare", "--all", HOSTILE_CSV];
    let doc = Html::parse_document(&page(&[&args[..], &["-f", "html"]].concat()));
    let matrix = json(&[&args[..], &["-f", "json"]].concat());
    assert_heatmap(&doc, &matrix);
    let areas = matrix["areas"].as_array().unwrap();
    let sections = all(doc.root_element(), "section.totals");
    assert_eq!(sections.len(), 2, "one per cycle");
    let cycles: Vec<_> = sections
        .iter()
        .map(|s| s.value().attr("data-cycle").unwrap())
        .collect();
    assert_eq!(cycles, ["2021/22", "2023-25"]);
    for section in &sections {
        assert_eq!(
            all(*section, "svg.bar").len(),
            areas.len(),
            "a bar per area"
        );
    }
    // Two forces in each cycle.
    assert_bars(&doc, 2);
    // 2023-25, investigating crime: one inadequate, one requires improvement.
    let investigating = areas
        .iter()
        .position(|a| a == "investigating-crime")
        .unwrap();
    let bar = all(sections[1], "svg.bar")[investigating];
    let classes: Vec<_> = all(bar, "rect")
        .into_iter()
        .map(|r| r.value().attr("class").unwrap())
        .collect();
    assert_eq!(classes, ["grade-inadequate", "grade-requires-improvement"]);
    assert_eq!(
        text(all(bar, "rect title")[0]),
        "1 Inadequate",
        "a tooltip per segment"
    );
}

#[test]
fn hostile_text_in_every_report_is_shown_and_never_run() {
    let grade = page(&["grade", "--explain", "-f", "html", HOSTILE_EVIDENCE]);
    let doc = Html::parse_document(&grade);
    assert_inert(
        &doc,
        &[
            HOSTILE_FORCE,
            "<img src=x onerror=alert(1)>",
            "</li></ul></details><script>alert(2)</script>",
            "\"><svg onload=alert(3)>",
            "<iframe src=javascript:alert(4)></iframe>",
        ],
    );
    let title = text(one(doc.root_element(), "title"));
    assert!(title.contains(HOSTILE_FORCE), "{title}");
    let compare = Html::parse_document(&page(&["compare", "-f", "html", HOSTILE_CSV]));
    assert_inert(&compare, &[&format!("{HOSTILE_FORCE} · 2023-25")]);
    let diff = [
        "diff",
        "-f",
        "html",
        HOSTILE_CSV,
        "--from",
        "2021/22",
        "--to",
        "2023-25",
    ];
    assert_inert(&Html::parse_document(&page(&diff)), &[HOSTILE_FORCE]);
}

#[test]
fn every_page_is_self_contained_and_prints_on_a4_landscape() {
    let diff = [
        "diff",
        "-f",
        "html",
        HOSTILE_CSV,
        "--from",
        "2021/22",
        "--to",
        "2023-25",
    ];
    for html in [
        page(&["grade", "-f", "html", "--explain"]),
        page(&diff),
        page(&["compare", "-f", "html", HOSTILE_CSV]),
    ] {
        assert!(html.starts_with("<!DOCTYPE html>"));
        let doc = Html::parse_document(&html);
        let root = doc.root_element();
        assert!(
            all(root, "script, link, base").is_empty(),
            "nothing to run or load"
        );
        for element in all(root, "*") {
            for (name, value) in element.value().attrs() {
                let fetches = ["src", "href", "srcset", "poster", "data"].contains(&name);
                assert!(!fetches, "<{} {name}={value:?}>", element.value().name());
            }
        }
        let style = text(one(root, "head style"));
        assert!(style.contains("@page { size: A4 landscape;"));
        assert!(style.contains("@media print"));
        assert!(!style.contains("url("), "no fonts or images to fetch");
        assert_eq!(root.value().attr("lang"), Some("en"));
    }
}

#[test]
fn an_html_extension_picks_html() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["report.html", "report.HTM"] {
        let path = dir.path().join(name);
        peel()
            .args(["compare", HOSTILE_CSV, "-o"])
            .arg(&path)
            .assert()
            .success();
        let html = std::fs::read_to_string(&path).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{name}");
    }
    let path = dir.path().join("grades.html");
    peel()
        .args(["grade", "-f", "json", "-o"])
        .arg(&path)
        .assert()
        .code(2);
    assert!(!path.exists(), "no JSON in an .html file");
}

#[test]
fn check_and_rubric_do_not_write_html() {
    for args in [
        &["check", "-f", "html", HOSTILE_EVIDENCE][..],
        &["rubric", "list", "-f", "html"],
        &["rubric", "show", "peel-2023-25", "-f", "html"],
        &["check", HOSTILE_EVIDENCE, "-o", "problems.html"],
    ] {
        let output = peel().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("table, json, csv, markdown"), "{stderr}");
    }
}

// ---- In a real browser -------------------------------------------------------------

/// One browser at a time: the machine has few cores, and Chromium is heavy.
static BROWSER: Mutex<()> = Mutex::new(());

/// Long enough for a cold start on a busy machine, short enough to end a hang.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(90);

/// The Chromium to test with: `PEEL_CHROMIUM`, else the first of the usual names on
/// `PATH`. `None` after saying SKIPPED where the test's output cannot hide it.
fn chromium(test: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PEEL_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let names = ["chromium", "chromium-browser", "google-chrome", "chrome"];
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .flat_map(|dir| names.map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        // libtest captures eprintln! of a passing test; a skip must be seen, so this
        // goes to the process's own standard error.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: chromium not found ({test}): install the Debian package `chromium` \
             (.ci/run does) or set PEEL_CHROMIUM; the HTML was checked with scraper only"
        );
    }
    found
}

/// Runs headless Chromium on `page` with `args` in a fresh profile, ending it after
/// [`BROWSER_TIMEOUT`]; returns its standard output.
fn run_browser(chromium: &Path, page: &Path, args: &[String]) -> String {
    let _one_at_a_time = BROWSER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let profile = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let stdout_path = out_dir.path().join("stdout");
    // To a file, not a pipe: a page's DOM fills a pipe's buffer before Chromium exits.
    let stdout = File::create(&stdout_path).unwrap();
    let stderr = File::create(out_dir.path().join("stderr")).unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox", // root, as in CI, cannot use Chromium's sandbox
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium took over {BROWSER_TIMEOUT:?} on {}",
                page.display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stderr = std::fs::read_to_string(out_dir.path().join("stderr")).unwrap_or_default();
    assert!(status.success(), "chromium failed ({status}): {stderr}");
    std::fs::read_to_string(stdout_path).unwrap()
}

/// The page as Chromium built it: its DOM after parsing, serialised.
fn browser_dom(chromium: &Path, html: &str) -> Html {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    std::fs::write(&path, html).unwrap();
    let dom = run_browser(chromium, &path, &["--dump-dom".to_string()]);
    assert!(dom.contains("</html>"), "a whole DOM: {dom}");
    Html::parse_document(&dom)
}

#[test]
fn chromium_builds_the_national_heatmap_as_peel_wrote_it() {
    let Some(chromium) = chromium("chromium_builds_the_national_heatmap_as_peel_wrote_it") else {
        return;
    };
    let args = ["compare", &dataset(), "--sort", "worst"];
    let html = page(&[&args[..], &["-f", "html"]].concat());
    let doc = browser_dom(&chromium, &html);
    assert_heatmap(&doc, &json(&[&args[..], &["-f", "json"]].concat()));
    assert_inert(&doc, &[]);
}

#[test]
fn chromium_builds_every_report_of_hostile_input_without_running_it() {
    let Some(chromium) =
        chromium("chromium_builds_every_report_of_hostile_input_without_running_it")
    else {
        return;
    };
    let grade = ["grade", "--explain", HOSTILE_EVIDENCE];
    let doc = browser_dom(&chromium, &page(&[&grade[..], &["-f", "html"]].concat()));
    let grades = json(&[&grade[..], &["-f", "json"]].concat());
    assert_grade_cards(&doc, &grades);
    assert_inert(
        &doc,
        &[
            HOSTILE_FORCE,
            "<img src=x onerror=alert(1)>",
            "</li></ul></details><script>alert(2)</script>",
        ],
    );
    let areas = grades["sheets"][0]["areas"].as_array().unwrap().len();
    assert_eq!(
        all(doc.root_element(), "details").len(),
        areas,
        "every area"
    );
    let compare = ["compare", "--all", HOSTILE_CSV];
    let doc = browser_dom(&chromium, &page(&[&compare[..], &["-f", "html"]].concat()));
    assert_heatmap(&doc, &json(&[&compare[..], &["-f", "json"]].concat()));
    assert_inert(&doc, &[HOSTILE_FORCE]);
    assert_bars(&doc, 2);
    let diff = ["diff", HOSTILE_CSV, "--from", "2021/22", "--to", "2023-25"];
    let doc = browser_dom(&chromium, &page(&[&diff[..], &["-f", "html"]].concat()));
    assert_inert(&doc, &[HOSTILE_FORCE, "▼ declined \u{2212}3"]);
    let report = json(&[&diff[..], &["-f", "json"]].concat());
    let rows: usize = report["diffs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rows"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        all(doc.root_element(), "table.movements tbody tr").len(),
        rows
    );
}

#[test]
fn chromium_draws_each_report_to_a_screenshot() {
    let Some(chromium) = chromium("chromium_draws_each_report_to_a_screenshot") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let reports: [&[&str]; 3] = [
        &["grade", "--explain"],
        &["diff", HOSTILE_CSV, "--from", "2021/22", "--to", "2023-25"],
        &["compare", HOSTILE_CSV],
    ];
    for (index, args) in reports.into_iter().enumerate() {
        let html = dir.path().join(format!("report-{index}.html"));
        let png = dir.path().join(format!("report-{index}.png"));
        peel().args(args).arg("-o").arg(&html).assert().success();
        run_browser(
            &chromium,
            &html,
            &[
                format!("--screenshot={}", png.display()),
                "--window-size=1600,1000".to_string(),
            ],
        );
        let image = std::fs::read(&png).unwrap_or_default();
        assert!(image.starts_with(b"\x89PNG\r\n\x1a\n"), "{args:?}: a PNG");
        // The IHDR chunk: width and height, big-endian, after the signature and header.
        let size = |at: usize| u32::from_be_bytes(image[at..at + 4].try_into().unwrap());
        assert_eq!((size(16), size(20)), (1600, 1000), "{args:?}");
        assert!(
            image.len() > 20_000,
            "{args:?}: a drawn page, not a blank one"
        );
    }
}
