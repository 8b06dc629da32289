//! Linear algebra: `kiln_dot`, `kiln_matmul`, `kiln_vdot`, `kiln_inner`,
//! `kiln_outer` and `kiln_norm`, with NumPy's shape rules, result dtypes and
//! messages.
//!
//! Matrix products of float and complex arrays run on `faer` (its AVX2 /
//! AVX-512 kernels are picked at run time); integer and bool products use
//! plain loops with NumPy's wrapping arithmetic (bool: or of ands).
//!
//! Exactness: integer and bool products, `outer`, and the axis norms
//! (`ord` None/2/1/inf/-inf along one axis, 'fro' over two) are bit-identical
//! to NumPy (the norms use the pairwise-summing reduction engine on the same
//! intermediates NumPy builds). Float matrix products and the whole-array
//! 2-norm (NumPy: BLAS `dot`) differ from NumPy's OpenBLAS in rounding only;
//! the matrix 2-norm and nuclear norm (singular values, faer's SVD vs
//! LAPACK) likewise.
//!
//! Threading: faer itself always runs sequentially (`Par::Seq`). Products
//! take a [`Threads`] count; large float products (at least 2**22
//! multiply-adds) are split into that many row (or column) blocks of the
//! result, each computed by faer on one pool thread. The count comes
//! from [`default_threads`] (`KILN_NUM_THREADS`, `OMP_NUM_THREADS`, CPUs),
//! and the blocks run on the runtime's thread pool (`pool.rs`).
//!
//! Invariants: results are fresh C-contiguous arrays; inputs are never
//! written; operands that faer cannot address (misaligned data, strides not
//! a multiple of the element size) are copied first.

use crate::abi::{dtype, exc, ArrayView};
use crate::array::{axes_from_mask, entry, fail, for_each_offset, ld, shape_str, st, value_error, Arr, KResult, Owned};
use crate::copy::{contiguous, to_owned};
use crate::elem::{cast, kind_of, promote, real_dtype, Bool, Elem, Kind, C32, C64};
use crate::reduce::{finish, keep_shape, sum};
use crate::with_dtype;

/// How many threads a product may use (see the module docs).
#[derive(Clone, Copy, Debug)]
pub struct Threads(pub usize);

/// Products below this many multiply-adds run on the calling thread only:
/// starting a helper thread costs tens of microseconds.
const PARALLEL_MIN_WORK: usize = 1 << 22;

/// The thread count for products (the pool's, see `pool::num_threads`).
pub fn default_threads() -> Threads {
    Threads(crate::pool::num_threads())
}

/// Runs `f(lo, hi)` over `0..n` split into `parts` contiguous chunks (sizes
/// rounded up to a multiple of `align`) on the runtime's thread pool.
fn split_run(n: usize, parts: usize, align: usize, f: impl Fn(usize, usize) + Sync) {
    let parts = parts.clamp(1, n.max(1));
    let chunk = n.div_ceil(parts).next_multiple_of(align.max(1));
    let count = n.div_ceil(chunk.max(1)).max(1);
    crate::pool::run_parts(count, &|k| {
        let lo = k * chunk;
        let hi = (lo + chunk).min(n);
        if lo < hi || n == 0 {
            f(lo, hi);
        }
    });
}

/// A strided matrix operand: pointer, rows, columns, row and column strides
/// in bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mat {
    pub p: *mut u8,
    pub rows: usize,
    pub cols: usize,
    pub rs: isize,
    pub cs: isize,
}

// SAFETY: a `Mat` only describes memory; the threads of one product write
// disjoint blocks of C and only read A and B.
unsafe impl Send for Mat {}
// SAFETY: as above.
unsafe impl Sync for Mat {}

impl Mat {
    fn t(self) -> Mat {
        Mat { rows: self.cols, cols: self.rows, rs: self.cs, cs: self.rs, ..self }
    }
}

/// Element types with a matrix product `C = A B` (overwriting C).
pub(crate) trait Gemm: Elem {
    /// # Safety
    /// The three matrices are valid for their shapes and strides; `c` does
    /// not overlap `a` or `b`.
    unsafe fn gemm(c: Mat, a: Mat, b: Mat, threads: Threads) {
        // Plain loops: each C[i, j] sums over p in order (NumPy's order).
        for i in 0..c.rows as isize {
            for j in 0..c.cols as isize {
                let mut acc = Self::zero();
                for q in 0..a.cols as isize {
                    // SAFETY: indices inside the matrices.
                    unsafe {
                        let x: Self = ld(a.p.offset(i * a.rs + q * a.cs));
                        let y: Self = ld(b.p.offset(q * b.rs + j * b.cs));
                        acc = acc.add(x.mul(y));
                    }
                }
                // SAFETY: inside C.
                unsafe { st(c.p.offset(i * c.rs + j * c.cs), acc) };
            }
        }
        let _ = threads;
    }
}

macro_rules! loop_gemm {
    ($($t:ty),*) => { $( impl Gemm for $t {} )* };
}
loop_gemm!(Bool, i8, i16, i32, i64, u8, u16, u32, u64);

/// Whether faer can address `m` as a matrix of `T` in place.
fn faer_ok<T>(m: &Mat) -> bool {
    let z = size_of::<T>() as isize;
    (m.p as usize).is_multiple_of(align_of::<T>()) && m.rs % z == 0 && m.cs % z == 0
}

/// A contiguous copy of a strided matrix of `T` (row-major).
unsafe fn compact<T: Elem>(m: &Mat) -> (Vec<T>, Mat) {
    let mut v: Vec<T> = Vec::with_capacity(m.rows * m.cols);
    for i in 0..m.rows as isize {
        for j in 0..m.cols as isize {
            // SAFETY: inside the matrix.
            v.push(unsafe { ld(m.p.offset(i * m.rs + j * m.cs)) });
        }
    }
    let z = size_of::<T>() as isize;
    let mat = Mat { p: v.as_mut_ptr() as *mut u8, rows: m.rows, cols: m.cols, rs: m.cols as isize * z, cs: z };
    (v, mat)
}

