//! serverless-api-compression 1.0.1 (`index.js`, hook `package:compileEvents`) and
//! serverless-content-encoding 1.1.0 (`src/index.js`, hook `before:package:finalize`): the REST
//! API the framework compiles gets `MinimumCompressionSize`.
//!
//! - serverless-api-compression: `custom.contentCompression` when it is an integer,
//!   `{"Ref": "AWS::NoValue"}` when it is `null` or `false`, else 0.
//! - serverless-content-encoding: `custom.contentEncoding.minimumCompressionSize` when it is an
//!   integer of 0 or more, `{"Ref": "AWS::NoValue"}` when it is `null`, an error otherwise; 0
//!   without `custom.contentEncoding`. Its hook comes later, so its value wins.
//!
//! The value replaces one `provider.apiGateway.minimumCompressionSize` set where it stands; a
//! `MinimumCompressionSize` of the user's `resources` for the API wins (merged after). Without a
//! compiled REST API (no `http` event, or `provider.apiGateway.restApiId`) both plugins do
//! nothing, so content-encoding's value is not checked either.

use serde_json::{Map, Value, json};

use crate::codes;
use crate::reader::{Loader, get, join};

/// serverless-api-compression's npm name.
pub(crate) const API_COMPRESSION: &str = "serverless-api-compression";
/// serverless-content-encoding's npm name.
pub(crate) const CONTENT_ENCODING: &str = "serverless-content-encoding";

/// The value the listed plugins set, the later hook's winning; `None` when neither is listed or
/// the stack compiles no REST API (`rest_api`).
pub(crate) fn size(
    l: &mut Loader,
    custom: Option<&Map<String, Value>>,
    plugins: &[String],
    rest_api: bool,
) -> Option<Value> {
    if !rest_api {
        return None;
    }
    let integer = |v: &Value| v.as_f64().filter(|n| n.fract() == 0.0).map(|n| n as i64);
    let no_value = || json!({"Ref": "AWS::NoValue"});
    let mut size = None;
    if super::listed(plugins, API_COMPRESSION) {
        size = Some(match custom.and_then(|c| get(c, "contentCompression")) {
            Some(Value::Null | Value::Bool(false)) => no_value(),
            Some(v) if integer(v).is_some() => v.clone(),
            _ => json!(0),
        });
    }
    if super::listed(plugins, CONTENT_ENCODING) {
        size = Some(match custom.and_then(|c| get(c, "contentEncoding")).filter(|v| crate::json::truthy(Some(v))) {
            None => json!(0),
            Some(settings) => match settings.get("minimumCompressionSize") {
                Some(Value::Null) => no_value(),
                Some(v) if integer(v).is_some_and(|n| n >= 0) => v.clone(),
                found => {
                    let at = join(&join("custom", "contentEncoding"), "minimumCompressionSize");
                    let found = found.map_or("nothing".to_string(), crate::reader::describe);
                    l.error_help(
                        codes::CONFIG_INVALID_VALUE,
                        &at,
                        format!("serverless-content-encoding needs an integer of 0 or more, or null; found {found}"),
                        "write the size in bytes from which responses are compressed (e.g. `1024`), or `null` for none",
                    );
                    return None;
                }
            },
        });
    }
    size
}
