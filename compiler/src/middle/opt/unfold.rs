//! One level of a recursive function unfolded into itself, where that
//! exposes a repeated call for `call-cse` to merge.
//!
//! In `fib(n) = fib(n - 1) + fib(n - 2)`, the body of `fib(n - 1)` calls
//! `fib(n - 2)` too. The call `fib(n - 1)` is replaced by a copy of the
//! callee's body in which each `return v` is followed by its own copy of
//! the statements after the call (the continuation, with `v` for the
//! call's result). On the path that recurses, the inner `fib(n - 2)` then
//! comes before the outer one, which `call-cse` removes:
//!
//! ```text
//! if n < 2: return n                 if n < 2: return n
//! a = fib(n - 1)               ⟶    if n - 1 < 2: return (n - 1) + fib(n - 2)
//! b = fib(n - 2)                     t = fib(n - 2); u = fib(n - 3)
//! return a + b                       return (t + u) + t
//! ```
//!
//! `fib(n)` then makes about 1.32^n calls instead of 1.62^n. Copying the
//! continuation, rather than joining after the copy, is what puts the two
//! calls on one path.
//!
//! Which functions: those `call-cse` numbers (pure, Python-scalar
//! parameters and result) that call themselves, whose code is straight
//! lines and `if`s (no loops, no `try`), of at most `MAX_OPS` statements.
//! Which call: the first call to itself whose continuation ends its block
//! with a `return` and whose unfolding lets `call-cse` remove a call; the
//! unfolded function is kept only then. One level per function: a second
//! would multiply the code again for a smaller gain.
//!
//! Uses: `Purity`. Preserves: nothing.

use crate::ir::clone::{Cloner, Returns};
use crate::ir::{Block, FuncId, Function, Module, Op, Stmt, Value};
use crate::middle::analysis::purity::Purity;
use crate::middle::opt::call_cse::{merge_repeated_calls, scalar_pure_functions};
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};

/// Largest function unfolded (statements, all blocks).
const MAX_OPS: usize = 64;
/// Most returns in the callee, each of which gets a copy of the continuation.
const MAX_RETURNS: usize = 4;

pub struct Unfold;

impl Pass for Unfold {
    fn name(&self) -> &'static str {
        "unfold"
    }

    fn run(&self, m: &mut Module, am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let numberable = scalar_pure_functions(m, am.get::<Purity>(m));
        let mut changed = false;
        let ids: Vec<FuncId> = m.funcs.keys().collect();
        for id in ids {
            if !numberable.contains(&id) || !unfoldable(&m.funcs[id], id) {
                continue;
            }
            let g = m.funcs[id].clone();
            for (block, pos) in self_calls(&g, id) {
                let mut trial = g.clone();
                if !unfold_at(&mut trial, &g, block, pos) {
                    continue;
                }
                let merged = merge_repeated_calls(&mut trial, &numberable);
                if merged.is_empty() {
                    continue;
                }
                let Stmt::Inst(call) = g.blocks[block].stmts[pos] else { unreachable!("a call site") };
                remarks.push(Remark {
                    pass: "unfold",
                    function: g.py_name.clone(),
                    span: g.insts[call].span,
                    message: format!(
                        "unfolded this call one level: {} repeated call{} of `{}` merged",
                        merged.len(),
                        if merged.len() == 1 { "" } else { "s" },
                        g.py_name
                    ),
                });
                m.funcs[id] = trial;
                changed = true;
                break;
            }
        }
        PassResult::changed(changed)
    }
}

/// Straight lines and `if`s only, small, ending in a return or a raise, with a call to itself.
fn unfoldable(f: &Function, id: FuncId) -> bool {
    let blocks = f.blocks_preorder();
    let ops: usize = blocks.iter().map(|b| f.blocks[*b].stmts.len()).sum();
    let simple = blocks
        .iter()
        .all(|b| f.blocks[*b].stmts.iter().all(|s| matches!(s, Stmt::Inst(_) | Stmt::If { .. } | Stmt::Return(_) | Stmt::Raise)));
    let returns: usize = blocks.iter().map(|b| f.blocks[*b].stmts.iter().filter(|s| matches!(s, Stmt::Return(_))).count()).sum();
    let ends = matches!(f.blocks[f.body].stmts.last(), Some(Stmt::Return(Some(_)) | Stmt::Raise));
    simple && ends && ops <= MAX_OPS && returns <= MAX_RETURNS && f.insts.values().any(|d| d.op == Op::Call(id))
}

/// Calls of `id` in `f` (block, statement index), in program order, whose
/// block ends in a return.
fn self_calls(f: &Function, id: FuncId) -> Vec<(Block, usize)> {
    let mut out = Vec::new();
    for b in f.blocks_preorder() {
        let stmts = &f.blocks[b].stmts;
        if !matches!(stmts.last(), Some(Stmt::Return(Some(_)))) {
            continue;
        }
        for (pos, s) in stmts.iter().enumerate() {
            if matches!(s, Stmt::Inst(i) if f.insts[*i].op == Op::Call(id)) {
                out.push((b, pos));
            }
        }
    }
    out
}

/// Replaces the call at `block[pos]` of `f` (a copy of `g`) by `g`'s body,
/// each return of which continues with a copy of the statements after the
/// call. Returns false, changing nothing, if the call has no result.
fn unfold_at(f: &mut Function, g: &Function, block: Block, pos: usize) -> bool {
    let Stmt::Inst(call) = g.blocks[block].stmts[pos] else { return false };
    let Some(&result) = g.insts[call].results.first() else { return false };
    let mut callee = Cloner::new(g, Returns::Keep);
    for (s, d) in g.slots.iter() {
        let fresh = f.add_slot(format!("{}.{}", g.py_name, d.name), d.ty.clone());
        callee.slots.insert(s, fresh);
    }
    for (p, a) in g.params.iter().zip(&g.insts[call].args) {
        callee.values.insert(*p, *a);
    }
    let body: Vec<Stmt> = g.blocks[g.body].stmts.iter().flat_map(|s| callee.stmt(f, s, 0)).collect();
    let continuation = &g.blocks[block].stmts[pos + 1..];
    let body = continue_returns(f, g, body, continuation, result);
    let stmts = &mut f.blocks[block].stmts;
    stmts.truncate(pos);
    stmts.extend(body);
    true
}

/// `stmts` (of `f`) with every `return v`, nested ones included, replaced
/// by a copy of `continuation` (statements of `g`) reading `v` for `result`.
fn continue_returns(f: &mut Function, g: &Function, stmts: Vec<Stmt>, continuation: &[Stmt], result: Value) -> Vec<Stmt> {
    let mut out = Vec::with_capacity(stmts.len());
    for s in stmts {
        match s {
            Stmt::Return(Some(v)) => {
                let mut copy = Cloner::new(g, Returns::Keep);
                copy.values.insert(result, v);
                for c in continuation {
                    out.extend(copy.stmt(f, c, 0));
                }
            }
            Stmt::If { then_block, else_block, .. } => {
                for b in [then_block, else_block] {
                    let inner = std::mem::take(&mut f.blocks[b].stmts);
                    f.blocks[b].stmts = continue_returns(f, g, inner, continuation, result);
                }
                out.push(s);
            }
            other => out.push(other),
        }
    }
    out
}
