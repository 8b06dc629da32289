//! Python's float and int arithmetic where it differs from the machine's.
//!
//! Each function reproduces CPython 3.11's result bit for bit, including the
//! sign of zeros and the inf/nan cases, because CPython is the reference for
//! what compiled code must return. The logic follows CPython's own order of
//! checks (`float_rem`, `_float_div_mod`, `float_pow` in `Objects/floatobject.c`),
//! which is what fixes the corner cases; the platform `fmod`/`pow` (Rust's `%`
//! and `powf` lower to the same libm calls) do the rest.
//!
//! Invariants: the divisor of `kiln_float_mod`/`kiln_float_floordiv` is never
//! zero (compiled code raises `ZeroDivisionError` before calling), and
//! `kiln_int_pow` is never called with a negative exponent (Python gives a
//! float there, so the compiler picks another path).

use crate::abi::exc;
use crate::error;

/// Python's `x % y` for floats: the result has the sign of `y`.
#[no_mangle]
pub extern "C" fn kiln_float_mod(x: f64, y: f64) -> f64 {
    error::guard(f64::NAN, || float_mod(x, y))
}

/// The pure core of [`kiln_float_mod`].
pub fn float_mod(x: f64, y: f64) -> f64 {
    let m = x % y;
    if m != 0.0 {
        // NaN compares unequal to zero and stays NaN through `+= y`.
        if (y < 0.0) != (m < 0.0) {
            m + y
        } else {
            m
        }
    } else {
        // fmod's zero sign differs across platforms; Python gives y's sign.
        0.0f64.copysign(y)
    }
}

/// Python's `x // y` for floats.
#[no_mangle]
pub extern "C" fn kiln_float_floordiv(x: f64, y: f64) -> f64 {
    error::guard(f64::NAN, || float_floordiv(x, y))
}

