//! Python scoping: which names are local to a function.
//!
//! As in CPython, a name bound anywhere in a function body (assignment target,
//! `for` target, `except ... as`, nested `def`, import) is local to the whole
//! function, unless declared `global`; parameters are local too. Reads of a
//! local before its first assignment are therefore local reads, never global ones.

use std::collections::HashSet;

use rustpython_parser::ast;

use crate::front::ast_walk::{for_each_child, target_names};

/// The local names of `def`.
pub fn local_names(def: &ast::StmtFunctionDef) -> HashSet<String> {
    let mut names = HashSet::new();
    let mut globals = HashSet::new();
    for p in def.args.posonlyargs.iter().chain(&def.args.args).chain(&def.args.kwonlyargs) {
        names.insert(p.def.arg.to_string());
    }
    for s in &def.body {
        collect_stmt(s, &mut names, &mut globals);
    }
    names.retain(|n| !globals.contains(n));
    names
}

fn collect_stmt(s: &ast::Stmt, names: &mut HashSet<String>, globals: &mut HashSet<String>) {
    use ast::Stmt as S;
    match s {
        S::Assign(a) => a.targets.iter().for_each(|t| target_names(t, names)),
        S::AugAssign(a) => target_names(&a.target, names),
        S::AnnAssign(a) => target_names(&a.target, names),
        S::For(f) => {
            target_names(&f.target, names);
            f.body.iter().chain(&f.orelse).for_each(|s| collect_stmt(s, names, globals));
        }
        S::While(w) => w.body.iter().chain(&w.orelse).for_each(|s| collect_stmt(s, names, globals)),
        S::If(i) => i.body.iter().chain(&i.orelse).for_each(|s| collect_stmt(s, names, globals)),
        S::Try(t) => {
            t.body.iter().chain(&t.orelse).chain(&t.finalbody).for_each(|s| collect_stmt(s, names, globals));
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                if let Some(n) = &h.name {
                    names.insert(n.to_string());
                }
                h.body.iter().for_each(|s| collect_stmt(s, names, globals));
            }
        }
        S::With(w) => {
            for item in &w.items {
                if let Some(v) = &item.optional_vars {
                    target_names(v, names);
                }
            }
            w.body.iter().for_each(|s| collect_stmt(s, names, globals));
        }
        S::FunctionDef(f) => {
            names.insert(f.name.to_string());
        }
        S::Import(i) => {
            for a in &i.names {
                let bound = a.asname.as_ref().map_or_else(|| a.name.split('.').next().unwrap_or("").to_string(), |n| n.to_string());
                names.insert(bound);
            }
        }
        S::ImportFrom(i) => {
            for a in &i.names {
                names.insert(a.asname.as_ref().unwrap_or(&a.name).to_string());
            }
        }
        S::Global(g) => globals.extend(g.names.iter().map(|n| n.to_string())),
        _ => {}
    }
}

/// How many times `name` is bound in `def`'s body (assignment and `for`
/// targets, augmented assignments, nested `def`s, `except ... as`), at any depth.
pub fn binding_count(def: &ast::StmtFunctionDef, name: &str) -> usize {
    fn target(t: &ast::Expr, name: &str) -> usize {
        match t {
            ast::Expr::Name(n) => usize::from(n.id.as_str() == name),
            ast::Expr::Tuple(t) => t.elts.iter().map(|e| target(e, name)).sum(),
            ast::Expr::List(l) => l.elts.iter().map(|e| target(e, name)).sum(),
            ast::Expr::Starred(s) => target(&s.value, name),
            _ => 0,
        }
    }
    fn stmts(body: &[ast::Stmt], name: &str) -> usize {
        body.iter().map(|s| stmt(s, name)).sum()
    }
    fn stmt(s: &ast::Stmt, name: &str) -> usize {
        use ast::Stmt as S;
        match s {
            S::Assign(a) => a.targets.iter().map(|t| target(t, name)).sum(),
            S::AugAssign(a) => target(&a.target, name),
            S::AnnAssign(a) => target(&a.target, name),
            S::For(f) => target(&f.target, name) + stmts(&f.body, name) + stmts(&f.orelse, name),
            S::While(w) => stmts(&w.body, name) + stmts(&w.orelse, name),
            S::If(i) => stmts(&i.body, name) + stmts(&i.orelse, name),
            S::With(w) => {
                w.items.iter().filter_map(|i| i.optional_vars.as_deref()).map(|v| target(v, name)).sum::<usize>() + stmts(&w.body, name)
            }
            S::Try(t) => {
                let handlers: usize = t
                    .handlers
                    .iter()
                    .map(|h| {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        usize::from(h.name.as_ref().is_some_and(|n| n.as_str() == name)) + stmts(&h.body, name)
                    })
                    .sum();
                stmts(&t.body, name) + handlers + stmts(&t.orelse, name) + stmts(&t.finalbody, name)
            }
            S::FunctionDef(f) => usize::from(f.name.as_str() == name),
            _ => 0,
        }
    }
    stmts(&def.body, name)
}

