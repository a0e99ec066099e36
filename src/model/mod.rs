//! The model: rubrics, evidence, grades and sheets, and the corpus a run reads. Pure
//! data and the rules that build it (ids, merging evidence per force-cycle); no I/O.

pub mod corpus;
pub mod crosswalk;
pub mod evidence;
pub mod forces;
pub mod grade;
pub mod ids;
pub mod rubric;
pub mod sheet;
