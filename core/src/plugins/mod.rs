//! `plugins` (DECISIONS.md D8): stackwright runs no JavaScript. Every plugin a service names is
//! looked up in [`KNOWN`]: build- and dev-time plugins are accepted (they change nothing in the
//! template once the code zip exists); the plugins whose template effect stackwright reproduces
//! natively are accepted and switch that on ([`IAM_ROLES_PER_FUNCTION`], [`PSEUDO_PARAMETERS`],
//! [`CF_VARS`], [`CLOUDFORMATION_SUB_VARIABLES`], [`ASSOCIATE_WAF`], [`API_GATEWAY_THROTTLING`],
//! [`REQ_VALIDATOR`], [`BINARY_CORS`]:
//! passes in `synth/plugins.rs`; serverless-lift's queues: [`lift`]; serverless-plugin-aws-alerts:
//! [`aws_alerts`]; serverless-step-functions: [`step_functions`]; serverless-dynamodb-autoscaling:
//! [`dynamodb_autoscaling`]; serverless-api-gateway-caching: [`api_gateway_caching`];
//! serverless-plugin-log-subscription: [`log_subscription`]; serverless-plugin-canary-deployments:
//! [`canary_deployments`]; serverless-dependson-plugin:
//! [`depends_on`]; serverless-plugin-ifelse and serverless-plugin-lambda-insights change the
//! config before it is read, in `ifelse.rs` and `lambda_insights.rs`); any other plugin is an
//! error that says what to do.

pub mod api_gateway_caching;
pub mod aws_alerts;
pub mod canary_deployments;
pub(crate) mod compression;
pub mod depends_on;
pub mod dynamodb_autoscaling;
mod functions_base_path;
mod ifelse;
mod lambda_insights;
pub mod lift;
mod log_retention;
pub mod log_subscription;
pub mod package_common;
pub mod python_requirements;
pub mod step_functions;
pub mod tracing;
pub mod warmup;

use serde_json::Value;

use crate::codes;
use crate::config_path::matches;
use crate::reader::{Loader, get, index, join};