macro_rules! faer_gemm {
    ($($t:ty),*) => { $(
        impl Gemm for $t {
            unsafe fn gemm(c: Mat, a: Mat, b: Mat, threads: Threads) {
                let z = size_of::<$t>() as isize;
                if a.cols == 0 {
                    for i in 0..c.rows as isize {
                        for j in 0..c.cols as isize {
                            // SAFETY: inside C.
                            unsafe { st(c.p.offset(i * c.rs + j * c.cs), <$t>::zero()) };
                        }
                    }
                    return;
                }
                if !faer_ok::<$t>(&a) || !faer_ok::<$t>(&b) {
                    // SAFETY: forwarded; the copies are valid contiguous matrices.
                    unsafe {
                        let (_va, ma) = compact::<$t>(&a);
                        let (_vb, mb) = compact::<$t>(&b);
                        return <$t as Gemm>::gemm(c, ma, mb, threads);
                    }
                }
                if !faer_ok::<$t>(&c) {
                    let mut tmp: Vec<$t> = vec![<$t>::zero(); c.rows * c.cols];
                    let mt = Mat { p: tmp.as_mut_ptr() as *mut u8, rows: c.rows, cols: c.cols, rs: c.cols as isize * z, cs: z };
                    // SAFETY: forwarded; `mt` is a valid contiguous matrix.
                    unsafe { <$t as Gemm>::gemm(mt, a, b, threads) };
                    for i in 0..c.rows {
                        for j in 0..c.cols {
                            // SAFETY: inside C.
                            unsafe { st(c.p.offset(i as isize * c.rs + j as isize * c.cs), tmp[i * c.cols + j]) };
                        }
                    }
                    return;
                }
                // Large products are split into row blocks of C (column
                // blocks when C is wide) over threads, each running faer
                // sequentially.
                let work = c.rows * c.cols * a.cols;
                let parts = if work >= PARALLEL_MIN_WORK { threads.0 } else { 1 };
                let by_rows = c.rows >= c.cols;
                let n = if by_rows { c.rows } else { c.cols };
                split_run(n, parts, 16, |lo, hi| {
                    let (mut cc, mut aa, mut bb) = (c, a, b);
                    let (lo_i, len) = (lo as isize, hi - lo);
                    if by_rows {
                        cc.p = c.p.wrapping_offset(lo_i * c.rs);
                        aa.p = a.p.wrapping_offset(lo_i * a.rs);
                        cc.rows = len;
                        aa.rows = len;
                    } else {
                        cc.p = c.p.wrapping_offset(lo_i * c.cs);
                        bb.p = b.p.wrapping_offset(lo_i * b.cs);
                        cc.cols = len;
                        bb.cols = len;
                    }
                    // SAFETY: aligned, element-multiple strides, valid
                    // extents; the blocks of C are disjoint.
                    unsafe {
                        let am = faer::MatRef::<$t>::from_raw_parts(aa.p as *const $t, aa.rows, aa.cols, aa.rs / z, aa.cs / z);
                        let bm = faer::MatRef::<$t>::from_raw_parts(bb.p as *const $t, bb.rows, bb.cols, bb.rs / z, bb.cs / z);
                        let cm = faer::MatMut::<$t>::from_raw_parts_mut(cc.p as *mut $t, cc.rows, cc.cols, cc.rs / z, cc.cs / z);
                        faer::linalg::matmul::matmul(cm, faer::Accum::Replace, am, bm, <$t>::one(), faer::Par::Seq);
                    }
                });
            }
        }
    )* };
}
faer_gemm!(f32, f64, C32, C64);

/// `a` and `b` converted to their common dtype (copies only when needed).
fn common(a: &Arr, b: &Arr) -> KResult<(u8, Arr, Arr, Vec<Owned>)> {
    let dt = promote(a.dtype, b.dtype);
    let mut keep = Vec::new();
    let mut conv = |x: &Arr| -> KResult<Arr> {
        if x.dtype == dt {
            Ok(x.clone())
        } else {
            let o = to_owned(x, dt)?;
            let r = o.arr.clone();
            keep.push(o);
            Ok(r)
        }
    };
    let (a2, b2) = (conv(a)?, conv(b)?);
    Ok((dt, a2, b2, keep))
}

/// `a` (N-D) as a (rows x last-extent) matrix: its leading axes merged,
/// copying when they do not merge.
fn as_rows(a: &Arr, keep: &mut Vec<Owned>) -> KResult<Mat> {
    let nd = a.ndim();
    let k = a.shape[nd - 1];
    if nd == 1 {
        return Ok(Mat { p: a.data, rows: 1, cols: k, rs: 0, cs: a.strides[0] });
    }
    if nd == 2 {
        return Ok(Mat { p: a.data, rows: a.shape[0], cols: k, rs: a.strides[0], cs: a.strides[1] });
    }
    let (c, o) = contiguous(a, a.dtype)?;
    keep.extend(o);
    let z = c.itemsize() as isize;
    Ok(Mat { p: c.data, rows: a.shape[..nd - 1].iter().product(), cols: k, rs: k as isize * z, cs: z })
}

