//! Rules over the function and provider surface (IAM, tags, logs, layers, asynchronous
//! invocation, SnapStart): what CloudFormation or Lambda would reject, what the reference rejects
//! itself, and what it would silently drop (DECISIONS.md D2).

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Destination, Expr, Function, IamRole, LogFormat, Runtime, RuntimeUpdateMode, Statement, Tags};
use crate::resolve::{Resolved, is_cp_function};

use crate::codes;

/// Lambda's limit of layers per function.
const MAX_LAYERS: usize = 5;

pub(super) fn check(r: &Resolved<'_>, out: &mut Diagnostics) {
    let p = &r.config.provider;
    if let Some(tags) = &p.tags {
        check_tags(r, tags, "provider.tags", out);
    }
    if let Some(tags) = &p.stack_tags {
        check_tags(r, tags, "provider.stackTags", out);
    }
    if let Some(IamRole::Config(role)) = p.iam.as_ref().and_then(|i| i.role.as_ref()) {
        if let Some(tags) = &role.tags {
            check_tags(r, tags, "provider.iam.role.tags", out);
        }
        for (i, s) in role.statements.iter().flatten().enumerate() {
            check_statement(s, &format!("provider.iam.role.statements[{i}]"), out);
        }
        // A dynamic reference's length is the value's, known at deploy time only.
        if let Some(name) = role.name.as_ref().and_then(Expr::known_str)
            && !(1..=64).contains(&name.len())
        {
            out.push(
                Diagnostic::error(
                    codes::INVALID_IAM_CONFIG,
                    "provider.iam.role.name",
                    format!("role name \"{name}\" has {} characters; IAM allows 1 to 64", name.len()),
                )
                .with_help("shorten provider.iam.role.name"),
            );
        }
    }
    check_default_role_name(r, out);
    for (i, s) in p.iam_role_statements.iter().flatten().enumerate() {
        check_statement(s, &format!("provider.iamRoleStatements[{i}]"), out);
    }
    if p.iam.as_ref().and_then(|i| i.role.as_ref()).is_some() && p.role.is_some() {
        out.push(
            Diagnostic::error(
                codes::INVALID_IAM_CONFIG,
                "provider.role",
                "provider.role and provider.iam.role are both set; the reference uses provider.iam.role and \
                 ignores the other",
            )
            .with_help("keep one: `provider.iam.role` (settings or an existing role) is the current form"),
        );
    }
    if let Some(layers) = &p.layers {
        check_layers(layers, "provider.layers", out);
    }
    // CloudFormation's `RoleARN` of CreateChangeSet and DeleteStack: an IAM role ARN.
    let deployment_role = p.iam.as_ref().and_then(|i| i.deployment_role.as_ref());
    let roles = [
        ("provider.cfnRole", p.cfn_role.as_deref()),
        ("provider.iam.deploymentRole", deployment_role.and_then(Expr::as_str)),
    ];
    for (path, role) in roles {
        if let Some(role) = role.filter(|r| !super::is_role_arn(r)) {
            out.push(
                Diagnostic::error(
                    codes::INVALID_IAM_CONFIG,
                    path,
                    format!("\"{role}\" is not an IAM role ARN; CloudFormation assumes this role to deploy the stack"),
                )
                .with_help("give the role's ARN: arn:aws:iam::<account>:role/<name>"),
            );
        }
    }
    if let Some(logs) = p.logs.as_ref().and_then(|l| l.lambda.as_ref()) {
        check_log_levels(logs, "provider.logs.lambda", out);
    }
    let existing = match p.iam.as_ref().and_then(|i| i.role.as_ref()) {
        Some(IamRole::Existing(e)) => Some((e, "provider.iam.role")),
        _ => p.role.as_ref().map(|e| (e, "provider.role")),
    };
    if let Some((role, path)) = existing
        && r.functions.iter().any(|(_, f)| f.role.is_none())
    {
        check_role_id(r, role, path, out);
    }
    for &(key, f) in &r.functions {
        check_function(r, key, f, out);
    }
}

