//! Code generation for elementwise kernels (`Stmt::Kernel`).
//!
//! The output shape is the broadcast of the inputs' shapes (NumPy's rules,
//! checked at run time), or the destination's shape for `a[...] = v`. A
//! kernel with a new output allocates it C-contiguous and owns it from
//! then on, so that an exception inside the loops releases it.
//!
//! Two loop forms are generated:
//! - when every array input has exactly the output's shape and is
//!   C-contiguous (known from its type, or checked at run time), one flat
//!   loop over all elements with unit-stride pointers;
//! - otherwise, a loop nest over the output dimensions, where a broadcast
//!   dimension of an input has stride 0.
//!
//! The scalar body is ordinary IR, translated once per loop form.
//!
//! A reducing kernel (`KernelDest::Reduce`) stores nothing: its body writes
//! blocks of elements into buffers of the runtime's `kiln_kernel_reduce`,
//! which folds them in NumPy's order and allocates only an axis result.

use cranelift_codegen::ir::{self as cl, condcodes::IntCC, types, InstBuilder, MemFlagsData};
use cranelift_frontend::Variable;
use cranelift_module::{FuncId as ClFuncId, Module as _};

use super::abi::dtype_clif;
use super::clif::FunctionCx;
use super::outline::CtxReader;
use crate::ir::Fill;
use crate::ir::{KernelData, KernelDest};
use crate::types::{ArrayType, DType, Layout};

/// Kernels with at least this many elements run on the thread pool; below,
/// dispatch would cost more than it saves. Chosen by estimate (a dispatch
/// costs about a microsecond), not tuned by measurement yet.
const PARALLEL_MIN_LIGHT: i64 = 1 << 16;
/// Float64 sums of kernel bodies of at most this many operations get a
/// pairwise-leaf function (`outline_sum_leaf`). Measured on 10^7 floats, one
/// thread, against the buffer path: `sum(x * 1.0)` 3.99 -> 2.74 ms,
/// `sum((x - 0.5) ** 2)` (4 operations) 3.31 -> 2.72, a 6-operation body
/// 3.56 -> 3.29; 12-operation bodies (`rosenbrock`) were 3-5% slower, where
/// the computation, not the buffer, is the cost. That was on the AMD Zen 4
/// machine; on the Intel Xeon one `rosenbrock` (12 statements) takes 10.5 ->
/// 7.0 ms with the leaf (1 thread, median of 400 calls; in the bench 9.31 ->
/// 7.28, and 5.33 -> 4.44 on 2 threads), so bodies up to 16 get one.
const SUM_LEAF_MAX_OPS: usize = 16;
/// The same for bodies that call functions (transcendentals, powers).
const PARALLEL_MIN_HEAVY: i64 = 1 << 12;

/// One array input (or the destination) as seen by the loops.
struct Operand {
    at: ArrayType,
    data: cl::Value,
    /// Shape and strides aligned to the output's dimensions (missing leading
    /// dimensions have size 1 and stride 0).
    shape: Vec<cl::Value>,
    strides: Vec<cl::Value>,
    /// In a vector loop: ANDed with the byte offset of each vector (all ones
    /// for a unit-stride operand, 0 for one broadcast along the row, whose
    /// `data` then points at its value repeated across a vector).
    offset_mask: Option<cl::Value>,
}

