//! JSON for scripts: the `peel.grades/1` schema of SPEC §8, every key always present.

use std::io::Write;

use serde::Serialize;
use std::borrow::Cow;

use super::diagnostic_fields;
use super::{ReportOptions, Reporter, write_each};
use crate::diag::CheckReport;
use crate::engine::compare::Matrix;
use crate::engine::diff::{DiffReport, ForceDiff, Movement, Side};
use crate::model::grade::Grade;
use crate::model::rubric::Rubric;
use crate::model::sheet::{AreaGrade, Sheet, Summary};
use crate::wire;

/// Renders sheets as `peel.grades/1` JSON.
pub struct JsonReporter {
    /// With `explain`, every area lists its criteria's judgements.
    pub options: ReportOptions,
}

fn problem_json(p: &crate::diag::Diagnostic) -> wire::Problem<'_> {
    let (line, column, field) = diagnostic_fields(p);
    wire::Problem {
        path: Cow::Borrowed(&p.path),
        line,
        column,
        field: field.map(Cow::Borrowed),
        message: Cow::Borrowed(&p.message),
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

fn forces(list: &[(String, String)]) -> Vec<wire::Force<'_>> {
    list.iter()
        .map(|(force, force_id)| wire::Force {
            force: Cow::Borrowed(force),
            force_id: Cow::Borrowed(force_id),
        })
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

fn sheet_json(sheet: &Sheet, explain: bool) -> wire::SheetJson<'_> {
    wire::SheetJson {
        force: Cow::Borrowed(&sheet.force),
        force_id: Cow::Borrowed(&sheet.force_id),
        cycle: Cow::Borrowed(&sheet.cycle),
        rubric: Cow::Borrowed(&sheet.rubric),
        source: Cow::Borrowed(sheet.source.as_str()),
        url: sheet.url.as_deref().map(Cow::Borrowed),
        summary: summary_json(&sheet.summary()),
        areas: sheet
            .areas
            .iter()
            .map(|area| area_json(area, explain))
            .collect(),
    }
}

/// Counts per grade with `ungraded`, as in every summary of the JSON.
pub fn summary_json(summary: &Summary) -> wire::Summary {
    wire::Summary {
        inadequate: summary.count(Grade::Inadequate),
        requires_improvement: summary.count(Grade::RequiresImprovement),
        adequate: summary.count(Grade::Adequate),
        good: summary.count(Grade::Good),
        outstanding: summary.count(Grade::Outstanding),
        ungraded: summary.ungraded,
    }
}

