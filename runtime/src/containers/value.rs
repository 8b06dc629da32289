//! Generic operations on one value of any exported type, given its type code
//! and its flattened words: reference management, Python `==`, ordering,
//! `hash()` and `repr()`/`str()`. Containers use these for their elements;
//! compiled code reaches them through the `kiln_value_*` entries.
//!
//! Semantics follow CPython 3.11 for the types kiln has (elements of one
//! container all have the same type, so mixed-type comparisons never arise):
//! - `==`: NaN != NaN; tuples, lists, dicts and sets compare element-wise;
//!   arrays compare like NumPy's `bool(a == b)` (equal words count as the
//!   same object, as CPython's identity shortcut would);
//! - ordering ([`Order`]): a four-way answer so that `<`, `<=`, `>` and `>=`
//!   all follow from one call, NaN giving `Unordered`; sequences compare
//!   lexicographically at their first unequal item; sets by inclusion;
//!   complex numbers, `None` and dicts raise CPython's `TypeError`;
//! - `hash()`: see [`super::hash`]; lists, dicts, sets and arrays raise
//!   `unhashable type`;
//! - `repr()`: CPython's text, NumPy 2's for NumPy scalars.
//!
//! Divergence: CPython's `==` on containers first checks identity, so a list
//! holding one NaN *object* twice compares equal to itself; kiln has no
//! object identity for floats and compares the values. `repr` of an array
//! inside a container is not supported (NotImplementedError).
//!
//! Invariants: words are read according to `abi::flat_words`; nothing here
//! frees or retains anything except `retain`/`release`.

use std::fmt::Write;

use super::code::Code;
use super::floatfmt;
use super::hash;
use super::kstr::{self, as_str};
use super::obj::{raise, PyResult, Raised};
use super::{dict, list, set, strops};
use crate::abi::{dtype, exc, tycode, KBuf, KStr};
use crate::{buf, error};

/// The outcome of comparing two values: which of `<`, `==`, `>` holds, or
/// none of them (NaN).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Less,
    Equal,
    Greater,
    Unordered,
}

impl Order {
    /// The `kiln_value_cmp` encoding: -1, 0, 1, or 2 for unordered.
    pub fn code(self) -> i32 {
        match self {
            Order::Less => -1,
            Order::Equal => 0,
            Order::Greater => 1,
            Order::Unordered => 2,
        }
    }

    /// Whether `a < b` holds.
    pub fn is_lt(self) -> bool {
        self == Order::Less
    }

    fn of<T: PartialOrd>(a: T, b: T) -> Order {
        match a.partial_cmp(&b) {
            Some(std::cmp::Ordering::Less) => Order::Less,
            Some(std::cmp::Ordering::Equal) => Order::Equal,
            Some(std::cmp::Ordering::Greater) => Order::Greater,
            None => Order::Unordered,
        }
    }
}

/// Retains every reference held by a value.
///
/// # Safety
/// `w` are live words of type `c`.
pub unsafe fn retain(c: Code, w: &[u64]) {
    // SAFETY: the words of a live value hold live references.
    unsafe {
        match c.tag() {
            tycode::STR | tycode::LIST | tycode::DICT | tycode::SET => super::obj::incref(w[0] as *const u8),
            tycode::ARRAY => buf::kiln_buf_incref(w[1] as *mut KBuf),
            tycode::TUPLE => {
                let mut off = 0;
                for t in c.items() {
                    let n = t.words();
                    retain(t, &w[off..off + n]);
                    off += n;
                }
            }
            _ => {}
        }
    }
}

/// Retains every element of a run of elements of type `c`.
///
/// # Safety
/// `w` holds whole live elements of type `c`.
pub unsafe fn retain_all(c: Code, w: &[u64]) {
    let n = c.words();
    if n == 0 || !c.has_refs() {
        return;
    }
    for e in w.chunks_exact(n) {
        // SAFETY: forwarded.
        unsafe { retain(c, e) };
    }
}

