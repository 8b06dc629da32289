//! `list` objects ([`KList`]): a growable vector of elements stored as their
//! flattened words, and the list methods and operators compiled code calls.
//!
//! Layout (abi.rs): `len`, `cap` (in elements) and `data` are read inline by
//! compiled code, which also loads, stores and manages the references of
//! individual elements itself (`l[i]`, `l[i] = x`, iteration). Everything
//! that reshapes the list goes through this module.
//!
//! Semantics are CPython's: `remove`, `index`, `count` and `in` use Python
//! `==`; `sort` is stable and uses Python `<` ([`value::cmp`]); slices follow
//! `PySlice_AdjustIndices`; exceptions carry CPython's messages.
//!
//! Divergence: when a comparison raises during `sort` (a `TypeError` from
//! unorderable items, which for kiln's homogeneous lists happens at the first
//! comparison), the list is left unchanged, where CPython may leave it partly
//! sorted. With NaNs (no consistent order) lists of 64 elements or more may
//! come out in another order than CPython's, because timsort's merge and
//! galloping pattern is not replicated (see [`sort_permutation`]).
//!
//! Invariants: `data` holds `cap * words` words, the first `len * words` of
//! them live elements owned by the list; `data` is never null (it dangles
//! when nothing is allocated); `data` either points into the header's own
//! block (`inline_words` words right after the header, see [`new_list`]) or
//! to a separate allocation of exactly `cap * words` words; an immortal
//! (static) list is never modified.

use std::alloc::{self, Layout};
use std::ptr::{self, NonNull};
use std::sync::atomic::AtomicIsize;

use super::code::Code;
use super::obj::{self, check_mutable, no_memory, raise, PyResult};
use super::slice;
use super::value::{self, Order};
use crate::abi::{exc, KList};
use crate::error;

fn words_layout(n: usize) -> Option<Layout> {
    Layout::array::<u64>(n).ok()
}

/// Allocates `n` words (dangling for 0), zeroed when asked.
fn alloc_words(n: usize, zeroed: bool) -> PyResult<*mut u64> {
    if n == 0 {
        return Ok(NonNull::dangling().as_ptr());
    }
    let Some(l) = words_layout(n) else {
        return no_memory();
    };
    // SAFETY: `l` has a nonzero size.
    let p = unsafe {
        if zeroed {
            alloc::alloc_zeroed(l)
        } else {
            alloc::alloc(l)
        }
    };
    if p.is_null() {
        return no_memory();
    }
    Ok(p.cast())
}

/// Frees `n` words from [`alloc_words`].
///
/// # Safety
/// `p` came from `alloc_words(n, _)` (or a realloc to `n` words).
unsafe fn free_words(p: *mut u64, n: usize) {
    if n != 0 {
        // SAFETY: guaranteed by the caller.
        unsafe { alloc::dealloc(p.cast(), words_layout(n).expect("live layout")) }
    }
}

/// The element type of a list.
///
/// # Safety
/// `l` is a live list.
pub unsafe fn code<'a>(l: *const KList) -> Code<'a> {
    // SAFETY: a live list's `ty` is a valid code.
    unsafe { Code::from_ptr((*l).ty) }
}

/// The number of elements.
///
/// # Safety
/// `l` is a live list.
pub unsafe fn len(l: *const KList) -> usize {
    // SAFETY: forwarded.
    unsafe { (*l).len as usize }
}

/// All element words, `len * words` of them.
///
/// # Safety
/// `l` is a live list; the slice is invalidated by any change to the list.
pub unsafe fn all_words<'a>(l: *const KList) -> &'a [u64] {
    // SAFETY: forwarded; `data` is never null.
    unsafe {
        let n = len(l) * code(l).words();
        std::slice::from_raw_parts((*l).data, n)
    }
}

/// Element `i`'s words.
///
/// # Safety
/// `l` is a live list and `i < len`.
pub unsafe fn item<'a>(l: *const KList, i: usize) -> &'a [u64] {
    // SAFETY: forwarded.
    unsafe {
        let w = code(l).words();
        std::slice::from_raw_parts((*l).data.add(i * w), w)
    }
}

/// Elements a list gets room for when created empty: most lists that start
/// empty are about to be appended to, and room in the header's block spares
/// the first growth an allocation.
const MIN_INLINE_ELEMS: usize = 4;

/// The most words of storage kept in a list's header block (256 bytes).
const MAX_INLINE_WORDS: usize = 32;

