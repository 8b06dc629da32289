//! Lowering of Python `complex` values: literals (`2j`), the `complex()`
//! constructor, `.real`/`.imag`/`.conjugate()` of numbers, `cmath` calls,
//! and CPython's run-time `TypeError` where a complex number meets an
//! operation that needs a real one (`int(z)`, `float(z)`).
//!
//! In the IR a complex number is built by the `builtins.complex` builtin of
//! two floats (`complex(re, im)` is exactly `re + im*j` in CPython when both
//! are real); arithmetic is `Op::Binary` typed `complex` (operands converted
//! to complex first, as CPython converts them), see `back/complex.rs`.

use rustpython_parser::ast;

use super::FnCx;
use crate::abi::{cmath as code, exc};
use crate::diag::Span;
use crate::ir::{self, Const, Op};
use crate::optable::{self, CmathFn, Lower, OpId};
use crate::types::Type;

impl<'l, 'a> FnCx<'l, 'a> {
    fn float_const(&mut self, x: f64, span: Span) -> ir::Value {
        self.emit1(Op::Const(Const::Float(x)), vec![], Type::Float, span)
    }

    /// The complex `re + im*j` from two floats.
    pub fn make_complex(&mut self, re: ir::Value, im: ir::Value, span: Span) -> ir::Value {
        let Some(id) = optable::lookup("builtins.complex") else { return self.poison() };
        self.emit1(Op::Builtin(id), vec![re, im], Type::Complex, span)
    }

    /// A complex constant.
    pub fn complex_const(&mut self, re: f64, im: f64, span: Span) -> ir::Value {
        let (r, i) = (self.float_const(re, span), self.float_const(im, span));
        self.make_complex(r, i, span)
    }

    /// Whether `t` is a scalar kiln can convert to a Python `complex`
    /// (NumPy complex scalars included: `complex(a[i])`).
    fn complex_operand(t: &Type) -> bool {
        matches!(t, Type::Bool | Type::Int | Type::Float | Type::Complex | Type::Scalar(_))
    }

    /// `v` as a Python complex, or an error naming `what`.
    fn as_complex(&mut self, v: ir::Value, what: &str, span: Span) -> ir::Value {
        let t = self.ty(v);
        match t {
            Type::Complex | Type::Bottom => v,
            _ if Self::complex_operand(&t) => self.emit1(Op::Convert, vec![v], Type::Complex, span),
            _ => self.error(span, format!("`{what}` needs a number, not {t}")),
        }
    }

    /// `v` as a Python float for `cmath.rect` and the tolerances of `isclose`.
    fn as_real(&mut self, v: ir::Value, what: &str, span: Span) -> ir::Value {
        match self.ty(v) {
            Type::Float | Type::Bottom => v,
            t if Self::complex_operand(&t) && t != Type::Complex => self.emit1(Op::Convert, vec![v], Type::Float, span),
            t => self.error(span, format!("`{what}` needs a real number, not {t}")),
        }
    }

    /// `complex()`, `complex(x)`, `complex(re, im)` (CPython's
    /// `complex_new`: a complex `im` contributes `-im.imag` to the real part,
    /// a complex `re` contributes `re.imag` to the imaginary part).
    pub fn complex_ctor(&mut self, args: &[ir::Value], span: Span) -> ir::Value {
        match args {
            [] => self.complex_const(0.0, 0.0, span),
            [x] => self.as_complex(*x, "complex()", span),
            [r, i] => {
                let (rt, it) = (self.ty(*r), self.ty(*i));
                if rt == Type::Bottom || it == Type::Bottom {
                    return self.poison();
                }
                if rt != Type::Complex && it != Type::Complex {
                    let re = self.as_real(*r, "complex()", span);
                    let im = self.as_real(*i, "complex()", span);
                    return self.make_complex(re, im, span);
                }
                let (mut re, mut im) = if rt == Type::Complex {
                    (self.complex_part(*r, true, span), self.complex_part(*r, false, span))
                } else {
                    (self.as_real(*r, "complex()", span), self.float_const(0.0, span))
                };
                if it == Type::Complex {
                    let (ir_, ii) = (self.complex_part(*i, true, span), self.complex_part(*i, false, span));
                    re = self.emit1(Op::Binary(ir::BinaryOp::Sub), vec![re, ii], Type::Float, span);
                    if rt == Type::Complex {
                        im = self.emit1(Op::Binary(ir::BinaryOp::Add), vec![ir_, im], Type::Float, span);
                    } else {
                        im = ir_;
                    }
                } else {
                    let i = self.as_real(*i, "complex()", span);
                    im = self.emit1(Op::Binary(ir::BinaryOp::Add), vec![i, im], Type::Float, span);
                }
                self.make_complex(re, im, span)
            }
            _ => self.error(span, "complex() takes at most 2 arguments"),
        }
    }

    fn complex_part(&mut self, z: ir::Value, real: bool, span: Span) -> ir::Value {
        let Some(id) = optable::lookup(if real { "complex.real" } else { "complex.imag" }) else { return self.poison() };
        self.emit1(Op::Builtin(id), vec![z], Type::Float, span)
    }

