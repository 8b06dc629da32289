//! Sequential operations along one axis: `kiln_scan` (`np.cumsum`,
//! `np.cumprod`) and `kiln_diff` (`np.diff`).
//!
//! NumPy's `add.accumulate` copies the first element (cast to the result
//! dtype) and then adds each next element to the previous result, in the
//! result dtype; kiln does the same, so float results are bit-identical.
//! `np.diff` repeats `a[1:] - a[:-1]` `n` times in the input dtype (wrapping
//! for integers; `!=` for booleans).
//!
//! Invariants: results are fresh C-contiguous arrays.

use crate::abi::{scan, ArrayView};
use crate::array::{entry, fail, for_each_row, ld, normalize_axis, st, value_error, Arr, KResult, Owned};
use crate::copy::{copy_into, to_owned};
use crate::elem::Elem;
use crate::with_dtype;

/// Applies `f` to every line of the C-contiguous array `a` along `axis`, as
/// (pointer to the first element, length, byte stride).
pub(crate) fn for_each_line(a: &Arr, axis: usize, mut f: impl FnMut(*mut u8, usize, isize)) {
    let moved = a.axis_last(axis);
    let n = moved.shape[moved.ndim() - 1];
    let s = moved.strides[moved.ndim() - 1];
    let outer = &moved.shape[..moved.ndim() - 1];
    let ostr = &moved.strides[..moved.ndim() - 1];
    if n == 0 {
        return;
    }
    crate::array::for_each_offset(outer, [ostr], |[o]| f(a.data.wrapping_offset(o), n, s));
}

/// `kiln_scan(kind, in, axis (-1 = flattened), out dtype, out)`.
///
/// # Safety
/// `inp` is a valid input view; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_scan(kind: i32, inp: *const ArrayView, axis: i64, out_dtype: i32, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let a = unsafe { Arr::from_view(inp) }?;
        let od = match u8::try_from(out_dtype) {
            Ok(d) if crate::elem::is_dtype(d) => d,
            _ => return fail(crate::abi::exc::SYSTEM_ERROR, "kiln runtime: bad dtype"),
        };
        if kind != scan::CUMSUM && kind != scan::CUMPROD {
            return fail(crate::abi::exc::SYSTEM_ERROR, "kiln runtime: bad scan kind");
        }
        let (res, axis) = if axis == -1 {
            let n = a.size();
            (to_owned(&a, od)?.reshaped(&[n]), 0)
        } else {
            let ax = normalize_axis(axis, a.ndim())?;
            (to_owned(&a, od)?, ax)
        };
        with_dtype!(od, |T| for_each_line(&res.arr, axis, |p, n, s| unsafe {
            // SAFETY: a line of `n` elements of T at stride `s`.
            let mut acc: T = ld(p);
            for i in 1..n as isize {
                let q = p.offset(i * s);
                let x: T = ld(q);
                acc = if kind == scan::CUMSUM { acc.add(x) } else { acc.mul(x) };
                st(q, acc);
            }
        }));
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

/// `kiln_diff(in, n, axis, out)`: the n-th discrete difference along `axis`.
///
/// # Safety
/// `inp` is a valid input view; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_diff(inp: *const ArrayView, n: i64, axis: i64, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let a = unsafe { Arr::from_view(inp) }?;
        let res = diff(&a, n, axis)?;
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