/// The layout of a list header followed by `inline_words` words of storage.
fn header_layout(inline_words: usize) -> Option<Layout> {
    let bytes = inline_words.checked_mul(8)?.checked_add(std::mem::size_of::<KList>())?;
    Layout::from_size_align(bytes, std::mem::align_of::<KList>()).ok()
}

/// The storage inside the header's block (only meaningful when
/// `inline_words > 0`).
fn inline_data(l: *const KList) -> *mut u64 {
    l.cast::<u8>().wrapping_add(std::mem::size_of::<KList>()).cast::<u64>().cast_mut()
}

/// Whether `data` lives in the header's block (so is freed with it).
///
/// # Safety
/// `l` is a live list.
unsafe fn data_is_inline(l: *const KList) -> bool {
    // SAFETY: forwarded.
    unsafe { (*l).inline_words > 0 && ptr::eq((*l).data, inline_data(l)) }
}

/// A new list of element type `c` with `len` elements, zero-filled or left
/// for the caller to fill, and room for `cap >= len`.
///
/// The header and the element storage are one allocation (one `malloc` and
/// one `free` per list instead of two: list-building code such as
/// `[head] + tail` is dominated by them); the storage moves out of the block
/// only when the list outgrows it.
pub fn new_list(c: Code, len: usize, cap: usize, zeroed: bool) -> PyResult<*mut KList> {
    let w = c.words();
    let cap = if cap == 0 && w != 0 { MIN_INLINE_ELEMS } else { cap.max(len) };
    let Some(n) = cap.checked_mul(w) else {
        return no_memory();
    };
    // Large storage gets its own block, so that what a list leaves behind
    // when it outgrows its header's block stays small.
    let inline_words = if n <= MAX_INLINE_WORDS { n } else { 0 };
    let Some(layout) = header_layout(inline_words) else {
        return no_memory();
    };
    // SAFETY: the layout has a nonzero size (it includes the header).
    let block = unsafe { alloc::alloc(layout) }.cast::<KList>();
    if block.is_null() {
        return no_memory();
    }
    let data = if inline_words == n {
        if n == 0 {
            NonNull::dangling().as_ptr()
        } else {
            inline_data(block)
        }
    } else {
        match alloc_words(n, zeroed) {
            Ok(p) => p,
            Err(e) => {
                // SAFETY: `block` was just allocated with `layout`.
                unsafe { alloc::dealloc(block.cast(), layout) };
                return Err(e);
            }
        }
    };
    if zeroed && inline_words != 0 {
        // SAFETY: `data` is the `n` words of inline storage.
        unsafe { ptr::write_bytes(data, 0, n) };
    }
    obj::note_alloc();
    // SAFETY: `block` is a fresh allocation with room for the header.
    unsafe {
        block.write(KList {
            refcnt: AtomicIsize::new(1),
            len: len as i64,
            cap: cap as i64,
            data,
            ty: c.ptr(),
            inline_words: inline_words as i64,
        })
    };
    Ok(block)
}

/// Frees a list's header block (its elements and outside storage are
/// already gone).
///
/// # Safety
/// `l` came from [`new_list`] and is not used again.
unsafe fn free_header(l: *mut KList) {
    // SAFETY: forwarded; the layout is the one `new_list` allocated with.
    unsafe {
        let layout = header_layout((*l).inline_words as usize).expect("live layout");
        alloc::dealloc(l.cast(), layout);
    }
}

/// A new list holding copies of `words` (retained), `words.len() / c.words()`
/// elements (`n` elements when the type has no words).
///
/// # Safety
/// `words` are live element words of type `c`.
pub unsafe fn from_words(c: Code, words: &[u64], n: usize) -> PyResult<*mut KList> {
    let l = new_list(c, n, n, false)?;
    // SAFETY: the new list has room for `words`; retaining makes the copies owned.
    unsafe {
        ptr::copy_nonoverlapping(words.as_ptr(), (*l).data, words.len());
        value::retain_all(c, words);
    }
    Ok(l)
}

/// Drops a reference, freeing the list and its elements with the last one.
///
/// # Safety
/// `l` is null or a live list on which the caller holds a reference.
pub unsafe fn decref(l: *mut KList) {
    // SAFETY: forwarded.
    unsafe {
        if obj::decref_is_last(l.cast()) {
            free(l);
        }
    }
}

