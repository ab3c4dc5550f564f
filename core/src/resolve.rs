//! Effective values and defaults, computed once and shared by validation and synthesis so that
//! both always agree (stage, function names, memory, architecture, capacity-provider targets).

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Value, json};

use crate::model::{
    Architecture, CapacityProviderConfig, CapacityProviderRef, Expr, Function, FunctionCapacityProvider, FunctionVpc,
    IamRole, Intrinsic, Runtime, RuntimeUpdateMode, ServiceConfig, Vpc,
};
use crate::naming;

/// The capacity provider a function may reference without declaring it.
pub(crate) const DEFAULT_PROVIDER: &str = "default";
/// Region when none is configured.
pub(crate) const DEFAULT_REGION: &str = "us-east-1";
/// Memory of a plain function without any configured memory.
pub(crate) const DEFAULT_MEMORY: u32 = 1024;
/// Memory of a capacity-provider function without any configured memory.
pub(crate) const DEFAULT_CP_MEMORY: u32 = 2048;
/// Timeout when none is configured.
pub(crate) const DEFAULT_TIMEOUT: u32 = 6;
/// Memory of a Lambda@Edge function that sets none (the provider's does not count).
pub(crate) const EDGE_MEMORY: u32 = 128;
/// Timeout of a Lambda@Edge function that sets none (the provider's does not count).
pub(crate) const EDGE_TIMEOUT: u32 = 5;

/// A service with its defaults applied and its maps in the reference's (JavaScript) order.
pub(crate) struct Resolved<'a> {
    pub config: &'a ServiceConfig,
    pub stage: &'a str,
    /// Every capacity provider that becomes a resource, auto-created `default` included.
    pub capacity_providers: Vec<(&'a str, Cow<'a, CapacityProviderConfig>)>,
    pub functions: Vec<(&'a str, &'a Function)>,
    /// `<service>-<stage>`.
    prefix: String,
    /// Capacity provider logical ID → name (the first name when two collide).
    cp_by_logical_id: HashMap<String, &'a str>,
}

