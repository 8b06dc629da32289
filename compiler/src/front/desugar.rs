//! Desugaring on the AST, before module resolution and lowering: `map` and
//! `filter` become generator expressions, and a generator expression stored
//! in a variable that is read once is moved to that read (iterator fusion).
//!
//! - `map(f, xs)` is `(f(m) for m in xs)`, `map(f, xs, ys)` is
//!   `(f(m0, m1) for (m0, m1) in zip(xs, ys))`, and `map(lambda x: e, xs)` is
//!   `(e for x in xs)`;
//! - `filter(f, xs)` is `(m for m in xs if f(m))`, `filter(None, xs)` is
//!   `(m for m in xs if m)` and `filter(lambda x: c, xs)` is `(x for x in xs if c)`.
//!
//! CPython's `map` and `filter` are lazy iterators, and so are generator
//! expressions, which kiln lowers consumed by a loop or a reduction without
//! building a list. `l = map(f, xs); ...; return sum(l)` becomes
//! `return sum(f(m) for m in xs)` when `l` is read exactly once and that is
//! provably the same iteration (see `fuse_stored_generators`); otherwise the
//! stored generator is left alone and lowering reports it.
//!
//! Invariants:
//! - nothing is rewritten where `map`/`filter` are the user's own names
//!   (module-level bindings or locals of the function);
//! - generated names contain `$`, so they never clash with the user's;
//! - generated nodes carry the span of the call they replace, so diagnostics
//!   point at the source.
//!
//! `itertools` calls become calls of generated generator functions here too
//! (`front/itertools.rs`).

use std::collections::HashSet;

use rustpython_parser::ast;
use rustpython_parser::text_size::TextRange;

use crate::diag::Diagnostic;
use crate::front::itertools;

/// Rewrites `suite` in place; reports unsupported `itertools` calls.
pub fn desugar(suite: &mut Vec<ast::Stmt>) -> Vec<Diagnostic> {
    let imports = itertools::take_imports(suite);
    let module_names = module_bindings(suite);
    let generator_names: HashSet<String> = suite
        .iter()
        .filter_map(|s| match s {
            ast::Stmt::FunctionDef(f) if crate::front::generators::is_generator(f) => Some(f.name.to_string()),
            _ => None,
        })
        .collect();
    let mut helpers = itertools::Helpers::default();
    let mut diags = Vec::new();
    let reduce = reduce_bindings(suite);
    for s in suite.iter_mut() {
        if let ast::Stmt::FunctionDef(f) = s {
            let locals = crate::front::scope::local_names(f);
            let mut shadowed = locals.clone();
            shadowed.extend(module_names.iter().cloned());
            // `reduce` names bound at module level but not shadowed by a local.
            let reduce = ReduceNames {
                funcs: reduce.funcs.difference(&locals).cloned().collect(),
                modules: reduce.modules.difference(&locals).cloned().collect(),
            };
            crate::front::range_values::materialize(&mut f.body, &shadowed);
            let mut cx = Cx { shadowed, next: 0, imports: &imports, locals, helpers: &mut helpers, diags: &mut diags, reduce };
            for st in f.body.iter_mut() {
                cx.stmt(st);
            }
            let once = read_and_bound_once(&f.body);
            // Generator functions (the module's and the generated itertools ones) not shadowed here.
            let mut gens: HashSet<String> = generator_names.iter().filter(|g| !cx.locals.contains(*g)).cloned().collect();
            gens.extend(cx.helpers.defs.keys().cloned());
            fuse_stored_generators(&mut f.body, &once, &gens);
        }
    }
    suite.extend(helpers.into_stmts());
    diags
}

/// Names bound at module level other than by `import`/`from ... import` of
/// known modules: a module-level `def map` or `filter = ...` shadows the builtin.
fn module_bindings(suite: &[ast::Stmt]) -> HashSet<String> {
    let mut out = HashSet::new();
    for s in suite {
        match s {
            ast::Stmt::FunctionDef(f) => {
                out.insert(f.name.to_string());
            }
            ast::Stmt::Assign(a) => {
                for t in &a.targets {
                    if let ast::Expr::Name(n) = t {
                        out.insert(n.id.to_string());
                    }
                }
            }
            ast::Stmt::ImportFrom(i) => {
                for a in &i.names {
                    out.insert(a.asname.as_ref().unwrap_or(&a.name).to_string());
                }
            }
            _ => {}
        }
    }
    out
}

/// The names that mean `functools.reduce`: `funcs` (from `from functools
/// import reduce [as r]`) and `modules` (from `import functools [as ft]`,
/// used as `ft.reduce`).
#[derive(Default)]
struct ReduceNames {
    funcs: HashSet<String>,
    modules: HashSet<String>,
}