/// Releases every element of a run of owned elements of type `c`.
///
/// # Safety
/// `w` holds whole elements of type `c` whose references the caller owns.
pub unsafe fn release_all(c: Code, w: &[u64]) {
    let n = c.words();
    if n == 0 || !c.has_refs() {
        return;
    }
    if c.tag() == tycode::LIST {
        // Lists of lists are freed element by element in tight loops
        // (permutation builders): dispatch on the type once.
        for &p in w {
            // SAFETY: forwarded.
            unsafe { list::decref(p as *mut crate::abi::KList) };
        }
        return;
    }
    for e in w.chunks_exact(n) {
        // SAFETY: forwarded.
        unsafe { release(c, e) };
    }
}

/// Releases every reference held by a value (null references are skipped,
/// so zero-filled words are fine).
///
/// # Safety
/// `w` are words of type `c` whose references the caller owns.
pub unsafe fn release(c: Code, w: &[u64]) {
    // SAFETY: the caller owns the references.
    unsafe {
        match c.tag() {
            tycode::STR => kstr::decref(w[0] as *mut KStr),
            tycode::LIST => list::decref(w[0] as *mut crate::abi::KList),
            tycode::DICT => dict::decref(w[0] as *mut dict::KDict),
            tycode::SET => set::decref(w[0] as *mut set::KSet),
            tycode::ARRAY => buf::decref(w[1] as *mut KBuf),
            tycode::TUPLE => {
                let mut off = 0;
                for t in c.items() {
                    let n = t.words();
                    release(t, &w[off..off + n]);
                    off += n;
                }
            }
            _ => {}
        }
    }
}

/// A NumPy scalar's value, widened.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NpVal {
    Bool(bool),
    Int(i128),
    Float(f64),
    Complex(f64, f64),
}

/// Reads a NumPy scalar of dtype `d` from its words (only the bits that
/// belong to the dtype are read).
pub fn np_value(d: u8, w: &[u64]) -> NpVal {
    let w0 = w[0];
    match d {
        dtype::BOOL => NpVal::Bool(w0 & 0xff != 0),
        dtype::INT8 => NpVal::Int(w0 as i8 as i128),
        dtype::INT16 => NpVal::Int(w0 as i16 as i128),
        dtype::INT32 => NpVal::Int(w0 as i32 as i128),
        dtype::INT64 => NpVal::Int(w0 as i64 as i128),
        dtype::UINT8 => NpVal::Int(w0 as u8 as i128),
        dtype::UINT16 => NpVal::Int(w0 as u16 as i128),
        dtype::UINT32 => NpVal::Int(w0 as u32 as i128),
        dtype::UINT64 => NpVal::Int(w0 as i128),
        dtype::FLOAT32 => NpVal::Float(f32::from_bits(w0 as u32) as f64),
        dtype::FLOAT64 => NpVal::Float(f64::from_bits(w0)),
        dtype::COMPLEX64 => NpVal::Complex(f32::from_bits(w0 as u32) as f64, f32::from_bits(w[1] as u32) as f64),
        _ => NpVal::Complex(f64::from_bits(w0), f64::from_bits(w[1])),
    }
}

/// Reads array element 0 (at `data`) of dtype `d`.
///
/// # Safety
/// `data` points to a readable element of dtype `d`.
unsafe fn array_elem(d: u8, data: *const u8) -> NpVal {
    let mut raw = [0u8; 16];
    // SAFETY: guaranteed by the caller; `itemsize <= 16`.
    unsafe { std::ptr::copy_nonoverlapping(data, raw.as_mut_ptr(), dtype::itemsize(d)) };
    np_value(d, &crate::ty::scalar_words(d, &raw))
}

fn npval_eq(a: NpVal, b: NpVal) -> bool {
    match (a, b) {
        (NpVal::Bool(x), NpVal::Bool(y)) => x == y,
        (NpVal::Int(x), NpVal::Int(y)) => x == y,
        (NpVal::Float(x), NpVal::Float(y)) => x == y,
        (NpVal::Complex(a, b), NpVal::Complex(c, d)) => a == c && b == d,
        _ => false,
    }
}

