//! The generic part of the walk: the diagnostics sink, key checks and typed scalar readers with
//! the reference's (ajv `coerceTypes: 'array'`) coercions.

use serde_json::{Map, Number, Value};
use std::borrow::Cow;

use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};

/// Keys one object level accepts.
pub(crate) struct Keys {
    /// Keys stackwright reads.
    pub allowed: &'static [&'static str],
    /// Keys the reference knows that stackwright does not support yet.
    pub unsupported: &'static [&'static str],
    /// Keys accepted without template effect (DECISIONS.md D6): the reference emits nothing for
    /// them under `package` (dashboard, deploy-call and CLI settings, variable sources).
    pub no_effect: &'static [&'static str],
}

impl Keys {
    /// Whether `key` is read or accepted without effect (not reported).
    pub fn knows(&self, key: &str) -> bool {
        self.allowed.contains(&key) || self.no_effect.contains(&key)
    }
}

/// Collects diagnostics while walking a config tree.
pub(crate) struct Loader {
    diagnostics: Diagnostics,
    /// Current nesting depth of intrinsic arguments (guards against stack overflow on trees
    /// built in code, which serde_json's recursion limit does not cover).
    pub depth: usize,
    /// `configValidationMode: error`: a value the reference's schema rejects is reported as the
    /// reference does (`INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION`, its message format).
    pub schema_errors: bool,
    /// A tree written in Rust (`service!`): legacy spellings are errors, not warnings.
    pub strict: bool,
    /// The listed plugins that add runtime names (Bref's `php-83`): such a runtime is rejected
    /// with its plugin, in the plugin's one error.
    pub runtime_plugins: Vec<&'static str>,
    /// Config paths (`*` for any one name or index) of keys that accepted plugins read from
    /// what is loaded (`http.reqValidatorName`): reported like any unknown key, but kept.
    pub plugin_keys: &'static [(&'static str, &'static [&'static str])],
}

/// What to write instead of a value of the wrong type, for the slips real files make: a number
/// with its unit (`memorySize: 1536MB`), a variable without its `$` (`{opt:region, us-east-1}`,
/// which YAML reads as a mapping), one item where a list goes, an empty list item, and the old
/// `provider: aws`.
fn type_help(path: &str, expected: &str, found: &Value) -> Option<String> {
    match found {
        Value::String(s) if expected.contains("integer") || expected.contains("number") => {
            let digits = s.trim().trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == ' ');
            let unit = &s.trim()[digits.len()..];
            (!digits.is_empty() && !unit.is_empty() && digits.parse::<f64>().is_ok())
                .then(|| format!("write the number alone, without `{}`: `{digits}`", unit.trim()))
        }
        Value::String(s) if path == "provider" => {
            Some(format!("write the provider as an object: `provider: {{name: {s}}}`"))
        }
        Value::Object(map) if map.keys().next().is_some_and(|k| looks_like_variable(k)) => {
            // A fallback that is not itself a variable is quoted, as the reference's parser wants it.
            let literal = |k: &str| {
                let bare = looks_like_variable(k) || k.parse::<f64>().is_ok() || ["true", "false", "null"].contains(&k);
                if bare { k.to_string() } else { format!("'{k}'") }
            };
            let inner = map
                .iter()
                .enumerate()
                .map(|(i, (k, v))| match (i, v.is_null()) {
                    (0, true) => k.clone(),
                    (_, true) => literal(k),
                    _ => format!("{k}: {}", js_string(v)),
                })
                .collect::<Vec<_>>()
                .join(", ");
            Some(format!("a variable starts with `$`: `${{{inner}}}` (without it, YAML reads the braces as a mapping)"))
        }
        Value::Object(_) if expected.starts_with("a list") => {
            Some("write it as a list, each item on its own `- ` line".to_string())
        }
        Value::Null => Some("remove the empty entry, or give it a value".to_string()),
        _ => None,
    }
}

/// `expected <expected>, found <what found is>` as `CONFIG_INVALID_VALUE`, with what to write
/// instead where a common slip explains it.
pub(crate) fn type_error(path: &str, expected: &str, found: &Value) -> Diagnostic {
    let error =
        Diagnostic::error(codes::CONFIG_INVALID_VALUE, path, format!("expected {expected}, found {}", describe(found)));
    match type_help(path, expected, found) {
        Some(help) => error.with_help(help),
        None => error,
    }
}

