//! NumPy's legacy global random generator (`np.random.seed`, `rand`,
//! `randn`, `random`, `uniform`, `normal`, `randint`, `shuffle`,
//! `permutation`, `choice`), reproduced bit for bit.
//!
//! The state is MT19937 ([`rand_mt::Mt`]); `seed(s)` uses MT's `init_genrand`
//! (NumPy's `mt19937_seed`, not `init_by_array`) and clears the cached
//! Gaussian. The algorithms are NumPy's legacy ones:
//! - doubles: `((a >> 5) * 67108864 + (b >> 6)) / 2**53` from two 32-bit draws;
//! - Gaussians: the polar method, keeping the second value for the next call;
//! - bounded integers: masked rejection sampling (`mask` = the smallest
//!   all-ones value >= the range), with 32-bit draws when the range fits in
//!   32 bits and 64-bit draws (high word first) otherwise;
//! - shuffle: Fisher-Yates from the end, `j = random_interval(i)`;
//! - choice: `randint` (with replacement), a permutation prefix (without),
//!   or a cumulative-probability search (with `p`).
//!
//! Invariants: one state per compiled module (the runtime is linked into each
//! module), behind a mutex like NumPy's global `RandomState` lock; an
//! unseeded state starts from OS-dependent entropy, as NumPy's does.

use std::sync::Mutex;

use rand_mt::Mt;

use crate::abi::{dist, dtype, exc, ArrayView};
use crate::array::{entry, fail, for_each_offset, ld, st, value_error, Arr, KResult, Owned};
use crate::copy::contiguous;
use crate::with_dtype;

/// NumPy's `aug_bitgen_t` for the legacy generator.
struct Legacy {
    mt: Mt,
    has_gauss: bool,
    gauss: f64,
}

impl Legacy {
    fn seeded(seed: u32) -> Legacy {
        Legacy { mt: Mt::new(seed), has_gauss: false, gauss: 0.0 }
    }

    fn next_u32(&mut self) -> u32 {
        self.mt.next_u32()
    }

    fn next_u64(&mut self) -> u64 {
        self.mt.next_u64()
    }

    /// `mt19937_next_double`.
    fn next_double(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67108864.0 + b) / 9007199254740992.0
    }

    /// `legacy_gauss`: the polar method with one cached value.
    fn gauss(&mut self) -> f64 {
        if self.has_gauss {
            self.has_gauss = false;
            let g = self.gauss;
            self.gauss = 0.0;
            return g;
        }
        let (x1, x2, r2) = loop {
            let x1 = 2.0 * self.next_double() - 1.0;
            let x2 = 2.0 * self.next_double() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                break (x1, x2, r2);
            }
        };
        let f = (-2.0 * r2.ln() / r2).sqrt();
        self.gauss = f * x1;
        self.has_gauss = true;
        f * x2
    }

    /// `random_bounded_uint64` with the masked method: a value in `[0, rng]`.
    fn bounded(&mut self, rng: u64) -> u64 {
        if rng == 0 {
            0
        } else if rng <= 0xFFFF_FFFF {
            if rng == 0xFFFF_FFFF {
                return self.next_u32() as u64;
            }
            let mask = mask_for(rng);
            loop {
                let v = (self.next_u32() as u64) & mask;
                if v <= rng {
                    return v;
                }
            }
        } else if rng == u64::MAX {
            self.next_u64()
        } else {
            let mask = mask_for(rng);
            loop {
                let v = self.next_u64() & mask;
                if v <= rng {
                    return v;
                }
            }
        }
    }

    /// `random_interval(max)`: a value in `[0, max]` (used by shuffle).
    fn interval(&mut self, max: u64) -> u64 {
        if max == 0 {
            return 0;
        }
        let mask = mask_for(max);
        if max <= 0xFFFF_FFFF {
            loop {
                let v = (self.next_u32() as u64) & mask;
                if v <= max {
                    return v;
                }
            }
        } else {
            loop {
                let v = self.next_u64() & mask;
                if v <= max {
                    return v;
                }
            }
        }
    }
}

