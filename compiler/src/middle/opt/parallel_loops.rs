//! Parallel loops: decides, for every `#omp parallel for` loop, whether its
//! iterations can run on the thread pool, and reports it (`--report`). A
//! loop that must run serially to keep CPython's results (see
//! `analysis::parallel_loop::serial_reason`) loses its `parallel` attribute.
//!
//! Uses: nothing cached (the slot classification is local to each loop).
//! Preserves: everything (only loop attributes change).

use crate::ir::{Block, Function, Module, Stmt};
use crate::middle::analysis::parallel_loop::serial_reason;
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Preserved, Remark};

pub struct ParallelLoops;

impl Pass for ParallelLoops {
    fn name(&self) -> &'static str {
        "parallel-loops"
    }

    fn run(&self, m: &mut Module, _am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let mut changed = false;
        for f in m.funcs.values_mut().filter(|f| !f.dead) {
            let body = f.body;
            changed |= visit(f, body, remarks);
        }
        PassResult { changed, preserved: Preserved::All }
    }
}

fn visit(f: &mut Function, blk: Block, remarks: &mut Vec<Remark>) -> bool {
    let mut changed = false;
    for k in 0..f.blocks[blk].stmts.len() {
        let children = f.blocks[blk].stmts[k].child_blocks();
        for c in children {
            changed |= visit(f, c, remarks);
        }
        let Stmt::For { body, orelse, attrs, span, .. } = &f.blocks[blk].stmts[k] else { continue };
        if !attrs.parallel {
            continue;
        }
        let reason =
            if orelse.is_some() { Some("it has an `else` clause".to_string()) } else { serial_reason(f, *body, &attrs.reductions) };
        let span = *span;
        let function = f.py_name.clone();
        let message = match &reason {
            None => {
                let reds: Vec<String> = attrs.reductions.iter().map(|s| format!("+:{}", f.slots[*s].name)).collect();
                let reds = if reds.is_empty() { String::new() } else { format!(" with reduction({})", reds.join(", ")) };
                format!("parallel loop: iterations run on the thread pool{reds}")
            }
            Some(why) => format!("parallel loop runs serially: {why}"),
        };
        remarks.push(Remark { pass: "parallel-loops", function, span, message });
        if reason.is_some() {
            if let Stmt::For { attrs, .. } = &mut f.blocks[blk].stmts[k] {
                attrs.parallel = false;
                changed = true;
            }
        }
    }
    changed
}
