//! The runtime's view of arrays: borrowed inputs ([`Arr`]), freshly allocated
//! results ([`Owned`]), strided N-d iteration, and the error plumbing shared
//! by every array entry point.
//!
//! Invariants:
//! - an [`Arr`] is a validated copy of an input `ArrayView` (dtype code in
//!   range, `ndim <= MAX_NDIM`, no negative extent); it borrows the memory;
//! - an [`Owned`] holds exactly one reference to a runtime `KBuf`; dropping it
//!   releases the buffer, so every early return and panic path frees
//!   temporaries, and [`Owned::into_view`] is the only way a reference leaves;
//! - results are C-contiguous;
//! - element access goes through unaligned loads and stores, because NumPy
//!   data need not be aligned to the element size.

use crate::abi::{exc, ArrayView, KBuf, MAX_NDIM};
use crate::buf;
use crate::elem::is_dtype;
use crate::error;

/// Marker: an exception is pending in the thread's error slot.
#[derive(Debug)]
pub struct Raised;

pub type KResult<T> = Result<T, Raised>;

/// Records an exception and returns the error marker.
pub fn fail<T>(kind: i32, msg: impl Into<String>) -> KResult<T> {
    error::set(kind, msg);
    Err(Raised)
}

pub fn value_error<T>(msg: impl Into<String>) -> KResult<T> {
    fail(exc::VALUE_ERROR, msg)
}

/// Runs an entry point's body: panics become a pending `SystemError` (see
/// [`error::guard`]) and the result becomes the ABI's status (0 or 1).
pub fn entry(body: impl FnOnce() -> KResult<()>) -> i32 {
    error::guard(1, || match body() {
        Ok(()) => 0,
        Err(Raised) => 1,
    })
}

/// NumPy's `AxisError` text (kiln raises it as a `ValueError`).
pub fn axis_error<T>(axis: i64, ndim: usize) -> KResult<T> {
    value_error(format!("axis {axis} is out of bounds for array of dimension {ndim}"))
}

/// `normalize_axis_index`: a possibly negative axis to `0..ndim`.
pub fn normalize_axis(axis: i64, ndim: usize) -> KResult<usize> {
    let n = ndim as i64;
    if axis < -n || axis >= n {
        return axis_error(axis, ndim);
    }
    Ok(if axis < 0 { axis + n } else { axis } as usize)
}

/// Decodes an axes bit mask (bit k = axis k; all bits = every axis) into one
/// flag per axis, raising NumPy's message for the lowest axis out of range.
pub fn axes_from_mask(mask: i64, ndim: usize) -> KResult<Vec<bool>> {
    let m = mask as u64;
    if m == u64::MAX {
        return Ok(vec![true; ndim]);
    }
    if ndim < 64 && m >> ndim != 0 {
        let bad = (m >> ndim).trailing_zeros() as usize + ndim;
        return axis_error(bad as i64, ndim);
    }
    Ok((0..ndim).map(|k| m >> k & 1 == 1).collect())
}

/// A shape in NumPy's repr: `(3,)`, `(2,3)`, `()`.
pub fn shape_str(shape: &[usize]) -> String {
    match shape.len() {
        0 => "()".to_owned(),
        1 => format!("({},)", shape[0]),
        _ => format!("({})", shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(",")),
    }
}

/// Unaligned load of a `T` at `p`.
///
/// # Safety
/// `p` must be valid for reading a `T`.
#[inline(always)]
pub unsafe fn ld<T: Copy>(p: *const u8) -> T {
    // SAFETY: the caller guarantees `p` is readable for size_of::<T>() bytes.
    unsafe { (p as *const T).read_unaligned() }
}

/// Unaligned store of a `T` at `p`.
///
/// # Safety
/// `p` must be valid for writing a `T`.
#[inline(always)]
pub unsafe fn st<T: Copy>(p: *mut u8, v: T) {
    // SAFETY: the caller guarantees `p` is writable for size_of::<T>() bytes.
    unsafe { (p as *mut T).write_unaligned(v) }
}

/// A borrowed (or internally owned) strided array: data pointer, dtype,
/// shape and byte strides.
#[derive(Clone, Debug)]
pub struct Arr {
    pub data: *mut u8,
    pub dtype: u8,
    pub shape: Vec<usize>,
    pub strides: Vec<isize>,
}

