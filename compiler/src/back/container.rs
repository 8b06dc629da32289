//! Code generation for str, list, set and dict values (runtime objects).
//!
//! A container value is one pointer part. List elements are read and
//! written inline (`KList.len`/`data`, each element as its flattened words,
//! `abi::flat_words`); everything else calls the runtime's `kiln_list_*`,
//! `kiln_set_*`, `kiln_dict_*`, `kiln_str_*` entries (`Op::ObjCall`).
//!
//! Invariants: element words use the same encoding as exported wrappers'
//! argument words (`to_word`/`from_word`); an element read inline takes a
//! new reference (its result is owned), so that later mutation of the list
//! can never free a value still in use; entries that take ownership of an
//! element (`ObjArg::WordsOwned`, `Op::ListSet`) get it through
//! `FunctionCx::take_ref`.

use cranelift_codegen::ir::{self as cl, condcodes::IntCC, types, InstBuilder, MemFlagsData};
use cranelift_module::Module as _;

use super::abi::{self, parts};
use super::clif::FunctionCx;
use crate::abi::{exc, KLIST_CAP_OFFSET, KLIST_DATA_OFFSET, KLIST_LEN_OFFSET, KOBJ_LEN_OFFSET, KSTR_NCHARS_OFFSET};
use crate::ir::{Block, IndexMode, ObjArg, ObjOut, Value};
use crate::types::Type;

pub fn from_word(b: &mut cranelift_frontend::FunctionBuilder, w: cl::Value, t: cl::Type) -> cl::Value {
    match t {
        types::I64 => w,
        types::F64 => b.ins().bitcast(types::F64, MemFlagsData::new(), w),
        types::F32 => {
            let lo = b.ins().ireduce(types::I32, w);
            b.ins().bitcast(types::F32, MemFlagsData::new(), lo)
        }
        _ => b.ins().ireduce(t, w),
    }
}

pub fn to_word(b: &mut cranelift_frontend::FunctionBuilder, v: cl::Value) -> cl::Value {
    let t = b.func.dfg.value_type(v);
    match t {
        types::I64 => v,
        types::F64 => b.ins().bitcast(types::I64, MemFlagsData::new(), v),
        types::F32 => {
            let i = b.ins().bitcast(types::I32, MemFlagsData::new(), v);
            b.ins().uextend(types::I64, i)
        }
        _ => b.ins().uextend(types::I64, v),
    }
}

impl FunctionCx<'_, '_> {
    /// A pointer to the static type code of `ty`.
    pub fn type_code_ptr(&mut self, ty: &Type) -> cl::Value {
        let mut code = Vec::new();
        super::object::encode_type(ty, &mut code);
        let data = self.cx.rodata(&code).unwrap_or_else(|e| panic!("{e}"));
        let gv = self.cx.obj.declare_data_in_func(data, self.b.func);
        self.b.ins().symbol_value(abi::PTR, gv)
    }

    /// `Op::ListConst`: the immortal static list, or (`fresh`) a new copy of it.
    pub fn list_const(&mut self, list: &crate::ir::ConstList, fresh: bool) -> Vec<cl::Value> {
        let data = self.cx.static_list(list).unwrap_or_else(|e| panic!("{e}"));
        let gv = self.cx.obj.declare_data_in_func(data, self.b.func);
        let p = self.b.ins().symbol_value(abi::PTR, gv);
        if !fresh {
            return vec![p];
        }
        let one = self.b.ins().iconst(types::I64, 1);
        let r = self.call_rt("kiln_list_repeat", &[p, one])[0];
        let null = self.b.ins().icmp_imm_s(IntCC::Equal, r, 0);
        self.fail_if(null, |_| {});
        vec![r]
    }

    /// A fresh stack buffer of `words` 64-bit words; its address.
    fn word_buffer(&mut self, words: usize) -> cl::Value {
        let slot = self.b.create_sized_stack_slot(cl::StackSlotData::new(cl::StackSlotKind::ExplicitSlot, 8 * words.max(1) as u32, 3));
        self.b.ins().stack_addr(abi::PTR, slot, 0)
    }

    /// Writes the parts `vals` as words at `addr`.
    fn store_words(&mut self, addr: cl::Value, vals: &[cl::Value]) {
        for (k, x) in vals.iter().enumerate() {
            let w = to_word(&mut self.b, *x);
            self.b.ins().store(MemFlagsData::trusted(), w, addr, 8 * k as i32);
        }
    }

    /// Reads a value of type `ty` from words at `addr`.
    fn load_words(&mut self, addr: cl::Value, ty: &Type) -> Vec<cl::Value> {
        parts(ty)
            .into_iter()
            .enumerate()
            .map(|(k, t)| {
                let w = self.b.ins().load(types::I64, MemFlagsData::trusted(), addr, 8 * k as i32);
                from_word(&mut self.b, w, t)
            })
            .collect()
    }

