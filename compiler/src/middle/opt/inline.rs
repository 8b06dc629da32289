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

use crate::ir::{Block, Const, FuncId, Function, Inst, Module, Op, Slot, Stmt, Value, ValueDef};
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

struct Cloner<'g> {
    g: &'g Function,
    slots: HashMap<Slot, Slot>,
    values: HashMap<Value, Value>,
    ret_slot: Option<Slot>,
}

/// Replaces the call `inst` in `block` of `f` by a copy of `g`'s body.
fn inline_call(f: &mut Function, g: &Function, block: Block, inst: Inst) {
    let span = f.insts[inst].span;
    let mut cl = Cloner { g, slots: HashMap::new(), values: HashMap::new(), ret_slot: None };
    for (p, a) in g.params.iter().zip(f.insts[inst].args.clone()) {
        cl.values.insert(*p, a);
    }
    for (s, d) in g.slots.iter() {
        let ns = f.add_slot(format!("{}.{}", g.py_name, d.name), d.ty.clone());
        cl.slots.insert(s, ns);
    }
    if g.ret != Type::None {
        cl.ret_slot = Some(f.add_slot(format!("{}.$result", g.py_name), g.ret.clone()));
    }
    let body = cl.block(f, g.body, 0);
    let header = f.new_block();
    let t = f.make_inst(Op::Const(Const::Bool(true)), vec![], vec![Type::Bool], span);
    let tv = f.insts[t].results[0];
    f.blocks[header].stmts.push(Stmt::Inst(t));
    let mut replacement = vec![Stmt::While { header, cond: tv, body, orelse: None, span }];
    let old_result = f.insts[inst].results.first().copied();
    if let (Some(rs), Some(old)) = (cl.ret_slot, old_result) {
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

impl Cloner<'_> {
    fn value(&self, v: Value) -> Value {
        self.values.get(&v).copied().unwrap_or(v)
    }

    /// Copies callee block `b` into `f`; `depth` counts the callee loops around it.
    fn block(&mut self, f: &mut Function, b: Block, depth: u32) -> Block {
        let nb = f.new_block();
        let g = self.g;
        for s in &g.blocks[b].stmts {
            let new: Vec<Stmt> = match s {
                Stmt::Inst(i) => {
                    let d = &g.insts[*i];
                    let op = match &d.op {
                        Op::Load(s) => Op::Load(self.slots[s]),
                        Op::Store(s) => Op::Store(self.slots[s]),
                        other => other.clone(),
                    };
                    let args = d.args.iter().map(|a| self.value(*a)).collect();
                    let tys = d.results.iter().map(|r| g.ty(*r).clone()).collect();
                    let ni = f.make_inst(op, args, tys, d.span);
                    for (old, new) in d.results.iter().zip(f.insts[ni].results.clone()) {
                        self.values.insert(*old, new);
                    }
                    vec![Stmt::Inst(ni)]
                }
                Stmt::If { cond, then_block, else_block } => {
                    let cond = self.value(*cond);
                    let t = self.block(f, *then_block, depth);
                    let e = self.block(f, *else_block, depth);
                    vec![Stmt::If { cond, then_block: t, else_block: e }]
                }
                Stmt::For { index, start, stop, step, body, orelse, attrs, span } => {
                    let (start, stop, step) = (self.value(*start), self.value(*stop), self.value(*step));
                    // The loop index belongs to the new body block.
                    let placeholder = f.new_block();
                    let ni = f.make_loop_index(placeholder, g.ty(*index).clone());
                    self.values.insert(*index, ni);
                    let nbody = self.block(f, *body, depth + 1);
                    f.values[ni].def = ValueDef::LoopIndex(nbody);
                    let norelse = orelse.map(|o| self.block(f, o, depth));
                    vec![Stmt::For { index: ni, start, stop, step, body: nbody, orelse: norelse, attrs: attrs.clone(), span: *span }]
                }
                Stmt::While { header, cond, body, orelse, span } => {
                    let nh = self.block(f, *header, depth + 1);
                    let ncond = self.value(*cond);
                    let nbody = self.block(f, *body, depth + 1);
                    let norelse = orelse.map(|o| self.block(f, o, depth));
                    vec![Stmt::While { header: nh, cond: ncond, body: nbody, orelse: norelse, span: *span }]
                }
                Stmt::Kernel(k) => {
                    let inputs: Vec<Value> = k.inputs.iter().map(|v| self.value(*v)).collect();
                    let placeholder = f.new_block();
                    let elems: Vec<Value> = k
                        .elems
                        .iter()
                        .enumerate()
                        .map(|(n, e)| {
                            let ne = f
                                .values
                                .push(crate::ir::ValueData { ty: g.ty(*e).clone(), def: ValueDef::KernelElem(placeholder, n as u32) });
                            self.values.insert(*e, ne);
                            ne
                        })
                        .collect();
                    let body = self.block(f, k.body, depth);
                    for e in &elems {
                        if let ValueDef::KernelElem(_, n) = f.values[*e].def {
                            f.values[*e].def = ValueDef::KernelElem(body, n);
                        }
                    }
                    let dest = match k.dest {
                        crate::ir::KernelDest::New(out) => {
                            let no = f.values.push(crate::ir::ValueData { ty: g.ty(out).clone(), def: ValueDef::KernelOut(body) });
                            self.values.insert(out, no);
                            crate::ir::KernelDest::New(no)
                        }
                        crate::ir::KernelDest::Into(d) => crate::ir::KernelDest::Into(self.value(d)),
                        crate::ir::KernelDest::Reduce(r) => {
                            let no = f.values.push(crate::ir::ValueData { ty: g.ty(r.out).clone(), def: ValueDef::KernelOut(body) });
                            self.values.insert(r.out, no);
                            crate::ir::KernelDest::Reduce(crate::ir::KernelReduce { out: no, ..r })
                        }
                    };
                    let result = self.value(k.result);
                    vec![Stmt::Kernel(Box::new(crate::ir::KernelData {
                        inputs,
                        elems,
                        body,
                        result,
                        dest,
                        checks: k.checks.clone(),
                        span: k.span,
                    }))]
                }
                Stmt::Try(t) => {
                    let body = self.block(f, t.body, depth);
                    let handlers = t
                        .handlers
                        .iter()
                        .map(|h| crate::ir::Handler { kinds: h.kinds.clone(), body: self.block(f, h.body, depth), span: h.span })
                        .collect();
                    let orelse = t.orelse.map(|o| self.block(f, o, depth));
                    let finally = t.finally.map(|o| self.block(f, o, depth));
                    vec![Stmt::Try(Box::new(crate::ir::TryData { body, handlers, orelse, finally, span: t.span }))]
                }
                Stmt::Reraise => vec![Stmt::Reraise],
                Stmt::Break(n) => vec![Stmt::Break(*n)],
                Stmt::Continue => vec![Stmt::Continue],
                Stmt::Raise => vec![Stmt::Raise],
                Stmt::Return(v) => {
                    let mut out = Vec::new();
                    if let (Some(v), Some(rs)) = (v, self.ret_slot) {
                        let st = f.make_inst(Op::Store(rs), vec![self.value(*v)], vec![], g.span);
                        out.push(Stmt::Inst(st));
                    }
                    // Leave the callee's loops and the wrapper.
                    out.push(Stmt::Break(depth));
                    out
                }
            };
            f.blocks[nb].stmts.extend(new);
        }
        nb
    }
}
