//! Export specs: the `#pythran export` and `#kiln export` comment lines that
//! name a module's public functions and constants and give the argument types
//! of each exported function.
//!
//! kiln reads Pythran's spec grammar as it is, so that Pythran modules compile
//! unchanged; `#kiln export` takes the same grammar. What this file accepts
//! (whitespace is free, keywords are case-sensitive):
//!
//! ```text
//! statement := '#' ('pythran' | 'kiln') 'export' item (',' item)*
//! item      := NAME                          a module-level constant
//!            | NAME '(' [params] ')'         a function
//! params    := param (',' param)* [',']
//! param     := type ['?']                    '?' marks an optional, trailing argument
//! type      := postfix ('or' postfix)*       alternatives
//! postfix   := primary ('list' | 'set' | ':' type 'dict')*
//! primary   := SCALAR
//!            | DTYPE ('[' dim (',' dim)* ']')+ ['order' '(' ('C' | 'F') ')']
//!            | '(' type (',' type)* [','] ')'   a tuple
//!            | '[' type ']'                     grouping
//! dim       := '' | ':' | '::' | NUMBER      contiguous, contiguous, strided, fixed size
//! ```
//!
//! Grammar decisions, most of them Pythran's:
//! - Parentheses always make a tuple: `(int)` is a one-element tuple, as in
//!   Pythran, and `(int,)` is accepted for the same type. Grouping uses
//!   brackets: `[int or float] list`.
//! - `or` binds loosest, and postfix constructors bind to the nearest type:
//!   `int or float list` is `int` or `float list`, and `int:float list dict`
//!   is a dict from `int` to `float list`.
//! - `byte` is NumPy's `byte`, that is `int8`. `float128`, `complex256` and
//!   `slice` are Pythran types that kiln does not support; `capsule` and
//!   `ufunc` exports, pointer types and function types are rejected too. Each
//!   gets its own error rather than "unknown type".
//! - `order(F)` applies only to 2-D arrays without strided dimensions, as in
//!   Pythran. `order` is `None` when not written; on a 2-D array that means
//!   both the C and the Fortran layout are accepted (DESIGN.md), which the
//!   consumer handles, not the overload list.
//! - In a module, an export line is a whole-line comment (first non-blank
//!   character `#`) that does not start inside a string literal, so usage
//!   examples in docstrings are not exports. A spec continues on the next
//!   whole-line comments while its brackets are unbalanced or its last token
//!   is a comma. A `#` after the spec starts an ordinary comment.
//!
//! Invariants:
//! - No input makes this module panic or recurse without bound: bracket and
//!   type nesting stop at [`MAX_NESTING`] with a diagnostic, and every count
//!   that the input can multiply (alternatives, overloads) is capped.
//! - An export with any error is left out of the result, and every error is
//!   reported. A syntax error gets one diagnostic and ends its statement (the
//!   items before it on the line are kept); problems that leave the syntax
//!   intact, such as unknown type names or a misplaced `?`, are each reported
//!   and parsing goes on. Every export line is parsed, so one run reports
//!   every bad one.
//! - [`SpecType`] never holds an alternative. `or` is distributed while
//!   parsing, so [`SpecArg::alternatives`] lists concrete types, in the order
//!   written, and is never empty in a returned export.
//! - All spans are byte offsets into the text that was parsed.

use std::fmt;

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::front::suggest::edit_distance;

/// Most overloads one exported function may have (DESIGN.md).
pub const MAX_OVERLOADS: usize = 128;

/// Most dimensions of an array type: the runtime ABI carries at most this many.
pub const MAX_NDIM: usize = 32;

/// Deepest nesting of brackets while parsing, and of constructors in a type.
/// Every recursion in this file is bounded by it.
pub const MAX_NESTING: usize = 32;

/// How many alternatives one argument keeps. One more than can ever make a
/// valid export, so that [`expand_overloads`] still sees the excess and
/// reports it, while hostile input like `(int or float, int or float, ...)`
/// cannot blow up memory.
const ALT_CAP: usize = MAX_OVERLOADS + 1;

// ---------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------

/// One exported item, in the order the export lines list them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Export {
    Func(ExportFunc),
    /// `#pythran export name`: a module-level constant, exported read-only.
    Var {
        name: String,
        span: Span,
    },
}

/// One `name(args)` item of an export line. A function exported on several
/// lines appears once per line; [`collect_functions`] merges them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFunc {
    pub name: String,
    pub name_span: Span,
    pub args: Vec<SpecArg>,
    /// From the name to the closing parenthesis.
    pub span: Span,
}

/// One argument position of an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecArg {
    /// The types written with `or`, distributed through containers and
    /// tuples, in declaration order. Never empty in a returned export; holds at
    /// most `MAX_OVERLOADS + 1` entries (more could never make a valid export).
    pub alternatives: Vec<SpecType>,
    /// Written `T?`. Optional arguments always form a suffix of the list.
    pub optional: bool,
    pub span: Span,
}

/// A concrete argument type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SpecType {
    Scalar(ScalarName),
    /// `elem[dims] order(..)`. `dims` is never empty and `elem.is_dtype()`.
    Array {
        elem: ScalarName,
        dims: Vec<Dim>,
        order: Option<Order>,
    },
    List(Box<SpecType>),
    Set(Box<SpecType>),
    Dict(Box<SpecType>, Box<SpecType>),
    /// Never empty.
    Tuple(Vec<SpecType>),
}

/// The scalar type names. `Int`, `Float` and `Complex` stay distinct from
/// `Int64`, `Float64` and `Complex128` (their storage types) because the
/// spec text is what `TypeError` messages show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScalarName {
    Bool,
    Int,
    Float,
    Complex,
    Str,
    None,
    Int8,
    Int16,
    Int32,
    Int64,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Float32,
    Float64,
    Complex64,
    Complex128,
    IntC,
    IntP,
    UIntC,
    UIntP,
}

/// One array dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dim {
    /// `:` or empty: any size, contiguous along this axis.
    Contig,
    /// `::`: any size, any stride.
    Strided,
    /// `3`: exactly this size, contiguous.
    Fixed(u64),
}

/// Memory layout forced by `order(C)` or `order(F)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Order {
    C,
    F,
}

/// One concrete signature of an exported function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overload {
    pub name: String,
    pub args: Vec<SpecType>,
    /// The export item it came from.
    pub span: Span,
}

/// An exported function with the overloads of all its export lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportedFunction {
    pub name: String,
    /// The name in the first export line that lists the function.
    pub name_span: Span,
    /// In declaration order, without duplicates, at most [`MAX_OVERLOADS`].
    pub overloads: Vec<Overload>,
}

/// Spellings of the scalar names. The order breaks ties between suggestions.
const SCALAR_NAMES: &[(&str, ScalarName)] = &[
    ("bool", ScalarName::Bool),
    ("int", ScalarName::Int),
    ("float", ScalarName::Float),
    ("complex", ScalarName::Complex),
    ("str", ScalarName::Str),
    ("None", ScalarName::None),
    ("int8", ScalarName::Int8),
    ("int16", ScalarName::Int16),
    ("int32", ScalarName::Int32),
    ("int64", ScalarName::Int64),
    ("uint8", ScalarName::UInt8),
    ("uint16", ScalarName::UInt16),
    ("uint32", ScalarName::UInt32),
    ("uint64", ScalarName::UInt64),
    ("float32", ScalarName::Float32),
    ("float64", ScalarName::Float64),
    ("complex64", ScalarName::Complex64),
    ("complex128", ScalarName::Complex128),
    ("intc", ScalarName::IntC),
    ("intp", ScalarName::IntP),
    ("uintc", ScalarName::UIntC),
    ("uintp", ScalarName::UIntP),
    // Pythran accepts NumPy's `byte`, which is a signed 8-bit integer.
    ("byte", ScalarName::Int8),
];

/// Type names that Pythran accepts but kiln does not, with the reason.
const UNSUPPORTED_TYPES: &[(&str, &str)] = &[
    ("float128", "kiln has no extended-precision floats; use 'float64'"),
    ("complex256", "kiln has no extended-precision complex numbers; use 'complex128'"),
    ("slice", "slice objects cannot be passed to kiln functions"),
];

impl ScalarName {
    /// Every scalar name, in declaration order.
    pub const ALL: [ScalarName; 22] = [
        ScalarName::Bool,
        ScalarName::Int,
        ScalarName::Float,
        ScalarName::Complex,
        ScalarName::Str,
        ScalarName::None,
        ScalarName::Int8,
        ScalarName::Int16,
        ScalarName::Int32,
        ScalarName::Int64,
        ScalarName::UInt8,
        ScalarName::UInt16,
        ScalarName::UInt32,
        ScalarName::UInt64,
        ScalarName::Float32,
        ScalarName::Float64,
        ScalarName::Complex64,
        ScalarName::Complex128,
        ScalarName::IntC,
        ScalarName::IntP,
        ScalarName::UIntC,
        ScalarName::UIntP,
    ];

    /// The canonical spelling.
    pub fn name(self) -> &'static str {
        match self {
            ScalarName::Bool => "bool",
            ScalarName::Int => "int",
            ScalarName::Float => "float",
            ScalarName::Complex => "complex",
            ScalarName::Str => "str",
            ScalarName::None => "None",
            ScalarName::Int8 => "int8",
            ScalarName::Int16 => "int16",
            ScalarName::Int32 => "int32",
            ScalarName::Int64 => "int64",
            ScalarName::UInt8 => "uint8",
            ScalarName::UInt16 => "uint16",
            ScalarName::UInt32 => "uint32",
            ScalarName::UInt64 => "uint64",
            ScalarName::Float32 => "float32",
            ScalarName::Float64 => "float64",
            ScalarName::Complex64 => "complex64",
            ScalarName::Complex128 => "complex128",
            ScalarName::IntC => "intc",
            ScalarName::IntP => "intp",
            ScalarName::UIntC => "uintc",
            ScalarName::UIntP => "uintp",
        }
    }

    /// Reads a spelling accepted in specs, aliases included.
    pub fn from_name(name: &str) -> Option<ScalarName> {
        SCALAR_NAMES.iter().find(|(n, _)| *n == name).map(|&(_, s)| s)
    }

    /// Whether it may be an array element type: every numeric name.
    pub fn is_dtype(self) -> bool {
        !matches!(self, ScalarName::Str | ScalarName::None)
    }
}

impl SpecType {
    /// The canonical spec text, which parses back to the same type:
    /// `float64[:,:]`, `int list`, `(int, float)`, `str:int dict`,
    /// `float64[:,:] order(F)`. A one-element tuple is written `(int,)`.
    pub fn display(&self) -> String {
        self.to_string()
    }