fn reduce_bindings(suite: &[ast::Stmt]) -> ReduceNames {
    let mut out = ReduceNames::default();
    for s in suite {
        match s {
            ast::Stmt::Import(i) => {
                for a in i.names.iter().filter(|a| a.name.as_str() == "functools") {
                    out.modules.insert(a.asname.as_ref().unwrap_or(&a.name).to_string());
                }
            }
            ast::Stmt::ImportFrom(i) if i.module.as_ref().is_some_and(|m| m.as_str() == "functools") => {
                for a in i.names.iter().filter(|a| a.name.as_str() == "reduce") {
                    out.funcs.insert(a.asname.as_ref().unwrap_or(&a.name).to_string());
                }
            }
            _ => {}
        }
    }
    out
}

struct Cx<'c> {
    shadowed: HashSet<String>,
    next: u32,
    /// The module's `itertools` imports.
    imports: &'c itertools::Imports,
    /// The function's local names.
    locals: HashSet<String>,
    helpers: &'c mut itertools::Helpers,
    diags: &'c mut Vec<Diagnostic>,
    reduce: ReduceNames,
}

fn name(id: &str, range: TextRange, ctx: ast::ExprContext) -> ast::Expr {
    ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(id), ctx, range })
}

impl Cx<'_> {
    fn stmt(&mut self, s: &mut ast::Stmt) {
        use ast::Stmt as S;
        match s {
            S::Expr(e) => self.expr(&mut e.value),
            S::Assign(a) => {
                self.expr(&mut a.value);
                a.targets.iter_mut().for_each(|t| self.expr(t));
            }
            S::AugAssign(a) => {
                self.expr(&mut a.value);
                self.expr(&mut a.target);
            }
            S::AnnAssign(a) => {
                if let Some(v) = &mut a.value {
                    self.expr(v);
                }
            }
            S::Return(r) => {
                if let Some(v) = &mut r.value {
                    self.expr(v);
                }
            }
            S::If(i) => {
                self.expr(&mut i.test);
                i.body.iter_mut().chain(i.orelse.iter_mut()).for_each(|s| self.stmt(s));
            }
            S::While(w) => {
                self.expr(&mut w.test);
                w.body.iter_mut().chain(w.orelse.iter_mut()).for_each(|s| self.stmt(s));
            }
            S::For(f) => {
                self.expr(&mut f.iter);
                f.body.iter_mut().chain(f.orelse.iter_mut()).for_each(|s| self.stmt(s));
            }
            S::Try(t) => {
                t.body.iter_mut().chain(t.orelse.iter_mut()).chain(t.finalbody.iter_mut()).for_each(|s| self.stmt(s));
                for h in t.handlers.iter_mut() {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    h.body.iter_mut().for_each(|s| self.stmt(s));
                }
            }
            S::Assert(a) => {
                self.expr(&mut a.test);
                if let Some(m) = &mut a.msg {
                    self.expr(m);
                }
            }
            S::Raise(r) => {
                if let Some(e) = &mut r.exc {
                    self.expr(e);
                }
            }
            _ => {}
        }
    }

    fn expr(&mut self, e: &mut ast::Expr) {
        use ast::Expr as E;
        // Children first, so that `map(f, map(g, xs))` nests.
        match e {
            E::BoolOp(b) => b.values.iter_mut().for_each(|x| self.expr(x)),
            E::BinOp(b) => {
                self.expr(&mut b.left);
                self.expr(&mut b.right);
            }
            E::UnaryOp(u) => self.expr(&mut u.operand),
            E::IfExp(i) => {
                self.expr(&mut i.test);
                self.expr(&mut i.body);
                self.expr(&mut i.orelse);
            }
            E::Dict(d) => {
                d.keys.iter_mut().flatten().for_each(|x| self.expr(x));
                d.values.iter_mut().for_each(|x| self.expr(x));
            }
            E::Set(s) => s.elts.iter_mut().for_each(|x| self.expr(x)),
            E::List(l) => l.elts.iter_mut().for_each(|x| self.expr(x)),
            E::Tuple(t) => t.elts.iter_mut().for_each(|x| self.expr(x)),
            E::Compare(c) => {
                self.expr(&mut c.left);
                c.comparators.iter_mut().for_each(|x| self.expr(x));
            }
            E::Call(c) => {
                self.expr(&mut c.func);
                c.args.iter_mut().for_each(|x| self.expr(x));
                c.keywords.iter_mut().for_each(|k| self.expr(&mut k.value));
            }
            E::Subscript(s) => {
                self.expr(&mut s.value);
                self.expr(&mut s.slice);
            }
            E::Attribute(a) => self.expr(&mut a.value),
            E::Starred(s) => self.expr(&mut s.value),
            E::ListComp(c) => self.comprehension(&mut c.generators, std::slice::from_mut(&mut c.elt)),
            E::SetComp(c) => self.comprehension(&mut c.generators, std::slice::from_mut(&mut c.elt)),
            E::GeneratorExp(c) => self.comprehension(&mut c.generators, std::slice::from_mut(&mut c.elt)),
            E::DictComp(c) => {
                self.comprehension(&mut c.generators, &mut []);
                self.expr(&mut c.key);
                self.expr(&mut c.value);
            }
            E::FormattedValue(f) => self.expr(&mut f.value),
            E::JoinedStr(j) => j.values.iter_mut().for_each(|x| self.expr(x)),
            E::Lambda(l) => self.expr(&mut l.body),
            _ => {}
        }
        if let Some(g) = self.rewrite_itertools(e).or_else(|| self.rewrite_call(e)).or_else(|| self.rewrite_keyed(e)) {
            *e = g;
        }
        self.attach_reduce_call(e);
    }

    /// `functools.reduce(f, xs[, init])` gets the hidden keyword
    /// `$call=f($accN, $xN)`: the call its lowering (`front/lower/pylib.rs`)
    /// evaluates per element, with the two names bound to the accumulator
    /// and the element. `f` must be a name, a dotted name, a lambda or a
    /// call of a dotted name (`operator.itemgetter(1)`), so evaluating it
    /// per element changes nothing.
    fn attach_reduce_call(&mut self, e: &mut ast::Expr) {
        let ast::Expr::Call(c) = e else { return };
        let is_reduce = match c.func.as_ref() {
            ast::Expr::Name(n) => self.reduce.funcs.contains(n.id.as_str()),
            ast::Expr::Attribute(a) => {
                a.attr.as_str() == "reduce" && matches!(a.value.as_ref(), ast::Expr::Name(m) if self.reduce.modules.contains(m.id.as_str()))
            }
            _ => false,
        };
        if !is_reduce || c.args.len() < 2 || c.keywords.iter().any(|k| k.arg.is_none()) {
            return;
        }
        let plain = |f: &ast::Expr| match f {
            ast::Expr::Name(_) => true,
            ast::Expr::Attribute(a) => matches!(a.value.as_ref(), ast::Expr::Name(_)),
            _ => false,
        };
        let f = &c.args[0];
        let ok = plain(f) || matches!(f, ast::Expr::Lambda(_)) || matches!(f, ast::Expr::Call(inner) if plain(&inner.func));
        if !ok {
            return;
        }
        let range = c.range;
        let n = self.next;
        self.next += 1;
        let call = ast::Expr::Call(ast::ExprCall {
            func: Box::new(f.clone()),
            args: vec![name(&format!("$racc{n}"), range, ast::ExprContext::Load), name(&format!("$rx{n}"), range, ast::ExprContext::Load)],
            keywords: Vec::new(),
            range,
        });
        c.keywords.push(ast::Keyword { arg: Some(ast::Identifier::new(crate::front::lower::REDUCE_CALL)), value: call, range });
    }

    /// A call of an `itertools` function: a call of a generated generator (`front/itertools.rs`).
    fn rewrite_itertools(&mut self, e: &ast::Expr) -> Option<ast::Expr> {
        let ast::Expr::Call(c) = e else { return None };
        let which = match c.func.as_ref() {
            ast::Expr::Attribute(a) => match a.value.as_ref() {
                ast::Expr::Name(m) if self.imports.modules.contains(m.id.as_str()) && !self.locals.contains(m.id.as_str()) => {
                    a.attr.to_string()
                }
                _ => return None,
            },
            ast::Expr::Name(n) if !self.locals.contains(n.id.as_str()) => self.imports.funcs.get(n.id.as_str())?.clone(),
            _ => return None,
        };
        itertools::rewrite_call(c, &which, self.helpers, self.diags)
    }

    fn comprehension(&mut self, gens: &mut [ast::Comprehension], elts: &mut [Box<ast::Expr>]) {
        for g in gens.iter_mut() {
            self.expr(&mut g.iter);
            g.ifs.iter_mut().for_each(|c| self.expr(c));
        }
        elts.iter_mut().for_each(|e| self.expr(e));
    }

    /// `sorted(xs, key=f)`, `min(xs, key=f)` and `max(xs, key=f)` by
    /// decorating: the elements are sorted or compared as `(f(x), i, x)`
    /// tuples, `i` the position (`-i` for `max` and `reverse=True`), so that
    /// `f` runs once per element, equal keys keep CPython's order (stable
    /// sort; the first of equal minima or maxima) and elements themselves are
    /// never compared.
    fn rewrite_keyed(&mut self, e: &ast::Expr) -> Option<ast::Expr> {
        let ast::Expr::Call(c) = e else { return None };
        let ast::Expr::Name(callee) = c.func.as_ref() else { return None };
        let which = callee.id.as_str();
        if !matches!(which, "sorted" | "min" | "max") || self.shadowed.contains(which) || c.args.len() != 1 {
            return None;
        }
        let mut key = None;
        let mut reverse = false;
        for k in &c.keywords {
            match (k.arg.as_ref().map(|a| a.as_str()), &k.value) {
                (Some("key"), v) => key = Some(v),
                (Some("reverse"), ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Bool(b), .. })) if which == "sorted" => {
                    reverse = *b
                }
                _ => return None,
            }
        }
        let f = key?;
        if matches!(f, ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::None, .. })) {
            return None;
        }
        let range = c.range;
        let k = self.next;
        self.next += 1;
        let pos = format!("{which}$i{k}");
        // The element's name: the lambda's parameter, or a fresh one.
        let (elem, keyed) = match f {
            ast::Expr::Lambda(l) => {
                let a = &l.args;
                let plain = a.posonlyargs.is_empty()
                    && a.vararg.is_none()
                    && a.kwarg.is_none()
                    && a.kwonlyargs.is_empty()
                    && a.args.len() == 1
                    && a.args[0].default.is_none();
                if !plain {
                    return None;
                }
                (a.args[0].def.arg.to_string(), (*l.body).clone())
            }
            other => {
                let v = format!("{which}$v{k}");
                let call = ast::Expr::Call(ast::ExprCall {
                    func: Box::new(other.clone()),
                    args: vec![name(&v, range, ast::ExprContext::Load)],
                    keywords: Vec::new(),
                    range,
                });
                (v, call)
            }
        };
        let descending = which == "max" || reverse;
        let index = if descending {
            ast::Expr::UnaryOp(ast::ExprUnaryOp {
                op: ast::UnaryOp::USub,
                operand: Box::new(name(&pos, range, ast::ExprContext::Load)),
                range,
            })
        } else {
            name(&pos, range, ast::ExprContext::Load)
        };
        let decorated = ast::Expr::Tuple(ast::ExprTuple {
            elts: vec![keyed, index, name(&elem, range, ast::ExprContext::Load)],
            ctx: ast::ExprContext::Load,
            range,
        });
        let target = ast::Expr::Tuple(ast::ExprTuple {
            elts: vec![name(&pos, range, ast::ExprContext::Store), name(&elem, range, ast::ExprContext::Store)],
            ctx: ast::ExprContext::Store,
            range,
        });
        let enumerate = ast::Expr::Call(ast::ExprCall {
            func: Box::new(name("enumerate", range, ast::ExprContext::Load)),
            args: c.args.clone(),
            keywords: Vec::new(),
            range,
        });
        let gen = ast::Expr::GeneratorExp(ast::ExprGeneratorExp {
            elt: Box::new(decorated),
            generators: vec![ast::Comprehension { target, iter: enumerate, ifs: Vec::new(), is_async: false, range: range.into() }],
            range,
        });
        let third = |v: ast::Expr| {
            ast::Expr::Subscript(ast::ExprSubscript {
                value: Box::new(v),
                slice: Box::new(ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Int(2.into()), kind: None, range })),
                ctx: ast::ExprContext::Load,
                range,
            })
        };
        let keywords = if reverse {
            vec![ast::Keyword {
                arg: Some(ast::Identifier::new("reverse")),
                value: ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Bool(true), kind: None, range }),
                range,
            }]
        } else {
            Vec::new()
        };
        let reduced =
            ast::Expr::Call(ast::ExprCall { func: Box::new(name(which, range, ast::ExprContext::Load)), args: vec![gen], keywords, range });
        if which != "sorted" {
            return Some(third(reduced));
        }
        let t = format!("sorted$t{k}");
        Some(ast::Expr::ListComp(ast::ExprListComp {
            elt: Box::new(third(name(&t, range, ast::ExprContext::Load))),
            generators: vec![ast::Comprehension {
                target: name(&t, range, ast::ExprContext::Store),
                iter: reduced,
                ifs: Vec::new(),
                is_async: false,
                range: range.into(),
            }],
            range,
        }))
    }

    /// The generator expression a `map(...)` or `filter(...)` call stands for.
    fn rewrite_call(&mut self, e: &ast::Expr) -> Option<ast::Expr> {
        let ast::Expr::Call(c) = e else { return None };
        let ast::Expr::Name(callee) = c.func.as_ref() else { return None };
        let which = callee.id.as_str();
        if !matches!(which, "map" | "filter") || self.shadowed.contains(which) || !c.keywords.is_empty() {
            return None;
        }
        if c.args.iter().any(|a| matches!(a, ast::Expr::Starred(_))) {
            return None;
        }
        let range = c.range;
        let (f, iters) = c.args.split_first()?;
        if iters.is_empty() || (which == "filter" && iters.len() != 1) {
            return None;
        }
        let lambda = match f {
            ast::Expr::Lambda(l) => Some(l),
            _ => None,
        };
        if let Some(l) = lambda {
            // A lambda's parameters become the comprehension's targets; defaults,
            // `*args` and keywords do not fit that mold.
            let a = &l.args;
            let plain = a.posonlyargs.is_empty()
                && a.vararg.is_none()
                && a.kwarg.is_none()
                && a.kwonlyargs.is_empty()
                && a.args.iter().all(|p| p.default.is_none());
            if !plain || a.args.len() != iters.len() {
                return None;
            }
        }
        let k = self.next;
        self.next += 1;
        // The comprehension's targets: the lambda's parameters, or fresh names.
        let targets: Vec<String> = match lambda {
            Some(l) => l.args.args.iter().map(|p| p.def.arg.to_string()).collect(),
            None => (0..iters.len()).map(|i| format!("{which}${k}_{i}")).collect(),
        };
        let load = |t: &String| name(t, range, ast::ExprContext::Load);
        let store = |t: &String| name(t, range, ast::ExprContext::Store);
        let (target, iter) = if iters.len() == 1 {
            (store(&targets[0]), iters[0].clone())
        } else {
            let target =
                ast::Expr::Tuple(ast::ExprTuple { elts: targets.iter().map(store).collect(), ctx: ast::ExprContext::Store, range });
            let zip = ast::Expr::Call(ast::ExprCall {
                func: Box::new(name("zip", range, ast::ExprContext::Load)),
                args: iters.to_vec(),
                keywords: Vec::new(),
                range,
            });
            (target, zip)
        };
        let applied = |args: Vec<ast::Expr>| -> ast::Expr {
            match lambda {
                Some(l) => (*l.body).clone(),
                None => ast::Expr::Call(ast::ExprCall { func: Box::new(f.clone()), args, keywords: Vec::new(), range }),
            }
        };
        let (elt, ifs) = if which == "map" {
            (applied(targets.iter().map(load).collect()), Vec::new())
        } else {
            let cond = match f {
                ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::None, .. }) => load(&targets[0]),
                _ => applied(vec![load(&targets[0])]),
            };
            (load(&targets[0]), vec![cond])
        };
        Some(ast::Expr::GeneratorExp(ast::ExprGeneratorExp {
            elt: Box::new(elt),
            generators: vec![ast::Comprehension { target, iter, ifs, is_async: false, range: range.into() }],
            range,
        }))
    }
}

