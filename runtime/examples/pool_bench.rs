//! Measures the thread pool's dispatch overhead: the round trip of an empty
//! parallel job (publish, wake the workers, run, wait for all), in
//! microseconds, back to back (workers still spinning) and after an idle
//! pause (workers parked).
//!
//! `cargo run --release -p kiln-runtime --example pool_bench`
//! (set `KILN_NUM_THREADS` to choose the thread count).

use std::time::{Duration, Instant};

fn main() {
    let threads = kiln_runtime::pool::num_threads();
    let empty = |_k: usize| {};
    // Warm up: start the workers.
    for _ in 0..1000 {
        kiln_runtime::pool::run_parts(threads, &empty);
    }
    let n = 200_000;
    let t = Instant::now();
    for _ in 0..n {
        kiln_runtime::pool::run_parts(threads, &empty);
    }
    let hot = t.elapsed().as_secs_f64() / n as f64 * 1e6;
    let mut cold = Vec::new();
    for _ in 0..50 {
        std::thread::sleep(Duration::from_millis(5));
        let t = Instant::now();
        kiln_runtime::pool::run_parts(threads, &empty);
        cold.push(t.elapsed().as_secs_f64() * 1e6);
    }
    cold.sort_by(f64::total_cmp);
    println!("threads: {threads}");
    println!("dispatch, back to back: {hot:.2} us per job");
    println!("dispatch, after 5 ms idle (workers parked): {:.1} us median", cold[cold.len() / 2]);
}
