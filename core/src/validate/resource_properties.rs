//! Rules on the template's resources where the user writes CloudFormation (`resources.Resources`,
//! and what a same-ID resource or `resources.extensions` merges into a generated one): the type
//! is one CloudFormation has, the resource's keys are resource attributes, each property is one
//! its type takes, and the properties it requires are there. The reference passes such resources
//! on as written; CloudFormation refuses the template (cfn-lint's E3006, E3001, E3002, E3003).
//!
//! Inside a property the same holds for the objects its type's schema describes (each key one the
//! object takes, its required keys there), and each value has the shape the schema gives it: a
//! list, an object or a value (`RESOURCE_PROPERTY_SHAPE`; cfn-lint's E3012 for these). What an
//! intrinsic function stands for is not known here and not checked.
//!
//! The types and their properties are CloudFormation's resource provider schemas, as
//! [`crate::cfn`] has them. A template with a `Transform` is left alone: a macro may rewrite its
//! resources before CloudFormation reads them.

use serde_json::{Map, Value};

use crate::codes;
use crate::config_path::join;
use crate::diagnostics::{Diagnostic, Diagnostics, and_list, did_you_mean};
use crate::model::UserResources;

/// Types whose properties are the custom resource's provider's to define.
const OPEN_TYPES: &[&str] = &["AWS::CloudFormation::CustomResource"];

/// The SAM transform that makes `AWS::Serverless::*` types CloudFormation ones.
const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// Checks the template's resource `id` (`resource`, after merging) where `user` wrote it: its
/// own resource (`resources.Resources.<id>`) or an extension of a generated one. Generated parts
/// are not checked.
pub(crate) fn check(id: &str, resource: &Value, user: &UserResources, out: &mut Diagnostics) {
    if user.sections.contains_key("Transform") || user.from_plugins.iter().any(|p| p == id) {
        return;
    }
    let Some(resource) = resource.as_object() else { return };
    let own = user.resources.get(id).and_then(Value::as_object);
    let extension = user.extensions.get(id).and_then(Value::as_object);
    let at = |source: &str| join(source, id);
    let own_at = at("resources.Resources");
    let Some(type_name) = resource.get("Type").and_then(Value::as_str) else { return };
    let ty = crate::cfn::resource_type(type_name);
    if let Some(own) = own {
        attributes(own, ty, &own_at, out);
    }
    let ty = match ty {
        Some(ty) => ty,
        None => {
            // A generated resource's type is CloudFormation's.
            if own.is_some_and(|o| o.contains_key("Type")) {
                unknown_type(type_name, &join(&own_at, "Type"), out);
            }
            return;
        }
    };
    if OPEN_TYPES.contains(&type_name) {
        return;
    }
    let properties = match resource.get("Properties") {
        None | Some(Value::Null) => None,
        Some(Value::Object(p)) if crate::reader::has_intrinsic_key(p) => return,
        Some(Value::Object(p)) => Some(p),
        Some(other) => {
            if own.is_some_and(|o| o.contains_key("Properties")) {
                out.push(
                    Diagnostic::error(
                        codes::CONFIG_INVALID_VALUE,
                        join(&own_at, "Properties"),
                        format!(
                            "a resource's `Properties` is an object of its properties; found {}",
                            crate::reader::describe(other)
                        ),
                    )
                    .with_help(format!("write {type_name}'s properties as keys under `Properties`")),
                );
            }
            return;
        }
    };
    let written = |source: Option<&Map<String, Value>>, key: &str| {
        source.and_then(|s| s.get("Properties")).and_then(Value::as_object).is_some_and(|p| p.contains_key(key))
    };
    // A misspelt required property is one error, the unknown key's (whose help names it).
    let mut suggested = Vec::new();
    for key in properties.into_iter().flat_map(|p| p.keys()) {
        let path = if written(own, key) {
            join(&join(&own_at, "Properties"), key)
        } else if written(extension, key) {
            join(&join(&at("resources.extensions"), "Properties"), key)
        } else {
            continue;
        };
        if let Some((message, help)) = ty.property_problem(key, Some(id)) {
            suggested.extend(ty.nearest(key));
            out.push(Diagnostic::error(codes::RESOURCE_UNKNOWN_PROPERTY, path, message).with_help(help));
        } else if let Some(value) = properties.and_then(|p| p.get(key)) {
            crate::cfn::shape::check_property(ty, key, value, &path, false, out);
        }
    }
    let missing: Vec<&str> =
        ty.required().filter(|r| !properties.is_some_and(|p| p.contains_key(*r)) && !suggested.contains(r)).collect();
    if missing.is_empty() || (own.is_none() && extension.is_none()) {
        return;
    }
    let path = if own.is_some() { own_at } else { at("resources.extensions") };
    let path =
        if own.or(extension).is_some_and(|s| s.contains_key("Properties")) { join(&path, "Properties") } else { path };
    let list = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>();
    out.push(
        Diagnostic::error(
            codes::RESOURCE_MISSING_PROPERTY,
            path,
            format!("{type_name} requires {}: CloudFormation refuses the resource without", and_list(&list)),
        )
        .with_help(format!("add {} under `Properties`", and_list(&list))),
    );
}

