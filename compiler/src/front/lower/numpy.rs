//! Lowering of calls to NumPy functions: ufuncs (on arrays elementwise, on
//! scalars directly), `np.where`, `np.clip`, and the matrix product.

use rustpython_parser::ast;

use super::FnCx;
use crate::diag::Span;
use crate::ir::{self, CallArg, CallOut, ElemFn, Op};
use crate::optable::{self, Lower, NpFn, OpId};
use crate::types::{ArrayType, DType, Layout, Type};

impl<'l, 'a> FnCx<'l, 'a> {
    /// Calls to ufunc-like operation-table entries.
    pub fn call_ufunc(&mut self, id: OpId, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let def = optable::get(id);
        let name = def.name.replace("numpy.", "np.");
        let arity = match def.lower {
            Lower::Ufunc { arity, .. } => arity as usize,
            Lower::UfuncBinary(_) | Lower::UfuncCompare(_) => 2,
            Lower::UfuncUnary(_) => 1,
            Lower::Where | Lower::Clip => 3,
            _ => unreachable!("only ufunc entries come here"),
        };
        if matches!(def.lower, Lower::Ufunc { scalar: optable::UfuncScalar::Part(_), .. }) && c.args.len() == 1 && c.keywords.is_empty() {
            // `np.real(x)` is `x.real`: a Python scalar keeps its own type.
            let v = self.value_expr(&c.args[0]);
            if self.ty(v).is_python_scalar() {
                let attr =
                    if def.lower == (Lower::Ufunc { arity: 1, rule: optable::DTypeRule::Real, scalar: optable::UfuncScalar::Part(true) }) {
                        "real"
                    } else {
                        "imag"
                    };
                return self.number_attribute(v, attr, span).unwrap_or_else(|| self.poison());
            }
            return self.elementwise(ir::ElemFn::Builtin(id), vec![v], span);
        }
        if def.lower == Lower::Where && c.args.len() == 1 && c.keywords.is_empty() {
            // `np.where(cond)` is `np.nonzero(cond)` (a scalar as a 0-d array).
            let v = self.value_expr(&c.args[0]);
            return self.nonzero_of(v, false, span);
        }
        // `out=`, `dtype=`, `where=`: the rest are not supported.
        let mut out_e = None;
        let mut dtype = None;
        let mut where_e = None;
        for k in &c.keywords {
            match k.arg.as_ref().map(|a| a.as_str()) {
                Some("out") if !matches!(def.lower, Lower::Where) => out_e = Some(&k.value),
                Some("where") if !matches!(def.lower, Lower::Where | Lower::Clip) => where_e = Some(&k.value),
                Some("dtype") if !matches!(def.lower, Lower::Where | Lower::Clip) => match self.dtype_of(&k.value) {
                    Some(d) => dtype = Some(d),
                    None => return self.error(span, "unsupported dtype"),
                },
                other => {
                    let msg = format!("`{name}` keyword argument `{}=` is not supported yet", other.unwrap_or("**"));
                    return self.error(span, msg);
                }
            }
        }
        if c.args.len() != arity {
            return self.error(span, format!("`{name}` takes {arity} arguments ({} given)", c.args.len()));
        }
        if where_e.is_some() && out_e.is_none() {
            return self.error(span, format!("`{name}` with `where=` needs `out=` in kiln: NumPy leaves the other elements uninitialized"));
        }
        let mut args: Vec<ir::Value> = c.args.iter().map(|a| self.value_expr(a)).collect();
        if let Some(d) = dtype {
            // The loop of dtype `d`: the inputs are converted first.
            if matches!(def.lower, Lower::Ufunc { rule: optable::DTypeRule::Float, .. }) && !d.is_float() {
                return self.error(span, format!("`{name}` has no loop for dtype {}", d.name()));
            }
            for (k, a) in args.iter_mut().enumerate() {
                *a = match self.ty(*a) {
                    Type::Array(at) if !crate::types::can_cast_same_kind(at.dtype, d) => {
                        return self.error(
                            span,
                            format!(
                                "Cannot cast ufunc `{name}` input {k} from dtype('{}') to dtype('{}') with casting rule 'same_kind'",
                                at.dtype.name(),
                                d.name()
                            ),
                        )
                    }
                    Type::Array(_) => self.cast_array(*a, d, span),
                    t if t.is_scalar() => self.cast_to_element(*a, d, span),
                    _ => *a,
                };
            }
        }
        let r = self.apply_ufunc(def.lower, id, args, span);
        let r = match (dtype, self.ty(r)) {
            (Some(d), Type::Array(rt)) if rt.dtype != d && !matches!(def.lower, Lower::UfuncCompare(_)) => self.cast_array(r, d, span),
            _ => r,
        };
        let Some(oe) = out_e else { return r };
        // `out=o`: the result is computed, then written into `o` (which must
        // have the broadcast shape), and `o` is the call's value.
        let o = match oe {
            ast::Expr::Tuple(t) if t.elts.len() == 1 => self.value_expr(&t.elts[0]),
            e => self.value_expr(e),
        };
        let Some(ot) = self.ty(o).as_array() else {
            if self.ty(o) == Type::Bottom {
                return self.poison();
            }
            return self.error(span, "return arrays must be of ArrayType");
        };
        let r = match where_e {
            Some(w) => {
                let m = self.value_expr(w);
                self.where_(m, r, o, span)
            }
            None => r,
        };
        if let Some(rt) = self.ty(r).as_array() {
            if !crate::types::can_cast_same_kind(rt.dtype, ot.dtype) {
                return self.error(
                    span,
                    format!(
                        "Cannot cast ufunc `{name}` output from dtype('{}') to dtype('{}') with casting rule 'same_kind'",
                        rt.dtype.name(),
                        ot.dtype.name()
                    ),
                );
            }
            self.emit(Op::CheckInplace, vec![o, r], vec![], span);
        }
        self.assign_into(o, r, span);
        o
    }

    fn apply_ufunc(&mut self, lower: Lower, id: OpId, args: Vec<ir::Value>, span: Span) -> ir::Value {
        match lower {
            Lower::Ufunc { .. } => self.elementwise(ElemFn::Builtin(id), args, span),
            Lower::UfuncBinary(op) => self.elementwise(ElemFn::Binary(op), args, span),
            Lower::UfuncUnary(op) => self.elementwise(ElemFn::Unary(op), args, span),
            Lower::UfuncCompare(op) => self.elementwise(ElemFn::Compare(op), args, span),
            Lower::Where => self.where_(args[0], args[1], args[2], span),
            Lower::Clip => {
                // `np.clip(3, lo, hi)` goes through `np.asarray(3)`, so a
                // Python scalar as the clipped value is a strong int64,
                // float64 or bool (the bounds stay weak).
                let mut args = args;
                if let Some(d) = self.ty(args[0]).is_python_scalar().then(|| self.ty(args[0]).scalar_dtype()).flatten() {
                    args[0] = self.emit1(Op::Convert, vec![args[0]], Type::Scalar(d), span);
                }
                let scalar_bounds = self.ty(args[1]).is_scalar() && self.ty(args[2]).is_scalar();
                self.elementwise(ElemFn::Clip { scalar_bounds }, args, span)
            }
            _ => unreachable!(),
        }
    }

    /// `a @ b`.
    pub fn matmul(&mut self, l: ir::Value, r: ir::Value, span: Span) -> ir::Value {
        self.linalg2(NpFn::Matmul, l, r, span)
    }
}

/// The axes a reduction or shape function works on.
#[derive(Clone, Debug, PartialEq)]
enum Axes {
    All,
    Some(Vec<u8>),
}

