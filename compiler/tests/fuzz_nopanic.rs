//! No panic on any input: a deterministic mutation fuzzer over kiln's own
//! Python files, run as part of the normal test suite.
//!
//! The corpus is `tests/cases/*.py`, `tests/errors/*.py`, `bench/kernels/*.py`
//! and `examples/*.py`. Every corpus file is compiled once as it is, then
//! mutants are made by applying one to a dozen random mutations to a random
//! corpus file (delete/duplicate/swap/re-indent lines, splice in lines of
//! other files, replace/delete/swap tokens, insert keywords, operators and
//! brackets, change numbers to edge values, truncate, mangle `#pythran export`
//! lines, insert random bytes including non-ASCII and NUL). Each input goes
//! through `kiln::compile` (parse, type-check, lower, IR verifier, Cranelift
//! with its verifier, object file) and `kiln::diag::render`, with
//! `catch_unwind` around them. Mutants rotate through option variants
//! (`--emit=ir`, `-O0`-like Cranelift without optimization, the baseline
//! x86-64 ISA; see `common::Variant`).
//!
//! A failure is any of:
//! - **panic**: a panic escaped `kiln::compile` or rendering;
//! - **ICE**: an "internal compiler error" diagnostic (kiln caught a
//!   back-end panic or a verifier error: still a compiler bug);
//! - **hang**: one input took longer than `KILN_FUZZ_TIMEOUT` seconds (60).
//!
//! Failures are grouped by signature (panic location and message, or the
//! ICE's first line), minimized by a small delta-debugging loop, printed,
//! and written to `<target>/fuzz-crashes/crash_<hash>.py` (a valid module name, so `kiln` takes it as it is). A stack overflow or an
//! abort kills the process instead: the input being compiled is always in
//! `<target>/fuzz-crashes/in_progress_<pid>.py`.
//!
//! Inputs listed in `compiler/tests/known_crashes.txt` are skipped, byte for
//! byte (reproducer files, also left out of the mutation corpus) or by the
//! hash of the whole input (`fuzz-input` lines: exact mutants of the default
//! run that hit a listed bug); nothing else is. When a failure has the same
//! signature as a listed reproducer, the report says so and prints the
//! `fuzz-input` lines to add if a human confirms it is the same bug.
//!
//! Determinism: mutant `i` depends only on the seed, `i` and the corpus, so a
//! time budget only cuts the sequence short. Environment:
//! - `KILN_FUZZ_ITERS=N`: run N mutants (default 12000, about 6 s, capped
//!   by a 25 s budget);
//!   setting it lifts the time budget unless `KILN_FUZZ_SECS` is set too;
//! - `KILN_FUZZ_SECS=T`: time budget in seconds;
//! - `KILN_FUZZ_SEED=S` (default 1);
//! - `KILN_FUZZ_START=K`: skip the corpus pass and start at mutant K
//!   (to split a long run across processes);
//! - `KILN_FUZZ_MAX_FILE=B` (default 12000): corpus files larger than B bytes
//!   (the generated `tests/cases/gen_*.py`, about 0.3 s each to compile) are
//!   neither compiled as they are nor mutated, only mined for tokens and
//!   lines; 0 means no limit.
//!
//! A long run by hand:
//! `KILN_FUZZ_ITERS=200000 cargo test --release -p kiln --test fuzz_nopanic -- --nocapture`

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{compile_guarded, corpus_files, fnv1a, KnownCrashes, Outcome, Variant, CAUGHT_PANICS};

// ---------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------

/// xorshift64*: small, fast and good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64 spreads nearby seeds (0, 1, 2, ...) apart; never zero.
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_f491_4f6c_dd1d } else { z })
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `0..n` (0 when `n == 0`).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, num: u64, den: u64) -> bool {
        self.next() % den < num
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------------------
// A tiny Python-ish lexer: good enough to find token boundaries to mutate
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tok {
    Name,
    Number,
    Str,
    Op,
}

const MULTI_OPS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "**", "//", "==", "!=", "<=", ">=", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", ">>",
    "<<", ":=",
];

