//! Builder methods for the function and provider surface: IAM, your own resources (typed
//! handles), tags, logs, tracing, layers and asynchronous invocation.

use std::marker::PhantomData;

use serde_json::{Map, Value};

use crate::model::{
    Destination, Destinations, Expr, Function, IamRole, IamRoleConfig, Intrinsic, LambdaLogs, LogFormat, LogLevel,
    Provider, ProviderIam, ProviderTracing, RetentionDays, RuntimeManagement, Statement, SystemLogLevel, Tracing,
};

impl<B> Function<B> {
    /// The function's own execution role: an ARN, a logical ID of one of your resources, or an
    /// intrinsic (e.g. `role.arn()` of a [`ResourceHandle`]).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let f = Function::handler("h.api").role("arn:aws:iam::123456789012:role/api");
    /// assert!(f.role.is_some());
    /// ```
    pub fn role(mut self, role: impl Into<Expr>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// A statement of the function's own role (serverless-iam-roles-per-function, DECISIONS.md
    /// D8): a function with at least one of these, or with [`Function::own_role`], gets the role
    /// `<Fn>IamRoleLambdaExecution` instead of the shared one, exactly as the plugin makes it. In
    /// serverless.yml this is `iamRoleStatements` with the plugin in `plugins`.
    ///
    /// ```
    /// use stackwright_core::{model::Statement, *};
    /// let f = Function::handler("h.api")
    ///     .iam_statement(Statement::allow(["dynamodb:GetItem"], ["arn:aws:dynamodb:us-east-1:123456789012:table/t"]));
    /// assert_eq!(f.iam_role_statements.unwrap().len(), 1);
    /// ```
    pub fn iam_statement(mut self, statement: Statement) -> Self {
        self.iam_role_statements.get_or_insert_with(Vec::new).push(statement);
        self
    }

    /// A role of the function's own even without statements (`iamRoleStatements: []`): it gets
    /// the permissions of its events and log group only.
    pub fn own_role(mut self) -> Self {
        self.iam_role_statements.get_or_insert_with(Vec::new);
        self
    }

    /// `iamRoleStatementsName`: the `RoleName` of the function's own role.
    pub fn own_role_name(mut self, name: impl Into<String>) -> Self {
        self.iam_role_statements_name = Some(name.into());
        self
    }

    /// `iamRoleStatementsInherit`: the function's own role also gets the provider's statements.
    pub fn inherit_provider_statements(mut self, inherit: bool) -> Self {
        self.iam_role_statements_inherit = Some(inherit);
        self
    }

    /// `iamPermissionsBoundary`: the permissions boundary of the function's own role.
    pub fn own_role_permissions_boundary(mut self, arn: impl Into<Expr>) -> Self {
        self.iam_permissions_boundary = Some(arn.into());
        self
    }

    /// A tag (merged over `provider.tags`).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let f = Function::handler("h.api").tag("team", "web");
    /// assert_eq!(f.tags.unwrap()["team"], Expr::from("web"));
    /// ```
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<Expr>) -> Self {
        self.tags.get_or_insert_with(Default::default).insert(key.into(), value.into());
        self
    }

    /// A layer version: an ARN, an intrinsic, or the [`LayerHandle`](crate::LayerHandle) of a
    /// layer of this service ([`Service::layer`](crate::Service::layer), which also puts the
    /// layer's code into the function's version hash); replaces `provider.layers` for this
    /// function.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let f = Function::handler("h.api").layer("arn:aws:lambda:us-east-1:123456789012:layer:deps:3");
    /// assert_eq!(f.layers.unwrap().len(), 1);
    /// let mut svc = Service::new("my-service");
    /// let deps = svc.layer("deps", Layer::path("layer"));
    /// let f = Function::handler("h.api").layer(&deps);
    /// assert_eq!(f.layers.unwrap()[0].to_json(), serde_json::json!({"Ref": "DepsLambdaLayer"}));
    /// ```
    pub fn layer(mut self, layer: impl Into<Expr>) -> Self {
        self.layers.get_or_insert_with(Vec::new).push(layer.into());
        self
    }

    /// X-Ray tracing (adds the X-Ray statement to the execution role).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let f = Function::handler("h.api").tracing(model::Tracing::Active);
    /// assert_eq!(f.tracing, Some(model::Tracing::Active));
    /// ```
    pub fn tracing(mut self, mode: Tracing) -> Self {
        self.tracing = Some(mode);
        self
    }

    /// How long the function's log group keeps logs.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let f = Function::handler("h.api").log_retention(model::RetentionDays::D14);
    /// assert_eq!(f.log_retention_in_days, Some(14));
    /// ```
    pub fn log_retention(mut self, days: RetentionDays) -> Self {
        self.log_retention_in_days = Some(days.days());
        self
    }

