//! Opening a file for `peel score`: one peel reads cleanly, one with problems (shown,
//! with the criteria it could read, and never saved), or a new one from the template.
//! Pure: takes the file's text, if any.

use std::sync::Arc;

use crate::model::evidence::{Judgement, slug};
use crate::model::rubric::{Registry, Rubric};
use crate::read::evidence::parse_evidence;
use crate::read::yaml::{self, Node, Value};
use crate::report::template::evidence_template;
use crate::tui::app::App;
use crate::tui::draft::{Draft, Judged};
use crate::tui::source::Source;

/// What the command line says of the file beyond its path.
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    /// `--force`: the force of a new file.
    pub force: Option<String>,
    /// `--cycle`: the cycle of a new file.
    pub cycle: Option<String>,
    /// `--rubric`: the rubric of a new file, by id.
    pub rubric: Option<String>,
}

/// A session on an existing file's `text`; `Err` with a message where it cannot be
/// opened at all (its rubric unknown, or it disagrees with `--force`/`--cycle`).
pub fn existing(
    path: &str,
    text: &str,
    registry: &Registry,
    wanted: &Wanted,
) -> Result<App, String> {
    let read = crate::read::recover::checked(
        path,
        text,
        |t| parse_evidence(path, t, registry),
        |f| f.warnings.clone(),
    );
    match read {
        Ok(file) => {
            let rubric = registry
                .get(&file.rubric)
                .ok_or_else(|| registry.unknown_rubric_message(&file.rubric))?;
            agrees(path, &file.force, &file.cycle, wanted)?;
            let draft = Draft::of_file(&file, Arc::clone(rubric));
            let source = Source::new(path, text, rubric).map_err(|r| format!("{path}: {}", r.0))?;
            let mut app = App::new(draft, Some(source), Vec::new(), false);
            if let Some(first) = file.warnings.first() {
                app.status = format!("warning: {first}");
            }
            Ok(app)
        }
        Err(problems) => {
            let lines: Vec<String> = problems
                .0
                .iter()
                .filter(|p| !p.warning)
                .map(ToString::to_string)
                .collect();
            let draft = readable(path, text, registry, wanted).ok_or_else(|| {
                format!(
                    "{path} cannot be scored: peel cannot tell its rubric; `peel check {path}` says why:\n{}",
                    lines.join("\n")
                )
            })?;
            Ok(App::new(draft, None, lines, false))
        }
    }
}

/// A session on a new file, from the template of `wanted`'s rubric (or the one that
/// serves its cycle), not written until saved.
pub fn new_file(path: &str, registry: &Registry, wanted: &Wanted) -> Result<App, String> {
    let (Some(force), Some(cycle)) = (&wanted.force, &wanted.cycle) else {
        return Err(format!(
            "{path} does not exist; to start it, name its force and cycle: peel score {path} --force NAME --cycle CYCLE"
        ));
    };
    let rubric = match &wanted.rubric {
        Some(id) => registry
            .get(id)
            .ok_or_else(|| registry.unknown_rubric_message(id))?,
        None => registry.for_cycle(cycle).map_err(|message| {
            format!("{message}; name one with --rubric ID|FILE, or give a cycle it serves")
        })?,
    };
    let cycle = rubric
        .cycles
        .iter()
        .find(|c| crate::model::ids::same_cycle(c, cycle))
        .unwrap_or(cycle);
    let text = evidence_template(rubric, force, cycle, &[]);
    let file = parse_evidence(path, &text, registry).map_err(|problems| problems.to_string())?;
    let draft = Draft::of_file(&file, Arc::clone(rubric));
    let source = Source::new(path, &text, rubric).map_err(|r| r.0)?;
    Ok(App::new(draft, Some(source), Vec::new(), true))
}

/// A file's force and cycle agree with `--force` and `--cycle`, where given.
fn agrees(path: &str, force: &str, cycle: &str, wanted: &Wanted) -> Result<(), String> {
    if let Some(given) = &wanted.force
        && slug(given) != slug(force)
    {
        return Err(format!(
            "{path} is the evidence of {force}, not {given}; leave out --force to score it"
        ));
    }
    if let Some(given) = &wanted.cycle
        && !crate::model::ids::same_cycle(given, cycle)
    {
        return Err(format!(
            "{path} is the evidence of cycle {cycle}, not {given}; leave out --cycle to score it"
        ));
    }
    Ok(())
}

/// What a file with problems still says: its rubric, force and cycle, and each
/// judgement whose criterion and word are both readable. `None` without a rubric.
fn readable(path: &str, text: &str, registry: &Registry, wanted: &Wanted) -> Option<Draft> {
    let root = yaml::parse(path, text).ok();
    let field = |key: &str| -> Option<&Node> {
        let Value::Map(entries) = &root.as_ref()?.value else {
            return None;
        };
        entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Text(t) if t == key))
            .map(|(_, v)| v)
    };
    let text_of = |node: Option<&Node>| match node.map(|n| &n.value) {
        Some(Value::Text(t)) => Some(t.clone()),
        _ => None,
    };
    let rubric: &Arc<Rubric> = text_of(field("rubric"))
        .or_else(|| wanted.rubric.clone())
        .and_then(|id| registry.get(&id))
        .or_else(|| registry.for_cycle(wanted.cycle.as_deref()?).ok())?;
    let force = text_of(field("force"))
        .or_else(|| wanted.force.clone())
        .unwrap_or_default();
    let cycle = text_of(field("cycle"))
        .or_else(|| wanted.cycle.clone())
        .unwrap_or_default();
    let mut draft = Draft::empty(Arc::clone(rubric), &force, &slug(&force), &cycle, path);
    let items = match field("judgements").map(|n| &n.value) {
        Some(Value::List(items)) => items.as_slice(),
        _ => &[],
    };
    for item in items {
        let Value::Map(entries) = &item.value else {
            continue;
        };
        let get = |key: &str| {
            entries
                .iter()
                .find(|(k, _)| matches!(&k.value, Value::Text(t) if t == key))
                .map(|(_, v)| v)
        };
        let Some((_, criterion)) = text_of(get("criterion"))
            .and_then(|id| rubric.criterion(&id).map(|(a, c)| (a.id.clone(), c.index)))
        else {
            continue;
        };
        let Some(judgement) = text_of(get("judgement")).and_then(|w| w.parse::<Judgement>().ok())
        else {
            continue;
        };
        if draft.judged[criterion].is_none() {
            draft.judged[criterion] = Some(Judged {
                judgement,
                note: text_of(get("note")),
                source: text_of(get("source")),
            });
        }
    }
    Some(draft)
}
