//! serverless.yml variables: `${self:path}`, `${opt:stage}`, `${opt:region}`, `${sls:stage}`,
//! `${env:NAME}`, each with an optional fallback (`${env:NAME, 'default'}`). Any other source
//! (`${ssm:...}`, `${file(...)}`, `${cf:...}`, ...) is an error naming it: stackwright runs offline
//! and never guesses a value.
//!
//! `${AWS::Region}` and `${Name}` (no `source:` prefix) are CloudFormation `Fn::Sub` placeholders
//! and are left alone, as the reference does.

use std::cell::Cell;

use serde_json::Value;
use stackwright_core::validate::codes;
use stackwright_core::{Diagnostic, Diagnostics};

/// What variables resolve against besides the config itself.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--stage`.
    pub stage: Option<String>,
    /// `--region`.
    pub region: Option<String>,
}

/// Self-references nest (a `custom` value may use `${opt:stage}`); deeper than this is a cycle.
const MAX_DEPTH: usize = 16;

/// Values and string bytes that `${self:...}` references may copy in all: far more than any real
/// config needs, far fewer than exhaust memory or time. Each reference copies its value, so
/// references to values with references grow exponentially, as YAML aliases do.
const MAX_EXPANDED_VALUES: usize = 100_000;
const MAX_EXPANDED_BYTES: usize = 10_000_000;

/// Values with variables resolved may nest no deeper than parsed ones (the YAML parser's and
/// serde_json's limit): `${self:...}` puts a value inside another, and resolving recurses.
const MAX_NESTING: usize = 128;

/// Resolves every variable in `root` in place; each unresolvable one is a
/// `CONFIG_UNRESOLVED_VARIABLE` diagnostic at the path of the string that holds it.
///
/// ```
/// use stackwright_cli::vars::{resolve, Options};
/// let mut v = serde_json::json!({"custom": {"mem": 4096}, "provider": {"memorySize": "${self:custom.mem}",
///     "stage": "${opt:stage, 'dev'}"}, "x": "${ssm:/a}"});
/// let diags = resolve(&mut v, &Options::default(), &|_| None);
/// assert_eq!(v["provider"]["memorySize"], 4096);
/// assert_eq!(v["provider"]["stage"], "dev");
/// assert!(diags.iter().next().unwrap().message.contains("`ssm`"));
/// ```
pub fn resolve(root: &mut Value, options: &Options, env: &dyn Fn(&str) -> Option<String>) -> Diagnostics {
    let original = root.clone();
    let resolver = Resolver { root: &original, options, env, expanded: Cell::new((0, 0)), levels: Cell::new(0) };
    let mut diagnostics = Diagnostics::new();
    resolver.walk(root, "", 0, &mut diagnostics);
    diagnostics
}

struct Resolver<'a> {
    root: &'a Value,
    options: &'a Options,
    env: &'a dyn Fn(&str) -> Option<String>,
    /// Values and string bytes copied by `${self:...}` so far.
    expanded: Cell<(usize, usize)>,
    /// Lists and objects around the value being resolved, in the resolved config.
    levels: Cell<usize>,
}

