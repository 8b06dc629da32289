//! Copies between strided arrays with dtype conversion: `kiln_copy`
//! (`a.copy()`, `a.astype(t)`, `np.ascontiguousarray`) and `kiln_assign`
//! (`dst[...] = src` with broadcasting), plus the copy helpers the other
//! array functions build on.
//!
//! Invariants: conversions are [`crate::elem::cast`] (NumPy's `astype`);
//! an assignment whose source overlaps its destination reads every source
//! element before any destination element is written, as NumPy does through
//! a temporary.

use crate::abi::ArrayView;
use crate::array::{entry, fail, for_each_row, ld, shape_str, simplify, st, value_error, Arr, KResult, Owned};
use crate::elem::{cast, is_dtype, Elem};
use crate::with_dtype;

/// Copies `src` into `dst` elementwise, converting dtypes. Both must have the
/// same shape (broadcast axes of `src` carry stride 0). No overlap handling.
pub fn copy_into(dst: &Arr, src: &Arr) {
    debug_assert_eq!(dst.shape, src.shape);
    let (shape, [sd, ss]) = simplify(&dst.shape, [&dst.strides, &src.strides]);
    let inner = shape.len() - 1;
    let (isd, iss) = (sd[inner], ss[inner]);
    if dst.dtype == src.dtype && isd == dst.itemsize() as isize && iss == isd {
        // Same dtype, contiguous rows: plain memcpy per row.
        let row_bytes = shape[inner] * dst.itemsize();
        for_each_row(&shape, [&sd, &ss], |[od, os], _| unsafe {
            std::ptr::copy_nonoverlapping(src.data.offset(os), dst.data.offset(od), row_bytes);
        });
        return;
    }
    let nd = shape.len();
    if nd >= 2 && iss.unsigned_abs() > 8 * ss[nd - 2].unsigned_abs() && shape[nd - 1] >= 32 && shape[nd - 2] >= 32 {
        // The source runs across the destination's rows (a transpose):
        // copy in 32x32 tiles so that both sides stay in cache.
        let (r, c) = (shape[nd - 2], shape[nd - 1]);
        let (dr, sr) = (sd[nd - 2], ss[nd - 2]);
        with_dtype!(src.dtype, |S| with_dtype!(dst.dtype, |D| {
            crate::array::for_each_offset(&shape[..nd - 2], [&sd[..nd - 2], &ss[..nd - 2]], |[od, os]| {
                for i0 in (0..r).step_by(32) {
                    for j0 in (0..c).step_by(32) {
                        for j in j0..(j0 + 32).min(c) {
                            for i in i0..(i0 + 32).min(r) {
                                // SAFETY: (i, j) inside both arrays.
                                unsafe {
                                    let x: S = ld(src.data.offset(os + i as isize * sr + j as isize * iss));
                                    st(dst.data.offset(od + i as isize * dr + j as isize * isd), cast::<S, D>(x));
                                }
                            }
                        }
                    }
                }
            })
        }));
        return;
    }
    with_dtype!(src.dtype, |S| with_dtype!(dst.dtype, |D| {
        for_each_row(&shape, [&sd, &ss], |[od, os], n| unsafe { copy_row::<S, D>(dst.data.offset(od), isd, src.data.offset(os), iss, n) })
    }))
}

/// One strided row of [`copy_into`].
///
/// # Safety
/// Both rows must be valid for `n` elements at their strides.
#[inline]
unsafe fn copy_row<S: Elem, D: Elem>(d: *mut u8, sd: isize, s: *const u8, ss: isize, n: usize) {
    let (zs, zd) = (size_of::<S>() as isize, size_of::<D>() as isize);
    let aligned = (s as usize).is_multiple_of(align_of::<S>()) && (d as usize).is_multiple_of(align_of::<D>());
    if ss == zs && sd == zd && aligned {
        // Contiguous and aligned: slices, which LLVM vectorizes.
        // SAFETY: both rows hold n elements; they do not overlap (copy_into's contract).
        let (xs, ys) = unsafe { (std::slice::from_raw_parts(s as *const S, n), std::slice::from_raw_parts_mut(d as *mut D, n)) };
        for (y, &x) in ys.iter_mut().zip(xs) {
            *y = cast::<S, D>(x);
        }
    } else {
        for i in 0..n as isize {
            // SAFETY: within both rows.
            unsafe {
                let x: S = ld(s.offset(i * ss));
                st(d.offset(i * sd), cast::<S, D>(x));
            }
        }
    }
}

