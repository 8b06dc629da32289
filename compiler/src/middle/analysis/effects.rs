//! Effects: which functions may raise, which arguments each function may
//! write, and which global effects (I/O, random state) it has.
//!
//! Reads: the IR and the operation table. Argument effects use a small
//! flow-insensitive points-to relation from values to the parameters they may
//! refer to (a slot holds the union of what is stored into it; a call result
//! may refer to any reference argument). Results are propagated over calls,
//! one strongly connected component of the call graph at a time, callees
//! first (`analysis::callgraph`), with a fixpoint inside each component
//! (recursion).

use std::collections::BTreeSet;

use cranelift_codegen::entity::SecondaryMap;

use crate::ir::{BinaryOp, Const, FuncId, Function, IndexMode, Module, Op, Stmt, Value};
use crate::middle::analysis::callgraph::CallGraph;
use crate::middle::pass_manager::{Analysis, AnalysisCache};
use crate::optable::{self, ResultAlias};
use crate::types::Type;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FuncEffects {
    pub may_raise: bool,
    /// Parameters (by index) whose arrays the function may write.
    pub writes_params: BTreeSet<usize>,
    pub io: bool,
    pub random: bool,
}

#[derive(Clone, Debug, Default)]
pub struct ModuleEffects {
    pub funcs: SecondaryMap<FuncId, FuncEffects>,
}

impl ModuleEffects {
    pub fn may_raise(&self, f: FuncId) -> bool {
        self.funcs[f].may_raise
    }

    /// Bit mask of written parameters, for the module descriptor.
    pub fn written_mask(&self, f: FuncId) -> u64 {
        self.funcs[f].writes_params.iter().filter(|p| **p < 64).fold(0, |m, p| m | (1 << p))
    }
}

pub fn analyze(m: &Module) -> ModuleEffects {
    analyze_with(m, &CallGraph::build(m))
}

/// Effects, visiting the call graph's components callees first.
pub fn analyze_with(m: &Module, cg: &CallGraph) -> ModuleEffects {
    let mut fx = ModuleEffects::default();
    for scc in &cg.sccs {
        let recursive = scc.len() > 1 || scc.iter().any(|f| cg.is_recursive(*f));
        loop {
            let mut changed = false;
            for id in scc {
                let new = function_effects(m, &m.funcs[*id], &fx);
                if new != fx.funcs[*id] {
                    fx.funcs[*id] = new;
                    changed = true;
                }
            }
            if !changed || !recursive {
                break;
            }
        }
    }
    fx
}

impl ModuleEffects {
    /// One line per live function: what it may do.
    pub fn summary(&self, m: &Module) -> String {
        let mut s = String::new();
        for (id, f) in m.funcs.iter() {
            if f.dead {
                continue;
            }
            let e = &self.funcs[id];
            let mut parts = Vec::new();
            if e.may_raise {
                parts.push("may raise".to_string());
            }
            if !e.writes_params.is_empty() {
                let ps: Vec<String> = e.writes_params.iter().map(|p| p.to_string()).collect();
                parts.push(format!("writes args [{}]", ps.join(", ")));
            }
            if e.io {
                parts.push("I/O".to_string());
            }
            if e.random {
                parts.push("random state".to_string());
            }
            if parts.is_empty() {
                parts.push("no effects".to_string());
            }
            s.push_str(&format!("{}: {}\n", f.name, parts.join(", ")));
        }
        s
    }
}

impl FuncEffects {
    /// No I/O, no random state, no writes into arguments (raising is allowed).
    pub fn side_effect_free(&self) -> bool {
        !self.io && !self.random && self.writes_params.is_empty()
    }
}

impl Analysis for ModuleEffects {
    fn compute(m: &Module, am: &mut AnalysisCache) -> ModuleEffects {
        let cg = am.get::<CallGraph>(m).clone();
        analyze_with(m, &cg)
    }
}

fn is_const_nonzero(f: &Function, v: Value) -> bool {
    match f.def_inst(v).map(|i| &f.insts[i].op) {
        Some(Op::Const(Const::Int(c))) => *c != 0,
        Some(Op::Const(Const::Float(c))) => *c != 0.0,
        _ => false,
    }
}

fn is_const_nonneg(f: &Function, v: Value) -> bool {
    matches!(f.def_inst(v).map(|i| &f.insts[i].op), Some(Op::Const(Const::Int(c))) if *c >= 0)
}

