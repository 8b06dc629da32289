//! kiln's typed, structured IR.
//!
//! A [`Function`] is a tree of blocks. A block is a list of [`Stmt`]s; a
//! statement is either one operation ([`InstData`]) or a structured region
//! (`If`, counted `For`, `While`) owning child blocks, or a control transfer
//! (`Break`, `Continue`, `Return`, `Raise`). Python locals are mutable typed
//! *slots* (`Load`/`Store`), so the IR needs no phi nodes: Cranelift's
//! frontend builds SSA from the slots at codegen.
//!
//! Invariants (checked by [`verify`]):
//! - every value is defined exactly once, by a parameter, an instruction or a
//!   loop, and is used only in its defining block after its definition or in
//!   blocks nested inside that block;
//! - every value has a concrete type (never `Type::Bottom`);
//! - every block belongs to exactly one parent statement (or is the body);
//! - `Break`/`Continue` appear only inside a loop body;
//! - every operation carries the source span it came from.

pub mod build;
pub mod clone;
pub mod ops;
pub mod print;
pub mod verify;

pub use ops::*;

use crate::diag::Span;
use crate::types::Type;
use cranelift_codegen::entity::{entity_impl, PrimaryMap};

/// A function in the module (one instance per distinct argument types).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncId(u32);
entity_impl!(FuncId, "fn");

/// An SSA value inside a function.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Value(u32);
entity_impl!(Value, "v");

/// An operation inside a function.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Inst(u32);
entity_impl!(Inst, "i");

/// A block (a list of statements) inside a function.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Block(u32);
entity_impl!(Block, "b");

/// A mutable, typed local variable.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot(u32);
entity_impl!(Slot, "s");

/// A compiled module.
#[derive(Default, Debug)]
pub struct Module {
    pub name: String,
    pub funcs: PrimaryMap<FuncId, Function>,
    pub exports: Vec<ExportedFunc>,
    pub doc: Option<String>,
    /// `--report` remarks from before the pipeline: module constants
    /// evaluated at compile time (`cache = esieve(100)`).
    pub remarks: Vec<crate::middle::pass_manager::Remark>,
}

/// A Python-visible function and its overloads, in declaration order.
#[derive(Debug, Clone)]
pub struct ExportedFunc {
    pub name: String,
    pub overloads: Vec<ExportedOverload>,
}

