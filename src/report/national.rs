//! The national record's views in every format: `coverage` (what the data holds and
//! lacks per cycle), `history` (each force across its cycles) and `national` (how many
//! forces got each grade per area and cycle, and how that moved).

use std::borrow::Cow;
use std::io::Write;

use super::view::{self, Cell, Section, View};
use super::{Format, grade_label, json::summary_json};
use crate::engine::diff::Movement;
use crate::engine::national::{CycleCoverage, Distribution, ForceHistory, HistoryCell, graded};
use crate::model::grade::Grade;
use crate::wire::{self, national as w};

/// Writes coverage per cycle in `format`.
pub fn coverage(
    cycles: &[CycleCoverage],
    format: Format,
    color: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        Format::Json => json(out, &coverage_json(cycles)),
        Format::Csv => coverage_csv(cycles, out),
        _ => view::write(&coverage_view(cycles), format, color, out),
    }
}

/// The summary line of one cycle's coverage.
pub fn coverage_line(cycle: &CycleCoverage) -> String {
    let percent = |found: usize, of: usize| match of {
        0 => 0.0,
        _ => 100.0 * found as f64 / of as f64,
    };
    format!(
        "{} ({}): {} of {} grades found ({:.0}%) in {} core areas of {} forces; {} forces complete, {} with none",
        cycle.cycle,
        cycle.rubric,
        cycle.found(),
        cycle.expected(),
        percent(cycle.found(), cycle.expected()),
        cycle.core_areas(),
        cycle.forces.len(),
        cycle.complete(),
        cycle
            .forces
            .iter()
            .filter(|f| !f.graded.iter().any(|g| *g))
            .count()
    )
}

fn coverage_view(cycles: &[CycleCoverage]) -> View {
    let mut sections = Vec::new();
    for cycle in cycles {
        let mut areas = Section {
            heading: coverage_line(cycle),
            header: ["Area", "Forces graded", "Not found"]
                .map(String::from)
                .to_vec(),
            ..Section::default()
        };
        for area in &cycle.areas {
            let title = match area.optional {
                true => format!("{} (optional)", area.title),
                false => area.title.clone(),
            };
            areas.rows.push(vec![
                Cell::text(title),
                Cell::text(format!("{} of {}", area.graded, cycle.forces.len())),
                Cell::text((cycle.forces.len() - area.graded).to_string()),
            ]);
        }
        sections.push(areas);
        let mut forces = Section {
            heading: format!("{}: forces", cycle.cycle),
            header: ["Force", "Core areas found", "Not found"]
                .map(String::from)
                .to_vec(),
            ..Section::default()
        };
        for force in &cycle.forces {
            let missing: Vec<&str> = cycle.missing(force).map(|a| a.title.as_str()).collect();
            let gaps = match missing.len() {
                0 => "complete".to_string(),
                n if n == cycle.core_areas() => "every area".to_string(),
                _ => missing.join("; "),
            };
            forces.rows.push(vec![
                Cell::text(force.force.clone()),
                Cell::text(format!(
                    "{} of {}",
                    cycle.found_of(force),
                    cycle.core_areas()
                )),
                Cell::text(gaps),
            ]);
        }
        sections.push(forces);
    }
    View {
        title: "Coverage of the published grades".into(),
        lead: "Which forces and areas have a grade in the data given; a gap is a grade not found, not one not given.".into(),
        sections,
    }
}

fn coverage_json(cycles: &[CycleCoverage]) -> w::Coverage {
    let cycles = cycles
        .iter()
        .map(|cycle| w::CycleCoverage {
            cycle: cycle.cycle.clone(),
            rubric: cycle.rubric.clone(),
            forces: cycle.forces.len() as u64,
            core_areas: cycle.core_areas() as u64,
            grades_expected: cycle.expected() as u64,
            grades_found: cycle.found() as u64,
            complete_forces: cycle.complete() as u64,
            areas: cycle
                .areas
                .iter()
                .map(|a| w::CoverageArea {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    optional: a.optional,
                    graded: a.graded as u64,
                    missing: (cycle.forces.len() - a.graded) as u64,
                })
                .collect(),
            force_coverage: cycle
                .forces
                .iter()
                .map(|f| w::ForceCoverage {
                    force: f.force.clone(),
                    force_id: f.force_id.clone(),
                    found: cycle.found_of(f) as u64,
                    complete: cycle.missing(f).next().is_none(),
                    graded: cycle
                        .areas
                        .iter()
                        .zip(&f.graded)
                        .filter(|(_, g)| **g)
                        .map(|(a, _)| a.id.clone())
                        .collect(),
                    missing: cycle.missing(f).map(|a| a.id.clone()).collect(),
                })
                .collect(),
        })
        .collect();
    w::Coverage {
        schema: w::COVERAGE_SCHEMA,
        cycles,
    }
}

