#!/usr/bin/env python3
"""Generated configs against osls 4.3.1: the reference's schema coercions, one shape at a time.

Each case is a small service with one value written the way the reference's schema validation
(ajv, `coerceTypes: "array"`) changes: one value where a list is wanted (LONE_VALUES), a string
where a number or boolean is wanted (STRINGS), a list of one where a string, number or boolean
is wanted (UNWRAPPED); and empty, zero, false and null values the reference tests for truth
(FALSY). Both `stackwright synth` and osls's `serverless
package` run on it (with `configValidationMode: warn`, Serverless Framework v4's default) and the
templates are compared, top-level key order aside (osls orders versions by its hashing's
completion). Expected differences are v4's over osls (function URL permission names, custom
resources' log groups, `RequestParameters: {}`); cases where osls crashes (`filterPatterns` as
one object) are refused by stackwright with an error.

    npm install --prefix /tmp/osls osls@4.3.1
    python3 osls_cases.py --bin target/release/stackwright --node-modules /tmp/osls/node_modules \
        --artifact cli/tests/fixtures/cloud_front/artifact.zip [CASE ...]
"""
import argparse, copy, json, os, shutil, subprocess

import osls

BASE = {
  "service": "coerce",
  "configValidationMode": "warn",
  "provider": {"name": "aws", "runtime": "nodejs22.x"},
  "package": {"artifact": "artifact.zip"},
  "functions": {"f": {"handler": "h.f"}},
}
def fn(**kw):
    c = copy.deepcopy(BASE); c["functions"]["f"].update(kw); return c
def prov(**kw):
    c = copy.deepcopy(BASE); c["provider"].update(kw); return c
def ev(e, **provkw):
    c = fn(events=[e]); c["provider"].update(provkw); return c
