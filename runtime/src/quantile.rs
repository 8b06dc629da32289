//! Order statistics: `np.median` (a `kiln_reduce` kind) and
//! `kiln_percentile` (`np.percentile` with the default linear method).
//!
//! NumPy's recipes, followed exactly:
//! - median: the one or two middle values of each slice (by partition), then
//!   `np.mean` of them (float64 for integer input, `0 + ((-0.0 + a) + b)`
//!   divided by 2 as a mean does); a slice containing NaN gives NaN; an empty
//!   slice gives NaN;
//! - percentile: `q / 100`, virtual index `(n - 1) * q`, neighbours `floor`
//!   and `floor + 1` (clamped to the ends), `gamma = index - floor`, and
//!   `_lerp`: `a + (b - a) * gamma`, or `b - (b - a) * (1 - gamma)` when
//!   `gamma >= 0.5`, with `b - a` computed in the input dtype.
//!
//! Invariants: the values of a slice are copied before selection; inputs are
//! never modified.

use crate::abi::{dtype, exc, ArrayView};
use crate::array::{axes_from_mask, entry, fail, for_each_offset, ld, st, value_error, Arr, KResult, Owned};
use crate::elem::{cast, kind_of, Elem, Kind};
use crate::moments::{mean_dtype, Inexact};
use crate::reduce::keep_shape;
use crate::with_dtype;

/// Calls `f(values)` for every slice of `a` along the reduced axes, in the C
/// order of the kept axes.
fn for_each_slice<T: Elem>(a: &Arr, red: &[bool], mut f: impl FnMut(&mut Vec<T>)) {
    let kept: Vec<usize> = (0..a.ndim()).filter(|&k| !red[k]).collect();
    let reduced: Vec<usize> = (0..a.ndim()).filter(|&k| red[k]).collect();
    let kshape: Vec<usize> = kept.iter().map(|&k| a.shape[k]).collect();
    let kstr: Vec<isize> = kept.iter().map(|&k| a.strides[k]).collect();
    let rshape: Vec<usize> = reduced.iter().map(|&k| a.shape[k]).collect();
    let rstr: Vec<isize> = reduced.iter().map(|&k| a.strides[k]).collect();
    let mut vals: Vec<T> = Vec::with_capacity(rshape.iter().product());
    for_each_offset(&kshape, [&kstr], |[ok]| {
        vals.clear();
        crate::array::for_each_elem(&rshape, [&rstr], |[or]| {
            // SAFETY: offsets stay inside `a`.
            vals.push(unsafe { ld::<T>(a.data.offset(ok + or)) })
        });
        f(&mut vals);
    });
}

/// The largest value in NumPy's sort order (a NaN when there is one).
fn sort_max<T: Elem>(v: &[T]) -> T {
    v.iter().copied().reduce(|m, x| if m.sort_lt(x) { x } else { m }).expect("non-empty")
}

/// NumPy's `_ureduce` merges several reduced axes with `reshape(kept + (-1,))`,
/// which fails on an empty array whose kept axes are empty too.
fn ureduce_check(a: &Arr, red: &[bool]) -> KResult<()> {
    let nred = red.iter().filter(|&&r| r).count();
    let kept: Vec<usize> = (0..a.ndim()).filter(|&k| !red[k]).map(|k| a.shape[k]).collect();
    // A single axis is passed through, and all axes (axis=None) ravel instead.
    if nred != 1 && !kept.is_empty() && a.size() == 0 && kept.contains(&0) {
        let mut parts: Vec<String> = kept.iter().map(|d| d.to_string()).collect();
        parts.push("newaxis".into());
        return value_error(format!("cannot reshape array of size 0 into shape ({})", parts.join(",")));
    }
    Ok(())
}

/// `np.median(a, axes)` with keepdims.
pub(crate) fn median(a: &Arr, red: &[bool]) -> KResult<Owned> {
    ureduce_check(a, red)?;
    let md = mean_dtype(a.dtype, dtype::BOOL);
    let out = Owned::new(md, &keep_shape(&a.shape, red))?;
    with_dtype!(a.dtype, |T| crate::moments_dispatch!(md, |M| {
        let mut i = 0usize;
        for_each_slice::<T>(a, red, |v| {
            let r: M = median_of::<T, M>(v);
            // SAFETY: one result per slice, C order.
            unsafe { st(out.data().add(i * size_of::<M>()), r) };
            i += 1;
        });
    }));
    Ok(out)
}

