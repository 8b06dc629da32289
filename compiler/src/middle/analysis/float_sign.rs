//! Float sign analysis: which scalar values can never be below zero.
//!
//! A value is *sign-clear* when it is `+0.0`, positive (`+inf` included) or
//! NaN. `math.sqrt` raises exactly for arguments below zero, so it cannot
//! raise on a sign-clear one; that is what `sqrt-domain` uses this for.
//! `-0.0` is not sign-clear on purpose: `1.0 / -0.0` is `-inf`.
//!
//! Rules, each of which keeps sign-clearness under IEEE arithmetic whatever
//! the inputs (overflow gives `+inf`, `0 * inf` and `inf - inf` give NaN):
//! - a float constant whose sign bit is clear, or NaN; an int constant
//!   `>= 0`; any `bool` or unsigned integer (integer arithmetic may wrap, so
//!   only float operations are looked through);
//! - `x * x` of any `x` (also when both factors read a variable that holds
//!   `x`: each read comes after a store of `x` in the same block, with only
//!   operations between, or the variable's only store is at the function's
//!   top level, before the reads' statements); `a * b`, `a + b`, `a / b`, `a ** b` and `a // b` of
//!   sign-clear operands (a float `a // b` is `floor(a / b)`, and a float `%`
//!   takes the divisor's sign); `x ** k` for an even integer constant `k`;
//! - `+x` and the unchecked square root of a sign-clear value; `abs`,
//!   `math.fabs`, `np.fabs` and `np.absolute` of a float; `min` and `max` of sign-clear values
//!   (they return one of their arguments);
//! - a conversion to a float type of a sign-clear value;
//! - a select between sign-clear values;
//! - a load of a variable whose every store in the function is sign-clear.
//!   This is an optimistic fixpoint, so `s = 0.0; for ...: s += t * t`
//!   keeps `s` sign-clear: every variable starts sign-clear and loses it
//!   when one of its stores does not satisfy the rules under the current
//!   assumption, until nothing changes.
//!
//! Uses: nothing (reads the function only). A variable is only ever written
//! by `Op::Store` in its own function, which makes the fixpoint sound.

use std::collections::{HashMap, HashSet};

use crate::ir::{BinaryOp, Block, Const, Function, Op, Slot, Stmt, UnaryOp, Value};
use crate::middle::util::block_owners;
use crate::optable::{self, FloatImpl, Lower, MathCheck, UfuncScalar};
use crate::types::{DKind, DType};

/// Expressions deeper than this are not looked through (answer: unknown).
const MAX_DEPTH: u32 = 48;

/// The sign-clear facts of one function.
pub struct FloatSign {
    /// Variables every store of which is sign-clear.
    clear_slots: HashSet<Slot>,
    /// Loads whose value is that of one store: a store earlier in the same
    /// block with only operations between (`t = a - b; s += t * t` reads `t`
    /// twice: both reads are `a - b`, so the product is a square), or the
    /// only store of the variable, at the top level of the function, before
    /// the load's statement (a parameter read in a loop).
    forwarded: HashMap<Value, Value>,
}

impl FloatSign {
    pub fn compute(f: &Function) -> FloatSign {
        let mut stores: HashMap<Slot, Vec<Value>> = HashMap::new();
        let mut forwarded = HashMap::new();
        // Loads not forwarded within their block, with their block and index.
        let mut other_loads: Vec<(Slot, Value, Block, usize)> = Vec::new();
        // Stores at the top level of the function: slot -> (index, value).
        let mut top_stores: HashMap<Slot, (usize, Value)> = HashMap::new();
        for b in f.blocks_preorder() {
            let mut last_store: HashMap<Slot, Value> = HashMap::new();
            for (k, s) in f.blocks[b].stmts.iter().enumerate() {
                let Stmt::Inst(i) = s else {
                    // A nested block may store anything.
                    last_store.clear();
                    continue;
                };
                let d = &f.insts[*i];
                match d.op {
                    Op::Store(slot) => {
                        stores.entry(slot).or_default().push(d.args[0]);
                        let v = *forwarded.get(&d.args[0]).unwrap_or(&d.args[0]);
                        last_store.insert(slot, v);
                        if b == f.body {
                            top_stores.insert(slot, (k, v));
                        }
                    }
                    Op::Load(slot) => match last_store.get(&slot) {
                        Some(v) => {
                            forwarded.insert(d.results[0], *v);
                        }
                        None => other_loads.push((slot, d.results[0], b, k)),
                    },
                    _ => {}
                }
            }
        }
        // A variable stored once, at the top level (a parameter, a value set
        // before the loops): every load after that store reads its value.
        let owners = block_owners(f);
        for (slot, v, mut b, mut k) in other_loads {
            let Some(&(at, x)) = top_stores.get(&slot).filter(|_| stores[&slot].len() == 1) else { continue };
            while b != f.body {
                let Some(&(parent, index)) = owners.get(&b) else { break };
                (b, k) = (parent, index);
            }
            if b == f.body && k > at {
                forwarded.insert(v, x);
            }
        }
        let clear_slots = stores.keys().copied().filter(|s| f.slots[*s].ty.scalar_dtype().is_some()).collect();
        let mut fs = FloatSign { clear_slots, forwarded };
        loop {
            let mut memo = HashMap::new();
            let lost: Vec<Slot> =
                fs.clear_slots.iter().copied().filter(|s| !stores[s].iter().all(|v| fs.clear(f, *v, 0, &mut memo))).collect();
            if lost.is_empty() {
                return fs;
            }
            for s in lost {
                fs.clear_slots.remove(&s);
            }
        }
    }

