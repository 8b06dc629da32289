//! The middle end: analyses and transforms over kiln IR, run by a pass
//! manager in the order given by `pipeline.rs`.

pub mod analysis;
pub mod opt;
pub mod pass_manager;
pub mod pipeline;
pub mod util;
