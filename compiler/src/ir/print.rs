//! Textual form of the IR, for `--emit=ir`, `--dump-after` and golden tests.
//!
//! The format is stable and line-oriented: one operation per line, nested
//! regions indented by two spaces, values written `v<n>`, slots `s<n>`.

use std::fmt::Write;

use super::{Const, Function, Module, Op, Stmt};
use crate::optable;

pub fn module_to_string(m: &Module) -> String {
    let mut out = String::new();
    for (i, f) in m.funcs.values().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&function_to_string(f, m));
    }
    for e in &m.exports {
        for o in &e.overloads {
            let _ = writeln!(out, "export {} = {}", o.signature, m.funcs[o.func].name);
        }
    }
    out
}

pub fn function_to_string(f: &Function, m: &Module) -> String {
    let mut out = String::new();
    let params: Vec<String> = f.params.iter().map(|p| format!("{p}: {}", f.ty(*p))).collect();
    if f.dead {
        out.push_str("; dead: unreachable from the exports, no code is generated\n");
    }
    let _ = writeln!(out, "fn {}({}) -> {} {{", f.name, params.join(", "), f.ret);
    for (s, d) in f.slots.iter() {
        let _ = writeln!(out, "  slot {s} {}: {}", d.name, d.ty);
    }
    print_block(&mut out, f, m, f.body, 1);
    out.push_str("}\n");
    out
}

fn print_block(out: &mut String, f: &Function, m: &Module, b: super::Block, depth: usize) {
    let pad = "  ".repeat(depth);
    for s in &f.blocks[b].stmts {
        match s {
            Stmt::Inst(i) => {
                let d = &f.insts[*i];
                let _ = write!(out, "{pad}");
                if !d.results.is_empty() {
                    let rs: Vec<String> = d.results.iter().map(|r| r.to_string()).collect();
                    let _ = write!(out, "{} = ", rs.join(", "));
                }
                let _ = write!(out, "{}", op_name(&d.op, m));
                let args: Vec<String> = d.args.iter().map(|a| a.to_string()).collect();
                if !args.is_empty() {
                    let _ = write!(out, " {}", args.join(", "));
                }
                if !d.results.is_empty() {
                    let ts: Vec<String> = d.results.iter().map(|r| f.ty(*r).to_string()).collect();
                    let _ = write!(out, " : {}", ts.join(", "));
                }
                out.push('\n');
            }
            Stmt::If { cond, then_block, else_block } => {
                let _ = writeln!(out, "{pad}if {cond} {{");
                print_block(out, f, m, *then_block, depth + 1);
                if !f.blocks[*else_block].stmts.is_empty() {
                    let _ = writeln!(out, "{pad}}} else {{");
                    print_block(out, f, m, *else_block, depth + 1);
                }
                let _ = writeln!(out, "{pad}}}");
            }
            Stmt::For { index, start, stop, step, body, orelse, attrs, .. } => {
                let par = if attrs.parallel { " parallel" } else { "" };
                let _ = writeln!(out, "{pad}for{par} {index} in range({start}, {stop}, {step}) {{");
                print_block(out, f, m, *body, depth + 1);
                if let Some(o) = orelse {
                    let _ = writeln!(out, "{pad}}} else {{");
                    print_block(out, f, m, *o, depth + 1);
                }
                let _ = writeln!(out, "{pad}}}");
            }
            Stmt::While { header, cond, body, orelse, .. } => {
                let _ = writeln!(out, "{pad}while {{");
                print_block(out, f, m, *header, depth + 1);
                let _ = writeln!(out, "{pad}}} {cond} {{");
                print_block(out, f, m, *body, depth + 1);
                if let Some(o) = orelse {
                    let _ = writeln!(out, "{pad}}} else {{");
                    print_block(out, f, m, *o, depth + 1);
                }
                let _ = writeln!(out, "{pad}}}");
            }
            Stmt::Break(0) => {
                let _ = writeln!(out, "{pad}break");
            }
            Stmt::Break(n) => {
                let _ = writeln!(out, "{pad}break {}", n + 1);
            }
            Stmt::Continue => {
                let _ = writeln!(out, "{pad}continue");
            }
            Stmt::Return(v) => match v {
                Some(v) => {
                    let _ = writeln!(out, "{pad}return {v}");
                }
                None => {
                    let _ = writeln!(out, "{pad}return");
                }
            },
            Stmt::Raise => {
                let _ = writeln!(out, "{pad}raise");
            }
            Stmt::Reraise => {
                let _ = writeln!(out, "{pad}reraise");
            }
            Stmt::Try(t) => {
                let _ = writeln!(out, "{pad}try {{");
                print_block(out, f, m, t.body, depth + 1);
                for h in &t.handlers {
                    let names: Vec<&str> =
                        h.kinds.iter().map(|k| crate::abi::exc::NAMES.get(*k as usize).copied().unwrap_or("?")).collect();
                    let _ = writeln!(out, "{pad}}} except ({}) {{", names.join(", "));
                    print_block(out, f, m, h.body, depth + 1);
                }
                if let Some(o) = t.orelse {
                    let _ = writeln!(out, "{pad}}} else {{");
                    print_block(out, f, m, o, depth + 1);
                }
                if let Some(fb) = t.finally {
                    let _ = writeln!(out, "{pad}}} finally {{");
                    print_block(out, f, m, fb, depth + 1);
                }
                let _ = writeln!(out, "{pad}}}");
            }
            Stmt::Kernel(k) => {
                let ins: Vec<String> = k.inputs.iter().zip(&k.elems).map(|(i, e)| format!("{e}={i}")).collect();
                let dest = match k.dest {
                    super::KernelDest::New(v) => format!("{v} = "),
                    super::KernelDest::Into(v) => format!("into {v} "),
                    super::KernelDest::Reduce(r) => {
                        let axes = if r.last_axis { "axis=-1" } else { "all" };
                        format!("{} = reduce {}[{axes}, ndim={}] ", r.out, reduce_name(r.kind), r.ndim)
                    }
                };
                let _ = writeln!(out, "{pad}{dest}kernel({}) -> {} {{", ins.join(", "), k.result);
                print_block(out, f, m, k.body, depth + 1);
                let _ = writeln!(out, "{pad}}}");
            }
        }
    }
}

