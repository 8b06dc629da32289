//! The operations of kiln's IR.
//!
//! Operations are typed by their result values; the operand and result types
//! together select the exact semantics (Python `int // int` raises on zero,
//! NumPy `int64 // int64` gives 0). Builtin and library functions are one
//! variant, [`Op::Builtin`], whose meaning comes from the operation table
//! (`crate::optable`), never from matching names.

use crate::optable::OpId;

use super::{FuncId, Slot};

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
    /// `args[1]` as an index on axis `axis` of array `args[0]`: wrapped once if
    /// negative (per `mode`), checked against the axis size (raising NumPy's
    /// `IndexError`), and returned as a non-negative in-bounds `int`.
    CheckIndex { axis: u8, mode: IndexMode },
    /// Reads `array[args[1..]]` (one index per dimension), giving a NumPy scalar.
    ArrayGet(Vec<IndexMode>),
    /// Writes `args[1]` (already of the element type) to `array[args[2..]]`.
    ArraySet(Vec<IndexMode>),
    /// A new C-contiguous array whose shape is the `int` operands.
    ArrayAlloc(Fill),
    /// Sets the pending exception; a `Stmt::Raise` follows.
    SetError { kind: i32, message: String },
}