/// C-order byte strides for `shape`.
pub fn c_strides(shape: &[usize], itemsize: usize) -> Vec<isize> {
    let mut s = vec![0isize; shape.len()];
    let mut acc = itemsize as isize;
    for k in (0..shape.len()).rev() {
        s[k] = acc;
        acc *= shape[k].max(1) as isize;
    }
    s
}

impl Arr {
    /// Copies and validates an input view.
    ///
    /// # Safety
    /// `v` points to a live `ArrayView` whose data is valid for its shape and strides.
    pub unsafe fn from_view(v: *const ArrayView) -> KResult<Arr> {
        if v.is_null() {
            return fail(exc::SYSTEM_ERROR, "kiln runtime: null array view");
        }
        // SAFETY: non-null and live by the caller's contract.
        let v = unsafe { &*v };
        let ndim = v.ndim as usize;
        if ndim > MAX_NDIM || !is_dtype(v.dtype) {
            return fail(exc::SYSTEM_ERROR, format!("kiln runtime: malformed array view (dtype {}, ndim {ndim})", v.dtype));
        }
        let mut shape = Vec::with_capacity(ndim);
        for &d in &v.shape[..ndim] {
            if d < 0 {
                return value_error("negative dimensions are not allowed");
            }
            shape.push(d as usize);
        }
        Ok(Arr { data: v.data, dtype: v.dtype, shape, strides: v.strides[..ndim].iter().map(|&s| s as isize).collect() })
    }

    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    pub fn size(&self) -> usize {
        self.shape.iter().product()
    }

    pub fn itemsize(&self) -> usize {
        crate::abi::dtype::itemsize(self.dtype)
    }

    /// Whether the elements are laid out densely in C order (extent-1 axes
    /// may have any stride).
    pub fn is_c_contiguous(&self) -> bool {
        let mut expect = self.itemsize() as isize;
        for k in (0..self.ndim()).rev() {
            if self.shape[k] == 0 {
                return true;
            }
            if self.shape[k] != 1 {
                if self.strides[k] != expect {
                    return false;
                }
                expect *= self.shape[k] as isize;
            }
        }
        true
    }

    /// Pointer to the element at a multi-index.
    pub fn ptr_at(&self, idx: &[usize]) -> *mut u8 {
        let off: isize = idx.iter().zip(&self.strides).map(|(&i, &s)| i as isize * s).sum();
        self.data.wrapping_offset(off)
    }

    /// The view with axes reordered: new axis k is old axis `perm[k]`.
    pub fn permuted(&self, perm: &[usize]) -> Arr {
        Arr {
            data: self.data,
            dtype: self.dtype,
            shape: perm.iter().map(|&k| self.shape[k]).collect(),
            strides: perm.iter().map(|&k| self.strides[k]).collect(),
        }
    }

    /// The view with `axis` moved to the end.
    pub fn axis_last(&self, axis: usize) -> Arr {
        let mut perm: Vec<usize> = (0..self.ndim()).filter(|&k| k != axis).collect();
        perm.push(axis);
        self.permuted(&perm)
    }

    /// The view with the same data seen with another shape and strides.
    pub fn with_layout(&self, shape: Vec<usize>, strides: Vec<isize>) -> Arr {
        Arr { data: self.data, dtype: self.dtype, shape, strides }
    }
}

/// A fresh, C-contiguous, runtime-owned array holding one buffer reference.
#[derive(Debug)]
pub struct Owned {
    buf: *mut KBuf,
    pub arr: Arr,
}

impl Owned {
    /// Allocates an uninitialized C-contiguous array (`zeroed`: all bytes 0).
    pub fn alloc(dtype: u8, shape: &[usize], zeroed: bool) -> KResult<Owned> {
        let itemsize = crate::abi::dtype::itemsize(dtype);
        let nbytes = shape.iter().try_fold(itemsize, |acc, &d| acc.checked_mul(d)).filter(|&n| n <= isize::MAX as usize);
        let Some(nbytes) = nbytes else {
            return fail(exc::VALUE_ERROR, "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.");
        };
        let buf = buf::kiln_buf_alloc(nbytes as i64, zeroed as i32);
        if buf.is_null() {
            return Err(Raised);
        }
        // SAFETY: a non-null buffer from kiln_buf_alloc is live.
        let data = unsafe { (*buf).data };
        Ok(Owned { buf, arr: Arr { data, dtype, shape: shape.to_vec(), strides: c_strides(shape, itemsize) } })
    }

