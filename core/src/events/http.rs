//! `http` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct Http;

impl EventType for Http {
    fn name(&self) -> &'static str {
        "http"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "http", v, path)
    }
}
