//! Operators, indexing, slicing and methods of str, list, set and dict values.
//!
//! Each construct maps to inline IR (`ListGet`, `ListSet`, `ObjLen`) or to
//! one runtime entry (`Op::ObjCall`) whose exception types and messages are
//! CPython's. Operands of binary operations are first brought to one type
//! (`FnCx::coerce`, which retypes empty displays), since the runtime reads
//! element types from the objects themselves.

use rustpython_parser::ast;

use super::FnCx;
use crate::diag::Span;
use crate::front::module::span_of_expr;
use crate::ir::{self, CmpOp, Const, IndexMode, ObjArg, ObjOut, Op, Stmt};
use crate::types::Type;

impl<'l, 'a> FnCx<'l, 'a> {
    /// Brings two container operands to their common type.
    fn unify_operands(&mut self, l: ir::Value, r: ir::Value, span: Span) -> Option<(ir::Value, ir::Value, Type)> {
        let (lt, rt) = (self.ty(l), self.ty(r));
        let Some(t) = Type::unify(&lt, &rt) else {
            self.error(span, format!("unsupported operand types: {lt} and {rt}"));
            return None;
        };
        let l = self.operand_as(l, &t, span);
        let r = self.operand_as(r, &t, span);
        Some((l, r, t))
    }

    /// `v` as an operand of type `t` that is only read. A container whose
    /// element type is still unknown is necessarily empty, so when it cannot
    /// be retyped an empty container of type `t` stands in for it.
    pub(super) fn operand_as(&mut self, v: ir::Value, t: &Type, span: Span) -> ir::Value {
        let vt = self.ty(v);
        if vt == *t || self.retype_empty(v, t) {
            return v;
        }
        match t {
            Type::List(e) if matches!(&vt, Type::List(x) if **x == Type::Bottom) => self.new_list((**e).clone(), span),
            Type::Set(e) if matches!(&vt, Type::Set(x) if **x == Type::Bottom) => self.new_set((**e).clone(), span),
            Type::Dict(kv) if matches!(&vt, Type::Dict(x) if x.0 == Type::Bottom && x.1 == Type::Bottom) => {
                self.new_dict(kv.0.clone(), kv.1.clone(), span)
            }
            _ => self.coerce(v, t, span),
        }
    }

    /// `l op r` where one side is a str or a container.
    pub fn object_binary(&mut self, op: ast::Operator, l: ir::Value, r: ir::Value, span: Span) -> ir::Value {
        let (lt, rt) = (self.ty(l), self.ty(r));
        let vv = vec![ObjArg::Val(0), ObjArg::Val(1)];
        match (op, &lt, &rt) {
            (ast::Operator::Add, Type::List(_), Type::List(_)) => {
                let Some((l, r, t)) = self.unify_operands(l, r, span) else { return self.poison() };
                self.emit1(Op::ObjCall { entry: "kiln_list_concat", args: vv, out: ObjOut::Obj, writes: None }, vec![l, r], t, span)
            }
            (ast::Operator::Add, Type::Str, Type::Str) => self.str_concat(l, r, span),
            (ast::Operator::Mult, Type::List(_) | Type::Str, t) | (ast::Operator::Mult, t, Type::List(_) | Type::Str)
                if t.is_int_like() =>
            {
                let (seq, n) = if lt.is_int_like() { (r, l) } else { (l, r) };
                let n = self.as_index_int(n, span, "sequence repeat count");
                let entry = if self.ty(seq) == Type::Str { "kiln_str_repeat" } else { "kiln_list_repeat" };
                let t = self.ty(seq);
                self.emit1(Op::ObjCall { entry, args: vv, out: ObjOut::Obj, writes: None }, vec![seq, n], t, span)
            }
            (ast::Operator::BitOr | ast::Operator::BitAnd | ast::Operator::Sub | ast::Operator::BitXor, Type::Set(_), Type::Set(_)) => {
                let Some((l, r, t)) = self.unify_operands(l, r, span) else { return self.poison() };
                let code = set_op_code(op);
                self.emit1(
                    Op::ObjCall {
                        entry: "kiln_set_op",
                        args: vec![ObjArg::Const(code), ObjArg::Val(0), ObjArg::Val(1)],
                        out: ObjOut::Obj,
                        writes: None,
                    },
                    vec![l, r],
                    t,
                    span,
                )
            }
            _ => self.error(span, format!("unsupported operand types for {}: {lt} and {rt}", super::arith::op_symbol(op))),
        }
    }

