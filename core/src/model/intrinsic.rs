//! CloudFormation values: plain strings or intrinsic functions (`Ref`, `Fn::GetAtt`, ...).

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

/// A CloudFormation value that is either a literal string or an intrinsic function.
///
/// Used wherever the reference accepts "a string or a CloudFormation function": capacity-provider
/// references, operator roles, KMS keys, VPC ids, environment values.
///
/// ```
/// use stackwright_core::{Expr, Intrinsic};
/// let arn: Expr = "arn:aws:kms:us-east-1:123456789012:key/abc".into();
/// assert!(arn.as_str().is_some());
/// let att: Expr = Intrinsic::get_att("MyRole", "Arn").into();
/// assert_eq!(att.to_json(), serde_json::json!({"Fn::GetAtt": ["MyRole", "Arn"]}));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal string.
    Str(String),
    /// A literal number (only meaningful inside intrinsic arguments, e.g. `Fn::Select`).
    Number(serde_json::Number),
    /// A literal boolean (only meaningful inside intrinsic arguments, e.g. `Fn::If` branches).
    Bool(bool),
    /// A list of values (e.g. an `Fn::If` branch that yields a list).
    List(Vec<Expr>),
    /// An intrinsic function.
    Fn(Box<Intrinsic>),
}

/// A CloudFormation intrinsic function.
///
/// ```
/// use stackwright_core::Intrinsic;
/// let v = Intrinsic::sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/Op");
/// assert_eq!(v.name(), "Fn::Sub");
/// ```
///
/// CloudFormation adds intrinsic functions (`Fn::GetAZs` and `Fn::Cidr` were added here late), so
/// a `match` outside this crate needs a `_` arm.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Intrinsic {
    /// `{"Ref": "LogicalId"}`: a resource, parameter or pseudo parameter (`AWS::Region`).
    Ref(String),
    /// `{"Fn::GetAtt": ["LogicalId", "Attribute"]}`.
    GetAtt {
        /// The resource's logical ID.
        resource: String,
        /// The attribute, e.g. `Arn`.
        attribute: String,
    },
    /// `{"Fn::Sub": "..."}` or `{"Fn::Sub": ["...", {variables}]}`.
    Sub {
        /// The template string with `${...}` placeholders.
        template: String,
        /// Variables; `None` gives the string form.
        variables: Option<IndexMap<String, Expr>>,
    },
    /// `{"Fn::Join": ["delimiter", [values]]}`.
    Join {
        /// The delimiter.
        delimiter: String,
        /// The values (a list, or an intrinsic that yields a list).
        values: Expr,
    },
    /// `{"Fn::ImportValue": value}`.
    ImportValue(Expr),
    /// `{"Fn::Split": ["delimiter", source]}`.
    Split {
        /// The delimiter.
        delimiter: String,
        /// The string to split.
        source: Expr,
    },
    /// `{"Fn::FindInMap": [map, topKey, secondKey]}`.
    FindInMap {
        /// The mapping's name.
        map: Expr,
        /// The top-level key.
        top_key: Expr,
        /// The second-level key.
        second_key: Expr,
    },
    /// `{"Fn::If": ["Condition", then, else]}`.
    If {
        /// The condition's name.
        condition: String,
        /// Value when the condition is true.
        then: Expr,
        /// Value when the condition is false.
        otherwise: Expr,
    },
    /// `{"Fn::Select": [index, list]}`.
    Select {
        /// The index.
        index: Expr,
        /// The list.
        list: Expr,
    },
    /// `{"Fn::Base64": value}`.
    Base64(Expr),
    /// `{"Fn::GetAZs": region}`: the region's Availability Zones (`""` is the stack's region).
    GetAzs(Expr),
    /// `{"Fn::Cidr": [ipBlock, count, cidrBits]}`: a list of CIDR blocks.
    Cidr {
        /// The block to divide, e.g. `10.0.0.0/16`.
        block: Expr,
        /// How many blocks.
        count: Expr,
        /// The host bits of each block (8 gives a /24 from a /16).
        bits: Expr,
    },
}