/// Iterator fusion for stored generators: in a statement list, `l = <genexp>`
/// followed by exactly one read of `l` in a later statement of the same list
/// moves the generator expression to the read. Valid when the read happens
/// once (not inside a loop or comprehension body of that statement), `l` is
/// bound nowhere else, and no name read by the eagerly evaluated part of the
/// generator (its first iterable) is bound in between.
fn fuse_stored_generators(body: &mut Vec<ast::Stmt>, once: &HashSet<String>, gens: &HashSet<String>) {
    let mut k = 0;
    while k < body.len() {
        // Recurse into nested statement lists first.
        match &mut body[k] {
            ast::Stmt::If(i) => {
                fuse_stored_generators(&mut i.body, once, gens);
                fuse_stored_generators(&mut i.orelse, once, gens);
            }
            ast::Stmt::For(f) => {
                fuse_stored_generators(&mut f.body, once, gens);
                fuse_stored_generators(&mut f.orelse, once, gens);
            }
            ast::Stmt::While(w) => {
                fuse_stored_generators(&mut w.body, once, gens);
                fuse_stored_generators(&mut w.orelse, once, gens);
            }
            _ => {}
        }
        if let Some(j) = fusable(body, k, once, gens) {
            let ast::Stmt::Assign(a) = body.remove(k) else { unreachable!("fusable checks the form") };
            let ast::Expr::Name(var) = &a.targets[0] else { unreachable!("fusable checks the form") };
            let mut value = Some(*a.value);
            replace_read(&mut body[j - 1], var.id.as_str(), &mut value);
            continue;
        }
        k += 1;
    }
}

