//! The kiln runtime: linked statically into every kiln-compiled extension
//! module, it provides the `extern "C"` entry points that compiled code calls
//! (declared once, in [`abi`]) and the CPython glue that builds the module and
//! converts arguments and results.
//!
//! Invariants: only [`pyglue`] touches the CPython or NumPy API; every
//! `extern "C"` entry point is listed in [`abi::ENTRY_POINTS`] and checked
//! against it by `entry_check`; no panic ever crosses an `extern "C"` boundary.

pub mod abi;
pub mod array;
pub mod block_cache;
pub mod buf;
pub mod cmath;
mod cmath_tables;
pub mod complex;
pub mod containers;
pub mod copy;
pub mod divmagic;
pub mod elem;
pub mod entry_check;
pub mod error;
pub mod fancy;
pub mod handler;
pub mod kernel_reduce;
pub mod linalg;
pub mod moments;
pub mod npcomplex;
pub mod pairwise;
pub mod pool;
pub mod pyglue;
pub mod pynum;
pub mod pyrandom;
pub mod quantile;
pub mod random;
pub mod reduce;
pub mod scalar;
pub mod scan;
pub mod search;
pub mod shape;
pub mod shape_error;
pub mod small_alloc;
pub mod sort;
pub mod ty;
pub mod vsqrt;
