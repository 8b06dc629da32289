//! Lowering of Python builtins and standard-library functions beyond the
//! basics: `round(x, ndigits)`, `pow(base, exp, mod)`, the `operator`
//! module, `functools.reduce` and the `random` module.
//!
//! - `round`/`pow` with their extra argument call `runtime/src/pynum.rs`,
//!   which reproduces CPython's results and exceptions;
//! - `operator.add(a, b)` and friends are the operators they name, so they
//!   follow every rule of `+`, `<`, `a[i]`...; `operator.itemgetter(i)` is
//!   only callable applied at once (`itemgetter(i)(x)` is `x[i]`), which is
//!   how `map`, `key=` and `reduce` use it after `front/desugar.rs`;
//! - `functools.reduce(f, xs[, init])` is a loop over `xs` that evaluates
//!   the call `f($acc, $x)` which `front/desugar.rs` attached to the call as
//!   the hidden keyword `$call`: its two names are bound to the accumulator
//!   and the element through `renames`, so `f` may be anything callable (a
//!   module function, a lambda, a nested function, an `operator` function,
//!   a builtin);
//! - `random.*` call `runtime/src/pyrandom.rs` (CPython's stream, kiln's
//!   own state); their calls are `ArrayCall`/`ObjCall`s on `kiln_random_*`
//!   entries, which the effects analysis marks as advancing the random state.
//!
//! Invariant: the argument checks mirror CPython's `TypeError`s as
//! compile-time diagnostics; value errors (`ValueError`, `ZeroDivisionError`,
//! the empty `reduce`) are raised at run time with CPython's messages.

use rustpython_parser::ast;

use super::FnCx;
use crate::abi::exc;
use crate::diag::Span;
use crate::front::module::span_of_expr;
use crate::ir::{self, BinaryOp, CallArg, CallOut, CmpOp, Const, ObjArg, ObjOut, Op, Stmt, UnaryOp};
use crate::optable::{self, Lower, OpId, OperatorFn, PyRandomFn};
use crate::types::Type;

/// The keyword `front/desugar.rs` adds to `functools.reduce` calls: the
/// call `f($accN, $xN)`, whose two hidden names stand for the accumulator and
/// the element.
pub const REDUCE_CALL: &str = "$call";

impl<'l, 'a> FnCx<'l, 'a> {
    /// `round(x, ndigits)` (also `round(x, None)` and `ndigits=`).
    pub(super) fn round_ndigits(&mut self, id: OpId, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let mut args: Vec<&'a ast::Expr> = c.args.iter().collect();
        for k in &c.keywords {
            match k.arg.as_ref().map(|a| a.as_str()) {
                Some("ndigits") if args.len() == 1 => args.push(&k.value),
                Some("number") if args.is_empty() => args.insert(0, &k.value),
                _ => return self.error(span_of_expr(&k.value), "round() takes `number` and `ndigits` arguments"),
            }
        }
        if args.len() != 2 {
            return self.error(span, format!("round() takes at most 2 arguments ({} given)", args.len()));
        }
        let x = self.value_expr(args[0]);
        let n = self.value_expr(args[1]);
        let (xt, nt) = (self.ty(x), self.ty(n));
        if xt == Type::Bottom || nt == Type::Bottom {
            return self.poison();
        }
        if nt == Type::None {
            // `round(x, None)` is `round(x)`.
            return match xt {
                Type::Int => x,
                Type::Bool => self.emit1(Op::Convert, vec![x], Type::Int, span),
                Type::Float => self.emit1(Op::Builtin(id), vec![x], Type::Int, span),
                t => self.error(span, format!("round() of {t} is not supported yet")),
            };
        }
        if !matches!(nt, Type::Int | Type::Bool) {
            return self.error(span_of_expr(args[1]), format!("'{nt}' object cannot be interpreted as an integer"));
        }
        let n = self.as_index_int(n, span, "ndigits");
        match xt {
            Type::Int | Type::Bool => {
                let x = self.as_index_int(x, span, "round()");
                self.emit1(
                    Op::ObjCall { entry: "kiln_int_round", args: vec![ObjArg::Val(0), ObjArg::Val(1)], out: ObjOut::Int, writes: None },
                    vec![x, n],
                    Type::Int,
                    span,
                )
            }
            Type::Float => self.emit1(
                Op::ObjCall { entry: "kiln_float_round", args: vec![ObjArg::Val(0), ObjArg::Val(1)], out: ObjOut::Words, writes: None },
                vec![x, n],
                Type::Float,
                span,
            ),
            Type::Scalar(_) => {
                self.error(span, "not supported yet: `round()` of a NumPy scalar; use `np.round`, or convert with `float()` first")
            }
            t => self.error(span, format!("type {t} doesn't define __round__ method")),
        }
    }