impl FunctionCx<'_, '_> {
    pub fn kernel(&mut self, k: &KernelData) {
        let (out_at, dest_value) = match k.dest {
            KernelDest::New(v) => (self.f.ty(v).as_array().expect("kernel output is an array"), None),
            KernelDest::Into(d) => (self.f.ty(d).as_array().expect("kernel destination is an array"), Some(d)),
            // The elements of a reduction form a virtual C-contiguous array.
            KernelDest::Reduce(r) => {
                let dtype = self.f.ty(k.result).scalar_dtype().expect("kernel elements are scalars");
                (ArrayType { dtype, ndim: r.ndim, layout: Layout::C }, None)
            }
        };
        let nd = out_at.ndim as usize;
        let zero = self.b.ins().iconst(types::I64, 0);
        let one = self.b.ins().iconst(types::I64, 1);
        // Inputs aligned to the output's rank.
        let mut ins: Vec<Option<Operand>> = Vec::new();
        for v in &k.inputs {
            ins.push(self.f.ty(*v).as_array().map(|at| {
                let parts = self.vals[*v].clone();
                let n = at.ndim as usize;
                let mut shape = vec![one; nd - n];
                let mut strides = vec![zero; nd - n];
                shape.extend_from_slice(&parts[2..2 + n]);
                strides.extend_from_slice(&parts[2 + n..2 + 2 * n]);
                Operand { at, data: parts[0], shape, strides, offset_mask: None }
            }));
        }
        // Each source operation's operands must broadcast together (an
        // in-place kernel with one array input has nothing to check).
        let arrays = ins.iter().flatten().count();
        if dest_value.is_none() || arrays > 1 {
            self.check_groups(k, &ins, nd, out_at);
        }
        // The broadcast of every input (aligned to `nd` dimensions).
        let mut broadcast = Vec::with_capacity(nd);
        for d in 0..nd {
            let mut size = one;
            for op in ins.iter().flatten() {
                let dim = op.shape[d];
                let dim_not1 = self.b.ins().icmp_imm_s(IntCC::NotEqual, dim, 1);
                size = self.b.ins().select(dim_not1, dim, size);
            }
            broadcast.push(size);
        }
        let out_shape: Vec<cl::Value> = match dest_value {
            Some(d) => self.vals[d][2..2 + nd].to_vec(),
            None => broadcast.clone(),
        };
        // The inputs' result must fit a destination's shape exactly (or
        // broadcast from 1), as NumPy's assignment of the temporary would.
        if dest_value.is_some() {
            let mut bad = self.b.ins().iconst(types::I8, 0);
            for (&dim, &want) in broadcast.iter().zip(&out_shape) {
                let ok1 = self.b.ins().icmp_imm_s(IntCC::Equal, dim, 1);
                let ok2 = self.b.ins().icmp(IntCC::Equal, dim, want);
                let ok = self.b.ins().bor(ok1, ok2);
                let notok = self.b.ins().bxor_imm_s(ok, 1);
                bad = self.b.ins().bor(bad, notok);
            }
            // The temporary's shape has as many dimensions as its widest input.
            let src_nd = ins.iter().flatten().map(|op| op.at.ndim as usize).max().unwrap_or(0);
            let src = (ArrayType { dtype: out_at.dtype, ndim: src_nd as u8, layout: Layout::C }, broadcast[nd - src_nd..].to_vec());
            let shapes = vec![src, (out_at, out_shape.clone())];
            self.fail_if(bad, |fx| fx.raise_broadcast(1, &shapes));
        }
        // The destination.
        let (out_data, out_strides) = match k.dest {
            KernelDest::New(v) => {
                let parts = self.array_alloc_shape(Fill::Uninit, &out_shape, out_at.dtype);
                let data = parts[0];
                let strides = parts[2 + nd..2 + 2 * nd].to_vec();
                self.vals[v] = parts;
                // Owned from now on: released on every exit, including errors.
                if let Some(l) = self.live_scope_mut() {
                    l.push(v);
                }
                (data, strides)
            }
            KernelDest::Into(d) => {
                let parts = self.vals[d].clone();
                (parts[0], parts[2 + nd..2 + 2 * nd].to_vec())
            }
            KernelDest::Reduce(_) => {
                // C-order strides; the runtime points the data word at its
                // own buffer for each block of elements.
                let mut strides = vec![zero; nd];
                let mut acc = self.b.ins().iconst(types::I64, out_at.dtype.itemsize() as i64);
                for d in (0..nd).rev() {
                    strides[d] = acc;
                    acc = self.b.ins().imul(acc, out_shape[d]);
                }
                (zero, strides)
            }
        };
        let out_contig = dest_value.is_none() || out_at.layout == Layout::C;

        // Broadcast strides: a dimension of size 1 does not advance.
        for op in ins.iter_mut().flatten() {
            for d in 0..nd {
                let is1 = self.b.ins().icmp_imm_s(IntCC::Equal, op.shape[d], 1);
                op.strides[d] = self.b.ins().select(is1, zero, op.strides[d]);
            }
        }

        // Flat path: everything has the output's shape and is C-contiguous.
        let mut flat_ok = self.b.ins().iconst(types::I8, i64::from(out_contig));
        if !out_contig {
            let c = self.is_c_contiguous(&out_shape, &out_strides, out_at.dtype.itemsize() as i64);
            flat_ok = self.b.ins().bor(flat_ok, c);
        }
        let total = out_shape.iter().fold(one, |acc, s| self.b.ins().imul(acc, *s));
        for (v, op) in k.inputs.iter().zip(&ins) {
            let Some(op) = op else { continue };
            let n = op.at.ndim as usize;
            let parts = self.vals[*v].clone();
            let mut same = self.b.ins().iconst(types::I8, i64::from(n == nd));
            if n == nd {
                for d in 0..nd {
                    let eq = self.b.ins().icmp(IntCC::Equal, parts[2 + d], out_shape[d]);
                    same = self.b.ins().band(same, eq);
                }
                if op.at.layout != Layout::C {
                    let c = self.is_c_contiguous(&parts[2..2 + n], &parts[2 + n..2 + 2 * n], op.at.dtype.itemsize() as i64);
                    same = self.b.ins().band(same, c);
                }
            }
            flat_ok = self.b.ins().band(flat_ok, same);
        }
        // The loops run in a function of their own, `body(ctx, lo, hi)`, over
        // the flat element range lo..hi, so that the pool can split them.
        let ne = nd.max(1);
        let pad = ne - nd;
        let mut words: Vec<cl::Value> = Vec::new();
        // Flat case: one dimension of `total` elements, unit strides.
        let dims: Vec<cl::Value> = std::iter::repeat_n(one, pad).chain(out_shape.iter().copied()).collect();
        for (d, &dim) in dims.iter().enumerate() {
            let flat_dim = if d == ne - 1 { total } else { one };
            words.push(self.b.ins().select(flat_ok, flat_dim, dim));
        }
        let push_strides = |fx: &mut Self, words: &mut Vec<cl::Value>, strides: &[cl::Value], size: i64| {
            let strides: Vec<cl::Value> = std::iter::repeat_n(zero, pad).chain(strides.iter().copied()).collect();
            for (d, &st) in strides.iter().enumerate() {
                let flat_st = if d == ne - 1 { fx.b.ins().iconst(types::I64, size) } else { zero };
                words.push(fx.b.ins().select(flat_ok, flat_st, st));
            }
        };
        let mut in_types: Vec<Option<ArrayType>> = Vec::new();
        for (v, op) in k.inputs.iter().zip(&ins) {
            match op {
                Some(op) => {
                    words.push(op.data);
                    push_strides(self, &mut words, &op.strides, op.at.dtype.itemsize() as i64);
                    in_types.push(Some(op.at));
                }
                None => {
                    words.extend(self.vals[*v].clone());
                    in_types.push(None);
                }
            }
        }
        let out_word = words.len();
        words.push(out_data);
        push_strides(self, &mut words, &out_strides, out_at.dtype.itemsize() as i64);
        let (_, ctx) = self.store_ctx(&words);
        let (body_fn, can_fail, threshold) = self.outline_kernel(k, &in_types, out_at, ne);
        let body_ref = self.cx.obj.declare_func_in_func(body_fn, self.b.func);
        // Large kernels go to the pool; small ones are called directly.
        if let KernelDest::Reduce(r) = k.dest {
            let addr = self.b.ins().func_addr(types::I64, body_ref);
            let leaf = match self.outline_sum_leaf(k, r, &in_types, out_at, ne) {
                Some(id) => {
                    let leaf_ref = self.cx.obj.declare_func_in_func(id, self.b.func);
                    self.b.ins().func_addr(types::I64, leaf_ref)
                }
                None => zero,
            };
            let (nwords, out_word) =
                (self.b.ins().iconst(types::I64, words.len() as i64), self.b.ins().iconst(types::I64, out_word as i64));
            self.kernel_reduce(r, [addr, leaf], ctx, nwords, out_word, &out_shape, total, out_at, threshold);
            return;
        }
        let big = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, total, threshold);
        let (par_b, seq_b, done) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.append_block_param(done, types::I8);
        self.b.ins().brif(big, par_b, &[], seq_b, &[]);
        self.b.seal_block(par_b);
        self.b.seal_block(seq_b);
        self.b.switch_to_block(par_b);
        let addr = self.b.ins().func_addr(types::I64, body_ref);
        let min_chunk = self.b.ins().iconst(types::I64, threshold / 2);
        // Elementwise: the result does not depend on the split.
        let st = self.call_rt("kiln_parallel_for_dynamic", &[addr, ctx, total, min_chunk])[0];
        let st = self.b.ins().ireduce(types::I8, st);
        self.b.ins().jump(done, &[cl::BlockArg::Value(st)]);
        self.b.switch_to_block(seq_b);
        let call = self.b.ins().call(body_ref, &[ctx, zero, total]);
        let st = self.b.inst_results(call)[0];
        self.b.ins().jump(done, &[cl::BlockArg::Value(st)]);
        self.b.seal_block(done);
        self.b.switch_to_block(done);
        if can_fail {
            let st = self.b.block_params(done)[0];
            self.fail_if(st, |_| {});
        }
    }

    /// The call of `kiln_kernel_reduce` for a reducing kernel whose outlined
    /// body is at `addr` (see `runtime/src/kernel_reduce.rs`): the result is
    /// a new array of the leading dimensions (last axis reduced), or a scalar
    /// read back from a stack slot.
    #[allow(clippy::too_many_arguments)]
    fn kernel_reduce(
        &mut self,
        r: crate::ir::KernelReduce,
        [addr, leaf]: [cl::Value; 2],
        ctx: cl::Value,
        nwords: cl::Value,
        out_word: cl::Value,
        shape: &[cl::Value],
        total: cl::Value,
        elem: ArrayType,
        threshold: i64,
    ) {
        let nd = shape.len();
        let one = self.b.ins().iconst(types::I64, 1);
        let acc = match self.f.ty(r.out) {
            crate::types::Type::Array(a) => a.dtype,
            t => t.scalar_dtype().expect("a numeric reduction result"),
        };
        let (rows, m) = if r.last_axis {
            let rows = shape[..nd - 1].iter().fold(one, |a, s| self.b.ins().imul(a, *s));
            (rows, shape[nd - 1])
        } else {
            (one, total)
        };
        let (out, scalar) = if r.last_axis {
            let parts = self.array_alloc_shape(Fill::Uninit, &shape[..nd - 1], acc);
            let data = parts[0];
            self.vals[r.out] = parts;
            // Owned from now on: released on every exit, including errors.
            if let Some(l) = self.live_scope_mut() {
                l.push(r.out);
            }
            (data, false)
        } else {
            let slot = self.b.create_sized_stack_slot(cl::StackSlotData::new(cl::StackSlotKind::ExplicitSlot, 16, 3));
            (self.b.ins().stack_addr(types::I64, slot, 0), true)
        };
        let kind = self.b.ins().iconst(types::I32, i64::from(r.kind));
        let ed = self.b.ins().iconst(types::I32, elem.dtype as i64);
        let ad = self.b.ins().iconst(types::I32, acc as i64);
        let min_par = self.b.ins().iconst(types::I64, threshold);
        let st = self.call_rt("kiln_kernel_reduce", &[addr, leaf, ctx, nwords, out_word, rows, m, kind, ed, ad, min_par, out])[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::NotEqual, st, 0);
        self.fail_if(failed, |_| {});
        if scalar {
            let v = self.b.ins().load(dtype_clif(acc), MemFlagsData::new(), out, 0);
            self.vals[r.out] = vec![v];
        }
    }

    /// For a float64 sum of a vectorizable kernel, `leaf(ctx, lo, hi)`: the
    /// combined eight pairwise accumulators of elements `lo..hi` (a
    /// multiple of 8, at least 8), computed in registers as NumPy's
    /// `pairwise_sum` adds them, and stored at the context's output word.
    /// The runtime calls it for each leaf of the pairwise tree instead of
    /// evaluating the leaf into a buffer and summing that. It returns 2
    /// when its range leaves one row or an operand is not unit-strided
    /// there; the runtime then takes the buffer path for that leaf.
    fn outline_sum_leaf(
        &mut self,
        k: &KernelData,
        r: crate::ir::KernelReduce,
        in_types: &[Option<ArrayType>],
        out_at: ArrayType,
        ne: usize,
    ) -> Option<ClFuncId> {
        let acc = match self.f.ty(r.out) {
            crate::types::Type::Array(a) => a.dtype,
            t => t.scalar_dtype()?,
        };
        let f64_sum =
            matches!(r.kind, crate::abi::reduce::SUM | crate::abi::reduce::MEAN) && out_at.dtype == DType::F64 && acc == DType::F64;
        let light = self.f.blocks[k.body].stmts.len() <= SUM_LEAF_MAX_OPS;
        if !f64_sum || !light || self.vectorizable(k, in_types, out_at) != Some(2) {
            return None;
        }
        let (id, _) = self.emit_outlined("leaf", |o, ctx, lo, hi| o.kernel_sum_leaf(k, in_types, ne, ctx, lo, hi));
        Some(id)
    }

    /// The body of `outline_sum_leaf`'s function.
    #[allow(clippy::too_many_arguments)]
    fn kernel_sum_leaf(
        &mut self,
        k: &KernelData,
        in_types: &[Option<ArrayType>],
        ne: usize,
        mut ctx: CtxReader,
        lo: cl::Value,
        hi: cl::Value,
    ) {
        let (shape, ins, out_data, _) = self.read_kernel_ctx(k, in_types, ne, &mut ctx);
        let inner = ne - 1;
        let used = self.kernel_used_elems(k);
        // The multi-index of `lo`; the range must stay in its row.
        let mut at = vec![lo; ne];
        let mut rem = lo;
        for d in (1..ne).rev() {
            at[d] = self.b.ins().urem(rem, shape[d]);
            rem = self.b.ins().udiv(rem, shape[d]);
        }
        at[0] = rem;
        let n = self.b.ins().isub(hi, lo);
        let room = self.b.ins().isub(shape[inner], at[inner]);
        let mut ok = self.b.ins().icmp(IntCC::SignedLessThanOrEqual, n, room);
        for (e, op) in k.elems.iter().zip(&ins) {
            if let (Some(op), true) = (op, used.contains(e)) {
                let unit = self.unit_inner_stride(op, inner);
                ok = self.b.ins().band(ok, unit);
            }
        }
        let scratch = self.b.create_sized_stack_slot(cl::StackSlotData::new(cl::StackSlotKind::ExplicitSlot, 64, 4));
        let scratch = self.b.ins().stack_addr(types::I64, scratch, 0);
        let row_ins: Vec<Option<Operand>> = ins
            .iter()
            .map(|op| {
                op.as_ref().map(|op| {
                    let mut p = op.data;
                    for (i, st) in at.iter().zip(&op.strides) {
                        let off = self.b.ins().imul(*i, *st);
                        p = self.b.ins().iadd(p, off);
                    }
                    let p = self.b.ins().select(ok, p, scratch);
                    Operand { at: op.at, data: p, shape: Vec::new(), strides: op.strides.clone(), offset_mask: None }
                })
            })
            .collect();
        let (go, refuse) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(ok, go, &[], refuse, &[]);
        self.b.seal_block(go);
        self.b.seal_block(refuse);
        self.b.switch_to_block(refuse);
        let two = self.b.ins().iconst(types::I8, 2);
        self.b.ins().return_(&[two]);
        self.b.switch_to_block(go);
        // r[0..8] as four vectors of consecutive lanes, seeded with elements
        // 0..8 and adding each later block of 8 lane by lane. Nothing is
        // stored while the leaf runs, so its loads may move to their uses
        // (otherwise all eight come first and the accumulators spill). The
        // loop's loads depend on its index and stay below the checks; the
        // first ones could be hoisted above them, so their pointers are a
        // scratch slot's when the checks fail.
        let vt = types::F64X2;
        let flags = MemFlagsData::new().with_notrap().with_readonly().with_can_move();
        let accs: Vec<Variable> = (0..4)
            .map(|q| {
                let var = self.b.declare_var(vt);
                let at = self.b.ins().iconst(types::I64, 2 * q);
                let v = self.vector_value(k, &row_ins, &used, (vt, DType::F64), false, at, flags);
                self.b.def_var(var, v);
                var
            })
            .collect();
        let j = self.b.declare_var(types::I64);
        let eight = self.b.ins().iconst(types::I64, 8);
        self.b.def_var(j, eight);
        let (head, exit) = self.open_loop(|fx| {
            let jv = fx.b.use_var(j);
            fx.b.ins().icmp(IntCC::SignedLessThan, jv, n)
        });
        let jv = self.b.use_var(j);
        for (q, var) in accs.iter().enumerate() {
            let at = self.b.ins().iadd_imm_s(jv, 2 * q as i64);
            let v = self.vector_value(k, &row_ins, &used, (vt, DType::F64), false, at, flags);
            let cur = self.b.use_var(*var);
            let sum = self.b.ins().fadd(cur, v);
            self.b.def_var(*var, sum);
        }
        let next = self.b.ins().iadd_imm_s(jv, 8);
        self.b.def_var(j, next);
        self.close_loop(head, exit);
        // ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        let pairs: Vec<cl::Value> = accs
            .iter()
            .map(|var| {
                let v = self.b.use_var(*var);
                let (a, b) = (self.b.ins().extractlane(v, 0), self.b.ins().extractlane(v, 1));
                self.b.ins().fadd(a, b)
            })
            .collect();
        let left = self.b.ins().fadd(pairs[0], pairs[1]);
        let right = self.b.ins().fadd(pairs[2], pairs[3]);
        let total = self.b.ins().fadd(left, right);
        self.b.ins().store(MemFlagsData::trusted(), total, out_data, 0);
        let zero = self.b.ins().iconst(types::I8, 0);
        self.b.ins().return_(&[zero]);
    }

    /// Emits `body(ctx, lo, hi) -> status`, the loops of kernel `k` over the
    /// flat (C-order) element range `lo..hi` of `ne` dimensions laid out in
    /// `ctx` as `kernel` stores them: the shape, then per input its data
    /// pointer and strides (arrays) or its parts (scalars), then the
    /// output's data pointer and strides. Returns the function, whether it
    /// can raise, and the element count from which it runs on the thread
    /// pool (lower when its body is costly per element: calls, powers).
    /// Reports both decisions (`--report`).
    fn outline_kernel(&mut self, k: &KernelData, in_types: &[Option<ArrayType>], out_at: ArrayType, ne: usize) -> (ClFuncId, bool, i64) {
        let heavy = self.f.blocks[k.body].stmts.iter().any(|s| match s {
            crate::ir::Stmt::Inst(i) => {
                matches!(self.f.insts[*i].op, crate::ir::Op::Builtin(_) | crate::ir::Op::Binary(crate::ir::BinaryOp::Pow))
            }
            _ => true,
        });
        let (id, can_fail) = self.emit_outlined("kernel", |o, ctx, lo, hi| o.kernel_loops(k, in_types, out_at, ne, ctx, lo, hi));
        let threshold = if heavy { PARALLEL_MIN_HEAVY } else { PARALLEL_MIN_LIGHT };
        let simd = match self.vectorizable(k, in_types, out_at) {
            Some(lanes) => {
                let roots = if self.root_sqrt(k, out_at.dtype).is_some() {
                    ", the final square roots in the runtime on 512-bit vectors with AVX-512F, 256-bit with AVX2 (blocks of 64)"
                } else {
                    ""
                };
                format!(
                    "{lanes} x {} SIMD on rows whose operands all have unit inner stride or are broadcast along the row (scalar on other rows){roots}",
                    out_at.dtype.name()
                )
            }
            None => format!(
                "scalar loop: no 128-bit vector form for this kernel ({} result, or an operation without a vector version)",
                out_at.dtype.name()
            ),
        };
        let what = if matches!(k.dest, KernelDest::Reduce(_)) { "reduction kernel" } else { "kernel" };
        self.cx.remarks.push(crate::middle::pass_manager::Remark {
            pass: "codegen",
            function: self.f.py_name.clone(),
            span: k.span,
            message: format!(
                "{what}: {simd}; runs on the thread pool from {threshold} elements{}",
                if heavy { " (a costlier body: ufunc calls or powers)" } else { "" }
            ),
        });
        (id, can_fail, threshold)
    }

    /// The segment's operands for its vector loop: a unit-stride operand as
    /// it is, one with inner stride 0 (broadcast along the row) pointing at
    /// a 16-byte stack copy of its value repeated, read at offset 0 (its
    /// offset mask is 0). Decided per segment, without branches: the first
    /// element is read either way (the segment is not empty).
    fn row_broadcast_operands(
        &mut self,
        k: &KernelData,
        seg_ins: &[Option<Operand>],
        used: &std::collections::HashSet<crate::ir::Value>,
        inner: usize,
    ) -> Vec<Option<Operand>> {
        seg_ins
            .iter()
            .zip(&k.elems)
            .map(|(op, e)| {
                let op = op.as_ref()?;
                if !used.contains(e) {
                    return Some(Operand { offset_mask: None, shape: Vec::new(), strides: op.strides.clone(), ..*op });
                }
                let size = op.at.dtype.itemsize() as i64;
                let t = dtype_clif(op.at.dtype);
                let unit = self.unit_inner_stride(op, inner);
                let slot = self.b.create_sized_stack_slot(cl::StackSlotData::new(cl::StackSlotKind::ExplicitSlot, 16, 4));
                let x = self.b.ins().load(t, MemFlagsData::new(), op.data, 0);
                for at in (0..16).step_by(size as usize) {
                    self.b.ins().stack_store(types::I64, x, slot, at);
                }
                let copy = self.b.ins().stack_addr(types::I64, slot, 0);
                let data = self.b.ins().select(unit, op.data, copy);
                let (all, none) = (self.b.ins().iconst(types::I64, -1), self.b.ins().iconst(types::I64, 0));
                let mask = self.b.ins().select(unit, all, none);
                Some(Operand { at: op.at, data, shape: Vec::new(), strides: op.strides.clone(), offset_mask: Some(mask) })
            })
            .collect()
    }

    /// Whether operand `op` steps one element along dimension `inner`.
    fn unit_inner_stride(&mut self, op: &Operand, inner: usize) -> cl::Value {
        self.b.ins().icmp_imm_s(IntCC::Equal, op.strides[inner], op.at.dtype.itemsize() as i64)
    }

    /// Reads an outlined kernel's context as `kernel` stores it: the shape,
    /// each input (an array's data pointer and strides, or a scalar's parts,
    /// which become the input's values), the output's data pointer and
    /// strides.
    #[allow(clippy::type_complexity)]
    fn read_kernel_ctx(
        &mut self,
        k: &KernelData,
        in_types: &[Option<ArrayType>],
        ne: usize,
        ctx: &mut CtxReader,
    ) -> (Vec<cl::Value>, Vec<Option<Operand>>, cl::Value, Vec<cl::Value>) {
        let shape: Vec<cl::Value> = (0..ne).map(|_| ctx.read(self, types::I64)).collect();
        let mut ins: Vec<Option<Operand>> = Vec::new();
        for (n, at) in in_types.iter().enumerate() {
            match at {
                Some(at) => {
                    let data = ctx.read(self, types::I64);
                    let strides = (0..ne).map(|_| ctx.read(self, types::I64)).collect();
                    ins.push(Some(Operand { at: *at, data, shape: shape.clone(), strides, offset_mask: None }));
                }
                None => {
                    let v = k.inputs[n];
                    let parts: Vec<cl::Value> = super::abi::parts(self.f.ty(v)).into_iter().map(|t| ctx.read(self, t)).collect();
                    self.vals[v] = parts;
                    ins.push(None);
                }
            }
        }
        let out_data = ctx.read(self, types::I64);
        let out_strides: Vec<cl::Value> = (0..ne).map(|_| ctx.read(self, types::I64)).collect();
        (shape, ins, out_data, out_strides)
    }

    /// The body of an outlined kernel function (see `outline_kernel`).
    fn kernel_loops(
        &mut self,
        k: &KernelData,
        in_types: &[Option<ArrayType>],
        out_at: ArrayType,
        ne: usize,
        mut ctx: CtxReader,
        lo: cl::Value,
        hi: cl::Value,
    ) {
        let (shape, ins, out_data, out_strides) = self.read_kernel_ctx(k, in_types, ne, &mut ctx);
        let inner = ne - 1;
        let out_size = out_at.dtype.itemsize() as i64;

        // SIMD is possible when every operand the body reads has unit inner
        // stride, or stride 0 (broadcast along the row, `m[:, None]`: one
        // value per row, repeated across each vector). The plain vector loop
        // needs unit strides everywhere; a second one, with an offset mask
        // per operand, takes rows where some operand has stride 0 (so the
        // common case pays nothing for the masks).
        let lanes = self.vectorizable(k, in_types, out_at);
        let used = self.kernel_used_elems(k);
        let vec_ok = lanes.map(|_| {
            let out_unit = self.b.ins().icmp_imm_s(IntCC::Equal, out_strides[inner], out_size);
            let (mut all_unit, mut fits) = (out_unit, out_unit);
            for (n, op) in ins.iter().enumerate() {
                if let (Some(op), true) = (op, used.contains(&k.elems[n])) {
                    let unit = self.unit_inner_stride(op, inner);
                    let row = self.b.ins().icmp_imm_s(IntCC::Equal, op.strides[inner], 0);
                    let either = self.b.ins().bor(unit, row);
                    all_unit = self.b.ins().band(all_unit, unit);
                    fits = self.b.ins().band(fits, either);
                }
            }
            (all_unit, fits)
        });

        // Nothing to do (an empty array: a dimension may be 0, so no division below).
        let (start_b, empty_b) = (self.b.create_block(), self.b.create_block());
        let any = self.b.ins().icmp(IntCC::SignedLessThan, lo, hi);
        self.b.ins().brif(any, start_b, &[], empty_b, &[]);
        self.b.seal_block(start_b);
        self.b.seal_block(empty_b);
        self.b.switch_to_block(empty_b);
        let ok = self.b.ins().iconst(types::I8, 0);
        self.b.ins().return_(&[ok]);
        self.b.switch_to_block(start_b);

        // The odometer: the multi-index of element `i`.
        let idx: Vec<Variable> = (0..ne).map(|_| self.b.declare_var(types::I64)).collect();
        let mut rem = lo;
        for d in (1..ne).rev() {
            let q = self.b.ins().udiv(rem, shape[d]);
            let r = self.b.ins().urem(rem, shape[d]);
            self.b.def_var(idx[d], r);
            rem = q;
        }
        self.b.def_var(idx[0], rem);
        let iv = self.b.declare_var(types::I64);
        self.b.def_var(iv, lo);
        let (head, seg_b, exit) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().jump(head, &[]);
        self.b.switch_to_block(head);
        let i = self.b.use_var(iv);
        let more = self.b.ins().icmp(IntCC::SignedLessThan, i, hi);
        self.loop_branch(more, seg_b, exit);
        self.b.seal_block(seg_b);
        self.b.seal_block(exit);

        // One segment: the rest of the current innermost row, or less.
        self.b.switch_to_block(seg_b);
        let i = self.b.use_var(iv);
        let at: Vec<cl::Value> = idx.iter().map(|v| self.b.use_var(*v)).collect();
        let left = self.b.ins().isub(hi, i);
        let room = self.b.ins().isub(shape[inner], at[inner]);
        let seg = self.b.ins().smin(left, room);
        let base = |fx: &mut Self, data: cl::Value, strides: &[cl::Value]| {
            let mut p = data;
            for d in 0..ne {
                let off = fx.b.ins().imul(at[d], strides[d]);
                p = fx.b.ins().iadd(p, off);
            }
            p
        };
        let seg_ins: Vec<Option<Operand>> = ins
            .iter()
            .map(|op| {
                op.as_ref().map(|op| Operand {
                    at: op.at,
                    data: base(self, op.data, &op.strides),
                    shape: Vec::new(),
                    strides: op.strides.clone(),
                    offset_mask: None,
                })
            })
            .collect();
        let seg_out = base(self, out_data, &out_strides);
        let j = self.b.declare_var(types::I64);
        let zero = self.b.ins().iconst(types::I64, 0);
        self.b.def_var(j, zero);
        if let (Some(lanes), Some((all_unit, fits))) = (lanes, vec_ok) {
            let (unit_b, other_b, row_b, after) =
                (self.b.create_block(), self.b.create_block(), self.b.create_block(), self.b.create_block());
            self.b.ins().brif(all_unit, unit_b, &[], other_b, &[]);
            self.b.seal_block(unit_b);
            self.b.seal_block(other_b);
            self.b.switch_to_block(unit_b);
            self.vector_loop(k, &seg_ins, &used, seg_out, out_at, seg, j, lanes);
            self.b.ins().jump(after, &[]);
            self.b.switch_to_block(other_b);
            self.b.ins().brif(fits, row_b, &[], after, &[]);
            self.b.seal_block(row_b);
            self.b.switch_to_block(row_b);
            let vec_ins = self.row_broadcast_operands(k, &seg_ins, &used, inner);
            self.vector_loop(k, &vec_ins, &used, seg_out, out_at, seg, j, lanes);
            self.b.ins().jump(after, &[]);
            self.b.seal_block(after);
            self.b.switch_to_block(after);
        }
        // The scalar loop over what is left of the segment.
        let j0 = self.b.use_var(j);
        let ptr_vars: Vec<Option<(Variable, cl::Value)>> = seg_ins
            .iter()
            .map(|op| {
                op.as_ref().map(|op| {
                    let var = self.b.declare_var(types::I64);
                    let off = self.b.ins().imul(j0, op.strides[inner]);
                    let p = self.b.ins().iadd(op.data, off);
                    self.b.def_var(var, p);
                    (var, op.strides[inner])
                })
            })
            .collect();
        let out_var = self.b.declare_var(types::I64);
        let off = self.b.ins().imul(j0, out_strides[inner]);
        let p = self.b.ins().iadd(seg_out, off);
        self.b.def_var(out_var, p);
        let (shead, sbody, sexit) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().jump(shead, &[]);
        self.b.switch_to_block(shead);
        let jv = self.b.use_var(j);
        let more = self.b.ins().icmp(IntCC::SignedLessThan, jv, seg);
        self.loop_branch(more, sbody, sexit);
        self.b.seal_block(sbody);
        self.b.seal_block(sexit);
        self.b.switch_to_block(sbody);
        let addrs: Vec<Option<cl::Value>> = ptr_vars.iter().map(|p| p.map(|(v, _)| self.b.use_var(v))).collect();
        let out_addr = self.b.use_var(out_var);
        self.kernel_element(k, &ins, &addrs, out_addr);
        for (v, st) in ptr_vars.iter().flatten() {
            let p = self.b.use_var(*v);
            let np = self.b.ins().iadd(p, *st);
            self.b.def_var(*v, np);
        }
        let np = self.b.ins().iadd(out_addr, out_strides[inner]);
        self.b.def_var(out_var, np);
        let jv = self.b.use_var(j);
        let next = self.b.ins().iadd_imm_s(jv, 1);
        self.b.def_var(j, next);
        self.b.ins().jump(shead, &[]);
        self.b.seal_block(shead);
        self.b.switch_to_block(sexit);
        // Advance the odometer past the segment (carries ripple outwards).
        let i = self.b.use_var(iv);
        let ni = self.b.ins().iadd(i, seg);
        self.b.def_var(iv, ni);
        let mut carry_in = self.b.ins().iadd(at[inner], seg);
        for d in (0..ne).rev() {
            if d == 0 {
                self.b.def_var(idx[0], carry_in);
                break;
            }
            let full = self.b.ins().icmp(IntCC::Equal, carry_in, shape[d]);
            let kept = self.b.ins().select(full, zero, carry_in);
            self.b.def_var(idx[d], kept);
            let up = self.b.ins().uextend(types::I64, full);
            let outer = self.b.use_var(idx[d - 1]);
            carry_in = self.b.ins().iadd(outer, up);
        }
        self.b.ins().jump(head, &[]);
        self.b.seal_block(head);
        self.b.switch_to_block(exit);
        let ok = self.b.ins().iconst(types::I8, 0);
        self.b.ins().return_(&[ok]);
    }

    /// The element values the kernel's body reads.
    fn kernel_used_elems(&self, k: &KernelData) -> std::collections::HashSet<crate::ir::Value> {
        let f = self.f;
        f.blocks[k.body]
            .stmts
            .iter()
            .filter_map(|s| if let crate::ir::Stmt::Inst(i) = s { Some(f.insts[*i].args.clone()) } else { None })
            .flatten()
            .chain(std::iter::once(k.result))
            .collect()
    }

    /// Loads each input's element, runs the body, stores the result.
    #[allow(clippy::too_many_arguments)]
    fn kernel_element(&mut self, k: &KernelData, ins: &[Option<Operand>], addrs: &[Option<cl::Value>], out_addr: cl::Value) {
        for (n, e) in k.elems.iter().enumerate() {
            self.vals[*e] = match (&ins[n], addrs[n]) {
                (Some(op), Some(addr)) => {
                    let t = dtype_clif(op.at.dtype);
                    let mut parts = vec![self.b.ins().load(t, MemFlagsData::new(), addr, 0)];
                    if op.at.dtype.is_complex() {
                        parts.push(self.b.ins().load(t, MemFlagsData::new(), addr, t.bytes() as i32));
                    }
                    parts
                }
                _ => self.vals[k.inputs[n]].clone(),
            };
        }
        self.block(k.body);
        // A complex element is stored as its two parts.
        let parts = self.vals[k.result].clone();
        for (n, r) in parts.iter().enumerate() {
            let off = n as i32 * self.b.func.dfg.value_type(*r).bytes() as i32;
            self.b.ins().store(MemFlagsData::new(), *r, out_addr, off);
        }
    }

    /// Whether `strides` are C-contiguous strides for `shape` (dimensions of
    /// size 1 may have any stride).
    pub fn is_c_contiguous_pub(&mut self, shape: &[cl::Value], strides: &[cl::Value], itemsize: i64) -> cl::Value {
        self.is_c_contiguous(shape, strides, itemsize)
    }

    fn is_c_contiguous(&mut self, shape: &[cl::Value], strides: &[cl::Value], itemsize: i64) -> cl::Value {
        let mut ok = self.b.ins().iconst(types::I8, 1);
        let mut expect = self.b.ins().iconst(types::I64, itemsize);
        for d in (0..shape.len()).rev() {
            let eq = self.b.ins().icmp(IntCC::Equal, strides[d], expect);
            let one = self.b.ins().icmp_imm_s(IntCC::Equal, shape[d], 1);
            let fine = self.b.ins().bor(eq, one);
            ok = self.b.ins().band(ok, fine);
            expect = self.b.ins().imul(expect, shape[d]);
        }
        ok
    }

    /// Raises NumPy's ufunc broadcast error when the operands of one of the
    /// kernel's source operations (`k.checks`) do not broadcast together.
    fn check_groups(&mut self, k: &KernelData, ins: &[Option<Operand>], nd: usize, out_at: ArrayType) {
        let one = self.b.ins().iconst(types::I64, 1);
        for group in &k.checks {
            let all: Vec<usize> = group.iter().map(|g| *g as usize).collect();
            let members: Vec<usize> = all.iter().copied().filter(|g| ins[*g].is_some()).collect();
            if members.len() < 2 {
                continue;
            }
            let mut bad = self.b.ins().iconst(types::I8, 0);
            for d in 0..nd {
                let mut size = one;
                for m in &members {
                    let dim = ins[*m].as_ref().expect("array input").shape[d];
                    let dim_not1 = self.b.ins().icmp_imm_s(IntCC::NotEqual, dim, 1);
                    let size_not1 = self.b.ins().icmp_imm_s(IntCC::NotEqual, size, 1);
                    let differ = self.b.ins().icmp(IntCC::NotEqual, dim, size);
                    let clash = self.b.ins().band(dim_not1, size_not1);
                    let clash = self.b.ins().band(clash, differ);
                    bad = self.b.ins().bor(bad, clash);
                    size = self.b.ins().select(dim_not1, dim, size);
                }
            }
            // The message lists every operand of the source operation; scalars as `()`.
            let shapes: Vec<(ArrayType, Vec<cl::Value>)> = all
                .iter()
                .map(|m| {
                    let v = k.inputs[*m];
                    match self.f.ty(v).as_array() {
                        Some(at) => (at, self.vals[v][2..2 + at.ndim as usize].to_vec()),
                        None => (ArrayType { dtype: out_at.dtype, ndim: 0, layout: Layout::C }, Vec::new()),
                    }
                })
                .collect();
            self.fail_if(bad, |fx| fx.raise_broadcast(0, &shapes));
        }
    }

    /// Raises NumPy's broadcast `ValueError` for these shapes (kind 0:
    /// "operands could not be broadcast together", 1: "could not broadcast
    /// input array from shape ... into shape ...", the last shape being the destination).
    fn raise_broadcast(&mut self, kind: i32, shapes: &[(ArrayType, Vec<cl::Value>)]) {
        let dims: Vec<cl::Value> = shapes.iter().flat_map(|(_, s)| s.iter().copied()).collect();
        let slot = self.b.create_sized_stack_slot(cl::StackSlotData::new(
            cl::StackSlotKind::ExplicitSlot,
            (8 * (dims.len() + shapes.len()).max(1)) as u32,
            3,
        ));
        for (n, d) in dims.iter().enumerate() {
            self.b.ins().stack_store(types::I64, *d, slot, (8 * n) as i32);
        }
        for (n, (at, _)) in shapes.iter().enumerate() {
            let nd = self.b.ins().iconst(types::I64, at.ndim as i64);
            self.b.ins().stack_store(types::I64, nd, slot, (8 * (dims.len() + n)) as i32);
        }
        let base = self.b.ins().stack_addr(types::I64, slot, 0);
        let nds = self.b.ins().stack_addr(types::I64, slot, (8 * dims.len()) as i32);
        let kind = self.b.ins().iconst(types::I32, kind as i64);
        let n = self.b.ins().iconst(types::I64, shapes.len() as i64);
        self.call_rt("kiln_raise_broadcast", &[kind, base, nds, n]);
    }
}

