//! JSON Schemas (draft 2020-12) of every file peel reads and writes, for editors that
//! check YAML as it is typed and for scripts that read peel's JSON.
//!
//! The files peel reads have no serde types: loaders validate a located YAML tree by
//! hand (`read::yaml`). Their schemas come from small schema-only types in
//! `input` that mirror SPEC §3, §4 and §6, with `schemars` deriving what a type can
//! say (keys, required keys, unknown keys refused, numbers and their ranges) and
//! hand-written pieces for what it cannot: the words peel accepts in any case and with
//! spaces or hyphens, ids, and lists that may be written empty. The reports' schemas
//! are derived from the types peel writes its JSON with (`crate::wire`); tests hold
//! the input schemas to the real loaders and both to the real output. A schema helps
//! an editor; `peel check` stays the authority.

mod input;

use std::borrow::Cow;

use clap::ValueEnum;
use schemars::generate::{Contract, SchemaSettings};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

/// The kinds of file that have a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// A rubric (YAML, `--rubric FILE`).
    Rubric,
    /// An evidence file (YAML).
    Evidence,
    /// A published grade sheet (YAML).
    Sheet,
    /// `peel grade --format json` (`peel.grades/1`), also read back as sheets.
    Grades,
    /// `peel diff --format json` (`peel.diff/1`).
    Diff,
    /// `peel compare --format json` (`peel.compare/1`), also read back as sheets.
    Compare,
    /// `peel check --format json` (`peel.check/1`).
    Check,
    /// `peel coverage --format json` (`peel.coverage/1`).
    Coverage,
    /// `peel history --format json` (`peel.history/1`).
    History,
    /// `peel national --format json` (`peel.national/1`).
    National,
}

impl Kind {
    /// Every kind, inputs first.
    pub const ALL: [Kind; 10] = [
        Kind::Rubric,
        Kind::Evidence,
        Kind::Sheet,
        Kind::Grades,
        Kind::Diff,
        Kind::Compare,
        Kind::Check,
        Kind::Coverage,
        Kind::History,
        Kind::National,
    ];

    /// The kind's word on the command line, and the stem of its file under `schemas/`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Rubric => "rubric",
            Kind::Evidence => "evidence",
            Kind::Sheet => "sheet",
            Kind::Grades => "grades",
            Kind::Diff => "diff",
            Kind::Compare => "compare",
            Kind::Check => "check",
            Kind::Coverage => "coverage",
            Kind::History => "history",
            Kind::National => "national",
        }
    }
}

/// The schema of `kind`, as a JSON value.
pub fn schema(kind: Kind) -> serde_json::Value {
    // Input schemas describe what the loaders accept; output schemas what peel writes,
    // where every key is always present (SPEC §8) and so required.
    let contract = match kind {
        Kind::Rubric | Kind::Evidence | Kind::Sheet => Contract::Deserialize,
        _ => Contract::Serialize,
    };
    let mut settings = SchemaSettings::draft2020_12();
    settings.contract = contract.clone();
    let mut generator = settings.into_generator();
    let schema = match kind {
        Kind::Rubric => generator.root_schema_for::<input::Rubric>(),
        Kind::Evidence => generator.root_schema_for::<input::Evidence>(),
        Kind::Sheet => generator.root_schema_for::<input::Sheet>(),
        Kind::Grades => generator.root_schema_for::<crate::wire::Grades>(),
        Kind::Diff => generator.root_schema_for::<crate::wire::Diff>(),
        Kind::Compare => generator.root_schema_for::<crate::wire::Compare>(),
        Kind::Check => generator.root_schema_for::<crate::wire::Check>(),
        Kind::Coverage => generator.root_schema_for::<crate::wire::national::Coverage>(),
        Kind::History => generator.root_schema_for::<crate::wire::national::History>(),
        Kind::National => generator.root_schema_for::<crate::wire::national::National>(),
    };
    let mut value = schema.to_value();
    unwrap_descriptions(&mut value);
    if contract == Contract::Serialize {
        drop_defaults(&mut value);
    }
    value
}

/// Removes the defaults that reading peel's JSON back allows: peel always writes every
/// key, so a schema of what it writes has none.
fn drop_defaults(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("default");
            map.values_mut().for_each(drop_defaults);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_defaults),
        _ => {}
    }
}

/// Joins the lines of descriptions taken from doc comments, which wrap where the source
/// does, so that an editor's hover wraps them where its window does.
fn unwrap_descriptions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                match item {
                    serde_json::Value::String(text) if key == "description" => {
                        *text = text.split('\n').collect::<Vec<_>>().join(" ");
                    }
                    _ => unwrap_descriptions(item),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

/// The schema of `kind` as pretty JSON with a final newline, as `peel schema` prints it.
pub fn text(kind: Kind) -> String {
    let mut text = serde_json::to_string_pretty(&schema(kind)).unwrap_or_default();
    text.push('\n');
    text
}

/// The regular expression of one word as peel reads it (SPEC §2): letters in either
/// case, and a space, hyphen or underscore where the word has an underscore.
fn spelling(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            '_' => r"[\s_-]".to_string(),
            c if c.is_ascii_alphabetic() => {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            }
            c => c.to_string(),
        })
        .collect()
}

/// A fixed word peel reads case-insensitively with spaces or hyphens for underscores:
/// the canonical words listed (so that editors offer them), and every other accepted
/// spelling of them and of `also` matched by a pattern. Surrounding space is trimmed.
fn word_schema(description: &str, canonical: &[&str], also: &[&str]) -> Schema {
    let alternatives: Vec<String> = canonical.iter().chain(also).map(|w| spelling(w)).collect();
    let pattern = format!(r"^\s*(?:{})\s*$", alternatives.join("|"));
    json_schema!({
        "description": description,
        "anyOf": [
            {"enum": canonical},
            {"type": "string", "pattern": pattern},
        ],
    })
}

/// Lets a list or mapping be written empty (`findings:`), as the loaders do.
fn or_null(schema: &mut Schema) {
    if let Some(serde_json::Value::String(kind)) = schema.get("type").cloned() {
        schema.insert("type".into(), serde_json::json!([kind, "null"]));
    }
}

pub(crate) use crate::wire::hand_written;

/// A key that may be left out, but not written empty: the schema of `T`, without the
/// `null` an `Option<T>` would allow, and without a default (the field says it).
pub struct Optional<T>(std::marker::PhantomData<T>);

impl<T> Default for Optional<T> {
    fn default() -> Self {
        Optional(std::marker::PhantomData)
    }
}

impl<T: JsonSchema> JsonSchema for Optional<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        generator.subschema_for::<T>()
    }
}

#[cfg(test)]
mod tests;
