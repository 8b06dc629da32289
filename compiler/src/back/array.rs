//! Array element access and allocation.
//!
//! An element address is `data + Σ index_k * stride_k` (strides in bytes).
//! Each index is checked according to its `IndexMode`: a negative index
//! wraps once, and anything still outside `0..size` raises NumPy's
//! `IndexError`. For C-contiguous arrays the innermost stride is the item
//! size, a constant, so the common inner-loop access is one shift and add.

use cranelift_codegen::ir::{self as cl, condcodes::IntCC, types, InstBuilder, MemFlagsData};

use super::abi::dtype_clif;
use super::clif::FunctionCx;
use crate::abi::exc;
use crate::ir::{Fill, IndexMode, Value};
use crate::types::{DType, Layout, Type};

impl FunctionCx<'_, '_> {
    /// The in-bounds index for `i` on an axis of size `n`.
    pub fn checked_index(&mut self, i: cl::Value, n: cl::Value, axis: usize, mode: IndexMode) -> cl::Value {
        let j = match mode {
            IndexMode::Unchecked => return i,
            IndexMode::NonNegChecked => i,
            IndexMode::Checked => {
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
                let wrapped = self.b.ins().iadd(i, n);
                self.b.ins().select(neg, wrapped, i)
            }
        };
        let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, j, n);
        self.fail_if(oob, |fx| {
            let ax = fx.b.ins().iconst(types::I64, axis as i64);
            fx.call_rt("kiln_raise_index", &[i, ax, n]);
        });
        j
    }

    fn element_addr(&mut self, arr: Value, indices: &[Value], modes: &[IndexMode]) -> cl::Value {
        let at = self.f.ty(arr).as_array().expect("verified array");
        let nd = at.ndim as usize;
        let parts = self.vals[arr].clone();
        let mut addr = parts[0];
        for (k, (ix, mode)) in indices.iter().zip(modes).enumerate() {
            let i = self.val(*ix);
            let j = self.checked_index(i, parts[2 + k], k, *mode);
            let off = if at.layout == Layout::C && k + 1 == nd {
                let size = at.dtype.itemsize() as i64;
                if size == 1 {
                    j
                } else {
                    self.b.ins().ishl_imm_s(j, size.trailing_zeros() as i64)
                }
            } else {
                self.b.ins().imul(j, parts[2 + nd + k])
            };
            addr = self.b.ins().iadd(addr, off);
        }
        addr
    }

    pub fn array_get(&mut self, arr: Value, indices: &[Value], modes: &[IndexMode]) -> Vec<cl::Value> {
        let at = self.f.ty(arr).as_array().expect("verified array");
        let addr = self.element_addr(arr, indices, modes);
        let t = dtype_clif(at.dtype);
        // NumPy data may be only 8-byte aligned (or less for views), so no `aligned` flag.
        let mut out = vec![self.b.ins().load(t, MemFlagsData::new(), addr, 0)];
        if at.dtype.is_complex() {
            out.push(self.b.ins().load(t, MemFlagsData::new(), addr, t.bytes() as i32));
        }
        out
    }

    pub fn array_set(&mut self, arr: Value, v: Value, indices: &[Value], modes: &[IndexMode]) {
        let at = self.f.ty(arr).as_array().expect("verified array");
        let addr = self.element_addr(arr, indices, modes);
        let vals = self.vals[v].clone();
        let t = dtype_clif(at.dtype);
        for (n, x) in vals.iter().enumerate() {
            self.b.ins().store(MemFlagsData::new(), *x, addr, (n as u32 * t.bytes()) as i32);
        }
    }

    /// A new C-contiguous array with the given dimensions (an owned reference).
    pub fn array_alloc(&mut self, fill: Fill, dims: &[Value], ty: &Type) -> Vec<cl::Value> {
        let at = ty.as_array().expect("alloc of an array type");
        let dims: Vec<cl::Value> = dims.iter().map(|d| self.val(*d)).collect();
        self.array_alloc_shape(fill, &dims, at.dtype)
    }

    /// A new C-contiguous array of dtype `dtype` and shape `dims` (machine values).
    pub fn array_alloc_shape(&mut self, fill: Fill, dims: &[cl::Value], dtype: DType) -> Vec<cl::Value> {
        let itemsize = dtype.itemsize() as i64;
        let dims = dims.to_vec();
        let mut nbytes = self.b.ins().iconst(types::I64, itemsize);
        let mut any_neg = self.b.ins().iconst(types::I8, 0);
        let mut overflow = self.b.ins().iconst(types::I8, 0);
        for d in &dims {
            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *d, 0);
            any_neg = self.b.ins().bor(any_neg, neg);
            let (prod, ovf) = self.b.ins().umul_overflow(nbytes, *d);
            overflow = self.b.ins().bor(overflow, ovf);
            nbytes = prod;
        }
        self.raise_if(any_neg, exc::VALUE_ERROR, "negative dimensions are not allowed");
        let too_big = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, nbytes, 0);
        let overflow = self.b.ins().bor(overflow, too_big);
        self.raise_if(
            overflow,
            exc::VALUE_ERROR,
            "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.",
        );
        let zeroed = self.b.ins().iconst(types::I32, i64::from(fill == Fill::Zeros));
        let owner = self.call_rt("kiln_buf_alloc", &[nbytes, zeroed])[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, owner, 0);
        self.fail_if(failed, |_| {});
        let data = self.b.ins().load(types::I64, MemFlagsData::trusted(), owner, crate::abi::KBUF_DATA_OFFSET);
        // C-order strides, innermost first.
        let nd = dims.len();
        let mut strides = vec![self.b.ins().iconst(types::I64, itemsize); nd];
        for k in (0..nd.saturating_sub(1)).rev() {
            strides[k] = self.b.ins().imul(strides[k + 1], dims[k + 1]);
        }
        if fill == Fill::Ones {
            self.fill_ones(data, nbytes, dtype);
        }
        let mut out = vec![data, owner];
        out.extend(dims);
        out.extend(strides);
        out
    }

    fn fill_ones(&mut self, data: cl::Value, nbytes: cl::Value, d: DType) {
        let t = dtype_clif(d);
        let one = if d.is_float() || d.is_complex() {
            if t == types::F32 {
                self.b.ins().f32const(1.0)
            } else {
                self.b.ins().f64const(1.0)
            }
        } else {
            self.b.ins().iconst(t, 1)
        };
        let end = self.b.ins().iadd(data, nbytes);
        let p = self.b.declare_var(types::I64);
        self.b.def_var(p, data);
        let (head, exit) = self.open_loop(|fx| {
            let cur = fx.b.use_var(p);
            fx.b.ins().icmp(IntCC::UnsignedLessThan, cur, end)
        });
        let cur = self.b.use_var(p);
        self.b.ins().store(MemFlagsData::trusted(), one, cur, 0);
        if d.is_complex() {
            // A zero imaginary part.
            let zero = if t == types::F32 { self.b.ins().f32const(0.0) } else { self.b.ins().f64const(0.0) };
            self.b.ins().store(MemFlagsData::trusted(), zero, cur, t.bytes() as i32);
        }
        let next = self.b.ins().iadd_imm_s(cur, d.itemsize() as i64);
        self.b.def_var(p, next);
        self.close_loop(head, exit);
    }
}
