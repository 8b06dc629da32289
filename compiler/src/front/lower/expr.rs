//! Lowering of expressions: names, constants, attributes, subscripts,
//! operators, conditional and short-circuit expressions.

use rustpython_parser::ast;

use super::{FnCx, Operand};
use crate::diag::{Diagnostic, Span};
use crate::front::module::{span_of_expr, ConstValue, Global};
use crate::ir::{self, Const, IndexMode, Op, Stmt};
use crate::optable::{self, ArrayAttr, Lower};
use crate::types::{DType, Type};

impl<'l, 'a> FnCx<'l, 'a> {
    pub fn expr(&mut self, e: &'a ast::Expr) -> Operand {
        let span = span_of_expr(e);
        match e {
            ast::Expr::Constant(c) => Operand::Val(self.constant(&c.value, span)),
            ast::Expr::Name(n) => self.name(n.id.as_str(), span),
            ast::Expr::Attribute(a) => self.attribute(a, span),
            ast::Expr::BinOp(b) if b.op == ast::Operator::Add && (is_plain_display(&b.left) || is_plain_display(&b.right)) => {
                Operand::Val(self.concat_with_display(b, span))
            }
            ast::Expr::BinOp(b) if b.op == ast::Operator::Add && is_stepless_slice(&b.left) && calls_nothing(&b.right) => {
                Operand::Val(self.concat_with_slice(b, span))
            }
            ast::Expr::BinOp(b) => {
                let l = self.value_expr(&b.left);
                let r = self.value_expr(&b.right);
                Operand::Val(self.binary(b.op, l, r, span))
            }
            ast::Expr::UnaryOp(u) => {
                let v = self.value_expr(&u.operand);
                Operand::Val(self.unary(u.op, v, span))
            }
            ast::Expr::Compare(c) => Operand::Val(self.compare_chain(c, span)),
            ast::Expr::BoolOp(b) => Operand::Val(self.bool_op(b, false, span)),
            ast::Expr::IfExp(i) => Operand::Val(self.if_exp(i, span)),
            ast::Expr::Call(c) => self.call(c, span),
            ast::Expr::Subscript(s) => Operand::Val(self.subscript(s, span)),
            ast::Expr::Tuple(t) => {
                let vals: Vec<ir::Value> = t.elts.iter().map(|x| self.value_expr(x)).collect();
                Operand::Val(self.make_tuple(vals, span))
            }
            ast::Expr::List(l) => Operand::Val(self.list_display(&l.elts, span)),
            ast::Expr::JoinedStr(j) => Operand::Val(self.fstring(j, span)),
            ast::Expr::Set(s) => Operand::Val(self.set_display(&s.elts, span)),
            ast::Expr::Dict(d) => Operand::Val(self.dict_display(d, span)),
            ast::Expr::ListComp(_) | ast::Expr::SetComp(_) | ast::Expr::DictComp(_) | ast::Expr::GeneratorExp(_) => {
                Operand::Val(self.comprehension_expr(e, span))
            }
            ast::Expr::Lambda(l) => self.lambda_operand(l),
            other => Operand::Val(self.unsupported_expr(other, span)),
        }
    }

    fn unsupported_expr(&mut self, e: &ast::Expr, span: Span) -> ir::Value {
        let what = match e {
            ast::Expr::List(_) => "list displays are",
            ast::Expr::Dict(_) => "dict displays are",
            ast::Expr::Set(_) => "set displays are",
            ast::Expr::ListComp(_) => "list comprehensions are",
            ast::Expr::SetComp(_) => "set comprehensions are",
            ast::Expr::DictComp(_) => "dict comprehensions are",
            ast::Expr::JoinedStr(_) | ast::Expr::FormattedValue(_) => "f-strings are",
            ast::Expr::NamedExpr(_) => "assignment expressions (`:=`) are",
            ast::Expr::Yield(_) | ast::Expr::YieldFrom(_) => "`yield` as an expression (or in `try`, `with` or a loop's `else`) is",
            ast::Expr::Await(_) => "`await` is",
            ast::Expr::Starred(_) => "starred expressions are",
            ast::Expr::Slice(_) => "slices are",
            _ => "this expression is",
        };
        self.error(span, format!("{what} not supported yet"))
    }

