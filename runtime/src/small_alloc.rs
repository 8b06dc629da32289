//! The runtime's global allocator: per-thread free lists for small blocks,
//! in front of the system allocator.
//!
//! Container code allocates and frees many small blocks in quick succession
//! (list headers and element buffers, set tables, strings): `items[:i] +
//! items[i + 1:]` makes three lists, and a loop over permutations does that
//! millions of times. glibc's own per-thread cache holds seven blocks of a
//! size, so such code spends a third of its time in `malloc`/`free`. Here a
//! freed block of at most `MAX_SMALL` (1 KiB) bytes goes to a free list of
//! its size class on the freeing thread, and the next allocation of that
//! class on that thread takes it back. Classes step by 16 bytes up to 256,
//! then by 64 up to 512 and by 128 up to 1 KiB (a set of up to 21 ints has a
//! 768-byte table).
//!
//! Invariants:
//! - a small request (size <= `MAX_SMALL`, alignment <= 16) is always
//!   backed by a system block of its class's layout (`class_layout`),
//!   whether it came from a free list or from the system, so any thread may
//!   free it to the system with that layout;
//! - a free list never holds more than `CLASS_CAP_BYTES` bytes, so the
//!   memory a thread keeps cached is bounded (at most 1.5 MiB), however many
//!   calls it makes; a thread's lists go back to the system when it exits;
//! - nothing here allocates, and a thread whose cache is gone (during its
//!   exit) uses the system allocator directly.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::ptr;

/// Size step of the smallest classes, and the alignment of all.
const STEP: usize = 16;
/// Number of classes: 16 of 16-byte steps, 4 of 64, 4 of 128.
const CLASSES: usize = 24;
/// Largest block served from the free lists.
pub const MAX_SMALL: usize = 1024;
/// Most bytes one class keeps on one thread's free list.
const CLASS_CAP_BYTES: usize = 64 * 1024;

/// A free block, linked through its first word.
struct FreeBlock {
    next: *mut FreeBlock,
}

/// One thread's free lists.
struct Cache {
    head: [*mut FreeBlock; CLASSES],
    count: [usize; CLASSES],
}

impl Cache {
    const fn new() -> Cache {
        Cache { head: [ptr::null_mut(); CLASSES], count: [0; CLASSES] }
    }

    fn pop(&mut self, class: usize) -> Option<*mut u8> {
        let b = self.head[class];
        if b.is_null() {
            return None;
        }
        // SAFETY: blocks on the list are free blocks this cache owns.
        self.head[class] = unsafe { (*b).next };
        self.count[class] -= 1;
        Some(b.cast())
    }

    /// Keeps `p` unless the class's list is full.
    fn push(&mut self, class: usize, p: *mut u8) -> bool {
        if (self.count[class] + 1) * class_size(class) > CLASS_CAP_BYTES {
            return false;
        }
        let b = p.cast::<FreeBlock>();
        // SAFETY: `p` is a free block of at least 16 bytes, aligned to 16.
        unsafe { b.write(FreeBlock { next: self.head[class] }) };
        self.head[class] = b;
        self.count[class] += 1;
        true
    }
}

impl Drop for Cache {
    fn drop(&mut self) {
        for class in 0..CLASSES {
            while let Some(p) = self.pop(class) {
                // SAFETY: every cached block is a system block of its class layout.
                unsafe { System.dealloc(p, class_layout(class)) };
            }
        }
    }
}

thread_local! {
    static CACHE: UnsafeCell<Cache> = const { UnsafeCell::new(Cache::new()) };
}

fn class_size(class: usize) -> usize {
    match class {
        0..=15 => (class + 1) * STEP,
        16..=19 => 256 + (class - 15) * 64,
        _ => 512 + (class - 19) * 128,
    }
}

fn class_layout(class: usize) -> Layout {
    // SAFETY: a nonzero multiple of 16, aligned to 16.
    unsafe { Layout::from_size_align_unchecked(class_size(class), STEP) }
}

/// The class serving `l`, if it is small.
fn class_of(l: Layout) -> Option<usize> {
    let s = l.size().max(1);
    if s > MAX_SMALL || l.align() > STEP {
        return None;
    }
    Some(match s {
        0..=256 => s.div_ceil(STEP) - 1,
        257..=512 => 15 + (s - 256).div_ceil(64),
        _ => 19 + (s - 512).div_ceil(128),
    })
}

/// Runs `f` on this thread's cache, or returns `None` once it is gone.
fn with_cache<R>(f: impl FnOnce(&mut Cache) -> R) -> Option<R> {
    // SAFETY: the cache is only reached through this function, which does
    // not reenter itself (nothing in `f` allocates).
    CACHE.try_with(|c| f(unsafe { &mut *c.get() })).ok()
}

/// The allocator (see the module comment).
pub struct SmallAlloc;

