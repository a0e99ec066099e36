//! Evidence merged per force-cycle as files are read, held compactly: each file's
//! judgements, findings and moderations encoded in one buffer (postcard), force names
//! and cycles interned, a force's id made again from its first name while merging
//! (unless it was given otherwise) and written out once merging is done, places kept
//! as a file's position in the run with a line and column (a judgement's, and where a
//! force was first named, only for `--explain` or input that cannot be read twice:
//! otherwise the file is read again when a message needs them). A run over many
//! forces holds about a hundred bytes per file, not the parsed files; each force-cycle
//! is rebuilt as a [`ForceEvidence`] only when it is graded.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use hashbrown::{DefaultHashBuilder, HashTable};
use serde::{Deserialize, Serialize};
use std::hash::BuildHasher as _;
use string_interner::backend::BufferBackend;
use string_interner::{DefaultSymbol, StringInterner};

use super::{
    EvidenceFile, Finding, FindingKind, ForceEvidence, Judgement, JudgementEntry, Moderation,
    Notes, Place, slug,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::grade::Grade;
use crate::rubric::{Registry, Rubric};
use crate::suggest::Names;

/// Interned text kept in one buffer, each string after its length: for names and
/// labels looked up by symbol, never listed in order.
type Texts = StringInterner<BufferBackend>;

/// The path of the file at a position among a run's inputs.
pub type FileNames<'a> = &'a (dyn Fn(u32) -> Arc<str> + Sync);

/// The file at a position of the run, read and parsed again: how a clash is located
/// when places were not kept.
pub type Reread<'a> = &'a (dyn Fn(u32) -> Option<EvidenceFile> + Sync);

/// Most near-miss warnings given; past this a count of the rest is given.
const MAX_NEAR_MISS_WARNINGS: usize = 20;

/// About the bytes a file's record takes when notes are dropped; reserving a run's
/// worth costs only address space until it is written.
const RECORD_BYTES: usize = 128;

/// Where in its file a value was written: a line and a column.
#[derive(Debug, Clone, Copy)]
struct Mark {
    line: u32,
    column: u32,
}

impl Mark {
    fn at((line, column): (u64, u64)) -> Mark {
        let small = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        Mark {
            line: small(line),
            column: small(column),
        }
    }
}

/// One file's evidence once its force, cycle and rubric are known: what postcard
/// writes to the buffer. Criteria and areas are positions in the rubric.
#[derive(Serialize, Deserialize)]
struct Record {
    /// Criterion and judgement.
    judgements: Vec<(u32, u8)>,
    /// Line and column of each judgement, when places are kept (see
    /// [`Merger::with_capacity`]).
    places: Vec<(u64, u64)>,
    /// The note and source of a judgement (by its position), when kept.
    notes: Vec<(u32, Option<String>, Option<String>)>,
    findings: Vec<(u8, u32, String)>,
    moderation: Vec<ModerationRecord>,
}

#[derive(Serialize, Deserialize)]
struct ModerationRecord {
    area: u32,
    grade: u8,
    reason: String,
    line: u64,
    column: u64,
}

/// The code of a word in its list: what the buffer holds instead of the word.
fn code<T: PartialEq>(all: &[T], word: &T) -> u8 {
    all.iter()
        .position(|w| w == word)
        .and_then(|at| u8::try_from(at).ok())
        .unwrap_or(u8::MAX)
}

const JUDGEMENTS: [Judgement; 5] = [
    Judgement::Exceeded,
    Judgement::Demonstrated,
    Judgement::Partly,
    Judgement::NotDemonstrated,
    Judgement::NotAssessed,
];

const KINDS: [FindingKind; 4] = [
    FindingKind::CauseOfConcern,
    FindingKind::AreaForImprovement,
    FindingKind::InnovativePractice,
    FindingKind::PromisingPractice,
];

impl Record {
    fn of(file: EvidenceFile, rubric: &Rubric, keep_places: bool) -> Record {
        let area = |id: &str| {
            rubric
                .area_index(id)
                .and_then(|at| u32::try_from(at).ok())
                .unwrap_or(u32::MAX)
        };
        let places = if keep_places {
            let place = |j: &JudgementEntry| (j.place.line, j.place.column);
            file.judgements.iter().map(place).collect()
        } else {
            Vec::new()
        };
        let mut notes = Vec::new();
        let mut judgements = Vec::with_capacity(file.judgements.len());
        for (at, j) in file.judgements.into_iter().enumerate() {
            judgements.push((j.index, code(&JUDGEMENTS, &j.judgement)));
            if let Some(n) = j.notes {
                notes.push((u32::try_from(at).unwrap_or(u32::MAX), n.note, n.source));
            }
        }
        Record {
            judgements,
            places,
            notes,
            findings: file
                .findings
                .into_iter()
                .map(|f| (code(&KINDS, &f.kind), area(&f.area), f.text))
                .collect(),
            moderation: file
                .moderation
                .into_iter()
                .map(|m| ModerationRecord {
                    area: area(&m.area),
                    grade: code(&Grade::ALL, &m.grade),
                    reason: m.reason,
                    line: m.place.line,
                    column: m.place.column,
                })
                .collect(),
        }
    }

    /// The file as merging needs it: its judgements, findings and moderations. Its
    /// force, cycle and rubric are its group's and are left empty, as are what only the
    /// first reading needed (force and cycle places, warnings).
    fn into_file(self, group: &Group, store: &Store, path: Arc<str>) -> EvidenceFile {
        let rubric = &store.rubrics[usize::from(group.rubric)];
        let area = |at: u32| {
            rubric
                .areas
                .get(at as usize)
                .map_or_else(String::new, |a| a.id.clone())
        };
        let place = |line, column| Place {
            path: Arc::clone(&path),
            line,
            column,
        };
        EvidenceFile {
            force: String::new(),
            force_id: String::new(),
            cycle: String::new(),
            rubric: String::new(),
            judgements: {
                let mut judgements: Vec<JudgementEntry> = self
                    .judgements
                    .into_iter()
                    .enumerate()
                    .map(|(at, (index, judgement))| {
                        let (line, column) = self.places.get(at).copied().unwrap_or((0, 0));
                        JudgementEntry {
                            index,
                            judgement: JUDGEMENTS
                                .get(usize::from(judgement))
                                .copied()
                                .unwrap_or(Judgement::NotAssessed),
                            notes: None,
                            place: place(line, column),
                        }
                    })
                    .collect();
                for (at, note, source) in self.notes {
                    if let Some(j) = judgements.get_mut(at as usize) {
                        j.notes = Some(Box::new(Notes { note, source }));
                    }
                }
                judgements
            },
            findings: self
                .findings
                .into_iter()
                .filter_map(|(kind, at, text)| {
                    let kind = *KINDS.get(usize::from(kind))?;
                    Some(Finding {
                        kind,
                        area: area(at),
                        text,
                    })
                })
                .collect(),
            moderation: self
                .moderation
                .into_iter()
                .filter_map(|m| {
                    Some(Moderation {
                        area: area(m.area),
                        grade: *Grade::ALL.get(usize::from(m.grade))?,
                        reason: m.reason,
                        place: place(m.line, m.column),
                    })
                })
                .collect(),
            force_place: place(0, 0),
            cycle_place: place(0, 0),
            path,
            warnings: Vec::new(),
        }
    }
}

/// One force-cycle: its force (by number), interned name and cycle, and its rubric.
#[derive(Debug, Clone, Copy)]
struct Group {
    force: u32,
    name: DefaultSymbol,
    cycle: DefaultSymbol,
    rubric: u16,
}

/// One file added: its force-cycle, its position in the run and its record's start.
#[derive(Debug, Clone, Copy)]
struct FileEntry {
    group: u32,
    file: u32,
    start: usize,
}

/// How one spelling of a force or cycle is used: the files using it and the first file
/// it was written in (where in that file is kept apart, or found by reading it again).
#[derive(Debug, Clone, Copy)]
struct Spelling {
    name: DefaultSymbol,
    files: u32,
    first: u32,
}

/// One evidence file made ready to merge: its force, cycle and rubric, where the
/// first two were written, what it judges and moderates (to notice clashes), and its
/// record encoded. Made on the core that parsed the file, so that merging, which runs
/// on one, only appends.
#[derive(Debug)]
pub struct Prepared {
    force_id: String,
    force: String,
    cycle: String,
    rubric: Option<Arc<Rubric>>,
    force_at: (u64, u64),
    cycle_at: (u64, u64),
    /// Criteria judged (not `not_assessed`), by position.
    judged: Vec<u32>,
    /// Areas moderated, by position.
    moderated: Vec<u32>,
    record: Vec<u8>,
    warnings: Vec<Diagnostic>,
}

/// Makes a parsed file ready to merge, keeping each judgement's line and column only
/// when `keep_places`.
pub fn prepare(mut file: EvidenceFile, registry: &Registry, keep_places: bool) -> Prepared {
    let rubric = registry.get(&file.rubric).cloned();
    let judged = file
        .judgements
        .iter()
        .filter(|j| j.judgement != Judgement::NotAssessed)
        .map(|j| j.index)
        .collect();
    let area = |id: &str| {
        let at = rubric.as_ref().and_then(|r| r.area_index(id));
        at.and_then(|at| u32::try_from(at).ok()).unwrap_or(u32::MAX)
    };
    let moderated = file.moderation.iter().map(|m| area(&m.area)).collect();
    let mut prepared = Prepared {
        force_id: std::mem::take(&mut file.force_id),
        force: std::mem::take(&mut file.force),
        cycle: std::mem::take(&mut file.cycle),
        rubric: None,
        force_at: (file.force_place.line, file.force_place.column),
        cycle_at: (file.cycle_place.line, file.cycle_place.column),
        judged,
        moderated,
        record: Vec::new(),
        warnings: std::mem::take(&mut file.warnings),
    };
    if let Some(rubric) = rubric {
        match postcard::to_allocvec(&Record::of(file, &rubric, keep_places)) {
            Ok(bytes) => prepared.record = bytes,
            // Writing to memory cannot fail but for want of it; say so rather than panic.
            Err(error) => prepared
                .warnings
                .push(Diagnostic::file("", error.to_string())),
        }
        prepared.rubric = Some(rubric);
    }
    prepared
}

/// Evidence merged as files are read, so that a run holds one compact record per file
/// rather than every file it has read.
pub struct Merger<'r> {
    registry: &'r Registry,
    store: Store,
    /// Each group's number, found by its force, cycle and rubric.
    groups: HashTable<u32>,
    hasher: DefaultHashBuilder,
    /// Bits of the criteria each group has judged (not `not_assessed`), to notice a
    /// criterion judged twice without keeping every judgement's place: `words` words
    /// a group.
    judged: Vec<u64>,
    /// Words of bits a group takes: enough for the largest rubric's criteria, so that
    /// a group's bits are found from its number alone.
    words: usize,
    /// (group, area) pairs moderated.
    moderated: HashSet<(u32, u32)>,
    /// Groups in which a criterion was judged twice or an area moderated twice.
    clashing: HashSet<u32>,
    /// Each force (by number, in order of first use): the first name written for it.
    forces: Vec<Spelling>,
    /// Each force's number, found by its id. An id is not stored while merging: it is
    /// the slug of the force's first name unless [`Merger::unusual`] holds it.
    force_numbers: HashTable<u32>,
    /// The ids of forces whose id is not their first name's slug (given explicitly),
    /// interned with the names.
    unusual: HashMap<u32, DefaultSymbol>,
    /// Where each force was first written, by its number, when places are kept;
    /// otherwise a near miss's place is found by reading its file again.
    force_marks: Option<Vec<Mark>>,
    /// Each cycle label's use and where it was first written (cycles are few).
    cycles: HashMap<DefaultSymbol, (Spelling, Mark)>,
    warnings: Vec<Diagnostic>,
    /// Whether records keep each judgement's line and column.
    keep_places: bool,
}

