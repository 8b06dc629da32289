//! Lowering of array expressions: indexing and views, elementwise operators
//! and ufuncs (with NumPy's dtype rules from `numpy_rules`), assignment into
//! slices.
//!
//! Indexing: integers, slices, `None` and `...` give elements or views
//! (`Op::View`). An index holding index arrays or boolean masks (advanced
//! indexing, `ndarray.__getitem__`/`__setitem__` in the operation table) is
//! split into the view of its basic part, advanced axes kept whole, and a
//! `kiln_index_get`/`kiln_index_set` call given each index array and the
//! axis where it starts; integers next to index arrays become 0-d index
//! arrays, as NumPy treats them. Reading gives a new array, writing happens
//! in place; `a[idx] op= v` reads, combines and writes back once each.
//!
//! Elementwise operations stay high-level here (`Op::Elementwise`); the
//! kernel pass turns them into loop nests, fusing chains of them.

use rustpython_parser::ast;

use super::FnCx;
use crate::diag::{Diagnostic, Span};
use crate::front::module::span_of_expr;
use crate::ir::{self, Const, ElemFn, Op, ViewAxis};
use crate::numpy_rules;
use crate::types::{DType, Layout, Type};

/// One component of an index expression `a[c0, c1, ...]`.
enum IndexPart {
    Int(ir::Value),
    Slice {
        start: Option<ir::Value>,
        stop: Option<ir::Value>,
        step: Option<ir::Value>,
        step_const: Option<i64>,
    },
    NewAxis,
    Ellipsis,
    /// An index array (integer or boolean): advanced indexing.
    Array(ir::Value, crate::types::ArrayType),
}

/// An advanced index prepared for `kiln_index_get`/`kiln_index_set`.
struct Fancy {
    /// The basic-indexed view, advanced axes kept whole.
    view: ir::Value,
    /// One index array per advanced entry, then its base axis (an `int`).
    idx: Vec<ir::Value>,
    pos: Vec<ir::Value>,
    dtype: DType,
    ndim: u8,
}

