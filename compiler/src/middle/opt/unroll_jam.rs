//! Unroll-and-jam: a loop around a reduction loop runs two of its
//! iterations at a time, with the two inner loops fused into one.
//!
//! In `for j in range(m): s = 0.0; for k in range(p): s += A[i, k] * B[k, j];
//! C[i, j] = s`, every inner iteration waits for the previous addition (a
//! float sum cannot be reordered). Running iterations `j` and `j + 1`
//! together gives the inner loop two independent chains (`s` and a copy
//! of it), which the CPU overlaps; no operation changes order within a chain,
//! so the results are bit for bit the same. The last iteration of an odd
//! count runs in the original loop, which stays as the remainder.
//!
//! Which loops (all must hold; `--report` does not list the others):
//! - the outer loop counts from 0 by 1, is not parallel and has no `else`;
//!   its body is straight-line operations around exactly one inner counted
//!   loop, whose bounds are computed before the outer loop and whose body is
//!   straight-line too;
//! - every operation is pure, a variable load or store, or an element
//!   access without bounds checks (nothing can raise, so running parts of
//!   iteration `j + 1` before the end of iteration `j` is invisible); element
//!   writes come after the inner loop only, to arrays that alias analysis
//!   proves distinct from every array read before them;
//! - every variable the body writes is written before the inner loop,
//!   before any read of it (so each iteration has its own copy; the second
//!   copy uses fresh variables, copied back at the end of each pair);
//! - the inner loop carries a float through its iterations (the latency
//!   chain that jamming breaks).
//!
//! Uses: alias analysis of the function. Preserves: nothing.

use std::collections::{HashMap, HashSet};

use crate::diag::Span;
use crate::ir::build::push;
use crate::ir::clone::{Cloner, Returns};
use crate::ir::{BinaryOp, Block, CmpOp, Const, Function, IndexMode, Module, Op, Slot, Stmt, Value, ValueDef};
use crate::middle::analysis::alias::function_alias;
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::middle::util::{const_int, is_pure, loop_position};
use crate::types::Type;

/// Largest inner-loop body (statements) and outer-loop body jammed.
const MAX_BODY: usize = 64;

pub struct UnrollJam;

impl Pass for UnrollJam {
    fn name(&self) -> &'static str {
        "unroll-jam"
    }

    fn run(&self, m: &mut Module, _am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let mut changed = false;
        for f in m.funcs.values_mut() {
            if f.dead {
                continue;
            }
            let shaped: Vec<Candidate> = f
                .blocks_preorder()
                .into_iter()
                .flat_map(|b| f.blocks[b].stmts.iter().filter_map(|s| jammable(f, s)).collect::<Vec<_>>())
                .collect();
            if shaped.is_empty() {
                continue;
            }
            // Alias analysis only for functions that have a loop of the right shape.
            let alias = function_alias(f);
            let candidates: Vec<Block> = shaped
                .into_iter()
                .filter(|c| !c.writes.iter().any(|w| c.reads.iter().any(|r| alias.may_overlap(*w, *r))))
                .map(|c| c.body)
                .collect();
            for body in candidates {
                if let Some(span) = jam(f, body) {
                    changed = true;
                    remarks.push(Remark {
                        pass: "unroll-jam",
                        function: f.py_name.clone(),
                        span,
                        message: "loop runs two iterations at a time, their inner loops fused (independent accumulators)".into(),
                    });
                }
            }
        }
        PassResult::changed(changed)
    }
}

/// The parts of an outer loop's body: before the inner loop, the inner loop, after it.
struct Parts<'a> {
    pre: &'a [Stmt],
    inner: &'a Stmt,
    post: &'a [Stmt],
}

fn parts<'a>(f: &'a Function, body: Block) -> Option<Parts<'a>> {
    let stmts = &f.blocks[body].stmts;
    let mut loops = stmts.iter().enumerate().filter(|(_, s)| !matches!(s, Stmt::Inst(_)));
    let (k, inner) = loops.next()?;
    if loops.next().is_some() || !matches!(inner, Stmt::For { .. }) {
        return None;
    }
    Some(Parts { pre: &stmts[..k], inner, post: &stmts[k + 1..] })
}

fn insts(stmts: &[Stmt]) -> impl Iterator<Item = crate::ir::Inst> + '_ {
    stmts.iter().filter_map(|s| match s {
        Stmt::Inst(i) => Some(*i),
        _ => None,
    })
}

/// An outer loop this pass transforms if its element writes (after the
/// inner loop) cannot overlap the arrays read before them.
struct Candidate {
    body: Block,
    reads: Vec<Value>,
    writes: Vec<Value>,
}