    /// `pow(base, exp, mod)` for ints.
    pub(super) fn pow_mod(&mut self, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let mut args: Vec<&'a ast::Expr> = c.args.iter().collect();
        for k in &c.keywords {
            let want = match k.arg.as_ref().map(|a| a.as_str()) {
                Some("base") => 0,
                Some("exp") => 1,
                Some("mod") => 2,
                _ => return self.error(span_of_expr(&k.value), "pow() takes `base`, `exp` and `mod` arguments"),
            };
            if args.len() != want {
                return self.error(span_of_expr(&k.value), "pow() arguments must be given in order");
            }
            args.push(&k.value);
        }
        let vals: Vec<ir::Value> = args.iter().map(|a| self.value_expr(a)).collect();
        if vals.len() == 2 {
            return self.binary(ast::Operator::Pow, vals[0], vals[1], span);
        }
        if vals.len() != 3 {
            return self.error(span, format!("pow() takes at most 3 arguments ({} given)", vals.len()));
        }
        let types: Vec<Type> = vals.iter().map(|v| self.ty(*v)).collect();
        if types.contains(&Type::Bottom) {
            return self.poison();
        }
        if types[2] == Type::None {
            return self.binary(ast::Operator::Pow, vals[0], vals[1], span);
        }
        if !types.iter().all(|t| matches!(t, Type::Int | Type::Bool)) {
            return self.error(span, "pow() 3rd argument not allowed unless all arguments are integers");
        }
        let vals: Vec<ir::Value> = vals.into_iter().map(|v| self.as_index_int(v, span, "pow()")).collect();
        self.emit1(
            Op::ObjCall {
                entry: "kiln_int_powmod",
                args: vec![ObjArg::Val(0), ObjArg::Val(1), ObjArg::Val(2)],
                out: ObjOut::IntOut,
                writes: None,
            },
            vals,
            Type::Int,
            span,
        )
    }

    /// `operator.add(a, b)`, `operator.neg(a)`, `operator.getitem(a, i)`...
    pub(super) fn call_operator(&mut self, id: OpId, f: OperatorFn, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let name = optable::get(id).name;
        match f {
            OperatorFn::ItemGetter => {
                self.error(span, "`operator.itemgetter(i)` is supported only applied at once (`itemgetter(i)(x)`), or as the function of map, key= or reduce")
            }
            OperatorFn::GetItem => {
                if c.args.len() != 2 || !c.keywords.is_empty() {
                    return self.error(span, format!("`{name}` takes exactly 2 positional arguments"));
                }
                let base = self.value_expr(&c.args[0]);
                self.subscript_of(base, &c.args[1], span)
            }
            OperatorFn::Unary(op) => {
                let Some(args) = self.positional(c, name, 1, 1, span) else { return self.poison() };
                let op = match op {
                    UnaryOp::Neg => ast::UnaryOp::USub,
                    UnaryOp::Pos => ast::UnaryOp::UAdd,
                    UnaryOp::Not => ast::UnaryOp::Not,
                    UnaryOp::Invert => ast::UnaryOp::Invert,
                };
                self.unary(op, args[0], span)
            }
            OperatorFn::Binary(op) => {
                let Some(args) = self.positional(c, name, 2, 2, span) else { return self.poison() };
                let op = match op {
                    BinaryOp::Add => ast::Operator::Add,
                    BinaryOp::Sub => ast::Operator::Sub,
                    BinaryOp::Mul => ast::Operator::Mult,
                    BinaryOp::Div => ast::Operator::Div,
                    BinaryOp::FloorDiv => ast::Operator::FloorDiv,
                    BinaryOp::Mod => ast::Operator::Mod,
                    BinaryOp::Pow => ast::Operator::Pow,
                    BinaryOp::BitAnd => ast::Operator::BitAnd,
                    BinaryOp::BitOr => ast::Operator::BitOr,
                    BinaryOp::BitXor => ast::Operator::BitXor,
                    BinaryOp::Shl => ast::Operator::LShift,
                    BinaryOp::Shr => ast::Operator::RShift,
                };
                self.binary(op, args[0], args[1], span)
            }
            OperatorFn::Compare(op) => {
                let Some(args) = self.positional(c, name, 2, 2, span) else { return self.poison() };
                let op = match op {
                    CmpOp::Lt => ast::CmpOp::Lt,
                    CmpOp::Le => ast::CmpOp::LtE,
                    CmpOp::Gt => ast::CmpOp::Gt,
                    CmpOp::Ge => ast::CmpOp::GtE,
                    CmpOp::Eq => ast::CmpOp::Eq,
                    CmpOp::Ne => ast::CmpOp::NotEq,
                };
                self.compare(op, args[0], args[1], span)
            }
        }
    }

