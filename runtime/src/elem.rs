//! Element types of arrays and NumPy's scalar semantics on them: casts
//! (`astype`), arithmetic, NaN tests, the sort order and the extremum rules.
//!
//! Every array routine of the runtime is written once, generically over
//! [`Elem`], and instantiated per dtype through [`with_dtype!`]. The dtype
//! codes are those of [`crate::abi::dtype`].
//!
//! Invariants:
//! - each `Elem` type has exactly NumPy's memory layout for its dtype (bool is
//!   one byte, any nonzero byte reads as `True`; complex is `(re, im)`);
//! - casts reproduce NumPy's `astype` on x86-64 bit for bit, including the C
//!   conversions NumPy performs for out-of-range floats (see [`cvt_i32`]);
//! - integer arithmetic wraps, as NumPy's does.

use core::fmt::Debug;

use num_complex::Complex;

use crate::abi::dtype;

/// `numpy.bool`: one byte; any nonzero byte is `True`. A newtype rather than
/// Rust's `bool`, because NumPy memory may hold other nonzero bytes and a Rust
/// `bool` must be exactly 0 or 1.
#[repr(transparent)]
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Bool(pub u8);

impl Bool {
    pub const FALSE: Bool = Bool(0);
    pub const TRUE: Bool = Bool(1);
    pub fn new(b: bool) -> Bool {
        Bool(b as u8)
    }
    pub fn get(self) -> bool {
        self.0 != 0
    }
}

/// `numpy.complex64`.
pub type C32 = Complex<f32>;
/// `numpy.complex128`.
pub type C64 = Complex<f64>;

/// A value of any dtype, without loss: the pivot of every cast.
#[derive(Clone, Copy, Debug)]
pub enum Scalar {
    B(bool),
    I(i64),
    U(u64),
    F32(f32),
    F64(f64),
    C32(C32),
    C64(C64),
}

/// Broad dtype families, for choosing algorithms (pairwise sums for floats, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bool,
    Int,
    UInt,
    Float,
    Complex,
}

/// The family of a dtype code.
pub const fn kind_of(d: u8) -> Kind {
    match d {
        dtype::BOOL => Kind::Bool,
        dtype::INT8 | dtype::INT16 | dtype::INT32 | dtype::INT64 => Kind::Int,
        dtype::UINT8 | dtype::UINT16 | dtype::UINT32 | dtype::UINT64 => Kind::UInt,
        dtype::FLOAT32 | dtype::FLOAT64 => Kind::Float,
        _ => Kind::Complex,
    }
}

/// Whether `d` is a valid dtype code.
pub const fn is_dtype(d: u8) -> bool {
    d <= dtype::COMPLEX128
}

/// The real dtype of a complex one (`abs`, `.real`); other dtypes map to themselves.
pub const fn real_dtype(d: u8) -> u8 {
    match d {
        dtype::COMPLEX64 => dtype::FLOAT32,
        dtype::COMPLEX128 => dtype::FLOAT64,
        _ => d,
    }
}

