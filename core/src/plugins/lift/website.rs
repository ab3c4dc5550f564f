//! Lift's `static-website` and `single-page-app` constructs (`StaticWebsite.js`,
//! `SinglePageApp.js`, `abstracts/StaticWebsiteAbstract.js`): a bucket behind a CloudFront
//! distribution with its functions.

use super::*;

const WEBSITE_KEYS: Keys = Keys {
    allowed: &[
        "type",
        "path",
        "domain",
        "certificate",
        "security",
        "errorPage",
        "redirectToMainDomain",
        "versionedAssets",
        "extensions",
    ],
    unsupported: &["provider"],
    no_effect: &[],
};

/// A `static-website` or `single-page-app` construct being built.
pub(super) struct Website<'a> {
    pub(super) id: &'a str,
    pub(super) stack: &'a str,
    pub(super) region: &'a str,
    /// `single-page-app`: a private bucket read through an origin access identity, and every
    /// path without a file extension answered with `/index.html`.
    pub(super) spa: bool,
}

/// The security headers the response function adds (Lift's `createResponseFunction`), as
/// `JSON.stringify(headers, undefined, 4)` writes them.
fn security_headers(allow_iframe: bool) -> String {
    let mut headers = Vec::new();
    if !allow_iframe {
        headers.push(("x-frame-options", "SAMEORIGIN"));
    }
    headers.extend([
        ("x-content-type-options", "nosniff"),
        ("x-xss-protection", "1; mode=block"),
        ("strict-transport-security", "max-age=63072000"),
    ]);
    let entries: Vec<String> = headers
        .iter()
        .map(|(name, value)| format!("    \"{name}\": {{\n        \"value\": \"{value}\"\n    }}"))
        .collect();
    format!("{{\n{}\n}}", entries.join(",\n"))
}

/// Lift's `ensureNameMaxLength`: a name over `max` characters is cut, with the first six hex
/// digits of its MD5 after a `-`.
fn name_max_length(name: String, max: usize) -> String {
    if name.len() <= max {
        return name;
    }
    let suffix = &crate::hash::md5_hex(name.as_bytes())[..6];
    format!("{}-{suffix}", &name[..max - suffix.len() - 1])
}

/// Lift's `redirectToMainDomain`: with two domains or more, requests to the others are sent to
/// the first.
fn redirect_code(domains: &[String]) -> String {
    match domains {
        [main, _, ..] => format!(
            "\n    if (request.headers[\"host\"].value !== \"{main}\") {{\n        return {{\n            statusCode: 301,\n            \
             statusDescription: \"Moved Permanently\",\n            headers: {{\n                location: {{\n                    \
             value: \"https://{main}\" + request.uri\n                }}\n            }}\n        }};\n    }}"
        ),
        _ => String::new(),
    }
}

/// A CloudFront function resource.
fn cloudfront_function(name: String, code: String) -> Value {
    json!({"Type": "AWS::CloudFront::Function", "Properties": {
        "AutoPublish": true,
        "FunctionCode": code,
        "FunctionConfig": {"Comment": &name, "Runtime": "cloudfront-js-1.0"},
        "Name": name
    }})
}

