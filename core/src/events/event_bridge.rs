//! `eventBridge` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct EventBridge;

impl EventType for EventBridge {
    fn name(&self) -> &'static str {
        "eventBridge"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "eventBridge", v, path)
    }
}