/// What a function's `capacityProvider` points at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CpTarget<'a> {
    /// A provider of this service (declared, or the auto-created `default`).
    Local(&'a str),
    /// A literal ARN (or any string starting with `arn:`).
    Arn(&'a str),
    /// An intrinsic, top level or in `name`.
    Intrinsic(&'a Intrinsic),
    /// A name that no provider has.
    Undefined(&'a str),
    /// Object form without `name`.
    MissingName,
}

impl<'a> Resolved<'a> {
    pub fn new(config: &'a ServiceConfig) -> Self {
        let stage = config.provider.stage_or_default();
        let mut capacity_providers: Vec<(&str, Cow<CapacityProviderConfig>)> =
            naming::js_key_order(config.provider.capacity_providers.keys().map(String::as_str))
                .into_iter()
                .map(|i| {
                    let (name, cp) = config.provider.capacity_providers.get_index(i).expect("index from keys");
                    (name.as_str(), Cow::Borrowed(cp))
                })
                .collect();
        let wants_default = config.functions.values().any(|f| references_default(f.capacity_provider.as_ref()));
        if wants_default && !config.provider.capacity_providers.contains_key(DEFAULT_PROVIDER) {
            capacity_providers.push((DEFAULT_PROVIDER, Cow::Owned(CapacityProviderConfig::default())));
        }
        let functions = naming::js_key_order(config.functions.keys().map(String::as_str))
            .into_iter()
            .map(|i| {
                let (k, f) = config.functions.get_index(i).expect("index from keys");
                (k.as_str(), f)
            })
            .collect();
        let mut cp_by_logical_id = HashMap::with_capacity(capacity_providers.len());
        for (name, _) in &capacity_providers {
            cp_by_logical_id.entry(naming::capacity_provider_logical_id(name)).or_insert(*name);
        }
        let prefix = format!("{}-{stage}", config.service);
        Resolved { config, stage, capacity_providers, functions, prefix, cp_by_logical_id }
    }

    pub fn service(&self) -> &'a str {
        &self.config.service
    }

    pub fn region(&self) -> &'a str {
        self.config.provider.region.as_deref().unwrap_or(DEFAULT_REGION)
    }

    /// `<service>-<stage>`, the prefix of every generated physical name.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn has_capacity_provider(&self, name: &str) -> bool {
        self.capacity_provider(name).is_some()
    }

    pub fn capacity_provider(&self, name: &str) -> Option<&CapacityProviderConfig> {
        match self.config.provider.capacity_providers.get(name) {
            Some(cp) => Some(cp),
            // Only the auto-created `default` is not in the config.
            None if name == DEFAULT_PROVIDER => {
                self.capacity_providers.iter().find(|(n, _)| *n == name).map(|(_, c)| c.as_ref())
            }
            None => None,
        }
    }

    /// `CapacityProviderName`: `<service>-<stage>-<raw name>`.
    pub fn capacity_provider_name(&self, name: &str) -> String {
        format!("{}-{}", self.prefix(), name)
    }

    /// The deployed function name.
    pub fn function_name(&self, key: &str, f: &Function) -> String {
        f.name.clone().unwrap_or_else(|| {
            // Asked for several times per function: plain pushes instead of `format!`.
            let mut name = String::with_capacity(self.prefix.len() + 1 + key.len());
            name.push_str(&self.prefix);
            name.push('-');
            name.push_str(key);
            name
        })
    }

    /// Whether a version is published for the function on every deploy.
    pub fn versioned(&self, f: &Function) -> bool {
        is_edge(f) || f.version_function.or(self.config.provider.version_functions).unwrap_or(true)
    }

    pub fn runtime(&self, f: &Function) -> Runtime {
        f.runtime.or(self.config.provider.runtime).unwrap_or(Runtime::DEFAULT)
    }

    pub fn timeout(&self, f: &Function) -> u32 {
        if is_edge(f) && f.timeout.is_none_or(|t| t == 0) {
            return EDGE_TIMEOUT;
        }
        f.timeout.or(self.config.provider.timeout).unwrap_or(DEFAULT_TIMEOUT)
    }

    /// The `Architectures` entry the function gets, if any is configured.
    pub fn function_architecture(&self, f: &Function) -> Option<Architecture> {
        f.architecture.or(self.config.provider.architecture)
    }

    /// Memory as the reference computes it (§5.1): `(effective, explicitly configured)`.
    pub fn memory(&self, f: &Function) -> (u32, bool) {
        if is_edge(f) && f.memory_size.is_none_or(|m| m == 0) {
            return (EDGE_MEMORY, true);
        }
        let explicit = f.memory_size.or(self.config.provider.memory_size);
        let effective = f.memory_size.filter(|m| *m != 0).or(self.config.provider.memory_size.filter(|m| *m != 0));
        match effective {
            Some(m) => (m, explicit.is_some()),
            None if explicit.is_some() => (DEFAULT_MEMORY, true),
            None if is_cp_function(f) => (DEFAULT_CP_MEMORY, false),
            None => (DEFAULT_MEMORY, false),
        }
    }

    /// What the function's `capacityProvider` points at, with its object-form settings; `None`
    /// for a plain function.
    pub fn cp_target(&self, f: &'a Function) -> Option<(CpTarget<'a>, Option<&'a FunctionCapacityProvider>)> {
        if !is_cp_function(f) {
            return None;
        }
        let resolve_name = |name: &'a str| {
            if self.has_capacity_provider(name) {
                CpTarget::Local(name)
            } else if name.starts_with("arn:") {
                CpTarget::Arn(name)
            } else {
                CpTarget::Undefined(name)
            }
        };
        Some(match f.capacity_provider.as_ref()? {
            CapacityProviderRef::Name(name) => (resolve_name(name), None),
            CapacityProviderRef::Intrinsic(i) => (CpTarget::Intrinsic(i), None),
            CapacityProviderRef::Config(c) => {
                let target = match &c.name {
                    None => CpTarget::MissingName,
                    Some(Expr::Str(s)) if s.is_empty() => CpTarget::MissingName,
                    Some(Expr::Str(s)) => resolve_name(s),
                    Some(Expr::Fn(i)) => CpTarget::Intrinsic(i),
                    Some(_) => CpTarget::MissingName,
                };
                (target, Some(c))
            }
        })
    }

    /// A plain function's VPC, field by field from the function, else from `provider.vpc`:
    /// (security groups, subnets, IPv6 dual stack); `None` without both id lists, or with
    /// `vpc: false`. Capacity-provider functions never get one (their provider has the VPC).
    pub fn function_vpc<'c>(&self, f: &'c Function) -> Option<(&'c Expr, &'c Expr, Option<bool>)>
    where
        'a: 'c,
    {
        let config: &'a ServiceConfig = self.config;
        let own: Option<&Vpc> = match &f.vpc {
            Some(FunctionVpc::Disabled(_)) => return None,
            Some(FunctionVpc::Config(v)) => Some(v),
            None => None,
        };
        let provider: Option<&'c Vpc> = config.provider.vpc.as_ref();
        let pick = |field: fn(&Vpc) -> Option<&Expr>| own.and_then(field).or_else(|| provider.and_then(field));
        let sg = pick(|v| v.security_group_ids.as_ref())?;
        let subnets = pick(|v| v.subnet_ids.as_ref())?;
        let ipv6 =
            own.and_then(|v| v.ipv6_allowed_for_dual_stack).or(provider.and_then(|v| v.ipv6_allowed_for_dual_stack));
        Some((sg, subnets, ipv6))
    }

    /// The VPC a capacity provider uses: its own, else `provider.vpc` (never merged).
    pub fn capacity_provider_vpc<'c>(&'c self, cp: &'c CapacityProviderConfig) -> Option<&'c Vpc> {
        cp.vpc.as_ref().or(self.config.provider.vpc.as_ref())
    }

    /// `InstanceRequirements` as emitted (§3.3 steps 4 and 5): (allowed, excluded, architectures).
    pub fn instance_requirements<'c>(
        &self,
        cp: &'c CapacityProviderConfig,
    ) -> Option<(&'c [String], &'c [String], Vec<Architecture>)> {
        let provider_arch = self.config.provider.architecture;
        let mut out = None;
        if let Some(ir) = &cp.instance_requirements {
            let constrained = !ir.allowed_instance_types.is_empty() || !ir.excluded_instance_types.is_empty();
            let architectures = if !ir.architectures.is_empty() {
                ir.architectures.clone()
            } else if constrained {
                vec![provider_arch.unwrap_or_default()]
            } else {
                vec![]
            };
            if constrained || !architectures.is_empty() {
                out =
                    Some((ir.allowed_instance_types.as_slice(), ir.excluded_instance_types.as_slice(), architectures));
            }
        }
        if out.is_none()
            && let Some(arch) = provider_arch.filter(|a| *a != Architecture::X86_64)
        {
            out = Some((&[][..], &[][..], vec![arch]));
        }
        out
    }

    /// The architecture the provider's instances have (the first emitted one, else x86_64).
    pub fn capacity_provider_architecture(&self, cp: &CapacityProviderConfig) -> Architecture {
        self.instance_requirements(cp).and_then(|(_, _, archs)| archs.first().copied()).unwrap_or_default()
    }

    /// The role a function runs with: its own `role`, else an existing `provider.iam.role`, else
    /// `provider.role`; `None` means the shared `IamRoleLambdaExecution`.
    pub fn function_role(&self, f: &'a Function) -> Option<&'a Expr> {
        let p = &self.config.provider;
        let existing = match p.iam.as_ref().and_then(|i| i.role.as_ref()) {
            Some(IamRole::Existing(e)) => Some(e),
            _ => None,
        };
        f.role.as_ref().or(existing).or(p.role.as_ref())
    }

    /// Whether `IamRoleLambdaExecution` is created (iam-and-surface §2): there are functions, no
    /// existing provider role, and at least one function without a role of its own.
    pub fn has_execution_role(&self) -> bool {
        let p = &self.config.provider;
        !self.functions.is_empty()
            && !matches!(p.iam.as_ref().and_then(|i| i.role.as_ref()), Some(IamRole::Existing(_)))
            && p.role.is_none()
            && self.functions.iter().any(|(_, f)| f.role.is_none())
    }

    /// The logical ID of the role resource a function uses, when the role is a resource of this
    /// template: `IamRoleLambdaExecution`, a logical-ID string, or the target of `Fn::GetAtt`.
    pub fn role_resource(&self, f: &'a Function) -> Option<String> {
        match self.function_role(f) {
            None => Some(naming::EXECUTION_ROLE.to_string()),
            Some(Expr::Str(s)) if !s.contains(':') => Some(s.clone()),
            Some(Expr::Fn(i)) => match i.as_ref() {
                Intrinsic::GetAtt { resource, .. } => Some(resource.clone()),
                _ => None,
            },
            Some(_) => None,
        }
    }

    /// A custom log group (`logs.logGroup`, else `provider.logs.lambda.logGroup`): no log group
    /// resource is created for the function.
    pub fn custom_log_group(&self, f: &'a Function) -> Option<&'a str> {
        let provider = self.config.provider.logs.as_ref().and_then(|l| l.lambda.as_ref());
        f.logs.as_ref().and_then(|l| l.log_group.as_deref()).or(provider.and_then(|l| l.log_group.as_deref()))
    }

    /// Whether the function gets its `<Fn>LogGroup` resource.
    pub fn has_log_group(&self, f: &'a Function) -> bool {
        f.disable_logs != Some(true) && self.custom_log_group(f).is_none()
    }

    /// The tracing mode: the function's, else `provider.tracing.lambda`.
    pub fn tracing(&self, f: &Function) -> Option<crate::model::Tracing> {
        f.tracing.or(self.config.provider.tracing.as_ref().and_then(|t| t.lambda))
    }

    /// The effective `runtimeManagement` mode and ARN: the function's settings over the provider's,
    /// key by key (the reference's object spread), the mode `auto` when neither sets one.
    pub fn runtime_management(&self, f: &'a Function) -> (RuntimeUpdateMode, Option<&'a str>) {
        let settings = [self.config.provider.runtime_management.as_ref(), f.runtime_management.as_ref()];
        let mode = settings.iter().flatten().filter_map(|m| m.mode).next_back();
        let arn = settings.iter().flatten().filter_map(|m| m.arn.as_deref()).next_back();
        (mode.unwrap_or(RuntimeUpdateMode::Auto), arn)
    }

    /// The deployment bucket as `S3Bucket` takes it: the configured name, else a `Ref` to the
    /// in-stack bucket.
    pub fn deployment_bucket(&self) -> Value {
        match &self.config.provider.deployment_bucket {
            Some(name) => Value::String(name.clone()),
            None => json!({ "Ref": "ServerlessDeploymentBucket" }),
        }
    }

    /// `<deploymentPrefix>/<service>/<stage>/<artifactDirectoryName>` (template-core §6.2).
    pub fn artifact_directory(&self, build_time_millis: u64) -> String {
        format!(
            "{}/{}/{}/{}",
            self.config.provider.deployment_prefix.as_deref().unwrap_or("serverless"),
            self.service(),
            self.stage,
            crate::artifact::artifact_directory_name(build_time_millis)
        )
    }

    /// The stack name: `provider.stackName`, else `<service>-<stage>`.
    pub fn stack_name(&self) -> &str {
        self.config.provider.stack_name.as_deref().unwrap_or(&self.prefix)
    }

    /// The local capacity provider a `Fn::GetAtt` (`<Name>LambdaCapacityProvider.Arn`) points at.
    pub fn capacity_provider_by_logical_id(&self, logical_id: &str) -> Option<&'a str> {
        self.cp_by_logical_id.get(logical_id).copied()
    }
}

