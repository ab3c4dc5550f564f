//! The CloudFormation and S3 calls behind deploy, info, diff and remove.

use std::collections::HashSet;
use std::fmt;

use aws_sdk_cloudformation::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cloudformation::types::{Capability, ChangeSetStatus, ChangeSetType, Stack};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{Delete, ObjectIdentifier};
use serde_json::{Map, Value};
use stackwright_core::{Service, Upload, UploadBucket};

use super::{BUCKET_ID, BUCKET_OUTPUT, BUCKET_POLICY_ID, DeployError, DeployOptions, Deployer, Reporter, aws_error};

/// CloudFormation's limit for an inline template body; larger ones go through S3.
const MAX_TEMPLATE_BODY: usize = 51_200;

/// One stack event, as the progress display and failure reports show it.
///
/// ```
/// use stackwright_cli::deploy::StackEvent;
/// let e = StackEvent {
///     timestamp: "2026-01-01T00:00:00Z".into(),
///     logical_id: "ApiLambdaFunction".into(),
///     resource_type: "AWS::Lambda::Function".into(),
///     status: "UPDATE_FAILED".into(),
///     reason: Some("Resource handler returned message".into()),
/// };
/// assert!(e.is_failure());
/// assert!(e.to_string().ends_with("AWS::Lambda::Function ApiLambdaFunction: Resource handler returned message"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackEvent {
    /// ISO-8601 time.
    pub timestamp: String,
    /// The resource's logical ID (the stack's name for stack-level events).
    pub logical_id: String,
    /// The resource type.
    pub resource_type: String,
    /// e.g. `CREATE_IN_PROGRESS`, `UPDATE_FAILED`.
    pub status: String,
    /// CloudFormation's reason, when given.
    pub reason: Option<String>,
}

impl StackEvent {
    /// A failed resource operation.
    pub fn is_failure(&self) -> bool {
        self.status.ends_with("_FAILED")
    }
}

impl fmt::Display for StackEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<28} {} {}", self.status, self.resource_type, self.logical_id)?;
        if let Some(reason) = &self.reason {
            write!(f, ": {reason}")?;
        }
        Ok(())
    }
}

/// One resource change of a change set.
///
/// ```
/// use stackwright_cli::deploy::ChangeSummary;
/// let c = ChangeSummary {
///     action: "Modify".into(),
///     logical_id: "Cp".into(),
///     resource_type: "AWS::Lambda::CapacityProvider".into(),
///     replacement: Some("True".into()),
/// };
/// assert_eq!(c.to_string(), "[~] AWS::Lambda::CapacityProvider Cp (replace)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSummary {
    /// `Add`, `Modify`, `Remove`, ...
    pub action: String,
    /// The logical ID.
    pub logical_id: String,
    /// The resource type.
    pub resource_type: String,
    /// For `Modify`: `True`, `False` or `Conditional`.
    pub replacement: Option<String>,
}

impl fmt::Display for ChangeSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let marker = match self.action.as_str() {
            "Add" => "[+]",
            "Remove" => "[-]",
            _ => "[~]",
        };
        write!(f, "{marker} {} {}", self.resource_type, self.logical_id)?;
        match self.replacement.as_deref() {
            Some("True") => write!(f, " (replace)"),
            Some("Conditional") => write!(f, " (may be replaced)"),
            _ => Ok(()),
        }
    }
}

/// What a deploy did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeployOutcome {
    /// The stack name.
    pub stack: String,
    /// The keys uploaded.
    pub uploaded: Vec<String>,
    /// The keys already in the bucket (not uploaded again).
    pub skipped: Vec<String>,
    /// The change set's changes (empty: nothing to deploy).
    pub changes: Vec<ChangeSummary>,
    /// The change set's name, when one was created and kept (`execute: false`).
    pub change_set: Option<String>,
    /// The change set was executed.
    pub executed: bool,
    /// The stack's outputs after the deploy, in CloudFormation's order.
    pub outputs: Vec<(String, String)>,
}

