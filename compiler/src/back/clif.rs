//! Translation of one kiln IR function to Cranelift IR.
//!
//! `FunctionCx` walks the region tree once, creating Cranelift blocks for
//! each structured region. Slots become Cranelift `Variable`s (one per part)
//! and Cranelift builds SSA form from them.
//!
//! Reference counting (arrays, strs, containers): a value produced by an allocation or a call
//! owns one reference; values from loads, parameters and tuple items borrow.
//! An owned value is released right after its last use in its defining
//! block, or moved into a slot or a return when that is its last use. Slots
//! own their contents and are released on every function exit. When an
//! operation fails, the still-live owned values of all open scopes are
//! released before control leaves for the function's error exit, so that an
//! exception never leaks.

use std::collections::{HashMap, HashSet};

use cranelift_codegen::entity::SecondaryMap;
use cranelift_codegen::ir::{self as cl, condcodes::IntCC, types, InstBuilder, MemFlagsData};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use cranelift_module::Module as _;

use super::abi::{self, parts, ref_parts};
use super::ModuleCx;
use crate::ir::{self, Block, Const, Op, Slot, Stmt, Value, ValueDef};
use crate::types::Type;

/// An active `try` region (or a handler, or a `finally` being run for an exception).
#[derive(Clone)]
struct TryCx {
    /// Where an exception raised inside goes.
    dispatch: cl::Block,
    /// Open scopes when the region started (inner scopes are released on an exception).
    depth: usize,
    /// Loops open when the region started.
    loops: usize,
    /// Run when leaving the region by `return`, `break` or `continue`.
    finally: Option<Block>,
    /// Inside an `except` body: the handled exception is stashed.
    in_handler: bool,
}

pub(super) struct LoopTargets {
    pub(super) brk: cl::Block,
    pub(super) cont: cl::Block,
    /// Number of open scopes when the loop body was entered.
    pub(super) depth: usize,
}

pub struct FunctionCx<'a, 'b> {
    pub cx: &'a mut ModuleCx,
    pub m: &'a ir::Module,
    pub f: &'a ir::Function,
    pub b: FunctionBuilder<'b>,
    pub vals: SecondaryMap<Value, Vec<cl::Value>>,
    pub(super) slot_vars: SecondaryMap<Slot, Vec<Variable>>,
    /// Slots that only ever hold a borrowed parameter: no counting needed.
    pub(super) borrowed_slots: HashSet<Slot>,
    /// Owned values not yet released, per open scope (innermost last).
    pub(super) live: Vec<Vec<Value>>,
    /// Values that borrow a slot's reference (loads, and items or views of
    /// loads), with that slot, per open scope.
    borrowed: Vec<Vec<(Value, Slot)>>,
    last_use: HashMap<Value, (Block, usize)>,
    /// The block and the current statement index of every open scope.
    scope_pos: Vec<(Block, usize)>,
    pub(super) loops: Vec<LoopTargets>,
    trys: Vec<TryCx>,
    ret_block: cl::Block,
    err_block: Option<cl::Block>,
    may_raise: bool,
    func_refs: HashMap<String, cl::FuncRef>,
    /// The current Cranelift block already ends in a terminator.
    terminated: bool,
    /// Square roots computed with the one before them (`back::num::root_pair`).
    pub(super) paired_roots: HashMap<ir::Inst, cl::Value>,
    /// `[M, A, s, fix]` of int64 divisors that loops being emitted divide by
    /// (`prepare_div_magic`), valid inside those loops.
    pub(super) div_magic: HashMap<Value, [cl::Value; 4]>,
}

