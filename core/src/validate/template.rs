//! Rules on the synthesized template: CloudFormation's size limits and dangling references.

use std::collections::HashSet;

use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{UserResources, sub_placeholders};

use super::function::PSEUDO_PARAMETERS;
use crate::codes;
use crate::config_path::Seg;
use crate::json::{MAX_VALUE_DEPTH, too_deep};

/// CloudFormation: at most 500 resources per template.
const MAX_RESOURCES: usize = 500;
/// CloudFormation: at most 200 outputs per template.
const MAX_OUTPUTS: usize = 200;
/// CloudFormation: at most 1 MB of template body (via S3).
const MAX_BODY_BYTES: usize = 1_000_000;
/// CloudFormation: at most 60 dynamic references (`{{resolve:...}}`) per template.
const MAX_DYNAMIC_REFERENCES: usize = 60;

/// CloudFormation's limits on a template of `resources` resources and `outputs` outputs, whose
/// body is `body_len` bytes with `dynamic_references` dynamic references: errors, or warnings
/// when they are not enforced (`--no-limits`).
pub(crate) fn limits(
    resources: usize,
    outputs: usize,
    (body_len, dynamic_references): (usize, usize),
    enforce_limits: bool,
) -> Diagnostics {
    let mut out = Diagnostics::new();
    let limit = |code: &'static str, path: &str, message: String, help: &str| {
        let d = if enforce_limits {
            Diagnostic::error(code, path, message)
        } else {
            Diagnostic::warning(code, path, message)
        };
        d.with_help(help)
    };
    if resources > MAX_RESOURCES {
        out.push(limit(
            codes::TEMPLATE_TOO_MANY_RESOURCES,
            "Resources",
            format!(
                "The template has {} resources; CloudFormation allows at most {MAX_RESOURCES} per stack.",
                resources
            ),
            "Split the service into several services (stacks), or reduce the functions per service.",
        ));
    }
    if outputs > MAX_OUTPUTS {
        out.push(limit(
            codes::TEMPLATE_TOO_MANY_OUTPUTS,
            "Outputs",
            format!("The template has {outputs} outputs; CloudFormation allows at most {MAX_OUTPUTS} per stack."),
            "Split the service, or disable versionFunctions to drop the per-function version outputs.",
        ));
    }
    if body_len > MAX_BODY_BYTES {
        out.push(limit(
            codes::TEMPLATE_TOO_LARGE,
            "",
            format!("The template body is {body_len} bytes; CloudFormation allows at most {MAX_BODY_BYTES} bytes."),
            "Split the service into several services (stacks).",
        ));
    }
    if dynamic_references > MAX_DYNAMIC_REFERENCES {
        out.push(limit(
            codes::TEMPLATE_TOO_MANY_DYNAMIC_REFERENCES,
            "",
            format!(
                "The template has {dynamic_references} dynamic references (`{{{{resolve:...}}}}`); CloudFormation \
                 allows at most {MAX_DYNAMIC_REFERENCES} per stack."
            ),
            "Give values for some of the `${ssm:...}` variables (`--value`, `--values FILE`) so that they are \
             written as text, or move them from `provider.environment` (copied into every function) to the \
             functions that need them.",
        ));
    }
    out
}

/// Checks a synthesized `template` as a whole, see [`TemplateCheck`].
#[cfg(test)]
pub(crate) fn check_template(
    template: &Value,
    user: &UserResources,
    enforce_limits: bool,
    body_len: usize,
) -> Diagnostics {
    let empty = Map::new();
    let section = |name: &str| template.get(name).and_then(Value::as_object).unwrap_or(&empty);
    let resources = section("Resources");
    // Parameters, conditions and mappings only ever come from the user.
    let mut user = user.clone();
    let copy = |name: &str| section(name).iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    user.parameters = copy("Parameters");
    user.conditions = copy("Conditions");
    user.mappings = copy("Mappings");
    let user = &user;
    let mut check = TemplateCheck::new(user);
    for (sec, items, user_items) in
        [("Resources", resources, &user.resources), ("Outputs", section("Outputs"), &user.outputs)]
    {
        for (id, item) in items {
            check.item(sec, id, item, user_items.contains_key(id.as_str()), &|_| false);
        }
    }
    let ids: crate::naming::IdSet = resources.keys().cloned().collect();
    check.finish(&ids, section("Outputs").len(), enforce_limits, (body_len, 0))
}

