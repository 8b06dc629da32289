//! How the body of a parallel `for` loop uses the function's locals: which
//! slots it reads, writes, and reads before writing them in the same
//! iteration, and whether control can leave the loop other than by finishing
//! an iteration.
//!
//! Used by lowering (a slot written by every iteration and read before it is
//! written, without a `reduction` clause, is a data race: a compile error)
//! and by the back end (which outlines an eligible body into a function the
//! thread pool runs on chunks of the iteration range).
//!
//! Invariant: conservative. A store counts as "surely before" a later load
//! only when it is a statement of an enclosing block of that load, earlier in
//! the same iteration; stores inside branches or inner loops do not count
//! after them.

use std::collections::BTreeSet;

use std::collections::HashMap;

use crate::ir::{Block, Function, Op, Slot, Stmt};

#[derive(Debug, Default, Clone)]
pub struct LoopSlots {
    pub loaded: BTreeSet<Slot>,
    pub stored: BTreeSet<Slot>,
    /// Loaded at a point where no store of the same iteration surely precedes it.
    pub read_before_write: BTreeSet<Slot>,
    /// A `break` out of the loop, a `return`, or a `try` (whose handlers the
    /// outlined body would not see) in the body.
    pub escapes: bool,
}

/// Classifies the slots of the loop body `body`.
pub fn classify(f: &Function, body: Block) -> LoopSlots {
    let mut out = LoopSlots::default();
    walk(f, body, &mut BTreeSet::new(), 0, &mut out);
    out
}

fn walk(f: &Function, blk: Block, defined: &mut BTreeSet<Slot>, loops: u32, out: &mut LoopSlots) {
    for s in &f.blocks[blk].stmts {
        match s {
            Stmt::Inst(i) => match f.insts[*i].op {
                Op::Load(slot) => {
                    out.loaded.insert(slot);
                    if !defined.contains(&slot) {
                        out.read_before_write.insert(slot);
                    }
                }
                Op::Store(slot) => {
                    out.stored.insert(slot);
                    defined.insert(slot);
                }
                _ => {}
            },
            Stmt::If { then_block, else_block, .. } => {
                walk(f, *then_block, &mut defined.clone(), loops, out);
                walk(f, *else_block, &mut defined.clone(), loops, out);
            }
            Stmt::For { body, orelse, .. } => {
                walk(f, *body, &mut defined.clone(), loops + 1, out);
                if let Some(o) = orelse {
                    walk(f, *o, &mut defined.clone(), loops, out);
                }
            }
            Stmt::While { header, body, orelse, .. } => {
                let mut inner = defined.clone();
                walk(f, *header, &mut inner, loops + 1, out);
                walk(f, *body, &mut inner, loops + 1, out);
                if let Some(o) = orelse {
                    walk(f, *o, &mut defined.clone(), loops, out);
                }
            }
            Stmt::Kernel(k) => walk(f, k.body, &mut defined.clone(), loops, out),
            Stmt::Break(n) if *n >= loops => out.escapes = true,
            Stmt::Return(_) | Stmt::Try(_) | Stmt::Reraise => out.escapes = true,
            Stmt::Break(_) | Stmt::Continue | Stmt::Raise => {}
        }
    }
}

/// Why the parallel loop with body `body` must run serially to keep
/// CPython's results, or `None` when its iterations can run on the pool.
pub fn serial_reason(f: &Function, body: Block, reductions: &[Slot]) -> Option<String> {
    let uses = classify(f, body);
    if uses.escapes {
        return Some("its body can leave the loop (`break`, `return`, `try`)".into());
    }
    if let Some(s) = uses.stored.iter().find(|s| f.slots[**s].ty.has_refs()) {
        return Some(format!("it assigns `{}`, which holds a reference-counted value", f.slots[*s].name));
    }
    let after = loads_after_loop(f, body);
    for s in &uses.stored {
        if !reductions.contains(s) && after.contains_key(s) {
            return Some(format!(
                "`{}` is assigned in the loop and read after it (CPython sees the last iteration's value)",
                f.slots[*s].name
            ));
        }
    }
    None
}

/// The slots that may be loaded after the loop with body `body` finishes:
/// in its `else`, in the statements that follow it and those that follow
/// each enclosing statement, anywhere else in an enclosing loop (its next
/// iteration) and in the handlers of an enclosing `try`. The other arm of an
/// enclosing `if` (such as the other copy of a versioned loop) is not after it.
fn loads_after_loop(f: &Function, body: Block) -> HashMap<Slot, usize> {
    let owner = crate::middle::util::block_owners(f);
    let mut out = HashMap::new();
    let mut cur = body;
    while let Some(&(blk, k)) = owner.get(&cur) {
        let stmt = &f.blocks[blk].stmts[k];
        let again: Vec<Block> = match stmt {
            Stmt::For { orelse, .. } if cur == body => orelse.iter().copied().collect(),
            Stmt::For { .. } | Stmt::While { .. } => stmt.child_blocks(),
            Stmt::Try(_) => stmt.child_blocks().into_iter().filter(|c| *c != cur).collect(),
            _ => Vec::new(),
        };
        for c in again {
            count_loads_except(f, c, body, &mut out);
        }
        for s in &f.blocks[blk].stmts[k + 1..] {
            if let Stmt::Inst(i) = s {
                if let Op::Load(slot) = f.insts[*i].op {
                    *out.entry(slot).or_default() += 1;
                }
            }
            for c in s.child_blocks() {
                count_loads_except(f, c, body, &mut out);
            }
        }
        cur = blk;
    }
    out
}

/// Every slot loaded in `blk` and its nested blocks, counted, except in block `skip`.
fn count_loads_except(f: &Function, blk: Block, skip: Block, out: &mut HashMap<Slot, usize>) {
    if blk == skip {
        return;
    }
    for s in &f.blocks[blk].stmts {
        if let Stmt::Inst(i) = s {
            if let Op::Load(slot) = f.insts[*i].op {
                *out.entry(slot).or_default() += 1;
            }
        }
        for c in s.child_blocks() {
            count_loads_except(f, c, skip, out);
        }
    }
}
