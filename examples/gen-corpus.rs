//! Writes a corpus of realistic evidence files for benchmarks, in one of two shapes:
//! the 43 forces of England and Wales over many cycles, one file per area as
//! inspectors keep them; or many forces (`--many-forces`), one or two small files per
//! force and cycle, so that costs that grow with the number of forces show.
//! Notes are of realistic length either way.
//!
//! A third shape (`--split`) is graded against a rubric that is not PEEL's — three
//! areas of thirty criteria, more than 64 in all — written beside the folder as
//! `DIR.rubric.yaml`: many forces, each force-cycle's evidence split over six files.
//!
//! A fourth shape (`--small`) is many small files of short scalars (issue 19): two
//! cycles per force, one file per force-cycle (every seventh two), each of 28
//! judgements with short notes and 18 findings of a line each.
//!
//! Usage: cargo run --release --example gen-corpus -- DIR FILES
//!        cargo run --release --example gen-corpus -- --many-forces DIR FILES
//!        cargo run --release --example gen-corpus -- --split DIR FILES
//!        cargo run --release --example gen-corpus -- --small DIR FILES
//!        cargo run --release --example gen-corpus -- --sheets PATH SHEETS
//! The last form writes SHEETS published sheets as long-form CSV, for `compare`: one
//! file if PATH ends in `.csv`, else a folder of files of at most 10,000 sheets each
//! (peel reads no file over 64 MiB, and 100,000 sheets take more).
//! Deterministic: the same arguments always write the same files.
#![allow(clippy::print_stderr)] // a command-line tool reporting what it wrote

use std::fmt::Write as _;
use std::path::PathBuf;

use peel::model::rubric::{DEFAULT_RUBRIC, Registry};

/// The 43 forces of England and Wales, the model's own list.
const FORCES: [&str; 43] = peel::model::forces::ENGLAND_AND_WALES;

/// Words for the many-forces shape's invented names, as in "North Ashbury Constabulary".
/// No two words of a list, and no two places built from them, are one edit apart,
/// so that the only near-miss names are the typos written on purpose; and no name has
/// a digit, since names differing only in digits are never near misses.
const PREFIXES: [&str; 12] = [
    "", "North", "South", "East", "West", "Mid", "Upper", "Lower", "Greater", "Royal", "Inner",
    "Outer",
];
const ROOTS: [&str; 60] = [
    "Ash", "Brack", "Cheam", "Dun", "Elm", "Fenny", "Glen", "Hart", "Ink", "Kil", "Lang", "Mar",
    "Nor", "Ock", "Pen", "Quen", "Rother", "Sand", "Thorn", "Ux", "Vale", "Wether", "Yarn", "Ald",
    "Bex", "Crom", "Dals", "Eve", "Frin", "Gran", "Hawks", "Isle", "Jute", "Kirk", "Lox", "Mel",
    "Nut", "Orm", "Pol", "Rad", "Stan", "Tolle", "Ulls", "Ver", "Wal", "Yeo", "Amber", "Bur",
    "Chel", "Drax", "Eg", "Fold", "Gos", "Hexa", "Ulver", "Lyd", "Mort", "Newt", "Ot", "Pit",
];
const ENDINGS: [&str; 24] = [
    "bury", "dale", "ford", "ham", "ley", "minster", "stow", "wick", "worth", "field", "by",
    "caster", "mouth", "ton", "well", "moor", "combe", "hurst", "brook", "gate", "holme", "port",
    "stead", "thorpe",
];
const KINDS: [&str; 6] = [
    "Police",
    "Constabulary",
    "Police Service",
    "Police Force",
    "County Police",
    "Borough Police",
];

/// One force-cycle in this many is given a file whose force name has a typo, so that
/// the near-miss warning is exercised at scale.
const TYPO_EVERY: usize = 500;

const JUDGEMENTS: [&str; 5] = [
    "exceeded",
    "demonstrated",
    "partly",
    "not_demonstrated",
    "not_assessed",
];

