//! Times `kiln_dot` on 500x500 float64 matrices (the acceptance check
//! against NumPy's OpenBLAS `np.dot`): `cargo run --release -p kiln-runtime
//! --example gemm_bench [n] [reps]`.

use kiln_runtime::abi::{ArrayView, MAX_NDIM};
use kiln_runtime::buf::kiln_buf_decref;
use kiln_runtime::linalg::kiln_dot;

fn view(data: &[f64], n: usize) -> ArrayView {
    let mut shape = [0i64; MAX_NDIM];
    let mut strides = [0i64; MAX_NDIM];
    shape[0] = n as i64;
    shape[1] = n as i64;
    strides[0] = 8 * n as i64;
    strides[1] = 8;
    ArrayView { data: data.as_ptr() as *mut u8, owner: std::ptr::null_mut(), dtype: 10, ndim: 2, _pad: [0; 6], shape, strides }
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let n = args.first().copied().unwrap_or(500);
    let reps = args.get(1).copied().unwrap_or(200);
    let a: Vec<f64> = (0..n * n).map(|i| ((i * 7919) % 1000) as f64 / 500.0 - 1.0).collect();
    let b: Vec<f64> = (0..n * n).map(|i| ((i * 104729) % 997) as f64 / 498.5 - 1.0).collect();
    let (va, vb) = (view(&a, n), view(&b, n));
    let mut times = Vec::new();
    for _ in 0..reps {
        let mut out = view(&a, n);
        let t = std::time::Instant::now();
        let rc = unsafe { kiln_dot(&va, &vb, &mut out) };
        times.push(t.elapsed().as_secs_f64());
        assert_eq!(rc, 0);
        unsafe { kiln_buf_decref(out.owner) };
    }
    times.sort_by(|x, y| x.partial_cmp(y).unwrap());
    println!("kiln_dot {n}x{n} f64: median {:.3} ms, min {:.3} ms ({} reps)", times[reps / 2] * 1e3, times[0] * 1e3, reps);
}
