//! [`Template`]: what synthesis returns, the JSON text with its warnings and uploads.

use std::path::PathBuf;

use serde_json::Value;

use crate::diagnostics::Diagnostics;

/// A synthesized CloudFormation template, with the warnings found and the artifact uploads the
/// deploy needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// The template as a tree, parsed from `json` on first use only: synthesis writes the text
    /// directly.
    pub(crate) value: std::sync::OnceLock<Value>,
    pub(crate) json: String,
    pub(crate) warnings: Diagnostics,
    pub(crate) uploads: Vec<Upload>,
}

impl Template {
    /// Pretty JSON exactly as the reference writes it (2-space indent, its key order, no trailing newline).
    pub fn to_json_pretty(&self) -> String {
        self.json.clone()
    }

    /// The pretty JSON without copying it.
    pub fn json(&self) -> &str {
        &self.json
    }

    /// Compact JSON.
    pub fn to_json_compact(&self) -> String {
        crate::json::to_compact_string(self.as_json())
    }

    /// The template as a JSON value (built on first use).
    pub fn as_json(&self) -> &Value {
        self.value.get_or_init(|| serde_json::from_str(&self.json).expect("synthesis writes valid JSON"))
    }

    /// The `Resources` section.
    pub fn resources(&self) -> &serde_json::Map<String, Value> {
        self.as_json()["Resources"].as_object().expect("templates always have Resources")
    }

    /// The `Outputs` section.
    pub fn outputs(&self) -> &serde_json::Map<String, Value> {
        self.as_json()["Outputs"].as_object().expect("templates always have Outputs")
    }

    /// Warnings found while synthesizing (never fatal).
    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
    }

    /// Which local artifact goes to which S3 key, one entry per distinct (file, key).
    pub fn uploads(&self) -> &[Upload] {
        &self.uploads
    }
}

/// One artifact upload: the local zip and where the template expects it in S3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// The local file (relative paths already resolved against the base directory).
    pub local_path: PathBuf,
    /// The bucket.
    pub bucket: UploadBucket,
    /// The S3 key, `serverless/<service>/<stage>/<millis>-<iso>/<file name>`.
    pub key: String,
}

impl Upload {
    /// `s3://<bucket>/<key>`; `$BUCKET` stands for the in-stack bucket, whose name is known once
    /// the stack exists (output `ServerlessDeploymentBucketName`).
    ///
    /// ```
    /// use stackwright_core::{Upload, UploadBucket};
    /// let upload = Upload { local_path: "dist/api.zip".into(), bucket: UploadBucket::InStack, key: "k/api.zip".into() };
    /// assert_eq!(upload.s3_url(), "s3://$BUCKET/k/api.zip");
    /// ```
    pub fn s3_url(&self) -> String {
        format!("s3://{}/{}", self.bucket.name().unwrap_or("$BUCKET"), self.key)
    }
}

/// The bucket of an [`Upload`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadBucket {
    /// `provider.deploymentBucket`.
    Named(String),
    /// The stack's own `ServerlessDeploymentBucket`: its physical name is known after the stack
    /// exists (output `ServerlessDeploymentBucketName`).
    InStack,
}

impl UploadBucket {
    /// The bucket's name, when the config gives it (`None` for the in-stack bucket).
    pub fn name(&self) -> Option<&str> {
        match self {
            UploadBucket::Named(name) => Some(name),
            UploadBucket::InStack => None,
        }
    }
}
