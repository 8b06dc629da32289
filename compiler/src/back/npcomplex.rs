//! NumPy complex scalars (`Type::Scalar(C64 | C128)`) in Cranelift: the
//! elements of complex arrays inside kernels and `np.complex128` values.
//! A value is two parts of the real dtype (`f32` for complex64; `abi::parts`),
//! real then imaginary, as in memory.
//!
//! Every operation is NumPy's loop for it, operation by operation:
//! - `+ - *` inline (`a.re*b.re - a.im*b.im`, `a.re*b.im + a.im*b.re`; no
//!   fused multiply-add);
//! - `/` inline as NumPy's complex `divide` loop (Smith's method with the
//!   reciprocal of the denominator; a zero divisor gives `x/|0|` parts, no
//!   exception), all three branches computed and selected;
//! - `**` through the runtime (`kiln_npy_cpow`: NumPy's `nc_pow`);
//! - comparisons: `==`/`!=` on both parts, `< <= > >=` NumPy's
//!   lexicographic `CLT`/`CLE`/`CGT`/`CGE`: the real parts compared
//!   strictly (and no imaginary part NaN), or equal real parts and the
//!   imaginary parts compared with the operator;
//! - ufuncs: `abs` is `hypot` of the parts, `sign` is NumPy 2's `z/|z|`
//!   with its special cases, `square`/`reciprocal`/`conj`/`real`/`imag`/
//!   `angle`, `rint`, `maximum`/`minimum`/`fmax`/`fmin` (lexicographic,
//!   NumPy's NaN rules) and the predicates inline, transcendentals through
//!   `kiln_npy_cfunc` (`runtime/src/npcomplex.rs`: glibc's C99 functions,
//!   which NumPy itself calls);
//! - conversions as NumPy's `astype`: a real value gets a zero imaginary
//!   part; a complex value converted to a real dtype keeps its real part
//!   (NumPy also warns `ComplexWarning`), to `bool` it is "either part
//!   nonzero".
//!
//! Invariant: nothing here raises; NumPy's complex loops never do.

use cranelift_codegen::ir::{self as cl, condcodes::FloatCC, types, InstBuilder};

use super::clif::FunctionCx;
use crate::ir::{BinaryOp, CmpOp, UnaryOp, Value};
use crate::optable::{FloatImpl, FloatPred, UfuncRound, UfuncScalar};
use crate::types::{DType, Type};

/// The complex dtype of a NumPy complex scalar type.
pub fn np_complex(ty: &Type) -> Option<DType> {
    match ty {
        Type::Scalar(d) if d.is_complex() => Some(*d),
        _ => None,
    }
}

impl FunctionCx<'_, '_> {
    fn part_const(&mut self, t: cl::Type, v: f64) -> cl::Value {
        if t == types::F32 {
            self.b.ins().f32const(v as f32)
        } else {
            self.b.ins().f64const(v)
        }
    }

    /// A float converted to the part type `t`.
    fn as_part(&mut self, x: cl::Value, t: cl::Type) -> cl::Value {
        let xt = self.b.func.dfg.value_type(x);
        if xt == t {
            x
        } else if t == types::F64 {
            self.b.ins().fpromote(types::F64, x)
        } else {
            self.b.ins().fdemote(types::F32, x)
        }
    }

    pub fn npc_unary(&mut self, op: UnaryOp, a: Value) -> Vec<cl::Value> {
        let (re, im) = self.cparts(a);
        match op {
            UnaryOp::Neg => vec![self.b.ins().fneg(re), self.b.ins().fneg(im)],
            _ => vec![re, im],
        }
    }

    fn cmul(&mut self, (ar, ai): (cl::Value, cl::Value), (br, bi): (cl::Value, cl::Value)) -> Vec<cl::Value> {
        let (rr, ii) = (self.b.ins().fmul(ar, br), self.b.ins().fmul(ai, bi));
        let (ri, ir) = (self.b.ins().fmul(ar, bi), self.b.ins().fmul(ai, br));
        vec![self.b.ins().fsub(rr, ii), self.b.ins().fadd(ri, ir)]
    }

