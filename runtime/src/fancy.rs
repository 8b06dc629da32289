//! Advanced ("fancy") indexing: `kiln_index_get` (`a[idx]`, `a[mask]`,
//! `a[i, :, j]` with index arrays) and `kiln_index_set` (the same as an
//! assignment target), with NumPy's result shapes, index order and errors.
//!
//! The compiler applies the basic part of the index first (slices, ellipsis;
//! advanced axes stay full slices) and passes the resulting view with one
//! index array per advanced entry and the base axis where the entry starts.
//! Integer scalars mixed with index arrays arrive as 0-d int64 arrays (NumPy
//! treats them as advanced indices too). A boolean array of rank k covers k
//! axes and stands for its `nonzero()` columns.
//!
//! Invariants: indices are bounds-checked (negative ones wrap once) before
//! anything is written; the value of an assignment is broadcast and
//! converted into a private copy first, so overlapping operands behave as in
//! NumPy; on error nothing is allocated that outlives the call.

use crate::abi::{dtype, exc, ArrayView};
use crate::array::{c_strides, entry, fail, for_each_offset, shape_str, Arr, KResult, Owned};
use crate::copy::{broadcast_to, to_owned};
use crate::error::index_message;

/// Where each element of the result comes from.
struct Plan {
    /// Byte offset (into the base view) of each broadcast index position,
    /// in C order over `bshape`.
    offs: Vec<isize>,
    /// Result shape: `pre` axes, the broadcast index shape, `post` axes.
    out_shape: Vec<usize>,
    pre_shape: Vec<usize>,
    pre_strides: Vec<isize>,
    post_shape: Vec<usize>,
    post_strides: Vec<isize>,
}

fn index_error<T>(msg: impl Into<String>) -> KResult<T> {
    fail(exc::INDEX_ERROR, msg)
}

/// NumPy's broadcast of the index shapes, or its `IndexError`.
fn broadcast_shapes(shapes: &[Vec<usize>]) -> KResult<Vec<usize>> {
    let nd = shapes.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = vec![1usize; nd];
    for s in shapes {
        let lead = nd - s.len();
        for (k, &d) in s.iter().enumerate() {
            let o = &mut out[lead + k];
            if *o == 1 {
                *o = d;
            } else if d != 1 && d != *o {
                let all: Vec<String> = shapes.iter().map(|s| shape_str(s)).collect();
                return index_error(format!(
                    "shape mismatch: indexing arrays could not be broadcast together with shapes {} ",
                    all.join(" ")
                ));
            }
        }
    }
    Ok(out)
}

/// Builds the plan for `base[idx...]`, entry k starting at base axis `pos[k]`.
fn plan(base: &Arr, idx: &[Arr], pos: &[i64]) -> KResult<Plan> {
    let nd = base.ndim();
    // (base axis, int64 index array) per advanced axis, in axis order.
    let mut cols: Vec<(usize, Owned)> = Vec::new();
    for (a, &p) in idx.iter().zip(pos) {
        if p < 0 || p as usize > nd {
            return fail(exc::SYSTEM_ERROR, "kiln runtime: bad index position");
        }
        let p = p as usize;
        if a.dtype == dtype::BOOL {
            let k = a.ndim();
            if p + k > nd {
                return index_error(format!("too many indices for array: array is {nd}-dimensional, but {} were indexed", p + k));
            }
            for j in 0..k {
                if a.shape[j] != base.shape[p + j] {
                    return index_error(format!(
                        "boolean index did not match indexed array along axis {}; size of axis is {} but size of corresponding boolean axis is {}",
                        p + j,
                        base.shape[p + j],
                        a.shape[j]
                    ));
                }
            }
            let nz = crate::search::nonzero_indices(a);
            for (j, c) in nz.into_iter().enumerate() {
                let mut o = Owned::new(dtype::INT64, &[c.len()])?;
                // SAFETY: an int64 array of the column's length.
                unsafe { o.slice_mut::<i64>() }.copy_from_slice(&c);
                cols.push((p + j, o));
            }
        } else if a.dtype <= dtype::UINT64 {
            if p >= nd {
                return index_error(format!("too many indices for array: array is {nd}-dimensional, but {} were indexed", p + 1));
            }
            cols.push((p, to_owned(a, dtype::INT64)?));
        } else {
            return index_error("arrays used as indices must be of integer (or boolean) type");
        }
    }
    if cols.windows(2).any(|w| w[0].0 >= w[1].0) {
        return fail(exc::SYSTEM_ERROR, "kiln runtime: index positions out of order");
    }
    let shapes: Vec<Vec<usize>> = cols.iter().map(|(_, o)| o.arr.shape.clone()).collect();
    let bshape = broadcast_shapes(&shapes)?;
    let bsize: usize = bshape.iter().product();
    // Offsets of every broadcast position, with bounds checks.
    let mut offs = vec![0isize; bsize];
    for (axis, o) in &cols {
        let n = base.shape[*axis] as i64;
        let stride = base.strides[*axis];
        // Element strides of this index broadcast to `bshape`.
        let lead = bshape.len() - o.arr.ndim();
        let own = c_strides(&o.arr.shape, 1);
        let mut st = vec![0isize; bshape.len()];
        for k in 0..o.arr.ndim() {
            if o.arr.shape[k] != 1 || bshape[lead + k] == 1 {
                st[lead + k] = own[k];
            }
        }
        // SAFETY: int64 contents of the index array.
        let vals = unsafe { o.slice::<i64>() };
        let mut b = 0usize;
        let mut bad = None;
        for_each_offset(&bshape, [&st], |[e]| {
            let v = vals[e as usize];
            let w = if v < 0 { v + n } else { v };
            if !(0..n).contains(&w) {
                bad.get_or_insert(v);
            } else {
                offs[b] += w as isize * stride;
            }
            b += 1;
        });
        if let Some(v) = bad {
            return index_error(index_message(v, *axis as i64, n));
        }
    }
    // NumPy puts the broadcast axes where the advanced indices are when they
    // are adjacent, else first.
    let axes: Vec<usize> = cols.iter().map(|c| c.0).collect();
    let adjacent = axes.is_empty() || axes.windows(2).all(|w| w[1] == w[0] + 1);
    let first = if adjacent { axes.first().copied().unwrap_or(0) } else { 0 };
    let rest: Vec<usize> = (0..nd).filter(|k| !axes.contains(k)).collect();
    let (pre, post): (Vec<usize>, Vec<usize>) = rest.iter().partition(|&&k| k < first);
    let pick = |v: &[usize], f: &dyn Fn(usize) -> isize| v.iter().map(|&k| f(k)).collect::<Vec<isize>>();
    let pre_shape: Vec<usize> = pre.iter().map(|&k| base.shape[k]).collect();
    let post_shape: Vec<usize> = post.iter().map(|&k| base.shape[k]).collect();
    let mut out_shape = pre_shape.clone();
    out_shape.extend_from_slice(&bshape);
    out_shape.extend_from_slice(&post_shape);
    Ok(Plan {
        offs,
        out_shape,
        pre_shape,
        pre_strides: pick(&pre, &|k| base.strides[k]),
        post_shape,
        post_strides: pick(&post, &|k| base.strides[k]),
    })
}

