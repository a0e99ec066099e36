//! Writing results: to standard output, or to the file `-o` names, without harming it.
//!
//! A regular file (or none yet) is replaced atomically: a hidden file beside it, then a
//! rename, so a failed or interrupted run keeps the old report. Anything else (a device,
//! a FIFO, `/dev/stdout`) is opened and written in place, since renaming over it would
//! destroy it. Symbolic links are followed to the file they name, which is replaced in
//! its own folder so the link stays a link.

use std::ffi::OsString;
use std::fs::{File, Metadata, OpenOptions, Permissions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use anyhow::{Context, bail};

/// Links followed before giving up, as the kernel's own limit (ELOOP) does.
const MAX_LINKS: usize = 40;

/// What a plain `create` asks for; the umask then takes its bits away.
const NEW_FILE_MODE: u32 = 0o666;

/// Enough to batch small writes of a streamed report into few system calls.
const BUFFER: usize = 64 * 1024;

/// Writes `text` to `path` (see [`write_with`]), or to standard output when `path` is `None`.
pub fn write(text: &str, path: Option<&Path>) -> anyhow::Result<()> {
    write_with(path, |out| Ok(out.write_all(text.as_bytes())?))
}

/// Runs `body` with a writer into `path`, or into standard output when `path` is `None`.
///
/// A regular file is replaced only once `body` has succeeded, keeping its mode and
/// owner; a link is followed and its target replaced; a device or FIFO is written in
/// place. Errors name `path`, never the temporary file. A closed pipe surfaces as an
/// error that [`is_broken_pipe`] recognises.
pub fn write_with(
    path: Option<&Path>,
    body: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let Some(path) = path else {
        let mut stdout = BufWriter::with_capacity(BUFFER, io::stdout().lock());
        body(&mut stdout)?;
        stdout.flush()?;
        return Ok(());
    };
    let shown = path.display();
    match target(path).with_context(|| format!("{shown}: cannot write"))? {
        Target::InPlace => {
            // Appending leaves a regular file behind /dev/stdout as the shell opened it
            // (`>>` included); devices and FIFOs ignore the flag.
            let file = OpenOptions::new()
                .append(true)
                .open(path)
                .with_context(|| format!("{shown}: cannot write"))?;
            fill(file, path, body)
        }
        Target::Replace { file, existing } => replace(path, &file, existing.as_ref(), body),
    }
}

/// What writing came to, a closed pipe (output piped into `head`) being no failure:
/// `Ok(true)` when the reader left early, so that a command can end quietly and
/// still work out its exit code from everything it was given.
pub fn reader_left(written: anyhow::Result<()>) -> anyhow::Result<bool> {
    match written {
        Ok(()) => Ok(false),
        Err(error) if is_broken_pipe(&error) => Ok(true),
        Err(error) => Err(error),
    }
}

/// Whether an error is a closed pipe (output piped into `head`), which is not a failure.
/// The writers of JSON and CSV wrap the I/O error they met in their own.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    let broken = |kind: Option<io::ErrorKind>| kind == Some(io::ErrorKind::BrokenPipe);
    error.chain().any(|cause| {
        broken(cause.downcast_ref::<io::Error>().map(io::Error::kind))
            || broken(
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind),
            )
            || broken(
                cause
                    .downcast_ref::<csv::Error>()
                    .and_then(|e| match e.kind() {
                        csv::ErrorKind::Io(io) => Some(io.kind()),
                        _ => None,
                    }),
            )
    })
}

/// How the file `-o` names is to be written.
enum Target {
    /// Not a regular file (or a kernel interface): opened and written where it is.
    InPlace,
    /// A regular file, or nothing yet, at `file` (links resolved): replaced by a rename.
    Replace {
        file: PathBuf,
        existing: Option<Metadata>,
    },
}