/// Elementwise product with a 0-d operand (`dot`/`inner` of a scalar).
fn scalar_product(a: &Arr, b: &Arr) -> KResult<Owned> {
    let (dt, a, b, _keep) = common(a, b)?;
    let (s, x) = if a.ndim() == 0 { (&a, &b) } else { (&b, &a) };
    let res = to_owned(x, dt)?;
    with_dtype!(dt, |T| {
        // SAFETY: a 0-d array has one element; the result is contiguous T.
        let sv: T = unsafe { ld(s.data) };
        let first = a.ndim() == 0;
        for i in 0..res.size() {
            unsafe {
                let p = res.data().add(i * size_of::<T>());
                let v: T = ld(p);
                st(p, if first { sv.mul_vec(v) } else { v.mul_vec(sv) });
            }
        }
    });
    Ok(res)
}

fn not_aligned<T>(a: &[usize], b: &[usize], ka: usize, da: usize, kb: usize, db: usize) -> KResult<T> {
    value_error(format!("shapes {} and {} not aligned: {ka} (dim {da}) != {kb} (dim {db})", shape_str(a), shape_str(b)))
}

/// `np.dot(a, b)`.
pub(crate) fn dot(a: &Arr, b: &Arr, threads: Threads) -> KResult<Owned> {
    if a.ndim() == 0 || b.ndim() == 0 {
        return scalar_product(a, b);
    }
    let (na, nb) = (a.ndim(), b.ndim());
    let ka = a.shape[na - 1];
    let mdim = nb.saturating_sub(2);
    let kb = b.shape[mdim];
    if ka != kb {
        return not_aligned(&a.shape, &b.shape, ka, na - 1, kb, mdim);
    }
    let (dt, a, b, mut keep) = common(a, b)?;
    let am = as_rows(&a, &mut keep)?;
    let mut shape: Vec<usize> = a.shape[..na - 1].to_vec();
    if nb >= 2 {
        shape.extend_from_slice(&b.shape[..nb - 2]);
        shape.push(b.shape[nb - 1]);
    }
    let res = Owned::new(dt, &shape)?;
    let z = res.arr.itemsize() as isize;
    if nb == 1 {
        let bm = Mat { p: b.data, rows: kb, cols: 1, rs: b.strides[0], cs: 0 };
        let cm = Mat { p: res.data(), rows: am.rows, cols: 1, rs: z, cs: z };
        with_gemm(dt, cm, am, bm, threads);
        return Ok(res);
    }
    let n = b.shape[nb - 1];
    let q: usize = b.shape[..nb - 2].iter().product();
    let bstr = b.strides[..nb - 2].to_vec();
    let mut qi = 0usize;
    for_each_offset(&b.shape[..nb - 2], [&bstr], |[ob]| {
        let bm = Mat { p: b.data.wrapping_offset(ob), rows: kb, cols: n, rs: b.strides[nb - 2], cs: b.strides[nb - 1] };
        let cm =
            Mat { p: res.data().wrapping_offset(qi as isize * n as isize * z), rows: am.rows, cols: n, rs: (q * n) as isize * z, cs: z };
        with_gemm(dt, cm, am, bm, threads);
        qi += 1;
    });
    Ok(res)
}

/// Dispatches a product on the dtype.
fn with_gemm(dt: u8, c: Mat, a: Mat, b: Mat, threads: Threads) {
    if c.rows == 0 || c.cols == 0 {
        return;
    }
    // SAFETY: callers build the matrices from live arrays of dtype `dt`.
    with_dtype!(dt, |T| unsafe { <T as Gemm>::gemm(c, a, b, threads) })
}

/// `np.matmul(a, b)`.
pub(crate) fn matmul(a: &Arr, b: &Arr, threads: Threads) -> KResult<Owned> {
    const SIG: &str = "(n?,k),(k,m?)->(n?,m?)";
    for (i, x) in [a, b].iter().enumerate() {
        if x.ndim() == 0 {
            return value_error(format!(
                "matmul: Input operand {i} does not have enough dimensions (has 0, gufunc core \
                 with signature {SIG} requires 1)"
            ));
        }
    }
    let (na, nb) = (a.ndim(), b.ndim());
    let (a1, b1) = (na == 1, nb == 1);
    let (n, ka) = if a1 { (1, a.shape[0]) } else { (a.shape[na - 2], a.shape[na - 1]) };
    let (kb, m) = if b1 { (b.shape[0], 1) } else { (b.shape[nb - 2], b.shape[nb - 1]) };
    if ka != kb {
        return value_error(format!(
            "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc \
             signature {SIG} (size {kb} is different from {ka})"
        ));
    }
    let ba = if a1 { &[][..] } else { &a.shape[..na - 2] };
    let bb = if b1 { &[][..] } else { &b.shape[..nb - 2] };
    let nbatch = ba.len().max(bb.len());
    let mut batch = vec![0usize; nbatch];
    let mut sa = vec![0isize; nbatch];
    let mut sb = vec![0isize; nbatch];
    for k in 0..nbatch {
        let da = (k + ba.len()).checked_sub(nbatch).map(|i| ba[i]);
        let db = (k + bb.len()).checked_sub(nbatch).map(|i| bb[i]);
        let d = match (da, db) {
            (Some(x), Some(y)) if x == y || y == 1 => x,
            (Some(1), Some(y)) => y,
            (Some(x), None) => x,
            (None, Some(y)) => y,
            _ => {
                let remap = |s: &[usize], b: &[usize]| {
                    let mut parts: Vec<String> = b.iter().map(|d| d.to_string()).collect();
                    parts.push("newaxis".into());
                    parts.push("newaxis".into());
                    format!("{}->({})", shape_str(s), parts.join(","))
                };
                return value_error(format!(
                    "operands could not be broadcast together with remapped shapes \
                     [original->remapped]: {} {}  and requested shape ({n},{m})",
                    remap(&a.shape, ba),
                    remap(&b.shape, bb)
                ));
            }
        };
        batch[k] = d;
        if let Some(i) = (k + ba.len()).checked_sub(nbatch) {
            if ba[i] != 1 {
                sa[k] = a.strides[i];
            }
        }
        if let Some(i) = (k + bb.len()).checked_sub(nbatch) {
            if bb[i] != 1 {
                sb[k] = b.strides[i];
            }
        }
    }
    let (dt, a, b, _keep) = common(a, b)?;
    let mut shape = batch.clone();
    if !a1 {
        shape.push(n);
    }
    if !b1 {
        shape.push(m);
    }
    let res = Owned::new(dt, &shape)?;
    let z = res.arr.itemsize() as isize;
    let amat = |p: *mut u8| {
        if a1 {
            Mat { p, rows: 1, cols: ka, rs: 0, cs: a.strides[0] }
        } else {
            Mat { p, rows: n, cols: ka, rs: a.strides[na - 2], cs: a.strides[na - 1] }
        }
    };
    let bmat = |p: *mut u8| {
        if b1 {
            Mat { p, rows: kb, cols: 1, rs: b.strides[0], cs: 0 }
        } else {
            Mat { p, rows: kb, cols: m, rs: b.strides[nb - 2], cs: b.strides[nb - 1] }
        }
    };
    let block = (n * m) as isize * z;
    let mut i = 0isize;
    for_each_offset(&batch, [&sa, &sb], |[oa, ob]| {
        let cm = Mat { p: res.data().wrapping_offset(i * block), rows: n, cols: m, rs: m as isize * z, cs: z };
        with_gemm(dt, cm, amat(a.data.wrapping_offset(oa)), bmat(b.data.wrapping_offset(ob)), threads);
        i += 1;
    });
    Ok(res)
}

