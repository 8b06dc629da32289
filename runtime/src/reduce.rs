//! `kiln_reduce`: reductions over any set of axes, visiting elements in the
//! order NumPy's reduction iterator does, so that float sums are
//! bit-identical to NumPy's.
//!
//! How NumPy orders a reduction (`PyUFunc_Reduce` over `nditer`): the result
//! starts at the identity (0 for add, 1 for multiply; the first element for
//! min/max); the axes are sorted innermost-first by absolute input stride
//! (ties keep C order; extent-1 axes drop out) and adjacent axes that continue
//! each other are merged, reduced with reduced and kept with kept. When the
//! innermost axis is reduced, the add loop receives whole runs and sums each
//! pairwise onto the running result; when it is kept, elements are added one
//! at a time in iteration order. Runs are "buffered" (copied, possibly with a
//! cast, into 8192-element blocks, which may span several inner runs) when the
//! input needs a cast or when the innermost reduced axes do not merge and the
//! inner run is at most half a buffer (NumPy's buffering cost model, see
//! [`core_layout`]). This model was checked bit for bit against NumPy 2.4 on
//! C, F, transposed, reversed, strided and 3-D layouts, with and without casts.
//!
//! What is exact: SUM/NANSUM/MEAN/VAR/STD for every layout tested (see the
//! tests), PROD (sequential in iteration order), and everything whose value
//! does not depend on order (integer sums, min/max, any/all, argmin/argmax).
//! Not reproduced: the sign of a zero result of `max`/`min` when +0.0 and -0.0
//! tie (kiln keeps the later one, as NumPy's loops do for short arrays), and
//! which NaN payload propagates.
//!
//! Invariants: results are fresh C-contiguous arrays; with `keepdims` the
//! reduced axes stay with extent 1; a full reduction gives a 0-d array.

use crate::abi::{dtype, reduce, ArrayView};
use crate::array::{axes_from_mask, entry, fail, for_each_offset, iteration_order, ld, st, value_error, Arr, KResult, Owned};
use crate::copy::{copy_into, to_owned};
use crate::elem::{cast, Bool, Elem};
use crate::{moments, quantile, with_dtype};

/// NumPy's default buffer size (`np.getbufsize()`), in elements.
pub const BUFSIZE: usize = 8192;

/// One axis of a reduction's iteration space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Dim {
    pub len: usize,
    /// Input stride in bytes.
    pub s_in: isize,
    /// Output stride in bytes (0 on reduced axes).
    pub s_out: isize,
    pub red: bool,
}

/// The iteration axes of a reduction, innermost first, merged where NumPy's
/// iterator coalesces them. `out_strides` are the result's byte strides per
/// input axis (ignored on reduced axes).
pub(crate) fn plan(inp: &Arr, red: &[bool], out_strides: &[isize]) -> Vec<Dim> {
    // NumPy gives extent-1 axes a zero stride, which never orders them.
    let strides: Vec<isize> = (0..inp.ndim()).map(|k| if inp.shape[k] == 1 { 0 } else { inp.strides[k] }).collect();
    let mut dims: Vec<Dim> = Vec::new();
    for k in iteration_order(&strides) {
        if inp.shape[k] == 1 {
            continue;
        }
        let d = Dim { len: inp.shape[k], s_in: inp.strides[k], s_out: if red[k] { 0 } else { out_strides[k] }, red: red[k] };
        if let Some(last) = dims.last_mut() {
            if last.red == d.red && last.s_in * last.len as isize == d.s_in && last.s_out * last.len as isize == d.s_out {
                last.len *= d.len;
                continue;
            }
        }
        dims.push(d);
    }
    dims
}

/// How the innermost reduced axes are fed to the add loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Core {
    /// How many innermost axes form one run (`period` elements).
    pub ndims: usize,
    pub period: usize,
    /// Elements per inner-loop call; a run is cut into blocks of this size.
    pub block: usize,
    /// Whether the run is gathered (and cast) into a buffer.
    pub buffered: bool,
}

