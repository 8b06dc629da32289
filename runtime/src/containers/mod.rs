//! Python's containers and strings for compiled code: `list`, `dict`, `set`
//! and `str` objects, the generic value operations over elements of any
//! exported type (equality, ordering, hashing, `repr`), and text formatting
//! and parsing (PEP 3101 format specs, `repr(float)`, `int(s)`, `float(s)`).
//!
//! CPython is the reference for every observable result: hash values, the
//! iteration order of sets, `repr`/`str`/`format` output, exception types and
//! messages. Where kiln cannot match (object identity, NaN hashing), the
//! module that diverges says so in its header.
//!
//! Invariants (for all of these modules):
//! - every object starts with a reference count ([`obj`]); a negative count
//!   marks an immortal static object that the runtime never writes to;
//! - elements are stored as their flattened words (`abi::flat_words`) and
//!   interpreted through their type code ([`code::Code`]);
//! - ownership follows abi.rs: an input element is borrowed, an output element
//!   is a new reference, and the functions documented as taking ownership
//!   (`append`, `insert`, `dict_set`) consume their element's references on
//!   every path, also when they fail;
//! - no Python API is used here (that is `pyglue`'s job); every `extern "C"`
//!   entry runs its body through `error::guard`.

pub mod code;
pub mod dict;
pub mod floatfmt;
pub mod format;
pub mod hash;
pub mod kstr;
pub mod list;
pub mod obj;
pub mod parse;
pub mod set;
pub mod slice;
pub mod strcase;
pub mod strops;
pub mod unicode_tables;
pub mod value;

#[cfg(test)]
mod object_tests;
#[cfg(test)]
mod tests;