/// Calls `f(base byte offset)` for every result element, in C order.
fn walk(p: &Plan, mut f: impl FnMut(isize)) {
    for_each_offset(&p.pre_shape, [&p.pre_strides], |[a]| {
        for &b in &p.offs {
            for_each_offset(&p.post_shape, [&p.post_strides], |[c]| f(a + b + c));
        }
    });
}

/// Reads the `n` index views and positions.
///
/// # Safety
/// `idx` points to `n` valid views and `pos` to `n` i64s.
unsafe fn read_indices(idx: *const ArrayView, n: i64, pos: *const i64) -> KResult<(Vec<Arr>, Vec<i64>)> {
    if !(0..=64).contains(&n) || (n > 0 && (idx.is_null() || pos.is_null())) {
        return fail(exc::SYSTEM_ERROR, "kiln runtime: bad index list");
    }
    let mut arrs = Vec::with_capacity(n as usize);
    let mut ps = Vec::with_capacity(n as usize);
    for k in 0..n as usize {
        // SAFETY: forwarded from this function's contract.
        arrs.push(unsafe { Arr::from_view(idx.add(k)) }?);
        // SAFETY: as above.
        ps.push(unsafe { *pos.add(k) });
    }
    Ok((arrs, ps))
}

/// `kiln_index_get(base, idx (n views), n, pos (n i64s), out)`: a new
/// C-contiguous array `base[...]` for the advanced index.
///
/// # Safety
/// `base` is a valid view, `idx` points to `n` valid views, `pos` to `n`
/// i64s; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_index_get(
    base: *const ArrayView,
    idx: *const ArrayView,
    n: i64,
    pos: *const i64,
    out: *mut ArrayView,
) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let b = unsafe { Arr::from_view(base) }?;
        // SAFETY: forwarded from this function's contract.
        let (arrs, ps) = unsafe { read_indices(idx, n, pos) }?;
        let p = plan(&b, &arrs, &ps)?;
        let res = Owned::new(b.dtype, &p.out_shape)?;
        let isz = b.itemsize();
        let dst = res.data();
        let mut i = 0usize;
        walk(&p, |off| {
            // SAFETY: `off` is inside the base view (indices checked) and
            // `i` counts the result's elements.
            unsafe { std::ptr::copy_nonoverlapping(b.data.offset(off), dst.add(i * isz), isz) };
            i += 1;
        });
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

