//! The CPython side of kiln's containers and strings (part of `pyglue`, the
//! only code that touches the CPython API): converting `str`, `list`, `dict`
//! and `set` arguments into runtime objects and results back, copying
//! written container arguments back into the caller's objects, `print`, and
//! reading the interpreter's str-hash key.
//!
//! Fidelity to CPython:
//! - one Python object converts to one runtime object per call (for the same
//!   element type), so aliasing inside and between arguments is preserved,
//!   and a runtime object that came from an argument converts back to the
//!   very same Python object;
//! - a set is converted slot by slot from CPython's table (live entries,
//!   dummies, fill, the `pop` finger), and a runtime set is written back the
//!   same way, so iteration order and every later operation agree with
//!   CPython on both sides; when an element's CPython hash is not kiln's
//!   (identity-based hashes: NaN, `None`), the set is rebuilt by insertion
//!   instead;
//! - a written argument is copied back in place (`l[:] = ...`,
//!   `d.clear(); d.update(...)`, the set table) whether the function returned
//!   or raised; inner containers that came from the caller are copied back
//!   into their own original objects, so the caller's nested objects keep
//!   their identity.
//!
//! Invariants: as for `pyglue`: GIL held everywhere except inside
//! `kiln_print`'s caller, no reference leaks on any path (every runtime
//! reference taken by a conversion is released by `release_args`, and every
//! result reference is consumed by `words_to_py`).

use std::ffi::{c_char, c_void};
use std::ptr;

use pyo3::ffi::{self, PyObject, Py_ssize_t};

use super::{exc_type, set_error, str_text, type_name, ArgCx, Memo, Overload, ResultCx};
use crate::abi::{exc, tycode, KList, KStr};
use crate::containers::code::Code;
use crate::containers::dict::{self, KDict};
use crate::containers::kstr::{self, as_str};
use crate::containers::set::{self, KSet};
use crate::containers::{hash, list, obj, value};
use crate::error;
use crate::ty::Ty;

extern "C" {
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
}

/// glibc's `RTLD_DEFAULT`: search the global symbol scope.
const RTLD_DEFAULT: *mut c_void = ptr::null_mut();

/// Installs the interpreter's SipHash key (`_Py_HashSecret`) for str
/// hashes. Without it (a Python that does not export the symbol) str hashes
/// use the zero key of `PYTHONHASHSEED=0`.
pub(super) fn read_hash_secret() {
    // SAFETY: looking up a data symbol; `_Py_HashSecret` is a 24-byte union
    // whose first two 64-bit words are the SipHash key.
    unsafe {
        let p = dlsym(RTLD_DEFAULT, c"_Py_HashSecret".as_ptr()).cast::<u64>();
        if !p.is_null() {
            hash::set_secret(p.read_unaligned(), p.add(1).read_unaligned());
        }
    }
}

/// CPython's set dummy (`_PySet_Dummy`), or null if not exported.
fn set_dummy() -> *mut PyObject {
    // SAFETY: `_PySet_Dummy` is a `PyObject *` variable.
    unsafe {
        let p = dlsym(RTLD_DEFAULT, c"_PySet_Dummy".as_ptr()).cast::<*mut PyObject>();
        if p.is_null() {
            ptr::null_mut()
        } else {
            *p
        }
    }
}

/// Releases the references held by argument words: containers and strs, but
/// not top-level arrays, whose `KBuf` reference is the trampoline's own
/// (arrays inside containers are released with their container).
///
/// # Safety
/// `w` are converted argument words of type `c`.
unsafe fn release_arg_refs(c: Code, w: &[u64]) {
    // SAFETY: forwarded.
    unsafe {
        match c.tag() {
            tycode::ARRAY => {}
            tycode::TUPLE => {
                let mut off = 0;
                for t in c.items() {
                    let n = t.words();
                    release_arg_refs(t, &w[off..off + n]);
                    off += n;
                }
            }
            _ => value::release(c, w),
        }
    }
}

