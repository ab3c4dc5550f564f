//! Places that take one string (a role, an ARN, a name, a path, one layer or id of a list) given
//! an intrinsic function that yields a list (`Fn::Split`, `Fn::GetAZs`, `Fn::Cidr`): the
//! reference writes it through, and CloudFormation fails the resource ("expected type: String,
//! found: JSONArray"), or the deploy call its role. Environment and tag values have their own
//! rule, with Lambda's code. A `Ref` to a list parameter and an `Fn::If` with a list branch are
//! lists too.

use crate::codes;
use crate::diagnostics::Diagnostics;
use crate::model::{CapacityProviderRef, Destination, Expr, FunctionVpc, IamRole, Intrinsic, Vpc};
use crate::resolve::Resolved;

pub(super) fn check(r: &Resolved<'_>, out: &mut Diagnostics) {
    let p = &r.config.provider;
    let mut at = Places { r, out };
    at.one(p.role.as_ref(), "provider.role");
    at.one(p.role_permissions_boundary.as_ref(), "provider.rolePermissionsBoundary");
    at.each(p.iam_managed_policies.as_deref(), "provider.iamManagedPolicies");
    if let Some(iam) = &p.iam {
        at.one(iam.deployment_role.as_ref(), "provider.iam.deploymentRole");
        match &iam.role {
            Some(IamRole::Existing(role)) => at.one(Some(role), "provider.iam.role"),
            Some(IamRole::Config(role)) => {
                at.one(role.name.as_ref(), "provider.iam.role.name");
                at.one(role.path.as_ref(), "provider.iam.role.path");
                at.each(role.managed_policies.as_deref(), "provider.iam.role.managedPolicies");
                at.one(role.permissions_boundary.as_ref(), "provider.iam.role.permissionsBoundary");
            }
            None => {}
        }
    }
    at.each(p.layers.as_deref(), "provider.layers");
    at.one(p.kms_key_arn.as_ref(), "provider.kmsKeyArn");
    at.vpc(p.vpc.as_ref(), "provider.vpc");
    at.one(
        r.config.plugin_settings.iam_global_permissions_boundary.as_ref(),
        "custom.serverless-iam-roles-per-function.iamGlobalPermissionsBoundary",
    );
    for (name, cp) in &p.capacity_providers {
        let path = format!("provider.capacityProviders.{name}");
        at.one(cp.operator_role.as_ref(), &format!("{path}.permissions.operatorRole"));
        at.one(cp.kms_key_arn.as_ref(), &format!("{path}.kmsKeyArn"));
        at.vpc(cp.vpc.as_ref(), &format!("{path}.vpc"));
    }
    for (key, f) in &r.config.functions {
        let path = format!("functions.{key}");
        at.one(f.role.as_ref(), &format!("{path}.role"));
        at.one(f.iam_permissions_boundary.as_ref(), &format!("{path}.iamPermissionsBoundary"));
        at.each(f.layers.as_deref(), &format!("{path}.layers"));
        at.one(f.kms_key_arn.as_ref(), &format!("{path}.kmsKeyArn"));
        at.one(f.on_error.as_ref(), &format!("{path}.onError"));
        at.one(f.file_system_config.as_ref().map(|c| &c.arn), &format!("{path}.fileSystemConfig.arn"));
        if let Some(d) = &f.destinations {
            for (key, destination) in [("onSuccess", &d.on_success), ("onFailure", &d.on_failure)] {
                if let Some(Destination::Typed { arn, .. }) = destination {
                    at.one(Some(arn), &format!("{path}.destinations.{key}.arn"));
                }
            }
        }
        if let Some(FunctionVpc::Config(vpc)) = &f.vpc {
            at.vpc(Some(vpc), &format!("{path}.vpc"));
        }
        match &f.capacity_provider {
            Some(CapacityProviderRef::Intrinsic(i)) => at.list(Some(i), &format!("{path}.capacityProvider")),
            Some(CapacityProviderRef::Config(cp)) => at.one(cp.name.as_ref(), &format!("{path}.capacityProvider.name")),
            _ => {}
        }
    }
}

struct Places<'r, 'o> {
    r: &'r Resolved<'r>,
    out: &'o mut Diagnostics,
}

impl Places<'_, '_> {
    fn one(&mut self, value: Option<&Expr>, path: &str) {
        self.list(value.and_then(Expr::as_intrinsic), path);
    }

    fn list(&mut self, value: Option<&Intrinsic>, path: &str) {
        let message = |f: &str| format!("`{f}` yields a list, and {path} takes one string");
        if let Some(d) = super::list_for_string(self.r, value, codes::CONFIG_INVALID_VALUE, path, message) {
            self.out.push(d);
        }
    }

    fn each(&mut self, items: Option<&[Expr]>, path: &str) {
        for (i, item) in items.into_iter().flatten().enumerate() {
            self.one(Some(item), &format!("{path}[{i}]"));
        }
    }

    /// A whole id list may be an intrinsic that yields a list; its items are one id each.
    fn vpc(&mut self, vpc: Option<&Vpc>, path: &str) {
        let Some(vpc) = vpc else { return };
        for (key, ids) in [("subnetIds", &vpc.subnet_ids), ("securityGroupIds", &vpc.security_group_ids)] {
            if let Some(Expr::List(items)) = ids {
                self.each(Some(items), &format!("{path}.{key}"));
            }
        }
    }
}
