//! Compile-time evaluation of pure functions with constant arguments.
//!
//! A call `g(c1, ..., cn)` whose arguments are constant Python scalars and
//! whose callee is pure (`Purity::is_pure`: no I/O, no random state, no
//! argument writes), whose result is a Python scalar (`int`, `float`,
//! `bool`) or a list of flat elements (scalars or tuples of them,
//! `ConstList::leaves`), and whose reachable code handles only scalars,
//! tuples and lists/sets/dicts of such values (no str: a set of str's order
//! depends on the interpreter's hash key; no arrays, no complex), is compiled
//! in memory with `cranelift-jit` (`back::jit`, the same translation as for
//! the module itself, calling the runtime linked into the compiler, so the
//! value is exactly what the call would produce at run time) and replaced by
//! its result: `fibo(12)` becomes `144`, `esieve(100)` becomes
//! `list_const[fresh] [2, 3, 5, ...]` (a new list per evaluation, as the call
//! gives).
//!
//! A callee that may raise is still run: if it raised for these arguments
//! (an exception, `MemoryError` included, is pending when it returns), the
//! call is simply not folded and raises at run time as before.
//!
//! Termination: instead of bounding loops statically, the code runs in a
//! forked child process under a wall-clock limit (`CALL_LIMIT`) and a data
//! size limit (`CHILD_DATA_LIMIT`): a call that does not finish in time, or
//! that crashes (deep recursion overflowing the stack), is simply not
//! folded, and the child is killed. The child sends the result's words
//! through a pipe (a list: walked with the runtime's own accessors; at most
//! `MAX_WORDS`). The parent never runs the code. Each run of the pass spends
//! at most `PASS_BUDGET` on evaluation, so compile time stays bounded
//! whatever the input.
//!
//! Uses: `Purity`, `CallGraph`, `ModuleEffects`. Preserves: nothing.

use std::collections::HashMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

use crate::ir::{Const, ConstList, FuncId, Inst, Module, Op, Stmt};
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
/// Most words a folded list may hold (512 KiB of constant data).
const MAX_WORDS: usize = 1 << 16;
/// The child's data segment limit (`RLIMIT_DATA`): a larger allocation
/// fails (`MemoryError`, no folding) instead of exhausting the machine.
const CHILD_DATA_LIMIT: u64 = 2 << 30;
/// Elements of a folded list shown in a remark.
const REMARK_ITEMS: usize = 16;

/// A value computed at compile time.
#[derive(Clone, Debug)]
pub enum Folded {
    Scalar(Const),
    List(Rc<ConstList>),
}

impl Folded {
    /// The value as Python prints it (a long list abbreviated).
    pub fn text(&self) -> String {
        match self {
            Folded::Scalar(c) => const_text(c),
            Folded::List(l) => l.text(REMARK_ITEMS),
        }
    }
}

/// What the child sends back for a result of type `t`.
#[derive(Clone, Copy)]
enum Shape {
    /// The result's one word.
    Scalar,
    /// The words of the list the result points at.
    List,
}

