//! Float to text exactly as CPython's `PyOS_double_to_string`: `repr(x)`
//! (shortest round-trip digits, exponent form below 1e-4 and from 1e16 on)
//! and the `e`, `f`, `g` conversions with a precision and CPython's flags
//! (`+` sign, `.0` for integral values, `#` alternate form, `z`).
//!
//! The decimal digits come from Rust's float formatting, which is exact:
//! `{:e}` gives the shortest digits that round-trip (the same choice as
//! David Gay's mode 0 that CPython uses), and `{:.N}`/`{:.Ne}` round the exact
//! binary value to N places, ties to even (Gay's modes 2 and 3). This module
//! only lays those digits out the way CPython does.
//!
//! Invariants: output is ASCII; NaN never carries a minus sign (CPython prints
//! `nan` for every NaN).

/// The conversions of `PyOS_double_to_string`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conv {
    /// `repr`: shortest round-trip digits.
    Repr,
    /// `e`: `precision` digits after the point, with an exponent.
    Exp,
    /// `f`: `precision` digits after the point.
    Fixed,
    /// `g`: `precision` significant digits, exponent form when needed.
    General,
}

/// The flags of `PyOS_double_to_string`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// `Py_DTSF_SIGN`: always write a sign.
    pub sign: bool,
    /// `Py_DTSF_ADD_DOT_0`: write `1.0`, not `1`, for integral values.
    pub add_dot_0: bool,
    /// `Py_DTSF_ALT`: keep trailing zeros and the decimal point.
    pub alt: bool,
    /// `Py_DTSF_NO_NEG_0`: a negative value that rounds to zero loses its sign.
    pub no_neg_0: bool,
    /// Upper-case conversion (`E`, `F`, `G`): `INF`, `NAN` and `E`.
    pub upper: bool,
}

/// Splits Rust's `{:e}` output (`d.ddde±x`) into digits and the decimal
/// point position (the value is `0.digits × 10**decpt`).
fn split_exp(s: &str) -> (Vec<u8>, i32) {
    let (m, e) = s.split_once('e').expect("exponent form");
    let digits = m.bytes().filter(|&b| b != b'.').collect();
    (digits, e.parse::<i32>().expect("exponent") + 1)
}

/// The shortest digits that round-trip, and the decimal point position.
///
/// Among the round-tripping strings of that length, Gay's mode 0 takes the
/// one closest to the exact value, ties to an even last digit. Rust's
/// shortest output can take the other candidate of an exact tie (it gives
/// `-2115987260830338.3` for `-2115987260830338.25`, CPython `.2`), so the
/// correctly rounded string of the same length (Rust's exact formatting
/// rounds ties to even) is preferred whenever it round-trips too.
pub fn shortest(x: f64) -> (Vec<u8>, i32) {
    let a = x.abs();
    let (d, decpt) = split_exp(&format!("{a:e}"));
    let near = format!("{:.*e}", d.len() - 1, a);
    if near.parse::<f64>() == Ok(a) {
        return split_exp(&near);
    }
    (d, decpt)
}

/// As [`shortest`], for a float32 (NumPy's float32 `repr`).
pub fn shortest_f32(x: f32) -> (Vec<u8>, i32) {
    let a = x.abs();
    let (d, decpt) = split_exp(&format!("{a:e}"));
    let near = format!("{:.*e}", d.len() - 1, a);
    if near.parse::<f32>() == Ok(a) {
        return split_exp(&near);
    }
    (d, decpt)
}

/// Exactly `n >= 1` significant digits, correctly rounded.
pub fn significant(x: f64, n: usize) -> (Vec<u8>, i32) {
    split_exp(&format!("{:.*e}", n - 1, x.abs()))
}

