//! Shared helpers of the robustness tests (`errors.rs`, `fuzz_nopanic.rs`).
//!
//! - [`repo_root`], [`corpus_files`]: where the inputs live;
//! - [`compile_guarded`]: runs `kiln::compile` (and renders its diagnostics)
//!   under `catch_unwind`, with a panic hook that records the panic's message
//!   and location instead of printing it, and classifies the result;
//! - [`KnownCrashes`]: `compiler/tests/known_crashes.txt`, the list of inputs
//!   that crash the compiler today (each one a FIXME for the compiler).
//!
//! Invariant: nothing here hides a failure. An escaped panic and an "internal
//! compiler error" diagnostic are both failures ([`Outcome::is_failure`]); the
//! known-crash list matches inputs byte for byte, never by pattern.

#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

/// The workspace root (the parent of `compiler/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("compiler/ has a parent").to_path_buf()
}

/// The cargo target directory of the running test binary
/// (`<target>/<profile>/deps/<test>-<hash>`), so that crash files land next to
/// the build even when `CARGO_TARGET_DIR` points elsewhere.
pub fn target_dir() -> PathBuf {
    if let Ok(exe) = std::env::current_exe() {
        let deps = exe.parent().filter(|d| d.file_name().is_some_and(|n| n == "deps"));
        if let Some(t) = deps.and_then(Path::parent).and_then(Path::parent) {
            return t.to_path_buf();
        }
    }
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(t) => PathBuf::from(t),
        None => repo_root().join("target"),
    }
}

/// Sorted `*.py` files directly inside `dir` (relative to the repo root).
pub fn py_files(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match std::fs::read_dir(repo_root().join(dir)) {
        Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "py") && p.is_file()).collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

/// The fuzzer's seed corpus: every differential case, diagnostic case,
/// benchmark kernel, example and middle-end golden input.
pub fn corpus_files() -> Vec<PathBuf> {
    ["tests/cases", "tests/errors", "bench/kernels", "examples", "compiler/tests/golden"].iter().flat_map(|d| py_files(d)).collect()
}

/// What one guarded compilation did.
#[derive(Debug)]
pub enum Outcome {
    /// `kiln::compile` (or rendering its diagnostics) panicked.
    Panic { message: String, location: String },
    /// It returned; `rendered` is the uncolored rendering of `diags`.
    Done { ok: bool, diags: Vec<kiln::diag::Diagnostic>, rendered: String },
}

impl Outcome {
    /// The first "internal compiler error" diagnostic, if any.
    pub fn ice(&self) -> Option<&kiln::diag::Diagnostic> {
        match self {
            Outcome::Done { diags, .. } => diags.iter().find(|d| d.message.starts_with("internal compiler error")),
            Outcome::Panic { .. } => None,
        }
    }

    /// A panic or an internal compiler error: a compiler bug either way.
    pub fn is_failure(&self) -> bool {
        matches!(self, Outcome::Panic { .. }) || self.ice().is_some()
    }

    /// A short, stable description of the failure, used to group mutants
    /// that hit the same bug (digits are dropped so that sizes and indices
    /// in messages do not split one bug into many).
    pub fn signature(&self) -> Option<String> {
        let sig = match self {
            Outcome::Panic { message, location } => {
                format!("panic at {location}: {}", first_line(message))
            }
            Outcome::Done { .. } => {
                // "internal compiler error: the IR verifier failed:\n<func>: <what>":
                // the first line is generic; keep what went wrong, without
                // the function name (which minimization cannot change).
                let msg = &self.ice()?.message;
                let detail = msg.lines().nth(1).map(|l| l.split_once(": ").map_or(l, |(_, w)| w)).unwrap_or("");
                format!("ICE: {} {detail}", first_line(msg))
            }
        };
        let mut s: String = sig.chars().filter(|c| !c.is_ascii_digit()).collect();
        s.truncate(160);
        Some(s)
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

#[derive(Default)]
struct PanicRecord {
    message: String,
    location: String,
}

thread_local! {
    /// The last panic on this thread (the hook runs on the panicking thread).
    static LAST_PANIC: std::cell::RefCell<Option<PanicRecord>> = const { std::cell::RefCell::new(None) };
    /// Set while `compile_guarded` runs on this thread: only those panics are
    /// recorded quietly; every other panic (a failing assertion) is printed.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}
static HOOK: Once = Once::new();

/// Counts panics that kiln caught itself (the parser's and the back end's
/// `catch_unwind`): they are reported separately, as they never reach the user
/// as a crash.
pub static CAUGHT_PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Installs (once per process) a panic hook that records the message and
/// location of panics inside [`compile_guarded`] instead of printing a
/// backtrace per mutant; other panics go to the previous hook.
pub fn install_quiet_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(|g| g.get()) {
                previous(info);
                return;
            }
            let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
                s.to_string()
            } else if let Some(s) = info.payload().downcast_ref::<String>() {
                s.clone()
            } else {
                "<non-string panic payload>".to_string()
            };
            let location = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(PanicRecord { message, location }));
        }));
    });
}

/// Which `kiln::Options` variant to compile with (the fuzzer rotates through
/// them so that every back-end configuration sees the inputs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Variant {
    /// Also print the IR (`--emit=ir`).
    pub emit_ir: bool,
    /// Cranelift without optimizations (`-O0`).
    pub opt_none: bool,
    /// The baseline x86-64 ISA instead of the host's extensions.
    pub baseline_cpu: bool,
}