/// Tokens of `src` as `(start, end, kind)` byte ranges; comments and
/// whitespace are skipped.
fn lex(src: &str) -> Vec<(usize, usize, Tok)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'#' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c.is_ascii_whitespace() || c == b'\\' {
            i += 1;
        } else if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80) {
                i += 1;
            }
            out.push((s, i, Tok::Name));
        } else if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            let s = i;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric()
                    || b[i] == b'_'
                    || b[i] == b'.'
                    || ((b[i] == b'+' || b[i] == b'-') && matches!(b[i - 1], b'e' | b'E')))
            {
                i += 1;
            }
            out.push((s, i, Tok::Number));
        } else if c == b'"' || c == b'\'' {
            let s = i;
            i += 1;
            while i < b.len() && b[i] != c && b[i] != b'\n' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(b.len());
            out.push((s, i, Tok::Str));
        } else {
            let s = i;
            let len = MULTI_OPS.iter().find(|op| src[i..].starts_with(**op)).map_or(1, |op| op.len());
            i += len;
            out.push((s, i, Tok::Op));
        }
    }
    // Ranges must fall on char boundaries (non-ASCII bytes are part of names).
    out.retain(|&(s, e, _)| src.is_char_boundary(s) && src.is_char_boundary(e.min(src.len())));
    out
}

// ---------------------------------------------------------------------------
// The corpus and the mutations
// ---------------------------------------------------------------------------

struct Corpus {
    /// `(path relative to the repo, contents)`: the files that are compiled
    /// as they are and mutated (at most `max_file` bytes each).
    files: Vec<(String, String)>,
    /// Larger files: they only contribute tokens and lines.
    skipped_large: usize,
    /// Every distinct token of every file.
    tokens: Vec<String>,
    /// The same tokens by kind (names, numbers, strings, operators): replacing
    /// a token with one of its own kind keeps more mutants parseable, so they
    /// reach type checking and code generation.
    by_kind: [Vec<String>; 4],
    /// Every distinct non-blank line of every file.
    lines: Vec<String>,
}

impl Corpus {
    fn load(paths: &[PathBuf], known: &KnownCrashes, max_file: usize) -> Corpus {
        let root = common::repo_root();
        let mut files = Vec::new();
        let mut skipped_large = 0;
        let mut tokens = std::collections::BTreeSet::new();
        let mut by_kind: [std::collections::BTreeSet<String>; 4] = Default::default();
        let mut lines = std::collections::BTreeSet::new();
        for p in paths {
            let Ok(text) = std::fs::read_to_string(p) else { continue };
            let rel = p.strip_prefix(&root).unwrap_or(p).display().to_string();
            if known.exact(&text).is_some() {
                continue;
            }
            for (s, e, k) in lex(&text) {
                tokens.insert(text[s..e].to_string());
                by_kind[k as usize].insert(text[s..e].to_string());
            }
            for l in text.lines() {
                if !l.trim().is_empty() {
                    lines.insert(l.to_string());
                }
            }
            if text.len() > max_file {
                skipped_large += 1;
            } else {
                files.push((rel, text));
            }
        }
        Corpus {
            files,
            skipped_large,
            tokens: tokens.into_iter().collect(),
            by_kind: by_kind.map(|k| k.into_iter().collect()),
            lines: lines.into_iter().collect(),
        }
    }
}

/// Keywords, builtins, operators and brackets to insert.
const FRAGMENTS: &[&str] = &[
    "if ",
    "else",
    "elif ",
    "while ",
    "for ",
    " in ",
    "range(",
    "def ",
    "return ",
    "return",
    "break",
    "continue",
    "pass",
    "lambda ",
    "lambda x: x",
    "yield ",
    "global ",
    "nonlocal ",
    "class ",
    "import ",
    "from ",
    " as ",
    "try:",
    "except:",
    "except ValueError:",
    "finally:",
    "raise ",
    "raise ValueError('x')",
    "assert ",
    "del ",
    "with ",
    "async ",
    "await ",
    " not ",
    " and ",
    " or ",
    " is ",
    " is not ",
    "None",
    "True",
    "False",
    "print(",
    "len(",
    "abs(",
    "min(",
    "max(",
    "int(",
    "float(",
    "bool(",
    "np.",
    "np.zeros(",
    "np.empty(",
    "np.ones(",
    "math.",
    "math.sqrt(",
    "np.float64",
    "np.int64",
    ".shape",
    ".shape[0]",
    ".ndim",
    ".size",
    "[0]",
    "[-1]",
    "[i, j]",
    "[:]",
    "[::2]",
    "[1:3]",
    "*",
    "**",
    "/",
    "//",
    "%",
    "+",
    "-",
    "~",
    "@",
    "&",
    "|",
    "^",
    "<<",
    ">>",
    "<",
    ">",
    "==",
    "!=",
    "<=",
    ">=",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ".",
    ";",
    "=",
    "+=",
    "-=",
    "*=",
    "/=",
    "//=",
    "%=",
    "**=",
    ":=",
    "->",
    "\n",
    "\n    ",
    "\n        ",
    "\t",
    " ",
    "\\\n",
    "'",
    "\"",
    "\"\"\"",
    "#",
    "...",
    "*args",
    "**kw",
    "x",
    "i",
    "n",
    "a",
    "f(",
    "(1, 2)",
    "(,)",
    "[1, 2]",
    "{1: 2}",
    "{1, 2}",
    "[x for x in range(3)]",
    "0",
    "-1",
    "1.5",
    "1j",
    "f'",
    "b'x'",
    "__import__",
    "exec(",
    "eval(",
    "globals()",
    "self",
    "super()",
    "*a, b = ",
    "a, b = b, a",
    "x if c else y",
    "not ",
];

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "3",
    "0.0",
    "-0.0",
    "0.5",
    "1e308",
    "1e-308",
    "5e-324",
    "1e999",
    "-1e999",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "18446744073709551616",
    "340282366920938463463374607431768211456",
    "2**63",
    "2**64",
    "0x7fffffffffffffff",
    "0xffffffffffffffff",
    "0b1",
    "0o7",
    "1_000",
    "3.5",
    "1j",
    "2.5j",
    "31",
    "32",
    "33",
    "63",
    "64",
    "65",
    "127",
    "128",
    "255",
    "256",
    "100000000",
    "-100000000",
    "4294967296",
    "1e16",
    "1e-5",
    "07",
    "0_0",
    "1__0",
    "1.e5",
    ".5",
    "5.",
];

