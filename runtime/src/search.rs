//! Searching and counting: `kiln_searchsorted`, `kiln_nonzero`,
//! `kiln_argwhere`, `kiln_bincount` and `kiln_interp`, with NumPy's
//! algorithms (its binary searches are reproduced exactly, so even unsorted
//! inputs give NumPy's answers) and messages.
//!
//! Invariants: results are fresh C-contiguous arrays; inputs are converted
//! (to the common dtype, to float64 for `interp`, to int64 for `bincount`)
//! only through copies.

use crate::abi::{dtype, exc, ArrayView};
use crate::array::{entry, fail, for_each_offset, ld, value_error, Arr, KResult, Owned};
use crate::copy::contiguous;
use crate::elem::{promote, Elem};
use crate::with_dtype;

/// NumPy's `binsearch` (npysort/binsearch.cpp) over sorted `a` for each key,
/// in key order, reusing the previous bounds as NumPy does.
fn binsearch<T: Elem>(a: &[T], keys: &[T], right: bool, out: &mut [i64]) {
    // left: first i with !(a[i] < key); right: first i with key < a[i].
    let cmp = |x: T, k: T| if right { !k.sort_lt(x) } else { x.sort_lt(k) };
    let len = a.len();
    let (mut lo, mut hi) = (0usize, len);
    let Some(&first) = keys.first() else { return };
    let mut last = first;
    for (k, o) in keys.iter().zip(out.iter_mut()) {
        let key = *k;
        // Sorted keys let the search keep its lower bound.
        if cmp(last, key) {
            hi = len;
        } else {
            lo = 0;
            hi = if hi < len { hi + 1 } else { len };
        }
        last = key;
        while lo < hi {
            let mid = lo + ((hi - lo) >> 1);
            if cmp(a[mid], key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        *o = lo as i64;
    }
}

/// `kiln_searchsorted(a 1-D sorted, v, side 0 left / 1 right, out int64 of v's shape)`.
///
/// # Safety
/// `a` and `v` are valid input views; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_searchsorted(a: *const ArrayView, v: *const ArrayView, side: i32, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let (a, v) = unsafe { (Arr::from_view(a)?, Arr::from_view(v)?) };
        if a.ndim() != 1 {
            return value_error("object too deep for desired array");
        }
        let common = promote(a.dtype, v.dtype);
        let (ac, _ka) = contiguous(&a, common)?;
        let (vc, _kv) = contiguous(&v, common)?;
        let mut res = Owned::new(dtype::INT64, &v.shape)?;
        with_dtype!(common, |T| {
            // SAFETY: contiguous arrays of T.
            let (av, kv) = unsafe {
                (std::slice::from_raw_parts(ac.data as *const T, ac.size()), std::slice::from_raw_parts(vc.data as *const T, vc.size()))
            };
            // SAFETY: the result holds int64.
            binsearch(av, kv, side != 0, unsafe { res.slice_mut::<i64>() });
        });
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

/// The multi-indices of the nonzero elements, in C order, as `ndim` columns.
pub(crate) fn nonzero_indices(a: &Arr) -> Vec<Vec<i64>> {
    let nd = a.ndim();
    let mut cols: Vec<Vec<i64>> = vec![Vec::new(); nd];
    let mut idx = vec![0usize; nd];
    with_dtype!(a.dtype, |T| {
        for_each_offset(&a.shape, [&a.strides], |[o]| {
            // SAFETY: offsets inside `a`.
            if unsafe { ld::<T>(a.data.offset(o)) }.nonzero() {
                for (c, &i) in cols.iter_mut().zip(&idx) {
                    c.push(i as i64);
                }
            }
            // Advance the multi-index in step with the odometer.
            for k in (0..nd).rev() {
                idx[k] += 1;
                if idx[k] < a.shape[k] {
                    break;
                }
                idx[k] = 0;
            }
        })
    });
    cols
}

/// `kiln_nonzero(in, out: pointer to in.ndim views)`: one 1-D int64 array of
/// indices per axis.
///
/// # Safety
/// `inp` is a valid input view; `out` points to `ndim` writable views.
#[no_mangle]
pub unsafe extern "C" fn kiln_nonzero(inp: *const ArrayView, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let a = unsafe { Arr::from_view(inp) }?;
        if a.ndim() == 0 {
            return value_error("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.");
        }
        let cols = nonzero_indices(&a);
        let mut res = Vec::with_capacity(cols.len());
        for c in &cols {
            let mut o = Owned::new(dtype::INT64, &[c.len()])?;
            // SAFETY: int64 result of the column's length.
            unsafe { o.slice_mut::<i64>() }.copy_from_slice(c);
            res.push(o);
        }
        for (k, o) in res.into_iter().enumerate() {
            // SAFETY: `out` holds ndim views.
            unsafe { o.into_view(out.add(k)) };
        }
        Ok(())
    })
}

