//! The runtime's thread pool: one set of worker threads per process, created
//! on first use, that runs the parts of a parallel loop.
//!
//! Compiled code calls [`kiln_parallel_for`] with an outlined loop body
//! `f(ctx, lo, hi) -> status` (a fused elementwise kernel, or a user loop
//! marked `#omp parallel for` / `prange`); the runtime's own parallel code
//! (large matrix products) calls [`run_parts`] with a closure.
//!
//! Dispatch is lock-free on the fast path: the caller publishes a job by
//! bumping a generation word that also carries the number of parts and the
//! next unclaimed part; the caller and the workers claim parts from it by
//! compare-and-swap, and the caller waits for the claimed ones to finish.
//! Workers spin for 10 ms after each job (`KILN_SPIN_US`; so that the
//! back-to-back kernels of a time-stepping loop, and calls a few
//! milliseconds apart, are dispatched in under a microsecond) and then park;
//! a parked worker that wakes late finds its part already done by the
//! caller. Elementwise kernels and loops without float reductions are cut
//! into up to 8 chunks per thread (`kiln_parallel_for_dynamic`), so a late
//! worker only delays the chunk it claims. `runtime/examples/pool_bench.rs` measures the round
//! trip (2 threads on the development machine: 0.26 us back to back, 13 us
//! after the workers parked).
//!
//! Invariants:
//! - the thread count is `KILN_NUM_THREADS`, then `OMP_NUM_THREADS`, then
//!   the number of CPUs, read once ([`num_threads`]);
//! - a worker dereferences a job only after claiming one of its parts, and
//!   the caller does not return before every part has finished, so a job
//!   (on the caller's stack) never outlives its use;
//! - nested parallel calls (from inside a part) and calls made while another
//!   thread's job is running run serially on the calling thread: results
//!   never depend on which of these happened;
//! - an exception raised by a part is moved to the calling thread (the
//!   pending exception is thread-local), first failure wins;
//! - after `fork()` the child has no workers: it runs everything serially.

use std::cell::Cell;
use std::sync::atomic::{AtomicPtr, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread::Thread;

use crate::error::{self, Pending};

/// The number of threads parallel code uses, the calling thread included.
pub fn num_threads() -> usize {
    static N: OnceLock<usize> = OnceLock::new();
    *N.get_or_init(|| {
        ["KILN_NUM_THREADS", "OMP_NUM_THREADS"]
            .iter()
            .find_map(|k| std::env::var(k).ok()?.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .min(256)
    })
}

/// One published job: `parts` calls of `body(k)`, `k` in `0..parts`.
struct Job<'a> {
    body: &'a (dyn Fn(usize) + Sync),
    /// Parts finished so far.
    done: AtomicUsize,
    caller: Thread,
}

struct Pool {
    /// The current job: generation (high 32 bits), number of parts (16
    /// bits), next unclaimed part (low 16 bits). Parts are claimed by
    /// compare-and-swap, by the workers and by the caller alike, so a worker
    /// that wakes late (a parked thread can take hundreds of microseconds to
    /// run again) costs nothing: the caller runs its parts.
    word: AtomicU64,
    job: AtomicPtr<Job<'static>>,
    /// Held by the thread whose job is running; others run serially.
    busy: Mutex<()>,
    pid: u32,
}

thread_local! {
    /// Set while this thread runs a part: nested parallel calls run serially.
    static IN_PART: Cell<bool> = const { Cell::new(false) };
}

/// How long the caller spins for its job's last parts before parking, in
/// spin-loop iterations (a few hundred microseconds at most).
const SPIN_ITERS: u32 = 20_000;

/// How long an idle worker spins for the next job before parking:
/// `KILN_SPIN_US` microseconds, 10 ms by default (about what GNU OpenMP
/// spins; Intel's spins 200 ms). Waking a parked worker is slow in a
/// virtual machine (up to a millisecond), and one woken on the caller's CPU
/// shares it with the caller: a call made a few milliseconds after the
/// previous one ran *slower* on 2 threads than on 1 (1.5 against 1.3 ms for
/// `hypot_expr`) when workers parked after 20 000 spins (a fraction of a
/// millisecond).
fn worker_spin() -> std::time::Duration {
    static US: OnceLock<u64> = OnceLock::new();
    std::time::Duration::from_micros(
        *US.get_or_init(|| std::env::var("KILN_SPIN_US").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(10_000)),
    )
}

fn pool() -> Option<&'static Pool> {
    static POOL: OnceLock<Option<Pool>> = OnceLock::new();
    let p = POOL
        .get_or_init(|| {
            let n = num_threads();
            if n < 2 {
                return None;
            }
            let pool =
                Pool { word: AtomicU64::new(0), job: AtomicPtr::new(std::ptr::null_mut()), busy: Mutex::new(()), pid: std::process::id() };
            Some(pool)
        })
        .as_ref()?;
    if p.pid != std::process::id() {
        return None;
    }
    Some(p)
}

