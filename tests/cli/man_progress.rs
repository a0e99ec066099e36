//! `peel man`, the progress bar (only on a terminal) and `--quiet`.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::peel;

/// The commands a user can type after `peel`.
const COMMANDS: [&str; 12] = [
    "grade",
    "diff",
    "compare",
    "check",
    "rubric",
    "template",
    "completions",
    "schema",
    "man",
    "coverage",
    "history",
    "national",
];

fn stdout_of(args: &[&str]) -> String {
    let output = peel().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "peel {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_man_page_starts_with_th_and_names_every_command() {
    let page = stdout_of(&["man"]);
    assert!(page.starts_with(".TH peel 1 "), "{page}");
    assert!(page.contains(".SH NAME"));
    for command in COMMANDS {
        assert!(page.contains(&format!("peel\\-{command}")), "{command}");
    }
}

#[test]
fn each_command_has_its_page() {
    let grade = stdout_of(&["man", "grade"]);
    assert!(grade.starts_with(".TH peel-grade 1 "), "{grade}");
    assert!(grade.contains("\\-\\-fail\\-below"));
    let show = stdout_of(&["man", "rubric", "show"]);
    assert!(show.starts_with(".TH peel-rubric-show 1 "), "{show}");
}

#[test]
fn every_page_has_its_usage_an_exit_status_and_examples() {
    for command in COMMANDS {
        let page = stdout_of(&["man", command]);
        assert!(page.contains(".SH \"EXIT STATUS\""), "{command}");
        for code in ["0", "1", "2", "3"] {
            assert!(
                page.contains(&format!(".TP\n\\fB{code}\\fR\n")),
                "{command} {code}"
            );
        }
        assert!(page.contains(".SH EXAMPLES\n"), "{command}");
        assert!(
            page.contains(&format!("\\fBpeel {command}")) || command == "rubric",
            "{command}"
        );
    }
    // The synopsis is the usage of --help: values and repetition kept.
    let history = stdout_of(&["man", "history"]);
    assert!(
        history.contains(".SH SYNOPSIS\n\\fBpeel history\\fR [OPTIONS] <SHEET>...\n"),
        "{history}"
    );
}

#[test]
fn an_unknown_command_has_no_page_and_a_suggestion() {
    let output = peel().args(["man", "grdae"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "a usage error");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("did you mean `grade`?"), "{stderr}");
}

#[test]
fn man_dir_writes_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    peel()
        .args(["man", "--dir"])
        .arg(&pages)
        .assert()
        .success()
        .stdout("");
    let mut names: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for command in COMMANDS {
        assert!(names.contains(&format!("peel-{command}.1")), "{names:?}");
    }
    for name in ["peel.1", "peel-rubric-list.1", "peel-rubric-show.1"] {
        assert!(names.contains(&name.to_string()), "{names:?}");
    }
    let grade = std::fs::read_to_string(pages.join("peel-grade.1")).unwrap();
    assert!(grade.starts_with(".TH peel-grade 1 "));
}

/// Writes evidence of Kent Police in two files and of "Kent Polise" in a third: a
/// near-miss that peel warns about.
fn near_miss(dir: &Path) {
    for (file, force) in [
        ("a.yaml", "Kent Police"),
        ("b.yaml", "Kent Police"),
        ("c.yaml", "Kent Polise"),
    ] {
        std::fs::write(
            dir.join(file),
            format!("force: {force}\ncycle: 2023-25\nrubric: peel-2023-25\n"),
        )
        .unwrap();
    }
}

#[test]
fn quiet_silences_a_warning_but_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    near_miss(dir.path());
    let path = dir.path().to_str().unwrap();
    let loud = peel().args(["grade", path]).output().unwrap();
    assert!(String::from_utf8_lossy(&loud.stderr).contains("warning: "));
    for args in [["--quiet", "grade", path], ["grade", "-q", path]] {
        let quiet = peel().args(args).output().unwrap();
        assert!(quiet.status.success());
        assert_eq!(String::from_utf8_lossy(&quiet.stderr), "", "{args:?}");
        assert_eq!(quiet.stdout, loud.stdout);
    }
    // check's warnings too; its problems are errors, and still print.
    let check = peel().args(["check", "-q", path]).output().unwrap();
    assert!(!String::from_utf8_lossy(&check.stderr).contains("warning: "));
    let error = peel()
        .args(["grade", "-q", "errors/bad-judgement.yaml"])
        .output()
        .unwrap();
    assert_eq!(error.status.code(), Some(1));
    let stderr = String::from_utf8(error.stderr).unwrap();
    assert!(
        stderr.contains("unknown judgement \"demonstated\""),
        "{stderr}"
    );
}

/// A folder of `n` small evidence files, one force each.
fn many_files(dir: &Path, n: usize) {
    for i in 0..n {
        std::fs::write(
            dir.join(format!("force-{i:04}.yaml")),
            format!(
                "force: Force {i}\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n  \
                 - criterion: IC1\n    judgement: partly\n"
            ),
        )
        .unwrap();
    }
}

#[test]
fn no_progress_bar_when_stderr_is_no_terminal() {
    let dir = tempfile::tempdir().unwrap();
    many_files(dir.path(), 400);
    let path = dir.path().to_str().unwrap();
    for args in [
        vec!["grade", path],
        vec!["check", path],
        vec!["compare", path],
    ] {
        // CI unset, so that only the missing terminal keeps the bar away.
        let output = peel().env_remove("CI").args(&args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\r'),
            "{args:?}: {stderr:?}"
        );
    }
}

/// Runs `peel ARGS` on a pseudo-terminal made by `script`, and returns what it printed
/// on the terminal (stdout goes to /dev/null); `None` where `script` is missing.
fn on_a_terminal(args: &str, ci: bool) -> Option<String> {
    let line = format!("{} {args} > /dev/null", env!("CARGO_BIN_EXE_peel"));
    let mut command = Command::new("script");
    command
        .args(["-qec", &line, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .env_remove("CI");
    if ci {
        command.env("CI", "true");
    }
    let mut child = command.spawn().ok()?;
    // script ends its session when its input closes: keep it open until peel is done.
    let _input = child.stdin.take();
    let mut printed = String::new();
    child.stdout.take()?.read_to_string(&mut printed).ok()?;
    let status = child.wait().ok()?;
    assert!(status.success(), "peel {args} on a terminal: {printed}");
    Some(printed)
}

#[test]
fn a_terminal_shows_progress_over_many_files_unless_quiet_or_ci() {
    let dir = tempfile::tempdir().unwrap();
    many_files(dir.path(), 400);
    let path = dir.path().to_str().unwrap();
    // Without `script` (util-linux) there is no terminal to test on.
    let Some(shown) = on_a_terminal(&format!("grade {path}"), false) else {
        return;
    };
    assert!(shown.contains("/400 files, "), "{shown:?}");
    let quiet = on_a_terminal(&format!("grade --quiet {path}"), false).unwrap_or_default();
    assert!(!quiet.contains("files, "), "{quiet:?}");
    let ci = on_a_terminal(&format!("check {path}"), true).unwrap_or_default();
    assert!(!ci.contains("files, "), "{ci:?}");
    let few = on_a_terminal(&format!("grade {path}/force-0001.yaml"), false).unwrap_or_default();
    assert!(!few.contains("files, "), "{few:?}");
}
