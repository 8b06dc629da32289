//! The CPython and NumPy glue: builds a compiled module from its
//! [`ModuleDesc`], and runs the trampoline through which Python calls every
//! exported function.
//!
//! A call goes: Python arguments → overload selection and conversion into
//! flat argument words (arrays are borrowed, never copied) → compiled wrapper,
//! run with the GIL released → result words converted back to Python objects
//! (runtime-owned buffers are handed to NumPy, never copied) or the pending
//! exception raised as the builtin Python exception of the same kind.
//!
//! Invariants:
//! - this is the only file that touches the CPython or NumPy C API, and it
//!   does so only while holding the GIL (the GIL is released exactly around
//!   the wrapper call, which never touches Python);
//! - no panic crosses into CPython: both `extern "C"` entries here catch
//!   unwinding and turn it into a `SystemError`;
//! - no reference leaks on any path: result words carry owned `KBuf`
//!   references, and every one of them is either handed to a Python object or
//!   released, also when a conversion fails half-way;
//! - an input array's `KBuf` lives on the trampoline's stack for exactly one
//!   call, with `pyobj` pointing at the (borrowed) array object;
//! - container arguments (str, list, dict, set) are converted into runtime
//!   objects owned by the trampoline for the call; a container that compiled
//!   code may have written is copied back into the caller's object before
//!   the call returns, also when it raised (see `containers`).

use std::ffi::{c_int, c_long, c_void, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::atomic::{AtomicIsize, Ordering};

use numpy::npyffi::{
    self, npy_intp, NpyTypes, PyArrayObject, PyArray_Descr, NPY_ARRAY_C_CONTIGUOUS, NPY_ARRAY_F_CONTIGUOUS, NPY_ARRAY_WRITEABLE, NPY_ORDER,
    NPY_TYPES, PY_ARRAY_API,
};
use pyo3::ffi::{self, PyObject, Py_ssize_t};
use pyo3::Python;

use crate::abi::{dtype, exc, flat_words, layout, ConstDesc, FuncDesc, KBuf, ModuleDesc, WrapperFn, ABI_VERSION, MAX_NDIM};
use crate::containers::code::Code;
use crate::containers::value;
use crate::ty::{self, Ty};
use crate::{buf, error};

mod containers;
pub use containers::kiln_print;

/// Name of the capsule that is each exported function's `self`.
const FUNC_CAPSULE: &CStr = c"kiln.function";
/// Name of the capsule that owns a runtime buffer on behalf of a NumPy array.
const BUF_CAPSULE: &CStr = c"kiln.buffer";

/// Word buffers up to this size live on the stack: most calls need no heap.
const INLINE_WORDS: usize = 16;

/// Containers are described only this deep in `TypeError` messages, so that a
/// self-containing list cannot recurse forever.
const MAX_DESCRIBE_DEPTH: usize = 6;

// ---------------------------------------------------------------------------
// Decoded descriptors.

/// One overload, decoded once at import time.
struct Overload {
    signature: String,
    args: Vec<Ty>,
    /// Each argument's type encoding (static data of the compiled module);
    /// containers made from arguments point their element codes into it.
    arg_codes: Vec<&'static [u8]>,
    ret: Ty,
    ret_code: &'static [u8],
    arg_words: usize,
    ret_words: usize,
    /// Arrays among the arguments: the number of input `KBuf`s a call needs.
    arrays: usize,
    written_args: u64,
    wrapper: WrapperFn,
}

/// What an exported function's capsule points at.
struct FuncInfo {
    name: String,
    overloads: Vec<Overload>,
}

/// # Safety
/// `p` is null or a NUL-terminated string.
unsafe fn c_str_lossy(p: *const u8) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: guaranteed by the caller.
    unsafe { CStr::from_ptr(p.cast()) }.to_string_lossy().into_owned()
}

/// # Safety
/// `p` is valid for `n` elements whenever `n > 0`.
unsafe fn slice_or_empty<'a, T>(p: *const T, n: usize) -> &'a [T] {
    if n == 0 || p.is_null() {
        &[]
    } else {
        // SAFETY: guaranteed by the caller.
        unsafe { std::slice::from_raw_parts(p, n) }
    }
}

/// Decodes a function's overloads; the error names the overload at fault.
///
/// # Safety
/// `f` points to a valid `FuncDesc` whose pointers are valid as documented in abi.rs.
unsafe fn decode_func(f: &FuncDesc) -> Result<FuncInfo, String> {
    // SAFETY: the descriptor's pointers come from the compiled module's rodata.
    unsafe {
        let name = c_str_lossy(f.name);
        let mut overloads = Vec::with_capacity(f.noverloads as usize);
        for o in slice_or_empty(f.overloads, f.noverloads as usize) {
            let signature = c_str_lossy(o.signature);
            let bad = |what: &str, e: ty::ParseError| format!("overload `{signature}`: malformed {what} ({e})");
            let arg_bytes: &'static [u8] = slice_or_empty(o.arg_types, o.arg_types_len as usize);
            let args = Ty::parse_seq(arg_bytes, o.nargs as usize).map_err(|e| bad("argument types", e))?;
            let ret_bytes: &'static [u8] = slice_or_empty(o.ret_type, o.ret_type_len as usize);
            let ret = match Ty::parse_seq(ret_bytes, 1) {
                Ok(mut v) => v.remove(0),
                Err(e) => return Err(bad("result type", e)),
            };
            // The encodings parsed, so each one's length is known.
            let mut arg_codes = Vec::with_capacity(args.len());
            let mut rest: &'static [u8] = arg_bytes;
            for _ in 0..args.len() {
                let (_, len) = flat_words(rest).ok_or_else(|| format!("overload `{signature}`: bad argument types"))?;
                arg_codes.push(&rest[..len]);
                rest = &rest[len..];
            }
            overloads.push(Overload {
                arg_codes,
                ret_code: ret_bytes,
                arg_words: args.iter().map(Ty::words).sum(),
                arrays: args.iter().map(Ty::arrays).sum(),
                ret_words: ret.words(),
                signature,
                args,
                ret,
                written_args: o.written_args,
                wrapper: o.wrapper,
            });
        }
        Ok(FuncInfo { name, overloads })
    }
}

// ---------------------------------------------------------------------------
// Small CPython helpers.

/// Sets a Python exception of type `ty` with `msg`. Going through a `str`
/// object (rather than `PyErr_SetString`) keeps messages with NUL bytes intact.
///
/// # Safety
/// GIL held; `ty` is an exception type.
unsafe fn set_error(ty: *mut PyObject, msg: &str) {
    // SAFETY: GIL held (caller).
    unsafe {
        let s = ffi::PyUnicode_FromStringAndSize(msg.as_ptr().cast(), msg.len() as Py_ssize_t);
        if s.is_null() {
            return; // MemoryError is already set.
        }
        ffi::PyErr_SetObject(ty, s);
        ffi::Py_DECREF(s);
    }
}

