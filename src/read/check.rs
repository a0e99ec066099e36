//! `peel check`'s reading: every input read for every problem it holds, past YAML
//! syntax errors, rubrics first so that evidence may use a rubric checked beside it.

use rayon::prelude::*;

use super::{
    Content, Input, Inputs, Kind, Parsed, content_of, parse_text, read_text, recover, rubric,
    yaml_kind,
};
use crate::diag::{CheckReport, Diagnostic, Diagnostics};
use crate::model::evidence::{ForceEvidence, merge};
use crate::model::rubric::Registry;

/// [`parse_text`] as `check` reads a file: past a YAML syntax error, to the file's
/// other problems.
fn check_text(input: &Input, text: &str, registry: &Registry) -> Result<Parsed, Diagnostics> {
    let shown = input.display();
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if content_of(input, body) != Content::Yaml {
        return parse_text(input, text, registry, false);
    }
    recover::checked(
        &shown,
        body,
        |text| parse_text(input, text, registry, false),
        |parsed| match parsed {
            Parsed::Evidence(file) => file.warnings.clone(),
            Parsed::Sheets(_) => Vec::new(),
        },
    )
}

/// Checks every input and reports every problem: rubrics first (so that evidence may
/// use a rubric checked in the same run), then evidence and sheets, then the merging
/// of evidence across files.
pub fn check(inputs: &Inputs) -> CheckReport {
    check_keeping(inputs).0
}

/// [`check`], and the evidence it read, merged by force-cycle: what `peel check` grades
/// to warn of what `grade` would.
pub fn check_keeping(inputs: &Inputs) -> (CheckReport, Vec<ForceEvidence>) {
    let inputs = &inputs.to_vec();
    let progress = crate::progress::Progress::files(inputs.len());
    let texts: Vec<Result<String, Diagnostic>> = inputs.par_iter().map(read_text).collect();
    // Told once per file: rubrics are parsed in the first pass and skipped in the second.
    let is_rubric: Vec<bool> = inputs
        .iter()
        .zip(&texts)
        .map(|(input, text)| {
            text.as_ref().is_ok_and(|text| {
                let body = text.strip_prefix('\u{feff}').unwrap_or(text);
                content_of(input, body) == Content::Yaml && yaml_kind(body) == Kind::Rubric
            })
        })
        .collect();
    let mut problems = Vec::new();
    let registry = check_rubrics(inputs, &texts, &is_rubric, &mut problems);
    let parsed: Vec<Result<Option<Parsed>, Diagnostics>> = inputs
        .par_iter()
        .zip(&texts)
        .zip(&is_rubric)
        .map(|((input, text), &rubric)| {
            let text = text.as_ref().map_err(|e| Diagnostics::from(e.clone()))?;
            if rubric {
                return Ok(None);
            }
            check_text(input, text, &registry).map(Some)
        })
        .inspect(|_| progress.tick())
        .collect();
    let mut evidence_files = Vec::new();
    let mut warnings = Vec::new();
    // Rubrics, evidence files and sheets: a set that holds none is refused, as grade
    // and compare refuse it.
    let mut held = is_rubric.iter().filter(|r| **r).count();
    for result in parsed {
        match result {
            Ok(Some(Parsed::Evidence(file))) => {
                held += 1;
                evidence_files.push(*file);
            }
            Ok(Some(Parsed::Sheets(sheets))) => held += sheets.len(),
            Ok(None) => {}
            // A failed file's warnings ride with its problems: told apart here.
            Err(found) => {
                let (warned, wrong): (Vec<_>, Vec<_>) =
                    found.0.into_iter().partition(|d| d.warning);
                problems.extend(wrong);
                warnings.extend(warned);
            }
        }
    }
    let mut evidence = Vec::new();
    match merge(evidence_files, &registry) {
        Ok(mut merged) => {
            warnings.append(&mut merged.warnings);
            evidence = merged.forces;
        }
        Err(mut found) => problems.append(&mut found.0),
    }
    if held == 0 && problems.is_empty() {
        let path = match inputs.as_slice() {
            [one] => one.display(),
            _ => String::new(),
        };
        let message = "the files given hold no sheets: no evidence, no graded force, no rubric";
        problems.push(Diagnostic::file(&path, message));
    }
    let report = CheckReport {
        files: inputs.len(),
        problems,
        warnings,
    };
    (report, evidence)
}

/// Parses the rubrics among the inputs, each checked and checked against the rubric
/// it replaces; the registry they make with the built-in ones, for the other files.
fn check_rubrics(
    inputs: &[Input],
    texts: &[Result<String, Diagnostic>],
    is_rubric: &[bool],
    problems: &mut Vec<Diagnostic>,
) -> Registry {
    let mut rubrics = Vec::new();
    for ((input, text), _) in inputs.iter().zip(texts).zip(is_rubric).filter(|(_, r)| **r) {
        let Ok(text) = text else { continue };
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let path = input.display();
        let parse = |text: &str| rubric::parse_rubric(&path, text);
        match recover::checked(&path, body, parse, |_| Vec::new()) {
            Ok(parsed) => rubrics.push((input.display(), parsed)),
            Err(mut found) => problems.append(&mut found.0),
        }
    }
    let checked: Vec<(String, String)> = rubrics
        .iter()
        .map(|(path, rubric)| (path.clone(), rubric.id.clone()))
        .collect();
    let registry = Registry::new(rubrics).unwrap_or_else(|mut found| {
        problems.append(&mut found.0);
        Registry::new(Vec::new()).unwrap_or_default()
    });
    for (path, id) in checked {
        if let Some(problem) = crosswalk_problem(&registry, &path, &id) {
            problems.push(problem);
        }
    }
    registry
}

/// A rubric that replaces another must continue areas that rubric has.
fn crosswalk_problem(registry: &Registry, path: &str, id: &str) -> Option<Diagnostic> {
    let rubric = registry.get(id)?;
    let replaced = rubric.replaces.as_deref()?;
    match registry.get(replaced) {
        None => Some(Diagnostic::field(
            path,
            "replaces",
            registry.unknown_rubric_message(replaced),
        )),
        Some(older) => crate::model::crosswalk::Crosswalk::between(registry, older, rubric)
            .err()
            .map(|error| Diagnostic::file(path, error.to_string())),
    }
}
