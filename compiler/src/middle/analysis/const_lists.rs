//! Module-level constant lists are never mutated: the check that refuses,
//! with a diagnostic naming the global, any code that could.
//!
//! A module-level list computed at compile time (`cache = esieve(100)`) is
//! one immortal static list in read-only data (`Op::ListConst` with
//! `fresh: false`). CPython would share one mutable object; kiln treats it as
//! a constant (Pythran's semantics), so reads (iteration, indexing, `len`,
//! `in`, passing it to functions that only read it) give CPython's results,
//! and every way of modifying it is a compile-time error:
//! - a mutating method or operator on it (`Op::ObjCall` with `writes`,
//!   `Op::ListSet`: `append`, `sort`, `cache[0] = x`, `del cache[0]`,
//!   `cache += ...`, a `Builtin` whose table entry writes the argument);
//! - passing it to a module function that may write that argument
//!   (`ModuleEffects::writes_params`, which also counts an argument stored
//!   into a container, through which it could be modified later);
//! - storing it into a list, set or dict (as an element, also inside a
//!   tuple), which would let later code modify it through the container.
//!
//! How: a flow-insensitive taint per function. A value's origins are the
//! constant lists it may be (or, for a tuple, contain) and the parameters it
//! may be; a slot holds the union of what is stored into it. A call's result
//! gets, from the callee's summary (the origins of what it returns,
//! computed to a fixpoint over the module), the origins of the matching
//! arguments. Anything else (an element read from a container, a runtime
//! call's result) is a new object or a flat element: constant lists hold
//! only scalars and tuples of them, and storing one into a container is
//! refused, so no container ever holds one.
//!
//! Reads: the IR (right after lowering) and `ModuleEffects`. Never changes
//! the IR.

use std::collections::{BTreeSet, HashMap};

use crate::diag::{Diagnostic, Span};
use crate::ir::{FuncId, Function, Module, ObjArg, Op, Slot, Stmt, Value};
use crate::optable;

/// Where a value may come from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    /// The module-level constant list bound to this global.
    Global(String),
    Param(usize),
}

type Origins = BTreeSet<Origin>;

