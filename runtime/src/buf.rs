//! Reference-counted data buffers ([`KBuf`]): the memory behind every array
//! that compiled code creates.
//!
//! A buffer is one heap block: a 64-byte header area holding the [`KBuf`]
//! (plus what is needed to free the block), followed by the data. The data is
//! 64-byte aligned (a cache line, and enough for any vector load), and a
//! zero-size buffer still gets a valid, aligned, non-null data pointer.
//!
//! Invariants:
//! - a buffer made by [`kiln_buf_alloc`] has `pyobj == null`, starts with
//!   `refcnt == 1`, and is freed (header and data together) exactly when the
//!   count drops to 0;
//! - a `KBuf` whose `pyobj` is non-null borrows its memory from a Python object
//!   and lives on the trampoline's stack: it is never freed here, whatever its
//!   count does;
//! - counts are atomic, because parallel loops share buffers across threads;
//! - null handles are accepted (and ignored) by incref/decref, so compiled code
//!   needs no null checks on cleanup paths;
//! - a freed large block may go to the thread's `block_cache` instead of the
//!   allocator, and a new buffer may come from it (zero-filled when asked).

use std::alloc::{self, Layout};
use std::ptr;
use std::sync::atomic::{fence, AtomicIsize, Ordering};

use crate::abi::{exc, KBuf};
use crate::{block_cache, error};

/// Alignment of buffer data.
pub const DATA_ALIGN: usize = 64;

/// Bytes reserved in front of the data for the header; a multiple of
/// [`DATA_ALIGN`] so that aligning the header aligns the data.
const HEADER_SPACE: usize = 64;

/// Alignment requested from the system allocator. Keeping it at the malloc
/// guarantee (16) lets `alloc_zeroed` use `calloc`, which maps fresh zero pages
/// for large blocks instead of writing zeros; the 64-byte alignment is then
/// done by hand, at the cost of at most 48 bytes of slack.
const BLOCK_ALIGN: usize = 16;

/// What sits at the start of the header area. `kbuf` comes first, so a
/// `*mut KBuf` handed to compiled code is also a `*mut Header`.
#[repr(C)]
struct Header {
    kbuf: KBuf,
    /// Start of the block returned by the allocator.
    block: *mut u8,
    /// Size of that block, needed to rebuild its `Layout` when freeing.
    block_size: usize,
}

const _: () = assert!(std::mem::size_of::<Header>() <= HEADER_SPACE);
const _: () = assert!(HEADER_SPACE.is_multiple_of(DATA_ALIGN));

/// Blocks at least this large ask the kernel for transparent huge pages, as
/// NumPy does for its large arrays: a fresh 80 MB block otherwise costs some
/// 20,000 page faults on first touch, which made large results 3-5x slower to
/// fill than NumPy's (measured: an 80 MB copy took 39 ms instead of 8 ms).
const HUGEPAGE_MIN: usize = 1 << 22;

