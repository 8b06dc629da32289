//! Which counted loops can run several iterations at once on SIMD vectors
//! (the user-loop vectorizer's legality check; code generation is
//! `back/loop_simd.rs`).
//!
//! A `for i in range(...)` loop qualifies when its body is straight-line
//! (no nested regions: `if` statements have been if-converted into
//! `select`s by then), every operation is on Python `int`, `float` or `bool`
//! scalars, has a lane-wise vector form and cannot raise, and every slot the
//! body touches plays one of three roles:
//!
//! - **invariant**: only read; every lane sees the value from before the loop;
//! - **private**: written before it is read in every iteration (temporaries,
//!   the loop variable), so iterations do not communicate through it; after
//!   the loop it holds the last iteration's value;
//! - **sum**: an `int` that the body only adds to (`hits += 1`, also under a
//!   condition: `select(c, hits + 1, hits)`), so each lane can keep a
//!   partial sum that is added up after the loop. Integer addition wraps
//!   and is associative, so the result is exactly the sequential one;
//!   float sums are not reordered (their rounding would change).
//!
//! Anything else (a value carried from one iteration to the next, calls,
//! memory, operations that may raise) keeps the loop scalar, with a reason
//! for `--report`.
//!
//! Reads: the function's IR only. Lane count: 128-bit vectors of 64-bit
//! lanes (Cranelift's x86-64 SIMD width), so 2.

use std::collections::{HashMap, HashSet};

use crate::ir::{BinaryOp, Block, Const, Function, Op, Slot, Stmt, UnaryOp, Value, ValueDef};
use crate::middle::util::{const_int, slots_stored_in};
use crate::types::Type;

/// Iterations per vector: 128-bit vectors of 64-bit lanes.
pub const LANES: u32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotRole {
    Invariant,
    Private,
    Sum,
}

/// How a loop runs on vectors.
#[derive(Debug, Clone)]
pub struct VectorPlan {
    /// Every slot the body touches, in first-touch order.
    pub roles: Vec<(Slot, SlotRole)>,
}

impl VectorPlan {
    /// The names of the slots summed across lanes (for `--report`).
    pub fn sums<'f>(&self, f: &'f Function) -> Vec<&'f str> {
        self.roles.iter().filter(|(_, r)| *r == SlotRole::Sum).map(|(s, _)| f.slots[*s].name.as_str()).collect()
    }
}

fn lane_type(t: &Type) -> bool {
    matches!(t, Type::Int | Type::Float | Type::Bool)
}

/// The positive power-of-two constant `v`, if it is one.
pub fn pow2_const(f: &Function, v: Value) -> Option<i64> {
    match f.def_inst(v).map(|i| &f.insts[i].op) {
        Some(Op::Const(Const::Int(c))) if *c > 0 && (*c as u64).is_power_of_two() => Some(*c),
        _ => None,
    }
}

fn nonzero_float_const(f: &Function, v: Value) -> bool {
    matches!(f.def_inst(v).map(|i| &f.insts[i].op), Some(Op::Const(Const::Float(c))) if *c != 0.0)
}

/// Whether operation `op` with these operand and result types has a
/// lane-wise vector form that cannot raise.
fn vector_op_ok(f: &Function, op: &Op, args: &[Value], result: Option<&Type>) -> bool {
    let arg_ty = |n: usize| f.ty(args[n]);
    match op {
        Op::Const(Const::Int(_) | Const::Float(_) | Const::Bool(_)) => true,
        Op::Binary(b) => {
            let (x, y) = (arg_ty(0), arg_ty(1));
            match (x, y, result) {
                (Type::Int, Type::Int, Some(Type::Int)) => match b {
                    BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor => true,
                    BinaryOp::Mod | BinaryOp::FloorDiv => pow2_const(f, args[1]).is_some(),
                    BinaryOp::Shl | BinaryOp::Shr => const_int(f, args[1]).is_some_and(|c| (0..64).contains(&c)),
                    _ => false,
                },
                (Type::Float, Type::Float, Some(Type::Float)) => match b {
                    BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul => true,
                    // Python raises on a zero divisor: only constant divisors.
                    BinaryOp::Div => nonzero_float_const(f, args[1]),
                    _ => false,
                },
                (Type::Bool, Type::Bool, Some(Type::Bool)) => matches!(b, BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor),
                _ => false,
            }
        }
        Op::Unary(u) => match (u, arg_ty(0)) {
            (UnaryOp::Neg | UnaryOp::Pos, Type::Int | Type::Float) => result == Some(arg_ty(0)),
            (UnaryOp::Invert, Type::Int) => result == Some(&Type::Int),
            (UnaryOp::Not, Type::Bool) => true,
            _ => false,
        },
        Op::Compare(_) => matches!((arg_ty(0), arg_ty(1)), (Type::Int, Type::Int) | (Type::Float, Type::Float)),
        Op::Select => arg_ty(0) == &Type::Bool && lane_type(arg_ty(1)) && arg_ty(1) == arg_ty(2),
        Op::Convert => matches!(
            (arg_ty(0), result),
            (Type::Int, Some(Type::Float | Type::Int))
                | (Type::Bool, Some(Type::Int | Type::Float | Type::Bool))
                | (Type::Float, Some(Type::Float))
        ),
        Op::Truth => lane_type(arg_ty(0)),
        _ => false,
    }
}