#[derive(Debug, Clone)]
pub struct ExportedOverload {
    pub func: FuncId,
    /// `f(float64[:], int)`, as shown in `TypeError`s.
    pub signature: String,
    /// The types the trampoline accepts, one per argument (`abi::tycode` encoding).
    pub arg_codes: Vec<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub struct SlotData {
    pub name: String,
    pub ty: Type,
}

#[derive(Debug, Clone)]
pub struct ValueData {
    pub ty: Type,
    pub def: ValueDef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueDef {
    /// The n-th function parameter.
    Param(u32),
    /// The n-th result of an instruction.
    Inst(Inst, u32),
    /// The induction variable of the `For` whose body is this block.
    LoopIndex(Block),
    /// The element of input n of the kernel whose body is this block.
    KernelElem(Block, u32),
    /// The array produced by the kernel whose body is this block, or the
    /// result of its reduction (`KernelDest::Reduce`).
    KernelOut(Block),
}

/// Where a kernel's elements go.
#[derive(Debug, Clone, PartialEq)]
pub enum KernelDest {
    /// A new C-contiguous array of the result's type (`ValueDef::KernelOut`).
    New(Value),
    /// An existing array (a view for `a[1:] = ...`): the broadcast shape of
    /// the inputs must fit it.
    Into(Value),
    /// No array: the elements are folded by a reduction (see `KernelReduce`).
    Reduce(KernelReduce),
}

/// A reduction consuming a kernel's elements as they are computed
/// (`np.sum(expr)`, `np.max(expr, axis=-1)`): the elementwise result is never
/// stored. The value is the one NumPy computes on the C-contiguous
/// temporary, summation order included.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KernelReduce {
    /// The `abi::reduce` kind: `SUM`, `PROD`, `MIN`, `MAX` or `MEAN`.
    pub kind: i32,
    /// The rank of the kernel's (broadcast) iteration space, at least 1.
    pub ndim: u8,
    /// Only the last axis is reduced (one result per row); otherwise all are.
    pub last_axis: bool,
    /// The result (`ValueDef::KernelOut`): a NumPy scalar for a full
    /// reduction, else a new C-contiguous array of rank `ndim - 1`.
    pub out: Value,
}

impl KernelDest {
    /// The value the kernel defines (a new array or a reduction's result).
    pub fn defined(&self) -> Option<Value> {
        match self {
            KernelDest::New(v) | KernelDest::Reduce(KernelReduce { out: v, .. }) => Some(*v),
            KernelDest::Into(_) => None,
        }
    }
}

/// One `except` clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Handler {
    /// Exception kinds (`abi::exc`) it catches, subclasses included; empty catches all.
    pub kinds: Vec<i32>,
    pub body: Block,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TryData {
    pub body: Block,
    pub handlers: Vec<Handler>,
    pub orelse: Option<Block>,
    pub finally: Option<Block>,
    pub span: Span,
}

/// A loop nest applying `body` elementwise with broadcasting.
#[derive(Debug, Clone, PartialEq)]
pub struct KernelData {
    /// Arrays and scalars read by the kernel, in order.
    pub inputs: Vec<Value>,
    /// Inside `body`: the current element of each input (a NumPy scalar;
    /// scalar inputs are their own element).
    pub elems: Vec<Value>,
    /// Straight-line scalar code computing `result` from `elems`.
    pub body: Block,
    /// The output element, defined in `body`.
    pub result: Value,
    pub dest: KernelDest,
    /// Broadcast checks, in evaluation order: each lists inputs (by index)
    /// whose shapes must broadcast together, as one elementwise operation of
    /// the source did; a failing group raises NumPy's error with its shapes.
    pub checks: Vec<Vec<u32>>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct InstData {
    pub op: Op,
    pub args: Vec<Value>,
    pub results: Vec<Value>,
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct BlockData {
    pub stmts: Vec<Stmt>,
}

/// How a `For` loop may be executed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoopAttrs {
    /// From `#omp parallel for` or `prange`; the runtime may split the range.
    pub parallel: bool,
    /// `reduction(+:var)` clauses: each chunk sums into its own copy of the
    /// slot, starting from zero; the partial sums are added to the slot.
    pub reductions: Vec<Slot>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    Inst(Inst),
    If {
        cond: Value,
        then_block: Block,
        else_block: Block,
    },
    /// `for index in range(start, stop, step)`; `step` is never zero.
    For {
        index: Value,
        start: Value,
        stop: Value,
        step: Value,
        body: Block,
        /// Runs when the loop ends without `break`.
        orelse: Option<Block>,
        attrs: LoopAttrs,
        span: Span,
    },
    /// `header` computes `cond` before every iteration.
    While {
        header: Block,
        cond: Value,
        body: Block,
        orelse: Option<Block>,
        span: Span,
    },
    /// Leaves `n + 1` enclosing loops (`Break(0)` is Python's `break`; deeper
    /// exits come from inlining a function that returns from inside a loop).
    Break(u32),
    Continue,
    /// An elementwise loop nest (see `KernelData`).
    Kernel(Box<KernelData>),
    /// `try`/`except`/`else`/`finally`. An exception raised in `body` runs
    /// the first handler whose kinds match (its kind is a subclass of one),
    /// else propagates; `finally` runs on every way out.
    Try(Box<TryData>),
    /// Re-raises the exception being handled (a bare `raise` in a handler).
    Reraise,
    Return(Option<Value>),
    /// Propagates the pending exception (set by a preceding `Op::SetError`).
    Raise,
}

/// A function body in the IR.
#[derive(Debug, Clone)]
pub struct Function {
    /// Unique symbol-friendly name, such as `fib__i`.
    pub name: String,
    /// The Python name.
    pub py_name: String,
    pub span: Span,
    pub params: Vec<Value>,
    pub ret: Type,
    pub slots: PrimaryMap<Slot, SlotData>,
    pub values: PrimaryMap<Value, ValueData>,
    pub insts: PrimaryMap<Inst, InstData>,
    pub blocks: PrimaryMap<Block, BlockData>,
    pub body: Block,
    /// Unreachable from the exports: no code is generated for it.
    pub dead: bool,
}

impl Function {
    pub fn new(name: String, py_name: String, span: Span) -> Function {
        let mut blocks = PrimaryMap::new();
        let body = blocks.push(BlockData::default());
        Function {
            name,
            py_name,
            span,
            params: Vec::new(),
            ret: Type::None,
            slots: PrimaryMap::new(),
            values: PrimaryMap::new(),
            insts: PrimaryMap::new(),
            blocks,
            body,
            dead: false,
        }
    }

