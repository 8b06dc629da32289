//! Lambdas and nested functions whose body is one `return` expression,
//! inlined at each call.
//!
//! `g = lambda x: x * k` (or `def g(x): return x * k` inside a function)
//! binds `g` at compile time to the function's syntax (`InlineFn`); a call
//! `g(a)` evaluates the arguments, stores them in hidden variables for the
//! parameters and lowers the body in place. Free variables of the body are
//! read when the call runs, which is CPython's late binding of closures. A
//! lambda written where it is called, `(lambda y: y + 1)(x)`, is inlined the
//! same way; `map`, `filter` and `key=` take lambdas through `front/desugar.rs`.
//!
//! Invariants:
//! - a name bound to an inline function is bound exactly once in its
//!   function (otherwise which body a call means would depend on the path);
//! - the body sees the comprehension renames that were active where the
//!   lambda was written, plus its parameters, and nothing of the call site's;
//! - inlining depth is bounded (`MAX_DEPTH`): a lambda that calls itself is
//!   reported, not expanded forever.

use std::collections::HashMap;

use rustpython_parser::ast;

use super::{FnCx, Operand};
use crate::diag::{Diagnostic, Span};
use crate::ir;

const MAX_DEPTH: u32 = 8;

/// A lambda or single-expression nested function, by its syntax.
#[derive(Clone, Debug)]
pub struct InlineFn<'a> {
    pub name: String,
    pub args: &'a ast::Arguments,
    pub body: &'a ast::Expr,
    /// Comprehension renames active where it was written.
    pub scope: HashMap<String, String>,
}

impl<'l, 'a> FnCx<'l, 'a> {
    /// The operand for a lambda expression written in place.
    pub(super) fn lambda_operand(&mut self, l: &'a ast::ExprLambda) -> Operand {
        let f = InlineFn { name: "<lambda>".to_string(), args: &l.args, body: &l.body, scope: self.renames.clone() };
        self.inline_fns.push(f);
        Operand::Inline(self.inline_fns.len() - 1)
    }

    /// `name = lambda ...` or a nested `def name(...): return expr`: binds
    /// `name` to the function for the rest of this function.
    pub(super) fn bind_inline(&mut self, name: &str, key: String, args: &'a ast::Arguments, body: &'a ast::Expr, span: Span) {
        if crate::front::scope::binding_count(self.def, name) != 1 {
            self.diags.push(
                Diagnostic::error(span, format!("`{name}` holds a function here and is assigned elsewhere too"))
                    .with_note("kiln inlines lambdas and nested functions at their calls; bind each to its own name, once"),
            );
            return;
        }
        let f = InlineFn { name: name.to_string(), args, body, scope: self.renames.clone() };
        self.inline_fns.push(f);
        self.inline_names.insert(key, self.inline_fns.len() - 1);
    }

    /// A nested `def`: lifted to module level (`front/module.rs`) and called
    /// directly; if it was not lifted (a `def` inside a nested function),
    /// inlinable when its body is one `return expr` (after an optional
    /// docstring), without decorators.
    pub(super) fn nested_def(&mut self, d: &'a ast::StmtFunctionDef, span: Span) {
        if self.nested_function(d.name.as_str()).is_some() {
            if crate::front::scope::binding_count(self.def, d.name.as_str()) != 1 {
                self.diags.push(
                    Diagnostic::error(span, format!("nested function `{}` is bound more than once", d.name))
                        .with_note("kiln calls nested functions directly; give each its own name"),
                );
            }
            if !d.decorator_list.is_empty() {
                self.diags.push(Diagnostic::error(span, "decorators are not supported"));
            }
            return;
        }
        let body: Vec<&ast::Stmt> = d
            .body
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                !(*i == 0 && matches!(s, ast::Stmt::Expr(e) if matches!(e.value.as_ref(), ast::Expr::Constant(c) if matches!(c.value, ast::Constant::Str(_)))))
            })
            .map(|(_, s)| s)
            .collect();
        match body.as_slice() {
            [ast::Stmt::Return(ast::StmtReturn { value: Some(e), .. })] if d.decorator_list.is_empty() => {
                let name = d.name.to_string();
                self.bind_inline(&name, name.clone(), &d.args, e, span);
            }
            _ => {
                self.diags.push(
                    Diagnostic::error(span, "not supported yet: a nested function with statements")
                        .with_note("kiln inlines nested functions whose body is a single `return` expression (and lambdas); define bigger helpers at module level and pass what they need as arguments"),
                );
                // Its calls would only repeat the problem.
                self.poisoned.insert(d.name.to_string());
            }
        }
    }

    /// A call of an inline function: arguments bound to hidden variables,
    /// then the body lowered in place.
    pub(super) fn call_inline(&mut self, index: usize, c: &'a ast::ExprCall, span: Span) -> ir::Value {
        let f = self.inline_fns[index].clone();
        if self.inline_depth >= MAX_DEPTH {
            return self.error(
                span,
                format!("`{}` calls itself: kiln inlines lambdas at their calls, so they cannot recurse; a nested `def` can", f.name),
            );
        }
        let a = f.args;
        if a.vararg.is_some() || a.kwarg.is_some() || !a.kwonlyargs.is_empty() {
            return self.error(span, "`*args`, `**kwargs` and keyword-only parameters of lambdas are not supported");
        }
        let params: Vec<&ast::ArgWithDefault> = a.posonlyargs.iter().chain(&a.args).collect();
        if c.args.len() > params.len() {
            return self.error(span, format!("`{}` takes {} positional arguments but {} were given", f.name, params.len(), c.args.len()));
        }
        // Arguments are evaluated left to right at the call, before binding.
        let Some(mut vals) = self.argument_slots(&f.name, &params, c, None, span) else { return self.poison() };
        for (i, p) in params.iter().enumerate() {
            if vals[i].is_none() {
                match &p.default {
                    Some(d) => vals[i] = Some(self.value_expr(d)),
                    None => return self.error(span, format!("`{}` missing required argument `{}`", f.name, p.def.arg)),
                }
            }
        }
        let depth = self.inline_depth;
        let saved = std::mem::replace(&mut self.renames, f.scope.clone());
        for (p, v) in params.iter().zip(vals) {
            let hidden = format!("$f{}_{}_{}", span.start, depth, p.def.arg);
            if let Some(v) = v {
                self.assign_var(&hidden, v, span);
            }
            self.renames.insert(p.def.arg.to_string(), hidden);
        }
        self.inline_depth += 1;
        let r = self.value_expr(f.body);
        self.inline_depth -= 1;
        self.renames = saved;
        r
    }
}
