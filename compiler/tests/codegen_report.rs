//! `--report` lines from code generation: every kernel says whether its body
//! runs on SIMD vectors (and at what width) or as a scalar loop, and from
//! how many elements it runs on the thread pool.

use kiln::middle::pass_manager::Remark;

fn codegen_remarks(source: &str) -> Vec<Remark> {
    let (artifact, diags) = kiln::compile(source, &kiln::Options::new("report_case"));
    assert!(diags.iter().all(|d| d.severity != kiln::diag::Severity::Error), "{diags:?}");
    let artifact = artifact.expect("compiles");
    artifact.passes.remarks.into_iter().filter(|r| r.pass == "codegen").collect()
}

#[test]
fn kernels_report_simd_width_and_thread_threshold() {
    let src = "#pythran export f(float64[:], float64[:])\n\
               #pythran export g(float32[:])\n\
               #pythran export h(int64[:])\n\
               #pythran export s(float64[:])\n\
               import numpy as np\n\
               def f(a, b):\n    return a * b + 1.0\n\
               def g(a):\n    return np.sqrt(a) * np.float32(2)\n\
               def h(a):\n    return a * 3 + 1\n\
               def s(a):\n    return np.sum(a * a)\n";
    let remarks = codegen_remarks(src);
    let of = |f: &str| remarks.iter().filter(|r| r.function == f).map(|r| r.message.clone()).collect::<Vec<_>>().join("\n");
    assert!(of("f").contains("kernel: 2 x float64 SIMD"), "{}", of("f"));
    assert!(of("f").contains("thread pool from 65536 elements"), "{}", of("f"));
    assert!(of("g").contains("4 x float32 SIMD"), "{}", of("g"));
    assert!(of("g").contains("from 4096 elements"), "{}", of("g"));
    assert!(of("h").contains("scalar loop"), "{}", of("h"));
    assert!(of("s").contains("reduction kernel: 2 x float64 SIMD"), "{}", of("s"));
}

/// The `#omp parallel for` loops of the shared loop kernels stay parallel
/// after bounds-check versioning copies them (the other copy's reads of the
/// loop variables are not "after" the loop).
#[test]
fn versioned_parallel_loops_stay_parallel() {
    let src = "#pythran export pairwise(float64[:,:], float64[:,:])\n\
               #pythran export after(float64[:,:], float64[:,:])\n\
               import numpy as np\n\
               def pairwise(X, Y):\n    D = np.empty((X.shape[0], Y.shape[0]))\n    #omp parallel for\n    for i in range(X.shape[0]):\n        for j in range(Y.shape[0]):\n            s = 0.0\n            for k in range(X.shape[1]):\n                t = X[i, k] - Y[j, k]\n                s += t * t\n            D[i, j] = s\n    return D\n\
               def after(X, Y):\n    s = 0.0\n    #omp parallel for\n    for i in range(X.shape[0]):\n        for k in range(X.shape[1]):\n            s = X[i, k] + Y[i, k]\n    return s\n";
    let (artifact, diags) = kiln::compile(src, &kiln::Options::new("report_case"));
    assert!(diags.iter().all(|d| d.severity != kiln::diag::Severity::Error), "{diags:?}");
    let remarks = artifact.expect("compiles").passes.remarks;
    let of = |f: &str, pass: &str| {
        remarks.iter().filter(|r| r.function == f && r.pass == pass).map(|r| r.message.clone()).collect::<Vec<_>>().join("\n")
    };
    assert!(of("pairwise", "bce").contains("loop versioned"), "{}", of("pairwise", "bce"));
    assert!(of("pairwise", "parallel-loops").contains("iterations run on the thread pool"), "{}", of("pairwise", "parallel-loops"));
    // A variable read after the loop still makes it serial.
    assert!(of("after", "parallel-loops").contains("runs serially"), "{}", of("after", "parallel-loops"));
}
