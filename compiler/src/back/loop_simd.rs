//! SIMD code for counted `for` loops that `middle/analysis/loop_vector.rs`
//! accepts: runs the leading iterations on vectors (two per vector: 64-bit
//! lanes in 128-bit registers; `unroll_factor` vectors per loop iteration, each
//! with its own induction variables), then the ordinary scalar loop runs
//! the rest. Serial loops and the chunks of parallel loops both use it.
//!
//! Lane `k` of every value belongs to iteration `t + k`. `int` lanes are
//! `i64x2`, `float` lanes `f64x2`, and `bool` lanes are `i64x2` masks (all
//! ones for true), so a comparison feeds a `bitselect` directly.
//!
//! Invariants, which make the result identical to the scalar loop's:
//! - every vector operation computes exactly the scalar operation per lane
//!   (same wrapping, same IEEE rounding, same NaN comparisons);
//! - a private slot leaves with its last lane (the last iteration's value;
//!   its old value when no vector ran), a sum slot with its lanes added to
//!   the total it had before the loop, an invariant slot unchanged.

use std::collections::{HashMap, HashSet};

use cranelift_codegen::ir::{self as cl, condcodes::IntCC, types, InstBuilder, MemFlagsData};
use cranelift_frontend::Variable;

use super::clif::FunctionCx;
use super::num::{exact_reciprocal, float_cc, int_cc, normal_power_of_two};
use crate::ir::{BinaryOp, Block, Const, Op, Slot, Stmt, UnaryOp, Value};
use crate::middle::analysis::loop_affine;
use crate::middle::analysis::loop_vector::{pow2_const, SlotRole, VectorPlan, LANES};
use crate::types::{DType, Type};

/// Copies of the body per vector-loop iteration, each on its own vector of
/// lanes and its own induction variables: four for bodies of at most
/// `SMALL_BODY` operations (`pi_lcg`'s 33, 1 thread: 1.06 ms with one copy,
/// 0.91 with two, 0.82 with four), else two, so that the copies' values
/// still fit in the 16 vector registers.
pub(super) fn unroll_factor(body_ops: usize) -> u32 {
    if body_ops <= SMALL_BODY {
        4
    } else {
        2
    }
}

const SMALL_BODY: usize = 40;

/// An induction variable of the vector loop, one variable per copy of the body.
struct Induction {
    vars: Vec<Variable>,
    /// Added per loop iteration (all copies' worth).
    step: cl::Value,
    /// Mask applied after each addition (biased residues).
    keep: Option<cl::Value>,
}

/// The vector type of a lane type (`int`, `float` or `bool`).
fn vector_type(t: &Type) -> cl::Type {
    if t == &Type::Float {
        types::F64X2
    } else {
        types::I64X2
    }
}

impl FunctionCx<'_, '_> {
    /// The number of iterations of `range(start, stop, step)` (0 when empty).
    pub(super) fn range_trip_count(&mut self, start: cl::Value, stop: cl::Value, step: cl::Value) -> cl::Value {
        let zero = self.b.ins().iconst(types::I64, 0);
        let up = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
        let span = self.b.ins().isub(stop, start);
        let neg_span = self.b.ins().ineg(span);
        let neg_st = self.b.ins().ineg(step);
        let dist = self.b.ins().select(up, span, neg_span);
        let mag = self.b.ins().select(up, step, neg_st);
        let dist = self.b.ins().iadd(dist, mag);
        let dist = self.b.ins().iadd_imm_s(dist, -1);
        let n = self.b.ins().sdiv(dist, mag);
        self.b.ins().smax(n, zero)
    }

