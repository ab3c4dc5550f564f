//! One `AWS::Logs::LogGroup` per function, named `/aws/lambda/<deployed name>`.

use super::Doc;
use crate::naming;
use crate::node::Node;
use crate::resolve::Resolved;

pub(super) fn add(doc: &mut Doc, r: &Resolved) {
    let p = &r.config.provider;
    for (key, f) in &r.functions {
        if !r.has_log_group(f) {
            continue;
        }
        let name = ["/aws/lambda/", &r.function_name(key, f)].concat();
        let mut props = vec![("LogGroupName", Node::string(name))];
        if let Some(days) = f.log_retention_in_days.or(p.log_retention_in_days) {
            props.push(("RetentionInDays", Node::num(days)));
        }
        let policy = f.log_data_protection_policy.as_ref().or(p.log_data_protection_policy.as_ref());
        if let Some(policy) = policy {
            props.push(("DataProtectionPolicy", Node::User(Box::new(policy.clone()))));
        }
        doc.add_node(
            naming::log_group_logical_id(key),
            Node::Obj(vec![("Type", Node::str("AWS::Logs::LogGroup")), ("Properties", Node::Obj(props))]),
            policy.is_some(),
        );
    }
}
