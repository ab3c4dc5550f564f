//! serverless-plugin-lambda-insights 2.0.0 (`index.js`, `layerVersions.json`,
//! `layerVersionsArm64.json`): CloudWatch Lambda Insights for the functions that ask for it. At
//! `before:package:setupProviderConfiguration` (after Lift's workers and the warmers exist), the
//! plugin appends the region's LambdaInsightsExtension layer to each such function's `layers`
//! (creating the list when the function has none) and, unless `attachPolicy: false`, appends
//! `CloudWatchLambdaInsightsExecutionRolePolicy` to `provider.iamManagedPolicies`; the framework
//! then compiles both as the user's own.
//!
//! ```yaml
//! plugins:
//!   - serverless-plugin-lambda-insights
//! custom:
//!   lambdaInsights:
//!     defaultLambdaInsights: true   # every function, unless its own `lambdaInsights: false`
//!     attachPolicy: true            # the default
//!     lambdaInsightsVersion: 38     # else the version the plugin lists for the region
//! functions:
//!   api:
//!     handler: handler.api
//!     lambdaInsights: true
//! ```
//!
//! What the plugin does quietly and a user would not expect is a warning here: a function without
//! `layers` of its own loses `provider.layers` (its new list replaces them), and the policy has no
//! effect when `provider.iam.role.managedPolicies` (which the framework prefers to the legacy list)
//! or a role of the user's is in place.

use serde_json::{Map, Value};

use crate::codes;
use crate::reader::{Loader, join};

/// The plugin's npm name.
pub(crate) const LAMBDA_INSIGHTS: &str = "serverless-plugin-lambda-insights";
/// Its settings under `custom`.
pub const CUSTOM: &str = "lambdaInsights";

/// The managed policy the plugin attaches.
const POLICY: &str = "arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy";
/// The account that publishes the extension in the regions where a version can be named.
const PUBLISHER: &str = "580247275435";

/// The plugin's `layerVersions.json`: the extension's layer for x86_64 by region.
const X86_64: &[(&str, &str)] = &[
    ("us-east-1", "arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:35"),
    ("us-east-2", "arn:aws:lambda:us-east-2:580247275435:layer:LambdaInsightsExtension:33"),
    ("us-west-1", "arn:aws:lambda:us-west-1:580247275435:layer:LambdaInsightsExtension:33"),
    ("us-west-2", "arn:aws:lambda:us-west-2:580247275435:layer:LambdaInsightsExtension:33"),
    ("af-south-1", "arn:aws:lambda:af-south-1:012438385374:layer:LambdaInsightsExtension:25"),
    ("ap-east-1", "arn:aws:lambda:ap-east-1:519774774795:layer:LambdaInsightsExtension:25"),
    ("ap-south-2", "arn:aws:lambda:ap-south-2:891564319516:layer:LambdaInsightsExtension:8"),
    ("ap-southeast-3", "arn:aws:lambda:ap-southeast-3:439286490199:layer:LambdaInsightsExtension:11"),
    ("ap-south-1", "arn:aws:lambda:ap-south-1:580247275435:layer:LambdaInsightsExtension:31"),
    ("ap-northeast-3", "arn:aws:lambda:ap-northeast-3:194566237122:layer:LambdaInsightsExtension:2"),
    ("ap-northeast-2", "arn:aws:lambda:ap-northeast-2:580247275435:layer:LambdaInsightsExtension:32"),
    ("ap-southeast-1", "arn:aws:lambda:ap-southeast-1:580247275435:layer:LambdaInsightsExtension:33"),
    ("ap-southeast-2", "arn:aws:lambda:ap-southeast-2:580247275435:layer:LambdaInsightsExtension:33"),
    ("ap-northeast-1", "arn:aws:lambda:ap-northeast-1:580247275435:layer:LambdaInsightsExtension:50"),
    ("ca-central-1", "arn:aws:lambda:ca-central-1:580247275435:layer:LambdaInsightsExtension:32"),
    ("cn-north-1", "arn:aws-cn:lambda:cn-north-1:488211338238:layer:LambdaInsightsExtension:26"),
    ("cn-northwest-1", "arn:aws-cn:lambda:cn-northwest-1:488211338238:layer:LambdaInsightsExtension:26"),
    ("eu-central-1", "arn:aws:lambda:eu-central-1:580247275435:layer:LambdaInsightsExtension:35"),
    ("eu-west-1", "arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:33"),
    ("eu-west-2", "arn:aws:lambda:eu-west-2:580247275435:layer:LambdaInsightsExtension:33"),
    ("eu-south-1", "arn:aws:lambda:eu-south-1:339249233099:layer:LambdaInsightsExtension:25"),
    ("eu-west-3", "arn:aws:lambda:eu-west-3:580247275435:layer:LambdaInsightsExtension:32"),
    ("eu-south-2", "arn:aws:lambda:eu-south-2:352183217350:layer:LambdaInsightsExtension:10"),
    ("eu-north-1", "arn:aws:lambda:eu-north-1:580247275435:layer:LambdaInsightsExtension:30"),
    ("eu-central-2", "arn:aws:lambda:eu-central-2:033019950311:layer:LambdaInsightsExtension:7"),
    ("me-south-1", "arn:aws:lambda:me-south-1:285320876703:layer:LambdaInsightsExtension:25"),
    ("me-central-1", "arn:aws:lambda:me-central-1:732604637566:layer:LambdaInsightsExtension:9"),
    ("sa-east-1", "arn:aws:lambda:sa-east-1:580247275435:layer:LambdaInsightsExtension:32"),
];

