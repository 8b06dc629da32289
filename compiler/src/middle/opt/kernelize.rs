//! Kernel formation: elementwise array operations become loop nests.
//!
//! Every `Op::Elementwise` becomes a `Stmt::Kernel` whose scalar body applies
//! the function to one element of each input (with NumPy's computation
//! dtype from `numpy_rules`), writing a new array. `Op::AssignInto` of a
//! scalar becomes a kernel that fills the destination; assignment of an
//! array stays an operation (the runtime's overlap-safe broadcasting copy).
//!
//! This pass always runs (code generation only knows kernels). Fusion of
//! chains of elementwise operations into one kernel builds on it.
//!
//! Uses: nothing cached. Preserves: nothing.

use crate::ir::{self, Block, ElemFn, Function, KernelData, KernelDest, Module, Op, Stmt, Value, ValueDef};
use crate::middle::pass_manager::{AnalysisCache, Pass, PassResult, Remark};
use crate::numpy_rules;
use crate::types::Type;

pub struct Kernelize;

impl Pass for Kernelize {
    fn name(&self) -> &'static str {
        "kernelize"
    }

    fn run(&self, m: &mut Module, _am: &mut AnalysisCache, _remarks: &mut Vec<Remark>) -> PassResult {
        let mut changed = false;
        for f in m.funcs.values_mut() {
            for b in f.blocks_preorder() {
                changed |= kernelize_block(f, b);
            }
        }
        PassResult::changed(changed)
    }
}

/// The element type a kernel sees for an input.
fn elem_type(t: &Type) -> Type {
    match t {
        Type::Array(a) => Type::Scalar(a.dtype),
        other => other.clone(),
    }
}

/// Loads in block `b` that read the same variable with no store in between
/// are the same value: maps each to the first such load.
fn same_loads(f: &Function, b: Block) -> std::collections::HashMap<Value, Value> {
    let mut first: std::collections::HashMap<crate::ir::Slot, Value> = std::collections::HashMap::new();
    let mut out = std::collections::HashMap::new();
    for s in &f.blocks[b].stmts {
        match s {
            Stmt::Inst(i) => match f.insts[*i].op {
                Op::Load(sl) => {
                    let r = f.insts[*i].results[0];
                    let canon = *first.entry(sl).or_insert(r);
                    out.insert(r, canon);
                }
                Op::Store(sl) => {
                    first.remove(&sl);
                }
                _ => {}
            },
            // Control flow may store anything.
            _ => first.clear(),
        }
    }
    out
}

fn kernelize_block(f: &mut Function, b: Block) -> bool {
    let mut changed = false;
    let canon = same_loads(f, b);
    for k in 0..f.blocks[b].stmts.len() {
        let Stmt::Inst(i) = f.blocks[b].stmts[k] else { continue };
        let (op, args, span) = (f.insts[i].op.clone(), f.insts[i].args.clone(), f.insts[i].span);
        let args: Vec<Value> = args.iter().map(|a| canon.get(a).copied().unwrap_or(*a)).collect();
        let kernel = match op {
            Op::Elementwise(fun) => {
                let out = f.insts[i].results[0];
                let Some(at) = f.ty(out).as_array() else { continue };
                let types: Vec<Type> = args.iter().map(|a| f.ty(*a).clone()).collect();
                let (comp, result) = match &fun {
                    ElemFn::Cast => (at.dtype, at.dtype),
                    other => match numpy_rules::elementwise(other, &types) {
                        Ok(r) => r,
                        Err(_) => continue,
                    },
                };
                let body = f.new_block();
                // Each distinct value is one input (`b * b` reads b once per element).
                let mut inputs: Vec<Value> = Vec::new();
                for a in &args {
                    if !inputs.contains(a) {
                        inputs.push(*a);
                    }
                }
                let in_types: Vec<Type> = inputs.iter().map(|a| f.ty(*a).clone()).collect();
                let elems = make_elems(f, body, &in_types);
                // Constant operands are copied into the body, where the
                // scalar code can specialize on them (`x ** 2` is `x * x`).
                let operands: Vec<Value> = args
                    .iter()
                    .map(|a| {
                        let e = elems[inputs.iter().position(|x| x == a).expect("collected above")];
                        match f.def_inst(*a).map(|i| f.insts[i].op.clone()) {
                            Some(Op::Const(c)) => ir::build::append(f, body, Op::Const(c), vec![], f.ty(*a).clone(), span),
                            _ => e,
                        }
                    })
                    .collect();
                let res = ir::build::elementwise_scalar(f, body, &fun, &operands, comp, result, span);
                f.values[out].def = ValueDef::KernelOut(body);
                // np.where and np.clip report scalar operands' shapes too, as `()`.
                let group: Vec<u32> = if matches!(fun, ElemFn::Select | ElemFn::Clip { .. }) {
                    (0..inputs.len() as u32).collect()
                } else {
                    array_inputs(f, &inputs)
                };
                KernelData { inputs, elems, body, result: res, dest: KernelDest::New(out), checks: vec![group], span }
            }
            Op::AssignInto if f.ty(args[1]).as_array().is_none() => {
                let body = f.new_block();
                let elems = make_elems(f, body, &[f.ty(args[1]).clone()]);
                KernelData {
                    inputs: vec![args[1]],
                    elems: elems.clone(),
                    body,
                    result: elems[0],
                    dest: KernelDest::Into(args[0]),
                    checks: Vec::new(),
                    span,
                }
            }
            _ => continue,
        };
        f.blocks[b].stmts[k] = Stmt::Kernel(Box::new(kernel));
        changed = true;
    }
    changed
}

/// Indices of the array inputs.
pub fn array_inputs(f: &Function, inputs: &[Value]) -> Vec<u32> {
    inputs.iter().enumerate().filter(|(_, v)| f.ty(**v).as_array().is_some()).map(|(i, _)| i as u32).collect()
}

fn make_elems(f: &mut Function, body: Block, types: &[Type]) -> Vec<Value> {
    types
        .iter()
        .enumerate()
        .map(|(n, t)| f.values.push(ir::ValueData { ty: elem_type(t), def: ValueDef::KernelElem(body, n as u32) }))
        .collect()
}
