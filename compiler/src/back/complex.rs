//! Python `complex` scalars in Cranelift: a complex value is two `f64`
//! parts (real, imaginary; `abi::parts`), and every operation on it is done
//! on the parts with CPython 3.11's formulas, in CPython's evaluation order,
//! so results are bit-identical:
//! - `+ - *` inline (`_Py_c_sum`, `_Py_c_diff`, `_Py_c_prod`, no fused
//!   multiply-add); a real operand was already converted to `(x, 0.0)` by the
//!   front end, as CPython converts it;
//! - `/` inline as `_Py_c_quot` (Smith's method): both branches are computed
//!   and selected, a zero divisor raises `ZeroDivisionError("complex division
//!   by zero")`, a NaN divisor part gives `nan+nanj`;
//! - `**`, `cmath` and `abs` (with its overflow check) call the runtime
//!   (`runtime/src/complex.rs`, `runtime/src/cmath.rs`), whose results come
//!   back through a 16-byte stack slot.
//!
//! NumPy complex scalars follow NumPy's loops instead: `back/npcomplex.rs`.

use cranelift_codegen::ir::{self as cl, condcodes::FloatCC, condcodes::IntCC, types, InstBuilder};

use super::clif::FunctionCx;
use crate::abi::{cmath as code, exc};
use crate::ir::{BinaryOp, CmpOp, UnaryOp, Value};
use crate::optable::{CmathFn, FloatPred, Lower};
use crate::types::Type;

impl FunctionCx<'_, '_> {
    /// The real and imaginary parts of a complex value.
    pub fn cparts(&self, v: Value) -> (cl::Value, cl::Value) {
        (self.vals[v][0], self.vals[v][1])
    }

    pub fn complex_unary(&mut self, op: UnaryOp, a: Value) -> Vec<cl::Value> {
        let (re, im) = self.cparts(a);
        match op {
            UnaryOp::Neg => vec![self.b.ins().fneg(re), self.b.ins().fneg(im)],
            _ => vec![re, im],
        }
    }

    pub fn complex_binary(&mut self, op: BinaryOp, a: Value, b: Value) -> Vec<cl::Value> {
        let ((ar, ai), (br, bi)) = (self.cparts(a), self.cparts(b));
        match op {
            BinaryOp::Add => vec![self.b.ins().fadd(ar, br), self.b.ins().fadd(ai, bi)],
            BinaryOp::Sub => vec![self.b.ins().fsub(ar, br), self.b.ins().fsub(ai, bi)],
            BinaryOp::Mul => {
                let (rr, ii) = (self.b.ins().fmul(ar, br), self.b.ins().fmul(ai, bi));
                let (ri, ir) = (self.b.ins().fmul(ar, bi), self.b.ins().fmul(ai, br));
                vec![self.b.ins().fsub(rr, ii), self.b.ins().fadd(ri, ir)]
            }
            BinaryOp::Div => self.complex_quot(ar, ai, br, bi),
            BinaryOp::Pow => {
                let (slot, out) = self.pair_slot();
                let st = self.call_rt("kiln_complex_pow", &[ar, ai, br, bi, out])[0];
                self.fail_if(st, |_| {});
                self.load_pair(slot)
            }
            _ => unreachable!("the front end rejects {op:?} on complex numbers"),
        }
    }

