//! Golden tests of the middle end: every `compiler/tests/golden/*.py` is
//! lowered to IR, and what its first-line header asks for is snapshotted
//! (`compiler/tests/snapshots/golden__<name>.snap`, insta):
//!
//! ```text
//! # golden: [before=PASS,PASS] [analysis=NAME] [pass=PASS]
//! ```
//!
//! - `before`: passes of the default pipeline run first (to reach the IR the
//!   pass under test sees, e.g. `kernelize` before `inplace`);
//! - `analysis`: `callgraph`, `effects`, `purity`, `usedef` or `alias`,
//!   printed for the IR after `before`;
//! - `pass`: the pass under test; the snapshot shows the IR before it, the
//!   IR after it, and its `--report` remarks (after those of the module
//!   constants evaluated at compile time, before lowering). `pass=a+b*` runs
//!   passes `a` and `b` repeatedly until neither changes the IR (at most 8
//!   rounds).
//!
//! The second line (`# Checks: ...`) says what the case shows; read the
//! snapshot against it when blessing (`INSTA_UPDATE=always cargo test
//! --release -p kiln --test golden`). The IR verifier runs after every pass.

mod common;

use kiln::ir::print::module_to_string;
use kiln::middle::pass_manager::PassOptions;
use kiln::middle::pipeline::{pass_by_name, run, Step};

fn header(source: &str) -> (Vec<String>, Option<String>, Option<String>) {
    let line = source.lines().next().unwrap_or_default();
    let spec = line.strip_prefix("# golden:").expect("first line is `# golden: ...`");
    let (mut before, mut analysis, mut pass) = (Vec::new(), None, None);
    for word in spec.split_whitespace() {
        match word.split_once('=') {
            Some(("before", v)) => before = v.split(',').map(str::to_string).collect(),
            Some(("analysis", v)) => analysis = Some(v.to_string()),
            Some(("pass", v)) => pass = Some(v.to_string()),
            _ => panic!("bad golden header word `{word}`"),
        }
    }
    (before, analysis, pass)
}

fn steps(names: &[String]) -> Vec<Step> {
    names.iter().map(|n| Step::Run(pass_by_name(n).unwrap_or_else(|| panic!("no pass `{n}`")))).collect()
}

fn golden_text(name: &str, source: &str) -> String {
    let (before, analysis, pass) = header(source);
    let opts = kiln::Options::new(name);
    let (module, _, diags) = kiln::lower_module(source, &opts);
    let mut out = format!("== source ==\n{source}");
    let Some(mut m) = module else {
        let rendered = kiln::diag::render(&format!("{name}.py"), source, &diags, false);
        out.push_str(&format!("== not lowered ==\n{rendered}"));
        return out;
    };
    let options = PassOptions { verify: true, dump_after: Vec::new() };
    run(&mut m, options.clone(), steps(&before)).expect("verifier after `before` passes");
    if let Some(a) = &analysis {
        let text = kiln::middle::analysis::summary(&m, a).unwrap_or_else(|| panic!("no analysis `{a}`"));
        out.push_str(&format!("== IR ==\n{}== {a} ==\n{text}", module_to_string(&m)));
    }
    if let Some(p) = &pass {
        if analysis.is_none() {
            out.push_str(&format!("== IR before {p} ==\n{}", module_to_string(&m)));
        }
        let step = match p.strip_suffix('*') {
            Some(list) => {
                let names: Vec<String> = list.split('+').map(str::to_string).collect();
                let passes = names.iter().map(|n| pass_by_name(n).unwrap_or_else(|| panic!("no pass `{n}`"))).collect();
                vec![Step::FixPoint { passes, max_rounds: 8 }]
            }
            None => steps(std::slice::from_ref(p)),
        };
        let log = run(&mut m, options, step).expect("verifier after the pass");
        out.push_str(&format!("== IR after {p} ==\n{}", module_to_string(&m)));
        out.push_str("== remarks ==\n");
        // Module constants evaluated before the pipeline come first.
        for r in m.remarks.iter().chain(&log.remarks) {
            let line = source[..(r.span.start as usize).min(source.len())].matches('\n').count() + 1;
            out.push_str(&format!("line {line}: [{}] {}: {}\n", r.pass, r.function, r.message));
        }
    }
    out
}

#[test]
fn golden() {
    let files = common::py_files("compiler/tests/golden");
    assert!(files.len() >= 8, "expected the golden corpus, found {} files", files.len());
    let mut failures = Vec::new();
    for path in files {
        let name = path.file_stem().and_then(|s| s.to_str()).expect("utf-8 name").to_string();
        let source = std::fs::read_to_string(&path).expect("readable golden file");
        let text = golden_text(&name, &source);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"));
        settings.set_description(source.lines().nth(1).unwrap_or("").trim_start_matches("# ").to_string());
        settings.set_omit_expression(true);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| settings.bind(|| insta::assert_snapshot!(name.as_str(), text))));
        if r.is_err() {
            failures.push(name);
        }
    }
    assert!(failures.is_empty(), "golden snapshots differ: {failures:?}");
}
