//! [`Node`]: a generated resource as a light JSON tree that borrows names and values from the
//! model, for the resources synthesized once per function.
//!
//! Building every function's resources as `serde_json::Value`s cost a hashed map and an owned
//! key per object entry. A `Node` is plain vectors and borrowed strings; it is written out as
//! pretty text, as the version hash's sorted compact text, or (only when the user's `resources`
//! override its logical ID) turned into a `Value` to be deep-merged.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use crate::config_path::Seg;
use crate::json::{newline, write_string, write_value};
use crate::model::Expr;
use crate::naming::{is_array_index, js_key_order};

/// A JSON value; object entries keep their order (keys are unique, as the builders make them).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node<'a> {
    Null,
    Bool(bool),
    Num(Number),
    Str(Cow<'a, str>),
    Arr(Vec<Node<'a>>),
    Obj(Vec<(&'a str, Node<'a>)>),
    /// A value from the config that may hold intrinsic functions (references to check); boxed,
    /// as it is rare and four times the size of the other variants.
    User(Box<Value>),
}

impl<'a> Node<'a> {
    pub fn str(s: &'a str) -> Self {
        Node::Str(Cow::Borrowed(s))
    }

    pub fn string(s: String) -> Self {
        Node::Str(Cow::Owned(s))
    }

    pub fn num(n: u32) -> Self {
        Node::Num(n.into())
    }

    /// `{"Ref": id}`.
    pub fn reference(id: impl Into<Cow<'a, str>>) -> Self {
        Node::Obj(vec![("Ref", Node::Str(id.into()))])
    }

    /// `{"Fn::GetAtt": [id, attribute]}`.
    pub fn get_att(id: impl Into<Cow<'a, str>>, attribute: &'a str) -> Self {
        Node::Obj(vec![("Fn::GetAtt", Node::Arr(vec![Node::Str(id.into()), Node::str(attribute)]))])
    }

    /// A config value: literals borrowed, intrinsic functions as the JSON the user wrote.
    pub fn expr(e: &'a Expr) -> Self {
        match e {
            Expr::Str(s) => Node::str(s),
            Expr::Number(n) => Node::Num(n.clone()),
            Expr::Bool(b) => Node::Bool(*b),
            Expr::List(items) => Node::Arr(items.iter().map(Node::expr).collect()),
            Expr::Fn(i) => Node::User(Box::new(i.to_json())),
        }
    }

    /// A generated JSON value, borrowed (its references need no check).
    pub fn json(v: &'a Value) -> Self {
        match v {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Num(n.clone()),
            Value::String(s) => Node::str(s),
            Value::Array(items) => Node::Arr(items.iter().map(Node::json).collect()),
            Value::Object(map) => Node::Obj(map.iter().map(|(k, v)| (k.as_str(), Node::json(v))).collect()),
        }
    }

    /// A value from the config: strings, numbers and booleans borrowed, lists and objects (which
    /// may hold intrinsic functions, references to check) as [`Node::User`].
    pub fn config(v: &'a Value) -> Self {
        match v {
            Value::Array(_) | Value::Object(_) => Node::User(Box::new(v.clone())),
            scalar => Node::json(scalar),
        }
    }

    /// [`Node::config`] of a value that does not live as long as the node.
    pub fn config_owned(v: &Value) -> Node<'static> {
        match v {
            Value::String(s) => Node::string(s.clone()),
            Value::Array(_) | Value::Object(_) => Node::User(Box::new(v.clone())),
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Num(n.clone()),
        }
    }

    pub fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Num(n) => Value::Number(n.clone()),
            Node::Str(s) => Value::String(s.as_ref().to_owned()),
            Node::Arr(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Node::Obj(entries) => {
                Value::Object(entries.iter().map(|(k, v)| ((*k).to_owned(), v.to_value())).collect::<Map<_, _>>())
            }
            Node::User(v) => Value::clone(v),
        }
    }

    /// Whether a `null` is anywhere inside (the `Value` path strips those from `Properties`), and
    /// whether a [`Node::User`] is.
    pub fn scan(&self) -> (bool, bool) {
        match self {
            Node::Null => (true, false),
            Node::User(v) => (value_has_null(v), true),
            Node::Arr(items) => items.iter().fold((false, false), |acc, item| or(acc, item.scan())),
            Node::Obj(entries) => entries.iter().fold((false, false), |acc, (_, v)| or(acc, v.scan())),
            Node::Bool(_) | Node::Num(_) | Node::Str(_) => (false, false),
        }
    }

    /// Calls `f` with the path (keys and array indexes) and value of every [`Node::User`] inside.
    pub fn visit_user<'n>(&'n self, path: &mut Vec<Seg<'n>>, f: &mut dyn FnMut(&[Seg<'n>], &'n Value)) {
        match self {
            Node::User(v) => f(path, v),
            Node::Arr(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    item.visit_user(path, f);
                    path.pop();
                }
            }
            Node::Obj(entries) => {
                for (k, v) in entries {
                    path.push(Seg::Key(k));
                    v.visit_user(path, f);
                    path.pop();
                }
            }
            Node::Null | Node::Bool(_) | Node::Num(_) | Node::Str(_) => {}
        }
    }

    /// Exactly [`crate::json::write_value`] of [`Node::to_value`] at `indent`.
    pub fn write_pretty(&self, out: &mut String, indent: usize) {
        match self {
            Node::Null => out.push_str("null"),
            Node::Bool(true) => out.push_str("true"),
            Node::Bool(false) => out.push_str("false"),
            Node::Num(n) => crate::json::write_number(out, n),
            Node::Str(s) => write_string(out, s),
            Node::Arr(items) if items.is_empty() => out.push_str("[]"),
            Node::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, Some(indent + 1));
                    item.write_pretty(out, indent + 1);
                }
                newline(out, Some(indent));
                out.push(']');
            }
            Node::Obj(entries) if entries.is_empty() => out.push_str("{}"),
            Node::Obj(entries) => {
                out.push('{');
                for (i, (k, v)) in in_js_order(entries).enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, Some(indent + 1));
                    write_string(out, k);
                    out.push_str(": ");
                    v.write_pretty(out, indent + 1);
                }
                newline(out, Some(indent));
                out.push('}');
            }
            Node::User(v) => write_value(out, v, Some(indent)),
        }
    }

    /// The compact text the version hash covers: every object's keys sorted by
    /// [`crate::hash::locale_compare`] (see `crate::hash::write_sorted`).
    pub fn write_sorted(&self, out: &mut String) {
        match self {
            Node::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_sorted(out);
                }
                out.push(']');
            }
            Node::Obj(entries) => crate::hash::write_sorted_object(
                out,
                entries.len(),
                |i| (entries[i].0, &entries[i].1),
                |out, v| v.write_sorted(out),
            ),
            Node::User(v) => crate::hash::write_sorted(out, v),
            scalar => scalar.write_pretty(out, 0),
        }
    }
}

