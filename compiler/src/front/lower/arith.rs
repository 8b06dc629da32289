//! Typing of operators on scalars: Python's rules for Python scalars,
//! NumPy 2's (NEP 50) when a NumPy scalar takes part.
//!
//! Every `Binary` operation the front end emits is homogeneous: both operands
//! are first converted to the computation type, which is also the result
//! type. The back end then picks Python or NumPy semantics (for example,
//! whether `//` by zero raises) from that type alone.

use rustpython_parser::ast;

use super::complex::is_np_complex;
use super::FnCx;
use crate::diag::Span;
use crate::ir::{self, BinaryOp, CmpOp, Const, Op, UnaryOp};
use crate::types::{promote_weak, DType, Type};

impl<'l, 'a> FnCx<'l, 'a> {
    pub fn binary(&mut self, op: ast::Operator, l: ir::Value, r: ir::Value, span: Span) -> ir::Value {
        let (lt, rt) = (self.ty(l), self.ty(r));
        if lt == Type::Bottom || rt == Type::Bottom {
            return self.poison();
        }
        if lt.as_array().is_some() || rt.as_array().is_some() {
            let bop = match op {
                ast::Operator::Add => BinaryOp::Add,
                ast::Operator::Sub => BinaryOp::Sub,
                ast::Operator::Mult => BinaryOp::Mul,
                ast::Operator::Div => BinaryOp::Div,
                ast::Operator::FloorDiv => BinaryOp::FloorDiv,
                ast::Operator::Mod => BinaryOp::Mod,
                ast::Operator::Pow => BinaryOp::Pow,
                ast::Operator::BitAnd => BinaryOp::BitAnd,
                ast::Operator::BitOr => BinaryOp::BitOr,
                ast::Operator::BitXor => BinaryOp::BitXor,
                ast::Operator::LShift => BinaryOp::Shl,
                ast::Operator::RShift => BinaryOp::Shr,
                ast::Operator::MatMult => return self.matmul(l, r, span),
            };
            return self.elementwise(ir::ElemFn::Binary(bop), vec![l, r], span);
        }
        if lt.is_object() || rt.is_object() {
            return self.object_binary(op, l, r, span);
        }
        if !lt.is_scalar() || !rt.is_scalar() {
            return self.error(span, format!("unsupported operand types for {}: {lt} and {rt}", op_symbol(op)));
        }
        let np_complex_operands = is_np_complex(&lt)
            || is_np_complex(&rt)
            || (lt == Type::Complex || rt == Type::Complex) && !(lt.is_python_scalar() && rt.is_python_scalar());
        let bop = match op {
            ast::Operator::Add => BinaryOp::Add,
            ast::Operator::Sub => BinaryOp::Sub,
            ast::Operator::Mult => BinaryOp::Mul,
            ast::Operator::Div => BinaryOp::Div,
            ast::Operator::FloorDiv => BinaryOp::FloorDiv,
            ast::Operator::Mod => BinaryOp::Mod,
            ast::Operator::Pow => BinaryOp::Pow,
            ast::Operator::BitAnd => BinaryOp::BitAnd,
            ast::Operator::BitOr => BinaryOp::BitOr,
            ast::Operator::BitXor => BinaryOp::BitXor,
            ast::Operator::LShift => BinaryOp::Shl,
            ast::Operator::RShift => BinaryOp::Shr,
            ast::Operator::MatMult => return self.error(span, "`@` needs arrays, which are not supported here yet"),
        };
        if np_complex_operands {
            // NumPy complex scalars: NumPy's loops and NEP 50 promotion.
            return self.elementwise(ir::ElemFn::Binary(bop), vec![l, r], span);
        }
        let Some(comp) = self.binary_type(bop, &lt, &rt, r) else {
            return self.error(span, format!("unsupported operand types for {}: {lt} and {rt}", op_symbol(op)));
        };
        if bop == BinaryOp::Div
            && lt.is_python_scalar()
            && rt.is_python_scalar()
            && lt.is_int_like()
            && rt.is_int_like()
            && !self.is_nonzero_int_const(r)
        {
            // `int / int` converts to float after CPython's own zero check,
            // whose message differs from float division's.
            let zero = self.const_int(0, span);
            let rr = self.coerce(r, &Type::Int, span);
            let is_zero = self.emit1(Op::Compare(CmpOp::Eq), vec![rr, zero], Type::Bool, span);
            let assigned = self.assigned.clone();
            let then_block = self.in_block(|fx| fx.raise_error(crate::abi::exc::ZERO_DIVISION_ERROR, "division by zero", span));
            let else_block = self.func.new_block();
            self.push_stmt(ir::Stmt::If { cond: is_zero, then_block, else_block });
            self.assigned = assigned;
            self.reachable = true;
        }
        let l = self.coerce(l, &comp, span);
        let r = self.coerce(r, &comp, span);
        self.emit1(Op::Binary(bop), vec![l, r], comp, span)
    }

