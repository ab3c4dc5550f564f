//! `cloudFront` (Lambda@Edge) events: one test per rule (code, path, message), the reference's
//! own checks of `cloud-front.js` (osls 4.3.1) and what CloudFront refuses (DECISIONS.md D2), and
//! the template parts that depend on the rest of the service. The whole templates of two
//! services, byte for byte against osls, are `cli/tests/cli.rs::cloud_front_events_are_the_references`.

mod support;

use serde_json::{Value, json};
use stackwright_core::*;
use support::{rejected, template};

/// A Node.js service in us-east-1 whose function `edge` has `events` and `settings`.
fn service(events: Value, settings: Value) -> Value {
    let mut f = json!({"handler": "h.edge", "events": events});
    for (k, v) in settings.as_object().into_iter().flatten() {
        f[k] = v.clone();
    }
    json!({"service": "cdn", "provider": {"name": "aws", "runtime": "nodejs22.x", "region": "us-east-1"},
           "package": {"artifact": "artifact.zip"}, "functions": {"edge": f}})
}

fn event(settings: Value) -> Value {
    json!({"cloudFront": settings})
}

fn viewer(origin: &str) -> Value {
    event(json!({"eventType": "viewer-request", "origin": origin}))
}

/// Every diagnostic of `config` as (severity, code, path).
fn found(config: &Value) -> Vec<(Severity, &'static str, String)> {
    let d = match Service::from_value(config) {
        Ok(svc) => svc.check(),
        Err(d) => d,
    };
    d.iter().map(|d| (d.severity, d.code, d.path.clone())).collect()
}

#[test]
fn memory_and_timeout_above_the_strictest_event_type() {
    let origin = json!({"eventType": "origin-request", "origin": "https://a.com", "pathPattern": "/a/*"});
    rejected(
        &service(json!([event(origin.clone()), viewer("https://b.com")]), json!({"memorySize": 256})),
        "LAMBDA_EDGE_UNSUPPORTED_MEMORY_SIZE",
        "functions.edge.memorySize",
        "\"edge\" memorySize is greater than 128 which is not supported by Lambda@Edge functions of type \"viewer-request\"",
    );
    rejected(
        &service(json!([event(origin.clone())]), json!({"timeout": 31})),
        "LAMBDA_EDGE_UNSUPPORTED_TIMEOUT_VALUE",
        "functions.edge.timeout",
        "\"edge\" timeout is greater than 30 which is not supported by Lambda@Edge functions of type \"origin-request\"",
    );
    // The provider's values do not count: the function gets 128 MB and 5 s.
    let mut c = service(json!([viewer("https://b.com")]), json!({}));
    c["provider"]["memorySize"] = json!(2048);
    c["provider"]["timeout"] = json!(30);
    let t = template(&c);
    let p = &t["Resources"]["EdgeLambdaFunction"]["Properties"];
    assert_eq!((&p["MemorySize"], &p["Timeout"]), (&json!(128), &json!(5)));
}

#[test]
fn edge_functions_are_in_us_east_1() {
    let mut c = service(json!([viewer("https://a.com")]), json!({}));
    c["provider"]["region"] = json!("eu-west-1");
    rejected(
        &c,
        "CLOUDFRONT_INVALID_REGION",
        "functions.edge.events[0].cloudFront",
        "CloudFront associated functions have to be deployed to the us-east-1 region.",
    );
}

#[test]
fn one_default_origin() {
    let default = |origin: &str, p: &str| {
        event(json!({"eventType": "viewer-request", "origin": origin, "isDefaultOrigin": true, "pathPattern": p}))
    };
    rejected(
        &service(json!([default("https://a.com", "/a"), default("https://b.com", "/b")]), json!({})),
        "CLOUDFRONT_MULTIPLE_DEFAULT_ORIGIN_EVENTS",
        "functions.edge.events[1].cloudFront.isDefaultOrigin",
        "Found more than one cloudfront event with \"isDefaultOrigin\" defined",
    );
    let patterned =
        |origin: &str, p: &str| event(json!({"eventType": "viewer-request", "origin": origin, "pathPattern": p}));
    rejected(
        &service(json!([patterned("https://a.com", "/a"), patterned("https://b.com", "/b")]), json!({})),
        "CLOUDFRONT_MULTIPLE_DEFAULT_ORIGIN_EVENTS",
        "functions.edge.events[0].cloudFront",
        "Found more than one origin but none of the cloudfront event has \"isDefaultOrigin\" defined",
    );
}