/// The builtin exception type for an [`exc`] kind.
///
/// # Safety
/// GIL held.
unsafe fn exc_type(kind: i32) -> Option<*mut PyObject> {
    let name = *exc::NAMES.get(usize::try_from(kind).ok()?)?;
    // SAFETY: reading the interpreter's exception type pointers (GIL held).
    Some(unsafe {
        match name {
            "Exception" => ffi::PyExc_Exception,
            "TypeError" => ffi::PyExc_TypeError,
            "ValueError" => ffi::PyExc_ValueError,
            "IndexError" => ffi::PyExc_IndexError,
            "KeyError" => ffi::PyExc_KeyError,
            "ZeroDivisionError" => ffi::PyExc_ZeroDivisionError,
            "OverflowError" => ffi::PyExc_OverflowError,
            "MemoryError" => ffi::PyExc_MemoryError,
            "AssertionError" => ffi::PyExc_AssertionError,
            "RuntimeError" => ffi::PyExc_RuntimeError,
            "SystemError" => ffi::PyExc_SystemError,
            "StopIteration" => ffi::PyExc_StopIteration,
            "NotImplementedError" => ffi::PyExc_NotImplementedError,
            "ArithmeticError" => ffi::PyExc_ArithmeticError,
            "LookupError" => ffi::PyExc_LookupError,
            "AttributeError" => ffi::PyExc_AttributeError,
            "RecursionError" => ffi::PyExc_RecursionError,
            "UnboundLocalError" => ffi::PyExc_UnboundLocalError,
            // A kind added to abi.rs but not here still works, a little slower.
            other => return builtin_exception(other),
        }
    })
}

/// Looks up a builtin exception class by name.
///
/// # Safety
/// GIL held.
unsafe fn builtin_exception(name: &str) -> Option<*mut PyObject> {
    let cname = CString::new(name).ok()?;
    // SAFETY: GIL held (caller); the builtins dict and its items are borrowed.
    unsafe {
        let builtins = ffi::PyEval_GetBuiltins();
        if builtins.is_null() {
            return None;
        }
        let obj = ffi::PyDict_GetItemString(builtins, cname.as_ptr());
        let is_exception_class =
            !obj.is_null() && ffi::PyType_Check(obj) != 0 && ffi::PyType_IsSubtype(obj.cast(), ffi::PyExc_BaseException.cast()) != 0;
        is_exception_class.then_some(obj)
    }
}

/// Raises this thread's pending kiln exception as a Python exception.
///
/// # Safety
/// GIL held.
unsafe fn raise_pending() {
    // SAFETY: GIL held (caller).
    unsafe {
        match error::take_with_arg() {
            Some((p, Some(arg))) if p.kind == exc::KEY_ERROR => containers::raise_key_error(&p.message, arg),
            Some((p, _)) => match exc_type(p.kind) {
                Some(ty) => set_error(ty, &p.message),
                None => set_error(ffi::PyExc_SystemError, &format!("kiln: unknown exception kind {}: {}", p.kind, p.message)),
            },
            None => set_error(ffi::PyExc_SystemError, "kiln: compiled code reported an error but none was pending"),
        }
    }
}

