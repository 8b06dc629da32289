//! From export specs (or annotations) to the typed signatures that start
//! type inference, and to the type codes the runtime's trampoline checks.
//!
//! A spec type may stand for several machine layouts: a plain 2-D array
//! accepts both C- and Fortran-ordered arrays, as in Pythran. Each such
//! alternative becomes its own overload (C first), compiled separately, so
//! that C-ordered code keeps its constant inner stride.
//!
//! Invariant: every spec type either maps to a kiln type or gets a
//! "not supported yet: <type>" diagnostic; nothing here panics.

use rustpython_parser::ast::{self, Ranged};

use crate::abi::{layout, tycode};
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::front::module::ModuleInfo;
use crate::front::spec::{self, Dim, Order, ScalarName, SpecType};
use crate::types::{DType, Layout, Type};

/// One concrete overload to compile and export.
#[derive(Debug, Clone)]
pub struct ConcreteOverload {
    pub name: String,
    pub func_index: usize,
    pub arg_types: Vec<Type>,
    pub arg_codes: Vec<Vec<u8>>,
    pub signature: String,
    pub span: Span,
}

/// A kiln type together with the code of what the trampoline accepts for it.
type Variant = (Type, Vec<u8>);

fn dtype_of(s: ScalarName) -> Option<DType> {
    use ScalarName as S;
    Some(match s {
        S::Bool => DType::Bool,
        S::Int | S::Int64 | S::IntP => DType::I64,
        S::Float | S::Float64 => DType::F64,
        S::Complex | S::Complex128 => DType::C128,
        S::Int8 => DType::I8,
        S::Int16 => DType::I16,
        S::Int32 | S::IntC => DType::I32,
        S::UInt8 => DType::U8,
        S::UInt16 => DType::U16,
        S::UInt32 | S::UIntC => DType::U32,
        S::UInt64 | S::UIntP => DType::U64,
        S::Float32 => DType::F32,
        S::Complex64 => DType::C64,
        S::Str | S::None => return None,
    })
}

/// The variants of a spec type, or the name of what is not supported.
fn variants(t: &SpecType) -> Result<Vec<Variant>, String> {
    match t {
        SpecType::Scalar(s) => {
            let ty = match s {
                ScalarName::Bool => Type::Bool,
                ScalarName::Int | ScalarName::Int64 | ScalarName::IntP => Type::Int,
                ScalarName::Float | ScalarName::Float64 => Type::Float,
                ScalarName::None => Type::None,
                ScalarName::Str => Type::Str,
                // A Python `complex` (NumPy's complex128 scalars are instances of it).
                ScalarName::Complex | ScalarName::Complex128 => Type::Complex,
                ScalarName::Complex64 => Type::Scalar(DType::C64),
                other => Type::Scalar(dtype_of(*other).ok_or_else(|| t.display())?),
            };
            let code = match &ty {
                Type::Bool => vec![tycode::BOOL],
                Type::Int => vec![tycode::INT],
                Type::Float => vec![tycode::FLOAT],
                Type::Complex => vec![tycode::COMPLEX],
                Type::None => vec![tycode::NONE],
                Type::Str => vec![tycode::STR],
                Type::Scalar(d) => vec![tycode::NPSCALAR, *d as u8],
                _ => return Err(t.display()),
            };
            Ok(vec![(ty, code)])
        }
        SpecType::Array { elem, dims, order } => {
            let d = dtype_of(*elem).ok_or_else(|| t.display())?;
            let ndim = dims.len();
            if ndim > crate::abi::MAX_NDIM {
                return Err(t.display());
            }
            let nd = ndim as u8;
            let make = |lay: Layout, code: u8| (Type::array(d, nd, lay), vec![tycode::ARRAY, d as u8, nd, code]);
            if dims.contains(&Dim::Strided) {
                return Ok(vec![make(Layout::Strided, layout::STRIDED)]);
            }
            Ok(match (order, ndim) {
                (Some(Order::F), _) => vec![make(Layout::Strided, layout::F)],
                (Some(Order::C), _) | (None, 0 | 1) => vec![make(Layout::C, layout::C)],
                (None, _) => vec![make(Layout::C, layout::C), make(Layout::Strided, layout::F)],
            })
        }
        SpecType::Tuple(items) => {
            let mut acc: Vec<(Vec<Type>, Vec<u8>)> = vec![(Vec::new(), vec![tycode::TUPLE, items.len() as u8])];
            for it in items {
                let vs = variants(it)?;
                let mut next = Vec::new();
                for (tys, code) in &acc {
                    for (vt, vc) in &vs {
                        let mut t2 = tys.clone();
                        t2.push(vt.clone());
                        let mut c2 = code.clone();
                        c2.extend_from_slice(vc);
                        next.push((t2, c2));
                    }
                }
                acc = next;
            }
            Ok(acc.into_iter().map(|(tys, code)| (Type::tuple(tys), code)).collect())
        }
        SpecType::List(e) | SpecType::Set(e) => {
            let is_list = matches!(t, SpecType::List(_));
            let mut out = Vec::new();
            for (et, ec) in variants(e)? {
                if et.as_array().is_some() {
                    // Arrays inside containers would need their views kept alive by the container.
                    return Err(t.display());
                }
                let mut code = vec![if is_list { tycode::LIST } else { tycode::SET }];
                code.extend(ec);
                out.push((if is_list { Type::list(et) } else { Type::set(et) }, code));
            }
            Ok(out)
        }
        SpecType::Dict(k, v) => {
            let mut out = Vec::new();
            for (kt, kc) in variants(k)? {
                for (vt, vc) in variants(v)? {
                    if kt.as_array().is_some() || vt.as_array().is_some() {
                        return Err(t.display());
                    }
                    let mut code = vec![tycode::DICT];
                    code.extend(kc.iter().copied());
                    code.extend(vc);
                    out.push((Type::dict(kt.clone(), vt), code));
                }
            }
            Ok(out)
        }
    }
}

