//! The optimization pipeline: the one place that lists the passes and their order.
//!
//! ```text
//! unfold        a recursive function's call to itself replaced by its body
//!               where that exposes a repeated call (merged by call-cse)
//! tailrec       self tail calls (with + or * accumulators) become loops
//! inline (x2)   small callees everywhere; a level of self-recursion per round
//! call-cse      repeated calls of pure scalar functions (before their
//!               base cases are copied into branches around each call)
//! partial-inline  base cases of recursive callees copied before their calls
//! fixpoint (at most 4 rounds): constfold (folding, propagation through use-def
//!               chains, constant branches), jit-eval (pure calls with constant
//!               arguments run at compile time), call-cse, dce, dse (dead stores)
//! dfe           functions no export reaches any more (call graph)
//! sqrt-domain   math.sqrt of a never-negative argument loses its domain check
//!               (float-sign analysis), which makes it pure
//! if-convert    short pure conditional updates become selects
//! licm          hoist invariants (loads of unchanged variables, shape reads)
//! bce           bounds-check elimination from range analysis; loop versioning
//!               on loop-invariant tests for the checks it cannot prove
//! unroll-jam    a loop around a float reduction loop runs two iterations at
//!               a time, the inner loops fused (independent accumulators)
//! pair-roots    two square roots of one stretch placed side by side, their
//!               arguments first (code generation takes both in one sqrtpd)
//! dce           clean up what the above left unused
//! kernelize     elementwise array operations become loop nests (always runs)
//! ufunc-fusion  chains of elementwise kernels become one loop
//! reduce-fusion a reduction of a kernel's array folds the kernel's elements instead
//! inplace       `d[...] = kernel` writes d directly when alias analysis proves no overlap
//! dce           drops operands fusion made dead (copied constants)
//! ```

use crate::ir::Module;
use crate::middle::opt;
use crate::middle::pass_manager::{Pass, PassLog, PassManager, PassOptions};

/// One step of the pipeline.
pub enum Step {
    Run(Box<dyn Pass>),
    /// Repeats the passes until none changes the module, at most `max_rounds` times.
    FixPoint {
        passes: Vec<Box<dyn Pass>>,
        max_rounds: u32,
    },
}

pub fn default_pipeline() -> Vec<Step> {
    vec![
        Step::Run(Box::new(opt::unfold::Unfold)),
        Step::Run(Box::new(opt::tailrec::TailRec)),
        Step::FixPoint { passes: vec![Box::new(opt::inline::Inline)], max_rounds: 2 },
        Step::Run(Box::new(opt::call_cse::CallCse)),
        Step::Run(Box::new(opt::partial_inline::PartialInline)),
        Step::FixPoint {
            passes: vec![
                Box::new(opt::constfold::ConstFold),
                Box::new(opt::jit_eval::JitEval),
                Box::new(opt::call_cse::CallCse),
                Box::new(opt::dce::Dce),
                Box::new(opt::dse::Dse),
            ],
            max_rounds: 4,
        },
        Step::Run(Box::new(opt::dfe::Dfe)),
        Step::Run(Box::new(opt::sqrt_domain::SqrtDomain)),
        Step::Run(Box::new(opt::if_convert::IfConvert)),
        Step::Run(Box::new(opt::licm::Licm)),
        Step::Run(Box::new(opt::bce::Bce)),
        Step::Run(Box::new(opt::unroll_jam::UnrollJam)),
        Step::Run(Box::new(opt::pair_roots::PairRoots)),
        Step::Run(Box::new(opt::dce::Dce)),
        Step::Run(Box::new(opt::kernelize::Kernelize)),
        Step::Run(Box::new(opt::ufunc_fusion::UfuncFusion)),
        Step::Run(Box::new(opt::reduce_fusion::ReduceFusion)),
        Step::Run(Box::new(opt::inplace::InPlace)),
        Step::Run(Box::new(opt::kernel_cse::KernelCse)),
        Step::Run(Box::new(opt::dce::Dce)),
        Step::Run(Box::new(opt::parallel_loops::ParallelLoops)),
    ]
}

/// Passes code generation depends on; they run even without optimization.
pub fn required_pipeline() -> Vec<Step> {
    vec![Step::Run(Box::new(opt::kernelize::Kernelize))]
}

/// The pass of the default pipeline with this name.
pub fn pass_by_name(name: &str) -> Option<Box<dyn Pass>> {
    for step in default_pipeline() {
        let passes = match step {
            Step::Run(p) => vec![p],
            Step::FixPoint { passes, .. } => passes,
        };
        if let Some(p) = passes.into_iter().find(|p| p.name() == name) {
            return Some(p);
        }
    }
    None
}

/// Names of every pass in the default pipeline, for `--dump-after` validation.
pub fn pass_names() -> Vec<&'static str> {
    let mut names = Vec::new();
    for step in default_pipeline() {
        match step {
            Step::Run(p) => names.push(p.name()),
            Step::FixPoint { passes, .. } => names.extend(passes.iter().map(|p| p.name())),
        }
    }
    names.dedup();
    names
}

/// Runs the pipeline; an error is an IR-verifier failure after some pass.
pub fn optimize(m: &mut Module, options: PassOptions) -> Result<PassLog, String> {
    run(m, options, default_pipeline())
}

/// Runs only what code generation needs (`-O0`).
pub fn lower_only(m: &mut Module, options: PassOptions) -> Result<PassLog, String> {
    run(m, options, required_pipeline())
}

/// Runs the given steps (for tests and tools that need part of the pipeline).
pub fn run(m: &mut Module, options: PassOptions, steps: Vec<Step>) -> Result<PassLog, String> {
    let mut pm = PassManager::new(options);
    for step in steps {
        match step {
            Step::Run(p) => {
                pm.run_pass(p.as_ref(), m)?;
            }
            Step::FixPoint { passes, max_rounds } => {
                for _ in 0..max_rounds {
                    let mut changed = false;
                    for p in &passes {
                        changed |= pm.run_pass(p.as_ref(), m)?;
                    }
                    if !changed {
                        break;
                    }
                }
            }
        }
    }
    Ok(pm.log)
}
