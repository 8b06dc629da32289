//! The static types of kiln values, and NumPy's promotion rules between them.
//!
//! kiln distinguishes Python's builtin scalars (`int`, `float`, `bool`,
//! `complex`) from NumPy scalars (`np.int64`, `np.float32`, ...) because both
//! the results' Python types and the arithmetic differ: Python scalars are
//! "weak" under NEP 50, Python `/` by zero raises while NumPy's gives `inf`.
//!
//! Invariant: a `Type` is a plain value (cheap to clone, comparable, hashable);
//! it never refers to IR entities.

use std::fmt;
use std::rc::Rc;

/// NumPy element types, numbered as `abi::dtype`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DType {
    Bool = 0,
    I8 = 1,
    I16 = 2,
    I32 = 3,
    I64 = 4,
    U8 = 5,
    U16 = 6,
    U32 = 7,
    U64 = 8,
    F32 = 9,
    F64 = 10,
    C64 = 11,
    C128 = 12,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DKind {
    Bool,
    SignedInt,
    UnsignedInt,
    Float,
    Complex,
}

impl DType {
    pub const ALL: [DType; 13] = [
        DType::Bool,
        DType::I8,
        DType::I16,
        DType::I32,
        DType::I64,
        DType::U8,
        DType::U16,
        DType::U32,
        DType::U64,
        DType::F32,
        DType::F64,
        DType::C64,
        DType::C128,
    ];

    pub fn kind(self) -> DKind {
        use DType::*;
        match self {
            Bool => DKind::Bool,
            I8 | I16 | I32 | I64 => DKind::SignedInt,
            U8 | U16 | U32 | U64 => DKind::UnsignedInt,
            F32 | F64 => DKind::Float,
            C64 | C128 => DKind::Complex,
        }
    }

    pub fn itemsize(self) -> u32 {
        crate::abi::dtype::itemsize(self as u8) as u32
    }

    pub fn name(self) -> &'static str {
        crate::abi::dtype::name(self as u8)
    }

    pub fn from_name(name: &str) -> Option<DType> {
        Some(match name {
            "bool" | "bool_" => DType::Bool,
            "int8" => DType::I8,
            "int16" => DType::I16,
            "int32" | "intc" => DType::I32,
            "int64" | "intp" | "int_" => DType::I64,
            "uint8" => DType::U8,
            "uint16" => DType::U16,
            "uint32" | "uintc" => DType::U32,
            "uint64" | "uintp" => DType::U64,
            "float32" => DType::F32,
            "float64" | "float_" | "double" => DType::F64,
            "complex64" => DType::C64,
            "complex128" | "complex_" => DType::C128,
            _ => return None,
        })
    }

    pub fn is_int(self) -> bool {
        matches!(self.kind(), DKind::SignedInt | DKind::UnsignedInt)
    }

    pub fn is_float(self) -> bool {
        self.kind() == DKind::Float
    }

    pub fn is_complex(self) -> bool {
        self.kind() == DKind::Complex
    }

    pub fn is_signed(self) -> bool {
        self.kind() == DKind::SignedInt
    }

    fn bits(self) -> u32 {
        self.itemsize() * 8
    }

    /// NumPy's `np.result_type(a, b)` for two dtypes.
    pub fn promote(a: DType, b: DType) -> DType {
        use DKind::*;
        if a == b {
            return a;
        }
        let (ka, kb) = (a.kind(), b.kind());
        match (ka, kb) {
            (Bool, _) => b,
            (_, Bool) => a,
            (SignedInt, SignedInt) | (UnsignedInt, UnsignedInt) => {
                if a.bits() >= b.bits() {
                    a
                } else {
                    b
                }
            }
            (SignedInt, UnsignedInt) | (UnsignedInt, SignedInt) => {
                let (s, u) = if ka == SignedInt { (a, b) } else { (b, a) };
                if s.bits() > u.bits() {
                    s
                } else {
                    // The smallest signed type holding both; uint64 with any
                    // signed type goes to float64, as in NumPy.
                    match u.bits() {
                        8 => DType::I16,
                        16 => DType::I32,
                        32 => DType::I64,
                        _ => DType::F64,
                    }
                }
            }
            (Float, Float) | (Complex, Complex) => {
                if a.bits() >= b.bits() {
                    a
                } else {
                    b
                }
            }
            (Float, SignedInt | UnsignedInt) | (SignedInt | UnsignedInt, Float) => {
                let (f, i) = if ka == Float { (a, b) } else { (b, a) };
                // float32 holds int8/int16 exactly; wider ints need float64.
                if f == DType::F64 || i.bits() <= 16 {
                    f
                } else {
                    DType::F64
                }
            }
            (Complex, _) | (_, Complex) => {
                let (c, o) = if ka == Complex { (a, b) } else { (b, a) };
                let need = DType::promote(o, DType::F32);
                if c == DType::C128 || need == DType::F32 {
                    c
                } else {
                    DType::C128
                }
            }
        }
    }

    /// The float type that true division and float ufuncs produce for this dtype.
    pub fn float_result(self) -> DType {
        match self.kind() {
            DKind::Float | DKind::Complex => self,
            _ => match self {
                DType::Bool | DType::I8 | DType::U8 | DType::I16 | DType::U16 => {
                    // NumPy's float loops for small ints pick float16/float32;
                    // e.g. np.sqrt(np.int8) is float16. kiln has no float16 and
                    // uses float32 for 8/16-bit ints instead.
                    DType::F32
                }
                _ => DType::F64,
            },
        }
    }

    /// The real dtype of a complex dtype (identity otherwise).
    pub fn real_part(self) -> DType {
        match self {
            DType::C64 => DType::F32,
            DType::C128 => DType::F64,
            d => d,
        }
    }
}

