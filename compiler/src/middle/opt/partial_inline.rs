//! Partial inlining of entry guards (GCC calls it "IPA split").
//!
//! Many recursive functions start with a base case: `if n < 2: return n`. A
//! call that would only hit that base case costs a whole call for a compare.
//! This pass copies the callee's entry guard into the caller:
//!
//! ```text
//! r = g(a)   ⟶   if <guard of g on a>: r = <base value on a>
//!                else:                 r = g(a)
//! ```
//!
//! The guard is found by walking the callee from its entry on the path
//! taken before any branch: stores into variables are tracked symbolically,
//! pure operations are copied, and an infinite loop (`while True`, as left by
//! `tailrec`) is entered for its first iteration. The first `if` whose
//! then-branch is pure and returns, and whose else-branch is empty, is the
//! guard. Anything else ends the search (no guard).
//!
//! Uses: nothing cached. Preserves: nothing.

use std::collections::HashMap;

use crate::ir::{Block, Const, FuncId, Function, Inst, Module, Op, Slot, Stmt, Value};
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::middle::util::{is_pure, replace_uses};

pub struct PartialInline;

impl Pass for PartialInline {
    fn name(&self) -> &'static str {
        "partial-inline"
    }

    fn run(&self, m: &mut Module, _am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let mut changed = false;
        let ids: Vec<FuncId> = m.funcs.keys().collect();
        let snapshot: HashMap<FuncId, Function> = ids.iter().map(|id| (*id, m.funcs[*id].clone())).collect();
        for caller in ids {
            if m.funcs[caller].dead {
                continue;
            }
            let sites: Vec<(Block, Inst, FuncId)> = m.funcs[caller]
                .blocks_preorder()
                .into_iter()
                .flat_map(|b| {
                    let f = &m.funcs[caller];
                    f.blocks[b].stmts.iter().filter_map(move |s| match s {
                        Stmt::Inst(i) => match f.insts[*i].op {
                            Op::Call(c) => Some((b, *i, c)),
                            _ => None,
                        },
                        _ => None,
                    })
                })
                .collect();
            for (b, i, callee) in sites {
                let g = &snapshot[&callee];
                // Only recursive callees: others are inlined whole or are big.
                if g.dead || !g.insts.values().any(|d| d.op == Op::Call(callee)) {
                    continue;
                }
                let span = m.funcs[caller].insts[i].span;
                if guard_call(&mut m.funcs[caller], g, b, i) {
                    changed = true;
                    remarks.push(Remark {
                        pass: "partial-inline",
                        function: m.funcs[caller].py_name.clone(),
                        span,
                        message: format!("inlined the base case of `{}` before the call", g.py_name),
                    });
                }
            }
        }
        PassResult::changed(changed)
    }
}

struct Walk<'g> {
    g: &'g Function,
    env: HashMap<Slot, Value>,
    vmap: HashMap<Value, Value>,
}

impl Walk<'_> {
    fn map(&self, v: Value) -> Option<Value> {
        self.vmap.get(&v).copied()
    }

    /// Copies a pure straight-line instruction into `out`; false if it is not one.
    fn copy_inst(&mut self, f: &mut Function, i: Inst, out: &mut Vec<Stmt>) -> bool {
        let d = &self.g.insts[i];
        match &d.op {
            Op::Store(s) => match self.map(d.args[0]) {
                Some(v) => {
                    self.env.insert(*s, v);
                    true
                }
                None => false,
            },
            Op::Load(s) => match self.env.get(s) {
                Some(v) => {
                    self.vmap.insert(d.results[0], *v);
                    true
                }
                None => false,
            },
            _ if is_pure(self.g, i) && d.results.len() == 1 => {
                let Some(args) = d.args.iter().map(|a| self.map(*a)).collect::<Option<Vec<_>>>() else { return false };
                let ni = f.make_inst(d.op.clone(), args, vec![self.g.ty(d.results[0]).clone()], d.span);
                self.vmap.insert(d.results[0], f.insts[ni].results[0]);
                out.push(Stmt::Inst(ni));
                true
            }
            _ => false,
        }
    }
}

