//! The serverless.yml-specific part of the walk: which keys each level has and what they become.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::surface;
use crate::codes;
use crate::diagnostics::did_you_mean;
use crate::model::{
    Architecture, Artifact, CapacityProviderConfig, CapacityProviderRef, CapacityProviderScaling, CompatibleRuntime,
    DeploymentBucketSettings, DisabledVpc, Environment, Expr, FileSystemConfig, Function, FunctionCapacityProvider,
    FunctionScaling, FunctionVpc, Image, InstanceRequirements, MemoryPerVCpu, MetricType, Package, Provider, Runtime,
    ScalingMode, ScalingPolicy, ServiceConfig, UserResources, Vpc,
};
use crate::reader::has_intrinsic_key;
use crate::reader::{Keys, Loader, describe, find, get, index, join, js_string, list};

const TOP: Keys = Keys {
    allowed: &[
        "service",
        "frameworkVersion",
        "provider",
        "package",
        "functions",
        "layers",
        "resources",
        "plugins",
        "build",
    ],
    // v4's agents (Bedrock AgentCore runtimes, gateways, memory), newer than the reference's
    // schema: the framework writes their resources, so a template without them is not its.
    unsupported: &["ai"],
    no_effect: &[
        // Serverless Framework Dashboard outputs: stored there, never in the template.
        "outputs",
        "custom",
        "params",
        "stages",
        "useDotenv",
        "configValidationMode",
        "variablesResolutionMode",
        "org",
        "app",
        "tenant",
        "console",
        "dashboard",
        "disabledDeprecations",
        "deprecationNotificationMode",
        "unresolvedVariablesNotificationMode",
        "license",
        "licenseKey",
        "projectDir",
        "state",
    ],
};

const PROVIDER: Keys = Keys {
    allowed: &[
        "name",
        "runtime",
        "stage",
        "region",
        "memorySize",
        "timeout",
        "architecture",
        "environment",
        "vpc",
        "versionFunctions",
        "deploymentBucket",
        "capacityProviders",
        "iam",
        "role",
        "rolePermissionsBoundary",
        "iamRoleStatements",
        "iamManagedPolicies",
        "tags",
        "stackTags",
        "stackName",
        "layers",
        "logs",
        "tracing",
        "kmsKeyArn",
        "logRetentionInDays",
        "logDataProtectionPolicy",
        "deploymentPrefix",
        "cfnRole",
        "ecr",
        "lambdaHashingVersion",
        "httpApi",
        "apiGateway",
        "apiName",
        "alb",
        "websocket",
        "websocketsApiName",
        "websocketsApiRouteSelectionExpression",
        "websocketsDescription",
        "endpointType",
        "vpcEndpointIds",
        "eventBridge",
        "s3",
        "kinesis",
        "cloudFront",
        "notificationArns",
        "stackParameters",
        "rollbackConfiguration",
        "disableRollback",
        "stackPolicy",
        "runtimeManagement",
    ],
    unsupported: &[
        "enableLegacyDeploymentBucket",
        "ephemeralStorageSize",
        "tenancy",
        "durableConfig",
        "timezone",
        "domain",
        "domains",
        "build",
    ],
    no_effect: &["profile", "resolver", "deploymentMethod"],
};

const VPC: Keys =
    Keys { allowed: &["securityGroupIds", "subnetIds", "ipv6AllowedForDualStack"], unsupported: &[], no_effect: &[] };

/// `provider.deploymentBucket` as an object (the reference's schema, provider.js; template effect
/// in generate-core-template.js, serverless-template-core.md §3).
const DEPLOYMENT_BUCKET: Keys = Keys {
    allowed: &["name", "blockPublicAccess", "versioning", "skipPolicySetup", "tags"],
    unsupported: &["codeStorageMode"],
    // Parameters of the artifact uploads (S3 PutObject) and of the cleanup after deploy: the
    // template does not change. `sseCustomerAlgorithim` is the reference's own spelling.
    no_effect: &[
        "maxPreviousDeploymentArtifacts",
        "serverSideEncryption",
        "sseKMSKeyId",
        "sseCustomerAlgorithim",
        "sseCustomerKey",
        "sseCustomerKeyMD5",
    ],
};

const CAPACITY_PROVIDER: Keys = Keys {
    allowed: &["permissions", "vpc", "instanceRequirements", "scaling", "kmsKeyArn"],
    unsupported: &[],
    no_effect: &[],
};
const PERMISSIONS: Keys = Keys { allowed: &["operatorRole"], unsupported: &[], no_effect: &[] };
const INSTANCE_REQUIREMENTS: Keys = Keys {
    allowed: &["allowedInstanceTypes", "excludedInstanceTypes", "architectures"],
    unsupported: &[],
    no_effect: &[],
};
const CP_SCALING: Keys = Keys { allowed: &["mode", "maxVCpuCount", "policies"], unsupported: &[], no_effect: &[] };
const POLICY: Keys = Keys { allowed: &["predefinedMetricType", "targetValue"], unsupported: &[], no_effect: &[] };

const FUNCTION: Keys = Keys {
    allowed: &[
        "handler",
        "image",
        "name",
        "description",
        "runtime",
        "memorySize",
        "timeout",
        "architecture",
        "environment",
        "vpc",
        "capacityProvider",
        "package",
        "reservedConcurrency",
        "versionFunction",
        "provisionedConcurrency",
        "fileSystemConfig",
        "events",
        "httpApi",
        "layers",
        "role",
        "tags",
        "url",
        "snapStart",
        "destinations",
        "onError",
        "tracing",
        "logs",
        "disableLogs",
        "dependsOn",
        "condition",
        "ephemeralStorageSize",
        "kmsKeyArn",
        "logRetentionInDays",
        "logDataProtectionPolicy",
        "maximumEventAge",
        "maximumRetryAttempts",
        "iamRoleStatements",
        "iamRoleStatementsName",
        "iamRoleStatementsInherit",
        "iamPermissionsBoundary",
        "runtimeManagement",
    ],
    unsupported: &[
        "durableConfig",
        "tenancy",
        "awsKmsKeyArn",
        "recursiveLoop",
        "build",
        "skipVersion",
        "alarms",
        "concurrencyAutoscaling",
        "iam",
    ],
    no_effect: &[],
};

const FUNCTION_CP: Keys =
    Keys { allowed: &["name", "maxConcurrency", "memoryPerVCpu", "scaling"], unsupported: &[], no_effect: &[] };
const FUNCTION_SCALING: Keys = Keys { allowed: &["min", "max"], unsupported: &[], no_effect: &[] };
const FILE_SYSTEM: Keys = Keys { allowed: &["arn", "localMountPath"], unsupported: &[], no_effect: &[] };

const PACKAGE: Keys = Keys {
    allowed: &["artifact", "individually", "patterns", "include", "exclude", "excludeDevDependencies"],
    unsupported: &["path"],
    no_effect: &[],
};

const RESOURCES: Keys = Keys {
    allowed: &[
        "Resources",
        "Outputs",
        "Conditions",
        "Parameters",
        "Mappings",
        "Description",
        "extensions",
        "AWSTemplateFormatVersion",
        "Transform",
        "Metadata",
        // Not in the reference's schema: see `resources`.
        "Rules",
    ],
    unsupported: &[],
    no_effect: &[],
};

/// Walks the whole config; problems go to `l`.
/// `service: {name: x}`, the Serverless Framework v1/v2 spelling that v3 and later reject
/// (`SERVICE_OBJECT_NOTATION`). Real services written for v2 still use it and it means exactly
/// `service: x`, so stackwright reads the name from a file and warns instead of stopping (Rust
/// code, which has no such legacy, gets the reference's error). Its other v2 key,
/// `awsKmsKeyArn`, moved to `provider.kmsKeyArn`; anything else was never part of it.
fn legacy_service(l: &mut Loader, object: &Map<String, Value>) -> String {
    for key in object.keys().filter(|k| k.as_str() != "name") {
        let help = match key.as_str() {
            "awsKmsKeyArn" => "move it to `provider.kmsKeyArn`, where Serverless Framework v3 and later read it",
            _ => "the object form of `service` has only `name`; write `service: my-service`",
        };
        l.error_help(
            codes::SERVICE_OBJECT_NOTATION,
            &join("service", key),
            format!("`service.{key}` is not read by stackwright (legacy object notation for `service`)"),
            help,
        );
    }
    let name = match get(object, "name") {
        Some(name) => l.string(name, "service.name").unwrap_or_default(),
        None => {
            l.missing("service", "name", "write `service: my-service`");
            return String::new();
        }
    };
    if l.strict {
        l.error_help(
            codes::SERVICE_OBJECT_NOTATION,
            "service",
            "Object notation for \"service\" property is not supported. Set \"service\" property directly with service name.",
            format!("write `service: \"{name}\"`"),
        );
    } else {
        l.warn_help(
            codes::SERVICE_OBJECT_NOTATION,
            "service",
            "legacy object notation for `service`: Serverless Framework v3 and later reject it \
             (\"Object notation for \"service\" property is not supported\"); stackwright reads `service.name`",
            format!("write `service: {name}`"),
        );
    }
    name
}

