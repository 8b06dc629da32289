//! NumPy's dtype resolution for elementwise operations.
//!
//! Given an elementwise function and its operands' kiln types, this gives
//! the dtype the computation runs in and the dtype of the result, following
//! NumPy 2 (NEP 50): arrays and NumPy scalars are "strong" and promote with
//! `np.result_type`; Python scalars are "weak" and only raise the kind
//! (`int8_array + 1.5` is float64, `float32_array + 1.5` stays float32).
//!
//! Both the front end (typing `a + b`, `np.sqrt(a)`) and the kernel pass
//! (building each kernel's scalar body) use these rules, so the two agree.

use crate::ir::{BinaryOp, ElemFn, UnaryOp};
use crate::optable::{self, DTypeRule, Lower, UfuncScalar};
use crate::types::{promote_weak, DType, Type};

/// `np.result_type` of the operands under NEP 50; `None` when an operand is
/// not numeric.
pub fn promote(types: &[Type]) -> Option<DType> {
    let mut strong: Option<DType> = None;
    let mut weak: Option<Type> = None;
    for t in types {
        match t {
            Type::Array(a) => strong = Some(strong.map_or(a.dtype, |s| DType::promote(s, a.dtype))),
            Type::Scalar(d) => strong = Some(strong.map_or(*d, |s| DType::promote(s, *d))),
            t if t.is_python_scalar() => weak = Some(weak.as_ref().map_or(t.clone(), |w| Type::join(w, t).unwrap_or(Type::Float))),
            _ => return None,
        }
    }
    match (strong, weak) {
        (Some(s), Some(w)) => Some(promote_weak(s, &w)),
        (Some(s), None) => Some(s),
        (None, Some(w)) => w.scalar_dtype(),
        (None, None) => None,
    }
}

/// The computation dtype and result dtype of an elementwise function, or
/// NumPy's error message.
pub fn elementwise(fun: &ElemFn, args: &[Type]) -> Result<(DType, DType), String> {
    match fun {
        ElemFn::Select => {
            let d = promote(&args[1..]).ok_or("np.where needs numeric values")?;
            Ok((d, d))
        }
        ElemFn::Cast => Err("a cast's dtype is given, not inferred".into()),
        ElemFn::Clip { .. } => {
            let d = promote(args).ok_or("np.clip needs numeric values")?;
            if d.is_complex() {
                return Err("np.clip of complex values is not supported yet".into());
            }
            Ok((d, d))
        }
        _ => {
            let d = promote(args).ok_or("elementwise operations need numbers or numeric arrays")?;
            let (comp, result) = resolve(fun, d)?;
            // Comparing with a Python int is exact in NumPy 2 (`int8_array > 300`
            // is all False): compare in int64 rather than wrapping the int.
            if matches!(fun, ElemFn::Compare(_)) && comp.is_int() && comp != DType::U64 && args.contains(&Type::Int) {
                return Ok((DType::I64, result));
            }
            Ok((comp, result))
        }
    }
}