/// A `str` object's text (`None` if it is not a `str`; the error is cleared).
///
/// # Safety
/// GIL held; `s` is a live object.
unsafe fn str_text(s: *mut PyObject) -> Option<String> {
    // SAFETY: GIL held (caller).
    unsafe {
        let mut n: Py_ssize_t = 0;
        let p = ffi::PyUnicode_AsUTF8AndSize(s, &mut n);
        if p.is_null() {
            ffi::PyErr_Clear();
            return None;
        }
        let bytes = std::slice::from_raw_parts(p.cast::<u8>(), n as usize);
        Some(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// `type(obj).__name__`.
///
/// # Safety
/// GIL held; `obj` is a live object.
unsafe fn type_name(obj: *mut PyObject) -> String {
    // SAFETY: GIL held (caller).
    unsafe {
        let name = ffi::PyType_GetName(ffi::Py_TYPE(obj));
        if name.is_null() {
            ffi::PyErr_Clear();
            return "object".to_owned();
        }
        let s = str_text(name).unwrap_or_else(|| "object".to_owned());
        ffi::Py_DECREF(name);
        s
    }
}

// ---------------------------------------------------------------------------
// NumPy helpers.

/// NumPy's type number for a kiln dtype (the canonical one for its size).
fn npy_type(d: u8) -> c_int {
    let long_is_64 = std::mem::size_of::<c_long>() == 8;
    (match d {
        dtype::BOOL => NPY_TYPES::NPY_BOOL,
        dtype::INT8 => NPY_TYPES::NPY_BYTE,
        dtype::INT16 => NPY_TYPES::NPY_SHORT,
        dtype::INT32 => NPY_TYPES::NPY_INT,
        dtype::INT64 if long_is_64 => NPY_TYPES::NPY_LONG,
        dtype::INT64 => NPY_TYPES::NPY_LONGLONG,
        dtype::UINT8 => NPY_TYPES::NPY_UBYTE,
        dtype::UINT16 => NPY_TYPES::NPY_USHORT,
        dtype::UINT32 => NPY_TYPES::NPY_UINT,
        dtype::UINT64 if long_is_64 => NPY_TYPES::NPY_ULONG,
        dtype::UINT64 => NPY_TYPES::NPY_ULONGLONG,
        dtype::FLOAT32 => NPY_TYPES::NPY_FLOAT,
        dtype::FLOAT64 => NPY_TYPES::NPY_DOUBLE,
        dtype::COMPLEX64 => NPY_TYPES::NPY_CFLOAT,
        _ => NPY_TYPES::NPY_CDOUBLE,
    }) as c_int
}

/// The kiln dtype of a NumPy type number; `None` for types kiln has no dtype for.
fn dtype_of_npy(type_num: c_int) -> Option<u8> {
    let long_is_64 = std::mem::size_of::<c_long>() == 8;
    const BOOL: c_int = NPY_TYPES::NPY_BOOL as c_int;
    const BYTE: c_int = NPY_TYPES::NPY_BYTE as c_int;
    const UBYTE: c_int = NPY_TYPES::NPY_UBYTE as c_int;
    const SHORT: c_int = NPY_TYPES::NPY_SHORT as c_int;
    const USHORT: c_int = NPY_TYPES::NPY_USHORT as c_int;
    const INT: c_int = NPY_TYPES::NPY_INT as c_int;
    const UINT: c_int = NPY_TYPES::NPY_UINT as c_int;
    const LONG: c_int = NPY_TYPES::NPY_LONG as c_int;
    const ULONG: c_int = NPY_TYPES::NPY_ULONG as c_int;
    const LONGLONG: c_int = NPY_TYPES::NPY_LONGLONG as c_int;
    const ULONGLONG: c_int = NPY_TYPES::NPY_ULONGLONG as c_int;
    const FLOAT: c_int = NPY_TYPES::NPY_FLOAT as c_int;
    const DOUBLE: c_int = NPY_TYPES::NPY_DOUBLE as c_int;
    const CFLOAT: c_int = NPY_TYPES::NPY_CFLOAT as c_int;
    const CDOUBLE: c_int = NPY_TYPES::NPY_CDOUBLE as c_int;
    Some(match type_num {
        BOOL => dtype::BOOL,
        BYTE => dtype::INT8,
        UBYTE => dtype::UINT8,
        SHORT => dtype::INT16,
        USHORT => dtype::UINT16,
        INT => dtype::INT32,
        UINT => dtype::UINT32,
        LONG if long_is_64 => dtype::INT64,
        LONG => dtype::INT32,
        ULONG if long_is_64 => dtype::UINT64,
        ULONG => dtype::UINT32,
        LONGLONG => dtype::INT64,
        ULONGLONG => dtype::UINT64,
        FLOAT => dtype::FLOAT32,
        DOUBLE => dtype::FLOAT64,
        CFLOAT => dtype::COMPLEX64,
        CDOUBLE => dtype::COMPLEX128,
        _ => return None,
    })
}

/// The kiln dtype of a NumPy descriptor, if it has one and is in native byte
/// order (kiln code reads elements natively).
///
/// # Safety
/// `descr` is a live descriptor.
unsafe fn dtype_of_descr(descr: *mut PyArray_Descr) -> Option<u8> {
    // SAFETY: `typeobj..type_num` have the same layout in NumPy 1.x and 2.x.
    let f = unsafe { &(*descr).fields };
    let opposite = if cfg!(target_endian = "little") { b'>' } else { b'<' };
    if f.byteorder as u8 == opposite {
        return None;
    }
    dtype_of_npy(f.type_num)
}

/// `Some(dtype)` when `obj` is a NumPy scalar (`np.generic`), with `dtype`
/// `None` when kiln has no dtype for it; `None` when `obj` is no NumPy scalar.
///
/// # Safety
/// GIL held; NumPy's API is loaded.
unsafe fn np_scalar_dtype(py: Python<'_>, obj: *mut PyObject) -> Option<Option<u8>> {
    // SAFETY: GIL held (caller).
    unsafe {
        let generic = npyffi::get_type_object(py, NpyTypes::PyGenericArrType_Type);
        if ffi::PyObject_TypeCheck(obj, generic) == 0 {
            return None;
        }
        let descr = PY_ARRAY_API.PyArray_DescrFromScalar(py, obj);
        if descr.is_null() {
            ffi::PyErr_Clear();
            return Some(None);
        }
        let d = dtype_of_descr(descr);
        ffi::Py_DECREF(descr.cast());
        Some(d)
    }
}

/// The words of a NumPy scalar whose dtype is known to be `d`.
///
/// # Safety
/// GIL held; `obj` is a NumPy scalar of dtype `d`.
unsafe fn np_scalar_words(py: Python<'_>, obj: *mut PyObject, d: u8) -> [u64; 2] {
    let mut raw = [0u8; 16];
    // SAFETY: the scalar's C value is at most 16 bytes (complex128) for kiln dtypes.
    unsafe { PY_ARRAY_API.PyArray_ScalarAsCtype(py, obj, raw.as_mut_ptr().cast()) };
    ty::scalar_words(d, &raw)
}

/// A Python int's value, if it fits in 64 bits (signed or unsigned).
///
/// # Safety
/// GIL held; `obj` is an int.
unsafe fn py_int_value(obj: *mut PyObject) -> Option<i128> {
    // SAFETY: GIL held (caller).
    unsafe {
        let mut overflow: c_int = 0;
        let v = ffi::PyLong_AsLongLongAndOverflow(obj, &mut overflow);
        if overflow == 0 {
            if v == -1 && !ffi::PyErr_Occurred().is_null() {
                ffi::PyErr_Clear();
                return None;
            }
            return Some(v as i128);
        }
        if overflow < 0 {
            return None;
        }
        let u = ffi::PyLong_AsUnsignedLongLong(obj);
        if u == u64::MAX && !ffi::PyErr_Occurred().is_null() {
            ffi::PyErr_Clear();
            return None;
        }
        Some(u as i128)
    }
}

/// Array fields, borrowed.
///
/// # Safety
/// `obj` is a live `ndarray`.
unsafe fn array_fields<'a>(obj: *mut PyObject) -> &'a npyffi::PyArrayObject_fields {
    // SAFETY: guaranteed by the caller.
    unsafe { &(*obj.cast::<PyArrayObject>()).fields }
}

/// # Safety
/// GIL held; NumPy's API is loaded.
unsafe fn is_array(py: Python<'_>, obj: *mut PyObject) -> bool {
    // SAFETY: GIL held (caller).
    unsafe { npyffi::PyArray_Check(py, obj) != 0 }
}

// ---------------------------------------------------------------------------
// Arguments.

/// Argument or result words: on the stack when few, on the heap otherwise.
struct Words {
    inline: [u64; INLINE_WORDS],
    heap: Vec<u64>,
    len: usize,
}

impl Words {
    fn new(len: usize) -> Words {
        let heap = if len > INLINE_WORDS { vec![0; len] } else { Vec::new() };
        Words { inline: [0; INLINE_WORDS], heap, len }
    }

    fn as_slice(&self) -> &[u64] {
        if self.len > INLINE_WORDS {
            &self.heap
        } else {
            &self.inline[..self.len]
        }
    }

    fn as_mut_slice(&mut self) -> &mut [u64] {
        if self.len > INLINE_WORDS {
            &mut self.heap
        } else {
            &mut self.inline[..self.len]
        }
    }
}

fn empty_kbuf() -> KBuf {
    KBuf { refcnt: AtomicIsize::new(1), data: ptr::null_mut(), nbytes: 0, pyobj: ptr::null_mut() }
}

/// A container argument converted into a runtime object: which Python
/// object it came from, so that the same object converts to the same runtime
/// object again (aliasing is preserved, as in Python), a returned runtime
/// object becomes the caller's object again, and written containers are
/// copied back.
struct Memo {
    py: *mut PyObject,
    /// The element type encoding it was converted for.
    code: &'static [u8],
    /// The runtime object (the memo holds no reference of its own).
    obj: *mut u8,
    /// Whether an argument that reaches it may have been written.
    written: bool,
}

/// State of converting one overload's arguments, and of the call that
/// follows: it owns the argument words and every input `KBuf`.
struct ArgCx<'py> {
    py: Python<'py>,
    words: Words,
    pos: usize,
    /// The call's input `KBuf`s for top-level arrays; their addresses go into
    /// the words, so the vector never grows after creation.
    owners: Vec<KBuf>,
    nowners: usize,
    /// `KBuf`s of arrays inside containers. Each starts with one reference,
    /// owned by the container element. Boxed: their addresses are in the
    /// elements, so they must not move when the vector grows.
    #[allow(clippy::vec_box)]
    extra_owners: Vec<Box<KBuf>>,
    /// Index of the argument being converted.
    arg: usize,
    /// Bit i: argument i holds a read-only array.
    readonly_args: u64,
    /// Bit i: argument i may be written by the function.
    written_args: u64,
    /// Greater than 0 while converting container elements, whose words go to
    /// `scratch` instead of `words`.
    nested: usize,
    scratch: Vec<u64>,
    memo: Vec<Memo>,
}

impl ArgCx<'_> {
    fn push(&mut self, w: u64) {
        if self.nested > 0 {
            self.scratch.push(w);
        } else {
            self.words.as_mut_slice()[self.pos] = w;
            self.pos += 1;
        }
    }

    /// The current output position (see [`Self::since`]).
    fn mark(&self) -> usize {
        if self.nested > 0 {
            self.scratch.len()
        } else {
            self.pos
        }
    }

    /// The words pushed since `mark`.
    fn since(&self, mark: usize) -> Vec<u64> {
        if self.nested > 0 {
            self.scratch[mark..].to_vec()
        } else {
            self.words.as_slice()[mark..self.pos].to_vec()
        }
    }

    /// Forgets the words pushed since `mark` (the caller released them).
    fn rollback(&mut self, mark: usize) {
        if self.nested > 0 {
            self.scratch.truncate(mark);
        } else {
            self.pos = mark;
        }
    }

    /// Converts `obj` as `ty` (encoded as `code`), appending its words;
    /// `false` when it does not match, in which case nothing it made is left
    /// behind.
    ///
    /// # Safety
    /// GIL held; `obj` is live for the whole call.
    unsafe fn convert(&mut self, obj: *mut PyObject, ty: &Ty, code: Code<'static>) -> bool {
        let py = self.py;
        // SAFETY: GIL held (caller); every object inspected is live.
        unsafe {
            match ty {
                Ty::Bool => {
                    if ffi::PyBool_Check(obj) != 0 {
                        self.push((obj == ffi::Py_True()) as u64);
                        return true;
                    }
                    if np_scalar_dtype(py, obj) == Some(Some(dtype::BOOL)) {
                        self.push(np_scalar_words(py, obj, dtype::BOOL)[0]);
                        return true;
                    }
                    false
                }
                Ty::Int => {
                    if ffi::PyBool_Check(obj) != 0 {
                        return false;
                    }
                    if ffi::PyLong_Check(obj) != 0 {
                        return match py_int_value(obj) {
                            Some(v) if i64::try_from(v).is_ok() => {
                                self.push(v as i64 as u64);
                                true
                            }
                            _ => false,
                        };
                    }
                    match np_scalar_dtype(py, obj) {
                        Some(Some(d)) if ty::int_range(d).is_some() => {
                            let w = np_scalar_words(py, obj, d)[0];
                            // Only uint64 can hold a value outside int64.
                            if d == dtype::UINT64 && w > i64::MAX as u64 {
                                return false;
                            }
                            self.push(w);
                            true
                        }
                        _ => false,
                    }
                }
                Ty::Float => {
                    if ffi::PyFloat_Check(obj) != 0 {
                        self.push(ffi::PyFloat_AS_DOUBLE(obj).to_bits());
                        return true;
                    }
                    false
                }
                Ty::Complex => {
                    if ffi::PyComplex_Check(obj) != 0 {
                        let c = ffi::PyComplex_AsCComplex(obj);
                        self.push(c.real.to_bits());
                        self.push(c.imag.to_bits());
                        return true;
                    }
                    false
                }
                Ty::None => obj == ffi::Py_None(),
                // Never an argument type (exports cannot name dtypes).
                Ty::DType(_) => false,
                Ty::NpScalar(d) => self.convert_np_scalar(obj, *d),
                Ty::Array { dtype: d, ndim, layout: l } => self.convert_array(obj, *d, *ndim, *l),
                Ty::Tuple(items) => {
                    if ffi::PyTuple_Check(obj) == 0 || ffi::PyTuple_GET_SIZE(obj) as usize != items.len() {
                        return false;
                    }
                    let mark = self.mark();
                    for (i, (item, icode)) in items.iter().zip(code.items()).enumerate() {
                        if !self.convert(ffi::PyTuple_GET_ITEM(obj, i as Py_ssize_t), item, icode) {
                            // Release the items converted so far.
                            let done = self.since(mark);
                            let mut off = 0;
                            for c in code.items().take(i) {
                                let n = c.words();
                                self.release_words(c, &done[off..off + n]);
                                off += n;
                            }
                            self.rollback(mark);
                            return false;
                        }
                    }
                    true
                }
                Ty::Str => self.convert_str(obj),
                Ty::List(item) => self.convert_list(obj, item, code),
                Ty::Set(item) => self.convert_set(obj, item, code),
                Ty::Dict(k, v) => self.convert_dict(obj, k, v, code),
            }
        }
    }

    /// # Safety
    /// As [`Self::convert`].
    unsafe fn convert_np_scalar(&mut self, obj: *mut PyObject, d: u8) -> bool {
        let py = self.py;
        // SAFETY: GIL held (caller).
        unsafe {
            // A NumPy scalar must have exactly the dtype; only plain Python
            // scalars are converted by kind.
            if let Some(sd) = np_scalar_dtype(py, obj) {
                if sd != Some(d) {
                    return false;
                }
                let w = np_scalar_words(py, obj, d);
                self.push(w[0]);
                if ty::is_complex(d) {
                    self.push(w[1]);
                }
                return true;
            }
            if ffi::PyBool_Check(obj) != 0 {
                if d != dtype::BOOL {
                    return false;
                }
                self.push((obj == ffi::Py_True()) as u64);
                return true;
            }
            if ffi::PyLong_Check(obj) != 0 {
                let Some((lo, hi)) = ty::int_range(d) else {
                    return false;
                };
                return match py_int_value(obj) {
                    Some(v) if (lo..=hi).contains(&v) => {
                        // Two's complement in 64 bits: sign-extended for signed
                        // dtypes, zero-extended for unsigned ones.
                        self.push(v as u64);
                        true
                    }
                    _ => false,
                };
            }
            if ffi::PyFloat_Check(obj) != 0 {
                let v = ffi::PyFloat_AS_DOUBLE(obj);
                match d {
                    dtype::FLOAT64 => self.push(v.to_bits()),
                    dtype::FLOAT32 => self.push((v as f32).to_bits() as u64),
                    _ => return false,
                }
                return true;
            }
            if ffi::PyComplex_Check(obj) != 0 {
                let c = ffi::PyComplex_AsCComplex(obj);
                match d {
                    dtype::COMPLEX128 => {
                        self.push(c.real.to_bits());
                        self.push(c.imag.to_bits());
                    }
                    dtype::COMPLEX64 => {
                        self.push((c.real as f32).to_bits() as u64);
                        self.push((c.imag as f32).to_bits() as u64);
                    }
                    _ => return false,
                }
                return true;
            }
            false
        }
    }

    /// # Safety
    /// As [`Self::convert`].
    unsafe fn convert_array(&mut self, obj: *mut PyObject, d: u8, ndim: usize, l: u8) -> bool {
        // SAFETY: GIL held (caller); `obj` is checked to be an ndarray first.
        unsafe {
            if !is_array(self.py, obj) {
                return false;
            }
            let a = array_fields(obj);
            if a.nd as usize != ndim || dtype_of_descr(a.descr) != Some(d) {
                return false;
            }
            let fits = match l {
                layout::C => a.flags & NPY_ARRAY_C_CONTIGUOUS != 0,
                layout::F => a.flags & NPY_ARRAY_F_CONTIGUOUS != 0,
                _ => true,
            };
            if !fits {
                return false;
            }
            let shape = slice_or_empty(a.dimensions, ndim);
            let strides = slice_or_empty(a.strides, ndim);
            // The KBuf describes the bytes the array can reach: from its lowest
            // to its highest element (strides may be negative).
            let itemsize = dtype::itemsize(d) as isize;
            let (mut lo, mut hi, mut empty) = (0isize, 0isize, false);
            for (&n, &s) in shape.iter().zip(strides) {
                if n == 0 {
                    empty = true;
                } else if s < 0 {
                    lo += s * (n - 1);
                } else {
                    hi += s * (n - 1);
                }
            }
            let data = a.data.cast::<u8>();
            let (start, nbytes) = if empty { (data, 0) } else { (data.offset(lo), (hi - lo + itemsize) as usize) };
            let kbuf = KBuf { refcnt: AtomicIsize::new(1), data: start, nbytes, pyobj: obj.cast() };
            let owner_ptr = if self.nested > 0 {
                // Inside a container: the element owns this reference.
                let mut b = Box::new(kbuf);
                let p = &mut *b as *mut KBuf;
                self.extra_owners.push(b);
                p
            } else {
                if self.nowners >= self.owners.len() {
                    // Cannot happen: `arrays` counts exactly the array nodes.
                    return false;
                }
                let owner = &mut self.owners[self.nowners];
                self.nowners += 1;
                *owner = kbuf;
                owner as *mut KBuf
            };
            if a.flags & NPY_ARRAY_WRITEABLE == 0 && self.arg < 64 {
                self.readonly_args |= 1 << self.arg;
            }
            self.push(data as u64);
            self.push(owner_ptr as u64);
            for &n in shape {
                self.push(n as u64);
            }
            for &s in strides {
                self.push(s as u64);
            }
            true
        }
    }
}

// ---------------------------------------------------------------------------
// Results.

/// Converts result (or constant) words to Python objects.
struct ResultCx<'m, 'py> {
    py: Python<'py>,
    /// Constants are borrowed static data: arrays are copied and no reference
    /// counts change. Results own their `KBuf` references.
    constant: bool,
    /// Arrays already converted in this result, so that `return a, a` gives
    /// the same object twice, as in Python.
    seen: Vec<(Vec<u64>, *mut PyObject)>,
    /// The call's converted container arguments.
    memo: &'m [Memo],
    /// Runtime containers already converted (or copied back into their
    /// original), so that one runtime object becomes one Python object.
    made: Vec<(*mut u8, *mut PyObject)>,
    /// Greater than 0 while copying a written container back: everything
    /// reachable from it is copied back too, whichever argument it came
    /// through.
    syncing: usize,
}

/// Drops the owned references held by result words of type `code`.
///
/// # Safety
/// `words` are result words of that type whose references are still owned.
unsafe fn release(code: Code, words: &[u64]) {
    // SAFETY: forwarded.
    unsafe { value::release(code, words) }
}

impl<'m> ResultCx<'m, '_> {
    fn new<'p>(py: Python<'p>, constant: bool, memo: &'m [Memo]) -> ResultCx<'m, 'p> {
        ResultCx { py, constant, seen: Vec::new(), memo, made: Vec::new(), syncing: 0 }
    }

    /// Converts `words` of type `ty` (encoded as `code`) into a new
    /// reference, consuming every owned reference in `words` whether it
    /// succeeds or not. Null with a Python exception set on failure.
    ///
    /// # Safety
    /// GIL held; `words` are well-formed words of type `ty`.
    unsafe fn words_to_py(&mut self, ty: &Ty, code: Code, words: &[u64]) -> *mut PyObject {
        let py = self.py;
        // SAFETY: GIL held (caller).
        unsafe {
            match ty {
                Ty::Bool => {
                    let o = if words[0] & 0xff != 0 { ffi::Py_True() } else { ffi::Py_False() };
                    ffi::Py_INCREF(o);
                    o
                }
                Ty::Int => ffi::PyLong_FromLongLong(words[0] as i64),
                Ty::Float => ffi::PyFloat_FromDouble(f64::from_bits(words[0])),
                Ty::Complex => ffi::PyComplex_FromDoubles(f64::from_bits(words[0]), f64::from_bits(words[1])),
                Ty::None => {
                    let o = ffi::Py_None();
                    ffi::Py_INCREF(o);
                    o
                }
                Ty::DType(d) => PY_ARRAY_API.PyArray_DescrFromType(py, npy_type(*d)).cast(),
                Ty::NpScalar(d) => {
                    let mut raw = ty::scalar_bytes(*d, words);
                    let descr = PY_ARRAY_API.PyArray_DescrFromType(py, npy_type(*d));
                    if descr.is_null() {
                        return ptr::null_mut();
                    }
                    let o = PY_ARRAY_API.PyArray_Scalar(py, raw.as_mut_ptr().cast(), descr, ptr::null_mut());
                    ffi::Py_DECREF(descr.cast());
                    o
                }
                Ty::Array { dtype: d, ndim, .. } => self.array_to_py(*d, *ndim, words),
                Ty::Tuple(items) => {
                    let tuple = ffi::PyTuple_New(items.len() as Py_ssize_t);
                    if tuple.is_null() {
                        if !self.constant {
                            release(code, words);
                        }
                        return ptr::null_mut();
                    }
                    let codes: Vec<Code> = code.items().collect();
                    let mut off = 0;
                    for (i, item) in items.iter().enumerate() {
                        let n = item.words();
                        let o = self.words_to_py(item, codes[i], &words[off..off + n]);
                        off += n;
                        if o.is_null() {
                            if !self.constant {
                                let mut rest_off = off;
                                for rest in &codes[i + 1..] {
                                    let rn = rest.words();
                                    release(*rest, &words[rest_off..rest_off + rn]);
                                    rest_off += rn;
                                }
                            }
                            // Unset slots are NULL, which tuple deallocation skips.
                            ffi::Py_DECREF(tuple);
                            return ptr::null_mut();
                        }
                        ffi::PyTuple_SET_ITEM(tuple, i as Py_ssize_t, o);
                    }
                    tuple
                }
                Ty::Str => self.str_to_py(words[0] as *mut crate::abi::KStr),
                Ty::List(item) => self.list_to_py(item, code, words[0] as *mut crate::abi::KList),
                Ty::Set(item) => self.set_to_py(item, code, words[0] as *mut crate::containers::set::KSet),
                Ty::Dict(k, v) => self.dict_to_py(k, v, code, words[0] as *mut crate::containers::dict::KDict),
            }
        }
    }

    /// # Safety
    /// As [`Self::words_to_py`], for array words.
    unsafe fn array_to_py(&mut self, d: u8, ndim: usize, words: &[u64]) -> *mut PyObject {
        let py = self.py;
        let data = words[0] as *mut c_void;
        let owner = words[1] as *mut KBuf;
        // `ndim <= MAX_NDIM` was checked when the type was decoded.
        let mut shape = [0 as npy_intp; MAX_NDIM];
        let mut strides = [0 as npy_intp; MAX_NDIM];
        for i in 0..ndim {
            shape[i] = words[2 + i] as npy_intp;
            strides[i] = words[2 + ndim + i] as npy_intp;
        }
        let (shape, strides) = (&mut shape[..ndim], &mut strides[..ndim]);
        // NumPy copies shape and strides; it only needs the pointers for the call.
        let (shape_ptr, strides_ptr) = (shape.as_mut_ptr(), strides.as_mut_ptr());
        // SAFETY: GIL held (caller); the owner word is a live KBuf reference.
        unsafe {
            let array_type = npyffi::get_type_object(py, NpyTypes::PyArray_Type);
            let new_view = |flags: c_int| {
                let descr = PY_ARRAY_API.PyArray_DescrFromType(py, npy_type(d));
                if descr.is_null() {
                    return ptr::null_mut();
                }
                // Steals `descr`, also on failure.
                PY_ARRAY_API.PyArray_NewFromDescr(
                    py,
                    array_type,
                    descr,
                    ndim as c_int,
                    shape_ptr,
                    strides_ptr,
                    data,
                    flags,
                    ptr::null_mut(),
                )
            };

            if self.constant {
                // Static read-only data: hand Python its own writable copy, as
                // a module attribute is an ordinary mutable array in Python.
                let view = new_view(0);
                if view.is_null() {
                    return ptr::null_mut();
                }
                let copy = PY_ARRAY_API.PyArray_NewCopy(py, view.cast(), NPY_ORDER::NPY_CORDER);
                ffi::Py_DECREF(view);
                return copy;
            }

            if owner.is_null() {
                set_error(ffi::PyExc_SystemError, "kiln: array result without an owner buffer");
                return ptr::null_mut();
            }
            if let Some(&(_, o)) = self.seen.iter().find(|(w, _)| w.as_slice() == words) {
                ffi::Py_INCREF(o);
                buf::decref(owner);
                return o;
            }

            let input = (*owner).pyobj.cast::<PyObject>();
            let result = if !input.is_null() {
                // A view of (or the very same) input array.
                let a = array_fields(input);
                let same = a.data.cast::<c_void>() == data
                    && a.nd as usize == ndim
                    && dtype_of_descr(a.descr) == Some(d)
                    && slice_or_empty(a.dimensions, ndim) == &shape[..]
                    && slice_or_empty(a.strides, ndim) == &strides[..];
                if same {
                    ffi::Py_INCREF(input);
                    input
                } else {
                    let mut view = new_view(a.flags & NPY_ARRAY_WRITEABLE);
                    if !view.is_null() {
                        ffi::Py_INCREF(input);
                        // Steals the reference, also on failure.
                        if PY_ARRAY_API.PyArray_SetBaseObject(py, view.cast(), input) < 0 {
                            ffi::Py_DECREF(view);
                            view = ptr::null_mut();
                        }
                    }
                    view
                }
            } else {
                // Runtime-owned memory: the array's base is a capsule that owns
                // our reference and drops it when NumPy lets go of the array.
                let arr = new_view(NPY_ARRAY_WRITEABLE);
                if arr.is_null() {
                    buf::decref(owner);
                    return ptr::null_mut();
                }
                let capsule = ffi::PyCapsule_New(owner.cast(), BUF_CAPSULE.as_ptr(), Some(buffer_capsule_destructor));
                if capsule.is_null() {
                    ffi::Py_DECREF(arr);
                    buf::decref(owner);
                    return ptr::null_mut();
                }
                // From here the capsule owns the reference. SetBaseObject steals
                // the capsule, also on failure.
                if PY_ARRAY_API.PyArray_SetBaseObject(py, arr.cast(), capsule) < 0 {
                    ffi::Py_DECREF(arr);
                    return ptr::null_mut();
                }
                self.seen.push((words.to_vec(), arr));
                return arr;
            };
            // The input KBuf lives on the trampoline's stack: dropping this
            // reference never frees anything, but keeps its count honest.
            buf::decref(owner);
            if !result.is_null() {
                self.seen.push((words.to_vec(), result));
            }
            result
        }
    }
}