    /// Levels of constructors: 1 for a scalar or an array.
    fn depth(&self) -> usize {
        match self {
            SpecType::Scalar(_) | SpecType::Array { .. } => 1,
            SpecType::List(t) | SpecType::Set(t) => 1 + t.depth(),
            SpecType::Dict(k, v) => 1 + k.depth().max(v.depth()),
            SpecType::Tuple(ts) => 1 + ts.iter().map(SpecType::depth).max().unwrap_or(0),
        }
    }
}

impl Overload {
    /// `f(float64[:,:], int)`, as `TypeError` messages list candidates.
    pub fn signature(&self) -> String {
        signature(&self.name, &self.args)
    }
}

fn signature(name: &str, args: &[SpecType]) -> String {
    let args: Vec<String> = args.iter().map(SpecType::display).collect();
    format!("{name}({})", args.join(", "))
}

impl fmt::Display for ScalarName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Order::C => "C",
            Order::F => "F",
        })
    }
}

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dim::Contig => f.write_str(":"),
            Dim::Strided => f.write_str("::"),
            Dim::Fixed(n) => write!(f, "{n}"),
        }
    }
}

impl fmt::Display for SpecType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecType::Scalar(s) => f.write_str(s.name()),
            SpecType::Array { elem, dims, order } => {
                write!(f, "{elem}[")?;
                for (i, d) in dims.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{d}")?;
                }
                f.write_str("]")?;
                match order {
                    Some(o) => write!(f, " order({o})"),
                    None => Ok(()),
                }
            }
            // Postfix constructors need no parentheses: they bind to the
            // nearest type, so the text parses back unambiguously.
            SpecType::List(t) => write!(f, "{t} list"),
            SpecType::Set(t) => write!(f, "{t} set"),
            SpecType::Dict(k, v) => write!(f, "{k}:{v} dict"),
            SpecType::Tuple(ts) => {
                f.write_str("(")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                if ts.len() == 1 {
                    f.write_str(",")?;
                }
                f.write_str(")")
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

/// Reads every export line of a Python module, in source order.
pub fn parse_exports(source: &str, diags: &mut Diagnostics) -> Vec<Export> {
    let lines = source_lines(source);
    let mut out = Vec::new();
    let mut k = 0;
    while let Some(line) = lines.get(k) {
        k += 1;
        let Some(hash) = line.hash else { continue };
        let content = match directive(source, hash + 1, line.end) {
            Directive::Export { content } => content,
            Directive::Typo { word, prefix } => {
                diags.push(typo_warning(source, word, prefix));
                continue;
            }
            Directive::Other => continue,
        };
        let mut toks = Vec::new();
        lex_segment(source, content, line.end, &mut toks);
        while wants_continuation(&toks) {
            let Some(next) = lines.get(k) else { break };
            let Some(h) = next.hash else { break };
            if !matches!(directive(source, h + 1, next.end), Directive::Other) {
                break;
            }
            lex_segment(source, h + 1, next.end, &mut toks);
            k += 1;
        }
        let eof = toks.last().map_or(content, |t| t.end);
        parse_statement(source, toks, eof, diags, &mut out);
    }
    out
}

/// Reads a side file `mod.pythran`. Each export line is `export f(...)`, as
/// Pythran documents, or a full `#pythran export f(...)` / `#kiln export f(...)`
/// comment. Other `#` lines are comments. A spec continues on the next lines,
/// with or without a leading `#`, while its brackets are unbalanced or it ends
/// with a comma. Spans are byte offsets in `text`.
pub fn parse_side_file(text: &str, diags: &mut Diagnostics) -> Vec<Export> {
    let lines = split_lines(text);
    let mut out = Vec::new();
    let mut k = 0;
    while let Some(&(start, end)) = lines.get(k) {
        k += 1;
        let content = match side_line(text, start, end) {
            SideLine::Blank | SideLine::Comment { .. } => continue,
            SideLine::Export { content } => content,
            SideLine::Typo { word, prefix } => {
                diags.push(typo_warning(text, word, prefix));
                continue;
            }
            SideLine::Other { start: s } => {
                let (ws, we) = word_at(text, s, end);
                let at = if we > ws { span(ws, we) } else { span(s, next_char_end(text, s)) };
                diags.push(
                    Diagnostic::error(at, "expected 'export' at the start of this line")
                        .with_label("not an export line")
                        .with_note("each line of a .pythran file reads like 'export f(int, float64[:])'"),
                );
                continue;
            }
        };
        let mut toks = Vec::new();
        lex_segment(text, content, end, &mut toks);
        while wants_continuation(&toks) {
            let Some(&(s, e)) = lines.get(k) else { break };
            let from = match side_line(text, s, e) {
                SideLine::Comment { after_hash } => after_hash,
                SideLine::Other { start } => start,
                SideLine::Blank | SideLine::Export { .. } | SideLine::Typo { .. } => break,
            };
            lex_segment(text, from, e, &mut toks);
            k += 1;
        }
        let eof = toks.last().map_or(content, |t| t.end);
        parse_statement(text, toks, eof, diags, &mut out);
    }
    out
}

/// Expands `or` alternatives and trailing optional arguments into concrete
/// overloads, in Pythran's order: the choice for an earlier argument varies
/// slowest, alternatives come in the order written, and a call that omits an
/// optional argument comes after all calls that pass it. So
/// `f(int or float, str?)` gives `f(int, str)`, `f(int)`, `f(float, str)`,
/// `f(float)`, and `f(a?, b?)` gives `f(a, b)`, `f(a)`, `f()`.
///
/// More than [`MAX_OVERLOADS`] is an error on the export item; the first
/// [`MAX_OVERLOADS`] are kept. A repeated overload is dropped with a warning.
pub fn expand_overloads(export: &ExportFunc, diags: &mut Diagnostics) -> Vec<Overload> {
    expand(export, diags).0
}

/// Merges the overloads of every export line of each function, in the order
/// the functions first appear. Duplicates across lines are dropped with a
/// warning; more than [`MAX_OVERLOADS`] per function is an error (the first
/// ones are kept); a name exported both as a constant and as a function is an
/// error.
pub fn collect_functions(exports: &[Export], diags: &mut Diagnostics) -> Vec<ExportedFunction> {
    let mut funcs: Vec<ExportedFunction> = Vec::new();
    // Parallel to `funcs`: whether the cap was already reported.
    let mut capped: Vec<bool> = Vec::new();
    for export in exports {
        let Export::Func(f) = export else { continue };
        let idx = match funcs.iter().position(|g| g.name == f.name) {
            Some(i) => i,
            None => {
                funcs.push(ExportedFunction { name: f.name.clone(), name_span: f.name_span, overloads: Vec::new() });
                capped.push(false);
                funcs.len() - 1
            }
        };
        let (own, own_overflow) = expand(f, diags);
        let (Some(func), Some(capped)) = (funcs.get_mut(idx), capped.get_mut(idx)) else { continue };
        let mut repeated: Option<(String, Span)> = None;
        for o in own {
            if let Some(prev) = func.overloads.iter().find(|p| p.args == o.args) {
                repeated.get_or_insert((o.signature(), prev.span));
                continue;
            }
            if func.overloads.len() >= MAX_OVERLOADS {
                // An export that overflowed on its own was reported by `expand`.
                if !*capped && !own_overflow {
                    diags.push(
                        Diagnostic::error(f.span, format!("'{}' has more than {MAX_OVERLOADS} overloads", f.name))
                            .with_label("this export line goes past the limit")
                            .with_note(format!("kiln keeps the first {MAX_OVERLOADS} in declaration order")),
                    );
                }
                *capped = true;
                break;
            }
            func.overloads.push(o);
        }
        if let Some((sig, first)) = repeated {
            diags.push(
                Diagnostic::warning(f.span, format!("overload '{sig}' is already exported"))
                    .with_secondary(first, "first exported here")
                    .with_note("calls are matched against the first copy; this one is ignored"),
            );
        }
    }
    for export in exports {
        if let Export::Var { name, span } = export {
            if let Some(f) = funcs.iter().find(|f| &f.name == name) {
                diags.push(
                    Diagnostic::error(*span, format!("'{name}' is exported both as a constant and as a function"))
                        .with_secondary(f.name_span, "exported as a function here"),
                );
            }
        }
    }
    funcs
}

fn expand(export: &ExportFunc, diags: &mut Diagnostics) -> (Vec<Overload>, bool) {
    let columns: Vec<(&[SpecType], bool)> = export.args.iter().map(|a| (a.alternatives.as_slice(), a.optional)).collect();
    let mut lists = combinations(&columns, MAX_OVERLOADS + 1);
    let overflow = lists.len() > MAX_OVERLOADS;
    if overflow {
        diags.push(
            Diagnostic::error(export.span, format!("export of '{}' expands to more than {MAX_OVERLOADS} overloads", export.name))
                .with_label("too many combinations")
                .with_note(format!("each 'or' and each '?' multiplies the overloads; kiln keeps the first {MAX_OVERLOADS}")),
        );
        lists.truncate(MAX_OVERLOADS);
    }
    let mut out: Vec<Overload> = Vec::with_capacity(lists.len());
    let mut repeated: Option<String> = None;
    for args in lists {
        if out.iter().any(|o| o.args == args) {
            repeated.get_or_insert_with(|| signature(&export.name, &args));
            continue;
        }
        out.push(Overload { name: export.name.clone(), args, span: export.span });
    }
    if let Some(sig) = repeated {
        diags.push(
            Diagnostic::warning(export.span, format!("overload '{sig}' is listed more than once")).with_note("later copies are ignored"),
        );
    }
    (out, overflow)
}

/// The first `cap` ways of picking one type from each column, in declaration
/// order: the first column varies slowest. An optional column has one more
/// choice after its types, "left out", which also leaves out every later
/// column (optional columns are trailing). Runs in O(cap * columns) however
/// many combinations there are.
fn combinations(columns: &[(&[SpecType], bool)], cap: usize) -> Vec<Vec<SpecType>> {
    let mut out = Vec::new();
    if cap == 0 || columns.iter().any(|(types, optional)| types.is_empty() && !optional) {
        return out;
    }
    // digits[i] < columns[i].len() picks a type; == len means "left out".
    let mut digits = vec![0usize; columns.len()];
    loop {
        let mut pick = Vec::new();
        // The first left-out position; later digits are meaningless.
        let mut stop = columns.len();
        for (i, ((types, _), &d)) in columns.iter().zip(&digits).enumerate() {
            match types.get(d) {
                Some(t) => pick.push(t.clone()),
                None => {
                    stop = i;
                    break;
                }
            }
        }
        out.push(pick);
        if out.len() >= cap {
            return out;
        }
        // Advance the odometer at the last meaningful position.
        let mut i = (stop + 1).min(columns.len());
        loop {
            if i == 0 {
                return out;
            }
            i -= 1;
            let (Some((types, optional)), Some(d)) = (columns.get(i), digits.get(i).copied()) else { return out };
            let radix = types.len() + usize::from(*optional);
            if d + 1 < radix {
                if let Some(slot) = digits.get_mut(i) {
                    *slot = d + 1;
                }
                for later in digits.iter_mut().skip(i + 1) {
                    *later = 0;
                }
                break;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Finding the export lines
// ---------------------------------------------------------------------------

/// One physical line of a module.
struct Line {
    /// Excludes the line break.
    end: usize,
    /// The offset of the `#` when the line is a whole-line comment outside
    /// any string literal.
    hash: Option<usize>,
}

/// `(start, end)` of every line, without the line break (`\n` or `\r\n`).
fn split_lines(text: &str) -> Vec<(usize, usize)> {
    let trim_cr = |start: usize, end: usize| {
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        }
    };
    let mut out = Vec::new();
    // A byte-order mark is not part of the first line's text.
    let mut start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            out.push((start, trim_cr(start, i)));
            start = i + 1;
        }
    }
    out.push((start, trim_cr(start, text.len())));
    out
}

fn source_lines(source: &str) -> Vec<Line> {
    let in_code = line_starts_in_code(source);
    split_lines(source)
        .into_iter()
        .enumerate()
        .map(|(k, (start, end))| {
            let first = skip_blanks(source, start, end);
            let is_comment = in_code.get(k).copied().unwrap_or(true) && first < end && source.as_bytes().get(first) == Some(&b'#');
            Line { end, hash: is_comment.then_some(first) }
        })
        .collect()
}

/// For each line, whether it starts in code rather than inside a string
/// literal. A small scanner of Python's quoting rules (one-line and
/// triple-quoted strings, backslash escapes, comments) is enough: it only has
/// to keep `#pythran export` lines inside docstrings from counting. An
/// unterminated string is Python's error to report; here it just runs on.
fn line_starts_in_code(text: &str) -> Vec<bool> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Code,
        Short(u8),
        Long(u8),
    }
    let b = text.as_bytes();
    let mut starts = vec![true];
    let mut state = State::Code;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match state {
            State::Code => match c {
                b'#' => {
                    while b.get(i).is_some_and(|&x| x != b'\n') {
                        i += 1;
                    }
                    continue;
                }
                b'\'' | b'"' => {
                    if b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c) {
                        state = State::Long(c);
                        i += 3;
                    } else {
                        state = State::Short(c);
                        i += 1;
                    }
                    continue;
                }
                _ => {}
            },
            State::Short(q) | State::Long(q) => {
                if c == b'\\' {
                    // An escaped character never ends the string; an escaped
                    // line break continues it on the next line.
                    i += 1;
                    if b.get(i) == Some(&b'\r') && b.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    if b.get(i) == Some(&b'\n') {
                        starts.push(false);
                    }
                    i += 1;
                    continue;
                }
                if c == q {
                    if let State::Short(_) = state {
                        state = State::Code;
                        i += 1;
                        continue;
                    }
                    if b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
                        state = State::Code;
                        i += 3;
                        continue;
                    }
                }
                if c == b'\n' {
                    if let State::Short(_) = state {
                        state = State::Code;
                    }
                }
            }
        }
        if c == b'\n' {
            starts.push(state == State::Code);
        }
        i += 1;
    }
    starts
}