    /// Runs the first `count - count % (LANES * unroll)` iterations of the loop (index
    /// `first + t * step` for iteration `t`) on vectors and returns how many
    /// it ran; the caller's scalar loop does the rest.
    pub(super) fn simd_iterations(
        &mut self,
        plan: &VectorPlan,
        index: Value,
        body: Block,
        first: cl::Value,
        step: cl::Value,
        count: cl::Value,
    ) -> cl::Value {
        let f = self.f;
        let lanes = i64::from(LANES);
        // Slots as vectors.
        let mut slot_vecs: HashMap<Slot, Variable> = HashMap::new();
        for (s, role) in &plan.roles {
            let ty = &f.slots[*s].ty;
            let var = self.b.declare_var(vector_type(ty));
            let init = if *role == SlotRole::Sum {
                let z = self.b.ins().iconst(types::I64, 0);
                self.b.ins().splat(types::I64X2, z)
            } else {
                let cur = self.b.use_var(self.slot_vars[*s][0]);
                self.splat_lane(ty, cur)
            };
            self.b.def_var(var, init);
            slot_vecs.insert(*s, var);
        }
        // Values from before the loop, splatted once.
        let mut vmap: HashMap<Value, cl::Value> = HashMap::new();
        let stmts = &f.blocks[body].stmts;
        for s in stmts {
            let Stmt::Inst(i) = s else { unreachable!("checked by loop_vector::plan") };
            for a in &f.insts[*i].args {
                if *a != index && !self.vals[*a].is_empty() && !vmap.contains_key(a) {
                    let x = self.val(*a);
                    let v = self.splat_lane(f.ty(*a), x);
                    vmap.insert(*a, v);
                }
            }
        }
        // Index lanes: first + k * step; one vector per copy of the body,
        // each advancing by unroll * LANES * step.
        let second = self.b.ins().iadd(first, step);
        let base = self.b.ins().splat(types::I64X2, first);
        let iv0 = self.b.ins().insertlane(base, second, 1);
        let stride = self.b.ins().imul_imm_s(step, lanes);
        let stride = self.b.ins().splat(types::I64X2, stride);
        let unroll = unroll_factor(stmts.len());
        let index_ivs = self.induction_copies(iv0, stride, None, unroll);
        let tv = self.b.declare_var(types::I64);
        let zero = self.b.ins().iconst(types::I64, 0);
        self.b.def_var(tv, zero);
        // Affine values as their own induction variables (`a·i + b`,
        // advanced by `a·step` per lane), shared by equal coefficients.
        // A private slot nothing reads outside the loop needs no last value;
        // not asking for it keeps its vector out of the loop's carried
        // registers, and its stores can go when the iteration does not
        // read them back.
        let read_outside = slots_read_outside(f, body);
        let kept: HashSet<Slot> =
            plan.roles.iter().filter(|(s, r)| *r != SlotRole::Private || read_outside.contains(s)).map(|(s, _)| *s).collect();
        let affine = loop_affine::plan(f, body, index, &kept);
        let biased = self.biased_conversions(stmts, &affine, &kept);
        // Induction variables by (key, residue bits, exponent bits): plain
        // ones (exponent 0) hold `a·i + b` unmasked; biased ones the residue
        // under `big`'s exponent bits.
        let mut ivs: HashMap<(loop_affine::IvKey, u32, u64), Induction> = HashMap::new();
        let iv_id = |v: &Value, c: &loop_affine::Affine| match biased.get(v) {
            Some(big) => (c.iv_key(), c.bits, big.to_bits()),
            None => (c.iv_key(), 64, 0),
        };
        for (v, c) in &affine.from_iv {
            let id = iv_id(v, c);
            if ivs.contains_key(&id) {
                continue;
            }
            let a = self.b.ins().iconst(types::I64, c.a);
            let a = self.b.ins().splat(types::I64X2, a);
            let mut b = self.b.ins().iconst(types::I64, c.b);
            for (x, k) in &c.inv {
                let x = self.val(*x);
                let term = self.b.ins().imul_imm_s(x, *k);
                b = self.b.ins().iadd(b, term);
            }
            let b = self.b.ins().splat(types::I64X2, b);
            let scaled = self.b.ins().imul(a, iv0);
            let init = self.b.ins().iadd(scaled, b);
            let inc = self.b.ins().imul_imm_s(step, c.a.wrapping_mul(lanes));
            let iv = if id.2 != 0 {
                // The residue with the exponent bits of `big` above it: `r + inc`
                // carries at most into bit `bits` < 52, which the mask clears,
                // so the exponent stays and the residue wraps as it should.
                let exponent = self.b.ins().iconst(types::I64, id.2 as i64);
                let exponent = self.b.ins().splat(types::I64X2, exponent);
                let m = self.b.ins().iconst(types::I64, c.mask());
                let m = self.b.ins().splat(types::I64X2, m);
                let residue = self.b.ins().band(init, m);
                let init = self.b.ins().bor(residue, exponent);
                let inc = self.b.ins().band_imm_s(inc, c.mask());
                let inc = self.b.ins().splat(types::I64X2, inc);
                self.induction_copies(init, inc, Some(c.mask() | id.2 as i64), unroll)
            } else {
                let inc = self.b.ins().splat(types::I64X2, inc);
                self.induction_copies(init, inc, None, unroll)
            };
            ivs.insert(id, iv);
        }
        let per_iteration = lanes * i64::from(unroll);
        let last = self.b.ins().iadd_imm_s(count, -(per_iteration - 1));

        let (head, exit) = self.open_loop(|fx| {
            let t = fx.b.use_var(tv);
            fx.b.ins().icmp(IntCC::SignedLessThan, t, last)
        });
        for copy in 0..unroll as usize {
            let ivec = self.b.use_var(index_ivs.vars[copy]);
            vmap.insert(index, ivec);
            // The value a load reads when this copy stored it (for facts
            // about it: `below_2_52`).
            let mut stored: HashMap<Slot, Value> = HashMap::new();
            let mut origin: HashMap<Value, Value> = HashMap::new();
            for s in stmts {
                let Stmt::Inst(i) = s else { unreachable!() };
                let d = &f.insts[*i];
                if affine.skipped.contains(i) {
                    if let Some((r, c)) = d.results.first().and_then(|r| Some((*r, affine.from_iv.get(r)?))) {
                        let id = iv_id(&r, c);
                        let raw = self.b.use_var(ivs[&id].vars[copy]);
                        // A biased value is read only by `scaled_small_int`,
                        // which subtracts `big`.
                        let v = if id.2 == 0 && c.bits < 64 {
                            let m = self.b.ins().iconst(types::I64, c.mask());
                            let m = self.b.ins().splat(types::I64X2, m);
                            self.b.ins().band(raw, m)
                        } else {
                            raw
                        };
                        vmap.insert(r, v);
                    }
                    continue;
                }
                match &d.op {
                    Op::Load(s) => {
                        let v = self.b.use_var(slot_vecs[s]);
                        vmap.insert(d.results[0], v);
                        if let Some(w) = stored.get(s) {
                            origin.insert(d.results[0], *w);
                        }
                    }
                    Op::Store(s) => {
                        self.b.def_var(slot_vecs[s], vmap[&d.args[0]]);
                        stored.insert(*s, origin.get(&d.args[0]).copied().unwrap_or(d.args[0]));
                    }
                    _ => {
                        let r = self.simd_inst(*i, &vmap, &origin, &biased);
                        vmap.insert(d.results[0], r);
                    }
                }
            }
        }
        if affine.index_needed {
            self.advance(&index_ivs);
        }
        for iv in ivs.values() {
            self.advance(iv);
        }
        let t = self.b.use_var(tv);
        let next = self.b.ins().iadd_imm_s(t, per_iteration);
        self.b.def_var(tv, next);
        self.close_loop(head, exit);

        // Lanes back into the scalar slots.
        for (s, role) in &plan.roles {
            if !kept.contains(s) {
                continue;
            }
            let ty = f.slots[*s].ty.clone();
            let v = self.b.use_var(slot_vecs[s]);
            let var = self.slot_vars[*s][0];
            match role {
                SlotRole::Invariant => {}
                SlotRole::Private => {
                    let x = self.b.ins().extractlane(v, (LANES - 1) as u8);
                    let x = if ty == Type::Bool { self.b.ins().icmp_imm_s(IntCC::NotEqual, x, 0) } else { x };
                    self.b.def_var(var, x);
                }
                SlotRole::Sum => {
                    let mut total = self.b.use_var(var);
                    for k in 0..LANES {
                        let x = self.b.ins().extractlane(v, k as u8);
                        total = self.b.ins().iadd(total, x);
                    }
                    self.b.def_var(var, total);
                }
            }
        }
        self.b.use_var(tv)
    }

