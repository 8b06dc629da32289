//! Scalar arithmetic with exact Python and NumPy semantics.
//!
//! The IR's types select the semantics: operations typed with Python scalars
//! (`int`, `float`, `bool`) follow CPython (`//` and `%` take the divisor's
//! sign, division by zero raises `ZeroDivisionError`, float overflow in `**`
//! raises `OverflowError`); operations typed with NumPy scalars follow NumPy
//! (integer division by zero gives 0, float division gives inf or nan).
//! Integers wrap at their width in both cases (a documented difference from
//! Python's unbounded ints).

use cranelift_codegen::ir::{self as cl, condcodes::FloatCC, condcodes::IntCC, types, InstBuilder};

use super::clif::FunctionCx;
use crate::abi::exc;
use crate::ir::{BinaryOp, CmpOp, UnaryOp, Value};
use crate::optable::{self, FloatImpl, FloatPred, IntFn, LogicalOp, Lower, MathCheck, OpId, Round, UfuncRound, UfuncScalar};
use crate::types::{DType, Type};

/// The element type of a scalar type and whether it has Python semantics.
fn scalar_kind(ty: &Type) -> (DType, bool) {
    match ty {
        Type::Scalar(d) => (*d, false),
        other => (other.scalar_dtype().unwrap_or(DType::I64), true),
    }
}

const OVERFLOW_MSG: &str = "(34, 'Numerical result out of range')";

impl FunctionCx<'_, '_> {
    pub fn unary(&mut self, op: UnaryOp, a: Value, ty: &Type) -> cl::Value {
        let x = self.val(a);
        let (d, _) = scalar_kind(ty);
        match op {
            UnaryOp::Pos => x,
            UnaryOp::Not => self.b.ins().bxor_imm_s(x, 1),
            UnaryOp::Neg if d.is_float() => self.b.ins().fneg(x),
            UnaryOp::Neg => self.b.ins().ineg(x),
            // `~` of a bool is logical not (NumPy, and Python's int rule never reaches here).
            UnaryOp::Invert if d == DType::Bool => self.b.ins().bxor_imm_s(x, 1),
            UnaryOp::Invert => self.b.ins().bnot(x),
        }
    }

    pub fn binary(&mut self, op: BinaryOp, a: Value, b: Value, ty: &Type) -> cl::Value {
        let (d, python) = scalar_kind(ty);
        if d.is_float() {
            self.float_binary(op, a, b, d, python)
        } else {
            self.int_binary(op, a, b, d, python)
        }
    }

