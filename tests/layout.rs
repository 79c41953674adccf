//! The source tree reads as the pipeline: each stage folder imports only from itself and
//! the stages before it, and no two modules import each other (directly or in a ring).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages in pipeline order; `error` and `width` serve them all, `cli` drives them all.
const STAGES: &[&str] = &[
    "error", "width", "model", "sample", "analysis", "report", "cli",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file defines, as a path below `crate`: `src/model/compile/items.rs` →
/// `model::compile::items`, `src/model/dist/mod.rs` → `model::dist`.
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix("src").unwrap().with_extension("");
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .filter(|p| p != "mod")
        .collect();
    parts.join("::")
}

/// Every `crate::a::b::…` path named in a file's code (comments skipped), as its words.
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let path: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            out.push(
                path.split("::")
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect(),
            );
        }
        // `use crate::model::{a, b}` names modules inside the braces too.
        if let Some(open) = code
            .find("crate::")
            .and_then(|at| code[at..].find("::{").map(|b| at + b))
        {
            let prefix: Vec<String> = code[code.find("crate::").unwrap() + 7..open]
                .split("::")
                .map(str::to_string)
                .collect();
            let inner = code[open + 3..].split('}').next().unwrap_or("");
            for item in inner.split(',') {
                let word: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !word.is_empty() {
                    let mut p = prefix.clone();
                    p.push(word);
                    out.push(p);
                }
            }
        }
    }
    out
}

/// The module graph: each module → the modules it names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    let mut g = BTreeMap::new();
    for file in &files {
        let from = module_of(file);
        if from == "lib" || from == "main" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let mut deps = BTreeSet::new();
        for path in crate_paths(&text) {
            // The longest prefix of the path that is a module.
            if let Some(to) = (1..=path.len())
                .rev()
                .map(|n| path[..n].join("::"))
                .find(|m| modules.contains(m))
                && to != from
                && !from.starts_with(&format!("{to}::"))
                && !to.starts_with(&format!("{from}::"))
            {
                deps.insert(to);
            }
        }
        g.insert(from, deps);
    }
    g
}

fn stage(module: &str) -> usize {
    let top = module.split("::").next().unwrap();
    STAGES.iter().position(|s| *s == top).unwrap_or_else(|| {
        panic!("`src/{top}` belongs to no stage: add it to STAGES or move it into one")
    })
}

#[test]
fn stages_import_only_earlier_stages() {
    let mut wrong = Vec::new();
    for (from, deps) in graph() {
        for to in deps {
            if stage(&to) > stage(&from) {
                wrong.push(format!("{from} → {to}"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the pipeline: {wrong:?}");
}

#[test]
fn no_modules_import_each_other() {
    let g = graph();
    // Depth-first search for a back edge.
    fn visit(
        m: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(m.to_string(), 1);
        path.push(m.to_string());
        for d in g.get(m).into_iter().flatten() {
            match state.get(d.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|p| p == d).unwrap();
                    let mut ring = path[start..].to_vec();
                    ring.push(d.clone());
                    return Some(ring);
                }
                0 => {
                    if let Some(r) = visit(d, g, state, path) {
                        return Some(r);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(m.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in g.keys() {
        if state.get(m.as_str()).copied().unwrap_or(0) == 0
            && let Some(ring) = visit(m, &g, &mut state, &mut Vec::new())
        {
            panic!("modules import each other: {}", ring.join(" → "));
        }
    }
}

#[test]
fn the_checker_sees_imports() {
    // The graph must see what it checks: the engine imports the plan.
    let g = graph();
    assert!(
        g["sample::engine"].contains("model::plan"),
        "{:?}",
        g["sample::engine"]
    );
    assert!(g["model::compile::base_case"].contains("model::plan"));
    assert_eq!(stage("report::output"), 5);
    assert!(g["model::dist::inverse"].contains("width"));
}
