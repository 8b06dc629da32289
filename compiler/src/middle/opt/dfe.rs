//! Dead-function elimination: functions that no export can reach through
//! calls are marked dead (`Function::dead`), so no code is generated for them
//! and later analyses skip them.
//!
//! Uses: `CallGraph` (reachability from the exported overloads). Preserves:
//! `CallGraph` (marking a function dead changes no edge).

use std::any::TypeId;

use crate::ir::Module;
use crate::middle::analysis::callgraph::CallGraph;
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Preserved, Remark};

pub struct Dfe;

impl Pass for Dfe {
    fn name(&self) -> &'static str {
        "dfe"
    }

    fn run(&self, m: &mut Module, am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let roots: Vec<_> = m.exports.iter().flat_map(|e| e.overloads.iter().map(|o| o.func)).collect();
        let live = am.get::<CallGraph>(m).reachable(roots);
        let mut changed = false;
        for (id, f) in m.funcs.iter_mut() {
            if !live.contains(&id) && !f.dead {
                f.dead = true;
                changed = true;
                remarks.push(Remark {
                    pass: "dfe",
                    function: f.py_name.clone(),
                    span: f.span,
                    message: format!("removed `{}`: no exported function calls it any more", f.name),
                });
            }
        }
        if changed {
            PassResult { changed, preserved: Preserved::Only(vec![TypeId::of::<CallGraph>()]) }
        } else {
            PassResult::unchanged()
        }
    }
}