impl<'r> Merger<'r> {
    /// A merger of evidence judged against the rubrics of `registry`.
    pub fn new(registry: &'r Registry) -> Self {
        Merger::with_capacity(registry, 0, true)
    }

    /// A merger with room for about `files` files, so that its tables are made once
    /// at their size rather than grown (and copied) as a large run is read. Unless
    /// `keep_places`, the line and column of each judgement are not kept (only
    /// `--explain` prints them): a clash then reads its files again to name them.
    pub fn with_capacity(registry: &'r Registry, files: usize, keep_places: bool) -> Self {
        let words = registry
            .iter()
            .map(|rubric| rubric.criterion_count().div_ceil(64))
            .max()
            .unwrap_or(1)
            .max(1);
        let store = Store {
            named: (!keep_places).then(Vec::new),
            ..Store::with_capacity(files)
        };
        // The tables only merging needs are made one after another, so that when they
        // are freed together the force ids written then can take their place.
        let groups = HashTable::with_capacity(files);
        let judged = Vec::with_capacity(files.saturating_mul(words));
        let force_numbers = HashTable::with_capacity(files);
        Merger {
            registry,
            store,
            groups,
            hasher: DefaultHashBuilder::default(),
            judged,
            words,
            moderated: HashSet::new(),
            clashing: HashSet::new(),
            forces: Vec::with_capacity(files),
            force_numbers,
            unusual: HashMap::new(),
            force_marks: keep_places.then(Vec::new),
            cycles: HashMap::new(),
            warnings: Vec::new(),
            keep_places,
        }
    }