/// Top-level `build`: Serverless Framework v4 bundles JavaScript and TypeScript handlers with
/// esbuild while packaging. The template does not depend on it (only the zip does), so it is
/// accepted; stackwright bundles nothing, so unless `esbuild: false` turns the bundling off a
/// warning says how the zip must be built instead.
fn build(l: &mut Loader, v: &Value) {
    let keys = Keys { allowed: &["esbuild"], unsupported: &[], no_effect: &[] };
    let Some(map) = l.object(v, "build", &keys) else { return };
    let map = &*map;
    match get(map, "esbuild") {
        Some(Value::Bool(false)) => {}
        Some(Value::Bool(true) | Value::Object(_)) | None => l.warn_help(
            codes::BUILD_NOT_RUN,
            "build",
            "Serverless Framework v4 bundles the handlers with esbuild (`build.esbuild`) while packaging; \
             stackwright does not bundle, so the zip holds the files as they are",
            "bundle the code yourself (`esbuild --bundle --platform=node ...`) and point `package.artifact` \
             (or `functions.<name>.package.artifact`) at the zip, or write `build: {esbuild: false}` if the \
             handlers run as written",
        ),
        Some(other) => l.type_error("build.esbuild", "`false`, `true` or an object of esbuild options", other),
    }
}

pub(super) fn service(l: &mut Loader, v: &Value) -> ServiceConfig {
    let mut config = ServiceConfig::default();
    let Some(map) = l.object(v, "", &TOP) else {
        return config;
    };
    let map = &*map;
    l.schema_errors = get(map, "configValidationMode").and_then(Value::as_str) == Some("error");

    match get(map, "service") {
        Some(Value::Object(object)) => config.service = legacy_service(l, object),
        Some(s) => config.service = l.string(s, "service").unwrap_or_default(),
        None => l.missing("", "service", "add `\"service\": \"my-service\"`"),
    }
    if let Some(p) = get(map, "plugins") {
        config.plugins = crate::plugins::load(l, p, "plugins", get(map, "custom"));
    }
    if let Some(b) = get(map, "build") {
        build(l, b);
    }
    if let Some(fv) = get(map, "frameworkVersion")
        && !(fv.is_string() || fv.is_number())
    {
        l.type_error("frameworkVersion", "a string", fv);
    }
    match get(map, "provider") {
        Some(p) => config.provider = provider(l, p),
        None => l.missing("", "provider", "add `\"provider\": {\"name\": \"aws\"}`"),
    }
    if crate::plugins::listed(&config.plugins, crate::plugins::SERVERLESS_EXPRESS) {
        // Its constructor sets `provider.environment.SERVERLESS_EXPRESS_PLATFORM` to the provider's
        // name (added last, or replaced in place), before anything else reads the config.
        let environment = config.provider.environment.get_or_insert_default();
        environment.insert("SERVERLESS_EXPRESS_PLATFORM".to_string(), Some("aws".into()));
    }
    if let Some(p) = get(map, "package") {
        config.package = package(l, p, "package");
    }
    let merged_functions = get(map, "functions").and_then(|fs| merge_list(l, fs, "functions"));
    let alerts = crate::plugins::listed(&config.plugins, crate::plugins::aws_alerts::AWS_ALERTS);
    let mut function_alarms = Vec::new();
    let subscriptions = crate::plugins::listed(&config.plugins, crate::plugins::log_subscription::LOG_SUBSCRIPTION);
    let mut function_subscriptions = Vec::new();
    let canary = crate::plugins::listed(&config.plugins, crate::plugins::canary_deployments::CANARY_DEPLOYMENTS);
    let mut function_deployments = Vec::new();
    let python = crate::plugins::listed(&config.plugins, crate::plugins::python_requirements::PYTHON_REQUIREMENTS);
    let mut python_modules = Vec::new();
    if let Some(fs) = merged_functions.as_ref().or(get(map, "functions"))
        && let Some(fs) = as_object(l, fs, "functions")
    {
        for (key, f) in fs {
            let at = join("functions", key);
            if f.is_null() {
                l.type_error(&at, "an object (the function's settings)", f);
                continue;
            }
            if let Some(keys) = f.as_object() {
                per_function_role_keys(l, keys, &at, &config.plugins);
                if let (true, Some(alarms)) = (alerts, get(keys, "alarms")) {
                    function_alarms.push((key.clone(), alarms.clone()));
                }
                if let (true, Some(s)) = (subscriptions, get(keys, crate::plugins::log_subscription::CUSTOM)) {
                    function_subscriptions.push((key.clone(), s.clone()));
                }
                if let (true, Some(module)) = (python, get(keys, crate::plugins::python_requirements::MODULE)) {
                    match module.as_str() {
                        Some(dir) => python_modules.push((key.clone(), dir.to_string())),
                        None => l.type_error(&join(&at, "module"), "a directory of the service", module),
                    }
                }
                // Key presence counts (`_.has`), a `null` too.
                if let (true, Some(d)) = (canary, find(keys, crate::plugins::canary_deployments::CUSTOM)) {
                    function_deployments.push((key.clone(), d.clone()));
                }
            }
            config.functions.insert(key.clone(), function(l, f, &at, key));
        }
    }
    if let Some(ecr) = get(map, "provider").and_then(Value::as_object).and_then(|p| get(p, "ecr")) {
        ecr_images(l, ecr, merged_functions.as_ref().or(get(map, "functions")));
    }
    if let Some(layers) = get(map, "layers") {
        config.layers = super::layers::load(l, layers);
    }
    // Some plugins set values without `custom` too (serverless-api-compression's 0).
    let rest_api = crate::events::compiles_rest_api(&config);
    config.plugin_settings = plugin_settings(l, get(map, "custom").unwrap_or(&Value::Null), &config.plugins, rest_api);
    if subscriptions {
        let settings = get(map, "custom").and_then(|c| c.get(crate::plugins::log_subscription::CUSTOM));
        config.plugin_settings.log_subscriptions = Some(crate::plugins::log_subscription::LogSubscriptions {
            settings: settings.cloned().unwrap_or(Value::Null),
            functions: function_subscriptions,
        });
    }
    config.plugin_settings.python_modules = python_modules;
    for (key, module) in &config.plugin_settings.python_modules {
        let Some(f) = config.functions.get(key) else { continue };
        if crate::artifact::module_dir(module).is_none() || crate::artifact::python_module(&config, key, f).is_some() {
            continue;
        }
        l.warn_help(
            codes::CONFIG_NO_EFFECT,
            &join(&join("functions", key), "module"),
            format!(
                "serverless-python-requirements reads a function's `module` only for a Python function packaged \
                 individually; function \"{key}\" is not, so its code and requirements come from the service \
                 directory"
            ),
            format!("set `functions.{key}.package.individually: true` (or `package.individually`), or remove `module`"),
        );
    }
    if canary {
        let settings = get(map, "custom").and_then(|c| c.get(crate::plugins::canary_deployments::CUSTOM));
        config.plugin_settings.canary_deployments = Some(crate::plugins::canary_deployments::CanaryDeployments {
            settings: settings.cloned(),
            functions: function_deployments,
        });
    }
    if alerts {
        // The plugin does nothing without `custom.alerts` (or with a falsy one).
        config.plugin_settings.alerts = match get(map, "custom").and_then(|c| c.get(crate::plugins::aws_alerts::CUSTOM))
        {
            Some(v) if crate::json::truthy(Some(v)) => crate::plugins::aws_alerts::load(l, v, function_alarms),
            _ => None,
        };
    }
    if crate::plugins::listed(&config.plugins, crate::plugins::step_functions::STEP_FUNCTIONS)
        && let Some(v) = get(map, crate::plugins::step_functions::KEY)
    {
        config.step_functions = crate::plugins::step_functions::load(l, v);
    }
    if let Some(r) = get(map, "resources") {
        let merged = merge_list(l, r, "resources");
        config.resources = resources(l, merged.as_ref().unwrap_or(r));
    }
    config
}

/// `provider.ecr`: the reference builds and pushes the images that functions name
/// (`image: <name>` or `image: {name}`) with Docker while packaging, which stackwright does not.
/// Images no function names are never built: then it has no effect.
fn ecr_images(l: &mut Loader, ecr: &Value, functions: Option<&Value>) {
    let names_an_image = |f: &Value| match f.get("image") {
        Some(Value::Object(image)) => image.contains_key("name"),
        Some(Value::String(image)) => !is_ecr_uri(image),
        _ => false,
    };
    let named = functions.and_then(Value::as_object).is_some_and(|fs| fs.values().any(names_an_image));
    if named {
        l.unsupported("provider.ecr", "ecr");
    } else if !ecr.is_null() {
        l.warn_help(
            codes::CONFIG_NO_EFFECT,
            "provider.ecr",
            "no function names an image of `provider.ecr`, so no image is built: it has no effect",
            "remove it, or build and push the image yourself and give functions `image: <uri>@sha256:<digest>`",
        );
    }
}