/// The index of the statement that reads the generator stored by `body[k]`, if fusion is valid.
fn fusable(body: &[ast::Stmt], k: usize, once: &HashSet<String>, gens: &HashSet<String>) -> Option<usize> {
    let ast::Stmt::Assign(a) = &body[k] else { return None };
    let [ast::Expr::Name(var)] = a.targets.as_slice() else { return None };
    let var = var.id.as_str();
    if !once.contains(var) {
        return None;
    }
    // The part evaluated when the generator is created: a generator
    // expression's first iterable, a generator function's arguments.
    let mut eager = HashSet::new();
    match a.value.as_ref() {
        ast::Expr::GeneratorExp(g) => {
            if !simple_names(&g.generators.first()?.iter, &mut eager) {
                return None;
            }
        }
        ast::Expr::Call(c) if matches!(c.func.as_ref(), ast::Expr::Name(n) if gens.contains(n.id.as_str())) => {
            if !generator_call_names(c, gens, &mut eager) {
                return None;
            }
        }
        _ => return None,
    }
    let mut found = None;
    for (j, s) in body.iter().enumerate().skip(k + 1) {
        let mut c = Count::default();
        c.stmt(s, var, false);
        if c.binds > 0 || c.opaque || c.in_loop > 0 || c.reads > 1 {
            return None;
        }
        let binds_eager = eager.iter().any(|n| {
            let mut b = Count::default();
            b.stmt(s, n, false);
            b.binds > 0 || b.opaque
        });
        if c.reads == 1 {
            if found.is_some() {
                return None;
            }
            found = Some(j);
            // The read's own statement may bind an eager name only after the
            // read; to stay simple, it may not bind one at all.
            if binds_eager {
                return None;
            }
        } else if found.is_none() && binds_eager {
            return None;
        }
    }
    found
}