/// The plugin's `layerVersionsArm64.json`: the extension's layer for arm64 by region.
const ARM64: &[(&str, &str)] = &[
    ("us-east-1", "arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension-Arm64:2"),
    ("us-east-2", "arn:aws:lambda:us-east-2:580247275435:layer:LambdaInsightsExtension-Arm64:2"),
    ("us-west-2", "arn:aws:lambda:us-west-2:580247275435:layer:LambdaInsightsExtension-Arm64:2"),
    ("ap-south-1", "arn:aws:lambda:ap-south-1:580247275435:layer:LambdaInsightsExtension-Arm64:2"),
    ("ap-southeast-1", "arn:aws:lambda:ap-southeast-1:580247275435:layer:LambdaInsightsExtension-Arm64:2"),
    ("ap-southeast-2", "arn:aws:lambda:ap-southeast-2:580247275435:layer:LambdaInsightsExtension-Arm64:2"),
    ("ap-northeast-1", "arn:aws:lambda:ap-northeast-1:580247275435:layer:LambdaInsightsExtension-Arm64:2"),
    ("eu-central-1", "arn:aws:lambda:eu-central-1:580247275435:layer:LambdaInsightsExtension-Arm64:2"),
    ("eu-west-1", "arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension-Arm64:2"),
    ("eu-west-2", "arn:aws:lambda:eu-west-2:580247275435:layer:LambdaInsightsExtension-Arm64:2"),
];

/// Adds the extension's layer and policy to `root` as the plugin does (see the module's docs).
pub(crate) fn expand(l: &mut Loader, root: &mut Map<String, Value>) {
    let settings = root.get("custom").and_then(|c| c.get(CUSTOM)).cloned().unwrap_or(Value::Null);
    let at = |key: &str| join(&join("custom", CUSTOM), key);
    // `defaultLambdaInsights` and `lambdaInsightsVersion` count only when truthy, as the plugin
    // reads them; `attachPolicy` whenever it is written.
    let setting = |key: &str| settings.get(key).filter(|v| crate::json::truthy(Some(v)));
    let global = setting("defaultLambdaInsights").and_then(|v| flag(l, v, &at("defaultLambdaInsights")));
    let attach = match settings.get("attachPolicy") {
        Some(v) => flag(l, v, &at("attachPolicy")).unwrap_or(true),
        None => true,
    };
    let version = setting("lambdaInsightsVersion").and_then(|v| version(l, v, &at("lambdaInsightsVersion")));
    let region = super::region(root).to_string();
    let provider_arm64 =
        root.get("provider").and_then(|p| p.get("architecture")).and_then(Value::as_str) == Some("arm64");
    let provider_layers = root.get("provider").and_then(|p| p.get("layers")).is_some_and(|v| !is_empty(v));

    let mut enabled_any = false;
    let mut reported_region = false;
    let Some(Value::Object(functions)) = root.get_mut("functions") else { return };
    for (key, function) in functions.iter_mut() {
        let Value::Object(function) = function else { continue };
        let arm64 = match function.get("architecture").filter(|a| crate::json::truthy(Some(a))) {
            Some(a) => a.as_str() == Some("arm64"),
            None => provider_arm64,
        };
        // The plugin looks the layer up for every function, enabled or not.
        let layer = match layer(&region, arm64, version) {
            Ok(layer) => Some(layer),
            Err((message, help)) => {
                if !reported_region {
                    l.error_help(codes::CONFIG_INVALID_VALUE, "provider.region", message, help);
                    reported_region = true;
                }
                None
            }
        };
        let own_path = join(&join("functions", key), "lambdaInsights");
        let own = match function.get("lambdaInsights") {
            Some(v) => match flag(l, v, &own_path) {
                Some(b) => Some(b),
                None => continue,
            },
            None => None,
        };
        if own == Some(false) || own.or(global) != Some(true) {
            continue;
        }
        let Some(layer) = layer else { continue };
        enabled_any = true;
        match function.get_mut("layers") {
            Some(Value::Array(layers)) => layers.push(Value::String(layer)),
            // ajv makes one value a list of one before the plugin runs.
            Some(one @ Value::String(_)) => *one = Value::Array(vec![one.take(), Value::String(layer)]),
            Some(Value::Null) | None => {
                if provider_layers {
                    l.warn_help(
                        codes::CONFIG_NO_EFFECT,
                        &own_path,
                        format!(
                            "serverless-plugin-lambda-insights gives function \"{key}\" a `layers` list of its own \
                             (the extension's layer), which replaces `provider.layers` for it"
                        ),
                        "list the provider's layers in the function's `layers` too, if it needs them",
                    );
                }
                function.insert("layers".into(), Value::Array(vec![Value::String(layer)]));
            }
            // Anything else is the loader's to report.
            Some(_) => {}
        }
    }
    if !(attach && enabled_any) {
        return;
    }
    let Some(Value::Object(provider)) = root.get_mut("provider") else { return };
    policy_warnings(l, provider);
    match provider.entry("iamManagedPolicies").or_insert_with(|| Value::Array(Vec::new())) {
        Value::Array(policies) => policies.push(Value::String(POLICY.into())),
        one @ Value::String(_) => *one = Value::Array(vec![one.take(), Value::String(POLICY.into())]),
        null @ Value::Null => *null = Value::Array(vec![Value::String(POLICY.into())]),
        _ => {}
    }
}

