//! The public conformance suite, for every test binary that reads it: included with
//! `#[path = ".../tests/support/conformance.rs"] mod conformance_suite;` (also from `cli/tests`),
//! so all of them find it the same way and honour `STACKWRIGHT_CONFORMANCE_DIR`.

#![allow(dead_code)] // each binary uses part of it

use std::path::{Path, PathBuf};

/// `STACKWRIGHT_CONFORMANCE_DIR`, else `../shared/conformance/public` beside the workspace root;
/// `None` when that is not a directory.
pub fn suite_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("STACKWRIGHT_CONFORMANCE_DIR").map(PathBuf::from).unwrap_or_else(|| {
        // The including crate is the workspace root or one of its members; the root holds the lock file.
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest.ancestors().find(|p| p.join("Cargo.lock").is_file()).unwrap_or(manifest);
        root.join("../shared/conformance/public")
    });
    dir.is_dir().then_some(dir)
}

/// The events suite: `STACKWRIGHT_EVENTS_CONFORMANCE_DIR`, else `../shared/conformance/events`
/// beside the workspace root; `None` when that is not a directory.
pub fn events_suite_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("STACKWRIGHT_EVENTS_CONFORMANCE_DIR").map(PathBuf::from).unwrap_or_else(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest.ancestors().find(|p| p.join("Cargo.lock").is_file()).unwrap_or(manifest);
        root.join("../shared/conformance/events")
    });
    dir.is_dir().then_some(dir)
}