/// A C-contiguous copy of `src` converted to `dtype`.
pub fn to_owned(src: &Arr, dtype: u8) -> KResult<Owned> {
    let out = Owned::new(dtype, &src.shape)?;
    copy_into(&out.arr, src);
    Ok(out)
}

/// `src` itself when it already is C-contiguous with `dtype`, else a copy.
/// The copy (if any) is returned alongside to keep it alive.
pub fn contiguous(src: &Arr, dtype: u8) -> KResult<(Arr, Option<Owned>)> {
    if src.dtype == dtype && src.is_c_contiguous() {
        Ok((src.clone(), None))
    } else {
        let o = to_owned(src, dtype)?;
        Ok((o.arr.clone(), Some(o)))
    }
}

/// The byte range `[lo, hi)` an array can touch.
pub fn extent(a: &Arr) -> (usize, usize) {
    if a.size() == 0 {
        return (a.data as usize, a.data as usize);
    }
    let (mut lo, mut hi) = (0isize, 0isize);
    for (&n, &s) in a.shape.iter().zip(&a.strides) {
        let span = (n as isize - 1) * s;
        if span < 0 {
            lo += span;
        } else {
            hi += span;
        }
    }
    let base = a.data as isize;
    ((base + lo) as usize, (base + hi) as usize + a.itemsize())
}

/// Whether two arrays may share memory (conservative: overlapping extents).
pub fn may_overlap(a: &Arr, b: &Arr) -> bool {
    let (alo, ahi) = extent(a);
    let (blo, bhi) = extent(b);
    alo < bhi && blo < ahi
}

/// `src` broadcast to `shape` (NumPy's rules for assignment: `src` may have
/// extra leading axes of extent 1), or NumPy's error.
pub fn broadcast_to(src: &Arr, shape: &[usize]) -> KResult<Arr> {
    let nd = shape.len();
    let mut sshape = &src.shape[..];
    let mut sstrides = &src.strides[..];
    // Leading unit axes beyond the destination's rank are dropped first (and
    // NumPy's message shows the source without them).
    while sshape.len() > nd && sshape[0] == 1 {
        sshape = &sshape[1..];
        sstrides = &sstrides[1..];
    }
    let bad = || value_error(format!("could not broadcast input array from shape {} into shape {}", shape_str(sshape), shape_str(shape)));
    if sshape.len() > nd {
        return bad();
    }
    let lead = nd - sshape.len();
    let mut strides = vec![0isize; nd];
    for k in 0..sshape.len() {
        let d = shape[lead + k];
        if sshape[k] == d {
            strides[lead + k] = sstrides[k];
        } else if sshape[k] != 1 {
            return bad();
        }
    }
    Ok(src.with_layout(shape.to_vec(), strides))
}

/// `kiln_copy(in, out dtype, out)`: a C-contiguous copy, converted to `dtype`.
///
/// # Safety
/// `inp` is a valid input view; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_copy(inp: *const ArrayView, dtype: i32, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let src = unsafe { Arr::from_view(inp) }?;
        if !(0..=255).contains(&dtype) || !is_dtype(dtype as u8) {
            return fail(crate::abi::exc::SYSTEM_ERROR, format!("kiln runtime: bad dtype {dtype}"));
        }
        let o = to_owned(&src, dtype as u8)?;
        // SAFETY: forwarded from this function's contract.
        unsafe { o.into_view(out) };
        Ok(())
    })
}

/// `kiln_assign(dst, src)`: `dst[...] = src` with broadcasting and dtype
/// conversion; overlapping memory behaves as if `src` were copied first.
///
/// # Safety
/// Both views are valid; `dst` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_assign(dst: *const ArrayView, src: *const ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let (d, s) = unsafe { (Arr::from_view(dst)?, Arr::from_view(src)?) };
        assign(&d, &s)
    })
}