fn npval_cmp(a: NpVal, b: NpVal) -> Order {
    match (a, b) {
        (NpVal::Bool(x), NpVal::Bool(y)) => Order::of(x, y),
        (NpVal::Int(x), NpVal::Int(y)) => Order::of(x, y),
        (NpVal::Float(x), NpVal::Float(y)) => Order::of(x, y),
        // NumPy orders complex scalars lexicographically.
        (NpVal::Complex(a, b), NpVal::Complex(c, d)) => match Order::of(a, c) {
            Order::Equal => Order::of(b, d),
            o => o,
        },
        _ => Order::Unordered,
    }
}

/// Python's type name of a value of type `c`, as CPython's messages show it.
pub fn type_name(c: Code) -> String {
    match c.tag() {
        tycode::BOOL => "bool".into(),
        tycode::INT => "int".into(),
        tycode::FLOAT => "float".into(),
        tycode::COMPLEX => "complex".into(),
        tycode::NONE => "NoneType".into(),
        tycode::STR => "str".into(),
        tycode::NPSCALAR => format!("numpy.{}", dtype::name(c.dtype())),
        tycode::DTYPE => "numpy.dtype".into(),
        tycode::ARRAY => "numpy.ndarray".into(),
        tycode::TUPLE => "tuple".into(),
        tycode::LIST => "list".into(),
        tycode::DICT => "dict".into(),
        _ => "set".into(),
    }
}

/// The array words' element count and (if it has exactly one element) that
/// element's address.
fn array_single(c: Code, w: &[u64]) -> (i64, *const u8) {
    let nd = c.ndim();
    let size: i64 = w[2..2 + nd].iter().map(|&n| n as i64).product();
    (size, w[0] as *const u8)
}

/// NumPy's `bool(a == b)` / `bool(a < b)` for two arrays: only one-element
/// arrays have a truth value.
fn array_truth<T>(c: Code, a: &[u64], b: &[u64], f: impl Fn(NpVal, NpVal) -> T) -> PyResult<T> {
    let (na, pa) = array_single(c, a);
    let (nb, pb) = array_single(c, b);
    if na == 1 && nb == 1 {
        // SAFETY: a one-element array's data pointer addresses that element.
        let (x, y) = unsafe { (array_elem(c.dtype(), pa), array_elem(c.dtype(), pb)) };
        return Ok(f(x, y));
    }
    if na == 0 || nb == 0 {
        return raise(
            exc::VALUE_ERROR,
            "The truth value of an empty array is ambiguous. Use `array.size > 0` to check \
             that an array is not empty.",
        );
    }
    raise(exc::VALUE_ERROR, "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")
}

/// Python `a == b`.
///
/// # Safety
/// `a` and `b` are live words of type `c`.
pub unsafe fn eq(c: Code, a: &[u64], b: &[u64]) -> PyResult<bool> {
    // SAFETY: live words hold live references.
    unsafe {
        Ok(match c.tag() {
            tycode::BOOL => (a[0] & 0xff != 0) == (b[0] & 0xff != 0),
            tycode::INT => a[0] == b[0],
            tycode::FLOAT => f64::from_bits(a[0]) == f64::from_bits(b[0]),
            tycode::COMPLEX => f64::from_bits(a[0]) == f64::from_bits(b[0]) && f64::from_bits(a[1]) == f64::from_bits(b[1]),
            // One code, one dtype: dtype values of a type are all equal.
            tycode::NONE | tycode::DTYPE => true,
            tycode::STR => str_eq(a[0] as *const KStr, b[0] as *const KStr),
            tycode::NPSCALAR => npval_eq(np_value(c.dtype(), a), np_value(c.dtype(), b)),
            tycode::ARRAY => a == b || array_truth(c, a, b, npval_eq)?,
            tycode::TUPLE => {
                let mut off = 0;
                for t in c.items() {
                    let n = t.words();
                    if !eq(t, &a[off..off + n], &b[off..off + n])? {
                        return Ok(false);
                    }
                    off += n;
                }
                true
            }
            tycode::LIST => list::eq(a[0] as *const _, b[0] as *const _)?,
            tycode::DICT => dict::eq(a[0] as *const _, b[0] as *const _)?,
            _ => set::eq(a[0] as *const _, b[0] as *const _)?,
        })
    }
}

