//! Lowering of calls: to module functions (instantiated per argument
//! types), to operation-table entries (builtins, `math`, NumPy), and to NumPy
//! dtypes used as conversion functions (`np.float32(x)`).

use rustpython_parser::ast;

use super::{FnCx, Operand};
use crate::diag::{Diagnostic, Span};
use crate::front::module::{eval_const, span_of_expr, ConstValue};
use crate::ir::{self, BinaryOp, Const, Op};
use crate::optable::{self, Lower, OpId};
use crate::types::{DType, Layout, Type};

impl<'l, 'a> FnCx<'l, 'a> {
    pub fn call(&mut self, c: &'a ast::ExprCall, span: Span) -> Operand {
        if let Some(v) = self.call_of_itemgetter(c, span) {
            return Operand::Val(v);
        }
        let callee = self.expr(&c.func);
        let v = match callee {
            Operand::Func(i) => self.call_user(i, c, span),
            Operand::Inline(i) => self.call_inline(i, c, span),
            Operand::Op(id) => self.call_op(id, c, span),
            Operand::DType(d) => {
                if c.args.len() != 1 || !c.keywords.is_empty() {
                    return Operand::Val(self.error(span, format!("`{}(...)` takes exactly one argument", d.name())));
                }
                let v = self.value_expr(&c.args[0]);
                if self.ty(v).as_array().is_some() {
                    self.cast_array(v, d, span)
                } else {
                    self.cast_to_element(v, d, span)
                }
            }
            Operand::Unknown(name) => self.unknown_name_error(&name, span_of_expr(&c.func)),
            Operand::ObjMethod(recv, attr, var) => self.call_obj_method(recv, &attr, var.as_deref(), c, span),
            Operand::Module(_) => self.error(span, "a module is not callable"),
            Operand::Method(recv, id) => match optable::get(id).lower {
                Lower::Numpy(f) => self.call_numpy(id, f, Some(recv), c, span),
                Lower::Conjugate if c.args.is_empty() && c.keywords.is_empty() => self.conjugate(recv, id, span),
                Lower::Conjugate => self.error(span, "`conjugate()` takes no arguments"),
                Lower::Ufunc { .. } if c.args.is_empty() && c.keywords.is_empty() => {
                    self.elementwise(ir::ElemFn::Builtin(id), vec![recv], span)
                }
                Lower::Ufunc { .. } => self.error(span, "`conj()` takes no arguments in kiln"),
                _ => self.error(span, "this method is not supported yet"),
            },
            Operand::Val(v) => {
                if self.ty(v) == Type::Bottom {
                    self.poison()
                } else {
                    self.error(span, format!("calling a value of type {} is not supported", self.ty(v)))
                }
            }
        };
        Operand::Val(v)
    }