/// `np.vdot(a, b)`: the conjugated dot product of the flattened arrays.
fn vdot(a: &Arr, b: &Arr, threads: Threads) -> KResult<Owned> {
    if a.size() != b.size() {
        return value_error(format!("cannot reshape array of size {} into shape ({},)", b.size(), a.size()));
    }
    let (dt, a, b, _keep) = common(a, b)?;
    let n = a.size();
    let ac = to_owned(&a, dt)?.reshaped(&[n]);
    if kind_of(dt) == Kind::Complex {
        with_dtype!(dt, |T| {
            for i in 0..n {
                // SAFETY: contiguous complex array.
                unsafe {
                    let p = ac.data().add(i * size_of::<T>());
                    st(p, conj(ld::<T>(p)));
                }
            }
        });
    }
    let (bc, _kb) = contiguous(&b, dt)?;
    let res = Owned::new(dt, &[])?;
    let z = res.arr.itemsize() as isize;
    let am = Mat { p: ac.data(), rows: 1, cols: n, rs: 0, cs: z };
    let bm = Mat { p: bc.data, rows: n, cols: 1, rs: z, cs: 0 };
    let cm = Mat { p: res.data(), rows: 1, cols: 1, rs: z, cs: z };
    with_gemm(dt, cm, am, bm, threads);
    Ok(res)
}

fn conj<T: Elem>(x: T) -> T {
    match x.to_scalar() {
        crate::elem::Scalar::C32(c) => T::from_scalar(crate::elem::Scalar::C32(c.conj())),
        crate::elem::Scalar::C64(c) => T::from_scalar(crate::elem::Scalar::C64(c.conj())),
        _ => x,
    }
}

/// `np.inner(a, b)`: sums over the last axes.
fn inner(a: &Arr, b: &Arr, threads: Threads) -> KResult<Owned> {
    if a.ndim() == 0 || b.ndim() == 0 {
        return scalar_product(a, b);
    }
    let (na, nb) = (a.ndim(), b.ndim());
    let (ka, kb) = (a.shape[na - 1], b.shape[nb - 1]);
    if ka != kb {
        // NumPy reports b with its last two axes swapped.
        let mut bt = b.shape.clone();
        if nb >= 2 {
            bt.swap(nb - 1, nb - 2);
        }
        return not_aligned(&a.shape, &bt, ka, na - 1, kb, nb.saturating_sub(2));
    }
    let (dt, a, b, mut keep) = common(a, b)?;
    let am = as_rows(&a, &mut keep)?;
    let bm = as_rows(&b, &mut keep)?.t();
    let mut shape = a.shape[..na - 1].to_vec();
    shape.extend_from_slice(&b.shape[..nb - 1]);
    let res = Owned::new(dt, &shape)?;
    let z = res.arr.itemsize() as isize;
    let cm = Mat { p: res.data(), rows: am.rows, cols: bm.cols, rs: bm.cols as isize * z, cs: z };
    with_gemm(dt, cm, am, bm, threads);
    Ok(res)
}

/// `np.outer(a, b)`: `a.ravel()[:, None] * b.ravel()[None, :]`.
fn outer(a: &Arr, b: &Arr) -> KResult<Owned> {
    let (dt, a, b, _keep) = common(a, b)?;
    let (ac, _k1) = contiguous(&a, dt)?;
    let (bc, _k2) = contiguous(&b, dt)?;
    let (m, n) = (ac.size(), bc.size());
    let res = Owned::new(dt, &[m, n])?;
    with_dtype!(dt, |T| {
        let z = size_of::<T>();
        for i in 0..m {
            // SAFETY: contiguous inputs and result.
            unsafe {
                let x: T = ld(ac.data.add(i * z));
                for j in 0..n {
                    let y: T = ld(bc.data.add(j * z));
                    st(res.data().add((i * n + j) * z), x.mul_vec(y));
                }
            }
        }
    });
    Ok(res)
}

