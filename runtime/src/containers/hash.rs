//! CPython 3.11's hash values, computed without the interpreter: numbers
//! (the modular scheme of "Hashing of numeric types" in the language
//! reference), tuples (3.11's xxHash-based combination) and str (SipHash-1-3
//! over the string's canonical PEP 393 representation, keyed with the
//! interpreter's per-process secret).
//!
//! The secret is read from the running interpreter by `pyglue` at module
//! initialization (`set_secret`); until then it is zero, which is exactly the
//! interpreter's secret under `PYTHONHASHSEED=0`.
//!
//! Exactness: every hash equals CPython's, except where CPython 3.11 hashes by
//! object identity: NaN floats (`_Py_HashDouble` uses the object's address
//! since 3.10) and `None` (address-based until 3.12). kiln values have no
//! identity, so NaN hashes as 0 (the pre-3.10 value) and `None` as a constant.
//!
//! Invariants: no function here returns -1 (Python's error value).

use std::sync::atomic::{AtomicU64, Ordering};

/// The modulus of numeric hashes: 2**61 - 1 (`sys.hash_info.modulus`).
pub const MODULUS: u64 = (1 << 61) - 1;
const BITS: u32 = 61;
/// `hash(inf)`; `hash(-inf)` is its negation.
pub const INF: i64 = 314_159;
/// The multiplier of the imaginary part in complex hashes.
const IMAG: u64 = 1_000_003;
/// kiln's hash of `None` (CPython 3.11 hashes `None` by address).
pub const NONE: i64 = 0x5f3759df;

static SECRET_K0: AtomicU64 = AtomicU64::new(0);
static SECRET_K1: AtomicU64 = AtomicU64::new(0);

/// Installs the interpreter's SipHash key (`_Py_HashSecret.siphash`).
pub fn set_secret(k0: u64, k1: u64) {
    SECRET_K0.store(k0, Ordering::Relaxed);
    SECRET_K1.store(k1, Ordering::Relaxed);
}

/// The SipHash key in use.
pub fn secret() -> (u64, u64) {
    (SECRET_K0.load(Ordering::Relaxed), SECRET_K1.load(Ordering::Relaxed))
}