/// The reference's `isEcrUri` for the registries ECR has: `<account>.dkr.ecr.<region>.amazonaws.com/<repository>`,
/// or anything ending in `<name>@sha256:<64 hex digits>`; any other `image` string names an
/// image of `provider.ecr`.
fn is_ecr_uri(image: &str) -> bool {
    let registry = image.split_once(".dkr.ecr.").is_some_and(|(account, rest)| {
        let Some((host, path)) = rest.split_once('/') else { return false };
        let region = host.split('.').next().unwrap_or_default();
        !account.is_empty()
            && account.bytes().all(|b| b.is_ascii_digit())
            && !region.is_empty()
            && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && host[region.len()..].starts_with(".amazonaws.com")
            && !path.is_empty()
            && !path.starts_with('@')
    });
    let digest = image.rsplit_once("@sha256:").is_some_and(|(before, hex)| {
        hex.len() == 64
            && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && before.ends_with(|c: char| c != '@' && c != ':')
    });
    registry || digest
}

/// A function's serverless-iam-roles-per-function keys need the plugin: without it the reference
/// builds per-function roles of its own, whose shape stackwright does not reproduce.
fn per_function_role_keys(l: &mut Loader, f: &Map<String, Value>, path: &str, plugins: &[String]) {
    if crate::plugins::listed(plugins, crate::plugins::IAM_ROLES_PER_FUNCTION) {
        return;
    }
    for key in PER_FUNCTION_ROLE_KEYS.iter().filter(|k| f.contains_key(**k)) {
        l.error_help(
            codes::CONFIG_UNSUPPORTED_KEY,
            &join(path, key),
            format!("`{key}` without the plugin serverless-iam-roles-per-function is not supported by stackwright"),
            "add `serverless-iam-roles-per-function` to `plugins` (stackwright reproduces its per-function roles), \
             or move the statements to `provider.iam.role.statements`",
        );
    }
}

/// `custom`: a variable source without template effect, except the settings of the plugins
/// stackwright implements natively (read only when the plugin is listed, as the plugin does).
fn plugin_settings(l: &mut Loader, custom: &Value, plugins: &[String], rest_api: bool) -> crate::model::PluginSettings {
    let mut settings = crate::model::PluginSettings {
        minimum_compression_size: crate::plugins::compression::size(l, custom.as_object(), plugins, rest_api),
        ..Default::default()
    };
    let Some(custom) = custom.as_object() else { return settings };
    let roles = crate::plugins::IAM_ROLES_PER_FUNCTION;
    if crate::plugins::listed(plugins, roles)
        && let Some(v) = get(custom, roles)
    {
        let path = join("custom", roles);
        let keys =
            Keys { allowed: &["defaultInherit", "iamGlobalPermissionsBoundary"], unsupported: &[], no_effect: &[] };
        if let Some(m) = l.object(v, &path, &keys).as_deref() {
            if let Some(b) = get(m, "defaultInherit") {
                settings.default_inherit = l.boolean(b, &join(&path, "defaultInherit"));
            }
            if let Some(b) = get(m, "iamGlobalPermissionsBoundary") {
                settings.iam_global_permissions_boundary =
                    l.string_or_intrinsic(b, &join(&path, "iamGlobalPermissionsBoundary"));
            }
        }
    }
    let autoscaling = crate::plugins::dynamodb_autoscaling::DYNAMODB_AUTOSCALING;
    if crate::plugins::listed(plugins, autoscaling)
        && let Some(v) = get(custom, crate::plugins::dynamodb_autoscaling::CUSTOM)
    {
        settings.dynamodb_capacities = crate::plugins::dynamodb_autoscaling::load(l, v);
    }
    if crate::plugins::listed(plugins, crate::plugins::depends_on::DEPENDS_ON) {
        settings.function_chains = crate::plugins::depends_on::chains(l, custom);
    }
    let caching = crate::plugins::api_gateway_caching::API_GATEWAY_CACHING;
    if crate::plugins::listed(plugins, caching)
        && let Some(v) = get(custom, crate::plugins::api_gateway_caching::CUSTOM)
    {
        settings.api_gateway_caching = crate::plugins::api_gateway_caching::load(l, v);
    }
    settings.python_requirements_layer =
        crate::plugins::listed(plugins, crate::plugins::python_requirements::PYTHON_REQUIREMENTS)
            && crate::plugins::python_requirements::layer_option(custom).is_some();
    if crate::plugins::listed(plugins, crate::plugins::PSEUDO_PARAMETERS)
        && let Some(Value::Object(m)) = get(custom, "pseudoParameters")
    {
        let path = join("custom", "pseudoParameters");
        if let Some(b) = get(m, "skipRegionReplace") {
            settings.skip_region_replace = l.boolean(b, &join(&path, "skipRegionReplace"));
        }
        if let Some(b) = get(m, "allowReferences") {
            settings.allow_references = l.boolean(b, &join(&path, "allowReferences"));
        }
    }
    settings
}

/// `resources` or `functions` given as a list: the items deep-merged in order into one object
/// (reference: `_.merge`); `None` when `v` is not a list.
fn merge_list(l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
    let items = v.as_array()?;
    let mut out = Value::Object(Map::new());
    for (i, item) in items.iter().enumerate() {
        if crate::json::too_deep(item, crate::json::MAX_VALUE_DEPTH) {
            l.error(codes::CONFIG_INVALID_VALUE, &index(path, i), "nesting deeper than 128 levels");
        } else if item.is_object() {
            crate::json::lodash_merge(&mut out, item);
        } else {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &index(path, i),
                format!("Non-object value specified in {path} array: {}", js_string(item)),
                format!("every item of a `{path}` list must be an object; they are merged in order"),
            );
        }
    }
    Some(out)
}

/// Provider keys of the function and provider surface, which [`provider_settings`] applies.
pub(crate) const PROVIDER_SURFACE: &[&str] = &[
    "iam",
    "role",
    "rolePermissionsBoundary",
    "iamRoleStatements",
    "iamManagedPolicies",
    "tags",
    "stackTags",
    "stackName",
    "layers",
    "logs",
    "tracing",
    "kmsKeyArn",
    "logRetentionInDays",
    "logDataProtectionPolicy",
    "deploymentPrefix",
    "cfnRole",
    "lambdaHashingVersion",
    "runtimeManagement",
];

/// Function keys of the surface, which [`function_settings`] applies.
pub(crate) const FUNCTION_SURFACE: &[&str] = &[
    "events",
    "httpApi",
    "layers",
    "role",
    "tags",
    "url",
    "snapStart",
    "destinations",
    "onError",
    "tracing",
    "logs",
    "disableLogs",
    "dependsOn",
    "condition",
    "ephemeralStorageSize",
    "kmsKeyArn",
    "logRetentionInDays",
    "logDataProtectionPolicy",
    "maximumEventAge",
    "maximumRetryAttempts",
    "iamRoleStatements",
    "iamRoleStatementsName",
    "iamRoleStatementsInherit",
    "iamPermissionsBoundary",
    "runtimeManagement",
];

/// The function keys serverless-iam-roles-per-function reads.
const PER_FUNCTION_ROLE_KEYS: &[&str] =
    &["iamRoleStatements", "iamRoleStatementsName", "iamRoleStatementsInherit", "iamPermissionsBoundary"];

/// Applies provider settings of the surface (and the API settings events read) given in
/// serverless.yml's shape.
/// The `provider` keys [`provider_settings`] applies (and `convert` writes through it).
pub(crate) fn provider_setting_keys() -> impl Iterator<Item = &'static str> {
    PROVIDER_SURFACE.iter().chain(crate::events::PROVIDER_SETTINGS).chain(crate::model::STACK_SETTINGS).copied()
}

pub(crate) fn provider_settings(l: &mut Loader, p: &mut Provider, v: &Value) {
    let Some(map) = as_object(l, v, "provider") else { return };
    for k in map.keys() {
        if !provider_setting_keys().any(|known| known == k) {
            l.error_help(
                codes::CONFIG_UNKNOWN_KEY,
                &join("provider", k),
                format!("`{k}` is not a provider setting that `provider_settings` applies"),
                format!(
                    "set it with the builder (`svc.provider()`); provider_settings applies: {}",
                    list(PROVIDER_SURFACE)
                ),
            );
        }
    }
    provider_surface(l, map, p);
}

/// Applies function settings of the surface (events, IAM role, tags, logs, ...) given in
/// serverless.yml's shape.
pub(crate) fn function_settings(l: &mut Loader, f: &mut Function, key: &str, v: &Value) {
    let path = join("functions", key);
    let Some(map) = as_object(l, v, &path) else { return };
    let keys = Keys { allowed: FUNCTION_SURFACE, unsupported: &[], no_effect: &[] };
    l.check_keys(map, &path, &keys);
    function_surface(l, map, &path, key, f);
}

/// `v` as an object without key checks (for maps whose keys are names).
fn as_object<'v>(l: &mut Loader, v: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
    let map = v.as_object();
    if map.is_none() {
        l.type_error(path, "an object", v);
    }
    map
}

