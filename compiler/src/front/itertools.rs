//! `itertools` as generator functions written in Python and added to the
//! module: a call `itertools.product(a, b)` (or `product(a, b)` after `from
//! itertools import product`) becomes a call of a generated module
//! generator `itertools$product_2_1(list(a), list(b))`, which kiln then
//! inlines where it is iterated like any generator (`front/lower/generator.rs`).
//!
//! | call | generated generator |
//! |---|---|
//! | `product(*its, repeat=r)` | nested `for` loops over the pools (`list(it)`, taken eagerly as CPython's `tuple(it)`), yielding a `k*r`-tuple |
//! | `permutations(it, r)` | `r` nested index loops skipping used indices: lexicographic index order, CPython's |
//! | `combinations(it, r)`, `combinations_with_replacement(it, r)` | increasing (non-decreasing) index loops |
//! | `count(start, step)`, `repeat(x[, times])` | `while True` / counted loops |
//! | `islice(it, [start,] stop[, step])` | CPython's `islice_next`: pulls skipped items, never pulls past `stop` |
//! | `chain(*its)` | one loop per iterable (lazy: generator arguments are bound lazily) |
//!
//! Tuples have a fixed length in kiln, so `r` and `repeat` must be integer
//! literals (`permutations` of a tuple, list or str display may omit `r`),
//! and tuples are at most `MAX_ARITY` long (one nested loop per item).
//!
//! Invariants:
//! - nothing is rewritten where the imported name is shadowed by a local;
//! - the `import` statements of `itertools` are removed (nothing else reads them);
//! - generated functions' nodes carry the span of the first call that needed
//!   them, so any diagnostic inside one points at a call in the user's source.

use std::collections::{BTreeMap, HashMap, HashSet};

use rustpython_parser::ast::{self, fold::Fold, Ranged};
use rustpython_parser::text_size::TextRange;

use crate::diag::Diagnostic;

/// The `itertools` names a module imports.
#[derive(Default)]
pub struct Imports {
    /// Names bound to the module (`import itertools as it`).
    pub modules: HashSet<String>,
    /// Names bound to a function (`from itertools import product as p`).
    pub funcs: HashMap<String, String>,
}

/// Finds the module-level `itertools` imports and removes them.
pub fn take_imports(suite: &mut [ast::Stmt]) -> Imports {
    let mut imp = Imports::default();
    for s in suite.iter_mut() {
        match s {
            ast::Stmt::Import(i) => {
                i.names.retain(|a| {
                    if a.name.as_str() == "itertools" {
                        imp.modules.insert(a.asname.as_ref().unwrap_or(&a.name).to_string());
                        false
                    } else {
                        true
                    }
                });
                if i.names.is_empty() {
                    *s = ast::Stmt::Pass(ast::StmtPass { range: i.range });
                }
            }
            ast::Stmt::ImportFrom(i)
                if i.module.as_ref().is_some_and(|m| m.as_str() == "itertools") && i.level.is_none_or(|l| l.to_u32() == 0) =>
            {
                for a in &i.names {
                    imp.funcs.insert(a.asname.as_ref().unwrap_or(&a.name).to_string(), a.name.to_string());
                }
                *s = ast::Stmt::Pass(ast::StmtPass { range: i.range });
            }
            _ => {}
        }
    }
    imp
}

/// Generated generator functions, by name, with the span they take.
#[derive(Default)]
pub struct Helpers {
    pub defs: BTreeMap<String, (String, TextRange)>,
}

impl Helpers {
    /// The generated functions, parsed and given their spans.
    pub fn into_stmts(self) -> Vec<ast::Stmt> {
        let mut out = Vec::new();
        for (fname, (src, range)) in self.defs {
            // `$` does not parse: the source says `def helper(...)`.
            let src = src.replacen(&format!("def {fname}("), "def helper(", 1);
            let parsed = <ast::Suite as rustpython_parser::Parse>::parse(&src, "<itertools>");
            let Ok(suite) = parsed else { continue };
            let mut respan = Respan(range);
            let suite = match respan.fold(suite) {
                Ok(suite) => suite,
                Err(never) => match never {},
            };
            for mut s in suite {
                if let ast::Stmt::FunctionDef(f) = &mut s {
                    f.name = ast::Identifier::new(fname.as_str());
                }
                out.push(s);
            }
        }
        out
    }

