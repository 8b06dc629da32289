//! Parsing: Python source to `rustpython-parser` AST, plus the comment
//! directives kiln reads (`#omp parallel for`).
//!
//! Invariant: syntax errors become diagnostics; nothing here panics on input.

use rustpython_parser::ast;

use crate::diag::{Diagnostic, Span};
use crate::front::lower::{CommentDirectives, OmpClauses};

/// Parses a module; a syntax error becomes a diagnostic at its position.
pub fn parse_module(source: &str, file_name: &str) -> Result<ast::Suite, Diagnostic> {
    // The parser has been seen to panic on some malformed inputs; kiln must
    // never crash on user input, so a panic is turned into a diagnostic.
    let result = std::panic::catch_unwind(|| <ast::Suite as rustpython_parser::Parse>::parse(source, file_name));
    match result {
        Ok(Ok(suite)) => Ok(suite),
        Ok(Err(e)) => {
            let at: u32 = e.offset.into();
            let message = match &e.error {
                rustpython_parser::ParseErrorType::Eof => "unexpected end of file".to_string(),
                other => other.to_string(),
            };
            Err(Diagnostic::error(Span::new(at, at), format!("invalid syntax: {message}")).with_label("here"))
        }
        Err(_) => Err(Diagnostic::error(Span::default(), "invalid syntax: the parser could not read this file")),
    }
}

/// Finds `#omp parallel for ...` comments; the loop on the next non-comment
/// line may run in parallel. Their `reduction(op:var, ...)` and
/// `private(var, ...)` clauses are kept, as Pythran reads them.
pub fn comment_directives(source: &str) -> CommentDirectives {
    let mut d = CommentDirectives::default();
    let mut pending: Option<OmpClauses> = None;
    let mut offset = 0u32;
    for line in source.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(c) = t.strip_prefix('#') {
            let words: Vec<&str> = c.split_whitespace().collect();
            if words.len() >= 3 && words[0] == "omp" && words[1] == "parallel" && words[2] == "for" {
                let rest = c.split_once("for").map_or("", |x| x.1);
                pending = Some(omp_clauses(rest));
            }
        } else if !t.trim().is_empty() {
            if let Some(clauses) = pending.take() {
                d.parallel_for_lines.insert(offset, clauses);
            }
        }
        offset += line.len() as u32;
    }
    d
}

/// The clauses after `#omp parallel for`: `reduction(+:a, b)`, `private(x)`.
fn omp_clauses(text: &str) -> OmpClauses {
    let mut out = OmpClauses::default();
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let name = rest[..open].trim().rsplit(|c: char| c.is_whitespace() || c == ',').next().unwrap_or("").to_string();
        let Some(close) = rest[open..].find(')') else { break };
        let inner = &rest[open + 1..open + close];
        match name.as_str() {
            "reduction" => {
                if let Some((op, vars)) = inner.split_once(':') {
                    for v in vars.split(',').map(str::trim).filter(|v| !v.is_empty()) {
                        out.reductions.push((op.trim().to_string(), v.to_string()));
                    }
                }
            }
            "private" | "firstprivate" | "lastprivate" => {
                out.private.extend(inner.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()));
            }
            _ => {}
        }
        rest = &rest[open + close + 1..];
    }
    out
}
