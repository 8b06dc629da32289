//! Python's `random` module (`seed`, `random`, `uniform`, `gauss`,
//! `randrange`, `randint`, `choice`, `shuffle`), giving exactly CPython
//! 3.11's stream after `random.seed(n)` with an int `n`.
//!
//! CPython's `random.Random` is MT19937 ([`rand_mt::Mt`], the generator
//! `random.rs` uses for `np.random`), seeded differently from NumPy's:
//! - `seed(n)`: `init_by_array` over the 32-bit words of `abs(n)`, least
//!   significant first (one zero word for 0); the cached Gaussian is cleared;
//! - `random()`: `((a >> 5) * 67108864 + (b >> 6)) / 2**53`;
//! - `getrandbits(k)` for `k <= 32`: one draw shifted right by `32 - k`;
//!   wider: 32-bit words from the least significant up, the last one shifted;
//! - `_randbelow(n)`: `k = n.bit_length()`, `getrandbits(k)` until below `n`;
//! - `randrange`/`randint`/`choice`/`shuffle`: `random.py`'s arithmetic and
//!   messages on top of `_randbelow`;
//! - `gauss(mu, sigma)`: Box-Muller from two `random()` draws, the second
//!   value cached for the next call (`gauss_next`).
//!
//! Invariants: one state per compiled module, separate from the caller's
//! `random` module and from `np.random` (`docs/LANGUAGE.md` lists this); an
//! unseeded state is seeded once from OS entropy, as CPython's is. Entry
//! points never unwind.

use std::sync::Mutex;

use rand_mt::Mt;

use crate::abi::{exc, KList};
use crate::containers::list;
use crate::containers::obj::check_mutable;
use crate::error;

/// CPython's `random.Random` state.
struct PyRandom {
    mt: Mt,
    gauss_next: Option<f64>,
}

impl PyRandom {
    /// `random.seed(n)` for an int `n`.
    fn seeded(n: i64) -> PyRandom {
        let a = n.unsigned_abs();
        let key: Vec<u32> = if a >> 32 != 0 { vec![a as u32, (a >> 32) as u32] } else { vec![a as u32] };
        PyRandom { mt: Mt::new_with_key(key), gauss_next: None }
    }

    /// `random.seed()`: OS entropy (CPython reads 2496 bytes from urandom).
    fn from_entropy() -> PyRandom {
        use std::io::Read;
        let mut buf = vec![0u8; 2496];
        let key: Vec<u32> = match std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut buf)) {
            Ok(()) => buf.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect(),
            Err(_) => {
                let t = crate::random::time_entropy();
                vec![t as u32, (t >> 32) as u32]
            }
        };
        PyRandom { mt: Mt::new_with_key(key), gauss_next: None }
    }

    fn random(&mut self) -> f64 {
        let a = (self.mt.next_u32() >> 5) as f64;
        let b = (self.mt.next_u32() >> 6) as f64;
        (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }

    /// `getrandbits(k)` for `1 <= k <= 64`.
    fn getrandbits(&mut self, k: u32) -> u64 {
        if k <= 32 {
            return (self.mt.next_u32() >> (32 - k)) as u64;
        }
        let lo = self.mt.next_u32() as u64;
        let hi = (self.mt.next_u32() >> (64 - k)) as u64;
        lo | (hi << 32)
    }

    /// `_randbelow_with_getrandbits(n)` for `n > 0`.
    fn below(&mut self, n: u64) -> u64 {
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.getrandbits(k);
            if r < n {
                return r;
            }
        }
    }

    fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let z = match self.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = self.random() * std::f64::consts::TAU;
                let g2rad = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                self.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    }

    /// `randrange(start, stop, step)`; `stop` is `None` for `randrange(start)`.
    fn randrange(&mut self, start: i64, stop: Option<i64>, step: i64) -> Result<i64, String> {
        let Some(stop) = stop else {
            if start > 0 {
                return Ok(self.below(start as u64) as i64);
            }
            return Err("empty range for randrange()".to_string());
        };
        let width = stop as i128 - start as i128;
        if step == 1 {
            if width > 0 {
                return Ok((start as i128 + self.below(width as u64) as i128) as i64);
            }
            return Err(format!("empty range for randrange() ({start}, {stop}, {width})"));
        }
        let step = step as i128;
        // Python's floor division (`div_euclid` differs for a negative divisor).
        let floor_div = |a: i128, b: i128| {
            let q = a / b;
            if (a % b != 0) && ((a < 0) != (b < 0)) {
                q - 1
            } else {
                q
            }
        };
        let n = match step {
            s if s > 0 => floor_div(width + s - 1, s),
            s if s < 0 => floor_div(width + s + 1, s),
            _ => return Err("zero step for randrange()".to_string()),
        };
        if n <= 0 {
            return Err("empty range for randrange()".to_string());
        }
        Ok((start as i128 + step * self.below(n as u64) as i128) as i64)
    }
}

