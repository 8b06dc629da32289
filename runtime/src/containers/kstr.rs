//! `str` objects ([`KStr`]): allocation, release, text access and the cached
//! hash.
//!
//! A runtime-made str is one heap block: the `KStr` header followed by its
//! UTF-8 bytes (`data` points just past the header). Literals are immortal
//! static `KStr`s emitted by the compiler, with their bytes elsewhere in
//! read-only data.
//!
//! Invariants: the bytes are valid UTF-8 and `nchars` is their number of code
//! points; a str is never mutated after creation, except for the `hash`
//! cache of a mortal str (-1 until computed; immortal strs are never written).

use std::alloc::{self, Layout};
use std::ptr;
use std::sync::atomic::{AtomicI64, AtomicIsize, Ordering};

use super::hash;
use super::obj::{self, no_memory, PyResult};
use crate::abi::KStr;
use crate::error;

const HEADER: usize = std::mem::size_of::<KStr>();

fn layout(len: usize) -> Option<Layout> {
    Layout::from_size_align(HEADER.checked_add(len)?, 8).ok()
}

/// Number of code points in UTF-8 text.
pub fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&x| (x as i8) >= -0x40).count()
}

/// A new str holding a copy of `s` (one reference), or MemoryError.
pub fn new_str(s: &str) -> PyResult<*mut KStr> {
    new_str_nchars(s, count_chars(s.as_bytes()))
}

/// As [`new_str`], when the caller already knows the number of code points.
pub fn new_str_nchars(s: &str, nchars: usize) -> PyResult<*mut KStr> {
    debug_assert_eq!(nchars, count_chars(s.as_bytes()));
    let Some(l) = layout(s.len()) else {
        return no_memory();
    };
    // SAFETY: `l` has a nonzero size (the header).
    let block = unsafe { alloc::alloc(l) };
    if block.is_null() {
        return no_memory();
    }
    // SAFETY: the block holds the header and `s.len()` bytes after it.
    unsafe {
        let data = block.add(HEADER);
        ptr::copy_nonoverlapping(s.as_ptr(), data, s.len());
        let k = block.cast::<KStr>();
        k.write(KStr { refcnt: AtomicIsize::new(1), len: s.len() as i64, nchars: nchars as i64, hash: -1, data });
        obj::note_alloc();
        Ok(k)
    }
}

/// The text of a str.
///
/// # Safety
/// `p` is a live str; the result must not outlive it.
pub unsafe fn as_str<'a>(p: *const KStr) -> &'a str {
    // SAFETY: a live KStr holds `len` bytes of valid UTF-8 at `data`.
    unsafe {
        let k = &*p;
        if k.len == 0 {
            return "";
        }
        std::str::from_utf8_unchecked(std::slice::from_raw_parts(k.data, k.len as usize))
    }
}

/// The number of code points of a str.
///
/// # Safety
/// `p` is a live str.
pub unsafe fn nchars(p: *const KStr) -> usize {
    // SAFETY: forwarded.
    unsafe { (*p).nchars as usize }
}

/// Whether a str is pure ASCII (so byte and code point indices coincide).
///
/// # Safety
/// `p` is a live str.
pub unsafe fn is_ascii(p: *const KStr) -> bool {
    // SAFETY: forwarded.
    unsafe { (*p).len == (*p).nchars }
}

/// `hash(s)`, cached in a mortal str.
///
/// # Safety
/// `p` is a live str.
pub unsafe fn str_hash(p: *const KStr) -> i64 {
    // SAFETY: `hash` is an i64 field of a live KStr; a mortal str is
    // heap-allocated and writable. Concurrent readers may both compute the
    // same value, so a relaxed atomic store is enough.
    unsafe {
        let cell = &*ptr::addr_of!((*p).hash).cast::<AtomicI64>();
        let h = cell.load(Ordering::Relaxed);
        if h != -1 {
            return h;
        }
        let h = hash::str(as_str(p));
        if !obj::is_immortal(p.cast()) {
            cell.store(h, Ordering::Relaxed);
        }
        h
    }
}

