//! `activemq` events: not implemented yet (rejected as not supported).

use serde_json::Value;

use super::EventType;
use crate::load::reader::Loader;

pub(crate) struct ActiveMq;

impl EventType for ActiveMq {
    fn name(&self) -> &'static str {
        "activemq"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "activemq", v, path)
    }

    fn managed_instances(&self) -> bool {
        false
    }
}

pub(crate) struct RabbitMq;

impl EventType for RabbitMq {
    fn name(&self) -> &'static str {
        "rabbitmq"
    }

    fn load(&self, l: &mut Loader, v: &Value, path: &str) -> Option<Value> {
        super::not_supported_yet(l, "rabbitmq", v, path)
    }

    fn managed_instances(&self) -> bool {
        false
    }
}
