//! Python's `complex` arithmetic where it is more than a few machine
//! operations: `**` (CPython 3.11's `complex_pow`: `c_powi` by repeated
//! squaring for integral exponents up to 100 in magnitude, else `_Py_c_pow`
//! through polar form) and the shared helpers (`_Py_c_prod`, `_Py_c_quot`,
//! `_Py_c_abs`) that `cmath.rs` uses too.
//!
//! Compiled code does `+ - *` and `/` inline with the same formulas
//! (`back/complex.rs`); these functions are the reference for them.
//!
//! Invariant: every result is CPython's bit for bit (the same operations in
//! the same order, glibc's libm for the transcendental parts), and the error
//! CPython raises is the one set here.

use crate::abi::exc;
use crate::error;

/// A complex value as (real, imaginary).
pub type C = (f64, f64);

pub mod libm {
    //! glibc's libm, called directly: Rust's `asinh`/`acosh`/`atanh` are
    //! not libm's, and CPython's results are libm's.
    extern "C" {
        pub fn sin(x: f64) -> f64;
        pub fn cos(x: f64) -> f64;
        pub fn tan(x: f64) -> f64;
        pub fn exp(x: f64) -> f64;
        pub fn log(x: f64) -> f64;
        pub fn log1p(x: f64) -> f64;
        pub fn hypot(x: f64, y: f64) -> f64;
        pub fn atan2(y: f64, x: f64) -> f64;
        pub fn pow(x: f64, y: f64) -> f64;
        pub fn sinh(x: f64) -> f64;
        pub fn cosh(x: f64) -> f64;
        pub fn tanh(x: f64) -> f64;
        pub fn asinh(x: f64) -> f64;
        pub fn ldexp(x: f64, e: i32) -> f64;
    }
}

/// `_Py_c_prod`.
pub fn prod(a: C, b: C) -> C {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// `_Py_c_quot`: Smith's method. `None` for a zero divisor (CPython's EDOM).
pub fn quot(a: C, b: C) -> Option<C> {
    let (abs_br, abs_bi) = (b.0.abs(), b.1.abs());
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        // A NaN part in the divisor.
        Some((f64::NAN, f64::NAN))
    }
}

/// `_Py_c_abs`: the result and whether it overflowed (CPython's ERANGE).
pub fn abs(z: C) -> (f64, bool) {
    if !z.0.is_finite() || !z.1.is_finite() {
        if z.0.is_infinite() {
            return (z.0.abs(), false);
        }
        if z.1.is_infinite() {
            return (z.1.abs(), false);
        }
        return (f64::NAN, false);
    }
    // SAFETY: a libm call on plain floats.
    let r = unsafe { libm::hypot(z.0, z.1) };
    (r, !r.is_finite())
}

/// Why `**` failed, as CPython's errno.
#[derive(Debug, PartialEq, Eq)]
pub enum PowError {
    /// EDOM: `0.0 to a negative or complex power`.
    Domain,
    /// ERANGE: `complex exponentiation` overflowed.
    Range,
}

fn powu(x: C, n: i64) -> C {
    let mut r = (1.0, 0.0);
    let mut p = x;
    let mut mask: i64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = prod(r, p);
        }
        mask <<= 1;
        p = prod(p, p);
    }
    r
}

/// `_Py_c_pow`, with its EDOM cases; a libm EDOM (sin/cos of an infinite
/// phase) is reported as CPython reports it.
fn pow_polar(a: C, b: C) -> (C, bool) {
    if b.0 == 0.0 && b.1 == 0.0 {
        return ((1.0, 0.0), false);
    }
    if a.0 == 0.0 && a.1 == 0.0 {
        return ((0.0, 0.0), b.1 != 0.0 || b.0 < 0.0);
    }
    // SAFETY: libm calls on plain floats.
    unsafe {
        let vabs = libm::hypot(a.0, a.1);
        let mut len = libm::pow(vabs, b.0);
        let at = libm::atan2(a.1, a.0);
        let mut phase = at * b.0;
        if b.1 != 0.0 {
            len /= libm::exp(at * b.1);
            phase += b.1 * libm::log(vabs);
        }
        // glibc's sin/cos set EDOM for an infinite argument.
        ((len * libm::cos(phase), len * libm::sin(phase)), phase.is_infinite())
    }
}

/// CPython 3.11's `complex ** complex`.
pub fn pow(a: C, b: C) -> Result<C, PowError> {
    let (p, edom) = if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        if n > 0 {
            (powu(a, n), false)
        } else {
            match quot((1.0, 0.0), powu(a, -n)) {
                Some(q) => (q, false),
                None => ((0.0, 0.0), true),
            }
        }
    } else {
        pow_polar(a, b)
    };
    // `_Py_ADJUST_ERANGE2`: an infinite part is an overflow unless EDOM is set.
    if edom {
        return Err(PowError::Domain);
    }
    if p.0.is_infinite() || p.1.is_infinite() {
        return Err(PowError::Range);
    }
    Ok(p)
}

/// `a ** b` for Python complex numbers, into `out[0..2]`; 0, or 1 with
/// `ZeroDivisionError`/`OverflowError` pending.
///
/// # Safety
/// `out` points to two writable f64.
#[no_mangle]
pub unsafe extern "C" fn kiln_complex_pow(ar: f64, ai: f64, br: f64, bi: f64, out: *mut f64) -> i32 {
    error::guard(1, || {
        let r = match pow((ar, ai), (br, bi)) {
            Ok(r) => r,
            Err(PowError::Domain) => {
                error::set(exc::ZERO_DIVISION_ERROR, "0.0 to a negative or complex power");
                return 1;
            }
            Err(PowError::Range) => {
                error::set(exc::OVERFLOW_ERROR, "complex exponentiation");
                return 1;
            }
        };
        // SAFETY: the caller passes two writable f64.
        unsafe {
            *out = r.0;
            *out.add(1) = r.1;
        }
        0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quot_is_smiths_method() {
        assert_eq!(quot((1.0, 2.0), (3.0, 4.0)), Some((0.44, 0.08)));
        assert_eq!(quot((1.0, 0.0), (0.0, 0.0)), None);
        let n = quot((1.0, 1.0), (f64::NAN, 1.0)).unwrap();
        assert!(n.0.is_nan() && n.1.is_nan());
    }

    #[test]
    fn pow_cases() {
        assert_eq!(pow((0.0, 1.0), (2.0, 0.0)), Ok((-1.0, 0.0)));
        assert_eq!(pow((0.0, 0.0), (-1.0, 0.0)), Err(PowError::Domain));
        assert_eq!(pow((0.0, 0.0), (0.0, 1.0)), Err(PowError::Domain));
        assert_eq!(pow((1e200, 0.0), (2.0, 0.0)), Err(PowError::Range));
        assert_eq!(pow((2.0, 0.0), (0.0, 0.0)), Ok((1.0, 0.0)));
    }
}