/// How an array's elements are laid out in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layout {
    /// C-contiguous: the innermost stride is the item size and strides are
    /// the products of the inner shape.
    C,
    /// Arbitrary strides (views, Fortran order, negative steps).
    Strided,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArrayType {
    pub dtype: DType,
    pub ndim: u8,
    pub layout: Layout,
}

/// The type of a kiln value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    /// The type of an expression whose type is not known yet (during
    /// inference) or that never produces a value. Never appears in final IR.
    Bottom,
    None,
    /// Python `bool`.
    Bool,
    /// Python `int`, held as int64.
    Int,
    /// Python `float`.
    Float,
    /// Python `complex`.
    Complex,
    /// A NumPy scalar (`np.float32`, `np.int64`, ...).
    Scalar(DType),
    Array(ArrayType),
    Tuple(Rc<[Type]>),
    /// A NumPy dtype object (`a.dtype`): fixed by the static types, so it
    /// has no machine parts; it becomes `np.dtype(...)` when returned.
    DTypeObj(DType),
    /// Python `str`: a pointer to a runtime `KStr` (counted; literals are immortal).
    Str,
    /// Python `list` of one element type: a pointer to a runtime `KList`.
    List(Rc<Type>),
    /// Python `set` of one element type: a pointer to a runtime set.
    Set(Rc<Type>),
    /// Python `dict` of one key and one value type: a pointer to a runtime dict.
    Dict(Rc<(Type, Type)>),
}

impl Type {
    pub fn array(dtype: DType, ndim: u8, layout: Layout) -> Type {
        Type::Array(ArrayType { dtype, ndim, layout })
    }

    pub fn tuple(items: Vec<Type>) -> Type {
        Type::Tuple(items.into())
    }

    pub fn list(elem: Type) -> Type {
        Type::List(Rc::new(elem))
    }

    pub fn set(elem: Type) -> Type {
        Type::Set(Rc::new(elem))
    }

    pub fn dict(key: Type, value: Type) -> Type {
        Type::Dict(Rc::new((key, value)))
    }

    /// Whether values of this type are pointers to runtime objects
    /// (str, list, set, dict).
    pub fn is_object(&self) -> bool {
        matches!(self, Type::Str | Type::List(_) | Type::Set(_) | Type::Dict(_))
    }

    /// The element type of a list or set (the key type of a dict), or the
    /// one-character str of a str: what iterating over it gives.
    pub fn iter_elem(&self) -> Option<Type> {
        match self {
            Type::List(e) | Type::Set(e) => Some((**e).clone()),
            Type::Dict(kv) => Some(kv.0.clone()),
            Type::Str => Some(Type::Str),
            _ => None,
        }
    }

    /// The element type of a scalar, viewing Python scalars as their NumPy
    /// default dtypes (`int` → int64, `float` → float64).
    pub fn scalar_dtype(&self) -> Option<DType> {
        Some(match self {
            Type::Bool => DType::Bool,
            Type::Int => DType::I64,
            Type::Float => DType::F64,
            Type::Complex => DType::C128,
            Type::Scalar(d) => *d,
            _ => return None,
        })
    }

    pub fn is_scalar(&self) -> bool {
        self.scalar_dtype().is_some()
    }