#[test]
fn cache_policies_by_name_are_declared_and_used() {
    rejected(
        &service(
            json!([event(
                json!({"eventType": "viewer-request", "origin": "https://a.com", "cachePolicy": {"name": "p"}})
            )]),
            json!({}),
        ),
        "UNRECOGNIZED_CLOUDFRONT_CACHE_POLICY",
        "functions.edge.events[0].cloudFront.cachePolicy.name",
        "Event references not configured cache policy 'p'",
    );
    let policy = json!({"DefaultTTL": 1, "MinTTL": 0, "MaxTTL": 2, "ParametersInCacheKeyAndForwardedToOrigin": {
        "EnableAcceptEncodingGzip": true, "CookiesConfig": {"CookieBehavior": "none"},
        "HeadersConfig": {"HeaderBehavior": "none"}, "QueryStringsConfig": {"QueryStringBehavior": "none"}}});
    let mut c = service(json!([viewer("https://a.com")]), json!({}));
    c["provider"]["cloudFront"] = json!({"cachePolicies": {"idle": policy}});
    assert_eq!(
        found(&c),
        [(Severity::Warning, "CLOUDFRONT_CACHE_POLICY_UNUSED", "provider.cloudFront.cachePolicies.idle".to_string())]
    );
    // Written even without events, as the reference does, which then warns too.
    let mut plain = c.clone();
    plain["functions"]["edge"]["events"] = json!([]);
    let t = template(&plain);
    assert_eq!(t["Resources"]["CloudFrontCachePolicyIdle"]["Properties"]["CachePolicyConfig"]["Name"], "cdn-dev-idle");
    assert_eq!(found(&plain).len(), 1);
    // A policy with an error is still the one its events name: one cause, one error.
    let mut named = c.clone();
    named["functions"]["edge"]["events"][0]["cloudFront"]["cachePolicy"] = json!({"name": "idle"});
    named["provider"]["cloudFront"]["cachePolicies"]["idle"].as_object_mut().unwrap().remove("MinTTL");
    let codes: Vec<(&str, String)> = found(&named).into_iter().map(|(_, c, p)| (c, p)).collect();
    assert_eq!(codes, [("CONFIG_MISSING_KEY", "provider.cloudFront.cachePolicies.idle.MinTTL".to_string())]);
    c["provider"]["cloudFront"]["cachePolicies"]["idle"]["MaxTTL"] = json!(-1);
    c["provider"]["cloudFront"]["cachePolicies"]["idle"]["Extra"] = json!(1);
    let codes: Vec<(&str, String)> = found(&c).into_iter().map(|(_, c, p)| (c, p)).collect();
    assert_eq!(
        codes,
        [
            ("CONFIG_INVALID_VALUE", "provider.cloudFront.cachePolicies.idle.MaxTTL".to_string()),
            ("CONFIG_INVALID_VALUE", "provider.cloudFront.cachePolicies.idle.Extra".to_string()),
        ]
    );
}

#[test]
fn behaviors_are_unique_per_path_and_event_type() {
    let at = |origin: &str, t: &str| event(json!({"eventType": t, "origin": origin}));
    rejected(
        &service(json!([at("https://a.com", "viewer-request"), at("https://b.com", "origin-request")]), json!({})),
        "CLOUDFRONT_MULTIPLE_BEHAVIORS_FOR_SINGLE_PATH_PATTERN",
        "functions.edge.events[1].cloudFront",
        "Found more than one behavior with the same PathPattern",
    );
    // Two functions on one behavior with one event type; one function's twice is one association.
    let mut c = service(json!([at("https://a.com", "viewer-request")]), json!({}));
    c["functions"]["other"] = json!({"handler": "h.other", "events": [at("https://a.com", "viewer-request")]});
    rejected(
        &c,
        "CLOUDFRONT_EVENT_TYPE_NON_UNIQUE_CACHE_BEHAVIOR",
        "functions.other.events[0].cloudFront",
        "The event type of a function association must be unique in the cache behavior",
    );
    let twice =
        service(json!([at("https://a.com", "viewer-request"), at("https://a.com", "viewer-request")]), json!({}));
    let t = template(&twice);
    let behavior =
        &t["Resources"]["CloudFrontDistribution"]["Properties"]["DistributionConfig"]["DefaultCacheBehavior"];
    assert_eq!(behavior["LambdaFunctionAssociations"].as_array().unwrap().len(), 1);
}

