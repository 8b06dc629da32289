//! Mean, variance and standard deviation, and the NaN-ignoring sum and mean,
//! computed the way NumPy's `_methods._mean`/`_var` and `nanfunctions` do:
//! the same intermediate arrays, dtypes and divisions, on top of the
//! reduction engine in [`crate::reduce`], so results are bit-identical.
//!
//! NumPy's recipes, followed step by step:
//! - mean: `add.reduce(a, dtype)` (float64 for integer and bool input), then
//!   a division by the count (an `intp`): float32 sums are divided in float64
//!   and rounded back; complex sums use NumPy's complex division by `n + 0j`
//!   (`(re + im*0) * (1/n)`, not `re / n`);
//! - var: the mean with keepdims, `x = a - mean` (a fresh array in the input's
//!   memory order), `x*x` (`re*re + im*im` for complex, in the real dtype),
//!   `add.reduce(x)`, divided by `max(n - ddof, 0)`; std is its `sqrt`;
//! - nansum/nanmean: a copy in the input's memory order with NaNs replaced
//!   by 0, summed; nanmean divides by the per-slice count of non-NaNs.
//!
//! Invariants: results have the keepdims shape (see `reduce::finish`).

use crate::abi::dtype;
use crate::array::{for_each_elem, k_order_strides, ld, st, Arr, KResult, Owned};
use crate::copy::copy_into;
use crate::elem::{cast, kind_of, real_dtype, Elem, Float, Kind, C32, C64};
use crate::reduce::{keep_shape, reduced_count, sum};
use crate::with_dtype;

/// The float and complex types, with NumPy's division by an element count.
pub(crate) trait Inexact: Elem {
    type Real: Float;
    /// `self / n` as NumPy divides an inexact sum by an `intp` count.
    fn div_count(self, n: f64) -> Self;
    /// `|x|**2` as `_var` computes it (`x*x`, or `re*re + im*im`).
    fn sq_abs(self) -> Self::Real;
}

impl Inexact for f64 {
    type Real = f64;
    fn div_count(self, n: f64) -> f64 {
        self / n
    }
    fn sq_abs(self) -> f64 {
        self * self
    }
}

impl Inexact for f32 {
    type Real = f32;
    fn div_count(self, n: f64) -> f32 {
        // float32 / intp promotes to float64 (NEP 50), then casts back.
        (self as f64 / n) as f32
    }
    fn sq_abs(self) -> f32 {
        self * self
    }
}

/// NumPy's complex division by a real count `n` (as `n + 0j`), in float64.
pub(crate) fn cdiv_count(re: f64, im: f64, n: f64) -> (f64, f64) {
    if n == 0.0 {
        (re / n, im / n)
    } else {
        // rat = 0/n, scl = 1/(n + 0*rat): NumPy's Smith branch for |re| >= |im|.
        let rat = 0.0 / n;
        let scl = 1.0 / (n + 0.0 * rat);
        ((re + im * rat) * scl, (im - re * rat) * scl)
    }
}

impl Inexact for C64 {
    type Real = f64;
    fn div_count(self, n: f64) -> C64 {
        let (re, im) = cdiv_count(self.re, self.im, n);
        C64::new(re, im)
    }
    fn sq_abs(self) -> f64 {
        self.re * self.re + self.im * self.im
    }
}

impl Inexact for C32 {
    type Real = f32;
    fn div_count(self, n: f64) -> C32 {
        let (re, im) = cdiv_count(self.re as f64, self.im as f64, n);
        C32::new(re as f32, im as f32)
    }
    fn sq_abs(self) -> f32 {
        self.re * self.re + self.im * self.im
    }
}

/// Runs `$body` with `$T` bound to the inexact element type of code `$d`.
macro_rules! with_inexact {
    ($d:expr, |$T:ident| $body:expr) => {{
        match $d {
            dtype::FLOAT32 => {
                type $T = f32;
                $body
            }
            dtype::FLOAT64 => {
                type $T = f64;
                $body
            }
            dtype::COMPLEX64 => {
                type $T = C32;
                $body
            }
            dtype::COMPLEX128 => {
                type $T = C64;
                $body
            }
            d => panic!("not an inexact dtype: {d}"),
        }
    }};
}

