//! serverless-plugin-log-subscription 2.2.1 (npm; `serverless-plugin-log-subscription.js`), hook
//! `aws:package:finalize:mergeCustomProviderResources` (after the user's resources are merged):
//! for each function whose settings (`custom.logSubscription`, over them the function's own
//! `logSubscription`: an object, or a boolean for `enabled`) are enabled, an
//! `AWS::Logs::SubscriptionFilter` `<Fn>SubscriptionFilter` on its log group, and, when the
//! destination is a Lambda function and `addLambdaPermission` is not `false`, the
//! `AWS::Lambda::Permission` `<Fn>LogLambdaPermission` that lets CloudWatch Logs invoke it. A list
//! of settings gives each its own filters (`<Fn>SubscriptionFilter0`, ...).
//!
//! ```yaml
//! plugins:
//!   - serverless-plugin-log-subscription
//! custom:
//!   logSubscription:
//!     enabled: true
//!     destinationArn: {Fn::GetAtt: [ShipLambdaFunction, Arn]}
//!     filterPattern: '{ $.level = "error" }'
//! functions:
//!   ship:
//!     handler: handler.ship
//!     logSubscription: false
//! ```
//!
//! Its API Gateway half (`apiGatewayLogs: true` with `provider.logs.restApi`) asks AWS whether
//! the stack exists while packaging: an error here (D9), with what to write instead. The
//! resources are made in `synth/plugins.rs`.

use serde_json::Value;

/// The plugin's npm name.
pub const LOG_SUBSCRIPTION: &str = "serverless-plugin-log-subscription";
/// Its settings under `custom` (and the function's key).
pub const CUSTOM: &str = "logSubscription";

/// The plugin's settings, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct LogSubscriptions {
    /// `custom.logSubscription` (an object, a list of them, or `null`).
    pub settings: Value,
    /// `functions.<key>.logSubscription`, by function key.
    pub functions: Vec<(String, Value)>,
}
