//! Copying statements, with fresh blocks, instructions and values, from one
//! function (or a snapshot of the same function) into another.
//!
//! Used by inlining (a callee's body into its caller) and by loop versioning
//! (a second copy of a loop nest in its own function).
//!
//! Invariants: the copy defines new values for everything the original
//! defines (instruction results, loop indices, kernel elements and
//! outputs); values defined outside the copied statements are kept unless
//! `values` maps them (a callee's parameters to the call's arguments).
//! Slots not in `slots` are kept, so a copy within one function shares its
//! variables with the original.

use std::collections::HashMap;

use crate::ir::{
    Block, Function, Handler, Inst, KernelData, KernelDest, KernelReduce, Op, Slot, Stmt, TryData, Value, ValueData, ValueDef,
};

/// What a `return` in the copied code becomes.
pub enum Returns {
    /// It stays a `return` of the function the copy lands in.
    Keep,
    /// An inlined callee's return: store the value (into the given result
    /// variable, if the callee returns something) and leave the copy, which
    /// sits in a loop that runs once.
    StoreAndBreak(Option<Slot>),
}

pub struct Cloner<'g> {
    /// The function the copied statements come from.
    pub g: &'g Function,
    pub slots: HashMap<Slot, Slot>,
    /// Old value to new value: pre-seeded with substitutions, filled with
    /// the values the copy defines.
    pub values: HashMap<Value, Value>,
    /// Old instruction to its copy.
    pub insts: HashMap<Inst, Inst>,
    pub returns: Returns,
}

impl<'g> Cloner<'g> {
    pub fn new(g: &'g Function, returns: Returns) -> Cloner<'g> {
        Cloner { g, slots: HashMap::new(), values: HashMap::new(), insts: HashMap::new(), returns }
    }

    fn value(&self, v: Value) -> Value {
        self.values.get(&v).copied().unwrap_or(v)
    }

    fn slot(&self, s: Slot) -> Slot {
        self.slots.get(&s).copied().unwrap_or(s)
    }

    /// Copies block `b` of the source into `f`; `depth` counts the loops of
    /// the copied code around it (for `Returns::StoreAndBreak`).
    pub fn block(&mut self, f: &mut Function, b: Block, depth: u32) -> Block {
        let nb = f.new_block();
        let g = self.g;
        for s in &g.blocks[b].stmts {
            let new = self.stmt(f, s, depth);
            f.blocks[nb].stmts.extend(new);
        }
        nb
    }

    /// Copies one statement of the source into `f`.
    pub fn stmt(&mut self, f: &mut Function, s: &Stmt, depth: u32) -> Vec<Stmt> {
        let g = self.g;
        match s {
            Stmt::Inst(i) => {
                let d = &g.insts[*i];
                let op = match &d.op {
                    Op::Load(s) => Op::Load(self.slot(*s)),
                    Op::Store(s) => Op::Store(self.slot(*s)),
                    other => other.clone(),
                };
                let args = d.args.iter().map(|a| self.value(*a)).collect();
                let tys = d.results.iter().map(|r| g.ty(*r).clone()).collect();
                let ni = f.make_inst(op, args, tys, d.span);
                for (old, new) in d.results.iter().zip(f.insts[ni].results.clone()) {
                    self.values.insert(*old, new);
                }
                self.insts.insert(*i, ni);
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
            Stmt::Kernel(k) => vec![Stmt::Kernel(Box::new(self.kernel(f, k, depth)))],
            Stmt::Try(t) => {
                let body = self.block(f, t.body, depth);
                let handlers = t
                    .handlers
                    .iter()
                    .map(|h| Handler { kinds: h.kinds.clone(), body: self.block(f, h.body, depth), span: h.span })
                    .collect();
                let orelse = t.orelse.map(|o| self.block(f, o, depth));
                let finally = t.finally.map(|o| self.block(f, o, depth));
                vec![Stmt::Try(Box::new(TryData { body, handlers, orelse, finally, span: t.span }))]
            }
            Stmt::Reraise => vec![Stmt::Reraise],
            Stmt::Break(n) => vec![Stmt::Break(*n)],
            Stmt::Continue => vec![Stmt::Continue],
            Stmt::Raise => vec![Stmt::Raise],
            Stmt::Return(v) => match self.returns {
                Returns::Keep => vec![Stmt::Return(v.map(|v| self.value(v)))],
                Returns::StoreAndBreak(ret_slot) => {
                    let mut out = Vec::new();
                    if let (Some(v), Some(rs)) = (v, ret_slot) {
                        let st = f.make_inst(Op::Store(rs), vec![self.value(*v)], vec![], g.span);
                        out.push(Stmt::Inst(st));
                    }
                    // Leave the callee's loops and the wrapper.
                    out.push(Stmt::Break(depth));
                    out
                }
            },
        }
    }

    fn kernel(&mut self, f: &mut Function, k: &KernelData, depth: u32) -> KernelData {
        let g = self.g;
        let inputs: Vec<Value> = k.inputs.iter().map(|v| self.value(*v)).collect();
        let placeholder = f.new_block();
        let elems: Vec<Value> = k
            .elems
            .iter()
            .enumerate()
            .map(|(n, e)| {
                let ne = f.values.push(ValueData { ty: g.ty(*e).clone(), def: ValueDef::KernelElem(placeholder, n as u32) });
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
            KernelDest::New(out) => {
                let no = f.values.push(ValueData { ty: g.ty(out).clone(), def: ValueDef::KernelOut(body) });
                self.values.insert(out, no);
                KernelDest::New(no)
            }
            KernelDest::Into(d) => KernelDest::Into(self.value(d)),
            KernelDest::Reduce(r) => {
                let no = f.values.push(ValueData { ty: g.ty(r.out).clone(), def: ValueDef::KernelOut(body) });
                self.values.insert(r.out, no);
                KernelDest::Reduce(KernelReduce { out: no, ..r })
            }
        };
        let result = self.value(k.result);
        KernelData { inputs, elems, body, result, dest, checks: k.checks.clone(), span: k.span }
    }
}