/// The smallest all-ones bit mask >= `max`.
fn mask_for(max: u64) -> u64 {
    let mut m = max;
    m |= m >> 1;
    m |= m >> 2;
    m |= m >> 4;
    m |= m >> 8;
    m |= m >> 16;
    m |= m >> 32;
    m
}

static STATE: Mutex<Option<Legacy>> = Mutex::new(None);

/// Runs `f` on the module's generator, seeding it from entropy on first use.
fn with_state<R>(f: impl FnOnce(&mut Legacy) -> R) -> R {
    // A panic while the lock was held cannot leave the state invalid (every
    // update is a plain field write), so a poisoned lock is still usable.
    let mut guard = STATE.lock().unwrap_or_else(|e| e.into_inner());
    let st = guard.get_or_insert_with(|| {
        let mixed = time_entropy();
        Legacy::seeded((mixed ^ (mixed >> 32)) as u32)
    });
    f(st)
}

/// 64 bits that differ between runs: the time, an address and the process id.
pub(crate) fn time_entropy() -> u64 {
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0);
    let addr = &t as *const u64 as u64;
    t ^ addr.rotate_left(29) ^ (std::process::id() as u64).rotate_left(47)
}

/// `kiln_random_seed(s)`: `np.random.seed(s)` for `0 <= s < 2**32`.
#[no_mangle]
pub extern "C" fn kiln_random_seed(seed: i64) -> i32 {
    entry(|| {
        if !(0..=0xFFFF_FFFF).contains(&seed) {
            return value_error("Seed must be between 0 and 2**32 - 1");
        }
        let mut guard = STATE.lock().unwrap_or_else(|e| e.into_inner());
        *guard = Some(Legacy::seeded(seed as u32));
        Ok(())
    })
}

/// A validated distribution with its parameters.
#[derive(Clone, Copy)]
enum Dist {
    Random,
    StandardNormal,
    Uniform { low: f64, range: f64 },
    Normal { loc: f64, scale: f64 },
    RandInt { off: i64, rng: u64 },
}

impl Dist {
    fn new(kind: i32, p1: f64, p2: f64) -> KResult<Dist> {
        Ok(match kind {
            dist::RANDOM => Dist::Random,
            dist::STANDARD_NORMAL => Dist::StandardNormal,
            dist::UNIFORM => {
                let range = p2 - p1;
                if !range.is_finite() {
                    return fail(exc::OVERFLOW_ERROR, "Range exceeds valid bounds");
                }
                Dist::Uniform { low: p1, range }
            }
            dist::NORMAL => {
                // NumPy's CONS_NON_NEGATIVE: the sign bit (so -0.0 too), NaN allowed.
                if !p2.is_nan() && p2.is_sign_negative() {
                    return value_error("scale < 0");
                }
                Dist::Normal { loc: p1, scale: p2 }
            }
            dist::RANDINT => {
                let (low, high) = (p1 as i64, p2 as i64 - 1);
                if low > high {
                    return value_error(if low == 0 { "high <= 0" } else { "low >= high" });
                }
                Dist::RandInt { off: low, rng: high.wrapping_sub(low) as u64 }
            }
            _ => return fail(exc::SYSTEM_ERROR, format!("kiln runtime: bad distribution {kind}")),
        })
    }

    fn is_int(self) -> bool {
        matches!(self, Dist::RandInt { .. })
    }

    fn draw_f64(self, s: &mut Legacy) -> f64 {
        match self {
            Dist::Random => s.next_double(),
            Dist::StandardNormal => s.gauss(),
            Dist::Uniform { low, range } => low + range * s.next_double(),
            Dist::Normal { loc, scale } => loc + scale * s.gauss(),
            Dist::RandInt { .. } => self.draw_i64(s) as f64,
        }
    }

    fn draw_i64(self, s: &mut Legacy) -> i64 {
        match self {
            Dist::RandInt { off, rng } => (off as u64).wrapping_add(s.bounded(rng)) as i64,
            _ => self.draw_f64(s) as i64,
        }
    }
}