impl<'l, 'a> FnCx<'l, 'a> {
    /// Positional arguments (the receiver first, for methods) and keywords.
    fn np_args(
        &mut self,
        receiver: Option<ir::Value>,
        c: &'a ast::ExprCall,
    ) -> (Vec<&'a ast::Expr>, Vec<(String, &'a ast::Expr)>, Option<ir::Value>) {
        let pos: Vec<&'a ast::Expr> = c.args.iter().collect();
        let kw: Vec<(String, &'a ast::Expr)> =
            c.keywords.iter().filter_map(|k| k.arg.as_ref().map(|a| (a.to_string(), &k.value))).collect();
        (pos, kw, receiver)
    }

    /// A compile-time integer (a literal, or `-literal`).
    fn const_int_expr(&self, e: &ast::Expr) -> Option<i64> {
        match e {
            ast::Expr::Constant(c) => match &c.value {
                ast::Constant::Int(i) => i64::try_from(i).ok(),
                ast::Constant::Bool(b) => Some(*b as i64),
                _ => None,
            },
            ast::Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => self.const_int_expr(&u.operand).map(|v| -v),
            _ => None,
        }
    }

    fn const_bool_expr(&self, e: &ast::Expr) -> Option<bool> {
        match e {
            ast::Expr::Constant(c) => match &c.value {
                ast::Constant::Bool(b) => Some(*b),
                ast::Constant::Int(i) => Some(i.to_string() != "0"),
                _ => None,
            },
            _ => None,
        }
    }

    /// `axis=` as compile-time axes of an array of rank `ndim`.
    fn axes_of(&mut self, e: Option<&ast::Expr>, ndim: u8, span: Span) -> Option<Axes> {
        let Some(e) = e else { return Some(Axes::All) };
        if matches!(e, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::None)) {
            return Some(Axes::All);
        }
        let items: Vec<&ast::Expr> = match e {
            ast::Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        let mut out = Vec::new();
        for it in items {
            let Some(k) = self.const_int_expr(it) else {
                self.diags
                    .push(crate::diag::Diagnostic::error(crate::front::module::span_of_expr(it), "the axis must be an integer constant"));
                return None;
            };
            let n = ndim as i64;
            let kk = if k < 0 { k + n } else { k };
            if !(0..n).contains(&kk) {
                self.diags.push(crate::diag::Diagnostic::error(span, format!("axis {k} is out of bounds for array of dimension {ndim}")));
                return None;
            }
            if out.contains(&(kk as u8)) {
                self.diags.push(crate::diag::Diagnostic::error(span, "duplicate value in 'axis'"));
                return None;
            }
            out.push(kk as u8);
        }
        Some(Axes::Some(out))
    }

    fn kwarg<'e>(kw: &[(String, &'e ast::Expr)], name: &str) -> Option<&'e ast::Expr> {
        kw.iter().find(|(k, _)| k == name).map(|(_, e)| *e)
    }

    /// An array operand (a scalar is an error here).
    fn array_operand(&mut self, e: &'a ast::Expr, what: &str) -> Option<(ir::Value, ArrayType)> {
        let v = self.value_expr(e);
        match self.ty(v) {
            Type::Array(at) => Some((v, at)),
            Type::Bottom => None,
            t => {
                self.diags.push(crate::diag::Diagnostic::error(
                    crate::front::module::span_of_expr(e),
                    format!("`{what}` of a value of type {t} is not supported yet; it needs an array"),
                ));
                None
            }
        }
    }

    /// Calls to NumPy library functions and array methods.
    pub fn call_numpy(&mut self, id: OpId, f: NpFn, receiver: Option<ir::Value>, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let name = optable::get(id).name.replace("numpy.", "np.");
        let (pos, kw, recv) = self.np_args(receiver, c);
        for (k, _) in &kw {
            let allowed: &[&str] = match f {
                NpFn::Reduce(_) => &["axis", "keepdims", "ddof", "dtype", "initial"],
                NpFn::Transpose => &["axes"],
                NpFn::Array | NpFn::AsArray => &["dtype"],
                NpFn::Scan(_) => &["axis", "dtype"],
                NpFn::Sort | NpFn::Argsort | NpFn::Concatenate | NpFn::Stack | NpFn::Flip | NpFn::Squeeze | NpFn::ExpandDims => &["axis"],
                NpFn::Full | NpFn::FullLike | NpFn::Like(_) | NpFn::Arange | NpFn::Eye | NpFn::Identity => &["dtype"],
                NpFn::Linspace => &["num", "endpoint"],
                NpFn::Random(_) => &["size", "low", "high", "loc", "scale"],
                NpFn::Repeat | NpFn::Roll | NpFn::Diff => &["axis", "n"],
                NpFn::Searchsorted => &["side"],
                NpFn::Bincount => &["weights", "minlength"],
                NpFn::Interp => &["left", "right"],
                NpFn::Norm => &["ord", "axis", "keepdims"],
                NpFn::RandomChoice => &["size", "replace", "p"],
                NpFn::Percentile => &["axis", "keepdims"],
                _ => &[],
            };
            if !allowed.contains(&k.as_str()) {
                return self.error(span, format!("`{name}` got an unsupported keyword argument `{k}`"));
            }
        }
        // The array operand: the receiver, or the first positional argument.
        let mut rest: Vec<&'a ast::Expr> = pos.clone();
        let first = |fx: &mut Self, rest: &mut Vec<&'a ast::Expr>| -> Option<(ir::Value, ArrayType)> {
            match recv {
                Some(v) => fx.ty(v).as_array().map(|at| (v, at)),
                None => {
                    if rest.is_empty() {
                        fx.diags.push(crate::diag::Diagnostic::error(span, format!("`{name}` needs an array argument")));
                        return None;
                    }
                    let e = rest.remove(0);
                    if matches!(f, NpFn::Reduce(_) | NpFn::Scan(_)) {
                        // NumPy reduces a scalar as a 0-d array.
                        let v = fx.value_expr(e);
                        if let Some(d) = fx.ty(v).scalar_dtype().filter(|_| fx.ty(v).is_scalar()) {
                            let arr = fx.scalar_as_array(v, d, span);
                            return fx.ty(arr).as_array().map(|at| (arr, at));
                        }
                        return match fx.ty(v) {
                            Type::Array(at) => Some((v, at)),
                            Type::Bottom => None,
                            t => {
                                fx.diags.push(crate::diag::Diagnostic::error(
                                    span,
                                    format!("`{name}` of a value of type {t} is not supported"),
                                ));
                                None
                            }
                        };
                    }
                    fx.array_operand(e, &name)
                }
            }
        };
        match f {
            NpFn::Reduce(kind) => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                let axis_e = Self::kwarg(&kw, "axis").or(rest.first().copied());
                let Some(axes) = self.axes_of(axis_e, at.ndim, span) else { return self.poison() };
                let keepdims = Self::kwarg(&kw, "keepdims").and_then(|e| self.const_bool_expr(e)).unwrap_or(false);
                let ddof = Self::kwarg(&kw, "ddof").and_then(|e| self.const_int_expr(e)).unwrap_or(0);
                use crate::abi::reduce as r;
                let out_dtype = match Self::kwarg(&kw, "dtype") {
                    None => None,
                    Some(ast::Expr::Constant(c)) if matches!(c.value, ast::Constant::None) => None,
                    Some(e) => {
                        if !matches!(kind, r::SUM | r::PROD | r::NANSUM) {
                            return self.error(span, format!("`{name}` with `dtype=` is not supported yet"));
                        }
                        match self.dtype_of(e) {
                            Some(d) => Some(d),
                            None => return self.error(span, "unsupported dtype"),
                        }
                    }
                };
                if let Some(ie) = Self::kwarg(&kw, "initial") {
                    if !matches!(kind, r::MAX | r::MIN) || axes != Axes::All || keepdims {
                        return self.error(span, format!("`{name}` with `initial=` is only supported for np.max/np.min over all axes"));
                    }
                    return self.extremum_initial(kind, a, at, ie, span);
                }
                self.reduce_to(kind, a, at, axes, keepdims, ddof, out_dtype, span)
            }
            NpFn::Scan(kind) => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                let axis_e = Self::kwarg(&kw, "axis").or(rest.first().copied());
                let Some(axes) = self.axes_of(axis_e, at.ndim, span) else { return self.poison() };
                let out = match Self::kwarg(&kw, "dtype").map(|e| self.dtype_of(e)) {
                    None => accumulate_dtype(at.dtype),
                    Some(Some(d)) => d,
                    Some(_) => return self.error(span, "unsupported dtype"),
                };
                let (axis, nd) = match axes {
                    Axes::All => (-1, 1),
                    Axes::Some(v) if v.len() == 1 => (v[0] as i64, at.ndim),
                    Axes::Some(_) => return self.error(span, "cumulative functions take a single axis"),
                };
                self.emit1(
                    Op::ArrayCall {
                        entry: "kiln_scan",
                        args: vec![CallArg::Const(kind as i64), CallArg::Array(0), CallArg::Const(axis), CallArg::Const(out as i64)],
                        out: CallOut::Array,
                    },
                    vec![a],
                    Type::array(out, nd, Layout::C),
                    span,
                )
            }
            NpFn::Copy => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                self.copy_array(a, at, at.dtype, span)
            }
            NpFn::AsType => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                let Some(e) = rest.first().copied() else { return self.error(span, "astype() needs a dtype") };
                match self.dtype_of(e) {
                    Some(d) => self.copy_array(a, at, d, span),
                    None => self.error(span, "unsupported dtype"),
                }
            }
            NpFn::Dot | NpFn::Matmul | NpFn::Vdot | NpFn::Inner | NpFn::Outer => {
                let mut ops = Vec::new();
                if let Some(r) = recv {
                    ops.push(r);
                }
                for e in &rest {
                    ops.push(self.value_expr(e));
                }
                if ops.len() != 2 {
                    return self.error(span, format!("`{name}` takes two arguments"));
                }
                self.linalg2(f, ops[0], ops[1], span)
            }
            NpFn::Transpose => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                let mut items: Vec<&'a ast::Expr> = match Self::kwarg(&kw, "axes") {
                    Some(e) if rest.is_empty() => vec![e],
                    Some(_) => return self.error(span, "transpose got `axes` twice"),
                    None => rest.clone(),
                };
                if let [ast::Expr::Tuple(ast::ExprTuple { elts, .. }) | ast::Expr::List(ast::ExprList { elts, .. })] = items.as_slice() {
                    items = elts.iter().collect();
                }
                let is_none = |e: &ast::Expr| matches!(e, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::None));
                if items.is_empty() || (items.len() == 1 && is_none(items[0])) {
                    return self.transpose(a, at, span);
                }
                let n = at.ndim as i64;
                let mut perm = Vec::new();
                for e in &items {
                    let Some(k) = self.const_int_expr(e) else {
                        return self.error(crate::front::module::span_of_expr(e), "transpose axes must be integer constants");
                    };
                    if items.len() as i64 != n {
                        return self.error(span, "axes don't match array");
                    }
                    let kk = if k < 0 { k + n } else { k };
                    if !(0..n).contains(&kk) {
                        return self.error(span, format!("axis {k} is out of bounds for array of dimension {n}"));
                    }
                    if perm.contains(&(kk as u8)) {
                        return self.error(span, "repeated axis in transpose");
                    }
                    perm.push(kk as u8);
                }
                if perm.len() as i64 != n {
                    return self.error(span, "axes don't match array");
                }
                if perm.iter().enumerate().all(|(i, &k)| i as u8 == k) {
                    // The identity order: a view with the same layout.
                    return self.emit1(Op::Permute(perm), vec![a], Type::Array(at), span);
                }
                self.emit1(Op::Permute(perm), vec![a], Type::array(at.dtype, at.ndim, Layout::Strided), span)
            }
            NpFn::Reshape | NpFn::Ravel | NpFn::Flatten => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                let dims: Vec<ir::Value> = if f == NpFn::Reshape {
                    let shape_exprs: Vec<&'a ast::Expr> = match rest.as_slice() {
                        [ast::Expr::Tuple(t)] => t.elts.iter().collect(),
                        many => many.to_vec(),
                    };
                    if shape_exprs.is_empty() {
                        return self.error(span, "reshape() needs a shape");
                    }
                    let mut dims = Vec::new();
                    for e in shape_exprs {
                        let v = self.value_expr(e);
                        match self.ty(v) {
                            Type::Tuple(items) => {
                                for i in 0..items.len() {
                                    let it = self.tuple_get(v, i, span);
                                    dims.push(self.as_index_int(it, span, "shape"));
                                }
                            }
                            _ => dims.push(self.as_index_int(v, span, "shape")),
                        }
                    }
                    dims
                } else {
                    vec![self.const_int(-1, span)]
                };
                if dims.len() > crate::abi::MAX_NDIM {
                    return self.error(span, "too many dimensions");
                }
                let mut args = vec![a];
                args.extend(dims.iter().copied());
                let src = if f == NpFn::Flatten { self.copy_array(a, at, at.dtype, span) } else { a };
                args[0] = src;
                self.emit1(Op::Reshape, args, Type::array(at.dtype, dims.len() as u8, Layout::C), span)
            }
            NpFn::Swapaxes => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                let (Some(i), Some(j)) =
                    (rest.first().and_then(|e| self.const_int_expr(e)), rest.get(1).and_then(|e| self.const_int_expr(e)))
                else {
                    return self.error(span, "swapaxes needs two integer constant axes");
                };
                let n = at.ndim as i64;
                let (i, j) = (if i < 0 { i + n } else { i }, if j < 0 { j + n } else { j });
                if !(0..n).contains(&i) || !(0..n).contains(&j) {
                    return self.error(span, format!("axis out of bounds for array of dimension {n}"));
                }
                let mut perm: Vec<u8> = (0..at.ndim).collect();
                perm.swap(i as usize, j as usize);
                self.emit1(Op::Permute(perm), vec![a], Type::array(at.dtype, at.ndim, Layout::Strided), span)
            }
            NpFn::ExpandDims | NpFn::Squeeze | NpFn::Flip => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                let axis_e = Self::kwarg(&kw, "axis").or(rest.first().copied());
                let out_nd = match (f, axis_e) {
                    (NpFn::ExpandDims, Some(ast::Expr::Tuple(t))) => at.ndim + t.elts.len() as u8,
                    (NpFn::ExpandDims, _) => at.ndim + 1,
                    _ => at.ndim,
                };
                let Some(axes) = self.axes_of(axis_e, out_nd, span) else { return self.poison() };
                let mut view = Vec::new();
                let mut vargs = vec![a];
                match (f, axes) {
                    (NpFn::ExpandDims, Axes::Some(ax)) => {
                        let mut src = 0u8;
                        for k in 0..out_nd {
                            if ax.contains(&k) {
                                view.push(ir::ViewAxis::NewAxis);
                            } else {
                                view.push(ir::ViewAxis::Slice { src, start: None, stop: None, step: None });
                                src += 1;
                            }
                        }
                    }
                    (NpFn::Flip, axes) => {
                        let m1 = self.const_int(-1, span);
                        vargs.push(m1);
                        for k in 0..at.ndim {
                            let flip = match &axes {
                                Axes::All => true,
                                Axes::Some(v) => v.contains(&k),
                            };
                            view.push(ir::ViewAxis::Slice { src: k, start: None, stop: None, step: flip.then_some(1) });
                        }
                    }
                    (NpFn::Squeeze, Axes::Some(ax)) => {
                        // Each squeezed axis must have length 1.
                        for k in &ax {
                            let n = self.emit1(Op::ArrayDim(*k), vec![a], Type::Int, span);
                            let one = self.const_int(1, span);
                            let ne = self.emit1(Op::Compare(ir::CmpOp::Ne), vec![n, one], Type::Bool, span);
                            self.raise_if_ir(
                                ne,
                                crate::abi::exc::VALUE_ERROR,
                                "cannot select an axis to squeeze out which has size not equal to one",
                                span,
                            );
                        }
                        let zero = self.const_int(0, span);
                        vargs.push(zero);
                        for k in 0..at.ndim {
                            if ax.contains(&k) {
                                view.push(ir::ViewAxis::Index { src: k, arg: 1 });
                            } else {
                                view.push(ir::ViewAxis::Slice { src: k, start: None, stop: None, step: None });
                            }
                        }
                        let nd = at.ndim - ax.len() as u8;
                        return self.emit1(Op::View(view), vargs, Type::array(at.dtype, nd, Layout::Strided), span);
                    }
                    (NpFn::Squeeze, Axes::All) => {
                        return self.error(
                            span,
                            "np.squeeze needs an explicit axis in kiln: without one, the result's rank would depend on the shape",
                        );
                    }
                    _ => return self.error(span, "np.expand_dims needs an axis"),
                }
                let nd = view.iter().filter(|v| !matches!(v, ir::ViewAxis::Index { .. })).count() as u8;
                self.emit1(Op::View(view), vargs, Type::array(at.dtype, nd, Layout::Strided), span)
            }
            NpFn::Full | NpFn::Like(_) | NpFn::FullLike => self.creation(f, recv, &rest, &kw, span),
            NpFn::Arange => self.arange(&rest, &kw, span),
            NpFn::Linspace => self.linspace(&rest, &kw, span),
            NpFn::Eye | NpFn::Identity => self.eye(f, &rest, &kw, span),
            NpFn::Concatenate | NpFn::Stack | NpFn::Hstack | NpFn::Vstack => self.join_arrays(f, &rest, &kw, span),
            NpFn::Tile | NpFn::Repeat | NpFn::Roll | NpFn::Diff => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                self.shape_call(f, a, at, &rest, &kw, span)
            }
            NpFn::Sort | NpFn::Argsort => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                let axis_e = Self::kwarg(&kw, "axis").or(rest.first().copied());
                let n = at.ndim as i64;
                let (axis, flat) = match axis_e {
                    None => ((n - 1).max(0), false),
                    Some(ast::Expr::Constant(c)) if matches!(c.value, ast::Constant::None) => (0, true),
                    Some(e) => match self.const_int_expr(e) {
                        Some(k) => {
                            let k = if k < 0 { k + n } else { k };
                            if !(0..n.max(1)).contains(&k) {
                                return self.error(span, format!("axis {k} is out of bounds for array of dimension {n}"));
                            }
                            (k, false)
                        }
                        None => return self.error(span, "the axis must be an integer constant"),
                    },
                };
                let (src, src_at) = if flat {
                    let r = self.flatten_view(a, at, span);
                    (r, self.ty(r).as_array().expect("array"))
                } else {
                    (a, at)
                };
                let entry = if f == NpFn::Sort { "kiln_sort" } else { "kiln_argsort" };
                let out_d = if f == NpFn::Sort { at.dtype } else { DType::I64 };
                let r = self.emit1(
                    Op::ArrayCall { entry, args: vec![CallArg::Array(0), CallArg::Const(axis)], out: CallOut::Array },
                    vec![src],
                    Type::array(out_d, src_at.ndim, Layout::C),
                    span,
                );
                if recv.is_some() && f == NpFn::Sort {
                    // `a.sort()` sorts in place and returns None.
                    self.assign_into(a, r, span);
                    return self.emit1(Op::Const(ir::Const::None), vec![], Type::None, span);
                }
                r
            }
            NpFn::Unique => {
                let Some((a, _)) = first(self, &mut rest) else { return self.poison() };
                let at = self.ty(a).as_array().expect("array");
                self.emit1(
                    Op::ArrayCall { entry: "kiln_unique", args: vec![CallArg::Array(0)], out: CallOut::Array },
                    vec![a],
                    Type::array(at.dtype, 1, Layout::C),
                    span,
                )
            }
            NpFn::Nonzero => {
                let Some((a, _)) = first(self, &mut rest) else { return self.poison() };
                self.nonzero_of(a, true, span)
            }
            NpFn::Array | NpFn::AsArray => self.array_constructor(f, &rest, &kw, span),
            NpFn::GetItem | NpFn::SetItem => {
                let Some((a, _)) = first(self, &mut rest) else { return self.poison() };
                let want = if f == NpFn::GetItem { 1 } else { 2 };
                if rest.len() != want {
                    return self.error(span, format!("`{name}` takes {want} arguments"));
                }
                if f == NpFn::GetItem {
                    return self.array_subscript(a, rest[0], span);
                }
                let v = self.value_expr(rest[1]);
                self.array_subscript_assign(a, rest[0], v, span);
                self.emit1(Op::Const(ir::Const::None), vec![], Type::None, span)
            }
            NpFn::Argwhere => {
                let Some((a, _)) = first(self, &mut rest) else { return self.poison() };
                self.emit1(
                    Op::ArrayCall { entry: "kiln_argwhere", args: vec![CallArg::Array(0)], out: CallOut::Array },
                    vec![a],
                    Type::array(DType::I64, 2, Layout::C),
                    span,
                )
            }
            NpFn::Searchsorted => {
                let Some((a, _)) = first(self, &mut rest) else { return self.poison() };
                let Some(ve) = rest.first().copied() else { return self.error(span, "searchsorted needs values") };
                let side = match Self::kwarg(&kw, "side") {
                    None => 0,
                    Some(ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. })) if s == "left" => 0,
                    Some(ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. })) if s == "right" => 1,
                    Some(_) => return self.error(span, "side must be 'left' or 'right'"),
                };
                let v = self.value_expr(ve);
                let at = self.ty(a).as_array().expect("array");
                match self.ty(v) {
                    Type::Array(vt) => self.emit1(
                        Op::ArrayCall {
                            entry: "kiln_searchsorted",
                            args: vec![CallArg::Array(0), CallArg::Array(1), CallArg::Const(side)],
                            out: CallOut::Array,
                        },
                        vec![a, v],
                        Type::array(DType::I64, vt.ndim, Layout::C),
                        span,
                    ),
                    t if t.is_scalar() => {
                        let arr = self.scalar_as_array(v, at.dtype, span);
                        self.emit1(
                            Op::ArrayCall {
                                entry: "kiln_searchsorted",
                                args: vec![CallArg::Array(0), CallArg::Array(1), CallArg::Const(side)],
                                out: CallOut::Scalar,
                            },
                            vec![a, arr],
                            Type::Scalar(DType::I64),
                            span,
                        )
                    }
                    _ => self.poison(),
                }
            }
            NpFn::Bincount => {
                let Some((x, _)) = first(self, &mut rest) else { return self.poison() };
                let w = Self::kwarg(&kw, "weights").or(rest.first().copied()).map(|e| self.value_expr(e));
                let minlength = Self::kwarg(&kw, "minlength").or(rest.get(1).copied()).map(|e| self.value_expr(e));
                let minlength = match minlength {
                    Some(m) => self.as_index_int(m, span, "minlength"),
                    None => self.const_int(0, span),
                };
                match w {
                    Some(w) => {
                        let wt = self.ty(w).as_array();
                        let Some(wt) = wt else { return self.error(span, "weights must be an array") };
                        let w = if wt.dtype != DType::F64 { self.copy_array(w, wt, DType::F64, span) } else { w };
                        self.emit1(
                            Op::ArrayCall {
                                entry: "kiln_bincount",
                                args: vec![CallArg::Array(0), CallArg::Array(1), CallArg::Int(2)],
                                out: CallOut::Array,
                            },
                            vec![x, w, minlength],
                            Type::array(DType::F64, 1, Layout::C),
                            span,
                        )
                    }
                    None => self.emit1(
                        Op::ArrayCall {
                            entry: "kiln_bincount",
                            args: vec![CallArg::Array(0), CallArg::Null, CallArg::Int(1)],
                            out: CallOut::Array,
                        },
                        vec![x, minlength],
                        Type::array(DType::I64, 1, Layout::C),
                        span,
                    ),
                }
            }
            NpFn::Interp => {
                if rest.len() < 3 && recv.is_none() {
                    return self.error(span, "np.interp(x, xp, fp) takes three arguments");
                }
                let vals: Vec<ir::Value> = rest.iter().take(3).map(|e| self.value_expr(e)).collect();
                let mut args = Vec::new();
                for v in &vals {
                    let t = self.ty(*v);
                    let arr = match t {
                        Type::Array(at) if at.dtype == DType::F64 => *v,
                        Type::Array(at) => self.copy_array(*v, at, DType::F64, span),
                        t if t.is_scalar() => self.scalar_as_array(*v, DType::F64, span),
                        _ => return self.poison(),
                    };
                    args.push(arr);
                }
                let lr: Vec<Option<ir::Value>> = ["left", "right"]
                    .iter()
                    .map(|k| {
                        Self::kwarg(&kw, k).map(|e| {
                            let v = self.value_expr(e);
                            self.coerce(v, &Type::Float, span)
                        })
                    })
                    .collect();
                let mut spec = vec![CallArg::Array(0), CallArg::Array(1), CallArg::Array(2)];
                let mut all = args.clone();
                for v in &lr {
                    match v {
                        Some(v) => {
                            all.push(*v);
                            spec.push(CallArg::Float((all.len() - 1) as u8));
                        }
                        None => spec.push(CallArg::ConstF64(0f64.to_bits())),
                    }
                }
                spec.push(CallArg::Const(lr[0].is_some() as i64));
                spec.push(CallArg::Const(lr[1].is_some() as i64));
                match self.ty(vals[0]) {
                    Type::Array(xt) => self.emit1(
                        Op::ArrayCall { entry: "kiln_interp", args: spec, out: CallOut::Array },
                        all,
                        Type::array(DType::F64, xt.ndim, Layout::C),
                        span,
                    ),
                    _ => self.emit1(
                        Op::ArrayCall { entry: "kiln_interp", args: spec, out: CallOut::Scalar },
                        all,
                        Type::Scalar(DType::F64),
                        span,
                    ),
                }
            }
            NpFn::Percentile => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                let Some(qe) = rest.first().copied() else { return self.error(span, "np.percentile needs q") };
                let q = self.value_expr(qe);
                let a = if at.dtype != DType::F64 { self.copy_array(a, at, DType::F64, span) } else { a };
                let axis_e = Self::kwarg(&kw, "axis").or(rest.get(1).copied());
                let Some(axes) = self.axes_of(axis_e, at.ndim, span) else { return self.poison() };
                let keepdims = Self::kwarg(&kw, "keepdims").and_then(|e| self.const_bool_expr(e)).unwrap_or(false);
                let (mask, reduced) = match &axes {
                    Axes::All => (u64::MAX, at.ndim),
                    Axes::Some(v) => (v.iter().fold(0u64, |m, k| m | (1 << k)), v.len() as u8),
                };
                let nd = if keepdims { at.ndim } else { at.ndim - reduced };
                match self.ty(q) {
                    Type::Array(qt) if qt.ndim == 1 => {
                        let q = if qt.dtype != DType::F64 { self.copy_array(q, qt, DType::F64, span) } else { q };
                        self.emit1(
                            Op::ArrayCall {
                                entry: "kiln_percentile",
                                args: vec![
                                    CallArg::Array(0),
                                    CallArg::Array(1),
                                    CallArg::Const(mask as i64),
                                    CallArg::Const(keepdims as i64),
                                ],
                                out: CallOut::Array,
                            },
                            vec![a, q],
                            Type::array(DType::F64, nd + 1, Layout::C),
                            span,
                        )
                    }
                    t if t.is_scalar() => {
                        // A scalar q: the percentile axis is dropped.
                        let q1 = self.scalar_as_array(q, DType::F64, span);
                        let one = self.const_int(1, span);
                        let q1 = self.emit1(Op::Reshape, vec![q1, one], Type::array(DType::F64, 1, Layout::C), span);
                        let out = CallOut::Array;
                        let r = self.emit1(
                            Op::ArrayCall {
                                entry: "kiln_percentile",
                                args: vec![
                                    CallArg::Array(0),
                                    CallArg::Array(1),
                                    CallArg::Const(mask as i64),
                                    CallArg::Const(keepdims as i64),
                                ],
                                out,
                            },
                            vec![a, q1],
                            Type::array(DType::F64, nd + 1, Layout::C),
                            span,
                        );
                        let zero = self.const_int(0, span);
                        if nd == 0 {
                            self.array_get(r, &[zero], span)
                        } else {
                            self.emit1(
                                Op::View(
                                    vec![ir::ViewAxis::Index { src: 0, arg: 1 }]
                                        .into_iter()
                                        .chain((1..=nd).map(|k| ir::ViewAxis::Slice { src: k, start: None, stop: None, step: None }))
                                        .collect(),
                                ),
                                vec![r, zero],
                                Type::array(DType::F64, nd, Layout::C),
                                span,
                            )
                        }
                    }
                    _ => self.error(span, "q must be a number or a 1-d array"),
                }
            }
            NpFn::Fill => {
                let Some((a, _)) = first(self, &mut rest) else { return self.poison() };
                let Some(e) = rest.first().copied() else { return self.error(span, "fill() needs a value") };
                let v = self.value_expr(e);
                self.assign_into(a, v, span);
                self.emit1(Op::Const(ir::Const::None), vec![], Type::None, span)
            }
            NpFn::Tolist => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                if !rest.is_empty() {
                    return self.error(span, "tolist() takes no arguments");
                }
                self.tolist(a, at, span)
            }
            NpFn::Item => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                if !rest.is_empty() {
                    return self.error(span, "item() with arguments is not supported yet");
                }
                let flat = self.flatten_view(a, at, span);
                let n = self.emit1(Op::ArrayDim(0), vec![flat], Type::Int, span);
                let one = self.const_int(1, span);
                let ne = self.emit1(Op::Compare(ir::CmpOp::Ne), vec![n, one], Type::Bool, span);
                let assigned = self.assigned.clone();
                let then_block = self.in_block(|fx| {
                    fx.raise_error(crate::abi::exc::VALUE_ERROR, "can only convert an array of size 1 to a Python scalar", span)
                });
                let else_block = self.func.new_block();
                self.push_stmt(ir::Stmt::If { cond: ne, then_block, else_block });
                self.assigned = assigned;
                self.reachable = true;
                let zero = self.const_int(0, span);
                let e = self.array_get(flat, &[zero], span);
                let py = match at.dtype {
                    DType::Bool => Type::Bool,
                    d if d.is_float() => Type::Float,
                    d if d.is_complex() => Type::Complex,
                    _ => Type::Int,
                };
                self.coerce(e, &py, span)
            }
            NpFn::Trace => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                if at.ndim != 2 {
                    return self.error(span, "trace of arrays other than 2-d is not supported yet");
                }
                self.trace(a, at, span)
            }
            NpFn::Norm => {
                let Some((a, at)) = first(self, &mut rest) else { return self.poison() };
                let ordc = match Self::kwarg(&kw, "ord").or(rest.first().copied()) {
                    None => 0,
                    Some(e) => match self.norm_ord(e) {
                        Some(c) => c,
                        None => return self.error(
                            span,
                            "np.linalg.norm supports ord=None, 1, 2, np.inf, -np.inf, 'fro' and 'nuc' (other orders are not supported yet)",
                        ),
                    },
                };
                let axis_e = Self::kwarg(&kw, "axis").or(rest.get(1).copied());
                let Some(axes) = self.axes_of(axis_e, at.ndim, span) else { return self.poison() };
                let keepdims = Self::kwarg(&kw, "keepdims").or(rest.get(2).copied()).and_then(|e| self.const_bool_expr(e)).unwrap_or(false);
                let (mask, reduced) = match &axes {
                    Axes::All => (u64::MAX, at.ndim),
                    Axes::Some(v) => (v.iter().fold(0u64, |m, k| m | (1 << k)), v.len() as u8),
                };
                // The runtime computes in float64; a float32 input gives a float32 result.
                let a = if at.dtype != DType::F64 { self.copy_array(a, at, DType::F64, span) } else { a };
                let nd = if keepdims { at.ndim } else { at.ndim - reduced };
                let args =
                    vec![CallArg::Array(0), CallArg::Const(ordc as i64), CallArg::Const(mask as i64), CallArg::Const(keepdims as i64)];
                let r = if nd == 0 && !keepdims {
                    self.emit1(Op::ArrayCall { entry: "kiln_norm", args, out: CallOut::Scalar }, vec![a], Type::Scalar(DType::F64), span)
                } else {
                    self.emit1(
                        Op::ArrayCall { entry: "kiln_norm", args, out: CallOut::Array },
                        vec![a],
                        Type::array(DType::F64, nd, Layout::C),
                        span,
                    )
                };
                if at.dtype == DType::F32 {
                    match self.ty(r) {
                        Type::Array(rt) => self.copy_array(r, rt, DType::F32, span),
                        _ => self.emit1(Op::Convert, vec![r], Type::Scalar(DType::F32), span),
                    }
                } else {
                    r
                }
            }
            NpFn::RandomSeed | NpFn::Random(_) | NpFn::RandomShuffle | NpFn::RandomPermutation | NpFn::RandomChoice => {
                self.random(f, &rest, &kw, span)
            }
        }
    }

    /// A C-contiguous copy of `a` with dtype `d`.
    pub fn copy_array(&mut self, a: ir::Value, at: ArrayType, d: DType, span: Span) -> ir::Value {
        self.emit1(
            Op::ArrayCall { entry: "kiln_copy", args: vec![CallArg::Array(0), CallArg::Const(d as i64)], out: CallOut::Array },
            vec![a],
            Type::array(d, at.ndim, Layout::C),
            span,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn reduce(&mut self, kind: i32, a: ir::Value, at: ArrayType, axes: Axes, keepdims: bool, ddof: i64, span: Span) -> ir::Value {
        self.reduce_to(kind, a, at, axes, keepdims, ddof, None, span)
    }

    /// A reduction; `dtype` (from `dtype=`) overrides the accumulation dtype.
    #[allow(clippy::too_many_arguments)]
    fn reduce_to(
        &mut self,
        kind: i32,
        a: ir::Value,
        at: ArrayType,
        axes: Axes,
        keepdims: bool,
        ddof: i64,
        dtype: Option<DType>,
        span: Span,
    ) -> ir::Value {
        use crate::abi::reduce as r;
        let out = match kind {
            _ if dtype.is_some() => dtype.expect("checked"),
            r::SUM | r::PROD | r::NANSUM => accumulate_dtype(at.dtype),
            r::MEAN | r::VAR | r::STD | r::MEDIAN | r::NANMEAN => {
                if at.dtype.is_float() || at.dtype.is_complex() {
                    if matches!(kind, r::VAR | r::STD) {
                        at.dtype.real_part()
                    } else {
                        at.dtype
                    }
                } else {
                    DType::F64
                }
            }
            r::ARGMIN | r::ARGMAX => DType::I64,
            r::ANY | r::ALL => DType::Bool,
            _ => at.dtype,
        };
        let (mask, reduced) = match &axes {
            Axes::All => (u64::MAX, at.ndim),
            Axes::Some(v) => (v.iter().fold(0u64, |m, k| m | (1 << k)), v.len() as u8),
        };
        if matches!(kind, r::ARGMIN | r::ARGMAX) && matches!(&axes, Axes::Some(v) if v.len() > 1) {
            return self.error(span, "argmin/argmax take a single axis");
        }
        let args = vec![
            CallArg::Const(kind as i64),
            CallArg::Array(0),
            CallArg::Const(mask as i64),
            CallArg::Const(keepdims as i64),
            CallArg::Const(out as i64),
            CallArg::Const(ddof),
        ];
        let nd = if keepdims { at.ndim } else { at.ndim - reduced };
        if nd == 0 && !keepdims {
            self.emit1(Op::ArrayCall { entry: "kiln_reduce", args, out: CallOut::Scalar }, vec![a], Type::Scalar(out), span)
        } else {
            self.emit1(Op::ArrayCall { entry: "kiln_reduce", args, out: CallOut::Array }, vec![a], Type::array(out, nd, Layout::C), span)
        }
    }

    /// `dot`, `matmul`, `vdot`, `inner`, `outer` of two operands.
    fn linalg2(&mut self, f: NpFn, x: ir::Value, y: ir::Value, span: Span) -> ir::Value {
        let (xt, yt) = (self.ty(x), self.ty(y));
        if xt == Type::Bottom || yt == Type::Bottom {
            return self.poison();
        }
        let Some(d) = crate::numpy_rules::promote(&[xt.clone(), yt.clone()]) else {
            return self.error(span, "linear algebra needs numeric operands");
        };
        if d.is_complex() {
            return self.error(span, "complex arrays are not supported yet");
        }
        let (xa, ya) = (xt.as_array(), yt.as_array());
        if xa.is_none() || ya.is_none() {
            if f == NpFn::Matmul {
                return self.error(span, "matmul: Input operand 0 does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)");
            }
            // dot/inner/outer with a scalar: elementwise multiplication.
            let prod = self.elementwise(ElemFn::Binary(ir::BinaryOp::Mul), vec![x, y], span);
            if f == NpFn::Outer {
                return self.error(span, "np.outer of a scalar is not supported yet");
            }
            return prod;
        }
        let (xa, ya) = (xa.expect("checked"), ya.expect("checked"));
        // Inputs of different dtypes are converted to the common one first.
        let x = if xa.dtype != d { self.copy_array(x, xa, d, span) } else { x };
        let y = if ya.dtype != d { self.copy_array(y, ya, d, span) } else { y };
        let (n, m) = (xa.ndim, ya.ndim);
        let (entry, nd) = match f {
            NpFn::Dot => ("kiln_dot", if m == 1 { n - 1 } else { n + m - 2 }),
            NpFn::Matmul => (
                "kiln_matmul",
                match (n, m) {
                    (1, 1) => 0,
                    (1, _) => m - 1,
                    (_, 1) => n - 1,
                    _ => n.max(m),
                },
            ),
            NpFn::Vdot => ("kiln_vdot", 0),
            NpFn::Inner => ("kiln_inner", n + m - 2),
            NpFn::Outer => ("kiln_outer", 2),
            _ => unreachable!(),
        };
        let args = vec![CallArg::Array(0), CallArg::Array(1)];
        if nd == 0 {
            self.emit1(Op::ArrayCall { entry, args, out: CallOut::Scalar }, vec![x, y], Type::Scalar(d), span)
        } else {
            self.emit1(Op::ArrayCall { entry, args, out: CallOut::Array }, vec![x, y], Type::array(d, nd, Layout::C), span)
        }
    }

    /// `a.T` / `np.transpose(a)`: a view with the axes reversed.
    pub fn transpose(&mut self, a: ir::Value, at: ArrayType, span: Span) -> ir::Value {
        if at.ndim < 2 {
            return a;
        }
        let perm: Vec<u8> = (0..at.ndim).rev().collect();
        self.emit1(Op::Permute(perm), vec![a], Type::array(at.dtype, at.ndim, Layout::Strided), span)
    }
}

impl<'l, 'a> FnCx<'l, 'a> {
    /// `np.nonzero(v)` / `np.where(v)`: one int64 index array per axis. A
    /// scalar is a 0-d array, for which NumPy raises; `flatten_0d` keeps
    /// kiln's older `np.nonzero` behaviour of seeing it as 1-d.
    pub fn nonzero_of(&mut self, v: ir::Value, flatten_0d: bool, span: Span) -> ir::Value {
        let (a, at) = match self.ty(v) {
            Type::Array(at) => (v, at),
            Type::Bottom => return self.poison(),
            t if t.is_scalar() => {
                let Some(d) = t.scalar_dtype() else { return self.poison() };
                let arr = self.scalar_as_array(v, d, span);
                (arr, ArrayType { dtype: d, ndim: 0, layout: Layout::C })
            }
            t => return self.error(span, format!("np.nonzero of a value of type {t} is not supported")),
        };
        let n = at.ndim.max(1);
        let ty = Type::tuple(vec![Type::array(DType::I64, 1, Layout::C); n as usize]);
        if at.ndim == 0 && !flatten_0d {
            // np.where's own message (the rank is known here).
            let t = self.const_bool(true, span);
            self.raise_if_ir(
                t,
                crate::abi::exc::VALUE_ERROR,
                "Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead. \
                 If the context of this error is of the form `arr[nonzero(cond)]`, just use `arr[cond]`.",
                span,
            );
        }
        let src = if at.ndim == 0 && flatten_0d { self.flatten_view(a, at, span) } else { a };
        self.emit1(Op::ArrayCall { entry: "kiln_nonzero", args: vec![CallArg::Array(0)], out: CallOut::ArrayTuple(n) }, vec![src], ty, span)
    }

    /// The `kiln_norm` order code of a compile-time `ord` (None, 1, 2,
    /// +-inf, 'fro', 'nuc').
    fn norm_ord(&mut self, e: &'a ast::Expr) -> Option<i32> {
        match e {
            ast::Expr::Constant(c) => match &c.value {
                ast::Constant::None => Some(0),
                ast::Constant::Str(s) if s == "fro" => Some(5),
                ast::Constant::Str(s) if s == "nuc" => Some(6),
                ast::Constant::Int(i) if i.to_string() == "1" => Some(1),
                ast::Constant::Int(i) if i.to_string() == "2" => Some(2),
                ast::Constant::Float(f) if *f == 1.0 => Some(1),
                ast::Constant::Float(f) if *f == 2.0 => Some(2),
                ast::Constant::Float(f) if *f == f64::INFINITY => Some(3),
                _ => None,
            },
            ast::Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => match self.norm_ord(&u.operand) {
                Some(3) => Some(4),
                _ => None,
            },
            ast::Expr::Attribute(_) | ast::Expr::Name(_) => match self.expr(e) {
                super::Operand::Op(id) => match optable::get(id).lower {
                    Lower::FloatConst(v) if v == f64::INFINITY => Some(3),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    /// `np.max(a, initial=x)` / `np.min(a, initial=x)` over all axes: `x`
    /// for an empty array, else the extremum of both (NaN propagates).
    fn extremum_initial(&mut self, kind: i32, a: ir::Value, at: ArrayType, ie: &'a ast::Expr, span: Span) -> ir::Value {
        let iv = self.value_expr(ie);
        if !self.ty(iv).is_scalar() {
            return self.error(span, "`initial=` must be a scalar");
        }
        let init = self.cast_to_element(iv, at.dtype, span);
        let mut size = self.const_int(1, span);
        for k in 0..at.ndim {
            let d = self.emit1(Op::ArrayDim(k), vec![a], Type::Int, span);
            size = self.emit1(Op::Binary(ir::BinaryOp::Mul), vec![size, d], Type::Int, span);
        }
        let slot = self.temp_slot("$initial", Type::Scalar(at.dtype));
        self.emit(Op::Store(slot), vec![init], vec![], span);
        let zero = self.const_int(0, span);
        let nonempty = self.emit1(Op::Compare(ir::CmpOp::Ne), vec![size, zero], Type::Bool, span);
        let name = if kind == crate::abi::reduce::MAX { "numpy.maximum" } else { "numpy.minimum" };
        let Some(id) = optable::lookup(name) else { return self.poison() };
        let assigned = self.assigned.clone();
        let then_block = self.in_block(|fx| {
            let r = fx.reduce(kind, a, at, Axes::All, false, 0, span);
            let m = fx.elementwise(ElemFn::Builtin(id), vec![r, init], span);
            let m = fx.cast_to_element(m, at.dtype, span);
            fx.emit(Op::Store(slot), vec![m], vec![], span);
        });
        let else_block = self.func.new_block();
        self.push_stmt(ir::Stmt::If { cond: nonempty, then_block, else_block });
        self.assigned = assigned;
        self.reachable = true;
        self.emit1(Op::Load(slot), vec![], Type::Scalar(at.dtype), span)
    }

    /// `np.array(x, dtype=None)` / `np.asarray(x, dtype=None)`: from a
    /// (nested) list or tuple display of numbers, a scalar, or an array
    /// (`np.array` copies; `np.asarray` returns the array itself when the
    /// dtype already matches).
    fn array_constructor(&mut self, f: NpFn, rest: &[&'a ast::Expr], kw: &[(String, &'a ast::Expr)], span: Span) -> ir::Value {
        let Some(&e) = rest.first() else { return self.error(span, "np.array needs an argument") };
        let dtype = match Self::kwarg(kw, "dtype").or(rest.get(1).copied()) {
            None => None,
            Some(ast::Expr::Constant(c)) if matches!(c.value, ast::Constant::None) => None,
            Some(de) => match self.dtype_of(de) {
                Some(d) => Some(d),
                None => return self.error(span, "unsupported dtype"),
            },
        };
        if matches!(e, ast::Expr::List(_) | ast::Expr::Tuple(_)) {
            return self.array_from_display(e, dtype, span);
        }
        let v = self.value_expr(e);
        match self.ty(v) {
            Type::Array(at) => {
                let d = dtype.unwrap_or(at.dtype);
                if f == NpFn::AsArray && d == at.dtype {
                    v
                } else {
                    self.copy_array(v, at, d, span)
                }
            }
            t if t.is_scalar() => {
                let Some(d) = dtype.or(t.scalar_dtype()) else { return self.poison() };
                self.scalar_as_array(v, d, span)
            }
            Type::Bottom => self.poison(),
            t => self
                .error(span, format!("np.array of a value of type {t} is not supported yet (use a list display, or np.zeros and a loop)")),
        }
    }

    /// An array from a nested list/tuple display of scalars (a rectangular
    /// shape known at compile time).
    fn array_from_display(&mut self, e: &'a ast::Expr, dtype: Option<DType>, span: Span) -> ir::Value {
        fn items(e: &ast::Expr) -> Option<&[ast::Expr]> {
            match e {
                ast::Expr::List(l) => Some(&l.elts),
                ast::Expr::Tuple(t) => Some(&t.elts),
                _ => None,
            }
        }
        // The shape: every level of the display must be regular.
        let mut shape = Vec::new();
        let mut level: Vec<&'a ast::Expr> = vec![e];
        loop {
            let subs: Vec<Option<&'a [ast::Expr]>> = level.iter().map(|x| items(x)).collect();
            if subs.iter().all(Option::is_none) {
                break;
            }
            let Some(first) = subs[0] else {
                return self.error(span, "np.array of a display mixing numbers and sequences (an inhomogeneous shape) is not supported");
            };
            let n = first.len();
            if subs.iter().any(|s| s.map(|s| s.len()) != Some(n)) {
                return self.error(span, "np.array of a display with an inhomogeneous shape is not supported");
            }
            shape.push(n);
            level = subs.into_iter().flat_map(|s| s.expect("checked").iter()).collect();
            if n == 0 {
                break;
            }
        }
        if shape.len() > crate::abi::MAX_NDIM {
            return self.error(span, "too many dimensions");
        }
        let mut vals = Vec::new();
        let mut d = None::<DType>;
        for leaf in &level {
            let v = self.value_expr(leaf);
            let t = self.ty(v);
            if t == Type::Bottom {
                return self.poison();
            }
            let Some(ld) = t.scalar_dtype().filter(|_| t.is_scalar()) else {
                return self.error(
                    crate::front::module::span_of_expr(leaf),
                    format!("np.array of {t} items is not supported yet (np.stack joins arrays)"),
                );
            };
            d = Some(match d {
                None => ld,
                Some(p) => DType::promote(p, ld),
            });
            vals.push(v);
        }
        let d = dtype.or(d).unwrap_or(DType::F64);
        let dims: Vec<ir::Value> = shape.iter().map(|&n| self.const_int(n as i64, span)).collect();
        let arr = self.emit1(Op::ArrayAlloc(ir::Fill::Uninit), dims, Type::array(d, shape.len() as u8, Layout::C), span);
        let strides: Vec<usize> = (0..shape.len()).map(|k| shape[k + 1..].iter().product()).collect();
        for (flat, v) in vals.into_iter().enumerate() {
            let x = self.cast_to_element(v, d, span);
            let mut args = vec![arr, x];
            for (k, st) in strides.iter().enumerate() {
                args.push(self.const_int(((flat / st) % shape[k]) as i64, span));
            }
            self.emit(Op::ArraySet(vec![ir::IndexMode::Unchecked; shape.len()]), args, vec![], span);
        }
        arr
    }
}

/// The dtype `sum`/`prod`/`cumsum` accumulate in: NumPy widens booleans and
/// small integers to the platform integer (int64, or uint64 for unsigned).
pub fn accumulate_dtype(d: DType) -> DType {
    match d {
        DType::Bool | DType::I8 | DType::I16 | DType::I32 => DType::I64,
        DType::U8 | DType::U16 | DType::U32 => DType::U64,
        other => other,
    }
}

impl<'l, 'a> FnCx<'l, 'a> {
    /// Raises `kind(message)` when the `bool` value `cond` holds.
    pub fn raise_if_ir(&mut self, cond: ir::Value, kind: i32, message: &str, span: Span) {
        let assigned = self.assigned.clone();
        let then_block = self.in_block(|fx| fx.raise_error(kind, message.to_string(), span));
        let else_block = self.func.new_block();
        self.push_stmt(ir::Stmt::If { cond, then_block, else_block });
        self.assigned = assigned;
        self.reachable = true;
    }

    /// A 1-d view (or copy) of all elements of `a` in C order.
    /// `a.tolist()`: the elements as Python scalars (`bool`, `int`, `float`,
    /// `complex`), in nested lists of depth `ndim`; a 0-d array gives the scalar.
    fn tolist(&mut self, a: ir::Value, at: ArrayType, span: Span) -> ir::Value {
        let py = match at.dtype {
            DType::Bool => Type::Bool,
            d if d.is_float() => Type::Float,
            d if d.is_complex() => Type::Complex,
            DType::U64 => return self.error(span, "tolist() of a uint64 array is not supported yet (its values may not fit kiln's int)"),
            _ => Type::Int,
        };
        if at.ndim == 0 {
            let e = self.array_get(a, &[], span);
            return self.coerce(e, &py, span);
        }
        let elem = (1..at.ndim).fold(py.clone(), |t, _| Type::List(std::rc::Rc::new(t)));
        let out = self.new_list(elem, span);
        self.iterate(super::container::Iterable::Array(a), span, &[], &mut |fx, x| {
            let v = match fx.ty(x) {
                Type::Array(inner) => fx.tolist(x, inner, span),
                _ => fx.coerce(x, &py, span),
            };
            fx.list_append(out, v, span);
        });
        out
    }

    pub(super) fn flatten_view(&mut self, a: ir::Value, at: ArrayType, span: Span) -> ir::Value {
        let m1 = self.const_int(-1, span);
        self.emit1(Op::Reshape, vec![a, m1], Type::array(at.dtype, 1, Layout::C), span)
    }

    /// A 0-d array holding scalar `v` converted to dtype `d`.
    pub fn scalar_as_array(&mut self, v: ir::Value, d: DType, span: Span) -> ir::Value {
        let arr = self.emit1(Op::ArrayAlloc(ir::Fill::Uninit), vec![], Type::array(d, 0, Layout::C), span);
        let e = self.cast_to_element(v, d, span);
        self.emit(Op::ArraySet(vec![]), vec![arr, e], vec![], span);
        arr
    }

    /// A shape given as an int or a tuple of ints.
    fn shape_values(&mut self, e: &'a ast::Expr, span: Span) -> Option<Vec<ir::Value>> {
        let v = self.value_expr(e);
        match self.ty(v) {
            Type::Tuple(items) => Some(
                (0..items.len())
                    .map(|i| {
                        let it = self.tuple_get(v, i, span);
                        self.as_index_int(it, span, "array dimension")
                    })
                    .collect(),
            ),
            t if t.is_int_like() => Some(vec![self.as_index_int(v, span, "array dimension")]),
            Type::Bottom => None,
            t => {
                self.diags.push(crate::diag::Diagnostic::error(span, format!("the shape must be an int or a tuple of ints, not {t}")));
                None
            }
        }
    }

    /// The dtype a fill value gives an array (`np.full(3, 1.5)` is float64).
    fn value_dtype(&self, v: ir::Value) -> Option<DType> {
        self.ty(v).scalar_dtype()
    }

    /// `np.full`, `np.*_like`, `np.full_like`.
    fn creation(
        &mut self,
        f: NpFn,
        recv: Option<ir::Value>,
        rest: &[&'a ast::Expr],
        kw: &[(String, &'a ast::Expr)],
        span: Span,
    ) -> ir::Value {
        let _ = recv;
        let dtype_kw = Self::kwarg(kw, "dtype");
        let (dims, like_dtype, fill_value): (Vec<ir::Value>, Option<DType>, Option<ir::Value>) = match f {
            NpFn::Full => {
                let (Some(se), Some(ve)) = (rest.first().copied(), rest.get(1).copied()) else {
                    return self.error(span, "np.full(shape, fill_value) takes two arguments");
                };
                let Some(dims) = self.shape_values(se, span) else { return self.poison() };
                let v = self.value_expr(ve);
                (dims, None, Some(v))
            }
            NpFn::Like(_) | NpFn::FullLike => {
                let Some(ae) = rest.first().copied() else { return self.error(span, "needs an array argument") };
                let Some((a, at)) = self.array_operand(ae, "np.*_like") else { return self.poison() };
                let dims: Vec<ir::Value> = (0..at.ndim).map(|d| self.emit1(Op::ArrayDim(d), vec![a], Type::Int, span)).collect();
                let v = if f == NpFn::FullLike {
                    let Some(ve) = rest.get(1).copied() else { return self.error(span, "np.full_like(a, fill_value) takes two arguments") };
                    Some(self.value_expr(ve))
                } else {
                    None
                };
                (dims, Some(at.dtype), v)
            }
            _ => unreachable!(),
        };
        let dtype = match dtype_kw.or(if f == NpFn::Full { rest.get(2).copied() } else { None }) {
            Some(e) => match self.dtype_of(e) {
                Some(d) => d,
                None => return self.error(span, "unsupported dtype"),
            },
            None => match (like_dtype, fill_value) {
                (Some(d), _) => d,
                (None, Some(v)) => match self.value_dtype(v) {
                    Some(d) => d,
                    None => return self.error(span, "the fill value must be a number"),
                },
                _ => DType::F64,
            },
        };
        let fill = match f {
            NpFn::Like(fill) => fill,
            _ => ir::Fill::Uninit,
        };
        let arr = self.emit1(Op::ArrayAlloc(fill), dims.clone(), Type::array(dtype, dims.len() as u8, Layout::C), span);
        if let Some(v) = fill_value {
            self.assign_into(arr, v, span);
        }
        arr
    }

    /// Emits `for i in range(n): arr[i] = value(i)` (arr 1-d, C-contiguous).
    fn fill_1d(&mut self, arr: ir::Value, n: ir::Value, span: Span, value: impl FnOnce(&mut Self, ir::Value) -> ir::Value) {
        let at = self.ty(arr).as_array().expect("array");
        let start = self.const_int(0, span);
        let step = self.const_int(1, span);
        let body = self.func.new_block();
        let index = self.func.make_loop_index(body, Type::Int);
        let saved = std::mem::replace(&mut self.cur, body);
        let v = value(self, index);
        let e = self.cast_to_element(v, at.dtype, span);
        self.emit(Op::ArraySet(vec![ir::IndexMode::Unchecked]), vec![arr, e, index], vec![], span);
        self.cur = saved;
        self.push_stmt(ir::Stmt::For { index, start, stop: n, step, body, orelse: None, attrs: Default::default(), span });
    }

    /// `np.arange([start,] stop[, step], dtype=None)`.
    fn arange(&mut self, rest: &[&'a ast::Expr], kw: &[(String, &'a ast::Expr)], span: Span) -> ir::Value {
        let vals: Vec<ir::Value> = rest.iter().map(|e| self.value_expr(e)).collect();
        if vals.iter().any(|v| self.ty(*v) == Type::Bottom) {
            return self.poison();
        }
        let (start, stop, step) = match vals.as_slice() {
            [stop] => (None, *stop, None),
            [start, stop] => (Some(*start), *stop, None),
            [start, stop, step] => (Some(*start), *stop, Some(*step)),
            _ => return self.error(span, "np.arange takes 1 to 3 arguments"),
        };
        let types: Vec<Type> = vals.iter().map(|v| self.ty(*v)).collect();
        let Some(natural) = crate::numpy_rules::promote(&types) else { return self.error(span, "np.arange needs numbers") };
        let dtype = match Self::kwarg(kw, "dtype") {
            Some(e) => match self.dtype_of(e) {
                Some(d) => d,
                None => return self.error(span, "unsupported dtype"),
            },
            None => {
                if natural.is_int() || natural == DType::Bool {
                    DType::I64
                } else {
                    natural
                }
            }
        };
        let float = !(natural.is_int() || natural == DType::Bool);
        let comp = if float { Type::Float } else { Type::Int };
        let zero = self.const_int(0, span);
        let one = self.const_int(1, span);
        let start = self.coerce(start.unwrap_or(zero), &comp, span);
        let stop = self.coerce(stop, &comp, span);
        let step = self.coerce(step.unwrap_or(one), &comp, span);
        // The length: ceil((stop - start) / step), at least 0 (a zero step raises).
        let n = if float {
            let d = self.emit1(Op::Binary(ir::BinaryOp::Sub), vec![stop, start], Type::Float, span);
            let q = self.emit1(Op::Binary(ir::BinaryOp::Div), vec![d, step], Type::Float, span);
            let c = self.emit1(Op::Builtin(optable::lookup("math.ceil").expect("math.ceil")), vec![q], Type::Int, span);
            let z = self.const_int(0, span);
            self.emit1(Op::Builtin(optable::lookup("builtins.max").expect("max")), vec![c, z], Type::Int, span)
        } else {
            let z = self.const_int(0, span);
            let is0 = self.emit1(Op::Compare(ir::CmpOp::Eq), vec![step, z], Type::Bool, span);
            let assigned = self.assigned.clone();
            let then_block = self.in_block(|fx| fx.raise_error(crate::abi::exc::ZERO_DIVISION_ERROR, "division by zero", span));
            let else_block = self.func.new_block();
            self.push_stmt(ir::Stmt::If { cond: is0, then_block, else_block });
            self.assigned = assigned;
            self.reachable = true;
            // -((start - stop) // step) is ceil((stop - start) / step) for ints.
            let d = self.emit1(Op::Binary(ir::BinaryOp::Sub), vec![start, stop], Type::Int, span);
            let q = self.emit1(Op::Binary(ir::BinaryOp::FloorDiv), vec![d, step], Type::Int, span);
            let c = self.emit1(Op::Unary(ir::UnaryOp::Neg), vec![q], Type::Int, span);
            self.emit1(Op::Builtin(optable::lookup("builtins.max").expect("max")), vec![c, z], Type::Int, span)
        };
        if dtype == DType::Bool {
            let two = self.const_int(2, span);
            let long = self.emit1(Op::Compare(ir::CmpOp::Gt), vec![n, two], Type::Bool, span);
            self.raise_if_ir(
                long,
                crate::abi::exc::TYPE_ERROR,
                "arange() is only supported for booleans when the result has at most length 2.",
                span,
            );
        }
        let arr = self.emit1(Op::ArrayAlloc(ir::Fill::Uninit), vec![n], Type::array(dtype, 1, Layout::C), span);
        self.fill_1d(arr, n, span, |fx, i| {
            let iv = fx.coerce(i, &comp, span);
            let off = fx.emit1(Op::Binary(ir::BinaryOp::Mul), vec![iv, step], comp.clone(), span);
            fx.emit1(Op::Binary(ir::BinaryOp::Add), vec![start, off], comp.clone(), span)
        });
        arr
    }

    /// `np.linspace(start, stop, num=50, endpoint=True)`, computed as NumPy does.
    fn linspace(&mut self, rest: &[&'a ast::Expr], kw: &[(String, &'a ast::Expr)], span: Span) -> ir::Value {
        if rest.len() < 2 {
            return self.error(span, "np.linspace(start, stop, num) needs start and stop");
        }
        let start = self.value_expr(rest[0]);
        let stop = self.value_expr(rest[1]);
        let num = match rest.get(2).copied().or(Self::kwarg(kw, "num")) {
            Some(e) => {
                let v = self.value_expr(e);
                self.as_index_int(v, span, "num")
            }
            None => self.const_int(50, span),
        };
        let endpoint = match Self::kwarg(kw, "endpoint") {
            Some(e) => match self.const_bool_expr(e) {
                Some(b) => b,
                None => return self.error(span, "endpoint must be True or False"),
            },
            None => true,
        };
        let start = self.coerce(start, &Type::Float, span);
        let stop = self.coerce(stop, &Type::Float, span);
        let zero = self.const_int(0, span);
        let neg = self.emit1(Op::Compare(ir::CmpOp::Lt), vec![num, zero], Type::Bool, span);
        let assigned = self.assigned.clone();
        let then_block =
            self.in_block(|fx| fx.raise_error(crate::abi::exc::VALUE_ERROR, "Number of samples, -1, must be non-negative.", span));
        let else_block = self.func.new_block();
        self.push_stmt(ir::Stmt::If { cond: neg, then_block, else_block });
        self.assigned = assigned;
        self.reachable = true;
        // div = num - 1 (endpoint) or num; step = (stop - start) / div.
        let one = self.const_int(1, span);
        let div = if endpoint { self.emit1(Op::Binary(ir::BinaryOp::Sub), vec![num, one], Type::Int, span) } else { num };
        let divf = self.coerce(div, &Type::Float, span);
        let delta = self.emit1(Op::Binary(ir::BinaryOp::Sub), vec![stop, start], Type::Float, span);
        let npd = Type::Scalar(DType::F64);
        let deltan = self.coerce(delta, &npd, span);
        let divn = self.coerce(divf, &npd, span);
        // NumPy: step = delta / div, or delta itself when div is 0 (one sample).
        let quotient = self.emit1(Op::Binary(ir::BinaryOp::Div), vec![deltan, divn], npd.clone(), span);
        let zero_i = self.const_int(0, span);
        let div_zero = self.emit1(Op::Compare(ir::CmpOp::Eq), vec![div, zero_i], Type::Bool, span);
        let step = self.emit1(Op::Select, vec![div_zero, deltan, quotient], npd.clone(), span);
        let arr = self.emit1(Op::ArrayAlloc(ir::Fill::Uninit), vec![num], Type::array(DType::F64, 1, Layout::C), span);
        let startn = self.coerce(start, &npd, span);
        self.fill_1d(arr, num, span, |fx, i| {
            let iv = fx.coerce(i, &npd, span);
            let off = fx.emit1(Op::Binary(ir::BinaryOp::Mul), vec![iv, step], npd.clone(), span);
            fx.emit1(Op::Binary(ir::BinaryOp::Add), vec![off, startn], npd.clone(), span)
        });
        if endpoint {
            // The last sample is exactly `stop` (when there are at least two).
            let gt1 = self.emit1(Op::Compare(ir::CmpOp::Gt), vec![num, one], Type::Bool, span);
            let then_block = self.in_block(|fx| {
                let last = fx.emit1(Op::Binary(ir::BinaryOp::Sub), vec![num, one], Type::Int, span);
                let sv = fx.coerce(stop, &npd, span);
                fx.emit(Op::ArraySet(vec![ir::IndexMode::Unchecked]), vec![arr, sv, last], vec![], span);
            });
            let else_block = self.func.new_block();
            self.push_stmt(ir::Stmt::If { cond: gt1, then_block, else_block });
        }
        arr
    }

    /// `np.eye(N, M=None, k=0, dtype=float)` and `np.identity(n)`.
    fn eye(&mut self, f: NpFn, rest: &[&'a ast::Expr], kw: &[(String, &'a ast::Expr)], span: Span) -> ir::Value {
        let Some(ne) = rest.first().copied() else { return self.error(span, "needs the number of rows") };
        let n = self.value_expr(ne);
        let n = self.as_index_int(n, span, "N");
        let m = match rest.get(1).copied().filter(|_| f == NpFn::Eye) {
            Some(e) if !matches!(e, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::None)) => {
                let v = self.value_expr(e);
                self.as_index_int(v, span, "M")
            }
            _ => n,
        };
        let k = match rest.get(2).copied().filter(|_| f == NpFn::Eye) {
            Some(e) => {
                let v = self.value_expr(e);
                self.as_index_int(v, span, "k")
            }
            None => self.const_int(0, span),
        };
        let dtype = match Self::kwarg(kw, "dtype") {
            Some(e) => match self.dtype_of(e) {
                Some(d) => d,
                None => return self.error(span, "unsupported dtype"),
            },
            None => DType::F64,
        };
        let arr = self.emit1(Op::ArrayAlloc(ir::Fill::Zeros), vec![n, m], Type::array(dtype, 2, Layout::C), span);
        // for i in range(n): j = i + k; if 0 <= j < m: a[i, j] = 1
        let start = self.const_int(0, span);
        let step = self.const_int(1, span);
        let body = self.func.new_block();
        let index = self.func.make_loop_index(body, Type::Int);
        let saved = std::mem::replace(&mut self.cur, body);
        let j = self.emit1(Op::Binary(ir::BinaryOp::Add), vec![index, k], Type::Int, span);
        let zero = self.const_int(0, span);
        let ge = self.emit1(Op::Compare(ir::CmpOp::Ge), vec![j, zero], Type::Bool, span);
        let lt = self.emit1(Op::Compare(ir::CmpOp::Lt), vec![j, m], Type::Bool, span);
        let ok = self.emit1(Op::Binary(ir::BinaryOp::BitAnd), vec![ge, lt], Type::Bool, span);
        let then_block = self.in_block(|fx| {
            let one = fx.const_int(1, span);
            let e = fx.cast_to_element(one, dtype, span);
            fx.emit(Op::ArraySet(vec![ir::IndexMode::Unchecked, ir::IndexMode::Unchecked]), vec![arr, e, index, j], vec![], span);
        });
        let else_block = self.func.new_block();
        self.push_stmt(ir::Stmt::If { cond: ok, then_block, else_block });
        self.cur = saved;
        self.push_stmt(ir::Stmt::For { index, start, stop: n, step, body, orelse: None, attrs: Default::default(), span });
        arr
    }

    /// The arrays of a sequence argument: a tuple or list display, or a tuple value.
    fn array_sequence(&mut self, e: &'a ast::Expr, span: Span) -> Option<Vec<ir::Value>> {
        let vals: Vec<ir::Value> = match e {
            ast::Expr::Tuple(t) => t.elts.iter().map(|x| self.value_expr(x)).collect(),
            ast::Expr::List(l) => l.elts.iter().map(|x| self.value_expr(x)).collect(),
            other => {
                let v = self.value_expr(other);
                match self.ty(v) {
                    Type::Tuple(items) => (0..items.len()).map(|i| self.tuple_get(v, i, span)).collect(),
                    _ => {
                        self.diags.push(crate::diag::Diagnostic::error(span, "expected a sequence of arrays"));
                        return None;
                    }
                }
            }
        };
        if vals.is_empty() {
            self.diags.push(crate::diag::Diagnostic::error(span, "need at least one array to concatenate"));
            return None;
        }
        Some(vals)
    }

    /// `concatenate`, `stack`, `hstack`, `vstack`.
    fn join_arrays(&mut self, f: NpFn, rest: &[&'a ast::Expr], kw: &[(String, &'a ast::Expr)], span: Span) -> ir::Value {
        let Some(seq) = rest.first().copied() else { return self.error(span, "needs a sequence of arrays") };
        let Some(vals) = self.array_sequence(seq, span) else { return self.poison() };
        let types: Vec<Type> = vals.iter().map(|v| self.ty(*v)).collect();
        if types.contains(&Type::Bottom) {
            return self.poison();
        }
        let Some(d) = crate::numpy_rules::promote(&types) else { return self.error(span, "arrays of numbers are needed") };
        let mut arrays = Vec::new();
        for v in vals {
            let a = match self.ty(v) {
                Type::Array(at) if at.dtype == d => v,
                Type::Array(at) => self.copy_array(v, at, d, span),
                t if t.is_scalar() => self.scalar_as_array(v, d, span),
                _ => return self.error(span, "expected arrays"),
            };
            arrays.push(a);
        }
        let nd = self.ty(arrays[0]).as_array().map_or(0, |a| a.ndim);
        if arrays.iter().any(|a| self.ty(*a).as_array().map(|t| t.ndim) != Some(nd)) {
            return self.error(span, "all the input array dimensions must match exactly (same number of dimensions)");
        }
        // Prepare views: stack adds an axis; hstack/vstack promote 1-d inputs.
        let (arrays, axis_nd, axis) = match f {
            NpFn::Stack => {
                let axis_e = Self::kwarg(kw, "axis").or(rest.get(1).copied());
                let Some(axes) = self.axes_of(
                    axis_e.or(Some(&ast::Expr::Constant(ast::ExprConstant {
                        range: Default::default(),
                        value: ast::Constant::Int(0i64.into()),
                        kind: None,
                    }))),
                    nd + 1,
                    span,
                ) else {
                    return self.poison();
                };
                let Axes::Some(ax) = axes else { return self.error(span, "stack needs an axis") };
                let k = ax[0];
                // stack needs equal shapes (concatenate's message would name one axis).
                for a in &arrays[1..] {
                    for d in 0..nd {
                        let x = self.emit1(Op::ArrayDim(d), vec![arrays[0]], Type::Int, span);
                        let y = self.emit1(Op::ArrayDim(d), vec![*a], Type::Int, span);
                        let ne = self.emit1(Op::Compare(ir::CmpOp::Ne), vec![x, y], Type::Bool, span);
                        self.raise_if_ir(ne, crate::abi::exc::VALUE_ERROR, "all input arrays must have the same shape", span);
                    }
                }
                let expanded: Vec<ir::Value> = arrays.iter().map(|a| self.expand_view(*a, k, span)).collect();
                (expanded, nd + 1, k)
            }
            NpFn::Hstack => (arrays, nd, if nd == 1 { 0 } else { 1 }),
            NpFn::Vstack => {
                if nd == 1 {
                    let expanded: Vec<ir::Value> = arrays.iter().map(|a| self.expand_view(*a, 0, span)).collect();
                    (expanded, 2, 0)
                } else {
                    (arrays, nd, 0)
                }
            }
            _ => {
                let axis_e = Self::kwarg(kw, "axis").or(rest.get(1).copied());
                let (k, flat) = match axis_e {
                    None => (0, false),
                    Some(ast::Expr::Constant(c)) if matches!(c.value, ast::Constant::None) => (0, true),
                    Some(e) => match self.axes_of(Some(e), nd, span) {
                        Some(Axes::Some(v)) => (v[0], false),
                        _ => return self.poison(),
                    },
                };
                if flat {
                    let flats: Vec<ir::Value> = arrays
                        .iter()
                        .map(|a| {
                            let at = self.ty(*a).as_array().expect("array");
                            self.flatten_view(*a, at, span)
                        })
                        .collect();
                    (flats, 1, 0)
                } else {
                    (arrays, nd, k)
                }
            }
        };
        let n = arrays.len();
        if n > 255 {
            return self.error(span, "too many arrays to join");
        }
        self.emit1(
            Op::ArrayCall {
                entry: "kiln_concatenate",
                args: vec![CallArg::ArrayList(0, n as u8), CallArg::Const(n as i64), CallArg::Const(axis as i64)],
                out: CallOut::Array,
            },
            arrays,
            Type::array(d, axis_nd, Layout::C),
            span,
        )
    }

    /// A view of `a` with a new axis at position `k`.
    fn expand_view(&mut self, a: ir::Value, k: u8, span: Span) -> ir::Value {
        let at = self.ty(a).as_array().expect("array");
        let mut view = Vec::new();
        let mut src = 0u8;
        for i in 0..=at.ndim {
            if i == k {
                view.push(ir::ViewAxis::NewAxis);
            } else {
                view.push(ir::ViewAxis::Slice { src, start: None, stop: None, step: None });
                src += 1;
            }
        }
        self.emit1(Op::View(view), vec![a], Type::array(at.dtype, at.ndim + 1, Layout::Strided), span)
    }

    /// `tile`, `repeat`, `roll`, `diff`.
    fn shape_call(
        &mut self,
        f: NpFn,
        a: ir::Value,
        at: ArrayType,
        rest: &[&'a ast::Expr],
        kw: &[(String, &'a ast::Expr)],
        span: Span,
    ) -> ir::Value {
        match f {
            NpFn::Tile => {
                let Some(re) = rest.first().copied() else { return self.error(span, "np.tile needs reps") };
                let Some(reps) = self.shape_values(re, span) else { return self.poison() };
                let nd = at.ndim.max(reps.len() as u8);
                let n = reps.len();
                let mut args = vec![a];
                args.extend(reps);
                self.emit1(
                    Op::ArrayCall {
                        entry: "kiln_tile",
                        args: vec![CallArg::Array(0), CallArg::IntList(1, n as u8), CallArg::Const(n as i64)],
                        out: CallOut::Array,
                    },
                    args,
                    Type::array(at.dtype, nd, Layout::C),
                    span,
                )
            }
            NpFn::Repeat | NpFn::Roll => {
                let Some(ne) = rest.first().copied() else { return self.error(span, "needs a count") };
                let nv = self.value_expr(ne);
                let nv = self.as_index_int(nv, span, "count");
                let axis_e = Self::kwarg(kw, "axis").or(rest.get(1).copied());
                let (src, axis, nd) = match axis_e {
                    None => (self.flatten_view(a, at, span), 0, 1),
                    Some(ast::Expr::Constant(c)) if matches!(c.value, ast::Constant::None) => (self.flatten_view(a, at, span), 0, 1),
                    Some(e) => match self.axes_of(Some(e), at.ndim, span) {
                        Some(Axes::Some(v)) => (a, v[0] as i64, at.ndim),
                        _ => return self.poison(),
                    },
                };
                let entry = if f == NpFn::Repeat { "kiln_repeat" } else { "kiln_roll" };
                let r = self.emit1(
                    Op::ArrayCall { entry, args: vec![CallArg::Array(0), CallArg::Int(1), CallArg::Const(axis)], out: CallOut::Array },
                    vec![src, nv],
                    Type::array(at.dtype, nd, Layout::C),
                    span,
                );
                if f == NpFn::Roll && axis_e.is_none() && at.ndim != 1 {
                    // np.roll without an axis keeps the original shape.
                    let dims: Vec<ir::Value> = (0..at.ndim).map(|d| self.emit1(Op::ArrayDim(d), vec![a], Type::Int, span)).collect();
                    let mut args = vec![r];
                    args.extend(dims);
                    return self.emit1(Op::Reshape, args, Type::array(at.dtype, at.ndim, Layout::C), span);
                }
                r
            }
            NpFn::Diff => {
                let n = match Self::kwarg(kw, "n").or(rest.first().copied()) {
                    Some(e) => {
                        let v = self.value_expr(e);
                        self.as_index_int(v, span, "n")
                    }
                    None => self.const_int(1, span),
                };
                let axis_e = Self::kwarg(kw, "axis").or(rest.get(1).copied());
                let axis = match axis_e {
                    None => at.ndim as i64 - 1,
                    Some(e) => match self.axes_of(Some(e), at.ndim, span) {
                        Some(Axes::Some(v)) => v[0] as i64,
                        _ => return self.poison(),
                    },
                };
                self.emit1(
                    Op::ArrayCall {
                        entry: "kiln_diff",
                        args: vec![CallArg::Array(0), CallArg::Int(1), CallArg::Const(axis)],
                        out: CallOut::Array,
                    },
                    vec![a, n],
                    Type::array(at.dtype, at.ndim, Layout::C),
                    span,
                )
            }
            _ => unreachable!(),
        }
    }

    /// `np.trace(a)` of a 2-d array: the sum of its diagonal.
    fn trace(&mut self, a: ir::Value, at: ArrayType, span: Span) -> ir::Value {
        let d = super::numpy::accumulate_dtype(at.dtype);
        let acc = self.temp_slot("$trace", Type::Scalar(d));
        let z = self.const_int(0, span);
        let zc = self.cast_to_element(z, d, span);
        self.emit(Op::Store(acc), vec![zc], vec![], span);
        let r = self.emit1(Op::ArrayDim(0), vec![a], Type::Int, span);
        let c = self.emit1(Op::ArrayDim(1), vec![a], Type::Int, span);
        let n = self.emit1(Op::Builtin(optable::lookup("builtins.min").expect("min")), vec![r, c], Type::Int, span);
        let start = self.const_int(0, span);
        let step = self.const_int(1, span);
        let body = self.func.new_block();
        let index = self.func.make_loop_index(body, Type::Int);
        let saved = std::mem::replace(&mut self.cur, body);
        let e = self.emit1(
            Op::ArrayGet(vec![ir::IndexMode::Unchecked, ir::IndexMode::Unchecked]),
            vec![a, index, index],
            Type::Scalar(at.dtype),
            span,
        );
        let e = self.cast_to_element(e, d, span);
        let cur = self.emit1(Op::Load(acc), vec![], Type::Scalar(d), span);
        let s = self.emit1(Op::Binary(ir::BinaryOp::Add), vec![cur, e], Type::Scalar(d), span);
        self.emit(Op::Store(acc), vec![s], vec![], span);
        self.cur = saved;
        self.push_stmt(ir::Stmt::For { index, start, stop: n, step, body, orelse: None, attrs: Default::default(), span });
        self.emit1(Op::Load(acc), vec![], Type::Scalar(d), span)
    }

    /// `numpy.random` functions.
    fn random(&mut self, f: NpFn, rest: &[&'a ast::Expr], kw: &[(String, &'a ast::Expr)], span: Span) -> ir::Value {
        use crate::abi::dist;
        match f {
            NpFn::RandomSeed => {
                let Some(e) = rest.first().copied() else { return self.error(span, "np.random.seed needs a seed in kiln") };
                let v = self.value_expr(e);
                let v = self.as_index_int(v, span, "seed");
                self.emit(
                    Op::ArrayCall { entry: "kiln_random_seed", args: vec![CallArg::Int(0)], out: CallOut::Nothing },
                    vec![v],
                    vec![],
                    span,
                );
                self.emit1(Op::Const(ir::Const::None), vec![], Type::None, span)
            }
            NpFn::Random(kind) => {
                // Parameters and the size, by position or keyword.
                let (p_names, nparams): (&[&str], usize) = match kind {
                    dist::UNIFORM => (&["low", "high"], 2),
                    dist::NORMAL => (&["loc", "scale"], 2),
                    dist::RANDINT => (&["low", "high"], 2),
                    _ => (&[], 0),
                };
                let name = optable::get(optable::lookup("numpy.random.rand").expect("rand")).name;
                let _ = name;
                // rand/randn take the shape as separate ints; the others take size=.
                let shape_dims: Option<Vec<ir::Value>> = if nparams == 0 {
                    let size_e = Self::kwarg(kw, "size");
                    if let Some(se) = size_e {
                        self.shape_values(se, span)
                    } else if rest.len() == 1 && matches!(rest[0], ast::Expr::Tuple(_)) {
                        self.shape_values(rest[0], span)
                    } else if rest.is_empty() {
                        None
                    } else {
                        Some(
                            rest.iter()
                                .map(|e| {
                                    let v = self.value_expr(e);
                                    self.as_index_int(v, span, "dimension")
                                })
                                .collect(),
                        )
                    }
                } else {
                    let size_e = Self::kwarg(kw, "size").or(rest.get(nparams).copied());
                    match size_e {
                        Some(se) if !matches!(se, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::None)) => {
                            self.shape_values(se, span)
                        }
                        _ => None,
                    }
                };
                let defaults: [f64; 2] = match kind {
                    dist::UNIFORM => [0.0, 1.0],
                    dist::NORMAL => [0.0, 1.0],
                    _ => [0.0, 0.0],
                };
                let mut params = Vec::new();
                for (k, pname) in p_names.iter().enumerate() {
                    let e = Self::kwarg(kw, pname).or(rest.get(k).copied());
                    let v = match e {
                        Some(e)
                            if !(kind == dist::RANDINT
                                && k == 1
                                && matches!(e, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::None))) =>
                        {
                            let v = self.value_expr(e);
                            Some(self.coerce(v, &Type::Float, span))
                        }
                        _ => None,
                    };
                    params.push(v);
                }
                if kind == dist::RANDINT {
                    // randint(high) means randint(0, high).
                    match (params[0], params[1]) {
                        (Some(h), None) => {
                            params[1] = Some(h);
                            params[0] = Some(self.emit1(Op::Const(ir::Const::Float(0.0)), vec![], Type::Float, span));
                        }
                        (None, _) => return self.error(span, "randint needs `high`"),
                        _ => {}
                    }
                }
                let mut args = Vec::new();
                let mut spec = vec![CallArg::Const(kind as i64)];
                for (k, p) in params.iter().enumerate() {
                    match p {
                        Some(v) => {
                            args.push(*v);
                            spec.push(CallArg::Float((args.len() - 1) as u8));
                        }
                        None => spec.push(CallArg::ConstF64(defaults[k].to_bits())),
                    }
                }
                while spec.len() < 3 {
                    spec.push(CallArg::ConstF64(0f64.to_bits()));
                }
                let (elem, py) = if kind == dist::RANDINT { (DType::I64, Type::Int) } else { (DType::F64, Type::Float) };
                match shape_dims {
                    None => self.emit1(Op::ArrayCall { entry: "kiln_random_scalar", args: spec, out: CallOut::ReturnF64 }, args, py, span),
                    Some(dims) => {
                        let arr = self.emit1(
                            Op::ArrayAlloc(ir::Fill::Uninit),
                            dims.clone(),
                            Type::array(elem, dims.len() as u8, Layout::C),
                            span,
                        );
                        args.push(arr);
                        spec.push(CallArg::Array((args.len() - 1) as u8));
                        self.emit(Op::ArrayCall { entry: "kiln_random_fill", args: spec, out: CallOut::Nothing }, args, vec![], span);
                        arr
                    }
                }
            }
            NpFn::RandomShuffle => {
                let Some(e) = rest.first().copied() else { return self.error(span, "shuffle needs an array") };
                let Some((a, _)) = self.array_operand(e, "np.random.shuffle") else { return self.poison() };
                self.emit(
                    Op::ArrayCall { entry: "kiln_random_shuffle", args: vec![CallArg::Array(0)], out: CallOut::Nothing },
                    vec![a],
                    vec![],
                    span,
                );
                self.emit1(Op::Const(ir::Const::None), vec![], Type::None, span)
            }
            NpFn::RandomPermutation => {
                let Some(e) = rest.first().copied() else { return self.error(span, "permutation needs an argument") };
                let v = self.value_expr(e);
                let arr = match self.ty(v) {
                    Type::Array(at) => self.copy_array(v, at, at.dtype, span),
                    t if t.is_int_like() => {
                        let n = self.as_index_int(v, span, "n");
                        let arr = self.emit1(Op::ArrayAlloc(ir::Fill::Uninit), vec![n], Type::array(DType::I64, 1, Layout::C), span);
                        self.fill_1d(arr, n, span, |_, i| i);
                        arr
                    }
                    _ => return self.error(span, "permutation needs an int or an array"),
                };
                self.emit(
                    Op::ArrayCall { entry: "kiln_random_shuffle", args: vec![CallArg::Array(0)], out: CallOut::Nothing },
                    vec![arr],
                    vec![],
                    span,
                );
                arr
            }
            NpFn::RandomChoice => {
                let Some(e) = rest.first().copied() else { return self.error(span, "choice needs a population") };
                let v = self.value_expr(e);
                let pop = match self.ty(v) {
                    Type::Array(_) => v,
                    t if t.is_int_like() => {
                        let n = self.as_index_int(v, span, "n");
                        let arr = self.emit1(Op::ArrayAlloc(ir::Fill::Uninit), vec![n], Type::array(DType::I64, 1, Layout::C), span);
                        self.fill_1d(arr, n, span, |_, i| i);
                        arr
                    }
                    _ => return self.error(span, "choice needs an int or a 1-d array"),
                };
                let pt = self.ty(pop).as_array().expect("array");
                let size_e = Self::kwarg(kw, "size").or(rest.get(1).copied());
                let replace = match Self::kwarg(kw, "replace").or(rest.get(2).copied()) {
                    Some(e) => match self.const_bool_expr(e) {
                        Some(b) => b,
                        None => return self.error(span, "replace must be True or False"),
                    },
                    None => true,
                };
                let p = Self::kwarg(kw, "p").or(rest.get(3).copied()).map(|e| self.value_expr(e));
                let (size, scalar) = match size_e {
                    None => (self.const_int(1, span), true),
                    Some(ast::Expr::Constant(c)) if matches!(c.value, ast::Constant::None) => (self.const_int(1, span), true),
                    Some(se) => {
                        let sv = self.value_expr(se);
                        (self.as_index_int(sv, span, "size"), false)
                    }
                };
                let mut args = vec![pop, size];
                let mut spec = vec![CallArg::Array(0), CallArg::Int(1), CallArg::Const(replace as i64)];
                match p {
                    Some(pv) => {
                        let pv = match self.ty(pv) {
                            Type::Array(t) if t.dtype == DType::F64 => pv,
                            Type::Array(t) => self.copy_array(pv, t, DType::F64, span),
                            _ => return self.error(span, "p must be an array"),
                        };
                        args.push(pv);
                        spec.push(CallArg::Array(2));
                    }
                    None => spec.push(CallArg::Null),
                }
                let r = self.emit1(
                    Op::ArrayCall { entry: "kiln_random_choice", args: spec, out: CallOut::Array },
                    args,
                    Type::array(pt.dtype, 1, Layout::C),
                    span,
                );
                if scalar {
                    let zero = self.const_int(0, span);
                    let e = self.array_get(r, &[zero], span);
                    // choice(n) draws a Python int; choice(array) a NumPy scalar.
                    return if self.ty(v).is_int_like() { self.coerce(e, &Type::Int, span) } else { e };
                }
                r
            }
            _ => unreachable!(),
        }
    }
}