fn provider(l: &mut Loader, v: &Value) -> Provider {
    let path = "provider";
    let mut p = Provider::default();
    let Some(map) = l.object(v, path, &PROVIDER) else {
        return p;
    };
    let map = &*map;
    let at = |k: &str| join(path, k);

    match get(map, "name") {
        Some(Value::String(s)) if s == "aws" => {}
        Some(other) => l.error_help(
            codes::CONFIG_INVALID_VALUE,
            &at("name"),
            format!("unsupported provider {}; stackwright supports only \"aws\"", describe(other)),
            "set `\"name\": \"aws\"`",
        ),
        None => l.missing(path, "name", "add `\"name\": \"aws\"`"),
    }
    if let Some(r) = get(map, "runtime") {
        p.runtime = runtime(l, r, &at("runtime"));
    }
    if let Some(s) = get(map, "stage") {
        p.stage = l.string(s, &at("stage"));
    }
    if let Some(s) = get(map, "region") {
        p.region = l.string(s, &at("region"));
    }
    if let Some(m) = get(map, "memorySize") {
        p.memory_size = l.integer(m, &at("memorySize"));
    }
    if let Some(t) = get(map, "timeout") {
        p.timeout = l.integer(t, &at("timeout"));
    }
    if let Some(a) = get(map, "architecture") {
        p.architecture = architecture(l, a, &at("architecture"));
    }
    if let Some(e) = get(map, "environment") {
        p.environment = environment(l, e, &at("environment"));
    }
    if let Some(vpc_value) = get(map, "vpc") {
        p.vpc = vpc(l, vpc_value, &at("vpc"), true);
    }
    if let Some(b) = get(map, "versionFunctions") {
        p.version_functions = l.boolean(b, &at("versionFunctions"));
    }
    if let Some(b) = get(map, "deploymentBucket") {
        (p.deployment_bucket, p.deployment_bucket_settings) = deployment_bucket(l, b, &at("deploymentBucket"));
    }
    if let Some(cps) = get(map, "capacityProviders")
        && let Some(cps) = as_object(l, cps, &at("capacityProviders"))
    {
        for (name, cp) in cps {
            let cp_path = join(&at("capacityProviders"), name);
            p.capacity_providers.insert(name.clone(), capacity_provider(l, cp, &cp_path));
        }
    }
    provider_surface(l, map, &mut p);
    p
}

/// The provider's IAM, tags, logs, tracing, layers and API settings.
fn provider_surface(l: &mut Loader, map: &Map<String, Value>, p: &mut Provider) {
    let path = "provider";
    let at = |k: &str| join(path, k);
    if let Some(v) = get(map, "iam") {
        p.iam = surface::provider_iam(l, v, &at("iam"));
    }
    if let Some(v) = get(map, "role") {
        p.role = l.string_or_intrinsic(v, &at("role"));
    }
    if let Some(v) = get(map, "iamRoleStatements") {
        p.iam_role_statements = surface::statements(l, v, &at("iamRoleStatements"));
    }
    if let Some(v) = get(map, "iamManagedPolicies") {
        p.iam_managed_policies = surface::expr_list(l, v, &at("iamManagedPolicies"));
    }
    if let Some(v) = get(map, "rolePermissionsBoundary") {
        p.role_permissions_boundary = l.string_or_intrinsic(v, &at("rolePermissionsBoundary"));
    }
    if let Some(v) = get(map, "tags") {
        p.tags = surface::tags(l, v, &at("tags"));
    }
    if let Some(v) = get(map, "stackTags") {
        p.stack_tags = surface::tags(l, v, &at("stackTags"));
    }
    if let Some(v) = get(map, "stackName") {
        p.stack_name = l.string(v, &at("stackName"));
    }
    if let Some(v) = get(map, "logRetentionInDays") {
        p.log_retention_in_days = surface::retention(l, v, &at("logRetentionInDays"));
    }
    if let Some(v) = get(map, "logDataProtectionPolicy") {
        p.log_data_protection_policy = surface::verbatim(l, v, &at("logDataProtectionPolicy"));
    }
    if let Some(v) = get(map, "logs") {
        p.logs = surface::provider_logs(l, v, &at("logs"));
    }
    if let Some(v) = get(map, "tracing") {
        p.tracing = surface::provider_tracing(l, v, &at("tracing"));
    }
    if let Some(v) = get(map, "layers") {
        p.layers = surface::expr_list(l, v, &at("layers"));
    }
    if let Some(v) = get(map, "kmsKeyArn") {
        p.kms_key_arn = l.string_or_intrinsic(v, &at("kmsKeyArn"));
    }
    if let Some(v) = get(map, "runtimeManagement") {
        p.runtime_management = surface::runtime_management(l, v, &at("runtimeManagement"));
    }
    if let Some(v) = get(map, "deploymentPrefix") {
        p.deployment_prefix = l.string(v, &at("deploymentPrefix"));
    }
    if let Some(v) = get(map, "cfnRole") {
        p.cfn_role = l.string(v, &at("cfnRole"));
    }
    if let Some(v) = get(map, "lambdaHashingVersion") {
        // Only the current algorithm is implemented; older values switch the reference to a
        // deprecated hash that would publish different version IDs.
        let current = matches!(v.as_str(), Some("20201221")) || v.as_u64() == Some(20201221);
        if !current {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &at("lambdaHashingVersion"),
                format!("lambdaHashingVersion {} selects the reference's deprecated version hash", js_string(v)),
                "remove it (the current hash, 20201221, is the default) or set it to 20201221",
            );
        }
    }
    for key in crate::model::STACK_SETTINGS {
        if let Some(v) = get(map, key)
            && stack_setting(l, key, v, &at(key))
        {
            p.stack_settings.insert((*key).to_string(), v.clone());
        }
    }
    for key in crate::events::PROVIDER_SETTINGS {
        if let Some(v) = get(map, key) {
            let v = match *key {
                "cloudFront" => crate::events::cloud_front::load_settings(l, v, &at(key)),
                _ => surface::verbatim(l, v, &at(key)),
            };
            if *key == "apiGateway"
                && let Some(Value::Object(one)) = v.as_ref().and_then(|g| g.get("resourcePolicy"))
            {
                let (message, help) = match one.is_empty() {
                    false => (
                        "the resource policy is one statement without the list the reference's schema wants; it \
                         is the policy's `Statement` as written",
                        "write the statement as a list item (`resourcePolicy:` then `- Effect: Allow` ...)",
                    ),
                    true => (
                        "the resource policy is an empty object, not the list the reference's schema wants: the \
                         API gets no policy",
                        "remove `resourcePolicy`, or write its statements as a list",
                    ),
                };
                l.schema_warning(codes::CONFIG_INVALID_VALUE, "provider.apiGateway.resourcePolicy", message, help);
            }
            if let Some(v) = v {
                p.apis.insert((*key).to_string(), v);
            }
        }
    }
}

/// The shape of a deploy setting (`provider.notificationArns`, ...): what the CloudFormation API
/// takes; its values are checked by CloudFormation when `stackwright deploy` sends them.
fn stack_setting(l: &mut Loader, key: &str, v: &Value, path: &str) -> bool {
    // A list of objects (stack parameters must name theirs); every bad item is reported.
    let list_of_objects = |l: &mut Loader, v: &Value, parameters: bool| {
        let Some(items) = v.as_array() else {
            l.type_error(path, "a list", v);
            return false;
        };
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let at = index(path, i);
            match item.as_object() {
                None => {
                    l.type_error(&at, "an object", item);
                    ok = false;
                }
                Some(map) if parameters && !map.get("ParameterKey").is_some_and(Value::is_string) => {
                    l.missing(&at, "ParameterKey", "name the stack's template parameter, e.g. `ParameterKey: Env`");
                    ok = false;
                }
                Some(_) => {}
            }
        }
        ok
    };
    match key {
        "notificationArns" => l.string_list(v, path).is_some(),
        "stackParameters" => list_of_objects(l, v, true),
        "stackPolicy" => list_of_objects(l, v, false),
        "rollbackConfiguration" => l.object(v, path, &ROLLBACK_CONFIGURATION).is_some(),
        _ => l.boolean(v, path).is_some(),
    }
}

const ROLLBACK_CONFIGURATION: Keys =
    Keys { allowed: &["RollbackTriggers", "MonitoringTimeInMinutes"], unsupported: &[], no_effect: &[] };

pub(super) fn runtime(l: &mut Loader, v: &Value, path: &str) -> Option<Runtime> {
    if v.as_str() == Some("rust") {
        l.error_help(
            codes::CONFIG_INVALID_VALUE,
            path,
            "runtime \"rust\" is serverless-rust's, which built the binary with Docker and deployed it on `provided.al2`",
            "use `runtime: provided.al2023`, `handler: bootstrap` and `package.artifact: \
             target/lambda/<binary>/bootstrap.zip`: `stackwright package` builds it with cargo-lambda",
        );
        return None;
    }
    match parse_runtime(l, v, path)? {
        CompatibleRuntime::Current(runtime) => Some(runtime),
        CompatibleRuntime::Retired(retired) => {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                path,
                format!(
                    "runtime \"{retired}\" is deprecated by AWS: Lambda no longer creates or updates functions on it"
                ),
                format!("use {}, its supported successor", retired.successor()),
            );
            None
        }
    }
}

