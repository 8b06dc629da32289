//! Shape manipulation that copies: `kiln_concatenate`, `kiln_tile`,
//! `kiln_repeat` and `kiln_roll`, with NumPy's result shapes, dtypes and
//! messages.
//!
//! Each is a strided copy (see [`crate::copy::copy_into`]) between views
//! chosen so that the copy does the work: `tile` and `repeat` view the result
//! with every axis split in two (repeat count x extent, or extent x repeat
//! count) and the source with a zero stride on the repeat part.
//!
//! Invariants: results are fresh C-contiguous arrays.

use crate::abi::ArrayView;
use crate::array::{entry, normalize_axis, value_error, Arr, KResult, Owned};
use crate::copy::{copy_into, to_owned};
use crate::elem::promote;

/// `kiln_concatenate(views, n, axis, out)`.
///
/// # Safety
/// `views` points to `n` valid input views; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_concatenate(views: *const ArrayView, n: i64, axis: i64, out: *mut ArrayView) -> i32 {
    entry(|| {
        let mut arrs = Vec::new();
        for k in 0..n.max(0) as usize {
            // SAFETY: forwarded from this function's contract.
            arrs.push(unsafe { Arr::from_view(views.add(k)) }?);
        }
        let res = concatenate(&arrs, axis)?;
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

fn concatenate(arrs: &[Arr], axis: i64) -> KResult<Owned> {
    let Some(first) = arrs.first() else {
        return value_error("need at least one array to concatenate");
    };
    let nd = first.ndim();
    if nd == 0 {
        return value_error("zero-dimensional arrays cannot be concatenated");
    }
    let ax = normalize_axis(axis, nd)?;
    let mut shape = first.shape.clone();
    let mut dt = first.dtype;
    for (i, a) in arrs.iter().enumerate().skip(1) {
        if a.ndim() != nd {
            return value_error(format!(
                "all the input arrays must have same number of dimensions, but the array at \
                 index 0 has {nd} dimension(s) and the array at index {i} has {} dimension(s)",
                a.ndim()
            ));
        }
        for (k, (s, &d)) in shape.iter_mut().zip(&a.shape).enumerate() {
            if k == ax {
                *s += d;
            } else if *s != d {
                return value_error(format!(
                    "all the input array dimensions except for the concatenation axis must match \
                     exactly, but along dimension {k}, the array at index 0 has size {s} and the \
                     array at index {i} has size {d}"
                ));
            }
        }
        dt = promote(dt, a.dtype);
    }
    let res = Owned::new(dt, &shape)?;
    let mut offset = 0usize;
    for a in arrs {
        let mut part_shape = shape.clone();
        part_shape[ax] = a.shape[ax];
        let dst = Arr {
            data: res.data().wrapping_offset(offset as isize * res.arr.strides[ax]),
            dtype: dt,
            shape: part_shape,
            strides: res.arr.strides.clone(),
        };
        copy_into(&dst, a);
        offset += a.shape[ax];
    }
    Ok(res)
}

/// `kiln_tile(in, reps, nreps, out)`.
///
/// # Safety
/// `inp` is a valid input view; `reps` points to `nreps` int64s; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_tile(inp: *const ArrayView, reps: *const i64, nreps: i64, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let a = unsafe { Arr::from_view(inp) }?;
        let reps: &[i64] = if nreps <= 0 {
            &[]
        } else {
            // SAFETY: forwarded from this function's contract.
            unsafe { std::slice::from_raw_parts(reps, nreps as usize) }
        };
        let res = tile(&a, reps)?;
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

fn tile(a: &Arr, reps: &[i64]) -> KResult<Owned> {
    let nd = a.ndim().max(reps.len());
    // Both padded with leading ones (NumPy's ndmin and reps padding).
    let mut shape = vec![1usize; nd - a.ndim()];
    shape.extend_from_slice(&a.shape);
    let mut strides = vec![0isize; nd - a.ndim()];
    strides.extend_from_slice(&a.strides);
    let mut t = vec![1i64; nd - reps.len()];
    t.extend_from_slice(reps);
    if t.iter().any(|&r| r < 0) {
        if a.size() > 0 {
            return value_error("negative dimensions are not allowed");
        }
        t.iter_mut().for_each(|r| *r = (*r).max(0));
    }
    let out_shape: Vec<usize> = shape.iter().zip(&t).map(|(&s, &r)| s * r as usize).collect();
    let res = Owned::new(a.dtype, &out_shape)?;
    // Result axis k seen as (t[k], shape[k]); the source repeats along t[k].
    let mut dshape = Vec::with_capacity(2 * nd);
    let mut dstr = Vec::with_capacity(2 * nd);
    let mut sstr = Vec::with_capacity(2 * nd);
    for k in 0..nd {
        dshape.push(t[k] as usize);
        dshape.push(shape[k]);
        dstr.push(res.arr.strides[k] * shape[k] as isize);
        dstr.push(res.arr.strides[k]);
        sstr.push(0);
        sstr.push(strides[k]);
    }
    copy_into(&res.arr.with_layout(dshape.clone(), dstr), &a.with_layout(dshape, sstr));
    Ok(res)
}

/// `kiln_repeat(in, repeats, axis, out)`: each element repeated along `axis`.
///
/// # Safety
/// `inp` is a valid input view; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_repeat(inp: *const ArrayView, repeats: i64, axis: i64, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let a = unsafe { Arr::from_view(inp) }?;
        if repeats < 0 {
            return value_error("negative dimensions are not allowed");
        }
        let ax = normalize_axis(axis, a.ndim())?;
        let r = repeats as usize;
        let mut shape = a.shape.clone();
        shape[ax] *= r;
        let res = Owned::new(a.dtype, &shape)?;
        // Result axis `ax` seen as (extent, r); the source repeats along r.
        let mut dshape = a.shape.clone();
        dshape.insert(ax + 1, r);
        let mut dstr = res.arr.strides.clone();
        dstr[ax] = res.arr.strides[ax] * r as isize;
        dstr.insert(ax + 1, res.arr.strides[ax]);
        let mut sstr = a.strides.clone();
        sstr.insert(ax + 1, 0);
        copy_into(&res.arr.with_layout(dshape.clone(), dstr), &a.with_layout(dshape, sstr));
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

/// `kiln_roll(in, shift, axis (-1 = flattened), out)`.
///
/// # Safety
/// `inp` is a valid input view; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_roll(inp: *const ArrayView, shift: i64, axis: i64, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let a = unsafe { Arr::from_view(inp) }?;
        let res = if axis == -1 {
            // roll(a.ravel(), shift, 0).reshape(a.shape)
            let n = a.size();
            let flat = to_owned(&a, a.dtype)?.reshaped(&[n]);
            roll_axis(&flat.arr, shift, 0)?.reshaped(&a.shape)
        } else {
            let ax = normalize_axis(axis, a.ndim())?;
            roll_axis(&a, shift, ax)?
        };
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

fn roll_axis(a: &Arr, shift: i64, ax: usize) -> KResult<Owned> {
    let res = Owned::new(a.dtype, &a.shape)?;
    let n = a.shape[ax];
    if n == 0 || a.size() == 0 {
        return Ok(res);
    }
    let s = shift.rem_euclid(n as i64) as usize;
    // res[s:] = a[:n-s]; res[:s] = a[n-s:]
    let part = |arr: &Arr, start: usize, len: usize| {
        let mut shape = arr.shape.clone();
        shape[ax] = len;
        Arr { data: arr.data.wrapping_offset(start as isize * arr.strides[ax]), dtype: arr.dtype, shape, strides: arr.strides.clone() }
    };
    copy_into(&part(&res.arr, s, n - s), &part(a, 0, n - s));
    copy_into(&part(&res.arr, 0, s), &part(a, n - s, s));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::testutil::*;

    #[test]
    fn concatenates_with_promotion() {
        let a = [1i32, 2, 3, 4];
        let b = [5.5f64, 6.5];
        let views = [view(&a, &[2, 2]), view(&b, &[2, 1])];
        let mut out = empty();
        assert_eq!(unsafe { kiln_concatenate(views.as_ptr(), 2, 1, &mut out) }, 0);
        assert_eq!(take::<f64>(&out), (vec![2, 3], vec![1.0, 2.0, 5.5, 3.0, 4.0, 6.5]));
        let views = [view(&a, &[2, 2]), view(&a, &[1, 4])];
        assert_value_error(
            unsafe { kiln_concatenate(views.as_ptr(), 2, 0, &mut out) },
            "all the input array dimensions except for the concatenation axis must match exactly, \
             but along dimension 1, the array at index 0 has size 2 and the array at index 1 has size 4",
        );
        let views = [view(&a, &[2, 2]), view(&a, &[4])];
        assert_value_error(
            unsafe { kiln_concatenate(views.as_ptr(), 2, 0, &mut out) },
            "all the input arrays must have same number of dimensions, but the array at index 0 \
             has 2 dimension(s) and the array at index 1 has 1 dimension(s)",
        );
        assert_value_error(unsafe { kiln_concatenate(views.as_ptr(), 0, 0, &mut out) }, "need at least one array to concatenate");
        let views = [view(&a, &[]), view(&a, &[])];
        assert_value_error(unsafe { kiln_concatenate(views.as_ptr(), 2, 0, &mut out) }, "zero-dimensional arrays cannot be concatenated");
        let views = [view(&a, &[4]), view(&a, &[4])];
        assert_value_error(unsafe { kiln_concatenate(views.as_ptr(), 2, 1, &mut out) }, "axis 1 is out of bounds for array of dimension 1");
    }

    #[test]
    fn tile_and_repeat() {
        let a = [1i64, 2, 3];
        let mut out = empty();
        assert_eq!(unsafe { kiln_tile(&view(&a, &[3]), [2i64].as_ptr(), 1, &mut out) }, 0);
        assert_eq!(take::<i64>(&out).1, [1, 2, 3, 1, 2, 3]);
        assert_eq!(unsafe { kiln_tile(&view(&a, &[3]), [2i64, 1].as_ptr(), 2, &mut out) }, 0);
        assert_eq!(take::<i64>(&out), (vec![2, 3], vec![1, 2, 3, 1, 2, 3]));
        let m = [1i64, 2, 3, 4];
        assert_eq!(unsafe { kiln_tile(&view(&m, &[2, 2]), [2i64].as_ptr(), 1, &mut out) }, 0);
        assert_eq!(take::<i64>(&out), (vec![2, 4], vec![1, 2, 1, 2, 3, 4, 3, 4]));
        assert_value_error(unsafe { kiln_tile(&view(&a, &[3]), [-1i64].as_ptr(), 1, &mut out) }, "negative dimensions are not allowed");
        assert_eq!(unsafe { kiln_repeat(&view(&m, &[2, 2]), 2, 1, &mut out) }, 0);
        assert_eq!(take::<i64>(&out), (vec![2, 4], vec![1, 1, 2, 2, 3, 3, 4, 4]));
        assert_eq!(unsafe { kiln_repeat(&view(&m, &[2, 2]), 2, 0, &mut out) }, 0);
        assert_eq!(take::<i64>(&out), (vec![4, 2], vec![1, 2, 1, 2, 3, 4, 3, 4]));
        assert_value_error(unsafe { kiln_repeat(&view(&m, &[2, 2]), 2, 3, &mut out) }, "axis 3 is out of bounds for array of dimension 2");
    }

    #[test]
    fn rolls() {
        let m = [1i64, 2, 3, 4, 5, 6];
        let mut out = empty();
        assert_eq!(unsafe { kiln_roll(&view(&m, &[2, 3]), 1, -1, &mut out) }, 0);
        assert_eq!(take::<i64>(&out), (vec![2, 3], vec![6, 1, 2, 3, 4, 5]));
        assert_eq!(unsafe { kiln_roll(&view(&m, &[2, 3]), -4, 1, &mut out) }, 0);
        assert_eq!(take::<i64>(&out).1, [2, 3, 1, 5, 6, 4]);
        assert_eq!(unsafe { kiln_roll(&view(&m, &[2, 3]), 1, 0, &mut out) }, 0);
        assert_eq!(take::<i64>(&out).1, [4, 5, 6, 1, 2, 3]);
    }
}
