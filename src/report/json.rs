//! JSON for scripts: the `peel.grades/1` schema of SPEC §8, every key always present.

use std::io::Write;

use serde::Serialize;
use serde::ser::SerializeMap;

use super::diagnostic_fields;
use super::{ReportOptions, Reporter, write_each};
use crate::diag::CheckReport;
use crate::engine::compare::Matrix;
use crate::engine::diff::{DiffReport, Movement, Side};
use crate::model::grade::Grade;
use crate::model::rubric::Rubric;
use crate::model::sheet::{AreaGrade, Sheet, Summary};

/// Renders sheets as `peel.grades/1` JSON.
pub struct JsonReporter {
    /// With `explain`, every area lists its criteria's judgements.
    pub options: ReportOptions,
}

/// The schema id of `grade --format json`.
pub const GRADES_SCHEMA: &str = "peel.grades/1";
/// The schema id of `diff --format json`.
const DIFF_SCHEMA: &str = "peel.diff/1";
/// The schema id of `compare --format json`.
const COMPARE_SCHEMA: &str = "peel.compare/1";

/// A JSON object whose keys keep the order given (areas in column order, movements
/// in the order of the schema), where a BTreeMap would sort them.
struct OrderedMap<'a, V>(Vec<(&'a str, V)>);

impl<V: Serialize> Serialize for OrderedMap<'_, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct CheckDoc<'a> {
    schema: &'static str,
    files: usize,
    problems: Vec<ProblemJson<'a>>,
    warnings: Vec<ProblemJson<'a>>,
}

#[derive(Serialize)]
struct ProblemJson<'a> {
    path: &'a str,
    line: Option<u64>,
    column: Option<u64>,
    field: Option<&'a str>,
    message: &'a str,
}

fn problem_json(p: &crate::diag::Diagnostic) -> ProblemJson<'_> {
    let (line, column, field) = diagnostic_fields(p);
    ProblemJson {
        path: &p.path,
        line,
        column,
        field,
        message: &p.message,
    }
}

#[derive(Serialize)]
struct RubricJson<'a> {
    rubric: &'a str,
    title: &'a str,
    replaces: Option<&'a str>,
    origin: &'a str,
    areas: Vec<RubricAreaJson<'a>>,
}

#[derive(Serialize)]
struct RubricAreaJson<'a> {
    id: &'a str,
    title: &'a str,
    optional: bool,
    formerly: &'a [String],
    criteria: Vec<CriterionJson<'a>>,
}

#[derive(Serialize)]
struct CriterionJson<'a> {
    id: &'a str,
    text: &'a str,
    weight: u64,
    critical: bool,
}

fn rubric_json(rubric: &Rubric) -> RubricJson<'_> {
    RubricJson {
        rubric: &rubric.id,
        title: &rubric.title,
        replaces: rubric.replaces.as_deref(),
        origin: &rubric.origin,
        areas: rubric
            .areas
            .iter()
            .map(|a| RubricAreaJson {
                id: &a.id,
                title: &a.title,
                optional: a.optional,
                formerly: &a.formerly,
                criteria: a
                    .criteria
                    .iter()
                    .map(|c| CriterionJson {
                        id: &c.id,
                        text: &c.text,
                        weight: c.weight,
                        critical: c.critical,
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn forces(list: &[(String, String)]) -> Vec<ForceJson<'_>> {
    list.iter()
        .map(|(force, force_id)| ForceJson { force, force_id })
        .collect()
}

/// serde_json's pretty output (two spaces a level), starting at any depth, with
/// bidirectional overrides escaped too: serde_json escapes control characters but not
/// those, and JSON shown in a terminal must not reorder what a reader sees (they occur
/// only inside strings). Starting deeper lets a sheet be written straight into its
/// place in the `sheets` array.
struct Pretty {
    /// How many levels deep the next line is indented.
    depth: usize,
    /// Whether the object or array being written has a value yet.
    has_value: bool,
}

impl Pretty {
    /// A formatter whose outermost value sits `depth` levels deep.
    fn at(depth: usize) -> Self {
        Pretty {
            depth,
            has_value: false,
        }
    }

    /// Ends a line and indents the next to the current depth.
    fn newline<W: ?Sized + Write>(&self, w: &mut W, comma: bool) -> std::io::Result<()> {
        const SPACES: &[u8] = b",\n                                                              ";
        let from = usize::from(!comma);
        let to = 2 + 2 * self.depth;
        if to <= SPACES.len() {
            return w.write_all(&SPACES[from..to]);
        }
        w.write_all(&SPACES[from..2])?;
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    /// Opens an array or object with `bracket`, one level deeper.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Closes an array or object with `bracket`, on a line of its own if it held any.
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w, false)?;
        }
        w.write_all(bracket)
    }
}

/// About the bytes one sheet takes in pretty JSON: room made once, not grown.
const SHEET_BYTES: usize = 8 * 1024;

/// Whether `c` reorders the text around it.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

impl serde_json::ser::Formatter for Pretty {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // Every override is encoded starting with byte 0xE2: most text has none.
        if !fragment.as_bytes().contains(&0xE2) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut rest = fragment;
        while let Some(at) = rest.find(is_bidi) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, !first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, !first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes `doc` to `out` as pretty JSON with a final newline, bidi overrides escaped.
fn write_pretty<T: Serialize>(doc: &T, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, Pretty::at(0));
    doc.serialize(&mut serializer)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// [`write_pretty`] into a string, for the reports small enough to build whole.
fn pretty<T: Serialize>(doc: &T) -> anyhow::Result<String> {
    let mut text = Vec::new();
    write_pretty(doc, &mut text)?;
    Ok(String::from_utf8(text)?)
}

#[derive(Serialize)]
struct DiffDoc<'a> {
    schema: &'static str,
    diffs: Vec<ForceDiffJson<'a>>,
    /// Forces found on one side only: reported, not an error.
    unpaired: UnpairedJson<'a>,
    /// Per area, across every force diffed: how many moved which way, and the net steps.
    totals: OrderedMap<'a, OrderedMap<'a, i64>>,
}

#[derive(Serialize)]
struct UnpairedJson<'a> {
    old: Vec<ForceJson<'a>>,
    new: Vec<ForceJson<'a>>,
}

#[derive(Serialize)]
struct ForceJson<'a> {
    force: &'a str,
    force_id: &'a str,
}

