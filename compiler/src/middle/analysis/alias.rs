//! Alias (points-to) analysis: for each array (or other reference) value,
//! the abstract locations it may refer to.
//!
//! A location is a fresh allocation (named by the value its allocation site
//! defines: an `ArrayAlloc`, a kernel's new output, a runtime call's
//! result), argument k, a module global, or unknown. A value may also be a
//! *view* (part, or a reordering) of its locations (`a[1:]`, `a.T`,
//! `np.diagonal`).
//!
//! Flow-insensitive and intraprocedural: a slot holds the union of what is
//! stored into it; a call's result may be a fresh allocation, a view of any
//! reference argument, or a global. Two locations may overlap when they are
//! the same, when both are arguments (the caller may pass one array twice),
//! when one is an argument and the other a global (a global array returned
//! to Python can come back as an argument), or when either is unknown.
//! Different allocation sites never overlap.
//!
//! Reads: the IR of each function and the operation table's `ResultAlias`.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use crate::ir::{FuncId, Function, Module, Op, Stmt, Value};
use crate::middle::pass_manager::{Analysis, AnalysisCache};
use crate::optable::{self, ResultAlias};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Loc {
    /// The memory allocated where this value is defined.
    Alloc(Value),
    Param(u32),
    Global,
    Unknown,
}

/// What one value may refer to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PointsTo {
    pub locs: BTreeSet<Loc>,
    /// May be a view of (part of) its locations rather than the whole.
    pub view: bool,
}

impl PointsTo {
    fn join(&mut self, o: &PointsTo) -> bool {
        let before = (self.locs.len(), self.view);
        self.locs.extend(o.locs.iter().copied());
        self.view |= o.view;
        before != (self.locs.len(), self.view)
    }

    fn of(locs: impl IntoIterator<Item = Loc>, view: bool) -> PointsTo {
        PointsTo { locs: locs.into_iter().collect(), view }
    }
}

fn locs_overlap(a: Loc, b: Loc) -> bool {
    use Loc::*;
    match (a, b) {
        (Unknown, _) | (_, Unknown) => true,
        (Alloc(x), Alloc(y)) => x == y,
        (Alloc(_), _) | (_, Alloc(_)) => false,
        // Params with params or globals, globals with globals.
        _ => true,
    }
}

#[derive(Clone, Debug, Default)]
pub struct FuncAlias {
    pub points_to: HashMap<Value, PointsTo>,
}

impl FuncAlias {
    /// What `v` may refer to (unknown for values the analysis never saw).
    pub fn get(&self, v: Value) -> PointsTo {
        self.points_to.get(&v).cloned().unwrap_or_else(|| PointsTo::of([Loc::Unknown], true))
    }

    /// Whether `a` and `b` may share memory.
    pub fn may_overlap(&self, a: Value, b: Value) -> bool {
        let (pa, pb) = (self.get(a), self.get(b));
        pa.locs.iter().any(|x| pb.locs.iter().any(|y| locs_overlap(*x, *y)))
    }
}

#[derive(Clone, Debug, Default)]
pub struct AliasInfo {
    pub funcs: HashMap<FuncId, FuncAlias>,
}

impl AliasInfo {
    pub fn build(m: &Module) -> AliasInfo {
        AliasInfo { funcs: m.funcs.iter().filter(|(_, f)| !f.dead).map(|(id, f)| (id, function_alias(f))).collect() }
    }

    /// Per live function, each reference value and what it may refer to.
    pub fn summary(&self, m: &Module) -> String {
        let mut s = String::new();
        for (id, f) in m.funcs.iter() {
            let Some(a) = self.funcs.get(&id) else { continue };
            let _ = writeln!(s, "{}:", f.name);
            let mut vals: Vec<_> = a.points_to.iter().collect();
            vals.sort_by_key(|(v, _)| **v);
            for (v, p) in vals {
                let locs: Vec<String> = p
                    .locs
                    .iter()
                    .map(|l| match l {
                        Loc::Alloc(site) => format!("alloc@{site}"),
                        Loc::Param(k) => format!("arg{k}"),
                        Loc::Global => "global".to_string(),
                        Loc::Unknown => "unknown".to_string(),
                    })
                    .collect();
                let view = if p.view { "view of " } else { "" };
                let _ = writeln!(s, "  {v}: {view}{{{}}}", locs.join(", "));
            }
        }
        s
    }
}