const PHRASES: [&str; 12] = [
    "Inspectors reviewed a sample of case files and found",
    "supervisors did not always record their reasons",
    "the force has introduced a new performance framework that",
    "officers spoken to in focus groups described",
    "data provided by the force after fieldwork shows",
    "call handlers used a structured risk assessment in most cases, but",
    "partnership meetings were well attended and information was shared",
    "the backlog of digital devices awaiting examination has grown",
    "victims were not always told about the progress of their case",
    "neighbourhood officers were often taken away to cover response duties",
    "the force understands its demand and plans its workforce accordingly",
    "vetting renewals had fallen behind but a plan is in place to recover",
];

/// A small deterministic generator, so the corpus needs no random-number crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % bound as u64) as usize
    }

    fn note(&mut self) -> String {
        let mut note = String::new();
        while note.len() < 180 + self.next(160) {
            if !note.is_empty() {
                note.push_str(", ");
            }
            note.push_str(PHRASES[self.next(PHRASES.len())]);
        }
        note.push('.');
        note
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let registry = Registry::new(Vec::new()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let rubric = registry
        .get(DEFAULT_RUBRIC)
        .expect("the default rubric is built in");
    match args.as_slice() {
        [flag, file, sheets] if flag == "--sheets" => write_sheets(rubric, file, sheets.parse()?),
        [flag, dir, files] if flag == "--many-forces" => {
            write_many_forces(rubric, PathBuf::from(dir), files.parse()?)
        }
        [flag, dir, files] if flag == "--split" => write_split(PathBuf::from(dir), files.parse()?),
        [flag, dir, files] if flag == "--small" => {
            write_small(rubric, PathBuf::from(dir), files.parse()?)
        }
        [dir, files] => write_evidence(rubric, PathBuf::from(dir), files.parse()?),
        _ => anyhow::bail!(
            "usage: gen-corpus [--many-forces | --split | --small] DIR FILES | gen-corpus --sheets PATH SHEETS"
        ),
    }
}

/// Sheets in one file of a folder written by `write_sheets`.
const SHEETS_PER_FILE: usize = 10_000;

/// Writes `count` published sheets, every force over many cycles, as long-form CSV:
/// to `path` if it names a CSV file, else to files of a folder at `path`.
fn write_sheets(
    rubric: &peel::model::rubric::Rubric,
    path: &str,
    count: usize,
) -> anyhow::Result<()> {
    let one_file = path.ends_with(".csv");
    if !one_file {
        std::fs::create_dir_all(path)?;
    }
    const HEADER: &str = "force,cycle,rubric,area,grade\n";
    let mut rng = Lcg(0x5eed);
    let mut text = String::from(HEADER);
    let grades = [
        "inadequate",
        "requires improvement",
        "adequate",
        "good",
        "outstanding",
    ];
    for n in 0..count {
        if !one_file && n > 0 && n % SHEETS_PER_FILE == 0 {
            let file = PathBuf::from(path).join(format!("sheets-{:03}.csv", n / SHEETS_PER_FILE));
            std::fs::write(file, std::mem::replace(&mut text, String::from(HEADER)))?;
        }
        let force = FORCES[n % FORCES.len()];
        let cycle = format!("2023-r{:04}", n / FORCES.len());
        for area in rubric.areas.iter().filter(|a| !a.optional) {
            writeln!(
                text,
                "{force},{cycle},{},{},{}",
                rubric.id,
                area.id,
                grades[rng.next(5)]
            )?;
        }
    }
    let last = if one_file {
        PathBuf::from(path)
    } else {
        let files = count.div_ceil(SHEETS_PER_FILE).max(1);
        PathBuf::from(path).join(format!("sheets-{files:03}.csv"))
    };
    std::fs::write(last, text)?;
    eprintln!("wrote {count} sheets to {path}");
    Ok(())
}

/// The invented name of force number `n`, distinct for every `n` below
/// `PREFIXES.len() * ROOTS.len() * ENDINGS.len() * KINDS.len()`.
fn invented_force(n: usize) -> (String, String) {
    let kind = KINDS[n % KINDS.len()];
    let n = n / KINDS.len();
    let prefix = PREFIXES[n % PREFIXES.len()];
    let n = n / PREFIXES.len();
    let place = format!(
        "{}{}",
        ROOTS[n % ROOTS.len()],
        ENDINGS[n / ROOTS.len() % ENDINGS.len()]
    );
    let name = if prefix.is_empty() {
        format!("{place} {kind}")
    } else {
        format!("{prefix} {place} {kind}")
    };
    (name, place)
}

/// `name` with a one-edit typo in its place name: a transposition, a dropped letter or
/// a wrong letter, by turns.
fn typo(name: &str, place: &str, turn: usize) -> String {
    let mut bytes = place.as_bytes().to_vec(); // places are ASCII, at least four letters
    match turn % 3 {
        0 => {
            let at = if bytes[1] == bytes[2] { 2 } else { 1 };
            bytes.swap(at, at + 1);
        }
        1 => {
            bytes.remove(2);
        }
        _ => bytes[2] = if bytes[2] == b'x' { b'z' } else { b'x' },
    }
    let misspelt = String::from_utf8(bytes).unwrap_or_else(|_| place.to_string());
    name.replacen(place, &misspelt, 1)
}

/// Writes `files` evidence files below `dir` for many forces: one cycle each (every
/// fifth force two), one file per force-cycle (every eighth two), and a typo now and
/// then.
fn write_many_forces(
    rubric: &peel::model::rubric::Rubric,
    dir: PathBuf,
    files: usize,
) -> anyhow::Result<()> {
    let mandatory: Vec<_> = rubric.areas.iter().filter(|a| !a.optional).collect();
    let capacity = PREFIXES.len() * ROOTS.len() * ENDINGS.len() * KINDS.len();
    let mut rng = Lcg(0x5eed);
    let mut written = 0;
    let mut unit = 0;
    let mut typos = 0;
    'outer: for n in 0.. {
        anyhow::ensure!(n < capacity, "more forces than {capacity} invented names");
        let (force, place) = invented_force(n);
        let slug = peel::model::evidence::slug(&force);
        let cycles: &[&str] = if n % 5 == 0 {
            &["2021-22", "2023-25"]
        } else {
            &["2023-25"]
        };
        for cycle in cycles {
            let with_typo = unit % TYPO_EVERY == TYPO_EVERY / 2;
            let count = if unit % 8 == 2 || with_typo { 2 } else { 1 };
            for k in 0..count {
                if written == files {
                    break 'outer;
                }
                let area = mandatory[(unit + k) % mandatory.len()];
                let name = if with_typo && k == 1 {
                    typos += 1;
                    typo(&force, &place, unit / TYPO_EVERY)
                } else {
                    force.clone()
                };
                let text = area_file(&mut rng, rubric, area, &area.criteria, &name, cycle)?;
                write_file(&dir, &slug, cycle, &format!("{}.yaml", area.id), &text)?;
                written += 1;
            }
            unit += 1;
        }
    }
    eprintln!(
        "wrote {written} evidence files for {unit} force-cycles ({typos} with a misspelt force) under {}",
        dir.display()
    );
    Ok(())
}