    pub fn new(dtype: u8, shape: &[usize]) -> KResult<Owned> {
        Owned::alloc(dtype, shape, false)
    }

    pub fn zeros(dtype: u8, shape: &[usize]) -> KResult<Owned> {
        Owned::alloc(dtype, shape, true)
    }

    pub fn data(&self) -> *mut u8 {
        self.arr.data
    }

    pub fn size(&self) -> usize {
        self.arr.size()
    }

    /// The elements as a slice.
    ///
    /// # Safety
    /// `T` must be the element type of this array's dtype (the buffer is
    /// 64-byte aligned, so any element type is aligned).
    pub unsafe fn slice_mut<T>(&mut self) -> &mut [T] {
        debug_assert_eq!(std::mem::size_of::<T>(), self.arr.itemsize());
        // SAFETY: the buffer holds `size` elements and is aligned (buf.rs).
        unsafe { std::slice::from_raw_parts_mut(self.arr.data as *mut T, self.size()) }
    }

    /// The elements as a shared slice (see [`Owned::slice_mut`]).
    ///
    /// # Safety
    /// As [`Owned::slice_mut`].
    pub unsafe fn slice<T>(&self) -> &[T] {
        // SAFETY: as slice_mut.
        unsafe { std::slice::from_raw_parts(self.arr.data as *const T, self.size()) }
    }

    /// The same buffer seen with another C-contiguous shape of equal size.
    pub fn reshaped(mut self, shape: &[usize]) -> Owned {
        debug_assert_eq!(shape.iter().product::<usize>(), self.size());
        self.arr.strides = c_strides(shape, self.arr.itemsize());
        self.arr.shape = shape.to_vec();
        self
    }

    /// Hands the reference over to the caller through `out`.
    ///
    /// # Safety
    /// `out` points to writable memory for an `ArrayView`.
    pub unsafe fn into_view(self, out: *mut ArrayView) {
        let ndim = self.arr.ndim();
        let mut shape = [0i64; MAX_NDIM];
        let mut strides = [0i64; MAX_NDIM];
        for k in 0..ndim {
            shape[k] = self.arr.shape[k] as i64;
            strides[k] = self.arr.strides[k] as i64;
        }
        let view =
            ArrayView { data: self.arr.data, owner: self.buf, dtype: self.arr.dtype, ndim: ndim as u8, _pad: [0; 6], shape, strides };
        // The reference moves to the caller: skip `Drop` (no decref), but free
        // the shape and stride vectors.
        let me = std::mem::ManuallyDrop::new(self);
        // SAFETY: `me` is never used or dropped again, so the Arr is moved out once.
        drop(unsafe { std::ptr::read(&me.arr) });
        // SAFETY: the caller guarantees `out` is writable.
        unsafe { out.write(view) };
    }
}

impl Drop for Owned {
    fn drop(&mut self) {
        // SAFETY: we hold one reference to a live runtime buffer.
        unsafe { buf::decref(self.buf) }
    }
}

/// Odometer over `shape` (last axis fastest) carrying one byte offset per
/// operand; calls `f` once per index with the offsets. An empty shape is one
/// call with zero offsets; any zero extent means no call.
pub fn for_each_offset<const N: usize>(shape: &[usize], strides: [&[isize]; N], mut f: impl FnMut([isize; N])) {
    if shape.contains(&0) {
        return;
    }
    let nd = shape.len();
    let mut idx = vec![0usize; nd];
    let mut off = [0isize; N];
    loop {
        f(off);
        let mut k = nd;
        loop {
            if k == 0 {
                return;
            }
            k -= 1;
            idx[k] += 1;
            for (o, s) in off.iter_mut().zip(&strides) {
                *o += s[k];
            }
            if idx[k] < shape[k] {
                break;
            }
            for (o, s) in off.iter_mut().zip(&strides) {
                *o -= s[k] * shape[k] as isize;
            }
            idx[k] = 0;
        }
    }
}