/// A runtime as a layer's `compatibleRuntimes` lists it: Lambda still takes a retired one there;
/// the reference's schema does not (a warning, or an error with `configValidationMode: error`).
pub(super) fn layer_runtime(l: &mut Loader, v: &Value, path: &str) -> Option<CompatibleRuntime> {
    let parsed = parse_runtime(l, v, path)?;
    // The two Lambda refuses here are an error of the layer rules instead.
    if let CompatibleRuntime::Retired(retired) = parsed
        && retired.layer_compatible()
    {
        let message = format!(
            "runtime \"{retired}\" is retired: Serverless Framework's schema does not list it for a layer's \
             `compatibleRuntimes`, where Lambda still accepts it"
        );
        let successor = retired.successor();
        let help = match l.schema_errors {
            true => format!(
                "list the runtimes of the functions that use the layer (e.g. {successor}), or leave out \
                 `configValidationMode: error`"
            ),
            false => format!(
                "the reference warns about it and writes it into the layer all the same, as stackwright does; list the \
                 runtimes of the functions that use the layer (e.g. {successor})"
            ),
        };
        l.schema_warning(codes::CONFIG_INVALID_VALUE, path, message, help);
    }
    Some(parsed)
}

/// A current or retired runtime by its serverless.yml name.
fn parse_runtime(l: &mut Loader, v: &Value, path: &str) -> Option<CompatibleRuntime> {
    let Value::String(s) = v else {
        l.type_error(path, "a runtime name such as \"nodejs22.x\"", v);
        return None;
    };
    let parsed = CompatibleRuntime::parse(s);
    if parsed.is_some() {
        return parsed;
    }
    match crate::plugins::runtime_owner(s) {
        // The plugin's own error covers it; the note keeps the rules that read the runtime (the
        // default one in its place) from reporting it again.
        Some(plugin) if l.runtime_plugins.contains(&plugin) => l.note_help(
            codes::PLUGIN_VALUE,
            path,
            format!("runtime \"{s}\" is a name the plugin {plugin} gives its layers"),
            "see the plugin's error: stackwright does not run it",
        ),
        Some(plugin) => l.error_help(
            codes::CONFIG_INVALID_VALUE,
            path,
            format!("runtime \"{s}\" is a name given by {}", crate::plugins::unlisted(plugin)),
            "stackwright does not run that plugin either: write the runtime the plugin used (`provided.al2023` on \
             Managed Instances) and its layers' ARNs under `layers`",
        ),
        None => {
            let names: Vec<&str> = Runtime::ALL.iter().map(|r| r.as_str()).collect();
            let mut message = format!("unknown runtime \"{s}\"");
            if let Some(m) = did_you_mean(s, names.iter().copied()) {
                message.push_str(&format!("; did you mean `{m}`?"));
            }
            l.error_help(codes::CONFIG_INVALID_VALUE, path, message, format!("supported runtimes: {}", list(&names)));
        }
    }
    parsed
}

pub(super) fn architecture(l: &mut Loader, v: &Value, path: &str) -> Option<Architecture> {
    let parsed = v.as_str().and_then(Architecture::parse);
    if parsed.is_none() {
        let mut message = format!("expected `arm64` or `x86_64`, found {}", describe(v));
        if let Some(s) = v.as_str()
            && let Some(m) = did_you_mean(s, ["arm64", "x86_64"])
        {
            message.push_str(&format!("; did you mean `{m}`?"));
        }
        l.error(codes::CONFIG_INVALID_VALUE, path, message);
    }
    parsed
}

fn environment(l: &mut Loader, v: &Value, path: &str) -> Option<Environment> {
    let map = as_object(l, v, path)?;
    let mut env = Environment::new();
    for (name, value) in map {
        if value.is_null() {
            env.insert(name.clone(), None);
        } else if let Some(e) = l.env_value(value, &join(path, name)) {
            env.insert(name.clone(), Some(e));
        }
    }
    Some(env)
}

fn vpc(l: &mut Loader, v: &Value, path: &str, allow_ipv6: bool) -> Option<Vpc> {
    let map = &*l.object(v, path, &VPC)?;
    let mut out = Vpc::default();
    if let Some(ids) = get(map, "securityGroupIds") {
        out.security_group_ids = id_list(l, ids, &join(path, "securityGroupIds"));
    }
    if let Some(ids) = get(map, "subnetIds") {
        out.subnet_ids = id_list(l, ids, &join(path, "subnetIds"));
    }
    let ipv6_path = join(path, "ipv6AllowedForDualStack");
    if !allow_ipv6 && map.contains_key("ipv6AllowedForDualStack") {
        // The reference's capacity-provider VPC schema has no such key.
        l.error_help(
            codes::CONFIG_UNKNOWN_KEY,
            &ipv6_path,
            format!("unknown key `ipv6AllowedForDualStack` in {path}"),
            "`ipv6AllowedForDualStack` applies to provider.vpc and function vpc only; capacity \
             provider VPCs accept `subnetIds` and `securityGroupIds`",
        );
    } else if let Some(b) = get(map, "ipv6AllowedForDualStack") {
        out.ipv6_allowed_for_dual_stack = l.boolean(b, &ipv6_path);
    }
    Some(out)
}

/// VPC ids: a list of strings/intrinsics, an intrinsic yielding a list, or one string (coerced to
/// a one-item list, as the reference's ajv does).
fn id_list(l: &mut Loader, v: &Value, path: &str) -> Option<Expr> {
    match v {
        Value::String(s) => Some(Expr::List(vec![Expr::Str(s.clone())])),
        Value::Array(items) => {
            let parsed: Vec<Option<Expr>> =
                items.iter().enumerate().map(|(i, item)| l.string_or_intrinsic(item, &index(path, i))).collect();
            parsed.into_iter().collect::<Option<Vec<_>>>().map(Expr::List)
        }
        Value::Object(map) if has_intrinsic_key(map) => l.intrinsic(map, path).map(Expr::from),
        _ => {
            l.type_error(path, "a list of ids or an intrinsic function (`Fn::Split`, `Fn::FindInMap`, ...)", v);
            None
        }
    }
}

/// `deploymentBucket`: the bucket name, and the options of the in-stack bucket.
fn deployment_bucket(l: &mut Loader, v: &Value, path: &str) -> (Option<String>, Option<DeploymentBucketSettings>) {
    match v {
        Value::String(s) => (Some(s.clone()), None),
        Value::Object(_) => {
            let Some(map) = l.object(v, path, &DEPLOYMENT_BUCKET) else { return (None, None) };
            let map = &*map;
            let name = get(map, "name").and_then(|n| l.string(n, &join(path, "name")));
            let mut flag = |key: &str| get(map, key).and_then(|b| l.boolean(b, &join(path, key))).unwrap_or(false);
            let mut settings = DeploymentBucketSettings {
                block_public_access: flag("blockPublicAccess"),
                versioning: flag("versioning"),
                skip_policy_setup: flag("skipPolicySetup"),
                tags: None,
            };
            if let Some(t) = get(map, "tags") {
                settings.tags = surface::tags(l, t, &join(path, "tags")).filter(|t| !t.is_empty());
            }
            (name, Some(settings).filter(|s| *s != DeploymentBucketSettings::default()))
        }
        _ => {
            l.type_error(path, "a bucket name or an object with `name`", v);
            (None, None)
        }
    }
}

fn capacity_provider(l: &mut Loader, v: &Value, path: &str) -> CapacityProviderConfig {
    let mut cp = CapacityProviderConfig::default();
    // A null entry (`highMem: ~`) is a provider with default settings (DECISIONS D2).
    if v.is_null() {
        return cp;
    }
    let Some(map) = l.object(v, path, &CAPACITY_PROVIDER) else {
        return cp;
    };
    let map = &*map;
    let at = |k: &str| join(path, k);

    if let Some(perm) = get(map, "permissions")
        && let Some(perm) = l.object(perm, &at("permissions"), &PERMISSIONS).as_deref()
        && let Some(role) = get(perm, "operatorRole")
    {
        cp.operator_role = l.string_or_intrinsic(role, &join(&at("permissions"), "operatorRole"));
    }
    if let Some(v) = get(map, "vpc") {
        cp.vpc = vpc(l, v, &at("vpc"), false);
    }
    if let Some(ir) = get(map, "instanceRequirements") {
        cp.instance_requirements = instance_requirements(l, ir, &at("instanceRequirements"));
    }
    if let Some(s) = get(map, "scaling") {
        cp.scaling = cp_scaling(l, s, &at("scaling"));
    }
    if let Some(k) = get(map, "kmsKeyArn") {
        cp.kms_key_arn = l.string_or_intrinsic(k, &at("kmsKeyArn"));
    }
    cp
}