fn result_shape(t: &Type) -> Option<Shape> {
    match t {
        Type::Int | Type::Float | Type::Bool => Some(Shape::Scalar),
        Type::List(e) if ConstList::leaves(e).is_some_and(|l| !l.is_empty()) => Some(Shape::List),
        _ => None,
    }
}

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
        let mut evaluable: HashMap<FuncId, bool> = HashMap::new();
        for (id, f) in m.funcs.iter() {
            if f.dead {
                continue;
            }
            for b in f.blocks_preorder() {
                for s in &f.blocks[b].stmts {
                    let Stmt::Inst(i) = s else { continue };
                    let Op::Call(callee) = f.insts[*i].op else { continue };
                    if !*evaluable.entry(callee).or_insert_with(|| can_evaluate(m, &cg, &purity, callee).is_ok()) {
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
        let mut results: HashMap<(FuncId, Vec<u64>), Option<Folded>> = HashMap::new();
        let mut changed = false;
        for (caller, inst, callee, args) in calls {
            if start.elapsed() > PASS_BUDGET {
                break;
            }
            let Some(words) = args.iter().map(word).collect::<Option<Vec<u64>>>() else { continue };
            let key = (callee, words.clone());
            let value = match results.get(&key) {
                Some(v) => v.clone(),
                None => {
                    let jitted = code.entry(callee).or_insert_with(|| jit(m, &cg, &fx, callee).ok());
                    let v = jitted.as_ref().and_then(|j| run(j, &m.funcs[callee].ret, &words).ok());
                    results.insert(key, v.clone());
                    v
                }
            };
            let Some(v) = value else { continue };
            let f = &m.funcs[caller];
            let text: Vec<String> = args.iter().map(const_text).collect();
            remarks.push(Remark {
                pass: "jit-eval",
                function: f.py_name.clone(),
                span: f.insts[inst].span,
                message: format!("evaluated `{}({})` at compile time: {}", m.funcs[callee].py_name, text.join(", "), v.text()),
            });
            let f = &mut m.funcs[caller];
            f.insts[inst].op = match v {
                Folded::Scalar(c) => Op::Const(c),
                Folded::List(list) => Op::ListConst { list, fresh: true },
            };
            f.insts[inst].args.clear();
            changed = true;
        }
        for j in code.into_values().flatten() {
            j.free();
        }
        PassResult::changed(changed)
    }
}

/// Evaluates `callee(args)` at compile time, if `callee` can be evaluated
/// (see the module comment), does not raise for these arguments, and
/// returns within the time limit; otherwise why not. Used for module
/// constants (`X = f(10)`, `cache = esieve(100)`), on a module holding
/// `callee`.
pub fn evaluate_call(m: &Module, callee: FuncId, args: &[Const]) -> Result<Folded, String> {
    let cg = CallGraph::build(m);
    let fx = crate::middle::analysis::effects::analyze_with(m, &cg);
    let purity = Purity::compute_from(m, &cg, &fx);
    can_evaluate(m, &cg, &purity, callee)?;
    let words: Vec<u64> = args.iter().map(word).collect::<Option<_>>().ok_or("its arguments are not numbers")?;
    let jitted = jit(m, &cg, &fx, callee)?;
    let result = run(&jitted, &m.funcs[callee].ret, &words);
    jitted.free();
    result
}

/// Compiles `callee` and what it reaches; an error where Cranelift refuses
/// (or panics on IR it does not expect) or an import does not resolve.
fn jit(m: &Module, cg: &CallGraph, fx: &ModuleEffects, callee: FuncId) -> Result<crate::back::jit::Jitted, String> {
    let funcs: Vec<FuncId> = cg.reachable([callee]).into_iter().collect();
    let fx = fx.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| crate::back::jit::jit_function(m, callee, &funcs, fx)))
        .map_err(|_| "the in-memory compiler failed".to_string())?
        .map_err(|e| format!("it cannot be compiled in memory ({e})"))
}

/// Runs the compiled call in a child and decodes its result.
fn run(j: &crate::back::jit::Jitted, ret: &Type, args: &[u64]) -> Result<Folded, String> {
    let shape = result_shape(ret).ok_or("its result is not a number or a list of numbers")?;
    let words = run_isolated(j.entry, args, shape, CALL_LIMIT)?;
    match (shape, ret) {
        (Shape::Scalar, _) => Ok(Folded::Scalar(from_word(ret, *words.first().ok_or("no result")?))),
        (Shape::List, Type::List(elem)) => {
            let list = ConstList { elem: (**elem).clone(), words, global: None };
            if !list.words.len().is_multiple_of(list.stride()) {
                return Err("a malformed result".into());
            }
            Ok(Folded::List(Rc::new(list)))
        }
        _ => Err("its result is not a number or a list of numbers".into()),
    }
}

