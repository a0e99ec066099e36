//! Evidence folded into its force-cycle as each file arrives: a file is added once,
//! in the run's order, and dropped; nothing is read again. A criterion judged twice
//! or an area moderated twice is found as the second file is added, naming both
//! places; names that look like typos of one another are found once every file is in.

use std::collections::HashMap;
use std::sync::Arc;

use super::{EvidenceFile, ForceEvidence, Place};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::rubric::{Registry, Rubric};
use crate::suggest::Names;

/// Most near-miss warnings given; past this a count of the rest is given.
const MAX_NEAR_MISS_WARNINGS: usize = 20;

/// A force or cycle as first written, and how many files use it.
#[derive(Debug)]
struct Spelling {
    /// The force's id or the cycle's label: what near misses are told by.
    key: String,
    /// The force's name as first written (for a cycle, its label).
    shown: String,
    files: u32,
    /// Where it was first written.
    first: Place,
    /// Whether a file of it is judged against a built-in PEEL rubric, whose forces are
    /// the 43 of England and Wales.
    national: bool,
}

/// Spellings found by their key, in order of first use.
#[derive(Debug, Default)]
struct Spellings {
    all: Vec<Spelling>,
    by_key: HashMap<String, usize>,
}

impl Spellings {
    /// The number of the spelling `key`, counting one more file of it; `first` says
    /// how it was written, for a key not seen before.
    fn note(&mut self, key: &str, first: impl FnOnce() -> (String, Place)) -> usize {
        let at = match self.by_key.get(key) {
            Some(&at) => at,
            None => {
                let (shown, place) = first();
                self.all.push(Spelling {
                    key: key.to_string(),
                    shown,
                    files: 0,
                    first: place,
                    national: false,
                });
                self.by_key.insert(key.to_string(), self.all.len() - 1);
                self.all.len() - 1
            }
        };
        self.all[at].files += 1;
        at
    }
}

impl Names for Spellings {
    fn count(&self) -> usize {
        self.all.len()
    }

    fn name(&self, at: usize) -> &str {
        &self.all[at].key
    }
}

/// Evidence merged as files are added, one force-cycle at a time.
pub struct Merger<'r> {
    registry: &'r Registry,
    /// The rubrics used, so that a force-cycle's key holds a number, not an id.
    rubrics: Vec<Arc<Rubric>>,
    /// Each force-cycle's position in `evidence`, by force, cycle and rubric number.
    groups: HashMap<(usize, usize, usize), usize>,
    evidence: Vec<ForceEvidence>,
    forces: Spellings,
    cycles: Spellings,
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// The cycle and rubric pairs (by number) looked at for a cycle the rubric does
    /// not serve: each is looked at once, not once a file.
    unserved: std::collections::HashSet<(usize, usize)>,
    /// Warnings of cycles their rubric does not serve, by cycle.
    unserved_warnings: Vec<(String, Diagnostic)>,
}

impl<'r> Merger<'r> {
    /// A merger of evidence judged against the rubrics of `registry`.
    pub fn new(registry: &'r Registry) -> Self {
        Merger {
            registry,
            rubrics: Vec::new(),
            groups: HashMap::new(),
            evidence: Vec::new(),
            forces: Spellings::default(),
            cycles: Spellings::default(),
            problems: Vec::new(),
            warnings: Vec::new(),
            unserved: std::collections::HashSet::new(),
            unserved_warnings: Vec::new(),
        }
    }

