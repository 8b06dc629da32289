//! Reduction fusion: a reduction of a kernel's result folds the kernel's
//! elements as they are computed, so `np.sum(expr)` allocates nothing and
//! `np.max(expr, axis=1)` allocates only its result.
//!
//! A `kiln_reduce` call (sum, prod, min, max, mean; no `keepdims`) whose
//! operand is the new array of a kernel in the same block, used by nothing
//! else, with only harmless statements between them (see
//! `ufunc_fusion::harmless`), becomes that kernel's destination
//! (`KernelDest::Reduce`). NumPy computes these reductions on the
//! C-contiguous temporary, so the order of a float sum is known statically:
//! pairwise over the whole flat range (all axes) or over each row (the last
//! axis). Other axes, whose order depends on extent-1 axes at run time,
//! complex and half types, and means of integers (summed in float64 through
//! NumPy's cast buffers) keep the temporary; each such case gets a remark.
//!
//! Uses: use counts. Preserves: nothing.

use crate::abi::reduce as r;
use crate::ir::{CallArg, Function, KernelDest, KernelReduce, Module, Op, Stmt, ValueDef};
use crate::middle::opt::ufunc_fusion::harmless;
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::middle::util::use_counts;
use crate::types::DType;

pub struct ReduceFusion;

impl Pass for ReduceFusion {
    fn name(&self) -> &'static str {
        "reduce-fusion"
    }

    fn run(&self, m: &mut Module, _am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let mut changed = false;
        for f in m.funcs.values_mut() {
            for b in f.blocks_preorder() {
                changed |= fuse_block(f, b, remarks);
            }
        }
        PassResult::changed(changed)
    }
}

/// The constant arguments of a `kiln_reduce` call: kind, axes mask, keepdims.
fn reduce_call(op: &Op) -> Option<(i32, u64, bool)> {
    let Op::ArrayCall { entry: "kiln_reduce", args, .. } = op else { return None };
    match args.as_slice() {
        [CallArg::Const(kind), CallArg::Array(0), CallArg::Const(mask), CallArg::Const(keep), ..] => {
            Some((*kind as i32, *mask as u64, *keep != 0))
        }
        _ => None,
    }
}

/// Why a reduction of a kernel of element dtype `d` and rank `nd` over
/// `mask` cannot be fused, or whether it reduces only the last axis.
fn fusable(kind: i32, d: DType, nd: u8, mask: u64, keepdims: bool) -> Result<bool, &'static str> {
    if !matches!(kind, r::SUM | r::PROD | r::MIN | r::MAX | r::MEAN) {
        return Err("only sum, prod, min, max and mean are fused");
    }
    if keepdims {
        return Err("keepdims=True");
    }
    if d.is_complex() {
        return Err("complex elements");
    }
    if kind == r::MEAN && !d.is_float() {
        return Err("the mean of integers is summed in float64 through NumPy's cast buffers");
    }
    if nd == 0 {
        return Err("a 0-d expression");
    }
    let all = if nd >= 64 { u64::MAX } else { (1u64 << nd) - 1 };
    if mask & all == all {
        Ok(false)
    } else if mask == 1 << (nd - 1) {
        Ok(true)
    } else {
        Err("axes other than all or the last one (NumPy's order depends on the run-time shape)")
    }
}

fn fuse_block(f: &mut Function, b: crate::ir::Block, remarks: &mut Vec<Remark>) -> bool {
    let mut changed = false;
    // A kernel is needed; `use_counts` walks the whole function.
    if !f.blocks[b].stmts.iter().any(|s| matches!(s, Stmt::Kernel(_))) {
        return false;
    }
    let counts = use_counts(f);
    let mut c = 0;
    while c < f.blocks[b].stmts.len() {
        let Stmt::Inst(i) = f.blocks[b].stmts[c] else {
            c += 1;
            continue;
        };
        let Some((kind, mask, keepdims)) = reduce_call(&f.insts[i].op) else {
            c += 1;
            continue;
        };
        let src = f.insts[i].args[0];
        let producer = f.blocks[b].stmts[..c].iter().position(|s| matches!(s, Stmt::Kernel(k) if k.dest == KernelDest::New(src)));
        let Some(p) = producer else {
            c += 1;
            continue;
        };
        let span = f.insts[i].span;
        let mut remark = |message: String| remarks.push(Remark { pass: "reduce-fusion", function: f.py_name.clone(), span, message });
        if counts.get(&src).copied().unwrap_or(0) != 1 {
            remark("reduction not fused: the expression's array is used elsewhere".into());
            c += 1;
            continue;
        }
        if !f.blocks[b].stmts[p + 1..c].iter().all(|s| harmless(f, s)) {
            remark("reduction not fused: an array may be written between the expression and its reduction".into());
            c += 1;
            continue;
        }
        let at = f.ty(src).as_array().expect("kernel output is an array");
        let last_axis = match fusable(kind, at.dtype, at.ndim, mask, keepdims) {
            Ok(l) => l,
            Err(why) => {
                remark(format!("reduction not fused: {why}"));
                c += 1;
                continue;
            }
        };
        let out = f.insts[i].results[0];
        let Stmt::Kernel(k) = &mut f.blocks[b].stmts[p] else { unreachable!("found above") };
        k.dest = KernelDest::Reduce(KernelReduce { kind, ndim: at.ndim, last_axis, out });
        let body = k.body;
        let ops = k.checks.len();
        f.values[out].def = ValueDef::KernelOut(body);
        // The kernel defines the result; the call goes.
        f.blocks[b].stmts.remove(c);
        remarks.push(Remark {
            pass: "reduce-fusion",
            function: f.py_name.clone(),
            span,
            message: format!(
                "fused {} over {} into the loop of {ops} elementwise operation{} (no temporary array)",
                crate::ir::print::reduce_name(kind),
                if last_axis { "the last axis" } else { "all elements" },
                if ops == 1 { "" } else { "s" }
            ),
        });
        changed = true;
    }
    changed
}