/// Whether calls of `callee` may be evaluated (`Ok`), or why not: it is
/// pure, its result can be sent back, and every function it reaches handles
/// only values the evaluation supports.
fn can_evaluate(m: &Module, cg: &CallGraph, purity: &Purity, callee: FuncId) -> Result<(), String> {
    let f = &m.funcs[callee];
    if !purity.is_pure(callee) {
        return Err("it is not pure (it has side effects)".into());
    }
    if result_shape(&f.ret).is_none() {
        return Err("its result is not a number or a list of numbers (or tuples of them)".into());
    }
    if !f.params.iter().all(|p| matches!(f.ty(*p), Type::Int | Type::Float | Type::Bool)) {
        return Err("its arguments are not numbers".into());
    }
    let handles = cg.reachable([callee]).into_iter().all(|id| {
        let g = &m.funcs[id];
        !g.dead && g.values.values().all(|v| supported(&v.ty))
    });
    if !handles {
        return Err("it uses values other than numbers, tuples, lists, sets and dicts of them".into());
    }
    Ok(())
}

/// Python scalars, `None`, and tuples, lists, sets and dicts of them.
fn supported(t: &Type) -> bool {
    match t {
        Type::Int | Type::Float | Type::Bool | Type::None => true,
        Type::Tuple(items) => items.iter().all(supported),
        Type::List(e) | Type::Set(e) => supported(e),
        Type::Dict(kv) => supported(&kv.0) && supported(&kv.1),
        _ => false,
    }
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

/// The child's side: calls `fun`, then writes its answer to `fd`: the words
/// `[0, n, w1, ..., wn]` (the result), or `[1, kind, n, message bytes]` (it
/// raised) or `[2]` (the list is too large). Returns the exit status.
///
/// # Safety
/// `fun` is a JIT wrapper whose root returns a value of shape `shape`.
unsafe fn child(fun: extern "C" fn(*const u64, *mut u64), args: &[u64], shape: Shape, fd: i32) -> i32 {
    let mut ret = [0u64; 2];
    fun(args.as_ptr(), ret.as_mut_ptr());
    let mut out: Vec<u64> = Vec::new();
    if ret[0] != 0 {
        // The exception, as `[1, kind, bytes, message...]`.
        let (kind, msg) = kiln_runtime::error::take().map_or((-1, String::new()), |p| (p.kind, p.message));
        let msg: Vec<u8> = msg.into_bytes().into_iter().take(200).collect();
        out.extend([1, kind as u64, msg.len() as u64]);
        out.extend(msg.chunks(8).map(|c| {
            let mut w = [0u8; 8];
            w[..c.len()].copy_from_slice(c);
            u64::from_le_bytes(w)
        }));
    } else {
        match shape {
            Shape::Scalar => out.extend([0, 1, ret[1]]),
            Shape::List => {
                let l = ret[1] as *const kiln_runtime::abi::KList;
                // SAFETY: the root returned a live list (its status is 0).
                let words = unsafe { kiln_runtime::containers::list::all_words(l) };
                if words.len() > MAX_WORDS {
                    out.push(2);
                } else {
                    out.extend([0, words.len() as u64]);
                    out.extend_from_slice(words);
                }
            }
        }
    }
    let bytes: Vec<u8> = out.iter().flat_map(|w| w.to_le_bytes()).collect();
    let mut done = 0;
    while done < bytes.len() {
        // SAFETY: writing our own buffer to our own descriptor.
        let n = unsafe { libc::write(fd, bytes[done..].as_ptr().cast(), bytes.len() - done) };
        if n <= 0 {
            return 1;
        }
        done += n as usize;
    }
    0
}

/// Runs `entry(args, ret)` in a forked child and returns the result's
/// words, or why not: the call raised, its list was too large, or the child
/// crashed, failed or ran past `limit`.
fn run_isolated(entry: *const u8, args: &[u64], shape: Shape, limit: Duration) -> Result<Vec<u64>, String> {
    // SAFETY: `entry` is the JIT wrapper `extern "C" fn(*const u64, *mut u64)`.
    let fun: extern "C" fn(*const u64, *mut u64) = unsafe { std::mem::transmute::<*const u8, extern "C" fn(*const u64, *mut u64)>(entry) };
    let mut fds = [0i32; 2];
    // SAFETY: plain system calls on descriptors this function owns.
    unsafe {
        if libc::pipe(fds.as_mut_ptr()) != 0 {
            return Err("no pipe".into());
        }
        let pid = libc::fork();
        if pid < 0 {
            libc::close(fds[0]);
            libc::close(fds[1]);
            return Err("no child process".into());
        }
        if pid == 0 {
            // The child: the compiled code and the runtime, which allocate.
            // glibc's `fork` takes the allocator's locks around the fork, so
            // `malloc` works in the child even when the compiler runs on
            // several threads (tests); nothing else here takes a lock that
            // another thread could hold (the runtime's own state is used
            // only by this code, never in the parent).
            libc::signal(libc::SIGSEGV, libc::SIG_DFL);
            libc::signal(libc::SIGBUS, libc::SIG_DFL);
            let lim = libc::rlimit { rlim_cur: CHILD_DATA_LIMIT, rlim_max: CHILD_DATA_LIMIT };
            libc::setrlimit(libc::RLIMIT_DATA, &lim);
            libc::close(fds[0]);
            let code = std::panic::catch_unwind(|| child(fun, args, shape, fds[1])).unwrap_or(1);
            libc::_exit(code);
        }
        libc::close(fds[1]);
        let deadline = Instant::now() + limit;
        let mut timed_out = false;
        let mut buf: Vec<u8> = Vec::new();
        let mut chunk = [0u8; 1 << 16];
        let cap = 8 * (MAX_WORDS + 2);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                timed_out = true;
                break;
            }
            let mut pfd = libc::pollfd { fd: fds[0], events: libc::POLLIN, revents: 0 };
            let r = libc::poll(&mut pfd, 1, left.as_millis().max(1) as i32);
            if r < 0 && *libc::__errno_location() == libc::EINTR {
                continue;
            }
            if r <= 0 {
                timed_out |= r == 0;
                break;
            }
            let n = libc::read(fds[0], chunk.as_mut_ptr().cast(), chunk.len());
            if n <= 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n as usize]);
            if buf.len() > cap || answer(&buf).is_some() {
                break;
            }
        }
        // A complete answer is valid even if the child has not exited yet.
        libc::kill(pid, libc::SIGKILL);
        let mut status = 0;
        while libc::waitpid(pid, &mut status, 0) < 0 && *libc::__errno_location() == libc::EINTR {}
        libc::close(fds[0]);
        match answer(&buf) {
            Some(Ok(words)) => Ok(words),
            Some(Err(why)) => Err(why),
            None if timed_out => Err(format!("it did not finish within {} ms", limit.as_millis())),
            None => Err("it crashed (a stack overflow?)".into()),
        }
    }
}

/// Decodes a complete answer: `Some(Ok(words))` (a result), `Some(Err)`
/// (it raised, or the list is too large), `None` (incomplete).
fn answer(buf: &[u8]) -> Option<Result<Vec<u64>, String>> {
    let words: Vec<u64> = buf.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes"))).collect();
    match words.first()? {
        0 => {
            let n = *words.get(1)? as usize;
            (words.len() >= 2 + n).then(|| Ok(words[2..2 + n].to_vec()))
        }
        1 => {
            let kind = *words.get(1)? as i64;
            let n = *words.get(2)? as usize;
            let bytes: Vec<u8> = words.get(3..3 + n.div_ceil(8))?.iter().flat_map(|w| w.to_le_bytes()).take(n).collect();
            let name = usize::try_from(kind).ok().and_then(|k| crate::abi::exc::NAMES.get(k)).unwrap_or(&"an exception");
            let msg = String::from_utf8_lossy(&bytes);
            Some(Err(if msg.is_empty() { format!("it raised {name}") } else { format!("it raised {name}: {msg}") }))
        }
        _ => Some(Err("its list is too large to become constant data".into())),
    }
}
