//! Loading serverless.json-shaped configs into the model.
use crate::diagnostics::Diagnostics;
use crate::model::ServiceConfig;
pub(crate) fn from_json_str(_json: &str) -> Result<ServiceConfig, Diagnostics> { todo!() }