/// Drops the runtime buffer reference held by a NumPy array's base capsule.
unsafe extern "C" fn buffer_capsule_destructor(capsule: *mut PyObject) {
    // Unwinding out of a destructor would abort the interpreter.
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: called by CPython with the GIL held, on our own capsule.
        unsafe {
            let p = ffi::PyCapsule_GetPointer(capsule, BUF_CAPSULE.as_ptr());
            if p.is_null() {
                ffi::PyErr_Clear();
                return;
            }
            buf::decref(p.cast());
        }
    }));
}

// ---------------------------------------------------------------------------
// The trampoline.

/// Every exported function's C entry (`METH_FASTCALL | METH_KEYWORDS`).
unsafe extern "C" fn trampoline(
    slf: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    match catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: CPython calls this with the GIL held and valid arguments.
        unsafe { call(slf, args, nargs, kwnames) }
    })) {
        Ok(r) => r,
        Err(payload) => {
            // SAFETY: the panic happened with the GIL held (the wrapper call
            // catches its own panics before re-acquiring it).
            unsafe { set_error(ffi::PyExc_SystemError, &error::panic_to_message(payload.as_ref())) };
            ptr::null_mut()
        }
    }
}

/// # Safety
/// GIL held; the arguments are as CPython passes them to a fastcall function.
unsafe fn call(slf: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t, kwnames: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held (caller); `slf` is the capsule made by `add_function`.
    unsafe {
        let py = Python::assume_attached();
        let info = ffi::PyCapsule_GetPointer(slf, FUNC_CAPSULE.as_ptr()).cast::<FuncInfo>();
        if info.is_null() {
            return ptr::null_mut();
        }
        let info = &*info;
        let nargs = nargs.max(0) as usize;
        let nkw = if kwnames.is_null() { 0 } else { ffi::PyTuple_GET_SIZE(kwnames) as usize };
        let all = slice_or_empty(args, nargs + nkw);
        let (positional, kwvalues) = all.split_at(nargs);

        if nkw == 0 {
            for ov in &info.overloads {
                if ov.args.len() != nargs {
                    continue;
                }
                let mut cx = ArgCx {
                    py,
                    words: Words::new(ov.arg_words),
                    pos: 0,
                    owners: (0..ov.arrays).map(|_| empty_kbuf()).collect(),
                    nowners: 0,
                    extra_owners: Vec::new(),
                    arg: 0,
                    readonly_args: 0,
                    written_args: ov.written_args,
                    nested: 0,
                    scratch: Vec::new(),
                    memo: Vec::new(),
                };
                let mut converted = 0;
                for (i, (&obj, ty)) in positional.iter().zip(&ov.args).enumerate() {
                    cx.arg = i;
                    if !cx.convert(obj, ty, Code::new(ov.arg_codes[i])) {
                        break;
                    }
                    converted += 1;
                }
                if converted < nargs {
                    cx.release_args(ov, converted);
                    continue;
                }
                debug_assert_eq!(cx.pos, ov.arg_words);
                if ov.written_args & cx.readonly_args != 0 {
                    cx.release_args(ov, nargs);
                    set_error(ffi::PyExc_ValueError, "assignment destination is read-only");
                    return ptr::null_mut();
                }
                return invoke(py, ov, &mut cx);
            }
        }
        raise_no_match(py, info, positional, kwnames, kwvalues);
        ptr::null_mut()
    }
}

