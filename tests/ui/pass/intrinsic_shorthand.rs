// `get_att!`, `import_value!` and `sub!` are the long intrinsic forms, written shorter.
fn main() {
    let short = stackwright::service! {
        service: "intrinsic-svc",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            capacityProviders: { pool: { permissions: { operatorRole: sub!("arn:aws:iam::${AWS::AccountId}:role/LmiOperator") } } },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            getatt: { handler: "index.getatt", capacityProvider: get_att!("PoolLambdaCapacityProvider", "Arn") },
            imported: { handler: "index.imported", capacityProvider: import_value!("shared-capacity-provider-arn") },
        },
    };
    let long = stackwright::service! {
        service: "intrinsic-svc",
        provider: {
            name: "aws",
            runtime: "nodejs24.x",
            vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
            capacityProviders: { pool: { permissions: { operatorRole: { "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/LmiOperator" } } } },
        },
        package: { artifact: "artifact.zip" },
        functions: {
            getatt: { handler: "index.getatt", capacityProvider: { "Fn::GetAtt": ["PoolLambdaCapacityProvider", "Arn"] } },
            imported: { handler: "index.imported", capacityProvider: { "Fn::ImportValue": "shared-capacity-provider-arn" } },
        },
    };
    assert_eq!(short.config(), long.config());
    assert!(!short.check().has_errors(), "{}", short.check());
}
