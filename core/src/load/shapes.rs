//! Values whose shape the reference's schema does not allow at their place: an object where a
//! string goes (`identitySource: {header: Authorization}`), a list of several where one value
//! goes, a string where only an object goes (`usagePlan: basic`).
//!
//! The reference validates the config against its schema and, by default, only warns; what it
//! does next depends on the place: most settings of an unexpected shape are then dropped as if
//! not written (an `authorizer.identitySource` object: the default header), some reach the
//! template as written, where CloudFormation refuses them. Stackwright reports each as an error
//! (DECISIONS.md D2: what the reference silently drops is an error), once, here, for every
//! place; readers that check a place themselves report it in their own words instead
//! ([`super::load_expanded`] keeps theirs).
//!
//! What ajv converts is not reported: scalars into one another (`timeout: "30"`, a number where
//! a string goes), a single value where a list goes and a list of one value where a single value
//! goes. An intrinsic function (`Ref`, `Fn::...`) is left to the readers, which know where
//! CloudFormation resolves one, and a string is accepted where the schema has only intrinsic
//! functions (what they resolve to). The places are in `shapes.txt`.
//!
//! The settings the loader keeps as written for synthesis (an `http` event's `authorizer`,
//! `cors` and `request`, a function's `url`, the REST API's usage plans, ...) also have their
//! keys checked here ([`CHECKED_KEYS`]): a key the schema does not have there is an unknown key,
//! reported as the loader reports the others (a warning for a file, like the reference's). And
//! the few of their settings that reach the template as written and that AWS takes only in the
//! schema's spelling ([`CHECKED_VALUES`]: `passThrough: never`, a usage plan's `period: month`)
//! are errors in any other.

use std::sync::OnceLock;

use serde_json::Value;

use super::places::Places;
use crate::config_path::{index, join};
use crate::diagnostics::Diagnostic;

/// One place's shapes, one path a line (`#` starts a comment line).
const SHAPES: &str = include_str!("shapes.txt");

/// The objects of `shapes.txt` whose keys are checked here: those the loader keeps as written
/// (the others' keys are checked where they are read, which knows stackwright's own keys too).
const CHECKED_KEYS: &[&str] = &[
    "functions.*.url",
    "functions.*.url.cors",
    "functions.*.httpApi",
    "functions.*.events[].http.authorizer",
    "functions.*.events[].http.cors",
    "functions.*.events[].http.request",
    "functions.*.events[].http.request.parameters",
    "functions.*.events[].http.request.parameters.headers.*",
    "functions.*.events[].http.request.parameters.paths.*",
    "functions.*.events[].http.request.parameters.querystrings.*",
    "functions.*.events[].http.response",
    "functions.*.events[].http.response.statusCodes.*",
    "provider.apiGateway.apiKeys[].*[]",
    "provider.apiGateway.endpoint",
    "provider.apiGateway.request",
    "provider.apiGateway.request.schemas.*",
    "provider.apiGateway.usagePlan",
    "provider.apiGateway.usagePlan.quota",
    "provider.apiGateway.usagePlan.throttle",
    "provider.apiGateway.usagePlan[].*",
    "provider.apiGateway.usagePlan[].*.quota",
    "provider.apiGateway.usagePlan[].*.throttle",
    "provider.logs.restApi",
];

/// The objects of `shapes.txt` the reference writes into the template whole, where a key the
/// schema does not have is no unknown key to ignore but an error: a REST API resource policy's
/// statements, which IAM refuses with any other element.
const WRITTEN_WHOLE: &[&str] = &["provider.apiGateway.resourcePolicy[]"];

/// The places of `shapes.txt` whose values are checked against its list of them: settings the
/// reference writes into the template as they are, which AWS takes only as listed.
const CHECKED_VALUES: &[&str] = &[
    "functions.*.events[].http.request.contentHandling",
    "functions.*.events[].http.request.passThrough",
    "functions.*.events[].http.response.contentHandling",
    "provider.apiGateway.resourcePolicy[].Effect",
    "provider.apiGateway.usagePlan.quota.period",
    "provider.apiGateway.usagePlan[].*.quota.period",
];

