//! Integers that are affine in a vectorized loop's index, modulo a power of
//! two: the facts behind strength reduction in `back/loop_simd.rs`.
//!
//! A fact `v ≡ a·i + b (mod 2^k)` says how an `int` of the loop body
//! relates to the loop index `i`. Integer arithmetic wraps (mod 2^64), and
//! reducing modulo 2^k commutes with `+`, `-` and `*` for every k ≤ 64, so:
//!
//! - the index is `1·i + 0 (mod 2^64)`, a constant `c` is `0·i + c`;
//! - `x ± y` and `-x` combine the facts, with the smaller modulus;
//! - `x * c` for a constant `c` scales both coefficients;
//! - `x % 2^j` and `x & (2^j - 1)` (the same bits in two's complement), with
//!   `j ≤ k`, is *exactly* `(a·i + b) mod 2^j`.
//!
//! A fact with k = 64 is exact too (wrapping arithmetic is arithmetic mod
//! 2^64). An exact value can be produced without computing the operations
//! that led to it: keep `a·i + b` as its own induction variable, advanced by
//! `a·step` per iteration, and mask it when k < 64. `pi_lcg`'s
//! `s = (1103515245 * (i + 12345) + 12345) % 2147483648` becomes one vector
//! add and one mask per iteration instead of two adds, a multiply and a mask;
//! the second step of its generator, fed by `s`, is affine in `i` as well.
//!
//! Ints from before the loop (`seed` in `(a * (i + seed) + c) % m`) enter
//! as symbolic terms: the induction variable starts at `a·i0 + b + Σ c·x`.
//!
//! [`plan`] decides, for a body that `loop_vector::plan` accepted, which
//! exact values to take from induction variables and which instructions
//! then have no use left (skipped). Reads: the body's IR only. Slots carry
//! facts from a store to the loads after it in the same iteration.

use std::collections::{HashMap, HashSet};

use crate::ir::{BinaryOp, Block, Function, Inst, Op, Slot, Stmt, UnaryOp, Value};
use crate::middle::util::const_int;
use crate::types::Type;

/// `v ≡ a·i + b + Σ c·x (mod 2^bits)`, where the `x` are ints from before
/// the loop (`seed` in `i + seed`), and whether `v` equals that residue
/// exactly (so it can be rebuilt from `a·i + b + Σ c·x` alone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affine {
    pub a: i64,
    pub b: i64,
    /// Loop-invariant terms `(x, c)`, sorted by value, no zero coefficients.
    pub inv: Vec<(Value, i64)>,
    pub bits: u32,
    pub exact: bool,
}

/// What identifies an induction variable: `a`, `b` and the invariant terms
/// (values of different moduli share one, masked differently).
pub type IvKey = (i64, i64, Vec<(Value, i64)>);

impl Affine {
    pub fn iv_key(&self) -> IvKey {
        (self.a, self.b, self.inv.clone())
    }

    fn constant(c: i64) -> Affine {
        Affine { a: 0, b: c, inv: Vec::new(), bits: 64, exact: true }
    }

    /// `self + k · other`, with the smaller modulus (exact only at 64 bits).
    fn add_scaled(&self, other: &Affine, k: i64) -> Affine {
        let mut inv = self.inv.clone();
        for (x, c) in &other.inv {
            match inv.iter_mut().find(|(y, _)| y == x) {
                Some((_, d)) => *d = d.wrapping_add(c.wrapping_mul(k)),
                None => inv.push((*x, c.wrapping_mul(k))),
            }
        }
        inv.retain(|(_, c)| *c != 0);
        inv.sort_by_key(|(x, _)| *x);
        let bits = self.bits.min(other.bits);
        Affine {
            a: self.a.wrapping_add(other.a.wrapping_mul(k)),
            b: self.b.wrapping_add(other.b.wrapping_mul(k)),
            inv,
            bits,
            exact: bits == 64,
        }
    }

    fn scaled(&self, k: i64) -> Affine {
        let inv = self.inv.iter().map(|(x, c)| (*x, c.wrapping_mul(k))).filter(|(_, c)| *c != 0).collect();
        Affine { a: self.a.wrapping_mul(k), b: self.b.wrapping_mul(k), inv, bits: self.bits, exact: self.bits == 64 }
    }

    /// The mask of the residue (all ones for 64 bits).
    pub fn mask(&self) -> i64 {
        if self.bits >= 64 {
            -1
        } else {
            (1i64 << self.bits) - 1
        }
    }
}

/// Which body values come from induction variables.
#[derive(Debug, Default)]
pub struct AffinePlan {
    /// Values rebuilt from `a·i + b` (masked when `bits < 64`).
    pub from_iv: HashMap<Value, Affine>,
    /// Instructions whose results nothing needs any more, and stores into
    /// slots nothing reads afterwards.
    pub skipped: HashSet<Inst>,
    /// Whether anything still reads the loop index itself.
    pub index_needed: bool,
}

