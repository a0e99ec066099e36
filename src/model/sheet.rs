//! The grade sheet: one force, one cycle, one rubric, a grade per area with its
//! reasons. `grade` makes one from evidence; published grades are one.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::evidence::{FindingKind, Judgement, Place};
use crate::model::grade::Grade;

/// Where a sheet's grades came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Computed by peel from evidence.
    Evidence,
    /// Read from published grades.
    Published,
}

impl Source {
    /// The word used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Evidence => "evidence",
            Source::Published => "published",
        }
    }
}

/// Whether an area had enough evidence to compute a grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Enough criteria were judged.
    Graded,
    /// Too few criteria were judged to compute a grade.
    InsufficientEvidence,
}

impl Status {
    /// The word used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Graded => "graded",
            Status::InsufficientEvidence => "insufficient_evidence",
        }
    }
}

/// The rule behind a ceiling on a grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CeilingRule {
    /// The area has a cause of concern.
    CauseOfConcern,
    /// A critical criterion was judged not demonstrated.
    CriticalNotDemonstrated,
    /// The area has more areas for improvement than a grade allows.
    MaxAreasForImprovement,
}

impl CeilingRule {
    /// The word used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            CeilingRule::CauseOfConcern => "cause_of_concern",
            CeilingRule::CriticalNotDemonstrated => "critical_not_demonstrated",
            CeilingRule::MaxAreasForImprovement => "max_areas_for_improvement",
        }
    }

    /// The words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            CeilingRule::CauseOfConcern => "cause of concern",
            CeilingRule::CriticalNotDemonstrated => "critical criterion not demonstrated",
            CeilingRule::MaxAreasForImprovement => "areas for improvement",
        }
    }
}

/// A ceiling that applied to an area, whether or not it lowered the grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ceiling {
    /// Which rule.
    pub rule: CeilingRule,
    /// The highest grade the rule allows.
    pub grade: Grade,
    /// The finding text, criterion id or count behind it.
    pub because: String,
}

/// A moderated grade as it appears in a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModerationNote {
    /// The moderated grade.
    pub grade: Grade,
    /// Why.
    pub reason: String,
    /// The evidence file that moderated it.
    pub file: String,
    /// The line of that file where the moderation was written, where known.
    pub line: Option<u64>,
}

/// One criterion of an area as the evidence judged it: what `--explain` lists for
/// every criterion, judged or not, so a reader can retrace the score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionReason {
    /// The criterion's id.
    pub criterion: String,
    /// The judgement; not assessed where the evidence gives none.
    pub judgement: Judgement,
    /// What the judgement adds to the score (weight × points); `None` when not
    /// assessed, since such a criterion counts towards neither score nor maximum.
    pub points: Option<u64>,
    /// Whether the rubric marks the criterion critical.
    pub critical: bool,
    /// The inspector's note, if any (kept only with `--explain`).
    pub note: Option<String>,
    /// Where the evidence came from, such as a report section (kept only with `--explain`).
    pub source: Option<String>,
    /// Where the judgement was written; `None` where the evidence has none.
    pub place: Option<Place>,
}

/// What `--explain` prints beyond the reasons: every criterion, unjudged texts, findings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Explanation {
    /// Criteria left unjudged (id and text), listed when coverage falls short.
    pub unjudged: Vec<(String, String)>,
    /// Every criterion of the area with its judgement, in rubric order.
    pub criteria: Vec<CriterionReason>,
    /// Findings in the area.
    pub findings: Vec<(FindingKind, String)>,
}

/// How an area's grade was computed from evidence, and the reasons for it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Computed {
    /// The grade after ceilings, before moderation.
    pub computed_grade: Option<Grade>,
    /// The grade from the score alone.
    pub band_grade: Option<Grade>,
    /// Score as a percentage of the maximum, one decimal.
    pub score_percent: Option<f64>,
    /// Weight judged as a percentage of all weight, one decimal.
    pub coverage_percent: Option<f64>,
    /// The coverage percentage the rubric requires for a computed grade; `None` for
    /// published grades.
    pub coverage_required: Option<u64>,
    /// Number of causes of concern.
    pub causes_of_concern: Option<u64>,
    /// Number of areas for improvement.
    pub areas_for_improvement: Option<u64>,
    /// Every ceiling that applied.
    pub ceilings: Vec<Ceiling>,
}

/// One area's grade and the reasons for it.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaGrade {
    /// The area id.
    pub id: Arc<str>,
    /// The area title.
    pub title: Arc<str>,
    /// The final grade; `None` where ungraded.
    pub grade: Option<Grade>,
    /// Graded or insufficient evidence; `None` for a published area not graded.
    pub status: Option<Status>,
    /// How the grade was computed from evidence; `None` for published grades, so that
    /// a sheet of many published areas stays small.
    pub computed: Option<Box<Computed>>,
    /// The moderation, if the grade was moderated (boxed: few areas are).
    pub moderation: Option<Box<ModerationNote>>,
    /// What `--explain` shows beyond the reasons; `None` without `--explain` and for
    /// published grades, so that a sheet of many areas stays small.
    pub explanation: Option<Box<Explanation>>,
}

impl AreaGrade {
    /// An area of a published sheet: a grade and nothing else.
    pub fn published(id: Arc<str>, title: Arc<str>, grade: Option<Grade>) -> Self {
        AreaGrade {
            id,
            title,
            status: grade.map(|_| Status::Graded),
            grade,
            computed: None,
            moderation: None,
            explanation: None,
        }
    }
}

