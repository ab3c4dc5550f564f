//! `cognitoUserPool` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct CognitoUserPool;

impl EventType for CognitoUserPool {
    fn name(&self) -> &'static str {
        "cognitoUserPool"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "cognitoUserPool", v, path)
    }
}
