//! `int(s)` and `float(s)` for str arguments, with CPython 3.11's accepted
//! syntax and error messages.
//!
//! As in CPython, the text is first transformed (`_PyUnicode_TransformDecimal
//! AndSpaceToASCII`: non-ASCII whitespace becomes a space and any script's
//! decimal digits become ASCII digits), then ASCII whitespace around the
//! literal is ignored, a sign is allowed, and single underscores may separate
//! digits. `float` also takes `inf`, `infinity` and `nan` in any case; values
//! out of range become `inf`, as in CPython.
//!
//! Divergence: `int` results are int64 (kiln's `int`); a literal beyond that
//! range raises `OverflowError` where CPython would return a big int.
//!
//! Invariants: the decimal value itself is converted by Rust's correctly
//! rounded parser, after the syntax has been validated here (Rust's grammar
//! is looser than Python's in places).

use super::kstr::as_str;
use super::obj::{raise, PyResult};
use super::strcase;
use super::strops::repr_str;
use crate::abi::{exc, KStr};
use crate::error;

/// CPython's default `sys.get_int_max_str_digits()`.
const MAX_STR_DIGITS: usize = 4300;

/// The ASCII text CPython parses numbers from.
fn transform(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                c
            } else if strcase::is_space(c) {
                ' '
            } else if let Some(d) = strcase::decimal_value(c) {
                char::from(b'0' + d as u8)
            } else {
                '?'
            }
        })
        .collect()
}

/// `Py_ISSPACE`: ASCII whitespace.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

fn trim_ascii_space(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_ascii() && is_ascii_space(c as u8))
}

/// Removes single underscores between digits; `None` when an underscore is
/// misplaced.
fn strip_underscores(s: &str) -> Option<String> {
    if !s.contains('_') {
        return Some(s.to_owned());
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' {
            let before = i > 0 && b[i - 1].is_ascii_digit();
            let after = b.get(i + 1).is_some_and(u8::is_ascii_digit);
            if !before || !after {
                return None;
            }
        } else {
            out.push(c as char);
        }
    }
    Some(out)
}

/// `int(s)`.
pub fn parse_int(s: &str) -> PyResult<i64> {
    let invalid = || {
        let mut r = String::new();
        repr_str(s, &mut r);
        let r: String = r.chars().take(200).collect();
        raise(exc::VALUE_ERROR, format!("invalid literal for int() with base 10: {r}"))
    };
    let t = transform(s);
    let body = trim_ascii_space(&t);
    let (negative, digits) = match body.as_bytes().first() {
        Some(b'-') => (true, &body[1..]),
        Some(b'+') => (false, &body[1..]),
        _ => (false, body),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return invalid();
    }
    let Some(clean) = strip_underscores(digits) else {
        return invalid();
    };
    if clean.len() > MAX_STR_DIGITS {
        return raise(
            exc::VALUE_ERROR,
            format!(
                "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion: \
                 value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
                clean.len()
            ),
        );
    }
    let mut v: i128 = 0;
    for b in clean.bytes() {
        v = v * 10 + (b - b'0') as i128;
        if v > 1 << 63 {
            return raise(exc::OVERFLOW_ERROR, "Python int too large to convert to C long");
        }
    }
    let v = if negative { -v } else { v };
    i64::try_from(v).or_else(|_| raise(exc::OVERFLOW_ERROR, "Python int too large to convert to C long"))
}

/// Whether `s` is a decimal float literal: digits with an optional point
/// (at least one digit), then an optional exponent with digits.
fn is_decimal_literal(s: &[u8]) -> bool {
    let mut i = 0;
    let int_digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if s.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return false;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if exp_digits == 0 {
            return false;
        }
        i += exp_digits;
    }
    i == s.len()
}

/// `float(s)`.
pub fn parse_float(s: &str) -> PyResult<f64> {
    let invalid = || {
        let mut r = String::new();
        repr_str(s, &mut r);
        raise(exc::VALUE_ERROR, format!("could not convert string to float: {r}"))
    };
    let t = transform(s);
    let Some(clean) = strip_underscores(&t) else {
        return invalid();
    };
    let body = trim_ascii_space(&clean);
    let (negative, rest) = match body.as_bytes().first() {
        Some(b'-') => (true, &body[1..]),
        Some(b'+') => (false, &body[1..]),
        _ => (false, body),
    };
    let lower = rest.to_ascii_lowercase();
    let magnitude = match lower.as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ if is_decimal_literal(rest.as_bytes()) => match rest.parse::<f64>() {
            Ok(x) => x,
            Err(_) => return invalid(),
        },
        _ => return invalid(),
    };
    Ok(if negative { -magnitude } else { magnitude })
}

/// `kiln_str_to_int(s, out)`: `int(s)`.
///
/// # Safety
/// `s` is a live str; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_to_int(s: *const KStr, out: *mut i64) -> i32 {
    error::guard(1, || {
        // SAFETY: forwarded.
        match parse_int(unsafe { as_str(s) }) {
            Ok(v) => {
                // SAFETY: forwarded.
                unsafe { *out = v };
                0
            }
            Err(_) => 1,
        }
    })
}

/// `kiln_str_to_float(s, out)`: `float(s)`.
///
/// # Safety
/// `s` is a live str; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_to_float(s: *const KStr, out: *mut f64) -> i32 {
    error::guard(1, || {
        // SAFETY: forwarded.
        match parse_float(unsafe { as_str(s) }) {
            Ok(v) => {
                // SAFETY: forwarded.
                unsafe { *out = v };
                0
            }
            Err(_) => 1,
        }
    })
}
