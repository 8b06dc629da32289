//! The front end: parsing, module-level resolution, export specs, and typed
//! lowering to kiln IR.
//!
//! Invariant: the front end reports every problem in the user's program as a
//! diagnostic with a span; it never panics on user input.

pub mod ast_walk;
pub mod desugar;
pub mod exports;
pub mod generators;
pub mod itertools;
pub mod lower;
pub mod module;
pub mod parse;
pub mod range_values;
pub mod scope;
pub mod spec;
pub mod suggest;
pub mod webs;
