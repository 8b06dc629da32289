//! Root pairing: two unchecked square roots of one straight-line stretch
//! are placed side by side, each argument computed before the first root,
//! so that code generation takes both in one vector instruction.
//!
//! A square root costs the same whether its instruction holds one float or
//! two, and a loop that computes one per iteration is bound by it
//! (`D[i, j] = math.sqrt(s)` in a distance matrix). After unroll-jam each
//! iteration of such a loop computes two; this pass turns
//!
//! ```text
//! a = load s; x = sqrt a; ...; b = load s$2; y = sqrt b; ...
//!   ⟶  a = load s; b = load s$2; x = sqrt a; y = sqrt b; ...; ...
//! ```
//!
//! and `back::num` computes `x` and `y` with one `sqrtpd` when it finds two
//! adjacent unchecked roots of one float type whose arguments are both ready.
//!
//! Which roots: `math.sqrt[nonneg]` (`sqrt-domain`), in one block with no
//! statement but operations between them. The second root's argument must
//! be computed, between the two, by pure operations only (loads of variables
//! not stored between the first root and the load, conversions,
//! arithmetic), none of which depends on the first root. Those operations and
//! the second root move up, keeping their order; everything else keeps its
//! place after them. Pure operations cannot raise or write, so moving them
//! earlier is invisible.
//!
//! Uses: nothing cached. Preserves: the operations and their operands (only
//! the order of statements in a block changes).

use std::collections::HashSet;

use crate::diag::Span;
use crate::ir::{Block, Function, Inst, Module, Op, Stmt};
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::middle::util::is_pure;
use crate::optable::{self, FloatImpl, Lower, MathCheck};

/// Largest number of operations moved ahead of the first root.
const MAX_MOVED: usize = 16;

pub struct PairRoots;

impl Pass for PairRoots {
    fn name(&self) -> &'static str {
        "pair-roots"
    }

    fn run(&self, m: &mut Module, _am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let mut changed = false;
        for f in m.funcs.values_mut() {
            if f.dead {
                continue;
            }
            for b in f.blocks_preorder() {
                while let Some(span) = pair_one(f, b) {
                    changed = true;
                    remarks.push(Remark {
                        pass: "pair-roots",
                        function: f.py_name.clone(),
                        span,
                        message: "two square roots computed by one vector instruction".into(),
                    });
                }
            }
        }
        PassResult::changed(changed)
    }
}

/// Whether `i` is an unchecked square root.
pub fn is_unchecked_root(f: &Function, i: Inst) -> bool {
    matches!(f.insts[i].op, Op::Builtin(id) if matches!(
        optable::get(id).lower,
        Lower::FloatFn { imp: FloatImpl::Sqrt, check: MathCheck::None, .. }
    ))
}

fn inst_at(f: &Function, b: Block, k: usize) -> Option<Inst> {
    match f.blocks[b].stmts.get(k) {
        Some(Stmt::Inst(i)) => Some(*i),
        _ => None,
    }
}

/// Pairs the first two roots of block `b` that are not paired yet and can
/// be; returns the second root's span.
fn pair_one(f: &mut Function, b: Block) -> Option<Span> {
    let n = f.blocks[b].stmts.len();
    let mut k = 0;
    while k < n {
        let Some(first) = inst_at(f, b, k).filter(|i| is_unchecked_root(f, *i)) else {
            k += 1;
            continue;
        };
        // Already paired with the root after it.
        if inst_at(f, b, k + 1).is_some_and(|i| is_unchecked_root(f, i) && same_type(f, first, i)) {
            k += 2;
            continue;
        }
        for q in k + 1..n {
            let Some(second) = inst_at(f, b, q) else { break };
            if !is_unchecked_root(f, second) || !same_type(f, first, second) {
                continue;
            }
            let Some(moved) = movable_chain(f, b, k, q) else { break };
            let span = f.insts[second].span;
            let stmts = &mut f.blocks[b].stmts;
            let between: Vec<Stmt> = stmts.drain(k + 1..=q).collect();
            let (mut chain, rest): (Vec<Stmt>, Vec<Stmt>) =
                between.into_iter().partition(|s| matches!(s, Stmt::Inst(i) if moved.contains(i) || *i == second));
            let root = chain.pop().expect("the second root is last");
            let first_stmt = stmts.remove(k);
            let tail: Vec<Stmt> = chain.into_iter().chain([first_stmt, root]).chain(rest).collect();
            stmts.splice(k..k, tail);
            return Some(span);
        }
        k += 1;
    }
    None
}

/// The operations strictly between positions `k` (the first root) and `q`
/// (the second) that the second root's argument depends on, when all can
/// move before the first root.
fn movable_chain(f: &Function, b: Block, k: usize, q: usize) -> Option<HashSet<Inst>> {
    let stmts = &f.blocks[b].stmts;
    let first = inst_at(f, b, k)?;
    let mut needed: HashSet<crate::ir::Value> = f.insts[inst_at(f, b, q)?].args.iter().copied().collect();
    let mut chain = HashSet::new();
    for p in (k + 1..q).rev() {
        let Stmt::Inst(i) = stmts[p] else { return None };
        let d = &f.insts[i];
        if !d.results.iter().any(|r| needed.contains(r)) {
            continue;
        }
        if !is_pure(f, i) || d.results.iter().any(|r| f.ty(*r).has_refs()) || chain.len() == MAX_MOVED {
            return None;
        }
        if let Op::Load(slot) = d.op {
            let stored_before =
                stmts[k + 1..p].iter().any(|s| matches!(s, Stmt::Inst(j) if matches!(f.insts[*j].op, Op::Store(t) if t == slot)));
            if stored_before {
                return None;
            }
        }
        chain.insert(i);
        needed.extend(d.args.iter().copied());
    }
    // Nothing moved may use the first root's result.
    if f.insts[first].results.iter().any(|r| needed.contains(r)) {
        return None;
    }
    Some(chain)
}

fn same_type(f: &Function, a: Inst, b: Inst) -> bool {
    f.ty(f.insts[a].results[0]) == f.ty(f.insts[b].results[0])
}
