//! Rules on `functions.<key>`.

use std::fmt::Display;

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{Environment, Expr, Function, FunctionVpc, Intrinsic, Runtime};
use crate::naming;
use crate::resolve::{CpTarget, Resolved};

use super::capacity_provider::check_vpc_ids;
use super::{is_capacity_provider_arn, local_provider};
use crate::codes;

const CAPACITY_PROVIDER_TYPE: &str = "AWS::Lambda::CapacityProvider";

/// `Ref` targets every template has.
pub(super) const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// Environment variable names Lambda reserves.
const RESERVED_ENV: &[&str] = &[
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
];

/// The reference's function rules, function by function (the reference stops at the first).
pub(super) fn check_reference(r: &Resolved<'_>, out: &mut Diagnostics) {
    for (key, f) in &r.functions {
        check_reference_one(r, key, f, out);
    }
}

/// Stackwright's stricter function rules (DECISIONS.md D2 and Lambda's limits).
pub(super) fn check_stricter(r: &Resolved<'_>, out: &mut Diagnostics) {
    for (key, f) in &r.functions {
        check_stricter_one(r, key, f, out);
    }
    if let Some(env) = &r.config.provider.environment {
        check_env(r, env, &"provider.environment", out);
    }
}

/// `functions.<key>`, formatted only into the paths of diagnostics actually reported (checking
/// a valid function formats nothing).
#[derive(Clone, Copy)]
struct FunctionPath<'k>(&'k str);

impl Display for FunctionPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "functions.{}", self.0)
    }
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// The image's URI, unless it is empty (which counts as no image, as an empty handler does).
fn non_empty_image(f: &Function) -> Option<&str> {
    f.image.as_ref().map(|i| i.uri.as_str()).filter(|uri| !uri.is_empty())
}

fn check_reference_one<'a>(r: &Resolved<'a>, key: &str, f: &'a Function, out: &mut Diagnostics) {
    let base = FunctionPath(key);
    let handler = non_empty(&f.handler);
    let image = non_empty_image(f);
    let target = r.cp_target(f);
    let is_cp = target.is_some();
    let settings = target.and_then(|(_, s)| s);

    // Handler / image presence (reference).
    match (handler, image) {
        (None, None) => out.push(
            Diagnostic::error(
                codes::FUNCTION_NEITHER_HANDLER_NOR_IMAGE_DEFINED_ERROR,
                base.to_string(),
                format!("Either \"handler\" or \"image\" property needs to be defined for function \"{key}\""),
            )
            .with_help(format!("Set functions.{key}.handler (e.g. handler.main) or functions.{key}.image.")),
        ),
        (Some(_), Some(_)) => out.push(
            Diagnostic::error(
                codes::FUNCTION_BOTH_HANDLER_AND_IMAGE_DEFINED_ERROR,
                base.to_string(),
                format!(
                    "Either \"handler\" or \"image\" property (not both) needs to be defined for function \"{key}\""
                ),
            )
            .with_help(format!("Remove functions.{key}.handler or functions.{key}.image.")),
        ),
        _ => {}
    }

    // Memory: reference rules 4 and 5, then the AWS limits.
    let (memory, explicit) = r.memory(f);
    let memory_path = || format!("{base}.memorySize");
    let inherited =
        if f.memory_size.is_none() && explicit { " (the value is inherited from provider.memorySize)" } else { "" };
    if is_cp && memory < 2048 && explicit {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE,
                memory_path(),
                format!(
                    "Functions using capacityProvider must have memory size at least 2048 MB; received {memory} for \
                     function \"{key}\"."
                ),
            )
            .with_help(format!("Set functions.{key}.memorySize to at least 2048{inherited}.")),
        );
    }
    if !is_cp && memory > 10240 {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_MEMORY_SIZE,
                memory_path(),
                format!(
                    "Memory size of {memory} MB of function \"{key}\" exceeds the limit of 10240 MB for standard \
                     functions. Increase is supported only for functions using capacity providers."
                ),
            )
            .with_help(format!(
                "Set functions.{key}.memorySize to 10240 or less{inherited}, or run the function on a capacity \
                 provider."
            )),
        );
    }
    // Reference rule 6.
    if let Some((CpTarget::MissingName, _)) = target {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_MANAGED_INSTANCES_MISSING_NAME,
                format!("{base}.capacityProvider.name"),
                format!("Missing \"name\" property in capacityProvider configuration for function \"{key}\"."),
            )
            .with_help("Set capacityProvider.name to a capacity provider name, an ARN or an intrinsic."),
        );
    }

    // Reference rules 8 and 9, then the AWS range.
    if let Some(scaling) = settings.and_then(|s| s.scaling) {
        let path = || format!("{base}.capacityProvider.scaling");
        if scaling.min == Some(0) && scaling.max != Some(0) {
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_MANAGED_INSTANCES_INVALID_SCALING_CONFIG,
                    path(),
                    format!(
                        "Invalid function scaling configuration for function \"{key}\": scaling.min can't be 0 \
                         unless scaling.max is also 0."
                    ),
                )
                .with_help("Set scaling.min to at least 1, or set both min and max to 0."),
            );
        }
        if let (Some(min), Some(max)) = (scaling.min, scaling.max)
            && min > max
        {
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_MANAGED_INSTANCES_INVALID_SCALING_CONFIG,
                    path(),
                    format!(
                        "Invalid function scaling configuration for function \"{key}\": scaling.min ({min}) cannot \
                         be greater than scaling.max ({max})."
                    ),
                )
                .with_help("Make scaling.min less than or equal to scaling.max."),
            );
        }
    }

    // Reference rule 10, then the file system's VPC (a capacity-provider function has none).
    if is_cp && f.file_system_config.is_some() {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_FILE_SYSTEM_CONFIG_WITH_CAPACITY_PROVIDER,
                format!("{base}.fileSystemConfig"),
                "File system configuration isn't compatible with functions using capacity provider compute.",
            )
            .with_help(format!(
                "Remove functions.{key}.fileSystemConfig, or run the function without a capacity provider."
            )),
        );
    } else if f.file_system_config.is_some() && r.function_vpc(f).is_none() {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_FILE_SYSTEM_CONFIG_MISSING_VPC,
                format!("{base}.fileSystemConfig"),
                format!(
                    "Function \"{key}\": when using fileSystemConfig, ensure that function has vpc configured on \
                     function or provider level"
                ),
            )
            .with_help(
                "give the function (or `provider`) a `vpc` with `subnetIds` and `securityGroupIds` in the file \
                 system's VPC: Lambda mounts EFS through them",
            ),
        );
    }
}

