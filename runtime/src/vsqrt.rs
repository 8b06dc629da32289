//! Square roots of a block of floats in place, on the widest vectors the CPU
//! has: compiled kernels whose result is `np.sqrt(...)` store the operand and
//! call these per block of 64 elements (`back/kernel.rs`, `vector_loop`).
//!
//! Why: Cranelift emits 128-bit `sqrtpd`, and a square root's throughput is
//! per instruction, so 256-bit `vsqrtpd` takes the roots of a block in half
//! the time (`hypot_expr`, 10^6 elements, 1 thread: 1.25 -> 0.80 ms on the
//! development machine; gcc's fused loop: 1.23 ms at 128 bits, 0.57 at 256).
//! 512-bit roots, where the CPU has AVX-512F, measured on the AMD EPYC (Zen 4)
//! machine: 0.63 -> 0.55 ns per root in a loop alone, and `hypot_expr`
//! 0.79 -> 0.74 ms on 1 thread, 0.41 -> 0.39 on 2. Intel CPUs with AVX-512
//! keep the 256-bit path ([`use_avx512`]).
//!
//! Invariants: the results are IEEE square roots, correctly rounded, so they
//! are bit-identical whichever path runs (and to NumPy's); each vector path
//! runs only when the CPU reports its instruction set.

/// Whether this CPU has AVX2 (checked once).
fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Whether to take the roots on 512-bit vectors: the CPU has AVX-512F and
/// is an AMD one (checked once). On the AMD Zen 4 machine 512-bit roots were
/// faster than 256-bit ones (see the module docs). On the Intel Xeon machine
/// a root costs the same per element at either width, and 512-bit
/// instructions also take the vector port the compiled loop's next block
/// needs: `hypot_expr`'s loop in C took 0.884 ms with 512-bit roots and
/// 0.842 with 256-bit ones.
fn use_avx512() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use std::sync::OnceLock;
        static AMD_AVX512: OnceLock<bool> = OnceLock::new();
        *AMD_AVX512.get_or_init(|| {
            // CPUID leaf 0 exists on every x86-64 CPU.
            let id = std::arch::x86_64::__cpuid(0);
            // The vendor string is EBX, EDX, ECX: "AuthenticAMD".
            let amd = (id.ebx, id.edx, id.ecx) == (0x6874_7541, 0x6974_6e65, 0x444d_4163);
            amd && std::is_x86_feature_detected!("avx512f")
        })
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

macro_rules! vsqrt {
    ($entry:ident, $avx2:ident, $avx512:ident, $t:ty) => {
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx512f")]
        unsafe fn $avx512(xs: &mut [$t]) {
            for x in xs {
                *x = x.sqrt();
            }
        }

        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2")]
        unsafe fn $avx2(xs: &mut [$t]) {
            for x in xs {
                *x = x.sqrt();
            }
        }

        /// Replaces each of the `n` values at `p` by its square root.
        ///
        /// # Safety
        /// `p` is valid for reads and writes of `n` values (any `p` when `n <= 0`).
        #[no_mangle]
        pub unsafe extern "C" fn $entry(p: *mut $t, n: i64) {
            if n <= 0 {
                return;
            }
            // SAFETY: the caller's contract.
            let xs = unsafe { std::slice::from_raw_parts_mut(p, n as usize) };
            #[cfg(target_arch = "x86_64")]
            if use_avx512() {
                // SAFETY: the CPU has AVX-512F.
                return unsafe { $avx512(xs) };
            }
            #[cfg(target_arch = "x86_64")]
            if has_avx2() {
                // SAFETY: the CPU has AVX2.
                return unsafe { $avx2(xs) };
            }
            for x in xs {
                *x = x.sqrt();
            }
        }
    };
}

vsqrt!(kiln_vsqrt_f64, vsqrt_f64_avx2, vsqrt_f64_avx512, f64);
vsqrt!(kiln_vsqrt_f32, vsqrt_f32_avx2, vsqrt_f32_avx512, f32);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_match_the_scalar_square_root_bit_for_bit() {
        let mut xs: Vec<f64> = (0..1000).map(|i| (i as f64) * 0.37 - 3.0).chain([0.0, -0.0, f64::INFINITY, f64::NAN, 1e-310]).collect();
        let want: Vec<u64> = xs.iter().map(|x| x.sqrt().to_bits()).collect();
        unsafe { kiln_vsqrt_f64(xs.as_mut_ptr(), xs.len() as i64) };
        assert_eq!(xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want);
        let mut ys: Vec<f32> = (0..1000).map(|i| (i as f32) * 0.37 - 3.0).collect();
        let want: Vec<u32> = ys.iter().map(|x| x.sqrt().to_bits()).collect();
        unsafe { kiln_vsqrt_f32(ys.as_mut_ptr(), ys.len() as i64) };
        assert_eq!(ys.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want);
        unsafe { kiln_vsqrt_f64(std::ptr::null_mut(), 0) };
    }

    /// Every vector path this CPU has, whichever one the entry points pick.
    #[test]
    #[cfg(target_arch = "x86_64")]
    fn every_available_path_matches_the_scalar_root() {
        let xs: Vec<f64> = (0..517).map(|i| (i as f64) * 0.37 - 3.0).chain([0.0, -0.0, f64::INFINITY, f64::NAN, 1e-310]).collect();
        let want: Vec<u64> = xs.iter().map(|x| x.sqrt().to_bits()).collect();
        let ys: Vec<f32> = xs.iter().map(|x| *x as f32).collect();
        let want32: Vec<u32> = ys.iter().map(|x| x.sqrt().to_bits()).collect();
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        let bits32 = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        if std::is_x86_feature_detected!("avx2") {
            let (mut a, mut b) = (xs.clone(), ys.clone());
            // SAFETY: the CPU has AVX2.
            unsafe { (vsqrt_f64_avx2(&mut a), vsqrt_f32_avx2(&mut b)) };
            assert_eq!((bits(&a), bits32(&b)), (want.clone(), want32.clone()));
        }
        if std::is_x86_feature_detected!("avx512f") {
            let (mut a, mut b) = (xs.clone(), ys.clone());
            // SAFETY: the CPU has AVX-512F.
            unsafe { (vsqrt_f64_avx512(&mut a), vsqrt_f32_avx512(&mut b)) };
            assert_eq!((bits(&a), bits32(&b)), (want, want32));
        }
    }
}
