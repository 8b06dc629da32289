//! The pass manager: runs transforms, caches analyses, verifies and times.
//!
//! Analyses are computed lazily on first request and cached by type. A
//! transform returns whether it changed the module and which analyses it
//! preserved; everything else is dropped from the cache (a transform that is
//! unsure preserves nothing). With `verify`, the IR verifier runs after every
//! pass, and a failure names the pass that broke the IR.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::ir::Module;

/// A fact computed from the module, cached until a transform invalidates it.
pub trait Analysis: Any {
    fn compute(m: &Module, am: &mut AnalysisCache) -> Self
    where
        Self: Sized;
}

#[derive(Default)]
pub struct AnalysisCache {
    map: HashMap<TypeId, Box<dyn Any>>,
}

impl AnalysisCache {
    /// The analysis `A`, computing it if it is not cached.
    pub fn get<A: Analysis>(&mut self, m: &Module) -> &A {
        let id = TypeId::of::<A>();
        if !self.map.contains_key(&id) {
            let a = A::compute(m, self);
            self.map.insert(id, Box::new(a));
        }
        self.map[&id].downcast_ref::<A>().expect("cache entries are keyed by their type")
    }

    /// A clone of analysis `A`, for passes that mutate the module while using it.
    pub fn get_cloned<A: Analysis + Clone>(&mut self, m: &Module) -> A {
        self.get::<A>(m).clone()
    }

    fn retain(&mut self, preserved: &Preserved) {
        match preserved {
            Preserved::All => {}
            Preserved::Nothing => self.map.clear(),
            Preserved::Only(ids) => self.map.retain(|k, _| ids.contains(k)),
        }
    }
}

/// Which analyses a transform leaves valid.
#[derive(Debug, Clone)]
pub enum Preserved {
    All,
    Nothing,
    Only(Vec<TypeId>),
}

/// What a transform did.
#[derive(Debug, Clone)]
pub struct PassResult {
    pub changed: bool,
    pub preserved: Preserved,
}

impl PassResult {
    pub fn unchanged() -> PassResult {
        PassResult { changed: false, preserved: Preserved::All }
    }

    /// Changed, and unsure what survives.
    pub fn changed(changed: bool) -> PassResult {
        PassResult { changed, preserved: if changed { Preserved::Nothing } else { Preserved::All } }
    }
}

/// One line of `--report`: what a pass did (or could not do) and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Remark {
    pub pass: &'static str,
    /// The Python function name.
    pub function: String,
    pub span: crate::diag::Span,
    pub message: String,
}

/// A transform over the whole module.
pub trait Pass {
    fn name(&self) -> &'static str;
    fn run(&self, m: &mut Module, am: &mut AnalysisCache, remarks: &mut Vec<Remark>) -> PassResult;
}

#[derive(Debug, Clone, Default)]
pub struct PassOptions {
    /// Run the IR verifier after every pass.
    pub verify: bool,
    /// Print the IR after passes with these names (`--dump-after=NAME`, `all`).
    pub dump_after: Vec<String>,
}

/// What running a pipeline produced besides the transformed module.
#[derive(Debug, Default)]
pub struct PassLog {
    pub timings: Vec<(&'static str, Duration)>,
    pub dumps: Vec<(String, String)>,
    pub remarks: Vec<Remark>,
}

pub struct PassManager {
    pub options: PassOptions,
    pub cache: AnalysisCache,
    pub log: PassLog,
}

impl PassManager {
    pub fn new(options: PassOptions) -> PassManager {
        PassManager { options, cache: AnalysisCache::default(), log: PassLog::default() }
    }

    /// Runs one pass; returns whether it changed the module, or the verifier's
    /// complaint about the IR it produced.
    pub fn run_pass(&mut self, pass: &dyn Pass, m: &mut Module) -> Result<bool, String> {
        let t = Instant::now();
        let result = pass.run(m, &mut self.cache, &mut self.log.remarks);
        self.log.timings.push((pass.name(), t.elapsed()));
        self.cache.retain(&result.preserved);
        if self.options.verify {
            let errors = crate::ir::verify::verify_module(m);
            if !errors.is_empty() {
                return Err(format!("the IR verifier failed after pass `{}`:\n{}", pass.name(), errors.join("\n")));
            }
        }
        if self.options.dump_after.iter().any(|n| n == pass.name() || n == "all") {
            self.log.dumps.push((pass.name().to_string(), crate::ir::print::module_to_string(m)));
        }
        Ok(result.changed)
    }
}