/// Frees a list whose count reached zero, and releases its elements.
///
/// # Safety
/// `l` is a dead list: its last reference was just dropped.
unsafe fn free(l: *mut KList) {
    // SAFETY: forwarded.
    unsafe {
        let c = code(l);
        value::release_all(c, all_words(l));
        if !data_is_inline(l) {
            free_words((*l).data, (*l).cap as usize * c.words());
        }
        free_header(l);
        obj::note_free();
    }
}

/// Makes room for `extra` more elements.
///
/// # Safety
/// `l` is a live, mutable list.
unsafe fn reserve(l: *mut KList, extra: usize) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let (len, cap) = ((*l).len as usize, (*l).cap as usize);
        let Some(need) = len.checked_add(extra) else {
            return no_memory();
        };
        if need <= cap {
            return Ok(());
        }
        let w = code(l).words();
        let new_cap = need.max(cap.saturating_mul(2)).max(4);
        let (Some(old_n), Some(new_n)) = (cap.checked_mul(w), new_cap.checked_mul(w)) else {
            return no_memory();
        };
        if new_n > isize::MAX as usize / 8 {
            return no_memory();
        }
        if w != 0 {
            let data = if old_n == 0 {
                alloc_words(new_n, false)?
            } else if data_is_inline(l) {
                // Outgrowing the header's block: the storage moves out (the
                // inline words stay allocated, unused, until the list dies).
                let p = alloc_words(new_n, false)?;
                ptr::copy_nonoverlapping((*l).data, p, len * w);
                p
            } else {
                let p = alloc::realloc((*l).data.cast(), words_layout(old_n).expect("live layout"), new_n * 8);
                if p.is_null() {
                    return no_memory();
                }
                p.cast()
            };
            (*l).data = data;
        }
        (*l).cap = new_cap as i64;
        Ok(())
    }
}

/// Appends an element, taking ownership of its references (released on
/// failure).
///
/// # Safety
/// `l` is a live list; `w` are owned words of its element type.
pub unsafe fn push(l: *mut KList, w: &[u64]) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let c = code(l);
        if let Err(e) = check_mutable(l.cast(), "list").and_then(|_| reserve(l, 1)) {
            value::release(c, w);
            return Err(e);
        }
        let n = c.words();
        ptr::copy_nonoverlapping(w.as_ptr(), (*l).data.add((*l).len as usize * n), n);
        (*l).len += 1;
        Ok(())
    }
}

/// Inserts owned words of `count` elements at position `at` (`<= len`).
///
/// # Safety
/// `l` is a live mutable list with room reserved; `w` holds `count` elements.
unsafe fn insert_words(l: *mut KList, at: usize, w: &[u64], count: usize) {
    // SAFETY: room was reserved, so both ranges are inside the allocation.
    unsafe {
        let n = code(l).words();
        let len = (*l).len as usize;
        let base = (*l).data;
        ptr::copy(base.add(at * n), base.add((at + count) * n), (len - at) * n);
        ptr::copy_nonoverlapping(w.as_ptr(), base.add(at * n), w.len());
        (*l).len += count as i64;
    }
}

/// Removes `count` elements at `at` without releasing them, returning their
/// words (now owned by the caller).
///
/// # Safety
/// `l` is a live mutable list and `at + count <= len`.
unsafe fn take_range(l: *mut KList, at: usize, count: usize) -> Vec<u64> {
    // SAFETY: the range is inside the live elements.
    unsafe {
        let n = code(l).words();
        let len = (*l).len as usize;
        let base = (*l).data;
        let taken = std::slice::from_raw_parts(base.add(at * n), count * n).to_vec();
        ptr::copy(base.add((at + count) * n), base.add(at * n), (len - at - count) * n);
        (*l).len -= count as i64;
        taken
    }
}

/// Index of the first element equal to `x` in `lo..hi`.
///
/// # Safety
/// `l` is a live list; `x` are live words of its element type.
unsafe fn find(l: *const KList, x: &[u64], lo: usize, hi: usize) -> PyResult<Option<usize>> {
    // SAFETY: forwarded; indices are below `len`, re-read on every step.
    unsafe {
        let c = code(l);
        let mut i = lo;
        while i < hi.min(len(l)) {
            if value::eq(c, item(l, i), x)? {
                return Ok(Some(i));
            }
            i += 1;
        }
        Ok(None)
    }
}

