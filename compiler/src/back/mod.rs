//! The back end: kiln IR to a relocatable object file, through Cranelift.
//!
//! - `abi.rs`: how kiln types become machine values, signatures of compiled
//!   functions, and declarations of runtime entry points (from `abi.rs` of the
//!   runtime, the single source of truth);
//! - `clif.rs`: translation of one IR function (`FunctionCx`);
//! - `num.rs`: scalar arithmetic with Python and NumPy semantics;
//! - `array.rs`: array element access and allocation;
//! - `object.rs`: the exported wrappers, the module descriptor and `PyInit_<mod>`.
//!
//! Invariants: nothing here does I/O; every Cranelift error becomes an
//! internal-error message (a `String`), never a panic.

pub mod abi;
pub mod array;
pub mod clif;
pub mod complex;
pub mod container;
pub mod jit;
pub mod kernel;
pub mod loop_simd;
pub mod npcomplex;
pub mod num;
pub mod object;
pub mod outline;
pub mod parallel;
pub mod view;

use std::collections::HashMap;
use std::sync::Arc;

use cranelift_codegen::ir as cl;
use cranelift_codegen::isa::{self, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::FunctionBuilderContext;
use cranelift_module::{FuncId as ClFuncId, Linkage, Module as _};
use cranelift_object::{ObjectBuilder, ObjectModule};

use crate::ir;
use crate::middle::analysis::effects::ModuleEffects;

/// What the back end produces.
pub struct ObjectOutput {
    pub bytes: Vec<u8>,
    /// Cranelift IR text of every function, when requested.
    pub clif_text: Option<String>,
    /// `--report` lines on code generation decisions (SIMD width, threads).
    pub remarks: Vec<crate::middle::pass_manager::Remark>,
}

#[derive(Clone, Debug)]
pub struct BackendOptions {
    /// Cranelift `opt_level`: "none", "speed" or "speed_and_size".
    pub opt_level: &'static str,
    /// Keep the textual CLIF of every function.
    pub emit_clif: bool,
    /// Run Cranelift's verifier on every function.
    pub verify: bool,
    /// Target the host CPU's features (like `-march=native`); otherwise the baseline x86-64.
    pub native_cpu: bool,
}

impl Default for BackendOptions {
    fn default() -> Self {
        BackendOptions { opt_level: "speed", emit_clif: false, verify: cfg!(debug_assertions), native_cpu: true }
    }
}

pub fn make_isa(opts: &BackendOptions) -> Result<OwnedTargetIsa, String> {
    make_isa_pic(opts, true)
}

/// The ISA, position-independent or not (the JIT needs absolute addresses).
pub fn make_isa_pic(opts: &BackendOptions, pic: bool) -> Result<OwnedTargetIsa, String> {
    let mut flags = settings::builder();
    let set = |f: &mut settings::Builder, k: &str, v: &str| f.set(k, v).map_err(|e| format!("cranelift setting {k}={v}: {e}"));
    set(&mut flags, "opt_level", opts.opt_level)?;
    set(&mut flags, "is_pic", if pic { "true" } else { "false" })?;
    if !pic {
        set(&mut flags, "use_colocated_libcalls", "false")?;
    }
    set(&mut flags, "enable_multi_ret_implicit_sret", "true")?;
    set(&mut flags, "enable_verifier", if opts.verify { "true" } else { "false" })?;
    set(&mut flags, "preserve_frame_pointers", "true")?;
    let flags = settings::Flags::new(flags);
    let builder = if opts.native_cpu {
        cranelift_native::builder().map_err(|e| format!("host ISA: {e}"))?
    } else {
        isa::lookup(target_lexicon::Triple::host()).map_err(|e| format!("host ISA: {e}"))?
    };
    builder.finish(flags).map_err(|e| format!("building the ISA: {e}"))
}

/// A Cranelift module that can be taken back as its concrete type: the
/// object module for files, the JIT module for compile-time evaluation.
pub trait CodeModule: cranelift_module::Module + std::any::Any {
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any>;
}

impl<T: cranelift_module::Module + std::any::Any> CodeModule for T {
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }
}

/// Per-module codegen state shared by all functions.
pub struct ModuleCx {
    pub obj: Box<dyn CodeModule>,
    pub isa: Arc<dyn isa::TargetIsa>,
    /// Cranelift ids of kiln functions.
    pub funcs: HashMap<ir::FuncId, ClFuncId>,
    /// Imported symbols (runtime entry points, libm), by name.
    pub imports: HashMap<String, ClFuncId>,
    /// Read-only data already emitted, by content (strings, messages).
    pub data: HashMap<Vec<u8>, cranelift_module::DataId>,
    pub effects: ModuleEffects,
    data_counter: usize,
    /// Functions outlined from kernels so far (for unique names).
    pub outlined_count: usize,
    /// Cranelift IR text of outlined functions, when `--emit=clif` asks for it.
    pub outlined_clif: Option<String>,
    /// `--report` lines on code generation decisions.
    pub remarks: Vec<crate::middle::pass_manager::Remark>,
}