/// `kiln_index_set(base, idx (n views), n, pos (n i64s), value)`:
/// `base[...] = value`, the value broadcast to the indexed shape and
/// converted to the base's dtype (NumPy's unsafe setitem casting). Repeated
/// indices: the last write wins.
///
/// # Safety
/// As [`kiln_index_get`]; `base` is writable and `value` a valid view.
#[no_mangle]
pub unsafe extern "C" fn kiln_index_set(
    base: *const ArrayView,
    idx: *const ArrayView,
    n: i64,
    pos: *const i64,
    value: *const ArrayView,
) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let (b, v) = unsafe { (Arr::from_view(base)?, Arr::from_view(value)?) };
        // SAFETY: forwarded from this function's contract.
        let (arrs, ps) = unsafe { read_indices(idx, n, pos) }?;
        let p = plan(&b, &arrs, &ps)?;
        // NumPy's own message for `a[mask] = v` with a full-rank mask and a 1-d value.
        let single_mask = arrs.len() == 1 && arrs[0].dtype == dtype::BOOL && arrs[0].ndim() == b.ndim();
        let bv = match broadcast_to(&v, &p.out_shape) {
            Ok(bv) => bv,
            Err(_) => {
                crate::error::take();
                let count = p.offs.len();
                return if single_mask && v.ndim() <= 1 {
                    fail(
                        exc::VALUE_ERROR,
                        format!(
                            "NumPy boolean array indexing assignment cannot assign {} input values to the {count} output values where the mask is true",
                            v.size()
                        ),
                    )
                } else {
                    fail(
                        exc::VALUE_ERROR,
                        format!(
                            "shape mismatch: value array of shape {} could not be broadcast to indexing result of shape {}",
                            shape_str(&v.shape),
                            shape_str(&p.out_shape)
                        ),
                    )
                };
            }
        };
        // A private, converted copy: safe when `value` overlaps `base`.
        let src = to_owned(&bv, b.dtype)?;
        let isz = b.itemsize();
        let s = src.data();
        let mut i = 0usize;
        walk(&p, |off| {
            // SAFETY: `off` is inside the (writable) base view; `i` counts the
            // copy's elements.
            unsafe { std::ptr::copy_nonoverlapping(s.add(i * isz), b.data.offset(off), isz) };
            i += 1;
        });
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::testutil::*;
    use crate::elem::Bool;

    #[test]
    fn take_and_mask() {
        let a: Vec<f64> = (0..12).map(|i| i as f64).collect();
        let base = view(&a, &[3, 4]);
        let idx = [2i64, -3];
        let iv = [view(&idx, &[2])];
        let mut out = empty();
        // a[[2, -3]] -> rows 2 and 0.
        assert_eq!(unsafe { kiln_index_get(&base, iv.as_ptr(), 1, [0i64].as_ptr(), &mut out) }, 0);
        let (shape, got) = take::<f64>(&out);
        assert_eq!(shape, [2, 4]);
        assert_eq!(got, [8.0, 9.0, 10.0, 11.0, 0.0, 1.0, 2.0, 3.0]);
        // a[:, [2, -3]] -> columns 2 and 1.
        assert_eq!(unsafe { kiln_index_get(&base, iv.as_ptr(), 1, [1i64].as_ptr(), &mut out) }, 0);
        let (shape, got) = take::<f64>(&out);
        assert_eq!(shape, [3, 2]);
        assert_eq!(got, [2.0, 1.0, 6.0, 5.0, 10.0, 9.0]);
        // A 2-d mask.
        let m: Vec<Bool> = (0..12).map(|i| Bool((i % 5 == 0) as u8)).collect();
        let mv = [view(&m, &[3, 4])];
        assert_eq!(unsafe { kiln_index_get(&base, mv.as_ptr(), 1, [0i64].as_ptr(), &mut out) }, 0);
        assert_eq!(take::<f64>(&out), (vec![3], vec![0.0, 5.0, 10.0]));
        // Out of bounds.
        let bad = [3i64];
        let bv = [view(&bad, &[1])];
        assert_eq!(unsafe { kiln_index_get(&base, bv.as_ptr(), 1, [0i64].as_ptr(), &mut out) }, 1);
        assert_eq!(pending(), (exc::INDEX_ERROR, "index 3 is out of bounds for axis 0 with size 3".to_string()));
        // A mask of the wrong length.
        let m2 = [Bool(1), Bool(0)];
        let mv2 = [view(&m2, &[2])];
        assert_eq!(unsafe { kiln_index_get(&base, mv2.as_ptr(), 1, [0i64].as_ptr(), &mut out) }, 1);
        assert_eq!(pending().0, exc::INDEX_ERROR);
    }

    #[test]
    fn set_broadcasts_and_checks() {
        let mut a: Vec<i64> = (0..6).collect();
        let base = view_mut(&mut a, &[6]);
        let m = [Bool(1), Bool(0), Bool(1), Bool(0), Bool(0), Bool(1)];
        let mv = [view(&m, &[6])];
        let v = [7.9f64];
        assert_eq!(unsafe { kiln_index_set(&base, mv.as_ptr(), 1, [0i64].as_ptr(), &view(&v, &[])) }, 0);
        assert_eq!(a, [7, 1, 7, 3, 4, 7]);
        let base = view_mut(&mut a, &[6]);
        let v2 = [1.0f64, 2.0];
        assert_eq!(unsafe { kiln_index_set(&base, mv.as_ptr(), 1, [0i64].as_ptr(), &view(&v2, &[2])) }, 1);
        assert_eq!(pending().0, exc::VALUE_ERROR);
        assert_eq!(a, [7, 1, 7, 3, 4, 7]);
    }
}
