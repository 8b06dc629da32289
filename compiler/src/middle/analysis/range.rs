//! Integer range analysis over symbolic bounds, for bounds-check elimination.
//!
//! Integer values are described as `base + offset`, where the base is a
//! symbol: nothing (a constant), an array dimension, or an opaque value.
//! Symbols are canonicalized through variables assigned exactly once (`n =
//! a.shape[0]`), through allocations (`b = np.zeros(n)` gives `b.shape[0] ≡ n`)
//! and through `+`/`-` of constants, so that `for i in range(n): b[i]` sees
//! `i ≤ n - 1` and `b.shape[0] ≡ n`.
//!
//! Reads: the IR of one function. A variable assigned exactly once holds that
//! value wherever it can be read without raising `UnboundLocalError`; a loop
//! index read through its variable inside the loop is the loop index.

use std::collections::HashMap;

use crate::ir::{BinaryOp, Block, Function, Inst, Op, Slot, Stmt, Value, ValueDef};
use crate::middle::util::{block_tree, stores_by_slot};

/// Identity of an array for shape reasoning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArrayKey {
    /// A variable assigned once.
    Slot(Slot),
    /// A specific value (a parameter, or a load of a variable assigned several times).
    Value(Value),
}

/// The symbolic part of a bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Base {
    Zero,
    /// Size of an array's dimension: known to be `>= 0`.
    Dim(ArrayKey, u8),
    /// Some integer, known only by identity.
    Opaque(Value),
}

/// `base + offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Affine {
    pub base: Base,
    pub offset: i64,
}

impl Affine {
    pub fn constant(c: i64) -> Affine {
        Affine { base: Base::Zero, offset: c }
    }

    fn shift(self, c: i64) -> Option<Affine> {
        Some(Affine { base: self.base, offset: self.offset.checked_add(c)? })
    }

    /// Provably `>= 0`.
    pub fn nonneg(&self) -> bool {
        match self.base {
            Base::Zero | Base::Dim(..) => self.offset >= 0,
            Base::Opaque(_) => false,
        }
    }

    /// Provably `self <= other - 1`.
    pub fn less_than(&self, other: &Affine) -> bool {
        if self.base == other.base {
            return self.offset < other.offset;
        }
        // A constant below a dimension plus an offset: dims are >= 0.
        self.base == Base::Zero && matches!(other.base, Base::Dim(..)) && self.offset < other.offset
    }
}

/// Inclusive bounds of an integer value, where known.
#[derive(Clone, Copy, Debug, Default)]
pub struct Range {
    pub lo: Option<Affine>,
    pub hi: Option<Affine>,
}

pub struct RangeInfo<'f> {
    f: &'f Function,
    /// Slots stored exactly once, with the stored value and the storing instruction.
    single: HashMap<Slot, (Inst, Value)>,
    inst_block: HashMap<Inst, Block>,
    parent: HashMap<Block, Block>,
    /// The `For` statement owning each loop body.
    loops: HashMap<Block, (Value, Value, Value)>,
}