    pub(super) fn call_user(&mut self, func: usize, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let def = self.lw.info.funcs[func];
        if crate::front::generators::is_generator(def) {
            return self.generator_as_value(def, span);
        }
        let params: Vec<&ast::ArgWithDefault> = def.args.posonlyargs.iter().chain(def.args.args.iter()).collect();
        if c.args.len() > params.len() {
            let d = Diagnostic::error(
                span,
                format!("`{}` takes {} positional arguments but {} were given", def.name, params.len(), c.args.len()),
            )
            .with_secondary(crate::front::lower::span_of_def(def), format!("`{}` is defined here", def.name));
            self.diags.push(d);
            return self.poison();
        }
        let mut fns: Vec<Option<super::FnRef>> = vec![None; params.len()];
        let Some(slots) = self.argument_slots(def.name.as_str(), &params, c, Some(&mut fns), span) else { return self.poison() };
        // Missing arguments take their defaults; trailing ones are filled in by
        // the callee, so that `f(x)` and `f(x, default)` share nothing but
        // also need no constant at the call site.
        let captures = self.lw.info.lifted.get(&func).map(|l| l.captures.clone());
        // A lifted nested function takes the captured variables after all of
        // its parameters, so its defaults are filled in here.
        let last_given = if captures.is_some() { params.len() } else { slots.iter().rposition(Option::is_some).map_or(0, |p| p + 1) };
        let mut args = Vec::new();
        for (i, p) in params.iter().enumerate().take(last_given) {
            let v = match slots[i] {
                Some(v) => v,
                None => match &p.default {
                    Some(d) => match eval_const(d, self.lw.info) {
                        Ok(cv) => self.const_value(&cv, span),
                        Err(why) => return self.error(span_of_expr(d), format!("unsupported default value: {why}")),
                    },
                    None => return self.error(span, format!("`{}` missing required argument `{}`", def.name, p.def.arg)),
                },
            };
            args.push(v);
        }
        for p in params.iter().skip(last_given) {
            if p.default.is_none() {
                return self.error(span, format!("`{}` missing required argument `{}`", def.name, p.def.arg));
            }
        }
        for name in captures.iter().flatten() {
            if self.inline_names.contains_key(name) {
                return self.error(
                    span,
                    format!("`{}` uses `{name}`, a lambda of the enclosing function; kiln cannot pass lambdas to nested functions with statements", def.name),
                );
            }
            let v = self.read_var(name, span);
            args.push(v);
        }
        let types: Vec<Type> = args.iter().map(|a| self.ty(*a)).collect();
        if types.iter().any(Type::contains_bottom) {
            return self.poison();
        }
        // Function arguments select the instance and pass no value.
        let fns: Vec<Option<super::FnRef>> = fns.into_iter().take(args.len()).collect();
        let args: Vec<ir::Value> =
            args.iter().zip(fns.iter().chain(std::iter::repeat(&None))).filter(|(_, f)| f.is_none()).map(|(a, _)| *a).collect();
        if types.iter().any(Type::contains_bottom_deep) {
            // An empty container whose element type is still being inferred:
            // instantiating the callee for it would only give a useless instance.
            return self.error(
                span,
                format!("cannot infer the element type of an empty container passed to `{}`; give it an element type", def.name),
            );
        }
        let (callee, ret) = if fns.iter().any(Option::is_some) {
            self.lw.instance_with(func, types, fns, Some(self.id))
        } else {
            self.lw.instance(func, types, Some(self.id))
        };
        self.emit1(Op::Call(callee), args, ret, span)
    }

    /// The arguments of a call to a Python-level function, evaluated left to
    /// right and placed by position and keyword into one slot per parameter
    /// (`None`: not given). The caller has checked the positional count.
    /// `None` after reporting `*args`, `**kwargs`, unknown or repeated keywords.
    pub(super) fn argument_slots(
        &mut self,
        fname: &str,
        params: &[&'a ast::ArgWithDefault],
        c: &'a ast::ExprCall,
        mut fns: Option<&mut Vec<Option<super::FnRef>>>,
        span: Span,
    ) -> Option<Vec<Option<ir::Value>>> {
        let mut slots: Vec<Option<ir::Value>> = vec![None; params.len()];
        // With `fns`, a function argument is recorded there (its slot holds `None`).
        let mut arg = |fx: &mut Self, i: usize, a: &'a ast::Expr| -> ir::Value {
            let Some(fns) = fns.as_deref_mut() else { return fx.value_expr(a) };
            let op = fx.expr(a);
            match fx.fn_ref_of(&op, span_of_expr(a)) {
                Some(f) => {
                    fns[i] = f;
                    if f.is_none() {
                        return fx.poison();
                    }
                    fx.emit1(ir::Op::Const(Const::None), vec![], Type::None, span_of_expr(a))
                }
                None => fx.to_value(op, span_of_expr(a)),
            }
        };
        for (i, a) in c.args.iter().enumerate() {
            if matches!(a, ast::Expr::Starred(_)) {
                self.error(span_of_expr(a), "`*args` in calls is not supported");
                return None;
            }
            slots[i] = Some(arg(self, i, a));
        }
        for k in &c.keywords {
            let Some(name) = &k.arg else {
                self.error(span, "`**kwargs` in calls is not supported");
                return None;
            };
            let Some(pos) = params.iter().position(|p| p.def.arg.as_str() == name.as_str()) else {
                self.error(span_of_expr(&k.value), format!("`{fname}` got an unexpected keyword argument `{name}`"));
                return None;
            };
            if slots[pos].is_some() {
                self.error(span_of_expr(&k.value), format!("`{fname}` got multiple values for argument `{name}`"));
                return None;
            }
            slots[pos] = Some(arg(self, pos, &k.value));
        }
        Some(slots)
    }

