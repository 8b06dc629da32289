//! NumPy's complex ufunc loops on one element (`kiln_npy_cfunc*`,
//! `kiln_npy_cpow*`), for NumPy complex scalars and the elements of
//! complex arrays in compiled kernels.
//!
//! NumPy computes `sqrt exp log sin cos tan arcsin arccos arctan sinh cosh
//! tanh arcsinh arccosh arctanh` with the C library's C99 functions
//! (`npy_csqrt` is `csqrt` on glibc), so these call glibc's `csqrt`/`csqrtf`
//! directly and are bit-identical to NumPy there (checked on 2·10^4 random
//! and special inputs). `log10 log2 expm1 log1p exp2` and `power` are
//! NumPy's own formulas from `funcs.inc.src` (`nc_log10`, `nc_pow`, ...),
//! operation by operation.
//!
//! Invariant: nothing here raises; NumPy's complex loops only set floating
//! point flags, which kiln does not report.

use num_complex::Complex;

use crate::abi::npcomplex as code;

type C64 = Complex<f64>;
type C32 = Complex<f32>;

mod libm {
    //! glibc's C99 complex functions: `double _Complex` is passed and
    //! returned like a `#[repr(C)]` pair of doubles on x86-64 (two SSE
    //! registers; `float _Complex` packed in one), which `Complex<T>` is.
    use super::{C32, C64};
    extern "C" {
        pub fn csqrt(z: C64) -> C64;
        pub fn cexp(z: C64) -> C64;
        pub fn clog(z: C64) -> C64;
        pub fn csin(z: C64) -> C64;
        pub fn ccos(z: C64) -> C64;
        pub fn ctan(z: C64) -> C64;
        pub fn casin(z: C64) -> C64;
        pub fn cacos(z: C64) -> C64;
        pub fn catan(z: C64) -> C64;
        pub fn csinh(z: C64) -> C64;
        pub fn ccosh(z: C64) -> C64;
        pub fn ctanh(z: C64) -> C64;
        pub fn casinh(z: C64) -> C64;
        pub fn cacosh(z: C64) -> C64;
        pub fn catanh(z: C64) -> C64;
        pub fn cpow(a: C64, b: C64) -> C64;
        pub fn csqrtf(z: C32) -> C32;
        pub fn cexpf(z: C32) -> C32;
        pub fn clogf(z: C32) -> C32;
        pub fn csinf(z: C32) -> C32;
        pub fn ccosf(z: C32) -> C32;
        pub fn ctanf(z: C32) -> C32;
        pub fn casinf(z: C32) -> C32;
        pub fn cacosf(z: C32) -> C32;
        pub fn catanf(z: C32) -> C32;
        pub fn csinhf(z: C32) -> C32;
        pub fn ccoshf(z: C32) -> C32;
        pub fn ctanhf(z: C32) -> C32;
        pub fn casinhf(z: C32) -> C32;
        pub fn cacoshf(z: C32) -> C32;
        pub fn catanhf(z: C32) -> C32;
        pub fn cpowf(a: C32, b: C32) -> C32;
        pub fn expm1(x: f64) -> f64;
        pub fn expm1f(x: f32) -> f32;
        pub fn exp(x: f64) -> f64;
        pub fn expf(x: f32) -> f32;
        pub fn sin(x: f64) -> f64;
        pub fn sinf(x: f32) -> f32;
        pub fn cos(x: f64) -> f64;
        pub fn cosf(x: f32) -> f32;
        pub fn hypot(x: f64, y: f64) -> f64;
        pub fn hypotf(x: f32, y: f32) -> f32;
        pub fn atan2(y: f64, x: f64) -> f64;
        pub fn atan2f(y: f32, x: f32) -> f32;
        pub fn log(x: f64) -> f64;
        pub fn logf(x: f32) -> f32;
    }
}

/// The float operations NumPy's complex formulas need, per precision.
trait Part:
    Copy
    + PartialOrd
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
{
    const ZERO: Self;
    const ONE: Self;
    const NAN: Self;
    fn fabs(self) -> Self;
    /// The value as an integer when it is one of magnitude below 2^62.
    fn small_int(self) -> Option<i64>;
    const LOG10E: Self;
    const LOG2E: Self;
    const LN2: Self;
    fn cfunc(f: i32, z: Complex<Self>) -> Complex<Self>;
    fn cpow_libm(a: Complex<Self>, b: Complex<Self>) -> Complex<Self>;
    fn m_expm1(self) -> Self;
    fn m_exp(self) -> Self;
    fn m_sin(self) -> Self;
    fn m_cos(self) -> Self;
    fn m_hypot(self, o: Self) -> Self;
    fn m_atan2(self, x: Self) -> Self;
    fn m_log(self) -> Self;
}

