//! The operations of kiln's IR.
//!
//! Operations are typed by their result values; the operand and result types
//! together select the exact semantics (Python `int // int` raises on zero,
//! NumPy `int64 // int64` gives 0). Builtin and library functions are one
//! variant, [`Op::Builtin`], whose meaning comes from the operation table
//! (`crate::optable`), never from matching names.

use std::rc::Rc;

use crate::optable::OpId;
use crate::types::Type;

use super::{FuncId, Slot};

/// A constant list (a call evaluated at compile time, a module-level list):
/// its element type and its elements' flattened words, exactly as a runtime
/// `KList` stores them (`int` and `bool` zero-extended, `float` bit for bit,
/// a tuple's items in order).
///
/// Invariant: `elem` is flat ([`ConstList::leaves`] is `Some`), and `words`
/// holds a whole number of elements.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstList {
    pub elem: Type,
    pub words: Vec<u64>,
    /// The module global bound to it and its assignment, for a module-level
    /// constant list (`cache = esieve(100)`).
    pub global: Option<(String, crate::diag::Span)>,
}

impl ConstList {
    /// The Python scalars (`int`, `float`, `bool`) making up one element of
    /// type `elem` in word order, or `None` when `elem` holds anything else.
    pub fn leaves(elem: &Type) -> Option<Vec<Type>> {
        fn go(t: &Type, out: &mut Vec<Type>) -> bool {
            match t {
                Type::Int | Type::Float | Type::Bool => {
                    out.push(t.clone());
                    true
                }
                Type::Tuple(items) => items.iter().all(|i| go(i, out)),
                _ => false,
            }
        }
        let mut out = Vec::new();
        go(elem, &mut out).then_some(out)
    }

    /// Words per element.
    pub fn stride(&self) -> usize {
        Self::leaves(&self.elem).map_or(1, |l| l.len().max(1))
    }

    pub fn len(&self) -> usize {
        self.words.len() / self.stride()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Python's `repr` of the list (floats in Rust's shortest round-trip
    /// form), showing at most `limit` elements, then `...`.
    pub fn text(&self, limit: usize) -> String {
        fn item(t: &Type, w: &mut impl Iterator<Item = u64>, out: &mut String) {
            match t {
                Type::Int => out.push_str(&(w.next().unwrap_or(0) as i64).to_string()),
                Type::Float => out.push_str(&format!("{:?}", f64::from_bits(w.next().unwrap_or(0)))),
                Type::Bool => out.push_str(if w.next().unwrap_or(0) & 0xff != 0 { "True" } else { "False" }),
                Type::Tuple(items) => {
                    out.push('(');
                    for (k, i) in items.iter().enumerate() {
                        if k > 0 {
                            out.push_str(", ");
                        }
                        item(i, w, out);
                    }
                    if items.len() == 1 {
                        out.push(',');
                    }
                    out.push(')');
                }
                _ => out.push('?'),
            }
        }
        let mut out = String::from("[");
        let mut w = self.words.iter().copied();
        for k in 0..self.len() {
            if k > 0 {
                out.push_str(", ");
            }
            if k == limit {
                out.push_str("...");
                break;
            }
            item(&self.elem, &mut w, &mut out);
        }
        out.push(']');
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    Int(i64),
    Float(f64),
    Bool(bool),
    None,
    Str(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Neg,
    Pos,
    /// Logical `not` (operand is `bool`).
    Not,
    /// Bitwise `~`.
    Invert,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    /// True division `/`.
    Div,
    FloorDiv,
    Mod,
    Pow,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

/// How one index of an element access is checked. Bounds-check elimination
/// weakens these when range analysis proves them unnecessary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexMode {
    /// May be negative (wraps once) and may be out of bounds (raises `IndexError`).
    Checked,
    /// Known non-negative; may be past the end (raises `IndexError`).
    NonNegChecked,
    /// Proven in `0..len`.
    Unchecked,
}

/// How a new array's memory starts out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fill {
    Uninit,
    Zeros,
    Ones,
}

/// One axis of a basic-indexing view (`Op::View`); operands are indices into
/// the op's arguments (argument 0 is the array).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViewAxis {
    /// Keeps input axis `src`, sliced; `None` bounds take Python's defaults.
    Slice { src: u8, start: Option<u8>, stop: Option<u8>, step: Option<u8> },
    /// Drops input axis `src`, taking the element at an integer index (checked).
    Index { src: u8, arg: u8 },
    /// A new axis of length 1 (`None` / `np.newaxis`).
    NewAxis,
}

/// The scalar function an elementwise array operation applies.
#[derive(Debug, Clone, PartialEq)]
pub enum ElemFn {
    Binary(BinaryOp),
    Unary(UnaryOp),
    Compare(CmpOp),
    /// An operation-table entry with a scalar form (`np.sqrt`...).
    Builtin(OpId),
    /// Conversion to the result's dtype (`astype`, `np.float32(a)`).
    Cast,
    /// `np.where(c, x, y)`.
    Select,
    /// `np.clip(a, lo, hi)`: `minimum(maximum(a, lo), hi)` as one operation.
    /// NumPy's loop has two forms that differ on ties and NaN bounds: one
    /// for scalar bounds (`scalar_bounds`) and one for array bounds.
    Clip {
        scalar_bounds: bool,
    },
}

/// How an argument of a runtime array call is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallArg {
    /// Operand n, an array, as a pointer to an `ArrayView` record.
    Array(u8),
    /// Operands n.. (count m), arrays, as a pointer to m consecutive records.
    ArrayList(u8, u8),
    /// Operand n, an `int`, as i64.
    Int(u8),
    /// Operand n, a `float`, as f64.
    Float(u8),
    /// A constant i64 (or i32, per the entry's declared signature).
    Const(i64),
    /// A constant f64.
    ConstF64(u64),
    /// A null pointer (an absent optional array).
    Null,
    /// Operands n.. (count m), `int`s, as a pointer to m consecutive i64s.
    IntList(u8, u8),
}