const SPEC_WORDS: &[&str] = &[
    "int",
    "float",
    "bool",
    "complex",
    "str",
    "None",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float32",
    "float64",
    "complex64",
    "complex128",
    "intc",
    "intp",
    "uintp",
    "float128",
    "float16",
    "double",
    "long",
    "float64[]",
    "float64[:]",
    "float64[:,:]",
    "float64[::]",
    "float64[::,:]",
    "int64[:,3]",
    "int64[3,:]",
    "float32[][]",
    "int[,,,]",
    "bool[:]",
    "uint8[:,:,:]",
    "float64[:,:] order(C)",
    "float64[:,:] order(F)",
    "order(F)",
    "order(",
    "list",
    "set",
    "dict",
    "int list",
    "float list list",
    "float:int dict",
    "int set",
    "(int, float)",
    "(float64[:], int)",
    "(int,)",
    "()",
    "(int, (float, bool))",
    "?",
    " or ",
    "(",
    ")",
    "[",
    "]",
    ":",
    "::",
    ",",
    ", ",
    "capsule ",
    "export ",
    "#",
    "0",
    "3",
    "-1",
    "99999999999999999999",
    "[:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:,:]",
    "int or float",
    "int or float or bool or int8 or uint8 or float32",
    "float64[:] or int32[:,:]",
    "",
    " ",
    "\\",
    "None or int",
    "slice",
    "np.float64",
    "numpy.float64",
    "float64[:]?",
    "int?",
    "é",
    "中",
];

const ODD_CHARS: &[char] = &[
    '\0', '\r', '\t', '\x0b', '\x0c', '\x7f', 'é', 'ß', 'İ', '中', '😀', '\u{2028}', '\u{feff}', '\u{0301}', '\u{202e}', '\u{a0}',
    '\u{3000}', 'ﬁ', 'ǅ', '\u{fffd}', '𝔘', 'µ', 'ª', '²', '٣',
];

const MAX_LEN: usize = 100_000;

