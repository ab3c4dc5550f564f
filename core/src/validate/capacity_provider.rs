//! Rules on `provider.capacityProviders.<name>` (and the VPC they use).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{CapacityProviderConfig, Expr, FunctionVpc, Intrinsic, ScalingMode, Vpc};
use crate::resolve::{Resolved, is_cp_function, usable_id_list};

use super::is_role_arn;
use crate::codes;

/// Regions whose CloudFormation has no `AWS::Lambda::CapacityProvider`.
const UNSUPPORTED_REGIONS: &[&str] =
    &["cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1", "me-central-1", "ap-southeast-6"];

/// The reference's rules 1 to 3, provider by provider (the reference stops at the first).
pub(super) fn check_reference(r: &Resolved<'_>, out: &mut Diagnostics) {
    for (name, cp) in &r.capacity_providers {
        check_reference_one(r, name, cp, out);
    }
}

/// Stackwright's stricter rules (DECISIONS.md D2, CloudFormation's schema and regions).
pub(super) fn check_stricter(r: &Resolved<'_>, out: &mut Diagnostics) {
    check_provider_vpc(r, out);
    for (name, cp) in &r.capacity_providers {
        check_stricter_one(name, cp, out);
    }
    let region = r.region();
    if !r.capacity_providers.is_empty() && UNSUPPORTED_REGIONS.contains(&region) {
        let names: Vec<&str> = r.capacity_providers.iter().map(|(n, _)| *n).collect();
        out.push(
            Diagnostic::error(
                codes::LAMBDA_CAPACITY_PROVIDER_UNSUPPORTED_REGION,
                "provider.region",
                format!(
                    "Region {region} does not offer Lambda capacity providers (AWS::Lambda::CapacityProvider), \
                     but the service defines {}.",
                    super::quoted_list(&names)
                ),
            )
            .with_help(
                "Deploy to a region with Lambda Managed Instances (for example us-east-1), or run the functions \
                 without capacity providers.",
            ),
        );
    }
}

/// `provider.vpc`, checked once when a capacity provider or a plain function uses it.
fn check_provider_vpc(r: &Resolved<'_>, out: &mut Diagnostics) {
    let Some(vpc) = &r.config.provider.vpc else {
        return;
    };
    let used_by_cp = r.capacity_providers.iter().any(|(_, cp)| cp.vpc.is_none());
    let used_by_fn =
        r.functions.iter().any(|(_, f)| !is_cp_function(f) && !matches!(f.vpc, Some(FunctionVpc::Disabled(_))));
    if used_by_cp || used_by_fn {
        check_vpc_ids(vpc, "provider.vpc", out);
    }
}

/// Counts and id formats of a VPC's literal ids (CloudFormation's `VpcConfig` schema).
pub(super) fn check_vpc_ids(vpc: &Vpc, path: &str, out: &mut Diagnostics) {
    let lists = [
        (
            "subnetIds",
            vpc.subnet_ids.as_ref(),
            16,
            "subnet-",
            "subnet ids look like subnet-0abc1234 (lower-case hexadecimal digits)",
        ),
        (
            "securityGroupIds",
            vpc.security_group_ids.as_ref(),
            5,
            "sg-",
            "security group ids look like sg-0abc1234 (lower-case hexadecimal digits)",
        ),
    ];
    for (key, ids, max, prefix, example) in lists {
        let Some(Expr::List(items)) = ids else {
            continue;
        };
        if items.len() > max {
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_INVALID_VPC_CONFIG,
                    format!("{path}.{key}"),
                    format!("{path}.{key} has {} entries; AWS allows at most {max}.", items.len()),
                )
                .with_help(format!("Keep at most {max} entries in {key}.")),
            );
        }
        for (i, item) in items.iter().enumerate() {
            let Some(id) = item.known_str() else { continue };
            let rest = id.strip_prefix(prefix);
            // EC2's ids are lower-case hexadecimal (8 or 17 digits; the reference's own tests use shorter
            // ones): a placeholder such as `sg-xxxxxxxx` fails when Lambda looks the id up.
            let ok = rest.is_some_and(|rest| {
                !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            });
            if !ok {
                out.push(
                    Diagnostic::error(
                        codes::LAMBDA_INVALID_VPC_CONFIG,
                        format!("{path}.{key}[{i}]"),
                        format!("\"{id}\" in {path}.{key} is not a valid id: {example}."),
                    )
                    .with_help(format!("Use the id (starting with {prefix}) or an intrinsic such as Fn::ImportValue.")),
                );
            }
        }
    }
}