    /// JSON logs with the given application and system log levels (`LoggingConfig`).
    ///
    /// ```
    /// use stackwright_core::*;
    /// use stackwright_core::model::{LogLevel, SystemLogLevel};
    /// let f = Function::handler("h.api").json_logs(LogLevel::Info, SystemLogLevel::Warn);
    /// assert_eq!(f.logs.unwrap().application_log_level, Some(LogLevel::Info));
    /// ```
    pub fn json_logs(mut self, application: LogLevel, system: SystemLogLevel) -> Self {
        let logs = self.logs.get_or_insert_with(LambdaLogs::default);
        logs.log_format = Some(LogFormat::Json);
        logs.application_log_level = Some(application);
        logs.system_log_level = Some(system);
        self
    }

    /// Logs to an existing log group instead of `/aws/lambda/<name>` (no log group is created).
    pub fn log_group(mut self, name: impl Into<String>) -> Self {
        self.logs.get_or_insert_with(LambdaLogs::default).log_group = Some(name.into());
        self
    }

    /// No log group and no permission to write logs.
    pub fn disable_logs(mut self) -> Self {
        self.disable_logs = Some(true);
        self
    }

    /// The KMS key that encrypts the function's environment (adds `kms:Decrypt` to the role).
    pub fn kms_key_arn(mut self, arn: impl Into<Expr>) -> Self {
        self.kms_key_arn = Some(arn.into());
        self
    }

    /// `/tmp` size in MB (512..10240).
    pub fn ephemeral_storage(mut self, mb: u32) -> Self {
        self.ephemeral_storage_size = Some(mb);
        self
    }

    /// When Lambda moves the function to a new runtime version (over the provider's setting).
    ///
    /// ```
    /// use stackwright_core::model::{RuntimeManagement, RuntimeUpdateMode};
    /// use stackwright_core::Function;
    /// let f = Function::handler("h.h").runtime_management(RuntimeManagement::mode(RuntimeUpdateMode::OnFunctionUpdate));
    /// assert_eq!(f.runtime_management.unwrap().mode, Some(RuntimeUpdateMode::OnFunctionUpdate));
    /// ```
    pub fn runtime_management(mut self, settings: RuntimeManagement) -> Self {
        self.runtime_management = Some(settings);
        self
    }

    /// The dead-letter target of failed asynchronous invocations (an SNS topic or SQS queue ARN).
    pub fn on_error(mut self, arn: impl Into<Expr>) -> Self {
        self.on_error = Some(arn.into());
        self
    }

    /// Where successful asynchronous invocations go: a function of this service by key, or the
    /// ARN of a function, queue, topic or event bus.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let f = Function::handler("h.api").on_success("arn:aws:sqs:us-east-1:123456789012:ok").maximum_retry_attempts(1);
    /// assert!(f.destinations.unwrap().on_success.is_some());
    /// ```
    pub fn on_success(mut self, target: impl Into<String>) -> Self {
        self.destinations.get_or_insert_with(Destinations::default).on_success = Some(Destination::Name(target.into()));
        self
    }

    /// Where failed asynchronous invocations go (see [`Function::on_success`]).
    pub fn on_failure(mut self, target: impl Into<String>) -> Self {
        self.destinations.get_or_insert_with(Destinations::default).on_failure = Some(Destination::Name(target.into()));
        self
    }

    /// How long an asynchronous event may wait, in seconds (60..21600).
    pub fn maximum_event_age(mut self, seconds: u32) -> Self {
        self.maximum_event_age = Some(seconds);
        self
    }

    /// How often a failed asynchronous invocation is retried (0..2).
    pub fn maximum_retry_attempts(mut self, n: u32) -> Self {
        self.maximum_retry_attempts = Some(n);
        self
    }

    /// SnapStart on published versions (Java, Python 3.12+, .NET 8+; not on capacity providers).
    pub fn snap_start(mut self) -> Self {
        self.snap_start = Some(true);
        self
    }

    /// A function URL without authentication (`url: true`).
    pub fn url(mut self) -> Self {
        self.url = Some(Value::Bool(true));
        self
    }

    /// A function URL that requires IAM authentication.
    pub fn url_with_iam(mut self) -> Self {
        let mut m = Map::new();
        m.insert("authorizer".into(), "aws_iam".into());
        self.url = Some(Value::Object(m));
        self
    }

    /// An event that invokes the function.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let f = Function::handler("h.worker").event(events::Event::new("sqs", serde_json::json!({"arn": "arn:aws:sqs:us-east-1:123456789012:jobs"})));
    /// assert_eq!(f.events.len(), 1);
    /// ```
    pub fn event(mut self, event: impl Into<crate::events::Event>) -> Self {
        self.events.push(event.into());
        self
    }

