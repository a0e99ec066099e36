//! The inputs of a run: arguments expanded into files, held compactly — each file as
//! its directory (front-coded against the one before) and its name (interned) — so
//! that a run over 100,000 files does not hold 100,000 paths.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use string_interner::{DefaultStringInterner, DefaultSymbol};

use super::io_message;
use crate::diag::{Diagnostic, Diagnostics};

/// One input named on the command line, after directories are expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// `-`: standard input.
    Stdin,
    /// A file on disk.
    File(PathBuf),
}

impl Input {
    /// The name used in messages.
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(path) => path.display().to_string(),
        }
    }
}

/// One input as held: a directory and a file name, or an input kept whole (standard
/// input, a path that is not UTF-8 or that joining would not give back as written).
#[derive(Debug, Clone, Copy)]
enum Entry {
    Split { dir: u32, name: DefaultSymbol },
    Whole(u32),
}

/// The inputs of a run, in order.
#[derive(Debug, Default)]
pub struct Inputs {
    dirs: Dirs,
    names: DefaultStringInterner,
    entries: Vec<Entry>,
    whole: Vec<Input>,
    /// Whether a file named is not a regular file (a pipe, `/dev/stdin`): it can be
    /// read only once.
    unrepeatable: bool,
    /// Entries of a folder walked that look like inputs but are no regular file (a
    /// FIFO, a socket, a device): not read, for reading one could wait for ever.
    skipped: Vec<PathBuf>,
}

impl Inputs {
    /// Warnings for the entries of the folders walked that were not read, each once.
    pub fn take_skipped(&mut self) -> Vec<crate::diag::Diagnostic> {
        std::mem::take(&mut self.skipped)
            .into_iter()
            .map(|path| {
                let message = "not read: it is no regular file (a FIFO, socket or device); name it on its own to read it";
                crate::diag::Diagnostic::file(&path.display().to_string(), message).into_warning()
            })
            .collect()
    }

    /// Adds an input at the end.
    pub fn push(&mut self, input: Input) {
        let entry = match &input {
            Input::File(path) => self.split(path),
            Input::Stdin => None,
        };
        let entry = entry.unwrap_or_else(|| {
            self.whole.push(input);
            Entry::Whole(u32::try_from(self.whole.len() - 1).unwrap_or(u32::MAX))
        });
        self.entries.push(entry);
    }

    /// A path as directory and name, if the two give it back exactly.
    fn split(&mut self, path: &Path) -> Option<Entry> {
        let dir = path.parent()?.to_str()?;
        let name = path.file_name()?.to_str()?;
        if Path::new(dir).join(name).as_os_str() != path.as_os_str() {
            return None;
        }
        Some(Entry::Split {
            dir: self.dirs.push(dir)?,
            name: self.names.get_or_intern(name),
        })
    }

    /// The number of inputs.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether every input can be read a second time: none is standard input or a
    /// pipe (a message that needs a place not kept then reads its file again).
    pub fn can_read_again(&self) -> bool {
        !self.unrepeatable && !self.whole.contains(&Input::Stdin)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The input at a position.
    pub fn get(&self, at: usize) -> Option<Input> {
        Some(match *self.entries.get(at)? {
            Entry::Split { dir, name } => {
                let dir = self.dirs.get(dir)?;
                Input::File(Path::new(&dir).join(self.names.resolve(name)?))
            }
            Entry::Whole(at) => self.whole.get(at as usize)?.clone(),
        })
    }

    /// The inputs at the positions of `range`.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Vec<Input> {
        range.filter_map(|at| self.get(at)).collect()
    }

    /// Every input, in order.
    pub fn to_vec(&self) -> Vec<Input> {
        self.slice(0..self.len())
    }

    /// Keeps the inputs `keep` accepts.
    fn retain(&mut self, mut keep: impl FnMut(&Input) -> bool) {
        let mut kept = Vec::with_capacity(self.entries.len());
        for at in 0..self.entries.len() {
            if self.get(at).is_some_and(|input| keep(&input)) {
                kept.push(self.entries[at]);
            }
        }
        self.entries = kept;
    }
}

/// Directories in the order a walk meets them, each written as the length of the
/// prefix it shares with the one before and the rest (front coding): the folders of
/// a corpus share most of their paths. Every [`RESTART`]th is written whole, so that
/// one is read back from at most that many.
#[derive(Debug, Default)]
struct Dirs {
    bytes: Vec<u8>,
    /// Where each [`RESTART`]th directory starts in `bytes`.
    restarts: Vec<usize>,
    count: u32,
    last: String,
}

/// How often [`Dirs`] writes a directory whole.
const RESTART: u32 = 16;

