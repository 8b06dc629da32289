//! Generic traversal of the Python AST, shared by the front end's own walks
//! (variable webs, scopes, desugaring), so that each of them lists only the
//! constructs it treats specially and leaves the rest to these helpers.
//!
//! Invariant: the helpers visit *direct* children only and never decide
//! scoping; callers that care about comprehension or lambda scopes match
//! those variants before falling back to `for_each_child`.

use std::collections::HashSet;

use rustpython_parser::ast;

/// Calls `f` on every direct sub-expression of `e` (comprehension targets,
/// iterables and conditions, lambda defaults and bodies included).
pub fn for_each_child<'a>(e: &'a ast::Expr, f: &mut dyn FnMut(&'a ast::Expr)) {
    use ast::Expr as E;
    let comp = |gens: &'a [ast::Comprehension], f: &mut dyn FnMut(&'a ast::Expr)| {
        for g in gens {
            f(&g.target);
            f(&g.iter);
            g.ifs.iter().for_each(&mut *f);
        }
    };
    match e {
        E::BoolOp(b) => b.values.iter().for_each(f),
        E::NamedExpr(n) => {
            f(&n.target);
            f(&n.value);
        }
        E::BinOp(b) => {
            f(&b.left);
            f(&b.right);
        }
        E::UnaryOp(u) => f(&u.operand),
        E::Lambda(l) => {
            let a = &l.args;
            a.posonlyargs.iter().chain(&a.args).chain(&a.kwonlyargs).filter_map(|p| p.default.as_deref()).for_each(&mut *f);
            f(&l.body);
        }
        E::IfExp(i) => {
            f(&i.test);
            f(&i.body);
            f(&i.orelse);
        }
        E::Dict(d) => {
            d.keys.iter().flatten().for_each(&mut *f);
            d.values.iter().for_each(f);
        }
        E::Set(s) => s.elts.iter().for_each(f),
        E::List(l) => l.elts.iter().for_each(f),
        E::Tuple(t) => t.elts.iter().for_each(f),
        E::ListComp(c) => {
            comp(&c.generators, f);
            f(&c.elt);
        }
        E::SetComp(c) => {
            comp(&c.generators, f);
            f(&c.elt);
        }
        E::GeneratorExp(c) => {
            comp(&c.generators, f);
            f(&c.elt);
        }
        E::DictComp(c) => {
            comp(&c.generators, f);
            f(&c.key);
            f(&c.value);
        }
        E::Await(a) => f(&a.value),
        E::Yield(y) => y.value.iter().for_each(|v| f(v)),
        E::YieldFrom(y) => f(&y.value),
        E::Compare(c) => {
            f(&c.left);
            c.comparators.iter().for_each(f);
        }
        E::Call(c) => {
            f(&c.func);
            c.args.iter().for_each(&mut *f);
            c.keywords.iter().for_each(|k| f(&k.value));
        }
        E::FormattedValue(v) => {
            f(&v.value);
            v.format_spec.iter().for_each(|s| f(s));
        }
        E::JoinedStr(j) => j.values.iter().for_each(f),
        E::Attribute(a) => f(&a.value),
        E::Subscript(s) => {
            f(&s.value);
            f(&s.slice);
        }
        E::Starred(s) => f(&s.value),
        E::Slice(s) => [&s.lower, &s.upper, &s.step].into_iter().flatten().for_each(|x| f(x)),
        E::Constant(_) | E::Name(_) => {}
    }
}

/// The statement lists directly inside `s`: the bodies of `if`, `for`,
/// `while`, `with` and `try` (handlers included), not of nested `def`s.
pub fn nested_blocks(s: &ast::Stmt) -> Vec<&[ast::Stmt]> {
    match s {
        ast::Stmt::If(i) => vec![&i.body, &i.orelse],
        ast::Stmt::For(f) => vec![&f.body, &f.orelse],
        ast::Stmt::While(w) => vec![&w.body, &w.orelse],
        ast::Stmt::With(w) => vec![&w.body],
        ast::Stmt::Try(t) => {
            let mut v: Vec<&[ast::Stmt]> = vec![&t.body, &t.orelse, &t.finalbody];
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                v.push(&h.body);
            }
            v
        }
        _ => Vec::new(),
    }
}

/// The names an assignment target binds (`a`, `a, (b, *c)`); subscripts
/// and attributes bind none.
pub fn target_names(t: &ast::Expr, out: &mut HashSet<String>) {
    match t {
        ast::Expr::Name(n) => {
            out.insert(n.id.to_string());
        }
        ast::Expr::Tuple(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        ast::Expr::List(l) => l.elts.iter().for_each(|e| target_names(e, out)),
        ast::Expr::Starred(s) => target_names(&s.value, out),
        _ => {}
    }
}