/// `runtimeManagement` `manual` (the function's or the provider's) needs the runtime version's
/// ARN: without one the reference writes `UpdateRuntimeOn: Manual` alone, which Lambda rejects.
fn check_runtime_management<'a>(r: &Resolved<'a>, key: &str, f: &'a Function, base: &str, out: &mut Diagnostics) {
    if f.handler.is_none() || r.runtime_management(f) != (RuntimeUpdateMode::Manual, None) {
        return;
    }
    let path = match f.runtime_management {
        Some(_) => format!("{base}.runtimeManagement"),
        None => {
            // A provider's setting the function does not override is reported once, at the provider.
            let first = r.functions.iter().find(|(_, g)| g.handler.is_some() && g.runtime_management.is_none());
            if first.is_none_or(|(k, _)| *k != key) {
                return;
            }
            "provider.runtimeManagement".to_string()
        }
    };
    out.push(
        Diagnostic::error(
            codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
            path,
            format!("function \"{key}\" has runtimeManagement `manual` without the runtime version's `arn`"),
        )
        .with_help(
            "write `runtimeManagement: {mode: manual, arn: arn:aws:lambda:<region>::runtime:<id>}` (the ARN \
             Lambda shows for the function's runtime version), or use `auto` or `onFunctionUpdate`",
        ),
    );
}

/// The shared execution role's default name, `<service>-<stage>-<region>-lambdaRole`, in the
/// stack's region: the reference writes it without a length check (template-core §5), and IAM
/// rejects a name over 64 characters when the stack is created.
fn check_default_role_name(r: &Resolved<'_>, out: &mut Diagnostics) {
    let named = matches!(
        r.config.provider.iam.as_ref().and_then(|i| i.role.as_ref()),
        Some(IamRole::Config(c)) if c.name.is_some()
    );
    if named || !r.has_execution_role() {
        return;
    }
    let name = format!("{}-{}-{}-lambdaRole", r.service(), r.stage, r.region());
    let length = name.chars().count();
    if length > 64 {
        out.push(
            Diagnostic::error(
                codes::INVALID_IAM_CONFIG,
                "service",
                format!(
                    "the execution role's name \"{name}\" (`<service>-<stage>-<region>-lambdaRole`) has {length} \
                     characters; IAM allows at most 64, so creating the stack fails"
                ),
            )
            .with_help("set `provider.iam.role.name` to a name of at most 64 characters, or shorten the service name"),
        );
    }
}

/// A role given as a logical ID becomes `Fn::GetAtt [id, Arn]` and a `DependsOn`: the resource
/// must be one of the user's. A role given as an ARN is the function's `Role` as written, which
/// Lambda checks against its pattern (`arn:aws:iam::xxxxxxxx:role/r` fails the stack).
fn check_role_id(r: &Resolved<'_>, role: &Expr, path: &str, out: &mut Diagnostics) {
    let Expr::Str(id) = role else { return };
    if id.starts_with("arn:") && !super::is_computed(id) && !super::is_role_arn(id) {
        out.push(
            Diagnostic::error(
                codes::INVALID_IAM_CONFIG,
                path,
                format!("the role \"{id}\" is not an IAM role ARN, so Lambda refuses it as the function's role"),
            )
            .with_help(
                "write arn:aws:iam::<12-digit account>:role/<name> (the account as `${aws:accountId}` if it varies), \
                 or the logical ID of a role under resources.Resources",
            ),
        );
        return;
    }
    if id.contains(':') || r.config.resources.resources.contains_key(id) {
        return;
    }
    let mut d = Diagnostic::error(
        codes::UNRESOLVED_REFERENCE,
        path,
        format!("the role \"{id}\" is neither an ARN nor a resource of this template"),
    );
    let names = r.config.resources.resources.keys().map(String::as_str);
    d = match crate::diagnostics::did_you_mean(id, names) {
        Some(m) => d.with_help(format!("did you mean the resource \"{m}\"?")),
        None => d.with_help("give the role's ARN, or declare the role under resources.Resources"),
    };
    out.push(d);
}

