//! Loop versioning for the bounds checks that range analysis alone cannot
//! remove (a helper of `bce`, not a pass of its own).
//!
//! In `for k in range(p): s += B[k, j]` with `p = A.shape[1]`, nothing ties
//! `p` to `B.shape[0]`, so the check stays. But the fact that would remove it
//! (`p <= B.shape[0]`) is loop-invariant: it is tested once before the
//! loop, and the loop becomes `if test: <copy without the checks> else:
//! <original loop>`. Both copies have the same effects and raise the same
//! exceptions in the same order, since the unchecked copy only runs when
//! none of its removed checks could fail. The `x % m` index of an axis of
//! size `m` is the other case: it is in bounds exactly when `m > 0`.
//!
//! The test is placed before the outermost enclosing loop that all its
//! operands are defined before (after `licm`, usually the outermost loop of
//! the nest). Loops of more than `MAX_LOOP_STMTS` statements are not copied.
//!
//! Invariants: a test's operands are `int` values or array dimensions
//! defined before the loop, so they are the same at every access; the test
//! can only be false when a removed check might have failed (integer
//! wrap-around in the test makes it false, never true).

use std::collections::HashMap;

use crate::diag::Span;
use crate::ir::build::push;
use crate::ir::clone::{Cloner, Returns};
use crate::ir::{BinaryOp, Block, CmpOp, Const, Function, IndexMode, Inst, Op, Stmt, Value, ValueDef};
use crate::middle::analysis::range::{Affine, ArrayKey, Base, RangeInfo};
use crate::middle::util::{block_owners, loop_position, stores_by_slot};
use crate::types::Type;

/// Largest loop (in statements, nested ones included) copied for versioning.
const MAX_LOOP_STMTS: usize = 2000;
/// Offsets beyond this are not versioned (keeps the test free of overflow).
const MAX_OFFSET: i64 = 1 << 31;

/// A loop-invariant integer: `base + offset`, with a base that can be
/// computed before the loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Term {
    base: Option<TermBase>,
    offset: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum TermBase {
    Int(Value),
    /// `array.shape[axis]`.
    Dim(Value, u8),
}

/// A test that makes some checks unnecessary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Cond {
    /// `a < b`.
    Less(Term, Term),
    /// `a >= 0`.
    NonNeg(Term),
}

/// The loop to version (identified by its body block), its tests, and the
/// checks (`(instruction, axis)`) the tests remove.
pub struct Target {
    loop_body: Block,
    depth: usize,
    conds: Vec<Cond>,
    checks: Vec<(Inst, usize)>,
}

/// Where each block sits: the block holding its statement and that statement's index.
struct Positions {
    owner: HashMap<Block, (Block, usize)>,
    inst: HashMap<Inst, (Block, usize)>,
}

impl Positions {
    fn new(f: &Function) -> Positions {
        let mut inst = HashMap::new();
        for b in f.blocks_preorder() {
            for (k, s) in f.blocks[b].stmts.iter().enumerate() {
                if let Stmt::Inst(i) = s {
                    inst.insert(*i, (b, k));
                }
            }
        }
        Positions { owner: block_owners(f), inst }
    }

    /// `v` is defined before statement `k` of block `b` runs (so it can be
    /// read there).
    fn available_before(&self, f: &Function, v: Value, b: Block, k: usize) -> bool {
        let (mut cur, mut at) = (b, k);
        match f.values[v].def {
            ValueDef::Param(_) => true,
            ValueDef::Inst(i, _) => {
                let Some(&(def_block, def_at)) = self.inst.get(&i) else { return false };
                loop {
                    if cur == def_block {
                        return def_at < at;
                    }
                    match self.owner.get(&cur) {
                        Some(&(p, pk)) => (cur, at) = (p, pk),
                        None => return false,
                    }
                }
            }
            ValueDef::LoopIndex(body) => loop {
                if cur == body {
                    return true;
                }
                match self.owner.get(&cur) {
                    Some(&(p, _)) => cur = p,
                    None => return false,
                }
            },
            _ => false,
        }
    }
}

