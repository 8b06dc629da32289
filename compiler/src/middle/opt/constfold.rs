//! Constant folding and propagation.
//!
//! Folding: an operation on Python scalars (`int`, `float`, `bool`) whose
//! operands are constants becomes a constant, with kiln's run-time
//! semantics exactly (int64 wrap-around; Python's floor division and modulo;
//! IEEE float arithmetic). Operations that could raise or whose result is not
//! a plain machine operation (`**`, shifts, float `//` and `%`, division by
//! zero, `int(float)`) are left alone. NumPy scalars are not folded.
//! An `if` on a constant condition is replaced by the branch it takes (the
//! statements after a branch that always leaves are dropped with it).
//!
//! Propagation: a `Load` whose reaching definitions (`UseDef`) are all
//! stores of one and the same constant becomes that constant (never when the
//! slot may be unassigned on some path: `Def::Entry`).
//!
//! Uses: `UseDef`. Preserves: nothing.

use std::collections::HashSet;

use crate::ir::{BinaryOp, Block, CmpOp, Const, Function, Inst, Module, Op, Stmt, UnaryOp, Value};
use crate::middle::analysis::usedef::{Def, UseDef};
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::types::Type;

pub struct ConstFold;

impl Pass for ConstFold {
    fn name(&self) -> &'static str {
        "constfold"
    }

    fn run(&self, m: &mut Module, am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let ud = am.get::<UseDef>(m).clone();
        let mut changed = false;
        for (id, f) in m.funcs.iter_mut() {
            if f.dead {
                continue;
            }
            if let Some(u) = ud.funcs.get(&id) {
                changed |= propagate(f, u, remarks);
            }
            changed |= fold_function(f);
            changed |= fold_branches(f, f.body, remarks);
        }
        PassResult::changed(changed)
    }
}

/// The constant `v` is, if it is defined by `Op::Const`.
pub fn const_of(f: &Function, v: Value) -> Option<Const> {
    match f.def_inst(v).map(|i| &f.insts[i].op) {
        Some(Op::Const(c)) => Some(c.clone()),
        _ => None,
    }
}