fn check_reference_one(r: &Resolved<'_>, name: &str, cp: &CapacityProviderConfig, out: &mut Diagnostics) {
    let base = format!("provider.capacityProviders.{name}");

    // Reference rule 1.
    if let Some(scaling) = &cp.scaling
        && scaling.mode == Some(ScalingMode::Manual)
        && scaling.policies.is_empty()
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_CAPACITY_PROVIDER_MANUAL_SCALING_REQUIRES_POLICIES,
                format!("{base}.scaling.policies"),
                format!(
                    "Capacity provider \"{name}\": when scaling.mode is set to \"manual\", at least one \
                     scaling.policies entry is required."
                ),
            )
            .with_help(
                "Add a policy such as {predefinedMetricType: LambdaCapacityProviderAverageCPUUtilization, \
                 targetValue: 70}, or use mode: auto.",
            ),
        );
    }

    // Reference rule 2.
    if let Some(ir) = &cp.instance_requirements
        && !ir.allowed_instance_types.is_empty()
        && !ir.excluded_instance_types.is_empty()
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_REQUIREMENTS,
                format!("{base}.instanceRequirements"),
                format!(
                    "Capacity provider \"{name}\": instanceRequirements.allowedInstanceTypes and \
                     instanceRequirements.excludedInstanceTypes cannot be set at the same time."
                ),
            )
            .with_help("Keep either allowedInstanceTypes or excludedInstanceTypes."),
        );
    }

    // Reference rule 3.
    let vpc = r.capacity_provider_vpc(cp);
    let vpc_ok =
        vpc.is_some_and(|v| usable_id_list(v.security_group_ids.as_ref()) && usable_id_list(v.subnet_ids.as_ref()));
    if !vpc_ok {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_CAPACITY_PROVIDER_MISSING_VPC,
                format!("{base}.vpc"),
                format!(
                    "Capacity provider \"{name}\": VPC configuration is required. Specify subnetIds and \
                     securityGroupIds on provider.vpc or provider.capacityProviders.{name}.vpc."
                ),
            )
            .with_help(if cp.vpc.is_some() {
                format!(
                    "provider.capacityProviders.{name}.vpc replaces provider.vpc entirely (no merging): give it \
                     both a non-empty subnetIds and a non-empty securityGroupIds."
                )
            } else {
                "Capacity providers launch instances in your VPC: set provider.vpc (or the provider's own vpc) \
                 with non-empty subnetIds and securityGroupIds."
                    .to_string()
            }),
        );
    }
}