/// Whether creating generator `c` only reads names (its arguments are
/// simple, or generator calls with simple arguments); collects the names.
fn generator_call_names(c: &ast::ExprCall, gens: &HashSet<String>, out: &mut HashSet<String>) -> bool {
    c.args.iter().chain(c.keywords.iter().map(|k| &k.value)).all(|x| match x {
        ast::Expr::Call(inner) if matches!(inner.func.as_ref(), ast::Expr::Name(n) if gens.contains(n.id.as_str())) => {
            generator_call_names(inner, gens, out)
        }
        other => simple_names(other, out),
    })
}

/// The variables of a function bound exactly once and read exactly once.
fn read_and_bound_once(body: &[ast::Stmt]) -> HashSet<String> {
    let mut names = HashSet::new();
    for s in body {
        collect_assigned(s, &mut names);
    }
    names
        .into_iter()
        .filter(|n| {
            let mut c = Count::default();
            body.iter().for_each(|s| c.stmt(s, n, false));
            c.binds == 1 && c.reads == 1 && !c.opaque
        })
        .collect()
}

/// Names assigned by `name = ...` statements, at any depth.
fn collect_assigned(s: &ast::Stmt, out: &mut HashSet<String>) {
    if let ast::Stmt::Assign(a) = s {
        if let [ast::Expr::Name(n)] = a.targets.as_slice() {
            out.insert(n.id.to_string());
        }
    }
    for b in crate::front::ast_walk::nested_blocks(s) {
        b.iter().for_each(|s| collect_assigned(s, out));
    }
}