    /// Whether `v` is sign-clear on every path.
    pub fn is_sign_clear(&self, f: &Function, v: Value) -> bool {
        self.clear(f, v, 0, &mut HashMap::new())
    }

    fn clear(&self, f: &Function, v: Value, depth: u32, memo: &mut HashMap<Value, bool>) -> bool {
        if let Some(&known) = memo.get(&v) {
            return known;
        }
        let answer = match f.ty(v).scalar_dtype().map(DType::kind) {
            Some(DKind::Bool | DKind::UnsignedInt) => true,
            Some(DKind::SignedInt) => matches!(f.def_inst(v).map(|i| &f.insts[i].op), Some(Op::Const(Const::Int(c))) if *c >= 0),
            Some(DKind::Float) => depth < MAX_DEPTH && self.float_by_definition(f, v, depth, memo),
            _ => false,
        };
        memo.insert(v, answer);
        answer
    }

    /// Whether `a` and `b` are one value (through forwarded loads).
    fn same(&self, a: Value, b: Value) -> bool {
        self.forwarded.get(&a).unwrap_or(&a) == self.forwarded.get(&b).unwrap_or(&b)
    }

    /// The rules for a float `v` (integer arithmetic may wrap, so only
    /// float operations are looked through).
    fn float_by_definition(&self, f: &Function, v: Value, depth: u32, memo: &mut HashMap<Value, bool>) -> bool {
        let Some(i) = f.def_inst(v) else { return false };
        let d = &f.insts[i];
        let all_clear = |args: &[Value], memo: &mut HashMap<Value, bool>| args.iter().all(|a| self.clear(f, *a, depth + 1, memo));
        match &d.op {
            Op::Const(Const::Float(c)) => c.is_nan() || c.is_sign_positive(),
            Op::Load(s) => self.clear_slots.contains(s) || self.forwarded.get(&v).is_some_and(|x| self.clear(f, *x, depth + 1, memo)),
            Op::Convert | Op::Unary(UnaryOp::Pos) => all_clear(&d.args, memo),
            Op::Select => all_clear(&d.args[1..], memo),
            Op::Binary(BinaryOp::Mul) if self.same(d.args[0], d.args[1]) => true,
            Op::Binary(BinaryOp::Pow) if even_integer(f, d.args[1]) => true,
            Op::Binary(BinaryOp::Add | BinaryOp::Mul | BinaryOp::Div | BinaryOp::FloorDiv | BinaryOp::Pow) => all_clear(&d.args, memo),
            Op::Builtin(id) => match optable::get(*id).lower {
                Lower::Abs | Lower::FloatFn { imp: FloatImpl::Fabs, .. } | Lower::Ufunc { scalar: UfuncScalar::Abs, .. } => true,
                Lower::FloatFn { imp: FloatImpl::Sqrt, check: MathCheck::None, .. } => all_clear(&d.args, memo),
                Lower::Min | Lower::Max => all_clear(&d.args, memo),
                _ => false,
            },
            _ => false,
        }
    }
}

/// An even integer constant, as an int or a float (`x ** 2`, `x ** 2.0`).
fn even_integer(f: &Function, v: Value) -> bool {
    match f.def_inst(v).map(|i| &f.insts[i].op) {
        Some(Op::Const(Const::Int(k))) => k % 2 == 0,
        Some(Op::Const(Const::Float(k))) => k.is_finite() && (k / 2.0).fract() == 0.0,
        _ => false,
    }
}