RES = {"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}
LONE_VALUES = {
 "dependsOn": dict(fn(dependsOn="Q"), resources=RES),
 "alb_conditions": ev({"alb": {"listenerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my/50dc6c495c0c9188/f2f7dc8efc522ab2", "priority": 1, "conditions": {"path": "/x", "host": "a.example.com", "method": "GET", "ip": "10.0.0.0/8", "header": {"name": "X-H", "values": "v"}}}}),
 "http_cognito_scopes": ev({"http": {"path": "x", "method": "get", "authorizer": {"arn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc", "scopes": "email"}}}),
 "httpApi_scopes": dict(ev({"httpApi": {"path": "/x", "method": "get", "authorizer": {"name": "jwt", "scopes": "email"}}}, httpApi={"authorizers": {"jwt": {"identitySource": "$request.header.Authorization", "issuerUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", "audience": "client1"}}})),
 "sqs_filter": ev({"sqs": {"arn": "arn:aws:sqs:us-east-1:123456789012:q", "filterPatterns": {"body": {"a": [1]}}}}),
 "stream_filter": ev({"stream": {"type": "dynamodb", "arn": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2020", "filterPatterns": {"eventName": ["INSERT"]}}}),
 "s3_rules": ev({"s3": {"bucket": "mybucket", "event": "s3:ObjectCreated:*", "rules": {"prefix": "uploads/"}}}),
 "schedule_rate": ev({"schedule": {"rate": "rate(1 hour)"}}),
 "ws_identity": dict(fn(events=[{"websocket": {"route": "$connect", "authorizer": {"name": "auth", "identitySource": "route.request.header.Auth"}}}]), functions={"f": {"handler": "h.f", "events": [{"websocket": {"route": "$connect", "authorizer": {"name": "auth", "identitySource": "route.request.header.Auth"}}}]}, "auth": {"handler": "h.auth"}}),
 "fn_layers": fn(layers="arn:aws:lambda:us-east-1:123456789012:layer:l:1"),
 "url_cors": fn(url={"cors": {"allowedOrigins": "https://a.example.com", "allowedHeaders": "X-H", "allowedMethods": "GET", "exposedResponseHeaders": "X-E"}}),
 "fn_vpc": fn(vpc={"securityGroupIds": "sg-1", "subnetIds": "subnet-1"}),
 "layer_lists": dict(BASE, layers={"l": {"package": {"artifact": "artifact.zip"}, "compatibleArchitectures": "x86_64", "compatibleRuntimes": "nodejs22.x", "allowedAccounts": "123456789012"}}),
 "pkg_patterns": dict(BASE, package={"artifact": "artifact.zip", "patterns": "!x/**"}),
 "apigw_lists": dict(ev({"http": {"path": "x", "method": "get", "private": True}}, apiGateway={"apiKeys": "k1", "binaryMediaTypes": "image/png"})),
 "apigw_policy": ev({"http": {"path": "x", "method": "get"}}, apiGateway={"resourcePolicy": {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}}),
 "httpapi_cors": ev({"httpApi": {"path": "/x", "method": "get"}}, httpApi={"cors": {"allowedOrigins": "https://a.example.com", "allowedHeaders": "X-H", "allowedMethods": "GET", "exposedResponseHeaders": "X-E"}}),
 "httpapi_auth_identity": ev({"httpApi": {"path": "/x", "method": "get", "authorizer": {"name": "jwt"}}}, httpApi={"authorizers": {"jwt": {"identitySource": "$request.header.Authorization", "issuerUrl": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", "audience": ["a"]}}}),
 "managed_policies": prov(iam={"role": {"managedPolicies": "arn:aws:iam::aws:policy/ReadOnlyAccess"}}),
 "iam_managed_legacy": prov(iamManagedPolicies="arn:aws:iam::aws:policy/ReadOnlyAccess"),
 "iam_statement_one": prov(iam={"role": {"statements": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}}),
 "prov_layers": prov(layers="arn:aws:lambda:us-east-1:123456789012:layer:l:1"),
 "vpc_endpoints": ev({"http": {"path": "x", "method": "get"}}, endpointType="PRIVATE", vpcEndpointIds="vpce-1", apiGateway={"resourcePolicy": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}),
 "log_protection": prov(logDataProtectionPolicy={"Name": "p", "Version": "2021-06-01", "Statement": {"Sid": "a", "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"], "Operation": {"Audit": {"FindingsDestination": {}}}}}),
 "notification_arns": prov(notificationArns="arn:aws:sns:us-east-1:123456789012:t"),
 "image_command": dict(BASE, functions={"f": {"image": {"uri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/r@sha256:" + "a"*64, "command": "app.handler", "entryPoint": "/entry"}}}),
 "s3_provider_cors": dict(ev({"s3": {"bucket": "b1", "event": "s3:ObjectCreated:*"}}, s3={"b1": {"name": "my-b1", "corsConfiguration": {"CorsRules": [{"AllowedMethods": "GET", "AllowedOrigins": "*", "AllowedHeaders": "*"}]}}})),
 "cloudfront_methods": dict(fn(events=[{"cloudFront": {"eventType": "viewer-request", "origin": "https://a.example.com", "behavior": {"AllowedMethods": ["GET", "HEAD"], "CachedMethods": ["GET", "HEAD"]}}}]), provider={"name": "aws", "runtime": "nodejs22.x"}),
 "kafka_filter": ev({"kafka": {"accessConfigurations": {"saslScram512Auth": "arn:aws:secretsmanager:us-east-1:123456789012:secret:s"}, "topic": "t", "bootstrapServers": "b1:9092", "filterPatterns": {"value": {"a": [1]}}}}),
 "msk_filter": ev({"msk": {"arn": "arn:aws:kafka:us-east-1:123456789012:cluster/c/abc", "topic": "t", "filterPatterns": {"value": {"a": [1]}}}}),
 "http_claims": ev({"http": {"path": "x", "method": "get", "authorizer": {"arn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc", "claims": "email"}}}),
 "disabled_deprecations": dict(BASE, disabledDeprecations="*"),
 "plugins_string": dict(BASE),
 "stack_policy_one": prov(stackPolicy={"Effect": "Allow", "Principal": "*", "Action": "Update:*", "Resource": "*"}),
 "deletion_stages": prov(),
 "apigw_principals": ev({"http": {"path": "x", "method": "get"}}, apiGateway={"resourcePolicy": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root", "Service": "apigateway.amazonaws.com"}, "Action": "execute-api:Invoke", "Resource": ["execute-api:/*"]}, {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "execute-api:Invoke", "Resource": ["execute-api:/*"]}]}),
 "bool_numbers": ev({"sqs": {"arn": "arn:aws:sqs:us-east-1:123456789012:q", "enabled": 0, "batchSize": "0x8"}}),
 "bool_http_private": ev({"http": {"path": "a", "method": "get", "private": 1}}, apiGateway={"apiKeys": ["k"]}),
 "apikeys_plan_one": ev({"http": {"path": "x", "method": "get", "private": True}}, apiGateway={"apiKeys": [{"free": "k1"}, {"gold": ["k2"]}], "usagePlan": [{"free": {"quota": {"limit": 5, "period": "DAY"}}}, {"gold": {}}]}),
 "apikeys_objects": ev({"http": {"path": "x", "method": "get", "private": True}}, apiGateway={"apiKeys": [{"name": "n1", "value": "v1234567890123456789"}, "k2"]}),
}

STRINGS = {
 "s_http": ev({"http": {"path": "x/{id}", "method": "get", "private": "true", "async": "false", "timeoutInMillis": "29000",
     "cors": {"origin": "*", "allowCredentials": "false", "maxAge": "600"},
     "request": {"parameters": {"querystrings": {"q": "true", "r": "false"}, "paths": {"id": "true"}, "headers": {"h": {"required": "true"}}}}}},
     apiGateway={"apiKeys": ["k1"], "minimumCompressionSize": "1024", "metrics": "true", "shouldStartNameWithService": "true", "disableDefaultEndpoint": "false", "usagePlan": {"quota": {"limit": "100", "offset": "0", "period": "DAY"}, "throttle": {"burstLimit": "20", "rateLimit": "10"}}}),
 "s_http_cors_true": ev({"http": {"path": "x", "method": "get", "cors": "true"}}),
 "s_http_cors_false": ev({"http": {"path": "x", "method": "get", "cors": "false"}}),
 "s_http_auth": dict(ev({"http": {"path": "x", "method": "get", "authorizer": {"name": "auth", "resultTtlInSeconds": "0"}}}), functions={"f": {"handler": "h.f", "events": [{"http": {"path": "x", "method": "get", "authorizer": {"name": "auth", "resultTtlInSeconds": "0"}}}]}, "auth": {"handler": "h.auth"}}),
 "s_httpapi": dict(ev({"httpApi": {"path": "/x", "method": "get", "authorizer": {"name": "la"}}}, httpApi={"metrics": "true", "disableDefaultEndpoint": "false", "cors": {"allowedOrigins": ["https://a.example.com"], "allowCredentials": "false", "maxAge": "600"}, "authorizers": {"la": {"type": "request", "functionName": "auth", "resultTtlInSeconds": "300", "enableSimpleResponses": "true", "payloadVersion": "2.0", "identitySource": ["$request.header.Auth"]}}}), functions={"f": {"handler": "h.f", "events": [{"httpApi": {"path": "/x", "method": "get", "authorizer": {"name": "la"}}}]}, "auth": {"handler": "h.auth"}}),
 "s_httpapi_cors_true": ev({"httpApi": {"path": "/x", "method": "get"}}, httpApi={"cors": "true"}),
 "s_sqs": ev({"sqs": {"arn": "arn:aws:sqs:us-east-1:123456789012:q", "batchSize": "10", "maximumBatchingWindow": "5", "enabled": "false", "maximumConcurrency": "5"}}),
 "s_stream": ev({"stream": {"type": "dynamodb", "arn": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2020", "batchSize": "100", "batchWindow": "5", "bisectBatchOnFunctionError": "true", "enabled": "false", "maximumRetryAttempts": "2", "parallelizationFactor": "2", "maximumRecordAgeInSeconds": "120", "tumblingWindowInSeconds": "60"}}),
 "s_schedule": ev({"schedule": {"rate": "rate(1 hour)", "enabled": "false"}}),
 "s_eventbridge": ev({"eventBridge": {"pattern": {"source": ["a"]}, "enabled": "false", "retryPolicy": {"maximumEventAge": "3600", "maximumRetryAttempts": "2"}}}),
 "s_cwevent": ev({"cloudwatchEvent": {"event": {"source": ["a"]}, "enabled": "false"}}),
 "s_alb": ev({"alb": {"listenerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my/50dc6c495c0c9188/f2f7dc8efc522ab2", "priority": "1", "multiValueHeaders": "true", "conditions": {"path": "/x"}, "healthCheck": {"intervalSeconds": "35", "timeoutSeconds": "30", "healthyThresholdCount": "5", "unhealthyThresholdCount": "5"}}}),
 "s_alb_hc_true": ev({"alb": {"listenerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my/50dc6c495c0c9188/f2f7dc8efc522ab2", "priority": 2, "conditions": {"path": "/y"}, "healthCheck": "true"}}),
 "s_fn": fn(memorySize="2048", timeout="30", reservedConcurrency="5", maximumEventAge="3600", maximumRetryAttempts="1", ephemeralStorageSize="1024", logRetentionInDays="14", versionFunction="false", disableLogs="false", url={"cors": {"allowCredentials": "true", "maxAge": "100", "allowedOrigins": ["https://a.example.com"]}}),
 "s_fn2": fn(provisionedConcurrency="1", snapStart="false", tracing="Active"),
 "s_fn_url_true": fn(url="true"),
 "s_prov": prov(memorySize="512", timeout="10", logRetentionInDays="7", versionFunctions="false", tracing={"lambda": "true", "apiGateway": "true"}, deploymentBucket={"blockPublicAccess": "true", "versioning": "true"}),
 "s_logs": dict(ev({"http": {"path": "x", "method": "get"}}, logs={"restApi": {"accessLogging": "true", "executionLogging": "false", "fullExecutionData": "false"}})),
 "s_logs_true": dict(ev({"http": {"path": "x", "method": "get"}}, logs={"restApi": "true", "httpApi": "true"})),
 "s_ws": dict(fn(events=[{"websocket": {"route": "$default"}}]), provider={"name": "aws", "runtime": "nodejs22.x", "logs": {"websocket": "true"}}),
 "s_kafka": ev({"kafka": {"accessConfigurations": {"saslScram512Auth": "arn:aws:secretsmanager:us-east-1:123456789012:secret:s"}, "topic": "t", "bootstrapServers": ["b1:9092"], "batchSize": "100", "enabled": "false", "maximumBatchingWindow": "1"}}),
 "s_layer": dict(BASE, layers={"l": {"package": {"artifact": "artifact.zip"}, "retain": "true"}}),
 "s_s3_existing": ev({"s3": {"bucket": "mybucket", "event": "s3:ObjectCreated:*", "existing": "true", "forceDeploy": "true"}}),
 "s_cognito": ev({"cognitoUserPool": {"pool": "MyPool", "trigger": "PreSignUp", "existing": "true", "forceDeploy": "true"}}),
 "s_pkg": dict(BASE, package={"artifact": "artifact.zip", "individually": "false", "excludeDevDependencies": "false"}),
 "s_env_number": fn(environment={"N": 5, "B": True, "F": 1.5}),
}


# A list of one where the schema wants a string, number or boolean (ajv's "vice versa").
UNWRAPPED = {
 "u_s3_event": ev({"s3": {"bucket": "mybucket", "event": ["s3:ObjectCreated:Put"]}}),
 "u_environment": prov(environment={"STAGE": ["dev"]}),
 "u_timeout_handler": fn(timeout=["30"], handler=["h.f"]),
 "u_http_path": ev({"http": {"path": [404], "method": ["get"]}}),
 "u_websocket": ev({"websocket": ["$connect"]}),
}

# `runtimeManagement` (no coercion; checked here the same way): modes, and the provider's object
# spread under the function's.
RUNTIME_MANAGEMENT = {
 "rm_function_mode": fn(runtimeManagement="onFunctionUpdate"),
 "rm_provider_manual": prov(runtimeManagement={"mode": "manual", "arn": "arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}),
 "rm_override": dict(fn(runtimeManagement={"mode": "manual"}), provider={"name": "aws", "runtime": "nodejs22.x", "runtimeManagement": {"mode": "onFunctionUpdate", "arn": "arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}}),
 "rm_auto": fn(runtimeManagement="auto"),
}

# Empty, zero, false and null values (no coercion; checked the same way): the reference tests most
# settings for truth (`if (functionObject.description)`), a few for presence.
FALSY = {
 "f_description": fn(description=""),
 "f_condition": dict(fn(condition=""), resources={"Conditions": {"C": {"Fn::Equals": ["a", "a"]}}}),
 "f_timeout": fn(timeout=0),
 "f_memory": fn(memorySize=0),
 "f_reserved": fn(reservedConcurrency=0),
 "f_provisioned": fn(provisionedConcurrency=0),
 "f_tracing": fn(tracing=False),
 "f_environment_null": fn(environment=None),
 "f_environment_empty": fn(environment={}),
 "f_tags_empty": fn(tags={}),
 "f_layers_empty": fn(layers=[]),
 "f_vpc_null": fn(vpc=None),
 "f_events_null": fn(events=None),
 "f_events_empty": fn(events=[]),
 "f_url_false": fn(url=False),
 "f_snapstart_false": fn(snapStart=False),
 "f_ephemeral_512": fn(ephemeralStorageSize=512),
 "f_retry_zero": fn(maximumRetryAttempts=0),
 "f_event_age_zero": fn(maximumEventAge=0),
 "f_disable_logs_false": fn(disableLogs=False),
 "f_depends_on_empty": fn(dependsOn=[]),
 "f_log_retention_null": fn(logRetentionInDays=None),
 "f_name_null": fn(name=None),
 "p_memory": prov(memorySize=0),
 "p_timeout": prov(timeout=0),
 "p_environment_empty": prov(environment={}),
 "p_tags_empty": prov(tags={}),
 "p_stack_tags_empty": prov(stackTags={}),
 "p_tracing_false": prov(tracing={"lambda": False}),
 "p_layers_empty": prov(layers=[]),
 "p_statements_empty": prov(iam={"role": {"statements": []}}),
 "p_legacy_statements_empty": prov(iamRoleStatements=[]),
 "p_managed_empty": prov(iam={"role": {"managedPolicies": []}}),
 "p_vpc_empty": prov(vpc={}),
 "p_log_retention_null": prov(logRetentionInDays=None),
 "p_logs_empty": prov(logs={}),
 "p_deployment_prefix_empty": prov(deploymentPrefix=""),
 "http_cors_false": ev({"http": {"path": "x", "method": "get", "cors": False}}),
 "http_private_false": ev({"http": {"path": "x", "method": "get", "private": False}}),
 "httpapi_cors_false": ev({"httpApi": {"path": "/x", "method": "get"}}, httpApi={"cors": False}),
 "sqs_batch_zero": ev({"sqs": {"arn": "arn:aws:sqs:us-east-1:123456789012:q", "batchSize": 0}}),
 "schedule_enabled_false": ev({"schedule": {"rate": "rate(1 hour)", "enabled": False}}),
 "schedule_input_empty": ev({"schedule": {"rate": "rate(1 hour)", "input": {}}}),
}

# Variable syntax as the reference's parser reads it: unterminated variables (errors), text it
# leaves to CloudFormation, fallbacks. Expected: osls refuses a `${...}` written as a fallback
# (`var_fallback_nested`, INVALID_VARIABLE_SOURCE), which stackwright reads as the bare form.
def env(value, **top):
    c = prov(environment={"VALUE": value}); c["custom"] = {"x": "cx", "n": 5, "m": {"cx": "deep"}}; c.update(top); return c
VARIABLES = {
 "var_unterminated": env("${self:custom.x"),
 "var_unterminated_in_text": env("a-${opt:stage, 'dev'"),
 "var_unterminated_nested": env("${self:custom.m.${self:custom.x}"),
 "var_cfn_unterminated": env("${AWS::Region"),
 "var_dot_not_variable": env("x-${opt.stage}"),
 "var_placeholder_text": env("${Name}-x"),
 "var_nested_address": env("${self:custom.m.${self:custom.x}}"),
 "var_number_in_text": env("n${self:custom.n}"),
 "var_fallback_bare": env("${env:STACKWRIGHT_NOPE, self:custom.x}"),
 "var_fallback_nested": env("${env:STACKWRIGHT_NOPE, ${self:custom.x}}"),
 "var_fallback_quoted": env("${opt:nope, 'a,b'}"),
 "var_file_missing_fallback": env("${file(./nope.yml):a, 'd'}"),
 "var_aws_region": env("${aws:region}"),
 "var_sls_stage": env("${sls:stage}"),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--node-modules", required=True)
    ap.add_argument("--artifact", required=True)
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    for name, cfg in {**LONE_VALUES, **STRINGS, **UNWRAPPED, **RUNTIME_MANAGEMENT, **FALSY, **VARIABLES}.items():
        if a.cases and name not in a.cases:
            continue
        d = os.path.join("/tmp/osls-cases", name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        shutil.copy(a.artifact, os.path.join(d, "artifact.zip"))
        os.symlink(os.path.abspath(a.node_modules), os.path.join(d, "node_modules"))
        with open(os.path.join(d, "serverless.yml"), "w") as f:
            json.dump(cfg, f, indent=1)  # JSON is YAML
        sw = subprocess.run([os.path.abspath(a.bin), "synth", "--color", "never"], cwd=d, capture_output=True, text=True,
                            env=dict(os.environ, SOURCE_DATE_EPOCH="1767225600"))
        template, error = osls.package(d, a.node_modules)
        line = f"{name}: stackwright {'ok' if sw.returncode == 0 else 'error'}, osls {'ok' if error is None else 'error'}"
        if sw.returncode == 0 and template is not None:
            same = not osls.differences(osls.normalized(json.loads(sw.stdout)), osls.normalized(template))
            line += ", same" if same else ", DIFFERENT"
        if sw.returncode != 0:
            line += " | " + " / ".join(l for l in sw.stderr.splitlines() if l.startswith("error"))[:200]
        if error is not None:
            line += " | osls: " + error
        print(line, flush=True)


if __name__ == "__main__":
    main()