/// Whether `e` only reads names (no calls other than a few pure builtins);
/// collects the names.
fn simple_names(e: &ast::Expr, out: &mut HashSet<String>) -> bool {
    match e {
        ast::Expr::Name(n) => {
            out.insert(n.id.to_string());
            true
        }
        ast::Expr::Constant(_) => true,
        ast::Expr::Attribute(a) => simple_names(&a.value, out),
        ast::Expr::BinOp(b) => simple_names(&b.left, out) && simple_names(&b.right, out),
        ast::Expr::UnaryOp(u) => simple_names(&u.operand, out),
        ast::Expr::Tuple(t) => t.elts.iter().all(|x| simple_names(x, out)),
        ast::Expr::Call(c) => {
            let pure = matches!(c.func.as_ref(), ast::Expr::Name(n) if matches!(n.id.as_str(), "range" | "len" | "zip" | "enumerate" | "reversed"));
            pure && c.keywords.is_empty() && c.args.iter().all(|x| simple_names(x, out))
        }
        _ => false,
    }
}

/// Occurrences of one name in a statement.
#[derive(Default)]
struct Count {
    reads: u32,
    /// Reads inside a loop body, a `while` test or a comprehension part that
    /// runs more than once.
    in_loop: u32,
    binds: u32,
    /// A construct this count does not model was seen.
    opaque: bool,
}