/// Odometer like [`for_each_offset`], but the caller handles the innermost
/// axis itself: `f(offsets, inner_len)` is called once per row, with the
/// offsets of the row's first element. An empty shape is one row of length 1.
pub fn for_each_row<const N: usize>(shape: &[usize], strides: [&[isize]; N], mut f: impl FnMut([isize; N], usize)) {
    match shape.split_last() {
        None => f([0; N], 1),
        Some((&n, outer)) => {
            if n == 0 {
                return;
            }
            let outer_strides: [&[isize]; N] = std::array::from_fn(|i| &strides[i][..outer.len()]);
            for_each_offset(outer, outer_strides, |off| f(off, n));
        }
    }
}

/// Like [`for_each_offset`] (same C order, one call per element), but with
/// axes merged first and the innermost axis as a tight loop: the fast way to
/// visit every element.
pub fn for_each_elem<const N: usize>(shape: &[usize], strides: [&[isize]; N], mut f: impl FnMut([isize; N])) {
    let (sh, st) = simplify(shape, strides);
    let refs: [&[isize]; N] = std::array::from_fn(|i| &st[i][..]);
    let inner: [isize; N] = std::array::from_fn(|i| *st[i].last().unwrap());
    for_each_row(&sh, refs, |base, n| {
        let mut off = base;
        for _ in 0..n {
            f(off);
            for (o, s) in off.iter_mut().zip(&inner) {
                *o += s;
            }
        }
    });
}

/// Removes extent-1 axes and merges axes that continue each other in C order
/// for every operand, so that loops over the result run as long as possible.
/// Returns the simplified shape and per-operand strides (never empty: a
/// scalar becomes one axis of extent 1).
pub fn simplify<const N: usize>(shape: &[usize], strides: [&[isize]; N]) -> (Vec<usize>, [Vec<isize>; N]) {
    let mut sh: Vec<usize> = Vec::new();
    let mut st: [Vec<isize>; N] = std::array::from_fn(|_| Vec::new());
    if shape.contains(&0) {
        return (vec![0], std::array::from_fn(|_| vec![0]));
    }
    for k in 0..shape.len() {
        if shape[k] == 1 {
            continue;
        }
        if let Some(&last) = sh.last() {
            let merge = (0..N).all(|i| *st[i].last().unwrap() == strides[i][k] * shape[k] as isize);
            if merge {
                *sh.last_mut().unwrap() = last * shape[k];
                for i in 0..N {
                    *st[i].last_mut().unwrap() = strides[i][k];
                }
                continue;
            }
        }
        sh.push(shape[k]);
        for i in 0..N {
            st[i].push(strides[i][k]);
        }
    }
    if sh.is_empty() {
        sh.push(1);
        for s in st.iter_mut() {
            s.push(0);
        }
    }
    (sh, st)
}

/// NumPy's iteration order for one operand (`npyiter_find_best_axis_ordering`):
/// the axes sorted innermost-first by absolute stride, ties and zero strides
/// keeping C order. Returns axis numbers, innermost first.
pub fn iteration_order(strides: &[isize]) -> Vec<usize> {
    // perm[0] is the innermost axis; start from C order (last axis innermost).
    let n = strides.len();
    let mut perm: Vec<usize> = (0..n).rev().collect();
    for i0 in 1..n {
        let j0 = perm[i0];
        let s0 = strides[j0];
        let mut ipos = i0;
        for i1 in (0..i0).rev() {
            let s1 = strides[perm[i1]];
            if s0 != 0 && s1 != 0 {
                if s1.unsigned_abs() <= s0.unsigned_abs() {
                    break;
                }
                ipos = i1;
            }
        }
        if ipos != i0 {
            perm[ipos..=i0].rotate_right(1);
        }
    }
    perm
}