/// Drops a reference to a str (null and immortal: no-op).
///
/// # Safety
/// `p` is null or a live str on which the caller holds a reference.
pub unsafe fn decref(p: *mut KStr) {
    // SAFETY: forwarded.
    unsafe {
        if obj::decref_is_last(p.cast()) {
            free(p);
        }
    }
}

/// Frees a str whose count reached zero.
///
/// # Safety
/// `p` is a dead str: its last reference was just dropped.
unsafe fn free(p: *mut KStr) {
    // SAFETY: forwarded.
    unsafe {
        let l = layout((*p).len as usize).expect("layout of a live str");
        alloc::dealloc(p.cast(), l);
        obj::note_free();
    }
}

/// `kiln_str_free(s)`: frees a str after compiled code dropped its last
/// reference (the inline fast path of a decref, back/clif.rs).
///
/// # Safety
/// As [`free`].
#[no_mangle]
pub unsafe extern "C" fn kiln_str_free(p: *mut KStr) {
    std::sync::atomic::fence(std::sync::atomic::Ordering::Acquire);
    // SAFETY: forwarded.
    error::guard((), || unsafe { free(p) })
}

/// `kiln_str_new(utf8 bytes, byte length)`: a new str (null with MemoryError
/// pending). Invalid UTF-8, which compiled code never passes, is replaced.
///
/// # Safety
/// `bytes` is valid for `len` bytes (it may be null when `len == 0`).
#[no_mangle]
pub unsafe extern "C" fn kiln_str_new(bytes: *const u8, len: i64) -> *mut KStr {
    error::guard(ptr::null_mut(), || {
        let b: &[u8] = if len <= 0 || bytes.is_null() {
            &[]
        } else {
            // SAFETY: guaranteed by the caller.
            unsafe { std::slice::from_raw_parts(bytes, len as usize) }
        };
        new_str(&String::from_utf8_lossy(b)).unwrap_or(ptr::null_mut())
    })
}

/// `kiln_str_decref(s)`.
///
/// # Safety
/// As [`decref`].
#[no_mangle]
pub unsafe extern "C" fn kiln_str_decref(s: *mut KStr) {
    // SAFETY: forwarded.
    error::guard((), || unsafe { decref(s) })
}

/// A str made by the runtime and released when dropped: lets Rust code hold
/// intermediate strs without leaking them on error paths.
pub struct OwnedStr(pub *mut KStr);

impl OwnedStr {
    pub fn new(s: &str) -> PyResult<OwnedStr> {
        new_str(s).map(OwnedStr)
    }

    /// Gives up ownership.
    pub fn into_raw(self) -> *mut KStr {
        let p = self.0;
        std::mem::forget(self);
        p
    }
}

impl Drop for OwnedStr {
    fn drop(&mut self) {
        // SAFETY: an OwnedStr holds one reference.
        unsafe { decref(self.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::containers::obj::live;

    #[test]
    fn make_and_free() {
        let before = live::count();
        let s = new_str("héllo").unwrap();
        unsafe {
            assert_eq!((*s).len, 6);
            assert_eq!(nchars(s), 5);
            assert_eq!(as_str(s), "héllo");
            assert!(!is_ascii(s));
            obj::kiln_obj_incref(s.cast());
            decref(s);
            assert_eq!(live::count(), before + 1);
            decref(s);
        }
        assert_eq!(live::count(), before);
        let e = unsafe { kiln_str_new(ptr::null(), 0) };
        unsafe {
            assert_eq!(as_str(e), "");
            kiln_str_decref(e);
        }
        assert_eq!(live::count(), before);
    }

    #[test]
    fn immortal_strs_are_never_written() {
        static TEXT: &[u8] = b"abc";
        let k = KStr { refcnt: AtomicIsize::new(-1), len: 3, nchars: 3, hash: -1, data: TEXT.as_ptr() };
        let p = &k as *const KStr as *mut KStr;
        unsafe {
            obj::kiln_obj_incref(p.cast());
            decref(p);
            assert_eq!(k.refcnt.load(Ordering::Relaxed), -1);
            let h = str_hash(p);
            assert_eq!(h, hash::str("abc"));
            assert_eq!(k.hash, -1);
        }
    }
}