/// What stackwright does with a plugin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluginKind {
    /// Build-, test- or dev-time only: no effect on the template once the zip exists. The text
    /// says what stackwright does instead, where that matters.
    BuildTime(&'static str),
    /// Acts only around a deploy (API calls or uploads before or after it): the template is the
    /// same with or without it, but `stackwright deploy` does not do it. The text says what the
    /// plugin did and how to do it without.
    DeployTime(&'static str),
    /// Changes the template; stackwright reproduces the change natively, byte for byte.
    Native,
    /// [`PluginKind::Native`] for its template change, and [`PluginKind::DeployTime`] for what it
    /// also does after a deploy (a warning with the text, as for a deploy-time plugin).
    NativeAndDeployTime(&'static str),
    /// Changes the template in a way stackwright does not reproduce; the text says what to do.
    Unsupported(&'static str),
}

/// A config with the changes of the plugins that change it before the framework reads it
/// (serverless-lift, serverless-python-requirements' layer), and where what they added was written.
pub(crate) struct Expanded {
    /// The config as the framework sees it after the plugins' changes.
    pub(crate) root: Value,
    /// Where the parts the plugins added were written; see [`as_written`].
    pub(crate) origins: Origins,
    /// serverless-plugin-warmup's warmers, with their handler files.
    pub(crate) warmers: Vec<warmup::Warmer>,
    /// What serverless-plugin-tracing reads, when it is listed.
    pub(crate) tracing: Option<tracing::Tracing>,
    /// serverless-package-common's folders.
    pub(crate) linked: Vec<package_common::Linked>,
}

/// (config path in the expanded config, config path as written, whether the path below it
/// carries over): e.g. serverless-lift's worker `functions.<id>Worker` is written at
/// `constructs.<id>.worker`, and the `sqs` event Lift gives it stands for `constructs.<id>`.
pub(crate) type Origins = Vec<(String, String, bool)>;

/// The config as the plugins `root` lists change it before the framework reads it (see
/// [`Expanded`]); `None` when none of them does. Their problems go to `l`.
pub(crate) fn expand(l: &mut Loader, root: &Value) -> Option<Expanded> {
    let map = root.as_object()?;
    let names = names(map.get("plugins"));
    let lift = names.contains(&lift::LIFT);
    let python = python_requirements::layered(map);
    let warmup = names.contains(&warmup::WARMUP);
    let common = names.contains(&package_common::PACKAGE_COMMON);
    let base_path = names.contains(&functions_base_path::FUNCTIONS_BASE_PATH);
    let retention = names.contains(&log_retention::LOG_RETENTION);
    let traced = names.contains(&tracing::TRACING);
    let insights = names.contains(&lambda_insights::LAMBDA_INSIGHTS);
    let ifelse = names.contains(&ifelse::IFELSE);
    if !lift && !python && !warmup && !common && !base_path && !retention && !traced && !insights && !ifelse {
        return None;
    }
    let mut root = map.clone();
    let mut origins = Vec::new();
    // These plugins see `functions` and `resources` as the framework has merged them (a list's
    // items deep-merged in order).
    if base_path || retention || traced || insights || ifelse {
        merge_listed(&mut root, "functions");
    }
    if retention || ifelse {
        merge_listed(&mut root, "resources");
    }
    // `before:package:initialize`, on the config as the user wrote it, before any plugin adds to it.
    if ifelse {
        ifelse::expand(l, &mut root);
    }
    if lift {
        lift::expand(l, &mut root, &mut origins);
    }
    if python {
        python_requirements::expand(&mut root, &mut origins);
    }
    let linked = if common { package_common::expand(l, &root) } else { Vec::new() };
    // `before:package:initialize`: after Lift's functions, before the warmers'.
    if base_path {
        functions_base_path::expand(&mut root);
    }
    // After Lift's: its workers are functions the warmers may warm.
    let warmers = if warmup { warmup::expand(l, &mut root, &mut origins) } else { Vec::new() };
    // `before:package:setupProviderConfiguration`: Lift's workers and the warmers are functions.
    if insights {
        lambda_insights::expand(l, &mut root);
    }
    // `package:createDeploymentArtifacts`: the warmers are functions by then.
    if retention {
        let has_resources = map.get("resources").is_some_and(|r| !r.is_null());
        log_retention::expand(l, &mut root, has_resources);
    }
    let tracing = traced.then(|| tracing::expand(&mut root));
    Some(Expanded { root: Value::Object(root), origins, warmers, tracing, linked })
}

/// `root[key]` written as a list of objects, deep-merged into one object as the framework does
/// (anything else is left for the loader to report).
fn merge_listed(root: &mut serde_json::Map<String, Value>, key: &str) {
    let Some(Value::Array(items)) = root.get(key) else { return };
    if !items.iter().all(Value::is_object) {
        return;
    }
    let mut merged = Value::Object(serde_json::Map::new());
    for item in items {
        crate::json::lodash_merge(&mut merged, item);
    }
    root.insert(key.to_string(), merged);
}

/// The service's name and stage in a config tree, as a plugin sees them before the framework
/// reads the config (`service` or the v1/v2 `service.name`; `provider.stage`, which `--stage`
/// sets, else `dev`).
fn service_and_stage(root: &serde_json::Map<String, Value>) -> (&str, &str) {
    let service = match root.get("service") {
        Some(Value::Object(s)) => s.get("name").and_then(Value::as_str).unwrap_or_default(),
        Some(s) => s.as_str().unwrap_or_default(),
        None => "",
    };
    let stage = root.get("provider").and_then(|p| p.get("stage")).and_then(Value::as_str).unwrap_or("dev");
    (service, stage)
}

/// Merges a plugin's `{Resources, Outputs}` into the user's `resources` as the framework will:
/// after the user's own (a list gets one more item, an object is deep-merged); a `resources`
/// of the wrong type is left for the loader to report.
fn add_resources(root: &mut serde_json::Map<String, Value>, template: serde_json::Map<String, Value>) {
    match root.entry("resources").or_insert_with(|| Value::Object(serde_json::Map::new())) {
        Value::Array(items) => items.push(Value::Object(template)),
        user @ Value::Object(_) => crate::json::lodash_merge(user, &Value::Object(template)),
        _ => {}
    }
}

/// The region a plugin sees in a config tree: `provider.region`, which `--region` sets, else
/// `us-east-1`.
fn region(root: &serde_json::Map<String, Value>) -> &str {
    root.get("provider").and_then(|p| p.get("region")).and_then(Value::as_str).unwrap_or("us-east-1")
}

/// `diagnostics` with the paths of what plugins added as the user wrote them.
pub(crate) fn as_written(diagnostics: crate::Diagnostics, origins: &Origins) -> crate::Diagnostics {
    if origins.is_empty() {
        return diagnostics;
    }
    let mut out = crate::Diagnostics::new();
    for mut d in diagnostics {
        if let Some(path) = written_path(&d.path, origins) {
            d.path = path;
        }
        out.push(d);
    }
    out
}

/// Where config path `path` (of the config as plugins changed it) was written, by the first of
/// `origins` it is in; `None` when it was written where it is.
pub(crate) fn written_path(path: &str, origins: &Origins) -> Option<String> {
    origins.iter().find_map(|(from, to, keep)| {
        let rest = path.strip_prefix(from.as_str())?;
        (rest.is_empty() || rest.starts_with(['.', '[']))
            .then(|| if *keep { format!("{to}{rest}") } else { to.clone() })
    })
}

/// serverless-iam-roles-per-function: functions' `iamRoleStatements` give them roles of their own.
pub const IAM_ROLES_PER_FUNCTION: &str = "serverless-iam-roles-per-function";
/// serverless-dotenv-plugin: build-time by D8, though it copies `.env` variables into the functions.
pub const DOTENV: &str = "serverless-dotenv-plugin";
/// serverless-pseudo-parameters: `#{AWS::Region}` in template strings becomes `Fn::Sub`.
pub const PSEUDO_PARAMETERS: &str = "serverless-pseudo-parameters";
/// serverless-express: every function gets the environment variable `SERVERLESS_EXPRESS_PLATFORM`.
pub const SERVERLESS_EXPRESS: &str = "serverless-express";

/// serverless-cf-vars: `#{X}` in `Resources.*.Properties` strings becomes `Fn::Sub`.
pub const CF_VARS: &str = "serverless-cf-vars";
/// serverless-cloudformation-sub-variables: `#{X}` in template strings becomes `Fn::Sub`.
pub const CLOUDFORMATION_SUB_VARIABLES: &str = "serverless-cloudformation-sub-variables";
/// serverless-associate-waf: an output with the REST API's ID (the WAF association is deploy-time).
pub const ASSOCIATE_WAF: &str = "serverless-associate-waf";
/// serverless-api-gateway-throttling: outputs with the APIs' IDs (the throttling is deploy-time).
pub const API_GATEWAY_THROTTLING: &str = "serverless-api-gateway-throttling";
/// serverless-plugin-resource-tagging: `provider.stackTags` on every resource of eight types.
pub const RESOURCE_TAGGING: &str = "serverless-plugin-resource-tagging";
/// serverless-plugin-git-variables 5.2.0's npm name. The CLI reads git (its variable source and
/// its export); core knows what the export writes ([`GIT_VARIABLES_EXPORTED`]).
pub const GIT_VARIABLES: &str = "serverless-plugin-git-variables";
/// serverless-ssm-fetch's npm name. The CLI writes its parameters into the functions'
/// environment, with the values mechanism of variables (D9); core only knows its key.
pub const SSM_FETCH: &str = "serverless-ssm-fetch";
/// serverless-ssm-fetch's settings under `custom`.
pub const SSM_FETCH_CUSTOM: &str = "serverlessSsmFetch";
/// What serverless-plugin-git-variables puts into every function's `environment` and `tags`:
/// (its variable, the name it is exported as).
pub const GIT_VARIABLES_EXPORTED: [(&str, &str); 6] = [
    ("sha1", "GIT_COMMIT_SHORT"),
    ("commit", "GIT_COMMIT_LONG"),
    ("branch", "GIT_BRANCH"),
    ("isDirty", "GIT_IS_DIRTY"),
    ("repository", "GIT_REPOSITORY"),
    ("tags", "GIT_TAGS"),
];
/// serverless-reqvalidator-plugin: an http event's `reqValidatorName` becomes its method's
/// `RequestValidatorId`.
pub const REQ_VALIDATOR: &str = "serverless-reqvalidator-plugin";
/// serverless-binary-cors 0.0.1: the CORS preflight methods answer binary requests too.
pub const BINARY_CORS: &str = "serverless-binary-cors";

/// Local emulation and tests: nothing to do with a deploy.
const LOCAL: PluginKind =
    PluginKind::BuildTime("it runs or emulates the service (or its tests) locally; deploying needs nothing from it");
/// Commands of the plugin's own (`sls <command>`), never part of `package` or `deploy`.
const OWN_COMMANDS: PluginKind =
    PluginKind::BuildTime("it only adds commands of its own (`serverless <command>`); deploying needs nothing from it");
/// Writes the deployed stack's outputs to a file after a deploy.
const OUTPUTS_FILE: PluginKind = PluginKind::DeployTime(
    "it wrote the deployed stack's outputs to a file after each deploy: `stackwright info` prints them",
);
/// Two plugins that invalidate CloudFront caches after a deploy.
const CLOUDFRONT_INVALIDATION: PluginKind = PluginKind::DeployTime(
    "it invalidated CloudFront paths after each deploy: run `aws cloudfront create-invalidation`",
);
/// Bundlers and compilers: stackwright zips files, it does not bundle them.
const BUNDLER: PluginKind = PluginKind::BuildTime(
    "stackwright zips the files `package.patterns` selects and neither bundles nor compiles them: run the \
     bundler yourself and point `package.artifact` (or `functions.<name>.package.artifact`) at its zip",
);

/// The settings under `custom` that the natively implemented plugins read (paths below
/// `custom`); the rest of `custom` only serves `${self:custom...}` variables.
pub const CUSTOM_KEYS: &[&str] = &[
    IAM_ROLES_PER_FUNCTION,
    "pseudoParameters",
    "pythonRequirements.layer",
    aws_alerts::CUSTOM,
    warmup::CUSTOM,
    lambda_insights::CUSTOM,
    ifelse::CUSTOM,
    api_gateway_caching::CUSTOM,
    depends_on::CUSTOM,
    log_subscription::CUSTOM,
    canary_deployments::CUSTOM,
    "packageCommon.common",
    "functionsBasePath",
    "logRetentionInDays",
    "contentCompression",
    "contentEncoding",
    dynamodb_autoscaling::CUSTOM,
    // serverless-ssm-fetch's, which the CLI applies and then removes.
    SSM_FETCH_CUSTOM,
];

/// The values at [`CUSTOM_KEYS`] in `custom`, with their paths below it (one key, or two).
///
/// ```
/// let custom = serde_json::json!({"pythonRequirements": {"layer": true, "dockerizePip": true}, "stage": "x"});
/// let found: Vec<_> = stackwright_core::plugins::custom_settings(custom.as_object().unwrap()).collect();
/// assert_eq!(found, [(vec!["pythonRequirements", "layer"], &serde_json::json!(true))]);
/// ```
pub fn custom_settings(custom: &serde_json::Map<String, Value>) -> impl Iterator<Item = (Vec<&'static str>, &Value)> {
    CUSTOM_KEYS.iter().filter_map(move |path| {
        let keys: Vec<&'static str> = path.split('.').collect();
        let mut value = custom.get(keys[0])?;
        for key in &keys[1..] {
            value = value.get(key)?;
        }
        Some((keys, value))
    })
}

/// `custom` with only what the natively implemented plugins read ([`CUSTOM_KEYS`]).
pub fn keep_custom_settings(custom: &mut serde_json::Map<String, Value>) {
    let mut kept = serde_json::Map::new();
    for (keys, value) in custom_settings(custom) {
        match keys.as_slice() {
            [key] => {
                kept.insert(key.to_string(), value.clone());
            }
            [key, sub] => {
                if let Value::Object(at) =
                    kept.entry(key.to_string()).or_insert_with(|| Value::Object(Default::default()))
                {
                    at.insert(sub.to_string(), value.clone());
                }
            }
            _ => {}
        }
    }
    *custom = kept;
}

/// silvermine's serverless-plugin-cloudfront-lambda-edge, under either of its npm names.
const LAMBDA_EDGE: PluginKind = PluginKind::Unsupported(
    "it changed the execution role and your distribution's `LambdaFunctionAssociations` for `lambdaAtEdge` \
     functions: write those into `resources` yourself",
);

/// Known plugins and what stackwright does with them, one row each.
pub const KNOWN: &[(&str, PluginKind)] = &[
    ("serverless-offline", LOCAL),
    ("serverless-offline-sqs", LOCAL),
    ("serverless-offline-sns", LOCAL),
    ("serverless-offline-scheduler", LOCAL),
    ("serverless-offline-ssm", LOCAL),
    ("serverless-offline-local-authorizers-plugin", LOCAL),
    ("serverless-dynamodb-local", LOCAL),
    ("serverless-dynamodb", LOCAL),
    ("serverless-s3-local", LOCAL),
    // Hooks `offline:start:*` only: local Kinesis streams for serverless-offline.
    ("serverless-offline-kinesis", LOCAL),
    ("serverless-offline-dotenv", LOCAL),
    ("serverless-plugin-simulate", LOCAL),
    // Hooks only under `offline:*` (their sources, read at their latest releases).
    ("serverless-offline-dynamodb-streams", LOCAL),
    ("serverless-offline-lambda", LOCAL),
    ("serverless-offline-direct-lambda", LOCAL),
    ("serverless-offline-watcher", LOCAL),
    ("serverless-offline-aws-eventbridge", LOCAL),
    ("serverless-offline-edge-lambda", LOCAL),
    ("serverless-plugin-offline-dynamodb-stream", LOCAL),
    ("serverless-appsync-simulator", LOCAL),
    ("serverless-offline-ses-v2", LOCAL),
    // `offline:start:*` hooks only: proxies that invoke functions, nock mocks, ElasticMQ queues.
    ("serverless-offline-lambda-invoke", LOCAL),
    ("serverless-offline-http-mock", LOCAL),
    ("serverless-offline-sqs-esmq", LOCAL),
    ("serverless-mocha-plugin", LOCAL),
    // garethmcc's fork of serverless-mocha-plugin, published under this name: test commands only.
    ("serverless-mocha", LOCAL),
    ("serverless-jest-plugin", LOCAL),
    (
        // Active only for the stages listed in `custom.localstack.stages`.
        "serverless-localstack",
        PluginKind::BuildTime(
            "it points deploys of its stages at LocalStack; stackwright always writes the AWS template (deploy to \
             LocalStack with `AWS_ENDPOINT_URL`)",
        ),
    ),
    // Their `diff` command compares the packaged template with the deployed stack's.
    (
        "serverless-plugin-diff",
        PluginKind::BuildTime(
            "it only adds a `diff` command, which `stackwright diff` does (against the deployed stack or a template file)",
        ),
    ),
    (
        "serverless-diff-plugin",
        PluginKind::BuildTime(
            "it only adds a `diff` command, which `stackwright diff` does (against the deployed stack or a template file)",
        ),
    ),
    ("serverless-openapi-documentation", OWN_COMMANDS),
    ("serverless-openapi-documenter", OWN_COMMANDS),
    ("serverless-sam", OWN_COMMANDS),
    // Its `create-cert` command; after a deploy it only prints. Its `${certificate:...}` source is
    // given with `--value` like any source stackwright does not resolve.
    ("serverless-certificate-creator", OWN_COMMANDS),
    // `after:deploy:deploy`, read-only: it printed the stack's resource count.
    (
        "serverless-cloudformation-resource-counter",
        PluginKind::BuildTime("it only printed how many resources the deployed stack has"),
    ),
    ("serverless-plugin-static", OWN_COMMANDS),
    ("serverless-kms-secrets", OWN_COMMANDS),
    ("serverless-secrets-plugin", OWN_COMMANDS),
    (
        // `before/after:package:createDeploymentArtifacts`: adds its handler files to the zip.
        "serverless-wsgi",
        PluginKind::BuildTime(
            "stackwright does not add its `wsgi_handler.py` and `serverless_wsgi.py` to the zip: build the zip with \
             them (`package.artifact`), or serve the app through a WSGI adapter in your own code",
        ),
    ),
    (
        "serverless-plugin-monorepo",
        PluginKind::BuildTime(
            "it linked workspace packages into `node_modules`; stackwright leaves out links to directories, so \
             install the dependencies into the service's own `node_modules` or build the zip yourself",
        ),
    ),
    (
        // Shell commands at lifecycle hooks (`custom.scripts.hooks`, `custom.hooks`).
        "serverless-plugin-scripts",
        PluginKind::BuildTime("run the commands of `custom.scripts` yourself, before `stackwright package`"),
    ),
    ("serverless-hooks-plugin", PluginKind::BuildTime("run the commands of `custom.hooks` yourself")),
    ("serverless-webpack", BUNDLER),
    ("serverless-esbuild", BUNDLER),
    ("serverless-bundle", BUNDLER),
    ("serverless-plugin-typescript", BUNDLER),
    // A fork of serverless-plugin-typescript: the same hooks, handlers unchanged.
    ("@hewmen/serverless-plugin-typescript", BUNDLER),
    // Its `initialize` hook replaces how the framework finds credentials (SSO profiles).
    (
        "serverless-better-credentials",
        PluginKind::BuildTime(
            "it only changed how the framework found AWS credentials; `stackwright deploy` uses the standard AWS \
             credential chain, SSO profiles included",
        ),
    ),
    // `package:createDeploymentArtifacts` hooks that change which files go into the zip.
    (
        "serverless-plugin-write-env-vars",
        PluginKind::BuildTime(
            "it wrote `custom.writeEnvVars` to a `.env` file inside the zip: write that file before `stackwright \
             package`, or list the variables under `provider.environment`",
        ),
    ),
    (
        "serverless-ignore",
        PluginKind::BuildTime(
            "add the patterns of its file (`custom.ignore.file`, default `.slsignore`) to `package.patterns` as \
             `!pattern`, and set `package.excludeDevDependencies` as it did",
        ),
    ),
    (
        "serverless-package-external",
        PluginKind::BuildTime(
            "it linked the folders of `custom.packageExternal` into the service while packaging: link or copy them \
             there yourself before `stackwright package`",
        ),
    ),
    (
        "serverless-git-commit-tracker",
        PluginKind::BuildTime(
            "it wrote the git commit into a file of the zip (`custom.deploymentTracker`): write that file before \
             `stackwright package`",
        ),
    ),
    ("serverless-jetpack", BUNDLER),
    ("serverless-plugin-include-dependencies", BUNDLER),
    (
        python_requirements::PYTHON_REQUIREMENTS,
        PluginKind::BuildTime(
            "`stackwright package` installs `requirements.txt` into the zip itself, with wheels for Lambda's platform",
        ),
    ),
    (
        "serverless-rust",
        PluginKind::BuildTime(
            "give the function `runtime: provided.al2023` and `package.artifact: target/lambda/<binary>/bootstrap.zip`: \
             `stackwright package` then builds it with cargo-lambda",
        ),
    ),
    (
        "serverless-go-build",
        PluginKind::BuildTime("build the binary yourself (`GOOS=linux go build`) before packaging"),
    ),
    (
        "serverless-export-env",
        PluginKind::BuildTime("it writes the functions' environment to a local `.env` file for local runs"),
    ),
    (
        DOTENV,
        PluginKind::BuildTime(
            "list the variables your functions need under `provider.environment` as `NAME: ${env:NAME}`, and set \
             `useDotenv: true` for stackwright (as the framework) to read them from `.env`",
        ),
    ),
    // Adds `package.exclude` patterns in `after:deploy:initialize` only: `serverless package`
    // ignores it, and `stackwright package` zips without its list.
    (
        "serverless-plugin-common-excludes",
        PluginKind::BuildTime("add the patterns you want left out to `package.patterns` as `!pattern`"),
    ),
    // `after:deploy:deploy`: deletes all but the newest N versions of each function.
    (
        "serverless-prune-plugin",
        PluginKind::DeployTime(
            "it deleted old function versions after each deploy; delete them yourself (`aws lambda \
             delete-function --qualifier N`), or set `versionFunctions: false` where versions are not needed",
        ),
    ),
    // Commands of their own (`client deploy`, `syncToS3`, ...) that upload a static site after
    // deploy, and hooks on `remove`: nothing in the template.
    (
        "serverless-finch",
        PluginKind::DeployTime("its `client deploy` uploaded the static site: upload it with `aws s3 sync`"),
    ),
    (
        "serverless-single-page-app-plugin",
        PluginKind::DeployTime("its `syncToS3` command uploaded the site: upload it with `aws s3 sync`"),
    ),
    // Serverless Inc's policy checks (`custom.safeguards`) on the packaged service: they stop a
    // deploy, they change nothing in it.
    (
        "@serverless/safeguards-plugin",
        PluginKind::DeployTime(
            "it checked the service against the policies of `custom.safeguards` and stopped a deploy that broke \
             one: stackwright does not run them; check the template in CI instead (`stackwright validate`, cfn-lint \
             or cfn-guard on `stackwright synth`'s output)",
        ),
    ),
    // `after:deploy:deploy`: tags the REST API through the API Gateway API with `custom.apiGatewayTags`.
    (
        "serverless-tag-api-gateway",
        PluginKind::DeployTime(
            "it tagged the REST API with `custom.apiGatewayTags` after each deploy: list those tags under \
             `provider.stackTags` (CloudFormation puts the stack's tags on the API too), or run `aws apigateway \
             tag-resource`",
        ),
    ),
    // `after:deploy:deploy`: writes the deployed stack's outputs to a file.
    ("serverless-stack-output", OUTPUTS_FILE),
    ("@anttiviljami/serverless-stack-output", OUTPUTS_FILE),
    ("serverless-export-outputs", OUTPUTS_FILE),
    ("serverless-manifest-plugin", OUTPUTS_FILE),
    // `after:deploy:deploy` / `before:remove:remove`: S3 uploads and deletions.
    (
        "serverless-s3-sync",
        PluginKind::DeployTime(
            "it synced local directories to S3 after each deploy: run `aws s3 sync <dir> s3://<bucket>` after \
             `stackwright deploy`",
        ),
    ),
    (
        "serverless-s3-remover",
        PluginKind::DeployTime("it emptied buckets before a remove: empty them yourself before `stackwright remove`"),
    ),
    ("serverless-cloudfront-invalidate", CLOUDFRONT_INVALIDATION),
    // `before:aws:common:validate:validate`: S3 calls that create the named bucket.
    (
        "serverless-deployment-bucket",
        PluginKind::DeployTime(
            "it created `provider.deploymentBucket.name` before deploying: create the bucket once (`aws s3 mb`), \
             or leave out `provider.deploymentBucket` and stackwright writes a bucket into the stack",
        ),
    ),
    (
        "serverless-add-api-key",
        PluginKind::DeployTime(
            "it created API keys and a usage plan after each deploy: list them under `provider.apiGateway.apiKeys` \
             and `usagePlan`, which become part of the template",
        ),
    ),
    // The rows below up to the next comment: /work/research/plugins-2.md (each plugin's hooks,
    // read at the commits named there).
    (
        "serverless-stage-manager",
        PluginKind::BuildTime(
            "it only refused stages missing from `custom.stages`; check the stage in CI if you need to",
        ),
    ),
    (
        "serverless-plugin-reducer",
        PluginKind::BuildTime(
            "it kept only the files the handlers `require`: leave the rest out with `!pattern`s in `package.patterns`, \
             or point `package.artifact` at a zip you build",
        ),
    ),
    ("serverless-plugin-ncc", BUNDLER),
    // Beside serverless-webpack: copies Prisma's engines into the bundle (`after:webpack:package:packageModules`).
    ("serverless-webpack-prisma", BUNDLER),
    ("serverless-plugin-webpack", BUNDLER),
    ("serverless-plugin-browserifier", BUNDLER),
    (
        "serverless-plugin-chrome",
        PluginKind::BuildTime(
            "it added Chromium to the zip: build the zip yourself (`package.artifact`) or use a Chromium layer",
        ),
    ),
    ("serverless-cloudfront-invalidation", CLOUDFRONT_INVALIDATION),
    (
        "serverless-plugin-additional-stacks",
        PluginKind::DeployTime(
            "it deployed the stacks of `custom.additionalStacks` beside this one: deploy them as services or stacks \
             of their own",
        ),
    ),
    (
        // v3 and later: the domain, its base-path mapping and DNS record through the API at
        // deploy, and `DomainName`... outputs added to the deployed template only.
        "serverless-domain-manager",
        PluginKind::DeployTime(
            "it created the custom domain, its base-path mapping and DNS record through the API at each deploy: \
             declare them in `resources` (`AWS::ApiGateway::DomainName`/`AWS::ApiGatewayV2::DomainName`, the \
             mapping, an `AWS::Route53::RecordSet`), or create them once outside the stack",
        ),
    ),
    (
        // Shell commands, or `.js` scripts run in-process, at lifecycle hooks (`custom.scriptable`).
        "serverless-scriptable-plugin",
        PluginKind::DeployTime(
            "its hook scripts are not run: run its shell commands yourself; what a `.js` script changed in the \
             service is not reproduced, so write that into serverless.yml",
        ),
    ),
    (IAM_ROLES_PER_FUNCTION, PluginKind::Native),
    // serverless-package-common 1.0.3 ([`package_common`]): its links, made by packaging.
    (package_common::PACKAGE_COMMON, PluginKind::Native),
    // serverless-functions-base-path 1.0.33 ([`functions_base_path`]).
    (functions_base_path::FUNCTIONS_BASE_PATH, PluginKind::Native),
    // serverless-plugin-git-variables 5.2.0: a variable source and values from git, which the CLI
    // reads while resolving variables (`stackwright-cli`'s `vars::git`).
    ("serverless-plugin-git-variables", PluginKind::Native),
    // serverless-api-compression 1.0.1 and serverless-content-encoding 1.1.0 ([`compression`]).
    (compression::API_COMPRESSION, PluginKind::Native),
    (compression::CONTENT_ENCODING, PluginKind::Native),
    // serverless-plugin-resource-tagging 1.2.0 (`index.js`): hook
    // `after:aws:package:finalize:mergeCustomProviderResources`, and at `deploy:finalize` the
    // REST API's stage through the API when the template declares none.
    (
        RESOURCE_TAGGING,
        PluginKind::NativeAndDeployTime(
            "after each deploy it also tagged the REST API's stage with `provider.stackTags` (when the template \
             declares no stage): run `aws apigateway tag-resource` for the stage after deploying, or declare the \
             stage in `resources`",
        ),
    ),
    // serverless-plugin-tracing 2.0.0 ([`tracing`]).
    (tracing::TRACING, PluginKind::Native),
    // serverless-plugin-log-retention 2.1.0 ([`log_retention`]).
    (log_retention::LOG_RETENTION, PluginKind::Native),
    (PSEUDO_PARAMETERS, PluginKind::Native),
    // mikestaub/serverless-express `plugin.js`: the constructor adds the variable (it reads
    // `serverless.variables`, which Serverless Framework v3 removed: written for v1/v2).
    (SERVERLESS_EXPRESS, PluginKind::Native),
    (CF_VARS, PluginKind::Native),
    (CLOUDFORMATION_SUB_VARIABLES, PluginKind::Native),
    // `after:deploy:deploy`: finds the web ACL `custom.associateWaf.name` and associates it with
    // the REST API's stage (or disassociates one when no name is given).
    (
        ASSOCIATE_WAF,
        PluginKind::NativeAndDeployTime(
            "it associated the WAF web ACL `custom.associateWaf.name` with the REST API stage after each \
             deploy: declare an `AWS::WAFv2::WebACLAssociation` in `resources` (its `ResourceArn` the stage's \
             ARN), or run `aws wafv2 associate-web-acl` after deploying",
        ),
    ),
    // `after:aws:deploy:finalize:cleanup`: updates the stages' and endpoints' throttling.
    (
        API_GATEWAY_THROTTLING,
        PluginKind::NativeAndDeployTime(
            "it set the stage's and endpoints' throttling (`custom.apiGatewayThrottling`, `throttling` on \
             `http`/`httpApi` events) after each deploy: set `MethodSettings` on the stage (REST API) or \
             `DefaultRouteSettings`/`RouteSettings` (HTTP API) in `resources`, or run `aws apigateway \
             update-stage` (`aws apigatewayv2 update-stage` for an HTTP API) after deploying",
        ),
    ),
    // serverless-plugin-warmup 8.4.1, hook `after:package:initialize` ([`warmup`]); its prewarm
    // after a deploy is a deploy-time warning where asked for.
    (warmup::WARMUP, PluginKind::Native),
    // The methods' cache keys and the REST API's ID output; the stage's cache is set after deploying.
    (
        api_gateway_caching::API_GATEWAY_CACHING,
        PluginKind::NativeAndDeployTime(
            "it set the stage's cache (cluster size, TTLs, encryption, each endpoint's caching) with API calls \
             after each deploy: set them with `aws apigateway update-stage` (or a `MethodSettings` of the stage)",
        ),
    ),
    // A subscription filter (and its Lambda permission) on each function's log group.
    (log_subscription::LOG_SUBSCRIPTION, PluginKind::Native),
    // CodeDeploy's gradual deployments: a deployment group and an alias per function, and
    // whatever invokes the function pointed at the alias.
    (canary_deployments::CANARY_DEPLOYMENTS, PluginKind::Native),
    // Each function depends on the one `chains` places before it.
    (depends_on::DEPENDS_ON, PluginKind::Native),
    // Sets and removes config keys by conditions, once variables are resolved.
    (ifelse::IFELSE, PluginKind::Native),
    // The extension's layer on the functions that ask for it, and its policy on the role.
    (lambda_insights::LAMBDA_INSIGHTS, PluginKind::Native),
    // serverless-step-functions 3.31.2, hooks `package:compileFunctions` and
    // `package:compileEvents`: its common subset ([`step_functions`]); `http` events,
    // `notifications`, `useExactVersion` and `configureTaskTimeouts` are rejected.
    (step_functions::STEP_FUNCTIONS, PluginKind::Native),
    // serverless-plugin-aws-alerts 1.7.5, hook `package:compileEvents`: its common subset
    // ([`aws_alerts`]); its `after:deploy:deploy` hook acts only with `externalStack`, which is
    // rejected.
    (aws_alerts::AWS_ALERTS, PluginKind::Native),
    // `after:deploy:deploy`: tags the stack's SQS queues through the SQS API.
    (
        "serverless-tag-sqs",
        PluginKind::DeployTime(
            "it tagged the stack's SQS queues with `custom.sqsTags` after each deploy: give the queues those `Tags` \
             in `resources`, or list them under `provider.stackTags` (CloudFormation tags every resource of the stack)",
        ),
    ),
    // `after:aws:deploy:deploy:updateStack`: `PutIntegrationResponse` with the http events'
    // `contentHandling`, then a new deployment of the stage.
    (
        "serverless-apigwy-binary",
        PluginKind::DeployTime(
            "it set the `contentHandling` of the http events' integration responses after each deploy: write it as \
             the events' `response.contentHandling`, which stackwright puts into the template (as the plugin's own \
             deprecation notice says)",
        ),
    ),
    // `after:deploy:deploy` only: merges `x-amazon-apigateway-binary-media-types` into the
    // deployed REST API (`putRestApi`) and deploys the stage again.
    (
        "serverless-apigw-binary",
        PluginKind::DeployTime(
            "it added `custom.apigwBinary.types` to the REST API's binary media types after each deploy: move \
             them to `provider.apiGateway.binaryMediaTypes`, which stackwright writes into the template",
        ),
    ),
    // Its bundle (browserify + babel into `_optimize/<function name>/`, `handler` pointed there)
    // only lays out the zip: stackwright's zip of the service's files runs the same code under
    // the handler as written.
    (
        "serverless-plugin-optimize",
        PluginKind::BuildTime(
            "it bundled each function into `_optimize/<function name>/` and pointed its `handler` there; \
             stackwright zips the files `package.patterns` selects as they are (with `node_modules`, as the \
             framework does without the plugin) and keeps `handler` as written, so keep your build's output \
             (e.g. `dist/`) and its dependencies in the zip",
        ),
    ),
    (
        "serverless-go-plugin",
        PluginKind::Unsupported(
            "it built `.bin/<function>` and pointed `handler` at it: run `go build -o .bin/<function>` yourself and write that `handler`, with `package.patterns` or `package.artifact`",
        ),
    ),
    (
        "serverless-plugin-datadog",
        PluginKind::Unsupported(
            "declare Datadog's layers, `DD_*` environment variables and handler yourself, and its log subscription filters in `resources`",
        ),
    ),
    (
        "serverless-appsync-plugin",
        PluginKind::Unsupported("declare the API's `AWS::AppSync::*` resources in `resources`"),
    ),
    (
        "serverless-log-forwarding",
        PluginKind::Unsupported(
            "declare the `AWS::Lambda::Permission` and one `AWS::Logs::SubscriptionFilter` per function in `resources`",
        ),
    ),
    (
        "serverless-enable-api-logs",
        PluginKind::Unsupported("use `provider.logs.restApi`, which the reference supports natively"),
    ),
    (
        "serverless-plugin-custom-roles",
        PluginKind::Unsupported(
            "use serverless-iam-roles-per-function, which stackwright implements, or declare the roles in `resources`",
        ),
    ),
    (
        "serverless-sqs-alarms-plugin",
        PluginKind::Unsupported("declare the alarms (`AWS::CloudWatch::Alarm`) in `resources`"),
    ),
    (
        "serverless-plugin-stage-variables",
        PluginKind::Unsupported(
            "use the functions' `environment`, or set stage variables with `aws apigateway update-stage` after deploying",
        ),
    ),
    (
        "serverless-apigateway-service-proxy",
        PluginKind::Unsupported("declare the methods, integrations and their role in `resources`"),
    ),
    (
        "serverless-aws-function-url-custom-domain",
        PluginKind::Unsupported(
            "declare the CloudFront distribution, the Route 53 records and the output in `resources`",
        ),
    ),
    (
        "serverless-plugin-utils",
        PluginKind::Unsupported(
            "write the values its variables computed (`${ternary:...}`, `${join:...}`) directly, or use `${param:...}`",
        ),
    ),
    (
        "serverless-latest-layer-version",
        PluginKind::Unsupported(
            "pin the layer version in the ARN (`:<N>`), or use `{Ref: <Name>LambdaLayer}` for a layer of this service",
        ),
    ),
    (
        "serverless-plugin-conditional-functions",
        PluginKind::Unsupported(
            "choose the functions per stage, e.g. `functions: ${file(functions-${sls:stage}.yml)}`",
        ),
    ),
    (
        "serverless-iamroles",
        PluginKind::Unsupported(
            "switch to serverless-iam-roles-per-function (which stackwright implements; its settings live under `custom.serverless-iam-roles-per-function`)",
        ),
    ),
    // Bref (the PHP runtime, installed with Composer; the plugin lives in `vendor/`): the layer
    // versions come from the installed package's `layers.json`.
    (
        BREF,
        PluginKind::Unsupported(
            "it gave `${bref:layer.NAME}` the ARN of Bref's layer for the region, at the version its installed \
             package lists, and from Bref 2 turned `runtime: php-XX` into `provided.al2` with that layer: write \
             `runtime: provided.al2023` (what Managed Instances run) and the layers' ARNs (`vendor/bin/bref layers` \
             prints them) under `layers`",
        ),
    ),
    (
        BREF_EXTRA,
        PluginKind::Unsupported(
            "it gave `${bref-extra:NAME}` the ARN of the extension's layer for the region: write the ARN under \
             `layers` (the package's `layers.json` lists the versions)",
        ),
    ),
    // Hook `before:package:createDeploymentArtifacts`: merges its `resources.yml` (a distribution
    // `ApiDistribution` and its output), set from `custom.apiCloudFront`, into the template.
    (
        "serverless-api-cloudfront",
        PluginKind::Unsupported(
            "it added a CloudFront distribution (`ApiDistribution`) in front of the REST API, set from \
             `custom.apiCloudFront`: declare an `AWS::CloudFront::Distribution` in `resources` whose origin is the \
             API's domain (`{Fn::Sub: '${ApiGatewayRestApi}.execute-api.${AWS::Region}.amazonaws.com'}`, origin path \
             the stage), or put the functions behind CloudFront with `cloudFront` events",
        ),
    ),
    (
        "serverless-layers",
        PluginKind::Unsupported(
            "declare the layer under `layers` and use `{Ref: <Name>LambdaLayer}`, or give the published layer's ARN",
        ),
    ),
    // getlift/lift (npm serverless-lift 1.37.7): its constructs but server-side-website and vpc
    // (`lift/`), which are errors that name the resources to declare.
    (lift::LIFT, PluginKind::Native),
    // serverless-reqvalidator-plugin 3.1.0, hook `before:package:finalize`
    // (`synth/plugins.rs`).
    (REQ_VALIDATOR, PluginKind::Native),
    // serverless-binary-cors 0.0.1, hook `before:package:finalize`: every compiled `OPTIONS`
    // method with a `MOCK` integration answers with `ResponseTemplates: {image/jpeg: ''}`
    // (`synth/plugins.rs`).
    (BINARY_CORS, PluginKind::Native),
    (
        // 1.1.0, its last release: its command's option has no `type`, which the framework
        // refuses from v3 on (`CLI_OPTIONS_SCHEMA_V3`), so it does not load there.
        "serverless-aws-documentation",
        PluginKind::Unsupported(
            "Serverless Framework v3 and v4 do not load it either (its `downloadDocumentation` option has no \
             `type`): declare the request models as `AWS::ApiGateway::Model`s in `resources` and give the http \
             events `request.schemas`, or remove the plugin",
        ),
    ),
    (
        // 0.3.0, its last release: a `dynamodb:seed` command only, whose `seed` option has no
        // `type`, so the framework refuses to load it from v3 on (`INVALID_CLI_OPTIONS_SCHEMA`).
        "serverless-dynamodb-seed",
        PluginKind::Unsupported(
            "Serverless Framework v3 and v4 do not load it either (its `dynamodb:seed` command's `seed` option has no \
             `type`): seed the tables with a script of your own (`aws dynamodb batch-write-item`), and remove the \
             plugin",
        ),
    ),
    (
        // From before the framework's own `websocket` events (v1.38), which replace it.
        "serverless-websockets-plugin",
        PluginKind::Unsupported(
            "the framework's own `websocket` events do what it did: rename each event's `routeKey` to `route` and \
             `provider.websocketApiName`/`websocketApiRouteSelectionExpression` to `provider.websocketsApiName`/\
             `websocketsApiRouteSelectionExpression`, and remove the plugin",
        ),
    ),
    // `before:package:createDeploymentArtifacts`: rollup bundles each function into
    // `.serverless/<function name>.zip` and rewrites its `handler` to `index.<export>`.
    (
        "serverless-rollup-plugin",
        PluginKind::Unsupported(
            "bundle the functions yourself and point `package.artifact` and `handler` at the bundle (the plugin \
             wrote `handler: index.<export>`)",
        ),
    ),
    // `before:deploy:deploy`, after packaging: the deployed template, not `serverless package`'s.
    (
        "serverless-attach-managed-policy",
        PluginKind::Unsupported(
            "it added `provider.managedPolicyArns` to every IAM role of the stack: list them under \
             `provider.iam.role.managedPolicies` and in the `ManagedPolicyArns` of the roles in `resources`",
        ),
    ),
    (
        "serverless-plugin-lambda-dead-letter",
        PluginKind::Unsupported(
            "it set the dead-letter target through the API after deploy: give the function `onError: <SNS topic \
             ARN>`, which the reference writes into the template as `DeadLetterConfig`",
        ),
    ),
    (
        "serverless-plugin-existing-s3",
        // Only its own commands (`s3deploy` after a deploy, `s3eventremove`): the template is
        // the one without it.
        PluginKind::DeployTime(
            "its `serverless s3deploy` command, run after a deploy, added the `existingS3` events' notifications to \
             existing buckets through the AWS API: use `s3` events with `existing: true`, which stackwright writes \
             into the template",
        ),
    ),
    // serverless-auto-swagger 3.0.0, hook `before:package:cleanup`: writes `swagger/` (its
    // handlers and the Swagger document from `custom.autoswagger` and the http events) and adds
    // the functions `swaggerUI` and `swaggerJSON` (`swaggerRedirectURI` with `useRedirectUI`).
    (
        "serverless-auto-swagger",
        PluginKind::Unsupported(
            "it wrote a Swagger UI and the API's Swagger document into `swagger/` and added the functions \
             `swaggerUI` and `swaggerJSON` (GET `/swagger` and `/swagger.json` on `custom.autoswagger.apiType`, \
             default `httpApi`): keep the `swagger/` folder in the service (regenerate its `swagger.js` with an \
             OpenAPI tool when the API changes) and declare the two functions under `functions`, with handlers \
             `swagger/swagger-html.handler` and `swagger/swagger-json.handler`",
        ),
    ),
    // serverless-nuxt-plugin 1.5.1, hooks `before:package:createDeploymentArtifacts` (Nuxt build,
    // `provider.environment.SERVERLESS_NUXT_PUBLIC_PATH`) and `after:aws:deploy:deploy:*` (S3 uploads).
    (
        "serverless-nuxt-plugin",
        PluginKind::Unsupported(
            "it built Nuxt before packaging, set `SERVERLESS_NUXT_PUBLIC_PATH` in `provider.environment` to \
             `<custom.nuxt.cdnPath, else https://<bucketName>.s3.amazonaws.com>/<version>/` and uploaded \
             `.nuxt/dist/client` to the bucket after each deploy: run `nuxt build` before `stackwright package`, \
             write that variable under `provider.environment`, and upload the assets with `aws s3 sync \
             .nuxt/dist/client s3://<bucketName>/<version>/` after deploying",
        ),
    ),
    // serverless-middleware 3.4.0, hook `before:package:createDeploymentArtifacts`: writes
    // `.middleware/<function name>.js` chaining `custom.middleware.pre`, the function's
    // `middleware` and `custom.middleware.pos`, and points `handler` at it.
    (
        "serverless-middleware",
        PluginKind::Unsupported(
            "it generated `.middleware/<function name>.js`, which runs `custom.middleware.pre`, the function's \
             `middleware` and `handler`, then `custom.middleware.pos` as one promise chain, and pointed `handler` \
             at it: chain them in a handler module of your own (e.g. with middy) and point `handler` there",
        ),
    ),
    // aws-amplify-serverless-plugin 1.4.1, hook `after:deploy:deploy` only: reads the deployed
    // stack's Cognito pools, AppSync APIs, buckets and REST APIs through the API and writes the
    // client files of `custom.amplify`.
    (
        "aws-amplify-serverless-plugin",
        PluginKind::DeployTime(
            "it wrote Amplify client files (`custom.amplify`: `awsconfiguration.json`, `aws-exports`, the GraphQL \
             schema and operations) from the deployed stack's Cognito pools, AppSync API, buckets and REST APIs \
             after each deploy: export the IDs you need as `Outputs` and write the files from `stackwright info`, \
             or generate them with the Amplify CLI",
        ),
    ),
    // serverless-local-schedule 0.1.7, hook `before:package:initialize` (each `schedule` with a
    // `timezone` becomes up to six UTC `cron` schedules, split at the current year's DST changes).
    // Its constructor adds `timezone` to the `schedule` event's schema, which the framework has
    // defined itself since v3.31: loading fails with `SCHEMA_COLLISION` (checked on osls 4.3.1).
    (
        "serverless-local-schedule",
        PluginKind::Unsupported(
            "Serverless Framework v3 and v4 do not load it either (since v3.31 the framework defines `timezone` on \
             `schedule` events itself and refuses the plugin's): add `method: scheduler` to those schedules and keep \
             `timezone`, and EventBridge Scheduler runs the `cron` in that time zone, daylight saving time included",
        ),
    ),
    // serverless-nextjs-plugin 2.5.1 (deprecated by its README), hooks `before:package:initialize`
    // (Next 8/9 build, a function and `http` event per page), `before:aws:package:finalize:
    // mergeCustomProviderResources` (assets bucket, API Gateway proxies or a CloudFront
    // distribution) and `after:aws:deploy:deploy:uploadArtifacts` (S3 uploads).
    (
        "serverless-nextjs-plugin",
        PluginKind::Unsupported(
            "it built the Next.js app (`target: serverless`, Next 8/9), added a function with an `http` event for each \
             page, an assets bucket with API Gateway proxies to it (or a CloudFront distribution with \
             `custom.serverless-nextjs.cloudFront`), and uploaded the static files after each deploy: deploy the app \
             with a Next.js deployment tool, or build the pages yourself and declare those functions, the bucket and \
             the proxies in `functions` and `resources`",
        ),
    ),
    (
        "serverless-plugin-split-stacks",
        PluginKind::Unsupported("stackwright emits one stack; split the service into several services instead"),
    ),
    // `s3deploy:deploy` and `after:deploy:finalize`: uploads files to buckets.
    (
        "serverless-s3-deploy",
        PluginKind::DeployTime(
            "it uploaded `custom.assets` to their buckets after each deploy: upload them with `aws s3 sync`",
        ),
    ),
    // `after:deploy:deploy` and its `s3deploy` command: bucket notifications through the API.
    (
        "serverless-external-s3-event",
        PluginKind::DeployTime(
            "it added the `existingS3` events' notifications to existing buckets through the AWS API after each \
             deploy: use `s3` events with `existing: true`, which stackwright writes into the template",
        ),
    ),
    // `after:deploy:deploy`: stack outputs to SSM parameters through the API.
    (
        "serverless-ssm-publish",
        PluginKind::DeployTime(
            "it wrote values to SSM parameters after each deploy: declare them as `AWS::SSM::Parameter` resources",
        ),
    ),
    // `after:aws:deploy:finalize:cleanup`: CloudFront `updateDistribution`.
    (
        "serverless-lambda-edge-pre-existing-cloudfront",
        PluginKind::DeployTime(
            "it attached function versions to an existing CloudFront distribution after each deploy: run \
             `aws cloudfront update-distribution` yourself",
        ),
    ),
    (
        "serverless-vpc-plugin",
        PluginKind::Unsupported(
            "it added a whole VPC (subnets, NAT, endpoints, security group) and pointed `provider.vpc` at it: declare \
             the VPC in `resources` (or use an existing one) and write `provider.vpc`",
        ),
    ),
    (
        "serverless-newrelic-lambda-layers",
        PluginKind::Unsupported(
            "it added New Relic's layer, `NEW_RELIC_*` variables, a wrapper `handler` and a managed policy: write \
             `layers`, `handler`, `environment` and `iamManagedPolicies` yourself",
        ),
    ),
    (
        "serverless-sentry",
        PluginKind::Unsupported(
            "it set `SENTRY_DSN`, `SENTRY_RELEASE` and the other `SENTRY_*` variables on every function: write them \
             under `provider.environment`",
        ),
    ),
    // serverless-dynamodb-autoscaling 0.6.2, hook `package:compileEvents` ([`dynamodb_autoscaling`]).
    (dynamodb_autoscaling::DYNAMODB_AUTOSCALING, PluginKind::Native),
    // The same plugin under its scoped npm name (its releases from 2.x on) and its first one.
    ("@silvermine/serverless-plugin-cloudfront-lambda-edge", LAMBDA_EDGE),
    ("serverless-plugin-cloudfront-lambda-edge", LAMBDA_EDGE),
    (
        "serverless-plugin-bind-deployment-id",
        PluginKind::Unsupported(
            "it replaced `__deployment__` in `resources` with the API's deployment: use the framework's own stage \
             settings (`provider.apiGateway`, `provider.logs.restApi`) instead of a stage resource of yours",
        ),
    ),
    (
        "serverless-plugin-tables",
        PluginKind::Unsupported(
            "it turned `resources.tables` into DynamoDB tables: declare them in `resources.Resources`",
        ),
    ),
    (
        "serverless-nested-stack",
        PluginKind::Unsupported("it split the stack into nested stacks at deploy: stackwright deploys one stack"),
    ),
    (
        "serverless-plugin-lambda-account-access",
        PluginKind::Unsupported(
            "it added `AWS::Lambda::Permission` resources (and roles) for `provider.access` / `allowAccess`: declare \
             them in `resources`",
        ),
    ),
    // serverless-ssm-fetch 2.0.0: SSM parameters into the functions' environment, which the CLI
    // writes (its values are variables' values, D9).
    (SSM_FETCH, PluginKind::Native),
    (
        "serverless-vpc-discovery",
        PluginKind::Unsupported(
            "it looked up subnets and security groups with the EC2 API and wrote them into `vpc`: write their IDs \
             into `provider.vpc` (or `${ssm:...}` variables)",
        ),
    ),
    (
        "serverless-plugin-package-json",
        PluginKind::Unsupported("use `${file(./package.json):version}` instead of `${pkgjson:version}`"),
    ),
    (
        "serverless-disable-request-validators",
        PluginKind::Unsupported(
            "it removed the request validators the framework generates: leave out `request.schemas` and required \
             `request.parameters` where you want none",
        ),
    ),
    (
        "serverless-plugin-epsagon",
        PluginKind::Unsupported(
            "it rewrote every `handler` to an Epsagon wrapper it generated: wrap your handlers in code and keep \
             `handler` pointing at them",
        ),
    ),
    (
        // Hook `after:deploy:deploy`: `UpdateTerminationProtection` for the stages of
        // `custom.serverlessTerminationProtection.stages` (all without it).
        "serverless-stack-termination-protection",
        PluginKind::DeployTime(
            "it turned on the stack's termination protection after each deploy: run `aws cloudformation \
             update-termination-protection --enable-termination-protection --stack-name <the stack>` once",
        ),
    ),
    (
        // Hook `before:deploy:deploy`: SES email templates from its config file through the API.
        "@haftahave/serverless-ses-template",
        PluginKind::DeployTime(
            "it created the SES email templates of its config file through the API at each deploy: declare them as \
             `AWS::SES::Template` resources in `resources`, or create them with `aws ses create-template`",
        ),
    ),
    (
        // Hook `before:deploy:resources`: each object-valued variable of `environment` (intrinsic
        // functions too) replaced by its JSON, base64-encoded.
        "serverless-plugin-encode-env-var-objects",
        PluginKind::Unsupported(
            "write the variable as the base64 string of its JSON yourself (the plugin also encoded `Ref` and `Fn::` \
             values, which then no longer resolve)",
        ),
    ),
];

/// The keys a plugin adds to serverless.yml (config paths; `*` is any one name or index): when
/// the plugin is rejected they are rejected with it, in its one error, rather than each again as
/// an unknown key (one cause, one error).
pub const PLUGIN_KEYS: &[(&str, &[&str])] = &[
    ("serverless-aws-documentation", &["functions.*.events[*].http.documentation"]),
    ("serverless-plugin-lambda-dead-letter", &["functions.*.deadLetter"]),
    ("serverless-middleware", &["functions.*.middleware"]),
    ("serverless-plugin-cloudfront-lambda-edge", &["functions.*.lambdaAtEdge"]),
    ("@silvermine/serverless-plugin-cloudfront-lambda-edge", &["functions.*.lambdaAtEdge"]),
    (
        "serverless-websockets-plugin",
        &[
            "functions.*.events[*].websocket.routeKey",
            "provider.websocketApiName",
            "provider.websocketApiRouteSelectionExpression",
        ],
    ),
];

/// Bref's plugin, as Composer installs it (`composer require bref/bref`).
pub const BREF: &str = "./vendor/bref/bref";
/// Bref's extra PHP extensions (`composer require bref/extra-php-extensions`).
pub const BREF_EXTRA: &str = "./vendor/bref/extra-php-extensions";

/// The variable sources a plugin adds (`${bref:...}`): when the plugin is listed and rejected, a
/// variable of its source is rejected with it, in its one error.
pub const PLUGIN_SOURCES: &[(&str, &[&str])] = &[(BREF, &["bref"]), (BREF_EXTRA, &["bref-extra"])];

/// The runtime names a plugin adds, by prefix (`php-83`, `php-83-fpm`): rejected with the plugin
/// when it is listed.
pub const PLUGIN_RUNTIMES: &[(&str, &str)] = &[(BREF, "php-")];

/// The plugin that adds variable source `source`.
///
/// ```
/// assert_eq!(stackwright_core::plugins::source_owner("bref"), Some("./vendor/bref/bref"));
/// assert_eq!(stackwright_core::plugins::source_owner("self"), None);
/// ```
pub fn source_owner(source: &str) -> Option<&'static str> {
    PLUGIN_SOURCES.iter().find(|(_, sources)| sources.contains(&source)).map(|(plugin, _)| *plugin)
}

/// The plugin that adds runtime name `runtime`.
///
/// ```
/// assert_eq!(stackwright_core::plugins::runtime_owner("php-83-fpm"), Some("./vendor/bref/bref"));
/// assert_eq!(stackwright_core::plugins::runtime_owner("nodejs22.x"), None);
/// ```
pub fn runtime_owner(runtime: &str) -> Option<&'static str> {
    PLUGIN_RUNTIMES.iter().find(|(_, prefix)| runtime.starts_with(prefix)).map(|(plugin, _)| *plugin)
}

/// Whether `plugins` (as written) lists plugin `name`.
pub fn lists(plugins: Option<&Value>, name: &str) -> bool {
    names(plugins).contains(&name)
}

/// The keys an accepted plugin adds to serverless.yml (config paths as in [`PLUGIN_KEYS`]): no
/// template effect, and accepted when the plugin is listed; without it, the unknown-key
/// diagnostic (a warning from a file, as in the reference) names the plugin.
pub const ACCEPTED_PLUGIN_KEYS: &[(&str, &[&str])] = &[
    (API_GATEWAY_THROTTLING, &["functions.*.events[*].http.throttling", "functions.*.events[*].httpApi.throttling"]),
    (lift::LIFT, &["constructs", "lift"]),
    (aws_alerts::AWS_ALERTS, &["functions.*.alarms"]),
    (warmup::WARMUP, &["functions.*.warmup"]),
    (lambda_insights::LAMBDA_INSIGHTS, &["functions.*.lambdaInsights"]),
    (log_subscription::LOG_SUBSCRIPTION, &["functions.*.logSubscription"]),
    (canary_deployments::CANARY_DEPLOYMENTS, &["functions.*.deploymentSettings"]),
    (python_requirements::PYTHON_REQUIREMENTS, &["functions.*.module"]),
    (api_gateway_caching::API_GATEWAY_CACHING, &["functions.*.events[*].http.caching"]),
    (REQ_VALIDATOR, &["functions.*.events[*].http.reqValidatorName"]),
    ("serverless-plugin-optimize", &["functions.*.optimize"]),
    ("serverless-plugin-existing-s3", &["functions.*.events[*].existingS3"]),
    ("serverless-external-s3-event", &["functions.*.events[*].existingS3"]),
    (step_functions::STEP_FUNCTIONS, &[step_functions::KEY]),
    (SSM_FETCH, &["functions.*.ssmToEnvironment"]),
    // They write an OpenAPI file from these; the template is the same.
    ("serverless-openapi-documentation", &["functions.*.events[*].http.documentation"]),
    (
        "serverless-openapi-documenter",
        &["functions.*.events[*].http.documentation", "functions.*.events[*].httpApi.documentation"],
    ),
];

/// `diagnostics` without the unknown-key reports of keys that a plugin in `plugins` reads (the
/// loader keeps those keys): for settings given in Rust, where `plugins` is already set.
pub(crate) fn without_listed_plugin_keys(diagnostics: crate::Diagnostics, plugins: &[String]) -> crate::Diagnostics {
    let listed = Value::from(plugins.to_vec());
    let mut kept = crate::Diagnostics::new();
    for d in diagnostics {
        let read = d.code == crate::codes::CONFIG_UNKNOWN_KEY
            && accepted_key(Some(&listed), &d.path).is_some_and(|(_, is_listed)| is_listed);
        if !read {
            kept.push(d);
        }
    }
    kept
}

/// The entries of `plugins` as written: a list of names, or `{localPath, modules: [...]}` (then
/// `true`); `None` for any other shape.
fn items(plugins: &Value) -> Option<(&[Value], bool)> {
    match plugins {
        Value::Array(items) => Some((items, false)),
        Value::Object(map) => match get(map, "modules") {
            Some(Value::Array(items)) => Some((items, true)),
            _ => None,
        },
        _ => None,
    }
}

/// The config path of plugin `name` in `plugins` as written (`plugins[1]`, or
/// `plugins.modules[1]` in the object form), when it lists it.
///
/// ```
/// use stackwright_core::plugins::path_of;
/// let listed = serde_json::json!({"localPath": "./p", "modules": ["a", "serverless-lift"]});
/// assert_eq!(path_of(Some(&listed), "serverless-lift").as_deref(), Some("plugins.modules[1]"));
/// assert_eq!(path_of(Some(&listed), "b"), None);
/// ```
pub fn path_of(plugins: Option<&Value>, name: &str) -> Option<String> {
    let (items, modules) = items(plugins?)?;
    let i = items.iter().position(|p| p.as_str() == Some(name))?;
    Some(index(if modules { "plugins.modules" } else { "plugins" }, i))
}

/// The plugin names of `plugins` as written (one name alone too, which the schema makes a list,
/// and `{modules: name}`).
fn names(plugins: Option<&Value>) -> Vec<&str> {
    match plugins {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Object(map)) if let Some(Value::String(one)) = map.get("modules") => vec![one.as_str()],
        _ => {
            plugins.and_then(items).map_or_else(Vec::new, |(items, _)| items.iter().filter_map(Value::as_str).collect())
        }
    }
}

