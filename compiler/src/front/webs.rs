//! Variable webs: which assignments and reads of a local variable belong
//! together.
//!
//! A web is a set of definitions of one variable (parameters, assignments,
//! `for` targets) joined by the reads they reach: two definitions that reach
//! the same read are in the same web. Distinct webs of a variable never pass
//! values to each other, so each can be a variable of its own, with its own
//! type. This is how kiln handles false polymorphism, `a = cos(1); a = str(a)`:
//! the lowering splits a variable into its webs only when the name would
//! otherwise need two types (`FnCx::assign_var`), so ordinary variables keep
//! their names in the IR and in messages.
//!
//! The analysis is reaching definitions over the structured AST (`if`,
//! `while`, `for`, `break`, `continue`, `return`), with a fixpoint per loop.
//! An augmented assignment `x += e` stays in the web of the `x` it reads.
//!
//! Invariants (the analysis is conservative):
//! - a variable is splittable only if it has two or more webs and no read can
//!   see it unassigned (such reads need Python's `UnboundLocalError` check,
//!   which works per name);
//! - a function containing a construct whose binding rules this walk does not
//!   model (`try`, `with`, `del`, `global`, `nonlocal`, imports, nested
//!   functions, lambdas, `:=`, `yield`, `match`) splits nothing.

use std::collections::{BTreeSet, HashMap, HashSet};

use rustpython_parser::ast;

use crate::front::ast_walk::for_each_child;

/// Definition ids; `UNDEF` stands for "not assigned yet".
type DefId = u32;
const UNDEF: DefId = u32::MAX;

/// Reaching definitions per variable; `None` when the point is unreachable.
type State = Option<HashMap<String, BTreeSet<DefId>>>;

/// The webs of one function's local variables.
#[derive(Debug, Default)]
pub struct Webs {
    /// Web number of each `Name` node (by source offset) of a splittable
    /// variable; web 0 holds the variable's first definition.
    web_of_node: HashMap<u32, u32>,
    splittable: HashSet<String>,
}

impl Webs {
    pub fn compute(def: &ast::StmtFunctionDef) -> Webs {
        let mut w = Walk::new(def);
        let mut entry: HashMap<String, BTreeSet<DefId>> = w.locals.iter().map(|n| (n.clone(), BTreeSet::from([UNDEF]))).collect();
        for p in def.args.posonlyargs.iter().chain(&def.args.args) {
            let name = p.def.arg.to_string();
            let id = w.def_id(&name, p.def.range.start().into());
            entry.insert(name, BTreeSet::from([id]));
        }
        if def.args.vararg.is_some() || def.args.kwarg.is_some() || !def.args.kwonlyargs.is_empty() {
            w.bail = true;
        }
        w.stmts(&def.body, Some(entry));
        if w.bail {
            return Webs::default();
        }
        w.finish()
    }

    /// Whether `name` has several webs that may become separate variables.
    pub fn splittable(&self, name: &str) -> bool {
        self.splittable.contains(name)
    }

    /// The web of the `Name` node starting at `offset`, if its variable is splittable.
    pub fn web(&self, offset: u32) -> Option<u32> {
        self.web_of_node.get(&offset).copied()
    }
}

struct LoopCx {
    breaks: Vec<State>,
    continues: Vec<State>,
}

struct Walk {
    locals: HashSet<String>,
    /// Variable and node offset of each definition.
    defs: Vec<(String, u32)>,
    def_at: HashMap<u32, DefId>,
    parent: Vec<DefId>,
    /// Reads: node offset and a definition of the read's web.
    reads: HashMap<u32, DefId>,
    unsplittable: HashSet<String>,
    loops: Vec<LoopCx>,
    bail: bool,
}

fn merge(a: State, b: State) -> State {
    match (a, b) {
        (None, s) | (s, None) => s,
        (Some(mut a), Some(b)) => {
            for (k, v) in b {
                a.entry(k).or_default().extend(v);
            }
            Some(a)
        }
    }
}

impl Walk {
    fn new(def: &ast::StmtFunctionDef) -> Walk {
        Walk {
            locals: crate::front::scope::local_names(def),
            defs: Vec::new(),
            def_at: HashMap::new(),
            parent: Vec::new(),
            reads: HashMap::new(),
            unsplittable: HashSet::new(),
            loops: Vec::new(),
            bail: false,
        }
    }