/// `kiln_argwhere(in, out (N, ndim) int64)`.
///
/// # Safety
/// `inp` is a valid input view; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_argwhere(inp: *const ArrayView, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let a = unsafe { Arr::from_view(inp) }?;
        let res = if a.ndim() == 0 {
            // NumPy: argwhere(atleast_1d(a))[:, :0].
            // SAFETY: a 0-d array has one element.
            let nz = with_dtype!(a.dtype, |T| unsafe { ld::<T>(a.data) }.nonzero());
            Owned::new(dtype::INT64, &[nz as usize, 0])?
        } else {
            let cols = nonzero_indices(&a);
            let n = cols[0].len();
            let nd = a.ndim();
            let mut o = Owned::new(dtype::INT64, &[n, nd])?;
            // SAFETY: int64 result of n * nd elements.
            let s = unsafe { o.slice_mut::<i64>() };
            for (k, c) in cols.iter().enumerate() {
                for (i, &v) in c.iter().enumerate() {
                    s[i * nd + k] = v;
                }
            }
            o
        };
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

/// `kiln_bincount(x 1-D int, weights 1-D or null, minlength, out)`: int64
/// counts, or float64 sums of weights.
///
/// # Safety
/// `x` (and `weights` when non-null) are valid input views; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_bincount(x: *const ArrayView, weights: *const ArrayView, minlength: i64, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let xa = unsafe { Arr::from_view(x) }?;
        let wa = if weights.is_null() {
            None
        } else {
            // SAFETY: forwarded from this function's contract.
            Some(unsafe { Arr::from_view(weights) }?)
        };
        let res = bincount(&xa, wa.as_ref(), minlength)?;
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

