//! Diagnostics: the one error type of the compiler core.
//!
//! Every user-facing problem (bad syntax, unsupported construct, type error,
//! malformed export spec) becomes a [`Diagnostic`] with a primary [`Span`],
//! optional secondary labels and notes. Passes push diagnostics into a
//! [`Diagnostics`] sink and keep going where they can, so that one run reports
//! every error it finds. Rendering with a code frame happens here, on demand;
//! nothing in this file does I/O.

use codespan_reporting::diagnostic as cr;
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;

/// A byte range in the module source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

impl From<rustpython_parser::text_size::TextRange> for Span {
    fn from(r: rustpython_parser::text_size::TextRange) -> Span {
        Span { start: r.start().into(), end: r.end().into() }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// One message for the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// Text shown under the primary span.
    pub label: String,
    /// Secondary spans with their text.
    pub secondary: Vec<(Span, String)>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span,
            label: String::new(),
            secondary: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(span, message) }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    pub fn with_secondary(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.secondary.push((span, label.into()));
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A sink that passes push into; errors do not stop collection.
#[derive(Default, Debug)]
pub struct Diagnostics {
    pub list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        // The same construct can be reached twice (for example, a function
        // instantiated for two signatures); report it once.
        if !self.list.contains(&d) {
            self.list.push(d);
        }
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.push(Diagnostic::error(span, message));
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.is_error()).count()
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(source: &str, offset: u32) -> (usize, usize) {
    let offset = (offset as usize).min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(before.chars().count(), |nl| before[nl + 1..].chars().count()) + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Renders diagnostics with code frames, `file:line:col` headers, labels and notes.
pub fn render(file_name: &str, source: &str, diags: &[Diagnostic], color: bool) -> String {
    let file = SimpleFile::new(file_name, source);
    let config = term::Config::default();
    let mut out = Vec::new();
    for d in diags {
        let clamp = |s: Span| {
            let end = floor_char_boundary(source, (s.end as usize).min(source.len()));
            let start = floor_char_boundary(source, (s.start as usize).min(end));
            // A span that runs into the indentation of the next line (a `def`
            // header up to its body) is shown up to its last visible character.
            let trimmed = source.get(start..end).map_or(0, |t| t.len() - t.trim_end().len());
            let end = if end - trimmed > start { end - trimmed } else { end };
            start..end
        };
        let severity = match d.severity {
            Severity::Error => cr::Severity::Error,
            Severity::Warning => cr::Severity::Warning,
            Severity::Note => cr::Severity::Note,
        };
        let mut labels = vec![cr::Label::primary((), clamp(d.span)).with_message(d.label.clone())];
        labels.extend(d.secondary.iter().map(|(s, m)| cr::Label::secondary((), clamp(*s)).with_message(m.clone())));
        let diag = cr::Diagnostic::new(severity).with_message(d.message.clone()).with_labels(labels).with_notes(d.notes.clone());
        if color {
            let mut w = term::termcolor::Ansi::new(&mut out);
            let _ = term::emit_to_write_style(&mut w, &config, &file, &diag);
        } else {
            let mut w = term::termcolor::NoColor::new(&mut out);
            let _ = term::emit_to_write_style(&mut w, &config, &file, &diag);
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
