//! Sorting: `kiln_sort` (`np.sort`), `kiln_argsort` (`np.argsort`) and
//! `kiln_unique` (`np.unique`), in NumPy's order: ascending, NaNs last,
//! complex numbers lexicographic with NaN-containing values last.
//!
//! Exactness: sorted values equal NumPy's except for the relative order of
//! `-0.0` and `0.0` (equal keys; NumPy's AVX-512 sort on this machine
//! scrambles them, kiln puts `-0.0` first) and NaN payloads. `argsort` is a
//! *stable* sort: equal keys keep their index order. NumPy's default
//! (unstable) quicksort agrees on ties only for short inputs: measured on this
//! machine (NumPy 2.4, AVX-512), up to 4 elements for 32/64-bit dtypes (which
//! use x86-simd-sort) and up to 16 elements for int8/int16/bool/complex (an
//! insertion sort below 17 elements); beyond that, the indices of tied keys
//! may differ. Without ties, results are identical.
//!
//! Invariants: results are fresh C-contiguous arrays; inputs are not modified.

use std::cmp::Ordering;

use crate::abi::{dtype, ArrayView};
use crate::array::{entry, ld, normalize_axis, st, Arr, KResult, Owned};
use crate::copy::to_owned;
use crate::elem::{Elem, Kind};
use crate::scan::for_each_line;
use crate::with_dtype;