/// Elements per block of a root square root (`vector_loop`). Small blocks
/// let out-of-order execution overlap one block's roots with the next
/// block's loads; `hypot_expr` on 10^6 float64, 1 thread: 32 elements
/// 0.97 ms, 64 0.80, 128 0.795, 512 1.07, 2048 1.24 (1.25 with 128-bit
/// `sqrtpd` in the loop). Since the loop runs two vectors per iteration,
/// measured again in one process: 32 0.898, 64 0.780, 96 0.798, 128 0.822,
/// 256 0.873 (2 threads: 0.480, 0.419, 0.425, 0.436, 0.456).
const SQRT_BLOCK: i64 = 64;

/// The vector type of `lanes` elements of dtype `d` (128-bit SIMD).
fn vector_type(d: crate::types::DType) -> Option<(cl::Type, u32)> {
    match d {
        crate::types::DType::F64 => Some((types::F64X2, 2)),
        crate::types::DType::F32 => Some((types::F32X4, 4)),
        _ => None,
    }
}

impl FunctionCx<'_, '_> {
    /// Whether the kernel's body can run on SIMD vectors: every array input
    /// and the output have one float dtype, scalars are of that dtype, and
    /// every operation has a vector form. Returns the lane count.
    fn vectorizable(&self, k: &KernelData, ins: &[Option<ArrayType>], out_at: ArrayType) -> Option<u32> {
        use crate::ir::{BinaryOp, Const, Op, UnaryOp};
        use crate::optable::{FloatImpl, Lower, UfuncRound, UfuncScalar};
        let d = out_at.dtype;
        let (_, lanes) = vector_type(d)?;
        let f = self.f;
        // Elements the body reads (constant operands were copied into it).
        let used = self.kernel_used_elems(k);
        for (n, op) in ins.iter().enumerate() {
            if !used.contains(&k.elems[n]) {
                continue;
            }
            match op {
                Some(at) if at.dtype != d => return None,
                None if f.ty(k.inputs[n]).scalar_dtype() != Some(d) || !f.ty(k.inputs[n]).is_scalar() => return None,
                _ => {}
            }
        }
        let is_d = |v: crate::ir::Value| f.ty(v).scalar_dtype() == Some(d) && f.ty(v).is_scalar();
        for s in &f.blocks[k.body].stmts {
            let crate::ir::Stmt::Inst(i) = s else { return None };
            let data = &f.insts[*i];
            let &r = data.results.first()?;
            let ok = match &data.op {
                Op::Const(Const::Float(_)) => is_d(r),
                Op::Convert => is_d(r) && is_d(data.args[0]),
                Op::Binary(BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div) => is_d(r),
                Op::Binary(BinaryOp::Pow) => is_d(r) && d == crate::types::DType::F64,
                Op::Unary(UnaryOp::Neg | UnaryOp::Pos) => is_d(r),
                Op::Builtin(id) => {
                    is_d(r)
                        && match crate::optable::get(*id).lower {
                            Lower::Ufunc { scalar, .. } => match scalar {
                                UfuncScalar::Float(FloatImpl::Libm(sym)) => vector_libm(sym, data.args.len(), d).is_some(),
                                UfuncScalar::Float(FloatImpl::Sqrt | FloatImpl::Fabs | FloatImpl::Scale(_)) => true,
                                UfuncScalar::Abs | UfuncScalar::Square | UfuncScalar::Reciprocal | UfuncScalar::MinMax { .. } => true,
                                UfuncScalar::Round(
                                    UfuncRound::Floor | UfuncRound::Ceil | UfuncRound::Trunc | UfuncRound::Rint | UfuncRound::Fix,
                                ) => true,
                                _ => false,
                            },
                            _ => false,
                        }
                }
                _ => false,
            };
            if !ok {
                return None;
            }
        }
        Some(lanes)
    }