    fn need(&mut self, name: &str, range: TextRange, src: impl FnOnce() -> String) {
        self.defs.entry(name.to_string()).or_insert_with(|| (src(), range));
    }
}

/// Gives every node one range.
struct Respan(TextRange);

impl Fold<TextRange> for Respan {
    type TargetU = TextRange;
    type Error = std::convert::Infallible;
    type UserContext = ();
    fn will_map_user(&mut self, _user: &TextRange) {}
    fn map_user(&mut self, _user: TextRange, _context: ()) -> Result<TextRange, Self::Error> {
        Ok(self.0)
    }
}

fn name(id: &str, range: TextRange) -> ast::Expr {
    ast::Expr::Name(ast::ExprName { id: ast::Identifier::new(id), ctx: ast::ExprContext::Load, range })
}

fn call(f: &str, args: Vec<ast::Expr>, range: TextRange) -> ast::Expr {
    ast::Expr::Call(ast::ExprCall { func: Box::new(name(f, range)), args, keywords: Vec::new(), range })
}

fn int(v: i64, range: TextRange) -> ast::Expr {
    ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Int(v.into()), kind: None, range })
}

fn int_literal(e: &ast::Expr) -> Option<i64> {
    match e {
        ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Int(i), .. }) => i64::try_from(i).ok(),
        _ => None,
    }
}

fn is_none(e: &ast::Expr) -> bool {
    matches!(e, ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::None, .. }))
}

/// The length of a display or str literal.
fn literal_len(e: &ast::Expr) -> Option<i64> {
    match e {
        ast::Expr::Tuple(t) => Some(t.elts.len() as i64),
        ast::Expr::List(l) => Some(l.elts.len() as i64),
        ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) => Some(s.chars().count() as i64),
        _ => None,
    }
}

/// The longest tuple a generated generator yields (one nested loop per item).
const MAX_ARITY: i64 = 16;

/// Python source with 4-space indentation, one line at a time.
struct Src(String);

impl Src {
    fn line(&mut self, depth: usize, text: &str) {
        self.0.push_str(&"    ".repeat(depth));
        self.0.push_str(text);
        self.0.push('\n');
    }
}

fn tuple_src(items: &[String]) -> String {
    if items.len() == 1 {
        format!("({},)", items[0])
    } else {
        format!("({})", items.join(", "))
    }
}

/// Index-loop generators over one pool `p`: permutations and combinations.
fn index_loops(fname: &str, kind: &str, r: i64) -> String {
    let mut s = Src(String::new());
    s.line(0, &format!("def {fname}(p):"));
    s.line(1, "n = len(p)");
    let mut depth = 1;
    for d in 0..r {
        let lo = match (kind, d) {
            (_, 0) | ("permutations", _) => "0".to_string(),
            ("combinations", _) => format!("i{} + 1", d - 1),
            _ => format!("i{}", d - 1),
        };
        s.line(depth, &format!("for i{d} in range({lo}, n):"));
        depth += 1;
        if kind == "permutations" && d > 0 {
            let used: Vec<String> = (0..d).map(|e| format!("i{d} != i{e}")).collect();
            s.line(depth, &format!("if {}:", used.join(" and ")));
            depth += 1;
        }
    }
    let items: Vec<String> = (0..r).map(|d| format!("p[i{d}]")).collect();
    s.line(depth, &format!("yield {}", tuple_src(&items)));
    s.0
}