/// An array element type.
pub trait Elem: Copy + Send + Sync + Debug + 'static {
    const DTYPE: u8;
    const KIND: Kind;
    fn to_scalar(self) -> Scalar;
    fn from_scalar(s: Scalar) -> Self;
    fn zero() -> Self;
    fn one() -> Self;
    /// Truth value (`x != 0`; NaN is true).
    fn nonzero(self) -> bool;
    fn isnan(self) -> bool {
        false
    }
    /// NumPy's `+` (wrapping for integers, `or` for bool).
    fn add(self, o: Self) -> Self;
    /// NumPy's `-` (wrapping for integers; bool has no subtraction and uses `!=`, as `np.diff` does).
    fn sub(self, o: Self) -> Self;
    /// NumPy's `*` (wrapping for integers, `and` for bool).
    fn mul(self, o: Self) -> Self;
    /// NumPy's `*` in its vectorized elementwise loops. For complex numbers
    /// on FMA-capable x86-64 (AVX2/AVX-512 dispatch) NumPy fuses the first
    /// product of each part: `re = fma(ar, br, -(ai*bi))`,
    /// `im = fma(ar, bi, ai*br)`; its scalar loops (reductions along the
    /// inner axis, accumulations) use [`Elem::mul`].
    fn mul_vec(self, o: Self) -> Self {
        self.mul(o)
    }
    /// NumPy's sort order (`npysort`'s `LT`): NaNs last, complex lexicographic.
    fn sort_lt(self, o: Self) -> bool;
    /// Numeric `==` (NaN is unequal to everything).
    fn num_eq(self, o: Self) -> bool;
    /// One step of `np.maximum.reduce`: NaN propagates (the first one stays);
    /// on ties the later value wins, as NumPy's SIMD loops do for signed zeros.
    fn max_step(acc: Self, x: Self) -> Self;
    /// One step of `np.minimum.reduce` (see [`Elem::max_step`]).
    fn min_step(acc: Self, x: Self) -> Self;
    /// The sum of a run of `n` values at `p`, `stride` bytes apart, as NumPy's
    /// `add.reduce` inner loop computes it: pairwise for float and complex
    /// (see [`crate::pairwise`]), a plain wrapping fold otherwise.
    ///
    /// # Safety
    /// `p` must be valid for `n` reads of `Self` at `stride`.
    unsafe fn run_sum(p: *const u8, n: usize, stride: isize) -> Self {
        let mut acc = Self::zero();
        for i in 0..n as isize {
            // SAFETY: the caller guarantees the run is readable.
            acc = acc.add(unsafe { crate::array::ld::<Self>(p.offset(i * stride)) });
        }
        acc
    }
    /// One step of `np.fmax.reduce`: NaNs are skipped unless all are NaN.
    fn fmax_step(acc: Self, x: Self) -> Self {
        if acc.isnan() {
            x
        } else if x.isnan() {
            acc
        } else {
            Self::max_step(acc, x)
        }
    }
    /// One step of `np.fmin.reduce`.
    fn fmin_step(acc: Self, x: Self) -> Self {
        if acc.isnan() {
            x
        } else if x.isnan() {
            acc
        } else {
            Self::min_step(acc, x)
        }
    }
}

/// NumPy's `astype` from `S` to `D`.
#[inline(always)]
pub fn cast<S: Elem, D: Elem>(s: S) -> D {
    D::from_scalar(s.to_scalar())
}

// ----- C float-to-integer conversions --------------------------------------
//
// NumPy converts with plain C casts, which x86-64 compilers emit as
// `cvttsd2si`: an out-of-range or NaN input gives the "integer indefinite"
// value 0x80..0. Types narrower than 32 bits are converted through int32 and
// truncated; uint32 through int64; uint64 subtracts 2**63 first for inputs
// at or above it. The results below were checked against NumPy 2.4 for NaN,
// infinities and out-of-range values.

/// `cvttsd2si` to 32 bits.
#[inline(always)]
pub fn cvt_i32(x: f64) -> i32 {
    if x > -2147483649.0 && x < 2147483648.0 {
        x as i32
    } else {
        i32::MIN
    }
}

/// 2**63 as a float.
const TWO63: f64 = (1u64 << 63) as f64;

/// `cvttsd2si` to 64 bits.
#[inline(always)]
pub fn cvt_i64(x: f64) -> i64 {
    if (-TWO63..TWO63).contains(&x) {
        x as i64
    } else {
        i64::MIN
    }
}

/// The C cast to `uint64` (the branch on `x >= 2**63` that compilers emit).
#[inline(always)]
pub fn cvt_u64(x: f64) -> u64 {
    if x >= TWO63 {
        (cvt_i64(x - TWO63) as u64) ^ (1u64 << 63)
    } else {
        cvt_i64(x) as u64
    }
}

macro_rules! float_to_int {
    (i8, $x:expr) => {
        cvt_i32($x) as i8
    };
    (i16, $x:expr) => {
        cvt_i32($x) as i16
    };
    (u8, $x:expr) => {
        cvt_i32($x) as u8
    };
    (u16, $x:expr) => {
        cvt_i32($x) as u16
    };
    (i32, $x:expr) => {
        cvt_i32($x)
    };
    (u32, $x:expr) => {
        cvt_i64($x) as u32
    };
    (i64, $x:expr) => {
        cvt_i64($x)
    };
    (u64, $x:expr) => {
        cvt_u64($x)
    };
}

