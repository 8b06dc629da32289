//! `format(x, spec)` for int, float and str: the PEP 3101 format-spec
//! mini-language (`[[fill]align][sign][z][#][0][width][,|_][.precision][type]`)
//! exactly as CPython 3.11 implements it (Python/formatter_unicode.c): the
//! same parsing order, defaults, validation errors and messages, and the same
//! layout of sign, prefix, zero padding (which gets thousands separators
//! too), digits, decimal part and fill.
//!
//! The `n` type uses the C locale (no grouping, `.` as decimal point), which
//! is what a Python program sees unless it calls `locale.setlocale`.
//!
//! Invariants: formatting is pure; every failure is a `ValueError` (or the
//! `OverflowError` of `'c'`) with CPython's message.

use super::floatfmt::{self, Conv, Flags};
use super::kstr::{as_str, new_str};
use super::obj::{raise, PyResult};
use super::strcase;
use crate::abi::{exc, KStr};
use crate::error;

/// Thousands separators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sep {
    None,
    Comma,
    Underscore,
    /// `_` every four digits (`b`, `o`, `x`, `X`).
    UnderscoreFour,
}

/// A parsed format spec (CPython's `InternalFormatSpec`).
#[derive(Clone, Debug)]
struct Spec {
    fill: char,
    align: char,
    sign: Option<char>,
    no_neg_0: bool,
    alt: bool,
    /// -1 when absent.
    width: i64,
    sep: Sep,
    /// -1 when absent.
    precision: i64,
    /// `'\0'` when absent (floats).
    ty: char,
}

fn value_error<T>(msg: impl Into<String>) -> PyResult<T> {
    raise(exc::VALUE_ERROR, msg)
}

/// `'c'` for printable ASCII, `'\x..'` otherwise, as CPython's messages do.
fn code_text(c: char) -> String {
    let u = c as u32;
    if u > 32 && u < 128 {
        c.to_string()
    } else {
        format!("\\x{u:x}")
    }
}

/// Reads a run of decimal digits (any script's); `None` when there are none.
fn integer(chars: &[char], pos: &mut usize) -> PyResult<Option<i64>> {
    let mut acc: i64 = 0;
    let start = *pos;
    while let Some(d) = chars.get(*pos).and_then(|&c| strcase::decimal_value(c)) {
        if acc > (i64::MAX - d as i64) / 10 {
            return value_error("Too many decimal digits in format string");
        }
        acc = acc * 10 + d as i64;
        *pos += 1;
    }
    Ok((*pos > start).then_some(acc))
}

fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

/// Parses `spec` (non-empty) for a value of Python type `type_name`.
fn parse(spec: &str, default_type: char, default_align: char, type_name: &str) -> PyResult<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let end = chars.len();
    let mut pos = 0;
    let mut f = Spec {
        fill: ' ',
        align: default_align,
        sign: None,
        no_neg_0: false,
        alt: false,
        width: -1,
        sep: Sep::None,
        precision: -1,
        ty: default_type,
    };
    let mut fill_given = false;
    let mut align_given = false;
    if end >= 2 && is_align(chars[1]) {
        f.align = chars[1];
        f.fill = chars[0];
        fill_given = true;
        align_given = true;
        pos = 2;
    } else if end >= 1 && is_align(chars[0]) {
        f.align = chars[0];
        align_given = true;
        pos = 1;
    }
    if pos < end && matches!(chars[pos], '+' | '-' | ' ') {
        f.sign = Some(chars[pos]);
        pos += 1;
    }
    if pos < end && chars[pos] == 'z' {
        f.no_neg_0 = true;
        pos += 1;
    }
    if pos < end && chars[pos] == '#' {
        f.alt = true;
        pos += 1;
    }
    if !fill_given && pos < end && chars[pos] == '0' {
        f.fill = '0';
        if !align_given && default_align == '>' {
            f.align = '=';
        }
        pos += 1;
    }
    if let Some(w) = integer(&chars, &mut pos)? {
        f.width = w;
    }
    if pos < end && chars[pos] == ',' {
        f.sep = Sep::Comma;
        pos += 1;
    }
    if pos < end && chars[pos] == '_' {
        if f.sep != Sep::None {
            return value_error("Cannot specify both ',' and '_'.");
        }
        f.sep = Sep::Underscore;
        pos += 1;
    }
    if pos < end && chars[pos] == ',' && f.sep == Sep::Underscore {
        return value_error("Cannot specify both ',' and '_'.");
    }
    if pos < end && chars[pos] == '.' {
        pos += 1;
        match integer(&chars, &mut pos)? {
            Some(p) => f.precision = p,
            None => return value_error("Format specifier missing precision"),
        }
    }
    if end - pos > 1 {
        return value_error(format!("Invalid format specifier '{spec}' for object of type '{type_name}'"));
    }
    if end - pos == 1 {
        f.ty = chars[pos];
    }
    if f.sep != Sep::None {
        match f.ty {
            'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => {}
            'b' | 'o' | 'x' | 'X' if f.sep == Sep::Underscore => f.sep = Sep::UnderscoreFour,
            t => {
                let s = if f.sep == Sep::Comma { ',' } else { '_' };
                return value_error(format!("Cannot specify '{s}' with '{}'.", code_text(t)));
            }
        }
    }
    Ok(f)
}