fn instance_requirements(l: &mut Loader, v: &Value, path: &str) -> Option<InstanceRequirements> {
    let map = &*l.object(v, path, &INSTANCE_REQUIREMENTS)?;
    let mut ir = InstanceRequirements::default();
    if let Some(a) = get(map, "allowedInstanceTypes") {
        ir.allowed_instance_types = l.string_list(a, &join(path, "allowedInstanceTypes")).unwrap_or_default();
    }
    if let Some(e) = get(map, "excludedInstanceTypes") {
        ir.excluded_instance_types = l.string_list(e, &join(path, "excludedInstanceTypes")).unwrap_or_default();
    }
    if let Some(a) = get(map, "architectures") {
        let arch_path = join(path, "architectures");
        let items: Vec<&Value> = match a {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        let single = !a.is_array();
        for (i, item) in items.into_iter().enumerate() {
            let item_path = if single { arch_path.clone() } else { index(&arch_path, i) };
            if let Some(arch) = architecture(l, item, &item_path) {
                ir.architectures.push(arch);
            }
        }
    }
    Some(ir)
}

fn cp_scaling(l: &mut Loader, v: &Value, path: &str) -> Option<CapacityProviderScaling> {
    let map = &*l.object(v, path, &CP_SCALING)?;
    let mut s = CapacityProviderScaling::default();
    if let Some(m) = get(map, "mode") {
        s.mode = m.as_str().and_then(ScalingMode::parse_any_case);
        if s.mode.is_none() {
            l.error_help(
                codes::LAMBDA_CAPACITY_PROVIDER_INVALID_SCALING_MODE,
                &join(path, "mode"),
                format!("invalid scaling mode {}; allowed: auto, manual", shown(m)),
                "`auto` lets AWS scale; `manual` scales with your `policies`",
            );
        }
    }
    if let Some(m) = get(map, "maxVCpuCount") {
        s.max_vcpu_count = l.integer(m, &join(path, "maxVCpuCount"));
    }
    if let Some(p) = get(map, "policies") {
        let policies_path = join(path, "policies");
        match p {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let Some(policy) = policy(l, item, &index(&policies_path, i)) {
                        s.policies.push(policy);
                    }
                }
            }
            // ajv's `coerceTypes: 'array'` wraps a lone policy object into a list.
            Value::Object(_) => s.policies.extend(policy(l, p, &policies_path)),
            _ => l.type_error(&policies_path, "a list of scaling policies", p),
        }
    }
    Some(s)
}

fn policy(l: &mut Loader, v: &Value, path: &str) -> Option<ScalingPolicy> {
    let map = &*l.object(v, path, &POLICY)?;
    let metric = match get(map, "predefinedMetricType") {
        Some(m) => {
            let parsed = m.as_str().and_then(MetricType::parse);
            if parsed.is_none() {
                let names: Vec<&str> = MetricType::ALL.iter().map(|m| m.as_str()).collect();
                let mut message = format!("unknown predefinedMetricType {}", shown(m));
                if let Some(s) = m.as_str()
                    && let Some(d) = did_you_mean(s, names.iter().copied())
                {
                    message.push_str(&format!("; did you mean `{d}`?"));
                }
                l.error_help(
                    codes::CONFIG_INVALID_VALUE,
                    &join(path, "predefinedMetricType"),
                    message,
                    format!("allowed: {}", list(&names)),
                );
            }
            parsed
        }
        None => {
            l.missing(
                path,
                "predefinedMetricType",
                "add `\"predefinedMetricType\": \"LambdaCapacityProviderAverageCPUUtilization\"`",
            );
            None
        }
    };
    let target = match get(map, "targetValue") {
        Some(t) => l.number(t, &join(path, "targetValue")),
        None => {
            l.missing(path, "targetValue", "add a target utilization in percent, e.g. `\"targetValue\": 70`");
            None
        }
    };
    Some(ScalingPolicy { predefined_metric_type: metric?, target_value: target? })
}

/// A value in a message: strings quoted, others as JSON.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        other => describe(other),
    }
}

const IMAGE: Keys =
    Keys { allowed: &["uri", "name", "command", "entryPoint", "workingDirectory"], unsupported: &[], no_effect: &[] };

/// The object form of `image`: `uri` (or `name`, an image of `provider.ecr` to build, which
/// stackwright stores like the string form's name) and the settings that become `ImageConfig`.
fn image(l: &mut Loader, v: &Value, path: &str, key: &str) -> Option<Image> {
    let map = &*l.object(v, path, &IMAGE)?;
    let at = |k: &str| join(path, k);
    let uri = match (get(map, "uri"), get(map, "name")) {
        (Some(uri), None) => l.string(uri, &at("uri")),
        // An image of `provider.ecr` to build, stored as the string form stores one: `ecr_images`
        // rejects building it, once.
        (None, Some(name)) => l.string(name, &at("name")),
        (Some(_), Some(_)) => {
            let message =
                format!("Either \"uri\" or \"name\" property (not both) needs to be set on image for function: {key}");
            let help = "keep `uri` (an image pinned by digest)";
            l.error_help(codes::FUNCTION_IMAGE_BOTH_URI_AND_NAME_DEFINED_ERROR, path, message, help);
            None
        }
        (None, None) => {
            let message = format!("Either \"uri\" or \"name\" property needs to be set on image for function: {key}");
            let help = "add `uri: <registry>/<repository>@sha256:<digest>`";
            l.error_help(codes::FUNCTION_IMAGE_NEITHER_URI_NOR_NAME_DEFINED_ERROR, path, message, help);
            None
        }
    };
    let command = get(map, "command").and_then(|c| l.string_list(c, &at("command")));
    let entry_point = get(map, "entryPoint").and_then(|e| l.string_list(e, &at("entryPoint")));
    let working_directory = get(map, "workingDirectory").and_then(|w| l.string(w, &at("workingDirectory")));
    Some(Image { uri: uri?, command, entry_point, working_directory })
}

fn function(l: &mut Loader, v: &Value, path: &str, key: &str) -> Function {
    let mut f = Function::default();
    let Some(map) = l.object(v, path, &FUNCTION) else {
        return f;
    };
    let map = &*map;
    let at = |k: &str| join(path, k);

    if let Some(h) = get(map, "handler") {
        f.handler = l.string(h, &at("handler"));
    }
    if let Some(i) = get(map, "image") {
        f.image = match i {
            Value::Object(_) => image(l, i, &at("image"), key),
            _ => l.string(i, &at("image")).map(Image::new),
        };
    }
    if let Some(n) = get(map, "name") {
        f.name = l.string(n, &at("name"));
    }
    if let Some(d) = get(map, "description") {
        f.description = l.string(d, &at("description"));
    }
    if let Some(r) = get(map, "runtime") {
        f.runtime = runtime(l, r, &at("runtime"));
    }
    if let Some(m) = get(map, "memorySize") {
        f.memory_size = l.integer(m, &at("memorySize"));
    }
    if let Some(t) = get(map, "timeout") {
        f.timeout = l.integer(t, &at("timeout"));
    }
    if let Some(a) = get(map, "architecture") {
        f.architecture = architecture(l, a, &at("architecture"));
    }
    if let Some(e) = get(map, "environment") {
        f.environment = environment(l, e, &at("environment"));
    }
    // `vpc: null` and `vpc: false` both opt out of provider.vpc.
    match find(map, "vpc") {
        None => {}
        Some(Value::Null | Value::Bool(false)) => f.vpc = Some(FunctionVpc::Disabled(DisabledVpc)),
        Some(v) => f.vpc = vpc(l, v, &at("vpc"), true).map(FunctionVpc::Config),
    }
    if let Some(cp) = find(map, "capacityProvider") {
        f.capacity_provider = capacity_provider_ref(l, cp, &at("capacityProvider"), key);
    }
    if let Some(p) = get(map, "package") {
        f.package = package(l, p, &at("package"));
    }
    if let Some(v) = get(map, "versionFunction") {
        f.version_function = l.boolean(v, &at("versionFunction"));
    }
    if let Some(r) = get(map, "reservedConcurrency") {
        f.reserved_concurrency = l.integer(r, &at("reservedConcurrency"));
    }
    if let Some(p) = get(map, "provisionedConcurrency") {
        f.provisioned_concurrency = l.integer(p, &at("provisionedConcurrency"));
    }
    if let Some(fs) = get(map, "fileSystemConfig") {
        f.file_system_config = file_system_config(l, fs, &at("fileSystemConfig"));
    }
    function_surface(l, map, path, key, &mut f);
    f
}

