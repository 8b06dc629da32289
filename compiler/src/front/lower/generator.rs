//! Generator functions, inlined where they are iterated.
//!
//! kiln has no generator objects. `for x in g(a): body` (and every other
//! consumer of an iterable: comprehensions, `list`, `sum`, `min`, `any`,
//! `enumerate`, `yield from`, ... all go through `iterate`) lowers `g`'s
//! body in place, with `g`'s variables renamed to hidden ones
//! (`$g<path>_<name>`, `path` the offsets of the chain of inlined calls),
//! and each `yield v` becomes "bind `x` to `v`; run `body`". The IR:
//!
//! ```text
//! for _ in 0..1:                  # W: `return` in g leaves it (Break(depth))
//!     <g's statements>
//!         for _ in 0..1:          # O, at each yield: the consumer's body;
//!             x = v; body         # `continue` ends O (resumes after the
//!                                 # yield), `break` leaves O .. W
//! else-clause                     # with `for ... else`: W is wrapped in a
//!                                 # second one-shot loop that `break` leaves
//! ```
//!
//! The consumer body sees the consumer's names and the generator's
//! statements see only the generator's (its locals renamed, everything else
//! global), as in CPython; execution interleaves exactly as CPython's
//! (the generator runs up to each `yield`, then the consumer's body). An
//! argument that is itself a generator call is bound lazily
//! (`FnCx::deferred`), so `g(h(n))` runs `h` as `g` pulls from it.
//!
//! A generator met again inside its own inlining (recursion) is
//! materialized: its list-building twin `g$list` (`front/generators.rs`) is
//! called and the list iterated. Only the outermost level stays lazy, so
//! this is refused when running the inner levels ahead of their consumer
//! could be observed (`generators::materialize_hazard`: printing, method
//! calls on parameters).
//!
//! Invariants:
//! - the consumer's `break` leaves every loop up to W (`FnCx::gen_break`),
//!   its `return` returns from the function, its `continue` resumes the
//!   generator after the `yield`;
//! - the generator's `return` leaves W (`FnCx::gen_ret`), so a consumer's
//!   `else` still runs;
//! - `yield` is supported as a statement in the generator's body and inside
//!   its `if`/`for`/`while` bodies; anywhere else it is reported.

use std::collections::{HashMap, HashSet};

use rustpython_parser::ast;

use super::container::Iterable;
use super::FnCx;
use crate::diag::{Diagnostic, Span};
use crate::front::generators;
use crate::front::module::{eval_const, span_of, Global};
use crate::ir::{self, Const, Op, Stmt};
use crate::types::Type;

/// How many generators may be inlined inside one another.
const MAX_GEN_DEPTH: usize = 16;

/// A generator call, its arguments evaluated, waiting to be iterated.
#[derive(Clone)]
pub struct GenCall {
    func: usize,
    /// Parameter names with their arguments.
    args: Vec<(String, GenArg)>,
    /// Variables of the enclosing function a lifted nested generator reads,
    /// with the caller's variable they mean.
    captures: Vec<(String, String)>,
    /// Offsets of the calls inlined around this one, this one last.
    path: String,
}

#[derive(Clone)]
enum GenArg {
    Val(ir::Value),
    /// A generator call passed as an argument: iterated where the parameter is.
    Iter(Iterable),
}

/// The name scope of the code being lowered.
#[derive(Clone)]
struct Scope<'a> {
    renames: HashMap<String, String>,
    locals: HashSet<String>,
    def: &'a ast::StmtFunctionDef,
    gen_ret: Option<u32>,
    gen_break: Option<(u32, u32)>,
    gen_stack: Vec<(usize, String)>,
}