/// The runtime containers held directly by words of type `c` (through
/// tuples), with their types.
fn containers_in<'c>(c: Code<'c>, w: &[u64], out: &mut Vec<(Code<'c>, u64)>) {
    match c.tag() {
        tycode::LIST | tycode::DICT | tycode::SET => out.push((c, w[0])),
        tycode::TUPLE => {
            let mut off = 0;
            for t in c.items() {
                let n = t.words();
                containers_in(t, &w[off..off + n], out);
                off += n;
            }
        }
        _ => {}
    }
}

impl ArgCx<'_> {
    /// Releases words this conversion produced (see [`release_arg_refs`]).
    ///
    /// # Safety
    /// `w` are words of type `c` made by this conversion at the current depth.
    pub(super) unsafe fn release_words(&self, c: Code, w: &[u64]) {
        // SAFETY: forwarded.
        unsafe {
            if self.nested > 0 {
                value::release(c, w);
            } else {
                release_arg_refs(c, w);
            }
        }
    }

    /// Releases the first `n` converted arguments, and forgets the memo.
    ///
    /// # Safety
    /// Arguments `0..n` were converted and not yet released.
    pub(super) unsafe fn release_args(&mut self, ov: &Overload, n: usize) {
        let words = self.words.as_slice().to_vec();
        let mut off = 0;
        for code in &ov.arg_codes[..n] {
            let c = Code::new(code);
            let k = c.words();
            // SAFETY: forwarded.
            unsafe { release_arg_refs(c, &words[off..off + k]) };
            off += k;
        }
        self.memo.clear();
    }

    fn is_written(&self) -> bool {
        self.arg < 64 && self.written_args & (1 << self.arg) != 0
    }

    /// The runtime object already made from `obj` for type `code`, with one
    /// more reference.
    ///
    /// # Safety
    /// GIL held.
    unsafe fn reuse(&mut self, obj: *mut PyObject, code: Code) -> Option<*mut u8> {
        let written = self.is_written();
        let m = self.memo.iter_mut().find(|m| m.py == obj && m.code == code.bytes())?;
        m.written |= written;
        // SAFETY: the memo's objects are alive while the arguments hold them.
        unsafe { obj::incref(m.obj) };
        Some(m.obj)
    }

    fn remember(&mut self, obj: *mut PyObject, code: Code<'static>, rt: *mut u8) {
        self.memo.push(Memo { py: obj, code: code.bytes(), obj: rt, written: self.is_written() });
    }

    /// Converts one element into owned words (`None`: no match).
    ///
    /// # Safety
    /// As [`ArgCx::convert`].
    unsafe fn element(&mut self, obj: *mut PyObject, ty: &Ty, code: Code<'static>) -> Option<Vec<u64>> {
        self.nested += 1;
        let mark = self.scratch.len();
        // SAFETY: forwarded.
        let ok = unsafe { self.convert(obj, ty, code) };
        let w = self.scratch.split_off(mark);
        self.nested -= 1;
        ok.then_some(w)
    }

    /// `str` → a new `KStr` (a copy of the UTF-8 text).
    ///
    /// # Safety
    /// As [`ArgCx::convert`].
    pub(super) unsafe fn convert_str(&mut self, obj: *mut PyObject) -> bool {
        // SAFETY: GIL held (caller).
        unsafe {
            if ffi::PyUnicode_Check(obj) == 0 {
                return false;
            }
            let mut n: Py_ssize_t = 0;
            let p = ffi::PyUnicode_AsUTF8AndSize(obj, &mut n);
            if p.is_null() {
                // Lone surrogates have no UTF-8 form: no kiln str can hold them.
                ffi::PyErr_Clear();
                return false;
            }
            let text = std::str::from_utf8_unchecked(std::slice::from_raw_parts(p.cast(), n as usize));
            match kstr::new_str_nchars(text, ffi::PyUnicode_GetLength(obj) as usize) {
                Ok(k) => {
                    self.push(k as u64);
                    true
                }
                Err(_) => {
                    error::take();
                    false
                }
            }
        }
    }

    /// `list` whose items all convert → a new `KList`.
    ///
    /// # Safety
    /// As [`ArgCx::convert`].
    pub(super) unsafe fn convert_list(&mut self, obj: *mut PyObject, item: &Ty, code: Code<'static>) -> bool {
        // SAFETY: GIL held (caller); list items are borrowed while the list lives.
        unsafe {
            if ffi::PyList_Check(obj) == 0 {
                return false;
            }
            if let Some(rt) = self.reuse(obj, code) {
                self.push(rt as u64);
                return true;
            }
            let ecode = code.elem();
            let w = ecode.words();
            let n = ffi::PyList_GET_SIZE(obj) as usize;
            self.nested += 1;
            let mark = self.scratch.len();
            let mut done = 0;
            while done < n {
                if !self.convert(ffi::PyList_GET_ITEM(obj, done as Py_ssize_t), item, ecode) {
                    break;
                }
                done += 1;
            }
            let elems = self.scratch.split_off(mark);
            self.nested -= 1;
            let l = if done == n { list::new_list(ecode, n, n, false).ok() } else { None };
            let Some(l) = l else {
                error::take();
                value::release_all(ecode, &elems[..done * w]);
                return false;
            };
            ptr::copy_nonoverlapping(elems.as_ptr(), (*l).data, elems.len());
            self.remember(obj, code, l.cast());
            self.push(l as u64);
            true
        }
    }

    /// `dict` whose keys and values all convert → a new `KDict` in the same
    /// order.
    ///
    /// # Safety
    /// As [`ArgCx::convert`].
    pub(super) unsafe fn convert_dict(&mut self, obj: *mut PyObject, k: &Ty, v: &Ty, code: Code<'static>) -> bool {
        // SAFETY: GIL held (caller); the dict is not mutated while we iterate
        // (no Python code runs).
        unsafe {
            if ffi::PyDict_Check(obj) == 0 {
                return false;
            }
            if let Some(rt) = self.reuse(obj, code) {
                self.push(rt as u64);
                return true;
            }
            let (kc, vc) = (code.key(), code.value());
            let d = dict::new_dict(kc.ptr(), vc.ptr());
            let (mut pos, mut ko, mut vo): (Py_ssize_t, *mut PyObject, *mut PyObject) = (0, ptr::null_mut(), ptr::null_mut());
            while ffi::PyDict_Next(obj, &mut pos, &mut ko, &mut vo) != 0 {
                let Some(kw) = self.element(ko, k, kc) else {
                    dict::decref(d);
                    return false;
                };
                let Some(vw) = self.element(vo, v, vc) else {
                    value::release(kc, &kw);
                    dict::decref(d);
                    return false;
                };
                if dict::set(d, &kw, &vw).is_err() {
                    error::take();
                    dict::decref(d);
                    return false;
                }
            }
            self.remember(obj, code, d.cast());
            self.push(d as u64);
            true
        }
    }

    /// `set` (or, when not written, `frozenset`) whose elements all convert →
    /// a `KSet` with CPython's very table layout.
    ///
    /// # Safety
    /// As [`ArgCx::convert`].
    pub(super) unsafe fn convert_set(&mut self, obj: *mut PyObject, item: &Ty, code: Code<'static>) -> bool {
        // SAFETY: GIL held (caller); the set's table is read while no Python
        // code runs.
        unsafe {
            let is_set = ffi::PySet_Check(obj) != 0;
            if !is_set && (ffi::PyFrozenSet_Check(obj) == 0 || self.is_written()) {
                return false;
            }
            if let Some(rt) = self.reuse(obj, code) {
                self.push(rt as u64);
                return true;
            }
            let ecode = code.elem();
            let w = ecode.words();
            let so = obj.cast::<ffi::PySetObject>();
            let mask = (*so).mask as usize;
            let table = (*so).table;
            // Convert the live elements in slot order.
            let mut live: Vec<(usize, i64)> = Vec::with_capacity((*so).used as usize);
            self.nested += 1;
            let mark = self.scratch.len();
            let mut ok = true;
            for i in 0..=mask {
                let e = &*table.add(i);
                if e.key.is_null() || e.hash == -1 {
                    continue;
                }
                if !self.convert(e.key, item, ecode) {
                    ok = false;
                    break;
                }
                live.push((i, e.hash as i64));
            }
            let elems = self.scratch.split_off(mark);
            self.nested -= 1;
            if !ok {
                value::release_all(ecode, &elems);
                return false;
            }
            let elem = |k: usize| &elems[k * w..(k + 1) * w];
            let exact = live.iter().enumerate().all(|(k, &(_, h))| value::hash(ecode, elem(k)) == Ok(h));
            error::take();
            let s = if exact {
                let s = set::new_with_mask(ecode.ptr(), mask);
                let mut next = live.iter().enumerate().peekable();
                for i in 0..=mask {
                    let e = &*table.add(i);
                    match next.peek() {
                        Some(&(k, &(slot, h))) if slot == i => {
                            set::put_raw(s, i, set::LIVE, h, elem(k));
                            next.next();
                        }
                        _ if !e.key.is_null() => set::put_raw(s, i, set::DUMMY, -1, &[]),
                        _ => {}
                    }
                }
                set::set_counters(s, (*so).fill as usize, (*so).used as usize, (*so).finger as usize);
                s
            } else {
                let s = set::new_set(ecode.ptr());
                let mut failed = false;
                for k in 0..live.len() {
                    failed |= set::add(s, elem(k)).is_err();
                }
                value::release_all(ecode, &elems);
                if failed {
                    error::take();
                    set::decref(s);
                    return false;
                }
                s
            };
            self.remember(obj, code, s.cast());
            self.push(s as u64);
            true
        }
    }

    /// Copies every written container argument back into the caller's
    /// object. Returns the runtime containers now mapped to Python objects
    /// (for the result conversion to reuse), or `None` with a Python
    /// exception set if copying failed.
    ///
    /// # Safety
    /// GIL held; the arguments are converted and not yet released.
    pub(super) unsafe fn write_back(&self, ov: &Overload) -> Option<Vec<(*mut u8, *mut PyObject)>> {
        if self.memo.iter().all(|m| !m.written) {
            return Some(Vec::new());
        }
        let words = self.words.as_slice();
        let mut rcx = ResultCx::new(self.py, false, &self.memo);
        let mut off = 0;
        for (i, code) in ov.arg_codes.iter().enumerate() {
            let c = Code::new(code);
            let n = c.words();
            if i < 64 && ov.written_args & (1 << i) != 0 {
                let mut found = Vec::new();
                containers_in(c, &words[off..off + n], &mut found);
                for (cc, rt) in found {
                    // SAFETY: forwarded.
                    if !unsafe { rcx.sync(cc, rt as *mut u8) } {
                        return None;
                    }
                }
            }
            off += n;
        }
        Some(rcx.made)
    }
}

