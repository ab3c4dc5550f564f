//! Template diff, as `cdk diff` shows it: resources added, removed and modified, the properties
//! that changed, and whether CloudFormation will replace the resource. Offline: it compares two
//! template trees.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::replacement::{UpdateType, update_type};

/// Whether an entry was added, removed or modified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Only in the new template.
    Added,
    /// Only in the old template.
    Removed,
    /// In both, different.
    Modified,
}

impl Kind {
    fn marker(self) -> &'static str {
        match self {
            Kind::Added => "[+]",
            Kind::Removed => "[-]",
            Kind::Modified => "[~]",
        }
    }
}

/// One changed value inside a modified resource or section entry.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyChange {
    /// Dotted path from the resource: `Properties.Code.S3Key`, `DependsOn`, `Type`.
    pub path: String,
    /// The old value (`None`: added).
    pub old: Option<Value>,
    /// The new value (`None`: removed).
    pub new: Option<Value>,
    /// What the change does to the resource.
    pub update: UpdateType,
}

/// One resource that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceChange {
    /// The logical ID.
    pub logical_id: String,
    /// The resource type (the new one when it changed).
    pub resource_type: String,
    /// Added, removed or modified.
    pub kind: Kind,
    /// The changed values (modified resources only).
    pub changes: Vec<PropertyChange>,
}

impl ResourceChange {
    /// What the update does to the resource: the strongest of its property changes
    /// ([`UpdateType::Immutable`] means CloudFormation replaces it).
    pub fn update(&self) -> UpdateType {
        self.changes.iter().map(|c| c.update).max().unwrap_or(UpdateType::Mutable)
    }
}

/// An entry of another section (`Outputs`, `Parameters`, `Conditions`, `Mappings`, ...) that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryChange {
    /// The section.
    pub section: String,
    /// The key inside it (empty for scalar sections such as `Description`).
    pub key: String,
    /// Added, removed or modified.
    pub kind: Kind,
    /// The old value.
    pub old: Option<Value>,
    /// The new value.
    pub new: Option<Value>,
}

/// The differences between two templates.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TemplateDiff {
    /// Resources, in the new template's order, then removed ones in the old template's order.
    pub resources: Vec<ResourceChange>,
    /// Every other section's entries.
    pub entries: Vec<EntryChange>,
}

impl TemplateDiff {
    /// No differences at all.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.entries.is_empty()
    }

    /// Human-readable text in `cdk diff`'s spirit, one block per section.
    ///
    /// ```
    /// use serde_json::json;
    /// use stackwright_cli::deploy::diff::diff;
    /// let old = json!({"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "a"}}}});
    /// let new = json!({"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "b"}}}});
    /// let text = diff(&old, &new).render();
    /// assert!(text.contains("[~] AWS::Lambda::Function Fn (replace)"));
    /// ```
    pub fn render(&self) -> String {
        let mut out = String::new();
        if self.is_empty() {
            out.push_str("There were no differences\n");
            return out;
        }
        if !self.resources.is_empty() {
            out.push_str("Resources\n");
            for r in &self.resources {
                let note = match (r.kind, r.update()) {
                    (Kind::Modified, UpdateType::Immutable) => " (replace)",
                    (Kind::Modified, UpdateType::Conditional) => " (may be replaced)",
                    (Kind::Modified, UpdateType::Unknown) => " (replacement unknown)",
                    _ => "",
                };
                let _ = writeln!(out, "{} {} {}{note}", r.kind.marker(), r.resource_type, r.logical_id);
                for c in &r.changes {
                    let note = match c.update {
                        UpdateType::Immutable => " (requires replacement)",
                        UpdateType::Conditional => " (may cause replacement)",
                        UpdateType::Mutable | UpdateType::Unknown => "",
                    };
                    let kind = match (&c.old, &c.new) {
                        (None, _) => Kind::Added,
                        (_, None) => Kind::Removed,
                        _ => Kind::Modified,
                    };
                    let _ = writeln!(out, "    {} {}{note}", kind.marker(), c.path);
                    write_values(&mut out, "        ", c.old.as_ref(), c.new.as_ref());
                }
            }
        }
        let mut section = "";
        for e in &self.entries {
            if e.section != section {
                section = &e.section;
                let _ = writeln!(out, "{section}");
            }
            let _ = writeln!(out, "{} {}", e.kind.marker(), if e.key.is_empty() { &e.section } else { &e.key });
            write_values(&mut out, "    ", e.old.as_ref(), e.new.as_ref());
        }
        let count = |k| self.resources.iter().filter(|r| r.kind == k).count();
        let replaced =
            self.resources.iter().filter(|r| r.kind == Kind::Modified && r.update() == UpdateType::Immutable).count();
        let _ = writeln!(
            out,
            "\n{} resource(s) added, {} removed, {} modified ({replaced} replaced); {} other change(s)",
            count(Kind::Added),
            count(Kind::Removed),
            count(Kind::Modified),
            self.entries.len()
        );
        out
    }
}