/// Runs the compiled wrapper without the GIL, copies written container
/// arguments back, and converts the outcome.
///
/// # Safety
/// GIL held; `cx` holds `ov`'s converted arguments.
unsafe fn invoke(py: Python<'_>, ov: &Overload, cx: &mut ArgCx<'_>) -> *mut PyObject {
    let mut ret = Words::new(ov.ret_words);
    let args_ptr = cx.words.as_slice().as_ptr();
    let ret_ptr = ret.as_mut_slice().as_mut_ptr();
    let wrapper = ov.wrapper;
    // A stale error from an earlier call on this thread must not be mistaken
    // for this call's.
    error::take();
    // SAFETY: GIL held (caller); between save and restore nothing touches Python.
    let status = unsafe {
        let saved = ffi::PyEval_SaveThread();
        // The runtime's entry points catch their own panics; this catches a
        // Rust-side wrapper's, should one ever unwind.
        let status = catch_unwind(AssertUnwindSafe(|| wrapper(args_ptr, ret_ptr)));
        ffi::PyEval_RestoreThread(saved);
        status
    };
    // SAFETY: GIL held again.
    unsafe {
        // The caller sees its containers as the function left them, whether
        // it returned or raised (as with CPython's in-place mutation).
        let copied_back = cx.write_back(ov);
        let result = match status {
            Err(payload) => {
                set_error(ffi::PyExc_SystemError, &error::panic_to_message(payload.as_ref()));
                ptr::null_mut()
            }
            Ok(0) => match copied_back {
                None => {
                    release(Code::new(ov.ret_code), ret.as_slice());
                    ptr::null_mut()
                }
                Some(made) => {
                    let mut rcx = ResultCx::new(py, false, &cx.memo);
                    // Containers already copied back map to the caller's objects.
                    rcx.made = made;
                    rcx.words_to_py(&ov.ret, Code::new(ov.ret_code), ret.as_slice())
                }
            },
            Ok(_) => {
                raise_pending();
                ptr::null_mut()
            }
        };
        cx.release_args(ov, ov.args.len());
        // Compiled code must have dropped every input reference it took,
        // except those it returned, which `words_to_py` consumed.
        debug_assert!(cx.owners.iter().all(|k| k.refcnt.load(Ordering::Relaxed) == 1));
        debug_assert!(cx.extra_owners.iter().all(|k| k.refcnt.load(Ordering::Relaxed) == 0));
        result
    }
}