    /// The definition at `node` (the same id when a loop walks it again).
    fn def_id(&mut self, name: &str, node: u32) -> DefId {
        if let Some(&d) = self.def_at.get(&node) {
            return d;
        }
        let d = self.defs.len() as DefId;
        self.defs.push((name.to_string(), node));
        self.parent.push(d);
        self.def_at.insert(node, d);
        d
    }

    fn find(&mut self, d: DefId) -> DefId {
        let mut r = d;
        while self.parent[r as usize] != r {
            r = self.parent[r as usize];
        }
        let mut x = d;
        while self.parent[x as usize] != r {
            let next = self.parent[x as usize];
            self.parent[x as usize] = r;
            x = next;
        }
        r
    }

    fn union(&mut self, a: DefId, b: DefId) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb) as usize] = ra.min(rb);
        }
    }

    /// A read of `name` at `node`; returns the definitions it sees.
    fn read(&mut self, name: &str, node: u32, st: &State) -> Vec<DefId> {
        let Some(map) = st else { return Vec::new() };
        if !self.locals.contains(name) {
            return Vec::new();
        }
        let seen: Vec<DefId> = map.get(name).map(|s| s.iter().copied().collect()).unwrap_or_default();
        if seen.contains(&UNDEF) || seen.is_empty() {
            self.unsplittable.insert(name.to_string());
        }
        let real: Vec<DefId> = seen.into_iter().filter(|&d| d != UNDEF).collect();
        if let Some(&first) = real.first() {
            for &d in &real[1..] {
                self.union(first, d);
            }
            self.reads.insert(node, first);
        }
        real
    }

    fn write(&mut self, name: &str, node: u32, st: &mut State) -> DefId {
        let d = self.def_id(name, node);
        if let Some(map) = st {
            map.insert(name.to_string(), BTreeSet::from([d]));
        }
        d
    }

    fn stmts(&mut self, body: &[ast::Stmt], mut st: State) -> State {
        for s in body {
            if self.bail {
                return None;
            }
            st = self.stmt(s, st);
        }
        st
    }

    fn stmt(&mut self, s: &ast::Stmt, mut st: State) -> State {
        use ast::Stmt as S;
        match s {
            S::Expr(e) => self.expr(&e.value, &st, &HashSet::new()),
            S::Assign(a) => {
                self.expr(&a.value, &st, &HashSet::new());
                for t in &a.targets {
                    self.target(t, &mut st);
                }
            }
            S::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v, &st, &HashSet::new());
                    self.target(&a.target, &mut st);
                }
            }
            S::AugAssign(a) => {
                self.expr(&a.value, &st, &HashSet::new());
                match a.target.as_ref() {
                    ast::Expr::Name(n) => {
                        let node: u32 = n.range.start().into();
                        let seen = self.read(n.id.as_str(), node, &st);
                        let d = self.write(n.id.as_str(), node, &mut st);
                        for s in seen {
                            self.union(d, s);
                        }
                    }
                    other => self.expr(other, &st, &HashSet::new()),
                }
            }
            S::If(i) => {
                self.expr(&i.test, &st, &HashSet::new());
                let then = self.stmts(&i.body, st.clone());
                let other = self.stmts(&i.orelse, st);
                st = merge(then, other);
            }
            S::While(w) => {
                st = self.loop_stmt(st, &w.orelse, |me, head| {
                    me.expr(&w.test, head, &HashSet::new());
                    me.stmts(&w.body, head.clone())
                });
            }
            S::For(f) => {
                self.expr(&f.iter, &st, &HashSet::new());
                st = self.loop_stmt(st, &f.orelse, |me, head| {
                    let mut it = head.clone();
                    me.target(&f.target, &mut it);
                    me.stmts(&f.body, it)
                });
            }
            S::Break(_) => {
                if let Some(cx) = self.loops.last_mut() {
                    cx.breaks.push(st);
                }
                return None;
            }
            S::Continue(_) => {
                if let Some(cx) = self.loops.last_mut() {
                    cx.continues.push(st);
                }
                return None;
            }
            S::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v, &st, &HashSet::new());
                }
                return None;
            }
            S::Raise(r) => {
                for e in r.exc.iter().chain(r.cause.iter()) {
                    self.expr(e, &st, &HashSet::new());
                }
                return None;
            }
            S::Assert(a) => {
                self.expr(&a.test, &st, &HashSet::new());
                if let Some(m) = &a.msg {
                    self.expr(m, &st, &HashSet::new());
                }
            }
            S::Pass(_) => {}
            _ => self.bail = true,
        }
        st
    }

    /// A loop: `round` walks one iteration from the loop-head state and
    /// returns the state at the end of the body; the head state is iterated
    /// to a fixpoint (entry, end of body and `continue`s merged). The `else`
    /// block runs from the final head state; `break`s join after it.
    fn loop_stmt(&mut self, entry: State, orelse: &[ast::Stmt], mut round: impl FnMut(&mut Walk, &State) -> State) -> State {
        let mut head = entry.clone();
        let mut rounds = 0;
        let breaks = loop {
            self.loops.push(LoopCx { breaks: Vec::new(), continues: Vec::new() });
            let end = round(self, &head);
            let cx = self.loops.pop().unwrap_or(LoopCx { breaks: Vec::new(), continues: Vec::new() });
            let next = cx.continues.into_iter().fold(merge(entry.clone(), end), merge);
            rounds += 1;
            if next == head || rounds > 64 || self.bail {
                break cx.breaks;
            }
            head = next;
        };
        let after_else = self.stmts(orelse, head);
        breaks.into_iter().fold(after_else, merge)
    }

    /// An assignment target: names are definitions, anything else is read.
    fn target(&mut self, t: &ast::Expr, st: &mut State) {
        match t {
            ast::Expr::Name(n) => {
                self.write(n.id.as_str(), n.range.start().into(), st);
            }
            ast::Expr::Tuple(t) => t.elts.iter().for_each(|e| self.target(e, st)),
            ast::Expr::List(l) => l.elts.iter().for_each(|e| self.target(e, st)),
            ast::Expr::Starred(s) => self.target(&s.value, st),
            other => self.expr(other, st, &HashSet::new()),
        }
    }

    /// Records the reads in `e`; names in `bound` belong to an enclosing comprehension.
    fn expr(&mut self, e: &ast::Expr, st: &State, bound: &HashSet<String>) {
        use ast::Expr as E;
        match e {
            E::Name(n) => {
                if !bound.contains(n.id.as_str()) {
                    self.read(n.id.as_str(), n.range.start().into(), st);
                }
            }
            E::ListComp(c) => self.comprehension(&c.generators, &[&c.elt], st, bound),
            E::SetComp(c) => self.comprehension(&c.generators, &[&c.elt], st, bound),
            E::GeneratorExp(c) => self.comprehension(&c.generators, &[&c.elt], st, bound),
            E::DictComp(c) => self.comprehension(&c.generators, &[&c.key, &c.value], st, bound),
            // Scopes and bindings this walk does not model.
            E::Lambda(_) | E::NamedExpr(_) | E::Yield(_) | E::YieldFrom(_) | E::Await(_) => self.bail = true,
            _ => for_each_child(e, &mut |x| self.expr(x, st, bound)),
        }
    }

    /// A comprehension: its targets are its own variables; everything else
    /// reads the enclosing function's.
    fn comprehension(&mut self, gens: &[ast::Comprehension], elts: &[&ast::Expr], st: &State, bound: &HashSet<String>) {
        let mut inner = bound.clone();
        for g in gens {
            self.expr(&g.iter, st, &inner);
            let mut names = HashSet::new();
            crate::front::ast_walk::target_names(&g.target, &mut names);
            inner.extend(names);
            for c in &g.ifs {
                self.expr(c, st, &inner);
            }
        }
        for e in elts {
            self.expr(e, st, &inner);
        }
    }

    fn finish(mut self) -> Webs {
        // Group each variable's definitions by web; number the webs by their
        // first definition in source order (parameters come first).
        let mut first_node: HashMap<DefId, u32> = HashMap::new();
        for d in 0..self.defs.len() as DefId {
            let r = self.find(d);
            let node = self.defs[d as usize].1;
            let e = first_node.entry(r).or_insert(node);
            *e = (*e).min(node);
        }
        let mut per_var: HashMap<String, Vec<(u32, DefId)>> = HashMap::new();
        for (&r, &node) in &first_node {
            per_var.entry(self.defs[r as usize].0.clone()).or_default().push((node, r));
        }
        let mut number: HashMap<DefId, u32> = HashMap::new();
        let mut splittable = HashSet::new();
        for (name, mut webs) in per_var {
            if webs.len() < 2 || self.unsplittable.contains(&name) {
                continue;
            }
            webs.sort();
            for (i, (_, r)) in webs.into_iter().enumerate() {
                number.insert(r, i as u32);
            }
            splittable.insert(name);
        }
        let mut web_of_node = HashMap::new();
        for d in 0..self.defs.len() as DefId {
            let r = self.find(d);
            if let Some(&n) = number.get(&r) {
                web_of_node.insert(self.defs[d as usize].1, n);
            }
        }
        let reads: Vec<(u32, DefId)> = self.reads.iter().map(|(&n, &d)| (n, d)).collect();
        for (node, d) in reads {
            let r = self.find(d);
            if let Some(&n) = number.get(&r) {
                web_of_node.insert(node, n);
            }
        }
        Webs { web_of_node, splittable }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn webs_of(src: &str) -> (Webs, String) {
        let suite = rustpython_parser::parse(src, rustpython_parser::Mode::Module, "<test>").expect("parses");
        let rustpython_parser::ast::Mod::Module(m) = suite else { panic!("module") };
        let ast::Stmt::FunctionDef(f) = &m.body[0] else { panic!("def") };
        (Webs::compute(f), src.to_string())
    }

    /// The web of the `k`-th occurrence of `needle` in `src`.
    fn web_at(w: &Webs, src: &str, needle: &str, k: usize) -> Option<u32> {
        let off = src.match_indices(needle).nth(k).map(|(i, _)| i as u32).expect("occurrence");
        w.web(off)
    }

    #[test]
    fn straight_line_reassignment_splits() {
        let (w, s) = webs_of("def f(x):\n    a = x\n    a = str(a)\n    return a\n");
        assert!(w.splittable("a"));
        assert_eq!(web_at(&w, &s, "a =", 0), Some(0));
        assert_eq!(web_at(&w, &s, "a)", 0), Some(0));
        assert_eq!(web_at(&w, &s, "a =", 1), Some(1));
        assert_eq!(web_at(&w, &s, "a\n", 0), Some(1));
    }

    #[test]
    fn loop_carried_and_branch_merged_values_stay_together() {
        let (w, _) = webs_of("def f(n):\n    s = 0\n    for i in range(n):\n        s = s + i\n    return s\n");
        assert!(!w.splittable("s"));
        let (w, _) = webs_of("def f(c):\n    if c:\n        a = 1\n    else:\n        a = 2\n    return a\n");
        assert!(!w.splittable("a"));
        let (w, _) = webs_of("def f(n):\n    t = 0\n    t += n\n    return t\n");
        assert!(!w.splittable("t"));
    }

    #[test]
    fn a_read_that_may_see_no_assignment_blocks_the_split() {
        let (w, _) = webs_of("def f(c):\n    if c:\n        a = 1\n        print(a)\n    a = 'x'\n    return a\n");
        assert!(w.splittable("a"));
        let (w, _) = webs_of("def f(c):\n    if c:\n        a = 1\n    print(a)\n    a = 'x'\n    return a\n");
        assert!(!w.splittable("a"));
    }

    #[test]
    fn unmodelled_constructs_split_nothing() {
        let (w, _) =
            webs_of("def f(x):\n    a = x\n    a = str(a)\n    try:\n        pass\n    except ValueError:\n        pass\n    return a\n");
        assert!(!w.splittable("a"));
    }

    #[test]
    fn comprehension_variables_are_not_the_functions() {
        let (w, s) = webs_of("def f(x):\n    a = x\n    b = [a for a in range(3)]\n    a = str(a)\n    return a, b\n");
        assert!(w.splittable("a"));
        assert_eq!(web_at(&w, &s, "a)", 0), Some(0));
    }
}
