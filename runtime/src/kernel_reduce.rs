//! `kiln_kernel_reduce`: a reduction folding the elements of a compiled
//! elementwise kernel as they are computed, without the temporary array
//! (`np.sum(expr)`, `np.max(expr, axis=-1)`).
//!
//! The compiled kernel body `f(ctx, lo, hi)` writes elements `lo..hi` of the
//! (virtual) C-contiguous result at `out + i * itemsize`, where `out` is word
//! `out_word` of its context. This module gives each call a private copy of
//! the context whose `out` points into a small buffer, evaluates blocks of at
//! most [`BLOCK`] elements, and folds each block.
//!
//! Results are NumPy's on the temporary: a row (the whole flat range for a
//! full reduction, else each last-axis row) is one contiguous run, which
//! NumPy's add loop sums pairwise onto 0 (see `pairwise.rs`). The pairwise
//! tree is replayed here: a subtree of at most `BLOCK` elements is evaluated
//! whole and summed by the same `pairwise_sum`, larger ones split exactly
//! where NumPy splits them. Threads take whole subtrees (a full reduction) or
//! whole rows, and partial sums are combined in the tree's order, so the
//! result is bit-identical at every thread count. Products fold in order
//! (serially within a row, as NumPy's loop does); min/max start from the
//! first element (their value does not depend on the order, NaN included).
//!
//! Invariants: `out` receives `rows` results of the accumulator dtype; an
//! empty min/max raises NumPy's `ValueError`; a failing kernel body's
//! exception reaches the caller (first failure wins).

use std::sync::Mutex;

use crate::abi::{dtype, reduce};
use crate::array::{entry, fail, st, value_error, KResult, Raised};
use crate::elem::{cast, Elem};
use crate::error::{self, Pending};
use crate::pool::{num_threads, run_parts, LoopBody};
use crate::with_dtype;

/// Elements evaluated per kernel call (a multiple of 8 above NumPy's
/// 128-element pairwise block, small enough to stay in the L1 cache).
pub const BLOCK: usize = 2048;

/// One thread's view of the kernel: a private context and buffer.
struct Eval<T> {
    f: LoopBody,
    /// A float64 sum's leaf function (see [`Eval::leaf_sum`]).
    leaf: Option<LoopBody>,
    ctx: Vec<u64>,
    out_word: usize,
    buf: Vec<T>,
}

impl<T: Elem> Eval<T> {
    fn new(job: &Job) -> Self {
        Eval { f: job.f, leaf: job.leaf, ctx: job.ctx.to_vec(), out_word: job.out_word, buf: vec![T::zero(); BLOCK] }
    }

    /// NumPy's eight pairwise accumulators over elements `lo..lo + n`
    /// (`n` a multiple of 8, at least 8), combined, from the compiled leaf
    /// function, which writes the sum where the output word points. `None`
    /// when the leaf declines (the range leaves a row, or an operand is
    /// strided there).
    fn leaf_sum(&mut self, lo: usize, n: usize) -> Option<KResult<f64>> {
        let leaf = self.leaf?;
        let mut sum = 0.0f64;
        self.ctx[self.out_word] = &mut sum as *mut f64 as u64;
        // SAFETY: the leaf reads the kernel's operands for elements lo..lo+n
        // through the context (a copy of the caller's) and writes one f64 at
        // the output word's address, `sum`.
        let st = unsafe { leaf(self.ctx.as_ptr() as *const u8, lo as i64, (lo + n) as i64) };
        match st {
            0 => Some(Ok(sum)),
            2 => None,
            _ => Some(Err(Raised)),
        }
    }

    /// Elements `lo..lo + n` (`n <= BLOCK`) into the buffer.
    fn block(&mut self, lo: usize, n: usize) -> KResult<&[T]> {
        debug_assert!(n <= BLOCK);
        let base = (self.buf.as_mut_ptr() as usize).wrapping_sub(lo.wrapping_mul(size_of::<T>()));
        self.ctx[self.out_word] = base as u64;
        // SAFETY: the body writes elements lo..lo+n at base + i * itemsize,
        // which is the buffer; the context is a copy of the caller's.
        let st = unsafe { (self.f)(self.ctx.as_ptr() as *const u8, lo as i64, (lo + n) as i64) };
        if st != 0 {
            return Err(Raised);
        }
        Ok(&self.buf[..n])
    }
}