fn line_spans(s: &str) -> Vec<(usize, usize)> {
    // (start, end) of each line, end including the '\n' when present.
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == '\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

fn char_boundary_at(s: &str, rng: &mut Rng) -> usize {
    let mut i = rng.below(s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A position just before or after a random token (or anywhere, at times).
fn insertion_point(s: &str, rng: &mut Rng) -> usize {
    let toks = lex(s);
    if toks.is_empty() || rng.chance(1, 4) {
        return char_boundary_at(s, rng);
    }
    let (a, b, _) = *rng.pick(&toks);
    if rng.chance(1, 2) {
        a
    } else {
        b
    }
}

fn mutate_once(s: &mut String, corpus: &Corpus, rng: &mut Rng) {
    match rng.below(16) {
        // Delete a line.
        0 => {
            let ls = line_spans(s);
            if !ls.is_empty() {
                let (a, b) = *rng.pick(&ls);
                s.replace_range(a..b, "");
            }
        }
        // Duplicate a line (right after itself or elsewhere).
        1 => {
            let ls = line_spans(s);
            if !ls.is_empty() {
                let (a, b) = *rng.pick(&ls);
                let mut line = s[a..b].to_string();
                if !line.ends_with('\n') {
                    line.push('\n');
                }
                let at = if rng.chance(1, 2) { b } else { rng.pick(&ls).0 };
                s.insert_str(at, &line);
            }
        }
        // Swap two lines.
        2 => {
            let mut lines: Vec<String> = s.split('\n').map(str::to_string).collect();
            if lines.len() >= 2 {
                let i = rng.below(lines.len());
                let j = if rng.chance(1, 2) { (i + 1) % lines.len() } else { rng.below(lines.len()) };
                lines.swap(i, j);
                *s = lines.join("\n");
            }
        }
        // Replace a token with a token from anywhere in the corpus, usually
        // one of the same kind.
        3 | 4 => {
            let toks = lex(s);
            if !toks.is_empty() && !corpus.tokens.is_empty() {
                let (a, b, k) = *rng.pick(&toks);
                let pool = &corpus.by_kind[k as usize];
                let t = if rng.chance(3, 4) && !pool.is_empty() { rng.pick(pool) } else { rng.pick(&corpus.tokens) };
                s.replace_range(a..b, &t.clone());
            }
        }
        // Insert a keyword, operator or bracket.
        5 | 6 => {
            let at = insertion_point(s, rng);
            let fragment = *rng.pick(FRAGMENTS);
            s.insert_str(at, fragment);
        }
        // Change a number to an edge value.
        7 => {
            let toks: Vec<_> = lex(s).into_iter().filter(|t| t.2 == Tok::Number).collect();
            let n = rng.pick(NUMBERS);
            if toks.is_empty() {
                let at = insertion_point(s, rng);
                s.insert_str(at, n);
            } else {
                let (a, b, _) = *rng.pick(&toks);
                s.replace_range(a..b, n);
            }
        }
        // Truncate.
        8 => {
            if rng.chance(1, 4) {
                // Rarely: cut in the middle of a line.
                let at = char_boundary_at(s, rng);
                s.truncate(at);
            } else {
                let ls = line_spans(s);
                if !ls.is_empty() {
                    let mut at = rng.pick(&ls).0.max(1).min(s.len());
                    while !s.is_char_boundary(at) {
                        at -= 1;
                    }
                    s.truncate(at);
                }
            }
        }
        // Mangle an export line.
        9 | 10 => mangle_export(s, rng),
        // Insert random characters, including NUL and non-ASCII.
        11 => {
            let at = char_boundary_at(s, rng);
            let mut ins = String::new();
            for _ in 0..1 + rng.below(6) {
                if rng.chance(1, 2) {
                    ins.push(*rng.pick(ODD_CHARS));
                } else {
                    let byte = rng.below(256) as u8;
                    ins.push_str(&String::from_utf8_lossy(&[byte]));
                }
            }
            s.insert_str(at, &ins);
        }
        // Re-indent a line.
        12 => {
            let ls = line_spans(s);
            if !ls.is_empty() {
                let (a, _) = *rng.pick(&ls);
                match rng.below(4) {
                    0 => s.insert_str(a, "    "),
                    1 => s.insert(a, '\t'),
                    2 => s.insert(a, ' '),
                    _ => {
                        let n = s[a..].bytes().take_while(|&c| c == b' ' || c == b'\t').count();
                        s.replace_range(a..a + n.min(1 + rng.below(8)), "");
                    }
                }
            }
        }
        // Splice in a line from another file.
        13 => {
            let ls = line_spans(s);
            let at = if ls.is_empty() { 0 } else { rng.pick(&ls).0 };
            let mut line = rng.pick(&corpus.lines).clone();
            line.push('\n');
            s.insert_str(at, &line);
        }
        // Delete a token, or swap two.
        14 => {
            let toks = lex(s);
            if toks.len() >= 2 && rng.chance(1, 2) {
                let i = rng.below(toks.len() - 1);
                let j = i + 1 + rng.below((toks.len() - i - 1).min(4));
                let (a0, a1, _) = toks[i];
                let (b0, b1, _) = toks[j];
                let (ta, tb) = (s[a0..a1].to_string(), s[b0..b1].to_string());
                s.replace_range(b0..b1, &ta);
                s.replace_range(a0..a1, &tb);
            } else if !toks.is_empty() {
                let (a, b, _) = *rng.pick(&toks);
                s.replace_range(a..b, "");
            }
        }
        // Replace a whole function body statement with one from elsewhere,
        // at the same indentation (keeps more mutants syntactically valid).
        _ => {
            let ls = line_spans(s);
            let body: Vec<_> = ls.iter().filter(|(a, _)| s[*a..].starts_with("    ")).copied().collect();
            if !body.is_empty() && !corpus.lines.is_empty() {
                let (a, b) = *rng.pick(&body);
                let indent: String = s[a..b].chars().take_while(|c| *c == ' ').collect();
                let other = rng.pick(&corpus.lines).trim_start().to_string();
                s.replace_range(a..b, &format!("{indent}{other}\n"));
            }
        }
    }
    if s.len() > MAX_LEN {
        let mut at = MAX_LEN;
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        s.truncate(at);
    }
}

/// Mutates (or adds) a `#pythran export` line.
fn mangle_export(s: &mut String, rng: &mut Rng) {
    let ls = line_spans(s);
    let exports: Vec<(usize, usize)> = ls
        .iter()
        .copied()
        .filter(|&(a, b)| {
            let t = s[a..b].trim_start();
            t.starts_with("#pythran export") || t.starts_with("#kiln export")
        })
        .collect();
    if exports.is_empty() || rng.chance(1, 8) {
        // A fresh export of a random function name in the file, with random types.
        let names: Vec<String> =
            s.lines().filter_map(|l| l.strip_prefix("def ")).filter_map(|l| l.split('(').next()).map(str::to_string).collect();
        let name = if names.is_empty() { "f".to_string() } else { rng.pick(&names).clone() };
        let args: Vec<&str> = (0..rng.below(5)).map(|_| *rng.pick(SPEC_WORDS)).collect();
        let line = format!("#pythran export {name}({})\n", args.join(", "));
        let at = if rng.chance(1, 2) || ls.is_empty() { 0 } else { rng.pick(&ls).0 };
        s.insert_str(at, &line);
        return;
    }
    let (a, b) = *rng.pick(&exports);
    let line = s[a..b].to_string();
    let head_len = line.find("export").map_or(0, |i| i + "export".len());
    let (head, spec) = line.split_at(head_len);
    let mut spec = spec.to_string();
    match rng.below(6) {
        // Replace a spec token.
        0 | 1 => {
            let toks = lex(&spec);
            if let Some(&(x, y, _)) = (!toks.is_empty()).then(|| rng.pick(&toks)) {
                let word = *rng.pick(SPEC_WORDS);
                spec.replace_range(x..y, word);
            }
        }
        // Insert a spec word.
        2 => {
            let at = insertion_point(&spec, rng);
            let word = *rng.pick(SPEC_WORDS);
            spec.insert_str(at, word);
        }
        // Delete a character.
        3 => {
            if !spec.is_empty() {
                let mut at = char_boundary_at(&spec, rng);
                if at == spec.len() {
                    at = spec.char_indices().last().map_or(0, |(i, _)| i);
                }
                if let Some(c) = spec[at..].chars().next() {
                    spec.replace_range(at..at + c.len_utf8(), "");
                }
            }
        }
        // Duplicate the line (an overload), or continue it on a `#` line.
        4 => {
            let mut dup = line.clone();
            if !dup.ends_with('\n') {
                dup.push('\n');
            }
            if rng.chance(1, 2) {
                s.insert_str(b, &dup);
            } else {
                let cut = spec.find(',').map_or(spec.len(), |i| i + 1);
                let rest = spec.split_off(cut);
                spec = format!("{spec}\n#   {}", rest.trim_start());
            }
            if rng.chance(1, 2) {
                return;
            }
        }
        // Spell it `#kiln export`, or break the keyword.
        _ => {
            let new_head = *rng.pick(&[
                "#kiln export",
                "#pythran  export",
                "#pythran export capsule",
                "#pythran exports",
                "# pythran export",
                "#pythran export export",
            ]);
            let mut new_line = format!("{new_head}{spec}");
            if !new_line.ends_with('\n') && line.ends_with('\n') {
                new_line.push('\n');
            }
            s.replace_range(a..b, &new_line);
            return;
        }
    }
    s.replace_range(a..b, &format!("{head}{spec}"));
}

/// Mutant `i` of the run with seed `seed`: a function of both only.
fn make_mutant(corpus: &Corpus, seed: u64, i: u64) -> String {
    let mut rng = Rng::new(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ i);
    let mut s = corpus.files[rng.below(corpus.files.len())].1.clone();
    let n = if rng.chance(1, 8) { 4 + rng.below(9) } else { 1 + rng.below(3) };
    for _ in 0..n {
        mutate_once(&mut s, corpus, &mut rng);
    }
    s
}

// ---------------------------------------------------------------------------
// Running inputs on a worker thread, with a time limit
// ---------------------------------------------------------------------------

/// What a worker reports for one input: the outcome's failure signature (if
/// any), whether it compiled, how long it took.
struct Report {
    signature: Option<String>,
    detail: String,
    compiled: bool,
    /// Rejected with a syntax error (never reached name resolution).
    syntax_error: bool,
    elapsed: Duration,
}

struct Worker {
    jobs: mpsc::Sender<(String, Variant)>,
    results: mpsc::Receiver<Report>,
    timeout: Duration,
    in_progress: PathBuf,
}

impl Worker {
    fn new(timeout: Duration, in_progress: PathBuf) -> Worker {
        let (jobs, job_rx) = mpsc::channel::<(String, Variant)>();
        let (res_tx, results) = mpsc::channel();
        // The kiln CLI runs the compiler on the main thread (8 MiB of stack);
        // give the worker the same, so that a stack overflow here is one there.
        std::thread::Builder::new()
            .name("fuzz-worker".into())
            .stack_size(8 << 20)
            .spawn(move || {
                for (src, variant) in job_rx {
                    let t = Instant::now();
                    let out = compile_guarded(&src, "fuzzmod", "fuzzmod.py", variant);
                    let detail = match &out {
                        Outcome::Panic { message, location } => format!("panic at {location}: {message}"),
                        Outcome::Done { rendered, .. } => {
                            if out.ice().is_some() {
                                rendered.clone()
                            } else {
                                String::new()
                            }
                        }
                    };
                    let compiled = matches!(out, Outcome::Done { ok: true, .. });
                    let syntax_error = matches!(&out, Outcome::Done { diags, .. }
                        if diags.len() == 1 && diags[0].message.starts_with("invalid syntax"));
                    let rep = Report { signature: out.signature(), detail, compiled, syntax_error, elapsed: t.elapsed() };
                    if res_tx.send(rep).is_err() {
                        break;
                    }
                }
            })
            .expect("spawn the fuzz worker");
        Worker { jobs, results, timeout, in_progress }
    }

    /// Runs one input; `Err` if it did not finish within the time limit (the
    /// worker is then stuck, and the run must stop).
    fn run(&self, src: &str, variant: Variant) -> Result<Report, ()> {
        let _ = std::fs::write(&self.in_progress, src);
        self.jobs.send((src.to_string(), variant)).expect("the fuzz worker is alive");
        self.results.recv_timeout(self.timeout).map_err(|_| ())
    }
}

// ---------------------------------------------------------------------------
// Minimization
// ---------------------------------------------------------------------------

/// Shrinks `src` while it keeps failing with `signature`: first whole lines
/// (delta debugging over chunks), then tokens, then characters, within
/// `budget`.
fn minimize(worker: &Worker, src: &str, variant: Variant, signature: &str, budget: Duration) -> String {
    let start = Instant::now();
    // After a timeout the worker is stuck on that input; stop trying.
    let stuck = std::cell::Cell::new(false);
    let same = |cand: &str| -> bool {
        if stuck.get() {
            return false;
        }
        match worker.run(cand, variant) {
            Ok(r) => r.signature.as_deref() == Some(signature),
            Err(()) => {
                stuck.set(true);
                false
            }
        }
    };
    let mut cur = src.to_string();
    // Repeat the three passes until none of them removes anything: removing
    // tokens can leave a line that only the line pass can remove.
    loop {
        let before = cur.len();
        cur = minimize_lines(&cur, &same, start, budget);
        for chars in [false, true] {
            cur = minimize_units(&cur, chars, &same, start, budget);
        }
        if cur.len() == before || start.elapsed() >= budget {
            break;
        }
    }
    cur
}

/// Delta debugging over whole lines, in chunks of decreasing size.
fn minimize_lines(src: &str, same: &dyn Fn(&str) -> bool, start: Instant, budget: Duration) -> String {
    let mut lines: Vec<String> = src.split_inclusive('\n').map(str::to_string).collect();
    let mut chunk = lines.len().div_ceil(2).max(1);
    while start.elapsed() < budget {
        let mut i = 0;
        let mut removed_any = false;
        while i < lines.len() && start.elapsed() < budget {
            let mut cand = lines.clone();
            cand.drain(i..(i + chunk).min(lines.len()));
            if same(&cand.concat()) {
                lines = cand;
                removed_any = true;
            } else {
                i += chunk;
            }
        }
        if !removed_any {
            if chunk == 1 {
                break;
            }
            chunk /= 2;
        }
    }
    lines.concat()
}

/// Removes single tokens (`chars == false`) or characters while the input
/// keeps failing the same way.
fn minimize_units(src: &str, chars: bool, same: &dyn Fn(&str) -> bool, start: Instant, budget: Duration) -> String {
    let mut cur = src.to_string();
    let mut progress = true;
    while progress && start.elapsed() < budget {
        progress = false;
        let spans: Vec<(usize, usize)> = if chars {
            cur.char_indices().map(|(i, c)| (i, i + c.len_utf8())).collect()
        } else {
            lex(&cur).into_iter().map(|(a, b, _)| (a, b)).collect()
        };
        for &(a, b) in spans.iter().rev() {
            if start.elapsed() >= budget {
                break;
            }
            let mut cand = cur.clone();
            cand.replace_range(a..b, "");
            if same(&cand) {
                cur = cand;
                progress = true;
                break;
            }
        }
    }
    cur
}

// ---------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

struct Failure {
    kind: &'static str,
    detail: String,
    /// The failing inputs, each with the options variant it failed under.
    inputs: Vec<(String, Variant)>,
}

#[test]
fn mutated_sources_never_panic() {
    let known = KnownCrashes::load();
    let max_file = match env_u64("KILN_FUZZ_MAX_FILE") {
        Some(0) => usize::MAX,
        Some(n) => n as usize,
        None => 12_000,
    };
    let corpus = Corpus::load(&corpus_files(), &known, max_file);
    assert!(corpus.files.len() >= 50, "expected a corpus of at least 50 files, found {}", corpus.files.len());

    let seed = env_u64("KILN_FUZZ_SEED").unwrap_or(1);
    let iters_env = env_u64("KILN_FUZZ_ITERS");
    let iters = iters_env.unwrap_or(12_000);
    let budget = match (env_u64("KILN_FUZZ_SECS"), iters_env) {
        (Some(t), _) => Duration::from_secs(t),
        (None, Some(_)) => Duration::MAX,
        (None, None) => Duration::from_secs(25),
    };
    let first = env_u64("KILN_FUZZ_START");
    let timeout = Duration::from_secs(env_u64("KILN_FUZZ_TIMEOUT").unwrap_or(60));

    let crash_dir = common::target_dir().join("fuzz-crashes");
    std::fs::create_dir_all(&crash_dir).expect("create the fuzz-crashes directory");
    let in_progress = crash_dir.join(format!("in_progress_{}.py", std::process::id()));
    println!(
        "fuzz_nopanic: seed {seed}, {} corpus files ({} larger than {max_file} bytes left out), {} tokens; \
         if this process dies (stack overflow, abort), the input it was compiling is {}",
        corpus.files.len(),
        corpus.skipped_large,
        corpus.tokens.len(),
        in_progress.display()
    );
    let worker = Worker::new(timeout, in_progress.clone());

    // The signature of each known crash, to say which new failures look like
    // a known bug (a hint for the human reading the report; nothing is
    // skipped because of it).
    let known_sigs: Vec<(String, String)> =
        known.entries.iter().filter_map(|k| Some((worker.run(&k.source, Variant::default()).ok()?.signature?, k.path.clone()))).collect();

    let start = Instant::now();
    let mut failures: BTreeMap<String, Failure> = BTreeMap::new();
    let (mut inputs_run, mut mutants_run, mut compiled, mut syntax_errors, mut skipped_known) = (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    let mut hung: Option<String> = None;

    let mut record = |src: &str, variant: Variant, rep: Report, failures: &mut BTreeMap<String, Failure>| {
        if let Some(sig) = rep.signature {
            let kind = if sig.starts_with("ICE") { "internal compiler error" } else { "panic" };
            let f = failures.entry(sig).or_insert_with(|| Failure { kind, detail: rep.detail, inputs: Vec::new() });
            f.inputs.push((src.to_string(), variant));
        }
        if slowest.len() < 3 || rep.elapsed > slowest[2].0 {
            slowest.push((rep.elapsed, src.to_string()));
            slowest.sort_by_key(|b| std::cmp::Reverse(b.0));
            slowest.truncate(3);
        }
    };

    let corpus_pass: Vec<String> = if first.is_none() { corpus.files.iter().map(|f| f.1.clone()).collect() } else { Vec::new() };
    let mutants = (first.unwrap_or(0)..first.unwrap_or(0).saturating_add(iters)).map(|i| (i, make_mutant(&corpus, seed, i)));
    let all = corpus_pass.into_iter().map(|s| (u64::MAX, s)).chain(mutants);
    let mut last_mutant = None;
    for (i, src) in all {
        if start.elapsed() >= budget {
            break;
        }
        if known.exact(&src).is_some() {
            skipped_known += 1;
            continue;
        }
        // Corpus files (i == u64::MAX) compile with the default options.
        let variant = if i == u64::MAX { Variant::default() } else { Variant::nth(i) };
        match worker.run(&src, variant) {
            Ok(rep) => {
                inputs_run += 1;
                compiled += u64::from(rep.compiled);
                syntax_errors += u64::from(rep.syntax_error);
                record(&src, variant, rep, &mut failures);
            }
            Err(()) => {
                hung = Some(src);
                break;
            }
        }
        if i != u64::MAX {
            mutants_run += 1;
            last_mutant = Some(i);
            if (i + 1) % 20_000 == 0 {
                println!("fuzz_nopanic: mutant {} after {:.0?}, {} distinct failures so far", i + 1, start.elapsed(), failures.len());
            }
        }
    }
    let elapsed = start.elapsed();
    let _ = std::fs::remove_file(&in_progress);

    println!(
        "fuzz_nopanic: {inputs_run} inputs ({mutants_run} mutants, last #{}) in {elapsed:.1?}; {syntax_errors} rejected as invalid syntax, \
         {compiled} compiled to an object file; {skipped_known} known crashes skipped",
        last_mutant.map_or("-".to_string(), |i| i.to_string()),
    );
    for (t, src) in &slowest {
        println!("  slow input: {t:.2?} ({} bytes)", src.len());
    }
    if let Ok(c) = CAUGHT_PANICS.lock() {
        let distinct: std::collections::BTreeSet<&String> = c.iter().collect();
        if !distinct.is_empty() {
            println!(
                "  panics caught inside kiln (turned into diagnostics, not failures here): {} inputs, {} distinct:",
                c.len(),
                distinct.len()
            );
            for d in distinct {
                println!("    {d}");
            }
        }
    }

    let mut report = String::new();
    if let Some(src) = &hung {
        let path = crash_dir.join(format!("hang_{:016x}.py", fnv1a(src.as_bytes())));
        let _ = std::fs::write(&path, src);
        report += &format!("\n=== hang: one input ran longer than {timeout:?} (written to {}):\n{src}\n", path.display());
    }
    if hung.is_none() {
        // Minimizing takes up to 20 s per failure, 60 s in all; after that the
        // smallest failing input is reported as it is.
        let minimize_start = Instant::now();
        for (sig, f) in &failures {
            let (smallest, variant) = f.inputs.iter().min_by_key(|s| s.0.len()).unwrap();
            let left = Duration::from_secs(60).saturating_sub(minimize_start.elapsed());
            let min = minimize(&worker, smallest, *variant, sig, left.min(Duration::from_secs(20)));
            let path = crash_dir.join(format!("crash_{:016x}.py", fnv1a(min.as_bytes())));
            let _ = std::fs::write(&path, &min);
            let orig = crash_dir.join(format!("crash_{:016x}_orig.py", fnv1a(smallest.as_bytes())));
            let _ = std::fs::write(&orig, smallest);
            report += &format!(
                "\n=== {} ({} inputs; options {variant:?}): {sig}\n{}\n--- minimized reproducer ({}; unminimized: {}):\n{min}\n",
                f.kind,
                f.inputs.len(),
                f.detail.trim_end(),
                path.display(),
                orig.display()
            );
            if let Some((_, known_path)) = known_sigs.iter().find(|(s, _)| s == sig) {
                report += &format!(
                    "--- this looks like the known crash {known_path}; if it is the same bug (check it), list these exact \
                     inputs in compiler/tests/known_crashes.txt:\n"
                );
                for (src, _) in &f.inputs {
                    report += &format!("fuzz-input {:016x} {known_path}\n", fnv1a(src.as_bytes()));
                }
            }
        }
    }
    assert!(
        report.is_empty(),
        "the compiler crashed on {} distinct input kind(s){}.\n\
         Add each minimized reproducer to tests/errors/ (with a `# Checks:` header), and while the bug is open \
         list it in compiler/tests/known_crashes.txt with a FIXME.\n{report}",
        failures.len(),
        if hung.is_some() { " and hung" } else { "" }
    );
}

/// Mutant `i` depends only on the seed, `i` and the corpus (reproducing a
/// failure by its number relies on it), and mutating never breaks UTF-8.
#[test]
fn mutants_are_deterministic_and_valid_utf8() {
    let known = KnownCrashes::load();
    let corpus = Corpus::load(&corpus_files(), &known, 12_000);
    for i in 0..300 {
        let a = make_mutant(&corpus, 7, i);
        assert_eq!(a, make_mutant(&corpus, 7, i), "mutant {i} is not deterministic");
        // `String` guarantees UTF-8; check the lexer's ranges on it too.
        for (s, e, _) in lex(&a) {
            assert!(a.is_char_boundary(s) && a.is_char_boundary(e), "mutant {i}: token {s}..{e} splits a character");
        }
    }
}
