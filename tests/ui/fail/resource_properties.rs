// Your own CloudFormation, as CloudFormation reads it: a misspelled type, a property the type
// does not take, one one level too high, a required one missing, a map where the type takes a
// list of tags and a misspelt key inside a property, all at `cargo check`.
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
                Tagged: { Type: "AWS::SQS::Queue", Properties: { Tags: { team: "core" } } },
                Users: {
                    Type: "AWS::DynamoDB::Table",
                    Properties: {
                        BillingMode: "PAY_PER_REQUEST",
                        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
                        AttributeDefinitions: [{ AttributeName: "id", AttributeTyp: "S" }],
                    },
                },
            },
        },
    };
}