macro_rules! part {
    ($t:ty, $sqrt:ident, $exp:ident, $log:ident, $sin:ident, $cos:ident, $tan:ident, $asin:ident, $acos:ident, $atan:ident,
     $sinh:ident, $cosh:ident, $tanh:ident, $asinh:ident, $acosh:ident, $atanh:ident, $cpow:ident,
     $expm1:ident, $rexp:ident, $rsin:ident, $rcos:ident, $hypot:ident, $atan2:ident, $rlog:ident, $m:ident) => {
        impl Part for $t {
            const LOG10E: $t = std::$m::consts::LOG10_E;
            const LOG2E: $t = std::$m::consts::LOG2_E;
            const LN2: $t = std::$m::consts::LN_2;
            const ZERO: $t = 0.0;
            const ONE: $t = 1.0;
            const NAN: $t = <$t>::NAN;
            fn fabs(self) -> $t {
                self.abs()
            }
            fn small_int(self) -> Option<i64> {
                (self.abs() < 4.0e18 && self.trunc() == self).then_some(self as i64)
            }
            fn cfunc(f: i32, z: Complex<$t>) -> Complex<$t> {
                // SAFETY: pure C library functions of values.
                unsafe {
                    match f {
                        code::SQRT => libm::$sqrt(z),
                        code::EXP => libm::$exp(z),
                        code::LOG => libm::$log(z),
                        code::SIN => libm::$sin(z),
                        code::COS => libm::$cos(z),
                        code::TAN => libm::$tan(z),
                        code::ARCSIN => libm::$asin(z),
                        code::ARCCOS => libm::$acos(z),
                        code::ARCTAN => libm::$atan(z),
                        code::SINH => libm::$sinh(z),
                        code::COSH => libm::$cosh(z),
                        code::TANH => libm::$tanh(z),
                        code::ARCSINH => libm::$asinh(z),
                        code::ARCCOSH => libm::$acosh(z),
                        code::ARCTANH => libm::$atanh(z),
                        _ => derived(f, z),
                    }
                }
            }
            fn cpow_libm(a: Complex<$t>, b: Complex<$t>) -> Complex<$t> {
                // SAFETY: as above.
                unsafe { libm::$cpow(a, b) }
            }
            fn m_expm1(self) -> $t {
                unsafe { libm::$expm1(self) }
            }
            fn m_exp(self) -> $t {
                unsafe { libm::$rexp(self) }
            }
            fn m_sin(self) -> $t {
                unsafe { libm::$rsin(self) }
            }
            fn m_cos(self) -> $t {
                unsafe { libm::$rcos(self) }
            }
            fn m_hypot(self, o: $t) -> $t {
                unsafe { libm::$hypot(self, o) }
            }
            fn m_atan2(self, x: $t) -> $t {
                unsafe { libm::$atan2(self, x) }
            }
            fn m_log(self) -> $t {
                unsafe { libm::$rlog(self) }
            }
        }
    };
}

part!(
    f64, csqrt, cexp, clog, csin, ccos, ctan, casin, cacos, catan, csinh, ccosh, ctanh, casinh, cacosh, catanh, cpow, expm1, exp, sin, cos,
    hypot, atan2, log, f64
);
part!(
    f32, csqrtf, cexpf, clogf, csinf, ccosf, ctanf, casinf, cacosf, catanf, csinhf, ccoshf, ctanhf, casinhf, cacoshf, catanhf, cpowf,
    expm1f, expf, sinf, cosf, hypotf, atan2f, logf, f32
);

/// NumPy's own complex formulas (`funcs.inc.src`).
fn derived<T: Part>(f: i32, z: Complex<T>) -> Complex<T> {
    match f {
        // nc_log10 / nc_log2: the complex log, both parts scaled.
        code::LOG10 | code::LOG2 => {
            let l = T::cfunc(code::LOG, z);
            let k = if f == code::LOG10 { T::LOG10E } else { T::LOG2E };
            Complex::new(l.re * k, l.im * k)
        }
        // nc_exp2: exp(z * ln 2), the product as NumPy's scalar `*`.
        code::EXP2 => T::cfunc(code::EXP, Complex::new(z.re * T::LN2, z.im * T::LN2)),
        // nc_expm1.
        code::EXPM1 => {
            let a = (z.im / (T::ONE + T::ONE)).m_sin();
            let two = T::ONE + T::ONE;
            Complex::new(z.re.m_expm1() * z.im.m_cos() - two * a * a, z.re.m_exp() * z.im.m_sin())
        }
        // nc_log1p.
        code::LOG1P => {
            let l = (z.re + T::ONE).m_hypot(z.im);
            Complex::new(l.m_log(), z.im.m_atan2(z.re + T::ONE))
        }
        _ => Complex::new(T::NAN, T::NAN),
    }
}

