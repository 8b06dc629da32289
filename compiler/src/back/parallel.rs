//! Code generation for parallel `for` loops (`#omp parallel for`): the loop
//! body is outlined into `body(ctx, lo, hi) -> status`, which runs the
//! iterations `lo..hi`, and the thread pool (`kiln_parallel_for`) runs it on
//! chunks of the iteration range.
//!
//! What crosses into the outlined function, through `ctx` (8-byte words):
//! `start`, `step`, every value the body uses that is defined before the
//! loop (arrays are borrowed: the caller keeps them alive), the current
//! contents of every slot the body touches, and one cell per reduction.
//! Each chunk keeps private copies of the slots; a `reduction(+:x)` slot
//! starts at zero in every chunk and its partial sum is added atomically to
//! its cell, which the caller adds to `x` after the loop.
//!
//! A loop runs serially instead (same results, as CPython) when its body
//! can leave the loop (`break`, `return`, `try`), writes a slot holding a
//! reference-counted value, or writes a slot that is read after the loop
//! (CPython would see the last iteration's value). Data races on locals are
//! compile errors, found in lowering (`middle/analysis/parallel_loop.rs`).
//!
//! Integer reductions are exact; float reductions are summed per chunk, so
//! their rounding can differ from CPython's sequential sum (as in OpenMP).

use std::collections::HashSet;

use cranelift_codegen::ir::{self as cl, condcodes::IntCC, types, InstBuilder, MemFlagsData};
use cranelift_module::Module as _;

use super::abi::parts;
use super::clif::{collect_uses, FunctionCx, LoopTargets};
use super::outline::CtxReader;
use crate::ir::{Block, Const, Op, Slot, Value};
use crate::middle::analysis::loop_vector::VectorPlan;
use crate::middle::analysis::parallel_loop;

impl FunctionCx<'_, '_> {
    /// Emits the parallel form of `for index in range(start, stop, step): body`,
    /// or returns false (emitting nothing) when the loop must run serially.
    #[allow(clippy::too_many_arguments)]
    pub fn parallel_for(
        &mut self,
        index: Value,
        start: Value,
        stop: Value,
        step: Value,
        body: Block,
        reductions: &[Slot],
        simd: Option<&VectorPlan>,
    ) -> bool {
        let f = self.f;
        if parallel_loop::serial_reason(f, body, reductions).is_some() {
            return false;
        }
        let uses = parallel_loop::classify(f, body);
        // Values defined before the loop (already translated) that the body reads.
        let mut used = Vec::new();
        for s in &f.blocks[body].stmts {
            collect_uses(f, s, &mut used);
        }
        let mut seen = HashSet::new();
        let captured: Vec<Value> = used.into_iter().filter(|v| !self.vals[*v].is_empty() && seen.insert(*v)).collect();
        let slots: Vec<Slot> = uses.loaded.union(&uses.stored).copied().filter(|s| !reductions.contains(s)).collect();

        // The context.
        let mut words: Vec<cl::Value> = vec![self.val(start), self.val(step)];
        for v in &captured {
            words.extend(self.vals[*v].clone());
        }
        for s in &slots {
            let vars = self.slot_vars[*s].clone();
            words.extend(vars.iter().map(|v| self.b.use_var(*v)));
        }
        let red_at = words.len();
        let zero = self.b.ins().iconst(types::I64, 0);
        words.extend(reductions.iter().map(|_| zero));
        let (slot, ctx) = self.store_ctx(&words);

        let (body_fn, can_fail) =
            self.emit_outlined("loop", |o, ctx, lo, hi| o.loop_chunk(index, body, &captured, &slots, reductions, simd, ctx, lo, hi));
        let body_ref = self.cx.obj.declare_func_in_func(body_fn, self.b.func);

        let (a, b, st) = (self.val(start), self.val(stop), self.val(step));
        let n = self.range_trip_count(a, b, st);
        let addr = self.b.ins().func_addr(types::I64, body_ref);
        let one = self.b.ins().iconst(types::I64, 1);
        // Float partial sums must be combined in the same grouping on every
        // run: one chunk per thread. Anything else balances dynamically.
        let float_reduction = reductions.iter().any(|s| !self.f.slots[*s].ty.is_int_like());
        let entry = if float_reduction { "kiln_parallel_for" } else { "kiln_parallel_for_dynamic" };
        let status = self.call_rt(entry, &[addr, ctx, n, one])[0];
        if can_fail {
            self.fail_if(status, |_| {});
        }
        // Partial sums into the reduction slots.
        for (k, s) in reductions.iter().enumerate() {
            let var = self.slot_vars[*s][0];
            let t = parts(&self.f.slots[*s].ty)[0];
            let cell_addr = self.b.ins().stack_addr(types::I64, slot, (8 * (red_at + k)) as i32);
            let cell = self.b.ins().load(t, MemFlagsData::new(), cell_addr, 0);
            let cur = self.b.use_var(var);
            let sum = if t.is_float() { self.b.ins().fadd(cur, cell) } else { self.b.ins().iadd(cur, cell) };
            self.b.def_var(var, sum);
        }
        true
    }