/// Lays out `digits` (value `0.digits × 10**decpt`) as CPython's
/// `format_float_short` does: `min_end` is the least number of digit
/// positions to write (zero padding on the right), the decimal point is
/// dropped when nothing follows it unless `alt`, and an exponent is written
/// in the form `e+05` when `use_exp`.
fn layout(out: &mut String, digits: &[u8], mut decpt: i32, use_exp: bool, min_end: i32, add_dot_0: bool, alt: bool, exp_char: char) {
    let ndigits = digits.len() as i32;
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let mut end = ndigits.max(min_end);
    // The decimal point must have a digit on its left, and with `add_dot_0`
    // one on its right too.
    end = end.max(if !use_exp && add_dot_0 { decpt + 1 } else { decpt });
    let push_zeros = |out: &mut String, n: i32| {
        for _ in 0..n.max(0) {
            out.push('0');
        }
    };
    let text = |d: &[u8]| std::str::from_utf8(d).expect("ASCII digits").to_owned();
    if decpt <= 0 {
        out.push_str("0.");
        push_zeros(out, -decpt);
        out.push_str(&text(digits));
        push_zeros(out, end - ndigits);
    } else if decpt <= ndigits {
        out.push_str(&text(&digits[..decpt as usize]));
        out.push('.');
        out.push_str(&text(&digits[decpt as usize..]));
        push_zeros(out, end - ndigits);
    } else {
        out.push_str(&text(digits));
        push_zeros(out, decpt - ndigits);
        out.push('.');
        push_zeros(out, end - decpt);
    }
    if out.ends_with('.') && !alt {
        out.pop();
    }
    if use_exp {
        out.push(exp_char);
        out.push(if exp < 0 { '-' } else { '+' });
        let e = exp.unsigned_abs();
        if e < 10 {
            out.push('0');
        }
        out.push_str(&e.to_string());
    }
}

/// `PyOS_double_to_string(x, conv, precision, flags)`.
pub fn to_string(x: f64, conv: Conv, precision: usize, flags: Flags) -> String {
    let mut out = String::new();
    if !x.is_finite() {
        if x.is_infinite() && x < 0.0 {
            out.push('-');
        } else if flags.sign {
            out.push('+');
        }
        out.push_str(match (x.is_nan(), flags.upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        });
        return out;
    }
    let exp_char = if flags.upper { 'E' } else { 'e' };
    let mut body = String::new();
    match conv {
        Conv::Fixed => {
            body = format!("{:.*}", precision, x.abs());
            if flags.alt && precision == 0 {
                body.push('.');
            }
        }
        Conv::Exp => {
            let (d, decpt) = significant(x, precision + 1);
            layout(&mut body, &d, decpt, true, precision as i32 + 1, false, flags.alt, exp_char);
        }
        Conv::General => {
            // Precision 0 makes no sense for 'g'; CPython reads it as 1.
            let p = precision.max(1);
            let (mut d, decpt) = significant(x, p);
            // Gay's digits carry no trailing zeros; `#` pads them back.
            while d.len() > 1 && d.last() == Some(&b'0') {
                d.pop();
            }
            let limit = if flags.add_dot_0 { p as i32 - 1 } else { p as i32 };
            let use_exp = decpt <= -4 || decpt > limit;
            let min_end = if flags.alt { p as i32 } else { 0 };
            layout(&mut body, &d, decpt, use_exp, min_end, flags.add_dot_0, flags.alt, exp_char);
        }
        Conv::Repr => {
            let (d, decpt) = shortest(x);
            let use_exp = decpt <= -4 || decpt > 16;
            layout(&mut body, &d, decpt, use_exp, 0, flags.add_dot_0, flags.alt, exp_char);
        }
    }
    let negative = x.is_sign_negative();
    let is_zero = || body.bytes().take_while(|&b| b != b'e' && b != b'E').all(|b| b == b'0' || b == b'.');
    if negative && !(flags.no_neg_0 && is_zero()) {
        out.push('-');
    } else if flags.sign {
        out.push('+');
    }
    out.push_str(&body);
    out
}

