//! One `AWS::Logs::LogGroup` per function, named `/aws/lambda/<deployed name>`.

use super::Doc;
use super::node::Node;
use crate::naming;
use crate::resolve::Resolved;

pub(super) fn add(doc: &mut Doc, r: &Resolved) {
    for (key, f) in &r.functions {
        let name = ["/aws/lambda/", &r.function_name(key, f)].concat();
        doc.add_node(
            naming::log_group_logical_id(key),
            Node::Obj(vec![
                ("Type", Node::str("AWS::Logs::LogGroup")),
                ("Properties", Node::Obj(vec![("LogGroupName", Node::string(name))])),
            ]),
            false,
        );
    }
}