    /// `_Py_c_quot`, with Python's zero check.
    fn complex_quot(&mut self, ar: cl::Value, ai: cl::Value, br: cl::Value, bi: cl::Value) -> Vec<cl::Value> {
        let zero = self.b.ins().f64const(0.0);
        let zr = self.b.ins().fcmp(FloatCC::Equal, br, zero);
        let zi = self.b.ins().fcmp(FloatCC::Equal, bi, zero);
        let z = self.b.ins().band(zr, zi);
        self.raise_if(z, exc::ZERO_DIVISION_ERROR, "complex division by zero");
        let (abr, abi) = (self.b.ins().fabs(br), self.b.ins().fabs(bi));
        let c1 = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, abr, abi);
        let c2 = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, abi, abr);
        // |br| >= |bi|: ratio = bi/br; denom = br + bi*ratio.
        let ratio = self.b.ins().fdiv(bi, br);
        let t = self.b.ins().fmul(bi, ratio);
        let denom = self.b.ins().fadd(br, t);
        let t = self.b.ins().fmul(ai, ratio);
        let n = self.b.ins().fadd(ar, t);
        let re1 = self.b.ins().fdiv(n, denom);
        let t = self.b.ins().fmul(ar, ratio);
        let n = self.b.ins().fsub(ai, t);
        let im1 = self.b.ins().fdiv(n, denom);
        // |bi| > |br|: ratio = br/bi; denom = br*ratio + bi.
        let ratio = self.b.ins().fdiv(br, bi);
        let t = self.b.ins().fmul(br, ratio);
        let denom = self.b.ins().fadd(t, bi);
        let t = self.b.ins().fmul(ar, ratio);
        let n = self.b.ins().fadd(t, ai);
        let re2 = self.b.ins().fdiv(n, denom);
        let t = self.b.ins().fmul(ai, ratio);
        let n = self.b.ins().fsub(t, ar);
        let im2 = self.b.ins().fdiv(n, denom);
        let nan = self.b.ins().f64const(f64::NAN);
        let re = self.b.ins().select(c2, re2, nan);
        let re = self.b.ins().select(c1, re1, re);
        let im = self.b.ins().select(c2, im2, nan);
        let im = self.b.ins().select(c1, im1, im);
        vec![re, im]
    }

    pub fn complex_compare(&mut self, op: CmpOp, a: Value, b: Value) -> cl::Value {
        let ((ar, ai), (br, bi)) = (self.cparts(a), self.cparts(b));
        let er = self.b.ins().fcmp(FloatCC::Equal, ar, br);
        let ei = self.b.ins().fcmp(FloatCC::Equal, ai, bi);
        let eq = self.b.ins().band(er, ei);
        match op {
            CmpOp::Eq => eq,
            CmpOp::Ne => self.b.ins().bxor_imm_s(eq, 1),
            _ => unreachable!("the front end rejects ordering of complex numbers"),
        }
    }

    pub fn complex_truth(&mut self, a: Value) -> cl::Value {
        let (re, im) = self.cparts(a);
        let zero = self.b.ins().f64const(0.0);
        let nr = self.b.ins().fcmp(FloatCC::NotEqual, re, zero);
        let ni = self.b.ins().fcmp(FloatCC::NotEqual, im, zero);
        self.b.ins().bor(nr, ni)
    }

    /// A real Python scalar as the complex `(float(x), 0.0)`.
    pub fn to_complex(&mut self, a: Value) -> Vec<cl::Value> {
        if matches!(self.f.ty(a), Type::Complex) {
            return self.vals[a].clone();
        }
        let f = self.convert(a, &Type::Float)[0];
        vec![f, self.b.ins().f64const(0.0)]
    }

    /// A 16-byte stack slot and its address, for a runtime call's complex result.
    fn pair_slot(&mut self) -> (cl::StackSlot, cl::Value) {
        let slot = self.b.create_sized_stack_slot(cl::StackSlotData::new(cl::StackSlotKind::ExplicitSlot, 16, 3));
        let addr = self.b.ins().stack_addr(types::I64, slot, 0);
        (slot, addr)
    }

    fn load_pair(&mut self, slot: cl::StackSlot) -> Vec<cl::Value> {
        let addr = self.b.ins().stack_addr(types::I64, slot, 0);
        let flags = cl::MemFlagsData::trusted();
        vec![self.b.ins().load(types::F64, flags, addr, 0), self.b.ins().load(types::F64, flags, addr, 8)]
    }

    /// `kiln_cmath(f, re, im)`, raising its error.
    fn cmath_call(&mut self, f: i32, re: cl::Value, im: cl::Value) -> Vec<cl::Value> {
        let (slot, out) = self.pair_slot();
        let k = self.b.ins().iconst(types::I32, i64::from(f));
        let st = self.call_rt("kiln_cmath", &[k, re, im, out])[0];
        self.fail_if(st, |_| {});
        self.load_pair(slot)
    }

    /// `Op::Builtin` entries on complex numbers (`Lower::ToComplex`,
    /// `ComplexPart`, `Conjugate`, `Cmath`, and `abs` of a complex).
    pub fn complex_builtin(&mut self, lower: Lower, args: &[Value]) -> Vec<cl::Value> {
        match lower {
            Lower::ToComplex => vec![self.val(args[0]), self.val(args[1])],
            Lower::ComplexPart(real) => {
                let (re, im) = self.cparts(args[0]);
                vec![if real { re } else { im }]
            }
            Lower::Conjugate => {
                let (re, im) = self.cparts(args[0]);
                vec![re, self.b.ins().fneg(im)]
            }
            Lower::Abs => {
                // `complex_abs`: hypot, and OverflowError for a finite number
                // whose modulus overflows.
                let (re, im) = self.cparts(args[0]);
                let r = self.call_libm("hypot", &[re, im]);
                let inf = self.b.ins().f64const(f64::INFINITY);
                let ar = self.b.ins().fabs(r);
                let over = self.b.ins().fcmp(FloatCC::Equal, ar, inf);
                let (are, aim) = (self.b.ins().fabs(re), self.b.ins().fabs(im));
                let fr = self.b.ins().fcmp(FloatCC::LessThan, are, inf);
                let fi = self.b.ins().fcmp(FloatCC::LessThan, aim, inf);
                let fin = self.b.ins().band(fr, fi);
                let c = self.b.ins().band(over, fin);
                self.raise_if(c, exc::OVERFLOW_ERROR, "absolute value too large");
                vec![r]
            }
            Lower::Cmath(f) => self.cmath(f, args),
            other => unreachable!("{other:?} is not a complex builtin"),
        }
    }

    fn cmath(&mut self, f: CmathFn, args: &[Value]) -> Vec<cl::Value> {
        match f {
            CmathFn::Unary(c) if args.len() == 2 => {
                debug_assert_eq!(c, code::LOG);
                let ((xr, xi), (br, bi)) = (self.cparts(args[0]), self.cparts(args[1]));
                let (slot, out) = self.pair_slot();
                let st = self.call_rt("kiln_cmath_log_base", &[xr, xi, br, bi, out])[0];
                self.fail_if(st, |_| {});
                self.load_pair(slot)
            }
            CmathFn::Unary(c) => {
                let (re, im) = self.cparts(args[0]);
                self.cmath_call(c, re, im)
            }
            CmathFn::Phase => {
                let (re, im) = self.cparts(args[0]);
                vec![self.cmath_call(code::PHASE, re, im)[0]]
            }
            CmathFn::Polar => {
                let (re, im) = self.cparts(args[0]);
                let phi = self.cmath_call(code::PHASE, re, im)[0];
                let r = self.cmath_call(code::ABS, re, im)[0];
                vec![r, phi]
            }
            CmathFn::Rect => {
                let (r, phi) = (self.val(args[0]), self.val(args[1]));
                self.cmath_call(code::RECT, r, phi)
            }
            CmathFn::Pred(p) => {
                let (re, im) = self.cparts(args[0]);
                let inf = self.b.ins().f64const(f64::INFINITY);
                let (are, aim) = (self.b.ins().fabs(re), self.b.ins().fabs(im));
                let r = match p {
                    FloatPred::IsNan => {
                        let a = self.b.ins().fcmp(FloatCC::Unordered, re, re);
                        let b = self.b.ins().fcmp(FloatCC::Unordered, im, im);
                        self.b.ins().bor(a, b)
                    }
                    FloatPred::IsInf => {
                        let a = self.b.ins().fcmp(FloatCC::Equal, are, inf);
                        let b = self.b.ins().fcmp(FloatCC::Equal, aim, inf);
                        self.b.ins().bor(a, b)
                    }
                    FloatPred::IsFinite => {
                        let a = self.b.ins().fcmp(FloatCC::LessThan, are, inf);
                        let b = self.b.ins().fcmp(FloatCC::LessThan, aim, inf);
                        self.b.ins().band(a, b)
                    }
                };
                vec![r]
            }
            CmathFn::IsClose => {
                let ((ar, ai), (br, bi)) = (self.cparts(args[0]), self.cparts(args[1]));
                let (rel, abs) = (self.val(args[2]), self.val(args[3]));
                let r = self.call_rt("kiln_cmath_isclose", &[ar, ai, br, bi, rel, abs])[0];
                let failed = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, r, 0);
                self.fail_if(failed, |_| {});
                vec![self.b.ins().ireduce(types::I8, r)]
            }
        }
    }
}
