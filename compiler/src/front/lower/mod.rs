//! Typed lowering: Python AST to kiln IR, inferring types as it goes.
//!
//! Type inference starts from the exported signatures. Each distinct
//! `(function, argument types)` pair becomes one IR function (an *instance*).
//! Lowering an instance is a fixpoint: a pass lowers the whole body with the
//! current guesses for the variables' types and the function's return type;
//! assignments and returns widen the guesses ([`Type::join`]); the pass is
//! repeated until nothing widens. Recursive calls use the callee's current
//! return-type estimate, and a caller whose estimate turns out stale is lowered
//! again from the worklist.
//!
//! Invariants:
//! - only the final pass's IR and diagnostics of each instance are kept;
//! - IR produced here contains no `Type::Bottom` when no error was reported;
//! - every emitted operation carries the span of the source construct.

mod arith;
mod array;
mod call;
mod complex;
mod container;
mod dtype;
mod expr;
mod fnvalue;
mod generator;
mod lambda;
mod numpy;
mod objops;
mod pylib;
mod stmt;

pub use pylib::REDUCE_CALL;

use std::collections::{HashMap, HashSet};

use rustpython_parser::ast;

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::front::module::{span_of, ConstValue, ModuleInfo};
use crate::ir::{self, Block, Const, FuncId, Op, Slot, Stmt, Value};
use crate::types::Type;

/// How many passes one instance may take before inference gives up.
const MAX_PASSES: u32 = 32;
/// How many times the worklist may re-lower instances in total, per instance.
const MAX_RELOWERINGS: u32 = 64;

/// A module function, its argument types, and the functions passed to its
/// function-valued parameters (by position): each combination is one instance.
type InstanceKey = (usize, Vec<Type>, Vec<Option<FnRef>>);

/// A function passed as an argument to a module function, known at compile
/// time: the callee is specialised per function (`front/lower/fnvalue.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FnRef {
    /// A module function (index into `ModuleInfo::funcs`).
    Module(usize),
    /// An operation-table entry (`operator.add`, `abs`, `math.sqrt`).
    Op(crate::optable::OpId),
    /// A lambda or one-expression nested function without free local
    /// variables (index into `Lowerer::lambdas`).
    Lambda(usize),
}

struct InstState {
    key: InstanceKey,
    /// Current estimate of the return type.
    ret: Type,
    in_progress: bool,
    /// Callers and the return type they assumed.
    dependents: HashMap<FuncId, Type>,
    diags: Vec<Diagnostic>,
    relowerings: u32,
}

/// Per-line facts found in comments, such as `#omp parallel for`.
#[derive(Default, Debug)]
pub struct CommentDirectives {
    /// Byte offsets of the starts of lines that follow an `#omp parallel for`
    /// comment, with the comment's clauses.
    pub parallel_for_lines: HashMap<u32, OmpClauses>,
}

/// The clauses of one `#omp parallel for` comment (names as written).
#[derive(Debug, Default, Clone)]
pub struct OmpClauses {
    /// `reduction(op:var)`: (operator, variable).
    pub reductions: Vec<(String, String)>,
    /// `private(var)` (and `firstprivate`/`lastprivate`).
    pub private: Vec<String>,
}

pub struct Lowerer<'a> {
    pub src: &'a str,
    pub info: &'a ModuleInfo<'a>,
    pub module: ir::Module,
    pub directives: &'a CommentDirectives,
    instances: HashMap<InstanceKey, FuncId>,
    states: HashMap<FuncId, InstState>,
    dirty: Vec<FuncId>,
    /// Lambdas passed to module functions (`FnRef::Lambda`), one per lambda expression.
    pub lambdas: Vec<lambda::InlineFn<'a>>,
}