/// `a == b` for two lists of the same type.
///
/// # Safety
/// Both are live lists.
pub unsafe fn eq(a: *const KList, b: *const KList) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        if len(a) != len(b) {
            return Ok(false);
        }
        let c = code(a);
        for i in 0..len(a) {
            if !value::eq(c, item(a, i), item(b, i))? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// Python's ordering of two lists: at the first unequal item, else by length.
///
/// # Safety
/// Both are live lists.
pub unsafe fn cmp(a: *const KList, b: *const KList) -> PyResult<Order> {
    // SAFETY: forwarded.
    unsafe {
        let c = code(a);
        for i in 0..len(a).min(len(b)) {
            let (x, y) = (item(a, i), item(b, i));
            if !value::eq(c, x, y)? {
                return value::cmp(c, x, y);
            }
        }
        Ok(match len(a).cmp(&len(b)) {
            std::cmp::Ordering::Less => Order::Less,
            std::cmp::Ordering::Equal => Order::Equal,
            std::cmp::Ordering::Greater => Order::Greater,
        })
    }
}

/// Appends `repr(l)`.
///
/// # Safety
/// `l` is a live list.
pub unsafe fn repr(l: *const KList, out: &mut String) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let c = code(l);
        out.push('[');
        for i in 0..len(l) {
            if i > 0 {
                out.push_str(", ");
            }
            value::repr(c, item(l, i), out, false)?;
        }
        out.push(']');
        Ok(())
    }
}

/// CPython's `merge_compute_minrun`: runs shorter than this are extended by
/// binary insertion.
fn minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// Sorts `0..n` under a fallible strict `lt` (Python's `<`), stably; returns
/// the sorting permutation, or the first comparison error.
///
/// The runs are found exactly as CPython's timsort finds them (`count_run`:
/// a strictly descending prefix is reversed, a non-descending one kept) and
/// extended to `minrun` by the same binary insertion, so for fewer than 64
/// elements the comparisons, and so the result even under an inconsistent
/// order such as NaN's, are CPython's. Runs are then merged pairwise, which
/// gives the same result whenever the order is consistent (a stable sort's
/// output is unique then).
pub fn sort_permutation(n: usize, mut lt: impl FnMut(usize, usize) -> PyResult<bool>) -> PyResult<Vec<usize>> {
    let mut idx: Vec<usize> = (0..n).collect();
    let min = minrun(n);
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut lo = 0;
    while lo < n {
        // count_run
        let mut hi = lo + 1;
        if hi < n {
            if lt(idx[hi], idx[hi - 1])? {
                hi += 1;
                while hi < n && lt(idx[hi], idx[hi - 1])? {
                    hi += 1;
                }
                idx[lo..hi].reverse();
            } else {
                hi += 1;
                while hi < n && !lt(idx[hi], idx[hi - 1])? {
                    hi += 1;
                }
            }
        }
        // binarysort up to the minimum run length
        let force = (lo + min).min(n);
        while hi < force {
            let x = idx[hi];
            let (mut l, mut r) = (lo, hi);
            while l < r {
                let mid = l + (r - l) / 2;
                if lt(x, idx[mid])? {
                    r = mid;
                } else {
                    l = mid + 1;
                }
            }
            idx.copy_within(l..hi, l + 1);
            idx[l] = x;
            hi += 1;
        }
        runs.push((lo, hi));
        lo = hi;
    }
    let mut tmp = vec![0; n];
    while runs.len() > 1 {
        let mut merged = Vec::with_capacity(runs.len() / 2 + 1);
        for pair in runs.chunks(2) {
            let &[(a, mid), (_, b)] = pair else {
                merged.push(pair[0]);
                continue;
            };
            let (mut i, mut j, mut k) = (a, mid, a);
            while i < mid && j < b {
                // Take from the right only when strictly smaller: stable.
                if lt(idx[j], idx[i])? {
                    tmp[k] = idx[j];
                    j += 1;
                } else {
                    tmp[k] = idx[i];
                    i += 1;
                }
                k += 1;
            }
            tmp[k..k + mid - i].copy_from_slice(&idx[i..mid]);
            k += mid - i;
            tmp[k..k + b - j].copy_from_slice(&idx[j..b]);
            idx[a..b].copy_from_slice(&tmp[a..b]);
            merged.push((a, b));
        }
        runs = merged;
    }
    Ok(idx)
}

