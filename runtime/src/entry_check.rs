//! Every entry point's implementation, listed once: checked against
//! [`crate::abi::ENTRY_POINTS`] (exactly the declared machine signature), and
//! exported as [`symbol_table`], the addresses the compiler's JIT
//! (`compiler/src/back/jit.rs`) resolves entry points to when it runs
//! compiled code at compile time.
//!
//! How the check works: [`implemented`] lists each implementation as a function
//! pointer of the declared arity (`kiln_foo(_, _)`). The cast to
//! `unsafe extern "C" fn(_, _) -> _` fails to compile if the function is
//! missing, has another arity, or is not `extern "C"`; the [`AbiArg`] and
//! [`AbiRet`] traits then turn the inferred Rust types into [`AbiTy`] lists,
//! which the tests compare with the ABI table. An entry added to abi.rs but
//! not here fails `entries_are_implemented` with a message saying what to add,
//! and a stale line here fails `no_stale_implementations`.
//!
//! Invariant: [`symbol_table`] never names an entry point of the CPython glue
//! ([`python_entries`]): a program linking the table (the `kiln` compiler)
//! must not depend on libpython, whose symbols only the interpreter provides.

use crate::abi::AbiTy;
#[cfg(test)]
use crate::abi::ENTRY_POINTS;
use crate::buf::*;
use crate::cmath::*;
use crate::complex::*;
use crate::containers::dict::*;
use crate::containers::format::*;
use crate::containers::kstr::*;
use crate::containers::list::*;
use crate::containers::obj::*;
use crate::containers::parse::*;
use crate::containers::set::*;
use crate::containers::strops::*;
use crate::containers::value::*;
use crate::copy::*;
use crate::divmagic::*;
use crate::error::*;
use crate::fancy::*;
use crate::handler::*;
use crate::kernel_reduce::*;
use crate::linalg::*;
use crate::npcomplex::*;
use crate::pool::*;
#[cfg(test)]
use crate::pyglue::*;
use crate::pynum::*;
use crate::pyrandom::*;
use crate::quantile::*;
use crate::random::*;
use crate::reduce::*;
use crate::scalar::*;
use crate::scan::*;
use crate::search::*;
use crate::shape::*;
use crate::shape_error::*;
use crate::sort::*;
use crate::vsqrt::*;

/// Rust types that may appear as an entry-point parameter, with their machine type.
trait AbiArg {
    const TY: AbiTy;
}
impl AbiArg for i8 {
    const TY: AbiTy = AbiTy::I8;
}
impl AbiArg for u8 {
    const TY: AbiTy = AbiTy::I8;
}
impl AbiArg for i32 {
    const TY: AbiTy = AbiTy::I32;
}
impl AbiArg for u32 {
    const TY: AbiTy = AbiTy::I32;
}
impl AbiArg for i64 {
    const TY: AbiTy = AbiTy::I64;
}
impl AbiArg for u64 {
    const TY: AbiTy = AbiTy::I64;
}
impl AbiArg for f32 {
    const TY: AbiTy = AbiTy::F32;
}
impl AbiArg for f64 {
    const TY: AbiTy = AbiTy::F64;
}
impl AbiArg for usize {
    const TY: AbiTy = AbiTy::Ptr;
}
impl AbiArg for isize {
    const TY: AbiTy = AbiTy::Ptr;
}
impl<T> AbiArg for *mut T {
    const TY: AbiTy = AbiTy::Ptr;
}
impl<T> AbiArg for *const T {
    const TY: AbiTy = AbiTy::Ptr;
}

/// Rust return types, with their machine result list.
trait AbiRet {
    const TYS: &'static [AbiTy];
}
impl AbiRet for () {
    const TYS: &'static [AbiTy] = &[];
}
impl<T: AbiArg> AbiRet for T {
    const TYS: &'static [AbiTy] = &[T::TY];
}

/// A C function pointer type, with its machine signature.
trait Sig {
    const PARAMS: &'static [AbiTy];
    const RETURNS: &'static [AbiTy];
    fn addr(self) -> *const u8;
}