fn diff(a: &Arr, n: i64, axis: i64) -> KResult<Owned> {
    if n == 0 {
        // NumPy returns the input itself before any check; kiln returns a copy.
        return to_owned(a, a.dtype);
    }
    if n < 0 {
        return value_error(format!("order must be non-negative but got {n}"));
    }
    if a.ndim() == 0 {
        return value_error("diff requires input that is at least one dimensional");
    }
    let ax = normalize_axis(axis, a.ndim())?;
    // Work on a copy with the axis last, differencing each line in place.
    let work = to_owned(&a.axis_last(ax), a.dtype)?;
    let len = a.shape[ax];
    let steps = (n as usize).min(len);
    with_dtype!(a.dtype, |T| {
        let nd = work.arr.ndim();
        for_each_row(&work.arr.shape, [&work.arr.strides], |[o], m| unsafe {
            // SAFETY: a contiguous row of `m` elements of T.
            let p = work.data().offset(o);
            for k in 0..steps {
                for i in 0..m - k - 1 {
                    let x: T = ld(p.add(i * size_of::<T>()));
                    let y: T = ld(p.add((i + 1) * size_of::<T>()));
                    st(p.add(i * size_of::<T>()), y.sub(x));
                }
            }
        });
        let _ = nd;
    });
    let mut shape = a.shape.clone();
    shape[ax] = len - steps;
    let res = Owned::new(a.dtype, &shape)?;
    // The first len - n entries of each work line, with the axis put back.
    let mut wshape = work.arr.shape.clone();
    *wshape.last_mut().unwrap() = len - steps;
    let mut perm: Vec<usize> = (0..a.ndim()).collect();
    // work axes: the others in order, then ax; invert that order.
    let mut order: Vec<usize> = (0..a.ndim()).filter(|&k| k != ax).collect();
    order.push(ax);
    for (wk, &k) in order.iter().enumerate() {
        perm[k] = wk;
    }
    let src = work.arr.with_layout(wshape, work.arr.strides.clone()).permuted(&perm);
    copy_into(&res.arr, &src);
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::testutil::*;
    use crate::elem::Bool;

    fn scan_of<R: Elem>(kind: i32, v: &ArrayView, axis: i64) -> (Vec<usize>, Vec<R>) {
        let mut out = empty();
        assert_eq!(unsafe { kiln_scan(kind, v, axis, R::DTYPE as i32, &mut out) }, 0);
        take::<R>(&out)
    }

    #[test]
    fn cumulative() {
        let x = [1i32, 2, 3, 4, 5, 6];
        let v = view(&x, &[2, 3]);
        assert_eq!(scan_of::<i64>(scan::CUMSUM, &v, -1), (vec![6], vec![1, 3, 6, 10, 15, 21]));
        assert_eq!(scan_of::<i64>(scan::CUMSUM, &v, 0).1, [1, 2, 3, 5, 7, 9]);
        assert_eq!(scan_of::<i64>(scan::CUMPROD, &v, 1).1, [1, 2, 6, 4, 20, 120]);
        // The first element is copied: -0.0 stays -0.0.
        let z = [-0.0f64, 1e16, 1.0, -1e16];
        let (_, c) = scan_of::<f64>(scan::CUMSUM, &view(&z, &[4]), 0);
        assert!(c[0].is_sign_negative());
        assert_eq!(c[1..], [1e16, 1e16, 0.0]);
        let b = [Bool::TRUE, Bool::TRUE, Bool::FALSE];
        assert_eq!(scan_of::<i64>(scan::CUMSUM, &view(&b, &[3]), -1).1, [1, 2, 2]);
        let mut out = empty();
        let rc = unsafe { kiln_scan(scan::CUMSUM, &v, 2, 4, &mut out) };
        assert_value_error(rc, "axis 2 is out of bounds for array of dimension 2");
    }

    fn diff_of<T: Elem>(v: &ArrayView, n: i64, axis: i64) -> (Vec<usize>, Vec<T>) {
        let mut out = empty();
        assert_eq!(unsafe { kiln_diff(v, n, axis, &mut out) }, 0, "{:?}", crate::error::take());
        take::<T>(&out)
    }

    #[test]
    fn differences() {
        let x = [1i64, 4, 9, 16, 2, 3, 5, 8];
        let v = view(&x, &[2, 4]);
        assert_eq!(diff_of::<i64>(&v, 1, -1), (vec![2, 3], vec![3, 5, 7, 1, 2, 3]));
        assert_eq!(diff_of::<i64>(&v, 2, 1), (vec![2, 2], vec![2, 2, 1, 1]));
        assert_eq!(diff_of::<i64>(&v, 1, 0), (vec![1, 4], vec![1, -1, -4, -8]));
        assert_eq!(diff_of::<i64>(&v, 9, 1), (vec![2, 0], vec![]));
        let u = [1u8, 0];
        assert_eq!(diff_of::<u8>(&view(&u, &[2]), 1, 0).1, [255]);
        let b = [Bool::TRUE, Bool::FALSE, Bool::FALSE];
        assert_eq!(diff_of::<Bool>(&view(&b, &[3]), 1, 0).1, [Bool::TRUE, Bool::FALSE]);
        let mut out = empty();
        assert_value_error(unsafe { kiln_diff(&v, -1, 0, &mut out) }, "order must be non-negative but got -1");
        let s = [1.0f64];
        assert_value_error(unsafe { kiln_diff(&view(&s, &[]), 1, 0, &mut out) }, "diff requires input that is at least one dimensional");
    }
}
