// The two expansions of `service!` build the same model: a declaration of literals expands to
// builder calls (`stackwright_core::codegen`), the same declaration with one run-time value to
// core's loader. Settings here are the ones the conformance cases (covered by the `convert` round
// trip) do not show: intrinsics of every kind in values, fractional numbers, an empty environment,
// settings without a builder method, plain-function options and every `resources` section.

macro_rules! declare {
    ($($stage:tt)*) => {
        stackwright::service! {
            service: "codegen-forms",
            provider: {
                name: "aws",
                runtime: "python3.13",
                stage: $($stage)*,
                region: "eu-west-1",
                memorySize: 4096,
                timeout: 60,
                architecture: "arm64",
                versionFunctions: true,
                deploymentBucket: { name: "codegen-forms-artifacts" },
                environment: {
                    TABLE: { Ref: "Table" },
                    QUEUE_URL: { "Fn::GetAtt": ["Queue", "QueueUrl"] },
                    GREETING: { "Fn::Sub": ["Hello ${Name}", { Name: { Ref: "AWS::StackName" } }] },
                    JOINED: { "Fn::Join": [",", ["a", { Ref: "AWS::Region" }]] },
                    PICKED: { "Fn::Select": [0, { "Fn::Split": [",", "x,y"] }] },
                    MAPPED: { "Fn::FindInMap": ["Sizes", "dev", "memory"] },
                    CHOSEN: { "Fn::If": ["IsProd", "prod", "dev"] },
                    ENCODED: { "Fn::Base64": "hello" },
                    IMPORTED: { "Fn::ImportValue": "shared-value" },
                    PLAIN: "plain \"quoted\" \\ value",
                },
                vpc: { subnetIds: ["subnet-0abc1234", "subnet-0def5678"], securityGroupIds: ["sg-0abc1234"] },
                capacityProviders: {
                    "high-mem_pool": {
                        instanceRequirements: { allowedInstanceTypes: ["r7g.large", "r7g.xlarge"], architectures: ["arm64"] },
                        scaling: {
                            mode: "manual",
                            maxVCpuCount: 64,
                            policies: [
                                { predefinedMetricType: "LambdaCapacityProviderAverageCPUUtilization", targetValue: 62.5 },
                            ],
                        },
                        kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    },
                    spare: { instanceRequirements: { excludedInstanceTypes: ["t3.nano"] }, scaling: { mode: "auto", maxVCpuCount: 24 } },
                    unused: { scaling: { maxVCpuCount: 12 } },
                },
            },
            package: { individually: false, artifact: "artifact.zip" },
            functions: {
                etl: {
                    handler: "etl.handler",
                    name: "codegen-forms-etl",
                    description: "Extract, transform, load",
                    memorySize: 8192,
                    environment: {},
                    capacityProvider: { name: "high-mem_pool", maxConcurrency: 16, memoryPerVCpu: 8, scaling: { min: 2 } },
                    versionFunction: false,
                },
                spare: { handler: "spare.handler", capacityProvider: { name: "spare", scaling: { min: 0, max: 0 } } },
                external: {
                    handler: "external.handler",
                    capacityProvider: "arn:aws:lambda:eu-west-1:123456789012:capacity-provider:shared",
                },
                imported: {
                    handler: "imported.handler",
                    capacityProvider: { name: { "Fn::ImportValue": "shared-cp-arn" }, maxConcurrency: 8 },
                },
                plain: {
                    handler: "plain.handler",
                    memorySize: 1024,
                    timeout: 900,
                    vpc: false,
                    reservedConcurrency: 5,
                    provisionedConcurrency: 1,
                    package: { artifact: "plain.zip" },
                },
                dualstack: {
                    handler: "dualstack.handler",
                    memorySize: 512,
                    vpc: { ipv6AllowedForDualStack: true },
                    fileSystemConfig: {
                        arn: "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-0123456789abcdef0",
                        localMountPath: "/mnt/data",
                    },
                },
            },
            resources: {
                Description: "codegen forms",
                Parameters: { Size: { Type: "Number", Default: 1 } },
                Mappings: { Sizes: { dev: { memory: "small" } } },
                Conditions: { IsProd: { "Fn::Equals": [{ Ref: "AWS::StackName" }, "prod"] } },
                Resources: {
                    Table: {
                        Type: "AWS::DynamoDB::Table",
                        Properties: { BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }] },
                    },
                    Queue: { Type: "AWS::SQS::Queue", Properties: { VisibilityTimeout: 30.5, Tags: [] } },
                },
                Outputs: { TableName: { Value: { Ref: "Table" } } },
            },
        }
    };
}

fn main() {
    let literal = declare!("dev").into_unbranded();
    let stage = "dev";
    let run_time = declare!(stage).into_unbranded();
    assert_eq!(literal.config(), run_time.config());
    let diagnostics = literal.check();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
}