/// "the plugin NAME, which `plugins` does not list": the wording of every value or key of a
/// plugin the service does not name.
pub fn unlisted(plugin: &str) -> String {
    format!("the plugin {plugin}, which `plugins` does not list")
}

/// The rejected plugins `plugins` (as written) names that add keys.
fn keyed(plugins: Option<&Value>) -> impl Iterator<Item = &'static (&'static str, &'static [&'static str])> {
    let names = names(plugins);
    PLUGIN_KEYS.iter().filter(move |(name, _)| names.contains(name))
}

/// The accepted plugins that add config path `path` (two plugins may read the same key), and
/// whether `plugins` (as written) lists one of them; `None` when no accepted plugin adds it.
///
/// ```
/// use stackwright_core::plugins::accepted_key;
/// let path = "functions.a.events[0].existingS3";
/// let listed = serde_json::json!(["serverless-external-s3-event"]);
/// let (owners, is_listed) = accepted_key(Some(&listed), path).unwrap();
/// assert_eq!(owners, ["serverless-plugin-existing-s3", "serverless-external-s3-event"]);
/// assert!(is_listed);
/// assert_eq!(accepted_key(None, "functions.a.handler"), None);
/// ```
pub fn accepted_key(plugins: Option<&Value>, path: &str) -> Option<(Vec<&'static str>, bool)> {
    let owners: Vec<&'static str> = ACCEPTED_PLUGIN_KEYS
        .iter()
        .filter(|(_, keys)| keys.iter().any(|k| matches(k, path)))
        .map(|(plugin, _)| *plugin)
        .collect();
    if owners.is_empty() {
        return None;
    }
    let names = names(plugins);
    let listed = owners.iter().any(|p| names.contains(p));
    Some((owners, listed))
}