    /// One variable per copy of the body, starting at `init + k * inc`;
    /// each advances by `unroll * inc` per iteration (then masked by
    /// `keep`), so the copies' chains are independent.
    fn induction_copies(&mut self, init: cl::Value, inc: cl::Value, keep: Option<i64>, unroll: u32) -> Induction {
        let keep = keep.map(|k| {
            let k = self.b.ins().iconst(types::I64, k);
            self.b.ins().splat(types::I64X2, k)
        });
        let mut vars = Vec::new();
        let mut cur = init;
        for copy in 0..unroll {
            if copy > 0 {
                cur = self.b.ins().iadd(cur, inc);
                if let Some(k) = keep {
                    cur = self.b.ins().band(cur, k);
                }
            }
            let var = self.b.declare_var(types::I64X2);
            self.b.def_var(var, cur);
            vars.push(var);
        }
        let mut step = inc;
        for _ in 1..unroll {
            step = self.b.ins().iadd(step, inc);
        }
        Induction { vars, step, keep }
    }

    fn advance(&mut self, iv: &Induction) {
        for var in &iv.vars {
            let cur = self.b.use_var(*var);
            let mut next = self.b.ins().iadd(cur, iv.step);
            if let Some(k) = iv.keep {
                next = self.b.ins().band(next, k);
            }
            self.b.def_var(*var, next);
        }
    }

