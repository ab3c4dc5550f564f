//! Synthesis: the CloudFormation template, resource by resource, in the reference's order
//! (serverless-template-core.md §10): deployment bucket → log groups → execution role → layers →
//! operator role and capacity providers → functions → versions → the user's resources.

mod api_gateway_caching;
mod aws_alerts;
mod bucket;
mod canary_deployments;
mod capacity_provider;
mod cascade;
mod dynamodb_autoscaling;
mod function;
mod function_extras;
mod iam;
pub(crate) mod layers;
mod log_group;
mod plugins;
mod step_functions;
pub(crate) mod template;
mod user_resources;

use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::UserResources;
use crate::node::Node;
use crate::resolve::Resolved;
use crate::service_data::ServiceData;
use crate::validate::template::TemplateCheck;
use template::Template;

/// The template under construction. Each resource and output is final when added (merged with
/// the user's override of the same logical ID, checked, `null` properties stripped), so it is
/// written out as pretty JSON at once and never held as a tree: synthesis stays linear in time
/// and small in memory however large the service.
pub(crate) struct Doc<'a> {
    user: &'a UserResources,
    export_prefix: String,
    resources: Section,
    outputs: Section,
    check: TemplateCheck<'a>,
}

use crate::naming::IdSet;

/// One top-level section's entries, as JSON text at the template's indentation.
#[derive(Default)]
struct Section {
    text: String,
    ids: IdSet,
}

impl Section {
    fn write(&mut self, id: String, value: &Value) {
        self.key(&id);
        crate::json::write_value(&mut self.text, value, Some(2));
        self.ids.insert(id);
    }

    fn write_node(&mut self, id: String, node: &Node) {
        self.key(&id);
        node.write_pretty(&mut self.text, 2);
        self.ids.insert(id);
    }

    fn key(&mut self, id: &str) {
        self.text.push_str(if self.ids.is_empty() { "\n    " } else { ",\n    " });
        crate::json::write_string(&mut self.text, id);
        self.text.push_str(": ");
    }

    fn close(&mut self) -> &str {
        self.text.push_str(if self.ids.is_empty() { "}" } else { "\n  }" });
        &self.text
    }
}

impl<'a> Doc<'a> {
    fn new(r: &Resolved<'a>, capacity: usize) -> Self {
        let user = &r.config.resources;
        // The resources are by far the largest part: they are written straight after the
        // template's head, into the buffer that becomes the template, so it is never copied.
        let mut text = String::with_capacity(capacity);
        text.push_str("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Description\": ");
        let description = user.description.as_deref();
        crate::json::write_string(
            &mut text,
            description.unwrap_or("The AWS CloudFormation template for this Serverless application"),
        );
        text.push_str(",\n  \"Resources\": {");
        let mut doc = Doc {
            user,
            export_prefix: format!("sls-{}", r.prefix()),
            resources: Section {
                text,
                ids: IdSet::with_capacity_and_hasher(16 + 4 * r.functions.len(), Default::default()),
            },
            // About 350 bytes per function (its version's output).
            outputs: Section { text: String::with_capacity(1024 + 400 * r.functions.len()), ids: IdSet::default() },
            check: TemplateCheck::new(user),
        };
        // JavaScript lists array-index keys ("1", "42") before all others, whenever they were
        // added; only the user's own resources and outputs can have such IDs.
        for (id, value) in array_index_entries(&user.resources) {
            doc.add(id.clone(), value.clone());
        }
        for (id, value) in array_index_entries(&user.outputs) {
            doc.write_output(id.clone(), value.clone(), true);
        }
        doc
    }

    /// Adds a generated resource that holds values from the config (intrinsics the user wrote,
    /// which may point anywhere). Adding an existing ID again keeps the first (the shared
    /// operator role is added by every provider that uses it, always identical).
    pub fn add(&mut self, logical_id: String, resource: Value) {
        self.insert(logical_id, resource, true);
    }

    /// Adds a generated resource made of generated names and references only: unless the user
    /// overrides it, it cannot hold a `null` or a dangling reference, so it is not walked.
    pub fn add_generated(&mut self, logical_id: String, resource: Value) {
        self.insert(logical_id, resource, false);
    }

    /// [`Doc::add`] (`user_values`) or [`Doc::add_generated`] of a resource built as a [`Node`]:
    /// written straight from the node unless the user's `resources` override its logical ID (or
    /// it has a `null` to strip), when it goes the `Value` way to be merged.
    pub fn add_node(&mut self, logical_id: String, resource: Node, user_values: bool) {
        self.put_node(logical_id, resource, user_values, false);
    }