/// NumPy's split of a pairwise run of `n > 128` values.
fn half(n: usize) -> usize {
    let n2 = n / 2;
    n2 - n2 % 8
}

/// The sum of one block, as NumPy's add loop sums a run.
fn block_sum<T: Elem, A: Elem>(xs: &[T]) -> A {
    if T::DTYPE == A::DTYPE {
        // SAFETY: a slice of n values of A's type.
        unsafe { A::run_sum(xs.as_ptr() as *const u8, xs.len(), size_of::<A>() as isize) }
    } else {
        // Integer sums (exact in any order).
        xs.iter().fold(A::zero(), |a, &x| a.add(cast(x)))
    }
}

/// The pairwise sum of elements `lo..lo + n`.
fn tree_sum<T: Elem, A: Elem>(e: &mut Eval<T>, lo: usize, n: usize) -> KResult<A> {
    if e.leaf.is_some() && T::DTYPE == dtype::FLOAT64 && A::DTYPE == dtype::FLOAT64 {
        return Ok(cast(leaf_tree_sum(e, lo, n)?));
    }
    if n <= BLOCK {
        return Ok(block_sum::<T, A>(e.block(lo, n)?));
    }
    let n2 = half(n);
    Ok(tree_sum::<T, A>(e, lo, n2)?.add(tree_sum::<T, A>(e, lo + n2, n - n2)?))
}

/// [`tree_sum`] of a float64 kernel with a leaf function: the same tree
/// (`pairwise_sum` splits runs over 128 values where [`half`] does), each
/// leaf's whole blocks of 8 summed by the leaf in registers and its last
/// values added one by one, as `pairwise_sum` does; no buffer except for
/// those last values, or for a leaf the leaf function declines.
fn leaf_tree_sum<T: Elem>(e: &mut Eval<T>, lo: usize, n: usize) -> KResult<f64> {
    if n > crate::pairwise::BLOCK {
        let n2 = half(n);
        return Ok(leaf_tree_sum(e, lo, n2)? + leaf_tree_sum(e, lo + n2, n - n2)?);
    }
    if n >= 8 {
        let whole = n - n % 8;
        if let Some(r) = e.leaf_sum(lo, whole) {
            let mut res = r?;
            if whole < n {
                for &x in e.block(lo + whole, n - whole)? {
                    res += cast::<T, f64>(x);
                }
            }
            return Ok(res);
        }
    }
    Ok(cast(block_sum::<T, T>(e.block(lo, n)?)))
}

/// The subtrees of the pairwise tree of `lo..lo + n` at `depth` levels down
/// (or blocks, if smaller), in order.
fn subtrees(lo: usize, n: usize, depth: u32, out: &mut Vec<(usize, usize)>) {
    if depth == 0 || n <= BLOCK {
        out.push((lo, n));
        return;
    }
    let n2 = half(n);
    subtrees(lo, n2, depth - 1, out);
    subtrees(lo + n2, n - n2, depth - 1, out);
}

/// Combines the subtrees' sums as the tree does.
fn combine<A: Elem>(n: usize, depth: u32, sums: &mut impl Iterator<Item = A>) -> A {
    if depth == 0 || n <= BLOCK {
        return sums.next().expect("one sum per subtree");
    }
    let n2 = half(n);
    let a = combine(n2, depth - 1, sums);
    a.add(combine(n - n2, depth - 1, sums))
}

/// The product of elements `lo..lo + n`, in order from 1.
fn row_prod<T: Elem, A: Elem>(e: &mut Eval<T>, lo: usize, n: usize) -> KResult<A> {
    let mut acc = A::one();
    let mut i = 0;
    while i < n {
        let k = BLOCK.min(n - i);
        for &x in e.block(lo + i, k)? {
            acc = acc.mul(cast(x));
        }
        i += k;
    }
    Ok(acc)
}

/// The min or max of elements `lo..lo + n` (`n >= 1`), folded with 8
/// independent lanes (vectorizable) and then in order.
fn row_extreme<T: Elem>(e: &mut Eval<T>, lo: usize, n: usize, step: fn(T, T) -> T) -> KResult<T> {
    let mut acc: Option<T> = None;
    let mut i = 0;
    while i < n {
        let k = BLOCK.min(n - i);
        let xs = e.block(lo + i, k)?;
        let mut j = 0;
        let mut a = acc.unwrap_or(xs[0]);
        if xs.len() >= 16 {
            let mut lanes: [T; 8] = std::array::from_fn(|q| xs[q]);
            j = 8;
            while j + 8 <= xs.len() {
                for (q, l) in lanes.iter_mut().enumerate() {
                    *l = step(*l, xs[j + q]);
                }
                j += 8;
            }
            for l in lanes {
                a = step(a, l);
            }
        }
        for &x in &xs[j..] {
            a = step(a, x);
        }
        acc = Some(a);
        i += k;
    }
    Ok(acc.expect("n >= 1"))
}