/// Judgements in one file of the small shape.
const SMALL_JUDGEMENTS: usize = 28;
/// Findings in one file of the small shape.
const SMALL_FINDINGS: usize = 18;

/// Writes `files` small evidence files below `dir`: many forces, two cycles each, one
/// file per force-cycle (every seventh two, the second of findings only), short scalars.
fn write_small(
    rubric: &peel::model::rubric::Rubric,
    dir: PathBuf,
    files: usize,
) -> anyhow::Result<()> {
    let criteria: Vec<(&peel::model::rubric::Area, &peel::model::rubric::Criterion)> = rubric
        .areas
        .iter()
        .filter(|a| !a.optional)
        .flat_map(|a| a.criteria.iter().map(move |c| (a, c)))
        .collect();
    anyhow::ensure!(criteria.len() >= SMALL_JUDGEMENTS, "too few criteria");
    let mut rng = Lcg(0x51a11);
    let (mut written, mut unit) = (0, 0);
    'outer: for n in 0.. {
        let (force, _) = invented_force(n);
        let slug = peel::model::evidence::slug(&force);
        for cycle in ["2021-22", "2023-25"] {
            let count = if unit % 7 == 3 { 2 } else { 1 };
            for k in 0..count {
                if written == files {
                    break 'outer;
                }
                let start = (unit * 5) % criteria.len();
                let mut text = format!(
                    "force: {force}\ncycle: \"{cycle}\"\nrubric: {}\njudgements:\n",
                    rubric.id
                );
                let judged = if k == 0 { SMALL_JUDGEMENTS } else { 0 };
                for j in 0..judged {
                    let (_, criterion) = criteria[(start + j) % criteria.len()];
                    let judgement = JUDGEMENTS[rng.next(4)];
                    let (seen, of) = (rng.next(20), 20 + rng.next(20));
                    write!(
                        text,
                        "  - criterion: {}\n    judgement: {judgement}\n    note: {seen} of {of} files met it\n",
                        criterion.id
                    )?;
                }
                if judged == 0 {
                    text.push_str("  []\n");
                }
                text.push_str("findings:\n");
                for f in 0..SMALL_FINDINGS {
                    let (area, _) = criteria[(start + f) % criteria.len()];
                    let kind = if rng.next(9) == 0 {
                        "cause_of_concern"
                    } else {
                        "area_for_improvement"
                    };
                    write!(
                        text,
                        "  - kind: {kind}\n    area: {}\n    text: {}\n",
                        area.id,
                        PHRASES[rng.next(PHRASES.len())]
                    )?;
                }
                write_file(&dir, &slug, cycle, &format!("part-{k}.yaml"), &text)?;
                written += 1;
            }
            unit += 1;
        }
    }
    eprintln!(
        "wrote {written} small evidence files for {unit} force-cycles under {}",
        dir.display()
    );
    Ok(())
}

