//! Generator functions on the AST: which functions are generators, and the
//! list-building twin (`g$list`) of each recursive generator.
//!
//! kiln has no generator objects. A generator function is inlined where it
//! is iterated (`front/lower/generator.rs`): each `yield v` runs the
//! consumer's loop body with `v`. A generator that iterates over itself
//! cannot be inlined into itself, so its recursive calls are *materialized*:
//! `desugar` adds a module function `g$list` with the same parameters whose
//! body appends what `g` yields to a list (`yield v` becomes
//! `g$out.append(v)`, `yield from e` a loop appending `e`'s items, `return`
//! returns the list). Lowering calls `g$list` for the inner levels of the
//! recursion only; the outermost level stays inlined and lazy.
//!
//! Invariants:
//! - `yield` inside a nested `def`, `lambda` or class does not make the
//!   enclosing function a generator;
//! - generated names contain `$`, so they never clash with the user's;
//! - generated nodes carry the span of the node they replace.

use rustpython_parser::ast;
use rustpython_parser::text_size::TextRange;

use crate::front::ast_walk;

/// Whether `def` is a generator function (its own body contains `yield`).
pub fn is_generator(def: &ast::StmtFunctionDef) -> bool {
    def.body.iter().any(stmt_yields)
}

/// Whether statement `s` contains `yield`/`yield from` (not inside nested functions).
pub fn stmt_yields(s: &ast::Stmt) -> bool {
    if matches!(s, ast::Stmt::FunctionDef(_) | ast::Stmt::AsyncFunctionDef(_) | ast::Stmt::ClassDef(_)) {
        return false;
    }
    stmt_exprs(s).into_iter().any(expr_yields) || ast_walk::nested_blocks(s).into_iter().any(|b| b.iter().any(stmt_yields))
}

fn expr_yields(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::Yield(_) | ast::Expr::YieldFrom(_) => true,
        ast::Expr::Lambda(_) => false,
        _ => {
            let mut found = false;
            ast_walk::for_each_child(e, &mut |c| found |= expr_yields(c));
            found
        }
    }
}

/// The expressions a statement evaluates itself (not those of nested blocks).
fn stmt_exprs(s: &ast::Stmt) -> Vec<&ast::Expr> {
    use ast::Stmt as S;
    match s {
        S::Expr(e) => vec![&e.value],
        S::Assign(a) => std::iter::once(a.value.as_ref()).chain(a.targets.iter()).collect(),
        S::AugAssign(a) => vec![&a.target, &a.value],
        S::AnnAssign(a) => a.value.iter().map(|v| v.as_ref()).collect(),
        S::Return(r) => r.value.iter().map(|v| v.as_ref()).collect(),
        S::If(i) => vec![&i.test],
        S::While(w) => vec![&w.test],
        S::For(f) => vec![&f.iter, &f.target],
        S::Assert(a) => std::iter::once(a.test.as_ref()).chain(a.msg.iter().map(|m| m.as_ref())).collect(),
        S::Raise(r) => r.exc.iter().map(|v| v.as_ref()).collect(),
        S::Delete(d) => d.targets.iter().collect(),
        _ => Vec::new(),
    }
}

/// Whether `def`'s body calls the function named `name` (directly).
pub fn calls_name(def: &ast::StmtFunctionDef, name: &str) -> bool {
    fn in_expr(e: &ast::Expr, name: &str) -> bool {
        if let ast::Expr::Call(c) = e {
            if matches!(c.func.as_ref(), ast::Expr::Name(n) if n.id.as_str() == name) {
                return true;
            }
        }
        let mut found = false;
        ast_walk::for_each_child(e, &mut |c| found |= in_expr(c, name));
        found
    }
    fn in_stmt(s: &ast::Stmt, name: &str) -> bool {
        stmt_exprs(s).into_iter().any(|e| in_expr(e, name))
            || ast_walk::nested_blocks(s).into_iter().any(|b| b.iter().any(|s| in_stmt(s, name)))
    }
    def.body.iter().any(|s| in_stmt(s, name))
}

/// Why running a recursive generator's inner levels ahead of their consumer
/// could be observed: the first `print` call, or method call on a parameter
/// (it may mutate an object the consumer sees), with its range.
pub fn materialize_hazard(def: &ast::StmtFunctionDef) -> Option<(TextRange, String)> {
    let params: Vec<String> = def.args.posonlyargs.iter().chain(&def.args.args).map(|p| p.def.arg.to_string()).collect();
    fn in_expr(e: &ast::Expr, params: &[String], out: &mut Option<(TextRange, String)>) {
        if out.is_some() {
            return;
        }
        if let ast::Expr::Call(c) = e {
            match c.func.as_ref() {
                ast::Expr::Name(n) if n.id.as_str() == "print" => {
                    *out = Some((c.range, "it prints".to_string()));
                    return;
                }
                ast::Expr::Attribute(a) => {
                    if let ast::Expr::Name(n) = a.value.as_ref() {
                        if params.iter().any(|p| p == n.id.as_str()) {
                            *out = Some((c.range, format!("it calls a method of its parameter `{}`", n.id)));
                            return;
                        }
                    }
                }
                _ => {}
            }
        }
        ast_walk::for_each_child(e, &mut |c| in_expr(c, params, out));
    }
    fn in_stmt(s: &ast::Stmt, params: &[String], out: &mut Option<(TextRange, String)>) {
        stmt_exprs(s).into_iter().for_each(|e| in_expr(e, params, out));
        ast_walk::nested_blocks(s).into_iter().for_each(|b| b.iter().for_each(|s| in_stmt(s, params, out)));
    }
    let mut out = None;
    def.body.iter().for_each(|s| in_stmt(s, &params, &mut out));
    out
}

