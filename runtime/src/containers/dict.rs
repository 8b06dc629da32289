//! `dict` objects ([`KDict`]): insertion-ordered hash maps from keys to
//! values of fixed element types, with CPython's method semantics.
//!
//! Design: like CPython's compact dict, entries are appended to a dense
//! array in insertion order and an open-addressing index (perturbed probing)
//! maps hashes to entry slots. Deleting leaves a hole in the entry array (a
//! slot whose hash is -1, which no Python hash is); holes are squeezed out
//! only when the index is rebuilt, which happens on an insertion that grows
//! the dict. Iteration (`kiln_dict_slots`/`kiln_dict_entry`) walks the entry
//! array, so the order is CPython's: insertion order, a re-inserted key
//! moving to the end, an overwritten key keeping its place.
//!
//! Invariants: `head.len` is the number of live entries; `version` changes
//! whenever the number of entries changes (insert, delete, clear), and slot
//! numbers of live entries change only together with the version; keys are
//! unique under Python `==`; every live entry owns its key and value.

use std::ptr;
use std::sync::atomic::AtomicIsize;

use super::code::Code;
use super::obj::{self, check_mutable, PyResult};
use super::value;
use crate::abi::KObjHead;
use crate::error;

const EMPTY: i64 = -1;
const DUMMY: i64 = -2;
/// The hash of a deleted entry.
const HOLE: i64 = -1;
const MIN_INDEX: usize = 8;

/// A dict. Compiled code reads `head.len` inline; the rest is private.
#[repr(C)]
pub struct KDict {
    pub head: KObjHead,
    version: i64,
    kty: *const u8,
    vty: *const u8,
    /// Entries of `1 + key words + value words`: the hash, then the key, then
    /// the value.
    entries: Vec<u64>,
    /// Entry slot per index position, or `EMPTY`/`DUMMY`.
    index: Vec<i64>,
}

struct Shape<'a> {
    kc: Code<'a>,
    vc: Code<'a>,
    kw: usize,
    stride: usize,
}

/// # Safety
/// `d` is a live dict.
unsafe fn shape<'a>(d: *const KDict) -> Shape<'a> {
    // SAFETY: a live dict's codes are valid.
    unsafe {
        let kc = Code::from_ptr((*d).kty);
        let vc = Code::from_ptr((*d).vty);
        let kw = kc.words();
        Shape { kc, vc, kw, stride: 1 + kw + vc.words() }
    }
}

impl Shape<'_> {
    fn key<'e>(&self, entries: &'e [u64], slot: usize) -> &'e [u64] {
        let b = slot * self.stride + 1;
        &entries[b..b + self.kw]
    }

    fn val<'e>(&self, entries: &'e [u64], slot: usize) -> &'e [u64] {
        let b = slot * self.stride + 1 + self.kw;
        &entries[b..(slot + 1) * self.stride]
    }
}

/// A new empty dict.
///
/// # Safety
/// The codes are valid and outlive the dict.
pub unsafe fn new_dict(kty: *const u8, vty: *const u8) -> *mut KDict {
    obj::note_alloc();
    Box::into_raw(Box::new(KDict {
        head: KObjHead { refcnt: AtomicIsize::new(1), len: 0 },
        version: 0,
        kty,
        vty,
        entries: Vec::new(),
        index: vec![EMPTY; MIN_INDEX],
    }))
}

/// The number of entry slots (live or holes).
///
/// # Safety
/// `d` is a live dict.
pub unsafe fn slots(d: *const KDict) -> usize {
    // SAFETY: forwarded.
    unsafe { (*d).entries.len() / shape(d).stride }
}

/// The key and value words of a live slot, or `None` for a hole.
///
/// # Safety
/// `d` is a live dict and `slot < slots(d)`; the slices are invalidated by
/// any change to the dict.
pub unsafe fn entry<'a>(d: *const KDict, slot: usize) -> Option<(&'a [u64], &'a [u64])> {
    // SAFETY: forwarded.
    unsafe {
        let s = shape(d);
        let e = &(*d).entries;
        if e[slot * s.stride] as i64 == HOLE {
            return None;
        }
        Some((s.key(e, slot), s.val(e, slot)))
    }
}