/// Names read anywhere in `body` (not counting names bound by the
/// comprehension that reads them, nor anything inside nested `def`s).
pub fn loaded_names(body: &[ast::Stmt]) -> HashSet<String> {
    fn expr(e: &ast::Expr, bound: &HashSet<String>, out: &mut HashSet<String>) {
        use ast::Expr as E;
        match e {
            E::Name(n) if !bound.contains(n.id.as_str()) => {
                out.insert(n.id.to_string());
            }
            E::Name(_) => {}
            E::ListComp(c) => comp(&c.generators, &[&c.elt], bound, out),
            E::SetComp(c) => comp(&c.generators, &[&c.elt], bound, out),
            E::GeneratorExp(c) => comp(&c.generators, &[&c.elt], bound, out),
            E::DictComp(c) => comp(&c.generators, &[&c.key, &c.value], bound, out),
            E::Lambda(l) => {
                let mut inner = bound.clone();
                for p in l.args.posonlyargs.iter().chain(&l.args.args) {
                    inner.insert(p.def.arg.to_string());
                }
                expr(&l.body, &inner, out);
            }
            // `x := v` binds `x`; only `v` is read.
            E::NamedExpr(n) => expr(&n.value, bound, out),
            _ => for_each_child(e, &mut |x| expr(x, bound, out)),
        }
    }
    fn comp(gens: &[ast::Comprehension], elts: &[&ast::Expr], bound: &HashSet<String>, out: &mut HashSet<String>) {
        let mut inner = bound.clone();
        for g in gens {
            expr(&g.iter, &inner, out);
            let mut names = HashSet::new();
            target_names(&g.target, &mut names);
            inner.extend(names);
            g.ifs.iter().for_each(|c| expr(c, &inner, out));
        }
        elts.iter().for_each(|e| expr(e, &inner, out));
    }
    fn stmts(body: &[ast::Stmt], out: &mut HashSet<String>) {
        let none = HashSet::new();
        for s in body {
            use ast::Stmt as S;
            match s {
                S::Expr(e) => expr(&e.value, &none, out),
                S::Assign(a) => {
                    expr(&a.value, &none, out);
                    a.targets.iter().filter(|t| !matches!(t, ast::Expr::Name(_))).for_each(|t| expr(t, &none, out));
                }
                S::AugAssign(a) => {
                    expr(&a.target, &none, out);
                    expr(&a.value, &none, out);
                }
                S::AnnAssign(a) => {
                    if let Some(v) = &a.value {
                        expr(v, &none, out);
                    }
                }
                S::Return(r) => {
                    if let Some(v) = &r.value {
                        expr(v, &none, out);
                    }
                }
                S::If(i) => {
                    expr(&i.test, &none, out);
                    stmts(&i.body, out);
                    stmts(&i.orelse, out);
                }
                S::While(w) => {
                    expr(&w.test, &none, out);
                    stmts(&w.body, out);
                    stmts(&w.orelse, out);
                }
                S::For(f) => {
                    expr(&f.iter, &none, out);
                    stmts(&f.body, out);
                    stmts(&f.orelse, out);
                }
                S::Try(t) => {
                    stmts(&t.body, out);
                    stmts(&t.orelse, out);
                    stmts(&t.finalbody, out);
                    for h in &t.handlers {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        stmts(&h.body, out);
                    }
                }
                S::With(w) => {
                    w.items.iter().for_each(|i| expr(&i.context_expr, &none, out));
                    stmts(&w.body, out);
                }
                S::Assert(a) => {
                    expr(&a.test, &none, out);
                    if let Some(m) = &a.msg {
                        expr(m, &none, out);
                    }
                }
                S::Raise(r) => {
                    if let Some(e) = &r.exc {
                        expr(e, &none, out);
                    }
                }
                S::Delete(d) => d.targets.iter().for_each(|t| expr(t, &none, out)),
                _ => {}
            }
        }
    }
    let mut out = HashSet::new();
    stmts(body, &mut out);
    out
}