impl<'a> Lowerer<'a> {
    pub fn new(src: &'a str, info: &'a ModuleInfo<'a>, directives: &'a CommentDirectives, name: &str) -> Lowerer<'a> {
        let module = ir::Module { name: name.to_string(), doc: info.doc.clone(), ..Default::default() };
        Lowerer { src, info, module, directives, instances: HashMap::new(), states: HashMap::new(), dirty: Vec::new(), lambdas: Vec::new() }
    }

    /// The instance of module function `func` for these argument types,
    /// lowering it now if it is new. `caller` records the dependency.
    pub fn instance(&mut self, func: usize, args: Vec<Type>, caller: Option<FuncId>) -> (FuncId, Type) {
        self.instance_with(func, args, Vec::new(), caller)
    }

    /// As [`Lowerer::instance`], with functions passed to function-valued
    /// parameters (`fns[i]` for parameter i; those take no IR parameter).
    pub fn instance_with(&mut self, func: usize, args: Vec<Type>, fns: Vec<Option<FnRef>>, caller: Option<FuncId>) -> (FuncId, Type) {
        let key = (func, args, fns);
        let id = match self.instances.get(&key) {
            Some(id) => *id,
            None => {
                let def = self.info.funcs[func];
                let n = self.module.funcs.len();
                let name = format!("{}__{}", def.name, n);
                let id = self.module.funcs.push(ir::Function::new(name, def.name.to_string(), span_of_def(def)));
                self.instances.insert(key.clone(), id);
                self.states.insert(
                    id,
                    InstState { key, ret: Type::Bottom, in_progress: false, dependents: HashMap::new(), diags: Vec::new(), relowerings: 0 },
                );
                self.lower_instance(id);
                id
            }
        };
        let st = self.states.get_mut(&id).expect("instance state exists for every instance");
        if let Some(c) = caller {
            st.dependents.insert(c, st.ret.clone());
        }
        (id, st.ret.clone())
    }

    /// Re-lowers instances whose callees' return types changed, until stable.
    pub fn finish(&mut self) -> Diagnostics {
        while let Some(id) = self.dirty.pop() {
            if self.states[&id].in_progress {
                continue;
            }
            self.lower_instance(id);
        }
        let mut diags = Diagnostics::default();
        let mut ids: Vec<&FuncId> = self.states.keys().collect();
        ids.sort();
        for id in ids {
            for d in &self.states[id].diags {
                diags.push(d.clone());
            }
        }
        diags
    }

    fn lower_instance(&mut self, id: FuncId) {
        let (func_index, arg_types, _) = self.states[&id].key.clone();
        let def = self.info.funcs[func_index];
        {
            let st = self.states.get_mut(&id).expect("state");
            st.in_progress = true;
            st.relowerings += 1;
            if st.relowerings > MAX_RELOWERINGS {
                st.in_progress = false;
                st.diags = vec![Diagnostic::error(span_of_def(def), format!("type inference for `{}` does not converge", def.name))
                    .with_note("a recursive function's return type keeps changing; give it a consistent return type")];
                return;
            }
        }
        let mut var_types: HashMap<String, Type> = HashMap::new();
        let mut needs_flag: HashSet<String> = HashSet::new();
        let webs = std::rc::Rc::new(crate::front::webs::Webs::compute(def));
        let mut split: HashSet<String> = HashSet::new();
        let mut result = None;
        let ret_at_start = self.states[&id].ret.clone();
        for _pass in 0..MAX_PASSES {
            let ret_before = self.states[&id].ret.clone();
            let vars = FnVars { var_types: var_types.clone(), needs_flag: needs_flag.clone(), webs: webs.clone(), split: split.clone() };
            let mut fx = FnCx::new(self, id, def, &arg_types, vars);
            fx.lower_body();
            let changed = fx.var_types != var_types || fx.needs_flag != needs_flag || fx.widened || !fx.split_request.is_empty();
            var_types = fx.var_types.clone();
            needs_flag = fx.needs_flag.clone();
            split.extend(fx.split_request.iter().cloned());
            let FnCx { func, diags, mut ret, split_request, .. } = fx;
            if !split_request.is_empty() {
                // The types inferred so far mixed the webs of the split
                // variables (and what was computed from them): infer again.
                var_types.clear();
                ret = ret_at_start.clone();
            }
            let ret_changed = ret != ret_before;
            self.states.get_mut(&id).expect("state").ret = ret.clone();
            result = Some((func, diags, ret));
            if !changed && !ret_changed {
                break;
            }
        }
        let (mut func, mut diags, ret) = result.expect("at least one pass runs");
        if ret.contains_bottom() && !diags.has_errors() {
            diags.push(
                Diagnostic::error(span_of_def(def), format!("cannot infer the return type of `{}`", def.name))
                    .with_label("every path through this function recurses")
                    .with_note("a recursive function needs a base case that returns without recursing"),
            );
        }
        func.ret = if ret == Type::Bottom { Type::None } else { ret.clone() };
        let st = self.states.get_mut(&id).expect("state");
        st.in_progress = false;
        st.ret = ret.clone();
        st.diags = diags.list;
        let stale: Vec<FuncId> = st.dependents.iter().filter(|(_, used)| **used != ret).map(|(c, _)| *c).collect();
        self.module.funcs[id] = func;
        for c in stale {
            if !self.dirty.contains(&c) {
                self.dirty.push(c);
            }
        }
    }
}

