//! Lowering of statements into structured IR regions.
//!
//! Definite assignment is tracked along the way (`FnCx::assigned`): a branch
//! keeps what both arms assign, a loop keeps only what was assigned before it,
//! since its body may not run. Reads of possibly-unassigned variables get a
//! run-time `UnboundLocalError` check.

use std::collections::HashSet;

use rustpython_parser::ast::{self, Ranged};

use super::{FnCx, Operand};
use crate::abi::exc;
use crate::diag::{Diagnostic, Span};
use crate::front::module::{span_of, span_of_expr, unsupported_stmt};
use crate::ir::{self, Const, IndexMode, LoopAttrs, Op, Stmt};
use crate::optable::{self, Lower};
use crate::types::Type;

/// How a nested statement list is lowered: plainly, or as part of an
/// inlined generator's body.
pub(super) type StmtsFn<'l, 'a, 'c> = &'c mut dyn FnMut(&mut FnCx<'l, 'a>, &'a [ast::Stmt]);

impl<'l, 'a> FnCx<'l, 'a> {
    pub fn lower_stmts(&mut self, stmts: &'a [ast::Stmt]) {
        for s in stmts {
            if !self.reachable {
                // Code after return/raise/break/continue never runs; CPython
                // compiles it but kiln skips it.
                break;
            }
            self.lower_stmt(s);
        }
    }

    pub(super) fn lower_stmt(&mut self, s: &'a ast::Stmt) {
        let span = span_of(s);
        match s {
            ast::Stmt::Expr(e) => {
                if matches!(e.value.as_ref(), ast::Expr::Constant(_)) {
                    return; // docstrings and bare constants do nothing
                }
                // A bare name is still evaluated (`z` raises NameError in
                // Python when `z` is not defined).
                if let super::Operand::Unknown(name) = self.expr(&e.value) {
                    self.unknown_name_error(&name, span);
                }
            }
            ast::Stmt::Pass(_) => {}
            ast::Stmt::Assign(a) => {
                if let (ast::Expr::Lambda(l), [ast::Expr::Name(n)]) = (a.value.as_ref(), a.targets.as_slice()) {
                    let key = self.name_key(n);
                    self.bind_inline(n.id.as_str(), key, &l.args, &l.body, span);
                    return;
                }
                if let [ast::Expr::Name(n)] = a.targets.as_slice() {
                    let key = self.name_key(n);
                    if self.bind_fn_alias(n.id.as_str(), key.clone(), &a.value, span) {
                        return;
                    }
                    self.expected = self.var_types.get(&key).cloned();
                }
                let v = self.value_expr(&a.value);
                self.expected = None;
                for t in &a.targets {
                    self.assign_target(t, v, span);
                }
            }
            ast::Stmt::AnnAssign(a) => {
                if let Some(value) = &a.value {
                    let v = self.value_expr(value);
                    self.assign_target(&a.target, v, span);
                }
            }
            ast::Stmt::AugAssign(a) => self.aug_assign(a, span),
            ast::Stmt::Return(r) => {
                let v = r.value.as_ref().map(|e| self.value_expr(e));
                if self.gen_ret.is_some() {
                    self.generator_return();
                } else {
                    self.add_return(v, span);
                }
            }
            ast::Stmt::If(i) => self.lower_if(&i.test, &i.body, &i.orelse),
            ast::Stmt::While(w) => self.lower_while(w, span),
            ast::Stmt::For(f) => self.lower_for(f, span),
            ast::Stmt::Break(_) | ast::Stmt::Continue(_) => {
                if self.loop_depth == 0 {
                    self.diags.push(Diagnostic::error(span, "`break`/`continue` outside a loop"));
                    return;
                }
                // A consumer's `break` inside an inlined generator leaves the
                // generator's loops too (`FnCx::gen_break`).
                let levels = self.consumer_break_levels();
                self.push_stmt(if matches!(s, ast::Stmt::Break(_)) { Stmt::Break(levels) } else { Stmt::Continue });
                self.reachable = false;
            }
            ast::Stmt::Raise(r) => self.lower_raise(r, span),
            ast::Stmt::Assert(a) => {
                let c = self.cond_expr(&a.test);
                let msg = match &a.msg {
                    None => String::new(),
                    Some(m) => match m.as_ref() {
                        ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) => s.clone(),
                        other => {
                            self.diags.push(Diagnostic::error(span_of_expr(other), "assertion messages must be string literals for now"));
                            String::new()
                        }
                    },
                };
                let nc = self.emit1(Op::Unary(ir::UnaryOp::Not), vec![c], Type::Bool, span);
                let assigned = self.assigned.clone();
                let then_block = self.in_block(|fx| fx.raise_error(exc::ASSERTION_ERROR, msg, span));
                let else_block = self.func.new_block();
                self.push_stmt(Stmt::If { cond: nc, then_block, else_block });
                self.assigned = assigned;
                self.reachable = true;
            }
            ast::Stmt::Global(g) => {
                // `global X` is harmless when X is only read.
                let assigned_global = g.names.iter().any(|n| assigns_name(&self.def.body, n.as_str()));
                if assigned_global {
                    self.diags.push(unsupported_stmt(s, "(rebinding a module global)"));
                }
            }
            ast::Stmt::FunctionDef(d) => self.nested_def(d, span),
            ast::Stmt::Try(t) => self.lower_try(t, span),
            ast::Stmt::Delete(d) => {
                for t in &d.targets {
                    self.lower_del(t, span);
                }
            }
            ast::Stmt::Nonlocal(n) => {
                self.diags.push(unsupported_stmt(s, "in kiln functions"));
                // Uses of these names would only repeat the problem.
                self.poisoned.extend(n.names.iter().map(|x| x.to_string()));
            }
            other => self.diags.push(unsupported_stmt(other, "in kiln functions")),
        }
    }

    /// Lowers an expression that must be a runtime value.
    pub fn value_expr(&mut self, e: &'a ast::Expr) -> ir::Value {
        let op = self.expr(e);
        self.to_value(op, span_of_expr(e))
    }

    pub fn to_value(&mut self, op: Operand, span: Span) -> ir::Value {
        match op {
            Operand::Val(v) => v,
            Operand::Op(id) => match optable::get(id).lower {
                Lower::FloatConst(c) => self.emit1(Op::Const(Const::Float(c)), vec![], Type::Float, span),
                Lower::ComplexConst(re, im) => self.complex_const(re, im, span),
                _ => self.error(span, format!("`{}` is a function; kiln cannot use functions as values yet", optable::get(id).name)),
            },
            Operand::Func(i) => {
                let name = self.lw.info.funcs[i].name.to_string();
                self.error(span, format!("`{name}` is a function; kiln cannot use functions as values yet"))
            }
            Operand::Module(_) => self.error(span, "a module cannot be used as a value"),
            Operand::DType(d) => self.error(span, format!("the dtype `{}` cannot be used as a value here", d.name())),
            Operand::Unknown(name) => self.unknown_name_error(&name, span),
            Operand::Method(_, id) => self.error(span, format!("`{}` is a method; call it", optable::get(id).name)),
            Operand::ObjMethod(_, attr, _) => self.error(span, format!("`.{attr}` is a method; call it")),
            Operand::Inline(i) => {
                let d = Diagnostic::error(
                    span,
                    format!(
                        "`{}` is a function; kiln can call lambdas and nested functions, not use them as values",
                        self.inline_fns[i].name
                    ),
                )
                .with_note("call it here, or pass it to map, filter, or as `key=` to sorted, min or max");
                self.diags.push(d);
                self.poison()
            }
        }
    }

    /// Lowers an expression in a boolean context, giving a Python `bool`.
    pub fn cond_expr(&mut self, e: &'a ast::Expr) -> ir::Value {
        if let ast::Expr::BoolOp(b) = e {
            return self.bool_op(b, true, span_of_expr(e));
        }
        let v = self.value_expr(e);
        self.truth(v, span_of_expr(e))
    }

    pub(super) fn assign_target(&mut self, target: &'a ast::Expr, v: ir::Value, span: Span) {
        match target {
            ast::Expr::Name(n) => {
                let key = self.name_key(n);
                self.assign_var(&key, v, span);
            }
            ast::Expr::Tuple(ast::ExprTuple { elts, .. }) | ast::Expr::List(ast::ExprList { elts, .. }) => {
                let ty = self.ty(v);
                match ty {
                    Type::Tuple(items) if items.len() == elts.len() => {
                        // Read every item before assigning any, as `a, b = b, a` requires.
                        let parts: Vec<ir::Value> = (0..elts.len()).map(|i| self.tuple_get(v, i, span)).collect();
                        for (t, p) in elts.iter().zip(parts) {
                            self.assign_target(t, p, span);
                        }
                    }
                    Type::Tuple(items) => {
                        let msg = if items.len() > elts.len() {
                            format!("too many values to unpack (expected {})", elts.len())
                        } else {
                            format!("not enough values to unpack (expected {}, got {})", elts.len(), items.len())
                        };
                        self.diags.push(Diagnostic::error(span, msg));
                    }
                    Type::Bottom => {}
                    other => {
                        self.diags.push(Diagnostic::error(span, format!("cannot unpack a value of type {other}")));
                    }
                }
            }
            ast::Expr::Subscript(sub) => {
                if self.part_view_write(sub, span) {
                    return;
                }
                let base = self.value_expr(&sub.value);
                if self.ty(base).is_object() {
                    let var = match sub.value.as_ref() {
                        ast::Expr::Name(n) => Some(self.name_key(n)),
                        _ => None,
                    };
                    self.object_store_subscript(base, var.as_deref(), &sub.slice, v, span);
                    return;
                }
                self.store_subscript(base, &sub.slice, v, span);
            }
            ast::Expr::Attribute(_) => {
                self.diags.push(Diagnostic::error(span_of_expr(target), "assigning to attributes is not supported"));
            }
            other => {
                self.diags.push(Diagnostic::error(span_of_expr(other), "unsupported assignment target"));
            }
        }
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign, span: Span) {
        match a.target.as_ref() {
            ast::Expr::Name(n) => {
                let key = self.name_key(n);
                let cur = self.read_var(&key, span_of_expr(&a.target));
                let rhs = self.value_expr(&a.value);
                if self.ty(cur).as_array().is_some() {
                    // `a += b` on an array updates it in place (the caller sees it).
                    self.inplace_update(cur, a.op, rhs, span);
                    return;
                }
                if self.ty(cur).is_object() || self.ty(rhs).is_object() {
                    if let Some(r) = self.object_aug_assign(cur, a.op, rhs, span) {
                        self.assign_var(&key, r, span);
                    }
                    return;
                }
                let r = self.binary(a.op, cur, rhs, span);
                self.assign_var(&key, r, span);
            }
            ast::Expr::Subscript(sub) => {
                if self.part_view_write(sub, span) {
                    return;
                }
                // Evaluate the container and the index once.
                let base = self.value_expr(&sub.value);
                if !matches!(self.ty(base), Type::Array(_) | Type::Bottom) && !self.is_element_access(sub) {
                    self.diags.push(Diagnostic::error(
                        span_of_expr(&sub.value),
                        format!("cannot assign to a slice of a value of type {}", self.ty(base)),
                    ));
                    return;
                }
                match self.ty(base) {
                    Type::Array(_) => {
                        self.array_aug_assign(base, &sub.slice, a.op, &a.value, span);
                    }
                    Type::List(e) => {
                        let idx = self.value_expr(&sub.slice);
                        let idx = self.as_index_int(idx, span_of_expr(&sub.slice), "list index");
                        let cur = self.seq_get(base, idx, IndexMode::Checked, span);
                        let rhs = self.value_expr(&a.value);
                        let r = self.binary(a.op, cur, rhs, span);
                        let r = self.coerce(r, &e, span);
                        self.emit(Op::ListSet(IndexMode::Checked), vec![base, idx, r], vec![], span);
                    }
                    Type::Dict(kv) => {
                        let k = self.value_expr(&sub.slice);
                        let k = self.coerce(k, &kv.0, span);
                        let cur = self.emit1(
                            Op::ObjCall {
                                entry: "kiln_dict_getitem",
                                args: vec![ir::ObjArg::Val(0), ir::ObjArg::Words(1)],
                                out: ir::ObjOut::Words,
                                writes: None,
                            },
                            vec![base, k],
                            kv.1.clone(),
                            span,
                        );
                        let rhs = self.value_expr(&a.value);
                        let r = self.binary(a.op, cur, rhs, span);
                        self.dict_set(base, k, r, span);
                    }
                    Type::Bottom => {}
                    other => {
                        self.diags
                            .push(Diagnostic::error(span_of_expr(&sub.value), format!("cannot assign items of a value of type {other}")));
                    }
                }
            }
            other => {
                self.diags.push(Diagnostic::error(span_of_expr(other), "unsupported augmented-assignment target"));
            }
        }
    }

    /// `base[slice] = v`.
    fn store_subscript(&mut self, base: ir::Value, slice: &'a ast::Expr, v: ir::Value, span: Span) {
        match self.ty(base) {
            Type::Array(_) => self.array_subscript_assign(base, slice, v, span),
            Type::Bottom => {}
            other => {
                self.diags.push(Diagnostic::error(span, format!("cannot assign items of a value of type {other}")));
            }
        }
    }

    /// Whether `base[slice]` indexes single elements (no slices, ellipsis or new axes).
    fn is_element_access(&self, sub: &ast::ExprSubscript) -> bool {
        let items: Vec<&ast::Expr> = match sub.slice.as_ref() {
            ast::Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        !items.iter().any(|e| {
            matches!(e, ast::Expr::Slice(_))
                || matches!(e, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::None | ast::Constant::Ellipsis))
                || matches!(e, ast::Expr::Attribute(a) if a.attr.as_str() == "newaxis")
        })
    }

    /// Whether the result `r` of `a op= rhs` can be written back into an
    /// array of dtype `to` (NumPy's `same_kind` casting); reports it if not.
    pub(super) fn inplace_result_fits(&mut self, r: ir::Value, to: crate::types::DType, span: Span) -> bool {
        let Some(rt) = self.ty(r).as_array() else { return true };
        if crate::types::can_cast_same_kind(rt.dtype, to) {
            return true;
        }
        self.diags.push(Diagnostic::error(
            span,
            format!("Cannot cast ufunc output from dtype('{}') to dtype('{}') with casting rule 'same_kind'", rt.dtype.name(), to.name()),
        ));
        false
    }

    /// `target op= rhs` for an array target: computed, then written back in place,
    /// as long as NumPy could cast the result to the target's dtype.
    pub fn inplace_update(&mut self, target: ir::Value, op: ast::Operator, rhs: ir::Value, span: Span) {
        let Some(at) = self.ty(target).as_array() else { return };
        if self.ty(rhs).as_array().is_some() {
            self.emit(Op::CheckInplace, vec![target, rhs], vec![], span);
        }
        let r = self.binary(op, target, rhs, span);
        if self.inplace_result_fits(r, at.dtype, span) {
            self.assign_into(target, r, span);
        }
    }

    pub fn array_set(&mut self, base: ir::Value, indices: &[ir::Value], v: ir::Value, span: Span) {
        let Some(at) = self.ty(base).as_array() else { return };
        let v = self.cast_to_element(v, at.dtype, span);
        let mut args = vec![base, v];
        args.extend_from_slice(indices);
        self.emit(Op::ArraySet(vec![IndexMode::Checked; indices.len()]), args, vec![], span);
    }

    fn lower_if(&mut self, test: &'a ast::Expr, body: &'a [ast::Stmt], orelse: &'a [ast::Stmt]) {
        self.lower_if_with(test, body, orelse, &mut |fx, b| fx.lower_stmts(b));
    }

    /// `if`, lowering its branches with `stmts` (an inlined generator's
    /// statements go through its own walk, `FnCx::generator_stmts`).
    pub(super) fn lower_if_with(
        &mut self,
        test: &'a ast::Expr,
        body: &'a [ast::Stmt],
        orelse: &'a [ast::Stmt],
        stmts: StmtsFn<'l, 'a, '_>,
    ) {
        let cond = self.cond_expr(test);
        let before = self.assigned.clone();
        let then_block = self.in_block(|fx| stmts(fx, body));
        let (then_assigned, then_reach) = (std::mem::replace(&mut self.assigned, before), self.reachable);
        self.reachable = true;
        let else_block = self.in_block(|fx| stmts(fx, orelse));
        let else_reach = self.reachable;
        self.assigned = match (then_reach, else_reach) {
            (true, true) => then_assigned.intersection(&self.assigned).cloned().collect(),
            (true, false) => then_assigned,
            _ => std::mem::take(&mut self.assigned),
        };
        self.reachable = then_reach || else_reach;
        self.push_stmt(Stmt::If { cond, then_block, else_block });
    }

    fn lower_while(&mut self, w: &'a ast::StmtWhile, span: Span) {
        self.lower_while_with(w, span, &mut |fx, b| fx.lower_stmts(b));
    }

    /// `while`, lowering its body with `stmts`.
    pub(super) fn lower_while_with(&mut self, w: &'a ast::StmtWhile, span: Span, stmts: StmtsFn<'l, 'a, '_>) {
        let before = self.assigned.clone();
        let mut cond = None;
        let header = self.in_block(|fx| cond = Some(fx.cond_expr(&w.test)));
        let cond = cond.expect("header sets cond");
        self.loop_depth += 1;
        let body = self.in_block(|fx| stmts(fx, &w.body));
        self.loop_depth -= 1;
        self.assigned = before.clone();
        self.reachable = true;
        let orelse = self.lower_orelse(&w.orelse, &before);
        self.push_stmt(Stmt::While { header, cond, body, orelse, span });
        self.reachable = !is_true_constant(&w.test) || loop_has_break(&w.body);
    }

    fn lower_orelse(&mut self, orelse: &'a [ast::Stmt], before: &HashSet<String>) -> Option<ir::Block> {
        if orelse.is_empty() {
            return None;
        }
        let b = self.in_block(|fx| fx.lower_stmts(orelse));
        self.assigned = before.clone();
        self.reachable = true;
        Some(b)
    }

    /// `for x in (elt for t in it if c)`: the generator's loop with the body
    /// inside, so no list is built (`map` and `filter` come here too). The
    /// body sees the function's variables, not the generator's targets.
    fn for_over_generator(&mut self, f: &'a ast::StmtFor, g: &'a ast::ExprGeneratorExp, span: Span, stmts: StmtsFn<'l, 'a, '_>) {
        if g.generators.len() != 1 || !f.orelse.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    span_of_expr(&f.iter),
                    "not supported yet: a `for` loop over a generator with several `for` clauses, or with `else`",
                )
                .with_note("write the nested loops out, or build a list first"),
            );
            return;
        }
        let outer = self.renames.clone();
        let tspan = span_of_expr(&f.target);
        self.comprehension_loops(&g.generators, span, &mut |fx| {
            let v = fx.value_expr(&g.elt);
            let inner = std::mem::replace(&mut fx.renames, outer.clone());
            fx.assign_target(&f.target, v, tspan);
            stmts(fx, &f.body);
            fx.renames = inner;
        });
    }

    fn lower_for(&mut self, f: &'a ast::StmtFor, span: Span) {
        self.lower_for_with(f, span, &mut |fx, b| fx.lower_stmts(b));
    }

    /// `for`, lowering its body with `stmts`.
    pub(super) fn lower_for_with(&mut self, f: &'a ast::StmtFor, span: Span, stmts: StmtsFn<'l, 'a, '_>) {
        let parallel = self.lw.directives.parallel_for_lines.get(&line_start(self.lw.src, f.range.start().into()));
        let iter_span = span_of_expr(&f.iter);
        // `for i in range(...)` is a counted loop.
        let range_args = match f.iter.as_ref() {
            ast::Expr::Call(c) if c.keywords.is_empty() => match self.expr(&c.func) {
                Operand::Op(id) if optable::get(id).lower == Lower::Range => Some(&c.args),
                _ => None,
            },
            _ => None,
        };
        if let Some(args) = range_args {
            let vals: Vec<ir::Value> = args.iter().map(|a| self.value_expr(a)).collect();
            let vals: Vec<ir::Value> =
                vals.into_iter().zip(args.iter()).map(|(v, a)| self.as_index_int(v, span_of_expr(a), "range()")).collect();
            let (start, stop, step) = match vals.as_slice() {
                [stop] => (self.const_int(0, iter_span), *stop, self.const_int(1, iter_span)),
                [start, stop] => (*start, *stop, self.const_int(1, iter_span)),
                [start, stop, step] => (*start, *stop, *step),
                _ => {
                    self.diags.push(Diagnostic::error(iter_span, format!("range expected 1 to 3 arguments, got {}", vals.len())));
                    return;
                }
            };
            if vals.len() == 3 && !self.is_nonzero_const(step) {
                // range() rejects a zero step before the loop starts.
                let zero = self.const_int(0, iter_span);
                let is_zero = self.emit1(Op::Compare(ir::CmpOp::Eq), vec![step, zero], Type::Bool, iter_span);
                let assigned = self.assigned.clone();
                let then_block = self.in_block(|fx| fx.raise_error(exc::VALUE_ERROR, "range() arg 3 must not be zero", iter_span));
                let else_block = self.func.new_block();
                self.push_stmt(Stmt::If { cond: is_zero, then_block, else_block });
                self.assigned = assigned;
                self.reachable = true;
            }
            self.counted_loop(f, start, stop, step, parallel, span, stmts, |fx, index| {
                let tspan = span_of_expr(&f.target);
                fx.assign_target(&f.target, index, tspan);
            });
            return;
        }
        if let ast::Expr::GeneratorExp(g) = f.iter.as_ref() {
            self.for_over_generator(f, g, span, stmts);
            return;
        }
        if let Some(it) = self.iterable(&f.iter) {
            self.iterate(it, span, &f.orelse, &mut |fx, elem| {
                let tspan = span_of_expr(&f.target);
                fx.assign_target(&f.target, elem, tspan);
                stmts(fx, &f.body);
            });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn counted_loop(
        &mut self,
        f: &'a ast::StmtFor,
        start: ir::Value,
        stop: ir::Value,
        step: ir::Value,
        parallel: Option<&crate::front::lower::OmpClauses>,
        span: Span,
        stmts: StmtsFn<'l, 'a, '_>,
        bind: impl FnOnce(&mut Self, ir::Value),
    ) {
        let before = self.assigned.clone();
        let body = self.func.new_block();
        let index = self.func.make_loop_index(body, Type::Int);
        let saved = std::mem::replace(&mut self.cur, body);
        self.loop_depth += 1;
        bind(self, index);
        stmts(self, &f.body);
        self.loop_depth -= 1;
        self.cur = saved;
        self.assigned = before.clone();
        self.reachable = true;
        let orelse = self.lower_orelse(&f.orelse, &before);
        let attrs = match parallel {
            Some(clauses) => self.parallel_attrs(clauses, body, span),
            None => LoopAttrs::default(),
        };
        self.push_stmt(Stmt::For { index, start, stop, step, body, orelse, attrs, span });
    }

    /// The attributes of an `#omp parallel for` loop: its reduction slots.
    /// Reports unsupported clauses and the data races the compiler can see:
    /// a local written by the iterations and read before it is written in
    /// the same iteration, without a reduction clause.
    fn parallel_attrs(&mut self, clauses: &crate::front::lower::OmpClauses, body: ir::Block, span: Span) -> LoopAttrs {
        let mut reductions = Vec::new();
        for (op, var) in &clauses.reductions {
            if op != "+" {
                self.diags
                    .push(Diagnostic::error(span, format!("not supported yet: `reduction({op}:{var})`; kiln supports `+` reductions")));
                continue;
            }
            match self.slots.get(var.as_str()) {
                Some(s) if matches!(self.func.slots[*s].ty, Type::Int | Type::Float | Type::Scalar(_) | Type::Bottom) => {
                    reductions.push(*s)
                }
                Some(s) => {
                    let ty = self.func.slots[*s].ty.clone();
                    self.diags.push(Diagnostic::error(span, format!("`reduction(+:{var})` needs a number, but `{var}` is {ty}")))
                }
                None => self.diags.push(Diagnostic::error(span, format!("`reduction(+:{var})` names no variable of this function"))),
            }
        }
        let uses = crate::middle::analysis::parallel_loop::classify(&self.func, body);
        for s in uses.stored.intersection(&uses.read_before_write) {
            let name = &self.func.slots[*s].name;
            if reductions.contains(s) || clauses.private.contains(name) || clauses.reductions.iter().any(|(_, v)| v == name) {
                continue;
            }
            let name = self.func.slots[*s].name.clone();
            self.diags.push(
                Diagnostic::error(span, format!("data race: every iteration of this parallel loop writes `{name}` after reading it"))
                    .with_label("`#omp parallel for` loop")
                    .with_note(format!("iterations run at the same time on several threads; if `{name}` accumulates a sum, declare it with `reduction(+:{name})`")),
            );
        }
        LoopAttrs { parallel: true, reductions }
    }

    fn lower_try(&mut self, t: &'a ast::StmtTry, span: Span) {
        let before = self.assigned.clone();
        let body = self.in_block(|fx| fx.lower_stmts(&t.body));
        let mut reachable = self.reachable;
        let orelse = if t.orelse.is_empty() {
            None
        } else {
            self.reachable = true;
            let b = self.in_block(|fx| fx.lower_stmts(&t.orelse));
            reachable = self.reachable;
            Some(b)
        };
        let mut handlers = Vec::new();
        for h in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            let hspan: Span = h.range.into();
            let kinds = match &h.type_ {
                None => Vec::new(),
                Some(e) => match self.exception_kinds(e) {
                    Some(k) => k,
                    None => continue,
                },
            };
            if let Some(name) = &h.name {
                self.exception_names.insert(name.to_string());
            }
            self.assigned = before.clone();
            self.reachable = true;
            self.handler_depth += 1;
            let b = self.in_block(|fx| fx.lower_stmts(&h.body));
            self.handler_depth -= 1;
            reachable |= self.reachable;
            handlers.push(ir::Handler { kinds, body: b, span: hspan });
        }
        self.assigned = before;
        let finally = if t.finalbody.is_empty() {
            None
        } else {
            self.reachable = true;
            let b = self.in_block(|fx| fx.lower_stmts(&t.finalbody));
            if !self.reachable {
                reachable = false;
            }
            Some(b)
        };
        self.reachable = reachable;
        self.push_stmt(Stmt::Try(Box::new(ir::TryData { body, handlers, orelse, finally, span })));
    }

    /// The exception kinds an `except` clause names.
    fn exception_kinds(&mut self, e: &'a ast::Expr) -> Option<Vec<i32>> {
        let names: Vec<&ast::Expr> = match e {
            ast::Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        let mut kinds = Vec::new();
        for n in names {
            let kind = match n {
                ast::Expr::Name(x) if x.id.as_str() == "BaseException" => Some(exc::EXCEPTION),
                ast::Expr::Name(x) => exc::by_name(x.id.as_str()),
                _ => None,
            };
            match kind {
                Some(k) => kinds.push(k),
                None => {
                    self.diags.push(
                        Diagnostic::error(span_of_expr(n), "only builtin exception types can be caught")
                            .with_note(format!("supported: {}", exc::NAMES.join(", "))),
                    );
                    return None;
                }
            }
        }
        Some(kinds)
    }

    fn lower_raise(&mut self, r: &'a ast::StmtRaise, span: Span) {
        let Some(e) = &r.exc else {
            if self.handler_depth == 0 {
                self.diags.push(Diagnostic::error(span, "bare `raise` is only supported inside an `except` block"));
                return;
            }
            self.push_stmt(Stmt::Reraise);
            self.reachable = false;
            return;
        };
        let (name_expr, msg) = match e.as_ref() {
            ast::Expr::Call(c) => {
                let msg = match c.args.as_slice() {
                    [] => Some(String::new()),
                    [ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. })] => Some(s.clone()),
                    _ => None,
                };
                (c.func.as_ref(), msg)
            }
            other => (other, Some(String::new())),
        };
        let kind = match name_expr {
            ast::Expr::Name(n) => exc::by_name(n.id.as_str()),
            _ => None,
        };
        match (kind, msg) {
            (Some(kind), Some(msg)) => self.raise_error(kind, msg, span),
            (None, _) => {
                self.diags.push(
                    Diagnostic::error(span_of_expr(name_expr), "only builtin exception types can be raised")
                        .with_note(format!("supported: {}", exc::NAMES.join(", "))),
                );
            }
            (_, None) => {
                self.diags.push(Diagnostic::error(span, "exception messages must be a single string literal for now"));
            }
        }
    }

    /// `a.real[...] = x` / `a.imag[i] += x` / `a.flat[i] = x`: NumPy writes
    /// through a view of `a`; kiln's `.real`/`.imag`/`.flat` may be copies, so such writes are rejected
    /// (reported; returns true) rather than silently lost.
    fn part_view_write(&mut self, sub: &'a ast::ExprSubscript, span: Span) -> bool {
        let ast::Expr::Attribute(a) = sub.value.as_ref() else { return false };
        let msg = match a.attr.as_str() {
            "real" | "imag" => {
                format!("writing through `.{}` is not supported yet: kiln computes `.real`/`.imag` as copies, not views", a.attr.as_str())
            }
            "flat" => {
                "writing through `.flat` is not supported yet: kiln reads `.flat` as the elements in order, which may be a copy".to_string()
            }
            _ => return false,
        };
        self.diags.push(Diagnostic::error(span, msg).with_note("compute the new values and assign the whole array instead"));
        true
    }

    /// `del container[key]` for a list index or a dict key.
    fn lower_del(&mut self, t: &'a ast::Expr, span: Span) {
        let ast::Expr::Subscript(sub) = t else {
            self.diags.push(Diagnostic::error(span_of_expr(t), "only `del container[key]` is supported"));
            return;
        };
        let base = self.value_expr(&sub.value);
        let key = self.value_expr(&sub.slice);
        let (entry, spec, key) = match self.ty(base) {
            Type::List(_) if !matches!(sub.slice.as_ref(), ast::Expr::Slice(_)) => {
                let k = self.as_index_int(key, span_of_expr(&sub.slice), "list index");
                ("kiln_list_delitem", vec![ir::ObjArg::Val(0), ir::ObjArg::Val(1)], k)
            }
            Type::Dict(kv) => {
                let k = self.coerce(key, &kv.0, span);
                ("kiln_dict_delitem", vec![ir::ObjArg::Val(0), ir::ObjArg::Words(1)], k)
            }
            Type::Bottom => return,
            other => {
                self.diags
                    .push(Diagnostic::error(span_of_expr(t), format!("`del` of items of a value of type {other} is not supported yet")));
                return;
            }
        };
        self.emit(Op::ObjCall { entry, args: spec, out: ir::ObjOut::Status, writes: Some(0) }, vec![base, key], vec![], span);
    }

    fn is_nonzero_const(&self, v: ir::Value) -> bool {
        match self.func.def_inst(v).map(|i| &self.func.insts[i].op) {
            Some(Op::Const(Const::Int(c))) => *c != 0,
            _ => false,
        }
    }
}

