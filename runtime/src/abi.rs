//! The one ABI between kiln-compiled code and the kiln runtime.
//!
//! This file is the single source of truth for:
//! - the data layouts that cross the boundary ([`KBuf`], [`ModuleDesc`], ...),
//! - the byte encoding of exported types ([`tycode`], [`dtype`], [`layout`]),
//! - how values are flattened into 64-bit words ([`flat_words`]),
//! - every `extern "C"` entry point that compiled code may call ([`ENTRY_POINTS`]).
//!
//! The compiler includes this very file (`#[path]` module), so the two sides can
//! never disagree; a runtime test checks that every entry in [`ENTRY_POINTS`] is
//! implemented with exactly the declared signature.
//!
//! Invariants: this file depends on `core` only, holds no logic beyond pure
//! decoding helpers, and every change to a layout or entry bumps [`ABI_VERSION`].

#![allow(dead_code)]

use core::sync::atomic::AtomicIsize;

/// Bumped on every incompatible change; `kiln_make_module` refuses a mismatch.
pub const ABI_VERSION: u32 = 1;

/// Largest number of array dimensions, as in NumPy 2.
pub const MAX_NDIM: usize = 32;

/// A reference-counted data buffer: the "owner" part of every array value.
///
/// Compiled code holds counted references to `KBuf`s. A buffer with a non-null
/// `pyobj` borrows its memory from a Python object (an input array) and never
/// frees it; such a buffer lives on the trampoline's stack for one call.
#[repr(C)]
pub struct KBuf {
    /// Reference count (offset 0).
    pub refcnt: AtomicIsize,
    /// Start of the allocation (offset 8).
    pub data: *mut u8,
    /// Size of the allocation in bytes (offset 16).
    pub nbytes: usize,
    /// Borrowed Python object that owns `data`, or null when the runtime owns it (offset 24).
    pub pyobj: *mut core::ffi::c_void,
}

pub const KBUF_REFCNT_OFFSET: i32 = 0;
pub const KBUF_DATA_OFFSET: i32 = 8;

/// Uniform entry of an exported overload: reads flattened argument words,
/// writes flattened result words, returns 0 on success and 1 when an exception
/// is pending in the runtime's thread-local error slot.
pub type WrapperFn = unsafe extern "C" fn(args: *const u64, ret: *mut u64) -> i32;

/// One exported overload.
#[repr(C)]
pub struct OverloadDesc {
    /// Human-readable signature, e.g. `f(float64[:], int)` (NUL-terminated).
    pub signature: *const u8,
    /// Encoded argument types ([`tycode`]), concatenated, `arg_types_len` bytes.
    pub arg_types: *const u8,
    pub arg_types_len: u32,
    /// Number of arguments.
    pub nargs: u32,
    /// Encoded result type, `ret_type_len` bytes.
    pub ret_type: *const u8,
    pub ret_type_len: u32,
    /// Bit i set: argument i is written by the function (effects analysis), so a
    /// read-only array there is refused with `ValueError`.
    pub written_args: u64,
    pub wrapper: WrapperFn,
}

/// One exported function with its overloads, tried in declaration order.
#[repr(C)]
pub struct FuncDesc {
    /// NUL-terminated.
    pub name: *const u8,
    pub noverloads: u32,
    pub overloads: *const OverloadDesc,
}

/// One exported module-level constant (`#pythran export var`).
#[repr(C)]
pub struct ConstDesc {
    pub name: *const u8,
    pub ty: *const u8,
    pub ty_len: u32,
    pub words: *const u64,
}

/// The descriptor every compiled module carries in read-only data;
/// `PyInit_<mod>` passes it to `kiln_make_module`.
#[repr(C)]
pub struct ModuleDesc {
    pub abi_version: u32,
    pub nfuncs: u32,
    /// NUL-terminated module name.
    pub name: *const u8,
    pub funcs: *const FuncDesc,
    pub nconsts: u32,
    pub consts: *const ConstDesc,
    /// NUL-terminated module docstring, or null.
    pub doc: *const u8,
}

/// Type codes: a prefix encoding, one byte per node.
pub mod tycode {
    /// Python `bool`.
    pub const BOOL: u8 = b'?';
    /// Python `int` (held as int64).
    pub const INT: u8 = b'i';
    /// Python `float`.
    pub const FLOAT: u8 = b'f';
    /// Python `complex`.
    pub const COMPLEX: u8 = b'c';
    /// `None`.
    pub const NONE: u8 = b'n';
    /// Python `str`.
    pub const STR: u8 = b's';
    /// NumPy scalar; followed by a [`super::dtype`] byte.
    pub const NPSCALAR: u8 = b'q';
    /// NumPy array; followed by a dtype byte, an ndim byte and a [`super::layout`] byte.
    pub const ARRAY: u8 = b'a';
    /// Tuple; followed by an item-count byte and the items.
    pub const TUPLE: u8 = b't';
    /// List; followed by the item type.
    pub const LIST: u8 = b'L';
    /// Set; followed by the item type.
    pub const SET: u8 = b'S';
    /// Dict; followed by the key type and the value type.
    pub const DICT: u8 = b'D';
}