pub fn span_of_def(def: &ast::StmtFunctionDef) -> Span {
    // The span of the `def name(...)` header line, not the whole body.
    let start: u32 = def.range.start().into();
    let end = def.body.first().map_or(def.range.end().into(), |s| u32::from(rustpython_parser::ast::Ranged::range(s).start()));
    Span::new(start, end.max(start))
}

/// What an expression denotes: a runtime value, or a compile-time entity.
#[derive(Clone, Debug)]
pub enum Operand {
    Val(Value),
    Func(usize),
    Module(crate::front::module::KnownModule),
    Op(crate::optable::OpId),
    DType(crate::types::DType),
    /// A name from a known module that kiln does not support (reported on use).
    Unknown(String),
    /// A method bound to its receiver (`a.sum`).
    Method(Value, crate::optable::OpId),
    /// A method of a str or container bound to its receiver (`xs.append`),
    /// with the local variable holding the receiver, if any.
    ObjMethod(Value, String, Option<String>),
    /// A lambda or single-expression nested function (`FnCx::inline_fns`).
    Inline(usize),
}

/// Lowering state of one pass over one function instance.
pub struct FnCx<'l, 'a> {
    pub lw: &'l mut Lowerer<'a>,
    pub id: FuncId,
    pub def: &'a ast::StmtFunctionDef,
    pub func: ir::Function,
    pub diags: Diagnostics,
    /// The block statements are appended to.
    pub cur: Block,
    /// Variable name to slot, for this pass.
    pub slots: HashMap<String, Slot>,
    /// Variable types known from earlier passes, widened by this one.
    pub var_types: HashMap<String, Type>,
    /// Local names of the function (assigned anywhere in it, or parameters).
    pub locals: HashSet<String>,
    /// Variables that need an "is assigned" flag for `UnboundLocalError` checks.
    pub needs_flag: HashSet<String>,
    pub flag_slots: HashMap<String, Slot>,
    /// Variables definitely assigned at the current point.
    pub assigned: HashSet<String>,
    /// Whether the current point is reachable.
    pub reachable: bool,
    /// The return-type estimate, widened by `return`s.
    pub ret: Type,
    /// A join widened a type during this pass (beyond `var_types`).
    pub widened: bool,
    /// Nesting depth of loops, for `break`/`continue` checks.
    pub loop_depth: u32,
    /// Nesting depth of `except` blocks, for bare `raise`.
    pub handler_depth: u32,
    /// Names bound by `except ... as name` (the exception object is not a value yet).
    pub exception_names: HashSet<String>,
    /// Comprehension targets renamed to hidden variables (Python 3 keeps
    /// them local to the comprehension).
    pub renames: HashMap<String, String>,
    /// The type of the variable an assignment stores into (from earlier
    /// passes), offered to the first display or comprehension of the value:
    /// it gives nested empty displays (`[[] for _ in r]`) their element type.
    pub expected: Option<Type>,
    /// For each variable, the first assignment of this pass whose value
    /// alone has the variable's current type: where that type came from,
    /// shown when a later assignment conflicts with it.
    pub type_origin: HashMap<String, Span>,
    /// Variables assigned a value that already failed with a diagnostic
    /// (type `Bottom`): reading them reports nothing more.
    pub poisoned: HashSet<String>,
    /// The first `return` of this pass whose value has the return type.
    pub ret_origin: Option<Span>,
    /// The webs of each local variable (for false polymorphism).
    pub webs: std::rc::Rc<crate::front::webs::Webs>,
    /// Variables lowered as one variable per web (`a`, `a.1`, ...).
    pub split: HashSet<String>,
    /// Variables this pass found needing a split: one name, two types, in different webs.
    pub split_request: HashSet<String>,
    /// How many comprehensions are being lowered around the current point.
    pub comp_depth: u32,
    /// The span of the set comprehension (or `set(...)` call) that `len()`
    /// is about to measure: its layout is never observed, so its table may
    /// be sized up front (`kiln_set_reserve`) instead of growing.
    pub len_only_set: Option<Span>,
    /// Set by a presized set comprehension for its first iterable: the
    /// accumulator to size from that iterable's length.
    pub set_reserve_from_iter: Option<String>,
    /// Lambdas and nested functions met so far, inlined at their calls.
    pub inline_fns: Vec<lambda::InlineFn<'a>>,
    /// Variables bound to one of `inline_fns`.
    pub inline_names: HashMap<String, usize>,
    /// How many inline calls are being expanded around the current point.
    pub inline_depth: u32,
    /// The generator functions whose statements are being inlined at the
    /// current point (not counting those whose consumer body this is),
    /// innermost last, each with the path of call offsets that names its variables.
    pub gen_stack: Vec<(usize, String)>,
    /// Inside an inlined generator's own statements: the loop depth inside
    /// its one-shot wrapper loop, which its `return` leaves.
    pub gen_ret: Option<u32>,
    /// In a consumer's loop body inlined at a `yield`: (loop depth of that
    /// body, how many enclosing loops a `break` there leaves besides the innermost).
    pub gen_break: Option<(u32, u32)>,
    /// Generator parameters bound to an iterable (a generator call or
    /// generator expression passed as an argument), by hidden name.
    pub deferred: HashMap<String, container::Iterable>,
    /// Variables (parameters, or locals bound once) holding a function known
    /// at compile time.
    pub fn_values: HashMap<String, FnRef>,
}