fn check_stricter_one<'a>(r: &Resolved<'a>, key: &str, f: &'a Function, out: &mut Diagnostics) {
    let base = FunctionPath(key);
    let handler = non_empty(&f.handler);
    let image = non_empty_image(f);
    let target = r.cp_target(f);
    let is_cp = target.is_some();
    let settings = target.and_then(|(_, s)| s);

    // On a capacity-provider function the whole setting is the error (reference rule 10).
    if let Some(fs) = f.file_system_config.as_ref().filter(|_| !is_cp) {
        check_file_system(fs, &format!("{base}.fileSystemConfig"), out);
    }

    // Memory: the AWS limits (rules 4 and 5 are reference rules).
    let (memory, explicit) = r.memory(f);
    let memory_path = || format!("{base}.memorySize");
    let inherited =
        if f.memory_size.is_none() && explicit { " (the value is inherited from provider.memorySize)" } else { "" };
    let memory_too_small = is_cp && memory < 2048 && explicit;
    if is_cp && memory > 32768 {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_MANAGED_INSTANCES_INVALID_MEMORY_SIZE,
                memory_path(),
                format!(
                    "Memory size of {memory} MB of function \"{key}\" exceeds the maximum of 32768 MB for functions \
                     using capacity providers."
                ),
            )
            .with_help(format!("Set functions.{key}.memorySize to 32768 or less{inherited}.")),
        );
    }
    if !is_cp && memory < 128 {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_MEMORY_SIZE,
                memory_path(),
                format!("Memory size of {memory} MB of function \"{key}\" is below the minimum of 128 MB."),
            )
            .with_help(format!("Set functions.{key}.memorySize to at least 128{inherited}.")),
        );
    }
    if let Some(ratio) = settings.and_then(|s| s.memory_per_vcpu) {
        let one_vcpu = ratio.gib() * 1024;
        if memory < one_vcpu && !memory_too_small {
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_MANAGED_INSTANCES_MEMORY_BELOW_ONE_VCPU,
                    memory_path(),
                    format!(
                        "Memory size of {memory} MB of function \"{key}\" is less than one vCPU at memoryPerVCpu {} \
                         ({one_vcpu} MB); an execution environment needs at least 1 vCPU.",
                        ratio.gib()
                    ),
                )
                .with_help(format!(
                    "Set functions.{key}.memorySize to at least {one_vcpu}{inherited}, or lower \
                     functions.{key}.capacityProvider.memoryPerVCpu."
                )),
            );
        }
    }

    // Function scaling: the AWS range.
    if let Some(scaling) = settings.and_then(|s| s.scaling) {
        let path = || format!("{base}.capacityProvider.scaling");
        for (which, value) in [("min", scaling.min), ("max", scaling.max)] {
            if let Some(v) = value
                && v > 15000
            {
                out.push(
                    Diagnostic::error(
                        codes::LAMBDA_MANAGED_INSTANCES_INVALID_SCALING_CONFIG,
                        format!("{}.{which}", path()),
                        format!(
                            "Invalid function scaling configuration for function \"{key}\": scaling.{which} is {v}; \
                             allowed are 0 to 15000 execution environments."
                        ),
                    )
                    .with_help(format!("Set scaling.{which} to 15000 or less.")),
                );
            }
        }
    }

    // D2: what the capacity provider reference points at.
    if let Some((t, settings)) = target {
        let name = if settings.is_some() { ".name" } else { "" };
        check_target(r, key, &format_args!("{base}.capacityProvider{name}"), t, out);
    }

    if let Some(s) = settings
        && let Some(c) = s.max_concurrency
        && !(1..=1600).contains(&c)
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_MANAGED_INSTANCES_INVALID_MAX_CONCURRENCY,
                format!("{base}.capacityProvider.maxConcurrency"),
                format!(
                    "capacityProvider.maxConcurrency of function \"{key}\" is {c}; allowed are 1 to 1600 concurrent \
                     requests per execution environment."
                ),
            )
            .with_help("Set maxConcurrency between 1 and 1600, or leave it out for the runtime's default."),
        );
    }

    if is_cp {
        let runtime = r.runtime(f);
        // An image function has no runtime of its own (the image brings it): its one problem here
        // is LAMBDA_MANAGED_INSTANCES_IMAGE_UNSUPPORTED below.
        let image_only = image.is_some() && handler.is_none();
        if !runtime.supports_managed_instances() && !image_only {
            let origin = if f.runtime.is_some() {
                ""
            } else if r.config.provider.runtime.is_some() {
                " (inherited from provider.runtime)"
            } else {
                " (the default runtime)"
            };
            let supported: Vec<&str> =
                Runtime::ALL.iter().filter(|r| r.supports_managed_instances()).map(|r| r.as_str()).collect();
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_RUNTIME,
                    format!("{base}.runtime"),
                    format!(
                        "Function \"{key}\" uses runtime {runtime}{origin}, which Lambda Managed Instances do not \
                         support. Supported runtimes: {}.",
                        supported.join(", ")
                    ),
                )
                .with_help(format!(
                    "Set functions.{key}.runtime (or provider.runtime) to a supported runtime, e.g. nodejs24.x."
                )),
            );
        }

        if let Some(cp_name) = local_provider(r, f)
            && let Some(cp) = r.capacity_provider(cp_name)
        {
            let fn_arch = r.function_architecture(f).unwrap_or_default();
            let cp_arch = r.capacity_provider_architecture(cp);
            if fn_arch != cp_arch {
                out.push(
                    Diagnostic::error(
                        codes::LAMBDA_MANAGED_INSTANCES_ARCHITECTURE_MISMATCH,
                        format!("{base}.architecture"),
                        format!(
                            "Function \"{key}\" is built for {fn_arch}, but its capacity provider \"{cp_name}\" \
                             launches {cp_arch} instances."
                        ),
                    )
                    .with_help(format!(
                        "Set functions.{key}.architecture to {cp_arch}, or set \
                         provider.capacityProviders.{cp_name}.instanceRequirements.architectures to [{fn_arch}]."
                    )),
                );
            }
        }

        if let Some(FunctionVpc::Config(_)) = &f.vpc {
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_MANAGED_INSTANCES_FUNCTION_VPC,
                    format!("{base}.vpc"),
                    format!(
                        "Function \"{key}\" runs on a capacity provider, so its own vpc would be silently ignored."
                    ),
                )
                .with_help(
                    "The VPC belongs on the capacity provider: move it to provider.capacityProviders.<name>.vpc (or \
                     provider.vpc) and remove the function's vpc.",
                ),
            );
        }

        if let Some(n) = crate::resolve::provisioned(f) {
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_MANAGED_INSTANCES_PROVISIONED_CONCURRENCY,
                    format!("{base}.provisionedConcurrency"),
                    format!(
                        "Function \"{key}\" runs on a capacity provider and cannot use provisionedConcurrency \
                         (found {n})."
                    ),
                )
                .with_help("Use capacityProvider.scaling.min to keep execution environments warm instead."),
            );
        }

        if image.is_some() && handler.is_none() {
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_MANAGED_INSTANCES_IMAGE_UNSUPPORTED,
                    format!("{base}.capacityProvider"),
                    format!(
                        "Function \"{key}\" is an image function; capacity providers are not supported for image \
                         functions yet (the capacity provider would be silently dropped)."
                    ),
                )
                .with_help("Package the function as a zip with a handler, or remove its capacityProvider."),
            );
        }
    }

    // Timeout.
    let timeout = r.timeout(f);
    let timeout_inherited = if f.timeout.is_none() { " (the value is inherited from provider.timeout)" } else { "" };
    let timeout_problem = if timeout == 0 {
        Some(format!("Timeout of 0 seconds of function \"{key}\" is not allowed; the minimum is 1 second."))
    } else if !is_cp && timeout > 900 {
        Some(format!(
            "Timeout of {timeout} seconds of function \"{key}\" exceeds the maximum of 900 seconds for functions \
             without a capacity provider."
        ))
    } else if is_cp && timeout > 5400 {
        Some(format!(
            "Timeout of {timeout} seconds of function \"{key}\" exceeds the maximum of 5400 seconds for functions \
             using capacity providers."
        ))
    } else {
        None
    };
    if let Some(message) = timeout_problem {
        let max = if is_cp { 5400 } else { 900 };
        let extra = if is_cp { "" } else { ", or run the function on a capacity provider (up to 5400 seconds)" };
        out.push(
            Diagnostic::error(codes::LAMBDA_INVALID_TIMEOUT, format!("{base}.timeout"), message)
                .with_help(format!("Set functions.{key}.timeout between 1 and {max}{timeout_inherited}{extra}.")),
        );
    }

    // Plain property limits.
    if let Some(d) = &f.description
        && d.chars().count() > 256
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                format!("{base}.description"),
                format!(
                    "The description of function \"{key}\" has {} characters; at most 256 are allowed.",
                    d.chars().count()
                ),
            )
            .with_help("Shorten the description."),
        );
    }
    if let Some(h) = handler
        && h.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        // Lambda's `Handler` pattern is `^[^\s]+$`.
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                format!("{base}.handler"),
                format!("The handler {h:?} of function \"{key}\" contains whitespace or control characters."),
            )
            .with_help("Use file.function, e.g. index.handler."),
        );
    }
    if let Some(h) = handler
        && h.chars().count() > 128
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                format!("{base}.handler"),
                format!(
                    "The handler of function \"{key}\" has {} characters; at most 128 are allowed.",
                    h.chars().count()
                ),
            )
            .with_help("Shorten the handler path."),
        );
    }
    if let Some(uri) = image
        && uri.contains("@sha256:")
        && !is_image_uri(uri)
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                format!("{base}.image"),
                format!("The image {uri:?} of function \"{key}\" is not a valid image URI."),
            )
            .with_help(
                "Use <registry>/<repository>@sha256:<hex digest>; repositories use a-z, 0-9, '.', '_', '-' and '/'.",
            ),
        );
    }
    if let Some(uri) = image
        && !uri.contains("@sha256:")
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                format!("{base}.image"),
                format!("The image \"{uri}\" of function \"{key}\" is not pinned by digest."),
            )
            .with_help("Use <registry>/<repository>@sha256:<digest>."),
        );
    }
    if let Some(env) = &f.environment {
        check_env(r, env, &format_args!("{base}.environment"), out);
    }
    // Lambda: the variables (provider's merged with the function's) take at most 4 KB. Only
    // literal values are counted; intrinsics resolve at deploy time.
    let mut merged: Vec<(&str, Option<&Expr>)> = Vec::new();
    for (k, v) in r.config.provider.environment.iter().chain(f.environment.as_ref()).flatten() {
        match merged.iter_mut().find(|(name, _)| *name == k.as_str()) {
            Some(slot) => slot.1 = v.as_ref(),
            None => merged.push((k, v.as_ref())),
        }
    }
    // A variable without a value is not in the template.
    let env_bytes: usize =
        merged.iter().filter_map(|(k, v)| Some(k.len() + v.as_ref()?.as_str().map_or(0, str::len))).sum();
    if env_bytes > 4096 {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                format!("{base}.environment"),
                format!(
                    "The environment variables of function \"{key}\" (with provider.environment) take {env_bytes} \
                     bytes; Lambda allows at most 4096."
                ),
            )
            .with_help("Move large values to SSM Parameter Store or S3 and pass their names instead."),
        );
    }
    if !is_cp
        && let (Some(p), Some(rc)) = (crate::resolve::provisioned(f), f.reserved_concurrency)
        && p > rc
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                format!("{base}.provisionedConcurrency"),
                format!("provisionedConcurrency of function \"{key}\" is {p}, more than its reservedConcurrency {rc}."),
            )
            .with_help("Lower provisionedConcurrency to at most reservedConcurrency, or raise reservedConcurrency."),
        );
    }

    // A plain function's own VPC (provider.vpc is checked once with the capacity providers).
    if !is_cp && let Some(FunctionVpc::Config(vpc)) = &f.vpc {
        check_vpc_ids(vpc, &format!("{base}.vpc"), out);
    }
}