impl ModuleCx {
    pub fn new(obj: Box<dyn CodeModule>, isa: Arc<dyn isa::TargetIsa>, effects: ModuleEffects) -> ModuleCx {
        ModuleCx {
            obj,
            isa,
            funcs: HashMap::new(),
            imports: HashMap::new(),
            data: HashMap::new(),
            effects,
            data_counter: 0,
            outlined_count: 0,
            outlined_clif: None,
            remarks: Vec::new(),
        }
    }

    /// A read-only, NUL-terminated copy of `bytes` in the object.
    pub fn rodata(&mut self, bytes: &[u8]) -> Result<cranelift_module::DataId, String> {
        let mut content = bytes.to_vec();
        content.push(0);
        if let Some(id) = self.data.get(&content) {
            return Ok(*id);
        }
        self.data_counter += 1;
        let name = format!("__kiln_rodata_{}", self.data_counter);
        let id = self.obj.declare_data(&name, Linkage::Local, false, false).map_err(|e| e.to_string())?;
        let mut desc = cranelift_module::DataDescription::new();
        desc.define(content.clone().into_boxed_slice());
        self.obj.define_data(id, &desc).map_err(|e| e.to_string())?;
        self.data.insert(content, id);
        Ok(id)
    }

    /// An immortal static `KStr` (negative count, cached hash unset) holding `text`.
    pub fn static_str(&mut self, text: &str) -> Result<cranelift_module::DataId, String> {
        use std::mem::{offset_of, size_of};
        let mut key = b"\x00kstr:".to_vec();
        key.extend_from_slice(text.as_bytes());
        if let Some(id) = self.data.get(&key) {
            return Ok(*id);
        }
        let bytes = self.rodata(text.as_bytes())?;
        self.data_counter += 1;
        let name = format!("__kiln_str_{}", self.data_counter);
        let id = self.obj.declare_data(&name, Linkage::Local, false, false).map_err(|e| e.to_string())?;
        let mut content = vec![0u8; size_of::<crate::abi::KStr>()];
        let mut put = |at: usize, v: i64| content[at..at + 8].copy_from_slice(&v.to_le_bytes());
        put(offset_of!(crate::abi::KStr, refcnt), -1);
        put(offset_of!(crate::abi::KStr, len), text.len() as i64);
        put(offset_of!(crate::abi::KStr, nchars), text.chars().count() as i64);
        put(offset_of!(crate::abi::KStr, hash), -1);
        let mut desc = cranelift_module::DataDescription::new();
        desc.define(content.into_boxed_slice());
        desc.set_align(8);
        let gv = self.obj.declare_data_in_data(bytes, &mut desc);
        desc.write_data_addr(offset_of!(crate::abi::KStr, data) as u32, gv, 0);
        self.obj.define_data(id, &desc).map_err(|e| e.to_string())?;
        self.data.insert(key, id);
        Ok(id)
    }

    /// An immortal static `KList` (negative count) holding `list`'s words,
    /// in read-only data: nothing ever writes to it (the runtime checks
    /// `check_mutable`; compiled code never stores into a constant list).
    pub fn static_list(&mut self, list: &crate::ir::ConstList) -> Result<cranelift_module::DataId, String> {
        use std::mem::{offset_of, size_of};
        let mut key = b"\x00klist:".to_vec();
        let mut code = Vec::new();
        object::encode_type(&list.elem, &mut code);
        key.extend_from_slice(&(code.len() as u64).to_le_bytes());
        key.extend_from_slice(&code);
        list.words.iter().for_each(|w| key.extend_from_slice(&w.to_le_bytes()));
        if let Some(id) = self.data.get(&key) {
            return Ok(*id);
        }
        let ty = self.rodata(&code)?;
        // The elements (one zero word for an empty list: `data` is never null).
        self.data_counter += 1;
        let words = self
            .obj
            .declare_data(&format!("__kiln_list_words_{}", self.data_counter), Linkage::Local, false, false)
            .map_err(|e| e.to_string())?;
        let mut desc = cranelift_module::DataDescription::new();
        let bytes: Vec<u8> = if list.words.is_empty() { vec![0; 8] } else { list.words.iter().flat_map(|w| w.to_le_bytes()).collect() };
        desc.define(bytes.into_boxed_slice());
        desc.set_align(8);
        self.obj.define_data(words, &desc).map_err(|e| e.to_string())?;
        // The list header.
        let id = self
            .obj
            .declare_data(&format!("__kiln_list_{}", self.data_counter), Linkage::Local, false, false)
            .map_err(|e| e.to_string())?;
        let mut content = vec![0u8; size_of::<crate::abi::KList>()];
        let n = list.len() as i64;
        let mut put = |at: usize, v: i64| content[at..at + 8].copy_from_slice(&v.to_le_bytes());
        put(offset_of!(crate::abi::KList, refcnt), -1);
        put(offset_of!(crate::abi::KList, len), n);
        put(offset_of!(crate::abi::KList, cap), n);
        let mut desc = cranelift_module::DataDescription::new();
        desc.define(content.into_boxed_slice());
        desc.set_align(8);
        let gw = self.obj.declare_data_in_data(words, &mut desc);
        desc.write_data_addr(offset_of!(crate::abi::KList, data) as u32, gw, 0);
        let gt = self.obj.declare_data_in_data(ty, &mut desc);
        desc.write_data_addr(offset_of!(crate::abi::KList, ty) as u32, gt, 0);
        self.obj.define_data(id, &desc).map_err(|e| e.to_string())?;
        self.data.insert(key, id);
        Ok(id)
    }