/// What one lowering pass of a function inherits from the previous one.
struct FnVars {
    var_types: HashMap<String, Type>,
    needs_flag: HashSet<String>,
    webs: std::rc::Rc<crate::front::webs::Webs>,
    split: HashSet<String>,
}

impl<'l, 'a> FnCx<'l, 'a> {
    fn new(lw: &'l mut Lowerer<'a>, id: FuncId, def: &'a ast::StmtFunctionDef, arg_types: &[Type], vars: FnVars) -> FnCx<'l, 'a> {
        let FnVars { var_types, needs_flag, webs, split } = vars;
        let name = lw.module.funcs[id].name.clone();
        let func = ir::Function::new(name, def.name.to_string(), span_of_def(def));
        let cur = func.body;
        let ret = lw.states[&id].ret.clone();
        let mut locals = crate::front::scope::local_names(def);
        let func_index = lw.states[&id].key.0;
        if let Some(l) = lw.info.lifted.get(&func_index) {
            locals.extend(l.captures.iter().cloned());
        }
        let mut fx = FnCx {
            lw,
            id,
            def,
            func,
            diags: Diagnostics::default(),
            cur,
            slots: HashMap::new(),
            var_types,
            locals,
            needs_flag,
            flag_slots: HashMap::new(),
            assigned: HashSet::new(),
            reachable: true,
            ret,
            widened: false,
            loop_depth: 0,
            handler_depth: 0,
            exception_names: HashSet::new(),
            renames: HashMap::new(),
            expected: None,
            type_origin: HashMap::new(),
            poisoned: HashSet::new(),
            ret_origin: None,
            webs,
            split,
            split_request: HashSet::new(),
            comp_depth: 0,
            len_only_set: None,
            set_reserve_from_iter: None,
            inline_fns: Vec::new(),
            inline_names: HashMap::new(),
            inline_depth: 0,
            gen_stack: Vec::new(),
            gen_ret: None,
            gen_break: None,
            deferred: HashMap::new(),
            fn_values: HashMap::new(),
        };
        fx.init_flags();
        fx.bind_params(arg_types);
        fx
    }