/// The outer loop `s`, when it has every property but the alias one.
fn jammable(f: &Function, s: &Stmt) -> Option<Candidate> {
    let Stmt::For { index, start, step, body, orelse: None, attrs, .. } = s else { return None };
    if attrs.parallel || const_int(f, *start) != Some(0) || const_int(f, *step) != Some(1) {
        return None;
    }
    let p = parts(f, *body)?;
    let Stmt::For { start: ks, stop: ke, step: kstep, body: kbody, orelse: None, attrs: kattrs, .. } = p.inner else { return None };
    let kstmts = &f.blocks[*kbody].stmts;
    if kattrs.parallel || const_int(f, *kstep).is_none() || kstmts.len() > MAX_BODY || p.pre.len() + p.post.len() > MAX_BODY {
        return None;
    }
    if !kstmts.iter().all(|s| matches!(s, Stmt::Inst(_))) {
        return None;
    }
    // The inner bounds are the same for both iterations.
    let defined_in_body: HashSet<Value> = insts(&f.blocks[*body].stmts).flat_map(|i| f.insts[i].results.clone()).chain([*index]).collect();
    if [ks, ke, kstep].iter().any(|v| defined_in_body.contains(v)) {
        return None;
    }
    // Operations: nothing may raise; element writes only after the inner loop.
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    for (i, after) in insts(p.pre).map(|i| (i, false)).chain(insts(kstmts).map(|i| (i, false))).chain(insts(p.post).map(|i| (i, true))) {
        let d = &f.insts[i];
        match &d.op {
            Op::Load(_) | Op::Store(_) => {}
            Op::ArrayGet(modes) if modes.iter().all(|m| *m == IndexMode::Unchecked) => {
                if !after {
                    reads.push(d.args[0]);
                }
            }
            Op::ArraySet(modes) if after && modes.iter().all(|m| *m == IndexMode::Unchecked) => writes.push(d.args[0]),
            _ if is_pure(f, i) => {}
            _ => return None,
        }
    }
    let classes = slot_classes(f, &p, kstmts)?;
    // Profitable: the inner loop carries a float (loaded before it is stored).
    let mut stored = HashSet::new();
    let carries_float = insts(kstmts).any(|i| match f.insts[i].op {
        Op::Store(s) => {
            stored.insert(s);
            false
        }
        Op::Load(s) => {
            !stored.contains(&s) && classes.get(&s) == Some(&Home::Pre) && f.slots[s].ty.scalar_dtype().is_some_and(|d| d.is_float())
        }
        _ => false,
    });
    carries_float.then_some(Candidate { body: *body, reads, writes })
}

/// Where a variable written by the outer body is first written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Home {
    /// Before the inner loop: written by every iteration.
    Pre,
    /// Only in the inner loop, as the first access of each inner iteration
    /// (so it is fresh in every inner iteration, and unread after the loop).
    Inner,
    /// After the inner loop, before any read.
    Post,
}

/// Each written variable's `Home`, or `None` when one is read before it is
/// written (it would carry a value from one outer iteration to the next) or
/// holds references.
fn slot_classes(f: &Function, p: &Parts, kstmts: &[Stmt]) -> Option<HashMap<Slot, Home>> {
    let mut home: HashMap<Slot, Home> = HashMap::new();
    let mut loaded: HashSet<Slot> = HashSet::new();
    let mut visit = |stmts: &[Stmt], part: Home, home: &mut HashMap<Slot, Home>| -> Option<()> {
        let mut seen_in_part: HashSet<Slot> = HashSet::new();
        for i in insts(stmts) {
            match f.insts[i].op {
                Op::Store(s) => {
                    if f.slots[s].ty.has_refs() {
                        return None;
                    }
                    if let std::collections::hash_map::Entry::Vacant(e) = home.entry(s) {
                        if loaded.contains(&s) {
                            return None;
                        }
                        e.insert(part);
                    }
                    seen_in_part.insert(s);
                }
                Op::Load(s) => {
                    match home.get(&s) {
                        // A value from the inner loop may be stale after it (zero trips).
                        Some(Home::Inner) if part != Home::Inner => return None,
                        Some(Home::Inner) if !seen_in_part.contains(&s) => return None,
                        _ => {}
                    }
                    loaded.insert(s);
                }
                _ => {}
            }
        }
        Some(())
    };
    visit(p.pre, Home::Pre, &mut home)?;
    visit(kstmts, Home::Inner, &mut home)?;
    visit(p.post, Home::Post, &mut home)?;
    Some(home)
}

/// Appends `s = s$2` for each of `slots`.
fn copy_back<'a>(
    f: &mut Function,
    out: &mut Vec<Stmt>,
    snapshot: &Function,
    slots: impl Iterator<Item = &'a Slot>,
    copies: &HashMap<Slot, Slot>,
    span: Span,
) {
    for s in slots {
        let ty = snapshot.slots[*s].ty.clone();
        let v = push(f, out, Op::Load(copies[s]), vec![], ty, span);
        let st = f.make_inst(Op::Store(*s), vec![v], vec![], span);
        out.push(Stmt::Inst(st));
    }
}

