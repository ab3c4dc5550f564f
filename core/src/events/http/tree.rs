//! The REST API's resource tree: one `AWS::ApiGateway::Resource` per path segment, in the
//! reference's order (serverless-events.md §2.2 item 2), with `apiGateway.restApiResources`
//! reusing existing resources.

use std::collections::HashMap;

use serde_json::{Value, json};

/// `normalizePath`: each `/` segment lower-cased then upper-first (`_.capitalize`), `-` →
/// `Dash`, `{x}` → `xVar`, everything else non-alphanumeric removed, then upper-first.
///
/// `users/{id}` → `UsersIdVar`; `x/{proxy+}` → `XProxyVar`; `getUser` → `Getuser`.
pub(crate) fn normalize_path(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('/') {
        let mut seg = capitalize(part).replace('-', "Dash");
        // `/\{(.*)\}/g` → `$1Var`: greedy, from the first `{` to the last `}`.
        if let (Some(open), Some(close)) = (seg.find('{'), seg.rfind('}'))
            && open < close
        {
            seg = format!("{}{}Var{}", &seg[..open], &seg[open + 1..close], &seg[close + 1..]);
        }
        let alnum: String = seg.chars().filter(char::is_ascii_alphanumeric).collect();
        out.push_str(&upper_first(&alnum));
    }
    out
}

/// `_.capitalize`: the first character upper-cased, the rest lower-cased.
fn capitalize(s: &str) -> String {
    let lower = s.to_lowercase();
    upper_first(&lower)
}

pub(crate) use crate::naming::upper_first;

struct Node {
    path: String,
    part: String,
    parent: Option<usize>,
    children: Vec<usize>,
    /// The id of an existing resource (`restApiResources`).
    existing: Option<Value>,
    has_method: bool,
}

/// The resource tree of one REST API.
pub(crate) struct Tree {
    nodes: Vec<Node>,
    roots: Vec<usize>,
    /// Node by full path.
    index: HashMap<String, usize>,
}

/// One resource to emit: logical ID, parent reference, path part.
pub(crate) struct Emit {
    pub id: String,
    pub parent: Value,
    pub part: String,
}

impl Tree {
    /// Builds the tree from the existing resources (path → id) and the events' paths (already
    /// stripped of their leading and trailing `/`).
    pub fn build(existing: &[(String, Value)], paths: &[&str]) -> Tree {
        let mut t = Tree { nodes: Vec::new(), roots: Vec::new(), index: HashMap::new() };
        for (p, id) in existing {
            let p = p.trim_start_matches('/').trim_end_matches('/');
            if let Some(n) = t.apply(p) {
                t.nodes[n].existing = Some(id.clone());
            }
        }
        for p in paths {
            if let Some(n) = t.apply(p) {
                t.nodes[n].has_method = true;
            }
        }
        t
    }

    fn apply(&mut self, path: &str) -> Option<usize> {
        if path.is_empty() {
            return None;
        }
        let mut parent: Option<usize> = None;
        let mut current = String::new();
        for part in path.split('/') {
            if !current.is_empty() {
                current.push('/');
            }
            current.push_str(part);
            let node = match self.index.get(&current) {
                Some(&n) => n,
                None => {
                    let n = self.nodes.len();
                    self.nodes.push(Node {
                        path: current.clone(),
                        part: part.to_string(),
                        parent,
                        children: Vec::new(),
                        existing: None,
                        has_method: false,
                    });
                    self.index.insert(current.clone(), n);
                    match parent {
                        Some(p) => self.nodes[p].children.push(n),
                        None => self.roots.push(n),
                    }
                    n
                }
            };
            parent = Some(node);
        }
        parent
    }

    fn find(&self, path: &str) -> Option<usize> {
        self.index.get(path).copied()
    }

    /// The `ResourceId` of a method on `path`: the root, an existing id, or a `Ref`.
    pub fn resource_ref(&self, path: &str, root: &Value) -> Value {
        if path.is_empty() {
            return root.clone();
        }
        match self.find(path).and_then(|n| self.nodes[n].existing.clone()) {
            Some(id) => id,
            None => json!({ "Ref": format!("ApiGatewayResource{}", normalize_path(path)) }),
        }
    }

    /// The resources to emit, in the reference's order: without existing resources every node,
    /// each root depth first; with them, only the branches from each method up to its nearest
    /// existing ancestor (or a root), in method order.
    pub fn emit(&self, root: &Value) -> Vec<Emit> {
        let mut starts: Vec<usize> = Vec::new();
        let mut needed = vec![false; self.nodes.len()];
        let any_existing = self.nodes.iter().any(|n| n.existing.is_some());
        if !any_existing {
            starts.clone_from(&self.roots);
            needed.iter_mut().for_each(|n| *n = true);
        } else {
            for (i, n) in self.nodes.iter().enumerate() {
                if !n.has_method {
                    continue;
                }
                let mut at = i;
                loop {
                    let node = &self.nodes[at];
                    if node.existing.is_some() || node.parent.is_none() {
                        break;
                    }
                    needed[at] = true;
                    at = node.parent.expect("checked above");
                }
                needed[at] = true;
                if !starts.contains(&at) {
                    starts.push(at);
                }
            }
        }
        let mut out = Vec::new();
        let mut seen = vec![false; self.nodes.len()];
        for s in starts {
            self.walk(s, true, root, &needed, &mut seen, &mut out);
        }
        out
    }

    fn walk(&self, i: usize, start: bool, root: &Value, needed: &[bool], seen: &mut [bool], out: &mut Vec<Emit>) {
        let n = &self.nodes[i];
        if seen[i] || (!start && n.existing.is_some()) {
            return;
        }
        seen[i] = true;
        if n.existing.is_none() && needed[i] {
            let parent = match n.parent {
                Some(p) => self.resource_ref(&self.nodes[p].path, root),
                None => root.clone(),
            };
            out.push(Emit {
                id: format!("ApiGatewayResource{}", normalize_path(&n.path)),
                parent,
                part: n.part.clone(),
            });
        }
        for &c in &n.children {
            self.walk(c, false, root, needed, seen, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_paths_like_the_reference() {
        assert_eq!(normalize_path("users/{id}"), "UsersIdVar");
        assert_eq!(normalize_path("x/{proxy+}"), "XProxyVar");
        assert_eq!(normalize_path("getUser"), "Getuser");
        assert_eq!(normalize_path("v1/my-items"), "V1MyDashitems");
    }

    #[test]
    fn emits_roots_depth_first_in_first_seen_order() {
        let t = Tree::build(&[], &["v1/jobs", "clicks/{id}", "v1/jobs/{id}", "v1/items"]);
        let ids: Vec<String> = t.emit(&json!("root")).into_iter().map(|e| e.id).collect();
        assert_eq!(
            ids,
            [
                "ApiGatewayResourceV1",
                "ApiGatewayResourceV1Jobs",
                "ApiGatewayResourceV1JobsIdVar",
                "ApiGatewayResourceV1Items",
                "ApiGatewayResourceClicks",
                "ApiGatewayResourceClicksIdVar"
            ]
        );
    }

    #[test]
    fn existing_resources_are_reused() {
        let t = Tree::build(&[("/payments".into(), json!("ktydlw"))], &["payments/{id}", "v1/clicks"]);
        let e = t.emit(&json!("root"));
        assert_eq!(e[0].id, "ApiGatewayResourcePaymentsIdVar");
        assert_eq!(e[0].parent, json!("ktydlw"));
        assert_eq!(e[1].id, "ApiGatewayResourceV1");
        assert_eq!(e[1].parent, json!("root"));
        assert_eq!(e.len(), 3);
    }
}
