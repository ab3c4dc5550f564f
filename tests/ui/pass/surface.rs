// IAM, tags, logs, layers, URL, destinations and an SQS event through `service!`: the macro
// expands to builder calls (settings without a builder method go through `provider_settings` /
// `function_settings`, i.e. the same loader), and synthesizes.
fn main() {
    let mut svc = stackwright::service! {
        service: "orders",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            tags: { team: "orders", "cost-center": "297" },
            logRetentionInDays: 30,
            tracing: { lambda: true },
            iam: {
                role: {
                    statements: [
                        { Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: get_att!("OrdersTable", "Arn") },
                        { Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::reports/*"] },
                    ],
                    managedPolicies: ["arn:aws:iam::aws:policy/AWSXrayReadOnlyAccess"],
                },
            },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            api: {
                handler: "handler.api",
                capacityProvider: "default",
                url: true,
                layers: ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"],
            },
            worker: {
                handler: "handler.worker",
                capacityProvider: "default",
                destinations: { onFailure: "arn:aws:sqs:us-east-1:123456789012:dlq" },
                maximumRetryAttempts: 1,
                events: [{ sqs: { arn: "arn:aws:sqs:us-east-1:123456789012:jobs", batchSize: 10 } }],
            },
        },
        resources: {
            Resources: {
                OrdersTable: {
                    Type: "AWS::DynamoDB::Table",
                    Properties: { BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }] },
                },
            },
        },
    };
    svc.build_time_millis(1767225600000);
    let t = svc.check();
    assert!(!t.has_errors(), "{t}");
    let config = svc.config();
    assert_eq!(config.functions["worker"].events.len(), 1);
    assert_eq!(config.provider.log_retention_in_days, Some(30));
}
