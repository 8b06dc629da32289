//! The reference count every runtime object starts with, and the error
//! plumbing shared by the container modules.
//!
//! `str`, `list`, `dict` and `set` objects all begin with an `AtomicIsize`
//! count (abi.rs: `KStr`, `KList`, `KObjHead`), so one `incref` serves them
//! all; releasing is per kind because each frees differently.
//!
//! Invariants:
//! - a negative count marks an immortal object (a static literal in the
//!   compiled module's read-only data): it is only ever read, never written;
//! - counts are atomic because parallel loops may share objects between
//!   threads (as for `KBuf`); the decrement that reaches zero is the only one
//!   that frees;
//! - a container operation that fails has set the pending exception before it
//!   returns [`Raised`].

use std::sync::atomic::{fence, AtomicIsize, Ordering};

use crate::abi::exc;
use crate::error;

/// A failed operation whose exception is pending in `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raised;

/// The result of an operation that may raise.
pub type PyResult<T> = Result<T, Raised>;

/// Sets the pending exception and returns `Err(Raised)`.
pub fn raise<T>(kind: i32, msg: impl Into<String>) -> PyResult<T> {
    error::set(kind, msg);
    Err(Raised)
}

/// `MemoryError()` (CPython's `PyErr_NoMemory` has no message).
pub fn no_memory<T>() -> PyResult<T> {
    raise(exc::MEMORY_ERROR, "")
}

/// The count of a live object (`p` is non-null).
///
/// # Safety
/// `p` points to an object that starts with an `AtomicIsize` count.
unsafe fn count<'a>(p: *const u8) -> &'a AtomicIsize {
    // SAFETY: guaranteed by the caller.
    unsafe { &*p.cast::<AtomicIsize>() }
}

/// Adds a reference (null and immortal objects: no-op).
///
/// # Safety
/// `p` is null or a live runtime object.
pub unsafe fn incref(p: *const u8) {
    if p.is_null() {
        return;
    }
    // SAFETY: forwarded from the contract.
    let c = unsafe { count(p) };
    // Relaxed suffices for increments: a thread can only add a reference
    // through one it holds, so the object cannot die concurrently.
    if c.load(Ordering::Relaxed) >= 0 {
        c.fetch_add(1, Ordering::Relaxed);
    }
}

/// Drops a reference; true when it was the last one and the caller must free
/// the object. Null and immortal objects: false.
///
/// # Safety
/// `p` is null or a live runtime object on which the caller holds a reference.
pub unsafe fn decref_is_last(p: *const u8) -> bool {
    if p.is_null() {
        return false;
    }
    // SAFETY: forwarded from the contract.
    let c = unsafe { count(p) };
    if c.load(Ordering::Relaxed) < 0 {
        return false;
    }
    // Release on the decrement and Acquire before freeing, so that every
    // write made through other references happens-before the free.
    if c.fetch_sub(1, Ordering::Release) != 1 {
        return false;
    }
    fence(Ordering::Acquire);
    true
}

/// Whether `p` is an immortal (static) object.
///
/// # Safety
/// `p` is a live runtime object.
pub unsafe fn is_immortal(p: *const u8) -> bool {
    // SAFETY: forwarded from the contract.
    unsafe { count(p) }.load(Ordering::Relaxed) < 0
}

/// Whether the caller holds the only reference (so a result may reuse it).
///
/// # Safety
/// `p` is a live runtime object.
pub unsafe fn is_unique(p: *const u8) -> bool {
    // SAFETY: forwarded from the contract.
    unsafe { count(p) }.load(Ordering::Acquire) == 1
}

/// `kiln_obj_incref(p)`: one more reference to any str, list, dict or set
/// (null and immortal: no-op).
///
/// # Safety
/// `p` is null or a live runtime object.
#[no_mangle]
pub unsafe extern "C" fn kiln_obj_incref(p: *mut u8) {
    // SAFETY: forwarded.
    error::guard((), || unsafe { incref(p) })
}

/// Refuses to mutate an immortal object: it lives in read-only memory, so a
/// write would crash the process. Compiled code copies constants before
/// mutating them; reaching this is a compiler bug, reported as SystemError.
///
/// # Safety
/// `p` is a live runtime object.
pub unsafe fn check_mutable(p: *const u8, what: &str) -> PyResult<()> {
    // SAFETY: forwarded from the contract.
    if unsafe { is_immortal(p) } {
        return raise(exc::SYSTEM_ERROR, format!("kiln: attempt to modify a constant {what}"));
    }
    Ok(())
}

/// Counts an allocation (tests only).
#[inline]
pub fn note_alloc() {
    #[cfg(test)]
    live::inc();
}

/// Counts a free (tests only).
#[inline]
pub fn note_free() {
    #[cfg(test)]
    live::dec();
}

/// Live-object accounting for the unit tests: every allocation and free of a
/// runtime object is counted per thread, so a test can assert that it
/// released everything it made.
#[cfg(test)]
pub mod live {
    use std::cell::Cell;

    thread_local! {
        static LIVE: Cell<isize> = const { Cell::new(0) };
    }

    pub fn inc() {
        LIVE.with(|c| c.set(c.get() + 1));
    }

    pub fn dec() {
        LIVE.with(|c| c.set(c.get() - 1));
    }

    /// Objects allocated and not yet freed on this thread.
    pub fn count() -> isize {
        LIVE.with(|c| c.get())
    }
}
