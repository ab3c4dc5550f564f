//! serverless-plugin-warmup (npm 8.4.1: `src/config.js`, `src/warmer.js`, `src/index.js`): a
//! warmer function per warmer of `custom.warmup` that invokes the functions it warms on a
//! schedule.
//!
//! At `after:package:initialize` the plugin adds, for each warmer that warms at least one
//! function, the function `warmUpPlugin<Name>` after the service's own (Node.js 24, its handler
//! `<folderName>/index.warmUp`, a `rate(5 minutes)` schedule, packaged alone from its folder)
//! and, unless the warmer names a `role`, the role `WarmUpPlugin<Name>Role` after the service's
//! own resources. [`expand`] makes the same changes to the config tree before it is loaded; the
//! handler file the plugin writes into the service directory is a [`Warmer`] setting, which
//! `stackwright package` zips from memory (stackwright's own JavaScript, doing what the
//! plugin's does). Functions warm only where `enabled` says so (default: nowhere).
//!
//! Decided: `tracing: true` is an error (the plugin runs `npm install` for the X-Ray SDK, which
//! stackwright does not run); `prewarm` is a deploy-time warning (it invoked the warmer after
//! each deploy).
//!
//! ```
//! use stackwright_core::plugins::warmup::handler_source;
//! let js = handler_source("default", "eu-west-1", &serde_json::json!([]), true);
//! assert!(js.contains("export const warmUp"));
//! ```

use serde_json::{Map, Value, json};

use super::Origins;
use crate::codes;
use crate::config_path::join;
use crate::reader::{Loader, find};

/// The plugin's name in `plugins`.
pub const WARMUP: &str = "serverless-plugin-warmup";
/// Its settings' key under `custom` (and a function's own key).
pub const CUSTOM: &str = "warmup";

/// A warmer function the plugin adds, with the handler file the plugin writes for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warmer {
    /// Its key in `functions` (`warmUpPlugin<Name>`).
    pub function: String,
    /// The handler file's path in the service directory (`.warmup/<name>/index.mjs`).
    pub file: String,
    /// The handler file's JavaScript.
    pub source: String,
    /// Without its own `environment`, the plugin sets each of the provider's variables to
    /// `undefined` on the warmer: the function's `Environment` is there, without them.
    pub clears_provider_environment: bool,
}

/// `obj[key]` in JavaScript: `None` for undefined (a missing key, or a non-object `obj`).
fn prop<'v>(obj: &'v Value, key: &str) -> Option<&'v Value> {
    obj.as_object().and_then(|m| find(m, key))
}

/// Per-function settings (`enabled`, `alias`, `clientContext`, `payload`, `concurrency`), with
/// `None` for JavaScript's `undefined`, in the plugin's key order.
type FunctionConfig = Vec<(&'static str, Option<Value>)>;

/// The plugin's `getFunctionConfig(config, defaults)`.
fn function_config(config: &Value, defaults: &[(&str, Option<Value>)]) -> FunctionConfig {
    let default = |key: &str| defaults.iter().find(|(k, _)| *k == key).and_then(|(_, v)| v.clone());
    let either = |key: &'static str| (key, prop(config, key).cloned().or_else(|| default(key)));
    let client_context = match prop(config, "clientContext") {
        // `config.clientContext && JSON.crate::json::to_compact_string(config.clientContext)`
        Some(c) if crate::json::truthy(Some(c)) => Some(Value::String(crate::json::to_compact_string(c))),
        Some(c) => Some(c.clone()),
        None => default("clientContext"),
    };
    let payload = match prop(config, "payload") {
        Some(p) if crate::json::truthy(prop(config, "payloadRaw")) => Some(p.clone()),
        Some(p) => Some(Value::String(crate::json::to_compact_string(p))),
        None => default("payload"),
    };
    vec![
        either("enabled"),
        either("alias"),
        ("clientContext", client_context),
        ("payload", payload),
        either("concurrency"),
    ]
}

/// The plugin's `isEnabled` for `stage`.
fn enabled(config: &[(&str, Option<Value>)], stage: &str) -> bool {
    match config.iter().find(|(k, _)| *k == "enabled").and_then(|(_, v)| v.as_ref()) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true" || s == stage,
        Some(Value::Array(items)) => items.iter().any(|i| i.as_str() == Some(stage)),
        _ => false,
    }
}