/// The unknown key at `at` (reported as `message`) as a key older versions had, or that belongs
/// elsewhere, saying where it went ([`MOVED`]); `None` for any other key.
pub(crate) fn moved(at: &str, message: String) -> Option<Diagnostic> {
    let (_, now, help) = MOVED.iter().find(|(pattern, _, _)| crate::config_path::matches(pattern, at))?;
    Some(
        Diagnostic::error(codes::CONFIG_UNKNOWN_KEY, at, format!("{message}; {now}, so it has no effect here"))
            .with_help(*help),
    )
}

/// Whether a mapping key reads as a variable missing its `${` (`opt:region`, `self:custom.x`).
fn looks_like_variable(key: &str) -> bool {
    ["self:", "opt:", "sls:", "env:", "ssm:", "cf:", "s3:", "param:", "aws:", "file("]
        .iter()
        .any(|p| key.starts_with(p))
}

/// Keys of older framework versions, or common slips, that the reference's schema no longer has
/// (a warning, and no effect, there as here): (config path, where it went, what to write).
const MOVED: &[(&str, &str, &str)] = &[
    (
        "provider.apiKeys",
        "Serverless Framework v3 moved it to `provider.apiGateway.apiKeys`",
        "move it under `provider.apiGateway`: the API keys are not created otherwise",
    ),
    (
        "provider.usagePlan",
        "Serverless Framework v3 moved it to `provider.apiGateway.usagePlan`",
        "move it under `provider.apiGateway`: the usage plan is not created otherwise",
    ),
    (
        "provider.resourcePolicy",
        "Serverless Framework v3 moved it to `provider.apiGateway.resourcePolicy`",
        "move it under `provider.apiGateway`: the REST API gets no resource policy otherwise",
    ),
    ("provider.variableSyntax", "Serverless Framework v3 removed it (variables are always `${...}`)", "remove it"),
    (
        "environment",
        "it belongs under `provider` (or a function)",
        "move it to `provider.environment`: the functions get none of these variables otherwise",
    ),
    (
        "iamRoleStatements",
        "it belongs under `provider`",
        "move it to `provider.iam.role.statements`: the role gets none of these statements otherwise",
    ),
    ("stage", "it belongs under `provider`", "move it to `provider.stage`"),
    ("region", "it belongs under `provider`", "move it to `provider.region`: the stack is for us-east-1 otherwise"),
    ("name", "the service's name is `service`", "write `service: <name>`"),
    (
        "functions.*.events[*].httpApi.cors",
        "an HTTP API's CORS is set for the whole API",
        "set `provider.httpApi.cors` (`true`, or the allowed origins, headers and methods)",
    ),
    (
        "functions.*.cors",
        "CORS is a setting of the function's `http` events or of the HTTP API",
        "set `cors: true` on each `http` event, or `provider.httpApi.cors` for `httpApi` events",
    ),
    (
        "provider.apiGateway.cors",
        "a REST API's CORS is set on each `http` event",
        "set `cors: true` (or a CORS object) on each `http` event",
    ),
    (
        "functions.*.events[*].http.cros",
        "it reads as a misspelt `cors`",
        "rename it to `cors`: the endpoint answers no CORS preflight otherwise",
    ),
    (
        "functions.*.memory",
        "the function's memory is `memorySize`",
        "rename it to `memorySize`: the function gets the provider's memory size (or 1024 MB) otherwise",
    ),
    (
        "functions.*.events[*].*.memorySize",
        "the memory size is the function's, not its event's",
        "move it to `functions.<name>.memorySize`: the function gets the provider's memory size (or 1024 MB) \
         otherwise",
    ),
    (
        "functions.*.authorizer",
        "an authorizer is set on each `http` or `httpApi` event",
        "move it under the function's `http` (or `httpApi`) events: their endpoints are open otherwise",
    ),
    (
        "functions.*.region",
        "a service puts all its functions in one region, `provider.region`",
        "remove it, or deploy the function from a service of its own with that `provider.region`",
    ),
    (
        "provider.cfLogs",
        "Serverless Framework 1.x removed it (the functions' log groups are always in the template)",
        "remove it",
    ),
    (
        "provider.http",
        "the HTTP API's settings are `provider.httpApi` (the REST API's `provider.apiGateway`)",
        "rename it to `httpApi` (for CORS: `provider.httpApi.cors`; a REST API's CORS is `cors` on each `http` \
         event)",
    ),
    (
        "provider.plugins",
        "`plugins` is a top-level key",
        "move it to the top level: the framework loads none of these plugins otherwise",
    ),
    (
        "provider.custom",
        "`custom` is a top-level key",
        "move it to the top level, where `self:custom` variables read it",
    ),
    (
        "provider.include",
        "the files to package are `package.patterns`",
        "move the globs to `package.patterns` (an exclusion starts with `!`)",
    ),
    (
        "provider.exclude",
        "the files to package are `package.patterns`",
        "move the globs to `package.patterns`, each starting with `!`",
    ),
    (
        "Resources",
        "a service's own CloudFormation resources go under `resources`",
        "move it to `resources.Resources`: none of these resources is created otherwise",
    ),
    (
        "Outputs",
        "a service's own CloudFormation outputs go under `resources`",
        "move it to `resources.Outputs`: the stack has none of these outputs otherwise",
    ),
    (
        "include",
        "the files to package are `package.patterns`",
        "move the globs to `package.patterns` (an exclusion starts with `!`)",
    ),
    (
        "exclude",
        "the files to package are `package.patterns`",
        "move the globs to `package.patterns`, each starting with `!`",
    ),
    (
        "provider.cors",
        "a REST API's CORS is set on each `http` event",
        "set `cors: true` (or a CORS object) on each `http` event, or `provider.httpApi.cors` for `httpApi` events",
    ),
    (
        "functions.*.events[*].http.request.parameters.*",
        "a request parameter is listed under `paths`, `querystrings` or `headers`",
        "move it under `request.parameters.paths` (a `{name}` in the path), `querystrings` or `headers`: API \
         Gateway does not map or require it otherwise",
    ),
    (
        "functions.*.events[*].http.request.schema",
        "the reference reads `request.schemas`, plural",
        "rename it `schemas` (`request: {schemas: {application/json: <model or schema>}}`): as written, API Gateway \
         does not validate the request",
    ),
];