/// Where a runtime array call's result goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallOut {
    /// A new array (the op's result).
    Array,
    /// A 0-d result array whose element becomes the op's scalar result.
    Scalar,
    /// `ndim` new 1-d arrays, as a tuple (the op's result).
    ArrayTuple(u8),
    /// Nothing: the call works in place.
    Nothing,
    /// The entry returns an f64 directly (it cannot fail): the op's result.
    ReturnF64,
}

/// How an operand of a runtime object call (`Op::ObjCall`) is passed.
#[derive(Debug, Clone, PartialEq)]
pub enum ObjArg {
    /// Operand n's one part (an object pointer, an `int`, a `bool`),
    /// converted to the entry's declared parameter type.
    Val(u8),
    /// Operand n written out as its flattened words; a pointer to them. The
    /// callee borrows the operand.
    Words(u8),
    /// As `Words`, but the callee takes over the operand's references.
    WordsOwned(u8),
    /// A pointer to the type code of this type (a container's element type).
    Code(crate::types::Type),
    /// A constant (i64, or i32 per the entry's declared signature).
    Const(i64),
    /// A null pointer.
    Null,
    /// With `ObjOut::Entry`: an out buffer receiving the next result's words.
    Out,
}

/// What a runtime object call returns, and how its failure is signalled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjOut {
    /// A new object (the result); null means an exception is pending.
    Obj,
    /// Nothing; an `i32` status, nonzero with an exception pending.
    Status,
    /// Nothing, and the call cannot fail.
    Nothing,
    /// An `i32` 0/1, the `bool` result; -1 with an exception pending.
    Bool,
    /// An `i64`, the `int` result; the call cannot fail.
    Int,
    /// The result's words go to an out pointer passed last; `i32` status.
    Words,
    /// An `i64` goes to an out pointer passed last (the `int` result); `i32` status.
    IntOut,
    /// `kiln_value_cmp`-style: an `i64` out pointer passed last receives
    /// -1/0/1/2 (2: unordered), the `int` result; `i32` status.
    CmpOut,
    /// An `i32` 0/1, the first (`bool`) result; the other results' words
    /// go to the `ObjArg::Out` buffers, in order (zeroed when 0). Cannot fail.
    Entry,
}

impl ObjOut {
    /// Whether a call with this output can raise.
    pub fn may_raise(self) -> bool {
        !matches!(self, ObjOut::Nothing | ObjOut::Int | ObjOut::Entry)
    }