/// What one reduction computes, for one element type `T` and accumulator `A`.
struct Job<'a> {
    f: LoopBody,
    leaf: Option<LoopBody>,
    ctx: &'a [u64],
    out_word: usize,
    rows: usize,
    m: usize,
    kind: i32,
    min_par: usize,
    /// The result buffer's address.
    out: usize,
}

/// Moves the first failure of the parts to the calling thread.
struct Failure(Mutex<Option<Pending>>);

impl Failure {
    fn record(&self) {
        if let Some(e) = error::take() {
            self.0.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(e);
        }
    }
    fn finish(self) -> KResult<()> {
        match self.0.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Some(e) => fail(e.kind, e.message),
            None => Ok(()),
        }
    }
}

impl Job<'_> {
    /// The result of one row.
    fn row<T: Elem, A: Elem>(&self, e: &mut Eval<T>, r: usize) -> KResult<A> {
        let lo = r * self.m;
        match self.kind {
            reduce::SUM | reduce::MEAN => Ok(A::zero().add(tree_sum::<T, A>(e, lo, self.m)?)),
            reduce::PROD => row_prod::<T, A>(e, lo, self.m),
            reduce::MAX => Ok(cast(row_extreme::<T>(e, lo, self.m, T::max_step)?)),
            _ => Ok(cast(row_extreme::<T>(e, lo, self.m, T::min_step)?)),
        }
    }

    fn run<T: Elem, A: Elem>(&self) -> KResult<()> {
        let total = self.rows * self.m;
        let threads = if total >= self.min_par { num_threads() } else { 1 };
        let out = self.out;
        let put = |r: usize, v: A| {
            // SAFETY: `out` holds `rows` values of A.
            unsafe { st((out as *mut u8).add(r * size_of::<A>()), v) }
        };
        if self.rows == 1 && threads > 1 && self.m > BLOCK && matches!(self.kind, reduce::SUM | reduce::MEAN) {
            // One run: threads take subtrees of the pairwise tree.
            let depth = threads.next_power_of_two().trailing_zeros();
            let mut parts = Vec::new();
            subtrees(0, self.m, depth, &mut parts);
            let sums: Vec<Mutex<A>> = parts.iter().map(|_| Mutex::new(A::zero())).collect();
            let failure = Failure(Mutex::new(None));
            run_parts(parts.len(), &|k| {
                let mut e = Eval::<T>::new(self);
                match tree_sum::<T, A>(&mut e, parts[k].0, parts[k].1) {
                    Ok(s) => *sums[k].lock().unwrap_or_else(|e| e.into_inner()) = s,
                    Err(Raised) => failure.record(),
                }
            });
            failure.finish()?;
            let mut it = sums.into_iter().map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner()));
            put(0, A::zero().add(combine(self.m, depth, &mut it)));
            return Ok(());
        }
        if self.rows == 1 && threads > 1 && self.m > 2 * BLOCK && matches!(self.kind, reduce::MAX | reduce::MIN) {
            // One run: threads take chunks; min/max combine in any order.
            let chunk = self.m.div_ceil(threads).next_multiple_of(BLOCK);
            let parts = self.m.div_ceil(chunk);
            let vals: Vec<Mutex<Option<T>>> = (0..parts).map(|_| Mutex::new(None)).collect();
            let failure = Failure(Mutex::new(None));
            let step: fn(T, T) -> T = if self.kind == reduce::MAX { T::max_step } else { T::min_step };
            run_parts(parts, &|k| {
                let mut e = Eval::<T>::new(self);
                let lo = k * chunk;
                match row_extreme::<T>(&mut e, lo, chunk.min(self.m - lo), step) {
                    Ok(v) => *vals[k].lock().unwrap_or_else(|e| e.into_inner()) = Some(v),
                    Err(Raised) => failure.record(),
                }
            });
            failure.finish()?;
            let mut it = vals.into_iter().map(|v| v.into_inner().unwrap_or_else(|e| e.into_inner()).expect("every part ran"));
            let first = it.next().expect("at least one part");
            put(0, cast(it.fold(first, step)));
            return Ok(());
        }
        // Rows: split among the threads (each row's result is independent).
        let parts = threads.min(self.rows).max(1);
        let per = self.rows.div_ceil(parts);
        let failure = Failure(Mutex::new(None));
        run_parts(parts, &|k| {
            let mut e = Eval::<T>::new(self);
            for r in k * per..((k + 1) * per).min(self.rows) {
                match self.row::<T, A>(&mut e, r) {
                    Ok(v) => put(r, v),
                    Err(Raised) => {
                        failure.record();
                        return;
                    }
                }
            }
        });
        failure.finish()
    }
}

