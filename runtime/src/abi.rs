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
pub const ABI_VERSION: u32 = 8;

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

/// A borrowed array passed by pointer to runtime array functions (and filled
/// in by them for results). Only the first `ndim` entries of `shape` and
/// `strides` are meaningful. As an input it is borrowed for the call; as an
/// output, `owner` is a new reference owned by the caller, and the result is
/// C-contiguous unless a function says otherwise.
#[repr(C)]
pub struct ArrayView {
    pub data: *mut u8,
    pub owner: *mut KBuf,
    /// A [`dtype`] code.
    pub dtype: u8,
    pub ndim: u8,
    pub _pad: [u8; 6],
    pub shape: [i64; MAX_NDIM],
    /// In bytes; may be negative or zero.
    pub strides: [i64; MAX_NDIM],
}

/// A list: a growable array of elements, each stored as its flattened
/// words (`flat_words` of the element type). Compiled code reads `len`,
/// `data` and elements inline, and manages the element references it
/// stores and overwrites; the runtime releases the remaining elements when
/// the list dies. `ty` points at the element's type code (static data in the
/// compiled module, or in the trampoline's argument codes).
#[repr(C)]
pub struct KList {
    /// Negative: immortal (static), never freed; counts ignored.
    pub refcnt: AtomicIsize,
    pub len: i64,
    pub cap: i64,
    pub data: *mut u64,
    pub ty: *const u8,
    /// Words of element storage allocated in the same block as this header,
    /// right after it (0: none, as for static lists). `data` points there
    /// until the list outgrows it; runtime-private, compiled code never
    /// reads it.
    pub inline_words: i64,
}

pub const KLIST_LEN_OFFSET: i32 = 8;
pub const KLIST_DATA_OFFSET: i32 = 24;
/// Compiled code reads `cap` for its inline `append` fast path.
pub const KLIST_CAP_OFFSET: i32 = 16;
const _: () = assert!(
    std::mem::offset_of!(KList, len) == KLIST_LEN_OFFSET as usize
        && std::mem::offset_of!(KList, cap) == KLIST_CAP_OFFSET as usize
        && std::mem::offset_of!(KList, data) == KLIST_DATA_OFFSET as usize
);

/// An immutable str (UTF-8). Compiled code reads `nchars` inline (`len(s)`).
/// Literals are static `KStr`s with a negative `refcnt` (immortal); the
/// runtime never writes to an immortal object (so `hash` is not cached there).
#[repr(C)]
pub struct KStr {
    pub refcnt: AtomicIsize,
    /// Length in bytes.
    pub len: i64,
    /// Length in code points.
    pub nchars: i64,
    /// Cached Python hash, or -1.
    pub hash: i64,
    pub data: *const u8,
}

pub const KSTR_NCHARS_OFFSET: i32 = 16;

/// Dicts (insertion-ordered) and sets are opaque runtime objects whose
/// first two fields are the count and the number of live entries.
#[repr(C)]
pub struct KObjHead {
    pub refcnt: AtomicIsize,
    pub len: i64,
}

pub const KOBJ_LEN_OFFSET: i32 = 8;

/// Reduction kinds for `kiln_reduce`.
pub mod reduce {
    pub const SUM: i32 = 0;
    pub const PROD: i32 = 1;
    pub const MIN: i32 = 2;
    pub const MAX: i32 = 3;
    pub const MEAN: i32 = 4;
    /// Uses `ddof`.
    pub const VAR: i32 = 5;
    /// Uses `ddof`.
    pub const STD: i32 = 6;
    /// Result dtype int64; with several axes only `axes = all` is allowed.
    pub const ARGMIN: i32 = 7;
    pub const ARGMAX: i32 = 8;
    /// Result dtype bool.
    pub const ANY: i32 = 9;
    pub const ALL: i32 = 10;
    pub const NANSUM: i32 = 11;
    pub const NANMIN: i32 = 12;
    pub const NANMAX: i32 = 13;
    pub const MEDIAN: i32 = 14;
    pub const NANMEAN: i32 = 15;
}

