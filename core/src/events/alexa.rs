//! `alexaSkill` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct AlexaSkill;

impl EventType for AlexaSkill {
    fn name(&self) -> &'static str {
        "alexaSkill"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "alexaSkill", v, path)
    }
}

pub(crate) struct AlexaSmartHome;

impl EventType for AlexaSmartHome {
    fn name(&self) -> &'static str {
        "alexaSmartHome"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "alexaSmartHome", v, path)
    }
}