/// `kiln_kernel_reduce(body, leaf, ctx, nwords, out_word, rows, m, kind, elem
/// dtype, result dtype, min_par, out)`: reduces each of `rows` consecutive
/// runs of `m` elements of the kernel `body` (whose context is `nwords` words
/// at `ctx`, the output pointer at word `out_word`) into `out[r]`; threads
/// are used from `min_par` elements on. MEAN divides the sum by `m` as NumPy
/// does (float32 in float64, rounded back).
///
/// # Safety
/// `body` is an outlined kernel body for `ctx`, which holds `nwords` words;
/// `out` is writable for `rows` results.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kiln_kernel_reduce(
    body: *const u8,
    leaf: *const u8,
    ctx: *const u8,
    nwords: i64,
    out_word: i64,
    rows: i64,
    m: i64,
    kind: i32,
    elem: i32,
    acc: i32,
    min_par: i64,
    out: *mut u8,
) -> i32 {
    entry(|| {
        // SAFETY: the caller passes the address of a `LoopBody`.
        let f: LoopBody = unsafe { std::mem::transmute::<*const u8, LoopBody>(body) };
        // SAFETY: null, or the address of a leaf function with a body's signature.
        let leaf = (!leaf.is_null()).then(|| unsafe { std::mem::transmute::<*const u8, LoopBody>(leaf) });
        // SAFETY: the caller's contract.
        let ctx = unsafe { std::slice::from_raw_parts(ctx as *const u64, nwords as usize) };
        let (rows, m) = (rows.max(0) as usize, m.max(0) as usize);
        if rows == 0 {
            return Ok(());
        }
        if m == 0 && matches!(kind, reduce::MIN | reduce::MAX) {
            let name = if kind == reduce::MAX { "maximum" } else { "minimum" };
            return value_error(format!("zero-size array to reduction operation {name} which has no identity"));
        }
        let job = Job { f, leaf, ctx, out_word: out_word as usize, rows, m, kind, min_par: min_par.max(1) as usize, out: out as usize };
        let (elem, acc) = (elem as u8, acc as u8);
        with_dtype!(elem, |T| match acc {
            a if a == elem => job.run::<T, T>(),
            dtype::INT64 => job.run::<T, i64>(),
            dtype::UINT64 => job.run::<T, u64>(),
            _ => fail(crate::abi::exc::SYSTEM_ERROR, format!("kiln runtime: bad reduction dtypes {elem} -> {acc}")),
        })?;
        if kind == reduce::MEAN {
            for r in 0..rows {
                // SAFETY: `out` holds `rows` results of the element dtype.
                unsafe {
                    match elem {
                        dtype::FLOAT64 => {
                            let p = out.add(8 * r) as *mut f64;
                            *p /= m as f64;
                        }
                        dtype::FLOAT32 => {
                            let p = out.add(4 * r) as *mut f32;
                            *p = (f64::from(*p) / m as f64) as f32;
                        }
                        _ => return fail(crate::abi::exc::SYSTEM_ERROR, "kiln runtime: mean of a non-float kernel"),
                    }
                }
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pairwise::tests::data;

    /// A kernel body copying `ctx[0]`'s f64 array into the output (word 1).
    unsafe extern "C" fn copy_body(ctx: *const u8, lo: i64, hi: i64) -> i8 {
        let words = ctx as *const u64;
        unsafe {
            let src = *words as *const f64;
            let dst = *words.add(1) as *mut f64;
            for i in lo..hi {
                *dst.offset(i as isize) = *src.offset(i as isize);
            }
        }
        0
    }

    /// A leaf function for `copy_body`: the eight accumulators of
    /// src[lo..hi], combined as `pairwise_sum` does; it declines leaves that
    /// start at a multiple of 3 (to mix both paths in one tree).
    unsafe extern "C" fn copy_leaf(ctx: *const u8, lo: i64, hi: i64) -> i8 {
        if lo % 3 == 0 {
            return 2;
        }
        unsafe {
            let words = ctx as *const u64;
            let src = std::slice::from_raw_parts((*words as *const f64).add(lo as usize), (hi - lo) as usize);
            let r = crate::pairwise::accumulate8_f64(src);
            *(*words.add(1) as *mut f64) = crate::pairwise::combine8(r);
        }
        0
    }

    fn reduce_f64(x: &[f64], rows: usize, kind: i32, min_par: i64) -> Vec<f64> {
        reduce_f64_leaf(x, rows, kind, min_par, std::ptr::null())
    }

    fn reduce_f64_leaf(x: &[f64], rows: usize, kind: i32, min_par: i64, leaf: *const u8) -> Vec<f64> {
        let ctx = [x.as_ptr() as u64, 0u64];
        let mut out = vec![0.0f64; rows];
        let m = x.len() / rows;
        let st = unsafe {
            kiln_kernel_reduce(
                copy_body as *const u8,
                leaf,
                ctx.as_ptr() as *const u8,
                2,
                1,
                rows as i64,
                m as i64,
                kind,
                dtype::FLOAT64 as i32,
                dtype::FLOAT64 as i32,
                min_par,
                out.as_mut_ptr() as *mut u8,
            )
        };
        assert_eq!(st, 0);
        out
    }

    #[test]
    fn sums_are_numpys_pairwise_sums_at_any_split() {
        let x = data(300_001);
        for n in [0usize, 1, 7, 8, 127, 128, 129, 2047, 2048, 2049, 65_536, 300_001] {
            let want = 0.0 + unsafe { crate::pairwise::pairwise_sum::<f64>(x.as_ptr() as *const u8, n, 8) };
            for min_par in [1, 1 << 40] {
                let got = reduce_f64(&x[..n], 1, reduce::SUM, min_par)[0];
                assert_eq!(got.to_bits(), want.to_bits(), "n = {n}");
            }
        }
    }

    #[test]
    fn leaf_sums_are_numpys_pairwise_sums() {
        let x = data(300_001);
        for n in [0usize, 1, 7, 8, 9, 127, 128, 129, 135, 2047, 2048, 2049, 65_536, 300_001] {
            let want = 0.0 + unsafe { crate::pairwise::pairwise_sum::<f64>(x.as_ptr() as *const u8, n, 8) };
            for min_par in [1, 1 << 40] {
                let got = reduce_f64_leaf(&x[..n], 1, reduce::SUM, min_par, copy_leaf as *const u8)[0];
                assert_eq!(got.to_bits(), want.to_bits(), "n = {n}");
            }
        }
        // Rows: each row's own tree.
        let rows = reduce_f64_leaf(&x[..3 * 1001], 3, reduce::SUM, 1, copy_leaf as *const u8);
        for (r, got) in rows.iter().enumerate() {
            let want = 0.0 + unsafe { crate::pairwise::pairwise_sum::<f64>(x[r * 1001..].as_ptr() as *const u8, 1001, 8) };
            assert_eq!(got.to_bits(), want.to_bits(), "row {r}");
        }
    }

    #[test]
    fn rows_and_extremes() {
        let x = data(3 * 5000);
        let sums = reduce_f64(&x, 3, reduce::SUM, 1);
        let maxs = reduce_f64(&x, 3, reduce::MAX, 1);
        for r in 0..3 {
            let row = &x[r * 5000..(r + 1) * 5000];
            let want = 0.0 + unsafe { crate::pairwise::pairwise_sum::<f64>(row.as_ptr() as *const u8, 5000, 8) };
            assert_eq!(sums[r].to_bits(), want.to_bits());
            assert_eq!(maxs[r], row.iter().copied().fold(f64::MIN, f64::max));
        }
        let mut y = data(20_000);
        y[12_345] = f64::NAN;
        assert!(reduce_f64(&y, 1, reduce::MAX, 1)[0].is_nan());
        assert!(reduce_f64(&y, 1, reduce::MIN, 1 << 40)[0].is_nan());
    }
}