pub fn translate_function(
    cx: &mut ModuleCx,
    m: &ir::Module,
    id: ir::FuncId,
    f: &ir::Function,
    func: &mut cl::Function,
    fctx: &mut FunctionBuilderContext,
) -> Result<(), String> {
    let may_raise = cx.effects.may_raise(id);
    let mut b = FunctionBuilder::new(func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    // Blocks are sealed as soon as all their predecessors are known, so that
    // variables not redefined in a loop resolve to their outer definitions
    // (no loop-header block parameters): Cranelift can then see them as
    // loop-invariant and keep them in registers.
    b.seal_block(entry);
    let ret_block = b.create_block();
    let mut fx = FunctionCx {
        cx,
        m,
        f,
        b,
        vals: SecondaryMap::new(),
        slot_vars: SecondaryMap::new(),
        borrowed_slots: HashSet::new(),
        live: Vec::new(),
        borrowed: Vec::new(),
        last_use: HashMap::new(),
        scope_pos: Vec::new(),
        loops: Vec::new(),
        trys: Vec::new(),
        ret_block,
        err_block: None,
        may_raise,
        func_refs: HashMap::new(),
        terminated: false,
        paired_roots: HashMap::new(),
        div_magic: HashMap::new(),
    };
    fx.setup(entry);
    fx.compute_last_uses(f.body);
    fx.block(f.body);
    if !fx.terminated {
        fx.trap();
    }
    fx.emit_exits();
    fx.b.seal_all_blocks();
    let FunctionCx { b, cx, .. } = fx;
    b.finalize(cx.isa.frontend_config());
    Ok(())
}

impl<'a, 'b> FunctionCx<'a, 'b> {
    /// A translation context for a function outlined from part of `f` (a
    /// kernel's loop body): no parameters or slots of `f`, no returns; an
    /// exception leaves through [`FunctionCx::finish_outlined`]'s error exit.
    pub fn outlined(cx: &'a mut ModuleCx, m: &'a ir::Module, f: &'a ir::Function, mut b: FunctionBuilder<'b>) -> Self {
        let ret_block = b.create_block();
        FunctionCx {
            cx,
            m,
            f,
            b,
            vals: SecondaryMap::new(),
            slot_vars: SecondaryMap::new(),
            borrowed_slots: HashSet::new(),
            live: Vec::new(),
            borrowed: Vec::new(),
            last_use: HashMap::new(),
            loops: Vec::new(),
            trys: Vec::new(),
            scope_pos: Vec::new(),
            ret_block,
            err_block: None,
            may_raise: true,
            func_refs: HashMap::new(),
            terminated: false,
            paired_roots: HashMap::new(),
            div_magic: HashMap::new(),
        }
    }

    /// Ends an outlined function: its error exit returns status 1. Returns
    /// whether the function can fail at all.
    pub fn finish_outlined(mut self) -> bool {
        let can_fail = self.err_block.is_some();
        if let Some(err) = self.err_block {
            self.b.switch_to_block(err);
            let one = self.b.ins().iconst(types::I8, 1);
            self.b.ins().return_(&[one]);
        }
        self.b.seal_all_blocks();
        let FunctionCx { b, cx, .. } = self;
        b.finalize(cx.isa.frontend_config());
        can_fail
    }

    fn setup(&mut self, entry: cl::Block) {
        let params: Vec<cl::Value> = self.b.block_params(entry).to_vec();
        let mut pos = 0;
        for p in &self.f.params {
            let n = parts(self.f.ty(*p)).len();
            self.vals[*p] = params[pos..pos + n].to_vec();
            pos += n;
        }
        for (s, d) in self.f.slots.iter() {
            let vars: Vec<Variable> = parts(&d.ty)
                .into_iter()
                .map(|t| {
                    let var = self.b.declare_var(t);
                    let z = zero(&mut self.b, t);
                    self.b.def_var(var, z);
                    var
                })
                .collect();
            self.slot_vars[s] = vars;
        }
        // A slot whose only store is of a parameter borrows the caller's reference.
        let mut stores: HashMap<Slot, Vec<Value>> = HashMap::new();
        for d in self.f.insts.values() {
            if let Op::Store(s) = d.op {
                stores.entry(s).or_default().push(d.args[0]);
            }
        }
        for (s, vs) in stores {
            if vs.len() == 1 && matches!(self.f.values[vs[0]].def, ValueDef::Param(_)) {
                self.borrowed_slots.insert(s);
            }
        }
        let ret_parts = parts(&self.f.ret);
        for t in ret_parts {
            self.b.append_block_param(self.ret_block, t);
        }
    }

    /// Records, for each value, the last statement of its defining block that uses it.
    fn compute_last_uses(&mut self, b: Block) {
        let f = self.f;
        let mut defined_here: HashSet<Value> = HashSet::new();
        for (k, s) in f.blocks[b].stmts.iter().enumerate() {
            if let Stmt::Inst(i) = s {
                for r in &f.insts[*i].results {
                    defined_here.insert(*r);
                    self.last_use.entry(*r).or_insert((b, k));
                }
            }
            let mut used = Vec::new();
            collect_uses(f, s, &mut used);
            for v in used {
                if defined_here.contains(&v) {
                    self.last_use.insert(v, (b, k));
                }
            }
            for c in s.child_blocks() {
                self.compute_last_uses(c);
            }
        }
        // A value that borrows from another (a tuple item, an array seen with
        // another layout) keeps its base alive until its own last use.
        for s in f.blocks[b].stmts.iter().rev() {
            let Stmt::Inst(i) = s else { continue };
            let d = &f.insts[*i];
            if !is_borrowing_op(&d.op, f, d) {
                continue;
            }
            let (r, a) = (d.results[0], d.args[0]);
            if let (Some(&(rb, rk)), Some(&(ab, ak))) = (self.last_use.get(&r), self.last_use.get(&a)) {
                if rb == b && ab == b && ak < rk {
                    self.last_use.insert(a, (b, rk));
                }
            }
        }
    }

    // ----- helpers ------------------------------------------------------------

    pub fn func_ref(&mut self, name: &str, sig: impl FnOnce() -> Result<cl::Signature, String>) -> cl::FuncRef {
        if let Some(r) = self.func_refs.get(name) {
            return *r;
        }
        let sig = sig().unwrap_or_else(|e| panic!("{e}"));
        let id = self.cx.import(name, &sig).unwrap_or_else(|e| panic!("{e}"));
        let r = self.cx.obj.declare_func_in_func(id, self.b.func);
        self.func_refs.insert(name.to_string(), r);
        r
    }

    /// Calls a runtime entry point from the ABI table.
    pub fn call_rt(&mut self, name: &str, args: &[cl::Value]) -> Vec<cl::Value> {
        let r = self.func_ref(name, || abi::runtime_signature(name));
        let call = self.b.ins().call(r, args);
        self.b.inst_results(call).to_vec()
    }

    /// Calls a C math function.
    pub fn call_libm(&mut self, name: &str, args: &[cl::Value]) -> cl::Value {
        let n = args.len();
        let r = self.func_ref(name, || Ok(abi::libm_signature(n)));
        let call = self.b.ins().call(r, args);
        self.b.inst_results(call)[0]
    }

    pub fn val(&self, v: Value) -> cl::Value {
        self.vals[v][0]
    }

    fn err_block(&mut self) -> cl::Block {
        *self.err_block.get_or_insert_with(|| {
            let blk = self.b.create_block();
            self.b.set_cold_block(blk);
            blk
        })
    }

    /// Releases every live owned value and leaves through the error exit.
    pub fn unwind(&mut self) {
        // The innermost `try` catches it; scopes opened inside it are left.
        let (depth, target) = match self.trys.last() {
            Some(t) => (t.depth, t.dispatch),
            None => (0, self.err_block()),
        };
        let live: Vec<Value> = self.live[depth.min(self.live.len())..].iter().flatten().copied().collect();
        for v in live {
            self.decref_value(v);
        }
        self.b.ins().jump(target, &[]);
        self.terminated = true;
    }

    /// Before leaving the regions of `trys[from..]` by a jump (return,
    /// break, continue): pops handled exceptions and runs `finally` blocks,
    /// innermost first. Each finally runs outside its own region.
    fn leave_trys(&mut self, from: usize) {
        let saved = self.trys.clone();
        for idx in (from..saved.len()).rev() {
            let t = saved[idx].clone();
            self.trys.truncate(idx);
            if t.in_handler {
                self.call_rt("kiln_err_unstash", &[]);
            }
            if let Some(fb) = t.finally {
                if !self.terminated {
                    self.block(fb);
                }
            }
        }
        self.trys = saved;
    }

    /// `try`/`except`/`else`/`finally`.
    fn try_stmt(&mut self, t: &crate::ir::TryData) {
        let dispatch = self.b.create_block();
        self.b.set_cold_block(dispatch);
        let after = self.b.create_block();
        let base = TryCx { dispatch, depth: self.live.len(), loops: self.loops.len(), finally: t.finally, in_handler: false };
        // The protected body.
        self.trys.push(base.clone());
        self.block(t.body);
        self.trys.pop();
        // No exception: the else clause (protected only by the finally), the finally, on.
        if !self.terminated {
            if let Some(o) = t.orelse {
                self.with_finally_guard(t.finally, |fx| fx.block(o));
            }
        }
        if !self.terminated {
            if let Some(fb) = t.finally {
                self.block(fb);
            }
            self.jump_if_open(after);
        }
        // An exception: the first matching handler, else propagate.
        self.b.seal_block(dispatch);
        self.b.switch_to_block(dispatch);
        self.terminated = false;
        let kind = self.call_rt("kiln_err_kind", &[])[0];
        for h in &t.handlers {
            let matched = self.kind_matches(kind, &h.kinds);
            let (hb, next) = (self.b.create_block(), self.b.create_block());
            self.b.ins().brif(matched, hb, &[], next, &[]);
            self.b.seal_block(hb);
            self.b.seal_block(next);
            self.b.switch_to_block(hb);
            self.call_rt("kiln_err_stash", &[]);
            // An exception escaping the handler drops the handled one, runs the finally, propagates.
            let handler_exit = self.b.create_block();
            self.b.set_cold_block(handler_exit);
            self.trys.push(TryCx {
                dispatch: handler_exit,
                depth: self.live.len(),
                loops: self.loops.len(),
                finally: t.finally,
                in_handler: true,
            });
            self.block(h.body);
            self.trys.pop();
            if !self.terminated {
                self.call_rt("kiln_err_unstash", &[]);
                if let Some(fb) = t.finally {
                    self.block(fb);
                }
                self.jump_if_open(after);
            }
            self.b.seal_block(handler_exit);
            self.b.switch_to_block(handler_exit);
            self.terminated = false;
            self.call_rt("kiln_err_unstash", &[]);
            self.propagate_through_finally(t.finally);
            self.b.switch_to_block(next);
            self.terminated = false;
        }
        self.propagate_through_finally(t.finally);
        self.b.seal_block(after);
        self.b.switch_to_block(after);
        self.terminated = false;
    }

    /// Runs `f` with exceptions routed through `finally` (if any) before propagating.
    fn with_finally_guard(&mut self, finally: Option<Block>, f: impl FnOnce(&mut Self)) {
        let Some(fb) = finally else { return f(self) };
        let exit = self.b.create_block();
        self.b.set_cold_block(exit);
        self.trys.push(TryCx { dispatch: exit, depth: self.live.len(), loops: self.loops.len(), finally: Some(fb), in_handler: false });
        f(self);
        self.trys.pop();
        // Continue in a fresh block, so the exit path can be filled first.
        let cont = self.b.create_block();
        let reachable = !self.terminated;
        self.jump_if_open(cont);
        self.b.seal_block(exit);
        self.b.switch_to_block(exit);
        self.terminated = false;
        self.propagate_through_finally(Some(fb));
        self.b.seal_block(cont);
        self.b.switch_to_block(cont);
        self.terminated = !reachable;
        if !reachable {
            self.trap();
        }
    }

    /// With an exception pending: runs `finally` (keeping the exception aside), then unwinds outward.
    fn propagate_through_finally(&mut self, finally: Option<Block>) {
        if let Some(fb) = finally {
            self.call_rt("kiln_err_stash", &[]);
            self.block(fb);
            if !self.terminated {
                self.call_rt("kiln_err_reraise", &[]);
                self.call_rt("kiln_err_unstash", &[]);
            }
        }
        if !self.terminated {
            self.unwind();
        }
    }

    /// Whether pending kind `kind` is caught by a handler for `kinds` (subclasses included).
    fn kind_matches(&mut self, kind: cl::Value, kinds: &[i32]) -> cl::Value {
        if kinds.is_empty() {
            return self.b.ins().iconst(types::I8, 1);
        }
        let mut any = self.b.ins().iconst(types::I8, 0);
        for raised in 0..crate::abi::exc::NAMES.len() as i32 {
            if kinds.iter().any(|h| crate::abi::exc::is_subclass(raised, *h)) {
                let eq = self.b.ins().icmp_imm_s(IntCC::Equal, kind, raised as i64);
                any = self.b.ins().bor(any, eq);
            }
        }
        any
    }

    /// A loop test: on to `body` when `more` is nonzero, else to `exit`.
    ///
    /// The branch names the exit first (`brif !more, exit, body`). Cranelift
    /// orders dominator-tree siblings by reverse post-order, in which the
    /// first successor comes last, so the body is elaborated before the exit.
    /// Its loop-invariant code motion keeps a stack of the loops around the
    /// block being elaborated and pops a loop on meeting a block outside it;
    /// an exit visited first would pop the loop before its body, and nothing
    /// would be hoisted out of it (an inner loop of `matmul` recomputed its
    /// row address on every iteration).
    pub fn loop_branch(&mut self, more: cl::Value, body: cl::Block, exit: cl::Block) {
        let leave = self.b.ins().icmp_imm_s(IntCC::Equal, more, 0);
        self.b.ins().brif(leave, exit, &[], body, &[]);
    }

    /// Opens a loop whose header computes `more` with `test` and continues in
    /// a new body block, where it leaves the builder; returns the header and
    /// the exit for [`close_loop`](Self::close_loop).
    pub fn open_loop(&mut self, test: impl FnOnce(&mut Self) -> cl::Value) -> (cl::Block, cl::Block) {
        let (head, body, exit) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().jump(head, &[]);
        self.b.switch_to_block(head);
        let more = test(self);
        self.loop_branch(more, body, exit);
        self.b.seal_block(body);
        self.b.seal_block(exit);
        self.b.switch_to_block(body);
        (head, exit)
    }

    /// Ends the body of a loop from [`open_loop`](Self::open_loop): back to
    /// the header, then on at the exit.
    pub fn close_loop(&mut self, head: cl::Block, exit: cl::Block) {
        self.b.ins().jump(head, &[]);
        self.b.seal_block(head);
        self.b.switch_to_block(exit);
    }

    /// Branches to a cold failure path when `cond` is nonzero; `on_fail` sets
    /// the pending exception there.
    pub fn fail_if(&mut self, cond: cl::Value, on_fail: impl FnOnce(&mut Self)) {
        let fail = self.b.create_block();
        let cont = self.b.create_block();
        self.b.set_cold_block(fail);
        self.b.ins().brif(cond, fail, &[], cont, &[]);
        self.b.seal_block(fail);
        self.b.seal_block(cont);
        self.b.switch_to_block(fail);
        on_fail(self);
        self.unwind();
        self.b.switch_to_block(cont);
        self.terminated = false;
    }

    /// Raises `kind(message)` when `cond` is nonzero.
    pub fn raise_if(&mut self, cond: cl::Value, kind: i32, message: &str) {
        self.fail_if(cond, |fx| fx.set_error(kind, message));
    }

    pub fn set_error(&mut self, kind: i32, message: &str) {
        let data = self.cx.rodata(message.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let gv = self.cx.obj.declare_data_in_func(data, self.b.func);
        let ptr = self.b.ins().symbol_value(abi::PTR, gv);
        let k = self.b.ins().iconst(types::I32, kind as i64);
        let len = self.b.ins().iconst(types::I64, message.len() as i64);
        self.call_rt("kiln_raise", &[k, ptr, len]);
    }

    fn trap(&mut self) {
        self.b.ins().trap(cl::TrapCode::unwrap_user(1));
        self.terminated = true;
    }

    pub fn incref_value(&mut self, v: Value) {
        let ty = self.f.ty(v).clone();
        let vals = self.vals[v].clone();
        self.incref_parts(&ty, &vals);
    }

    pub fn decref_value(&mut self, v: Value) {
        let ty = self.f.ty(v).clone();
        let vals = self.vals[v].clone();
        self.decref_parts(&ty, &vals);
    }

    pub fn incref_parts(&mut self, ty: &Type, vals: &[cl::Value]) {
        for (p, kind) in ref_parts(ty) {
            match kind.free_fn() {
                Some(_) => self.obj_count_update(vals[p], 1, None),
                None => {
                    self.call_rt("kiln_buf_incref", &[vals[p]]);
                }
            }
        }
    }

    pub fn decref_parts(&mut self, ty: &Type, vals: &[cl::Value]) {
        for (p, kind) in ref_parts(ty) {
            match kind.free_fn() {
                Some(free) => self.obj_count_update(vals[p], -1, Some(free)),
                None => {
                    self.call_rt("kiln_buf_decref", &[vals[p]]);
                }
            }
        }
    }

    /// Adds `delta` to the count of a str, list, set or dict inline, as the
    /// runtime's `incref`/`decref` do (containers/obj.rs): null and immortal
    /// (negative count) objects are left alone; the count is updated
    /// atomically (parallel loops share objects); a decrement that takes it
    /// to zero calls `free`. Counting is the most frequent thing container
    /// code does, and a call per update cost more than the update.
    fn obj_count_update(&mut self, p: cl::Value, delta: i64, free: Option<&str>) {
        let flags = MemFlagsData::trusted();
        let (counted, update, done) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
        self.b.ins().brif(p, counted, &[], done, &[]);
        self.b.seal_block(counted);
        self.b.switch_to_block(counted);
        let count = self.b.ins().load(types::I64, flags, p, 0);
        let mortal = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, count, 0);
        self.b.ins().brif(mortal, update, &[], done, &[]);
        self.b.seal_block(update);
        self.b.switch_to_block(update);
        let d = self.b.ins().iconst(types::I64, delta);
        let old = self.b.ins().atomic_rmw(types::I64, flags, cl::AtomicRmwOp::Add, p, d);
        if let Some(free) = free {
            let dead = self.b.create_block();
            self.b.set_cold_block(dead);
            let last = self.b.ins().icmp_imm_s(IntCC::Equal, old, 1);
            self.b.ins().brif(last, dead, &[], done, &[]);
            self.b.seal_block(dead);
            self.b.switch_to_block(dead);
            self.call_rt(free, &[p]);
        }
        self.b.ins().jump(done, &[]);
        self.b.seal_block(done);
        self.b.switch_to_block(done);
    }

    /// The innermost scope's list of owned values.
    pub fn live_scope_mut(&mut self) -> Option<&mut Vec<Value>> {
        self.live.last_mut()
    }

    fn is_owned(&self, v: Value) -> bool {
        self.live.iter().any(|s| s.contains(&v))
    }

    /// Takes `v` out of the live sets: its reference now belongs elsewhere.
    fn forget(&mut self, v: Value) {
        for s in self.live.iter_mut() {
            s.retain(|x| *x != v);
        }
    }

    /// Whether statement `k` of block `b` is the last use of `v`.
    fn is_last_use(&self, v: Value, b: Block, k: usize) -> bool {
        self.last_use.get(&v) == Some(&(b, k))
    }

    /// Makes a reference owned by the consumer: moves `v` if this is its last
    /// use and it is owned, else counts a new reference.
    pub fn take_ref(&mut self, v: Value, b: Block, k: usize) {
        if !self.f.ty(v).has_refs() {
            return;
        }
        if self.is_owned(v) && self.is_last_use(v, b, k) {
            self.forget(v);
        } else {
            self.incref_value(v);
        }
    }

    // ----- regions ----------------------------------------------------------------

    pub fn block(&mut self, blk: Block) {
        self.live.push(Vec::new());
        self.borrowed.push(Vec::new());
        self.scope_pos.push((blk, 0));
        let stmts = self.f.blocks[blk].stmts.clone();
        for (k, s) in stmts.iter().enumerate() {
            if let Some(p) = self.scope_pos.last_mut() {
                p.1 = k;
            }
            if self.terminated {
                // Unreachable code after a terminator: give it a fresh block.
                let dead = self.b.create_block();
                self.b.seal_block(dead);
                self.b.switch_to_block(dead);
                self.terminated = false;
            }
            self.stmt(s, blk, k);
            if !self.terminated {
                // Release owned values whose last use was this statement.
                let done: Vec<Value> = self
                    .live
                    .last()
                    .map_or(Vec::new(), |l| l.iter().copied().filter(|v| self.last_use.get(v) == Some(&(blk, k))).collect());
                for v in done {
                    self.decref_value(v);
                    self.forget(v);
                }
            }
        }
        if !self.terminated {
            let rest = self.live.last().cloned().unwrap_or_default();
            for v in rest {
                self.decref_value(v);
            }
        }
        self.live.pop();
        self.borrowed.pop();
        self.scope_pos.pop();
    }

    pub(super) fn jump_if_open(&mut self, target: cl::Block) {
        if !self.terminated {
            self.b.ins().jump(target, &[]);
        }
    }

    fn stmt(&mut self, s: &Stmt, blk: Block, k: usize) {
        match s {
            Stmt::Inst(i) => self.inst(*i, blk, k),
            Stmt::If { cond, then_block, else_block } => {
                let c = self.val(*cond);
                let (t, e, merge) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
                self.b.ins().brif(c, t, &[], e, &[]);
                self.b.seal_block(t);
                self.b.seal_block(e);
                self.b.switch_to_block(t);
                self.terminated = false;
                self.block(*then_block);
                let t_open = !self.terminated;
                self.jump_if_open(merge);
                self.b.switch_to_block(e);
                self.terminated = false;
                self.block(*else_block);
                let e_open = !self.terminated;
                self.jump_if_open(merge);
                self.b.seal_block(merge);
                self.b.switch_to_block(merge);
                self.terminated = false;
                if !t_open && !e_open {
                    self.trap();
                }
            }
            Stmt::For { index, start, stop, step, body, orelse, attrs, span } => {
                // A parallel loop's body is outlined, where values computed here
                // are not seen: its own inner loops prepare their divisors.
                let magic = if attrs.parallel && orelse.is_none() { Vec::new() } else { self.prepare_div_magic(s) };
                let simd = self.simd_plan(*index, *body, *span);
                let parallel = attrs.parallel
                    && orelse.is_none()
                    && self.parallel_for(*index, *start, *stop, *step, *body, &attrs.reductions, simd.as_ref());
                if !parallel {
                    self.serial_for(*index, *start, *stop, *step, *body, *orelse, simd.as_ref());
                }
                self.forget_div_magic(magic);
            }
            Stmt::While { header, cond, body, orelse, .. } => {
                let magic = self.prepare_div_magic(s);
                let (head_b, body_b, exit) = (self.b.create_block(), self.b.create_block(), self.b.create_block());
                let else_b = orelse.map(|_| self.b.create_block());
                self.b.ins().jump(head_b, &[]);
                self.b.switch_to_block(head_b);
                self.terminated = false;
                self.block(*header);
                let c = self.val(*cond);
                self.loop_branch(c, body_b, else_b.unwrap_or(exit));
                self.b.seal_block(body_b);
                if let Some(eb) = else_b {
                    self.b.seal_block(eb);
                }
                self.b.switch_to_block(body_b);
                self.terminated = false;
                self.loops.push(LoopTargets { brk: exit, cont: head_b, depth: self.live.len() });
                self.block(*body);
                self.loops.pop();
                self.jump_if_open(head_b);
                self.b.seal_block(head_b);
                self.loop_else_and_exit(else_b, *orelse, exit);
                self.forget_div_magic(magic);
            }
            Stmt::Break(_) | Stmt::Continue => {
                let levels = if let Stmt::Break(n) = s { *n as usize } else { 0 };
                let Some(l) = self.loops.len().checked_sub(levels + 1).and_then(|i| self.loops.get(i)) else { return self.trap() };
                let (target, depth) = (if matches!(s, Stmt::Break(_)) { l.brk } else { l.cont }, l.depth);
                let loop_index = self.loops.len() - levels - 1;
                let first_try = self.trys.iter().position(|t| t.loops > loop_index).unwrap_or(self.trys.len());
                self.leave_trys(first_try);
                let live: Vec<Value> = self.live[depth..].iter().flatten().copied().collect();
                for v in live {
                    self.decref_value(v);
                }
                self.b.ins().jump(target, &[]);
                self.terminated = true;
            }
            Stmt::Return(v) => {
                let args: Vec<cl::BlockArg> = match v {
                    Some(v) => {
                        self.take_ref(*v, blk, k);
                        self.vals[*v].iter().map(|x| cl::BlockArg::Value(*x)).collect()
                    }
                    None => Vec::new(),
                };
                self.leave_trys(0);
                // A moved result has left the live sets; everything else goes.
                let live: Vec<Value> = self.live.iter().flatten().copied().collect();
                for x in live {
                    self.decref_value(x);
                }
                self.b.ins().jump(self.ret_block, &args);
                self.terminated = true;
            }
            Stmt::Raise => self.unwind(),
            Stmt::Reraise => {
                self.call_rt("kiln_err_reraise", &[]);
                self.unwind();
            }
            Stmt::Try(t) => self.try_stmt(t),
            Stmt::Kernel(k) => self.kernel(k),
        }
    }

    /// `for index in range(start, stop, step): body [else: orelse]`, run in
    /// order; its leading whole vectors of iterations on SIMD lanes when
    /// `simd` allows.
    #[allow(clippy::too_many_arguments)]
    fn serial_for(
        &mut self,
        index: Value,
        start: Value,
        stop: Value,
        step: Value,
        body: Block,
        orelse: Option<Block>,
        simd: Option<&crate::middle::analysis::loop_vector::VectorPlan>,
    ) {
        let (start, stop, step_v) = (self.val(start), self.val(stop), self.val(step));
        let step_const = self.const_int(step);
        let iv = self.b.declare_var(types::I64);
        let start = match simd {
            Some(plan) => {
                let count = self.range_trip_count(start, stop, step_v);
                let done = self.simd_iterations(plan, index, body, start, step_v, count);
                let skipped = self.b.ins().imul(done, step_v);
                self.b.ins().iadd(start, skipped)
            }
            None => start,
        };
        self.b.def_var(iv, start);
        let (header, body_b, latch, exit) = (self.b.create_block(), self.b.create_block(), self.b.create_block(), self.b.create_block());
        let else_b = orelse.map(|_| self.b.create_block());
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(header);
        let i = self.b.use_var(iv);
        let cond = match step_const {
            Some(c) if c > 0 => self.b.ins().icmp(IntCC::SignedLessThan, i, stop),
            Some(_) => self.b.ins().icmp(IntCC::SignedGreaterThan, i, stop),
            None => {
                let up = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step_v, 0);
                let lt = self.b.ins().icmp(IntCC::SignedLessThan, i, stop);
                let gt = self.b.ins().icmp(IntCC::SignedGreaterThan, i, stop);
                self.b.ins().select(up, lt, gt)
            }
        };
        self.loop_branch(cond, body_b, else_b.unwrap_or(exit));
        self.b.seal_block(body_b);
        if let Some(eb) = else_b {
            self.b.seal_block(eb);
        }
        self.b.switch_to_block(body_b);
        self.terminated = false;
        self.vals[index] = vec![i];
        self.loops.push(LoopTargets { brk: exit, cont: latch, depth: self.live.len() });
        self.block(body);
        self.loops.pop();
        self.jump_if_open(latch);
        self.b.seal_block(latch);
        self.b.switch_to_block(latch);
        let cur = self.b.use_var(iv);
        let next = self.b.ins().iadd(cur, step_v);
        self.b.def_var(iv, next);
        self.b.ins().jump(header, &[]);
        self.b.seal_block(header);
        self.loop_else_and_exit(else_b, orelse, exit);
    }

    /// After a loop's back edge: its `else` block (entered when the loop
    /// test fails, `else_b`), then the builder continues at `exit`.
    fn loop_else_and_exit(&mut self, else_b: Option<cl::Block>, orelse: Option<Block>, exit: cl::Block) {
        if let (Some(eb), Some(o)) = (else_b, orelse) {
            self.b.switch_to_block(eb);
            self.terminated = false;
            self.block(o);
            self.jump_if_open(exit);
        }
        self.b.seal_block(exit);
        self.b.switch_to_block(exit);
        self.terminated = false;
    }

    /// Whether the `for` loop with this body runs on SIMD lanes
    /// (`loop_vector::plan`), reported for `--report`: the decision, or why
    /// not for innermost loops (outer loops stay scalar by construction).
    fn simd_plan(
        &mut self,
        index: Value,
        body: Block,
        span: crate::diag::Span,
    ) -> Option<crate::middle::analysis::loop_vector::VectorPlan> {
        use crate::middle::analysis::loop_vector;
        let f = self.f;
        let plan = loop_vector::plan(f, body, index);
        let message = match &plan {
            Ok(p) => {
                let sums = p.sums(f);
                let kept = if sums.is_empty() {
                    String::new()
                } else {
                    format!(" (partial sums of {} per lane)", sums.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))
                };
                let copies = super::loop_simd::unroll_factor(f.blocks[body].stmts.len());
                Some(format!("loop runs on SIMD lanes, {} iterations per vector, {copies} vectors per step{kept}", loop_vector::LANES))
            }
            Err(why) => {
                let innermost = f.blocks[body].stmts.iter().all(|s| !matches!(s, Stmt::For { .. } | Stmt::While { .. }));
                innermost.then(|| format!("loop stays scalar: {why}"))
            }
        };
        if let Some(message) = message {
            self.cx.remarks.push(crate::middle::pass_manager::Remark { pass: "codegen", function: self.f.py_name.clone(), span, message });
        }
        plan.ok()
    }

    /// The constant value of an `int` value defined by a constant, if any.
    pub fn const_int(&self, v: Value) -> Option<i64> {
        crate::middle::util::const_int(self.f, v)
    }

    pub fn const_float(&self, v: Value) -> Option<f64> {
        match self.f.def_inst(v).map(|i| &self.f.insts[i].op) {
            Some(Op::Const(Const::Float(c))) => Some(*c),
            _ => None,
        }
    }

    fn inst(&mut self, i: ir::Inst, blk: Block, k: usize) {
        let d = &self.f.insts[i];
        let (op, args, results) = (d.op.clone(), d.args.clone(), d.results.clone());
        let rty = results.first().map(|r| self.f.ty(*r).clone());
        let mut loaded_owned = false;
        let out: Vec<cl::Value> = match &op {
            Op::Const(c) => self.constant(c, rty.as_ref().expect("const has a result")),
            Op::Load(s) => {
                let vals: Vec<cl::Value> = self.slot_vars[*s].clone().into_iter().map(|var| self.b.use_var(var)).collect();
                let r = results[0];
                if self.f.slots[*s].ty.has_refs()
                    && !self.borrowed_slots.contains(s)
                    && self.stored_in_nested_before_last_use(*s, r, blk, k)
                {
                    // A store to the slot inside a nested region could not pin this
                    // borrower on every path: hold an own reference instead.
                    let ty = self.f.slots[*s].ty.clone();
                    self.incref_parts(&ty, &vals);
                    loaded_owned = true;
                }
                vals
            }
            Op::Store(s) => {
                let v = args[0];
                let ty = self.f.slots[*s].ty.clone();
                let borrowed = self.borrowed_slots.contains(s);
                if ty.has_refs() && !borrowed {
                    self.pin_borrowers(*s, blk, k);
                }
                let old: Vec<cl::Value> = if ty.has_refs() && !borrowed {
                    self.slot_vars[*s].clone().into_iter().map(|var| self.b.use_var(var)).collect()
                } else {
                    Vec::new()
                };
                if !borrowed {
                    self.take_ref(v, blk, k);
                }
                let vars = self.slot_vars[*s].clone();
                for (var, x) in vars.iter().zip(self.vals[v].clone()) {
                    self.b.def_var(*var, x);
                }
                if !old.is_empty() {
                    self.decref_parts(&ty, &old);
                }
                Vec::new()
            }
            Op::Unary(u) if rty == Some(Type::Complex) => self.complex_unary(*u, args[0]),
            Op::Unary(u) if rty.as_ref().and_then(super::npcomplex::np_complex).is_some() => self.npc_unary(*u, args[0]),
            Op::Unary(u) => vec![self.unary(*u, args[0], rty.as_ref().expect("result"))],
            Op::Binary(bop) if rty == Some(Type::Complex) => self.complex_binary(*bop, args[0], args[1]),
            Op::Binary(bop) if rty.as_ref().and_then(super::npcomplex::np_complex).is_some() => {
                let d = rty.as_ref().and_then(super::npcomplex::np_complex).expect("checked");
                self.npc_binary(*bop, args[0], args[1], d)
            }
            Op::Binary(bop) => vec![self.binary(*bop, args[0], args[1], rty.as_ref().expect("result"))],
            Op::Compare(c) if *self.f.ty(args[0]) == Type::Complex => vec![self.complex_compare(*c, args[0], args[1])],
            Op::Compare(c) if super::npcomplex::np_complex(self.f.ty(args[0])).is_some() => vec![self.npc_compare(*c, args[0], args[1])],
            Op::Compare(c) => vec![self.compare(*c, args[0], args[1], rty.as_ref().expect("result"))],
            Op::Convert => self.convert(args[0], rty.as_ref().expect("result")),
            Op::Truth => vec![self.truth(args[0])],
            Op::Select => {
                let c = self.val(args[0]);
                let (a, b) = (self.vals[args[1]].clone(), self.vals[args[2]].clone());
                a.iter().zip(b).map(|(x, y)| self.b.ins().select(c, *x, y)).collect()
            }
            Op::Call(callee) => self.call(*callee, &args),
            Op::Builtin(id) => match self.paired_roots.remove(&i).or_else(|| self.root_pair(i, blk, k)) {
                Some(root) => vec![root],
                None => self.builtin(*id, &args, rty.as_ref().expect("builtin result")),
            },
            Op::MakeTuple => {
                let mut out = Vec::new();
                for a in &args {
                    out.extend(self.vals[*a].clone());
                }
                out
            }
            Op::TupleGet(n) => {
                let Type::Tuple(items) = self.f.ty(args[0]).clone() else { unreachable!("verified tuple") };
                let start: usize = items[..*n as usize].iter().map(|t| parts(t).len()).sum();
                let len = parts(&items[*n as usize]).len();
                self.vals[args[0]][start..start + len].to_vec()
            }
            Op::ArrayDim(dim) => vec![self.vals[args[0]][2 + *dim as usize]],
            Op::ArrayStride(dim) => {
                let nd = self.f.ty(args[0]).as_array().map_or(0, |a| a.ndim as usize);
                vec![self.vals[args[0]][2 + nd + *dim as usize]]
            }
            Op::Reshape => self.reshape(args[0], &args[1..]),
            Op::Permute(perm) => {
                let parts = self.vals[args[0]].clone();
                let nd = perm.len();
                self.call_rt("kiln_buf_incref", &[parts[1]]);
                let mut out = vec![parts[0], parts[1]];
                out.extend(perm.iter().map(|p| parts[2 + *p as usize]));
                out.extend(perm.iter().map(|p| parts[2 + nd + *p as usize]));
                out
            }
            Op::CheckIndex { axis, mode } => {
                let n = self.vals[args[0]][2 + *axis as usize];
                let i = self.val(args[1]);
                vec![self.checked_index(i, n, *axis as usize, *mode)]
            }
            Op::ArrayGet(modes) => self.array_get(args[0], &args[1..], modes),
            Op::ArraySet(modes) => {
                self.array_set(args[0], args[1], &args[2..], modes);
                Vec::new()
            }
            Op::ArrayAlloc(fill) => self.array_alloc(*fill, &args, rty.as_ref().expect("alloc result")),
            Op::View(axes) => self.view(&args, axes),
            Op::CheckInplace => {
                self.check_inplace(args[0], args[1]);
                Vec::new()
            }
            Op::AssignInto => {
                self.assign_into_rt(args[0], args[1]);
                Vec::new()
            }
            Op::ArrayCall { entry, args: spec, out } => self.array_call(entry, spec, *out, &args, rty.as_ref()),
            Op::ObjCall { entry, args: spec, out, .. } => self.obj_call(entry, spec, *out, &args, &results, blk, k),
            Op::ObjLen => vec![self.obj_len(args[0])],
            Op::ListConst { list, fresh } => self.list_const(list, *fresh),
            Op::ListGet(mode) => self.list_get(args[0], args[1], *mode),
            Op::ListSet(mode) => {
                self.list_set(args[0], args[1], args[2], *mode, blk, k);
                Vec::new()
            }
            Op::Elementwise(_) => unreachable!("the kernelize pass turns every elementwise operation into a kernel"),
            Op::SetError { kind, message } => {
                self.set_error(*kind, message);
                Vec::new()
            }
        };
        let mut pos = 0;
        for r in &results {
            let n = parts(self.f.ty(*r)).len();
            self.vals[*r] = out[pos..pos + n].to_vec();
            pos += n;
        }
        // Record values borrowing a slot's reference, so that a later store
        // to that slot can pin them first.
        if loaded_owned {
            if let Some(l) = self.live.last_mut() {
                l.push(results[0]);
            }
        }
        let root = match &op {
            Op::Load(_) if loaded_owned => None,
            Op::Load(s) if !self.borrowed_slots.contains(s) => Some(*s),
            _ if is_borrowing_op(&op, self.f, &self.f.insts[i]) => {
                self.borrowed.iter().flatten().find(|(v, _)| *v == args[0]).map(|(_, s)| *s)
            }
            _ => None,
        };
        if let Some(s) = root {
            for r in &results {
                if self.f.ty(*r).has_refs() {
                    if let Some(l) = self.borrowed.last_mut() {
                        l.push((*r, s));
                    }
                }
            }
        }
        // Results that hold new references start their life owned.
        let produces_owned = match &op {
            Op::Call(_) | Op::ArrayAlloc(_) | Op::MakeTuple | Op::View(_) | Op::Permute(_) | Op::Reshape | Op::ArrayCall { .. } => true,
            Op::ListGet(_) => true,
            Op::ListConst { fresh, .. } => *fresh,
            Op::ObjCall { out, .. } => out.owns_result(),
            _ => false,
        };
        if matches!(op, Op::MakeTuple) {
            // A tuple holds its own references to its items.
            for a in &args {
                self.take_ref(*a, blk, k);
            }
        }
        if produces_owned {
            for r in &results {
                if self.f.ty(*r).has_refs() {
                    if let Some(l) = self.live.last_mut() {
                        l.push(*r);
                    }
                }
            }
        }
    }

    /// Whether a statement of `blk` after `k`, up to the last use of `v`,
    /// stores slot `s` inside one of its nested blocks.
    fn stored_in_nested_before_last_use(&self, s: Slot, v: Value, blk: Block, k: usize) -> bool {
        let Some(&(lb, lk)) = self.last_use.get(&v) else { return false };
        if lb != blk {
            return false;
        }
        let stmts = &self.f.blocks[blk].stmts;
        stmts[k + 1..=lk.min(stmts.len() - 1).max(k)].iter().any(|st| st.child_blocks().into_iter().any(|c| self.block_stores(c, s)))
    }

    fn block_stores(&self, b: Block, s: Slot) -> bool {
        self.f.blocks[b].stmts.iter().any(|st| match st {
            Stmt::Inst(i) => self.f.insts[*i].op == Op::Store(s),
            other => other.child_blocks().into_iter().any(|c| self.block_stores(c, s)),
        })
    }

    /// Before slot `s` is overwritten, values still borrowing its old
    /// reference (and used after this statement) take a reference of their
    /// own, so that `a, b = b, a` never reads a released array.
    fn pin_borrowers(&mut self, s: Slot, blk: Block, k: usize) {
        for depth in 0..self.borrowed.len() {
            let pins: Vec<Value> = self.borrowed[depth].iter().filter(|(_, bs)| *bs == s).map(|(v, _)| *v).collect();
            for v in pins {
                self.borrowed[depth].retain(|(x, _)| *x != v);
                if self.is_last_use(v, blk, k) {
                    continue;
                }
                // A borrower whose last use is already behind (in its own block) is dead.
                if let (Some(&(lb, lk)), Some(&(pb, pk))) = (self.last_use.get(&v), self.scope_pos.get(depth)) {
                    if lb == pb && lk < pk {
                        continue;
                    }
                }
                self.incref_value(v);
                self.live[depth].push(v);
            }
        }
    }

    fn call(&mut self, callee: ir::FuncId, args: &[Value]) -> Vec<cl::Value> {
        let cid = self.cx.funcs[&callee];
        let r = self.cx.obj.declare_func_in_func(cid, self.b.func);
        let mut flat = Vec::new();
        for a in args {
            flat.extend(self.vals[*a].clone());
        }
        let call = self.b.ins().call(r, &flat);
        let mut res = self.b.inst_results(call).to_vec();
        if self.cx.effects.may_raise(callee) {
            let status = res.pop().expect("status result");
            self.fail_if(status, |_| {});
        }
        res
    }

    pub(super) fn constant(&mut self, c: &Const, ty: &Type) -> Vec<cl::Value> {
        match c {
            // Constants may be NumPy scalars of a narrower machine type.
            Const::Int(i) => {
                let t = abi::parts(ty).first().copied().unwrap_or(types::I64);
                vec![self.b.ins().iconst(t, *i)]
            }
            Const::Float(x) => {
                if abi::parts(ty).first() == Some(&types::F32) {
                    vec![self.b.ins().f32const(*x as f32)]
                } else {
                    vec![self.b.ins().f64const(*x)]
                }
            }
            Const::Bool(v) => vec![self.b.ins().iconst(types::I8, i64::from(*v))],
            Const::None => parts(ty).into_iter().map(|t| zero(&mut self.b, t)).collect(),
            Const::Str(s) => {
                // An immortal static str: no counting needed.
                let data = self.cx.static_str(s).unwrap_or_else(|e| panic!("{e}"));
                let gv = self.cx.obj.declare_data_in_func(data, self.b.func);
                vec![self.b.ins().symbol_value(abi::PTR, gv)]
            }
        }
    }

    fn emit_exits(&mut self) {
        let ret_parts = parts(&self.f.ret);
        let ref_slots: Vec<(Type, Vec<Variable>)> = self
            .f
            .slots
            .iter()
            .filter(|(s, d)| d.ty.has_refs() && !self.borrowed_slots.contains(s))
            .map(|(s, d)| (d.ty.clone(), self.slot_vars[s].clone()))
            .collect();
        // Normal exit: release the slots, return the result (and status 0).
        self.b.switch_to_block(self.ret_block);
        let mut rets: Vec<cl::Value> = self.b.block_params(self.ret_block).to_vec();
        self.release_slots(&ref_slots);
        if self.may_raise {
            rets.push(self.b.ins().iconst(types::I8, 0));
        }
        self.b.ins().return_(&rets);
        // Error exit: release the slots, return zeros and status 1.
        if let Some(err) = self.err_block {
            self.b.switch_to_block(err);
            if !self.may_raise {
                // The effects analysis judged this function unable to raise;
                // codegen disagreeing is a compiler bug, made loud rather than silent.
                self.b.ins().trap(cl::TrapCode::unwrap_user(2));
                return;
            }
            self.release_slots(&ref_slots);
            let mut zs: Vec<cl::Value> = ret_parts.iter().map(|t| zero(&mut self.b, *t)).collect();
            zs.push(self.b.ins().iconst(types::I8, 1));
            self.b.ins().return_(&zs);
        }
    }

    fn release_slots(&mut self, ref_slots: &[(Type, Vec<Variable>)]) {
        for (ty, vars) in ref_slots {
            let vals: Vec<cl::Value> = vars.iter().map(|v| self.b.use_var(*v)).collect();
            self.decref_parts(ty, &vals);
        }
    }
}

pub fn zero(b: &mut FunctionBuilder, t: cl::Type) -> cl::Value {
    if t == types::F64 {
        b.ins().f64const(0.0)
    } else if t == types::F32 {
        b.ins().f32const(0.0)
    } else {
        b.ins().iconst(t, 0)
    }
}

/// Operations whose result borrows the reference held by their operand.
fn is_borrowing_op(op: &Op, f: &ir::Function, d: &ir::InstData) -> bool {
    match op {
        Op::TupleGet(_) => true,
        Op::Convert => f.ty(d.args[0]).as_array().is_some(),
        _ => false,
    }
}

/// Every value a statement reads, including inside its child blocks.
pub(super) fn collect_uses(f: &ir::Function, s: &Stmt, out: &mut Vec<Value>) {
    if let Stmt::Inst(i) = s {
        out.extend(f.insts[*i].args.iter().copied());
    }
    out.extend(s.operands());
    for c in s.child_blocks() {
        for cs in &f.blocks[c].stmts {
            collect_uses(f, cs, out);
        }
    }
}