    pub(super) fn positional(&mut self, c: &'a ast::ExprCall, name: &str, min: usize, max: usize, span: Span) -> Option<Vec<ir::Value>> {
        if !c.keywords.is_empty() {
            self.diags.push(Diagnostic::error(span, format!("`{name}` does not take keyword arguments in kiln")));
            return None;
        }
        if c.args.len() < min || c.args.len() > max {
            let expected = if min == max { format!("{min}") } else { format!("{min} to {max}") };
            self.diags.push(Diagnostic::error(span, format!("`{name}` takes {expected} arguments ({} given)", c.args.len())));
            return None;
        }
        Some(c.args.iter().map(|a| self.value_expr(a)).collect())
    }

    /// Converts a number to a Python float, for `math` functions.
    pub(super) fn float_arg(&mut self, v: ir::Value, fname: &str, span: Span) -> ir::Value {
        match self.ty(v) {
            Type::Float | Type::Bottom => v,
            t if t.is_scalar() && !t.scalar_dtype().is_some_and(DType::is_complex) => self.emit1(Op::Convert, vec![v], Type::Float, span),
            t => self.error(span, format!("`{fname}` needs a real number, not {t}")),
        }
    }

    fn call_op(&mut self, id: OpId, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let def = optable::get(id);
        let name = def.name.strip_prefix("builtins.").unwrap_or(def.name);
        match def.lower {
            Lower::FloatFn { arity, .. } => {
                let max = if name == "math.log" { 2 } else { arity as usize };
                let Some(args) = self.positional(c, name, arity as usize, max, span) else { return self.poison() };
                let args: Vec<ir::Value> = args.into_iter().map(|a| self.float_arg(a, name, span)).collect();
                if args.len() == 2 && arity == 1 {
                    // math.log(x, base) is log(x) / log(base), with CPython's
                    // ZeroDivisionError when log(base) is 0.
                    let num = self.emit1(Op::Builtin(id), vec![args[0]], Type::Float, span);
                    let den = self.emit1(Op::Builtin(id), vec![args[1]], Type::Float, span);
                    return self.emit1(Op::Binary(BinaryOp::Div), vec![num, den], Type::Float, span);
                }
                self.emit1(Op::Builtin(id), args, Type::Float, span)
            }
            Lower::FloatToInt(round) => {
                if round == optable::Round::HalfEven && (c.args.len() == 2 || !c.keywords.is_empty()) {
                    return self.round_ndigits(id, c, span);
                }
                let Some(args) = self.positional(c, name, 1, 1, span) else { return self.poison() };
                if round == optable::Round::HalfEven && matches!(self.ty(args[0]), Type::Scalar(d) if d.is_float()) {
                    // NumPy scalars round to NumPy scalars (`np.float64.__round__`).
                    return self
                        .error(span, "not supported yet: `round()` of a NumPy scalar; use `np.round`, or convert with `float()` first");
                }
                match self.ty(args[0]) {
                    Type::Int | Type::Bottom => args[0],
                    t if t.is_int_like() => self.emit1(Op::Convert, vec![args[0]], Type::Int, span),
                    _ => {
                        let f = self.float_arg(args[0], name, span);
                        self.emit1(Op::Builtin(id), vec![f], Type::Int, span)
                    }
                }
            }
            Lower::FloatPred(_) => {
                let Some(args) = self.positional(c, name, 1, 1, span) else { return self.poison() };
                let f = self.float_arg(args[0], name, span);
                self.emit1(Op::Builtin(id), vec![f], Type::Bool, span)
            }
            Lower::IntFn(f) => {
                let n = match f {
                    optable::IntFn::Gcd => 2,
                    optable::IntFn::Factorial => 1,
                };
                let Some(args) = self.positional(c, name, n, n, span) else { return self.poison() };
                let args: Vec<ir::Value> = args.into_iter().map(|a| self.as_index_int(a, span, name)).collect();
                self.emit1(Op::Builtin(id), args, Type::Int, span)
            }
            Lower::FloatConst(_) | Lower::ComplexConst(..) => self.error(span, format!("`{name}` is a constant, not a function")),
            Lower::ToComplex => {
                if !c.keywords.is_empty() {
                    return self.error(span, "`complex()` does not take keyword arguments in kiln");
                }
                let args: Vec<ir::Value> = c.args.iter().map(|a| self.value_expr(a)).collect();
                self.complex_ctor(&args, span)
            }
            Lower::Cmath(f) => self.call_cmath(id, f, c, span),
            Lower::ComplexPart(_) | Lower::Conjugate => self.error(span, format!("`{name}` is not callable this way")),
            Lower::IsInstance => {
                if c.args.len() != 2 || !c.keywords.is_empty() {
                    return self.error(span, "isinstance() takes exactly 2 positional arguments");
                }
                let v = self.value_expr(&c.args[0]);
                let ty = self.ty(v);
                if ty == Type::Bottom {
                    return self.poison();
                }
                let classes: Vec<&'a ast::Expr> = match &c.args[1] {
                    ast::Expr::Tuple(t) => t.elts.iter().collect(),
                    other => vec![other],
                };
                let mut result = false;
                for cls in classes {
                    let cspan = span_of_expr(cls);
                    let name = match self.expr(cls) {
                        Operand::Op(id) => optable::get(id).name.to_string(),
                        Operand::Unknown(q) => q,
                        _ => String::new(),
                    };
                    let Some(hit) = isinstance_of(&ty, &name) else {
                        return self.error(cspan, "not supported yet: this class in isinstance(); kiln knows int, float, bool, str, list, tuple, dict, set and numpy.ndarray");
                    };
                    result |= hit;
                }
                self.emit1(Op::Const(Const::Bool(result)), vec![], Type::Bool, span)
            }
            Lower::DivMod | Lower::Pow => {
                if def.lower == Lower::Pow && (c.args.len() == 3 || !c.keywords.is_empty()) {
                    return self.pow_mod(c, span);
                }
                let Some(args) = self.positional(c, name, 2, 2, span) else { return self.poison() };
                if def.lower == Lower::Pow {
                    return self.binary(ast::Operator::Pow, args[0], args[1], span);
                }
                if self.ty(args[0]) == Type::Float || self.ty(args[1]) == Type::Float {
                    // CPython names the function in this one message.
                    let b = self.coerce(args[1], &Type::Float, span);
                    let zero = self.emit1(Op::Const(Const::Float(0.0)), vec![], Type::Float, span);
                    let is_zero = self.emit1(Op::Compare(ir::CmpOp::Eq), vec![b, zero], Type::Bool, span);
                    self.raise_when(is_zero, crate::abi::exc::ZERO_DIVISION_ERROR, "float divmod()", span);
                }
                let q = self.binary(ast::Operator::FloorDiv, args[0], args[1], span);
                let r = self.binary(ast::Operator::Mod, args[0], args[1], span);
                self.make_tuple(vec![q, r], span)
            }
            Lower::Abs => {
                let Some(args) = self.positional(c, name, 1, 1, span) else { return self.poison() };
                if self.ty(args[0]).as_array().is_some() {
                    let Some(abs) = optable::lookup("numpy.absolute") else { return self.poison() };
                    return self.elementwise(ir::ElemFn::Builtin(abs), args, span);
                }
                let ty = match self.ty(args[0]) {
                    Type::Bool => Type::Int,
                    Type::Bottom => return self.poison(),
                    Type::Complex => return self.emit1(Op::Builtin(id), vec![args[0]], Type::Float, span),
                    Type::Scalar(d) if d.is_complex() => {
                        return self.emit1(Op::Builtin(id), vec![args[0]], Type::Scalar(d.real_part()), span)
                    }
                    t if t.is_scalar() && !t.scalar_dtype().is_some_and(DType::is_complex) => t,
                    t => return self.error(span, format!("bad operand type for abs(): {t}")),
                };
                let v = self.coerce(args[0], &ty, span);
                self.emit1(Op::Builtin(id), vec![v], ty, span)
            }
            Lower::Min | Lower::Max if c.args.len() == 1 && c.keywords.is_empty() => {
                self.minmax_iterable(def.lower == Lower::Min, &c.args[0], span)
            }
            Lower::Min | Lower::Max => {
                let Some(args) = self.positional(c, name, 2, usize::MAX, span) else { return self.poison() };
                let mut ty = Type::Bottom;
                for a in &args {
                    let t = self.ty(*a);
                    // Complex values have no order in Python; NumPy's complex
                    // scalars order lexicographically, which kiln does not do yet.
                    if (!t.is_scalar() && t != Type::Bottom) || t.scalar_dtype().is_some_and(DType::is_complex) {
                        return self.error(span, format!("`{name}` of {t} is not supported yet"));
                    }
                    ty = match Type::join(&ty, &t) {
                        Some(j) => j,
                        None => return self.error(span, format!("`{name}` arguments have incompatible types")),
                    };
                }
                if ty == Type::Bool {
                    ty = Type::Bool;
                }
                let mut acc = self.coerce(args[0], &ty, span);
                for a in &args[1..] {
                    let b = self.coerce(*a, &ty, span);
                    acc = self.emit1(Op::Builtin(id), vec![acc, b], ty.clone(), span);
                }
                acc
            }
            Lower::ToInt => {
                let Some(args) = self.positional(c, name, 0, 1, span) else { return self.poison() };
                let Some(&a) = args.first() else { return self.const_int(0, span) };
                match self.ty(a) {
                    Type::Int | Type::Bottom => a,
                    Type::Complex => self.complex_type_error(Type::Int, span),
                    t if t.is_scalar() && !t.scalar_dtype().is_some_and(DType::is_complex) => {
                        self.emit1(Op::Convert, vec![a], Type::Int, span)
                    }
                    t => self.error(span, format!("int() argument must be a number, not {t}")),
                }
            }
            Lower::ToFloat => {
                if let [ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. })] = c.args.as_slice() {
                    return match parse_float_literal(s) {
                        Some(f) => self.emit1(Op::Const(Const::Float(f)), vec![], Type::Float, span),
                        None => self.error(span, format!("could not convert string to float: '{s}'")),
                    };
                }
                let Some(args) = self.positional(c, name, 0, 1, span) else { return self.poison() };
                let Some(&a) = args.first() else { return self.emit1(Op::Const(Const::Float(0.0)), vec![], Type::Float, span) };
                if self.ty(a) == Type::Complex {
                    return self.complex_type_error(Type::Float, span);
                }
                self.float_arg(a, "float()", span)
            }
            Lower::ToBool => {
                let Some(args) = self.positional(c, name, 0, 1, span) else { return self.poison() };
                match args.first() {
                    Some(&a) => self.truth(a, span),
                    None => self.emit1(Op::Const(Const::Bool(false)), vec![], Type::Bool, span),
                }
            }
            Lower::Len => {
                if let [arg @ (ast::Expr::Call(_) | ast::Expr::SetComp(_))] = c.args.as_slice() {
                    self.len_only_set = Some(span_of_expr(arg));
                }
                let args = self.positional(c, name, 1, 1, span);
                self.len_only_set = None;
                let Some(args) = args else { return self.poison() };
                match self.ty(args[0]) {
                    Type::Array(at) if at.ndim >= 1 => self.emit1(Op::ArrayDim(0), vec![args[0]], Type::Int, span),
                    Type::Array(_) => self.error(span, "len() of unsized object"),
                    Type::Tuple(items) => self.const_int(items.len() as i64, span),
                    t if t.is_object() => self.obj_len(args[0], span),
                    Type::Bottom => self.poison(),
                    t => self.error(span, format!("len() of {t} is not supported yet")),
                }
            }
            Lower::Range => self.error(span, "`range(...)` is only supported as the iterable of a `for` loop for now"),
            Lower::Alloc(fill) => self.alloc(id, fill, c, span),
            Lower::Attr(_) => self.error(span, format!("`{name}` is not callable")),
            Lower::Numpy(f) => self.call_numpy(id, f, None, c, span),
            Lower::Container(f) => self.call_container(id, f, c, span),
            Lower::Operator(f) => self.call_operator(id, f, c, span),
            Lower::Reduce => self.functools_reduce(c, span),
            Lower::PyRandom(f) => self.call_random(id, f, c, span),
            Lower::Ufunc { .. } | Lower::UfuncBinary(_) | Lower::UfuncUnary(_) | Lower::UfuncCompare(_) | Lower::Where | Lower::Clip => {
                self.call_ufunc(id, c, span)
            }
        }
    }

    /// `np.zeros(shape, dtype=float)` and friends.
    fn alloc(&mut self, _id: OpId, fill: ir::Fill, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let fname = optable::get(_id).name.replace("numpy.", "np.");
        if c.args.is_empty() || c.args.len() > 2 {
            return self.error(span, format!("`{fname}` takes a shape and an optional dtype"));
        }
        let mut dtype_expr = c.args.get(1);
        for k in &c.keywords {
            match k.arg.as_ref().map(|a| a.as_str()) {
                Some("dtype") => dtype_expr = Some(&k.value),
                Some("order") => {
                    if !matches!(&k.value, ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) if s == "C") {
                        return self.error(span_of_expr(&k.value), "only order='C' is supported for new arrays");
                    }
                }
                _ => return self.error(span_of_expr(&k.value), format!("`{fname}` got an unsupported keyword argument")),
            }
        }
        let dtype = match dtype_expr {
            None => DType::F64,
            Some(e) => match self.dtype_of(e) {
                Some(d) => d,
                None => {
                    return self.error(
                        span_of_expr(e),
                        "unsupported dtype: expected a NumPy dtype such as `np.float64`, or `float`, `int`, `bool`",
                    )
                }
            },
        };
        let shape = self.value_expr(&c.args[0]);
        let dims: Vec<ir::Value> = match self.ty(shape) {
            Type::Tuple(items) => (0..items.len())
                .map(|i| {
                    let d = self.tuple_get(shape, i, span);
                    self.as_index_int(d, span, "array dimension")
                })
                .collect(),
            t if t.is_int_like() => vec![self.as_index_int(shape, span, "array dimension")],
            Type::Bottom => return self.poison(),
            t => return self.error(span_of_expr(&c.args[0]), format!("the shape must be an int or a tuple of ints, not {t}")),
        };
        if dims.len() > 32 {
            return self.error(span, "arrays have at most 32 dimensions");
        }
        self.emit1(Op::ArrayAlloc(fill), dims.clone(), Type::array(dtype, dims.len() as u8, Layout::C), span)
    }

    /// A dtype given as `np.float64`, `float`, `int`, `bool` or `"float64"`.
    pub fn dtype_of(&mut self, e: &'a ast::Expr) -> Option<DType> {
        if let ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) = e {
            return DType::from_name(s);
        }
        // `x.dtype` values included (`front/lower/dtype.rs`).
        let o = self.expr(e);
        self.operand_dtype(&o).map(|(d, _)| d)
    }
}

