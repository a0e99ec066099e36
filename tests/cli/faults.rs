//! What the file system does to a running peel (issue 22 #4): files changed, removed
//! or unreadable while a directory is graded, inputs that end early, directories and
//! link loops where files are expected, a full file system and a vanished folder under
//! `-o`. Each gets a clear message naming the file, exit 1, no half-written output and
//! no grade computed from half a file. SIGINT and SIGPIPE during a large write are in
//! `output_target.rs` and `output.rs`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{fixtures, peel};

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A test that needs what this machine lacks says so, rather than passing in silence.
#[allow(clippy::print_stderr)]
fn skip(why: &str) {
    eprintln!("note: skipped: {why}");
}

/// The Met's evidence for investigating crime, as force `name`.
fn evidence(name: &str) -> String {
    let met =
        fixtures().join("../../examples/evidence/metropolitan-2023-25/investigating-crime.yaml");
    fs::read_to_string(met)
        .unwrap()
        .replace("Metropolitan Police Service", name)
}

/// A folder of `n` evidence files, one force each, large enough that grading it takes
/// a while.
fn corpus(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let name = format!("Force {i:05}");
        fs::write(dir.path().join(format!("f{i:05}.yaml")), evidence(&name)).unwrap();
    }
    dir
}

/// What a finished `peel grade … -f json -o OUT` may have left: exit 0 and a whole
/// report of one of the `sheets` counts, or exit 1, a message naming the file at fault
/// and no report at all. Never a panic, never a silent failure.
fn whole_or_nothing(output: &std::process::Output, out: &Path, sheets: &[usize], file: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0) => {
            let written = fs::read_to_string(out).expect("a run that succeeds writes");
            let doc: serde_json::Value = serde_json::from_str(&written).expect("whole JSON");
            let count = doc["sheets"].as_array().unwrap().len();
            assert!(sheets.contains(&count), "{count} sheets: {stderr}");
        }
        Some(1) => {
            assert!(stderr.contains(file), "the message names {file}: {stderr}");
            assert!(stderr.starts_with("error: "), "{stderr}");
            assert!(!out.exists(), "a failed run left {}", out.display());
        }
        other => panic!("exit {other:?}: {stderr}"),
    }
}

/// Runs `peel grade DIR -f json -o OUT` while `meddle` changes the file `victim`
/// again and again, until peel ends.
fn graded_while(
    dir: &Path,
    out: &Path,
    victim: &Path,
    meddle: impl Fn(&Path, usize),
) -> std::process::Output {
    let binary = assert_cmd::cargo::cargo_bin("peel");
    let child = Command::new(binary)
        .args(["--quiet", "grade", arg(dir), "-f", "json", "-o", arg(out)])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut round = 0;
    let started = Instant::now();
    // Meddle until the child is gone (its /proc entry vanishes once it is reaped,
    // so look for its state instead).
    while started.elapsed() < Duration::from_secs(60) {
        let alive = fs::read_to_string(format!("/proc/{pid}/stat"))
            .is_ok_and(|stat| !stat.contains(") Z "));
        if !alive {
            break;
        }
        meddle(victim, round);
        round += 1;
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_file_rewritten_in_place_while_a_directory_is_graded_is_named_or_read_whole() {
    let dir = corpus(3000);
    let victim = dir.path().join("f01500.yaml");
    let whole = fs::read(&victim).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("grades.json");
    // Rewritten as an editor saves: truncated, then written in two halves.
    let output = graded_while(dir.path(), &out, &victim, |path, _| {
        let mut file = fs::File::create(path).unwrap();
        file.write_all(&whole[..whole.len() / 2]).unwrap();
        file.flush().unwrap();
        file.write_all(&whole[whole.len() / 2..]).unwrap();
    });
    whole_or_nothing(&output, &out, &[3000], "f01500.yaml");
}

#[test]
fn a_file_replaced_or_deleted_while_a_directory_is_graded_is_named_or_read_as_first_seen() {
    let dir = corpus(3000);
    let victim = dir.path().join("f02000.yaml");
    let original = fs::read(&victim).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("grades.json");
    // Replaced whole (renamed over), or deleted and written again, by turns.
    let output = graded_while(dir.path(), &out, &victim, |path, round| {
        if round % 2 == 0 {
            let spare = path.with_extension("new");
            fs::write(&spare, &original).unwrap();
            fs::rename(&spare, path).unwrap();
        } else {
            let _ = fs::remove_file(path);
            fs::write(path, &original).unwrap();
        }
    });
    // Listed while deleted, the folder held 2,999 files: graded as they were seen.
    whole_or_nothing(&output, &out, &[2999, 3000], "f02000.yaml");
}

#[test]
fn half_a_file_from_a_fifo_or_standard_input_is_refused_at_its_end() {
    let text = evidence("Kent Police");
    let half =
        &text[..text.find("  - criterion: IC3").unwrap() + "  - criterion: IC3\n    judg".len()];
    // Standard input that closes early.
    let output = peel()
        .args(["grade", "-"])
        .write_stdin(half)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: <stdin>:"), "{stderr}");
    // A FIFO whose writer stops half way.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("evidence.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return skip("mkfifo is not available");
    }
    let writer = {
        let (fifo, half) = (fifo.clone(), half.to_string());
        std::thread::spawn(move || fs::write(fifo, half).unwrap())
    };
    let output = peel().args(["grade", arg(&fifo)]).output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("evidence.yaml:"), "{stderr}");
    assert!(
        stderr.contains("missing key `judgement`") || stderr.contains("judg"),
        "{stderr}"
    );
}