    /// `target op= rhs` for a container or str variable: lists and sets are
    /// updated in place (the caller sees it, as in Python); strs rebind.
    pub fn object_aug_assign(&mut self, cur: ir::Value, op: ast::Operator, rhs: ir::Value, span: Span) -> Option<ir::Value> {
        match (op, self.ty(cur), self.ty(rhs)) {
            (ast::Operator::Add, Type::List(_), Type::List(_)) => {
                let (cur, rhs, _) = self.unify_operands(cur, rhs, span)?;
                self.emit(
                    Op::ObjCall {
                        entry: "kiln_list_extend",
                        args: vec![ObjArg::Val(0), ObjArg::Val(1)],
                        out: ObjOut::Status,
                        writes: Some(0),
                    },
                    vec![cur, rhs],
                    vec![],
                    span,
                );
                Some(cur)
            }
            (ast::Operator::BitOr | ast::Operator::BitAnd | ast::Operator::Sub | ast::Operator::BitXor, Type::Set(_), Type::Set(_)) => {
                let (cur, rhs, _) = self.unify_operands(cur, rhs, span)?;
                self.emit(
                    Op::ObjCall {
                        entry: "kiln_set_update",
                        args: vec![ObjArg::Val(0), ObjArg::Val(1), ObjArg::Const(set_op_code(op))],
                        out: ObjOut::Status,
                        writes: Some(0),
                    },
                    vec![cur, rhs],
                    vec![],
                    span,
                );
                Some(cur)
            }
            (ast::Operator::Mult, Type::List(_), t) if t.is_int_like() => {
                // `xs *= n` repeats the list in place (`xs[:] = xs * n`).
                let t = self.ty(cur);
                let n = self.as_index_int(rhs, span, "sequence repeat count");
                let rep = self.emit1(
                    Op::ObjCall { entry: "kiln_list_repeat", args: vec![ObjArg::Val(0), ObjArg::Val(1)], out: ObjOut::Obj, writes: None },
                    vec![cur, n],
                    t,
                    span,
                );
                let (z, one) = (self.const_int(0, span), self.const_int(1, span));
                self.emit(
                    Op::ObjCall {
                        entry: "kiln_list_setslice",
                        args: vec![
                            ObjArg::Val(0),
                            ObjArg::Val(1),
                            ObjArg::Val(2),
                            ObjArg::Val(3),
                            ObjArg::Const(0),
                            ObjArg::Const(0),
                            ObjArg::Val(4),
                        ],
                        out: ObjOut::Status,
                        writes: Some(0),
                    },
                    vec![cur, z, z, one, rep],
                    vec![],
                    span,
                );
                Some(cur)
            }
            _ => Some(self.object_binary(op, cur, rhs, span)),
        }
    }