/// NumPy's choice of inner-loop size for the leading reduced axes `lens`
/// (innermost first): the "cost per element" search of nditer's buffering
/// setup. Without a cast, one unmerged axis is iterated in place; extending
/// the run over a further axis costs a buffer copy, which pays off when the
/// run then reaches at least twice the length. With a cast everything is
/// buffered and runs grow until they exceed the buffer.
pub(crate) fn core_layout(lens: &[usize], cast: bool) -> Core {
    let mut cost: usize = if cast { 2 } else { 1 };
    let mut size = lens[0];
    // (cost, size, core size, last axis)
    let mut best = (cost, size, 1usize, 0usize);
    for (d, &len) in lens.iter().enumerate().skip(1) {
        if size >= BUFSIZE && cost > 1 {
            break;
        }
        if d == 1 && !cast {
            cost += 1;
        }
        let core = size;
        size *= len;
        let limit = if size > BUFSIZE && cost > 1 { BUFSIZE } else { size };
        if cost * best.1 <= best.0 * limit {
            best = (cost, size, core, d);
        }
    }
    let (_, period, core, last) = best;
    let buffered = cast || last > 0;
    let block = if buffered && period > BUFSIZE { core * (BUFSIZE / core) } else { period };
    Core { ndims: last + 1, period, block, buffered }
}

/// Reverses a list given innermost-first into the outer-first order that
/// [`for_each_offset`] expects.
fn outer_first<T: Copy>(v: impl Iterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = v.collect();
    v.reverse();
    v
}

/// The reduction engine: folds the elements of `inp` (element type `I`) into
/// the initialized result `out` (element type `A`, keepdims shape), in
/// NumPy's order. `run(acc, p, n, stride)` folds a run of `n` `A` values into
/// `acc`; `step(acc, x)` folds one value. Values are converted with `cast`
/// when `I != A`.
pub(crate) fn reduce_with<I: Elem, A: Elem>(
    inp: &Arr,
    red: &[bool],
    out: &Arr,
    run: impl Fn(A, *const u8, usize, isize) -> A,
    step: impl Fn(A, A) -> A,
) {
    let cast_needed = I::DTYPE != A::DTYPE;
    let out_strides: Vec<isize> = (0..inp.ndim()).map(|k| if red[k] { 0 } else { out.strides[k] }).collect();
    let dims = plan(inp, red, &out_strides);
    if inp.size() == 0 {
        return;
    }
    let (ip, op) = (inp.data, out.data);
    if dims.is_empty() {
        // A single element.
        // SAFETY: both arrays hold one element at their data pointers.
        unsafe {
            let x: A = cast(ld::<I>(ip));
            st(op, step(ld::<A>(op), x));
        }
        return;
    }
    if dims[0].red {
        let g = dims.iter().take_while(|d| d.red).count();
        let lens: Vec<usize> = dims[..g].iter().map(|d| d.len).collect();
        let core = core_layout(&lens, cast_needed);
        let (cd, rest) = dims.split_at(core.ndims);
        let rshape = outer_first(rest.iter().map(|d| d.len));
        let rin = outer_first(rest.iter().map(|d| d.s_in));
        let rout = outer_first(rest.iter().map(|d| d.s_out));
        if !core.buffered {
            let (n, s) = (cd[0].len, cd[0].s_in);
            for_each_offset(&rshape, [&rin, &rout], |[oi, oo]| unsafe {
                // SAFETY: offsets stay inside both arrays.
                let o = op.offset(oo);
                st(o, run(ld::<A>(o), ip.offset(oi), n, s));
            });
        } else {
            let cshape = outer_first(cd.iter().map(|d| d.len));
            let cin = outer_first(cd.iter().map(|d| d.s_in));
            let mut buf: Vec<A> = Vec::with_capacity(core.block);
            let z = size_of::<A>() as isize;
            for_each_offset(&rshape, [&rin, &rout], |[oi, oo]| unsafe {
                // SAFETY: offsets stay inside both arrays.
                let o = op.offset(oo);
                let base = ip.offset(oi);
                let mut acc = ld::<A>(o);
                for_each_offset(&cshape, [&cin], |[ci]| {
                    buf.push(cast(ld::<I>(base.offset(ci))));
                    if buf.len() == core.block {
                        acc = run(acc, buf.as_ptr() as *const u8, buf.len(), z);
                        buf.clear();
                    }
                });
                if !buf.is_empty() {
                    acc = run(acc, buf.as_ptr() as *const u8, buf.len(), z);
                    buf.clear();
                }
                st(o, acc);
            });
        }
    } else {
        let d0 = dims[0];
        let rest = &dims[1..];
        let rshape = outer_first(rest.iter().map(|d| d.len));
        let rin = outer_first(rest.iter().map(|d| d.s_in));
        let rout = outer_first(rest.iter().map(|d| d.s_out));
        let dense = d0.s_in == size_of::<I>() as isize && d0.s_out == size_of::<A>() as isize;
        for_each_offset(&rshape, [&rin, &rout], |[oi, oo]| unsafe {
            // SAFETY: offsets stay inside both arrays.
            let (i0, o0) = (ip.offset(oi), op.offset(oo));
            if dense && (i0 as usize).is_multiple_of(align_of::<I>()) {
                // Contiguous rows (the result is always aligned): slices, which LLVM vectorizes.
                let xs = std::slice::from_raw_parts(i0 as *const I, d0.len);
                let os = std::slice::from_raw_parts_mut(o0 as *mut A, d0.len);
                for (o, &x) in os.iter_mut().zip(xs) {
                    *o = step(*o, cast(x));
                }
                return;
            }
            for j in 0..d0.len as isize {
                let o = o0.offset(j * d0.s_out);
                let x: A = cast(ld::<I>(i0.offset(j * d0.s_in)));
                st(o, step(ld::<A>(o), x));
            }
        });
    }
}