/// Whether a NumPy ufunc loop over this operand runs its vector (SIMD) code
/// rather than its scalar fallback, which NumPy picks when the inner-loop
/// stride is negative. A 1-D (or fully merging) operand is passed with its own
/// stride; otherwise NumPy's iterator copies short inner runs (up to half its
/// 8192-element buffer) into a contiguous buffer first. An approximation of
/// nditer's buffering choice that matches NumPy on the layouts tested.
pub fn numpy_vector_loop(shape: &[usize], strides: &[isize]) -> bool {
    if shape.len() == 1 {
        // NumPy's trivial 1-D loop passes the stride as it is.
        return strides[0] >= 0;
    }
    let s: Vec<isize> = (0..shape.len()).map(|k| if shape[k] == 1 { 0 } else { strides[k] }).collect();
    let mut dims: Vec<(usize, isize)> = Vec::new();
    for k in iteration_order(&s) {
        if shape[k] == 1 {
            continue;
        }
        match dims.last_mut() {
            Some(last) if last.1 * last.0 as isize == strides[k] => last.0 *= shape[k],
            _ => dims.push((shape[k], strides[k])),
        }
    }
    match dims.first() {
        None => true,
        Some(&(_, st)) if st >= 0 => true,
        Some(&(len, _)) => dims.len() > 1 && len <= 4096,
    }
}

/// Byte strides of a dense array of `shape` laid out in NumPy's "K" order for
/// an array with `strides` (what `np.array(a, copy=True)` and ufunc outputs
/// get): the same axis nesting, all strides positive.
pub fn k_order_strides(shape: &[usize], strides: &[isize], itemsize: usize) -> Vec<isize> {
    // Extent-1 axes carry no order (NumPy treats their strides as 0).
    let s: Vec<isize> = (0..shape.len()).map(|k| if shape[k] == 1 { 0 } else { strides[k] }).collect();
    let order = iteration_order(&s);
    let mut out = vec![0isize; shape.len()];
    let mut acc = itemsize as isize;
    for &k in &order {
        out[k] = acc;
        acc *= shape[k].max(1) as isize;
    }
    out
}

#[cfg(test)]
pub(crate) mod testutil {
    //! Building `ArrayView`s over Rust vectors, reading results back, and a
    //! per-thread count of live heap bytes for leak checks.
    use super::*;
    use crate::elem::Elem;
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    thread_local! {
        static LIVE: Cell<isize> = const { Cell::new(0) };
    }

    /// The system allocator, counting this thread's live bytes.
    struct Counting;

