//! Unicode character properties and case conversions with Python's
//! definitions: the `str.is*` predicates, `upper`/`lower`/`title`/
//! `capitalize`/`swapcase`, and what `strip()`/`split()` call whitespace.
//!
//! Case mappings are Rust's full mappings (SpecialCasing included, so
//! `'ß'.upper()` is `'SS'` as in Python) restricted to the characters
//! assigned in CPython 3.11's Unicode version; the final-sigma rule is
//! Unicode's, as in both Rust and CPython. Title case, which Rust's std does
//! not expose, and the predicates come from tables generated from CPython
//! ([`super::unicode_tables`]).
//!
//! Invariants: all functions are pure; the ASCII fast paths agree with the
//! tables.

use super::unicode_tables as t;

fn in_ranges(table: &[(u32, u32)], c: u32) -> bool {
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

fn in_list(table: &[u32], c: u32) -> bool {
    table.binary_search(&c).is_ok()
}

/// Whether `c` is assigned in CPython's Unicode version.
pub fn is_assigned(c: char) -> bool {
    (c as u32) < 0x80 || !in_ranges(t::UNASSIGNED, c as u32)
}

/// `c.isspace()`: what `strip()` and `split()` remove.
pub fn is_space(c: char) -> bool {
    match c as u32 {
        0x09..=0x0d | 0x1c..=0x20 => true,
        0..=0x7f => false,
        u => in_list(t::SPACE, u),
    }
}

/// `c.isprintable()` (what `repr` leaves unescaped).
pub fn is_printable(c: char) -> bool {
    match c as u32 {
        0x20..=0x7e => true,
        0..=0x7f => false,
        u => !in_ranges(t::NONPRINTABLE, u),
    }
}

/// `c.isalpha()`.
pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_ranges(t::ALPHA, c as u32)
}

/// The decimal value of `c` when `c.isdecimal()` (any script's digits).
pub fn decimal_value(c: char) -> Option<u32> {
    if c.is_ascii() {
        return c.to_digit(10);
    }
    let u = c as u32;
    let i = match t::DECIMAL_STARTS.binary_search(&u) {
        Ok(i) => i,
        Err(0) => return None,
        Err(i) => i - 1,
    };
    let d = u - t::DECIMAL_STARTS[i];
    (d < 10).then_some(d)
}

/// `c.isdigit()`.
pub fn is_digit(c: char) -> bool {
    decimal_value(c).is_some() || (!c.is_ascii() && in_list(t::DIGIT_EXTRA, c as u32))
}

/// `c.isnumeric()`.
pub fn is_numeric(c: char) -> bool {
    is_digit(c) || (!c.is_ascii() && in_ranges(t::NUMERIC_EXTRA, c as u32))
}

/// Category Lt (`ǅ`, ...).
pub fn is_title(c: char) -> bool {
    !c.is_ascii() && in_list(t::TITLE, c as u32)
}

/// Python's `Py_UNICODE_ISUPPER` (the Uppercase property).
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    c.is_uppercase() && is_assigned(c)
}

/// Python's `Py_UNICODE_ISLOWER` (the Lowercase property).
pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    c.is_lowercase() && is_assigned(c)
}

/// The Cased property (upper, lower or title case).
pub fn is_cased(c: char) -> bool {
    is_upper(c) || is_lower(c) || is_title(c)
}

/// Appends Rust's mapping of `c`, unless CPython's Unicode version does not
/// have it: a mapping to a character that version does not know (Rust's
/// tables are newer: `'ƛ'.upper()` is `'Ƛ'` only since Unicode 16) leaves
/// `c` unchanged, as CPython does.
fn push_mapped(c: char, mapped: impl Iterator<Item = char> + Clone, out: &mut String) {
    if is_assigned(c) && mapped.clone().all(is_assigned) {
        out.extend(mapped);
    } else {
        out.push(c);
    }
}

fn push_upper(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
    } else {
        push_mapped(c, c.to_uppercase(), out);
    }
}

/// Lower case of `c`; a capital sigma needs its context, see [`Sigmas`].
fn push_lower(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        push_mapped(c, c.to_lowercase(), out);
    }
}

fn push_title(c: char, out: &mut String) {
    if !c.is_ascii() {
        if let Ok(i) = t::TITLE_MAP.binary_search_by_key(&(c as u32), |&(k, _)| k) {
            out.push_str(t::TITLE_MAP[i].1);
            return;
        }
    }
    push_upper(c, out);
}