fn inexact(d: u8) -> bool {
    matches!(kind_of(d), Kind::Float | Kind::Complex)
}

/// The dtype a mean accumulates in: NumPy's default (float64 for integer and
/// bool input, the input's own otherwise), or the requested result dtype when
/// that is inexact (`dtype=`), keeping complex means complex.
pub(crate) fn mean_dtype(input: u8, requested: u8) -> u8 {
    let default = if inexact(input) { input } else { dtype::FLOAT64 };
    if !inexact(requested) {
        return default;
    }
    let complex_default = kind_of(default) == Kind::Complex;
    if complex_default && kind_of(requested) == Kind::Float {
        if requested == dtype::FLOAT64 {
            dtype::COMPLEX128
        } else {
            dtype::COMPLEX64
        }
    } else {
        requested
    }
}

/// Divides every element of `s` by `n`.
fn divide_all(s: &mut Owned, n: f64) {
    with_inexact!(s.arr.dtype, |A| {
        // SAFETY: `s` has dtype A.
        for x in unsafe { s.slice_mut::<A>() } {
            *x = x.div_count(n);
        }
    })
}

/// `np.mean(a, axes, dtype)` with keepdims.
pub(crate) fn mean(a: &Arr, red: &[bool], requested: u8) -> KResult<Owned> {
    let acc = mean_dtype(a.dtype, requested);
    let mut s = sum(a, red, acc)?;
    divide_all(&mut s, reduced_count(&a.shape, red) as f64);
    Ok(s)
}

/// A fresh array of `dtype` with `a`'s shape, laid out in `a`'s memory order
/// (what NumPy's ufuncs and `np.array(a, copy=True)` allocate).
fn like_k_order(a: &Arr, dtype: u8) -> KResult<Owned> {
    let mut o = Owned::new(dtype, &a.shape)?;
    o.arr.strides = k_order_strides(&a.shape, &a.strides, crate::abi::dtype::itemsize(dtype));
    Ok(o)
}

/// `np.var` (or `np.std` when `sqrt`) with keepdims.
pub(crate) fn var(a: &Arr, red: &[bool], requested: u8, ddof: i64, sqrt: bool) -> KResult<Owned> {
    let acc = mean_dtype(a.dtype, requested);
    let m = mean(a, red, acc)?;
    let rd = real_dtype(acc);
    let x = like_k_order(a, rd)?;
    let mstrides: Vec<isize> = (0..a.ndim()).map(|k| if red[k] { 0 } else { m.arr.strides[k] }).collect();
    with_dtype!(a.dtype, |I| with_inexact!(acc, |A| {
        for_each_elem(&a.shape, [&a.strides, &mstrides, &x.arr.strides], |[oa, om, ox]| unsafe {
            // SAFETY: offsets stay inside the three arrays.
            let d = cast::<I, A>(ld::<I>(a.data.offset(oa))).sub(ld::<A>(m.data().offset(om)));
            st(x.data().offset(ox), d.sq_abs());
        })
    }));
    drop(m);
    let mut ret = sum(&x.arr, red, rd)?;
    let n = reduced_count(&a.shape, red) as i64;
    divide_all(&mut ret, (n - ddof).max(0) as f64);
    if sqrt {
        crate::with_float!(rd, |R| {
            // SAFETY: `ret` has the real dtype R.
            for v in unsafe { ret.slice_mut::<R>() } {
                *v = Float::sqrt(*v);
            }
        });
    }
    Ok(ret)
}

/// A copy of float or complex `a` in its memory order with NaNs set to 0
/// (nanfunctions' `_replace_nan(a, 0)`).
fn nan_to_zero_copy(a: &Arr) -> KResult<Owned> {
    let mut c = like_k_order(a, a.dtype)?;
    copy_into(&c.arr, a);
    with_dtype!(a.dtype, |T| {
        // SAFETY: `c` is a dense buffer of `size` elements of T.
        for v in unsafe { c.slice_mut::<T>() } {
            if v.isnan() {
                *v = T::zero();
            }
        }
    });
    Ok(c)
}

