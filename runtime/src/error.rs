//! The pending exception of compiled code, and the panic firewall.
//!
//! Compiled code never touches Python exceptions: it records one in a
//! thread-local slot (`kiln_raise*`), returns a nonzero status up its call
//! chain, and the trampoline in `pyglue` turns the slot into a real Python
//! exception once the GIL is held again. A thread-local is the right scope
//! because compiled code runs on the thread that called it, and because no
//! lock may be taken while the GIL is released.
//!
//! Invariants:
//! - at most one exception is pending per thread; a new raise replaces an
//!   older, unobserved one (compiled code unwinds at the first raise, so this
//!   only happens after a handled `except`, which clears the slot anyway);
//! - no panic ever leaves an `extern "C"` entry point: every one of them runs
//!   its body through [`guard`], which turns a panic into a pending
//!   `SystemError` carrying the panic message.
//! - an exception may carry an argument besides its message ([`set_arg`]:
//!   the key of a `KeyError`, raised with the key itself as in CPython); the
//!   argument belongs to the pending exception and goes with it on the next
//!   [`set`] or [`take`].

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::abi::exc;

/// An exception raised by compiled code (or the runtime) and not yet
/// delivered to Python.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    /// One of the [`exc`] kinds.
    pub kind: i32,
    pub message: String,
}

/// The argument of the pending exception, when it has one ([`set_arg`]).
/// Reference-counted so that a handled exception can be stashed and raised
/// again with the same argument (arguments never leave their thread).
pub type Arg = std::rc::Rc<dyn std::any::Any>;

thread_local! {
    static PENDING: RefCell<Option<Pending>> = const { RefCell::new(None) };
    static ARG: RefCell<Option<Arg>> = const { RefCell::new(None) };
}

/// Removes the pending exception's argument. It is dropped by the caller,
/// outside the slot's borrow, because dropping may release runtime objects.
fn take_arg() -> Option<Arg> {
    ARG.try_with(|slot| slot.borrow_mut().take()).ok().flatten()
}

/// Attaches an argument to the exception just set with [`set`].
pub fn set_arg(arg: Arg) {
    let old = ARG.try_with(|slot| slot.borrow_mut().replace(arg));
    drop(old);
}

/// Records `kind` with `message` as this thread's pending exception.
pub fn set(kind: i32, message: impl Into<String>) {
    let pending = Pending { kind, message: message.into() };
    // `try_with` fails only while the thread is being torn down; there is
    // nobody left to report to then, so dropping the exception is correct.
    let _ = PENDING.try_with(|slot| *slot.borrow_mut() = Some(pending));
    drop(take_arg());
}

/// Removes and returns this thread's pending exception.
pub fn take() -> Option<Pending> {
    take_with_arg().map(|(p, _)| p)
}

/// Removes and returns this thread's pending exception with its argument.
pub fn take_with_arg() -> Option<(Pending, Option<Arg>)> {
    let arg = take_arg();
    PENDING.try_with(|slot| slot.borrow_mut().take()).ok().flatten().map(|p| (p, arg))
}

/// The pending exception's kind, without removing it.
pub fn pending_kind() -> Option<i32> {
    PENDING.try_with(|slot| slot.borrow().as_ref().map(|p| p.kind)).ok().flatten()
}

/// Best-effort text of a panic payload (`panic!` gives `&str` or `String`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_owned()
    }
}

/// The message a caught panic becomes: it names kiln so that a user can tell a
/// runtime bug from an error in their own code.
pub fn panic_to_message(payload: &(dyn std::any::Any + Send)) -> String {
    format!("kiln runtime panic: {}", panic_message(payload))
}

/// Runs `body`; if it panics, records a `SystemError` with the panic message
/// and returns `on_panic` instead. Every `extern "C"` entry point that compiled
/// code calls wraps its body in this, because unwinding into Cranelift frames
/// (or out of an `extern "C"` function, which aborts) must never happen.
pub fn guard<R>(on_panic: R, body: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(r) => r,
        Err(payload) => {
            set(exc::SYSTEM_ERROR, panic_to_message(payload.as_ref()));
            on_panic
        }
    }
}

