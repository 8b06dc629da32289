//! Module-level name resolution: what each global name of the module means.
//!
//! A kiln module's top level may hold imports, function definitions, constant
//! assignments, a docstring and an `if __name__ == "__main__":` block (which
//! only runs as a script and is ignored). Everything else is reported, with
//! the construct named. Module constants are evaluated here, at compile time,
//! by a small evaluator over the AST.
//!
//! Invariant: this file never looks at function bodies.

use std::collections::HashMap;

use rustpython_parser::ast::{self, Ranged};

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::optable;

/// A module kiln knows how to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KnownModule {
    Math,
    Cmath,
    Numpy,
    NumpyRandom,
    NumpyLinalg,
    Operator,
    Functools,
    Random,
}

impl KnownModule {
    pub fn from_path(path: &str) -> Option<KnownModule> {
        Some(match path {
            "math" => KnownModule::Math,
            "cmath" => KnownModule::Cmath,
            "numpy" => KnownModule::Numpy,
            "numpy.random" => KnownModule::NumpyRandom,
            "numpy.linalg" => KnownModule::NumpyLinalg,
            "operator" => KnownModule::Operator,
            "functools" => KnownModule::Functools,
            "random" => KnownModule::Random,
            _ => return None,
        })
    }

    /// The prefix of this module's entries in the operation table.
    pub fn table_prefix(&self) -> &'static str {
        match self {
            KnownModule::Math => "math",
            KnownModule::Cmath => "cmath",
            KnownModule::Numpy => "numpy",
            KnownModule::NumpyRandom => "numpy.random",
            KnownModule::NumpyLinalg => "numpy.linalg",
            KnownModule::Operator => "operator",
            KnownModule::Functools => "functools",
            KnownModule::Random => "random",
        }
    }
}

/// A compile-time constant value.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstValue {
    Int(i64),
    Float(f64),
    Bool(bool),
    None,
    Str(String),
    Tuple(Vec<ConstValue>),
    /// A list computed at compile time (`cache = esieve(100)`): one
    /// immortal static list, which compiled code may read but never mutate
    /// (`front::const_globals` refuses functions that could).
    List(std::rc::Rc<crate::ir::ConstList>),
}

/// What a module-level name refers to.
#[derive(Clone, Debug)]
pub enum Global {
    /// Index into [`ModuleInfo::funcs`].
    Func(usize),
    Module(KnownModule),
    /// An operation-table name, e.g. `from math import sqrt` binds `math.sqrt`.
    Qualified(String),
    Const(ConstValue),
    /// A global whose value kiln could not evaluate; using it is an error.
    Unsupported(Span, String),
}

pub struct ModuleInfo<'a> {
    /// Module-level functions, then the nested functions lifted out of them.
    pub funcs: Vec<&'a ast::StmtFunctionDef>,
    pub globals: HashMap<String, Global>,
    pub doc: Option<String>,
    /// Nested functions (by index in `funcs`): their enclosing function and
    /// the variables of it they read, passed as extra trailing arguments.
    pub lifted: HashMap<usize, Lifted>,
    /// `(enclosing function, name)` to the nested function's index.
    pub nested: HashMap<(usize, String), usize>,
}

/// A nested function lifted to module level (lambda lifting).
#[derive(Clone, Debug)]
pub struct Lifted {
    pub parent: usize,
    pub captures: Vec<String>,
}

impl<'a> ModuleInfo<'a> {
    pub fn func_index(&self, name: &str) -> Option<usize> {
        match self.globals.get(name) {
            Some(Global::Func(i)) => Some(*i),
            _ => None,
        }
    }
}