/// A Lambda@Edge function: one with a `cloudFront` event. Before compiling functions, the
/// reference's cloudFront compiler (`events/cloud_front.rs`) makes it versioned and gives it
/// [`EDGE_MEMORY`] and [`EDGE_TIMEOUT`] unless the function sets them. A capacity-provider
/// function is none: its `cloudFront` event is an error of its own, which its memory being too
/// small for a capacity provider would only repeat.
pub(crate) fn is_edge(f: &Function) -> bool {
    f.events.iter().any(|e| e.kind == "cloudFront") && !is_cp_function(f)
}

/// A function runs on a capacity provider when `capacityProvider` is set and not `''`.
pub(crate) fn is_cp_function(f: &Function) -> bool {
    match &f.capacity_provider {
        None => false,
        Some(CapacityProviderRef::Name(n)) => !n.is_empty(),
        Some(_) => true,
    }
}

fn references_default(cp: Option<&CapacityProviderRef>) -> bool {
    cp.and_then(CapacityProviderRef::name) == Some(DEFAULT_PROVIDER)
}

/// The reference's test for a usable VPC id list: a non-empty list, or an intrinsic.
pub(crate) fn usable_id_list(ids: Option<&Expr>) -> bool {
    match ids {
        Some(Expr::List(items)) => !items.is_empty(),
        Some(Expr::Fn(_)) => true,
        _ => false,
    }
}