fn function_effects(m: &Module, f: &Function, known: &ModuleEffects) -> FuncEffects {
    let mut out = FuncEffects::default();
    // Points-to: value -> parameter indices it may refer to; slots likewise.
    let mut val_params: SecondaryMap<Value, BTreeSet<usize>> = SecondaryMap::new();
    let mut slot_params: SecondaryMap<crate::ir::Slot, BTreeSet<usize>> = SecondaryMap::new();
    for (i, p) in f.params.iter().enumerate() {
        if f.ty(*p).has_refs() {
            val_params[*p].insert(i);
        }
    }
    let insts: Vec<_> = f.blocks_preorder().into_iter().flat_map(|b| f.blocks[b].stmts.clone()).collect();
    loop {
        let mut changed = false;
        for s in &insts {
            let Stmt::Inst(i) = s else { continue };
            let d = &f.insts[*i];
            let union_args = |idx: &[usize], vp: &SecondaryMap<Value, BTreeSet<usize>>| -> BTreeSet<usize> {
                idx.iter().filter_map(|k| d.args.get(*k)).flat_map(|a| vp[*a].iter().copied()).collect()
            };
            let all: Vec<usize> = (0..d.args.len()).collect();
            let result_set = match &d.op {
                Op::Load(sl) => slot_params[*sl].clone(),
                Op::Store(sl) => {
                    let add = val_params[d.args[0]].clone();
                    let before = slot_params[*sl].len();
                    slot_params[*sl].extend(add);
                    changed |= slot_params[*sl].len() != before;
                    continue;
                }
                // Container elements and results computed from containers may
                // be (or hold) objects of any container operand.
                Op::Convert | Op::TupleGet(_) | Op::MakeTuple | Op::Call(_) | Op::ObjCall { .. } | Op::ListGet(_) => {
                    union_args(&all, &val_params)
                }
                Op::View(_) | Op::Permute(_) | Op::Reshape => union_args(&[0], &val_params),
                Op::Builtin(id) => match optable::get(*id).alias {
                    ResultAlias::ViewOf(k) => union_args(&[k as usize], &val_params),
                    _ => BTreeSet::new(),
                },
                _ => BTreeSet::new(),
            };
            for r in &d.results {
                if f.ty(*r).has_refs() && val_params[*r] != result_set {
                    val_params[*r] = result_set.clone();
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    for b in f.blocks_preorder() {
        for s in &f.blocks[b].stmts {
            match s {
                Stmt::Raise | Stmt::Reraise => out.may_raise = true,
                Stmt::Kernel(k) => {
                    // Broadcasting checks and allocation can fail.
                    out.may_raise = true;
                    if let crate::ir::KernelDest::Into(d) = k.dest {
                        out.writes_params.extend(val_params[d].iter().copied());
                    }
                }
                Stmt::Inst(i) => {
                    let d = &f.insts[*i];
                    match &d.op {
                        Op::ArraySet(modes) => {
                            out.writes_params.extend(val_params[d.args[0]].iter().copied());
                            out.may_raise |= modes.iter().any(|m| *m != IndexMode::Unchecked);
                        }
                        Op::ArrayGet(modes) => out.may_raise |= modes.iter().any(|m| *m != IndexMode::Unchecked),
                        Op::CheckIndex { mode, .. } => out.may_raise |= *mode != IndexMode::Unchecked,
                        Op::ArrayAlloc(_) | Op::SetError { .. } | Op::View(_) | Op::Elementwise(_) | Op::Reshape | Op::CheckInplace => {
                            out.may_raise = true
                        }
                        Op::ArrayCall { out: call_out, args: spec, entry } => {
                            out.may_raise |= *call_out != crate::ir::CallOut::ReturnF64;
                            out.random |= entry.starts_with("kiln_random");
                            // In-place calls write their first array operand.
                            if *call_out == crate::ir::CallOut::Nothing {
                                if let Some(crate::ir::CallArg::Array(k)) = spec.iter().find(|a| matches!(a, crate::ir::CallArg::Array(_)))
                                {
                                    out.writes_params.extend(val_params[d.args[*k as usize]].iter().copied());
                                }
                            }
                        }
                        Op::ObjCall { out: o, writes, entry, .. } => {
                            out.may_raise |= o.may_raise();
                            // `print` is the one object entry point with an outside effect.
                            out.io |= *entry == "kiln_print";
                            // Python's `random` module (`kiln_random_py_*`).
                            out.random |= entry.starts_with("kiln_random");
                            if writes.is_some() {
                                // The written container, and (conservatively) any
                                // argument object stored into it: it may be
                                // mutated later through the container.
                                for a in &d.args {
                                    out.writes_params.extend(val_params[*a].iter().copied());
                                }
                            }
                        }
                        Op::ListGet(mode) => out.may_raise |= *mode != IndexMode::Unchecked,
                        // A fresh copy allocates (`MemoryError`).
                        Op::ListConst { fresh, .. } => out.may_raise |= *fresh,
                        Op::ListSet(mode) => {
                            out.may_raise |= *mode != IndexMode::Unchecked;
                            for a in &d.args {
                                out.writes_params.extend(val_params[*a].iter().copied());
                            }
                        }
                        Op::AssignInto => {
                            out.may_raise = true;
                            out.writes_params.extend(val_params[d.args[0]].iter().copied());
                        }
                        Op::Builtin(id) => {
                            let def = optable::get(*id);
                            out.may_raise |= def.may_raise;
                            out.io |= def.effects.io;
                            out.random |= def.effects.random;
                            for k in 0..32 {
                                if def.effects.writes_args & (1 << k) != 0 {
                                    if let Some(a) = d.args.get(k) {
                                        out.writes_params.extend(val_params[*a].iter().copied());
                                    }
                                }
                            }
                        }
                        Op::Call(callee) => {
                            let ce = &known.funcs[*callee];
                            out.may_raise |= ce.may_raise;
                            out.io |= ce.io;
                            out.random |= ce.random;
                            for p in &ce.writes_params {
                                if let Some(a) = d.args.get(*p) {
                                    out.writes_params.extend(val_params[*a].iter().copied());
                                }
                            }
                        }
                        Op::Convert => {
                            // int(float) raises on NaN and infinity.
                            let from = f.ty(d.args[0]);
                            let to = f.ty(d.results[0]);
                            if *to == Type::Int && from.scalar_dtype().is_some_and(|t| t.is_float()) {
                                out.may_raise = true;
                            }
                        }
                        Op::Binary(op) => {
                            let ty = f.ty(d.results[0]);
                            let python = ty.is_python_scalar();
                            let rhs = d.args[1];
                            out.may_raise |= match op {
                                BinaryOp::Div | BinaryOp::FloorDiv | BinaryOp::Mod => python && !is_const_nonzero(f, rhs),
                                BinaryOp::Pow => {
                                    if ty.is_int_like() {
                                        !is_const_nonneg(f, rhs)
                                    } else {
                                        python
                                    }
                                }
                                _ => false,
                            };
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }
    let _ = m;
    out
}