/// Element types, numbered as the compiler's `DType`.
pub mod dtype {
    pub const BOOL: u8 = 0;
    pub const INT8: u8 = 1;
    pub const INT16: u8 = 2;
    pub const INT32: u8 = 3;
    pub const INT64: u8 = 4;
    pub const UINT8: u8 = 5;
    pub const UINT16: u8 = 6;
    pub const UINT32: u8 = 7;
    pub const UINT64: u8 = 8;
    pub const FLOAT32: u8 = 9;
    pub const FLOAT64: u8 = 10;
    pub const COMPLEX64: u8 = 11;
    pub const COMPLEX128: u8 = 12;

    /// Size of one element in bytes.
    pub const fn itemsize(d: u8) -> usize {
        match d {
            BOOL | INT8 | UINT8 => 1,
            INT16 | UINT16 => 2,
            INT32 | UINT32 | FLOAT32 => 4,
            INT64 | UINT64 | FLOAT64 | COMPLEX64 => 8,
            _ => 16,
        }
    }

    /// NumPy's name for the dtype.
    pub const fn name(d: u8) -> &'static str {
        match d {
            BOOL => "bool",
            INT8 => "int8",
            INT16 => "int16",
            INT32 => "int32",
            INT64 => "int64",
            UINT8 => "uint8",
            UINT16 => "uint16",
            UINT32 => "uint32",
            UINT64 => "uint64",
            FLOAT32 => "float32",
            FLOAT64 => "float64",
            COMPLEX64 => "complex64",
            _ => "complex128",
        }
    }
}

/// Array layouts accepted by an exported argument.
pub mod layout {
    /// Any strides (including negative and zero).
    pub const STRIDED: u8 = 0;
    /// C-contiguous.
    pub const C: u8 = 1;
    /// Fortran-contiguous (and, for ndim >= 2, not C-contiguous: the C overload wins).
    pub const F: u8 = 2;
}

/// How many 64-bit words the value of the encoded type at `ty[0..]` occupies,
/// and how many bytes its encoding spans. `None` for a malformed encoding.
///
/// Word layout per type:
/// - bool, int, float, NumPy real scalar: 1 word (bool as 0/1, float32 in the low 32 bits);
/// - complex (Python or NumPy): 2 words, real then imaginary (complex64 as two f32 in the low halves);
/// - None: 0 words;
/// - array: `2 + 2*ndim` words: data pointer, owner (`*mut KBuf`), shape, strides in bytes;
/// - tuple: its items' words, in order;
/// - str, list, set, dict: 1 word, a pointer to a runtime object.
pub fn flat_words(ty: &[u8]) -> Option<(usize, usize)> {
    let code = *ty.first()?;
    Some(match code {
        tycode::BOOL | tycode::INT | tycode::FLOAT => (1, 1),
        tycode::COMPLEX => (2, 1),
        tycode::NONE => (0, 1),
        tycode::STR => (1, 1),
        tycode::NPSCALAR => {
            let d = *ty.get(1)?;
            (if d >= dtype::COMPLEX64 { 2 } else { 1 }, 2)
        }
        tycode::ARRAY => {
            let ndim = *ty.get(2)? as usize;
            ty.get(3)?;
            (2 + 2 * ndim, 4)
        }
        tycode::TUPLE => {
            let n = *ty.get(1)? as usize;
            let mut words = 0;
            let mut pos = 2;
            for _ in 0..n {
                let (w, len) = flat_words(ty.get(pos..)?)?;
                words += w;
                pos += len;
            }
            (words, pos)
        }
        tycode::LIST | tycode::SET => {
            let (_, len) = flat_words(ty.get(1..)?)?;
            (1, 1 + len)
        }
        tycode::DICT => {
            let (_, klen) = flat_words(ty.get(1..)?)?;
            let (_, vlen) = flat_words(ty.get(1 + klen..)?)?;
            (1, 1 + klen + vlen)
        }
        _ => return None,
    })
}