/// Deepest nesting of intrinsic arguments accepted, as for JSON text.
pub(crate) const MAX_DEPTH: usize = 128;

impl Loader {
    pub fn new() -> Self {
        Loader {
            diagnostics: Diagnostics::new(),
            depth: 0,
            schema_errors: false,
            strict: false,
            runtime_plugins: Vec::new(),
            plugin_keys: &[],
        }
    }

    pub fn finish(self) -> Diagnostics {
        self.diagnostics
    }

    /// How many errors were reported so far.
    pub fn error_count(&self) -> usize {
        self.diagnostics.errors().count()
    }

    /// Reports an error.
    pub fn error(&mut self, code: &'static str, path: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(code, path, message));
    }

    /// Reports what a check made outside the loader found.
    pub fn extend(&mut self, found: Diagnostics) {
        self.diagnostics.extend(found);
    }

    /// Reports an error with a help text.
    pub fn error_help(&mut self, code: &'static str, path: &str, message: impl Into<String>, help: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(code, path, message).with_help(help));
    }

    /// Reports a warning with a help text.
    pub fn warn_help(&mut self, code: &'static str, path: &str, message: impl Into<String>, help: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(code, path, message).with_help(help));
    }

    /// Reports what the reference's schema refuses but the reference then uses all the same: a
    /// warning, or an error under `configValidationMode: error` (the reference's two modes).
    pub fn schema_warning(
        &mut self,
        code: &'static str,
        path: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        match self.schema_errors {
            true => self.error_help(code, path, message, help),
            false => self.warn_help(code, path, message, help),
        }
    }

    /// Reports a note (nothing to fix) with a help text.
    pub fn note_help(&mut self, code: &'static str, path: &str, message: impl Into<String>, help: impl Into<String>) {
        self.diagnostics.push(Diagnostic::note(code, path, message).with_help(help));
    }

