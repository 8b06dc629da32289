//! Transforms. Each file is one pass; its `//!` comment says what it uses and preserves.

pub mod bce;
pub mod dce;
pub mod if_convert;
pub mod inline;
pub mod kernelize;
pub mod licm;
pub mod partial_inline;
pub mod tailrec;
pub mod ufunc_fusion;