    // SAFETY: forwards to the system allocator; the counter has no destructor
    // and never allocates.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            let _ = LIVE.try_with(|c| c.set(c.get() + l.size() as isize));
            // SAFETY: forwarded.
            unsafe { System.alloc(l) }
        }
        unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
            let _ = LIVE.try_with(|c| c.set(c.get() + l.size() as isize));
            // SAFETY: forwarded.
            unsafe { System.alloc_zeroed(l) }
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            let _ = LIVE.try_with(|c| c.set(c.get() - l.size() as isize));
            // SAFETY: forwarded.
            unsafe { System.dealloc(p, l) }
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
            let _ = LIVE.try_with(|c| c.set(c.get() + n as isize - l.size() as isize));
            // SAFETY: forwarded.
            unsafe { System.realloc(p, l, n) }
        }
    }

    #[global_allocator]
    static GLOBAL: Counting = Counting;

    /// Bytes this thread has allocated and not freed.
    pub fn live_bytes() -> isize {
        LIVE.with(|c| c.get())
    }

    /// A view of `data` with `shape`, C-contiguous.
    pub fn view<T: Elem>(data: &[T], shape: &[usize]) -> ArrayView {
        let strides = c_strides(shape, std::mem::size_of::<T>());
        view_strided(data.as_ptr() as *mut u8, T::DTYPE, shape, &strides)
    }

    /// A writable view of `data` with `shape`, C-contiguous.
    pub fn view_mut<T: Elem>(data: &mut [T], shape: &[usize]) -> ArrayView {
        let strides = c_strides(shape, std::mem::size_of::<T>());
        view_strided(data.as_mut_ptr() as *mut u8, T::DTYPE, shape, &strides)
    }

    /// A view at `ptr` with explicit byte strides.
    pub fn view_strided(ptr: *mut u8, dtype: u8, shape: &[usize], strides: &[isize]) -> ArrayView {
        let mut v = empty();
        v.data = ptr;
        v.dtype = dtype;
        v.ndim = shape.len() as u8;
        for k in 0..shape.len() {
            v.shape[k] = shape[k] as i64;
            v.strides[k] = strides[k] as i64;
        }
        v
    }

    pub fn empty() -> ArrayView {
        ArrayView {
            data: std::ptr::null_mut(),
            owner: std::ptr::null_mut(),
            dtype: 0,
            ndim: 0,
            _pad: [0; 6],
            shape: [0; MAX_NDIM],
            strides: [0; MAX_NDIM],
        }
    }

    /// Reads a result view (any strides) in C order and releases its buffer,
    /// checking that the caller held the only reference.
    pub fn take<T: Elem>(v: &ArrayView) -> (Vec<usize>, Vec<T>) {
        assert_eq!(v.dtype, T::DTYPE, "result dtype");
        let arr = unsafe { Arr::from_view(v) }.unwrap();
        assert!(arr.is_c_contiguous(), "result is not C-contiguous");
        let mut out = Vec::new();
        for_each_offset(&arr.shape, [&arr.strides], |[o]| unsafe { out.push(ld::<T>(arr.data.offset(o))) });
        unsafe {
            assert_eq!((*v.owner).refcnt.load(std::sync::atomic::Ordering::Relaxed), 1, "result must hold exactly one reference");
            assert_eq!((*v.owner).data, v.data);
            buf::decref(v.owner);
        }
        (arr.shape, out)
    }

    /// Takes the pending exception as `(kind, message)`.
    pub fn pending() -> (i32, String) {
        let p = crate::error::take().expect("an exception should be pending");
        (p.kind, p.message)
    }

    /// Asserts a call failed with a `ValueError` carrying `msg`.
    pub fn assert_value_error(rc: i32, msg: &str) {
        assert_eq!(rc, 1);
        assert_eq!(pending(), (exc::VALUE_ERROR, msg.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_and_axes() {
        assert_eq!(axes_from_mask(-1, 3).unwrap(), vec![true; 3]);
        assert_eq!(axes_from_mask(0b101, 3).unwrap(), vec![true, false, true]);
        assert!(axes_from_mask(0b100, 2).is_err());
        assert_eq!(testutil::pending().1, "axis 2 is out of bounds for array of dimension 2");
        assert_eq!(normalize_axis(-1, 3).unwrap(), 2);
        assert!(normalize_axis(-4, 3).is_err());
        assert_eq!(testutil::pending().1, "axis -4 is out of bounds for array of dimension 3");
    }

    #[test]
    fn shapes_print_like_numpy() {
        assert_eq!(shape_str(&[]), "()");
        assert_eq!(shape_str(&[3]), "(3,)");
        assert_eq!(shape_str(&[2, 3]), "(2,3)");
    }

    #[test]
    fn odometer_visits_c_order() {
        let mut seen = Vec::new();
        for_each_offset(&[2, 3], [&[30, 1]], |[o]| seen.push(o));
        assert_eq!(seen, [0, 1, 2, 30, 31, 32]);
        let mut rows = Vec::new();
        for_each_row(&[2, 3], [&[30, 1], &[0, 8]], |o, n| rows.push((o, n)));
        assert_eq!(rows, [([0, 0], 3), ([30, 0], 3)]);
        let mut none = 0;
        for_each_offset(&[2, 0], [&[8, 8]], |_| none += 1);
        assert_eq!(none, 0);
    }

    #[test]
    fn iteration_order_sorts_by_stride() {
        assert_eq!(iteration_order(&[80, 8]), [1, 0]);
        assert_eq!(iteration_order(&[8, 16]), [0, 1]);
        assert_eq!(iteration_order(&[-8, 800, 80]), [0, 2, 1]);
        assert_eq!(iteration_order(&[8, 8]), [1, 0]);
        assert_eq!(k_order_strides(&[2, 3], &[8, -16], 8), [8, 16]);
    }

    #[test]
    fn simplify_merges_contiguous_axes() {
        let (sh, [s]) = simplify(&[2, 1, 3], [&[24, 99, 8]]);
        assert_eq!((sh, s), (vec![6], vec![8]));
        let (sh, [s]) = simplify(&[2, 3], [&[48, 8]]);
        assert_eq!((sh, s), (vec![2, 3], vec![48, 8]));
    }
}