/// The rejected plugin that adds config path `path`, and what to do instead of it: a key of a
/// plugin the service does not list is named as that plugin's.
///
/// ```
/// use stackwright_core::plugins::rejected_key;
/// let (plugin, _) = rejected_key("functions.f.deadLetter").unwrap();
/// assert_eq!(plugin, "serverless-plugin-lambda-dead-letter");
/// assert_eq!(rejected_key("functions.f.handler"), None);
/// ```
pub fn rejected_key(path: &str) -> Option<(&'static str, &'static str)> {
    let (plugin, _) = PLUGIN_KEYS.iter().find(|(_, keys)| keys.iter().any(|k| matches(k, path)))?;
    match lookup(plugin) {
        Some(PluginKind::Unsupported(what)) => Some((plugin, what)),
        _ => None,
    }
}

/// Whether config path `path` is a key that a rejected plugin of `plugins` (as written) adds.
pub fn added_key(plugins: Option<&Value>, path: &str) -> bool {
    keyed(plugins).any(|(_, keys)| keys.iter().any(|k| matches(k, path)))
}

/// Looks a plugin up by name.
///
/// ```
/// use stackwright_core::plugins::{lookup, PluginKind};
/// assert!(matches!(lookup("serverless-offline"), Some(PluginKind::BuildTime(_))));
/// assert_eq!(lookup("my-own-plugin"), None);
/// ```
pub fn lookup(name: &str) -> Option<PluginKind> {
    KNOWN.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
}