/// `l.sort(reverse=...)`.
///
/// # Safety
/// `l` is a live list.
pub unsafe fn sort(l: *mut KList, reverse: bool) -> PyResult<()> {
    // SAFETY: forwarded; the permutation only moves owned words.
    unsafe {
        check_mutable(l.cast(), "list")?;
        let n = len(l);
        if n < 2 {
            return Ok(());
        }
        let c = code(l);
        let w = c.words();
        // CPython sorts a reversed list ascending and reverses the result, so
        // that equal elements keep their original order either way.
        let pos = |k: usize| if reverse { n - 1 - k } else { k };
        let perm = sort_permutation(n, |i, j| Ok(value::cmp(c, item(l, pos(i)), item(l, pos(j)))?.is_lt()))?;
        let old = all_words(l).to_vec();
        let data = (*l).data;
        for (k, &i) in perm.iter().enumerate() {
            let dst = if reverse { n - 1 - k } else { k };
            let src = pos(i);
            ptr::copy_nonoverlapping(old.as_ptr().add(src * w), data.add(dst * w), w);
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Entry points.

/// Runs a status-returning body: 0 on success, 1 with an exception pending.
fn status(body: impl FnOnce() -> PyResult<()>) -> i32 {
    error::guard(1, || match body() {
        Ok(()) => 0,
        Err(_) => 1,
    })
}

/// Runs a body returning a new list (null with an exception pending).
fn new_or_null(body: impl FnOnce() -> PyResult<*mut KList>) -> *mut KList {
    error::guard(ptr::null_mut(), || body().unwrap_or(ptr::null_mut()))
}

/// `kiln_list_new(elem ty, len)`: a list of `len` zero-filled elements.
///
/// # Safety
/// `ty` is a valid element type code that outlives the list.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_new(ty: *const u8, len: i64) -> *mut KList {
    new_or_null(|| {
        if len < 0 {
            return no_memory();
        }
        // SAFETY: forwarded.
        new_list(unsafe { Code::from_ptr(ty) }, len as usize, len as usize, true)
    })
}

/// `kiln_list_free(l)`: frees a list after compiled code dropped its last
/// reference (the inline fast path of a decref, back/clif.rs).
///
/// # Safety
/// As [`free`].
#[no_mangle]
pub unsafe extern "C" fn kiln_list_free(l: *mut KList) {
    std::sync::atomic::fence(std::sync::atomic::Ordering::Acquire);
    // SAFETY: forwarded.
    error::guard((), || unsafe { free(l) })
}

/// `kiln_list_decref(l)`.
///
/// # Safety
/// As [`decref`].
#[no_mangle]
pub unsafe extern "C" fn kiln_list_decref(l: *mut KList) {
    // SAFETY: forwarded.
    error::guard((), || unsafe { decref(l) })
}

/// `kiln_list_append(l, elem)`: takes ownership of the element.
///
/// # Safety
/// `l` is a live list; `elem` points to owned words of its element type.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_append(l: *mut KList, elem: *const u64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe { push(l, value::words(code(l), elem)) })
}

/// `kiln_list_extend(l, other)`: `l += other` (`other` borrowed; may be `l`).
///
/// # Safety
/// Both are live lists of the same element type.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_extend(l: *mut KList, other: *const KList) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        check_mutable(l.cast(), "list")?;
        let c = code(l);
        let count = len(other);
        if ptr::eq(l.cast_const(), other) {
            // `l += l`: reserving moves the words being read, so copy them first.
            let add = all_words(other).to_vec();
            reserve(l, count)?;
            value::retain_all(c, &add);
            insert_words(l, len(l), &add, count);
        } else {
            reserve(l, count)?;
            let add = all_words(other);
            value::retain_all(c, add);
            insert_words(l, len(l), add, count);
        }
        Ok(())
    })
}

/// `kiln_list_insert(l, index, elem)`: takes ownership of the element;
/// Python's clamping of the index.
///
/// # Safety
/// As [`kiln_list_append`].
#[no_mangle]
pub unsafe extern "C" fn kiln_list_insert(l: *mut KList, index: i64, elem: *const u64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        let c = code(l);
        let w = value::words(c, elem);
        if let Err(e) = check_mutable(l.cast(), "list").and_then(|_| reserve(l, 1)) {
            value::release(c, w);
            return Err(e);
        }
        let n = len(l) as i64;
        let at = if index < 0 { (index.saturating_add(n)).max(0) } else { index.min(n) };
        insert_words(l, at as usize, w, 1);
        Ok(())
    })
}

/// `kiln_list_pop(l, index, out)`: the element's references move to `out`.
///
/// # Safety
/// `l` is a live list; `out` has room for one element.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_pop(l: *mut KList, index: i64, out: *mut u64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        check_mutable(l.cast(), "list")?;
        let n = len(l);
        if n == 0 {
            return raise(exc::INDEX_ERROR, "pop from empty list");
        }
        let Some(i) = slice::index(index, n) else {
            return raise(exc::INDEX_ERROR, "pop index out of range");
        };
        let w = take_range(l, i, 1);
        ptr::copy_nonoverlapping(w.as_ptr(), out, w.len());
        Ok(())
    })
}