/// What a place allows, from its `shapes.txt` line.
#[derive(Default)]
struct Allowed {
    /// The only strings a place whose values are checked here takes ([`CHECKED_VALUES`]).
    values: Option<Vec<&'static str>>,
    /// The keys of an object place whose keys are checked here ([`CHECKED_KEYS`],
    /// [`WRITTEN_WHOLE`]).
    keys: Option<Vec<&'static str>>,
    /// Whether the object is written into the template whole ([`WRITTEN_WHOLE`]).
    whole: bool,
    /// The scalar types, in the line's order (`string`, `number`, `integer`, `boolean`).
    scalars: Vec<&'static str>,
    object: bool,
    array: bool,
    intrinsic: bool,
}

impl Allowed {
    fn parse(path: &str, line: &'static str) -> Allowed {
        let (types, keys) = line.split_once(" | ").unwrap_or((line, ""));
        let (types, values) = types.split_once(" = ").unwrap_or((types, ""));
        let mut allowed = Allowed::default();
        if CHECKED_VALUES.contains(&path) {
            allowed.values = Some(values.split_whitespace().collect());
        }
        allowed.whole = WRITTEN_WHOLE.contains(&path);
        if allowed.whole || CHECKED_KEYS.contains(&path) {
            allowed.keys = Some(keys.split_whitespace().collect());
        }
        for t in types.split_whitespace() {
            match t {
                "object" => allowed.object = true,
                "array" => allowed.array = true,
                "intrinsic" => allowed.intrinsic = true,
                scalar => allowed.scalars.push(scalar),
            }
        }
        allowed
    }

    fn fits(&self, v: &Value) -> bool {
        let scalar = |v: &Value| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_));
        match v {
            Value::Null => true,
            Value::Object(map) if map.keys().any(|k| crate::reader::is_intrinsic_key(k)) => true,
            Value::Object(_) => self.object,
            Value::Array(items) => self.array || (items.len() == 1 && scalar(&items[0]) && !self.scalars.is_empty()),
            _ => !self.scalars.is_empty() || self.array || self.intrinsic,
        }
    }

    /// `a string or an object`, for "expected ..." messages.
    fn describe(&self) -> String {
        let mut kinds: Vec<&str> = (self.scalars.iter())
            .map(|s| match *s {
                "string" => "a string",
                "number" => "a number",
                "integer" => "an integer",
                _ => "a boolean",
            })
            .collect();
        if self.object {
            kinds.push("an object");
        }
        if self.array {
            kinds.push("a list");
        }
        if self.intrinsic {
            kinds.push("an intrinsic function (`Ref`, `Fn::…`)");
        }
        match kinds.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => "nothing".to_string(),
        }
    }
}

fn places() -> &'static Places<Allowed> {
    static PLACES: OnceLock<Places<Allowed>> = OnceLock::new();
    PLACES.get_or_init(|| {
        let mut root = Places::default();
        for line in SHAPES.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (path, rest) = line.split_once(' ').unwrap_or((line, ""));
            root.insert(path, Allowed::parse(path, rest));
        }
        root
    })
}

/// The values of `root` whose shape the reference's schema does not allow, as
/// `CONFIG_INVALID_VALUE` errors; nothing below such a value is checked.
pub(crate) fn check(root: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match (root.get("functions"), places().child("functions")) {
        // A list of function maps (`functions: [${file(api.yml)}, ...]`), which the reference
        // (and the loader) merge into one before reading it.
        (Some(Value::Array(maps)), Some(functions)) => {
            let mut rest = root.clone();
            rest.as_object_mut().map(|m| m.shift_remove("functions"));
            walk(&rest, places(), String::new(), false, &mut out);
            for map in maps.iter().filter(|m| m.is_object()) {
                walk(map, functions, "functions".to_string(), false, &mut out);
            }
        }
        _ => walk(root, places(), String::new(), false, &mut out),
    }
    out
}

