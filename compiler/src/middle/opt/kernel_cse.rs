//! One operand per array: kernel inputs that are provably the same array
//! become a single input, so the kernel loads each element once.
//!
//! `rosenbrock`'s `(x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2` writes
//! `x[:-1]` twice; lowering reads `x` and slices it each time, and fusion
//! makes each slice its own input. Two inputs are the same array when they
//! are the same value, or the same view (equal axes, equal index operands)
//! of the same array. Two reads of one variable count as the same array if
//! both sit in one block (the kernel's, or one around it, where `licm` puts
//! reads of variables a loop does not change) and nothing stores to the
//! variable between them (in that block or in statements nested there); a
//! read of a variable stored earlier in the kernel's block counts as the
//! value stored.
//!
//! The second input's element is replaced by the first's inside the body,
//! the input is dropped and the broadcast checks are renumbered (a check
//! naming both keeps one, which broadcasts with itself). The second view is
//! still computed (a view may raise), so nothing observable changes.
//!
//! Uses: nothing cached. Preserves: nothing.

use std::collections::HashMap;

use crate::ir::{Block, Function, KernelData, Module, Op, Stmt, Value, ValueDef};
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::middle::util::{const_int, replace_uses, slots_stored_in};

pub struct KernelCse;

impl Pass for KernelCse {
    fn name(&self) -> &'static str {
        "kernel-cse"
    }

    fn run(&self, m: &mut Module, _am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let mut changed = false;
        for f in m.funcs.values_mut() {
            for b in f.blocks_preorder() {
                for k in 0..f.blocks[b].stmts.len() {
                    let Stmt::Kernel(kd) = &f.blocks[b].stmts[k] else { continue };
                    let mut kd = (**kd).clone();
                    let merged = dedupe(f, b, k, &mut kd);
                    if merged > 0 {
                        remarks.push(Remark {
                            pass: "kernel-cse",
                            function: f.py_name.clone(),
                            span: kd.span,
                            message: format!("{merged} repeated array operand(s) read once"),
                        });
                        f.blocks[b].stmts[k] = Stmt::Kernel(Box::new(kd));
                        changed = true;
                    }
                }
            }
        }
        PassResult::changed(changed)
    }
}

/// Merges equal inputs of the kernel at `stmts[at]` of block `b`; returns
/// how many inputs went.
fn dedupe(f: &mut Function, b: Block, at: usize, k: &mut KernelData) -> usize {
    let mut merged = 0;
    let mut j = 1;
    while j < k.inputs.len() {
        let same = (0..j).find(|&i| f.ty(k.inputs[i]).as_array().is_some() && same_array(f, b, at, k.inputs[i], k.inputs[j]));
        let Some(i) = same else {
            j += 1;
            continue;
        };
        replace_uses(f, &HashMap::from([(k.elems[j], k.elems[i])]));
        if k.result == k.elems[j] {
            k.result = k.elems[i];
        }
        k.inputs.remove(j);
        k.elems.remove(j);
        // Later elements move down one position.
        for (n, e) in k.elems.iter().enumerate().skip(j) {
            f.values[*e].def = ValueDef::KernelElem(k.body, n as u32);
        }
        let (i, j32) = (i as u32, j as u32);
        for group in &mut k.checks {
            for n in group.iter_mut() {
                if *n == j32 {
                    *n = i;
                } else if *n > j32 {
                    *n -= 1;
                }
            }
            let mut seen = Vec::new();
            group.retain(|n| {
                !seen.contains(n) && {
                    seen.push(*n);
                    true
                }
            });
        }
        merged += 1;
    }
    merged
}

/// Whether array values `x` and `y`, both defined before `stmts[at]` of
/// block `b`, are the same array there.
pub(crate) fn same_array(f: &Function, b: Block, at: usize, x: Value, y: Value) -> bool {
    let (x, y) = (stored_value(f, b, at, x), stored_value(f, b, at, y));
    if x == y {
        return true;
    }
    let (Some(ix), Some(iy)) = (f.def_inst(x), f.def_inst(y)) else { return false };
    let (dx, dy) = (&f.insts[ix], &f.insts[iy]);
    match (&dx.op, &dy.op) {
        (Op::View(ax), Op::View(ay)) => {
            ax == ay
                && dx.args.len() == dy.args.len()
                && same_array(f, b, at, dx.args[0], dy.args[0])
                && dx.args[1..]
                    .iter()
                    .zip(&dy.args[1..])
                    .all(|(p, q)| p == q || const_int(f, *p).is_some_and(|c| const_int(f, *q) == Some(c)))
        }
        (Op::Load(sx), Op::Load(sy)) if sx == sy => {
            // Both reads in one block (this one before the kernel, or one
            // around it), with no store between them.
            let both_in = |stmts: &[Stmt]| stmts.contains(&Stmt::Inst(ix)) && stmts.contains(&Stmt::Inst(iy));
            let stmts = if both_in(&f.blocks[b].stmts[..at]) {
                &f.blocks[b].stmts[..at]
            } else {
                match f.blocks_preorder().into_iter().find(|blk| *blk != b && both_in(&f.blocks[*blk].stmts)) {
                    Some(home) => &f.blocks[home].stmts[..],
                    None => return false,
                }
            };
            let pos = |i| stmts.iter().position(|s| *s == Stmt::Inst(i));
            let (Some(px), Some(py)) = (pos(ix), pos(iy)) else { return false };
            let (lo, hi) = (px.min(py), px.max(py));
            !stmts[lo..hi].iter().any(|s| match s {
                Stmt::Inst(i) => f.insts[*i].op == Op::Store(*sx),
                _ => s.child_blocks().into_iter().any(|c| slots_stored_in(f, c).contains(sx)),
            })
        }
        _ => false,
    }
}

/// For a read of a variable in block `b` before `stmts[at]` that an
/// earlier store of the block reaches (no store to the variable between,
/// nested blocks included), the stored value (`uc = u[1:-1, 1:-1]` ...
/// `uc` read later is that view); otherwise `v` itself.
fn stored_value(f: &Function, b: Block, at: usize, v: Value) -> Value {
    let Some(i) = f.def_inst(v) else { return v };
    let Op::Load(slot) = f.insts[i].op else { return v };
    let stmts = &f.blocks[b].stmts[..at];
    let Some(load_pos) = stmts.iter().position(|s| *s == Stmt::Inst(i)) else { return v };
    for s in stmts[..load_pos].iter().rev() {
        match s {
            Stmt::Inst(j) if f.insts[*j].op == Op::Store(slot) => return stored_value(f, b, at, f.insts[*j].args[0]),
            Stmt::Inst(_) => {}
            _ => {
                if s.child_blocks().into_iter().any(|c| slots_stored_in(f, c).contains(&slot)) {
                    return v;
                }
            }
        }
    }
    v
}