/// For each capital sigma of a string, in order, whether it is word-final
/// (and so lower-cases to `ς`). Rust's `str::to_lowercase` applies Unicode's
/// Final_Sigma rule, exactly as CPython's `lower` does; every other
/// character's lower case is context-free, so its output can be walked in
/// step with the input.
struct Sigmas {
    finals: Vec<bool>,
    next: usize,
}

impl Sigmas {
    fn new(s: &str) -> Sigmas {
        let mut finals = Vec::new();
        if s.contains('Σ') {
            let low = s.to_lowercase();
            let mut out = low.chars();
            for c in s.chars() {
                if c == 'Σ' {
                    finals.push(out.next() == Some('ς'));
                } else {
                    for _ in c.to_lowercase() {
                        out.next();
                    }
                }
            }
        }
        Sigmas { finals, next: 0 }
    }

    /// Lower-cases `c` (the next character of the string) into `out`.
    fn lower(&mut self, c: char, out: &mut String) {
        if c == 'Σ' {
            let fin = self.finals.get(self.next).copied().unwrap_or(false);
            self.next += 1;
            out.push(if fin { 'ς' } else { 'σ' });
        } else {
            push_lower(c, out);
        }
    }

    /// Skips a capital sigma that was not lower-cased.
    fn skip(&mut self, c: char) {
        if c == 'Σ' {
            self.next += 1;
        }
    }
}

/// `s.upper()`.
pub fn upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_upper(c, &mut out);
    }
    out
}

/// `s.lower()`.
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    let mut sig = Sigmas::new(s);
    for c in s.chars() {
        sig.lower(c, &mut out);
    }
    out
}

/// `s.title()`: title case after an uncased character, lower case after a
/// cased one.
pub fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut sig = Sigmas::new(s);
    let mut prev_cased = false;
    for c in s.chars() {
        if prev_cased {
            sig.lower(c, &mut out);
        } else {
            sig.skip(c);
            push_title(c, &mut out);
        }
        prev_cased = is_cased(c);
    }
    out
}

/// `s.capitalize()`: the first character in title case, the rest lower.
pub fn capitalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut sig = Sigmas::new(s);
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        sig.skip(c);
        push_title(c, &mut out);
    }
    for c in chars {
        sig.lower(c, &mut out);
    }
    out
}

/// `s.swapcase()`.
pub fn swapcase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut sig = Sigmas::new(s);
    for c in s.chars() {
        if is_upper(c) {
            sig.lower(c, &mut out);
        } else {
            sig.skip(c);
            if is_lower(c) {
                push_upper(c, &mut out);
            } else {
                out.push(c);
            }
        }
    }
    out
}

/// `s.isupper()`: some cased character, and none lower or title case.
pub fn str_isupper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if is_lower(c) || is_title(c) {
            return false;
        }
        cased |= is_upper(c);
    }
    cased
}

/// `s.islower()`.
pub fn str_islower(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if is_upper(c) || is_title(c) {
            return false;
        }
        cased |= is_lower(c);
    }
    cased
}

/// `s.isdigit()`, `isalpha()`, `isspace()`, `isalnum()`: non-empty and every
/// character passes.
pub fn all_chars(s: &str, pred: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(pred)
}

/// `c.isalnum()`.
pub fn is_alnum(c: char) -> bool {
    is_alpha(c) || is_numeric(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_python() {
        assert_eq!(upper("straße"), "STRASSE");
        assert_eq!(lower("ΟΔΟΣ ΣΑΣ"), "οδος σας");
        assert_eq!(lower("Σ"), "σ");
        assert_eq!(title("hello wORLD ǆx"), "Hello World ǅx");
        assert_eq!(title("ßa"), "Ssa");
        assert_eq!(capitalize("ǆemal ΣΣ"), "ǅemal σς");
        assert_eq!(swapcase("aBc ß ΣΑ"), "AbC SS σα");
        assert_eq!(title("they're bill's"), "They'Re Bill'S");
        assert!(is_space('\x1c') && is_space('\u{3000}') && is_space('\u{85}'));
        assert!(!is_space('\u{200b}'));
        assert!(is_alpha('é') && !is_alpha('\u{345}'));
        assert_eq!(decimal_value('٣'), Some(3));
        assert!(is_digit('²') && !is_digit('½') && is_numeric('½') && is_numeric('一'));
        assert!(str_isupper("ABC1") && !str_isupper("AbC") && !str_isupper("123"));
        assert!(str_islower("abc1") && !str_islower("ǅ"));
        assert!(!is_printable('\u{ad}') && is_printable('é') && !is_printable('\n'));
    }
}