/// Writes `files` evidence files below `dir`, a folder per force and cycle.
fn write_evidence(
    rubric: &peel::model::rubric::Rubric,
    dir: PathBuf,
    files: usize,
) -> anyhow::Result<()> {
    let mandatory: Vec<_> = rubric.areas.iter().filter(|a| !a.optional).collect();
    let mut rng = Lcg(0x5eed);
    let mut written = 0;
    'outer: for round in 0.. {
        for force in FORCES {
            let cycle = format!("{}-r{round:03}", 2023);
            let slug = peel::model::evidence::slug(force);
            for area in &mandatory {
                if written == files {
                    break 'outer;
                }
                let text = area_file(&mut rng, rubric, area, &area.criteria, force, &cycle)?;
                write_file(&dir, &slug, &cycle, &format!("{}.yaml", area.id), &text)?;
                written += 1;
            }
        }
    }
    eprintln!("wrote {written} evidence files under {}", dir.display());
    Ok(())
}

/// Writes one evidence file as `DIR/FORCE/CYCLE/NAME`, making its folders.
fn write_file(
    dir: &std::path::Path,
    force: &str,
    cycle: &str,
    name: &str,
    text: &str,
) -> anyhow::Result<()> {
    let folder = dir.join(force).join(cycle);
    std::fs::create_dir_all(&folder)?;
    std::fs::write(folder.join(name), text)?;
    Ok(())
}

/// The areas and criteria of the split shape's rubric.
const SPLIT_AREAS: [(&str, &str, &str); 3] = [
    ("intake", "Intake", "IN"),
    ("custody-care", "Custody care", "CC"),
    ("release-planning", "Release planning", "RP"),
];
const SPLIT_CRITERIA: usize = 30;

