//! In-memory compilation of kiln functions with `cranelift-jit`, for
//! compile-time evaluation (`middle::opt::jit_eval`).
//!
//! The functions are translated by the same code as for object files
//! (`clif::translate_function`), into a non-PIC JIT module, plus one wrapper
//! `extern "C" fn(args: *const u64, ret: *mut u64)` that reads the root
//! function's scalar arguments (one 64-bit word each), calls it, and writes
//! its status to `ret[0]` (1: it raised, an exception is pending) and its
//! result's parts, one word each (`container::to_word`), to `ret[1..]`.
//!
//! Runtime entry points resolve to the runtime linked into the compiler
//! (`kiln_runtime::entry_check::symbol_table`, every entry but the CPython
//! glue's); other imports (libm) to the process's own symbols (`dlsym`).
//!
//! Invariants: only functions whose parameters are Python scalars (`int`,
//! `float`, `bool`) are accepted, and only when every import resolves;
//! otherwise an error string. The code is never run in this process (see
//! `jit_eval`); `Jitted::free` releases it.

use std::sync::Arc;

use cranelift_codegen::ir::{self as cl, types, AbiParam, InstBuilder, MemFlagsData};
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{Linkage, Module as _};

use super::{abi, clif, make_isa_pic, BackendOptions, ModuleCx};
use crate::ir;
use crate::middle::analysis::effects::ModuleEffects;
use crate::types::Type;

/// Finalized machine code of some functions and the wrapper of one of them.
pub struct Jitted {
    module: JITModule,
    /// `extern "C" fn(args: *const u64, ret: *mut u64)`.
    pub entry: *const u8,
}

impl Jitted {
    /// Releases the code. The caller guarantees that nothing runs it any more.
    pub fn free(self) {
        // SAFETY: `entry` points into this module's memory, which no thread of
        // this process executes (evaluation runs in a child process).
        unsafe { self.module.free_memory() };
    }
}

fn scalar(t: &Type) -> bool {
    matches!(t, Type::Int | Type::Float | Type::Bool)
}

/// Whether `name` is a symbol of this process (libm, libc).
fn process_symbol(name: &str) -> bool {
    let Ok(c) = std::ffi::CString::new(name) else { return false };
    // SAFETY: a lookup of a NUL-terminated name; nothing is called.
    !unsafe { libc::dlsym(libc::RTLD_DEFAULT, c.as_ptr()) }.is_null()
}

/// Compiles `funcs` (which must include `root` and everything it calls) and
/// a wrapper calling `root`.
pub fn jit_function(m: &ir::Module, root: ir::FuncId, funcs: &[ir::FuncId], effects: ModuleEffects) -> Result<Jitted, String> {
    let f = &m.funcs[root];
    if !f.params.iter().all(|p| scalar(f.ty(*p))) {
        return Err("only functions of Python scalars are evaluated".into());
    }
    let raises = effects.may_raise(root);
    let opts = BackendOptions { opt_level: "speed", emit_clif: false, verify: false, native_cpu: true };
    let isa = make_isa_pic(&opts, false)?;
    let mut jb = JITBuilder::with_isa(isa.clone(), cranelift_module::default_libcall_names());
    let runtime = kiln_runtime::entry_check::symbol_table();
    jb.symbols(runtime.iter().copied());
    let jm = JITModule::new(jb);
    let isa: Arc<dyn cranelift_codegen::isa::TargetIsa> = isa;
    let mut cx = ModuleCx::new(Box::new(jm), isa, effects);
    for id in funcs {
        let sig = abi::function_signature(&cx, m, *id);
        let name = &m.funcs[*id].name;
        let cid = cx.obj.declare_function(name, Linkage::Local, &sig).map_err(|e| format!("declaring {name}: {e}"))?;
        cx.funcs.insert(*id, cid);
    }
    let mut fctx = FunctionBuilderContext::new();
    let mut ctx = Context::new();
    for id in funcs {
        ctx.clear();
        ctx.func.signature = abi::function_signature(&cx, m, *id);
        ctx.func.name = cl::UserFuncName::user(0, id.as_u32());
        clif::translate_function(&mut cx, m, *id, &m.funcs[*id], &mut ctx.func, &mut fctx)?;
        let cid = cx.funcs[id];
        cx.obj.define_function(cid, &mut ctx).map_err(|e| format!("compiling {}: {e:?}", m.funcs[*id].name))?;
    }
    let mut missing: Vec<&String> = cx.imports.keys().filter(|n| !runtime.iter().any(|(r, _)| r == n) && !process_symbol(n)).collect();
    if !missing.is_empty() {
        missing.sort();
        return Err(format!("the code calls {}", missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")));
    }

    // The wrapper.
    let ptr = types::I64;
    let mut wsig = cl::Signature::new(cranelift_codegen::isa::CallConv::SystemV);
    wsig.params.extend([AbiParam::new(ptr), AbiParam::new(ptr)]);
    let wid = cx.obj.declare_function("__kiln_jit_entry", Linkage::Local, &wsig).map_err(|e| e.to_string())?;
    ctx.clear();
    ctx.func.signature = wsig;
    {
        let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
        let blk = b.create_block();
        b.append_block_params_for_function_params(blk);
        b.switch_to_block(blk);
        b.seal_block(blk);
        let (args_p, ret_p) = (b.block_params(blk)[0], b.block_params(blk)[1]);
        let flags = MemFlagsData::trusted();
        let mut args = Vec::new();
        for (k, p) in f.params.iter().enumerate() {
            for part in abi::parts(f.ty(*p)) {
                args.push(b.ins().load(part, flags, args_p, (8 * k) as i32));
            }
        }
        let callee = cx.obj.declare_func_in_func(cx.funcs[&root], b.func);
        let call = b.ins().call(callee, &args);
        let mut results = b.inst_results(call).to_vec();
        let status = if raises {
            let s = results.pop().expect("status result");
            b.ins().uextend(types::I64, s)
        } else {
            b.ins().iconst(types::I64, 0)
        };
        b.ins().store(flags, status, ret_p, 0);
        for (k, r) in results.into_iter().enumerate() {
            let w = super::container::to_word(&mut b, r);
            b.ins().store(flags, w, ret_p, 8 * (k as i32 + 1));
        }
        b.ins().return_(&[]);
        b.finalize(cx.isa.frontend_config());
    }
    cx.obj.define_function(wid, &mut ctx).map_err(|e| format!("compiling the wrapper: {e:?}"))?;
    let mut jm = *cx.obj.into_any().downcast::<JITModule>().map_err(|_| "the JIT module changed type".to_string())?;
    jm.finalize_definitions().map_err(|e| e.to_string())?;
    let entry = jm.get_finalized_function(wid);
    Ok(Jitted { module: jm, entry })
}