    /// The SIMD part of a flat kernel loop: whole vectors from 0 while they
    /// fit; leaves `i` at the first element the scalar loop must still do.
    #[allow(clippy::too_many_arguments)]
    fn vector_loop(
        &mut self,
        k: &KernelData,
        ins: &[Option<Operand>],
        used: &std::collections::HashSet<crate::ir::Value>,
        out_data: cl::Value,
        out_at: ArrayType,
        total: cl::Value,
        i: Variable,
        lanes: u32,
    ) {
        let (vt, _) = vector_type(out_at.dtype).expect("checked");
        let size = out_at.dtype.itemsize() as i64;
        let lanes = lanes as i64;
        // Vectors while i + lanes <= total.
        let last = self.b.ins().iadd_imm_s(total, -(lanes - 1));
        // A square root at the root of the expression runs in the runtime on
        // the CPU's widest vectors (`kiln_vsqrt_*`: AVX-512F, else AVX2): the
        // 128-bit `sqrtpd` Cranelift emits has half the throughput, and the
        // root is most of the cost of `np.sqrt(b*b + c*c)`. The loop then
        // stores the root's operand and takes the roots block by block, each
        // block still in L1.
        //
        // Each block's roots are taken one block later, after the next
        // block's operands are stored: reading a block right after its
        // 128-bit stores makes the runtime's wide loads wait for the stores
        // to reach the cache (a failed store forward). `hypot_expr`, 10^6
        // float64, 1 thread, on an Intel Xeon with AVX-512 (where a root
        // costs the same per element at every width): 0.95 -> 0.82 ms in C,
        // which matches one fused 512-bit loop; on AMD Zen 4 it measured
        // level (0.75 against 0.76 ms).
        let root_sqrt = self.root_sqrt(k, out_at.dtype);
        // The block whose roots are still to take: its first element and length.
        let pending = root_sqrt.map(|_| {
            let (start, len) = (self.b.declare_var(types::I64), self.b.declare_var(types::I64));
            let zero = self.b.ins().iconst(types::I64, 0);
            self.b.def_var(start, zero);
            self.b.def_var(len, zero);
            (start, len)
        });
        let block_loop = root_sqrt.map(|entry| {
            let (head, exit) = self.open_loop(|fx| {
                let iv = fx.b.use_var(i);
                fx.b.ins().icmp(IntCC::SignedLessThan, iv, last)
            });
            let start = self.b.use_var(i);
            let end = self.b.ins().iadd_imm_s(start, SQRT_BLOCK);
            let end = self.b.ins().smin(end, last);
            (head, exit, start, end, entry)
        });
        // Two vectors per iteration while both fit (half the loop's
        // counting and branching per element), then one at a time.
        for per_iteration in [2, 1] {
            let (head, exit) = self.open_loop(|fx| {
                let iv = fx.b.use_var(i);
                let stop = block_loop.map_or(last, |(_, _, _, end, _)| end);
                let stop = fx.b.ins().iadd_imm_s(stop, -(per_iteration - 1) * lanes);
                fx.b.ins().icmp(IntCC::SignedLessThan, iv, stop)
            });
            let iv = self.b.use_var(i);
            for n in 0..per_iteration {
                let at = self.b.ins().iadd_imm_s(iv, n * lanes);
                self.vector_step(k, ins, used, out_data, (vt, out_at.dtype), root_sqrt.is_some(), at);
            }
            let next = self.b.ins().iadd_imm_s(iv, per_iteration * lanes);
            self.b.def_var(i, next);
            self.close_loop(head, exit);
        }
        if let (Some((bhead, bexit, start, _, entry)), Some((pending_start, pending_len))) = (block_loop, pending) {
            self.pending_roots(entry, out_data, size, pending_start, pending_len);
            let done = self.b.use_var(i);
            let n = self.b.ins().isub(done, start);
            self.b.def_var(pending_start, start);
            self.b.def_var(pending_len, n);
            self.close_loop(bhead, bexit);
            self.pending_roots(entry, out_data, size, pending_start, pending_len);
        }
    }