/// `path.join(folder, file)` for the relative folders a warmer is written to.
fn path_join(folder: &str, file: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in folder.split('/').chain(file.split('/')) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Adds the warmers of `custom.warmup` to `root` as the plugin does (see the module's docs);
/// returns them, with their handler files.
pub(crate) fn expand(l: &mut Loader, root: &mut Map<String, Value>, origins: &mut Origins) -> Vec<Warmer> {
    let Some(warmers) = root.get("custom").and_then(|c| c.get(CUSTOM)).cloned() else { return Vec::new() };
    let at = join("custom", CUSTOM);
    let Value::Object(warmers) = warmers else {
        if !warmers.is_null() {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &at,
                format!("expected an object (warmer name → its settings), found {}", crate::reader::describe(&warmers)),
                "name each warmer, e.g. `warmup: {default: {enabled: true}}`",
            );
        }
        return Vec::new();
    };
    let (service, stage) = super::service_and_stage(root);
    let (service, stage) = (service.to_string(), stage.to_string());
    let region = super::region(root).to_string();
    let provider_env: Vec<String> = root
        .get("provider")
        .and_then(|p| p.get("environment"))
        .and_then(Value::as_object)
        .map(|e| e.keys().cloned().collect())
        .unwrap_or_default();
    let function_defaults: Vec<(&str, Option<Value>)> = vec![
        ("enabled", Some(json!(false))),
        ("payload", Some(json!(crate::json::to_compact_string(&json!({"source": "serverless-plugin-warmup"}))))),
        ("concurrency", Some(json!(1))),
    ];
    let settings: Vec<(String, Value, FunctionConfig)> = warmers
        .iter()
        .map(|(name, config)| (name.clone(), config.clone(), function_config(config, &function_defaults)))
        .collect();
    for (name, config) in &warmers {
        let at = join(&at, name);
        if config.is_null() {
            // The plugin reads `config.folderName` and fails on `null`.
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &at,
                format!("warmer \"{name}\" has no settings (null)"),
                format!("give it settings, e.g. `{name}: {{enabled: true}}`, or remove it"),
            );
        }
        if crate::json::truthy(prop(config, "tracing")) {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &join(&at, "tracing"),
                format!(
                    "warmer \"{name}\" asks for X-Ray tracing, for which the plugin installs the X-Ray SDK with npm"
                ),
                "stackwright runs no npm: remove `tracing` (or set it to false), or declare the warmer as a function \
                 of your own with a `schedule` event",
            );
        }
        if crate::json::truthy(prop(config, "prewarm")) {
            l.warn_help(
                codes::PLUGIN_DEPLOY_TIME,
                &join(&at, "prewarm"),
                format!("serverless-plugin-warmup invokes warmer \"{name}\" after each deploy; `stackwright deploy` does not"),
                "after deploying, run `aws lambda invoke --function-name <the warmer's name> /dev/null`",
            );
        }
    }

    // `getFunctionsByWarmer`: every function (Lift's workers included), in order, with its own
    // settings over the warmer's.
    let mut warmed: Vec<Vec<Value>> = vec![Vec::new(); settings.len()];
    for (key, function) in root.get("functions").and_then(Value::as_object).into_iter().flatten() {
        let fn_at = join(&join("functions", key), CUSTOM);
        let name = match function.get("name").and_then(Value::as_str) {
            Some(n) => n.to_string(),
            None => format!("{service}-{stage}-{key}"),
        };
        let mut own = function.get(CUSTOM).filter(|v| !v.is_null());
        if let Some(Value::Bool(b)) = own {
            // The plugin's form before 5.0. 8.x reads `warmup[warmer]`, which a boolean has not:
            // it is a schema warning there, and the function is warmed as the warmers say.
            l.warn_help(
                codes::CONFIG_INVALID_VALUE,
                &fn_at,
                format!(
                    "`warmup: {b}` is serverless-plugin-warmup's form before 5.0; 8.x ignores it, and function \
                     \"{key}\" is warmed as `custom.warmup` says"
                ),
                format!("to set it for this function, name the warmer: `warmup: {{default: {{enabled: {b}}}}}`"),
            );
            own = None;
        }
        if let Some(own) = own {
            let Some(own) = own.as_object() else {
                l.error_help(
                    codes::CONFIG_INVALID_VALUE,
                    &fn_at,
                    format!(
                        "expected an object (warmer name → the function's settings for it), found {}",
                        crate::reader::describe(own)
                    ),
                    "name the warmer, e.g. `warmup: {default: {enabled: true}}`",
                );
                continue;
            };
            for unknown in own.keys().filter(|k| !warmers.contains_key(*k)) {
                l.error_help(
                    codes::CONFIG_INVALID_VALUE,
                    &join(&fn_at, unknown),
                    format!("function \"{key}\" names warmer \"{unknown}\", which `custom.warmup` does not declare"),
                    format!(
                        "declare it under `custom.warmup.{unknown}`, or use one of: {}",
                        crate::reader::list(&warmers.keys().map(String::as_str).collect::<Vec<_>>())
                    ),
                );
            }
        }
        for (i, (warmer, _, warmer_settings)) in settings.iter().enumerate() {
            let config = own.and_then(|o| o.get(warmer)).filter(|c| crate::json::truthy(Some(c)));
            let config = function_config(config.unwrap_or(&Value::Null), warmer_settings);
            if enabled(&config, &stage) {
                let config: Map<String, Value> =
                    config.into_iter().filter_map(|(k, v)| v.map(|v| (k.to_string(), v))).collect();
                warmed[i].push(json!({"name": name, "config": config}));
            }
        }
    }

    let mut out = Vec::new();
    let mut functions = Vec::new();
    let mut roles = Vec::new();
    for ((warmer, config, _), warmed) in settings.into_iter().zip(warmed) {
        if warmed.is_empty() {
            continue;
        }
        let at = join(&at, &warmer);
        let key = format!("warmUpPlugin{}", crate::naming::upper_first(&warmer));
        let text = |k: &str| prop(&config, k).and_then(Value::as_str).map(str::to_string);
        let defined = |k: &str| prop(&config, k).cloned();
        let folder = text("folderName").unwrap_or_else(|| format!(".warmup/{warmer}"));
        let name = defined("name").unwrap_or_else(|| json!(format!("{service}-{stage}-warmup-plugin-{warmer}")));
        let folder_glob = path_join(&folder, "**");
        let mut patterns = vec![json!("!**")];
        let individually = match prop(&config, "package").filter(|p| p.is_object()) {
            Some(package) => {
                match prop(package, "patterns").and_then(Value::as_array) {
                    Some(own) => {
                        patterns.extend(own.iter().cloned());
                        if !own.iter().any(|p| p.as_str() == Some(folder_glob.as_str())) {
                            patterns.push(json!(folder_glob));
                        }
                    }
                    None => patterns.push(json!(folder_glob)),
                }
                prop(package, "individually").cloned().unwrap_or(json!(true))
            }
            None => {
                patterns.push(json!(folder_glob));
                json!(true)
            }
        };
        let events = match prop(&config, "events") {
            Some(Value::Array(events)) => Value::Array(events.clone()),
            _ => json!([{"schedule": "rate(5 minutes)"}]),
        };
        let given_role = defined("role");
        let role_id = format!("WarmUpPlugin{}Role", crate::naming::upper_first(&warmer));
        let role = given_role.clone().unwrap_or_else(|| json!(role_id));
        let (environment, clears) = match defined("environment") {
            Some(env) => (Some(env), false),
            None => (None, !provider_env.is_empty()),
        };

        let mut f = Map::new();
        f.insert("description".into(), json!(format!("Serverless WarmUp Plugin (warmer \"{warmer}\")")));
        f.insert("events".into(), events);
        f.insert("handler".into(), json!(path_join(&folder, "index.warmUp")));
        f.insert("memorySize".into(), defined("memorySize").unwrap_or(json!(128)));
        f.insert("name".into(), name.clone());
        if let Some(a) = defined("architecture").filter(|a| crate::json::truthy(Some(a))) {
            f.insert("architecture".into(), a);
        }
        f.insert("runtime".into(), json!("nodejs24.x"));
        f.insert("package".into(), json!({"individually": individually, "patterns": patterns}));
        f.insert("timeout".into(), defined("timeout").unwrap_or(json!(10)));
        if let Some(env) = environment.filter(|e| e.as_object().is_none_or(|m| !m.is_empty())) {
            f.insert("environment".into(), env);
        } else if clears {
            f.insert("environment".into(), json!({}));
        }
        if let Some(t) = defined("tracing") {
            f.insert("tracing".into(), t);
        }
        if let Some(days) = defined("logRetentionInDays") {
            f.insert("logRetentionInDays".into(), days);
        }
        if crate::json::truthy(Some(&role)) {
            f.insert("role".into(), role.clone());
        }
        if let Some(tags) = defined("tags").filter(|t| crate::json::truthy(Some(t))) {
            f.insert("tags".into(), tags);
        }
        match defined("vpc") {
            Some(Value::Bool(false)) => {
                f.insert("vpc".into(), json!({"securityGroupIds": [], "subnetIds": []}));
            }
            Some(vpc) if crate::json::truthy(Some(&vpc)) => {
                f.insert("vpc".into(), vpc);
            }
            _ => {}
        }
        f.insert("layers".into(), json!([]));
        origins.push((join("functions", &key), at.clone(), false));

        if given_role.is_none() {
            let lower = warmer.to_lowercase();
            let role_name = match defined("roleName").filter(|r| crate::json::truthy(Some(r))) {
                Some(r) => r,
                None => json!({"Fn::Join": ["-", [&service, &stage, {"Ref": "AWS::Region"}, &lower, "role"]]}),
            };
            let name_text = crate::reader::js_string(&name);
            let sub = |suffix: &str| {
                json!([{"Fn::Sub": format!(
                    "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/lambda/{name_text}{suffix}"
                )}])
            };
            let invoked: Vec<Value> = warmed
                .iter()
                .map(|w| {
                    let fn_name = crate::reader::js_string(&w["name"]);
                    json!({"Fn::Sub": format!(
                        "arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{fn_name}*"
                    )})
                })
                .collect();
            let resource = json!({
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "Path": "/",
                    "RoleName": role_name,
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Effect": "Allow",
                            "Principal": {"Service": ["lambda.amazonaws.com"]},
                            "Action": "sts:AssumeRole",
                        }],
                    },
                    "Policies": [{
                        "PolicyName": {"Fn::Join": ["-", [&service, &stage, "warmer", &lower, "policy"]]},
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [
                                {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream"], "Resource": sub(":*")},
                                {"Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": sub(":*:*")},
                                {"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": invoked},
                                {
                                    "Effect": "Allow",
                                    "Action": [
                                        "ec2:CreateNetworkInterface",
                                        "ec2:DescribeNetworkInterfaces",
                                        "ec2:DetachNetworkInterface",
                                        "ec2:DeleteNetworkInterface",
                                    ],
                                    "Resource": "*",
                                },
                            ],
                        },
                    }],
                },
            });
            origins.push((join("resources.Resources", &role_id), at.clone(), false));
            roles.push((role_id, resource));
        }
        let verbose = prop(&config, "verbose").is_none_or(|v| crate::json::truthy(Some(v)));
        out.push(Warmer {
            function: key.clone(),
            file: path_join(&folder, "index.mjs"),
            source: handler_source(&warmer, &region, &Value::Array(warmed), verbose),
            clears_provider_environment: clears,
        });
        functions.push((key, Value::Object(f)));
    }
    if !functions.is_empty() {
        if let Value::Object(all) = root.entry("functions").or_insert_with(|| Value::Object(Map::new())) {
            all.extend(functions);
        }
    }
    if !roles.is_empty() {
        let mut template = Map::new();
        template.insert("Resources".to_string(), Value::Object(roles.into_iter().collect()));
        super::add_resources(root, template);
    }
    out
}

