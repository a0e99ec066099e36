//! What `-o` does to the thing it names: devices, FIFOs, sockets and links are kept,
//! permissions respected, and an interrupted run leaves no trace.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::peel;

const CSV_HEADER: &str = "force,cycle,rubric,area,grade,";

/// Says in the test log why a test did not run its checks.
#[allow(clippy::print_stderr)]
fn skip(why: &str) {
    eprintln!("note: skipped: {why}");
}

/// Makes a character device in a test's own folder, if this machine allows it.
fn device(path: &Path, major: &str, minor: &str) -> bool {
    let made = Command::new("mknod")
        .arg(path)
        .args(["c", major, minor])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    // A folder mounted nodev accepts the node but refuses to open it.
    let usable = made && fs::OpenOptions::new().write(true).open(path).is_ok();
    if !usable {
        skip("mknod is not permitted here, or devices cannot be opened in a temp folder");
    }
    usable
}

/// Names in `dir` that look like a left-over temporary file.
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp") || name.starts_with(".tmp"))
        .collect()
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn a_device_is_written_in_place_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let null = dir.path().join("null");
    if !device(&null, "1", "3") {
        return;
    }
    peel().args(["-o", arg(&null)]).assert().success();
    assert!(fs::metadata(&null).unwrap().file_type().is_char_device());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn writing_to_a_full_device_fails_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full");
    if !device(&full, "1", "7") {
        return;
    }
    let output = peel().args(["-o", arg(&full)]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "{}: cannot write: No space left on device",
            arg(&full)
        )),
        "{stderr}"
    );
    assert!(fs::metadata(&full).unwrap().file_type().is_char_device());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_fifo_is_written_in_place_for_its_reader() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("grades.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        skip("mkfifo is not available");
        return;
    }
    let (sender, received) = mpsc::channel();
    let reader_path = fifo.clone();
    std::thread::spawn(move || {
        let mut text = String::new();
        fs::File::open(reader_path)
            .and_then(|mut f| f.read_to_string(&mut text))
            .unwrap();
        let _ = sender.send(text);
    });
    peel()
        .args(["grade", "-f", "csv", "-o", arg(&fifo)])
        .timeout(Duration::from_secs(60))
        .assert()
        .success();
    // A timeout rather than a join: a replaced FIFO would leave the reader waiting forever.
    let text = received.recv_timeout(Duration::from_secs(30)).unwrap();
    assert!(text.starts_with(CSV_HEADER), "{text}");
    assert_eq!(text.lines().count(), 9);
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_socket_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("peel.sock");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let output = peel().args(["-o", arg(&socket)]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains(&format!("{}: cannot write", arg(&socket))));
    assert!(fs::metadata(&socket).unwrap().file_type().is_socket());
}

#[test]
fn a_link_to_standard_output_writes_there() {
    // A link of our own to /dev/stdout: the real /dev is left alone even if this breaks.
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("stdout");
    std::os::unix::fs::symlink("/dev/stdout", &link).unwrap();
    let output = peel()
        .args(["grade", "-f", "csv", "-o", arg(&link)])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with(CSV_HEADER), "{stdout}");
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("/dev/stdout"));
}

#[test]
fn a_chain_of_links_is_followed_and_the_file_replaced_in_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir(&team).unwrap();
    fs::write(team.join("grades.csv"), "stale").unwrap();
    // link.csv -> team/current.csv -> grades.csv, each relative to its own folder.
    std::os::unix::fs::symlink("grades.csv", team.join("current.csv")).unwrap();
    std::os::unix::fs::symlink("team/current.csv", dir.path().join("link.csv")).unwrap();
    peel()
        .args([
            "grade",
            "-f",
            "csv",
            "-o",
            arg(&dir.path().join("link.csv")),
        ])
        .assert()
        .success();
    let text = fs::read_to_string(team.join("grades.csv")).unwrap();
    assert!(text.starts_with(CSV_HEADER));
    assert!(
        fs::symlink_metadata(dir.path().join("link.csv"))
            .unwrap()
            .is_symlink()
    );
    assert!(
        fs::symlink_metadata(team.join("current.csv"))
            .unwrap()
            .is_symlink()
    );
    assert!(leftovers(dir.path()).is_empty() && leftovers(&team).is_empty());
}

#[test]
fn a_dangling_link_is_written_through_to_its_target() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("reports")).unwrap();
    let link = dir.path().join("latest.csv");
    // Relative to the link's folder, not to peel's working folder (the fixtures).
    std::os::unix::fs::symlink("reports/2025.csv", &link).unwrap();
    peel()
        .args(["grade", "-f", "csv", "-o", arg(&link)])
        .assert()
        .success();
    let text = fs::read_to_string(dir.path().join("reports/2025.csv")).unwrap();
    assert!(text.starts_with(CSV_HEADER));
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
}

