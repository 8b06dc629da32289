//! kiln: an ahead-of-time compiler from the numeric subset of Python and
//! NumPy to CPython extension modules.
//!
//! The core entry point is [`compile`]: source text in, an object file (plus
//! optional dumps) and diagnostics out. It does no I/O; the `kiln` binary
//! (`main.rs`) reads files, calls `compile`, and links the object with the
//! runtime (`link.rs`). See `docs/ARCHITECTURE.md` for the code map.

#[path = "../../runtime/src/abi.rs"]
pub mod abi;
pub mod back;
pub mod diag;
pub mod front;
pub mod ir;
pub mod middle;
pub mod numpy_rules;
pub mod optable;
pub mod types;

use std::time::{Duration, Instant};

use diag::{Diagnostic, Diagnostics, Span};

/// What to compile and how.
#[derive(Clone, Debug)]
pub struct Options {
    /// The Python module name (`PyInit_<name>`).
    pub module_name: String,
    /// The file name shown in diagnostics.
    pub file_name: String,
    /// Contents of a `mod.pythran` side file with export lines, if any.
    pub side_file: Option<String>,
    pub emit_ir: bool,
    pub emit_clif: bool,
    /// Run the IR and Cranelift verifiers.
    pub verify: bool,
    /// Cranelift optimization level ("none", "speed", "speed_and_size").
    pub opt_level: &'static str,
    /// Use the host CPU's instruction-set extensions.
    pub native_cpu: bool,
    /// Run the middle-end optimization pipeline.
    pub optimize: bool,
    /// Keep the IR after these passes (`--dump-after`).
    pub dump_after: Vec<String>,
}

impl Options {
    pub fn new(module_name: &str) -> Options {
        Options {
            module_name: module_name.to_string(),
            file_name: format!("{module_name}.py"),
            side_file: None,
            emit_ir: false,
            emit_clif: false,
            verify: cfg!(debug_assertions),
            opt_level: "speed",
            native_cpu: true,
            optimize: true,
            dump_after: Vec::new(),
        }
    }
}

/// The result of a successful compilation.
#[derive(Debug, Default)]
pub struct Artifact {
    /// The relocatable object file (ELF).
    pub object: Vec<u8>,
    pub ir_text: Option<String>,
    pub clif_text: Option<String>,
    /// Wall time of each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// Per-pass timings, `--dump-after` dumps and `--report` remarks.
    pub passes: middle::pass_manager::PassLog,
}

/// Parses, resolves and lowers one module to kiln IR (no optimization):
/// the module, the stage timings, and the diagnostics so far (warnings
/// included). `None` when there are errors.
pub fn lower_module(source: &str, opts: &Options) -> (Option<ir::Module>, Vec<(&'static str, Duration)>, Vec<Diagnostic>) {
    let mut timings = Vec::new();
    let mut diags = Diagnostics::default();
    if !is_identifier(&opts.module_name) {
        diags.error(Span::default(), format!("`{}` is not a valid Python module name", opts.module_name));
        return (None, timings, diags.list);
    }

    let t = Instant::now();
    let mut suite = match front::parse::parse_module(source, &opts.file_name) {
        Ok(s) => s,
        Err(d) => return (None, timings, vec![d]),
    };
    for d in front::desugar::desugar(&mut suite) {
        diags.push(d);
    }
    front::generators::add_list_twins(&mut suite);
    timings.push(("parse", t.elapsed()));

    let t = Instant::now();
    let mut info = front::module::resolve_module(&suite, &mut diags);
    let mut eval_remarks = Vec::new();
    if !diags.has_errors() {
        eval_remarks = eval_module_calls(source, &suite, &mut info, &opts.module_name);
    }
    let overloads = front::exports::concrete_overloads(source, &info, opts.side_file.as_deref(), &mut diags);
    if overloads.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error(Span::default(), "this module exports nothing")
                .with_note("add a `#pythran export f(int, float64[:])` comment, or annotate every parameter of a function"),
        );
    }
    let directives = front::parse::comment_directives(source);
    let mut lw = front::lower::Lowerer::new(source, &info, &directives, &opts.module_name);
    let mut exported: Vec<ir::ExportedFunc> = Vec::new();
    for o in &overloads {
        let (fid, _) = lw.instance(o.func_index, o.arg_types.clone(), None);
        let ov = ir::ExportedOverload { func: fid, signature: o.signature.clone(), arg_codes: o.arg_codes.clone() };
        match exported.iter_mut().find(|e| e.name == o.name) {
            Some(e) => e.overloads.push(ov),
            None => exported.push(ir::ExportedFunc { name: o.name.clone(), overloads: vec![ov] }),
        }
    }
    for d in lw.finish().list {
        diags.push(d);
    }
    let mut module = std::mem::take(&mut lw.module);
    module.exports = exported;
    module.remarks = eval_remarks;
    if !diags.has_errors() {
        for d in middle::analysis::const_lists::check(&module) {
            diags.push(d);
        }
    }
    timings.push(("lower", t.elapsed()));
    if diags.has_errors() {
        return (None, timings, diags.list);
    }
    (Some(module), timings, diags.list)
}

