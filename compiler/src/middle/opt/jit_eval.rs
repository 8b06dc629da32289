//! Compile-time evaluation of pure functions with constant arguments.
//!
//! A call `g(c1, ..., cn)` whose arguments are constants and whose callee is
//! pure and cannot raise (`Purity::can_fold`), with Python-scalar parameters
//! and result (`int`, `float`, `bool`), and whose reachable code handles only
//! such scalars, is compiled in memory with `cranelift-jit` (`back::jit`,
//! the same translation as for the module itself, so the value is exactly
//! what the call would produce at run time) and replaced by its result:
//! `fibo(12)` becomes `144`.
//!
//! Termination: instead of bounding loops statically, the code runs in a
//! forked child process under a wall-clock limit (`CALL_LIMIT`): a call that
//! does not finish in time, or that crashes (deep recursion overflowing the
//! stack), is simply not folded, and the child is killed. The parent never
//! runs the code. Each run of the pass spends at most `PASS_BUDGET` on
//! evaluation, so compile time stays bounded whatever the input.
//!
//! Uses: `Purity`, `CallGraph`, `ModuleEffects`. Preserves: nothing.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::ir::{Const, FuncId, Inst, Module, Op, Stmt};
use crate::middle::analysis::callgraph::CallGraph;
use crate::middle::analysis::effects::ModuleEffects;
use crate::middle::analysis::purity::Purity;
use crate::middle::opt::constfold::const_of;
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::types::Type;

/// Longest a single evaluation may run.
const CALL_LIMIT: Duration = Duration::from_millis(100);
/// Most time one run of the pass spends evaluating.
const PASS_BUDGET: Duration = Duration::from_millis(200);

pub struct JitEval;

impl Pass for JitEval {
    fn name(&self) -> &'static str {
        "jit-eval"
    }

    fn run(&self, m: &mut Module, am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let purity = am.get::<Purity>(m).clone();
        let cg = am.get::<CallGraph>(m).clone();
        let fx = am.get::<ModuleEffects>(m).clone();
        // Candidate calls: (caller, instruction, callee, argument words).
        let mut calls: Vec<(FuncId, Inst, FuncId, Vec<Const>)> = Vec::new();
        for (id, f) in m.funcs.iter() {
            if f.dead {
                continue;
            }
            for b in f.blocks_preorder() {
                for s in &f.blocks[b].stmts {
                    let Stmt::Inst(i) = s else { continue };
                    let Op::Call(callee) = f.insts[*i].op else { continue };
                    if !purity.can_fold(callee) || !scalar_only(m, &cg, callee) {
                        continue;
                    }
                    let args: Option<Vec<Const>> = f.insts[*i].args.iter().map(|a| const_of(f, *a)).collect();
                    if let Some(args) = args {
                        calls.push((id, *i, callee, args));
                    }
                }
            }
        }
        if calls.is_empty() {
            return PassResult::unchanged();
        }
        let start = Instant::now();
        let mut code: HashMap<FuncId, Option<crate::back::jit::Jitted>> = HashMap::new();
        let mut results: HashMap<(FuncId, Vec<u64>), Option<Const>> = HashMap::new();
        let mut changed = false;
        for (caller, inst, callee, args) in calls {
            if start.elapsed() > PASS_BUDGET {
                break;
            }
            let Some(words) = args.iter().map(word).collect::<Option<Vec<u64>>>() else { continue };
            let ret = m.funcs[callee].ret.clone();
            let key = (callee, words.clone());
            let value = match results.get(&key) {
                Some(v) => v.clone(),
                None => {
                    let jitted = code.entry(callee).or_insert_with(|| {
                        let funcs: Vec<FuncId> = cg.reachable([callee]).into_iter().collect();
                        let fx = fx.clone();
                        // Cranelift may panic on IR it does not expect: then no folding.
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| crate::back::jit::jit_function(m, callee, &funcs, fx)))
                            .ok()
                            .and_then(Result::ok)
                    });
                    let v = jitted.as_ref().and_then(|j| run_isolated(j.entry, &words, CALL_LIMIT)).map(|w| from_word(&ret, w));
                    results.insert(key, v.clone());
                    v
                }
            };
            let Some(c) = value else { continue };
            let f = &mut m.funcs[caller];
            let text: Vec<String> = args.iter().map(const_text).collect();
            remarks.push(Remark {
                pass: "jit-eval",
                function: f.py_name.clone(),
                span: f.insts[inst].span,
                message: format!("evaluated `{}({})` at compile time: {}", m.funcs[callee].py_name, text.join(", "), const_text(&c)),
            });
            let f = &mut m.funcs[caller];
            f.insts[inst].op = Op::Const(c);
            f.insts[inst].args.clear();
            changed = true;
        }
        for j in code.into_values().flatten() {
            j.free();
        }
        PassResult::changed(changed)
    }
}