/// `raw`: within a setting synthesis reads as written ([`CHECKED_KEYS`], [`WRITTEN_WHOLE`]),
/// where a boolean in a place of strings (`identitySource: true`) is not the text ajv makes of
/// it but dropped, or written as a boolean where AWS wants a string.
fn walk(v: &Value, place: &Places<Allowed>, at: String, raw: bool, out: &mut Vec<Diagnostic>) {
    let raw = raw || place.here.first().is_some_and(|a| a.keys.is_some());
    if let Some(allowed) = place.here.first()
        && (!allowed.fits(v) || (raw && v.is_boolean() && allowed.scalars == ["string"]))
    {
        out.push(crate::reader::type_error(&at, &allowed.describe(), v));
        return;
    }
    if let (Some(values), Value::String(s)) = (place.here.first().and_then(|a| a.values.as_deref()), v)
        && !values.contains(&s.as_str())
    {
        out.push(not_listed(&at, s, values));
    }
    match v {
        // ajv makes a lone value where only a list goes a list of one: that one item must fit.
        Value::String(_) | Value::Number(_) | Value::Bool(_)
            if place.here.first().is_some_and(|a| a.scalars.is_empty() && !a.intrinsic) =>
        {
            if let Some(child) = place.child("[]") {
                walk(v, child, at, raw, out);
            }
        }
        Value::Object(map) if !map.keys().any(|k| crate::reader::is_intrinsic_key(k)) => {
            let allowed = place.here.first();
            let known = allowed.and_then(|a| a.keys.as_deref());
            for key in map.keys().filter(|k| known.is_some_and(|known| !known.contains(&k.as_str()))) {
                let known = known.unwrap_or_default();
                out.push(match allowed.is_some_and(|a| a.whole) {
                    true => written_whole(&at, key, known),
                    false => unknown_key(&at, key, known),
                });
            }
            for (key, value) in map {
                // A key the schema names has its own place; `*` is every other key.
                if let Some(child) = place.child(key).or_else(|| place.child("*")) {
                    walk(value, child, join(&at, key), raw, out);
                }
            }
        }
        Value::Array(items) => {
            if let Some(child) = place.child("[]") {
                for (i, item) in items.iter().enumerate() {
                    walk(item, child, index(&at, i), raw, out);
                }
            }
        }
        _ => {}
    }
}

/// `value` at `at`, which takes only `values`.
fn not_listed(at: &str, value: &str, values: &[&str]) -> Diagnostic {
    let listed = values.join(", ");
    let help = match values.iter().find(|v| v.eq_ignore_ascii_case(value.trim())) {
        Some(v) => format!("write `{v}`: the value goes into the template as written, and AWS takes it only so"),
        None => format!("write one of {}", crate::reader::list(values)),
    };
    Diagnostic::error(
        crate::codes::CONFIG_INVALID_VALUE,
        at,
        format!("must be equal to one of the allowed values [{listed}], found a string ({value:?})"),
    )
    .with_help(help)
}

/// `key` in `parent`, an object written into the template whole that allows only `known`.
fn written_whole(parent: &str, key: &str, known: &[&str]) -> Diagnostic {
    let mut help = format!("allowed elements: {}", crate::reader::list(known));
    if let Some(s) = crate::diagnostics::did_you_mean(key, known.iter().copied()) {
        help = format!("did you mean `{s}`? {help}");
    }
    Diagnostic::error(
        crate::codes::CONFIG_INVALID_VALUE,
        join(parent, key),
        format!("`{key}` is not an element of a policy statement: the statement goes into the template as written, and IAM refuses it"),
    )
    .with_help(help)
}

