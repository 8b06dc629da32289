//! The middle end: analyses and transforms over kiln IR.

pub mod analysis;