/// Concrete overloads for every exported function, in declaration order.
pub fn concrete_overloads(source: &str, info: &ModuleInfo, side_file: Option<&str>, diags: &mut Diagnostics) -> Vec<ConcreteOverload> {
    let mut exports = spec::parse_exports(source, diags);
    if let Some(text) = side_file {
        exports.extend(spec::parse_side_file(text, diags));
    }
    let funcs = spec::collect_functions(&exports, diags);
    let mut out = Vec::new();
    let mut exported_names = std::collections::HashSet::new();
    for f in &funcs {
        exported_names.insert(f.name.clone());
        let Some(func_index) = info.func_index(&f.name) else {
            let mut d = Diagnostic::error(f.name_span, format!("exported function `{}` is not defined in this module", f.name))
                .with_label("not found");
            if let Some(s) = crate::front::suggest::closest(&f.name, info.funcs.iter().map(|d| d.name.as_str())) {
                d = d.with_note(format!("did you mean `{s}`?"));
            }
            diags.push(d);
            continue;
        };
        let def = info.funcs[func_index];
        let nparams = def.args.posonlyargs.len() + def.args.args.len();
        let required = def.args.posonlyargs.iter().chain(&def.args.args).filter(|a| a.default.is_none()).count();
        for o in &f.overloads {
            if o.args.len() > nparams || o.args.len() < required {
                diags.push(
                    Diagnostic::error(
                        o.span,
                        format!(
                            "export spec for `{}` has {} arguments, but the function takes {}",
                            f.name,
                            o.args.len(),
                            arity_text(required, nparams)
                        ),
                    )
                    .with_secondary(crate::front::lower::span_of_def(def), "defined here"),
                );
                continue;
            }
            expand_layouts(o.name.clone(), func_index, &o.args, o.signature(), o.span, &mut out, diags);
        }
    }
    // Annotated functions without an export line are exported by their annotations.
    for (func_index, def) in info.funcs.iter().enumerate() {
        if exported_names.contains(def.name.as_str()) || info.lifted.contains_key(&func_index) {
            continue;
        }
        if let Some(args) = annotation_spec(def, diags) {
            let sig = format!("{}({})", def.name, args.iter().map(SpecType::display).collect::<Vec<_>>().join(", "));
            expand_layouts(def.name.to_string(), func_index, &args, sig, crate::front::lower::span_of_def(def), &mut out, diags);
        }
    }
    out
}

fn arity_text(required: usize, total: usize) -> String {
    if required == total {
        format!("{total}")
    } else {
        format!("{required} to {total}")
    }
}

fn expand_layouts(
    name: String,
    func_index: usize,
    args: &[SpecType],
    signature: String,
    span: Span,
    out: &mut Vec<ConcreteOverload>,
    diags: &mut Diagnostics,
) {
    let mut combos: Vec<(Vec<Type>, Vec<Vec<u8>>)> = vec![(Vec::new(), Vec::new())];
    for a in args {
        match variants(a) {
            Ok(vs) => {
                let mut next = Vec::new();
                for (tys, codes) in &combos {
                    for (t, c) in &vs {
                        let mut t2 = tys.clone();
                        t2.push(t.clone());
                        let mut c2 = codes.clone();
                        c2.push(c.clone());
                        next.push((t2, c2));
                    }
                }
                combos = next;
            }
            Err(what) => {
                diags.push(
                    Diagnostic::error(span, format!("not supported yet: {what}"))
                        .with_label(format!("in the export of `{name}`"))
                        .with_note("kiln currently exports bool, int, float, complex, str, NumPy scalars, arrays, and tuples, lists, sets and dicts of these (no arrays inside containers)"),
                );
                return;
            }
        }
    }
    if combos.len() + out.len() > 4 * spec::MAX_OVERLOADS {
        diags.push(Diagnostic::error(span, "too many array layout combinations in this export; add order(C) to some arrays"));
        return;
    }
    for (arg_types, arg_codes) in combos {
        out.push(ConcreteOverload { name: name.clone(), func_index, arg_types, arg_codes, signature: signature.clone(), span });
    }
}