macro_rules! int_elem {
    ($t:ident, $code:ident, $kind:ident, $variant:ident, $wide:ty) => {
        impl Elem for $t {
            const DTYPE: u8 = dtype::$code;
            const KIND: Kind = Kind::$kind;
            #[inline(always)]
            fn to_scalar(self) -> Scalar {
                Scalar::$variant(self as $wide)
            }
            #[inline(always)]
            fn from_scalar(s: Scalar) -> Self {
                match s {
                    Scalar::B(b) => b as $t,
                    Scalar::I(i) => i as $t,
                    Scalar::U(u) => u as $t,
                    Scalar::F32(f) => float_to_int!($t, f as f64),
                    Scalar::F64(f) => float_to_int!($t, f),
                    Scalar::C32(c) => float_to_int!($t, c.re as f64),
                    Scalar::C64(c) => float_to_int!($t, c.re),
                }
            }
            #[inline(always)]
            fn zero() -> Self {
                0
            }
            #[inline(always)]
            fn one() -> Self {
                1
            }
            #[inline(always)]
            fn nonzero(self) -> bool {
                self != 0
            }
            #[inline(always)]
            fn add(self, o: Self) -> Self {
                self.wrapping_add(o)
            }
            #[inline(always)]
            fn sub(self, o: Self) -> Self {
                self.wrapping_sub(o)
            }
            #[inline(always)]
            fn mul(self, o: Self) -> Self {
                self.wrapping_mul(o)
            }
            #[inline(always)]
            fn sort_lt(self, o: Self) -> bool {
                self < o
            }
            #[inline(always)]
            fn num_eq(self, o: Self) -> bool {
                self == o
            }
            #[inline(always)]
            fn max_step(acc: Self, x: Self) -> Self {
                acc.max(x)
            }
            #[inline(always)]
            fn min_step(acc: Self, x: Self) -> Self {
                acc.min(x)
            }
        }
    };
}

int_elem!(i8, INT8, Int, I, i64);
int_elem!(i16, INT16, Int, I, i64);
int_elem!(i32, INT32, Int, I, i64);
int_elem!(i64, INT64, Int, I, i64);
int_elem!(u8, UINT8, UInt, U, u64);
int_elem!(u16, UINT16, UInt, U, u64);
int_elem!(u32, UINT32, UInt, U, u64);
int_elem!(u64, UINT64, UInt, U, u64);

impl Elem for Bool {
    const DTYPE: u8 = dtype::BOOL;
    const KIND: Kind = Kind::Bool;
    #[inline(always)]
    fn to_scalar(self) -> Scalar {
        Scalar::B(self.get())
    }
    #[inline(always)]
    fn from_scalar(s: Scalar) -> Self {
        Bool::new(match s {
            Scalar::B(b) => b,
            Scalar::I(i) => i != 0,
            Scalar::U(u) => u != 0,
            Scalar::F32(f) => f != 0.0,
            Scalar::F64(f) => f != 0.0,
            Scalar::C32(c) => c.re != 0.0 || c.im != 0.0,
            Scalar::C64(c) => c.re != 0.0 || c.im != 0.0,
        })
    }
    fn zero() -> Self {
        Bool::FALSE
    }
    fn one() -> Self {
        Bool::TRUE
    }
    #[inline(always)]
    fn nonzero(self) -> bool {
        self.get()
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        Bool::new(self.get() || o.get())
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        Bool::new(self.get() != o.get())
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        Bool::new(self.get() && o.get())
    }
    #[inline(always)]
    fn sort_lt(self, o: Self) -> bool {
        !self.get() && o.get()
    }
    #[inline(always)]
    fn num_eq(self, o: Self) -> bool {
        self.get() == o.get()
    }
    #[inline(always)]
    fn max_step(acc: Self, x: Self) -> Self {
        Bool::new(acc.get() || x.get())
    }
    #[inline(always)]
    fn min_step(acc: Self, x: Self) -> Self {
        Bool::new(acc.get() && x.get())
    }
}

