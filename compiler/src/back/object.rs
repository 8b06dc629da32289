//! The Python-facing part of the object: one uniform wrapper per exported
//! overload, the `ModuleDesc` tables the runtime reads, and `PyInit_<mod>`.
//!
//! Wrappers have the signature `extern "C" fn(args: *const u64, ret: *mut u64) -> i32`
//! (`abi::WrapperFn`): they read each argument's parts from consecutive
//! words, call the compiled instance, and write the result's parts back. The
//! tables' layouts come from the runtime's `abi.rs` structs themselves
//! (`offset_of!`), so compiler and runtime cannot disagree.

use std::mem::{offset_of, size_of};

use cranelift_codegen::ir::{self as cl, types, AbiParam, InstBuilder, MemFlagsData};
use cranelift_codegen::isa::CallConv;
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{DataDescription, DataId, Linkage, Module as _};

use super::abi::parts;
use super::container::{from_word, to_word};
use super::ModuleCx;
use crate::abi::{self, tycode, ConstDesc, FuncDesc, ModuleDesc, OverloadDesc};
use crate::ir;
use crate::types::{Layout, Type};

/// The trampoline's code for a result type.
pub fn encode_type(ty: &Type, out: &mut Vec<u8>) {
    match ty {
        Type::Bottom | Type::None => out.push(tycode::NONE),
        Type::Bool => out.push(tycode::BOOL),
        Type::Int => out.push(tycode::INT),
        Type::Float => out.push(tycode::FLOAT),
        Type::Complex => out.push(tycode::COMPLEX),
        Type::Str => out.push(tycode::STR),
        Type::Scalar(d) => out.extend([tycode::NPSCALAR, *d as u8]),
        Type::DTypeObj(d) => out.extend([tycode::DTYPE, *d as u8]),
        Type::Array(a) => {
            out.extend([tycode::ARRAY, a.dtype as u8, a.ndim, if a.layout == Layout::C { abi::layout::C } else { abi::layout::STRIDED }])
        }
        Type::Tuple(items) => {
            out.extend([tycode::TUPLE, items.len() as u8]);
            for t in items.iter() {
                encode_type(t, out);
            }
        }
        Type::List(e) => {
            out.push(tycode::LIST);
            encode_type(e, out);
        }
        Type::Set(e) => {
            out.push(tycode::SET);
            encode_type(e, out);
        }
        Type::Dict(kv) => {
            out.push(tycode::DICT);
            encode_type(&kv.0, out);
            encode_type(&kv.1, out);
        }
    }
}

fn wrapper_signature() -> cl::Signature {
    let mut sig = cl::Signature::new(CallConv::SystemV);
    sig.params.push(AbiParam::new(types::I64));
    sig.params.push(AbiParam::new(types::I64));
    sig.returns.push(AbiParam::new(types::I32));
    sig
}

/// Defines a wrapper for `func`; returns its Cranelift id.
fn define_wrapper(
    cx: &mut ModuleCx,
    m: &ir::Module,
    func: ir::FuncId,
    name: &str,
    ctx: &mut Context,
    fctx: &mut FunctionBuilderContext,
) -> Result<cranelift_module::FuncId, String> {
    let f = &m.funcs[func];
    let sig = wrapper_signature();
    let wid = cx.obj.declare_function(name, Linkage::Local, &sig).map_err(|e| e.to_string())?;
    ctx.clear();
    ctx.func.signature = sig;
    {
        let mut b = FunctionBuilder::new(&mut ctx.func, fctx);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let (args_ptr, ret_ptr) = (b.block_params(entry)[0], b.block_params(entry)[1]);
        let mut call_args = Vec::new();
        let mut word = 0i32;
        for p in &f.params {
            for t in parts(f.ty(*p)) {
                let w = b.ins().load(types::I64, MemFlagsData::trusted(), args_ptr, word * 8);
                call_args.push(from_word(&mut b, w, t));
                word += 1;
            }
        }
        let callee = cx.obj.declare_func_in_func(cx.funcs[&func], b.func);
        let call = b.ins().call(callee, &call_args);
        let mut results = b.inst_results(call).to_vec();
        let status = if cx.effects.may_raise(func) {
            let s = results.pop().expect("status");
            b.ins().uextend(types::I32, s)
        } else {
            b.ins().iconst(types::I32, 0)
        };
        // On error the results are zeros and the runtime ignores them.
        for (n, r) in results.iter().enumerate() {
            let w = to_word(&mut b, *r);
            b.ins().store(MemFlagsData::trusted(), w, ret_ptr, (n * 8) as i32);
        }
        b.ins().return_(&[status]);
        b.seal_all_blocks();
        b.finalize(cx.isa.frontend_config());
    }
    cx.obj.define_function(wid, ctx).map_err(|e| format!("compiling wrapper {name}: {e:?}"))?;
    Ok(wid)
}

/// A data object whose bytes and pointer relocations are built up in place.
struct Table {
    bytes: Vec<u8>,
    relocs: Vec<(usize, Reloc)>,
}

enum Reloc {
    Data(DataId),
    Func(cranelift_module::FuncId),
}

impl Table {
    fn new(size: usize) -> Table {
        Table { bytes: vec![0; size], relocs: Vec::new() }
    }

