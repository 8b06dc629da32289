//! Use-def chains of the slots (Python locals): for each `Load`, the
//! `Store`s that may reach it.
//!
//! The structured IR is flattened into a control-flow graph on `petgraph`
//! whose nodes are the slot operations (`Load`, `Store`) and a few join
//! points (entry, exit, loop heads, `try` landing pads). Reaching
//! definitions are then solved by the classic forward dataflow (union over
//! predecessors; a `Store` kills the other stores of its slot).
//!
//! Exceptions: inside a `try` body, the entry and every `Store` have an edge
//! to the `try`'s landing pad (the states an exception can leave with); the
//! landing pad leads to every handler and to `finally` (or outwards).
//! `Return`, `Break` and `Continue` inside a `try` with `finally` also lead
//! through the `finally` block, whose end leads to every place control may
//! continue at. Kernel bodies run zero or more times, as loops.
//!
//! Invariant (what makes the transforms built on it sound): the graph may
//! have more paths than the program, never fewer, so the reaching sets are
//! over-approximations. `Def::Entry` stands for "no store yet" (the slot is
//! unassigned, or holds its initial value).
//!
//! Reads: the IR of each function. Cached per module; any transform that
//! changes the IR invalidates it.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;

use crate::ir::{Block, FuncId, Function, Inst, Module, Op, Slot, Stmt};
use crate::middle::pass_manager::{Analysis, AnalysisCache};

/// A node of the flattened control-flow graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    Entry,
    Exit,
    /// A `Load` or `Store`.
    Slot(Inst),
    /// A join point (loop head, landing pad, `finally` entry).
    Join,
}

/// A definition that may reach a load.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Def {
    /// No store on some path from the function's entry.
    Entry,
    Store(Inst),
}

#[derive(Clone, Debug, Default)]
pub struct FuncUseDef {
    pub cfg: DiGraph<Node, ()>,
    /// For every `Load`: the definitions that may reach it.
    pub reaching: HashMap<Inst, BTreeSet<Def>>,
    /// For every `Store`: the loads it may reach.
    pub uses: HashMap<Inst, BTreeSet<Inst>>,
}

impl FuncUseDef {
    /// Stores whose value no load can read.
    pub fn dead_stores(&self) -> Vec<Inst> {
        let mut out: Vec<Inst> = self.uses.iter().filter(|(_, u)| u.is_empty()).map(|(s, _)| *s).collect();
        out.sort();
        out
    }
}

#[derive(Clone, Debug, Default)]
pub struct UseDef {
    pub funcs: HashMap<FuncId, FuncUseDef>,
}

impl UseDef {
    pub fn build(m: &Module) -> UseDef {
        UseDef { funcs: m.funcs.iter().filter(|(_, f)| !f.dead).map(|(id, f)| (id, function_usedef(f))).collect() }
    }

    /// Per live function: each load with its reaching stores, each dead store.
    pub fn summary(&self, m: &Module) -> String {
        let mut s = String::new();
        for (id, f) in m.funcs.iter() {
            let Some(ud) = self.funcs.get(&id) else { continue };
            let _ = writeln!(s, "{}:", f.name);
            let mut loads: Vec<_> = ud.reaching.iter().collect();
            loads.sort_by_key(|(l, _)| **l);
            let store_text = |i: Inst| match f.insts[i].op {
                Op::Store(slot) => format!("store {slot} {}", f.insts[i].args[0]),
                _ => format!("{i}"),
            };
            for (l, defs) in loads {
                let Op::Load(slot) = f.insts[*l].op else { continue };
                let defs: Vec<String> = defs
                    .iter()
                    .map(|d| match d {
                        Def::Entry => "entry".to_string(),
                        Def::Store(i) => store_text(*i),
                    })
                    .collect();
                let _ = writeln!(s, "  {} = load {slot} ({}) <- {}", f.insts[*l].results[0], f.slots[slot].name, defs.join(", "));
            }
            for d in ud.dead_stores() {
                let _ = writeln!(s, "  dead: {}", store_text(d));
            }
        }
        s
    }
}

impl Analysis for UseDef {
    fn compute(m: &Module, _am: &mut AnalysisCache) -> UseDef {
        UseDef::build(m)
    }
}

struct LoopCx {
    head: NodeIndex,
    breaks: Vec<NodeIndex>,
}

struct TryCx {
    /// Where an exception raised here goes.
    landing: NodeIndex,
}

struct Builder<'a> {
    f: &'a Function,
    g: DiGraph<Node, ()>,
    exit: NodeIndex,
    loops: Vec<LoopCx>,
    tries: Vec<TryCx>,
    /// Entries of the `finally` blocks enclosing the current point.
    finallies: Vec<NodeIndex>,
}