fn term(f: &Function, a: &Affine) -> Option<Term> {
    if a.offset.abs() >= MAX_OFFSET {
        return None;
    }
    let base = match a.base {
        Base::Zero => None,
        Base::Opaque(v) if *f.ty(v) == Type::Int => Some(TermBase::Int(v)),
        Base::Dim(ArrayKey::Value(v), d) => Some(TermBase::Dim(v, d)),
        _ => return None,
    };
    Some(Term { base, offset: a.offset })
}

fn term_value(t: &Term) -> Option<Value> {
    t.base.map(|b| match b {
        TermBase::Int(v) | TermBase::Dim(v, _) => v,
    })
}

/// The tests that would make the check of `idx` on axis `axis` of `arr`
/// unnecessary, or `None` when range analysis gives nothing testable.
fn conds_for(f: &Function, ri: &RangeInfo, arr: Value, axis: u8, idx: Value) -> Option<Vec<Cond>> {
    let dim = ri.dim(arr, axis);
    let dim_term = term(f, &dim)?;
    if ri.mod_by(idx, &dim) {
        // `x % m` on an axis of size `m` (>= 0) is in [0, m) when m > 0.
        return Some(vec![Cond::Less(Term { base: None, offset: 0 }, dim_term)]);
    }
    let r = ri.range(idx);
    let mut conds = Vec::new();
    let lo = r.lo?;
    if !lo.nonneg() {
        let t = term(f, &lo)?;
        t.base?;
        conds.push(Cond::NonNeg(t));
    }
    let hi = r.hi?;
    if !hi.less_than(&dim) {
        conds.push(Cond::Less(term(f, &hi)?, dim_term));
    }
    Some(conds)
}

/// The loops enclosing each instruction, outermost first (their body blocks).
fn loop_stacks(f: &Function) -> HashMap<Inst, Vec<Block>> {
    let mut out = HashMap::new();
    let mut stack = vec![(f.body, Vec::<Block>::new())];
    while let Some((b, loops)) = stack.pop() {
        for s in &f.blocks[b].stmts {
            match s {
                Stmt::Inst(i) => {
                    out.insert(*i, loops.clone());
                }
                Stmt::For { body, .. } | Stmt::While { body, .. } => {
                    let mut inner = loops.clone();
                    inner.push(*body);
                    for c in s.child_blocks() {
                        stack.push((c, if c == *body { inner.clone() } else { loops.clone() }));
                    }
                }
                other => {
                    for c in other.child_blocks() {
                        stack.push((c, loops.clone()));
                    }
                }
            }
        }
    }
    out
}

fn stmt_count(f: &Function, b: Block) -> usize {
    f.blocks[b].stmts.iter().map(|s| 1 + s.child_blocks().into_iter().map(|c| stmt_count(f, c)).sum::<usize>()).sum()
}

/// Chooses, for each check still in place (`(instruction, axis, array, index)`),
/// the loop to version and the tests; checks that cannot be versioned are left out.
pub fn plan(f: &Function, ri: &RangeInfo, kept: &[(Inst, usize, Value, Value)]) -> Vec<Target> {
    let pos = Positions::new(f);
    let stacks = loop_stacks(f);
    let mut targets: Vec<Target> = Vec::new();
    let mut by_loop: HashMap<Block, usize> = HashMap::new();
    // Statements per loop, counted once however many checks it holds.
    let mut sizes: HashMap<Block, usize> = HashMap::new();
    for &(inst, axis, arr, idx) in kept {
        let Some(loops) = stacks.get(&inst) else { continue };
        let Some(conds) = conds_for(f, ri, arr, axis as u8, idx) else { continue };
        let operands: Vec<Value> = conds
            .iter()
            .flat_map(|c| match c {
                Cond::Less(a, b) => vec![term_value(a), term_value(b)],
                Cond::NonNeg(a) => vec![term_value(a)],
            })
            .flatten()
            .collect();
        let chosen = loops.iter().enumerate().find(|(_, body)| {
            let Some(&(b, k)) = pos.owner.get(body) else { return false };
            operands.iter().all(|v| pos.available_before(f, *v, b, k))
                && *sizes.entry(**body).or_insert_with(|| stmt_count(f, **body)) <= MAX_LOOP_STMTS
        });
        let Some((depth, body)) = chosen else { continue };
        let t = *by_loop.entry(*body).or_insert_with(|| {
            targets.push(Target { loop_body: *body, depth, conds: Vec::new(), checks: Vec::new() });
            targets.len() - 1
        });
        for c in conds {
            if !targets[t].conds.contains(&c) {
                targets[t].conds.push(c);
            }
        }
        targets[t].checks.push((inst, axis));
    }
    targets
}