/// The keepdims shape of a reduction.
pub(crate) fn keep_shape(shape: &[usize], red: &[bool]) -> Vec<usize> {
    shape.iter().zip(red).map(|(&n, &r)| if r { 1 } else { n }).collect()
}

/// The number of elements each result element reduces.
pub(crate) fn reduced_count(shape: &[usize], red: &[bool]) -> usize {
    shape.iter().zip(red).filter(|(_, &r)| r).map(|(&n, _)| n).product()
}

/// `add.reduce(inp, axes, dtype=acc)` with keepdims: NumPy's sum.
pub(crate) fn sum(inp: &Arr, red: &[bool], acc: u8) -> KResult<Owned> {
    let out = Owned::zeros(acc, &keep_shape(&inp.shape, red))?;
    with_dtype!(inp.dtype, |I| with_dtype!(acc, |A| reduce_with::<I, A>(
        inp,
        red,
        &out.arr,
        // SAFETY: the engine passes readable runs.
        |a: A, p, n, s| a.add(unsafe { A::run_sum(p, n, s) }),
        |a: A, x| a.add(x),
    )));
    Ok(out)
}

/// `multiply.reduce`: sequential products in iteration order.
fn prod(inp: &Arr, red: &[bool], acc: u8) -> KResult<Owned> {
    let vec = crate::array::numpy_vector_loop(&inp.shape, &inp.strides);
    let out = Owned::new(acc, &keep_shape(&inp.shape, red))?;
    with_dtype!(acc, |A| unsafe { out.arr_fill::<A>(A::one()) });
    with_dtype!(inp.dtype, |I| with_dtype!(acc, |A| reduce_with::<I, A>(
        inp,
        red,
        &out.arr,
        |mut a: A, p, n, s| {
            for i in 0..n as isize {
                // SAFETY: the engine passes readable runs.
                a = a.mul(unsafe { ld::<A>(p.offset(i * s)) });
            }
            a
        },
        // An elementwise multiply into the result: NumPy's vector loop,
        // unless the input's inner stride is negative (its scalar loop).
        |a: A, x| if vec { a.mul_vec(x) } else { a.mul(x) },
    )));
    Ok(out)
}

/// Reductions that start from the first element (min, max, fmin, fmax) and
/// fold with `step`; computed in the input dtype. `name` is the ufunc's name
/// for NumPy's empty-reduction message.
fn extreme(inp: &Arr, red: &[bool], name: &str, which: Extreme) -> KResult<Owned> {
    // NumPy refuses any reduction over an empty axis, even with an empty result.
    if reduced_count(&inp.shape, red) == 0 {
        return value_error(format!("zero-size array to reduction operation {name} which has no identity"));
    }
    let kshape = keep_shape(&inp.shape, red);
    let out = Owned::new(inp.dtype, &kshape)?;
    if out.size() == 0 {
        return Ok(out);
    }
    // The first element of every reduced slice starts each result.
    copy_into(&out.arr, &inp.with_layout(kshape, inp.strides.clone()));
    with_dtype!(inp.dtype, |T| match which {
        Extreme::Max => fold_extreme::<T>(inp, red, &out.arr, T::max_step),
        Extreme::Min => fold_extreme::<T>(inp, red, &out.arr, T::min_step),
        Extreme::FMax => fold_extreme::<T>(inp, red, &out.arr, T::fmax_step),
        Extreme::FMin => fold_extreme::<T>(inp, red, &out.arr, T::fmin_step),
    });
    Ok(out)
}

