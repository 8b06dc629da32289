//! In-place elementwise assignment: `b[1:] = f(a)` writes straight into `b`
//! when nothing can go wrong, instead of into a temporary that is then copied.
//!
//! After `kernelize`/`ufunc-fusion`, `dest[...] = <elementwise expression>`
//! is a kernel producing a new array followed by `AssignInto(dest, tmp)`
//! (the runtime's overlap-safe copy). The kernel is retargeted to write
//! `dest` directly (`KernelDest::Into`) when:
//! - every array input of the kernel either is `dest` itself (the same view
//!   of the same variable, read with no store between: `u[1:-1, 1:-1] =
//!   u[1:-1, 1:-1] + lap`, where each element is read just before it is
//!   overwritten, by the same iteration) or, by the alias analysis, shares
//!   no memory with `dest` (`a[1:] = a[:-1] + 1` reads elements it has
//!   already written, so it keeps its temporary, as do any two arguments,
//!   which the caller may have passed as one array);
//! - no array input has more dimensions than `dest` (the in-place kernel
//!   checks the inputs against each other with NumPy's ufunc message, then
//!   their broadcast shape against `dest` with its assignment message, the
//!   order NumPy's temporary would raise in);
//! - the element type is `dest`'s dtype (no cast on the way in);
//! - the temporary has no other use, and the statements between the kernel
//!   and the assignment write no array.
//!
//! Uses: `AliasInfo`. Preserves: nothing.

use crate::ir::{Function, KernelDest, Module, Op, Stmt};
use crate::middle::analysis::alias::{AliasInfo, FuncAlias};
use crate::middle::opt::kernel_cse::same_array;
use crate::middle::opt::ufunc_fusion::harmless;
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::middle::util::use_counts;
use crate::types::Type;

pub struct InPlace;

impl Pass for InPlace {
    fn name(&self) -> &'static str {
        "inplace"
    }

    fn run(&self, m: &mut Module, am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let alias = am.get::<AliasInfo>(m).clone();
        let mut changed = false;
        for (id, f) in m.funcs.iter_mut() {
            let Some(fa) = alias.funcs.get(&id) else { continue };
            changed |= inplace_function(f, fa, remarks);
        }
        PassResult::changed(changed)
    }
}

fn inplace_function(f: &mut Function, fa: &FuncAlias, remarks: &mut Vec<Remark>) -> bool {
    let counts = use_counts(f);
    let mut changed = false;
    for b in f.blocks_preorder() {
        let mut c = 0;
        while c < f.blocks[b].stmts.len() {
            let Stmt::Inst(i) = f.blocks[b].stmts[c] else {
                c += 1;
                continue;
            };
            if f.insts[i].op != Op::AssignInto {
                c += 1;
                continue;
            }
            let (dest, src) = (f.insts[i].args[0], f.insts[i].args[1]);
            let producer = f.blocks[b].stmts[..c].iter().position(|s| matches!(s, Stmt::Kernel(k) if k.dest == KernelDest::New(src)));
            let Some(p) = producer else {
                c += 1;
                continue;
            };
            let Stmt::Kernel(k) = &f.blocks[b].stmts[p] else { unreachable!() };
            let Some(dt) = f.ty(dest).as_array() else {
                c += 1;
                continue;
            };
            let arrays: Vec<_> = k.inputs.iter().copied().filter(|v| f.ty(*v).as_array().is_some()).collect();
            let shape_ok = !arrays.is_empty() && arrays.iter().all(|v| f.ty(*v).as_array().is_some_and(|a| a.ndim <= dt.ndim));
            let type_ok = *f.ty(k.result) == Type::Scalar(dt.dtype);
            let single_use = counts.get(&src).copied().unwrap_or(0) == 1;
            let between_ok = f.blocks[b].stmts[p + 1..c].iter().all(|s| harmless(f, s));
            if !(shape_ok && type_ok && single_use && between_ok) {
                c += 1;
                continue;
            }
            let span = f.insts[i].span;
            let is_dest: Vec<bool> = arrays.iter().map(|v| same_array(f, b, c, *v, dest)).collect();
            let hazard = arrays.iter().zip(&is_dest).find(|(v, same)| !**same && fa.may_overlap(**v, dest));
            if let Some((hazard, _)) = hazard {
                remarks.push(Remark {
                    pass: "inplace",
                    function: f.py_name.clone(),
                    span,
                    message: format!("kept a temporary: the destination may overlap the input {hazard} (alias analysis)"),
                });
                c += 1;
                continue;
            }
            let reads_dest = is_dest.contains(&true);
            let Stmt::Kernel(mut k) = f.blocks[b].stmts.remove(p) else { unreachable!() };
            k.dest = KernelDest::Into(dest);
            // The assignment is now at c - 1.
            f.blocks[b].stmts[c - 1] = Stmt::Kernel(k);
            remarks.push(Remark {
                pass: "inplace",
                function: f.py_name.clone(),
                span,
                message: if reads_dest {
                    "wrote the elementwise result directly into the destination (it reads the destination's own elements, each just before overwriting it; alias analysis: no other overlap, no temporary)"
                } else {
                    "wrote the elementwise result directly into the destination (alias analysis: no overlap, no temporary)"
                }
                .to_string(),
            });
            changed = true;
        }
    }
    changed
}