    fn constant(&mut self, c: &ast::Constant, span: Span) -> ir::Value {
        match c {
            ast::Constant::Int(i) => match i64::try_from(i) {
                Ok(v) => self.const_int(v, span),
                Err(_) => self.error(span, "integer literal does not fit in 64 bits"),
            },
            ast::Constant::Float(f) => self.emit1(Op::Const(Const::Float(*f)), vec![], Type::Float, span),
            ast::Constant::Bool(b) => self.emit1(Op::Const(Const::Bool(*b)), vec![], Type::Bool, span),
            ast::Constant::None => self.emit1(Op::Const(Const::None), vec![], Type::None, span),
            ast::Constant::Str(s) => self.emit1(Op::Const(Const::Str(s.clone())), vec![], Type::Str, span),
            ast::Constant::Complex { real, imag } => self.complex_const(*real, *imag, span),
            ast::Constant::Bytes(_) => self.error(span, "bytes are not supported"),
            ast::Constant::Ellipsis => self.error(span, "`...` is not supported here"),
            ast::Constant::Tuple(_) => self.error(span, "unsupported constant"),
        }
    }

    fn name(&mut self, name: &str, span: Span) -> Operand {
        if let Some(hidden) = self.renames.get(name).cloned() {
            return Operand::Val(self.read_var(&hidden, span));
        }
        if self.exception_names.contains(name) {
            return Operand::Val(self.error(span, format!("using the exception object `{name}` is not supported yet")));
        }
        if let Some(i) = self.nested_function(name) {
            return Operand::Func(i);
        }
        if self.locals.contains(name) {
            let key = self.var_key(name, span.start);
            if let Some(&i) = self.inline_names.get(&key) {
                return Operand::Inline(i);
            }
            if let Some(&f) = self.fn_values.get(&key).or_else(|| self.fn_values.get(name)) {
                return self.fn_operand(f);
            }
            return Operand::Val(self.read_var(&key, span));
        }
        match self.lw.info.globals.get(name) {
            Some(Global::Func(i)) => Operand::Func(*i),
            Some(Global::Module(m)) => Operand::Module(m.clone()),
            Some(Global::Qualified(q)) => self.qualified(q.clone()),
            Some(Global::Const(c)) => {
                let c: ConstValue = c.clone();
                Operand::Val(self.const_value(&c, span))
            }
            Some(Global::Unsupported(def_span, why)) => {
                let d = Diagnostic::error(span, format!("global `{name}` cannot be used in compiled code"))
                    .with_secondary(*def_span, "defined here")
                    .with_note(why.clone());
                self.diags.push(d);
                Operand::Val(self.poison())
            }
            None => {
                if let Some(id) = optable::lookup(&format!("builtins.{name}")) {
                    return Operand::Op(id);
                }
                Operand::Unknown(name.to_string())
            }
        }
    }

    /// A dotted name from a known module.
    fn qualified(&mut self, q: String) -> Operand {
        if let Some(m) = crate::front::module::KnownModule::from_path(&q) {
            return Operand::Module(m);
        }
        if let Some(id) = optable::lookup(&q) {
            return Operand::Op(id);
        }
        if let Some(d) = q.strip_prefix("numpy.").and_then(DType::from_name) {
            return Operand::DType(d);
        }
        Operand::Unknown(q)
    }

    pub fn unknown_name_error(&mut self, name: &str, span: Span) -> ir::Value {
        let mut d = if let Some((module, attr)) = name.rsplit_once('.') {
            let prefix = format!("{module}.");
            let mut d = Diagnostic::error(span, format!("`{name}` is not supported"));
            if let Some(s) = crate::front::suggest::closest(attr, optable::names_in(&prefix)) {
                d = d.with_note(format!("did you mean `{module}.{s}`?"));
            }
            d
        } else if let Some(why) = unsupported_builtin(name) {
            let d = Diagnostic::error(span, format!("the builtin `{name}` is not supported"));
            self.diags.push(d.with_label("outside kiln's subset").with_note(why));
            return self.poison();
        } else {
            let mut d = Diagnostic::error(span, format!("name `{name}` is not defined"));
            let candidates =
                self.locals.iter().map(String::as_str).chain(self.lw.info.globals.keys().map(String::as_str)).collect::<Vec<_>>();
            if let Some(s) = crate::front::suggest::closest(name, candidates.into_iter()) {
                d = d.with_note(format!("did you mean `{s}`?"));
            }
            d
        };
        d = d.with_label("unknown name");
        self.diags.push(d);
        self.poison()
    }

