//! Node.js development dependencies, left out of the zip as the reference does it
//! (zip-service.js `excludeNodeDevDependencies`): for every package.json outside `node_modules`,
//! the installed packages that only development dependencies reach (`npm ls --dev` minus
//! `npm ls --prod`) are excluded with everything below them, and so are their `.bin` links.
//!
//! The reference asks npm; this walks the installed `node_modules` tree the same way npm does
//! (a dependency resolves to the nearest `node_modules/<name>` up from the package that needs it),
//! so it needs no npm and gives the same answer offline.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;

/// The packages of one project: each installed package directory (relative to the service
/// directory, `/`-separated) with its manifest, read once.
struct Tree<'a> {
    root: &'a Path,
    manifests: HashMap<String, Option<Value>>,
}

impl Tree<'_> {
    fn manifest(&mut self, dir: &str) -> Option<&Value> {
        let root = self.root;
        self.manifests
            .entry(dir.to_string())
            .or_insert_with(|| {
                let path = root.join(dir).join("package.json");
                std::fs::read(path).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok())
            })
            .as_ref()
    }

    /// Where `name` resolves from the package in `from`: the nearest `node_modules/<name>` in
    /// `from` or a package directory above it, up to the project's own directory.
    fn resolve(&mut self, from: &str, name: &str) -> Option<String> {
        if name.is_empty() || name.split('/').any(|p| p == ".." || p == "." || p.is_empty()) {
            return None;
        }
        let mut dir = from;
        loop {
            let candidate = join(&join(dir, "node_modules"), name);
            if self.root.join(&candidate).join("package.json").is_file() {
                return Some(candidate);
            }
            // Up one package, past its `node_modules/<name>`; the project itself has none.
            let at = dir.rfind("node_modules/").filter(|&i| i == 0 || dir.as_bytes()[i - 1] == b'/')?;
            dir = dir[..at].trim_end_matches('/');
        }
    }

    /// Every package that the `roots` of the project reach, the roots included.
    fn closure(&mut self, project: &str, roots: Vec<String>) -> BTreeSet<String> {
        let mut reached = BTreeSet::new();
        let mut pending: Vec<(String, String)> = roots.into_iter().map(|name| (project.to_string(), name)).collect();
        while let Some((from, name)) = pending.pop() {
            let Some(dir) = self.resolve(&from, &name) else { continue };
            if !reached.insert(dir.clone()) {
                continue;
            }
            let deps = self.manifest(&dir).map(|m| names(m, PROD_KEYS)).unwrap_or_default();
            pending.extend(deps.into_iter().map(|d| (dir.clone(), d)));
        }
        reached
    }
}

/// The dependency lists npm installs for production (`npm ls --prod`).
const PROD_KEYS: &[&str] = &["dependencies", "optionalDependencies", "peerDependencies"];

fn names(manifest: &Value, keys: &[&str]) -> Vec<String> {
    keys.iter().filter_map(|k| manifest.get(*k)?.as_object()).flat_map(|m| m.keys().cloned()).collect()
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") }
}

/// The exclude globs for the development dependencies of every project in `files` (the
/// service's files, relative, `/`-separated): `<package dir>/**` and its `.bin` links.
pub(crate) fn dev_dependency_excludes(root: &Path, files: &[&str]) -> Vec<String> {
    let projects: Vec<&str> = files
        .iter()
        .filter_map(|f| {
            let dir = f.strip_suffix("package.json")?;
            (dir.is_empty() || dir.ends_with('/')).then_some(dir.trim_end_matches('/'))
        })
        .filter(|dir| !dir.split('/').any(|p| p == "node_modules"))
        .collect();
    let mut tree = Tree { root, manifests: HashMap::new() };
    let mut globs = BTreeSet::new();
    for project in projects {
        let Some(manifest) = tree.manifest(project) else { continue };
        let (prod_roots, dev_roots) = (names(manifest, PROD_KEYS), names(manifest, &["devDependencies"]));
        let prod = tree.closure(project, prod_roots);
        let dev = tree.closure(project, dev_roots);
        for dir in dev.difference(&prod) {
            globs.insert(format!("{}/**", escape(dir)));
            let Some(manifest) = tree.manifest(dir) else { continue };
            // `.bin` lives in the `node_modules` directory that holds the package.
            let Some(at) = dir.rfind("node_modules/") else { continue };
            let bin_dir = format!("{}node_modules/.bin", &dir[..at]);
            let package_name = &dir[at + "node_modules/".len()..];
            let executables: Vec<String> = match manifest.get("bin") {
                Some(Value::Object(m)) => m.keys().cloned().collect(),
                Some(Value::String(_)) => vec![package_name.rsplit('/').next().unwrap_or(package_name).to_string()],
                _ => Vec::new(),
            };
            for exe in executables.iter().filter(|e| !e.contains('/') && !e.is_empty() && *e != "..") {
                globs.insert(format!("{}/{}", escape(&bin_dir), escape(exe)));
            }
        }
    }
    globs.into_iter().collect()
}

/// A path as a glob that matches exactly it.
fn escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '{' | '}' | '\\' | '!') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