/// The split shape's rubric, as YAML.
fn split_rubric() -> anyhow::Result<String> {
    let mut text = String::from(
        "rubric: custody-audit\ntitle: Custody audit (benchmark)\nscoring:\n\
         \x20 points: {exceeded: 5, demonstrated: 4, partly: 2, not_demonstrated: 0}\n\
         \x20 bands: {outstanding: 90, good: 75, adequate: 50, requires_improvement: 30}\n\
         \x20 coverage: 40\n\
         \x20 limits:\n\
         \x20   cause_of_concern: requires_improvement\n\
         \x20   critical_not_demonstrated: adequate\n\
         \x20   max_areas_for_improvement: {good: 2, adequate: 4}\n\
         areas:\n",
    );
    for (id, title, code) in SPLIT_AREAS {
        writeln!(text, "  - id: {id}\n    title: {title}\n    criteria:")?;
        for n in 1..=SPLIT_CRITERIA {
            writeln!(
                text,
                "      - {{id: {code}{n}, text: Criterion {n} of {title}.}}"
            )?;
        }
    }
    Ok(text)
}

/// Writes `files` evidence files below `dir` for many forces against the split
/// shape's rubric (written to `DIR.rubric.yaml`): one cycle each, every force-cycle's
/// evidence in six files, two per area, each judging half the area's criteria.
fn write_split(dir: PathBuf, files: usize) -> anyhow::Result<()> {
    let text = split_rubric()?;
    let rubric =
        peel::read::rubric::parse_rubric("split", &text).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut rubric_path = dir.clone().into_os_string();
    rubric_path.push(".rubric.yaml");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(&rubric_path, text)?;
    let mut rng = Lcg(0x5eed);
    let mut written = 0;
    'outer: for n in 0.. {
        let (force, _) = invented_force(n);
        let slug = peel::model::evidence::slug(&force);
        let cycle = if n % 2 == 0 { "2024" } else { "2025" };
        for area in &rubric.areas {
            let (first, second) = area.criteria.split_at(area.criteria.len() / 2);
            for (half, criteria) in [first, second].into_iter().enumerate() {
                if written == files {
                    break 'outer;
                }
                let text = area_file(&mut rng, &rubric, area, criteria, &force, cycle)?;
                write_file(
                    &dir,
                    &slug,
                    cycle,
                    &format!("{}-{half}.yaml", area.id),
                    &text,
                )?;
                written += 1;
            }
        }
    }
    eprintln!(
        "wrote {written} evidence files for {} force-cycles under {}, rubric {}",
        written.div_ceil(2 * SPLIT_AREAS.len()),
        dir.display(),
        std::path::Path::new(&rubric_path).display()
    );
    Ok(())
}

/// One area's evidence file for `force` in `cycle`: each of `criteria` judged with a
/// note, and up to three findings.
fn area_file(
    rng: &mut Lcg,
    rubric: &peel::model::rubric::Rubric,
    area: &peel::model::rubric::Area,
    criteria: &[peel::model::rubric::Criterion],
    force: &str,
    cycle: &str,
) -> anyhow::Result<String> {
    let mut text = format!(
        "force: {force}\ncycle: \"{cycle}\"\nrubric: {}\njudgements:\n",
        rubric.id
    );
    for criterion in criteria {
        let judgement = JUDGEMENTS[rng.next(4)];
        write!(
            text,
            "  - criterion: {}\n    judgement: {judgement}\n    note: {}\n    source: force report, {}\n",
            criterion.id,
            rng.note(),
            area.title
        )?;
    }
    let findings = rng.next(4);
    text.push_str(if findings == 0 {
        "findings: []\n"
    } else {
        "findings:\n"
    });
    for _ in 0..findings {
        let kind = if rng.next(6) == 0 {
            "cause_of_concern"
        } else {
            "area_for_improvement"
        };
        write!(
            text,
            "  - kind: {kind}\n    area: {}\n    text: {}\n",
            area.id,
            rng.note()
        )?;
    }
    Ok(text)
}