    /// Takes the roots of the pending block (`vector_loop`), if it has elements.
    fn pending_roots(&mut self, entry: &'static str, out_data: cl::Value, size: i64, start: Variable, len: Variable) {
        let (start, n) = (self.b.use_var(start), self.b.use_var(len));
        let (call, join) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(n, call, &[], join, &[]);
        self.b.seal_block(call);
        self.b.switch_to_block(call);
        let off = self.b.ins().imul_imm_s(start, size);
        let p = self.b.ins().iadd(out_data, off);
        self.call_rt(entry, &[p, n]);
        self.b.ins().jump(join, &[]);
        self.b.seal_block(join);
        self.b.switch_to_block(join);
    }

    /// The kernel body on the vector of elements `iv..iv + lanes`, stored
    /// (the root's operand when the roots are taken block by block).
    #[allow(clippy::too_many_arguments)]
    fn vector_step(
        &mut self,
        k: &KernelData,
        ins: &[Option<Operand>],
        used: &std::collections::HashSet<crate::ir::Value>,
        out_data: cl::Value,
        (vt, dtype): (cl::Type, crate::types::DType),
        root_sqrt: bool,
        iv: cl::Value,
    ) {
        let r = self.vector_value(k, ins, used, (vt, dtype), root_sqrt, iv, MemFlagsData::new());
        let off = self.b.ins().imul_imm_s(iv, dtype.itemsize() as i64);
        let addr = self.b.ins().iadd(out_data, off);
        self.b.ins().store(MemFlagsData::new(), r, addr, 0);
    }