/// A Python object made by a conversion, released unless handed over.
struct Owned(*mut PyObject);

impl Drop for Owned {
    fn drop(&mut self) {
        // SAFETY: GIL held by every user of this type.
        unsafe { ffi::Py_XDECREF(self.0) }
    }
}

impl Owned {
    fn take(mut self) -> *mut PyObject {
        std::mem::replace(&mut self.0, ptr::null_mut())
    }
}

impl ResultCx<'_, '_> {
    /// If runtime container `rt` was converted before in this result (or is
    /// an argument's), the Python object for it (a new reference).
    ///
    /// # Safety
    /// GIL held; `rt` is a live container of type `c`.
    unsafe fn known(&mut self, c: Code, rt: *mut u8) -> Option<*mut PyObject> {
        if let Some(&(_, o)) = self.made.iter().find(|(r, _)| *r == rt) {
            // SAFETY: `made` objects are alive while the conversion runs.
            unsafe { ffi::Py_INCREF(o) };
            return Some(o);
        }
        let m = self.memo.iter().find(|m| m.obj == rt)?;
        let (o, written) = (m.py, m.written || self.syncing > 0);
        // SAFETY: forwarded.
        if written && !unsafe { self.sync(c, rt) } {
            return Some(ptr::null_mut());
        }
        self.made.push((rt, o));
        // SAFETY: the caller's argument objects are alive during the call.
        unsafe { ffi::Py_INCREF(o) };
        Some(o)
    }

