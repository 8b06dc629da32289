//! Purity: which functions are pure, and why the others are not.
//!
//! A function is pure when it has no global effects (I/O, the random
//! state), writes no array it receives as an argument, and calls only pure
//! functions. Raising is allowed (a pure function may raise; `jit-eval` runs
//! it anyway and folds nothing when it raised). Recursive functions are pure when
//! their whole call-graph component is: `fibo` calling itself is pure,
//! anything that reaches `np.random` or `print` is not.
//!
//! Reads: `CallGraph`, `ModuleEffects`. Components are visited callees
//! first, so a callee's purity is known before its callers'.

use std::fmt::Write as _;

use cranelift_codegen::entity::SecondaryMap;

use crate::ir::{FuncId, Module};
use crate::middle::analysis::callgraph::CallGraph;
use crate::middle::analysis::effects::ModuleEffects;
use crate::middle::pass_manager::{Analysis, AnalysisCache};

/// Why a function is not pure (the first reason found).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Impurity {
    Io,
    Random,
    WritesArgument(usize),
    Calls(FuncId),
}

#[derive(Clone, Debug, Default)]
pub struct Purity {
    /// `None`: pure.
    pub reason: SecondaryMap<FuncId, Option<Impurity>>,
    /// May raise (from the effects analysis).
    pub may_raise: SecondaryMap<FuncId, bool>,
}

impl Purity {
    pub fn compute_from(m: &Module, cg: &CallGraph, fx: &ModuleEffects) -> Purity {
        let mut p = Purity::default();
        let own = |f: FuncId| -> Option<Impurity> {
            let e = &fx.funcs[f];
            if e.io {
                Some(Impurity::Io)
            } else if e.random {
                Some(Impurity::Random)
            } else {
                e.writes_params.iter().next().map(|k| Impurity::WritesArgument(*k))
            }
        };
        for scc in &cg.sccs {
            // An impure callee outside the component, else an effect of a member.
            let outside = |f: FuncId, p: &Purity| cg.callees(f).into_iter().filter(|c| !scc.contains(c)).find(|c| p.reason[*c].is_some());
            let shared = scc.iter().find_map(|f| outside(*f, &p).map(Impurity::Calls)).or_else(|| scc.iter().find_map(|f| own(*f)));
            for f in scc {
                // A member's own callee or effect explains it best; else the component's.
                p.reason[*f] = outside(*f, &p).map(Impurity::Calls).or_else(|| own(*f)).or_else(|| shared.clone());
                p.may_raise[*f] = fx.funcs[*f].may_raise;
            }
        }
        let _ = m;
        p
    }

    pub fn is_pure(&self, f: FuncId) -> bool {
        self.reason[f].is_none()
    }

    /// One line per live function: `name: pure`, or `name: impure (reason)`.
    pub fn summary(&self, m: &Module) -> String {
        let mut s = String::new();
        for (id, f) in m.funcs.iter() {
            if f.dead {
                continue;
            }
            let raise = if self.may_raise[id] { ", may raise" } else { "" };
            match &self.reason[id] {
                None => {
                    let _ = writeln!(s, "{}: pure{raise}", f.name);
                }
                Some(r) => {
                    let why = match r {
                        Impurity::Io => "performs I/O".to_string(),
                        Impurity::Random => "uses the random state".to_string(),
                        Impurity::WritesArgument(k) => format!("writes into argument {k}"),
                        Impurity::Calls(c) => format!("calls impure `{}`", m.funcs[*c].name),
                    };
                    let _ = writeln!(s, "{}: impure ({why}){raise}", f.name);
                }
            }
        }
        s
    }
}

impl Analysis for Purity {
    fn compute(m: &Module, am: &mut AnalysisCache) -> Purity {
        let cg = am.get::<CallGraph>(m).clone();
        let fx = am.get::<ModuleEffects>(m).clone();
        Purity::compute_from(m, &cg, &fx)
    }
}
