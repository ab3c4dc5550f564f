//! serverless-plugin-canary-deployments 0.8.0 (npm; `serverless-plugin-canary-deployments.js` and
//! `lib/CfTemplateGenerators/`), hook `after:aws:package:finalize:mergeCustomProviderResources`
//! (after the user's resources are merged): gradual deployments with CodeDeploy for the functions
//! that have `deploymentSettings`.
//!
//! For each such function (its settings: `custom.deploymentSettings`, the function's own over
//! them) it adds a CodeDeploy deployment group `<Fn>LambdaFunctionDeploymentGroup` (deployment
//! config `CodeDeployDefault.Lambda<type>`, automatic rollback, the `alarms`, the
//! `triggerConfigurations`) and the alias `<Fn>LambdaFunctionAlias<alias>` on the function's
//! version, whose `UpdatePolicy` hands the shift to CodeDeploy with the `preTrafficHook` and
//! `postTrafficHook` functions; and it points everything that invokes the function at the alias
//! instead: its permissions, REST methods, HTTP and WebSocket integrations, HTTP API
//! authorizers, event source mappings, SNS subscriptions, S3 notifications, EventBridge targets,
//! log subscriptions, IoT rules and AppSync data sources, the user's resources included. Once per
//! service: the CodeDeploy application `<Stack>DeploymentApplication`, the role
//! `CodeDeployServiceRole` (unless `codeDeployRole` names one) and, when a function has a hook,
//! `codedeploy:PutLifecycleEventHookExecutionStatus` on the shared execution role. With
//! `stages`, only those stages get any of it.
//!
//! ```yaml
//! plugins:
//!   - serverless-plugin-canary-deployments
//! custom:
//!   deploymentSettings:
//!     stages: [prod]
//! functions:
//!   api:
//!     handler: handler.api
//!     deploymentSettings:
//!       type: Linear10PercentEvery1Minute
//!       alias: Live
//!       preTrafficHook: checkApi
//!       alarms: [ApiErrorsAlarm]
//!   checkApi:
//!     handler: hooks.check
//! ```
//!
//! What the plugin would write and CloudFormation or CodeDeploy refuse is an error at the
//! setting (no `type` or one CodeDeploy has no configuration for, no `alias` or one that cannot
//! be part of a logical ID, a hook or alarm that is not in the template, a function without a
//! version), as is what makes the plugin throw (an HTTP API JWT authorizer in the template,
//! `custom.deploymentSettings: null`). The resources are made in `synth/canary_deployments.rs`.

use serde_json::Value;

/// The plugin's npm name.
pub const CANARY_DEPLOYMENTS: &str = "serverless-plugin-canary-deployments";
/// Its settings under `custom` (and the function's key).
pub const CUSTOM: &str = "deploymentSettings";

/// The plugin's settings, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct CanaryDeployments {
    /// `custom.deploymentSettings`, when written (`null` too).
    pub settings: Option<Value>,
    /// `functions.<key>.deploymentSettings`, by function key: the functions it deploys gradually.
    pub functions: Vec<(String, Value)>,
}

/// The `type`s the plugin can name: it writes `CodeDeployDefault.Lambda<type>`, and these are
/// CodeDeploy's predefined Lambda deployment configurations.
pub const TYPES: &[&str] = &[
    "AllAtOnce",
    "Canary10Percent5Minutes",
    "Canary10Percent10Minutes",
    "Canary10Percent15Minutes",
    "Canary10Percent30Minutes",
    "Linear10PercentEvery1Minute",
    "Linear10PercentEvery2Minutes",
    "Linear10PercentEvery3Minutes",
    "Linear10PercentEvery10Minutes",
];