    /// A resource the function resource depends on (`DependsOn`).
    pub fn depends_on(mut self, logical_id: impl Into<String>) -> Self {
        self.depends_on.push(logical_id.into());
        self
    }
}

impl Provider {
    /// A tag of every function (and of the HTTP API).
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("svc");
    /// svc.provider().tag("team", "web").log_retention(model::RetentionDays::D30);
    /// assert_eq!(svc.config().provider.log_retention_in_days, Some(30));
    /// ```
    pub fn tag(&mut self, key: impl Into<String>, value: impl Into<Expr>) -> &mut Self {
        self.tags.get_or_insert_with(Default::default).insert(key.into(), value.into());
        self
    }

    /// A tag of the stack (applied when deploying; not in the template).
    pub fn stack_tag(&mut self, key: impl Into<String>, value: impl Into<Expr>) -> &mut Self {
        self.stack_tags.get_or_insert_with(Default::default).insert(key.into(), value.into());
        self
    }

    /// The stack's name (default `<service>-<stage>`).
    pub fn stack_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.stack_name = Some(name.into());
        self
    }

    /// The IAM role CloudFormation assumes to deploy and remove the stack (`provider.cfnRole`):
    /// `stackwright deploy` and `remove` pass it; the template does not change.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("svc");
    /// svc.provider().cfn_role("arn:aws:iam::123456789012:role/cloudformation-deploy");
    /// assert_eq!(svc.config().provider.cfn_role.as_deref(), Some("arn:aws:iam::123456789012:role/cloudformation-deploy"));
    /// ```
    pub fn cfn_role(&mut self, arn: impl Into<String>) -> &mut Self {
        self.cfn_role = Some(arn.into());
        self
    }

    /// How long every function's log group keeps logs.
    pub fn log_retention(&mut self, days: RetentionDays) -> &mut Self {
        self.log_retention_in_days = Some(days.days());
        self
    }

    /// X-Ray tracing of every function.
    pub fn tracing(&mut self, mode: Tracing) -> &mut Self {
        self.tracing.get_or_insert_with(ProviderTracing::default).lambda = Some(mode);
        self
    }

    /// A layer version of every function without layers of its own.
    pub fn layer(&mut self, layer: impl Into<Expr>) -> &mut Self {
        self.layers.get_or_insert_with(Vec::new).push(layer.into());
        self
    }

    /// The KMS key of every function's environment.
    pub fn kms_key_arn(&mut self, arn: impl Into<Expr>) -> &mut Self {
        self.kms_key_arn = Some(arn.into());
        self
    }

    /// When Lambda moves every function to a new runtime version (a function's own wins).
    pub fn runtime_management(&mut self, settings: RuntimeManagement) -> &mut Self {
        self.runtime_management = Some(settings);
        self
    }

    /// An existing execution role for every function: no `IamRoleLambdaExecution` is created.
    ///
    /// ```
    /// use stackwright_core::*;
    /// let mut svc = Service::new("svc");
    /// svc.provider().existing_role("arn:aws:iam::123456789012:role/shared");
    /// assert!(svc.config().provider.iam.is_some());
    /// ```
    pub fn existing_role(&mut self, role: impl Into<Expr>) -> &mut Self {
        self.iam.get_or_insert_with(ProviderIam::default).role = Some(IamRole::Existing(role.into()));
        self
    }
}

/// The generated execution role's settings, from [`Service::iam`](crate::Service::iam).
///
/// ```
/// use stackwright_core::*;
/// let mut svc = Service::new("orders");
/// let table = svc.resource("OrdersTable", Resource::new("AWS::DynamoDB::Table"));
/// svc.iam().allow(["dynamodb:GetItem", "dynamodb:PutItem"], [table.arn()]);
/// let statements = svc.config().provider.iam.as_ref().unwrap();
/// # let _ = statements;
/// ```
pub struct Iam<'s> {
    role: &'s mut IamRoleConfig,
}

impl<'s> Iam<'s> {
    pub(crate) fn new(provider: &'s mut Provider) -> Self {
        let iam = provider.iam.get_or_insert_with(ProviderIam::default);
        if !matches!(iam.role, Some(IamRole::Config(_))) {
            iam.role = Some(IamRole::Config(IamRoleConfig::default()));
        }
        let Some(IamRole::Config(role)) = &mut iam.role else { unreachable!("set just above") };
        Iam { role }
    }

    /// Allows `actions` on `resources` (ARNs, `"*"`, or handles' [`ResourceHandle::arn`]).
    pub fn allow<A: Into<String>, R: Into<Expr>>(
        &mut self,
        actions: impl IntoIterator<Item = A>,
        resources: impl IntoIterator<Item = R>,
    ) -> &mut Self {
        self.statement(Statement::allow(actions, resources))
    }

