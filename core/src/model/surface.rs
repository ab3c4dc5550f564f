//! The function and provider surface beyond capacity providers: IAM, tags, logs, tracing,
//! layers and asynchronous invocation (serverless-iam-and-surface.md).
//!
//! Values that CloudFormation takes verbatim (IAM statements, a data-protection policy) are kept
//! as the JSON the user wrote; everything with a closed set of values is an enum.

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

use super::Expr;

/// Tags: key → value (a string, or an intrinsic yielding one), in declaration order.
pub type Tags = IndexMap<String, Expr>;

/// `provider.iam`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderIam {
    /// `role`: the shared execution role's settings, or an existing role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<IamRole>,
    /// `deploymentRole`: the CloudFormation service role (no template effect).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment_role: Option<Expr>,
}

/// `provider.iam.role`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum IamRole {
    /// An existing role (an ARN, a logical ID of a user resource, or an intrinsic): no
    /// `IamRoleLambdaExecution` is created and every function uses it.
    Existing(Expr),
    /// Settings of the generated `IamRoleLambdaExecution`.
    Config(IamRoleConfig),
}

/// The object form of `provider.iam.role`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IamRoleConfig {
    /// `name`: `RoleName` (default `<service>-<stage>-<region>-lambdaRole`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Expr>,
    /// `path` (default `/`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Expr>,
    /// `statements`, appended to the role's policy as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statements: Option<Vec<Statement>>,
    /// `managedPolicies`: ARNs (or intrinsics) of managed policies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_policies: Option<Vec<Expr>>,
    /// `permissionsBoundary`: a managed policy ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<Expr>,
    /// `tags` of the role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
}

/// One IAM policy statement, kept as written (`Effect`, `Action`, `Resource`, `Condition`, ...).
///
/// ```
/// use stackwright_core::model::Statement;
/// let s = Statement::allow(["dynamodb:GetItem"], ["arn:aws:dynamodb:us-east-1:123456789012:table/Users"]);
/// assert_eq!(s.0["Effect"], "Allow");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Statement(pub Value);

impl Statement {
    /// `{Effect: Allow, Action: [..], Resource: [..]}`.
    pub fn allow<A: Into<String>, R: Into<Expr>>(
        actions: impl IntoIterator<Item = A>,
        resources: impl IntoIterator<Item = R>,
    ) -> Self {
        Self::new("Allow", actions, resources)
    }

    /// `{Effect: Deny, Action: [..], Resource: [..]}`.
    pub fn deny<A: Into<String>, R: Into<Expr>>(
        actions: impl IntoIterator<Item = A>,
        resources: impl IntoIterator<Item = R>,
    ) -> Self {
        Self::new("Deny", actions, resources)
    }

    fn new<A: Into<String>, R: Into<Expr>>(
        effect: &str,
        actions: impl IntoIterator<Item = A>,
        resources: impl IntoIterator<Item = R>,
    ) -> Self {
        let actions: Vec<Value> = actions.into_iter().map(|a| Value::String(a.into())).collect();
        let resources: Vec<Value> = resources.into_iter().map(|r| r.into().to_json()).collect();
        let mut map = serde_json::Map::new();
        map.insert("Effect".into(), effect.into());
        map.insert("Action".into(), Value::Array(actions));
        map.insert("Resource".into(), Value::Array(resources));
        Statement(Value::Object(map))
    }

    /// The same statement with a `Condition` block.
    pub fn condition(mut self, condition: Value) -> Self {
        if let Value::Object(m) = &mut self.0 {
            m.insert("Condition".into(), condition);
        }
        self
    }
}

/// `provider.logs`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderLogs {
    /// `lambda`: log settings of every function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda: Option<LambdaLogs>,
    /// `restApi`: REST API access logs (`true` or settings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rest_api: Option<Value>,
    /// `httpApi`: HTTP API access logs (`true` or settings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_api: Option<Value>,
    /// `websocket`: websocket API access logs (`true` or settings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub websocket: Option<Value>,
    /// `frameworkLambda`: whether the framework's helper functions log (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub framework_lambda: Option<bool>,
}

/// Lambda log settings (`functions.X.logs`, `provider.logs.lambda`): `LoggingConfig`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LambdaLogs {
    /// `logFormat`: `Text` or `JSON`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<LogFormat>,
    /// `applicationLogLevel` (JSON format only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_log_level: Option<LogLevel>,
    /// `systemLogLevel` (JSON format only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_log_level: Option<SystemLogLevel>,
    /// `logGroup`: an existing log group; no log group resource is created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_group: Option<String>,
}

super::enums::string_enum! {
    /// `logFormat` of a function's logs.
    pub enum LogFormat {
        /// `Text`.
        Text => "Text",
        /// `JSON`.
        Json => "JSON",
    }
}

super::enums::string_enum! {
    /// A Lambda log level (`applicationLogLevel`, `systemLogLevel`).
    pub enum LogLevel {
        /// `TRACE`.
        Trace => "TRACE",
        /// `DEBUG`.
        Debug => "DEBUG",
        /// `INFO`.
        Info => "INFO",
        /// `WARN`.
        Warn => "WARN",
        /// `ERROR`.
        Error => "ERROR",
        /// `FATAL`.
        Fatal => "FATAL",
    }
}