macro_rules! float_elem {
    ($t:ident, $code:ident, $variant:ident) => {
        impl Elem for $t {
            const DTYPE: u8 = dtype::$code;
            const KIND: Kind = Kind::Float;
            #[inline(always)]
            fn to_scalar(self) -> Scalar {
                Scalar::$variant(self)
            }
            #[inline(always)]
            fn from_scalar(s: Scalar) -> Self {
                match s {
                    Scalar::B(b) => b as u8 as $t,
                    Scalar::I(i) => i as $t,
                    Scalar::U(u) => u as $t,
                    Scalar::F32(f) => f as $t,
                    Scalar::F64(f) => f as $t,
                    Scalar::C32(c) => c.re as $t,
                    Scalar::C64(c) => c.re as $t,
                }
            }
            #[inline(always)]
            fn zero() -> Self {
                0.0
            }
            #[inline(always)]
            fn one() -> Self {
                1.0
            }
            #[inline(always)]
            fn nonzero(self) -> bool {
                self != 0.0
            }
            #[inline(always)]
            fn isnan(self) -> bool {
                self.is_nan()
            }
            #[inline(always)]
            fn add(self, o: Self) -> Self {
                self + o
            }
            #[inline(always)]
            fn sub(self, o: Self) -> Self {
                self - o
            }
            #[inline(always)]
            fn mul(self, o: Self) -> Self {
                self * o
            }
            #[inline(always)]
            fn sort_lt(self, o: Self) -> bool {
                self < o || (o.is_nan() && !self.is_nan())
            }
            unsafe fn run_sum(p: *const u8, n: usize, stride: isize) -> Self {
                // SAFETY: forwarded from the caller.
                unsafe { crate::pairwise::pairwise_sum::<$t>(p, n, stride) }
            }
            #[inline(always)]
            fn num_eq(self, o: Self) -> bool {
                self == o
            }
            #[inline(always)]
            fn max_step(acc: Self, x: Self) -> Self {
                if acc.is_nan() || x < acc {
                    acc
                } else {
                    x
                }
            }
            #[inline(always)]
            fn min_step(acc: Self, x: Self) -> Self {
                if acc.is_nan() || x > acc {
                    acc
                } else {
                    x
                }
            }
        }
    };
}

float_elem!(f32, FLOAT32, F32);
float_elem!(f64, FLOAT64, F64);

/// NumPy's complex `<`, lexicographic with NaN-containing values last
/// (`npysort`'s `CFLOAT_LT`); `nan` holds the NaN tests of ar, ai, br, bi.
#[inline(always)]
fn complex_sort_lt<F: Copy + PartialOrd>(ar: F, ai: F, br: F, bi: F, nan: [bool; 4]) -> bool {
    let [arn, ain, brn, bin] = nan;
    if ar < br {
        !ain || bin
    } else if ar > br {
        bin && !ain
    } else if ar == br || (arn && brn) {
        ai < bi || (bin && !ain)
    } else {
        brn
    }
}

