//! The Rust half of the array library's differential fuzzer against NumPy
//! (`np_fuzz.py` beside this file is the driver): reads cases from stdin,
//! runs each through the runtime's `extern "C"` entry points, and writes the
//! results to stdout.
//!
//! Wire format (little-endian). A case: `u32 op`, four `i64` parameters, two
//! `f64` parameters, `u32` array count, then per array: `u8 dtype`, `u8 ndim`,
//! `ndim` shape `i64`s, `ndim` byte-stride `i64`s, `u64` offset of element 0
//! in the buffer, `u64` buffer length, the buffer bytes. A result: `u8 0`,
//! `u32` output count, then per output `u8 dtype`, `u8 ndim`, shape `i64`s,
//! `u64` byte length and the C-order bytes; or `u8 1`, `i32` exception kind,
//! `u32` length and the UTF-8 message.

use std::io::{Read, Write};

use kiln_runtime::abi::{ArrayView, MAX_NDIM};
use kiln_runtime::buf::kiln_buf_decref;
use kiln_runtime::{copy, linalg, quantile, reduce, scan, search, sort};

struct In<'a>(&'a [u8]);

impl In<'_> {
    fn take(&mut self, n: usize) -> &[u8] {
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        a
    }
    fn u8(&mut self) -> u8 {
        self.take(1)[0]
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take(4).try_into().unwrap())
    }
    fn i64(&mut self) -> i64 {
        i64::from_le_bytes(self.take(8).try_into().unwrap())
    }
    fn f64(&mut self) -> f64 {
        f64::from_le_bytes(self.take(8).try_into().unwrap())
    }
}

fn empty() -> ArrayView {
    ArrayView {
        data: std::ptr::null_mut(),
        owner: std::ptr::null_mut(),
        dtype: 0,
        ndim: 0,
        _pad: [0; 6],
        shape: [0; MAX_NDIM],
        strides: [0; MAX_NDIM],
    }
}

/// Writes a result view in C order and releases it.
fn emit(out: &mut Vec<u8>, v: &ArrayView) {
    let nd = v.ndim as usize;
    out.push(v.dtype);
    out.push(v.ndim);
    for k in 0..nd {
        out.extend_from_slice(&v.shape[k].to_le_bytes());
    }
    let item = kiln_runtime::abi::dtype::itemsize(v.dtype);
    let n: i64 = v.shape[..nd].iter().product();
    out.extend_from_slice(&((n as usize * item) as u64).to_le_bytes());
    // Results are C-contiguous.
    let bytes = unsafe { std::slice::from_raw_parts(v.data, n as usize * item) };
    out.extend_from_slice(bytes);
    unsafe { kiln_buf_decref(v.owner) };
}

fn main() {
    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input).unwrap();
    let mut r = In(&input);
    let mut out = Vec::new();
    while !r.0.is_empty() {
        let op = r.u32();
        let p: Vec<i64> = (0..4).map(|_| r.i64()).collect();
        let f: Vec<f64> = (0..2).map(|_| r.f64()).collect();
        let narr = r.u32() as usize;
        let mut bufs: Vec<Vec<u64>> = Vec::new();
        let mut views = Vec::new();
        for _ in 0..narr {
            let mut v = empty();
            v.dtype = r.u8();
            v.ndim = r.u8();
            for k in 0..v.ndim as usize {
                v.shape[k] = r.i64();
            }
            for k in 0..v.ndim as usize {
                v.strides[k] = r.i64();
            }
            let off = r.i64() as usize;
            let len = r.i64() as usize;
            // An 8-byte aligned copy of the buffer.
            let mut b = vec![0u64; len.div_ceil(8) + 1];
            unsafe {
                std::ptr::copy_nonoverlapping(r.take(len).as_ptr(), b.as_mut_ptr() as *mut u8, len);
                v.data = (b.as_mut_ptr() as *mut u8).add(off);
            }
            bufs.push(b);
            views.push(v);
        }
        let mut res = empty();
        let mut many: Vec<ArrayView> = Vec::new();
        let rc = unsafe {
            match op {
                0 => reduce::kiln_reduce(p[0] as i32, &views[0], p[1], p[2] as i32, p[3] as i32, f[0] as i64, &mut res),
                1 => scan::kiln_scan(p[0] as i32, &views[0], p[1], p[2] as i32, &mut res),
                2 => copy::kiln_copy(&views[0], p[0] as i32, &mut res),
                3 => sort::kiln_sort(&views[0], p[0], &mut res),
                4 => sort::kiln_argsort(&views[0], p[0], &mut res),
                5 => sort::kiln_unique(&views[0], &mut res),
                6 => scan::kiln_diff(&views[0], p[0], p[1], &mut res),
                7 => quantile::kiln_percentile(&views[0], &views[1], p[0], p[1] as i32, &mut res),
                8 => search::kiln_searchsorted(&views[0], &views[1], p[0] as i32, &mut res),
                9 => {
                    many = (0..views[0].ndim).map(|_| empty()).collect();
                    search::kiln_nonzero(&views[0], many.as_mut_ptr())
                }
                10 => copy::kiln_assign(&views[0], &views[1]),
                11 => linalg::kiln_norm(&views[0], p[0] as i32, p[1], p[2] as i32, &mut res),
                12 => linalg::kiln_dot(&views[0], &views[1], &mut res),
                13 => linalg::kiln_outer(&views[0], &views[1], &mut res),
                _ => panic!("unknown op {op}"),
            }
        };
        if rc == 0 {
            out.push(0);
            if op == 9 {
                out.extend_from_slice(&(many.len() as u32).to_le_bytes());
                for v in &many {
                    emit(&mut out, v);
                }
            } else if op == 10 {
                // The destination, read back through a copy.
                let mut c = empty();
                assert_eq!(unsafe { copy::kiln_copy(&views[0], views[0].dtype as i32, &mut c) }, 0);
                out.extend_from_slice(&1u32.to_le_bytes());
                emit(&mut out, &c);
            } else {
                out.extend_from_slice(&1u32.to_le_bytes());
                emit(&mut out, &res);
            }
        } else {
            let e = kiln_runtime::error::take().expect("pending exception");
            out.push(1);
            out.extend_from_slice(&e.kind.to_le_bytes());
            out.extend_from_slice(&(e.message.len() as u32).to_le_bytes());
            out.extend_from_slice(e.message.as_bytes());
        }
        drop(bufs);
    }
    std::io::stdout().write_all(&out).unwrap();
}