fn is_true_constant(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::Constant(c) => match &c.value {
            ast::Constant::Bool(b) => *b,
            ast::Constant::Int(i) => i.to_string() != "0",
            _ => false,
        },
        _ => false,
    }
}

/// Whether a `break` targets this loop (not a nested one).
fn loop_has_break(body: &[ast::Stmt]) -> bool {
    body.iter().any(|s| match s {
        ast::Stmt::Break(_) => true,
        ast::Stmt::If(i) => loop_has_break(&i.body) || loop_has_break(&i.orelse),
        ast::Stmt::Try(t) => loop_has_break(&t.body) || loop_has_break(&t.orelse) || loop_has_break(&t.finalbody),
        _ => false,
    })
}

fn assigns_name(body: &[ast::Stmt], name: &str) -> bool {
    body.iter().any(|s| match s {
        ast::Stmt::Assign(a) => a.targets.iter().any(|t| matches!(t, ast::Expr::Name(n) if n.id.as_str() == name)),
        ast::Stmt::AugAssign(a) => matches!(a.target.as_ref(), ast::Expr::Name(n) if n.id.as_str() == name),
        ast::Stmt::For(f) => assigns_name(&f.body, name) || matches!(f.target.as_ref(), ast::Expr::Name(n) if n.id.as_str() == name),
        ast::Stmt::While(w) => assigns_name(&w.body, name),
        ast::Stmt::If(i) => assigns_name(&i.body, name) || assigns_name(&i.orelse, name),
        _ => false,
    })
}

/// Byte offset of the start of the line containing `offset`.
pub fn line_start(src: &str, offset: u32) -> u32 {
    let o = (offset as usize).min(src.len());
    src[..o].rfind('\n').map_or(0, |i| i as u32 + 1)
}

#[allow(dead_code)]
fn range_of(s: &ast::Stmt) -> Span {
    s.range().into()
}
