//! Facts of CloudFormation resource types: which types exist, and which properties each takes,
//! requires and only reports (`resource_types.txt`), and the shape of each property's value, down
//! to the objects inside (`resource_shapes.txt`); both generated from the resource provider
//! schemas of the cfn-lint version CI pins. The rules that read them are in
//! `validate/resource_properties.rs` (the template's resources) and in the plugins that take
//! CloudFormation to merge (serverless-lift's `extensions`, `provider.s3` buckets).

use std::collections::HashMap;
use std::sync::OnceLock;

pub(crate) mod shape;

/// The keys CloudFormation reads on a resource.
pub(crate) const RESOURCE_ATTRIBUTES: &[&str] = &[
    "Type",
    "Properties",
    "DependsOn",
    "Metadata",
    "Condition",
    "CreationPolicy",
    "DeletionPolicy",
    "UpdatePolicy",
    "UpdateReplacePolicy",
];

/// One type a line: name, settable, required and read-only properties, tab-separated.
const RESOURCE_TYPES: &str = include_str!("resource_types.txt");

/// A resource type CloudFormation has, with its properties as its schema lists them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ResourceType {
    pub(crate) name: &'static str,
    settable: &'static str,
    required: &'static str,
    read_only: &'static str,
}

fn words(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.split(' ').filter(|w| !w.is_empty())
}

impl ResourceType {
    /// The properties a template may set, alphabetically.
    pub(crate) fn settable(self) -> impl Iterator<Item = &'static str> {
        words(self.settable)
    }

    /// The properties CloudFormation refuses the resource without.
    pub(crate) fn required(self) -> impl Iterator<Item = &'static str> {
        words(self.required)
    }

    /// The settable property `property` most likely stands for: one it begins (`Versioning` for
    /// `VersioningConfiguration`), or a slip of one.
    pub(crate) fn nearest(self, property: &str) -> Option<&'static str> {
        let prefixed = (property.len() >= 4).then(|| self.settable().find(|p| p.starts_with(property))).flatten();
        prefixed.or_else(|| crate::diagnostics::did_you_mean(property, self.settable()))
    }

    /// Whether `property` is one a template may set.
    pub(crate) fn takes(self, property: &str) -> bool {
        self.settable().any(|p| p == property)
    }

    /// Whether `property` is one the resource only reports (an attribute such as `Arn`).
    fn reports(self, property: &str) -> bool {
        words(self.read_only).any(|p| p == property)
    }

    /// Why `property` cannot be set on a resource of this type (message, help), or `None` when it
    /// can. `logical_id`, when known, is how the help reads an attribute
    /// (`Fn::GetAtt: [Bucket, Arn]`).
    pub(crate) fn property_problem(self, property: &str, logical_id: Option<&str>) -> Option<(String, String)> {
        if self.takes(property) {
            return None;
        }
        let ty = self.name;
        if self.reports(property) {
            return Some((
                format!("`{property}` is an attribute of {ty}, which CloudFormation sets: a template cannot"),
                match logical_id {
                    Some(id) => format!("remove `{property}`; read it with `Fn::GetAtt: [{id}, {property}]`"),
                    None => format!("remove `{property}`"),
                },
            ));
        }
        let help = match self.nearest(property) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("{ty} takes {}", self.settable().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")),
        };
        Some((format!("`{property}` is not a property of {ty}: CloudFormation refuses the template"), help))
    }
}

/// One type a line, and under it one line an object of its schema (see `resource_shapes.py`).
const RESOURCE_SHAPES: &str = include_str!("resource_shapes.txt");

/// The kind of value a property takes, as its schema says.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Kind {
    /// A string, number or boolean.
    Value,
    /// Anything (free JSON, or alternatives not told apart).
    Any,
    /// The object of this name in the type's schema.
    Object(&'static str),
    /// A list of the inner kind (written as in the file).
    List(&'static str),
    /// A map of names to the inner kind.
    Map(&'static str),
}

impl Kind {
    /// The kind written `s` in the file: `S`, `J`, `@Name`, `[kind]` or `{kind}`.
    pub(crate) fn parse(s: &'static str) -> Kind {
        if let Some(name) = s.strip_prefix('@') {
            Kind::Object(name)
        } else if let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            Kind::List(inner)
        } else if let Some(inner) = s.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
            Kind::Map(inner)
        } else if s == "S" {
            Kind::Value
        } else {
            Kind::Any
        }
    }
}

/// An object a resource type's schema describes: its properties with their kinds, the ones it
/// requires, and whether it takes keys besides them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ObjectShape {
    properties: &'static str,
    required: &'static str,
    /// Whether the object takes no other keys.
    pub(crate) closed: bool,
}

impl ObjectShape {
    /// The kind of `property`'s value, when the object has it.
    pub(crate) fn kind(self, property: &str) -> Option<Kind> {
        words(self.properties)
            .find_map(|w| w.split_once('=').filter(|(n, _)| *n == property).map(|(_, k)| Kind::parse(k)))
    }

    /// The object's properties, alphabetically.
    pub(crate) fn names(self) -> impl Iterator<Item = &'static str> {
        words(self.properties).filter_map(|w| w.split_once('=').map(|(n, _)| n))
    }

    /// The properties CloudFormation refuses the object without.
    pub(crate) fn required(self) -> impl Iterator<Item = &'static str> {
        words(self.required)
    }
}