/// Drops a reference, freeing the dict and its entries with the last one.
///
/// # Safety
/// `d` is null or a live dict on which the caller holds a reference.
pub unsafe fn decref(d: *mut KDict) {
    // SAFETY: forwarded.
    unsafe {
        if obj::decref_is_last(d.cast()) {
            free(d);
        }
    }
}

/// Frees a dict whose count reached zero, and releases its entries.
///
/// # Safety
/// `d` is a dead dict: its last reference was just dropped.
unsafe fn free(d: *mut KDict) {
    // SAFETY: forwarded.
    unsafe {
        let b = Box::from_raw(d);
        release_entries(&b);
        drop(b);
        obj::note_free();
    }
}

/// `kiln_dict_free(d)`: frees a dict after compiled code dropped its last
/// reference (the inline fast path of a decref, back/clif.rs).
///
/// # Safety
/// As [`free`].
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_free(d: *mut KDict) {
    std::sync::atomic::fence(std::sync::atomic::Ordering::Acquire);
    // SAFETY: forwarded.
    error::guard((), || unsafe { free(d) })
}

/// Releases every live entry's references.
///
/// # Safety
/// The dict owns its entries, which are not used afterwards.
unsafe fn release_entries(d: &KDict) {
    // SAFETY: forwarded.
    unsafe {
        let s = shape(d);
        for slot in 0..d.entries.len() / s.stride {
            if d.entries[slot * s.stride] as i64 != HOLE {
                value::release(s.kc, s.key(&d.entries, slot));
                value::release(s.vc, s.val(&d.entries, slot));
            }
        }
    }
}

/// The index position and entry slot of `key`, if present.
///
/// # Safety
/// `d` is a live dict; `key` are live words of its key type.
unsafe fn find(d: *const KDict, key: &[u64], h: i64) -> PyResult<Option<(usize, usize)>> {
    // SAFETY: forwarded.
    unsafe {
        let s = shape(d);
        let index = &(*d).index;
        let entries = &(*d).entries;
        let mask = index.len() - 1;
        let mut perturb = h as u64;
        let mut i = (h as u64 as usize) & mask;
        loop {
            let ix = index[i];
            if ix == EMPTY {
                return Ok(None);
            }
            if ix >= 0 {
                let slot = ix as usize;
                if entries[slot * s.stride] as i64 == h && value::eq(s.kc, s.key(entries, slot), key)? {
                    return Ok(Some((i, slot)));
                }
            }
            perturb >>= 5;
            i = (i.wrapping_mul(5).wrapping_add(perturb as usize).wrapping_add(1)) & mask;
        }
    }
}

/// The first free index position for hash `h` (the index has room).
fn free_position(index: &[i64], h: i64) -> usize {
    let mask = index.len() - 1;
    let mut perturb = h as u64;
    let mut i = (h as u64 as usize) & mask;
    while index[i] >= 0 {
        perturb >>= 5;
        i = (i.wrapping_mul(5).wrapping_add(perturb as usize).wrapping_add(1)) & mask;
    }
    i
}

/// Rebuilds the index for at least `need` entries, squeezing out holes.
///
/// # Safety
/// `d` is a live dict.
unsafe fn rebuild(d: *mut KDict, need: usize) {
    // SAFETY: forwarded; only hole entries (which own nothing) are dropped.
    unsafe {
        let s = shape(d);
        let old = std::mem::take(&mut (*d).entries);
        let mut entries = Vec::with_capacity(need * s.stride);
        for e in old.chunks_exact(s.stride) {
            if e[0] as i64 != HOLE {
                entries.extend_from_slice(e);
            }
        }
        let mut size = MIN_INDEX;
        while size * 2 < need * 3 {
            size *= 2;
        }
        let mut index = vec![EMPTY; size];
        for (slot, e) in entries.chunks_exact(s.stride).enumerate() {
            let p = free_position(&index, e[0] as i64);
            index[p] = slot as i64;
        }
        (*d).entries = entries;
        (*d).index = index;
    }
}