/// `np.nansum` with keepdims.
pub(crate) fn nansum(a: &Arr, red: &[bool], acc: u8) -> KResult<Owned> {
    if !inexact(a.dtype) {
        return sum(a, red, acc);
    }
    let c = nan_to_zero_copy(a)?;
    sum(&c.arr, red, acc)
}

/// `np.nanmean` with keepdims.
pub(crate) fn nanmean(a: &Arr, red: &[bool], requested: u8) -> KResult<Owned> {
    if !inexact(a.dtype) {
        return mean(a, red, requested);
    }
    let acc = mean_dtype(a.dtype, requested);
    let c = nan_to_zero_copy(a)?;
    // Count the non-NaN values of every slice.
    let kshape = keep_shape(&a.shape, red);
    let mut cnt = Owned::zeros(dtype::INT64, &kshape)?;
    let cstrides: Vec<isize> = (0..a.ndim()).map(|k| if red[k] { 0 } else { cnt.arr.strides[k] }).collect();
    with_dtype!(a.dtype, |T| for_each_elem(&a.shape, [&a.strides, &cstrides], |[oa, oc]| unsafe {
        // SAFETY: offsets stay inside both arrays.
        if !ld::<T>(a.data.offset(oa)).isnan() {
            let p = cnt.data().offset(oc);
            st(p, ld::<i64>(p) + 1);
        }
    }));
    let mut tot = sum(&c.arr, red, acc)?;
    // SAFETY: `cnt` holds i64 and has as many elements as `tot`.
    let counts = unsafe { cnt.slice_mut::<i64>() }.to_vec();
    with_inexact!(acc, |A| {
        // SAFETY: `tot` has dtype A.
        for (x, &n) in unsafe { tot.slice_mut::<A>() }.iter_mut().zip(&counts) {
            *x = x.div_count(n as f64);
        }
    });
    Ok(tot)
}

#[cfg(test)]
mod tests {
    use crate::abi::reduce;
    use crate::abi::ArrayView;
    use crate::array::testutil::*;
    use crate::elem::{Elem, C32, C64};
    use crate::reduce::kiln_reduce;

    fn red<R: Elem>(kind: i32, v: &ArrayView, axes: i64, ddof: i64) -> Vec<R> {
        let mut out = empty();
        let rc = unsafe { kiln_reduce(kind, v, axes, 0, R::DTYPE as i32, ddof, &mut out) };
        assert_eq!(rc, 0, "{:?}", crate::error::take());
        take::<R>(&out).1
    }

    fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn moments_match_numpy_bits() {
        // Expected values from NumPy 2.4 on x = data(2000).reshape(40, 50).
        let x = crate::pairwise::tests::data(2000);
        let v = view(&x, &[40, 50]);
        let e = EXPECT;
        assert_eq!(red::<f64>(reduce::MEAN, &v, -1, 0)[0].to_bits(), e[0]);
        assert_eq!(red::<f64>(reduce::VAR, &v, -1, 0)[0].to_bits(), e[1]);
        assert_eq!(red::<f64>(reduce::STD, &v, -1, 1)[0].to_bits(), e[2]);
        let m0 = red::<f64>(reduce::VAR, &v, 2, 0);
        assert_eq!(bits(&m0[..3]), e[3..6]);
        // F-ordered view of the same memory, reduced along axis 1.
        let f = view_strided(x.as_ptr() as *mut u8, 10, &[50, 40], &[8, 400]);
        let m1 = red::<f64>(reduce::VAR, &f, 2, 0);
        assert_eq!(bits(&m1[..3]), e[6..9]);
        // Integer mean: float64 sum in 8192-element blocks.
        let ints: Vec<i64> = (0..20000i64).map(|i| (i * 7919) % 1000 - 500).collect();
        let vi = view(&ints, &[20000]);
        assert_eq!(red::<f64>(reduce::MEAN, &vi, -1, 0)[0].to_bits(), e[9]);
        assert_eq!(red::<f64>(reduce::VAR, &vi, -1, 0)[0].to_bits(), e[10]);
        // float32 mean/var.
        let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
        let v32 = view(&x32, &[2000]);
        assert_eq!(red::<f32>(reduce::MEAN, &v32, -1, 0)[0].to_bits() as u64, e[11]);
        assert_eq!(red::<f32>(reduce::VAR, &v32, -1, 0)[0].to_bits() as u64, e[12]);
        // complex mean and var.
        let c: Vec<C64> = x.chunks(2).map(|p| C64::new(p[0], p[1])).collect();
        let vc = view(&c, &[1000]);
        let m = red::<C64>(reduce::MEAN, &vc, -1, 0)[0];
        assert_eq!((m.re.to_bits(), m.im.to_bits()), (e[13], e[14]));
        assert_eq!(red::<f64>(reduce::VAR, &vc, -1, 0)[0].to_bits(), e[15]);
        let c32: Vec<C32> = c.iter().map(|z| C32::new(z.re as f32, z.im as f32)).collect();
        let m = red::<C32>(reduce::MEAN, &view(&c32, &[1000]), -1, 0)[0];
        assert_eq!((m.re.to_bits() as u64, m.im.to_bits() as u64), (e[16], e[17]));
    }

    // [mean, var, std(ddof=1), var(axis=1)[:3], var(F view, axis=1)[:3],
    //  int mean, int var, f32 mean, f32 var, c mean re/im, c var, c64 mean re/im]
    const EXPECT: [u64; 18] = [
        0xc01f66f1895a022d,
        0x41bb682ae33f25df,
        0x40d4f2251babe6df,
        0x41b4c7e24851eba9,
        0x41c0dd9e6d5fdda2,
        0x41b571e5430608f3,
        0x41c0957aad62ce40,
        0x41c107cc7194cb22,
        0x41c13383a11a34b4,
        0xbfe0000000000000,
        0x40f4585400000000,
        0xc0fb37e7,
        0x4ddb4157,
        0xc02ac02bde817133,
        0xc0029b16ab6243f8,
        0x41cb682ac4b92480,
        0xc156017d,
        0xc014d989,
    ];

    #[test]
    fn nan_functions() {
        let n = f64::NAN;
        let x = [1.0, n, 2.5, n, n, -4.0];
        let v = view(&x, &[2, 3]);
        assert_eq!(red::<f64>(reduce::NANSUM, &v, -1, 0), [-0.5]);
        assert_eq!(red::<f64>(reduce::NANSUM, &v, 1, 0), [1.0, 0.0, -1.5]);
        let m = red::<f64>(reduce::NANMEAN, &v, 1, 0);
        assert_eq!(m[0], 1.0);
        assert!(m[1].is_nan());
        assert_eq!(m[2], -0.75);
        let m = red::<f64>(reduce::NANMEAN, &v, 2, 0);
        assert_eq!(m, [1.75, -4.0]);
        // Empty means are NaN; var with ddof >= n divides by 0.
        let e: [f64; 0] = [];
        assert!(red::<f64>(reduce::MEAN, &view(&e, &[0]), -1, 0)[0].is_nan());
        let one = [3.0f64];
        assert!(red::<f64>(reduce::VAR, &view(&one, &[1]), -1, 1)[0].is_nan());
        let ints = [1i32, 2, 3, 4];
        assert_eq!(red::<f64>(reduce::MEAN, &view(&ints, &[4]), -1, 0), [2.5]);
        assert_eq!(red::<f64>(reduce::NANMEAN, &view(&ints, &[2, 2]), 2, 0), [1.5, 3.5]);
        assert_eq!(red::<f64>(reduce::STD, &view(&ints, &[4]), -1, 0), [1.118033988749895]);
    }
}
