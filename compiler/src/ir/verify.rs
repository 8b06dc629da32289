//! The IR verifier: checks the invariants listed in `ir/mod.rs`.
//!
//! It runs after lowering and after every middle-end pass in debug builds and
//! tests. A failure is a compiler bug, reported as an internal error that
//! names the function and the broken rule (never a panic).

use std::collections::HashSet;

use super::{Block, Function, Module, Op, Stmt, Value, ValueDef};
use crate::types::Type;

/// Checks every function; returns the list of problems found.
pub fn verify_module(m: &Module) -> Vec<String> {
    let mut errors = Vec::new();
    for f in m.funcs.values() {
        verify_function(f, m, &mut errors);
    }
    errors
}

struct Checker<'f> {
    f: &'f Function,
    m: &'f Module,
    errors: &'f mut Vec<String>,
    /// Values visible at the current point (a stack of block scopes).
    scopes: Vec<Vec<Value>>,
    visible: HashSet<Value>,
    seen_blocks: HashSet<Block>,
    loop_depth: u32,
}

pub fn verify_function(f: &Function, m: &Module, errors: &mut Vec<String>) {
    let mut c = Checker { f, m, errors, scopes: Vec::new(), visible: HashSet::new(), seen_blocks: HashSet::new(), loop_depth: 0 };
    for (v, d) in f.values.iter() {
        if d.ty.contains_bottom() {
            c.err(format!("{v} has no concrete type"));
        }
    }
    c.enter();
    for p in &f.params {
        c.define(*p);
    }
    c.block(f.body);
    c.leave();
}

