//! Transforms. Each file is one pass; its `//!` comment says what it uses and preserves.

pub mod bce;
pub mod dce;
pub mod licm;
