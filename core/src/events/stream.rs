//! `stream` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct Stream;

impl EventType for Stream {
    fn name(&self) -> &'static str {
        "stream"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "stream", v, path)
    }
}