/// NumPy's sort order as an `Ordering`.
pub(crate) fn order<T: Elem>(a: &T, b: &T) -> Ordering {
    if a.sort_lt(*b) {
        Ordering::Less
    } else if b.sort_lt(*a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

/// An order-preserving integer key for a float: NaNs (any sign or payload)
/// map above +inf; `-0.0` sorts just below `0.0` unless `merge_zeros`.
fn float_key(x: f64, merge_zeros: bool) -> u64 {
    if x.is_nan() {
        return u64::MAX;
    }
    let x = if merge_zeros && x == 0.0 { 0.0 } else { x };
    let b = x.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

fn key_float(k: u64) -> f64 {
    if k == u64::MAX {
        return f64::NAN;
    }
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// Sorts one line of `n` elements of `T` at stride `s` in place.
///
/// # Safety
/// The line is valid for reads and writes.
unsafe fn sort_line<T: Elem>(p: *mut u8, n: usize, s: isize, buf: &mut Vec<T>) {
    buf.clear();
    // SAFETY (loads/stores): indices below n on a valid line.
    buf.extend((0..n as isize).map(|i| unsafe { ld::<T>(p.offset(i * s)) }));
    match T::KIND {
        Kind::Float => {
            // Sort float keys as integers: much faster than a comparator.
            let mut keys: Vec<u64> = buf.iter().map(|x| float_key(crate::elem::cast::<T, f64>(*x), false)).collect();
            keys.sort_unstable();
            for (v, k) in buf.iter_mut().zip(keys) {
                *v = crate::elem::cast::<f64, T>(key_float(k));
            }
        }
        _ => buf.sort_unstable_by(order),
    }
    for (i, v) in buf.iter().enumerate() {
        // SAFETY: as above.
        unsafe { st(p.offset(i as isize * s), *v) };
    }
}

/// The stable argsort of one line, written as int64 indices at `q`.
///
/// # Safety
/// `p` is valid for `n` reads at stride `s`; `q` for `n` int64 writes at `qs`.
unsafe fn argsort_line<T: Elem>(p: *const u8, n: usize, s: isize, q: *mut u8, qs: isize) {
    // SAFETY (loads/stores): indices below n.
    let at = |i: usize| unsafe { ld::<T>(p.offset(i as isize * s)) };
    let idx: Vec<usize> = match T::KIND {
        Kind::Float => {
            let mut keyed: Vec<(u64, usize)> = (0..n).map(|i| (float_key(crate::elem::cast::<T, f64>(at(i)), true), i)).collect();
            // (key, index) pairs are distinct, so an unstable sort is stable on keys.
            keyed.sort_unstable();
            keyed.into_iter().map(|(_, i)| i).collect()
        }
        _ => {
            let vals: Vec<T> = (0..n).map(at).collect();
            let mut idx: Vec<usize> = (0..n).collect();
            idx.sort_by(|&i, &j| order(&vals[i], &vals[j]));
            idx
        }
    };
    for (k, i) in idx.into_iter().enumerate() {
        // SAFETY: as above.
        unsafe { st(q.offset(k as isize * qs), i as i64) };
    }
}

/// `kiln_sort(in, axis, out)`: a sorted copy along `axis` (-1: the last).
///
/// # Safety
/// `inp` is a valid input view; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_sort(inp: *const ArrayView, axis: i64, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let a = unsafe { Arr::from_view(inp) }?;
        let ax = normalize_axis(axis, a.ndim())?;
        let res = to_owned(&a, a.dtype)?;
        with_dtype!(a.dtype, |T| {
            let mut buf: Vec<T> = Vec::new();
            // SAFETY: lines of the fresh result.
            for_each_line(&res.arr, ax, |p, n, s| unsafe { sort_line::<T>(p, n, s, &mut buf) });
        });
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

/// `kiln_argsort(in, axis, out)`: int64 indices that sort each line (stable).
///
/// # Safety
/// `inp` is a valid input view; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_argsort(inp: *const ArrayView, axis: i64, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let a = unsafe { Arr::from_view(inp) }?;
        if a.ndim() == 0 {
            // NumPy's argsort of a 0-d array is `array([0])`.
            let res = Owned::zeros(dtype::INT64, &[1])?;
            // SAFETY: forwarded from this function's contract.
            unsafe { res.into_view(out) };
            return Ok(());
        }
        let ax = normalize_axis(axis, a.ndim())?;
        let res = Owned::new(dtype::INT64, &a.shape)?;
        let n = a.shape[ax];
        let (s, qs) = (a.strides[ax], res.arr.strides[ax]);
        let mut oshape = a.shape.clone();
        oshape[ax] = 1;
        if n > 0 {
            with_dtype!(a.dtype, |T| crate::array::for_each_offset(&oshape, [&a.strides, &res.arr.strides], |[oa, oq]| unsafe {
                // SAFETY: a line of the input and of the result.
                argsort_line::<T>(a.data.offset(oa), n, s, res.data().offset(oq), qs)
            }));
        }
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

/// `np.unique(a)`: the sorted distinct values of the flattened array.
/// NumPy 2.4 deduplicates with a hash table before sorting, so of equal
/// values (such as `-0.0` and `0.0`) the first one in C order is kept, and
/// all NaNs collapse into the first NaN seen, placed last.
fn unique(a: &Arr) -> KResult<Owned> {
    with_dtype!(a.dtype, |T| {
        let mut vals: Vec<T> = Vec::with_capacity(a.size());
        crate::array::for_each_elem(&a.shape, [&a.strides], |[o]| {
            // SAFETY: offsets inside `a`.
            vals.push(unsafe { ld::<T>(a.data.offset(o)) })
        });
        let out = unique_first_seen(&vals);
        let res = Owned::new(a.dtype, &[out.len()])?;
        for (i, &x) in out.iter().enumerate() {
            // SAFETY: within the fresh result.
            unsafe { st(res.data().add(i * size_of::<T>()), x) };
        }
        Ok(res)
    })
}

/// The sorted distinct values of `v`, each represented by its first occurrence.
fn unique_first_seen<T: Elem>(v: &[T]) -> Vec<T> {
    let idx: Vec<usize> = match T::KIND {
        Kind::Float => {
            let mut keyed: Vec<(u64, usize)> =
                (0..v.len()).filter(|&i| !v[i].isnan()).map(|i| (float_key(crate::elem::cast::<T, f64>(v[i]), true), i)).collect();
            keyed.sort_unstable();
            keyed.into_iter().map(|(_, i)| i).collect()
        }
        _ => {
            let mut idx: Vec<usize> = (0..v.len()).filter(|&i| !v[i].isnan()).collect();
            idx.sort_by(|&i, &j| order(&v[i], &v[j]));
            idx
        }
    };
    let mut out: Vec<T> = Vec::new();
    for i in idx {
        if out.last().is_none_or(|l| !l.num_eq(v[i])) {
            out.push(v[i]);
        }
    }
    if let Some(&nan) = v.iter().find(|x| x.isnan()) {
        out.push(nan);
    }
    out
}

/// `kiln_unique(in, out)`: the sorted unique values of the flattened input.
///
/// # Safety
/// `inp` is a valid input view; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_unique(inp: *const ArrayView, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let a = unsafe { Arr::from_view(inp) }?;
        let res = unique(&a)?;
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::testutil::*;
    use crate::elem::C64;

    #[test]
    fn sorts_like_numpy() {
        let n = f64::NAN;
        let x = [3.0, n, -1.0, f64::INFINITY, 2.0, -f64::INFINITY, n, 0.5];
        let mut out = empty();
        assert_eq!(unsafe { kiln_sort(&view(&x, &[8]), -1, &mut out) }, 0);
        let (_, s) = take::<f64>(&out);
        assert_eq!(s[..6], [-f64::INFINITY, -1.0, 0.5, 2.0, 3.0, f64::INFINITY]);
        assert!(s[6].is_nan() && s[7].is_nan());
        // Along axis 0 of a 2-D array.
        let y = [5i32, 1, 2, 9, 0, 4];
        assert_eq!(unsafe { kiln_sort(&view(&y, &[3, 2]), 0, &mut out) }, 0);
        assert_eq!(take::<i32>(&out).1, [0, 1, 2, 4, 5, 9]);
        let c = [C64::new(1.0, n), C64::new(1.0, 2.0), C64::new(n, 0.0), C64::new(0.0, 5.0)];
        assert_eq!(unsafe { kiln_sort(&view(&c, &[4]), -1, &mut out) }, 0);
        let (_, s) = take::<C64>(&out);
        assert_eq!((s[0], s[1]), (C64::new(0.0, 5.0), C64::new(1.0, 2.0)));
        assert!(s[2].im.is_nan() && s[3].re.is_nan());
        let z = [1.0f64];
        assert_value_error(unsafe { kiln_sort(&view(&z, &[]), -1, &mut out) }, "axis -1 is out of bounds for array of dimension 0");
    }

    #[test]
    fn argsort_is_stable() {
        let n = f64::NAN;
        let x = [2.0, n, 1.0, 2.0, -0.0, 0.0, n, 1.0];
        let mut out = empty();
        assert_eq!(unsafe { kiln_argsort(&view(&x, &[8]), 0, &mut out) }, 0);
        assert_eq!(take::<i64>(&out).1, [4, 5, 2, 7, 0, 3, 1, 6]);
        let y = [3i8, 1, 3, 1, 2, 2];
        assert_eq!(unsafe { kiln_argsort(&view(&y, &[2, 3]), 1, &mut out) }, 0);
        assert_eq!(take::<i64>(&out).1, [1, 0, 2, 0, 1, 2]);
        assert_eq!(unsafe { kiln_argsort(&view(&y, &[2, 3]), 0, &mut out) }, 0);
        assert_eq!(take::<i64>(&out).1, [1, 0, 1, 0, 1, 0]);
    }

    #[test]
    fn unique_values() {
        let n = f64::NAN;
        let x = [2.0, n, 1.0, 2.0, 0.0, -0.0, n, 1.0];
        let mut out = empty();
        assert_eq!(unsafe { kiln_unique(&view(&x, &[2, 4]), &mut out) }, 0);
        let (s, u) = take::<f64>(&out);
        assert_eq!(s, [4]);
        assert_eq!(u[..3], [0.0, 1.0, 2.0]);
        // The first of equal values is kept: 0.0 came before -0.0.
        assert!(u[0].is_sign_positive());
        assert!(u[3].is_nan());
        let y = [5u16, 5, 5];
        assert_eq!(unsafe { kiln_unique(&view(&y, &[3]), &mut out) }, 0);
        assert_eq!(take::<u16>(&out).1, [5]);
    }
}
