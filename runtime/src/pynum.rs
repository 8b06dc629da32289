//! Python's `round(x, ndigits)` and three-argument `pow(base, exp, mod)`,
//! with CPython 3.11's results and exceptions.
//!
//! - `round(float, n)` is CPython's `double_round`: the correctly rounded
//!   decimal value of `x` at `n` digits (ties to even on the *exact* binary
//!   value, so `round(2.675, 2)` is `2.67`), read back as the nearest
//!   double. Here the exact decimal expansion of `x` (every double has a
//!   finite one, and Rust's fixed-precision formatting is exact) is rounded
//!   as a digit string, and the result parsed with Rust's correctly rounded
//!   `str::parse`. CPython's cut-offs for extreme `n` (`NDIGITS_MAX` = 323,
//!   `NDIGITS_MIN` = -308) and its `OverflowError` are kept.
//! - `round(int, n)` for `n < 0` is `long_round`: to the nearest multiple of
//!   `10**-n`, ties to even; wrapping at 64 bits like every kiln `int`.
//! - `pow(b, e, m)` for ints: `ValueError` for `m == 0`; a negative `e` uses
//!   the modular inverse of `b` (Python 3.8+), `ValueError` when there is
//!   none; the result takes the sign of `m` (it lies in `[0, m)` or `(m, 0]`).
//!
//! Invariants: entry points never unwind (`error::guard`); on failure they
//! return 1 with CPython's exception pending and leave the output unwritten.

use crate::abi::exc;
use crate::error;

/// CPython's `NDIGITS_MAX`: beyond it every double rounds to itself.
const NDIGITS_MAX: i64 = 323;
/// CPython's `NDIGITS_MIN`: below it every double rounds to a signed zero.
const NDIGITS_MIN: i64 = -308;

/// `round(x, ndigits)` for a float; the result goes to `out`.
///
/// # Safety
/// `out` points to a writable f64.
#[no_mangle]
pub unsafe extern "C" fn kiln_float_round(x: f64, ndigits: i64, out: *mut f64) -> i32 {
    error::guard(1, || match float_round(x, ndigits) {
        Ok(r) => {
            // SAFETY: the caller passes a writable `out`.
            unsafe { *out = r };
            0
        }
        Err(m) => {
            error::set(exc::OVERFLOW_ERROR, m);
            1
        }
    })
}

/// The pure core of [`kiln_float_round`].
pub fn float_round(x: f64, ndigits: i64) -> Result<f64, &'static str> {
    if !x.is_finite() || ndigits > NDIGITS_MAX {
        return Ok(x);
    }
    if ndigits < NDIGITS_MIN {
        return Ok(0.0 * x);
    }
    // The exact value: at most 309 integer digits and 1074 fraction digits.
    let s = format!("{:.1100}", x.abs());
    let (int_part, frac_part) = s.split_once('.').unwrap_or((&s, ""));
    let digits: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).map(|b| b - b'0').collect();
    // Digits before position `cut` are kept; the kept value is scaled by 10**-ndigits.
    let cut = int_part.len() as i64 + ndigits;
    let mut kept: Vec<u8> = if cut > 0 { digits[..cut as usize].to_vec() } else { Vec::new() };
    let round_up = if cut < 0 {
        false // Below half a unit of the last kept place.
    } else {
        let cut = cut as usize;
        let next = digits.get(cut).copied().unwrap_or(0);
        let rest_nonzero = digits.get(cut + 1..).is_some_and(|r| r.iter().any(|&d| d != 0));
        let last_odd = kept.last().is_some_and(|d| d % 2 == 1);
        next > 5 || (next == 5 && (rest_nonzero || last_odd))
    };
    if round_up {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, 1);
                break;
            }
            i -= 1;
            if kept[i] == 9 {
                kept[i] = 0;
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let mantissa: String = if kept.is_empty() { "0".to_string() } else { kept.iter().map(|d| (b'0' + d) as char).collect() };
    let r: f64 = format!("{mantissa}e{}", -ndigits).parse().unwrap_or(f64::INFINITY);
    if r.is_infinite() {
        return Err("rounded value too large to represent");
    }
    Ok(r.copysign(x))
}

/// `round(n, ndigits)` for an int (wrapping at 64 bits).
#[no_mangle]
pub extern "C" fn kiln_int_round(n: i64, ndigits: i64) -> i64 {
    error::guard(0, || int_round(n, ndigits))
}