    /// Copies runtime container `rt` (type `c`) back into the Python object
    /// it was converted from, once. False with a Python exception set on
    /// failure.
    ///
    /// # Safety
    /// GIL held; `rt` is a live container of type `c`.
    pub(super) unsafe fn sync(&mut self, c: Code, rt: *mut u8) -> bool {
        if self.made.iter().any(|(r, _)| *r == rt) {
            return true;
        }
        let Some(m) = self.memo.iter().find(|m| m.obj == rt) else {
            return true;
        };
        let target = m.py;
        self.made.push((rt, target));
        let Ok((ty, _)) = Ty::parse(c.bytes()) else {
            return true;
        };
        self.syncing += 1;
        // SAFETY: GIL held; `target` is the caller's live object of the
        // matching kind (it converted to `rt`).
        let ok = unsafe {
            match ty {
                Ty::List(item) => self.sync_list(target, &item, c, rt.cast()),
                Ty::Dict(k, v) => self.sync_dict(target, &k, &v, c, rt.cast()),
                Ty::Set(item) => self.sync_set(target, &item, c, rt.cast()),
                _ => true,
            }
        };
        self.syncing -= 1;
        ok
    }

    /// A new Python object for borrowed element words.
    ///
    /// # Safety
    /// GIL held; `w` are live words of type `ty`/`c`.
    unsafe fn borrowed_to_py(&mut self, ty: &Ty, c: Code, w: &[u64]) -> Owned {
        // SAFETY: `words_to_py` consumes the reference taken here.
        unsafe {
            value::retain(c, w);
            Owned(self.words_to_py(ty, c, w))
        }
    }

