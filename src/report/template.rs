//! Evidence skeletons: every criterion of a rubric as `not_assessed`, its text as a
//! comment, ready for an inspector to fill in. Pure: builds text, writes nothing.

use crate::model::rubric::Rubric;

/// The file the template's modeline names: the evidence schema, saved beside the
/// evidence with `peel schema evidence -o peel-evidence.schema.json`. A local file
/// works offline and always matches the peel that wrote it; peel has no public URL.
pub const SCHEMA_FILE: &str = "peel-evidence.schema.json";

/// A YAML string that reads back as exactly `text` (JSON strings are YAML strings).
pub(crate) fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// Text safe inside a YAML comment: one line, no control characters.
fn comment(text: &str) -> String {
    crate::text::sanitise(text)
}

/// The evidence skeleton for `force` and `cycle` against `rubric`: the criteria of the
/// areas named in `areas`, or of every area where it is empty.
pub fn evidence_template(rubric: &Rubric, force: &str, cycle: &str, areas: &[String]) -> String {
    let mut out = format!(
        "# yaml-language-server: $schema={SCHEMA_FILE}\n\
         # Evidence for {} ({}), against {} ({}).\n\
         # Judge each criterion: exceeded | demonstrated | partly | not_demonstrated | not_assessed.\n\
         # Add a note and a source to say why. Findings: cause_of_concern | area_for_improvement |\n\
         # innovative_practice | promising_practice. Check with `peel check FILE`; for hints as\n\
         # you type, save the schema beside it: `peel schema evidence -o {SCHEMA_FILE}`.\n",
        comment(force),
        comment(cycle),
        rubric.id,
        comment(&rubric.title)
    );
    out.push_str(&format!(
        "force: {}\ncycle: {}\nrubric: {}\njudgements:\n",
        quoted(force),
        quoted(cycle),
        rubric.id
    ));
    let wanted = rubric
        .areas
        .iter()
        .filter(|area| areas.is_empty() || areas.contains(&area.id));
    for area in wanted {
        let optional = if area.optional {
            " — optional: left out of the grades unless judged"
        } else {
            ""
        };
        out.push_str(&format!(
            "\n  # {} ({}){optional}\n",
            comment(&area.title),
            area.id
        ));
        for criterion in &area.criteria {
            let critical = if criterion.critical {
                " [critical]"
            } else {
                ""
            };
            out.push_str(&format!(
                "  # {}{critical}: {}\n  - criterion: {}\n    judgement: not_assessed\n",
                criterion.id,
                comment(&criterion.text),
                quoted(&criterion.id)
            ));
        }
    }
    out.push_str("\nfindings: []\n# - kind: area_for_improvement\n#   area: AREA-ID\n#   text: What the force should improve.\n");
    out.push_str("\nmoderation: []\n# - area: AREA-ID\n#   grade: adequate\n#   reason: Why the grade differs from the computed one.\n");
    out
}