    /// A scalar of lane type `ty` in every lane (a `bool` as a mask).
    fn splat_lane(&mut self, ty: &Type, x: cl::Value) -> cl::Value {
        match ty {
            Type::Bool => {
                let w = self.b.ins().uextend(types::I64, x);
                let m = self.b.ins().ineg(w);
                self.b.ins().splat(types::I64X2, m)
            }
            _ => self.b.ins().splat(vector_type(ty), x),
        }
    }

    /// One body operation on vectors (accepted by `loop_vector::plan`).
    fn simd_inst(
        &mut self,
        i: crate::ir::Inst,
        vmap: &HashMap<Value, cl::Value>,
        origin: &HashMap<Value, Value>,
        biased: &HashMap<Value, f64>,
    ) -> cl::Value {
        let f = self.f;
        let d = &f.insts[i];
        let rty = f.ty(d.results[0]);
        let a = |n: usize| vmap[&d.args[n]];
        let int_splat = |fx: &mut Self, c: i64| {
            let s = fx.b.ins().iconst(types::I64, c);
            fx.b.ins().splat(types::I64X2, s)
        };
        let float_splat = |fx: &mut Self, c: f64| {
            let s = fx.b.ins().f64const(c);
            fx.b.ins().splat(types::F64X2, s)
        };
        match &d.op {
            Op::Const(Const::Int(c)) => int_splat(self, *c),
            Op::Const(Const::Bool(b)) => int_splat(self, -i64::from(*b)),
            Op::Const(Const::Float(c)) => float_splat(self, *c),
            Op::Binary(op) if rty == &Type::Float => {
                if let Some(r) = self.scaled_small_int(i, vmap, origin, biased) {
                    return r;
                }
                let (x, y) = (a(0), a(1));
                match op {
                    BinaryOp::Add => self.b.ins().fadd(x, y),
                    BinaryOp::Sub => self.b.ins().fsub(x, y),
                    BinaryOp::Mul => self.b.ins().fmul(x, y),
                    _ => match self.const_float(d.args[1]).filter(|c| exact_reciprocal(*c, DType::F64)) {
                        // x / 2**k is exactly x * 2**-k, as in the scalar code.
                        Some(c) => {
                            let r = float_splat(self, 1.0 / c);
                            self.b.ins().fmul(x, r)
                        }
                        None => self.b.ins().fdiv(x, y),
                    },
                }
            }
            Op::Binary(op) => {
                let (x, y) = (a(0), a(1));
                if let Some(r) = self.wrapping_int_op(*op, x, y) {
                    return r;
                }
                match op {
                    BinaryOp::Mod | BinaryOp::FloorDiv => {
                        // A positive power of two: a mask or a shift is the floor result.
                        let c = pow2_const(f, d.args[1]).expect("checked");
                        if *op == BinaryOp::Mod {
                            let m = int_splat(self, c - 1);
                            self.b.ins().band(x, m)
                        } else {
                            self.b.ins().sshr_imm_s(x, i64::from(c.trailing_zeros()))
                        }
                    }
                    BinaryOp::Shl | BinaryOp::Shr => {
                        let k = self.const_int(d.args[1]).expect("checked");
                        if *op == BinaryOp::Shl {
                            self.b.ins().ishl_imm_s(x, k)
                        } else {
                            self.b.ins().sshr_imm_s(x, k)
                        }
                    }
                    _ => unreachable!("checked by loop_vector::plan"),
                }
            }
            Op::Unary(UnaryOp::Pos) => a(0),
            Op::Unary(UnaryOp::Neg) if rty == &Type::Float => self.b.ins().fneg(a(0)),
            Op::Unary(UnaryOp::Neg) => self.b.ins().ineg(a(0)),
            Op::Unary(UnaryOp::Not | UnaryOp::Invert) => self.b.ins().bnot(a(0)),
            Op::Compare(op) => {
                if f.ty(d.args[0]) == &Type::Float {
                    // A float vector comparison gives an i64x2 mask already.
                    self.b.ins().fcmp(float_cc(*op), a(0), a(1))
                } else {
                    self.b.ins().icmp(int_cc(*op, true), a(0), a(1))
                }
            }
            Op::Select => {
                let (c, x, y) = (a(0), a(1), a(2));
                // `select(c, y + 1, y)` (a conditional count): a true lane
                // is all ones, -1, so `y - c` is the same in one operation.
                let plus_one = f.def_inst(d.args[1]).map(|j| &f.insts[j]).is_some_and(|e| {
                    e.op == Op::Binary(BinaryOp::Add) && vmap.get(&e.args[0]) == Some(&y) && self.const_int(e.args[1]) == Some(1)
                });
                if rty == &Type::Int && plus_one {
                    return self.b.ins().isub(y, c);
                }
                if rty == &Type::Float {
                    let m = self.b.ins().bitcast(types::F64X2, MemFlagsData::new(), c);
                    self.b.ins().bitselect(m, x, y)
                } else {
                    self.b.ins().bitselect(c, x, y)
                }
            }
            Op::Truth => match f.ty(d.args[0]) {
                Type::Bool => a(0),
                Type::Float => {
                    let z = float_splat(self, 0.0);
                    self.b.ins().fcmp(float_cc(crate::ir::CmpOp::Ne), a(0), z)
                }
                _ => {
                    let z = int_splat(self, 0);
                    self.b.ins().icmp(IntCC::NotEqual, a(0), z)
                }
            },
            Op::Convert => match (f.ty(d.args[0]), rty) {
                (Type::Bool, Type::Int) => self.b.ins().ineg(a(0)),
                (Type::Bool, Type::Float) => {
                    let (one, zero) = (float_splat(self, 1.0), float_splat(self, 0.0));
                    let m = self.b.ins().bitcast(types::F64X2, MemFlagsData::new(), a(0));
                    self.b.ins().bitselect(m, one, zero)
                }
                (Type::Int, Type::Float) if self.below_2_52(origin.get(&d.args[0]).copied().unwrap_or(d.args[0])) => {
                    // 0 <= x < 2**52: x's bits under the exponent of 2**52,
                    // minus 2**52, is x exactly (two instructions instead of
                    // a scalar conversion per lane).
                    let magic = int_splat(self, 0x4330_0000_0000_0000);
                    let bits = self.b.ins().bor(a(0), magic);
                    let x = self.b.ins().bitcast(types::F64X2, MemFlagsData::new(), bits);
                    let two52 = float_splat(self, 4_503_599_627_370_496.0);
                    self.b.ins().fsub(x, two52)
                }
                (Type::Int, Type::Float) => self.b.ins().fcvt_from_sint(types::F64X2, a(0)),
                _ => a(0),
            },
            op => unreachable!("checked by loop_vector::plan: {op:?}"),
        }
    }

