//! `AWS::Lambda::CapacityProvider` resources (serverless-capacity-providers.md §3), in the
//! reference's order: array-index names first, then declaration order.

use serde_json::{Map, Value, json};

use super::{Doc, iam};
use crate::model::CapacityProviderConfig;
use crate::naming;
use crate::resolve::Resolved;

pub(super) fn add(doc: &mut Doc, r: &Resolved) {
    for (name, cp) in &r.capacity_providers {
        let role = match &cp.operator_role {
            Some(role) => role.to_json(),
            None => {
                // Shared by every provider: built once.
                if !doc.resources.ids.contains(naming::OPERATOR_ROLE) {
                    doc.add(naming::OPERATOR_ROLE.into(), iam::operator_role());
                }
                json!({ "Fn::GetAtt": [naming::OPERATOR_ROLE, "Arn"] })
            }
        };
        let mut props = Map::new();
        props.insert("CapacityProviderName".into(), r.capacity_provider_name(name).into());
        if let Some(scaling) = scaling_config(cp) {
            props.insert("CapacityProviderScalingConfig".into(), scaling);
        }
        if let Some((allowed, excluded, archs)) = r.instance_requirements(cp) {
            let mut ir = Map::new();
            if !allowed.is_empty() {
                ir.insert("AllowedInstanceTypes".into(), json!(allowed));
            }
            if !excluded.is_empty() {
                ir.insert("ExcludedInstanceTypes".into(), json!(excluded));
            }
            if !archs.is_empty() {
                ir.insert("Architectures".into(), json!(archs.iter().map(|a| a.as_str()).collect::<Vec<_>>()));
            }
            props.insert("InstanceRequirements".into(), Value::Object(ir));
        }
        // Validation guarantees a usable VPC; both lists are passed through as written.
        if let Some(vpc) = r.capacity_provider_vpc(cp) {
            let ids = |e: &Option<crate::model::Expr>| e.as_ref().map(|e| e.to_json()).unwrap_or(Value::Null);
            props.insert(
                "VpcConfig".into(),
                json!({ "SecurityGroupIds": ids(&vpc.security_group_ids), "SubnetIds": ids(&vpc.subnet_ids) }),
            );
        }
        if let Some(kms) = &cp.kms_key_arn {
            props.insert("KmsKeyArn".into(), kms.to_json());
        }
        props.insert("PermissionsConfig".into(), json!({ "CapacityProviderOperatorRoleArn": role }));
        doc.add(
            naming::capacity_provider_logical_id(name),
            json!({ "Type": "AWS::Lambda::CapacityProvider", "Properties": props }),
        );
    }
}

fn scaling_config(cp: &CapacityProviderConfig) -> Option<Value> {
    let scaling = cp.scaling.as_ref()?;
    let mut out = Map::new();
    if let Some(max) = scaling.max_vcpu_count {
        out.insert("MaxVCpuCount".into(), max.into());
    }
    if !scaling.policies.is_empty() {
        let policies: Vec<Value> = scaling
            .policies
            .iter()
            .map(
                |p| json!({ "PredefinedMetricType": p.predefined_metric_type.as_str(), "TargetValue": p.target_value }),
            )
            .collect();
        out.insert("ScalingPolicies".into(), policies.into());
    }
    if let Some(mode) = scaling.mode {
        out.insert("ScalingMode".into(), mode.as_str().into());
    }
    (!out.is_empty()).then_some(Value::Object(out))
}