/// Exception kinds that compiled code can raise; the runtime maps each to the
/// builtin Python exception of the same name.
pub mod exc {
    pub const EXCEPTION: i32 = 0;
    pub const TYPE_ERROR: i32 = 1;
    pub const VALUE_ERROR: i32 = 2;
    pub const INDEX_ERROR: i32 = 3;
    pub const KEY_ERROR: i32 = 4;
    pub const ZERO_DIVISION_ERROR: i32 = 5;
    pub const OVERFLOW_ERROR: i32 = 6;
    pub const MEMORY_ERROR: i32 = 7;
    pub const ASSERTION_ERROR: i32 = 8;
    pub const RUNTIME_ERROR: i32 = 9;
    pub const SYSTEM_ERROR: i32 = 10;
    pub const STOP_ITERATION: i32 = 11;
    pub const NOT_IMPLEMENTED_ERROR: i32 = 12;
    pub const ARITHMETIC_ERROR: i32 = 13;
    pub const LOOKUP_ERROR: i32 = 14;
    pub const ATTRIBUTE_ERROR: i32 = 15;
    pub const RECURSION_ERROR: i32 = 16;
    pub const UNBOUND_LOCAL_ERROR: i32 = 17;

    /// Python names, indexed by kind.
    pub const NAMES: &[&str] = &[
        "Exception",
        "TypeError",
        "ValueError",
        "IndexError",
        "KeyError",
        "ZeroDivisionError",
        "OverflowError",
        "MemoryError",
        "AssertionError",
        "RuntimeError",
        "SystemError",
        "StopIteration",
        "NotImplementedError",
        "ArithmeticError",
        "LookupError",
        "AttributeError",
        "RecursionError",
        "UnboundLocalError",
    ];

    /// The kind for a builtin exception name.
    pub fn by_name(name: &str) -> Option<i32> {
        NAMES.iter().position(|n| *n == name).map(|i| i as i32)
    }

    /// Whether an exception of kind `raised` is caught by `except handler`
    /// (the builtin hierarchy, restricted to these kinds).
    pub fn is_subclass(raised: i32, handler: i32) -> bool {
        if raised == handler || handler == EXCEPTION {
            return true;
        }
        matches!(
            (raised, handler),
            (ZERO_DIVISION_ERROR | OVERFLOW_ERROR, ARITHMETIC_ERROR)
                | (INDEX_ERROR | KEY_ERROR, LOOKUP_ERROR)
                | (RECURSION_ERROR | NOT_IMPLEMENTED_ERROR, RUNTIME_ERROR)
        )
    }
}

/// Machine types used in entry-point signatures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AbiTy {
    I8,
    I32,
    I64,
    F32,
    F64,
    /// A pointer-sized integer.
    Ptr,
}

/// One runtime function that compiled code may call.
pub struct EntryPoint {
    pub name: &'static str,
    pub params: &'static [AbiTy],
    pub returns: &'static [AbiTy],
}

macro_rules! entries {
    ($( $name:ident ( $($p:ident),* ) -> ( $($r:ident),* ) ; )*) => {
        /// Every entry point compiled code may call, with its signature.
        pub const ENTRY_POINTS: &[EntryPoint] = &[
            $( EntryPoint { name: stringify!($name), params: &[$(AbiTy::$p),*], returns: &[$(AbiTy::$r),*] }, )*
        ];
    };
}

entries! {
    // Module creation, called from PyInit_<mod> with the GIL held.
    kiln_make_module(Ptr) -> (Ptr);

    // Buffers. `alloc(nbytes, zeroed)` returns null with MemoryError pending on failure.
    kiln_buf_alloc(I64, I32) -> (Ptr);
    kiln_buf_incref(Ptr) -> ();
    kiln_buf_decref(Ptr) -> ();

    // Raising: each sets the pending exception; compiled code then unwinds.
    // `kiln_raise(kind, utf8 message pointer, length)`.
    kiln_raise(I32, Ptr, I64) -> ();
    // `kiln_raise_index(index, axis, size)`: NumPy's IndexError message.
    kiln_raise_index(I64, I64, I64) -> ();

    // Pending-exception inspection: the kind, or -1 when none is pending.
    kiln_err_kind() -> (I32);
    kiln_err_clear() -> ();

    // Python float semantics that are too long to inline. The divisor of
    // mod/floordiv is never zero (compiled code checks first); float_pow sets
    // a pending exception on a domain or range error.
    kiln_float_mod(F64, F64) -> (F64);
    kiln_float_floordiv(F64, F64) -> (F64);
    kiln_float_pow(F64, F64) -> (F64);
    // Wrapping int64 power; the exponent is never negative.
    kiln_int_pow(I64, I64) -> (I64);
}

/// Looks up an entry point by name.
pub fn entry(name: &str) -> Option<&'static EntryPoint> {
    ENTRY_POINTS.iter().find(|e| e.name == name)
}