    fn float_binary(&mut self, op: BinaryOp, a: Value, b: Value, d: DType, python: bool) -> cl::Value {
        let (x, y) = (self.val(a), self.val(b));
        let divisor_nonzero = self.const_float(b).is_some_and(|c| c != 0.0);
        let zero_check = |fx: &mut Self, msg: &str| {
            if python && !divisor_nonzero {
                let is_zero = fx.is_fzero(y);
                fx.raise_if(is_zero, exc::ZERO_DIVISION_ERROR, msg);
            }
        };
        match op {
            BinaryOp::Add => self.b.ins().fadd(x, y),
            BinaryOp::Sub => self.b.ins().fsub(x, y),
            BinaryOp::Mul => self.b.ins().fmul(x, y),
            BinaryOp::Div => {
                // x / 2**k is exactly x * 2**-k (both correctly rounded, and
                // the reciprocal of a power of two is exact when it is normal).
                if let Some(c) = self.const_float(b).filter(|c| exact_reciprocal(*c, d)) {
                    let r = if d == DType::F32 { self.b.ins().f32const(1.0 / c as f32) } else { self.b.ins().f64const(1.0 / c) };
                    return self.b.ins().fmul(x, r);
                }
                zero_check(self, "float division by zero");
                self.b.ins().fdiv(x, y)
            }
            BinaryOp::FloorDiv | BinaryOp::Mod => {
                let floordiv = op == BinaryOp::FloorDiv;
                zero_check(self, if floordiv { "float floor division by zero" } else { "float modulo" });
                let name = if floordiv { "kiln_float_floordiv" } else { "kiln_float_mod" };
                let (xw, yw) = (self.widen_f(x, d), self.widen_f(y, d));
                let r = self.call_rt(name, &[xw, yw])[0];
                let r = if python || divisor_nonzero {
                    r
                } else {
                    // NumPy: a zero divisor gives x / 0 for `//` and NaN for `%`.
                    let is_zero = self.is_fzero(yw);
                    let alt = if floordiv { self.b.ins().fdiv(xw, yw) } else { self.b.ins().f64const(f64::NAN) };
                    self.b.ins().select(is_zero, alt, r)
                };
                self.narrow_f(r, d)
            }
            BinaryOp::Pow => {
                if self.const_float(b) == Some(2.0) {
                    let r = self.b.ins().fmul(x, x);
                    if python {
                        self.check_float_overflow(r, &[x], exc::OVERFLOW_ERROR, OVERFLOW_MSG);
                    }
                    return r;
                }
                if python {
                    let r = self.call_rt("kiln_float_pow", &[x, y])[0];
                    let kind = self.call_rt("kiln_err_kind", &[])[0];
                    let failed = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, kind, 0);
                    self.fail_if(failed, |_| {});
                    r
                } else {
                    let (xw, yw) = (self.widen_f(x, d), self.widen_f(y, d));
                    let r = self.call_libm("pow", &[xw, yw]);
                    self.narrow_f(r, d)
                }
            }
            BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor | BinaryOp::Shl | BinaryOp::Shr => {
                unreachable!("the front end rejects bitwise operations on floats")
            }
        }
    }

    fn is_fzero(&mut self, x: cl::Value) -> cl::Value {
        let t = self.b.func.dfg.value_type(x);
        let z = if t == types::F32 { self.b.ins().f32const(0.0) } else { self.b.ins().f64const(0.0) };
        self.b.ins().fcmp(FloatCC::Equal, x, z)
    }

    fn widen_f(&mut self, x: cl::Value, d: DType) -> cl::Value {
        if d == DType::F32 {
            self.b.ins().fpromote(types::F64, x)
        } else {
            x
        }
    }

    fn narrow_f(&mut self, x: cl::Value, d: DType) -> cl::Value {
        if d == DType::F32 {
            self.b.ins().fdemote(types::F32, x)
        } else {
            x
        }
    }

    /// Raises when `r` is infinite although every input is finite.
    fn check_float_overflow(&mut self, r: cl::Value, inputs: &[cl::Value], kind: i32, msg: &str) {
        let inf = self.b.ins().f64const(f64::INFINITY);
        let ar = self.b.ins().fabs(r);
        let mut cond = self.b.ins().fcmp(FloatCC::Equal, ar, inf);
        for x in inputs {
            let ax = self.b.ins().fabs(*x);
            let fin = self.b.ins().fcmp(FloatCC::LessThan, ax, inf);
            cond = self.b.ins().band(cond, fin);
        }
        self.raise_if(cond, kind, msg);
    }

    fn int_binary(&mut self, op: BinaryOp, a: Value, b: Value, d: DType, python: bool) -> cl::Value {
        let (x, y) = (self.val(a), self.val(b));
        let signed = d.is_signed();
        let ct = super::abi::dtype_clif(d);
        let divisor = self.const_int(b);
        match op {
            BinaryOp::Add if d == DType::Bool && !python => self.b.ins().bor(x, y),
            BinaryOp::Mul if d == DType::Bool && !python => self.b.ins().band(x, y),
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor => {
                self.wrapping_int_op(op, x, y).expect("one instruction")
            }
            BinaryOp::Shl | BinaryOp::Shr => {
                let bits = ct.bits() as i64;
                if python && divisor.is_none_or(|c| c < 0) {
                    let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, y, 0);
                    self.raise_if(neg, exc::VALUE_ERROR, "negative shift count");
                }
                // Shifting by the width or more gives 0 (or -1 for a negative
                // number shifted right), never Cranelift's modular shift.
                let big = self.b.ins().icmp_imm_s(IntCC::UnsignedGreaterThanOrEqual, y, bits);
                let clamped_amt = self.b.ins().iconst(ct, bits - 1);
                let amt = self.b.ins().select(big, clamped_amt, y);
                if op == BinaryOp::Shl {
                    let r = self.b.ins().ishl(x, amt);
                    let z = self.b.ins().iconst(ct, 0);
                    self.b.ins().select(big, z, r)
                } else if signed {
                    self.b.ins().sshr(x, amt)
                } else {
                    let r = self.b.ins().ushr(x, amt);
                    let z = self.b.ins().iconst(ct, 0);
                    self.b.ins().select(big, z, r)
                }
            }
            BinaryOp::FloorDiv | BinaryOp::Mod => {
                let magic = if d == DType::I64 { self.div_magic.get(&b).copied() } else { None };
                self.int_divmod(op, (x, y), d, python, divisor, magic)
            }
            BinaryOp::Pow => self.int_pow(x, y, d, python, divisor),
            BinaryOp::Div => unreachable!("true division is done in floats"),
        }
    }

    /// The integer operations that are one wrapping Cranelift instruction,
    /// on scalars or SIMD lanes alike (`back/loop_simd.rs`); `None` for others.
    pub(super) fn wrapping_int_op(&mut self, op: BinaryOp, x: cl::Value, y: cl::Value) -> Option<cl::Value> {
        Some(match op {
            BinaryOp::Add => self.b.ins().iadd(x, y),
            BinaryOp::Sub => self.b.ins().isub(x, y),
            BinaryOp::Mul => self.b.ins().imul(x, y),
            BinaryOp::BitAnd => self.b.ins().band(x, y),
            BinaryOp::BitOr => self.b.ins().bor(x, y),
            BinaryOp::BitXor => self.b.ins().bxor(x, y),
            _ => return None,
        })
    }

    /// Before the loop `s` (a `For` or `While`): the `[M, A, s, fix]` of every
    /// int64 divisor of a `//` or `%` inside it (nested loops included) that
    /// is computed before the loop and is not a constant (Cranelift divides
    /// by constants itself), so that each division in the loop is a
    /// multiplication (`hist_prefix`'s `v % nbins`, 1 thread, in the bench:
    /// 3.27 -> 2.13 ms, with Numba at 2.17 and Pythran at 2.98).
    /// Returns the divisors added, to forget after the loop: the values are
    /// only known to be computed on the way into it.
    pub(super) fn prepare_div_magic(&mut self, s: &crate::ir::Stmt) -> Vec<Value> {
        use crate::ir::{Op, Stmt};
        let f = self.f;
        let mut blocks = s.child_blocks();
        let mut inside: std::collections::HashSet<Value> = std::collections::HashSet::new();
        let mut divisors = Vec::new();
        if let Stmt::For { index, .. } = s {
            inside.insert(*index);
        }
        while let Some(b) = blocks.pop() {
            for st in &f.blocks[b].stmts {
                blocks.extend(st.child_blocks());
                match st {
                    Stmt::For { index, .. } => {
                        inside.insert(*index);
                    }
                    Stmt::Inst(i) => {
                        let d = &f.insts[*i];
                        inside.extend(d.results.iter().copied());
                        let int64 = |v: Value| matches!(f.ty(v), Type::Int | Type::Scalar(DType::I64));
                        if matches!(d.op, Op::Binary(BinaryOp::FloorDiv | BinaryOp::Mod))
                            && int64(d.results[0])
                            && int64(d.args[1])
                            && self.const_int(d.args[1]).is_none()
                        {
                            divisors.push(d.args[1]);
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut added = Vec::new();
        for v in divisors {
            if inside.contains(&v) || self.div_magic.contains_key(&v) || self.vals[v].len() != 1 {
                continue;
            }
            let slot = self.b.create_sized_stack_slot(cl::StackSlotData::new(cl::StackSlotKind::ExplicitSlot, 32, 3));
            let p = self.b.ins().stack_addr(types::I64, slot, 0);
            let dv = self.val(v);
            self.call_rt("kiln_sdiv_magic", &[dv, p]);
            let magic = [0, 8, 16, 24].map(|o| self.b.ins().load(types::I64, cranelift_codegen::ir::MemFlagsData::trusted(), p, o));
            self.div_magic.insert(v, magic);
            added.push(v);
        }
        added
    }

    pub(super) fn forget_div_magic(&mut self, added: Vec<Value>) {
        for v in added {
            self.div_magic.remove(&v);
        }
    }

    /// Floor division and modulo with the divisor's sign. `magic` is the
    /// divisor's `[M, A, s, fix]` (`runtime/src/divmagic.rs`) when a loop
    /// computed it: a multiplication then replaces the `idiv`.
    fn int_divmod(
        &mut self,
        op: BinaryOp,
        (x, y): (cl::Value, cl::Value),
        d: DType,
        python: bool,
        divisor: Option<i64>,
        magic: Option<[cl::Value; 4]>,
    ) -> cl::Value {
        let ct = super::abi::dtype_clif(d);
        let floordiv = op == BinaryOp::FloorDiv;
        // Positive power-of-two divisors: a shift or a mask is exactly the floor result.
        if let Some(c) = divisor {
            if c > 0 && (c as u64).is_power_of_two() && (d == DType::I64 || !python) {
                let k = c.trailing_zeros() as i64;
                return if floordiv {
                    if d.is_signed() {
                        self.b.ins().sshr_imm_s(x, k)
                    } else {
                        self.b.ins().ushr_imm_s(x, k)
                    }
                } else {
                    self.b.ins().band_imm_s(x, c - 1)
                };
            }
        }
        let zero = self.b.ins().iconst(ct, 0);
        let is_zero = self.b.ins().icmp_imm_s(IntCC::Equal, y, 0);
        if divisor.is_none_or(|c| c == 0) && python {
            let msg = if floordiv { "integer division or modulo by zero" } else { "integer modulo by zero" };
            self.raise_if(is_zero, exc::ZERO_DIVISION_ERROR, msg);
        }
        if !d.is_signed() {
            // Unsigned: divide by 1 where the divisor is 0, then select 0 (NumPy).
            let one = self.b.ins().iconst(ct, 1);
            let safe = self.b.ins().select(is_zero, one, y);
            let r = if floordiv { self.b.ins().udiv(x, safe) } else { self.b.ins().urem(x, safe) };
            return self.b.ins().select(is_zero, zero, r);
        }
        // Signed: avoid the two trapping cases (divisor 0, and MIN / -1).
        let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
        let bad = self.b.ins().bor(is_zero, minus_one);
        let one = self.b.ins().iconst(ct, 1);
        let safe = self.b.ins().select(bad, one, y);
        // The truncated quotient and remainder (garbage for a divisor of 0
        // or -1, whose results are selected below).
        let (q, r) = match magic {
            Some([m, add, shift, fix]) => {
                let high = self.b.ins().smulhi(x, m);
                let plus = self.b.ins().imul(add, x);
                let q = self.b.ins().iadd(high, plus);
                let q = self.b.ins().sshr(q, shift);
                let sign = self.b.ins().ushr_imm_s(q, 63);
                let sign = self.b.ins().band(sign, fix);
                let q = self.b.ins().iadd(q, sign);
                let qy = self.b.ins().imul(q, y);
                (q, self.b.ins().isub(x, qy))
            }
            None if floordiv => (self.b.ins().sdiv(x, safe), self.b.ins().srem(x, safe)),
            None => (zero, self.b.ins().srem(x, safe)),
        };
        if floordiv {
            // Round toward negative infinity: q - 1 when the remainder is
            // nonzero and its sign differs from the divisor's.
            let rnz = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
            let xor = self.b.ins().bxor(r, safe);
            let diff = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, xor, 0);
            let adj = self.b.ins().band(rnz, diff);
            let adj = if ct == types::I8 { adj } else { self.b.ins().uextend(ct, adj) };
            let q = self.b.ins().isub(q, adj);
            let negx = self.b.ins().ineg(x);
            let q = self.b.ins().select(minus_one, negx, q);
            self.b.ins().select(is_zero, zero, q)
        } else {
            let rnz = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
            let xor = self.b.ins().bxor(r, safe);
            let diff = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, xor, 0);
            let adj = self.b.ins().band(rnz, diff);
            let plus = self.b.ins().iadd(r, safe);
            let r = self.b.ins().select(adj, plus, r);
            self.b.ins().select(bad, zero, r)
        }
    }

    fn int_pow(&mut self, x: cl::Value, y: cl::Value, d: DType, python: bool, exponent: Option<i64>) -> cl::Value {
        let ct = super::abi::dtype_clif(d);
        if let Some(e) = exponent.filter(|e| (0..=4).contains(e)) {
            let mut r = self.b.ins().iconst(ct, 1);
            for _ in 0..e {
                r = self.b.ins().imul(r, x);
            }
            return r;
        }
        if exponent.is_none_or(|e| e < 0) && d.is_signed() {
            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, y, 0);
            let msg = if python {
                "kiln: an int raised to a negative int power is a float in Python; write float(x) ** n"
            } else {
                "Integers to negative integer powers are not allowed."
            };
            self.raise_if(neg, exc::VALUE_ERROR, msg);
        }
        let (xw, yw) = (self.int_to_i64(x, d), self.int_to_i64(y, d));
        let r = self.call_rt("kiln_int_pow", &[xw, yw])[0];
        if ct == types::I64 {
            r
        } else {
            self.b.ins().ireduce(ct, r)
        }
    }

    fn int_to_i64(&mut self, x: cl::Value, d: DType) -> cl::Value {
        let ct = super::abi::dtype_clif(d);
        if ct == types::I64 {
            x
        } else if d.is_signed() {
            self.b.ins().sextend(types::I64, x)
        } else {
            self.b.ins().uextend(types::I64, x)
        }
    }

    pub fn compare(&mut self, op: CmpOp, a: Value, b: Value, _rty: &Type) -> cl::Value {
        let (x, y) = (self.val(a), self.val(b));
        match (self.f.ty(a), self.f.ty(b)) {
            (Type::Int, Type::Float) => return self.int_float_compare(op, x, y, false),
            (Type::Float, Type::Int) => return self.int_float_compare(op, y, x, true),
            _ => {}
        }
        let (d, _) = scalar_kind(self.f.ty(a));
        if d.is_float() {
            self.b.ins().fcmp(float_cc(op), x, y)
        } else {
            self.b.ins().icmp(int_cc(op, d.is_signed()), x, y)
        }
    }

    /// `i op f` (or `f op i` when `swapped`) compared exactly, as CPython does:
    /// the float's integer part is compared as an integer and its fraction
    /// breaks ties, so 2**53 + 1 > 2.0**53.
    fn int_float_compare(&mut self, op: CmpOp, i: cl::Value, f: cl::Value, swapped: bool) -> cl::Value {
        let two63 = self.b.ins().f64const(9.223_372_036_854_776e18);
        let neg_two63 = self.b.ins().fneg(two63);
        let t = self.b.ins().trunc(f);
        let ti = self.b.ins().fcvt_to_sint_sat(types::I64, t);
        let frac = self.b.ins().fsub(f, t);
        let zero = self.b.ins().f64const(0.0);
        // Three-way order of i against f: -1, 0 or 1.
        let lt_i = self.b.ins().icmp(IntCC::SignedLessThan, i, ti);
        let gt_i = self.b.ins().icmp(IntCC::SignedGreaterThan, i, ti);
        let frac_pos = self.b.ins().fcmp(FloatCC::GreaterThan, frac, zero);
        let frac_neg = self.b.ins().fcmp(FloatCC::LessThan, frac, zero);
        let m1 = self.b.ins().iconst(types::I64, -1);
        let p1 = self.b.ins().iconst(types::I64, 1);
        let z = self.b.ins().iconst(types::I64, 0);
        let tie = self.b.ins().select(frac_neg, p1, z);
        let tie = self.b.ins().select(frac_pos, m1, tie);
        let ord = self.b.ins().select(gt_i, p1, tie);
        let ord = self.b.ins().select(lt_i, m1, ord);
        let big = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, f, two63);
        let small = self.b.ins().fcmp(FloatCC::LessThan, f, neg_two63);
        let ord = self.b.ins().select(small, p1, ord);
        let ord = self.b.ins().select(big, m1, ord);
        let ord = if swapped { self.b.ins().ineg(ord) } else { ord };
        let cc = match op {
            CmpOp::Lt => IntCC::SignedLessThan,
            CmpOp::Le => IntCC::SignedLessThanOrEqual,
            CmpOp::Gt => IntCC::SignedGreaterThan,
            CmpOp::Ge => IntCC::SignedGreaterThanOrEqual,
            CmpOp::Eq => IntCC::Equal,
            CmpOp::Ne => IntCC::NotEqual,
        };
        let r = self.b.ins().icmp_imm_s(cc, ord, 0);
        // Any comparison with NaN is false, except `!=`.
        let nan = self.b.ins().fcmp(FloatCC::Unordered, f, f);
        let nan_result = self.b.ins().iconst(types::I8, i64::from(op == CmpOp::Ne));
        self.b.ins().select(nan, nan_result, r)
    }

    pub fn truth(&mut self, a: Value) -> cl::Value {
        if *self.f.ty(a) == Type::Complex {
            return self.complex_truth(a);
        }
        if super::npcomplex::np_complex(self.f.ty(a)).is_some() {
            return self.npc_truth(a);
        }
        let x = self.val(a);
        let (d, _) = scalar_kind(self.f.ty(a));
        if d.is_float() {
            let z = if d == DType::F32 { self.b.ins().f32const(0.0) } else { self.b.ins().f64const(0.0) };
            self.b.ins().fcmp(FloatCC::NotEqual, x, z)
        } else {
            self.b.ins().icmp_imm_s(IntCC::NotEqual, x, 0)
        }
    }

    /// `Op::Convert`: Python conversions to Python scalars (with `int()`'s
    /// checks), NumPy casts to NumPy scalars, layout changes for arrays.
    pub fn convert(&mut self, a: Value, to: &Type) -> Vec<cl::Value> {
        let from = self.f.ty(a).clone();
        if from.as_array().is_some() || from == *to {
            return self.vals[a].clone();
        }
        if let Some(parts) = self.npc_convert(a, &from, to) {
            if !(from.is_python_scalar() && *to == Type::Complex) {
                return parts;
            }
        }
        if *to == Type::Complex {
            return self.to_complex(a);
        }
        if from == Type::Complex && *to == Type::Bool {
            return vec![self.complex_truth(a)];
        }
        let x = self.val(a);
        let (fd, _) = scalar_kind(&from);
        let (td, tpython) = scalar_kind(to);
        if td == DType::Bool {
            return vec![if fd == DType::Bool { x } else { self.truth(a) }];
        }
        if fd.is_float() && td.is_int() && tpython {
            // int(float): NaN and infinities raise, as in CPython.
            let xw = self.widen_f(x, fd);
            let isnan = self.b.ins().fcmp(FloatCC::Unordered, xw, xw);
            self.raise_if(isnan, exc::VALUE_ERROR, "cannot convert float NaN to integer");
            let inf = self.b.ins().f64const(f64::INFINITY);
            let ax = self.b.ins().fabs(xw);
            let isinf = self.b.ins().fcmp(FloatCC::Equal, ax, inf);
            self.raise_if(isinf, exc::OVERFLOW_ERROR, "cannot convert float infinity to integer");
            return vec![self.b.ins().fcvt_to_sint_sat(types::I64, xw)];
        }
        vec![self.cast_scalar(x, fd, td)]
    }

    /// A C-style cast between element types (NumPy's `astype` semantics).
    pub fn cast_scalar(&mut self, x: cl::Value, from: DType, to: DType) -> cl::Value {
        let (ft, tt) = (super::abi::dtype_clif(from), super::abi::dtype_clif(to));
        if to == DType::Bool {
            return if from.is_float() {
                let z = if ft == types::F32 { self.b.ins().f32const(0.0) } else { self.b.ins().f64const(0.0) };
                self.b.ins().fcmp(FloatCC::NotEqual, x, z)
            } else {
                self.b.ins().icmp_imm_s(IntCC::NotEqual, x, 0)
            };
        }
        match (from.is_float(), to.is_float()) {
            (true, true) => {
                if ft == tt {
                    x
                } else if tt == types::F64 {
                    self.b.ins().fpromote(types::F64, x)
                } else {
                    self.b.ins().fdemote(types::F32, x)
                }
            }
            (false, true) => {
                if from.is_signed() {
                    self.b.ins().fcvt_from_sint(tt, x)
                } else {
                    self.b.ins().fcvt_from_uint(tt, x)
                }
            }
            (true, false) => {
                if to == DType::U64 {
                    self.b.ins().fcvt_to_uint_sat(types::I64, x)
                } else {
                    let w = self.b.ins().fcvt_to_sint_sat(types::I64, x);
                    if tt == types::I64 {
                        w
                    } else {
                        self.b.ins().ireduce(tt, w)
                    }
                }
            }
            (false, false) => {
                if ft.bits() == tt.bits() {
                    x
                } else if ft.bits() > tt.bits() {
                    self.b.ins().ireduce(tt, x)
                } else if from.is_signed() {
                    self.b.ins().sextend(tt, x)
                } else {
                    self.b.ins().uextend(tt, x)
                }
            }
        }
    }

    /// The unchecked square root `first`, at statement `k` of block `blk`,
    /// computed in one vector instruction with the unchecked root right after
    /// it (placed there by `pair-roots`), whose result is kept for when its
    /// statement comes; `None` when no such root follows or its argument is
    /// `first`'s result. In verified IR the second argument is otherwise
    /// computed before `k`, so both are ready here.
    pub fn root_pair(&mut self, first: crate::ir::Inst, blk: crate::ir::Block, k: usize) -> Option<cl::Value> {
        use crate::middle::opt::pair_roots::is_unchecked_root;
        let f = self.f;
        let second = match f.blocks[blk].stmts.get(k + 1) {
            Some(crate::ir::Stmt::Inst(second)) if is_unchecked_root(f, first) && is_unchecked_root(f, *second) => *second,
            _ => return None,
        };
        let (a, b) = (f.insts[first].args[0], f.insts[second].args[0]);
        if f.insts[first].results.contains(&b) {
            return None;
        }
        let (xa, xb) = (self.val(a), self.val(b));
        let lane_ty = self.b.func.dfg.value_type(xa);
        if lane_ty != self.b.func.dfg.value_type(xb) {
            return None;
        }
        let vector_ty = if lane_ty == types::F32 { types::F32X4 } else { types::F64X2 };
        let v = self.b.ins().scalar_to_vector(vector_ty, xa);
        let v = self.b.ins().insertlane(v, xb, 1);
        let roots = self.b.ins().sqrt(v);
        let second_root = self.b.ins().extractlane(roots, 1);
        self.paired_roots.insert(second, second_root);
        Some(self.b.ins().extractlane(roots, 0))
    }

    /// `Op::Builtin` on scalars.
    pub fn builtin(&mut self, id: OpId, args: &[Value], rty: &Type) -> Vec<cl::Value> {
        let def = optable::get(id);
        let complex_arg = args.first().is_some_and(|a| *self.f.ty(*a) == Type::Complex);
        if let Some(d) = args.first().and_then(|a| super::npcomplex::np_complex(self.f.ty(*a))) {
            match def.lower {
                Lower::Ufunc { scalar, .. } => return self.npc_ufunc(scalar, args, d),
                Lower::Abs => return self.npc_builtin_abs(args[0]),
                _ => {}
            }
        }
        match def.lower {
            Lower::ToComplex | Lower::ComplexPart(_) | Lower::Conjugate | Lower::Cmath(_) => return self.complex_builtin(def.lower, args),
            Lower::Abs if complex_arg => return self.complex_builtin(def.lower, args),
            _ => {}
        }
        let xs: Vec<cl::Value> = args.iter().map(|a| self.val(*a)).collect();
        let r = match def.lower {
            Lower::FloatFn { imp, check, .. } => {
                let r = match imp {
                    FloatImpl::Libm(sym) => self.call_libm(sym, &xs),
                    FloatImpl::Sqrt => self.b.ins().sqrt(xs[0]),
                    FloatImpl::Fabs => self.b.ins().fabs(xs[0]),
                    FloatImpl::Copysign => self.b.ins().fcopysign(xs[0], xs[1]),
                    FloatImpl::Scale(bits) => {
                        let c = self.b.ins().f64const(f64::from_bits(bits));
                        self.b.ins().fmul(xs[0], c)
                    }
                };
                if imp == FloatImpl::Sqrt && check != MathCheck::None {
                    // sqrt is NaN exactly for a NaN or negative argument
                    // (sqrt(-0.0) is -0.0) and finite for a finite one, so
                    // CPython's two checks (NaN from non-NaN, infinity from
                    // finite) reduce to one compare.
                    let t = self.b.func.dfg.value_type(xs[0]);
                    let z = if t == types::F32 { self.b.ins().f32const(0.0) } else { self.b.ins().f64const(0.0) };
                    let neg = self.b.ins().fcmp(FloatCC::LessThan, xs[0], z);
                    self.raise_if(neg, exc::VALUE_ERROR, "math domain error");
                } else {
                    self.math_check(check, r, &xs);
                }
                r
            }
            Lower::FloatToInt(round) => {
                let x = xs[0];
                let r = match round {
                    Round::Floor => self.b.ins().floor(x),
                    Round::Ceil => self.b.ins().ceil(x),
                    Round::Trunc => self.b.ins().trunc(x),
                    Round::HalfEven => self.b.ins().nearest(x),
                };
                let isnan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
                self.raise_if(isnan, exc::VALUE_ERROR, "cannot convert float NaN to integer");
                let inf = self.b.ins().f64const(f64::INFINITY);
                let ax = self.b.ins().fabs(x);
                let isinf = self.b.ins().fcmp(FloatCC::Equal, ax, inf);
                self.raise_if(isinf, exc::OVERFLOW_ERROR, "cannot convert float infinity to integer");
                self.b.ins().fcvt_to_sint_sat(types::I64, r)
            }
            Lower::FloatPred(p) => {
                let x = xs[0];
                let inf = self.b.ins().f64const(f64::INFINITY);
                let ax = self.b.ins().fabs(x);
                match p {
                    FloatPred::IsNan => self.b.ins().fcmp(FloatCC::Unordered, x, x),
                    FloatPred::IsInf => self.b.ins().fcmp(FloatCC::Equal, ax, inf),
                    FloatPred::IsFinite => self.b.ins().fcmp(FloatCC::LessThan, ax, inf),
                }
            }
            Lower::IntFn(IntFn::Gcd) => self.gcd(xs[0], xs[1]),
            Lower::IntFn(IntFn::Factorial) => self.factorial(xs[0]),
            Lower::Abs => {
                let (d, _) = scalar_kind(rty);
                let x = xs[0];
                if d.is_float() {
                    self.b.ins().fabs(x)
                } else if d.is_signed() {
                    let neg = self.b.ins().ineg(x);
                    let lt = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
                    self.b.ins().select(lt, neg, x)
                } else {
                    x
                }
            }
            Lower::Min | Lower::Max => {
                // Python: min(a, b) is b only when b < a (so NaN handling
                // follows the argument order), max(a, b) is b only when b > a.
                let op = if def.lower == Lower::Min { CmpOp::Lt } else { CmpOp::Gt };
                let c = self.compare(op, args[1], args[0], &Type::Bool);
                self.b.ins().select(c, xs[1], xs[0])
            }
            Lower::Ufunc { scalar, .. } => self.ufunc_scalar(scalar, &xs, rty),
            other => unreachable!("{other:?} is lowered by the front end"),
        };
        vec![r]
    }

    /// A C math function for float32 (`sinf`) or float64 (`sin`).
    fn libm_for(&mut self, sym: &str, xs: &[cl::Value], d: DType) -> cl::Value {
        if d == DType::F32 {
            let name = format!("{sym}f");
            let n = xs.len();
            let r = self.func_ref(&name, || Ok(super::abi::libm_signature_f32(n)));
            let call = self.b.ins().call(r, xs);
            self.b.inst_results(call)[0]
        } else {
            self.call_libm(sym, xs)
        }
    }

    fn fconst(&mut self, d: DType, v: f64) -> cl::Value {
        if d == DType::F32 {
            self.b.ins().f32const(v as f32)
        } else {
            self.b.ins().f64const(v)
        }
    }

    /// The scalar form of a NumPy ufunc, with NumPy's semantics (no exceptions).
    fn ufunc_scalar(&mut self, scalar: UfuncScalar, xs: &[cl::Value], rty: &Type) -> cl::Value {
        let (d, _) = scalar_kind(rty);
        let arg_d = |fx: &Self, x: cl::Value| -> bool { fx.b.func.dfg.value_type(x).is_float() };
        match scalar {
            UfuncScalar::Float(imp) => match imp {
                FloatImpl::Libm(sym) => self.libm_for(sym, xs, d),
                FloatImpl::Sqrt => self.b.ins().sqrt(xs[0]),
                FloatImpl::Fabs => self.b.ins().fabs(xs[0]),
                FloatImpl::Copysign => self.b.ins().fcopysign(xs[0], xs[1]),
                FloatImpl::Scale(bits) => {
                    let c = self.fconst(d, f64::from_bits(bits));
                    self.b.ins().fmul(xs[0], c)
                }
            },
            UfuncScalar::Round(r) => {
                let x = xs[0];
                if !arg_d(self, x) {
                    return x;
                }
                match r {
                    UfuncRound::Floor => self.b.ins().floor(x),
                    UfuncRound::Ceil => self.b.ins().ceil(x),
                    UfuncRound::Trunc | UfuncRound::Fix => self.b.ins().trunc(x),
                    UfuncRound::Rint => self.b.ins().nearest(x),
                }
            }
            UfuncScalar::Pred(p) => {
                let x = xs[0];
                if !arg_d(self, x) {
                    return self.b.ins().iconst(types::I8, i64::from(p == FloatPred::IsFinite));
                }
                let xd = if self.b.func.dfg.value_type(x) == types::F32 { DType::F32 } else { DType::F64 };
                let inf = self.fconst(xd, f64::INFINITY);
                let ax = self.b.ins().fabs(x);
                match p {
                    FloatPred::IsNan => self.b.ins().fcmp(FloatCC::Unordered, x, x),
                    FloatPred::IsInf => self.b.ins().fcmp(FloatCC::Equal, ax, inf),
                    FloatPred::IsFinite => self.b.ins().fcmp(FloatCC::LessThan, ax, inf),
                }
            }
            UfuncScalar::MinMax { max, nan_propagates } => {
                let (a, b) = (xs[0], xs[1]);
                if !d.is_float() {
                    let cc = match (max, d.is_signed()) {
                        (true, true) => IntCC::SignedGreaterThan,
                        (true, false) => IntCC::UnsignedGreaterThan,
                        (false, true) => IntCC::SignedLessThan,
                        (false, false) => IntCC::UnsignedLessThan,
                    };
                    let c = self.b.ins().icmp(cc, a, b);
                    return self.b.ins().select(c, a, b);
                }
                // NumPy's array loops keep the second operand when the two
                // compare equal, so signed zeros follow it.
                let cc = if max { FloatCC::GreaterThan } else { FloatCC::LessThan };
                let c = self.b.ins().fcmp(cc, a, b);
                let r = self.b.ins().select(c, a, b);
                let an = self.b.ins().fcmp(FloatCC::Unordered, a, a);
                let bn = self.b.ins().fcmp(FloatCC::Unordered, b, b);
                if nan_propagates {
                    let r = self.b.ins().select(bn, b, r);
                    self.b.ins().select(an, a, r)
                } else {
                    let r = self.b.ins().select(bn, a, r);
                    self.b.ins().select(an, b, r)
                }
            }
            UfuncScalar::Abs => {
                let x = xs[0];
                if d.is_float() {
                    self.b.ins().fabs(x)
                } else if d.is_signed() {
                    let n = self.b.ins().ineg(x);
                    let lt = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
                    self.b.ins().select(lt, n, x)
                } else {
                    x
                }
            }
            UfuncScalar::Sign => {
                let x = xs[0];
                if d.is_float() {
                    let z = self.fconst(d, 0.0);
                    let one = self.fconst(d, 1.0);
                    let m1 = self.fconst(d, -1.0);
                    let gt = self.b.ins().fcmp(FloatCC::GreaterThan, x, z);
                    let lt = self.b.ins().fcmp(FloatCC::LessThan, x, z);
                    // NaN stays NaN, either zero becomes +0.0.
                    let iszero = self.b.ins().fcmp(FloatCC::Equal, x, z);
                    let r = self.b.ins().select(iszero, z, x);
                    let r = self.b.ins().select(lt, m1, r);
                    self.b.ins().select(gt, one, r)
                } else {
                    let t = self.b.func.dfg.value_type(x);
                    let gt =
                        self.b.ins().icmp_imm_s(if d.is_signed() { IntCC::SignedGreaterThan } else { IntCC::UnsignedGreaterThan }, x, 0);
                    let lt = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
                    let lt = if d.is_signed() { lt } else { self.b.ins().iconst(types::I8, 0) };
                    let gt = if t == types::I8 { gt } else { self.b.ins().uextend(t, gt) };
                    let lt = if t == types::I8 { lt } else { self.b.ins().uextend(t, lt) };
                    self.b.ins().isub(gt, lt)
                }
            }
            UfuncScalar::Square => {
                if d.is_float() {
                    self.b.ins().fmul(xs[0], xs[0])
                } else if d == DType::Bool {
                    xs[0]
                } else {
                    self.b.ins().imul(xs[0], xs[0])
                }
            }
            UfuncScalar::Reciprocal => {
                let x = xs[0];
                if d.is_float() {
                    let one = self.fconst(d, 1.0);
                    self.b.ins().fdiv(one, x)
                } else if d == DType::Bool {
                    x
                } else {
                    // NumPy: 1 // x, with the minimum integer for 0.
                    let t = self.b.func.dfg.value_type(x);
                    let one = self.b.ins().iconst(t, 1);
                    let zero = self.b.ins().iconst(t, 0);
                    // x86 gives the minimum for 32- and 64-bit signed zero divisors, 0 otherwise (as NumPy shows).
                    let min = self.b.ins().iconst(t, if d.is_signed() && t.bits() >= 32 { i64::MIN >> (64 - t.bits()) } else { 0 });
                    let is1 = self.b.ins().icmp_imm_s(IntCC::Equal, x, 1);
                    let ism1 = self.b.ins().icmp_imm_s(IntCC::Equal, x, -1);
                    let is0 = self.b.ins().icmp_imm_s(IntCC::Equal, x, 0);
                    let r = self.b.ins().select(is0, min, zero);
                    let r = if d.is_signed() { self.b.ins().select(ism1, x, r) } else { r };
                    self.b.ins().select(is1, one, r)
                }
            }
            UfuncScalar::LogAddExp => {
                // NumPy's npy_logaddexp: stable for large arguments.
                let (a, b) = (xs[0], xs[1]);
                let eq = self.b.ins().fcmp(FloatCC::Equal, a, b);
                let ln2 = self.fconst(d, std::f64::consts::LN_2);
                let same = self.b.ins().fadd(a, ln2);
                let t = self.b.ins().fsub(a, b);
                let z = self.fconst(d, 0.0);
                let pos = self.b.ins().fcmp(FloatCC::GreaterThan, t, z);
                let le = self.b.ins().fcmp(FloatCC::LessThanOrEqual, t, z);
                let nt = self.b.ins().fneg(t);
                let e1 = self.libm_for("exp", &[nt], d);
                let l1 = self.libm_for("log1p", &[e1], d);
                let r1 = self.b.ins().fadd(a, l1);
                let e2 = self.libm_for("exp", &[t], d);
                let l2 = self.libm_for("log1p", &[e2], d);
                let r2 = self.b.ins().fadd(b, l2);
                let r = self.b.ins().select(le, r2, t);
                let r = self.b.ins().select(pos, r1, r);
                self.b.ins().select(eq, same, r)
            }
            UfuncScalar::Logical(op) => match op {
                LogicalOp::And => self.b.ins().band(xs[0], xs[1]),
                LogicalOp::Or => self.b.ins().bor(xs[0], xs[1]),
                LogicalOp::Xor => self.b.ins().bxor(xs[0], xs[1]),
            },
            UfuncScalar::LogicalNot => self.b.ins().bxor_imm_s(xs[0], 1),
            // Real inputs (complex ones go to `npc_ufunc`).
            UfuncScalar::Conj | UfuncScalar::Part(true) => xs[0],
            UfuncScalar::Part(false) => {
                if d.is_float() {
                    self.fconst(d, 0.0)
                } else {
                    self.b.ins().iconst(super::abi::dtype_clif(d), 0)
                }
            }
            UfuncScalar::Angle => {
                let z = self.fconst(d, 0.0);
                self.libm_for("atan2", &[z, xs[0]], d)
            }
        }
    }

    fn math_check(&mut self, check: MathCheck, r: cl::Value, xs: &[cl::Value]) {
        let (overflow_kind, zero_base_domain) = match check {
            MathCheck::None => return,
            MathCheck::Standard { overflow } => (if overflow { exc::OVERFLOW_ERROR } else { exc::VALUE_ERROR }, false),
            MathCheck::Pow => (exc::OVERFLOW_ERROR, true),
            MathCheck::Gamma => {
                // Poles: integers <= 0.
                let x = xs[0];
                let fl = self.b.ins().floor(x);
                let is_int = self.b.ins().fcmp(FloatCC::Equal, fl, x);
                let z = self.b.ins().f64const(0.0);
                let nonpos = self.b.ins().fcmp(FloatCC::LessThanOrEqual, x, z);
                let pole = self.b.ins().band(is_int, nonpos);
                self.raise_if(pole, exc::VALUE_ERROR, "math domain error");
                (exc::OVERFLOW_ERROR, false)
            }
        };
        // NaN from non-NaN inputs: a domain error.
        let rnan = self.b.ins().fcmp(FloatCC::Unordered, r, r);
        let mut any_nan = self.b.ins().iconst(types::I8, 0);
        for x in xs {
            let n = self.b.ins().fcmp(FloatCC::Unordered, *x, *x);
            any_nan = self.b.ins().bor(any_nan, n);
        }
        let no_nan = self.b.ins().bxor_imm_s(any_nan, 1);
        let domain = self.b.ins().band(rnan, no_nan);
        self.raise_if(domain, exc::VALUE_ERROR, "math domain error");
        // Infinity from finite inputs: a range error (or a domain error).
        if zero_base_domain {
            let inf = self.b.ins().f64const(f64::INFINITY);
            let ar = self.b.ins().fabs(r);
            let rinf = self.b.ins().fcmp(FloatCC::Equal, ar, inf);
            let z = self.b.ins().f64const(0.0);
            let base0 = self.b.ins().fcmp(FloatCC::Equal, xs[0], z);
            let mut all_finite = self.b.ins().iconst(types::I8, 1);
            for x in xs {
                let ax = self.b.ins().fabs(*x);
                let fin = self.b.ins().fcmp(FloatCC::LessThan, ax, inf);
                all_finite = self.b.ins().band(all_finite, fin);
            }
            let c = self.b.ins().band(rinf, all_finite);
            let dom = self.b.ins().band(c, base0);
            self.raise_if(dom, exc::VALUE_ERROR, "math domain error");
        }
        let msg = if overflow_kind == exc::OVERFLOW_ERROR { "math range error" } else { "math domain error" };
        self.check_float_overflow(r, xs, overflow_kind, msg);
    }

    fn gcd(&mut self, a: cl::Value, b: cl::Value) -> cl::Value {
        let abs = |fx: &mut Self, v: cl::Value| {
            let n = fx.b.ins().ineg(v);
            let lt = fx.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, 0);
            fx.b.ins().select(lt, n, v)
        };
        let (a, b) = (abs(self, a), abs(self, b));
        let va = self.b.declare_var(types::I64);
        let vb = self.b.declare_var(types::I64);
        self.b.def_var(va, a);
        self.b.def_var(vb, b);
        let (head, exit) = self.open_loop(|fx| fx.b.use_var(vb));
        let (ca, cb) = (self.b.use_var(va), self.b.use_var(vb));
        let r = self.b.ins().urem(ca, cb);
        self.b.def_var(va, cb);
        self.b.def_var(vb, r);
        self.close_loop(head, exit);
        self.b.use_var(va)
    }

    fn factorial(&mut self, n: cl::Value) -> cl::Value {
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, n, 0);
        self.raise_if(neg, exc::VALUE_ERROR, "factorial() not defined for negative values");
        let big = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, n, 20);
        self.raise_if(big, exc::OVERFLOW_ERROR, "kiln: factorial() result does not fit in 64 bits");
        let acc = self.b.declare_var(types::I64);
        let i = self.b.declare_var(types::I64);
        let one = self.b.ins().iconst(types::I64, 1);
        self.b.def_var(acc, one);
        self.b.def_var(i, one);
        let (head, exit) = self.open_loop(|fx| {
            let ci = fx.b.use_var(i);
            fx.b.ins().icmp(IntCC::SignedLessThanOrEqual, ci, n)
        });
        let (ca, ci) = (self.b.use_var(acc), self.b.use_var(i));
        let na = self.b.ins().imul(ca, ci);
        let ni = self.b.ins().iadd_imm_s(ci, 1);
        self.b.def_var(acc, na);
        self.b.def_var(i, ni);
        self.close_loop(head, exit);
        self.b.use_var(acc)
    }
}