/// What CloudFront refuses to associate: each its error at the setting, with the event named.
#[test]
fn what_lambda_at_edge_does_not_run() {
    let message = |what: &str| {
        format!(
            "function \"edge\" has a `cloudFront` event (functions.edge.events[0].cloudFront), and Lambda@Edge {what}"
        )
    };
    let events = json!([viewer("https://a.com")]);
    for (settings, path, what) in [
        (json!({"runtime": "java21"}), "functions.edge.runtime", "runs only Node.js and Python functions, not java21"),
        (json!({"architecture": "arm64"}), "functions.edge.architecture", "runs only x86_64 functions"),
        (
            json!({"layers": ["arn:aws:lambda:us-east-1:123456789012:layer:l:1"]}),
            "functions.edge.layers",
            "does not support layers",
        ),
        (
            json!({"provisionedConcurrency": 1}),
            "functions.edge.provisionedConcurrency",
            "does not support provisioned concurrency",
        ),
        (
            json!({"environment": {"AB": "b"}}),
            "functions.edge.environment",
            "has no environment variables (the reference would drop them)",
        ),
        (
            json!({"vpc": {"securityGroupIds": ["sg-12345678"], "subnetIds": ["subnet-12345678"]}}),
            "functions.edge.vpc",
            "does not run in a VPC (the reference would drop it)",
        ),
    ] {
        rejected(&service(events.clone(), settings), "LAMBDA_EDGE_UNSUPPORTED_CONFIGURATION", path, &message(what));
    }
    // serverless-plugin-git-variables' export into every function is not the user's environment:
    // dropped like the reference drops it, without an error.
    let mut git = service(events.clone(), json!({"environment": {"GIT_BRANCH": "main", "GIT_TAGS": "v1"}}));
    git["plugins"] = json!(["serverless-plugin-git-variables"]);
    assert_eq!(found(&git), []);
    let t = template(&git);
    assert!(t["Resources"]["EdgeLambdaFunction"]["Properties"].get("Environment").is_none());
    // Nor is a variable without a value, which is not in the template either.
    git["functions"]["edge"]["environment"]["UNSET"] = json!(null);
    assert_eq!(found(&git), []);
    git["functions"]["edge"]["environment"]["OWN"] = json!("x");
    let errors: Vec<&str> = found(&git).into_iter().map(|d| d.1).collect();
    assert_eq!(errors, ["LAMBDA_EDGE_UNSUPPORTED_CONFIGURATION"]);
    // On a capacity provider: never (DECISIONS.md D7).
    let mut c = service(events, json!({"capacityProvider": "default", "memorySize": 2048}));
    c["provider"]["vpc"] = json!({"securityGroupIds": ["sg-12345678"], "subnetIds": ["subnet-12345678"]});
    let errors: Vec<(&str, String)> =
        found(&c).into_iter().filter(|d| d.0 == Severity::Error).map(|(_, c, p)| (c, p)).collect();
    assert_eq!(
        errors,
        [("LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_EVENT_SOURCE", "functions.edge.events[0].cloudFront".into())]
    );
    // One cause, one error: not also Lambda@Edge's 128 MB, too little for a capacity provider.
    c["functions"]["edge"].as_object_mut().unwrap().remove("memorySize");
    let errors: Vec<&str> = found(&c).into_iter().filter(|d| d.0 == Severity::Error).map(|d| d.1).collect();
    assert_eq!(errors, ["LAMBDA_MANAGED_INSTANCES_UNSUPPORTED_EVENT_SOURCE"]);
    let d = Service::from_value(&c).unwrap().check();
    assert_eq!(
        d.errors().next().unwrap().message,
        "function \"edge\" runs on a capacity provider, and a `cloudFront` event makes it a Lambda@Edge function, \
         which CloudFront runs in its own locations"
    );
}