/// Rewrites a call of `itertools.<which>`; `None` (with a diagnostic in
/// `diags` when the form is not supported) leaves it alone.
pub fn rewrite_call(c: &ast::ExprCall, which: &str, helpers: &mut Helpers, diags: &mut Vec<Diagnostic>) -> Option<ast::Expr> {
    let range = c.range;
    let mut fail = |msg: String| {
        diags.push(Diagnostic::error(range.into(), msg).with_note(
            "kiln supports itertools' product, permutations, combinations, combinations_with_replacement, count, repeat, islice and chain",
        ));
        None
    };
    if c.args.iter().any(|a| matches!(a, ast::Expr::Starred(_))) {
        return fail(format!("not supported: `*args` in a call of `itertools.{which}`"));
    }
    let keyword = |k: &str| c.keywords.iter().find(|kw| kw.arg.as_ref().is_some_and(|a| a.as_str() == k)).map(|kw| &kw.value);
    let allowed: &[&str] = match which {
        "product" => &["repeat"],
        "permutations" | "combinations" | "combinations_with_replacement" => &["r"],
        "count" => &["start", "step"],
        "repeat" => &["object", "times"],
        _ => &[],
    };
    if let Some(k) = c.keywords.iter().find(|kw| !kw.arg.as_ref().is_some_and(|a| allowed.contains(&a.as_str()))) {
        let what = k.arg.as_ref().map_or("**".to_string(), |a| a.to_string());
        return fail(format!("`itertools.{which}` got an unexpected keyword argument `{what}`"));
    }
    match which {
        "product" => {
            let r = match keyword("repeat") {
                None => 1,
                Some(e) => match int_literal(e) {
                    Some(r) if r >= 1 => r,
                    _ => return fail("not supported: `repeat=` of `itertools.product` must be a positive integer literal (kiln's tuples have a fixed length)".into()),
                },
            };
            let k = c.args.len() as i64;
            if k == 0 {
                return fail("not supported: `itertools.product()` without iterables".into());
            }
            if k.saturating_mul(r) > MAX_ARITY {
                return fail(format!("not supported: `itertools.product` of tuples longer than {MAX_ARITY}"));
            }
            let fname = format!("itertools$product_{k}_{r}");
            helpers.need(&fname, range, || {
                let mut s = Src(String::new());
                let params: Vec<String> = (0..k).map(|j| format!("p{j}")).collect();
                s.line(0, &format!("def {fname}({}):", params.join(", ")));
                for j in 0..k * r {
                    s.line(1 + j as usize, &format!("for x{j} in p{}:", j % k));
                }
                let items: Vec<String> = (0..k * r).map(|j| format!("x{j}")).collect();
                s.line(1 + (k * r) as usize, &format!("yield {}", tuple_src(&items)));
                s.0
            });
            // Each `list(...)` takes its argument's span: comprehension temporaries are named by span.
            let args = c.args.iter().map(|a| call("list", vec![a.clone()], a.range())).collect();
            Some(call(&fname, args, range))
        }
        "permutations" | "combinations" | "combinations_with_replacement" => {
            let (Some(it), rest) = (c.args.first(), c.args.get(1..).unwrap_or_default()) else {
                return fail(format!("`itertools.{which}` needs an iterable"));
            };
            let r_expr = rest.first().or(keyword("r"));
            if rest.len() > 1 || (rest.len() == 1 && keyword("r").is_some()) {
                return fail(format!("`itertools.{which}` takes an iterable and `r`"));
            }
            let r = match r_expr {
                Some(e) if !is_none(e) => int_literal(e),
                _ if which == "permutations" => literal_len(it),
                _ => None,
            };
            let Some(r) = r else {
                return fail(format!(
                    "not supported: `itertools.{which}` needs `r` as an integer literal (kiln's tuples have a fixed length)"
                ));
            };
            if r <= 0 || r > MAX_ARITY {
                return fail(format!("not supported: `itertools.{which}` with `r` = {r} (only 1 to {MAX_ARITY})"));
            }
            let fname = format!("itertools${which}_{r}");
            helpers.need(&fname, range, || index_loops(&fname, which, r));
            Some(call(&fname, vec![call("list", vec![it.clone()], it.range())], range))
        }
        "count" => {
            let start = c.args.first().or(keyword("start")).cloned().unwrap_or_else(|| int(0, range));
            let step = c.args.get(1).or(keyword("step")).cloned().unwrap_or_else(|| int(1, range));
            if c.args.len() > 2 {
                return fail("`itertools.count` takes at most 2 arguments".into());
            }
            let fname = "itertools$count";
            helpers.need(fname, range, || {
                format!("def {fname}(start, step):\n    x = start\n    while True:\n        yield x\n        x += step\n")
            });
            Some(call(fname, vec![start, step], range))
        }
        "repeat" => {
            let Some(x) = c.args.first().or(keyword("object")) else {
                return fail("`itertools.repeat` needs an object".into());
            };
            match c.args.get(1).or(keyword("times")) {
                None => {
                    let fname = "itertools$repeat";
                    helpers.need(fname, range, || format!("def {fname}(x):\n    while True:\n        yield x\n"));
                    Some(call(fname, vec![x.clone()], range))
                }
                Some(t) => {
                    let fname = "itertools$repeat_times";
                    helpers.need(fname, range, || format!("def {fname}(x, times):\n    for _ in range(times):\n        yield x\n"));
                    Some(call(fname, vec![x.clone(), t.clone()], range))
                }
            }
        }
        "islice" => {
            let none = |e: &ast::Expr| is_none(e);
            let (it, start, stop, step) = match c.args.as_slice() {
                [it, stop] => (it, None, stop, None),
                [it, start, stop] => (it, Some(start), stop, None),
                [it, start, stop, step] => (it, Some(start), stop, Some(step)),
                _ => return fail("`itertools.islice` takes 2 to 4 positional arguments".into()),
            };
            let start = start.filter(|e| !none(e)).cloned().unwrap_or_else(|| int(0, range));
            let step = step.filter(|e| !none(e)).cloned().unwrap_or_else(|| int(1, range));
            const STOP: &str = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
            const INDEX: &str = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
            const STEP: &str = "Step for islice() must be a positive integer or None.";
            if none(stop) {
                let fname = "itertools$islice_unbounded";
                helpers.need(fname, range, || {
                    let mut s = Src(String::new());
                    s.line(0, &format!("def {fname}(it, start, step):"));
                    s.line(1, "if start < 0:");
                    s.line(2, &format!("raise ValueError(\"{INDEX}\")"));
                    s.line(1, "if step <= 0:");
                    s.line(2, &format!("raise ValueError(\"{STEP}\")"));
                    s.line(1, "i = 0");
                    s.line(1, "nxt = start");
                    s.line(1, "for x in it:");
                    s.line(2, "i += 1");
                    s.line(2, "if i - 1 == nxt:");
                    s.line(3, "yield x");
                    s.line(3, "nxt += step");
                    s.0
                });
                return Some(call(fname, vec![it.clone(), start, step], range));
            }
            let fname = "itertools$islice";
            helpers.need(fname, range, || {
                let mut s = Src(String::new());
                s.line(0, &format!("def {fname}(it, start, stop, step):"));
                s.line(1, "if stop < 0:");
                s.line(2, &format!("raise ValueError(\"{STOP}\")"));
                s.line(1, "if start < 0:");
                s.line(2, &format!("raise ValueError(\"{INDEX}\")"));
                s.line(1, "if step <= 0:");
                s.line(2, &format!("raise ValueError(\"{STEP}\")"));
                s.line(1, "i = 0");
                s.line(1, "nxt = start");
                // Before each pull, as CPython's islice_next: items before
                // `nxt` are pulled and dropped; nothing is pulled at or past `stop`.
                s.line(1, "if i >= nxt and i >= stop:");
                s.line(2, "return");
                s.line(1, "for x in it:");
                s.line(2, "i += 1");
                s.line(2, "if i - 1 == nxt:");
                s.line(3, "yield x");
                s.line(3, "nxt += step");
                s.line(3, "if nxt > stop:");
                s.line(4, "nxt = stop");
                s.line(2, "if i >= nxt and i >= stop:");
                s.line(3, "return");
                s.0
            });
            Some(call(fname, vec![it.clone(), start, stop.clone(), step], range))
        }
        "chain" => {
            let k = c.args.len();
            let fname = format!("itertools$chain_{k}");
            helpers.need(&fname, range, || {
                let mut s = Src(String::new());
                let params: Vec<String> = (0..k).map(|j| format!("p{j}")).collect();
                s.line(0, &format!("def {fname}({}):", params.join(", ")));
                for j in 0..k {
                    s.line(1, &format!("for x in p{j}:"));
                    s.line(2, "yield x");
                }
                if k == 0 {
                    s.line(1, "return");
                    s.line(1, "yield 0");
                }
                s.0
            });
            Some(call(&fname, c.args.clone(), range))
        }
        _ => fail(format!("not supported yet: `itertools.{which}`")),
    }
}