#[derive(Serialize)]
struct SideJson<'a> {
    cycle: &'a str,
    rubric: &'a str,
}

impl<'a> From<&'a Side> for SideJson<'a> {
    fn from(side: &'a Side) -> Self {
        SideJson {
            cycle: &side.cycle,
            rubric: &side.rubric,
        }
    }
}

#[derive(Serialize)]
struct ForceDiffJson<'a> {
    force: &'a str,
    force_id: &'a str,
    old: SideJson<'a>,
    new: SideJson<'a>,
    summary: OrderedMap<'static, u64>,
    rows: Vec<DiffRowJson<'a>>,
}

#[derive(Serialize)]
struct DiffRowJson<'a> {
    area: &'a str,
    title: &'a str,
    old_areas: &'a [String],
    old_grades: &'a [Option<Grade>],
    new_grade: Option<Grade>,
    movement: &'static str,
    steps: Option<i64>,
}

#[derive(Serialize)]
struct CompareDoc<'a> {
    schema: &'static str,
    rubric: &'a str,
    areas: Vec<&'a str>,
    rows: Vec<CompareRowJson<'a>>,
    /// The newest cycle's totals (every row when they are all one cycle).
    totals: OrderedMap<'a, SummaryJson>,
    /// Totals per cycle: two cycles of a force are never added together.
    totals_by_cycle: OrderedMap<'a, OrderedMap<'a, SummaryJson>>,
    /// Graded areas of older sheets that no column shows.
    not_shown: Vec<NotShownJson<'a>>,
}

#[derive(Serialize)]
struct NotShownJson<'a> {
    area: &'a str,
    rubric: &'a str,
    sheets: usize,
    retired: bool,
}

#[derive(Serialize)]
struct CompareRowJson<'a> {
    force: &'a str,
    force_id: &'a str,
    cycle: &'a str,
    rubric: &'a str,
    grades: OrderedMap<'a, Option<Grade>>,
    counts: SummaryJson,
}

fn sheet_json(sheet: &Sheet, explain: bool) -> SheetJson<'_> {
    SheetJson {
        force: &sheet.force,
        force_id: &sheet.force_id,
        cycle: &sheet.cycle,
        rubric: &sheet.rubric,
        source: sheet.source.as_str(),
        url: sheet.url.as_deref(),
        summary: SummaryJson::from(&sheet.summary()),
        areas: sheet
            .areas
            .iter()
            .map(|area| area_json(area, explain))
            .collect(),
    }
}

#[derive(Serialize)]
struct SheetJson<'a> {
    force: &'a str,
    force_id: &'a str,
    cycle: &'a str,
    rubric: &'a str,
    source: &'static str,
    url: Option<&'a str>,
    summary: SummaryJson,
    areas: Vec<AreaJson<'a>>,
}

/// Counts per grade with `ungraded`, as in every summary of the JSON schemas.
#[derive(Serialize)]
pub struct SummaryJson {
    inadequate: u64,
    requires_improvement: u64,
    adequate: u64,
    good: u64,
    outstanding: u64,
    ungraded: u64,
}

