//! CloudFormation values: literal strings and intrinsic functions ([`Expr`], [`Intrinsic`]).

use indexmap::IndexMap;
use serde_json::{Map, Value};

use crate::codes;
use crate::model::{Expr, Intrinsic};
use crate::reader::{Loader, MAX_DEPTH, describe, has_intrinsic_key, index, join, js_number};

/// The intrinsic functions stackwright reads.
const SUPPORTED: &[&str] = &[
    "Ref",
    "Fn::GetAtt",
    "Fn::Sub",
    "Fn::Join",
    "Fn::ImportValue",
    "Fn::Split",
    "Fn::FindInMap",
    "Fn::If",
    "Fn::Select",
    "Fn::Base64",
    "Fn::GetAZs",
    "Fn::Cidr",
];

impl Loader {
    /// A string or an intrinsic function (`Ref`, `Fn::GetAtt`, `Fn::Sub`, ...).
    pub fn string_or_intrinsic(&mut self, v: &Value, path: &str) -> Option<Expr> {
        match v {
            Value::String(s) => Some(Expr::Str(s.clone())),
            Value::Object(map) if has_intrinsic_key(map) => self.intrinsic(map, path).map(Expr::from),
            _ => {
                self.type_error(path, "a string or an intrinsic function (`Ref`, `Fn::…`)", v);
                None
            }
        }
    }

    /// Any value allowed inside an intrinsic's arguments: string, number, boolean, list or
    /// intrinsic.
    pub fn expr(&mut self, v: &Value, path: &str) -> Option<Expr> {
        match v {
            Value::String(s) => Some(Expr::Str(s.clone())),
            Value::Number(n) => Some(Expr::Number(n.clone())),
            Value::Bool(b) => Some(Expr::Bool(*b)),
            Value::Array(items) => self.nested(path, |l| {
                let parsed: Vec<Option<Expr>> =
                    items.iter().enumerate().map(|(i, item)| l.expr(item, &index(path, i))).collect();
                parsed.into_iter().collect::<Option<Vec<_>>>().map(Expr::List)
            }),
            Value::Object(map) if has_intrinsic_key(map) => self.intrinsic(map, path).map(Expr::from),
            _ => {
                self.type_error(path, "a string, number, boolean, list or intrinsic function", v);
                None
            }
        }
    }

    /// A list value: an array of values, or an intrinsic that yields a list.
    fn list_expr(&mut self, v: &Value, path: &str) -> Option<Expr> {
        match v {
            Value::Array(_) => self.expr(v, path),
            Value::Object(map) if has_intrinsic_key(map) => self.intrinsic(map, path).map(Expr::from),
            _ => {
                self.type_error(path, "a list or an intrinsic function yielding a list", v);
                None
            }
        }
    }