/// What `info` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackInfo {
    /// The stack name.
    pub stack: String,
    /// Its status.
    pub status: String,
    /// Its status reason.
    pub reason: Option<String>,
    /// Its outputs.
    pub outputs: Vec<(String, String)>,
    /// `(logical ID, type, physical ID)` of every resource.
    pub resources: Vec<(String, String, String)>,
}

impl StackInfo {
    /// The deployed Lambda functions: `(logical ID, function name)`.
    pub fn functions(&self) -> impl Iterator<Item = (&str, &str)> {
        self.resources.iter().filter(|(_, t, _)| t == "AWS::Lambda::Function").map(|(l, _, p)| (l.as_str(), p.as_str()))
    }

    /// The outputs that are endpoints: `ServiceEndpoint`, `HttpApiUrl`, function URLs, websockets.
    pub fn endpoints(&self) -> impl Iterator<Item = (&str, &str)> {
        self.outputs
            .iter()
            .filter(|(k, v)| (k.contains("Endpoint") || k.ends_with("Url")) && v.contains("://"))
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

fn outputs_of(stack: &Stack) -> Vec<(String, String)> {
    stack
        .outputs()
        .iter()
        .map(|o| (o.output_key().unwrap_or_default().to_string(), o.output_value().unwrap_or_default().to_string()))
        .collect()
}

/// What the reference does at package time for every layer (`compareWithLastLayer` in
/// compile/layers.js): when the deployed stack's `<Name>LambdaLayerHash` output equals the new
/// hash, the layer keeps the deployed `<Name>LambdaLayerS3Key` (in its resource and that output)
/// and its zip is not uploaded again, so CloudFormation publishes no new layer version. Returns
/// the template's text, its uploads and the reused layers. Synthesis itself stays offline: it
/// always writes the first deploy's form.
///
/// The two outputs are literal strings, so they are read from the deployed template's `Outputs`
/// (GetTemplate), which holds exactly what DescribeStacks reports for them.
fn reuse_deployed_layers(
    service: &Service,
    template: &stackwright_core::Template,
    deployed: Option<&Value>,
) -> (String, Vec<Upload>, Vec<String>) {
    let output = |id: &str| deployed?.get("Outputs")?.get(id)?.get("Value")?.as_str();
    let mut value = template.as_json().clone();
    let mut uploads = template.uploads().to_vec();
    let mut reused = Vec::new();
    for (key, layer) in &service.config().layers {
        let base = stackwright_core::naming::layer_logical_id(key);
        let (hash_id, s3_key_id) = (format!("{base}Hash"), format!("{base}S3Key"));
        let Some(hash) = value["Outputs"][&hash_id]["Value"].as_str().map(str::to_string) else { continue };
        let (Some(old_hash), Some(old_key)) = (output(&hash_id), output(&s3_key_id)) else { continue };
        if old_hash != hash {
            continue;
        }
        let new_key = std::mem::replace(&mut value["Outputs"][&s3_key_id]["Value"], Value::from(old_key));
        let id = if layer.retain == Some(true) { format!("{base}{hash}") } else { base };
        value["Resources"][&id]["Properties"]["Content"]["S3Key"] = Value::from(old_key);
        uploads.retain(|u| Some(u.key.as_str()) != new_key.as_str());
        reused.push(key.clone());
    }
    let json = match reused.is_empty() {
        true => template.json().to_string(),
        false => stackwright_core::json::to_pretty_string(&value),
    };
    (json, uploads, reused)
}

fn status_of(stack: &Stack) -> String {
    stack.stack_status().map(|s| s.as_str().to_string()).unwrap_or_default()
}

fn is_missing_stack<E: ProvideErrorMetadata, R>(e: &SdkError<E, R>) -> bool {
    e.as_service_error().and_then(|s| s.message()).is_some_and(|m| m.contains("does not exist"))
}

/// The `<millis>` of the artifact directory in the template's S3 keys
/// (`serverless/<service>/<stage>/<millis>-<iso>/<file>`), to re-synthesize with the same keys.
pub(crate) fn artifact_millis(template: &Value) -> Option<u64> {
    fn walk(v: &Value) -> Option<u64> {
        match v {
            Value::Object(o) => {
                if let Some(Value::String(key)) = o.get("S3Key") {
                    let dir = key.split('/').nth(3)?;
                    return dir.split('-').next()?.parse().ok();
                }
                o.values().find_map(walk)
            }
            Value::Array(a) => a.iter().find_map(walk),
            _ => None,
        }
    }
    walk(template.get("Resources")?)
}

/// The first deploy's template: the deployment bucket, its policy and the bucket-name output.
fn bucket_only(template: &Value) -> Value {
    let resources: Map<String, Value> = [BUCKET_ID, BUCKET_POLICY_ID]
        .iter()
        .filter_map(|id| Some((id.to_string(), template.pointer(&format!("/Resources/{id}"))?.clone())))
        .collect();
    let mut out = Map::new();
    if let Some(version) = template.get("AWSTemplateFormatVersion") {
        out.insert("AWSTemplateFormatVersion".into(), version.clone());
    }
    out.insert("Description".into(), Value::String("The deployment bucket of a stackwright service".into()));
    out.insert("Resources".into(), Value::Object(resources));
    if let Some(output) = template.pointer(&format!("/Outputs/{BUCKET_OUTPUT}")) {
        out.insert("Outputs".into(), serde_json::json!({ BUCKET_OUTPUT: output }));
    }
    Value::Object(out)
}

fn summary(r: &aws_sdk_cloudformation::types::ResourceChange) -> ChangeSummary {
    ChangeSummary {
        action: r.action().map(|a| a.as_str().to_string()).unwrap_or_default(),
        logical_id: r.logical_resource_id().unwrap_or_default().to_string(),
        resource_type: r.resource_type().unwrap_or_default().to_string(),
        replacement: r.replacement().map(|x| x.as_str().to_string()),
    }
}

fn capabilities() -> [Capability; 3] {
    [Capability::CapabilityIam, Capability::CapabilityNamedIam, Capability::CapabilityAutoExpand]
}

impl Deployer {
    /// The stack, or `None` when it does not exist.
    async fn describe(&self, stack: &str) -> Result<Option<Stack>, DeployError> {
        match self.cfn.describe_stacks().stack_name(stack).send().await {
            Ok(out) => Ok(out.stacks().first().cloned()),
            Err(e) if is_missing_stack(&e) => Ok(None),
            Err(e) => Err(aws_error("DescribeStacks")(e)),
        }
    }

    /// The deployed template, or `None` when the stack does not exist.
    ///
    /// ```no_run
    /// # async fn run(deployer: stackwright_cli::deploy::Deployer) {
    /// let old = deployer.deployed_template("svc-dev").await.unwrap();
    /// # }
    /// ```
    pub async fn deployed_template(&self, stack: &str) -> Result<Option<Value>, DeployError> {
        if self.describe(stack).await?.is_none() {
            return Ok(None);
        }
        let out = self.cfn.get_template().stack_name(stack).send().await.map_err(aws_error("GetTemplate"))?;
        let body = out.template_body().unwrap_or("{}");
        serde_json::from_str(body)
            .map(Some)
            .map_err(|e| DeployError::Template { message: format!("the deployed template is not JSON: {e}") })
    }

    /// Status, outputs and resources of a deployed stack.
    ///
    /// ```no_run
    /// # async fn run(deployer: stackwright_cli::deploy::Deployer) {
    /// let info = deployer.info("svc-dev").await.unwrap();
    /// println!("{} {:?}", info.status, info.functions().collect::<Vec<_>>());
    /// # }
    /// ```
    pub async fn info(&self, stack: &str) -> Result<StackInfo, DeployError> {
        let Some(s) = self.describe(stack).await? else {
            return Err(DeployError::NoStack { stack: stack.to_string() });
        };
        let mut resources = Vec::new();
        let mut pages = self.cfn.list_stack_resources().stack_name(stack).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(aws_error("ListStackResources"))?;
            for r in page.stack_resource_summaries() {
                resources.push((
                    r.logical_resource_id().unwrap_or_default().to_string(),
                    r.resource_type().unwrap_or_default().to_string(),
                    r.physical_resource_id().unwrap_or_default().to_string(),
                ));
            }
        }
        resources.sort();
        Ok(StackInfo {
            stack: stack.to_string(),
            status: status_of(&s),
            reason: s.stack_status_reason().map(str::to_string),
            outputs: outputs_of(&s),
            resources,
        })
    }

    /// Synthesizes `service` (its artifacts built: after [`Service::package`] and
    /// [`Service::use_packaged`], or explicit) and deploys it. When the stack exists and `SOURCE_DATE_EPOCH` is not
    /// set, the service is first synthesized with the deployed artifact directory's time: if that
    /// gives the deployed template, nothing changed (same code, same config) and nothing is
    /// uploaded; otherwise the fresh template (new artifact directory) is deployed.
    /// CloudFormation assumes the service's role (`provider.iam.deploymentRole`, else
    /// `provider.cfnRole`) unless `options` name one.
    pub async fn deploy_service(
        &self,
        service: &Service,
        stack: &str,
        options: &DeployOptions,
        reporter: &mut dyn Reporter,
    ) -> Result<DeployOutcome, DeployError> {
        let role_arn = match options.role_arn.clone() {
            Some(role) => Some(role),
            None => super::cloudformation_role(service)?,
        };
        let options = &DeployOptions { role_arn, settings: super::StackSettings::of(service)?, ..options.clone() };
        let synth = |service: &Service| {
            service
                .synth()
                .map_err(|d| DeployError::Template { message: format!("the service does not synthesize:\n{d}") })
        };
        let template = synth(service)?;
        let unpinned = std::env::var_os("SOURCE_DATE_EPOCH").is_none();
        // The deployed template: for the unchanged-service check, and for the layers' deployed
        // hashes and S3 keys.
        let deployed = match unpinned || !service.config().layers.is_empty() {
            true => self.deployed_template(stack).await?,
            false => None,
        };
        if unpinned
            && let Some(deployed) = &deployed
            && let Some(millis) = artifact_millis(deployed)
        {
            let mut same_time = service.clone();
            same_time.build_time_millis(millis);
            let candidate = synth(&same_time)?;
            let (json, uploads, _) = reuse_deployed_layers(service, &candidate, Some(deployed));
            if serde_json::from_str::<Value>(&json).ok().as_ref() == Some(deployed) {
                reporter.message("The template and the artifacts are unchanged");
                return self.deploy(stack, &json, &uploads, options, reporter).await;
            }
        }
        let (json, uploads, reused) = reuse_deployed_layers(service, &template, deployed.as_ref());
        for key in reused {
            reporter.message(&format!("Layer {key} is already uploaded"));
        }
        self.deploy(stack, &json, &uploads, options, reporter).await
    }

    /// Deploys a template whose artifacts are `uploads` (local file → key): the flow of the
    /// [module documentation](super). A later packaging step feeds its own uploads here.
    pub async fn deploy(
        &self,
        stack: &str,
        template: &str,
        uploads: &[Upload],
        options: &DeployOptions,
        reporter: &mut dyn Reporter,
    ) -> Result<DeployOutcome, DeployError> {
        let parsed: Value = serde_json::from_str(template)
            .map_err(|e| DeployError::Template { message: format!("the template is not JSON: {e}") })?;
        let total = parsed.get("Resources").and_then(Value::as_object).map_or(0, Map::len);
        let mut existing = self.describe(stack).await?;
        if let Some(s) = &existing {
            let status = status_of(s);
            if status.ends_with("_IN_PROGRESS") && status != "REVIEW_IN_PROGRESS" {
                return Err(DeployError::Busy { status });
            }
            // A stack whose creation failed cannot be updated; CloudFormation needs it deleted.
            if status == "ROLLBACK_COMPLETE" || status == "REVIEW_IN_PROGRESS" {
                reporter.message(&format!("Deleting stack {stack} ({status}) left by a failed first deploy"));
                self.delete_and_wait(s, 0, options, reporter).await?;
                existing = None;
            }
        }
        let has_bucket = parsed.pointer(&format!("/Resources/{BUCKET_ID}")).is_some();
        if existing.is_none() && has_bucket {
            reporter.message(&format!("Creating stack {stack} with its deployment bucket"));
            let seen = HashSet::new();
            self.cfn
                .create_stack()
                .stack_name(stack)
                .template_body(bucket_only(&parsed).to_string())
                .set_role_arn(options.role_arn.clone())
                .set_capabilities(Some(capabilities().to_vec()))
                .set_tags(Some(options.settings.tags.clone()))
                .set_notification_arns(Some(options.settings.notification_arns.clone()))
                .send()
                .await
                .map_err(aws_error("CreateStack"))?;
            let (status, failures) = self.follow(stack, seen, 2, options, reporter).await?;
            existing = self.describe(stack).await?;
            if status != "CREATE_COMPLETE" {
                let reason = existing.as_ref().and_then(|s| s.stack_status_reason().map(str::to_string));
                return Err(DeployError::StackFailed { status, reason, failures });
            }
        }
        let in_stack_bucket =
            existing.as_ref().and_then(|s| outputs_of(s).into_iter().find(|(k, _)| k == BUCKET_OUTPUT).map(|(_, v)| v));
        let mut outcome = DeployOutcome { stack: stack.to_string(), ..DeployOutcome::default() };
        for upload in uploads {
            let bucket = self.bucket_for(&upload.bucket, in_stack_bucket.as_deref(), stack)?;
            if self.s3.head_object().bucket(&bucket).key(&upload.key).send().await.is_ok() {
                outcome.skipped.push(upload.key.clone());
                continue;
            }
            let body = std::fs::read(&upload.local_path)
                .map_err(|error| DeployError::Io { path: upload.local_path.clone(), error })?;
            reporter.message(&format!("Uploading {} to s3://{bucket}/{}", upload.local_path.display(), upload.key));
            self.s3
                .put_object()
                .bucket(&bucket)
                .key(&upload.key)
                .body(ByteStream::from(body))
                .send()
                .await
                .map_err(aws_error("PutObject"))?;
            outcome.uploaded.push(upload.key.clone());
        }
        if !outcome.skipped.is_empty() {
            reporter.message(&format!("{} artifact(s) already uploaded", outcome.skipped.len()));
        }

        let name = format!(
            "stackwright-{}",
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis())
        );
        let kind = if existing.is_some() { ChangeSetType::Update } else { ChangeSetType::Create };
        let mut request = self
            .cfn
            .create_change_set()
            .stack_name(stack)
            .change_set_name(&name)
            .change_set_type(kind)
            .set_role_arn(options.role_arn.clone())
            .set_capabilities(Some(capabilities().to_vec()))
            .set_tags(Some(options.settings.tags.clone()))
            .set_notification_arns(Some(options.settings.notification_arns.clone()))
            .set_parameters(Some(options.settings.parameters.clone()))
            .set_rollback_configuration(options.settings.rollback_configuration.clone());
        request = if template.len() <= MAX_TEMPLATE_BODY {
            request.template_body(template)
        } else {
            let url = self.upload_template(template, uploads, in_stack_bucket.as_deref(), stack).await?;
            reporter.message(&format!("Template ({} bytes, over the inline limit) uploaded to {url}", template.len()));
            request.template_url(url)
        };
        request.send().await.map_err(aws_error("CreateChangeSet"))?;
        let changes = match self.wait_change_set(stack, &name, options).await? {
            Ok(changes) => changes,
            Err(reason) if reason.contains("didn't contain changes") || reason.contains("No updates") => {
                reporter.message("No changes to deploy");
                let _ = self.cfn.delete_change_set().stack_name(stack).change_set_name(&name).send().await;
                outcome.outputs = existing.as_ref().map(outputs_of).unwrap_or_default();
                return Ok(outcome);
            }
            Err(reason) => return Err(DeployError::ChangeSetFailed { reason }),
        };
        reporter.change_set(&changes);
        outcome.changes = changes;
        if !options.execute {
            reporter.message(&format!("Change set {name} created and not executed (--no-execute)"));
            outcome.change_set = Some(name);
            return Ok(outcome);
        }
        let seen = self.event_ids(stack).await?;
        self.cfn
            .execute_change_set()
            .stack_name(stack)
            .change_set_name(&name)
            .set_disable_rollback(options.settings.disable_rollback.then_some(true))
            .send()
            .await
            .map_err(aws_error("ExecuteChangeSet"))?;
        outcome.executed = true;
        let (status, failures) = self.follow(stack, seen, total, options, reporter).await?;
        let after = self.describe(stack).await?;
        if status != "CREATE_COMPLETE" && status != "UPDATE_COMPLETE" {
            let reason = after.as_ref().and_then(|s| s.stack_status_reason().map(str::to_string));
            return Err(DeployError::StackFailed { status, reason, failures });
        }
        if let Some(policy) = &options.settings.stack_policy {
            self.cfn
                .set_stack_policy()
                .stack_name(stack)
                .stack_policy_body(policy)
                .send()
                .await
                .map_err(aws_error("SetStackPolicy"))?;
        }
        outcome.outputs = after.as_ref().map(outputs_of).unwrap_or_default();
        Ok(outcome)
    }