fn bincount(x: &Arr, w: Option<&Arr>, minlength: i64) -> KResult<Owned> {
    if x.ndim() != 1 {
        return value_error("object too deep for desired array");
    }
    if minlength < 0 {
        return value_error("'minlength' must not be negative");
    }
    let n = x.size();
    if n == 0 {
        return Owned::zeros(dtype::INT64, &[minlength as usize]);
    }
    let (xc, _k) = contiguous(x, dtype::INT64)?;
    // SAFETY: contiguous int64.
    let xs = unsafe { std::slice::from_raw_parts(xc.data as *const i64, n) };
    let (mn, mx) = xs.iter().fold((i64::MAX, i64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    if mn < 0 {
        return value_error("'list' argument must have no negative elements");
    }
    let size = ((mx + 1).max(minlength)) as usize;
    match w {
        None => {
            let mut o = Owned::zeros(dtype::INT64, &[size])?;
            // SAFETY: int64 result.
            let s = unsafe { o.slice_mut::<i64>() };
            for &v in xs {
                s[v as usize] += 1;
            }
            Ok(o)
        }
        Some(w) => {
            if w.size() != n || w.ndim() != 1 {
                return value_error("The weights and list don't have the same length.");
            }
            let (wc, _kw) = contiguous(w, dtype::FLOAT64)?;
            // SAFETY: contiguous float64.
            let ws = unsafe { std::slice::from_raw_parts(wc.data as *const f64, n) };
            let mut o = Owned::zeros(dtype::FLOAT64, &[size])?;
            // SAFETY: float64 result.
            let s = unsafe { o.slice_mut::<f64>() };
            for (&v, &wt) in xs.iter().zip(ws) {
                s[v as usize] += wt;
            }
            Ok(o)
        }
    }
}

/// NumPy's `binary_search_with_guess` (compiled_base.c): the index `j` with
/// `arr[j] <= key < arr[j+1]`, -1 below, `len` above; `guess` is the previous
/// answer, tried first with its neighbours.
fn binary_search_with_guess(key: f64, arr: &[f64], guess: isize) -> isize {
    const LIKELY_IN_CACHE_SIZE: isize = 8;
    let len = arr.len() as isize;
    let at = |i: isize| arr[i as usize];
    let (mut imin, mut imax) = (0isize, len);
    if key > at(len - 1) {
        return len;
    } else if key < at(0) {
        return -1;
    }
    if len <= 4 {
        let mut i = 1;
        while i < len && key >= at(i) {
            i += 1;
        }
        return i - 1;
    }
    let guess = guess.min(len - 3).max(1);
    if key < at(guess) {
        if key < at(guess - 1) {
            imax = guess - 1;
            if guess > LIKELY_IN_CACHE_SIZE && key >= at(guess - LIKELY_IN_CACHE_SIZE) {
                imin = guess - LIKELY_IN_CACHE_SIZE;
            }
        } else {
            return guess - 1;
        }
    } else if key < at(guess + 1) {
        return guess;
    } else if key < at(guess + 2) {
        return guess + 1;
    } else {
        imin = guess + 2;
        if guess < len - LIKELY_IN_CACHE_SIZE - 1 && key < at(guess + LIKELY_IN_CACHE_SIZE) {
            imax = guess + LIKELY_IN_CACHE_SIZE;
        }
    }
    while imin < imax {
        let imid = imin + ((imax - imin) >> 1);
        if key >= at(imid) {
            imin = imid + 1;
        } else {
            imax = imid;
        }
    }
    imin - 1
}

/// NumPy's `arr_interp` on float64 data.
fn interp(x: &[f64], xp: &[f64], fp: &[f64], left: Option<f64>, right: Option<f64>, out: &mut [f64]) {
    let n = xp.len();
    let lval = left.unwrap_or(fp[0]);
    let rval = right.unwrap_or(fp[n - 1]);
    if n == 1 {
        for (o, &xv) in out.iter_mut().zip(x) {
            *o = if xv < xp[0] {
                lval
            } else if xv > xp[0] {
                rval
            } else {
                fp[0]
            };
        }
        return;
    }
    let slope = |j: usize| (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
    let mut j: isize = 0;
    for (o, &xv) in out.iter_mut().zip(x) {
        if xv.is_nan() {
            *o = xv;
            continue;
        }
        j = binary_search_with_guess(xv, xp, j);
        *o = if j == -1 {
            lval
        } else if j == n as isize {
            rval
        } else if j == n as isize - 1 || xp[j as usize] == xv {
            fp[j as usize]
        } else {
            let ju = j as usize;
            let s = slope(ju);
            let mut r = s * (xv - xp[ju]) + fp[ju];
            if r.is_nan() {
                r = s * (xv - xp[ju + 1]) + fp[ju + 1];
                if r.is_nan() && fp[ju] == fp[ju + 1] {
                    r = fp[ju];
                }
            }
            r
        };
    }
}

/// `kiln_interp(x, xp, fp, left, right, has_left, has_right, out)`.
///
/// # Safety
/// The three inputs are valid views; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_interp(
    x: *const ArrayView,
    xp: *const ArrayView,
    fp: *const ArrayView,
    left: f64,
    right: f64,
    has_left: i32,
    has_right: i32,
    out: *mut ArrayView,
) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let (x, xp, fp) = unsafe { (Arr::from_view(x)?, Arr::from_view(xp)?, Arr::from_view(fp)?) };
        if crate::elem::kind_of(fp.dtype) == crate::elem::Kind::Complex {
            return fail(exc::TYPE_ERROR, "kiln: interp with complex fp is not supported");
        }
        let f64s = |a: &Arr| -> KResult<(Arr, Option<Owned>)> { contiguous(a, dtype::FLOAT64) };
        let ((xc, _k1), (xpc, _k2), (fpc, _k3)) = (f64s(&x)?, f64s(&xp)?, f64s(&fp)?);
        if xpc.size() == 0 {
            return value_error("array of sample points is empty");
        }
        if fpc.size() != xpc.size() {
            return value_error("fp and xp are not of the same length.");
        }
        let sl = |a: &Arr| unsafe { std::slice::from_raw_parts(a.data as *const f64, a.size()) };
        let mut res = Owned::new(dtype::FLOAT64, &x.shape)?;
        interp(
            sl(&xc),
            sl(&xpc),
            sl(&fpc),
            (has_left != 0).then_some(left),
            (has_right != 0).then_some(right),
            // SAFETY: float64 result of x's size.
            unsafe { res.slice_mut::<f64>() },
        );
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::testutil::*;

    #[test]
    fn searchsorted_sides() {
        let a = [1.0f64, 2.0, 2.0, 3.0, f64::NAN];
        let v = [2.0f64, 0.0, 9.0, f64::NAN, 2.5];
        let mut out = empty();
        assert_eq!(unsafe { kiln_searchsorted(&view(&a, &[5]), &view(&v, &[5]), 0, &mut out) }, 0);
        assert_eq!(take::<i64>(&out).1, [1, 0, 4, 4, 3]);
        assert_eq!(unsafe { kiln_searchsorted(&view(&a, &[5]), &view(&v, &[5]), 1, &mut out) }, 0);
        assert_eq!(take::<i64>(&out).1, [3, 0, 4, 5, 3]);
        // Mixed dtypes compare in the common dtype.
        let ai = [1i64, 3, 5];
        let vf = [2.5f64, 3.0];
        assert_eq!(unsafe { kiln_searchsorted(&view(&ai, &[3]), &view(&vf, &[2, 1]), 0, &mut out) }, 0);
        assert_eq!(take::<i64>(&out), (vec![2, 1], vec![1, 1]));
        // Unsorted input: NumPy's exact probe sequence (np.searchsorted gives these).
        let u = [5i64, 1, 4, 2, 3];
        let k = [3i64, 1, 4];
        assert_eq!(unsafe { kiln_searchsorted(&view(&u, &[5]), &view(&k, &[3]), 0, &mut out) }, 0);
        assert_eq!(take::<i64>(&out).1, [2, 0, 2]);
    }

    #[test]
    fn nonzero_and_argwhere() {
        let x = [0i32, 3, 0, 0, 7, 1];
        let mut outs = [empty(), empty()];
        assert_eq!(unsafe { kiln_nonzero(&view(&x, &[2, 3]), outs.as_mut_ptr()) }, 0);
        assert_eq!(take::<i64>(&outs[0]).1, [0, 1, 1]);
        assert_eq!(take::<i64>(&outs[1]).1, [1, 1, 2]);
        let mut out = empty();
        assert_eq!(unsafe { kiln_argwhere(&view(&x, &[2, 3]), &mut out) }, 0);
        assert_eq!(take::<i64>(&out), (vec![3, 2], vec![0, 1, 1, 1, 1, 2]));
        assert_eq!(unsafe { kiln_argwhere(&view(&x[1..], &[]), &mut out) }, 0);
        assert_eq!(take::<i64>(&out).0, [1, 0]);
        assert_value_error(
            unsafe { kiln_nonzero(&view(&x, &[]), outs.as_mut_ptr()) },
            "Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.",
        );
    }

    #[test]
    fn bincount_counts_and_weights() {
        let x = [1i64, 3, 1, 0];
        let mut out = empty();
        assert_eq!(unsafe { kiln_bincount(&view(&x, &[4]), std::ptr::null(), 6, &mut out) }, 0);
        assert_eq!(take::<i64>(&out).1, [1, 2, 0, 1, 0, 0]);
        let w = [0.5f64, 1.0, 0.25, 2.0];
        assert_eq!(unsafe { kiln_bincount(&view(&x, &[4]), &view(&w, &[4]), 0, &mut out) }, 0);
        assert_eq!(take::<f64>(&out).1, [2.0, 0.75, 0.0, 1.0]);
        let bad = [1i64, -1];
        assert_value_error(
            unsafe { kiln_bincount(&view(&bad, &[2]), std::ptr::null(), 0, &mut out) },
            "'list' argument must have no negative elements",
        );
        assert_value_error(unsafe { kiln_bincount(&view(&x, &[4]), std::ptr::null(), -1, &mut out) }, "'minlength' must not be negative");
        assert_value_error(
            unsafe { kiln_bincount(&view(&x, &[4]), &view(&w[..1], &[1]), 0, &mut out) },
            "The weights and list don't have the same length.",
        );
    }

    #[test]
    fn interp_matches_numpy() {
        // np.interp(x, xp, fp) and with left/right, from NumPy 2.4.
        let xp = [0.0f64, 1.0, 2.5, 4.0, 4.5, 7.0];
        let fp = [1.0f64, -2.0, 0.3, 10.0, 11.0, -5.0];
        let x = [-1.0f64, 0.0, 0.7, 2.5, 3.1, 4.49, 6.9, 7.0, 8.0, f64::NAN];
        let mut out = empty();
        let rc = unsafe { kiln_interp(&view(&x, &[10]), &view(&xp, &[6]), &view(&fp, &[6]), 0.0, 0.0, 0, 0, &mut out) };
        assert_eq!(rc, 0);
        let (_, r) = take::<f64>(&out);
        let expect: [f64; 9] = [1.0, 1.0, -1.0999999999999996, 0.3, 4.18, 10.98, -4.360000000000003, -5.0, -5.0];
        for (a, b) in r.iter().zip(expect) {
            assert_eq!(a.to_bits(), b.to_bits(), "{a} vs {b}");
        }
        assert!(r[9].is_nan());
        let rc = unsafe { kiln_interp(&view(&x, &[10]), &view(&xp, &[6]), &view(&fp, &[6]), -7.0, 9.0, 1, 1, &mut out) };
        assert_eq!(rc, 0);
        let (_, r) = take::<f64>(&out);
        assert_eq!((r[0], r[8]), (-7.0, 9.0));
        let e: [f64; 0] = [];
        assert_value_error(
            unsafe { kiln_interp(&view(&x, &[10]), &view(&e, &[0]), &view(&e, &[0]), 0.0, 0.0, 0, 0, &mut out) },
            "array of sample points is empty",
        );
    }
}