    /// `float(s) * c` or `float(s) / (1 / c)` for an int `s` in `0..2**52`
    /// and a power of two `c` (`s / 2147483648.0`): with `big = 2**52 * c`,
    /// whose unit in the last place is `c`, `s`'s bits under `big`'s
    /// exponent are `big + s * c` exactly, and subtracting `big` is exact
    /// (the operands are within a factor of two). Two operations instead of
    /// the conversion's two plus a multiply, and the same bits.
    fn scaled_small_int(
        &mut self,
        i: crate::ir::Inst,
        vmap: &HashMap<Value, cl::Value>,
        origin: &HashMap<Value, Value>,
        biased: &HashMap<Value, f64>,
    ) -> Option<cl::Value> {
        let (src, big) = self.scaled_conversion(i)?;
        // A biased induction variable already holds `big`'s bits.
        let with_exponent = if biased.get(&src) == Some(&big) {
            vmap[&src]
        } else if self.below_2_52(origin.get(&src).copied().unwrap_or(src)) {
            let bits = self.b.ins().iconst(types::I64, big.to_bits() as i64);
            let bits = self.b.ins().splat(types::I64X2, bits);
            self.b.ins().bor(vmap[&src], bits)
        } else {
            return None;
        };
        let x = self.b.ins().bitcast(types::F64X2, MemFlagsData::new(), with_exponent);
        let big = self.b.ins().f64const(big);
        let big = self.b.ins().splat(types::F64X2, big);
        Some(self.b.ins().fsub(x, big))
    }