impl Intrinsic {
    /// `{"Ref": name}`.
    pub fn reference(name: impl Into<String>) -> Self {
        Intrinsic::Ref(name.into())
    }
    /// `{"Fn::GetAtt": [resource, attribute]}`.
    ///
    /// ```
    /// # use stackwright_core::Intrinsic;
    /// assert_eq!(Intrinsic::get_att("Cp", "Arn").name(), "Fn::GetAtt");
    /// ```
    pub fn get_att(resource: impl Into<String>, attribute: impl Into<String>) -> Self {
        Intrinsic::GetAtt { resource: resource.into(), attribute: attribute.into() }
    }
    /// `{"Fn::Sub": template}`.
    pub fn sub(template: impl Into<String>) -> Self {
        Intrinsic::Sub { template: template.into(), variables: None }
    }
    /// `{"Fn::ImportValue": name}`.
    pub fn import_value(name: impl Into<Expr>) -> Self {
        Intrinsic::ImportValue(name.into())
    }
    /// `{"Fn::Join": [delimiter, values]}`.
    pub fn join(delimiter: impl Into<String>, values: impl IntoIterator<Item = impl Into<Expr>>) -> Self {
        Intrinsic::Join {
            delimiter: delimiter.into(),
            values: Expr::List(values.into_iter().map(Into::into).collect()),
        }
    }
    /// `{"Fn::Split": [delimiter, source]}`.
    pub fn split(delimiter: impl Into<String>, source: impl Into<Expr>) -> Self {
        Intrinsic::Split { delimiter: delimiter.into(), source: source.into() }
    }
    /// `{"Fn::FindInMap": [map, top, second]}`.
    pub fn find_in_map(map: impl Into<Expr>, top: impl Into<Expr>, second: impl Into<Expr>) -> Self {
        Intrinsic::FindInMap { map: map.into(), top_key: top.into(), second_key: second.into() }
    }
    /// `{"Fn::If": [condition, then, otherwise]}`.
    pub fn if_(condition: impl Into<String>, then: impl Into<Expr>, otherwise: impl Into<Expr>) -> Self {
        Intrinsic::If { condition: condition.into(), then: then.into(), otherwise: otherwise.into() }
    }

    /// The function's key in JSON, e.g. `Fn::GetAtt`.
    pub fn name(&self) -> &'static str {
        match self {
            Intrinsic::Ref(_) => "Ref",
            Intrinsic::GetAtt { .. } => "Fn::GetAtt",
            Intrinsic::Sub { .. } => "Fn::Sub",
            Intrinsic::Join { .. } => "Fn::Join",
            Intrinsic::ImportValue(_) => "Fn::ImportValue",
            Intrinsic::Split { .. } => "Fn::Split",
            Intrinsic::FindInMap { .. } => "Fn::FindInMap",
            Intrinsic::If { .. } => "Fn::If",
            Intrinsic::Select { .. } => "Fn::Select",
            Intrinsic::Base64(_) => "Fn::Base64",
            Intrinsic::GetAzs(_) => "Fn::GetAZs",
            Intrinsic::Cidr { .. } => "Fn::Cidr",
        }
    }

    /// Whether the function yields a list (`Fn::Split`, `Fn::GetAZs`, `Fn::Cidr`, an `Fn::If`
    /// with a list branch), which a place that takes a string refuses. (A `Ref` to a list
    /// parameter does too; that takes the template's parameters to know.)
    ///
    /// ```
    /// # use stackwright_core::{Expr, Intrinsic};
    /// assert!(Intrinsic::split(",", "a,b").yields_list());
    /// assert!(Intrinsic::if_("Prod", Expr::List(vec![]), Expr::Str("a".into())).yields_list());
    /// assert!(!Intrinsic::sub("x").yields_list());
    /// ```
    pub fn yields_list(&self) -> bool {
        let is_list = |e: &Expr| matches!(e, Expr::List(_)) || e.as_intrinsic().is_some_and(Intrinsic::yields_list);
        match self {
            Intrinsic::Split { .. } | Intrinsic::GetAzs(_) | Intrinsic::Cidr { .. } => true,
            Intrinsic::If { then, otherwise, .. } => is_list(then) || is_list(otherwise),
            _ => false,
        }
    }

    /// The CloudFormation JSON form (long form, e.g. `Fn::GetAtt` as a two-element list).
    pub fn to_json(&self) -> Value {
        let args = match self {
            Intrinsic::Ref(name) => Value::String(name.clone()),
            Intrinsic::GetAtt { resource, attribute } => json!([resource, attribute]),
            Intrinsic::Sub { template, variables: None } => Value::String(template.clone()),
            Intrinsic::Sub { template, variables: Some(vars) } => {
                let vars: Map<String, Value> = vars.iter().map(|(k, v)| (k.clone(), v.to_json())).collect();
                json!([template, vars])
            }
            Intrinsic::Join { delimiter, values } => json!([delimiter, values.to_json()]),
            Intrinsic::ImportValue(v) | Intrinsic::Base64(v) | Intrinsic::GetAzs(v) => v.to_json(),
            Intrinsic::Cidr { block, count, bits } => json!([block.to_json(), count.to_json(), bits.to_json()]),
            Intrinsic::Split { delimiter, source } => json!([delimiter, source.to_json()]),
            Intrinsic::FindInMap { map, top_key, second_key } => {
                json!([map.to_json(), top_key.to_json(), second_key.to_json()])
            }
            Intrinsic::If { condition, then, otherwise } => json!([condition, then.to_json(), otherwise.to_json()]),
            Intrinsic::Select { index, list } => json!([index.to_json(), list.to_json()]),
        };
        let mut map = Map::new();
        map.insert(self.name().to_string(), args);
        Value::Object(map)
    }

    /// Calls `f` for every `Ref` target and `Fn::GetAtt` (resource, attribute) inside this value,
    /// including nested ones and `${Name}` / `${Name.Attr}` placeholders of `Fn::Sub`.
    pub fn visit_references(&self, f: &mut dyn FnMut(Reference<'_>)) {
        match self {
            Intrinsic::Ref(name) => f(Reference::Ref(name)),
            Intrinsic::GetAtt { resource, attribute } => f(Reference::GetAtt(resource, attribute)),
            Intrinsic::Sub { template, variables } => {
                for placeholder in sub_placeholders(template) {
                    if variables.as_ref().is_some_and(|v| v.contains_key(placeholder)) {
                        continue;
                    }
                    match placeholder.split_once('.') {
                        Some((res, attr)) => f(Reference::GetAtt(res, attr)),
                        None => f(Reference::Ref(placeholder)),
                    }
                }
                for v in variables.iter().flat_map(|v| v.values()) {
                    v.visit_references(f);
                }
            }
            Intrinsic::Join { values, .. } => values.visit_references(f),
            Intrinsic::ImportValue(v) | Intrinsic::Base64(v) | Intrinsic::GetAzs(v) => v.visit_references(f),
            Intrinsic::Cidr { block, count, bits } => {
                for e in [block, count, bits] {
                    e.visit_references(f);
                }
            }
            Intrinsic::Split { source, .. } => source.visit_references(f),
            Intrinsic::FindInMap { map, top_key, second_key } => {
                for e in [map, top_key, second_key] {
                    e.visit_references(f);
                }
            }
            Intrinsic::If { then, otherwise, .. } => {
                then.visit_references(f);
                otherwise.visit_references(f);
            }
            Intrinsic::Select { index, list } => {
                index.visit_references(f);
                list.visit_references(f);
            }
        }
    }
}

