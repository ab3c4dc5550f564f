//! Synthesis: the CloudFormation template, resource by resource, in the reference's order
//! (serverless-template-core.md §10): deployment bucket → log groups → execution role →
//! operator role and capacity providers → functions → versions → the user's resources.

mod bucket;
mod capacity_provider;
mod function;
mod iam;
mod log_group;
mod user_resources;

use serde_json::{Map, Value, json};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::resolve::Resolved;
use crate::service::{Service, Template};
use crate::validate::codes;

/// The template under construction.
pub(crate) struct Doc {
    pub resources: Map<String, Value>,
    pub outputs: Map<String, Value>,
}

impl Doc {
    /// Inserts a resource; an existing key keeps its position (as a JavaScript object would).
    pub fn add(&mut self, logical_id: String, resource: Value) {
        self.resources.insert(logical_id, resource);
    }
}

pub(crate) fn synth(service: &Service) -> Result<Template, Diagnostics> {
    build(service, true)
}

/// Every diagnostic synthesis would report, without reading artifacts (their hashes are
/// placeholders), e.g. for `service!` at compile time or a `validate` command.
pub(crate) fn check(service: &Service) -> Diagnostics {
    match build(service, false) {
        Ok(template) => template.warnings,
        Err(diagnostics) => diagnostics,
    }
}

fn build(service: &Service, read_artifacts: bool) -> Result<Template, Diagnostics> {
    if service.deferred.has_errors() {
        return Err(crate::validate::after_loading_errors(service.deferred.clone(), service));
    }
    let mut diagnostics = crate::validate::validate(service);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let r = Resolved::new(&service.config);
    let build_time = match crate::artifact::build_time_millis(service.build_time_millis) {
        Ok(t) => t,
        Err(d) => {
            diagnostics.push(d);
            return Err(diagnostics);
        }
    };

    let mut doc = Doc { resources: Map::new(), outputs: Map::new() };
    let bucket = bucket::add(&mut doc, &r);
    log_group::add(&mut doc, &r);
    iam::add_execution_role(&mut doc, &r);
    capacity_provider::add(&mut doc, &r);
    let code = function::Code::new(service, &r, bucket, build_time, read_artifacts);
    let uploads = function::add(&mut doc, &r, code, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    add_export_names(&mut doc, &r);

    let mut template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "The AWS CloudFormation template for this Serverless application",
        "Resources": Value::Object(doc.resources),
        "Outputs": Value::Object(doc.outputs),
    });
    user_resources::merge(&mut template, &service.config.resources);
    user_resources::strip_null_properties(&mut template);

    let text = crate::json::to_pretty_string(&template);
    diagnostics.extend(crate::validate::template::check_template(
        &template,
        &service.config.resources,
        service.enforce_limits,
        text.len(),
    ));
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(Template { value: template, json: text, warnings: diagnostics, uploads })
}

/// Every output gets `Export: {Name: sls-<service>-<stage>-<OutputKey>}` (before the user's
/// outputs are merged, so those keep exactly what the user wrote).
fn add_export_names(doc: &mut Doc, r: &Resolved) {
    let prefix = format!("sls-{}", r.prefix());
    for (key, output) in doc.outputs.iter_mut() {
        if let Some(o) = output.as_object_mut()
            && !o.contains_key("Export")
        {
            o.insert("Export".into(), json!({ "Name": format!("{prefix}-{key}") }));
        }
    }
}

/// An error about one function's artifact.
fn artifact_error(path: String, message: String) -> Diagnostic {
    Diagnostic::error(codes::ARTIFACT_ERROR, path, message)
        .with_help("build the zip first (e.g. `cargo lambda build --output-format zip`), or give its hash with Artifact::with_sha256")
}