    fn bucket_for(&self, bucket: &UploadBucket, in_stack: Option<&str>, stack: &str) -> Result<String, DeployError> {
        match (bucket, in_stack) {
            (UploadBucket::Named(name), _) => Ok(name.clone()),
            (UploadBucket::InStack, Some(name)) => Ok(name.to_string()),
            (UploadBucket::InStack, None) => Err(DeployError::Template {
                message: format!(
                    "stack {stack} has no {BUCKET_OUTPUT} output to upload the artifacts to; \
                     it was not created by this tool's first deploy"
                ),
            }),
        }
    }

    /// Puts a template too large for an inline body next to the artifacts and returns its URL.
    async fn upload_template(
        &self,
        template: &str,
        uploads: &[Upload],
        in_stack: Option<&str>,
        stack: &str,
    ) -> Result<String, DeployError> {
        let first = uploads.first().ok_or_else(|| DeployError::Template {
            message: format!(
                "the template is larger than {MAX_TEMPLATE_BODY} bytes and there is no bucket to put it in"
            ),
        })?;
        let bucket = self.bucket_for(&first.bucket, in_stack, stack)?;
        let dir = first.key.rsplit_once('/').map_or("", |(dir, _)| dir);
        let key = format!("{dir}/compiled-cloudformation-template.json");
        self.s3
            .put_object()
            .bucket(&bucket)
            .key(&key)
            .body(ByteStream::from(template.as_bytes().to_vec()))
            .send()
            .await
            .map_err(aws_error("PutObject"))?;
        // The regional virtual-hosted form: CloudFormation wants the bucket in the stack's region.
        let region = self.cfn.config().region().map_or("us-east-1", |r| r.as_ref());
        Ok(format!("https://{bucket}.s3.{region}.amazonaws.com/{key}"))
    }