    fn bind_params(&mut self, arg_types: &[Type]) {
        let def = self.def;
        let params: Vec<&ast::ArgWithDefault> = def.args.posonlyargs.iter().chain(def.args.args.iter()).collect();
        if def.args.vararg.is_some() || def.args.kwarg.is_some() || !def.args.kwonlyargs.is_empty() {
            self.diags.push(
                Diagnostic::error(span_of_def(def), "`*args`, `**kwargs` and keyword-only parameters are not supported")
                    .with_note("give the function a fixed list of positional parameters"),
            );
        }
        let fns = self.lw.states[&self.id].key.2.clone();
        for (i, p) in params.iter().enumerate() {
            let name = p.def.arg.to_string();
            let span: Span = p.def.range.into();
            if let Some(Some(f)) = fns.get(i) {
                // A function argument: bound at compile time, no IR parameter.
                self.fn_values.insert(name, *f);
                continue;
            }
            let value = match arg_types.get(i) {
                Some(t) => self.func.add_param(t.clone()),
                None => match &p.default {
                    // Missing trailing arguments take their defaults (`T?` specs, calls with defaults).
                    Some(d) => match crate::front::module::eval_const(d, self.lw.info) {
                        Ok(c) => self.const_value(&c, span),
                        Err(why) => {
                            self.diags.push(Diagnostic::error(d.range().into(), format!("unsupported default value: {why}")));
                            self.poison()
                        }
                    },
                    None => {
                        self.diags.push(Diagnostic::error(span, format!("missing argument `{name}`")));
                        self.poison()
                    }
                },
            };
            self.assign_var(&name, value, span);
        }
        // A lifted nested function receives the enclosing function's
        // variables it reads after its own parameters.
        let captures = self.lw.info.lifted.get(&self.func_index()).map(|l| l.captures.clone()).unwrap_or_default();
        for (k, name) in captures.iter().enumerate() {
            let Some(t) = arg_types.get(params.len() + k) else { break };
            let value = self.func.add_param(t.clone());
            self.assign_var(name, value, span_of_def(def));
        }
        let params_len = params.len() + captures.len();
        if arg_types.len() > params_len {
            self.diags.push(Diagnostic::error(
                span_of_def(def),
                format!("`{}` takes {} arguments but {} were given", def.name, params.len(), arg_types.len()),
            ));
        }
    }

    fn lower_body(&mut self) {
        if crate::front::generators::is_generator(self.def) {
            self.diags.push(
                Diagnostic::error(span_of_def(self.def), format!("generator function `{}` cannot be exported or called for its value", self.def.name))
                    .with_note("kiln inlines generators where they are iterated (a `for` loop, a comprehension, `list()`, `sum()`, ...); export a function that consumes it, e.g. one returning `list(...)` of it"),
            );
            return;
        }
        let body = &self.def.body;
        self.lower_stmts(body);
        if self.reachable {
            // Falling off the end returns None.
            self.add_return(None, span_of_def(self.def));
        }
    }

    // ----- emission helpers -------------------------------------------------

    pub fn push_stmt(&mut self, s: Stmt) {
        self.func.blocks[self.cur].stmts.push(s);
    }