impl<'l, 'a> FnCx<'l, 'a> {
    fn scope(&self) -> Scope<'a> {
        Scope {
            renames: self.renames.clone(),
            locals: self.locals.clone(),
            def: self.def,
            gen_ret: self.gen_ret,
            gen_break: self.gen_break,
            gen_stack: self.gen_stack.clone(),
        }
    }

    fn set_scope(&mut self, s: Scope<'a>) {
        self.renames = s.renames;
        self.locals = s.locals;
        self.def = s.def;
        self.gen_ret = s.gen_ret;
        self.gen_break = s.gen_break;
        self.gen_stack = s.gen_stack;
    }

    /// `g(args)` where an iterable is expected: the arguments are evaluated
    /// now (as in CPython, before the body starts).
    pub(super) fn generator_call(&mut self, func: usize, c: &'a ast::ExprCall, span: Span) -> Option<Iterable> {
        let def = self.lw.info.funcs[func];
        let recursive = self.gen_stack.iter().any(|(f, _)| *f == func) || self.def.name.as_str() == generators::list_twin(&def.name);
        if recursive || self.gen_stack.len() >= MAX_GEN_DEPTH {
            return self.materialize(func, c, span);
        }
        let a = &def.args;
        if a.vararg.is_some() || a.kwarg.is_some() || !a.kwonlyargs.is_empty() {
            self.error(span, "`*args`, `**kwargs` and keyword-only parameters are not supported");
            return None;
        }
        let params: Vec<&ast::ArgWithDefault> = a.posonlyargs.iter().chain(&a.args).collect();
        if c.args.len() > params.len() {
            self.error(span, format!("`{}` takes {} positional arguments but {} were given", def.name, params.len(), c.args.len()));
            return None;
        }
        let mut vals: Vec<Option<GenArg>> = vec![None; params.len()];
        for (i, x) in c.args.iter().enumerate() {
            if matches!(x, ast::Expr::Starred(_)) {
                self.error(span, "`*args` in calls is not supported");
                return None;
            }
            vals[i] = Some(self.generator_arg(x)?);
        }
        for k in &c.keywords {
            let Some(name) = &k.arg else {
                self.error(span, "`**kwargs` in calls is not supported");
                return None;
            };
            let Some(i) = params.iter().position(|p| p.def.arg.as_str() == name.as_str()) else {
                self.error(span, format!("`{}` got an unexpected keyword argument `{name}`", def.name));
                return None;
            };
            if vals[i].is_some() {
                self.error(span, format!("`{}` got multiple values for argument `{name}`", def.name));
                return None;
            }
            vals[i] = Some(self.generator_arg(&k.value)?);
        }
        let mut args = Vec::new();
        for (p, v) in params.iter().zip(vals) {
            let v = match (v, &p.default) {
                (Some(v), _) => v,
                (None, Some(d)) => match eval_const(d, self.lw.info) {
                    Ok(cv) => GenArg::Val(self.const_value(&cv, span)),
                    Err(why) => {
                        self.error(crate::front::module::span_of_expr(d), format!("unsupported default value: {why}"));
                        return None;
                    }
                },
                (None, None) => {
                    self.error(span, format!("`{}` missing required argument `{}`", def.name, p.def.arg));
                    return None;
                }
            };
            args.push((p.def.arg.to_string(), v));
        }
        let captures = self.lw.info.lifted.get(&func).map(|l| l.captures.clone()).unwrap_or_default();
        let captures = captures
            .into_iter()
            .map(|n| {
                let key = self.renames.get(&n).cloned().unwrap_or_else(|| self.var_key(&n, span.start));
                (n, key)
            })
            .collect();
        let path = format!("{}{}.", self.gen_stack.last().map_or("", |(_, p)| p.as_str()), span.start);
        Some(Iterable::Gen(Box::new(GenCall { func, args, captures, path })))
    }

    /// One argument of a generator call: a value, or, for a generator call,
    /// `range`/`enumerate`/`zip`/`reversed` (no values in kiln) or a
    /// parameter bound to one, the iterable itself (evaluated lazily).
    fn generator_arg(&mut self, x: &'a ast::Expr) -> Option<GenArg> {
        let lazy = match x {
            ast::Expr::Call(c) => match c.func.as_ref() {
                ast::Expr::Name(n) => {
                    let id = n.id.as_str();
                    let global = self.lw.info.globals.get(id);
                    let own = self.renames.contains_key(id) || self.locals.contains(id);
                    let generator = matches!(global, Some(Global::Func(i)) if generators::is_generator(self.lw.info.funcs[*i]));
                    let builtin_iter = global.is_none() && matches!(id, "range" | "enumerate" | "zip" | "reversed");
                    !own && (generator || builtin_iter)
                }
                _ => false,
            },
            ast::Expr::Name(n) => self.renames.get(n.id.as_str()).is_some_and(|h| self.deferred.contains_key(h)),
            _ => false,
        };
        if lazy {
            Some(GenArg::Iter(self.iterable(x)?))
        } else {
            Some(GenArg::Val(self.value_expr(x)))
        }
    }

    /// A recursive generator call: its list-building twin's result.
    fn materialize(&mut self, func: usize, c: &'a ast::ExprCall, span: Span) -> Option<Iterable> {
        let def = self.lw.info.funcs[func];
        if let Some((at, why)) = generators::materialize_hazard(def) {
            self.diags.push(
                Diagnostic::error(span, format!("not supported: this recursive call of generator `{}` cannot run lazily", def.name))
                    .with_secondary(at.into(), why)
                    .with_note("kiln inlines generators; the inner levels of a recursive generator are computed into a list before they are iterated, which is only done when that cannot be observed (no printing, no method calls on parameters)"),
            );
            return None;
        }
        let twin = generators::list_twin(&def.name);
        let Some(Global::Func(j)) = self.lw.info.globals.get(&twin).cloned() else {
            self.error(
                span,
                format!("not supported: generator `{}` is reached again inside itself (mutual recursion, or more than {MAX_GEN_DEPTH} generators inlined inside one another)", def.name),
            );
            return None;
        };
        let v = self.call_user(j, c, span);
        match self.ty(v) {
            Type::List(_) => Some(Iterable::Seq(v)),
            _ => None,
        }
    }

    /// A generator call used where a value is needed.
    pub(super) fn generator_as_value(&mut self, def: &ast::StmtFunctionDef, span: Span) -> ir::Value {
        // A generated itertools generator is shown by its itertools name.
        let shown = match def.name.strip_prefix("itertools$") {
            Some(rest) => {
                let base = rest.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_');
                format!("itertools.{}", base.trim_end_matches("_times").trim_end_matches("_unbounded"))
            }
            None => def.name.to_string(),
        };
        self.diags.push(
            Diagnostic::error(span, format!("not supported: generator `{shown}(...)` used as a value"))
                .with_label("a generator object")
                .with_note("kiln has no generator objects: iterate it where it is called (a `for` loop, a comprehension, or `list`, `set`, `sorted`, `sum`, `min`, `max`, `any`, `all` of it), or store it in a variable read once"),
        );
        self.poison()
    }

    /// A one-iteration loop around `f`'s statements.
    fn one_shot(&mut self, span: Span, orelse: Option<ir::Block>, f: impl FnOnce(&mut Self)) {
        let start = self.const_int(0, span);
        let stop = self.const_int(1, span);
        let step = self.const_int(1, span);
        let b = self.func.new_block();
        let index = self.func.make_loop_index(b, Type::Int);
        let saved = std::mem::replace(&mut self.cur, b);
        self.loop_depth += 1;
        f(self);
        self.loop_depth -= 1;
        self.cur = saved;
        self.reachable = true;
        self.push_stmt(Stmt::For { index, start, stop, step, body: b, orelse, attrs: ir::LoopAttrs::default(), span });
    }

    /// Iterates generator call `g`: its body inlined, `body` run at each `yield`.
    pub(super) fn inline_generator(&mut self, g: GenCall, span: Span, orelse: &'a [ast::Stmt], body: &mut dyn FnMut(&mut Self, ir::Value)) {
        let def = self.lw.info.funcs[g.func];
        let before = self.assigned.clone();
        let consumer = self.scope();
        let mut renames: HashMap<String, String> =
            crate::front::scope::local_names(def).into_iter().map(|n| (n.clone(), format!("$g{}_{n}", g.path))).collect();
        renames.extend(g.captures.iter().cloned());
        let mut gen_stack = consumer.gen_stack.clone();
        gen_stack.push((g.func, g.path.clone()));
        let inner = Scope { renames, locals: HashSet::new(), def, gen_ret: None, gen_break: None, gen_stack };
        for (p, a) in g.args {
            let hidden = inner.renames[&p].clone();
            match a {
                GenArg::Val(v) => self.assign_var(&hidden, v, span),
                GenArg::Iter(it) => {
                    self.deferred.insert(hidden, it);
                }
            }
        }
        self.one_shot(span, None, |fx| {
            let brk_depth = fx.loop_depth;
            let mut run = |fx: &mut Self| {
                fx.set_scope(Scope { gen_ret: Some(fx.loop_depth), ..inner.clone() });
                let mut on_yield = |fx: &mut Self, v: ir::Value| {
                    let gen_side = fx.scope();
                    let assigned = fx.assigned.clone();
                    fx.set_scope(consumer.clone());
                    fx.one_shot(span, None, |fx| {
                        fx.gen_break = Some((fx.loop_depth, fx.loop_depth - brk_depth));
                        body(fx, v);
                    });
                    fx.set_scope(gen_side);
                    fx.assigned = assigned;
                    fx.reachable = true;
                };
                fx.generator_stmts(&def.body, &mut on_yield);
                fx.set_scope(consumer.clone());
                fx.reachable = true;
            };
            if orelse.is_empty() {
                run(fx);
            } else {
                fx.one_shot(span, None, run);
                fx.assigned = before.clone();
                fx.lower_stmts(orelse);
            }
        });
        self.assigned = before;
        self.reachable = true;
    }

    /// How many extra loop levels a `break` at this point of a consumer's
    /// body leaves: the loops of the generator it runs inside, if any
    /// (`FnCx::gen_break`), else none.
    pub(super) fn consumer_break_levels(&self) -> u32 {
        match self.gen_break {
            Some((depth, levels)) if depth == self.loop_depth => levels,
            _ => 0,
        }
    }

    /// `return` in an inlined generator: leaves its wrapper loop.
    pub(super) fn generator_return(&mut self) {
        let depth = self.gen_ret.expect("only called inside an inlined generator");
        self.push_stmt(Stmt::Break(self.loop_depth - depth));
        self.reachable = false;
    }

    /// An inlined generator's statements: `yield` runs `on_yield`.
    fn generator_stmts(&mut self, stmts: &'a [ast::Stmt], on_yield: &mut dyn FnMut(&mut Self, ir::Value)) {
        for s in stmts {
            if !self.reachable {
                break;
            }
            if !generators::stmt_yields(s) {
                self.lower_stmt(s);
                continue;
            }
            let span = span_of(s);
            match s {
                ast::Stmt::Expr(e) => match e.value.as_ref() {
                    ast::Expr::Yield(y) => {
                        let v = match &y.value {
                            Some(x) => self.value_expr(x),
                            None => self.emit1(Op::Const(Const::None), vec![], Type::None, span),
                        };
                        on_yield(self, v);
                    }
                    ast::Expr::YieldFrom(y) => {
                        if let Some(it) = self.iterable(&y.value) {
                            self.iterate(it, span, &[], &mut |fx, x| on_yield(fx, x));
                        }
                    }
                    _ => self.unsupported_yield(span),
                },
                ast::Stmt::If(i) => self.lower_if_with(&i.test, &i.body, &i.orelse, &mut |fx, b| fx.generator_stmts(b, on_yield)),
                ast::Stmt::For(f) => self.lower_for_with(f, span, &mut |fx, b| fx.generator_stmts(b, on_yield)),
                ast::Stmt::While(w) => self.lower_while_with(w, span, &mut |fx, b| fx.generator_stmts(b, on_yield)),
                _ => self.unsupported_yield(span),
            }
        }
    }

    fn unsupported_yield(&mut self, span: Span) {
        self.diags.push(
            Diagnostic::error(span, "not supported yet: `yield` in this position")
                .with_note("kiln inlines generators; `yield` and `yield from` are supported as statements of the generator's body and of its `if`, `for` and `while` bodies (not in `try`, `with`, a loop's `else`, or as an expression)"),
        );
    }
}