enum Directive {
    /// `pythran export` or `kiln export`; the spec starts at `content`.
    Export { content: usize },
    /// `pythran exprot`: probably a misspelt export line.
    Typo { word: (usize, usize), prefix: &'static str },
    /// Anything else: an ordinary comment.
    Other,
}

/// Reads `pythran export` / `kiln export` at `from` (just after a `#`).
fn directive(text: &str, from: usize, end: usize) -> Directive {
    let (s1, e1) = word_at(text, skip_blanks(text, from, end), end);
    let prefix = match text.get(s1..e1) {
        Some("pythran") => "pythran",
        Some("kiln") => "kiln",
        _ => return Directive::Other,
    };
    let s2 = skip_blanks(text, e1, end);
    if s2 == e1 {
        // `#pythran-foo`, `#kiln:`: not this directive.
        return Directive::Other;
    }
    let (s2, e2) = word_at(text, s2, end);
    match text.get(s2..e2) {
        Some("export") => Directive::Export { content: e2 },
        Some(w) if !w.is_empty() && edit_distance(w, "export") <= 2 => Directive::Typo { word: (s2, e2), prefix },
        _ => Directive::Other,
    }
}

fn typo_warning(text: &str, (start, end): (usize, usize), prefix: &str) -> Diagnostic {
    let word = text.get(start..end).unwrap_or("");
    Diagnostic::warning(span(start, end), format!("unknown directive '#{prefix} {word}'"))
        .with_label("this line is not read as an export")
        .with_note(format!("did you mean '#{prefix} export'?"))
}

enum SideLine {
    Blank,
    Comment { after_hash: usize },
    Export { content: usize },
    Typo { word: (usize, usize), prefix: &'static str },
    Other { start: usize },
}

fn side_line(text: &str, start: usize, end: usize) -> SideLine {
    let first = skip_blanks(text, start, end);
    if first >= end {
        return SideLine::Blank;
    }
    let from_directive = |d: Directive, otherwise: SideLine| match d {
        Directive::Export { content } => SideLine::Export { content },
        Directive::Typo { word, prefix } => SideLine::Typo { word, prefix },
        Directive::Other => otherwise,
    };
    if text.as_bytes().get(first) == Some(&b'#') {
        return from_directive(directive(text, first + 1, end), SideLine::Comment { after_hash: first + 1 });
    }
    let (ws, we) = word_at(text, first, end);
    if text.get(ws..we) == Some("export") {
        return SideLine::Export { content: we };
    }
    from_directive(directive(text, first, end), SideLine::Other { start: first })
}

/// A spec goes on to the next line while a bracket is open or it ends with a
/// comma (Pythran joins all following comment lines; this is the useful part
/// of that without swallowing ordinary comments).
fn wants_continuation(toks: &[Tok]) -> bool {
    let mut depth: i64 = 0;
    for t in toks {
        match t.kind {
            TokKind::LParen | TokKind::LBracket => depth += 1,
            TokKind::RParen | TokKind::RBracket => depth -= 1,
            _ => {}
        }
    }
    depth > 0 || matches!(toks.last().map(|t| t.kind), None | Some(TokKind::Comma))
}

fn skip_blanks(text: &str, mut i: usize, end: usize) -> usize {
    let b = text.as_bytes();
    while i < end && matches!(b.get(i), Some(b' ' | b'\t' | b'\x0c')) {
        i += 1;
    }
    i
}

/// The ASCII word (`[A-Za-z0-9_]*`) at `i`.
fn word_at(text: &str, i: usize, end: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let mut j = i;
    while j < end && b.get(j).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
        j += 1;
    }
    (i, j)
}

fn next_char_end(text: &str, i: usize) -> usize {
    i + text.get(i..).and_then(|r| r.chars().next()).map_or(0, char::len_utf8)
}

fn span(start: usize, end: usize) -> Span {
    let clamp = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    Span::new(clamp(start), clamp(end))
}

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokKind {
    /// A name; dotted names (`np.float64`) are one token so that the error
    /// can suggest the bare name.
    Ident,
    Num,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Colon,
    Question,
    Star,
    /// Any other character.
    Other,
    Eof,
}

/// Tokens keep offsets into the original text, so a spec continued over
/// several comment lines still reports exact positions.
#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: TokKind,
    start: usize,
    end: usize,
}

impl Tok {
    fn span(self) -> Span {
        span(self.start, self.end)
    }
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Appends the tokens of `text[start..end]`. A `#` starts a comment that runs
/// to the end of the segment.
fn lex_segment(text: &str, start: usize, end: usize, out: &mut Vec<Tok>) {
    let Some(seg) = text.get(start..end) else { return };
    let char_at = |j: usize| seg.get(j..).and_then(|r| r.chars().next());
    let mut i = 0;
    while let Some(c) = char_at(i) {
        let width = c.len_utf8();
        let kind = match c {
            '#' => return,
            c if c.is_whitespace() => {
                i += width;
                continue;
            }
            '(' => TokKind::LParen,
            ')' => TokKind::RParen,
            '[' => TokKind::LBracket,
            ']' => TokKind::RBracket,
            ',' => TokKind::Comma,
            ':' => TokKind::Colon,
            '?' => TokKind::Question,
            '*' => TokKind::Star,
            c if is_ident_start(c) => {
                let mut j = i + width;
                loop {
                    match char_at(j) {
                        Some(d) if is_ident_continue(d) => j += d.len_utf8(),
                        Some('.') if char_at(j + 1).is_some_and(is_ident_start) => j += 1,
                        _ => break,
                    }
                }
                out.push(Tok { kind: TokKind::Ident, start: start + i, end: start + j });
                i = j;
                continue;
            }
            c if c.is_ascii_digit() => {
                let mut j = i + 1;
                while char_at(j).is_some_and(|d| d.is_ascii_digit()) {
                    j += 1;
                }
                out.push(Tok { kind: TokKind::Num, start: start + i, end: start + j });
                i = j;
                continue;
            }
            _ => TokKind::Other,
        };
        out.push(Tok { kind, start: start + i, end: start + i + width });
        i += width;
    }
}

// ---------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------

/// A syntax error was reported; the rest of the statement is skipped.
struct Abort;

type PResult<T> = Result<T, Abort>;

/// Recursive descent over one export statement. Each type parses to its list
/// of alternatives, so `or` is distributed as it is read.
struct Parser<'t, 'd> {
    text: &'t str,
    toks: Vec<Tok>,
    /// Returned past the last token: zero-width, just after it.
    eof: Tok,
    pos: usize,
    diags: &'d mut Diagnostics,
    /// An error that does not stop parsing (an unknown type name, say) was
    /// reported for the current item, which is then left out.
    failed: bool,
    /// Current bracket nesting.
    depth: usize,
}

fn parse_statement(text: &str, toks: Vec<Tok>, eof_at: usize, diags: &mut Diagnostics, out: &mut Vec<Export>) {
    let eof = Tok { kind: TokKind::Eof, start: eof_at, end: eof_at };
    let mut p = Parser { text, toks, eof, pos: 0, diags, failed: false, depth: 0 };
    p.statement(out);
}

impl<'t> Parser<'t, '_> {
    fn peek(&self) -> Tok {
        self.toks.get(self.pos).copied().unwrap_or(self.eof)
    }