/// `kiln_list_remove(l, elem)`: removes the first element `== elem`.
///
/// # Safety
/// `l` is a live list; `elem` points to live words of its element type.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_remove(l: *mut KList, elem: *const u64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        check_mutable(l.cast(), "list")?;
        let c = code(l);
        match find(l, value::words(c, elem), 0, len(l))? {
            Some(i) => {
                let w = take_range(l, i, 1);
                value::release(c, &w);
                Ok(())
            }
            None => raise(exc::VALUE_ERROR, "list.remove(x): x not in list"),
        }
    })
}

/// `kiln_list_index(l, elem, start, stop, out)`: `l.index(elem, start, stop)`.
///
/// # Safety
/// As [`kiln_list_remove`]; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_index(l: *const KList, elem: *const u64, start: i64, stop: i64, out: *mut i64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        let c = code(l);
        let x = value::words(c, elem);
        let (lo, hi) = slice::clamp_bounds(len(l), start, stop);
        match find(l, x, lo, hi)? {
            Some(i) => {
                *out = i as i64;
                Ok(())
            }
            None => {
                let mut msg = String::new();
                value::repr(c, x, &mut msg, false)?;
                msg.push_str(" is not in list");
                raise(exc::VALUE_ERROR, msg)
            }
        }
    })
}

/// `kiln_list_count(l, elem)`: the number of elements `== elem`; -1 with an
/// exception pending (possible only for elements holding arrays).
///
/// # Safety
/// As [`kiln_list_remove`].
#[no_mangle]
pub unsafe extern "C" fn kiln_list_count(l: *const KList, elem: *const u64) -> i64 {
    error::guard(-1, || {
        // SAFETY: forwarded.
        unsafe {
            let c = code(l);
            let x = value::words(c, elem);
            let mut k = 0;
            for i in 0..len(l) {
                match value::eq(c, item(l, i), x) {
                    Ok(true) => k += 1,
                    Ok(false) => {}
                    Err(_) => return -1,
                }
            }
            k
        }
    })
}

/// `kiln_list_contains(l, elem)`: 1 if some element `== elem`, else 0; -1 with
/// an exception pending (elements holding arrays only).
///
/// # Safety
/// As [`kiln_list_remove`].
#[no_mangle]
pub unsafe extern "C" fn kiln_list_contains(l: *const KList, elem: *const u64) -> i32 {
    error::guard(-1, || {
        // SAFETY: forwarded.
        unsafe {
            match find(l, value::words(code(l), elem), 0, len(l)) {
                Ok(r) => r.is_some() as i32,
                Err(_) => -1,
            }
        }
    })
}

/// `kiln_list_sort(l, reverse)`.
///
/// # Safety
/// `l` is a live list.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_sort(l: *mut KList, reverse: i32) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe { sort(l, reverse != 0) })
}

/// `kiln_list_reverse(l)`.
///
/// # Safety
/// `l` is a live list.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_reverse(l: *mut KList) {
    error::guard((), || {
        // SAFETY: forwarded.
        unsafe {
            let n = len(l);
            if n < 2 || check_mutable(l.cast(), "list").is_err() {
                return;
            }
            let w = code(l).words();
            let data = std::slice::from_raw_parts_mut((*l).data, n * w);
            for i in 0..n / 2 {
                let j = n - 1 - i;
                for k in 0..w {
                    data.swap(i * w + k, j * w + k);
                }
            }
        }
    })
}

/// `kiln_list_clear(l)`.
///
/// # Safety
/// `l` is a live list.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_clear(l: *mut KList) {
    error::guard((), || {
        // SAFETY: forwarded. The list is emptied before its old elements are
        // released, so it is consistent at every point.
        unsafe {
            if check_mutable(l.cast(), "list").is_err() {
                return;
            }
            let old = take_range(l, 0, len(l));
            value::release_all(code(l), &old);
        }
    })
}

/// `kiln_list_slice(l, start, stop, step, has_start, has_stop)`: a new list.
///
/// # Safety
/// `l` is a live list.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_slice(l: *const KList, start: i64, stop: i64, step: i64, has_start: i32, has_stop: i32) -> *mut KList {
    // SAFETY: forwarded.
    new_or_null(|| unsafe {
        let span = slice::resolve(len(l), start, stop, step, has_start != 0, has_stop != 0)?;
        slice_with_room(l, span, 0)
    })
}

