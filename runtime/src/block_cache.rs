//! A per-thread cache of large freed buffer blocks.
//!
//! Why: code that makes the same large temporaries again and again
//! (`gray_scott`: five 2 MB arrays per time step) got fresh pages from the
//! operating system for each of them. glibc gives a large freed block back
//! (`munmap`, or trimming the top of the heap once more than twice the mmap
//! threshold is free), so every step page-faulted its temporaries in again:
//! a third of `gray_scott`'s time was page faults and page clearing. Keeping
//! a few freed blocks per thread lets the next allocation of about the same
//! size reuse memory that is already mapped.
//!
//! Invariants:
//! - a cached block belongs to the cache alone until `take` hands it out,
//!   once, to a request of the same alignment; blocks come from the global
//!   allocator and go back to it with the layout they were allocated with;
//! - only blocks of at least `MIN_SIZE` bytes are kept, at most `MAX_BLOCKS`
//!   of them and `MAX_BYTES` in all per thread (the oldest go first), so the
//!   memory held is bounded whatever the program does;
//! - `take` returns a block at most a quarter larger than asked for, so a
//!   small request never pins a huge block;
//! - a thread's cached blocks are freed when the thread exits.

use std::alloc::{self, Layout};
use std::cell::RefCell;

/// Smallest block worth keeping: below it, the allocator's own free lists
/// reuse memory without going back to the system.
pub const MIN_SIZE: usize = 256 << 10;
/// Most blocks kept per thread.
const MAX_BLOCKS: usize = 16;
/// Most bytes kept per thread.
const MAX_BYTES: usize = 64 << 20;

/// A thread's cached blocks (start, layout), oldest first.
struct Cache {
    blocks: Vec<(*mut u8, Layout)>,
    bytes: usize,
}

impl Drop for Cache {
    fn drop(&mut self) {
        for (block, layout) in self.blocks.drain(..) {
            // SAFETY: the cache owns the block, allocated with this layout.
            unsafe { alloc::dealloc(block, layout) };
        }
    }
}

thread_local! {
    static CACHE: RefCell<Cache> = const { RefCell::new(Cache { blocks: Vec::new(), bytes: 0 }) };
}

/// A cached block of `size..=size + size / 4` bytes (the smallest such),
/// allocated with alignment `align`: `(block, its size)`.
pub fn take(size: usize, align: usize) -> Option<(*mut u8, usize)> {
    if size < MIN_SIZE {
        return None;
    }
    CACHE
        .try_with(|c| {
            let mut c = c.borrow_mut();
            let limit = size + size / 4;
            let (pos, _) = c
                .blocks
                .iter()
                .enumerate()
                .filter(|(_, (_, l))| l.align() == align && (size..=limit).contains(&l.size()))
                .min_by_key(|(_, (_, l))| l.size())?;
            let (block, layout) = c.blocks.remove(pos);
            c.bytes -= layout.size();
            Some((block, layout.size()))
        })
        .ok()
        .flatten()
}

/// Keeps a freed block (allocated with `Layout(size, align)`) for reuse,
/// freeing the oldest ones when the thread's bounds would be exceeded;
/// false when it is not kept and the caller must free it.
pub fn give(block: *mut u8, size: usize, align: usize) -> bool {
    if !(MIN_SIZE..=MAX_BYTES).contains(&size) {
        return false;
    }
    CACHE
        .try_with(|c| {
            let mut c = c.borrow_mut();
            while c.blocks.len() >= MAX_BLOCKS || c.bytes + size > MAX_BYTES {
                let (old, layout) = c.blocks.remove(0);
                c.bytes -= layout.size();
                // SAFETY: the cache owned the block, allocated with this layout.
                unsafe { alloc::dealloc(old, layout) };
            }
            // SAFETY: the caller's block was allocated with this layout.
            c.blocks.push((block, unsafe { Layout::from_size_align_unchecked(size, align) }));
            c.bytes += size;
            true
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(size: usize) -> *mut u8 {
        unsafe { alloc::alloc(Layout::from_size_align(size, 16).unwrap()) }
    }

    #[test]
    fn reuses_close_sizes_and_bounds_what_it_keeps() {
        std::thread::spawn(|| {
            assert!(take(MIN_SIZE, 16).is_none());
            let a = block(MIN_SIZE * 2);
            assert!(give(a, MIN_SIZE * 2, 16));
            // Too small a request for this block, then a fitting one.
            assert!(take(MIN_SIZE, 16).is_none());
            assert!(take(MIN_SIZE * 2 - 100, 32).is_none());
            assert_eq!(take(MIN_SIZE * 2 - 100, 16), Some((a, MIN_SIZE * 2)));
            assert!(take(MIN_SIZE * 2, 16).is_none());
            assert!(give(a, MIN_SIZE * 2, 16));
            // Small blocks are not kept.
            let s = block(1024);
            assert!(!give(s, 1024, 16));
            unsafe { alloc::dealloc(s, Layout::from_size_align(1024, 16).unwrap()) };
            // At most MAX_BLOCKS blocks and MAX_BYTES bytes.
            for _ in 0..MAX_BLOCKS + 3 {
                let b = block(MIN_SIZE);
                assert!(give(b, MIN_SIZE, 16));
            }
            CACHE.with(|c| {
                let c = c.borrow();
                assert_eq!(c.blocks.len(), MAX_BLOCKS);
                assert!(c.bytes <= MAX_BYTES);
            });
            let big = block(MAX_BYTES / 2 + 1);
            assert!(give(big, MAX_BYTES / 2 + 1, 16));
            CACHE.with(|c| assert!(c.borrow().bytes <= MAX_BYTES));
        })
        .join()
        .unwrap();
    }
}