    /// Waits for a change set: its changes, or `Err(reason)` when it failed.
    async fn wait_change_set(
        &self,
        stack: &str,
        name: &str,
        options: &DeployOptions,
    ) -> Result<Result<Vec<ChangeSummary>, String>, DeployError> {
        loop {
            let out = self
                .cfn
                .describe_change_set()
                .stack_name(stack)
                .change_set_name(name)
                .send()
                .await
                .map_err(aws_error("DescribeChangeSet"))?;
            match out.status() {
                Some(ChangeSetStatus::CreateComplete) => {
                    let mut changes: Vec<ChangeSummary> =
                        out.changes().iter().filter_map(|c| c.resource_change()).map(summary).collect();
                    // Later pages (over 1000 changes) are rare enough to fetch one by one.
                    let mut token = out.next_token().map(str::to_string);
                    while let Some(t) = token {
                        let page = self
                            .cfn
                            .describe_change_set()
                            .stack_name(stack)
                            .change_set_name(name)
                            .next_token(t)
                            .send()
                            .await
                            .map_err(aws_error("DescribeChangeSet"))?;
                        changes.extend(page.changes().iter().filter_map(|c| c.resource_change()).map(summary));
                        token = page.next_token().map(str::to_string);
                    }
                    return Ok(Ok(changes));
                }
                Some(ChangeSetStatus::Failed) => {
                    return Ok(Err(out.status_reason().unwrap_or("no reason given").to_string()));
                }
                _ => tokio::time::sleep(options.poll_interval).await,
            }
        }
    }