/// `repr(x)` (and `str(x)`) for a float.
pub fn repr(x: f64) -> String {
    to_string(x, Conv::Repr, 0, Flags { add_dot_0: true, ..Flags::default() })
}

/// The float part of a complex `repr`: `repr` digits without `.0`.
pub fn repr_no_dot(x: f64, sign: bool) -> String {
    to_string(x, Conv::Repr, 0, Flags { sign, ..Flags::default() })
}

/// NumPy's `str(np.float32(x))`: the shortest float32 digits in Python's
/// `repr` layout (NumPy switches to exponent form at the same thresholds).
pub fn repr_f32(x: f32) -> String {
    if !x.is_finite() {
        return repr(x as f64);
    }
    let (d, decpt) = shortest_f32(x);
    let mut out = String::new();
    if x.is_sign_negative() {
        out.push('-');
    }
    layout(&mut out, &d, decpt, decpt <= -4 || decpt > 16, 0, true, false, 'e');
    out
}

/// `repr(complex(re, im))`; `part` formats one component (Python's float
/// `repr` without `.0`, or float32's for NumPy's complex64).
pub fn repr_complex_with(re: f64, im: f64, part: impl Fn(f64, bool) -> String) -> String {
    if re == 0.0 && re.is_sign_positive() {
        format!("{}j", part(im, false))
    } else {
        format!("({}{}j)", part(re, false), part(im, true))
    }
}

/// `repr(complex(re, im))`.
pub fn repr_complex(re: f64, im: f64) -> String {
    repr_complex_with(re, im, repr_no_dot)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(x: f64, p: usize, add_dot_0: bool, alt: bool) -> String {
        to_string(x, Conv::General, p, Flags { add_dot_0, alt, ..Flags::default() })
    }

    #[test]
    fn repr_like_cpython() {
        for (x, s) in [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1.5e-7, "1.5e-07"),
            (1e300, "1e+300"),
            (5e-324, "5e-324"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (-f64::NAN, "nan"),
            (2e16 + 8.0, "2.000000000000001e+16"),
            (0.1 + 0.2, "0.30000000000000004"),
        ] {
            assert_eq!(repr(x), s, "{x:e}");
        }
        assert_eq!(repr_complex(1.0, 2.0), "(1+2j)");
        assert_eq!(repr_complex(0.0, 1.0), "1j");
        assert_eq!(repr_complex(-0.0, 1.0), "(-0+1j)");
        assert_eq!(repr_complex(1.0, f64::NAN), "(1+nanj)");
        assert_eq!(repr_complex(0.0, 0.0), "0j");
        assert_eq!(repr_complex(-0.0, -0.0), "(-0-0j)");
        assert_eq!(repr_f32(0.1), "0.1");
        assert_eq!(repr_f32(1e20), "1e+20");
    }

    #[test]
    fn general_and_alt() {
        assert_eq!(g(1.0, 6, false, false), "1");
        assert_eq!(g(1e20, 6, false, true), "1.00000e+20");
        assert_eq!(g(123456.0, 6, false, false), "123456");
        assert_eq!(g(1234567.0, 6, false, false), "1.23457e+06");
        assert_eq!(g(0.00001, 6, false, false), "1e-05");
        assert_eq!(g(0.0001, 6, false, false), "0.0001");
        assert_eq!(g(1.0, 3, true, false), "1.0");
        assert_eq!(g(100.0, 3, true, false), "1e+02");
        assert_eq!(g(0.0, 0, false, false), "0");
        let alt = Flags { alt: true, ..Flags::default() };
        assert_eq!(to_string(0.0, Conv::Exp, 0, alt), "0.e+00");
        assert_eq!(to_string(1.5, Conv::Fixed, 0, alt), "2.");
        assert_eq!(to_string(2.5, Conv::Fixed, 0, Flags::default()), "2");
    }
}