    pub fn ty(&self, v: Value) -> &Type {
        &self.values[v].ty
    }

    pub fn new_block(&mut self) -> Block {
        self.blocks.push(BlockData::default())
    }

    pub fn add_param(&mut self, ty: Type) -> Value {
        let n = self.params.len() as u32;
        let v = self.values.push(ValueData { ty, def: ValueDef::Param(n) });
        self.params.push(v);
        v
    }

    pub fn add_slot(&mut self, name: impl Into<String>, ty: Type) -> Slot {
        self.slots.push(SlotData { name: name.into(), ty })
    }

    /// Creates an instruction with results of the given types; the caller
    /// appends `Stmt::Inst` to a block.
    pub fn make_inst(&mut self, op: Op, args: Vec<Value>, result_types: Vec<Type>, span: Span) -> Inst {
        let inst = self.insts.push(InstData { op, args, results: Vec::new(), span });
        let results = result_types
            .into_iter()
            .enumerate()
            .map(|(i, ty)| self.values.push(ValueData { ty, def: ValueDef::Inst(inst, i as u32) }))
            .collect();
        self.insts[inst].results = results;
        inst
    }

    /// A loop index value for the `For` whose body is `body`.
    pub fn make_loop_index(&mut self, body: Block, ty: Type) -> Value {
        self.values.push(ValueData { ty, def: ValueDef::LoopIndex(body) })
    }

    /// The instruction defining `v`, if any.
    pub fn def_inst(&self, v: Value) -> Option<Inst> {
        match self.values[v].def {
            ValueDef::Inst(i, _) => Some(i),
            _ => None,
        }
    }

    /// Visits every block reachable from the body, parents before children.
    pub fn blocks_preorder(&self) -> Vec<Block> {
        let mut out = Vec::new();
        let mut stack = vec![self.body];
        while let Some(b) = stack.pop() {
            out.push(b);
            for s in self.blocks[b].stmts.iter().rev() {
                stack.extend(s.child_blocks().into_iter().rev());
            }
        }
        out
    }
}

impl Stmt {
    /// The blocks owned by this statement, in evaluation order.
    pub fn child_blocks(&self) -> Vec<Block> {
        match self {
            Stmt::Kernel(k) => vec![k.body],
            Stmt::Try(t) => std::iter::once(t.body).chain(t.handlers.iter().map(|h| h.body)).chain(t.orelse).chain(t.finally).collect(),
            Stmt::If { then_block, else_block, .. } => vec![*then_block, *else_block],
            Stmt::For { body, orelse, .. } => std::iter::once(*body).chain(*orelse).collect(),
            Stmt::While { header, body, orelse, .. } => [*header, *body].into_iter().chain(*orelse).collect(),
            _ => Vec::new(),
        }
    }

    /// Values read directly by this statement (not by its child blocks).
    pub fn operands(&self) -> Vec<Value> {
        match self {
            Stmt::If { cond, .. } => vec![*cond],
            Stmt::For { start, stop, step, .. } => vec![*start, *stop, *step],
            Stmt::While { cond, .. } => vec![*cond],
            Stmt::Return(Some(v)) => vec![*v],
            Stmt::Kernel(k) => {
                let mut v = k.inputs.clone();
                if let KernelDest::Into(d) = k.dest {
                    v.push(d);
                }
                v
            }
            _ => Vec::new(),
        }
    }
}