/// One row per force, cycle and area: whether a grade was found.
fn coverage_csv(cycles: &[CycleCoverage], out: &mut dyn Write) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "cycle", "rubric", "force", "force_id", "area", "optional", "found",
    ])?;
    for cycle in cycles {
        for force in &cycle.forces {
            for (area, found) in cycle.areas.iter().zip(&force.graded) {
                writer.write_record([
                    cycle.cycle.as_str(),
                    &cycle.rubric,
                    &force.force,
                    &force.force_id,
                    &area.id,
                    if area.optional { "yes" } else { "no" },
                    if *found { "yes" } else { "no" },
                ])?;
            }
        }
    }
    writer.flush()?;
    Ok(())
}

/// Writes each force's history in `format`.
pub fn history(
    histories: &[ForceHistory],
    format: Format,
    color: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        Format::Json => json(out, &history_json(histories)),
        Format::Csv => history_csv(histories, out),
        _ => view::write(&history_view(histories), format, color, out),
    }
}

/// A movement's arrow and word: "▲ improved".
fn movement_text(movement: Option<Movement>) -> &'static str {
    match movement {
        Some(Movement::Improved) => " ▲",
        Some(Movement::Declined) => " ▼",
        Some(Movement::Unchanged) => " =",
        _ => "",
    }
}

/// Grade steps between two cells: positive is better.
fn steps(before: &HistoryCell, now: &HistoryCell) -> Option<i64> {
    now.movement?;
    Some(now.grade? as i64 - before.grade? as i64)
}

fn history_view(histories: &[ForceHistory]) -> View {
    let mut sections = Vec::new();
    for history in histories {
        let mut header = vec!["Area".to_string()];
        header.extend(history.columns.iter().map(|(cycle, _)| cycle.clone()));
        let mut section = Section {
            heading: format!("{} · {}", history.force, history.rubric),
            lines: vec![
                "▲ better than the cycle before, ▼ worse, = the same; — no grade found.".into(),
            ],
            header,
            rows: Vec::new(),
        };
        for row in &history.rows {
            let title = match row.older {
                true => format!("{} (of {}, not continued)", row.title, row.rubric),
                false => row.title.clone(),
            };
            let mut cells = vec![Cell::text(title)];
            cells.extend(row.cells.iter().map(|cell| {
                Cell::graded(
                    format!(
                        "{}{}",
                        grade_label(cell.grade),
                        movement_text(cell.movement)
                    ),
                    cell.grade,
                )
            }));
            section.rows.push(cells);
        }
        sections.push(section);
    }
    let names: Vec<&str> = histories.iter().map(|h| h.force.as_str()).collect();
    View {
        title: format!("History: {}", names.join(", ")),
        lead: "Each area's grade in every cycle of the data, older frameworks' areas through the crosswalk.".into(),
        sections,
    }
}