/// `<registry>/<repository>@sha256:<hex digest>` with the characters ECR image URIs use (no
/// whitespace, quotes or `${`).
fn is_image_uri(uri: &str) -> bool {
    let Some((repo, digest)) = uri.rsplit_once("@sha256:") else {
        return false;
    };
    !repo.is_empty()
        && repo.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-/:".contains(&b))
        && !digest.is_empty()
        && digest.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Lambda's `FileSystemConfig` patterns: an EFS (or S3 Files) access point ARN and a mount path
/// `/mnt/<name>`; an intrinsic or a dynamic reference is CloudFormation's to resolve.
fn check_file_system(fs: &crate::model::FileSystemConfig, path: &str, out: &mut Diagnostics) {
    if let Some(arn) = fs.arn.known_str()
        && !is_access_point_arn(arn)
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                format!("{path}.arn"),
                format!("\"{arn}\" is not the ARN of an EFS access point, which Lambda mounts"),
            )
            .with_help(
                "give the access point's ARN (`arn:aws:elasticfilesystem:<region>:<account>:access-point/fsap-<17 hex \
                 digits>`), or `!GetAtt <AccessPoint>.Arn` for one in `resources`",
            ),
        );
    }
    let name = fs.local_mount_path.strip_prefix("/mnt/").unwrap_or("");
    if name.is_empty()
        || fs.local_mount_path.len() > 160
        || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                format!("{path}.localMountPath"),
                format!(
                    "local mount path \"{}\" is not `/mnt/` followed by one name of letters, digits, `-`, `_` and `.` \
                     (at most 160 characters), which Lambda requires",
                    fs.local_mount_path
                ),
            )
            .with_help("mount it at a path such as `/mnt/efs`"),
        );
    }
}