    pub fn emit(&mut self, op: Op, args: Vec<Value>, result_types: Vec<Type>, span: Span) -> Vec<Value> {
        if matches!(op, Op::ObjCall { .. } | Op::ListGet(_)) && result_types.iter().any(Type::contains_bottom) {
            // Reading an element of a container whose element type is not known
            // (it is empty, or gets its type in a later inference pass).
            self.diags.push(
                Diagnostic::error(span, "cannot infer the element type of this empty container")
                    .with_note("kiln needs one element type per container; add an element of the intended type somewhere"),
            );
            return result_types.iter().map(|_| self.poison()).collect();
        }
        let inst = self.func.make_inst(op, args, result_types, span);
        self.push_stmt(Stmt::Inst(inst));
        self.func.insts[inst].results.clone()
    }

    pub fn emit1(&mut self, op: Op, args: Vec<Value>, ty: Type, span: Span) -> Value {
        self.emit(op, args, vec![ty], span)[0]
    }

    pub fn ty(&self, v: Value) -> Type {
        self.func.ty(v).clone()
    }

    /// A value of unknown type standing for an expression that failed to
    /// lower or whose type is not known yet; it only appears in discarded passes.
    pub fn poison(&mut self) -> Value {
        self.emit1(Op::Const(Const::None), vec![], Type::Bottom, Span::default())
    }

    pub fn const_int(&mut self, v: i64, span: Span) -> Value {
        self.emit1(Op::Const(Const::Int(v)), vec![], Type::Int, span)
    }

    pub fn const_value(&mut self, c: &ConstValue, span: Span) -> Value {
        match c {
            ConstValue::Int(i) => self.const_int(*i, span),
            ConstValue::Float(f) => self.emit1(Op::Const(Const::Float(*f)), vec![], Type::Float, span),
            ConstValue::Bool(b) => self.emit1(Op::Const(Const::Bool(*b)), vec![], Type::Bool, span),
            ConstValue::None => self.emit1(Op::Const(Const::None), vec![], Type::None, span),
            ConstValue::Str(s) => self.emit1(Op::Const(Const::Str(s.clone())), vec![], Type::Str, span),
            ConstValue::Tuple(items) => {
                let vals: Vec<Value> = items.iter().map(|c| self.const_value(c, span)).collect();
                self.make_tuple(vals, span)
            }
            ConstValue::List(list) => {
                let ty = Type::list(list.elem.clone());
                self.emit1(Op::ListConst { list: list.clone(), fresh: false }, vec![], ty, span)
            }
        }
    }

    pub fn make_tuple(&mut self, vals: Vec<Value>, span: Span) -> Value {
        let ty = Type::tuple(vals.iter().map(|v| self.ty(*v)).collect());
        self.emit1(Op::MakeTuple, vals, ty, span)
    }

    /// Item `i` of a tuple value, folding `MakeTuple` directly.
    pub fn tuple_get(&mut self, t: Value, i: usize, span: Span) -> Value {
        if let Some(inst) = self.func.def_inst(t) {
            if self.func.insts[inst].op == Op::MakeTuple {
                return self.func.insts[inst].args[i];
            }
        }
        let Type::Tuple(items) = self.ty(t) else { return self.poison() };
        let ty = items.get(i).cloned().unwrap_or(Type::Bottom);
        self.emit1(Op::TupleGet(i as u32), vec![t], ty, span)
    }

    pub fn error(&mut self, span: Span, msg: impl Into<String>) -> Value {
        self.diags.push(Diagnostic::error(span, msg));
        self.poison()
    }

    /// Lowers `then` into a fresh block and returns it, restoring the current block.
    pub fn in_block(&mut self, f: impl FnOnce(&mut Self)) -> Block {
        let b = self.func.new_block();
        let saved = std::mem::replace(&mut self.cur, b);
        f(self);
        self.cur = saved;
        b
    }

    /// Emits `raise kind(message)`.
    pub fn raise_error(&mut self, kind: i32, message: impl Into<String>, span: Span) {
        self.emit(Op::SetError { kind, message: message.into() }, vec![], vec![], span);
        self.push_stmt(Stmt::Raise);
        self.reachable = false;
    }