/// The function's events, IAM role, tags, logs, tracing, layers and asynchronous settings.
fn function_surface(l: &mut Loader, map: &Map<String, Value>, path: &str, key: &str, f: &mut Function) {
    let at = |k: &str| join(path, k);
    if let Some(v) = get(map, "events") {
        f.events = crate::events::load_all(l, v, &at("events"), key);
    }
    if let Some(v) = find(map, "url") {
        match v {
            Value::Null | Value::Bool(false) => {}
            Value::Bool(true) | Value::Object(_) => f.url = surface::verbatim(l, v, &at("url")),
            _ => l.type_error(&at("url"), "`true` or an object with `authorizer`, `cors`, `invokeMode`", v),
        }
    }
    if let Some(v) = get(map, "httpApi") {
        f.http_api = surface::verbatim(l, v, &at("httpApi"));
    }
    if let Some(v) = get(map, "role") {
        f.role = l.string_or_intrinsic(v, &at("role"));
    }
    if let Some(v) = get(map, "iamRoleStatements") {
        f.iam_role_statements = surface::statements(l, v, &at("iamRoleStatements"));
    }
    if let Some(v) = get(map, "iamRoleStatementsName") {
        f.iam_role_statements_name = l.string(v, &at("iamRoleStatementsName"));
    }
    if let Some(v) = get(map, "iamRoleStatementsInherit") {
        f.iam_role_statements_inherit = l.boolean(v, &at("iamRoleStatementsInherit"));
    }
    if let Some(v) = get(map, "iamPermissionsBoundary") {
        f.iam_permissions_boundary = l.string_or_intrinsic(v, &at("iamPermissionsBoundary"));
    }
    if let Some(v) = get(map, "tags") {
        f.tags = surface::tags(l, v, &at("tags"));
    }
    if let Some(v) = get(map, "layers") {
        f.layers = surface::expr_list(l, v, &at("layers"));
    }
    if let Some(v) = get(map, "logs") {
        f.logs = surface::lambda_logs(l, v, &at("logs"));
    }
    if let Some(v) = get(map, "logRetentionInDays") {
        f.log_retention_in_days = surface::retention(l, v, &at("logRetentionInDays"));
    }
    if let Some(v) = get(map, "logDataProtectionPolicy") {
        f.log_data_protection_policy = surface::verbatim(l, v, &at("logDataProtectionPolicy"));
    }
    if let Some(v) = get(map, "disableLogs") {
        f.disable_logs = l.boolean(v, &at("disableLogs"));
    }
    if let Some(v) = get(map, "tracing") {
        f.tracing = surface::tracing(l, v, &at("tracing"));
    }
    if let Some(v) = get(map, "kmsKeyArn") {
        f.kms_key_arn = l.string_or_intrinsic(v, &at("kmsKeyArn"));
    }
    if let Some(v) = get(map, "ephemeralStorageSize") {
        f.ephemeral_storage_size = l.integer(v, &at("ephemeralStorageSize"));
    }
    if let Some(v) = get(map, "runtimeManagement") {
        f.runtime_management = surface::runtime_management(l, v, &at("runtimeManagement"));
    }
    if let Some(v) = get(map, "onError") {
        f.on_error = l.string_or_intrinsic(v, &at("onError"));
    }
    if let Some(v) = get(map, "destinations") {
        f.destinations = surface::destinations(l, v, &at("destinations"));
    }
    if let Some(v) = get(map, "maximumEventAge") {
        f.maximum_event_age = l.integer(v, &at("maximumEventAge"));
    }
    if let Some(v) = get(map, "maximumRetryAttempts") {
        f.maximum_retry_attempts = l.integer(v, &at("maximumRetryAttempts"));
    }
    if let Some(v) = get(map, "snapStart") {
        f.snap_start = l.boolean(v, &at("snapStart"));
    }
    if let Some(v) = get(map, "dependsOn") {
        f.depends_on = l.string_list(v, &at("dependsOn")).unwrap_or_default();
    }
    if let Some(v) = get(map, "condition") {
        f.condition = l.string(v, &at("condition"));
    }
}

/// `functions.<key>.capacityProvider` in all its forms (reference §5.2).
fn capacity_provider_ref(l: &mut Loader, v: &Value, path: &str, fn_key: &str) -> Option<CapacityProviderRef> {
    match v {
        Value::Null | Value::Bool(false) => None,
        // An empty name means "no capacity provider", as in the reference.
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(CapacityProviderRef::Name(s.clone())),
        // ajv coerces scalars (and one-item arrays of scalars) to the `string` branch.
        Value::Number(_) | Value::Bool(true) => Some(CapacityProviderRef::Name(js_string(v))),
        Value::Array(items) if items.len() == 1 && (items[0].is_string() || items[0].is_number()) => {
            capacity_provider_ref(l, &items[0], path, fn_key)
        }
        Value::Object(map) if has_intrinsic_key(map) => {
            if map.len() == 1 {
                l.intrinsic(map, path).map(CapacityProviderRef::Intrinsic)
            } else {
                let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                l.error_help(
                    codes::LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE,
                    path,
                    format!(
                        "capacityProvider of function \"{fn_key}\" mixes an intrinsic function with other keys ({})",
                        list(&keys)
                    ),
                    "use either an intrinsic alone (`{\"Fn::GetAtt\": [...]}`) or the object form with the \
                     intrinsic in `name` (`{\"name\": {\"Fn::GetAtt\": [...]}, \"maxConcurrency\": 8}`)",
                );
                None
            }
        }
        Value::Object(_) => function_cp_object(l, v, path, fn_key).map(CapacityProviderRef::Config),
        _ => {
            l.type_error(path, "a capacity provider name, an intrinsic function or an object with `name`", v);
            None
        }
    }
}

fn function_cp_object(l: &mut Loader, v: &Value, path: &str, fn_key: &str) -> Option<FunctionCapacityProvider> {
    let map = &*l.object(v, path, &FUNCTION_CP)?;
    let at = |k: &str| join(path, k);
    let mut cp = FunctionCapacityProvider { name: None, max_concurrency: None, memory_per_vcpu: None, scaling: None };
    // A missing name is stored as None: validation reports LAMBDA_MANAGED_INSTANCES_MISSING_NAME.
    if let Some(n) = get(map, "name") {
        cp.name = l.string_or_intrinsic(n, &at("name"));
    }
    if let Some(m) = get(map, "maxConcurrency") {
        cp.max_concurrency = l.strict_integer(m, &at("maxConcurrency"));
    }
    if let Some(m) = get(map, "memoryPerVCpu") {
        let gib = m.as_f64().filter(|f| f.fract() == 0.0 && (0.0..=8.0).contains(f));
        cp.memory_per_vcpu = gib.and_then(|g| MemoryPerVCpu::from_gib(g as u32));
        if cp.memory_per_vcpu.is_none() {
            l.error_help(
                codes::LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY,
                &at("memoryPerVCpu"),
                format!(
                    "Invalid \"memoryPerVCpu\" value {} for function \"{fn_key}\". Supported values are: 2, 4, 8.",
                    js_string(m)
                ),
                "memoryPerVCpu is the GiB of memory per vCPU: the number 2, 4 or 8",
            );
        }
    }
    if let Some(s) = get(map, "scaling")
        && let Some(s) = l.object(s, &at("scaling"), &FUNCTION_SCALING).as_deref()
    {
        let mut scaling = FunctionScaling::default();
        if let Some(min) = get(s, "min") {
            scaling.min = l.strict_integer(min, &join(&at("scaling"), "min"));
        }
        if let Some(max) = get(s, "max") {
            scaling.max = l.strict_integer(max, &join(&at("scaling"), "max"));
        }
        cp.scaling = Some(scaling);
    }
    Some(cp)
}

fn file_system_config(l: &mut Loader, v: &Value, path: &str) -> Option<FileSystemConfig> {
    let map = &*l.object(v, path, &FILE_SYSTEM)?;
    let arn = match get(map, "arn") {
        Some(a) => l.string_or_intrinsic(a, &join(path, "arn")),
        None => {
            l.missing(path, "arn", "add the EFS access point ARN");
            None
        }
    };
    let local_mount_path = match get(map, "localMountPath") {
        Some(p) => l.string(p, &join(path, "localMountPath")),
        None => {
            l.missing(path, "localMountPath", "add a mount path such as `/mnt/efs`");
            None
        }
    };
    Some(FileSystemConfig { arn: arn?, local_mount_path: local_mount_path? })
}

fn package(l: &mut Loader, v: &Value, path: &str) -> Package {
    let mut p = Package::default();
    let Some(map) = l.object(v, path, &PACKAGE) else {
        return p;
    };
    let map = &*map;
    if let Some(a) = get(map, "artifact") {
        p.artifact = l.string(a, &join(path, "artifact")).map(Artifact::file);
    }
    if let Some(i) = get(map, "individually") {
        p.individually = l.boolean(i, &join(path, "individually"));
    }
    for (key, list) in [("patterns", &mut p.patterns), ("include", &mut p.include), ("exclude", &mut p.exclude)] {
        if let Some(v) = get(map, key) {
            *list = l.string_list(v, &join(path, key)).unwrap_or_default();
        }
    }
    if let Some(e) = get(map, "excludeDevDependencies") {
        p.exclude_dev_dependencies = l.boolean(e, &join(path, "excludeDevDependencies"));
    }
    p
}

