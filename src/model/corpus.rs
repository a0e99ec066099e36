//! Everything a run's inputs hold once read: published sheets as they are, and
//! evidence merged per force-cycle, not yet graded.

use std::collections::BTreeSet;

use crate::diag::Diagnostic;
use crate::model::evidence::{ForceEvidence, Merged};
use crate::model::sheet::Sheet;

/// Every input read: published sheets and merged evidence, each in report order.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Published sheets, ordered by force id, then cycle (input order on ties).
    pub published: Vec<Sheet>,
    /// Evidence per force-cycle, ordered by force id, cycle and rubric id.
    pub evidence: Vec<ForceEvidence>,
    /// Warnings for the user, located.
    pub warnings: Vec<Diagnostic>,
}

impl Corpus {
    /// Merged evidence alone (the bundled example).
    pub fn from_evidence(merged: Merged) -> Corpus {
        Corpus {
            published: Vec::new(),
            evidence: merged.forces,
            warnings: merged.warnings,
        }
    }

    /// Whether the inputs held no sheet at all.
    pub fn is_empty(&self) -> bool {
        self.published.is_empty() && self.evidence.is_empty()
    }

    /// The force, force id and cycle of every sheet, in report order, before grading.
    pub fn keys(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        let published = self
            .published
            .iter()
            .map(|s| (s.force.as_str(), s.force_id.as_str(), s.cycle.as_str()));
        let evidence = self
            .evidence
            .iter()
            .map(|e| (e.force.as_str(), e.force_id.as_str(), e.cycle.as_str()));
        published.chain(evidence)
    }

    /// The ids of the rubrics the sheets are graded against.
    pub fn rubric_ids(&self) -> BTreeSet<&str> {
        let published = self.published.iter().map(|s| s.rubric.as_str());
        let evidence = self.evidence.iter().map(|e| e.rubric.id.as_str());
        published.chain(evidence).collect()
    }

    /// Keeps the sheets and evidence `keep` accepts (force name, id, cycle), before
    /// any is graded.
    pub fn retain(&mut self, keep: impl Fn(&str, &str, &str) -> bool) {
        self.published
            .retain(|s| keep(&s.force, &s.force_id, &s.cycle));
        self.evidence
            .retain(|e| keep(&e.force, &e.force_id, &e.cycle));
    }

    /// The warnings as the user reads them.
    pub fn warning_lines(&self) -> Vec<String> {
        self.warnings.iter().map(ToString::to_string).collect()
    }
}
