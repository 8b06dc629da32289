//! Ufunc fusion: a tree of elementwise operations becomes one kernel.
//!
//! After `kernelize`, every elementwise operation is its own kernel writing a
//! new array. A kernel whose output feeds exactly one other kernel in the
//! same block, with nothing between them that could write an array, is
//! merged into its consumer: its inputs become the consumer's inputs, its
//! scalar body is placed before the consumer's, and its result replaces the
//! element of the intermediate array. `np.sqrt(b*b + c*c)` becomes a single
//! loop that allocates only the result.
//!
//! Broadcasting errors keep NumPy's behaviour: each source operation's
//! shape check survives (`KernelData::checks`), so an incompatible pair
//! raises with that pair's shapes.
//!
//! Uses: use counts. Preserves: nothing.

use std::collections::HashMap;

use crate::ir::{Block, Function, KernelData, KernelDest, Module, Op, Stmt, Value, ValueDef};
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::middle::util::{replace_uses, use_counts};
use crate::optable;

pub struct UfuncFusion;

impl Pass for UfuncFusion {
    fn name(&self) -> &'static str {
        "ufunc-fusion"
    }

    fn run(&self, m: &mut Module, _am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let mut changed = false;
        for f in m.funcs.values_mut() {
            for b in f.blocks_preorder() {
                let n = fuse_block(f, b);
                if n > 0 {
                    changed = true;
                }
            }
            for b in f.blocks_preorder() {
                for s in &f.blocks[b].stmts {
                    if let Stmt::Kernel(k) = s {
                        let ops = f.blocks[k.body].stmts.len();
                        if k.checks.len() > 1 {
                            remarks.push(Remark {
                                pass: "ufunc-fusion",
                                function: f.py_name.clone(),
                                span: k.span,
                                message: format!(
                                    "fused {} elementwise operations into one loop ({} scalar operations, no temporaries)",
                                    k.checks.len(),
                                    ops
                                ),
                            });
                        }
                    }
                }
            }
        }
        PassResult::changed(changed)
    }
}

/// Whether a statement between a producer and its consumer leaves every
/// array's contents unchanged (so the producer may run later).
pub fn harmless(f: &Function, s: &Stmt) -> bool {
    match s {
        Stmt::Inst(i) => match &f.insts[*i].op {
            Op::ArraySet(_) | Op::AssignInto | Op::Call(_) | Op::SetError { .. } => false,
            Op::ArrayCall { out, .. } => *out != crate::ir::CallOut::Nothing,
            Op::Builtin(id) => optable::get(*id).effects.writes_args == 0,
            _ => true,
        },
        Stmt::Kernel(k) => matches!(k.dest, KernelDest::New(_) | KernelDest::Reduce(_)),
        _ => false,
    }
}

/// Fuses producers into consumers in block `b`; returns how many were fused.
fn fuse_block(f: &mut Function, b: Block) -> usize {
    let mut fused = 0;
    // Two kernels are needed; `use_counts` walks the whole function.
    if f.blocks[b].stmts.iter().filter(|s| matches!(s, Stmt::Kernel(_))).count() < 2 {
        return 0;
    }
    loop {
        let counts = use_counts(f);
        let stmts = f.blocks[b].stmts.clone();
        // The kernel producing each new array in this block, by position.
        let producers: HashMap<Value, usize> = stmts
            .iter()
            .enumerate()
            .filter_map(|(p, s)| match s {
                Stmt::Kernel(k) => match k.dest {
                    KernelDest::New(v) => Some((v, p)),
                    KernelDest::Into(_) | KernelDest::Reduce(_) => None,
                },
                _ => None,
            })
            .collect();
        let mut pair = None;
        'search: for (c, s) in stmts.iter().enumerate().rev() {
            let Stmt::Kernel(k) = s else { continue };
            for (n, input) in k.inputs.iter().enumerate() {
                let Some(&p) = producers.get(input) else { continue };
                if p >= c || counts.get(input).copied().unwrap_or(0) != 1 {
                    continue;
                }
                if stmts[p + 1..c].iter().all(|s| harmless(f, s)) {
                    pair = Some((p, c, n));
                    break 'search;
                }
            }
        }
        let Some((p, c, n)) = pair else { return fused };
        let (Stmt::Kernel(prod), Stmt::Kernel(cons)) = (stmts[p].clone(), stmts[c].clone()) else { unreachable!() };
        let merged = merge(f, *prod, *cons, n);
        f.blocks[b].stmts[c] = Stmt::Kernel(Box::new(merged));
        f.blocks[b].stmts.remove(p);
        fused += 1;
    }
}

/// `cons` with input `n` (the output of `prod`) replaced by `prod`'s computation.
fn merge(f: &mut Function, prod: KernelData, mut cons: KernelData, n: usize) -> KernelData {
    let body = cons.body;
    let old_elem = cons.elems[n];
    // The consumer's inputs without the intermediate, then the producer's
    // (reusing an existing input when it is the same value).
    let mut inputs: Vec<Value> = Vec::new();
    let mut elems: Vec<Value> = Vec::new();
    let mut cons_index: HashMap<usize, usize> = HashMap::new();
    for (i, (v, e)) in cons.inputs.iter().zip(&cons.elems).enumerate() {
        if i == n {
            continue;
        }
        cons_index.insert(i, inputs.len());
        inputs.push(*v);
        elems.push(*e);
    }
    let mut renames: HashMap<Value, Value> = HashMap::new();
    let mut prod_index: HashMap<usize, usize> = HashMap::new();
    for (i, (v, e)) in prod.inputs.iter().zip(&prod.elems).enumerate() {
        if let Some(pos) = inputs.iter().position(|x| x == v) {
            renames.insert(*e, elems[pos]);
            prod_index.insert(i, pos);
        } else {
            prod_index.insert(i, inputs.len());
            inputs.push(*v);
            elems.push(*e);
        }
    }
    // Renumber element definitions for the merged kernel.
    for (k, e) in elems.iter().enumerate() {
        f.values[*e].def = ValueDef::KernelElem(body, k as u32);
    }
    // The producer's body runs first; its result is the old element.
    let mut stmts = std::mem::take(&mut f.blocks[prod.body].stmts);
    stmts.extend(std::mem::take(&mut f.blocks[body].stmts));
    f.blocks[body].stmts = stmts;
    renames.insert(old_elem, prod.result);
    replace_uses(f, &renames);
    let result = *renames.get(&cons.result).unwrap_or(&cons.result);
    // Checks: the producer's first, then the consumer's (the intermediate's
    // shape stands for the producer's array inputs).
    let mut checks: Vec<Vec<u32>> = prod.checks.iter().map(|g| g.iter().map(|i| prod_index[&(*i as usize)] as u32).collect()).collect();
    for g in &cons.checks {
        let mut ng: Vec<u32> = Vec::new();
        for i in g {
            let i = *i as usize;
            if i == n {
                for pi in crate::middle::opt::kernelize::array_inputs(f, &prod.inputs) {
                    ng.push(prod_index[&(pi as usize)] as u32);
                }
            } else {
                ng.push(cons_index[&i] as u32);
            }
        }
        ng.sort_unstable();
        ng.dedup();
        checks.push(ng);
    }
    cons.inputs = inputs;
    cons.elems = elems;
    cons.result = result;
    cons.checks = checks;
    cons
}