    /// Reports `expected <expected>, found <what v is>` as `CONFIG_INVALID_VALUE`.
    pub fn type_error(&mut self, path: &str, expected: &str, found: &Value) {
        self.diagnostics.push(type_error(path, expected, found));
    }

    /// Reports a missing required key.
    pub fn missing(&mut self, path: &str, key: &str, help: &str) {
        let message = if path.is_empty() {
            format!("missing required key `{key}`")
        } else {
            format!("missing required key `{key}` in {path}")
        };
        self.error_help(codes::CONFIG_MISSING_KEY, &join(path, key), message, help);
    }

    /// `v` as an object whose keys are checked against `keys`: unknown keys (with a "did you
    /// mean") and known-but-unsupported keys are reported. `None` (after reporting) when `v` is
    /// not an object.
    ///
    /// The object comes back without the keys it reports (unknown, unsupported, intrinsic), so
    /// that no loader reads them: an unknown key is a warning from a file, as in the reference,
    /// which ignores it, and must not take the object's other settings with it. Only an object
    /// with such a key is copied. (A key written without a value stays: the reference tells
    /// `vpc: null` from no `vpc` in places.)
    pub fn object<'v>(&mut self, v: &'v Value, path: &str, keys: &Keys) -> Option<Cow<'v, Map<String, Value>>> {
        let Some(map) = v.as_object() else {
            self.type_error(path, "an object", v);
            return None;
        };
        if self.check_keys(map, path, keys) {
            return Some(Cow::Borrowed(map));
        }
        let plugin_key = |k: &str| {
            let at = join(path, k);
            self.plugin_keys.iter().flat_map(|(_, keys)| keys.iter()).any(|p| crate::config_path::matches(p, &at))
        };
        let kept = (map.iter()).filter(|(k, _)| keys.knows(k) || plugin_key(k)).map(|(k, v)| (k.clone(), v.clone()));
        Some(Cow::Owned(kept.collect()))
    }

    /// Reports every key of `map` that `keys` does not allow; `true` when there is none.
    pub fn check_keys(&mut self, map: &Map<String, Value>, path: &str, keys: &Keys) -> bool {
        let mut all_known = true;
        for key in map.keys() {
            if keys.knows(key) {
                continue;
            }
            all_known = false;
            let at = join(path, key);
            if keys.unsupported.contains(&key.as_str()) {
                self.unsupported(&at, key);
            } else if is_intrinsic_key(key) {
                self.error_help(
                    codes::CONFIG_INVALID_VALUE,
                    &at,
                    format!("an intrinsic function (`{key}`) is not allowed here"),
                    format!("expected an object with keys: {}", list(keys.allowed)),
                );
            } else {
                self.unknown_key(&at, key, path, keys);
            }
        }
        all_known
    }

    fn unknown_key(&mut self, at: &str, key: &str, parent: &str, keys: &Keys) {
        let place = if parent.is_empty() { "the top level".to_string() } else { parent.to_string() };
        let mut message = format!("unknown key `{key}` in {place}");
        if let Some(moved) = moved(at, message.clone()) {
            self.diagnostics.push(moved);
            return;
        }
        if let Some(s) = did_you_mean(key, keys.allowed.iter().copied()) {
            message.push_str(&format!("; did you mean `{s}`?"));
        } else if let Some(s) = did_you_mean(key, keys.no_effect.iter().copied()) {
            message.push_str(&format!("; did you mean `{s}`?"));
        } else if let Some(s) = did_you_mean(key, keys.unsupported.iter().copied()) {
            message.push_str(&format!("; did you mean `{s}` (not supported by stackwright yet)?"));
        }
        let mut help = if keys.allowed.is_empty() {
            "this object accepts no keys".to_string()
        } else {
            format!("allowed keys: {}", list(keys.allowed))
        };
        if !keys.no_effect.is_empty() {
            help.push_str(&format!("; also accepted, without effect on the template: {}", list(keys.no_effect)));
        }
        self.error_help(codes::CONFIG_UNKNOWN_KEY, at, message, help);
    }

    /// Reports every key of `required` (key, help) that `map` lacks; whether none is missing.
    pub fn require(&mut self, map: &Map<String, Value>, path: &str, required: &[(&str, &str)]) -> bool {
        let mut ok = true;
        for (key, help) in required {
            // Written without a value (`priority:`) is missing too, as for the reference.
            if get(map, key).is_none() {
                self.missing(path, key, help);
                ok = false;
            }
        }
        ok
    }

    /// Reports a known key that stackwright does not support yet.
    pub fn unsupported(&mut self, path: &str, key: &str) {
        let help = match key {
            "mode" => {
                "per-function IAM roles: the reference's role shape for them is not documented, so stackwright \
                 cannot promise its output; use `provider.iam.role.statements`, or give functions an existing \
                 role with `role:`"
            }
            "iam" | "iamRoleStatements" | "iamRoleStatementsName" | "iamRoleStatementsInherit" => {
                "the reference's own per-function roles (`functions.<name>.iam`) are not reproduced; use \
                 `iamRoleStatements` with the plugin serverless-iam-roles-per-function in `plugins`, move the \
                 statements to `provider.iam.role.statements`, or give the function an existing role with `role:`"
            }
            "build" => {
                "stackwright does not bundle code; build the zip yourself (esbuild, cargo lambda, ...) and set \
                 `package.artifact`, or let stackwright zip the files `package.patterns` selects; top-level \
                 `build` is accepted (with a warning unless `esbuild: false`)"
            }
            "path" => "set `package.artifact` to the zip to deploy, or use `package.patterns`",
            "ecr" => "build and push the image yourself and give functions `image: <uri>@sha256:<digest>`",
            "enableLegacyDeploymentBucket" => {
                "remove it: stackwright writes the in-stack `ServerlessDeploymentBucket` unless \
                 `provider.deploymentBucket` names a bucket"
            }
            "ephemeralStorageSize" => "set `functions.<name>.ephemeralStorageSize` on each function",
            "tenancy" | "durableConfig" | "timezone" => {
                "remove it; set the matching property of `AWS::Lambda::Function` by overriding the function's \
                 resource in `resources.Resources`"
            }
            "recursiveLoop" => {
                "set `RecursiveLoop` by overriding the function's resource (`<Fn>LambdaFunction`) in \
                 `resources.Resources`"
            }
            "domain" | "domains" => {
                "the reference creates custom domains through the API at deploy time, outside the template; \
                 declare `AWS::ApiGateway::DomainName` (or `AWS::ApiGatewayV2::DomainName`) and its mapping in \
                 `resources`"
            }
            "awsKmsKeyArn" => "use `kmsKeyArn`, its current name",
            "codeStorageMode" => {
                "remove it (Lambda then copies the code, the default), or set `Code.S3ObjectStorageMode` by \
                 overriding the function's resource (`<Fn>LambdaFunction`) in `resources.Resources`"
            }
            "skipVersion" => "use `versionFunction: false`",
            "ai" => {
                "it declares Bedrock AgentCore agents (runtimes, gateways, tools, memory), whose resources Serverless \
                 Framework v4 writes into the template and stackwright does not: declare the \
                 `AWS::BedrockAgentCore::*` resources in `resources`, or deploy the agents with the framework"
            }
            "alarms" => {
                "add `serverless-plugin-aws-alerts` to `plugins` (stackwright reproduces its alarms), or declare \
                 the alarms (`AWS::CloudWatch::Alarm`) in `resources`"
            }
            "concurrencyAutoscaling" => {
                "declare the scaling target and policy (`AWS::ApplicationAutoScaling::*`) in `resources`"
            }
            _ => "remove it, or open an issue if you need it",
        };
        self.error_help(
            codes::CONFIG_UNSUPPORTED_KEY,
            path,
            format!("`{key}` is not supported by stackwright yet"),
            help,
        );
    }

    /// A string; numbers and booleans are converted as the reference's ajv coercion does.
    pub fn string(&mut self, v: &Value, path: &str) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(js_number(n)),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.type_error(path, "a string", v);
                None
            }
        }
    }

    /// A boolean; the strings `"true"`/`"false"` are coerced as ajv does.
    pub fn boolean(&mut self, v: &Value, path: &str) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s == "true" => Some(true),
            Value::String(s) if s == "false" => Some(false),
            _ => {
                self.type_error(path, "a boolean (true or false)", v);
                None
            }
        }
    }

    /// A non-negative integer that fits `u32`; numeric strings (`"4096"`) are coerced as ajv does.
    pub fn integer(&mut self, v: &Value, path: &str) -> Option<u32> {
        match v {
            Value::String(s) => match numeric_string(s) {
                Some(f) => self.integer_from_f64(f, v, path),
                None => {
                    self.type_error(path, "an integer", v);
                    None
                }
            },
            _ => self.strict_integer(v, path),
        }
    }

    /// A non-negative integer that fits `u32`, without string coercion.
    pub fn strict_integer(&mut self, v: &Value, path: &str) -> Option<u32> {
        let Value::Number(n) = v else {
            self.type_error(path, "an integer", v);
            return None;
        };
        if let Some(u) = n.as_u64() {
            return match u32::try_from(u) {
                Ok(u) => Some(u),
                Err(_) => {
                    self.error(codes::CONFIG_INVALID_VALUE, path, format!("{u} is too large (maximum {})", u32::MAX));
                    None
                }
            };
        }
        match n.as_f64() {
            Some(f) => self.integer_from_f64(f, v, path),
            None => {
                self.type_error(path, "an integer", v);
                None
            }
        }
    }

    fn integer_from_f64(&mut self, f: f64, v: &Value, path: &str) -> Option<u32> {
        if f.fract() != 0.0 {
            self.type_error(path, "an integer", v);
            None
        } else if f < 0.0 {
            self.type_error(path, "a non-negative integer", v);
            None
        } else if f > f64::from(u32::MAX) {
            self.error(
                codes::CONFIG_INVALID_VALUE,
                path,
                format!("{} is too large (maximum {})", js_string(v), u32::MAX),
            );
            None
        } else {
            // In range and integral: the cast is exact.
            Some(f as u32)
        }
    }

    /// A finite number; numeric strings (`"70"`) are coerced as ajv does.
    pub fn number(&mut self, v: &Value, path: &str) -> Option<f64> {
        let n = as_number(v);
        if n.is_none() {
            self.type_error(path, "a number", v);
        }
        n
    }

    /// A string, or a list of strings (a single string is a one-item list, as ajv coerces it).
    pub fn string_list(&mut self, v: &Value, path: &str) -> Option<Vec<String>> {
        match v {
            Value::String(s) => Some(vec![s.clone()]),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        _ => {
                            self.type_error(&index(path, i), "a string", item);
                            ok = false;
                        }
                    }
                }
                ok.then_some(out)
            }
            _ => {
                self.type_error(path, "a list of strings", v);
                None
            }
        }
    }
}

