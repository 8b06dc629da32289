//! Functions outlined from a function's body for the thread pool: a loop
//! body `body(ctx, lo, hi) -> status` that runs iterations (or elements)
//! `lo..hi`, reading its inputs from a context of 8-byte words that the
//! caller stores in a stack slot. Used by `kernel.rs` (elementwise kernels)
//! and `parallel.rs` (`#omp parallel for` loops).
//!
//! Invariant: every context word is 8 bytes wide, whatever the value's type,
//! and the reader visits the words in the order the caller stored them.

use cranelift_codegen::ir::{self as cl, types, InstBuilder, MemFlagsData};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{FuncId as ClFuncId, Linkage, Module as _};

use super::clif::FunctionCx;

/// Reads a context's words in order, inside the outlined function.
pub struct CtxReader {
    pub ctx: cl::Value,
    offset: i32,
}

impl CtxReader {
    /// The next word, as a value of type `t`.
    pub fn read(&mut self, fx: &mut FunctionCx, t: cl::Type) -> cl::Value {
        let v = fx.b.ins().load(t, MemFlagsData::trusted(), self.ctx, self.offset);
        self.offset += 8;
        v
    }

    /// The byte offset of the next word.
    pub fn offset(&self) -> i32 {
        self.offset
    }
}

impl FunctionCx<'_, '_> {
    /// Stores `words` as a context (one 8-byte word each) in a new stack
    /// slot; returns the slot and its address.
    pub fn store_ctx(&mut self, words: &[cl::Value]) -> (cl::StackSlot, cl::Value) {
        let size = (8 * words.len().max(1)) as u32;
        let slot = self.b.create_sized_stack_slot(cl::StackSlotData::new(cl::StackSlotKind::ExplicitSlot, size, 3));
        for (n, w) in words.iter().enumerate() {
            self.b.ins().stack_store(types::I64, *w, slot, (8 * n) as i32);
        }
        let addr = self.b.ins().stack_addr(types::I64, slot, 0);
        (slot, addr)
    }

    /// Declares and defines `<f>.<kind><n>(ctx, lo, hi) -> status`, whose code
    /// `build` emits after the entry block, given a reader of `ctx`, `lo` and
    /// `hi`; `build` ends every path with a return. Returns the function and
    /// whether it can fail (an exception leaves through status 1).
    pub fn emit_outlined(&mut self, kind: &str, build: impl FnOnce(&mut FunctionCx, CtxReader, cl::Value, cl::Value)) -> (ClFuncId, bool) {
        let mut sig = cl::Signature::new(cranelift_codegen::isa::CallConv::SystemV);
        sig.params.extend([cl::AbiParam::new(types::I64); 3]);
        sig.returns.push(cl::AbiParam::new(types::I8));
        self.cx.outlined_count += 1;
        let name = format!("{}.{kind}{}", self.f.name, self.cx.outlined_count);
        let id = self.cx.obj.declare_function(&name, Linkage::Local, &sig).unwrap_or_else(|e| panic!("declaring {name}: {e}"));
        let mut func = cl::Function::with_name_signature(cl::UserFuncName::user(1, self.cx.outlined_count as u32), sig);
        let mut fctx = FunctionBuilderContext::new();
        let can_fail = {
            let b = FunctionBuilder::new(&mut func, &mut fctx);
            let mut o = FunctionCx::outlined(&mut *self.cx, self.m, self.f, b);
            let entry = o.b.create_block();
            o.b.append_block_params_for_function_params(entry);
            o.b.switch_to_block(entry);
            o.b.seal_block(entry);
            let params = o.b.block_params(entry).to_vec();
            build(&mut o, CtxReader { ctx: params[0], offset: 0 }, params[1], params[2]);
            o.finish_outlined()
        };
        if let Some(t) = self.cx.outlined_clif.as_mut() {
            t.push_str(&format!("; {name}\n{}\n", func.display()));
        }
        let mut ctx = cranelift_codegen::Context::for_function(func);
        if let Err(e) = self.cx.obj.define_function(id, &mut ctx) {
            panic!("compiling {name}: {e:?}");
        }
        (id, can_fail)
    }
}