impl<'l, 'a> FnCx<'l, 'a> {
    fn index_parts(&mut self, slice: &'a ast::Expr) -> Option<Vec<IndexPart>> {
        let items: Vec<&'a ast::Expr> = match slice {
            ast::Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        let mut parts = Vec::new();
        for it in items {
            let span = span_of_expr(it);
            let part = match it {
                ast::Expr::Slice(s) => {
                    let bound = |e: &'a Option<Box<ast::Expr>>, fx: &mut Self| -> Option<ir::Value> {
                        e.as_ref().map(|e| {
                            let v = fx.value_expr(e);
                            fx.as_index_int(v, span_of_expr(e), "slice index")
                        })
                    };
                    let step_const = match s.step.as_deref() {
                        Some(ast::Expr::Constant(c)) => match &c.value {
                            ast::Constant::Int(i) => i64::try_from(i).ok(),
                            _ => None,
                        },
                        Some(ast::Expr::UnaryOp(u)) if u.op == ast::UnaryOp::USub => match u.operand.as_ref() {
                            ast::Expr::Constant(c) => match &c.value {
                                ast::Constant::Int(i) => i64::try_from(i).ok().map(|v| -v),
                                _ => None,
                            },
                            _ => None,
                        },
                        None => Some(1),
                        _ => None,
                    };
                    if step_const == Some(0) {
                        self.diags.push(Diagnostic::error(span, "slice step cannot be zero"));
                        return None;
                    }
                    let (start, stop, step) = (bound(&s.lower, self), bound(&s.upper, self), bound(&s.step, self));
                    IndexPart::Slice { start, stop, step, step_const }
                }
                ast::Expr::Constant(c) if matches!(c.value, ast::Constant::None) => IndexPart::NewAxis,
                ast::Expr::Constant(c) if matches!(c.value, ast::Constant::Ellipsis) => IndexPart::Ellipsis,
                ast::Expr::Attribute(a) if a.attr.as_str() == "newaxis" => IndexPart::NewAxis,
                other => {
                    let v = self.value_expr(other);
                    match self.ty(v) {
                        Type::Bottom => return None,
                        t if t.is_int_like() => IndexPart::Int(self.as_index_int(v, span, "array index")),
                        // A tuple of index arrays (`a[np.nonzero(m)]`, `a[np.where(c)]`)
                        // indexes with each of them.
                        Type::Tuple(ts)
                            if !ts.is_empty()
                                && ts.iter().all(|t| matches!(t, Type::Array(at) if at.dtype.is_int() || at.dtype == DType::Bool)) =>
                        {
                            for (i, t) in ts.iter().enumerate() {
                                let it = self.tuple_get(v, i, span);
                                let Type::Array(at) = t else { unreachable!("checked") };
                                parts.push(IndexPart::Array(it, *at));
                            }
                            continue;
                        }
                        Type::Array(at) => {
                            if !(at.dtype == DType::Bool || at.dtype.is_int()) {
                                self.diags.push(Diagnostic::error(
                                    span,
                                    format!("arrays used as indices must be of integer (or boolean) type, not {}", at.dtype.name()),
                                ));
                                return None;
                            }
                            if at.dtype == DType::Bool && at.ndim == 0 {
                                self.diags.push(Diagnostic::error(span, "indexing with a 0-d boolean array is not supported yet"));
                                return None;
                            }
                            IndexPart::Array(v, at)
                        }
                        t => {
                            self.diags.push(Diagnostic::error(
                                span,
                                format!("only integers, slices (`:`), ellipsis (`...`) and None are valid indices, not {t}"),
                            ));
                            return None;
                        }
                    }
                }
            };
            parts.push(part);
        }
        Some(parts)
    }

    /// `base[slice]` for an array `base`: an element, or a view.
    pub fn array_subscript(&mut self, base: ir::Value, slice: &'a ast::Expr, span: Span) -> ir::Value {
        let Some(at) = self.ty(base).as_array() else { return self.poison() };
        let Some(parts) = self.index_parts(slice) else { return self.poison() };
        self.subscript_parts(base, at, parts, span)
    }

    fn subscript_parts(&mut self, base: ir::Value, at: crate::types::ArrayType, parts: Vec<IndexPart>, span: Span) -> ir::Value {
        if parts.iter().any(|p| matches!(p, IndexPart::Array(..))) {
            return self.fancy_get(base, parts, span);
        }
        let ints = parts.iter().filter(|p| matches!(p, IndexPart::Int(_))).count();
        if ints == parts.len() && ints == at.ndim as usize {
            let idx: Vec<ir::Value> = parts.iter().map(|p| if let IndexPart::Int(v) = p { *v } else { unreachable!() }).collect();
            return self.array_get(base, &idx, span);
        }
        self.make_view(base, parts, span)
    }

    /// Splits an index with index arrays into its basic part (a view, the
    /// advanced axes kept whole) and the advanced entries, as
    /// `kiln_index_get` takes them. Integer scalars become 0-d int64 arrays:
    /// NumPy treats them as advanced indices when index arrays are present.
    fn fancy_prepare(&mut self, base: ir::Value, parts: Vec<IndexPart>, span: Span) -> Option<Fancy> {
        let at = self.ty(base).as_array()?;
        if parts.iter().any(|p| matches!(p, IndexPart::NewAxis)) {
            self.diags.push(Diagnostic::error(span, "combining new axes (`None`) with index arrays is not supported yet"));
            return None;
        }
        let width = |p: &IndexPart| match p {
            IndexPart::Int(_) | IndexPart::Slice { .. } => 1usize,
            IndexPart::Array(_, t) if t.dtype == DType::Bool => t.ndim as usize,
            IndexPart::Array(..) => 1,
            _ => 0,
        };
        let consumed: usize = parts.iter().map(width).sum();
        if parts.iter().filter(|p| matches!(p, IndexPart::Ellipsis)).count() > 1 {
            self.diags.push(Diagnostic::error(span, "an index can only have a single ellipsis ('...')"));
            return None;
        }
        if consumed > at.ndim as usize {
            self.diags.push(Diagnostic::error(
                span,
                format!("too many indices for array: array is {}-dimensional, but {consumed} were indexed", at.ndim),
            ));
            return None;
        }
        let fill = at.ndim as usize - consumed;
        let full = |_: u8| IndexPart::Slice { start: None, stop: None, step: None, step_const: Some(1) };
        let (mut view_parts, mut idx, mut pos) = (Vec::new(), Vec::new(), Vec::new());
        let (mut axis, mut covered, mut bnd) = (0usize, 0usize, 0u8);
        for p in parts {
            let w = width(&p);
            match p {
                IndexPart::Int(v) => {
                    idx.push(self.scalar_as_array(v, DType::I64, span));
                    pos.push(self.const_int(axis as i64, span));
                    view_parts.push(full(0));
                    covered += 1;
                }
                IndexPart::Array(v, t) => {
                    idx.push(v);
                    pos.push(self.const_int(axis as i64, span));
                    for _ in 0..w {
                        view_parts.push(full(0));
                    }
                    covered += w;
                    bnd = bnd.max(if t.dtype == DType::Bool { 1 } else { t.ndim });
                }
                IndexPart::Slice { .. } => view_parts.push(p),
                IndexPart::Ellipsis => {
                    for _ in 0..fill {
                        view_parts.push(full(0));
                    }
                    axis += fill;
                }
                IndexPart::NewAxis => unreachable!("rejected above"),
            }
            axis += w;
        }
        let view = self.make_view(base, view_parts, span);
        if self.ty(view) == Type::Bottom {
            return None;
        }
        let ndim = at.ndim as usize - covered + bnd as usize;
        if ndim > crate::abi::MAX_NDIM {
            self.diags.push(Diagnostic::error(span, "too many dimensions"));
            return None;
        }
        Some(Fancy { view, idx, pos, dtype: at.dtype, ndim: ndim as u8 })
    }

    /// `a[idx]` with index arrays: a new array (`kiln_index_get`).
    fn fancy_get(&mut self, base: ir::Value, parts: Vec<IndexPart>, span: Span) -> ir::Value {
        let Some(f) = self.fancy_prepare(base, parts, span) else { return self.poison() };
        self.fancy_read(&f, span)
    }

    /// The operands and marshalling shared by `kiln_index_get`/`kiln_index_set`:
    /// the view, its index arrays (as a list) with their count, and their positions.
    fn fancy_call_args(f: &Fancy) -> (Vec<ir::Value>, Vec<ir::CallArg>) {
        let n = f.idx.len() as u8;
        let mut args = vec![f.view];
        args.extend(&f.idx);
        args.extend(&f.pos);
        let marshal =
            vec![ir::CallArg::Array(0), ir::CallArg::ArrayList(1, n), ir::CallArg::Const(n as i64), ir::CallArg::IntList(1 + n, n)];
        (args, marshal)
    }

    fn fancy_read(&mut self, f: &Fancy, span: Span) -> ir::Value {
        let (args, marshal) = Self::fancy_call_args(f);
        self.emit1(
            Op::ArrayCall { entry: "kiln_index_get", args: marshal, out: ir::CallOut::Array },
            args,
            Type::array(f.dtype, f.ndim, Layout::C),
            span,
        )
    }

    /// `a[idx] = v` with index arrays (`kiln_index_set`).
    fn fancy_write(&mut self, f: &Fancy, v: ir::Value, span: Span) {
        let v = match self.ty(v) {
            Type::Bottom => return,
            Type::Array(st) => {
                if st.dtype.is_complex() && !f.dtype.is_complex() {
                    self.diags.push(Diagnostic::error(span, "cannot assign complex values to a real array"));
                    return;
                }
                v
            }
            t if t.is_scalar() => self.scalar_as_array(v, f.dtype, span),
            t => {
                self.diags.push(Diagnostic::error(span, format!("cannot assign a value of type {t} into an array")));
                return;
            }
        };
        let (mut args, mut marshal) = Self::fancy_call_args(f);
        marshal.push(ir::CallArg::Array(args.len() as u8));
        args.push(v);
        self.emit(Op::ArrayCall { entry: "kiln_index_set", args: marshal, out: ir::CallOut::Nothing }, args, vec![], span);
    }

    /// `base[slice] op= v` for an array `base`: the index is evaluated once;
    /// an element is updated directly, a view in place, and an advanced
    /// index is read, combined and written back (as Python's
    /// `__getitem__`/`__setitem__` pair does).
    pub fn array_aug_assign(&mut self, base: ir::Value, slice: &'a ast::Expr, op: ast::Operator, value: &'a ast::Expr, span: Span) {
        let Some(at) = self.ty(base).as_array() else { return };
        let Some(parts) = self.index_parts(slice) else { return };
        if parts.iter().any(|p| matches!(p, IndexPart::Array(..))) {
            let Some(f) = self.fancy_prepare(base, parts, span) else { return };
            let cur = self.fancy_read(&f, span);
            let rhs = self.value_expr(value);
            let r = self.binary(op, cur, rhs, span);
            if self.inplace_result_fits(r, at.dtype, span) {
                self.fancy_write(&f, r, span);
            }
            return;
        }
        let ints = parts.iter().filter(|p| matches!(p, IndexPart::Int(_))).count();
        if ints == parts.len() && ints == at.ndim as usize {
            // One element: check each index once; the read and the write then
            // use the normalized, in-bounds indices.
            let checked: Vec<ir::Value> = parts
                .iter()
                .enumerate()
                .map(|(axis, p)| {
                    let IndexPart::Int(ix) = p else { unreachable!() };
                    self.emit1(Op::CheckIndex { axis: axis as u8, mode: ir::IndexMode::Checked }, vec![base, *ix], Type::Int, span)
                })
                .collect();
            let mut args = vec![base];
            args.extend_from_slice(&checked);
            let cur = self.emit1(Op::ArrayGet(vec![ir::IndexMode::Unchecked; checked.len()]), args, Type::Scalar(at.dtype), span);
            let rhs = self.value_expr(value);
            let r = self.binary(op, cur, rhs, span);
            let r = self.cast_to_element(r, at.dtype, span);
            let mut args = vec![base, r];
            args.extend_from_slice(&checked);
            self.emit(Op::ArraySet(vec![ir::IndexMode::Unchecked; checked.len()]), args, vec![], span);
            return;
        }
        let view = self.make_view(base, parts, span);
        let rhs = self.value_expr(value);
        if self.ty(view).as_array().is_some() {
            self.inplace_update(view, op, rhs, span);
        }
    }

    fn make_view(&mut self, base: ir::Value, parts: Vec<IndexPart>, span: Span) -> ir::Value {
        let Some(at) = self.ty(base).as_array() else { return self.poison() };
        let consumed = parts.iter().filter(|p| matches!(p, IndexPart::Int(_) | IndexPart::Slice { .. })).count();
        let ellipses = parts.iter().filter(|p| matches!(p, IndexPart::Ellipsis)).count();
        if ellipses > 1 {
            return self.error(span, "an index can only have a single ellipsis ('...')");
        }
        if consumed > at.ndim as usize {
            return self.error(span, format!("too many indices for array: array is {}-dimensional, but {consumed} were indexed", at.ndim));
        }
        let mut args = vec![base];
        let mut axes = Vec::new();
        let mut src = 0u8;
        let mut c_contig = at.layout == Layout::C;
        let mut seen_partial = false;
        let arg = |args: &mut Vec<ir::Value>, v: Option<ir::Value>| -> Option<u8> {
            v.map(|v| {
                args.push(v);
                (args.len() - 1) as u8
            })
        };
        let fill = at.ndim as usize - consumed;
        let mut parts = parts;
        if ellipses == 0 {
            parts.push(IndexPart::Ellipsis);
        }
        for p in parts {
            match p {
                IndexPart::Int(v) => {
                    let a = arg(&mut args, Some(v)).expect("some");
                    axes.push(ViewAxis::Index { src, arg: a });
                    // Integer indices after a slice make the result strided.
                    if seen_partial || axes.iter().any(|x| matches!(x, ViewAxis::Slice { .. } | ViewAxis::NewAxis)) {
                        c_contig = false;
                    }
                    src += 1;
                }
                IndexPart::Slice { start, stop, step, step_const } => {
                    let full = start.is_none() && stop.is_none() && step.is_none();
                    if !full {
                        if seen_partial || step_const != Some(1) {
                            c_contig = false;
                        }
                        seen_partial = true;
                    } else if seen_partial {
                        // A full slice after a partial one keeps C order.
                    }
                    let (s0, s1, s2) = (arg(&mut args, start), arg(&mut args, stop), arg(&mut args, step));
                    axes.push(ViewAxis::Slice { src, start: s0, stop: s1, step: s2 });
                    src += 1;
                }
                IndexPart::NewAxis => axes.push(ViewAxis::NewAxis),
                IndexPart::Array(..) => unreachable!("advanced indices go through fancy_prepare"),
                IndexPart::Ellipsis => {
                    for _ in 0..fill {
                        axes.push(ViewAxis::Slice { src, start: None, stop: None, step: None });
                        src += 1;
                    }
                }
            }
        }
        // A partial slice followed by full slices keeps C order only if it is on
        // the first kept axis; conservatively, any partial slice not on the
        // outermost kept axis makes it strided.
        if let Some(first_kept) = axes.iter().position(|a| matches!(a, ViewAxis::Slice { .. })) {
            let partial_later = axes.iter().enumerate().any(|(k, a)| {
                k > first_kept
                    && matches!(a, ViewAxis::Slice { start, stop, step, .. } if start.is_some() || stop.is_some() || step.is_some())
            });
            if partial_later {
                c_contig = false;
            }
        }
        if axes.iter().any(|a| matches!(a, ViewAxis::NewAxis)) {
            c_contig = false;
        }
        let ndim = axes.iter().filter(|a| !matches!(a, ViewAxis::Index { .. })).count();
        if ndim > crate::abi::MAX_NDIM {
            return self.error(span, "too many dimensions");
        }
        let layout = if c_contig { Layout::C } else { Layout::Strided };
        self.emit1(Op::View(axes), args, Type::array(at.dtype, ndim as u8, layout), span)
    }

    /// `base[slice] = v` for an array `base`.
    pub fn array_subscript_assign(&mut self, base: ir::Value, slice: &'a ast::Expr, v: ir::Value, span: Span) {
        let Some(at) = self.ty(base).as_array() else { return };
        let Some(parts) = self.index_parts(slice) else { return };
        if parts.iter().any(|p| matches!(p, IndexPart::Array(..))) {
            if let Some(f) = self.fancy_prepare(base, parts, span) {
                self.fancy_write(&f, v, span);
            }
            return;
        }
        let ints = parts.iter().filter(|p| matches!(p, IndexPart::Int(_))).count();
        if ints == parts.len() && ints == at.ndim as usize {
            let idx: Vec<ir::Value> = parts.iter().map(|p| if let IndexPart::Int(x) = p { *x } else { unreachable!() }).collect();
            if self.ty(v).as_array().is_none() {
                self.array_set(base, &idx, v, span);
                return;
            }
        }
        let view = self.make_view(base, parts, span);
        self.assign_into(view, v, span);
    }

    /// Copies `v` (an array or scalar, broadcast) into array `dest`.
    pub fn assign_into(&mut self, dest: ir::Value, v: ir::Value, span: Span) {
        let Some(dt) = self.ty(dest).as_array() else { return };
        match self.ty(v) {
            Type::Bottom => {}
            Type::Array(st) => {
                if st.dtype.is_complex() && !dt.dtype.is_complex() {
                    self.diags.push(Diagnostic::error(span, "cannot assign complex values to a real array"));
                    return;
                }
                self.emit(Op::AssignInto, vec![dest, v], vec![], span);
            }
            t if t.is_scalar() => {
                let e = self.cast_to_element(v, dt.dtype, span);
                self.emit(Op::AssignInto, vec![dest, e], vec![], span);
            }
            t => self.diags.push(Diagnostic::error(span, format!("cannot assign a value of type {t} into an array"))),
        }
    }

    /// An elementwise operation over arrays and scalars; with no array
    /// operand it is computed directly on scalars, giving a NumPy scalar.
    pub fn elementwise(&mut self, fun: ElemFn, args: Vec<ir::Value>, span: Span) -> ir::Value {
        let types: Vec<Type> = args.iter().map(|a| self.ty(*a)).collect();
        if types.contains(&Type::Bottom) {
            return self.poison();
        }
        let (comp, result) = match numpy_rules::elementwise(&fun, &types) {
            Ok(r) => r,
            Err(msg) => return self.error(span, msg),
        };
        // NEP 50: a Python int meeting a narrower integer dtype must fit it
        // (OverflowError otherwise); comparisons are exact instead.
        if comp.is_int() && comp != DType::I64 && !matches!(fun, ElemFn::Compare(_)) {
            for (a, t) in args.iter().zip(&types) {
                if *t == Type::Int {
                    self.check_pyint_fits(*a, comp, span);
                }
            }
        }
        let ndim = types.iter().filter_map(Type::as_array).map(|a| a.ndim).max();
        match ndim {
            Some(nd) => self.emit1(Op::Elementwise(fun), args, Type::array(result, nd, Layout::C), span),
            None => self.scalar_elementwise(&fun, &args, comp, result, span),
        }
    }

    /// NumPy semantics on scalars: convert to the computation dtype, apply.
    pub fn scalar_elementwise(&mut self, fun: &ElemFn, args: &[ir::Value], comp: DType, result: DType, span: Span) -> ir::Value {
        ir::build::elementwise_scalar(&mut self.func, self.cur, fun, args, comp, result, span)
    }

    /// Raises NumPy's OverflowError when Python int `v` does not fit dtype `d`.
    fn check_pyint_fits(&mut self, v: ir::Value, d: DType, span: Span) {
        let bits = d.itemsize() * 8;
        let (lo, hi): (i64, i64) = if d.is_signed() {
            (-(1i64 << (bits - 1)), (1i64 << (bits - 1)) - 1)
        } else if bits >= 64 {
            (0, i64::MAX)
        } else {
            (0, (1i64 << bits) - 1)
        };
        let lo_v = self.const_int(lo, span);
        let hi_v = self.const_int(hi, span);
        let below = self.emit1(Op::Compare(ir::CmpOp::Lt), vec![v, lo_v], Type::Bool, span);
        let above = self.emit1(Op::Compare(ir::CmpOp::Gt), vec![v, hi_v], Type::Bool, span);
        let bad = self.emit1(Op::Binary(ir::BinaryOp::BitOr), vec![below, above], Type::Bool, span);
        let assigned = self.assigned.clone();
        let then_block = self.in_block(|fx| {
            let dt = fx.const_int(d as i64, span);
            fx.emit(
                Op::ArrayCall {
                    entry: "kiln_raise_pyint_bounds",
                    args: vec![ir::CallArg::Int(0), ir::CallArg::Int(1)],
                    out: ir::CallOut::Nothing,
                },
                vec![v, dt],
                vec![],
                span,
            );
            fx.push_stmt(ir::Stmt::Raise);
            fx.reachable = false;
        });
        let else_block = self.func.new_block();
        self.push_stmt(ir::Stmt::If { cond: bad, then_block, else_block });
        self.assigned = assigned;
        self.reachable = true;
    }

    /// `a.astype(d)` / `np.float32(a)` on an array: a converted copy.
    pub fn cast_array(&mut self, v: ir::Value, d: DType, span: Span) -> ir::Value {
        let Some(at) = self.ty(v).as_array() else { return self.cast_to_element(v, d, span) };
        self.emit1(Op::Elementwise(ElemFn::Cast), vec![v], Type::array(d, at.ndim, Layout::C), span)
    }

    /// `np.where(c, x, y)` and `np.clip(a, lo, hi)`.
    pub fn where_(&mut self, c: ir::Value, x: ir::Value, y: ir::Value, span: Span) -> ir::Value {
        // np.where always gives an array, 0-d for scalar operands.
        if [c, x, y].iter().all(|v| self.ty(*v).as_array().is_none()) {
            let types: Vec<Type> = [c, x, y].iter().map(|v| self.ty(*v)).collect();
            if types.contains(&Type::Bottom) {
                return self.poison();
            }
            return match numpy_rules::elementwise(&ElemFn::Select, &types) {
                Ok((_, d)) => self.emit1(Op::Elementwise(ElemFn::Select), vec![c, x, y], Type::array(d, 0, Layout::C), span),
                Err(msg) => self.error(span, msg),
            };
        }
        self.elementwise(ElemFn::Select, vec![c, x, y], span)
    }

    /// A constant `bool` value.
    pub fn const_bool(&mut self, b: bool, span: Span) -> ir::Value {
        self.emit1(Op::Const(Const::Bool(b)), vec![], Type::Bool, span)
    }
}