/// The diagnostics for every function of `m` that could mutate a
/// module-level constant list.
pub fn check(m: &Module) -> Vec<Diagnostic> {
    let uses_const =
        m.funcs.values().any(|f| f.insts.values().any(|d| matches!(&d.op, Op::ListConst { list, fresh: false } if list.global.is_some())));
    if !uses_const {
        return Vec::new();
    }
    let fx = crate::middle::analysis::effects::analyze(m);
    // What each function may return, to a fixpoint (recursion).
    let mut returns: HashMap<FuncId, Origins> = HashMap::new();
    for _ in 0..=m.funcs.len() {
        let mut changed = false;
        for (id, f) in m.funcs.iter() {
            let r = taint(f, &returns).returned;
            if returns.get(&id) != Some(&r) {
                returns.insert(id, r);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let defs = const_list_defs(m);
    let mut diags = Vec::new();
    let mut seen: BTreeSet<(Span, String)> = BTreeSet::new();
    for (_, f) in m.funcs.iter() {
        let t = taint(f, &returns);
        for b in f.blocks_preorder() {
            for s in &f.blocks[b].stmts {
                let Stmt::Inst(i) = s else { continue };
                let d = &f.insts[*i];
                let globals = |v: &Value| -> Vec<String> {
                    t.of(*v)
                        .iter()
                        .filter_map(|o| match o {
                            Origin::Global(n) => Some(n.clone()),
                            Origin::Param(_) => None,
                        })
                        .collect()
                };
                let mut found: Vec<(String, String)> = Vec::new();
                match &d.op {
                    Op::ObjCall { entry, args, writes, .. } => {
                        if let Some(k) = writes.and_then(|k| d.args.get(k as usize)) {
                            for n in globals(k) {
                                found.push((n, format!("this modifies it (`{}`)", method_name(entry))));
                            }
                        }
                        for a in args {
                            if let ObjArg::Words(k) | ObjArg::WordsOwned(k) = a {
                                if writes.is_some() {
                                    for n in d.args.get(*k as usize).map(globals).unwrap_or_default() {
                                        found.push((n, "this stores it in a container, through which it could be modified".into()));
                                    }
                                }
                            }
                        }
                    }
                    Op::ListSet(_) => {
                        for n in globals(&d.args[0]) {
                            found.push((n, "this assigns to one of its items".into()));
                        }
                        for n in d.args.get(2).map(globals).unwrap_or_default() {
                            found.push((n, "this stores it in a container, through which it could be modified".into()));
                        }
                    }
                    Op::Builtin(id) => {
                        let def = optable::get(*id);
                        for (k, a) in d.args.iter().enumerate() {
                            if k < 32 && def.effects.writes_args & (1 << k) != 0 {
                                for n in globals(a) {
                                    found.push((n, format!("`{}` modifies it", def.name)));
                                }
                            }
                        }
                    }
                    Op::Call(callee) => {
                        for (k, a) in d.args.iter().enumerate() {
                            if fx.funcs[*callee].writes_params.contains(&k) {
                                for n in globals(a) {
                                    found.push((
                                        n,
                                        format!(
                                            "`{}` may modify its argument {} (or store it in a container)",
                                            m.funcs[*callee].py_name,
                                            k + 1
                                        ),
                                    ));
                                }
                            }
                        }
                    }
                    _ => {}
                }
                for (name, label) in found {
                    if !seen.insert((d.span, name.clone())) {
                        continue;
                    }
                    let mut diag =
                        Diagnostic::error(d.span, format!("`{}` could modify the module-level constant list `{name}`", f.py_name))
                            .with_label(label);
                    if let Some(def) = defs.get(&name) {
                        diag = diag.with_secondary(*def, "the constant list is defined here");
                    }
                    diags.push(diag.with_note(format!(
                        "kiln treats a module-level list as a constant (one list, shared by every function); \
                         work on a copy instead: `list({name})`"
                    )));
                }
            }
        }
    }
    diags
}

/// Each constant list's global and its definition.
fn const_list_defs(m: &Module) -> HashMap<String, Span> {
    let mut out = HashMap::new();
    for f in m.funcs.values() {
        for d in f.insts.values() {
            if let Op::ListConst { list, .. } = &d.op {
                if let Some((n, s)) = &list.global {
                    out.insert(n.clone(), *s);
                }
            }
        }
    }
    out
}

/// `kiln_list_append` → `append`, for labels.
fn method_name(entry: &str) -> &str {
    entry.rsplit('_').next().unwrap_or(entry)
}

struct Taint {
    values: HashMap<Value, Origins>,
    returned: Origins,
}

impl Taint {
    fn of(&self, v: Value) -> Origins {
        self.values.get(&v).cloned().unwrap_or_default()
    }
}

/// The origins of `f`'s values, given what each function returns.
fn taint(f: &Function, returns: &HashMap<FuncId, Origins>) -> Taint {
    let mut values: HashMap<Value, Origins> = HashMap::new();
    let mut slots: HashMap<Slot, Origins> = HashMap::new();
    for (k, p) in f.params.iter().enumerate() {
        values.insert(*p, [Origin::Param(k)].into());
    }
    let blocks = f.blocks_preorder();
    let mut returned = Origins::new();
    loop {
        let mut changed = false;
        let add = |map: &mut HashMap<Value, Origins>, v: Value, o: Origins| {
            if o.is_empty() || !f.ty(v).has_refs() {
                return false;
            }
            let e = map.entry(v).or_default();
            let n = e.len();
            e.extend(o);
            e.len() != n
        };
        for b in &blocks {
            for s in &f.blocks[*b].stmts {
                match s {
                    Stmt::Return(Some(v)) => returned.extend(values.get(v).cloned().unwrap_or_default()),
                    Stmt::Inst(i) => {
                        let d = &f.insts[*i];
                        let union = |vals: &HashMap<Value, Origins>, args: &[Value]| -> Origins {
                            args.iter().flat_map(|a| vals.get(a).cloned().unwrap_or_default()).collect()
                        };
                        let res: Origins = match &d.op {
                            Op::ListConst { list, fresh: false } => list.global.iter().map(|(n, _)| Origin::Global(n.clone())).collect(),
                            Op::Load(sl) => slots.get(sl).cloned().unwrap_or_default(),
                            Op::Store(sl) => {
                                let o = union(&values, &d.args);
                                let e = slots.entry(*sl).or_default();
                                let n = e.len();
                                e.extend(o);
                                changed |= e.len() != n;
                                continue;
                            }
                            Op::MakeTuple | Op::TupleGet(_) | Op::Select => union(&values, &d.args),
                            Op::Call(callee) => {
                                let mut o = Origins::new();
                                for r in returns.get(callee).into_iter().flatten() {
                                    match r {
                                        Origin::Global(_) => {
                                            o.insert(r.clone());
                                        }
                                        Origin::Param(k) => {
                                            o.extend(d.args.get(*k).and_then(|a| values.get(a)).cloned().unwrap_or_default())
                                        }
                                    }
                                }
                                o
                            }
                            _ => Origins::new(),
                        };
                        for r in &d.results {
                            changed |= add(&mut values, *r, res.clone());
                        }
                    }
                    _ => {}
                }
            }
        }
        if !changed {
            break;
        }
    }
    Taint { values, returned }
}
