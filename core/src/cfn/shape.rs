//! The shape of a property's value, as its resource type's schema gives it
//! (`resource_shapes.txt`): inside a property, each object's keys are ones it takes and its
//! required keys are there, and each value is a list, an object or a single value as the schema
//! says (cfn-lint's E3002, E3003 and E3012 for these). What an intrinsic function stands for is
//! not known here and not checked. Used wherever the user writes CloudFormation: the template's
//! resources (`validate/resource_properties.rs`), `provider.s3` buckets, serverless-lift's
//! `extensions`.

use serde_json::{Map, Value};

use super::{Kind, ResourceType};
use crate::codes;
use crate::config_path::join;
use crate::diagnostics::{Diagnostic, Diagnostics, and_list};

/// Checks `value`, written at `path` for the property `property` of a resource of type `ty`,
/// against the shape the type's schema gives it (nothing for a property the type does not take:
/// that is the unknown-property rule's). `merged`: the value is deep-merged into a generated one
/// (serverless-lift's `extensions`), so an object's required keys may come from what it is merged
/// into and are not asked for, except inside lists (which replace the generated list whole).
///
/// ```ignore
/// let queue = crate::cfn::resource_type("AWS::SQS::Queue").unwrap();
/// let mut out = Diagnostics::new();
/// let path = "resources.Resources.Q.Properties.Tags";
/// check_property(queue, "Tags", &json!({"team": "core"}), path, false, &mut out);
/// assert_eq!(out.iter().next().unwrap().code, codes::RESOURCE_PROPERTY_SHAPE);
/// ```
pub(crate) fn check_property(
    ty: ResourceType,
    property: &str,
    value: &Value,
    path: &str,
    merged: bool,
    out: &mut Diagnostics,
) {
    if let Some(kind) = ty.object("").and_then(|o| o.kind(property)) {
        Nested { ty, out, partial: merged }.value(kind, value, path, property);
    }
}

/// The check of a property's value against its type's schema, down through lists, maps and
/// objects.
struct Nested<'o> {
    ty: ResourceType,
    out: &'o mut Diagnostics,
    /// Whether objects here are merged into generated ones (their required keys not asked for).
    partial: bool,
}

impl Nested<'_> {
    /// `value` at `path` (`rel` below `Properties`, as messages name it) against `kind`.
    fn value(&mut self, kind: Kind, value: &Value, path: &str, rel: &str) {
        if let Value::Object(m) = value
            && crate::reader::has_intrinsic_key(m)
        {
            return;
        }
        match (kind, value) {
            (Kind::Any, _) | (_, Value::Null) => {}
            (Kind::Value, Value::Array(_) | Value::Object(_)) => {
                self.shape(path, rel, "a single value (a string, number or boolean)", value)
            }
            (Kind::List(inner), Value::Array(items)) => {
                let inner = Kind::parse(inner);
                // A list replaces the generated one whole: its items are complete.
                let partial = std::mem::replace(&mut self.partial, false);
                for (i, item) in items.iter().enumerate() {
                    self.value(inner, item, &format!("{path}[{i}]"), &format!("{rel}[{i}]"));
                }
                self.partial = partial;
            }
            (Kind::List(inner), _) => {
                let what =
                    if Kind::parse(inner) == Kind::Object("Tag") { "a list of `{Key, Value}` tags" } else { "a list" };
                self.shape(path, rel, what, value);
            }
            (Kind::Map(inner), Value::Object(entries)) => {
                let inner = Kind::parse(inner);
                for (key, item) in entries {
                    self.value(inner, item, &join(path, key), &join(rel, key));
                }
            }
            (Kind::Object(name), Value::Object(keys)) => self.object(name, keys, path, rel),
            (Kind::Map(_) | Kind::Object(_), _) => self.shape(path, rel, "an object", value),
            (Kind::Value, _) => {}
        }
    }

    /// An object of the schema: its keys, its required keys, and each value.
    fn object(&mut self, name: &'static str, keys: &Map<String, Value>, path: &str, rel: &str) {
        let Some(shape) = self.ty.object(name) else { return };
        let type_name = self.ty.name;
        let mut suggested = Vec::new();
        for (key, value) in keys {
            match shape.kind(key) {
                Some(kind) => self.value(kind, value, &join(path, key), &join(rel, key)),
                None if shape.closed => {
                    let names: Vec<&str> = shape.names().collect();
                    let help = match crate::diagnostics::did_you_mean(key, names.iter().copied()) {
                        Some(near) => {
                            suggested.push(near);
                            format!("did you mean `{near}`?")
                        }
                        None => format!(
                            "`{rel}` takes {}",
                            and_list(&names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>())
                        ),
                    };
                    self.out.push(
                        Diagnostic::error(
                            codes::RESOURCE_UNKNOWN_PROPERTY,
                            join(path, key),
                            format!(
                                "`{key}` is not a key of `{rel}` in {type_name}: CloudFormation refuses the template"
                            ),
                        )
                        .with_help(help),
                    );
                }
                None => {}
            }
        }
        let missing: Vec<String> = shape
            .required()
            .filter(|r| !keys.contains_key(*r) && !suggested.contains(r))
            .map(|r| format!("`{r}`"))
            .collect();
        if !missing.is_empty() && !self.partial {
            self.out.push(
                Diagnostic::error(
                    codes::RESOURCE_MISSING_PROPERTY,
                    path,
                    format!(
                        "`{rel}` of {type_name} requires {}: CloudFormation refuses the resource without",
                        and_list(&missing)
                    ),
                )
                .with_help(format!("add {} to `{rel}`", and_list(&missing))),
            );
        }
    }

    /// A value of the wrong shape: `what` the schema takes.
    fn shape(&mut self, path: &str, rel: &str, what: &str, found: &Value) {
        let type_name = self.ty.name;
        self.out.push(
            Diagnostic::error(
                codes::RESOURCE_PROPERTY_SHAPE,
                path,
                format!(
                    "`{rel}` of {type_name} is {what}, found {}: CloudFormation refuses the template",
                    crate::reader::describe(found)
                ),
            )
            .with_help(if what.contains("tags") {
                "write each tag as an item `{Key: <name>, Value: <value>}` of a list".to_string()
            } else if what.starts_with("a list") && found.as_str().is_some_and(|f| f.starts_with("{{resolve:")) {
                // `${ssm:...}` of a StringList parameter, written as a dynamic reference.
                format!(
                    "a dynamic reference stands for one string and cannot fill a list: write `{rel}` as a list (its \
                     items may be dynamic references), or give the parameter's value with `--value`/`--values`"
                )
            } else {
                format!("write `{rel}` as {what}")
            }),
        );
    }
}