    /// `float(src) * c` (or `/ (1/c)`) with `c` a positive power of two
    /// such that `big = 2**52 * c` is normal: `(src, big)`. For `src` in
    /// `0..2**52`, the float whose bits are `bits(big) | src` is `big + src * c`.
    fn scaled_conversion(&self, i: crate::ir::Inst) -> Option<(Value, f64)> {
        let f = self.f;
        let d = &f.insts[i];
        let converted = |v: Value| {
            f.def_inst(v).filter(|j| f.insts[*j].op == Op::Convert && f.ty(f.insts[*j].args[0]) == &Type::Int).map(|j| f.insts[j].args[0])
        };
        let (src, c) = match d.op {
            Op::Binary(BinaryOp::Mul) => [(d.args[0], d.args[1]), (d.args[1], d.args[0])]
                .into_iter()
                .find_map(|(x, k)| Some((converted(x)?, self.const_float(k)?)))?,
            Op::Binary(BinaryOp::Div) => {
                (converted(d.args[0])?, 1.0 / self.const_float(d.args[1]).filter(|k| exact_reciprocal(*k, DType::F64))?)
            }
            _ => return None,
        };
        let big = 4_503_599_627_370_496.0 * c;
        (c > 0.0 && normal_power_of_two(c) && big.is_normal()).then_some((src, big))
    }

