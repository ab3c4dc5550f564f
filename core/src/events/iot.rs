//! `iot` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct Iot;

impl EventType for Iot {
    fn name(&self) -> &'static str {
        "iot"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "iot", v, path)
    }
}