    fn is_nonzero_int_const(&self, v: ir::Value) -> bool {
        matches!(self.func.def_inst(v).map(|i| &self.func.insts[i].op), Some(Op::Const(Const::Int(c))) if *c != 0)
    }

    /// The computation (and result) type of `l op r`, or `None` when the
    /// operation is not defined for these types.
    fn binary_type(&self, op: BinaryOp, lt: &Type, rt: &Type, r: ir::Value) -> Option<Type> {
        use BinaryOp::*;
        let bitwise = matches!(op, BitAnd | BitOr | BitXor | Shl | Shr);
        if *lt == Type::Complex || *rt == Type::Complex {
            // CPython converts the real operand to `complex(x, 0.0)`.
            return matches!(op, Add | Sub | Mul | Div | Pow).then_some(Type::Complex);
        }
        if lt.is_python_scalar() && rt.is_python_scalar() {
            let both_bool = *lt == Type::Bool && *rt == Type::Bool;
            let int_like = lt.is_int_like() && rt.is_int_like();
            return Some(match op {
                BitAnd | BitOr | BitXor if both_bool => Type::Bool,
                _ if bitwise => {
                    if !int_like {
                        return None;
                    }
                    Type::Int
                }
                Div => Type::Float,
                // `int ** negative constant` is a float in Python.
                Pow if int_like && self.is_negative_const(r) => Type::Float,
                _ if int_like => Type::Int,
                _ => Type::Float,
            });
        }
        let d = match (lt, rt) {
            (Type::Scalar(a), Type::Scalar(b)) => DType::promote(*a, *b),
            (Type::Scalar(a), p) | (p, Type::Scalar(a)) => promote_weak(*a, p),
            _ => return None,
        };
        if bitwise && !(d.is_int() || d == DType::Bool) {
            return None;
        }
        Some(Type::Scalar(match op {
            // NumPy's true_divide loops for integers and bools give float64.
            Div if d.is_float() || d.is_complex() => d,
            Div => DType::F64,
            _ if d == DType::Bool && !bitwise => {
                // NumPy's bool arithmetic: `+`/`*` stay bool, the rest are int.
                match op {
                    Add | Mul => DType::Bool,
                    _ => DType::I64,
                }
            }
            _ => d,
        }))
    }

    fn is_negative_const(&self, v: ir::Value) -> bool {
        matches!(self.func.def_inst(v).map(|i| &self.func.insts[i].op), Some(Op::Const(Const::Int(c))) if *c < 0)
    }

