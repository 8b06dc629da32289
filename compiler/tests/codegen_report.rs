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