pub(crate) use crate::config_path::{index, join};

/// The value of `key` unless it is absent or `null` (the reference treats both alike).
pub(crate) fn get<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    find(map, key).filter(|v| !v.is_null())
}

/// The value of `key`, `null` included.
pub(crate) fn find<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    // Each object is asked for every key it may have, most of which it does not: in the small
    // objects of a config, comparing the few keys it has is cheaper than hashing the one asked for.
    if map.len() <= 8 { map.iter().find(|(k, _)| *k == key).map(|(_, v)| v) } else { map.get(key) }
}

/// `` `a`, `b`, `c` ``.
pub(crate) fn list(items: &[&str]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

/// What a value is, for "found ..." messages: `a string ("abc")`, `a number (3)`, `an object`.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("a boolean ({b})"),
        Value::Number(n) => format!("a number ({})", js_number(n)),
        Value::String(s) => {
            let shown: String = s.chars().take(60).collect();
            let ellipsis = if shown.len() < s.len() { "…" } else { "" };
            format!("a string ({shown:?}{ellipsis})")
        }
        Value::Array(a) if a.is_empty() => "an empty array".to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::Object(m) if m.is_empty() => "an empty object".to_string(),
        Value::Object(m) => {
            let keys: Vec<&str> = m.keys().take(5).map(String::as_str).collect();
            let more = if m.len() > 5 { ", …" } else { "" };
            format!("an object with keys {}{more}", list(&keys))
        }
    }
}