macro_rules! impl_sig {
    ($($a:ident),*) => {
        impl<$($a: AbiArg,)* R: AbiRet> Sig for unsafe extern "C" fn($($a),*) -> R {
            const PARAMS: &'static [AbiTy] = &[$($a::TY),*];
            const RETURNS: &'static [AbiTy] = R::TYS;
            fn addr(self) -> *const u8 {
                self as *const u8
            }
        }
    };
}
impl_sig!();
impl_sig!(A);
impl_sig!(A, B);
impl_sig!(A, B, C);
impl_sig!(A, B, C, D);
impl_sig!(A, B, C, D, E);
impl_sig!(A, B, C, D, E, F);
impl_sig!(A, B, C, D, E, F, G);
impl_sig!(A, B, C, D, E, F, G, H);
impl_sig!(A, B, C, D, E, F, G, H, I);
impl_sig!(A, B, C, D, E, F, G, H, I, J);
impl_sig!(A, B, C, D, E, F, G, H, I, J, K);
impl_sig!(A, B, C, D, E, F, G, H, I, J, K, L);

struct Implemented {
    name: &'static str,
    // The signature is read by the tests only.
    #[cfg_attr(not(test), allow(dead_code))]
    params: &'static [AbiTy],
    #[cfg_attr(not(test), allow(dead_code))]
    returns: &'static [AbiTy],
    addr: *const u8,
}

fn sig_of<F: Sig>(name: &'static str, f: F) -> Implemented {
    Implemented { name, params: F::PARAMS, returns: F::RETURNS, addr: f.addr() }
}

/// As [`sig_of`] without the address: the function stays unreferenced once
/// optimized, so a test binary does not link the CPython glue (and
/// libpython's symbols it needs).
#[cfg(test)]
fn sig_only<F: Sig>(name: &'static str, _f: F) -> Implemented {
    Implemented { name, params: F::PARAMS, returns: F::RETURNS, addr: std::ptr::null() }
}

/// `implemented![kiln_foo(_, _), ...]`: one `_` per parameter;
/// `implemented![@signature kiln_foo(_), ...]`: without the addresses.
macro_rules! implemented {
    (@signature $($name:ident($($p:tt),*)),* $(,)?) => {
        vec![$( sig_only(stringify!($name), $name as unsafe extern "C" fn($($p),*) -> _) ),*]
    };
    ($($name:ident($($p:tt),*)),* $(,)?) => {
        vec![$( sig_of(stringify!($name), $name as unsafe extern "C" fn($($p),*) -> _) ),*]
    };
}

/// Every entry point's implementation.
#[cfg(test)]
fn implemented() -> Vec<Implemented> {
    let mut v = host_entries();
    v.extend(python_entries());
    v
}

/// The entry points of the CPython glue (they call the interpreter), by
/// signature only.
#[cfg(test)]
fn python_entries() -> Vec<Implemented> {
    implemented![@signature kiln_make_module(_), kiln_print(_, _)]
}

/// `(name, address)` of every entry point that works without the Python
/// interpreter: all but the CPython glue's.
pub fn symbol_table() -> Vec<(&'static str, *const u8)> {
    host_entries().into_iter().map(|i| (i.name, i.addr)).collect()
}