/// serverless-iam-roles-per-function (DECISIONS.md D8): what the plugin rejects (its messages),
/// what it cannot do (it copies `IamRoleLambdaExecution`) and what it ignores.
fn check_per_function_role(r: &Resolved<'_>, key: &str, f: &Function, base: &str, out: &mut Diagnostics) {
    const PREFIX: &str = "serverless-iam-roles-per-function: ERROR: ";
    let Some(statements) = &f.iam_role_statements else {
        let set: Vec<&str> = [
            ("iamRoleStatementsName", f.iam_role_statements_name.is_some()),
            ("iamRoleStatementsInherit", f.iam_role_statements_inherit.is_some()),
            ("iamPermissionsBoundary", f.iam_permissions_boundary.is_some()),
        ]
        .into_iter()
        .filter_map(|(k, set)| set.then_some(k))
        .collect();
        for k in set {
            out.push(
                Diagnostic::warning(
                    codes::INVALID_IAM_CONFIG,
                    format!("{base}.{k}"),
                    format!("`{k}` has no effect without `iamRoleStatements`: the function uses the shared role"),
                )
                .with_help("add `iamRoleStatements` (an empty list gives the function a role with log permissions only), or remove the key"),
            );
        }
        return;
    };
    for (i, s) in statements.iter().enumerate() {
        check_statement(s, &format!("{base}.iamRoleStatements[{i}]"), out);
    }
    if f.role.is_some() {
        out.push(
            Diagnostic::error(
                codes::INVALID_IAM_CONFIG,
                format!("{base}.role"),
                format!("{PREFIX}Define function with both 'role' and 'iamRoleStatements' is not supported. Function name: {key}"),
            )
            .with_help("remove `role` (the function gets a role of its own with these statements), or remove `iamRoleStatements` and give that role the permissions"),
        );
        return;
    }
    if !r.has_execution_role() {
        out.push(
            Diagnostic::error(
                codes::INVALID_IAM_CONFIG,
                format!("{base}.iamRoleStatements"),
                "the function's own role is a copy of IamRoleLambdaExecution, which the provider's existing role \
                 (`provider.iam.role` or `provider.role`) replaces; serverless-iam-roles-per-function fails here",
            )
            .with_help(
                "remove the provider's existing role, or remove `iamRoleStatements` and give the function `role:`",
            ),
        );
        return;
    }
    match &f.iam_role_statements_name {
        Some(name) if !(1..=64).contains(&name.len()) => out.push(
            Diagnostic::error(
                codes::INVALID_IAM_CONFIG,
                format!("{base}.iamRoleStatementsName"),
                format!("role name \"{name}\" has {} characters; IAM allows 1 to 64", name.len()),
            )
            .with_help("shorten iamRoleStatementsName"),
        ),
        Some(_) => {}
        None if crate::resolve::default_role_name(r, key).is_none() => out.push(
            Diagnostic::error(
                codes::INVALID_IAM_CONFIG,
                format!("{base}.iamRoleStatements"),
                format!(
                    "{PREFIX}auto generated role name for function: {key} is too long (over 64 chars). Try setting a \
                     custom role name using the property: iamRoleStatementsName."
                ),
            )
            .with_help("set `iamRoleStatementsName` to a name of at most 64 characters"),
        ),
        None => {}
    }
    if !r.has_log_group(f) && f.depends_on.is_empty() {
        out.push(
            Diagnostic::error(
                codes::INVALID_IAM_CONFIG,
                format!("{base}.iamRoleStatements"),
                format!("{PREFIX}Function Resource is not in expected format. For function name: {key}"),
            )
            .with_help(
                "the plugin needs the function resource's `DependsOn`, which a function without a log group of its \
                 own (`disableLogs`, a custom `logs.logGroup`) lacks: add `dependsOn`, or let the function keep its \
                 log group",
            ),
        );
    }
}