    fn attribute(&mut self, a: &'a ast::ExprAttribute, span: Span) -> Operand {
        let base = self.expr(&a.value);
        let attr = a.attr.as_str();
        match base {
            Operand::Module(m) => self.qualified(format!("{}.{attr}", m.table_prefix())),
            Operand::Val(v) if self.ty(v).is_object() => {
                // The settle path of the receiver: a variable `x`, or an element of one
                // (`x[k]`, `x.setdefault(k, ...)`, `x.get(k, ...)`), written `x[]`.
                let local = |fx: &Self, n: &ast::ExprName| fx.name_key(n);
                let var = match a.value.as_ref() {
                    ast::Expr::Name(n) => Some(local(self, n)),
                    ast::Expr::Subscript(s) => match s.value.as_ref() {
                        ast::Expr::Name(n) => Some(format!("{}[]", local(self, n))),
                        _ => None,
                    },
                    ast::Expr::Call(c) => match c.func.as_ref() {
                        ast::Expr::Attribute(m) if matches!(m.attr.as_str(), "setdefault" | "get") => match m.value.as_ref() {
                            ast::Expr::Name(n) => Some(format!("{}[]", local(self, n))),
                            _ => None,
                        },
                        _ => None,
                    },
                    _ => None,
                };
                Operand::ObjMethod(v, attr.to_string(), var)
            }
            Operand::Val(v) if attr == "conjugate" && self.ty(v).is_python_scalar() => match optable::lookup("complex.conjugate") {
                Some(id) => Operand::Method(v, id),
                None => Operand::Val(self.poison()),
            },
            Operand::Val(v)
                if matches!(attr, "conj" | "conjugate") && (self.ty(v).as_array().is_some() || matches!(self.ty(v), Type::Scalar(_))) =>
            {
                // `a.conj()`: the ufunc `np.conjugate`.
                match optable::lookup("numpy.conjugate") {
                    Some(id) => Operand::Method(v, id),
                    None => Operand::Val(self.poison()),
                }
            }
            Operand::Val(v) => {
                if let (Type::Array(_), Some(id)) = (self.ty(v), optable::lookup(&format!("ndarray.{attr}"))) {
                    if matches!(optable::get(id).lower, Lower::Numpy(_)) {
                        return Operand::Method(v, id);
                    }
                }
                Operand::Val(self.value_attribute(v, attr, span))
            }
            Operand::Unknown(n) => Operand::Unknown(format!("{n}.{attr}")),
            other => {
                let v = self.to_value(other, span);
                Operand::Val(self.value_attribute(v, attr, span))
            }
        }
    }