/// Equality of constants as values of one type (floats by bit pattern).
fn same_const(a: &Const, b: &Const) -> bool {
    match (a, b) {
        (Const::Float(x), Const::Float(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    }
}

fn propagate(f: &mut Function, u: &crate::middle::analysis::usedef::FuncUseDef, remarks: &mut Vec<Remark>) -> bool {
    let mut changed = false;
    let mut loads: Vec<(&Inst, _)> = u.reaching.iter().collect();
    loads.sort_by_key(|(l, _)| **l);
    for (l, defs) in loads {
        if !matches!(f.insts[*l].op, Op::Load(_)) || defs.is_empty() || defs.contains(&Def::Entry) {
            continue;
        }
        let mut value: Option<Const> = None;
        let mut ok = true;
        for d in defs {
            let Def::Store(s) = d else { unreachable!("entry excluded above") };
            match const_of(f, f.insts[*s].args[0]) {
                Some(c) if value.as_ref().is_none_or(|v| same_const(v, &c)) => value = Some(c),
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        let (true, Some(c)) = (ok, value) else { continue };
        // Only scalars: a constant string would be a new reference per load.
        if !matches!(c, Const::Int(_) | Const::Float(_) | Const::Bool(_)) {
            continue;
        }
        let Op::Load(slot) = f.insts[*l].op else { continue };
        if defs.len() > 1 || f.slots[slot].name.contains('$') {
            // Not worth a remark each: only merges of several stores are news.
        } else {
            remarks.push(Remark {
                pass: "constfold",
                function: f.py_name.clone(),
                span: f.insts[*l].span,
                message: format!("`{}` is the constant {} here", f.slots[slot].name, const_text(&c)),
            });
        }
        f.insts[*l].op = Op::Const(c);
        f.insts[*l].args.clear();
        changed = true;
    }
    changed
}

fn const_text(c: &Const) -> String {
    match c {
        Const::Int(i) => i.to_string(),
        Const::Float(x) => format!("{x:?}"),
        Const::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Const::None => "None".to_string(),
        Const::Str(s) => format!("{s:?}"),
    }
}

/// Folds every foldable operation, in program order (so chains fold in one run).
fn fold_function(f: &mut Function) -> bool {
    let mut changed = false;
    for b in f.blocks_preorder() {
        for k in 0..f.blocks[b].stmts.len() {
            let Stmt::Inst(i) = f.blocks[b].stmts[k] else { continue };
            if let Some(c) = fold_inst(f, i) {
                f.insts[i].op = Op::Const(c);
                f.insts[i].args.clear();
                changed = true;
            }
        }
    }
    changed
}

/// Python's floor division and modulo on int64 (`b != 0`, not `MIN // -1`).
fn py_divmod(a: i64, b: i64) -> (i64, i64) {
    let (q, r) = (a / b, a % b);
    if r != 0 && ((r < 0) != (b < 0)) {
        (q - 1, r + b)
    } else {
        (q, r)
    }
}

fn fold_inst(f: &Function, i: Inst) -> Option<Const> {
    let d = &f.insts[i];
    let rty = f.ty(*d.results.first()?);
    let args: Vec<Const> = d.args.iter().map(|a| const_of(f, *a)).collect::<Option<_>>()?;
    let arg_ty = |k: usize| f.ty(d.args[k]);
    use Const::{Bool as B, Float as F, Int as I};
    match (&d.op, args.as_slice()) {
        (Op::Binary(op), [I(x), I(y)]) if *rty == Type::Int => {
            let (x, y) = (*x, *y);
            Some(I(match op {
                BinaryOp::Add => x.wrapping_add(y),
                BinaryOp::Sub => x.wrapping_sub(y),
                BinaryOp::Mul => x.wrapping_mul(y),
                BinaryOp::FloorDiv if y != 0 && !(x == i64::MIN && y == -1) => py_divmod(x, y).0,
                BinaryOp::Mod if y != 0 && !(x == i64::MIN && y == -1) => py_divmod(x, y).1,
                BinaryOp::BitAnd => x & y,
                BinaryOp::BitOr => x | y,
                BinaryOp::BitXor => x ^ y,
                _ => return None,
            }))
        }
        (Op::Binary(op), [F(x), F(y)]) if *rty == Type::Float => Some(F(match op {
            BinaryOp::Add => x + y,
            BinaryOp::Sub => x - y,
            BinaryOp::Mul => x * y,
            BinaryOp::Div if *y != 0.0 => x / y,
            _ => return None,
        })),
        (Op::Compare(op), [I(x), I(y)]) if *arg_ty(0) == Type::Int && *arg_ty(1) == Type::Int => Some(B(cmp(*op, x, y))),
        (Op::Compare(op), [F(x), F(y)]) if *arg_ty(0) == Type::Float && *arg_ty(1) == Type::Float => Some(B(match op {
            CmpOp::Lt => x < y,
            CmpOp::Le => x <= y,
            CmpOp::Gt => x > y,
            CmpOp::Ge => x >= y,
            CmpOp::Eq => x == y,
            CmpOp::Ne => x != y,
        })),
        (Op::Compare(op), [B(x), B(y)]) if *arg_ty(0) == Type::Bool && *arg_ty(1) == Type::Bool => Some(B(cmp(*op, x, y))),
        (Op::Unary(UnaryOp::Neg), [I(x)]) if *rty == Type::Int => Some(I(x.wrapping_neg())),
        (Op::Unary(UnaryOp::Neg), [F(x)]) if *rty == Type::Float => Some(F(-x)),
        (Op::Unary(UnaryOp::Pos), [c @ (I(_) | F(_))]) if rty.is_python_scalar() => Some(c.clone()),
        (Op::Unary(UnaryOp::Not), [B(x)]) => Some(B(!x)),
        (Op::Unary(UnaryOp::Invert), [I(x)]) if *rty == Type::Int => Some(I(!x)),
        (Op::Truth, [I(x)]) if *arg_ty(0) == Type::Int => Some(B(*x != 0)),
        (Op::Truth, [F(x)]) if *arg_ty(0) == Type::Float => Some(B(*x != 0.0)),
        (Op::Truth, [B(x)]) if *arg_ty(0) == Type::Bool => Some(B(*x)),
        (Op::Convert, [I(x)]) if *arg_ty(0) == Type::Int && *rty == Type::Float => Some(F(*x as f64)),
        (Op::Convert, [B(x)]) if *arg_ty(0) == Type::Bool && *rty == Type::Int => Some(I(i64::from(*x))),
        (Op::Convert, [B(x)]) if *arg_ty(0) == Type::Bool && *rty == Type::Float => Some(F(if *x { 1.0 } else { 0.0 })),
        (Op::Select, [B(c), x, y]) if rty.is_python_scalar() && *rty != Type::Complex => Some(if *c { x.clone() } else { y.clone() }),
        _ => None,
    }
}

fn cmp<T: Ord>(op: CmpOp, x: &T, y: &T) -> bool {
    match op {
        CmpOp::Lt => x < y,
        CmpOp::Le => x <= y,
        CmpOp::Gt => x > y,
        CmpOp::Ge => x >= y,
        CmpOp::Eq => x == y,
        CmpOp::Ne => x != y,
    }
}

/// Replaces `if <constant>` by the branch taken, in `b` and below.
fn fold_branches(f: &mut Function, b: Block, remarks: &mut Vec<Remark>) -> bool {
    let mut changed = false;
    let mut k = 0;
    let mut seen: HashSet<Block> = HashSet::new();
    while k < f.blocks[b].stmts.len() {
        let s = f.blocks[b].stmts[k].clone();
        if let Stmt::If { cond, then_block, else_block } = s {
            if let Some(Const::Bool(c)) = const_of(f, cond) {
                let taken = if c { then_block } else { else_block };
                let inner = std::mem::take(&mut f.blocks[taken].stmts);
                let n = inner.len();
                let leaves = always_leaves_stmts(&inner);
                let span = f.def_inst(cond).map(|i| f.insts[i].span).unwrap_or(f.span);
                f.blocks[b].stmts.splice(k..=k, inner);
                if leaves {
                    f.blocks[b].stmts.truncate(k + n);
                }
                remarks.push(Remark {
                    pass: "constfold",
                    function: f.py_name.clone(),
                    span,
                    message: format!("the condition is always {}: kept only that branch", if c { "true" } else { "false" }),
                });
                changed = true;
                // Re-examine the spliced statements (they may hold more such `if`s).
                continue;
            }
        }
        for c in f.blocks[b].stmts[k].child_blocks() {
            if seen.insert(c) {
                changed |= fold_branches(f, c, remarks);
            }
        }
        k += 1;
    }
    changed
}

fn always_leaves_stmts(stmts: &[Stmt]) -> bool {
    matches!(stmts.last(), Some(Stmt::Return(_) | Stmt::Break(_) | Stmt::Continue | Stmt::Raise | Stmt::Reraise))
}
