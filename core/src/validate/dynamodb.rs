//! The user's DynamoDB tables (`AWS::DynamoDB::Table` and `AWS::DynamoDB::GlobalTable` in
//! `resources`): key definitions DynamoDB refuses when it creates the table.
//!
//! `AttributeDefinitions` declares the key attributes only, of the table and of its indexes:
//! one more ("Number of attributes in key schema must match the number of attributes defined in
//! attribute definitions"), one fewer, or a type other than `S`, `N`, `B` and `CreateTable` fails.
//! A table with an intrinsic function in these settings is left to CloudFormation.

use serde_json::{Map, Value};

use crate::codes;
use crate::config_path::{index, join};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::reader::has_intrinsic_key;
use crate::resolve::Resolved;

const TABLE_TYPES: &[&str] = &["AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"];

pub(super) fn check(r: &Resolved<'_>, out: &mut Diagnostics) {
    for (_, properties, path) in super::user_resources(r, |t| TABLE_TYPES.contains(&t)) {
        check_table(properties, &path, out);
    }
}

/// An attribute name written as a plain string (not a dynamic reference), from an
/// `{AttributeName: ...}` object.
fn name_of(item: &Value) -> Option<&str> {
    item.as_object()?.get("AttributeName")?.as_str().filter(|name| !name.contains("{{resolve:"))
}

/// The attribute names of a `KeySchema` list, with each one's path; `None` when any part is not
/// plain (an intrinsic function, a variable CloudFormation resolves).
fn key_names<'v>(schema: &'v Value, path: &str) -> Option<Vec<(&'v str, String)>> {
    let items = schema.as_array()?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| name_of(item).map(|name| (name, join(&index(path, i), "AttributeName"))))
        .collect()
}

fn check_table(properties: &Map<String, Value>, path: &str, out: &mut Diagnostics) {
    let Some(Value::Array(definitions)) = properties.get("AttributeDefinitions") else { return };
    if definitions.iter().any(|v| v.as_object().is_some_and(has_intrinsic_key)) {
        return;
    }
    // The key attributes: the table's, then each index's, in the order written. A table or an
    // index without `KeySchema` is reported as such, and its attributes are not judged.
    let Some(schema) = properties.get("KeySchema") else {
        missing_key_schema(properties, path, "the table", out);
        return;
    };
    let Some(mut keys) = key_names(schema, &join(path, "KeySchema")) else { return };
    for list in ["GlobalSecondaryIndexes", "LocalSecondaryIndexes"] {
        let Some(indexes) = properties.get(list) else { continue };
        let Some(indexes) = indexes.as_array() else { return };
        for (i, ix) in indexes.iter().enumerate() {
            let at = index(&join(path, list), i);
            // An index written as an intrinsic function (`Fn::If`) is left to CloudFormation.
            let Some(ix) = ix.as_object().filter(|ix| !has_intrinsic_key(ix)) else { return };
            let Some(schema) = ix.get("KeySchema") else {
                missing_key_schema(ix, &at, "the index", out);
                return;
            };
            match key_names(schema, &join(&at, "KeySchema")) {
                Some(more) => keys.extend(more),
                None => return,
            }
        }
    }
    let defined: Vec<Option<&str>> = definitions.iter().map(name_of).collect();
    if defined.iter().any(Option::is_none) {
        return;
    }
    let at = |i: usize| index(&join(path, "AttributeDefinitions"), i);
    for (i, item) in definitions.iter().enumerate() {
        let name = defined[i].unwrap_or_default();
        if defined[..i].contains(&Some(name)) {
            out.push(
                Diagnostic::error(
                    codes::CONFIG_INVALID_VALUE,
                    at(i),
                    format!("attribute `{name}` is defined twice in AttributeDefinitions: DynamoDB refuses the table"),
                )
                .with_help("keep one definition of each attribute"),
            );
        } else if !keys.iter().any(|(key, _)| *key == name) {
            out.push(
                Diagnostic::error(
                    codes::CONFIG_INVALID_VALUE,
                    at(i),
                    format!(
                        "attribute `{name}` is in AttributeDefinitions but is no key of the table or of an index: \
                         DynamoDB refuses the table (\"Number of attributes in key schema must match the number of \
                         attributes defined in attribute definitions\")"
                    ),
                )
                .with_help(
                    "define only the attributes a KeySchema names (items take any other attribute without a \
                     definition), or add the index that uses it",
                ),
            );
        } else if let Some(t) = item.get("AttributeType").and_then(Value::as_str)
            && !matches!(t, "S" | "N" | "B")
        {
            out.push(
                Diagnostic::error(
                    codes::CONFIG_INVALID_VALUE,
                    join(&at(i), "AttributeType"),
                    format!(
                        "key attribute `{name}` has AttributeType `{t}`: a key is a string (`S`), a number (`N`) or \
                         binary (`B`)"
                    ),
                )
                .with_help("use S, N or B; sets, lists and maps cannot be keys"),
            );
        }
    }
    let mut reported: Vec<&str> = Vec::new();
    for (key, key_path) in &keys {
        if !defined.contains(&Some(*key)) && !reported.contains(key) {
            reported.push(key);
            out.push(
                Diagnostic::error(
                    codes::CONFIG_INVALID_VALUE,
                    key_path.clone(),
                    format!("key attribute `{key}` is not in AttributeDefinitions: DynamoDB refuses the table"),
                )
                .with_help(format!(
                    "add `{{AttributeName: {key}, AttributeType: S}}` (or N, B) to AttributeDefinitions"
                )),
            );
        }
    }
}