    pub fn add_return(&mut self, v: Option<Value>, span: Span) {
        let ty = v.map_or(Type::None, |v| self.ty(v));
        let v = match Type::join(&self.ret, &ty) {
            Some(j) => {
                self.ret = j;
                if ty == self.ret && self.ret_origin.is_none() {
                    self.ret_origin = Some(span);
                }
                v
            }
            None => {
                let mut d = Diagnostic::error(span, format!("`{}` returns both {} and {}", self.def.name, self.ret, ty))
                    .with_label(format!("this returns {ty}"));
                if let Some(origin) = self.ret_origin {
                    d = d.with_secondary(origin, format!("this returns {}", self.ret));
                }
                self.diags.push(d.with_note("a kiln function has one return type; convert the results to a common type"));
                // Already reported: no second error for the conversion.
                Some(self.poison())
            }
        };
        let target = self.ret.clone();
        let v = match v {
            Some(v) => Some(self.coerce(v, &target, span)),
            None if target == Type::None => None,
            None => Some(self.poison()),
        };
        self.push_stmt(Stmt::Return(v));
        self.reachable = false;
    }

    // ----- variables --------------------------------------------------------

    /// The variable a `Name` node of local `name` refers to: `name` itself,
    /// or `name.k` for web k > 0 of a variable split into its webs.
    pub fn var_key(&self, name: &str, node: u32) -> String {
        if self.split.contains(name) {
            if let Some(k) = self.webs.web(node).filter(|&k| k > 0) {
                return format!("{name}.{k}");
            }
        }
        name.to_string()
    }

    /// The variable of a `Name` node: comprehension renames first, then webs.
    pub fn name_key(&self, n: &ast::ExprName) -> String {
        match self.renames.get(n.id.as_str()) {
            Some(hidden) => hidden.clone(),
            None => self.var_key(n.id.as_str(), n.range.start().into()),
        }
    }

    /// This function's index in `ModuleInfo::funcs`.
    pub fn func_index(&self) -> usize {
        self.lw.states[&self.id].key.0
    }

    /// The nested function `name` visible here: one defined in this function,
    /// or, inside a lifted function, a sibling (or itself).
    pub fn nested_function(&self, name: &str) -> Option<usize> {
        let me = self.func_index();
        let info = self.lw.info;
        if let Some(&i) = info.nested.get(&(me, name.to_string())) {
            return Some(i);
        }
        let parent = info.lifted.get(&me)?.parent;
        // A local of the lifted function shadows its siblings (captures are
        // never sibling names, so `locals` is exactly its own names here).
        if self.locals.contains(name) {
            return None;
        }
        info.nested.get(&(parent, name.to_string())).copied()
    }

    /// The slot of a local variable, created with its current type guess.
    fn slot_of(&mut self, name: &str) -> Slot {
        if let Some(s) = self.slots.get(name) {
            return *s;
        }
        let ty = self.var_types.get(name).cloned().unwrap_or(Type::Bottom);
        let s = self.func.add_slot(name, ty);
        self.slots.insert(name.to_string(), s);
        s
    }

    fn flag_slot(&mut self, name: &str) -> Slot {
        if let Some(s) = self.flag_slots.get(name) {
            return *s;
        }
        let s = self.func.add_slot(format!("{name}$assigned"), Type::Bool);
        self.flag_slots.insert(name.to_string(), s);
        s
    }

