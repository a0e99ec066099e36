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
mod tests {
    use super::*;
    use crate::model::evidence::Judgement;
    use crate::read::evidence::parse_evidence;
    use crate::read::rubric::parse_rubric;

    /// A rubric of two areas and 70 criteria.
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
        let problems = merge(vec![a, b], &registry).expect_err("a clash");
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
        let forces = merge(files, &registry).expect("no clash").forces;
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
    fn a_clash_is_located_from_what_was_read_once_even_without_notes() {
        let registry = wide();
        let mut a = file(&registry, "a.yaml", "Kent", &[("first-3", "partly")]);
        let mut b = file(&registry, "b.yaml", "Kent", &[("first-3", "exceeded")]);
        a.forget_notes();
        b.forget_notes();
        let problems = merge(vec![a, b], &registry).expect_err("a clash");
        assert_eq!(
            problems.0[0].to_string(),
            "b.yaml:5:16: criterion \"first-3\" is judged twice for Kent 2024: here and at a.yaml:5:16"
        );
    }

    #[test]
    fn many_force_cycles_sort_into_report_order_keeping_each_ones_files_in_order() {
        let registry = wide();
        // 40 forces × 3 cycles, two files each, added in a scrambled order.
        let mut plan: Vec<(usize, usize, usize)> = Vec::new();
        for force in 0..40 {
            for cycle in 0..3 {
                plan.extend([(force, cycle, 0), (force, cycle, 1)]);
            }
        }
        let mut order: Vec<usize> = (0..plan.len()).collect();
        order.sort_by_key(|&at| (at * 7919) % plan.len());
        let mut merger = Merger::new(&registry);
        for &at in &order {
            let (force, cycle, part) = plan[at];
            let text = format!(
                "force: Force {force:02}\ncycle: \"20{cycle:02}\"\nrubric: wide\njudgements:\n  \
                 - criterion: first-{part}\n    judgement: partly\nfindings:\n  \
                 - {{kind: area_for_improvement, area: first, text: \"{part}\"}}\n"
            );
            let file = parse_evidence("e.yaml", &text, &registry).expect("the evidence parses");
            merger.add(file);
        }
        let merged = merger.finish().expect("no clash");
        let keys: Vec<(String, String)> = merged
            .forces
            .iter()
            .map(|f| (f.force_id.clone(), f.cycle.clone()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys.len(), 120);
        assert_eq!(keys, sorted, "report order");
        let mut later_first = 0;
        for force in &merged.forces {
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
        let files = files
            .iter()
            .map(|text| parse_evidence("e.yaml", text, &registry).expect("the evidence parses"))
            .collect();
        let forces = merge(files, &registry).expect("no clash").forces;
        let keys: Vec<(&str, &str)> = forces
            .iter()
            .map(|f| (f.force.as_str(), f.force_id.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("Essex Police", "essex-police"),
                ("Kent Police", "kent"),
                ("Kent Police", "kent-police")
            ]
        );
        let judged: Vec<u32> = forces[1].judgements.iter().map(|j| j.index).collect();
        assert_eq!(
            judged,
            [0, 2, 3],
            "the files whose id is kent, given or slugged"
        );
    }

    #[test]
    fn near_misses_warn_at_the_spelling_fewer_files_use() {
        let registry = wide();
        let files = vec![
            file(&registry, "a.yaml", "Lancashire", &[("first-0", "partly")]),
            file(&registry, "b.yaml", "Lancashire", &[("first-1", "partly")]),
            file(&registry, "c.yaml", "Lancashir", &[("first-2", "partly")]),
        ];
        let warnings = merge(files, &registry).expect("no clash").warnings;
        let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(
            shown[0].starts_with("c.yaml:1:8: force \"Lancashir\" looks like a typo of \"Lancashire\", which 2 files use"),
            "{shown:?}"
        );
    }

    #[test]
    fn cycles_each_a_letter_from_every_other_are_not_all_paired() {
        // Issue 24: 10,000 cycles one letter apart in the same place made every pair
        // (some 50 million) to print 20 warnings. 3,000 here would make 4.5 million.
        let mut cycles = Spellings::default();
        for n in 0..3000u32 {
            let letter = char::from_u32(0x4e00 + n).expect("a CJK letter");
            let place = Place {
                path: Arc::from("e.yaml"),
                line: 2,
                column: 8,
            };
            cycles.note(&format!("cycle {letter}"), || {
                (format!("cycle {letter}"), place)
            });
        }
        let (warnings, _) = near_misses(&Spellings::default(), &cycles);
        assert_eq!(warnings.len(), MAX_NEAR_MISS_WARNINGS + 1);
        let last = warnings.last().expect("a count of the rest").to_string();
        assert!(
            last.starts_with("… and at least "),
            "the count gave up: {last}"
        );
    }
}