/// The spec given by a function's annotations, when every parameter has one.
fn annotation_spec(def: &ast::StmtFunctionDef, diags: &mut Diagnostics) -> Option<Vec<SpecType>> {
    let params: Vec<&ast::ArgWithDefault> = def.args.posonlyargs.iter().chain(&def.args.args).collect();
    if params.is_empty() || params.iter().any(|p| p.def.annotation.is_none()) {
        return None;
    }
    let mut texts = Vec::new();
    for p in &params {
        let ann = p.def.annotation.as_ref()?;
        match annotation_text(ann) {
            Ok(t) => texts.push(t),
            Err(why) => {
                diags.push(Diagnostic::error(ann.range().into(), format!("unsupported type annotation: {why}")).with_note(
                    "write a Pythran type as a string, for example `x: \"float64[:,:]\"`, or use int, float, bool or np.float64",
                ));
                return None;
            }
        }
    }
    let line = format!("#pythran export {}({})\n", def.name, texts.join(", "));
    let mut local = Diagnostics::default();
    let exports = spec::parse_exports(&line, &mut local);
    if local.has_errors() {
        let first = local.list.iter().find(|d| d.is_error()).map(|d| d.message.clone()).unwrap_or_default();
        diags.push(Diagnostic::error(crate::front::lower::span_of_def(def), format!("bad type annotation: {first}")));
        return None;
    }
    match exports.into_iter().next() {
        Some(spec::Export::Func(f)) => Some(f.args.into_iter().map(|a| a.alternatives.into_iter().next()).collect::<Option<Vec<_>>>()?),
        _ => None,
    }
}

/// The spec text of one annotation.
fn annotation_text(e: &ast::Expr) -> Result<String, String> {
    match e {
        ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) => Ok(s.clone()),
        ast::Expr::Name(n) => Ok(n.id.to_string()),
        ast::Expr::Attribute(a) => Ok(a.attr.to_string()),
        ast::Expr::Subscript(s) => {
            // `list[int]`, `set[str]`, `dict[str, float]`, `tuple[int, float]`.
            let base = match s.value.as_ref() {
                ast::Expr::Name(n) => n.id.as_str(),
                _ => "",
            };
            let items: Vec<&ast::Expr> = match s.slice.as_ref() {
                ast::Expr::Tuple(t) => t.elts.iter().collect(),
                other => vec![other],
            };
            let texts = items.iter().map(|e| annotation_text(e)).collect::<Result<Vec<String>, String>>()?;
            match (base, texts.as_slice()) {
                ("list" | "List", [t]) => Ok(format!("{t} list")),
                ("set" | "Set", [t]) => Ok(format!("{t} set")),
                ("dict" | "Dict", [k, v]) => Ok(format!("{k}:{v} dict")),
                ("tuple" | "Tuple", ts) if !ts.is_empty() => Ok(format!("({}{})", ts.join(", "), if ts.len() == 1 { "," } else { "" })),
                _ => Err("array annotations need their dimensions; write them as a string such as \"float64[:]\"".into()),
            }
        }
        _ => Err("this annotation form is not understood".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs_of(src: &str) -> Vec<Type> {
        let suite = crate::front::parse::parse_module(src, "t.py").expect("parses");
        let ast::Stmt::FunctionDef(def) = &suite[0] else { panic!("a def") };
        let mut diags = Diagnostics::default();
        let args = annotation_spec(def, &mut diags).expect("annotations read");
        args.iter().map(|a| variants(a).expect("supported")[0].0.clone()).collect()
    }

    #[test]
    fn container_annotations() {
        let tys = specs_of("def f(a: list[int], b: dict[str, float], c: set[str], d: list[list[float]], e: tuple[int, str]): pass\n");
        assert_eq!(
            tys,
            vec![
                Type::list(Type::Int),
                Type::dict(Type::Str, Type::Float),
                Type::set(Type::Str),
                Type::list(Type::list(Type::Float)),
                Type::tuple(vec![Type::Int, Type::Str]),
            ]
        );
    }
}