    /// Denies `actions` on `resources`.
    pub fn deny<A: Into<String>, R: Into<Expr>>(
        &mut self,
        actions: impl IntoIterator<Item = A>,
        resources: impl IntoIterator<Item = R>,
    ) -> &mut Self {
        self.statement(Statement::deny(actions, resources))
    }

    /// Appends a statement as written.
    pub fn statement(&mut self, statement: Statement) -> &mut Self {
        self.role.statements.get_or_insert_with(Vec::new).push(statement);
        self
    }

    /// Attaches a managed policy (ARN or intrinsic).
    pub fn managed_policy(&mut self, arn: impl Into<Expr>) -> &mut Self {
        self.role.managed_policies.get_or_insert_with(Vec::new).push(arn.into());
        self
    }

    /// The role's name (default `<service>-<stage>-<region>-lambdaRole`).
    pub fn name(&mut self, name: impl Into<Expr>) -> &mut Self {
        self.role.name = Some(name.into());
        self
    }

    /// The role's path (default `/`).
    pub fn path(&mut self, path: impl Into<Expr>) -> &mut Self {
        self.role.path = Some(path.into());
        self
    }

    /// The role's permissions boundary (a managed policy ARN).
    pub fn permissions_boundary(&mut self, arn: impl Into<Expr>) -> &mut Self {
        self.role.permissions_boundary = Some(arn.into());
        self
    }

    /// A tag of the role.
    pub fn tag(&mut self, key: impl Into<String>, value: impl Into<Expr>) -> &mut Self {
        self.role.tags.get_or_insert_with(Default::default).insert(key.into(), value.into());
        self
    }
}

/// A CloudFormation resource of your own, declared with [`Service::resource`](crate::Service::resource).
///
/// ```
/// use stackwright_core::*;
/// let queue = Resource::new("AWS::SQS::Queue").property("VisibilityTimeout", 120);
/// assert_eq!(queue.to_json()["Properties"]["VisibilityTimeout"], 120);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    resource_type: String,
    properties: Map<String, Value>,
    extra: Map<String, Value>,
}

impl Resource {
    /// A resource of `resource_type` (e.g. `AWS::DynamoDB::Table`).
    pub fn new(resource_type: impl Into<String>) -> Self {
        Resource { resource_type: resource_type.into(), properties: Map::new(), extra: Map::new() }
    }

    /// A property; any serializable value, or an [`Expr`] (a handle's `arn()`, an intrinsic).
    pub fn property(mut self, name: impl Into<String>, value: impl serde::Serialize) -> Self {
        self.properties.insert(name.into(), serde_json::to_value(value).unwrap_or(Value::Null));
        self
    }

    /// `DeletionPolicy` (e.g. `Retain`).
    pub fn deletion_policy(mut self, policy: impl Into<String>) -> Self {
        self.extra.insert("DeletionPolicy".into(), Value::String(policy.into()));
        self
    }

    /// The resource as CloudFormation JSON.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("Type".into(), Value::String(self.resource_type.clone()));
        if !self.properties.is_empty() {
            out.insert("Properties".into(), Value::Object(self.properties.clone()));
        }
        out.extend(self.extra.clone());
        Value::Object(out)
    }
}

/// A resource declared in a service: its references cannot point at a resource that does not
/// exist. `B` is the service's brand.
///
/// ```
/// use stackwright_core::*;
/// let mut svc = Service::new("svc");
/// let bucket = svc.resource("Uploads", Resource::new("AWS::S3::Bucket"));
/// assert_eq!(bucket.arn().to_json(), serde_json::json!({"Fn::GetAtt": ["Uploads", "Arn"]}));
/// assert_eq!(bucket.reference().to_json(), serde_json::json!({"Ref": "Uploads"}));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceHandle<B = crate::Unbranded> {
    logical_id: String,
    brand: PhantomData<fn() -> B>,
}

impl<B> ResourceHandle<B> {
    pub(crate) fn new(logical_id: String) -> Self {
        ResourceHandle { logical_id, brand: PhantomData }
    }

    /// The logical ID.
    pub fn logical_id(&self) -> &str {
        &self.logical_id
    }

    /// `{"Fn::GetAtt": [id, "Arn"]}`.
    pub fn arn(&self) -> Expr {
        self.get_att("Arn")
    }

    /// `{"Fn::GetAtt": [id, attribute]}`.
    pub fn get_att(&self, attribute: &str) -> Expr {
        Intrinsic::get_att(self.logical_id.clone(), attribute).into()
    }

    /// `{"Ref": id}` (a table's, queue's or bucket's name or URL, depending on the type).
    pub fn reference(&self) -> Expr {
        Intrinsic::reference(self.logical_id.clone()).into()
    }
}