    pub fn npc_binary(&mut self, op: BinaryOp, a: Value, b: Value, d: DType) -> Vec<cl::Value> {
        let ((ar, ai), (br, bi)) = (self.cparts(a), self.cparts(b));
        match op {
            BinaryOp::Add => vec![self.b.ins().fadd(ar, br), self.b.ins().fadd(ai, bi)],
            BinaryOp::Sub => vec![self.b.ins().fsub(ar, br), self.b.ins().fsub(ai, bi)],
            BinaryOp::Mul => self.cmul((ar, ai), (br, bi)),
            BinaryOp::Div => self.npc_div(ar, ai, br, bi),
            BinaryOp::Pow => {
                let entry = if d == DType::C64 { "kiln_npy_cpowf" } else { "kiln_npy_cpow" };
                let (slot, out) = self.npc_slot();
                self.call_rt(entry, &[ar, ai, br, bi, out]);
                self.npc_load(slot, d)
            }
            _ => unreachable!("the front end rejects {op:?} on complex numbers"),
        }
    }

    /// NumPy's complex `divide` loop.
    fn npc_div(&mut self, ar: cl::Value, ai: cl::Value, br: cl::Value, bi: cl::Value) -> Vec<cl::Value> {
        let t = self.b.func.dfg.value_type(ar);
        let zero = self.part_const(t, 0.0);
        let one = self.part_const(t, 1.0);
        let (abr, abi) = (self.b.ins().fabs(br), self.b.ins().fabs(bi));
        let first = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, abr, abi);
        let zr = self.b.ins().fcmp(FloatCC::Equal, abr, zero);
        let zi = self.b.ins().fcmp(FloatCC::Equal, abi, zero);
        let both_zero = self.b.ins().band(zr, zi);
        // |br| >= |bi|, both zero: the parts divided by |br|.
        let zre = self.b.ins().fdiv(ar, abr);
        let zim = self.b.ins().fdiv(ai, abr);
        // |br| >= |bi|: rat = bi/br, scl = 1/(br + bi*rat).
        let rat = self.b.ins().fdiv(bi, br);
        let t1 = self.b.ins().fmul(bi, rat);
        let den = self.b.ins().fadd(br, t1);
        let scl = self.b.ins().fdiv(one, den);
        let t1 = self.b.ins().fmul(ai, rat);
        let n = self.b.ins().fadd(ar, t1);
        let re1 = self.b.ins().fmul(n, scl);
        let t1 = self.b.ins().fmul(ar, rat);
        let n = self.b.ins().fsub(ai, t1);
        let im1 = self.b.ins().fmul(n, scl);
        // |br| < |bi|: rat = br/bi, scl = 1/(bi + br*rat).
        let rat = self.b.ins().fdiv(br, bi);
        let t1 = self.b.ins().fmul(br, rat);
        let den = self.b.ins().fadd(bi, t1);
        let scl = self.b.ins().fdiv(one, den);
        let t1 = self.b.ins().fmul(ar, rat);
        let n = self.b.ins().fadd(t1, ai);
        let re2 = self.b.ins().fmul(n, scl);
        let t1 = self.b.ins().fmul(ai, rat);
        let n = self.b.ins().fsub(t1, ar);
        let im2 = self.b.ins().fmul(n, scl);
        let re = self.b.ins().select(both_zero, zre, re1);
        let im = self.b.ins().select(both_zero, zim, im1);
        let re = self.b.ins().select(first, re, re2);
        let im = self.b.ins().select(first, im, im2);
        vec![re, im]
    }

    /// `a op b` on NumPy complex scalars.
    pub fn npc_compare(&mut self, op: CmpOp, a: Value, b: Value) -> cl::Value {
        let ((xr, xi), (yr, yi)) = (self.cparts(a), self.cparts(b));
        let er = self.b.ins().fcmp(FloatCC::Equal, xr, yr);
        let (cc, ccr) = match op {
            CmpOp::Eq | CmpOp::Ne => {
                let ei = self.b.ins().fcmp(FloatCC::Equal, xi, yi);
                let eq = self.b.ins().band(er, ei);
                return if op == CmpOp::Eq { eq } else { self.b.ins().bxor_imm_s(eq, 1) };
            }
            CmpOp::Lt => (FloatCC::LessThan, FloatCC::LessThan),
            CmpOp::Le => (FloatCC::LessThanOrEqual, FloatCC::LessThan),
            CmpOp::Gt => (FloatCC::GreaterThan, FloatCC::GreaterThan),
            CmpOp::Ge => (FloatCC::GreaterThanOrEqual, FloatCC::GreaterThan),
        };
        // (xr strict-op yr && !isnan(xi) && !isnan(yi)) || (xr == yr && xi op yi)
        let r = self.b.ins().fcmp(ccr, xr, yr);
        let ordered = self.b.ins().fcmp(FloatCC::Ordered, xi, yi);
        let first = self.b.ins().band(r, ordered);
        let i = self.b.ins().fcmp(cc, xi, yi);
        let second = self.b.ins().band(er, i);
        self.b.ins().bor(first, second)
    }

    /// Either part nonzero.
    pub fn npc_truth(&mut self, a: Value) -> cl::Value {
        let (re, im) = self.cparts(a);
        let t = self.b.func.dfg.value_type(re);
        let zero = self.part_const(t, 0.0);
        let nr = self.b.ins().fcmp(FloatCC::NotEqual, re, zero);
        let ni = self.b.ins().fcmp(FloatCC::NotEqual, im, zero);
        self.b.ins().bor(nr, ni)
    }

    /// `Op::Convert` where either side is a NumPy complex scalar (`None`
    /// when neither is).
    pub fn npc_convert(&mut self, a: Value, from: &Type, to: &Type) -> Option<Vec<cl::Value>> {
        let from_c = np_complex(from).or((*from == Type::Complex).then_some(DType::C128));
        let to_c = np_complex(to).or((*to == Type::Complex).then_some(DType::C128));
        match (from_c, to_c) {
            (None, None) => None,
            (Some(_), Some(td)) => {
                let t = super::abi::dtype_clif(td);
                let (re, im) = self.cparts(a);
                Some(vec![self.as_part(re, t), self.as_part(im, t)])
            }
            (None, Some(td)) => {
                // A real number: the real part as NumPy casts it, a zero imaginary part.
                let x = self.val(a);
                let fd = match from {
                    Type::Scalar(d) => *d,
                    other => other.scalar_dtype().unwrap_or(DType::F64),
                };
                let rd = td.real_part();
                let re = self.cast_scalar(x, fd, rd);
                let im = self.part_const(super::abi::dtype_clif(td), 0.0);
                Some(vec![re, im])
            }
            (Some(fd), None) => {
                let td = match to {
                    Type::Scalar(d) => *d,
                    other => other.scalar_dtype().unwrap_or(DType::F64),
                };
                if td == DType::Bool {
                    return Some(vec![self.npc_truth(a)]);
                }
                let re = self.cparts(a).0;
                Some(vec![self.cast_scalar(re, fd.real_part(), td)])
            }
        }
    }

    /// A stack slot for a complex result of the runtime, and its address.
    fn npc_slot(&mut self) -> (cl::StackSlot, cl::Value) {
        let slot = self.b.create_sized_stack_slot(cl::StackSlotData::new(cl::StackSlotKind::ExplicitSlot, 16, 3));
        let addr = self.b.ins().stack_addr(types::I64, slot, 0);
        (slot, addr)
    }

    fn npc_load(&mut self, slot: cl::StackSlot, d: DType) -> Vec<cl::Value> {
        let t = super::abi::dtype_clif(d);
        let addr = self.b.ins().stack_addr(types::I64, slot, 0);
        let flags = cl::MemFlagsData::trusted();
        vec![self.b.ins().load(t, flags, addr, 0), self.b.ins().load(t, flags, addr, t.bytes() as i32)]
    }

    /// `kiln_npy_cfunc(code, re, im)` for complex dtype `d`.
    fn npc_call(&mut self, code: i32, re: cl::Value, im: cl::Value, d: DType) -> Vec<cl::Value> {
        let entry = if d == DType::C64 { "kiln_npy_cfuncf" } else { "kiln_npy_cfunc" };
        let (slot, out) = self.npc_slot();
        let k = self.b.ins().iconst(types::I32, i64::from(code));
        self.call_rt(entry, &[k, re, im, out]);
        self.npc_load(slot, d)
    }

    /// `hypot` of the parts, in their precision.
    fn npc_abs(&mut self, re: cl::Value, im: cl::Value) -> cl::Value {
        if self.b.func.dfg.value_type(re) == types::F32 {
            let r = self.func_ref("hypotf", || Ok(super::abi::libm_signature_f32(2)));
            let call = self.b.ins().call(r, &[re, im]);
            self.b.inst_results(call)[0]
        } else {
            self.call_libm("hypot", &[re, im])
        }
    }

    /// `builtins.abs` of a NumPy complex scalar.
    pub fn npc_builtin_abs(&mut self, a: Value) -> Vec<cl::Value> {
        let (re, im) = self.cparts(a);
        vec![self.npc_abs(re, im)]
    }

    /// The complex loop of a ufunc on NumPy complex scalar `a` (dtype `d`).
    pub fn npc_ufunc(&mut self, scalar: UfuncScalar, args: &[Value], d: DType) -> Vec<cl::Value> {
        use crate::abi::npcomplex as code;
        let (re, im) = self.cparts(args[0]);
        let t = super::abi::dtype_clif(d);
        match scalar {
            UfuncScalar::Float(FloatImpl::Sqrt) => self.npc_call(code::SQRT, re, im, d),
            UfuncScalar::Float(FloatImpl::Libm(sym)) => {
                let c = crate::optable::complex_code(sym).expect("the front end checks for a complex loop");
                self.npc_call(c, re, im, d)
            }
            UfuncScalar::Pred(p) => {
                let inf = self.part_const(t, f64::INFINITY);
                let (are, aim) = (self.b.ins().fabs(re), self.b.ins().fabs(im));
                vec![match p {
                    FloatPred::IsNan => {
                        let x = self.b.ins().fcmp(FloatCC::Unordered, re, re);
                        let y = self.b.ins().fcmp(FloatCC::Unordered, im, im);
                        self.b.ins().bor(x, y)
                    }
                    FloatPred::IsInf => {
                        let x = self.b.ins().fcmp(FloatCC::Equal, are, inf);
                        let y = self.b.ins().fcmp(FloatCC::Equal, aim, inf);
                        self.b.ins().bor(x, y)
                    }
                    FloatPred::IsFinite => {
                        let x = self.b.ins().fcmp(FloatCC::LessThan, are, inf);
                        let y = self.b.ins().fcmp(FloatCC::LessThan, aim, inf);
                        self.b.ins().band(x, y)
                    }
                }]
            }
            UfuncScalar::Abs => vec![self.npc_abs(re, im)],
            UfuncScalar::Angle => {
                if t == types::F32 {
                    let r = self.func_ref("atan2f", || Ok(super::abi::libm_signature_f32(2)));
                    let call = self.b.ins().call(r, &[im, re]);
                    vec![self.b.inst_results(call)[0]]
                } else {
                    vec![self.call_libm("atan2", &[im, re])]
                }
            }
            UfuncScalar::Conj => vec![re, self.b.ins().fneg(im)],
            UfuncScalar::Round(UfuncRound::Rint) => vec![self.b.ins().nearest(re), self.b.ins().nearest(im)],
            UfuncScalar::MinMax { max, nan_propagates } => {
                // NumPy: maximum keeps x when x has a NaN part or x >= y
                // (lexicographic), fmax when y has a NaN part or x >= y;
                // minimum/fmin alike with <=.
                let op = if max { CmpOp::Ge } else { CmpOp::Le };
                let keep = self.npc_compare(op, args[0], args[1]);
                let nan_of = |fx: &mut Self, v: Value| {
                    let (r, i) = fx.cparts(v);
                    let a = fx.b.ins().fcmp(FloatCC::Unordered, r, r);
                    let b = fx.b.ins().fcmp(FloatCC::Unordered, i, i);
                    fx.b.ins().bor(a, b)
                };
                let nan = nan_of(self, if nan_propagates { args[0] } else { args[1] });
                let keep = self.b.ins().bor(keep, nan);
                let (yr, yi) = self.cparts(args[1]);
                vec![self.b.ins().select(keep, re, yr), self.b.ins().select(keep, im, yi)]
            }
            UfuncScalar::Part(real) => vec![if real { re } else { im }],
            UfuncScalar::Square => self.cmul((re, im), (re, im)),
            UfuncScalar::Reciprocal => {
                // NumPy: by the larger part, as in its division.
                let one = self.part_const(t, 1.0);
                let (are, aim) = (self.b.ins().fabs(re), self.b.ins().fabs(im));
                let first = self.b.ins().fcmp(FloatCC::LessThanOrEqual, aim, are);
                // |im| <= |re|: r = im/re, d = re + im*r; (1/d, -r/d).
                let r = self.b.ins().fdiv(im, re);
                let t1 = self.b.ins().fmul(im, r);
                let den = self.b.ins().fadd(re, t1);
                let re1 = self.b.ins().fdiv(one, den);
                let nr = self.b.ins().fneg(r);
                let im1 = self.b.ins().fdiv(nr, den);
                // else: r = re/im, d = re*r + im; (r/d, -1/d).
                let r = self.b.ins().fdiv(re, im);
                let t1 = self.b.ins().fmul(re, r);
                let den = self.b.ins().fadd(t1, im);
                let re2 = self.b.ins().fdiv(r, den);
                let m1 = self.part_const(t, -1.0);
                let im2 = self.b.ins().fdiv(m1, den);
                vec![self.b.ins().select(first, re1, re2), self.b.ins().select(first, im1, im2)]
            }
            UfuncScalar::Sign => {
                // NumPy 2: z/|z|; NaN for a NaN modulus; on an infinite
                // modulus, the sign of the infinite part (NaN if both are).
                let zero = self.part_const(t, 0.0);
                let one = self.part_const(t, 1.0);
                let m1 = self.part_const(t, -1.0);
                let nan = self.part_const(t, f64::NAN);
                let inf = self.part_const(t, f64::INFINITY);
                let m = self.npc_abs(re, im);
                let (fre, fim) = (self.b.ins().fdiv(re, m), self.b.ins().fdiv(im, m));
                let is_zero = self.b.ins().fcmp(FloatCC::Equal, m, zero);
                let (r, i) = (self.b.ins().select(is_zero, zero, fre), self.b.ins().select(is_zero, zero, fim));
                // Infinite modulus.
                let (are, aim) = (self.b.ins().fabs(re), self.b.ins().fabs(im));
                let re_inf = self.b.ins().fcmp(FloatCC::Equal, are, inf);
                let im_inf = self.b.ins().fcmp(FloatCC::Equal, aim, inf);
                let re_pos = self.b.ins().fcmp(FloatCC::GreaterThan, re, zero);
                let im_pos = self.b.ins().fcmp(FloatCC::GreaterThan, im, zero);
                let sre = self.b.ins().select(re_pos, one, m1);
                let sim = self.b.ins().select(im_pos, one, m1);
                // re infinite: (im infinite ? nan : ±1, im infinite ? nan : 0); else (0, ±1).
                let both = self.b.ins().band(re_inf, im_inf);
                let ir = self.b.ins().select(re_inf, sre, zero);
                let ii = self.b.ins().select(re_inf, zero, sim);
                let ir = self.b.ins().select(both, nan, ir);
                let ii = self.b.ins().select(both, nan, ii);
                let m_inf = self.b.ins().fcmp(FloatCC::Equal, m, inf);
                let (r, i) = (self.b.ins().select(m_inf, ir, r), self.b.ins().select(m_inf, ii, i));
                let m_nan = self.b.ins().fcmp(FloatCC::Unordered, m, m);
                vec![self.b.ins().select(m_nan, nan, r), self.b.ins().select(m_nan, nan, i)]
            }
            other => unreachable!("{other:?} has no complex loop (checked by the front end)"),
        }
    }
}
