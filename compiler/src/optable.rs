//! The operation table: the one place that declares what every builtin,
//! `math` and NumPy function means to kiln.
//!
//! Each entry, keyed by its Python-level name (`math.sqrt`, `builtins.abs`,
//! `numpy.zeros`, `ndarray.shape`), states:
//! - how it is lowered ([`Lower`]), which also fixes its type rule;
//! - its effects on arguments and on global state ([`Effects`]);
//! - what its result may alias ([`ResultAlias`]);
//! - whether it can be evaluated at compile time with constant arguments;
//! - whether it can raise.
//!
//! Invariant: passes read these properties through [`get`]/[`lookup`]; no
//! pass matches on function names.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::abi::{cmath as cm, dist, reduce, scan};
use crate::ir::{BinaryOp, CmpOp, Fill, UnaryOp};

/// Index of an entry in [`TABLE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpId(pub u16);

/// Effects beyond computing the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Effects {
    /// Bit i: the operation may write into argument i.
    pub writes_args: u32,
    /// Performs I/O (`print`).
    pub io: bool,
    /// Reads or advances the global random state.
    pub random: bool,
}

impl Effects {
    pub const NONE: Effects = Effects { writes_args: 0, io: false, random: false };
}

/// What the result may refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultAlias {
    /// A scalar, or an immutable value: nothing to alias.
    Value,
    /// A freshly allocated object.
    Fresh,
    /// A view of argument n.
    ViewOf(u8),
}

/// How a scalar float function is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatImpl {
    /// A C math library function of the same arity, taking and returning double.
    Libm(&'static str),
    Sqrt,
    Fabs,
    Copysign,
    /// Multiplication by a constant (`degrees`, `radians`).
    Scale(u64),
}