    /// Runs `f` one level deeper, refusing trees nested deeper than [`MAX_DEPTH`].
    fn nested<T>(&mut self, path: &str, f: impl FnOnce(&mut Loader) -> Option<T>) -> Option<T> {
        if self.depth >= MAX_DEPTH {
            self.error(codes::CONFIG_INVALID_VALUE, path, "nesting deeper than 128 levels");
            return None;
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    /// An object that is one intrinsic function: exactly one key, `Ref` or a supported `Fn::…`.
    pub fn intrinsic(&mut self, map: &Map<String, Value>, path: &str) -> Option<Intrinsic> {
        let mut entries = map.iter();
        let (Some((name, args)), None) = (entries.next(), entries.next()) else {
            let keys: Vec<&str> = map.keys().map(String::as_str).collect();
            self.error_help(
                codes::CONFIG_INVALID_VALUE,
                path,
                format!("an intrinsic function object must have exactly one key, found {}", crate::reader::list(&keys)),
                "write `{\"Ref\": \"Name\"}` or `{\"Fn::…\": arguments}` alone in its object",
            );
            return None;
        };
        let at = join(path, name);
        self.nested(path, |l| l.intrinsic_args(name, args, &at))
    }

    fn intrinsic_args(&mut self, name: &str, args: &Value, at: &str) -> Option<Intrinsic> {
        match name {
            "Ref" => self.name_string(args, at).map(Intrinsic::Ref),
            "Fn::GetAtt" => self.get_att(args, at),
            "Fn::Sub" => self.sub(args, at),
            "Fn::Join" => {
                let [delimiter, values] = self.args::<2>(args, at, "[delimiter, [values]]")?;
                let delimiter = self.delimiter(delimiter, &index(at, 0));
                let values = self.list_expr(values, &index(at, 1));
                Some(Intrinsic::Join { delimiter: delimiter?, values: values? })
            }
            "Fn::ImportValue" => self.expr(args, at).map(Intrinsic::ImportValue),
            "Fn::Base64" => self.expr(args, at).map(Intrinsic::Base64),
            // The region: a name, `""` (the stack's), or `Ref: AWS::Region`.
            "Fn::GetAZs" => self.string_or_intrinsic(args, at).map(Intrinsic::GetAzs),
            "Fn::Cidr" => {
                let [block, count, bits] = self.args::<3>(args, at, "[ipBlock, count, cidrBits]")?;
                let block = self.string_or_intrinsic(block, &index(at, 0));
                let count = self.expr(count, &index(at, 1));
                let bits = self.expr(bits, &index(at, 2));
                Some(Intrinsic::Cidr { block: block?, count: count?, bits: bits? })
            }
            "Fn::Split" => {
                let [delimiter, source] = self.args::<2>(args, at, "[delimiter, source]")?;
                let delimiter = self.delimiter(delimiter, &index(at, 0));
                let source = self.expr(source, &index(at, 1));
                Some(Intrinsic::Split { delimiter: delimiter?, source: source? })
            }
            "Fn::FindInMap" => {
                let [map, top, second] = self.args::<3>(args, at, "[mapName, topLevelKey, secondLevelKey]")?;
                let map = self.expr(map, &index(at, 0));
                let top_key = self.expr(top, &index(at, 1));
                let second_key = self.expr(second, &index(at, 2));
                Some(Intrinsic::FindInMap { map: map?, top_key: top_key?, second_key: second_key? })
            }
            "Fn::If" => {
                let [condition, then, otherwise] =
                    self.args::<3>(args, at, "[conditionName, valueIfTrue, valueIfFalse]")?;
                let condition = self.name_string(condition, &index(at, 0));
                let then = self.expr(then, &index(at, 1));
                let otherwise = self.expr(otherwise, &index(at, 2));
                Some(Intrinsic::If { condition: condition?, then: then?, otherwise: otherwise? })
            }
            "Fn::Select" => {
                let [idx, list] = self.args::<2>(args, at, "[index, list]")?;
                let idx = self.expr(idx, &index(at, 0));
                let list = self.list_expr(list, &index(at, 1));
                Some(Intrinsic::Select { index: idx?, list: list? })
            }
            _ => {
                self.error_help(
                    codes::CONFIG_INVALID_VALUE,
                    at,
                    format!("unsupported intrinsic function `{name}`"),
                    format!("supported: {}", crate::reader::list(SUPPORTED)),
                );
                None
            }
        }
    }

    /// The arguments of an intrinsic as an array of exactly `N` items.
    fn args<'v, const N: usize>(&mut self, args: &'v Value, at: &str, shape: &str) -> Option<[&'v Value; N]> {
        let items = args.as_array().filter(|a| a.len() == N);
        match items {
            Some(items) => {
                let mut out = [&Value::Null; N];
                for (slot, item) in out.iter_mut().zip(items) {
                    *slot = item;
                }
                Some(out)
            }
            None => {
                let found = match args.as_array() {
                    Some(a) => format!("an array of {} item(s)", a.len()),
                    None => describe(args),
                };
                self.error(
                    codes::CONFIG_INVALID_VALUE,
                    at,
                    format!("expected an array of {N} items {shape}, found {found}"),
                );
                None
            }
        }
    }

    /// A non-empty literal name (logical ID, condition, parameter).
    fn name_string(&mut self, v: &Value, at: &str) -> Option<String> {
        match v {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            _ => {
                self.type_error(at, "a non-empty string", v);
                None
            }
        }
    }

    /// A literal delimiter (may be empty).
    fn delimiter(&mut self, v: &Value, at: &str) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.type_error(at, "a string delimiter", v);
                None
            }
        }
    }

    /// `["Resource", "Attribute"]` or `"Resource.Attribute"` (split at the first dot).
    fn get_att(&mut self, args: &Value, at: &str) -> Option<Intrinsic> {
        if let Value::String(s) = args {
            return match s.split_once('.') {
                Some((resource, attribute)) if !resource.is_empty() && !attribute.is_empty() => {
                    Some(Intrinsic::get_att(resource, attribute))
                }
                _ => {
                    self.error_help(
                        codes::CONFIG_INVALID_VALUE,
                        at,
                        format!("expected \"LogicalId.Attribute\", found {}", describe(args)),
                        "write `[\"LogicalId\", \"Attribute\"]` or `\"LogicalId.Attribute\"`",
                    );
                    None
                }
            };
        }
        let [resource, attribute] = self.args::<2>(args, at, "[logicalId, attribute]")?;
        let resource = self.name_string(resource, &index(at, 0));
        let attribute = self.name_string(attribute, &index(at, 1));
        Some(Intrinsic::GetAtt { resource: resource?, attribute: attribute? })
    }

    /// `"template"` or `["template", {variables}]`.
    fn sub(&mut self, args: &Value, at: &str) -> Option<Intrinsic> {
        match args {
            Value::String(s) => Some(Intrinsic::sub(s.as_str())),
            Value::Array(items) if items.len() == 2 => {
                let template = match &items[0] {
                    Value::String(s) => Some(s.clone()),
                    other => {
                        self.type_error(&index(at, 0), "a template string", other);
                        None
                    }
                };
                let vars_at = index(at, 1);
                let variables = match &items[1] {
                    Value::Object(vars) => {
                        let mut out = IndexMap::new();
                        let mut ok = true;
                        for (k, v) in vars {
                            match self.expr(v, &join(&vars_at, k)) {
                                Some(e) => {
                                    out.insert(k.clone(), e);
                                }
                                None => ok = false,
                            }
                        }
                        ok.then_some(out)
                    }
                    other => {
                        self.type_error(&vars_at, "an object of variables", other);
                        None
                    }
                };
                Some(Intrinsic::Sub { template: template?, variables: Some(variables?) })
            }
            _ => {
                self.type_error(at, "a template string or [template, {variables}]", args);
                None
            }
        }
    }

    /// An environment variable value: a string or intrinsic; numbers and booleans become strings
    /// (Lambda environment values are strings, and the reference's ajv coerces them so).
    pub fn env_value(&mut self, v: &Value, path: &str) -> Option<Expr> {
        match v {
            Value::Number(n) => Some(Expr::Str(js_number(n))),
            Value::Bool(b) => Some(Expr::Str(b.to_string())),
            _ => self.string_or_intrinsic(v, path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> (Option<Expr>, Vec<String>) {
        let mut l = Loader::new();
        let e = l.expr(&v, "x");
        (e, l.finish().iter().map(|d| format!("{}: {}", d.path, d.message)).collect())
    }

    #[test]
    fn round_trips_every_supported_intrinsic() {
        for v in [
            json!({"Ref": "AWS::Region"}),
            json!({"Fn::GetAtt": ["Cp", "Arn"]}),
            json!({"Fn::Sub": "arn:${AWS::Partition}:x"}),
            json!({"Fn::Sub": ["${A}-x", {"A": {"Ref": "B"}}]}),
            json!({"Fn::Join": ["", ["a", {"Ref": "B"}]]}),
            json!({"Fn::Join": [",", {"Fn::Split": [",", "a,b"]}]}),
            json!({"Fn::ImportValue": {"Fn::Sub": "${AWS::StackName}-x"}}),
            json!({"Fn::Split": [",", {"Fn::ImportValue": "subnets"}]}),
            json!({"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "k"]}),
            json!({"Fn::If": ["C", ["a"], {"Ref": "AWS::NoValue"}]}),
            json!({"Fn::Select": [0, {"Fn::Split": [",", "a,b"]}]}),
            json!({"Fn::Base64": "x"}),
            json!({"Fn::Select": [1, {"Fn::GetAZs": ""}]}),
            json!({"Fn::Select": [0, {"Fn::GetAZs": {"Ref": "AWS::Region"}}]}),
            json!({"Fn::Select": [2, {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}]}),
        ] {
            let (e, errs) = parse(v.clone());
            assert!(errs.is_empty(), "{v}: {errs:?}");
            assert_eq!(e.unwrap().to_json(), v);
        }
    }

    #[test]
    fn get_att_dotted_form_splits_at_first_dot() {
        let (e, _) = parse(json!({"Fn::GetAtt": "Db.Endpoint.Address"}));
        assert_eq!(e.unwrap().to_json(), json!({"Fn::GetAtt": ["Db", "Endpoint.Address"]}));
        let (e, errs) = parse(json!({"Fn::GetAtt": "NoDot"}));
        assert!(e.is_none());
        assert_eq!(errs.len(), 1);
    }

    #[test]
    fn bad_shapes_are_reported_with_paths() {
        let (e, errs) = parse(json!({"Fn::Join": [1, "notalist"]}));
        assert!(e.is_none());
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].starts_with("x.Fn::Join[0]: "), "{errs:?}");
        assert!(errs[1].starts_with("x.Fn::Join[1]: "), "{errs:?}");
        let (_, errs) = parse(json!({"Fn::Length": [1]}));
        assert!(errs[0].contains("unsupported intrinsic function `Fn::Length`"), "{errs:?}");
        let (_, errs) = parse(json!({"Fn::Cidr": ["10.0.0.0/16", 4]}));
        assert!(errs[0].contains("expected an array of 3 items"), "{errs:?}");
        let (_, errs) = parse(json!({"Fn::GetAZs": ["us-east-1"]}));
        assert!(errs[0].starts_with("x.Fn::GetAZs: expected a string or an intrinsic"), "{errs:?}");
        let (_, errs) = parse(json!({"Fn::FindInMap": ["a", "b"]}));
        assert!(errs[0].contains("expected an array of 3 items"), "{errs:?}");
        let (_, errs) = parse(json!({"Ref": "A", "Fn::Sub": "b"}));
        assert!(errs[0].contains("exactly one key"), "{errs:?}");
        let (_, errs) = parse(json!(null));
        assert_eq!(errs.len(), 1);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut v = json!("x");
        for _ in 0..1_000 {
            v = json!({ "Fn::Base64": v });
        }
        let (e, errs) = parse(v);
        assert!(e.is_none());
        assert_eq!(errs.len(), 1);
    }
}
