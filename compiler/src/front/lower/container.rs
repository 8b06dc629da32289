//! Lowering of str, list, set and dict values: displays, comprehensions,
//! iteration, indexing and slicing, operators, methods and the builtins over
//! containers (`list`, `set`, `sorted`, `sum`, `any`, ...).
//!
//! Containers are homogeneous: a list's elements share one type. An empty
//! display (`[]`, `set()`, `{}`) starts with an unknown element type
//! (`Type::Bottom`); the first element added to the variable holding it
//! (`x.append(v)`, `x[k] = v`, `x = [v]` elsewhere) fixes the variable's
//! type for the next inference pass, and the empty container's creation is
//! then retyped when it is stored (`FnCx::coerce`).
//!
//! Invariants: every runtime call goes through `Op::ObjCall` with the
//! ownership rules of `abi.rs` (`ObjArg::WordsOwned` where the entry takes
//! ownership); a call that mutates a container names it in `writes`, so
//! that the effects analysis sees written arguments; generator expressions
//! consumed by a builtin never build a temporary list.

use rustpython_parser::ast;

use super::{FnCx, Operand};
use crate::abi::exc;
use crate::diag::{Diagnostic, Span};
use crate::front::module::span_of_expr;
use crate::ir::{self, BinaryOp, CmpOp, Const, IndexMode, ObjArg, ObjOut, Op, Stmt};
use crate::optable::{self, ContainerFn, Lower};
use crate::types::Type;