    /// Adds the file at position `at` of the run to its force-cycle's evidence; a
    /// force's files keep the order of their positions, so the result is the same on
    /// one thread as on many.
    pub fn add(&mut self, file: EvidenceFile, at: u32) {
        let prepared = prepare(file, self.registry, self.keep_places);
        self.add_prepared(prepared, at);
    }

    /// [`Merger::add`] for a file [`prepare`]d already, perhaps on another core; it
    /// must have been prepared with this merger's `keep_places`.
    pub fn add_prepared(&mut self, mut file: Prepared, at: u32) {
        self.warnings.append(&mut file.warnings);
        let name = self.store.strings.get_or_intern(&file.force);
        let cycle = self.store.strings.get_or_intern(&file.cycle);
        let force = self.force_number(&file.force_id, &file.force);
        if force as usize == self.forces.len() {
            self.forces.push(Spelling {
                name,
                files: 0,
                first: at,
            });
            if let Some(marks) = &mut self.force_marks {
                marks.push(Mark::at(file.force_at));
            }
        }
        if let Some(spelling) = self.forces.get_mut(force as usize) {
            spelling.files += 1;
        }
        let first = Spelling {
            name: cycle,
            files: 0,
            first: at,
        };
        let mark = Mark::at(file.cycle_at);
        self.cycles.entry(cycle).or_insert((first, mark)).0.files += 1;
        let Some(rubric) = file.rubric.and_then(|r| self.rubric_index(&r)) else {
            return; // parse_evidence has already reported it
        };
        let group = self.group(force, name, cycle, rubric);
        self.note_clashes(group, &file.judged, &file.moderated);
        if let (Some(named), false) = (&mut self.store.named, file.moderated.is_empty()) {
            named.push(at);
        }
        self.store.files.push(FileEntry {
            group,
            file: at,
            start: self.store.bytes.len(),
        });
        self.store.bytes.extend_from_slice(&file.record);
    }

    fn rubric_index(&mut self, rubric: &Arc<Rubric>) -> Option<u16> {
        let rubrics = &mut self.store.rubrics;
        let at = match rubrics.iter().position(|r| Arc::ptr_eq(r, rubric)) {
            Some(at) => at,
            None => {
                rubrics.push(Arc::clone(rubric));
                rubrics.len() - 1
            }
        };
        u16::try_from(at).ok()
    }

    /// The number of the force with id `id`: the next number for an id not seen
    /// before, whose first name is `written` (the caller adds its spelling).
    fn force_number(&mut self, id: &str, written: &str) -> u32 {
        let hash = self.hasher.hash_one(id);
        let (forces, strings, unusual) = (&self.forces, &self.store.strings, &self.unusual);
        let id_of = |force: u32| force_id(forces, strings, unusual, force);
        if let Some(&force) = self.force_numbers.find(hash, |&f| id_of(f) == id) {
            return force;
        }
        let force = u32::try_from(forces.len()).unwrap_or(u32::MAX);
        if slug(written) != id {
            let id = self.store.strings.get_or_intern(id);
            self.unusual.insert(force, id);
        }
        let (forces, strings, unusual) = (&self.forces, &self.store.strings, &self.unusual);
        let hasher = &self.hasher;
        // Room is made for every file at the start, so ids are made again here only if
        // there are more forces than files: never.
        self.force_numbers.insert_unique(hash, force, |&f| {
            hasher.hash_one(&*force_id(forces, strings, unusual, f))
        });
        force
    }