    /// [`Doc::add`] of an event's resource built as a [`Node`]: [`Doc::add_node`] with user
    /// values, and its `DependsOn` names checked as `add` checks them (a mapping depends on the
    /// function's role, which the user may name).
    pub fn add_event_node(&mut self, logical_id: String, resource: Node) {
        self.put_node(logical_id, resource, true, true);
    }

    fn put_node(&mut self, logical_id: String, resource: Node, user_values: bool, check_depends_on: bool) {
        if self.resources.ids.contains(&logical_id) {
            return;
        }
        let (has_null, has_user) = if user_values { resource.scan() } else { (false, false) };
        if has_null || self.user.resources.contains_key(&logical_id) || self.user.extensions.contains_key(&logical_id) {
            return self.insert(logical_id, resource.to_value(), user_values);
        }
        if let (true, Node::Obj(entries)) = (check_depends_on, &resource) {
            let ids = &self.resources.ids;
            let known = |n: &str| ids.contains(n);
            match entries.iter().find(|(k, _)| *k == "DependsOn").map(|(_, v)| v) {
                Some(Node::Str(name)) => self.check.depends_on(&logical_id, None, name, &known),
                Some(Node::Arr(names)) => {
                    for (i, name) in names.iter().enumerate() {
                        if let Node::Str(name) = name {
                            self.check.depends_on(&logical_id, Some(i), name, &known);
                        }
                    }
                }
                _ => {}
            }
        }
        if has_user {
            // Generated references point at resources added before; only the config's values
            // can dangle.
            let (ids, check) = (&self.resources.ids, &mut self.check);
            resource.visit_user(&mut Vec::new(), &mut |path, value| {
                check.value_at("Resources", &logical_id, path, value, &|n| ids.contains(n));
            });
        }
        self.resources.write_node(logical_id, &resource);
    }

    fn insert(&mut self, logical_id: String, mut resource: Value, user_values: bool) {
        if self.resources.ids.contains(&logical_id) {
            return;
        }
        let user = self.user.resources.get(&logical_id);
        if let Some(user) = user {
            user_resources::deep_merge(&mut resource, user);
        }
        let extension = self.user.extensions.get(&logical_id);
        if let Some(extension) = extension {
            user_resources::extend(&mut resource, extension);
        }
        let from_user = user.is_some() || extension.is_some();
        if user_values || from_user {
            user_resources::strip_null_properties(&mut resource);
            let ids = &self.resources.ids;
            self.check.item("Resources", &logical_id, &resource, from_user, &|n| ids.contains(n));
        }
        self.resources.write(logical_id, &resource);
    }

    /// Adds a generated output, with its export name `sls-<service>-<stage>-<key>`.
    pub fn add_output(&mut self, key: String, mut output: Value) {
        if let Some(o) = output.as_object_mut() {
            o.entry("Export").or_insert_with(|| json!({ "Name": format!("{}-{key}", self.export_prefix) }));
        }
        self.add_unexported_output(key, output);
    }

    /// Adds a generated output as it is (a plugin's have no export name); the user's output of
    /// the same key is merged over it.
    pub fn add_unexported_output(&mut self, key: String, mut output: Value) {
        match self.user.outputs.get(&key) {
            Some(user) => {
                user_resources::deep_merge(&mut output, user);
                self.write_output(key, output, true);
            }
            // Generated outputs reference generated resources only.
            None if !self.outputs.ids.contains(&key) => self.outputs.write(key, &output),
            None => {}
        }
    }

    /// [`Doc::add_output`] of an output built as a [`Node`] (of generated references only).
    pub fn add_output_node(&mut self, key: String, mut output: Node) {
        if self.user.outputs.contains_key(&key) {
            return self.add_output(key, output.to_value());
        }
        if self.outputs.ids.contains(&key) {
            return;
        }
        if let Node::Obj(entries) = &mut output {
            // `concat` rather than `format!`: this runs for every function.
            let name = [self.export_prefix.as_str(), "-", &key].concat();
            entries.push(("Export", Node::Obj(vec![("Name", Node::string(name))])));
        }
        self.outputs.write_node(key, &output);
    }

    fn write_output(&mut self, key: String, output: Value, from_user: bool) {
        if self.outputs.ids.contains(&key) {
            return;
        }
        let ids = &self.resources.ids;
        self.check.item("Outputs", &key, &output, from_user, &|n| ids.contains(n));
        self.outputs.write(key, &output);
    }