    fn peek2(&self) -> Tok {
        self.toks.get(self.pos + 1).copied().unwrap_or(self.eof)
    }

    fn bump(&mut self) -> Tok {
        let t = self.peek();
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    /// The end of the last token consumed.
    fn prev_end(&self) -> usize {
        self.pos.checked_sub(1).and_then(|i| self.toks.get(i)).map_or(self.eof.start, |t| t.end)
    }

    fn text(&self, t: Tok) -> &'t str {
        self.text.get(t.start..t.end).unwrap_or("")
    }

    fn is_word(&self, t: Tok, word: &str) -> bool {
        t.kind == TokKind::Ident && self.text(t) == word
    }

    fn describe(&self, t: Tok) -> String {
        match t.kind {
            TokKind::Eof => "end of line".to_string(),
            _ => format!("'{}'", self.text(t)),
        }
    }

    fn found(&self, t: Tok) -> String {
        format!("found {}", self.describe(t))
    }

    fn abort(&mut self, d: Diagnostic) -> Abort {
        self.diags.push(d);
        Abort
    }

    fn soft_error(&mut self, d: Diagnostic) {
        self.diags.push(d);
        self.failed = true;
    }

    fn statement(&mut self, out: &mut Vec<Export>) {
        let first = self.peek();
        if first.kind == TokKind::Eof {
            self.diags.push(Diagnostic::error(first.span(), "expected a name to export after 'export'").with_label("nothing exported"));
            return;
        }
        let keyword = self.text(first);
        if first.kind == TokKind::Ident && self.peek2().kind == TokKind::Ident {
            let why = match keyword {
                "capsule" => Some("kiln exports Python-callable functions only"),
                "ufunc" => Some("export the function with array argument types instead"),
                _ => None,
            };
            if let Some(why) = why {
                self.diags.push(Diagnostic::error(first.span(), format!("'{keyword}' exports are not supported by kiln")).with_note(why));
                return;
            }
        }
        loop {
            match self.item() {
                Ok(Some(e)) => out.push(e),
                Ok(None) => {}
                Err(Abort) => return,
            }
            let t = self.peek();
            match t.kind {
                TokKind::Eof => return,
                TokKind::Comma => {
                    self.bump();
                }
                _ => {
                    let d = Diagnostic::error(t.span(), format!("unexpected token {} in export spec", self.describe(t)))
                        .with_label("expected ',' or the end of the line");
                    self.diags.push(d);
                    return;
                }
            }
        }
    }

    fn item(&mut self) -> PResult<Option<Export>> {
        self.failed = false;
        let name = self.peek();
        if name.kind != TokKind::Ident {
            let d = Diagnostic::error(name.span(), format!("expected a name to export, found {}", self.describe(name)));
            return Err(self.abort(d));
        }
        self.bump();
        let name_text = self.text(name);
        if name_text.contains('.') {
            self.soft_error(
                Diagnostic::error(name.span(), format!("'{name_text}' is not a valid export name"))
                    .with_label("only names defined in this module can be exported"),
            );
        }
        if self.peek().kind != TokKind::LParen {
            let var = Export::Var { name: name_text.to_string(), span: name.span() };
            return Ok((!self.failed).then_some(var));
        }
        let open = self.bump();
        let args = self.params(open)?;
        if self.failed {
            return Ok(None);
        }
        Ok(Some(Export::Func(ExportFunc {
            name: name_text.to_string(),
            name_span: name.span(),
            args,
            span: span(name.start, self.prev_end()),
        })))
    }

    fn params(&mut self, open: Tok) -> PResult<Vec<SpecArg>> {
        let mut args = Vec::new();
        if self.peek().kind == TokKind::RParen {
            self.bump();
            return Ok(args);
        }
        loop {
            let start = self.peek().start;
            let alternatives = self.union()?;
            let optional = self.peek().kind == TokKind::Question;
            if optional {
                self.bump();
            }
            args.push(SpecArg { alternatives, optional, span: span(start, self.prev_end()) });
            let t = self.peek();
            match t.kind {
                TokKind::Comma => {
                    self.bump();
                    if self.peek().kind == TokKind::RParen {
                        self.bump();
                        break;
                    }
                }
                TokKind::RParen => {
                    self.bump();
                    break;
                }
                _ => {
                    let mut d = Diagnostic::error(t.span(), "expected ')' to close the argument list")
                        .with_label(self.found(t))
                        .with_secondary(open.span(), "argument list opened here");
                    if t.kind == TokKind::Question {
                        d = d.with_note("an optional argument takes a single '?'");
                    } else if t.kind != TokKind::Eof {
                        d = d.with_note("arguments are separated by ','");
                    }
                    return Err(self.abort(d));
                }
            }
        }
        if let Some(first_optional) = args.iter().position(|a| a.optional) {
            let required_after = args.iter().skip(first_optional).find(|a| !a.optional).map(|a| a.span);
            if let (Some(required), Some(optional)) = (required_after, args.get(first_optional)) {
                let d = Diagnostic::error(required, "only trailing arguments may be optional")
                    .with_label("required argument after an optional one")
                    .with_secondary(optional.span, "optional argument here")
                    .with_note("mark every later argument optional with '?' too, or drop the earlier '?'");
                self.soft_error(d);
            }
        }
        Ok(args)
    }

    /// `postfix ('or' postfix)*`. Every nesting goes through here, so the
    /// depth check here bounds the recursion.
    fn union(&mut self) -> PResult<Vec<SpecType>> {
        if self.depth >= MAX_NESTING {
            let t = self.peek();
            let d = Diagnostic::error(t.span(), format!("export spec nests more than {MAX_NESTING} levels deep"));
            return Err(self.abort(d));
        }
        self.depth += 1;
        let result = self.union_inner();
        self.depth -= 1;
        result
    }

    fn union_inner(&mut self) -> PResult<Vec<SpecType>> {
        let mut alts = self.postfix()?;
        while self.is_word(self.peek(), "or") {
            self.bump();
            let more = self.postfix()?;
            let room = ALT_CAP.saturating_sub(alts.len());
            alts.extend(more.into_iter().take(room));
        }
        Ok(alts)
    }

    fn postfix(&mut self) -> PResult<Vec<SpecType>> {
        let mut alts = self.primary()?;
        loop {
            let t = self.peek();
            match t.kind {
                TokKind::Ident if self.is_word(t, "list") => {
                    self.bump();
                    alts = self.checked(alts.into_iter().map(|x| SpecType::List(Box::new(x))).collect(), t)?;
                }
                TokKind::Ident if self.is_word(t, "set") => {
                    self.bump();
                    alts = self.checked(alts.into_iter().map(|x| SpecType::Set(Box::new(x))).collect(), t)?;
                }
                TokKind::Colon => {
                    let colon = self.bump();
                    let values = self.union()?;
                    let close = self.peek();
                    if !self.is_word(close, "dict") {
                        let d = Diagnostic::error(close.span(), "expected 'dict' to finish the 'K:V dict' type")
                            .with_label(self.found(close))
                            .with_secondary(colon.span(), "key and value types separated here");
                        return Err(self.abort(d));
                    }
                    self.bump();
                    let pairs = combinations(&[(alts.as_slice(), false), (values.as_slice(), false)], ALT_CAP);
                    let dicts = pairs
                        .into_iter()
                        .filter_map(|kv| {
                            let mut kv = kv.into_iter();
                            Some(SpecType::Dict(Box::new(kv.next()?), Box::new(kv.next()?)))
                        })
                        .collect();
                    alts = self.checked(dicts, close)?;
                }
                TokKind::Ident if self.is_word(t, "order") => {
                    let d = Diagnostic::error(t.span(), "'order(...)' applies only to array types")
                        .with_note("write it right after the array dimensions, as in 'float64[:,:] order(F) list'");
                    return Err(self.abort(d));
                }
                TokKind::LBracket => {
                    let d = Diagnostic::error(t.span(), "array dimensions must follow a dtype name")
                        .with_note("an array type reads like 'float64[:]'; a list of arrays like 'float64[:] list'");
                    return Err(self.abort(d));
                }
                TokKind::LParen => {
                    let d = Diagnostic::error(t.span(), "unexpected '(' after a type")
                        .with_note("arguments are separated by ',', as in 'int, (float, str)'")
                        .with_note("Pythran's function types, like 'int (float)', are not supported by kiln");
                    return Err(self.abort(d));
                }
                TokKind::Star => {
                    let d = Diagnostic::error(t.span(), "pointer types are not supported by kiln")
                        .with_note("Pythran accepts them only in capsule exports");
                    return Err(self.abort(d));
                }
                _ => return Ok(alts),
            }
        }
    }

    /// Refuses types nested deeper than [`MAX_NESTING`], which keeps every
    /// recursion over types (display, comparison, drop) shallow.
    fn checked(&mut self, types: Vec<SpecType>, at: Tok) -> PResult<Vec<SpecType>> {
        if types.iter().any(|t| t.depth() > MAX_NESTING) {
            let d = Diagnostic::error(at.span(), format!("type nests more than {MAX_NESTING} levels deep"));
            return Err(self.abort(d));
        }
        Ok(types)
    }

    fn primary(&mut self) -> PResult<Vec<SpecType>> {
        let t = self.peek();
        match t.kind {
            TokKind::LParen => self.tuple(),
            TokKind::LBracket => {
                // Pythran's grouping brackets: `[int or float] list`.
                let open = self.bump();
                let alts = self.union()?;
                let close = self.peek();
                if close.kind != TokKind::RBracket {
                    let d = Diagnostic::error(close.span(), "expected ']' to close '['")
                        .with_label(self.found(close))
                        .with_secondary(open.span(), "opened here");
                    return Err(self.abort(d));
                }
                self.bump();
                Ok(alts)
            }
            TokKind::Ident => self.named(),
            _ => {
                let d = Diagnostic::error(t.span(), format!("expected a type, found {}", self.describe(t)));
                Err(self.abort(d))
            }
        }
    }

