//! The link step: object file + runtime static library → CPython extension.
//!
//! With `main.rs`, this is the only code that touches files and processes.
//! The recipe (see docs/ARCHITECTURE.md): `cc -shared` with a version script
//! that exports only `PyInit_<mod>` (so two kiln modules in one process never
//! bind to each other's runtime), `--gc-sections`, `-s` unless symbols are
//! kept, and the native libraries Rust's standard library needs.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The system libraries a Rust staticlib needs on Linux/glibc
/// (`cargo rustc -- --print native-static-libs`).
const NATIVE_LIBS: &[&str] = &["-lgcc_s", "-lutil", "-lrt", "-lpthread", "-lmvec", "-lm", "-ldl", "-lc"];

pub struct LinkOptions {
    pub keep_symbols: bool,
    pub verbose: bool,
}

/// Finds `libkiln_runtime.a`: `$KILN_RUNTIME_LIB`, else next to the `kiln` executable.
pub fn find_runtime_lib() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("KILN_RUNTIME_LIB") {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Ok(p);
        }
        bail!("KILN_RUNTIME_LIB points to {}, which does not exist", p.display());
    }
    let exe = std::env::current_exe().context("locating the kiln executable")?;
    let dir = exe.parent().map(Path::to_path_buf).unwrap_or_default();
    for candidate in [dir.join("libkiln_runtime.a"), dir.join("../lib/libkiln_runtime.a")] {
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    bail!(
        "cannot find the kiln runtime (libkiln_runtime.a) next to {}; build it with `cargo build --release` or set KILN_RUNTIME_LIB",
        exe.display()
    )
}

/// The filename suffix of CPython extensions (`.cpython-311-x86_64-linux-gnu.so`).
///
/// Asking Python costs ~150 ms, so the answer is cached per interpreter, in
/// the user's cache directory. `$KILN_EXT_SUFFIX` overrides it.
pub fn ext_suffix() -> Result<String> {
    if let Ok(s) = std::env::var("KILN_EXT_SUFFIX") {
        return Ok(s);
    }
    let python = std::env::var("KILN_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let resolved = resolve_executable(&python).unwrap_or_else(|| PathBuf::from(&python));
    let real = std::fs::canonicalize(&resolved).unwrap_or(resolved);
    let cache_dir = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .map(|d| d.join("kiln"));
    let key: String = real.to_string_lossy().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let cache_file = cache_dir.as_ref().map(|d| d.join(format!("ext_suffix{key}")));
    if let Some(f) = &cache_file {
        if let Ok(s) = std::fs::read_to_string(f) {
            if s.starts_with('.') && s.ends_with(".so") {
                return Ok(s);
            }
        }
    }
    let out = Command::new(&python)
        .args(["-c", "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))"])
        .output()
        .with_context(|| format!("running {python} to find the extension suffix (set KILN_PYTHON or KILN_EXT_SUFFIX)"))?;
    let s = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || !s.starts_with('.') {
        bail!("{python} did not report an extension suffix");
    }
    if let (Some(d), Some(f)) = (&cache_dir, &cache_file) {
        let _ = std::fs::create_dir_all(d);
        let _ = std::fs::write(f, &s);
    }
    Ok(s)
}

fn resolve_executable(name: &str) -> Option<PathBuf> {
    if name.contains('/') {
        return Some(PathBuf::from(name));
    }
    std::env::split_paths(&std::env::var_os("PATH")?).map(|d| d.join(name)).find(|p| p.is_file())
}

/// Links `object` with the runtime into the extension module `output`.
pub fn link(object: &[u8], module_name: &str, output: &Path, opts: &LinkOptions) -> Result<()> {
    let runtime = find_runtime_lib()?;
    let tmp = tempdir()?;
    let obj_path = tmp.join(format!("{module_name}.o"));
    std::fs::write(&obj_path, object).with_context(|| format!("writing {}", obj_path.display()))?;
    let script = tmp.join("exports.map");
    std::fs::write(&script, format!("{{ global: PyInit_{module_name}; local: *; }};\n"))?;
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let mut cmd = Command::new(&cc);
    cmd.arg("-shared").arg("-o").arg(output).arg(&obj_path).arg(&runtime);
    cmd.arg(format!("-Wl,--version-script={}", script.display())).arg("-Wl,--gc-sections");
    if !opts.keep_symbols {
        cmd.arg("-s");
    }
    cmd.args(NATIVE_LIBS);
    if opts.verbose {
        eprintln!("kiln: link: {cmd:?}");
    }
    let out = cmd.output().with_context(|| format!("running the linker `{cc}`"))?;
    let _ = std::fs::remove_dir_all(&tmp);
    if !out.status.success() {
        bail!("linking failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}

fn tempdir() -> Result<PathBuf> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!("kiln-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed)));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}