/// Applies a value substitution (checks removed after planning) to the tests.
pub fn remap(targets: &mut [Target], map: &HashMap<Value, Value>) {
    let fix = |t: &mut Term| {
        if let Some(TermBase::Int(v) | TermBase::Dim(v, _)) = &mut t.base {
            if let Some(n) = map.get(v) {
                *v = *n;
            }
        }
    };
    for t in targets {
        for c in &mut t.conds {
            match c {
                Cond::Less(a, b) => {
                    fix(a);
                    fix(b);
                }
                Cond::NonNeg(a) => fix(a),
            }
        }
    }
}

/// A versioned loop, for `--report`.
pub struct Versioned {
    pub span: Span,
    pub test: String,
    /// The checks removed from the fast copy (original instructions).
    pub checks: Vec<(Inst, usize)>,
}

/// Versions the planned loops, innermost first.
pub fn apply(f: &mut Function, mut targets: Vec<Target>) -> Vec<Versioned> {
    targets.sort_by_key(|t| std::cmp::Reverse(t.depth));
    let names = value_names(f);
    // Every instruction of the original code, with the copies made of it so far.
    let mut copies: HashMap<Inst, Vec<Inst>> = HashMap::new();
    for t in &targets {
        for (i, _) in &t.checks {
            copies.entry(*i).or_insert_with(|| vec![*i]);
        }
    }
    let mut out = Vec::new();
    for t in targets {
        let Some((block, k)) = loop_position(f, t.loop_body) else { continue };
        let loop_stmt = f.blocks[block].stmts[k].clone();
        let span = match &loop_stmt {
            Stmt::For { span, .. } | Stmt::While { span, .. } => *span,
            _ => continue,
        };
        let mut pre = Vec::new();
        let mut test: Option<Value> = None;
        for c in &t.conds {
            let v = emit_cond(f, &mut pre, c, span);
            test = Some(match test {
                None => v,
                Some(prev) => {
                    let i = f.make_inst(Op::Binary(BinaryOp::BitAnd), vec![prev, v], vec![Type::Bool], span);
                    pre.push(Stmt::Inst(i));
                    f.insts[i].results[0]
                }
            });
        }
        let Some(test) = test else { continue };
        let snapshot = f.clone();
        let mut cl = Cloner::new(&snapshot, Returns::Keep);
        let fast = cl.stmt(f, &loop_stmt, 0);
        for list in copies.values_mut() {
            let new: Vec<Inst> = list.iter().filter_map(|c| cl.insts.get(c).copied()).collect();
            list.extend(new);
        }
        for (orig, axis) in &t.checks {
            for c in &copies[orig] {
                if let Some(n) = cl.insts.get(c) {
                    unchecked(f, *n, *axis);
                }
            }
        }
        let then_block = f.new_block();
        f.blocks[then_block].stmts = fast;
        let else_block = f.new_block();
        f.blocks[else_block].stmts = vec![loop_stmt];
        pre.push(Stmt::If { cond: test, then_block, else_block });
        f.blocks[block].stmts.splice(k..=k, pre);
        let test = t.conds.iter().map(|c| describe(c, &names)).collect::<Vec<_>>().join(" and ");
        out.push(Versioned { span, test, checks: t.checks });
    }
    out
}

fn unchecked(f: &mut Function, i: Inst, axis: usize) {
    match &mut f.insts[i].op {
        Op::ArrayGet(modes) | Op::ArraySet(modes) => {
            if let Some(m) = modes.get_mut(axis) {
                *m = IndexMode::Unchecked;
            }
        }
        Op::CheckIndex { mode, .. } => *mode = IndexMode::Unchecked,
        _ => {}
    }
}

