//! The `str` operations compiled code calls: indexing and slicing by code
//! point, concatenation and repetition, comparison, searching (`in`, `find`,
//! `count`, `startswith`, `endswith`), `replace`, `split`, `join`, the strip
//! family, case conversion, the `is*` predicates, and `repr` quoting.
//!
//! Semantics are CPython's: indices count code points; `find` clamps its
//! bounds with CPython's `ADJUST_INDICES`; the empty string is found at every
//! position (`count('')` is `len + 1`, `replace('', x)` inserts `x` between
//! all characters); whitespace is Python's `str.isspace()`.
//!
//! Invariants: every result is a new str (or list of strs); inputs are
//! borrowed and never modified.

use std::ptr;

use super::code::{codes, Code};
use super::kstr::{self, as_str, new_str, new_str_nchars, OwnedStr};
use super::list;
use super::obj::{no_memory, raise, PyResult};
use super::slice;
use super::strcase;
use crate::abi::{exc, KList, KStr};
use crate::error;

/// Appends Python's `repr(s)`: single quotes unless the text has a single
/// quote and no double quote; `\\`, `\t`, `\n`, `\r` and the quote escaped;
/// other non-printable characters as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
pub fn repr_str(s: &str, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if strcase::is_printable(c) => out.push(c),
            c => {
                let u = c as u32;
                let _ = if u <= 0xff {
                    std::fmt::Write::write_fmt(out, format_args!("\\x{u:02x}"))
                } else if u <= 0xffff {
                    std::fmt::Write::write_fmt(out, format_args!("\\u{u:04x}"))
                } else {
                    std::fmt::Write::write_fmt(out, format_args!("\\U{u:08x}"))
                };
            }
        }
    }
    out.push(quote);
}

/// The byte offset of code point `i` (`0..=nchars`) in `s`.
fn byte_at(s: &str, ascii: bool, i: usize) -> usize {
    if ascii {
        return i;
    }
    s.char_indices().nth(i).map(|(b, _)| b).unwrap_or(s.len())
}

/// The code point index of byte offset `b` (a char boundary) in `s`.
fn char_index(s: &str, ascii: bool, b: usize) -> usize {
    if ascii {
        b
    } else {
        kstr::count_chars(&s.as_bytes()[..b])
    }
}