    /// Python builtin scalar (weak under NEP 50).
    pub fn is_python_scalar(&self) -> bool {
        matches!(self, Type::Bool | Type::Int | Type::Float | Type::Complex)
    }

    pub fn is_int_like(&self) -> bool {
        matches!(self.scalar_dtype(), Some(d) if d.is_int() || d == DType::Bool)
    }

    pub fn is_numeric(&self) -> bool {
        self.is_scalar()
    }

    pub fn as_array(&self) -> Option<ArrayType> {
        match self {
            Type::Array(a) => Some(*a),
            _ => None,
        }
    }

    /// Whether values of this type hold counted references that compiled code
    /// must release.
    pub fn has_refs(&self) -> bool {
        match self {
            Type::Array(_) | Type::Str | Type::List(_) | Type::Set(_) | Type::Dict(_) => true,
            Type::Tuple(items) => items.iter().any(Type::has_refs),
            _ => false,
        }
    }

    pub fn contains_bottom(&self) -> bool {
        match self {
            Type::Bottom => true,
            Type::Tuple(items) => items.iter().any(Type::contains_bottom),
            // A container of unknown elements is a complete type: it is empty.
            _ => false,
        }
    }

    /// Whether the type holds `Bottom` anywhere, also as a container's element type.
    pub fn contains_bottom_deep(&self) -> bool {
        match self {
            Type::Bottom => true,
            Type::Tuple(items) => items.iter().any(Type::contains_bottom_deep),
            Type::List(e) | Type::Set(e) => e.contains_bottom_deep(),
            Type::Dict(kv) => kv.0.contains_bottom_deep() || kv.1.contains_bottom_deep(),
            _ => false,
        }
    }

    /// The common type of two container element types: equal types, with
    /// `Bottom` (an element type not known yet, as in `[]`) matching
    /// anything. Elements never widen (`[1]` and `[1.0]` differ in Python).
    pub fn unify(a: &Type, b: &Type) -> Option<Type> {
        if a == b {
            return Some(a.clone());
        }
        match (a, b) {
            (Type::Bottom, t) | (t, Type::Bottom) => Some(t.clone()),
            (Type::Tuple(x), Type::Tuple(y)) if x.len() == y.len() => {
                let items: Option<Vec<Type>> = x.iter().zip(y.iter()).map(|(p, q)| Type::unify(p, q)).collect();
                Some(Type::tuple(items?))
            }
            (Type::List(x), Type::List(y)) => Some(Type::list(Type::unify(x, y)?)),
            (Type::Set(x), Type::Set(y)) => Some(Type::set(Type::unify(x, y)?)),
            (Type::Dict(x), Type::Dict(y)) => Some(Type::dict(Type::unify(&x.0, &y.0)?, Type::unify(&x.1, &y.1)?)),
            _ => None,
        }
    }

    /// The least type that holds both, for variables assigned in several
    /// places and functions returning from several places. Numbers widen
    /// (`int` with `float` gives `float`), as Pythran and Numba do; a Python
    /// scalar merged with a NumPy scalar of the same kind becomes the NumPy
    /// scalar. Incompatible types give `None` (Rust's), reported as an error.
    pub fn join(a: &Type, b: &Type) -> Option<Type> {
        if a == b {
            return Some(a.clone());
        }
        match (a, b) {
            (Type::Bottom, t) | (t, Type::Bottom) => Some(t.clone()),
            (Type::Tuple(x), Type::Tuple(y)) if x.len() == y.len() => {
                let items: Option<Vec<Type>> = x.iter().zip(y.iter()).map(|(p, q)| Type::join(p, q)).collect();
                Some(Type::tuple(items?))
            }
            (Type::List(_), Type::List(_)) | (Type::Set(_), Type::Set(_)) | (Type::Dict(_), Type::Dict(_)) => Type::unify(a, b),
            (Type::Array(x), Type::Array(y)) if x.dtype == y.dtype && x.ndim == y.ndim => {
                Some(Type::array(x.dtype, x.ndim, Layout::Strided))
            }
            _ if a.is_python_scalar() && b.is_python_scalar() => {
                let rank = |t: &Type| match t {
                    Type::Bool => 0,
                    Type::Int => 1,
                    Type::Float => 2,
                    _ => 3,
                };
                Some(if rank(a) >= rank(b) { a.clone() } else { b.clone() })
            }
            (Type::Scalar(x), Type::Scalar(y)) => Some(Type::Scalar(DType::promote(*x, *y))),
            (Type::Scalar(d), p) | (p, Type::Scalar(d)) if p.is_python_scalar() => Some(Type::Scalar(promote_weak(*d, p))),
            _ => None,
        }
    }
}