/// Collects the module's global names.
pub fn resolve_module<'a>(suite: &'a [ast::Stmt], diags: &mut Diagnostics) -> ModuleInfo<'a> {
    let mut info = ModuleInfo { funcs: Vec::new(), globals: HashMap::new(), doc: None, lifted: HashMap::new(), nested: HashMap::new() };
    for (i, stmt) in suite.iter().enumerate() {
        match stmt {
            ast::Stmt::FunctionDef(f) => {
                if info.globals.contains_key(f.name.as_str()) {
                    diags.push(
                        Diagnostic::error(span_of(stmt), format!("`{}` is defined more than once", f.name))
                            .with_note("kiln needs each module-level name bound once"),
                    );
                }
                info.globals.insert(f.name.to_string(), Global::Func(info.funcs.len()));
                info.funcs.push(f);
            }
            ast::Stmt::Import(imp) => {
                for alias in &imp.names {
                    let path = alias.name.as_str();
                    match KnownModule::from_path(path) {
                        Some(m) => {
                            let bound = alias.asname.as_ref().map_or_else(
                                // `import numpy.random` binds `numpy`.
                                || path.split('.').next().unwrap_or(path).to_string(),
                                |a| a.to_string(),
                            );
                            let module = if alias.asname.is_none() { KnownModule::from_path(&bound).unwrap_or(m) } else { m };
                            info.globals.insert(bound, Global::Module(module));
                        }
                        None => diags.push(unknown_module(alias.range.into(), path)),
                    }
                }
            }
            ast::Stmt::ImportFrom(imp) => {
                let path = imp.module.as_ref().map_or("", |m| m.as_str());
                let Some(module) = KnownModule::from_path(path) else {
                    diags.push(unknown_module(span_of(stmt), path));
                    continue;
                };
                for alias in &imp.names {
                    let name = alias.name.as_str();
                    let bound = alias.asname.as_ref().map_or(name, |a| a.as_str()).to_string();
                    if name == "*" {
                        // A star-import of a module we know binds every entry of it.
                        for entry in optable::names_in(&format!("{}.", module.table_prefix())) {
                            info.globals.insert(entry.to_string(), Global::Qualified(format!("{}.{entry}", module.table_prefix())));
                        }
                        continue;
                    }
                    let qualified = format!("{}.{name}", module.table_prefix());
                    if let Some(sub) = KnownModule::from_path(&qualified) {
                        info.globals.insert(bound, Global::Module(sub));
                    } else {
                        // Unknown names are reported where they are used, with suggestions.
                        info.globals.insert(bound, Global::Qualified(qualified));
                    }
                }
            }
            ast::Stmt::Assign(a) => {
                let value = eval_const(&a.value, &info);
                for target in &a.targets {
                    bind_const(target, value.clone(), &a.value, &mut info, diags);
                }
            }
            ast::Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let value = eval_const(v, &info);
                    bind_const(&a.target, value, v, &mut info, diags);
                }
            }
            ast::Stmt::Expr(e) => {
                if let ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) = e.value.as_ref() {
                    if i == 0 {
                        info.doc = Some(s.clone());
                    }
                } else {
                    diags.push(
                        Diagnostic::error(span_of(stmt), "module-level expression statements are not supported")
                            .with_label("this would run at import time")
                            .with_note("kiln modules may only define functions, constants and imports at the top level"),
                    );
                }
            }
            ast::Stmt::If(s) if is_main_guard(&s.test) => {}
            ast::Stmt::Pass(_) => {}
            other => diags.push(unsupported_stmt(other, "at module level")),
        }
    }
    lift_nested_functions(&mut info);
    info
}

fn unknown_module(span: Span, path: &str) -> Diagnostic {
    Diagnostic::error(span, format!("module `{path}` is not supported"))
        .with_label("unknown module")
        .with_note("kiln supports `math`, `numpy` (usually `import numpy as np`) and `numpy.random`")
}

fn bind_const(
    target: &ast::Expr,
    value: Result<ConstValue, String>,
    value_expr: &ast::Expr,
    info: &mut ModuleInfo,
    diags: &mut Diagnostics,
) {
    let ast::Expr::Name(n) = target else {
        diags.push(Diagnostic::error(span_of_expr(target), "only simple names can be assigned at module level"));
        return;
    };
    if info.globals.contains_key(n.id.as_str()) {
        diags.push(
            Diagnostic::error(span_of_expr(target), format!("global `{}` is bound more than once", n.id))
                .with_note("kiln treats module-level assignments as constants; rebinding a global is not supported"),
        );
    }
    let global = match value {
        // A list display: the constant list is this global's.
        Ok(ConstValue::List(l)) if l.global.is_none() => {
            let def = span_of_expr(target).to(span_of_expr(value_expr));
            Global::Const(ConstValue::List(std::rc::Rc::new(crate::ir::ConstList {
                global: Some((n.id.to_string(), def)),
                ..(*l).clone()
            })))
        }
        Ok(v) => Global::Const(v),
        Err(why) => Global::Unsupported(span_of_expr(value_expr), why),
    };
    info.globals.insert(n.id.to_string(), global);
}