    /// The IDs of the events so far, so that following a stack shows only new ones.
    async fn event_ids(&self, stack: &str) -> Result<HashSet<String>, DeployError> {
        match self.cfn.describe_stack_events().stack_name(stack).send().await {
            Ok(out) => Ok(out.stack_events().iter().filter_map(|e| e.event_id().map(str::to_string)).collect()),
            Err(e) if is_missing_stack(&e) => Ok(HashSet::new()),
            Err(e) => Err(aws_error("DescribeStackEvents")(e)),
        }
    }

    /// Reports new events until the stack leaves `*_IN_PROGRESS`; returns its final status
    /// (`DELETE_COMPLETE` once it is gone) and the failed events.
    async fn follow(
        &self,
        stack: &str,
        mut seen: HashSet<String>,
        total: usize,
        options: &DeployOptions,
        reporter: &mut dyn Reporter,
    ) -> Result<(String, Vec<StackEvent>), DeployError> {
        let mut failures = Vec::new();
        let mut settled = HashSet::new();
        loop {
            let events = match self.cfn.describe_stack_events().stack_name(stack).send().await {
                Ok(out) => out.stack_events().to_vec(),
                Err(e) if is_missing_stack(&e) => Vec::new(),
                Err(e) => return Err(aws_error("DescribeStackEvents")(e)),
            };
            // Newest first: take events until the first one already shown.
            let fresh: Vec<_> =
                events.iter().take_while(|e| e.event_id().is_some_and(|id| !seen.contains(id))).collect();
            for e in fresh.into_iter().rev() {
                seen.insert(e.event_id().unwrap_or_default().to_string());
                let event = StackEvent {
                    timestamp: e.timestamp().map(|t| t.to_string()).unwrap_or_default(),
                    logical_id: e.logical_resource_id().unwrap_or_default().to_string(),
                    resource_type: e.resource_type().unwrap_or_default().to_string(),
                    status: e.resource_status().map(|s| s.as_str().to_string()).unwrap_or_default(),
                    reason: e.resource_status_reason().map(str::to_string),
                };
                if event.status.ends_with("_COMPLETE") && event.resource_type != "AWS::CloudFormation::Stack" {
                    settled.insert(event.logical_id.clone());
                }
                if event.is_failure() {
                    failures.push(event.clone());
                }
                reporter.stack_event(&event);
            }
            let status = match self.describe(stack).await? {
                Some(s) => status_of(&s),
                None => "DELETE_COMPLETE".to_string(),
            };
            reporter.tick(&status, settled.len(), total);
            if !status.ends_with("_IN_PROGRESS") {
                reporter.done();
                return Ok((status, failures));
            }
            tokio::time::sleep(options.poll_interval).await;
        }
    }