/// Every type's objects, by type name.
fn shapes() -> &'static HashMap<&'static str, Vec<(&'static str, ObjectShape)>> {
    static SHAPES: OnceLock<HashMap<&'static str, Vec<(&'static str, ObjectShape)>>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut all: HashMap<&str, Vec<(&str, ObjectShape)>> = HashMap::new();
        let mut current: Option<&str> = None;
        for line in RESOURCE_SHAPES.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let Some(object) = line.strip_prefix('\t') else {
                current = Some(line);
                continue;
            };
            let mut f = object.split('\t');
            let (Some(ty), Some(name), Some(properties), Some(required), Some(closed)) =
                (current, f.next(), f.next(), f.next(), f.next())
            else {
                continue;
            };
            all.entry(ty).or_default().push((name, ObjectShape { properties, required, closed: closed == "c" }));
        }
        all
    })
}

impl ResourceType {
    /// The object called `name` in the type's schema; `""` is the type's properties.
    pub(crate) fn object(self, name: &str) -> Option<ObjectShape> {
        shapes().get(self.name)?.iter().find(|(n, _)| *n == name).map(|(_, o)| *o)
    }
}

/// Why a resource cannot have the key `key` (message, help), or `None` when it is one of
/// [`RESOURCE_ATTRIBUTES`]. `ty` is the resource's type, when known: a property of it is the usual
/// slip (one indentation level off).
pub(crate) fn attribute_problem(key: &str, ty: Option<ResourceType>) -> Option<(String, String)> {
    if RESOURCE_ATTRIBUTES.contains(&key) {
        return None;
    }
    let help =
        match (ty.filter(|t| t.takes(key)), crate::diagnostics::did_you_mean(key, RESOURCE_ATTRIBUTES.iter().copied()))
        {
            (Some(t), _) => format!("`{key}` is a property of {}: indent it under `Properties`", t.name),
            (None, Some(near)) => format!("did you mean `{near}`?"),
            (None, None) => format!(
                "a resource takes {}",
                RESOURCE_ATTRIBUTES.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
            ),
        };
    Some((format!("`{key}` is not a resource attribute: CloudFormation refuses the template"), help))
}

/// Every type, sorted by name (as the file is).
fn table() -> &'static [ResourceType] {
    static TABLE: OnceLock<Vec<ResourceType>> = OnceLock::new();
    TABLE.get_or_init(|| {
        RESOURCE_TYPES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some(ResourceType { name: f.next()?, settable: f.next()?, required: f.next()?, read_only: f.next()? })
            })
            .collect()
    })
}

/// The resource type called `name`, if CloudFormation has it.
pub(crate) fn resource_type(name: &str) -> Option<ResourceType> {
    let table = table();
    table.binary_search_by(|t| t.name.cmp(name)).ok().map(|i| table[i])
}

/// The names of every resource type CloudFormation has.
pub(crate) fn resource_type_names() -> impl Iterator<Item = &'static str> {
    table().iter().map(|t| t.name)
}

/// The version of cfn-lint whose schemas `resource_types.txt` was generated from.
pub(crate) fn schemas_version() -> &'static str {
    RESOURCE_TYPES
        .lines()
        .next()
        .and_then(|l| l.split("cfn-lint ").nth(1))
        .and_then(|l| l.split('\'').next())
        .unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_complete_and_read_whole() {
        let lines = RESOURCE_TYPES.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(table().len(), lines, "a line without its four fields");
        assert!(table().len() > 1500);
        assert!(table().windows(2).all(|w| w[0].name < w[1].name), "binary search needs the file sorted");
        assert_eq!(schemas_version(), "1.58.0");
        assert!(table().iter().all(|t| t.object("").is_some()), "a type without its shapes");
    }

    #[test]
    fn a_type_knows_its_properties() {
        let bucket = resource_type("AWS::S3::Bucket").unwrap();
        assert!(bucket.takes("VersioningConfiguration"));
        assert!(bucket.property_problem("BucketName", Some("B")).is_none());
        let (message, help) = bucket.property_problem("Versioning", Some("B")).unwrap();
        assert_eq!(message, "`Versioning` is not a property of AWS::S3::Bucket: CloudFormation refuses the template");
        assert_eq!(help, "did you mean `VersioningConfiguration`?");
        let (message, help) = bucket.property_problem("Arn", Some("B")).unwrap();
        assert!(message.contains("attribute"), "{message}");
        assert_eq!(help, "remove `Arn`; read it with `Fn::GetAtt: [B, Arn]`");
        let function = resource_type("AWS::Lambda::Function").unwrap();
        assert_eq!(function.required().collect::<Vec<_>>(), ["Code", "Role"]);
        assert!(resource_type("AWS::DynamoDb::Table").is_none());
        let table = resource_type("AWS::DynamoDB::Table").unwrap();
        let properties = table.object("").unwrap();
        assert_eq!(properties.kind("AttributeDefinitions"), Some(Kind::List("@AttributeDefinition")));
        assert_eq!(properties.kind("TableName"), Some(Kind::Value));
        let definition = table.object("AttributeDefinition").unwrap();
        assert!(definition.closed);
        assert_eq!(definition.required().collect::<Vec<_>>(), ["AttributeName", "AttributeType"]);
        assert_eq!(definition.names().collect::<Vec<_>>(), ["AttributeName", "AttributeType"]);
        assert!(resource_type_names().any(|n| n == "AWS::DynamoDB::Table"));
    }
}