/// Rules on a synthesized template, fed one resource or output at a time so that synthesis can
/// stream the template out: CloudFormation's limits (errors when enforced, else warnings) and
/// that every `Ref`, `Fn::GetAtt`, `Fn::Sub` placeholder, `Fn::If`/`Condition`, `DependsOn` and
/// `Fn::FindInMap` points at something that exists.
pub(crate) struct TemplateCheck<'u> {
    user: &'u UserResources,
    /// References not (yet) known to resolve, with their diagnostic paths.
    pending: Vec<(FoundKind, String, String)>,
    /// What [`super::resource_properties`] found on the resources the user wrote.
    found: Diagnostics,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FoundKind {
    Ref,
    SubRef,
    GetAtt,
    DependsOn,
    Condition,
    Map,
    Malformed,
    Mixed,
    ConditionShape,
}

impl<'u> TemplateCheck<'u> {
    pub(crate) fn new(user: &'u UserResources) -> Self {
        TemplateCheck { user, pending: Vec::new(), found: Diagnostics::new() }
    }

    /// Records the references of one resource (`section` "Resources") or output ("Outputs");
    /// `from_user` says whether it came from (or was merged with) the user's `resources`.
    /// `known_resource(id)` may say that a resource exists already, so the reference needs no
    /// record.
    pub(crate) fn item(
        &mut self,
        section: &str,
        id: &str,
        item: &Value,
        from_user: bool,
        known_resource: &dyn Fn(&str) -> bool,
    ) {
        let prefix = if from_user { "resources." } else { "" };
        if from_user && section == "Resources" {
            super::resource_properties::check(id, item, self.user, &mut self.found);
        }
        let (user, pending) = (self.user, &mut self.pending);
        let mut sink = |f: Found<'_>, p: &[Seg<'_>]| record(user, pending, prefix, known_resource, f, p);
        let mut path = vec![Seg::Key(section), Seg::Key(id)];
        match item.get("Condition") {
            Some(Value::String(c)) => {
                path.push(Seg::Key("Condition"));
                sink(Found::Condition(c), &path);
                path.pop();
            }
            Some(Value::Null) | None => {}
            Some(_) => {
                path.push(Seg::Key("Condition"));
                sink(Found::ConditionShape, &path);
                path.pop();
            }
        }
        if section == "Resources" {
            match item.get("DependsOn") {
                Some(Value::String(d)) => {
                    path.push(Seg::Key("DependsOn"));
                    sink(Found::DependsOn(d), &path);
                    path.pop();
                }
                Some(Value::Array(ds)) => {
                    for (i, d) in ds.iter().enumerate() {
                        if let Value::String(d) = d {
                            path.extend([Seg::Key("DependsOn"), Seg::Index(i)]);
                            sink(Found::DependsOn(d), &path);
                            path.truncate(2);
                        }
                    }
                }
                _ => {}
            }
        }
        match item {
            Value::Object(map) => {
                for (k, v) in map {
                    if k == "Metadata" || k == "Condition" || k == "DependsOn" {
                        continue;
                    }
                    path.push(Seg::Key(k));
                    walk(v, false, &mut path, &mut sink);
                    path.pop();
                }
            }
            other => walk(other, false, &mut path, &mut sink),
        }
    }

    /// Records one `DependsOn` name (at `index` when it is a list) of the generated resource
    /// `id`, as [`TemplateCheck::item`] does.
    pub(crate) fn depends_on(
        &mut self,
        id: &str,
        index: Option<usize>,
        name: &str,
        known_resource: &dyn Fn(&str) -> bool,
    ) {
        let mut path = vec![Seg::Key("Resources"), Seg::Key(id), Seg::Key("DependsOn")];
        path.extend(index.map(Seg::Index));
        record(self.user, &mut self.pending, "", known_resource, Found::DependsOn(name), &path);
    }

    /// Records the references inside `value`, a value from the config that synthesis put at
    /// `path` inside the generated resource (`section` "Resources") or output ("Outputs") `id`:
    /// the part of [`TemplateCheck::item`] that can find anything in a generated item whose own
    /// references all point at generated resources.
    pub(crate) fn value_at(
        &mut self,
        section: &str,
        id: &str,
        path: &[Seg<'_>],
        value: &Value,
        known_resource: &dyn Fn(&str) -> bool,
    ) {
        let (user, pending) = (self.user, &mut self.pending);
        let mut sink = |f: Found<'_>, p: &[Seg<'_>]| record(user, pending, "", known_resource, f, p);
        let mut full = Vec::with_capacity(2 + path.len());
        full.extend([Seg::Key(section), Seg::Key(id)]);
        full.extend_from_slice(path);
        walk(value, false, &mut full, &mut sink);
    }

    /// The diagnostics, once every resource and output was recorded: `resources` are all the
    /// template's resource IDs, `outputs` their count, `body_len` the serialized size.
    pub(crate) fn finish(
        mut self,
        resources: &crate::naming::IdSet,
        outputs: usize,
        enforce_limits: bool,
        (body_len, dynamic_references): (usize, usize),
    ) -> Diagnostics {
        let mut out = std::mem::take(&mut self.found);
        out.extend(limits(resources.len(), outputs, (body_len, dynamic_references), enforce_limits));

        // The user's conditions may refer to each other and to parameters.
        let user = self.user;
        for id in user.extensions.keys().filter(|id| !resources.contains(id.as_str())) {
            out.push(
                Diagnostic::error(
                    codes::RESOURCE_EXTENSION_NOT_EXISTING,
                    crate::config_path::join("resources.extensions", id),
                    format!("Cannot extend \"{id}\" resource, as it's not found in generated stack"),
                )
                .with_help(
                    match crate::diagnostics::did_you_mean(id, resources.iter().map(String::as_str)) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "extend a resource of the template: a generated one (`<Function>LambdaFunction`, \
                             `<Function>LogGroup`, `IamRoleLambdaExecution`, ...) or one of `resources.Resources`"
                            .to_string(),
                    },
                ),
            );
        }
        for (id, condition) in &user.conditions {
            let mut path = vec![Seg::Key("Conditions"), Seg::Key(id.as_str())];
            let pending = &mut self.pending;
            let mut sink =
                |f: Found<'_>, p: &[Seg<'_>]| pending.push((f.kind(), f.label(), format_path("resources.", p)));
            walk(condition, true, &mut path, &mut sink);
        }

        let parameters = &user.parameters;
        for (kind, name, path) in std::mem::take(&mut self.pending) {
            let name = name.as_str();
            let is_resource = resources.contains(name);
            let resolved = match kind {
                FoundKind::Ref | FoundKind::SubRef => {
                    is_resource || parameters.contains_key(name) || PSEUDO_PARAMETERS.contains(&name)
                }
                FoundKind::GetAtt | FoundKind::DependsOn => is_resource,
                FoundKind::Condition => user.conditions.contains_key(name),
                FoundKind::Map => user.mappings.contains_key(name),
                FoundKind::Malformed | FoundKind::Mixed | FoundKind::ConditionShape => false,
            };
            if resolved {
                continue;
            }
            // Only a dangling reference pays for the message and the "did you mean" candidates.
            let ids = || resources.iter().map(String::as_str);
            let (what, candidates): (String, Vec<&str>) = match kind {
                FoundKind::Ref => (
                    format!(
                        "Ref to \"{name}\", which is not a resource, parameter or pseudo parameter of the template"
                    ),
                    ids().chain(parameters.keys().map(String::as_str)).collect(),
                ),
                FoundKind::SubRef => (
                    format!(
                        "Fn::Sub placeholder ${{{name}}}, which is not a resource, parameter or pseudo parameter of \
                         the template (nor a variable of the Fn::Sub)"
                    ),
                    ids().chain(parameters.keys().map(String::as_str)).collect(),
                ),
                FoundKind::GetAtt => {
                    (format!("Fn::GetAtt of \"{name}\", which is not a resource of the template"), ids().collect())
                }
                FoundKind::DependsOn => {
                    (format!("DependsOn \"{name}\", which is not a resource of the template"), ids().collect())
                }
                FoundKind::Condition => (
                    format!("condition \"{name}\", which is not defined in Conditions"),
                    user.conditions.keys().map(String::as_str).collect(),
                ),
                FoundKind::Map => (
                    format!("Fn::FindInMap of mapping \"{name}\", which is not defined in Mappings"),
                    user.mappings.keys().map(String::as_str).collect(),
                ),
                FoundKind::Malformed => {
                    out.push(
                        Diagnostic::error(
                            codes::CONFIG_INVALID_VALUE,
                            path,
                            format!("{name} with an argument CloudFormation rejects: {}.", intrinsic_shape(name)),
                        )
                        .with_help(format!("write it as {}", intrinsic_shape(name))),
                    );
                    continue;
                }
                FoundKind::ConditionShape => {
                    out.push(
                        Diagnostic::error(
                            codes::CONFIG_INVALID_VALUE,
                            path,
                            "`Condition` must name a condition (a string): CloudFormation takes no intrinsic function \
                             there",
                        )
                        .with_help(
                            "define the condition under `resources.Conditions` (`IsDeployed: {Fn::Not: [...]}`) and \
                             write its name: `Condition: IsDeployed`",
                        ),
                    );
                    continue;
                }
                FoundKind::Mixed => {
                    out.push(
                        Diagnostic::error(
                            codes::CONFIG_INVALID_VALUE,
                            path,
                            format!(
                                "an object with the keys {name}: CloudFormation takes an intrinsic function (`Ref`, \
                                 `Fn::...`) only as the single key of an object"
                            ),
                        )
                        .with_help(
                            "keep one key in the object; when it is your `resources` entry merged over the one \
                             stackwright generates under the same name (the reference merges them key by key, so \
                             your value and the generated one end up side by side), leave that key out of yours or \
                             give your entry another name",
                        ),
                    );
                    continue;
                }
            };
            let help = match did_you_mean(name, candidates) {
                Some(c) => format!("Did you mean \"{c}\"?"),
                None => {
                    "Define it under resources (Resources, Parameters, Conditions or Mappings), or fix the name.".into()
                }
            };
            out.push(Diagnostic::error(codes::UNRESOLVED_REFERENCE, path, format!("{what}.")).with_help(help));
        }
        out
    }
}