    fn tuple(&mut self) -> PResult<Vec<SpecType>> {
        let open = self.bump();
        if self.peek().kind == TokKind::RParen {
            let close = self.bump();
            self.soft_error(
                Diagnostic::error(span(open.start, close.end), "the empty tuple type '()' is not supported")
                    .with_note("a tuple type lists its element types, as in '(int, float)'"),
            );
            return Ok(Vec::new());
        }
        let mut elems = Vec::new();
        loop {
            elems.push(self.union()?);
            let t = self.peek();
            match t.kind {
                TokKind::Comma => {
                    self.bump();
                    if self.peek().kind == TokKind::RParen {
                        self.bump();
                        break;
                    }
                }
                TokKind::RParen => {
                    self.bump();
                    break;
                }
                _ => {
                    let d = Diagnostic::error(t.span(), "expected ')' to close the tuple type")
                        .with_label(self.found(t))
                        .with_secondary(open.span(), "tuple opened here");
                    return Err(self.abort(d));
                }
            }
        }
        let columns: Vec<(&[SpecType], bool)> = elems.iter().map(|e| (e.as_slice(), false)).collect();
        let tuples = combinations(&columns, ALT_CAP).into_iter().map(SpecType::Tuple).collect();
        self.checked(tuples, open)
    }

    /// A scalar, an array, or a name that is not a type.
    fn named(&mut self) -> PResult<Vec<SpecType>> {
        let t = self.bump();
        let name = self.text(t);
        if let Some(elem) = ScalarName::from_name(name) {
            if self.peek().kind != TokKind::LBracket {
                return Ok(vec![SpecType::Scalar(elem)]);
            }
            let dims = self.dims()?;
            let order = self.order_clause()?;
            if !elem.is_dtype() {
                self.soft_error(
                    Diagnostic::error(t.span(), format!("'{name}' cannot be an array element type"))
                        .with_note("array element types are numeric dtypes such as 'float64' or 'int32'"),
                );
            }
            if let Some((Order::F, at)) = order {
                if dims.len() != 2 || dims.contains(&Dim::Strided) {
                    let why = if dims.len() == 2 {
                        "this array has a strided dimension".to_string()
                    } else {
                        format!("this array has {} dimension(s)", dims.len())
                    };
                    self.soft_error(
                        Diagnostic::error(at, "order(F) applies only to 2-D arrays without strided dimensions").with_label(why),
                    );
                }
            }
            return Ok(vec![SpecType::Array { elem, dims, order: order.map(|(o, _)| o) }]);
        }
        if let Some(&(_, why)) = UNSUPPORTED_TYPES.iter().find(|(n, _)| *n == name) {
            self.soft_error(Diagnostic::error(t.span(), format!("type '{name}' is not supported by kiln")).with_note(why));
            self.skip_array_suffix()?;
            return Ok(Vec::new());
        }
        if let Some(how) = keyword_hint(name) {
            let d = Diagnostic::error(t.span(), format!("expected a type, found '{name}'")).with_note(how);
            return Err(self.abort(d));
        }
        let mut d = Diagnostic::error(t.span(), format!("unknown type '{name}' in export spec"));
        if let Some(note) = unknown_type_note(name) {
            d = d.with_note(note);
        }
        self.soft_error(d);
        // `double[:]`: read the dimensions so that one error covers the type.
        self.skip_array_suffix()?;
        Ok(Vec::new())
    }

    fn skip_array_suffix(&mut self) -> PResult<()> {
        if self.peek().kind == TokKind::LBracket {
            self.dims()?;
            self.order_clause()?;
        }
        Ok(())
    }

    /// One or more `[...]` groups; `[:,:]` and `[][]` both give two dims.
    fn dims(&mut self) -> PResult<Vec<Dim>> {
        let first = self.peek();
        let mut dims = Vec::new();
        while self.peek().kind == TokKind::LBracket {
            let open = self.bump();
            loop {
                let t = self.peek();
                let dim = match t.kind {
                    TokKind::Colon => {
                        self.bump();
                        if self.peek().kind == TokKind::Colon {
                            self.bump();
                            Dim::Strided
                        } else {
                            Dim::Contig
                        }
                    }
                    TokKind::Num => {
                        self.bump();
                        match self.text(t).parse::<u64>() {
                            Ok(n) => Dim::Fixed(n),
                            Err(_) => {
                                self.soft_error(Diagnostic::error(
                                    t.span(),
                                    format!("array dimension size '{}' is too large", self.text(t)),
                                ));
                                Dim::Contig
                            }
                        }
                    }
                    TokKind::Comma | TokKind::RBracket => Dim::Contig,
                    _ => {
                        let d = Diagnostic::error(
                            t.span(),
                            format!("expected ':', '::' or a size in array dimensions, found {}", self.describe(t)),
                        );
                        return Err(self.abort(d));
                    }
                };
                dims.push(dim);
                let t = self.peek();
                match t.kind {
                    TokKind::Comma => {
                        self.bump();
                    }
                    TokKind::RBracket => {
                        self.bump();
                        break;
                    }
                    _ => {
                        let d = Diagnostic::error(t.span(), "expected ']' to close the array dimensions")
                            .with_label(self.found(t))
                            .with_secondary(open.span(), "opened here");
                        return Err(self.abort(d));
                    }
                }
            }
        }
        if dims.len() > MAX_NDIM {
            self.soft_error(Diagnostic::error(
                span(first.start, self.prev_end()),
                format!("arrays have at most {MAX_NDIM} dimensions; this one has {}", dims.len()),
            ));
        }
        Ok(dims)
    }

    /// `order(C)` or `order(F)`, if present, with its span.
    fn order_clause(&mut self) -> PResult<Option<(Order, Span)>> {
        let kw = self.peek();
        if !self.is_word(kw, "order") {
            return Ok(None);
        }
        self.bump();
        let open = self.peek();
        if open.kind != TokKind::LParen {
            let d = Diagnostic::error(open.span(), "expected '(' after 'order'")
                .with_label(self.found(open))
                .with_note("write order(C) or order(F)");
            return Err(self.abort(d));
        }
        self.bump();
        let v = self.peek();
        let order = match (v.kind, self.text(v)) {
            (TokKind::Ident, "C") => Some(Order::C),
            (TokKind::Ident, "F") => Some(Order::F),
            (TokKind::Ident, other) => {
                let note = match other {
                    "c" => "did you mean 'C'?".to_string(),
                    "f" => "did you mean 'F'?".to_string(),
                    _ => "use order(C) for row-major or order(F) for column-major layout".to_string(),
                };
                self.soft_error(Diagnostic::error(v.span(), format!("unknown array order '{other}'")).with_note(note));
                None
            }
            _ => {
                let d = Diagnostic::error(v.span(), format!("expected 'C' or 'F' in 'order(...)', found {}", self.describe(v)));
                return Err(self.abort(d));
            }
        };
        self.bump();
        let close = self.peek();
        if close.kind != TokKind::RParen {
            let d = Diagnostic::error(close.span(), "expected ')' to close 'order('")
                .with_label(self.found(close))
                .with_secondary(open.span(), "opened here");
            return Err(self.abort(d));
        }
        self.bump();
        Ok(order.map(|o| (o, span(kw.start, close.end))))
    }
}

// ---------------------------------------------------------------------------
// Suggestions
// ---------------------------------------------------------------------------

/// How to write a keyword that was found where a type should start.
fn keyword_hint(name: &str) -> Option<&'static str> {
    Some(match name {
        "list" | "set" => "containers follow their element type, as in 'int list' or 'float set'",
        "dict" => "dictionaries are written 'K:V dict', as in 'str:float dict'",
        "or" => "'or' separates alternative types, as in 'int or float'",
        "order" => "'order(C)' or 'order(F)' follows array dimensions, as in 'float64[:,:] order(F)'",
        _ => return None,
    })
}

/// The note for an unknown type name: how to write what was probably meant.
fn unknown_type_note(name: &str) -> Option<String> {
    let special = match name {
        "List" | "Set" => Some("containers follow their element type, as in 'int list' or 'float set'"),
        "Dict" => Some("dictionaries are written 'K:V dict', as in 'str:float dict'"),
        "tuple" | "Tuple" => Some("tuple types list their elements in parentheses, as in '(int, float)'"),
        "ndarray" | "array" | "NDArray" | "np.ndarray" | "numpy.ndarray" => {
            Some("arrays are written as dtype and dimensions, as in 'float64[:]' or 'int32[:,:]'")
        }
        "Optional" => Some("write 'T or None', or mark a trailing argument optional with 'T?'"),
        "Any" | "object" => Some("export specs need concrete types such as 'int' or 'float64[:]'"),
        _ => None,
    };
    if let Some(s) = special {
        return Some(s.to_string());
    }
    suggest_type(name).map(|s| format!("did you mean '{s}'?"))
}

/// The known type name closest to an unknown one, if any is close.
fn suggest_type(name: &str) -> Option<&'static str> {
    // C, NumPy and Python spellings of the same types.
    const ALIASES: &[(&str, &str)] = &[
        ("double", "float64"),
        ("single", "float32"),
        ("long", "int64"),
        ("longlong", "int64"),
        ("short", "int16"),
        ("char", "int8"),
        ("schar", "int8"),
        ("uint", "uint64"),
        ("unsigned", "uint64"),
        ("ulong", "uint64"),
        ("ulonglong", "uint64"),
        ("ushort", "uint16"),
        ("ubyte", "uint8"),
        ("uchar", "uint8"),
        ("size_t", "uintp"),
        ("ssize_t", "intp"),
        ("Py_ssize_t", "intp"),
        ("cfloat", "complex128"),
        ("cdouble", "complex128"),
        ("csingle", "complex64"),
        ("void", "None"),
        ("NoneType", "None"),
        ("string", "str"),
        ("boolean", "bool"),
        ("integer", "int"),
    ];
    let exact = |n: &str| -> Option<&'static str> {
        if let Some(s) = ScalarName::from_name(n) {
            return Some(s.name());
        }
        if let Some(&(_, to)) = ALIASES.iter().find(|(from, _)| *from == n) {
            return Some(to);
        }
        SCALAR_NAMES.iter().find(|(known, _)| known.eq_ignore_ascii_case(n)).map(|&(_, s)| s.name())
    };
    // `np.float64`, `numpy.int32`, `float64_t`, `np.bool_`.
    let bare = name.strip_prefix("np.").or_else(|| name.strip_prefix("numpy.")).unwrap_or(name);
    let bare = bare.strip_suffix("_t").unwrap_or(bare);
    let bare = bare.strip_suffix('_').unwrap_or(bare);
    if let Some(s) = exact(name).or_else(|| exact(bare)) {
        return Some(s);
    }
    // The closest spelling, known or alias (`lnog` is probably `long`).
    let limit = if name.chars().count() <= 3 { 1 } else { 2 };
    let known = SCALAR_NAMES.iter().map(|&(n, s)| (n, s.name()));
    let mut best: Option<(usize, &'static str)> = None;
    for (spelling, suggestion) in known.chain(ALIASES.iter().copied()) {
        if name.len().abs_diff(spelling.len()) > limit {
            continue;
        }
        let d = edit_distance(name, spelling);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, suggestion));
        }
    }
    best.map(|(_, s)| s)
}

