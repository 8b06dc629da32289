//! Views (basic indexing) and the `ArrayView` records passed to runtime
//! array functions.
//!
//! A view shares its base's memory and owner: its parts are a new data
//! pointer, shape and strides, and the same owner with one more reference.
//! Slice bounds follow Python's `slice.indices` (clamping, negative steps).

use std::mem::{offset_of, size_of};

use cranelift_codegen::ir::{self as cl, condcodes::IntCC, types, InstBuilder, MemFlagsData};

use super::clif::FunctionCx;
use crate::abi::{exc, ArrayView};
use crate::ir::{Value, ViewAxis};
use crate::types::{ArrayType, DType};

impl FunctionCx<'_, '_> {
    /// `Op::View`: the parts of the view (holding a new reference).
    pub fn view(&mut self, args: &[Value], axes: &[ViewAxis]) -> Vec<cl::Value> {
        let base = args[0];
        let at = self.f.ty(base).as_array().expect("view of an array");
        let parts = self.vals[base].clone();
        let nd = at.ndim as usize;
        let (shape, strides) = (&parts[2..2 + nd], &parts[2 + nd..2 + 2 * nd]);
        let mut data = parts[0];
        let mut out_shape = Vec::new();
        let mut out_strides = Vec::new();
        for ax in axes {
            match *ax {
                ViewAxis::NewAxis => {
                    out_shape.push(self.b.ins().iconst(types::I64, 1));
                    out_strides.push(self.b.ins().iconst(types::I64, 0));
                }
                ViewAxis::Index { src, arg } => {
                    let i = self.val(args[arg as usize]);
                    let n = shape[src as usize];
                    let j = self.checked_index(i, n, src as usize, crate::ir::IndexMode::Checked);
                    let off = self.b.ins().imul(j, strides[src as usize]);
                    data = self.b.ins().iadd(data, off);
                }
                ViewAxis::Slice { src, start, stop, step } => {
                    let n = shape[src as usize];
                    let step_v = step.map(|s| self.val(args[s as usize]));
                    let step_c = step.and_then(|s| self.const_int(args[s as usize])).or(if step.is_none() { Some(1) } else { None });
                    let start_v = start.map(|s| self.val(args[s as usize]));
                    let stop_v = stop.map(|s| self.val(args[s as usize]));
                    let (first, len, stp) = self.slice_indices(n, start_v, stop_v, step_v, step_c);
                    let off = self.b.ins().imul(first, strides[src as usize]);
                    data = self.b.ins().iadd(data, off);
                    out_shape.push(len);
                    out_strides.push(self.b.ins().imul(strides[src as usize], stp));
                }
            }
        }
        self.call_rt("kiln_buf_incref", &[parts[1]]);
        let mut out = vec![data, parts[1]];
        out.extend(out_shape);
        out.extend(out_strides);
        out
    }