/// Whether the service names plugin `name`.
pub(crate) fn listed(plugins: &[String], name: &str) -> bool {
    plugins.iter().any(|p| p == name)
}

/// `plugins`: a list of names, or `{localPath, modules: [...]}` (see [`items`]).
///
/// `custom` decides the note of serverless-python-requirements (with or without its layer).
pub(crate) fn load(l: &mut Loader, v: &Value, path: &str, custom: Option<&Value>) -> Vec<String> {
    let (items, items_path) = match items(v) {
        Some((items, false)) => (items, path.to_string()),
        Some((items, true)) => (items, join(path, "modules")),
        None if v.is_object() => {
            l.type_error(path, "a list of plugin names, or an object with `modules`", v);
            return Vec::new();
        }
        None => {
            l.type_error(path, "a list of plugin names", v);
            return Vec::new();
        }
    };
    let mut names = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = index(&items_path, i);
        let Some(name) = item.as_str() else {
            l.type_error(&at, "a plugin name", item);
            continue;
        };
        if name.trim().is_empty() {
            // Often a variable with an empty fallback, meant to load no plugin in some stages.
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &at,
                "expected a plugin name, found an empty string",
                "remove the entry: an empty name loads no plugin in Serverless Framework either (it refuses it), \
                 and a variable cannot take an entry out of `plugins`",
            );
            continue;
        }
        match lookup(name) {
            // The `stackwright` command applies it and consumes its settings; a service loaded
            // in Rust (or by `service!`) that still has them would lose its environment silently.
            Some(PluginKind::Native) if name == SSM_FETCH && custom.and_then(|c| c.get(SSM_FETCH_CUSTOM)).is_some() => {
                names.push(name.to_string());
                l.error_help(
                    codes::UNSUPPORTED_PLUGIN,
                    &at,
                    format!(
                        "plugin \"{name}\" is applied by the `stackwright` command, which fetches \
                         `custom.serverlessSsmFetch` into the functions' environment; a service loaded in Rust is not"
                    ),
                    "give each function the variables in `environment`, with `{{resolve:ssm:NAME}}` for a \
                     parameter CloudFormation reads at deploy time, and drop the plugin",
                );
            }
            Some(PluginKind::Native) => names.push(name.to_string()),
            Some(PluginKind::BuildTime(_))
                if name == python_requirements::PYTHON_REQUIREMENTS
                    && custom.and_then(Value::as_object).and_then(python_requirements::layer_option).is_some() =>
            {
                names.push(name.to_string());
                l.note_help(
                    codes::PLUGIN_BUILD_TIME,
                    &at,
                    format!(
                        "plugin \"{name}\" puts the requirements into the layer `{}` (`custom.{}.layer`): \
                         stackwright adds the layer as the plugin does, and `stackwright package` builds its zip",
                        python_requirements::LAYER,
                        python_requirements::CUSTOM
                    ),
                    "functions use it with `layers: [{Ref: PythonRequirementsLambdaLayer}]`; their own zips leave the \
                     requirements out",
                );
            }
            Some(PluginKind::BuildTime(what)) if name == DOTENV => {
                names.push(name.to_string());
                let message = format!(
                    "plugin \"{name}\" copies the variables of its `.env` files into every function's \
                     environment; stackwright leaves it out (DECISIONS.md D8 lists it as build-time)"
                );
                l.warn_help(codes::PLUGIN_BUILD_TIME, &at, message, what);
            }
            Some(PluginKind::BuildTime(what)) => {
                names.push(name.to_string());
                l.note_help(
                    codes::PLUGIN_BUILD_TIME,
                    &at,
                    format!(
                        "plugin \"{name}\" only builds, tests or runs code locally: it changes nothing in the \
                         template, and stackwright leaves it out"
                    ),
                    what,
                );
            }
            Some(kind @ (PluginKind::DeployTime(what) | PluginKind::NativeAndDeployTime(what))) => {
                names.push(name.to_string());
                let message = match kind {
                    PluginKind::DeployTime(_) => format!(
                        "plugin \"{name}\" acts only around a deploy, and stackwright runs no plugins: the \
                         template is the same, but `stackwright deploy` does not do what it did"
                    ),
                    _ => format!(
                        "plugin \"{name}\" also acts after a deploy: stackwright makes its change to the template, \
                         but `stackwright deploy` does not do what it did after deploying"
                    ),
                };
                l.warn_help(codes::PLUGIN_DEPLOY_TIME, &at, message, what);
            }
            Some(PluginKind::Unsupported(what)) => {
                let mut message = format!("plugin \"{name}\" changes the template, and stackwright runs no plugins");
                let keys = PLUGIN_KEYS.iter().filter(|(n, _)| *n == name).flat_map(|(_, keys)| keys.iter());
                let sources = PLUGIN_SOURCES.iter().filter(|(n, _)| *n == name).flat_map(|(_, s)| s.iter());
                let runtimes = PLUGIN_RUNTIMES.iter().filter(|(n, _)| *n == name).map(|(_, prefix)| prefix);
                let added: Vec<String> = keys
                    .map(|k| format!("`{k}`"))
                    // Not written `${bref:...}`: a message quoting a variable would read as one
                    // left unresolved.
                    .chain(sources.map(|s| format!("variable source `{s}`")))
                    .chain(runtimes.map(|r| format!("runtimes `{r}*`")))
                    .collect();
                if !added.is_empty() {
                    message.push_str(&format!("; what it adds ({}) is rejected with it", added.join(", ")));
                }
                l.error_help(codes::UNSUPPORTED_PLUGIN, &at, message, what)
            }
            None => l.error_help(
                codes::UNSUPPORTED_PLUGIN,
                &at,
                format!("unknown plugin \"{name}\": stackwright runs no JavaScript plugins"),
                "if it only builds, tests or runs code locally, remove it from `plugins` (packaging is \
                 stackwright's own); if it adds resources, declare them in `resources`",
            ),
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_plugin_has_one_row() {
        let mut names: Vec<&str> = KNOWN.iter().map(|(name, _)| *name).collect();
        names.sort_unstable();
        let rows = names.len();
        names.dedup();
        assert_eq!(names.len(), rows, "a plugin is listed twice in KNOWN");
    }

    #[test]
    fn diff_plugins_point_at_stackwright_diff_and_api_cloudfront_at_resources() {
        for name in ["serverless-plugin-diff", "serverless-diff-plugin"] {
            let Some(PluginKind::BuildTime(what)) = lookup(name) else { panic!("{name} is not build-time") };
            assert!(what.contains("`stackwright diff`"), "{name}: {what}");
        }
        let Some(PluginKind::Unsupported(what)) = lookup("serverless-api-cloudfront") else { panic!("not rejected") };
        assert!(what.contains("`AWS::CloudFront::Distribution`") && what.contains("`cloudFront` events"), "{what}");
    }

    #[test]
    fn plugins_the_framework_does_not_load_say_so() {
        for name in ["serverless-aws-documentation", "serverless-dynamodb-seed", "serverless-local-schedule"] {
            let Some(PluginKind::Unsupported(what)) = lookup(name) else { panic!("{name} is not rejected") };
            assert!(what.starts_with("Serverless Framework v3 and v4 do not load it either"), "{name}: {what}");
        }
        // Both npm names of the Lambda@Edge plugin take `lambdaAtEdge` with them.
        for name in ["serverless-plugin-cloudfront-lambda-edge", "@silvermine/serverless-plugin-cloudfront-lambda-edge"]
        {
            let listed = serde_json::json!([name]);
            assert!(added_key(Some(&listed), "functions.f.lambdaAtEdge"), "{name}");
        }
    }

    #[test]
    fn key_patterns_match_one_name_or_index_per_star() {
        assert!(matches("functions.*.events[*].http.documentation", "functions.api.events[3].http.documentation"));
        assert!(!matches("functions.*.events[*].http.documentation", "functions.a.b.events[3].http.documentation"));
        assert!(!matches("functions.*.deploymentSettings", "functions..deploymentSettings"));
        assert!(matches("constructs", "constructs"));
        assert!(!matches("constructs", "constructs.jobs"));
    }
}
