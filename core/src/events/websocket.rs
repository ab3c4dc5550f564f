//! `websocket` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct Websocket;

impl EventType for Websocket {
    fn name(&self) -> &'static str {
        "websocket"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "websocket", v, path)
    }
}