/// Runs peel under a umask, which only a shell can set without unsafe code.
fn peel_with_umask(umask: &str, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .args(["-c", &format!("umask {umask} && exec \"$0\" \"$@\"")])
        .arg(assert_cmd::cargo::cargo_bin("peel"))
        .args(args)
        .output()
        .unwrap()
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn a_new_file_gets_the_mode_a_plain_create_gives() {
    let dir = tempfile::tempdir().unwrap();
    for (umask, expected) in [("022", 0o644), ("027", 0o640), ("002", 0o664)] {
        let out = dir.path().join(format!("new-{umask}.txt"));
        let output = peel_with_umask(umask, &["-o", arg(&out)]);
        assert!(output.status.success(), "{output:?}");
        assert_eq!(mode(&out), expected, "umask {umask}");
    }
}

#[test]
fn a_replaced_file_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grades.txt");
    fs::write(&out, "old").unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o664)).unwrap();
    // A umask stricter than the file's mode must not narrow it.
    let output = peel_with_umask("077", &["-o", arg(&out)]);
    assert!(output.status.success(), "{output:?}");
    assert_ne!(fs::read_to_string(&out).unwrap(), "old");
    assert_eq!(mode(&out), 0o664);
}

#[test]
fn a_replaced_file_keeps_its_owner_and_group() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grades.txt");
    fs::write(&out, "old").unwrap();
    if std::os::unix::fs::chown(&out, Some(4321), Some(8765)).is_err() {
        skip("only root can give a file to another owner");
        return;
    }
    peel().args(["-o", arg(&out)]).assert().success();
    let meta = fs::metadata(&out).unwrap();
    assert_ne!(fs::read_to_string(&out).unwrap(), "old");
    assert_eq!((meta.uid(), meta.gid()), (4321, 8765));
}

#[test]
fn a_read_only_file_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grades.txt");
    fs::write(&out, "old").unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o444)).unwrap();
    // Running as root, where nothing else would stop it.
    let output = peel().args(["-o", arg(&out)]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{}: the file is read-only", arg(&out))),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), "old");
    assert_eq!(mode(&out), 0o444);
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn errors_name_the_given_file_never_the_temporary_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing/grades.csv");
    let output = peel().args(["-o", arg(&out)]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    // Exactly this: the temporary file's name would follow "at path" otherwise.
    assert_eq!(
        stderr,
        format!(
            "error: {}: cannot create a file in {}: No such file or directory (os error 2)\n",
            arg(&out),
            arg(&dir.path().join("missing"))
        )
    );
}

#[test]
fn every_command_that_writes_keeps_a_link_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("out");
    std::os::unix::fs::symlink("target.txt", &link).unwrap();
    let commands: [&[&str]; 4] = [
        &["grade"],
        &["template", "--force", "Kent Police", "--cycle", "2023-25"],
        &["rubric", "list"],
        &["completions", "bash"],
    ];
    for args in commands {
        let _ = fs::remove_file(dir.path().join("target.txt"));
        peel()
            .args(args)
            .args(["-o", arg(&link)])
            .assert()
            .success();
        assert!(
            fs::symlink_metadata(&link).unwrap().is_symlink(),
            "{args:?}"
        );
        let written = fs::read_to_string(dir.path().join("target.txt")).unwrap();
        assert!(!written.is_empty(), "{args:?}");
    }
}

#[test]
fn an_interrupted_write_keeps_the_old_file_or_the_whole_new_one() {
    let dir = tempfile::tempdir().unwrap();
    // A published-grades CSV of many forces, so that writing the report takes a while.
    let example = peel().args(["grade", "-f", "csv"]).output().unwrap().stdout;
    let example = String::from_utf8(example).unwrap();
    let (header, rows) = example.split_once('\n').unwrap();
    let mut big = format!("{header}\n");
    for n in 0..10000 {
        for row in rows.lines() {
            let (_, rest) = row.split_once(',').unwrap();
            let rest = rest.replacen("metropolitan-police-service", &format!("force-{n:05}"), 1);
            big.push_str(&format!("Force {n:05},{rest}\n"));
        }
    }
    let input = dir.path().join("big.csv");
    fs::write(&input, big).unwrap();
    let out = dir.path().join("grades.csv");
    let complete = {
        let reference = dir.path().join("reference.out");
        peel()
            .args(["grade", "-f", "csv", arg(&input), "-o", arg(&reference)])
            .assert()
            .success();
        let text = fs::read(&reference).unwrap();
        fs::remove_file(&reference).unwrap();
        text
    };
    let binary = assert_cmd::cargo::cargo_bin("peel");
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        // A busy machine may finish a run before its temporary file is seen: try again.
        let mut hit = false;
        for _ in 0..6 {
            fs::write(&out, "old").unwrap();
            let mut child = Command::new(&binary)
                .args(["grade", "-f", "csv", arg(&input), "-o", arg(&out)])
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            // Signalled as soon as the temporary file appears: mid-write, or just after.
            let mut sent = false;
            while child.try_wait().unwrap().is_none() {
                if !leftovers(dir.path()).is_empty() {
                    let pid = child.id().to_string();
                    sent = Command::new("kill")
                        .args([&format!("-{signal}"), &pid])
                        .status()
                        .unwrap()
                        .success();
                    break;
                }
                std::thread::sleep(Duration::from_micros(100));
            }
            let status = child.wait().unwrap();
            let text = fs::read(&out).unwrap();
            assert!(
                text == b"old" || text == complete,
                "SIG{signal}: a partial file of {} bytes",
                text.len()
            );
            assert!(leftovers(dir.path()).is_empty(), "SIG{signal}");
            if sent {
                assert!(
                    [Some(0), Some(code)].contains(&status.code()),
                    "SIG{signal}: {status:?}"
                );
                hit = true;
                break;
            }
        }
        if !hit {
            skip("no run was seen writing its temporary file, to interrupt it");
        }
    }
}