impl Analysis for AliasInfo {
    fn compute(m: &Module, _am: &mut AnalysisCache) -> AliasInfo {
        AliasInfo::build(m)
    }
}

pub fn function_alias(f: &Function) -> FuncAlias {
    let mut pt: HashMap<Value, PointsTo> = HashMap::new();
    let mut slots: HashMap<crate::ir::Slot, PointsTo> = HashMap::new();
    for (k, p) in f.params.iter().enumerate() {
        if f.ty(*p).has_refs() {
            pt.insert(*p, PointsTo::of([Loc::Param(k as u32)], false));
        }
    }
    let stmts: Vec<Stmt> = f.blocks_preorder().into_iter().flat_map(|b| f.blocks[b].stmts.clone()).collect();
    loop {
        let mut changed = false;
        for s in &stmts {
            match s {
                Stmt::Kernel(k) => {
                    // A reduction's array result is a fresh allocation too.
                    if let Some(v) = k.dest.defined().filter(|v| f.ty(*v).as_array().is_some()) {
                        changed |= pt.entry(v).or_default().join(&PointsTo::of([Loc::Alloc(v)], false));
                    }
                }
                Stmt::Inst(i) => {
                    let d = &f.insts[*i];
                    let get = |v: &Value, pt: &HashMap<Value, PointsTo>| pt.get(v).cloned().unwrap_or_default();
                    let union = |idx: &mut dyn Iterator<Item = &Value>, pt: &HashMap<Value, PointsTo>| {
                        let mut acc = PointsTo::default();
                        for v in idx {
                            acc.join(&get(v, pt));
                        }
                        acc
                    };
                    let Some(&r) = d.results.first() else {
                        if let Op::Store(sl) = d.op {
                            let v = get(&d.args[0], &pt);
                            changed |= slots.entry(sl).or_default().join(&v);
                        }
                        continue;
                    };
                    let fresh = PointsTo::of([Loc::Alloc(r)], false);
                    let res = match &d.op {
                        Op::Load(sl) => slots.get(sl).cloned().unwrap_or_default(),
                        Op::View(_) | Op::Permute(_) => {
                            let mut p = get(&d.args[0], &pt);
                            p.view = true;
                            p
                        }
                        // A view when C-contiguous, else a copy.
                        Op::Reshape => {
                            let mut p = get(&d.args[0], &pt);
                            p.view = true;
                            p.join(&fresh);
                            p
                        }
                        Op::ArrayAlloc(_) | Op::Elementwise(_) | Op::ArrayCall { .. } | Op::ListConst { fresh: true, .. } => fresh,
                        Op::ListConst { fresh: false, .. } => PointsTo::of([Loc::Global], false),
                        Op::Builtin(id) => match optable::get(*id).alias {
                            ResultAlias::Fresh => fresh,
                            ResultAlias::ViewOf(k) => {
                                let mut p =
                                    d.args.get(k as usize).map(|a| get(a, &pt)).unwrap_or_else(|| PointsTo::of([Loc::Unknown], true));
                                p.view = true;
                                p
                            }
                            ResultAlias::Value => PointsTo::of([Loc::Unknown], true),
                        },
                        Op::Call(_) => {
                            let mut p = union(&mut d.args.iter(), &pt);
                            p.view = true;
                            p.join(&fresh);
                            p.locs.insert(Loc::Global);
                            p
                        }
                        Op::MakeTuple | Op::TupleGet(_) | Op::Convert | Op::Select => union(&mut d.args.iter(), &pt),
                        Op::Const(_) => PointsTo::of([Loc::Global], false),
                        _ => PointsTo::of([Loc::Unknown], true),
                    };
                    for r in &d.results {
                        if f.ty(*r).has_refs() {
                            changed |= pt.entry(*r).or_default().join(&res);
                        }
                    }
                }
                _ => {}
            }
        }
        if !changed {
            break;
        }
    }
    FuncAlias { points_to: pt }
}