/// CPython's error checks after a `math` function (its `math_1`/`math_2` rules).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MathCheck {
    /// Cannot fail.
    None,
    /// NaN from non-NaN input: `ValueError`; infinity from finite input:
    /// `OverflowError` when `overflow`, else `ValueError`.
    Standard { overflow: bool },
    /// `math.pow`: as `Standard`, but an infinite result from a zero base is a
    /// domain error (CPython's `math_pow`).
    Pow,
    /// `math.gamma`/`lgamma`: poles (integers <= 0) are domain errors, then `Standard` with overflow.
    Gamma,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Round {
    Floor,
    Ceil,
    Trunc,
    /// To the nearest integer, ties to even (`round(x)`).
    HalfEven,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatPred {
    IsNan,
    IsInf,
    IsFinite,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntFn {
    Gcd,
    Factorial,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrayAttr {
    Shape,
    Ndim,
    Size,
    T,
    Itemsize,
    Nbytes,
    Strides,
}

/// Scalar forms of NumPy ufuncs that are not plain IR operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UfuncScalar {
    /// A float function: C math library (`sinf` for float32) or inline.
    Float(FloatImpl),
    /// `floor`, `ceil`, `trunc` (integers pass through), `rint`, `fix`.
    Round(UfuncRound),
    Pred(FloatPred),
    /// `maximum`/`minimum` propagate NaN; `fmax`/`fmin` ignore it.
    MinMax {
        max: bool,
        nan_propagates: bool,
    },
    Abs,
    Sign,
    Square,
    Reciprocal,
    LogAddExp,
    /// `logical_and`/`or`/`xor` on truth values.
    Logical(LogicalOp),
    LogicalNot,
    /// `conj`/`conjugate`: the complex conjugate (identity on real dtypes).
    Conj,
    /// `real` (true) / `imag` (false): a part of a complex number; a real
    /// number is its own real part and has a zero imaginary part.
    Part(bool),
    /// `angle`: `arctan2(imag, real)`.
    Angle,
}

impl UfuncScalar {
    /// Whether NumPy has a complex loop for this ufunc (`runtime/src/npcomplex.rs`
    /// and `back/npcomplex.rs` implement exactly these).
    pub fn has_complex_loop(self) -> bool {
        match self {
            UfuncScalar::Float(FloatImpl::Libm(sym)) => complex_code(sym).is_some(),
            UfuncScalar::Float(FloatImpl::Sqrt) => true,
            UfuncScalar::Round(UfuncRound::Rint) | UfuncScalar::MinMax { .. } => true,
            UfuncScalar::Float(_) | UfuncScalar::Round(_) | UfuncScalar::LogAddExp => false,
            UfuncScalar::Pred(_) | UfuncScalar::Abs | UfuncScalar::Sign | UfuncScalar::Square | UfuncScalar::Reciprocal => true,
            UfuncScalar::Logical(_) | UfuncScalar::LogicalNot | UfuncScalar::Conj | UfuncScalar::Part(_) | UfuncScalar::Angle => true,
        }
    }
}

/// The `abi::npcomplex` code of the complex loop of the real C math
/// function `sym` (`"exp"` → `EXP`), if NumPy has one.
pub fn complex_code(sym: &str) -> Option<i32> {
    use crate::abi::npcomplex as c;
    Some(match sym {
        "exp" => c::EXP,
        "exp2" => c::EXP2,
        "expm1" => c::EXPM1,
        "log" => c::LOG,
        "log2" => c::LOG2,
        "log10" => c::LOG10,
        "log1p" => c::LOG1P,
        "sin" => c::SIN,
        "cos" => c::COS,
        "tan" => c::TAN,
        "asin" => c::ARCSIN,
        "acos" => c::ARCCOS,
        "atan" => c::ARCTAN,
        "sinh" => c::SINH,
        "cosh" => c::COSH,
        "tanh" => c::TANH,
        "asinh" => c::ARCSINH,
        "acosh" => c::ARCCOSH,
        "atanh" => c::ARCTANH,
        _ => return None,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UfuncRound {
    Floor,
    Ceil,
    Trunc,
    /// Round half to even, giving a float (`np.rint`, `np.round` without decimals).
    Rint,
    /// Toward zero, keeping the dtype (`np.fix`).
    Fix,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicalOp {
    And,
    Or,
    Xor,
}

/// How the dtype of a ufunc's result follows from its inputs'.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DTypeRule {
    /// The promoted input dtype (`abs`, `maximum`, `floor` of ints).
    Same,
    /// Floats for integer inputs (`sqrt`, `exp`...): `DType::float_result`.
    Float,
    /// `bool` (predicates, comparisons, logical functions).
    Bool,
    /// The real dtype of a complex input, the input dtype otherwise
    /// (`real`, `imag`).
    Real,
    /// The real dtype of a complex input, floats for the others (`angle`).
    RealFloat,
}

/// NumPy library functions and array methods with their own lowering
/// (`front/lower/numpy.rs`), mostly calls into the runtime's array library.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NpFn {
    /// A reduction, with its `abi::reduce` kind.
    Reduce(i32),
    /// A cumulative scan, with its `abi::scan` kind.
    Scan(i32),
    Copy,
    AsType,
    Dot,
    Matmul,
    Vdot,
    Inner,
    Outer,
    Trace,
    Norm,
    Transpose,
    Reshape,
    Ravel,
    Flatten,
    Swapaxes,
    Squeeze,
    ExpandDims,
    Flip,
    Full,
    /// `zeros_like`, `ones_like`, `empty_like`, `full_like`.
    Like(Fill),
    FullLike,
    Arange,
    Linspace,
    Eye,
    Identity,
    Concatenate,
    Stack,
    Hstack,
    Vstack,
    Tile,
    Repeat,
    Roll,
    Sort,
    Argsort,
    Unique,
    Searchsorted,
    Nonzero,
    Argwhere,
    /// `np.array`, `np.asarray`: from displays, scalars and arrays.
    Array,
    AsArray,
    /// `a.__getitem__(i)` / `a[i]` with index arrays (`kiln_index_get`);
    /// basic indices give views.
    GetItem,
    /// `a.__setitem__(i, v)` / `a[i] = v` with index arrays (`kiln_index_set`).
    SetItem,
    Bincount,
    Diff,
    Interp,
    Percentile,
    Fill,
    Item,
    /// `a.tolist()`: nested lists of Python scalars.
    Tolist,
    RandomSeed,
    /// A distribution from `abi::dist`, optionally with a size.
    Random(i32),
    RandomShuffle,
    RandomPermutation,
    RandomChoice,
}

/// Builtins over containers and strings (`front/lower/container.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerFn {
    List,
    Set,
    Dict,
    Sorted,
    Sum,
    Any,
    All,
    Enumerate,
    Zip,
    Reversed,
    Str,
    Repr,
    Print,
}

/// `cmath` functions and Python `complex` methods (`back/complex.rs`; the
/// transcendental ones call `kiln_cmath`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmathFn {
    /// A function of one complex number giving a complex (`abi::cmath` code);
    /// `cmath.log` also takes a base.
    Unary(i32),
    /// `phase(z)`: a float.
    Phase,
    /// `polar(z)`: `(abs, phase)`.
    Polar,
    /// `rect(r, phi)`: a complex from two floats.
    Rect,
    /// `isnan`, `isinf`, `isfinite` of either part.
    Pred(FloatPred),
    /// `isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)`.
    IsClose,
}

/// The `operator` module's functions (`front/lower/pylib.rs`): each is the
/// operator it names, applied to its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperatorFn {
    Binary(BinaryOp),
    Compare(CmpOp),
    Unary(UnaryOp),
    /// `operator.getitem(a, b)` is `a[b]`.
    GetItem,
    /// `operator.itemgetter(i)`: callable only where it is applied at once,
    /// `itemgetter(i)(x)` being `x[i]` (as `map`/`key=`/`reduce` apply it).
    ItemGetter,
}

/// Functions of Python's `random` module (`runtime/src/pyrandom.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PyRandomFn {
    Seed,
    Random,
    Uniform,
    Gauss,
    RandRange,
    RandInt,
    Choice,
    Shuffle,
}

/// How an entry is lowered; this also determines its type rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Lower {
    /// See [`NpFn`].
    Numpy(NpFn),
    /// A NumPy ufunc with a scalar form: applied elementwise to arrays, or
    /// directly to scalars (giving a NumPy scalar).
    Ufunc {
        arity: u8,
        rule: DTypeRule,
        scalar: UfuncScalar,
    },
    /// A NumPy ufunc that is an IR operator (`np.add` is `+`).
    UfuncBinary(crate::ir::BinaryOp),
    UfuncUnary(crate::ir::UnaryOp),
    UfuncCompare(crate::ir::CmpOp),
    /// `np.where(cond, x, y)`; with one argument, `np.nonzero(cond)`.
    Where,
    /// `np.clip(a, lo, hi)`.
    Clip,
    /// A float function of `arity` numbers, giving a Python float.
    FloatFn {
        arity: u8,
        imp: FloatImpl,
        check: MathCheck,
    },
    /// Float to Python int with NaN/infinity checks (`math.floor`...).
    FloatToInt(Round),
    FloatPred(FloatPred),
    IntFn(IntFn),
    /// A constant float attribute (`math.pi`).
    FloatConst(f64),
    Abs,
    Min,
    Max,
    /// `divmod(a, b)`: `(a // b, a % b)` with Python's rules.
    DivMod,
    /// `pow(a, b)`: `a ** b`.
    Pow,
    /// `isinstance(x, T)`: decided at compile time from `x`'s static type.
    IsInstance,
    /// `complex()`, `complex(x)`, `complex(re, im)`; in the IR, the
    /// builtin of two floats builds the complex `re + im*j`.
    ToComplex,
    /// `z.real` (`true`) or `z.imag` of a Python number.
    ComplexPart(bool),
    /// `z.conjugate()`.
    Conjugate,
    /// A constant complex attribute (`cmath.infj`): real and imaginary parts.
    ComplexConst(f64, f64),
    /// See [`CmathFn`].
    Cmath(CmathFn),
    /// `int(x)`, `float(x)`, `bool(x)`.
    ToInt,
    ToFloat,
    ToBool,
    Len,
    /// `range(...)`: only valid as a `for` iterable.
    Range,
    /// `np.zeros`/`np.ones`/`np.empty`.
    Alloc(Fill),
    Attr(ArrayAttr),
    /// See [`ContainerFn`].
    Container(ContainerFn),
    /// See [`OperatorFn`].
    Operator(OperatorFn),
    /// `functools.reduce(f, iterable[, initial])`.
    Reduce,
    /// See [`PyRandomFn`].
    PyRandom(PyRandomFn),
}