impl Count {
    fn stmt(&mut self, s: &ast::Stmt, var: &str, looped: bool) {
        use ast::Stmt as S;
        match s {
            S::Expr(e) => self.expr(&e.value, var, looped),
            S::Assign(a) => {
                self.expr(&a.value, var, looped);
                a.targets.iter().for_each(|t| self.target(t, var, looped));
            }
            S::AugAssign(a) => {
                self.target(&a.target, var, looped);
                self.expr(&a.target, var, looped);
                self.expr(&a.value, var, looped);
            }
            S::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v, var, looped);
                }
                self.target(&a.target, var, looped);
            }
            S::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v, var, looped);
                }
            }
            S::If(i) => {
                self.expr(&i.test, var, looped);
                i.body.iter().chain(&i.orelse).for_each(|s| self.stmt(s, var, looped));
            }
            S::While(w) => {
                self.expr(&w.test, var, true);
                w.body.iter().chain(&w.orelse).for_each(|s| self.stmt(s, var, true));
            }
            S::For(f) => {
                self.expr(&f.iter, var, looped);
                self.target(&f.target, var, true);
                f.body.iter().chain(&f.orelse).for_each(|s| self.stmt(s, var, true));
            }
            S::Pass(_) | S::Break(_) | S::Continue(_) => {}
            S::Assert(a) => {
                self.expr(&a.test, var, looped);
                if let Some(m) = &a.msg {
                    self.expr(m, var, looped);
                }
            }
            S::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e, var, looped);
                }
            }
            // Anything else (try, with, del, nested def, global, ...) may bind
            // or read in ways not counted here: treat it as binding.
            _ => self.opaque = true,
        }
    }

    fn target(&mut self, t: &ast::Expr, var: &str, looped: bool) {
        match t {
            ast::Expr::Name(n) => {
                if n.id.as_str() == var {
                    self.binds += 1;
                }
            }
            ast::Expr::Tuple(t) => t.elts.iter().for_each(|e| self.target(e, var, looped)),
            ast::Expr::List(l) => l.elts.iter().for_each(|e| self.target(e, var, looped)),
            ast::Expr::Starred(s) => self.target(&s.value, var, looped),
            other => self.expr(other, var, looped),
        }
    }

    fn expr(&mut self, e: &ast::Expr, var: &str, looped: bool) {
        use ast::Expr as E;
        match e {
            E::Name(n) => {
                if n.id.as_str() == var {
                    self.reads += 1;
                    if looped {
                        self.in_loop += 1;
                    }
                }
            }
            E::ListComp(c) => self.comprehension(&c.generators, &[&c.elt], var, looped),
            E::SetComp(c) => self.comprehension(&c.generators, &[&c.elt], var, looped),
            E::GeneratorExp(c) => self.comprehension(&c.generators, &[&c.elt], var, looped),
            E::DictComp(c) => self.comprehension(&c.generators, &[&c.key, &c.value], var, looped),
            // Lambdas, `:=`, `yield`, ...: not counted, so not fused.
            E::Lambda(_) | E::NamedExpr(_) | E::Yield(_) | E::YieldFrom(_) | E::Await(_) => self.opaque = true,
            _ => crate::front::ast_walk::for_each_child(e, &mut |x| self.expr(x, var, looped)),
        }
    }

    fn comprehension(&mut self, gens: &[ast::Comprehension], elts: &[&ast::Expr], var: &str, looped: bool) {
        for (i, g) in gens.iter().enumerate() {
            // Only the first iterable is evaluated once.
            self.expr(&g.iter, var, looped || i > 0);
            self.target(&g.target, var, true);
            g.ifs.iter().for_each(|c| self.expr(c, var, true));
        }
        elts.iter().for_each(|e| self.expr(e, var, true));
    }
}

/// Replaces the one read of `var` in `s` with `value`.
fn replace_read(s: &mut ast::Stmt, var: &str, value: &mut Option<ast::Expr>) {
    use ast::Stmt as S;
    match s {
        S::Expr(e) => replace_in(&mut e.value, var, value),
        S::Assign(a) => {
            replace_in(&mut a.value, var, value);
            a.targets.iter_mut().for_each(|t| replace_in(t, var, value));
        }
        S::AugAssign(a) => replace_in(&mut a.value, var, value),
        S::AnnAssign(a) => {
            if let Some(v) = &mut a.value {
                replace_in(v, var, value);
            }
        }
        S::Return(r) => {
            if let Some(v) = &mut r.value {
                replace_in(v, var, value);
            }
        }
        S::If(i) => {
            replace_in(&mut i.test, var, value);
            i.body.iter_mut().chain(i.orelse.iter_mut()).for_each(|s| replace_read(s, var, value));
        }
        S::For(f) => replace_in(&mut f.iter, var, value),
        S::Assert(a) => replace_in(&mut a.test, var, value),
        S::Raise(r) => {
            if let Some(e) = &mut r.exc {
                replace_in(e, var, value);
            }
        }
        _ => {}
    }
}

