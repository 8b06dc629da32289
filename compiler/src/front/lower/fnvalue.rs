//! Functions as values, known at compile time: a module function, an
//! operation-table function (`operator.add`, `abs`, `math.sqrt`) or a lambda
//! passed as an argument to a module function (`apply(g, 3)`,
//! `apply(lambda v: v + 1, 3)`), or bound once to a local name (`h = g`).
//!
//! As in Pythran, the callee is specialised per function: the function
//! passed is part of the instance key (`FnRef` in `Lowerer::instance_with`),
//! its parameter takes no IR value, and inside the instance the parameter
//! name denotes the function itself (`FnCx::fn_values`), so calling it is
//! an ordinary direct call (or an inlined lambda).
//!
//! Invariants:
//! - a lambda (or one-expression nested function) passed to a module
//!   function reads no local variable of the function it was written in:
//!   its body is inlined in the callee, where those variables do not exist
//!   (reported, with the workaround);
//! - a lifted nested function with captured variables is not passed (its
//!   captures are read at its calls, in the caller's scope);
//! - returning a function or storing it in a container stays unsupported:
//!   `to_value` reports it.

use std::collections::HashSet;

use rustpython_parser::ast;

use super::{lambda::InlineFn, FnCx, FnRef, Operand};
use crate::diag::{Diagnostic, Span};
use crate::optable::{self, Lower};

impl<'l, 'a> FnCx<'l, 'a> {
    /// The operand a compile-time function stands for.
    pub(super) fn fn_operand(&mut self, f: FnRef) -> Operand {
        match f {
            FnRef::Module(i) => Operand::Func(i),
            FnRef::Op(id) => Operand::Op(id),
            FnRef::Lambda(l) => {
                let f = self.lw.lambdas[l].clone();
                self.inline_fns.push(f);
                Operand::Inline(self.inline_fns.len() - 1)
            }
        }
    }

    /// The compile-time function an operand denotes: `None` when it is not
    /// a function, `Some(None)` after reporting one that cannot be passed.
    pub(super) fn fn_ref_of(&mut self, op: &Operand, span: Span) -> Option<Option<FnRef>> {
        match op {
            Operand::Func(i) => {
                if self.lw.info.lifted.get(i).is_some_and(|l| !l.captures.is_empty()) {
                    let name = self.lw.info.funcs[*i].name.to_string();
                    self.diags.push(
                        Diagnostic::error(
                            span,
                            format!("`{name}` reads variables of its enclosing function; kiln cannot pass it as a value"),
                        )
                        .with_note("define it at module level and pass what it reads as arguments"),
                    );
                    return Some(None);
                }
                Some(Some(FnRef::Module(*i)))
            }
            Operand::Op(id) => match optable::get(*id).lower {
                Lower::FloatConst(_) | Lower::Attr(_) => None,
                _ => Some(Some(FnRef::Op(*id))),
            },
            Operand::Inline(i) => {
                let f = self.inline_fns[*i].clone();
                if let Some(var) = self.free_local(&f) {
                    self.diags.push(
                        Diagnostic::error(span, format!("`{}` reads the local variable `{var}`; kiln cannot pass such a function to a module function yet", f.name))
                            .with_note("kiln specialises the callee for the function it is given; pass the value as an argument, or call the lambda here"),
                    );
                    return Some(None);
                }
                let body: *const ast::Expr = f.body;
                let id = match self.lw.lambdas.iter().position(|l| std::ptr::eq(l.body, body)) {
                    Some(id) => id,
                    None => {
                        self.lw.lambdas.push(InlineFn { scope: Default::default(), ..f });
                        self.lw.lambdas.len() - 1
                    }
                };
                Some(Some(FnRef::Lambda(id)))
            }
            _ => None,
        }
    }

