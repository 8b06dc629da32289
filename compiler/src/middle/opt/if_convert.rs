//! If-conversion: small conditional updates become branch-free selects.
//!
//! ```text
//! if c: x = e        ⟶    t = e; x = select(c, t, x)
//! else: y = g              u = g; y = select(c, y, u)
//! ```
//! when each branch is short and holds only pure operations (which may run
//! speculatively: they cannot raise and have no effects) and stores of
//! scalars (the else-branch may be empty). An unpredictable branch in a hot
//! loop (`if x*x + y*y <= 1.0: hits += 1`) costs far more than the select.
//!
//! Uses: nothing cached. Preserves: nothing.

use crate::ir::{Block, Function, Inst, Module, Op, Stmt};
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::middle::util::is_pure;

/// Most operations a converted branch may hold.
const MAX_OPS: usize = 8;

pub struct IfConvert;

impl Pass for IfConvert {
    fn name(&self) -> &'static str {
        "if-convert"
    }

    fn run(&self, m: &mut Module, _am: &mut AnalysisCache, _remarks: &mut Vec<Remark>) -> PassResult {
        let mut changed = false;
        for f in m.funcs.values_mut() {
            for b in f.blocks_preorder() {
                changed |= convert_block(f, b);
            }
        }
        PassResult::changed(changed)
    }
}

fn convertible(f: &Function, then_block: Block) -> bool {
    let stmts = &f.blocks[then_block].stmts;
    if stmts.is_empty() || stmts.len() > MAX_OPS {
        return false;
    }
    let mut stores = 0;
    for s in stmts {
        let Stmt::Inst(i) = s else { return false };
        match f.insts[*i].op {
            Op::Store(slot) => {
                if f.slots[slot].ty.has_refs() || !f.slots[slot].ty.is_scalar() {
                    return false;
                }
                stores += 1;
            }
            _ if is_pure(f, *i) => {}
            _ => return false,
        }
    }
    stores > 0
}

fn convert_block(f: &mut Function, b: Block) -> bool {
    let mut changed = false;
    let mut k = 0;
    while k < f.blocks[b].stmts.len() {
        let Stmt::If { cond, then_block, else_block } = f.blocks[b].stmts[k].clone() else {
            k += 1;
            continue;
        };
        let else_empty = f.blocks[else_block].stmts.is_empty();
        if !convertible(f, then_block) || !(else_empty || convertible(f, else_block)) {
            k += 1;
            continue;
        }
        // The then-branch's stores take effect where `cond` holds, then the
        // else-branch's where it does not: exactly one branch's stores land,
        // and the else-branch reads what it would have read.
        let mut out: Vec<Stmt> = Vec::new();
        for (branch, taken_when) in [(then_block, true), (else_block, false)] {
            for s in f.blocks[branch].stmts.clone() {
                let Stmt::Inst(i) = s else { unreachable!("checked by convertible") };
                if let Op::Store(slot) = f.insts[i].op {
                    let new = f.insts[i].args[0];
                    let span = f.insts[i].span;
                    let ty = f.slots[slot].ty.clone();
                    let old: Inst = f.make_inst(Op::Load(slot), vec![], vec![ty.clone()], span);
                    let ov = f.insts[old].results[0];
                    let arms = if taken_when { vec![cond, new, ov] } else { vec![cond, ov, new] };
                    let sel = f.make_inst(Op::Select, arms, vec![ty], span);
                    let sv = f.insts[sel].results[0];
                    f.insts[i].args[0] = sv;
                    out.extend([Stmt::Inst(old), Stmt::Inst(sel), Stmt::Inst(i)]);
                } else {
                    out.push(Stmt::Inst(i));
                }
            }
        }
        let n = out.len();
        f.blocks[b].stmts.splice(k..=k, out);
        k += n;
        changed = true;
    }
    changed
}
