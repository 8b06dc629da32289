//! NumPy's pairwise summation of float and complex runs, reproduced step by
//! step so that sums are bit-identical to NumPy's `add.reduce` inner loop.
//!
//! The algorithm (NumPy's `@TYPE@_pairwise_sum`): fewer than 8 values are
//! added one by one onto `-0.0`; up to 128 values use 8 accumulators over
//! blocks of 8, combined as `((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))`, then the
//! remainder is added one by one; longer runs split at half the length,
//! rounded down to a multiple of 8, and add the two halves' sums. Complex runs
//! are the same over the interleaved `(re, im)` floats, so each block of 8
//! floats covers 4 complex values, with separate real and imaginary trees.
//!
//! Invariants: the order of every floating-point addition is NumPy's; the
//! accumulator type is the element type (float32 sums in float32).

use crate::array::ld;
use crate::elem::Float;
use num_complex::Complex;

/// Below this many values, a run is summed with 8 accumulators rather than split.
pub(crate) const BLOCK: usize = 128;

/// NumPy's combination of the eight accumulators of a leaf.
pub(crate) fn combine8<F: Copy + core::ops::Add<Output = F>>(r: [F; 8]) -> F {
    ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
}

/// Pairwise sum of `n` floats at `p`, `stride` bytes apart.
///
/// # Safety
/// `p` must be valid for `n` reads of `F` at `stride`.
pub unsafe fn pairwise_sum<F: Float>(p: *const u8, n: usize, stride: isize) -> F {
    // SAFETY (all loads below): every index is below `n`.
    let at = |i: usize| -> F { unsafe { ld::<F>(p.offset(i as isize * stride)) } };
    if n < 8 {
        let mut res = F::NEG_ZERO;
        for i in 0..n {
            res = res + at(i);
        }
        res
    } else if n <= BLOCK && stride == std::mem::size_of::<F>() as isize && p.align_offset(std::mem::align_of::<F>()) == 0 {
        // Contiguous and aligned (the common case, and every block a fused
        // reduction hands over): the same additions in the same order, on
        // a slice, which the compiler turns into vector loads and adds
        // instead of one scalar load per element.
        // SAFETY: `n` aligned values at `p` (the caller's contract).
        let xs = unsafe { std::slice::from_raw_parts(p.cast::<F>(), n) };
        let r = F::accumulate8(xs);
        let end = n - n % 8;
        let mut res = combine8(r);
        for x in &xs[end..] {
            res = res + *x;
        }
        res
    } else if n <= BLOCK {
        let mut r: [F; 8] = std::array::from_fn(at);
        let mut i = 8;
        while i < n - n % 8 {
            for (k, rk) in r.iter_mut().enumerate() {
                *rk = *rk + at(i + k);
            }
            i += 8;
        }
        let mut res = combine8(r);
        while i < n {
            res = res + at(i);
            i += 1;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        // SAFETY: both halves lie inside the run.
        unsafe { pairwise_sum::<F>(p, n2, stride) + pairwise_sum::<F>(p.offset(n2 as isize * stride), n - n2, stride) }
    }
}

/// The eight accumulators over the whole blocks of 8 of `xs` (`xs.len() >= 8`).
/// Written with 128-bit vectors of consecutive lanes (`r0 r1 | r2 r3 | ...`)
/// because the compiler's own vectorization of the plain loop shuffled lanes
/// on every block (a fifth of `rosenbrock`'s time). Each lane adds its own
/// elements in order, so the sums are the plain loop's, bit for bit.
pub fn accumulate8_f64(xs: &[f64]) -> [f64; 8] {
    assert!(xs.len() >= 8);
    let end = xs.len() - xs.len() % 8;
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_add_pd, _mm_loadu_pd, _mm_storeu_pd};
        let p = xs.as_ptr();
        let mut r = [0.0f64; 8];
        // SAFETY: SSE2 is part of x86-64; every load reads 2 values below
        // `end <= xs.len()`, every store writes 2 of r's 8.
        unsafe {
            let (mut a0, mut a1, mut a2, mut a3) =
                (_mm_loadu_pd(p), _mm_loadu_pd(p.add(2)), _mm_loadu_pd(p.add(4)), _mm_loadu_pd(p.add(6)));
            let mut i = 8;
            while i < end {
                a0 = _mm_add_pd(a0, _mm_loadu_pd(p.add(i)));
                a1 = _mm_add_pd(a1, _mm_loadu_pd(p.add(i + 2)));
                a2 = _mm_add_pd(a2, _mm_loadu_pd(p.add(i + 4)));
                a3 = _mm_add_pd(a3, _mm_loadu_pd(p.add(i + 6)));
                i += 8;
            }
            let q = r.as_mut_ptr();
            _mm_storeu_pd(q, a0);
            _mm_storeu_pd(q.add(2), a1);
            _mm_storeu_pd(q.add(4), a2);
            _mm_storeu_pd(q.add(6), a3);
        }
        r
    }
    #[cfg(not(target_arch = "x86_64"))]
    accumulate8_plain(&xs[..end])
}