    /// Python's `slice(start, stop, step).indices(n)`: the first index, the
    /// length and the step.
    fn slice_indices(
        &mut self,
        n: cl::Value,
        start: Option<cl::Value>,
        stop: Option<cl::Value>,
        step: Option<cl::Value>,
        step_const: Option<i64>,
    ) -> (cl::Value, cl::Value, cl::Value) {
        let zero = self.b.ins().iconst(types::I64, 0);
        let one = self.b.ins().iconst(types::I64, 1);
        let minus_one = self.b.ins().iconst(types::I64, -1);
        let step = match step {
            Some(s) => {
                if step_const.is_none() {
                    let is0 = self.b.ins().icmp_imm_s(IntCC::Equal, s, 0);
                    self.raise_if(is0, exc::VALUE_ERROR, "slice step cannot be zero");
                }
                s
            }
            None => one,
        };
        let n_minus_1 = self.b.ins().iadd_imm_s(n, -1);
        // Clamp a bound: negative counts from the end; then into [lo, hi].
        let clamp = |fx: &mut Self, v: cl::Value, lo: cl::Value, hi: cl::Value| -> cl::Value {
            let neg = fx.b.ins().icmp_imm_s(IntCC::SignedLessThan, v, 0);
            let w = fx.b.ins().iadd(v, n);
            let v = fx.b.ins().select(neg, w, v);
            let below = fx.b.ins().icmp(IntCC::SignedLessThan, v, lo);
            let v = fx.b.ins().select(below, lo, v);
            let above = fx.b.ins().icmp(IntCC::SignedGreaterThan, v, hi);
            fx.b.ins().select(above, hi, v)
        };
        let pos = |fx: &mut Self| -> (cl::Value, cl::Value) {
            let s = start.map_or(zero, |v| clamp(fx, v, zero, n));
            let e = stop.map_or(n, |v| clamp(fx, v, zero, n));
            (s, e)
        };
        let negb = |fx: &mut Self| -> (cl::Value, cl::Value) {
            let s = start.map_or(n_minus_1, |v| clamp(fx, v, minus_one, n_minus_1));
            let e = stop.map_or(minus_one, |v| clamp(fx, v, minus_one, n_minus_1));
            (s, e)
        };
        // len = max(0, ceil((stop - start) / step)) for either sign.
        let length = |fx: &mut Self, s: cl::Value, e: cl::Value, up: bool| -> cl::Value {
            let (d, st) = if up { (fx.b.ins().isub(e, s), step) } else { (fx.b.ins().isub(s, e), fx.b.ins().ineg(step)) };
            let st1 = fx.b.ins().iadd_imm_s(st, -1);
            let num = fx.b.ins().iadd(d, st1);
            let is_pos = fx.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, d, 0);
            let safe_st = fx.b.ins().select(is_pos, st, one);
            let q = fx.b.ins().sdiv(num, safe_st);
            fx.b.ins().select(is_pos, q, zero)
        };
        match step_const {
            Some(c) if c > 0 => {
                let (s, e) = pos(self);
                let len = if c == 1 {
                    let d = self.b.ins().isub(e, s);
                    let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, d, 0);
                    self.b.ins().select(neg, zero, d)
                } else {
                    length(self, s, e, true)
                };
                (s, len, step)
            }
            Some(_) => {
                let (s, e) = negb(self);
                let len = length(self, s, e, false);
                (s, len, step)
            }
            None => {
                let (ps, pe) = pos(self);
                let (ns, ne) = negb(self);
                let up = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
                let lp = length(self, ps, pe, true);
                let ln = length(self, ns, ne, false);
                let s = self.b.ins().select(up, ps, ns);
                let l = self.b.ins().select(up, lp, ln);
                (s, l, step)
            }
        }
    }

    /// An `ArrayView` record for runtime calls, describing `parts` of an array of type `at`.
    pub fn array_view_record(&mut self, at: ArrayType, parts: &[cl::Value]) -> cl::Value {
        let slot =
            self.b.create_sized_stack_slot(cl::StackSlotData::new(cl::StackSlotKind::ExplicitSlot, size_of::<ArrayView>() as u32, 3));
        let nd = at.ndim as usize;
        self.b.ins().stack_store(types::I64, parts[0], slot, offset_of!(ArrayView, data) as i32);
        self.b.ins().stack_store(types::I64, parts[1], slot, offset_of!(ArrayView, owner) as i32);
        let dt = self.b.ins().iconst(types::I8, at.dtype as i64);
        self.b.ins().stack_store(types::I64, dt, slot, offset_of!(ArrayView, dtype) as i32);
        let n = self.b.ins().iconst(types::I8, nd as i64);
        self.b.ins().stack_store(types::I64, n, slot, offset_of!(ArrayView, ndim) as i32);
        for d in 0..nd {
            self.b.ins().stack_store(types::I64, parts[2 + d], slot, (offset_of!(ArrayView, shape) + 8 * d) as i32);
            self.b.ins().stack_store(types::I64, parts[2 + nd + d], slot, (offset_of!(ArrayView, strides) + 8 * d) as i32);
        }
        self.b.ins().stack_addr(types::I64, slot, 0)
    }

    /// Space for an `ArrayView` result.
    pub fn array_view_out(&mut self) -> cl::Value {
        let slot =
            self.b.create_sized_stack_slot(cl::StackSlotData::new(cl::StackSlotKind::ExplicitSlot, size_of::<ArrayView>() as u32, 3));
        self.b.ins().stack_addr(types::I64, slot, 0)
    }

    /// The parts of an array (of `ndim` dimensions) written into an `ArrayView` result.
    pub fn array_view_parts(&mut self, ptr: cl::Value, ndim: usize) -> Vec<cl::Value> {
        let flags = MemFlagsData::trusted();
        let mut out = vec![
            self.b.ins().load(types::I64, flags, ptr, offset_of!(ArrayView, data) as i32),
            self.b.ins().load(types::I64, flags, ptr, offset_of!(ArrayView, owner) as i32),
        ];
        for d in 0..ndim {
            out.push(self.b.ins().load(types::I64, flags, ptr, (offset_of!(ArrayView, shape) + 8 * d) as i32));
        }
        for d in 0..ndim {
            out.push(self.b.ins().load(types::I64, flags, ptr, (offset_of!(ArrayView, strides) + 8 * d) as i32));
        }
        out
    }

    /// Calls a runtime array function and unwinds if it reports an error.
    pub fn call_rt_checked(&mut self, name: &str, args: &[cl::Value]) {
        // Entries returning nothing only set an exception (a `Stmt::Raise` follows).
        let results = self.call_rt(name, args);
        if let Some(status) = results.first() {
            self.fail_if(*status, |_| {});
        }
    }

    /// `Op::AssignInto` with an array source: the runtime's overlap-safe copy.
    pub fn assign_into_rt(&mut self, dest: Value, src: Value) {
        let (dt, st) = (self.f.ty(dest).as_array().expect("array"), self.f.ty(src).as_array().expect("array"));
        let dp = self.vals[dest].clone();
        let sp = self.vals[src].clone();
        let d = self.array_view_record(dt, &dp);
        let s = self.array_view_record(st, &sp);
        self.call_rt_checked("kiln_assign", &[d, s]);
    }
}