/// `kiln_random_fill(dist, p1, p2, out)`: fills an allocated array in C
/// order (float64 for float distributions, int64 for `RANDINT`).
///
/// # Safety
/// `out` is a valid, writable view.
#[no_mangle]
pub unsafe extern "C" fn kiln_random_fill(kind: i32, p1: f64, p2: f64, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let o = unsafe { Arr::from_view(out) }?;
        let d = Dist::new(kind, p1, p2)?;
        let want = if d.is_int() { dtype::INT64 } else { dtype::FLOAT64 };
        if o.dtype != want {
            return fail(exc::SYSTEM_ERROR, "kiln runtime: random_fill output has the wrong dtype");
        }
        with_state(|s| {
            crate::array::for_each_elem(&o.shape, [&o.strides], |[off]| unsafe {
                // SAFETY: offsets inside the output.
                let p = o.data.offset(off);
                if d.is_int() {
                    st(p, d.draw_i64(s));
                } else {
                    st(p, d.draw_f64(s));
                }
            })
        });
        Ok(())
    })
}

/// `kiln_random_scalar(dist, p1, p2)`: one draw as float64. Invalid
/// parameters set a pending exception and return NaN (compiled code checks
/// `kiln_err_kind` when the parameters are not known to be valid).
#[no_mangle]
pub extern "C" fn kiln_random_scalar(kind: i32, p1: f64, p2: f64) -> f64 {
    crate::error::guard(f64::NAN, || match Dist::new(kind, p1, p2) {
        Ok(d) => with_state(|s| d.draw_f64(s)),
        Err(_) => f64::NAN,
    })
}

/// `kiln_random_shuffle(inout)`: NumPy's legacy shuffle along axis 0, in place.
///
/// # Safety
/// `inout` is a valid, writable view.
#[no_mangle]
pub unsafe extern "C" fn kiln_random_shuffle(inout: *const ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let a = unsafe { Arr::from_view(inout) }?;
        if a.ndim() == 0 {
            return fail(exc::TYPE_ERROR, "object of type 'numpy.ndarray' has no len()");
        }
        let n = a.shape[0];
        let row_shape = &a.shape[1..];
        let row_strides = &a.strides[1..];
        let s0 = a.strides[0];
        let item = a.itemsize();
        with_state(|s| {
            for i in (1..n).rev() {
                let j = s.interval(i as u64) as usize;
                if i == j {
                    continue;
                }
                let (pi, pj) = (a.data.wrapping_offset(i as isize * s0), a.data.wrapping_offset(j as isize * s0));
                for_each_offset(row_shape, [row_strides], |[o]| unsafe {
                    // SAFETY: both rows are inside the array and distinct.
                    std::ptr::swap_nonoverlapping(pi.offset(o), pj.offset(o), item);
                });
            }
        });
        Ok(())
    })
}