fn unknown_code<T>(t: char, type_name: &str) -> PyResult<T> {
    value_error(format!("Unknown format code '{}' for object of type '{type_name}'", code_text(t)))
}

/// `_PyUnicode_InsertThousandsGrouping`: the integer digits with separators
/// every `group` digits (0: none), left-padded with zeros (which get
/// separators too) to at least `min_width` characters.
fn group_digits(digits: &str, min_width: i64, group: i64, sep: char) -> String {
    let digits = digits.as_bytes();
    let mut min_width = min_width.max(0);
    let mut remaining = digits.len() as i64;
    // Pieces from right to left; a separator goes between neighbours.
    let mut pieces: Vec<String> = Vec::new();
    let piece = |len: i64, remaining: i64| {
        let zeros = (len - remaining).max(0);
        let n = remaining.min(len).max(0);
        let mut p = "0".repeat(zeros as usize);
        p.push_str(std::str::from_utf8(&digits[(remaining - n) as usize..remaining as usize]).expect("ASCII digits"));
        (p, n)
    };
    let mut done = false;
    if group > 0 {
        loop {
            let len = group.min(remaining.max(min_width).max(1));
            let (p, n) = piece(len, remaining);
            pieces.push(p);
            remaining -= n;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                done = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !done {
        let len = remaining.max(min_width).max(1);
        let (p, _) = piece(len, remaining);
        pieces.push(p);
    }
    pieces.reverse();
    pieces.join(&sep.to_string())
}

/// A number split as CPython's `parse_number` does.
struct Number<'a> {
    negative: bool,
    prefix: &'a str,
    digits: &'a str,
    decimal: bool,
    remainder: &'a str,
}

/// `calc_number_widths` + `fill_number`: lays out a number under `f`.
fn layout_number(f: &Spec, n: &Number, upper: bool) -> String {
    let sign = match (f.sign, n.negative) {
        (_, true) => Some('-'),
        (Some('+'), false) => Some('+'),
        (Some(' '), false) => Some(' '),
        _ => None,
    };
    let remainder_len = n.remainder.chars().count() as i64;
    let non_digit = sign.is_some() as i64 + n.prefix.len() as i64 + n.decimal as i64 + remainder_len;
    let min_width = if f.fill == '0' && f.align == '=' { f.width - non_digit } else { 0 };
    let (group, sep) = match f.sep {
        Sep::None => (0, ','),
        Sep::Comma => (3, ','),
        Sep::Underscore => (3, '_'),
        Sep::UnderscoreFour => (4, '_'),
    };
    let grouped = if n.digits.is_empty() { String::new() } else { group_digits(n.digits, min_width, group, sep) };
    let padding = f.width - (non_digit + grouped.chars().count() as i64);
    let (mut lpad, mut spad, mut rpad) = (0, 0, 0);
    if padding > 0 {
        match f.align {
            '<' => rpad = padding,
            '^' => {
                lpad = padding / 2;
                rpad = padding - lpad;
            }
            '=' => spad = padding,
            _ => lpad = padding,
        }
    }
    let fill = |out: &mut String, k: i64| {
        for _ in 0..k {
            out.push(f.fill);
        }
    };
    let mut out = String::new();
    fill(&mut out, lpad);
    if let Some(s) = sign {
        out.push(s);
    }
    if upper {
        out.push_str(&n.prefix.to_ascii_uppercase());
    } else {
        out.push_str(n.prefix);
    }
    fill(&mut out, spad);
    if upper {
        out.push_str(&grouped.to_ascii_uppercase());
    } else {
        out.push_str(&grouped);
    }
    if n.decimal {
        out.push('.');
    }
    out.push_str(n.remainder);
    fill(&mut out, rpad);
    out
}

/// `format(v, spec)` for an int.
pub fn format_int(v: i64, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        return Ok(v.to_string());
    }
    let f = parse(spec, 'd', '>', "int")?;
    match f.ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => format_long(v, &f),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => format_float_internal(v as f64, &f),
        t => unknown_code(t, "int"),
    }
}

