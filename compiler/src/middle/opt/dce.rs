//! Dead-code and dead-function elimination.
//!
//! Removes pure operations (`middle::util::is_pure`) whose results are never
//! read, repeatedly, and functions no export can reach through calls.
//!
//! Uses: nothing cached. Preserves: nothing (function ids stay valid, but
//! analyses keyed by function may list removed ones).

use std::collections::HashSet;

use crate::ir::{FuncId, Function, Module, Op, Stmt};
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::middle::util::{is_pure, use_counts};

pub struct Dce;

impl Pass for Dce {
    fn name(&self) -> &'static str {
        "dce"
    }

    fn run(&self, m: &mut Module, _am: &mut AnalysisCache, _remarks: &mut Vec<Remark>) -> PassResult {
        let mut changed = false;
        for f in m.funcs.values_mut() {
            changed |= dce_function(f);
        }
        changed |= remove_dead_functions(m);
        PassResult::changed(changed)
    }
}

fn dce_function(f: &mut Function) -> bool {
    let mut changed = false;
    loop {
        let counts = use_counts(f);
        let mut dead = HashSet::new();
        for (i, d) in f.insts.iter() {
            if !d.results.is_empty() && d.results.iter().all(|r| !counts.contains_key(r)) && is_pure(f, i) {
                dead.insert(i);
            }
        }
        let mut removed = false;
        for b in f.blocks.values_mut() {
            let before = b.stmts.len();
            b.stmts.retain(|s| !matches!(s, Stmt::Inst(i) if dead.contains(i)));
            removed |= b.stmts.len() != before;
        }
        if !removed {
            return changed;
        }
        changed = true;
    }
}

/// Functions reachable from the exports keep their bodies; others are emptied
/// and excluded from code generation.
fn remove_dead_functions(m: &mut Module) -> bool {
    let mut live: HashSet<FuncId> = m.exports.iter().flat_map(|e| e.overloads.iter().map(|o| o.func)).collect();
    let mut work: Vec<FuncId> = live.iter().copied().collect();
    while let Some(id) = work.pop() {
        for d in m.funcs[id].insts.values() {
            if let Op::Call(c) = d.op {
                if live.insert(c) {
                    work.push(c);
                }
            }
        }
    }
    let mut changed = false;
    for (id, f) in m.funcs.iter_mut() {
        if !live.contains(&id) && !f.dead {
            f.dead = true;
            changed = true;
        }
    }
    changed
}
