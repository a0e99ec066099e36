//! Reading input: files, directories, standard input and the embedded example, into
//! the model. The only module that reads; every problem comes back located.

use std::io::Read;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::corpus::Corpus;
use crate::model::evidence::{EvidenceFile, Merged, Merger, merge};
use crate::model::rubric::{Registry, Rubric, is_valid_id};
use crate::model::sheet::Sheet;

mod check;
pub mod evidence;
mod inputs;
pub mod published;
pub(crate) mod recover;
pub mod rubric;
pub(crate) mod yaml;
pub use check::{check, check_keeping};
pub use inputs::{Input, Inputs, expand};

/// The files a directory of evidence contributes.
pub const EVIDENCE_FILES: &[&str] = &["yaml", "yml"];
/// The files a directory of sheets contributes: evidence, published grades, peel's JSON.
pub const SHEET_FILES: &[&str] = &["yaml", "yml", "csv", "json"];

/// The largest input file peel reads; real evidence files are a few kilobytes.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

macro_rules! example_file {
    ($area:literal) => {
        (
            concat!("examples/evidence/metropolitan-2023-25/", $area, ".yaml"),
            include_str!(concat!(
                "../../examples/evidence/metropolitan-2023-25/",
                $area,
                ".yaml"
            )),
        )
    };
}

/// The Met's 2023–25 evidence, compiled in so `peel grade` works from any folder.
pub const EXAMPLE: [(&str, &str); 8] = [
    example_file!("police-powers-and-public-treatment"),
    example_file!("preventing-crime"),
    example_file!("responding-to-the-public"),
    example_file!("investigating-crime"),
    example_file!("protecting-vulnerable-people"),
    example_file!("managing-offenders-and-suspects"),
    example_file!("building-supporting-and-protecting-the-workforce"),
    example_file!("leadership-and-force-management"),
];

/// What a YAML file holds, told by its top-level keys (SPEC §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A rubric (`areas:`).
    Rubric,
    /// A published grade sheet (`grades:`).
    Sheet,
    /// Evidence (`force:` without `grades:`), or anything else.
    Evidence,
}