// ---------------------------------------------------------------------------
// The no-match `TypeError`.

/// The name of `obj`'s type as the `TypeError` shows it: `int`, `float32`,
/// `float64[:,:] (is Fortran-ordered)`, `(int, str)`, `int list`, ...
///
/// # Safety
/// GIL held; `obj` is live.
unsafe fn describe(py: Python<'_>, obj: *mut PyObject, depth: usize) -> String {
    // SAFETY: GIL held (caller).
    unsafe {
        if obj == ffi::Py_None() {
            return "None".to_owned();
        }
        if ffi::PyBool_Check(obj) != 0 {
            return "bool".to_owned();
        }
        if let Some(d) = np_scalar_dtype(py, obj) {
            return match d {
                Some(d) => dtype::name(d).to_owned(),
                None => type_name(obj),
            };
        }
        if ffi::PyLong_Check(obj) != 0 {
            return "int".to_owned();
        }
        if ffi::PyFloat_Check(obj) != 0 {
            return "float".to_owned();
        }
        if ffi::PyComplex_Check(obj) != 0 {
            return "complex".to_owned();
        }
        if ffi::PyUnicode_Check(obj) != 0 {
            return "str".to_owned();
        }
        if is_array(py, obj) {
            return describe_array(obj);
        }
        let is_container =
            ffi::PyTuple_Check(obj) != 0 || ffi::PyList_Check(obj) != 0 || ffi::PyAnySet_Check(obj) != 0 || ffi::PyDict_Check(obj) != 0;
        if is_container && depth >= MAX_DESCRIBE_DEPTH {
            return "...".to_owned();
        }
        if ffi::PyTuple_Check(obj) != 0 {
            let n = ffi::PyTuple_GET_SIZE(obj);
            let items: Vec<String> = (0..n).map(|i| describe(py, ffi::PyTuple_GET_ITEM(obj, i), depth + 1)).collect();
            return if n == 1 { format!("({},)", items[0]) } else { format!("({})", items.join(", ")) };
        }
        if ffi::PyList_Check(obj) != 0 {
            if ffi::PyList_GET_SIZE(obj) == 0 {
                return "empty list".to_owned();
            }
            return format!("{} list", describe(py, ffi::PyList_GET_ITEM(obj, 0), depth + 1));
        }
        if ffi::PyAnySet_Check(obj) != 0 {
            let it = ffi::PyObject_GetIter(obj);
            let first = if it.is_null() { ptr::null_mut() } else { ffi::PyIter_Next(it) };
            ffi::Py_XDECREF(it);
            ffi::PyErr_Clear();
            if first.is_null() {
                return "empty set".to_owned();
            }
            let s = format!("{} set", describe(py, first, depth + 1));
            ffi::Py_DECREF(first);
            return s;
        }
        if ffi::PyDict_Check(obj) != 0 {
            let (mut pos, mut k, mut v): (Py_ssize_t, *mut PyObject, *mut PyObject) = (0, ptr::null_mut(), ptr::null_mut());
            if ffi::PyDict_Next(obj, &mut pos, &mut k, &mut v) == 0 {
                return "empty dict".to_owned();
            }
            // PyDict_Next lends the key and value; hold them while describing,
            // which may run Python code that mutates the dict.
            ffi::Py_INCREF(k);
            ffi::Py_INCREF(v);
            let s = format!("{}:{} dict", describe(py, k, depth + 1), describe(py, v, depth + 1));
            ffi::Py_DECREF(k);
            ffi::Py_DECREF(v);
            return s;
        }
        type_name(obj)
    }
}