/// `arn:aws*:elasticfilesystem:<region>:<account>:access-point/fsap-<17 hex>`, or an S3 Files
/// access point `arn:aws*:s3files:...:file-system/fs-<hex>/access-point/fsap-<hex>` (Lambda's
/// pattern for `FileSystemConfig.Arn`).
fn is_access_point_arn(arn: &str) -> bool {
    let hex = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", partition, "elasticfilesystem", region, account, resource] => {
            crate::arn::is_partition(partition)
                && crate::arn::is_region(region)
                && crate::arn::is_account(account)
                && resource.strip_prefix("access-point/fsap-").is_some_and(|id| hex(id, 17..=17))
        }
        ["arn", partition, "s3files", _, _, _] => {
            let resource = arn.rsplit_once(":file-system/").map(|(_, r)| r);
            crate::arn::is_partition(partition)
                && arn.len() <= 256
                && resource
                    .and_then(|r| r.strip_prefix("fs-"))
                    .and_then(|r| r.split_once("/access-point/fsap-"))
                    .is_some_and(|(fs, ap)| hex(fs, 17..=40) && hex(ap, 17..=40))
        }
        _ => false,
    }
}

/// Environment variable names: Lambda's key pattern `[a-zA-Z]([a-zA-Z0-9_])+` (API_Environment:
/// two characters at least, which the reference does not check: its golden core-03 writes `A`)
/// and not reserved by Lambda.
fn check_env(r: &Resolved<'_>, env: &Environment, path: &dyn Display, out: &mut Diagnostics) {
    // A value is a string: an intrinsic that yields a list fails the function's creation.
    for (name, i) in env.iter().filter_map(|(name, v)| v.as_ref().and_then(Expr::as_intrinsic).map(|i| (name, i))) {
        let at = format!("{path}.{name}");
        if let Some(d) = super::list_for_string(r, Some(i), codes::LAMBDA_INVALID_FUNCTION_PROPERTY, &at, |f| {
            format!("Environment variable \"{name}\" is `{f}`, which yields a list; a value is a string")
        }) {
            out.push(d);
        }
    }
    // A variable without a value never reaches Lambda.
    for name in env.iter().filter_map(|(name, v)| v.as_ref().map(|_| name)) {
        let well_formed = name.len() >= 2
            && name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !well_formed {
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                    format!("{path}.{name}"),
                    format!(
                        "Environment variable name \"{name}\" is not valid: it must start with a letter, be at \
                         least two characters long and contain only letters, digits and '_'."
                    ),
                )
                .with_help("Rename the variable, e.g. MY_SETTING."),
            );
        } else if RESERVED_ENV.contains(&name.as_str()) {
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_INVALID_FUNCTION_PROPERTY,
                    format!("{path}.{name}"),
                    format!("Environment variable name \"{name}\" is reserved by Lambda."),
                )
                .with_help("Rename the variable; Lambda sets the reserved ones itself."),
            );
        }
    }
}