    /// `x.real`, `x.imag` of a number; `None` for other attributes.
    pub fn number_attribute(&mut self, v: ir::Value, attr: &str, span: Span) -> Option<ir::Value> {
        let t = self.ty(v);
        let real = match attr {
            "real" => true,
            "imag" => false,
            _ => return None,
        };
        Some(match t {
            Type::Complex => self.complex_part(v, real, span),
            // `True.real` is the int 1.
            Type::Bool => {
                let i = self.emit1(Op::Convert, vec![v], Type::Int, span);
                if real {
                    i
                } else {
                    self.const_int(0, span)
                }
            }
            Type::Int if !real => self.const_int(0, span),
            Type::Float if !real => self.float_const(0.0, span),
            Type::Int | Type::Float => v,
            _ => return None,
        })
    }

    /// `x.conjugate()`.
    pub fn conjugate(&mut self, v: ir::Value, id: OpId, span: Span) -> ir::Value {
        match self.ty(v) {
            Type::Complex => self.emit1(Op::Builtin(id), vec![v], Type::Complex, span),
            Type::Bool => self.emit1(Op::Convert, vec![v], Type::Int, span),
            Type::Int | Type::Float | Type::Bottom => v,
            t => self.error(span, format!("`.conjugate()` of {t} is not supported")),
        }
    }

    /// CPython's `TypeError` for `int(z)` (`result` int) or `float(z)`,
    /// raised at run time as CPython raises it.
    pub fn complex_type_error(&mut self, result: Type, span: Span) -> ir::Value {
        let what = if result == Type::Int {
            "int() argument must be a string, a bytes-like object or a real number"
        } else {
            "float() argument must be a string or a real number"
        };
        self.raise_error(exc::TYPE_ERROR, format!("{what}, not 'complex'"), span);
        match result {
            Type::Int => self.const_int(0, span),
            _ => self.float_const(0.0, span),
        }
    }

    /// A call of a `cmath` function.
    pub fn call_cmath(&mut self, id: OpId, f: CmathFn, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let name = optable::get(id).name;
        let (min, max) = match f {
            CmathFn::Unary(code::LOG) => (1, 2),
            CmathFn::Rect | CmathFn::IsClose => (2, 2),
            _ => (1, 1),
        };
        if f != CmathFn::IsClose && !c.keywords.is_empty() {
            return self.error(span, format!("`{name}` does not take keyword arguments"));
        }
        if c.args.len() < min || c.args.len() > max {
            return self.error(span, format!("`{name}` takes {min} to {max} positional arguments ({} given)", c.args.len()));
        }
        let args: Vec<ir::Value> = c.args.iter().map(|a| self.value_expr(a)).collect();
        if args.iter().any(|a| self.ty(*a) == Type::Bottom) {
            return self.poison();
        }
        match f {
            CmathFn::Unary(_) => {
                let zs: Vec<ir::Value> = args.iter().map(|a| self.as_complex(*a, name, span)).collect();
                self.emit1(Op::Builtin(id), zs, Type::Complex, span)
            }
            CmathFn::Phase | CmathFn::Polar | CmathFn::Pred(_) => {
                let z = self.as_complex(args[0], name, span);
                let ty = match f {
                    CmathFn::Phase => Type::Float,
                    CmathFn::Polar => Type::tuple(vec![Type::Float, Type::Float]),
                    _ => Type::Bool,
                };
                self.emit1(Op::Builtin(id), vec![z], ty, span)
            }
            CmathFn::Rect => {
                let r = self.as_real(args[0], name, span);
                let phi = self.as_real(args[1], name, span);
                self.emit1(Op::Builtin(id), vec![r, phi], Type::Complex, span)
            }
            CmathFn::IsClose => {
                let a = self.as_complex(args[0], name, span);
                let b = self.as_complex(args[1], name, span);
                let mut rel = None;
                let mut abs = None;
                for k in &c.keywords {
                    let v = self.value_expr(&k.value);
                    match k.arg.as_deref() {
                        Some("rel_tol") => rel = Some(self.as_real(v, name, span)),
                        Some("abs_tol") => abs = Some(self.as_real(v, name, span)),
                        _ => return self.error(span, format!("`{name}` takes only the keywords rel_tol and abs_tol")),
                    }
                }
                let rel = match rel {
                    Some(r) => r,
                    None => self.float_const(1e-9, span),
                };
                let abs = match abs {
                    Some(a) => a,
                    None => self.float_const(0.0, span),
                };
                self.emit1(Op::Builtin(id), vec![a, b, rel, abs], Type::Bool, span)
            }
        }
    }

    /// A constant attribute of `cmath` (`cmath.infj`).
    pub fn complex_const_op(&mut self, id: OpId, span: Span) -> Option<ir::Value> {
        match optable::get(id).lower {
            Lower::ComplexConst(re, im) => Some(self.complex_const(re, im, span)),
            _ => None,
        }
    }
}

/// Whether `t` is a NumPy complex scalar type (not supported yet).
pub fn is_np_complex(t: &Type) -> bool {
    matches!(t, Type::Scalar(d) if d.is_complex())
}