/// The facts of every affine `int` in the body, in order.
fn facts(f: &Function, body: Block, index: Value) -> HashMap<Value, Affine> {
    let mut out: HashMap<Value, Affine> = HashMap::new();
    out.insert(index, Affine { a: 1, b: 0, inv: Vec::new(), bits: 64, exact: true });
    let mut stored: HashMap<Slot, Value> = HashMap::new();
    let defined_here: HashSet<Value> = f.blocks[body]
        .stmts
        .iter()
        .filter_map(|s| match s {
            Stmt::Inst(i) => Some(f.insts[*i].results.iter().copied()),
            _ => None,
        })
        .flatten()
        .collect();
    let fact = |out: &HashMap<Value, Affine>, v: Value| -> Option<Affine> {
        if let Some(a) = out.get(&v) {
            return Some(a.clone());
        }
        if let Some(c) = const_int(f, v) {
            return Some(Affine::constant(c));
        }
        // An int from before the loop: a symbolic invariant term.
        (v != index && !defined_here.contains(&v) && f.ty(v) == &Type::Int).then(|| Affine { inv: vec![(v, 1)], ..Affine::constant(0) })
    };
    for s in &f.blocks[body].stmts {
        let Stmt::Inst(i) = s else { continue };
        let d = &f.insts[*i];
        let Some(&r) = d.results.first() else {
            if let Op::Store(sl) = d.op {
                stored.insert(sl, d.args[0]);
            }
            continue;
        };
        if f.ty(r) != &Type::Int {
            continue;
        }
        let arg = |n: usize| fact(&out, d.args[n]);
        let combined = match &d.op {
            Op::Load(sl) => stored.get(sl).and_then(|w| fact(&out, *w)),
            Op::Unary(UnaryOp::Neg) => arg(0).map(|x| x.scaled(-1)),
            Op::Unary(UnaryOp::Pos) => arg(0),
            Op::Binary(op @ (BinaryOp::Add | BinaryOp::Sub)) => match (arg(0), arg(1)) {
                (Some(x), Some(y)) => Some(x.add_scaled(&y, if *op == BinaryOp::Add { 1 } else { -1 })),
                _ => None,
            },
            Op::Binary(BinaryOp::Mul) => match (arg(0), arg(1), const_int(f, d.args[0]), const_int(f, d.args[1])) {
                (_, Some(y), Some(c), _) | (Some(y), _, _, Some(c)) => Some(y.scaled(c)),
                _ => None,
            },
            Op::Binary(op @ (BinaryOp::Mod | BinaryOp::BitAnd)) => {
                // x % 2^j (j < 64) or x & (2^j - 1): the low j bits.
                let j = match (op, const_int(f, d.args[1])) {
                    (BinaryOp::Mod, Some(c)) if c > 0 && (c as u64).is_power_of_two() => Some(c.trailing_zeros()),
                    (BinaryOp::BitAnd, Some(m)) if m > 0 && ((m as u64) + 1).is_power_of_two() => Some(m.count_ones()),
                    _ => None,
                };
                match (j, arg(0)) {
                    (Some(j), Some(x)) if j <= x.bits && j < 64 => {
                        // Only the low j bits of each coefficient matter.
                        let mask = (1i64 << j) - 1;
                        let inv = x.inv.iter().map(|(v, c)| (*v, c & mask)).filter(|(_, c)| *c != 0).collect();
                        Some(Affine { a: x.a & mask, b: x.b & mask, inv, bits: j, exact: true })
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(c) = combined {
            out.insert(r, c);
        }
    }
    out
}

/// Which values of the body to take from induction variables, and which
/// instructions that leaves without a use. Values stored into slots, and
/// operands of anything that is not an affine operation, must exist as
/// vectors; an exact affine value comes from its induction variable, any
/// other value is computed as before.
///
/// `kept` are the slots whose stores must stay (read after the loop, or
/// summed); a store into any other slot stays only while a later load of
/// it in the same iteration is needed.
pub fn plan(f: &Function, body: Block, index: Value, kept: &HashSet<Slot>) -> AffinePlan {
    let facts = facts(f, body, index);
    let stmts = &f.blocks[body].stmts;
    let mut needed: HashSet<Value> = HashSet::new();
    // Slots whose value a needed load (later in the iteration) reads.
    let mut loaded: HashSet<Slot> = HashSet::new();
    let mut out = AffinePlan::default();
    for s in stmts.iter().rev() {
        let Stmt::Inst(i) = s else { continue };
        let d = &f.insts[*i];
        let result = d.results.first().copied();
        match d.op {
            Op::Store(sl) => {
                if kept.contains(&sl) || loaded.remove(&sl) {
                    needed.insert(d.args[0]);
                } else {
                    out.skipped.insert(*i);
                }
                continue;
            }
            Op::Load(sl) => {
                if result.is_some_and(|r| needed.contains(&r)) {
                    loaded.insert(sl);
                }
                continue;
            }
            _ => {}
        }
        let affine_op = matches!(
            d.op,
            Op::Binary(BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Mod | BinaryOp::BitAnd)
                | Op::Unary(UnaryOp::Neg | UnaryOp::Pos)
        );
        let fact = result.and_then(|r| facts.get(&r).cloned());
        match (affine_op, fact) {
            // Worth an induction variable only when it replaces work.
            (true, Some(c)) if c.exact && c.a != 0 => {
                if needed.contains(&result.expect("has a fact")) {
                    out.from_iv.insert(result.expect("checked"), c);
                }
                out.skipped.insert(*i);
            }
            (true, Some(_)) if !needed.contains(&result.expect("has a fact")) => {
                out.skipped.insert(*i);
            }
            _ => needed.extend(d.args.iter().copied()),
        }
    }
    // A skipped instruction's result is read only by skipped instructions
    // or comes from its induction variable; nothing else changes.
    out.index_needed = needed.contains(&index);
    out
}