/// The vector plan of the `for` loop with this body and induction variable,
/// or why it stays scalar.
pub fn plan(f: &Function, body: Block, index: Value) -> Result<VectorPlan, String> {
    if f.ty(index) != &Type::Int {
        return Err("the loop variable is not an int".into());
    }
    let stored = slots_stored_in(f, body);
    let mut roles: Vec<(Slot, SlotRole)> = Vec::new();
    let mut defined: HashSet<Value> = HashSet::new();
    defined.insert(index);
    // Values that carry a sum slot's running total, per slot.
    let mut carries: HashMap<Value, Slot> = HashMap::new();
    // Sum candidates: int slots read before written in the iteration.
    for s in &f.blocks[body].stmts {
        let Stmt::Inst(i) = s else {
            return Err("the body has control flow (a nested loop, an `if` that was not turned into a select, or a kernel)".into());
        };
        let d = &f.insts[*i];
        for a in &d.args {
            if !defined.contains(a) && !lane_type(f.ty(*a)) {
                return Err(format!("it uses a {} from before the loop", f.ty(*a)));
            }
        }
        match &d.op {
            Op::Load(s) => {
                let ty = &f.slots[*s].ty;
                if !lane_type(ty) {
                    return Err(format!("`{}` is a {ty}", f.slots[*s].name));
                }
                if roles.iter().all(|(t, _)| t != s) {
                    // Read before it is written: a running total, or a value
                    // carried between iterations (refused below).
                    let role = if !stored.contains(s) {
                        SlotRole::Invariant
                    } else if ty == &Type::Int {
                        SlotRole::Sum
                    } else {
                        return Err(carried_msg(f, *s));
                    };
                    roles.push((*s, role));
                }
                if roles.iter().any(|(t, r)| t == s && *r == SlotRole::Sum) {
                    carries.insert(d.results[0], *s);
                }
            }
            Op::Store(s) => {
                let ty = &f.slots[*s].ty;
                if !lane_type(ty) {
                    return Err(format!("`{}` is a {ty}", f.slots[*s].name));
                }
                let stored_total = carries.get(&d.args[0]).copied();
                let role = roles.iter().find(|(t, _)| t == s).map(|(_, r)| *r);
                match (role, stored_total) {
                    (None, None) => roles.push((*s, SlotRole::Private)),
                    (Some(SlotRole::Private), None) => {}
                    (Some(SlotRole::Sum), Some(t)) if t == *s => {}
                    (_, t) => return Err(carried_msg(f, t.unwrap_or(*s))),
                }
            }
            op => {
                if !vector_op_ok(f, op, &d.args, d.results.first().map(|r| f.ty(*r))) {
                    return Err(format!("{} has no vector form here (or may raise)", describe(op)));
                }
                // A running total may only be added to.
                let carried: Vec<Slot> = d.args.iter().filter_map(|a| carries.get(a).copied()).collect();
                if let Some(&s) = carried.first() {
                    let extends = match op {
                        Op::Binary(BinaryOp::Add) => carried.len() == 1,
                        Op::Binary(BinaryOp::Sub) => carried.len() == 1 && carries.contains_key(&d.args[0]),
                        Op::Select => !carries.contains_key(&d.args[0]) && carried.len() == 2 && carried.iter().all(|t| *t == s),
                        _ => false,
                    };
                    if !extends {
                        return Err(carried_msg(f, s));
                    }
                    carries.insert(d.results[0], s);
                }
            }
        }
        defined.extend(d.results.iter().copied());
    }
    debug_assert_eq!(f.values[index].def, ValueDef::LoopIndex(body));
    Ok(VectorPlan { roles })
}

fn carried_msg(f: &Function, s: Slot) -> String {
    format!("`{}` carries a value from one iteration to the next", f.slots[s].name)
}

/// An operation, for a reason in `--report`.
fn describe(op: &Op) -> String {
    match op {
        Op::Call(_) => "a function call".into(),
        Op::Builtin(id) => format!("`{}`", crate::optable::get(*id).name),
        Op::Binary(b) => format!("this `{}`", format!("{b:?}").to_lowercase()),
        Op::Unary(u) => format!("this `{}`", format!("{u:?}").to_lowercase()),
        Op::Compare(_) => "this comparison".into(),
        Op::Convert => "this conversion".into(),
        Op::ArrayGet(_) | Op::ArraySet(_) | Op::CheckIndex { .. } => "array element access".into(),
        Op::ListGet(_) | Op::ListSet(_) | Op::ObjCall { .. } | Op::ObjLen => "a container operation".into(),
        _ => "an operation on arrays, tuples or objects".into(),
    }
}