/// `kiln_cmath` function codes: `cmath.<name>` of one complex argument.
pub mod cmath {
    pub const SQRT: i32 = 0;
    pub const EXP: i32 = 1;
    pub const LOG: i32 = 2;
    pub const LOG10: i32 = 3;
    pub const SIN: i32 = 4;
    pub const COS: i32 = 5;
    pub const TAN: i32 = 6;
    pub const ASIN: i32 = 7;
    pub const ACOS: i32 = 8;
    pub const ATAN: i32 = 9;
    pub const SINH: i32 = 10;
    pub const COSH: i32 = 11;
    pub const TANH: i32 = 12;
    pub const ASINH: i32 = 13;
    pub const ACOSH: i32 = 14;
    pub const ATANH: i32 = 15;
    /// `phase(z)`, in the real part.
    pub const PHASE: i32 = 16;
    /// `abs(z)` with `polar`'s OverflowError, in the real part.
    pub const ABS: i32 = 17;
    /// `rect(re, im)` (two floats).
    pub const RECT: i32 = 18;
}

/// `kiln_npy_cfunc`/`kiln_npy_cfuncf` codes: NumPy's complex ufunc loops
/// of one argument (`runtime/src/npcomplex.rs`).
pub mod npcomplex {
    pub const SQRT: i32 = 0;
    pub const EXP: i32 = 1;
    pub const LOG: i32 = 2;
    pub const SIN: i32 = 3;
    pub const COS: i32 = 4;
    pub const TAN: i32 = 5;
    pub const ARCSIN: i32 = 6;
    pub const ARCCOS: i32 = 7;
    pub const ARCTAN: i32 = 8;
    pub const SINH: i32 = 9;
    pub const COSH: i32 = 10;
    pub const TANH: i32 = 11;
    pub const ARCSINH: i32 = 12;
    pub const ARCCOSH: i32 = 13;
    pub const ARCTANH: i32 = 14;
    pub const LOG10: i32 = 15;
    pub const LOG2: i32 = 16;
    pub const EXP2: i32 = 17;
    pub const EXPM1: i32 = 18;
    pub const LOG1P: i32 = 19;
}

/// Scan kinds for `kiln_scan`.
pub mod scan {
    pub const CUMSUM: i32 = 0;
    pub const CUMPROD: i32 = 1;
}