    /// The kernel body's value on the vector of elements `iv..iv + lanes`
    /// (the root's operand when `root_sqrt`).
    #[allow(clippy::too_many_arguments)]
    fn vector_value(
        &mut self,
        k: &KernelData,
        ins: &[Option<Operand>],
        used: &std::collections::HashSet<crate::ir::Value>,
        (vt, dtype): (cl::Type, crate::types::DType),
        root_sqrt: bool,
        iv: cl::Value,
        load_flags: MemFlagsData,
    ) -> cl::Value {
        let off = self.b.ins().imul_imm_s(iv, dtype.itemsize() as i64);
        let mut vmap: std::collections::HashMap<crate::ir::Value, cl::Value> = std::collections::HashMap::new();
        for (n, e) in k.elems.iter().enumerate() {
            if !used.contains(e) {
                continue;
            }
            let v = match &ins[n] {
                Some(op) => {
                    let off = match op.offset_mask {
                        Some(m) => self.b.ins().band(off, m),
                        None => off,
                    };
                    let addr = self.b.ins().iadd(op.data, off);
                    self.b.ins().load(vt, load_flags, addr, 0)
                }
                None => {
                    let s = self.vals[k.inputs[n]][0];
                    if self.b.func.dfg.value_type(s) != vt.lane_type() {
                        // An operand the body does not read (a copied constant).
                        continue;
                    }
                    self.b.ins().splat(vt, s)
                }
            };
            vmap.insert(*e, v);
        }
        for s in &self.f.blocks[k.body].stmts.clone() {
            let crate::ir::Stmt::Inst(ins_id) = s else { unreachable!("checked") };
            let d = &self.f.insts[*ins_id];
            let r = if root_sqrt && d.results[0] == k.result {
                // The root's operand; the block's roots are taken below.
                vmap[&d.args[0]]
            } else {
                self.vector_inst(*ins_id, &vmap, vt, dtype)
            };
            vmap.insert(self.f.insts[*ins_id].results[0], r);
        }
        vmap[&k.result]
    }