/// Jams the loop whose body is `body`; returns its span.
fn jam(f: &mut Function, body: Block) -> Option<Span> {
    let (block, k) = loop_position(f, body)?;
    let Stmt::For { index, start, stop, step, span, .. } = f.blocks[block].stmts[k].clone() else { return None };
    let snapshot = f.clone();
    let p = parts(&snapshot, body)?;
    let Stmt::For { index: kindex, start: ks, stop: ke, step: kstep, body: kbody, attrs: kattrs, span: kspan, .. } = p.inner.clone() else {
        return None;
    };
    // Pairs: t in range(max(stop, 0) // 2), j = 2t and 2t + 1; then the
    // original loop from 2 * pairs for the odd one out.
    let mut pre = Vec::new();
    let zero = push(f, &mut pre, Op::Const(Const::Int(0)), vec![], Type::Int, span);
    let two = push(f, &mut pre, Op::Const(Const::Int(2)), vec![], Type::Int, span);
    let positive = push(f, &mut pre, Op::Compare(CmpOp::Gt), vec![stop, zero], Type::Bool, span);
    let count = push(f, &mut pre, Op::Select, vec![positive, stop, zero], Type::Int, span);
    let pairs = push(f, &mut pre, Op::Binary(BinaryOp::FloorDiv), vec![count, two], Type::Int, span);
    let rest = push(f, &mut pre, Op::Binary(BinaryOp::Mul), vec![pairs, two], Type::Int, span);

    let pair_body = f.new_block();
    let t = f.make_loop_index(pair_body, Type::Int);
    let mut pb = Vec::new();
    let two_in = push(f, &mut pb, Op::Const(Const::Int(2)), vec![], Type::Int, span);
    let one_in = push(f, &mut pb, Op::Const(Const::Int(1)), vec![], Type::Int, span);
    let j0 = push(f, &mut pb, Op::Binary(BinaryOp::Mul), vec![t, two_in], Type::Int, span);
    let j1 = push(f, &mut pb, Op::Binary(BinaryOp::Add), vec![j0, one_in], Type::Int, span);
    let inner_body = f.new_block();
    let k2 = f.make_loop_index(inner_body, snapshot.ty(kindex).clone());

    let homes = slot_classes(&snapshot, &p, &snapshot.blocks[kbody].stmts)?;
    let mut written: Vec<Slot> = homes.keys().copied().collect();
    written.sort();
    let copies: HashMap<Slot, Slot> = written
        .iter()
        .map(|s| {
            let d = &snapshot.slots[*s];
            (*s, f.add_slot(format!("{}$2", d.name), d.ty.clone()))
        })
        .collect();
    let mut first = Cloner::new(&snapshot, Returns::Keep);
    first.values.extend([(index, j0), (kindex, k2)]);
    let mut second = Cloner::new(&snapshot, Returns::Keep);
    second.values.extend([(index, j1), (kindex, k2)]);
    second.slots = copies.clone();

    for cl in [&mut first, &mut second] {
        for s in p.pre {
            pb.extend(cl.stmt(f, s, 0));
        }
    }
    let mut kb = Vec::new();
    for cl in [&mut first, &mut second] {
        for s in &snapshot.blocks[kbody].stmts {
            kb.extend(cl.stmt(f, s, 1));
        }
    }
    // Variables private to an inner iteration hold the second copy's values
    // after each one (the loop may run no iteration: then neither writes them).
    copy_back(f, &mut kb, &snapshot, written.iter().filter(|s| homes[s] == Home::Inner), &copies, kspan);
    f.blocks[inner_body].stmts = kb;
    debug_assert!(matches!(f.values[k2].def, ValueDef::LoopIndex(b) if b == inner_body));
    pb.push(Stmt::For { index: k2, start: ks, stop: ke, step: kstep, body: inner_body, orelse: None, attrs: kattrs, span: kspan });
    for cl in [&mut first, &mut second] {
        for s in p.post {
            pb.extend(cl.stmt(f, s, 0));
        }
    }
    // The variables hold the last iteration's values, as after the original loop.
    copy_back(f, &mut pb, &snapshot, written.iter().filter(|s| homes[s] != Home::Inner), &copies, span);
    f.blocks[pair_body].stmts = pb;
    pre.push(Stmt::For { index: t, start, stop: pairs, step, body: pair_body, orelse: None, attrs: Default::default(), span });
    if let Stmt::For { start: s, .. } = &mut f.blocks[block].stmts[k] {
        *s = rest;
    }
    f.blocks[block].stmts.splice(k..k, pre);
    Some(span)
}