/// The strings `float()` accepts that are not plain numbers, plus numbers.
fn parse_float_literal(s: &str) -> Option<f64> {
    let t = s.trim().to_ascii_lowercase();
    match t.as_str() {
        "inf" | "+inf" | "infinity" | "+infinity" => Some(f64::INFINITY),
        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
        "nan" | "+nan" | "-nan" => Some(f64::NAN),
        _ => t.replace('_', "").parse().ok(),
    }
}

#[allow(dead_code)]
fn const_of(c: &ConstValue) -> Option<f64> {
    match c {
        ConstValue::Float(f) => Some(*f),
        _ => None,
    }
}

/// `isinstance(value of type t, class)` for the classes kiln knows, by the
/// class's operation-table name; `None` for other classes. `bool` is a
/// subclass of `int`; `np.float64` of `float` (not so the other NumPy scalars).
fn isinstance_of(t: &Type, class: &str) -> Option<bool> {
    let hit = match class {
        "builtins.int" => matches!(t, Type::Int | Type::Bool),
        "builtins.bool" => matches!(t, Type::Bool),
        "builtins.float" => matches!(t, Type::Float | Type::Scalar(DType::F64)),
        "builtins.str" => matches!(t, Type::Str),
        "builtins.list" => matches!(t, Type::List(_)),
        "builtins.tuple" | "tuple" => matches!(t, Type::Tuple(_)),
        "builtins.dict" => matches!(t, Type::Dict(_)),
        "builtins.set" => matches!(t, Type::Set(_)),
        "numpy.ndarray" => matches!(t, Type::Array(_)),
        _ => return None,
    };
    Some(hit)
}