impl Variant {
    /// Variant number `i` of the rotation.
    pub fn nth(i: u64) -> Variant {
        Variant { emit_ir: i % 4 == 1, opt_none: i % 3 == 2, baseline_cpu: i % 5 == 3 }
    }
}

/// Compiles `source` as module `module_name`, shown as `file_name`, with the
/// IR and Cranelift verifiers on, and renders the diagnostics; a panic
/// anywhere becomes [`Outcome::Panic`].
pub fn compile_guarded(source: &str, module_name: &str, file_name: &str, variant: Variant) -> Outcome {
    install_quiet_panic_hook();
    LAST_PANIC.with(|p| *p.borrow_mut() = None);
    GUARDED.with(|g| g.set(true));
    let mut opts = kiln::Options::new(module_name);
    opts.file_name = file_name.to_string();
    opts.verify = true;
    opts.emit_ir = variant.emit_ir;
    if variant.opt_none {
        opts.opt_level = "none";
    }
    opts.native_cpu = !variant.baseline_cpu;
    let result = std::panic::catch_unwind(|| {
        let (artifact, diags) = kiln::compile(source, &opts);
        let rendered = kiln::diag::render(file_name, source, &diags, false);
        (artifact.is_some(), diags, rendered)
    });
    GUARDED.with(|g| g.set(false));
    let last = LAST_PANIC.with(|p| p.borrow_mut().take());
    match result {
        Ok((ok, diags, rendered)) => {
            if let Some(p) = last {
                if let Ok(mut c) = CAUGHT_PANICS.lock() {
                    c.push(format!("{}: {}", p.location, first_line(&p.message)));
                }
            }
            Outcome::Done { ok, diags, rendered }
        }
        Err(payload) => {
            let rec = last.unwrap_or_else(|| PanicRecord {
                message: payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default(),
                location: String::new(),
            });
            Outcome::Panic { message: rec.message, location: rec.location }
        }
    }
}

/// One reproducer entry of `compiler/tests/known_crashes.txt`.
#[derive(Debug, Clone)]
pub struct KnownCrash {
    /// Path relative to the repo root (a `tests/errors/*.py` reproducer).
    pub path: String,
    /// The rest of the line: the FIXME text.
    pub note: String,
    /// The file's exact contents.
    pub source: String,
}

/// A `fuzz-input` entry: one exact fuzz mutant (by content hash) that hits
/// the bug of an existing reproducer entry.
#[derive(Debug, Clone)]
pub struct KnownFuzzInput {
    pub hash: u64,
    /// The reproducer entry (`tests/errors/...`) it duplicates.
    pub same_as: String,
}

/// `compiler/tests/known_crashes.txt`: inputs that crash the compiler (panic
/// or internal compiler error) today. Two kinds of lines (`#` starts a
/// comment line):
/// - `tests/errors/<name>.py  FIXME(<issue>): <what goes wrong>`: a minimized
///   reproducer;
/// - `fuzz-input <fnv1a-64 hex> tests/errors/<name>.py`: one exact mutant of
///   the fuzzer's default run that hits the same bug as that reproducer.
///
/// The fuzzer skips exactly these inputs (byte for byte, or by the hash of
/// the whole input) and `errors.rs` checks that each reproducer still crashes
/// and that every `fuzz-input` names a listed reproducer, so no entry can
/// outlive its bug.
#[derive(Debug, Default)]
pub struct KnownCrashes {
    pub entries: Vec<KnownCrash>,
    pub fuzz_inputs: Vec<KnownFuzzInput>,
}

impl KnownCrashes {
    pub fn load() -> KnownCrashes {
        let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/known_crashes.txt");
        let text = std::fs::read_to_string(&list).unwrap_or_default();
        let mut out = KnownCrashes::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut words = line.split_whitespace();
            if line.starts_with("fuzz-input") {
                let (_, hash, same_as) = (words.next(), words.next(), words.next());
                let hash = hash
                    .and_then(|h| u64::from_str_radix(h, 16).ok())
                    .unwrap_or_else(|| panic!("known_crashes.txt: malformed line {line:?}"));
                let same_as = same_as.unwrap_or_else(|| panic!("known_crashes.txt: {line:?} names no reproducer"));
                out.fuzz_inputs.push(KnownFuzzInput { hash, same_as: same_as.to_string() });
                continue;
            }
            let (path, note) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let source = std::fs::read_to_string(repo_root().join(path))
                .unwrap_or_else(|e| panic!("known_crashes.txt names {path}, which cannot be read: {e}"));
            out.entries.push(KnownCrash { path: path.to_string(), note: note.trim().to_string(), source });
        }
        out
    }

    /// The reproducer this exact input is, or duplicates, if any.
    pub fn exact(&self, source: &str) -> Option<&str> {
        if let Some(e) = self.entries.iter().find(|e| e.source == source) {
            return Some(&e.path);
        }
        let h = fnv1a(source.as_bytes());
        self.fuzz_inputs.iter().find(|f| f.hash == h).map(|f| f.same_as.as_str())
    }

    pub fn by_path(&self, path: &str) -> Option<&KnownCrash> {
        self.entries.iter().find(|e| e.path == path)
    }
}

/// FNV-1a, 64 bits: a stable name for crash files.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