fn check_function(r: &Resolved<'_>, key: &str, f: &Function, out: &mut Diagnostics) {
    let base = format!("functions.{key}");
    check_per_function_role(r, key, f, &base, out);
    check_runtime_management(r, key, f, &base, out);
    if let Some(tags) = &f.tags {
        check_tags(r, tags, &format!("{base}.tags"), out);
    }
    if let Some(layers) = &f.layers {
        check_layers(layers, &format!("{base}.layers"), out);
    }
    let layers = f.layers.as_ref().or(r.config.provider.layers.as_ref());
    if f.image.is_some() && f.handler.is_none() && layers.is_some() {
        let path = if f.layers.is_some() { format!("{base}.layers") } else { "provider.layers".to_string() };
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                path,
                format!("function \"{key}\" is a container image, and Lambda does not allow layers on image functions"),
            )
            .with_help(
                "build the layers' content into the image; layers in provider.layers apply to every function, \
                 so move them to the functions that are not images",
            ),
        );
    }
    if let Some(logs) = &f.logs {
        check_log_levels(logs, &format!("{base}.logs"), out);
    }
    if let Some(url) = &f.url {
        check_url(url, &format!("{base}.url"), out);
    }
    if let Some(size) = f.ephemeral_storage_size
        && !(512..=10240).contains(&size)
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                format!("{base}.ephemeralStorageSize"),
                format!("ephemeralStorageSize {size} of function \"{key}\" is outside 512..10240 MB"),
            )
            .with_help("set ephemeralStorageSize between 512 and 10240"),
        );
    }
    if let Some(Expr::Str(kms)) = &f.kms_key_arn
        && !is_function_kms_key_arn(kms)
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                format!("{base}.kmsKeyArn"),
                format!("kmsKeyArn \"{kms}\" of function \"{key}\" is not a KMS key ARN"),
            )
            .with_help("give `arn:aws:kms:<region>:<account>:key/<key id>` (or an alias ARN), or an intrinsic"),
        );
    }
    if let Some(age) = f.maximum_event_age
        && !(60..=21600).contains(&age)
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_ASYNC_CONFIG,
                format!("{base}.maximumEventAge"),
                format!("maximumEventAge {age} of function \"{key}\" is outside 60..21600 seconds"),
            )
            .with_help("set maximumEventAge between 60 and 21600 (6 hours)"),
        );
    }
    if let Some(n) = f.maximum_retry_attempts
        && n > 2
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_ASYNC_CONFIG,
                format!("{base}.maximumRetryAttempts"),
                format!("maximumRetryAttempts {n} of function \"{key}\" is outside 0..2"),
            )
            .with_help("set maximumRetryAttempts to 0, 1 or 2"),
        );
    }
    if let Some(d) = &f.destinations {
        for (name, dest) in [("onSuccess", &d.on_success), ("onFailure", &d.on_failure)] {
            if let Some(Destination::Name(target)) = dest
                && !r.config.functions.contains_key(target)
                && crate::resolve::destination_action(target).is_none()
            {
                let mut d = Diagnostic::error(
                    codes::UNSUPPORTED_DESTINATION_TARGET,
                    format!("{base}.destinations.{name}"),
                    format!("Unsupported destination target {target}"),
                );
                let names = r.config.functions.keys().map(String::as_str);
                d = match crate::diagnostics::did_you_mean(target, names) {
                    Some(m) => d.with_help(format!("did you mean the function \"{m}\"?")),
                    None => d.with_help(
                        "give a function of this service, or the ARN of a Lambda function, SQS queue, SNS topic \
                         or EventBridge event bus (or `{type, arn}`)",
                    ),
                };
                out.push(d);
            }
        }
    }
    if f.snap_start == Some(true) {
        check_snap_start(r, key, f, &base, out);
    }
    if let Some(role) = &f.role {
        check_role_id(r, role, &format!("{base}.role"), out);
    }
    if f.disable_logs == Some(true) && (f.log_retention_in_days.is_some() || f.logs.is_some()) {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                format!("{base}.disableLogs"),
                format!(
                    "function \"{key}\" has disableLogs and log settings (`logRetentionInDays` or `logs`); the \
                     log settings would be silently dropped"
                ),
            )
            .with_help("remove disableLogs, or remove the log settings"),
        );
    }
}

/// The reference makes a URL `AWS_IAM` only for `authorizer: aws_iam` exactly and streams only
/// for `invokeMode: RESPONSE_STREAM`: any other value (`AWS_IAM`, `iam`, `response_stream`) gave
/// a public, buffered URL without a word (DECISIONS.md D2).
fn check_url(url: &Value, path: &str, out: &mut Diagnostics) {
    let settings = [
        ("authorizer", &["aws_iam"][..], "public URL (`AuthType: NONE`)"),
        ("invokeMode", &["BUFFERED", "RESPONSE_STREAM"][..], "buffered URL"),
    ];
    for (key, allowed, instead) in settings {
        let Some(value) = url.get(key).filter(|v| !v.is_null()) else { continue };
        if value.as_str().is_some_and(|v| allowed.contains(&v)) {
            continue;
        }
        let exact = (value.as_str())
            .and_then(|v| allowed.iter().find(|a| a.eq_ignore_ascii_case(v.trim())))
            .map(|a| format!("write `{a}` exactly"))
            .unwrap_or_else(|| format!("write one of {}, or remove `{key}`", crate::reader::list(allowed)));
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                crate::config_path::join(path, key),
                format!(
                    "`{key}` is {}, none of {}: the reference makes a {instead} of it without a word",
                    crate::reader::describe(value),
                    crate::reader::list(allowed)
                ),
            )
            .with_help(exact),
        );
    }
}