/// The name of the list-building twin of generator `name`.
pub fn list_twin(name: &str) -> String {
    format!("{name}$list")
}

/// Adds `g$list` for every module-level generator `g` that calls itself.
pub fn add_list_twins(suite: &mut Vec<ast::Stmt>) {
    let mut twins = Vec::new();
    for s in suite.iter() {
        if let ast::Stmt::FunctionDef(f) = s {
            if is_generator(f) && calls_name(f, f.name.as_str()) {
                twins.push(ast::Stmt::FunctionDef(list_twin_of(f)));
            }
        }
    }
    suite.extend(twins);
}

fn list_twin_of(f: &ast::StmtFunctionDef) -> ast::StmtFunctionDef {
    let out = format!("{}$out", f.name);
    let range = f.range;
    let mut body = vec![ast::Stmt::Assign(ast::StmtAssign {
        targets: vec![name(&out, range, ast::ExprContext::Store)],
        value: Box::new(ast::Expr::List(ast::ExprList { elts: Vec::new(), ctx: ast::ExprContext::Load, range })),
        type_comment: None,
        range,
    })];
    body.extend(f.body.iter().map(|s| to_appends(s, &out)));
    body.push(ast::Stmt::Return(ast::StmtReturn { value: Some(Box::new(name(&out, range, ast::ExprContext::Load))), range }));
    let mut twin = f.clone();
    twin.name = ast::Identifier::new(list_twin(f.name.as_str()));
    twin.body = body;
    twin.decorator_list = Vec::new();
    twin
}

fn name(id: &str, range: TextRange, ctx: ast::ExprContext) -> ast::Expr {
    ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(id), ctx, range })
}

fn append(out: &str, v: ast::Expr, range: TextRange) -> ast::Stmt {
    let call = ast::Expr::Call(ast::ExprCall {
        func: Box::new(ast::Expr::Attribute(ast::ExprAttribute {
            value: Box::new(name(out, range, ast::ExprContext::Load)),
            attr: ast::Identifier::new("append"),
            ctx: ast::ExprContext::Load,
            range,
        })),
        args: vec![v],
        keywords: Vec::new(),
        range,
    });
    ast::Stmt::Expr(ast::StmtExpr { value: Box::new(call), range })
}

/// `s` with `yield v` appending to `out` and `return` returning `out`.
fn to_appends(s: &ast::Stmt, out: &str) -> ast::Stmt {
    use ast::Stmt as S;
    let blocks = |b: &[ast::Stmt]| b.iter().map(|s| to_appends(s, out)).collect::<Vec<_>>();
    match s {
        S::Expr(e) => match e.value.as_ref() {
            ast::Expr::Yield(y) => {
                let v = y.value.as_deref().cloned().unwrap_or(ast::Expr::Constant(ast::ExprConstant {
                    value: ast::Constant::None,
                    kind: None,
                    range: y.range,
                }));
                append(out, v, y.range)
            }
            ast::Expr::YieldFrom(y) => {
                let item = format!("{out}$item");
                S::For(ast::StmtFor {
                    target: Box::new(name(&item, y.range, ast::ExprContext::Store)),
                    iter: y.value.clone(),
                    body: vec![append(out, name(&item, y.range, ast::ExprContext::Load), y.range)],
                    orelse: Vec::new(),
                    type_comment: None,
                    range: y.range,
                })
            }
            _ => s.clone(),
        },
        S::Return(r) => S::Return(ast::StmtReturn { value: Some(Box::new(name(out, r.range, ast::ExprContext::Load))), range: r.range }),
        S::If(i) => S::If(ast::StmtIf { body: blocks(&i.body), orelse: blocks(&i.orelse), ..i.clone() }),
        S::For(f) => S::For(ast::StmtFor { body: blocks(&f.body), orelse: blocks(&f.orelse), ..f.clone() }),
        S::While(w) => S::While(ast::StmtWhile { body: blocks(&w.body), orelse: blocks(&w.orelse), ..w.clone() }),
        S::Try(t) => S::Try(ast::StmtTry {
            body: blocks(&t.body),
            orelse: blocks(&t.orelse),
            finalbody: blocks(&t.finalbody),
            handlers: t
                .handlers
                .iter()
                .map(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    ast::ExceptHandler::ExceptHandler(ast::ExceptHandlerExceptHandler { body: blocks(&h.body), ..h.clone() })
                })
                .collect(),
            ..t.clone()
        }),
        other => other.clone(),
    }
}
