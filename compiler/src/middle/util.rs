//! Small IR queries shared by the passes: purity of one operation, uses,
//! replacing values, slots stored in a region.
//!
//! Invariant: "pure" here means no side effects, no exception, and no new
//! reference (so the operation may be removed, duplicated or hoisted).

use std::collections::{HashMap, HashSet};

use crate::ir::{BinaryOp, Block, Const, Function, Inst, Op, Slot, Stmt, Value};
use crate::optable;
use crate::types::Type;

/// Whether instruction `i` can be removed or moved freely.
pub fn is_pure(f: &Function, i: Inst) -> bool {
    let d = &f.insts[i];
    let rty = d.results.first().map(|r| f.ty(*r));
    match &d.op {
        Op::Const(_)
        | Op::Load(_)
        | Op::Unary(_)
        | Op::Compare(_)
        | Op::Truth
        | Op::Select
        | Op::TupleGet(_)
        | Op::ArrayDim(_)
        | Op::ArrayStride(_) => true,
        Op::MakeTuple => !rty.is_some_and(Type::has_refs),
        Op::Convert => {
            let from = f.ty(d.args[0]);
            let to = rty.expect("convert has a result");
            // int(float) raises on NaN and infinity.
            !(*to == Type::Int && from.scalar_dtype().is_some_and(|t| t.is_float()))
        }
        Op::Binary(op) => {
            let ty = rty.expect("binary has a result");
            match op {
                BinaryOp::Div | BinaryOp::FloorDiv | BinaryOp::Mod => !ty.is_python_scalar() || const_nonzero(f, d.args[1]),
                BinaryOp::Pow => false,
                BinaryOp::Shl | BinaryOp::Shr => !ty.is_python_scalar() || const_int(f, d.args[1]).is_some_and(|c| c >= 0),
                _ => true,
            }
        }
        Op::Builtin(id) => {
            let def = optable::get(*id);
            !def.may_raise && def.effects == optable::Effects::NONE && !rty.is_some_and(Type::has_refs)
        }
        _ => false,
    }
}

pub fn const_int(f: &Function, v: Value) -> Option<i64> {
    match f.def_inst(v).map(|i| &f.insts[i].op) {
        Some(Op::Const(Const::Int(c))) => Some(*c),
        _ => None,
    }
}

fn const_nonzero(f: &Function, v: Value) -> bool {
    match f.def_inst(v).map(|i| &f.insts[i].op) {
        Some(Op::Const(Const::Int(c))) => *c != 0,
        Some(Op::Const(Const::Float(c))) => *c != 0.0,
        _ => false,
    }
}

/// Values read by a statement directly (not inside its child blocks).
pub fn stmt_reads(f: &Function, s: &Stmt) -> Vec<Value> {
    let mut out = s.operands();
    match s {
        Stmt::Inst(i) => out.extend(f.insts[*i].args.iter().copied()),
        // The kernel stores its body's result.
        Stmt::Kernel(k) => out.push(k.result),
        _ => {}
    }
    out
}

/// Number of reads of every value in the function.
pub fn use_counts(f: &Function) -> HashMap<Value, usize> {
    let mut counts = HashMap::new();
    for b in f.blocks_preorder() {
        for s in &f.blocks[b].stmts {
            for v in stmt_reads(f, s) {
                *counts.entry(v).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// Replaces every read of a value by another, everywhere in the function.
pub fn replace_uses(f: &mut Function, map: &HashMap<Value, Value>) {
    if map.is_empty() {
        return;
    }
    let resolve = |mut v: Value| {
        while let Some(n) = map.get(&v) {
            v = *n;
        }
        v
    };
    for d in f.insts.values_mut() {
        for a in d.args.iter_mut() {
            *a = resolve(*a);
        }
    }
    for b in f.blocks.values_mut() {
        for s in b.stmts.iter_mut() {
            match s {
                Stmt::If { cond, .. } | Stmt::While { cond, .. } => *cond = resolve(*cond),
                Stmt::For { start, stop, step, .. } => {
                    *start = resolve(*start);
                    *stop = resolve(*stop);
                    *step = resolve(*step);
                }
                Stmt::Return(Some(v)) => *v = resolve(*v),
                _ => {}
            }
        }
    }
}

/// Slots stored anywhere inside block `b` (including nested blocks).
pub fn slots_stored_in(f: &Function, b: Block) -> HashSet<Slot> {
    let mut out = HashSet::new();
    let mut stack = vec![b];
    while let Some(b) = stack.pop() {
        for s in &f.blocks[b].stmts {
            if let Stmt::Inst(i) = s {
                if let Op::Store(sl) = f.insts[*i].op {
                    out.insert(sl);
                }
            }
            stack.extend(s.child_blocks());
        }
    }
    out
}

/// For every slot, the values stored into it (in program order of the tree walk).
pub fn stores_by_slot(f: &Function) -> HashMap<Slot, Vec<(Inst, Value)>> {
    let mut out: HashMap<Slot, Vec<(Inst, Value)>> = HashMap::new();
    for b in f.blocks_preorder() {
        for s in &f.blocks[b].stmts {
            if let Stmt::Inst(i) = s {
                if let Op::Store(sl) = f.insts[*i].op {
                    out.entry(sl).or_default().push((*i, f.insts[*i].args[0]));
                }
            }
        }
    }
    out
}

/// The block that defines each instruction's results, and the parent block of every block.
pub fn block_tree(f: &Function) -> (HashMap<Inst, Block>, HashMap<Block, Block>) {
    let mut inst_block = HashMap::new();
    let mut parent = HashMap::new();
    for b in f.blocks_preorder() {
        for s in &f.blocks[b].stmts {
            if let Stmt::Inst(i) = s {
                inst_block.insert(*i, b);
            }
            for c in s.child_blocks() {
                parent.insert(c, b);
            }
        }
    }
    (inst_block, parent)
}

/// Where the loop whose body is `body` sits: its block and statement index.
pub fn loop_position(f: &Function, body: Block) -> Option<(Block, usize)> {
    f.blocks_preorder().into_iter().find_map(|b| {
        f.blocks[b]
            .stmts
            .iter()
            .position(|s| matches!(s, Stmt::For { body: lb, .. } | Stmt::While { body: lb, .. } if *lb == body))
            .map(|k| (b, k))
    })
}

/// For every block owned by a statement: the block holding that statement
/// and the statement's index in it.
pub fn block_owners(f: &Function) -> HashMap<Block, (Block, usize)> {
    let mut owner = HashMap::new();
    for b in f.blocks_preorder() {
        for (k, s) in f.blocks[b].stmts.iter().enumerate() {
            for c in s.child_blocks() {
                owner.insert(c, (b, k));
            }
        }
    }
    owner
}