macro_rules! binary_entry {
    ($name:ident, $body:expr) => {
        /// See the function of the same name without the `kiln_` prefix.
        ///
        /// # Safety
        /// `a` and `b` are valid input views; `out` is writable.
        #[no_mangle]
        pub unsafe extern "C" fn $name(a: *const ArrayView, b: *const ArrayView, out: *mut ArrayView) -> i32 {
            entry(|| {
                // SAFETY: forwarded from this function's contract.
                let (a, b) = unsafe { (Arr::from_view(a)?, Arr::from_view(b)?) };
                #[allow(clippy::redundant_closure_call)]
                let res: Owned = ($body)(&a, &b)?;
                // SAFETY: forwarded from this function's contract.
                unsafe { res.into_view(out) };
                Ok(())
            })
        }
    };
}

binary_entry!(kiln_dot, |a: &Arr, b: &Arr| dot(a, b, default_threads()));
binary_entry!(kiln_matmul, |a: &Arr, b: &Arr| matmul(a, b, default_threads()));
binary_entry!(kiln_vdot, |a: &Arr, b: &Arr| vdot(a, b, default_threads()));
binary_entry!(kiln_inner, |a: &Arr, b: &Arr| inner(a, b, default_threads()));
binary_entry!(kiln_outer, outer);

// ----- norm ------------------------------------------------------------------

/// `ord` codes of `kiln_norm`.
mod ord {
    pub const DEFAULT: i32 = 0;
    pub const ONE: i32 = 1;
    pub const TWO: i32 = 2;
    pub const INF: i32 = 3;
    pub const NEG_INF: i32 = 4;
    pub const FRO: i32 = 5;
    pub const NUC: i32 = 6;
}

/// A dense array (in `x`'s memory order) of `f(x)` in the real dtype.
/// `f(x)` is given whether NumPy would run its vector loop over `x`: its
/// complex loops take the scalar path when the inner stride (in NumPy's
/// iteration order) is negative.
fn map_real(x: &Arr, f: impl Fn(crate::elem::Scalar, bool) -> f64) -> KResult<Owned> {
    let simd = crate::array::numpy_vector_loop(&x.shape, &x.strides);
    let rd = real_dtype(x.dtype);
    let mut o = Owned::new(rd, &x.shape)?;
    o.arr.strides = crate::array::k_order_strides(&x.shape, &x.strides, o.arr.itemsize());
    with_dtype!(x.dtype, |T| crate::with_float!(rd, |R| {
        crate::array::for_each_elem(&x.shape, [&x.strides, &o.arr.strides], |[ox, oo]| unsafe {
            // SAFETY: offsets inside both arrays.
            let v = f(ld::<T>(x.data.offset(ox)).to_scalar(), simd);
            st(o.data().offset(oo), cast::<f64, R>(v));
        })
    }));
    Ok(o)
}

/// `|x|**2` as NumPy's `(x.conj() * x).real` computes it in the real dtype:
/// for complex, its vector multiply gives `fma(re, re, im*im)`, its scalar
/// loop `re*re + im*im`.
fn sq_abs(s: crate::elem::Scalar, simd: bool) -> f64 {
    use crate::elem::Scalar::*;
    match s {
        F32(v) => (v * v) as f64,
        F64(v) => v * v,
        C32(c) if simd => c.re.mul_add(c.re, -(-c.im * c.im)) as f64,
        C64(c) if simd => c.re.mul_add(c.re, -(-c.im * c.im)),
        C32(c) => (c.re * c.re - (-c.im) * c.im) as f64,
        C64(c) => c.re * c.re - (-c.im) * c.im,
        _ => unreachable!("norm input is inexact"),
    }
}

/// NumPy's vectorized complex `absolute` (`simd_cabsolute`, used for every
/// loadable stride): infinities and NaNs normalized, then
/// `larger * sqrt(fma(ratio, ratio, 1))` with `ratio = smaller / larger`.
macro_rules! cabs {
    ($re:expr, $im:expr, $t:ty) => {{
        let (mut re, mut im): ($t, $t) = ($re.abs(), $im.abs());
        if re == <$t>::INFINITY {
            im = <$t>::INFINITY;
        }
        if im == <$t>::INFINITY {
            re = <$t>::INFINITY;
        }
        if re.is_nan() {
            im = <$t>::NAN;
        }
        if im.is_nan() {
            re = <$t>::NAN;
        }
        let (larger, smaller) = if re.is_nan() { (re, re) } else { (re.max(im), im.min(re)) };
        let ratio = if larger == 0.0 || smaller == <$t>::INFINITY { 0.0 } else { smaller / larger };
        ratio.mul_add(ratio, 1.0).sqrt() * larger
    }};
}

/// `abs(x)` as NumPy computes it: [`cabs!`] in its vector loop, `hypot` in
/// its scalar loop.
fn abs_of(s: crate::elem::Scalar, simd: bool) -> f64 {
    use crate::elem::Scalar::*;
    match s {
        F32(v) => v.abs() as f64,
        F64(v) => v.abs(),
        C32(c) if simd => cabs!(c.re, c.im, f32) as f64,
        C64(c) if simd => cabs!(c.re, c.im, f64),
        C32(c) => c.re.hypot(c.im) as f64,
        C64(c) => c.re.hypot(c.im),
        _ => unreachable!("norm input is inexact"),
    }
}

/// `sqrt` in the real dtype of `o`, in place.
fn sqrt_all(o: &mut Owned) {
    crate::with_float!(o.arr.dtype, |R| {
        // SAFETY: `o` holds R.
        for v in unsafe { o.slice_mut::<R>() } {
            *v = crate::elem::Float::sqrt(*v);
        }
    })
}

/// max (with NumPy's `initial=0`, so empty slices give 0) or min of `a`
/// over the reduced axes (keepdims).
fn extreme_of(a: &Arr, red: &[bool], max: bool) -> KResult<Owned> {
    if max && crate::reduce::reduced_count(&a.shape, red) == 0 {
        return Owned::zeros(a.dtype, &keep_shape(&a.shape, red));
    }
    crate::reduce::max_or_min(a, red, max)
}