/// Events cases that do not pass yet, each with what it still needs. Every other case must
/// pass; a pending case that passes is reported so that it can leave this list.
pub const EVENTS_PENDING: &[(&str, &str)] = &[
    ("e-001", "httpApi, http, sqs, s3, stream, cloudwatchLog, url, iam.statements, tags, layers, httpApi."),
    ("e-002", "httpApi, sqs, schedule, sns, s3, stream, eventBridge, alb, iam.managedPolicies, logs.restA"),
    ("e-004", "httpApi, sqs, s3, stream, eventBridge, alb, cloudwatchLog, url, fn.tags, logs.httpApi, log"),
    ("e-005", "sns, s3, cloudwatchLog, websocket, url, tags, stackTags"),
    ("e-006", "httpApi, schedule, eventBridge, url, iam.statements, logs.httpApi, logs.restApi, apiGatewa"),
    ("e-007", "sqs, stream, alb, iam.statements, iam.managedPolicies, tags, fn.tags, logs.httpApi"),
    ("e-008", "sns, eventBridge, cloudwatchLog, iam.managedPolicies, fn.tags, logs.httpApi, provider.envi"),
    ("e-009", "http, sns, websocket, iam.statements, tags, stackTags, fn.tags, logRetentionInDays, logs.h"),
    ("e-010", "http, sns, fn.tags, logs.httpApi, logs.restApi, logs.websocket, provider.environment, fn.e"),
    ("e-011", "alb, websocket, iam.statements, logs.httpApi, deploymentBucket"),
    ("e-012", "httpApi, schedule, sns, stream, websocket, logRetentionInDays, logs.httpApi, logs.restApi,"),
    ("e-013", "sns, url, logRetentionInDays, layers, provider.environment, httpApi.cors, apiGateway"),
    ("e-014", "sqs, stream, cloudwatchLog, logs.httpApi, logs.websocket"),
    ("e-015", "httpApi, stream, iam.managedPolicies, logRetentionInDays, logs.websocket, layers, provider"),
    ("e-016", "httpApi, sqs, s3, alb, iam.statements, logs.restApi, provider.environment, apiGateway"),
    ("e-017", "alb, cloudwatchLog, websocket, tags, logs.httpApi, layers, fn.environment, apiGateway"),
    ("e-018", "sqs, s3, url, iam.statements, logs.httpApi, deploymentBucket"),
    ("e-019", "sqs, alb, iam.managedPolicies, tags"),
    ("e-020", "sqs, schedule, sns, eventBridge, url, logRetentionInDays, logs.restApi, apiGateway"),
    ("e-021", "first error needs the httpApi, http and eventBridge event types loaded"),
    ("e-022", "http, s3, eventBridge, cloudwatchLog, tags, logs.websocket, fn.environment, apiGateway"),
    ("e-023", "schedule, sns, s3, eventBridge, fn.environment"),
    ("e-024", "sqs, schedule, websocket, iam.statements, tags, stackTags, layers"),
    ("e-025", "schedule, alb, cloudwatchLog, iam.statements, logs.httpApi, layers, fn.environment, deploy"),
    ("e-026", "sqs, s3, iam.managedPolicies, logRetentionInDays, logs.restApi, fn.environment"),
    ("e-028", "httpApi, sqs, stream, cloudwatchLog, websocket, tags, stackTags, logs.httpApi, provider.en"),
    ("e-029", "sqs, stream, eventBridge, alb, url, logs.httpApi, logs.restApi, layers, provider.environme"),
    ("e-030", "sqs functionResponseType message in the reference's words; other event types"),
    ("e2-001", "httpApi.aws_iam, httpApi.provider-settings, alb.healthCheck, stream.filterPatterns, eventB"),
    ("e2-002", "apiGateway.settings, cognitoUserPool.existing"),
    ("e2-003", "http.authorizer-arn, http.cors-object, websocket.provider-settings, sns.filter-redrive, sc"),
    ("e2-004", "httpApi.request-auth, http.authorizer-function, http.cognito, alb.conditions, url.iam-cors"),
    ("e2-006", "http.usageplans-multi, websocket.routeResponse, kafka, role.function, kmsKeyArn"),
    ("e2-007", "httpApi.cors-object, sqs.options, s3.existing, cloudwatchEvent, cognitoUserPool.new, mq.pl"),
    ("e2-008", "httpApi.jwt, httpApi.payload, http.aws_iam, websocket.authorizer, stream.consumer, eventBr"),
    ("e2-009", "http.integration, sns.topic-create, s3.rules, schedule.input, stream.tumbling, eventBridge"),
    ("e2-011", "http.request-parameters, apiGateway.resourcePolicy, stream.destinations, eventBridge.retry"),
    ("e2-012", "http.private-apikeys, http.integration, websocket.routeResponse, stream.destinations, stre"),
    ("e2-013", "httpApi.payload, httpApi.provider-settings, http.cors-object, eventBridge.inputTransformer"),
    ("e2-014", "http.cognito, websocket.authorizer, sns.topic-create, cloudwatchLog.filter, kafka, msk, ia"),
    ("e2-015", "httpApi.jwt, httpApi.request-auth, httpApi.aws_iam, httpApi.cors-object, websocket.provide"),
    ("e2-016", "apiGateway.resourcePolicy, alb.healthCheck, schedule.scheduler, cloudwatchEvent, tracing, "),
    ("e2-017", "http.aws_iam, http.private-apikeys, alb.conditions, mq.plain, role.provider-arn, logRetent"),
    ("e2-018", "http.authorizer-arn, iot, layers"),
    ("e2-019", "http.request-parameters, http.request-schemas, apiGateway.settings, sns.filter-redrive, s3"),
    ("e2-020", "apiGateway.restApiId, stream.filterPatterns, alexaSkill"),
    ("e2-021", "http.authorizer-function, url.iam-cors, sqs.options, s3.rules, eventBridge.bus-create, eve"),
    ("e2-022", "http.usageplans-multi, apiGateway.resourcePolicy, cognitoUserPool.new, cognitoUserPool.exi"),
    ("e2-023", "sns.filter-redrive, s3.existing, eventBridge.bus-arn, eventBridge.retry-dlq, role.function"),
    ("e2-024", "alb.conditions, alb.healthCheck, msk"),
];

/// The suite's case directories, sorted by name.
pub fn cases(suite: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(suite)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    cases.sort();
    cases
}

/// Whether this runs in CI (`CI` set), where a missing suite is an error rather than a skip.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Where two templates first differ, with three lines of context, for a readable failure.
pub fn first_difference(expected: &str, actual: &str) -> String {
    let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
    let show = |text: &str| text.lines().skip(line.saturating_sub(3)).take(7).collect::<Vec<_>>().join("\n");
    format!("template differs at line {}:\n--- expected\n{}\n--- actual\n{}", line + 1, show(expected), show(actual))
}