/// Follows `path`'s links to what should be written.
fn target(path: &Path) -> io::Result<Target> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        // /proc and /sys hold kernel interfaces, such as the magic links behind
        // /dev/stdout, whose "targets" are descriptions ("pipe:[123]"), not paths.
        if current.starts_with("/proc") || current.starts_with("/sys") {
            return Ok(Target::InPlace);
        }
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                // A relative target is relative to the link's folder; join keeps an
                // absolute one as it is. Not normalised: `..` must be the kernel's.
                current = match current.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            Ok(meta) if meta.is_file() => {
                return Ok(Target::Replace {
                    file: current,
                    existing: Some(meta),
                });
            }
            Ok(_) => return Ok(Target::InPlace),
            // Missing, or a dangling link's target: a new file is made there.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Target::Replace {
                    file: current,
                    existing: None,
                });
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Writes a new version of `file` beside it and renames it into place once complete.
fn replace(
    path: &Path,
    file: &Path,
    existing: Option<&Metadata>,
    body: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let shown = path.display();
    let mode = match existing {
        Some(meta) => {
            let mode = meta.mode() & 0o7777;
            // A rename needs only the folder's permission, and root passes every check:
            // the file's own bits are what say it is not to be changed.
            if mode & 0o222 == 0 {
                bail!("{shown}: the file is read-only; it was not replaced");
            }
            // Others may not replace a file they could not write, folder permission or not.
            use rustix::fs::{Access, AtFlags, CWD, accessat};
            if let Err(e) = accessat(CWD, file, Access::WRITE_OK, AtFlags::EACCESS)
                && e == rustix::io::Errno::ACCESS
            {
                return Err(io::Error::from(e)).with_context(|| format!("{shown}: cannot write"));
            }
            mode
        }
        None => NEW_FILE_MODE,
    };
    let dir = match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    install_interrupt_cleanup();
    let mut prefix = OsString::from(".");
    prefix.push(file.file_name().unwrap_or_default());
    prefix.push(".");
    let temp = {
        let mut active = active_temp();
        // Made under the lock so that an interrupt either precedes the file or sees it.
        let temp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(".tmp")
            // Opened here rather than by tempfile, whose errors carry the temporary path.
            .make_in(dir, |name| {
                OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(mode)
                    .open(name)
            })
            .with_context(|| format!("{shown}: cannot create a file in {}", dir.display()))?;
        *active = Some(temp.path().to_path_buf());
        temp
    };
    let written = keep_owner_and_mode(temp.as_file(), existing)
        .with_context(|| format!("{shown}: cannot keep the file's owner and mode"))
        .and_then(|()| fill(temp.as_file(), path, body));
    let mut active = active_temp();
    // Both arms drop (and so delete) a temporary file that is not renamed, before an
    // interrupt waiting on the lock may look at it.
    let result = match written {
        Ok(()) => temp
            .persist(file)
            .map(|_file| ())
            .map_err(|e| e.error)
            .with_context(|| format!("{shown}: cannot replace the file")),
        Err(e) => {
            drop(temp);
            Err(e)
        }
    };
    *active = None;
    result
}

/// Gives the new file the replaced one's owner and group (where allowed) and exact mode.
fn keep_owner_and_mode(file: &File, existing: Option<&Metadata>) -> io::Result<()> {
    let Some(old) = existing else {
        return Ok(());
    };
    let new = file.metadata()?;
    if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
        match std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())) {
            // Only root may give a file away: others keep their own ownership.
            Err(e) if e.kind() != io::ErrorKind::PermissionDenied => return Err(e),
            _ => {}
        }
    }
    // After the chown, which may clear set-id bits, and past the umask.
    file.set_permissions(Permissions::from_mode(old.mode() & 0o7777))
}

/// Runs `body` into `file` through a buffer, naming `path` in write errors.
fn fill(
    file: impl Write,
    path: &Path,
    body: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut out = Watched {
        inner: BufWriter::with_capacity(BUFFER, file),
        failed: false,
    };
    let result = body(&mut out).and_then(|()| Ok(out.flush()?));
    // Only a failed write is the file's fault; any other error of `body` is its own.
    match result {
        Err(e) if out.failed => Err(e.context(format!("{}: cannot write", path.display()))),
        other => other,
    }
}

/// A writer that remembers whether writing to it failed.
struct Watched<W> {
    inner: W,
    failed: bool,
}

impl<W: Write> Watched<W> {
    fn watch<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        self.failed |= result.is_err();
        result
    }
}

impl<W: Write> Write for Watched<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(buf);
        self.watch(result)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let result = self.inner.write_all(buf);
        self.watch(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.watch(result)
    }
}

/// The temporary file being written, for an interrupt to delete.
fn active_temp() -> MutexGuard<'static, Option<PathBuf>> {
    static ACTIVE: Mutex<Option<PathBuf>> = Mutex::new(None);
    // The slot holds a plain path: a panic elsewhere cannot leave it inconsistent.
    ACTIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// On Ctrl-C, SIGTERM or SIGHUP, deletes the temporary file and exits as the signal would
/// (128 + its number). Installed once, and only when a file is replaced.
fn install_interrupt_cleanup() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        // Without the handler the signal's default action still ends the run; only the
        // temporary file would be left, so a failure here is no reason to stop.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("peel-interrupt".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // Holding the lock until exit keeps the writer from renaming after this.
                    let mut active = active_temp();
                    if let Some(temp) = active.take() {
                        let _ = std::fs::remove_file(temp);
                    }
                    std::process::exit(128 + signal);
                }
            });
    });
}