/// `madvise(MADV_HUGEPAGE)` over the whole pages of a block (Linux; a no-op
/// elsewhere, and a failed advice is harmless).
fn advise_hugepages(block: *mut u8, size: usize) {
    #[cfg(target_os = "linux")]
    {
        extern "C" {
            fn madvise(addr: *mut core::ffi::c_void, len: usize, advice: i32) -> i32;
        }
        const MADV_HUGEPAGE: i32 = 14;
        const PAGE: usize = 4096;
        let start = (block as usize).next_multiple_of(PAGE);
        let end = (block as usize + size) & !(PAGE - 1);
        if end > start {
            // SAFETY: the range lies inside the block just allocated; advice
            // never changes its contents.
            unsafe { madvise(start as *mut core::ffi::c_void, end - start, MADV_HUGEPAGE) };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (block, size);
}

/// NumPy's wording for a failed allocation, so a kiln `MemoryError` reads like
/// the one NumPy would have raised.
fn alloc_failure_message(nbytes: i64) -> String {
    format!("Unable to allocate {nbytes} bytes")
}

/// Allocates a buffer of `nbytes` bytes (zero-filled when `zeroed != 0`).
/// Returns a buffer with one reference, or null with a pending `MemoryError`
/// (or `ValueError` for a negative size, which NumPy reports as a negative
/// dimension).
#[no_mangle]
pub extern "C" fn kiln_buf_alloc(nbytes: i64, zeroed: i32) -> *mut KBuf {
    error::guard(ptr::null_mut(), || alloc_buf(nbytes, zeroed != 0))
}

fn alloc_buf(nbytes: i64, zeroed: bool) -> *mut KBuf {
    if nbytes < 0 {
        error::set(exc::VALUE_ERROR, "negative dimensions are not allowed");
        return ptr::null_mut();
    }
    let layout = (nbytes as usize)
        .checked_add(HEADER_SPACE + (DATA_ALIGN - BLOCK_ALIGN))
        .and_then(|size| Layout::from_size_align(size, BLOCK_ALIGN).ok());
    let Some(layout) = layout else {
        error::set(exc::MEMORY_ERROR, alloc_failure_message(nbytes));
        return ptr::null_mut();
    };
    // A block freed earlier by this thread, when one of about this size is
    // kept (its pages are mapped already), else a new one.
    let (block, block_size) = match block_cache::take(layout.size(), BLOCK_ALIGN) {
        Some((block, size)) => {
            if zeroed {
                // SAFETY: the cached block has `size >= layout.size()` writable bytes.
                unsafe { ptr::write_bytes(block, 0, layout.size()) };
            }
            (block, size)
        }
        None => {
            // SAFETY: `layout` has a nonzero size (at least HEADER_SPACE).
            let block = unsafe {
                if zeroed {
                    alloc::alloc_zeroed(layout)
                } else {
                    alloc::alloc(layout)
                }
            };
            if block.is_null() {
                error::set(exc::MEMORY_ERROR, alloc_failure_message(nbytes));
                return ptr::null_mut();
            }
            if layout.size() >= HUGEPAGE_MIN {
                advise_hugepages(block, layout.size());
            }
            (block, layout.size())
        }
    };
    let pad = block.align_offset(DATA_ALIGN);
    debug_assert!(pad <= DATA_ALIGN - BLOCK_ALIGN);
    // SAFETY: `pad + HEADER_SPACE + nbytes <= layout.size()`, so both the
    // header and the data lie inside the block, and the header is 64-aligned.
    unsafe {
        let header = block.add(pad).cast::<Header>();
        let data = block.add(pad + HEADER_SPACE);
        header.write(Header {
            kbuf: KBuf { refcnt: AtomicIsize::new(1), data, nbytes: nbytes as usize, pyobj: ptr::null_mut() },
            block,
            block_size,
        });
        header.cast::<KBuf>()
    }
}

/// Adds a reference to `buf` (null: no-op).
///
/// # Safety
/// `buf` is null or points to a live `KBuf`.
#[no_mangle]
pub unsafe extern "C" fn kiln_buf_incref(buf: *mut KBuf) {
    // A relaxed increment suffices: a thread can only add a reference through
    // one it already holds, so the buffer cannot be freed concurrently.
    // SAFETY: forwarded from this function's contract.
    error::guard((), || {
        if let Some(b) = unsafe { buf.as_ref() } {
            b.refcnt.fetch_add(1, Ordering::Relaxed);
        }
    })
}

/// Drops a reference to `buf` (null: no-op), freeing a runtime-owned buffer
/// when the last one goes.
///
/// # Safety
/// `buf` is null or points to a live `KBuf` on which the caller holds a reference.
#[no_mangle]
pub unsafe extern "C" fn kiln_buf_decref(buf: *mut KBuf) {
    // SAFETY: forwarded from this function's contract.
    error::guard((), || unsafe { decref(buf) })
}

/// # Safety
/// As [`kiln_buf_decref`].
pub(crate) unsafe fn decref(buf: *mut KBuf) {
    // SAFETY: the caller guarantees `buf` is null or live.
    let Some(b) = (unsafe { buf.as_ref() }) else {
        return;
    };
    // Release on the decrement and Acquire before freeing: every write made
    // through other references happens-before the free (the usual Arc scheme).
    if b.refcnt.fetch_sub(1, Ordering::Release) != 1 {
        return;
    }
    fence(Ordering::Acquire);
    if !b.pyobj.is_null() {
        // Borrowed from Python: the trampoline owns this KBuf, not us.
        return;
    }
    // SAFETY: a runtime-owned KBuf is always the head of a `Header` made by
    // `alloc_buf`, and this was its last reference.
    unsafe {
        let header = buf.cast::<Header>();
        let block = (*header).block;
        let size = (*header).block_size;
        // Large blocks are kept for this thread's next allocations.
        if !block_cache::give(block, size, BLOCK_ALIGN) {
            alloc::dealloc(block, Layout::from_size_align_unchecked(size, BLOCK_ALIGN));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(b: *mut KBuf) -> isize {
        unsafe { (*b).refcnt.load(Ordering::Relaxed) }
    }

    #[test]
    fn alloc_is_aligned_and_counted() {
        for n in [0i64, 1, 7, 64, 1000, 1 << 20] {
            for zeroed in [0, 1] {
                let b = kiln_buf_alloc(n, zeroed);
                assert!(!b.is_null());
                unsafe {
                    assert_eq!(count(b), 1);
                    assert_eq!((*b).nbytes, n as usize);
                    assert!(!(*b).data.is_null());
                    assert_eq!((*b).data as usize % DATA_ALIGN, 0);
                    assert!((*b).pyobj.is_null());
                    let data = std::slice::from_raw_parts_mut((*b).data, n as usize);
                    if zeroed != 0 {
                        assert!(data.iter().all(|&x| x == 0));
                    }
                    data.fill(0xab);
                    kiln_buf_incref(b);
                    assert_eq!(count(b), 2);
                    kiln_buf_decref(b);
                    assert_eq!(count(b), 1);
                    kiln_buf_decref(b);
                }
            }
        }
    }

    #[test]
    fn null_is_ignored() {
        unsafe {
            kiln_buf_incref(ptr::null_mut());
            kiln_buf_decref(ptr::null_mut());
        }
    }

    #[test]
    fn impossible_sizes_raise() {
        error::take();
        assert!(kiln_buf_alloc(i64::MAX, 0).is_null());
        let p = error::take().unwrap();
        assert_eq!(p.kind, exc::MEMORY_ERROR);
        assert_eq!(p.message, format!("Unable to allocate {} bytes", i64::MAX));
        assert!(kiln_buf_alloc(-1, 1).is_null());
        assert_eq!(error::take().unwrap().kind, exc::VALUE_ERROR);
    }

    #[test]
    fn borrowed_buffers_are_never_freed() {
        let mut byte = 0u8;
        let kb = KBuf {
            refcnt: AtomicIsize::new(1),
            data: &mut byte,
            nbytes: 1,
            pyobj: 8usize as *mut _, // any non-null marker; never dereferenced
        };
        let p = &kb as *const KBuf as *mut KBuf;
        unsafe {
            kiln_buf_incref(p);
            kiln_buf_decref(p);
            kiln_buf_decref(p);
        }
        assert_eq!(kb.refcnt.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn shared_across_threads() {
        let b = kiln_buf_alloc(128, 1) as usize;
        let handles: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(move || {
                    for _ in 0..10_000 {
                        unsafe {
                            kiln_buf_incref(b as *mut KBuf);
                            kiln_buf_decref(b as *mut KBuf);
                        }
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(count(b as *mut KBuf), 1);
        unsafe { kiln_buf_decref(b as *mut KBuf) };
    }
}