#[derive(Clone, Copy, Debug)]
pub struct OpDef {
    pub name: &'static str,
    pub lower: Lower,
    pub effects: Effects,
    pub alias: ResultAlias,
    pub const_eval: bool,
    pub may_raise: bool,
}

const fn pure(name: &'static str, lower: Lower, may_raise: bool) -> OpDef {
    OpDef { name, lower, effects: Effects::NONE, alias: ResultAlias::Value, const_eval: true, may_raise }
}

const fn math1(name: &'static str, sym: &'static str, overflow: bool) -> OpDef {
    pure(name, Lower::FloatFn { arity: 1, imp: FloatImpl::Libm(sym), check: MathCheck::Standard { overflow } }, true)
}

const fn math2(name: &'static str, sym: &'static str) -> OpDef {
    pure(name, Lower::FloatFn { arity: 2, imp: FloatImpl::Libm(sym), check: MathCheck::Standard { overflow: true } }, true)
}

const fn cmath1(name: &'static str, code: i32) -> OpDef {
    pure(name, Lower::Cmath(CmathFn::Unary(code)), true)
}

const fn alloc(name: &'static str, fill: Fill) -> OpDef {
    OpDef { name, lower: Lower::Alloc(fill), effects: Effects::NONE, alias: ResultAlias::Fresh, const_eval: false, may_raise: true }
}

const fn ufunc(name: &'static str, arity: u8, rule: DTypeRule, scalar: UfuncScalar) -> OpDef {
    OpDef {
        name,
        lower: Lower::Ufunc { arity, rule, scalar },
        effects: Effects::NONE,
        alias: ResultAlias::Fresh,
        const_eval: true,
        may_raise: false,
    }
}

const fn ufunc_f(name: &'static str, arity: u8, imp: FloatImpl) -> OpDef {
    ufunc(name, arity, DTypeRule::Float, UfuncScalar::Float(imp))
}

const fn ufunc_f_scalar(name: &'static str, arity: u8, scalar: UfuncScalar) -> OpDef {
    ufunc(name, arity, DTypeRule::Float, scalar)
}

const fn np(name: &'static str, f: NpFn) -> OpDef {
    OpDef { name, lower: Lower::Numpy(f), effects: Effects::NONE, alias: ResultAlias::Fresh, const_eval: false, may_raise: true }
}

/// A NumPy function whose result may be its first argument itself (`np.asarray`).
const fn np_same(name: &'static str, f: NpFn) -> OpDef {
    OpDef { name, lower: Lower::Numpy(f), effects: Effects::NONE, alias: ResultAlias::ViewOf(0), const_eval: false, may_raise: true }
}

/// A NumPy method that writes into its receiver and returns None (`a.__setitem__`).
const fn np_store(name: &'static str, f: NpFn) -> OpDef {
    OpDef {
        name,
        lower: Lower::Numpy(f),
        effects: Effects { writes_args: 1, io: false, random: false },
        alias: ResultAlias::Value,
        const_eval: false,
        may_raise: true,
    }
}

/// A function of `numpy.random`: it advances the global random state, and
/// `writes` is a bit mask of the arguments it shuffles in place.
const fn np_random(name: &'static str, f: NpFn, writes: u32) -> OpDef {
    OpDef {
        name,
        lower: Lower::Numpy(f),
        effects: Effects { writes_args: writes, io: false, random: true },
        alias: ResultAlias::Fresh,
        const_eval: false,
        may_raise: true,
    }
}

const fn op_ufunc(name: &'static str, lower: Lower) -> OpDef {
    OpDef { name, lower, effects: Effects::NONE, alias: ResultAlias::Fresh, const_eval: true, may_raise: false }
}

/// A builtin over containers: allocates (except `any`/`all`/`sum`) and may raise.
const fn container(name: &'static str, f: ContainerFn) -> OpDef {
    OpDef { name, lower: Lower::Container(f), effects: Effects::NONE, alias: ResultAlias::Fresh, const_eval: false, may_raise: true }
}

/// A builtin that performs I/O (`print`).
const fn io(name: &'static str, f: ContainerFn) -> OpDef {
    OpDef {
        name,
        lower: Lower::Container(f),
        effects: Effects { writes_args: 0, io: true, random: false },
        alias: ResultAlias::Value,
        const_eval: false,
        may_raise: true,
    }
}

/// A function that calls a function it is given (`functools.reduce`): its
/// effects are those of the calls, which are lowered in place.
const fn higher_order(name: &'static str, lower: Lower) -> OpDef {
    OpDef { name, lower, effects: Effects::NONE, alias: ResultAlias::Value, const_eval: false, may_raise: true }
}

const fn operator(name: &'static str, f: OperatorFn, may_raise: bool) -> OpDef {
    pure(name, Lower::Operator(f), may_raise)
}

