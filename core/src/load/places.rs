//! Places of the config named by dotted paths with wildcards (`functions.*.events[].http.path`:
//! `*` is any key of an object, `[]` any item of a list), held as one tree of path segments so
//! that a config is walked once whatever the number of places. Used by the schema's coercions
//! ([`super::coerce`]) and shapes ([`super::shapes`]).

/// A tree of path segments with what is known at each place.
pub(super) struct Places<T> {
    pub children: Vec<(&'static str, Places<T>)>,
    pub here: Vec<T>,
}

impl<T> Default for Places<T> {
    fn default() -> Self {
        Places { children: Vec::new(), here: Vec::new() }
    }
}

impl<T> Places<T> {
    /// Adds `what` at `path`.
    pub fn insert(&mut self, path: &'static str, what: T) {
        let mut node = self;
        for segment in segments(path) {
            let at = match node.children.iter().position(|(s, _)| *s == segment) {
                Some(at) => at,
                None => {
                    node.children.push((segment, Places::default()));
                    node.children.len() - 1
                }
            };
            node = &mut node.children[at].1;
        }
        node.here.push(what);
    }

    /// The place below this one named `segment` exactly (a key, `*` or `[]`).
    pub fn child(&self, segment: &str) -> Option<&Places<T>> {
        self.children.iter().find(|(s, _)| *s == segment).map(|(_, c)| c)
    }
}

/// `a.*.b[].c` as `["a", "*", "b", "[]", "c"]`.
fn segments(path: &'static str) -> Vec<&'static str> {
    let mut out = Vec::new();
    for part in path.split('.') {
        match part.strip_suffix("[]") {
            Some(key) => out.extend([key, "[]"]),
            None => out.push(part),
        }
    }
    out
}