/// Optimal string alignment distance: edits and adjacent transpositions.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{line_col, Severity};

    fn parse(src: &str) -> (Vec<Export>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let exports = parse_exports(src, &mut diags);
        (exports, diags)
    }

    /// The exports of `src`, which must parse without any diagnostic.
    fn clean(src: &str) -> Vec<Export> {
        let (exports, diags) = parse(src);
        assert!(diags.list.is_empty(), "unexpected diagnostics for {src:?}: {:#?}", diags.list);
        exports
    }

    fn func(src: &str) -> ExportFunc {
        match clean(src).as_slice() {
            [Export::Func(f)] => f.clone(),
            other => panic!("expected one function in {src:?}, got {other:?}"),
        }
    }

    /// The alternatives of the single argument of `f(<spec>)`.
    fn alts(spec: &str) -> Vec<SpecType> {
        let f = func(&format!("#pythran export f({spec})"));
        assert_eq!(f.args.len(), 1, "{spec}");
        f.args[0].alternatives.clone()
    }

    fn ty(spec: &str) -> SpecType {
        let a = alts(spec);
        assert_eq!(a.len(), 1, "{spec} has alternatives: {a:?}");
        a[0].clone()
    }

    /// Every diagnostic as (line, column, severity, message).
    fn errors(src: &str) -> Vec<(usize, usize, Severity, String)> {
        let (_, diags) = parse(src);
        diags
            .list
            .iter()
            .map(|d| {
                let (l, c) = line_col(src, d.span.start);
                (l, c, d.severity, d.message.clone())
            })
            .collect()
    }

    fn the_error(src: &str) -> (usize, usize, String) {
        let errs = errors(src);
        assert_eq!(errs.len(), 1, "expected one diagnostic for {src:?}, got {errs:#?}");
        let (l, c, sev, msg) = errs[0].clone();
        assert_eq!(sev, Severity::Error);
        (l, c, msg)
    }

    fn notes(src: &str) -> Vec<String> {
        let (_, diags) = parse(src);
        diags.list.iter().flat_map(|d| d.notes.clone()).collect()
    }

    use SpecType::{Dict, List, Set, Tuple};

    fn s(n: ScalarName) -> SpecType {
        SpecType::Scalar(n)
    }
    fn list(t: SpecType) -> SpecType {
        List(Box::new(t))
    }
    fn dict(k: SpecType, v: SpecType) -> SpecType {
        Dict(Box::new(k), Box::new(v))
    }
    fn arr(elem: ScalarName, dims: &[Dim]) -> SpecType {
        SpecType::Array { elem, dims: dims.to_vec(), order: None }
    }

    const INT: SpecType = SpecType::Scalar(ScalarName::Int);
    const FLOAT: SpecType = SpecType::Scalar(ScalarName::Float);
    const STR: SpecType = SpecType::Scalar(ScalarName::Str);

    // --- grammar -----------------------------------------------------------

    #[test]
    fn every_scalar_name() {
        for n in ScalarName::ALL {
            assert_eq!(ty(n.name()), s(n));
            assert_eq!(ScalarName::from_name(n.name()), Some(n));
        }
        assert_eq!(ty("byte"), s(ScalarName::Int8));
        assert_eq!(ty("None"), s(ScalarName::None));
    }

    #[test]
    fn containers() {
        assert_eq!(ty("int list"), list(INT));
        assert_eq!(ty("float set"), Set(Box::new(FLOAT)));
        assert_eq!(ty("str:int dict"), dict(STR, INT));
        assert_eq!(ty("(int, float)"), Tuple(vec![INT, FLOAT]));
        assert_eq!(ty("(int,)"), Tuple(vec![INT]));
        // As in Pythran, parentheses always make a tuple.
        assert_eq!(ty("(int)"), Tuple(vec![INT]));
        assert_eq!(ty("int list list"), list(list(INT)));
        assert_eq!(ty("float[:] list"), list(arr(ScalarName::Float, &[Dim::Contig])));
        assert_eq!(ty("(int, float) list"), list(Tuple(vec![INT, FLOAT])));
        assert_eq!(ty("str:int dict list"), list(dict(STR, INT)));
        assert_eq!(ty("int:float list dict"), dict(INT, list(FLOAT)));
        assert_eq!(ty("int list:float dict"), dict(list(INT), FLOAT));
        assert_eq!(ty("str:int:float dict dict"), dict(STR, dict(INT, FLOAT)));
        assert_eq!(ty("((int, str), float list)"), Tuple(vec![Tuple(vec![INT, STR]), list(FLOAT)]));
        assert_eq!(ty("None list"), list(s(ScalarName::None)));
        assert_eq!(ty("  int   list  "), list(INT));
    }

    #[test]
    fn arrays() {
        use Dim::{Contig, Fixed, Strided};
        let f64 = ScalarName::Float64;
        assert_eq!(ty("float64[]"), arr(f64, &[Contig]));
        assert_eq!(ty("float64[:]"), arr(f64, &[Contig]));
        assert_eq!(ty("float64[:,:]"), arr(f64, &[Contig, Contig]));
        assert_eq!(ty("float64[][]"), arr(f64, &[Contig, Contig]));
        assert_eq!(ty("float64[::]"), arr(f64, &[Strided]));
        assert_eq!(ty("float64[: :]"), arr(f64, &[Strided]));
        assert_eq!(ty("float64[::,:]"), arr(f64, &[Strided, Contig]));
        assert_eq!(ty("int[:,3]"), arr(ScalarName::Int, &[Contig, Fixed(3)]));
        assert_eq!(ty("float32[,,,]"), arr(ScalarName::Float32, &[Contig; 4]));
        assert_eq!(ty("uint8[:][:,:]"), arr(ScalarName::UInt8, &[Contig; 3]));
        assert_eq!(ty("bool [ : ]"), arr(ScalarName::Bool, &[Contig]));
        assert_eq!(ty("float64[:,:] order(C)"), SpecType::Array { elem: f64, dims: vec![Contig, Contig], order: Some(Order::C) });
        assert_eq!(ty("float64[:,:] order(F)"), SpecType::Array { elem: f64, dims: vec![Contig, Contig], order: Some(Order::F) });
        assert_eq!(
            ty("complex128[:,:,:] order(C) list"),
            list(SpecType::Array { elem: ScalarName::Complex128, dims: vec![Contig; 3], order: Some(Order::C) })
        );
    }

    #[test]
    fn alternatives_distribute_in_written_order() {
        assert_eq!(alts("int or float"), vec![INT, FLOAT]);
        assert_eq!(alts("int list or float list"), vec![list(INT), list(FLOAT)]);
        // `or` binds loosest.
        assert_eq!(alts("int or float list"), vec![INT, list(FLOAT)]);
        // Brackets group.
        assert_eq!(alts("[int or float] list"), vec![list(INT), list(FLOAT)]);
        // Inside a tuple, the earlier element varies slowest.
        assert_eq!(
            alts("(int or float, str or None)"),
            vec![
                Tuple(vec![INT, STR]),
                Tuple(vec![INT, s(ScalarName::None)]),
                Tuple(vec![FLOAT, STR]),
                Tuple(vec![FLOAT, s(ScalarName::None)]),
            ]
        );
        assert_eq!(alts("(int or float) list"), vec![list(Tuple(vec![INT])), list(Tuple(vec![FLOAT]))]);
        assert_eq!(alts("str:int or float dict"), vec![dict(STR, INT), dict(STR, FLOAT)]);
        assert_eq!(alts("int or str:float dict"), vec![INT, dict(STR, FLOAT)]);
        assert_eq!(alts("int or float or complex"), vec![INT, FLOAT, s(ScalarName::Complex)]);
    }

    #[test]
    fn optional_and_empty_arguments() {
        let f = func("#pythran export f(int, float?, str ?)");
        let flags: Vec<bool> = f.args.iter().map(|a| a.optional).collect();
        assert_eq!(flags, [false, true, true]);
        assert!(func("#pythran export f()").args.is_empty());
        // A trailing comma is allowed.
        assert_eq!(func("#pythran export f(int,)").args.len(), 1);
        let f = func("#pythran export f(int or float?)");
        assert_eq!(f.args[0].alternatives, vec![INT, FLOAT]);
        assert!(f.args[0].optional);
    }

    #[test]
    fn spans_point_into_the_source() {
        let src = "x = 1\n#pythran export foo(int, float64[:] list?)\n";
        let f = func(src);
        let text = |sp: Span| &src[sp.start as usize..sp.end as usize];
        assert_eq!(text(f.name_span), "foo");
        assert_eq!(text(f.span), "foo(int, float64[:] list?)");
        assert_eq!(text(f.args[0].span), "int");
        assert_eq!(text(f.args[1].span), "float64[:] list?");
    }

    // --- export lines ------------------------------------------------------

    #[test]
    fn export_line_forms() {
        let src = "\
import numpy as np
#pythran export a(int)
# pythran export b(int)
#kiln export c(int)
#  kiln   export   d(int)
    #pythran export e(int)
x = 1  # pythran export not_a_whole_line_comment(int)
#pythran exporting(int)
#pythranexport g(int)
# a comment that mentions pythran export h(int)
";
        let names: Vec<String> = clean(src)
            .iter()
            .map(|e| match e {
                Export::Func(f) => f.name.clone(),
                Export::Var { name, .. } => name.clone(),
            })
            .collect();
        assert_eq!(names, ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn several_items_per_line_and_constants() {
        let exports = clean("#pythran export f(int), var, g(float, str), other_var\n");
        assert_eq!(exports.len(), 4);
        assert!(matches!(&exports[0], Export::Func(f) if f.name == "f"));
        assert!(matches!(&exports[1], Export::Var { name, .. } if name == "var"));
        assert!(matches!(&exports[2], Export::Func(f) if f.name == "g" && f.args.len() == 2));
        assert!(matches!(&exports[3], Export::Var { name, .. } if name == "other_var"));
        // Names that are keywords elsewhere still work as export names.
        assert_eq!(clean("#pythran export list, order(int), export()").len(), 3);
    }

    #[test]
    fn continuation_lines() {
        let src = "\
#pythran export f(int,
#                 float,
    #                 str list)
def f(a, b, c): pass
";
        let f = func(src);
        assert_eq!(f.args.iter().map(|a| a.alternatives[0].clone()).collect::<Vec<_>>(), [INT, FLOAT, list(STR)]);
        assert_eq!(&src[f.span.start as usize..f.span.end as usize], "f(int,\n#                 float,\n    #                 str list)");

        // A trailing comma continues the export list.
        let exports = clean("#pythran export f(int),\n#                g(float)\n");
        assert_eq!(exports.len(), 2);

        // A balanced line does not swallow the comment after it.
        assert_eq!(clean("#pythran export f(int)\n# computes things (roughly\n").len(), 1);

        // Brackets inside array types count too, and a trailing comment is ignored.
        let f = func("#pythran export f(float64[:,  # rows\n# :])  # the matrix\n");
        assert_eq!(f.args[0].alternatives, vec![arr(ScalarName::Float64, &[Dim::Contig; 2])]);
    }

    #[test]
    fn byte_order_mark_and_crlf() {
        let src = "\u{feff}#pythran export f(int,\r\n#   float)\r\n#pythran export g(str)\r\n";
        let exports = clean(src);
        assert_eq!(exports.len(), 2);
        let mut diags = Diagnostics::default();
        assert_eq!(parse_side_file("\u{feff}export f(int)\r\n", &mut diags).len(), 1);
        assert!(diags.list.is_empty());
    }

    #[test]
    fn exports_inside_string_literals_do_not_count() {
        let src = "\
'''Usage:
#pythran export in_docstring(int)
'''
s = \"#pythran export in_string(int)\"
t = \"\"\"one \\\"\"\" still inside
#pythran export still_in_string(int)
\"\"\"
u = 'it\\'s'  # quote handling
#pythran export real(int)
";
        let exports = clean(src);
        assert_eq!(exports.len(), 1);
        assert!(matches!(&exports[0], Export::Func(f) if f.name == "real"));
    }

    #[test]
    fn side_file() {
        let text = "\
# exports of mod.py
export f(int, float)
export g(int
         or float)

#pythran export h(str)
export v, w(int)
";
        let mut diags = Diagnostics::default();
        let exports = parse_side_file(text, &mut diags);
        assert!(diags.list.is_empty(), "{:#?}", diags.list);
        assert_eq!(exports.len(), 5);
        match &exports[1] {
            Export::Func(g) => assert_eq!(g.args[0].alternatives, vec![INT, FLOAT]),
            other => panic!("{other:?}"),
        }

        let text = "export f(int)\nf(int)\nexport g(doubel)\n";
        let mut diags = Diagnostics::default();
        let exports = parse_side_file(text, &mut diags);
        assert_eq!(exports.len(), 1);
        let pos: Vec<_> = diags.list.iter().map(|d| (line_col(text, d.span.start), d.message.clone())).collect();
        assert_eq!(
            pos,
            [
                ((2, 1), "expected 'export' at the start of this line".to_string()),
                ((3, 10), "unknown type 'doubel' in export spec".to_string()),
            ]
        );
    }

    // --- display -----------------------------------------------------------

    #[test]
    fn display_is_canonical() {
        let cases = [
            ("float64[:,:]", "float64[:,:]"),
            ("float64[][]", "float64[:,:]"),
            ("float64 [ , ]", "float64[:,:]"),
            ("int8[::, 3]", "int8[::,3]"),
            ("int list", "int list"),
            ("(int,float)", "(int, float)"),
            ("(int)", "(int,)"),
            ("str:int dict", "str:int dict"),
            ("int:float list dict", "int:float list dict"),
            ("str:int dict list", "str:int dict list"),
            ("float64[:,:] order(F)", "float64[:,:] order(F)"),
            ("byte", "int8"),
        ];
        for (spec, shown) in cases {
            assert_eq!(ty(spec).display(), shown, "{spec}");
            assert_eq!(ty(shown), ty(spec), "{shown}");
        }
        let o = Overload { name: "f".into(), args: vec![ty("float64[:,:]"), INT], span: Span::default() };
        assert_eq!(o.signature(), "f(float64[:,:], int)");
    }

    /// A deterministic pseudo-random generator, so the property tests need no crate.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            // xorshift64*
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    fn random_type(rng: &mut Rng, depth: usize) -> SpecType {
        let dtypes: Vec<ScalarName> = ScalarName::ALL.iter().copied().filter(|s| s.is_dtype()).collect();
        let leaf = depth == 0 || rng.below(3) == 0;
        match if leaf { rng.below(2) } else { 2 + rng.below(4) } {
            0 => s(ScalarName::ALL[rng.below(ScalarName::ALL.len())]),
            1 => {
                let ndim = 1 + rng.below(4);
                let dims: Vec<Dim> = (0..ndim)
                    .map(|_| match rng.below(3) {
                        0 => Dim::Contig,
                        1 => Dim::Strided,
                        _ => Dim::Fixed(rng.next() % 1000),
                    })
                    .collect();
                let transposable = ndim == 2 && !dims.contains(&Dim::Strided);
                let order = match rng.below(3) {
                    0 => Some(Order::C),
                    1 if transposable => Some(Order::F),
                    _ => None,
                };
                SpecType::Array { elem: dtypes[rng.below(dtypes.len())], dims, order }
            }
            2 => list(random_type(rng, depth - 1)),
            3 => Set(Box::new(random_type(rng, depth - 1))),
            4 => dict(random_type(rng, depth - 1), random_type(rng, depth - 1)),
            _ => Tuple((0..1 + rng.below(3)).map(|_| random_type(rng, depth - 1)).collect()),
        }
    }

    #[test]
    fn display_round_trips() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let t = random_type(&mut rng, 4);
            assert_eq!(ty(&t.display()), t, "{}", t.display());
        }
    }

    // --- overloads ---------------------------------------------------------

    fn signatures(src: &str) -> Vec<String> {
        let f = func(src);
        let mut diags = Diagnostics::default();
        let out = expand_overloads(&f, &mut diags);
        assert!(diags.list.is_empty(), "{:#?}", diags.list);
        out.iter().map(Overload::signature).collect()
    }

    #[test]
    fn expansion_order_follows_pythran() {
        assert_eq!(signatures("#pythran export f(int or float, str?)"), ["f(int, str)", "f(int)", "f(float, str)", "f(float)"]);
        assert_eq!(signatures("#pythran export f(int?, float?)"), ["f(int, float)", "f(int)", "f()"]);
        assert_eq!(
            signatures("#pythran export f(int or float, str, None or bool)"),
            ["f(int, str, None)", "f(int, str, bool)", "f(float, str, None)", "f(float, str, bool)"]
        );
        assert_eq!(signatures("#pythran export f(int or float?)"), ["f(int)", "f(float)", "f()"]);
        assert_eq!(signatures("#pythran export f()"), ["f()"]);
        assert_eq!(signatures("#pythran export f((int or float, str) list)"), ["f((int, str) list)", "f((float, str) list)"]);
    }

    #[test]
    fn overload_limit() {
        // 2^7 = 128 is fine, 2^8 is not.
        let seven = ["int or float"; 7].join(", ");
        assert_eq!(signatures(&format!("#pythran export f({seven})")).len(), 128);

        let eight = ["int or float"; 8].join(", ");
        let src = format!("#pythran export f({eight})");
        let f = func(&src);
        let mut diags = Diagnostics::default();
        let out = expand_overloads(&f, &mut diags);
        assert_eq!(out.len(), 128);
        assert_eq!(out[0].signature(), format!("f({})", ["int"; 8].join(", ")));
        assert_eq!(out[127].signature(), format!("f(int, {})", ["float"; 7].join(", ")));
        assert_eq!(diags.list.len(), 1);
        assert_eq!(diags.list[0].message, "export of 'f' expands to more than 128 overloads");
        assert_eq!(line_col(&src, diags.list[0].span.start), (1, 17));

        // Alternatives multiplied inside one tuple are capped while parsing,
        // and still reported.
        let huge = format!("#pythran export f(({}))", vec!["int or float"; 40].join(", "));
        let f = func(&huge);
        assert_eq!(f.args[0].alternatives.len(), MAX_OVERLOADS + 1);
        let mut diags = Diagnostics::default();
        assert_eq!(expand_overloads(&f, &mut diags).len(), 128);
        assert!(diags.has_errors());
    }

    #[test]
    fn repeated_overloads_warn() {
        let f = func("#pythran export f(int or int)");
        let mut diags = Diagnostics::default();
        assert_eq!(expand_overloads(&f, &mut diags).len(), 1);
        assert_eq!(diags.list.len(), 1);
        assert_eq!(diags.list[0].severity, Severity::Warning);
    }

    #[test]
    fn collect_merges_export_lines() {
        let src = "\
#pythran export f(int)
#pythran export g(str), f(float or int)
#pythran export f(int?)
";
        let exports = clean(src);
        let mut diags = Diagnostics::default();
        let funcs = collect_functions(&exports, &mut diags);
        let sigs: Vec<Vec<String>> = funcs.iter().map(|f| f.overloads.iter().map(Overload::signature).collect()).collect();
        assert_eq!(sigs, [vec!["f(int)", "f(float)", "f()"], vec!["g(str)"]]);
        // `f(int)` twice (lines 2 and 3): one warning per export line.
        let warnings: Vec<_> = diags.list.iter().map(|d| (line_col(src, d.span.start).0, d.severity)).collect();
        assert_eq!(warnings, [(2, Severity::Warning), (3, Severity::Warning)]);

        // The cap counts all lines of a function.
        // 5^3 = 125 overloads per line, none shared between the lines.
        let line = format!("#pythran export f({})\n", ["int8 or int16 or int32 or int64 or intc"; 3].join(", "));
        let src = line.clone() + &line.replace("int", "uint");
        let mut diags = Diagnostics::default();
        let funcs = collect_functions(&clean(&src), &mut diags);
        assert_eq!(funcs[0].overloads.len(), 128);
        assert_eq!(diags.error_count(), 1);
        assert_eq!(line_col(&src, diags.list[0].span.start), (2, 17));

        // A name is a constant or a function, not both.
        let src = "#pythran export f(int), f\n";
        let mut diags = Diagnostics::default();
        collect_functions(&clean(src), &mut diags);
        assert_eq!(diags.error_count(), 1);
        assert_eq!(line_col(src, diags.list[0].span.start), (1, 25));
    }

    // --- errors ------------------------------------------------------------

    #[test]
    fn error_positions() {
        let (l, c, m) = the_error("x = 1\n#pythran export f(int, float\ny = 2\n");
        assert_eq!((l, c, m.as_str()), (2, 29, "expected ')' to close the argument list"));

        let (l, c, m) = the_error("#pythran export f(int float)");
        assert_eq!((l, c, m.as_str()), (1, 23, "expected ')' to close the argument list"));

        let (l, c, m) = the_error("#pythran export f(int) foo");
        assert_eq!((l, c, m.as_str()), (1, 24, "unexpected token 'foo' in export spec"));

        let (l, c, m) = the_error("#pythran export f(int,\n#   (float, str)\n#  list, {int})");
        assert_eq!((l, c, m.as_str()), (3, 10, "expected a type, found '{'"));

        let (l, c, m) = the_error("#pythran export f(float64[:,:)");
        assert_eq!((l, c, m.as_str()), (1, 30, "expected ']' to close the array dimensions"));

        let (l, c, m) = the_error("#pythran export f(str:int)");
        assert_eq!((l, c, m.as_str()), (1, 26, "expected 'dict' to finish the 'K:V dict' type"));

        let (l, c, m) = the_error("#pythran export f(int?, float)");
        assert_eq!((l, c, m.as_str()), (1, 25, "only trailing arguments may be optional"));

        let (l, c, m) = the_error("#pythran export f(float64[:,:,:] order(F))");
        assert_eq!((l, c, m.as_str()), (1, 34, "order(F) applies only to 2-D arrays without strided dimensions"));

        let (l, c, m) = the_error("#pythran export f(int list order(C))");
        assert_eq!((l, c, m.as_str()), (1, 28, "'order(...)' applies only to array types"));

        let (l, c, m) = the_error("#pythran export f(str[:])");
        assert_eq!((l, c, m.as_str()), (1, 19, "'str' cannot be an array element type"));

        let (l, c, m) = the_error("#pythran export");
        assert_eq!((l, c, m.as_str()), (1, 16, "expected a name to export after 'export'"));

        let (l, c, m) = the_error("#pythran export f(int),");
        assert_eq!((l, c, m.as_str()), (1, 24, "expected a name to export, found end of line"));

        let (l, c, m) = the_error("#pythran export f(())");
        assert_eq!((l, c, m.as_str()), (1, 19, "the empty tuple type '()' is not supported"));

        let (l, c, m) = the_error("#pythran export f(list)");
        assert_eq!((l, c, m.as_str()), (1, 19, "expected a type, found 'list'"));

        let (l, c, m) = the_error("#pythran export f(float128[:])");
        assert_eq!((l, c, m.as_str()), (1, 19, "type 'float128' is not supported by kiln"));

        let (l, c, m) = the_error("#pythran export capsule f(float64*, int)");
        assert_eq!((l, c, m.as_str()), (1, 17, "'capsule' exports are not supported by kiln"));

        let (l, c, m) = the_error("#pythran export f(int (float, str))");
        assert_eq!((l, c, m.as_str()), (1, 23, "unexpected '(' after a type"));

        let (l, c, m) = the_error("#pythran export f(float64*)");
        assert_eq!((l, c, m.as_str()), (1, 26, "pointer types are not supported by kiln"));

        let (l, c, m) = the_error("#pythran export f(int[99999999999999999999999])");
        assert_eq!((l, c, m.as_str()), (1, 23, "array dimension size '99999999999999999999999' is too large"));

        let (l, c, m) = the_error("#pythran export f(float64[:,:] order(c))");
        assert_eq!((l, c, m.as_str()), (1, 38, "unknown array order 'c'"));

        // A misspelt directive is a warning, not silence.
        let errs = errors("#pythran exprot f(int)");
        assert_eq!(errs, [(1, 10, Severity::Warning, "unknown directive '#pythran exprot'".to_string())]);
    }

    #[test]
    fn keeps_going_after_errors() {
        let src = "\
#pythran export a(int)
#pythran export b(int
#pythran export c(double, lnog list)
#pythran export d(float), e(int float), h(str)
#pythran export ok(float)
";
        let (exports, diags) = parse(src);
        let names: Vec<&str> = exports
            .iter()
            .map(|e| match e {
                Export::Func(f) => f.name.as_str(),
                Export::Var { name, .. } => name.as_str(),
            })
            .collect();
        // `h` comes after a syntax error on its line, so its statement is abandoned.
        assert_eq!(names, ["a", "d", "ok"]);
        let lines: Vec<usize> = diags.list.iter().map(|d| line_col(src, d.span.start).0).collect();
        assert_eq!(lines, [2, 3, 3, 4]);
    }

    #[test]
    fn suggestions() {
        let cases = [
            ("double", "float64"),
            ("long", "int64"),
            ("short", "int16"),
            ("char", "int8"),
            ("uint", "uint64"),
            ("float64_t", "float64"),
            ("int32_t", "int32"),
            ("np.float64", "float64"),
            ("numpy.uint8", "uint8"),
            ("np.bool_", "bool"),
            ("Float64", "float64"),
            ("none", "None"),
            ("flaot", "float"),
            ("flot32", "float32"),
            ("complx", "complex"),
            ("string", "str"),
            ("size_t", "uintp"),
            ("lnog", "int64"),
            ("doubel", "float64"),
        ];
        for (bad, good) in cases {
            let src = format!("#pythran export f({bad})");
            let (l, c, m) = the_error(&src);
            assert_eq!((l, c), (1, 19), "{bad}");
            assert_eq!(m, format!("unknown type '{bad}' in export spec"));
            assert_eq!(notes(&src), [format!("did you mean '{good}'?")], "{bad}");
        }
        assert_eq!(notes("#pythran export f(quux)"), Vec::<String>::new());
        assert_eq!(notes("#pythran export f(Any)"), ["export specs need concrete types such as 'int' or 'float64[:]'"]);
        assert_eq!(notes("#pythran export f(ndarray)").len(), 1);
        // One error for an unknown array element type, not a cascade.
        assert_eq!(errors("#pythran export f(double[:,:] order(C))").len(), 1);
        // Every unknown name of a line is reported.
        assert_eq!(errors("#pythran export f(double, lnog list, (chr, int))").len(), 3);
    }

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("flaot", "float"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }

    // --- robustness --------------------------------------------------------

    #[test]
    fn hostile_nesting_is_bounded() {
        for src in [
            format!("#pythran export f({})", "(".repeat(100_000)),
            format!("#pythran export f({})", "[".repeat(100_000)),
            format!("#pythran export f(int{})", " list".repeat(100_000)),
            format!("#pythran export f({}int)", "int:".repeat(100_000)),
            format!("#pythran export f(int[{}])", ",".repeat(100_000)),
            format!("#pythran export f({})", vec!["(int or float, str or None)"; 10_000].join(", ")),
            format!("#pythran export f(({}))", vec!["int or float"; 10_000].join(", ")),
            format!("#pythran export f({})", vec!["int"; 100_000].join(" or ")),
        ] {
            let (exports, diags) = parse(&src);
            for e in &exports {
                if let Export::Func(f) = e {
                    let mut d = Diagnostics::default();
                    assert!(expand_overloads(f, &mut d).len() <= MAX_OVERLOADS);
                }
            }
            assert!(diags.list.len() <= 2, "{:#?}", diags.list);
        }
    }

    /// Mutates valid specs at random and checks that nothing panics, that
    /// spans stay inside the text, and that every type accepted displays as
    /// text that parses back to it.
    #[test]
    fn random_mutations_never_panic() {
        let seeds = [
            "#pythran export f(int, float64[:,:] order(F), str:int list dict?)\n",
            "#pythran export g((int or float, str) list, uint8[::,3] set)\n#pythran export v, h()\n",
            "x = '''#pythran export no(int)'''\n# pythran export k(complex128[][] or None,\n#   bool?)\n",
            "#kiln export m([int or float] list, (int,), int8[,,,] order(C))\n",
            "def f(a):\n    return a  # pythran export x(int)\n#pythran export f(np.float64, double)\n",
        ];
        let pieces = [
            "(",
            ")",
            "[",
            "]",
            ",",
            ":",
            "::",
            "?",
            "*",
            "#",
            "\n",
            "\n#",
            " ",
            "or",
            " or ",
            "list",
            " set",
            " dict",
            "order(F)",
            "order(",
            "int",
            "float64",
            "3",
            "99999999999999999999999",
            "'''",
            "\"",
            "\\",
            "é",
            "\r\n",
            "#pythran export ",
            "capsule ",
            "()",
            "None",
            "byte",
        ];
        let mut rng = Rng(0x0123_4567_89ab_cdef);
        for _ in 0..20_000 {
            let mut text = seeds[rng.below(seeds.len())].to_string();
            for _ in 0..1 + rng.below(4) {
                let mut at = rng.below(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                match rng.below(4) {
                    0 => text.insert_str(at, pieces[rng.below(pieces.len())]),
                    1 => {
                        let mut end = (at + 1 + rng.below(6)).min(text.len());
                        while !text.is_char_boundary(end) {
                            end += 1;
                        }
                        text.replace_range(at..end, "");
                    }
                    2 => {
                        let mut end = (at + rng.below(12)).min(text.len());
                        while !text.is_char_boundary(end) {
                            end += 1;
                        }
                        let copy = text[at..end].to_string();
                        text.insert_str(end, &copy);
                    }
                    _ => text.truncate(at),
                }
            }
            check_robust(&text);
        }
    }

    fn check_robust(text: &str) {
        let mut diags = Diagnostics::default();
        let mut exports = parse_exports(text, &mut diags);
        exports.extend(parse_side_file(text, &mut diags));
        let funcs = collect_functions(&exports, &mut diags);
        assert!(funcs.iter().all(|f| f.overloads.len() <= MAX_OVERLOADS));
        let in_text = |sp: Span| sp.start <= sp.end && sp.end as usize <= text.len();
        for d in &diags.list {
            assert!(in_text(d.span) && d.secondary.iter().all(|(s, _)| in_text(*s)), "{d:?} in {text:?}");
            let _ = line_col(text, d.span.start);
        }
        for e in &exports {
            let Export::Func(f) = e else { continue };
            assert!(in_text(f.span) && in_text(f.name_span));
            for a in &f.args {
                assert!(!a.alternatives.is_empty() && a.alternatives.len() <= MAX_OVERLOADS + 1);
                for t in &a.alternatives {
                    let shown = t.display();
                    let mut d = Diagnostics::default();
                    let back = parse_exports(&format!("#pythran export f({shown})"), &mut d);
                    assert!(d.list.is_empty(), "{shown:?} from {text:?}: {:?}", d.list);
                    match back.as_slice() {
                        [Export::Func(g)] => assert_eq!(g.args[0].alternatives, vec![t.clone()], "{shown}"),
                        other => panic!("{shown:?} parsed as {other:?}"),
                    }
                }
            }
        }
    }
}