    /// Appends the user's remaining resources and outputs and returns the template text, with
    /// the diagnostics of the template rules and the number of resources before the user's own.
    fn finish(mut self, enforce_limits: bool) -> (String, Diagnostics, usize) {
        let user = self.user;
        let generated = self.resources.ids.len();
        for (id, value) in &user.resources {
            if !self.resources.ids.contains(id) {
                let mut value = value.clone();
                if let Some(extension) = user.extensions.get(id) {
                    user_resources::extend(&mut value, extension);
                }
                user_resources::strip_null_properties(&mut value);
                let ids = &self.resources.ids;
                self.check.item("Resources", id, &value, true, &|n| ids.contains(n));
                self.resources.write(id.clone(), &value);
            }
        }
        for (key, value) in &user.outputs {
            self.write_output(key.clone(), value.clone(), true);
        }
        self.resources.close();
        let mut out = std::mem::take(&mut self.resources.text);
        out.push_str(",\n  \"Outputs\": {");
        out.push_str(self.outputs.close());
        for (name, section) in user.trailing_sections() {
            out.push_str(",\n  ");
            crate::json::write_string(&mut out, name);
            out.push_str(": ");
            crate::json::write_value(&mut out, &section, Some(1));
        }
        out.push_str("\n}");
        let body = (out.len(), out.matches("{{resolve:").count());
        let diagnostics = self.check.finish(&self.resources.ids, self.outputs.ids.len(), enforce_limits, body);
        (out, diagnostics, generated)
    }
}

/// The entries of a user section whose IDs are array indexes, in numeric order.
fn array_index_entries(section: &indexmap::IndexMap<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    crate::naming::js_key_order(section.keys().map(String::as_str))
        .into_iter()
        .map(|i| section.get_index(i).expect("index of a key"))
        .take_while(|(id, _)| crate::naming::is_array_index(id))
}

pub(crate) fn synth(service: &ServiceData) -> Result<Template, Diagnostics> {
    build(service, true)
}

/// Every diagnostic synthesis would report, without reading artifacts (their hashes are
/// placeholders), e.g. for `service!` at compile time or a `validate` command.
pub(crate) fn check(service: &ServiceData) -> Diagnostics {
    match build(service, false) {
        Ok(template) => template.warnings,
        Err(diagnostics) => diagnostics,
    }
}

/// [`build_template`], its diagnostics at the places the user wrote (serverless-lift's workers).
fn build(service: &ServiceData, read_artifacts: bool) -> Result<Template, Diagnostics> {
    let as_written = |d| crate::plugins::as_written(d, &service.origins);
    match build_template(service, read_artifacts) {
        Ok(mut template) => {
            template.warnings = as_written(std::mem::take(&mut template.warnings));
            Ok(template)
        }
        Err(diagnostics) => Err(as_written(diagnostics)),
    }
}

fn build_template(service: &ServiceData, read_artifacts: bool) -> Result<Template, Diagnostics> {
    let r = Resolved::new(&service.config);
    let prior = match service.deferred.has_errors() {
        true => crate::validate::after_loading_errors(service.deferred.clone(), service),
        false => {
            let mut warnings = service.deferred.clone();
            warnings.extend(crate::validate::validate_resolved(&r));
            warnings
        }
    };
    let prior = service.with_key_severity(prior);
    if !prior.has_errors() {
        return assemble(service, &r, read_artifacts, prior);
    }
    // Values nested deeper than the limit cannot be walked safely (the template check recurses):
    // their error stands alone.
    if crate::validate::template::check_depth(&r.config.resources).has_errors() {
        return Err(prior);
    }
    // One run reports every independent error (issue 13): the artifact and template checks still
    // run on the rest of the config, and those of their errors that an earlier error may have
    // caused are left out.
    let later = assemble(service, &r, read_artifacts, Diagnostics::new()).err().unwrap_or_default();
    Err(cascade::merge(prior, later))
}