/// Byte offset of the first occurrence of `sub` in `hay`.
fn find_bytes(hay: &[u8], sub: &[u8]) -> Option<usize> {
    if sub.is_empty() {
        return Some(0);
    }
    if sub.len() > hay.len() {
        return None;
    }
    let first = sub[0];
    let last = hay.len() - sub.len();
    let mut i = 0;
    while i <= last {
        match hay[i..=last].iter().position(|&b| b == first) {
            None => return None,
            Some(k) => {
                i += k;
                if &hay[i..i + sub.len()] == sub {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

/// Non-overlapping occurrences of a non-empty `sub`.
fn count_bytes(hay: &[u8], sub: &[u8], max: usize) -> usize {
    let mut n = 0;
    let mut i = 0;
    while n < max {
        match find_bytes(&hay[i..], sub) {
            Some(k) => {
                n += 1;
                i += k + sub.len();
            }
            None => break,
        }
    }
    n
}

/// `s.replace(old, new, count)` (count < 0: all).
pub fn replace(s: &str, old: &str, new: &str, count: i64) -> String {
    let max = if count < 0 { usize::MAX } else { count as usize };
    if old.is_empty() {
        // The empty string matches before every character and at the end.
        let mut out = String::with_capacity(s.len() + new.len() * (s.len() + 1).min(max));
        let mut n = 0;
        for c in s.chars() {
            if n < max {
                out.push_str(new);
                n += 1;
            }
            out.push(c);
        }
        if n < max {
            out.push_str(new);
        }
        return out;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut n = 0;
    while n < max {
        match find_bytes(rest.as_bytes(), old.as_bytes()) {
            Some(k) => {
                out.push_str(&rest[..k]);
                out.push_str(new);
                rest = &rest[k + old.len()..];
                n += 1;
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// `s.split()` / `s.split(None, maxsplit)`: runs of whitespace separate.
pub fn split_whitespace(s: &str, maxsplit: i64) -> Vec<&str> {
    let mut out = Vec::new();
    let mut left = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let mut rest = s;
    while left > 0 {
        rest = rest.trim_start_matches(strcase::is_space);
        if rest.is_empty() {
            return out;
        }
        let end = rest.find(strcase::is_space).unwrap_or(rest.len());
        out.push(&rest[..end]);
        rest = &rest[end..];
        left -= 1;
    }
    let rest = rest.trim_start_matches(strcase::is_space);
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// `s.split(sep, maxsplit)` for a non-empty `sep`.
pub fn split_sep<'a>(s: &'a str, sep: &str, maxsplit: i64) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut left = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let mut rest = s;
    while left > 0 {
        match find_bytes(rest.as_bytes(), sep.as_bytes()) {
            Some(k) => {
                out.push(&rest[..k]);
                rest = &rest[k + sep.len()..];
                left -= 1;
            }
            None => break,
        }
    }
    out.push(rest);
    out
}

/// The strip kinds of `kiln_str_method`/`kiln_str_strip_chars`.
const STRIP: i32 = 2;
const LSTRIP: i32 = 3;
const RSTRIP: i32 = 4;

fn strip_with(s: &str, kind: i32, pred: impl Fn(char) -> bool) -> &str {
    match kind {
        LSTRIP => s.trim_start_matches(&pred),
        RSTRIP => s.trim_end_matches(&pred),
        _ => s.trim_matches(&pred),
    }
}

/// A new list of strs.
fn str_list(parts: &[&str]) -> PyResult<*mut KList> {
    let c = Code::new(&codes::STR);
    let l = list::new_list(c, 0, parts.len(), false)?;
    for p in parts {
        match new_str(p) {
            // SAFETY: the list is live; the word is an owned str.
            Ok(s) => unsafe { list::push(l, &[s as u64])? },
            Err(e) => {
                // SAFETY: we hold the only reference.
                unsafe { list::decref(l) };
                return Err(e);
            }
        }
    }
    Ok(l)
}

// ---------------------------------------------------------------------------
// Entry points.

fn new_or_null(body: impl FnOnce() -> PyResult<*mut KStr>) -> *mut KStr {
    error::guard(ptr::null_mut(), || body().unwrap_or(ptr::null_mut()))
}

/// `kiln_str_concat(a, b)`: `a + b`.
///
/// # Safety
/// Both are live strs.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_concat(a: *const KStr, b: *const KStr) -> *mut KStr {
    // SAFETY: forwarded.
    new_or_null(|| unsafe {
        let mut s = String::with_capacity((*a).len as usize + (*b).len as usize);
        s.push_str(as_str(a));
        s.push_str(as_str(b));
        new_str_nchars(&s, kstr::nchars(a) + kstr::nchars(b))
    })
}

/// `kiln_str_repeat(s, n)`: `s * n` (`OverflowError` when too long).
///
/// # Safety
/// `s` is a live str.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_repeat(s: *const KStr, n: i64) -> *mut KStr {
    // SAFETY: forwarded.
    new_or_null(|| unsafe {
        let t = as_str(s);
        let n = n.max(0) as usize;
        match t.len().checked_mul(n) {
            Some(total) if total <= isize::MAX as usize => {
                if total > (1 << 40) {
                    return no_memory();
                }
                new_str_nchars(&t.repeat(n), kstr::nchars(s) * n)
            }
            _ => raise(exc::OVERFLOW_ERROR, "repeated string is too long"),
        }
    })
}

/// `kiln_str_getitem(s, index)`: `s[index]`, `IndexError`.
///
/// # Safety
/// `s` is a live str.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_getitem(s: *const KStr, index: i64) -> *mut KStr {
    // SAFETY: forwarded.
    new_or_null(|| unsafe {
        let Some(i) = slice::index(index, kstr::nchars(s)) else {
            return raise(exc::INDEX_ERROR, "string index out of range");
        };
        let t = as_str(s);
        let b = byte_at(t, kstr::is_ascii(s), i);
        let c = t[b..].chars().next().expect("index in range");
        new_str_nchars(&t[b..b + c.len_utf8()], 1)
    })
}

/// `kiln_str_slice(s, start, stop, step, has_start, has_stop)`.
///
/// # Safety
/// `s` is a live str.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_slice(s: *const KStr, start: i64, stop: i64, step: i64, has_start: i32, has_stop: i32) -> *mut KStr {
    // SAFETY: forwarded.
    new_or_null(|| unsafe {
        let t = as_str(s);
        let ascii = kstr::is_ascii(s);
        let span = slice::resolve(kstr::nchars(s), start, stop, step, has_start != 0, has_stop != 0)?;
        let n = span.count as usize;
        if span.step == 1 || n <= 1 {
            let a = byte_at(t, ascii, span.start.max(0) as usize);
            let b = if n == 0 { a } else { a + byte_at(&t[a..], ascii, n) };
            return new_str_nchars(&t[a..b], n);
        }
        let out: String = if ascii {
            (0..n).map(|k| t.as_bytes()[span.at(k as i64)] as char).collect()
        } else {
            let chars: Vec<char> = t.chars().collect();
            (0..n).map(|k| chars[span.at(k as i64)]).collect()
        };
        new_str_nchars(&out, n)
    })
}

/// `kiln_str_eq(a, b)`: 1 if equal.
///
/// # Safety
/// Both are live strs.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_eq(a: *const KStr, b: *const KStr) -> i32 {
    // SAFETY: forwarded.
    error::guard(0, || unsafe { super::value::str_eq(a, b) as i32 })
}

/// `kiln_str_cmp(a, b)`: -1, 0 or 1 in code point order (which UTF-8 byte
/// order preserves).
///
/// # Safety
/// Both are live strs.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_cmp(a: *const KStr, b: *const KStr) -> i32 {
    // SAFETY: forwarded.
    error::guard(0, || unsafe { as_str(a).cmp(as_str(b)) as i32 })
}

/// `kiln_str_contains(s, sub)`: `sub in s`.
///
/// # Safety
/// Both are live strs.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_contains(s: *const KStr, sub: *const KStr) -> i32 {
    // SAFETY: forwarded.
    error::guard(0, || unsafe { find_bytes(as_str(s).as_bytes(), as_str(sub).as_bytes()).is_some() as i32 })
}

/// `kiln_str_find(s, sub, start, end, has_start, has_end)`: the code point
/// index of the first occurrence in `s[start:end]`, or -1.
///
/// # Safety
/// Both are live strs.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_find(s: *const KStr, sub: *const KStr, start: i64, end: i64, has_start: i32, has_end: i32) -> i64 {
    error::guard(-1, || {
        // SAFETY: forwarded.
        unsafe {
            let (t, u) = (as_str(s), as_str(sub));
            let ascii = kstr::is_ascii(s);
            let len = kstr::nchars(s) as i64;
            // CPython's ADJUST_INDICES: `end` is clamped to the length,
            // `start` only from below.
            let mut end = if has_end != 0 { end } else { i64::MAX };
            if end > len {
                end = len;
            } else if end < 0 {
                end = (end + len).max(0);
            }
            let mut start = if has_start != 0 { start } else { 0 };
            if start < 0 {
                start = (start + len).max(0);
            }
            if end - start < kstr::nchars(sub) as i64 {
                return -1;
            }
            let a = byte_at(t, ascii, start as usize);
            let b = a + byte_at(&t[a..], ascii, (end - start) as usize);
            match find_bytes(&t.as_bytes()[a..b], u.as_bytes()) {
                Some(k) => start + char_index(&t[a..], ascii, k) as i64,
                None => -1,
            }
        }
    })
}

/// `kiln_str_startswith(s, prefix)`.
///
/// # Safety
/// Both are live strs.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_startswith(s: *const KStr, prefix: *const KStr) -> i32 {
    // SAFETY: forwarded.
    error::guard(0, || unsafe { as_str(s).starts_with(as_str(prefix)) as i32 })
}

