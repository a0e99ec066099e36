//! The lines that say what a diff or a compare rests on: how many force-areas it
//! compared and left out, how many cells hold a grade, over which cycles. No total
//! may look complete when it is not; and the forces a diff could not pair, and its
//! signed step counts.

use super::sanitise;
use crate::engine::compare::Matrix;
use crate::engine::diff::DiffReport;

/// What a diff compared and what it left out: no total may look complete when it is not.
pub(super) fn compared_line(report: &DiffReport) -> String {
    let c = report.compared();
    let unpaired = report.only_old.len() + report.only_new.len();
    let forces = match unpaired {
        0 => String::new(),
        1 => "; 1 force with a sheet on one side only, not diffed".to_string(),
        n => format!("; {n} forces with a sheet on one side only, not diffed"),
    };
    sanitise(&format!(
        "Compared {} force-areas graded in both {} and {}; left out {}: {} graded on one side only, {} new, retired or merged{forces}.",
        c.both,
        report.side_name(true),
        report.side_name(false),
        c.one_side + c.no_counterpart,
        c.one_side,
        c.no_counterpart,
    ))
}

/// How many of a matrix's cells have a grade ("205 of 378 force-areas graded"), after
/// the sheets' cycles where there are several: a matrix over mixed cycles says so.
pub(super) fn matrix_graded_line(matrix: &Matrix) -> String {
    let (cells, graded) = matrix.graded_cells();
    let mut per_cycle: Vec<(&str, usize)> = Vec::new();
    for row in &matrix.rows {
        match per_cycle.iter_mut().find(|(c, _)| *c == row.cycle) {
            Some((_, n)) => *n += 1,
            None => per_cycle.push((&row.cycle, 1)),
        }
    }
    per_cycle.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let cycles = match per_cycle.len() {
        0 | 1 => String::new(),
        n => {
            let each: Vec<String> = per_cycle
                .iter()
                .map(|(cycle, rows)| format!("{rows} of {cycle}"))
                .collect();
            sanitise(&format!("mixed cycles, {n}: {} · ", each.join(", ")))
        }
    };
    format!(
        "{cycles}{graded} of {cells} force-areas graded, {} without a grade",
        cells - graded
    )
}

/// The lines naming forces found on one side of a diff only.
pub(super) fn unpaired_lines(report: &DiffReport) -> Vec<String> {
    let side = |label: &str, forces: &[(String, String)]| {
        forces
            .iter()
            .map(|(force, _)| sanitise(&format!("Only in {label}: {force}")))
            .collect::<Vec<_>>()
    };
    let mut lines = side(report.side_name(true), &report.only_old);
    lines.extend(side(report.side_name(false), &report.only_new));
    lines
}

/// A count of steps with its sign, a minus sign (−) for a fall: "+2", "−1", "0".
pub(crate) fn signed(n: i64) -> String {
    match n {
        n if n > 0 => format!("+{n}"),
        n if n < 0 => format!("\u{2212}{}", n.unsigned_abs()),
        _ => "0".to_string(),
    }
}
