//! Dead-code elimination.
//!
//! Removes pure operations (`middle::util::is_pure`) whose results are never
//! read, repeatedly. Dead functions are `dfe`'s job.
//!
//! Uses: nothing cached. Preserves: nothing.

use std::collections::HashSet;

use crate::ir::{Function, Module, Stmt};
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