fn write_values(out: &mut String, indent: &str, old: Option<&Value>, new: Option<&Value>) {
    if let Some(old) = old {
        let _ = writeln!(out, "{indent}- {old}");
    }
    if let Some(new) = new {
        let _ = writeln!(out, "{indent}+ {new}");
    }
}

/// Compares two templates (`old`: deployed or given with `--against`, `new`: synthesized).
///
/// ```
/// use serde_json::json;
/// use stackwright_cli::deploy::{diff::diff, replacement::UpdateType};
/// let old = json!({"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 1024}}}});
/// let new = json!({"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 2048}}}});
/// let d = diff(&old, &new);
/// assert_eq!(d.resources[0].changes[0].path, "Properties.MemorySize");
/// assert_eq!(d.resources[0].update(), UpdateType::Mutable);
/// assert!(diff(&old, &old).is_empty());
/// ```
pub fn diff(old: &Value, new: &Value) -> TemplateDiff {
    let empty = Map::new();
    let section = |t: &'_ Value, name: &str| -> Map<String, Value> {
        t.get(name).and_then(Value::as_object).cloned().unwrap_or_else(|| empty.clone())
    };
    let old_resources = section(old, "Resources");
    let new_resources = section(new, "Resources");
    let mut resources = Vec::new();
    for (id, new_r) in &new_resources {
        let resource_type = type_of(new_r);
        match old_resources.get(id) {
            None => resources.push(ResourceChange {
                logical_id: id.clone(),
                resource_type,
                kind: Kind::Added,
                changes: Vec::new(),
            }),
            Some(old_r) if old_r != new_r => {
                let changes = resource_changes(&resource_type, old_r, new_r);
                resources.push(ResourceChange { logical_id: id.clone(), resource_type, kind: Kind::Modified, changes });
            }
            Some(_) => {}
        }
    }
    for (id, old_r) in &old_resources {
        if !new_resources.contains_key(id) {
            resources.push(ResourceChange {
                logical_id: id.clone(),
                resource_type: type_of(old_r),
                kind: Kind::Removed,
                changes: Vec::new(),
            });
        }
    }
    let mut entries = Vec::new();
    let mut sections: Vec<&String> = new.as_object().into_iter().flat_map(|o| o.keys()).collect();
    for key in old.as_object().into_iter().flat_map(|o| o.keys()) {
        if !sections.contains(&key) {
            sections.push(key);
        }
    }
    for name in sections.into_iter().filter(|s| *s != "Resources") {
        match (old.get(name), new.get(name)) {
            (Some(Value::Object(o)), Some(Value::Object(n))) => entries.extend(map_changes(name, o, n)),
            (Some(Value::Object(o)), None) => entries.extend(map_changes(name, o, &empty)),
            (None, Some(Value::Object(n))) => entries.extend(map_changes(name, &empty, n)),
            (o, n) if o != n => entries.push(EntryChange {
                section: name.clone(),
                key: String::new(),
                kind: kind_of(o, n),
                old: o.cloned(),
                new: n.cloned(),
            }),
            _ => {}
        }
    }
    TemplateDiff { resources, entries }
}

fn type_of(resource: &Value) -> String {
    resource.get("Type").and_then(Value::as_str).unwrap_or("?").to_string()
}

fn kind_of(old: Option<&Value>, new: Option<&Value>) -> Kind {
    match (old, new) {
        (None, _) => Kind::Added,
        (_, None) => Kind::Removed,
        _ => Kind::Modified,
    }
}

