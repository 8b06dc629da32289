//! Diagnostic snapshots: every `tests/errors/*.py` is compiled with
//! `kiln::compile` and its rendered, uncolored diagnostics are compared with
//! `compiler/tests/snapshots/errors__<name>.snap` (insta).
//!
//! Each case file is one small module with one kind of bad input; its first
//! line is a `# Checks: ...` comment that says what the case checks. The file
//! name shown in the diagnostics is `tests/errors/<name>.py` and the module
//! name is `<name>`, so the snapshots do not depend on where the repository
//! lives.
//!
//! Besides the snapshot itself, every case must:
//! - not panic and not report an "internal compiler error", unless it is
//!   listed in `compiler/tests/known_crashes.txt`, in which case it must
//!   still crash (so the list cannot outlive the bug);
//! - show every diagnostic with a `file:line:col` header and a code frame.
//!
//! Blessing changed or new snapshots:
//! - `cargo insta review` (needs `cargo install cargo-insta`), then read each
//!   diff before accepting it; or
//! - `INSTA_UPDATE=always cargo test --release -p kiln --test errors`, then
//!   review the change with `git diff compiler/tests/snapshots/`.
//!
//! Without either, a changed snapshot fails the test and leaves a
//! `.snap.new` file next to the old one.

mod common;

use std::path::Path;

use common::{compile_guarded, py_files, KnownCrashes, Outcome, Variant};

/// The text that is snapshotted for one case: the diagnostics as the CLI
/// prints them, then a one-line summary.
fn snapshot_text(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Panic { message, .. } => {
            // The location is left out: it moves with every edit of the compiler.
            format!("PANIC (a known crash, see compiler/tests/known_crashes.txt): {message}\n")
        }
        Outcome::Done { ok, diags, rendered } => {
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let others = diags.len() - errors;
            let result = if *ok { "compiled" } else { "not compiled" };
            format!("{rendered}-- {errors} error(s), {others} other diagnostic(s); {result}\n")
        }
    }
}

/// Checks the shape of every diagnostic: rendered alone, each one must have
/// a `┌─ tests/errors/<name>.py:<line>:<col>` header and a code frame.
fn check_frames(name: &str, file_name: &str, source: &str, outcome: &Outcome, problems: &mut Vec<String>) {
    let Outcome::Done { diags, .. } = outcome else { return };
    let header = format!("┌─ {file_name}:");
    for d in diags {
        let one = kiln::diag::render(file_name, source, std::slice::from_ref(d), false);
        let Some(at) = one.find(&header) else {
            problems.push(format!("{name}: diagnostic `{}` has no `{file_name}:line:col` header:\n{one}", d.message));
            continue;
        };
        let rest = &one[at + header.len()..];
        let pos: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
        let mut parts = pos.split(':');
        let is_num = |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        if !(is_num(parts.next()) && is_num(parts.next())) {
            problems.push(format!("{name}: diagnostic `{}` has a malformed position `{pos}`", d.message));
        }
        // A code frame is a line-number gutter followed by the source line.
        if !one.lines().any(|l| l.trim_start().split_once(" │ ").is_some_and(|(n, _)| n.trim().parse::<u32>().is_ok())) {
            problems.push(format!("{name}: diagnostic `{}` has no code frame:\n{one}", d.message));
        }
    }
}

#[test]
fn error_snapshots() {
    let known = KnownCrashes::load();
    let files = py_files("tests/errors");
    assert!(files.len() >= 20, "expected the tests/errors corpus, found {} files", files.len());
    let mut problems: Vec<String> = Vec::new();
    let mut snapshot_failures: Vec<String> = Vec::new();

    for path in &files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let file_name = format!("tests/errors/{name}.py");
        let source = std::fs::read_to_string(path).unwrap();
        if !source.starts_with("# ") {
            problems.push(format!("{file_name}: the first line must be a `# Checks: ...` comment saying what the case checks"));
        }
        let outcome = compile_guarded(&source, &name, &file_name, Variant::default());

        match (known.by_path(&file_name), outcome.is_failure()) {
            (None, true) => problems.push(format!(
                "{file_name}: the compiler crashed ({}); fix it, or list the file in compiler/tests/known_crashes.txt with a FIXME",
                outcome.signature().unwrap_or_default()
            )),
            (Some(k), false) => problems.push(format!(
                "{file_name} is listed in known_crashes.txt ({}) but no longer crashes: remove the entry and bless the new snapshot",
                k.note
            )),
            _ => {}
        }
        check_frames(&name, &file_name, &source, &outcome, &mut problems);

        let text = snapshot_text(&outcome);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"));
        settings.set_input_file(path);
        settings.set_description(source.lines().next().unwrap_or("").trim_start_matches("# ").to_string());
        settings.set_omit_expression(true);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| settings.bind(|| insta::assert_snapshot!(name.as_str(), text))));
        if r.is_err() {
            snapshot_failures.push(file_name);
        }
    }

    // A snapshot whose case file was deleted or renamed would never be checked again.
    let snap_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    if let Ok(rd) = std::fs::read_dir(&snap_dir) {
        for e in rd.flatten() {
            let f = e.file_name().to_string_lossy().into_owned();
            if let Some(stem) = f.strip_prefix("errors__").and_then(|s| s.strip_suffix(".snap")) {
                if !files.iter().any(|p| p.file_stem().is_some_and(|s| s == stem)) {
                    problems.push(format!("orphan snapshot compiler/tests/snapshots/{f}: tests/errors/{stem}.py does not exist"));
                }
            }
        }
    }
    for k in &known.entries {
        if !k.path.starts_with("tests/errors/") || !files.iter().any(|p| p.ends_with(&k.path)) {
            problems.push(format!("known_crashes.txt names {}, which is not a tests/errors case", k.path));
        }
    }
    for f in &known.fuzz_inputs {
        if known.by_path(&f.same_as).is_none() {
            problems.push(format!(
                "known_crashes.txt: `fuzz-input {:016x} {}` names no listed reproducer (fixed? then delete the line)",
                f.hash, f.same_as
            ));
        }
    }

    if !snapshot_failures.is_empty() {
        problems.push(format!(
            "{} snapshot(s) differ: {}\n  bless with `cargo insta review` or `INSTA_UPDATE=always cargo test --release -p kiln --test errors`, then read the diff",
            snapshot_failures.len(),
            snapshot_failures.join(", ")
        ));
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}
