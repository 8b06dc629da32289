//! Builders shared by the front end and the passes: appending operations to
//! a block, and the scalar form of an elementwise function.
//!
//! Invariant: these only append; they never reorder or remove statements.

use crate::diag::Span;
use crate::types::{DType, Type};

use super::{Block, ElemFn, Function, Op, Stmt, Value};

/// Appends `op` to block `b` and returns its first result.
pub fn append(f: &mut Function, b: Block, op: Op, args: Vec<Value>, ty: Type, span: Span) -> Value {
    let i = f.make_inst(op, args, vec![ty], span);
    f.blocks[b].stmts.push(Stmt::Inst(i));
    f.insts[i].results[0]
}

/// Appends `op` to a statement list being built and returns its first result.
pub fn push(f: &mut Function, out: &mut Vec<Stmt>, op: Op, args: Vec<Value>, ty: Type, span: Span) -> Value {
    let i = f.make_inst(op, args, vec![ty], span);
    out.push(Stmt::Inst(i));
    f.insts[i].results[0]
}

/// `v` as a NumPy scalar of dtype `d`, converting if needed.
pub fn to_scalar(f: &mut Function, b: Block, v: Value, d: DType, span: Span) -> Value {
    if *f.ty(v) == Type::Scalar(d) {
        return v;
    }
    // A constant converts at compile time, so that `x ** 2` still sees a 2.
    if let Some(Op::Const(c)) = f.def_inst(v).map(|i| f.insts[i].op.clone()) {
        let folded = match (c, d.kind()) {
            (super::Const::Int(i), crate::types::DKind::Float) => Some(super::Const::Float(i as f64)),
            (super::Const::Int(i), crate::types::DKind::SignedInt | crate::types::DKind::UnsignedInt) if fits(i, d) => {
                Some(super::Const::Int(i))
            }
            (super::Const::Float(x), crate::types::DKind::Float) if d == DType::F64 || (x as f32) as f64 == x => {
                Some(super::Const::Float(x))
            }
            (super::Const::Bool(x), crate::types::DKind::Bool) => Some(super::Const::Bool(x)),
            _ => None,
        };
        if let Some(c) = folded {
            return append(f, b, Op::Const(c), vec![], Type::Scalar(d), span);
        }
    }
    append(f, b, Op::Convert, vec![v], Type::Scalar(d), span)
}

/// Whether integer `i` is a value of dtype `d`.
fn fits(i: i64, d: DType) -> bool {
    let bits = d.itemsize() * 8;
    if bits >= 64 {
        return d.is_signed() || i >= 0;
    }
    if d.is_signed() {
        let lim = 1i64 << (bits - 1);
        (-lim..lim).contains(&i)
    } else {
        (0..(1i64 << bits)).contains(&i)
    }
}

/// Appends the scalar computation of elementwise function `fun` on `args`
/// (scalars), computing in `comp` and giving a NumPy scalar of `result`.
pub fn elementwise_scalar(f: &mut Function, b: Block, fun: &ElemFn, args: &[Value], comp: DType, result: DType, span: Span) -> Value {
    let r = Type::Scalar(result);
    match fun {
        ElemFn::Binary(op) => {
            let (x, y) = (to_scalar(f, b, args[0], comp, span), to_scalar(f, b, args[1], comp, span));
            append(f, b, Op::Binary(*op), vec![x, y], r, span)
        }
        ElemFn::Compare(op) => {
            let (x, y) = (to_scalar(f, b, args[0], comp, span), to_scalar(f, b, args[1], comp, span));
            append(f, b, Op::Compare(*op), vec![x, y], r, span)
        }
        ElemFn::Unary(super::UnaryOp::Pos) => to_scalar(f, b, args[0], comp, span),
        ElemFn::Unary(op) => {
            let x = to_scalar(f, b, args[0], comp, span);
            append(f, b, Op::Unary(*op), vec![x], r, span)
        }
        ElemFn::Builtin(id) => {
            let xs: Vec<Value> = args.iter().map(|a| to_scalar(f, b, *a, comp, span)).collect();
            append(f, b, Op::Builtin(*id), xs, r, span)
        }
        ElemFn::Select => {
            let c = match f.ty(args[0]) {
                Type::Bool => args[0],
                _ => append(f, b, Op::Truth, vec![args[0]], Type::Bool, span),
            };
            let (x, y) = (to_scalar(f, b, args[1], comp, span), to_scalar(f, b, args[2], comp, span));
            append(f, b, Op::Select, vec![c, x, y], r, span)
        }
        ElemFn::Cast => to_scalar(f, b, args[0], result, span),
        ElemFn::Clip { scalar_bounds } => {
            // NumPy's clip is `min(max(x, lo), hi)`. With array bounds its
            // max is `isnan(a) ? a : (a > b ? a : b)` (and min alike), so a
            // tie takes the bound. With scalar bounds it is the SIMD form
            // `lo > x ? lo : x`, which keeps `x` on a tie, and NaN bounds
            // give NaN. Either way a NaN `x` stays NaN.
            let xs: Vec<Value> = args.iter().map(|a| to_scalar(f, b, *a, comp, span)).collect();
            let float = comp.is_float();
            if *scalar_bounds {
                let t = pick(f, b, super::CmpOp::Gt, xs[1], xs[0], xs[1], xs[0], &r, span);
                let t = if float { nan_pick(f, b, xs[1], t, &r, span) } else { t };
                let t = pick(f, b, super::CmpOp::Lt, xs[2], t, xs[2], t, &r, span);
                if float {
                    nan_pick(f, b, xs[2], t, &r, span)
                } else {
                    t
                }
            } else {
                let t = pick(f, b, super::CmpOp::Gt, xs[0], xs[1], xs[0], xs[1], &r, span);
                let t = if float { nan_pick(f, b, xs[0], t, &r, span) } else { t };
                let t2 = pick(f, b, super::CmpOp::Lt, t, xs[2], t, xs[2], &r, span);
                if float {
                    nan_pick(f, b, t, t2, &r, span)
                } else {
                    t2
                }
            }
        }
    }
}

/// `l <op> r ? yes : no`.
#[allow(clippy::too_many_arguments)]
fn pick(f: &mut Function, b: Block, op: super::CmpOp, l: Value, r: Value, yes: Value, no: Value, ty: &Type, span: Span) -> Value {
    let c = append(f, b, Op::Compare(op), vec![l, r], Type::Scalar(DType::Bool), span);
    let c = append(f, b, Op::Truth, vec![c], Type::Bool, span);
    append(f, b, Op::Select, vec![c, yes, no], ty.clone(), span)
}

/// `isnan(v) ? v : otherwise`.
fn nan_pick(f: &mut Function, b: Block, v: Value, otherwise: Value, ty: &Type, span: Span) -> Value {
    pick(f, b, super::CmpOp::Ne, v, v, v, otherwise, ty, span)
}