/// The value of a term's base (0 when it has none).
fn emit_base(f: &mut Function, pre: &mut Vec<Stmt>, t: &Term, span: Span) -> Value {
    match t.base {
        None => push(f, pre, Op::Const(Const::Int(0)), vec![], Type::Int, span),
        Some(TermBase::Int(v)) => v,
        Some(TermBase::Dim(a, d)) => push(f, pre, Op::ArrayDim(d), vec![a], Type::Int, span),
    }
}

/// Appends the instructions computing `c` to `pre`; returns the `bool` result.
fn emit_cond(f: &mut Function, pre: &mut Vec<Stmt>, c: &Cond, span: Span) -> Value {
    match c {
        Cond::NonNeg(a) => {
            // a.base + a.offset >= 0  <=>  a.base >= -a.offset
            let x = emit_base(f, pre, a, span);
            let bound = push(f, pre, Op::Const(Const::Int(-a.offset)), vec![], Type::Int, span);
            push(f, pre, Op::Compare(CmpOp::Ge), vec![x, bound], Type::Bool, span)
        }
        Cond::Less(a, b) => {
            // a.base + a.offset < b.base + b.offset  <=>  a.base < b.base - c
            // with c = a.offset - b.offset. `b` is an axis size (>= 0), so
            // b.base - c only wraps when c < 0 and b.base is near the
            // largest int: the test is then false, which is safe.
            let x = emit_base(f, pre, a, span);
            let y = emit_base(f, pre, b, span);
            let c = a.offset - b.offset;
            let rhs = if c == 0 {
                y
            } else {
                let cv = push(f, pre, Op::Const(Const::Int(c)), vec![], Type::Int, span);
                push(f, pre, Op::Binary(BinaryOp::Sub), vec![y, cv], Type::Int, span)
            };
            push(f, pre, Op::Compare(CmpOp::Lt), vec![x, rhs], Type::Bool, span)
        }
    }
}

/// Python-level names for values, for the report: variables assigned once
/// and parameters.
fn value_names(f: &Function) -> HashMap<Value, String> {
    let mut names = HashMap::new();
    for (slot, stores) in stores_by_slot(f) {
        if let [(_, v)] = stores.as_slice() {
            names.entry(*v).or_insert_with(|| f.slots[slot].name.clone());
        }
    }
    for d in f.insts.values() {
        if let (Op::Load(s), Some(r)) = (&d.op, d.results.first()) {
            names.entry(*r).or_insert_with(|| f.slots[*s].name.clone());
        }
    }
    names
}

fn describe(c: &Cond, names: &HashMap<Value, String>) -> String {
    let name = |b: &TermBase| match b {
        TermBase::Int(v) => names.get(v).cloned().unwrap_or_else(|| "an integer".into()),
        TermBase::Dim(v, d) => format!("{}.shape[{d}]", names.get(v).cloned().unwrap_or_else(|| "an array".into())),
    };
    match c {
        Cond::NonNeg(a) => match &a.base {
            Some(b) => format!("{} >= {}", name(b), -a.offset),
            None => format!("{} >= 0", a.offset),
        },
        Cond::Less(a, b) => {
            // a.base + c < b.base, with c = a.offset - b.offset.
            let c = a.offset - b.offset;
            match (&a.base, &b.base) {
                (None, Some(rb)) => format!("{c} < {}", name(rb)),
                (Some(lb), None) => format!("{} < {}", name(lb), -c),
                (None, None) => format!("{c} < 0"),
                (Some(lb), Some(rb)) => match c {
                    0 => format!("{} < {}", name(lb), name(rb)),
                    -1 => format!("{} <= {}", name(lb), name(rb)),
                    c if c < 0 => format!("{} <= {} + {}", name(lb), name(rb), -c - 1),
                    c => format!("{} + {c} < {}", name(lb), name(rb)),
                },
            }
        }
    }
}