/// `kiln_str_endswith(s, suffix)`.
///
/// # Safety
/// Both are live strs.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_endswith(s: *const KStr, suffix: *const KStr) -> i32 {
    // SAFETY: forwarded.
    error::guard(0, || unsafe { as_str(s).ends_with(as_str(suffix)) as i32 })
}

/// `kiln_str_method(kind, s)`: 0 upper, 1 lower, 2 strip, 3 lstrip, 4 rstrip,
/// 5 title, 6 capitalize, 7 swapcase.
///
/// # Safety
/// `s` is a live str.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_method(kind: i32, s: *const KStr) -> *mut KStr {
    // SAFETY: forwarded.
    new_or_null(|| unsafe {
        let t = as_str(s);
        match kind {
            0 => new_str(&strcase::upper(t)),
            1 => new_str(&strcase::lower(t)),
            STRIP | LSTRIP | RSTRIP => new_str(strip_with(t, kind, strcase::is_space)),
            5 => new_str(&strcase::title(t)),
            6 => new_str(&strcase::capitalize(t)),
            7 => new_str(&strcase::swapcase(t)),
            _ => raise(exc::SYSTEM_ERROR, format!("kiln: unknown str method {kind}")),
        }
    })
}

/// `kiln_str_strip_chars(kind, s, chars)`: `s.strip(chars)` (kind 2, 3, 4).
///
/// # Safety
/// Both are live strs.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_strip_chars(kind: i32, s: *const KStr, chars: *const KStr) -> *mut KStr {
    // SAFETY: forwarded.
    new_or_null(|| unsafe {
        let set = as_str(chars);
        new_str(strip_with(as_str(s), kind, |c| set.contains(c)))
    })
}