/// A reference found inside an intrinsic, see [`Intrinsic::visit_references`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference<'a> {
    /// `Ref` target.
    Ref(&'a str),
    /// `Fn::GetAtt` resource and attribute.
    GetAtt(&'a str, &'a str),
}

/// The `${...}` placeholders of an `Fn::Sub` template, without literal `${!...}` escapes.
pub(crate) fn sub_placeholders(template: &str) -> impl Iterator<Item = &str> {
    template.split("${").skip(1).filter_map(|rest| {
        let end = rest.find('}')?;
        let name = rest[..end].trim();
        (!name.starts_with('!') && !name.is_empty()).then_some(name)
    })
}

impl Expr {
    /// The literal string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Expr::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The literal string, if this is one whose value is known before deploy: not for a string
    /// holding a CloudFormation dynamic reference (`{{resolve:ssm:/name}}`), which CloudFormation
    /// replaces at deploy time, so format rules check only what this returns.
    ///
    /// ```
    /// use stackwright_core::model::Expr;
    /// assert_eq!(Expr::Str("sg-1".into()).known_str(), Some("sg-1"));
    /// assert_eq!(Expr::Str("{{resolve:ssm:/app/sg}}".into()).known_str(), None);
    /// ```
    pub fn known_str(&self) -> Option<&str> {
        self.as_str().filter(|s| !s.contains("{{resolve:"))
    }

    /// The intrinsic, if this is one.
    pub fn as_intrinsic(&self) -> Option<&Intrinsic> {
        match self {
            Expr::Fn(i) => Some(i),
            _ => None,
        }
    }

    /// The CloudFormation JSON form.
    pub fn to_json(&self) -> Value {
        match self {
            Expr::Str(s) => Value::String(s.clone()),
            Expr::Number(n) => Value::Number(n.clone()),
            Expr::Bool(b) => Value::Bool(*b),
            Expr::List(items) => Value::Array(items.iter().map(Expr::to_json).collect()),
            Expr::Fn(i) => i.to_json(),
        }
    }

    /// See [`Intrinsic::visit_references`].
    pub fn visit_references(&self, f: &mut dyn FnMut(Reference<'_>)) {
        match self {
            Expr::Fn(i) => i.visit_references(f),
            Expr::List(items) => items.iter().for_each(|e| e.visit_references(f)),
            Expr::Str(_) | Expr::Number(_) | Expr::Bool(_) => {}
        }
    }
}

impl From<&str> for Expr {
    fn from(s: &str) -> Self {
        Expr::Str(s.to_string())
    }
}
impl From<String> for Expr {
    fn from(s: String) -> Self {
        Expr::Str(s)
    }
}
impl From<&String> for Expr {
    fn from(s: &String) -> Self {
        Expr::Str(s.clone())
    }
}
impl From<Intrinsic> for Expr {
    fn from(i: Intrinsic) -> Self {
        Expr::Fn(Box::new(i))
    }
}