/// `np.linalg.norm(x, ord, axes)` with keepdims, computed in x's real dtype.
fn norm(x: &Arr, ordc: i32, red: &[bool]) -> KResult<Owned> {
    let nd = x.ndim();
    let nred = red.iter().filter(|&&r| r).count();
    // Whole-array norms NumPy computes as sqrt(dot(x.ravel(), x.ravel())).
    let full = nred == nd;
    if full && (ordc == ord::DEFAULT || (ordc == ord::FRO && nd == 2) || (ordc == ord::TWO && nd == 1)) {
        let s = map_real(x, sq_abs)?;
        let mut r = sum(&s.arr, red, s.arr.dtype)?;
        sqrt_all(&mut r);
        return Ok(r);
    }
    match nred {
        1 => match ordc {
            ord::INF | ord::NEG_INF => {
                let ab = map_real(x, abs_of)?;
                extreme_of(&ab.arr, red, ordc == ord::INF)
            }
            ord::ONE => {
                let ab = map_real(x, abs_of)?;
                sum(&ab.arr, red, ab.arr.dtype)
            }
            ord::DEFAULT | ord::TWO => {
                let s = map_real(x, sq_abs)?;
                let mut r = sum(&s.arr, red, s.arr.dtype)?;
                sqrt_all(&mut r);
                Ok(r)
            }
            ord::FRO => value_error("Invalid norm order 'fro' for vectors"),
            ord::NUC => value_error("Invalid norm order 'nuc' for vectors"),
            _ => value_error("Invalid norm order for vectors."),
        },
        2 => {
            let axes: Vec<usize> = (0..nd).filter(|&k| red[k]).collect();
            let (row, col) = (axes[0], axes[1]);
            let only = |k: usize| -> Vec<bool> { (0..nd).map(|i| i == k).collect() };
            match ordc {
                ord::DEFAULT | ord::FRO => {
                    let s = map_real(x, sq_abs)?;
                    let mut r = sum(&s.arr, red, s.arr.dtype)?;
                    sqrt_all(&mut r);
                    Ok(r)
                }
                ord::ONE | ord::INF | ord::NEG_INF => {
                    // 1: column sums (over rows), then the max over columns;
                    // inf: row sums, then the max over rows.
                    let ab = map_real(x, abs_of)?;
                    let (first, second) = if ordc == ord::ONE { (row, col) } else { (col, row) };
                    let sums = sum(&ab.arr, &only(first), ab.arr.dtype)?;
                    extreme_of(&sums.arr, &only(second), ordc != ord::NEG_INF)
                }
                ord::TWO | ord::NUC => svd_norm(x, row, col, ordc == ord::NUC),
                _ => value_error("Invalid norm order for matrices."),
            }
        }
        _ => value_error("Improper number of dimensions to norm."),
    }
}

/// Matrix 2-norm (largest singular value) or nuclear norm (their sum) over
/// axes (`row`, `col`), via faer's SVD; keepdims shape.
fn svd_norm(x: &Arr, row: usize, col: usize, nuc: bool) -> KResult<Owned> {
    let nd = x.ndim();
    let red: Vec<bool> = (0..nd).map(|k| k == row || k == col).collect();
    let kshape = keep_shape(&x.shape, &red);
    let rd = real_dtype(x.dtype);
    let res = Owned::new(rd, &kshape)?;
    let ostr: Vec<isize> = (0..nd).map(|k| if red[k] { 0 } else { res.arr.strides[k] }).collect();
    let oshape: Vec<usize> = kshape.clone();
    let (m, n) = (x.shape[row], x.shape[col]);
    let mut failed = false;
    for_each_offset(&oshape, [&x.strides, &ostr], |[ox, oo]| {
        let mat = Mat { p: x.data.wrapping_offset(ox), rows: m, cols: n, rs: x.strides[row], cs: x.strides[col] };
        let v: Option<f64> = match x.dtype {
            dtype::FLOAT64 => singular::<f64>(mat, nuc),
            dtype::FLOAT32 => singular::<f32>(mat, nuc),
            dtype::COMPLEX128 => singular::<C64>(mat, nuc),
            _ => singular::<C32>(mat, nuc),
        };
        match v {
            // SAFETY: inside the result.
            Some(v) => unsafe {
                if rd == dtype::FLOAT64 {
                    st(res.data().offset(oo), v)
                } else {
                    st(res.data().offset(oo), v as f32)
                }
            },
            None => failed = true,
        }
    });
    if failed {
        return fail(exc::VALUE_ERROR, "SVD did not converge");
    }
    Ok(res)
}

/// The largest singular value, or the sum of all, of one matrix.
fn singular<T: Elem + faer::traits::ComplexField>(m: Mat, nuc: bool) -> Option<f64>
where
    T::Real: Into<f64> + Copy,
{
    // SAFETY: the matrix is inside a live array.
    let (v, c) = unsafe { compact::<T>(&m) };
    let z = size_of::<T>() as isize;
    // SAFETY: `c` is a contiguous copy held by `v`.
    let mr = unsafe { faer::MatRef::<T>::from_raw_parts(c.p as *const T, c.rows, c.cols, c.rs / z, 1) };
    if c.rows == 0 || c.cols == 0 {
        drop(v);
        return Some(0.0);
    }
    let s = mr.singular_values().ok()?;
    drop(v);
    let s: Vec<f64> = s.into_iter().map(Into::into).collect();
    Some(if nuc { s.iter().sum() } else { s.iter().cloned().fold(0.0, f64::max) })
}