    /// The elements of a runtime list as new Python objects.
    ///
    /// # Safety
    /// GIL held; `l` is a live list of type `c`.
    unsafe fn list_items(&mut self, item: &Ty, c: Code, l: *mut KList) -> Option<*mut PyObject> {
        // SAFETY: forwarded; the list is kept alive by our caller.
        unsafe {
            let ec = c.elem();
            let n = list::len(l);
            let out = Owned(ffi::PyList_New(n as Py_ssize_t));
            if out.0.is_null() {
                return None;
            }
            for i in 0..n {
                let o = self.borrowed_to_py(item, ec, list::item(l, i));
                if o.0.is_null() {
                    return None;
                }
                ffi::PyList_SET_ITEM(out.0, i as Py_ssize_t, o.take());
            }
            Some(out.take())
        }
    }

    unsafe fn sync_list(&mut self, target: *mut PyObject, item: &Ty, c: Code, l: *mut KList) -> bool {
        // SAFETY: GIL held (caller).
        unsafe {
            let Some(items) = self.list_items(item, c, l) else {
                return false;
            };
            let items = Owned(items);
            ffi::PyList_SetSlice(target, 0, ffi::PY_SSIZE_T_MAX, items.0) == 0
        }
    }

    /// The live entries of a runtime dict as new Python objects, in order.
    ///
    /// # Safety
    /// GIL held; `d` is a live dict of type `c`.
    unsafe fn dict_items(&mut self, k: &Ty, v: &Ty, c: Code, d: *mut KDict) -> Option<Vec<(Owned, Owned)>> {
        let (kc, vc) = (c.key(), c.value());
        let mut out = Vec::new();
        // SAFETY: forwarded.
        unsafe {
            for slot in 0..dict::slots(d) {
                let Some((kw, vw)) = dict::entry(d, slot) else {
                    continue;
                };
                let ko = self.borrowed_to_py(k, kc, kw);
                let vo = self.borrowed_to_py(v, vc, vw);
                if ko.0.is_null() || vo.0.is_null() {
                    return None;
                }
                out.push((ko, vo));
            }
        }
        Some(out)
    }

