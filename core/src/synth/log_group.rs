//! One `AWS::Logs::LogGroup` per function, named `/aws/lambda/<deployed name>`.

use super::function::obj;

use super::Doc;
use crate::naming;
use crate::resolve::Resolved;

pub(super) fn add(doc: &mut Doc, r: &Resolved) {
    for (key, f) in &r.functions {
        let name = format!("/aws/lambda/{}", r.function_name(key, f));
        doc.add_generated(
            naming::log_group_logical_id(key),
            obj([("Type", "AWS::Logs::LogGroup".into()), ("Properties", obj([("LogGroupName", name.into())]))]),
        );
    }
}