fn resources(l: &mut Loader, v: &Value) -> UserResources {
    let path = "resources";
    let mut r = UserResources::default();
    let Some(map) = l.object(v, path, &RESOURCES) else {
        return r;
    };
    let map = &*map;
    let section = |l: &mut Loader, key: &str| -> IndexMap<String, Value> {
        let Some(m) = get(map, key).and_then(|s| as_object(l, s, &join(path, key))) else {
            return IndexMap::new();
        };
        let mut out = IndexMap::with_capacity(m.len());
        for (k, v) in m {
            // Checked before copying: cloning (and later walking) a tree from a front end
            // without a depth limit would recurse once per level.
            if crate::json::too_deep(v, crate::json::MAX_VALUE_DEPTH) {
                let at = join(&join(path, key), k);
                l.error_help(
                    codes::CONFIG_INVALID_VALUE,
                    &at,
                    format!("nesting deeper than {} levels", crate::json::MAX_VALUE_DEPTH),
                    "Flatten the value; CloudFormation templates never need this much nesting.",
                );
            } else {
                out.insert(k.clone(), v.clone());
            }
        }
        out
    };
    r.resources = section(l, "Resources");
    for (id, res) in &mut r.resources {
        let at = join(&join(path, "Resources"), id);
        match res {
            Value::Object(m) => {
                match m.get("Type") {
                    Some(Value::String(_)) => {}
                    Some(t) => {
                        l.type_error(&join(&at, "Type"), "a resource type string such as \"AWS::S3::Bucket\"", t)
                    }
                    None => l.missing(&at, "Type", "add the resource type, e.g. `\"Type\": \"AWS::S3::Bucket\"`"),
                }
                // The reference's schema (a list of strings) makes one name a list of one.
                if let Some(one @ Value::String(_)) = m.get_mut("DependsOn") {
                    *one = Value::Array(vec![one.take()]);
                }
            }
            other => l.type_error(&at, "a resource object with `Type`", other),
        }
    }
    r.outputs = section(l, "Outputs");
    r.conditions = section(l, "Conditions");
    r.parameters = section(l, "Parameters");
    r.mappings = section(l, "Mappings");
    if let Some(d) = get(map, "Description") {
        r.description = l.string(d, &join(path, "Description"));
    }
    // The template has the one version CloudFormation knows; the reference merges the user's
    // over it, so the same value changes nothing and another is refused by CloudFormation.
    if let Some(v) = get(map, "AWSTemplateFormatVersion")
        && v.as_str() != Some("2010-09-09")
    {
        l.error_help(
            codes::CONFIG_INVALID_VALUE,
            &join(path, "AWSTemplateFormatVersion"),
            format!("CloudFormation knows only the format version \"2010-09-09\"; found {}", describe(v)),
            "write '2010-09-09' (quoted), or remove it: the template has it already",
        );
    }
    for name in crate::model::OTHER_SECTIONS {
        let Some(v) = get(map, name) else { continue };
        let at = join(path, name);
        let fits = match *name {
            "Transform" => v.is_string() || v.as_array().is_some_and(|t| t.iter().all(Value::is_string)),
            _ => v.is_object(),
        };
        if !fits {
            let expected = if *name == "Transform" { "a macro name, or a list of macro names" } else { "an object" };
            l.type_error(&at, expected, v);
        } else if crate::json::too_deep(v, crate::json::MAX_VALUE_DEPTH) {
            l.error(
                codes::CONFIG_INVALID_VALUE,
                &at,
                format!("nesting deeper than {} levels", crate::json::MAX_VALUE_DEPTH),
            );
        } else {
            // The reference's schema (a list of strings) makes one name a list of one.
            let v = match v {
                Value::String(_) => Value::Array(vec![v.clone()]),
                _ => v.clone(),
            };
            r.sections.insert((*name).to_string(), v);
        }
    }
    // `Rules` is not in the reference's schema, which merges it all the same unless
    // `configValidationMode: error` stops it.
    if map.contains_key("Rules") {
        let message = "`Rules` is not in Serverless Framework's schema for `resources`; it merges the section into the \
                       template all the same, and so does stackwright";
        let help = "keep it if CloudFormation's template rules are what you mean; `configValidationMode: error` \
                    refuses it";
        l.schema_warning(codes::CONFIG_UNKNOWN_KEY, &join(path, "Rules"), message, help);
    }
    // The reference appends these sections to the template in the order written.
    let trailing =
        |k: &&String| crate::model::KEYED_SECTIONS.iter().chain(crate::model::OTHER_SECTIONS).any(|s| s == k);
    r.section_order = map.keys().filter(trailing).cloned().collect();
    r.extensions = section(l, "extensions");
    r.extensions.retain(|id, extension| resource_extension(l, &join(&join(path, "extensions"), id), id, extension));
    r
}

/// One entry of `resources.extensions`, checked as the reference applies it
/// (`merge-custom-provider-resources.js`); a string `DependsOn` becomes a one-item list, as the
/// schema's coercion makes it. Whether it is kept.
fn resource_extension(l: &mut Loader, at: &str, id: &str, extension: &mut Value) -> bool {
    let Some(attributes) = extension.as_object_mut() else {
        l.type_error(at, "an object (resource attribute → value)", extension);
        return false;
    };
    let mut ok = true;
    for (name, value) in attributes.iter_mut() {
        let path = join(at, name);
        match name.as_str() {
            "Properties" | "Metadata" | "CreationPolicy" | "UpdatePolicy" if !value.is_object() => {
                l.type_error(&path, "an object", value);
                ok = false;
            }
            "DeletionPolicy" | "UpdateReplacePolicy" | "Condition" if !value.is_string() => {
                l.type_error(&path, "a string", value);
                ok = false;
            }
            "DependsOn" => match value {
                Value::String(name) => *value = Value::Array(vec![Value::String(std::mem::take(name))]),
                Value::Array(names) if names.iter().all(Value::is_string) => {}
                other => {
                    l.type_error(&path, "a logical ID or a list of them", other);
                    ok = false;
                }
            },
            "Properties"
            | "Metadata"
            | "CreationPolicy"
            | "UpdatePolicy"
            | "DeletionPolicy"
            | "UpdateReplacePolicy"
            | "Condition" => {}
            other => {
                l.error_help(
                    codes::RESOURCE_EXTENSION_UNSUPPORTED_ATTRIBUTE,
                    &path,
                    format!("Cannot extend \"{id}\" resource, as extending the \"{other}\" attribute at this point is not supported."),
                    "extensions set Properties, Metadata, DependsOn, Condition, CreationPolicy, DeletionPolicy, \
                     UpdatePolicy or UpdateReplacePolicy; declare anything else in `resources.Resources`",
                );
                ok = false;
            }
        }
    }
    ok
}

#[cfg(test)]
mod schema_keys {
    //! DECISIONS.md D6: every key of the reference's schema is in exactly one of the three sets.

    use super::*;

    /// The key sets of each schema level of `tests/data/reference-schema-keys.txt`.
    fn level(prefix: &str) -> Option<&'static Keys> {
        match prefix {
            "" => Some(&TOP),
            "provider" => Some(&PROVIDER),
            "functions.*" => Some(&FUNCTION),
            "package" => Some(&PACKAGE),
            "provider.deploymentBucket" => Some(&DEPLOYMENT_BUCKET),
            "layers.*" => Some(&super::super::layers::LAYER),
            "layers.*.package" => Some(&super::super::layers::LAYER_PACKAGE),
            _ => None,
        }
    }

    #[test]
    fn every_reference_key_is_in_exactly_one_set() {
        let list = include_str!("../../tests/data/reference-schema-keys.txt");
        let (mut problems, mut counts) = (Vec::new(), [0usize; 3]);
        for path in list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (prefix, key) = path.rsplit_once('.').unwrap_or(("", path));
            let Some(keys) = level(prefix) else {
                problems.push(format!("{path}: no key table for `{prefix}`"));
                continue;
            };
            let sets = [keys.allowed, keys.no_effect, keys.unsupported];
            let found: Vec<usize> = (0..3).filter(|&i| sets[i].contains(&key)).collect();
            match found.as_slice() {
                [i] => counts[*i] += 1,
                [] => problems.push(format!("{path}: in none of supported, no effect, rejected")),
                _ => problems.push(format!("{path}: in more than one set")),
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        eprintln!("supported {}, no effect {}, rejected {}", counts[0], counts[1], counts[2]);
    }

    #[test]
    fn no_key_is_in_two_sets() {
        for keys in [&TOP, &PROVIDER, &FUNCTION, &PACKAGE, &DEPLOYMENT_BUCKET] {
            for k in keys.allowed.iter().chain(keys.no_effect).chain(keys.unsupported) {
                let n = [keys.allowed, keys.no_effect, keys.unsupported].iter().filter(|s| s.contains(k)).count();
                assert_eq!(n, 1, "`{k}` is in {n} sets");
            }
        }
    }

    #[test]
    fn rejected_keys_name_an_alternative() {
        let mut missing = Vec::new();
        for keys in [&TOP, &PROVIDER, &FUNCTION, &PACKAGE, &DEPLOYMENT_BUCKET] {
            for k in keys.unsupported {
                let mut l = Loader::new();
                l.unsupported(k, k);
                let d = l.finish();
                if d.iter().next().unwrap().help.starts_with("remove it, or open an issue") {
                    missing.push(*k);
                }
            }
        }
        assert!(missing.is_empty(), "rejected without a reason: {missing:?}");
    }
}
