//! Dead-store elimination: a `Store` whose value no `Load` can read is removed.
//!
//! `a = 1; if c: a = a + 2 else: a = 3; r = a; a = 4; return r`: the last
//! store reaches no load (slots die when the function returns), so it goes;
//! the value it stored, if pure and now unused, is left to `dce`.
//!
//! Uses: `UseDef` (reaching definitions, an over-approximation: a store is
//! only removed when no path in a graph with at least the program's paths
//! leads from it to a load of its slot). Removing a store cannot make a load
//! possibly-unassigned: every path from the store to a load passes another
//! store of the slot. Preserves: nothing.

use crate::ir::{Module, Op, Stmt};
use crate::middle::analysis::usedef::UseDef;
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};

pub struct Dse;

impl Pass for Dse {
    fn name(&self) -> &'static str {
        "dse"
    }

    fn run(&self, m: &mut Module, am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let ud = am.get::<UseDef>(m);
        let dead: Vec<_> = ud.funcs.iter().map(|(id, u)| (*id, u.dead_stores())).filter(|(_, d)| !d.is_empty()).collect();
        let mut changed = false;
        for (id, stores) in dead {
            let f = &mut m.funcs[id];
            let set: std::collections::HashSet<_> = stores.iter().copied().collect();
            for b in f.blocks.values_mut() {
                b.stmts.retain(|s| !matches!(s, Stmt::Inst(i) if set.contains(i)));
            }
            for s in stores {
                let Op::Store(slot) = f.insts[s].op else { continue };
                let name = &f.slots[slot].name;
                // Hidden slots (assignment flags, temporaries) are not worth a remark.
                if name.starts_with(|c: char| c.is_alphabetic() || c == '_') && !name.contains('$') && !name.contains('.') {
                    remarks.push(Remark {
                        pass: "dse",
                        function: f.py_name.clone(),
                        span: f.insts[s].span,
                        message: format!("removed a dead store to `{name}` (no later read can see it)"),
                    });
                }
            }
            changed = true;
        }
        PassResult::changed(changed)
    }
}
