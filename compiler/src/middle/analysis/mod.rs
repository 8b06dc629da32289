//! Whole-module analyses. Each file computes one fact and states what it reads.

pub mod effects;
pub mod range;