fn is_main_guard(test: &ast::Expr) -> bool {
    if let ast::Expr::Compare(c) = test {
        if let (ast::Expr::Name(n), [ast::CmpOp::Eq]) = (c.left.as_ref(), c.ops.as_slice()) {
            return n.id.as_str() == "__name__";
        }
    }
    false
}

pub fn span_of(stmt: &ast::Stmt) -> Span {
    stmt.range().into()
}

pub fn span_of_expr(e: &ast::Expr) -> Span {
    e.range().into()
}

/// A diagnostic naming a statement kind kiln does not support.
pub fn unsupported_stmt(stmt: &ast::Stmt, where_: &str) -> Diagnostic {
    let (what, note) = match stmt {
        ast::Stmt::ClassDef(_) => {
            ("user classes are", "kiln compiles functions over numbers, arrays and containers; move the class out of the compiled module")
        }
        ast::Stmt::AsyncFunctionDef(_) | ast::Stmt::AsyncFor(_) | ast::Stmt::AsyncWith(_) => {
            ("async code is", "kiln compiles synchronous numeric code")
        }
        ast::Stmt::With(_) => ("`with` statements are", "context managers are outside kiln's subset"),
        ast::Stmt::Delete(_) => ("`del` is", "remove the `del` statement"),
        ast::Stmt::Match(_) => ("`match` statements are", "use `if`/`elif` instead"),
        ast::Stmt::TryStar(_) => ("`try`/`except*` is", "exception groups are outside kiln's subset"),
        ast::Stmt::TypeAlias(_) => ("`type` aliases are", "remove the alias"),
        ast::Stmt::Global(_) => ("`global` rebinding is", "kiln treats module globals as constants"),
        ast::Stmt::Nonlocal(_) => ("`nonlocal` is", "kiln does not support rebinding an enclosing function's variables"),
        ast::Stmt::Import(_) | ast::Stmt::ImportFrom(_) => ("imports are", "move the import to the top of the module"),
        ast::Stmt::For(_) | ast::Stmt::While(_) | ast::Stmt::If(_) | ast::Stmt::Try(_) => {
            ("control flow is", "module-level code would run at import time; put it in a function")
        }
        _ => ("this statement is", "see docs/LANGUAGE.md for the supported subset"),
    };
    Diagnostic::error(span_of(stmt), format!("{what} not supported {where_}")).with_note(note)
}

/// Evaluates a module-level constant expression.
pub fn eval_const(e: &ast::Expr, info: &ModuleInfo) -> Result<ConstValue, String> {
    use ConstValue as C;
    match e {
        ast::Expr::Constant(c) => match &c.value {
            ast::Constant::Int(i) => i64::try_from(i).map(C::Int).map_err(|_| "integer constant does not fit in int64".to_string()),
            ast::Constant::Float(f) => Ok(C::Float(*f)),
            ast::Constant::Bool(b) => Ok(C::Bool(*b)),
            ast::Constant::None => Ok(C::None),
            ast::Constant::Str(s) => Ok(C::Str(s.clone())),
            _ => Err("unsupported constant".into()),
        },
        ast::Expr::Name(n) => match info.globals.get(n.id.as_str()) {
            Some(Global::Const(v)) => Ok(v.clone()),
            Some(Global::Qualified(q)) => qualified_const(q),
            _ => Err(format!("`{}` is not a constant known at compile time", n.id)),
        },
        ast::Expr::Attribute(a) => {
            if let ast::Expr::Name(n) = a.value.as_ref() {
                if let Some(Global::Module(m)) = info.globals.get(n.id.as_str()) {
                    return qualified_const(&format!("{}.{}", m.table_prefix(), a.attr));
                }
            }
            Err("unsupported attribute in a constant".into())
        }
        ast::Expr::Tuple(t) => t.elts.iter().map(|x| eval_const(x, info)).collect::<Result<_, _>>().map(C::Tuple),
        ast::Expr::List(l) => const_list(l.elts.iter().map(|x| eval_const(x, info)).collect::<Result<_, _>>()?),
        ast::Expr::UnaryOp(u) => {
            let v = eval_const(&u.operand, info)?;
            match (u.op, v) {
                (ast::UnaryOp::USub, C::Int(i)) => Ok(C::Int(i.wrapping_neg())),
                (ast::UnaryOp::USub, C::Float(f)) => Ok(C::Float(-f)),
                (ast::UnaryOp::UAdd, v @ (C::Int(_) | C::Float(_))) => Ok(v),
                (ast::UnaryOp::Not, C::Bool(b)) => Ok(C::Bool(!b)),
                (ast::UnaryOp::Invert, C::Int(i)) => Ok(C::Int(!i)),
                _ => Err("unsupported unary operation in a constant".into()),
            }
        }
        ast::Expr::BinOp(b) => {
            let l = eval_const(&b.left, info)?;
            let r = eval_const(&b.right, info)?;
            const_binop(b.op, l, r)
        }
        _ => Err("only numbers, strings, tuples, lists of numbers and arithmetic on them can be module constants here".into()),
    }
}