    /// Whether the result holds a new reference.
    pub fn owns_result(self) -> bool {
        matches!(self, ObjOut::Obj | ObjOut::Words | ObjOut::Entry)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Const(Const),
    /// Reads a slot; the result borrows the slot's reference.
    Load(Slot),
    /// Writes `args[0]` to a slot.
    Store(Slot),
    Unary(UnaryOp),
    Binary(BinaryOp),
    /// Compares `args[0]` with `args[1]` (of one type, or an exact compare of
    /// a Python `int` with a Python `float`); the result is `bool`.
    Compare(CmpOp),
    /// Converts `args[0]` to the result type: `int()`/`float()` of numbers with
    /// Python's checks (NaN or infinity to int raises), NumPy casts for NumPy
    /// scalars.
    Convert,
    /// Python truthiness of `args[0]`, as `bool`.
    Truth,
    /// `args[0] ? args[1] : args[2]`, both evaluated (cheap, pure operands only).
    Select,
    /// Calls a function of this module.
    Call(FuncId),
    /// Calls an operation-table entry.
    Builtin(OpId),
    /// Builds a tuple from its operands.
    MakeTuple,
    /// Reads item n of a tuple; the result borrows from the tuple.
    TupleGet(u32),
    /// The size of dimension n of an array, as `int`.
    ArrayDim(u8),
    /// The stride of dimension n of an array in bytes, as `int`.
    ArrayStride(u8),
    /// `args[0]` with the shape given by the `int` operands (one may be -1):
    /// a view when the array is C-contiguous, else a C-contiguous copy.
    Reshape,
    /// A view of `args[0]` with its axes permuted: output axis k is input
    /// axis `perm[k]` (`a.T`, `np.transpose`, `swapaxes`).
    Permute(Vec<u8>),
    /// `args[1]` as an index on axis `axis` of array `args[0]`: wrapped once if
    /// negative (per `mode`), checked against the axis size (raising NumPy's
    /// `IndexError`), and returned as a non-negative in-bounds `int`.
    CheckIndex {
        axis: u8,
        mode: IndexMode,
    },
    /// Reads `array[args[1..]]` (one index per dimension), giving a NumPy scalar.
    ArrayGet(Vec<IndexMode>),
    /// Writes `args[1]` (already of the element type) to `array[args[2..]]`.
    ArraySet(Vec<IndexMode>),
    /// A new C-contiguous array whose shape is the `int` operands.
    ArrayAlloc(Fill),
    /// A view of `args[0]` (basic indexing: slices, integer indices, new
    /// axes); the result shares the array's memory and holds a new reference.
    View(Vec<ViewAxis>),
    /// Applies a scalar function elementwise over arrays and scalars with
    /// NumPy broadcasting, giving a new array. The kernel pass turns these
    /// into `Stmt::Kernel` loops (fusing chains of them).
    Elementwise(ElemFn),
    /// Calls a runtime array function (`abi::ENTRY_POINTS`) with arguments
    /// marshalled per `args`, followed by the output record when `out`
    /// produces something; the status result is checked.
    ArrayCall {
        entry: &'static str,
        args: Vec<CallArg>,
        out: CallOut,
    },
    /// Checks, as NumPy's in-place operators do, that array `args[1]`
    /// broadcasts with array `args[0]` into exactly `args[0]`'s shape.
    CheckInplace,
    /// Copies `args[1]` (an array, broadcast; or a scalar of the element
    /// type) into the existing array `args[0]`, as `a[...] = v` does; safe
    /// when the two overlap.
    AssignInto,
    /// Calls a runtime container/str entry point (`kiln_list_*`, ...) with
    /// operands marshalled per `args`. `writes` names the operand the call
    /// mutates (for the effects analysis and written-argument copy-back).
    ObjCall {
        entry: &'static str,
        args: Vec<ObjArg>,
        out: ObjOut,
        writes: Option<u8>,
    },
    /// `len()` of a str, list, set or dict, read inline.
    ObjLen,
    /// A constant list. `fresh`: a new list holding the elements (owned, as
    /// a call returning it would give); otherwise the one immortal static
    /// list (borrowed; never mutated: a module-level constant list).
    ListConst {
        list: Rc<ConstList>,
        fresh: bool,
    },
    /// `list[args[1]]`: the element, with a new reference; `IndexError`
    /// "list index out of range" per the mode.
    ListGet(IndexMode),
    /// `list[args[1]] = args[2]`: the list takes over the value's references.
    ListSet(IndexMode),
    /// Sets the pending exception; a `Stmt::Raise` follows.
    SetError {
        kind: i32,
        message: String,
    },
}
