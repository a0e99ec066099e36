//! The engine: grading evidence against its rubric, diffing and comparing sheets,
//! the crosswalk between frameworks, and filters. Pure: no I/O.

pub mod assess;
pub mod compare;
pub mod diff;
pub mod filter;
pub mod national;