/// Inserts or overwrites, taking ownership of `key` and `val` (both released
/// on failure; an existing key keeps its original key object).
///
/// # Safety
/// `d` is a live dict; `key` and `val` are owned words of its types.
pub unsafe fn set(d: *mut KDict, key: &[u64], val: &[u64]) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let s = shape(d);
        let found = check_mutable(d.cast(), "dict").and_then(|_| value::hash(s.kc, key)).and_then(|h| Ok((h, find(d, key, h)?)));
        let (h, found) = match found {
            Ok(r) => r,
            Err(e) => {
                value::release(s.kc, key);
                value::release(s.vc, val);
                return Err(e);
            }
        };
        if let Some((_, slot)) = found {
            let b = slot * s.stride + 1 + s.kw;
            let entries = &mut (*d).entries;
            let old = entries[b..(slot + 1) * s.stride].to_vec();
            entries[b..(slot + 1) * s.stride].copy_from_slice(val);
            value::release(s.kc, key);
            value::release(s.vc, &old);
            return Ok(());
        }
        let nslots = slots(d);
        if (nslots + 1) * 3 > (*d).index.len() * 2 {
            // Room for twice the live entries, so that rebuilds stay rare
            // (amortized O(1) per insertion) whatever the deletions were.
            rebuild(d, ((*d).head.len as usize + 1) * 2);
        }
        let slot = slots(d);
        let index = &mut (*d).index;
        let p = free_position(index, h);
        index[p] = slot as i64;
        let e = &mut (*d).entries;
        e.push(h as u64);
        e.extend_from_slice(key);
        e.extend_from_slice(val);
        (*d).head.len += 1;
        (*d).version += 1;
        Ok(())
    }
}

/// Removes `key`'s entry, returning its owned key and value words.
///
/// # Safety
/// `d` is a live dict; `key` are live words of its key type.
unsafe fn remove(d: *mut KDict, key: &[u64]) -> PyResult<Option<(Vec<u64>, Vec<u64>)>> {
    // SAFETY: forwarded.
    unsafe {
        check_mutable(d.cast(), "dict")?;
        let s = shape(d);
        let h = value::hash(s.kc, key)?;
        let Some((pos, slot)) = find(d, key, h)? else {
            return Ok(None);
        };
        let index = &mut (*d).index;
        index[pos] = DUMMY;
        let e = &mut (*d).entries;
        let k = s.key(e, slot).to_vec();
        let v = s.val(e, slot).to_vec();
        for w in &mut e[slot * s.stride..(slot + 1) * s.stride] {
            *w = 0;
        }
        e[slot * s.stride] = HOLE as u64;
        (*d).head.len -= 1;
        (*d).version += 1;
        Ok(Some((k, v)))
    }
}

/// The value words stored for `key`.
///
/// # Safety
/// `d` is a live dict; `key` are live words of its key type. The slice is
/// invalidated by any change to the dict.
pub unsafe fn get<'a>(d: *const KDict, key: &[u64]) -> PyResult<Option<&'a [u64]>> {
    // SAFETY: forwarded.
    unsafe {
        let s = shape(d);
        let h = value::hash(s.kc, key)?;
        Ok(find(d, key, h)?.map(|(_, slot)| s.val(&(*d).entries, slot)))
    }
}

/// `a == b` for two dicts of the same types.
///
/// # Safety
/// Both are live dicts.
pub unsafe fn eq(a: *const KDict, b: *const KDict) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        if (*a).head.len != (*b).head.len {
            return Ok(false);
        }
        let s = shape(a);
        for slot in 0..slots(a) {
            let Some((k, v)) = entry(a, slot) else {
                continue;
            };
            match get(b, k)? {
                Some(bv) if value::eq(s.vc, v, bv)? => {}
                _ => return Ok(false),
            }
        }
        Ok(true)
    }
}

/// Appends `repr(d)`.
///
/// # Safety
/// `d` is a live dict.
pub unsafe fn repr(d: *const KDict, out: &mut String) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let s = shape(d);
        out.push('{');
        let mut first = true;
        for slot in 0..slots(d) {
            let Some((k, v)) = entry(d, slot) else {
                continue;
            };
            if !first {
                out.push_str(", ");
            }
            first = false;
            value::repr(s.kc, k, out, false)?;
            out.push_str(": ");
            value::repr(s.vc, v, out, false)?;
        }
        out.push('}');
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Entry points.

fn status(body: impl FnOnce() -> PyResult<()>) -> i32 {
    error::guard(1, || match body() {
        Ok(()) => 0,
        Err(_) => 1,
    })
}

