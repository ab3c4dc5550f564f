//! `httpApi` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct HttpApi;

impl EventType for HttpApi {
    fn name(&self) -> &'static str {
        "httpApi"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "httpApi", v, path)
    }
}