/// NumPy's `cmul`.
fn cmul<T: Part>(a: Complex<T>, b: Complex<T>) -> Complex<T> {
    Complex::new(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
}

/// NumPy's complex division (`cdiv`, the `divide` loop): Smith's method
/// with the reciprocal of the denominator, and `x / |0|` parts for a zero
/// divisor.
fn cdiv<T: Part>(a: Complex<T>, b: Complex<T>) -> Complex<T> {
    let (abr, abi) = (b.re.fabs(), b.im.fabs());
    if abr >= abi {
        if abr == T::ZERO && abi == T::ZERO {
            Complex::new(a.re / abr, a.im / abr)
        } else {
            let rat = b.im / b.re;
            let scl = T::ONE / (b.re + b.im * rat);
            Complex::new((a.re + a.im * rat) * scl, (a.im - a.re * rat) * scl)
        }
    } else {
        let rat = b.re / b.im;
        let scl = T::ONE / (b.im + b.re * rat);
        Complex::new((a.re * rat + a.im) * scl, (a.im * rat - a.re) * scl)
    }
}

/// NumPy's `nc_pow`: small integral exponents by repeated multiplication,
/// zero bases and exponents by its rules, else the C library's `cpow`.
fn npow<T: Part>(a: Complex<T>, b: Complex<T>) -> Complex<T> {
    let (ar, ai, br, bi) = (a.re, a.im, b.re, b.im);
    let zero = T::ZERO;
    let one = Complex::new(T::ONE, zero);
    if br == zero && bi == zero {
        return one;
    }
    if ar == zero && ai == zero {
        // NumPy 2.4: zero for a positive real part of the exponent.
        return if br > zero { Complex::new(zero, zero) } else { Complex::new(T::NAN, T::NAN) };
    }
    if let (true, Some(n)) = (bi == zero, br.small_int()) {
        if n == 1 {
            return a;
        } else if n == 2 {
            return cmul(a, a);
        } else if n == 3 {
            return cmul(cmul(a, a), a);
        } else if n > -100 && n < 100 {
            let n = n.abs();
            let mut mask = 1i64;
            let mut aa = one;
            let mut p = a;
            loop {
                if n & mask != 0 {
                    aa = cmul(aa, p);
                }
                mask <<= 1;
                if n < mask || mask <= 0 {
                    break;
                }
                p = cmul(p, p);
            }
            return if br < zero { cdiv(one, aa) } else { aa };
        }
    }
    T::cpow_libm(a, b)
}

/// # Safety
/// `out` points to two writable f64.
#[no_mangle]
pub unsafe extern "C" fn kiln_npy_cfunc(f: i32, re: f64, im: f64, out: *mut f64) {
    let r = f64::cfunc(f, Complex::new(re, im));
    // SAFETY: the caller passes two writable f64.
    unsafe {
        *out = r.re;
        *out.add(1) = r.im;
    }
}

/// # Safety
/// `out` points to two writable f32.
#[no_mangle]
pub unsafe extern "C" fn kiln_npy_cfuncf(f: i32, re: f32, im: f32, out: *mut f32) {
    let r = f32::cfunc(f, Complex::new(re, im));
    // SAFETY: the caller passes two writable f32.
    unsafe {
        *out = r.re;
        *out.add(1) = r.im;
    }
}

/// # Safety
/// `out` points to two writable f64.
#[no_mangle]
pub unsafe extern "C" fn kiln_npy_cpow(ar: f64, ai: f64, br: f64, bi: f64, out: *mut f64) {
    let r = npow(Complex::new(ar, ai), Complex::new(br, bi));
    // SAFETY: the caller passes two writable f64.
    unsafe {
        *out = r.re;
        *out.add(1) = r.im;
    }
}

/// # Safety
/// `out` points to two writable f32.
#[no_mangle]
pub unsafe extern "C" fn kiln_npy_cpowf(ar: f32, ai: f32, br: f32, bi: f32, out: *mut f32) {
    let r = npow(Complex::new(ar, ai), Complex::new(br, bi));
    // SAFETY: the caller passes two writable f32.
    unsafe {
        *out = r.re;
        *out.add(1) = r.im;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas() {
        // Values from NumPy 2.4.
        assert_eq!(npow(C64::new(1.0, 2.0), C64::new(2.0, 0.0)), C64::new(-3.0, 4.0));
        assert_eq!(npow(C64::new(0.0, 0.0), C64::new(0.0, 0.0)), C64::new(1.0, 0.0));
        assert_eq!(cdiv(C64::new(1.0, 0.0), C64::new(1.0, 2.0)), C64::new(0.2, -0.4));
        assert_eq!(f64::cfunc(code::SQRT, C64::new(-4.0, 0.0)), C64::new(0.0, 2.0));
    }
}