    /// The runtime entry taking the square roots of a block in place, when
    /// the kernel's result is `sqrt` of a float64 or float32 value.
    fn root_sqrt(&self, k: &KernelData, d: crate::types::DType) -> Option<&'static str> {
        use crate::optable::{FloatImpl, Lower, UfuncScalar};
        let def = self.f.def_inst(k.result)?;
        let crate::ir::Op::Builtin(id) = self.f.insts[def].op else { return None };
        let Lower::Ufunc { scalar: UfuncScalar::Float(FloatImpl::Sqrt), .. } = crate::optable::get(id).lower else { return None };
        match d {
            crate::types::DType::F64 => Some("kiln_vsqrt_f64"),
            crate::types::DType::F32 => Some("kiln_vsqrt_f32"),
            _ => None,
        }
    }

    /// One body operation on vectors (checked by `vectorizable`).
    fn vector_inst(
        &mut self,
        i: crate::ir::Inst,
        vmap: &std::collections::HashMap<crate::ir::Value, cl::Value>,
        vt: cl::Type,
        d: crate::types::DType,
    ) -> cl::Value {
        use crate::ir::{BinaryOp, Const, Op, UnaryOp};
        use crate::optable::{FloatImpl, Lower, UfuncRound, UfuncScalar};
        let data = self.f.insts[i].clone();
        let a = |n: usize| vmap[&data.args[n]];
        let splat = |fx: &mut Self, x: f64| -> cl::Value {
            let s = if d == crate::types::DType::F32 { fx.b.ins().f32const(x as f32) } else { fx.b.ins().f64const(x) };
            fx.b.ins().splat(vt, s)
        };
        match &data.op {
            Op::Const(Const::Float(x)) => splat(self, *x),
            Op::Convert | Op::Unary(UnaryOp::Pos) => a(0),
            Op::Unary(_) => self.b.ins().fneg(a(0)),
            Op::Binary(op) => {
                let (x, y) = (a(0), a(1));
                match op {
                    BinaryOp::Add => self.b.ins().fadd(x, y),
                    BinaryOp::Sub => self.b.ins().fsub(x, y),
                    BinaryOp::Mul => self.b.ins().fmul(x, y),
                    BinaryOp::Div => self.b.ins().fdiv(x, y),
                    _ => {
                        // Pow: x*x for a constant 2, else the vector pow.
                        let two = self.f.def_inst(data.args[1]).is_some_and(|c| self.f.insts[c].op == Op::Const(Const::Float(2.0)));
                        if two {
                            self.b.ins().fmul(x, x)
                        } else {
                            self.call_vector_libm("pow", &[x, y], d)
                        }
                    }
                }
            }
            Op::Builtin(id) => {
                let Lower::Ufunc { scalar, .. } = crate::optable::get(*id).lower else { unreachable!("checked") };
                match scalar {
                    UfuncScalar::Float(FloatImpl::Libm(sym)) => {
                        let xs: Vec<cl::Value> = (0..data.args.len()).map(a).collect();
                        self.call_vector_libm(sym, &xs, d)
                    }
                    UfuncScalar::Float(FloatImpl::Sqrt) => self.b.ins().sqrt(a(0)),
                    UfuncScalar::Float(FloatImpl::Fabs) | UfuncScalar::Abs => self.b.ins().fabs(a(0)),
                    UfuncScalar::Float(FloatImpl::Scale(bits)) => {
                        let c = splat(self, f64::from_bits(bits));
                        self.b.ins().fmul(a(0), c)
                    }
                    UfuncScalar::Square => self.b.ins().fmul(a(0), a(0)),
                    UfuncScalar::Reciprocal => {
                        let one = splat(self, 1.0);
                        self.b.ins().fdiv(one, a(0))
                    }
                    UfuncScalar::Round(r) => match r {
                        UfuncRound::Floor => self.b.ins().floor(a(0)),
                        UfuncRound::Ceil => self.b.ins().ceil(a(0)),
                        UfuncRound::Trunc | UfuncRound::Fix => self.b.ins().trunc(a(0)),
                        UfuncRound::Rint => self.b.ins().nearest(a(0)),
                    },
                    UfuncScalar::MinMax { max, nan_propagates } => {
                        use cranelift_codegen::ir::condcodes::FloatCC;
                        let (x, y) = (a(0), a(1));
                        let cc = if max { FloatCC::GreaterThan } else { FloatCC::LessThan };
                        // Vector compares give integer masks; select needs them as floats.
                        let mask = |fx: &mut Self, m: cl::Value| fx.b.ins().bitcast(vt, MemFlagsData::new(), m);
                        let c = self.b.ins().fcmp(cc, x, y);
                        let c = mask(self, c);
                        let r = self.b.ins().bitselect(c, x, y);
                        let xn = self.b.ins().fcmp(FloatCC::Unordered, x, x);
                        let xn = mask(self, xn);
                        let yn = self.b.ins().fcmp(FloatCC::Unordered, y, y);
                        let yn = mask(self, yn);
                        if nan_propagates {
                            let r = self.b.ins().bitselect(yn, y, r);
                            self.b.ins().bitselect(xn, x, r)
                        } else {
                            let r = self.b.ins().bitselect(yn, x, r);
                            self.b.ins().bitselect(xn, y, r)
                        }
                    }
                    _ => unreachable!("checked by vectorizable"),
                }
            }
            _ => unreachable!("checked by vectorizable"),
        }
    }

    /// Calls glibc's libmvec SSE variant of a math function on one vector.
    ///
    /// float32 vectors are computed with the float64 variant, two lanes at a
    /// time, and rounded back: libmvec's float32 functions are up to 4 ULP
    /// from the true result and NumPy's up to 3, so they can be 6 ULP apart
    /// (measured for `log` and `tan`); rounding a float64 result keeps kiln
    /// within a rounding of the true value, hence within 4 ULP of NumPy
    /// (tests/test_vector_math.py).
    fn call_vector_libm(&mut self, sym: &str, xs: &[cl::Value], d: crate::types::DType) -> cl::Value {
        if d == crate::types::DType::F32 {
            let mut lanes = Vec::with_capacity(4);
            for half in 0..2u8 {
                let wide: Vec<cl::Value> = xs
                    .iter()
                    .map(|&x| {
                        let lo = self.b.ins().extractlane(x, 2 * half);
                        let hi = self.b.ins().extractlane(x, 2 * half + 1);
                        let lo = self.b.ins().fpromote(types::F64, lo);
                        let hi = self.b.ins().fpromote(types::F64, hi);
                        let v = self.b.ins().scalar_to_vector(types::F64X2, lo);
                        self.b.ins().insertlane(v, hi, 1)
                    })
                    .collect();
                let r = self.call_vector_libm(sym, &wide, crate::types::DType::F64);
                for lane in 0..2u8 {
                    let e = self.b.ins().extractlane(r, lane);
                    lanes.push(self.b.ins().fdemote(types::F32, e));
                }
            }
            let mut v = self.b.ins().scalar_to_vector(types::F32X4, lanes[0]);
            for (i, &l) in lanes.iter().enumerate().skip(1) {
                v = self.b.ins().insertlane(v, l, i as u8);
            }
            return v;
        }
        let name = vector_libm(sym, xs.len(), d).expect("checked by vectorizable");
        let vt = vector_type(d).expect("float").0;
        let n = xs.len();
        let r = self.func_ref(&name, || {
            let mut sig = cl::Signature::new(cranelift_codegen::isa::CallConv::SystemV);
            sig.params.extend(std::iter::repeat_n(cl::AbiParam::new(vt), n));
            sig.returns.push(cl::AbiParam::new(vt));
            Ok(sig)
        });
        let call = self.b.ins().call(r, xs);
        self.b.inst_results(call)[0]
    }
}

