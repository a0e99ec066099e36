//! peel grades police forces against an inspection rubric and says why.
//!
//! Data flows one way: files ([`read`]) → model ([`model`]) → engine ([`engine`]) →
//! report ([`report`]). [`cli`] holds the command line and one file per command,
//! which ties the others together; the leaves below them ([`diag`], [`location`],
//! [`suggest`], [`text`], [`progress`]) import nothing of peel's but each other.

pub mod cli;
pub mod diag;
pub mod engine;
pub mod location;
pub mod model;
pub mod progress;
pub mod read;
pub mod report;
pub mod suggest;
pub mod text;
pub mod tui;
pub mod wire;

pub use cli::{Outcome, run};