/// Finds `g`'s entry guard evaluated on the call's arguments; on success,
/// rewrites the call. Returns whether it did.
fn guard_call(f: &mut Function, g: &Function, block: Block, call: Inst) -> bool {
    let args = f.insts[call].args.clone();
    let Some(&result) = f.insts[call].results.first() else { return false };
    let mut w = Walk { g, env: HashMap::new(), vmap: g.params.iter().copied().zip(args).collect() };
    let mut prefix: Vec<Stmt> = Vec::new();
    let mut stmts: Vec<Stmt> = g.blocks[g.body].stmts.clone();
    let mut pos = 0;
    // Undo on failure: instructions made in `f` are only referenced once pushed.
    let (guard_cond, then_block) = loop {
        let Some(s) = stmts.get(pos).cloned() else { return false };
        pos += 1;
        match s {
            Stmt::Inst(i) => {
                if !w.copy_inst(f, i, &mut prefix) {
                    return false;
                }
            }
            Stmt::While { header, cond, body, .. } => {
                // Enter `while True` for its first iteration.
                let is_true = g.blocks[header].stmts.iter().any(|hs| matches!(hs, Stmt::Inst(hi) if g.insts[*hi].results.first() == Some(&cond) && g.insts[*hi].op == Op::Const(Const::Bool(true))));
                if !is_true {
                    return false;
                }
                stmts = g.blocks[body].stmts.clone();
                pos = 0;
            }
            Stmt::If { cond, then_block, else_block } => {
                if !g.blocks[else_block].stmts.is_empty() {
                    return false;
                }
                let Some(c) = w.map(cond) else { return false };
                break (c, then_block);
            }
            _ => return false,
        }
    };
    // The then-branch: pure operations and a return.
    let mut then_stmts = Vec::new();
    let mut ret = None;
    for s in g.blocks[then_block].stmts.clone() {
        match s {
            Stmt::Inst(i) => {
                if !w.copy_inst(f, i, &mut then_stmts) {
                    return false;
                }
            }
            Stmt::Return(Some(v)) => {
                ret = w.map(v);
                break;
            }
            _ => return false,
        }
    }
    let Some(base_value) = ret else { return false };
    let span = f.insts[call].span;
    let ty = f.ty(result).clone();
    let res_slot = f.add_slot(format!("{}.$guarded", g.py_name), ty.clone());
    let st = f.make_inst(Op::Store(res_slot), vec![base_value], vec![], span);
    then_stmts.push(Stmt::Inst(st));
    let tb = f.new_block();
    f.blocks[tb].stmts = then_stmts;
    let eb = f.new_block();
    let st2 = f.make_inst(Op::Store(res_slot), vec![result], vec![], span);
    f.blocks[eb].stmts = vec![Stmt::Inst(call), Stmt::Inst(st2)];
    let load = f.make_inst(Op::Load(res_slot), vec![], vec![ty], span);
    let new_result = f.insts[load].results[0];
    // Uses of the call's result (outside the new else-branch) read the variable.
    let users: Vec<Inst> = f.insts.keys().filter(|i| *i != st2 && f.insts[*i].args.contains(&result)).collect();
    let mut replacement = prefix;
    replacement.push(Stmt::If { cond: guard_cond, then_block: tb, else_block: eb });
    replacement.push(Stmt::Inst(load));
    let stmts = &mut f.blocks[block].stmts;
    let Some(p) = stmts.iter().position(|s| *s == Stmt::Inst(call)) else { return false };
    stmts.splice(p..=p, replacement);
    for u in users {
        for a in f.insts[u].args.iter_mut() {
            if *a == result {
                *a = new_result;
            }
        }
    }
    // Statement operands (returns, conditions) too.
    let map = HashMap::from([(result, new_result)]);
    let saved = f.insts[st2].args.clone();
    replace_uses(f, &map);
    f.insts[st2].args = saved;
    true
}
