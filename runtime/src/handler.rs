//! Exceptions being handled by compiled `except` clauses.
//!
//! When a handler starts, the pending exception moves onto a per-thread
//! stack (`kiln_err_stash`): it is no longer pending, yet a bare `raise` in
//! the handler can re-raise it (`kiln_err_reraise`), and a `finally` that
//! runs while an exception propagates can set it aside and restore it.
//! `kiln_err_unstash` pops it when the handler (or the finally) is done.
//!
//! Invariant: compiled code balances every stash with one unstash on every
//! path out of the handler.

use std::cell::RefCell;

use crate::error::{self, Pending};

thread_local! {
    static HANDLED: RefCell<Vec<Pending>> = const { RefCell::new(Vec::new()) };
}

/// Moves the pending exception onto the handled stack.
#[no_mangle]
pub extern "C" fn kiln_err_stash() {
    error::guard((), || {
        let p = error::take()
            .unwrap_or(Pending { kind: crate::abi::exc::RUNTIME_ERROR, message: "No active exception to reraise".to_string() });
        let _ = HANDLED.try_with(|h| h.borrow_mut().push(p));
    })
}

/// Makes the innermost handled exception pending again (bare `raise`).
#[no_mangle]
pub extern "C" fn kiln_err_reraise() {
    error::guard((), || {
        let top = HANDLED.try_with(|h| h.borrow().last().cloned()).ok().flatten();
        match top {
            Some(p) => error::set(p.kind, p.message),
            None => error::set(crate::abi::exc::RUNTIME_ERROR, "No active exception to reraise"),
        }
    })
}

/// Drops the innermost handled exception.
#[no_mangle]
pub extern "C" fn kiln_err_unstash() {
    error::guard((), || {
        let _ = HANDLED.try_with(|h| h.borrow_mut().pop());
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stash_reraise_unstash() {
        error::set(crate::abi::exc::VALUE_ERROR, "boom");
        kiln_err_stash();
        assert_eq!(error::pending_kind(), None);
        kiln_err_reraise();
        assert_eq!(error::take().map(|p| p.message), Some("boom".to_string()));
        kiln_err_unstash();
        kiln_err_reraise();
        assert_eq!(error::take().map(|p| p.kind), Some(crate::abi::exc::RUNTIME_ERROR));
    }
}