static STATE: Mutex<Option<PyRandom>> = Mutex::new(None);

/// Runs `f` on the module's state, seeding it from entropy on first use.
fn with_state<R>(f: impl FnOnce(&mut PyRandom) -> R) -> R {
    // Every update is a plain field write, so a poisoned lock is still usable.
    let mut guard = STATE.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(PyRandom::from_entropy))
}

/// `random.seed(n)`, or `random.seed()` / `random.seed(None)` when `has_seed` is 0.
#[no_mangle]
pub extern "C" fn kiln_random_py_seed(n: i64, has_seed: i32) {
    error::guard((), || {
        let st = if has_seed != 0 { PyRandom::seeded(n) } else { PyRandom::from_entropy() };
        *STATE.lock().unwrap_or_else(|e| e.into_inner()) = Some(st);
    })
}

/// `random.random()`.
#[no_mangle]
pub extern "C" fn kiln_random_py_random() -> f64 {
    error::guard(f64::NAN, || with_state(PyRandom::random))
}

/// `random.uniform(a, b)`: `a + (b - a) * random()`.
#[no_mangle]
pub extern "C" fn kiln_random_py_uniform(a: f64, b: f64) -> f64 {
    error::guard(f64::NAN, || with_state(|s| a + (b - a) * s.random()))
}

/// `random.gauss(mu, sigma)`.
#[no_mangle]
pub extern "C" fn kiln_random_py_gauss(mu: f64, sigma: f64) -> f64 {
    error::guard(f64::NAN, || with_state(|s| s.gauss(mu, sigma)))
}

/// `random.randrange(start, stop, step)` (`has_stop` 0: `randrange(start)`);
/// `randint(a, b)` is `randrange(a, b + 1)`. 1 with `ValueError` pending on
/// an empty range.
///
/// # Safety
/// `out` points to a writable i64.
#[no_mangle]
pub unsafe extern "C" fn kiln_random_py_randrange(start: i64, stop: i64, step: i64, has_stop: i32, out: *mut i64) -> i32 {
    error::guard(1, || match with_state(|s| s.randrange(start, (has_stop != 0).then_some(stop), step)) {
        Ok(r) => {
            // SAFETY: the caller passes a writable `out`.
            unsafe { *out = r };
            0
        }
        Err(m) => {
            error::set(exc::VALUE_ERROR, m);
            1
        }
    })
}

/// `_randbelow(n)` for `choice`: an index below `n > 0` (0 for `n <= 0`,
/// which compiled code rules out first with `IndexError`).
#[no_mangle]
pub extern "C" fn kiln_random_py_below(n: i64) -> i64 {
    error::guard(0, || if n <= 0 { 0 } else { with_state(|s| s.below(n as u64) as i64) })
}

/// `random.shuffle(l)` of a list, in place.
///
/// # Safety
/// `l` is a live list.
#[no_mangle]
pub unsafe extern "C" fn kiln_random_py_shuffle(l: *mut KList) -> i32 {
    error::guard(1, || {
        // SAFETY: forwarded.
        unsafe {
            let n = list::len(l);
            if n < 2 {
                return 0;
            }
            if check_mutable(l.cast(), "list").is_err() {
                return 1;
            }
            let w = list::code(l).words();
            let data = std::slice::from_raw_parts_mut((*l).data, n * w);
            with_state(|s| {
                for i in (1..n).rev() {
                    let j = s.below(i as u64 + 1) as usize;
                    for k in 0..w {
                        data.swap(i * w + k, j * w + k);
                    }
                }
            });
            0
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_cpython_stream() {
        // CPython 3.11.7: random.seed(12345); [random.random() for _ in range(3)]
        let mut s = PyRandom::seeded(12345);
        let got: Vec<f64> = (0..3).map(|_| s.random()).collect();
        assert_eq!(got, [0.41661987254534116, 0.010169169457068361, 0.8252065092537432]);
        // random.seed(-7); [random.randrange(10**12) for _ in range(2)], random.randint(1, 6)
        let mut s = PyRandom::seeded(-7);
        let got: Vec<i64> = (0..2).map(|_| s.randrange(1_000_000_000_000, None, 1).unwrap()).collect();
        assert_eq!(got, [434439589175, 54335349840]);
        assert_eq!(s.randrange(1, Some(7), 1).unwrap(), 1);
    }
}