/// The body of [`kiln_assign`].
pub fn assign(d: &Arr, s: &Arr) -> KResult<()> {
    let b = broadcast_to(s, &d.shape)?;
    if d.size() == 0 {
        return Ok(());
    }
    let same_layout = b.data == d.data && b.strides == d.strides && b.dtype == d.dtype;
    if !same_layout && may_overlap(d, &b) {
        let tmp = to_owned(&b, b.dtype)?;
        copy_into(d, &tmp.arr);
    } else if !same_layout {
        copy_into(d, &b);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::testutil::*;

    #[test]
    fn copy_converts_and_compacts() {
        let data: Vec<f64> = (0..12).map(|i| i as f64 * 1.5 - 4.0).collect();
        // A transposed view of a 3x4 array.
        let v = view_strided(data.as_ptr() as *mut u8, 10, &[4, 3], &[8, 32]);
        let mut out = empty();
        assert_eq!(unsafe { kiln_copy(&v, 4, &mut out) }, 0);
        let (shape, got) = take::<i64>(&out);
        assert_eq!(shape, [4, 3]);
        assert_eq!(got, [-4, 2, 8, -2, 3, 9, -1, 5, 11, 0, 6, 12]);
        // Negative strides.
        let v = view_strided(unsafe { (data.as_ptr() as *mut u8).add(88) }, 10, &[12], &[-8]);
        assert_eq!(unsafe { kiln_copy(&v, 10, &mut out) }, 0);
        let (_, got) = take::<f64>(&out);
        let mut rev = data.clone();
        rev.reverse();
        assert_eq!(got, rev);
        // Zero strides and 0-d.
        let v = view_strided(data.as_ptr() as *mut u8, 10, &[2, 2], &[0, 0]);
        assert_eq!(unsafe { kiln_copy(&v, 9, &mut out) }, 0);
        assert_eq!(take::<f32>(&out).1, [-4.0; 4]);
        let v = view_strided(data.as_ptr() as *mut u8, 10, &[], &[]);
        assert_eq!(unsafe { kiln_copy(&v, 12, &mut out) }, 0);
        let (shape, got) = take::<crate::elem::C64>(&out);
        assert!(shape.is_empty());
        assert_eq!(got, [crate::elem::C64::new(-4.0, 0.0)]);
    }

    #[test]
    fn assign_broadcasts() {
        let mut dst = vec![0i32; 6];
        let src = [1.9f64, -2.5, 3.0];
        let d = view_mut(&mut dst, &[2, 3]);
        let s = view(&src, &[3]);
        assert_eq!(unsafe { kiln_assign(&d, &s) }, 0);
        assert_eq!(dst, [1, -2, 3, 1, -2, 3]);
        let s = view(&src, &[1, 1, 3]);
        assert_eq!(unsafe { kiln_assign(&d, &s) }, 0);
        let s4 = [1.0f64; 4];
        let s = view(&s4, &[4]);
        let d1 = view_mut(&mut dst, &[6]);
        assert_value_error(unsafe { kiln_assign(&d1, &s) }, "could not broadcast input array from shape (4,) into shape (6,)");
        let s = view(&src, &[3, 1]);
        let d = view_mut(&mut dst, &[2, 3]);
        assert_value_error(unsafe { kiln_assign(&d, &s) }, "could not broadcast input array from shape (3,1) into shape (2,3)");
    }

    #[test]
    fn assign_overlapping_reads_first() {
        // a[1:] = a[:-1] must shift, not smear.
        let mut a: Vec<i64> = (0..8).collect();
        let p = a.as_mut_ptr() as *mut u8;
        let d = view_strided(unsafe { p.add(8) }, 4, &[7], &[8]);
        let s = view_strided(p, 4, &[7], &[8]);
        assert_eq!(unsafe { kiln_assign(&d, &s) }, 0);
        assert_eq!(a, [0, 0, 1, 2, 3, 4, 5, 6]);
        // a[:] = a[::-1]
        let d = view_strided(p, 4, &[8], &[8]);
        let s = view_strided(unsafe { p.add(56) }, 4, &[8], &[-8]);
        assert_eq!(unsafe { kiln_assign(&d, &s) }, 0);
        assert_eq!(a, [6, 5, 4, 3, 2, 1, 0, 0]);
    }
}