super::enums::string_enum! {
    /// The log level of Lambda's own (platform) logs: a narrower set than application logs.
    pub enum SystemLogLevel {
        /// `DEBUG`.
        Debug => "DEBUG",
        /// `INFO`.
        Info => "INFO",
        /// `WARN`.
        Warn => "WARN",
    }
}

super::enums::string_enum! {
    /// X-Ray tracing mode (`tracing`, `provider.tracing.lambda`); `true` means `Active`.
    pub enum Tracing {
        /// `Active`.
        Active => "Active",
        /// `PassThrough`.
        PassThrough => "PassThrough",
    }
}

super::enums::string_enum! {
    /// When Lambda moves the function to a new runtime version (`runtimeManagement`).
    pub enum RuntimeUpdateMode {
        /// `auto`: Lambda updates it (no `RuntimeManagementConfig`).
        Auto => "auto",
        /// `onFunctionUpdate`: at the function's next update.
        OnFunctionUpdate => "onFunctionUpdate",
        /// `manual`: stays on `arn`.
        Manual => "manual",
    }
}

/// `runtimeManagement` (a function's, else the provider's; written as a mode or `{mode, arn}`).
///
/// ```
/// use stackwright_core::model::{RuntimeManagement, RuntimeUpdateMode};
/// let pinned = RuntimeManagement::manual("arn:aws:lambda:us-east-1::runtime:0123abcd");
/// assert_eq!(pinned.mode, Some(RuntimeUpdateMode::Manual));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuntimeManagement {
    /// `mode`: `auto` when neither the function nor the provider sets one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<RuntimeUpdateMode>,
    /// `arn`: the runtime version a `manual` function stays on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
}

impl RuntimeManagement {
    /// `mode` alone (`runtimeManagement: onFunctionUpdate`).
    pub fn mode(mode: RuntimeUpdateMode) -> Self {
        RuntimeManagement { mode: Some(mode), arn: None }
    }

    /// `{mode: manual, arn}`: stay on the runtime version `arn`.
    pub fn manual(arn: impl Into<String>) -> Self {
        RuntimeManagement { mode: Some(RuntimeUpdateMode::Manual), arn: Some(arn.into()) }
    }
}

/// `provider.tracing`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderTracing {
    /// `lambda`: the tracing mode of every function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda: Option<Tracing>,
    /// `apiGateway`: REST API stage tracing (set after deploy; no template effect).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_gateway: Option<bool>,
}

/// `functions.X.destinations`: where asynchronous invocations go.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Destinations {
    /// `onSuccess`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_success: Option<Destination>,
    /// `onFailure`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<Destination>,
}

/// One destination: a function name of this service, or an ARN (string or `{type, arn}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Destination {
    /// A function key of this service, or an ARN string.
    Name(String),
    /// `{type: function|sqs|sns|eventBus, arn: <intrinsic or ARN>}`.
    Typed {
        /// `type`.
        #[serde(rename = "type")]
        kind: DestinationType,
        /// `arn`.
        arn: Expr,
    },
}

super::enums::string_enum! {
    /// The `type` of an object-form destination.
    pub enum DestinationType {
        /// `function`.
        Function => "function",
        /// `sqs`.
        Sqs => "sqs",
        /// `sns`.
        Sns => "sns",
        /// `eventBus`.
        EventBus => "eventBus",
    }
}

super::enums::string_enum! {
    /// `logRetentionInDays`: the values CloudWatch Logs accepts.
    pub enum RetentionDays {
        /// 1 day.
        D1 => "1",
        /// 3 days.
        D3 => "3",
        /// 5 days.
        D5 => "5",
        /// 1 week.
        D7 => "7",
        /// 2 weeks.
        D14 => "14",
        /// 1 month.
        D30 => "30",
        /// 2 months.
        D60 => "60",
        /// 3 months.
        D90 => "90",
        /// 4 months.
        D120 => "120",
        /// 5 months.
        D150 => "150",
        /// 6 months.
        D180 => "180",
        /// 1 year.
        D365 => "365",
        /// 13 months.
        D400 => "400",
        /// 18 months.
        D545 => "545",
        /// 2 years.
        D731 => "731",
        /// 3 years.
        D1096 => "1096",
        /// 5 years.
        D1827 => "1827",
        /// 6 years.
        D2192 => "2192",
        /// 7 years.
        D2557 => "2557",
        /// 8 years.
        D2922 => "2922",
        /// 9 years.
        D3288 => "3288",
        /// 10 years.
        D3653 => "3653",
    }
}

impl RetentionDays {
    /// The number of days.
    pub fn days(self) -> u32 {
        self.as_str().parse().unwrap_or(0)
    }

    /// The value for a number of days, if CloudWatch Logs allows it.
    ///
    /// ```
    /// use stackwright_core::model::RetentionDays;
    /// assert_eq!(RetentionDays::from_days(14), Some(RetentionDays::D14));
    /// assert_eq!(RetentionDays::from_days(15), None);
    /// ```
    pub fn from_days(days: u64) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| u64::from(r.days()) == days)
    }
}