    fn u32(&mut self, at: usize, v: u32) {
        self.bytes[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }

    fn u64(&mut self, at: usize, v: u64) {
        self.bytes[at..at + 8].copy_from_slice(&v.to_le_bytes());
    }

    fn data_ptr(&mut self, at: usize, d: DataId) {
        self.relocs.push((at, Reloc::Data(d)));
    }

    fn func_ptr(&mut self, at: usize, f: cranelift_module::FuncId) {
        self.relocs.push((at, Reloc::Func(f)));
    }

    fn define(self, cx: &mut ModuleCx, name: &str) -> Result<DataId, String> {
        let id = cx.obj.declare_data(name, Linkage::Local, false, false).map_err(|e| e.to_string())?;
        let mut desc = DataDescription::new();
        desc.define(self.bytes.into_boxed_slice());
        desc.set_align(8);
        for (at, r) in self.relocs {
            match r {
                Reloc::Data(d) => {
                    let gv = cx.obj.declare_data_in_data(d, &mut desc);
                    desc.write_data_addr(at as u32, gv, 0);
                }
                Reloc::Func(f) => {
                    let fr = cx.obj.declare_func_in_data(f, &mut desc);
                    desc.write_function_addr(at as u32, fr);
                }
            }
        }
        cx.obj.define_data(id, &desc).map_err(|e| e.to_string())?;
        Ok(id)
    }
}

/// Emits the wrappers, the descriptor tables and `PyInit_<mod>`.
pub fn emit_exports(cx: &mut ModuleCx, m: &ir::Module, ctx: &mut Context, fctx: &mut FunctionBuilderContext) -> Result<(), String> {
    let mut func_table = Table::new(m.exports.len() * size_of::<FuncDesc>());
    let mut wrapper_count = 0;
    for (fi, e) in m.exports.iter().enumerate() {
        let mut ov_table = Table::new(e.overloads.len() * size_of::<OverloadDesc>());
        for (oi, o) in e.overloads.iter().enumerate() {
            wrapper_count += 1;
            let wid = define_wrapper(cx, m, o.func, &format!("__kiln_wrap_{wrapper_count}"), ctx, fctx)?;
            let base = oi * size_of::<OverloadDesc>();
            let sig = cx.rodata(o.signature.as_bytes())?;
            let args: Vec<u8> = o.arg_codes.concat();
            let args_id = cx.rodata(&args)?;
            let mut ret = Vec::new();
            encode_type(&m.funcs[o.func].ret, &mut ret);
            let ret_id = cx.rodata(&ret)?;
            ov_table.data_ptr(base + offset_of!(OverloadDesc, signature), sig);
            ov_table.data_ptr(base + offset_of!(OverloadDesc, arg_types), args_id);
            ov_table.u32(base + offset_of!(OverloadDesc, arg_types_len), args.len() as u32);
            ov_table.u32(base + offset_of!(OverloadDesc, nargs), o.arg_codes.len() as u32);
            ov_table.data_ptr(base + offset_of!(OverloadDesc, ret_type), ret_id);
            ov_table.u32(base + offset_of!(OverloadDesc, ret_type_len), ret.len() as u32);
            ov_table.u64(base + offset_of!(OverloadDesc, written_args), cx.effects.written_mask(o.func));
            ov_table.func_ptr(base + offset_of!(OverloadDesc, wrapper), wid);
        }
        let ov_id = ov_table.define(cx, &format!("__kiln_overloads_{fi}"))?;
        let base = fi * size_of::<FuncDesc>();
        let name = cx.rodata(e.name.as_bytes())?;
        func_table.data_ptr(base + offset_of!(FuncDesc, name), name);
        func_table.u32(base + offset_of!(FuncDesc, noverloads), e.overloads.len() as u32);
        func_table.data_ptr(base + offset_of!(FuncDesc, overloads), ov_id);
    }
    let funcs_id = func_table.define(cx, "__kiln_funcs")?;
    let consts_id = Table::new(size_of::<ConstDesc>()).define(cx, "__kiln_consts")?;

    let mut desc = Table::new(size_of::<ModuleDesc>());
    desc.u32(offset_of!(ModuleDesc, abi_version), abi::ABI_VERSION);
    desc.u32(offset_of!(ModuleDesc, nfuncs), m.exports.len() as u32);
    let name = cx.rodata(m.name.as_bytes())?;
    desc.data_ptr(offset_of!(ModuleDesc, name), name);
    desc.data_ptr(offset_of!(ModuleDesc, funcs), funcs_id);
    desc.u32(offset_of!(ModuleDesc, nconsts), 0);
    desc.data_ptr(offset_of!(ModuleDesc, consts), consts_id);
    if let Some(doc) = &m.doc {
        let d = cx.rodata(doc.as_bytes())?;
        desc.data_ptr(offset_of!(ModuleDesc, doc), d);
    }
    let desc_id = desc.define(cx, "__kiln_module_desc")?;

    // PyInit_<mod>: the only exported symbol.
    let mut sig = cl::Signature::new(CallConv::SystemV);
    sig.returns.push(AbiParam::new(types::I64));
    let init_name = format!("PyInit_{}", m.name);
    let init = cx.obj.declare_function(&init_name, Linkage::Export, &sig).map_err(|e| e.to_string())?;
    ctx.clear();
    ctx.func.signature = sig;
    {
        let make_sig = super::abi::runtime_signature("kiln_make_module")?;
        let make = cx.import("kiln_make_module", &make_sig)?;
        let mut b = FunctionBuilder::new(&mut ctx.func, fctx);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let gv = cx.obj.declare_data_in_func(desc_id, b.func);
        let addr = b.ins().symbol_value(types::I64, gv);
        let fr = cx.obj.declare_func_in_func(make, b.func);
        let call = b.ins().call(fr, &[addr]);
        let r = b.inst_results(call)[0];
        b.ins().return_(&[r]);
        b.seal_all_blocks();
        b.finalize(cx.isa.frontend_config());
    }
    cx.obj.define_function(init, ctx).map_err(|e| format!("compiling {init_name}: {e:?}"))?;
    Ok(())
}