/// The worker handles, started once on the first parallel call.
static WORKERS: OnceLock<Vec<Thread>> = OnceLock::new();

/// The pool with its workers started, or `None` when parallel calls must run serially.
fn started_pool() -> Option<&'static Pool> {
    let p = pool()?;
    let workers = WORKERS.get_or_init(|| {
        (1..num_threads())
            .map_while(|index| {
                let spawned = std::thread::Builder::new().name(format!("kiln-worker-{index}")).spawn(move || worker_loop(p));
                spawned.ok().map(|h| h.thread().clone())
            })
            .collect()
    });
    (!workers.is_empty()).then_some(p)
}

/// Claims the next part of the current job, if any is left: (part, parts).
fn claim(p: &Pool) -> Option<(usize, usize)> {
    let mut w = p.word.load(Ordering::Acquire);
    loop {
        let parts = ((w >> 16) & 0xffff) as usize;
        let next = (w & 0xffff) as usize;
        if next >= parts {
            return None;
        }
        match p.word.compare_exchange_weak(w, w + 1, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => return Some((next, parts)),
            Err(now) => w = now,
        }
    }
}

/// Runs claimed parts of the current job until none is left.
fn run_claimed(p: &Pool) {
    while let Some((k, parts)) = claim(p) {
        let job = p.job.load(Ordering::Acquire);
        // SAFETY: part `k` is claimed and not finished, so the caller is
        // still waiting for it and its job (on the caller's stack) is alive;
        // the job was published before the word that was claimed.
        let job = unsafe { &*job };
        let was = IN_PART.with(|f| f.replace(true));
        (job.body)(k);
        IN_PART.with(|f| f.set(was));
        let caller = job.caller.clone();
        if job.done.fetch_add(1, Ordering::AcqRel) + 1 == parts {
            caller.unpark();
        }
    }
}

fn worker_loop(p: &'static Pool) {
    // Generation 0 is the initial word: a job published before this thread
    // got to run is still seen as new.
    let mut seen = 0u64;
    let spin_for = worker_spin();
    loop {
        let idle_since = std::time::Instant::now();
        let mut spins = 0u32;
        let mut spinning = true;
        loop {
            let gen = p.word.load(Ordering::Acquire) >> 32;
            if gen != seen {
                seen = gen;
                break;
            }
            if spinning {
                spins = spins.wrapping_add(1);
                std::hint::spin_loop();
                // Reading the clock costs more than a spin: every 256th.
                if spins.is_multiple_of(256) && idle_since.elapsed() >= spin_for {
                    spinning = false;
                }
            } else {
                std::thread::park();
            }
        }
        run_claimed(p);
    }
}