/// `key` in `parent`, which allows only `known`, as the loader reports an unknown key.
fn unknown_key(parent: &str, key: &str, known: &[&str]) -> Diagnostic {
    let mut message = format!("unknown key `{key}` in {parent}");
    if let Some(moved) = crate::reader::moved(&join(parent, key), message.clone()) {
        return moved;
    }
    if let Some(s) = crate::diagnostics::did_you_mean(key, known.iter().copied()) {
        message.push_str(&format!("; did you mean `{s}`?"));
    }
    Diagnostic::error(crate::codes::CONFIG_UNKNOWN_KEY, join(parent, key), message)
        .with_help(format!("allowed keys: {}", crate::reader::list(known)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn found(config: Value) -> Vec<(String, String)> {
        check(&config).into_iter().map(|d| (d.path, d.message)).collect()
    }

    #[test]
    fn a_value_of_a_shape_the_schema_has_not_there_is_an_error() {
        let config = json!({"provider": {"name": "aws", "apiGateway": {"usagePlan": "basic"}}, "functions": {"a": {
            "handler": "h.h",
            "url": {"invokeMode": {"mode": "RESPONSE_STREAM"}},
            "events": [{"http": {"path": "/", "method": "get", "authorizer": {
                "name": "auth", "identitySource": {"header": "Authorization"}, "type": ["token", "request"],
            }}}],
        }}});
        assert_eq!(
            found(config),
            [
                (
                    "provider.apiGateway.usagePlan".to_string(),
                    "expected an object, found a string (\"basic\")".to_string()
                ),
                (
                    "functions.a.url.invokeMode".to_string(),
                    "expected a string, found an object with keys `mode`".to_string()
                ),
                (
                    "functions.a.events[0].http.authorizer.identitySource".to_string(),
                    "expected a string, found an object with keys `header`".to_string()
                ),
                (
                    "functions.a.events[0].http.authorizer.type".to_string(),
                    "expected a string, found an array".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_list_of_function_maps_is_checked_as_the_one_map_it_makes() {
        let config = json!({"functions": [{"a": {"handler": "h.h"}}, {"b": {"handler": "h.h", "url": {"invokeMode": ["a", "b"]}}}]});
        assert_eq!(
            found(config),
            [("functions.b.url.invokeMode".to_string(), "expected a string, found an array".to_string())]
        );
    }

    /// What ajv converts, intrinsic functions, unknown keys and free-form places are not this
    /// check's.
    #[test]
    fn what_the_reference_converts_or_does_not_type_is_not_reported() {
        let config = json!({
            "provider": {"name": "aws", "timeout": "30", "memorySize": true, "layers": "arn:aws:lambda:us-east-1:1:layer:l:1",
                "environment": {"A": 1, "B": {"Ref": "X"}}, "apiGateway": {"restApiId": {"Fn::ImportValue": "api"}},
                "unknownKey": {"deep": [1, 2]}},
            "custom": {"anything": {"goes": ["here"]}},
            "resources": {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": ["a", "b"]}}}},
            "functions": {"a": {"handler": ["h.h"], "events": [
                {"eventBridge": {"pattern": {"source": ["a"], "detail": {"x": [{"prefix": "y"}]}}}},
                {"http": "GET /"}, {"sqs": {"arn": "arn:aws:sqs:us-east-1:123456789012:q", "batchSize": "10"}},
            ]}},
        });
        assert_eq!(found(config), []);
    }

    /// The reference's schema warns about these; its compiler then ignores them.
    #[test]
    fn a_key_the_schema_has_not_in_a_setting_kept_as_written_is_unknown() {
        let config = json!({"provider": {"apiGateway": {"usagePlan": {"quota": {"limit": 10, "perod": "DAY"}, "rate": 5}}},
            "functions": {"a": {"url": {"authType": "AWS_IAM"}, "events": [{"http": {"path": "/", "method": "get",
                "cors": {"origin": "*", "credentials": true}}}]}}});
        let found: Vec<_> = check(&config).into_iter().map(|d| (d.code, d.path, d.message, d.help)).collect();
        assert_eq!(
            found,
            [
                (
                    "CONFIG_UNKNOWN_KEY",
                    "provider.apiGateway.usagePlan.rate".to_string(),
                    "unknown key `rate` in provider.apiGateway.usagePlan".to_string(),
                    "allowed keys: `quota`, `throttle`".to_string()
                ),
                (
                    "CONFIG_UNKNOWN_KEY",
                    "provider.apiGateway.usagePlan.quota.perod".to_string(),
                    "unknown key `perod` in provider.apiGateway.usagePlan.quota; did you mean `period`?".to_string(),
                    "allowed keys: `limit`, `offset`, `period`".to_string()
                ),
                (
                    "CONFIG_UNKNOWN_KEY",
                    "functions.a.url.authType".to_string(),
                    "unknown key `authType` in functions.a.url".to_string(),
                    "allowed keys: `authorizer`, `cors`, `invokeMode`".to_string()
                ),
                (
                    "CONFIG_UNKNOWN_KEY",
                    "functions.a.events[0].http.cors.credentials".to_string(),
                    "unknown key `credentials` in functions.a.events[0].http.cors; did you mean `allowCredentials`?".to_string(),
                    "allowed keys: `allowCredentials`, `cacheControl`, `headers`, `maxAge`, `methods`, `origin`, `origins`"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_value_aws_takes_only_as_the_schema_spells_it_is_an_error_in_any_other() {
        let config = json!({"provider": {"apiGateway": {"usagePlan": {"quota": {"limit": 10, "period": "month"}}}},
            "functions": {"a": {"events": [{"http": {"path": "/", "method": "get", "integration": "lambda",
                "request": {"passThrough": "NEVER", "contentHandling": "binary"}}}]}}});
        let found: Vec<_> = check(&config).into_iter().map(|d| (d.path, d.message, d.help)).collect();
        assert_eq!(
            found,
            [
                (
                    "provider.apiGateway.usagePlan.quota.period".to_string(),
                    "must be equal to one of the allowed values [DAY, WEEK, MONTH], found a string (\"month\")"
                        .to_string(),
                    "write `MONTH`: the value goes into the template as written, and AWS takes it only so".to_string()
                ),
                (
                    "functions.a.events[0].http.request.contentHandling".to_string(),
                    "must be equal to one of the allowed values [CONVERT_TO_BINARY, CONVERT_TO_TEXT], found a string \
                     (\"binary\")"
                        .to_string(),
                    "write one of `CONVERT_TO_BINARY`, `CONVERT_TO_TEXT`".to_string()
                ),
            ]
        );
    }

    /// ajv would make `true` the text "true"; the reader of these settings drops it instead.
    #[test]
    fn a_boolean_where_a_setting_kept_as_written_takes_a_string_is_an_error() {
        let config = json!({"functions": {"a": {"url": {"cors": true}, "events": [{"http": {"path": "/", "method": "get",
            "cors": true, "authorizer": {"name": "auth", "identitySource": true}}}]}}});
        assert_eq!(
            found(config),
            [(
                "functions.a.events[0].http.authorizer.identitySource".to_string(),
                "expected a string, found a boolean (true)".to_string()
            )]
        );
    }

    #[test]
    fn a_resource_policy_statement_with_an_element_iam_does_not_have_is_an_error() {
        let config = json!({"provider": {"apiGateway": {"resourcePolicy": [{"Effect": "Allow", "Principal": "*",
            "Action": "execute-api:Invoke", "Resource": ["execute-api:/*"], "Comment": "public"}]}}});
        let found: Vec<_> = check(&config).into_iter().map(|d| (d.code, d.path, d.message)).collect();
        assert_eq!(
            found,
            [(
                "CONFIG_INVALID_VALUE",
                "provider.apiGateway.resourcePolicy[0].Comment".to_string(),
                "`Comment` is not an element of a policy statement: the statement goes into the template as written, \
                 and IAM refuses it"
                    .to_string()
            )]
        );
    }

    #[test]
    fn every_place_whose_values_are_checked_lists_them() {
        for path in CHECKED_VALUES {
            let line = SHAPES.lines().find(|l| l.split_once(' ').is_some_and(|(p, _)| p == *path));
            assert!(line.is_some_and(|l| l.contains(" = ")), "{path}: {line:?}");
        }
    }

    #[test]
    fn every_place_whose_keys_are_checked_is_an_object_of_known_keys() {
        for path in CHECKED_KEYS.iter().chain(WRITTEN_WHOLE) {
            let line = SHAPES.lines().find(|l| l.split_once(' ').is_some_and(|(p, _)| p == *path));
            assert!(line.is_some_and(|l| l.contains(" object") && l.contains(" | ")), "{path}: {line:?}");
        }
    }

    #[test]
    fn every_line_of_the_table_is_a_place_with_known_types() {
        for line in SHAPES.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let line = line.split_once(" | ").map_or(line, |(types, _)| types);
            let line = line.split_once(" = ").map_or(line, |(types, _)| types);
            let (path, types) = line.split_once(' ').expect(line);
            assert!(!path.is_empty() && !path.contains(' '), "{line}");
            for t in types.split_whitespace() {
                assert!(
                    ["string", "number", "integer", "boolean", "object", "array", "intrinsic"].contains(&t),
                    "{line}"
                );
            }
        }
    }
}