/// An error for every user value nested deeper than [`MAX_VALUE_DEPTH`](crate::json::MAX_VALUE_DEPTH) (model path; the JSON
/// loader drops such values with the same error before copying them).
pub(crate) fn check_depth(user: &UserResources) -> Diagnostics {
    let mut out = Diagnostics::new();
    for (section, items) in [
        ("Resources", &user.resources),
        ("Outputs", &user.outputs),
        ("Conditions", &user.conditions),
        ("Parameters", &user.parameters),
        ("Mappings", &user.mappings),
    ] {
        for (id, v) in items {
            if too_deep(v, MAX_VALUE_DEPTH) {
                out.push(depth_error(&format!("resources.{section}.{id}")));
            }
        }
    }
    out
}

/// An error for every intrinsic function (`Ref`, `Fn::...`) in the user's `Parameters` and
/// `Mappings`, which CloudFormation takes as literal values only (and rejects the template);
/// they are copied into the template as written, without the checks resources get.
pub(crate) fn check_static_sections(user: &UserResources) -> Diagnostics {
    fn walk(v: &Value, path: &str, section: &str, out: &mut Diagnostics) {
        match v {
            Value::Object(map) => {
                if let Some(key) = map.keys().find(|k| *k == "Ref" || k.starts_with("Fn::")).filter(|_| map.len() == 1)
                {
                    out.push(
                        Diagnostic::error(
                            codes::CONFIG_INVALID_VALUE,
                            path,
                            format!("`{key}` in `{section}`: CloudFormation allows no intrinsic functions there"),
                        )
                        .with_help(format!("write the literal value in `{section}`")),
                    );
                    return;
                }
                for (k, child) in map {
                    walk(child, &crate::config_path::join(path, k), section, out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &crate::config_path::index(path, i), section, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Diagnostics::new();
    for (section, items) in [("Parameters", &user.parameters), ("Mappings", &user.mappings)] {
        for (id, v) in items {
            let path = crate::config_path::join(&format!("resources.{section}"), id);
            walk(v, &path, section, &mut out);
        }
    }
    out
}

/// `CONFIG_INVALID_VALUE`: nesting deeper than [`MAX_VALUE_DEPTH`](crate::json::MAX_VALUE_DEPTH).
pub(crate) fn depth_error(path: &str) -> Diagnostic {
    Diagnostic::error(codes::CONFIG_INVALID_VALUE, path, format!("nesting deeper than {MAX_VALUE_DEPTH} levels"))
        .with_help("Flatten the value; CloudFormation templates never need this much nesting.")
}

/// Every `Ref` / `Fn::GetAtt` / `Fn::Sub` target in the user's own resources and outputs.
pub(super) fn referenced_names(user: &UserResources) -> HashSet<&str> {
    let mut names = HashSet::new();
    let mut path = Vec::new();
    let mut sink = |f, _: &[Seg<'_>]| match f {
        Found::Ref(n) | Found::SubRef(n) | Found::GetAtt(n) | Found::DependsOn(n) => {
            names.insert(n);
        }
        Found::Condition(_) | Found::Map(_) | Found::Malformed(_) | Found::Mixed(_) | Found::ConditionShape => {}
    };
    for v in user.resources.values().chain(user.outputs.values()) {
        walk(v, false, &mut path, &mut sink);
    }
    names
}

#[derive(Clone, Copy)]
enum Found<'a> {
    Ref(&'a str),
    SubRef(&'a str),
    GetAtt(&'a str),
    DependsOn(&'a str),
    Condition(&'a str),
    Map(&'a str),
    /// An intrinsic function (its key) whose argument has a shape CloudFormation rejects.
    Malformed(&'a str),
    /// An object with an intrinsic function's key and other keys.
    Mixed(&'a Map<String, Value>),
    /// A resource's or output's `Condition` that is not a condition's name.
    ConditionShape,
}

impl<'a> Found<'a> {
    fn kind(self) -> FoundKind {
        match self {
            Found::Ref(_) => FoundKind::Ref,
            Found::SubRef(_) => FoundKind::SubRef,
            Found::GetAtt(_) => FoundKind::GetAtt,
            Found::DependsOn(_) => FoundKind::DependsOn,
            Found::Condition(_) => FoundKind::Condition,
            Found::Map(_) => FoundKind::Map,
            Found::Malformed(_) => FoundKind::Malformed,
            Found::Mixed(_) => FoundKind::Mixed,
            Found::ConditionShape => FoundKind::ConditionShape,
        }
    }

    fn name(self) -> &'a str {
        match self {
            Found::Ref(n)
            | Found::SubRef(n)
            | Found::GetAtt(n)
            | Found::DependsOn(n)
            | Found::Condition(n)
            | Found::Map(n)
            | Found::Malformed(n) => n,
            Found::Mixed(_) | Found::ConditionShape => "",
        }
    }

    /// What the diagnostic names: the reference's target, or a mixed object's keys.
    fn label(self) -> String {
        match self {
            Found::Mixed(map) => {
                let keys: Vec<String> = map.keys().map(|k| format!("`{k}`")).collect();
                keys.join(", ")
            }
            other => other.name().to_owned(),
        }
    }
}

/// Keeps a reference found in a resource or output unless it is known to resolve already.
fn record(
    user: &UserResources,
    pending: &mut Vec<(FoundKind, String, String)>,
    prefix: &str,
    known_resource: &dyn Fn(&str) -> bool,
    f: Found<'_>,
    path: &[Seg<'_>],
) {
    let resolved = match f {
        Found::Ref(n) | Found::SubRef(n) => {
            known_resource(n) || user.parameters.contains_key(n) || PSEUDO_PARAMETERS.contains(&n)
        }
        Found::GetAtt(n) | Found::DependsOn(n) => known_resource(n),
        Found::Condition(n) => user.conditions.contains_key(n),
        Found::Map(n) => user.mappings.contains_key(n),
        Found::Malformed(_) | Found::Mixed(_) | Found::ConditionShape => false,
    };
    if !resolved {
        pending.push((f.kind(), f.label(), format_path(prefix, path)));
    }
}

fn format_path(prefix: &str, path: &[Seg<'_>]) -> String {
    let mut p = String::from(prefix);
    for (i, seg) in path.iter().enumerate() {
        match seg {
            Seg::Key(k) => {
                if i > 0 {
                    p.push('.');
                }
                p.push_str(k);
            }
            Seg::Index(n) => {
                let _ = write!(p, "[{n}]");
            }
        }
    }
    p
}

/// Calls `sink` for every reference inside `v` (with the path of the intrinsic's object).
fn walk<'a>(v: &'a Value, in_conditions: bool, path: &mut Vec<Seg<'a>>, sink: &mut dyn FnMut(Found<'a>, &[Seg<'a>])) {
    match v {
        Value::Object(map) => {
            if map.len() == 1 {
                let (k, arg) = map.iter().next().expect("one entry");
                match (k.as_str(), arg) {
                    ("Ref", Value::String(n)) => sink(Found::Ref(n), path),
                    ("Fn::GetAtt", Value::Array(a)) => {
                        if let Some(Value::String(n)) = a.first() {
                            sink(Found::GetAtt(n), path);
                        }
                    }
                    ("Fn::GetAtt", Value::String(s)) => {
                        sink(Found::GetAtt(s.split_once('.').map_or(s.as_str(), |(r, _)| r)), path);
                    }
                    ("Fn::Sub", Value::String(s)) => sub(s, None, path, sink),
                    ("Fn::Sub", Value::Array(a)) => {
                        if let Some(Value::String(s)) = a.first() {
                            sub(s, a.get(1).and_then(Value::as_object), path, sink);
                        }
                    }
                    ("Fn::If", Value::Array(a)) => {
                        if let Some(Value::String(c)) = a.first() {
                            sink(Found::Condition(c), path);
                        }
                    }
                    ("Fn::FindInMap", Value::Array(a)) => {
                        if let Some(Value::String(m)) = a.first() {
                            sink(Found::Map(m), path);
                        }
                    }
                    ("Condition", Value::String(c)) if in_conditions => sink(Found::Condition(c), path),
                    ("Ref" | "Fn::GetAtt" | "Fn::Sub", arg) if !well_formed(k, arg) => sink(Found::Malformed(k), path),
                    (_, Value::Null) if crate::reader::is_intrinsic_key(k) => sink(Found::Malformed(k), path),
                    _ => {}
                }
            } else if map.keys().any(|k| {
                // `Fn::Transform` (`AWS::Include`) and the language extension's `Fn::ForEach::<name>`
                // sit beside other keys by design.
                crate::reader::is_intrinsic_key(k) && k != "Fn::Transform" && !k.starts_with("Fn::ForEach")
            }) {
                sink(Found::Mixed(map), path);
            }
            for (k, child) in map {
                path.push(Seg::Key(k));
                walk(child, in_conditions, path, sink);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                walk(child, in_conditions, path, sink);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Whether the argument of `Ref`, `Fn::GetAtt` or `Fn::Sub` has a shape CloudFormation accepts
/// (values the loader passes through verbatim, such as an EventBridge pattern, can hold any).
fn well_formed(key: &str, arg: &Value) -> bool {
    match (key, arg) {
        ("Ref", Value::String(_)) => true,
        ("Fn::GetAtt", Value::String(s)) => s.contains('.'),
        ("Fn::GetAtt", Value::Array(a)) => a.len() == 2 && a[0].is_string(),
        ("Fn::Sub", Value::String(_)) => true,
        ("Fn::Sub", Value::Array(a)) => a.len() == 2 && a[0].is_string() && a[1].is_object(),
        _ => false,
    }
}

/// The shape CloudFormation expects for `key`'s argument.
fn intrinsic_shape(key: &str) -> &'static str {
    match key {
        "Ref" => "`{\"Ref\": \"LogicalId\"}` (a string)",
        "Fn::GetAtt" => "`{\"Fn::GetAtt\": [\"LogicalId\", \"Attribute\"]}` (or the string `\"LogicalId.Attribute\"`)",
        "Fn::Sub" => "`{\"Fn::Sub\": \"text with ${Name}\"}` or `{\"Fn::Sub\": [\"text\", {\"Name\": value}]}`",
        _ => "the function with its arguments (CloudFormation takes no `null` there)",
    }
}

fn sub<'a>(
    template: &'a str,
    vars: Option<&Map<String, Value>>,
    path: &[Seg<'a>],
    sink: &mut dyn FnMut(Found<'a>, &[Seg<'a>]),
) {
    for p in sub_placeholders(template) {
        if vars.is_some_and(|v| v.contains_key(p)) {
            continue;
        }
        match p.split_once('.') {
            Some((res, _)) => sink(Found::GetAtt(res), path),
            None => sink(Found::SubRef(p), path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn codes_of(d: &Diagnostics) -> Vec<(&str, &str)> {
        d.iter().map(|d| (d.code, d.path.as_str())).collect()
    }

    #[test]
    fn resolved_references_pass() {
        let t = json!({
            "Parameters": {"Env": {"Type": "String"}},
            "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}, "Both": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "IsProd"}]}},
            "Mappings": {"M": {"a": {"b": "c"}}},
            "Resources": {
                "A": {"Type": "AWS::S3::Bucket", "Condition": "IsProd", "DependsOn": ["B"],
                      "Properties": {"X": {"Fn::Sub": "${B}-${B.Arn}-${AWS::Region}-${!Literal}-${v}"},
                                     "Y": {"Fn::Sub": ["${v}", {"v": {"Ref": "Env"}}]},
                                     "Z": {"Fn::If": ["Both", {"Ref": "AWS::NoValue"}, {"Fn::FindInMap": ["M", "a", "b"]}]},
                                     "W": {"Fn::GetAtt": "B.Arn"}},
                      "Metadata": {"Ref": "Nothing"}},
                "B": {"Type": "AWS::S3::Bucket"}
            },
            "Outputs": {"O": {"Value": {"Fn::GetAtt": ["B", "Arn"]}, "Condition": "IsProd"}}
        });
        let d = check_template(&t, &UserResources::default(), true, 10);
        // `${v}` without variables in X is unresolved; everything else resolves.
        assert_eq!(codes_of(&d), vec![(codes::UNRESOLVED_REFERENCE, "Resources.A.Properties.X")]);
    }

    #[test]
    fn dangling_references_reported_with_paths() {
        let mut user = UserResources::default();
        user.resources.insert("Mine".into(), json!({}));
        let t = json!({
            "Resources": {
                "Mine": {"Type": "AWS::SNS::Topic", "Condition": "Nope", "DependsOn": "Ghost",
                         "Properties": {"List": [{"Ref": "Missing"}, {"Fn::GetAtt": ["Gone", "Arn"]}]}},
                "Gen": {"Type": "X", "Properties": {"P": {"Fn::If": ["NoCond", 1, 2]}, "Q": {"Fn::FindInMap": ["NoMap", "a", "b"]}}}
            },
            "Outputs": {"O": {"Value": {"Fn::Sub": "${Missing2.Arn}"}}}
        });
        let d = check_template(&t, &user, true, 10);
        assert_eq!(
            codes_of(&d),
            vec![
                (codes::UNRESOLVED_REFERENCE, "resources.Resources.Mine.Condition"),
                (codes::UNRESOLVED_REFERENCE, "resources.Resources.Mine.DependsOn"),
                (codes::UNRESOLVED_REFERENCE, "resources.Resources.Mine.Properties.List[0]"),
                (codes::UNRESOLVED_REFERENCE, "resources.Resources.Mine.Properties.List[1]"),
                (codes::UNRESOLVED_REFERENCE, "Resources.Gen.Properties.P"),
                (codes::UNRESOLVED_REFERENCE, "Resources.Gen.Properties.Q"),
                (codes::UNRESOLVED_REFERENCE, "Outputs.O.Value"),
            ]
        );
        assert_eq!(
            d.iter().nth(2).unwrap().message,
            "Ref to \"Missing\", which is not a resource, parameter or pseudo parameter of the template."
        );
    }

    #[test]
    fn depth_is_measured_without_recursion() {
        let mut v = json!("x");
        assert!(!too_deep(&v, 0));
        for _ in 0..3 {
            v = Value::Array(vec![v]);
        }
        assert!(!too_deep(&v, 3));
        assert!(too_deep(&v, 2));
        let mut deep = json!(1);
        for _ in 0..100_000 {
            deep = Value::Array(vec![deep]);
        }
        assert!(too_deep(&deep, MAX_VALUE_DEPTH));
        std::mem::forget(deep); // dropping it would recurse 100 000 levels
    }

    #[test]
    fn limits_are_errors_or_warnings() {
        let mut resources = Map::new();
        for i in 0..501 {
            resources.insert(format!("R{i}"), json!({"Type": "AWS::SNS::Topic"}));
        }
        let mut outputs = Map::new();
        for i in 0..201 {
            outputs.insert(format!("O{i}"), json!({"Value": "x"}));
        }
        let t = json!({"Resources": resources, "Outputs": outputs});
        let d = check_template(&t, &UserResources::default(), true, 1_000_001);
        assert_eq!(d.errors().count(), 3);
        assert_eq!(
            d.find(codes::TEMPLATE_TOO_MANY_RESOURCES).unwrap().message,
            "The template has 501 resources; CloudFormation allows at most 500 per stack."
        );
        assert_eq!(
            d.find(codes::TEMPLATE_TOO_MANY_OUTPUTS).unwrap().message,
            "The template has 201 outputs; CloudFormation allows at most 200 per stack."
        );
        assert_eq!(
            d.find(codes::TEMPLATE_TOO_LARGE).unwrap().message,
            "The template body is 1000001 bytes; CloudFormation allows at most 1000000 bytes."
        );
        let w = check_template(&t, &UserResources::default(), false, 1_000_001);
        assert!(!w.has_errors());
        assert_eq!(w.warnings().count(), 3);
        let ok = check_template(&json!({"Resources": {}}), &UserResources::default(), true, 1_000_000);
        assert!(ok.is_empty());
    }

    #[test]
    fn intrinsics_in_parameters_and_mappings_are_errors() {
        let mut user = UserResources::default();
        user.parameters.insert("Env".into(), json!({"Type": "String", "Default": [{"Fn::GetAtt": 0}]}));
        user.mappings.insert("M".into(), json!({"a": {"b": {"Ref": "X"}}}));
        user.conditions.insert("C".into(), json!({"Fn::Equals": [{"Ref": "Env"}, "x"]}));
        let d = check_static_sections(&user);
        let got: Vec<(&str, &str)> = d.errors().map(|e| (e.path.as_str(), e.message.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    "resources.Parameters.Env.Default[0]",
                    "`Fn::GetAtt` in `Parameters`: CloudFormation allows no intrinsic functions there"
                ),
                ("resources.Mappings.M.a.b", "`Ref` in `Mappings`: CloudFormation allows no intrinsic functions there"),
            ]
        );
    }
}