/// Runs `body(k)` for every `k` in `0..parts`, on the pool's threads when it
/// can (the calling thread takes part too), else serially. Returns when all are done.
pub fn run_parts(parts: usize, body: &(dyn Fn(usize) + Sync)) {
    let serial = || (0..parts).for_each(body);
    if parts <= 1 || parts > 0xffff || IN_PART.with(|f| f.get()) {
        return serial();
    }
    let Some(p) = started_pool() else { return serial() };
    let Ok(_guard) = p.busy.try_lock() else { return serial() };
    let job = Job { body, done: AtomicUsize::new(0), caller: std::thread::current() };
    // SAFETY (lifetime erasure): workers dereference the job only for a
    // claimed part, and this function returns only after every part is done.
    p.job.store(&job as *const Job as *mut Job<'static>, Ordering::Release);
    let old = p.word.load(Ordering::Relaxed);
    let next = (((old >> 32) + 1) << 32) | ((parts as u64) << 16);
    p.word.store(next, Ordering::Release);
    for w in WORKERS.get().into_iter().flatten().take(parts - 1) {
        w.unpark();
    }
    run_claimed(p);
    let mut spins = 0u32;
    while job.done.load(Ordering::Acquire) != parts {
        if spins < SPIN_ITERS {
            spins += 1;
            // A worker woken from `park` may have been placed on this
            // thread's CPU, where this spin would keep it from running its
            // part: yield now and then.
            if spins.is_multiple_of(64) {
                std::thread::yield_now();
            } else {
                std::hint::spin_loop();
            }
        } else {
            std::thread::park();
        }
    }
}

/// The signature of an outlined loop body: `f(ctx, lo, hi)` runs iterations
/// `lo..hi` and returns 0, or 1 with this thread's pending exception set.
pub type LoopBody = unsafe extern "C" fn(*const u8, i64, i64) -> i8;

/// Runs `f(ctx, lo, hi)` over `0..n`, split into at most `num_threads()`
/// contiguous chunks of at least `min_chunk` iterations (chunk starts are
/// multiples of 16 when chunks are that large), one per thread: the split
/// depends only on `n` and the thread count, so loops whose chunks combine
/// float partial sums give the same result on every run. Returns 0, or 1
/// with the first failing part's exception pending on the calling thread.
///
/// # Safety
/// `f` must be a loop body that may run its chunks concurrently on `ctx`.
#[no_mangle]
pub unsafe extern "C" fn kiln_parallel_for(f: *const u8, ctx: *const u8, n: i64, min_chunk: i64) -> i32 {
    // SAFETY: forwarded.
    unsafe { parallel_for(f, ctx, n, min_chunk, 1) }
}

/// Chunks per thread of [`kiln_parallel_for_dynamic`].
const DYNAMIC_CHUNKS_PER_THREAD: i64 = 8;

/// `kiln_parallel_for` with up to 8 chunks per thread, claimed in turn:
/// a thread that starts late (a worker woken from `park` can take a
/// millisecond to run again in a virtual machine) leaves its share to the
/// others instead of making them wait for its whole chunk. For loops whose
/// result does not depend on how the range is split (elementwise kernels,
/// loops without float reductions).
///
/// # Safety
/// As [`kiln_parallel_for`].
#[no_mangle]
pub unsafe extern "C" fn kiln_parallel_for_dynamic(f: *const u8, ctx: *const u8, n: i64, min_chunk: i64) -> i32 {
    // SAFETY: forwarded.
    unsafe { parallel_for(f, ctx, n, min_chunk, DYNAMIC_CHUNKS_PER_THREAD) }
}

/// [`kiln_parallel_for`] with at most `per_thread` chunks per thread.
///
/// # Safety
/// As [`kiln_parallel_for`].
unsafe fn parallel_for(f: *const u8, ctx: *const u8, n: i64, min_chunk: i64, per_thread: i64) -> i32 {
    // SAFETY: the caller passes the address of a `LoopBody`.
    let f: LoopBody = unsafe { std::mem::transmute::<*const u8, LoopBody>(f) };
    if n <= 0 {
        return 0;
    }
    let threads = num_threads() as i64;
    let parts = if threads < 2 { 1 } else { (n / min_chunk.max(1)).clamp(1, threads * per_thread) as usize };
    if parts == 1 {
        // SAFETY: the caller's contract.
        return i32::from(unsafe { f(ctx, 0, n) } != 0);
    }
    let chunk = {
        let c = (n as usize).div_ceil(parts);
        if c >= 64 {
            c.next_multiple_of(16)
        } else {
            c
        }
    };
    let failure: Mutex<Option<Pending>> = Mutex::new(None);
    let ctx_addr = ctx as usize;
    run_parts(parts, &|k| {
        let lo = (k * chunk).min(n as usize) as i64;
        let hi = ((k + 1) * chunk).min(n as usize) as i64;
        if lo >= hi {
            return;
        }
        // SAFETY: the caller's contract.
        if unsafe { f(ctx_addr as *const u8, lo, hi) } != 0 {
            if let Some(e) = error::take() {
                let mut slot = failure.lock().unwrap_or_else(|e| e.into_inner());
                slot.get_or_insert(e);
            }
        }
    });
    match failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        Some(e) => {
            error::set(e.kind, e.message);
            1
        }
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_runs_once() {
        for parts in 1..6 {
            let hits: Vec<AtomicUsize> = (0..parts).map(|_| AtomicUsize::new(0)).collect();
            for _ in 0..200 {
                run_parts(parts, &|k| {
                    hits[k].fetch_add(1, Ordering::Relaxed);
                });
            }
            for (k, h) in hits.iter().enumerate() {
                assert_eq!(h.load(Ordering::Relaxed), 200, "part {k} of {parts}");
            }
        }
    }

    unsafe extern "C" fn sum_body(ctx: *const u8, lo: i64, hi: i64) -> i8 {
        let acc = unsafe { &*(ctx as *const AtomicU64) };
        let s: i64 = (lo..hi).sum();
        acc.fetch_add(s as u64, Ordering::Relaxed);
        0
    }

    unsafe extern "C" fn failing_body(_ctx: *const u8, lo: i64, _hi: i64) -> i8 {
        if lo > 0 {
            error::set(crate::abi::exc::VALUE_ERROR, "from a worker");
            return 1;
        }
        0
    }

    #[test]
    fn parallel_for_covers_the_range() {
        for n in [0i64, 1, 7, 100, 1000, 100_003] {
            let acc = AtomicU64::new(0);
            let st = unsafe { kiln_parallel_for(sum_body as *const u8, &acc as *const AtomicU64 as *const u8, n, 1) };
            assert_eq!(st, 0);
            assert_eq!(acc.load(Ordering::Relaxed) as i64, n * (n - 1).max(0) / 2, "n = {n}");
        }
    }

    #[test]
    fn errors_reach_the_caller() {
        let st = unsafe { kiln_parallel_for(failing_body as *const u8, std::ptr::null(), 1000, 1) };
        if num_threads() >= 2 {
            assert_eq!(st, 1);
            let e = error::take().expect("pending");
            assert_eq!(e.message, "from a worker");
        }
    }
}