    /// `name = value`.
    pub fn assign_var(&mut self, name: &str, value: Value, span: Span) {
        let vty = self.ty(value);
        if vty == Type::Bottom {
            self.poisoned.insert(name.to_string());
        }
        let slot = self.slot_of(name);
        let old = self.func.slots[slot].ty.clone();
        let new = match Type::join(&old, &vty) {
            Some(t) => t,
            None => {
                // Two types in different webs: the next pass gives each web its own
                // variable. The error below only survives if no split can help.
                let base = name.split('.').next().unwrap_or(name);
                if self.webs.splittable(base) && !self.split.contains(base) {
                    self.split_request.insert(base.to_string());
                }
                let mut d = Diagnostic::error(span, format!("variable `{name}` would hold both {old} and {vty}"))
                    .with_label(format!("this assigns a value of type {vty}"));
                if let Some(origin) = self.type_origin.get(name) {
                    d = d.with_secondary(*origin, format!("`{name}` gets type {old} here"));
                }
                self.diags.push(d.with_note(format!(
                    "`{name}` already holds a value of type {old} at this point; kiln needs one type per variable at each point"
                )));
                // Later reads would only repeat the conflict.
                self.poisoned.insert(name.to_string());
                return;
            }
        };
        if vty == new && !self.type_origin.contains_key(name) {
            self.type_origin.insert(name.to_string(), span);
        }
        if new != old && !old.contains_bottom() {
            // A widening (`int` to `float`) in a variable with several webs
            // may only come from another web: split rather than change the
            // type that web's values have in CPython.
            let base = name.split('.').next().unwrap_or(name);
            if self.webs.splittable(base) && !self.split.contains(base) {
                self.split_request.insert(base.to_string());
            }
        }
        if new != old {
            self.func.slots[slot].ty = new.clone();
            self.var_types.insert(name.to_string(), new.clone());
            self.widened = true;
        }
        let v = self.coerce(value, &new, span);
        self.emit(Op::Store(slot), vec![v], vec![], span);
        if self.needs_flag.contains(name) {
            let flag = self.flag_slot(name);
            let t = self.emit1(Op::Const(Const::Bool(true)), vec![], Type::Bool, span);
            self.emit(Op::Store(flag), vec![t], vec![], span);
        }
        self.assigned.insert(name.to_string());
    }

    /// Reads local variable `name`.
    pub fn read_var(&mut self, name: &str, span: Span) -> Value {
        let slot = self.slot_of(name);
        let ty = self.func.slots[slot].ty.clone();
        if self.poisoned.contains(name) && (ty == Type::Bottom || self.diags.has_errors()) {
            return self.poison();
        }
        if ty == Type::Bottom {
            // Not assigned yet in program order: a later assignment (in a loop)
            // may give it a type; if none does, report it after the last pass.
            self.diags.push(
                Diagnostic::error(span, format!("local variable `{name}` is used before it is assigned"))
                    .with_note("assign it on every path before this use"),
            );
            return self.poison();
        }
        if !self.assigned.contains(name) {
            // Possibly unbound here: check at run time, as CPython does.
            if self.needs_flag.insert(name.to_string()) {
                self.widened = true;
            }
            let flag = self.flag_slot(name);
            let f = self.emit1(Op::Load(flag), vec![], Type::Bool, span);
            let nf = self.emit1(Op::Unary(ir::UnaryOp::Not), vec![f], Type::Bool, span);
            let msg = format!("cannot access local variable '{name}' where it is not associated with a value");
            let then_block = self.in_block(|fx| fx.raise_error(crate::abi::exc::UNBOUND_LOCAL_ERROR, msg, span));
            let else_block = self.func.new_block();
            self.push_stmt(Stmt::If { cond: nf, then_block, else_block });
            self.reachable = true;
            self.assigned.insert(name.to_string());
        }
        self.emit1(Op::Load(slot), vec![], ty, span)
    }

    /// Initializes "is assigned" flags to false at function entry.
    fn init_flags(&mut self) {
        let names: Vec<String> = self.needs_flag.iter().cloned().collect();
        for name in names {
            let flag = self.flag_slot(&name);
            let f = self.emit1(Op::Const(Const::Bool(false)), vec![], Type::Bool, Span::default());
            self.emit(Op::Store(flag), vec![f], vec![], Span::default());
        }
    }

    pub fn stmt_span(s: &ast::Stmt) -> Span {
        span_of(s)
    }
}

use rustpython_parser::ast::Ranged;