impl Dirs {
    /// Adds a directory (or reuses the last, when it comes again); its number.
    fn push(&mut self, dir: &str) -> Option<u32> {
        if self.count > 0 && dir == self.last {
            return Some(self.count - 1);
        }
        let shared = if self.count.is_multiple_of(RESTART) {
            self.restarts.push(self.bytes.len());
            0
        } else {
            let common = self
                .last
                .bytes()
                .zip(dir.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            // On a character boundary, so that the rest is text.
            (0..=common).rev().find(|&at| dir.is_char_boundary(at))?
        };
        let entry = (u32::try_from(shared).ok()?, &dir[shared..]);
        self.bytes = postcard::to_extend(&entry, std::mem::take(&mut self.bytes)).ok()?;
        self.last.clear();
        self.last.push_str(dir);
        self.count += 1;
        Some(self.count - 1)
    }

    /// The directory numbered `at`.
    fn get(&self, at: u32) -> Option<String> {
        if at >= self.count {
            return None;
        }
        let mut rest = &self.bytes[*self.restarts.get((at / RESTART) as usize)?..];
        let mut dir = String::new();
        for _ in 0..=at % RESTART {
            let ((shared, tail), after): ((u32, &str), &[u8]) =
                postcard::take_from_bytes(rest).ok()?;
            dir.truncate(shared as usize);
            dir.push_str(tail);
            rest = after;
        }
        Some(dir)
    }
}

impl From<Vec<Input>> for Inputs {
    fn from(list: Vec<Input>) -> Inputs {
        let mut inputs = Inputs::default();
        for input in list {
            inputs.push(input);
        }
        inputs
    }
}

/// Expands arguments into inputs: a directory means every file below it with one of
/// `extensions`, recursively, in sorted order.
pub fn expand(args: &[PathBuf], extensions: &[&str]) -> Result<Inputs, Diagnostics> {
    let mut inputs = Inputs::default();
    let mut problems = Vec::new();
    let mut through_links = false;
    for arg in args {
        if arg.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let shown = arg.display().to_string();
        match std::fs::metadata(arg) {
            Err(error) => problems.push(Diagnostic::file(&shown, io_message(&error))),
            Ok(meta) if meta.is_dir() => match files_below(arg, extensions, &mut inputs) {
                Ok((0, linked)) => {
                    through_links |= linked;
                    let patterns: Vec<String> =
                        extensions.iter().map(|ext| format!("*.{ext}")).collect();
                    problems.push(Diagnostic::file(
                        &shown,
                        format!("the directory holds no {} files", patterns.join(" or ")),
                    ))
                }
                Ok((_, linked)) => through_links |= linked,
                Err(problem) => problems.push(problem),
            },
            Ok(meta) => {
                inputs.unrepeatable |= !meta.is_file();
                inputs.push(Input::File(arg.clone()));
            }
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    // A file named twice (directly and through its directory, or through a link) is
    // read once. One argument without links cannot name a file twice, so the cost of
    // resolving every path is spared then.
    if args.len() > 1 || through_links {
        let mut seen = std::collections::HashSet::new();
        inputs.retain(|input| match input {
            Input::Stdin => true,
            Input::File(path) => seen.insert(std::fs::canonicalize(path).unwrap_or(path.clone())),
        });
    }
    Ok(inputs)
}

/// Top-level entries of a directory walked at a time, on every core.
const WALK_BATCH: usize = 256;

/// Adds every wanted file below `dir` to `inputs`, in walkdir's sorted depth-first
/// order; how many, and whether any was reached through a symbolic link (so that it
/// may be there twice). The entries of `dir` are walked a batch at a time, each on a
/// core of its own: a corpus of many folders is listed in parallel, and memory holds
/// the paths of one batch, not of the corpus.
fn files_below(
    dir: &Path,
    extensions: &[&str],
    inputs: &mut Inputs,
) -> Result<(usize, bool), Diagnostic> {
    // The top level is listed as names only: a corpus of 100,000 folders would
    // otherwise hold 100,000 directory entries while it is walked.
    let listing = std::fs::read_dir(dir)
        .map_err(|error| Diagnostic::file(&dir.display().to_string(), io_message(&error)))?;
    let mut top: Vec<std::ffi::OsString> = Vec::new();
    for entry in listing {
        let entry = entry
            .map_err(|error| Diagnostic::file(&dir.display().to_string(), io_message(&error)))?;
        top.push(entry.file_name());
    }
    top.sort_unstable();
    let (mut count, mut linked) = (0, false);
    for batch in top.chunks(WALK_BATCH) {
        let walked: Vec<Result<Walked, Diagnostic>> = batch
            .par_iter()
            .map(|name| walk_entry(&dir.join(name), extensions))
            .collect();
        for found in walked {
            let (files, link, mut skipped) = found?;
            count += files.len();
            linked |= link;
            for file in files {
                inputs.push(Input::File(file));
            }
            inputs.skipped.append(&mut skipped);
        }
    }
    Ok((count, linked))
}

/// The wanted files at or below one entry of a directory, sorted, and whether any
/// was reached through a symbolic link. Links are followed, but only they are looked
/// at twice: the rest is told apart by what listing the directory says, without a
/// `stat` of every file.
fn walk_entry(path: &Path, extensions: &[&str]) -> Result<Walked, Diagnostic> {
    let walk_error = |error: walkdir::Error| {
        let at = error.path().unwrap_or(path).display().to_string();
        Diagnostic::file(&at, error.to_string())
    };
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut linked = false;
    for below in walkdir::WalkDir::new(path).sort_by_file_name() {
        let below = below.map_err(walk_error)?;
        if below.depth() > 0 && below.path_is_symlink() {
            // Followed as the whole walk once was: a link to an ancestor is a loop.
            linked = true;
            for linked_entry in walkdir::WalkDir::new(below.path())
                .follow_links(true)
                .sort_by_file_name()
            {
                let linked_entry = linked_entry.map_err(walk_error)?;
                match wanted(&linked_entry, extensions) {
                    Some(true) => files.push(linked_entry.into_path()),
                    Some(false) => skipped.push(linked_entry.into_path()),
                    None => {}
                }
            }
            continue;
        }
        linked |= below.path_is_symlink();
        match wanted(&below, extensions) {
            Some(true) => files.push(below.into_path()),
            Some(false) => skipped.push(below.into_path()),
            None => {}
        }
    }
    Ok((files, linked, skipped))
}

/// What one entry of a directory gives: the wanted files below it, whether any was
/// reached through a link, and the entries named like inputs that are no file.
type Walked = (Vec<PathBuf>, bool, Vec<PathBuf>);

/// Whether a walked entry named with one of `extensions` (in any case: `KENT.YAML`)
/// is a file to read (`Some(true)`) or no regular file to skip (`Some(false)`, not for
/// folders); `None` for any other entry. A JSON Schema written beside the files
/// (`evidence.schema.json`, as editors are pointed to) is no input: `None`.
fn wanted(entry: &walkdir::DirEntry, extensions: &[&str]) -> Option<bool> {
    let schema = entry
        .file_name()
        .to_str()
        .is_some_and(|name| name.to_ascii_lowercase().ends_with(".schema.json"));
    if schema {
        return None;
    }
    let named = entry
        .path()
        .extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| extensions.iter().any(|e| ext.eq_ignore_ascii_case(e)));
    let kind = entry.file_type();
    match (named, kind.is_file(), kind.is_dir()) {
        (true, true, _) => Some(true),
        (true, false, false) => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_give_back_every_path_as_written() {
        let written = [
            Input::File("a/b/c.yaml".into()),
            Input::Stdin,
            Input::File("c.yaml".into()),
            Input::File("./x/../y.yaml".into()),
            Input::File("a//b.yaml".into()),
            Input::File("/abs/d.yaml".into()),
            Input::File("a/b/e.yaml".into()),
        ];
        let inputs = Inputs::from(written.to_vec());
        assert_eq!(inputs.len(), written.len());
        for (at, input) in written.iter().enumerate() {
            let back = inputs.get(at).unwrap();
            assert_eq!(back.display(), input.display(), "input {at}");
        }
        assert_eq!(inputs.to_vec(), written.to_vec());
        assert_eq!(
            inputs.dirs.count, 5,
            "a/b is held once when it comes twice running"
        );
    }

    #[test]
    fn dirs_give_back_every_directory_past_many_restarts() {
        let written: Vec<String> = (0..50)
            .map(|n| format!("corpus/försäkring-{}/cycle-{}", n / 3, n % 3))
            .collect();
        let mut dirs = Dirs::default();
        let numbers: Vec<u32> = written.iter().map(|d| dirs.push(d).unwrap()).collect();
        assert_eq!(
            dirs.push("corpus/försäkring-16/cycle-1"),
            Some(49),
            "the last is reused"
        );
        for (dir, number) in written.iter().zip(numbers) {
            assert_eq!(dirs.get(number).as_deref(), Some(dir.as_str()));
        }
        assert_eq!(dirs.get(50), None);
        let whole: usize = written.iter().map(String::len).sum();
        assert!(
            dirs.bytes.len() < whole / 2,
            "shared prefixes are written once"
        );
    }
}