/// A module-level list display of constants (`PRIMES = [2, 3, 5]`): a
/// constant list, when its elements are numbers (or tuples of them) of one
/// type, as kiln's lists are homogeneous.
fn const_list(items: Vec<ConstValue>) -> Result<ConstValue, String> {
    use crate::types::Type;
    fn flat(c: &ConstValue, words: &mut Vec<u64>) -> Option<Type> {
        match c {
            ConstValue::Int(i) => {
                words.push(*i as u64);
                Some(Type::Int)
            }
            ConstValue::Float(x) => {
                words.push(x.to_bits());
                Some(Type::Float)
            }
            ConstValue::Bool(b) => {
                words.push(u64::from(*b));
                Some(Type::Bool)
            }
            ConstValue::Tuple(items) if !items.is_empty() => {
                items.iter().map(|i| flat(i, words)).collect::<Option<Vec<_>>>().map(Type::tuple)
            }
            _ => None,
        }
    }
    let mut words = Vec::new();
    let mut elem: Option<Type> = None;
    for c in &items {
        let t = flat(c, &mut words).ok_or("a module-level list may hold only numbers and tuples of them")?;
        if elem.as_ref().is_some_and(|e| *e != t) {
            return Err("a module-level list must hold elements of one type (kiln's lists are homogeneous)".into());
        }
        elem = Some(t);
    }
    let elem = elem.ok_or("an empty module-level list has no element type")?;
    Ok(ConstValue::List(std::rc::Rc::new(crate::ir::ConstList { elem, words, global: None })))
}

fn qualified_const(q: &str) -> Result<ConstValue, String> {
    match optable::lookup(q).map(|id| optable::get(id).lower) {
        Some(optable::Lower::FloatConst(v)) => Ok(ConstValue::Float(v)),
        _ => Err(format!("`{q}` is not a constant")),
    }
}

fn const_binop(op: ast::Operator, l: ConstValue, r: ConstValue) -> Result<ConstValue, String> {
    use ast::Operator as O;
    use ConstValue as C;
    let as_f = |v: &C| match v {
        C::Int(i) => Some(*i as f64),
        C::Float(f) => Some(*f),
        C::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    };
    let as_i = |v: &C| match v {
        C::Int(i) => Some(*i),
        C::Bool(b) => Some(*b as i64),
        _ => None,
    };
    if let (Some(a), Some(b)) = (as_i(&l), as_i(&r)) {
        return Ok(match op {
            O::Add => C::Int(a.wrapping_add(b)),
            O::Sub => C::Int(a.wrapping_sub(b)),
            O::Mult => C::Int(a.wrapping_mul(b)),
            O::Div if b != 0 => C::Float(a as f64 / b as f64),
            O::FloorDiv if b != 0 => C::Int(a.wrapping_div(b) - i64::from((a % b != 0) && ((a < 0) != (b < 0)))),
            O::Mod if b != 0 => C::Int(((a % b) + b) % b),
            O::Pow if (0..64).contains(&b) => C::Int(a.wrapping_pow(b as u32)),
            O::BitAnd => C::Int(a & b),
            O::BitOr => C::Int(a | b),
            O::BitXor => C::Int(a ^ b),
            O::LShift if (0..64).contains(&b) => C::Int(a.wrapping_shl(b as u32)),
            O::RShift if b >= 0 => C::Int(a >> b.min(63)),
            _ => return Err("unsupported integer operation in a constant".into()),
        });
    }
    if let (Some(a), Some(b)) = (as_f(&l), as_f(&r)) {
        return Ok(C::Float(match op {
            O::Add => a + b,
            O::Sub => a - b,
            O::Mult => a * b,
            O::Div if b != 0.0 => a / b,
            O::Pow => a.powf(b),
            _ => return Err("unsupported float operation in a constant".into()),
        }));
    }
    Err("unsupported operation in a constant".into())
}