/// The CloudFormation type of a resource this service's template will contain, if any.
fn resource_type(r: &Resolved<'_>, id: &str) -> Option<String> {
    let user = r.config.resources.resources.get(id);
    if let Some(t) = user.and_then(|v| v.get("Type")).and_then(|t| t.as_str()) {
        return Some(t.to_string());
    }
    if r.capacity_provider_by_logical_id(id).is_some() {
        return Some(CAPACITY_PROVIDER_TYPE.to_string());
    }
    let fixed = [
        ("IamRoleLambdaExecution", "AWS::IAM::Role"),
        ("LambdaCapacityProviderOperatorRole", "AWS::IAM::Role"),
        ("ServerlessDeploymentBucket", "AWS::S3::Bucket"),
        ("ServerlessDeploymentBucketPolicy", "AWS::S3::BucketPolicy"),
    ];
    if let Some((_, t)) = fixed.iter().find(|(i, _)| *i == id) {
        return Some((*t).to_string());
    }
    for (key, f) in &r.functions {
        if naming::function_logical_id(key) == id {
            return Some("AWS::Lambda::Function".into());
        }
        if naming::log_group_logical_id(key) == id {
            return Some("AWS::Logs::LogGroup".into());
        }
        if crate::resolve::provisioned(f).is_some() && naming::provisioned_concurrency_alias_logical_id(key) == id {
            return Some("AWS::Lambda::Alias".into());
        }
    }
    // A user resource without `Type` that overrides nothing is still a resource.
    user.map(|_| "(no Type)".to_string())
}