    pub fn unary(&mut self, op: ast::UnaryOp, v: ir::Value, span: Span) -> ir::Value {
        let ty = self.ty(v);
        if ty == Type::Bottom {
            return self.poison();
        }
        if op == ast::UnaryOp::Not {
            let t = self.truth(v, span);
            return self.emit1(Op::Unary(UnaryOp::Not), vec![t], Type::Bool, span);
        }
        if ty.as_array().is_some() {
            let uop = match op {
                ast::UnaryOp::USub => UnaryOp::Neg,
                ast::UnaryOp::UAdd => UnaryOp::Pos,
                ast::UnaryOp::Invert => UnaryOp::Invert,
                ast::UnaryOp::Not => unreachable!("handled above"),
            };
            return self.elementwise(ir::ElemFn::Unary(uop), vec![v], span);
        }
        if !ty.is_scalar() {
            return self.error(span, format!("bad operand type for unary operator: {ty}"));
        }
        if is_np_complex(&ty) {
            let uop = match op {
                ast::UnaryOp::USub => UnaryOp::Neg,
                ast::UnaryOp::UAdd => UnaryOp::Pos,
                _ => return self.error(span, format!("bad operand type for unary ~: {ty}")),
            };
            return self.elementwise(ir::ElemFn::Unary(uop), vec![v], span);
        }
        if ty == Type::Complex {
            if op == ast::UnaryOp::Invert {
                return self.error(span, "bad operand type for unary ~: complex");
            }
            return if op == ast::UnaryOp::USub { self.emit1(Op::Unary(UnaryOp::Neg), vec![v], ty, span) } else { v };
        }
        let (uop, rty) = match (op, &ty) {
            (ast::UnaryOp::Invert, Type::Float | Type::Scalar(DType::F32 | DType::F64)) => {
                return self.error(span, format!("bad operand type for unary ~: {ty}"));
            }
            (ast::UnaryOp::Invert, Type::Scalar(DType::Bool)) => (UnaryOp::Not, ty.clone()),
            (ast::UnaryOp::Invert, _) => (UnaryOp::Invert, if ty == Type::Bool { Type::Int } else { ty.clone() }),
            (ast::UnaryOp::USub, Type::Scalar(DType::Bool)) => {
                self.raise_error(
                    crate::abi::exc::TYPE_ERROR,
                    "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.",
                    span,
                );
                return v;
            }
            (ast::UnaryOp::USub, _) => (UnaryOp::Neg, if ty == Type::Bool { Type::Int } else { ty.clone() }),
            (ast::UnaryOp::UAdd, _) => (UnaryOp::Pos, if ty == Type::Bool { Type::Int } else { ty.clone() }),
            (ast::UnaryOp::Not, _) => unreachable!("handled above"),
        };
        let v = self.coerce(v, &rty, span);
        if uop == UnaryOp::Pos {
            return v;
        }
        // Fold `-<literal>` so that negative literals are constants (as in
        // CPython's compiler), which typing of `**` relies on.
        if uop == UnaryOp::Neg {
            match self.func.def_inst(v).map(|i| self.func.insts[i].op.clone()) {
                Some(Op::Const(Const::Int(c))) if rty == Type::Int => {
                    return self.emit1(Op::Const(Const::Int(c.wrapping_neg())), vec![], rty, span)
                }
                Some(Op::Const(Const::Float(c))) if rty == Type::Float => {
                    return self.emit1(Op::Const(Const::Float(-c)), vec![], rty, span)
                }
                _ => {}
            }
        }
        self.emit1(Op::Unary(uop), vec![v], rty, span)
    }