    unsafe fn sync_dict(&mut self, target: *mut PyObject, k: &Ty, v: &Ty, c: Code, d: *mut KDict) -> bool {
        // SAFETY: GIL held (caller).
        unsafe {
            let Some(items) = self.dict_items(k, v, c, d) else {
                return false;
            };
            ffi::PyDict_Clear(target);
            items.iter().all(|(ko, vo)| ffi::PyDict_SetItem(target, ko.0, vo.0) == 0)
        }
    }

    /// The live slots of a runtime set, as (slot, hash, new Python object).
    ///
    /// # Safety
    /// GIL held; `s` is a live set of type `c`.
    unsafe fn set_items(&mut self, item: &Ty, c: Code, s: *mut KSet) -> Option<Vec<(usize, i64, Owned)>> {
        let ec = c.elem();
        let mut out = Vec::new();
        // SAFETY: forwarded.
        unsafe {
            for i in 0..=set::mask(s) {
                let (state, h, w) = set::raw_slot(s, i);
                if state != set::LIVE {
                    continue;
                }
                let o = self.borrowed_to_py(item, ec, w);
                if o.0.is_null() {
                    return None;
                }
                out.push((i, h, o));
            }
        }
        Some(out)
    }

    unsafe fn sync_set(&mut self, target: *mut PyObject, item: &Ty, c: Code, s: *mut KSet) -> bool {
        // SAFETY: GIL held (caller).
        unsafe {
            let Some(items) = self.set_items(item, c, s) else {
                return false;
            };
            ffi::PySet_Clear(target);
            fill_py_set(target, s, items)
        }
    }

    /// A new `str` from a runtime str (consumes the reference).
    ///
    /// # Safety
    /// GIL held; `p` is a str whose reference the caller owns.
    pub(super) unsafe fn str_to_py(&mut self, p: *mut KStr) -> *mut PyObject {
        // SAFETY: forwarded.
        unsafe {
            let t = as_str(p);
            let o = ffi::PyUnicode_FromStringAndSize(t.as_ptr().cast(), t.len() as Py_ssize_t);
            if !self.constant {
                kstr::decref(p);
            }
            o
        }
    }

    /// A Python list from a runtime list (consumes the reference).
    ///
    /// # Safety
    /// GIL held; `l` is a list whose reference the caller owns.
    pub(super) unsafe fn list_to_py(&mut self, item: &Ty, c: Code, l: *mut KList) -> *mut PyObject {
        // SAFETY: forwarded.
        unsafe {
            let o = match self.known(c, l.cast()) {
                Some(o) => o,
                None => match self.list_items(item, c, l) {
                    Some(o) => {
                        self.made.push((l.cast(), o));
                        o
                    }
                    None => ptr::null_mut(),
                },
            };
            if !self.constant {
                list::decref(l);
            }
            o
        }
    }

    /// A Python dict from a runtime dict (consumes the reference).
    ///
    /// # Safety
    /// GIL held; `d` is a dict whose reference the caller owns.
    pub(super) unsafe fn dict_to_py(&mut self, k: &Ty, v: &Ty, c: Code, d: *mut KDict) -> *mut PyObject {
        // SAFETY: forwarded.
        unsafe {
            let o = match self.known(c, d.cast()) {
                Some(o) => o,
                None => {
                    let out = Owned(ffi::PyDict_New());
                    let ok = !out.0.is_null()
                        && match self.dict_items(k, v, c, d) {
                            Some(items) => items.iter().all(|(ko, vo)| ffi::PyDict_SetItem(out.0, ko.0, vo.0) == 0),
                            None => false,
                        };
                    if ok {
                        self.made.push((d.cast(), out.0));
                        out.take()
                    } else {
                        ptr::null_mut()
                    }
                }
            };
            if !self.constant {
                dict::decref(d);
            }
            o
        }
    }