    /// Declares (once) an imported function by symbol name and signature.
    pub fn import(&mut self, name: &str, sig: &cl::Signature) -> Result<ClFuncId, String> {
        if let Some(id) = self.imports.get(name) {
            return Ok(*id);
        }
        let id = self.obj.declare_function(name, Linkage::Import, sig).map_err(|e| format!("declaring {name}: {e}"))?;
        self.imports.insert(name.to_string(), id);
        Ok(id)
    }
}

/// Compiles a whole module to an object file.
pub fn compile_module(m: &ir::Module, opts: &BackendOptions) -> Result<ObjectOutput, String> {
    let isa = make_isa(opts)?;
    let builder = ObjectBuilder::new(isa.clone(), m.name.as_bytes().to_vec(), cranelift_module::default_libcall_names())
        .map_err(|e| format!("object builder: {e}"))?;
    let obj = ObjectModule::new(builder);
    let effects = crate::middle::analysis::effects::analyze(m);
    let mut cx = ModuleCx::new(Box::new(obj), isa.clone(), effects);
    cx.outlined_clif = opts.emit_clif.then(String::new);

    // Declare every function first so that calls can refer to any of them.
    for (id, f) in m.funcs.iter().filter(|(_, f)| !f.dead) {
        let sig = abi::function_signature(&cx, m, id);
        let cid = cx.obj.declare_function(&f.name, Linkage::Local, &sig).map_err(|e| format!("declaring {}: {e}", f.name))?;
        cx.funcs.insert(id, cid);
    }

    let mut fctx = FunctionBuilderContext::new();
    let mut ctx = Context::new();
    let mut clif_text = opts.emit_clif.then(String::new);
    for (id, f) in m.funcs.iter().filter(|(_, f)| !f.dead) {
        ctx.clear();
        ctx.func.signature = abi::function_signature(&cx, m, id);
        ctx.func.name = cl::UserFuncName::user(0, id.as_u32());
        clif::translate_function(&mut cx, m, id, f, &mut ctx.func, &mut fctx)?;
        if let Some(t) = clif_text.as_mut() {
            t.push_str(&format!("; {}\n{}\n", f.name, ctx.func.display()));
            t.push_str(&cx.outlined_clif.as_mut().map(std::mem::take).unwrap_or_default());
        }
        let cid = cx.funcs[&id];
        cx.obj.define_function(cid, &mut ctx).map_err(|e| format!("compiling {}: {}", f.name, describe_codegen_error(&e, &ctx)))?;
    }

    object::emit_exports(&mut cx, m, &mut ctx, &mut fctx)?;
    let obj = cx.obj.into_any().downcast::<ObjectModule>().map_err(|_| "the object module changed type".to_string())?;
    let product = obj.finish();
    let bytes = product.emit().map_err(|e| format!("writing the object: {e}"))?;
    Ok(ObjectOutput { bytes, clif_text, remarks: std::mem::take(&mut cx.remarks) })
}

fn describe_codegen_error(e: &cranelift_module::ModuleError, ctx: &Context) -> String {
    match e {
        cranelift_module::ModuleError::Compilation(cranelift_codegen::CodegenError::Verifier(errs)) => {
            format!("verifier errors:\n{}\n{}", errs, ctx.func.display())
        }
        other => format!("{other:?}"),
    }
}
