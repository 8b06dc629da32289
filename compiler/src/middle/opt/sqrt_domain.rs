//! `math.sqrt` of an argument that is never below zero cannot raise: it
//! becomes the unchecked root `math.sqrt[nonneg]`.
//!
//! `math.sqrt(s)` raises `ValueError` for `s < 0`, so it is not pure, and
//! passes that move, repeat or drop only pure operations leave it alone:
//! unroll-jam declines `D[i, j] = math.sqrt(s)` after `s += t * t`, licm does
//! not hoist it. When the float-sign analysis proves the argument sign-clear
//! (`+0.0`, positive or NaN; a sum of squares is), the check can never fire;
//! the unchecked form is pure, and code generation emits no compare.
//!
//! Uses: float-sign analysis, per function. Preserves: everything (only the
//! operation of a builtin call changes, not its operands or result).

use crate::ir::{Module, Op, Stmt};
use crate::middle::analysis::float_sign::FloatSign;
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::optable::{self, FloatImpl, Lower, MathCheck};

pub struct SqrtDomain;

impl Pass for SqrtDomain {
    fn name(&self) -> &'static str {
        "sqrt-domain"
    }

    fn run(&self, m: &mut Module, _am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let Some(unchecked) = optable::lookup("math.sqrt[nonneg]") else { return PassResult::changed(false) };
        let mut changed = false;
        for f in m.funcs.values_mut() {
            if f.dead {
                continue;
            }
            let checked_roots: Vec<_> = f
                .blocks_preorder()
                .into_iter()
                .flat_map(|b| f.blocks[b].stmts.clone())
                .filter_map(|s| match s {
                    Stmt::Inst(i) => match f.insts[i].op {
                        Op::Builtin(id)
                            if matches!(
                                optable::get(id).lower,
                                Lower::FloatFn { imp: FloatImpl::Sqrt, check: MathCheck::Standard { .. }, .. }
                            ) =>
                        {
                            Some(i)
                        }
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            if checked_roots.is_empty() {
                continue;
            }
            let sign = FloatSign::compute(f);
            for i in checked_roots {
                if sign.is_sign_clear(f, f.insts[i].args[0]) {
                    f.insts[i].op = Op::Builtin(unchecked);
                    changed = true;
                    remarks.push(Remark {
                        pass: "sqrt-domain",
                        function: f.py_name.clone(),
                        span: f.insts[i].span,
                        message: "math.sqrt cannot raise here: its argument is never negative (no domain check)".into(),
                    });
                }
            }
        }
        PassResult::changed(changed)
    }
}