    fn group(&mut self, force: u32, name: DefaultSymbol, cycle: DefaultSymbol, rubric: u16) -> u32 {
        let groups = &self.store.groups;
        let key = |g: &Group| (g.force, g.cycle, g.rubric);
        let hash = self.hasher.hash_one((force, cycle, rubric));
        let same = |&at: &u32| key(&groups[at as usize]) == (force, cycle, rubric);
        if let Some(&at) = self.groups.find(hash, same) {
            return at;
        }
        let at = u32::try_from(groups.len()).unwrap_or(u32::MAX);
        self.store.groups.push(Group {
            force,
            name,
            cycle,
            rubric,
        });
        self.judged.resize(self.judged.len() + self.words, 0);
        let (groups, hasher) = (&self.store.groups, &self.hasher);
        self.groups
            .insert_unique(hash, at, |&g| hasher.hash_one(key(&groups[g as usize])));
        at
    }

    /// Marks the group as clashing when a file judges a criterion it has judged or
    /// moderates an area it has moderated; the places are found when it is finished.
    fn note_clashes(&mut self, group: u32, judged: &[u32], moderated: &[u32]) {
        let first_word = group as usize * self.words;
        let mut clash = false;
        for &criterion in judged {
            let word = first_word + criterion as usize / 64;
            let bit = 1u64 << (criterion % 64);
            if let Some(bits) = self.judged.get_mut(word) {
                clash |= *bits & bit != 0;
                *bits |= bit;
            }
        }
        for &area in moderated {
            clash |= !self.moderated.insert((group, area));
        }
        if clash {
            self.clashing.insert(group);
        }
    }

    /// The evidence of every force-cycle, ordered by force id then cycle, with the
    /// warnings; or every clash found between files, each naming both places.
    pub fn finish(
        mut self,
        names: FileNames,
        reread: Reread,
    ) -> Result<(Store, Vec<Diagnostic>), Diagnostics> {
        // What only merging needed goes before the ids are written out and the
        // near-miss index is built.
        self.force_numbers = HashTable::new();
        self.groups = HashTable::new();
        self.judged = Vec::new();
        self.moderated = HashSet::new();
        self.write_ids();
        if !self.clashing.is_empty() {
            return Err(Diagnostics(self.clashes(names, reread)));
        }
        self.warnings.extend(self.near_misses(names, reread));
        self.store.sort();
        Ok((self.store, self.warnings))
    }

    /// Writes every force's id into the store, by its number, once merging is done:
    /// in one piece made at once, which what merging freed can hold.
    fn write_ids(&mut self) {
        let strings = &self.store.strings;
        // A slug is never longer than the name it is made from.
        let bytes = (0..self.forces.len() as u32)
            .map(|force| match self.unusual.get(&force) {
                Some(&id) => strings.resolve(id).map_or(0, str::len),
                None => strings
                    .resolve(self.forces[force as usize].name)
                    .map_or(0, str::len),
            })
            .sum();
        let mut ids = Ids {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(self.forces.len()),
        };
        for force in 0..self.forces.len() as u32 {
            ids.text
                .push_str(&force_id(&self.forces, strings, &self.unusual, force));
            // Ids past 4 GiB in all (never, in practice) are read as empty.
            ids.ends
                .push(u32::try_from(ids.text.len()).unwrap_or(u32::MAX));
        }
        self.store.ids = ids;
        self.unusual = HashMap::new();
    }

    /// Every clash of the clashing groups, in the order of the files that clash.
    fn clashes(&self, names: FileNames, reread: Reread) -> Vec<Diagnostic> {
        let mut merged: HashMap<u32, ForceEvidence> = HashMap::new();
        let mut found = Vec::new();
        for entry in &self.store.files {
            if !self.clashing.contains(&entry.group) {
                continue;
            }
            let evidence = merged
                .entry(entry.group)
                .or_insert_with(|| self.store.empty(entry.group));
            let file = match self.keep_places {
                true => None,
                false => reread(entry.file),
            };
            let file = file.unwrap_or_else(|| self.store.file(entry, names));
            evidence.add(file, &mut found);
        }
        found
    }

    /// A warning at each spelling that looks like a typo of another: the one used by
    /// fewer files is the likely typo; on a tie neither is suggested.
    fn near_misses(&self, names: FileNames, reread: Reread) -> Vec<Diagnostic> {
        // Force ids are numbered in order, so the spellings are found by position.
        let force = |at: usize| {
            let mark = self.force_marks.as_ref().and_then(|m| m.get(at)).copied();
            (&self.forces[at], mark)
        };
        let force_place = |file: &EvidenceFile| file.force_place.clone();
        let seen = Seen {
            names,
            reread,
            place: &force_place,
        };
        let limit = MAX_NEAR_MISS_WARNINGS;
        let (mut warnings, mut found) =
            self.near_miss_warnings("force", &self.store.ids, &force, &seen, limit);
        let cycles: Vec<(&str, &(Spelling, Mark))> = self
            .cycles
            .iter()
            .map(|(label, used)| (self.store.text(*label), used))
            .collect();
        let labels: Vec<&str> = cycles.iter().map(|c| c.0).collect();
        let labels = labels.as_slice();
        let cycle = |at: usize| (&cycles[at].1.0, Some(cycles[at].1.1));
        let cycle_place = |file: &EvidenceFile| file.cycle_place.clone();
        let seen = Seen {
            place: &cycle_place,
            ..seen
        };
        let limit = limit - warnings.len();
        let (more, pairs) = self.near_miss_warnings("cycle", labels, &cycle, &seen, limit);
        warnings.extend(more);
        found += pairs;
        if found > warnings.len() {
            let rest = found - warnings.len();
            warnings.push(Diagnostic::file(
                "",
                format!("… and {rest} more near-miss names"),
            ));
        }
        warnings
    }

