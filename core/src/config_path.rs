//! Config paths as every diagnostic shows them: `functions.api.events[0].sqs.arn`.
//!
//! One spelling for all front ends: the JSON loader, the CLI's YAML reader and variable
//! resolver, and the `service!` macro build their paths with these functions, so an error names
//! the same place whichever way the service was written.
//!
//! ```
//! use stackwright_core::config_path::{index, join};
//! let events = join(&join("functions", "api"), "events");
//! assert_eq!(join(&index(&events, 0), "sqs"), "functions.api.events[0].sqs");
//! assert_eq!(join("", "provider"), "provider");
//! ```

/// `parent.key`, or `key` at the top level (an empty `parent`).
///
/// ```
/// assert_eq!(stackwright_core::config_path::join("provider", "vpc"), "provider.vpc");
/// ```
pub fn join(parent: &str, key: &str) -> String {
    let mut path = String::with_capacity(parent.len() + 1 + key.len());
    path.push_str(parent);
    push_key(&mut path, key);
    path
}

/// `parent[i]`.
///
/// ```
/// assert_eq!(stackwright_core::config_path::index("provider.vpc.subnetIds", 1), "provider.vpc.subnetIds[1]");
/// ```
pub fn index(parent: &str, i: usize) -> String {
    let mut path = String::with_capacity(parent.len() + 4);
    path.push_str(parent);
    push_index(&mut path, i);
    path
}

/// Appends `.key` to `path` in place (just `key` when `path` is empty): for readers that keep
/// one path buffer while they walk.
///
/// ```
/// let mut path = String::new();
/// stackwright_core::config_path::push_key(&mut path, "functions");
/// stackwright_core::config_path::push_key(&mut path, "api");
/// assert_eq!(path, "functions.api");
/// ```
pub fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

/// Appends `[i]` to `path` in place.
///
/// ```
/// let mut path = String::from("layers");
/// stackwright_core::config_path::push_index(&mut path, 2);
/// assert_eq!(path, "layers[2]");
/// ```
pub fn push_index(path: &mut String, i: usize) {
    use std::fmt::Write as _;
    let _ = write!(path, "[{i}]");
}

/// One step of a path inside a template (for diagnostics).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// `path` against `pattern`, where `*` stands for one key or index (no `.`, `[` or `]`).
///
/// ```
/// use stackwright_core::config_path::matches;
/// assert!(matches("functions.*.memory", "functions.api.memory"));
/// assert!(!matches("functions.*.memory", "functions.a.b.memory"));
/// ```
pub fn matches(pattern: &str, path: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == path,
        Some((head, tail)) => path.strip_prefix(head).is_some_and(|rest| {
            let end = rest.find(['.', '[', ']']).unwrap_or(rest.len());
            end > 0 && matches(tail, &rest[end..])
        }),
    }
}

/// Whether config path `path` is `outer` or inside it (`a.b[0]` is inside `a.b`, `a.bc` is not).
///
/// ```
/// use stackwright_core::config_path::within;
/// assert!(within("provider.vpc.subnetIds[0]", "provider.vpc"));
/// assert!(within("provider.vpc", "provider.vpc"));
/// assert!(!within("provider.vpcs", "provider.vpc"));
/// ```
pub fn within(path: &str, outer: &str) -> bool {
    path.strip_prefix(outer).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}