/// Decodes a message handed over by compiled code. Invalid UTF-8 is replaced
/// rather than refused: an error message must always get through.
///
/// # Safety
/// `ptr` must be valid for `len` bytes when `len > 0`.
unsafe fn message_from_raw(ptr: *const u8, len: i64) -> String {
    if ptr.is_null() || len <= 0 {
        return String::new();
    }
    // SAFETY: the caller guarantees `ptr` is valid for `len` bytes.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len as usize) };
    String::from_utf8_lossy(bytes).into_owned()
}

/// `kiln_raise(kind, utf8 message pointer, length)`: sets the pending exception.
///
/// # Safety
/// `msg` must be valid for `len` bytes when `len > 0` (it may be null when `len == 0`).
#[no_mangle]
pub unsafe extern "C" fn kiln_raise(kind: i32, msg: *const u8, len: i64) {
    guard((), || {
        // SAFETY: forwarded from this function's contract.
        let message = unsafe { message_from_raw(msg, len) };
        set(kind, message);
    })
}

/// NumPy's message for an out-of-bounds index, so compiled code's `IndexError`
/// reads exactly like the one NumPy raises for the same access.
pub fn index_message(index: i64, axis: i64, size: i64) -> String {
    format!("index {index} is out of bounds for axis {axis} with size {size}")
}

/// `kiln_raise_index(index, axis, size)`: sets a pending `IndexError`.
#[no_mangle]
pub extern "C" fn kiln_raise_index(index: i64, axis: i64, size: i64) {
    guard((), || set(exc::INDEX_ERROR, index_message(index, axis, size)))
}

/// The pending exception's kind, or -1 when none is pending.
#[no_mangle]
pub extern "C" fn kiln_err_kind() -> i32 {
    guard(exc::SYSTEM_ERROR, || pending_kind().unwrap_or(-1))
}

/// Drops the pending exception (an `except` clause caught it).
#[no_mangle]
pub extern "C" fn kiln_err_clear() {
    guard((), || {
        take();
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raise_and_clear() {
        kiln_err_clear();
        assert_eq!(kiln_err_kind(), -1);
        let msg = "division by zero";
        unsafe { kiln_raise(exc::ZERO_DIVISION_ERROR, msg.as_ptr(), msg.len() as i64) };
        assert_eq!(kiln_err_kind(), exc::ZERO_DIVISION_ERROR);
        assert_eq!(take(), Some(Pending { kind: exc::ZERO_DIVISION_ERROR, message: msg.to_owned() }));
        assert_eq!(kiln_err_kind(), -1);
        unsafe { kiln_raise(exc::VALUE_ERROR, std::ptr::null(), 0) };
        assert_eq!(take().map(|p| p.message), Some(String::new()));
    }

    #[test]
    fn index_error_message_matches_numpy() {
        kiln_raise_index(10, 0, 5);
        let p = take().unwrap();
        assert_eq!(p.kind, exc::INDEX_ERROR);
        assert_eq!(p.message, "index 10 is out of bounds for axis 0 with size 5");
        kiln_raise_index(-6, 1, 5);
        assert_eq!(take().unwrap().message, "index -6 is out of bounds for axis 1 with size 5");
    }

    #[test]
    fn guard_turns_panics_into_system_error() {
        kiln_err_clear();
        let r = guard(-7, || -> i32 { panic!("boom {}", 42) });
        assert_eq!(r, -7);
        let p = take().unwrap();
        assert_eq!(p.kind, exc::SYSTEM_ERROR);
        assert_eq!(p.message, "kiln runtime panic: boom 42");
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        let bytes = [b'a', 0xff, b'b'];
        unsafe { kiln_raise(exc::EXCEPTION, bytes.as_ptr(), 3) };
        assert_eq!(take().unwrap().message, "a\u{fffd}b");
    }
}
