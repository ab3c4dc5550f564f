//! Lift's `storage` construct (`Storage.js`): a versioned, encrypted bucket, its policy and the
//! functions' permission on it.

use super::*;

const STORAGE_KEYS: Keys = Keys {
    allowed: &["type", "archive", "encryption", "allowAcl", "publicPath", "cors", "lifecycleRules", "extensions"],
    unsupported: &["provider"],
    no_effect: &[],
};

/// The actions a `storage` construct grants every function (Lift's `STORAGE_IAM_ACTIONS`).
const STORAGE_ACTIONS: &[&str] = &[
    "s3:PutObject",
    "s3:GetObject",
    "s3:DeleteObject",
    "s3:ListBucket",
    "s3:GetObjectAcl",
    "s3:PutObjectAcl",
    "s3:GetObjectTagging",
    "s3:PutObjectTagging",
    "s3:DeleteObjectTagging",
    "s3:GetObjectAttributes",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
    "s3:ListBucketMultipartUploads",
    "s3:RestoreObject",
];

/// `key` → `Key`, in every object below (Lift's `capitalizeKeys`, for lifecycle and CORS rules).
fn capitalize_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (crate::naming::upper_first(k), capitalize_keys(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(capitalize_keys).collect()),
        other => other.clone(),
    }
}

/// One `type: storage` construct (Lift's `Storage`, 1.37.7): a versioned, encrypted, private
/// bucket (`Retain`), its SSL-only policy (with `publicPath`, public reads there too), the
/// `BucketName` output and the functions' permission on it.
pub(super) fn storage(l: &mut Loader, id: &str, c: &Map<String, Value>, at: &str, added: &mut Added) {
    l.check_keys(c, at, &STORAGE_KEYS);
    let mut ok = true;
    if let Some(v) = get(c, "archive")
        && let Some(n) = l.number(v, &join(at, "archive"))
        && n < 30.0
    {
        lift_error(
            l,
            &join(at, "archive"),
            at,
            format!("'archive' must be at least 30, '{}' given.", js_number(n)),
            "set `archive` (days) to 30 or more",
        );
        ok = false;
    }
    let algorithm = match get(c, "encryption") {
        None => "AES256",
        Some(Value::String(e)) if e == "s3" => "AES256",
        Some(Value::String(e)) if e == "kms" => "aws:kms",
        Some(other) => {
            lift_error(
                l,
                &join(at, "encryption"),
                at,
                format!("'encryption' must be 's3' or 'kms', '{}' given.", crate::reader::js_string(other)),
                "write `encryption: s3` (the default) or `encryption: kms`",
            );
            ok = false;
            "AES256"
        }
    };
    let allow_acl = flag(l, c, at, "allowAcl");
    let public_path = text(l, c, at, "publicPath");
    let cors = match get(c, "cors") {
        None => None,
        Some(Value::String(origin)) => Some(
            json!([{"AllowedOrigins": [origin], "AllowedMethods": ["GET", "PUT", "DELETE"], "AllowedHeaders": ["*"]}]),
        ),
        Some(Value::Array(rules)) if rules.iter().all(Value::is_object) => {
            Some(Value::Array(rules.iter().map(capitalize_keys).collect()))
        }
        Some(other) => {
            l.type_error(&join(at, "cors"), "an allowed origin, or a list of CORS rules", other);
            ok = false;
            None
        }
    };
    let mut rules = vec![
        json!({"Status": "Enabled", "Transitions": [{"StorageClass": "INTELLIGENT_TIERING", "TransitionInDays": 0}]}),
        json!({"Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 30}}),
    ];
    match get(c, "lifecycleRules") {
        None => {}
        Some(Value::Array(user)) if user.iter().all(Value::is_object) => {
            for rule in user {
                let mut rule = capitalize_keys(rule);
                if let Value::Object(m) = &mut rule {
                    m.entry("Status").or_insert_with(|| json!("Enabled"));
                }
                rules.push(rule);
            }
        }
        Some(other) => {
            l.type_error(&join(at, "lifecycleRules"), "a list of lifecycle rules", other);
            ok = false;
        }
    }
    let extensions = lift_extensions(l, c, at, &[("bucket", "AWS::S3::Bucket")], &mut ok);
    let extension = extensions.get("bucket").and_then(Value::as_object);
    if !ok {
        return;
    }

    let bucket = logical_id(&[id, "Bucket", "Resource"]);
    let arn = json!({"Fn::GetAtt": [&bucket, "Arn"]});
    let block = match &public_path {
        None => {
            json!({"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true})
        }
        Some(_) => {
            json!({"BlockPublicAcls": !allow_acl, "BlockPublicPolicy": false, "IgnorePublicAcls": true, "RestrictPublicBuckets": false})
        }
    };
    let mut properties = vec![
        (
            "BucketEncryption",
            json!({"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": algorithm}}]}),
        ),
        ("PublicAccessBlockConfiguration", block),
        ("VersioningConfiguration", json!({"Status": "Enabled"})),
        ("LifecycleConfiguration", json!({"Rules": rules})),
    ];
    if allow_acl {
        properties.push(("OwnershipControls", json!({"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]})));
    }
    if let Some(cors) = cors {
        properties.push(("CorsConfiguration", json!({"CorsRules": cors})));
    }
    added
        .resources
        .insert(bucket.clone(), render("AWS::S3::Bucket", props(&properties), S3_BUCKET, Some("Retain"), extension));

    let mut statements = vec![json!({
        "Action": "s3:*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Resource": [&arn, {"Fn::Join": ["", [&arn, "/*"]]}]
    })];
    if let Some(path) = &public_path {
        // Lift's `normalizePublicPath`.
        let prefix = path.trim_start_matches('/').trim_end_matches('/');
        let objects = if prefix.is_empty() || prefix == "*" { "*".to_string() } else { format!("{prefix}/*") };
        statements.push(json!({
            "Action": "s3:GetObject",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Resource": {"Fn::Join": ["", [&arn, format!("/{objects}")]]}
        }));
    }
    let policy = json!({
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {"Bucket": {"Ref": &bucket}, "PolicyDocument": {"Statement": statements, "Version": "2012-10-17"}}
    });
    added.resources.insert(logical_id(&[id, "Bucket", "Policy", "Resource"]), policy);
    added.outputs.insert(logical_id(&[id, "BucketName"]), json!({"Value": {"Ref": &bucket}}));
    added.statements.push(json!({
        "Effect": "Allow",
        "Action": STORAGE_ACTIONS,
        "Resource": [&arn, {"Fn::Join": ["/", [&arn, "*"]]}]
    }));
}