    /// The first `limit` warnings for the spellings `keys` of forces or cycles that
    /// are near misses of each other, in the order of the keys, and how many pairs
    /// there are; `spelling` gives each key's use and, when kept, where it was first
    /// written. Only the warnings given are located: that may read their files again.
    fn near_miss_warnings<'s, N: Names + ?Sized>(
        &'s self,
        what: &str,
        keys: &N,
        spelling: &dyn Fn(usize) -> (&'s Spelling, Option<Mark>),
        seen: &Seen,
        limit: usize,
    ) -> (Vec<Diagnostic>, usize) {
        // Pairs in the order of their keys, as if the keys had been sorted first.
        let mut pairs: Vec<(usize, usize)> = crate::suggest::near_miss_pairs(keys)
            .into_iter()
            .map(|(a, b)| {
                if keys.name(a) < keys.name(b) {
                    (a, b)
                } else {
                    (b, a)
                }
            })
            .collect();
        let key = |(a, b): (usize, usize)| (keys.name(a), keys.name(b));
        pairs.sort_unstable_by(|&x, &y| key(x).cmp(&key(y)));
        let shown = |at: usize| {
            let (spelling, mark) = spelling(at);
            let name = self.store.text(spelling.name);
            (name, spelling.files, seen.place(spelling.first, mark))
        };
        let warnings = pairs
            .iter()
            .take(limit)
            .map(|&(a, b)| {
                let (a, b) = (shown(a), shown(b));
                near_miss_warning(what, (a.0, a.1, &a.2), (b.0, b.1, &b.2))
            })
            .collect();
        (warnings, pairs.len())
    }
}

/// How to name where a force or cycle was first written: its file's path, and its
/// line and column, kept or found by reading the file again.
struct Seen<'a> {
    names: FileNames<'a>,
    reread: Reread<'a>,
    /// The place of the value sought in a file read again.
    place: &'a dyn Fn(&EvidenceFile) -> Place,
}

impl Seen<'_> {
    fn place(&self, file: u32, mark: Option<Mark>) -> Place {
        let (line, column) = match mark {
            Some(mark) => (u64::from(mark.line), u64::from(mark.column)),
            // A file changed since it was read is named without a line.
            None => (self.reread)(file).map_or((0, 0), |again| {
                let place = (self.place)(&again);
                (place.line, place.column)
            }),
        };
        Place {
            path: (self.names)(file),
            line,
            column,
        }
    }
}

/// The id of force number `force` while merging: kept if unusual, else made again
/// from its first name.
fn force_id<'a>(
    forces: &[Spelling],
    strings: &'a Texts,
    unusual: &HashMap<u32, DefaultSymbol>,
    force: u32,
) -> std::borrow::Cow<'a, str> {
    match unusual.get(&force) {
        Some(&id) => std::borrow::Cow::Borrowed(strings.resolve(id).unwrap_or_default()),
        None => {
            let name = forces.get(force as usize).map(|spelling| spelling.name);
            let name = name
                .and_then(|name| strings.resolve(name))
                .unwrap_or_default();
            std::borrow::Cow::Owned(slug(name))
        }
    }
}

/// Every force's id, end to end, by force number: written once merging is done.
#[derive(Default)]
struct Ids {
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<u32>,
}

impl Names for Ids {
    fn count(&self) -> usize {
        self.ends.len()
    }

    fn name(&self, at: usize) -> &str {
        let from = at.checked_sub(1).map_or(0, |before| self.ends[before]);
        self.text
            .get(from as usize..self.ends[at] as usize)
            .unwrap_or_default()
    }
}

/// Every force-cycle's evidence, merged and compact, in report order once finished.
pub struct Store {
    /// Force ids, by force number (once merged).
    ids: Ids,
    /// Force names and cycle labels.
    strings: Texts,
    rubrics: Vec<Arc<Rubric>>,
    groups: Vec<Group>,
    files: Vec<FileEntry>,
    bytes: Vec<u8>,
    /// Each group's files, in order, once sorted: `files[first[g]..first[g + 1]]`.
    first: Vec<u32>,
    /// The groups kept (all but those a filter drops), in report order.
    kept: Vec<u32>,
    /// The path of places not kept.
    unnamed: Arc<str>,
    /// When judgements' places are not kept, the positions of the files whose records
    /// still hold places (moderations): the only paths a report can need.
    named: Option<Vec<u32>>,
}

impl Store {
    /// An empty store with room for about `files` files.
    fn with_capacity(files: usize) -> Store {
        Store {
            ids: Ids::default(),
            strings: Texts::with_capacity(files),
            rubrics: Vec::new(),
            groups: Vec::with_capacity(files),
            files: Vec::with_capacity(files),
            bytes: Vec::with_capacity(files * RECORD_BYTES),
            first: Vec::new(),
            kept: Vec::new(),
            unnamed: Arc::from(""),
            named: None,
        }
    }

    fn text(&self, symbol: DefaultSymbol) -> &str {
        self.strings.resolve(symbol).unwrap_or_default()
    }

    fn id(&self, force: u32) -> &str {
        self.ids.name(force as usize)
    }