/// NumPy's `kahan_sum` of the probabilities.
fn kahan_sum(p: &[f64]) -> f64 {
    let mut sum = p[0];
    let mut c = 0.0;
    for &x in &p[1..] {
        let y = x - c;
        let t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    sum
}

/// `cdf = cumsum(p); cdf /= cdf[-1]`.
fn cdf_of(p: &[f64]) -> Vec<f64> {
    let mut cdf = Vec::with_capacity(p.len());
    let mut acc = 0.0;
    for (i, &x) in p.iter().enumerate() {
        acc = if i == 0 { x } else { acc + x };
        cdf.push(acc);
    }
    let last = *cdf.last().unwrap();
    for c in cdf.iter_mut() {
        *c /= last;
    }
    cdf
}

/// `cdf.searchsorted(u, side='right')` on a non-decreasing cdf.
fn search_right(cdf: &[f64], u: f64) -> usize {
    cdf.partition_point(|&c| c <= u)
}

/// The sample indices of `choice(pop, size, replace, p)`.
fn choice_indices(s: &mut Legacy, pop: usize, size: usize, replace: bool, p: Option<&[f64]>) -> KResult<Vec<usize>> {
    if replace {
        return Ok(match p {
            Some(p) => {
                let cdf = cdf_of(p);
                let u: Vec<f64> = (0..size).map(|_| s.next_double()).collect();
                u.into_iter().map(|x| search_right(&cdf, x)).collect()
            }
            None => {
                let rng = (pop as u64).wrapping_sub(1);
                (0..size).map(|_| s.bounded(rng) as usize).collect()
            }
        });
    }
    if size > pop {
        return value_error("Cannot take a larger sample than population when 'replace=False'");
    }
    match p {
        Some(p) => {
            if p.iter().filter(|&&x| x > 0.0).count() < size {
                return value_error("Fewer non-zero entries in p than size");
            }
            let mut p = p.to_vec();
            let mut found: Vec<usize> = Vec::with_capacity(size);
            while found.len() < size {
                let x: Vec<f64> = (0..size - found.len()).map(|_| s.next_double()).collect();
                for &f in &found {
                    p[f] = 0.0;
                }
                let cdf = cdf_of(&p);
                // New indices, deduplicated, in order of first occurrence.
                let mut seen = std::collections::HashSet::new();
                for u in x {
                    let k = search_right(&cdf, u);
                    if seen.insert(k) {
                        found.push(k);
                    }
                }
            }
            Ok(found)
        }
        None => {
            // permutation(pop)[:size]: a legacy shuffle of arange(pop).
            let mut perm: Vec<usize> = (0..pop).collect();
            for i in (1..pop).rev() {
                let j = s.interval(i as u64) as usize;
                perm.swap(i, j);
            }
            perm.truncate(size);
            Ok(perm)
        }
    }
}

/// `kiln_random_choice(a 1-D, size, replace, p 1-D float64 or null, out)`:
/// `size` samples of `a` (a 1-D array of a's dtype).
///
/// # Safety
/// `a` (and `p` when non-null) are valid views; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn kiln_random_choice(a: *const ArrayView, size: i64, replace: i32, p: *const ArrayView, out: *mut ArrayView) -> i32 {
    entry(|| {
        // SAFETY: forwarded from this function's contract.
        let a = unsafe { Arr::from_view(a) }?;
        if a.ndim() != 1 {
            return value_error("a must be 1-dimensional");
        }
        let pop = a.shape[0];
        if pop == 0 && size != 0 {
            return value_error("'a' cannot be empty unless no samples are taken");
        }
        let probs: Option<Vec<f64>> = if p.is_null() {
            None
        } else {
            // SAFETY: forwarded from this function's contract.
            let pa = unsafe { Arr::from_view(p) }?;
            if pa.ndim() != 1 {
                return value_error("'p' must be 1-dimensional");
            }
            if pa.size() != pop {
                return value_error("'a' and 'p' must have same size");
            }
            let (pc, _k) = contiguous(&pa, dtype::FLOAT64)?;
            // SAFETY: contiguous float64.
            let v: Vec<f64> = (0..pop).map(|i| unsafe { ld::<f64>(pc.data.add(8 * i)) }).collect();
            if pop > 0 {
                let total = kahan_sum(&v);
                if total.is_nan() {
                    return value_error("probabilities contain NaN");
                }
                if v.iter().any(|&x| x < 0.0) {
                    return value_error("probabilities are not non-negative");
                }
                // sqrt(finfo(float64).eps)
                if (total - 1.0).abs() > 1.4901161193847656e-08 {
                    return value_error("probabilities do not sum to 1");
                }
            }
            Some(v)
        };
        if size < 0 {
            return value_error("negative dimensions are not allowed");
        }
        let idx = with_state(|s| choice_indices(s, pop, size as usize, replace != 0, probs.as_deref()))?;
        let res = Owned::new(a.dtype, &[idx.len()])?;
        let s0 = a.strides[0];
        with_dtype!(a.dtype, |T| {
            for (k, &i) in idx.iter().enumerate() {
                // SAFETY: `i < pop`, and k within the result.
                unsafe {
                    let v: T = ld(a.data.offset(i as isize * s0));
                    st(res.data().add(k * size_of::<T>()), v);
                }
            }
        });
        // SAFETY: forwarded from this function's contract.
        unsafe { res.into_view(out) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::testutil::*;

    /// The generator is global: tests that seed it must not interleave.
    static LOCK: Mutex<()> = Mutex::new(());

    fn fill_f64(kind: i32, p1: f64, p2: f64, n: usize) -> Vec<f64> {
        let mut v = vec![0.0f64; n];
        let mut o = view_mut(&mut v, &[n]);
        assert_eq!(unsafe { kiln_random_fill(kind, p1, p2, &mut o) }, 0);
        v
    }

    fn fill_i64(p1: f64, p2: f64, n: usize) -> Vec<i64> {
        let mut v = vec![0i64; n];
        let mut o = view_mut(&mut v, &[n]);
        assert_eq!(unsafe { kiln_random_fill(dist::RANDINT, p1, p2, &mut o) }, 0, "{:?}", crate::error::take());
        v
    }

    // Expected values: NumPy 2.4's legacy global generator.

    #[test]
    fn uniform_and_gauss_streams() {
        let _g = LOCK.lock().unwrap();
        // np.random.seed(0); np.random.rand(3); np.random.randn(3)
        kiln_random_seed(0);
        assert_eq!(fill_f64(dist::RANDOM, 0.0, 0.0, 3), [0.5488135039273248, 0.7151893663724195, 0.6027633760716439]);
        assert_eq!(fill_f64(dist::STANDARD_NORMAL, 0.0, 0.0, 3), [-2.268328201180374, 1.3335453816218967, -0.8427240538292873]);
    }

    #[test]
    fn integers_and_distributions() {
        let _g = LOCK.lock().unwrap();
        let p52 = 4503599627370496.0;
        kiln_random_seed(12345);
        assert_eq!(fill_i64(0.0, 10.0, 8), [2, 5, 1, 4, 9, 5, 2, 1]);
        assert_eq!(fill_i64(-5.0, 1e6, 4), [683121, 52588, 433462, 662153]);
        assert_eq!(fill_i64(0.0, 1099511627776.0, 3), [452577545307, 1061522527606, 897185784690]);
        assert_eq!(fill_i64(-p52, p52, 3), [2307638798561547, -2889184593320310, 4486357046269650]);
        assert_eq!(fill_i64(0.0, 4294967296.0, 2), [1282922662, 3467278599]);
        assert_eq!(fill_i64(5.0, 6.0, 2), [5, 5]);
        assert_eq!(fill_f64(dist::UNIFORM, 2.0, 5.0, 3), [3.96923354924681, 4.429437657622804, 4.616527741172849]);
        // An odd count leaves a cached Gaussian for the next draw.
        assert_eq!(fill_f64(dist::NORMAL, 1.0, 2.0, 3), [3.7058336703308994, 2.7728586811831777, -3.003274619320795]);
        assert_eq!(fill_f64(dist::STANDARD_NORMAL, 0.0, 0.0, 1), [-0.3718425371402544]);
        assert_eq!(kiln_random_scalar(dist::RANDOM, 0.0, 0.0), 0.43964460588480947);
        assert_eq!(kiln_random_scalar(dist::NORMAL, 3.0, 0.5), 3.5298131576813363);
        assert_eq!(kiln_random_scalar(dist::RANDINT, -7.0, 7.0), -4.0);
    }

    #[test]
    fn randint_many_seeds_and_ranges() {
        let _g = LOCK.lock().unwrap();
        // for s in range(20): seed(s*7919+1); for hi in HIS: randint(0, hi, 5),
        // folded as ck = (ck * 1000003 + v) mod 2**64.
        let his: [f64; 13] = [
            1.0,
            2.0,
            3.0,
            7.0,
            100.0,
            1000.0,
            2147483647.0,
            2147483648.0,
            4294967295.0,
            4294967296.0,
            4294967297.0,
            1e12,
            4503599627370496.0,
        ];
        let mut ck: u64 = 0;
        for s in 0..20 {
            kiln_random_seed(s * 7919 + 1);
            for &hi in &his {
                for v in fill_i64(0.0, hi, 5) {
                    ck = ck.wrapping_mul(1000003).wrapping_add(v as u64);
                }
            }
        }
        assert_eq!(ck, 2999651371894117979);
    }

    #[test]
    fn shuffles_and_choices() {
        let _g = LOCK.lock().unwrap();
        kiln_random_seed(7);
        let mut a: Vec<i64> = (0..10).collect();
        assert_eq!(unsafe { kiln_random_shuffle(&view_mut(&mut a, &[10])) }, 0);
        assert_eq!(a, [8, 5, 0, 2, 1, 9, 7, 3, 6, 4]);
        kiln_random_seed(7);
        let mut b: Vec<i64> = (0..12).collect();
        assert_eq!(unsafe { kiln_random_shuffle(&view_mut(&mut b, &[4, 3])) }, 0);
        assert_eq!(b, [6, 7, 8, 3, 4, 5, 0, 1, 2, 9, 10, 11]);
        // permutation(10) is a shuffle of arange(10).
        kiln_random_seed(3);
        let mut c: Vec<i64> = (0..10).collect();
        assert_eq!(unsafe { kiln_random_shuffle(&view_mut(&mut c, &[10])) }, 0);
        assert_eq!(c, [5, 4, 1, 2, 9, 6, 7, 0, 3, 8]);

        kiln_random_seed(1);
        let five: Vec<i64> = (0..5).collect();
        let tens: Vec<i64> = (0..10).map(|i| i * 10).collect();
        let p = [0.1f64, 0.2, 0.3, 0.15, 0.25];
        let mut out = empty();
        let mut choose = |a: &[i64], size: i64, replace: bool, p: Option<&[f64]>| {
            let pv = p.map(|p| view(p, &[p.len()]));
            let pp = pv.as_ref().map_or(std::ptr::null(), |v| v as *const ArrayView);
            let rc = unsafe { kiln_random_choice(&view(a, &[a.len()]), size, replace as i32, pp, &mut out) };
            assert_eq!(rc, 0, "{:?}", crate::error::take());
            take::<i64>(&out).1
        };
        assert_eq!(choose(&five, 3, true, None), [3, 4, 0]);
        assert_eq!(choose(&tens, 4, false, None), [20, 30, 40, 80]);
        assert_eq!(choose(&five, 4, true, Some(&p)), [2, 2, 2, 3]);
        assert_eq!(choose(&five, 3, false, Some(&p)), [1, 4, 0]);
    }
    #[test]
    fn parameter_errors() {
        let _g = LOCK.lock().unwrap();
        let mut out = empty();
        let v = [0i64; 2];
        let mut o = view(&v, &[2]);
        assert_value_error(unsafe { kiln_random_fill(dist::RANDINT, 5.0, 3.0, &mut o) }, "low >= high");
        assert_value_error(unsafe { kiln_random_fill(dist::RANDINT, 0.0, 0.0, &mut o) }, "high <= 0");
        let f = [0.0f64; 2];
        let mut o = view(&f, &[2]);
        assert_value_error(unsafe { kiln_random_fill(dist::NORMAL, 0.0, -1.0, &mut o) }, "scale < 0");
        assert_eq!(unsafe { kiln_random_fill(dist::UNIFORM, -1e308, 1e308, &mut o) }, 1);
        assert_eq!(pending(), (exc::OVERFLOW_ERROR, "Range exceeds valid bounds".to_owned()));
        assert!(kiln_random_scalar(dist::NORMAL, 0.0, -1.0).is_nan());
        assert_eq!(pending().1, "scale < 0");
        assert_value_error(kiln_random_seed(1 << 32), "Seed must be between 0 and 2**32 - 1");
        let a = [1i64, 2, 3];
        assert_value_error(
            unsafe { kiln_random_choice(&view(&a, &[3]), 5, 0, std::ptr::null(), &mut out) },
            "Cannot take a larger sample than population when 'replace=False'",
        );
        let p = [0.5f64, 0.6, 0.1];
        assert_value_error(
            unsafe { kiln_random_choice(&view(&a, &[3]), 2, 1, &view(&p, &[3]), &mut out) },
            "probabilities do not sum to 1",
        );
        let e: [i64; 0] = [];
        assert_value_error(
            unsafe { kiln_random_choice(&view(&e, &[0]), 3, 1, std::ptr::null(), &mut out) },
            "'a' cannot be empty unless no samples are taken",
        );
    }
}