    /// Empties the in-stack deployment bucket, deletes the stack and waits until it is gone.
    ///
    /// ```no_run
    /// # async fn run(deployer: stackwright_cli::deploy::Deployer) {
    /// use stackwright_cli::deploy::{DeployOptions, PlainReporter};
    /// deployer.remove("svc-dev", &DeployOptions::default(), &mut PlainReporter).await.unwrap();
    /// # }
    /// ```
    pub async fn remove(
        &self,
        stack: &str,
        options: &DeployOptions,
        reporter: &mut dyn Reporter,
    ) -> Result<(), DeployError> {
        let Some(s) = self.describe(stack).await? else {
            return Err(DeployError::NoStack { stack: stack.to_string() });
        };
        let status = status_of(&s);
        if status.ends_with("_IN_PROGRESS") && status != "REVIEW_IN_PROGRESS" {
            return Err(DeployError::Busy { status });
        }
        let bucket = self
            .cfn
            .describe_stack_resource()
            .stack_name(stack)
            .logical_resource_id(BUCKET_ID)
            .send()
            .await
            .ok()
            .and_then(|r| r.stack_resource_detail()?.physical_resource_id().map(str::to_string));
        if let Some(bucket) = bucket {
            let removed = self.empty_bucket(&bucket).await?;
            reporter.message(&format!("Removed {removed} object(s) from s3://{bucket}"));
        }
        let total = self.info(stack).await.map(|i| i.resources.len()).unwrap_or(0);
        self.delete_and_wait(&s, total, options, reporter).await
    }