impl Builder<'_> {
    fn add(&mut self, n: Node, preds: &[NodeIndex]) -> NodeIndex {
        let x = self.g.add_node(n);
        for p in preds {
            self.g.update_edge(*p, x, ());
        }
        x
    }

    fn edge(&mut self, a: NodeIndex, b: NodeIndex) {
        self.g.update_edge(a, b, ());
    }

    fn exc_target(&self) -> NodeIndex {
        self.tries.last().map_or(self.exit, |t| t.landing)
    }

    /// Control leaves through `finally` blocks: connect to all of them.
    fn through_finallies(&mut self, from: NodeIndex) {
        for fin in self.finallies.clone() {
            self.edge(from, fin);
        }
    }

    /// Adds block `b` after the nodes `cur`; returns the fall-through frontier.
    fn block(&mut self, b: Block, mut cur: Vec<NodeIndex>) -> Vec<NodeIndex> {
        let f = self.f;
        for s in &f.blocks[b].stmts {
            if cur.is_empty() {
                // Unreachable code: still give its loads nodes (with no reaching stores
                // they read nothing), but connect it after a fresh join so the
                // graph stays total.
                cur = vec![self.add(Node::Join, &[])];
            }
            match s {
                Stmt::Inst(i) => match f.insts[*i].op {
                    Op::Load(_) => cur = vec![self.add(Node::Slot(*i), &cur)],
                    Op::Store(_) => {
                        let n = self.add(Node::Slot(*i), &cur);
                        if !self.tries.is_empty() {
                            let t = self.exc_target();
                            self.edge(n, t);
                        }
                        cur = vec![n];
                    }
                    _ => {}
                },
                Stmt::If { then_block, else_block, .. } => {
                    let mut t = self.block(*then_block, cur.clone());
                    let e = self.block(*else_block, cur);
                    t.extend(e);
                    cur = t;
                }
                Stmt::For { body, orelse, .. } => {
                    let head = self.add(Node::Join, &cur);
                    self.loops.push(LoopCx { head, breaks: Vec::new() });
                    let back = self.block(*body, vec![head]);
                    for n in back {
                        self.edge(n, head);
                    }
                    let lp = self.loops.pop().expect("pushed above");
                    cur = match orelse {
                        Some(o) => self.block(*o, vec![head]),
                        None => vec![head],
                    };
                    cur.extend(lp.breaks);
                }
                Stmt::While { header, body, orelse, .. } => {
                    let head = self.add(Node::Join, &cur);
                    let cond = self.block(*header, vec![head]);
                    let cond = self.add(Node::Join, &cond);
                    self.loops.push(LoopCx { head, breaks: Vec::new() });
                    let back = self.block(*body, vec![cond]);
                    for n in back {
                        self.edge(n, head);
                    }
                    let lp = self.loops.pop().expect("pushed above");
                    cur = match orelse {
                        Some(o) => self.block(*o, vec![cond]),
                        None => vec![cond],
                    };
                    cur.extend(lp.breaks);
                }
                Stmt::Kernel(k) => {
                    let head = self.add(Node::Join, &cur);
                    let back = self.block(k.body, vec![head]);
                    for n in back {
                        self.edge(n, head);
                    }
                    cur = vec![head];
                }
                Stmt::Try(t) => cur = self.try_region(t, cur),
                Stmt::Break(n) => {
                    let at = self.add(Node::Join, &cur);
                    self.through_finallies(at);
                    let depth = self.loops.len();
                    if let Some(lp) = depth.checked_sub(1 + *n as usize).and_then(|k| self.loops.get_mut(k)) {
                        lp.breaks.push(at);
                    }
                    cur = Vec::new();
                }
                Stmt::Continue => {
                    let at = self.add(Node::Join, &cur);
                    self.through_finallies(at);
                    if let Some(head) = self.loops.last().map(|l| l.head) {
                        self.edge(at, head);
                    }
                    cur = Vec::new();
                }
                Stmt::Return(_) => {
                    let at = self.add(Node::Join, &cur);
                    self.through_finallies(at);
                    let exit = self.exit;
                    self.edge(at, exit);
                    cur = Vec::new();
                }
                Stmt::Raise | Stmt::Reraise => {
                    let at = self.add(Node::Join, &cur);
                    let t = self.exc_target();
                    self.edge(at, t);
                    cur = Vec::new();
                }
            }
        }
        cur
    }

    fn try_region(&mut self, t: &crate::ir::TryData, cur: Vec<NodeIndex>) -> Vec<NodeIndex> {
        let entry = self.add(Node::Join, &cur);
        let landing = self.add(Node::Join, &[entry]);
        let fin_entry = t.finally.map(|_| self.add(Node::Join, &[]));
        // Where exceptions from handlers and `else` go.
        let outer = fin_entry.unwrap_or_else(|| self.exc_target());
        if let Some(fe) = fin_entry {
            self.finallies.push(fe);
        }
        self.tries.push(TryCx { landing });
        let body = self.block(t.body, vec![entry]);
        self.tries.pop();
        self.edge(landing, outer);
        self.tries.push(TryCx { landing: outer });
        let mut out = match t.orelse {
            Some(o) => self.block(o, body),
            None => body,
        };
        for h in &t.handlers {
            let hx = self.block(h.body, vec![landing]);
            out.extend(hx);
        }
        self.tries.pop();
        match (t.finally, fin_entry) {
            (Some(fb), Some(fe)) => {
                self.finallies.pop();
                for n in out {
                    self.edge(n, fe);
                }
                let end = self.block(fb, vec![fe]);
                // After `finally`: fall through, re-raise, or resume a pending
                // return/break/continue.
                let join = self.add(Node::Join, &end);
                let t = self.exc_target();
                self.edge(join, t);
                let exit = self.exit;
                self.edge(join, exit);
                for fin in self.finallies.clone() {
                    self.edge(join, fin);
                }
                let heads: Vec<NodeIndex> = self.loops.iter().map(|l| l.head).collect();
                for h in heads {
                    self.edge(join, h);
                }
                for lp in self.loops.iter_mut() {
                    lp.breaks.push(join);
                }
                vec![join]
            }
            _ => out,
        }
    }
}