/// The median of one slice (reordered in place), as `np.median` computes it.
fn median_of<T: Elem, M: Inexact>(v: &mut [T]) -> M {
    let n = v.len();
    if n == 0 {
        return M::zero().div_count(0.0);
    }
    if v.iter().any(|x| x.isnan()) {
        return cast(sort_max(v));
    }
    let cmp = |x: &T, y: &T| {
        if x.sort_lt(*y) {
            std::cmp::Ordering::Less
        } else if y.sort_lt(*x) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    };
    let h = n / 2;
    let (lower, &mut hi, _) = v.select_nth_unstable_by(h, cmp);
    let mid: Vec<M> = if n % 2 == 1 { vec![cast(hi)] } else { vec![cast(sort_max(lower)), cast(hi)] };
    // np.mean of the middle values: 0 + pairwise(mid), divided by the count.
    // SAFETY: `mid` is a readable run.
    let s = M::zero().add(unsafe { M::run_sum(mid.as_ptr() as *const u8, mid.len(), size_of::<M>() as isize) });
    s.div_count(mid.len() as f64)
}

/// Runs `$body` with `$T` bound to the inexact element type of code `$d`.
#[macro_export]
#[doc(hidden)]
macro_rules! moments_dispatch {
    ($d:expr, |$T:ident| $body:expr) => {{
        match $d {
            $crate::abi::dtype::FLOAT32 => {
                type $T = f32;
                $body
            }
            $crate::abi::dtype::FLOAT64 => {
                type $T = f64;
                $body
            }
            $crate::abi::dtype::COMPLEX64 => {
                type $T = $crate::elem::C32;
                $body
            }
            $crate::abi::dtype::COMPLEX128 => {
                type $T = $crate::elem::C64;
                $body
            }
            d => panic!("not an inexact dtype: {d}"),
        }
    }};
}

/// NumPy's linear-method percentile of the sorted values `v` at quantile `q`
/// (in [0, 1]); `v` is non-empty.
fn linear_quantile<T: Elem>(v: &[T], q: f64) -> f64 {
    let n = v.len();
    let last = n - 1;
    if v[last].isnan() {
        return cast(v[last]);
    }
    let vi = last as f64 * q;
    let (prev, next): (usize, usize);
    let prev_idx: i64;
    if vi >= last as f64 {
        (prev, next) = (last, last);
        prev_idx = -1;
    } else if vi < 0.0 {
        (prev, next) = (0, 0);
        prev_idx = 0;
    } else {
        let f = vi.floor() as usize;
        (prev, next) = (f, f + 1);
        prev_idx = f as i64;
    }
    let gamma = vi - prev_idx as f64;
    let (a, b) = (v[prev], v[next]);
    let d: f64 = cast(b.sub(a));
    if gamma >= 0.5 {
        cast::<T, f64>(b) - d * (1.0 - gamma)
    } else {
        cast::<T, f64>(a) + d * gamma
    }
}

