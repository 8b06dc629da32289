//! The call graph of a module, on `petgraph`, with its strongly connected
//! components.
//!
//! Nodes are functions (every `FuncId`, dead ones included); there is one
//! edge `caller → callee` per distinct pair that has at least one `Op::Call`
//! reachable in the caller's body (kernel bodies included). `sccs` lists the strongly
//! connected components callees first (reverse topological order), so a
//! bottom-up analysis visits every callee's component before its callers and
//! needs a fixpoint only inside a component (recursion).
//!
//! Reads: the IR's `Op::Call` operations. Invariant: `scc_of[f]` is the index
//! in `sccs` of the component holding `f`.

use std::fmt::Write as _;

use cranelift_codegen::entity::{EntityRef, SecondaryMap};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::ir::{FuncId, Module, Op};
use crate::middle::pass_manager::{Analysis, AnalysisCache};

#[derive(Clone, Debug)]
pub struct CallGraph {
    pub graph: DiGraph<FuncId, ()>,
    /// Node of each function (`graph[node(f)] == f`).
    nodes: Vec<NodeIndex>,
    /// Components, callees before callers.
    pub sccs: Vec<Vec<FuncId>>,
    pub scc_of: SecondaryMap<FuncId, usize>,
}

impl CallGraph {
    pub fn build(m: &Module) -> CallGraph {
        let mut graph = DiGraph::new();
        let nodes: Vec<NodeIndex> = m.funcs.keys().map(|f| graph.add_node(f)).collect();
        for (id, f) in m.funcs.iter() {
            let mut seen = std::collections::BTreeSet::new();
            // Walk the blocks: the instruction arena also holds operations
            // that transforms have unlinked (an inlined call).
            for b in f.blocks_preorder() {
                for s in &f.blocks[b].stmts {
                    let crate::ir::Stmt::Inst(i) = s else { continue };
                    if let Op::Call(c) = f.insts[*i].op {
                        if seen.insert(c) && c.index() < nodes.len() {
                            graph.add_edge(nodes[id.index()], nodes[c.index()], ());
                        }
                    }
                }
            }
        }
        // tarjan_scc yields components in reverse topological order: callees first.
        let sccs: Vec<Vec<FuncId>> = tarjan_scc(&graph)
            .into_iter()
            .map(|c| {
                let mut ids: Vec<FuncId> = c.into_iter().map(|n| graph[n]).collect();
                ids.sort();
                ids
            })
            .collect();
        let mut scc_of = SecondaryMap::new();
        for (k, c) in sccs.iter().enumerate() {
            for f in c {
                scc_of[*f] = k;
            }
        }
        CallGraph { graph, nodes, sccs, scc_of }
    }

    /// The functions `f` calls directly, sorted.
    pub fn callees(&self, f: FuncId) -> Vec<FuncId> {
        let mut out: Vec<FuncId> = self.graph.neighbors(self.nodes[f.index()]).map(|n| self.graph[n]).collect();
        out.sort();
        out
    }

    /// Whether `f` is in a cycle of calls (calls itself, directly or not).
    pub fn is_recursive(&self, f: FuncId) -> bool {
        self.sccs[self.scc_of[f]].len() > 1 || self.graph.contains_edge(self.nodes[f.index()], self.nodes[f.index()])
    }

    /// Functions reachable through calls from `roots` (the roots included).
    pub fn reachable(&self, roots: impl IntoIterator<Item = FuncId>) -> std::collections::BTreeSet<FuncId> {
        let mut out = std::collections::BTreeSet::new();
        let mut work: Vec<FuncId> = roots.into_iter().collect();
        while let Some(f) = work.pop() {
            if out.insert(f) {
                work.extend(self.callees(f));
            }
        }
        out
    }

    /// One line per function: its callees and whether it is recursive.
    pub fn summary(&self, m: &Module) -> String {
        let mut s = String::new();
        for (id, f) in m.funcs.iter() {
            let callees: Vec<&str> = self.callees(id).iter().map(|c| m.funcs[*c].name.as_str()).collect();
            let rec = if self.is_recursive(id) { " (recursive)" } else { "" };
            let _ = writeln!(s, "{}{rec} -> [{}]", f.name, callees.join(", "));
        }
        s
    }
}

impl Analysis for CallGraph {
    fn compute(m: &Module, _am: &mut AnalysisCache) -> CallGraph {
        CallGraph::build(m)
    }
}