fn format_long(v: i64, f: &Spec) -> PyResult<String> {
    if f.precision != -1 {
        return value_error("Precision not allowed in integer format specifier");
    }
    if f.no_neg_0 {
        return value_error("Negative zero coercion (z) not allowed in integer format specifier");
    }
    if f.ty == 'c' {
        if f.sign.is_some() {
            return value_error("Sign not allowed with integer format specifier 'c'");
        }
        if f.alt {
            return value_error("Alternate form (#) not allowed with integer format specifier 'c'");
        }
        if !(0..=0x10ffff).contains(&v) {
            return raise(exc::OVERFLOW_ERROR, "%c arg not in range(0x110000)");
        }
        let Some(c) = char::from_u32(v as u32) else {
            return value_error("kiln: a lone surrogate code point cannot be represented in a kiln str");
        };
        let s = c.to_string();
        return Ok(layout_number(f, &Number { negative: false, prefix: "", digits: "", decimal: false, remainder: &s }, false));
    }
    let a = v.unsigned_abs();
    let (digits, prefix) = match f.ty {
        'b' => (format!("{a:b}"), "0b"),
        'o' => (format!("{a:o}"), "0o"),
        'x' | 'X' => (format!("{a:x}"), "0x"),
        _ => (a.to_string(), ""),
    };
    // 'n' groups by the locale, which is the C locale: no grouping.
    let mut f = f.clone();
    if f.ty == 'n' {
        f.sep = Sep::None;
    }
    Ok(layout_number(
        &f,
        &Number { negative: v < 0, prefix: if f.alt { prefix } else { "" }, digits: &digits, decimal: false, remainder: "" },
        f.ty == 'X',
    ))
}

/// `format(x, spec)` for a float.
pub fn format_float(x: f64, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        return Ok(floatfmt::repr(x));
    }
    let f = parse(spec, '\0', '>', "float")?;
    match f.ty {
        '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%' => format_float_internal(x, &f),
        t => unknown_code(t, "float"),
    }
}

fn format_float_internal(mut x: f64, f: &Spec) -> PyResult<String> {
    if f.precision > i32::MAX as i64 {
        return value_error("precision too big");
    }
    let mut flags = Flags { alt: f.alt, no_neg_0: f.no_neg_0, ..Flags::default() };
    let mut ty = f.ty;
    let mut default_precision = 6;
    if ty == '\0' {
        flags.add_dot_0 = true;
        ty = 'r';
        default_precision = 0;
    }
    if ty == 'n' {
        ty = 'g';
    }
    let mut pct = false;
    if ty == '%' {
        ty = 'f';
        x *= 100.0;
        pct = true;
    }
    let precision = if f.precision < 0 {
        default_precision
    } else {
        if ty == 'r' {
            ty = 'g';
        }
        f.precision as usize
    };
    let conv = match ty {
        'r' => Conv::Repr,
        'e' | 'E' => Conv::Exp,
        'f' | 'F' => Conv::Fixed,
        _ => Conv::General,
    };
    flags.upper = matches!(ty, 'E' | 'F' | 'G');
    let mut s = floatfmt::to_string(x, conv, precision, flags);
    if pct {
        s.push('%');
    }
    let (negative, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.as_str()),
    };
    let ndig = body.bytes().take_while(u8::is_ascii_digit).count();
    let decimal = body[ndig..].starts_with('.');
    let remainder = &body[ndig + decimal as usize..];
    // 'n' groups by the locale, which is the C locale: no grouping.
    let mut f = f.clone();
    if f.ty == 'n' {
        f.sep = Sep::None;
    }
    Ok(layout_number(&f, &Number { negative, prefix: "", digits: &body[..ndig], decimal, remainder }, false))
}