/// The settings are checked as the reference's schema checks them, and what CloudFront needs
/// that the reference lets through (`eventType`, an origin) is required.
#[test]
fn event_settings_are_checked() {
    let cases = [
        (json!({"origin": "https://a.com"}), "functions.edge.events[0].cloudFront.eventType", "CONFIG_MISSING_KEY"),
        (json!({"eventType": "viewer-request"}), "functions.edge.events[0].cloudFront.origin", "CONFIG_MISSING_KEY"),
        (
            json!({"eventType": "on-request", "origin": "https://a.com"}),
            "functions.edge.events[0].cloudFront.eventType",
            "CONFIG_INVALID_VALUE",
        ),
        (
            json!({"eventType": "viewer-request", "origin": "a.com"}),
            "functions.edge.events[0].cloudFront.origin",
            "CONFIG_INVALID_VALUE",
        ),
        (
            json!({"eventType": "viewer-request", "origin": {"DomainName": "a.com"}}),
            "functions.edge.events[0].cloudFront.origin",
            "CONFIG_INVALID_VALUE",
        ),
        (
            json!({"eventType": "viewer-request", "origin": "https://a.com", "behavior": {"Compres": true}}),
            "functions.edge.events[0].cloudFront.behavior.Compres",
            "CONFIG_INVALID_VALUE",
        ),
        (
            json!({"eventType": "viewer-request", "origin": "https://a.com", "behavior": {"AllowedMethods": ["GET", "POST"]}}),
            "functions.edge.events[0].cloudFront.behavior.AllowedMethods",
            "CONFIG_INVALID_VALUE",
        ),
        (
            json!({"eventType": "viewer-request", "origin": "https://a.com", "cachePolicy": {"id": "x", "name": "y"}}),
            "functions.edge.events[0].cloudFront.cachePolicy",
            "CONFIG_INVALID_VALUE",
        ),
        (
            json!({"eventType": "viewer-request", "origin": "https://a.com", "pathPattern": "/a b"}),
            "functions.edge.events[0].cloudFront.pathPattern",
            "CONFIG_INVALID_VALUE",
        ),
    ];
    for (settings, path, code) in cases {
        let errors: Vec<(&str, String)> = found(&service(json!([event(settings.clone())]), json!({})))
            .into_iter()
            .filter(|d| d.0 == Severity::Error)
            .map(|(_, c, p)| (c, p))
            .collect();
        assert_eq!(errors, [(code, path.to_string())], "{settings}");
    }
    let d = Service::from_value(&service(
        json!([event(
            json!({"eventType": "viewer-request", "origin": "https://a.com", "behavior": {"Compres": true}})
        )]),
        json!({}),
    ))
    .unwrap_err();
    let d = d.iter().next().unwrap();
    assert_eq!(d.message, "a cache behavior has no property `Compres`; did you mean `Compress`?");
}

/// CloudFormation properties are checked and coerced as the reference's schema does: what
/// CloudFront would refuse is an error at the property.
#[test]
fn behavior_and_origin_values_are_checked_and_coerced() {
    let with = |behavior: Value, origin: Value| {
        service(
            json!([event(json!({"eventType": "origin-request", "origin": origin, "behavior": behavior}))]),
            json!({}),
        )
    };
    let custom = |config: Value| json!({"DomainName": "a.com", "CustomOriginConfig": config});
    let bad = with(
        json!({"Compress": "yes", "ForwardedValues": {}}),
        json!({"DomainName": "a.com", "ConnectionAttempts": 9, "CustomOriginConfig": {"OriginProtocolPolicy": "https-only", "HTTPSPort": "443x"}}),
    );
    let errors: Vec<(&str, String)> = found(&bad).into_iter().map(|(_, c, p)| (c, p)).collect();
    let at = |p: &str| format!("functions.edge.events[0].cloudFront.{p}");
    assert_eq!(
        errors,
        [
            ("CONFIG_INVALID_VALUE", at("origin.ConnectionAttempts")),
            ("CONFIG_INVALID_VALUE", at("origin.CustomOriginConfig.HTTPSPort")),
            ("CONFIG_INVALID_VALUE", at("behavior.Compress")),
            ("CONFIG_MISSING_KEY", at("behavior.ForwardedValues.QueryString")),
        ]
    );
    let good = with(
        json!({"Compress": "true", "TrustedSigners": "self", "ForwardedValues": {"QueryString": "false"}}),
        custom(json!({"OriginProtocolPolicy": "https-only", "HTTPSPort": "8443"})),
    );
    let t = template(&good);
    let config = &t["Resources"]["CloudFrontDistribution"]["Properties"]["DistributionConfig"];
    let behavior = &config["DefaultCacheBehavior"];
    assert_eq!((&behavior["Compress"], &behavior["TrustedSigners"]), (&json!(true), &json!(["self"])));
    assert_eq!(behavior["ForwardedValues"], json!({"QueryString": false}));
    assert_eq!(config["Origins"][0]["CustomOriginConfig"]["HTTPSPort"], json!(8443));
}