    /// Puts groups in report order (force id, cycle, rubric id) and each group's files
    /// together, in the order they were added.
    fn sort(&mut self) {
        // Everything is reordered in place: copies of the groups and files, or a stable
        // sort's scratch space, would be the largest thing a run over many forces holds.
        let mut order: Vec<u32> = (0..self.groups.len() as u32).collect();
        let key = |g: &Group| {
            (
                self.id(g.force),
                self.text(g.cycle),
                self.rubrics[usize::from(g.rubric)].id.as_str(),
            )
        };
        // No two groups share a key: an unstable sort gives the one order.
        order.sort_unstable_by(|&a, &b| {
            key(&self.groups[a as usize]).cmp(&key(&self.groups[b as usize]))
        });
        let mut rank = vec![0u32; order.len()];
        for (at, &group) in order.iter().enumerate() {
            rank[group as usize] = at as u32;
        }
        drop(order);
        for file in &mut self.files {
            file.group = rank[file.group as usize];
        }
        // Each group to its rank, by following the permutation's cycles.
        for at in 0..rank.len() {
            while rank[at] as usize != at {
                let to = rank[at] as usize;
                self.groups.swap(at, to);
                rank.swap(at, to);
            }
        }
        drop(rank);
        // A group's files keep the order in which they were added: their positions.
        self.files.sort_unstable_by_key(|f| (f.group, f.file));
        self.first = Vec::with_capacity(self.groups.len() + 1);
        let mut at = 0;
        for group in 0..self.groups.len() as u32 {
            self.first.push(at as u32);
            while at < self.files.len() && self.files[at].group == group {
                at += 1;
            }
        }
        self.first.push(self.files.len() as u32);
        self.kept = (0..self.groups.len() as u32).collect();
    }

    /// An empty evidence of a group, to add its files to.
    fn empty(&self, group: u32) -> ForceEvidence {
        let g = &self.groups[group as usize];
        ForceEvidence::new(
            self.text(g.name).to_string(),
            self.id(g.force).to_string(),
            self.text(g.cycle).to_string(),
            Arc::clone(&self.rubrics[usize::from(g.rubric)]),
        )
    }

    /// One file as parsed, read back from the buffer.
    fn file(&self, entry: &FileEntry, names: FileNames) -> EvidenceFile {
        let group = &self.groups[entry.group as usize];
        let record = match postcard::take_from_bytes::<Record>(&self.bytes[entry.start..]) {
            Ok((record, _)) => record,
            // The buffer is written only by `Merger::add`; an empty file if it were not.
            Err(_) => Record {
                judgements: Vec::new(),
                places: Vec::new(),
                notes: Vec::new(),
                findings: Vec::new(),
                moderation: Vec::new(),
            },
        };
        // A file's path is looked up only when a place in it is kept.
        let path = if record.places.is_empty() && record.moderation.is_empty() {
            Arc::clone(&self.unnamed)
        } else {
            names(entry.file)
        };
        record.into_file(group, self, path)
    }

    /// The positions of the only files whose paths grading can need, in order, or
    /// `None` when any file's can (judgements' places were kept).
    pub fn named(&self) -> Option<&[u32]> {
        self.named.as_deref()
    }

    /// The number of force-cycles kept.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    /// Whether no force-cycle is kept.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// The force-cycles kept, in report order, as (force name, force id, cycle, rubric id).
    pub fn keys(&self) -> impl Iterator<Item = (&str, &str, &str, &str)> {
        self.kept.iter().map(|&g| {
            let g = &self.groups[g as usize];
            (
                self.text(g.name),
                self.id(g.force),
                self.text(g.cycle),
                self.rubrics[usize::from(g.rubric)].id.as_str(),
            )
        })
    }

    /// Keeps the force-cycles `keep` accepts (force name, id, cycle).
    pub fn retain(&mut self, keep: impl Fn(&str, &str, &str) -> bool) {
        let mut kept = std::mem::take(&mut self.kept);
        kept.retain(|&group| {
            let g = &self.groups[group as usize];
            keep(self.text(g.name), self.id(g.force), self.text(g.cycle))
        });
        self.kept = kept;
    }

    /// The evidence of a force-cycle, merged from its files.
    fn evidence(&self, group: u32, names: FileNames) -> ForceEvidence {
        let mut evidence = self.empty(group);
        let (from, to) = (self.first[group as usize], self.first[group as usize + 1]);
        let files = &self.files[from as usize..to as usize];
        let mut problems = Vec::new();
        for entry in files {
            evidence.add(self.file(entry, names), &mut problems);
        }
        evidence
    }

    /// `make` of each kept force-cycle's evidence in `range` (positions in report
    /// order), merged and made on every core, in order.
    pub fn batch<T: Send>(
        &self,
        range: std::ops::Range<usize>,
        names: FileNames,
        make: impl Fn(&ForceEvidence) -> T + Sync,
    ) -> Vec<T> {
        use rayon::prelude::*;
        let range = range.start.min(self.kept.len())..range.end.min(self.kept.len());
        self.kept[range]
            .par_iter()
            .map(|&group| make(&self.evidence(group, names)))
            .collect()
    }

    /// Every kept force-cycle's evidence, in report order.
    pub fn forces(&self, names: FileNames) -> Vec<ForceEvidence> {
        self.batch(0..self.kept.len(), names, ForceEvidence::clone)
    }
}

/// Evidence merged per force, cycle and rubric, with any warnings about near-miss names.
pub struct Merged {
    /// The evidence, compact, in report order.
    pub store: Store,
    /// The paths of the files merged, by position.
    pub paths: Vec<Arc<str>>,
    /// Warnings for the user, located: a force name or cycle that looks like a typo
    /// of another, text lost to a YAML comment.
    pub warnings: Vec<Diagnostic>,
}

impl Merged {
    /// Every force-cycle's evidence, merged, in report order.
    pub fn forces(&self) -> Vec<ForceEvidence> {
        let paths = &self.paths;
        let names = |at: u32| {
            paths
                .get(at as usize)
                .cloned()
                .unwrap_or_else(|| Arc::from(""))
        };
        self.store.forces(&names)
    }
}

/// Merges files of the same force id, cycle and rubric; a criterion judged twice or an
/// area moderated twice across them is an error naming both places.
pub fn merge(files: Vec<EvidenceFile>, registry: &Registry) -> Result<Merged, Diagnostics> {
    let paths: Vec<Arc<str>> = files.iter().map(|f| Arc::clone(&f.path)).collect();
    let mut merger = Merger::new(registry);
    for (at, file) in files.into_iter().enumerate() {
        merger.add(file, u32::try_from(at).unwrap_or(u32::MAX));
    }
    let names = |at: u32| {
        paths
            .get(at as usize)
            .cloned()
            .unwrap_or_else(|| Arc::from(""))
    };
    let (store, warnings) = merger.finish(&names, &|_| None)?;
    Ok(Merged {
        store,
        paths,
        warnings,
    })
}