fn check_snap_start(r: &Resolved<'_>, key: &str, f: &Function, base: &str, out: &mut Diagnostics) {
    let path = format!("{base}.snapStart");
    if crate::resolve::provisioned(f).is_some() {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_SNAP_START,
                path.clone(),
                format!(
                    "Functions with enabled SnapStart does not support provisioned concurrency. Please remove at \
                     least one of the settings on function \"{key}\"."
                ),
            )
            .with_help("remove snapStart or provisionedConcurrency"),
        );
    }
    if is_cp_function(f) {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_SNAP_START,
                path,
                format!(
                    "function \"{key}\" runs on a capacity provider; Lambda Managed Instances keep execution \
                     environments warm and do not support SnapStart"
                ),
            )
            .with_help("remove snapStart: capacity-provider functions have no cold starts to snapshot"),
        );
        return;
    }
    let runtime = r.runtime(f);
    let supported = matches!(
        runtime,
        Runtime::Java11
            | Runtime::Java17
            | Runtime::Java21
            | Runtime::Java25
            | Runtime::Python312
            | Runtime::Python313
            | Runtime::Python314
            | Runtime::Dotnet8
            | Runtime::Dotnet10
    ) && f.image.is_none();
    if !supported {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_SNAP_START,
                path,
                format!("function \"{key}\" uses runtime {runtime}, which SnapStart does not support"),
            )
            .with_help(
                "SnapStart supports Java 11 and later, Python 3.12 and later and .NET 8 and later (zip packages)",
            ),
        );
    }
}

/// A function's `kmsKeyArn`: a KMS key or alias ARN, region and account not checked (Lambda's
/// pattern, `arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*`, takes any ARN). A capacity provider's is
/// checked closer, [`super::is_kms_key_arn`], by the key ARN's shape; making this one as close
/// would reject functions' keys accepted until now.
fn is_function_kms_key_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && crate::arn::is_partition(parts[1])
        && parts[2] == "kms"
        && (parts[5].starts_with("key/") || parts[5].starts_with("alias/"))
        && parts[5].len() > 4
}

/// Tags AWS accepts: at most 50, keys 1..128 characters, values up to 256, no `aws:` prefix.
fn check_tags(r: &Resolved<'_>, tags: &Tags, path: &str, out: &mut Diagnostics) {
    if tags.len() > 50 {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                path,
                format!("{} tags; AWS allows at most 50 per resource", tags.len()),
            )
            .with_help("remove tags (provider tags count toward every function's 50)"),
        );
    }
    for (k, v) in tags {
        let at = format!("{path}.{k}");
        if k.is_empty() || k.chars().count() > 128 || k.to_ascii_lowercase().starts_with("aws:") {
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                    at.clone(),
                    format!(
                        "tag key \"{k}\" is not allowed: keys have 1 to 128 characters and cannot start with `aws:`"
                    ),
                )
                .with_help("rename the tag"),
            );
        }
        if let Some(d) =
            super::list_for_string(r, v.as_intrinsic(), codes::LAMBDA_INVALID_FUNCTION_PROPERTY, &at, |f| {
                format!("the value of tag \"{k}\" is `{f}`, which yields a list; a tag value is a string")
            })
        {
            out.push(d);
        }
        if let Expr::Str(s) = v
            && s.chars().count() > 256
        {
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                    at,
                    format!("the value of tag \"{k}\" has {} characters; AWS allows at most 256", s.chars().count()),
                )
                .with_help("shorten the tag value"),
            );
        }
    }
}

