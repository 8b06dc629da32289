//! Value numbering of calls to pure functions of scalars.
//!
//! A pure function (`Purity`: no I/O, no random state, no argument writes)
//! whose parameters and result are Python scalars computes its result from
//! its arguments alone: module-level lists are constants (`const_lists`
//! rejects any function that could change one), and scalars are passed by
//! value. So a call `g(b)` that follows a call `g(a)` on every path (an
//! earlier statement of the same block or of an enclosing one), with `a`
//! and `b` equal, returns what `g(a)` returned: the second call is removed
//! and its result replaced by the first's.
//!
//! Arguments are compared symbolically:
//! - integers as `base + offset`, through `+`/`-` of constants, in wrapping
//!   int64 as kiln's `int` is, so `(n - 1) - 1` equals `n - 2`;
//! - float and bool constants by value;
//! - anything else by identity;
//! - a variable read gives the symbol of the value stored on every path to
//!   the read (stores inside a loop or a `try` forget the variable there and
//!   after it; after an `if`, what the branches that fall through agree on).
//!
//! Exceptions: if the first call raised, the second is never reached; if it
//! returned, the second would have returned the same value.
//!
//! Uses: `Purity`. Preserves: nothing.

use std::collections::{HashMap, HashSet};

use crate::diag::Span;
use crate::ir::{BinaryOp, Block, Const, FuncId, Function, Inst, Module, Op, Slot, Stmt, Value};
use crate::middle::analysis::purity::Purity;
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::middle::util::{replace_uses, slots_stored_in};
use crate::types::Type;

pub struct CallCse;

impl Pass for CallCse {
    fn name(&self) -> &'static str {
        "call-cse"
    }

    fn run(&self, m: &mut Module, am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let numberable = scalar_pure_functions(m, am.get::<Purity>(m));
        if numberable.is_empty() {
            return PassResult::unchanged();
        }
        let mut changed = false;
        let ids: Vec<FuncId> = m.funcs.keys().collect();
        for id in ids {
            if m.funcs[id].dead {
                continue;
            }
            let merged = merge_repeated_calls(&mut m.funcs[id], &numberable);
            for (span, callee) in merged {
                changed = true;
                remarks.push(Remark {
                    pass: "call-cse",
                    function: m.funcs[id].py_name.clone(),
                    span,
                    message: format!("a repeated call of the pure `{}` reuses the earlier result", m.funcs[callee].py_name),
                });
            }
        }
        PassResult::changed(changed)
    }
}

/// The live functions whose calls may be numbered: pure, with Python-scalar
/// parameters and result.
pub fn scalar_pure_functions(m: &Module, purity: &Purity) -> HashSet<FuncId> {
    m.funcs
        .iter()
        .filter(|(id, f)| {
            !f.dead && purity.is_pure(*id) && f.ret.is_python_scalar() && f.params.iter().all(|p| f.ty(*p).is_python_scalar())
        })
        .map(|(id, _)| id)
        .collect()
}

/// Removes every call of a `numberable` function that repeats an earlier
/// one; returns the removed calls' spans and callees.
pub fn merge_repeated_calls(f: &mut Function, numberable: &HashSet<FuncId>) -> Vec<(Span, FuncId)> {
    let mut walk = Walk { numberable, syms: HashMap::new(), replaced: HashMap::new(), removed: HashSet::new() };
    let mut state = State::default();
    walk.block(f, f.body, &mut state);
    if walk.removed.is_empty() {
        return Vec::new();
    }
    let mut merged: Vec<(Inst, Span, FuncId)> = walk
        .removed
        .iter()
        .map(|i| {
            let Op::Call(callee) = f.insts[*i].op else { unreachable!("only calls are removed") };
            (*i, f.insts[*i].span, callee)
        })
        .collect();
    merged.sort_by_key(|(i, _, _)| *i);
    for b in f.blocks_preorder() {
        f.blocks[b].stmts.retain(|s| !matches!(s, Stmt::Inst(i) if walk.removed.contains(i)));
    }
    replace_uses(f, &walk.replaced);
    merged.into_iter().map(|(_, span, callee)| (span, callee)).collect()
}

/// What a value is known to equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Sym {
    /// An integer: `base + off` (wrapping), or the constant `off`.
    Int { base: Option<Value>, off: i64 },
    /// A float or bool constant, by its bits.
    Bits(u64),
    /// Nothing better than the value itself.
    Same(Value),
}

/// The facts at one program point: variables' symbols and the earlier calls.
#[derive(Clone, Default)]
struct State {
    known: HashMap<Slot, Sym>,
    calls: HashMap<(FuncId, Vec<Sym>), Value>,
}

struct Walk<'a> {
    numberable: &'a HashSet<FuncId>,
    syms: HashMap<Value, Sym>,
    /// Removed call result -> the earlier call's result.
    replaced: HashMap<Value, Value>,
    removed: HashSet<Inst>,
}