    async fn delete_and_wait(
        &self,
        s: &Stack,
        total: usize,
        options: &DeployOptions,
        reporter: &mut dyn Reporter,
    ) -> Result<(), DeployError> {
        // The stack ID keeps working after the delete; the name stops resolving.
        let id = s.stack_id().or(s.stack_name()).unwrap_or_default().to_string();
        let seen = self.event_ids(&id).await?;
        let delete = self.cfn.delete_stack().stack_name(&id).set_role_arn(options.role_arn.clone());
        delete.send().await.map_err(aws_error("DeleteStack"))?;
        let (status, failures) = self.follow(&id, seen, total, options, reporter).await?;
        if status != "DELETE_COMPLETE" {
            let reason = self.describe(&id).await?.and_then(|s| s.stack_status_reason().map(str::to_string));
            return Err(DeployError::StackFailed { status, reason, failures });
        }
        Ok(())
    }

    /// Deletes every object version and delete marker; returns how many.
    async fn empty_bucket(&self, bucket: &str) -> Result<usize, DeployError> {
        let mut removed = 0;
        loop {
            let out = match self.s3.list_object_versions().bucket(bucket).send().await {
                Ok(out) => out,
                // Already gone (deleted by hand): nothing to empty.
                Err(e) if e.as_service_error().and_then(|s| s.code()) == Some("NoSuchBucket") => {
                    return Ok(removed);
                }
                Err(e) => return Err(aws_error("ListObjectVersions")(e)),
            };
            let objects: Vec<ObjectIdentifier> = out
                .versions()
                .iter()
                .map(|v| (v.key(), v.version_id()))
                .chain(out.delete_markers().iter().map(|m| (m.key(), m.version_id())))
                .filter_map(|(key, version)| {
                    ObjectIdentifier::builder().key(key?).set_version_id(version.map(str::to_string)).build().ok()
                })
                .collect();
            if objects.is_empty() {
                return Ok(removed);
            }
            removed += objects.len();
            let delete = Delete::builder()
                .set_objects(Some(objects))
                .quiet(true)
                .build()
                .map_err(|e| DeployError::Aws { operation: "DeleteObjects", message: e.to_string() })?;
            self.s3.delete_objects().bucket(bucket).delete(delete).send().await.map_err(aws_error("DeleteObjects"))?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn artifact_millis_reads_the_directory() {
        let t = json!({"Resources": {"F": {"Properties": {"Code": {"S3Key":
            "serverless/svc/dev/1767225600000-2026-01-01T00:00:00.000Z/svc.zip"}}}}});
        assert_eq!(artifact_millis(&t), Some(1_767_225_600_000));
        assert_eq!(artifact_millis(&json!({"Resources": {}})), None);
    }

    #[test]
    fn bucket_only_keeps_the_bucket_policy_and_output() {
        let t = json!({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {
            "ServerlessDeploymentBucket": {"Type": "AWS::S3::Bucket"},
            "ServerlessDeploymentBucketPolicy": {"Type": "AWS::S3::BucketPolicy"},
            "F": {"Type": "AWS::Lambda::Function"}},
            "Outputs": {"ServerlessDeploymentBucketName": {"Value": {"Ref": "ServerlessDeploymentBucket"}}, "X": {}}});
        let b = bucket_only(&t);
        assert_eq!(b["Resources"].as_object().unwrap().len(), 2);
        assert_eq!(b["Outputs"].as_object().unwrap().len(), 1);
    }
}