/// Tells a YAML file's kind from the keys at the start of its lines.
pub fn detect_kind(text: &str) -> Kind {
    let has_key = |key: &str| {
        text.lines().any(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    };
    if has_key("areas") {
        Kind::Rubric
    } else if has_key("grades") {
        Kind::Sheet
    } else {
        Kind::Evidence
    }
}

/// A YAML file's kind: told by the keys at the start of its lines, and where those
/// say rubric or sheet, by the keys its top-level mapping really has (a line of a
/// quoted text may start `grades:`). A file YAML cannot read keeps the kind its lines
/// say, so that the reader of that kind tells what is wrong with it.
pub fn yaml_kind(text: &str) -> Kind {
    kind_and_tree("", text).0
}

/// [`yaml_kind`] of the file at `path`, with the located tree when telling the kind
/// took reading it (or why it cannot be read), so that the file is read once.
fn kind_and_tree(path: &str, text: &str) -> (Kind, Option<Result<yaml::Node, Diagnostics>>) {
    let claimed = detect_kind(text);
    if claimed == Kind::Evidence {
        return (claimed, None);
    }
    let tree = yaml::parse(path, text);
    let kind = match &tree {
        Ok(yaml::Node {
            value: yaml::Value::Map(entries),
            ..
        }) => {
            let has = |key: &str| {
                entries
                    .iter()
                    .any(|(k, _)| matches!(&k.value, yaml::Value::Text(t) if t == key))
            };
            if has("areas") {
                Kind::Rubric
            } else if has("grades") {
                Kind::Sheet
            } else {
                Kind::Evidence
            }
        }
        _ => claimed,
    };
    (kind, Some(tree))
}

pub(crate) fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

/// Reads an input as UTF-8 text, refusing binary files and files too large to be peel's.
pub fn read_text(input: &Input) -> Result<String, Diagnostic> {
    let shown = input.display();
    let mut bytes = Vec::new();
    let result = match input {
        Input::Stdin => std::io::stdin()
            .lock()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes),
        Input::File(path) => read_whole(path, &mut bytes),
    };
    result.map_err(|error| Diagnostic::file(&shown, io_message(&error)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::file(
            &shown,
            format!(
                "the file is larger than {} MiB",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    decode(&shown, bytes)
}

/// Reads a file once into `bytes`, refusing one that was written to while it was read:
/// a grade is never computed from half of a file being saved. A file replaced whole
/// (renamed over) is read as it was when opened.
fn read_whole(path: &std::path::Path, bytes: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut file = std::fs::File::open(path)?;
    let before = file.metadata()?;
    let read = (&mut file).take(MAX_FILE_BYTES + 1).read_to_end(bytes)?;
    let after = file.metadata()?;
    let regular = before.is_file();
    let changed = before.len() != after.len()
        || before.modified().ok() != after.modified().ok()
        // A pseudo-file (/proc, /sys) says it is empty and is not.
        || (regular && after.len() > 0 && read as u64 != after.len() && read as u64 <= MAX_FILE_BYTES);
    if regular && changed {
        return Err(std::io::Error::other(
            "the file changed while peel read it; run again once it is saved",
        ));
    }
    Ok(read)
}

/// Checks that bytes are UTF-8 text without NUL, naming the line and column where not.
pub fn decode(shown: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let (line, column) = line_column(std::str::from_utf8(valid).unwrap_or_default());
        Diagnostic::at_line(
            shown,
            line,
            column,
            "the file is not valid UTF-8 text (save it as UTF-8)",
        )
    })?;
    if let Some(index) = text.find('\0') {
        let (line, column) = line_column(&text[..index]);
        return Err(Diagnostic::at_line(
            shown,
            line,
            column,
            "the file holds a NUL byte: it is binary, not YAML text",
        ));
    }
    Ok(lone_returns_as_newlines(text))
}

/// `text` with each carriage return that ends a line on its own (old Mac files) made
/// a newline: YAML counts it as a line break, and so must every line peel points at.
fn lone_returns_as_newlines(text: String) -> String {
    let lone = |(i, _): &(usize, char)| text.as_bytes().get(i + 1) != Some(&b'\n');
    if !text
        .char_indices()
        .filter(|(_, c)| *c == '\r')
        .any(|at| lone(&at))
    {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        out.push(if c == '\r' && lone(&(i, c)) { '\n' } else { c });
    }
    out
}

fn line_column(before: &str) -> (u64, u64) {
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u64 + 1;
    (line, column)
}

/// Reads the `--rubric` files.
pub fn rubric_files(paths: &[PathBuf]) -> Result<Vec<(String, Rubric)>, Diagnostics> {
    let mut rubrics = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let input = if path.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::File(path.clone())
        };
        let shown = input.display();
        match read_text(&input) {
            // `--rubric peel-2021-22` reads like choosing a built-in: say how that is done.
            Err(mut problem) if !path.exists() && is_valid_id(&shown) => {
                problem.message.push_str(
                    "; --rubric takes a rubric file (an evidence file names its rubric in `rubric:`)",
                );
                problems.push(problem);
            }
            Err(problem) => problems.push(problem),
            Ok(text) => match rubric::parse_rubric(&shown, &text) {
                Ok(rubric) => rubrics.push((shown, rubric)),
                Err(mut found) => problems.append(&mut found.0),
            },
        }
    }
    if problems.is_empty() {
        Ok(rubrics)
    } else {
        Err(Diagnostics(problems))
    }
}

/// Parses and merges the embedded Met example.
pub fn example_evidence(registry: &Registry) -> Result<Merged, Diagnostics> {
    let mut files = Vec::new();
    for (path, text) in EXAMPLE {
        match parse_text(&Input::File(path.into()), text, registry, true)? {
            Parsed::Evidence(file) => files.push(*file),
            Parsed::Sheets(_) => {
                return Err(Diagnostic::file(path, "the bundled example must be evidence").into());
            }
        }
    }
    merge(files, registry)
}

/// What one input file holds once parsed: sheets, or evidence still to merge and grade.
#[derive(Debug)]
pub enum Parsed {
    /// Published grades or peel's own JSON: one sheet or many.
    Sheets(Vec<Sheet>),
    /// One evidence file.
    Evidence(Box<EvidenceFile>),
}

/// Reads and parses every input in parallel on every core, results in input order,
/// each file's kind told by its content (SPEC §6). Evidence notes and sources are
/// dropped as soon as a file is parsed unless `keep_notes` (only `--explain` prints
/// them), so memory follows what the report needs, not the size of the corpus.
pub fn parse_files(
    inputs: &Inputs,
    registry: &Registry,
    keep_notes: bool,
) -> Vec<Result<Parsed, Diagnostics>> {
    let progress = crate::progress::Progress::files(inputs.len());
    parse_chunk(&inputs.to_vec(), registry, keep_notes, false, &progress)
}