impl Walk<'_> {
    fn sym(&self, f: &Function, v: Value) -> Sym {
        self.syms.get(&v).copied().unwrap_or_else(|| own_sym(f, v))
    }

    /// Walks block `b`; returns whether it ends in a statement that never
    /// falls through (the state at its end then does not matter).
    fn block(&mut self, f: &Function, b: Block, st: &mut State) -> bool {
        for s in &f.blocks[b].stmts {
            match s {
                Stmt::Inst(i) => self.inst(f, *i, st),
                Stmt::If { then_block, else_block, .. } => {
                    let mut then_state = st.clone();
                    let then_ends = self.block(f, *then_block, &mut then_state);
                    let mut else_state = st.clone();
                    let else_ends = self.block(f, *else_block, &mut else_state);
                    // Values defined in a branch are not visible after it: the
                    // calls stay those from before. Variables: what the
                    // branches that fall through agree on.
                    st.known = match (then_ends, else_ends) {
                        (true, false) => else_state.known,
                        (false, true) => then_state.known,
                        _ => then_state.known.into_iter().filter(|(k, v)| else_state.known.get(k) == Some(v)).collect(),
                    };
                }
                Stmt::For { body, orelse, .. } => {
                    let stored = stored_in(f, &s.child_blocks());
                    forget(st, &stored);
                    self.block(f, *body, &mut st.clone());
                    if let Some(o) = orelse {
                        self.block(f, *o, &mut st.clone());
                    }
                }
                Stmt::While { header, body, orelse, .. } => {
                    let stored = stored_in(f, &s.child_blocks());
                    forget(st, &stored);
                    let mut inside = st.clone();
                    self.block(f, *header, &mut inside);
                    // The header ran before the body: its calls are available there.
                    self.block(f, *body, &mut inside.clone());
                    if let Some(o) = orelse {
                        self.block(f, *o, &mut inside);
                    }
                }
                Stmt::Try(_) => {
                    let stored = stored_in(f, &s.child_blocks());
                    forget(st, &stored);
                    // Each part may start after any store of the others.
                    for b in s.child_blocks() {
                        self.block(f, b, &mut st.clone());
                    }
                }
                Stmt::Kernel(_) => {
                    let stored = stored_in(f, &s.child_blocks());
                    forget(st, &stored);
                }
                Stmt::Return(_) | Stmt::Raise | Stmt::Reraise | Stmt::Break(_) | Stmt::Continue => return true,
            }
        }
        false
    }

    fn inst(&mut self, f: &Function, i: Inst, st: &mut State) {
        let d = &f.insts[i];
        let Some(&r) = d.results.first() else {
            if let Op::Store(s) = d.op {
                let v = self.sym(f, d.args[0]);
                st.known.insert(s, v);
            }
            return;
        };
        let sym = match &d.op {
            Op::Const(Const::Int(c)) => Sym::Int { base: None, off: *c },
            Op::Const(Const::Float(x)) => Sym::Bits(x.to_bits()),
            Op::Const(Const::Bool(b)) => Sym::Bits(*b as u64),
            Op::Load(s) => st.known.get(s).copied().unwrap_or_else(|| own_sym(f, r)),
            Op::Binary(op @ (BinaryOp::Add | BinaryOp::Sub)) if *f.ty(r) == Type::Int => {
                let (a, b) = (self.sym(f, d.args[0]), self.sym(f, d.args[1]));
                match (op, a, b) {
                    (BinaryOp::Add, Sym::Int { base, off }, Sym::Int { base: None, off: c })
                    | (BinaryOp::Add, Sym::Int { base: None, off: c }, Sym::Int { base, off }) => {
                        Sym::Int { base, off: off.wrapping_add(c) }
                    }
                    (BinaryOp::Sub, Sym::Int { base, off }, Sym::Int { base: None, off: c }) => Sym::Int { base, off: off.wrapping_sub(c) },
                    _ => own_sym(f, r),
                }
            }
            Op::Call(callee) if self.numberable.contains(callee) => {
                let key = (*callee, d.args.iter().map(|a| self.sym(f, *a)).collect());
                match st.calls.get(&key) {
                    Some(&earlier) => {
                        self.replaced.insert(r, earlier);
                        self.removed.insert(i);
                        self.sym(f, earlier)
                    }
                    None => {
                        st.calls.insert(key, r);
                        own_sym(f, r)
                    }
                }
            }
            _ => own_sym(f, r),
        };
        self.syms.insert(r, sym);
    }
}

/// A value's symbol when nothing more is known about it.
fn own_sym(f: &Function, v: Value) -> Sym {
    if *f.ty(v) == Type::Int {
        Sym::Int { base: Some(v), off: 0 }
    } else {
        Sym::Same(v)
    }
}

fn stored_in(f: &Function, blocks: &[Block]) -> HashSet<Slot> {
    blocks.iter().flat_map(|b| slots_stored_in(f, *b)).collect()
}

fn forget(st: &mut State, slots: &HashSet<Slot>) {
    st.known.retain(|s, _| !slots.contains(s));
}