/// Object keys in byte order, all the way down (CDK writes the distribution's structures so).
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// One `static-website` or `single-page-app` construct (Lift's `StaticWebsite`,
/// `SinglePageApp` and their `StaticWebsiteAbstract`, 1.37.7): the bucket, its policy, the
/// CloudFront functions and distribution, and the four outputs. Lift uploads `path` after each
/// deploy; `stackwright deploy` does not, which a warning says.
pub(super) fn website(l: &mut Loader, site: &Website, c: &Map<String, Value>, at: &str, added: &mut Added) {
    let Website { id, stack, region, spa } = *site;
    l.check_keys(c, at, &WEBSITE_KEYS);
    let mut ok = true;
    l.require(c, at, &[("path", "add the directory that holds the website's files, e.g. `path: public`")]);
    let path = text(l, c, at, "path");
    ok &= path.is_some();
    let domains: Vec<String> = match get(c, "domain") {
        None => Vec::new(),
        Some(Value::String(d)) if d.is_empty() => Vec::new(),
        Some(Value::String(d)) => vec![d.clone()],
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).map(str::to_string).collect()
        }
        Some(other) => {
            l.type_error(&join(at, "domain"), "a domain name or a list of them", other);
            ok = false;
            Vec::new()
        }
    };
    let certificate = text(l, c, at, "certificate").filter(|c| !c.is_empty());
    if !domains.is_empty() && certificate.is_none() {
        lift_error(
            l,
            &join(at, "certificate"),
            at,
            format!(
                "if a domain is configured for the static website '{id}', then a certificate ARN must be configured in the 'certificate' option."
            ),
            "add `certificate: arn:aws:acm:us-east-1:...` (a certificate in us-east-1 that covers the domains)",
        );
        ok = false;
    }
    if domains.is_empty() && certificate.is_some() {
        l.error_help(
            codes::LIFT_INVALID_CONSTRUCT_CONFIGURATION,
            &join(at, "certificate"),
            format!("the website '{id}' has a certificate but no `domain`: CloudFront needs a domain name to use a certificate"),
            "add `domain`, or remove `certificate`",
        );
        ok = false;
    }
    let allow_iframe = match get(c, "security") {
        None => false,
        Some(Value::Object(security)) => {
            l.check_keys(
                security,
                &join(at, "security"),
                &Keys { allowed: &["allowIframe"], unsupported: &[], no_effect: &[] },
            );
            security.get("allowIframe").and_then(|v| l.boolean(v, &join(&join(at, "security"), "allowIframe")))
                == Some(true)
        }
        Some(other) => {
            l.type_error(&join(at, "security"), "an object (`allowIframe`)", other);
            ok = false;
            false
        }
    };
    let error_page = match text(l, c, at, "errorPage") {
        Some(page) if page.starts_with("./") || page.starts_with("../") => {
            l.error_help(
                codes::LIFT_INVALID_CONSTRUCT_CONFIGURATION,
                &join(at, "errorPage"),
                format!("The 'errorPage' option of the '{id}' static website cannot start with './' or '../'. (it cannot be a relative path)."),
                "write the page's path in the website, e.g. `errorPage: error.html`",
            );
            ok = false;
            None
        }
        Some(page) if page.starts_with('/') => Some(page),
        Some(page) => Some(format!("/{page}")),
        None => None,
    };
    let redirect = flag(l, c, at, "redirectToMainDomain");
    let versioned = flag(l, c, at, "versionedAssets");
    let extensions = lift_extensions(
        l,
        c,
        at,
        &[("distribution", "AWS::CloudFront::Distribution"), ("bucket", "AWS::S3::Bucket")],
        &mut ok,
    );
    if !ok {
        return;
    }
    let ext = |name: &str| extensions.get(name).and_then(Value::as_object);

    let bucket = logical_id(&[id, "Bucket", "Resource"]);
    let cdn = logical_id(&[id, "CDN", "Resource"]);
    let origin = logical_id(&[id, "CDN", "Origin1"]);
    let response = logical_id(&[id, "ResponseFunction", "Resource"]);
    let request = logical_id(&[id, "RequestFunction", "Resource"]);
    let arn = json!({"Fn::GetAtt": [&bucket, "Arn"]});
    let resources = &mut added.resources;

    let mut bucket_props = Vec::new();
    if versioned {
        let rule =
            json!({"ExpirationInDays": 1, "Status": "Enabled", "TagFilters": [{"Key": "Obsolete", "Value": "true"}]});
        bucket_props.push(("LifecycleConfiguration", json!({"Rules": [rule]})));
    }
    if !spa {
        let block = json!({"BlockPublicAcls": false, "BlockPublicPolicy": false, "IgnorePublicAcls": false, "RestrictPublicBuckets": false});
        bucket_props.push(("PublicAccessBlockConfiguration", block));
        let mut website = Map::new();
        if let Some(page) = &error_page {
            website.insert("ErrorDocument".into(), json!(page));
        }
        website.insert("IndexDocument".into(), json!("index.html"));
        bucket_props.push(("WebsiteConfiguration", Value::Object(website)));
    }
    resources.insert(
        bucket.clone(),
        render("AWS::S3::Bucket", props(&bucket_props), S3_BUCKET, Some("Delete"), ext("bucket")),
    );
    let identity = logical_id(&[id, "CDN", "Origin1", "S3Origin", "Resource"]);
    let principal = match spa {
        true => json!({"CanonicalUser": {"Fn::GetAtt": [&identity, "S3CanonicalUserId"]}}),
        false => json!({"AWS": "*"}),
    };
    resources.insert(
        logical_id(&[id, "Bucket", "Policy", "Resource"]),
        json!({"Type": "AWS::S3::BucketPolicy", "Properties": {
            "Bucket": {"Ref": &bucket},
            "PolicyDocument": {
                "Statement": [{"Action": "s3:GetObject", "Effect": "Allow", "Principal": principal, "Resource": {"Fn::Join": ["", [&arn, "/*"]]}}],
                "Version": "2012-10-17"
            }
        }}),
    );
    let response_code = format!(
        "function handler(event) {{\n    var response = event.response;\n    response.headers = Object.assign({{}}, {}, response.headers);\n    return response;\n}}",
        security_headers(allow_iframe)
    );
    resources.insert(
        response.clone(),
        cloudfront_function(name_max_length(format!("{stack}-{region}-{id}-response"), 64), response_code),
    );
    let redirect_code = if redirect { redirect_code(&domains) } else { String::new() };
    let request_code = match spa {
        true => Some(format!(
            "var REDIRECT_REGEX = /^[^.]+$|\\.(?!(css|gif|ico|jpg|jpeg|js|png|txt|svg|woff|woff2|ttf|map|json|webp|xml|pdf|webmanifest|avif|wasm|lottie)$)([^.]+$)/;\n\n\
             function handler(event) {{\n    var uri = event.request.uri;\n    var request = event.request;\n    \
             var isUriToRedirect = REDIRECT_REGEX.test(uri);\n\n    if (isUriToRedirect) {{\n        request.uri = \"/index.html\";\n    }}{redirect_code}\n\n    \
             return event.request;\n}}"
        )),
        false if redirect_code.is_empty() => None,
        false => Some(format!(
            "function handler(event) {{\n    var request = event.request;{redirect_code}\n    return request;\n}}"
        )),
    };
    let origin_config = match spa {
        true => {
            resources.insert(
                identity.clone(),
                json!({"Type": "AWS::CloudFront::CloudFrontOriginAccessIdentity", "Properties": {
                    "CloudFrontOriginAccessIdentityConfig": {"Comment": format!("Identity for {origin}")}
                }}),
            );
            json!({
                "DomainName": {"Fn::GetAtt": [&bucket, "RegionalDomainName"]},
                "Id": &origin,
                "S3OriginConfig": {"OriginAccessIdentity": {"Fn::Join": ["", ["origin-access-identity/cloudfront/", {"Ref": &identity}]]}}
            })
        }
        false => json!({
            "CustomOriginConfig": {"OriginProtocolPolicy": "http-only", "OriginSSLProtocols": ["TLSv1.2"]},
            "DomainName": {"Fn::Select": [2, {"Fn::Split": ["/", {"Fn::GetAtt": [&bucket, "WebsiteURL"]}]}]},
            "Id": &origin
        }),
    };
    let mut associations =
        vec![json!({"EventType": "viewer-response", "FunctionARN": {"Fn::GetAtt": [&response, "FunctionARN"]}})];
    if request_code.is_some() {
        associations
            .push(json!({"EventType": "viewer-request", "FunctionARN": {"Fn::GetAtt": [&request, "FunctionARN"]}}));
    }
    let error_response = match &error_page {
        Some(page) => json!({"ErrorCachingMinTTL": 0, "ErrorCode": 404, "ResponseCode": 404, "ResponsePagePath": page}),
        None => {
            json!({"ErrorCachingMinTTL": 0, "ErrorCode": 404, "ResponseCode": 200, "ResponsePagePath": "/index.html"})
        }
    };
    let mut config = json!({
        "Comment": format!("{stack} {id} website CDN"),
        "CustomErrorResponses": [error_response],
        "DefaultCacheBehavior": {
            "AllowedMethods": ["GET", "HEAD", "OPTIONS"],
            // CloudFront's managed policy "CachingOptimized".
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
            "Compress": true,
            "FunctionAssociations": associations,
            "TargetOriginId": &origin,
            "ViewerProtocolPolicy": "redirect-to-https"
        },
        "DefaultRootObject": "index.html",
        "Enabled": true,
        "HttpVersion": "http2",
        "IPV6Enabled": true,
        "Origins": [origin_config]
    });
    if let (Value::Object(config), Some(certificate)) = (&mut config, &certificate) {
        config.insert("Aliases".into(), json!(domains));
        config.insert(
            "ViewerCertificate".into(),
            json!({"AcmCertificateArn": certificate, "MinimumProtocolVersion": "TLSv1.2_2021", "SslSupportMethod": "sni-only"}),
        );
    }
    let mut distribution = Map::new();
    distribution.insert("DistributionConfig".into(), config);
    if let Some(Value::Object(extra)) = ext("distribution").and_then(|e| e.get("Properties")) {
        cdk_merge(&mut distribution, extra);
    }
    let rest = ext("distribution")
        .map(|e| e.iter().filter(|(k, _)| *k != "Properties").map(|(k, v)| (k.clone(), v.clone())).collect());
    let mut cdn_resource = Map::new();
    cdn_resource.insert("Type".into(), json!("AWS::CloudFront::Distribution"));
    cdn_resource.insert("Properties".into(), sorted(Value::Object(distribution)));
    if let Some(rest) = rest {
        cdk_merge(&mut cdn_resource, &rest);
    }
    resources.insert(cdn.clone(), Value::Object(cdn_resource));
    if let Some(code) = request_code {
        resources
            .insert(request, cloudfront_function(name_max_length(format!("{stack}-{region}-{id}-request"), 64), code));
    }

    let domain = match domains.first() {
        Some(d) => json!(d),
        None => json!({"Fn::GetAtt": [&cdn, "DomainName"]}),
    };
    let output = |description: &str, value: Value| json!({"Description": description, "Value": value});
    let outputs = &mut added.outputs;
    outputs.insert(
        logical_id(&[id, "BucketName"]),
        output("Name of the bucket that stores the static website.", json!({"Ref": &bucket})),
    );
    outputs.insert(logical_id(&[id, "Domain"]), output("Website domain name.", domain));
    outputs.insert(
        logical_id(&[id, "CloudFrontCName"]),
        output("CloudFront CNAME.", json!({"Fn::GetAtt": [&cdn, "DomainName"]})),
    );
    outputs.insert(
        logical_id(&[id, "DistributionId"]),
        output("ID of the CloudFront distribution.", json!({"Ref": &cdn})),
    );
    let dir = path.unwrap_or_default();
    l.warn_help(
        codes::PLUGIN_DEPLOY_TIME,
        at,
        format!(
            "serverless-lift uploads `{dir}` to the website's bucket after each deploy and clears the CloudFront \
             cache; `stackwright deploy` deploys the bucket and the distribution, not the files"
        ),
        format!(
            "after deploying, run `aws s3 sync {dir} s3://<the {} output> --delete` and `aws cloudfront \
             create-invalidation --distribution-id <the {} output> --paths '/*'`",
            logical_id(&[id, "BucketName"]),
            logical_id(&[id, "DistributionId"])
        ),
    );
}
