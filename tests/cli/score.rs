//! `peel score` driven through a pseudo-terminal as an inspector drives it: judge,
//! write a note, add a finding, save, quit; then `check` and `grade` read the file.

use std::path::Path;
use std::time::{Duration, Instant};

use super::peel;

/// `peel score ARGS` on an 80×24 pseudo-terminal.
fn spawn(dir: &Path, args: &str) -> rexpect::session::PtySession {
    let bin = assert_cmd::cargo::cargo_bin("peel");
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg(format!(
            "stty rows 24 cols 80 && exec {} score {args}",
            bin.display()
        ))
        .current_dir(dir)
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR");
    rexpect::session::spawn_command(command, Some(20_000)).expect("a pseudo-terminal")
}

/// Waits until `path` holds text that satisfies `done`.
fn wait_for(path: &Path, done: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && done(&text)
        {
            return text;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{} never saved",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The grades `peel grade --format json` gives a file, without its path.
fn grades(dir: &Path, file: &str) -> serde_json::Value {
    let output = peel()
        .current_dir(dir)
        .args(["grade", file, "--format", "json", "--explain"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    strip_places(&mut json);
    json
}

/// Takes out what names where a value was written: files and lines differ.
fn strip_places(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::Object(map) => {
            map.retain(|key, _| !matches!(key.as_str(), "file" | "line" | "files" | "place"));
            map.values_mut().for_each(strip_places);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_places),
        _ => {}
    }
}

#[test]
fn an_inspector_scores_a_new_file_saves_it_and_grade_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kent.yaml");
    let mut session = spawn(
        dir.path(),
        "kent.yaml --force 'Kent Police' --cycle 2023-25",
    );
    session.exp_string("Criteria").expect("the screen is drawn");
    assert!(!file.exists(), "nothing is written before a save");
    // PP1 demonstrated; PP2 partly with a note; PP3 not demonstrated; an area for
    // improvement in the area; then the next area's first criterion exceeded.
    session.send("d").unwrap();
    session.send("j").unwrap();
    session.send("p").unwrap();
    session.send("\r").unwrap();
    session
        .send("Grounds were recorded for most searches.")
        .unwrap();
    session.send("\r").unwrap();
    session.send("\x1b[B").unwrap(); // ↓
    session.send("n").unwrap();
    session.send("f").unwrap();
    session.send("a").unwrap();
    session.send("Review stop and search records.\r").unwrap();
    session.send("\x1b[C").unwrap(); // →
    session.send("e").unwrap();
    session.send("s").unwrap();
    session.flush().unwrap();
    let saved = wait_for(&file, |text| text.contains("judgement: exceeded"));
    session.send("q").unwrap();
    session.flush().unwrap();
    session.exp_eof().expect("quits once saved");
    let status = session.process().wait().unwrap();
    assert!(
        matches!(status, rexpect::process::WaitStatus::Exited(_, 0)),
        "{status:?}"
    );
    // The template's comments are kept.
    assert!(saved.contains("# PP1: "), "{saved}");
    let check = peel()
        .current_dir(dir.path())
        .args(["check", "kent.yaml"])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // The same judgements written by hand grade the same.
    let by_hand = "force: Kent Police\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n\
        - {criterion: PP1, judgement: demonstrated}\n\
        - {criterion: PP2, judgement: partly, note: Grounds were recorded for most searches.}\n\
        - {criterion: PP3, judgement: not_demonstrated}\n\
        - {criterion: PC1, judgement: exceeded}\n\
        findings:\n\
        - {kind: area_for_improvement, area: police-powers-and-public-treatment, text: Review stop and search records.}\n";
    std::fs::write(dir.path().join("by-hand.yaml"), by_hand).unwrap();
    assert_eq!(
        grades(dir.path(), "kent.yaml"),
        grades(dir.path(), "by-hand.yaml")
    );
}

#[test]
fn quitting_with_unsaved_changes_asks_and_n_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("met.yaml");
    let text = "# kept\nforce: Met\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n  - criterion: IC1\n    judgement: partly  # why\n";
    std::fs::write(&file, text).unwrap();
    let mut session = spawn(dir.path(), "met.yaml");
    session.exp_string("Criteria").unwrap();
    session.send("e").unwrap();
    session.send("q").unwrap();
    session.flush().unwrap();
    session.exp_string("unsaved").expect("asks before quitting");
    session.send("n").unwrap();
    session.flush().unwrap();
    session.exp_eof().unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    // y saves and quits: the comment stays, the judgement changes in place.
    let mut session = spawn(dir.path(), "met.yaml");
    session.exp_string("Criteria").unwrap();
    session.send("\x1b[C\x1b[C\x1b[C").unwrap(); // → → → to investigating crime
    session.send("d").unwrap();
    session.send("q").unwrap();
    session.flush().unwrap();
    session.exp_string("unsaved").unwrap();
    session.send("y").unwrap();
    session.flush().unwrap();
    session.exp_eof().unwrap();
    let saved = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        saved,
        text.replace("judgement: partly", "judgement: demonstrated")
    );
}

#[test]
fn without_a_terminal_score_points_to_template_and_grade() {
    let dir = tempfile::tempdir().unwrap();
    let output = peel()
        .current_dir(dir.path())
        .args([
            "score",
            "x.yaml",
            "--force",
            "Kent Police",
            "--cycle",
            "2023-25",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("needs a terminal") && stderr.contains("peel template"),
        "{stderr}"
    );
    assert!(!dir.path().join("x.yaml").exists());
}