/// Two strs are equal.
///
/// # Safety
/// Both are live strs.
pub unsafe fn str_eq(a: *const KStr, b: *const KStr) -> bool {
    // SAFETY: live strs.
    a == b || unsafe { (*a).len == (*b).len && as_str(a) == as_str(b) }
}

fn unorderable<T>(c: Code) -> PyResult<T> {
    let n = type_name(c);
    raise(exc::TYPE_ERROR, format!("'<' not supported between instances of '{n}' and '{n}'"))
}

/// Python's ordering of two values (see [`Order`]).
///
/// # Safety
/// `a` and `b` are live words of type `c`.
pub unsafe fn cmp(c: Code, a: &[u64], b: &[u64]) -> PyResult<Order> {
    // SAFETY: live words hold live references.
    unsafe {
        Ok(match c.tag() {
            tycode::BOOL => Order::of(a[0] & 0xff != 0, b[0] & 0xff != 0),
            tycode::INT => Order::of(a[0] as i64, b[0] as i64),
            tycode::FLOAT => Order::of(f64::from_bits(a[0]), f64::from_bits(b[0])),
            tycode::STR => Order::of(as_str(a[0] as *const KStr), as_str(b[0] as *const KStr)),
            tycode::NPSCALAR => npval_cmp(np_value(c.dtype(), a), np_value(c.dtype(), b)),
            tycode::ARRAY => array_truth(c, a, b, npval_cmp)?,
            tycode::TUPLE => {
                let mut off = 0;
                for t in c.items() {
                    let n = t.words();
                    let (x, y) = (&a[off..off + n], &b[off..off + n]);
                    if !eq(t, x, y)? {
                        return cmp(t, x, y);
                    }
                    off += n;
                }
                Order::Equal
            }
            tycode::LIST => list::cmp(a[0] as *const _, b[0] as *const _)?,
            tycode::SET => set::cmp(a[0] as *const _, b[0] as *const _)?,
            _ => return unorderable(c),
        })
    }
}

/// `hash(v)`; `TypeError` for unhashable types.
///
/// # Safety
/// `w` are live words of type `c`.
pub unsafe fn hash(c: Code, w: &[u64]) -> PyResult<i64> {
    Ok(match c.tag() {
        tycode::BOOL => (w[0] & 0xff != 0) as i64,
        tycode::INT => hash::int(w[0] as i64),
        tycode::FLOAT => hash::float(f64::from_bits(w[0])),
        tycode::COMPLEX => hash::complex(f64::from_bits(w[0]), f64::from_bits(w[1])),
        tycode::NONE => hash::NONE,
        tycode::DTYPE => i64::from(c.dtype()),
        // SAFETY: a live str.
        tycode::STR => unsafe { kstr::str_hash(w[0] as *const KStr) },
        tycode::NPSCALAR => match np_value(c.dtype(), w) {
            NpVal::Bool(b) => b as i64,
            NpVal::Int(v) if v > i64::MAX as i128 => hash::uint(v as u64),
            NpVal::Int(v) => hash::int(v as i64),
            NpVal::Float(x) => hash::float(x),
            NpVal::Complex(re, im) => hash::complex(re, im),
        },
        tycode::TUPLE => {
            let mut hs = Vec::with_capacity(c.bytes()[1] as usize);
            let mut off = 0;
            for t in c.items() {
                let n = t.words();
                // SAFETY: forwarded.
                hs.push(unsafe { hash(t, &w[off..off + n]) }?);
                off += n;
            }
            hash::tuple(hs.into_iter())
        }
        _ => return raise(exc::TYPE_ERROR, format!("unhashable type: '{}'", type_name(c))),
    })
}