impl FunctionCx<'_, '_> {
    /// `Op::ArrayCall`: marshals the arguments, calls the runtime, checks the
    /// status and unpacks the result.
    pub fn array_call(
        &mut self,
        entry: &str,
        spec: &[crate::ir::CallArg],
        out: crate::ir::CallOut,
        args: &[Value],
        rty: Option<&crate::types::Type>,
    ) -> Vec<cl::Value> {
        use crate::ir::{CallArg, CallOut};
        use crate::types::Type;
        let decl = crate::abi::entry(entry).unwrap_or_else(|| panic!("runtime entry `{entry}` is not in the ABI table"));
        let record = size_of::<ArrayView>() as u32;
        let mut vals = Vec::new();
        for (n, a) in spec.iter().enumerate() {
            let want = decl.params.get(n).copied().unwrap_or(crate::abi::AbiTy::I64);
            let v = match *a {
                CallArg::Array(i) => {
                    let v = args[i as usize];
                    let at = self.f.ty(v).as_array().expect("array argument");
                    let parts = self.vals[v].clone();
                    self.array_view_record(at, &parts)
                }
                CallArg::ArrayList(i, m) => {
                    let slot = self.b.create_sized_stack_slot(cl::StackSlotData::new(
                        cl::StackSlotKind::ExplicitSlot,
                        record * (m as u32).max(1),
                        3,
                    ));
                    for k in 0..m as usize {
                        let v = args[i as usize + k];
                        let at = self.f.ty(v).as_array().expect("array argument");
                        let parts = self.vals[v].clone();
                        let rec = self.array_view_record(at, &parts);
                        // Copy the record into place, word by word.
                        for w in 0..(record / 8) {
                            let x = self.b.ins().load(types::I64, MemFlagsData::trusted(), rec, (w * 8) as i32);
                            self.b.ins().stack_store(types::I64, x, slot, (k as u32 * record + w * 8) as i32);
                        }
                    }
                    self.b.ins().stack_addr(types::I64, slot, 0)
                }
                CallArg::IntList(i, m) => {
                    let slot =
                        self.b.create_sized_stack_slot(cl::StackSlotData::new(cl::StackSlotKind::ExplicitSlot, 8 * (m as u32).max(1), 3));
                    for k in 0..m as usize {
                        let x = self.val(args[i as usize + k]);
                        self.b.ins().stack_store(types::I64, x, slot, (8 * k) as i32);
                    }
                    self.b.ins().stack_addr(types::I64, slot, 0)
                }
                CallArg::Int(i) => {
                    let x = self.val(args[i as usize]);
                    if want == crate::abi::AbiTy::I32 {
                        self.b.ins().ireduce(types::I32, x)
                    } else {
                        x
                    }
                }
                CallArg::Float(i) => {
                    let x = self.val(args[i as usize]);
                    if self.b.func.dfg.value_type(x) == types::F32 {
                        self.b.ins().fpromote(types::F64, x)
                    } else {
                        x
                    }
                }
                CallArg::Const(c) => match want {
                    crate::abi::AbiTy::I32 => self.b.ins().iconst(types::I32, c),
                    crate::abi::AbiTy::I8 => self.b.ins().iconst(types::I8, c),
                    _ => self.b.ins().iconst(types::I64, c),
                },
                CallArg::ConstF64(bits) => self.b.ins().f64const(f64::from_bits(bits)),
                CallArg::Null => self.b.ins().iconst(types::I64, 0),
            };
            vals.push(v);
        }
        if out == CallOut::ReturnF64 {
            let r = self.call_rt(entry, &vals)[0];
            let ty = rty.expect("result type");
            return match ty.scalar_dtype() {
                Some(DType::F64) => vec![r],
                Some(d) if d.is_int() => vec![self.b.ins().fcvt_to_sint_sat(types::I64, r)],
                _ => vec![r],
            };
        }
        let out_ptr = match out {
            CallOut::Nothing | CallOut::ReturnF64 => None,
            CallOut::Array | CallOut::Scalar => Some(self.array_view_out()),
            CallOut::ArrayTuple(k) => {
                let slot =
                    self.b.create_sized_stack_slot(cl::StackSlotData::new(cl::StackSlotKind::ExplicitSlot, record * (k as u32).max(1), 3));
                Some(self.b.ins().stack_addr(types::I64, slot, 0))
            }
        };
        if let Some(p) = out_ptr {
            vals.push(p);
        }
        self.call_rt_checked(entry, &vals);
        let Some(p) = out_ptr else { return Vec::new() };
        match out {
            CallOut::Array => {
                let nd = rty.and_then(Type::as_array).map_or(0, |a| a.ndim as usize);
                self.array_view_parts(p, nd)
            }
            CallOut::Scalar => {
                let ty = rty.expect("scalar result type");
                let d = ty.scalar_dtype().expect("numeric result");
                let parts = self.array_view_parts(p, 0);
                let t = super::abi::dtype_clif(d);
                let mut out = vec![self.b.ins().load(t, MemFlagsData::new(), parts[0], 0)];
                if d.is_complex() {
                    out.push(self.b.ins().load(t, MemFlagsData::new(), parts[0], t.bytes() as i32));
                }
                self.call_rt("kiln_buf_decref", &[parts[1]]);
                out
            }
            CallOut::ArrayTuple(k) => {
                let mut out = Vec::new();
                for n in 0..k as usize {
                    let rec = self.b.ins().iadd_imm_s(p, (n as u32 * record) as i64);
                    out.extend(self.array_view_parts(rec, 1));
                }
                out
            }
            CallOut::Nothing | CallOut::ReturnF64 => Vec::new(),
        }
    }
}