impl<'f> RangeInfo<'f> {
    pub fn new(f: &'f Function) -> RangeInfo<'f> {
        let single = stores_by_slot(f).into_iter().filter(|(_, v)| v.len() == 1).map(|(s, v)| (s, v[0])).collect();
        let (inst_block, parent) = block_tree(f);
        let mut loops = HashMap::new();
        for b in f.blocks_preorder() {
            for s in &f.blocks[b].stmts {
                if let Stmt::For { body, start, stop, step, .. } = s {
                    loops.insert(*body, (*start, *stop, *step));
                }
            }
        }
        RangeInfo { f, single, inst_block, parent, loops }
    }

    fn op(&self, v: Value) -> Option<(&Op, &[Value], Inst)> {
        let i = self.f.def_inst(v)?;
        let d = &self.f.insts[i];
        Some((&d.op, &d.args, i))
    }

    fn is_inside(&self, mut b: Block, outer: Block) -> bool {
        loop {
            if b == outer {
                return true;
            }
            match self.parent.get(&b) {
                Some(p) => b = *p,
                None => return false,
            }
        }
    }

    /// The value a load of a variable assigned once stands for at this read.
    fn through_single_load(&self, load: Inst, s: Slot) -> Option<Value> {
        let (_, stored) = *self.single.get(&s)?;
        if let ValueDef::LoopIndex(body) = self.f.values[stored].def {
            // Inside its loop, the variable is the index; after it, the last value.
            let at = *self.inst_block.get(&load)?;
            return self.is_inside(at, body).then_some(stored);
        }
        Some(stored)
    }

    /// The identity of an array value.
    pub fn array_key(&self, v: Value) -> ArrayKey {
        match self.op(v) {
            Some((Op::Load(s), _, i)) if self.single.contains_key(s) => match self.through_single_load(i, *s) {
                Some(stored) => match self.op(stored) {
                    Some((Op::ArrayAlloc(_), _, _)) => ArrayKey::Slot(*s),
                    _ => self.array_key(stored),
                },
                None => ArrayKey::Value(v),
            },
            Some((Op::Convert, args, _)) => self.array_key(args[0]),
            _ => ArrayKey::Value(v),
        }
    }

    /// The size of dimension `d` of array `v`, symbolically.
    pub fn dim(&self, v: Value, d: u8) -> Affine {
        // An allocation's dimensions are its operands.
        let alloc_dims = |val: Value| -> Option<Vec<Value>> {
            match self.op(val)? {
                (Op::ArrayAlloc(_), args, _) => Some(args.to_vec()),
                _ => None,
            }
        };
        let mut cur = v;
        loop {
            if let Some(dims) = alloc_dims(cur) {
                return dims.get(d as usize).map_or(Affine { base: Base::Opaque(v), offset: 0 }, |x| self.sym(*x));
            }
            match self.op(cur) {
                Some((Op::Load(s), _, i)) => match self.through_single_load(i, *s) {
                    Some(stored) => cur = stored,
                    None => break,
                },
                Some((Op::Convert, args, _)) => cur = args[0],
                _ => break,
            }
        }
        Affine { base: Base::Dim(self.array_key(v), d), offset: 0 }
    }

    /// The canonical symbolic form of an `int` value.
    pub fn sym(&self, v: Value) -> Affine {
        self.sym_depth(v, 0)
    }

    fn sym_depth(&self, v: Value, depth: u32) -> Affine {
        let opaque = Affine { base: Base::Opaque(v), offset: 0 };
        if depth > 32 {
            return opaque;
        }
        match self.op(v) {
            Some((Op::Const(crate::ir::Const::Int(c)), _, _)) => Affine::constant(*c),
            Some((Op::ArrayDim(d), args, _)) => self.dim(args[0], *d),
            Some((Op::Load(s), _, i)) => match self.through_single_load(i, *s) {
                Some(stored) => self.sym_depth(stored, depth + 1),
                None => opaque,
            },
            Some((Op::Binary(BinaryOp::Add), args, _)) => match (self.const_of(args[1]), self.const_of(args[0])) {
                (Some(c), _) => self.sym_depth(args[0], depth + 1).shift(c).unwrap_or(opaque),
                (_, Some(c)) => self.sym_depth(args[1], depth + 1).shift(c).unwrap_or(opaque),
                _ => opaque,
            },
            Some((Op::Binary(BinaryOp::Sub), args, _)) => match self.const_of(args[1]) {
                Some(c) => c.checked_neg().and_then(|n| self.sym_depth(args[0], depth + 1).shift(n)).unwrap_or(opaque),
                None => opaque,
            },
            Some((Op::Convert, args, _)) if self.f.ty(args[0]).is_int_like() => self.sym_depth(args[0], depth + 1),
            _ => opaque,
        }
    }

    fn const_of(&self, v: Value) -> Option<i64> {
        match self.op(v) {
            Some((Op::Const(crate::ir::Const::Int(c)), _, _)) => Some(*c),
            _ => None,
        }
    }

    /// Inclusive bounds of an `int` value.
    pub fn range(&self, v: Value) -> Range {
        self.range_depth(v, 0)
    }

    fn range_depth(&self, v: Value, depth: u32) -> Range {
        if depth > 32 {
            return Range::default();
        }
        if let ValueDef::LoopIndex(body) = self.f.values[v].def {
            if let Some(&(start, stop, step)) = self.loops.get(&body) {
                return match self.const_of(step) {
                    Some(s) if s > 0 => Range { lo: Some(self.sym(start)), hi: self.sym(stop).shift(-1) },
                    Some(s) if s < 0 => Range { lo: self.sym(stop).shift(1), hi: Some(self.sym(start)) },
                    _ => Range::default(),
                };
            }
        }
        let exact = |a: Affine| Range { lo: Some(a), hi: Some(a) };
        match self.op(v) {
            Some((Op::Load(s), _, i)) => match self.through_single_load(i, *s) {
                Some(stored) => self.range_depth(stored, depth + 1),
                None => Range::default(),
            },
            Some((Op::Binary(op @ (BinaryOp::Add | BinaryOp::Sub)), args, _)) => {
                let c = match (op, self.const_of(args[1])) {
                    (BinaryOp::Add, Some(c)) => Some((args[0], c)),
                    (BinaryOp::Sub, Some(c)) => c.checked_neg().map(|n| (args[0], n)),
                    (BinaryOp::Add, None) => self.const_of(args[0]).map(|c| (args[1], c)),
                    _ => None,
                };
                match c {
                    Some((x, c)) => {
                        let r = self.range_depth(x, depth + 1);
                        Range { lo: r.lo.and_then(|a| a.shift(c)), hi: r.hi.and_then(|a| a.shift(c)) }
                    }
                    None => Range::default(),
                }
            }
            Some((Op::Binary(BinaryOp::Mod), args, _)) if self.f.ty(v).is_int_like() => {
                // Python and NumPy `%` take the divisor's sign: a non-negative
                // divisor gives a result in [0, divisor - 1] (0 for a zero
                // divisor in NumPy, which raises in Python).
                let m = self.sym(args[1]);
                if m.nonneg() {
                    Range { lo: Some(Affine::constant(0)), hi: if m.base == Base::Zero && m.offset > 0 { m.shift(-1) } else { None } }
                } else {
                    Range { lo: None, hi: None }
                }
            }
            Some((Op::Convert, args, _)) if self.f.ty(args[0]).is_int_like() => self.range_depth(args[0], depth + 1),
            _ => exact(self.sym(v)),
        }
    }

    /// Whether `x % m`-style indices on an axis of size `dim` are non-negative
    /// because `m` is that very size (sizes are `>= 0`).
    pub fn mod_by(&self, idx: Value, dim: &Affine) -> bool {
        let mut v = idx;
        for _ in 0..8 {
            match self.op(v) {
                Some((Op::Binary(BinaryOp::Mod), args, _)) => return self.sym(args[1]) == *dim,
                Some((Op::Convert, args, _)) | Some((Op::Load(_), args, _)) if !args.is_empty() => v = args[0],
                Some((Op::Load(s), _, i)) => match self.through_single_load(i, *s) {
                    Some(st) => v = st,
                    None => return false,
                },
                _ => return false,
            }
        }
        false
    }
}