macro_rules! complex_elem {
    ($t:ident, $f:ident, $code:ident, $variant:ident) => {
        impl Elem for $t {
            const DTYPE: u8 = dtype::$code;
            const KIND: Kind = Kind::Complex;
            #[inline(always)]
            fn to_scalar(self) -> Scalar {
                Scalar::$variant(self)
            }
            #[inline(always)]
            fn from_scalar(s: Scalar) -> Self {
                match s {
                    Scalar::B(b) => $t::new(b as u8 as $f, 0.0),
                    Scalar::I(i) => $t::new(i as $f, 0.0),
                    Scalar::U(u) => $t::new(u as $f, 0.0),
                    Scalar::F32(f) => $t::new(f as $f, 0.0),
                    Scalar::F64(f) => $t::new(f as $f, 0.0),
                    Scalar::C32(c) => $t::new(c.re as $f, c.im as $f),
                    Scalar::C64(c) => $t::new(c.re as $f, c.im as $f),
                }
            }
            #[inline(always)]
            fn zero() -> Self {
                $t::new(0.0, 0.0)
            }
            #[inline(always)]
            fn one() -> Self {
                $t::new(1.0, 0.0)
            }
            #[inline(always)]
            fn nonzero(self) -> bool {
                self.re != 0.0 || self.im != 0.0
            }
            #[inline(always)]
            fn isnan(self) -> bool {
                self.re.is_nan() || self.im.is_nan()
            }
            #[inline(always)]
            fn add(self, o: Self) -> Self {
                $t::new(self.re + o.re, self.im + o.im)
            }
            #[inline(always)]
            fn sub(self, o: Self) -> Self {
                $t::new(self.re - o.re, self.im - o.im)
            }
            #[inline(always)]
            fn mul(self, o: Self) -> Self {
                // NumPy's formula and evaluation order.
                $t::new(self.re * o.re - self.im * o.im, self.re * o.im + self.im * o.re)
            }
            #[inline(always)]
            fn mul_vec(self, o: Self) -> Self {
                $t::new(self.re.mul_add(o.re, -(self.im * o.im)), self.re.mul_add(o.im, self.im * o.re))
            }
            #[inline(always)]
            fn sort_lt(self, o: Self) -> bool {
                complex_sort_lt(self.re, self.im, o.re, o.im, [self.re.is_nan(), self.im.is_nan(), o.re.is_nan(), o.im.is_nan()])
            }
            unsafe fn run_sum(p: *const u8, n: usize, stride: isize) -> Self {
                // SAFETY: forwarded from the caller.
                unsafe { crate::pairwise::pairwise_sum_complex::<$f>(p, n, stride) }
            }
            #[inline(always)]
            fn num_eq(self, o: Self) -> bool {
                self.re == o.re && self.im == o.im
            }
            #[inline(always)]
            fn max_step(acc: Self, x: Self) -> Self {
                // np.maximum on complex: lexicographic `>=`, NaN propagates.
                if acc.isnan() {
                    acc
                } else if x.isnan() {
                    x
                } else if acc.re > x.re || (acc.re == x.re && acc.im > x.im) {
                    acc
                } else {
                    x
                }
            }
            #[inline(always)]
            fn min_step(acc: Self, x: Self) -> Self {
                if acc.isnan() {
                    acc
                } else if x.isnan() {
                    x
                } else if acc.re < x.re || (acc.re == x.re && acc.im < x.im) {
                    acc
                } else {
                    x
                }
            }
        }
    };
}

complex_elem!(C32, f32, COMPLEX64, C32);
complex_elem!(C64, f64, COMPLEX128, C64);

/// The float types with NumPy's pairwise summation (`f32`, `f64`), and the
/// operations the reductions need on them.
pub trait Float: Elem + core::ops::Add<Output = Self> + PartialOrd {
    const NEG_ZERO: Self;
    fn to_f64(self) -> f64;
    fn from_f64(x: f64) -> Self;
    fn sqrt(self) -> Self;
    /// NumPy's eight pairwise accumulators after the whole blocks of 8 of
    /// `xs` (at least 8 values): `r[k]` is `xs[k] + xs[8 + k] + ...`, in order.
    fn accumulate8(xs: &[Self]) -> [Self; 8];
}

impl Float for f32 {
    const NEG_ZERO: f32 = -0.0;
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn from_f64(x: f64) -> f32 {
        x as f32
    }
    fn sqrt(self) -> f32 {
        f32::sqrt(self)
    }
    fn accumulate8(xs: &[f32]) -> [f32; 8] {
        crate::pairwise::accumulate8_f32(xs)
    }
}

impl Float for f64 {
    const NEG_ZERO: f64 = -0.0;
    fn to_f64(self) -> f64 {
        self
    }
    fn from_f64(x: f64) -> f64 {
        x
    }
    fn sqrt(self) -> f64 {
        f64::sqrt(self)
    }
    fn accumulate8(xs: &[f64]) -> [f64; 8] {
        crate::pairwise::accumulate8_f64(xs)
    }
}