    /// A local variable (of this function, or a comprehension variable in
    /// scope where the lambda was written) that the lambda's body reads.
    fn free_local(&self, f: &InlineFn<'a>) -> Option<String> {
        let mut params: HashSet<String> = f.args.posonlyargs.iter().chain(&f.args.args).map(|p| p.def.arg.to_string()).collect();
        collect_bound(f.body, &mut params);
        let mut found = None;
        let mut visit = |n: &str| {
            if found.is_none() && !params.contains(n) && (self.locals.contains(n) || f.scope.contains_key(n)) {
                found = Some(n.to_string());
            }
        };
        names_read(f.body, &mut visit);
        found
    }

    /// `h = g` with `g` a function: binds `h` to it for the whole function
    /// (like a lambda, `h` must be bound exactly once). False when `value`
    /// is not a function.
    pub(super) fn bind_fn_alias(&mut self, name: &str, key: String, value: &'a ast::Expr, span: Span) -> bool {
        if !self.may_name_function(value) {
            return false;
        }
        let op = self.expr(value);
        if let Operand::Inline(i) = op {
            // `h = g` with `g` a lambda: the same inline function.
            self.inline_names.insert(key, i);
            return true;
        }
        match self.fn_ref_of(&op, span) {
            None => false,
            Some(None) => true,
            Some(Some(f)) => {
                if crate::front::scope::binding_count(self.def, name) != 1 {
                    self.diags.push(
                        Diagnostic::error(span, format!("`{name}` holds a function here and is assigned elsewhere too"))
                            .with_note("kiln resolves functions held in variables at compile time; bind each to its own name, once"),
                    );
                    return true;
                }
                self.fn_values.insert(key, f);
                true
            }
        }
    }
}

impl<'l, 'a> FnCx<'l, 'a> {
    /// Whether `e` is a name or `module.name` that may denote a function,
    /// decided without lowering it (so that other values are lowered, and
    /// their errors reported, once).
    fn may_name_function(&self, e: &ast::Expr) -> bool {
        use crate::front::module::Global;
        match e {
            ast::Expr::Name(n) => {
                let name = n.id.as_str();
                if self.renames.contains_key(name) {
                    return false;
                }
                if self.locals.contains(name) {
                    let key = self.var_key(name, n.range.start().into());
                    return self.inline_names.contains_key(&key) || self.fn_values.contains_key(&key) || self.fn_values.contains_key(name);
                }
                if self.nested_function(name).is_some() {
                    return true;
                }
                match self.lw.info.globals.get(name) {
                    Some(Global::Func(_)) => true,
                    Some(Global::Qualified(q)) => optable::lookup(q).is_some(),
                    Some(_) => false,
                    None => optable::lookup(&format!("builtins.{name}")).is_some(),
                }
            }
            ast::Expr::Attribute(a) => match a.value.as_ref() {
                ast::Expr::Name(m) => {
                    !self.locals.contains(m.id.as_str()) && matches!(self.lw.info.globals.get(m.id.as_str()), Some(Global::Module(_)))
                }
                _ => false,
            },
            _ => false,
        }
    }
}

/// Calls `f` with every name the expression reads (not attribute names).
fn names_read<'e>(e: &'e ast::Expr, f: &mut dyn FnMut(&str)) {
    if let ast::Expr::Name(n) = e {
        f(n.id.as_str());
    }
    crate::front::ast_walk::for_each_child(e, &mut |c| names_read(c, f));
}

/// Names bound inside the expression (comprehension targets, parameters of
/// nested lambdas): reading them is not reading the enclosing scope.
fn collect_bound(e: &ast::Expr, out: &mut HashSet<String>) {
    match e {
        ast::Expr::ListComp(ast::ExprListComp { generators, .. })
        | ast::Expr::SetComp(ast::ExprSetComp { generators, .. })
        | ast::Expr::GeneratorExp(ast::ExprGeneratorExp { generators, .. })
        | ast::Expr::DictComp(ast::ExprDictComp { generators, .. }) => {
            for g in generators {
                crate::front::ast_walk::target_names(&g.target, out);
            }
        }
        ast::Expr::Lambda(l) => {
            for p in l.args.posonlyargs.iter().chain(&l.args.args) {
                out.insert(p.def.arg.to_string());
            }
        }
        _ => {}
    }
    crate::front::ast_walk::for_each_child(e, &mut |c| collect_bound(c, out));
}