    /// A Python set from a runtime set, with the same table layout (consumes
    /// the reference).
    ///
    /// # Safety
    /// GIL held; `s` is a set whose reference the caller owns.
    pub(super) unsafe fn set_to_py(&mut self, item: &Ty, c: Code, s: *mut KSet) -> *mut PyObject {
        // SAFETY: forwarded.
        unsafe {
            let o = match self.known(c, s.cast()) {
                Some(o) => o,
                None => {
                    let out = Owned(ffi::PySet_New(ptr::null_mut()));
                    let ok = !out.0.is_null()
                        && match self.set_items(item, c, s) {
                            Some(items) => fill_py_set(out.0, s, items),
                            None => false,
                        };
                    if ok {
                        self.made.push((s.cast(), out.0));
                        out.take()
                    } else {
                        ptr::null_mut()
                    }
                }
            };
            if !self.constant {
                set::decref(s);
            }
            o
        }
    }
}

/// Fills an empty Python set (fresh, or just cleared: the 8-slot small
/// table) with `items`, the live slots of runtime set `s`. When every
/// object's CPython hash is the one `s` stored, the table is written directly
/// (live slots, dummies, fill, the `pop` finger), so the Python set is
/// exactly the one CPython would hold; otherwise the objects are added in
/// slot order.
///
/// # Safety
/// GIL held; `target` is an empty `set`; `s` is live.
unsafe fn fill_py_set(target: *mut PyObject, s: *mut KSet, items: Vec<(usize, i64, Owned)>) -> bool {
    // SAFETY: GIL held; `target` is a set whose table we own while no Python
    // code runs; the table layout is CPython 3.11's `PySetObject`.
    unsafe {
        let dummy = set_dummy();
        let mut exact = !dummy.is_null();
        for (_, h, o) in &items {
            let ph = ffi::PyObject_Hash(o.0);
            if ph == -1 {
                ffi::PyErr_Clear();
            }
            exact &= ph as i64 == *h;
        }
        if !exact {
            return items.iter().all(|(_, _, o)| ffi::PySet_Add(target, o.0) == 0);
        }
        let so = target.cast::<ffi::PySetObject>();
        let mask = set::mask(s);
        let table: *mut ffi::setentry = if mask + 1 == ffi::PySet_MINSIZE {
            (*so).smalltable.as_mut_ptr()
        } else {
            let t = ffi::PyMem_Calloc(mask + 1, std::mem::size_of::<ffi::setentry>()).cast::<ffi::setentry>();
            if t.is_null() {
                ffi::PyErr_NoMemory();
                return false;
            }
            t
        };
        for i in 0..=mask {
            let e = &mut *table.add(i);
            let (state, _, _) = set::raw_slot(s, i);
            if state == set::DUMMY {
                e.key = dummy;
                e.hash = -1;
            } else {
                e.key = ptr::null_mut();
                e.hash = 0;
            }
        }
        for (i, h, o) in items {
            let e = &mut *table.add(i);
            e.key = o.take();
            e.hash = h as ffi::Py_hash_t;
        }
        let (fill, used, finger) = set::counters(s);
        (*so).table = table;
        (*so).mask = mask as Py_ssize_t;
        (*so).fill = fill as Py_ssize_t;
        (*so).used = used as Py_ssize_t;
        (*so).finger = finger as Py_ssize_t;
        true
    }
}

/// Raises `KeyError(key)` with the key object itself as the argument (as
/// CPython's `_PyErr_SetKeyError`), falling back to the key's repr.
///
/// # Safety
/// GIL held.
pub(super) unsafe fn raise_key_error(msg: &str, arg: error::Arg) {
    // SAFETY: GIL held (caller).
    unsafe {
        let key = arg.downcast::<value::ValueArg>().ok().and_then(|a| {
            let c = Code::from_ptr(a.ty);
            let (ty, _) = Ty::parse(c.bytes()).ok()?;
            let mut cx = ResultCx::new(pyo3::Python::assume_attached(), false, &[]);
            value::retain(c, &a.words);
            let o = cx.words_to_py(&ty, c, &a.words);
            if o.is_null() {
                ffi::PyErr_Clear();
                return None;
            }
            Some(Owned(o))
        });
        let Some(key) = key else {
            set_error(ffi::PyExc_KeyError, msg);
            return;
        };
        let args = Owned(ffi::PyTuple_Pack(1, key.0));
        if !args.0.is_null() {
            ffi::PyErr_SetObject(ffi::PyExc_KeyError, args.0);
        }
    }
}