impl Resolver<'_> {
    fn walk(&self, value: &mut Value, path: &str, depth: usize, out: &mut Diagnostics) {
        match value {
            Value::String(s) if s.contains("${") => match self.string(s, depth) {
                Ok(v) => *value = v,
                Err(message) => {
                    out.push(Diagnostic::error(codes::CONFIG_UNRESOLVED_VARIABLE, path, message).with_help(
                        "stackwright resolves ${self:...}, ${opt:stage}, ${opt:region}, ${sls:stage}, ${env:NAME} and \
                         fallbacks like ${env:NAME, 'default'}; write the value itself for anything else",
                    ))
                }
            },
            Value::Array(_) | Value::Object(_) if self.levels.get() >= MAX_NESTING => out.push(Diagnostic::error(
                codes::CONFIG_UNRESOLVED_VARIABLE,
                path,
                format!("variables make values nest deeper than {MAX_NESTING} levels here"),
            )),
            Value::Array(items) => {
                self.levels.set(self.levels.get() + 1);
                for (i, item) in items.iter_mut().enumerate() {
                    self.walk(item, &format!("{path}[{i}]"), depth, out);
                }
                self.levels.set(self.levels.get() - 1);
            }
            Value::Object(map) => {
                self.levels.set(self.levels.get() + 1);
                for (key, item) in map.iter_mut() {
                    if path.is_empty() && depth == 0 && key == "custom" {
                        // Plugin settings live here too, with variables stackwright need not
                        // resolve (`${ssm:...}`); values used through `${self:custom...}` are
                        // resolved where they are used.
                        continue;
                    }
                    let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                    self.walk(item, &child, depth, out);
                }
                self.levels.set(self.levels.get() - 1);
            }
            _ => {}
        }
    }

    /// A string with variables: the variable's own value when the string is exactly one variable
    /// (so `${self:custom.mem}` can be a number or an object), else the text with each replaced.
    fn string(&self, s: &str, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(format!("variables in `{s}` refer to each other in a cycle"));
        }
        let mut out = String::new();
        let mut rest = s;
        let mut only: Option<Value> = None;
        while let Some(start) = rest.find("${") {
            let Some(len) = closing(&rest[start..]) else { break };
            let inner = &rest[start + 2..start + len - 1];
            if source_of(inner).is_none() {
                // A CloudFormation placeholder: copy it verbatim.
                out.push_str(&rest[..start + len]);
                rest = &rest[start + len..];
                continue;
            }
            let value = self.variable(inner, depth)?;
            if start == 0 && len == rest.len() && out.is_empty() {
                // The whole string is this one variable: it takes the variable's value, whatever
                // its type (a list or an object too).
                only = Some(value);
                rest = "";
                break;
            }
            out.push_str(&rest[..start]);
            match value {
                Value::String(text) => out.push_str(&text),
                Value::Number(n) => out.push_str(&n.to_string()),
                Value::Bool(b) => out.push_str(&b.to_string()),
                other => {
                    return Err(format!(
                        "`${{{inner}}}` is {} and cannot be part of a longer string `{s}`",
                        kind(&other)
                    ));
                }
            }
            rest = &rest[start + len..];
        }
        if let Some(value) = only {
            return Ok(value);
        }
        out.push_str(rest);
        Ok(Value::String(out))
    }

    /// One `source:address[, fallback]`.
    fn variable(&self, inner: &str, depth: usize) -> Result<Value, String> {
        let (main, fallback) = split_fallback(inner);
        let (source, address) = source_of(main).unwrap_or(("", main));
        // The address may itself hold variables: `${self:custom.${opt:stage}}`.
        let address = match self.string(address.trim(), depth + 1)? {
            Value::String(a) => a,
            other => return Err(format!("the address in `${{{inner}}}` resolves to {}", kind(&other))),
        };
        let found = match source {
            "self" => self.lookup(&address, depth)?,
            "opt" => match address.as_str() {
                "stage" => self.options.stage.clone().map(Value::String),
                "region" => self.options.region.clone().map(Value::String),
                _ => None,
            },
            "sls" => match address.as_str() {
                "stage" => Some(self.stage(depth)?),
                _ => return Err(format!("`${{sls:{address}}}` is not supported; only `${{sls:stage}}` is")),
            },
            "env" => (self.env)(&address).map(Value::String),
            other => {
                return Err(format!(
                    "variable source `{other}` in `${{{inner}}}` is not supported: stackwright resolves self, opt, sls \
                     and env variables only"
                ));
            }
        };
        if let Some(value) = found {
            return Ok(value);
        }
        match fallback {
            Some(fallback) => self.fallback(fallback.trim(), depth),
            None => Err(match source {
                "self" => format!("`${{{inner}}}`: there is no `{address}` in this config"),
                "opt" => format!(
                    "`${{{inner}}}`: option --{address} was not given (add a fallback: `${{opt:{address}, 'dev'}}`)"
                ),
                "env" => format!("`${{{inner}}}`: environment variable {address} is not set"),
                _ => format!("`${{{inner}}}` cannot be resolved"),
            }),
        }
    }

    /// `'text'`, `"text"`, a number, `true`/`false`, another variable (`${...}` or bare
    /// `source:address`), or a bare word.
    fn fallback(&self, text: &str, depth: usize) -> Result<Value, String> {
        for quote in ['\'', '"'] {
            if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
                return Ok(Value::String(inner.to_string()));
            }
        }
        if text.starts_with("${") {
            return self.string(text, depth + 1);
        }
        // `${opt:stage, self:provider.stage}`: a bare `source:address` is another variable.
        if source_of(text).is_some() {
            return self.variable(text, depth + 1);
        }
        if let Ok(n) = text.parse::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            "null" => Ok(Value::Null),
            _ => Ok(Value::String(text.to_string())),
        }
    }

    /// `${self:a.b.0.c}`: a value of the config, its own variables resolved.
    fn lookup(&self, address: &str, depth: usize) -> Result<Option<Value>, String> {
        self.expand(&Value::Null)?;
        let mut at = self.root;
        for part in address.split('.').filter(|p| !p.is_empty()) {
            let next = match at {
                Value::Object(map) => map.get(part),
                Value::Array(items) => part.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match next {
                Some(v) => at = v,
                None => return Ok(None),
            }
        }
        self.expand(at)?;
        let mut value = at.clone();
        let mut nested = Diagnostics::new();
        self.walk(&mut value, "", depth + 1, &mut nested);
        match nested.into_iter().next() {
            Some(d) => Err(d.message),
            None => self.expand(&value).map(|()| Some(value)),
        }
    }

    /// Counts `value` as copied; an error once the copies pass the limits.
    fn expand(&self, value: &Value) -> Result<(), String> {
        let ((values, bytes), (more_values, more_bytes)) = (self.expanded.get(), size(value));
        let (values, bytes) = (values + more_values, bytes + more_bytes);
        self.expanded.set((values, bytes));
        if values > MAX_EXPANDED_VALUES || bytes > MAX_EXPANDED_BYTES {
            return Err(format!(
                "variables expand to more than {MAX_EXPANDED_VALUES} values or {MAX_EXPANDED_BYTES} characters \
                 (`${{self:...}}` references that copy values with references)"
            ));
        }
        Ok(())
    }

    /// `${sls:stage}`: `--stage`, else `provider.stage`, else `dev`.
    fn stage(&self, depth: usize) -> Result<Value, String> {
        if let Some(stage) = &self.options.stage {
            return Ok(Value::String(stage.clone()));
        }
        Ok(self.lookup("provider.stage", depth)?.filter(|v| !v.is_null()).unwrap_or_else(|| "dev".into()))
    }
}