fn area_json(area: &AreaGrade, explain: bool) -> wire::AreaJson<'_> {
    wire::AreaJson {
        id: Cow::Borrowed(&area.id),
        title: Cow::Borrowed(&area.title),
        grade: area.grade,
        status: area.status.map(|s| Cow::Borrowed(s.as_str())),
        computed_grade: area.computed().computed_grade,
        band_grade: area.computed().band_grade,
        score_percent: area.computed().score_percent,
        coverage_percent: area.computed().coverage_percent,
        causes_of_concern: area.computed().causes_of_concern,
        areas_for_improvement: area.computed().areas_for_improvement,
        ceilings: area
            .computed()
            .ceilings
            .iter()
            .map(|c| wire::Ceiling {
                rule: Cow::Borrowed(c.rule.as_str()),
                grade: c.grade,
                because: Cow::Borrowed(&c.because),
                binds: area.binds(c),
            })
            .collect(),
        moderation: area.moderation.as_ref().map(|m| wire::ModerationJson {
            grade: m.grade,
            reason: Cow::Borrowed(&m.reason),
            file: Cow::Borrowed(&m.file),
        }),
        judgements: if explain {
            area.explanation()
                .criteria
                .iter()
                .map(|c| wire::JudgementJson {
                    criterion: Cow::Borrowed(&c.criterion),
                    judgement: Cow::Borrowed(c.judgement.as_str()),
                    points: c.points,
                    note: c.note.as_deref().map(Cow::Borrowed),
                    source: c.source.as_deref().map(Cow::Borrowed),
                    file: c.place.as_ref().map(|p| Cow::Borrowed(&*p.path)),
                    line: c.place.as_ref().map(|p| p.line),
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// One force's diff as the JSON writes it.
fn force_diff_json(diff: &ForceDiff) -> wire::ForceDiff<'_> {
    let summary = diff.summary();
    let count = |m: Movement| summary[&m];
    fn side(side: &Side) -> wire::Side<'_> {
        wire::Side {
            cycle: Cow::Borrowed(&side.cycle),
            rubric: Cow::Borrowed(&side.rubric),
        }
    }
    wire::ForceDiff {
        force: Cow::Borrowed(&diff.force),
        force_id: Cow::Borrowed(&diff.force_id),
        old: side(&diff.old),
        new: side(&diff.new),
        summary: wire::Movements {
            improved: count(Movement::Improved),
            declined: count(Movement::Declined),
            unchanged: count(Movement::Unchanged),
            new: count(Movement::New),
            retired: count(Movement::Retired),
            merged: count(Movement::Merged),
            ungraded: count(Movement::Ungraded),
        },
        net_steps: diff.net_steps(),
        rows: diff
            .rows
            .iter()
            .map(|row| wire::DiffRow {
                area: Cow::Borrowed(&row.area),
                title: Cow::Borrowed(&row.title),
                old_areas: &row.old_areas,
                old_grades: &row.old_grades,
                new_grade: row.new_grade,
                movement: Cow::Borrowed(row.movement.as_str()),
                steps: row.steps,
            })
            .collect(),
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
            "{{\n  \"schema\": \"{}\",\n  \"sheets\": [",
            wire::GRADES_SCHEMA
        )?;
        let explain = self.options.explain;
        let written = write_each(sheets, out, b",", &|sheet| {
            let mut placed = Vec::with_capacity(SHEET_BYTES);
            placed.extend_from_slice(b"\n    ");
            let mut serializer = serde_json::Serializer::with_formatter(&mut placed, Pretty::at(2));
            sheet_json(sheet, explain).serialize(&mut serializer)?;
            // Not shrunk to fit: the slack is at most a batch of SHEET_BYTES (2 MB)
            // or half a sheet grown past it, and copying every sheet cost more.
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

    fn diff(&self, report: &DiffReport, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let doc = wire::Diff {
            schema: Cow::Borrowed(wire::DIFF_SCHEMA),
            diffs: report.diffs.iter().map(force_diff_json).collect(),
            unpaired: wire::Unpaired {
                old: forces(&report.only_old),
                new: forces(&report.only_new),
            },
            totals: wire::OrderedMap(
                report
                    .totals
                    .iter()
                    .map(|totals| {
                        let count = |m: Movement| totals.counts[&m];
                        let area = wire::AreaTotals {
                            improved: count(Movement::Improved),
                            declined: count(Movement::Declined),
                            unchanged: count(Movement::Unchanged),
                            new: count(Movement::New),
                            retired: count(Movement::Retired),
                            merged: count(Movement::Merged),
                            ungraded: count(Movement::Ungraded),
                            net_steps: totals.net_steps,
                        };
                        (Cow::Borrowed(totals.area.as_str()), area)
                    })
                    .collect(),
            ),
            compared: {
                let c = report.compared();
                wire::Compared {
                    both: c.both,
                    one_side: c.one_side,
                    no_counterpart: c.no_counterpart,
                    unpaired_forces: (report.only_old.len() + report.only_new.len()) as u64,
                }
            },
        };
        write_pretty(&doc, sink)
    }

    fn compare(&self, matrix: &Matrix, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let ids: Vec<&str> = matrix.areas.iter().map(|(id, _)| id.as_str()).collect();
        let by_area = |counts: &[Summary]| {
            wire::OrderedMap(
                ids.iter()
                    .map(|id| Cow::Borrowed(*id))
                    .zip(counts.iter().map(summary_json))
                    .collect(),
            )
        };
        let doc = wire::Compare {
            schema: Cow::Borrowed(wire::COMPARE_SCHEMA),
            rubric: Cow::Borrowed(&matrix.rubric),
            areas: ids.iter().map(|id| Cow::Borrowed(*id)).collect(),
            rows: matrix
                .rows
                .iter()
                .map(|row| wire::CompareRow {
                    force: Cow::Borrowed(&row.force),
                    force_id: Cow::Borrowed(&row.force_id),
                    cycle: Cow::Borrowed(&row.cycle),
                    rubric: Cow::Borrowed(&row.rubric),
                    grades: wire::OrderedMap(
                        ids.iter()
                            .map(|id| Cow::Borrowed(*id))
                            .zip(row.grades.iter().copied())
                            .collect(),
                    ),
                    counts: summary_json(&row.counts()),
                })
                .collect(),
            totals: matrix
                .totals
                .last()
                .map(|(_, counts)| by_area(counts))
                .unwrap_or_default(),
            totals_by_cycle: wire::OrderedMap(
                matrix
                    .totals
                    .iter()
                    .map(|(cycle, counts)| (Cow::Borrowed(cycle.as_str()), by_area(counts)))
                    .collect(),
            ),
            not_shown: matrix
                .not_shown
                .iter()
                .map(|n| wire::NotShown {
                    area: Cow::Borrowed(&n.area),
                    rubric: Cow::Borrowed(&n.rubric),
                    sheets: n.sheets as u64,
                    retired: n.retired,
                })
                .collect(),
            cells: {
                let (total, graded) = matrix.graded_cells();
                wire::Cells {
                    total: total as u64,
                    graded: graded as u64,
                    ungraded: (total - graded) as u64,
                }
            },
        };
        write_pretty(&doc, sink)
    }

    fn check(&self, report: &CheckReport, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        write_pretty(
            &wire::Check {
                schema: Cow::Borrowed(wire::CHECK_SCHEMA),
                files: report.files as u64,
                problems: report.problems.iter().map(problem_json).collect(),
                warnings: report.warnings.iter().map(problem_json).collect(),
            },
            sink,
        )
    }

    fn rubrics(&self, rubrics: &[&Rubric], sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        write_pretty(
            &rubrics.iter().map(|r| rubric_json(r)).collect::<Vec<_>>(),
            sink,
        )
    }

    fn rubric(&self, rubric: &Rubric, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        write_pretty(&rubric_json(rubric), sink)
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