fn replace_in(e: &mut ast::Expr, var: &str, value: &mut Option<ast::Expr>) {
    use ast::Expr as E;
    if let E::Name(n) = e {
        if n.id.as_str() == var && n.ctx == ast::ExprContext::Load {
            if let Some(v) = value.take() {
                *e = v;
            }
        }
        return;
    }
    match e {
        E::BoolOp(b) => b.values.iter_mut().for_each(|x| replace_in(x, var, value)),
        E::BinOp(b) => {
            replace_in(&mut b.left, var, value);
            replace_in(&mut b.right, var, value);
        }
        E::UnaryOp(u) => replace_in(&mut u.operand, var, value),
        E::IfExp(i) => {
            replace_in(&mut i.test, var, value);
            replace_in(&mut i.body, var, value);
            replace_in(&mut i.orelse, var, value);
        }
        E::Set(s) => s.elts.iter_mut().for_each(|x| replace_in(x, var, value)),
        E::List(l) => l.elts.iter_mut().for_each(|x| replace_in(x, var, value)),
        E::Tuple(t) => t.elts.iter_mut().for_each(|x| replace_in(x, var, value)),
        E::Compare(c) => {
            replace_in(&mut c.left, var, value);
            c.comparators.iter_mut().for_each(|x| replace_in(x, var, value));
        }
        E::Call(c) => {
            replace_in(&mut c.func, var, value);
            c.args.iter_mut().for_each(|x| replace_in(x, var, value));
            c.keywords.iter_mut().for_each(|k| replace_in(&mut k.value, var, value));
        }
        E::Subscript(s) => {
            replace_in(&mut s.value, var, value);
            replace_in(&mut s.slice, var, value);
        }
        E::Attribute(a) => replace_in(&mut a.value, var, value),
        E::Starred(s) => replace_in(&mut s.value, var, value),
        E::ListComp(c) => c.generators.first_mut().into_iter().for_each(|g| replace_in(&mut g.iter, var, value)),
        E::SetComp(c) => c.generators.first_mut().into_iter().for_each(|g| replace_in(&mut g.iter, var, value)),
        E::GeneratorExp(c) => c.generators.first_mut().into_iter().for_each(|g| replace_in(&mut g.iter, var, value)),
        E::DictComp(c) => c.generators.first_mut().into_iter().for_each(|g| replace_in(&mut g.iter, var, value)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desugared(src: &str) -> Vec<ast::Stmt> {
        let mut suite = <ast::Suite as rustpython_parser::Parse>::parse(src, "<test>").expect("parses");
        desugar(&mut suite);
        suite
    }

    fn body(s: &[ast::Stmt]) -> &[ast::Stmt] {
        match &s[0] {
            ast::Stmt::FunctionDef(f) => &f.body,
            _ => panic!("def"),
        }
    }

    #[test]
    fn map_and_filter_become_generators() {
        let s = desugared("def f(xs):\n    return sum(map(abs, xs)), list(filter(lambda x: x > 0, xs))\n");
        let ast::Stmt::Return(r) = &body(&s)[0] else { panic!("return") };
        let txt = format!("{:?}", r.value);
        assert_eq!(txt.matches("GeneratorExp(ExprGeneratorExp").count(), 2, "{txt}");
        assert!(!txt.contains("\"map\""), "{txt}");
    }

    #[test]
    fn shadowed_map_is_left_alone() {
        let s = desugared("def map(f, x):\n    return x\ndef g(xs):\n    return map(abs, xs)\n");
        let ast::Stmt::FunctionDef(g) = &s[1] else { panic!("def") };
        assert!(!format!("{:?}", g.body).contains("GeneratorExp"));
    }

    #[test]
    fn a_stored_generator_read_once_moves_to_its_read() {
        let s = desugared("def f(n):\n    l = map(abs, range(n))\n    return sum(l)\n");
        assert_eq!(body(&s).len(), 1);
        // Read twice, written after, read in a loop, or its iterable rebound: kept.
        for src in [
            "def f(n):\n    l = map(abs, range(n))\n    return sum(l) + sum(l)\n",
            "def f(n):\n    l = map(abs, range(n))\n    l = [1]\n    return sum(l)\n",
            "def f(n):\n    l = map(abs, range(n))\n    t = 0\n    for i in range(3):\n        t += sum(l)\n    return t\n",
            "def f(n):\n    l = map(abs, range(n))\n    n = 2\n    return sum(l)\n",
        ] {
            let s = desugared(src);
            assert!(matches!(&body(&s)[0], ast::Stmt::Assign(_)), "{src}");
        }
    }
}