/// The warning for two spellings (text, files, place) a typo apart, placed at the
/// likely typo: the one fewer files use. On a tie, both are named and neither is
/// suggested, for the typo might be either.
fn near_miss_warning(what: &str, a: (&str, u32, &Place), b: (&str, u32, &Place)) -> Diagnostic {
    let split = if what == "force" {
        "they are graded as two forces"
    } else {
        "they are kept apart as two cycles"
    };
    let (typo, likely) = match a.1.cmp(&b.1) {
        std::cmp::Ordering::Less => (a, b),
        std::cmp::Ordering::Greater => (b, a),
        std::cmp::Ordering::Equal => {
            let each = format!("{} {} each", a.1, files_word(a.1));
            return b.2.diagnostic(format!(
                "{what} \"{}\" and \"{}\" look like one {what} spelt two ways ({each}; the other is at {}); {split}",
                b.0, a.0, a.2
            ));
        }
    };
    typo.2.diagnostic(format!(
        "{what} \"{}\" looks like a typo of \"{}\", which {} {} use (did you mean \"{}\"?); {split}",
        typo.0,
        likely.0,
        likely.1,
        files_word(likely.1),
        likely.0,
    ))
}

fn files_word(n: u32) -> &'static str {
    if n == 1 { "file" } else { "files" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::parse_evidence;
    use crate::rubric::parse_rubric;

    /// A rubric of two areas and 70 criteria, so that each force-cycle's judged bits
    /// take two words.
    fn wide() -> Registry {
        let mut text = String::from("rubric: wide\ntitle: Wide\nareas:\n");
        for area in ["first", "second"] {
            text.push_str(&format!(
                "  - id: {area}\n    title: {area}\n    criteria:\n"
            ));
            for n in 0..35 {
                text.push_str(&format!("      - {{id: {area}-{n}, text: x}}\n"));
            }
        }
        let rubric = parse_rubric("wide.yaml", &text).expect("the rubric parses");
        Registry::new(vec![("wide.yaml".into(), rubric)]).expect("the registry builds")
    }

    /// An evidence file of `force` for 2024 judging each (criterion, judgement).
    fn file(registry: &Registry, path: &str, force: &str, judged: &[(&str, &str)]) -> EvidenceFile {
        let mut text = format!("force: {force}\ncycle: \"2024\"\nrubric: wide\njudgements:\n");
        for (criterion, judgement) in judged {
            text.push_str(&format!(
                "  - criterion: {criterion}\n    judgement: {judgement}\n    note: seen\n"
            ));
        }
        parse_evidence(path, &text, registry).expect("the evidence parses")
    }

    fn paths(files: &[&EvidenceFile]) -> Vec<Arc<str>> {
        files.iter().map(|f| Arc::clone(&f.path)).collect()
    }

    #[test]
    fn a_criterion_past_the_first_word_judged_twice_names_both_places() {
        let registry = wide();
        let a = file(&registry, "a.yaml", "Kent", &[("second-34", "partly")]);
        let b = file(
            &registry,
            "b.yaml",
            "Kent",
            &[("first-0", "partly"), ("second-34", "exceeded")],
        );
        let problems = merge(vec![a, b], &registry).err().expect("a clash");
        let shown: Vec<String> = problems.0.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "b.yaml:8:16: criterion \"second-34\" is judged twice for Kent 2024: here and at a.yaml:5:16"
            ]
        );
    }

    #[test]
    fn files_of_a_force_cycle_merge_in_order_whatever_comes_between() {
        let registry = wide();
        let files = vec![
            file(&registry, "1.yaml", "West", &[("first-1", "partly")]),
            file(&registry, "2.yaml", "East", &[("first-1", "exceeded")]),
            file(
                &registry,
                "3.yaml",
                "West",
                &[("second-2", "demonstrated"), ("first-1", "not_assessed")],
            ),
        ];
        let merged = merge(files, &registry).expect("no clash");
        let forces = merged.forces();
        let ids: Vec<&str> = forces.iter().map(|f| f.force_id.as_str()).collect();
        assert_eq!(ids, ["east", "west"], "in report order");
        let west = &forces[1];
        let judged: Vec<(u32, Judgement, &str)> = west
            .judgements
            .iter()
            .map(|j| (j.index, j.judgement, &*j.place.path))
            .collect();
        assert_eq!(
            judged,
            [
                (1, Judgement::Partly, "1.yaml"),
                (37, Judgement::Demonstrated, "3.yaml")
            ],
            "not_assessed neither clashes with nor replaces a judgement"
        );
        assert_eq!(west.judgements[0].note(), Some("seen"));
    }

    #[test]
    fn without_places_a_clash_is_located_by_reading_the_files_again() {
        let registry = wide();
        let a = file(&registry, "a.yaml", "Kent", &[("first-3", "partly")]);
        let b = file(&registry, "b.yaml", "Kent", &[("first-3", "exceeded")]);
        let originals = [a.clone(), b.clone()];
        let paths = paths(&[&a, &b]);
        let names = |at: u32| Arc::clone(&paths[at as usize]);
        let mut merger = Merger::with_capacity(&registry, 2, false);
        merger.add(a, 0);
        merger.add(b, 1);
        let reread = |at: u32| originals.get(at as usize).cloned();
        let problems = merger.finish(&names, &reread).err().expect("a clash");
        assert_eq!(
            problems.0[0].to_string(),
            "b.yaml:5:16: criterion \"first-3\" is judged twice for Kent 2024: here and at a.yaml:5:16"
        );
    }

    #[test]
    fn without_places_the_merged_evidence_is_the_same_but_for_places() {
        let registry = wide();
        let make = || {
            vec![
                file(&registry, "a.yaml", "Kent", &[("first-3", "partly")]),
                file(&registry, "b.yaml", "Kent", &[("second-0", "exceeded")]),
            ]
        };
        let kept = merge(make(), &registry).expect("no clash").forces();
        let mut merger = Merger::with_capacity(&registry, 2, false);
        for (at, file) in make().into_iter().enumerate() {
            merger.add(file, at as u32);
        }
        let names = |_: u32| Arc::from("x.yaml");
        let (store, _) = merger.finish(&names, &|_| None).expect("no clash");
        let lean = store.forces(&names);
        let judged = |f: &ForceEvidence| -> Vec<(u32, Judgement)> {
            f.judgements
                .iter()
                .map(|j| (j.index, j.judgement))
                .collect()
        };
        assert_eq!(judged(&kept[0]), judged(&lean[0]));
        assert_eq!(lean[0].judgements[0].place.line, 0, "no place kept");
    }

    #[test]
    fn many_force_cycles_sort_into_report_order_keeping_each_ones_files_in_order() {
        let registry = wide();
        // 40 forces × 3 cycles, two files each, added in a scrambled order; every
        // fifth file moderates an area, so its path stays nameable.
        let mut plan: Vec<(usize, usize, usize)> = Vec::new();
        for force in 0..40 {
            for cycle in 0..3 {
                plan.extend([(force, cycle, 0), (force, cycle, 1)]);
            }
        }
        let mut order: Vec<usize> = (0..plan.len()).collect();
        order.sort_by_key(|&at| (at * 7919) % plan.len());
        let mut merger = Merger::with_capacity(&registry, plan.len(), false);
        let mut moderated = Vec::new();
        for (position, &at) in order.iter().enumerate() {
            let (force, cycle, part) = plan[at];
            let mut text = format!(
                "force: Force {force:02}\ncycle: \"20{cycle:02}\"\nrubric: wide\njudgements:\n  \
                 - criterion: first-{part}\n    judgement: partly\nfindings:\n  \
                 - {{kind: area_for_improvement, area: first, text: \"{part}\"}}\n"
            );
            if position % 5 == 0 {
                text.push_str("moderation:\n  - area: first\n    grade: good\n    reason: x\n");
                moderated.push(position as u32);
            }
            let file = parse_evidence("e.yaml", &text, &registry).expect("the evidence parses");
            merger.add(file, position as u32);
        }
        let names = |_: u32| Arc::from("e.yaml");
        let (store, _) = merger.finish(&names, &|_| None).expect("no clash");
        let keys: Vec<(String, String)> = store
            .keys()
            .map(|(_, id, cycle, _)| (id.to_string(), cycle.to_string()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys.len(), 120);
        assert_eq!(keys, sorted, "report order");
        let mut later_first = 0;
        for force in store.forces(&names) {
            assert_eq!(
                force.judgements.len(),
                2,
                "{} {}",
                force.force_id,
                force.cycle
            );
            let found: Vec<&str> = force.findings.iter().map(|f| f.text.as_str()).collect();
            // Part 0's finding comes first exactly when its file was added first.
            let part = |p: usize| {
                let at = plan.iter().position(|&(f, c, q)| {
                    format!("force-{f:02}") == force.force_id
                        && format!("20{c:02}") == force.cycle
                        && q == p
                });
                order.iter().position(|&o| Some(o) == at)
            };
            later_first += usize::from(part(1) < part(0));
            let expected = if part(0) < part(1) {
                ["0", "1"]
            } else {
                ["1", "0"]
            };
            assert_eq!(found, expected, "{} {}", force.force_id, force.cycle);
        }
        assert!(
            later_first > 0,
            "some force-cycles had their second part added first"
        );
        assert_eq!(store.named(), Some(&moderated[..]));
    }

    #[test]
    fn a_force_id_given_apart_from_its_name_merges_and_reads_back() {
        let registry = wide();
        let text = |force: &str, id: Option<&str>, criterion: &str| {
            let id = id.map(|id| format!("force_id: {id}\n")).unwrap_or_default();
            format!(
                "force: {force}\n{id}cycle: \"2024\"\nrubric: wide\njudgements:\n  \
                 - {{criterion: {criterion}, judgement: partly}}\n"
            )
        };
        let files = [
            text("Kent Police", Some("kent"), "first-0"),
            text("Kent Police", None, "first-1"),
            text("Kent Constabulary", Some("kent"), "first-2"),
            text("Kent", None, "first-3"),
            text("Essex Police", Some("essex-police"), "first-4"),
        ];
        let mut merger = Merger::with_capacity(&registry, files.len(), false);
        for (at, text) in files.iter().enumerate() {
            let file = parse_evidence("e.yaml", text, &registry).expect("the evidence parses");
            merger.add(file, at as u32);
        }
        let names = |_: u32| Arc::from("e.yaml");
        let (store, _) = merger.finish(&names, &|_| None).expect("no clash");
        let keys: Vec<(&str, &str)> = store.keys().map(|(name, id, _, _)| (name, id)).collect();
        assert_eq!(
            keys,
            [
                ("Essex Police", "essex-police"),
                ("Kent Police", "kent"),
                ("Kent Police", "kent-police")
            ]
        );
        let kent = &store.forces(&names)[1];
        let judged: Vec<u32> = kent.judgements.iter().map(|j| j.index).collect();
        assert_eq!(
            judged,
            [0, 2, 3],
            "the files whose id is kent, given or slugged"
        );
    }
}