    /// The outlined function's code: iterations `lo..hi` of the loop.
    #[allow(clippy::too_many_arguments)]
    fn loop_chunk(
        &mut self,
        index: Value,
        body: Block,
        captured: &[Value],
        slots: &[Slot],
        reductions: &[Slot],
        simd: Option<&VectorPlan>,
        mut ctx: CtxReader,
        lo: cl::Value,
        hi: cl::Value,
    ) {
        let start = ctx.read(self, types::I64);
        let step = ctx.read(self, types::I64);
        let f = self.f;
        for v in captured {
            let words: Vec<cl::Value> = parts(f.ty(*v)).into_iter().map(|t| ctx.read(self, t)).collect();
            // An integer constant is rebuilt here rather than read, so that
            // Cranelift sees it: immediate operands, strength reduction.
            // (Not floats: Cranelift rematerializes a float constant in every
            // block that uses it, two instructions each time, where a value
            // read once stays in a register.)
            self.vals[*v] = match f.def_inst(*v).map(|i| &f.insts[i].op) {
                Some(Op::Const(c @ (Const::Int(_) | Const::Bool(_)))) => self.constant(c, f.ty(*v)),
                _ => words,
            };
        }
        // Every slot gets variables; the ones the body touches start with the caller's contents.
        for (s, d) in f.slots.iter() {
            let vars = parts(&d.ty)
                .into_iter()
                .map(|t| {
                    let var = self.b.declare_var(t);
                    let z = super::clif::zero(&mut self.b, t);
                    self.b.def_var(var, z);
                    var
                })
                .collect();
            self.slot_vars[s] = vars;
            if d.ty.has_refs() {
                // Borrowed from the caller, which outlives the loop.
                self.borrowed_slots.insert(s);
            }
        }
        for s in slots {
            for (var, t) in self.slot_vars[*s].clone().into_iter().zip(parts(&f.slots[*s].ty)) {
                let v = ctx.read(self, t);
                self.b.def_var(var, v);
            }
        }
        let cells: Vec<i32> = (0..reductions.len() as i32).map(|k| ctx.offset() + 8 * k).collect();

        // for t in lo..hi: index = start + t * step
        let lo = match simd {
            Some(plan) => {
                let off = self.b.ins().imul(lo, step);
                let first = self.b.ins().iadd(start, off);
                let count = self.b.ins().isub(hi, lo);
                let done = self.simd_iterations(plan, index, body, first, step, count);
                self.b.ins().iadd(lo, done)
            }
            None => lo,
        };
        let tv = self.b.declare_var(types::I64);
        self.b.def_var(tv, lo);
        let (head, body_b, latch, exit) = (self.b.create_block(), self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().jump(head, &[]);
        self.b.switch_to_block(head);
        let t = self.b.use_var(tv);
        let more = self.b.ins().icmp(IntCC::SignedLessThan, t, hi);
        self.loop_branch(more, body_b, exit);
        self.b.seal_block(body_b);
        self.b.seal_block(exit);
        self.b.switch_to_block(body_b);
        let t = self.b.use_var(tv);
        let off = self.b.ins().imul(t, step);
        let i = self.b.ins().iadd(start, off);
        self.vals[index] = vec![i];
        let depth = self.live.len();
        self.loops.push(LoopTargets { brk: exit, cont: latch, depth });
        self.block(body);
        self.loops.pop();
        self.jump_if_open(latch);
        self.b.seal_block(latch);
        self.b.switch_to_block(latch);
        let t = self.b.use_var(tv);
        let next = self.b.ins().iadd_imm_s(t, 1);
        self.b.def_var(tv, next);
        self.b.ins().jump(head, &[]);
        self.b.seal_block(head);
        self.b.switch_to_block(exit);
        // Partial sums, added atomically to their cells.
        for (s, off) in reductions.iter().zip(cells) {
            let var = self.slot_vars[*s][0];
            let part = self.b.use_var(var);
            let addr = self.b.ins().iadd_imm_s(ctx.ctx, off as i64);
            let t = self.b.func.dfg.value_type(part);
            if t.is_float() {
                // Compare-and-swap loop on the bits.
                let it = if t == types::F64 { types::I64 } else { types::I32 };
                let (retry, done) = (self.b.create_block(), self.b.create_block());
                self.b.ins().jump(retry, &[]);
                self.b.switch_to_block(retry);
                let old = self.b.ins().atomic_load(it, MemFlagsData::trusted(), addr);
                let oldf = self.b.ins().bitcast(t, MemFlagsData::new(), old);
                let sum = self.b.ins().fadd(oldf, part);
                let new = self.b.ins().bitcast(it, MemFlagsData::new(), sum);
                let got = self.b.ins().atomic_cas(MemFlagsData::trusted(), addr, old, new);
                let same = self.b.ins().icmp(IntCC::Equal, got, old);
                self.b.ins().brif(same, done, &[], retry, &[]);
                self.b.seal_block(retry);
                self.b.seal_block(done);
                self.b.switch_to_block(done);
            } else {
                self.b.ins().atomic_rmw(t, MemFlagsData::trusted(), cl::AtomicRmwOp::Add, addr, part);
            }
        }
        let ok = self.b.ins().iconst(types::I8, 0);
        self.b.ins().return_(&[ok]);
    }
}