/// [`accumulate8_f64`] for float32: two vectors of four lanes.
pub fn accumulate8_f32(xs: &[f32]) -> [f32; 8] {
    assert!(xs.len() >= 8);
    let end = xs.len() - xs.len() % 8;
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_add_ps, _mm_loadu_ps, _mm_storeu_ps};
        let p = xs.as_ptr();
        let mut r = [0.0f32; 8];
        // SAFETY: as in `accumulate8_f64`, with 4 values per vector.
        unsafe {
            let (mut a0, mut a1) = (_mm_loadu_ps(p), _mm_loadu_ps(p.add(4)));
            let mut i = 8;
            while i < end {
                a0 = _mm_add_ps(a0, _mm_loadu_ps(p.add(i)));
                a1 = _mm_add_ps(a1, _mm_loadu_ps(p.add(i + 4)));
                i += 8;
            }
            _mm_storeu_ps(r.as_mut_ptr(), a0);
            _mm_storeu_ps(r.as_mut_ptr().add(4), a1);
        }
        r
    }
    #[cfg(not(target_arch = "x86_64"))]
    accumulate8_plain(&xs[..end])
}

/// The accumulators of whole blocks of 8, one element at a time.
#[cfg_attr(all(target_arch = "x86_64", not(test)), allow(dead_code))]
fn accumulate8_plain<F: Copy + core::ops::Add<Output = F>>(xs: &[F]) -> [F; 8] {
    let mut r: [F; 8] = std::array::from_fn(|k| xs[k]);
    for c in xs[8..].chunks_exact(8) {
        for (rk, x) in r.iter_mut().zip(c) {
            *rk = *rk + *x;
        }
    }
    r
}