    /// Adds the next file of the run to its force-cycle's evidence: files of one
    /// force-cycle merge in the order they are added.
    pub fn add(&mut self, mut file: EvidenceFile) {
        self.warnings.append(&mut file.warnings);
        let force = self.forces.note(&file.force_id, || {
            (file.force.clone(), file.force_place.clone())
        });
        let cycle = self.cycles.note(&file.cycle, || {
            (file.cycle.clone(), file.cycle_place.clone())
        });
        let Some(rubric) = self.registry.get(&file.rubric) else {
            return; // parse_evidence has already reported it
        };
        let number = match self.rubrics.iter().position(|r| Arc::ptr_eq(r, rubric)) {
            Some(at) => at,
            None => {
                self.rubrics.push(Arc::clone(rubric));
                self.rubrics.len() - 1
            }
        };
        if crate::model::rubric::built_in_rubric_ids().any(|id| id == file.rubric) {
            self.forces.all[force].national = true;
        }
        if self.unserved.insert((cycle, number))
            && let Some(warning) = unserved_cycle(&file, rubric)
        {
            self.unserved_warnings.push((file.cycle.clone(), warning));
        }
        let evidence = &mut self.evidence;
        let group = *self
            .groups
            .entry((force, cycle, number))
            .or_insert_with(|| {
                evidence.push(ForceEvidence::new(
                    std::mem::take(&mut file.force),
                    std::mem::take(&mut file.force_id),
                    std::mem::take(&mut file.cycle),
                    Arc::clone(rubric),
                ));
                evidence.len() - 1
            });
        self.evidence[group].add(file, &mut self.problems);
    }

    /// The evidence of every force-cycle, ordered by force id, cycle and rubric, with
    /// the warnings; or every clash found between files, each naming both places.
    pub fn finish(mut self) -> Result<Merged, Diagnostics> {
        if !self.problems.is_empty() {
            return Err(Diagnostics(self.problems));
        }
        let mut forces = self.evidence;
        // The names are looked over while the force-cycles are sorted, on every core.
        let ((near, near_cycles), (unknown, ())) = rayon::join(
            || near_misses(&self.forces, &self.cycles),
            || {
                rayon::join(
                    || unknown_forces(&self.forces),
                    || sort_in_report_order(&mut forces),
                )
            },
        );
        // A cycle warned about as a near miss of another is not warned about twice.
        self.warnings.extend(
            self.unserved_warnings
                .into_iter()
                .filter(|(cycle, _)| !near_cycles.contains(cycle))
                .map(|(_, warning)| warning),
        );
        self.warnings.extend(near);
        self.warnings.extend(unknown);
        Ok(Merged {
            forces,
            warnings: self.warnings,
        })
    }
}

/// Sorts force-cycles into report order: force id, cycle, rubric id.
fn sort_in_report_order(forces: &mut [ForceEvidence]) {
    // No two force-cycles share a key: an unstable sort gives the one order.
    forces.sort_unstable_by(|a, b| {
        (&a.force_id, &a.cycle, &a.rubric.id).cmp(&(&b.force_id, &b.cycle, &b.rubric.id))
    });
}

/// Evidence merged per force, cycle and rubric, with any warnings about near-miss names.
#[derive(Debug, Default)]
pub struct Merged {
    /// Each force-cycle's evidence, in report order (force id, cycle, rubric id).
    pub forces: Vec<ForceEvidence>,
    /// Warnings for the user, located: a force name or cycle that looks like a typo
    /// of another, text lost to a YAML comment.
    pub warnings: Vec<Diagnostic>,
}

/// Merges files of the same force id, cycle and rubric, in their order; a criterion
/// judged twice or an area moderated twice across them is an error naming both places.
pub fn merge(files: Vec<EvidenceFile>, registry: &Registry) -> Result<Merged, Diagnostics> {
    let mut merger = Merger::new(registry);
    for file in files {
        merger.add(file);
    }
    merger.finish()
}

/// A warning at each force or cycle spelling that looks like a typo of another, in
/// the order of their keys, forces first: at most [`MAX_NEAR_MISS_WARNINGS`], then a
/// count of the rest.
fn near_misses(
    forces: &Spellings,
    cycles: &Spellings,
) -> (Vec<Diagnostic>, std::collections::HashSet<String>) {
    let mut warnings = Vec::new();
    let mut paired_cycles = std::collections::HashSet::new();
    let (mut found, mut uncounted) = (0, false);
    for (what, spellings) in [("force", forces), ("cycle", cycles)] {
        let (pairs, gave_up) = sorted_pairs(spellings);
        if what == "cycle" {
            for &(a, b) in &pairs {
                paired_cycles.insert(spellings.all[a].key.clone());
                paired_cycles.insert(spellings.all[b].key.clone());
            }
        }
        found += pairs.len();
        uncounted |= gave_up;
        let room = MAX_NEAR_MISS_WARNINGS - warnings.len();
        warnings.extend(pairs.into_iter().take(room).map(|(a, b)| {
            let (a, b) = (&spellings.all[a], &spellings.all[b]);
            near_miss_warning(
                what,
                (&a.shown, a.files, &a.first),
                (&b.shown, b.files, &b.first),
            )
        }));
    }
    if found > warnings.len() {
        let rest = found - warnings.len();
        let at_least = if uncounted { "at least " } else { "" };
        warnings.push(Diagnostic::file(
            "",
            format!("… and {at_least}{rest} more near-miss names"),
        ));
    }
    (warnings, paired_cycles)
}