/// `TARGET(fn)`: the function's ARN, joined with its alias when it has one.
pub(crate) fn target(key: &str, f: &Function) -> Value {
    let arn = json!({ "Fn::GetAtt": [naming::function_logical_id(key), "Arn"] });
    match alias(f) {
        Some((name, _)) => json!({ "Fn::Join": [":", [arn, name]] }),
        None => arn,
    }
}

/// `provisionedConcurrency` when it provisions anything: the reference tests it for truth, so 0 is
/// none (no alias, no version of its own, no rule about it).
pub(crate) fn provisioned(f: &Function) -> Option<u32> {
    f.provisioned_concurrency.filter(|p| *p > 0)
}

/// A function's target alias: (alias name, logical-ID suffix).
pub(crate) fn alias(f: &Function) -> Option<(&'static str, &'static str)> {
    if provisioned(f).is_some() {
        Some(("provisioned", "ProvConcLambdaAlias"))
    } else if f.snap_start == Some(true) {
        Some(("snapstart", "SnapStartLambdaAlias"))
    } else {
        None
    }
}

/// The logical ID of the function's alias, if it has one.
pub(crate) fn alias_id(key: &str, f: &Function) -> Option<String> {
    alias(f).map(|(_, suffix)| [naming::normalize(key).as_str(), suffix].concat())
}

