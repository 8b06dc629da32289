//! Bounds-check elimination.
//!
//! For every element access and `CheckIndex`, range analysis
//! (`middle::analysis::range`) tries to prove the index non-negative and
//! below the axis size. A proven-safe index becomes `Unchecked`; a
//! non-negative one becomes `NonNegChecked` (no wrap-around, one unsigned
//! compare). A `CheckIndex` proven safe is removed and its result replaced
//! by the index itself. Checks that remain inside loops are reported, with
//! the reason, for `--report`. Checks that a loop-invariant test would
//! remove are handed to `loop_version`, which versions their loop.
//!
//! Uses: range analysis (per function, not cached). Preserves: nothing
//! cached except effects' shape (conservatively: nothing).

use std::collections::{HashMap, HashSet};

use crate::ir::{Function, IndexMode, Inst, Module, Op, Stmt, Value};
use crate::middle::analysis::range::RangeInfo;
use crate::middle::opt::loop_version;
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::middle::util::replace_uses;

pub struct Bce;

impl Pass for Bce {
    fn name(&self) -> &'static str {
        "bce"
    }

    fn run(&self, m: &mut Module, _am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult {
        let mut changed = false;
        for f in m.funcs.values_mut() {
            changed |= bce_function(f, remarks);
        }
        PassResult::changed(changed)
    }
}

/// The weakest safe mode for `idx` on axis `axis` of array `arr`, and why a check stays.
fn decide(ri: &RangeInfo, arr: Value, axis: u8, idx: Value, current: IndexMode) -> (IndexMode, Option<&'static str>) {
    if current == IndexMode::Unchecked {
        return (current, None);
    }
    let dim = ri.dim(arr, axis);
    let r = ri.range(idx);
    let nonneg = r.lo.is_some_and(|lo| lo.nonneg()) || ri.mod_by(idx, &dim);
    let below = r.hi.is_some_and(|hi| hi.less_than(&dim));
    match (nonneg, below) {
        (true, true) => (IndexMode::Unchecked, None),
        (true, false) => (IndexMode::NonNegChecked, Some("the index is not provably below the axis size")),
        (false, true) => (current, Some("the index may be negative")),
        (false, false) => (current, Some("the index's range is unknown")),
    }
}

fn bce_function(f: &mut Function, remarks: &mut Vec<Remark>) -> bool {
    let mut updates: Vec<(Inst, Op)> = Vec::new();
    let mut removed: HashMap<Value, Value> = HashMap::new();
    // Checks still needed inside loops: (instruction, axis, array, index, span, why, mode).
    let mut kept = Vec::new();
    let mut plan = {
        let ri = RangeInfo::new(f);
        let loop_depth = loop_depths(f);
        for (i, d) in f.insts.iter() {
            match &d.op {
                Op::ArrayGet(modes) | Op::ArraySet(modes) => {
                    let first_index = if matches!(d.op, Op::ArraySet(_)) { 2 } else { 1 };
                    let mut new = modes.clone();
                    for (axis, mode) in new.iter_mut().enumerate() {
                        let idx = d.args[first_index + axis];
                        let (m, why) = decide(&ri, d.args[0], axis as u8, idx, *mode);
                        *mode = m;
                        if let Some(why) = why {
                            if loop_depth.get(&i).copied().unwrap_or(0) > 0 {
                                kept.push((i, axis, d.args[0], idx, d.span, why, m));
                            }
                        }
                    }
                    if new != *modes {
                        let op = if matches!(d.op, Op::ArraySet(_)) { Op::ArraySet(new) } else { Op::ArrayGet(new) };
                        updates.push((i, op));
                    }
                }
                Op::CheckIndex { axis, mode } => {
                    let (m, why) = decide(&ri, d.args[0], *axis, d.args[1], *mode);
                    if m == IndexMode::Unchecked {
                        removed.insert(d.results[0], d.args[1]);
                    } else if m != *mode {
                        updates.push((i, Op::CheckIndex { axis: *axis, mode: m }));
                    }
                    if let Some(why) = why {
                        if loop_depth.get(&i).copied().unwrap_or(0) > 0 {
                            kept.push((i, *axis as usize, d.args[0], d.args[1], d.span, why, m));
                        }
                    }
                }
                _ => {}
            }
        }
        let candidates: Vec<(Inst, usize, Value, Value)> = kept.iter().map(|k| (k.0, k.1, k.2, k.3)).collect();
        loop_version::plan(f, &ri, &candidates)
    };
    let mut changed = !updates.is_empty() || !removed.is_empty();
    for (i, op) in updates {
        f.insts[i].op = op;
    }
    if !removed.is_empty() {
        // Drop the removed checks and read their indices directly.
        for b in f.blocks.values_mut() {
            b.stmts.retain(|s| match s {
                Stmt::Inst(i) => !f.insts[*i].results.iter().any(|r| removed.contains_key(r)),
                _ => true,
            });
        }
        replace_uses(f, &removed);
        loop_version::remap(&mut plan, &removed);
    }
    let mut versioned_checks = HashSet::new();
    for v in loop_version::apply(f, plan) {
        changed = true;
        remarks.push(Remark {
            pass: "bce",
            function: f.py_name.clone(),
            span: v.span,
            message: format!(
                "loop versioned: {} bounds check{} inside removed when `{}` (tested once before the loop; otherwise the checked loop runs)",
                v.checks.len(),
                if v.checks.len() == 1 { "" } else { "s" },
                v.test
            ),
        });
        versioned_checks.extend(v.checks);
    }
    for (i, axis, _, _, span, why, mode) in kept {
        if versioned_checks.contains(&(i, axis)) {
            continue;
        }
        let what = if mode == IndexMode::NonNegChecked { "upper-bound check kept" } else { "bounds check kept" };
        remarks.push(Remark { pass: "bce", function: f.py_name.clone(), span, message: format!("{what} on axis {axis}: {why}") });
    }
    changed
}

/// Loop nesting depth of every instruction.
fn loop_depths(f: &Function) -> HashMap<Inst, u32> {
    let mut out = HashMap::new();
    let mut stack = vec![(f.body, 0u32)];
    while let Some((b, depth)) = stack.pop() {
        for s in &f.blocks[b].stmts {
            match s {
                Stmt::Inst(i) => {
                    out.insert(*i, depth);
                }
                Stmt::For { body, orelse, .. } => {
                    stack.push((*body, depth + 1));
                    if let Some(o) = orelse {
                        stack.push((*o, depth));
                    }
                }
                Stmt::While { header, body, orelse, .. } => {
                    stack.push((*header, depth + 1));
                    stack.push((*body, depth + 1));
                    if let Some(o) = orelse {
                        stack.push((*o, depth));
                    }
                }
                other => {
                    for c in other.child_blocks() {
                        stack.push((c, depth));
                    }
                }
            }
        }
    }
    out
}