/// The libmvec symbol of the 128-bit variant of a C math function, if glibc has one.
fn vector_libm(sym: &str, arity: usize, d: crate::types::DType) -> Option<String> {
    const UNARY: &[&str] = &[
        "acos", "acosh", "asin", "asinh", "atan", "atanh", "cbrt", "cos", "cosh", "erf", "erfc", "exp", "exp10", "exp2", "expm1", "log",
        "log10", "log1p", "log2", "sin", "sinh", "tan", "tanh",
    ];
    const BINARY: &[&str] = &["atan2", "pow", "hypot"];
    let known = if arity == 1 { UNARY.contains(&sym) } else { arity == 2 && BINARY.contains(&sym) };
    if !known {
        return None;
    }
    let v = if arity == 1 { "v" } else { "vv" };
    Some(match d {
        crate::types::DType::F64 => format!("_ZGVbN2{v}_{sym}"),
        crate::types::DType::F32 => format!("_ZGVbN4{v}_{sym}f"),
        _ => return None,
    })
}

impl FunctionCx<'_, '_> {
    /// `Op::CheckInplace`: `target op= src` needs `src` to broadcast into `target`'s shape.
    pub fn check_inplace(&mut self, target: crate::ir::Value, src: crate::ir::Value) {
        let tt = self.f.ty(target).as_array().expect("array");
        let st = self.f.ty(src).as_array().expect("array");
        let (tn, sn) = (tt.ndim as usize, st.ndim as usize);
        let nd = tn.max(sn);
        let one = self.b.ins().iconst(types::I64, 1);
        let tp = self.vals[target].clone();
        let sp = self.vals[src].clone();
        let dim = |parts: &[cl::Value], n: usize, d: usize| if d + n >= nd { Some(parts[2 + d + n - nd]) } else { None };
        let mut clash = self.b.ins().iconst(types::I8, 0);
        let mut differs = self.b.ins().iconst(types::I8, 0);
        let mut bshape = Vec::new();
        for d in 0..nd {
            let a = dim(&tp, tn, d).unwrap_or(one);
            let b = dim(&sp, sn, d).unwrap_or(one);
            let a1 = self.b.ins().icmp_imm_s(IntCC::Equal, a, 1);
            let b1 = self.b.ins().icmp_imm_s(IntCC::Equal, b, 1);
            let eq = self.b.ins().icmp(IntCC::Equal, a, b);
            let ok = self.b.ins().bor(a1, b1);
            let ok = self.b.ins().bor(ok, eq);
            let bad = self.b.ins().bxor_imm_s(ok, 1);
            clash = self.b.ins().bor(clash, bad);
            let size = self.b.ins().select(a1, b, a);
            bshape.push(size);
            // The broadcast shape must be the target's own (no growth).
            let grew =
                if d + tn >= nd { self.b.ins().icmp(IntCC::NotEqual, size, a) } else { self.b.ins().icmp_imm_s(IntCC::NotEqual, size, 1) };
            differs = self.b.ins().bor(differs, grew);
        }
        let tshape = tp[2..2 + tn].to_vec();
        let sshape = sp[2..2 + sn].to_vec();
        self.fail_if(clash, |fx| fx.raise_broadcast(0, &[(tt, tshape.clone()), (st, sshape.clone()), (tt, tshape.clone())]));
        let bt = ArrayType { dtype: tt.dtype, ndim: nd as u8, layout: Layout::C };
        self.fail_if(differs, |fx| fx.raise_broadcast(2, &[(tt, tshape.clone()), (bt, bshape.clone())]));
    }
}