fn history_json(histories: &[ForceHistory]) -> w::History {
    let forces = histories
        .iter()
        .map(|h| w::ForceHistory {
            force: h.force.clone(),
            force_id: h.force_id.clone(),
            rubric: h.rubric.clone(),
            cycles: h
                .columns
                .iter()
                .map(|(cycle, rubric)| w::HistoryCycle {
                    cycle: cycle.clone(),
                    rubric: rubric.clone(),
                })
                .collect(),
            areas: h
                .rows
                .iter()
                .map(|row| w::HistoryArea {
                    id: row.area.clone(),
                    title: row.title.clone(),
                    rubric: row.rubric.clone(),
                    older: row.older,
                    grades: row
                        .cells
                        .iter()
                        .enumerate()
                        .map(|(i, cell)| w::HistoryGrade {
                            cycle: h.columns[i].0.clone(),
                            grade: cell.grade,
                            movement: cell.movement.map(Movement::as_str),
                            steps: i.checked_sub(1).and_then(|p| steps(&row.cells[p], cell)),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    w::History {
        schema: w::HISTORY_SCHEMA,
        forces,
    }
}

/// One row per force, area and cycle.
fn history_csv(histories: &[ForceHistory], out: &mut dyn Write) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "force",
        "force_id",
        "area",
        "title",
        "area_rubric",
        "cycle",
        "rubric",
        "grade",
        "movement",
        "steps",
    ])?;
    for h in histories {
        for row in &h.rows {
            for (i, cell) in row.cells.iter().enumerate() {
                let steps = i
                    .checked_sub(1)
                    .and_then(|p| steps(&row.cells[p], cell))
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                writer.write_record([
                    h.force.as_str(),
                    &h.force_id,
                    &row.area,
                    &row.title,
                    &row.rubric,
                    &h.columns[i].0,
                    &h.columns[i].1,
                    cell.grade.map_or("", Grade::as_str),
                    cell.movement.map_or("", Movement::as_str),
                    &steps,
                ])?;
            }
        }
    }
    writer.flush()?;
    Ok(())
}

/// Writes the national distribution in `format`.
pub fn national(
    picture: &Distribution,
    format: Format,
    color: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        Format::Json => json(out, &national_json(picture)),
        Format::Csv => national_csv(picture, out),
        _ => view::write(&national_view(picture), format, color, out),
    }
}

/// "I +1 · RI −3": the counts that changed from the cycle before.
fn change_text(area: &crate::engine::national::AreaDistribution, index: usize) -> String {
    let parts: Vec<String> = Grade::ALL
        .iter()
        .filter_map(|&g| {
            let change = area.change(index, g)?;
            // A no-break space: a code never wraps apart from its count.
            (change != 0).then(|| {
                format!(
                    "{}\u{a0}{}",
                    super::table::grade_code(g),
                    super::signed(change)
                )
            })
        })
        .collect();
    match (index, parts.is_empty()) {
        (0, _) => String::new(),
        (_, true) => "no change".into(),
        _ => parts.join(" · "),
    }
}

fn national_view(picture: &Distribution) -> View {
    let mut header = vec!["Area · cycle".to_string()];
    header.extend(Grade::ALL.iter().map(|g| g.label().to_string()));
    header.extend(["Graded", "Change"].map(String::from));
    let mut section = Section {
        heading: format!("Forces per grade, by area ({})", picture.rubric),
        lines: vec!["Counts are of the forces graded in each cycle; older cycles' areas through the crosswalk.".into()],
        header,
        rows: Vec::new(),
    };
    for area in &picture.areas {
        for (index, (cycle, counts)) in picture.cycles.iter().zip(&area.by_cycle).enumerate() {
            let mut cells = vec![Cell::text(format!("{} · {cycle}", area.title))];
            cells.extend(
                Grade::ALL
                    .iter()
                    .map(|&g| Cell::text(counts.count(g).to_string())),
            );
            cells.push(Cell {
                text: graded(counts).to_string(),
                grade: None,
                bar: Some(crate::model::sheet::Summary {
                    counts: counts.counts.clone(),
                    ungraded: 0,
                }),
            });
            cells.push(Cell::text(change_text(area, index)));
            section.rows.push(cells);
        }
    }
    View {
        title: "The national picture".into(),
        lead: format!(
            "How many forces got each grade in each area, in {}.",
            picture.cycles.join(" and ")
        ),
        sections: vec![section],
    }
}

fn national_json(picture: &Distribution) -> w::National {
    let areas = picture
        .areas
        .iter()
        .map(|area| w::NationalArea {
            id: area.id.clone(),
            title: area.title.clone(),
            by_cycle: wire::OrderedMap(
                picture
                    .cycles
                    .iter()
                    .zip(&area.by_cycle)
                    .enumerate()
                    .map(|(index, (cycle, counts))| {
                        let change = |g| area.change(index, g);
                        let cell = w::NationalCycle {
                            graded: graded(counts),
                            counts: summary_json(counts),
                            change: change(Grade::Good).map(|_| w::Change {
                                inadequate: change(Grade::Inadequate).unwrap_or(0),
                                requires_improvement: change(Grade::RequiresImprovement)
                                    .unwrap_or(0),
                                adequate: change(Grade::Adequate).unwrap_or(0),
                                good: change(Grade::Good).unwrap_or(0),
                                outstanding: change(Grade::Outstanding).unwrap_or(0),
                            }),
                        };
                        (Cow::Owned(cycle.clone()), cell)
                    })
                    .collect(),
            ),
        })
        .collect();
    w::National {
        schema: w::NATIONAL_SCHEMA,
        rubric: picture.rubric.clone(),
        cycles: picture.cycles.clone(),
        areas,
    }
}

/// One row per area and cycle: the count of each grade.
fn national_csv(picture: &Distribution, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["rubric", "area", "title", "cycle", "graded"];
    header.extend(Grade::ALL.iter().map(|g| g.as_str()));
    header.push("ungraded");
    writer.write_record(&header)?;
    for area in &picture.areas {
        for (cycle, counts) in picture.cycles.iter().zip(&area.by_cycle) {
            let mut row = vec![
                picture.rubric.clone(),
                area.id.clone(),
                area.title.clone(),
                cycle.clone(),
                graded(counts).to_string(),
            ];
            row.extend(Grade::ALL.iter().map(|&g| counts.count(g).to_string()));
            row.push(counts.ungraded.to_string());
            writer.write_record(&row)?;
        }
    }
    writer.flush()?;
    Ok(())
}

/// Writes `doc` as pretty JSON with a closing newline.
fn json(out: &mut dyn Write, doc: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, doc)?;
    out.write_all(b"\n")?;
    Ok(())
}