    /// `len()` of a str or container, read from the object header.
    pub fn obj_len(&mut self, v: Value) -> cl::Value {
        let p = self.val(v);
        let off = match self.f.ty(v) {
            Type::Str => KSTR_NCHARS_OFFSET,
            Type::List(_) => KLIST_LEN_OFFSET,
            _ => KOBJ_LEN_OFFSET,
        };
        self.b.ins().load(types::I64, MemFlagsData::trusted(), p, off)
    }

    /// The address of element `index` of list `list` (checked per `mode`).
    fn list_elem_addr(&mut self, list: Value, index: Value, mode: IndexMode, message: &str) -> cl::Value {
        let Type::List(elem) = self.f.ty(list).clone() else { unreachable!("verified list") };
        let p = self.val(list);
        let i = self.val(index);
        let n = self.b.ins().load(types::I64, MemFlagsData::trusted(), p, KLIST_LEN_OFFSET);
        let j = match mode {
            IndexMode::Unchecked => i,
            IndexMode::NonNegChecked | IndexMode::Checked => {
                let j = if mode == IndexMode::Checked {
                    let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 0);
                    let wrapped = self.b.ins().iadd(i, n);
                    self.b.ins().select(neg, wrapped, i)
                } else {
                    i
                };
                let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, j, n);
                self.raise_if(oob, exc::INDEX_ERROR, message);
                j
            }
        };
        let data = self.b.ins().load(abi::PTR, MemFlagsData::trusted(), p, KLIST_DATA_OFFSET);
        let words = parts(&elem).len() as i64;
        let off = self.b.ins().imul_imm_s(j, 8 * words);
        self.b.ins().iadd(data, off)
    }

    pub fn list_get(&mut self, list: Value, index: Value, mode: IndexMode) -> Vec<cl::Value> {
        let Type::List(elem) = self.f.ty(list).clone() else { unreachable!("verified list") };
        let addr = self.list_elem_addr(list, index, mode, "list index out of range");
        let vals = self.load_words(addr, &elem);
        self.incref_parts(&elem, &vals);
        vals
    }

    pub fn list_set(&mut self, list: Value, index: Value, v: Value, mode: IndexMode, blk: Block, k: usize) {
        let Type::List(elem) = self.f.ty(list).clone() else { unreachable!("verified list") };
        let addr = self.list_elem_addr(list, index, mode, "list assignment index out of range");
        let old = self.load_words(addr, &elem);
        self.take_ref(v, blk, k);
        let vals = self.vals[v].clone();
        self.store_words(addr, &vals);
        self.decref_parts(&elem, &old);
    }

    /// `l.append(x)` (the element's reference moves into the list): when
    /// the list has room and is not a constant, the words are stored and
    /// `len` bumped inline; otherwise `kiln_list_append` grows it (or
    /// refuses a constant). Appending is the inner loop of most list
    /// building, where the call, the spill of the element to a buffer and
    /// the runtime's checks cost more than the store itself.
    fn list_append_inline(&mut self, list: Value, elem: Value, blk: Block, k: usize) {
        let p = self.val(list);
        self.take_ref(elem, blk, k);
        let vals = self.vals[elem].clone();
        let words = vals.len() as i64;
        let flags = MemFlagsData::trusted();
        let n = self.b.ins().load(types::I64, flags, p, KLIST_LEN_OFFSET);
        let cap = self.b.ins().load(types::I64, flags, p, KLIST_CAP_OFFSET);
        let count = self.b.ins().load(types::I64, flags, p, 0);
        let room = self.b.ins().icmp(IntCC::SignedLessThan, n, cap);
        let mortal = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, count, 0);
        let fast = self.b.ins().band(room, mortal);
        let (fast_blk, slow_blk, done) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.set_cold_block(slow_blk);
        self.b.ins().brif(fast, fast_blk, &[], slow_blk, &[]);
        self.b.seal_block(fast_blk);
        self.b.seal_block(slow_blk);
        self.b.switch_to_block(fast_blk);
        let data = self.b.ins().load(abi::PTR, flags, p, KLIST_DATA_OFFSET);
        let off = self.b.ins().imul_imm_s(n, 8 * words);
        let addr = self.b.ins().iadd(data, off);
        self.store_words(addr, &vals);
        let n1 = self.b.ins().iadd_imm_s(n, 1);
        self.b.ins().store(flags, n1, p, KLIST_LEN_OFFSET);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(slow_blk);
        let buf = self.word_buffer(vals.len());
        self.store_words(buf, &vals);
        let status = self.call_rt("kiln_list_append", &[p, buf])[0];
        self.fail_if(status, |_| {});
        self.b.ins().jump(done, &[]);
        self.b.seal_block(done);
        self.b.switch_to_block(done);
    }

    /// `Op::ObjCall`: marshals the operands, calls the entry, checks its status.
    #[allow(clippy::too_many_arguments)]
    pub fn obj_call(
        &mut self,
        entry: &str,
        spec: &[ObjArg],
        out: ObjOut,
        args: &[Value],
        results: &[Value],
        blk: Block,
        k: usize,
    ) -> Vec<cl::Value> {
        if entry == "kiln_list_append" && matches!(spec, [ObjArg::Val(0), ObjArg::WordsOwned(1)]) {
            self.list_append_inline(args[0], args[1], blk, k);
            return Vec::new();
        }
        let rty = results.first().map(|r| self.f.ty(*r).clone());
        let rty = rty.as_ref();
        let mut entry_outs: Vec<(cl::Value, Type)> = Vec::new();
        let e = crate::abi::entry(entry).unwrap_or_else(|| panic!("internal error: runtime entry point `{entry}` is not in the ABI table"));
        let params = e.params;
        let mut call_args = Vec::new();
        for (n, a) in spec.iter().enumerate() {
            let want = params.get(n).map(|t| abi_clif(*t)).unwrap_or(types::I64);
            let v = match a {
                ObjArg::Val(i) => {
                    let x = self.val(args[*i as usize]);
                    convert_int(&mut self.b, x, want)
                }
                ObjArg::Words(i) | ObjArg::WordsOwned(i) => {
                    let v = args[*i as usize];
                    if matches!(a, ObjArg::WordsOwned(_)) {
                        self.take_ref(v, blk, k);
                    }
                    let vals = self.vals[v].clone();
                    let buf = self.word_buffer(vals.len());
                    self.store_words(buf, &vals);
                    buf
                }
                ObjArg::Code(t) => self.type_code_ptr(t),
                ObjArg::Const(c) => self.b.ins().iconst(want, *c),
                ObjArg::Null => self.b.ins().iconst(abi::PTR, 0),
                ObjArg::Out => {
                    let ty = self.f.ty(results[1 + entry_outs.len()]).clone();
                    let n = parts(&ty).len();
                    let buf = self.word_buffer(n);
                    let z = self.b.ins().iconst(types::I64, 0);
                    for w in 0..n.max(1) {
                        self.b.ins().store(MemFlagsData::trusted(), z, buf, 8 * w as i32);
                    }
                    entry_outs.push((buf, ty));
                    buf
                }
            };
            call_args.push(v);
        }
        let out_buf = match out {
            ObjOut::Words => {
                let n = rty.map_or(0, |t| parts(t).len());
                let buf = self.word_buffer(n);
                // Zeroed, so that a failed call leaves nothing to release.
                let z = self.b.ins().iconst(types::I64, 0);
                for w in 0..n.max(1) {
                    self.b.ins().store(MemFlagsData::trusted(), z, buf, 8 * w as i32);
                }
                Some(buf)
            }
            ObjOut::IntOut | ObjOut::CmpOut => Some(self.word_buffer(1)),
            _ => None,
        };
        if let Some(b) = out_buf {
            call_args.push(b);
        }
        let res = self.call_rt(entry, &call_args);
        match out {
            ObjOut::Obj => {
                let p = res[0];
                let null = self.b.ins().icmp_imm_s(IntCC::Equal, p, 0);
                self.fail_if(null, |_| {});
                vec![p]
            }
            ObjOut::Status => {
                self.fail_if(res[0], |_| {});
                Vec::new()
            }
            ObjOut::Nothing => Vec::new(),
            ObjOut::Bool => {
                let r = res[0];
                let bad = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, r, 0);
                self.fail_if(bad, |_| {});
                vec![self.b.ins().ireduce(types::I8, r)]
            }
            ObjOut::Int => vec![convert_int(&mut self.b, res[0], types::I64)],
            ObjOut::Entry => {
                let mut out = vec![self.b.ins().ireduce(types::I8, res[0])];
                for (buf, ty) in entry_outs {
                    out.extend(self.load_words(buf, &ty));
                }
                out
            }
            ObjOut::Words | ObjOut::IntOut | ObjOut::CmpOut => {
                self.fail_if(res[0], |_| {});
                let buf = out_buf.expect("out buffer");
                match out {
                    ObjOut::Words => self.load_words(buf, rty.expect("words result")),
                    ObjOut::IntOut => vec![self.b.ins().load(types::I64, MemFlagsData::trusted(), buf, 0)],
                    _ => {
                        let r = self.b.ins().load(types::I32, MemFlagsData::trusted(), buf, 0);
                        vec![self.b.ins().sextend(types::I64, r)]
                    }
                }
            }
        }
    }
}

fn abi_clif(t: crate::abi::AbiTy) -> cl::Type {
    use crate::abi::AbiTy;
    match t {
        AbiTy::I8 => types::I8,
        AbiTy::I32 => types::I32,
        AbiTy::I64 | AbiTy::Ptr => types::I64,
        AbiTy::F32 => types::F32,
        AbiTy::F64 => types::F64,
    }
}

/// Converts an integer part to machine type `want` (sign-extending `int`s,
/// zero-extending `bool`s).
fn convert_int(b: &mut cranelift_frontend::FunctionBuilder, x: cl::Value, want: cl::Type) -> cl::Value {
    let have = b.func.dfg.value_type(x);
    if have == want || !want.is_int() || !have.is_int() {
        x
    } else if have.bits() > want.bits() {
        b.ins().ireduce(want, x)
    } else if have == types::I8 {
        b.ins().uextend(want, x)
    } else {
        b.ins().sextend(want, x)
    }
}