/// A number, or a string ajv coerces to one ([`numeric_string`]); `None` for anything else.
pub(crate) fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => numeric_string(s),
        _ => None,
    }
}

/// A string as JavaScript's ajv coerces it to a number: trimmed, non-empty, finite; `0x`, `0o`
/// and `0b` integers too (`Number("0x400")` is 1024).
pub(crate) fn numeric_string(s: &str) -> Option<f64> {
    let t = s.trim();
    for (prefix, radix) in [("0x", 16), ("0X", 16), ("0o", 8), ("0O", 8), ("0b", 2), ("0B", 2)] {
        if let Some(digits) = t.strip_prefix(prefix) {
            return u64::from_str_radix(digits, radix).ok().map(|n| n as f64);
        }
    }
    if t.is_empty() || t.chars().any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E') {
        return None;
    }
    t.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// A number as JavaScript prints it (`3`, `2.5`, `1e+21`).
pub(crate) fn js_number(n: &Number) -> String {
    if n.is_u64() || n.is_i64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    let abs = f.abs();
    if f == 0.0 {
        "0".to_string()
    } else if !(1e-6..1e21).contains(&abs) {
        let s = format!("{f:e}");
        match s.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
            _ => s,
        }
    } else {
        // Display is the shortest round-trip form and never uses an exponent: `2.5`, `4`.
        format!("{f}")
    }
}