/// Module constants bound to a call of a module function with constant
/// scalar arguments (`X = f(10)`), which the front end's constant evaluator
/// leaves unsupported, are evaluated by lowering `f` on its own and running
/// it at compile time (`middle::opt::jit_eval::evaluate_call`: only pure,
/// non-raising functions of Python scalars, under a time limit). Anything
/// else keeps the front end's verdict (an error where the name is used).
/// Returns a `jit-eval` remark for each constant evaluated.
fn eval_module_calls(
    source: &str,
    suite: &[rustpython_parser::ast::Stmt],
    info: &mut front::module::ModuleInfo,
    module_name: &str,
) -> Vec<middle::pass_manager::Remark> {
    use front::module::{eval_const, ConstValue, Global};
    use rustpython_parser::ast;
    let directives = front::parse::comment_directives(source);
    let mut remarks = Vec::new();
    for stmt in suite {
        let ast::Stmt::Assign(a) = stmt else { continue };
        let [ast::Expr::Name(target)] = a.targets.as_slice() else { continue };
        if !matches!(info.globals.get(target.id.as_str()), Some(Global::Unsupported(..))) {
            continue;
        }
        let ast::Expr::Call(call) = a.value.as_ref() else { continue };
        let ast::Expr::Name(fname) = call.func.as_ref() else { continue };
        let Some(Global::Func(index)) = info.globals.get(fname.id.as_str()).cloned() else { continue };
        if !call.keywords.is_empty() {
            continue;
        }
        let mut consts = Vec::new();
        let mut arg_types = Vec::new();
        for e in &call.args {
            let (c, t) = match eval_const(e, info) {
                Ok(ConstValue::Int(i)) => (ir::Const::Int(i), types::Type::Int),
                Ok(ConstValue::Float(x)) => (ir::Const::Float(x), types::Type::Float),
                Ok(ConstValue::Bool(b)) => (ir::Const::Bool(b), types::Type::Bool),
                _ => break,
            };
            consts.push(c);
            arg_types.push(t);
        }
        if consts.len() != call.args.len() {
            continue;
        }
        let value = {
            let mut lw = front::lower::Lowerer::new(source, info, &directives, module_name);
            let (fid, _) = lw.instance(index, arg_types, None);
            if lw.finish().has_errors() {
                continue;
            }
            let mut m = std::mem::take(&mut lw.module);
            if !ir::verify::verify_module(&m).is_empty()
                || middle::pipeline::lower_only(&mut m, middle::pass_manager::PassOptions::default()).is_err()
            {
                continue;
            }
            middle::opt::jit_eval::evaluate_call(&m, fid, &consts)
        };
        use middle::opt::jit_eval::Folded;
        let value = match value {
            Ok(v) => v,
            Err(why) => {
                // Keep the front end's error where the name is used, with the reason.
                if let Some(Global::Unsupported(span, _)) = info.globals.get(target.id.as_str()).cloned() {
                    let note = format!("`{}(...)` could not be evaluated at compile time: {why}", fname.id);
                    info.globals.insert(target.id.to_string(), Global::Unsupported(span, note));
                }
                continue;
            }
        };
        {
            let v = &value;
            let text: Vec<String> = consts.iter().map(|c| Folded::Scalar(c.clone()).text()).collect();
            remarks.push(middle::pass_manager::Remark {
                pass: "jit-eval",
                function: "<module>".to_string(),
                span: front::module::span_of_expr(&a.value),
                message: format!("evaluated `{}({})` at compile time: {}", fname.id, text.join(", "), v.text()),
            });
        }
        let value = match value {
            Folded::Scalar(ir::Const::Int(i)) => ConstValue::Int(i),
            Folded::Scalar(ir::Const::Float(x)) => ConstValue::Float(x),
            Folded::Scalar(ir::Const::Bool(b)) => ConstValue::Bool(b),
            Folded::List(l) => {
                let span = front::module::span_of(stmt);
                ConstValue::List(std::rc::Rc::new(ir::ConstList { global: Some((target.id.to_string(), span)), ..(*l).clone() }))
            }
            _ => continue,
        };
        info.globals.insert(target.id.to_string(), Global::Const(value));
    }
    remarks
}

