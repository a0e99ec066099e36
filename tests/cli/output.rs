use std::io::Read;
use std::process::Stdio;

use crate::{fixtures, peel};

#[test]
fn output_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grades.csv");
    peel()
        .args(["grade", "--format", "csv", "-o", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("force,cycle,rubric,area,grade,"));
    assert_eq!(text.lines().count(), 9);
}

#[test]
fn a_failed_run_leaves_the_old_output_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grades.json");
    std::fs::write(&out, "previous").unwrap();
    peel()
        .args([
            "grade",
            "-o",
            out.to_str().unwrap(),
            "errors/unknown-key.yaml",
        ])
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous");
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");
}

#[test]
fn fail_below_exits_3_when_a_grade_is_lower() {
    peel()
        .args(["grade", "--fail-below", "adequate"])
        .assert()
        .code(3);
    peel()
        .args(["grade", "--fail-below", "RI"])
        .assert()
        .code(3);
    peel()
        .args(["grade", "--fail-below", "inadequate"])
        .assert()
        .code(0);
}

#[test]
fn fail_below_ignores_ungraded_areas() {
    // One area is judged (adequate); the seven ungraded ones are not below adequate.
    let evidence = crate::root().join("examples/evidence/metropolitan-2023-25");
    let one_area = evidence.join("police-powers-and-public-treatment.yaml");
    peel()
        .args(["grade", "--fail-below", "adequate"])
        .arg(one_area)
        .assert()
        .code(0)
        .stderr("");
}

#[test]
fn bad_input_wins_over_fail_below() {
    peel()
        .args([
            "grade",
            "--fail-below",
            "outstanding",
            "errors/unknown-key.yaml",
        ])
        .assert()
        .code(1);
}

#[test]
fn a_bad_grade_in_fail_below_is_a_usage_error() {
    peel()
        .args(["grade", "--fail-below", "excellent"])
        .assert()
        .code(2);
}

#[test]
fn colour_follows_the_flag() {
    let coloured = peel().args(["--color", "always"]).output().unwrap();
    assert!(coloured.stdout.contains(&0x1b));
    let plain = peel().args(["--color", "auto"]).output().unwrap();
    assert!(!plain.stdout.contains(&0x1b), "not a terminal: no colour");
}

#[test]
fn standard_input_is_read_for_a_dash() {
    let text = std::fs::read_to_string(fixtures().join("errors/judged-twice-b.yaml")).unwrap();
    let output = peel()
        .args(["grade", "--format", "csv", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("Kent Police,2023-25,peel-2023-25,investigating-crime,"));
}

#[test]
fn output_piped_into_a_closed_reader_ends_quietly() {
    // Enough forces that the output overflows the pipe's buffer.
    let dir = tempfile::tempdir().unwrap();
    for n in 0..400 {
        std::fs::write(
            dir.path().join(format!("force-{n:03}.yaml")),
            format!("force: Force {n}\ncycle: 2023-25\nrubric: peel-2023-25\n"),
        )
        .unwrap();
    }
    let (code, stderr) = closed_early(dir.path(), &["grade", "."]);
    assert_eq!(code, Some(0));
    assert!(stderr.is_empty(), "{stderr}");
}

/// The exit code and stderr of `peel ARGS` (run in `dir`) whose reader closes its end
/// after the first bytes, as `| head -c16` does.
fn closed_early(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let binary = assert_cmd::cargo::cargo_bin("peel");
    let mut child = std::process::Command::new(binary)
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

#[test]
fn a_reader_that_leaves_early_keeps_the_exit_code_of_a_failed_gate_or_check() {
    // Issue 24: the closed pipe turned exit 3 (and check's exit 1) into exit 0.
    let root = crate::root();
    let args = [
        "grade",
        "data/peel-grades.csv",
        "-f",
        "json",
        "--fail-below",
        "good",
    ];
    let (code, stderr) = closed_early(&root, &args);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.contains("below good: "),
        "the gate names what fell short: {stderr}"
    );
    assert!(!stderr.contains("error"), "{stderr}");
    // Many files with a problem each overflow the pipe with check's JSON.
    let dir = tempfile::tempdir().unwrap();
    for n in 0..400 {
        std::fs::write(
            dir.path().join(format!("f{n:03}.yaml")),
            format!("force: Force {n}\ncycle: 2023-25\nrubric: peel-2023-25\nforse: x\n"),
        )
        .unwrap();
    }
    let (code, stderr) = closed_early(dir.path(), &["check", ".", "-f", "json"]);
    assert_eq!(code, Some(1), "{stderr}");
}

#[test]
fn output_is_the_same_on_one_thread_and_many() {
    let dir = tempfile::tempdir().unwrap();
    for n in 0..60 {
        let force = ["Kent Police", "Essex Police", "Surrey Police"][n % 3];
        let criterion = ["IC1", "IC2", "IC3", "IC4", "IC5", "IC6", "PC1", "PC2"][n / 3 % 8];
        std::fs::write(
            dir.path().join(format!("f{n:02}.yaml")),
            format!("force: {force}\ncycle: \"{}\"\nrubric: peel-2023-25\njudgements:\n  - criterion: {criterion}\n    judgement: partly\n", n / 24),
        )
        .unwrap();
    }
    let run = |threads: &str| {
        peel()
            .env("RAYON_NUM_THREADS", threads)
            .args(["grade", "--format", "json", dir.path().to_str().unwrap()])
            .output()
            .unwrap()
            .stdout
    };
    let serial = run("1");
    assert!(!serial.is_empty());
    assert_eq!(serial, run("4"));
}