/// A warning at the cycle of `file` when its rubric lists its cycles and this is not
/// one of them as written: another way of writing one ("2023–25"), or none of them
/// ("2023/2025"), with the spelling to use.
fn unserved_cycle(file: &EvidenceFile, rubric: &Rubric) -> Option<Diagnostic> {
    if rubric.cycles.is_empty() || rubric.cycles.contains(&file.cycle) {
        return None;
    }
    let listed = rubric.cycles.join(", ");
    let message = match rubric
        .cycles
        .iter()
        .find(|c| crate::model::ids::same_cycle(c, &file.cycle))
    {
        Some(canonical) => format!(
            "cycle \"{}\" is written \"{canonical}\" in {}: write it so, for files that spell a cycle two ways are graded apart",
            file.cycle, rubric.id
        ),
        None => {
            let like =
                crate::suggest::did_you_mean(&file.cycle, rubric.cycles.iter().map(String::as_str))
                    .map(|c| format!(" (did you mean \"{c}\"?)"))
                    .unwrap_or_default();
            format!(
                "cycle \"{}\" is not a cycle of {} ({listed}){like}; it is graded as a cycle of its own",
                file.cycle, rubric.id
            )
        }
    };
    Some(file.cycle_place.diagnostic(message))
}

/// A warning at each force of a built-in rubric's evidence that is none of the 43
/// forces of England and Wales but looks like one of them ("Kent" for "Kent Police").
fn unknown_forces(forces: &Spellings) -> Vec<Diagnostic> {
    use crate::model::forces::ENGLAND_AND_WALES;
    let known: std::collections::HashSet<String> = ENGLAND_AND_WALES
        .iter()
        .map(|name| crate::model::ids::slug(name))
        .collect();
    forces
        .all
        .iter()
        .filter(|f| f.national && !known.contains(&f.key))
        .filter_map(|f| {
            let like = crate::suggest::did_you_mean(&f.shown, ENGLAND_AND_WALES)?;
            // A spelling of a force other files use is a near miss, warned about as one.
            if forces.by_key.contains_key(&crate::model::ids::slug(like)) {
                return None;
            }
            Some(f.first.diagnostic(format!(
                "force \"{}\" is not one of the 43 forces of England and Wales (did you mean \"{like}\"?); it is graded under the name given",
                f.shown
            )))
        })
        .take(MAX_NEAR_MISS_WARNINGS)
        .collect()
}

/// Candidate pairs of spellings looked at before the count of near misses gives up:
/// enough for every real corpus, few enough to hold when every name is one letter from
/// every other.
const NEAR_MISS_BUDGET: usize = 100_000;

/// The pairs of spellings a typo apart, each pair and the pairs in the order of their
/// keys, as if the keys had been sorted first; `true` if there were too many to find
/// them all.
fn sorted_pairs(spellings: &Spellings) -> (Vec<(usize, usize)>, bool) {
    let key = |at: usize| spellings.name(at);
    let (pairs, gave_up) = crate::suggest::near_miss_pairs_up_to(spellings, NEAR_MISS_BUDGET);
    let mut pairs: Vec<(usize, usize)> = pairs
        .into_iter()
        .map(|(a, b)| if key(a) < key(b) { (a, b) } else { (b, a) })
        .collect();
    pairs.sort_unstable_by(|&(a, b), &(c, d)| (key(a), key(b)).cmp(&(key(c), key(d))));
    (pairs, gave_up)
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
mod tests;