/// Builds the graph and solves reaching definitions for one function.
pub fn function_usedef(f: &Function) -> FuncUseDef {
    let mut g = DiGraph::new();
    let entry = g.add_node(Node::Entry);
    let exit = g.add_node(Node::Exit);
    let mut b = Builder { f, g, exit, loops: Vec::new(), tries: Vec::new(), finallies: Vec::new() };
    let end = b.block(f.body, vec![entry]);
    for n in end {
        b.edge(n, exit);
    }
    let g = b.g;

    // Definition numbering: stores 0..n, then one `Entry` per slot.
    let stores: Vec<Inst> = g
        .node_weights()
        .filter_map(|n| match n {
            Node::Slot(i) if matches!(f.insts[*i].op, Op::Store(_)) => Some(*i),
            _ => None,
        })
        .collect();
    let store_ix: HashMap<Inst, usize> = stores.iter().enumerate().map(|(k, i)| (*i, k)).collect();
    let slot_ix: HashMap<Slot, usize> = f.slots.keys().enumerate().map(|(k, s)| (s, stores.len() + k)).collect();
    let ndefs = stores.len() + f.slots.len();
    let words = ndefs.div_ceil(64).max(1);
    // Defs of each slot, as a mask (what a store of that slot kills).
    let mut slot_mask: HashMap<Slot, Vec<u64>> = HashMap::new();
    for s in f.slots.keys() {
        let mut m = vec![0u64; words];
        let k = slot_ix[&s];
        m[k / 64] |= 1 << (k % 64);
        slot_mask.insert(s, m);
    }
    for (k, i) in stores.iter().enumerate() {
        if let Op::Store(s) = f.insts[*i].op {
            let m = slot_mask.entry(s).or_insert_with(|| vec![0u64; words]);
            m[k / 64] |= 1 << (k % 64);
        }
    }

    let n = g.node_count();
    let mut out_sets = vec![vec![0u64; words]; n];
    let mut work: Vec<NodeIndex> = g.node_indices().collect();
    work.reverse();
    let mut queued = vec![true; n];
    let transfer = |node: NodeIndex, input: &[u64]| -> Vec<u64> {
        match g[node] {
            Node::Entry => {
                let mut v = vec![0u64; words];
                for k in stores.len()..ndefs {
                    v[k / 64] |= 1 << (k % 64);
                }
                v
            }
            Node::Slot(i) => match f.insts[i].op {
                Op::Store(s) => {
                    let mask = &slot_mask[&s];
                    let k = store_ix[&i];
                    let mut v: Vec<u64> = input.iter().zip(mask).map(|(a, m)| a & !m).collect();
                    v[k / 64] |= 1 << (k % 64);
                    v
                }
                _ => input.to_vec(),
            },
            _ => input.to_vec(),
        }
    };
    let in_of = |node: NodeIndex, out_sets: &Vec<Vec<u64>>| -> Vec<u64> {
        let mut v = vec![0u64; words];
        for p in g.neighbors_directed(node, Direction::Incoming) {
            for (a, b) in v.iter_mut().zip(&out_sets[p.index()]) {
                *a |= b;
            }
        }
        v
    };
    while let Some(node) = work.pop() {
        queued[node.index()] = false;
        let input = in_of(node, &out_sets);
        let out = transfer(node, &input);
        if out != out_sets[node.index()] {
            out_sets[node.index()] = out;
            for s in g.neighbors_directed(node, Direction::Outgoing) {
                if !queued[s.index()] {
                    queued[s.index()] = true;
                    work.push(s);
                }
            }
        }
    }

    let mut reaching = HashMap::new();
    let mut uses: HashMap<Inst, BTreeSet<Inst>> = stores.iter().map(|s| (*s, BTreeSet::new())).collect();
    for node in g.node_indices() {
        let Node::Slot(l) = g[node] else { continue };
        let Op::Load(slot) = f.insts[l].op else { continue };
        let input = in_of(node, &out_sets);
        let mask = &slot_mask[&slot];
        let mut defs = BTreeSet::new();
        for k in 0..ndefs {
            if input[k / 64] & mask[k / 64] & (1 << (k % 64)) != 0 {
                if k < stores.len() {
                    defs.insert(Def::Store(stores[k]));
                    uses.entry(stores[k]).or_default().insert(l);
                } else {
                    defs.insert(Def::Entry);
                }
            }
        }
        reaching.insert(l, defs);
    }
    FuncUseDef { cfg: g, reaching, uses }
}