/// A function of Python's `random` module: it advances the module's own
/// random state; `writes` is a bit mask of the arguments it shuffles in place.
const fn py_random(name: &'static str, f: PyRandomFn, writes: u32) -> OpDef {
    OpDef {
        name,
        lower: Lower::PyRandom(f),
        effects: Effects { writes_args: writes, io: false, random: true },
        alias: ResultAlias::Value,
        const_eval: false,
        may_raise: true,
    }
}

const DEG_TO_RAD: f64 = std::f64::consts::PI / 180.0;
const RAD_TO_DEG: f64 = 180.0 / std::f64::consts::PI;

/// Every operation kiln knows.
pub static TABLE: &[OpDef] = &[
    // math: functions CPython computes with its `math_1` rule.
    math1("math.acos", "acos", false),
    math1("math.acosh", "acosh", false),
    math1("math.asin", "asin", false),
    math1("math.asinh", "asinh", false),
    math1("math.atan", "atan", false),
    math1("math.atanh", "atanh", false),
    math1("math.cos", "cos", false),
    math1("math.cosh", "cosh", true),
    math1("math.exp", "exp", true),
    math1("math.exp2", "exp2", true),
    math1("math.expm1", "expm1", true),
    math1("math.sin", "sin", false),
    math1("math.sinh", "sinh", true),
    math1("math.tan", "tan", false),
    math1("math.tanh", "tanh", false),
    math1("math.cbrt", "cbrt", false),
    math1("math.erf", "erf", false),
    math1("math.erfc", "erfc", false),
    pure("math.gamma", Lower::FloatFn { arity: 1, imp: FloatImpl::Libm("tgamma"), check: MathCheck::Gamma }, true),
    pure("math.lgamma", Lower::FloatFn { arity: 1, imp: FloatImpl::Libm("lgamma"), check: MathCheck::Gamma }, true),
    math1("math.log2", "log2", false),
    math1("math.log10", "log10", false),
    math1("math.log1p", "log1p", false),
    math1("math.log", "log", false),
    pure("math.sqrt", Lower::FloatFn { arity: 1, imp: FloatImpl::Sqrt, check: MathCheck::Standard { overflow: false } }, true),
    // `math.sqrt` of an argument proven never negative (`sqrt-domain`): no
    // check, cannot raise. The brackets keep it out of reach of Python names.
    pure("math.sqrt[nonneg]", Lower::FloatFn { arity: 1, imp: FloatImpl::Sqrt, check: MathCheck::None }, false),
    pure("math.fabs", Lower::FloatFn { arity: 1, imp: FloatImpl::Fabs, check: MathCheck::None }, false),
    pure("math.copysign", Lower::FloatFn { arity: 2, imp: FloatImpl::Copysign, check: MathCheck::None }, false),
    pure("math.degrees", Lower::FloatFn { arity: 1, imp: FloatImpl::Scale(RAD_TO_DEG.to_bits()), check: MathCheck::None }, false),
    pure("math.radians", Lower::FloatFn { arity: 1, imp: FloatImpl::Scale(DEG_TO_RAD.to_bits()), check: MathCheck::None }, false),
    pure("math.atan2", Lower::FloatFn { arity: 2, imp: FloatImpl::Libm("atan2"), check: MathCheck::None }, false),
    math2("math.hypot", "hypot"),
    math2("math.fmod", "fmod"),
    pure("math.pow", Lower::FloatFn { arity: 2, imp: FloatImpl::Libm("pow"), check: MathCheck::Pow }, true),
    pure("math.floor", Lower::FloatToInt(Round::Floor), true),
    pure("math.ceil", Lower::FloatToInt(Round::Ceil), true),
    pure("math.trunc", Lower::FloatToInt(Round::Trunc), true),
    pure("math.isnan", Lower::FloatPred(FloatPred::IsNan), false),
    pure("math.isinf", Lower::FloatPred(FloatPred::IsInf), false),
    pure("math.isfinite", Lower::FloatPred(FloatPred::IsFinite), false),
    pure("math.gcd", Lower::IntFn(IntFn::Gcd), false),
    pure("math.factorial", Lower::IntFn(IntFn::Factorial), true),
    pure("math.pi", Lower::FloatConst(std::f64::consts::PI), false),
    pure("math.e", Lower::FloatConst(std::f64::consts::E), false),
    pure("math.tau", Lower::FloatConst(std::f64::consts::TAU), false),
    pure("math.inf", Lower::FloatConst(f64::INFINITY), false),
    pure("math.nan", Lower::FloatConst(f64::NAN), false),
    // builtins
    pure("builtins.abs", Lower::Abs, false),
    pure("builtins.min", Lower::Min, false),
    pure("builtins.max", Lower::Max, false),
    pure("builtins.int", Lower::ToInt, true),
    pure("builtins.float", Lower::ToFloat, false),
    pure("builtins.complex", Lower::ToComplex, false),
    pure("complex.real", Lower::ComplexPart(true), false),
    pure("complex.imag", Lower::ComplexPart(false), false),
    pure("complex.conjugate", Lower::Conjugate, false),
    // cmath (runtime/src/cmath.rs); domain and range errors as in CPython.
    cmath1("cmath.sqrt", cm::SQRT),
    cmath1("cmath.exp", cm::EXP),
    cmath1("cmath.log", cm::LOG),
    cmath1("cmath.log10", cm::LOG10),
    cmath1("cmath.sin", cm::SIN),
    cmath1("cmath.cos", cm::COS),
    cmath1("cmath.tan", cm::TAN),
    cmath1("cmath.asin", cm::ASIN),
    cmath1("cmath.acos", cm::ACOS),
    cmath1("cmath.atan", cm::ATAN),
    cmath1("cmath.sinh", cm::SINH),
    cmath1("cmath.cosh", cm::COSH),
    cmath1("cmath.tanh", cm::TANH),
    cmath1("cmath.asinh", cm::ASINH),
    cmath1("cmath.acosh", cm::ACOSH),
    cmath1("cmath.atanh", cm::ATANH),
    pure("cmath.phase", Lower::Cmath(CmathFn::Phase), false),
    pure("cmath.polar", Lower::Cmath(CmathFn::Polar), true),
    pure("cmath.rect", Lower::Cmath(CmathFn::Rect), true),
    pure("cmath.isnan", Lower::Cmath(CmathFn::Pred(FloatPred::IsNan)), false),
    pure("cmath.isinf", Lower::Cmath(CmathFn::Pred(FloatPred::IsInf)), false),
    pure("cmath.isfinite", Lower::Cmath(CmathFn::Pred(FloatPred::IsFinite)), false),
    pure("cmath.isclose", Lower::Cmath(CmathFn::IsClose), true),
    pure("cmath.pi", Lower::FloatConst(std::f64::consts::PI), false),
    pure("cmath.e", Lower::FloatConst(std::f64::consts::E), false),
    pure("cmath.tau", Lower::FloatConst(std::f64::consts::TAU), false),
    pure("cmath.inf", Lower::FloatConst(f64::INFINITY), false),
    pure("cmath.nan", Lower::FloatConst(f64::NAN), false),
    pure("cmath.infj", Lower::ComplexConst(0.0, f64::INFINITY), false),
    pure("cmath.nanj", Lower::ComplexConst(0.0, f64::NAN), false),
    pure("builtins.bool", Lower::ToBool, false),
    pure("builtins.len", Lower::Len, false),
    pure("builtins.round", Lower::FloatToInt(Round::HalfEven), true),
    pure("builtins.divmod", Lower::DivMod, true),
    pure("builtins.pow", Lower::Pow, true),
    pure("builtins.isinstance", Lower::IsInstance, false),
    pure("builtins.range", Lower::Range, true),
    container("builtins.list", ContainerFn::List),
    container("builtins.set", ContainerFn::Set),
    container("builtins.dict", ContainerFn::Dict),
    container("builtins.sorted", ContainerFn::Sorted),
    container("builtins.sum", ContainerFn::Sum),
    container("builtins.any", ContainerFn::Any),
    container("builtins.all", ContainerFn::All),
    container("builtins.enumerate", ContainerFn::Enumerate),
    container("builtins.zip", ContainerFn::Zip),
    container("builtins.reversed", ContainerFn::Reversed),
    container("builtins.str", ContainerFn::Str),
    container("builtins.repr", ContainerFn::Repr),
    io("builtins.print", ContainerFn::Print),
    // functools and operator: `reduce`'s effects are those of the function it calls.
    higher_order("functools.reduce", Lower::Reduce),
    operator("operator.add", OperatorFn::Binary(BinaryOp::Add), false),
    operator("operator.sub", OperatorFn::Binary(BinaryOp::Sub), false),
    operator("operator.mul", OperatorFn::Binary(BinaryOp::Mul), false),
    operator("operator.truediv", OperatorFn::Binary(BinaryOp::Div), true),
    operator("operator.floordiv", OperatorFn::Binary(BinaryOp::FloorDiv), true),
    operator("operator.mod", OperatorFn::Binary(BinaryOp::Mod), true),
    operator("operator.pow", OperatorFn::Binary(BinaryOp::Pow), true),
    operator("operator.and_", OperatorFn::Binary(BinaryOp::BitAnd), false),
    operator("operator.or_", OperatorFn::Binary(BinaryOp::BitOr), false),
    operator("operator.xor", OperatorFn::Binary(BinaryOp::BitXor), false),
    operator("operator.neg", OperatorFn::Unary(UnaryOp::Neg), false),
    operator("operator.pos", OperatorFn::Unary(UnaryOp::Pos), false),
    operator("operator.not_", OperatorFn::Unary(UnaryOp::Not), false),
    operator("operator.eq", OperatorFn::Compare(CmpOp::Eq), false),
    operator("operator.ne", OperatorFn::Compare(CmpOp::Ne), false),
    operator("operator.lt", OperatorFn::Compare(CmpOp::Lt), true),
    operator("operator.le", OperatorFn::Compare(CmpOp::Le), true),
    operator("operator.gt", OperatorFn::Compare(CmpOp::Gt), true),
    operator("operator.ge", OperatorFn::Compare(CmpOp::Ge), true),
    operator("operator.getitem", OperatorFn::GetItem, true),
    operator("operator.itemgetter", OperatorFn::ItemGetter, true),
    pure("operator.abs", Lower::Abs, false),
    pure("operator.truth", Lower::ToBool, false),
    // Python's `random` (kiln's own state, CPython's stream after `seed(int)`)
    py_random("random.seed", PyRandomFn::Seed, 0),
    py_random("random.random", PyRandomFn::Random, 0),
    py_random("random.uniform", PyRandomFn::Uniform, 0),
    py_random("random.gauss", PyRandomFn::Gauss, 0),
    py_random("random.randrange", PyRandomFn::RandRange, 0),
    py_random("random.randint", PyRandomFn::RandInt, 0),
    py_random("random.choice", PyRandomFn::Choice, 0),
    py_random("random.shuffle", PyRandomFn::Shuffle, 1),
    // numpy ufuncs
    ufunc_f("numpy.sqrt", 1, FloatImpl::Sqrt),
    ufunc_f("numpy.cbrt", 1, FloatImpl::Libm("cbrt")),
    ufunc_f("numpy.exp", 1, FloatImpl::Libm("exp")),
    ufunc_f("numpy.exp2", 1, FloatImpl::Libm("exp2")),
    ufunc_f("numpy.expm1", 1, FloatImpl::Libm("expm1")),
    ufunc_f("numpy.log", 1, FloatImpl::Libm("log")),
    ufunc_f("numpy.log2", 1, FloatImpl::Libm("log2")),
    ufunc_f("numpy.log10", 1, FloatImpl::Libm("log10")),
    ufunc_f("numpy.log1p", 1, FloatImpl::Libm("log1p")),
    ufunc_f("numpy.sin", 1, FloatImpl::Libm("sin")),
    ufunc_f("numpy.cos", 1, FloatImpl::Libm("cos")),
    ufunc_f("numpy.tan", 1, FloatImpl::Libm("tan")),
    ufunc_f("numpy.arcsin", 1, FloatImpl::Libm("asin")),
    ufunc_f("numpy.arccos", 1, FloatImpl::Libm("acos")),
    ufunc_f("numpy.arctan", 1, FloatImpl::Libm("atan")),
    ufunc_f("numpy.sinh", 1, FloatImpl::Libm("sinh")),
    ufunc_f("numpy.cosh", 1, FloatImpl::Libm("cosh")),
    ufunc_f("numpy.tanh", 1, FloatImpl::Libm("tanh")),
    ufunc_f("numpy.arcsinh", 1, FloatImpl::Libm("asinh")),
    ufunc_f("numpy.arccosh", 1, FloatImpl::Libm("acosh")),
    ufunc_f("numpy.arctanh", 1, FloatImpl::Libm("atanh")),
    ufunc_f("numpy.arctan2", 2, FloatImpl::Libm("atan2")),
    ufunc_f("numpy.hypot", 2, FloatImpl::Libm("hypot")),
    ufunc_f("numpy.copysign", 2, FloatImpl::Copysign),
    ufunc_f("numpy.deg2rad", 1, FloatImpl::Scale(DEG_TO_RAD.to_bits())),
    ufunc_f("numpy.radians", 1, FloatImpl::Scale(DEG_TO_RAD.to_bits())),
    ufunc_f("numpy.rad2deg", 1, FloatImpl::Scale(RAD_TO_DEG.to_bits())),
    ufunc_f("numpy.degrees", 1, FloatImpl::Scale(RAD_TO_DEG.to_bits())),
    ufunc("numpy.floor", 1, DTypeRule::Same, UfuncScalar::Round(UfuncRound::Floor)),
    ufunc("numpy.ceil", 1, DTypeRule::Same, UfuncScalar::Round(UfuncRound::Ceil)),
    ufunc("numpy.trunc", 1, DTypeRule::Same, UfuncScalar::Round(UfuncRound::Trunc)),
    ufunc("numpy.fix", 1, DTypeRule::Same, UfuncScalar::Round(UfuncRound::Fix)),
    ufunc("numpy.rint", 1, DTypeRule::Float, UfuncScalar::Round(UfuncRound::Rint)),
    ufunc("numpy.isnan", 1, DTypeRule::Bool, UfuncScalar::Pred(FloatPred::IsNan)),
    ufunc("numpy.isinf", 1, DTypeRule::Bool, UfuncScalar::Pred(FloatPred::IsInf)),
    ufunc("numpy.isfinite", 1, DTypeRule::Bool, UfuncScalar::Pred(FloatPred::IsFinite)),
    ufunc("numpy.maximum", 2, DTypeRule::Same, UfuncScalar::MinMax { max: true, nan_propagates: true }),
    ufunc("numpy.minimum", 2, DTypeRule::Same, UfuncScalar::MinMax { max: false, nan_propagates: true }),
    ufunc("numpy.fmax", 2, DTypeRule::Same, UfuncScalar::MinMax { max: true, nan_propagates: false }),
    ufunc("numpy.fmin", 2, DTypeRule::Same, UfuncScalar::MinMax { max: false, nan_propagates: false }),
    ufunc("numpy.abs", 1, DTypeRule::Same, UfuncScalar::Abs),
    ufunc("numpy.absolute", 1, DTypeRule::Same, UfuncScalar::Abs),
    ufunc("numpy.fabs", 1, DTypeRule::Float, UfuncScalar::Abs),
    ufunc("numpy.sign", 1, DTypeRule::Same, UfuncScalar::Sign),
    ufunc("numpy.square", 1, DTypeRule::Same, UfuncScalar::Square),
    ufunc("numpy.reciprocal", 1, DTypeRule::Same, UfuncScalar::Reciprocal),
    ufunc_f_scalar("numpy.logaddexp", 2, UfuncScalar::LogAddExp),
    ufunc("numpy.logical_and", 2, DTypeRule::Bool, UfuncScalar::Logical(LogicalOp::And)),
    ufunc("numpy.logical_or", 2, DTypeRule::Bool, UfuncScalar::Logical(LogicalOp::Or)),
    ufunc("numpy.logical_xor", 2, DTypeRule::Bool, UfuncScalar::Logical(LogicalOp::Xor)),
    ufunc("numpy.logical_not", 1, DTypeRule::Bool, UfuncScalar::LogicalNot),
    ufunc("numpy.conj", 1, DTypeRule::Same, UfuncScalar::Conj),
    ufunc("numpy.conjugate", 1, DTypeRule::Same, UfuncScalar::Conj),
    ufunc("numpy.real", 1, DTypeRule::Real, UfuncScalar::Part(true)),
    ufunc("numpy.imag", 1, DTypeRule::Real, UfuncScalar::Part(false)),
    ufunc("numpy.angle", 1, DTypeRule::RealFloat, UfuncScalar::Angle),
    op_ufunc("numpy.add", Lower::UfuncBinary(BinaryOp::Add)),
    op_ufunc("numpy.subtract", Lower::UfuncBinary(BinaryOp::Sub)),
    op_ufunc("numpy.multiply", Lower::UfuncBinary(BinaryOp::Mul)),
    op_ufunc("numpy.divide", Lower::UfuncBinary(BinaryOp::Div)),
    op_ufunc("numpy.true_divide", Lower::UfuncBinary(BinaryOp::Div)),
    op_ufunc("numpy.floor_divide", Lower::UfuncBinary(BinaryOp::FloorDiv)),
    op_ufunc("numpy.mod", Lower::UfuncBinary(BinaryOp::Mod)),
    op_ufunc("numpy.remainder", Lower::UfuncBinary(BinaryOp::Mod)),
    op_ufunc("numpy.power", Lower::UfuncBinary(BinaryOp::Pow)),
    op_ufunc("numpy.bitwise_and", Lower::UfuncBinary(BinaryOp::BitAnd)),
    op_ufunc("numpy.bitwise_or", Lower::UfuncBinary(BinaryOp::BitOr)),
    op_ufunc("numpy.bitwise_xor", Lower::UfuncBinary(BinaryOp::BitXor)),
    op_ufunc("numpy.left_shift", Lower::UfuncBinary(BinaryOp::Shl)),
    op_ufunc("numpy.right_shift", Lower::UfuncBinary(BinaryOp::Shr)),
    op_ufunc("numpy.negative", Lower::UfuncUnary(UnaryOp::Neg)),
    op_ufunc("numpy.positive", Lower::UfuncUnary(UnaryOp::Pos)),
    op_ufunc("numpy.invert", Lower::UfuncUnary(UnaryOp::Invert)),
    op_ufunc("numpy.bitwise_not", Lower::UfuncUnary(UnaryOp::Invert)),
    op_ufunc("numpy.greater", Lower::UfuncCompare(CmpOp::Gt)),
    op_ufunc("numpy.greater_equal", Lower::UfuncCompare(CmpOp::Ge)),
    op_ufunc("numpy.less", Lower::UfuncCompare(CmpOp::Lt)),
    op_ufunc("numpy.less_equal", Lower::UfuncCompare(CmpOp::Le)),
    op_ufunc("numpy.equal", Lower::UfuncCompare(CmpOp::Eq)),
    op_ufunc("numpy.not_equal", Lower::UfuncCompare(CmpOp::Ne)),
    op_ufunc("numpy.where", Lower::Where),
    op_ufunc("numpy.clip", Lower::Clip),
    // numpy library functions and ndarray methods
    np("numpy.sum", NpFn::Reduce(reduce::SUM)),
    np("numpy.prod", NpFn::Reduce(reduce::PROD)),
    np("numpy.min", NpFn::Reduce(reduce::MIN)),
    np("numpy.max", NpFn::Reduce(reduce::MAX)),
    np("numpy.amin", NpFn::Reduce(reduce::MIN)),
    np("numpy.amax", NpFn::Reduce(reduce::MAX)),
    np("numpy.mean", NpFn::Reduce(reduce::MEAN)),
    np("numpy.std", NpFn::Reduce(reduce::STD)),
    np("numpy.var", NpFn::Reduce(reduce::VAR)),
    np("numpy.argmin", NpFn::Reduce(reduce::ARGMIN)),
    np("numpy.argmax", NpFn::Reduce(reduce::ARGMAX)),
    np("numpy.any", NpFn::Reduce(reduce::ANY)),
    np("numpy.all", NpFn::Reduce(reduce::ALL)),
    np("numpy.nansum", NpFn::Reduce(reduce::NANSUM)),
    np("numpy.nanmin", NpFn::Reduce(reduce::NANMIN)),
    np("numpy.nanmax", NpFn::Reduce(reduce::NANMAX)),
    np("numpy.nanmean", NpFn::Reduce(reduce::NANMEAN)),
    np("numpy.median", NpFn::Reduce(reduce::MEDIAN)),
    np("numpy.cumsum", NpFn::Scan(scan::CUMSUM)),
    np("numpy.cumprod", NpFn::Scan(scan::CUMPROD)),
    np("numpy.copy", NpFn::Copy),
    np("numpy.dot", NpFn::Dot),
    np("numpy.matmul", NpFn::Matmul),
    np("numpy.vdot", NpFn::Vdot),
    np("numpy.inner", NpFn::Inner),
    np("numpy.outer", NpFn::Outer),
    np("numpy.trace", NpFn::Trace),
    np("numpy.linalg.norm", NpFn::Norm),
    np("numpy.transpose", NpFn::Transpose),
    np("numpy.reshape", NpFn::Reshape),
    np("numpy.ravel", NpFn::Ravel),
    np("numpy.swapaxes", NpFn::Swapaxes),
    np("numpy.squeeze", NpFn::Squeeze),
    np("numpy.expand_dims", NpFn::ExpandDims),
    np("numpy.flip", NpFn::Flip),
    np("numpy.full", NpFn::Full),
    np("numpy.zeros_like", NpFn::Like(Fill::Zeros)),
    np("numpy.ones_like", NpFn::Like(Fill::Ones)),
    np("numpy.empty_like", NpFn::Like(Fill::Uninit)),
    np("numpy.full_like", NpFn::FullLike),
    np("numpy.arange", NpFn::Arange),
    np("numpy.linspace", NpFn::Linspace),
    np("numpy.eye", NpFn::Eye),
    np("numpy.identity", NpFn::Identity),
    np("numpy.concatenate", NpFn::Concatenate),
    np("numpy.stack", NpFn::Stack),
    np("numpy.hstack", NpFn::Hstack),
    np("numpy.vstack", NpFn::Vstack),
    np("numpy.tile", NpFn::Tile),
    np("numpy.repeat", NpFn::Repeat),
    np("numpy.roll", NpFn::Roll),
    np("numpy.sort", NpFn::Sort),
    np("numpy.argsort", NpFn::Argsort),
    np("numpy.unique", NpFn::Unique),
    np("numpy.searchsorted", NpFn::Searchsorted),
    np("numpy.nonzero", NpFn::Nonzero),
    np("numpy.argwhere", NpFn::Argwhere),
    np("numpy.array", NpFn::Array),
    np_same("numpy.asarray", NpFn::AsArray),
    np("numpy.bincount", NpFn::Bincount),
    np("numpy.diff", NpFn::Diff),
    np("numpy.interp", NpFn::Interp),
    np("numpy.percentile", NpFn::Percentile),
    np_random("numpy.random.seed", NpFn::RandomSeed, 0),
    np_random("numpy.random.rand", NpFn::Random(dist::RANDOM), 0),
    np_random("numpy.random.random", NpFn::Random(dist::RANDOM), 0),
    np_random("numpy.random.random_sample", NpFn::Random(dist::RANDOM), 0),
    np_random("numpy.random.randn", NpFn::Random(dist::STANDARD_NORMAL), 0),
    np_random("numpy.random.standard_normal", NpFn::Random(dist::STANDARD_NORMAL), 0),
    np_random("numpy.random.uniform", NpFn::Random(dist::UNIFORM), 0),
    np_random("numpy.random.normal", NpFn::Random(dist::NORMAL), 0),
    np_random("numpy.random.randint", NpFn::Random(dist::RANDINT), 0),
    np_random("numpy.random.shuffle", NpFn::RandomShuffle, 1),
    np_random("numpy.random.permutation", NpFn::RandomPermutation, 0),
    np_random("numpy.random.choice", NpFn::RandomChoice, 0),
    np("ndarray.sum", NpFn::Reduce(reduce::SUM)),
    np("ndarray.prod", NpFn::Reduce(reduce::PROD)),
    np("ndarray.min", NpFn::Reduce(reduce::MIN)),
    np("ndarray.max", NpFn::Reduce(reduce::MAX)),
    np("ndarray.mean", NpFn::Reduce(reduce::MEAN)),
    np("ndarray.std", NpFn::Reduce(reduce::STD)),
    np("ndarray.var", NpFn::Reduce(reduce::VAR)),
    np("ndarray.argmin", NpFn::Reduce(reduce::ARGMIN)),
    np("ndarray.argmax", NpFn::Reduce(reduce::ARGMAX)),
    np("ndarray.any", NpFn::Reduce(reduce::ANY)),
    np("ndarray.all", NpFn::Reduce(reduce::ALL)),
    np("ndarray.cumsum", NpFn::Scan(scan::CUMSUM)),
    np("ndarray.cumprod", NpFn::Scan(scan::CUMPROD)),
    np("ndarray.copy", NpFn::Copy),
    np("ndarray.astype", NpFn::AsType),
    np("ndarray.dot", NpFn::Dot),
    np("ndarray.transpose", NpFn::Transpose),
    np("ndarray.reshape", NpFn::Reshape),
    np("ndarray.ravel", NpFn::Ravel),
    np("ndarray.flatten", NpFn::Flatten),
    np("ndarray.swapaxes", NpFn::Swapaxes),
    np("ndarray.squeeze", NpFn::Squeeze),
    np("ndarray.fill", NpFn::Fill),
    np("ndarray.item", NpFn::Item),
    np("ndarray.tolist", NpFn::Tolist),
    np("ndarray.sort", NpFn::Sort),
    np("ndarray.argsort", NpFn::Argsort),
    np("ndarray.nonzero", NpFn::Nonzero),
    np("ndarray.trace", NpFn::Trace),
    // Indexing with index arrays or boolean masks (`a[idx]`, `a[mask] = v`):
    // a copy on reading, written in place on assignment.
    np("ndarray.__getitem__", NpFn::GetItem),
    np_store("ndarray.__setitem__", NpFn::SetItem),
    pure("ndarray.T", Lower::Attr(ArrayAttr::T), false),
    pure("ndarray.itemsize", Lower::Attr(ArrayAttr::Itemsize), false),
    pure("ndarray.nbytes", Lower::Attr(ArrayAttr::Nbytes), false),
    pure("ndarray.strides", Lower::Attr(ArrayAttr::Strides), false),
    // numpy
    alloc("numpy.zeros", Fill::Zeros),
    alloc("numpy.ones", Fill::Ones),
    alloc("numpy.empty", Fill::Uninit),
    pure("numpy.pi", Lower::FloatConst(std::f64::consts::PI), false),
    pure("numpy.e", Lower::FloatConst(std::f64::consts::E), false),
    pure("numpy.inf", Lower::FloatConst(f64::INFINITY), false),
    pure("numpy.nan", Lower::FloatConst(f64::NAN), false),
    // ndarray attributes
    pure("ndarray.shape", Lower::Attr(ArrayAttr::Shape), false),
    pure("ndarray.ndim", Lower::Attr(ArrayAttr::Ndim), false),
    pure("ndarray.size", Lower::Attr(ArrayAttr::Size), false),
];

fn index() -> &'static HashMap<&'static str, OpId> {
    static INDEX: OnceLock<HashMap<&'static str, OpId>> = OnceLock::new();
    INDEX.get_or_init(|| TABLE.iter().enumerate().map(|(i, d)| (d.name, OpId(i as u16))).collect())
}

/// The entry for a qualified name such as `math.sqrt`.
pub fn lookup(name: &str) -> Option<OpId> {
    index().get(name).copied()
}

pub fn get(id: OpId) -> &'static OpDef {
    &TABLE[id.0 as usize]
}

/// Known names under a module prefix (`math.`), for suggestions.
pub fn names_in(prefix: &str) -> impl Iterator<Item = &'static str> + '_ {
    TABLE.iter().filter_map(move |d| d.name.strip_prefix(prefix).filter(|rest| !rest.contains(['.', '['])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        assert_eq!(index().len(), TABLE.len());
    }
}