/// Python reserves -1 for errors; a computed -1 becomes -2.
fn fix(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(i)` for an int.
pub fn int(v: i64) -> i64 {
    if v.unsigned_abs() < MODULUS {
        // Already reduced (every int but the 8 closest to ±2**63): spares
        // the 64-bit division, the cost of hashing in int sets and dicts.
        return fix(v);
    }
    let m = (v.unsigned_abs() % MODULUS) as i64;
    fix(if v < 0 { -m } else { m })
}

/// `hash(u)` for an unsigned 64-bit value (NumPy's uint64).
pub fn uint(v: u64) -> i64 {
    (v % MODULUS) as i64
}

/// `2**e mod MODULUS` for any exponent (2**61 ≡ 1, so only `e mod 61` matters).
fn pow2_mod(e: i32) -> u64 {
    1u64 << e.rem_euclid(BITS as i32)
}

/// `hash(x)` for a float (`_Py_HashDouble`, NaN as 0).
pub fn float(x: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    if x.is_infinite() {
        return if x > 0.0 { INF } else { -INF };
    }
    if x == 0.0 {
        return 0;
    }
    // x = mant * 2**exp exactly, with mant a 53-bit integer.
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (mant, exp) = if biased == 0 { (frac, -1074) } else { (frac | (1 << 52), biased - 1075) };
    let h = ((mant as u128 * pow2_mod(exp) as u128) % MODULUS as u128) as i64;
    fix(if x < 0.0 { -h } else { h })
}

/// `hash(complex(re, im))`.
pub fn complex(re: f64, im: f64) -> i64 {
    let h = (float(re) as u64).wrapping_add(IMAG.wrapping_mul(float(im) as u64));
    fix(h as i64)
}

/// CPython 3.11's tuple hash (xxHash-style lanes), given the items' hashes.
pub fn tuple(items: impl ExactSizeIterator<Item = i64>) -> i64 {
    const P1: u64 = 11400714785074694791;
    const P2: u64 = 14029467366897019727;
    const P5: u64 = 2870177450012600261;
    let len = items.len() as u64;
    let mut acc = P5;
    for lane in items {
        acc = acc.wrapping_add((lane as u64).wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add(len ^ (P5 ^ 3527539));
    if acc == u64::MAX {
        return 1546275796;
    }
    acc as i64
}

/// SipHash-1-3 of `data` under key (`k0`, `k1`).
pub fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v = [k0 ^ 0x736f_6d65_7073_6575, k1 ^ 0x646f_7261_6e64_6f6d, k0 ^ 0x6c79_6765_6e65_7261, k1 ^ 0x7465_6462_7974_6573];
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[2] = v[2].rotate_left(32);
    }
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let m = u64::from_le_bytes(c.try_into().unwrap());
        v[3] ^= m;
        round(&mut v);
        v[0] ^= m;
    }
    let mut last = (data.len() as u64) << 56;
    for (i, &b) in chunks.remainder().iter().enumerate() {
        last |= (b as u64) << (8 * i);
    }
    v[3] ^= last;
    round(&mut v);
    v[0] ^= last;
    v[2] ^= 0xff;
    round(&mut v);
    round(&mut v);
    round(&mut v);
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

/// `_Py_HashBytes`: 0 for no bytes, SipHash-1-3 otherwise.
pub fn bytes_with(k0: u64, k1: u64, data: &[u8]) -> i64 {
    if data.is_empty() {
        return 0;
    }
    fix(siphash13(k0, k1, data) as i64)
}

/// `hash(s)` for a str under the key (`k0`, `k1`). CPython hashes the string's
/// PEP 393 storage: one byte per character when every code point is below
/// 256, else two (below 65536), else four, little-endian on this machine.
pub fn str_with(k0: u64, k1: u64, s: &str) -> i64 {
    let max = s.chars().map(|c| c as u32).max().unwrap_or(0);
    if max < 0x80 {
        return bytes_with(k0, k1, s.as_bytes());
    }
    let mut buf = Vec::with_capacity(s.len() * 2);
    if max < 0x100 {
        buf.extend(s.chars().map(|c| c as u32 as u8));
    } else if max < 0x10000 {
        for c in s.chars() {
            buf.extend_from_slice(&(c as u32 as u16).to_le_bytes());
        }
    } else {
        for c in s.chars() {
            buf.extend_from_slice(&(c as u32).to_le_bytes());
        }
    }
    bytes_with(k0, k1, &buf)
}

/// `hash(s)` for a str under the interpreter's secret.
pub fn str(s: &str) -> i64 {
    let (k0, k1) = secret();
    str_with(k0, k1, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_cpython() {
        // Values printed by CPython 3.11.
        assert_eq!(int(0), 0);
        assert_eq!(int(-1), -2);
        assert_eq!(int(-2), -2);
        assert_eq!(int(i64::MIN), -4);
        assert_eq!(int(i64::MAX), 3);
        assert_eq!(int((1 << 61) - 1), 0);
        assert_eq!(int(1 << 61), 1);
        assert_eq!(uint(u64::MAX), 7);
        assert_eq!(float(1.5), 1152921504606846977);
        assert_eq!(float(-1.5), -1152921504606846977);
        assert_eq!(float(0.1), 230584300921369408);
        assert_eq!(float(1e300), 1224995262755759164);
        assert_eq!(float(5e-324), 16777216);
        assert_eq!(float(-1.0), -2);
        assert_eq!(float(2.0), 2);
        assert_eq!(float(f64::INFINITY), 314159);
        assert_eq!(float(f64::NEG_INFINITY), -314159);
        assert_eq!(float(-0.0), 0);
        assert_eq!(complex(1.0, 2.0), 2000007);
        assert_eq!(tuple([].into_iter()), 5740354900026072187);
        assert_eq!(tuple([1, 2].into_iter()), -3550055125485641917);
    }

    #[test]
    fn siphash_reference_vector() {
        // With key 0 (PYTHONHASHSEED=0), CPython 3.11 gives these.
        assert_eq!(str_with(0, 0, ""), 0);
        assert_eq!(str_with(0, 0, "a"), 4644417185603328019);
    }
}
