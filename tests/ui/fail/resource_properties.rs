// Your own CloudFormation, as CloudFormation reads it: a misspelled type, a property the type
// does not take, one one level too high, and a required one missing, all at `cargo check`.
fn main() {
    let _svc = stackwright::service! {
        service: "my-service",
        provider: { name: "aws", runtime: "nodejs24.x" },
        package: { artifact: "artifact.zip" },
        functions: { api: { handler: "handler.api" } },
        resources: {
            Resources: {
                Table: { Type: "AWS::DynamoDb::Table", Properties: { BillingMode: "PAY_PER_REQUEST" } },
                Queue: { Type: "AWS::SQS::Queue", Properties: { VisibilityTimout: 60 } },
                Topic: { Type: "AWS::SNS::Topic", TopicName: "alerts" },
                Role: { Type: "AWS::IAM::Role", Properties: { RoleName: "worker" } },
            },
        },
    };
}
