//! User-given values for serverless.yml variables that would need AWS (or a CLI option) to
//! resolve: `${ssm:/path}`, `${cf:stack.Output}`, `${s3:bucket/key}`, `${aws:accountId}`,
//! `${opt:anything}`. Synthesis stays offline (DECISIONS.md D9): instead of calling AWS, the
//! resolver looks the variable up here, by the text between `${` and the fallback's comma.
//!
//! The same type serves the CLI (`--value 'ssm:/path=x'`, `--values FILE`) and Rust callers that
//! load a serverless.yml themselves.
//!
//! ```
//! use stackwright_core::Values;
//! let mut values = Values::new();
//! values.parse_assignment("ssm:/shop/db-host=db.internal").unwrap();
//! values.insert("aws:accountId", "123456789012");
//! assert_eq!(values.get("ssm:/shop/db-host"), Some(&serde_json::json!("db.internal")));
//! assert_eq!(values.get(" aws:accountId "), Some(&serde_json::json!("123456789012")));
//! ```

use std::collections::BTreeMap;

use serde_json::Value;

/// Variable → value, keyed by the variable's text without `${`, `}` and fallback
/// (`ssm:/path`, `cf:stack.Output`, `aws:accountId`); sorted, so iteration is deterministic.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Values {
    map: BTreeMap<String, Value>,
}

impl Values {
    /// No values.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the value of `variable` (surrounding spaces are ignored), replacing any earlier one.
    ///
    /// ```
    /// let mut values = stackwright_core::Values::new();
    /// values.insert("cf:network.VpcId", "vpc-123").insert("ssm:/mem", 2048);
    /// assert_eq!(values.len(), 2);
    /// ```
    pub fn insert(&mut self, variable: &str, value: impl Into<Value>) -> &mut Self {
        self.map.insert(variable.trim().to_string(), value.into());
        self
    }

    /// Parses `variable=value` (the CLI's `--value`): the variable ends at the first `=` after
    /// its source's `:`, so values may hold `=`; the value is always a string.
    ///
    /// ```
    /// let mut values = stackwright_core::Values::new();
    /// values.parse_assignment("ssm:/a=b=c").unwrap();
    /// assert_eq!(values.get("ssm:/a").unwrap(), "b=c");
    /// assert!(values.parse_assignment("ssm:/a").is_err());
    /// ```
    pub fn parse_assignment(&mut self, text: &str) -> Result<&mut Self, String> {
        let colon = text.find(':').unwrap_or(0);
        match text[colon..].find('=').map(|i| i + colon) {
            Some(eq) if !text[..eq].trim().is_empty() => Ok(self.insert(&text[..eq], &text[eq + 1..])),
            _ => Err(format!(
                "`{text}` is not `variable=value`; write e.g. `ssm:/my/param=value` or `aws:accountId=123456789012`"
            )),
        }
    }

    /// Adds every entry of a JSON object (a values file), keeping each value's type.
    ///
    /// ```
    /// let mut values = stackwright_core::Values::new();
    /// values.extend_from_json(&serde_json::json!({"ssm:/mem": 2048})).unwrap();
    /// assert_eq!(values.get("ssm:/mem").unwrap(), 2048);
    /// assert!(values.extend_from_json(&serde_json::json!([1])).is_err());
    /// ```
    pub fn extend_from_json(&mut self, object: &Value) -> Result<&mut Self, String> {
        let Value::Object(map) = object else {
            return Err("a values file must be a mapping of variable to value, e.g. `ssm:/my/param: value`".into());
        };
        for (key, value) in map {
            self.insert(key, value.clone());
        }
        Ok(self)
    }

    /// The value given for `variable` (surrounding spaces ignored).
    pub fn get(&self, variable: &str) -> Option<&Value> {
        self.map.get(variable.trim())
    }

    /// How many values there are.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}
