//! `peel check FILE…`: validate rubrics, evidence and sheets, reporting every problem.

use super::Outcome;
use super::options::Options;
use crate::cli::CheckArgs;

use crate::diag::{self, Diagnostic};
use crate::engine::assess;
use crate::model::evidence::ForceEvidence;
use crate::read;
use crate::report::output;
use crate::report::{self, Format, ReportOptions};

/// Checks the files named and any `--rubric` files, reporting every problem.
pub fn run(options: &Options, args: &CheckArgs) -> anyhow::Result<Outcome> {
    let mut paths = options.rubric.clone();
    paths.extend(args.files.iter().cloned());
    let report = match read::expand(&paths, read::SHEET_FILES) {
        Ok(mut inputs) => {
            let mut skipped = inputs.take_skipped();
            let (mut report, evidence) = read::check_keeping(&inputs);
            skipped.append(&mut report.warnings);
            skipped.extend(grade_warnings(&evidence));
            report.warnings = skipped;
            report
        }
        Err(found) => diag::CheckReport {
            files: paths.len(),
            problems: found.0,
            warnings: Vec::new(),
        },
    };
    let shape = ReportOptions::default();
    let reporter = report::reporter(options.format, shape)?;
    // Read by a person, problems are error messages and go where errors go (SPEC §9);
    // a machine format, or a report written with -o, is the command's output.
    let to_stderr = options.format == Format::Table && options.output.is_none();
    let mut text = Vec::new();
    if to_stderr {
        reporter.check(&report, &mut text)?;
    } else {
        // A reader that left early (`| head`) does not make the problems go away.
        output::reader_left(output::write_with(options.output.as_deref(), |out| {
            reporter.check(&report, out)
        }))?;
    }
    let mut text = String::from_utf8(text)?;
    if args.strict && to_stderr && !report.warnings.is_empty() {
        let n = report.warnings.len();
        let noun = if n == 1 { "warning" } else { "warnings" };
        text.push_str(&format!("--strict: {n} {noun} below, so the check fails\n"));
    }
    Ok(Outcome {
        warnings: report.warnings.iter().map(ToString::to_string).collect(),
        // With --strict a warning fails the check as a problem does.
        exit_code: u8::from(
            !report.problems.is_empty() || (args.strict && !report.warnings.is_empty()),
        ),
        stderr: if to_stderr { text } else { String::new() },
    })
}

/// What `grade` would warn of the evidence, located where the file says it: an area
/// moderated above a ceiling, or moderated on too little evidence to grade.
fn grade_warnings(evidence: &[ForceEvidence]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for force in evidence {
        let sheet = assess::assess(force, false);
        for (area, warning) in assess::moderation_warnings_by_area(&sheet) {
            let diagnostic = match force.moderation.get(&*area) {
                Some(m) => {
                    Diagnostic::at_line(&m.place.path, m.place.line, m.place.column, warning)
                }
                None => Diagnostic::file("", warning),
            };
            warnings.push(diagnostic.into_warning());
        }
    }
    warnings
}
