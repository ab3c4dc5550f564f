//! One `AWS::Logs::LogGroup` per function, named `/aws/lambda/<deployed name>`.

use serde_json::json;

use super::Doc;
use crate::naming;
use crate::resolve::Resolved;

pub(super) fn add(doc: &mut Doc, r: &Resolved) {
    for (key, f) in &r.functions {
        doc.add(
            naming::log_group_logical_id(key),
            json!({
                "Type": "AWS::Logs::LogGroup",
                "Properties": { "LogGroupName": format!("/aws/lambda/{}", r.function_name(key, f)) }
            }),
        );
    }
}