/// The pure core of [`kiln_int_round`].
pub fn int_round(n: i64, ndigits: i64) -> i64 {
    if ndigits >= 0 {
        return n;
    }
    // 10**19 exceeds every i64: the nearest multiple is 0 (|n| < 10**19 / 2
    // fails only for |n| >= 5e18, whose true result does not fit anyway).
    let Some(p) = 10i128.checked_pow(ndigits.unsigned_abs().min(40) as u32) else { return 0 };
    let v = n as i128;
    let (q, r) = (v.div_euclid(p), v.rem_euclid(p));
    // CPython's `_PyLong_DivmodNear`: ties go to the even quotient.
    let q = if 2 * r > p || (2 * r == p && q % 2 != 0) { q + 1 } else { q };
    (q * p) as i64
}

/// `pow(base, exp, m)` for ints; the result goes to `out`.
///
/// # Safety
/// `out` points to a writable i64.
#[no_mangle]
pub unsafe extern "C" fn kiln_int_powmod(base: i64, exp: i64, m: i64, out: *mut i64) -> i32 {
    error::guard(1, || match int_powmod(base, exp, m) {
        Ok(r) => {
            // SAFETY: the caller passes a writable `out`.
            unsafe { *out = r };
            0
        }
        Err(msg) => {
            error::set(exc::VALUE_ERROR, msg);
            1
        }
    })
}

/// The pure core of [`kiln_int_powmod`].
pub fn int_powmod(base: i64, exp: i64, m: i64) -> Result<i64, &'static str> {
    if m == 0 {
        return Err("pow() 3rd argument cannot be 0");
    }
    let mm = m.unsigned_abs() as u128;
    let mut b = (base as i128).rem_euclid(mm as i128) as u128;
    if exp < 0 {
        b = mod_inverse(b, mm).ok_or("base is not invertible for the given modulus")?;
    }
    let mut e = exp.unsigned_abs();
    let mut acc: u128 = 1 % mm;
    while e != 0 {
        if e & 1 == 1 {
            acc = acc * b % mm;
        }
        e >>= 1;
        b = b * b % mm;
    }
    // The sign of the modulus (CPython: `if (negativeOutput && z != 0) z -= |m|`).
    let r = if m < 0 && acc != 0 { acc as i128 - mm as i128 } else { acc as i128 };
    Ok(r as i64)
}

/// The inverse of `a` modulo `m` (`0 <= a < m`), if `gcd(a, m) == 1`.
fn mod_inverse(a: u128, m: u128) -> Option<u128> {
    let (mut r0, mut r1) = (m as i128, a as i128);
    let (mut t0, mut t1) = (0i128, 1i128);
    while r1 != 0 {
        let q = r0 / r1;
        (r0, r1) = (r1, r0 - q * r1);
        (t0, t1) = (t1, t0 - q * t1);
    }
    (r0 == 1).then(|| t0.rem_euclid(m as i128) as u128)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_round_matches_cpython() {
        // Generated with CPython 3.11.7: round(x, n).
        let cases: &[(f64, i64, f64)] = &[
            (2.675, 2, 2.67),
            (0.125, 2, 0.12),
            (0.375, 2, 0.38),
            (2.5, 0, 2.0),
            (3.5, 0, 4.0),
            (-0.5, 0, -0.0),
            (1234.5678, -2, 1200.0),
            (1250.0, -2, 1200.0),
            (1350.0, -2, 1400.0),
            (5.0, -1, 0.0),
            (15.0, -1, 20.0),
            (0.1, 400, 0.1),
            (123.0, -400, 0.0),
            (1e300, -300, 1e300),
            (-1.005, 2, -1.0),
            (1.0 / 3.0, 5, 0.33333),
        ];
        for &(x, n, want) in cases {
            let got = float_round(x, n).unwrap();
            assert_eq!(got.to_bits(), want.to_bits(), "round({x}, {n}) = {got}, want {want}");
        }
        assert!(float_round(1.7e308, -308).is_err());
    }

    #[test]
    fn int_round_and_powmod() {
        assert_eq!(int_round(1234, -2), 1200);
        assert_eq!(int_round(1250, -2), 1200);
        assert_eq!(int_round(1350, -2), 1400);
        assert_eq!(int_round(-1250, -2), -1200);
        assert_eq!(int_round(-1251, -2), -1300);
        assert_eq!(int_round(7, 3), 7);
        assert_eq!(int_round(i64::MAX, -30), 0);
        assert_eq!(int_powmod(3, 4, 5), Ok(1));
        assert_eq!(int_powmod(3, 4, -5), Ok(-4));
        assert_eq!(int_powmod(-3, 3, 7), Ok(1));
        assert_eq!(int_powmod(3, -1, 7), Ok(5));
        assert_eq!(int_powmod(2, -1, 4), Err("base is not invertible for the given modulus"));
        assert_eq!(int_powmod(2, 5, 0), Err("pow() 3rd argument cannot be 0"));
        assert_eq!(int_powmod(5, 0, 1), Ok(0));
        assert_eq!(int_powmod(i64::MAX, i64::MAX, i64::MAX - 1), Ok(1));
    }
}