/// Evaluates `callee(args)` at compile time, if `callee` is pure, cannot
/// raise, handles only Python scalars, and returns within the time limit.
/// Used for module constants (`X = f(10)`), on a module holding `callee`.
pub fn evaluate_call(m: &Module, callee: FuncId, args: &[Const]) -> Option<Const> {
    let cg = CallGraph::build(m);
    let fx = crate::middle::analysis::effects::analyze_with(m, &cg);
    let purity = Purity::compute_from(m, &cg, &fx);
    if !purity.can_fold(callee) || !scalar_only(m, &cg, callee) {
        return None;
    }
    let words: Vec<u64> = args.iter().map(word).collect::<Option<_>>()?;
    let funcs: Vec<FuncId> = cg.reachable([callee]).into_iter().collect();
    let jitted =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| crate::back::jit::jit_function(m, callee, &funcs, fx))).ok()?.ok()?;
    let result = run_isolated(jitted.entry, &words, CALL_LIMIT).map(|w| from_word(&m.funcs[callee].ret, w));
    jitted.free();
    result
}

/// Every function `root` reaches handles only Python scalars and `None`.
fn scalar_only(m: &Module, cg: &CallGraph, root: FuncId) -> bool {
    cg.reachable([root]).into_iter().all(|id| {
        let f = &m.funcs[id];
        !f.dead && f.values.values().all(|v| matches!(v.ty, Type::Int | Type::Float | Type::Bool | Type::None))
    })
}

fn word(c: &Const) -> Option<u64> {
    match c {
        Const::Int(i) => Some(*i as u64),
        Const::Float(x) => Some(x.to_bits()),
        Const::Bool(b) => Some(u64::from(*b)),
        _ => None,
    }
}

fn from_word(t: &Type, w: u64) -> Const {
    match t {
        Type::Float => Const::Float(f64::from_bits(w)),
        Type::Bool => Const::Bool(w & 0xff != 0),
        _ => Const::Int(w as i64),
    }
}

fn const_text(c: &Const) -> String {
    match c {
        Const::Int(i) => i.to_string(),
        Const::Float(x) => format!("{x:?}"),
        Const::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Const::None => "None".to_string(),
        Const::Str(s) => format!("{s:?}"),
    }
}

/// Runs `entry(args, &mut ret)` in a forked child and returns `ret`, or
/// `None` if the child crashed, failed or ran past `limit`.
fn run_isolated(entry: *const u8, args: &[u64], limit: Duration) -> Option<u64> {
    // SAFETY: `entry` is the JIT wrapper `extern "C" fn(*const u64, *mut u64)`.
    let fun: extern "C" fn(*const u64, *mut u64) = unsafe { std::mem::transmute::<*const u8, extern "C" fn(*const u64, *mut u64)>(entry) };
    let mut fds = [0i32; 2];
    // SAFETY: plain system calls on descriptors this function owns.
    unsafe {
        if libc::pipe(fds.as_mut_ptr()) != 0 {
            return None;
        }
        let pid = libc::fork();
        if pid < 0 {
            libc::close(fds[0]);
            libc::close(fds[1]);
            return None;
        }
        if pid == 0 {
            // The child: only async-signal-safe calls and the pure compiled code.
            libc::signal(libc::SIGSEGV, libc::SIG_DFL);
            libc::signal(libc::SIGBUS, libc::SIG_DFL);
            libc::close(fds[0]);
            let mut out = 0u64;
            fun(args.as_ptr(), &mut out);
            let bytes = out.to_le_bytes();
            let n = libc::write(fds[1], bytes.as_ptr().cast(), 8);
            libc::_exit(if n == 8 { 0 } else { 1 });
        }
        libc::close(fds[1]);
        let deadline = Instant::now() + limit;
        let mut buf = [0u8; 8];
        let mut got = 0usize;
        while got < 8 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            let mut pfd = libc::pollfd { fd: fds[0], events: libc::POLLIN, revents: 0 };
            let r = libc::poll(&mut pfd, 1, left.as_millis().max(1) as i32);
            if r < 0 && *libc::__errno_location() == libc::EINTR {
                continue;
            }
            if r <= 0 {
                break;
            }
            let n = libc::read(fds[0], buf.as_mut_ptr().add(got).cast(), 8 - got);
            if n <= 0 {
                break;
            }
            got += n as usize;
        }
        // The child writes its 8 bytes only after the call returned, so a
        // full result is valid even if the child has not exited yet.
        libc::kill(pid, libc::SIGKILL);
        let mut status = 0;
        while libc::waitpid(pid, &mut status, 0) < 0 && *libc::__errno_location() == libc::EINTR {}
        libc::close(fds[0]);
        (got == 8).then(|| u64::from_le_bytes(buf))
    }
}