/// The pure core of [`kiln_float_floordiv`].
pub fn float_floordiv(x: f64, y: f64) -> f64 {
    let m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 && ((y < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div != 0.0 {
        // `div` is within rounding of an exact integer; snap to the nearest one.
        let floordiv = div.floor();
        if div - floordiv > 0.5 {
            floordiv + 1.0
        } else {
            floordiv
        }
    } else {
        0.0f64.copysign(x / y)
    }
}

/// CPython's `DOUBLE_IS_ODD_INTEGER`.
fn is_odd_integer(x: f64) -> bool {
    x.abs() % 2.0 == 1.0
}

/// Message of the `ValueError` kiln raises where CPython would return a complex.
pub const NEGATIVE_FRACTIONAL_POW: &str = "kiln: a negative float raised to a fractional power gives a complex \
     number in Python, which kiln does not support here";

/// Python's `x ** y` for floats. On a domain or range error it sets the
/// pending exception CPython would raise and returns NaN (which compiled code
/// ignores, since it checks the pending error).
#[no_mangle]
pub extern "C" fn kiln_float_pow(x: f64, y: f64) -> f64 {
    error::guard(f64::NAN, || match float_pow(x, y) {
        Ok(v) => v,
        Err((kind, message)) => {
            error::set(kind, message);
            f64::NAN
        }
    })
}

/// The pure core of [`kiln_float_pow`].
pub fn float_pow(x: f64, y: f64) -> Result<f64, (i32, &'static str)> {
    let (mut iv, iw) = (x, y);
    if iw == 0.0 {
        return Ok(1.0); // x**0 is 1, even 0**0 and nan**0
    }
    if iv.is_nan() {
        return Ok(iv);
    }
    if iw.is_nan() {
        return Ok(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        // |v| < 1: v**inf = 0, v**-inf = inf; |v| > 1 (incl. inf): the reverse.
        iv = iv.abs();
        return Ok(if iv == 1.0 {
            1.0
        } else if (iw > 0.0) == (iv > 1.0) {
            iw.abs()
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Ok(if iw > 0.0 {
            if odd {
                iv
            } else {
                iv.abs()
            }
        } else if odd {
            0.0f64.copysign(iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return Err((exc::ZERO_DIVISION_ERROR, "0.0 cannot be raised to a negative power"));
        }
        return Ok(if is_odd_integer(iw) { iv } else { 0.0 });
    }
    let mut negate = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            return Err((exc::VALUE_ERROR, NEGATIVE_FRACTIONAL_POW));
        }
        // An exact integer exponent: use |v| and fix the sign afterwards,
        // which sidesteps libm quirks with huge integer exponents.
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if iv == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    // Both finite, iw nonzero, iv positive and not 1: an infinite result can
    // only be an overflow (CPython's `_Py_ADJUST_ERANGE1`); underflow to 0 is fine.
    let r = iv.powf(iw);
    if r.is_infinite() {
        return Err((exc::OVERFLOW_ERROR, "(34, 'Numerical result out of range')"));
    }
    Ok(if negate { -r } else { r })
}

/// Wrapping int64 power by squaring (NumPy's and Pythran's overflow rule).
/// A negative exponent never reaches here; 0 is returned for one, rather than
/// a panic, should it ever happen.
#[no_mangle]
pub extern "C" fn kiln_int_pow(base: i64, exp: i64) -> i64 {
    error::guard(0, || int_pow(base, exp))
}

/// The pure core of [`kiln_int_pow`].
pub fn int_pow(base: i64, exp: i64) -> i64 {
    if exp < 0 {
        return 0;
    }
    let (mut b, mut e, mut acc) = (base, exp as u64, 1i64);
    while e != 0 {
        if e & 1 == 1 {
            acc = acc.wrapping_mul(b);
        }
        e >>= 1;
        if e != 0 {
            b = b.wrapping_mul(b);
        }
    }
    acc
}

#[cfg(test)]
// The tables hold CPython's exact outputs, some of which happen to be well-known constants.
#[allow(clippy::approx_constant)]
mod tests {
    use super::*;

    const INF: f64 = f64::INFINITY;
    const NAN: f64 = f64::NAN;

    /// Same value, including the sign of zero; every NaN equals every NaN.
    fn same(a: f64, b: f64) -> bool {
        (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
    }

    // The tables below were generated by running the same operations under
    // CPython 3.11.7 (`x % y`, `x // y`, `x ** y`, `pow(b, e, 2**64)` wrapped to int64).
    const MOD_DIV: &[(f64, f64, f64, f64)] = &[
        (0.0, 3.0, 0.0, 0.0),
        (0.0, -3.0, -0.0, -0.0),
        (0.0, INF, 0.0, 0.0),
        (0.0, -INF, -0.0, -0.0),
        (0.0, NAN, NAN, NAN),
        (0.0, 0.1, 0.0, 0.0),
        (0.0, -0.1, -0.0, -0.0),
        (0.0, 2.0, 0.0, 0.0),
        (0.0, -2.0, -0.0, -0.0),
        (0.0, 1e-300, 0.0, 0.0),
        (0.0, 5e-324, 0.0, 0.0),
        (0.0, 1e+300, 0.0, 0.0),
        (-0.0, 3.0, 0.0, -0.0),
        (-0.0, -3.0, -0.0, 0.0),
        (-0.0, INF, 0.0, -0.0),
        (-0.0, -INF, -0.0, 0.0),
        (-0.0, NAN, NAN, NAN),
        (-0.0, 0.1, 0.0, -0.0),
        (-0.0, -0.1, -0.0, 0.0),
        (-0.0, 2.0, 0.0, -0.0),
        (-0.0, -2.0, -0.0, 0.0),
        (-0.0, 1e-300, 0.0, -0.0),
        (-0.0, 5e-324, 0.0, -0.0),
        (-0.0, 1e+300, 0.0, -0.0),
        (5.0, 3.0, 2.0, 1.0),
        (5.0, -3.0, -1.0, -2.0),
        (5.0, INF, 5.0, 0.0),
        (5.0, -INF, -INF, -1.0),
        (5.0, NAN, NAN, NAN),
        (5.0, 0.1, 0.09999999999999973, 49.0),
        (5.0, -0.1, -2.7755575615628914e-16, -50.0),
        (5.0, 2.0, 1.0, 2.0),
        (5.0, -2.0, -1.0, -3.0),
        (5.0, 1e-300, 4.8159326401985574e-301, 4.9999999999999997e+300),
        (5.0, 5e-324, 0.0, INF),
        (5.0, 1e+300, 5.0, 0.0),
        (-5.0, 3.0, 1.0, -2.0),
        (-5.0, -3.0, -2.0, 1.0),
        (-5.0, INF, INF, -1.0),
        (-5.0, -INF, -5.0, 0.0),
        (-5.0, NAN, NAN, NAN),
        (-5.0, 0.1, 2.7755575615628914e-16, -50.0),
        (-5.0, -0.1, -0.09999999999999973, 49.0),
        (-5.0, 2.0, 1.0, -3.0),
        (-5.0, -2.0, -1.0, 2.0),
        (-5.0, 1e-300, 5.184067359801443e-301, -4.9999999999999997e+300),
        (-5.0, 5e-324, 0.0, -INF),
        (-5.0, 1e+300, 1e+300, -1.0),
        (7.5, 3.0, 1.5, 2.0),
        (7.5, -3.0, -1.5, -3.0),
        (7.5, INF, 7.5, 0.0),
        (7.5, -INF, -INF, -1.0),
        (7.5, NAN, NAN, NAN),
        (7.5, 0.1, 0.09999999999999959, 74.0),
        (7.5, -0.1, -4.163336342344337e-16, -75.0),
        (7.5, 2.0, 1.5, 3.0),
        (7.5, -2.0, -0.5, -4.0),
        (7.5, 1e-300, 7.223898960297836e-301, 7.5e+300),
        (7.5, 5e-324, 0.0, INF),
        (7.5, 1e+300, 7.5, 0.0),
        (-7.5, 3.0, 1.5, -3.0),
        (-7.5, -3.0, -1.5, 2.0),
        (-7.5, INF, INF, -1.0),
        (-7.5, -INF, -7.5, 0.0),
        (-7.5, NAN, NAN, NAN),
        (-7.5, 0.1, 4.163336342344337e-16, -75.0),
        (-7.5, -0.1, -0.09999999999999959, 74.0),
        (-7.5, 2.0, 0.5, -4.0),
        (-7.5, -2.0, -1.5, 3.0),
        (-7.5, 1e-300, 2.776101039702164e-301, -7.5e+300),
        (-7.5, 5e-324, 0.0, -INF),
        (-7.5, 1e+300, 1e+300, -1.0),
        (1e+300, 3.0, 0.0, 3.3333333333333335e+299),
        (1e+300, -3.0, -0.0, -3.3333333333333335e+299),
        (1e+300, INF, 1e+300, 0.0),
        (1e+300, -INF, -INF, -1.0),
        (1e+300, NAN, NAN, NAN),
        (1e+300, 0.1, 0.00011215964963492975, 1e+301),
        (1e+300, -0.1, -0.09988784035036508, -1e+301),
        (1e+300, 2.0, 0.0, 5e+299),
        (1e+300, -2.0, -0.0, -5e+299),
        (1e+300, 1e-300, 4.891554850853602e-301, INF),
        (1e+300, 5e-324, 0.0, INF),
        (1e+300, 1e+300, 0.0, 1.0),
        (-1e+300, 3.0, 0.0, -3.3333333333333335e+299),
        (-1e+300, -3.0, -0.0, 3.3333333333333335e+299),
        (-1e+300, INF, INF, -1.0),
        (-1e+300, -INF, -1e+300, 0.0),
        (-1e+300, NAN, NAN, NAN),
        (-1e+300, 0.1, 0.09988784035036508, -1e+301),
        (-1e+300, -0.1, -0.00011215964963492975, 1e+301),
        (-1e+300, 2.0, 0.0, -5e+299),
        (-1e+300, -2.0, -0.0, 5e+299),
        (-1e+300, 1e-300, 5.108445149146398e-301, -INF),
        (-1e+300, 5e-324, 0.0, -INF),
        (-1e+300, 1e+300, 0.0, -1.0),
        (INF, 3.0, NAN, NAN),
        (INF, -3.0, NAN, NAN),
        (INF, INF, NAN, NAN),
        (INF, -INF, NAN, NAN),
        (INF, NAN, NAN, NAN),
        (INF, 0.1, NAN, NAN),
        (INF, -0.1, NAN, NAN),
        (INF, 2.0, NAN, NAN),
        (INF, -2.0, NAN, NAN),
        (INF, 1e-300, NAN, NAN),
        (INF, 5e-324, NAN, NAN),
        (INF, 1e+300, NAN, NAN),
        (-INF, 3.0, NAN, NAN),
        (-INF, -3.0, NAN, NAN),
        (-INF, INF, NAN, NAN),
        (-INF, -INF, NAN, NAN),
        (-INF, NAN, NAN, NAN),
        (-INF, 0.1, NAN, NAN),
        (-INF, -0.1, NAN, NAN),
        (-INF, 2.0, NAN, NAN),
        (-INF, -2.0, NAN, NAN),
        (-INF, 1e-300, NAN, NAN),
        (-INF, 5e-324, NAN, NAN),
        (-INF, 1e+300, NAN, NAN),
        (NAN, 3.0, NAN, NAN),
        (NAN, -3.0, NAN, NAN),
        (NAN, INF, NAN, NAN),
        (NAN, -INF, NAN, NAN),
        (NAN, NAN, NAN, NAN),
        (NAN, 0.1, NAN, NAN),
        (NAN, -0.1, NAN, NAN),
        (NAN, 2.0, NAN, NAN),
        (NAN, -2.0, NAN, NAN),
        (NAN, 1e-300, NAN, NAN),
        (NAN, 5e-324, NAN, NAN),
        (NAN, 1e+300, NAN, NAN),
        (1.0, 3.0, 1.0, 0.0),
        (1.0, -3.0, -2.0, -1.0),
        (1.0, INF, 1.0, 0.0),
        (1.0, -INF, -INF, -1.0),
        (1.0, NAN, NAN, NAN),
        (1.0, 0.1, 0.09999999999999995, 9.0),
        (1.0, -0.1, -5.551115123125783e-17, -10.0),
        (1.0, 2.0, 1.0, 0.0),
        (1.0, -2.0, -1.0, -1.0),
        (1.0, 1e-300, 8.963186528039712e-301, 9.999999999999999e+299),
        (1.0, 5e-324, 0.0, INF),
        (1.0, 1e+300, 1.0, 0.0),
        (-1.0, 3.0, 2.0, -1.0),
        (-1.0, -3.0, -1.0, 0.0),
        (-1.0, INF, INF, -1.0),
        (-1.0, -INF, -1.0, 0.0),
        (-1.0, NAN, NAN, NAN),
        (-1.0, 0.1, 5.551115123125783e-17, -10.0),
        (-1.0, -0.1, -0.09999999999999995, 9.0),
        (-1.0, 2.0, 1.0, -1.0),
        (-1.0, -2.0, -1.0, 0.0),
        (-1.0, 1e-300, 1.0368134719602886e-301, -9.999999999999999e+299),
        (-1.0, 5e-324, 0.0, -INF),
        (-1.0, 1e+300, 1e+300, -1.0),
        (0.1, 3.0, 0.1, 0.0),
        (0.1, -3.0, -2.9, -1.0),
        (0.1, INF, 0.1, 0.0),
        (0.1, -INF, -INF, -1.0),
        (0.1, NAN, NAN, NAN),
        (0.1, 0.1, 0.0, 1.0),
        (0.1, -0.1, -0.0, -1.0),
        (0.1, 2.0, 0.1, 0.0),
        (0.1, -2.0, -1.9, -1.0),
        (0.1, 1e-300, 1.353654169526866e-301, 1e+299),
        (0.1, 5e-324, 0.0, INF),
        (0.1, 1e+300, 0.1, 0.0),
        (-0.1, 3.0, 2.9, -1.0),
        (-0.1, -3.0, -0.1, 0.0),
        (-0.1, INF, INF, -1.0),
        (-0.1, -INF, -0.1, 0.0),
        (-0.1, NAN, NAN, NAN),
        (-0.1, 0.1, 0.0, -1.0),
        (-0.1, -0.1, -0.0, 1.0),
        (-0.1, 2.0, 1.9, -1.0),
        (-0.1, -2.0, -0.1, 0.0),
        (-0.1, 1e-300, 8.646345830473134e-301, -1e+299),
        (-0.1, 5e-324, 0.0, -INF),
        (-0.1, 1e+300, 1e+300, -1.0),
        (5e-324, 3.0, 5e-324, 0.0),
        (5e-324, -3.0, -3.0, -1.0),
        (5e-324, INF, 5e-324, 0.0),
        (5e-324, -INF, -INF, -1.0),
        (5e-324, NAN, NAN, NAN),
        (5e-324, 0.1, 5e-324, 0.0),
        (5e-324, -0.1, -0.1, -1.0),
        (5e-324, 2.0, 5e-324, 0.0),
        (5e-324, -2.0, -2.0, -1.0),
        (5e-324, 1e-300, 5e-324, 0.0),
        (5e-324, 5e-324, 0.0, 1.0),
        (5e-324, 1e+300, 5e-324, 0.0),
        (3.0, 3.0, 0.0, 1.0),
        (3.0, -3.0, -0.0, -1.0),
        (3.0, INF, 3.0, 0.0),
        (3.0, -INF, -INF, -1.0),
        (3.0, NAN, NAN, NAN),
        (3.0, 0.1, 0.09999999999999984, 29.0),
        (3.0, -0.1, -1.6653345369377348e-16, -30.0),
        (3.0, 2.0, 1.0, 1.0),
        (3.0, -2.0, -1.0, -2.0),
        (3.0, 1e-300, 6.8895595841191346e-301, 3e+300),
        (3.0, 5e-324, 0.0, INF),
        (3.0, 1e+300, 3.0, 0.0),
        (-6.0, 3.0, 0.0, -2.0),
        (-6.0, -3.0, -0.0, 2.0),
        (-6.0, INF, INF, -1.0),
        (-6.0, -INF, -6.0, 0.0),
        (-6.0, NAN, NAN, NAN),
        (-6.0, 0.1, 3.3306690738754696e-16, -60.0),
        (-6.0, -0.1, -0.09999999999999967, 59.0),
        (-6.0, 2.0, 0.0, -3.0),
        (-6.0, -2.0, -0.0, 3.0),
        (-6.0, 1e-300, 6.220880831761731e-301, -6e+300),
        (-6.0, 5e-324, 0.0, -INF),
        (-6.0, 1e+300, 1e+300, -1.0),
    ];
    /// (base, exponent, Ok(result) or Err(kind))
    const POW: &[(f64, f64, Result<f64, i32>)] = &[
        (0.0, 0.0, Ok(1.0)),
        (0.0, -0.0, Ok(1.0)),
        (0.0, 1.0, Ok(0.0)),
        (0.0, -1.0, Err(exc::ZERO_DIVISION_ERROR)),
        (0.0, 2.0, Ok(0.0)),
        (0.0, -2.0, Err(exc::ZERO_DIVISION_ERROR)),
        (0.0, 3.0, Ok(0.0)),
        (0.0, -3.0, Err(exc::ZERO_DIVISION_ERROR)),
        (0.0, 0.5, Ok(0.0)),
        (0.0, -0.5, Err(exc::ZERO_DIVISION_ERROR)),
        (0.0, INF, Ok(0.0)),
        (0.0, -INF, Ok(INF)),
        (0.0, NAN, Ok(NAN)),
        (0.0, 1e+300, Ok(0.0)),
        (0.0, -1e+300, Err(exc::ZERO_DIVISION_ERROR)),
        (0.0, 1e+18, Ok(0.0)),
        (0.0, 9007199254740992.0, Ok(0.0)),
        (0.0, 9007199254740991.0, Ok(0.0)),
        (0.0, 3.5, Ok(0.0)),
        (0.0, 309.0, Ok(0.0)),
        (0.0, -400.0, Err(exc::ZERO_DIVISION_ERROR)),
        (0.0, 1e-300, Ok(0.0)),
        (-0.0, 0.0, Ok(1.0)),
        (-0.0, -0.0, Ok(1.0)),
        (-0.0, 1.0, Ok(-0.0)),
        (-0.0, -1.0, Err(exc::ZERO_DIVISION_ERROR)),
        (-0.0, 2.0, Ok(0.0)),
        (-0.0, -2.0, Err(exc::ZERO_DIVISION_ERROR)),
        (-0.0, 3.0, Ok(-0.0)),
        (-0.0, -3.0, Err(exc::ZERO_DIVISION_ERROR)),
        (-0.0, 0.5, Ok(0.0)),
        (-0.0, -0.5, Err(exc::ZERO_DIVISION_ERROR)),
        (-0.0, INF, Ok(0.0)),
        (-0.0, -INF, Ok(INF)),
        (-0.0, NAN, Ok(NAN)),
        (-0.0, 1e+300, Ok(0.0)),
        (-0.0, -1e+300, Err(exc::ZERO_DIVISION_ERROR)),
        (-0.0, 1e+18, Ok(0.0)),
        (-0.0, 9007199254740992.0, Ok(0.0)),
        (-0.0, 9007199254740991.0, Ok(-0.0)),
        (-0.0, 3.5, Ok(0.0)),
        (-0.0, 309.0, Ok(-0.0)),
        (-0.0, -400.0, Err(exc::ZERO_DIVISION_ERROR)),
        (-0.0, 1e-300, Ok(0.0)),
        (1.0, 0.0, Ok(1.0)),
        (1.0, -0.0, Ok(1.0)),
        (1.0, 1.0, Ok(1.0)),
        (1.0, -1.0, Ok(1.0)),
        (1.0, 2.0, Ok(1.0)),
        (1.0, -2.0, Ok(1.0)),
        (1.0, 3.0, Ok(1.0)),
        (1.0, -3.0, Ok(1.0)),
        (1.0, 0.5, Ok(1.0)),
        (1.0, -0.5, Ok(1.0)),
        (1.0, INF, Ok(1.0)),
        (1.0, -INF, Ok(1.0)),
        (1.0, NAN, Ok(1.0)),
        (1.0, 1e+300, Ok(1.0)),
        (1.0, -1e+300, Ok(1.0)),
        (1.0, 1e+18, Ok(1.0)),
        (1.0, 9007199254740992.0, Ok(1.0)),
        (1.0, 9007199254740991.0, Ok(1.0)),
        (1.0, 3.5, Ok(1.0)),
        (1.0, 309.0, Ok(1.0)),
        (1.0, -400.0, Ok(1.0)),
        (1.0, 1e-300, Ok(1.0)),
        (-1.0, 0.0, Ok(1.0)),
        (-1.0, -0.0, Ok(1.0)),
        (-1.0, 1.0, Ok(-1.0)),
        (-1.0, -1.0, Ok(-1.0)),
        (-1.0, 2.0, Ok(1.0)),
        (-1.0, -2.0, Ok(1.0)),
        (-1.0, 3.0, Ok(-1.0)),
        (-1.0, -3.0, Ok(-1.0)),
        (-1.0, 0.5, Err(exc::VALUE_ERROR)),
        (-1.0, -0.5, Err(exc::VALUE_ERROR)),
        (-1.0, INF, Ok(1.0)),
        (-1.0, -INF, Ok(1.0)),
        (-1.0, NAN, Ok(NAN)),
        (-1.0, 1e+300, Ok(1.0)),
        (-1.0, -1e+300, Ok(1.0)),
        (-1.0, 1e+18, Ok(1.0)),
        (-1.0, 9007199254740992.0, Ok(1.0)),
        (-1.0, 9007199254740991.0, Ok(-1.0)),
        (-1.0, 3.5, Err(exc::VALUE_ERROR)),
        (-1.0, 309.0, Ok(-1.0)),
        (-1.0, -400.0, Ok(1.0)),
        (-1.0, 1e-300, Err(exc::VALUE_ERROR)),
        (2.0, 0.0, Ok(1.0)),
        (2.0, -0.0, Ok(1.0)),
        (2.0, 1.0, Ok(2.0)),
        (2.0, -1.0, Ok(0.5)),
        (2.0, 2.0, Ok(4.0)),
        (2.0, -2.0, Ok(0.25)),
        (2.0, 3.0, Ok(8.0)),
        (2.0, -3.0, Ok(0.125)),
        (2.0, 0.5, Ok(1.4142135623730951)),
        (2.0, -0.5, Ok(0.7071067811865476)),
        (2.0, INF, Ok(INF)),
        (2.0, -INF, Ok(0.0)),
        (2.0, NAN, Ok(NAN)),
        (2.0, 1e+300, Err(exc::OVERFLOW_ERROR)),
        (2.0, -1e+300, Ok(0.0)),
        (2.0, 1e+18, Err(exc::OVERFLOW_ERROR)),
        (2.0, 9007199254740992.0, Err(exc::OVERFLOW_ERROR)),
        (2.0, 9007199254740991.0, Err(exc::OVERFLOW_ERROR)),
        (2.0, 3.5, Ok(11.313708498984761)),
        (2.0, 309.0, Ok(1.0429624198832569e+93)),
        (2.0, -400.0, Ok(3.8725919148493183e-121)),
        (2.0, 1e-300, Ok(1.0)),
        (-2.0, 0.0, Ok(1.0)),
        (-2.0, -0.0, Ok(1.0)),
        (-2.0, 1.0, Ok(-2.0)),
        (-2.0, -1.0, Ok(-0.5)),
        (-2.0, 2.0, Ok(4.0)),
        (-2.0, -2.0, Ok(0.25)),
        (-2.0, 3.0, Ok(-8.0)),
        (-2.0, -3.0, Ok(-0.125)),
        (-2.0, 0.5, Err(exc::VALUE_ERROR)),
        (-2.0, -0.5, Err(exc::VALUE_ERROR)),
        (-2.0, INF, Ok(INF)),
        (-2.0, -INF, Ok(0.0)),
        (-2.0, NAN, Ok(NAN)),
        (-2.0, 1e+300, Err(exc::OVERFLOW_ERROR)),
        (-2.0, -1e+300, Ok(0.0)),
        (-2.0, 1e+18, Err(exc::OVERFLOW_ERROR)),
        (-2.0, 9007199254740992.0, Err(exc::OVERFLOW_ERROR)),
        (-2.0, 9007199254740991.0, Err(exc::OVERFLOW_ERROR)),
        (-2.0, 3.5, Err(exc::VALUE_ERROR)),
        (-2.0, 309.0, Ok(-1.0429624198832569e+93)),
        (-2.0, -400.0, Ok(3.8725919148493183e-121)),
        (-2.0, 1e-300, Err(exc::VALUE_ERROR)),
        (0.5, 0.0, Ok(1.0)),
        (0.5, -0.0, Ok(1.0)),
        (0.5, 1.0, Ok(0.5)),
        (0.5, -1.0, Ok(2.0)),
        (0.5, 2.0, Ok(0.25)),
        (0.5, -2.0, Ok(4.0)),
        (0.5, 3.0, Ok(0.125)),
        (0.5, -3.0, Ok(8.0)),
        (0.5, 0.5, Ok(0.7071067811865476)),
        (0.5, -0.5, Ok(1.4142135623730951)),
        (0.5, INF, Ok(0.0)),
        (0.5, -INF, Ok(INF)),
        (0.5, NAN, Ok(NAN)),
        (0.5, 1e+300, Ok(0.0)),
        (0.5, -1e+300, Err(exc::OVERFLOW_ERROR)),
        (0.5, 1e+18, Ok(0.0)),
        (0.5, 9007199254740992.0, Ok(0.0)),
        (0.5, 9007199254740991.0, Ok(0.0)),
        (0.5, 3.5, Ok(0.08838834764831845)),
        (0.5, 309.0, Ok(9.588073174409622e-94)),
        (0.5, -400.0, Ok(2.5822498780869086e+120)),
        (0.5, 1e-300, Ok(1.0)),
        (-0.5, 0.0, Ok(1.0)),
        (-0.5, -0.0, Ok(1.0)),
        (-0.5, 1.0, Ok(-0.5)),
        (-0.5, -1.0, Ok(-2.0)),
        (-0.5, 2.0, Ok(0.25)),
        (-0.5, -2.0, Ok(4.0)),
        (-0.5, 3.0, Ok(-0.125)),
        (-0.5, -3.0, Ok(-8.0)),
        (-0.5, 0.5, Err(exc::VALUE_ERROR)),
        (-0.5, -0.5, Err(exc::VALUE_ERROR)),
        (-0.5, INF, Ok(0.0)),
        (-0.5, -INF, Ok(INF)),
        (-0.5, NAN, Ok(NAN)),
        (-0.5, 1e+300, Ok(0.0)),
        (-0.5, -1e+300, Err(exc::OVERFLOW_ERROR)),
        (-0.5, 1e+18, Ok(0.0)),
        (-0.5, 9007199254740992.0, Ok(0.0)),
        (-0.5, 9007199254740991.0, Ok(-0.0)),
        (-0.5, 3.5, Err(exc::VALUE_ERROR)),
        (-0.5, 309.0, Ok(-9.588073174409622e-94)),
        (-0.5, -400.0, Ok(2.5822498780869086e+120)),
        (-0.5, 1e-300, Err(exc::VALUE_ERROR)),
        (10.0, 0.0, Ok(1.0)),
        (10.0, -0.0, Ok(1.0)),
        (10.0, 1.0, Ok(10.0)),
        (10.0, -1.0, Ok(0.1)),
        (10.0, 2.0, Ok(100.0)),
        (10.0, -2.0, Ok(0.01)),
        (10.0, 3.0, Ok(1000.0)),
        (10.0, -3.0, Ok(0.001)),
        (10.0, 0.5, Ok(3.1622776601683795)),
        (10.0, -0.5, Ok(0.31622776601683794)),
        (10.0, INF, Ok(INF)),
        (10.0, -INF, Ok(0.0)),
        (10.0, NAN, Ok(NAN)),
        (10.0, 1e+300, Err(exc::OVERFLOW_ERROR)),
        (10.0, -1e+300, Ok(0.0)),
        (10.0, 1e+18, Err(exc::OVERFLOW_ERROR)),
        (10.0, 9007199254740992.0, Err(exc::OVERFLOW_ERROR)),
        (10.0, 9007199254740991.0, Err(exc::OVERFLOW_ERROR)),
        (10.0, 3.5, Ok(3162.2776601683795)),
        (10.0, 309.0, Err(exc::OVERFLOW_ERROR)),
        (10.0, -400.0, Ok(0.0)),
        (10.0, 1e-300, Ok(1.0)),
        (-10.0, 0.0, Ok(1.0)),
        (-10.0, -0.0, Ok(1.0)),
        (-10.0, 1.0, Ok(-10.0)),
        (-10.0, -1.0, Ok(-0.1)),
        (-10.0, 2.0, Ok(100.0)),
        (-10.0, -2.0, Ok(0.01)),
        (-10.0, 3.0, Ok(-1000.0)),
        (-10.0, -3.0, Ok(-0.001)),
        (-10.0, 0.5, Err(exc::VALUE_ERROR)),
        (-10.0, -0.5, Err(exc::VALUE_ERROR)),
        (-10.0, INF, Ok(INF)),
        (-10.0, -INF, Ok(0.0)),
        (-10.0, NAN, Ok(NAN)),
        (-10.0, 1e+300, Err(exc::OVERFLOW_ERROR)),
        (-10.0, -1e+300, Ok(0.0)),
        (-10.0, 1e+18, Err(exc::OVERFLOW_ERROR)),
        (-10.0, 9007199254740992.0, Err(exc::OVERFLOW_ERROR)),
        (-10.0, 9007199254740991.0, Err(exc::OVERFLOW_ERROR)),
        (-10.0, 3.5, Err(exc::VALUE_ERROR)),
        (-10.0, 309.0, Err(exc::OVERFLOW_ERROR)),
        (-10.0, -400.0, Ok(0.0)),
        (-10.0, 1e-300, Err(exc::VALUE_ERROR)),
        (1e+300, 0.0, Ok(1.0)),
        (1e+300, -0.0, Ok(1.0)),
        (1e+300, 1.0, Ok(1e+300)),
        (1e+300, -1.0, Ok(1e-300)),
        (1e+300, 2.0, Err(exc::OVERFLOW_ERROR)),
        (1e+300, -2.0, Ok(0.0)),
        (1e+300, 3.0, Err(exc::OVERFLOW_ERROR)),
        (1e+300, -3.0, Ok(0.0)),
        (1e+300, 0.5, Ok(1e+150)),
        (1e+300, -0.5, Ok(1e-150)),
        (1e+300, INF, Ok(INF)),
        (1e+300, -INF, Ok(0.0)),
        (1e+300, NAN, Ok(NAN)),
        (1e+300, 1e+300, Err(exc::OVERFLOW_ERROR)),
        (1e+300, -1e+300, Ok(0.0)),
        (1e+300, 1e+18, Err(exc::OVERFLOW_ERROR)),
        (1e+300, 9007199254740992.0, Err(exc::OVERFLOW_ERROR)),
        (1e+300, 9007199254740991.0, Err(exc::OVERFLOW_ERROR)),
        (1e+300, 3.5, Err(exc::OVERFLOW_ERROR)),
        (1e+300, 309.0, Err(exc::OVERFLOW_ERROR)),
        (1e+300, -400.0, Ok(0.0)),
        (1e+300, 1e-300, Ok(1.0)),
        (-1e+300, 0.0, Ok(1.0)),
        (-1e+300, -0.0, Ok(1.0)),
        (-1e+300, 1.0, Ok(-1e+300)),
        (-1e+300, -1.0, Ok(-1e-300)),
        (-1e+300, 2.0, Err(exc::OVERFLOW_ERROR)),
        (-1e+300, -2.0, Ok(0.0)),
        (-1e+300, 3.0, Err(exc::OVERFLOW_ERROR)),
        (-1e+300, -3.0, Ok(-0.0)),
        (-1e+300, 0.5, Err(exc::VALUE_ERROR)),
        (-1e+300, -0.5, Err(exc::VALUE_ERROR)),
        (-1e+300, INF, Ok(INF)),
        (-1e+300, -INF, Ok(0.0)),
        (-1e+300, NAN, Ok(NAN)),
        (-1e+300, 1e+300, Err(exc::OVERFLOW_ERROR)),
        (-1e+300, -1e+300, Ok(0.0)),
        (-1e+300, 1e+18, Err(exc::OVERFLOW_ERROR)),
        (-1e+300, 9007199254740992.0, Err(exc::OVERFLOW_ERROR)),
        (-1e+300, 9007199254740991.0, Err(exc::OVERFLOW_ERROR)),
        (-1e+300, 3.5, Err(exc::VALUE_ERROR)),
        (-1e+300, 309.0, Err(exc::OVERFLOW_ERROR)),
        (-1e+300, -400.0, Ok(0.0)),
        (-1e+300, 1e-300, Err(exc::VALUE_ERROR)),
        (INF, 0.0, Ok(1.0)),
        (INF, -0.0, Ok(1.0)),
        (INF, 1.0, Ok(INF)),
        (INF, -1.0, Ok(0.0)),
        (INF, 2.0, Ok(INF)),
        (INF, -2.0, Ok(0.0)),
        (INF, 3.0, Ok(INF)),
        (INF, -3.0, Ok(0.0)),
        (INF, 0.5, Ok(INF)),
        (INF, -0.5, Ok(0.0)),
        (INF, INF, Ok(INF)),
        (INF, -INF, Ok(0.0)),
        (INF, NAN, Ok(NAN)),
        (INF, 1e+300, Ok(INF)),
        (INF, -1e+300, Ok(0.0)),
        (INF, 1e+18, Ok(INF)),
        (INF, 9007199254740992.0, Ok(INF)),
        (INF, 9007199254740991.0, Ok(INF)),
        (INF, 3.5, Ok(INF)),
        (INF, 309.0, Ok(INF)),
        (INF, -400.0, Ok(0.0)),
        (INF, 1e-300, Ok(INF)),
        (-INF, 0.0, Ok(1.0)),
        (-INF, -0.0, Ok(1.0)),
        (-INF, 1.0, Ok(-INF)),
        (-INF, -1.0, Ok(-0.0)),
        (-INF, 2.0, Ok(INF)),
        (-INF, -2.0, Ok(0.0)),
        (-INF, 3.0, Ok(-INF)),
        (-INF, -3.0, Ok(-0.0)),
        (-INF, 0.5, Ok(INF)),
        (-INF, -0.5, Ok(0.0)),
        (-INF, INF, Ok(INF)),
        (-INF, -INF, Ok(0.0)),
        (-INF, NAN, Ok(NAN)),
        (-INF, 1e+300, Ok(INF)),
        (-INF, -1e+300, Ok(0.0)),
        (-INF, 1e+18, Ok(INF)),
        (-INF, 9007199254740992.0, Ok(INF)),
        (-INF, 9007199254740991.0, Ok(-INF)),
        (-INF, 3.5, Ok(INF)),
        (-INF, 309.0, Ok(-INF)),
        (-INF, -400.0, Ok(0.0)),
        (-INF, 1e-300, Ok(INF)),
        (NAN, 0.0, Ok(1.0)),
        (NAN, -0.0, Ok(1.0)),
        (NAN, 1.0, Ok(NAN)),
        (NAN, -1.0, Ok(NAN)),
        (NAN, 2.0, Ok(NAN)),
        (NAN, -2.0, Ok(NAN)),
        (NAN, 3.0, Ok(NAN)),
        (NAN, -3.0, Ok(NAN)),
        (NAN, 0.5, Ok(NAN)),
        (NAN, -0.5, Ok(NAN)),
        (NAN, INF, Ok(NAN)),
        (NAN, -INF, Ok(NAN)),
        (NAN, NAN, Ok(NAN)),
        (NAN, 1e+300, Ok(NAN)),
        (NAN, -1e+300, Ok(NAN)),
        (NAN, 1e+18, Ok(NAN)),
        (NAN, 9007199254740992.0, Ok(NAN)),
        (NAN, 9007199254740991.0, Ok(NAN)),
        (NAN, 3.5, Ok(NAN)),
        (NAN, 309.0, Ok(NAN)),
        (NAN, -400.0, Ok(NAN)),
        (NAN, 1e-300, Ok(NAN)),
        (5e-324, 0.0, Ok(1.0)),
        (5e-324, -0.0, Ok(1.0)),
        (5e-324, 1.0, Ok(5e-324)),
        (5e-324, -1.0, Err(exc::OVERFLOW_ERROR)),
        (5e-324, 2.0, Ok(0.0)),
        (5e-324, -2.0, Err(exc::OVERFLOW_ERROR)),
        (5e-324, 3.0, Ok(0.0)),
        (5e-324, -3.0, Err(exc::OVERFLOW_ERROR)),
        (5e-324, 0.5, Ok(2.2227587494850775e-162)),
        (5e-324, -0.5, Ok(4.4989137945431964e+161)),
        (5e-324, INF, Ok(0.0)),
        (5e-324, -INF, Ok(INF)),
        (5e-324, NAN, Ok(NAN)),
        (5e-324, 1e+300, Ok(0.0)),
        (5e-324, -1e+300, Err(exc::OVERFLOW_ERROR)),
        (5e-324, 1e+18, Ok(0.0)),
        (5e-324, 9007199254740992.0, Ok(0.0)),
        (5e-324, 9007199254740991.0, Ok(0.0)),
        (5e-324, 3.5, Ok(0.0)),
        (5e-324, 309.0, Ok(0.0)),
        (5e-324, -400.0, Err(exc::OVERFLOW_ERROR)),
        (5e-324, 1e-300, Ok(1.0)),
        (1.5, 0.0, Ok(1.0)),
        (1.5, -0.0, Ok(1.0)),
        (1.5, 1.0, Ok(1.5)),
        (1.5, -1.0, Ok(0.6666666666666666)),
        (1.5, 2.0, Ok(2.25)),
        (1.5, -2.0, Ok(0.4444444444444444)),
        (1.5, 3.0, Ok(3.375)),
        (1.5, -3.0, Ok(0.2962962962962963)),
        (1.5, 0.5, Ok(1.224744871391589)),
        (1.5, -0.5, Ok(0.816496580927726)),
        (1.5, INF, Ok(INF)),
        (1.5, -INF, Ok(0.0)),
        (1.5, NAN, Ok(NAN)),
        (1.5, 1e+300, Err(exc::OVERFLOW_ERROR)),
        (1.5, -1e+300, Ok(0.0)),
        (1.5, 1e+18, Err(exc::OVERFLOW_ERROR)),
        (1.5, 9007199254740992.0, Err(exc::OVERFLOW_ERROR)),
        (1.5, 9007199254740991.0, Err(exc::OVERFLOW_ERROR)),
        (1.5, 3.5, Ok(4.133513940946613)),
        (1.5, 309.0, Ok(2.5834439774079247e+54)),
        (1.5, -400.0, Ok(3.660128877816473e-71)),
        (1.5, 1e-300, Ok(1.0)),
        (-1.5, 0.0, Ok(1.0)),
        (-1.5, -0.0, Ok(1.0)),
        (-1.5, 1.0, Ok(-1.5)),
        (-1.5, -1.0, Ok(-0.6666666666666666)),
        (-1.5, 2.0, Ok(2.25)),
        (-1.5, -2.0, Ok(0.4444444444444444)),
        (-1.5, 3.0, Ok(-3.375)),
        (-1.5, -3.0, Ok(-0.2962962962962963)),
        (-1.5, 0.5, Err(exc::VALUE_ERROR)),
        (-1.5, -0.5, Err(exc::VALUE_ERROR)),
        (-1.5, INF, Ok(INF)),
        (-1.5, -INF, Ok(0.0)),
        (-1.5, NAN, Ok(NAN)),
        (-1.5, 1e+300, Err(exc::OVERFLOW_ERROR)),
        (-1.5, -1e+300, Ok(0.0)),
        (-1.5, 1e+18, Err(exc::OVERFLOW_ERROR)),
        (-1.5, 9007199254740992.0, Err(exc::OVERFLOW_ERROR)),
        (-1.5, 9007199254740991.0, Err(exc::OVERFLOW_ERROR)),
        (-1.5, 3.5, Err(exc::VALUE_ERROR)),
        (-1.5, 309.0, Ok(-2.5834439774079247e+54)),
        (-1.5, -400.0, Ok(3.660128877816473e-71)),
        (-1.5, 1e-300, Err(exc::VALUE_ERROR)),
    ];
    const INT_POW: &[(i64, i64, i64)] = &[
        (0, 0, 1),
        (0, 1, 0),
        (0, 2, 0),
        (0, 3, 0),
        (0, 10, 0),
        (0, 31, 0),
        (0, 62, 0),
        (0, 63, 0),
        (0, 64, 0),
        (0, 65, 0),
        (0, 100, 0),
        (0, 1099511627779, 0),
        (1, 0, 1),
        (1, 1, 1),
        (1, 2, 1),
        (1, 3, 1),
        (1, 10, 1),
        (1, 31, 1),
        (1, 62, 1),
        (1, 63, 1),
        (1, 64, 1),
        (1, 65, 1),
        (1, 100, 1),
        (1, 1099511627779, 1),
        (-1, 0, 1),
        (-1, 1, -1),
        (-1, 2, 1),
        (-1, 3, -1),
        (-1, 10, 1),
        (-1, 31, -1),
        (-1, 62, 1),
        (-1, 63, -1),
        (-1, 64, 1),
        (-1, 65, -1),
        (-1, 100, 1),
        (-1, 1099511627779, -1),
        (2, 0, 1),
        (2, 1, 2),
        (2, 2, 4),
        (2, 3, 8),
        (2, 10, 1024),
        (2, 31, 2147483648),
        (2, 62, 4611686018427387904),
        (2, 63, -9223372036854775808),
        (2, 64, 0),
        (2, 65, 0),
        (2, 100, 0),
        (2, 1099511627779, 0),
        (-2, 0, 1),
        (-2, 1, -2),
        (-2, 2, 4),
        (-2, 3, -8),
        (-2, 10, 1024),
        (-2, 31, -2147483648),
        (-2, 62, 4611686018427387904),
        (-2, 63, -9223372036854775808),
        (-2, 64, 0),
        (-2, 65, 0),
        (-2, 100, 0),
        (-2, 1099511627779, 0),
        (3, 0, 1),
        (3, 1, 3),
        (3, 2, 9),
        (3, 3, 27),
        (3, 10, 59049),
        (3, 31, 617673396283947),
        (3, 62, 5069619362125685561),
        (3, 63, -3237885987332494933),
        (3, 64, 8733086111712066817),
        (3, 65, 7752514261426648835),
        (3, 100, -2984622845537545263),
        (3, 1099511627779, 9120277428587986971),
        (7, 0, 1),
        (7, 1, 7),
        (7, 2, 49),
        (7, 3, 343),
        (7, 10, 282475249),
        (7, 31, -7409217536257189193),
        (7, 62, 3049328099758616273),
        (7, 63, 2898552624600762295),
        (7, 64, 1843124298495784449),
        (7, 65, -5544873984239060473),
        (7, 100, 3728452490685454945),
        (7, 1099511627779, 1491931725775765847),
        (-7, 0, 1),
        (-7, 1, -7),
        (-7, 2, 49),
        (-7, 3, -343),
        (-7, 10, 282475249),
        (-7, 31, 7409217536257189193),
        (-7, 62, 3049328099758616273),
        (-7, 63, -2898552624600762295),
        (-7, 64, 1843124298495784449),
        (-7, 65, 5544873984239060473),
        (-7, 100, 3728452490685454945),
        (-7, 1099511627779, -1491931725775765847),
        (10, 0, 1),
        (10, 1, 10),
        (10, 2, 100),
        (10, 3, 1000),
        (10, 10, 10000000000),
        (10, 31, -4570789518076018688),
        (10, 62, 4611686018427387904),
        (10, 63, -9223372036854775808),
        (10, 64, 0),
        (10, 65, 0),
        (10, 100, 0),
        (10, 1099511627779, 0),
        (2147483648, 0, 1),
        (2147483648, 1, 2147483648),
        (2147483648, 2, 4611686018427387904),
        (2147483648, 3, 0),
        (2147483648, 10, 0),
        (2147483648, 31, 0),
        (2147483648, 62, 0),
        (2147483648, 63, 0),
        (2147483648, 64, 0),
        (2147483648, 65, 0),
        (2147483648, 100, 0),
        (2147483648, 1099511627779, 0),
        (-4611686018427387904, 0, 1),
        (-4611686018427387904, 1, -4611686018427387904),
        (-4611686018427387904, 2, 0),
        (-4611686018427387904, 3, 0),
        (-4611686018427387904, 10, 0),
        (-4611686018427387904, 31, 0),
        (-4611686018427387904, 62, 0),
        (-4611686018427387904, 63, 0),
        (-4611686018427387904, 64, 0),
        (-4611686018427387904, 65, 0),
        (-4611686018427387904, 100, 0),
        (-4611686018427387904, 1099511627779, 0),
        (9223372036854775807, 0, 1),
        (9223372036854775807, 1, 9223372036854775807),
        (9223372036854775807, 2, 1),
        (9223372036854775807, 3, 9223372036854775807),
        (9223372036854775807, 10, 1),
        (9223372036854775807, 31, 9223372036854775807),
        (9223372036854775807, 62, 1),
        (9223372036854775807, 63, 9223372036854775807),
        (9223372036854775807, 64, 1),
        (9223372036854775807, 65, 9223372036854775807),
        (9223372036854775807, 100, 1),
        (9223372036854775807, 1099511627779, 9223372036854775807),
        (-9223372036854775808, 0, 1),
        (-9223372036854775808, 1, -9223372036854775808),
        (-9223372036854775808, 2, 0),
        (-9223372036854775808, 3, 0),
        (-9223372036854775808, 10, 0),
        (-9223372036854775808, 31, 0),
        (-9223372036854775808, 62, 0),
        (-9223372036854775808, 63, 0),
        (-9223372036854775808, 64, 0),
        (-9223372036854775808, 65, 0),
        (-9223372036854775808, 100, 0),
        (-9223372036854775808, 1099511627779, 0),
    ];

    #[test]
    fn float_mod_and_floordiv_match_cpython() {
        for &(x, y, m, d) in MOD_DIV {
            assert!(same(kiln_float_mod(x, y), m), "{x} % {y}: got {}, want {m}", kiln_float_mod(x, y));
            let fd = kiln_float_floordiv(x, y);
            assert!(same(fd, d), "{x} // {y}: got {fd}, want {d}");
        }
    }

    #[test]
    fn float_pow_matches_cpython() {
        for &(x, y, want) in POW {
            let got = float_pow(x, y);
            match (got, want) {
                (Ok(g), Ok(w)) => assert!(same(g, w), "{x} ** {y}: got {g}, want {w}"),
                (Err((gk, _)), Err(wk)) => assert_eq!(gk, wk, "{x} ** {y}"),
                _ => panic!("{x} ** {y}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn float_pow_sets_pending_errors() {
        error::take();
        assert!(kiln_float_pow(0.0, -1.0).is_nan());
        let p = error::take().unwrap();
        assert_eq!(p.kind, exc::ZERO_DIVISION_ERROR);
        assert_eq!(p.message, "0.0 cannot be raised to a negative power");
        kiln_float_pow(10.0, 400.0);
        let p = error::take().unwrap();
        assert_eq!(p.kind, exc::OVERFLOW_ERROR);
        assert_eq!(p.message, "(34, 'Numerical result out of range')");
        kiln_float_pow(-8.0, 1.0 / 3.0);
        let p = error::take().unwrap();
        assert_eq!(p.kind, exc::VALUE_ERROR);
        assert_eq!(p.message, NEGATIVE_FRACTIONAL_POW);
        assert_eq!(kiln_float_pow(2.0, 10.0), 1024.0);
        assert!(error::take().is_none());
    }

    #[test]
    fn int_pow_wraps() {
        for &(b, e, want) in INT_POW {
            assert_eq!(kiln_int_pow(b, e), want, "{b} ** {e}");
        }
        assert_eq!(kiln_int_pow(5, -1), 0);
    }
}
