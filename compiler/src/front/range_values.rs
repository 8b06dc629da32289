//! `r = range(...)` kept in a variable (Pythran's `esieve`:
//! `candidates = range(2, n + 1)`, then `set(candidates)` and
//! `for p in candidates`): when every read of the variable only iterates it,
//! or tests membership, a list of the same numbers gives
//! exactly the same results, so the assignment becomes
//! `r = list(range(...))` (kiln has no range objects; a bare `range` is
//! only a loop's iterable).
//!
//! The reads that qualify: the iterable of a `for` loop or comprehension;
//! the only positional argument of `list set frozenset sorted sum min
//! max any all len enumerate reversed` or an argument of `zip`; the right
//! side of `in`/`not in`. (Not `r[i]`: its IndexError message names the
//! range object.)
//!
//! Invariants: only a variable bound exactly once in the function (and not
//! `global`, `nonlocal` or deleted), with `range`, `list` and the builtins
//! above not shadowed; anything else, or any other read, leaves the code
//! alone (lowering then reports the `range` value as unsupported).

use std::collections::HashSet;

use rustpython_parser::ast::{self, Ranged};

use crate::front::ast_walk::{for_each_child, nested_blocks, target_names};

/// Builtins whose one positional argument is only iterated.
const ITERATING: &[&str] =
    &["list", "set", "frozenset", "sorted", "sum", "min", "max", "any", "all", "len", "enumerate", "reversed", "zip"];

/// Rewrites the qualifying `r = range(...)` assignments of one function
/// body; `shadowed` holds the names the function or module binds.
pub fn materialize(body: &mut [ast::Stmt], shadowed: &HashSet<String>) {
    if ["range", "list"].iter().any(|b| shadowed.contains(*b)) {
        return;
    }
    let mut candidates = Vec::new();
    collect_range_assignments(body, &mut candidates);
    for var in candidates {
        let mut binds = 0;
        let mut ok = true;
        for s in body.iter() {
            check_stmt(s, &var, shadowed, &mut binds, &mut ok);
        }
        if ok && binds == 1 {
            rewrite(body, &var);
        }
    }
}

fn is_range_call(e: &ast::Expr) -> bool {
    matches!(e, ast::Expr::Call(c) if c.keywords.is_empty() && matches!(c.func.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "range"))
}

fn collect_range_assignments(body: &[ast::Stmt], out: &mut Vec<String>) {
    for s in body {
        if let ast::Stmt::Assign(a) = s {
            if let [ast::Expr::Name(n)] = a.targets.as_slice() {
                if is_range_call(&a.value) && !out.iter().any(|v| v == n.id.as_str()) {
                    out.push(n.id.to_string());
                }
            }
        }
        for b in nested_blocks(s) {
            collect_range_assignments(b, out);
        }
    }
}

/// Counts the bindings of `var` in `s` and clears `ok` at a read that does
/// not qualify, or at a construct this check does not model.
fn check_stmt(s: &ast::Stmt, var: &str, shadowed: &HashSet<String>, binds: &mut u32, ok: &mut bool) {
    use ast::Stmt as S;
    let bind = |t: &ast::Expr, binds: &mut u32, ok: &mut bool| {
        let mut names = HashSet::new();
        target_names(t, &mut names);
        if names.contains(var) {
            *binds += 1;
        }
        // Subscript and attribute targets read their value.
        check_target_reads(t, var, shadowed, ok);
    };
    match s {
        S::Expr(e) => check(&e.value, var, shadowed, false, ok),
        S::Assign(a) => {
            check(&a.value, var, shadowed, false, ok);
            a.targets.iter().for_each(|t| bind(t, binds, ok));
        }
        S::AugAssign(a) => {
            bind(&a.target, binds, ok);
            check(&a.target, var, shadowed, false, ok);
            check(&a.value, var, shadowed, false, ok);
        }
        S::AnnAssign(a) => {
            bind(&a.target, binds, ok);
            if let Some(v) = &a.value {
                check(v, var, shadowed, false, ok);
            }
        }
        S::Return(r) => {
            if let Some(v) = &r.value {
                check(v, var, shadowed, false, ok);
            }
        }
        S::If(i) => check(&i.test, var, shadowed, false, ok),
        S::While(w) => check(&w.test, var, shadowed, false, ok),
        S::For(f) => {
            check(&f.iter, var, shadowed, true, ok);
            bind(&f.target, binds, ok);
        }
        S::Assert(a) => {
            check(&a.test, var, shadowed, false, ok);
            if let Some(m) = &a.msg {
                check(m, var, shadowed, false, ok);
            }
        }
        S::Raise(r) => {
            for e in r.exc.iter().chain(r.cause.iter()) {
                check(e, var, shadowed, false, ok);
            }
        }
        S::With(w) => {
            for item in &w.items {
                check(&item.context_expr, var, shadowed, false, ok);
                if let Some(v) = &item.optional_vars {
                    bind(v, binds, ok);
                }
            }
        }
        S::Try(t) => {
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                if let Some(ty) = &h.type_ {
                    check(ty, var, shadowed, false, ok);
                }
                if h.name.as_ref().is_some_and(|n| n.as_str() == var) {
                    *binds += 1;
                }
            }
        }
        S::Pass(_) | S::Break(_) | S::Continue(_) => {}
        S::FunctionDef(d) => {
            // A nested function may read `var` (as a captured variable) or bind its own.
            if d.name.as_str() == var {
                *binds += 1;
            }
            for s in &d.body {
                check_stmt(s, var, shadowed, &mut 0, ok);
            }
        }
        // `global`, `nonlocal`, `del`, imports, classes, `match`...: not modelled.
        _ => *ok = false,
    }
    for b in nested_blocks(s) {
        for s in b {
            check_stmt(s, var, shadowed, binds, ok);
        }
    }
}