    fn value_attribute(&mut self, v: ir::Value, attr: &str, span: Span) -> ir::Value {
        let ty = self.ty(v);
        match &ty {
            Type::Array(_) | Type::Scalar(_) if matches!(attr, "real" | "imag") => {
                // NumPy's `.real`/`.imag` are views of an array; kiln computes
                // a copy (writes through them are rejected in `stmt.rs`).
                let name = if attr == "real" { "numpy.real" } else { "numpy.imag" };
                match optable::lookup(name) {
                    Some(id) => self.elementwise(ir::ElemFn::Builtin(id), vec![v], span),
                    None => self.poison(),
                }
            }
            Type::Array(_) | Type::Scalar(_) if attr == "dtype" => {
                let d = ty.scalar_dtype().or(ty.as_array().map(|a| a.dtype)).expect("numeric");
                self.dtype_value(d, span)
            }
            Type::DTypeObj(d) => self.dtype_attribute(*d, attr, span),
            // NumPy's flat iterator, read as the elements in C order (a view
            // when the layout allows, else a copy; writes through it are
            // rejected in `stmt.rs`).
            Type::Array(at) if attr == "flat" => self.flatten_view(v, *at, span),
            Type::Array(at) => {
                let Some(id) = optable::lookup(&format!("ndarray.{attr}")) else {
                    return self.error(span, format!("array attribute `.{attr}` is not supported yet"));
                };
                match optable::get(id).lower {
                    Lower::Attr(ArrayAttr::Shape) => {
                        let dims: Vec<ir::Value> = (0..at.ndim).map(|d| self.emit1(Op::ArrayDim(d), vec![v], Type::Int, span)).collect();
                        self.make_tuple(dims, span)
                    }
                    Lower::Attr(ArrayAttr::Ndim) => self.const_int(at.ndim as i64, span),
                    Lower::Attr(ArrayAttr::T) => self.transpose(v, *at, span),
                    Lower::Attr(ArrayAttr::Itemsize) => self.const_int(at.dtype.itemsize() as i64, span),
                    Lower::Attr(ArrayAttr::Nbytes) => {
                        let mut size = self.const_int(at.dtype.itemsize() as i64, span);
                        for d in 0..at.ndim {
                            let n = self.emit1(Op::ArrayDim(d), vec![v], Type::Int, span);
                            size = self.emit1(Op::Binary(ir::BinaryOp::Mul), vec![size, n], Type::Int, span);
                        }
                        size
                    }
                    Lower::Attr(ArrayAttr::Strides) => {
                        let s: Vec<ir::Value> = (0..at.ndim).map(|d| self.emit1(Op::ArrayStride(d), vec![v], Type::Int, span)).collect();
                        self.make_tuple(s, span)
                    }
                    Lower::Attr(ArrayAttr::Size) => {
                        let mut size = self.const_int(1, span);
                        for d in 0..at.ndim {
                            let n = self.emit1(Op::ArrayDim(d), vec![v], Type::Int, span);
                            size = self.emit1(Op::Binary(ir::BinaryOp::Mul), vec![size, n], Type::Int, span);
                        }
                        size
                    }
                    _ => self.error(span, format!("array attribute `.{attr}` is not supported yet")),
                }
            }
            Type::Bottom => self.poison(),
            t if t.is_python_scalar() && matches!(attr, "real" | "imag") => {
                self.number_attribute(v, attr, span).unwrap_or_else(|| self.poison())
            }
            other => self.error(span, format!("values of type {other} have no attribute `.{attr}` in kiln")),
        }
    }

    fn subscript(&mut self, s: &'a ast::ExprSubscript, span: Span) -> ir::Value {
        let base = self.value_expr(&s.value);
        self.subscript_of(base, &s.slice, span)
    }

    /// `base[slice]` for an already evaluated `base` (also `operator.getitem`
    /// and `operator.itemgetter(i)(base)`).
    pub fn subscript_of(&mut self, base: ir::Value, slice: &'a ast::Expr, span: Span) -> ir::Value {
        match self.ty(base) {
            Type::Array(_) => self.array_subscript(base, slice, span),
            Type::Tuple(items) => {
                let Some(i) = self.const_index(slice) else {
                    return self.error(span_of_expr(slice), "tuples can only be indexed by integer constants");
                };
                let n = items.len() as i64;
                let j = if i < 0 { i + n } else { i };
                if !(0..n).contains(&j) {
                    return self.error(span, "tuple index out of range");
                }
                self.tuple_get(base, j as usize, span)
            }
            Type::List(_) | Type::Str | Type::Dict(_) => self.object_subscript(base, slice, span),
            Type::Bottom => self.poison(),
            other => self.error(span, format!("values of type {other} cannot be indexed in kiln yet")),
        }
    }

    fn const_index(&self, e: &ast::Expr) -> Option<i64> {
        match e {
            ast::Expr::Constant(c) => match &c.value {
                ast::Constant::Int(i) => i64::try_from(i).ok(),
                _ => None,
            },
            ast::Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => self.const_index(&u.operand).map(|v| -v),
            _ => None,
        }
    }

    /// The integer indices of an element access `base[i, j, ...]`, one per
    /// dimension. Slices and partial indexing are not element accesses.
    pub fn element_indices(&mut self, base: ir::Value, slice: &'a ast::Expr) -> Option<Vec<ir::Value>> {
        let at = self.ty(base).as_array()?;
        let parts: Vec<&'a ast::Expr> = match slice {
            ast::Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        if parts.iter().any(|p| matches!(p, ast::Expr::Slice(_))) || parts.len() != at.ndim as usize {
            let span = span_of_expr(slice);
            self.diags.push(
                Diagnostic::error(span, "array slicing and partial indexing are not supported yet")
                    .with_note(format!("index this {}-d array with {} integers", at.ndim, at.ndim)),
            );
            return None;
        }
        let mut out = Vec::new();
        for p in parts {
            let v = self.value_expr(p);
            out.push(self.as_index_int(v, span_of_expr(p), "array index"));
        }
        Some(out)
    }