/// `KeySchema` is required of a table and of each index: without it `CreateTable` fails.
fn missing_key_schema(settings: &Map<String, Value>, path: &str, what: &str, out: &mut Diagnostics) {
    // A misspelt `Keys:` or `keySchema:` is the likely cause.
    let mut near = settings.keys().map(String::as_str).filter(|k| k.to_ascii_lowercase().starts_with("key"));
    let help = match near.next() {
        Some(written) => format!("`{written}` is not a setting of DynamoDB: write `KeySchema`"),
        None => "add `KeySchema: [{AttributeName: <name>, KeyType: HASH}]` (and a RANGE key if it has one)".to_string(),
    };
    out.push(
        Diagnostic::error(
            codes::CONFIG_MISSING_KEY,
            path,
            format!("{what} has no `KeySchema`: DynamoDB needs its key attributes to create the table"),
        )
        .with_help(help),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(properties: Value) -> Vec<(String, String)> {
        let mut out = Diagnostics::new();
        check_table(properties.as_object().unwrap(), "resources.Resources.T.Properties", &mut out);
        out.iter().map(|d| (d.path.clone(), d.message.clone())).collect()
    }

    #[test]
    fn key_definitions_match_the_key_schemas() {
        let ok = run(json!({
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"},
                                     {"AttributeName": "email", "AttributeType": "S"},
                                     {"AttributeName": "at", "AttributeType": "N"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "GlobalSecondaryIndexes": [{"IndexName": "byEmail", "KeySchema": [
                {"AttributeName": "email", "KeyType": "HASH"}, {"AttributeName": "at", "KeyType": "RANGE"}]}]
        }));
        assert!(ok.is_empty(), "{ok:?}");
        let found = run(json!({
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"},
                                     {"AttributeName": "title", "AttributeType": "S"},
                                     {"AttributeName": "tags", "AttributeType": "SS"},
                                     {"AttributeName": "id", "AttributeType": "S"},
                                     {"AttributeName": "n", "AttributeType": "SS"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}, {"AttributeName": "n", "KeyType": "RANGE"}],
            "LocalSecondaryIndexes": [{"KeySchema": [{"AttributeName": "id", "KeyType": "HASH"},
                                                     {"AttributeName": "sk", "KeyType": "RANGE"}]}]
        }));
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "resources.Resources.T.Properties.AttributeDefinitions[1]",
                "resources.Resources.T.Properties.AttributeDefinitions[2]",
                "resources.Resources.T.Properties.AttributeDefinitions[3]",
                "resources.Resources.T.Properties.AttributeDefinitions[4].AttributeType",
                "resources.Resources.T.Properties.LocalSecondaryIndexes[0].KeySchema[1].AttributeName",
            ]
        );
        assert!(found[0].1.contains("`title` is in AttributeDefinitions but is no key"), "{found:?}");
        assert!(found[3].1.contains("AttributeType `SS`"), "{found:?}");
        assert!(found[4].1.contains("`sk` is not in AttributeDefinitions"), "{found:?}");
    }

    #[test]
    fn intrinsic_functions_are_left_to_cloudformation() {
        for properties in [
            json!({"AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}, {"Fn::If": ["C", {}, {}]}],
                   "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}),
            json!({"AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"},
                                            {"AttributeName": "g", "AttributeType": "S"}],
                   "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                   "GlobalSecondaryIndexes": {"Fn::If": ["C", [], []]}}),
            json!({"AttributeDefinitions": [{"AttributeName": {"Ref": "K"}, "AttributeType": "S"}],
                   "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}),
            // One index of the list written as an `Fn::If`.
            json!({"AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"},
                                            {"AttributeName": "email", "AttributeType": "S"}],
                   "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                   "GlobalSecondaryIndexes": [{"Fn::If": ["C", {"IndexName": "byEmail", "KeySchema": [
                       {"AttributeName": "email", "KeyType": "HASH"}]}, {"Ref": "AWS::NoValue"}]}]}),
        ] {
            assert!(run(properties.clone()).is_empty(), "{properties}");
        }
    }

    #[test]
    fn a_missing_key_schema_is_named_not_its_attributes() {
        let found = run(json!({"AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}));
        assert_eq!(
            found,
            [(
                "resources.Resources.T.Properties".to_string(),
                "the table has no `KeySchema`: DynamoDB needs its key attributes to create the table".to_string()
            )]
        );
        let found = run(json!({
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"},
                                     {"AttributeName": "email", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "GlobalSecondaryIndexes": [{"IndexName": "byEmail", "Keys": [{"AttributeName": "email", "KeyType": "HASH"}]}]
        }));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "resources.Resources.T.Properties.GlobalSecondaryIndexes[0]");
        let mut out = Diagnostics::new();
        let props = json!({"AttributeDefinitions": [], "KeySchema": [],
                           "GlobalSecondaryIndexes": [{"Keys": []}]});
        check_table(props.as_object().unwrap(), "p", &mut out);
        assert!(out.iter().next().unwrap().help.contains("`Keys` is not a setting of DynamoDB"), "{out}");
    }
}
