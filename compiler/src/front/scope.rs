//! Python scoping: which names are local to a function.
//!
//! As in CPython, a name bound anywhere in a function body (assignment target,
//! `for` target, `except ... as`, nested `def`, import) is local to the whole
//! function, unless declared `global`; parameters are local too. Reads of a
//! local before its first assignment are therefore local reads, never global ones.

use std::collections::HashSet;

use rustpython_parser::ast;

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
        S::Assign(a) => a.targets.iter().for_each(|t| collect_target(t, names)),
        S::AugAssign(a) => collect_target(&a.target, names),
        S::AnnAssign(a) => collect_target(&a.target, names),
        S::For(f) => {
            collect_target(&f.target, names);
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
                    collect_target(v, names);
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

fn collect_target(t: &ast::Expr, names: &mut HashSet<String>) {
    match t {
        ast::Expr::Name(n) => {
            names.insert(n.id.to_string());
        }
        ast::Expr::Tuple(t) => t.elts.iter().for_each(|e| collect_target(e, names)),
        ast::Expr::List(l) => l.elts.iter().for_each(|e| collect_target(e, names)),
        ast::Expr::Starred(s) => collect_target(&s.value, names),
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