    pub fn compare(&mut self, op: ast::CmpOp, l: ir::Value, r: ir::Value, span: Span) -> ir::Value {
        let (lt, rt) = (self.ty(l), self.ty(r));
        if lt == Type::Bottom || rt == Type::Bottom {
            return self.poison();
        }
        let tuples = matches!((&lt, &rt), (Type::Tuple(_), Type::Tuple(_)));
        if lt.is_object() || rt.is_object() || tuples || matches!(op, ast::CmpOp::In | ast::CmpOp::NotIn) {
            return self.object_compare(op, l, r, span);
        }
        let cop = match op {
            ast::CmpOp::Lt => CmpOp::Lt,
            ast::CmpOp::LtE => CmpOp::Le,
            ast::CmpOp::Gt => CmpOp::Gt,
            ast::CmpOp::GtE => CmpOp::Ge,
            ast::CmpOp::Eq => CmpOp::Eq,
            ast::CmpOp::NotEq => CmpOp::Ne,
            ast::CmpOp::Is | ast::CmpOp::IsNot => {
                // With static types, `x is None` is known at compile time.
                let is_none = lt == Type::None && rt == Type::None;
                let (either_none, result) = (lt == Type::None || rt == Type::None, if op == ast::CmpOp::Is { is_none } else { !is_none });
                if !either_none {
                    return self.error(span, "`is` is only supported for comparisons with None");
                }
                return self.emit1(Op::Const(Const::Bool(result)), vec![], Type::Bool, span);
            }
            ast::CmpOp::In | ast::CmpOp::NotIn => return self.error(span, "`in` is not supported yet"),
        };
        if lt == Type::None || rt == Type::None {
            if matches!(cop, CmpOp::Eq | CmpOp::Ne) {
                let same = lt == rt;
                return self.emit1(Op::Const(Const::Bool(same == (cop == CmpOp::Eq))), vec![], Type::Bool, span);
            }
            return self.error(span, format!("'{}' not supported between {lt} and {rt}", cmp_symbol(cop)));
        }
        if lt.as_array().is_some() || rt.as_array().is_some() {
            return self.elementwise(ir::ElemFn::Compare(cop), vec![l, r], span);
        }
        if !lt.is_scalar() || !rt.is_scalar() {
            return self.error(span, format!("comparison of {lt} and {rt} is not supported yet"));
        }
        let complex = |t: &Type| matches!(t, Type::Complex | Type::Scalar(DType::C64 | DType::C128));
        if (complex(&lt) || complex(&rt)) && !(lt.is_python_scalar() && rt.is_python_scalar()) {
            // NumPy complex scalars: `==`/`!=` on both parts, orderings lexicographic.
            return self.elementwise(ir::ElemFn::Compare(cop), vec![l, r], span);
        }
        if (complex(&lt) || complex(&rt)) && !matches!(cop, CmpOp::Eq | CmpOp::Ne) {
            return self.error(span, format!("'{}' not supported between {lt} and {rt}", cmp_symbol(cop)));
        }
        if lt.is_python_scalar() && rt.is_python_scalar() && (lt.is_int_like() != rt.is_int_like()) && !complex(&lt) && !complex(&rt) {
            // CPython compares an int with a float exactly, not by rounding
            // the int to a float; the back end implements that mixed compare.
            let l = if lt.is_int_like() { self.coerce(l, &Type::Int, span) } else { l };
            let r = if rt.is_int_like() { self.coerce(r, &Type::Int, span) } else { r };
            return self.emit1(Op::Compare(cop), vec![l, r], Type::Bool, span);
        }
        let (comp, result) = if lt.is_python_scalar() && rt.is_python_scalar() {
            (Type::join(&lt, &rt).unwrap_or(Type::Float), Type::Bool)
        } else {
            let d = match (&lt, &rt) {
                (Type::Scalar(a), Type::Scalar(b)) => DType::promote(*a, *b),
                (Type::Scalar(a), p) | (p, Type::Scalar(a)) => promote_weak(*a, p),
                _ => DType::F64,
            };
            (Type::Scalar(d), Type::Scalar(DType::Bool))
        };
        let l = self.coerce(l, &comp, span);
        let r = self.coerce(r, &comp, span);
        self.emit1(Op::Compare(cop), vec![l, r], result, span)
    }