/// Copies `w` (retained) to `out`.
///
/// # Safety
/// `w` are live words of type `c`; `out` has room for them.
unsafe fn give(c: Code, w: &[u64], out: *mut u64) {
    // SAFETY: forwarded.
    unsafe {
        value::retain(c, w);
        ptr::copy_nonoverlapping(w.as_ptr(), out, w.len());
    }
}

/// `kiln_dict_new(key ty, value ty)`: a new empty dict.
///
/// # Safety
/// The codes are valid and outlive the dict.
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_new(kty: *const u8, vty: *const u8) -> *mut KDict {
    // SAFETY: forwarded.
    error::guard(ptr::null_mut(), || unsafe { new_dict(kty, vty) })
}

/// `kiln_dict_decref(d)`.
///
/// # Safety
/// As [`decref`].
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_decref(d: *mut KDict) {
    // SAFETY: forwarded.
    error::guard((), || unsafe { decref(d) })
}

/// `kiln_dict_set(d, key, value)`: `d[key] = value`, taking ownership of both.
///
/// # Safety
/// `d` is a live dict; `key`/`val` point to owned words of its types.
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_set(d: *mut KDict, key: *const u64, val: *const u64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        let s = shape(d);
        set(d, value::words(s.kc, key), value::words(s.vc, val))
    })
}

/// `kiln_dict_lookup(d, key, out)`: 1 and a new reference to the value in
/// `out` when present, else 0; never raises.
///
/// # Safety
/// `d` is a live dict; `key` points to live key words; `out` has room.
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_lookup(d: *const KDict, key: *const u64, out: *mut u64) -> i32 {
    error::guard(0, || {
        // SAFETY: forwarded.
        unsafe {
            let s = shape(d);
            match get(d, value::words(s.kc, key)) {
                Ok(Some(v)) => {
                    give(s.vc, v, out);
                    1
                }
                Ok(None) => 0,
                Err(_) => {
                    error::take();
                    0
                }
            }
        }
    })
}

/// `kiln_dict_getitem(d, key, out)`: `d[key]` (new reference), `KeyError`.
///
/// # Safety
/// As [`kiln_dict_lookup`].
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_getitem(d: *const KDict, key: *const u64, out: *mut u64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        let s = shape(d);
        let k = value::words(s.kc, key);
        match get(d, k)? {
            Some(v) => {
                give(s.vc, v, out);
                Ok(())
            }
            None => value::raise_key_error(s.kc, k),
        }
    })
}

/// `kiln_dict_pop(d, key, out)`: `d.pop(key)`; the value moves to `out`.
///
/// # Safety
/// As [`kiln_dict_lookup`].
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_pop(d: *mut KDict, key: *const u64, out: *mut u64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        let s = shape(d);
        let k = value::words(s.kc, key);
        match remove(d, k)? {
            Some((ok, ov)) => {
                value::release(s.kc, &ok);
                ptr::copy_nonoverlapping(ov.as_ptr(), out, ov.len());
                Ok(())
            }
            None => value::raise_key_error(s.kc, k),
        }
    })
}

/// `kiln_dict_delitem(d, key)`: `del d[key]`, `KeyError`.
///
/// # Safety
/// `d` is a live dict; `key` points to live key words.
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_delitem(d: *mut KDict, key: *const u64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        let s = shape(d);
        let k = value::words(s.kc, key);
        match remove(d, k)? {
            Some((ok, ov)) => {
                value::release(s.kc, &ok);
                value::release(s.vc, &ov);
                Ok(())
            }
            None => value::raise_key_error(s.kc, k),
        }
    })
}

/// `kiln_dict_contains(d, key)`: 1 if `key in d`, else 0; -1 with an
/// exception pending (an unhashable key).
///
/// # Safety
/// `d` is a live dict; `key` points to live key words.
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_contains(d: *const KDict, key: *const u64) -> i32 {
    error::guard(-1, || {
        // SAFETY: forwarded.
        unsafe {
            match get(d, value::words(shape(d).kc, key)) {
                Ok(r) => r.is_some() as i32,
                Err(_) => -1,
            }
        }
    })
}