/// Compiles one module. Never panics on any input: problems are diagnostics.
pub fn compile(source: &str, opts: &Options) -> (Option<Artifact>, Vec<Diagnostic>) {
    let (module, mut timings, list) = lower_module(source, opts);
    let mut diags = Diagnostics::default();
    for d in list {
        diags.push(d);
    }
    let Some(mut module) = module else { return (None, diags.list) };

    if opts.verify {
        let errors = ir::verify::verify_module(&module);
        if !errors.is_empty() {
            diags.push(internal_error(format!("the IR verifier failed:\n{}", errors.join("\n"))));
            return (None, diags.list);
        }
    }
    let t = Instant::now();
    let passes;
    {
        let options = middle::pass_manager::PassOptions { verify: opts.verify, dump_after: opts.dump_after.clone() };
        let result = if opts.optimize {
            middle::pipeline::optimize(&mut module, options)
        } else {
            middle::pipeline::lower_only(&mut module, options)
        };
        match result {
            Ok(log) => passes = log,
            Err(e) => {
                diags.push(internal_error(e));
                return (None, diags.list);
            }
        }
    }
    timings.push(("optimize", t.elapsed()));
    let mut passes = passes;
    passes.remarks.splice(0..0, std::mem::take(&mut module.remarks));
    let ir_text = opts.emit_ir.then(|| ir::print::module_to_string(&module));

    let t = Instant::now();
    let backend =
        back::BackendOptions { opt_level: opts.opt_level, emit_clif: opts.emit_clif, verify: opts.verify, native_cpu: opts.native_cpu };
    // Cranelift may panic on IR it does not expect; that is a kiln bug, but
    // it must surface as a diagnostic, not a crash.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| back::compile_module(&module, &backend)));
    let out = match result {
        Ok(Ok(out)) => out,
        Ok(Err(e)) => {
            diags.push(internal_error(e));
            return (None, diags.list);
        }
        Err(p) => {
            let msg = p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
            diags.push(internal_error(format!("code generation panicked: {msg}")));
            return (None, diags.list);
        }
    };
    timings.push(("codegen", t.elapsed()));
    passes.remarks.extend(out.remarks);
    let artifact = Artifact { object: out.bytes, ir_text, clif_text: out.clif_text, timings, passes };
    (Some(artifact), diags.list)
}

fn internal_error(msg: String) -> Diagnostic {
    Diagnostic::error(Span::default(), format!("internal compiler error: {msg}"))
        .with_note("this is a bug in kiln; please report it with the module that triggered it")
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
}