    /// `operator.itemgetter(i)(x)`, which is `x[i]`; `None` when `c` is not
    /// such a call. Only a plain (dotted) name is looked at as the callee of
    /// the inner call, so nothing is evaluated twice.
    pub(super) fn call_of_itemgetter(&mut self, c: &'a ast::ExprCall, span: Span) -> Option<ir::Value> {
        let ast::Expr::Call(inner) = c.func.as_ref() else { return None };
        let plain = match inner.func.as_ref() {
            ast::Expr::Name(_) => true,
            ast::Expr::Attribute(a) => matches!(a.value.as_ref(), ast::Expr::Name(_)),
            _ => false,
        };
        if !plain {
            return None;
        }
        let super::Operand::Op(id) = self.expr(&inner.func) else { return None };
        if optable::get(id).lower != Lower::Operator(OperatorFn::ItemGetter) {
            return None;
        }
        if inner.args.len() != 1 || !inner.keywords.is_empty() {
            return Some(self.error(span, "kiln supports `operator.itemgetter` with exactly one item"));
        }
        if c.args.len() != 1 || !c.keywords.is_empty() {
            return Some(self.error(span, "an itemgetter takes exactly one argument"));
        }
        let base = self.value_expr(&c.args[0]);
        Some(self.subscript_of(base, &inner.args[0], span))
    }