/// Synthesis proper, on a config whose rules passed (or, to find the errors independent of the
/// rules', on the rest of one whose rules failed); `diagnostics` holds the rules' warnings.
fn assemble(
    service: &ServiceData,
    r: &Resolved,
    read_artifacts: bool,
    mut diagnostics: Diagnostics,
) -> Result<Template, Diagnostics> {
    let build_time = match crate::artifact::build_time_millis(service.build_time_millis) {
        Ok(t) => t,
        Err(d) => {
            diagnostics.push(d);
            return Err(diagnostics);
        }
    };

    // About 2.3 KB of JSON per function; a good guess saves the copies of a growing buffer.
    // The events first: the execution role, written before the functions, carries the
    // statements they need.
    let events = crate::events::compile(r, build_time);
    let mut doc = Doc::new(r, 4096 + 2400 * r.functions.len());
    let bucket = bucket::add(&mut doc, r);
    log_group::add(&mut doc, r);
    iam::add_execution_role(&mut doc, r, &events);
    let mut code = function::Code::new(service, r, bucket, build_time, read_artifacts);
    let mut uploads = function::Uploads::default();
    let layers = layers::add(&mut doc, r, &mut code, &mut uploads, &mut diagnostics);
    capacity_provider::add(&mut doc, r);
    // A missing artifact does not hide the template's own errors: both are reported.
    let mut version_ids = Vec::new();
    let wanted = events.version_refs.then_some(&mut version_ids);
    let uploads = function::add(&mut doc, r, code, &layers, uploads, &mut diagnostics, wanted);
    // serverless-step-functions (`package:compileFunctions`, after the framework's functions).
    if let Some(sf) = &r.config.step_functions {
        let added = step_functions::functions_stage(r, sf);
        added.resources.into_iter().for_each(|(id, resource)| doc.add(id, resource));
        added.outputs.into_iter().for_each(|(key, output)| doc.add_output(key, output));
    }
    let version_id = |fn_key: &str| version_ids.iter().find(|(k, _)| *k == fn_key).map(|(_, id)| id.clone());
    for (id, mut resource) in events.resources {
        // Lambda@Edge associations and permissions name the versions, known only now.
        if let (true, crate::events::Resource::Value(value)) = (events.version_refs, &mut resource) {
            crate::events::cloud_front::resolve_version_refs(value, &version_id);
        }
        // Event names (authorizers, queues, rules) become part of logical IDs.
        if id.is_empty() || id.len() > 255 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_LOGICAL_ID,
                    "functions",
                    format!(
                        "an event produces the CloudFormation logical ID \"{id}\", which is not valid: logical IDs \
                         are 1 to 255 letters and digits"
                    ),
                )
                .with_help("rename the event's authorizer, queue, topic, rule or route name to letters and digits"),
            );
            continue;
        }
        match resource {
            crate::events::Resource::Value(resource) => doc.add(id, resource),
            crate::events::Resource::Node(resource) => doc.add_event_node(id, resource),
        }
    }
    // serverless-plugin-aws-alerts, serverless-step-functions and serverless-dynamodb-autoscaling
    // (`package:compileEvents`, after the framework's events), in the order `plugins` lists them.
    let position = |name: &str| r.config.plugins.iter().position(|p| p == name);
    let mut stages: Vec<(Option<usize>, &str)> = [
        crate::plugins::aws_alerts::AWS_ALERTS,
        crate::plugins::step_functions::STEP_FUNCTIONS,
        crate::plugins::dynamodb_autoscaling::DYNAMODB_AUTOSCALING,
    ]
    .map(|name| (position(name), name))
    .into();
    stages.sort_by_key(|(at, _)| *at);
    let settings = &r.config.plugin_settings;
    for (_, plugin) in stages {
        let resources = match plugin {
            crate::plugins::aws_alerts::AWS_ALERTS => match &settings.alerts {
                Some(alerts) => aws_alerts::resources(r, alerts).map_err(|d| vec![d]),
                None => continue,
            },
            crate::plugins::step_functions::STEP_FUNCTIONS => match &r.config.step_functions {
                Some(sf) => step_functions::events_stage(r, sf).map(|a| a.resources.into_iter().collect()),
                None => continue,
            },
            _ => match &settings.dynamodb_capacities {
                Some(capacities) => dynamodb_autoscaling::resources(r, capacities),
                None => continue,
            },
        };
        match resources {
            Ok(resources) => resources.into_iter().for_each(|(id, resource)| doc.add(id, resource)),
            Err(errors) => errors.into_iter().for_each(|d| diagnostics.push(d)),
        }
    }
    for (key, output) in events.outputs {
        doc.add_output(key, output);
    }
    plugins::add_outputs(&mut doc, r, &mut diagnostics);
    let (mut text, template_diagnostics, generated) = doc.finish(service.enforce_limits);
    diagnostics.extend(template_diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    if plugins::active(r) {
        match plugins::apply(r, &text, generated) {
            Ok(passed) => {
                text = passed.text;
                // What the passes added counts against CloudFormation's limits too.
                let body = (text.len(), text.matches("{{resolve:").count());
                let limits =
                    crate::validate::template::limits(passed.resources, passed.outputs, body, service.enforce_limits);
                for d in limits {
                    if !diagnostics.iter().any(|e| e.code == d.code) {
                        diagnostics.push(d);
                    }
                }
                if diagnostics.has_errors() {
                    return Err(diagnostics);
                }
            }
            Err(d) => {
                diagnostics.extend(d);
                return Err(diagnostics);
            }
        }
    }
    Ok(Template { json: text, value: OnceLock::new(), warnings: diagnostics, uploads })
}

/// An error about one function's artifact.
fn artifact_error(path: String, message: String) -> Diagnostic {
    Diagnostic::error(codes::ARTIFACT_ERROR, path, message)
        .with_help("give the artifact a shorter file name: the S3 key ends in it")
}