/// A value as JavaScript string interpolation prints it (`3`, `4` for `"4"`, `2.5`, `true`).
pub(crate) fn js_string(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => js_number(n),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            items.iter().map(|i| if i.is_null() { String::new() } else { js_string(i) }).collect::<Vec<_>>().join(",")
        }
        Value::Object(_) => "[object Object]".to_string(),
    }
}

/// `Ref` or `Fn::…`: a key that makes an object an intrinsic function.
pub(crate) fn is_intrinsic_key(key: &str) -> bool {
    key == "Ref" || key.starts_with("Fn::")
}

/// Whether at least one key of `map` is an intrinsic key.
pub(crate) fn has_intrinsic_key(map: &Map<String, Value>) -> bool {
    map.keys().any(|k| is_intrinsic_key(k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn js_formatting() {
        assert_eq!(js_string(&json!(3)), "3");
        assert_eq!(js_string(&json!(2.5)), "2.5");
        assert_eq!(js_string(&json!(4.0)), "4");
        assert_eq!(js_string(&json!("4")), "4");
        assert_eq!(js_string(&json!(-0.5)), "-0.5");
        assert_eq!(js_string(&json!(1e21)), "1e+21");
        assert_eq!(js_string(&json!(1e-7)), "1e-7");
        assert_eq!(js_string(&json!([1, "a"])), "1,a");
        assert_eq!(js_string(&json!({"a": 1})), "[object Object]");
    }

    #[test]
    fn integer_coercion() {
        let mut l = Loader::new();
        assert_eq!(l.integer(&json!("4096"), "m"), Some(4096));
        assert_eq!(l.integer(&json!(" 12 "), "m"), Some(12));
        assert_eq!(l.integer(&json!(4096.0), "m"), Some(4096));
        assert_eq!(l.integer(&json!("abc"), "m"), None);
        assert_eq!(l.integer(&json!(-1), "m"), None);
        assert_eq!(l.integer(&json!(1.5), "m"), None);
        assert_eq!(l.integer(&json!("Infinity"), "m"), None);
        assert_eq!(l.integer(&json!(""), "m"), None);
        assert_eq!(l.integer(&json!(5_000_000_000u64), "m"), None);
        assert_eq!(l.strict_integer(&json!("8"), "m"), None);
        let d = l.finish();
        assert_eq!(d.len(), 7);
        assert!(d.iter().any(|d| d.message == "expected an integer, found a string (\"abc\")"));
        assert!(d.iter().any(|d| d.message == "expected a non-negative integer, found a number (-1)"));
    }

    #[test]
    fn number_and_bool_coercion() {
        let mut l = Loader::new();
        assert_eq!(l.number(&json!("70"), "t"), Some(70.0));
        assert_eq!(l.number(&json!(70.5), "t"), Some(70.5));
        assert_eq!(l.number(&json!("NaN"), "t"), None);
        assert_eq!(l.boolean(&json!("true"), "b"), Some(true));
        assert_eq!(l.boolean(&json!(1), "b"), None);
        assert_eq!(l.finish().len(), 2);
    }
}