#[test]
fn a_directory_where_a_file_is_expected_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("rubric.yaml");
    fs::create_dir(&folder).unwrap();
    let out_folder = dir.path().join("report.json");
    fs::create_dir(&out_folder).unwrap();
    let output = peel()
        .args(["grade", "--rubric", arg(&folder)])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains("rubric.yaml"),
        "{stderr}"
    );
    let output = peel()
        .args(["grade", "-o", arg(&out_folder)])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("report.json"), "{stderr}");
    assert!(
        fs::read_dir(&out_folder).unwrap().next().is_none(),
        "nothing written into it"
    );
}

#[test]
fn a_loop_of_file_links_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    for args in [vec!["grade", arg(&a)], vec!["check", arg(dir.path())]] {
        let output = peel().args(&args).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("a.yaml"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// `peel ARGS` as a user who is not root, where the tests run as root.
fn as_another_user(args: &[&str]) -> Option<std::process::Output> {
    let binary = assert_cmd::cargo::cargo_bin("peel");
    let id = Command::new("id").arg("-u").output().ok()?;
    let root = String::from_utf8_lossy(&id.stdout).trim() == "0";
    let mut command = match root {
        true => {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
            c.arg(&binary);
            c
        }
        false => Command::new(&binary),
    };
    command
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.code() != Some(127))
}

#[test]
fn an_unreadable_file_is_named_as_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let secret = dir.path().join("secret.yaml");
    fs::write(&secret, evidence("Kent Police")).unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    let Some(output) = as_another_user(&["grade", arg(&secret)]) else {
        return skip("setpriv is not available to run as another user");
    };
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("secret.yaml: permission denied"),
        "{stderr}"
    );
}

#[test]
fn text_that_is_not_clean_utf8_is_located_or_read() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.yaml");
    fs::write(&bad, b"force: Kent Police\ncycle: 2023-25\nnote: caf\xe9\n").unwrap();
    let output = peel().args(["check", arg(&bad)]).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("latin1.yaml:3:10: the file is not valid UTF-8"),
        "{stderr}"
    );
    // Old Mac line ends: each carriage return ends a line, for YAML and for peel.
    let mac = dir.path().join("mac.yaml");
    fs::write(
        &mac,
        evidence("Kent Police")
            .replace('\n', "\r")
            .replace("IC2", "IC22"),
    )
    .unwrap();
    let output = peel().args(["check", arg(&mac)]).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let line = evidence("Kent Police")
        .lines()
        .position(|l| l.contains("criterion: IC2"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!("mac.yaml:{line}:16: unknown criterion")),
        "{stderr}"
    );
}

/// A mounted tmpfs of `size`, unmounted when dropped (before its folder is removed);
/// `None` where this machine does not let the tests mount one.
struct SmallFs(PathBuf, #[allow(dead_code)] tempfile::TempDir);

impl SmallFs {
    fn mount(size: &str) -> Option<SmallFs> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size}"),
                "tmpfs",
                arg(dir.path()),
            ])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then(|| SmallFs(dir.path().to_path_buf(), dir))
    }
}

impl Drop for SmallFs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn output_onto_a_full_file_system_fails_naming_the_file_and_keeps_the_old_one() {
    let Some(small) = SmallFs::mount("16k") else {
        return skip("cannot mount a small tmpfs here (needs root)");
    };
    let out = small.0.join("national.json");
    fs::write(&out, "old").unwrap();
    let data = crate::root().join("data/peel-grades.csv");
    let output = peel()
        .args(["compare", arg(&data), "-f", "json", "-o", arg(&out)])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("national.json"), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert_eq!(fs::read_to_string(&out).unwrap(), "old");
    let left: Vec<_> = fs::read_dir(&small.0)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["national.json"], "no temporary file left behind");
}

#[test]
fn output_into_a_folder_that_vanishes_fails_naming_the_file() {
    let dir = corpus(2000);
    let parent = tempfile::tempdir().unwrap();
    let folder = parent.path().join("reports");
    fs::create_dir(&folder).unwrap();
    let out = folder.join("grades.json");
    let binary = assert_cmd::cargo::cargo_bin("peel");
    let child = Command::new(binary)
        .args([
            "--quiet",
            "grade",
            arg(dir.path()),
            "-f",
            "json",
            "-o",
            arg(&out),
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    fs::remove_dir_all(&folder).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    match output.status.code() {
        // Removed before peel made its temporary file there, or while it wrote it.
        Some(1) => {
            assert!(stderr.starts_with("error: "), "{stderr}");
            assert!(stderr.contains("reports/grades.json"), "{stderr}");
            assert!(!folder.exists());
        }
        other => panic!("exit {other:?}: {stderr}"),
    }
}
