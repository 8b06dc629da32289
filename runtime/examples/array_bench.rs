//! Times a few array-library entry points on large inputs, to compare with
//! NumPy by hand: `cargo run --release -p kiln-runtime --example array_bench`.

use kiln_runtime::abi::{reduce, ArrayView, MAX_NDIM};
use kiln_runtime::buf::kiln_buf_decref;

fn view(data: *const u8, dtype: u8, shape: &[i64], strides: &[i64]) -> ArrayView {
    let mut v = ArrayView {
        data: data as *mut u8,
        owner: std::ptr::null_mut(),
        dtype,
        ndim: shape.len() as u8,
        _pad: [0; 6],
        shape: [0; MAX_NDIM],
        strides: [0; MAX_NDIM],
    };
    v.shape[..shape.len()].copy_from_slice(shape);
    v.strides[..shape.len()].copy_from_slice(strides);
    v
}

fn time(name: &str, reps: usize, mut f: impl FnMut() -> ArrayView) {
    let mut t = Vec::new();
    for _ in 0..reps {
        let s = std::time::Instant::now();
        let out = f();
        t.push(s.elapsed().as_secs_f64());
        unsafe { kiln_buf_decref(out.owner) };
    }
    t.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!("{name:40} median {:8.3} ms", t[reps / 2] * 1e3);
}

fn main() {
    let n = 10_000_000usize;
    let x: Vec<f64> = (0..n).map(|i| ((i * 7919) % 10007) as f64 * 0.001 - 5.0).collect();
    let p = x.as_ptr() as *const u8;
    let flat = view(p, 10, &[n as i64], &[8]);
    let mat = view(p, 10, &[1000, 10000], &[80000, 8]);
    let mut out = view(std::ptr::null(), 0, &[], &[]);
    time("sum(1e7 f64)", 20, || unsafe {
        kiln_runtime::reduce::kiln_reduce(reduce::SUM, &flat, -1, 0, 10, 0, &mut out);
        std::ptr::read(&out)
    });
    time("sum(1000x10000, axis=0)", 20, || unsafe {
        kiln_runtime::reduce::kiln_reduce(reduce::SUM, &mat, 1, 0, 10, 0, &mut out);
        std::ptr::read(&out)
    });
    time("var(1e7 f64)", 10, || unsafe {
        kiln_runtime::reduce::kiln_reduce(reduce::VAR, &flat, -1, 0, 10, 0, &mut out);
        std::ptr::read(&out)
    });
    time("max(1e7 f64)", 20, || unsafe {
        kiln_runtime::reduce::kiln_reduce(reduce::MAX, &flat, -1, 0, 10, 0, &mut out);
        std::ptr::read(&out)
    });
    time("astype(1e7 f64 -> f32)", 20, || unsafe {
        kiln_runtime::copy::kiln_copy(&flat, 9, &mut out);
        std::ptr::read(&out)
    });
    time("copy(transposed 1000x10000)", 10, || unsafe {
        let t = view(p, 10, &[10000, 1000], &[8, 80000]);
        kiln_runtime::copy::kiln_copy(&t, 10, &mut out);
        std::ptr::read(&out)
    });
    let m = 1_000_000i64;
    let small = view(p, 10, &[m], &[8]);
    time("sort(1e6 f64)", 10, || unsafe {
        kiln_runtime::sort::kiln_sort(&small, -1, &mut out);
        std::ptr::read(&out)
    });
    time("argsort(1e6 f64)", 10, || unsafe {
        kiln_runtime::sort::kiln_argsort(&small, -1, &mut out);
        std::ptr::read(&out)
    });
    time("cumsum(1e7 f64)", 10, || unsafe {
        kiln_runtime::scan::kiln_scan(0, &flat, -1, 10, &mut out);
        std::ptr::read(&out)
    });
    time("median(1e6 f64)", 10, || unsafe {
        kiln_runtime::reduce::kiln_reduce(reduce::MEDIAN, &small, -1, 0, 10, 0, &mut out);
        std::ptr::read(&out)
    });
}