/// `path` is formatted only when there is something to report.
fn check_target(r: &Resolved<'_>, key: &str, path: &dyn Display, target: CpTarget<'_>, out: &mut Diagnostics) {
    match target {
        CpTarget::Undefined(name) => {
            let defined: Vec<&str> = r.capacity_providers.iter().map(|(n, _)| *n).collect();
            let default_hint = if defined.contains(&crate::resolve::DEFAULT_PROVIDER) {
                ""
            } else {
                " \"default\" is also available: it is created when a function references it."
            };
            let listed = if defined.is_empty() {
                "No capacity providers are defined.".to_string()
            } else {
                format!("Defined capacity providers: {}.", super::quoted_list(&defined))
            };
            let mut candidates = defined.clone();
            if !candidates.contains(&crate::resolve::DEFAULT_PROVIDER) {
                candidates.push(crate::resolve::DEFAULT_PROVIDER);
            }
            let suggestion = did_you_mean(name, candidates.iter().copied())
                .map(|c| format!("Did you mean \"{c}\"? "))
                .unwrap_or_default();
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_CAPACITY_PROVIDER_UNDEFINED,
                    path.to_string(),
                    format!(
                        "Function \"{key}\" references capacity provider \"{name}\", which is not defined. \
                         {listed}{default_hint}"
                    ),
                )
                .with_help(format!(
                    "{suggestion}Define it under provider.capacityProviders.{name}, reference a defined one, or \
                     give a capacity provider ARN."
                )),
            );
        }
        CpTarget::Arn(arn) if !is_capacity_provider_arn(arn) => out.push(
            Diagnostic::error(
                codes::LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE,
                path.to_string(),
                format!("Function \"{key}\": \"{arn}\" is not a capacity provider ARN."),
            )
            .with_help(
                "Use arn:aws:lambda:<region>:<12-digit account>:capacity-provider:<name> (at most 140 characters), \
                 or the name of a capacity provider of this service.",
            ),
        ),
        CpTarget::Intrinsic(Intrinsic::Ref(name)) => {
            let parameter =
                PSEUDO_PARAMETERS.contains(&name.as_str()) || r.config.resources.parameters.contains_key(name.as_str());
            if parameter {
                return;
            }
            match resource_type(r, name) {
                Some(t) if t == CAPACITY_PROVIDER_TYPE => out.push(
                    Diagnostic::error(
                        codes::LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE,
                        path.to_string(),
                        format!(
                            "Function \"{key}\": {{\"Ref\": \"{name}\"}} yields the capacity provider's name, not \
                             its ARN."
                        ),
                    )
                    .with_help(format!("Use {{\"Fn::GetAtt\": [\"{name}\", \"Arn\"]}}.")),
                ),
                Some(t) => out.push(
                    Diagnostic::error(
                        codes::LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE,
                        path.to_string(),
                        format!(
                            "Function \"{key}\": {{\"Ref\": \"{name}\"}} points at a {t} resource, not at a \
                             capacity provider ARN."
                        ),
                    )
                    .with_help(
                        "Use Fn::GetAtt [<capacity provider>, Arn], a capacity provider name or ARN, or a \
                         parameter holding the ARN.",
                    ),
                ),
                None => push_unresolved(r, key, &path.to_string(), name, out),
            }
        }
        CpTarget::Intrinsic(Intrinsic::GetAtt { resource, attribute }) => match resource_type(r, resource) {
            None => push_unresolved(r, key, &path.to_string(), resource, out),
            Some(t) if t != CAPACITY_PROVIDER_TYPE => out.push(
                Diagnostic::error(
                    codes::LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE,
                    path.to_string(),
                    format!(
                        "Function \"{key}\": Fn::GetAtt [{resource}, {attribute}] points at a {t} resource, not at \
                         an {CAPACITY_PROVIDER_TYPE}."
                    ),
                )
                .with_help(
                    "Reference a capacity provider: its name, its ARN, or Fn::GetAtt [<capacity provider>, Arn].",
                ),
            ),
            Some(_) if attribute != "Arn" => out.push(
                Diagnostic::error(
                    codes::LAMBDA_CAPACITY_PROVIDER_INVALID_REFERENCE,
                    path.to_string(),
                    format!(
                        "Function \"{key}\": Fn::GetAtt [{resource}, {attribute}] is not the capacity provider's ARN."
                    ),
                )
                .with_help(format!("Use Fn::GetAtt [{resource}, Arn].")),
            ),
            Some(_) => {}
        },
        _ => {}
    }
}

fn push_unresolved(r: &Resolved<'_>, key: &str, path: &str, name: &str, out: &mut Diagnostics) {
    let mut candidates: Vec<String> =
        r.capacity_providers.iter().map(|(n, _)| naming::capacity_provider_logical_id(n)).collect();
    candidates.extend(
        r.config
            .resources
            .resources
            .iter()
            .filter(|(_, v)| v.get("Type").and_then(|t| t.as_str()) == Some(CAPACITY_PROVIDER_TYPE))
            .map(|(k, _)| k.clone()),
    );
    let suggestion = did_you_mean(name, candidates.iter().map(String::as_str))
        .map(|c| format!("Did you mean \"{c}\"? "))
        .unwrap_or_default();
    out.push(
        Diagnostic::error(
            codes::UNRESOLVED_REFERENCE,
            path,
            format!(
                "Function \"{key}\": the capacity provider reference points at \"{name}\", which is not a resource or \
                 parameter of this template."
            ),
        )
        .with_help(format!(
            "{suggestion}Reference a capacity provider of this service (Fn::GetAtt [<Name>LambdaCapacityProvider, \
             Arn]) or one defined under resources.Resources."
        )),
    );
}