/// `format(s, spec)` for a str.
pub fn format_str(s: &str, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        return Ok(s.to_owned());
    }
    let f = parse(spec, 's', '<', "str")?;
    if f.ty != 's' {
        return unknown_code(f.ty, "str");
    }
    match f.sign {
        Some(' ') => return value_error("Space not allowed in string format specifier"),
        Some(_) => return value_error("Sign not allowed in string format specifier"),
        None => {}
    }
    if f.no_neg_0 {
        return value_error("Negative zero coercion (z) not allowed in string format specifier");
    }
    if f.alt {
        return value_error("Alternate form (#) not allowed in string format specifier");
    }
    if f.align == '=' {
        return value_error("'=' alignment not allowed in string format specifier");
    }
    let nchars = s.chars().count() as i64;
    let (text, len) = if f.precision >= 0 && nchars >= f.precision {
        let end = s.char_indices().nth(f.precision as usize).map(|(b, _)| b).unwrap_or(s.len());
        (&s[..end], f.precision)
    } else {
        (s, nchars)
    };
    let total = if f.width >= 0 && f.width > len { f.width } else { len };
    let lpad = match f.align {
        '>' => total - len,
        '^' => (total - len) / 2,
        _ => 0,
    };
    let rpad = total - len - lpad;
    let mut out = String::with_capacity(text.len() + (total - len) as usize);
    for _ in 0..lpad {
        out.push(f.fill);
    }
    out.push_str(text);
    for _ in 0..rpad {
        out.push(f.fill);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Entry points.

/// The spec text (null: empty).
///
/// # Safety
/// `spec` is null or a live str.
unsafe fn spec_text<'a>(spec: *const KStr) -> &'a str {
    if spec.is_null() {
        ""
    } else {
        // SAFETY: forwarded.
        unsafe { as_str(spec) }
    }
}

fn to_str(r: PyResult<String>) -> *mut KStr {
    r.and_then(|s| new_str(&s)).unwrap_or(std::ptr::null_mut())
}

/// `kiln_format_int(v, spec)`: `format(v, spec)`; null with `ValueError`.
///
/// # Safety
/// `spec` is null or a live str.
#[no_mangle]
pub unsafe extern "C" fn kiln_format_int(v: i64, spec: *const KStr) -> *mut KStr {
    // SAFETY: forwarded.
    error::guard(std::ptr::null_mut(), || to_str(format_int(v, unsafe { spec_text(spec) })))
}

/// `kiln_format_float(x, spec)`: `format(x, spec)`.
///
/// # Safety
/// `spec` is null or a live str.
#[no_mangle]
pub unsafe extern "C" fn kiln_format_float(x: f64, spec: *const KStr) -> *mut KStr {
    // SAFETY: forwarded.
    error::guard(std::ptr::null_mut(), || to_str(format_float(x, unsafe { spec_text(spec) })))
}

/// `kiln_format_str(s, spec)`: `format(s, spec)`.
///
/// # Safety
/// `s` is a live str; `spec` is null or a live str.
#[no_mangle]
pub unsafe extern "C" fn kiln_format_str(s: *const KStr, spec: *const KStr) -> *mut KStr {
    error::guard(std::ptr::null_mut(), || {
        // SAFETY: forwarded.
        unsafe {
            let t = spec_text(spec);
            if t.is_empty() {
                super::obj::incref(s.cast());
                return s as *mut KStr;
            }
            to_str(format_str(as_str(s), t))
        }
    })
}

/// `kiln_repr_float(x)`: `repr(x)`.
#[no_mangle]
pub extern "C" fn kiln_repr_float(x: f64) -> *mut KStr {
    error::guard(std::ptr::null_mut(), || to_str(Ok(floatfmt::repr(x))))
}