/// [`parse_files`] for one chunk of a run, ticking the run's progress.
fn parse_chunk(
    inputs: &[Input],
    registry: &Registry,
    keep_notes: bool,
    newest_only: bool,
    progress: &crate::progress::Progress,
) -> Vec<Result<Parsed, Diagnostics>> {
    inputs
        .par_iter()
        .map(|input| {
            let text = read_text(input)?;
            match parse_text(input, &text, registry, keep_notes)? {
                // A sheet older than another of its force in the same file is never
                // its force's newest: let go at once, on the core that read it.
                Parsed::Sheets(sheets) if newest_only => Ok(Parsed::Sheets(
                    crate::model::sheet::newest_per_force(sheets),
                )),
                parsed => Ok(parsed),
            }
        })
        .inspect(|_| progress.tick())
        .collect()
}

/// What a file holds, told by its content: JSON, CSV, or a kind of YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Json,
    Csv,
    /// YAML: evidence, a sheet or a rubric ([`detect_kind`]).
    Yaml,
}

fn content_of(input: &Input, body: &str) -> Content {
    let extension = match input {
        Input::File(path) => path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase),
        Input::Stdin => None,
    };
    // A YAML file may be a flow mapping (`{force: …}`): its name says what it is.
    let is_yaml_name = matches!(extension.as_deref(), Some("yaml" | "yml"));
    if !is_yaml_name && body.trim_start().starts_with('{') {
        Content::Json
    } else if extension.as_deref() == Some("csv") || (!is_yaml_name && has_csv_header(body)) {
        Content::Csv
    } else {
        Content::Yaml
    }
}

/// Whether `body` starts with a CSV header of grades: `force,` in any case, perhaps
/// quoted, as spreadsheets write it.
fn has_csv_header(body: &str) -> bool {
    let first = body.trim_start().lines().next().unwrap_or("");
    let field = first.split(',').next().unwrap_or("");
    first.contains(',') && field.trim().trim_matches('"').eq_ignore_ascii_case("force")
}

/// One file's content parsed by its kind; evidence notes kept only when `keep_notes`.
fn parse_text(
    input: &Input,
    text: &str,
    registry: &Registry,
    keep_notes: bool,
) -> Result<Parsed, Diagnostics> {
    let shown = input.display();
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    match content_of(input, body) {
        Content::Json => published::parse_json(&shown, body, registry).map(Parsed::Sheets),
        Content::Csv => published::parse_csv(&shown, body, registry).map(Parsed::Sheets),
        Content::Yaml => {
            // Well-formed evidence, nearly every file of a run, is read straight from
            // its events, which say it is evidence too: only the rest is sniffed.
            if let Some(file) = evidence::read_direct(&shown, body, registry, keep_notes) {
                return Ok(Parsed::Evidence(Box::new(file)));
            }
            let (kind, tree) = kind_and_tree(&shown, body);
            if kind == Kind::Rubric {
                // The rubric given with --rubric, met again in a folder of evidence.
                if given_as_rubric(input, registry) {
                    return Ok(Parsed::Sheets(Vec::new()));
                }
                let message = "this is a rubric, not grades or evidence; give it with --rubric";
                return Err(Diagnostic::file(&shown, message).into());
            }
            let root = tree.unwrap_or_else(|| yaml::parse(&shown, body))?;
            match kind {
                Kind::Sheet => published::yaml_sheet_tree(&shown, body, &root, registry)
                    .map(|s| Parsed::Sheets(vec![s])),
                _ => evidence::checked_tree(&shown, body, &root, registry, keep_notes)
                    .map(|e| Parsed::Evidence(Box::new(e))),
            }
        }
    }
}

/// Whether `input` is one of the files the registry's rubrics were read from.
fn given_as_rubric(input: &Input, registry: &Registry) -> bool {
    let Input::File(path) = input else {
        return false;
    };
    let Ok(path) = path.canonicalize() else {
        return false;
    };
    registry
        .files()
        .iter()
        .any(|given| std::path::Path::new(given).canonicalize().ok() == Some(path.clone()))
}

/// Files read and merged at a time: enough to keep every core busy, few enough that
/// a run holds one chunk of parsed files, not the whole corpus.
const CHUNK: usize = 2048;