fn map_changes(section: &str, old: &Map<String, Value>, new: &Map<String, Value>) -> Vec<EntryChange> {
    let mut out = Vec::new();
    let entry = |key: &String, o: Option<&Value>, n: Option<&Value>| EntryChange {
        section: section.to_string(),
        key: key.clone(),
        kind: kind_of(o, n),
        old: o.cloned(),
        new: n.cloned(),
    };
    for (key, n) in new {
        let o = old.get(key);
        if o != Some(n) {
            out.push(entry(key, o, Some(n)));
        }
    }
    for (key, o) in old {
        if !new.contains_key(key) {
            out.push(entry(key, Some(o), None));
        }
    }
    out
}

/// The leaf changes of a modified resource, each rated by its top-level property's update type.
fn resource_changes(resource_type: &str, old: &Value, new: &Value) -> Vec<PropertyChange> {
    let mut raw = Vec::new();
    let (old_type, new_type) = (type_of(old), type_of(new));
    if old_type != new_type {
        raw.push(("Type".to_string(), Some(Value::String(old_type)), Some(Value::String(new_type))));
    }
    let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    let mut attributes = keys(new);
    attributes.extend(keys(old).into_iter().filter(|k| new.get(k).is_none()));
    for attribute in attributes.iter().filter(|a| *a != "Type") {
        leaf_changes(attribute, old.get(attribute), new.get(attribute), &mut raw);
    }
    raw.into_iter()
        .map(|(path, old, new)| {
            let update = match path.split('.').collect::<Vec<_>>().as_slice() {
                ["Type"] => UpdateType::Immutable,
                ["Properties", property, ..] => update_type(resource_type, property),
                // The whole Properties block appeared or vanished: rate each property in it.
                ["Properties"] => {
                    let props = old.as_ref().or(new.as_ref()).and_then(Value::as_object);
                    props
                        .map(|p| p.keys().map(|k| update_type(resource_type, k)).max().unwrap_or(UpdateType::Mutable))
                        .unwrap_or(UpdateType::Mutable)
                }
                // DependsOn, Condition, DeletionPolicy, Metadata: no replacement of their own.
                _ => UpdateType::Mutable,
            };
            PropertyChange { path, old, new, update }
        })
        .collect()
}

type RawChange = (String, Option<Value>, Option<Value>);

/// Recurses into objects present on both sides; anything else that differs is one change.
fn leaf_changes(path: &str, old: Option<&Value>, new: Option<&Value>, out: &mut Vec<RawChange>) {
    match (old, new) {
        (Some(Value::Object(o)), Some(Value::Object(n))) => {
            for (key, nv) in n {
                leaf_changes(&format!("{path}.{key}"), o.get(key), Some(nv), out);
            }
            for (key, ov) in o {
                if !n.contains_key(key) {
                    leaf_changes(&format!("{path}.{key}"), Some(ov), None, out);
                }
            }
        }
        (o, n) if o != n => out.push((path.to_string(), o.cloned(), n.cloned())),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_change_is_rated_by_its_top_level_property() {
        let old = json!({"Resources": {"Url": {"Type": "AWS::Lambda::Url", "Properties": {
            "TargetFunctionArn": {"Fn::GetAtt": ["A", "Arn"]}, "AuthType": "NONE"}}}});
        let new = json!({"Resources": {"Url": {"Type": "AWS::Lambda::Url", "Properties": {
            "TargetFunctionArn": {"Fn::GetAtt": ["B", "Arn"]}, "AuthType": "NONE"}}}});
        let d = diff(&old, &new);
        let change = &d.resources[0].changes[0];
        assert_eq!(change.path, "Properties.TargetFunctionArn.Fn::GetAtt");
        assert_eq!(change.update, UpdateType::Immutable);
    }

    #[test]
    fn type_change_replaces_and_outputs_are_listed() {
        let old = json!({"Resources": {"X": {"Type": "AWS::SQS::Queue"}}, "Outputs": {"A": {"Value": 1}}});
        let new = json!({"Resources": {"X": {"Type": "AWS::SNS::Topic"}}, "Outputs": {"B": {"Value": 1}}});
        let d = diff(&old, &new);
        assert_eq!(d.resources[0].update(), UpdateType::Immutable);
        let kinds: Vec<_> = d.entries.iter().map(|e| (e.key.as_str(), e.kind)).collect();
        assert_eq!(kinds, [("B", Kind::Added), ("A", Kind::Removed)]);
        assert!(d.render().contains("[+] B"));
    }
}