/// The layer for `region` and the architecture: the plugin's table's, or the named `version`'s.
fn layer(region: &str, arm64: bool, version: Option<u64>) -> Result<String, (String, String)> {
    let (table, name) =
        if arm64 { (ARM64, "LambdaInsightsExtension-Arm64") } else { (X86_64, "LambdaInsightsExtension") };
    let listed = table.iter().find(|(r, _)| *r == region).map(|(_, arn)| *arn);
    match version {
        // The plugin asks Lambda for the layer in the publisher's account, which has none in the
        // regions whose layer another account publishes.
        Some(version) if listed.is_some_and(|arn| !arn.contains(PUBLISHER)) => Err((
            format!("LambdaInsights layer version '{version}' does not exist within your region '{region}'."),
            format!(
                "in {region} the extension is published by another account: leave `lambdaInsightsVersion` out to \
                 use {}",
                listed.unwrap_or_default()
            ),
        )),
        Some(version) => Ok(format!("arn:aws:lambda:{region}:{PUBLISHER}:layer:{name}:{version}")),
        None => listed.map(str::to_string).ok_or_else(|| {
            let architecture = if arm64 { "arm64" } else { "x86_64" };
            (
                format!(
                    "Unknown latest version for region '{region}'. Check the Lambda Insights documentation to get \
                     the list of currently supported versions."
                ),
                format!(
                    "serverless-plugin-lambda-insights 2.0.0 lists no {architecture} layer for {region}: set \
                     `custom.lambdaInsights.lambdaInsightsVersion` to a version published there, or deploy to a \
                     region it lists"
                ),
            )
        }),
    }
}

/// A boolean setting (`true`/`false` as text too, which the framework's schema converts); the
/// plugin's error for anything else.
fn flag(l: &mut Loader, v: &Value, at: &str) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" || s == "false" => Some(s == "true"),
        _ => {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                at,
                "LambdaInsights and DefaultLambdaInsights values must be set to either true or false.",
                format!("write `true` or `false`; found {}", crate::reader::describe(v)),
            );
            None
        }
    }
}

/// `lambdaInsightsVersion`: the plugin takes a number; a layer version is a whole one.
fn version(l: &mut Loader, v: &Value, at: &str) -> Option<u64> {
    let n = l.number(v, at)?;
    if n >= 1.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) {
        return Some(n as u64);
    }
    l.error_help(
        codes::CONFIG_INVALID_VALUE,
        at,
        format!("a layer version is a whole number from 1; found {}", crate::reader::describe(v)),
        "write the version of the LambdaInsightsExtension layer, e.g. `lambdaInsightsVersion: 38`",
    );
    None
}

/// The plugin appends its policy to the legacy `provider.iamManagedPolicies`, which does nothing
/// where the framework reads another list or makes no role.
fn policy_warnings(l: &mut Loader, provider: &Map<String, Value>) {
    let role = provider.get("iam").and_then(|i| i.get("role"));
    let own_role =
        role.is_some_and(|r| !r.is_object() && !r.is_null()) || provider.get("role").is_some_and(|r| !r.is_null());
    let help = format!("add `{POLICY}` there yourself");
    if own_role {
        l.warn_help(
            codes::CONFIG_NO_EFFECT,
            "provider.iam.role",
            "serverless-plugin-lambda-insights attaches its policy to the role the framework makes, and this service \
             names a role of its own",
            format!("attach `{POLICY}` to that role"),
        );
    } else if role.and_then(|r| r.get("managedPolicies")).is_some() {
        l.warn_help(
            codes::CONFIG_NO_EFFECT,
            "provider.iam.role.managedPolicies",
            "serverless-plugin-lambda-insights adds its policy to the legacy `provider.iamManagedPolicies`, which \
             the framework ignores when `provider.iam.role.managedPolicies` is set",
            help,
        );
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}
