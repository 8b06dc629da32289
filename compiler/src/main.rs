//! The `kiln` command: compiles `mod.py` into `mod<EXT_SUFFIX>` next to it.
//!
//! This driver and `link.rs` are the only places that do I/O: reading the
//! source (and an optional `mod.pythran` side file), printing diagnostics and
//! dumps, writing the object, and running the linker.

mod link;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, ValueEnum};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Emit {
    /// kiln's typed IR, printed to standard output (or to -o).
    Ir,
    /// Cranelift IR of every function, printed to standard output (or to -o).
    Clif,
    /// The relocatable object file, written to -o or `mod.o`.
    Obj,
    /// The extension module (the default).
    So,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Compile a Python/NumPy module into a CPython extension module.
#[derive(Parser, Debug)]
#[command(name = "kiln", version, about)]
struct Cli {
    /// The Python module to compile.
    input: PathBuf,
    /// Output path (default: `<module><EXT_SUFFIX>` next to the input).
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// Optimization level: 0 disables Cranelift's optimizer.
    #[arg(short = 'O', default_value = "2", value_parser = clap::value_parser!(u8).range(0..=3))]
    opt: u8,
    /// Print the time of each stage.
    #[arg(short = 'v', long = "verbose")]
    verbose: bool,
    /// What to produce; may be repeated (`--emit=ir --emit=so`).
    #[arg(long = "emit", value_enum, default_value = "so")]
    emit: Vec<Emit>,
    /// Keep symbols in the extension module (for profilers and debuggers).
    #[arg(short = 'g')]
    keep_symbols: bool,
    /// Run the IR and Cranelift verifiers.
    #[arg(long = "verify")]
    verify: bool,
    /// Generate code for baseline x86-64 instead of this machine's CPU.
    #[arg(long = "baseline-cpu")]
    baseline_cpu: bool,
    /// Print the IR after this middle-end pass (repeatable; `all` for every pass).
    #[arg(long = "dump-after", value_name = "PASS")]
    dump_after: Vec<String>,
    /// Report what the optimizer did (and could not do), per function, with source lines.
    #[arg(long = "report")]
    report: bool,
    /// Print a middle-end analysis of the unoptimized IR (repeatable):
    /// callgraph, effects, purity, usedef, alias.
    #[arg(long = "print-analysis", value_name = "NAME")]
    print_analysis: Vec<String>,
    /// Colored diagnostics.
    #[arg(long = "color", value_enum, default_value = "auto")]
    color: Color,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode> {
    let total = Instant::now();
    let source = std::fs::read_to_string(&cli.input).with_context(|| format!("reading {}", cli.input.display()))?;
    let stem = cli.input.file_stem().and_then(|s| s.to_str()).context("the input file needs a name")?.to_string();
    let side = cli.input.with_extension("pythran");
    let side_file =
        if side.is_file() { Some(std::fs::read_to_string(&side).with_context(|| format!("reading {}", side.display()))?) } else { None };

    let mut opts = kiln::Options::new(&stem);
    opts.file_name = cli.input.display().to_string();
    opts.side_file = side_file;
    opts.emit_ir = cli.emit.contains(&Emit::Ir);
    opts.emit_clif = cli.emit.contains(&Emit::Clif);
    opts.verify = cli.verify || cfg!(debug_assertions);
    opts.opt_level = if cli.opt == 0 { "none" } else { "speed" };
    opts.native_cpu = !cli.baseline_cpu;
    opts.optimize = cli.opt > 0;
    opts.dump_after = cli.dump_after.clone();
    for name in &cli.dump_after {
        if name != "all" && !kiln::middle::pipeline::pass_names().contains(&name.as_str()) {
            anyhow::bail!("unknown pass `{name}` for --dump-after; passes: {}", kiln::middle::pipeline::pass_names().join(", "));
        }
    }

    for name in &cli.print_analysis {
        if !kiln::middle::analysis::NAMES.contains(&name.as_str()) {
            anyhow::bail!("unknown analysis `{name}` for --print-analysis; analyses: {}", kiln::middle::analysis::NAMES.join(", "));
        }
    }
    if !cli.print_analysis.is_empty() {
        if let (Some(m), _, _) = kiln::lower_module(&source, &opts) {
            for name in &cli.print_analysis {
                print!("; {name}\n{}", kiln::middle::analysis::summary(&m, name).unwrap_or_default());
            }
        }
    }

    let (artifact, diags) = kiln::compile(&source, &opts);
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal(),
    };
    if !diags.is_empty() {
        eprint!("{}", kiln::diag::render(&opts.file_name, &source, &diags, color));
    }
    let Some(artifact) = artifact else {
        let n = diags.iter().filter(|d| d.is_error()).count();
        eprintln!("kiln: {n} error{} in {}", if n == 1 { "" } else { "s" }, opts.file_name);
        return Ok(ExitCode::from(1));
    };