/// Appends `repr(v)` (or `str(v)` when `str_mode`) to `out`.
///
/// # Safety
/// `w` are live words of type `c`.
pub unsafe fn repr(c: Code, w: &[u64], out: &mut String, str_mode: bool) -> PyResult<()> {
    // SAFETY: live words hold live references.
    unsafe {
        match c.tag() {
            tycode::BOOL => out.push_str(if w[0] & 0xff != 0 { "True" } else { "False" }),
            tycode::INT => {
                let _ = write!(out, "{}", w[0] as i64);
            }
            tycode::FLOAT => out.push_str(&floatfmt::repr(f64::from_bits(w[0]))),
            tycode::COMPLEX => out.push_str(&floatfmt::repr_complex(f64::from_bits(w[0]), f64::from_bits(w[1]))),
            tycode::NONE => out.push_str("None"),
            tycode::STR => {
                let s = as_str(w[0] as *const KStr);
                if str_mode {
                    out.push_str(s);
                } else {
                    strops::repr_str(s, out);
                }
            }
            tycode::NPSCALAR => np_repr(c.dtype(), w, out, str_mode),
            tycode::DTYPE if str_mode => out.push_str(dtype::name(c.dtype())),
            tycode::DTYPE => {
                let _ = write!(out, "dtype('{}')", dtype::name(c.dtype()));
            }
            tycode::ARRAY => return raise(exc::NOT_IMPLEMENTED_ERROR, "kiln: repr() of a NumPy array inside a container is not supported"),
            tycode::TUPLE => {
                out.push('(');
                let mut off = 0;
                let n_items = c.bytes()[1];
                for (i, t) in c.items().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let n = t.words();
                    repr(t, &w[off..off + n], out, false)?;
                    off += n;
                }
                if n_items == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            tycode::LIST => list::repr(w[0] as *const _, out)?,
            tycode::DICT => dict::repr(w[0] as *const _, out)?,
            _ => set::repr(w[0] as *const _, out)?,
        }
    }
    Ok(())
}

/// NumPy 2's `repr`/`str` of a scalar: `np.float64(1.5)` / `1.5`.
fn np_repr(d: u8, w: &[u64], out: &mut String, str_mode: bool) {
    let v = np_value(d, w);
    let f32_part = |x: f64, sign: bool| {
        let s = floatfmt::repr_f32(x as f32);
        let s = s.strip_suffix(".0").map(str::to_owned).unwrap_or(s);
        if sign && !s.starts_with('-') {
            format!("+{s}")
        } else {
            s
        }
    };
    let text = match v {
        NpVal::Bool(b) => {
            if str_mode {
                (if b { "True" } else { "False" }).to_owned()
            } else {
                out.push_str(if b { "np.True_" } else { "np.False_" });
                return;
            }
        }
        NpVal::Int(i) => i.to_string(),
        NpVal::Float(x) if d == dtype::FLOAT32 => floatfmt::repr_f32(x as f32),
        NpVal::Float(x) => floatfmt::repr(x),
        NpVal::Complex(re, im) => {
            let s = if d == dtype::COMPLEX64 { floatfmt::repr_complex_with(re, im, f32_part) } else { floatfmt::repr_complex(re, im) };
            if str_mode {
                s
            } else {
                // NumPy drops the parentheses inside its constructor form.
                s.strip_prefix('(').and_then(|s| s.strip_suffix(')')).map(str::to_owned).unwrap_or(s)
            }
        }
    };
    if str_mode {
        out.push_str(&text);
    } else {
        let _ = write!(out, "np.{}({text})", dtype::name(d));
    }
}

/// Builds the words slice of an element pointer.
///
/// # Safety
/// `p` points to `c.words()` readable words (may dangle when that is 0).
pub unsafe fn words<'a>(c: Code, p: *const u64) -> &'a [u64] {
    let n = c.words();
    if n == 0 {
        &[]
    } else {
        // SAFETY: guaranteed by the caller.
        unsafe { std::slice::from_raw_parts(p, n) }
    }
}

/// Sets a `KeyError` whose argument is the value itself (as CPython's
/// `_PyErr_SetKeyError`): the message is the key's `repr`, and `pyglue`
/// raises it with the key object as the exception's argument.
///
/// # Safety
/// `w` are live words of type `c`.
pub unsafe fn raise_key_error<T>(c: Code, w: &[u64]) -> PyResult<T> {
    let mut msg = String::new();
    // SAFETY: forwarded.
    if unsafe { repr(c, w, &mut msg, false) }.is_err() {
        return Err(Raised);
    }
    error::set(exc::KEY_ERROR, msg);
    // SAFETY: forwarded; the payload takes its own references.
    unsafe { error::set_arg(std::rc::Rc::new(ValueArg::new(c, w))) };
    Err(Raised)
}