/// Pairwise sum of `n` complex values at `p`, `stride` bytes apart
/// (NumPy's `C@TYPE@_pairwise_sum`, counted here in complex values).
///
/// # Safety
/// `p` must be valid for `n` reads of `Complex<F>` at `stride`.
pub unsafe fn pairwise_sum_complex<F: Float>(p: *const u8, n: usize, stride: isize) -> Complex<F> {
    // SAFETY (all loads below): every index is below `n`.
    let at = |i: usize| -> Complex<F> { unsafe { ld::<Complex<F>>(p.offset(i as isize * stride)) } };
    if n < 4 {
        let (mut rr, mut ri) = (F::NEG_ZERO, F::NEG_ZERO);
        for i in 0..n {
            let z = at(i);
            rr = rr + z.re;
            ri = ri + z.im;
        }
        Complex::new(rr, ri)
    } else if n <= BLOCK / 2 {
        // r[0], r[2], r[4], r[6] hold real parts of values 0..4; odd ones imaginary.
        let mut re: [F; 4] = std::array::from_fn(|k| at(k).re);
        let mut im: [F; 4] = std::array::from_fn(|k| at(k).im);
        let mut i = 4;
        while i < n - n % 4 {
            for k in 0..4 {
                let z = at(i + k);
                re[k] = re[k] + z.re;
                im[k] = im[k] + z.im;
            }
            i += 4;
        }
        let mut rr = (re[0] + re[1]) + (re[2] + re[3]);
        let mut ri = (im[0] + im[1]) + (im[2] + im[3]);
        while i < n {
            let z = at(i);
            rr = rr + z.re;
            ri = ri + z.im;
            i += 1;
        }
        Complex::new(rr, ri)
    } else {
        // NumPy splits its float count 2n at n - n % 8 floats.
        let n2 = (n - n % 8) / 2;
        // SAFETY: both halves lie inside the run.
        let (a, b) = unsafe {
            (pairwise_sum_complex::<F>(p, n2, stride), pairwise_sum_complex::<F>(p.offset(n2 as isize * stride), n - n2, stride))
        };
        Complex::new(a.re + b.re, a.im + b.im)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Deterministic test data with a wide spread of magnitudes, so that the
    /// summation order shows in the last bits. The same formula is evaluated
    /// in NumPy to produce the expected sums below:
    /// `x[i] = math.sin(i * 0.7 + 0.3) * SCALE[i * 37 % 11]`.
    pub fn data(n: usize) -> Vec<f64> {
        const SCALE: [f64; 11] = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 1e1, 1e2, 1e3, 1e4, 1e5];
        (0..n).map(|i| ((i as f64) * 0.7 + 0.3).sin() * SCALE[i * 37 % 11]).collect()
    }

    #[test]
    fn contiguous_and_strided_runs_add_in_the_same_order() {
        for n in [0, 1, 7, 8, 9, 15, 16, 17, 127, 128, 129, 130, 1000, 3001] {
            let x = data(n);
            // Every other element of a doubled copy: the strided path.
            let doubled: Vec<f64> = x.iter().flat_map(|v| [*v, f64::NAN]).collect();
            let contiguous: f64 = unsafe { pairwise_sum(x.as_ptr().cast(), n, 8) };
            let strided: f64 = unsafe { pairwise_sum(doubled.as_ptr().cast(), n, 16) };
            assert_eq!(contiguous.to_bits(), strided.to_bits(), "n = {n}");
        }
    }

    #[test]
    fn float32_contiguous_and_strided_runs_add_in_the_same_order() {
        for n in [8, 9, 15, 16, 17, 127, 128, 129, 1000, 3001] {
            let x: Vec<f32> = data(n).iter().map(|v| *v as f32).collect();
            let doubled: Vec<f32> = x.iter().flat_map(|v| [*v, f32::NAN]).collect();
            let contiguous: f32 = unsafe { pairwise_sum(x.as_ptr().cast(), n, 4) };
            let strided: f32 = unsafe { pairwise_sum(doubled.as_ptr().cast(), n, 8) };
            assert_eq!(contiguous.to_bits(), strided.to_bits(), "n = {n}");
            let plain = accumulate8_plain(&x[..n - n % 8]);
            assert_eq!(accumulate8_f32(&x).map(f32::to_bits), plain.map(f32::to_bits), "n = {n}");
        }
    }

    unsafe fn sum<F: Float>(x: &[F]) -> F {
        unsafe { pairwise_sum::<F>(x.as_ptr() as *const u8, x.len(), size_of::<F>() as isize) }
    }

    #[test]
    fn float64_matches_numpy_bits() {
        // np.add.reduce gives 0.0 + pairwise(x); expected bits from NumPy 2.4:
        // [np.sum(x[:n]).view(np.uint64) for n in ...].
        let x = data(1000);
        let expect: [(usize, u64); 8] = [
            (1, 0x3ec8_ca3f_8470_0970),
            (7, 0xc0b4_06ca_0e23_8e92),
            (8, 0xc0b4_0f9f_b2fb_68bd),
            (100, 0xc0c7_2dc4_57be_6044),
            (129, 0x40e9_77b9_268d_db60),
            (500, 0xc0e4_7345_3669_993e),
            (999, 0x40ef_8c9d_5ed1_fa38),
            (1000, 0x40ef_8c9d_a2a2_0c26),
        ];
        for (n, bits) in expect {
            let s = 0.0 + unsafe { sum(&x[..n]) };
            assert_eq!(s.to_bits(), bits, "n = {n}: {s:e}");
        }
    }

    #[test]
    fn preserves_negative_zero_run() {
        let z = [-0.0f64; 5];
        assert!(unsafe { sum(&z) }.is_sign_negative());
    }
}