/// Whether `1 / c` is exact in the operation's precision: `c` is a power of
/// two and both it and its reciprocal are normal numbers of that precision.
/// The Cranelift condition of a float comparison (false on NaN, except `!=`).
pub(super) fn float_cc(op: CmpOp) -> FloatCC {
    match op {
        CmpOp::Lt => FloatCC::LessThan,
        CmpOp::Le => FloatCC::LessThanOrEqual,
        CmpOp::Gt => FloatCC::GreaterThan,
        CmpOp::Ge => FloatCC::GreaterThanOrEqual,
        CmpOp::Eq => FloatCC::Equal,
        CmpOp::Ne => FloatCC::NotEqual,
    }
}

/// The Cranelift condition of an integer comparison.
pub(super) fn int_cc(op: CmpOp, signed: bool) -> IntCC {
    match (op, signed) {
        (CmpOp::Lt, true) => IntCC::SignedLessThan,
        (CmpOp::Le, true) => IntCC::SignedLessThanOrEqual,
        (CmpOp::Gt, true) => IntCC::SignedGreaterThan,
        (CmpOp::Ge, true) => IntCC::SignedGreaterThanOrEqual,
        (CmpOp::Lt, false) => IntCC::UnsignedLessThan,
        (CmpOp::Le, false) => IntCC::UnsignedLessThanOrEqual,
        (CmpOp::Gt, false) => IntCC::UnsignedGreaterThan,
        (CmpOp::Ge, false) => IntCC::UnsignedGreaterThanOrEqual,
        (CmpOp::Eq, _) => IntCC::Equal,
        (CmpOp::Ne, _) => IntCC::NotEqual,
    }
}

/// Whether `c` is a normal power of two (of either sign): multiplying by
/// it only changes the exponent.
pub(super) fn normal_power_of_two(c: f64) -> bool {
    c.is_normal() && c.to_bits() & ((1u64 << 52) - 1) == 0
}

pub(super) fn exact_reciprocal(c: f64, d: DType) -> bool {
    let power_of_two = normal_power_of_two(c);
    let r = 1.0 / c;
    power_of_two && if d == DType::F32 { (c as f32).is_normal() && (r as f32).is_normal() } else { r.is_normal() }
}