    /// `functools.reduce(f, iterable[, initial])`.
    pub(super) fn functools_reduce(&mut self, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let mut call = None;
        for k in &c.keywords {
            match k.arg.as_ref().map(|a| a.as_str()) {
                Some(REDUCE_CALL) => call = Some(&k.value),
                _ => return self.error(span_of_expr(&k.value), "reduce() takes no keyword arguments"),
            }
        }
        if !(2..=3).contains(&c.args.len()) {
            return self.error(span, format!("reduce expected 2 or 3 arguments, got {}", c.args.len()));
        }
        let Some(call_expr @ ast::Expr::Call(call)) = call else {
            // Not rewritten by desugaring: the name is not `functools.reduce` syntactically.
            return self.error(
                span,
                "`reduce` is supported when called as `functools.reduce(...)` or imported with `from functools import reduce`",
            );
        };
        let (Some(acc_name), Some(x_name)) = (hidden_name(call.args.first()), hidden_name(call.args.get(1))) else {
            return self.error(span, "internal error: malformed reduce call");
        };
        let acc = format!("$reduce{}_{}_{}", span.start, self.comp_depth, self.inline_depth);
        let seen = format!("{acc}$seen");
        let xvar = format!("{acc}$x");
        let has_init = c.args.len() == 3;
        if has_init {
            let init = self.value_expr(&c.args[2]);
            self.assign_var(&acc, init, span);
        }
        let f = self.emit1(Op::Const(Const::Bool(false)), vec![], Type::Bool, span);
        self.assign_var(&seen, f, span);
        let outer = self.cur;
        let assigned = self.assigned.clone();
        let combine = |fx: &mut Self, x: ir::Value| {
            fx.assign_var(&xvar, x, span);
            let saved: Vec<(String, Option<String>)> = [(acc_name.clone(), acc.clone()), (x_name.clone(), xvar.clone())]
                .into_iter()
                .map(|(k, v)| (k.clone(), fx.renames.insert(k, v)))
                .collect();
            let r = fx.value_expr(call_expr);
            for (k, old) in saved {
                match old {
                    Some(o) => fx.renames.insert(k, o),
                    None => fx.renames.remove(&k),
                };
            }
            fx.assign_var(&acc, r, span);
        };
        let mut body = |fx: &mut Self, x: ir::Value| {
            if has_init {
                combine(fx, x);
            } else {
                let s = fx.read_var(&seen, span);
                let not_seen = fx.emit1(Op::Unary(UnaryOp::Not), vec![s], Type::Bool, span);
                let assigned = fx.assigned.clone();
                let then_block = fx.in_block(|fx| fx.assign_var(&acc, x, span));
                let else_block = fx.in_block(|fx| combine(fx, x));
                fx.push_stmt(Stmt::If { cond: not_seen, then_block, else_block });
                fx.assigned = assigned;
            }
            let t = fx.emit1(Op::Const(Const::Bool(true)), vec![], Type::Bool, span);
            fx.assign_var(&seen, t, span);
        };
        match &c.args[1] {
            ast::Expr::GeneratorExp(g) => {
                self.comp_depth += 1;
                self.comprehension_loops(&g.generators, span, &mut |fx: &mut Self| {
                    let x = fx.value_expr(&g.elt);
                    body(fx, x);
                });
                self.comp_depth -= 1;
            }
            arg => {
                if let Some(it) = self.iterable(arg) {
                    self.iterate(it, span, &[], &mut body);
                }
            }
        }
        self.cur = outer;
        self.assigned = assigned;
        self.reachable = true;
        if !has_init {
            let s = self.read_var(&seen, span);
            let empty = self.emit1(Op::Unary(UnaryOp::Not), vec![s], Type::Bool, span);
            self.raise_when(empty, exc::TYPE_ERROR, "reduce() of empty iterable with no initial value", span);
            if !self.var_types.contains_key(&acc) {
                return self.poison();
            }
        }
        self.assigned.insert(acc.clone());
        self.read_var(&acc, span)
    }