/// `float64[:]`, followed by notes on layout, ownership and writeability.
///
/// # Safety
/// GIL held; `obj` is an ndarray.
unsafe fn describe_array(obj: *mut PyObject) -> String {
    // SAFETY: GIL held (caller).
    unsafe {
        let a = array_fields(obj);
        let mut s = match dtype_of_descr(a.descr) {
            Some(d) => dtype::name(d).to_owned(),
            None => {
                // Other dtypes (and non-native byte orders) as NumPy spells them.
                let text = ffi::PyObject_Str(a.descr.cast());
                let name = if text.is_null() { None } else { str_text(text) };
                ffi::Py_XDECREF(text);
                ffi::PyErr_Clear();
                name.unwrap_or_else(|| "?".to_owned())
            }
        };
        let ndim = a.nd.max(0) as usize;
        s.push_str(&ty::array_dims(ndim));
        let c = a.flags & NPY_ARRAY_C_CONTIGUOUS != 0;
        let f = a.flags & NPY_ARRAY_F_CONTIGUOUS != 0;
        if !c && !f {
            s.push_str(" (is strided)");
        } else if f && !c && ndim >= 2 {
            s.push_str(" (is Fortran-ordered)");
        }
        if (c || f) && !a.base.is_null() {
            s.push_str(" (is a view)");
        }
        if a.flags & NPY_ARRAY_WRITEABLE == 0 {
            s.push_str(" (is read-only)");
        }
        s
    }
}

/// Raises the `TypeError` for a call that matches no overload.
///
/// # Safety
/// GIL held; `kwnames` is null or a tuple of `kwvalues.len()` names.
unsafe fn raise_no_match(
    py: Python<'_>,
    info: &FuncInfo,
    positional: &[*mut PyObject],
    kwnames: *mut PyObject,
    kwvalues: &[*mut PyObject],
) {
    // SAFETY: GIL held (caller).
    unsafe {
        let mut actual: Vec<String> = positional.iter().map(|&o| describe(py, o, 0)).collect();
        for (i, &v) in kwvalues.iter().enumerate() {
            let name = str_text(ffi::PyTuple_GET_ITEM(kwnames, i as Py_ssize_t)).unwrap_or_default();
            actual.push(format!("{name}={}", describe(py, v, 0)));
        }
        let mut msg = format!("Invalid call to kiln function `{}({})`\nCandidates are:", info.name, actual.join(", "));
        // One spec can compile to several overloads (C- and Fortran-ordered
        // layouts of a plain 2-D array); list each signature the user wrote once.
        let mut listed: Vec<&str> = Vec::new();
        for ov in &info.overloads {
            if listed.contains(&ov.signature.as_str()) {
                continue;
            }
            listed.push(&ov.signature);
            msg.push_str("\n    - ");
            msg.push_str(&ov.signature);
        }
        set_error(ffi::PyExc_TypeError, &msg);
    }
}

// ---------------------------------------------------------------------------
// Module creation.

/// Builds the extension module described by `desc`; called by
/// `PyInit_<mod>` with the GIL held. Null with a Python exception set on failure.
///
/// # Safety
/// GIL held; `desc` is null or a valid `ModuleDesc` with static lifetime.
#[no_mangle]
pub unsafe extern "C" fn kiln_make_module(desc: *const ModuleDesc) -> *mut PyObject {
    match catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: forwarded from this function's contract.
        unsafe { make_module(desc) }
    })) {
        Ok(m) => m,
        Err(payload) => {
            // SAFETY: GIL held (contract).
            unsafe { set_error(ffi::PyExc_SystemError, &error::panic_to_message(payload.as_ref())) };
            ptr::null_mut()
        }
    }
}

/// # Safety
/// As [`kiln_make_module`].
unsafe fn make_module(desc: *const ModuleDesc) -> *mut PyObject {
    // SAFETY: GIL held; `desc` is valid static data (contract).
    unsafe {
        let py = Python::assume_attached();
        let Some(d) = desc.as_ref() else {
            set_error(ffi::PyExc_ImportError, "kiln: null module descriptor");
            return ptr::null_mut();
        };
        let name = c_str_lossy(d.name);
        if d.abi_version != ABI_VERSION {
            set_error(
                ffi::PyExc_ImportError,
                &format!(
                    "kiln: module `{name}` was compiled for kiln runtime ABI version {}, but its runtime has \
                     ABI version {ABI_VERSION}; recompile it with a matching kiln",
                    d.abi_version
                ),
            );
            return ptr::null_mut();
        }
        if d.name.is_null() {
            set_error(ffi::PyExc_ImportError, "kiln: module descriptor without a name");
            return ptr::null_mut();
        }
        if !load_numpy(py) {
            return ptr::null_mut();
        }
        // str hashes (and so set order) depend on the interpreter's key.
        containers::read_hash_secret();

        // CPython keeps the definition for the life of the process (single-phase
        // init caches it), so it is leaked on purpose.
        let def = Box::leak(Box::new(ffi::PyModuleDef {
            m_base: ffi::PyModuleDef_HEAD_INIT,
            m_name: d.name.cast(),
            m_doc: d.doc.cast(),
            m_size: -1,
            m_methods: ptr::null_mut(),
            m_slots: ptr::null_mut(),
            m_traverse: None,
            m_clear: None,
            m_free: None,
        }));
        let module = ffi::PyModule_Create2(def, ffi::PYTHON_API_VERSION);
        if module.is_null() {
            return ptr::null_mut();
        }
        if populate(py, module, d, &name).is_err() {
            ffi::Py_DECREF(module);
            return ptr::null_mut();
        }
        module
    }
}