/// Every other entry point's implementation. Add a line here with each new
/// entry in abi.rs (to [`python_entries`] if it calls the interpreter).
fn host_entries() -> Vec<Implemented> {
    implemented![
        kiln_buf_alloc(_, _),
        kiln_buf_incref(_),
        kiln_buf_decref(_),
        kiln_raise(_, _, _),
        kiln_raise_index(_, _, _),
        kiln_raise_broadcast(_, _, _, _),
        kiln_raise_reshape(_, _, _),
        kiln_raise_pyint_bounds(_, _),
        kiln_err_kind(),
        kiln_err_clear(),
        kiln_err_stash(),
        kiln_err_reraise(),
        kiln_err_unstash(),
        kiln_float_mod(_, _),
        kiln_float_floordiv(_, _),
        kiln_float_pow(_, _),
        kiln_int_pow(_, _),
        kiln_sdiv_magic(_, _),
        kiln_complex_pow(_, _, _, _, _),
        kiln_cmath(_, _, _, _),
        kiln_cmath_log_base(_, _, _, _, _),
        kiln_cmath_isclose(_, _, _, _, _, _),
        kiln_npy_cfunc(_, _, _, _),
        kiln_npy_cfuncf(_, _, _, _),
        kiln_npy_cpow(_, _, _, _, _),
        kiln_npy_cpowf(_, _, _, _, _),
        kiln_float_round(_, _, _),
        kiln_int_round(_, _),
        kiln_int_powmod(_, _, _, _),
        kiln_random_py_seed(_, _),
        kiln_random_py_random(),
        kiln_random_py_uniform(_, _),
        kiln_random_py_gauss(_, _),
        kiln_random_py_randrange(_, _, _, _, _),
        kiln_random_py_below(_),
        kiln_random_py_shuffle(_),
        kiln_obj_incref(_),
        kiln_list_decref(_),
        kiln_dict_decref(_),
        kiln_set_decref(_),
        kiln_str_decref(_),
        kiln_list_free(_),
        kiln_dict_free(_),
        kiln_set_free(_),
        kiln_str_free(_),
        kiln_value_eq(_, _, _),
        kiln_value_cmp(_, _, _, _),
        kiln_value_hash(_, _),
        kiln_value_repr(_, _, _),
        kiln_list_new(_, _),
        kiln_list_append(_, _),
        kiln_list_extend(_, _),
        kiln_list_insert(_, _, _),
        kiln_list_pop(_, _, _),
        kiln_list_remove(_, _),
        kiln_list_index(_, _, _, _, _),
        kiln_list_count(_, _),
        kiln_list_contains(_, _),
        kiln_list_sort(_, _),
        kiln_list_reverse(_),
        kiln_list_clear(_),
        kiln_list_slice(_, _, _, _, _, _),
        kiln_list_slice_concat(_, _, _, _, _, _),
        kiln_list_concat(_, _),
        kiln_list_repeat(_, _),
        kiln_list_with_capacity(_, _),
        kiln_list_copy_reserve(_, _),
        kiln_list_prepend(_, _),
        kiln_list_setslice(_, _, _, _, _, _, _),
        kiln_list_delitem(_, _),
        kiln_list_eq(_, _),
        kiln_list_cmp(_, _, _),
        kiln_dict_new(_, _),
        kiln_dict_set(_, _, _),
        kiln_dict_lookup(_, _, _),
        kiln_dict_getitem(_, _, _),
        kiln_dict_pop(_, _, _),
        kiln_dict_delitem(_, _),
        kiln_dict_contains(_, _),
        kiln_dict_setdefault(_, _, _, _),
        kiln_dict_update(_, _),
        kiln_dict_clear(_),
        kiln_dict_copy(_),
        kiln_dict_eq(_, _),
        kiln_dict_slots(_),
        kiln_dict_entry(_, _, _, _),
        kiln_dict_version(_),
        kiln_set_new(_),
        kiln_set_add(_, _),
        kiln_set_reserve(_, _),
        kiln_set_discard(_, _),
        kiln_set_remove(_, _),
        kiln_set_contains(_, _),
        kiln_set_pop(_, _),
        kiln_set_clear(_),
        kiln_set_copy(_),
        kiln_set_op(_, _, _),
        kiln_set_update(_, _, _),
        kiln_set_compare(_, _, _),
        kiln_set_slots(_),
        kiln_set_entry(_, _, _),
        kiln_set_version(_),
        kiln_str_new(_, _),
        kiln_str_concat(_, _),
        kiln_str_repeat(_, _),
        kiln_str_getitem(_, _),
        kiln_str_slice(_, _, _, _, _, _),
        kiln_str_eq(_, _),
        kiln_str_cmp(_, _),
        kiln_str_contains(_, _),
        kiln_str_find(_, _, _, _, _, _),
        kiln_str_startswith(_, _),
        kiln_str_endswith(_, _),
        kiln_str_method(_, _),
        kiln_str_strip_chars(_, _, _),
        kiln_str_replace(_, _, _, _),
        kiln_str_split(_, _, _),
        kiln_str_join(_, _),
        kiln_str_count(_, _),
        kiln_str_is(_, _),
        kiln_format_int(_, _),
        kiln_format_float(_, _),
        kiln_format_str(_, _),
        kiln_repr_float(_),
        kiln_str_to_int(_, _),
        kiln_str_to_float(_, _),
        kiln_reduce(_, _, _, _, _, _, _),
        kiln_scan(_, _, _, _, _),
        kiln_copy(_, _, _),
        kiln_assign(_, _),
        kiln_index_get(_, _, _, _, _),
        kiln_index_set(_, _, _, _, _),
        kiln_sort(_, _, _),
        kiln_argsort(_, _, _),
        kiln_unique(_, _),
        kiln_searchsorted(_, _, _, _),
        kiln_nonzero(_, _),
        kiln_argwhere(_, _),
        kiln_bincount(_, _, _, _),
        kiln_diff(_, _, _, _),
        kiln_interp(_, _, _, _, _, _, _, _),
        kiln_percentile(_, _, _, _, _),
        kiln_dot(_, _, _),
        kiln_parallel_for(_, _, _, _),
        kiln_parallel_for_dynamic(_, _, _, _),
        kiln_vsqrt_f64(_, _),
        kiln_vsqrt_f32(_, _),
        kiln_kernel_reduce(_, _, _, _, _, _, _, _, _, _, _, _),
        kiln_matmul(_, _, _),
        kiln_vdot(_, _, _),
        kiln_inner(_, _, _),
        kiln_outer(_, _, _),
        kiln_norm(_, _, _, _, _),
        kiln_concatenate(_, _, _, _),
        kiln_tile(_, _, _, _),
        kiln_repeat(_, _, _, _),
        kiln_roll(_, _, _, _),
        kiln_random_seed(_),
        kiln_random_fill(_, _, _, _),
        kiln_random_scalar(_, _, _),
        kiln_random_shuffle(_),
        kiln_random_choice(_, _, _, _, _),
    ]
}