impl From<&Summary> for SummaryJson {
    fn from(summary: &Summary) -> Self {
        SummaryJson {
            inadequate: summary.count(Grade::Inadequate),
            requires_improvement: summary.count(Grade::RequiresImprovement),
            adequate: summary.count(Grade::Adequate),
            good: summary.count(Grade::Good),
            outstanding: summary.count(Grade::Outstanding),
            ungraded: summary.ungraded,
        }
    }
}

#[derive(Serialize)]
struct AreaJson<'a> {
    id: &'a str,
    title: &'a str,
    grade: Option<Grade>,
    status: Option<&'static str>,
    computed_grade: Option<Grade>,
    band_grade: Option<Grade>,
    score_percent: Option<f64>,
    coverage_percent: Option<f64>,
    causes_of_concern: Option<u64>,
    areas_for_improvement: Option<u64>,
    ceilings: Vec<CeilingJson<'a>>,
    moderation: Option<ModerationJson<'a>>,
    /// Every criterion with its judgement: filled with `--explain`, else `[]`, so that
    /// the key set stays the same (SPEC §8).
    judgements: Vec<JudgementJson<'a>>,
}

#[derive(Serialize)]
struct CeilingJson<'a> {
    rule: &'static str,
    grade: Grade,
    because: &'a str,
    /// Whether the ceiling set the computed grade below the band grade.
    binds: bool,
}

#[derive(Serialize)]
struct JudgementJson<'a> {
    criterion: &'a str,
    judgement: &'static str,
    /// Weight × points: what the judgement adds to the score; null when not assessed.
    points: Option<u64>,
    note: Option<&'a str>,
    source: Option<&'a str>,
    file: Option<&'a str>,
    line: Option<u64>,
}

#[derive(Serialize)]
struct ModerationJson<'a> {
    grade: Grade,
    reason: &'a str,
    file: &'a str,
}