/// A new list with the elements of `l` that `span` selects (retained), and
/// room for `extra` more.
///
/// # Safety
/// `l` is a live list and `span` was resolved against its length.
unsafe fn slice_with_room(l: *const KList, span: slice::Span, extra: usize) -> PyResult<*mut KList> {
    // SAFETY: forwarded.
    unsafe {
        let c = code(l);
        let count = span.count as usize;
        let Some(cap) = count.checked_add(extra) else {
            return no_memory();
        };
        let out = new_list(c, count, cap, false)?;
        let w = c.words();
        if count > 0 && span.step == 1 {
            // Contiguous: one copy, and nothing to retain for plain numbers.
            let src = &all_words(l)[span.start as usize * w..][..count * w];
            ptr::copy_nonoverlapping(src.as_ptr(), (*out).data, src.len());
            value::retain_all(c, src);
        } else {
            for k in 0..count {
                let src = item(l, span.at(k as i64));
                ptr::copy_nonoverlapping(src.as_ptr(), (*out).data.add(k * w), w);
                value::retain(c, src);
            }
        }
        Ok(out)
    }
}

/// The span of every element of `l`.
///
/// # Safety
/// `l` is a live list.
unsafe fn whole(l: *const KList) -> slice::Span {
    // SAFETY: forwarded.
    slice::Span { start: 0, step: 1, count: unsafe { len(l) } as i64 }
}

/// Appends copies of `r`'s elements (retained) to `out`, which has room.
///
/// # Safety
/// `out` is a fresh list with room for `len(r)` more elements of `r`'s type.
unsafe fn append_copies(out: *mut KList, r: *const KList) {
    // SAFETY: forwarded.
    unsafe {
        let c = code(r);
        let add = all_words(r);
        ptr::copy_nonoverlapping(add.as_ptr(), (*out).data.add(len(out) * c.words()), add.len());
        value::retain_all(c, add);
        (*out).len += len(r) as i64;
    }
}

/// `kiln_list_slice_concat(l, start, stop, has_start, has_stop, r)`:
/// `l[start:stop] + r` as one new list (`items[:i] + items[i + 1:]` would
/// otherwise allocate the slice, then the sum).
///
/// # Safety
/// `l` and `r` are live lists of the same element type.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_slice_concat(
    l: *const KList,
    start: i64,
    stop: i64,
    has_start: i32,
    has_stop: i32,
    r: *const KList,
) -> *mut KList {
    // SAFETY: forwarded.
    new_or_null(|| unsafe {
        let span = slice::resolve(len(l), start, stop, 1, has_start != 0, has_stop != 0)?;
        let out = slice_with_room(l, span, len(r))?;
        append_copies(out, r);
        Ok(out)
    })
}

/// `kiln_list_concat(a, b)`: a new list `a + b`.
///
/// # Safety
/// Both are live lists of the same element type.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_concat(a: *const KList, b: *const KList) -> *mut KList {
    // SAFETY: forwarded.
    // Straight into the new list: `a + b` runs in tight loops, where a
    // staging copy doubles the cost.
    new_or_null(|| unsafe {
        let out = slice_with_room(a, whole(a), len(b))?;
        append_copies(out, b);
        Ok(out)
    })
}

/// `kiln_list_with_capacity(elem ty, cap)`: an empty list with room for
/// `cap` elements (`[a, b] + r` is built in one allocation this way).
///
/// # Safety
/// `ty` is a valid element type code that outlives the list.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_with_capacity(ty: *const u8, cap: i64) -> *mut KList {
    new_or_null(|| {
        if cap < 0 {
            return no_memory();
        }
        // SAFETY: forwarded.
        new_list(unsafe { Code::from_ptr(ty) }, 0, cap as usize, false)
    })
}

/// `kiln_list_prepend(l, elem)`: a new list `[elem] + l` (takes ownership of
/// the element), one allocation and one call for the `[head] + tail` of
/// recursive list builders.
///
/// # Safety
/// `l` is a live list; `elem` holds owned words of its element type.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_prepend(l: *const KList, elem: *const u64) -> *mut KList {
    // SAFETY: forwarded.
    new_or_null(|| unsafe {
        let c = code(l);
        let w = c.words();
        let head = std::slice::from_raw_parts(elem, w);
        let words = all_words(l);
        let out = match new_list(c, len(l) + 1, len(l) + 1, false) {
            Ok(out) => out,
            Err(e) => {
                value::release(c, head);
                return Err(e);
            }
        };
        ptr::copy_nonoverlapping(head.as_ptr(), (*out).data, w);
        ptr::copy_nonoverlapping(words.as_ptr(), (*out).data.add(w), words.len());
        value::retain_all(c, words);
        Ok(out)
    })
}