/// The keys of the user's own resource (of type `ty`, when CloudFormation has it) that
/// CloudFormation does not read on a resource.
fn attributes(own: &Map<String, Value>, ty: Option<crate::cfn::ResourceType>, at: &str, out: &mut Diagnostics) {
    for key in own.keys() {
        if let Some((message, help)) = crate::cfn::attribute_problem(key, ty) {
            out.push(Diagnostic::error(codes::RESOURCE_UNKNOWN_ATTRIBUTE, join(at, key), message).with_help(help));
        }
    }
}

/// A `Type` CloudFormation's schemas do not have: an error when it is a near miss of one (or a
/// SAM type without the transform), a warning for another `AWS::` type (one newer than the
/// schemas is fine), nothing for a third party's (registered in the account).
fn unknown_type(type_name: &str, path: &str, out: &mut Diagnostics) {
    if type_name.starts_with("Custom::") || type_name.ends_with("::MODULE") {
        return;
    }
    if type_name.starts_with("AWS::Serverless::") {
        out.push(
            Diagnostic::error(
                codes::RESOURCE_UNKNOWN_TYPE,
                path,
                format!(
                    "`{type_name}` is a SAM type: CloudFormation knows it only through the `{SAM_TRANSFORM}` transform"
                ),
            )
            .with_help(format!(
                "add `Transform: {SAM_TRANSFORM}` to `resources`, or write the CloudFormation resources it stands for"
            )),
        );
        return;
    }
    let lower = type_name.to_ascii_lowercase();
    let near = crate::cfn::resource_type_names()
        .find(|n| n.to_ascii_lowercase() == lower)
        .or_else(|| did_you_mean(type_name, crate::cfn::resource_type_names()));
    match near {
        Some(near) => out.push(
            Diagnostic::error(
                codes::RESOURCE_UNKNOWN_TYPE,
                path,
                format!("`{type_name}` is not a CloudFormation resource type: CloudFormation refuses the template"),
            )
            .with_help(format!("did you mean `{near}`?")),
        ),
        None if type_name.starts_with("AWS::") => out.push(
            Diagnostic::warning(
                codes::RESOURCE_UNKNOWN_TYPE,
                path,
                format!(
                    "`{type_name}` is not among CloudFormation's resource types as stackwright knows them (the \
                     resource provider schemas of cfn-lint {}): CloudFormation refuses the template unless the type \
                     is newer than those",
                    crate::cfn::schemas_version()
                ),
            )
            .with_help("check the type's name in the CloudFormation resource type reference"),
        ),
        None => {}
    }
}
