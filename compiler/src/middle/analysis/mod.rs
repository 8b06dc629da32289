//! Whole-module analyses. Each file computes one fact and states what it reads.

pub mod alias;
pub mod callgraph;
pub mod const_lists;
pub mod effects;
pub mod float_sign;
pub mod loop_affine;
pub mod loop_vector;
pub mod parallel_loop;
pub mod purity;
pub mod range;
pub mod usedef;

/// Names accepted by [`summary`] (`kiln --print-analysis=NAME`).
pub const NAMES: &[&str] = &["callgraph", "effects", "purity", "usedef", "alias"];

/// The printable summary of analysis `name` for module `m`, or `None` for an unknown name.
pub fn summary(m: &crate::ir::Module, name: &str) -> Option<String> {
    Some(match name {
        "callgraph" => callgraph::CallGraph::build(m).summary(m),
        "effects" => effects::analyze(m).summary(m),
        "purity" => {
            let cg = callgraph::CallGraph::build(m);
            purity::Purity::compute_from(m, &cg, &effects::analyze_with(m, &cg)).summary(m)
        }
        "usedef" => usedef::UseDef::build(m).summary(m),
        "alias" => alias::AliasInfo::build(m).summary(m),
        _ => return None,
    })
}