/// `kiln_list_copy_reserve(l, extra)`: a new list with `l`'s elements and
/// room for `extra` more (`l + [a, b]` in one allocation).
///
/// # Safety
/// `l` is a live list.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_copy_reserve(l: *const KList, extra: i64) -> *mut KList {
    // SAFETY: forwarded.
    new_or_null(|| unsafe {
        let Ok(extra) = usize::try_from(extra) else {
            return no_memory();
        };
        slice_with_room(l, whole(l), extra)
    })
}

/// `kiln_list_repeat(l, n)`: a new list `l * n`.
///
/// # Safety
/// `l` is a live list.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_repeat(l: *const KList, n: i64) -> *mut KList {
    // SAFETY: forwarded.
    new_or_null(|| unsafe {
        let c = code(l);
        let n = n.max(0) as usize;
        let Some(total) = len(l).checked_mul(n).filter(|&t| t <= isize::MAX as usize / 8) else {
            return no_memory();
        };
        let src = all_words(l);
        let out = new_list(c, total, total, false)?;
        for k in 0..n {
            ptr::copy_nonoverlapping(src.as_ptr(), (*out).data.add(k * src.len()), src.len());
            value::retain_all(c, src);
        }
        Ok(out)
    })
}

/// `kiln_list_setslice(l, start, stop, step, has_start, has_stop, other)`:
/// `l[start:stop:step] = other` (`other` borrowed; may be `l`).
///
/// # Safety
/// Both are live lists of the same element type.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_setslice(
    l: *mut KList,
    start: i64,
    stop: i64,
    step: i64,
    has_start: i32,
    has_stop: i32,
    other: *const KList,
) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        check_mutable(l.cast(), "list")?;
        let c = code(l);
        let w = c.words();
        let new = all_words(other).to_vec();
        let nnew = len(other);
        let span = slice::resolve(len(l), start, stop, step, has_start != 0, has_stop != 0)?;
        if step == 1 {
            let lo = span.start as usize;
            let hi = (lo + span.count as usize).max(lo);
            reserve(l, nnew)?;
            value::retain_all(c, &new);
            let old = take_range(l, lo, hi - lo);
            insert_words(l, lo, &new, nnew);
            value::release_all(c, &old);
            return Ok(());
        }
        if span.count as usize != nnew {
            return raise(exc::VALUE_ERROR, format!("attempt to assign sequence of size {nnew} to extended slice of size {}", span.count));
        }
        value::retain_all(c, &new);
        let mut old = Vec::with_capacity(new.len());
        for k in 0..nnew {
            let dst = (*l).data.add(span.at(k as i64) * w);
            old.extend_from_slice(std::slice::from_raw_parts(dst, w));
            ptr::copy_nonoverlapping(new.as_ptr().add(k * w), dst, w);
        }
        value::release_all(c, &old);
        Ok(())
    })
}

/// `kiln_list_delitem(l, index)`: `del l[index]`.
///
/// # Safety
/// `l` is a live list.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_delitem(l: *mut KList, index: i64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        check_mutable(l.cast(), "list")?;
        let Some(i) = slice::index(index, len(l)) else {
            return raise(exc::INDEX_ERROR, "list assignment index out of range");
        };
        let w = take_range(l, i, 1);
        value::release(code(l), &w);
        Ok(())
    })
}

/// `kiln_list_eq(a, b)`: 1 if `a == b`, else 0; -1 with an exception pending
/// (elements holding arrays only).
///
/// # Safety
/// Both are live lists of the same element type.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_eq(a: *const KList, b: *const KList) -> i32 {
    // SAFETY: forwarded.
    error::guard(-1, || match unsafe { eq(a, b) } {
        Ok(r) => r as i32,
        Err(_) => -1,
    })
}

/// `kiln_list_cmp(a, b, out)`: status; `*out` as for `kiln_value_cmp`.
///
/// # Safety
/// Both are live lists of the same element type; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_list_cmp(a: *const KList, b: *const KList, out: *mut i32) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        *out = cmp(a, b)?.code();
        Ok(())
    })
}