    /// Python truthiness as a `bool`.
    pub fn truth(&mut self, v: ir::Value, span: Span) -> ir::Value {
        match self.ty(v) {
            Type::Bool | Type::Bottom => v,
            Type::None => self.emit1(Op::Const(Const::Bool(false)), vec![], Type::Bool, span),
            Type::Tuple(items) => self.emit1(Op::Const(Const::Bool(!items.is_empty())), vec![], Type::Bool, span),
            t if t.is_scalar() => self.emit1(Op::Truth, vec![v], Type::Bool, span),
            Type::Array(_) => self.error(span, "the truth value of an array is ambiguous; use a.any() or a.all()"),
            t if t.is_object() => self.object_truth(v, span),
            t => self.error(span, format!("truth value of {t} is not supported yet")),
        }
    }

    /// Converts `v` to type `to` where Python or NumPy would do so implicitly
    /// (numeric widening, a C-contiguous array used as a strided one).
    pub fn coerce(&mut self, v: ir::Value, to: &Type, span: Span) -> ir::Value {
        let from = self.ty(v);
        if from == *to || from == Type::Bottom || *to == Type::Bottom {
            return v;
        }
        match (&from, to) {
            (Type::Tuple(a), Type::Tuple(b)) if a.len() == b.len() => {
                let items: Vec<ir::Value> = (0..a.len())
                    .map(|i| {
                        let item = self.tuple_get(v, i, span);
                        self.coerce(item, &b[i], span)
                    })
                    .collect();
                self.make_tuple(items, span)
            }
            (Type::Array(a), Type::Array(b)) if a.dtype == b.dtype && a.ndim == b.ndim => {
                self.emit1(Op::Convert, vec![v], to.clone(), span)
            }
            // Python never converts a complex to a real number implicitly.
            (Type::Complex, t) if t.is_scalar() && !t.scalar_dtype().is_some_and(|d| d.is_complex()) => {
                self.error(span, format!("a complex number cannot be used where kiln needs {to}"))
            }
            _ if from.is_scalar() && to.is_scalar() => self.emit1(Op::Convert, vec![v], to.clone(), span),
            (Type::List(_), Type::List(_)) | (Type::Set(_), Type::Set(_)) | (Type::Dict(_), Type::Dict(_))
                if Type::unify(&from, to).as_ref() == Some(to) =>
            {
                // An empty display whose element type became known.
                if self.retype_empty(v, to) {
                    v
                } else {
                    self.error(span, format!("cannot infer the element type of this {from} (kiln needs it to be {to})"))
                }
            }
            _ => self.error(span, format!("cannot convert {from} to {to}")),
        }
    }

    /// Converts a scalar to an array's element type, as NumPy does for `a[i] = v`.
    pub fn cast_to_element(&mut self, v: ir::Value, d: DType, span: Span) -> ir::Value {
        let ty = self.ty(v);
        if ty == Type::Bottom {
            return v;
        }
        if !ty.is_scalar() {
            return self.error(span, format!("cannot store a value of type {ty} into a {} array element", d.name()));
        }
        if ty.scalar_dtype().is_some_and(|s| s.is_complex()) && !d.is_complex() {
            return self.error(span, "cannot store a complex value into a real array");
        }
        let to = Type::Scalar(d);
        if ty == to {
            return v;
        }
        self.emit1(Op::Convert, vec![v], to, span)
    }
}

pub fn op_symbol(op: ast::Operator) -> &'static str {
    match op {
        ast::Operator::Add => "+",
        ast::Operator::Sub => "-",
        ast::Operator::Mult => "*",
        ast::Operator::MatMult => "@",
        ast::Operator::Div => "/",
        ast::Operator::Mod => "%",
        ast::Operator::Pow => "**",
        ast::Operator::LShift => "<<",
        ast::Operator::RShift => ">>",
        ast::Operator::BitOr => "|",
        ast::Operator::BitXor => "^",
        ast::Operator::BitAnd => "&",
        ast::Operator::FloorDiv => "//",
    }
}

fn cmp_symbol(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
        CmpOp::Eq => "==",
        CmpOp::Ne => "!=",
    }
}