    let text_out = |text: &str| -> Result<()> {
        match &cli.output {
            Some(p) if !cli.emit.contains(&Emit::So) && !cli.emit.contains(&Emit::Obj) => {
                std::fs::write(p, text).with_context(|| format!("writing {}", p.display()))
            }
            _ => {
                print!("{text}");
                Ok(())
            }
        }
    };
    for (pass, dump) in &artifact.passes.dumps {
        println!("; IR after {pass}\n{dump}");
    }
    if cli.report {
        print!("{}", report(&artifact.passes.remarks, &source, &opts.file_name));
    }
    if let Some(ir) = &artifact.ir_text {
        text_out(ir)?;
    }
    if let Some(clif) = &artifact.clif_text {
        text_out(clif)?;
    }
    if cli.emit.contains(&Emit::Obj) {
        let path = cli.output.clone().unwrap_or_else(|| cli.input.with_file_name(format!("{stem}.o")));
        std::fs::write(&path, &artifact.object).with_context(|| format!("writing {}", path.display()))?;
    }
    let mut link_time = None;
    if cli.emit.contains(&Emit::So) {
        let t = Instant::now();
        let path = match &cli.output {
            Some(p) => p.clone(),
            None => cli.input.with_file_name(format!("{stem}{}", link::ext_suffix()?)),
        };
        link::link(&artifact.object, &stem, &path, &link::LinkOptions { keep_symbols: cli.keep_symbols, verbose: cli.verbose })?;
        link_time = Some(t.elapsed());
    }
    if cli.verbose {
        for (stage, d) in &artifact.timings {
            eprintln!("kiln: {stage:<8} {:8.2} ms", d.as_secs_f64() * 1e3);
            if *stage == "optimize" {
                for (pass, d) in &artifact.passes.timings {
                    eprintln!("kiln:   {pass:<12} {:8.3} ms", d.as_secs_f64() * 1e3);
                }
            }
        }
        if let Some(d) = link_time {
            eprintln!("kiln: {:<8} {:8.2} ms", "link", d.as_secs_f64() * 1e3);
        }
        eprintln!("kiln: {:<8} {:8.2} ms", "total", total.elapsed().as_secs_f64() * 1e3);
    }
    Ok(ExitCode::SUCCESS)
}

/// The `--report` text: the optimizer's remarks grouped by function, each
/// with its source line.
fn report(remarks: &[kiln::middle::pass_manager::Remark], source: &str, file: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut functions: Vec<&str> = remarks.iter().map(|r| r.function.as_str()).collect();
    functions.sort();
    functions.dedup();
    for func in functions {
        let _ = writeln!(out, "function {func}:");
        let mut seen = Vec::new();
        for r in remarks.iter().filter(|r| r.function == func) {
            let (line, col) = kiln::diag::line_col(source, r.span.start);
            let key = (line, col, r.message.clone());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let text = source.lines().nth(line.saturating_sub(1)).unwrap_or("").trim();
            let _ = writeln!(out, "  {file}:{line}:{col}: [{}] {}\n      | {text}", r.pass, r.message);
        }
    }
    if out.is_empty() {
        out.push_str("kiln: nothing to report\n");
    }
    out
}