impl Checker<'_> {
    fn err(&mut self, msg: String) {
        self.errors.push(format!("{}: {msg}", self.f.name));
    }

    fn enter(&mut self) {
        self.scopes.push(Vec::new());
    }

    fn leave(&mut self) {
        for v in self.scopes.pop().unwrap_or_default() {
            self.visible.remove(&v);
        }
    }

    fn define(&mut self, v: Value) {
        if !self.visible.insert(v) {
            self.err(format!("{v} defined twice"));
        }
        if let Some(s) = self.scopes.last_mut() {
            s.push(v);
        }
    }

    fn use_(&mut self, v: Value, what: &str) {
        if !self.visible.contains(&v) {
            self.err(format!("{v} used by {what} where it is not defined"));
        }
    }

    fn block(&mut self, b: Block) {
        if !self.seen_blocks.insert(b) {
            self.err(format!("block {b} has several parents"));
            return;
        }
        self.enter();
        for s in &self.f.blocks[b].stmts.clone() {
            self.stmt(s);
        }
        self.leave();
    }

    fn stmt(&mut self, s: &Stmt) {
        let f = self.f;
        match s {
            Stmt::Inst(i) => {
                let d = &f.insts[*i];
                for a in &d.args {
                    self.use_(*a, &format!("{i}"));
                }
                self.inst_types(*i);
                for (n, r) in d.results.iter().enumerate() {
                    if f.values[*r].def != ValueDef::Inst(*i, n as u32) {
                        self.err(format!("{r} is listed as a result of {i} but defined elsewhere"));
                    }
                    self.define(*r);
                }
            }
            Stmt::If { cond, then_block, else_block } => {
                self.use_(*cond, "if");
                self.expect_type(*cond, &Type::Bool, "if condition");
                self.block(*then_block);
                self.block(*else_block);
            }
            Stmt::For { index, start, stop, step, body, orelse, .. } => {
                for v in [start, stop, step] {
                    self.use_(*v, "for");
                    self.expect_type(*v, &Type::Int, "range bound");
                }
                if f.values[*index].def != ValueDef::LoopIndex(*body) {
                    self.err(format!("loop index {index} does not belong to its loop"));
                }
                self.loop_depth += 1;
                self.enter();
                self.define(*index);
                self.block(*body);
                self.leave();
                self.loop_depth -= 1;
                if let Some(o) = orelse {
                    self.block(*o);
                }
            }
            Stmt::While { header, cond, body, orelse, .. } => {
                // The condition is defined inside the header; check it there.
                if !self.seen_blocks.insert(*header) {
                    self.err(format!("block {header} has several parents"));
                }
                self.enter();
                for s in &f.blocks[*header].stmts.clone() {
                    self.stmt(s);
                }
                self.use_(*cond, "while");
                self.expect_type(*cond, &Type::Bool, "while condition");
                self.leave();
                self.loop_depth += 1;
                self.block(*body);
                self.loop_depth -= 1;
                if let Some(o) = orelse {
                    self.block(*o);
                }
            }
            Stmt::Break(levels) => {
                if self.loop_depth <= *levels {
                    self.err(format!("break({levels}) with only {} enclosing loops", self.loop_depth));
                }
            }
            Stmt::Continue => {
                if self.loop_depth == 0 {
                    self.err("break/continue outside a loop".into());
                }
            }
            Stmt::Return(v) => {
                let ty = v.map_or(Type::None, |v| {
                    self.use_(v, "return");
                    f.ty(v).clone()
                });
                if ty != f.ret {
                    self.err(format!("returns {ty} from a function returning {}", f.ret));
                }
            }
            Stmt::Raise | Stmt::Reraise => {}
            Stmt::Try(t) => {
                for b in s.child_blocks() {
                    self.block(b);
                }
                let _ = t;
            }
            Stmt::Kernel(k) => {
                for v in &k.inputs {
                    self.use_(*v, "kernel");
                }
                if let super::KernelDest::Into(d) = k.dest {
                    self.use_(d, "kernel destination");
                }
                if k.inputs.len() != k.elems.len() {
                    self.err("kernel inputs and elements differ in number".into());
                }
                // The body sees only its elements and its own values.
                let saved = std::mem::take(&mut self.visible);
                self.enter();
                for (n, e) in k.elems.iter().enumerate() {
                    if f.values[*e].def != ValueDef::KernelElem(k.body, n as u32) {
                        self.err(format!("kernel element {e} does not belong to its kernel"));
                    }
                    self.define(*e);
                }
                if !self.seen_blocks.insert(k.body) {
                    self.err(format!("block {} has several parents", k.body));
                }
                for s in &f.blocks[k.body].stmts.clone() {
                    if !matches!(s, Stmt::Inst(_)) {
                        self.err("a kernel body holds only operations".into());
                    }
                    self.stmt(s);
                }
                self.use_(k.result, "kernel result");
                self.leave();
                self.visible = saved;
                if let super::KernelDest::Reduce(r) = k.dest {
                    if r.ndim == 0 {
                        self.err("a reducing kernel has rank at least 1".into());
                    }
                    let rank_ok = match f.ty(r.out) {
                        crate::types::Type::Array(a) => r.last_axis && a.ndim + 1 == r.ndim,
                        t => !r.last_axis && t.is_scalar(),
                    };
                    if !rank_ok {
                        self.err(format!("reduction result {} has the wrong rank", r.out));
                    }
                }
                if let Some(out) = k.dest.defined() {
                    if f.values[out].def != ValueDef::KernelOut(k.body) {
                        self.err(format!("kernel output {out} does not belong to its kernel"));
                    }
                    self.define(out);
                }
            }
        }
    }

    fn expect_type(&mut self, v: Value, ty: &Type, what: &str) {
        if self.f.ty(v) != ty {
            self.err(format!("{what} {v} has type {}, expected {ty}", self.f.ty(v)));
        }
    }

    fn inst_types(&mut self, i: super::Inst) {
        let f = self.f;
        let d = &f.insts[i];
        let arg_ty = |n: usize| d.args.get(n).map(|a| f.ty(*a).clone());
        let res_ty = |n: usize| d.results.get(n).map(|r| f.ty(*r).clone());
        match &d.op {
            Op::Store(s) if arg_ty(0).as_ref() != Some(&f.slots[*s].ty) => {
                self.err(format!("{i} stores {:?} into {s} of type {}", arg_ty(0), f.slots[*s].ty));
            }
            Op::Load(s) if res_ty(0).as_ref() != Some(&f.slots[*s].ty) => {
                self.err(format!("{i} loads {:?} from {s} of type {}", res_ty(0), f.slots[*s].ty));
            }
            Op::Binary(_) if (d.args.len() != 2 || arg_ty(0) != arg_ty(1) || arg_ty(0) != res_ty(0)) => {
                self.err(format!("{i}: binary operands and result must share one type"));
            }
            Op::Compare(_) => {
                // Python int against Python float is the one mixed compare (exact).
                let mixed = matches!((arg_ty(0), arg_ty(1)), (Some(Type::Int), Some(Type::Float)) | (Some(Type::Float), Some(Type::Int)));
                if d.args.len() != 2 || (arg_ty(0) != arg_ty(1) && !mixed) {
                    self.err(format!("{i}: compared operands must share one type"));
                }
            }
            Op::Call(callee) => match self.m.funcs.get(*callee) {
                Some(cf) => {
                    let params: Vec<Type> = cf.params.iter().map(|p| cf.ty(*p).clone()).collect();
                    let args: Vec<Type> = d.args.iter().map(|a| f.ty(*a).clone()).collect();
                    if params != args {
                        self.err(format!("{i}: call arguments {args:?} do not match parameters {params:?} of {}", cf.name));
                    }
                    if res_ty(0).as_ref() != Some(&cf.ret) {
                        self.err(format!("{i}: call result {:?} does not match return type {} of {}", res_ty(0), cf.ret, cf.name));
                    }
                }
                None => self.err(format!("{i} calls a missing function")),
            },
            Op::ArrayGet(modes) | Op::ArraySet(modes) => {
                let base = if matches!(d.op, Op::ArraySet(_)) { 2 } else { 1 };
                match arg_ty(0).and_then(|t| t.as_array()) {
                    Some(at) if at.ndim as usize == modes.len() && d.args.len() == base + modes.len() => {}
                    _ => self.err(format!("{i}: element access does not match the array's dimensions")),
                }
            }
            _ => {}
        }
    }
}
