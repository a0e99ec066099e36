//! `peel schema KIND`: the JSON Schema of a file peel reads or writes.

use super::Outcome;
use super::options::Options;
use crate::report::schema::{self, Kind};

use crate::report::output;

/// Prints the schema of `kind`.
pub fn run(options: &Options, kind: Kind) -> anyhow::Result<Outcome> {
    output::write(&schema::text(kind), options.output.as_deref())?;
    Ok(Outcome::default())
}