/// What a published area has of a computation: nothing.
static NOT_COMPUTED: Computed = Computed {
    computed_grade: None,
    band_grade: None,
    score_percent: None,
    coverage_percent: None,
    coverage_required: None,
    causes_of_concern: None,
    areas_for_improvement: None,
    ceilings: Vec::new(),
};

/// The explanation of an area graded without `--explain`: nothing.
static NO_EXPLANATION: Explanation = Explanation {
    criteria: Vec::new(),
    unjudged: Vec::new(),
    findings: Vec::new(),
};

impl AreaGrade {
    /// How the grade was computed; nothing for a published grade.
    pub fn computed(&self) -> &Computed {
        self.computed.as_deref().unwrap_or(&NOT_COMPUTED)
    }

    /// The computation, to fill in.
    pub fn computed_mut(&mut self) -> &mut Computed {
        self.computed.get_or_insert_with(Box::default)
    }

    /// What `--explain` shows beyond the reasons; empty without it.
    pub fn explanation(&self) -> &Explanation {
        self.explanation.as_deref().unwrap_or(&NO_EXPLANATION)
    }

    /// The explanation, to fill in.
    pub fn explanation_mut(&mut self) -> &mut Explanation {
        self.explanation.get_or_insert_with(Box::default)
    }

    /// Whether a ceiling bound the grade: it set the computed grade, below the band
    /// grade. A ceiling of good over an adequate band applied but did not bind.
    pub fn binds(&self, ceiling: &Ceiling) -> bool {
        Some(ceiling.grade) < self.computed().band_grade
            && Some(ceiling.grade) == self.computed().computed_grade
    }

    /// Whether the area was moderated although its evidence was too thin to compute a
    /// grade: allowed, but a reader should be told.
    pub fn moderated_without_evidence(&self) -> bool {
        self.moderation.is_some() && self.status == Some(Status::InsufficientEvidence)
    }
}

/// The grades of one force for one cycle against one rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The force's name.
    pub force: String,
    /// The force's id.
    pub force_id: String,
    /// The cycle's label.
    pub cycle: String,
    /// The rubric id.
    pub rubric: String,
    /// Evidence or published.
    pub source: Source,
    /// Where published grades came from.
    pub url: Option<String>,
    /// Areas in table order: final grade, inadequate first; ties in rubric order; ungraded last.
    pub areas: Vec<AreaGrade>,
}

/// How many areas have each final grade, and how many are ungraded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// Count per grade.
    pub counts: BTreeMap<Grade, u64>,
    /// Areas with no final grade.
    pub ungraded: u64,
}

impl Summary {
    /// Counts the final grades of `areas`.
    pub fn of<'a>(areas: impl IntoIterator<Item = &'a AreaGrade>) -> Self {
        let mut summary = Summary::default();
        for area in areas {
            summary.add(area.grade);
        }
        summary
    }

    /// Counts one more grade (or an ungraded area).
    pub fn add(&mut self, grade: Option<Grade>) {
        match grade {
            Some(grade) => *self.counts.entry(grade).or_default() += 1,
            None => self.ungraded += 1,
        }
    }

    /// The count for `grade`.
    pub fn count(&self, grade: Grade) -> u64 {
        self.counts.get(&grade).copied().unwrap_or(0)
    }
}

impl Sheet {
    /// Counts of each final grade.
    pub fn summary(&self) -> Summary {
        Summary::of(&self.areas)
    }

    /// The lowest final grade, if any area is graded.
    pub fn worst(&self) -> Option<Grade> {
        self.areas.iter().filter_map(|a| a.grade).min()
    }
}

/// Each force's newest sheets (of its latest cycle label, as cycles sort) of
/// `sheets`: one, or several where sheets of one cycle come from several sources
/// (draft evidence beside published grades).
pub fn newest_per_force(mut sheets: Vec<Sheet>) -> Vec<Sheet> {
    sheets.sort_by(|a, b| (&a.force_id, &a.cycle).cmp(&(&b.force_id, &b.cycle)));
    // Sorted, a force's sheets are together and its newest cycle is its last: kept in
    // place, for a run may hold many sheets.
    let mut keep = vec![false; sheets.len()];
    let mut newest: Option<(&str, &str)> = None;
    for (at, sheet) in sheets.iter().enumerate().rev() {
        if newest.is_none_or(|(force, _)| force != sheet.force_id) {
            newest = Some((&sheet.force_id, &sheet.cycle));
        }
        keep[at] = newest.is_some_and(|(_, cycle)| cycle == sheet.cycle);
    }
    let mut kept = keep.into_iter();
    sheets.retain(|_| kept.next().unwrap_or(false));
    sheets
}

#[cfg(test)]
impl Sheet {
    /// A published sheet of `force` with the grades given, for tests of diff and compare.
    pub fn of_grades(force: &str, cycle: &str, rubric: &str, grades: &[(&str, Grade)]) -> Sheet {
        Sheet {
            force: force.into(),
            force_id: crate::model::ids::slug(force),
            cycle: cycle.into(),
            rubric: rubric.into(),
            source: Source::Published,
            url: None,
            areas: grades
                .iter()
                .map(|(id, g)| AreaGrade::published(Arc::from(*id), Arc::from(*id), Some(*g)))
                .collect(),
        }
    }
}

/// Sorts areas into table order, given each area's position in the rubric.
pub fn sort_table_order(areas: &mut [AreaGrade], rubric_position: impl Fn(&str) -> usize) {
    areas.sort_by_key(|area| (area.grade.is_none(), area.grade, rubric_position(&area.id)));
}
