//! `Tags` of the user's resources in `resources`: every `AWS::` resource type takes tags as
//! `{Key, Value}` objects (a list) or as a map; a list item that is a plain value
//! (`Tags: [dev, orders]`) fails the resource's creation. Custom resources, third-party types and
//! modules define their own properties and are left alone.

use serde_json::Value;

use crate::codes;
use crate::config_path::{index, join};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::resolve::Resolved;

pub(super) fn check(r: &Resolved<'_>, out: &mut Diagnostics) {
    let aws_type = |t: &str| t.starts_with("AWS::") && t != "AWS::CloudFormation::CustomResource";
    for (id, properties, path) in super::user_resources(r, aws_type) {
        let Some(Value::Array(tags)) = properties.get("Tags") else { continue };
        let path = join(&path, "Tags");
        for (i, tag) in tags.iter().enumerate() {
            if matches!(tag, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
                let shown = tag.as_str().map_or_else(|| tag.to_string(), str::to_string);
                out.push(
                    Diagnostic::error(
                        codes::CONFIG_INVALID_VALUE,
                        index(&path, i),
                        format!(
                            "tag `{shown}` of resource \"{id}\" is a plain value: CloudFormation takes a tag as \
                             `{{Key, Value}}`, so creating the resource fails"
                        ),
                    )
                    .with_help(format!("write it as `- Key: <name>` with `Value: {shown}` indented under it")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ServiceConfig;
    use serde_json::json;

    #[test]
    fn a_plain_tag_value_is_an_error() {
        let mut config = ServiceConfig::default();
        for (id, tags) in [
            (
                "Table",
                json!(["dev", {"Key": "team", "Value": "web"}, {"Fn::If": ["C", {"Key": "a", "Value": "b"}, {"Ref": "AWS::NoValue"}]}]),
            ),
            ("Param", json!({"team": "web"})),
        ] {
            config.resources.resources.insert(id.into(), json!({"Type": "AWS::X::Y", "Properties": {"Tags": tags}}));
        }
        // A custom resource's properties are its handler's.
        for t in ["Custom::Thing", "AWS::CloudFormation::CustomResource", "Acme::Widget::Thing"] {
            config.resources.resources.insert(t.into(), json!({"Type": t, "Properties": {"Tags": ["dev"]}}));
        }
        let mut out = Diagnostics::new();
        check(&Resolved::new(&config), &mut out);
        let found: Vec<(&str, &str)> = out.iter().map(|d| (d.path.as_str(), d.message.as_str())).collect();
        assert_eq!(
            found,
            [(
                "resources.Resources.Table.Properties.Tags[0]",
                "tag `dev` of resource \"Table\" is a plain value: CloudFormation takes a tag as `{Key, Value}`, so creating the resource fails"
            )]
        );
    }
}