/// Something a `for` loop or a comprehension can iterate over.
#[derive(Clone)]
pub enum Iterable {
    Range(ir::Value, ir::Value, ir::Value),
    /// A list or a str, walked by index (the length is read on every step).
    Seq(ir::Value),
    /// A list walked backwards (`reversed`).
    Reversed(ir::Value),
    Set(ir::Value),
    /// A dict's keys, values or items (`DictView`).
    Dict(ir::Value, DictView),
    /// A 1-D array.
    Array(ir::Value),
    Enumerate(Box<Iterable>, ir::Value),
    Zip(Vec<Iterable>),
    /// A call of a generator function, inlined where it is iterated
    /// (`front/lower/generator.rs`).
    Gen(Box<super::generator::GenCall>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum DictView {
    Keys,
    Values,
    Items,
}

/// What a comprehension draws its elements from.
enum Source<'a> {
    /// `elt for ... in ... if ...` (with `value` for dict comprehensions).
    Gens { elt: &'a ast::Expr, value: Option<&'a ast::Expr>, gens: &'a [ast::Comprehension] },
    /// Every element of an iterable, as `list(x)` takes them.
    Iter(&'a ast::Expr),
}

/// Where the elements of a comprehension or generator expression go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sink {
    List,
    Set,
    Dict,
    Sum,
    Any,
    All,
    Min,
    Max,
}

impl<'l, 'a> FnCx<'l, 'a> {
    // ----- runtime calls ------------------------------------------------------

    #[allow(clippy::too_many_arguments)]
    pub fn obj_call(
        &mut self,
        entry: &'static str,
        args: Vec<ir::Value>,
        spec: Vec<ObjArg>,
        out: ObjOut,
        writes: Option<u8>,
        results: Vec<Type>,
        span: Span,
    ) -> Vec<ir::Value> {
        self.emit(Op::ObjCall { entry, args: spec, out, writes }, args, results, span)
    }

    fn obj_call1(&mut self, entry: &'static str, args: Vec<ir::Value>, spec: Vec<ObjArg>, out: ObjOut, ty: Type, span: Span) -> ir::Value {
        self.obj_call(entry, args, spec, out, None, vec![ty], span)[0]
    }

    pub fn new_list(&mut self, elem: Type, span: Span) -> ir::Value {
        self.obj_call1("kiln_list_new", vec![], vec![ObjArg::Code(elem.clone()), ObjArg::Const(0)], ObjOut::Obj, Type::list(elem), span)
    }

    pub fn new_set(&mut self, elem: Type, span: Span) -> ir::Value {
        self.obj_call1("kiln_set_new", vec![], vec![ObjArg::Code(elem.clone())], ObjOut::Obj, Type::set(elem), span)
    }

    pub fn new_dict(&mut self, k: Type, v: Type, span: Span) -> ir::Value {
        self.obj_call1("kiln_dict_new", vec![], vec![ObjArg::Code(k.clone()), ObjArg::Code(v.clone())], ObjOut::Obj, Type::dict(k, v), span)
    }

    /// Re-types a new empty container whose element type was unknown
    /// (`[]`, `set()`, `{}`), when it is stored where the type is known.
    /// Returns false when `v` is not such a creation.
    pub fn retype_empty(&mut self, v: ir::Value, to: &Type) -> bool {
        let Some(inst) = self.func.def_inst(v) else { return false };
        let d = &mut self.func.insts[inst];
        let Op::ObjCall { entry, args, .. } = &mut d.op else { return false };
        match (*entry, to) {
            ("kiln_list_new", Type::List(e)) | ("kiln_set_new", Type::Set(e)) => args[0] = ObjArg::Code((**e).clone()),
            ("kiln_dict_new", Type::Dict(kv)) => {
                args[0] = ObjArg::Code(kv.0.clone());
                args[1] = ObjArg::Code(kv.1.clone());
            }
            _ => return false,
        }
        self.func.values[v].ty = to.clone();
        true
    }

    /// Element type of a container value, widening the variable `var` (if
    /// given) when the container's element type is still unknown. Returns
    /// `None` when this pass cannot go on (the caller returns poison).
    pub(super) fn settle_elem(&mut self, recv: ir::Value, var: Option<&str>, new_ty: Type, span: Span) -> Option<Type> {
        let rt = self.ty(recv);
        let joined = match (&rt, &new_ty) {
            (Type::List(_), Type::List(_)) | (Type::Set(_), Type::Set(_)) | (Type::Dict(_), Type::Dict(_)) => Type::unify(&rt, &new_ty),
            _ => None,
        };
        let Some(joined) = joined else {
            self.error(span, format!("cannot add an element of this type to a {rt}; kiln containers hold one element type"));
            return None;
        };
        if joined == rt {
            return Some(joined);
        }
        match var {
            Some(path) => {
                // `x[]`: the container is an element (or dict value) of variable `x`.
                let (name, joined) = match path.strip_suffix("[]") {
                    Some(outer) => {
                        let outer_ty = match self.var_types.get(outer) {
                            Some(Type::List(_)) => Type::list(joined),
                            Some(Type::Dict(kv)) => Type::dict(kv.0.clone(), joined),
                            _ => {
                                self.error(span, format!("cannot infer the element type of this {rt}"));
                                return None;
                            }
                        };
                        (outer, outer_ty)
                    }
                    None => (path, joined),
                };
                let old = self.var_types.get(name).cloned().unwrap_or(Type::Bottom);
                if let Some(t) = Type::join(&old, &joined) {
                    if t != old {
                        self.var_types.insert(name.to_string(), t);
                        self.widened = true;
                    }
                }
                // The IR of this pass is discarded: the next pass types the variable.
                self.poison();
                None
            }
            None => {
                self.error(span, format!("cannot infer the element type of this {rt}"));
                None
            }
        }
    }

    fn list_elem(&self, l: ir::Value) -> Type {
        match self.ty(l) {
            Type::List(e) | Type::Set(e) => (*e).clone(),
            _ => Type::Bottom,
        }
    }

    pub fn list_append(&mut self, l: ir::Value, v: ir::Value, span: Span) {
        let e = self.list_elem(l);
        let v = self.coerce(v, &e, span);
        self.obj_call("kiln_list_append", vec![l, v], vec![ObjArg::Val(0), ObjArg::WordsOwned(1)], ObjOut::Status, Some(0), vec![], span);
    }

    pub fn set_add(&mut self, s: ir::Value, v: ir::Value, span: Span) {
        let e = self.list_elem(s);
        let v = self.coerce(v, &e, span);
        self.obj_call("kiln_set_add", vec![s, v], vec![ObjArg::Val(0), ObjArg::Words(1)], ObjOut::Status, Some(0), vec![], span);
    }

    pub fn dict_set(&mut self, d: ir::Value, k: ir::Value, v: ir::Value, span: Span) {
        let Type::Dict(kv) = self.ty(d) else { return };
        let k = self.coerce(k, &kv.0, span);
        let v = self.coerce(v, &kv.1, span);
        self.obj_call(
            "kiln_dict_set",
            vec![d, k, v],
            vec![ObjArg::Val(0), ObjArg::WordsOwned(1), ObjArg::WordsOwned(2)],
            ObjOut::Status,
            Some(0),
            vec![],
            span,
        );
    }

    pub fn obj_len(&mut self, v: ir::Value, span: Span) -> ir::Value {
        self.emit1(Op::ObjLen, vec![v], Type::Int, span)
    }

    /// Python's hashability rule for set elements and dict keys.
    pub(super) fn check_hashable(&mut self, t: &Type, span: Span) -> bool {
        let bad = match t {
            Type::List(_) => Some("list"),
            Type::Set(_) => Some("set"),
            Type::Dict(_) => Some("dict"),
            Type::Array(_) => Some("numpy.ndarray"),
            Type::Tuple(items) => {
                return items.iter().all(|i| self.check_hashable(i, span));
            }
            _ => None,
        };
        if let Some(name) = bad {
            self.error(span, format!("unhashable type: '{name}'"));
            return false;
        }
        true
    }

    // ----- displays -----------------------------------------------------------

    fn common_type(&mut self, vals: &[ir::Value], span: Span) -> Option<Type> {
        let mut t = Type::Bottom;
        for v in vals {
            let vt = self.ty(*v);
            t = match Type::unify(&t, &vt) {
                Some(j) => j,
                None => {
                    self.error(span, format!("kiln containers hold one element type; this display mixes {t} and {vt}"));
                    return None;
                }
            };
        }
        Some(t)
    }

    /// The element type an assignment expects for a display, if any.
    fn expected_elem(&mut self, kind: fn(&Type) -> Option<Type>) -> Option<Type> {
        self.expected.take().and_then(|t| kind(&t))
    }

    pub fn list_display(&mut self, elts: &'a [ast::Expr], span: Span) -> ir::Value {
        let hint = self.expected_elem(|t| if let Type::List(e) = t { Some((**e).clone()) } else { None });
        if elts.iter().any(|e| matches!(e, ast::Expr::Starred(_))) {
            return self.error(span, "starred items in displays are not supported yet");
        }
        let vals: Vec<ir::Value> = elts.iter().map(|e| self.value_expr(e)).collect();
        let Some(t) = self.common_type(&vals, span) else { return self.poison() };
        let t = hint.and_then(|h| Type::unify(&t, &h)).unwrap_or(t);
        let l = self.new_list(t, span);
        for v in vals {
            self.list_append(l, v, span);
        }
        l
    }

    /// `[a, b] + r` and `l + [a, b]` (`b.op` is `+` and one side is a plain
    /// display): when the other side is a list, the result is allocated
    /// once with its final size and filled, instead of allocating the
    /// display and then a copy for the sum (`[head] + tail` in recursive
    /// list builders). Operands are evaluated in Python's order; anything
    /// else (an array, a type error) takes the ordinary `+`.
    pub fn concat_with_display(&mut self, b: &'a ast::ExprBinOp, span: Span) -> ir::Value {
        let hint = self.expected_elem(|t| if let Type::List(e) = t { Some((**e).clone()) } else { None });
        let (left_display, display) = match (b.left.as_ref(), b.right.as_ref()) {
            (ast::Expr::List(d), _) => (true, d),
            (_, ast::Expr::List(d)) => (false, d),
            _ => unreachable!("checked by the caller"),
        };
        let (other, vals) = if left_display {
            let vals: Vec<ir::Value> = display.elts.iter().map(|e| self.value_expr(e)).collect();
            (self.value_expr(&b.right), vals)
        } else {
            let other = self.value_expr(&b.left);
            (other, display.elts.iter().map(|e| self.value_expr(e)).collect())
        };
        let Some(display_elem) = self.common_type(&vals, span) else { return self.poison() };
        let elem = match self.ty(other) {
            Type::List(e) => Type::unify(&e, &display_elem).map(|t| hint.as_ref().and_then(|h| Type::unify(&t, h)).unwrap_or(t)),
            _ => None,
        };
        let Some(elem) = elem.filter(|t| *t != Type::Bottom) else {
            // The ordinary path (and its diagnostics).
            let d = self.new_list(display_elem, span);
            for v in vals {
                self.list_append(d, v, span);
            }
            let (l, r) = if left_display { (d, other) } else { (other, d) };
            return self.binary(b.op, l, r, span);
        };
        let lt = Type::list(elem.clone());
        let other = self.operand_as(other, &lt, span);
        let k = self.const_int(vals.len() as i64, span);
        if left_display && vals.len() == 1 {
            let e = self.coerce(vals[0], &elem, span);
            self.obj_call1("kiln_list_prepend", vec![other, e], vec![ObjArg::Val(0), ObjArg::WordsOwned(1)], ObjOut::Obj, lt, span)
        } else if left_display {
            let n = self.obj_len(other, span);
            let cap = self.emit1(Op::Binary(ir::BinaryOp::Add), vec![k, n], Type::Int, span);
            let out = self.obj_call1("kiln_list_with_capacity", vec![cap], vec![ObjArg::Code(elem), ObjArg::Val(0)], ObjOut::Obj, lt, span);
            for v in vals {
                self.list_append(out, v, span);
            }
            self.obj_call(
                "kiln_list_extend",
                vec![out, other],
                vec![ObjArg::Val(0), ObjArg::Val(1)],
                ObjOut::Status,
                Some(0),
                vec![],
                span,
            );
            out
        } else {
            let out = self.obj_call1("kiln_list_copy_reserve", vec![other, k], vec![ObjArg::Val(0), ObjArg::Val(1)], ObjOut::Obj, lt, span);
            for v in vals {
                self.list_append(out, v, span);
            }
            out
        }
    }

    pub fn set_display(&mut self, elts: &'a [ast::Expr], span: Span) -> ir::Value {
        if elts.iter().any(|e| matches!(e, ast::Expr::Starred(_))) {
            return self.error(span, "starred items in displays are not supported yet");
        }
        let vals: Vec<ir::Value> = elts.iter().map(|e| self.value_expr(e)).collect();
        let Some(t) = self.common_type(&vals, span) else { return self.poison() };
        if !self.check_hashable(&t, span) {
            return self.poison();
        }
        let s = self.new_set(t, span);
        for v in vals {
            self.set_add(s, v, span);
        }
        s
    }

    pub fn dict_display(&mut self, d: &'a ast::ExprDict, span: Span) -> ir::Value {
        let mut keys = Vec::new();
        let mut vals = Vec::new();
        for (k, v) in d.keys.iter().zip(&d.values) {
            let Some(k) = k else { return self.error(span, "`**` in dict displays is not supported yet") };
            keys.push(self.value_expr(k));
            vals.push(self.value_expr(v));
        }
        let Some(kt) = self.common_type(&keys, span) else { return self.poison() };
        let Some(vt) = self.common_type(&vals, span) else { return self.poison() };
        if !self.check_hashable(&kt, span) {
            return self.poison();
        }
        let dv = self.new_dict(kt, vt, span);
        for (k, v) in keys.into_iter().zip(vals) {
            self.dict_set(dv, k, v, span);
        }
        dv
    }

    // ----- iteration ----------------------------------------------------------

    /// What `e` iterates over, lowering it.
    pub fn iterable(&mut self, e: &'a ast::Expr) -> Option<Iterable> {
        let span = span_of_expr(e);
        let simple_callee = |f: &ast::Expr| match f {
            ast::Expr::Name(_) => true,
            ast::Expr::Attribute(a) => matches!(a.value.as_ref(), ast::Expr::Name(_)),
            _ => false,
        };
        let call = match e {
            ast::Expr::Call(c) if simple_callee(&c.func) => Some(c),
            _ => None,
        };
        if let ast::Expr::Name(n) = e {
            if let Some(it) = self.renames.get(n.id.as_str()).and_then(|h| self.deferred.get(h)) {
                return Some(it.clone());
            }
        }
        if let Some(c) = call {
            let callee = self.expr(&c.func);
            match callee {
                Operand::Func(i) if crate::front::generators::is_generator(self.lw.info.funcs[i]) => {
                    return self.generator_call(i, c, span);
                }
                Operand::Op(id) => match optable::get(id).lower {
                    Lower::Range => {
                        if !c.keywords.is_empty() {
                            self.error(span, "range() takes no keyword arguments");
                            return None;
                        }
                        let vals: Vec<ir::Value> = c.args.iter().map(|a| self.value_expr(a)).collect();
                        let vals: Vec<ir::Value> =
                            vals.into_iter().zip(c.args.iter()).map(|(v, a)| self.as_index_int(v, span_of_expr(a), "range()")).collect();
                        let (start, stop, step) = match vals.as_slice() {
                            [stop] => (self.const_int(0, span), *stop, self.const_int(1, span)),
                            [start, stop] => (*start, *stop, self.const_int(1, span)),
                            [start, stop, step] => (*start, *stop, *step),
                            _ => {
                                self.error(span, format!("range expected 1 to 3 arguments, got {}", vals.len()));
                                return None;
                            }
                        };
                        if vals.len() == 3
                            && !matches!(self.func.def_inst(step).map(|i| &self.func.insts[i].op), Some(Op::Const(Const::Int(c))) if *c != 0)
                        {
                            let zero = self.const_int(0, span);
                            let is_zero = self.emit1(Op::Compare(CmpOp::Eq), vec![step, zero], Type::Bool, span);
                            self.raise_when(is_zero, exc::VALUE_ERROR, "range() arg 3 must not be zero", span);
                        }
                        return Some(Iterable::Range(start, stop, step));
                    }
                    Lower::Container(ContainerFn::Enumerate) => {
                        if c.args.is_empty() || c.args.len() > 2 || !c.keywords.is_empty() {
                            self.error(span, "enumerate() takes an iterable and an optional start");
                            return None;
                        }
                        let inner = self.iterable(&c.args[0])?;
                        let start = match c.args.get(1) {
                            Some(s) => {
                                let v = self.value_expr(s);
                                self.as_index_int(v, span, "enumerate() start")
                            }
                            None => self.const_int(0, span),
                        };
                        return Some(Iterable::Enumerate(Box::new(inner), start));
                    }
                    Lower::Container(ContainerFn::Zip) => {
                        if !c.keywords.is_empty() || c.args.is_empty() {
                            self.error(span, "zip() takes one or more iterables (no keywords)");
                            return None;
                        }
                        let mut items = Vec::new();
                        for (n, a) in c.args.iter().enumerate() {
                            let it = self.iterable(a)?;
                            if matches!(it, Iterable::Gen(_)) && n > 0 {
                                // CPython advances zip's iterators in order: a
                                // generator after an exhausted sequence is not
                                // resumed, which the inlined generator cannot
                                // tell in advance.
                                self.error(
                                    span_of_expr(a),
                                    "zip() takes a generator only as its first argument in kiln (CPython advances the iterables in order)",
                                );
                                return None;
                            }
                            if matches!(it, Iterable::Set(_) | Iterable::Dict(..) | Iterable::Enumerate(..) | Iterable::Zip(_)) {
                                self.error(span_of_expr(a), "zip() over sets, dicts, enumerate or zip is not supported yet");
                                return None;
                            }
                            items.push(it);
                        }
                        return Some(Iterable::Zip(items));
                    }
                    Lower::Container(ContainerFn::Reversed) => {
                        if c.args.len() != 1 || !c.keywords.is_empty() {
                            self.error(span, "reversed() takes exactly one argument");
                            return None;
                        }
                        let v = self.value_expr(&c.args[0]);
                        return match self.ty(v) {
                            Type::List(_) | Type::Str => Some(Iterable::Reversed(v)),
                            Type::Bottom => None,
                            t => {
                                self.error(span, format!("reversed() of {t} is not supported yet"));
                                None
                            }
                        };
                    }
                    _ => {}
                },
                Operand::ObjMethod(recv, attr, _) if matches!(self.ty(recv), Type::Dict(_)) && c.args.is_empty() => {
                    let view = match attr.as_str() {
                        "keys" => Some(DictView::Keys),
                        "values" => Some(DictView::Values),
                        "items" => Some(DictView::Items),
                        _ => None,
                    };
                    if let Some(view) = view {
                        return Some(Iterable::Dict(recv, view));
                    }
                }
                _ => {}
            }
        }
        let v = self.value_expr(e);
        match self.ty(v) {
            Type::List(_) | Type::Str => Some(Iterable::Seq(v)),
            Type::Set(_) => Some(Iterable::Set(v)),
            Type::Dict(_) => Some(Iterable::Dict(v, DictView::Keys)),
            Type::Array(at) if at.ndim >= 1 => Some(Iterable::Array(v)),
            Type::Tuple(items) => {
                // A tuple of one item type iterates as a list of its items.
                let t = items.iter().try_fold(Type::Bottom, |acc, t| Type::unify(&acc, t));
                match t {
                    Some(t) if !items.is_empty() => {
                        let l = self.new_list(t, span);
                        for i in 0..items.len() {
                            let item = self.tuple_get(v, i, span);
                            self.list_append(l, item, span);
                        }
                        Some(Iterable::Seq(l))
                    }
                    _ => {
                        self.error(span, format!("iterating over a tuple of mixed types {} is not supported", self.ty(v)));
                        None
                    }
                }
            }
            Type::Bottom => None,
            other => {
                self.diags.push(
                    Diagnostic::error(span, format!("iterating over a value of type {other} is not supported yet"))
                        .with_note("kiln iterates over range(...), lists, strs, sets, dicts and arrays of at least one dimension"),
                );
                None
            }
        }
    }

    /// Raises `kind(message)` when `cond` holds.
    pub fn raise_when(&mut self, cond: ir::Value, kind: i32, message: &str, span: Span) {
        let assigned = self.assigned.clone();
        let then_block = self.in_block(|fx| fx.raise_error(kind, message, span));
        let else_block = self.func.new_block();
        self.push_stmt(Stmt::If { cond, then_block, else_block });
        self.assigned = assigned;
        self.reachable = true;
    }

    fn hidden_slot(&mut self, prefix: &str, v: ir::Value, span: Span) -> ir::Slot {
        let s = self.temp_slot(prefix, self.ty(v));
        self.emit(Op::Store(s), vec![v], vec![], span);
        s
    }

    fn incr_slot(&mut self, s: ir::Slot, by: i64, span: Span) -> ir::Value {
        let i = self.emit1(Op::Load(s), vec![], Type::Int, span);
        let one = self.const_int(by, span);
        let n = self.emit1(Op::Binary(BinaryOp::Add), vec![i, one], Type::Int, span);
        self.emit(Op::Store(s), vec![n], vec![], span);
        i
    }

    /// The length of a sequence iterable (for `zip`).
    fn seq_len(&mut self, it: &Iterable, span: Span) -> ir::Value {
        match it {
            Iterable::Seq(v) | Iterable::Reversed(v) => self.obj_len(*v, span),
            Iterable::Array(v) => self.emit1(Op::ArrayDim(0), vec![*v], Type::Int, span),
            Iterable::Range(start, stop, step) => {
                // max(0, ceil((stop - start) / step)), computed as Python's len(range(...)).
                let (start, stop, step) = (*start, *stop, *step);
                let zero = self.const_int(0, span);
                let one = self.const_int(1, span);
                let pos = self.emit1(Op::Compare(CmpOp::Gt), vec![step, zero], Type::Bool, span);
                let diff = self.emit1(Op::Binary(BinaryOp::Sub), vec![stop, start], Type::Int, span);
                let ndiff = self.emit1(Op::Unary(ir::UnaryOp::Neg), vec![diff], Type::Int, span);
                let nstep = self.emit1(Op::Unary(ir::UnaryOp::Neg), vec![step], Type::Int, span);
                let d = self.emit1(Op::Select, vec![pos, diff, ndiff], Type::Int, span);
                let st = self.emit1(Op::Select, vec![pos, step, nstep], Type::Int, span);
                let dm1 = self.emit1(Op::Binary(BinaryOp::Add), vec![d, st], Type::Int, span);
                let dm1 = self.emit1(Op::Binary(BinaryOp::Sub), vec![dm1, one], Type::Int, span);
                let q = self.emit1(Op::Binary(BinaryOp::FloorDiv), vec![dm1, st], Type::Int, span);
                let neg = self.emit1(Op::Compare(CmpOp::Lt), vec![q, zero], Type::Bool, span);
                self.emit1(Op::Select, vec![neg, zero, q], Type::Int, span)
            }
            _ => self.poison(),
        }
    }

    /// Element `i` (in `0..len`) of a sequence iterable.
    fn seq_item(&mut self, it: &Iterable, i: ir::Value, span: Span) -> ir::Value {
        match it {
            Iterable::Seq(v) => self.seq_get(*v, i, IndexMode::Unchecked, span),
            Iterable::Reversed(v) => {
                let n = self.obj_len(*v, span);
                let one = self.const_int(1, span);
                let last = self.emit1(Op::Binary(BinaryOp::Sub), vec![n, one], Type::Int, span);
                let j = self.emit1(Op::Binary(BinaryOp::Sub), vec![last, i], Type::Int, span);
                self.seq_get(*v, j, IndexMode::Unchecked, span)
            }
            Iterable::Array(v) => self.array_item(*v, i, span),
            Iterable::Range(start, _, step) => {
                let m = self.emit1(Op::Binary(BinaryOp::Mul), vec![i, *step], Type::Int, span);
                self.emit1(Op::Binary(BinaryOp::Add), vec![*start, m], Type::Int, span)
            }
            _ => self.poison(),
        }
    }

    /// Item `i` (in `0..len`) of an array, as iteration yields it: an
    /// element of a 1-d array, else the view `a[i]` of the remaining axes.
    fn array_item(&mut self, a: ir::Value, i: ir::Value, span: Span) -> ir::Value {
        let Some(at) = self.ty(a).as_array() else { return self.poison() };
        if at.ndim == 1 {
            return self.emit1(Op::ArrayGet(vec![IndexMode::Unchecked]), vec![a, i], Type::Scalar(at.dtype), span);
        }
        let mut axes = vec![ir::ViewAxis::Index { src: 0, arg: 1 }];
        axes.extend((1..at.ndim).map(|k| ir::ViewAxis::Slice { src: k, start: None, stop: None, step: None }));
        let layout = if at.layout == crate::types::Layout::C { crate::types::Layout::C } else { crate::types::Layout::Strided };
        self.emit1(Op::View(axes), vec![a, i], Type::array(at.dtype, at.ndim - 1, layout), span)
    }

    /// `seq[i]` for a list or a str (`i` already normalized when `mode` is unchecked).
    pub fn seq_get(&mut self, v: ir::Value, i: ir::Value, mode: IndexMode, span: Span) -> ir::Value {
        match self.ty(v) {
            Type::List(e) => self.emit1(Op::ListGet(mode), vec![v, i], (*e).clone(), span),
            Type::Str => self.obj_call1("kiln_str_getitem", vec![v, i], vec![ObjArg::Val(0), ObjArg::Val(1)], ObjOut::Obj, Type::Str, span),
            _ => self.poison(),
        }
    }

    /// Emits a loop over `it`; `body` is lowered inside with each element.
    /// `orelse` runs when the loop ends without `break`.
    pub fn iterate(&mut self, it: Iterable, span: Span, orelse: &'a [ast::Stmt], body: &mut dyn FnMut(&mut Self, ir::Value)) {
        if let Iterable::Zip(items) = &it {
            if matches!(items.first(), Some(Iterable::Gen(_))) && self.unknown_elements(&it) {
                // `zip(gen, [])`: CPython still runs the generator to its
                // first `yield` before it finds the empty sequence.
                let Iterable::Zip(mut items) = it else { unreachable!("matched") };
                let Iterable::Gen(g) = items.remove(0) else { unreachable!("matched") };
                if !orelse.is_empty() {
                    self.error(span, "`for ... else` over zip() of a generator is not supported yet");
                    return;
                }
                self.inline_generator(*g, span, &[], &mut |fx: &mut Self, _| {
                    let levels = fx.consumer_break_levels();
                    fx.push_stmt(Stmt::Break(levels));
                    fx.reachable = false;
                });
                return;
            }
        }
        if self.unknown_elements(&it) {
            // A container whose element type is not known is empty: the body never runs.
            self.lower_stmts(orelse);
            return;
        }
        let before = self.assigned.clone();
        match it {
            Iterable::Gen(g) => self.inline_generator(*g, span, orelse, body),
            Iterable::Zip(mut items) if matches!(items.first(), Some(Iterable::Gen(_))) => {
                let Iterable::Gen(g) = items.remove(0) else { unreachable!("matched") };
                self.zip_generator(*g, items, span, orelse, body);
            }
            Iterable::Range(start, stop, step) => {
                let b = self.func.new_block();
                let index = self.func.make_loop_index(b, Type::Int);
                let saved = std::mem::replace(&mut self.cur, b);
                self.loop_depth += 1;
                body(self, index);
                self.loop_depth -= 1;
                self.cur = saved;
                self.assigned = before.clone();
                self.reachable = true;
                let orelse = self.lower_orelse_block(orelse, &before);
                self.push_stmt(Stmt::For { index, start, stop, step, body: b, orelse, attrs: ir::LoopAttrs::default(), span });
            }
            Iterable::Set(_) | Iterable::Dict(..) => {
                let (obj, is_set) = match &it {
                    Iterable::Set(v) => (*v, true),
                    Iterable::Dict(v, _) => (*v, false),
                    _ => unreachable!(),
                };
                let (slots_fn, version_fn, entry_fn, message) = if is_set {
                    ("kiln_set_slots", "kiln_set_version", "kiln_set_entry", "Set changed size during iteration")
                } else {
                    ("kiln_dict_slots", "kiln_dict_version", "kiln_dict_entry", "dictionary changed size during iteration")
                };
                let os = self.hidden_slot("$iter", obj, span);
                let zero = self.const_int(0, span);
                let ix = self.hidden_slot("$ix", zero, span);
                let version0 = self.obj_call1(version_fn, vec![obj], vec![ObjArg::Val(0)], ObjOut::Int, Type::Int, span);
                let vs = self.hidden_slot("$ver", version0, span);
                let mut cond = None;
                let header = self.in_block(|fx| {
                    let o = fx.emit1(Op::Load(os), vec![], fx.func.slots[os].ty.clone(), span);
                    let ver = fx.obj_call1(version_fn, vec![o], vec![ObjArg::Val(0)], ObjOut::Int, Type::Int, span);
                    let v0 = fx.emit1(Op::Load(vs), vec![], Type::Int, span);
                    let changed = fx.emit1(Op::Compare(CmpOp::Ne), vec![ver, v0], Type::Bool, span);
                    fx.raise_when(changed, exc::RUNTIME_ERROR, message, span);
                    let n = fx.obj_call1(slots_fn, vec![o], vec![ObjArg::Val(0)], ObjOut::Int, Type::Int, span);
                    let i = fx.emit1(Op::Load(ix), vec![], Type::Int, span);
                    cond = Some(fx.emit1(Op::Compare(CmpOp::Lt), vec![i, n], Type::Bool, span));
                });
                let cond = cond.expect("header sets cond");
                let otype = self.func.slots[os].ty.clone();
                let b = self.in_block(|fx| {
                    fx.loop_depth += 1;
                    let i = fx.incr_slot(ix, 1, span);
                    let o = fx.emit1(Op::Load(os), vec![], otype.clone(), span);
                    let (live, elem) = if is_set {
                        let et = otype.iter_elem().unwrap_or(Type::Bottom);
                        let r = fx.obj_call(
                            entry_fn,
                            vec![o, i],
                            vec![ObjArg::Val(0), ObjArg::Val(1), ObjArg::Out],
                            ObjOut::Entry,
                            None,
                            vec![Type::Bool, et],
                            span,
                        );
                        (r[0], r[1])
                    } else {
                        let Type::Dict(kv) = otype.clone() else { unreachable!() };
                        let Iterable::Dict(_, view) = &it else { unreachable!() };
                        let (spec, tys) = match view {
                            DictView::Keys => {
                                (vec![ObjArg::Val(0), ObjArg::Val(1), ObjArg::Out, ObjArg::Null], vec![Type::Bool, kv.0.clone()])
                            }
                            DictView::Values => {
                                (vec![ObjArg::Val(0), ObjArg::Val(1), ObjArg::Null, ObjArg::Out], vec![Type::Bool, kv.1.clone()])
                            }
                            DictView::Items => (
                                vec![ObjArg::Val(0), ObjArg::Val(1), ObjArg::Out, ObjArg::Out],
                                vec![Type::Bool, kv.0.clone(), kv.1.clone()],
                            ),
                        };
                        let r = fx.obj_call(entry_fn, vec![o, i], spec, ObjOut::Entry, None, tys, span);
                        let e = if r.len() == 3 { fx.make_tuple(vec![r[1], r[2]], span) } else { r[1] };
                        (r[0], e)
                    };
                    let assigned = fx.assigned.clone();
                    let then_block = fx.in_block(|fx| body(fx, elem));
                    let else_block = fx.func.new_block();
                    fx.push_stmt(Stmt::If { cond: live, then_block, else_block });
                    fx.assigned = assigned;
                    fx.reachable = true;
                    fx.loop_depth -= 1;
                });
                self.assigned = before.clone();
                self.reachable = true;
                let orelse = self.lower_orelse_block(orelse, &before);
                self.push_stmt(Stmt::While { header, cond, body: b, orelse, span });
            }
            Iterable::Enumerate(inner, start) => {
                let cs = self.hidden_slot("$count", start, span);
                self.iterate(*inner, span, orelse, &mut |fx, e| {
                    let c = fx.incr_slot(cs, 1, span);
                    let t = fx.make_tuple(vec![c, e], span);
                    body(fx, t);
                });
            }
            Iterable::Array(arr) => {
                // A counted loop, as for range(): an array's length cannot change.
                let hs = self.hidden_slot("$iter", arr, span);
                if self.ty(arr).as_array().is_none() {
                    return;
                }
                let start = self.const_int(0, span);
                let stop = self.emit1(Op::ArrayDim(0), vec![arr], Type::Int, span);
                let step = self.const_int(1, span);
                let b = self.func.new_block();
                let index = self.func.make_loop_index(b, Type::Int);
                let saved = std::mem::replace(&mut self.cur, b);
                self.loop_depth += 1;
                let a = self.emit1(Op::Load(hs), vec![], self.func.slots[hs].ty.clone(), span);
                let elem = self.array_item(a, index, span);
                body(self, elem);
                self.loop_depth -= 1;
                self.cur = saved;
                self.assigned = before.clone();
                self.reachable = true;
                let orelse = self.lower_orelse_block(orelse, &before);
                self.push_stmt(Stmt::For { index, start, stop, step, body: b, orelse, attrs: ir::LoopAttrs::default(), span });
            }
            Iterable::Seq(_) | Iterable::Reversed(_) | Iterable::Zip(_) => {
                // Walk by index; a list's length is read again before every step,
                // as CPython's list iterator does.
                let (items, is_zip): (Vec<Iterable>, bool) = match it {
                    Iterable::Zip(items) => (items, true),
                    other => (vec![other], false),
                };
                let mut held = Vec::new();
                for item in &items {
                    let v = match item {
                        Iterable::Seq(v) | Iterable::Reversed(v) | Iterable::Array(v) => Some(*v),
                        _ => None,
                    };
                    held.push(v.map(|v| self.hidden_slot("$iter", v, span)));
                }
                let zero = self.const_int(0, span);
                let ix = self.hidden_slot("$ix", zero, span);
                let mut cond = None;
                let header = self.in_block(|fx| {
                    let cur = fx.reload_iterables(&items, &held, span);
                    let mut n = None;
                    for it in &cur {
                        let len = fx.seq_len(it, span);
                        n = Some(match n {
                            None => len,
                            Some(m) => {
                                let lt = fx.emit1(Op::Compare(CmpOp::Lt), vec![len, m], Type::Bool, span);
                                fx.emit1(Op::Select, vec![lt, len, m], Type::Int, span)
                            }
                        });
                    }
                    let i = fx.emit1(Op::Load(ix), vec![], Type::Int, span);
                    let n = n.unwrap_or(i);
                    cond = Some(fx.emit1(Op::Compare(CmpOp::Lt), vec![i, n], Type::Bool, span));
                });
                let cond = cond.expect("header sets cond");
                let b = self.in_block(|fx| {
                    fx.loop_depth += 1;
                    let i = fx.incr_slot(ix, 1, span);
                    let cur = fx.reload_iterables(&items, &held, span);
                    let elems: Vec<ir::Value> = cur.iter().map(|it| fx.seq_item(it, i, span)).collect();
                    let e = if is_zip { fx.make_tuple(elems, span) } else { elems[0] };
                    body(fx, e);
                    fx.loop_depth -= 1;
                });
                self.assigned = before.clone();
                self.reachable = true;
                let orelse = self.lower_orelse_block(orelse, &before);
                self.push_stmt(Stmt::While { header, cond, body: b, orelse, span });
            }
        }
    }

    /// `zip(gen, s1, s2, ...)`: the generator is inlined, and each value it
    /// yields is paired with the next item of every sequence; the first
    /// exhausted sequence ends the loop. As in CPython, the generator is
    /// advanced first, so it runs up to one more `yield` than the shortest
    /// sequence has items. A `for ... else` is refused: leaving the
    /// inlined generator early looks like a `break` to it.
    fn zip_generator(
        &mut self,
        g: super::generator::GenCall,
        items: Vec<Iterable>,
        span: Span,
        orelse: &'a [ast::Stmt],
        body: &mut dyn FnMut(&mut Self, ir::Value),
    ) {
        if !orelse.is_empty() {
            self.error(span, "`for ... else` over zip() of a generator is not supported yet");
            return;
        }
        let held: Vec<Option<ir::Slot>> = items
            .iter()
            .map(|it| match it {
                Iterable::Seq(v) | Iterable::Reversed(v) | Iterable::Array(v) => Some(self.hidden_slot("$iter", *v, span)),
                _ => None,
            })
            .collect();
        let zero = self.const_int(0, span);
        let ix = self.hidden_slot("$ix", zero, span);
        self.inline_generator(g, span, &[], &mut |fx: &mut Self, v: ir::Value| {
            let cur = fx.reload_iterables(&items, &held, span);
            let i = fx.emit1(Op::Load(ix), vec![], Type::Int, span);
            for it in &cur {
                let n = fx.seq_len(it, span);
                let done = fx.emit1(Op::Compare(CmpOp::Ge), vec![i, n], Type::Bool, span);
                // Leaves the generator as the consumer's `break` does.
                let levels = fx.consumer_break_levels();
                let assigned = fx.assigned.clone();
                let then_block = fx.in_block(|fx| fx.push_stmt(Stmt::Break(levels)));
                let else_block = fx.func.new_block();
                fx.push_stmt(Stmt::If { cond: done, then_block, else_block });
                fx.assigned = assigned;
                fx.reachable = true;
            }
            let one = fx.const_int(1, span);
            let next = fx.emit1(Op::Binary(BinaryOp::Add), vec![i, one], Type::Int, span);
            fx.emit(Op::Store(ix), vec![next], vec![], span);
            let mut elems = vec![v];
            elems.extend(cur.iter().map(|it| fx.seq_item(it, i, span)));
            let t = fx.make_tuple(elems, span);
            body(fx, t);
        });
    }

    /// The sequences of a `zip`, reloaded from the hidden slots that hold
    /// them (the loop body may rebind the names they came from).
    fn reload_iterables(&mut self, items: &[Iterable], held: &[Option<ir::Slot>], span: Span) -> Vec<Iterable> {
        items
            .iter()
            .zip(held)
            .map(|(it, s)| match (it, s) {
                (Iterable::Seq(_), Some(s)) => Iterable::Seq(self.emit1(Op::Load(*s), vec![], self.func.slots[*s].ty.clone(), span)),
                (Iterable::Reversed(_), Some(s)) => {
                    Iterable::Reversed(self.emit1(Op::Load(*s), vec![], self.func.slots[*s].ty.clone(), span))
                }
                (Iterable::Array(_), Some(s)) => Iterable::Array(self.emit1(Op::Load(*s), vec![], self.func.slots[*s].ty.clone(), span)),
                (Iterable::Range(a, b, c), _) => Iterable::Range(*a, *b, *c),
                _ => Iterable::Zip(Vec::new()),
            })
            .collect()
    }

    /// Whether iterating `it` yields elements of a type not known yet.
    fn unknown_elements(&self, it: &Iterable) -> bool {
        let bottom = |t: Type| t == Type::Bottom;
        match it {
            Iterable::Seq(v) | Iterable::Reversed(v) | Iterable::Set(v) => self.ty(*v).iter_elem().is_none_or(bottom),
            Iterable::Dict(v, view) => match self.ty(*v) {
                Type::Dict(kv) => match view {
                    DictView::Keys => bottom(kv.0.clone()),
                    DictView::Values => bottom(kv.1.clone()),
                    DictView::Items => bottom(kv.0.clone()) || bottom(kv.1.clone()),
                },
                _ => false,
            },
            Iterable::Enumerate(inner, _) => self.unknown_elements(inner),
            Iterable::Zip(items) => items.iter().any(|i| self.unknown_elements(i)),
            Iterable::Range(..) | Iterable::Array(_) | Iterable::Gen(_) => false,
        }
    }

    fn lower_orelse_block(&mut self, orelse: &'a [ast::Stmt], before: &std::collections::HashSet<String>) -> Option<ir::Block> {
        if orelse.is_empty() {
            return None;
        }
        let b = self.in_block(|fx| fx.lower_stmts(orelse));
        self.assigned = before.clone();
        self.reachable = true;
        Some(b)
    }

    // ----- comprehensions -----------------------------------------------------

    /// Lowers the `for`/`if` clauses of a comprehension, calling `elt` for
    /// each produced element. Targets are renamed so they stay local to the
    /// comprehension, as in Python 3.
    pub(super) fn comprehension_loops(&mut self, gens: &'a [ast::Comprehension], span: Span, elt: &mut dyn FnMut(&mut Self)) {
        let Some((g, rest)) = gens.split_first() else {
            elt(self);
            return;
        };
        if g.is_async {
            self.error(span, "async comprehensions are not supported");
            return;
        }
        // The first iterable is evaluated in the enclosing scope (before the renames).
        let reserve = self.set_reserve_from_iter.take();
        let Some(it) = self.iterable(&g.iter) else { return };
        if let (Some(acc), Iterable::Seq(seq)) = (reserve, &it) {
            // A set only measured with len(): room for every element up front.
            let n = self.obj_len(*seq, span);
            let s = self.read_var(&acc, span);
            self.obj_call("kiln_set_reserve", vec![s, n], vec![ObjArg::Val(0), ObjArg::Val(1)], ObjOut::Nothing, Some(0), vec![], span);
        }
        let mut names = Vec::new();
        collect_names(&g.target, &mut names);
        let n = self.func.slots.len();
        let saved: Vec<(String, Option<String>)> = names.iter().map(|nm| (nm.clone(), self.renames.get(nm).cloned())).collect();
        for nm in &names {
            self.renames.insert(nm.clone(), format!("$c{n}_{nm}"));
        }
        self.iterate(it, span, &[], &mut |fx, e| {
            fx.assign_target(&g.target, e, span);
            let mut conds_ok = Vec::new();
            for cond in &g.ifs {
                let c = fx.cond_expr(cond);
                conds_ok.push(c);
                let then_block = fx.func.new_block();
                let else_block = fx.func.new_block();
                fx.push_stmt(Stmt::If { cond: c, then_block, else_block });
                fx.cur = then_block;
            }
            fx.comprehension_loops(rest, span, elt);
        });
        for (nm, old) in saved {
            match old {
                Some(o) => self.renames.insert(nm, o),
                None => self.renames.remove(&nm),
            };
        }
    }

    /// A list, set or dict comprehension, or a generator expression consumed by `sink`.
    fn comprehension(&mut self, sink: Sink, src: Source<'a>, span: Span) -> ir::Value {
        // Nested comprehensions can share a span (desugared `sorted(xs, key=f)`);
        // the nesting depth keeps their hidden variables apart.
        self.comp_depth += 1;
        let v = self.comprehension_at_depth(sink, src, span);
        self.comp_depth -= 1;
        v
    }

    fn comprehension_at_depth(&mut self, sink: Sink, src: Source<'a>, span: Span) -> ir::Value {
        let acc = format!("$acc{}_{}_{}", span.start, span.end, self.comp_depth);
        if let Some(hint) = self.expected.take() {
            let fits = matches!((sink, &hint), (Sink::List, Type::List(_)) | (Sink::Set, Type::Set(_)) | (Sink::Dict, Type::Dict(_)));
            if fits {
                let old = self.var_types.get(&acc).cloned().unwrap_or(Type::Bottom);
                if let Some(t) = Type::unify(&old, &hint) {
                    self.var_types.insert(acc.clone(), t);
                }
            }
        }
        let init = match sink {
            Sink::List => self.new_list(Type::Bottom, span),
            Sink::Set => self.new_set(Type::Bottom, span),
            Sink::Dict => self.new_dict(Type::Bottom, Type::Bottom, span),
            Sink::Sum => self.const_int(0, span),
            Sink::Any => self.emit1(Op::Const(Const::Bool(false)), vec![], Type::Bool, span),
            Sink::All => self.emit1(Op::Const(Const::Bool(true)), vec![], Type::Bool, span),
            Sink::Min | Sink::Max => self.emit1(Op::Const(Const::Bool(false)), vec![], Type::Bool, span),
        };
        // min/max keep "seen any" in the accumulator and the extremum in `best`.
        let best = format!("$best{}_{}_{}", span.start, span.end, self.comp_depth);
        let init = if matches!(sink, Sink::List | Sink::Set | Sink::Dict) {
            let t = self.var_types.get(&acc).cloned().unwrap_or(Type::Bottom);
            let t = Type::join(&t, &self.ty(init)).unwrap_or(t);
            if t != self.ty(init) && !self.retype_empty(init, &t) {
                return self.poison();
            }
            init
        } else {
            init
        };
        self.assign_var(&acc, init, span);
        if sink == Sink::Set && self.len_only_set == Some(span) && matches!(src, Source::Gens { .. }) {
            self.len_only_set = None;
            self.set_reserve_from_iter = Some(acc.clone());
        }
        let outer = self.cur;
        let assigned = self.assigned.clone();
        let loop_depth = self.loop_depth;
        let (elt, value) = match &src {
            Source::Gens { elt, value, .. } => (Some(*elt), *value),
            Source::Iter(_) => (None, None),
        };
        let elt_fn = |fx: &mut Self, pre: Option<ir::Value>| {
            let v = match (pre, elt) {
                (Some(v), _) => v,
                (None, Some(e)) => fx.value_expr(e),
                (None, None) => return,
            };
            match sink {
                Sink::List | Sink::Set => {
                    let a = fx.read_var(&acc, span);
                    let want = if sink == Sink::List { Type::list(fx.ty(v)) } else { Type::set(fx.ty(v)) };
                    if sink == Sink::Set && !fx.check_hashable(&fx.ty(v), span) {
                        return;
                    }
                    if fx.settle_elem(a, Some(&acc), want, span).is_none() {
                        return;
                    }
                    if sink == Sink::List {
                        fx.list_append(a, v, span);
                    } else {
                        fx.set_add(a, v, span);
                    }
                }
                Sink::Dict => {
                    // `{k: v for ...}`, or `dict(pairs)` taking 2-tuples.
                    let (v, val) = match (value, fx.ty(v)) {
                        (Some(value), _) => (v, fx.value_expr(value)),
                        (None, Type::Tuple(items)) if items.len() == 2 => (fx.tuple_get(v, 0, span), fx.tuple_get(v, 1, span)),
                        (None, t) => {
                            fx.error(span, format!("dict() needs (key, value) pairs, not {t}"));
                            return;
                        }
                    };
                    if !fx.check_hashable(&fx.ty(v), span) {
                        return;
                    }
                    let a = fx.read_var(&acc, span);
                    if fx.settle_elem(a, Some(&acc), Type::dict(fx.ty(v), fx.ty(val)), span).is_none() {
                        return;
                    }
                    fx.dict_set(a, v, val, span);
                }
                Sink::Sum => {
                    let a = fx.read_var(&acc, span);
                    let s = fx.binary(ast::Operator::Add, a, v, span);
                    fx.assign_var(&acc, s, span);
                }
                Sink::Any | Sink::All => {
                    let t = fx.truth(v, span);
                    let hit = if sink == Sink::Any { t } else { fx.emit1(Op::Unary(ir::UnaryOp::Not), vec![t], Type::Bool, span) };
                    let depth = fx.loop_depth - loop_depth - 1;
                    let then_block = fx.in_block(|fx| {
                        let r = fx.emit1(Op::Const(Const::Bool(sink == Sink::Any)), vec![], Type::Bool, span);
                        fx.assign_var(&acc, r, span);
                        fx.push_stmt(Stmt::Break(depth));
                    });
                    let else_block = fx.func.new_block();
                    fx.push_stmt(Stmt::If { cond: hit, then_block, else_block });
                    fx.reachable = true;
                }
                Sink::Min | Sink::Max => {
                    let seen = fx.read_var(&acc, span);
                    let not_seen = fx.emit1(Op::Unary(ir::UnaryOp::Not), vec![seen], Type::Bool, span);
                    let assigned = fx.assigned.clone();
                    let then_block = fx.in_block(|fx| fx.assign_var(&best, v, span));
                    let else_block = fx.in_block(|fx| {
                        let b = fx.read_var(&best, span);
                        // Python keeps the first of equal extrema: replace only on strict improvement.
                        let op = if sink == Sink::Min { ast::CmpOp::Lt } else { ast::CmpOp::Gt };
                        let better = fx.compare(op, v, b, span);
                        let better = fx.truth(better, span);
                        let tb = fx.in_block(|fx| fx.assign_var(&best, v, span));
                        let eb = fx.func.new_block();
                        fx.push_stmt(Stmt::If { cond: better, then_block: tb, else_block: eb });
                    });
                    fx.push_stmt(Stmt::If { cond: not_seen, then_block, else_block });
                    fx.assigned = assigned;
                    let t = fx.emit1(Op::Const(Const::Bool(true)), vec![], Type::Bool, span);
                    fx.assign_var(&acc, t, span);
                }
            }
        };
        match src {
            Source::Gens { gens, .. } => {
                self.comprehension_loops(gens, span, &mut |fx: &mut Self| elt_fn(fx, None));
                self.set_reserve_from_iter = None;
            }
            Source::Iter(arg) => {
                if let Some(it) = self.iterable(arg) {
                    self.iterate(it, span, &[], &mut |fx, e| elt_fn(fx, Some(e)));
                }
            }
        }
        self.cur = outer;
        self.assigned = assigned;
        self.reachable = true;
        self.assigned.insert(acc.clone());
        match sink {
            Sink::Min | Sink::Max => {
                let seen = self.read_var(&acc, span);
                let empty = self.emit1(Op::Unary(ir::UnaryOp::Not), vec![seen], Type::Bool, span);
                let name = if sink == Sink::Min { "min" } else { "max" };
                self.raise_when(empty, exc::VALUE_ERROR, &format!("{name}() arg is an empty sequence"), span);
                if !self.var_types.contains_key(&best) {
                    return self.poison();
                }
                self.assigned.insert(best.clone());
                self.read_var(&best, span)
            }
            _ => self.read_var(&acc, span),
        }
    }

    pub fn comprehension_expr(&mut self, e: &'a ast::Expr, span: Span) -> ir::Value {
        match e {
            ast::Expr::ListComp(c) => self.comprehension(Sink::List, Source::Gens { elt: &c.elt, value: None, gens: &c.generators }, span),
            ast::Expr::SetComp(c) => self.comprehension(Sink::Set, Source::Gens { elt: &c.elt, value: None, gens: &c.generators }, span),
            ast::Expr::DictComp(c) => {
                self.comprehension(Sink::Dict, Source::Gens { elt: &c.key, value: Some(&c.value), gens: &c.generators }, span)
            }
            _ => {
                let d = Diagnostic::error(span, "not supported yet: a generator expression (or `map`/`filter`) used as a value")
                    .with_label("kiln has no iterator objects")
                    .with_note("consume it where it is made: in a `for` loop or as the argument of list, set, sorted, sum, min, max, any or all; one stored in a variable that is read once, later in the same block, is moved to that read");
                self.diags.push(d);
                self.poison()
            }
        }
    }

    /// A new list of the elements of any iterable (or generator expression).
    pub fn collect_list(&mut self, arg: &'a ast::Expr, span: Span) -> ir::Value {
        self.collect_into(Sink::List, arg, span)
    }

    /// Fills a new container (or an accumulator) from any iterable, without a temporary.
    fn collect_into(&mut self, sink: Sink, arg: &'a ast::Expr, span: Span) -> ir::Value {
        if let ast::Expr::GeneratorExp(g) = arg {
            return self.comprehension(sink, Source::Gens { elt: &g.elt, value: None, gens: &g.generators }, span);
        }
        self.comprehension(sink, Source::Iter(arg), span)
    }

    // ----- builtins -----------------------------------------------------------

    pub fn call_container(&mut self, _id: optable::OpId, f: ContainerFn, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let name = match f {
            ContainerFn::List => "list",
            ContainerFn::Set => "set",
            ContainerFn::Dict => "dict",
            ContainerFn::Sorted => "sorted",
            ContainerFn::Sum => "sum",
            ContainerFn::Any => "any",
            ContainerFn::All => "all",
            ContainerFn::Enumerate => "enumerate",
            ContainerFn::Zip => "zip",
            ContainerFn::Reversed => "reversed",
            ContainerFn::Str => "str",
            ContainerFn::Repr => "repr",
            ContainerFn::Print => "print",
        };
        if c.args.iter().any(|a| matches!(a, ast::Expr::Starred(_))) {
            return self.error(span, "`*args` in calls is not supported");
        }
        match f {
            ContainerFn::List | ContainerFn::Set | ContainerFn::Dict => {
                if !c.keywords.is_empty() || c.args.len() > 1 {
                    return self.error(span, format!("`{name}()` takes at most one positional argument in kiln"));
                }
                let Some(arg) = c.args.first() else {
                    return match f {
                        ContainerFn::List => self.new_list(Type::Bottom, span),
                        ContainerFn::Set => self.new_set(Type::Bottom, span),
                        _ => self.new_dict(Type::Bottom, Type::Bottom, span),
                    };
                };
                match f {
                    ContainerFn::List => {
                        if !matches!(arg, ast::Expr::GeneratorExp(_)) {
                            // A copy of a list: one runtime call.
                            if let Some(v) = self.try_list_copy(arg, span) {
                                return v;
                            }
                        }
                        self.collect_into(Sink::List, arg, span)
                    }
                    ContainerFn::Set => self.collect_into(Sink::Set, arg, span),
                    _ => {
                        if matches!(self.peek_type(arg), Some(Type::Dict(_))) {
                            let v = self.value_expr(arg);
                            return self.obj_call1("kiln_dict_copy", vec![v], vec![ObjArg::Val(0)], ObjOut::Obj, self.ty(v), span);
                        }
                        self.collect_into(Sink::Dict, arg, span)
                    }
                }
            }
            ContainerFn::Sorted => {
                let mut reverse = None;
                for k in &c.keywords {
                    match k.arg.as_ref().map(|a| a.as_str()) {
                        Some("reverse") => reverse = Some(&k.value),
                        _ => return self.error(span_of_expr(&k.value), "sorted() supports only the `reverse` keyword in kiln"),
                    }
                }
                if c.args.len() != 1 {
                    return self.error(span, "sorted() takes exactly one positional argument");
                }
                let arg = &c.args[0];
                let l = match self.try_list_copy(arg, span) {
                    Some(l) => l,
                    None => self.collect_into(Sink::List, arg, span),
                };
                let rev = match reverse {
                    Some(r) => self.cond_expr(r),
                    None => self.emit1(Op::Const(Const::Bool(false)), vec![], Type::Bool, span),
                };
                if let Type::List(_) = self.ty(l) {
                    self.obj_call(
                        "kiln_list_sort",
                        vec![l, rev],
                        vec![ObjArg::Val(0), ObjArg::Val(1)],
                        ObjOut::Status,
                        Some(0),
                        vec![],
                        span,
                    );
                }
                l
            }
            ContainerFn::Sum | ContainerFn::Any | ContainerFn::All => {
                if !c.keywords.is_empty() || c.args.len() != 1 {
                    return self.error(span, format!("`{name}()` takes exactly one argument in kiln"));
                }
                let sink = match f {
                    ContainerFn::Sum => Sink::Sum,
                    ContainerFn::Any => Sink::Any,
                    _ => Sink::All,
                };
                self.collect_into(sink, &c.args[0], span)
            }
            ContainerFn::Enumerate | ContainerFn::Zip | ContainerFn::Reversed => {
                self.error(span, format!("`{name}()` is only supported as the iterable of a `for` loop or a comprehension for now"))
            }
            ContainerFn::Str | ContainerFn::Repr => {
                if !c.keywords.is_empty() || c.args.len() > 1 {
                    return self.error(span, format!("`{name}()` takes at most one argument"));
                }
                let Some(a) = c.args.first() else { return self.str_const("", span) };
                let v = self.value_expr(a);
                self.to_str(v, f == ContainerFn::Repr, span)
            }
            ContainerFn::Print => self.print_call(c, span),
        }
    }

    /// Min/max over one iterable argument (`min(xs)`, `max(x for ...)`).
    pub fn minmax_iterable(&mut self, is_min: bool, arg: &'a ast::Expr, span: Span) -> ir::Value {
        self.collect_into(if is_min { Sink::Min } else { Sink::Max }, arg, span)
    }

    /// `list(x)` / `sorted(x)` of a list or str as one runtime copy; `None` when `x` is not one.
    fn try_list_copy(&mut self, arg: &'a ast::Expr, span: Span) -> Option<ir::Value> {
        // Only plain names and calls whose value is certainly a list; anything
        // else is lowered by the general path (it would be evaluated twice here).
        let v = match arg {
            ast::Expr::Name(_) => {
                let t = self.peek_type(arg)?;
                if !matches!(t, Type::List(_)) {
                    return None;
                }
                self.value_expr(arg)
            }
            _ => return None,
        };
        Some(self.list_slice_full(v, span))
    }

    pub fn list_slice_full(&mut self, v: ir::Value, span: Span) -> ir::Value {
        let (z, one) = (self.const_int(0, span), self.const_int(1, span));
        self.obj_call1(
            "kiln_list_slice",
            vec![v, z, z, one],
            vec![ObjArg::Val(0), ObjArg::Val(1), ObjArg::Val(2), ObjArg::Val(3), ObjArg::Const(0), ObjArg::Const(0)],
            ObjOut::Obj,
            self.ty(v),
            span,
        )
    }

    /// The type of a name expression without lowering it (for choosing a lowering).
    fn peek_type(&self, e: &ast::Expr) -> Option<Type> {
        match e {
            ast::Expr::Name(n) => self.var_types.get(&self.name_key(n)).cloned(),
            _ => None,
        }
    }

    pub fn str_const(&mut self, s: &str, span: Span) -> ir::Value {
        self.emit1(Op::Const(Const::Str(s.to_string())), vec![], Type::Str, span)
    }

    /// `str(v)` or `repr(v)`.
    pub fn to_str(&mut self, v: ir::Value, repr: bool, span: Span) -> ir::Value {
        match self.ty(v) {
            Type::Str if !repr => v,
            Type::Int => self.obj_call1("kiln_format_int", vec![v], vec![ObjArg::Val(0), ObjArg::Null], ObjOut::Obj, Type::Str, span),
            Type::Float => self.obj_call1("kiln_repr_float", vec![v], vec![ObjArg::Val(0)], ObjOut::Obj, Type::Str, span),
            Type::Bottom => self.poison(),
            t => {
                let flag = i64::from(!repr);
                self.obj_call1(
                    "kiln_value_repr",
                    vec![v],
                    vec![ObjArg::Code(t.clone()), ObjArg::Words(0), ObjArg::Const(flag)],
                    ObjOut::Obj,
                    Type::Str,
                    span,
                )
            }
        }
    }

    fn print_call(&mut self, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let mut sep = None;
        let mut end = None;
        for k in &c.keywords {
            match k.arg.as_ref().map(|a| a.as_str()) {
                Some("sep") => sep = Some(self.value_expr(&k.value)),
                Some("end") => end = Some(self.value_expr(&k.value)),
                _ => return self.error(span_of_expr(&k.value), "print() supports only the `sep` and `end` keywords in kiln"),
            }
        }
        for s in sep.iter().chain(end.iter()) {
            if self.ty(*s) != Type::Str {
                return self.error(span, "print()'s sep and end must be strs in kiln");
            }
        }
        let mut text: Option<ir::Value> = None;
        for a in &c.args {
            let v = self.value_expr(a);
            let s = self.to_str(v, false, span);
            text = Some(match text {
                None => s,
                Some(t) => {
                    let sp = match sep {
                        Some(sp) => sp,
                        None => self.str_const(" ", span),
                    };
                    let t = self.str_concat(t, sp, span);
                    self.str_concat(t, s, span)
                }
            });
        }
        let text = match text {
            Some(t) => t,
            None => self.str_const("", span),
        };
        let (args, spec) = match end {
            Some(e) => (vec![text, e], vec![ObjArg::Val(0), ObjArg::Val(1)]),
            None => (vec![text], vec![ObjArg::Val(0), ObjArg::Null]),
        };
        self.obj_call("kiln_print", args, spec, ObjOut::Status, None, vec![], span);
        self.emit1(Op::Const(Const::None), vec![], Type::None, span)
    }

    /// `format(v, spec)` for one value (`spec` a str, or `None` for `str(v)`).
    pub fn format_value(&mut self, v: ir::Value, spec: Option<ir::Value>, span: Span) -> ir::Value {
        let Some(spec) = spec else { return self.to_str(v, false, span) };
        let entry = match self.ty(v) {
            Type::Int => "kiln_format_int",
            Type::Float => "kiln_format_float",
            Type::Str => "kiln_format_str",
            Type::Bottom => return self.poison(),
            t => return self.error(span, format!("format specs for values of type {t} are not supported yet")),
        };
        self.obj_call1(entry, vec![v, spec], vec![ObjArg::Val(0), ObjArg::Val(1)], ObjOut::Obj, Type::Str, span)
    }

    /// An f-string: its pieces formatted and concatenated.
    pub fn fstring(&mut self, j: &'a ast::ExprJoinedStr, span: Span) -> ir::Value {
        let mut acc: Option<ir::Value> = None;
        for part in &j.values {
            let piece = match part {
                ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) => self.str_const(s, span),
                ast::Expr::FormattedValue(f) => {
                    let v = self.value_expr(&f.value);
                    let v = match f.conversion {
                        ast::ConversionFlag::Repr => self.to_str(v, true, span),
                        ast::ConversionFlag::Str => self.to_str(v, false, span),
                        ast::ConversionFlag::None => v,
                        ast::ConversionFlag::Ascii => return self.error(span, "`!a` conversions are not supported yet"),
                    };
                    let spec = match &f.format_spec {
                        None => None,
                        Some(s) => match s.as_ref() {
                            ast::Expr::JoinedStr(js) => Some(self.fstring(js, span)),
                            other => Some(self.value_expr(other)),
                        },
                    };
                    self.format_value(v, spec, span)
                }
                other => self.value_expr(other),
            };
            acc = Some(match acc {
                None => piece,
                Some(a) => self.str_concat(a, piece, span),
            });
        }
        match acc {
            Some(a) => a,
            None => self.str_const("", span),
        }
    }

    /// `"literal".format(args)`: `{}`, `{n}` and `{:spec}` fields, `{{`/`}}`.
    pub fn str_format(&mut self, fmt: &str, args: &[ir::Value], span: Span) -> ir::Value {
        let mut pieces: Vec<ir::Value> = Vec::new();
        let mut lit = String::new();
        let mut next = 0usize;
        let chars: Vec<char> = fmt.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '{' && chars.get(i + 1) == Some(&'{') || c == '}' && chars.get(i + 1) == Some(&'}') {
                lit.push(c);
                i += 2;
                continue;
            }
            if c == '}' {
                return self.error(span, "Single '}' encountered in format string");
            }
            if c != '{' {
                lit.push(c);
                i += 1;
                continue;
            }
            let Some(close) = chars[i..].iter().position(|x| *x == '}') else {
                return self.error(span, "Single '{' encountered in format string");
            };
            let field: String = chars[i + 1..i + close].iter().collect();
            i += close + 1;
            let (name, spec) = match field.split_once(':') {
                Some((n, s)) => (n.to_string(), Some(s.to_string())),
                None => (field.clone(), None),
            };
            if name.contains('!') || name.contains('.') || name.contains('[') || spec.as_deref().is_some_and(|s| s.contains('{')) {
                return self.error(span, "this str.format field is not supported yet");
            }
            let idx = if name.is_empty() {
                next += 1;
                next - 1
            } else {
                match name.parse::<usize>() {
                    Ok(n) => n,
                    Err(_) => return self.error(span, "named str.format fields are not supported yet"),
                }
            };
            let Some(&v) = args.get(idx) else {
                return self.error(span, format!("Replacement index {idx} out of range for positional args tuple"));
            };
            if !lit.is_empty() {
                let l = self.str_const(&std::mem::take(&mut lit), span);
                pieces.push(l);
            }
            let spec = spec.map(|s| self.str_const(&s, span));
            let p = self.format_value(v, spec, span);
            pieces.push(p);
        }
        if !lit.is_empty() || pieces.is_empty() {
            let l = self.str_const(&lit, span);
            pieces.push(l);
        }
        let mut acc = pieces[0];
        for p in &pieces[1..] {
            acc = self.str_concat(acc, *p, span);
        }
        acc
    }

    pub fn str_concat(&mut self, a: ir::Value, b: ir::Value, span: Span) -> ir::Value {
        self.obj_call1("kiln_str_concat", vec![a, b], vec![ObjArg::Val(0), ObjArg::Val(1)], ObjOut::Obj, Type::Str, span)
    }
}

/// The names bound by an assignment target.
fn collect_names(t: &ast::Expr, out: &mut Vec<String>) {
    match t {
        ast::Expr::Name(n) => out.push(n.id.to_string()),
        ast::Expr::Tuple(tt) => tt.elts.iter().for_each(|e| collect_names(e, out)),
        ast::Expr::List(l) => l.elts.iter().for_each(|e| collect_names(e, out)),
        _ => {}
    }
}