/// At most five layers, each a layer version ARN (or an intrinsic).
fn check_layers(layers: &[Expr], path: &str, out: &mut Diagnostics) {
    if layers.len() > MAX_LAYERS {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                path,
                format!("{} layers; Lambda allows at most {MAX_LAYERS} per function", layers.len()),
            )
            .with_help("merge layers, or move dependencies into the function's package"),
        );
    }
    for (i, layer) in layers.iter().enumerate() {
        if let Some(arn) = layer.known_str()
            && !is_layer_version_arn(arn)
        {
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                    format!("{path}[{i}]"),
                    format!("\"{arn}\" is not a layer version ARN"),
                )
                .with_help("give `arn:aws:lambda:<region>:<account>:layer:<name>:<version>`, or an intrinsic such as `Ref: MyLayer`"),
            );
        }
    }
}

fn is_layer_version_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    parts.len() == 8
        && parts[0] == "arn"
        && crate::arn::is_partition(parts[1])
        && parts[2] == "lambda"
        && parts[5] == "layer"
        && !parts[6].is_empty()
        && parts[7].parse::<u64>().is_ok()
}

/// Log levels only apply to the JSON format; the reference drops them silently otherwise.
fn check_log_levels(logs: &crate::model::LambdaLogs, path: &str, out: &mut Diagnostics) {
    if logs.log_format != Some(LogFormat::Json) {
        for (name, set) in [
            ("applicationLogLevel", logs.application_log_level.is_some()),
            ("systemLogLevel", logs.system_log_level.is_some()),
        ] {
            if set {
                out.push(
                    Diagnostic::error(
                        codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                        format!("{path}.{name}"),
                        format!("{name} applies only to logFormat JSON; with the Text format it would be dropped"),
                    )
                    .with_help(format!("add `logFormat: JSON` to {path}, or remove {name}")),
                );
            }
        }
    }
}

/// A statement allowing every action on every resource is a warning (least privilege).
fn check_statement(s: &Statement, path: &str, out: &mut Diagnostics) {
    let is_star = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s == "*",
        Some(Value::Array(items)) => items.iter().any(|i| i.as_str() == Some("*")),
        _ => false,
    };
    if s.0.get("Effect").and_then(Value::as_str) == Some("Allow")
        && is_star(s.0.get("Action"))
        && is_star(s.0.get("Resource"))
    {
        out.push(
            Diagnostic::warning(
                codes::IAM_WILDCARD_STATEMENT,
                path,
                "this statement allows every action on every resource: the functions get administrator access",
            )
            .with_help("list the actions and resources the functions need, e.g. `Action: [dynamodb:GetItem]` on the table's ARN"),
        );
    }
    // IAM refuses a resource ARN that stops after the account (`arn:aws:logs:us-east-2:*`:
    // "Resource ... must be in ARN format or \"*\"") or before the region, and the role with it;
    // `arn:aws:lambda:*` is one (cfn-lint's E3510 pattern, `arn:p:s:r` then nothing or `:a:r`).
    for key in ["Resource", "NotResource"] {
        let items = match s.0.get(key) {
            Some(Value::Array(items)) => items.iter().enumerate().map(|(i, v)| (Some(i), v)).collect(),
            Some(v) => vec![(None, v)],
            None => Vec::new(),
        };
        for (i, arn) in items.into_iter().filter_map(|(i, v)| v.as_str().map(|s| (i, s))) {
            let parts = arn.split(':').count();
            if !arn.starts_with("arn:") || super::is_computed(arn) || parts == 4 || parts >= 6 {
                continue;
            }
            let at = match i {
                Some(i) => format!("{path}.{key}[{i}]"),
                None => format!("{path}.{key}"),
            };
            out.push(
                Diagnostic::error(
                    codes::INVALID_IAM_CONFIG,
                    at,
                    format!(
                        "\"{arn}\" has {parts} parts, where an ARN has `arn:partition:service:region` and then \
                         nothing or `:account:resource`: IAM refuses the policy, and the role with it"
                    ),
                )
                .with_help(
                    "write all six, with `*` for a part that may be anything: `arn:aws:logs:us-east-1:*:*`, \
                     `arn:aws:s3:::bucket/*` (S3 has no region and account)",
                ),
            );
        }
    }
}