/// `kiln_dict_setdefault(d, key, default, out)`: `d.setdefault(key, default)`
/// (both borrowed); `out` receives a new reference to the value now in `d`.
///
/// # Safety
/// `d` is a live dict; `key`/`default` point to live words of its types;
/// `out` has room for a value.
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_setdefault(d: *mut KDict, key: *const u64, default: *const u64, out: *mut u64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        let s = shape(d);
        let k = value::words(s.kc, key);
        if let Some(v) = get(d, k)? {
            give(s.vc, v, out);
            return Ok(());
        }
        let v = value::words(s.vc, default);
        value::retain(s.kc, k);
        value::retain(s.vc, v);
        set(d, k, v)?;
        give(s.vc, v, out);
        Ok(())
    })
}

/// `kiln_dict_update(d, other)`: `d.update(other)` (`other` borrowed).
///
/// # Safety
/// Both are live dicts of the same types.
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_update(d: *mut KDict, other: *const KDict) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        check_mutable(d.cast(), "dict")?;
        if ptr::eq(d, other) {
            return Ok(());
        }
        let s = shape(d);
        for slot in 0..slots(other) {
            let Some((k, v)) = entry(other, slot) else {
                continue;
            };
            value::retain(s.kc, k);
            value::retain(s.vc, v);
            set(d, k, v)?;
        }
        Ok(())
    })
}

/// `kiln_dict_clear(d)`.
///
/// # Safety
/// `d` is a live dict.
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_clear(d: *mut KDict) {
    error::guard((), || {
        // SAFETY: forwarded. The dict is emptied before the old entries are
        // released, so it is consistent at every point.
        unsafe {
            if check_mutable(d.cast(), "dict").is_err() {
                return;
            }
            let old = KDict {
                head: KObjHead { refcnt: AtomicIsize::new(1), len: 0 },
                version: 0,
                kty: (*d).kty,
                vty: (*d).vty,
                entries: std::mem::take(&mut (*d).entries),
                index: Vec::new(),
            };
            (*d).index = vec![EMPTY; MIN_INDEX];
            if (*d).head.len != 0 {
                (*d).version += 1;
            }
            (*d).head.len = 0;
            release_entries(&old);
        }
    })
}

/// `kiln_dict_copy(d)`: a new dict with the same entries, in order.
///
/// # Safety
/// `d` is a live dict.
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_copy(d: *const KDict) -> *mut KDict {
    error::guard(ptr::null_mut(), || {
        // SAFETY: forwarded.
        unsafe {
            let n = new_dict((*d).kty, (*d).vty);
            if kiln_dict_update(n, d) != 0 {
                decref(n);
                return ptr::null_mut();
            }
            n
        }
    })
}

/// `kiln_dict_eq(a, b)`: 1 if `a == b`, else 0; -1 with an exception pending
/// (values holding arrays only).
///
/// # Safety
/// Both are live dicts of the same types.
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_eq(a: *const KDict, b: *const KDict) -> i32 {
    // SAFETY: forwarded.
    error::guard(-1, || match unsafe { eq(a, b) } {
        Ok(r) => r as i32,
        Err(_) => -1,
    })
}

/// `kiln_dict_slots(d)`: the number of entry slots to iterate over.
///
/// # Safety
/// `d` is a live dict.
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_slots(d: *const KDict) -> i64 {
    // SAFETY: forwarded.
    error::guard(0, || unsafe { slots(d) as i64 })
}

/// `kiln_dict_entry(d, slot, out key, out value)`: 1 and new references when
/// the slot is live, 0 for a hole (or a slot past the end). Either output may
/// be null when the caller does not want it.
///
/// # Safety
/// `d` is a live dict; non-null outputs have room for a key / a value.
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_entry(d: *const KDict, slot: i64, kout: *mut u64, vout: *mut u64) -> i32 {
    error::guard(0, || {
        // SAFETY: forwarded.
        unsafe {
            if slot < 0 || slot as usize >= slots(d) {
                return 0;
            }
            let s = shape(d);
            match entry(d, slot as usize) {
                Some((k, v)) => {
                    if !kout.is_null() {
                        give(s.kc, k, kout);
                    }
                    if !vout.is_null() {
                        give(s.vc, v, vout);
                    }
                    1
                }
                None => 0,
            }
        }
    })
}

/// `kiln_dict_version(d)`: changes whenever the dict changes size.
///
/// # Safety
/// `d` is a live dict.
#[no_mangle]
pub unsafe extern "C" fn kiln_dict_version(d: *const KDict) -> i64 {
    // SAFETY: forwarded.
    error::guard(0, || unsafe { (*d).version })
}