/// The engine run of [`extreme`] for one step function. Contiguous runs are
/// of real numbers are folded with 8 independent lanes (vectorizable), then
/// the lanes in order; this only changes which NaN payload or signed zero
/// survives a tie.
fn fold_extreme<T: Elem>(inp: &Arr, red: &[bool], out: &Arr, step: impl Fn(T, T) -> T + Copy) {
    reduce_with::<T, T>(
        inp,
        red,
        out,
        move |mut a: T, p, n, s| {
            let mut i = 0usize;
            // Complex NaNs carry visible parts, so complex runs fold in order.
            if s == size_of::<T>() as isize && n >= 16 && T::KIND != crate::elem::Kind::Complex {
                // SAFETY: indices below n on a readable run.
                let mut lanes: [T; 8] = std::array::from_fn(|k| unsafe { ld::<T>(p.add(k * size_of::<T>())) });
                i = 8;
                while i + 8 <= n {
                    for (k, l) in lanes.iter_mut().enumerate() {
                        // SAFETY: as above.
                        *l = step(*l, unsafe { ld::<T>(p.add((i + k) * size_of::<T>())) });
                    }
                    i += 8;
                }
                for l in lanes {
                    a = step(a, l);
                }
            }
            while i < n {
                // SAFETY: as above.
                a = step(a, unsafe { ld::<T>(p.offset(i as isize * s)) });
                i += 1;
            }
            a
        },
        step,
    )
}

/// `np.max`/`np.min` over the reduced axes, keepdims (for other modules).
pub(crate) fn max_or_min(inp: &Arr, red: &[bool], max: bool) -> KResult<Owned> {
    if max {
        extreme(inp, red, "maximum", Extreme::Max)
    } else {
        extreme(inp, red, "minimum", Extreme::Min)
    }
}

#[derive(Clone, Copy)]
enum Extreme {
    Max,
    Min,
    FMax,
    FMin,
}

/// `any`/`all`: logical or/and over the truth values.
fn logical(inp: &Arr, red: &[bool], all: bool) -> KResult<Owned> {
    let out = Owned::new(dtype::BOOL, &keep_shape(&inp.shape, red))?;
    unsafe { out.arr_fill::<Bool>(Bool::new(all)) };
    let step = move |a: Bool, x: Bool| {
        if all {
            Bool::new(a.get() && x.get())
        } else {
            Bool::new(a.get() || x.get())
        }
    };
    with_dtype!(inp.dtype, |I| reduce_with::<I, Bool>(
        inp,
        red,
        &out.arr,
        |mut a: Bool, p, n, s| {
            for i in 0..n as isize {
                // SAFETY: the engine passes readable runs.
                a = step(a, unsafe { ld::<Bool>(p.offset(i * s)) });
            }
            a
        },
        step,
    ));
    Ok(out)
}

/// argmin/argmax over one axis or the whole (C-order flattened) array.
fn arg_extreme(inp: &Arr, red: &[bool], max: bool) -> KResult<Owned> {
    let nred = red.iter().filter(|&&r| r).count();
    let name = if max { "argmax" } else { "argmin" };
    let kshape = keep_shape(&inp.shape, red);
    // The values to scan for each result element: one axis, or everything.
    let (lines, len, stride): (Arr, usize, isize) = if nred == inp.ndim() {
        let (flat, keep) = crate::copy::contiguous(inp, inp.dtype)?;
        if flat.size() == 0 {
            return value_error(format!("attempt to get {name} of an empty sequence"));
        }
        let n = flat.size();
        let out = Owned::new(dtype::INT64, &kshape)?;
        let idx = with_dtype!(inp.dtype, |T| unsafe { arg_line::<T>(flat.data, n, flat.itemsize() as isize, max) });
        drop(keep);
        unsafe { st(out.data(), idx as i64) };
        return Ok(out);
    } else if nred == 1 {
        let axis = red.iter().position(|&r| r).unwrap();
        (inp.with_layout(kshape.clone(), inp.strides.clone()), inp.shape[axis], inp.strides[axis])
    } else {
        return value_error(format!("{name} over several axes is not supported (only one axis or all axes)"));
    };
    if len == 0 {
        return value_error(format!("attempt to get {name} of an empty sequence"));
    }
    let out = Owned::new(dtype::INT64, &kshape)?;
    if out.size() == 0 {
        return Ok(out);
    }
    let ostr = out.arr.strides.clone();
    with_dtype!(inp.dtype, |T| for_each_offset(&lines.shape, [&lines.strides, &ostr], |[oi, oo]| unsafe {
        // SAFETY: offsets stay inside both arrays.
        let i = arg_line::<T>(lines.data.offset(oi), len, stride, max);
        st(out.data().offset(oo), i as i64);
    }));
    Ok(out)
}