/// `kiln_str_replace(s, old, new, count)`.
///
/// # Safety
/// All three are live strs.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_replace(s: *const KStr, old: *const KStr, new: *const KStr, count: i64) -> *mut KStr {
    // SAFETY: forwarded.
    new_or_null(|| unsafe { new_str(&replace(as_str(s), as_str(old), as_str(new), count)) })
}

/// `kiln_str_split(s, sep, maxsplit)`: a new list of strs; `sep` null splits
/// on whitespace; `ValueError` for an empty separator.
///
/// # Safety
/// `s` is a live str; `sep` is null or a live str.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_split(s: *const KStr, sep: *const KStr, maxsplit: i64) -> *mut KList {
    error::guard(ptr::null_mut(), || {
        // SAFETY: forwarded.
        let r = unsafe {
            let t = as_str(s);
            if sep.is_null() {
                str_list(&split_whitespace(t, maxsplit))
            } else if (*sep).len == 0 {
                raise(exc::VALUE_ERROR, "empty separator")
            } else {
                str_list(&split_sep(t, as_str(sep), maxsplit))
            }
        };
        r.unwrap_or(ptr::null_mut())
    })
}

/// `kiln_str_join(sep, list of str)`: `sep.join(items)`.
///
/// # Safety
/// `sep` is a live str; `items` is a live list of strs.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_join(sep: *const KStr, items: *const KList) -> *mut KStr {
    // SAFETY: forwarded.
    new_or_null(|| unsafe {
        let sep_t = as_str(sep);
        let words = list::all_words(items);
        let mut out = String::new();
        let mut nchars = 0;
        for (i, &w) in words.iter().enumerate() {
            if i > 0 {
                out.push_str(sep_t);
                nchars += kstr::nchars(sep);
            }
            let p = w as *const KStr;
            out.push_str(as_str(p));
            nchars += kstr::nchars(p);
        }
        new_str_nchars(&out, nchars)
    })
}

/// `kiln_str_count(s, sub)`: non-overlapping occurrences (`len + 1` for the
/// empty string).
///
/// # Safety
/// Both are live strs.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_count(s: *const KStr, sub: *const KStr) -> i64 {
    error::guard(0, || {
        // SAFETY: forwarded.
        unsafe {
            if (*sub).len == 0 {
                return kstr::nchars(s) as i64 + 1;
            }
            count_bytes(as_str(s).as_bytes(), as_str(sub).as_bytes(), usize::MAX) as i64
        }
    })
}

/// `kiln_str_is(kind, s)`: 0 isdigit, 1 isalpha, 2 isspace, 3 isupper,
/// 4 islower, 5 isalnum.
///
/// # Safety
/// `s` is a live str.
#[no_mangle]
pub unsafe extern "C" fn kiln_str_is(kind: i32, s: *const KStr) -> i32 {
    error::guard(0, || {
        // SAFETY: forwarded.
        let t = unsafe { as_str(s) };
        (match kind {
            0 => strcase::all_chars(t, strcase::is_digit),
            1 => strcase::all_chars(t, strcase::is_alpha),
            2 => strcase::all_chars(t, strcase::is_space),
            3 => strcase::str_isupper(t),
            4 => strcase::str_islower(t),
            5 => strcase::all_chars(t, strcase::is_alnum),
            _ => false,
        }) as i32
    })
}

/// Makes an owned str for tests and callers that need RAII.
pub fn owned(s: &str) -> OwnedStr {
    OwnedStr::new(s).expect("allocation")
}