fn resolve(fun: &ElemFn, d: DType) -> Result<(DType, DType), String> {
    use BinaryOp::*;
    let int_or_bool = d.is_int() || d == DType::Bool;
    Ok(match fun {
        ElemFn::Binary(op) => match op {
            // NumPy's true_divide loops for integers and bools give float64.
            Div => {
                let f = if d.is_float() || d.is_complex() { d } else { DType::F64 };
                (f, f)
            }
            Sub if d == DType::Bool => {
                return Err("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.".into())
            }
            Add | Mul => (d, d),
            FloorDiv | Mod | Pow | Sub | Shl | Shr if d == DType::Bool => (DType::I8, DType::I8),
            BitAnd | BitOr | BitXor if !int_or_bool => return Err(format!("ufunc 'bitwise' not supported for the input types ({})", d.name())),
            Shl | Shr if !d.is_int() => return Err(format!("ufunc 'shift' not supported for the input types ({})", d.name())),
            _ if d.is_complex() && matches!(op, FloorDiv | Mod) => return Err("complex floor division and modulo are not supported".into()),
            _ => (d, d),
        },
        ElemFn::Unary(op) => match op {
            UnaryOp::Neg if d == DType::Bool => {
                return Err("The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.".into())
            }
            UnaryOp::Invert if !int_or_bool => return Err(format!("ufunc 'invert' not supported for the input types ({})", d.name())),
            UnaryOp::Not => (DType::Bool, DType::Bool),
            _ => (d, d),
        },
        ElemFn::Compare(_) => (d, DType::Bool),
        ElemFn::Builtin(id) => match optable::get(*id).lower {
            Lower::Ufunc { scalar, .. } if d.is_complex() && !scalar.has_complex_loop() => {
                let name = optable::get(*id).name.trim_start_matches("numpy.");
                return Err(format!("`np.{name}` of complex values ({}) is not supported yet", d.name()));
            }
            Lower::Ufunc { rule, scalar, .. } => match (rule, scalar) {
                (DTypeRule::Real, _) => (d, d.real_part()),
                // The modulus and the argument of a complex number are real.
                (DTypeRule::RealFloat | DTypeRule::Same, UfuncScalar::Angle | UfuncScalar::Abs) if d.is_complex() => (d, d.real_part()),
                // `angle` is `arctan2(0, x)` with a weak 0: bools become int64.
                (DTypeRule::RealFloat, _) if d == DType::Bool => (DType::F64, DType::F64),
                (DTypeRule::RealFloat, _) => (d.float_result(), d.float_result()),
                (_, UfuncScalar::Logical(_) | UfuncScalar::LogicalNot) => (DType::Bool, DType::Bool),
                (DTypeRule::Bool, _) => (d, DType::Bool),
                (DTypeRule::Float, _) => (d.float_result(), d.float_result()),
                (DTypeRule::Same, UfuncScalar::Sign) if d == DType::Bool => return Err("ufunc 'sign' not supported for boolean input".into()),
                (DTypeRule::Same, UfuncScalar::Square | UfuncScalar::Reciprocal | UfuncScalar::Conj) if d == DType::Bool => (DType::I8, DType::I8),
                (DTypeRule::Same, _) => (d, d),
            },
            _ => return Err(format!("`{}` is not elementwise", optable::get(*id).name)),
        },
        ElemFn::Select | ElemFn::Cast | ElemFn::Clip { .. } => unreachable!("handled by `elementwise`"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Layout;

    fn arr(d: DType) -> Type {
        Type::array(d, 1, Layout::C)
    }

    #[test]
    fn weak_scalars() {
        // Checked against NumPy 2.4.
        assert_eq!(promote(&[arr(DType::I8), Type::Float]), Some(DType::F64));
        assert_eq!(promote(&[arr(DType::F32), Type::Float]), Some(DType::F32));
        assert_eq!(promote(&[arr(DType::I32), Type::Int]), Some(DType::I32));
        assert_eq!(promote(&[arr(DType::I32), Type::Scalar(DType::I64)]), Some(DType::I64));
        assert_eq!(promote(&[Type::Int, Type::Float]), Some(DType::F64));
    }

    #[test]
    fn division_and_bools() {
        let div = ElemFn::Binary(BinaryOp::Div);
        assert_eq!(elementwise(&div, &[arr(DType::I32), arr(DType::I32)]), Ok((DType::F64, DType::F64)));
        assert_eq!(elementwise(&div, &[arr(DType::I8), arr(DType::I8)]), Ok((DType::F64, DType::F64)));
        assert_eq!(elementwise(&div, &[arr(DType::F32), Type::Int]), Ok((DType::F32, DType::F32)));
        assert!(elementwise(&ElemFn::Binary(BinaryOp::Sub), &[arr(DType::Bool), arr(DType::Bool)]).is_err());
        assert_eq!(elementwise(&ElemFn::Binary(BinaryOp::Add), &[arr(DType::Bool), arr(DType::Bool)]), Ok((DType::Bool, DType::Bool)));
    }
}