fn check_target_reads(t: &ast::Expr, var: &str, shadowed: &HashSet<String>, ok: &mut bool) {
    match t {
        ast::Expr::Name(_) => {}
        ast::Expr::Tuple(x) => x.elts.iter().for_each(|e| check_target_reads(e, var, shadowed, ok)),
        ast::Expr::List(x) => x.elts.iter().for_each(|e| check_target_reads(e, var, shadowed, ok)),
        ast::Expr::Starred(x) => check_target_reads(&x.value, var, shadowed, ok),
        // `r[i] = x` would write the variable's value: never qualifies.
        other => check(other, var, shadowed, false, ok),
    }
}

/// Clears `ok` at a read of `var` in `e` that does not qualify; `iterated`
/// says that `e` itself stands where iterating a list is the same as
/// iterating the range.
fn check(e: &ast::Expr, var: &str, shadowed: &HashSet<String>, iterated: bool, ok: &mut bool) {
    use ast::Expr as E;
    match e {
        E::Name(n) if n.id.as_str() == var => {
            if !iterated {
                *ok = false;
            }
        }
        E::Call(c) => {
            let iterating =
                matches!(c.func.as_ref(), E::Name(n) if ITERATING.contains(&n.id.as_str()) && !shadowed.contains(n.id.as_str()));
            let zip = matches!(c.func.as_ref(), E::Name(n) if n.id.as_str() == "zip");
            check(&c.func, var, shadowed, false, ok);
            for (k, a) in c.args.iter().enumerate() {
                check(a, var, shadowed, iterating && (zip || (k == 0 && c.args.len() == 1)), ok);
            }
            c.keywords.iter().for_each(|kw| check(&kw.value, var, shadowed, false, ok));
        }
        E::Compare(c) => {
            check(&c.left, var, shadowed, false, ok);
            for (op, right) in c.ops.iter().zip(&c.comparators) {
                check(right, var, shadowed, matches!(op, ast::CmpOp::In | ast::CmpOp::NotIn), ok);
            }
        }
        E::ListComp(c) => comprehension(&c.generators, &[&c.elt], var, shadowed, ok),
        E::SetComp(c) => comprehension(&c.generators, &[&c.elt], var, shadowed, ok),
        E::GeneratorExp(c) => comprehension(&c.generators, &[&c.elt], var, shadowed, ok),
        E::DictComp(c) => comprehension(&c.generators, &[&c.key, &c.value], var, shadowed, ok),
        E::NamedExpr(_) | E::Lambda(_) => *ok = false,
        other => for_each_child(other, &mut |c| check(c, var, shadowed, false, ok)),
    }
}

fn comprehension(gens: &[ast::Comprehension], elts: &[&ast::Expr], var: &str, shadowed: &HashSet<String>, ok: &mut bool) {
    for g in gens {
        let mut bound = HashSet::new();
        target_names(&g.target, &mut bound);
        if bound.contains(var) {
            *ok = false;
        }
        check(&g.iter, var, shadowed, true, ok);
        g.ifs.iter().for_each(|c| check(c, var, shadowed, false, ok));
    }
    elts.iter().for_each(|e| check(e, var, shadowed, false, ok));
}

fn rewrite(body: &mut [ast::Stmt], var: &str) {
    for s in body.iter_mut() {
        if let ast::Stmt::Assign(a) = s {
            if matches!(a.targets.as_slice(), [ast::Expr::Name(n)] if n.id.as_str() == var) && is_range_call(&a.value) {
                let range = a.value.range();
                let call = std::mem::replace(
                    a.value.as_mut(),
                    ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::None, kind: None, range }),
                );
                *a.value = ast::Expr::Call(ast::ExprCall {
                    range,
                    func: Box::new(ast::Expr::Name(ast::ExprName { id: ast::Identifier::new("list"), ctx: ast::ExprContext::Load, range })),
                    args: vec![call],
                    keywords: vec![],
                });
                return;
            }
        }
        match s {
            ast::Stmt::If(i) => {
                rewrite(&mut i.body, var);
                rewrite(&mut i.orelse, var);
            }
            ast::Stmt::For(f) => {
                rewrite(&mut f.body, var);
                rewrite(&mut f.orelse, var);
            }
            ast::Stmt::While(w) => {
                rewrite(&mut w.body, var);
                rewrite(&mut w.orelse, var);
            }
            ast::Stmt::With(w) => rewrite(&mut w.body, var),
            ast::Stmt::Try(t) => {
                rewrite(&mut t.body, var);
                rewrite(&mut t.orelse, var);
                rewrite(&mut t.finalbody, var);
                for h in &mut t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    rewrite(&mut h.body, var);
                }
            }
            _ => {}
        }
    }
}