/// An event that cannot be loaded keeps its place: the diagnostics of the events after it name
/// their own index.
#[test]
fn a_broken_event_does_not_shift_the_next_events_paths() {
    let c = service(
        json!([{"cloudFront": {"eventType": "viewer-request"}}, viewer("https://a.com"), viewer("https://b.com")]),
        json!({}),
    );
    let paths: Vec<String> = found(&c).into_iter().filter(|d| d.0 == Severity::Error).map(|d| d.2).collect();
    assert_eq!(paths, ["functions.edge.events[0].cloudFront.origin", "functions.edge.events[2].cloudFront"]);
}

/// The edge function is published even with `versionFunctions: false`; without the shared role
/// (an existing one), the role is the user's to set up; a string origin's host is Node's
/// `url.parse` host name (lower case, no port, no user), its path the origin path (`\\` made
/// `/`, `'` and spaces percent-escaped: checked against osls 4.3.1).
#[test]
fn versions_roles_and_origins() {
    let mut c = service(json!([viewer("https://user@Example.COM:8443/v1/it's a\\b?q=1")]), json!({}));
    c["provider"]["versionFunctions"] = json!(false);
    c["functions"]["other"] = json!({"handler": "h.other"});
    let t = template(&c);
    let r = t["Resources"].as_object().unwrap();
    let versions: Vec<&String> = r.keys().filter(|k| k.contains("LambdaVersion")).collect();
    assert_eq!(versions.len(), 1);
    assert!(versions[0].starts_with("EdgeLambdaVersion"), "{versions:?}");
    let origin = &t["Resources"]["CloudFrontDistribution"]["Properties"]["DistributionConfig"]["Origins"][0];
    assert_eq!(
        origin,
        &json!({"DomainName": "example.com", "OriginPath": "/v1/it%27s%20a/b",
                "CustomOriginConfig": {"OriginProtocolPolicy": "match-viewer"}, "Id": "custom/example.com/v1/it%27s%20a/b"})
    );
    let trust = &t["Resources"]["IamRoleLambdaExecution"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0];
    assert_eq!(trust["Principal"]["Service"], json!(["lambda.amazonaws.com", "edgelambda.amazonaws.com"]));

    c["provider"]["iam"] = json!({"role": "arn:aws:iam::123456789012:role/edge"});
    let t = template(&c);
    assert!(t["Resources"].get("IamRoleLambdaExecution").is_none());
    assert_eq!(
        t["Resources"]["EdgeLambdaFunctionInvokePermission"]["Properties"]["Principal"],
        "edgelambda.amazonaws.com"
    );
    // An intrinsic domain names its origin by its letters and digits.
    let mut c = service(
        json!([event(
            json!({"eventType": "origin-request", "origin": {"DomainName": {"Fn::GetAtt": ["Site", "RegionalDomainName"]}, "S3OriginConfig": {}}})
        )]),
        json!({}),
    );
    c["resources"] = json!({"Resources": {"Site": {"Type": "AWS::S3::Bucket"}}});
    let t = template(&c);
    let config = &t["Resources"]["CloudFrontDistribution"]["Properties"]["DistributionConfig"];
    assert_eq!(config["Origins"][0]["Id"], "s3/FnGetAttSiteRegionalDomainName");
    assert_eq!(config["DefaultCacheBehavior"]["CachePolicyId"], "658327ea-f89d-4fab-a63d-7e88639e58f6");
}