/// Imports NumPy and its C API. False with a Python exception set on failure.
///
/// # Safety
/// GIL held.
unsafe fn load_numpy(py: Python<'_>) -> bool {
    // SAFETY: GIL held (caller).
    unsafe {
        // Importing first gives the user NumPy's own ImportError when NumPy is
        // missing or broken, instead of the numpy crate's panic below.
        let np = ffi::PyImport_ImportModule(c"numpy".as_ptr());
        if np.is_null() {
            return false;
        }
        ffi::Py_DECREF(np);
        match catch_unwind(AssertUnwindSafe(|| PY_ARRAY_API.PyArray_GetNDArrayCFeatureVersion(py))) {
            Ok(_) => true,
            Err(payload) => {
                ffi::PyErr_Clear();
                set_error(ffi::PyExc_ImportError, &format!("kiln: cannot load NumPy's C API: {}", error::panic_message(payload.as_ref())));
                false
            }
        }
    }
}

/// Adds the functions and constants. On error a Python exception is set.
///
/// # Safety
/// GIL held; `module` is the new module; `d` is a valid descriptor.
unsafe fn populate(py: Python<'_>, module: *mut PyObject, d: &ModuleDesc, modname: &str) -> Result<(), ()> {
    // SAFETY: GIL held (caller); the descriptor's arrays are valid (contract).
    unsafe {
        let modname_obj = ffi::PyUnicode_FromStringAndSize(modname.as_ptr().cast(), modname.len() as Py_ssize_t);
        if modname_obj.is_null() {
            return Err(());
        }
        let mut result = Ok(());
        for f in slice_or_empty(d.funcs, d.nfuncs as usize) {
            result = add_function(module, modname_obj, f, modname);
            if result.is_err() {
                break;
            }
        }
        ffi::Py_DECREF(modname_obj);
        result?;
        for c in slice_or_empty(d.consts, d.nconsts as usize) {
            add_constant(py, module, c, modname)?;
        }
        Ok(())
    }
}

/// The function's `__doc__`: its signatures, one per line.
fn function_doc(info: &FuncInfo) -> CString {
    let mut doc = String::from("Supported prototypes:\n");
    for ov in &info.overloads {
        doc.push_str("\n    - ");
        doc.push_str(&ov.signature);
    }
    // Signatures come from C strings, so they hold no NUL.
    CString::new(doc).unwrap_or_default()
}

/// # Safety
/// GIL held; `f` is a valid `FuncDesc` with static lifetime.
unsafe fn add_function(module: *mut PyObject, modname_obj: *mut PyObject, f: &FuncDesc, modname: &str) -> Result<(), ()> {
    // SAFETY: GIL held (caller).
    unsafe {
        if f.name.is_null() {
            set_error(ffi::PyExc_ImportError, &format!("kiln: module `{modname}`: function without a name"));
            return Err(());
        }
        let info = match decode_func(f) {
            Ok(info) => info,
            Err(e) => {
                let fname = c_str_lossy(f.name);
                set_error(ffi::PyExc_ImportError, &format!("kiln: module `{modname}`, function `{fname}`: {e}"));
                return Err(());
            }
        };
        let doc = function_doc(&info);
        // The method definition must outlive every function object made from
        // it; functions of a single-phase module live as long as the process.
        let def = Box::leak(Box::new(ffi::PyMethodDef {
            ml_name: f.name.cast(),
            ml_meth: ffi::PyMethodDefPointer { PyCFunctionFastWithKeywords: trampoline },
            ml_flags: ffi::METH_FASTCALL | ffi::METH_KEYWORDS,
            ml_doc: doc.into_raw(),
        }));
        let info_ptr = Box::into_raw(Box::new(info));
        let capsule = ffi::PyCapsule_New(info_ptr.cast(), FUNC_CAPSULE.as_ptr(), Some(func_capsule_destructor));
        if capsule.is_null() {
            drop(Box::from_raw(info_ptr));
            return Err(());
        }
        let func = ffi::PyCFunction_NewEx(def, capsule, modname_obj);
        ffi::Py_DECREF(capsule);
        if func.is_null() {
            return Err(());
        }
        let rc = ffi::PyModule_AddObjectRef(module, f.name.cast(), func);
        ffi::Py_DECREF(func);
        if rc < 0 {
            Err(())
        } else {
            Ok(())
        }
    }
}

/// Frees a function's decoded descriptor when its function object goes away.
unsafe extern "C" fn func_capsule_destructor(capsule: *mut PyObject) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: called by CPython with the GIL held, on our own capsule.
        unsafe {
            let p = ffi::PyCapsule_GetPointer(capsule, FUNC_CAPSULE.as_ptr());
            if p.is_null() {
                ffi::PyErr_Clear();
                return;
            }
            drop(Box::from_raw(p.cast::<FuncInfo>()));
        }
    }));
}

/// # Safety
/// GIL held; `c` is a valid `ConstDesc` with static lifetime.
unsafe fn add_constant(py: Python<'_>, module: *mut PyObject, c: &ConstDesc, modname: &str) -> Result<(), ()> {
    // SAFETY: GIL held (caller); `c.words` holds the type's words (contract).
    unsafe {
        let cname = c_str_lossy(c.name);
        let code_bytes: &'static [u8] = slice_or_empty(c.ty, c.ty_len as usize);
        let ty = match Ty::parse_seq(code_bytes, 1) {
            Ok(mut v) if !c.name.is_null() => v.remove(0),
            Ok(_) => {
                set_error(ffi::PyExc_ImportError, &format!("kiln: module `{modname}`: constant without a name"));
                return Err(());
            }
            Err(e) => {
                set_error(ffi::PyExc_ImportError, &format!("kiln: module `{modname}`, constant `{cname}`: malformed type ({e})"));
                return Err(());
            }
        };
        let words = slice_or_empty(c.words, ty.words());
        let mut cx = ResultCx::new(py, true, &[]);
        let value = cx.words_to_py(&ty, Code::new(code_bytes), words);
        if value.is_null() {
            return Err(());
        }
        let rc = ffi::PyModule_AddObjectRef(module, c.name.cast(), value);
        ffi::Py_DECREF(value);
        if rc < 0 {
            Err(())
        } else {
            Ok(())
        }
    }
}

/// A few checks of the pure helpers; the rest of this file is exercised through
/// real modules by `tests/test_runtime_glue.py`.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npy_type_numbers_round_trip() {
        for d in dtype::BOOL..=dtype::COMPLEX128 {
            assert_eq!(dtype_of_npy(npy_type(d)), Some(d), "{}", dtype::name(d));
        }
        assert_eq!(dtype_of_npy(NPY_TYPES::NPY_LONGLONG as c_int), Some(dtype::INT64));
        assert_eq!(dtype_of_npy(NPY_TYPES::NPY_HALF as c_int), None);
        assert_eq!(dtype_of_npy(NPY_TYPES::NPY_OBJECT as c_int), None);
    }

    #[test]
    fn words_buffer_inline_and_heap() {
        let mut w = Words::new(3);
        w.as_mut_slice()[2] = 5;
        assert_eq!(w.as_slice(), &[0, 0, 5]);
        let mut w = Words::new(40);
        w.as_mut_slice()[39] = 1;
        assert_eq!(w.as_slice().len(), 40);
        assert_eq!(Words::new(0).as_slice(), &[] as &[u64]);
    }
}