/// Turns the current Python exception into this thread's pending kiln
/// exception (the builtin kind of the same name, else `Exception`).
///
/// # Safety
/// GIL held; a Python exception is set.
#[allow(deprecated)]
unsafe fn python_error_to_pending() {
    // SAFETY: GIL held (caller).
    unsafe {
        let (mut t, mut v, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        ffi::PyErr_Fetch(&mut t, &mut v, &mut tb);
        ffi::PyErr_NormalizeException(&mut t, &mut v, &mut tb);
        let name = if t.is_null() { "SystemError".to_owned() } else { type_name(v) };
        let kind = exc::by_name(&name).filter(|&k| exc_type(k).is_some()).unwrap_or(exc::EXCEPTION);
        let msg = if v.is_null() {
            String::new()
        } else {
            let s = ffi::PyObject_Str(v);
            let m = if s.is_null() {
                ffi::PyErr_Clear();
                None
            } else {
                str_text(s)
            };
            ffi::Py_XDECREF(s);
            m.unwrap_or_default()
        };
        ffi::Py_XDECREF(t);
        ffi::Py_XDECREF(v);
        ffi::Py_XDECREF(tb);
        error::set(kind, msg);
    }
}

/// `sys.stdout.write(text)`, as `print` does; nothing when `sys.stdout` is
/// `None`. Err with a Python exception set.
///
/// # Safety
/// GIL held.
unsafe fn write_stdout(text: &str) -> Result<(), ()> {
    // SAFETY: GIL held (caller).
    unsafe {
        let out = ffi::PySys_GetObject(c"stdout".as_ptr());
        if out.is_null() {
            set_error(ffi::PyExc_RuntimeError, "lost sys.stdout");
            return Err(());
        }
        if out == ffi::Py_None() {
            return Ok(());
        }
        let s = Owned(ffi::PyUnicode_FromStringAndSize(text.as_ptr().cast(), text.len() as Py_ssize_t));
        if s.0.is_null() {
            return Err(());
        }
        let write = Owned(ffi::PyObject_GetAttrString(out, c"write".as_ptr()));
        if write.0.is_null() {
            return Err(());
        }
        let r = Owned(ffi::PyObject_CallOneArg(write.0, s.0));
        if r.0.is_null() {
            Err(())
        } else {
            Ok(())
        }
    }
}

/// `kiln_print(s, end)`: `print(s, end=end)` (`end` null: `"\n"`), through
/// `sys.stdout.write` with the GIL taken, so that output interleaves with
/// Python's own prints and captures. 0, or 1 with the write's exception
/// pending.
///
/// # Safety
/// `s` is a live str; `end` is null or a live str.
#[no_mangle]
pub unsafe extern "C" fn kiln_print(s: *const KStr, end: *const KStr) -> i32 {
    error::guard(1, || {
        // SAFETY: forwarded; the GIL is taken before touching Python.
        unsafe {
            let text = as_str(s);
            let end = if end.is_null() { "\n" } else { as_str(end) };
            if ffi::Py_IsInitialized() == 0 {
                // No interpreter (compile-time evaluation): plain stdout.
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(text.as_bytes());
                let _ = out.write_all(end.as_bytes());
                return 0;
            }
            let gil = ffi::PyGILState_Ensure();
            let status = if write_stdout(text).and_then(|_| write_stdout(end)).is_ok() {
                0
            } else {
                python_error_to_pending();
                1
            };
            ffi::PyGILState_Release(gil);
            status
        }
    })
}
