//! Loop-invariant code motion.
//!
//! Moves pure operations (see `middle::util::is_pure`) whose operands are
//! defined outside a loop from the top level of the loop's body to just
//! before the loop: slot loads of slots the loop never stores, shape reads,
//! constants, arithmetic on those. Inner loops are processed first, so an
//! invariant climbs out of every loop it does not depend on.
//!
//! Uses: nothing cached. Preserves: effects (no operation changes).
//! Hoisting is speculative (the loop may run zero times), which is why only
//! pure operations move: they cannot raise and have no effects.

use std::collections::HashSet;

use crate::ir::{Block, Function, Module, Op, Stmt, Value, ValueDef};
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Preserved, Remark};
use crate::middle::util::{is_pure, slots_stored_in};

pub struct Licm;

impl Pass for Licm {
    fn name(&self) -> &'static str {
        "licm"
    }

    fn run(&self, m: &mut Module, _am: &mut AnalysisCache, _remarks: &mut Vec<Remark>) -> PassResult {
        let mut changed = false;
        for f in m.funcs.values_mut() {
            let body = f.body;
            changed |= licm_block(f, body);
        }
        PassResult {
            changed,
            preserved: if changed {
                Preserved::Only(vec![std::any::TypeId::of::<crate::middle::analysis::effects::ModuleEffects>()])
            } else {
                Preserved::All
            },
        }
    }
}

/// Processes every loop in block `b` (and nested blocks); returns whether anything moved.
fn licm_block(f: &mut Function, b: Block) -> bool {
    let mut changed = false;
    let mut k = 0;
    while k < f.blocks[b].stmts.len() {
        let stmt = f.blocks[b].stmts[k].clone();
        for c in stmt.child_blocks() {
            changed |= licm_block(f, c);
        }
        let hoisted = match &stmt {
            Stmt::For { body, .. } => hoist_from(f, *body, &[*body]),
            Stmt::While { header, body, .. } => hoist_from(f, *body, &[*header, *body]),
            _ => Vec::new(),
        };
        if !hoisted.is_empty() {
            changed = true;
            let n = hoisted.len();
            let stmts = &mut f.blocks[b].stmts;
            for (j, s) in hoisted.into_iter().enumerate() {
                stmts.insert(k + j, s);
            }
            k += n;
        }
        k += 1;
    }
    changed
}

/// Removes invariant statements from the top level of `body` and returns them
/// in order. `loop_blocks` are the blocks that run on every iteration.
fn hoist_from(f: &mut Function, body: Block, loop_blocks: &[Block]) -> Vec<Stmt> {
    let mut stored = HashSet::new();
    for lb in loop_blocks {
        stored.extend(slots_stored_in(f, *lb));
    }
    // Values defined inside the loop (not yet known to be invariant).
    let mut inside: HashSet<Value> = HashSet::new();
    let mut stack: Vec<Block> = loop_blocks.to_vec();
    while let Some(x) = stack.pop() {
        for s in &f.blocks[x].stmts {
            if let Stmt::Inst(i) = s {
                inside.extend(f.insts[*i].results.iter().copied());
            }
            stack.extend(s.child_blocks());
        }
    }
    for (v, d) in f.values.iter() {
        if let ValueDef::LoopIndex(lb) = d.def {
            if loop_blocks.contains(&lb) {
                inside.insert(v);
            }
        }
    }
    let mut hoisted = Vec::new();
    let mut kept = Vec::new();
    for s in f.blocks[body].stmts.clone() {
        let Stmt::Inst(i) = s else {
            kept.push(s);
            continue;
        };
        let d = &f.insts[i];
        let movable = is_pure(f, i) && !matches!(d.op, Op::Load(sl) if stored.contains(&sl)) && d.args.iter().all(|a| !inside.contains(a));
        if movable {
            for r in &d.results {
                inside.remove(r);
            }
            hoisted.push(s);
        } else {
            kept.push(s);
        }
    }
    f.blocks[body].stmts = kept;
    hoisted
}