/// The warmer's handler (`index.mjs`): invokes each function of `functions` (the plugin's list:
/// `{name, config: {alias, clientContext, payload, concurrency}}`) as many times at once as its
/// concurrency says (or `WARMUP_CONCURRENCY[_<NAME>]` in the warmer's environment), with the
/// payload as client context unless one is given, as the plugin's handler does. stackwright's
/// own code; it needs only the AWS SDK that the Node.js runtime carries.
pub fn handler_source(warmer: &str, region: &str, functions: &Value, verbose: bool) -> String {
    let mut list = String::new();
    crate::json::write_value(&mut list, functions, Some(0));
    let mut region_literal = String::new();
    crate::json::write_string(&mut region_literal, region);
    let mut warmer_literal = String::new();
    crate::json::write_string(&mut warmer_literal, warmer);
    format!(
        r#"// The warmer {warmer_literal} of serverless-plugin-warmup, written by stackwright.
import {{ LambdaClient, InvokeCommand }} from '@aws-sdk/client-lambda';

const client = new LambdaClient({{ region: {region_literal}, requestHandler: {{ connectionTimeout: 1000 }} }});
const functions = {list};
const verbose = {verbose};

const log = (message) => {{
  if (verbose) console.log(message);
}};

// A function's own WARMUP_CONCURRENCY_<NAME>, else WARMUP_CONCURRENCY, else its setting.
const concurrency = (fn) => {{
  const own = process.env[`WARMUP_CONCURRENCY_${{fn.name.toUpperCase().replace(/-/g, '_')}}`];
  return parseInt(own || process.env.WARMUP_CONCURRENCY || fn.config.concurrency, 10);
}};

export const warmUp = async () => {{
  log('Warm Up Start');
  const results = await Promise.all(functions.map(async (fn) => {{
    const context = fn.config.clientContext !== undefined ? fn.config.clientContext : fn.config.payload;
    const command = new InvokeCommand({{
      ClientContext: context ? Buffer.from(`{{"custom":${{context}}}}`).toString('base64') : undefined,
      FunctionName: fn.name,
      InvocationType: 'RequestResponse',
      LogType: 'None',
      Qualifier: fn.config.alias || process.env.SERVERLESS_ALIAS,
      Payload: fn.config.payload,
    }});
    try {{
      await Promise.all(Array.from({{ length: concurrency(fn) }}, () => client.send(command)));
      log(`Warm Up Invoke Success: ${{fn.name}}`);
      return true;
    }} catch (e) {{
      console.error(`Warm Up Invoke Error: ${{fn.name}}`, e);
      return false;
    }}
  }}));
  log(`Warm Up Finished with ${{results.filter((ok) => !ok).length}} invoke errors`);
}};
"#
    )
}

/// Whether the function `key` is a warmer that leaves out the provider's variables.
pub fn clears_provider_environment(warmers: &[Warmer], key: &str) -> bool {
    warmers.iter().any(|w| w.function == key && w.clears_provider_environment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_join_normalizes_like_node() {
        assert_eq!(path_join(".warmup/default", "index.warmUp"), ".warmup/default/index.warmUp");
        assert_eq!(path_join("./_warm/", "**"), "_warm/**");
        assert_eq!(path_join("a/../b", "index.mjs"), "b/index.mjs");
    }
}