/// The length of `${...}` at the start of `s`, braces balanced; `None` when unclosed.
fn closing(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// `source:address` → (`source`, `address`) when `inner` is a Serverless variable: a word
/// (optionally with `(...)` arguments, as in `file(./x.yml)`) and one colon. `AWS::Region` (two
/// colons) and `Name` (none) are CloudFormation placeholders.
fn source_of(inner: &str) -> Option<(&str, &str)> {
    let inner = inner.trim_start();
    let word = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(inner.len());
    if word == 0 || !inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut after = word;
    if inner[word..].starts_with('(') {
        after = word + inner[word..].find(')')? + 1;
    }
    let rest = inner[after..].strip_prefix(':')?;
    if rest.starts_with(':') {
        return None;
    }
    Some((&inner[..word], rest))
}

/// Splits `address, fallback` at the first comma outside quotes and `${...}`.
fn split_fallback(inner: &str) -> (&str, Option<&str>) {
    let (mut depth, mut quote) = (0usize, None);
    for (i, c) in inner.char_indices() {
        match (c, quote) {
            ('\'' | '"', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            ('{', None) => depth += 1,
            ('}', None) => depth = depth.saturating_sub(1),
            (',', None) if depth == 0 => return (&inner[..i], Some(&inner[i + 1..])),
            _ => {}
        }
    }
    (inner, None)
}

/// Values (nodes) and string bytes (keys included) in `v`.
fn size(v: &Value) -> (usize, usize) {
    let add = |(values, bytes): (usize, usize), (more_values, more_bytes): (usize, usize)| {
        (values + more_values, bytes + more_bytes)
    };
    match v {
        Value::String(s) => (1, s.len()),
        Value::Array(items) => items.iter().map(size).fold((1, 0), add),
        Value::Object(map) => map.iter().map(|(k, v)| add(size(v), (0, k.len()))).fold((1, 0), add),
        _ => (1, 0),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(mut v: Value, options: Options) -> (Value, Vec<String>) {
        let env = |name: &str| (name == "TABLE").then(|| "orders".to_string());
        let d = resolve(&mut v, &options, &env);
        (v, d.iter().map(|d| format!("{}: {}", d.path, d.message)).collect())
    }

    #[test]
    fn every_supported_source() {
        let (v, errors) = run(
            json!({"service": "svc", "custom": {"size": 2048, "names": {"prod": "p"}},
                   "provider": {"stage": "${opt:stage, 'dev'}", "memorySize": "${self:custom.size}",
                                "environment": {"T": "${env:TABLE}", "D": "${env:MISSING, 'fallback'}",
                                                "S": "${self:service}-${sls:stage}", "N": "${self:custom.names.${opt:stage}}",
                                                "R": "${opt:region, ${self:service}}", "B": "${opt:region, self:service}"}},
                   "cfn": "arn:${AWS::Region}:${Foo}"}),
            Options { stage: Some("prod".into()), region: None },
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(v["provider"]["stage"], "prod");
        assert_eq!(v["provider"]["memorySize"], 2048);
        assert_eq!(
            v["provider"]["environment"],
            json!({"T": "orders", "D": "fallback", "S": "svc-prod", "N": "p", "R": "svc", "B": "svc"})
        );
        assert_eq!(v["cfn"], "arn:${AWS::Region}:${Foo}");
    }

    #[test]
    fn a_lone_variable_takes_a_list_or_object_value() {
        let (v, errors) = run(
            json!({"custom": {"subnets": ["subnet-1", "subnet-2"], "vpc": {"subnetIds": ["subnet-3"]}},
                   "a": "${self:custom.subnets}", "b": "${self:custom.vpc}", "c": "x-${self:custom.subnets}"}),
            Options::default(),
        );
        assert_eq!(v["a"], json!(["subnet-1", "subnet-2"]));
        assert_eq!(v["b"], json!({"subnetIds": ["subnet-3"]}));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("is a list and cannot be part of a longer string"), "{errors:?}");
    }

    #[test]
    fn custom_is_resolved_only_where_used() {
        let (v, errors) = run(
            json!({"custom": {"used": "${opt:stage, 'dev'}", "plugin": "${ssm:/only/for/a/plugin}"},
                   "a": "${self:custom.used}"}),
            Options::default(),
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(v["a"], "dev");
    }

    #[test]
    fn sls_stage_defaults_to_provider_stage_then_dev() {
        let (v, _) = run(json!({"provider": {"stage": "qa"}, "a": "${sls:stage}"}), Options::default());
        assert_eq!(v["a"], "qa");
        let (v, _) = run(json!({"a": "${sls:stage}"}), Options::default());
        assert_eq!(v["a"], "dev");
    }

    #[test]
    fn unresolvable_and_unsupported_are_errors_naming_the_source() {
        let (_, errors) = run(
            json!({"a": "${ssm:/x}", "b": ["${env:NOPE}"], "c": "${self:custom.none}", "d": "${opt:stage}",
                   "e": "${file(./x.yml):k}", "f": "${self:f}"}),
            Options::default(),
        );
        assert_eq!(errors.len(), 6, "{errors:?}");
        assert!(errors[0].starts_with("a: variable source `ssm`"), "{errors:?}");
        assert!(errors[1].starts_with("b[0]: `${env:NOPE}`: environment variable NOPE is not set"), "{errors:?}");
        assert!(errors[2].contains("there is no `custom.none`"), "{errors:?}");
        assert!(errors[3].contains("--stage was not given"), "{errors:?}");
        assert!(errors[4].contains("variable source `file`"), "{errors:?}");
        assert!(errors[5].contains("cycle"), "{errors:?}");
    }
}