/// Compact JSON of an object's entries, sorted as the version hash sorts them.
pub(crate) fn write_sorted_entries(out: &mut String, entries: &[(&str, &Node)]) {
    crate::hash::write_sorted_object(out, entries.len(), |i| entries[i], |out, v| v.write_sorted(out));
}

/// The entries in JavaScript's own-property order (array-index keys first, numerically).
fn in_js_order<'e, 'a>(entries: &'e [(&'a str, Node<'a>)]) -> impl Iterator<Item = &'e (&'a str, Node<'a>)> {
    // Generated keys never are array indexes; only environment variable names can be.
    let order = entries.iter().any(|(k, _)| is_array_index(k)).then(|| js_key_order(entries.iter().map(|(k, _)| *k)));
    let n = entries.len();
    (0..n).map(move |i| &entries[order.as_ref().map_or(i, |o| o[i])])
}

fn or((a, b): (bool, bool), (c, d): (bool, bool)) -> (bool, bool) {
    (a || c, b || d)
}

fn value_has_null(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(items) => items.iter().any(value_has_null),
        Value::Object(map) => map.values().any(value_has_null),
        Value::Bool(_) | Value::Number(_) | Value::String(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Node<'static> {
        Node::Obj(vec![
            ("Type", Node::str("AWS::Lambda::Function")),
            (
                "Properties",
                Node::Obj(vec![
                    ("b", Node::Arr(vec![Node::num(1), Node::Obj(vec![]), Node::Arr(vec![])])),
                    ("2", Node::Bool(true)),
                    ("A", Node::User(Box::new(json!({"Fn::Sub": ["${x}", {"z": 1, "Y": "q\""}]})))),
                    ("1", Node::Null),
                ]),
            ),
            ("DependsOn", Node::Arr(vec![Node::string("X".to_owned())])),
        ])
    }

    #[test]
    fn pretty_text_is_the_values_text() {
        let node = sample();
        let mut out = String::new();
        node.write_pretty(&mut out, 2);
        let mut expected = String::new();
        write_value(&mut expected, &node.to_value(), Some(2));
        assert_eq!(out, expected);
    }

    #[test]
    fn sorted_text_is_the_values_sorted_text() {
        let node = sample();
        let mut out = String::new();
        node.write_sorted(&mut out);
        let mut expected = String::new();
        crate::hash::write_sorted(&mut expected, &node.to_value());
        assert_eq!(out, expected);
    }

    #[test]
    fn finds_nulls_and_user_values() {
        let node = sample();
        assert_eq!(node.scan(), (true, true));
        assert_eq!(Node::expr(&Expr::List(vec![Expr::Str("a".into())])).scan(), (false, false));
        let mut found = Vec::new();
        node.visit_user(&mut Vec::new(), &mut |path, v| found.push((path.to_vec(), v.clone())));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, [Seg::Key("Properties"), Seg::Key("A")]);
    }
}