// SAFETY: small blocks always have their class layout in the system
// allocator (module invariant); everything else is the system's.
unsafe impl GlobalAlloc for SmallAlloc {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        match class_of(l) {
            Some(class) => match with_cache(|c| c.pop(class)).flatten() {
                Some(p) => p,
                // SAFETY: a nonzero size.
                None => unsafe { System.alloc(class_layout(class)) },
            },
            // SAFETY: forwarded.
            None => unsafe { System.alloc(l) },
        }
    }

    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        match class_of(l) {
            Some(_) => {
                // SAFETY: forwarded; the block has at least `l.size()` bytes.
                let p = unsafe { self.alloc(l) };
                if !p.is_null() {
                    unsafe { ptr::write_bytes(p, 0, l.size()) };
                }
                p
            }
            // SAFETY: forwarded.
            None => unsafe { System.alloc_zeroed(l) },
        }
    }

    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        match class_of(l) {
            Some(class) => {
                if with_cache(|c| c.push(class, p)) != Some(true) {
                    // SAFETY: small blocks have their class layout.
                    unsafe { System.dealloc(p, class_layout(class)) }
                }
            }
            // SAFETY: forwarded.
            None => unsafe { System.dealloc(p, l) },
        }
    }

    unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees a valid layout for `new_size`.
        let new_l = unsafe { Layout::from_size_align_unchecked(new_size, l.align()) };
        match (class_of(l), class_of(new_l)) {
            (Some(a), Some(b)) if a == b => p,
            // SAFETY: forwarded.
            (None, None) => unsafe { System.realloc(p, l, new_size) },
            _ => {
                // SAFETY: a fresh block, then a copy of the live bytes and
                // the old block's release.
                unsafe {
                    let q = self.alloc(new_l);
                    if !q.is_null() {
                        ptr::copy_nonoverlapping(p, q, l.size().min(new_size));
                        self.dealloc(p, l);
                    }
                    q
                }
            }
        }
    }
}

// The runtime's own unit tests count bytes with their own allocator
// (`array::testutil`), so this one serves the built library only.
#[cfg(not(test))]
#[global_allocator]
static GLOBAL: SmallAlloc = SmallAlloc;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_every_small_size_with_the_smallest_fitting_block() {
        let mut last = 0;
        for size in 1..=MAX_SMALL {
            let c = class_of(Layout::from_size_align(size, 8).unwrap()).unwrap();
            assert!(c < CLASSES && class_size(c) >= size && class_size(c) % STEP == 0, "size {size}");
            assert!(c == 0 || class_size(c - 1) < size, "size {size} could use a smaller class");
            assert!(c >= last);
            last = c;
        }
        assert_eq!(class_size(CLASSES - 1), MAX_SMALL);
        assert_eq!(class_of(Layout::from_size_align(MAX_SMALL + 1, 8).unwrap()), None);
    }

    #[test]
    fn blocks_are_reused_within_a_class_and_sized_for_it() {
        let a = SmallAlloc;
        let l = Layout::from_size_align(40, 8).unwrap();
        unsafe {
            let p = a.alloc(l);
            assert_eq!(p as usize % STEP, 0);
            ptr::write_bytes(p, 0xab, 48);
            a.dealloc(p, l);
            // Same class (33..=48 bytes): the block comes back.
            let q = a.alloc(Layout::from_size_align(48, 16).unwrap());
            assert_eq!(p, q);
            let z = a.alloc_zeroed(l);
            assert!(std::slice::from_raw_parts(z, 40).iter().all(|b| *b == 0));
            a.dealloc(q, Layout::from_size_align(48, 16).unwrap());
            a.dealloc(z, l);
        }
    }

    #[test]
    fn realloc_moves_between_classes_and_keeps_the_bytes() {
        let a = SmallAlloc;
        let l = Layout::from_size_align(24, 8).unwrap();
        unsafe {
            let p = a.alloc(l);
            for i in 0..24 {
                *p.add(i) = i as u8;
            }
            let same = a.realloc(p, l, 32);
            assert_eq!(same, p);
            let big = a.realloc(same, Layout::from_size_align(32, 8).unwrap(), 4096);
            assert!((0..24).all(|i| *big.add(i) == i as u8));
            let small = a.realloc(big, Layout::from_size_align(4096, 8).unwrap(), 8);
            assert!((0..8).all(|i| *small.add(i) == i as u8));
            a.dealloc(small, Layout::from_size_align(8, 8).unwrap());
        }
    }

    #[test]
    fn a_class_keeps_a_bounded_number_of_blocks() {
        let a = SmallAlloc;
        let l = Layout::from_size_align(256, 16).unwrap();
        let blocks: Vec<*mut u8> = (0..1000).map(|_| unsafe { a.alloc(l) }).collect();
        for p in &blocks {
            unsafe { a.dealloc(*p, l) };
        }
        let kept = with_cache(|c| c.count[15]).unwrap();
        assert_eq!(kept, CLASS_CAP_BYTES / 256);
    }
}