    /// Comparisons where one side is a str or a container (`in` included).
    pub fn object_compare(&mut self, op: ast::CmpOp, l: ir::Value, r: ir::Value, span: Span) -> ir::Value {
        let (lt, rt) = (self.ty(l), self.ty(r));
        let bool_call = |fx: &mut Self, entry: &'static str, args: Vec<ir::Value>, spec: Vec<ObjArg>| {
            fx.emit1(Op::ObjCall { entry, args: spec, out: ObjOut::Bool, writes: None }, args, Type::Bool, span)
        };
        let not = |fx: &mut Self, v: ir::Value| fx.emit1(Op::Unary(ir::UnaryOp::Not), vec![v], Type::Bool, span);
        match op {
            ast::CmpOp::In | ast::CmpOp::NotIn => {
                let r_in = match &rt {
                    Type::Str => {
                        if lt != Type::Str {
                            return self.error(span, format!("'in <string>' requires string as left operand, not {lt}"));
                        }
                        bool_call(self, "kiln_str_contains", vec![r, l], vec![ObjArg::Val(0), ObjArg::Val(1)])
                    }
                    Type::List(_) | Type::Set(_) | Type::Dict(_) => {
                        let e = match &rt {
                            Type::Dict(kv) => kv.0.clone(),
                            Type::List(e) | Type::Set(e) => (**e).clone(),
                            _ => Type::Bottom,
                        };
                        if e == Type::Bottom {
                            // Nothing is in an empty container of unknown element type.
                            return self.emit1(Op::Const(Const::Bool(op == ast::CmpOp::NotIn)), vec![], Type::Bool, span);
                        }
                        let Some(x) = self.coerce_elem(l, &e, span) else { return self.poison() };
                        let entry = match rt {
                            Type::List(_) => "kiln_list_contains",
                            Type::Set(_) => "kiln_set_contains",
                            _ => "kiln_dict_contains",
                        };
                        bool_call(self, entry, vec![r, x], vec![ObjArg::Val(0), ObjArg::Words(1)])
                    }
                    Type::Tuple(items) => {
                        // `x in (a, b, c)`: `x == a or x == b or x == c` (compares have no effects).
                        let mut acc = self.emit1(Op::Const(Const::Bool(false)), vec![], Type::Bool, span);
                        for i in 0..items.len() {
                            let item = self.tuple_get(r, i, span);
                            let eq = self.compare(ast::CmpOp::Eq, l, item, span);
                            let eq = self.truth(eq, span);
                            acc = self.emit1(Op::Binary(ir::BinaryOp::BitOr), vec![acc, eq], Type::Bool, span);
                        }
                        acc
                    }
                    Type::Bottom => return self.poison(),
                    t => return self.error(span, format!("`in` over a value of type {t} is not supported yet")),
                };
                if op == ast::CmpOp::NotIn {
                    not(self, r_in)
                } else {
                    r_in
                }
            }
            _ => {
                let cop = match op {
                    ast::CmpOp::Lt => CmpOp::Lt,
                    ast::CmpOp::LtE => CmpOp::Le,
                    ast::CmpOp::Gt => CmpOp::Gt,
                    ast::CmpOp::GtE => CmpOp::Ge,
                    ast::CmpOp::Eq => CmpOp::Eq,
                    ast::CmpOp::NotEq => CmpOp::Ne,
                    _ => return self.error(span, "`is` is only supported for comparisons with None"),
                };
                if let (Type::Tuple(_), Type::Tuple(_)) = (&lt, &rt) {
                    return self.tuple_compare(cop, l, r, span);
                }
                let same_kind = std::mem::discriminant(&lt) == std::mem::discriminant(&rt);
                if !same_kind {
                    return match cop {
                        CmpOp::Eq | CmpOp::Ne => self.emit1(Op::Const(Const::Bool(cop == CmpOp::Ne)), vec![], Type::Bool, span),
                        _ => self.error(span, format!("'{}' not supported between instances of {lt} and {rt}", cmp_symbol(cop))),
                    };
                }
                let Some((l, r, t)) = self.unify_operands(l, r, span) else { return self.poison() };
                let vv = vec![ObjArg::Val(0), ObjArg::Val(1)];
                match (&t, cop) {
                    (Type::List(_) | Type::Dict(_) | Type::Str, CmpOp::Eq | CmpOp::Ne) => {
                        let entry = match t {
                            Type::List(_) => "kiln_list_eq",
                            Type::Dict(_) => "kiln_dict_eq",
                            _ => "kiln_str_eq",
                        };
                        let eq = bool_call(self, entry, vec![l, r], vv);
                        if cop == CmpOp::Ne {
                            not(self, eq)
                        } else {
                            eq
                        }
                    }
                    (Type::Set(_), _) => {
                        // 0 ==, 1 <=, 2 <, 3 >=; `a > b` is `b < a`.
                        let (code, a, b, negate) = match cop {
                            CmpOp::Eq => (0, l, r, false),
                            CmpOp::Ne => (0, l, r, true),
                            CmpOp::Le => (1, l, r, false),
                            CmpOp::Lt => (2, l, r, false),
                            CmpOp::Ge => (3, l, r, false),
                            CmpOp::Gt => (2, r, l, false),
                        };
                        let v = bool_call(self, "kiln_set_compare", vec![a, b], vec![ObjArg::Val(0), ObjArg::Val(1), ObjArg::Const(code)]);
                        if negate {
                            not(self, v)
                        } else {
                            v
                        }
                    }
                    (Type::Dict(_), _) => {
                        self.error(span, format!("'{}' not supported between instances of 'dict' and 'dict'", cmp_symbol(cop)))
                    }
                    (Type::Str, _) => {
                        let c = self.emit1(
                            Op::ObjCall { entry: "kiln_str_cmp", args: vv, out: ObjOut::Int, writes: None },
                            vec![l, r],
                            Type::Int,
                            span,
                        );
                        let zero = self.const_int(0, span);
                        self.emit1(Op::Compare(cop), vec![c, zero], Type::Bool, span)
                    }
                    _ => {
                        let c = self.emit1(
                            Op::ObjCall { entry: "kiln_list_cmp", args: vv, out: ObjOut::CmpOut, writes: None },
                            vec![l, r],
                            Type::Int,
                            span,
                        );
                        self.order_test(cop, c, span)
                    }
                }
            }
        }
    }

    /// Tuple comparisons, item by item as Python does (through the runtime's
    /// generic value comparison).
    fn tuple_compare(&mut self, cop: CmpOp, l: ir::Value, r: ir::Value, span: Span) -> ir::Value {
        let (lt, rt) = (self.ty(l), self.ty(r));
        let Some(t) = Type::join(&lt, &rt) else {
            return match cop {
                CmpOp::Eq | CmpOp::Ne => self.emit1(Op::Const(Const::Bool(cop == CmpOp::Ne)), vec![], Type::Bool, span),
                _ => self.error(span, format!("'{}' not supported between {lt} and {rt}", cmp_symbol(cop))),
            };
        };
        let l = self.coerce(l, &t, span);
        let r = self.coerce(r, &t, span);
        let spec = vec![ObjArg::Code(t.clone()), ObjArg::Words(0), ObjArg::Words(1)];
        match cop {
            CmpOp::Eq | CmpOp::Ne => {
                let eq = self.emit1(
                    Op::ObjCall { entry: "kiln_value_eq", args: spec, out: ObjOut::Bool, writes: None },
                    vec![l, r],
                    Type::Bool,
                    span,
                );
                if cop == CmpOp::Ne {
                    self.emit1(Op::Unary(ir::UnaryOp::Not), vec![eq], Type::Bool, span)
                } else {
                    eq
                }
            }
            _ => {
                let c = self.emit1(
                    Op::ObjCall { entry: "kiln_value_cmp", args: spec, out: ObjOut::CmpOut, writes: None },
                    vec![l, r],
                    Type::Int,
                    span,
                );
                self.order_test(cop, c, span)
            }
        }
    }

    /// `cop` applied to a runtime three-way comparison `c` (-1/0/1, or 2 when
    /// unordered because of a NaN: every order test is false then).
    fn order_test(&mut self, cop: CmpOp, c: ir::Value, span: Span) -> ir::Value {
        let zero = self.const_int(0, span);
        let two = self.const_int(2, span);
        let ordered = self.emit1(Op::Compare(CmpOp::Ne), vec![c, two], Type::Bool, span);
        let test = self.emit1(Op::Compare(cop), vec![c, zero], Type::Bool, span);
        self.emit1(Op::Binary(ir::BinaryOp::BitAnd), vec![ordered, test], Type::Bool, span)
    }

    /// Converts `v` to element type `e` where Python would find them equal
    /// (`1 in [1.0]` holds): numbers widen, anything else must match.
    fn coerce_elem(&mut self, v: ir::Value, e: &Type, span: Span) -> Option<ir::Value> {
        let t = self.ty(v);
        if t == *e {
            return Some(v);
        }
        if t.is_scalar() && e.is_scalar() {
            return Some(self.coerce(v, e, span));
        }
        self.error(span, format!("kiln compares elements of one type; this looks for a {t} among {e}s"));
        None
    }

    /// `base[slice]` for a list, str or dict.
    pub fn object_subscript(&mut self, base: ir::Value, slice: &'a ast::Expr, span: Span) -> ir::Value {
        let bt = self.ty(base);
        if let ast::Expr::Slice(sl) = slice {
            let entry = match bt {
                Type::List(_) => "kiln_list_slice",
                Type::Str => "kiln_str_slice",
                _ => return self.error(span, format!("slicing a value of type {bt} is not supported")),
            };
            let (args, spec) = self.slice_args(base, sl, span);
            return self.emit1(Op::ObjCall { entry, args: spec, out: ObjOut::Obj, writes: None }, args, bt, span);
        }
        match &bt {
            Type::List(_) | Type::Str => {
                let i = self.value_expr(slice);
                let i = self.as_index_int(i, span_of_expr(slice), "list index");
                self.seq_get(base, i, IndexMode::Checked, span)
            }
            Type::Dict(kv) => {
                let k = self.value_expr(slice);
                let Some(k) = self.coerce_elem(k, &kv.0, span) else { return self.poison() };
                self.emit1(
                    Op::ObjCall {
                        entry: "kiln_dict_getitem",
                        args: vec![ObjArg::Val(0), ObjArg::Words(1)],
                        out: ObjOut::Words,
                        writes: None,
                    },
                    vec![base, k],
                    kv.1.clone(),
                    span,
                )
            }
            _ => self.error(span, format!("values of type {bt} cannot be indexed in kiln yet")),
        }
    }

    /// `x[a:b] + r` (`b.left` is a slice without a step): when `x` and `r`
    /// are lists, the sum is built in one allocation from the slice's
    /// elements, with no intermediate list (`items[:i] + items[i + 1:]`).
    /// Python slices before it evaluates `r`; a slice without a step cannot
    /// raise, so doing both after `r` is not observable. Anything else takes
    /// the ordinary path.
    pub fn concat_with_slice(&mut self, b: &'a ast::ExprBinOp, span: Span) -> ir::Value {
        let ast::Expr::Subscript(sub) = b.left.as_ref() else { unreachable!("checked by the caller") };
        let ast::Expr::Slice(sl) = sub.slice.as_ref() else { unreachable!("checked by the caller") };
        let base = self.value_expr(&sub.value);
        if !matches!(self.ty(base), Type::List(_)) {
            let l = self.subscript_of(base, &sub.slice, span_of_expr(&b.left));
            let r = self.value_expr(&b.right);
            return self.binary(b.op, l, r, span);
        }
        let (args, spec) = self.slice_args(base, sl, span_of_expr(&b.left));
        let r = self.value_expr(&b.right);
        if !matches!(self.ty(r), Type::List(_)) {
            let bt = self.ty(base);
            let l = self.emit1(Op::ObjCall { entry: "kiln_list_slice", args: spec, out: ObjOut::Obj, writes: None }, args, bt, span);
            return self.binary(b.op, l, r, span);
        }
        let Some((base, r, t)) = self.unify_operands(base, r, span) else { return self.poison() };
        let (start, stop) = (args[1], args[2]);
        let (has_start, has_stop) = (spec[4].clone(), spec[5].clone());
        self.emit1(
            Op::ObjCall {
                entry: "kiln_list_slice_concat",
                args: vec![ObjArg::Val(0), ObjArg::Val(1), ObjArg::Val(2), has_start, has_stop, ObjArg::Val(3)],
                out: ObjOut::Obj,
                writes: None,
            },
            vec![base, start, stop, r],
            t,
            span,
        )
    }

    /// The operands of a slice call: `(l, start, stop, step, has_start, has_stop)`.
    fn slice_args(&mut self, base: ir::Value, sl: &'a ast::ExprSlice, span: Span) -> (Vec<ir::Value>, Vec<ObjArg>) {
        let bound = |fx: &mut Self, e: &'a Option<Box<ast::Expr>>, default: i64| -> (ir::Value, bool) {
            match e {
                Some(e) if !matches!(e.as_ref(), ast::Expr::Constant(c) if matches!(c.value, ast::Constant::None)) => {
                    let v = fx.value_expr(e);
                    (fx.as_index_int(v, span_of_expr(e), "slice index"), true)
                }
                _ => (fx.const_int(default, span), false),
            }
        };
        let (start, has_start) = bound(self, &sl.lower, 0);
        let (stop, has_stop) = bound(self, &sl.upper, 0);
        let (step, _) = bound(self, &sl.step, 1);
        (
            vec![base, start, stop, step],
            vec![
                ObjArg::Val(0),
                ObjArg::Val(1),
                ObjArg::Val(2),
                ObjArg::Val(3),
                ObjArg::Const(i64::from(has_start)),
                ObjArg::Const(i64::from(has_stop)),
            ],
        )
    }

    /// `base[slice] = v` for a list or dict. `var` names the variable holding
    /// `base`, for settling an unknown element type.
    pub fn object_store_subscript(&mut self, base: ir::Value, var: Option<&str>, slice: &'a ast::Expr, v: ir::Value, span: Span) {
        match self.ty(base) {
            Type::List(_) => {
                if let ast::Expr::Slice(sl) = slice {
                    let (mut args, mut spec) = self.slice_args(base, sl, span);
                    let Some((_, v, _)) = self.unify_operands(base, v, span) else { return };
                    args.push(v);
                    spec.push(ObjArg::Val(4));
                    self.emit(
                        Op::ObjCall { entry: "kiln_list_setslice", args: spec, out: ObjOut::Status, writes: Some(0) },
                        args,
                        vec![],
                        span,
                    );
                    return;
                }
                let want = Type::list(self.ty(v));
                let Some(Type::List(e)) = self.settle_elem(base, var, want, span) else { return };
                let i = self.value_expr(slice);
                let i = self.as_index_int(i, span_of_expr(slice), "list index");
                let v = self.coerce(v, &e, span);
                self.emit(Op::ListSet(IndexMode::Checked), vec![base, i, v], vec![], span);
            }
            Type::Dict(_) => {
                let k = self.value_expr(slice);
                let want = Type::dict(self.ty(k), self.ty(v));
                if self.settle_elem(base, var, want, span).is_none() {
                    return;
                }
                self.dict_set(base, k, v, span);
            }
            t => {
                self.error(span, format!("cannot assign items of a value of type {t}"));
            }
        }
    }

    /// `recv.attr(args)` for a str or container receiver. `var` names the
    /// variable holding the receiver, if any.
    pub fn call_obj_method(&mut self, recv: ir::Value, attr: &str, var: Option<&str>, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let rt = self.ty(recv);
        let mut kw: Vec<(&str, &'a ast::Expr)> = Vec::new();
        for k in &c.keywords {
            match &k.arg {
                Some(a) => kw.push((a.as_str(), &k.value)),
                None => return self.error(span, "`**kwargs` in calls is not supported"),
            }
        }
        if c.args.iter().any(|a| matches!(a, ast::Expr::Starred(_))) {
            return self.error(span, "`*args` in calls is not supported");
        }
        let tname = match rt {
            Type::List(_) => "list",
            Type::Set(_) => "set",
            Type::Dict(_) => "dict",
            _ => "str",
        };
        let sort_reverse = tname == "list" && attr == "sort" && kw.iter().all(|(k, _)| *k == "reverse");
        if !kw.is_empty() && !sort_reverse {
            return self.error(span, format!("`{tname}.{attr}` does not take keyword arguments in kiln"));
        }
        let args: Vec<ir::Value> = c.args.iter().map(|a| self.method_arg(a, span)).collect();
        if tname == "str" && attr == "format" {
            // The format string must be a literal: its fields are compiled.
            return match self.func.def_inst(recv).map(|i| self.func.insts[i].op.clone()) {
                Some(Op::Const(Const::Str(f))) => self.str_format(&f, &args, span),
                _ => self.error(span, "str.format() needs a literal format string in kiln"),
            };
        }
        let n = args.len();
        let arity = |fx: &mut Self, lo: usize, hi: usize| -> bool {
            if n < lo || n > hi {
                let want = if lo == hi { format!("{lo}") } else { format!("{lo} to {hi}") };
                fx.error(span, format!("`{tname}.{attr}()` takes {want} arguments ({n} given)"));
                return false;
            }
            true
        };
        let none = |fx: &mut Self| fx.emit1(Op::Const(Const::None), vec![], Type::None, span);
        let call =
            |fx: &mut Self, entry: &'static str, args: Vec<ir::Value>, spec: Vec<ObjArg>, out: ObjOut, writes: bool, ty: Option<Type>| {
                let results = ty.into_iter().collect();
                let r = fx.emit(Op::ObjCall { entry, args: spec, out, writes: writes.then_some(0) }, args, results, span);
                r.first().copied()
            };
        match (tname, attr) {
            ("list", "append") => {
                if !arity(self, 1, 1) {
                    return self.poison();
                }
                if self.settle_elem(recv, var, Type::list(self.ty(args[0])), span).is_none() {
                    return self.poison();
                }
                self.list_append(recv, args[0], span);
                none(self)
            }
            ("list", "extend") => {
                if !arity(self, 1, 1) {
                    return self.poison();
                }
                let other = match self.ty(args[0]) {
                    Type::List(_) => args[0],
                    t => return self.error(span, format!("list.extend() of {t} is not supported yet; pass a list")),
                };
                if self.settle_elem(recv, var, self.ty(other), span).is_none() {
                    return self.poison();
                }
                let Some((recv, other, _)) = self.unify_operands(recv, other, span) else { return self.poison() };
                call(self, "kiln_list_extend", vec![recv, other], vec![ObjArg::Val(0), ObjArg::Val(1)], ObjOut::Status, true, None);
                none(self)
            }
            ("list", "insert") => {
                if !arity(self, 2, 2) {
                    return self.poison();
                }
                if self.settle_elem(recv, var, Type::list(self.ty(args[1])), span).is_none() {
                    return self.poison();
                }
                let i = self.as_index_int(args[0], span, "list.insert() index");
                let e = self.list_elem_ty(recv);
                let v = self.coerce(args[1], &e, span);
                call(
                    self,
                    "kiln_list_insert",
                    vec![recv, i, v],
                    vec![ObjArg::Val(0), ObjArg::Val(1), ObjArg::WordsOwned(2)],
                    ObjOut::Status,
                    true,
                    None,
                );
                none(self)
            }
            ("list", "pop") => {
                if !arity(self, 0, 1) {
                    return self.poison();
                }
                let i = match args.first() {
                    Some(a) => self.as_index_int(*a, span, "list.pop() index"),
                    None => self.const_int(-1, span),
                };
                let e = self.list_elem_ty(recv);
                let r = call(self, "kiln_list_pop", vec![recv, i], vec![ObjArg::Val(0), ObjArg::Val(1)], ObjOut::Words, true, Some(e));
                r.unwrap_or_else(|| self.poison())
            }
            ("list", "remove") | ("list", "count") | ("list", "index") => {
                let (lo, hi) = if attr == "index" { (1, 3) } else { (1, 1) };
                if !arity(self, lo, hi) {
                    return self.poison();
                }
                let e = self.list_elem_ty(recv);
                if e == Type::Bottom {
                    return self.poison();
                }
                let Some(x) = self.coerce_elem(args[0], &e, span) else { return self.poison() };
                match attr {
                    "remove" => {
                        call(self, "kiln_list_remove", vec![recv, x], vec![ObjArg::Val(0), ObjArg::Words(1)], ObjOut::Status, true, None);
                        none(self)
                    }
                    "count" => call(
                        self,
                        "kiln_list_count",
                        vec![recv, x],
                        vec![ObjArg::Val(0), ObjArg::Words(1)],
                        ObjOut::Int,
                        false,
                        Some(Type::Int),
                    )
                    .unwrap_or_else(|| self.poison()),
                    _ => {
                        let start = match args.get(1) {
                            Some(a) => self.as_index_int(*a, span, "list.index() start"),
                            None => self.const_int(0, span),
                        };
                        let stop = match args.get(2) {
                            Some(a) => self.as_index_int(*a, span, "list.index() stop"),
                            None => self.const_int(i64::MAX, span),
                        };
                        call(
                            self,
                            "kiln_list_index",
                            vec![recv, x, start, stop],
                            vec![ObjArg::Val(0), ObjArg::Words(1), ObjArg::Val(2), ObjArg::Val(3)],
                            ObjOut::IntOut,
                            false,
                            Some(Type::Int),
                        )
                        .unwrap_or_else(|| self.poison())
                    }
                }
            }
            ("list", "sort") => {
                if !arity(self, 0, 0) {
                    return self.poison();
                }
                let rev = match kw.first() {
                    Some((_, e)) => self.cond_expr(e),
                    None => self.emit1(Op::Const(Const::Bool(false)), vec![], Type::Bool, span),
                };
                call(self, "kiln_list_sort", vec![recv, rev], vec![ObjArg::Val(0), ObjArg::Val(1)], ObjOut::Status, true, None);
                none(self)
            }
            ("list", "reverse") | ("list", "clear") | ("set", "clear") | ("dict", "clear") => {
                if !arity(self, 0, 0) {
                    return self.poison();
                }
                let entry = match (tname, attr) {
                    ("list", "reverse") => "kiln_list_reverse",
                    ("list", _) => "kiln_list_clear",
                    ("set", _) => "kiln_set_clear",
                    _ => "kiln_dict_clear",
                };
                call(self, entry, vec![recv], vec![ObjArg::Val(0)], ObjOut::Nothing, true, None);
                none(self)
            }
            ("list", "copy") => {
                if !arity(self, 0, 0) {
                    return self.poison();
                }
                self.list_slice_full(recv, span)
            }
            ("set", "copy") | ("dict", "copy") => {
                if !arity(self, 0, 0) {
                    return self.poison();
                }
                let entry = if tname == "set" { "kiln_set_copy" } else { "kiln_dict_copy" };
                call(self, entry, vec![recv], vec![ObjArg::Val(0)], ObjOut::Obj, false, Some(rt.clone())).unwrap_or_else(|| self.poison())
            }
            ("set", "add") | ("set", "remove") | ("set", "discard") => {
                if !arity(self, 1, 1) {
                    return self.poison();
                }
                if attr == "add" {
                    if !self.check_hashable(&self.ty(args[0]), span) {
                        return self.poison();
                    }
                    if self.settle_elem(recv, var, Type::set(self.ty(args[0])), span).is_none() {
                        return self.poison();
                    }
                    self.set_add(recv, args[0], span);
                    return none(self);
                }
                let e = self.list_elem_ty(recv);
                if e == Type::Bottom {
                    return self.poison();
                }
                let Some(x) = self.coerce_elem(args[0], &e, span) else { return self.poison() };
                let entry = if attr == "remove" { "kiln_set_remove" } else { "kiln_set_discard" };
                call(self, entry, vec![recv, x], vec![ObjArg::Val(0), ObjArg::Words(1)], ObjOut::Status, true, None);
                none(self)
            }
            ("set", "pop") => {
                if !arity(self, 0, 0) {
                    return self.poison();
                }
                let e = self.list_elem_ty(recv);
                call(self, "kiln_set_pop", vec![recv], vec![ObjArg::Val(0)], ObjOut::Words, true, Some(e)).unwrap_or_else(|| self.poison())
            }
            ("set", "union" | "intersection" | "difference" | "symmetric_difference") => {
                if !arity(self, 1, 1) {
                    return self.poison();
                }
                if !matches!(self.ty(args[0]), Type::Set(_)) {
                    return self.error(span, format!("set.{attr}() of a non-set is not supported yet"));
                }
                let op = match attr {
                    "union" => ast::Operator::BitOr,
                    "intersection" => ast::Operator::BitAnd,
                    "difference" => ast::Operator::Sub,
                    _ => ast::Operator::BitXor,
                };
                self.object_binary(op, recv, args[0], span)
            }
            ("set", "update" | "intersection_update" | "difference_update" | "symmetric_difference_update") => {
                if !arity(self, 1, 1) || !matches!(self.ty(args[0]), Type::Set(_)) {
                    return self.error(span, format!("set.{attr}() takes one set in kiln"));
                }
                let op = match attr {
                    "update" => ast::Operator::BitOr,
                    "intersection_update" => ast::Operator::BitAnd,
                    "difference_update" => ast::Operator::Sub,
                    _ => ast::Operator::BitXor,
                };
                self.object_aug_assign(recv, op, args[0], span);
                none(self)
            }
            ("set", "issubset" | "issuperset" | "isdisjoint") => {
                if !arity(self, 1, 1) || !matches!(self.ty(args[0]), Type::Set(_)) {
                    return self.error(span, format!("set.{attr}() takes one set in kiln"));
                }
                let Some((a, b, _)) = self.unify_operands(recv, args[0], span) else { return self.poison() };
                let code = match attr {
                    "issubset" => 1,
                    "issuperset" => 3,
                    _ => 4,
                };
                call(
                    self,
                    "kiln_set_compare",
                    vec![a, b],
                    vec![ObjArg::Val(0), ObjArg::Val(1), ObjArg::Const(code)],
                    ObjOut::Bool,
                    false,
                    Some(Type::Bool),
                )
                .unwrap_or_else(|| self.poison())
            }
            ("dict", "get") | ("dict", "pop") | ("dict", "setdefault") => {
                let Type::Dict(kv) = rt.clone() else { return self.poison() };
                let lo = if attr == "setdefault" { 2 } else { 1 };
                if !arity(self, lo, 2) {
                    return self.poison();
                }
                if attr == "get" && n == 1 {
                    return self
                        .error(span, "dict.get(key) without a default is not supported yet (kiln has no optional values); pass a default");
                }
                if attr == "setdefault" && self.settle_elem(recv, var, Type::dict(self.ty(args[0]), self.ty(args[1])), span).is_none() {
                    return self.poison();
                }
                if kv.0 == Type::Bottom || kv.1 == Type::Bottom {
                    // A dict whose key or value type is not known yet is empty.
                    return match (attr, args.get(1)) {
                        ("get" | "pop", Some(d)) => *d,
                        _ => self.error(span, "cannot infer the element type of this empty dict"),
                    };
                }
                let Some(k) = self.coerce_elem(args[0], &kv.0, span) else { return self.poison() };
                match (attr, args.get(1)) {
                    ("setdefault", Some(d)) => {
                        let d = self.coerce(*d, &kv.1, span);
                        call(
                            self,
                            "kiln_dict_setdefault",
                            vec![recv, k, d],
                            vec![ObjArg::Val(0), ObjArg::Words(1), ObjArg::Words(2)],
                            ObjOut::Words,
                            true,
                            Some(kv.1.clone()),
                        )
                        .unwrap_or_else(|| self.poison())
                    }
                    ("pop", None) => call(
                        self,
                        "kiln_dict_pop",
                        vec![recv, k],
                        vec![ObjArg::Val(0), ObjArg::Words(1)],
                        ObjOut::Words,
                        true,
                        Some(kv.1.clone()),
                    )
                    .unwrap_or_else(|| self.poison()),
                    (_, Some(d)) => {
                        // get/pop with a default: look up, and take the default when missing.
                        let d = self.coerce(*d, &kv.1, span);
                        let name = format!("$get{}_{}", span.start, span.end);
                        if attr == "get" {
                            // One lookup: found flag and value (a new reference) together.
                            let r = self.emit(
                                Op::ObjCall {
                                    entry: "kiln_dict_lookup",
                                    args: vec![ObjArg::Val(0), ObjArg::Words(1), ObjArg::Out],
                                    out: ObjOut::Entry,
                                    writes: None,
                                },
                                vec![recv, k],
                                vec![Type::Bool, kv.1.clone()],
                                span,
                            );
                            if r.len() != 2 {
                                return self.poison();
                            }
                            let (found, v) = (r[0], r[1]);
                            if !kv.1.has_refs() {
                                return self.emit1(Op::Select, vec![found, v, d], kv.1.clone(), span);
                            }
                            let assigned = self.assigned.clone();
                            let then_block = self.in_block(|fx| fx.assign_var(&name, v, span));
                            let else_block = self.in_block(|fx| fx.assign_var(&name, d, span));
                            self.push_stmt(Stmt::If { cond: found, then_block, else_block });
                            self.assigned = assigned;
                            self.assigned.insert(name.clone());
                            return self.read_var(&name, span);
                        }
                        let found = call(
                            self,
                            "kiln_dict_contains",
                            vec![recv, k],
                            vec![ObjArg::Val(0), ObjArg::Words(1)],
                            ObjOut::Bool,
                            false,
                            Some(Type::Bool),
                        )
                        .unwrap_or_else(|| self.poison());
                        let assigned = self.assigned.clone();
                        let is_pop = attr == "pop";
                        let then_block = self.in_block(|fx| {
                            let entry = if is_pop { "kiln_dict_pop" } else { "kiln_dict_getitem" };
                            let v = fx.emit1(
                                Op::ObjCall {
                                    entry,
                                    args: vec![ObjArg::Val(0), ObjArg::Words(1)],
                                    out: ObjOut::Words,
                                    writes: is_pop.then_some(0),
                                },
                                vec![recv, k],
                                kv.1.clone(),
                                span,
                            );
                            fx.assign_var(&name, v, span);
                        });
                        let else_block = self.in_block(|fx| fx.assign_var(&name, d, span));
                        self.push_stmt(Stmt::If { cond: found, then_block, else_block });
                        self.assigned = assigned;
                        self.assigned.insert(name.clone());
                        self.read_var(&name, span)
                    }
                    _ => self.poison(),
                }
            }
            ("dict", "update") => {
                if !arity(self, 1, 1) || !matches!(self.ty(args[0]), Type::Dict(_)) {
                    return self.error(span, "dict.update() takes one dict in kiln");
                }
                if self.settle_elem(recv, var, self.ty(args[0]), span).is_none() {
                    return self.poison();
                }
                let Some((a, b, _)) = self.unify_operands(recv, args[0], span) else { return self.poison() };
                call(self, "kiln_dict_update", vec![a, b], vec![ObjArg::Val(0), ObjArg::Val(1)], ObjOut::Status, true, None);
                none(self)
            }
            ("dict", "keys" | "values" | "items") => self.error(
                span,
                format!("`dict.{attr}()` is only supported as the iterable of a `for` loop, a comprehension, list() or sorted() for now"),
            ),
            ("str", _) => self.str_method(recv, attr, &args, span),
            _ => self.error(span, format!("`{tname}.{attr}` is not supported yet")),
        }
    }

    fn str_method(&mut self, s: ir::Value, attr: &str, args: &[ir::Value], span: Span) -> ir::Value {
        let n = args.len();
        let all_str = args.iter().all(|a| self.ty(*a) == Type::Str);
        let bad = |fx: &mut Self| fx.error(span, format!("`str.{attr}()` with these arguments is not supported in kiln"));
        let obj = |fx: &mut Self, entry: &'static str, args: Vec<ir::Value>, spec: Vec<ObjArg>, ty: Type| {
            fx.emit1(Op::ObjCall { entry, args: spec, out: ObjOut::Obj, writes: None }, args, ty, span)
        };
        match attr {
            "upper" | "lower" | "strip" | "lstrip" | "rstrip" | "title" | "capitalize" | "swapcase" => {
                let kind = ["upper", "lower", "strip", "lstrip", "rstrip", "title", "capitalize", "swapcase"]
                    .iter()
                    .position(|k| *k == attr)
                    .unwrap_or(0) as i64;
                match args {
                    [] => obj(self, "kiln_str_method", vec![s], vec![ObjArg::Const(kind), ObjArg::Val(0)], Type::Str),
                    [chars] if (2..=4).contains(&kind) && self.ty(*chars) == Type::Str => obj(
                        self,
                        "kiln_str_strip_chars",
                        vec![s, *chars],
                        vec![ObjArg::Const(kind), ObjArg::Val(0), ObjArg::Val(1)],
                        Type::Str,
                    ),
                    _ => bad(self),
                }
            }
            "isdigit" | "isalpha" | "isspace" | "isupper" | "islower" | "isalnum" if n == 0 => {
                let kind =
                    ["isdigit", "isalpha", "isspace", "isupper", "islower", "isalnum"].iter().position(|k| *k == attr).unwrap_or(0) as i64;
                self.emit1(
                    Op::ObjCall { entry: "kiln_str_is", args: vec![ObjArg::Const(kind), ObjArg::Val(0)], out: ObjOut::Bool, writes: None },
                    vec![s],
                    Type::Bool,
                    span,
                )
            }
            "startswith" | "endswith" if n == 1 && all_str => {
                let entry = if attr == "startswith" { "kiln_str_startswith" } else { "kiln_str_endswith" };
                self.emit1(
                    Op::ObjCall { entry, args: vec![ObjArg::Val(0), ObjArg::Val(1)], out: ObjOut::Bool, writes: None },
                    vec![s, args[0]],
                    Type::Bool,
                    span,
                )
            }
            "find" if n == 1 && all_str => {
                let z = self.const_int(0, span);
                self.emit1(
                    Op::ObjCall {
                        entry: "kiln_str_find",
                        args: vec![ObjArg::Val(0), ObjArg::Val(1), ObjArg::Val(2), ObjArg::Val(2), ObjArg::Const(0), ObjArg::Const(0)],
                        out: ObjOut::Int,
                        writes: None,
                    },
                    vec![s, args[0], z],
                    Type::Int,
                    span,
                )
            }
            "count" if n == 1 && all_str => self.emit1(
                Op::ObjCall { entry: "kiln_str_count", args: vec![ObjArg::Val(0), ObjArg::Val(1)], out: ObjOut::Int, writes: None },
                vec![s, args[0]],
                Type::Int,
                span,
            ),
            "replace" if (n == 2 || n == 3) && self.ty(args[0]) == Type::Str && self.ty(args[1]) == Type::Str => {
                let count = match args.get(2) {
                    Some(c) => self.as_index_int(*c, span, "str.replace() count"),
                    None => self.const_int(-1, span),
                };
                obj(self, "kiln_str_replace", vec![s, args[0], args[1], count], (0..4).map(ObjArg::Val).collect(), Type::Str)
            }
            "split" if n <= 2 => {
                let maxsplit = match args.get(1) {
                    Some(m) => self.as_index_int(*m, span, "str.split() maxsplit"),
                    None => self.const_int(-1, span),
                };
                match args.first().map(|a| self.ty(*a)) {
                    None | Some(Type::None) => obj(
                        self,
                        "kiln_str_split",
                        vec![s, maxsplit],
                        vec![ObjArg::Val(0), ObjArg::Null, ObjArg::Val(1)],
                        Type::list(Type::Str),
                    ),
                    Some(Type::Str) => obj(
                        self,
                        "kiln_str_split",
                        vec![s, args[0], maxsplit],
                        vec![ObjArg::Val(0), ObjArg::Val(1), ObjArg::Val(2)],
                        Type::list(Type::Str),
                    ),
                    _ => bad(self),
                }
            }
            "join" if n == 1 => match self.ty(args[0]) {
                Type::List(e) if *e == Type::Str || *e == Type::Bottom => {
                    let items = self.coerce(args[0], &Type::list(Type::Str), span);
                    obj(self, "kiln_str_join", vec![s, items], vec![ObjArg::Val(0), ObjArg::Val(1)], Type::Str)
                }
                t => self.error(span, format!("str.join() of {t} is not supported yet; pass a list of strs")),
            },
            _ => self.error(span, format!("`str.{attr}` is not supported yet")),
        }
    }

    /// A method argument; generator expressions and `reversed`/`zip`/
    /// `enumerate` calls become lists (`"".join(reversed(xs))`).
    fn method_arg(&mut self, a: &'a ast::Expr, span: Span) -> ir::Value {
        let is_iter_call = matches!(a, ast::Expr::Call(c) if matches!(c.func.as_ref(), ast::Expr::Name(n)
            if matches!(n.id.as_str(), "reversed" | "zip" | "enumerate") && !self.locals.contains(n.id.as_str())));
        if matches!(a, ast::Expr::GeneratorExp(_)) || is_iter_call {
            return self.collect_list(a, span);
        }
        self.value_expr(a)
    }

    fn list_elem_ty(&self, l: ir::Value) -> Type {
        match self.ty(l) {
            Type::List(e) | Type::Set(e) => (*e).clone(),
            _ => Type::Bottom,
        }
    }

    /// Truth of a str or container: non-empty.
    pub fn object_truth(&mut self, v: ir::Value, span: Span) -> ir::Value {
        let n = self.obj_len(v, span);
        let zero = self.const_int(0, span);
        self.emit1(Op::Compare(CmpOp::Ne), vec![n, zero], Type::Bool, span)
    }
}

fn set_op_code(op: ast::Operator) -> i64 {
    match op {
        ast::Operator::BitOr => 0,
        ast::Operator::BitAnd => 1,
        ast::Operator::Sub => 2,
        _ => 3,
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
