//! Inlining of small functions, and one level of self-recursion.
//!
//! A call is replaced by a copy of the callee's body wrapped in a loop that
//! runs once: each `return v` becomes a store of `v` into a result variable
//! followed by a `break` that leaves the copy (a multi-level `Break` when the
//! return sits inside the callee's own loops). Callee variables become fresh
//! variables of the caller; parameters become the call's arguments.
//!
//! Which calls: callees of at most `SMALL` operations that do not call
//! themselves, and a function's calls to itself when its body is at most
//! `SMALL_RECURSIVE` operations (one level per run of the pass): after
//! `tailrec`, `fib` keeps one recursive call per loop iteration, and one
//! inlined level removes most calls that would only hit the base case.
//!
//! Uses: nothing cached. Preserves: nothing.

use std::collections::HashMap;

use crate::ir::clone::{Cloner, Returns};
use crate::ir::{Block, Const, FuncId, Function, Inst, Module, Op, Stmt};
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::middle::util::replace_uses;
use crate::types::Type;

/// Largest callee inlined at every call site.
const SMALL: usize = 24;
/// Largest self-recursive function inlined into itself.
const SMALL_RECURSIVE: usize = 400;

pub struct Inline;

impl Pass for Inline {
    fn name(&self) -> &'static str {
        "inline"
    }

    fn run(&self, m: &mut Module, _am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let mut changed = false;
        let ids: Vec<FuncId> = m.funcs.keys().collect();
        // Decide against the bodies as they were before this pass.
        let snapshot: HashMap<FuncId, Function> = ids.iter().map(|id| (*id, m.funcs[*id].clone())).collect();
        for caller in ids {
            if m.funcs[caller].dead {
                continue;
            }
            let sites = call_sites(&m.funcs[caller]);
            for (block, inst, callee) in sites {
                let g = &snapshot[&callee];
                let size = op_count(g);
                let recursive = calls(g, callee);
                let ok = if callee == caller { size <= SMALL_RECURSIVE } else { !recursive && size <= SMALL };
                if !ok || g.dead {
                    continue;
                }
                let span = m.funcs[caller].insts[inst].span;
                inline_call(&mut m.funcs[caller], g, block, inst);
                changed = true;
                remarks.push(Remark {
                    pass: "inline",
                    function: m.funcs[caller].py_name.clone(),
                    span,
                    message: format!("inlined a call to `{}`", g.py_name),
                });
            }
        }
        PassResult::changed(changed)
    }
}

fn op_count(f: &Function) -> usize {
    f.blocks_preorder().iter().map(|b| f.blocks[*b].stmts.len()).sum()
}

fn calls(f: &Function, target: FuncId) -> bool {
    f.insts.values().any(|d| d.op == Op::Call(target))
}

fn call_sites(f: &Function) -> Vec<(Block, Inst, FuncId)> {
    let mut out = Vec::new();
    for b in f.blocks_preorder() {
        for s in &f.blocks[b].stmts {
            if let Stmt::Inst(i) = s {
                if let Op::Call(c) = f.insts[*i].op {
                    out.push((b, *i, c));
                }
            }
        }
    }
    out
}

/// Replaces the call `inst` in `block` of `f` by a copy of `g`'s body.
fn inline_call(f: &mut Function, g: &Function, block: Block, inst: Inst) {
    let span = f.insts[inst].span;
    let mut slots = HashMap::new();
    for (s, d) in g.slots.iter() {
        let ns = f.add_slot(format!("{}.{}", g.py_name, d.name), d.ty.clone());
        slots.insert(s, ns);
    }
    let ret_slot = (g.ret != Type::None).then(|| f.add_slot(format!("{}.$result", g.py_name), g.ret.clone()));
    let mut cl = Cloner::new(g, Returns::StoreAndBreak(ret_slot));
    cl.slots = slots;
    for (p, a) in g.params.iter().zip(f.insts[inst].args.clone()) {
        cl.values.insert(*p, a);
    }
    let body = cl.block(f, g.body, 0);
    let header = f.new_block();
    let t = f.make_inst(Op::Const(Const::Bool(true)), vec![], vec![Type::Bool], span);
    let tv = f.insts[t].results[0];
    f.blocks[header].stmts.push(Stmt::Inst(t));
    let mut replacement = vec![Stmt::While { header, cond: tv, body, orelse: None, span }];
    let old_result = f.insts[inst].results.first().copied();
    if let (Some(rs), Some(old)) = (ret_slot, old_result) {
        let load = f.make_inst(Op::Load(rs), vec![], vec![g.ret.clone()], span);
        let new = f.insts[load].results[0];
        replacement.push(Stmt::Inst(load));
        replace_uses(f, &HashMap::from([(old, new)]));
    } else if let Some(old) = old_result {
        // A call of a function returning None still has a (None) result,
        // which may be used (`return g(x)`): it becomes the constant.
        let none = f.make_inst(Op::Const(Const::None), vec![], vec![Type::None], span);
        let new = f.insts[none].results[0];
        replacement.push(Stmt::Inst(none));
        replace_uses(f, &HashMap::from([(old, new)]));
    }
    let stmts = &mut f.blocks[block].stmts;
    if let Some(pos) = stmts.iter().position(|s| *s == Stmt::Inst(inst)) {
        stmts.splice(pos..=pos, replacement);
    }
}
