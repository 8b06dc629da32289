//! NumPy dtype objects: `x.dtype` of an array or NumPy scalar, its
//! `.itemsize`/`.name`, comparisons of dtypes (`a.dtype == np.float64`),
//! and dtype values used where a dtype is expected (`np.zeros(n, a.dtype)`).
//!
//! A dtype is fixed by the static types, so a dtype value
//! (`Type::DTypeObj`) has no machine parts: it is created by a typed
//! `Const::None`, every question about it is answered at compile time, and
//! a returned one becomes `np.dtype(...)` in the trampoline.

use rustpython_parser::ast;

use super::{FnCx, Operand};
use crate::diag::Span;
use crate::ir::{self, Const, Op};
use crate::optable::{self, Lower};
use crate::types::{DType, Type};

impl<'l, 'a> FnCx<'l, 'a> {
    /// `v.dtype` for an array or NumPy scalar `v`.
    pub fn dtype_value(&mut self, d: DType, span: Span) -> ir::Value {
        self.emit1(Op::Const(Const::None), vec![], Type::DTypeObj(d), span)
    }

    /// An attribute of a dtype value.
    pub fn dtype_attribute(&mut self, d: DType, attr: &str, span: Span) -> ir::Value {
        match attr {
            "itemsize" => self.const_int(d.itemsize() as i64, span),
            "name" => self.str_const(d.name(), span),
            _ => self.error(span, format!("dtype attribute `.{attr}` is not supported yet (only `.itemsize` and `.name`)")),
        }
    }

    /// The dtype an operand stands for: a NumPy type (`np.float64`), a
    /// builtin type (`float`), or a dtype value. `strong` is false for the
    /// builtins, which are dtypes only where a dtype is expected.
    pub fn operand_dtype(&self, o: &Operand) -> Option<(DType, bool)> {
        match o {
            Operand::DType(d) => Some((*d, true)),
            Operand::Val(v) => match self.ty(*v) {
                Type::DTypeObj(d) => Some((d, true)),
                _ => None,
            },
            Operand::Op(id) => match optable::get(*id).lower {
                Lower::ToComplex => Some((DType::C128, false)),
                Lower::ToFloat => Some((DType::F64, false)),
                Lower::ToInt => Some((DType::I64, false)),
                Lower::ToBool => Some((DType::Bool, false)),
                _ => None,
            },
            _ => None,
        }
    }

    /// `l == r` / `l != r` where one side is a dtype: decided at compile
    /// time. `None` when neither side is a dtype (the caller compares values).
    pub fn dtype_compare(&mut self, c: &'a ast::ExprCompare, span: Span) -> Option<ir::Value> {
        let [op @ (ast::CmpOp::Eq | ast::CmpOp::NotEq)] = c.ops.as_slice() else { return None };
        let names_dtype = |e: &ast::Expr| matches!(e, ast::Expr::Attribute(a) if a.attr.as_str() == "dtype");
        let right = &c.comparators[0];
        if !names_dtype(&c.left) && !names_dtype(right) {
            // Only `x.dtype` spelled out, or a variable holding one, starts a dtype comparison.
            let holds = |fx: &Self, e: &ast::Expr| match e {
                ast::Expr::Name(n) => {
                    let key = fx.name_key(n);
                    let slot_ty = fx.slots.get(&key).map(|s| fx.func.slots[*s].ty.clone());
                    matches!(slot_ty.or_else(|| fx.var_types.get(&key).cloned()), Some(Type::DTypeObj(_)))
                }
                _ => false,
            };
            if !holds(self, &c.left) && !holds(self, right) {
                return None;
            }
        }
        let lo = self.expr(&c.left);
        let ro = self.expr(right);
        let side = |fx: &Self, o: &Operand, e: &ast::Expr| match e {
            ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) => DType::from_name(s).map(|d| (d, false)),
            _ => fx.operand_dtype(o),
        };
        let (ld, rd) = (side(self, &lo, &c.left), side(self, &ro, right));
        let eq = match (ld, rd) {
            (Some((a, _)), Some((b, _))) => a == b,
            _ => return Some(self.error(span, "a dtype can only be compared with a dtype (`np.float64`, `float`, `'int32'`, `x.dtype`)")),
        };
        Some(self.emit1(Op::Const(Const::Bool(eq == (*op == ast::CmpOp::Eq))), vec![], Type::Bool, span))
    }
}