/// NumPy's `argmax`/`argmin` of one line: the first extreme value, or the
/// first NaN (which wins).
///
/// # Safety
/// `p` is valid for `n >= 1` reads at `stride`.
unsafe fn arg_line<T: Elem>(p: *const u8, n: usize, stride: isize, max: bool) -> usize {
    // SAFETY: indices below n.
    let at = |i: usize| unsafe { ld::<T>(p.offset(i as isize * stride)) };
    let mut best = at(0);
    if best.isnan() {
        return 0;
    }
    let mut bi = 0;
    for i in 1..n {
        let x = at(i);
        if x.isnan() {
            return i;
        }
        let better = if max { best.sort_lt(x) } else { x.sort_lt(best) };
        if better {
            best = x;
            bi = i;
        }
    }
    bi
}

impl Owned {
    /// Fills every element with `v`.
    ///
    /// # Safety
    /// `T` is the element type of the array's dtype.
    pub(crate) unsafe fn arr_fill<T: Elem>(&self, v: T) {
        let n = self.size();
        for i in 0..n {
            // SAFETY: a fresh C-contiguous buffer of n elements.
            unsafe { st(self.data().add(i * size_of::<T>()), v) };
        }
    }
}

/// The result in its final form: converted to `dtype` when needed, and the
/// reduced axes dropped unless `keepdims`.
pub(crate) fn finish(res: Owned, red: &[bool], keepdims: bool, dtype: u8) -> KResult<Owned> {
    let res = if res.arr.dtype != dtype { to_owned(&res.arr, dtype)? } else { res };
    if keepdims {
        return Ok(res);
    }
    let shape: Vec<usize> = res.arr.shape.iter().zip(red).filter(|(_, &r)| !r).map(|(&n, _)| n).collect();
    Ok(res.reshaped(&shape))
}

/// `kiln_reduce(kind, in, axes mask, keepdims, out dtype, ddof, out)`.
///
/// # Safety
/// `inp` is a valid input view; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_reduce(
    kind: i32,
    inp: *const ArrayView,
    axes: i64,
    keepdims: i32,
    out_dtype: i32,
    ddof: i64,
    out: *mut ArrayView,
) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let a = unsafe { Arr::from_view(inp) }?;
        let red = axes_from_mask(axes, a.ndim())?;
        let od = match u8::try_from(out_dtype) {
            Ok(d) if crate::elem::is_dtype(d) => d,
            _ => return fail(crate::abi::exc::SYSTEM_ERROR, format!("kiln runtime: bad dtype {out_dtype}")),
        };
        let res = reduce_kind(kind, &a, &red, od, ddof)?;
        let res = finish(res, &red, keepdims != 0, od)?;
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