    /// Affine values (rebuilt from induction variables, residues below
    /// 2**51) that the body reads only through conversions scaled by one
    /// power of two (`scaled_conversion`, same `big`), directly or through
    /// private slots that only this iteration's stores reach: such a
    /// value's induction variable can carry `big`'s exponent bits, which
    /// saves the `or` and the mask per use. Value (and each load reading
    /// it) -> `big`.
    fn biased_conversions(&self, stmts: &[Stmt], affine: &loop_affine::AffinePlan, kept: &HashSet<Slot>) -> HashMap<Value, f64> {
        let f = self.f;
        // Loads that read a store of this iteration, as the stored value.
        let mut alias: HashMap<Value, Value> = HashMap::new();
        let mut last_store: HashMap<Slot, Value> = HashMap::new();
        // Slots read before this iteration stores them (carried values).
        let mut carried: HashSet<Slot> = HashSet::new();
        let mut uses: HashMap<Value, Vec<crate::ir::Inst>> = HashMap::new();
        let mut stores: HashMap<Slot, Vec<Value>> = HashMap::new();
        for s in stmts {
            let Stmt::Inst(i) = s else { continue };
            if affine.skipped.contains(i) {
                continue;
            }
            let d = &f.insts[*i];
            let root = |v: Value| alias.get(&v).copied().unwrap_or(v);
            match d.op {
                Op::Store(sl) => {
                    let v = root(d.args[0]);
                    last_store.insert(sl, v);
                    stores.entry(sl).or_default().push(v);
                }
                Op::Load(sl) => match last_store.get(&sl) {
                    Some(v) => {
                        alias.insert(d.results[0], *v);
                    }
                    None => {
                        carried.insert(sl);
                    }
                },
                _ => {
                    for a in &d.args {
                        uses.entry(root(*a)).or_default().push(*i);
                    }
                }
            }
        }
        let root = |v: Value| alias.get(&v).copied().unwrap_or(v);
        let mut out: HashMap<Value, f64> = HashMap::new();
        for (v, c) in &affine.from_iv {
            if c.bits >= 52 {
                continue;
            }
            let mut big = None;
            let only_scaled = uses.get(v).is_some_and(|readers| {
                readers.iter().all(|j| {
                    let d = &f.insts[*j];
                    if d.op != Op::Convert || f.ty(d.results[0]) != &Type::Float {
                        return false;
                    }
                    uses.get(&d.results[0]).is_some_and(|rs| {
                        rs.iter().all(|k| match self.scaled_conversion(*k) {
                            Some((src, b)) if root(src) == *v && big.is_none_or(|x| x == b) => {
                                big = Some(b);
                                true
                            }
                            _ => false,
                        })
                    })
                })
            });
            if let (true, Some(b)) = (only_scaled, big) {
                out.insert(*v, b);
            }
        }
        // A slot may hold biased values only if it holds nothing else, is
        // never read before this iteration stores it, and is not read
        // after the loop.
        loop {
            let bad: Vec<Value> = stores
                .iter()
                .filter(|(sl, vs)| {
                    let first = out.get(&vs[0]).copied();
                    vs.iter().any(|v| out.contains_key(v))
                        && (kept.contains(*sl)
                            || carried.contains(*sl)
                            || vs.iter().any(|v| first.is_none() || out.get(v).copied() != first))
                })
                .flat_map(|(_, vs)| vs.iter().copied())
                .filter(|v| out.contains_key(v))
                .collect();
            if bad.is_empty() {
                break;
            }
            for v in bad {
                out.remove(&v);
            }
        }
        for (w, v) in &alias {
            if let Some(b) = out.get(v).copied() {
                out.insert(*w, b);
            }
        }
        out
    }

    /// Whether int `v` is known to lie in `0..2**52`: a mask by such a
    /// constant, a remainder by a power of two up to it, or such a constant.
    fn below_2_52(&self, v: Value) -> bool {
        const LIMIT: i64 = 1 << 52;
        let f = self.f;
        let Some(i) = f.def_inst(v) else { return false };
        let d = &f.insts[i];
        match &d.op {
            Op::Const(Const::Int(c)) => (0..LIMIT).contains(c),
            Op::Binary(BinaryOp::BitAnd) => d.args.iter().any(|a| self.const_int(*a).is_some_and(|c| (0..LIMIT).contains(&c))),
            Op::Binary(BinaryOp::Mod) => pow2_const(f, d.args[1]).is_some_and(|c| c <= LIMIT),
            _ => false,
        }
    }
}

/// Slots loaded anywhere in `f` outside block `body` and its nested blocks.
fn slots_read_outside(f: &crate::ir::Function, body: Block) -> HashSet<Slot> {
    let mut inside = HashSet::new();
    let mut stack = vec![body];
    while let Some(b) = stack.pop() {
        inside.insert(b);
        for s in &f.blocks[b].stmts {
            stack.extend(s.child_blocks());
        }
    }
    let mut out = HashSet::new();
    for b in f.blocks_preorder() {
        if inside.contains(&b) {
            continue;
        }
        for s in &f.blocks[b].stmts {
            if let Stmt::Inst(i) = s {
                if let Op::Load(sl) = f.insts[*i].op {
                    out.insert(sl);
                }
            }
        }
    }
    out
}
