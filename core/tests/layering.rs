//! Data flows one way through core: load → model → validate → synth, with the façade
//! ([`stackwright_core::Service`], the builders, codegen) on top. This test reads core's sources
//! and fails on any import cycle between its top-level modules, naming the `crate::` references
//! that close it, so a back edge (synthesis reaching into the façade, the model into an event
//! compiler) is caught when it is written, not when the next refactor trips on it.
//!
//! Test modules (`#[cfg(test)] mod ...`) and comments are not counted: tests may use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// `module -> (module it references -> first place it does so)`.
type Graph = BTreeMap<String, BTreeMap<String, String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`events/sqs.rs` → `events`, `lib.rs` → `lib`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_string()
}

/// The identifiers that follow `crate::` in `line`, outside its comment.
fn crate_refs(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    code.match_indices("crate::")
        .filter(|(at, _)| !code[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
        .map(|(at, m)| {
            code[at + m.len()..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

fn graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut graph = Graph::new();
    for file in &files {
        let from = module_of(src, file);
        let text = fs::read_to_string(file).unwrap();
        let mut lines = text.lines().enumerate().peekable();
        while let Some((n, line)) = lines.next() {
            let next_is_mod = lines.peek().is_some_and(|(_, l)| {
                let l = l.trim_start();
                l.starts_with("mod ") || (l.starts_with("pub") && l.contains(" mod "))
            });
            if line.trim() == "#[cfg(test)]" && next_is_mod {
                break; // the file's test module, always last in this code base
            }
            for to in crate_refs(line) {
                if to != from && to != "__private" {
                    let place = format!("{}:{}", file.strip_prefix(src).unwrap().display(), n + 1);
                    graph.entry(from.clone()).or_default().entry(to).or_insert(place);
                }
            }
        }
        graph.entry(from).or_default();
    }
    graph
}

/// One cycle, as the modules on it in order, or `None`.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(|edges| edges.keys()) {
            match state.get(next.as_str()) {
                Some(1) => {
                    let start = stack.iter().position(|m| m == next).unwrap();
                    return Some(stack[start..].to_vec());
                }
                Some(_) => {}
                None => {
                    if let Some(cycle) = visit(next, graph, state, stack) {
                        return Some(cycle);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node.as_str()) {
            if let Some(cycle) = visit(node, graph, &mut state, &mut Vec::new()) {
                return Some(cycle);
            }
        }
    }
    None
}

#[test]
fn core_modules_import_in_one_direction() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = graph(&src);
    assert!(graph.len() > 15, "expected core's modules under {}, found {:?}", src.display(), graph.keys());
    if let Some(cycle) = find_cycle(&graph) {
        let mut report = String::new();
        for (i, from) in cycle.iter().enumerate() {
            let to = &cycle[(i + 1) % cycle.len()];
            report.push_str(&format!("\n  {from} -> {to}   ({})", graph[from][to]));
        }
        panic!("import cycle between core's modules:{report}");
    }
}

#[test]
fn load_validate_and_synth_never_import_the_facade() {
    let graph = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let facade: BTreeSet<&str> = ["service", "builder", "codegen", "lib"].into();
    for layer in ["model", "load", "events", "validate", "resolve", "synth", "service_data"] {
        for (to, place) in &graph[layer] {
            assert!(!facade.contains(to.as_str()), "{layer} imports the façade module {to} at {place}");
        }
    }
}

#[test]
fn the_check_sees_a_back_edge() {
    let mut graph = Graph::new();
    graph.entry("synth".into()).or_default().insert("service".into(), "synth/mod.rs:1".into());
    graph.entry("service".into()).or_default().insert("synth".into(), "service.rs:1".into());
    graph.entry("model".into()).or_default();
    assert_eq!(find_cycle(&graph), Some(vec!["service".to_string(), "synth".to_string()]));
    assert_eq!(crate_refs("use crate::service_data::ServiceData; // crate::lib"), vec!["service_data".to_string()]);
    assert_eq!(crate_refs("use stackwright_core::x; let a = my_crate::y;"), Vec::<String>::new());
}
