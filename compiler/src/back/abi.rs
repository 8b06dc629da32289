//! Machine representation of kiln values and calling conventions.
//!
//! A kiln value is a list of Cranelift values, its *parts*:
//! - bool: one `i8` (0/1); int: one `i64`; float: one `f64`;
//! - NumPy scalars: one value of the dtype's machine type (`i32`, `f32`, ...);
//! - None: no parts;
//! - array: data pointer, owner (`*mut KBuf`), then `ndim` shape values and
//!   `ndim` strides in bytes, all `i64`;
//! - tuple: its items' parts in order;
//! - str, list, set, dict: one pointer to the runtime object (a counted reference).
//!
//! The same order is used for parameters, results and the flattened words of
//! exported wrappers (`abi::flat_words` in the runtime), so that the three agree.
//! A function that may raise returns one extra `i8` status after its results.

use cranelift_codegen::ir::{self as cl, types, AbiParam};
use cranelift_codegen::isa::CallConv;

use super::ModuleCx;
use crate::abi::AbiTy;
use crate::ir;
use crate::types::{DType, Type};

pub const PTR: cl::Type = types::I64;

/// The machine type of one element of a dtype (complex: of each half).
pub fn dtype_clif(d: DType) -> cl::Type {
    match d {
        DType::Bool | DType::I8 | DType::U8 => types::I8,
        DType::I16 | DType::U16 => types::I16,
        DType::I32 | DType::U32 => types::I32,
        DType::I64 | DType::U64 => types::I64,
        DType::F32 | DType::C64 => types::F32,
        DType::F64 | DType::C128 => types::F64,
    }
}

/// The parts of a value of type `ty`.
pub fn parts(ty: &Type) -> Vec<cl::Type> {
    let mut out = Vec::new();
    push_parts(ty, &mut out);
    out
}

fn push_parts(ty: &Type, out: &mut Vec<cl::Type>) {
    match ty {
        Type::Bottom | Type::None | Type::DTypeObj(_) => {}
        Type::Bool => out.push(types::I8),
        Type::Int => out.push(types::I64),
        Type::Float => out.push(types::F64),
        Type::Complex => out.extend([types::F64, types::F64]),
        Type::Scalar(d) => {
            out.push(dtype_clif(*d));
            if d.is_complex() {
                out.push(dtype_clif(*d));
            }
        }
        Type::Array(a) => out.extend(std::iter::repeat_n(types::I64, 2 + 2 * a.ndim as usize)),
        Type::Tuple(items) => items.iter().for_each(|t| push_parts(t, out)),
        Type::Str | Type::List(_) | Type::Set(_) | Type::Dict(_) => out.push(PTR),
    }
}

/// What a counted part points at, which selects its release function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefKind {
    /// An array's owner (`*mut KBuf`).
    Buf,
    Str,
    List,
    Set,
    Dict,
}

impl RefKind {
    /// The entry that frees an object whose count compiled code took to
    /// zero: str/list/set/dict counts are updated inline
    /// (`FunctionCx::obj_count_update`). None for arrays, whose counts go
    /// through `kiln_buf_incref`/`kiln_buf_decref`.
    pub fn free_fn(self) -> Option<&'static str> {
        match self {
            RefKind::Buf => None,
            RefKind::Str => Some("kiln_str_free"),
            RefKind::List => Some("kiln_list_free"),
            RefKind::Set => Some("kiln_set_free"),
            RefKind::Dict => Some("kiln_dict_free"),
        }
    }
}

/// Indices (into `parts(ty)`) of the parts that are counted references, with their kinds.
pub fn ref_parts(ty: &Type) -> Vec<(usize, RefKind)> {
    let mut out = Vec::new();
    let mut pos = 0;
    push_ref_parts(ty, &mut pos, &mut out);
    out
}

fn push_ref_parts(ty: &Type, pos: &mut usize, out: &mut Vec<(usize, RefKind)>) {
    let obj = match ty {
        Type::Str => Some(RefKind::Str),
        Type::List(_) => Some(RefKind::List),
        Type::Set(_) => Some(RefKind::Set),
        Type::Dict(_) => Some(RefKind::Dict),
        _ => None,
    };
    if let Some(k) = obj {
        out.push((*pos, k));
        *pos += 1;
        return;
    }
    match ty {
        Type::Array(a) => {
            out.push((*pos + 1, RefKind::Buf));
            *pos += 2 + 2 * a.ndim as usize;
        }
        Type::Tuple(items) => items.iter().for_each(|t| push_ref_parts(t, pos, out)),
        other => *pos += parts(other).len(),
    }
}

/// The Cranelift signature of kiln function `id`.
pub fn function_signature(cx: &ModuleCx, m: &ir::Module, id: ir::FuncId) -> cl::Signature {
    let f = &m.funcs[id];
    let mut sig = cl::Signature::new(CallConv::SystemV);
    for p in &f.params {
        sig.params.extend(parts(f.ty(*p)).into_iter().map(AbiParam::new));
    }
    sig.returns.extend(parts(&f.ret).into_iter().map(AbiParam::new));
    if cx.effects.may_raise(id) {
        sig.returns.push(AbiParam::new(types::I8));
    }
    sig
}

fn abi_clif(t: AbiTy) -> cl::Type {
    match t {
        AbiTy::I8 => types::I8,
        AbiTy::I32 => types::I32,
        AbiTy::I64 | AbiTy::Ptr => types::I64,
        AbiTy::F32 => types::F32,
        AbiTy::F64 => types::F64,
    }
}

/// The signature of a runtime entry point, from the shared ABI table.
pub fn runtime_signature(name: &str) -> Result<cl::Signature, String> {
    let e = crate::abi::entry(name).ok_or_else(|| format!("internal error: runtime entry point `{name}` is not in the ABI table"))?;
    let mut sig = cl::Signature::new(CallConv::SystemV);
    sig.params.extend(e.params.iter().map(|t| AbiParam::new(abi_clif(*t))));
    sig.returns.extend(e.returns.iter().map(|t| AbiParam::new(abi_clif(*t))));
    Ok(sig)
}

/// The signature of a C math function of `arity` floats (`sinf`).
pub fn libm_signature_f32(arity: usize) -> cl::Signature {
    let mut sig = cl::Signature::new(CallConv::SystemV);
    sig.params.extend(std::iter::repeat_n(AbiParam::new(types::F32), arity));
    sig.returns.push(AbiParam::new(types::F32));
    sig
}

/// The signature of a C math function of `arity` doubles.
pub fn libm_signature(arity: usize) -> cl::Signature {
    let mut sig = cl::Signature::new(CallConv::SystemV);
    sig.params.extend(std::iter::repeat_n(AbiParam::new(types::F64), arity));
    sig.returns.push(AbiParam::new(types::F64));
    sig
}