#[test]
fn entries_are_implemented() {
    let imps = implemented();
    let mut problems = Vec::new();
    for e in ENTRY_POINTS {
        match imps.iter().find(|i| i.name == e.name) {
            None => problems.push(format!(
                "`{}` is declared in abi.rs but not listed in runtime/src/entry_check.rs: implement it \
                 (#[no_mangle] extern \"C\") and add `{}({})` to `implemented()`",
                e.name,
                e.name,
                vec!["_"; e.params.len()].join(", ")
            )),
            Some(i) if i.params != e.params || i.returns != e.returns => problems.push(format!(
                "`{}`: abi.rs declares {:?} -> {:?}, the runtime implements {:?} -> {:?}",
                e.name, e.params, e.returns, i.params, i.returns
            )),
            Some(_) => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_stale_implementations() {
    for i in implemented() {
        assert!(ENTRY_POINTS.iter().any(|e| e.name == i.name), "`{}` is listed in entry_check.rs but not declared in abi.rs", i.name);
    }
}

#[test]
fn signatures_are_read_from_the_rust_types() {
    extern "C" fn probe(_: i64, _: f64, _: *const u8, _: i8) -> i32 {
        0
    }
    extern "C" fn nothing() {}
    let p = sig_of("probe", probe as unsafe extern "C" fn(_, _, _, _) -> _);
    assert!(!p.addr.is_null());
    assert_eq!(p.params, &[AbiTy::I64, AbiTy::F64, AbiTy::Ptr, AbiTy::I8]);
    assert_eq!(p.returns, &[AbiTy::I32]);
    let n = sig_of("nothing", nothing as unsafe extern "C" fn() -> _);
    assert!(n.params.is_empty() && n.returns.is_empty());
}

#[test]
fn entry_names_are_unique() {
    for (k, e) in ENTRY_POINTS.iter().enumerate() {
        assert!(!ENTRY_POINTS[..k].iter().any(|o| o.name == e.name), "`{}` declared twice", e.name);
    }
}

#[test]
fn symbol_table_leaves_out_the_python_glue() {
    let table = symbol_table();
    let python = python_entries();
    assert!(table.iter().all(|(_, a)| !a.is_null()));
    assert!(python.iter().all(|p| !table.iter().any(|(n, _)| *n == p.name)));
    assert_eq!(table.len() + python.len(), ENTRY_POINTS.len());
}