fn area_json(area: &AreaGrade, explain: bool) -> AreaJson<'_> {
    AreaJson {
        id: &area.id,
        title: &area.title,
        grade: area.grade,
        status: area.status.map(|s| s.as_str()),
        computed_grade: area.computed_grade,
        band_grade: area.band_grade,
        score_percent: area.score_percent,
        coverage_percent: area.coverage_percent,
        causes_of_concern: area.causes_of_concern,
        areas_for_improvement: area.areas_for_improvement,
        ceilings: area
            .ceilings
            .iter()
            .map(|c| CeilingJson {
                rule: c.rule.as_str(),
                grade: c.grade,
                because: &c.because,
                binds: area.binds(c),
            })
            .collect(),
        moderation: area.moderation.as_ref().map(|m| ModerationJson {
            grade: m.grade,
            reason: &m.reason,
            file: &m.file,
        }),
        judgements: if explain {
            area.explanation
                .criteria
                .iter()
                .map(|c| JudgementJson {
                    criterion: &c.criterion,
                    judgement: c.judgement.as_str(),
                    points: c.points,
                    note: c.note.as_deref(),
                    source: c.source.as_deref(),
                    file: c.place.as_ref().map(|p| &*p.path),
                    line: c.place.as_ref().map(|p| p.line),
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}

impl Reporter for JsonReporter {
    fn grades(
        &self,
        sheets: &mut dyn Iterator<Item = Sheet>,
        out: &mut dyn Write,
    ) -> anyhow::Result<()> {
        // The document serde_json would write for `{schema, sheets: [...]}`, with each
        // sheet serialised on its own, a batch at a time on every core, and indented
        // to its place in the array: the same bytes, never the whole document in memory.
        write!(
            out,
            "{{\n  \"schema\": \"{GRADES_SCHEMA}\",\n  \"sheets\": ["
        )?;
        let explain = self.options.explain;
        let written = write_each(sheets, out, b",", &|sheet| {
            let mut placed = Vec::with_capacity(SHEET_BYTES);
            placed.extend_from_slice(b"\n    ");
            let mut serializer = serde_json::Serializer::with_formatter(&mut placed, Pretty::at(2));
            sheet_json(sheet, explain).serialize(&mut serializer)?;
            // A batch of sheets waits to be written: each keeps only what it uses.
            placed.shrink_to_fit();
            Ok(placed)
        })?;
        let close: &[u8] = if written == 0 {
            b"]\n}\n"
        } else {
            b"\n  ]\n}\n"
        };
        out.write_all(close)?;
        Ok(())
    }

    fn diff(&self, report: &DiffReport) -> anyhow::Result<String> {
        let doc = DiffDoc {
            schema: DIFF_SCHEMA,
            diffs: report
                .diffs
                .iter()
                .map(|diff| ForceDiffJson {
                    force: &diff.force,
                    force_id: &diff.force_id,
                    old: SideJson::from(&diff.old),
                    new: SideJson::from(&diff.new),
                    summary: OrderedMap(
                        Movement::ALL
                            .iter()
                            .map(|m| (m.as_str(), diff.summary()[m]))
                            .collect(),
                    ),
                    rows: diff
                        .rows
                        .iter()
                        .map(|row| DiffRowJson {
                            area: &row.area,
                            title: &row.title,
                            old_areas: &row.old_areas,
                            old_grades: &row.old_grades,
                            new_grade: row.new_grade,
                            movement: row.movement.as_str(),
                            steps: row.steps,
                        })
                        .collect(),
                })
                .collect(),
            unpaired: UnpairedJson {
                old: forces(&report.only_old),
                new: forces(&report.only_new),
            },
            totals: OrderedMap(
                report
                    .totals
                    .iter()
                    .map(|totals| {
                        let mut counts: Vec<(&str, i64)> = Movement::ALL
                            .iter()
                            .map(|m| {
                                (
                                    m.as_str(),
                                    i64::try_from(totals.counts[m]).unwrap_or(i64::MAX),
                                )
                            })
                            .collect();
                        counts.push(("net_steps", totals.net_steps));
                        (totals.area.as_str(), OrderedMap(counts))
                    })
                    .collect(),
            ),
        };
        pretty(&doc)
    }

    fn compare(&self, matrix: &Matrix) -> anyhow::Result<String> {
        let ids: Vec<&str> = matrix.areas.iter().map(|(id, _)| id.as_str()).collect();
        let by_area = |counts: &[Summary]| {
            OrderedMap(
                ids.iter()
                    .copied()
                    .zip(counts.iter().map(SummaryJson::from))
                    .collect(),
            )
        };
        let doc = CompareDoc {
            schema: COMPARE_SCHEMA,
            rubric: &matrix.rubric,
            areas: ids.clone(),
            rows: matrix
                .rows
                .iter()
                .map(|row| CompareRowJson {
                    force: &row.force,
                    force_id: &row.force_id,
                    cycle: &row.cycle,
                    rubric: &row.rubric,
                    grades: OrderedMap(
                        ids.iter()
                            .copied()
                            .zip(row.grades.iter().copied())
                            .collect(),
                    ),
                    counts: SummaryJson::from(&row.counts()),
                })
                .collect(),
            totals: matrix
                .totals
                .last()
                .map(|(_, counts)| by_area(counts))
                .unwrap_or(OrderedMap(Vec::new())),
            totals_by_cycle: OrderedMap(
                matrix
                    .totals
                    .iter()
                    .map(|(cycle, counts)| (cycle.as_str(), by_area(counts)))
                    .collect(),
            ),
            not_shown: matrix
                .not_shown
                .iter()
                .map(|n| NotShownJson {
                    area: &n.area,
                    rubric: &n.rubric,
                    sheets: n.sheets,
                    retired: n.retired,
                })
                .collect(),
        };
        pretty(&doc)
    }

    fn check(&self, report: &CheckReport) -> anyhow::Result<String> {
        pretty(&CheckDoc {
            schema: "peel.check/1",
            files: report.files,
            problems: report.problems.iter().map(problem_json).collect(),
            warnings: report.warnings.iter().map(problem_json).collect(),
        })
    }

    fn rubrics(&self, rubrics: &[&Rubric]) -> anyhow::Result<String> {
        pretty(&rubrics.iter().map(|r| rubric_json(r)).collect::<Vec<_>>())
    }

    fn rubric(&self, rubric: &Rubric) -> anyhow::Result<String> {
        pretty(&rubric_json(rubric))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `value` written by [`Pretty`] starting `depth` levels deep.
    fn written_at(value: &serde_json::Value, depth: usize) -> String {
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, Pretty::at(depth));
        value.serialize(&mut serializer).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn pretty_at_the_top_is_serde_jsons_pretty_output() {
        let value = serde_json::json!({
            "a": [1, {"b": [], "c": {}}, [[]]],
            "d": {"e": null, "f": "g\u{202E}h"},
            "i": []
        });
        let expected = serde_json::to_string_pretty(&value)
            .unwrap()
            .replace('\u{202E}', "\\u202e");
        assert_eq!(written_at(&value, 0), expected);
    }

    #[test]
    fn pretty_deeper_indents_every_line_but_the_first() {
        let value = serde_json::json!({"a": [1, {"b": 2}], "c": {}});
        let top = serde_json::to_string_pretty(&value).unwrap();
        for depth in [1, 2, 40] {
            let pad = "  ".repeat(depth);
            let expected = top.replace('\n', &format!("\n{pad}"));
            assert_eq!(written_at(&value, depth), expected, "depth {depth}");
        }
    }
}