/// The action for a destination ARN, by its service; `None` when it is none of the four.
pub(crate) fn destination_action(arn: &str) -> Option<&'static str> {
    if arn.contains(":function:") {
        Some("lambda:InvokeFunction")
    } else if arn.contains(":sqs:") {
        Some("sqs:SendMessage")
    } else if arn.contains(":sns:") {
        Some("sns:Publish")
    } else if arn.contains(":event-bus/") {
        Some("events:PutEvents")
    } else {
        None
    }
}

/// `Fn::Sub` of the ARN of log group `group` with `suffix` (`:*` for its streams, `*:*` for a
/// prefix's groups), as the reference writes log permissions.
pub(crate) fn log_group_arn(group: &str, suffix: &str) -> Value {
    json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{group}{suffix}") })
}

/// The two log statements of a role: create groups and streams on `create`, put events on `put`.
pub(crate) fn log_statements(create: Vec<Value>, put: Vec<Value>) -> [Value; 2] {
    [
        json!({
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"],
            "Resource": create
        }),
        json!({ "Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": put }),
    ]
}

/// `Fn::Join ["-", [service, stage, key, {Ref: AWS::Region}, "lambdaRole"]]`, without
/// `lambdaRole` when the name would be longer than 64 characters (the region counted as the
/// provider's region); `None` when it is still too long.
pub(crate) fn default_role_name(r: &Resolved, key: &str) -> Option<Value> {
    let units = |s: &str| s.encode_utf16().count();
    let base = units(r.service()) + units(r.stage) + units(key) + units(r.region());
    let mut parts = vec![json!(r.service()), json!(r.stage), json!(key), json!({ "Ref": "AWS::Region" })];
    // Parts joined with dashes: 5 parts have 4 dashes.
    if base + units("lambdaRole") + 4 <= 64 {
        parts.push(json!("lambdaRole"));
    } else if base + 3 > 64 {
        return None;
    }
    Some(json!({ "Fn::Join": ["-", parts] }))
}