/// Reads, parses and merges every input, each file once: a chunk of files is parsed
/// on every core while the chunk before it is folded into its force-cycles' evidence,
/// in input order, and dropped. Notes and sources are kept only when `explain`.
pub fn load(inputs: Inputs, registry: &Registry, explain: bool) -> Result<Corpus, Diagnostics> {
    load_as(inputs, registry, explain, false)
}

/// [`load`], keeping of the published sheets only each force's newest (as
/// [`crate::model::sheet::newest_per_force`] picks them), dropped as each file is read:
/// what `compare` shows by default, in the memory of what it shows.
pub fn load_newest(inputs: Inputs, registry: &Registry) -> Result<Corpus, Diagnostics> {
    load_as(inputs, registry, false, true)
}

fn load_as(
    inputs: Inputs,
    registry: &Registry,
    explain: bool,
    newest_only: bool,
) -> Result<Corpus, Diagnostics> {
    let progress = crate::progress::Progress::files(inputs.len());
    let mut merger = Merger::new(registry);
    // Each file's sheets, joined once their number is known: a run over many sheets
    // does not grow (and copy) one list as it reads.
    let mut published: Vec<Vec<Sheet>> = Vec::new();
    let mut problems = Vec::new();
    let mut absorb = |parsed: Vec<Result<Parsed, Diagnostics>>| {
        for result in parsed {
            match result {
                Ok(Parsed::Sheets(found)) => published.push(found),
                Ok(Parsed::Evidence(file)) => merger.add(*file),
                Err(mut found) => problems.append(&mut found.0),
            }
        }
    };
    let mut chunks = (0..inputs.len())
        .step_by(CHUNK)
        .map(|start| inputs.slice(start..(start + CHUNK).min(inputs.len())));
    let parse = |chunk: Vec<Input>| parse_chunk(&chunk, registry, explain, newest_only, &progress);
    let mut current = chunks.next().map(parse);
    while let Some(parsed) = current.take() {
        let next = chunks.next();
        let (parsed_next, ()) = rayon::join(|| next.map(parse), || absorb(parsed));
        current = parsed_next;
    }
    drop(progress);
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    let merged = merger.finish()?;
    let mut joined = Vec::with_capacity(published.iter().map(Vec::len).sum());
    for sheets in published {
        joined.extend(sheets);
    }
    let mut published = if newest_only {
        crate::model::sheet::newest_per_force(joined)
    } else {
        joined
    };
    // Stable: sheets of one force and cycle keep their input order.
    published.sort_by(|a, b| (&a.force_id, &a.cycle).cmp(&(&b.force_id, &b.cycle)));
    Ok(Corpus {
        published,
        ..Corpus::from_evidence(merged)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_by_top_level_keys() {
        assert_eq!(detect_kind("rubric: x\nareas:\n  - id: a\n"), Kind::Rubric);
        assert_eq!(detect_kind("force: x\ngrades:\n  a: good\n"), Kind::Sheet);
        assert_eq!(detect_kind("force: x\njudgements: []\n"), Kind::Evidence);
        assert_eq!(
            detect_kind("force: x\nnote: \"areas: many\"\n"),
            Kind::Evidence
        );
        // A quoted text whose second line starts like a key is no key.
        let quoted = "force: x\nnote: \"seen\ngrades: many\"\n";
        assert_eq!(detect_kind(quoted), Kind::Sheet, "the lines alone mislead");
        assert_eq!(yaml_kind(quoted), Kind::Evidence);
        assert_eq!(yaml_kind("force: x\ngrades:\n  a: good\n"), Kind::Sheet);
        assert_eq!(
            yaml_kind("rubric: x\nareas: [\n"),
            Kind::Rubric,
            "unreadable: as its lines say"
        );
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = decode("f.yaml", b"force: x\r\rcycle: y\r\nrubric: z\r".to_vec()).unwrap();
        assert_eq!(text, "force: x\n\ncycle: y\r\nrubric: z\n");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = decode("f.yaml", b"force: x\ncycle: \xff\n".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.yaml:2:8: the file is not valid UTF-8 text (save it as UTF-8)"
        );
    }

    #[test]
    fn nul_bytes_are_refused() {
        let err = decode("f.yaml", b"force: a\0b\n".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.yaml:1:9: the file holds a NUL byte: it is binary, not YAML text"
        );
    }
}