/// Lambda lifting: every function defined inside a module-level function
/// (not deeper) becomes a module function of its own, taking the enclosing
/// function's variables that it reads as extra trailing arguments. Calls read
/// those variables when they run, which is CPython's late binding; a nested
/// function that assigns them (`nonlocal`) is not supported. When nested
/// functions of one parent call each other (or themselves), they all take
/// the union of their captures, so that any of them can call any other.
fn lift_nested_functions(info: &mut ModuleInfo) {
    let top = info.funcs.len();
    for parent in 0..top {
        let pdef = info.funcs[parent];
        let mut defs = Vec::new();
        collect_nested_defs(&pdef.body, &mut defs);
        let names: std::collections::HashSet<String> = defs.iter().map(|d| d.name.to_string()).collect();
        // A one-expression function that calls no nested function is inlined
        // at its calls instead (`front/lower/lambda.rs`), like a lambda: it
        // can then also use the enclosing function's lambdas.
        defs.retain(|d| !(is_one_expression(d) && crate::front::scope::loaded_names(&d.body).is_disjoint(&names)));
        if defs.is_empty() {
            continue;
        }
        let parent_locals = crate::front::scope::local_names(pdef);
        let mut own: Vec<Vec<String>> = Vec::new();
        let mut calls_sibling = false;
        for d in &defs {
            let read = crate::front::scope::loaded_names(&d.body);
            let locals = crate::front::scope::local_names(d);
            calls_sibling |= read.iter().any(|n| names.contains(n) && !locals.contains(n));
            let mut caps: Vec<String> =
                read.into_iter().filter(|n| parent_locals.contains(n) && !locals.contains(n) && !names.contains(n)).collect();
            caps.sort();
            own.push(caps);
        }
        if calls_sibling {
            let mut all: Vec<String> = own.iter().flatten().cloned().collect();
            all.sort();
            all.dedup();
            own = vec![all; defs.len()];
        }
        for (d, captures) in defs.into_iter().zip(own) {
            let index = info.funcs.len();
            info.funcs.push(d);
            info.nested.insert((parent, d.name.to_string()), index);
            info.lifted.insert(index, Lifted { parent, captures });
        }
    }
}

/// The `def`s in a statement list, at any depth of control flow, not inside other `def`s.
fn collect_nested_defs<'a>(body: &'a [ast::Stmt], out: &mut Vec<&'a ast::StmtFunctionDef>) {
    for s in body {
        match s {
            ast::Stmt::FunctionDef(f) => out.push(f),
            other => crate::front::ast_walk::nested_blocks(other).into_iter().for_each(|b| collect_nested_defs(b, out)),
        }
    }
}

/// Whether a `def` is one `return expr` (after an optional docstring), undecorated.
pub fn is_one_expression(d: &ast::StmtFunctionDef) -> bool {
    let docstring = |s: &ast::Stmt| matches!(s, ast::Stmt::Expr(e) if matches!(e.value.as_ref(), ast::Expr::Constant(c) if matches!(c.value, ast::Constant::Str(_))));
    let body = match d.body.as_slice() {
        [first, rest @ ..] if docstring(first) => rest,
        all => all,
    };
    d.decorator_list.is_empty() && matches!(body, [ast::Stmt::Return(ast::StmtReturn { value: Some(_), .. })])
}