/// NumPy's promotion of two array dtypes (`np.result_type`), for functions
/// whose result dtype follows their inputs (concatenate, searchsorted, dot).
pub fn promote(a: u8, b: u8) -> u8 {
    use dtype::*;
    if a == b {
        return a;
    }
    let (ka, kb) = (kind_of(a), kind_of(b));
    if ka == Kind::Bool {
        return b;
    }
    if kb == Kind::Bool {
        return a;
    }
    let size = |d: u8| dtype::itemsize(d);
    match (ka, kb) {
        (Kind::Int, Kind::Int) | (Kind::UInt, Kind::UInt) => {
            if size(a) >= size(b) {
                a
            } else {
                b
            }
        }
        (Kind::Int, Kind::UInt) | (Kind::UInt, Kind::Int) => {
            let (s, u) = if ka == Kind::Int { (a, b) } else { (b, a) };
            if size(u) < size(s) {
                s
            } else {
                match size(u) {
                    1 => INT16,
                    2 => INT32,
                    4 => INT64,
                    _ => FLOAT64,
                }
            }
        }
        (Kind::Float | Kind::Complex, Kind::Int | Kind::UInt) | (Kind::Int | Kind::UInt, Kind::Float | Kind::Complex) => {
            let (f, i) = if matches!(ka, Kind::Float | Kind::Complex) { (a, b) } else { (b, a) };
            // float32 holds (u)int8/16 exactly; wider integers need float64.
            if size(i) <= 2 || f == FLOAT64 || f == COMPLEX128 {
                f
            } else if f == FLOAT32 {
                FLOAT64
            } else {
                COMPLEX128
            }
        }
        _ => {
            // float/complex mixes.
            let complex = ka == Kind::Complex || kb == Kind::Complex;
            let wide = a == FLOAT64 || b == FLOAT64 || a == COMPLEX128 || b == COMPLEX128;
            match (complex, wide) {
                (true, true) => COMPLEX128,
                (true, false) => COMPLEX64,
                (false, true) => FLOAT64,
                (false, false) => FLOAT32,
            }
        }
    }
}

/// Runs `$body` with `$T` bound to the element type of dtype code `$d`.
/// An invalid code panics (a runtime bug: views are validated on entry).
#[macro_export]
macro_rules! with_dtype {
    ($d:expr, |$T:ident| $body:expr) => {{
        #[allow(unused_imports)]
        use $crate::elem::{Bool, C32, C64};
        match $d {
            $crate::abi::dtype::BOOL => {
                type $T = Bool;
                $body
            }
            $crate::abi::dtype::INT8 => {
                type $T = i8;
                $body
            }
            $crate::abi::dtype::INT16 => {
                type $T = i16;
                $body
            }
            $crate::abi::dtype::INT32 => {
                type $T = i32;
                $body
            }
            $crate::abi::dtype::INT64 => {
                type $T = i64;
                $body
            }
            $crate::abi::dtype::UINT8 => {
                type $T = u8;
                $body
            }
            $crate::abi::dtype::UINT16 => {
                type $T = u16;
                $body
            }
            $crate::abi::dtype::UINT32 => {
                type $T = u32;
                $body
            }
            $crate::abi::dtype::UINT64 => {
                type $T = u64;
                $body
            }
            $crate::abi::dtype::FLOAT32 => {
                type $T = f32;
                $body
            }
            $crate::abi::dtype::FLOAT64 => {
                type $T = f64;
                $body
            }
            $crate::abi::dtype::COMPLEX64 => {
                type $T = C32;
                $body
            }
            $crate::abi::dtype::COMPLEX128 => {
                type $T = C64;
                $body
            }
            d => panic!("invalid dtype code {d}"),
        }
    }};
}

