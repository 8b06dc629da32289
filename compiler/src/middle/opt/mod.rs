//! Transforms. Each file is one pass; its `//!` comment says what it uses and preserves.

pub mod bce;
pub mod call_cse;
pub mod constfold;
pub mod dce;
pub mod dfe;
pub mod dse;
pub mod if_convert;
pub mod inline;
pub mod inplace;
pub mod jit_eval;
pub mod kernel_cse;
pub mod kernelize;
pub mod licm;
pub mod loop_version;
pub mod pair_roots;
pub mod parallel_loops;
pub mod partial_inline;
pub mod reduce_fusion;
pub mod sqrt_domain;
pub mod tailrec;
pub mod ufunc_fusion;
pub mod unfold;
pub mod unroll_jam;