/// A value carried by a pending exception (the key of a `KeyError`); it owns
/// references to the value and releases them when dropped.
pub struct ValueArg {
    pub ty: *const u8,
    pub words: Vec<u64>,
}

impl ValueArg {
    /// Takes new references to `w`.
    ///
    /// # Safety
    /// `w` are live words of type `c`, whose code outlives the payload.
    pub unsafe fn new(c: Code, w: &[u64]) -> ValueArg {
        // SAFETY: forwarded.
        unsafe { retain(c, w) };
        ValueArg { ty: c.ptr(), words: w.to_vec() }
    }
}

impl Drop for ValueArg {
    fn drop(&mut self) {
        // SAFETY: the payload owns these references; its code is live.
        unsafe { release(Code::from_ptr(self.ty), &self.words) }
    }
}

// ---------------------------------------------------------------------------
// Entry points.

/// `kiln_value_eq(ty, a, b)`: 1 if `a == b`, else 0; -1 with an exception
/// pending (only for values containing arrays, whose truth value may be
/// ambiguous).
///
/// # Safety
/// `ty` is an element type code; `a` and `b` point to live words of that type.
#[no_mangle]
pub unsafe extern "C" fn kiln_value_eq(ty: *const u8, a: *const u64, b: *const u64) -> i32 {
    error::guard(-1, || {
        // SAFETY: forwarded.
        unsafe {
            let c = Code::from_ptr(ty);
            match eq(c, words(c, a), words(c, b)) {
                Ok(r) => r as i32,
                Err(_) => -1,
            }
        }
    })
}

/// `kiln_value_cmp(ty, a, b, out)`: status; `*out` is -1 (`a < b`), 0 (equal),
/// 1 (`a > b`) or 2 (unordered: a NaN, or sets neither of which contains the
/// other).
///
/// # Safety
/// As [`kiln_value_eq`]; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_value_cmp(ty: *const u8, a: *const u64, b: *const u64, out: *mut i32) -> i32 {
    error::guard(1, || {
        // SAFETY: forwarded.
        unsafe {
            let c = Code::from_ptr(ty);
            match cmp(c, words(c, a), words(c, b)) {
                Ok(o) => {
                    *out = o.code();
                    0
                }
                Err(_) => 1,
            }
        }
    })
}

/// `kiln_value_hash(ty, a)`: CPython's `hash(a)`; -1 with `TypeError` pending
/// for an unhashable type (a real hash is never -1).
///
/// # Safety
/// As [`kiln_value_eq`].
#[no_mangle]
pub unsafe extern "C" fn kiln_value_hash(ty: *const u8, a: *const u64) -> i64 {
    error::guard(-1, || {
        // SAFETY: forwarded.
        unsafe {
            let c = Code::from_ptr(ty);
            hash(c, words(c, a)).unwrap_or(-1)
        }
    })
}

/// `kiln_value_repr(ty, a, str_not_repr)`: a new str holding `repr(a)`, or
/// `str(a)` when the flag is 1; null with an exception pending.
///
/// # Safety
/// As [`kiln_value_eq`].
#[no_mangle]
pub unsafe extern "C" fn kiln_value_repr(ty: *const u8, a: *const u64, str_not_repr: i32) -> *mut KStr {
    error::guard(std::ptr::null_mut(), || {
        // SAFETY: forwarded.
        unsafe {
            let c = Code::from_ptr(ty);
            let w = words(c, a);
            if c.tag() == tycode::STR && str_not_repr != 0 {
                super::obj::incref(w[0] as *const u8);
                return w[0] as *mut KStr;
            }
            let mut out = String::new();
            match repr(c, w, &mut out, str_not_repr != 0) {
                Ok(()) => kstr::new_str(&out).unwrap_or(std::ptr::null_mut()),
                Err(_) => std::ptr::null_mut(),
            }
        }
    })
}