impl FunctionCx<'_, '_> {
    /// `Op::Reshape`: checks the element count (inferring one `-1`), then
    /// views the array with C strides, copying it first if it is not C-contiguous.
    pub fn reshape(&mut self, a: Value, dims: &[Value]) -> Vec<cl::Value> {
        let at = self.f.ty(a).as_array().expect("reshape of an array");
        let parts = self.vals[a].clone();
        let nd = at.ndim as usize;
        let one = self.b.ins().iconst(types::I64, 1);
        let total = parts[2..2 + nd].iter().fold(one, |acc, d| self.b.ins().imul(acc, *d));
        let dv: Vec<cl::Value> = dims.iter().map(|d| self.val(*d)).collect();
        // Product of the given dimensions and the number of -1s.
        let mut known = one;
        let mut unknown = self.b.ins().iconst(types::I64, 0);
        let mut bad = self.b.ins().iconst(types::I8, 0);
        // NumPy 2 takes any negative dimension as the one to infer.
        for d in &dv {
            let is_m1 = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *d, 0);
            let m1 = self.b.ins().uextend(types::I64, is_m1);
            unknown = self.b.ins().iadd(unknown, m1);
            let f = self.b.ins().select(is_m1, one, *d);
            known = self.b.ins().imul(known, f);
        }
        let many = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, unknown, 1);
        bad = self.b.ins().bor(bad, many);
        let has_unknown = self.b.ins().icmp_imm_s(IntCC::Equal, unknown, 1);
        let known_zero = self.b.ins().icmp_imm_s(IntCC::Equal, known, 0);
        let safe_known = self.b.ins().select(known_zero, one, known);
        let rem = self.b.ins().srem(total, safe_known);
        let not_div = self.b.ins().icmp_imm_s(IntCC::NotEqual, rem, 0);
        let not_div = self.b.ins().bor(not_div, known_zero);
        let unk_bad = self.b.ins().band(has_unknown, not_div);
        let mismatch = self.b.ins().icmp(IntCC::NotEqual, known, total);
        let no_unknown = self.b.ins().bxor_imm_s(has_unknown, 1);
        let eq_bad = self.b.ins().band(no_unknown, mismatch);
        bad = self.b.ins().bor(bad, unk_bad);
        bad = self.b.ins().bor(bad, eq_bad);
        self.fail_if(bad, |fx| {
            let slot = fx.b.create_sized_stack_slot(cl::StackSlotData::new(cl::StackSlotKind::ExplicitSlot, 8 * dv.len().max(1) as u32, 3));
            for (k, d) in dv.iter().enumerate() {
                fx.b.ins().stack_store(types::I64, *d, slot, (8 * k) as i32);
            }
            let p = fx.b.ins().stack_addr(types::I64, slot, 0);
            let n = fx.b.ins().iconst(types::I64, dv.len() as i64);
            fx.call_rt("kiln_raise_reshape", &[total, p, n]);
        });
        let fill = self.b.ins().sdiv(total, safe_known);
        let shape: Vec<cl::Value> = dv
            .iter()
            .map(|d| {
                let is_m1 = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *d, 0);
                self.b.ins().select(is_m1, fill, *d)
            })
            .collect();
        // The source: the array itself when C-contiguous, else a copy.
        let itemsize = at.dtype.itemsize() as i64;
        let (data, owner) = if at.layout == crate::types::Layout::C {
            self.call_rt("kiln_buf_incref", &[parts[1]]);
            (parts[0], parts[1])
        } else {
            let contig = self.is_c_contiguous_pub(&parts[2..2 + nd], &parts[2 + nd..2 + 2 * nd], itemsize);
            let (view_b, copy_b, join) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
            self.b.append_block_param(join, types::I64);
            self.b.append_block_param(join, types::I64);
            self.b.ins().brif(contig, view_b, &[], copy_b, &[]);
            self.b.seal_block(view_b);
            self.b.seal_block(copy_b);
            self.b.switch_to_block(view_b);
            self.call_rt("kiln_buf_incref", &[parts[1]]);
            self.b.ins().jump(join, &[cl::BlockArg::Value(parts[0]), cl::BlockArg::Value(parts[1])]);
            self.b.switch_to_block(copy_b);
            let rec = self.array_view_record(at, &parts);
            let out = self.array_view_out();
            let dt = self.b.ins().iconst(types::I32, at.dtype as i64);
            self.call_rt_checked("kiln_copy", &[rec, dt, out]);
            let cp = self.array_view_parts(out, nd);
            self.b.ins().jump(join, &[cl::BlockArg::Value(cp[0]), cl::BlockArg::Value(cp[1])]);
            self.b.seal_block(join);
            self.b.switch_to_block(join);
            let ps = self.b.block_params(join).to_vec();
            (ps[0], ps[1])
        };
        let n = shape.len();
        let mut strides = vec![self.b.ins().iconst(types::I64, itemsize); n];
        for k in (0..n.saturating_sub(1)).rev() {
            strides[k] = self.b.ins().imul(strides[k + 1], shape[k + 1]);
        }
        let mut out = vec![data, owner];
        out.extend(shape);
        out.extend(strides);
        out
    }
}