    /// Converts an integer-like value to `int` for use as an index.
    pub fn as_index_int(&mut self, v: ir::Value, span: Span, what: &str) -> ir::Value {
        match self.ty(v) {
            Type::Int | Type::Bottom => v,
            t if t.is_int_like() => self.emit1(Op::Convert, vec![v], Type::Int, span),
            t => self.error(span, format!("{what} must be an integer, not {t}")),
        }
    }

    pub fn array_get(&mut self, base: ir::Value, indices: &[ir::Value], span: Span) -> ir::Value {
        let Some(at) = self.ty(base).as_array() else { return self.poison() };
        let mut args = vec![base];
        args.extend_from_slice(indices);
        self.emit1(Op::ArrayGet(vec![IndexMode::Checked; indices.len()]), args, Type::Scalar(at.dtype), span)
    }

    /// `a < b < c` is `a < b and b < c`, with `b` evaluated once and `c` only
    /// when `a < b` holds.
    fn compare_chain(&mut self, c: &'a ast::ExprCompare, span: Span) -> ir::Value {
        if let Some(v) = self.dtype_compare(c, span) {
            return v;
        }
        let mut left = self.value_expr(&c.left);
        if c.ops.len() == 1 {
            let right = self.value_expr(&c.comparators[0]);
            return self.compare(c.ops[0], left, right, span);
        }
        let result = self.temp_slot("$cmp", Type::Bool);
        let f = self.emit1(Op::Const(Const::Bool(false)), vec![], Type::Bool, span);
        self.emit(Op::Store(result), vec![f], vec![], span);
        // Nested ifs: each comparison runs only when all previous ones held.
        let outer = self.cur;
        for (i, (op, comp)) in c.ops.iter().zip(&c.comparators).enumerate() {
            let right = self.value_expr(comp);
            let r = self.compare(*op, left, right, span);
            let t = self.truth(r, span);
            if i + 1 == c.ops.len() {
                self.emit(Op::Store(result), vec![t], vec![], span);
            } else {
                let then_block = self.func.new_block();
                let else_block = self.func.new_block();
                self.push_stmt(Stmt::If { cond: t, then_block, else_block });
                self.cur = then_block;
            }
            left = right;
        }
        self.cur = outer;
        self.emit1(Op::Load(result), vec![], Type::Bool, span)
    }

    /// A fresh hidden slot for expression lowering.
    pub fn temp_slot(&mut self, prefix: &str, ty: Type) -> ir::Slot {
        let n = self.func.slots.len();
        self.func.add_slot(format!("{prefix}{n}"), ty)
    }

    /// `a and b` / `a or b`, returning an operand (not just its truth), with
    /// the right side evaluated only when needed. The result lives in a hidden
    /// variable, so the pass fixpoint settles its type like any other variable's.
    ///
    /// With `as_truth` (a condition), only the operands' truth values are
    /// kept, so operands of different types (`xs and xs[-1] < 3`) mix.
    pub fn bool_op(&mut self, b: &'a ast::ExprBoolOp, as_truth: bool, span: Span) -> ir::Value {
        let name = format!("${}{}{}_{}", bool_op_name(b.op), if as_truth { "t" } else { "" }, span.start, span.end);
        let first = if as_truth { self.cond_expr(&b.values[0]) } else { self.value_expr(&b.values[0]) };
        self.assign_var(&name, first, span);
        let outer = self.cur;
        let assigned = self.assigned.clone();
        for operand in &b.values[1..] {
            let cur = self.read_var(&name, span);
            let t = self.truth(cur, span);
            let cond = match b.op {
                ast::BoolOp::And => t,
                ast::BoolOp::Or => self.emit1(Op::Unary(ir::UnaryOp::Not), vec![t], Type::Bool, span),
            };
            let then_block = self.func.new_block();
            let else_block = self.func.new_block();
            self.push_stmt(Stmt::If { cond, then_block, else_block });
            self.cur = then_block;
            let rv = if as_truth { self.cond_expr(operand) } else { self.value_expr(operand) };
            self.assign_var(&name, rv, span);
        }
        self.cur = outer;
        self.assigned = assigned;
        self.read_var(&name, span)
    }