/// `kiln_percentile(in, q, axes mask, keepdims, out)`: float64 results with
/// the axes of `q` first, then the (kept) axes of the input.
///
/// # Safety
/// `inp` and `q` are valid input views; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_percentile(inp: *const ArrayView, q: *const ArrayView, axes: i64, keepdims: i32, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let (a, qa) = unsafe { (Arr::from_view(inp)?, Arr::from_view(q)?) };
        let red = axes_from_mask(axes, a.ndim())?;
        if kind_of(a.dtype) == Kind::Complex {
            return fail(exc::TYPE_ERROR, "a must be an array of real numbers");
        }
        let (qc, _keep) = crate::copy::contiguous(&qa, dtype::FLOAT64)?;
        // SAFETY: a C-contiguous float64 array.
        let qs: Vec<f64> = (0..qc.size()).map(|i| unsafe { ld::<f64>(qc.data.add(i * 8)) } / 100.0).collect();
        if !qs.iter().all(|&x| (0.0..=1.0).contains(&x)) {
            return value_error("Percentiles must be in the range [0, 100]");
        }
        let n: usize = (0..a.ndim()).filter(|&k| red[k]).map(|k| a.shape[k]).product();
        ureduce_check(&a, &red)?;
        if n == 0 {
            // NumPy fails indexing the empty slices: at the NaN check (index
            // -1) for float input, else at the first quantile's lower
            // neighbour (0, or -1 for q = 0).
            let first = if kind_of(a.dtype) == Kind::Float || qs[0] == 0.0 { -1 } else { 0 };
            return fail(exc::INDEX_ERROR, format!("index {first} is out of bounds for axis 0 with size 0"));
        }
        let rest: Vec<usize> =
            if keepdims != 0 { keep_shape(&a.shape, &red) } else { (0..a.ndim()).filter(|&k| !red[k]).map(|k| a.shape[k]).collect() };
        let nslices: usize = rest.iter().product();
        let mut shape = qa.shape.clone();
        shape.extend_from_slice(&rest);
        let o = Owned::new(dtype::FLOAT64, &shape)?;
        with_dtype!(a.dtype, |T| {
            let mut s = 0usize;
            for_each_slice::<T>(&a, &red, |v| {
                v.sort_unstable_by(|x, y| {
                    if x.sort_lt(*y) {
                        std::cmp::Ordering::Less
                    } else if y.sort_lt(*x) {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                });
                for (j, &qv) in qs.iter().enumerate() {
                    // SAFETY: index within the (q, slices) result.
                    unsafe { st(o.data().add((j * nslices + s) * 8), linear_quantile(v, qv)) };
                }
                s += 1;
            });
        });
        // SAFETY: forwarded from this function's contract.
        unsafe { o.into_view(out) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::reduce;
    use crate::array::testutil::*;
    use crate::reduce::kiln_reduce;

    fn median_of_view<R: Elem>(v: &ArrayView, axes: i64) -> Vec<R> {
        let mut out = empty();
        assert_eq!(unsafe { kiln_reduce(reduce::MEDIAN, v, axes, 0, R::DTYPE as i32, 0, &mut out) }, 0);
        take::<R>(&out).1
    }

    #[test]
    fn medians() {
        assert_eq!(median_of_view::<f64>(&view(&[3i64, 1, 2, 4], &[4]), -1), [2.5]);
        assert_eq!(median_of_view::<f32>(&view(&[3.0f32, 1.0, 2.0], &[3]), -1), [2.0]);
        assert!(median_of_view::<f64>(&view(&[1.0, f64::NAN, 2.0], &[3]), -1)[0].is_nan());
        let x = [5.0f64, 1.0, 4.0, 2.0, 3.0, 6.0];
        assert_eq!(median_of_view::<f64>(&view(&x, &[2, 3]), 2), [4.0, 3.0]);
        assert_eq!(median_of_view::<f64>(&view(&x, &[2, 3]), 1), [3.5, 2.0, 5.0]);
        assert_eq!(median_of_view::<f64>(&view(&x, &[2, 3]), -1), [3.5]);
        // Large int64 values go through float64 like NumPy's mean.
        let big = [i64::MAX, i64::MAX - 1];
        assert_eq!(median_of_view::<f64>(&view(&big, &[2]), -1), [9.223372036854776e18]);
        let e: [f64; 0] = [];
        assert!(median_of_view::<f64>(&view(&e, &[0]), -1)[0].is_nan());
    }

    fn pct(v: &ArrayView, q: &[f64], axes: i64, keepdims: bool) -> (Vec<usize>, Vec<f64>) {
        let qv = view(q, &[q.len()]);
        let mut out = empty();
        let rc = unsafe { kiln_percentile(v, &qv, axes, keepdims as i32, &mut out) };
        assert_eq!(rc, 0, "{:?}", crate::error::take());
        take::<f64>(&out)
    }

    #[test]
    fn percentiles_match_numpy() {
        // np.percentile(x, q) with NumPy 2.4.
        let x = [0.1f64, 7.3, -2.2, 4.4, 9.9, 3.3, 1.7];
        let q = [0.0, 10.0, 33.3, 50.0, 66.6, 90.0, 100.0];
        let (s, r) = pct(&view(&x, &[7]), &q, -1, false);
        assert_eq!(s, [7]);
        let expect = [-2.2, -0.82, 1.6967999999999996, 3.3, 4.3956, 8.340000000000002, 9.9];
        assert_eq!(r, expect);
        let xi = [1i64, 10, 3, 7];
        let (_, r) = pct(&view(&xi, &[2, 2]), &[25.0, 75.0], 2, false);
        assert_eq!(r, [3.25, 4.0, 7.75, 6.0]);
        let (s, _) = pct(&view(&xi, &[2, 2]), &[25.0], 1, true);
        assert_eq!(s, [1, 1, 2]);
        let mut out = empty();
        let qv = view(&[101.0], &[1]);
        let rc = unsafe { kiln_percentile(&view(&x, &[7]), &qv, -1, 0, &mut out) };
        assert_value_error(rc, "Percentiles must be in the range [0, 100]");
    }
}