    /// `random.seed`, `random.random`, ... (`runtime/src/pyrandom.rs`).
    pub(super) fn call_random(&mut self, id: OpId, f: PyRandomFn, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let name = optable::get(id).name;
        let (min, max) = match f {
            PyRandomFn::Seed => (0, 1),
            PyRandomFn::Random => (0, 0),
            PyRandomFn::Uniform | PyRandomFn::RandInt => (2, 2),
            PyRandomFn::Gauss => (0, 2),
            PyRandomFn::RandRange => (1, 3),
            PyRandomFn::Choice | PyRandomFn::Shuffle => (1, 1),
        };
        let Some(args) = self.positional(c, name, min, max, span) else { return self.poison() };
        if args.iter().any(|a| self.ty(*a) == Type::Bottom) {
            return self.poison();
        }
        let rt = |fx: &mut Self, entry: &'static str, args: Vec<ir::Value>| {
            let spec = (0..args.len() as u8).map(CallArg::Float).collect();
            fx.emit1(Op::ArrayCall { entry, args: spec, out: CallOut::ReturnF64 }, args, Type::Float, span)
        };
        match f {
            PyRandomFn::Seed => {
                let (vals, has) = match args.first() {
                    None => (vec![], 0),
                    Some(&a) if self.ty(a) == Type::None => (vec![], 0),
                    Some(&a) if matches!(self.ty(a), Type::Int | Type::Bool) => (vec![self.as_index_int(a, span, "seed")], 1),
                    Some(&a) => {
                        return self.error(span, format!("not supported yet: `random.seed` of {}; kiln seeds with an int", self.ty(a)))
                    }
                };
                let spec = if has == 1 { vec![ObjArg::Val(0), ObjArg::Const(1)] } else { vec![ObjArg::Const(0), ObjArg::Const(0)] };
                self.emit(Op::ObjCall { entry: "kiln_random_py_seed", args: spec, out: ObjOut::Nothing, writes: None }, vals, vec![], span);
                self.emit1(Op::Const(Const::None), vec![], Type::None, span)
            }
            PyRandomFn::Random => rt(self, "kiln_random_py_random", vec![]),
            PyRandomFn::Uniform | PyRandomFn::Gauss => {
                let mut vals: Vec<ir::Value> = args.iter().map(|a| self.float_arg(*a, name, span)).collect();
                let defaults = [0.0, 1.0];
                while vals.len() < 2 {
                    let d = self.emit1(Op::Const(Const::Float(defaults[vals.len()])), vec![], Type::Float, span);
                    vals.push(d);
                }
                let entry = if f == PyRandomFn::Uniform { "kiln_random_py_uniform" } else { "kiln_random_py_gauss" };
                rt(self, entry, vals)
            }
            PyRandomFn::RandRange | PyRandomFn::RandInt => {
                for a in &args {
                    let t = self.ty(*a);
                    if !matches!(t, Type::Int | Type::Bool) {
                        return self.error(span, format!("`{name}` needs int arguments, not {t}"));
                    }
                }
                let mut vals: Vec<ir::Value> = args.iter().map(|a| self.as_index_int(*a, span, name)).collect();
                if f == PyRandomFn::RandInt {
                    let one = self.const_int(1, span);
                    vals[1] = self.emit1(Op::Binary(BinaryOp::Add), vec![vals[1], one], Type::Int, span);
                }
                let has_stop = i64::from(vals.len() >= 2);
                while vals.len() < 3 {
                    let d = self.const_int(if vals.len() == 1 { 0 } else { 1 }, span);
                    vals.push(d);
                }
                self.emit1(
                    Op::ObjCall {
                        entry: "kiln_random_py_randrange",
                        args: vec![ObjArg::Val(0), ObjArg::Val(1), ObjArg::Val(2), ObjArg::Const(has_stop)],
                        out: ObjOut::IntOut,
                        writes: None,
                    },
                    vals,
                    Type::Int,
                    span,
                )
            }
            PyRandomFn::Choice => {
                let seq = args[0];
                if !matches!(self.ty(seq), Type::List(_) | Type::Str) {
                    return self
                        .error(span, format!("not supported yet: `random.choice` of {}; kiln supports lists and str", self.ty(seq)));
                }
                let n = self.obj_len(seq, span);
                let zero = self.const_int(0, span);
                let empty = self.emit1(Op::Compare(CmpOp::Eq), vec![n, zero], Type::Bool, span);
                self.raise_when(empty, exc::INDEX_ERROR, "Cannot choose from an empty sequence", span);
                let i = self.emit1(
                    Op::ObjCall { entry: "kiln_random_py_below", args: vec![ObjArg::Val(0)], out: ObjOut::Int, writes: None },
                    vec![n],
                    Type::Int,
                    span,
                );
                self.seq_get(seq, i, ir::IndexMode::Unchecked, span)
            }
            PyRandomFn::Shuffle => {
                let l = args[0];
                if !matches!(self.ty(l), Type::List(_)) {
                    return self.error(span, format!("not supported yet: `random.shuffle` of {}; kiln shuffles lists", self.ty(l)));
                }
                self.emit(
                    Op::ObjCall { entry: "kiln_random_py_shuffle", args: vec![ObjArg::Val(0)], out: ObjOut::Status, writes: Some(0) },
                    vec![l],
                    vec![],
                    span,
                );
                self.emit1(Op::Const(Const::None), vec![], Type::None, span)
            }
        }
    }
}

/// The hidden name of one argument of the desugared reduce call.
fn hidden_name(e: Option<&ast::Expr>) -> Option<String> {
    match e? {
        ast::Expr::Name(n) if n.id.as_str().starts_with('$') => Some(n.id.to_string()),
        _ => None,
    }
}