/// The name of an `abi::reduce` kind in IR dumps.
pub fn reduce_name(kind: i32) -> &'static str {
    use crate::abi::reduce as r;
    match kind {
        r::SUM => "sum",
        r::PROD => "prod",
        r::MIN => "min",
        r::MAX => "max",
        r::MEAN => "mean",
        _ => "reduce",
    }
}

fn op_name(op: &Op, m: &Module) -> String {
    match op {
        Op::Const(c) => match c {
            Const::Int(i) => format!("const {i}"),
            Const::Float(x) => format!("const {x:?}"),
            Const::Bool(b) => format!("const {}", if *b { "True" } else { "False" }),
            Const::None => "const None".to_string(),
            Const::Str(s) => format!("const {s:?}"),
        },
        Op::Load(s) => format!("load {s}"),
        Op::Store(s) => format!("store {s}"),
        Op::Unary(u) => format!("{u:?}").to_lowercase(),
        Op::Binary(b) => format!("{b:?}").to_lowercase(),
        Op::Compare(c) => format!("{c:?}").to_lowercase(),
        Op::Convert => "convert".to_string(),
        Op::Truth => "truth".to_string(),
        Op::Select => "select".to_string(),
        Op::Call(fid) => format!("call {}", m.funcs.get(*fid).map_or("?", |f| f.name.as_str())),
        Op::Builtin(id) => format!("builtin {}", optable::get(*id).name),
        Op::MakeTuple => "tuple".to_string(),
        Op::TupleGet(i) => format!("tuple_get {i}"),
        Op::ArrayDim(d) => format!("array_dim {d}"),
        Op::ArrayStride(d) => format!("array_stride {d}"),
        Op::Permute(p) => format!("permute {p:?}"),
        Op::Reshape => "reshape".to_string(),
        Op::CheckIndex { axis, mode } => format!("check_index axis={axis}{}", modes_suffix(&[*mode])),
        Op::ArrayGet(modes) => format!("array_get{}", modes_suffix(modes)),
        Op::ArraySet(modes) => format!("array_set{}", modes_suffix(modes)),
        Op::ArrayAlloc(fill) => format!("array_alloc {fill:?}").to_lowercase(),
        Op::AssignInto => "assign_into".to_string(),
        Op::CheckInplace => "check_inplace".to_string(),
        Op::ArrayCall { entry, args, out } => format!("array_call {entry}{args:?}->{out:?}"),
        Op::ObjCall { entry, args, out, .. } => format!("obj_call {entry}{args:?}->{out:?}"),
        Op::ObjLen => "obj_len".to_string(),
        Op::ListConst { list, fresh } => {
            let name = list.global.as_ref().map_or(String::new(), |(n, _)| format!(" {n} ="));
            format!("list_const{}{name} {}", if *fresh { "[fresh]" } else { "" }, list.text(16))
        }
        Op::ListGet(mode) => format!("list_get{}", modes_suffix(&[*mode])),
        Op::ListSet(mode) => format!("list_set{}", modes_suffix(&[*mode])),
        Op::View(axes) => {
            let a: Vec<String> = axes
                .iter()
                .map(|ax| match ax {
                    super::ViewAxis::Slice { src, start, stop, step } => {
                        let o = |x: &Option<u8>| x.map_or(String::new(), |i| format!("#{i}"));
                        format!("{src}:[{}:{}:{}]", o(start), o(stop), o(step))
                    }
                    super::ViewAxis::Index { src, arg } => format!("{src}:#{arg}"),
                    super::ViewAxis::NewAxis => "new".to_string(),
                })
                .collect();
            format!("view[{}]", a.join(", "))
        }
        Op::Elementwise(e) => match e {
            super::ElemFn::Binary(b) => format!("elementwise {b:?}").to_lowercase(),
            super::ElemFn::Unary(u) => format!("elementwise {u:?}").to_lowercase(),
            super::ElemFn::Compare(c) => format!("elementwise {c:?}").to_lowercase(),
            super::ElemFn::Builtin(id) => format!("elementwise {}", optable::get(*id).name),
            super::ElemFn::Cast => "elementwise cast".to_string(),
            super::ElemFn::Select => "elementwise select".to_string(),
            super::ElemFn::Clip { scalar_bounds: false } => "elementwise clip".to_string(),
            super::ElemFn::Clip { scalar_bounds: true } => "elementwise clip_scalar_bounds".to_string(),
        },
        Op::SetError { kind, message } => {
            format!("set_error {} {message:?}", crate::abi::exc::NAMES.get(*kind as usize).unwrap_or(&"?"))
        }
    }
}

fn modes_suffix(modes: &[super::IndexMode]) -> String {
    let m: Vec<&str> = modes
        .iter()
        .map(|m| match m {
            super::IndexMode::Checked => "checked",
            super::IndexMode::NonNegChecked => "nonneg",
            super::IndexMode::Unchecked => "unchecked",
        })
        .collect();
    format!("[{}]", m.join(","))
}
