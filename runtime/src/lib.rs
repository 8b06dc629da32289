//! The kiln runtime: linked statically into every kiln-compiled extension
//! module, it provides the `extern "C"` entry points that compiled code calls
//! (declared once, in [`abi`]) and the CPython glue that builds the module and
//! converts arguments and results.
//!
//! Invariants: only [`pyglue`] touches the CPython or NumPy API; every
//! `extern "C"` entry point is listed in [`abi::ENTRY_POINTS`] and checked
//! against it by `entry_check`; no panic ever crosses an `extern "C"` boundary.

pub mod abi;
pub mod buf;
pub mod error;
pub mod pyglue;
pub mod scalar;
pub mod ty;

#[cfg(test)]
mod entry_check;
