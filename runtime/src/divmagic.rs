//! Multiplicative inverses for signed 64-bit division by a divisor known
//! only at run time, computed once before a loop that divides by it.
//!
//! A 64-bit `idiv` costs tens of cycles; `n / d` for a fixed `d` is also
//! `(mulhs(n, M) + A * n) >> s`, rounded toward zero by adding 1 when that
//! is negative (Granlund and Montgomery; Hacker's Delight, 2nd ed., 10-1).
//! `hist_prefix`'s `counts[v % nbins]` divides by the same `nbins` 10^6
//! times.
//!
//! `kiln_sdiv_magic(d, out)` writes `[M, A, s, fix]`; compiled code then
//! computes the truncated quotient as
//!
//! ```text
//! q = mulhs(n, M) + A * n;  q >>= s (arithmetic);  q += (q >>> 63) & fix
//! ```
//!
//! Invariants: for every `d != 0` and every `n` the result is `n / d`
//! truncated toward zero, wrapping like Cranelift's `sdiv` never does:
//! `i64::MIN / -1` gives `i64::MIN` (compiled code selects its own value
//! for a divisor of -1 and of 0, where `[0, 0, 0, 0]` gives 0).

/// `[M, A, s, fix]` for dividing by `d` (see the module docs).
pub fn sdiv_magic(d: i64) -> [i64; 4] {
    match d {
        0 => return [0, 0, 0, 0],
        // mulhs(n, 0) + A * n with no rounding step.
        1 | -1 => return [0, d, 0, 0],
        _ => {}
    }
    const TWO63: u64 = 1 << 63;
    let ad = d.unsigned_abs();
    let t = TWO63 + ((d as u64) >> 63);
    // |nc|: the largest n with n % |d| == |d| - 1 in the range of n.
    let anc = t - 1 - t % ad;
    let mut p: u32 = 63;
    let (mut q1, mut r1) = (TWO63 / anc, TWO63 % anc);
    let (mut q2, mut r2) = (TWO63 / ad, TWO63 % ad);
    loop {
        p += 1;
        // 2^p / |nc| and 2^p / |d|, quotients and remainders (all stay
        // below 2^64: the remainders are below |nc| and |d|, at most 2^63).
        q1 = q1.wrapping_mul(2);
        r1 = r1.wrapping_mul(2);
        if r1 >= anc {
            q1 = q1.wrapping_add(1);
            r1 -= anc;
        }
        q2 = q2.wrapping_mul(2);
        r2 = r2.wrapping_mul(2);
        if r2 >= ad {
            q2 = q2.wrapping_add(1);
            r2 -= ad;
        }
        let delta = ad - r2;
        if !(q1 < delta || (q1 == delta && r1 == 0)) {
            break;
        }
    }
    let mut m = q2.wrapping_add(1) as i64;
    if d < 0 {
        m = m.wrapping_neg();
    }
    let add = if d > 0 && m < 0 {
        1
    } else if d < 0 && m > 0 {
        -1
    } else {
        0
    };
    [m, add, (p - 64) as i64, 1]
}

/// `n / d` truncated toward zero from `sdiv_magic(d)`, as compiled code does it.
pub fn sdiv_by_magic(n: i64, [m, add, s, fix]: [i64; 4]) -> i64 {
    let high = ((n as i128 * m as i128) >> 64) as i64;
    let q = high.wrapping_add(add.wrapping_mul(n)) >> s;
    q.wrapping_add(((q as u64) >> 63) as i64 & fix)
}

/// Writes `sdiv_magic(d)` to `out[0..4]`.
///
/// # Safety
/// `out` is valid for writing four `i64`s.
#[no_mangle]
pub unsafe extern "C" fn kiln_sdiv_magic(d: i64, out: *mut i64) {
    let magic = sdiv_magic(d);
    // SAFETY: the caller passes room for four i64s.
    unsafe { std::ptr::copy_nonoverlapping(magic.as_ptr(), out, 4) };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(d: i64, n: i64) {
        let want = n.wrapping_div(d);
        assert_eq!(sdiv_by_magic(n, sdiv_magic(d)), want, "{n} / {d}");
    }

    #[test]
    fn matches_truncating_division() {
        let mut divisors: Vec<i64> = (-300..=300).filter(|d| *d != 0).collect();
        for k in 1..63 {
            let p = 1i64 << k;
            divisors.extend([p, p - 1, p + 1, -p, -p + 1, -p - 1]);
        }
        divisors.extend([i64::MAX, i64::MIN, i64::MIN + 1, i64::MAX - 1, 1_000_000_007, -998_244_353, 641, 6_700_417]);
        let mut numerators: Vec<i64> = (-2000..=2000).collect();
        numerators.extend([i64::MAX, i64::MIN, i64::MIN + 1, i64::MAX - 1]);
        for k in 1..63 {
            let p = 1i64 << k;
            numerators.extend([p, p - 1, p + 1, -p, -p + 1, -p - 1]);
        }
        // A deterministic spread of large values (xorshift).
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            numerators.push(x as i64);
            divisors.push((x.rotate_left(17) as i64) >> (x % 60));
        }
        divisors.retain(|d| *d != 0);
        for &d in &divisors {
            for &n in &numerators {
                check(d, n);
            }
            // Multiples of d and their neighbours, where rounding flips.
            for k in [-3i64, -2, -1, 1, 2, 3, 1000] {
                let m = d.wrapping_mul(k);
                for n in [m.wrapping_sub(1), m, m.wrapping_add(1)] {
                    check(d, n);
                }
            }
        }
    }

    #[test]
    fn zero_divisor_gives_zero() {
        assert_eq!(sdiv_by_magic(12345, sdiv_magic(0)), 0);
    }
}