    fn if_exp(&mut self, i: &'a ast::ExprIfExp, span: Span) -> ir::Value {
        let name = format!("$ifexp{}_{}", span.start, span.end);
        let cond = self.cond_expr(&i.test);
        let assigned = self.assigned.clone();
        let then_block = self.in_block(|fx| {
            let v = fx.value_expr(&i.body);
            fx.assign_var(&name, v, span);
        });
        let else_block = self.in_block(|fx| {
            let v = fx.value_expr(&i.orelse);
            fx.assign_var(&name, v, span);
        });
        self.assigned = assigned;
        self.assigned.insert(name.clone());
        self.push_stmt(Stmt::If { cond, then_block, else_block });
        self.read_var(&name, span)
    }
}

fn bool_op_name(op: ast::BoolOp) -> &'static str {
    match op {
        ast::BoolOp::And => "and",
        ast::BoolOp::Or => "or",
    }
}

/// Why a Python builtin that kiln does not compile is left out, or `None`
/// when `name` is not a Python builtin (then it is simply undefined).
/// Supported builtins never get here: they are resolved before.
fn unsupported_builtin(name: &str) -> Option<&'static str> {
    const DYNAMIC: &[&str] = &["eval", "exec", "compile", "globals", "locals", "vars", "__import__"];
    const OBJECTS: &[&str] = &[
        "getattr",
        "setattr",
        "delattr",
        "hasattr",
        "type",
        "object",
        "super",
        "property",
        "classmethod",
        "staticmethod",
        "id",
        "hash",
        "callable",
        "issubclass",
        "memoryview",
        "dir",
        "help",
    ];
    const IO: &[&str] = &["open", "input", "breakpoint"];
    const OTHER: &[&str] = &[
        "divmod",
        "pow",
        "round",
        "hex",
        "oct",
        "bin",
        "chr",
        "ord",
        "ascii",
        "repr",
        "format",
        "iter",
        "next",
        "aiter",
        "anext",
        "frozenset",
        "bytes",
        "bytearray",
        "complex",
        "slice",
        "filter",
        "map",
        "reversed",
        "sorted",
        "all",
        "any",
        "sum",
        "min",
        "max",
        "abs",
        "len",
        "range",
        "enumerate",
        "zip",
        "isinstance",
        "list",
        "dict",
        "set",
        "tuple",
        "str",
        "int",
        "float",
        "bool",
        "print",
    ];
    if DYNAMIC.contains(&name) {
        Some("kiln compiles the module ahead of time, so code built at run time cannot be compiled; write the computation out")
    } else if OBJECTS.contains(&name) {
        Some("kiln compiles numbers, arrays and containers, not Python objects and their attributes")
    } else if IO.contains(&name) {
        Some("compiled functions do no I/O other than `print`; do it in the Python caller")
    } else if OTHER.contains(&name) {
        Some("this builtin (or this use of it) is not in kiln's subset yet; see docs/LANGUAGE.md for the supported builtins")
    } else {
        None
    }
}

/// A subscript by a slice without a step (`x[a:b]`), which cannot raise.
fn is_stepless_slice(e: &ast::Expr) -> bool {
    matches!(e, ast::Expr::Subscript(s) if matches!(s.slice.as_ref(), ast::Expr::Slice(sl) if sl.step.is_none()))
}

/// Whether evaluating `e` runs no user code (no calls, lambdas or
/// comprehensions), so it cannot modify a list that was read before it.
fn calls_nothing(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::Name(_) | ast::Expr::Constant(_) => true,
        ast::Expr::Attribute(a) => calls_nothing(&a.value),
        ast::Expr::Subscript(s) => calls_nothing(&s.value) && calls_nothing(&s.slice),
        ast::Expr::Slice(s) => [&s.lower, &s.upper, &s.step].into_iter().flatten().all(|x| calls_nothing(x)),
        ast::Expr::BinOp(b) => calls_nothing(&b.left) && calls_nothing(&b.right),
        ast::Expr::UnaryOp(u) => calls_nothing(&u.operand),
        ast::Expr::Tuple(t) => t.elts.iter().all(calls_nothing),
        ast::Expr::List(l) => l.elts.iter().all(calls_nothing),
        _ => false,
    }
}

/// A list display without starred items (`[a, b]`).
fn is_plain_display(e: &ast::Expr) -> bool {
    matches!(e, ast::Expr::List(l) if !l.elts.iter().any(|x| matches!(x, ast::Expr::Starred(_))))
}