/// Distributions for `kiln_random_fill` and `kiln_random_scalar`, with the
/// meaning of their two parameters. All follow NumPy's legacy global
/// `RandomState` (MT19937) bit for bit.
pub mod dist {
    /// `random()`/`rand()`: uniform [0, 1).
    pub const RANDOM: i32 = 0;
    /// `randn()`/`standard_normal()`: legacy polar Gauss.
    pub const STANDARD_NORMAL: i32 = 1;
    /// `uniform(p1 = low, p2 = high)`.
    pub const UNIFORM: i32 = 2;
    /// `normal(p1 = loc, p2 = scale)`.
    pub const NORMAL: i32 = 3;
    /// `randint(p1 = low, p2 = high)`, integers in [low, high); p1/p2 are
    /// passed as f64 holding exact integers (|x| < 2**53).
    pub const RANDINT: i32 = 4;
}

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
    /// A NumPy dtype object (results only; no words); followed by a dtype byte.
    pub const DTYPE: u8 = b'd';
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
        tycode::DTYPE => {
            ty.get(1)?;
            (0, 2)
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
    // `kiln_raise_broadcast(kind, dims, ndims, n)`: NumPy's broadcasting
    // ValueError for n shapes (kind 0: operands; 1: assignment into the last).
    kiln_raise_broadcast(I32, Ptr, Ptr, I64) -> ();
    // `kiln_raise_reshape(size, dims, n)`: NumPy's ValueError for a reshape
    // of `size` elements into the n dimensions `dims` (one may be -1).
    kiln_raise_reshape(I64, Ptr, I64) -> ();
    // `kiln_raise_pyint_bounds(value, dtype)`: NumPy 2's OverflowError for a
    // Python int that does not fit the dtype of the array it meets.
    kiln_raise_pyint_bounds(I64, I32) -> ();

    // Pending-exception inspection: the kind, or -1 when none is pending.
    kiln_err_kind() -> (I32);
    kiln_err_clear() -> ();
    // Handled exceptions (`except`): move the pending one onto the handled
    // stack, make the innermost handled one pending again, pop it.
    kiln_err_stash() -> ();
    kiln_err_reraise() -> ();
    kiln_err_unstash() -> ();

    // Python float semantics that are too long to inline. The divisor of
    // mod/floordiv is never zero (compiled code checks first); float_pow sets
    // a pending exception on a domain or range error.
    kiln_float_mod(F64, F64) -> (F64);
    kiln_float_floordiv(F64, F64) -> (F64);
    kiln_float_pow(F64, F64) -> (F64);
    // Wrapping int64 power; the exponent is never negative.
    kiln_int_pow(I64, I64) -> (I64);
    // `[M, A, s, fix]` for int64 division by a run-time divisor, computed
    // once before a loop that divides by it (`divmagic.rs`).
    kiln_sdiv_magic(I64, Ptr) -> ();
    // Python complex `a ** b` into out[0..2]; status 0, or 1 with
    // ZeroDivisionError/OverflowError pending.
    kiln_complex_pow(F64, F64, F64, F64, Ptr) -> (I32);
    // `cmath` (abi::cmath codes) of one complex number into out[0..2]; status.
    kiln_cmath(I32, F64, F64, Ptr) -> (I32);
    // `cmath.log(x, base)` into out[0..2]; status.
    kiln_cmath_log_base(F64, F64, F64, F64, Ptr) -> (I32);
    // NumPy's complex ufunc loops (`abi::npcomplex` codes) of one
    // complex128/complex64 element into out[0..2]; they cannot fail.
    kiln_npy_cfunc(I32, F64, F64, Ptr) -> ();
    kiln_npy_cfuncf(I32, F32, F32, Ptr) -> ();
    // NumPy's complex `power` (`nc_pow`) into out[0..2].
    kiln_npy_cpow(F64, F64, F64, F64, Ptr) -> ();
    kiln_npy_cpowf(F32, F32, F32, F32, Ptr) -> ();
    // `cmath.isclose(a, b, rel_tol, abs_tol)`: 0/1, or -1 with ValueError pending.
    kiln_cmath_isclose(F64, F64, F64, F64, F64, F64) -> (I32);
    // pynum.rs: `round(x, n)` of a float (status; OverflowError), of an int
    // (wrapping, cannot fail); `pow(b, e, m)` of ints (status; ValueError).
    kiln_float_round(F64, I64, Ptr) -> (I32);
    kiln_int_round(I64, I64) -> (I64);
    kiln_int_powmod(I64, I64, I64, Ptr) -> (I32);

    // ----- Containers and strings ------------------------------------------
    // Element values cross as pointers to their flattened words (`*const u64`
    // in, `*mut u64` out); `ty` is a pointer to an element type code. Unless
    // stated otherwise, an input element is borrowed and an output element
    // is a new reference. Functions returning I32 return 0 on success and 1
    // with an exception pending (CPython's exception type and message).

    // Any str/list/dict/set object: one more reference (null and immortal: no-op).
    kiln_obj_incref(Ptr) -> ();
    kiln_list_decref(Ptr) -> ();
    kiln_dict_decref(Ptr) -> ();
    kiln_set_decref(Ptr) -> ();
    kiln_str_decref(Ptr) -> ();
    // kiln_X_free(p): frees an object whose count compiled code took to zero.
    kiln_list_free(Ptr) -> ();
    kiln_dict_free(Ptr) -> ();
    kiln_set_free(Ptr) -> ();
    kiln_str_free(Ptr) -> ();

    // Generic value operations on elements of type `ty`.
    // kiln_value_eq(ty, a, b) -> 0/1 (Python ==, NaN != NaN); -1 with an
    // exception pending, possible only when the type holds arrays (NumPy's
    // ambiguous truth value). The same -1 applies to kiln_list_eq,
    // kiln_list_contains, kiln_list_count, kiln_dict_eq and kiln_set_compare.
    kiln_value_eq(Ptr, Ptr, Ptr) -> (I32);
    // kiln_value_cmp(ty, a, b, out) -> status; out = -1 (a < b), 0 (a == b),
    // 1 (a > b) or 2 (unordered: none of <, ==, > holds, as with NaN or two
    // sets neither of which contains the other), so <, <=, >, >= all follow
    // from one call; TypeError for unorderable types (complex, None, dict).
    kiln_value_cmp(Ptr, Ptr, Ptr, Ptr) -> (I32);
    // kiln_value_hash(ty, a) -> CPython's hash (str: the interpreter's randomized hash);
    // -1 with TypeError pending for an unhashable type (no hash is ever -1).
    kiln_value_hash(Ptr, Ptr) -> (I64);
    // kiln_value_repr(ty, a, str_not_repr) -> new str (CPython's repr, or str when the flag is 1).
    kiln_value_repr(Ptr, Ptr, I32) -> (Ptr);

    // Lists. kiln_list_new(elem ty, len) -> list with `len` zeroed elements (compiled code fills them) or null.
    kiln_list_new(Ptr, I64) -> (Ptr);
    // kiln_list_append(l, elem): takes ownership of the element's references.
    kiln_list_append(Ptr, Ptr) -> (I32);
    kiln_list_extend(Ptr, Ptr) -> (I32);
    // kiln_list_insert(l, index, elem) (ownership taken), Python's clamping.
    kiln_list_insert(Ptr, I64, Ptr) -> (I32);
    // kiln_list_pop(l, index, out) — the element's references move to `out`.
    kiln_list_pop(Ptr, I64, Ptr) -> (I32);
    kiln_list_remove(Ptr, Ptr) -> (I32);
    // kiln_list_index(l, elem, start, stop, out i64) -> status (ValueError "<repr> is not in list").
    kiln_list_index(Ptr, Ptr, I64, I64, Ptr) -> (I32);
    kiln_list_count(Ptr, Ptr) -> (I64);
    kiln_list_contains(Ptr, Ptr) -> (I32);
    // kiln_list_sort(l, reverse) — stable, Python's ordering (TypeError if unorderable).
    kiln_list_sort(Ptr, I32) -> (I32);
    kiln_list_reverse(Ptr) -> ();
    kiln_list_clear(Ptr) -> ();
    // kiln_list_slice(l, start, stop, step, has_start, has_stop) -> new list (null: error; step 0 is ValueError).
    kiln_list_slice(Ptr, I64, I64, I64, I32, I32) -> (Ptr);
    // kiln_list_slice_concat(l, start, stop, has_start, has_stop, r) -> new list l[start:stop] + r.
    kiln_list_slice_concat(Ptr, I64, I64, I32, I32, Ptr) -> (Ptr);
    kiln_list_concat(Ptr, Ptr) -> (Ptr);
    kiln_list_repeat(Ptr, I64) -> (Ptr);
    // kiln_list_with_capacity(elem ty, cap) -> empty list with room for cap elements.
    kiln_list_with_capacity(Ptr, I64) -> (Ptr);
    // kiln_list_copy_reserve(l, extra) -> copy of l with room for extra more elements.
    kiln_list_copy_reserve(Ptr, I64) -> (Ptr);
    // kiln_list_prepend(l, elem) -> new list [elem] + l (elem's references move in).
    kiln_list_prepend(Ptr, Ptr) -> (Ptr);
    // kiln_list_setslice(l, start, stop, step, has_start, has_stop, other) — `l[a:b] = other`.
    kiln_list_setslice(Ptr, I64, I64, I64, I32, I32, Ptr) -> (I32);
    // kiln_list_delitem(l, index) — `del l[i]` (IndexError).
    kiln_list_delitem(Ptr, I64) -> (I32);
    kiln_list_eq(Ptr, Ptr) -> (I32);
    // kiln_list_cmp(a, b, out) -> status; lexicographic; out as for kiln_value_cmp.
    kiln_list_cmp(Ptr, Ptr, Ptr) -> (I32);

    // Dicts (insertion-ordered). kiln_dict_new(key ty, value ty) -> dict or null.
    kiln_dict_new(Ptr, Ptr) -> (Ptr);
    // kiln_dict_set(d, key, value): takes ownership of both.
    kiln_dict_set(Ptr, Ptr, Ptr) -> (I32);
    // kiln_dict_lookup(d, key, out value) -> 1 found (new references in out), 0 missing; never raises.
    kiln_dict_lookup(Ptr, Ptr, Ptr) -> (I32);
    // kiln_dict_getitem(d, key, out) -> status (KeyError with the key's repr).
    kiln_dict_getitem(Ptr, Ptr, Ptr) -> (I32);
    // kiln_dict_pop(d, key, out) -> status (KeyError); the value moves to out.
    kiln_dict_pop(Ptr, Ptr, Ptr) -> (I32);
    kiln_dict_delitem(Ptr, Ptr) -> (I32);
    kiln_dict_contains(Ptr, Ptr) -> (I32);
    // kiln_dict_setdefault(d, key, default, out) -> status; out = the value now in d (new reference).
    kiln_dict_setdefault(Ptr, Ptr, Ptr, Ptr) -> (I32);
    kiln_dict_update(Ptr, Ptr) -> (I32);
    kiln_dict_clear(Ptr) -> ();
    kiln_dict_copy(Ptr) -> (Ptr);
    kiln_dict_eq(Ptr, Ptr) -> (I32);
    // Iteration in insertion order: kiln_dict_slots(d) is the number of slots
    // (live or deleted); kiln_dict_entry(d, slot, out key, out value) -> 1 if
    // live (new references; either output may be null), 0 for a deleted slot. kiln_dict_version(d) changes
    // whenever the dict changes size, for "dictionary changed size during iteration".
    kiln_dict_slots(Ptr) -> (I64);
    kiln_dict_entry(Ptr, I64, Ptr, Ptr) -> (I32);
    kiln_dict_version(Ptr) -> (I64);

    // Sets, iterating in CPython's order (its hash table layout). kiln_set_new(elem ty) -> set or null.
    kiln_set_new(Ptr) -> (Ptr);
    // kiln_set_add(s, elem): the element is borrowed (the set takes its own reference if it keeps it).
    kiln_set_add(Ptr, Ptr) -> (I32);
    // kiln_set_reserve(s, n) — room for n elements in an empty set (len(set(...)) only).
    kiln_set_reserve(Ptr, I64) -> ();
    kiln_set_discard(Ptr, Ptr) -> (I32);
    // kiln_set_remove(s, elem) -> status (KeyError).
    kiln_set_remove(Ptr, Ptr) -> (I32);
    kiln_set_contains(Ptr, Ptr) -> (I32);
    // kiln_set_pop(s, out) -> status (KeyError 'pop from an empty set').
    kiln_set_pop(Ptr, Ptr) -> (I32);
    kiln_set_clear(Ptr) -> ();
    kiln_set_copy(Ptr) -> (Ptr);
    // Set algebra: new sets (null on error). op: 0 union, 1 intersection, 2 difference, 3 symmetric difference.
    kiln_set_op(I32, Ptr, Ptr) -> (Ptr);
    // kiln_set_update(s, other, op): in-place version of kiln_set_op (|=, &=, -=, ^=).
    kiln_set_update(Ptr, Ptr, I32) -> (I32);
    // kiln_set_compare(a, b, op) -> 0/1: op 0 ==, 1 issubset (<=), 2 proper subset (<), 3 issuperset, 4 isdisjoint.
    kiln_set_compare(Ptr, Ptr, I32) -> (I32);
    kiln_set_slots(Ptr) -> (I64);
    // kiln_set_entry(s, slot, out elem) -> 1 if live (new reference), 0 otherwise.
    kiln_set_entry(Ptr, I64, Ptr) -> (I32);
    kiln_set_version(Ptr) -> (I64);

    // Strings. kiln_str_new(utf8 bytes, byte length) -> new str (or null).
    kiln_str_new(Ptr, I64) -> (Ptr);
    kiln_str_concat(Ptr, Ptr) -> (Ptr);
    kiln_str_repeat(Ptr, I64) -> (Ptr);
    // kiln_str_getitem(s, index) -> one-character str (null: IndexError "string index out of range").
    kiln_str_getitem(Ptr, I64) -> (Ptr);
    kiln_str_slice(Ptr, I64, I64, I64, I32, I32) -> (Ptr);
    kiln_str_eq(Ptr, Ptr) -> (I32);
    // kiln_str_cmp(a, b) -> -1/0/1 (code point order).
    kiln_str_cmp(Ptr, Ptr) -> (I32);
    kiln_str_contains(Ptr, Ptr) -> (I32);
    // kiln_str_find(s, sub, start, end, has_start, has_end) -> index or -1 (code points).
    kiln_str_find(Ptr, Ptr, I64, I64, I32, I32) -> (I64);
    kiln_str_startswith(Ptr, Ptr) -> (I32);
    kiln_str_endswith(Ptr, Ptr) -> (I32);
    // kiln_str_method(kind, s) -> new str: 0 upper, 1 lower, 2 strip, 3 lstrip, 4 rstrip, 5 title, 6 capitalize, 7 swapcase.
    kiln_str_method(I32, Ptr) -> (Ptr);
    // kiln_str_strip_chars(kind (2/3/4 as above), s, chars) -> new str.
    kiln_str_strip_chars(I32, Ptr, Ptr) -> (Ptr);
    // kiln_str_replace(s, old, new, count (-1: all)) -> new str.
    kiln_str_replace(Ptr, Ptr, Ptr, I64) -> (Ptr);
    // kiln_str_split(s, sep (null: whitespace), maxsplit) -> new list of str (ValueError "empty separator").
    kiln_str_split(Ptr, Ptr, I64) -> (Ptr);
    // kiln_str_join(sep, list of str) -> new str (TypeError for non-str items cannot happen: typed).
    kiln_str_join(Ptr, Ptr) -> (Ptr);
    // kiln_str_count(s, sub) -> occurrences.
    kiln_str_count(Ptr, Ptr) -> (I64);
    // Predicates: kiln_str_is(kind, s) -> 0/1: 0 isdigit, 1 isalpha, 2 isspace, 3 isupper, 4 islower, 5 isalnum.
    kiln_str_is(I32, Ptr) -> (I32);
    // Formatting with a format spec (PEP 3101 mini-language; spec may be null):
    // `format(x, spec)`, `f"{x:spec}"`, and `str()`/`repr()` of numbers exactly as CPython.
    kiln_format_int(I64, Ptr) -> (Ptr);
    kiln_format_float(F64, Ptr) -> (Ptr);
    kiln_format_str(Ptr, Ptr) -> (Ptr);
    // kiln_repr_float(x) -> CPython's repr(float) (shortest round-trip, '1e+16', 'inf', 'nan').
    kiln_repr_float(F64) -> (Ptr);
    // kiln_str_to_int(s, out i64) / kiln_str_to_float(s, out f64): `int(s)` / `float(s)` with CPython's ValueError.
    kiln_str_to_int(Ptr, Ptr) -> (I32);
    kiln_str_to_float(Ptr, Ptr) -> (I32);
    // kiln_print(s, end): writes s then end (null: "\n") to sys.stdout (takes the GIL).
    kiln_print(Ptr, Ptr) -> (I32);

    // ----- Array functions ------------------------------------------------
    // Arguments `*const ArrayView` are borrowed inputs; `*mut ArrayView`
    // outputs receive a new array (an owned reference). Every function returns
    // 0, or 1 with an exception pending (and no output reference to release).
    // The compiler has already checked dtypes and ranks against NumPy's rules;
    // the runtime checks values (axis ranges, shapes) and raises NumPy's
    // exceptions with NumPy's messages.

    // kiln_reduce(kind, in, axes bit mask (bit k = axis k; all bits set or
    // u64::MAX = every axis), keepdims, out dtype, ddof, out).
    // SUM/PROD accumulate in the out dtype; float sums use NumPy's pairwise
    // summation over contiguous runs. MEAN/VAR/STD of ints compute in float64.
    kiln_reduce(I32, Ptr, I64, I32, I32, I64, Ptr) -> (I32);
    // kiln_scan(kind, in, axis (-1 = flattened), out dtype, out).
    kiln_scan(I32, Ptr, I64, I32, Ptr) -> (I32);
    // A C-contiguous copy (also the result of astype when dtypes differ):
    // kiln_copy(in, out dtype, out).
    kiln_copy(Ptr, I32, Ptr) -> (I32);
    // Copies `src` into `dst` with broadcasting (shapes already compatible
    // or raising NumPy's ValueError); handles overlap like NumPy (as if
    // through a temporary). kiln_assign(dst, src).
    kiln_assign(Ptr, Ptr) -> (I32);

    // Advanced indexing (fancy.rs): `base` is the basic-indexed view with
    // the advanced axes kept whole; `idx` points to n index views (integer,
    // or boolean covering as many axes as its rank; integer scalars as 0-d
    // int64), `pos` to n i64s: the base axis where each starts (increasing).
    // kiln_index_get(base, idx, n, pos, out) -> new array (NumPy's shape rule:
    // broadcast index axes in place when adjacent, else first; IndexError for
    // out-of-range indices and mismatched masks).
    kiln_index_get(Ptr, Ptr, I64, Ptr, Ptr) -> (I32);
    // kiln_index_set(base, idx, n, pos, value): value broadcast to the indexed
    // shape and cast to base's dtype (ValueError when it does not broadcast).
    kiln_index_set(Ptr, Ptr, I64, Ptr, Ptr) -> (I32);

    // Sorting and searching. axis -1 means the last axis; for the
    // flattening variants the compiler passes a 1-D view.
    // kiln_sort(in, axis, out) — a sorted copy, NaNs last (NumPy order).
    kiln_sort(Ptr, I64, Ptr) -> (I32);
    kiln_argsort(Ptr, I64, Ptr) -> (I32);
    // kiln_unique(in (any shape, flattened), out 1-D sorted unique).
    kiln_unique(Ptr, Ptr) -> (I32);
    // kiln_searchsorted(sorted 1-D a, v (any shape), side: 0 left / 1 right, out int64 of v's shape).
    kiln_searchsorted(Ptr, Ptr, I32, Ptr) -> (I32);
    // kiln_nonzero(in, out: pointer to `in.ndim` ArrayViews, each 1-D int64).
    kiln_nonzero(Ptr, Ptr) -> (I32);
    // kiln_argwhere(in, out (N, ndim) int64).
    kiln_argwhere(Ptr, Ptr) -> (I32);
    // kiln_bincount(x 1-D int, weights 1-D float64 or null, minlength, out).
    kiln_bincount(Ptr, Ptr, I64, Ptr) -> (I32);
    // kiln_diff(in, n, axis, out).
    kiln_diff(Ptr, I64, I64, Ptr) -> (I32);
    // kiln_interp(x, xp, fp, left, right, has_left, has_right, out float64 of x's shape).
    kiln_interp(Ptr, Ptr, Ptr, F64, F64, I32, I32, Ptr) -> (I32);
    // kiln_percentile(in, q (1-D float64 of percentiles in [0, 100]), axes mask, keepdims, out
    // float64 with the q axis first, as NumPy's linear method).
    kiln_percentile(Ptr, Ptr, I64, I32, Ptr) -> (I32);

    // Linear algebra (float32/float64/complex; ints via float64 are the
    // compiler's job). NumPy's shape rules and messages.
    kiln_dot(Ptr, Ptr, Ptr) -> (I32);
    kiln_matmul(Ptr, Ptr, Ptr) -> (I32);
    kiln_vdot(Ptr, Ptr, Ptr) -> (I32);
    kiln_inner(Ptr, Ptr, Ptr) -> (I32);
    kiln_outer(Ptr, Ptr, Ptr) -> (I32);
    // kiln_norm(in, ord kind (0 = default Frobenius/2-norm, 1 = 1, 2 = 2, 3 = inf, 4 = -inf, 5 = 'fro', 6 = 'nuc' unsupported),
    //           axes mask, keepdims, out float64).
    kiln_norm(Ptr, I32, I64, I32, Ptr) -> (I32);

    // Shape manipulation that copies.
    // kiln_concatenate(pointer to n ArrayViews, n, axis, out); stack is concatenate of expanded views.
    kiln_concatenate(Ptr, I64, I64, Ptr) -> (I32);
    // kiln_tile(in, reps pointer to i64s, nreps, out).
    kiln_tile(Ptr, Ptr, I64, Ptr) -> (I32);
    // kiln_repeat(in, repeats, axis (-1 with flatten = the compiler passes a 1-D view and axis 0), out).
    kiln_repeat(Ptr, I64, I64, Ptr) -> (I32);
    // kiln_roll(in, shift, axis (-1 = flattened), out).
    kiln_roll(Ptr, I64, I64, Ptr) -> (I32);

    // Threads (pool.rs). kiln_parallel_for(body, ctx, n, min_chunk): runs
    // the outlined loop body `body(ctx, lo, hi) -> i8 status` over 0..n in
    // chunks of at least min_chunk on the pool; 0, or 1 with the exception pending.
    kiln_parallel_for(Ptr, Ptr, I64, I64) -> (I32);
    // kiln_parallel_for_dynamic: the same with up to 8 chunks per thread
    // (for bodies whose result does not depend on the split).
    kiln_parallel_for_dynamic(Ptr, Ptr, I64, I64) -> (I32);
    // kiln_vsqrt_f64/f32(p, n): square roots of n floats in place (vsqrt.rs).
    kiln_vsqrt_f64(Ptr, I64) -> ();
    kiln_vsqrt_f32(Ptr, I64) -> ();
    // kiln_kernel_reduce(body, leaf, ctx, nwords, out_word, rows, m, reduce
    // kind, element dtype, result dtype, min_par, out) (kernel_reduce.rs):
    // folds rows of m elements of a kernel body into out[row] (leaf: null,
    // or a float64 sum's pairwise-leaf function); 0, or 1 with the
    // exception pending.
    kiln_kernel_reduce(Ptr, Ptr, Ptr, I64, I64, I64, I64, I32, I32, I32, I64, Ptr) -> (I32);

    // Random numbers: one MT19937 state per module, NumPy's legacy
    // RandomState algorithms. seed(s) with 0 <= s < 2**32.
    kiln_random_seed(I64) -> (I32);
    // kiln_random_fill(dist, p1, p2, out): fills an already allocated array
    // (float64 for the float distributions, int64 for RANDINT), in C order.
    kiln_random_fill(I32, F64, F64, Ptr) -> (I32);
    // A single draw as float64 (RANDINT: an exact integer).
    kiln_random_scalar(I32, F64, F64) -> (F64);
    // kiln_random_shuffle(inout 1-D or N-D, shuffles along axis 0 in place).
    kiln_random_shuffle(Ptr) -> (I32);
    // kiln_random_choice(a 1-D, size, replace, p 1-D float64 or null, out).
    kiln_random_choice(Ptr, I64, I32, Ptr, Ptr) -> (I32);

    // Python's `random` module (pyrandom.rs): its own MT19937 state, CPython's
    // stream. seed(n, has_seed) (has_seed 0: from entropy); random();
    // uniform(a, b); gauss(mu, sigma); randrange(start, stop, step, has_stop,
    // out) -> status (ValueError); below(n) -> an index in [0, n) for
    // `choice`; shuffle(list) -> status.
    kiln_random_py_seed(I64, I32) -> ();
    kiln_random_py_random() -> (F64);
    kiln_random_py_uniform(F64, F64) -> (F64);
    kiln_random_py_gauss(F64, F64) -> (F64);
    kiln_random_py_randrange(I64, I64, I64, I32, Ptr) -> (I32);
    kiln_random_py_below(I64) -> (I64);
    kiln_random_py_shuffle(Ptr) -> (I32);
}

/// Looks up an entry point by name.
pub fn entry(name: &str) -> Option<&'static EntryPoint> {
    ENTRY_POINTS.iter().find(|e| e.name == name)
}