/// Runs `$body` with `$T` bound to `f32` or `f64` for a float dtype code.
#[macro_export]
macro_rules! with_float {
    ($d:expr, |$T:ident| $body:expr) => {{
        match $d {
            $crate::abi::dtype::FLOAT32 => {
                type $T = f32;
                $body
            }
            $crate::abi::dtype::FLOAT64 => {
                type $T = f64;
                $body
            }
            d => panic!("not a float dtype: {d}"),
        }
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values computed with NumPy 2.4 (`np.array([v]*3).astype(t)`).
    const VALS: [f64; 23] = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -1.0,
        -1.5,
        1.5,
        300.7,
        -300.7,
        70000.5,
        3e9,
        -3e9,
        5e9,
        1e19,
        2e19,
        9.3e18,
        -9.3e18,
        1e30,
        -0.0,
        9223372036854775808.0,
        18446744073709551616.0,
        255.9,
        128.0,
        -129.0,
    ];

    fn casts<T: Elem>() -> Vec<T> {
        VALS.iter().map(|&v| cast::<f64, T>(v)).collect()
    }

    #[test]
    fn float_to_int_matches_numpy() {
        assert_eq!(casts::<i8>(), [0, 0, 0, -1, -1, 1, 44, -44, 112, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -128, 127]);
        assert_eq!(casts::<i16>(), [0, 0, 0, -1, -1, 1, 300, -300, 4464, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 128, -129]);
        let m = i32::MIN;
        assert_eq!(casts::<i32>(), [m, m, m, -1, -1, 1, 300, -300, 70000, m, m, m, m, m, m, m, m, 0, m, m, 255, 128, -129]);
        let m = i64::MIN;
        assert_eq!(
            casts::<i64>(),
            [m, m, m, -1, -1, 1, 300, -300, 70000, 3000000000, -3000000000, 5000000000, m, m, m, m, m, 0, m, m, 255, 128, -129]
        );
        assert_eq!(casts::<u8>(), [0, 0, 0, 255, 255, 1, 44, 212, 112, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 128, 127]);
        assert_eq!(casts::<u16>(), [0, 0, 0, 65535, 65535, 1, 300, 65236, 4464, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 128, 65407]);
        assert_eq!(
            casts::<u32>(),
            [
                0, 0, 0, 4294967295, 4294967295, 1, 300, 4294966996, 70000, 3000000000, 1294967296, 705032704, 0, 0, 0, 0, 0, 0, 0, 0, 255,
                128, 4294967167
            ]
        );
        assert_eq!(
            casts::<u64>(),
            [
                9223372036854775808,
                0,
                9223372036854775808,
                18446744073709551615,
                18446744073709551615,
                1,
                300,
                18446744073709551316,
                70000,
                3000000000,
                18446744070709551616,
                5000000000,
                10000000000000000000,
                0,
                9300000000000000000,
                9223372036854775808,
                0,
                0,
                9223372036854775808,
                0,
                255,
                128,
                18446744073709551487
            ]
        );
        let b: Vec<bool> = casts::<Bool>().into_iter().map(Bool::get).collect();
        assert!(b.iter().enumerate().all(|(i, &x)| x == (i != 17)));
        // float32 sources go through the same conversions.
        assert_eq!(cast::<f32, u64>(1e19f32), 9999999980506447872);
        assert_eq!(cast::<f32, u64>(9.3e18f32), 9300000300729368576);
    }

    #[test]
    fn other_casts() {
        assert_eq!(cast::<i64, f32>(i64::MAX), 9.223372e18f32);
        assert_eq!(cast::<u64, f32>(u64::MAX), 1.8446744e19f32);
        assert_eq!(cast::<C64, i64>(C64::new(2.7, 5.0)), 2);
        assert!(cast::<C64, Bool>(C64::new(0.0, 1.0)).get());
        assert!(!cast::<C64, Bool>(C64::new(0.0, -0.0)).get());
        assert_eq!(cast::<i16, u8>(-1), 255);
        assert_eq!(cast::<Bool, f64>(Bool(7)), 1.0);
        assert_eq!(cast::<f64, C32>(1.5), C32::new(1.5, 0.0));
    }

    #[test]
    fn sort_order_puts_nans_last() {
        assert!(1.0f64.sort_lt(f64::NAN));
        assert!(!f64::NAN.sort_lt(1.0));
        assert!(!f64::NAN.sort_lt(f64::NAN));
        let n = f64::NAN;
        // [R + Rj, R + nanj, nan + Rj, nan + nanj]
        let order = [C64::new(1.0, 5.0), C64::new(2.0, 0.0), C64::new(2.0, n), C64::new(n, -1.0), C64::new(n, n)];
        for i in 0..order.len() {
            for j in 0..order.len() {
                assert_eq!(order[i].sort_lt(order[j]), i < j, "{i} {j}");
            }
        }
    }

    #[test]
    fn promotion_table() {
        use dtype::*;
        assert_eq!(promote(INT8, UINT8), INT16);
        assert_eq!(promote(INT64, UINT64), FLOAT64);
        assert_eq!(promote(UINT16, INT32), INT32);
        assert_eq!(promote(INT16, FLOAT32), FLOAT32);
        assert_eq!(promote(INT32, FLOAT32), FLOAT64);
        assert_eq!(promote(INT32, COMPLEX64), COMPLEX128);
        assert_eq!(promote(FLOAT64, COMPLEX64), COMPLEX128);
        assert_eq!(promote(BOOL, UINT8), UINT8);
        assert_eq!(promote(FLOAT32, COMPLEX64), COMPLEX64);
    }
}