/// Dispatches one reduction kind; the result has the keepdims shape.
fn reduce_kind(kind: i32, a: &Arr, red: &[bool], od: u8, ddof: i64) -> KResult<Owned> {
    match kind {
        reduce::SUM => sum(a, red, od),
        reduce::PROD => prod(a, red, od),
        reduce::MAX => extreme(a, red, "maximum", Extreme::Max),
        reduce::MIN => extreme(a, red, "minimum", Extreme::Min),
        // np.nanmin/nanmax are fmin/fmax reductions for every dtype.
        reduce::NANMAX => extreme(a, red, "fmax", Extreme::FMax),
        reduce::NANMIN => extreme(a, red, "fmin", Extreme::FMin),
        reduce::ANY => logical(a, red, false),
        reduce::ALL => logical(a, red, true),
        reduce::ARGMAX => arg_extreme(a, red, true),
        reduce::ARGMIN => arg_extreme(a, red, false),
        reduce::MEAN => moments::mean(a, red, od),
        reduce::VAR => moments::var(a, red, od, ddof, false),
        reduce::STD => moments::var(a, red, od, ddof, true),
        reduce::NANSUM => moments::nansum(a, red, od),
        reduce::NANMEAN => moments::nanmean(a, red, od),
        reduce::MEDIAN => quantile::median(a, red),
        _ => fail(crate::abi::exc::SYSTEM_ERROR, format!("kiln runtime: unknown reduction kind {kind}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::testutil::*;
    use crate::elem::C64;

    pub(crate) fn run_reduce<T: Elem, R: Elem>(kind: i32, v: &ArrayView, axes: i64, keepdims: bool, ddof: i64) -> (Vec<usize>, Vec<R>) {
        let mut out = empty();
        let rc = unsafe { kiln_reduce(kind, v, axes, keepdims as i32, R::DTYPE as i32, ddof, &mut out) };
        if rc != 0 {
            panic!("reduce failed: {:?}", crate::error::take());
        }
        let _ = T::DTYPE;
        take::<R>(&out)
    }

    #[test]
    fn core_layout_follows_numpy() {
        // One contiguous run: in place, whole.
        let c = core_layout(&[1000], false);
        assert_eq!((c.ndims, c.period, c.block, c.buffered), (1, 1000, 1000, false));
        // Rows of 100 that do not merge: buffered blocks of 8100.
        let c = core_layout(&[100, 300], false);
        assert_eq!((c.ndims, c.period, c.block, c.buffered), (2, 30000, 8100, true));
        // Rows longer than half a buffer stay in place.
        let c = core_layout(&[10000, 3], false);
        assert_eq!((c.ndims, c.block, c.buffered), (1, 10000, false));
        // A cast always buffers, in blocks of 8192.
        let c = core_layout(&[30000], true);
        assert_eq!((c.ndims, c.block, c.buffered), (1, 8192, true));
    }

    #[test]
    fn float_sums_match_numpy_bits() {
        // x = data(60000).reshape(300, 200); expected bits from NumPy 2.4.
        let x = crate::pairwise::tests::data(60000);
        let v = view(&x, &[300, 200]);
        let v0 = view(&x, &[300, 200]);
        let p = x.as_ptr() as *mut u8;
        let cases: Vec<(ArrayView, &str, u64)> = vec![
            (v0, "full", 0),
            (view_strided(p, 10, &[300, 100], &[1600, 16]), "colskip", 0),
            (view_strided(p, 10, &[150, 200], &[3200, 8]), "rowskip", 0),
            (view_strided(unsafe { p.add(299 * 1600) }, 10, &[300, 200], &[-1600, 8]), "rev", 0),
            (view_strided(p, 10, &[200, 300], &[8, 1600]), "T", 0),
        ];
        let expect = expected_sums();
        for (v, name, _) in cases {
            let (shape, got) = run_reduce::<f64, f64>(reduce::SUM, &v, -1, false, 0);
            assert!(shape.is_empty());
            assert_eq!(got[0].to_bits(), expect[name], "{name}: {:e}", got[0]);
        }
        // Axis sums: checksums of the bit patterns.
        for (axes, name) in [(2i64, "ax1"), (1, "ax0")] {
            let (_, got) = run_reduce::<f64, f64>(reduce::SUM, &v, axes, false, 0);
            let ck = got.iter().fold(0u64, |a, x| a.wrapping_mul(31).wrapping_add(x.to_bits()));
            assert_eq!(ck, expect[name], "{name}");
        }
        // float32 summed as float64 (a cast: 8192-element blocks).
        let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
        let v32 = view(&x32, &[60000]);
        let (_, got) = run_reduce::<f32, f64>(reduce::SUM, &v32, -1, false, 0);
        assert_eq!(got[0].to_bits(), expect["f32asf64"]);
        let (_, got) = run_reduce::<f32, f32>(reduce::SUM, &v32, -1, false, 0);
        assert_eq!(got[0].to_bits() as u64, expect["f32"]);
    }

    fn expected_sums() -> std::collections::HashMap<&'static str, u64> {
        // From NumPy 2.4, with x = data(60000).reshape(300, 200):
        //   full: np.sum(x), colskip: np.sum(x[:, ::2]), rowskip: np.sum(x[::2]),
        //   rev: np.sum(x[::-1]), T: np.sum(x.T),
        //   ax1/ax0: fold(31*a + bits) over np.sum(x, axis=1/0),
        //   f32asf64: np.sum(x.ravel().astype(f32), dtype=f64), f32: np.sum(... f32)
        EXPECTED.iter().copied().collect()
    }

    const EXPECTED: [(&str, u64); 9] = [
        ("full", 0x40f2_1e2c_8ded_5ec6),
        ("colskip", 0x40e2_805b_e4b3_85b0),
        ("rowskip", 0x40e0_97f0_540f_af9e),
        ("rev", 0x40f2_1e2c_8ded_5eb3),
        ("T", 0x40f2_1e2c_8ded_5ec6),
        ("ax1", 0x8497_2e89_3aca_20cd),
        ("ax0", 0xc917_3df8_dd94_6d47),
        ("f32asf64", 0x40f2_1e2c_38e3_0ebd),
        ("f32", 0x4790_f1d2),
    ];

    #[test]
    fn extremes_and_logicals() {
        let x = [3.0f64, f64::NAN, -1.0, 7.0, 2.0, f64::NAN];
        let v = view(&x, &[2, 3]);
        let (_, m) = run_reduce::<f64, f64>(reduce::MAX, &v, -1, false, 0);
        assert!(m[0].is_nan());
        let (_, m) = run_reduce::<f64, f64>(reduce::NANMAX, &v, 2, false, 0);
        assert_eq!(m, [3.0, 7.0]);
        let (s, m) = run_reduce::<f64, f64>(reduce::NANMIN, &v, 1, true, 0);
        assert_eq!((s, m), (vec![1, 3], vec![3.0, 2.0, -1.0]));
        let (_, i) = run_reduce::<f64, i64>(reduce::ARGMAX, &v, -1, false, 0);
        assert_eq!(i, [1]);
        let (s, i) = run_reduce::<f64, i64>(reduce::ARGMIN, &v, 2, true, 0);
        assert_eq!((s, i), (vec![2, 1], vec![1, 2]));
        let (_, i) = run_reduce::<f64, i64>(reduce::ARGMIN, &view(&[4.0f64, 1.0, 1.0, 9.0], &[2, 2]), 1, false, 0);
        assert_eq!(i, [1, 0]);
        let (_, b) = run_reduce::<f64, Bool>(reduce::ANY, &v, 2, false, 0);
        assert_eq!(b, [Bool::TRUE, Bool::TRUE]);
        let z = [0i32, 0, 5, 0];
        let (_, b) = run_reduce::<i32, Bool>(reduce::ALL, &view(&z, &[2, 2]), 1, false, 0);
        assert_eq!(b, [Bool::FALSE, Bool::FALSE]);
        let (_, s) = run_reduce::<i32, i64>(reduce::SUM, &view(&z, &[2, 2]), -1, false, 0);
        assert_eq!(s, [5]);
        let (_, p) = run_reduce::<i32, i64>(reduce::PROD, &view(&[2i32, 3, 4], &[3]), -1, false, 0);
        assert_eq!(p, [24]);
        // Signed zeros: the later of two equal values wins, as NumPy.
        let (_, m) = run_reduce::<f64, f64>(reduce::MAX, &view(&[0.0f64, -0.0], &[2]), -1, false, 0);
        assert!(m[0].is_sign_negative());
        // Complex: lexicographic; NaN in either part wins argmax.
        let c = [C64::new(1.0, 1.0), C64::new(1.0, f64::NAN), C64::new(3.0, 0.0)];
        let (_, i) = run_reduce::<C64, i64>(reduce::ARGMAX, &view(&c, &[3]), -1, false, 0);
        assert_eq!(i, [1]);
        let c = [C64::new(1.0, 1.0), C64::new(1.0, 2.0), C64::new(0.0, 9.0)];
        let (_, m) = run_reduce::<C64, C64>(reduce::MAX, &view(&c, &[3]), -1, false, 0);
        assert_eq!(m, [C64::new(1.0, 2.0)]);
    }

    /// Runs many entry points, on success and error paths, and checks that
    /// every buffer they allocate is freed (results are released by `take`).
    #[test]
    fn no_leaks_on_any_path() {
        use crate::abi::scan as sk;
        let x: Vec<f64> = crate::pairwise::tests::data(600);
        let ints: Vec<i64> = (0..600).map(|i| (i * 37) % 11 - 5).collect();
        let run = || {
            let v = view(&x, &[20, 30]);
            let vi = view(&ints, &[20, 30]);
            for kind in 0..16 {
                for axes in [-1i64, 1, 2] {
                    let mut out = empty();
                    let od = if kind == reduce::ARGMIN || kind == reduce::ARGMAX {
                        4
                    } else if kind == reduce::ANY || kind == reduce::ALL {
                        0
                    } else {
                        10
                    };
                    if unsafe { kiln_reduce(kind, &v, axes, 1, od, 1, &mut out) } == 0 {
                        let _ = take::<u8>(&ArrayView { dtype: 5, ..raw_bytes(&out) });
                    } else {
                        pending();
                    }
                }
            }
            let mut out = empty();
            // Failing calls leave nothing behind.
            assert_eq!(unsafe { kiln_reduce(reduce::SUM, &v, 8, 0, 10, 0, &mut out) }, 1);
            pending();
            assert_eq!(unsafe { crate::scan::kiln_scan(sk::CUMSUM, &vi, 1, 4, &mut out) }, 0);
            take::<i64>(&out);
            assert_eq!(unsafe { crate::sort::kiln_argsort(&v, 0, &mut out) }, 0);
            take::<i64>(&out);
            assert_eq!(unsafe { crate::sort::kiln_unique(&vi, &mut out) }, 0);
            take::<i64>(&out);
            assert_eq!(unsafe { crate::linalg::kiln_dot(&v, &view(&x[..30], &[30]), &mut out) }, 0);
            take::<f64>(&out);
            assert_eq!(unsafe { crate::linalg::kiln_matmul(&v, &v, &mut out) }, 1);
            pending();
            let views = [view(&x[..6], &[2, 3]), view(&ints[..4], &[2, 2])];
            assert_eq!(unsafe { crate::shape::kiln_concatenate(views.as_ptr(), 2, 0, &mut out) }, 1);
            pending();
            let q = [10.0f64, 90.0];
            assert_eq!(unsafe { crate::quantile::kiln_percentile(&v, &view(&q, &[2]), 2, 0, &mut out) }, 0);
            take::<f64>(&out);
        };
        run(); // warm up lazily created state (thread-locals, caches)
        let before = crate::array::testutil::live_bytes();
        run();
        assert_eq!(crate::array::testutil::live_bytes(), before, "bytes leaked");
    }

    /// A result view re-labelled as raw bytes of its full size (for `take`).
    fn raw_bytes(v: &ArrayView) -> ArrayView {
        let n: i64 = v.shape[..v.ndim as usize].iter().product::<i64>() * crate::abi::dtype::itemsize(v.dtype) as i64;
        let mut r = view_strided(v.data, 5, &[n as usize], &[1]);
        r.owner = v.owner;
        r
    }

    #[test]
    fn errors_match_numpy() {
        let e: [f64; 0] = [];
        let mut out = empty();
        let v = view(&e, &[0]);
        let rc = unsafe { kiln_reduce(reduce::MAX, &v, -1, 0, 10, 0, &mut out) };
        assert_value_error(rc, "zero-size array to reduction operation maximum which has no identity");
        let rc = unsafe { kiln_reduce(reduce::NANMIN, &v, -1, 0, 10, 0, &mut out) };
        assert_value_error(rc, "zero-size array to reduction operation fmin which has no identity");
        let rc = unsafe { kiln_reduce(reduce::ARGMAX, &v, -1, 0, 4, 0, &mut out) };
        assert_value_error(rc, "attempt to get argmax of an empty sequence");
        let v2 = view(&e, &[0, 3]);
        let rc = unsafe { kiln_reduce(reduce::MIN, &v2, 1, 0, 10, 0, &mut out) };
        assert_value_error(rc, "zero-size array to reduction operation minimum which has no identity");
        // An empty result is fine.
        let (s, _) = run_reduce::<f64, f64>(reduce::MIN, &v2, 2, false, 0);
        assert_eq!(s, [0]);
        let x = [1.0f64; 4];
        let rc = unsafe { kiln_reduce(reduce::SUM, &view(&x, &[2, 2]), 4, 0, 10, 0, &mut out) };
        assert_value_error(rc, "axis 2 is out of bounds for array of dimension 2");
        // Empty sums are the identity.
        let (_, s) = run_reduce::<f64, f64>(reduce::SUM, &v2, 1, false, 0);
        assert_eq!(s, [0.0; 3]);
        let (_, s) = run_reduce::<f64, f64>(reduce::PROD, &v2, 1, false, 0);
        assert_eq!(s, [1.0; 3]);
    }
}