/// NumPy's `can_cast(from, to, casting='same_kind')`: safe casts, plus casts
/// within a kind (float64 to float32); never from a higher kind to a lower one.
pub fn can_cast_same_kind(from: DType, to: DType) -> bool {
    let rank = |d: DType| match d.kind() {
        DKind::Bool => 0,
        DKind::UnsignedInt | DKind::SignedInt => 1,
        DKind::Float => 2,
        DKind::Complex => 3,
    };
    if rank(from) != rank(to) {
        return rank(from) < rank(to);
    }
    // Within integers, unsigned to signed is same-kind; signed to unsigned is not.
    !(from.kind() == DKind::SignedInt && to.kind() == DKind::UnsignedInt)
}

/// NEP 50: the dtype of `np_scalar_or_array_dtype op python_scalar`. A Python
/// scalar only changes the result's kind when it is of a higher kind
/// (int < float < complex), and then gives the default type of that kind
/// sized to hold the NumPy operand's precision.
pub fn promote_weak(d: DType, py: &Type) -> DType {
    match py {
        Type::Bool => d,
        Type::Int => {
            if d == DType::Bool {
                DType::I64
            } else {
                d
            }
        }
        Type::Float => match d.kind() {
            DKind::Float | DKind::Complex => d,
            _ => DType::F64,
        },
        Type::Complex => match d {
            DType::F32 | DType::C64 => DType::C64,
            _ => DType::C128,
        },
        _ => d,
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bottom => write!(f, "<unknown>"),
            Type::None => write!(f, "None"),
            Type::DTypeObj(d) => write!(f, "dtype('{}')", d.name()),
            Type::Bool => write!(f, "bool"),
            Type::Int => write!(f, "int"),
            Type::Float => write!(f, "float"),
            Type::Complex => write!(f, "complex"),
            Type::Str => write!(f, "str"),
            Type::List(e) => write!(f, "list[{e}]"),
            Type::Set(e) => write!(f, "set[{e}]"),
            Type::Dict(kv) => write!(f, "dict[{}, {}]", kv.0, kv.1),
            Type::Scalar(d) => write!(f, "np.{}", d.name()),
            Type::Array(a) => {
                write!(f, "{}[", a.dtype.name())?;
                for i in 0..a.ndim {
                    if i > 0 {
                        write!(f, ",")?;
                    }
                    write!(f, "{}", if a.layout == Layout::Strided { "::" } else { ":" })?;
                }
                write!(f, "]")
            }
            Type::Tuple(items) => {
                write!(f, "(")?;
                for (i, t) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{t}")?;
                }
                if items.len() == 1 {
                    write!(f, ",")?;
                }
                write!(f, ")")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotion_matches_numpy() {
        use DType::*;
        // Values checked against np.result_type in NumPy 2.
        let cases = [
            (I8, U8, I16),
            (I32, U32, I64),
            (I64, U64, F64),
            (I32, F32, F64),
            (I16, F32, F32),
            (F32, C64, C64),
            (F64, C64, C128),
            (Bool, I8, I8),
            (U16, I8, I32),
            (I64, F32, F64),
        ];
        for (a, b, want) in cases {
            assert_eq!(DType::promote(a, b), want, "{a:?} {b:?}");
            assert_eq!(DType::promote(b, a), want, "{b:?} {a:?}");
        }
    }

    #[test]
    fn weak_python_scalars() {
        assert_eq!(promote_weak(DType::I32, &Type::Int), DType::I32);
        assert_eq!(promote_weak(DType::I32, &Type::Float), DType::F64);
        assert_eq!(promote_weak(DType::F32, &Type::Float), DType::F32);
        assert_eq!(promote_weak(DType::F32, &Type::Complex), DType::C64);
        assert_eq!(promote_weak(DType::Bool, &Type::Int), DType::I64);
    }

    #[test]
    fn join_widens_numbers() {
        assert_eq!(Type::join(&Type::Int, &Type::Float), Some(Type::Float));
        assert_eq!(Type::join(&Type::Int, &Type::Scalar(DType::I64)), Some(Type::Scalar(DType::I64)));
        assert_eq!(Type::join(&Type::Int, &Type::None), None);
        assert_eq!(Type::join(&Type::Bottom, &Type::Float), Some(Type::Float));
    }
}