/// `kiln_norm(in, ord kind, axes mask, keepdims, out float64)`.
///
/// # Safety
/// `inp` is a valid input view; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_norm(inp: *const ArrayView, ordc: i32, axes: i64, keepdims: i32, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let a = unsafe { Arr::from_view(inp) }?;
        let red = axes_from_mask(axes, a.ndim())?;
        // Integer and bool input is converted to float64 first, as NumPy.
        let (x, _keep) = if matches!(kind_of(a.dtype), Kind::Float | Kind::Complex) {
            (a.clone(), None)
        } else {
            let o = to_owned(&a, dtype::FLOAT64)?;
            (o.arr.clone(), Some(o))
        };
        let r = norm(&x, ordc, &red)?;
        let r = finish(r, &red, keepdims != 0, dtype::FLOAT64)?;
        // SAFETY: forwarded from this function's contract.
        unsafe { r.into_view(out) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::testutil::*;

    fn call(f: unsafe extern "C" fn(*const ArrayView, *const ArrayView, *mut ArrayView) -> i32, a: &ArrayView, b: &ArrayView) -> ArrayView {
        let mut out = empty();
        let rc = unsafe { f(a, b, &mut out) };
        assert_eq!(rc, 0, "{:?}", crate::error::take());
        out
    }

    fn err(f: unsafe extern "C" fn(*const ArrayView, *const ArrayView, *mut ArrayView) -> i32, a: &ArrayView, b: &ArrayView, msg: &str) {
        let mut out = empty();
        assert_value_error(unsafe { f(a, b, &mut out) }, msg);
    }

    #[test]
    fn dot_shapes_and_values() {
        let a: Vec<i64> = (0..6).collect();
        let b: Vec<i64> = (0..12).collect();
        let r = call(kiln_dot, &view(&a, &[2, 3]), &view(&b, &[3, 4]));
        assert_eq!(take::<i64>(&r), (vec![2, 4], vec![20, 23, 26, 29, 56, 68, 80, 92]));
        let af: Vec<f64> = a.iter().map(|&v| v as f64).collect();
        let bf: Vec<f64> = b.iter().map(|&v| v as f64).collect();
        let r = call(kiln_dot, &view(&af, &[2, 3]), &view(&bf, &[3, 4]));
        assert_eq!(take::<f64>(&r).1, [20.0, 23.0, 26.0, 29.0, 56.0, 68.0, 80.0, 92.0]);
        // N-D . M-D: (2,3,4) . (5,4,1) -> (2,3,5,1).
        let x: Vec<i64> = (0..24).collect();
        let y: Vec<i64> = (0..20).collect();
        let (s, v) = take::<i64>(&call(kiln_dot, &view(&x, &[2, 3, 4]), &view(&y, &[5, 4, 1])));
        assert_eq!(s, [2, 3, 5, 1]);
        assert_eq!(v[..6], [14, 38, 62, 86, 110, 38]);
        // 1-D . 1-D is a 0-d array; int8 wraps like NumPy.
        let p = [1i8, 2];
        let q = [100i8, 100];
        assert_eq!(take::<i8>(&call(kiln_dot, &view(&p, &[2]), &view(&q, &[2]))), (vec![], vec![44]));
        // A scalar operand multiplies.
        let two = [2.0f64];
        let r = call(kiln_dot, &view(&two, &[]), &view(&af, &[2, 3]));
        assert_eq!(take::<f64>(&r).1, [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        err(kiln_dot, &view(&af, &[2, 3]), &view(&af, &[2, 3]), "shapes (2,3) and (2,3) not aligned: 3 (dim 1) != 2 (dim 0)");
        err(kiln_dot, &view(&af, &[3]), &view(&bf, &[4]), "shapes (3,) and (4,) not aligned: 3 (dim 0) != 4 (dim 0)");
        err(kiln_dot, &view(&x, &[2, 2, 6]), &view(&x, &[4, 2, 3]), "shapes (2,2,6) and (4,2,3) not aligned: 6 (dim 2) != 2 (dim 1)");
    }

    #[test]
    fn matmul_broadcasts() {
        let x: Vec<i64> = (0..24).collect();
        let y: Vec<i64> = (0..8).collect();
        let (s, v) = take::<i64>(&call(kiln_matmul, &view(&x, &[2, 3, 4]), &view(&y, &[1, 4, 2])));
        assert_eq!(s, [2, 3, 2]);
        assert_eq!(v, [28, 34, 76, 98, 124, 162, 172, 226, 220, 290, 268, 354]);
        let xf: Vec<f64> = x.iter().map(|&v| v as f64).collect();
        let yf: Vec<f64> = y.iter().map(|&v| v as f64).collect();
        let (s, v) = take::<f64>(&call(kiln_matmul, &view(&xf, &[2, 3, 4]), &view(&yf, &[1, 4, 2])));
        assert_eq!(s, [2, 3, 2]);
        assert_eq!(v[..4], [28.0, 34.0, 76.0, 98.0]);
        // 1-D operands drop their axis.
        let (s, _) = take::<f64>(&call(kiln_matmul, &view(&xf, &[2, 3, 4]), &view(&yf, &[4])));
        assert_eq!(s, [2, 3]);
        let (s, _) = take::<f64>(&call(kiln_matmul, &view(&yf, &[4]), &view(&xf, &[2, 4, 3])));
        assert_eq!(s, [2, 3]);
        let sig = "(n?,k),(k,m?)->(n?,m?)";
        err(
            kiln_matmul,
            &view(&xf, &[2, 3]),
            &view(&xf, &[2, 3]),
            &format!(
                "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature {sig} (size 2 is different from 3)"
            ),
        );
        err(
            kiln_matmul,
            &view(&xf, &[]),
            &view(&xf, &[3]),
            &format!("matmul: Input operand 0 does not have enough dimensions (has 0, gufunc core with signature {sig} requires 1)"),
        );
        let z = vec![0.0f64; 54];
        err(
            kiln_matmul,
            &view(&z, &[2, 2, 3]),
            &view(&z, &[3, 3, 3, 2]),
            "operands could not be broadcast together with remapped shapes [original->remapped]: \
             (2,2,3)->(2,newaxis,newaxis) (3,3,3,2)->(3,3,newaxis,newaxis)  and requested shape (2,2)",
        );
    }

    #[test]
    fn large_products_split_across_threads() {
        // 200x300 . 300x100 is above the threading threshold; compare with loops.
        let (m, k, n) = (200usize, 300usize, 100usize);
        let a: Vec<f64> = (0..m * k).map(|i| ((i * 37) % 101) as f64 - 50.0).collect();
        let b: Vec<f64> = (0..k * n).map(|i| ((i * 53) % 89) as f64 - 44.0).collect();
        let r = call(kiln_dot, &view(&a, &[m, k]), &view(&b, &[k, n]));
        let (_, v) = take::<f64>(&r);
        for i in (0..m).step_by(17) {
            for j in (0..n).step_by(7) {
                let e: f64 = (0..k).map(|p| a[i * k + p] * b[p * n + j]).sum();
                assert_eq!(v[i * n + j], e);
            }
        }
    }

    #[test]
    fn vdot_inner_outer() {
        let a = [C64::new(1.0, 2.0), C64::new(3.0, -1.0)];
        let b = [C64::new(2.0, -1.0), C64::new(1.0, 1.0)];
        assert_eq!(take::<C64>(&call(kiln_vdot, &view(&a, &[2]), &view(&b, &[2]))).1, [C64::new(2.0, -1.0)]);
        let z = [0.0f64; 6];
        err(kiln_vdot, &view(&z, &[2, 3]), &view(&z[..4], &[4]), "cannot reshape array of size 4 into shape (6,)");
        let x: Vec<i64> = (0..6).collect();
        let y: Vec<i64> = (0..12).collect();
        let (s, v) = take::<i64>(&call(kiln_inner, &view(&x, &[2, 3]), &view(&y, &[4, 3])));
        assert_eq!((s, v), (vec![2, 4], vec![5, 14, 23, 32, 14, 50, 86, 122]));
        err(kiln_inner, &view(&x, &[2, 3]), &view(&y[..8], &[2, 4]), "shapes (2,3) and (4,2) not aligned: 3 (dim 1) != 4 (dim 0)");
        let p = [1.0f64, 2.0];
        let q = [3i32, 4, 5];
        let (s, v) = take::<f64>(&call(kiln_outer, &view(&p, &[2]), &view(&q, &[3])));
        assert_eq!((s, v), (vec![2, 3], vec![3.0, 4.0, 5.0, 6.0, 8.0, 10.0]));
    }

    fn norm_of(v: &ArrayView, ordc: i32, axes: i64) -> Vec<f64> {
        let mut out = empty();
        let rc = unsafe { kiln_norm(v, ordc, axes, 0, &mut out) };
        assert_eq!(rc, 0, "{:?}", crate::error::take());
        take::<f64>(&out).1
    }

    #[test]
    fn norms_match_numpy() {
        // x = data(60).reshape(5, 12); expected bits from NumPy 2.4.
        let x = crate::pairwise::tests::data(60);
        let v = view(&x, &[5, 12]);
        let bits = |r: Vec<f64>| r.into_iter().map(f64::to_bits).collect::<Vec<_>>();
        assert_eq!(
            bits(norm_of(&v, ord::DEFAULT, 2)),
            [0x40e28142ebbf4874, 0x40f515915616a792, 0x40ef2c633ddc0303, 0x40f061211ccd8a25, 0x40f488648c1ee4da]
        );
        assert_eq!(bits(norm_of(&v, ord::ONE, 1))[..3], [0x408ec5f0a1bfc5ec, 0x407c26a779ac6d91, 0x40c517d1fc236166]);
        assert_eq!(bits(norm_of(&v, ord::INF, 2))[..2], [0x40e2417553d434c2, 0x40f4f9c2e75d7f1a]);
        assert_eq!(bits(norm_of(&v, ord::FRO, -1)), [0x41031fdc3fa1ae47]);
        assert_eq!(bits(norm_of(&v, ord::DEFAULT, -1)), [0x41031fdc3fa1ae47]);
        assert_eq!(bits(norm_of(&v, ord::ONE, -1)), [0x40f6ab5e617fac86]);
        assert_eq!(bits(norm_of(&v, ord::INF, -1)), [0x40f722ce74d013fe]);
        assert_eq!(bits(norm_of(&v, ord::NEG_INF, -1)), [0x40e5c5fd62d12781]);
        let two = norm_of(&v, ord::TWO, -1)[0];
        assert!((two - 89592.16285627427).abs() < 1e-9 * two);
        let nuc = norm_of(&v, ord::NUC, -1)[0];
        assert!((nuc - 338748.33382705494).abs() < 1e-9 * nuc);
        // Complex rows: the same magnitudes as the interleaved real rows.
        let c: Vec<C64> = x.chunks(2).map(|p| C64::new(p[0], p[1])).collect();
        assert_eq!(bits(norm_of(&view(&c, &[5, 6]), ord::DEFAULT, 2))[..2], [0x40e28142ebbf4874, 0x40f515915616a792]);
        let mut out = empty();
        let x3 = [0.0f64; 8];
        assert_value_error(
            unsafe { kiln_norm(&view(&x3, &[2, 2, 2]), ord::ONE, -1, 0, &mut out) },
            "Improper number of dimensions to norm.",
        );
        assert_value_error(unsafe { kiln_norm(&view(&x3, &[8]), ord::FRO, -1, 0, &mut out) }, "Invalid norm order 'fro' for vectors");
    }
}