fn check_stricter_one(name: &str, cp: &CapacityProviderConfig, out: &mut Diagnostics) {
    let base = format!("provider.capacityProviders.{name}");

    // D2 / CloudFormation: scaling.
    if let Some(scaling) = &cp.scaling {
        if let Some(max) = scaling.max_vcpu_count
            && !(12..=15000).contains(&max)
        {
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_CAPACITY_PROVIDER_INVALID_MAX_VCPU_COUNT,
                    format!("{base}.scaling.maxVCpuCount"),
                    format!("Capacity provider \"{name}\": scaling.maxVCpuCount is {max}; allowed are 12 to 15000."),
                )
                .with_help("Set maxVCpuCount between 12 and 15000, or leave it out for the AWS default."),
            );
        }
        if scaling.policies.len() > 10 {
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_CAPACITY_PROVIDER_INVALID_SCALING_POLICIES,
                    format!("{base}.scaling.policies"),
                    format!(
                        "Capacity provider \"{name}\": scaling.policies has {} entries; allowed are 1 to 10.",
                        scaling.policies.len()
                    ),
                )
                .with_help("Keep at most 10 scaling policies."),
            );
        }
        for (i, p) in scaling.policies.iter().enumerate() {
            let v = p.target_value;
            if !v.is_finite() || !(0.0..=100.0).contains(&v) {
                out.push(
                    Diagnostic::error(
                        codes::LAMBDA_CAPACITY_PROVIDER_INVALID_SCALING_POLICIES,
                        format!("{base}.scaling.policies[{i}].targetValue"),
                        format!(
                            "Capacity provider \"{name}\": scaling.policies[{i}].targetValue is {v}; allowed are \
                             0 to 100 (percent)."
                        ),
                    )
                    .with_help("Set targetValue to a utilization percentage between 0 and 100."),
                );
            }
        }
    }

    // CloudFormation: instance requirements.
    if let Some(ir) = &cp.instance_requirements {
        if ir.architectures.len() > 1 {
            let archs: Vec<&str> = ir.architectures.iter().map(|a| a.as_str()).collect();
            out.push(
                Diagnostic::error(
                    codes::LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_TYPES,
                    format!("{base}.instanceRequirements.architectures"),
                    format!(
                        "Capacity provider \"{name}\": instanceRequirements.architectures has {} entries ({}); \
                         exactly one is allowed.",
                        archs.len(),
                        archs.join(", ")
                    ),
                )
                .with_help(
                    "Give exactly one architecture (arm64 or x86_64); use one capacity provider per architecture.",
                ),
            );
        }
        for (key, types) in [
            ("allowedInstanceTypes", &ir.allowed_instance_types),
            ("excludedInstanceTypes", &ir.excluded_instance_types),
        ] {
            if types.len() > 400 {
                out.push(
                    Diagnostic::error(
                        codes::LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_TYPES,
                        format!("{base}.instanceRequirements.{key}"),
                        format!(
                            "Capacity provider \"{name}\": instanceRequirements.{key} has {} entries; at most 400 \
                             are allowed.",
                            types.len()
                        ),
                    )
                    .with_help("Use wildcards such as c7g.* to shorten the list."),
                );
            }
            for (i, t) in types.iter().enumerate() {
                let ok = (1..=30).contains(&t.chars().count())
                    && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.*".contains(&b));
                if !ok {
                    out.push(
                        Diagnostic::error(
                            codes::LAMBDA_CAPACITY_PROVIDER_INVALID_INSTANCE_TYPES,
                            format!("{base}.instanceRequirements.{key}[{i}]"),
                            format!(
                                "Capacity provider \"{name}\": instance type \"{t}\" is not valid; instance types \
                                 have 1 to 30 characters out of letters, digits, '.', '-' and '*'."
                            ),
                        )
                        .with_help("Use an EC2 instance type such as r7g.large, or a wildcard such as c7g.*."),
                    );
                }
            }
        }
    }

    // CloudFormation: the capacity provider's own VPC (provider.vpc is checked once).
    if let Some(vpc) = &cp.vpc {
        check_vpc_ids(vpc, &format!("{base}.vpc"), out);
    }

    // CloudFormation: operator role.
    match &cp.operator_role {
        Some(Expr::Str(role)) if !is_role_arn(role) => out.push(
            Diagnostic::error(
                codes::LAMBDA_CAPACITY_PROVIDER_INVALID_OPERATOR_ROLE,
                format!("{base}.permissions.operatorRole"),
                format!("Capacity provider \"{name}\": operatorRole \"{role}\" is not an IAM role ARN."),
            )
            .with_help(
                "Use arn:<partition>:iam::<12-digit account>:role/<name>, an intrinsic such as \
                 Fn::GetAtt [MyRole, Arn], or leave it out to use the shared LambdaCapacityProviderOperatorRole.",
            ),
        ),
        Some(Expr::Fn(i)) => {
            if let Intrinsic::GetAtt { resource, attribute } = i.as_ref()
                && attribute != "Arn"
            {
                out.push(
                    Diagnostic::error(
                        codes::LAMBDA_CAPACITY_PROVIDER_INVALID_OPERATOR_ROLE,
                        format!("{base}.permissions.operatorRole"),
                        format!(
                            "Capacity provider \"{name}\": operatorRole is Fn::GetAtt [{resource}, {attribute}], \
                             which is not a role ARN."
                        ),
                    )
                    .with_help(format!("Use Fn::GetAtt [{resource}, Arn].")),
                );
            }
        }
        Some(Expr::Number(_) | Expr::Bool(_) | Expr::List(_)) => out.push(
            Diagnostic::error(
                codes::LAMBDA_CAPACITY_PROVIDER_INVALID_OPERATOR_ROLE,
                format!("{base}.permissions.operatorRole"),
                format!("Capacity provider \"{name}\": operatorRole is not an IAM role ARN."),
            )
            .with_help("Use an IAM role ARN string or an intrinsic that yields one."),
        ),
        _ => {}
    }

    // CloudFormation: KMS key.
    if let Some(Expr::Str(key)) = &cp.kms_key_arn
        && !super::is_kms_key_arn(key)
    {
        out.push(
            Diagnostic::error(
                codes::LAMBDA_CAPACITY_PROVIDER_INVALID_KMS_KEY,
                format!("{base}.kmsKeyArn"),
                format!("Capacity provider \"{name}\": kmsKeyArn \"{key}\" is not a KMS key ARN."),
            )
            .with_help("Use arn:aws:kms:<region>:<account>:key/<key id> or an intrinsic that yields one."),
        );
    }
}
