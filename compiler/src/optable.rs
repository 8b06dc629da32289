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

use crate::ir::Fill;

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
}

/// How an entry is lowered; this also determines its type rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Lower {
    /// A float function of `arity` numbers, giving a Python float.
    FloatFn { arity: u8, imp: FloatImpl, check: MathCheck },
    /// Float to Python int with NaN/infinity checks (`math.floor`...).
    FloatToInt(Round),
    FloatPred(FloatPred),
    IntFn(IntFn),
    /// A constant float attribute (`math.pi`).
    FloatConst(f64),
    Abs,
    Min,
    Max,
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

const fn alloc(name: &'static str, fill: Fill) -> OpDef {
    OpDef { name, lower: Lower::Alloc(fill), effects: Effects::NONE, alias: ResultAlias::Fresh, const_eval: false, may_raise: true }
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
    pure("builtins.bool", Lower::ToBool, false),
    pure("builtins.len", Lower::Len, false),
    pure("builtins.range", Lower::Range, true),
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
    TABLE.iter().filter_map(move |d| d.name.strip_prefix(prefix).filter(|rest| !rest.contains('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        assert_eq!(index().len(), TABLE.len());
    }
}
