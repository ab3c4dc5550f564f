//! serverless.yml variables (DECISIONS.md D9). Resolved offline, as the reference resolves them:
//!
//! | variable | value |
//! |---|---|
//! | `${self:a.b}` | the config's own value (its variables resolved) |
//! | `${opt:stage}`, `${opt:region}` | `--stage`, `--region` |
//! | `${sls:stage}` | `--stage`, else `provider.stage`, else `dev` |
//! | `${sls:instanceId}` | the build time in epoch milliseconds (`SOURCE_DATE_EPOCH`, else the run's one instant, which also names the API deployment; a prebuilt package's for `deploy --package`) |
//! | `${aws:region}` | `--region`, else `provider.region`, else `us-east-1` |
//! | `${aws:partition}` | `aws`, `aws-cn` or `aws-us-gov`, from that region |
//! | `${env:NAME}` | the environment, then `.env.<stage>` or `.env` when `useDotenv: true` |
//! | `${param:NAME}` | `--param NAME=value`, else `stages.<stage>.params`/`params.<stage>`, else their `default` |
//! | `${file(./x.yml)}`, `${file(./x.json):a.b}` | a YAML/JSON file next to the config, whole or a path in it |
//! | `${git:sha1}`, ... | with serverless-plugin-git-variables: git in the config's directory ([`git`]) |
//!
//! Variables that need AWS (`ssm`, `cf`, `s3`, `sts`, `secretsmanager`, `${aws:accountId}`) and
//! any other source take a user-given value first (`--value 'ssm:/x=v'`, `--values FILE`: a
//! [`Values`]). Without one, where the value lands in a CloudFormation string, CloudFormation
//! resolves it at deploy time: `${ssm:NAME}` becomes `{{resolve:ssm:NAME}}`,
//! `${ssm:/aws/reference/secretsmanager/NAME}` `{{resolve:secretsmanager:NAME}}` and `${aws:accountId}`
//! becomes `AWS::AccountId` (a `Ref`, or `Fn::Sub` within a longer string): a deliberate
//! difference from the reference, which calls AWS while packaging. Otherwise the fallback is
//! used, else it is an error naming the variable and both ways to give it.
//!
//! `${AWS::Region}` and `${Name}` (no `source:` prefix) are CloudFormation `Fn::Sub` placeholders
//! and are left alone, as the reference does.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use stackwright_core::{Diagnostic, Diagnostics, Values};
use stackwright_core::{codes, config_path, plugins};

/// What variables resolve against besides the config itself.
///
/// ```
/// use stackwright_cli::vars::Options;
/// let mut options = Options { stage: Some("prod".into()), ..Options::default() };
/// options.values.parse_assignment("ssm:/db/host=db.internal").unwrap();
/// options.values.insert("param:domain", "example.com"); // what `--param domain=example.com` adds
/// ```
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--stage`.
    pub stage: Option<String>,
    /// `--region`.
    pub region: Option<String>,
    /// User-given values (`--value`, `--values FILE`, `--param` as `param:NAME`), looked up by the
    /// variable's text (`ssm:/path`, `aws:accountId`, `opt:domain`).
    pub values: Values,
    /// The directory `${file(...)}` and `.env` files are read from (the config's directory);
    /// `None` (text loaded from memory) makes them errors.
    pub base_dir: Option<PathBuf>,
}

impl Options {
    /// The CLI's options: `--stage`, `--region`, `--param NAME=VALUE`, `--value VARIABLE=VALUE`
    /// and `--values FILE` (YAML or JSON mappings; later files and then `--value` win). The error
    /// names the bad argument.
    ///
    /// ```
    /// use stackwright_cli::vars::Options;
    /// let o = Options::from_cli(None, None, &["domain=x.com".into()], &["ssm:/a=b".into()], &[]).unwrap();
    /// assert_eq!(o.values.get("param:domain").unwrap(), "x.com");
    /// assert!(Options::from_cli(None, None, &["domain".into()], &[], &[]).is_err());
    /// ```
    pub fn from_cli(
        stage: Option<String>,
        region: Option<String>,
        params: &[String],
        values: &[String],
        files: &[PathBuf],
    ) -> Result<Options, String> {
        let mut options = Options { stage, region, ..Options::default() };
        for file in files {
            let text = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read values file {}: {e}", file.display()))?;
            let parsed = crate::yaml::parse(&text, &mut crate::source::SourceMap::default())
                .map_err(|e| format!("values file {}: invalid YAML or JSON: {}", file.display(), e.message))?;
            options.values.extend_from_json(&parsed).map_err(|e| format!("values file {}: {e}", file.display()))?;
        }
        for param in params {
            match param.split_once('=') {
                Some((name, value)) if !name.trim().is_empty() => {
                    options.values.insert(&format!("param:{}", name.trim()), value.trim_end());
                }
                _ => return Err(format!("--param `{param}` is not `NAME=VALUE`")),
            }
        }
        for value in values {
            options.values.parse_assignment(value).map_err(|e| format!("--value {e}"))?;
        }
        Ok(options)
    }
}

/// Self-references nest (a `custom` value may use `${opt:stage}`); deeper than this is a cycle.
const MAX_DEPTH: usize = 16;

/// Values and string bytes that `${self:...}` and `${file(...)}` references may copy in all: far
/// more than any real config needs, far fewer than exhaust memory or time. Each reference copies
/// its value, so references to values with references grow exponentially, as YAML aliases do.
const MAX_EXPANDED_VALUES: usize = 100_000;
const MAX_EXPANDED_BYTES: usize = 10_000_000;

/// Values with variables resolved may nest no deeper than parsed ones (the YAML parser's and
/// serde_json's limit): `${self:...}` puts a value inside another, and resolving recurses.
const MAX_NESTING: usize = 128;

/// Top-level keys whose values serve variables only (`${self:custom...}`, `${param:...}`): they are
/// resolved where they are used, so that plugin settings or another stage's `${ssm:...}` params
/// need no value.
const RESOLVED_WHERE_USED: &[&str] = &["custom", "params", "stages"];

/// Sources that need AWS to resolve: they take a user-given value (or a CloudFormation dynamic
/// reference, for `ssm`).
const AWS_SOURCES: &[&str] = &["ssm", "cf", "s3", "sts", "secretsmanager"];

/// Resolves every variable in `root` in place; each unresolvable one is a
/// `CONFIG_UNRESOLVED_VARIABLE` diagnostic at the path of the string that holds it.
///
/// ```
/// use stackwright_cli::vars::{resolve, Options};
/// let mut v = serde_json::json!({"custom": {"mem": 4096}, "provider": {"memorySize": "${self:custom.mem}",
///     "stage": "${opt:stage, 'dev'}", "environment": {"DB": "${ssm:/db/host}"}}, "x": "${cf:net.VpcId}"});
/// let diags = resolve(&mut v, &Options::default(), &|_| None);
/// assert_eq!(v["provider"]["memorySize"], 4096);
/// assert_eq!(v["provider"]["stage"], "dev");
/// assert_eq!(v["provider"]["environment"]["DB"], "{{resolve:ssm:/db/host}}");
/// assert!(diags.iter().next().unwrap().help.contains("--value 'cf:net.VpcId=VALUE'"));
/// ```
pub fn resolve(root: &mut Value, options: &Options, env: &dyn Fn(&str) -> Option<String>) -> Diagnostics {
    resolve_with_places(root, options, env).0
}

/// [`resolve`], and the config path of every string left unresolved (a diagnostic stands for all
/// the places of its cause, so it has one path and names the others).
///
/// One cause, one error: a variable that cannot be resolved is one error however many places
/// use it, at its first place and naming the others (the reference stops at the first one).
///
/// ```
/// use stackwright_cli::vars::{resolve_with_places, Options};
/// let mut v = serde_json::json!({"provider": {"environment": {"A": "${env:NOPE}"}}, "functions": {"f": {"environment": {"B": "${env:NOPE}"}}}});
/// let (diags, places) = resolve_with_places(&mut v, &Options::default(), &|_| None);
/// assert_eq!(diags.len(), 1);
/// assert!(diags.iter().next().unwrap().message.ends_with("(also used at functions.f.environment.B)"));
/// assert_eq!(places, ["provider.environment.A", "functions.f.environment.B"]);
/// ```
pub fn resolve_with_places(
    root: &mut Value,
    options: &Options,
    env: &dyn Fn(&str) -> Option<String>,
) -> (Diagnostics, Vec<String>) {
    let (diagnostics, places) = resolve_reading_git(root, options, env, &git::Git::default());
    (diagnostics, places.into_iter().map(|(path, _)| path).collect())
}

/// [`resolve_with_places`] with `git`'s values, which serverless-plugin-git-variables' export
/// then reads again without running git a second time; each place comes with the string left
/// there (a name the framework cuts from it is recognized by it).
pub(crate) fn resolve_reading_git(
    root: &mut Value,
    options: &Options,
    env: &dyn Fn(&str) -> Option<String>,
    git: &git::Git,
) -> (Diagnostics, Vec<(String, String)>) {
    let mut diagnostics = Diagnostics::new();
    // Most configs have few variables: find them without copying or formatting anything, then
    // resolve each against the untouched tree (so every `${self:...}` sees the file as written).
    let mut sites = Vec::new();
    collect(root, &mut Vec::new(), &mut sites);
    let custom_is_variable = matches!(root.get("custom"), Some(Value::String(s)) if s.contains("${"));
    if sites.is_empty() && !custom_is_variable {
        return (diagnostics, Vec::new());
    }
    let mut results = Vec::with_capacity(sites.len());
    let mut custom_settings = Vec::new();
    {
        let resolver = Resolver::new(root, options, env, git);
        for site in &sites {
            let Some(Value::String(text)) = get(root, site) else { continue };
            // Every step of the path is a list or an object around the string.
            resolver.levels.set(site.len());
            results.push(resolver.string(text, 0, Context::of(site, text)));
        }
        if let (true, Some(Value::String(custom))) = (custom_is_variable, root.get("custom")) {
            custom_settings = resolver.settings_through(custom);
        }
    }
    // `custom: ${file(../common.yml):custom}`: the plugins' settings, the only part of `custom`
    // kept, become an object of their own (the other values were resolved where used).
    if !custom_settings.is_empty() {
        let mut custom = Map::new();
        for (site, _) in &custom_settings {
            make_slot(&mut custom, &site[1..]);
        }
        if let Some(map) = root.as_object_mut() {
            map.insert("custom".into(), Value::Object(custom));
        }
        for (site, result) in custom_settings {
            sites.push(site);
            results.push(result);
        }
    }
    // The errors by cause (their message names the variable and why), in the order of their first place.
    let mut causes: Vec<Cause> = Vec::new();
    for (site, result) in sites.iter().zip(results) {
        match result {
            Ok(value) => {
                if let Some(slot) = get_mut(root, site) {
                    *slot = value;
                }
            }
            Err(e) => {
                let text = get(root, site).and_then(Value::as_str).unwrap_or_default().to_string();
                let place = (path_text(site), text);
                match causes.iter_mut().find(|c| c.first.cause() == e.cause()) {
                    Some(c) => {
                        c.shared |= c.first.message != e.message;
                        c.places.push(place);
                    }
                    None => causes.push(Cause { first: e, places: vec![place], shared: false }),
                }
            }
        }
    }
    let mut all_places = Vec::new();
    // Whether the plugin is listed is read from `plugins` as resolved.
    let listed = |plugin: &str| plugins::lists(root.get("plugins"), plugin);
    for Cause { first: e, places, shared } in causes {
        if e.plugin.is_some_and(listed) {
            all_places.extend(places);
            continue;
        }
        let mut message = e.message;
        if let [_, others @ ..] = &places[..]
            && !others.is_empty()
        {
            let read = if shared { "also read by the variables at" } else { "also used at" };
            let others: Vec<&str> = others.iter().map(|(path, _)| path.as_str()).collect();
            message.push_str(&format!(" ({read} {})", others.join(", ")));
        }
        diagnostics
            .push(Diagnostic::error(codes::CONFIG_UNRESOLVED_VARIABLE, places[0].0.clone(), message).with_help(e.help));
        all_places.extend(places);
    }
    (diagnostics, all_places)
}

/// One cause of variable errors: its first error, its places with the string left at each, and
/// whether other variables share it (several keys of one missing file).
struct Cause {
    first: VarError,
    places: Vec<(String, String)>,
    shared: bool,
}

/// A `null` at `path` in `map` (objects made on the way), for a resolved value to replace.
fn make_slot(map: &mut Map<String, Value>, path: &[Seg]) {
    match path {
        [Seg::Key(key)] => {
            map.entry(key.clone()).or_insert(Value::Null);
        }
        [Seg::Key(key), rest @ ..] => {
            if let Value::Object(inner) = map.entry(key.clone()).or_insert_with(|| Value::Object(Map::new())) {
                make_slot(inner, rest);
            }
        }
        _ => {}
    }
}

/// One step of a config path.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// The paths of all strings with `${` outside [`RESOLVED_WHERE_USED`].
fn collect<'a>(value: &'a Value, path: &mut Vec<(&'a str, usize)>, out: &mut Vec<Vec<Seg>>) {
    match value {
        Value::String(s) if s.contains("${") => out.push(
            path.iter()
                .map(|&(key, i)| if key.is_empty() && i != usize::MAX { Seg::Index(i) } else { Seg::Key(key.into()) })
                .collect(),
        ),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(("", i));
                collect(item, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                if path.is_empty() && RESOLVED_WHERE_USED.contains(&key.as_str()) {
                    // Except the settings of natively implemented plugins, which core reads.
                    if let (true, Value::Object(custom)) = (key == "custom", item) {
                        for (keys, v) in plugins::custom_settings(custom) {
                            path.push((key.as_str(), usize::MAX));
                            path.extend(keys.iter().map(|k| (*k, usize::MAX)));
                            collect(v, path, out);
                            path.truncate(path.len() - 1 - keys.len());
                        }
                    }
                    continue;
                }
                path.push((key, usize::MAX));
                collect(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn get<'a>(root: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(root, |at, seg| match (seg, at) {
        (Seg::Key(k), Value::Object(m)) => m.get(k),
        (Seg::Index(i), Value::Array(a)) => a.get(*i),
        _ => None,
    })
}

fn get_mut<'a>(root: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |at, seg| match (seg, at) {
        (Seg::Key(k), Value::Object(m)) => m.get_mut(k),
        (Seg::Index(i), Value::Array(a)) => a.get_mut(*i),
        _ => None,
    })
}

/// `functions.api.environment.X`, `provider.vpc.subnetIds[0]`: core's diagnostic path form.
fn path_text(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => config_path::push_key(&mut out, k),
            Seg::Index(i) => config_path::push_index(&mut out, *i),
        }
    }
    out
}

/// Where a string with variables sits, as far as CloudFormation is concerned.
#[derive(Debug, Clone, Copy, Default)]
struct Context {
    /// The value lands in a CloudFormation template string, where CloudFormation can resolve a
    /// dynamic reference or `AWS::AccountId` at deploy time.
    cloudformation: bool,
    /// The string is an `Fn::Sub` template already (its `${...}` are Sub placeholders).
    in_sub: bool,
    /// The config key the value belongs to (for suggested fallbacks).
    key: &'static str,
    /// The value is looked up for a variable that has a fallback for when it is missing.
    fallback: bool,
    /// The place may take an object as a whole value (a function's `Variables`, an IAM
    /// `Condition` or `Principal`), where the reference puts a JSON secret parsed.
    object_slot: bool,
}

/// Config places whose string values go to the template unchanged: environment values, tags,
/// IAM statements, everything under `resources`, and the items of lists the reference passes
/// through (a whole list written as one `${ssm:...}` is a StringList the reference splits, which
/// a dynamic reference does not). `*` is any one key or index, `**` anything below.
const CLOUDFORMATION_STRINGS: &[&[&str]] = &[
    &["resources", "**"],
    &["provider", "environment", "*"],
    &["functions", "*", "environment", "*"],
    &["provider", "tags", "*"],
    &["provider", "stackTags", "*"],
    &["functions", "*", "tags", "*"],
    &["provider", "iam", "role", "statements", "**"],
    &["provider", "iam", "role", "managedPolicies", "**"],
    &["provider", "iamManagedPolicies", "**"],
    &["provider", "iam", "role", "permissionsBoundary"],
    &["provider", "iam", "role", "permissionBoundary"],
    &["provider", "rolePermissionsBoundary"],
    &["provider", "iam", "role", "path"],
    &["provider", "iam", "role", "tags", "*"],
    &["functions", "*", "iamPermissionsBoundary"],
    &["functions", "*", "fileSystemConfig", "arn"],
    &["provider", "iamRoleStatements", "**"],
    // serverless-iam-roles-per-function's statements, written into each function's role.
    &["functions", "*", "iamRoleStatements", "**"],
    &["functions", "*", "description"],
    // Passed through to the template as written (no ARN is taken apart while packaging).
    &["provider", "layers", "*"],
    &["functions", "*", "layers", "*"],
    &["provider", "vpc", "securityGroupIds", "*"],
    &["provider", "vpc", "subnetIds", "*"],
    &["functions", "*", "vpc", "securityGroupIds", "*"],
    &["functions", "*", "vpc", "subnetIds", "*"],
    &["provider", "capacityProviders", "*", "vpc", "securityGroupIds", "*"],
    &["provider", "capacityProviders", "*", "vpc", "subnetIds", "*"],
    &["provider", "iam", "role", "name"],
    &["provider", "httpApi", "authorizers", "*", "issuerUrl"],
    &["provider", "httpApi", "authorizers", "*", "audience", "*"],
];

/// Keys of template-string places whose whole value may be an object (a function's environment
/// `Variables`, an IAM statement's `Condition` and its operators' blocks, `Principal`): a JSON
/// secret there is the object the reference parses, which `{{resolve:...}}` (a string) is not.
const OBJECT_SLOTS: &[&str] = &["Variables", "Condition", "Principal"];

/// Config places that take a role's ARN or a resource's logical name, as a string or an intrinsic
/// function: template strings when written as an ARN (`arn:aws:iam::${aws:accountId}:role/LabRole`,
/// AWS Academy's), which an `Fn::Sub` keeps one; a whole `${ssm:...}` could be either.
/// (`provider.iam.deploymentRole` is not one: it is the deploy call's `RoleARN`, never in the
/// template.)
const ROLE_ARNS: &[&[&str]] = &[&["provider", "iam", "role"], &["provider", "role"], &["functions", "*", "role"]];

/// Config keys whose values are numbers or booleans, with a typical value, for suggested fallbacks.
const TYPED_KEYS: &[(&str, &str)] = &[
    ("memorySize", "1024"),
    ("timeout", "6"),
    ("maxConcurrency", "10"),
    ("reservedConcurrency", "10"),
    ("provisionedConcurrency", "1"),
    ("logRetentionInDays", "14"),
    ("maxVCpuCount", "100"),
    ("memoryPerVCpu", "2"),
    ("batchSize", "10"),
    ("versionFunctions", "true"),
    ("disableLogs", "false"),
    ("enabled", "true"),
    ("stage", "'dev'"),
    ("region", "'us-east-1'"),
];

impl Context {
    fn of(path: &[Seg], text: &str) -> Self {
        let cloudformation = CLOUDFORMATION_STRINGS.iter().any(|pattern| matches_pattern(pattern, path))
            || (text.starts_with("arn:") && ROLE_ARNS.iter().any(|pattern| matches_pattern(pattern, path)));
        let parent_is_sub =
            |n: usize| path.len() >= n && matches!(&path[path.len() - n], Seg::Key(k) if k == "Fn::Sub");
        let in_sub = parent_is_sub(1) || (parent_is_sub(2) && path.last() == Some(&Seg::Index(0)));
        let key = path
            .iter()
            .rev()
            .find_map(|s| match s {
                Seg::Key(k) => TYPED_KEYS.iter().find(|(name, _)| name == k).map(|(name, _)| *name),
                Seg::Index(_) => None,
            })
            .filter(|_| matches!(path.last(), Some(Seg::Key(_))))
            .unwrap_or("");
        let key_at = |back: usize| match path.len().checked_sub(back + 1).map(|i| &path[i]) {
            Some(Seg::Key(k)) => Some(k.as_str()),
            _ => None,
        };
        let object_slot =
            key_at(0).is_some_and(|k| OBJECT_SLOTS.contains(&k)) || key_at(1).is_some_and(|k| k == "Condition");
        Context { cloudformation, in_sub, key, fallback: false, object_slot }
    }
}

fn matches_pattern(pattern: &[&str], path: &[Seg]) -> bool {
    match (pattern.first(), path.first()) {
        (Some(&"**"), Some(_)) => true,
        (Some(&"**"), None) | (None, None) => pattern.len() <= 1,
        (Some(p), Some(seg)) => {
            let fits = match seg {
                Seg::Key(k) => *p == "*" || p == k,
                Seg::Index(_) => *p == "*",
            };
            fits && matches_pattern(&pattern[1..], &path[1..])
        }
        _ => false,
    }
}

/// Why a variable could not be resolved, and what to do about it.
#[derive(Debug, Clone)]
struct VarError {
    message: String,
    help: String,
    /// The plugin whose variable source it is (Bref's `${bref:...}`): when the service lists that
    /// plugin, which stackwright rejects, the plugin's error covers it, and its places stay
    /// unresolved without an error of their own.
    plugin: Option<&'static str>,
    /// What several variables can share as their one cause (a missing file they read different
    /// keys of): they are then one error. Else the message is the cause.
    cause: Option<String>,
}

impl VarError {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        VarError { message: message.into(), help: help.into(), plugin: None, cause: None }
    }

    /// What identifies its cause among the errors of a config.
    fn cause(&self) -> &str {
        self.cause.as_deref().unwrap_or(&self.message)
    }
}

type Resolved = Result<Value, VarError>;

struct Resolver<'a> {
    root: &'a Value,
    options: &'a Options,
    env: &'a dyn Fn(&str) -> Option<String>,
    /// `.env` values (with `useDotenv: true`), read once.
    dotenv: RefCell<Option<HashMap<String, String>>>,
    /// Working out which `.env` file to read (it depends on the stage): `${env:...}` then reads
    /// the process environment only, as the reference resolves `provider.stage` before it loads
    /// `.env`.
    choosing_dotenv: Cell<bool>,
    /// `${file(...)}` contents by path, read once (`None`: no such file).
    files: RefCell<HashMap<PathBuf, Result<Option<Value>, VarError>>>,
    /// The stage, once worked out (`${sls:stage}` is in many strings).
    stage: RefCell<Option<String>>,
    /// serverless-plugin-git-variables' values, each read once.
    git: &'a git::Git,
    /// Values and string bytes copied by `${self:...}` and `${file(...)}` so far.
    expanded: Cell<(usize, usize)>,
    /// Lists and objects around the value being resolved, in the resolved config.
    levels: Cell<usize>,
}

/// A piece of a string being rebuilt: text as written, or text for an `Fn::Sub` (a pseudo
/// parameter placeholder such as `${AWS::AccountId}`, or the inside of a nested `Fn::Sub`).
enum Piece {
    Text(String),
    Sub(String),
}

/// A variable's parts: `source(params):address, fallback`.
struct Parsed<'s> {
    source: &'s str,
    params: Option<&'s str>,
    address: Option<&'s str>,
    fallback: Option<&'s str>,
}

impl<'a> Resolver<'a> {
    fn new(root: &'a Value, options: &'a Options, env: &'a dyn Fn(&str) -> Option<String>, git: &'a git::Git) -> Self {
        Resolver {
            root,
            options,
            env,
            dotenv: RefCell::new(None),
            choosing_dotenv: Cell::new(false),
            files: RefCell::new(HashMap::new()),
            stage: RefCell::new(None),
            git,
            expanded: Cell::new((0, 0)),
            levels: Cell::new(0),
        }
    }

    /// Resolves the variables of every string in `value` (a copied value: `${self:...}`,
    /// `${file(...)}`, a param), in the context of the string that refers to it.
    fn walk(&self, value: &mut Value, depth: usize, cx: Context) -> Result<(), VarError> {
        match value {
            Value::String(s) if s.contains("${") => {
                *value = self.string(s, depth, Context { in_sub: false, fallback: false, object_slot: false, ..cx })?;
                Ok(())
            }
            Value::Array(_) | Value::Object(_) if self.levels.get() >= MAX_NESTING => Err(VarError::new(
                format!("variables make values nest deeper than {MAX_NESTING} levels here"),
                "a `${self:...}` or `${file(...)}` reference includes a value that includes it again; break the loop",
            )),
            Value::Array(items) => self.nested(|| items.iter_mut().try_for_each(|item| self.walk(item, depth, cx))),
            Value::Object(map) => self.nested(|| map.values_mut().try_for_each(|item| self.walk(item, depth, cx))),
            _ => Ok(()),
        }
    }

    fn nested(&self, f: impl FnOnce() -> Result<(), VarError>) -> Result<(), VarError> {
        self.levels.set(self.levels.get() + 1);
        let result = f();
        self.levels.set(self.levels.get() - 1);
        result
    }

    /// A string with variables: the variable's own value when the string is exactly one variable
    /// (so `${self:custom.mem}` can be a number or an object), else the text with each replaced.
    fn string(&self, s: &str, depth: usize, cx: Context) -> Resolved {
        if depth > MAX_DEPTH {
            return Err(VarError::new(
                format!("variables in `{s}` refer to each other in a cycle"),
                "a variable's value must not depend on itself; give one of them a plain value",
            ));
        }
        let mut pieces: Vec<Piece> = Vec::new();
        let mut rest = s;
        while let Some(start) = rest.find("${") {
            let Some(len) = closing(&rest[start..]) else {
                if opens_variable(&rest[start + 2..]) {
                    let open = &rest[start..];
                    let within = if open.len() == s.len() { String::new() } else { format!(" (in `{s}`)") };
                    return Err(VarError::new(
                        format!("the variable `{open}` has no closing `}}`{within}"),
                        "end the variable with `}` (the reference stops on it: \"Missing variable closing bracket\")",
                    ));
                }
                break;
            };
            let inner = &rest[start + 2..start + len - 1];
            let whole = start == 0 && len == rest.len() && pieces.is_empty();
            let value = match parse(inner) {
                Some(parsed) => {
                    self.variable(inner, &parsed, depth, Context { object_slot: cx.object_slot && whole, ..cx })?
                }
                None if computed(inner) => self.computed(inner, depth, cx)?,
                None => {
                    // A CloudFormation placeholder: copy it verbatim.
                    push_text(&mut pieces, &rest[..start + len]);
                    rest = &rest[start + len..];
                    continue;
                }
            };
            if whole {
                // The whole string is this one variable: it takes the variable's value, whatever
                // its type (a list or an object too).
                return Ok(if cx.in_sub { sub_text(value) } else { value });
            }
            push_text(&mut pieces, &rest[..start]);
            match value {
                Value::String(text) => push_text(&mut pieces, &text),
                Value::Number(n) => push_text(&mut pieces, &n.to_string()),
                Value::Bool(b) => push_text(&mut pieces, &b.to_string()),
                other => match sub_of(&other) {
                    Some(text) => pieces.push(Piece::Sub(text)),
                    None => {
                        let message =
                            format!("`${{{inner}}}` is {} and cannot be part of a longer string `{s}`", kind(&other));
                        // A resource's `Ref`/`Fn::GetAtt` (serverless-lift's `${construct:...}`):
                        // CloudFormation can put it in the string at deploy time.
                        let help = match reference_of(&other) {
                            Some(sub) => format!(
                                "write the whole string as `Fn::Sub` with `${{{sub}}}` where the variable is \
                                 (`!Sub '...${{{sub}}}...'`): CloudFormation puts the value in at deploy time"
                            ),
                            None => "use the variable as the whole value, or refer to one of its strings or numbers \
                                     (`${self:custom.vpc.subnetIds.0}`)"
                                .to_string(),
                        };
                        return Err(VarError::new(message, help));
                    }
                },
            }
            rest = &rest[start + len..];
        }
        push_text(&mut pieces, rest);
        Ok(join(pieces, cx.in_sub))
    }

    /// The natively implemented plugins' settings ([`plugins::CUSTOM_KEYS`]) in a `custom` written as
    /// one variable, each resolved on its own as `${self:custom.<key>}` would be (the file's other
    /// values may need what is not there: an unused stage's environment variable).
    /// Without plugins nothing reads them, and `custom` is not resolved at all (a JavaScript file
    /// there is no error); a `custom` that cannot be read is one error, at `custom`.
    fn settings_through(&self, custom: &str) -> Vec<(Vec<Seg>, Resolved)> {
        if self.root.get("plugins").is_none_or(Value::is_null) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for path in plugins::CUSTOM_KEYS {
            let site = || std::iter::once("custom").chain(path.split('.')).map(|k| Seg::Key(k.into())).collect();
            match self.navigate_into(custom, path, 0, Context::default()) {
                None | Some(Ok(None)) => {}
                Some(Ok(Some(value))) => out.push((site(), Ok(value))),
                Some(Err(e)) => {
                    out.push((vec![Seg::Key("custom".into())], Err(e)));
                    break;
                }
            }
        }
        out
    }

    /// `${${file(./ids.json):api}}`: a variable whose inside is another variable's value
    /// (`ssm:/api/id`), resolved as that variable.
    fn computed(&self, inner: &str, depth: usize, cx: Context) -> Resolved {
        let (main, fallback) = split_fallback(inner);
        let text = self.text_of(inner, main, depth)?;
        let written = match fallback {
            Some(fallback) => format!("{text},{fallback}"),
            None => text,
        };
        match parse(&written) {
            Some(parsed) => self.variable(&written, &parsed, depth + 1, cx),
            // In an `Fn::Sub` it is a placeholder (`${${self:custom.bucket}.Arn}`), as osls writes it.
            None if cx.in_sub => Ok(serde_json::json!({ "Fn::Sub": format!("${{{written}}}") })),
            None => Err(VarError::new(
                format!("`${{{inner}}}` gives `${{{written}}}`, which is not a variable"),
                "the inner variable's value must be the inside of a variable, such as `env:NAME` or \
                 `ssm:/path`; or write the value itself",
            )),
        }
    }

    /// One `source(params):address[, fallback]`.
    fn variable(&self, inner: &str, parsed: &Parsed, depth: usize, cx: Context) -> Resolved {
        // The parameters and the address may hold variables: `${self:custom.${opt:stage}}`,
        // `${file(./config.${sls:stage}.yml)}`.
        let params = parsed.params.map(|p| self.text_of(inner, p, depth)).transpose()?;
        let address = parsed.address.map(|a| self.text_of(inner, a, depth)).transpose()?;
        let address_str = address.as_deref().unwrap_or("");
        let key = variable_key(parsed.source, params.as_deref(), address.as_deref());
        let found = match parsed.source {
            "self" => self.lookup(address_str, depth, Context { fallback: parsed.fallback.is_some(), ..cx })?,
            "opt" => match address_str {
                "stage" => self.options.stage.clone().map(Value::String),
                "region" => self.options.region.clone().map(Value::String),
                _ => None,
            },
            "sls" => match address_str {
                "stage" => Some(Value::String(self.stage(depth)?)),
                "instanceId" => Some(Value::String(instance_id())),
                _ => return Err(unsupported(inner, "sls", "`${sls:stage}` and `${sls:instanceId}`")),
            },
            "aws" => match address_str {
                "region" => Some(Value::String(self.region(depth)?)),
                "partition" => Some(Value::String(stackwright_core::partition_of_region(&self.region(depth)?).into())),
                "accountId" => None,
                _ => {
                    return Err(unsupported(
                        inner,
                        "aws",
                        "`${aws:region}`, `${aws:partition}` and `${aws:accountId}`",
                    ));
                }
            },
            "env" => self.env_var(address_str, depth)?.map(Value::String),
            "param" => self.param(address_str, depth, cx)?,
            "file" => self.file_value(
                params.as_deref(),
                address.as_deref(),
                depth,
                Context { fallback: parsed.fallback.is_some(), ..cx },
            )?,
            "git" if git::listed(self.root).is_some() => {
                let dir = self.options.base_dir.as_deref().unwrap_or(Path::new("."));
                let value = self.git.value(dir, address_str).map_err(|e| {
                    VarError::new(
                        format!("`${{{inner}}}`: {e}"),
                        "run stackwright in the service's git checkout (serverless-plugin-git-variables reads git there)",
                    )
                })?;
                Some(Value::String(value))
            }
            // serverless-lift's source: a `Ref`/`Fn::GetAtt` of the construct's resource.
            "construct" => Some(
                plugins::lift::variable(self.root, address_str)
                    .map_err(|(message, help)| VarError::new(message, help))?,
            ),
            _ => None,
        };
        if let Some(value) = found {
            return Ok(value);
        }
        if let Some(value) = self.options.values.get(&key) {
            // The reference parses a secret holding a JSON object (unless `raw`): so does a given one.
            let raw = has_param(params.as_deref(), "raw");
            if let (false, true, Value::String(text)) =
                (raw, parsed.source == "ssm" && address_str.starts_with(SECRETS), value)
                && text.starts_with('{')
                && let Ok(object @ Value::Object(_)) = serde_json::from_str(text)
            {
                return Ok(object);
            }
            return Ok(value.clone());
        }
        let needs_aws = AWS_SOURCES.contains(&parsed.source) || key == "aws:accountId";
        // `${ssm(<region>):name}` in the stack's own region reads what CloudFormation reads, and
        // `raw` only keeps a StringList or a secret's JSON a string, as CloudFormation gives them.
        let plain = !needs_aws || self.reads_as_cloudformation(params.as_deref(), &["raw"], depth);
        let object_secret = cx.object_slot && parsed.source == "ssm" && address_str.starts_with(SECRETS);
        if needs_aws
            && cx.cloudformation
            && plain
            && !object_secret
            && let Some(value) = deploy_time(parsed.source, address_str)
        {
            return Ok(value);
        }
        if let Some(fallback) = parsed.fallback {
            return self.fallback(fallback.trim(), depth, cx);
        }
        Err(self.unresolved(inner, (parsed.source, plain, address_str), &key, needs_aws, cx))
    }

    /// Whether a variable's parameters leave what CloudFormation reads at deploy time: none, the
    /// stack's own region, or one of `allowed`.
    fn reads_as_cloudformation(&self, params: Option<&str>, allowed: &[&str], depth: usize) -> bool {
        let Some(params) = params else { return true };
        let region = self.region(depth).ok();
        params.split(',').map(str::trim).all(|p| allowed.contains(&p) || Some(p) == region.as_deref())
    }

    /// `KEY` of a value written as one `${ssm:/aws/reference/secretsmanager/NAME}`, where it lands
    /// in a template string: the reference JSON-parses the secret and reads `KEY`, which
    /// CloudFormation reads with `{{resolve:secretsmanager:NAME:SecretString:KEY}}`. `None` where
    /// that does not apply (a given value for the secret is navigated as any other value).
    fn secret_key(&self, s: &str, key: &str, depth: usize, cx: Context) -> Option<Result<Value, VarError>> {
        let inner = whole_variable(s).filter(|_| cx.cloudformation)?;
        let parsed = parse(inner).filter(|p| p.source == "ssm" && p.fallback.is_none())?;
        let text = |part: Option<&str>| part.map(|p| self.text_of(inner, p, depth)).transpose();
        let (params, address) = match (text(parsed.params), text(parsed.address)) {
            (Ok(params), Ok(address)) => (params, address?),
            (Err(e), _) | (_, Err(e)) => return Some(Err(e)),
        };
        let given = self.options.values.get(&variable_key("ssm", params.as_deref(), Some(&address))).is_some();
        // `raw` keeps the secret a string, which has no keys.
        if given || !self.reads_as_cloudformation(params.as_deref(), &[], depth) {
            return None;
        }
        let name = secret_name(&address)?;
        if key.is_empty() || key.contains([':', '{', '}']) {
            return None;
        }
        let reference = format!("{{{{resolve:secretsmanager:{name}:SecretString:{key}}}}}");
        if cx.fallback {
            return Some(Err(VarError::new(
                format!(
                    "`${{{inner}}}` is read for its key `{key}` with a fallback: CloudFormation reads the key with \
                     `{reference}`, which fails where the secret has no `{key}` instead of falling back"
                ),
                format!(
                    "give the secret in a values file (`--values FILE` with `{}: {{{key}: VALUE}}`), or drop the \
                     fallback if the secret always holds `{key}`",
                    variable_key("ssm", params.as_deref(), Some(&address))
                ),
            )));
        }
        Some(Ok(Value::String(reference)))
    }

    /// The text of a variable's parameters or address, its own variables resolved.
    fn text_of(&self, inner: &str, text: &str, depth: usize) -> Result<String, VarError> {
        if !text.contains("${") {
            return Ok(text.trim().to_string());
        }
        match self.string(text.trim(), depth + 1, Context::default())? {
            Value::String(a) => Ok(a),
            Value::Number(n) => Ok(n.to_string()),
            other => Err(VarError::new(
                format!("the address in `${{{inner}}}` resolves to {}", kind(&other)),
                "an address must resolve to a string, such as a stage name",
            )),
        }
    }

    /// The error for a variable with no value and no fallback.
    fn unresolved(
        &self,
        inner: &str,
        (source, plain, address): (&str, bool, &str),
        key: &str,
        needs_aws: bool,
        cx: Context,
    ) -> VarError {
        let fallback = suggested_fallback(cx.key, address);
        let value_flag = format!("`--value '{key}=VALUE'` or a values file (`--values FILE` with `{key}: VALUE`)");
        match source {
            // As in the reference, `self` reads the file: `--stage` does not set `provider.stage`.
            "self" if address == "provider.stage" || address == "provider.region" => {
                let (variable, default) =
                    if address == "provider.stage" { ("sls:stage", "dev") } else { ("aws:region", "us-east-1") };
                let option = &address["provider.".len()..];
                VarError::new(
                    format!("`${{{inner}}}`: there is no `{address}` in this config"),
                    format!(
                        "write `{address}`, use `${{{variable}}}` (`--{option}`, else `{address}`, else `{default}`), \
                         or add a fallback: `${{self:{address}, {fallback}}}`"
                    ),
                )
            }
            "self" => VarError::new(
                format!("`${{{inner}}}`: there is no `{address}` in this config"),
                format!(
                    "define `{address}` (under `custom` for your own values), or add a fallback: `${{self:{address}, {fallback}}}`"
                ),
            ),
            "opt" if address == "stage" || address == "region" => VarError::new(
                format!("`${{{inner}}}`: option --{address} was not given"),
                format!(
                    "run with `--{address} {}`, or add a fallback: `${{opt:{address}, {fallback}}}`",
                    address.to_uppercase()
                ),
            ),
            "opt" => VarError::new(
                format!("`${{{inner}}}`: stackwright has no --{address} option"),
                format!(
                    "give the option's value with {value_flag}, or add a fallback: `${{opt:{address}, {fallback}}}`"
                ),
            ),
            "env" => {
                let dotenv = if !self.dotenv_enabled() {
                    " (a `.env` file is read only with `useDotenv: true`)"
                } else if self.choosing_dotenv.get() {
                    " in the environment (the stage chooses which `.env` file is read, so it cannot come from one)"
                } else {
                    ""
                };
                VarError::new(
                    format!("`${{{inner}}}`: environment variable {address} is not set"),
                    format!("set {address}{dotenv}, or add a fallback: `${{env:{address}, {fallback}}}`"),
                )
            }
            "param" => VarError::new(
                format!(
                    "`${{{inner}}}`: parameter `{address}` is not defined for stage `{}`",
                    self.stage(0).unwrap_or_default()
                ),
                format!(
                    "define it under `params.<stage>` (or `params.default`, `stages.<stage>.params`), pass \
                     `--param '{address}=VALUE'`, or add a fallback: `${{param:{address}, {fallback}}}`"
                ),
            ),
            "file" => match self.file_gap(key) {
                FileGap::Empty(file, key) => VarError::new(
                    format!("`${{{inner}}}`: `{key}` in {file} is empty (null)"),
                    format!("give `{key}` a value in {file}, or add a fallback: `${{{inner}, {fallback}}}`"),
                ),
                FileGap::NoKey(file, key) => VarError::new(
                    format!("`${{{inner}}}`: {file} has no `{key}`"),
                    format!("add `{key}` to {file}, or add a fallback: `${{{inner}, {fallback}}}`"),
                ),
                FileGap::NoFile(file) => {
                    let mut e = VarError::new(
                        format!("`${{{inner}}}`: {file} does not exist"),
                        format!(
                            "create the file next to the config (paths are relative to it), or add a fallback: `${{{inner}, {fallback}}}`"
                        ),
                    );
                    e.cause = Some(format!("no file {file}"));
                    e
                }
                FileGap::Unknown => VarError::new(
                    format!("`${{{inner}}}`: the file or the value in it does not exist"),
                    format!(
                        "create the file next to the config (paths are relative to it), or add a fallback: `${{{inner}, {fallback}}}`"
                    ),
                ),
            },
            _ if needs_aws => {
                // The places `CLOUDFORMATION_STRINGS` and `ROLE_ARNS` list, and what goes there.
                let elsewhere = |construct: &str| {
                    format!(
                        "where the value lands in a template string (environment values, tags, IAM statements and policies, role ARNs, \
                         layers, VPC ids, JWT authorizers, `resources`), stackwright writes `{construct}` instead, which this \
                         place is not"
                    )
                };
                let deploy_time = if key == "aws:accountId" {
                    elsewhere("AWS::AccountId")
                } else if source == "ssm" && !plain {
                    "CloudFormation has no deploy-time equivalent: `{{resolve:ssm:...}}` reads a parameter of the \
                     stack's own region as Parameter Store gives it (a given region, `noDecrypt` and the like are not \
                     mapped)"
                        .to_string()
                } else if cx.object_slot && cx.cloudformation && address.starts_with(SECRETS) {
                    "this place takes the secret whole, which the reference parses as JSON into an object; \
                     CloudFormation's `{{resolve:secretsmanager:...}}` gives a string"
                        .to_string()
                } else if let Some(Value::String(construct)) = deploy_time(source, address) {
                    elsewhere(&construct)
                } else {
                    "CloudFormation has no deploy-time equivalent".to_string()
                };
                VarError::new(
                    format!("`${{{inner}}}` needs AWS to resolve, and stackwright runs offline"),
                    if source == "ssm" && (address.ends_with("~true") || address.ends_with("~split")) {
                        // Serverless v1/v2's suffixes: v3 and later send them as part of the name.
                        format!(
                            "drop `{}`: it is Serverless v1/v2 syntax, which v3 and later send to Parameter Store as \
                             part of the name (refused there); SecureStrings are decrypted without it. Or give its \
                             value with {value_flag}",
                            &address[address.rfind('~').unwrap_or(0)..]
                        )
                    } else {
                        format!("give its value with {value_flag}; {deploy_time}")
                    },
                )
            }
            // Serverless Compose (and the Dashboard) fill `${output:service.key}` from another
            // deployed service's outputs.
            "output" => VarError::new(
                format!("`${{{inner}}}` is an output of another deployed service (Serverless Compose or Dashboard)"),
                format!(
                    "give its value with {value_flag}, or refer to the other stack's export with \
                     `Fn::ImportValue` where CloudFormation takes one"
                ),
            ),
            _ if let Some(plugin) = plugins::source_owner(source) => {
                let mut e = VarError::new(
                    format!("variable source `{source}` in `${{{inner}}}` belongs to {}", plugins::unlisted(plugin)),
                    format!(
                        "stackwright does not run that plugin either: give the value with {value_flag}, or write \
                         the value itself"
                    ),
                );
                e.plugin = Some(plugin);
                e
            }
            _ => VarError::new(
                format!(
                    "variable source `{source}` in `${{{inner}}}` is not a source stackwright resolves (a plugin's?)"
                ),
                format!(
                    "give its value with {value_flag}, or write the value itself; stackwright resolves self, opt, sls, \
                     env, param, file and aws:region/partition, and takes values for ssm, cf, s3 and aws:accountId"
                ),
            ),
        }
    }

    /// `'text'`, `"text"`, a number, `true`/`false`, another variable (`${...}` or bare
    /// `source:address`), or a bare word.
    fn fallback(&self, text: &str, depth: usize, cx: Context) -> Resolved {
        for quote in ['\'', '"'] {
            if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
                return Ok(Value::String(inner.to_string()));
            }
        }
        if text.starts_with("${") {
            return self.string(text, depth + 1, cx);
        }
        // `${opt:stage, self:provider.stage}`: a bare `source:address` is another variable.
        if let Some(parsed) = parse(text) {
            return self.variable(text, &parsed, depth + 1, cx);
        }
        if let Ok(n) = text.parse::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        if let Some(n) = text.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            return Ok(Value::Number(n));
        }
        match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            "null" => Ok(Value::Null),
            _ => Ok(Value::String(text.to_string())),
        }
    }

    /// `${self:a.b.0.c}`: a value of the config, its own variables resolved.
    fn lookup(&self, address: &str, depth: usize, cx: Context) -> Result<Option<Value>, VarError> {
        // The legacy `service: {name: x}` (accepted with a warning) still names the service in
        // `${self:service}`, as Serverless Framework v2 resolved it.
        if address == "service"
            && let Some(name) = self.root.get("service").and_then(|s| s.get("name"))
        {
            return self.copy(name, depth, cx).map(Some);
        }
        self.navigate(self.root, address, depth, cx)
    }

    /// `a.b.0.c` in `start`, copied with its variables resolved; a variable on the way is resolved
    /// first (`custom: ${file(./custom.yml)}` serves `${self:custom.table}`).
    fn navigate(&self, start: &Value, address: &str, depth: usize, cx: Context) -> Result<Option<Value>, VarError> {
        let mut owned: Option<Value>;
        let mut at = start;
        let parts: Vec<&str> = address.split('.').filter(|p| !p.is_empty()).collect();
        for (i, part) in parts.iter().enumerate() {
            if let Value::String(s) = at
                && s.contains("${")
            {
                if let Some(found) = self.navigate_into(s, &parts[i..].join("."), depth, cx) {
                    return found;
                }
                if i + 1 == parts.len()
                    && let Some(found) = self.secret_key(s, part, depth, cx)
                {
                    return found.map(Some);
                }
                let resolved = self.string(s, depth + 1, Context::default()).map_err(|e| {
                    // Where the rest of the address could have been CloudFormation's key of the secret.
                    if let Some(secret) = whole_secret(s).filter(|_| cx.cloudformation) {
                        let rest = parts[i..].join(".");
                        let (give, _) = e.help.split_once("; ").unwrap_or((e.help.as_str(), ""));
                        let help = format!(
                            "{give}; in a template string CloudFormation reads one top-level key of a JSON secret \
                             (`{{{{resolve:secretsmanager:NAME:SecretString:KEY}}}}`), which `{rest}` of a secret read \
                             {} is not",
                            if has_param(secret.params, "raw") { "with `raw` (a string)" } else { "this way" }
                        );
                        VarError::new(e.message, help)
                    } else {
                        e
                    }
                })?;
                self.expand(&resolved)?;
                owned = Some(resolved);
                at = owned.as_ref().unwrap_or(&Value::Null);
            }
            match step(at, part) {
                Some(value) => at = value,
                None => return Ok(None),
            }
        }
        self.copy(at, depth, cx).map(Some)
    }

    /// `rest` of an address that goes on into a value written as one `${self:a}` or
    /// `${file(x):a}`: it goes on in that variable's own address (`self:a.rest`), so only the
    /// part asked for is resolved, as in the reference (where a file's other values may refer
    /// back to the value being resolved). `None` for other values, and where that finds nothing:
    /// resolving the variable whole then says why (the file does not exist, the key is not there).
    fn navigate_into(&self, s: &str, rest: &str, depth: usize, cx: Context) -> Option<Result<Option<Value>, VarError>> {
        let inner = whole_variable(s)?;
        let parsed = parse(inner).filter(|p| p.fallback.is_none() && matches!(p.source, "self" | "file"))?;
        if depth > MAX_DEPTH {
            return None; // `string` reports the cycle.
        }
        let own = match parsed.address.map(|a| self.text_of(inner, a, depth)).transpose() {
            Ok(own) => own,
            Err(e) => return Some(Err(e)),
        };
        let address = own.as_deref().filter(|a| !a.is_empty()).map_or(rest.to_string(), |a| format!("{a}.{rest}"));
        let found = match parsed.params.map(|p| self.text_of(inner, p, depth)).transpose() {
            Err(e) => Err(e),
            Ok(None) if parsed.source == "self" => self.lookup(&address, depth + 1, cx),
            // A value given for the variable as written (a JavaScript file's) is navigated.
            Ok(params)
                if self.options.values.get(&variable_key("file", params.as_deref(), own.as_deref())).is_some() =>
            {
                return None;
            }
            Ok(params) => self.file_value(params.as_deref(), Some(&address), depth + 1, cx),
        };
        (!matches!(found, Ok(None))).then_some(found)
    }

    /// `${file(path):address}`: a given value first (it is how a JavaScript file's value is
    /// given), else the file.
    fn file_value(
        &self,
        params: Option<&str>,
        address: Option<&str>,
        depth: usize,
        cx: Context,
    ) -> Result<Option<Value>, VarError> {
        match self.options.values.get(&variable_key("file", params, address)) {
            Some(value) => Ok(Some(value.clone())),
            None => self.file(params.unwrap_or(""), address, depth, cx),
        }
    }

    /// A copy of `value` with its variables resolved, counted against the expansion limits.
    fn copy(&self, value: &Value, depth: usize, cx: Context) -> Resolved {
        self.expand(value)?;
        let mut value = value.clone();
        self.walk(&mut value, depth + 1, cx)?;
        self.expand(&value)?;
        Ok(value)
    }

    /// Counts `value` as copied; an error once the copies pass the limits.
    fn expand(&self, value: &Value) -> Result<(), VarError> {
        let ((values, bytes), (more_values, more_bytes)) = (self.expanded.get(), size(value));
        let (values, bytes) = (values + more_values, bytes + more_bytes);
        self.expanded.set((values, bytes));
        if values > MAX_EXPANDED_VALUES || bytes > MAX_EXPANDED_BYTES {
            return Err(VarError::new(
                format!(
                    "variables expand to more than {MAX_EXPANDED_VALUES} values or {MAX_EXPANDED_BYTES} characters \
                     (`${{self:...}}` references that copy values with references)"
                ),
                "refer to smaller values, or write the values out",
            ));
        }
        Ok(())
    }

    /// `${sls:stage}`: `--stage`, else `provider.stage`, else `dev`; worked out once.
    fn stage(&self, depth: usize) -> Result<String, VarError> {
        if let Some(stage) = self.stage.borrow().as_ref() {
            return Ok(stage.clone());
        }
        let stage = self.option_or_provider(self.options.stage.as_deref(), "provider.stage", "dev", depth)?;
        *self.stage.borrow_mut() = Some(stage.clone());
        Ok(stage)
    }

    /// `${aws:region}`: `--region`, else `provider.region`, else `us-east-1`.
    fn region(&self, depth: usize) -> Result<String, VarError> {
        self.option_or_provider(self.options.region.as_deref(), "provider.region", "us-east-1", depth)
    }

    fn option_or_provider(
        &self,
        option: Option<&str>,
        path: &str,
        default: &str,
        depth: usize,
    ) -> Result<String, VarError> {
        if let Some(value) = option {
            return Ok(value.to_string());
        }
        Ok(match self.lookup(path, depth, Context::default())? {
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) => n.to_string(),
            _ => default.to_string(),
        })
    }

    /// `${env:NAME}`: the environment (an empty value counts as unset, as in the reference),
    /// then the `.env` file.
    fn env_var(&self, name: &str, depth: usize) -> Result<Option<String>, VarError> {
        if let Some(value) = (self.env)(name).filter(|v| !v.is_empty()) {
            return Ok(Some(value));
        }
        if !self.dotenv_enabled() || self.choosing_dotenv.get() {
            return Ok(None);
        }
        if self.dotenv.borrow().is_none() {
            let loaded = self.load_dotenv(depth)?;
            *self.dotenv.borrow_mut() = Some(loaded);
        }
        Ok(self.dotenv.borrow().as_ref().and_then(|m| m.get(name)).filter(|v| !v.is_empty()).cloned())
    }

    fn dotenv_enabled(&self) -> bool {
        matches!(path_in(self.root, "useDotenv"), Some(Value::Bool(true)))
    }

    /// `.env.<stage>` when it exists, else `.env`, from the config's directory (the reference
    /// reads one of them, never both); `$NAME` expands as dotenv-expand does. serverless-dotenv-plugin
    /// loads its files only after the reference has resolved `${env:...}` (since v3), so it
    /// changes nothing here.
    fn load_dotenv(&self, depth: usize) -> Result<HashMap<String, String>, VarError> {
        let Some(dir) = &self.options.base_dir else { return Ok(HashMap::new()) };
        self.choosing_dotenv.set(true);
        let stage = self.stage(depth);
        self.choosing_dotenv.set(false);
        let staged = dir.join(format!(".env.{}", stage?));
        let path = if staged.is_file() { staged } else { dir.join(".env") };
        if !path.is_file() {
            return Ok(HashMap::new());
        }
        let entries = dotenvy::from_path_iter(&path).map_err(|e| dotenv_error(&path, &e))?;
        entries.map(|entry| entry.map_err(|e| dotenv_error(&path, &e))).collect()
    }

    /// `${param:NAME}`: `--param`, then the stage's params, then the defaults.
    fn param(&self, name: &str, depth: usize, cx: Context) -> Result<Option<Value>, VarError> {
        if let Some(value) = self.options.values.get(&format!("param:{name}")) {
            return Ok(Some(value.clone()));
        }
        let stage = self.stage(depth)?;
        for scope in [stage.as_str(), "default"] {
            for params in [
                path_in(self.root, "stages").and_then(|s| child(s, scope)).and_then(|s| child(s, "params")),
                path_in(self.root, "params").and_then(|p| child(p, scope)),
            ] {
                if let Some(value) = params.and_then(|p| child(p, name)).filter(|v| !v.is_null()) {
                    return self.copy(value, depth, cx).map(Some);
                }
            }
        }
        Ok(None)
    }

    /// Why `${file(path):a.b}` has no value, from the file already read; `key` is the variable
    /// with its parameters and address resolved (`file(./env/dev.yml):a.b`).
    fn file_gap(&self, key: &str) -> FileGap {
        let Some(rest) = key.strip_prefix("file(") else { return FileGap::Unknown };
        let Some((file, after)) = rest.split_once(')') else { return FileGap::Unknown };
        let (file, key) = (file.trim(), after.strip_prefix(':').map(str::trim).unwrap_or(""));
        let Some(dir) = &self.options.base_dir else { return FileGap::Unknown };
        let content = match self.files.borrow().get(&dir.join(file)) {
            Some(Ok(Some(content))) => content.clone(),
            Some(Ok(None)) => return FileGap::NoFile(file.to_string()),
            _ => return FileGap::Unknown,
        };
        if key.is_empty() || key.contains("${") {
            return FileGap::Unknown;
        }
        match path_in(&content, key) {
            None => FileGap::NoKey(file.to_string(), key.to_string()),
            Some(Value::Null) => FileGap::Empty(file.to_string(), key.to_string()),
            Some(_) => FileGap::Unknown,
        }
    }

    /// `${file(path)}` and `${file(path):a.b}`; `None` when the file or the path does not exist.
    fn file(&self, file: &str, address: Option<&str>, depth: usize, cx: Context) -> Result<Option<Value>, VarError> {
        let Some(dir) = &self.options.base_dir else {
            return Err(VarError::new(
                format!(
                    "`${{file({file})}}`: this config was not read from a file, so there is no directory to read `{file}` from"
                ),
                "load the config with load_file (the CLI does), or set vars::Options::base_dir",
            ));
        };
        if file.is_empty() {
            return Err(VarError::new(
                "`${file()}` needs a path",
                "write `${file(./config.yml)}` or `${file(./config.yml):key}`",
            ));
        }
        let path = dir.join(file);
        let cached = self.files.borrow().get(&path).cloned();
        let content = match cached {
            Some(content) => content,
            None => {
                let content = read_variable_file(&path, file);
                self.files.borrow_mut().insert(path, content.clone());
                content
            }
        }?;
        let Some(content) = content else { return Ok(None) };
        let found = self.navigate(&content, address.unwrap_or(""), depth, cx)?;
        Ok(found.filter(|v| !v.is_null()))
    }
}

/// The value at key `part` of an object, or index `part` of a list.
fn step<'v>(at: &'v Value, part: &str) -> Option<&'v Value> {
    match at {
        Value::Object(map) => map.get(part),
        Value::Array(items) => part.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    }
}

/// Why a `${file(...)}` has no value: (file, key) as written.
enum FileGap {
    /// The key is there, with a null value (`KEY:`).
    Empty(String, String),
    /// The file has no such key.
    NoKey(String, String),
    /// There is no such file.
    NoFile(String),
    /// Not known (the address has variables, or the file could not be read).
    Unknown,
}

/// A file for `${file(...)}`: YAML (`.yml`, `.yaml`, with CloudFormation tags), JSON (`.json`,
/// `.tfstate`), JavaScript refused, anything else as text; `None` when it does not exist.
fn read_variable_file(path: &Path, shown: &str) -> Result<Option<Value>, VarError> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if matches!(extension, "js" | "cjs" | "mjs" | "ts") {
        return Err(VarError::new(
            format!("`${{file({shown})}}`: stackwright does not run JavaScript"),
            format!(
                "write the values as YAML or JSON (`{shown}` → a .yml file), or give the value: \
                 `--value 'file({shown}):<key>=VALUE'` (`--value 'file({shown})=VALUE'` for the whole file)"
            ),
        ));
    }
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Ok(meta) if !meta.is_file() => {
            return Err(VarError::new(
                format!("`${{file({shown})}}`: {shown} is not a regular file"),
                "refer to a YAML or JSON file",
            ));
        }
        Ok(meta) if meta.len() > MAX_EXPANDED_BYTES as u64 => {
            return Err(VarError::new(
                format!("`${{file({shown})}}`: {shown} is larger than {MAX_EXPANDED_BYTES} bytes"),
                "refer to a smaller file",
            ));
        }
        _ => {}
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(VarError::new(
                format!("`${{file({shown})}}`: cannot read {shown}: {e}"),
                "check the file's permissions",
            ));
        }
    };
    let parse_error = |detail: String| {
        VarError::new(
            format!("`${{file({shown})}}`: cannot parse {shown}: {detail}"),
            format!("fix the syntax of {shown}"),
        )
    };
    match extension {
        "yml" | "yaml" => crate::yaml::parse(&text, &mut crate::source::SourceMap::default()).map(Some).map_err(|e| {
            let at = e.loc.map(|l| format!(" (line {}, column {})", l.line, l.col)).unwrap_or_default();
            parse_error(format!("{}{at}", e.message))
        }),
        "json" | "tfstate" => serde_json::from_str(&text).map(Some).map_err(|e| parse_error(e.to_string())),
        _ => Ok(Some(Value::String(text))),
    }
}

fn dotenv_error(path: &Path, e: &dotenvy::Error) -> VarError {
    VarError::new(format!("cannot read {}: {e}", path.display()), "fix the line (`NAME=value`), or remove `useDotenv`")
}

/// The CloudFormation construct that gives a variable's value at deploy time, where there is one.
pub(crate) fn deploy_time(source: &str, address: &str) -> Option<Value> {
    match source {
        "ssm" => {
            // Parameter Store hands out Secrets Manager secrets under this prefix; CloudFormation
            // reads them directly. The reference JSON-parses a secret holding JSON, which no
            // string place can hold, so where both work they give the same string.
            if address.starts_with(SECRETS) {
                return secret_name(address)
                    .map(|name| Value::String(format!("{{{{resolve:secretsmanager:{name}}}}}")));
            }
            // Only plain parameter names: `~true` and `~split` change what the reference returns.
            let name = |b: u8| b.is_ascii_alphanumeric() || b"_.-/".contains(&b);
            (!address.is_empty() && !address.starts_with("/aws/reference/") && address.bytes().all(name))
                .then(|| Value::String(format!("{{{{resolve:ssm:{address}}}}}")))
        }
        "aws" if address == "accountId" => Some(serde_json::json!({"Ref": "AWS::AccountId"})),
        _ => None,
    }
}

/// The inside of `s` when the whole string is one `${...}`.
fn whole_variable(s: &str) -> Option<&str> {
    s.strip_prefix("${").filter(|_| closing(s) == Some(s.len()))?.strip_suffix('}')
}

/// `s` parsed when it is one `${ssm...:/aws/reference/secretsmanager/...}` variable, as written.
fn whole_secret(s: &str) -> Option<Parsed<'_>> {
    parse(whole_variable(s)?).filter(|p| p.source == "ssm" && p.address.is_some_and(|a| a.trim().starts_with(SECRETS)))
}

/// Whether a variable's parameters (`ssm(eu-west-1, raw)`) include `name`.
fn has_param(params: Option<&str>, name: &str) -> bool {
    params.is_some_and(|p| p.split(',').any(|p| p.trim() == name))
}

/// Where Parameter Store hands out Secrets Manager secrets.
const SECRETS: &str = "/aws/reference/secretsmanager/";

/// The secret a `${ssm:/aws/reference/secretsmanager/NAME}` reads, where it is a plain name (a
/// `:` would add a version, which `{{resolve:secretsmanager:...}}` writes differently).
fn secret_name(address: &str) -> Option<&str> {
    let name = address.strip_prefix(SECRETS)?;
    let valid = |b: u8| b.is_ascii_alphanumeric() || b"/_+=.@-".contains(&b);
    (!name.is_empty() && name.bytes().all(valid)).then_some(name)
}

/// The text a whole-string value contributes inside an `Fn::Sub` template.
fn sub_text(value: Value) -> Value {
    match sub_of(&value) {
        Some(text) => Value::String(text),
        None => value,
    }
}

/// `{"Ref": "AWS::AccountId"}` → `${AWS::AccountId}`, `{"Fn::Sub": "t"}` → `t`: values a
/// longer string can hold through `Fn::Sub`.
/// `X` for `{"Ref": "X"}`, `X.Attr` for `{"Fn::GetAtt": ["X", "Attr"]}`: how `Fn::Sub` writes them.
fn reference_of(value: &Value) -> Option<String> {
    match value.as_object()?.iter().next()? {
        (k, Value::String(name)) if k == "Ref" => Some(name.clone()),
        (k, Value::Array(pair)) if k == "Fn::GetAtt" => match pair.as_slice() {
            [Value::String(name), Value::String(attribute)] => Some(format!("{name}.{attribute}")),
            _ => None,
        },
        _ => None,
    }
}

fn sub_of(value: &Value) -> Option<String> {
    let Value::Object(map) = value else { return None };
    if map.len() != 1 {
        return None;
    }
    match map.iter().next()? {
        (k, Value::String(name)) if k == "Ref" && name.starts_with("AWS::") => Some(format!("${{{name}}}")),
        (k, Value::String(text)) if k == "Fn::Sub" => Some(text.clone()),
        _ => None,
    }
}

fn push_text(pieces: &mut Vec<Piece>, text: &str) {
    if text.is_empty() {
        return;
    }
    match pieces.last_mut() {
        Some(Piece::Text(t)) => t.push_str(text),
        _ => pieces.push(Piece::Text(text.to_string())),
    }
}

/// The rebuilt string; with deploy-time pieces, an `Fn::Sub` whose other `${` are escaped
/// (`${!`), unless the string is a Sub template already.
fn join(mut pieces: Vec<Piece>, in_sub: bool) -> Value {
    if let [Piece::Text(text)] = pieces.as_mut_slice() {
        return Value::String(std::mem::take(text));
    }
    let needs_sub = !in_sub && pieces.iter().any(|p| matches!(p, Piece::Sub(_)));
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) if needs_sub => out.push_str(&t.replace("${", "${!")),
            Piece::Text(t) | Piece::Sub(t) => out.push_str(&t),
        }
    }
    if needs_sub {
        let mut sub = Map::new();
        sub.insert("Fn::Sub".into(), Value::String(out));
        Value::Object(sub)
    } else {
        Value::String(out)
    }
}

/// A value for a suggested fallback, of the kind the config key takes.
fn suggested_fallback(key: &str, address: &str) -> String {
    let last = address.rsplit(['.', ':', '/']).next().unwrap_or(address);
    TYPED_KEYS
        .iter()
        .find(|(name, _)| *name == key)
        .or_else(|| TYPED_KEYS.iter().find(|(name, _)| name.eq_ignore_ascii_case(last)))
        .map(|(_, example)| example.to_string())
        .unwrap_or_else(|| "'VALUE'".to_string())
}

fn unsupported(inner: &str, source: &str, supported: &str) -> VarError {
    VarError::new(
        format!("`${{{inner}}}` is not a `{source}` variable stackwright knows"),
        format!("the `{source}` source has {supported}"),
    )
}

/// `${sls:instanceId}`: the reference uses the time the command started, in milliseconds; the
/// build time (`SOURCE_DATE_EPOCH`) keeps the output reproducible.
fn instance_id() -> String {
    stackwright_core::build_time_or_now().to_string()
}

/// `a.b.0.c` in `root`: object keys and list indexes.
fn path_in<'v>(root: &'v Value, address: &str) -> Option<&'v Value> {
    address.split('.').filter(|p| !p.is_empty()).try_fold(root, step)
}

fn child<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    match value {
        Value::Object(map) => map.get(key),
        _ => None,
    }
}

/// The length of `${...}` at the start of `s`, braces balanced; `None` when unclosed.
fn closing(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether `text` (what follows a `${` with no closing `}`) starts as the reference's parser starts a
/// variable: a lower-case letter, letters, digits, `.` or `-`, then `:` or `(`. `${AWS::Region`
/// and `${Bucket.Arn` are CloudFormation text to it.
fn opens_variable(text: &str) -> bool {
    let mut chars = text.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_lowercase()) {
        return false;
    }
    chars.find(|c| !(c.is_ascii_alphanumeric() || *c == '.' || *c == '-')).is_some_and(|c| c == ':' || c == '(')
}

/// `source(params):address, fallback` when `inner` is a Serverless variable: a word, optional
/// `(...)` parameters, and a colon (optional after parameters: `file(./x.yml)`). `AWS::Region`
/// (two colons) and `Name` (neither) are CloudFormation placeholders.
/// How a variable is named in a values file and `--value`: `source(params):address`.
fn variable_key(source: &str, params: Option<&str>, address: Option<&str>) -> String {
    match (params, address) {
        (Some(p), Some(a)) => format!("{source}({p}):{a}"),
        (Some(p), None) => format!("{source}({p})"),
        (None, a) => format!("{source}:{}", a.unwrap_or("")),
    }
}

/// Whether `text` holds a serverless.yml variable (`${self:...}`, `${file(...)}`), not only
/// CloudFormation placeholders (`${AWS::Region}`, `${Bucket.Arn}`).
pub(crate) fn holds_variable(text: &str) -> bool {
    // The outermost `${...}` only, as `Resolver::string` reads them (and linear in nesting).
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        let Some(len) = closing(&rest[at..]) else { return false };
        let inner = &rest[at + 2..at + len - 1];
        if parse(inner).is_some() || computed(inner) {
            return true;
        }
        rest = &rest[at + len..];
    }
    false
}

/// Whether a variable's inside is itself given by a variable: `${${self:custom.source}}`.
fn computed(inner: &str) -> bool {
    let main = split_fallback(inner).0.trim_start();
    main.starts_with("${")
        && closing(main).is_some_and(|len| {
            let first = &main[2..len - 1];
            parse(first).is_some() || computed(first)
        })
}

/// Whether `text` is a variable's inside written without `${}` (`self:custom`: what a
/// placeholder left in an `Fn::Sub` makes a reference target), not a logical ID.
pub(crate) fn is_variable(text: &str) -> bool {
    parse(text).is_some()
}

fn parse(inner: &str) -> Option<Parsed<'_>> {
    let (main, fallback) = split_fallback(inner);
    let main = main.trim_start();
    let word = main.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(main.len());
    if word == 0 || !main.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut after = word;
    let mut params = None;
    if main[word..].starts_with('(') {
        let close = word + closing_paren(&main[word..])?;
        params = Some(&main[word + 1..close]);
        after = close + 1;
    }
    let address = match main[after..].strip_prefix(':') {
        Some(rest) if rest.starts_with(':') => return None,
        Some(rest) => Some(rest),
        None if params.is_some() && main[after..].trim().is_empty() => None,
        None => return None,
    };
    Some(Parsed { source: &main[..word], params, address, fallback })
}

/// The index of the `)` closing the `(` at the start of `s`, parentheses and `${...}` balanced.
fn closing_paren(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '{' => depth += 1,
            ')' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return (c == ')').then_some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits `address, fallback` at the first comma outside quotes, `(...)` and `${...}`.
fn split_fallback(inner: &str) -> (&str, Option<&str>) {
    let (mut depth, mut quote) = (0usize, None);
    for (i, c) in inner.char_indices() {
        match (c, quote) {
            ('\'' | '"', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            ('{' | '(', None) => depth += 1,
            ('}' | ')', None) => depth = depth.saturating_sub(1),
            (',', None) if depth == 0 => return (&inner[..i], Some(&inner[i + 1..])),
            _ => {}
        }
    }
    (inner, None)
}

/// Values (nodes) and string bytes (keys included) in `v`.
fn size(v: &Value) -> (usize, usize) {
    let add = |(values, bytes): (usize, usize), (more_values, more_bytes): (usize, usize)| {
        (values + more_values, bytes + more_bytes)
    };
    match v {
        Value::String(s) => (1, s.len()),
        Value::Array(items) => items.iter().map(size).fold((1, 0), add),
        Value::Object(map) => map.iter().map(|(k, v)| add(size(v), (0, k.len()))).fold((1, 0), add),
        _ => (1, 0),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The functions of `root` (resolved) as a plugin sees them once the framework has merged them:
/// `functions` as an object or as a list of objects, and serverless-lift's queue workers, which
/// lift adds at `initialize`, before any `package` hook.
pub(crate) fn functions_mut(root: &mut Value) -> Vec<&mut Map<String, Value>> {
    let lift = plugins::path_of(root.get("plugins"), plugins::lift::LIFT).is_some();
    let Value::Object(root) = root else { return Vec::new() };
    let (mut functions, mut constructs) = (None, None);
    for (key, value) in root.iter_mut() {
        match key.as_str() {
            "functions" => functions = Some(value),
            "constructs" => constructs = Some(value),
            _ => {}
        }
    }
    let mut found: Vec<&mut Value> = match functions {
        Some(Value::Object(functions)) => functions.values_mut().collect(),
        Some(Value::Array(items)) => {
            items.iter_mut().filter_map(Value::as_object_mut).flat_map(|item| item.values_mut()).collect()
        }
        _ => Vec::new(),
    };
    if let (true, Some(Value::Object(constructs))) = (lift, constructs) {
        let workers = constructs.values_mut().filter(|c| c.get("type").and_then(Value::as_str) == Some("queue"));
        found.extend(workers.filter_map(|c| c.get_mut("worker")));
    }
    found.into_iter().filter_map(Value::as_object_mut).collect()
}

/// `function[key]` as an object, made one when absent or `null` (as the plugins' `if (!fn[key])
/// fn[key] = {}`); `None` when it holds another kind of value.
pub(crate) fn object_slot<'a>(function: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Map<String, Value>> {
    let slot = function.entry(key).or_insert(Value::Null);
    if slot.is_null() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut()
}

pub(crate) mod git;
pub(crate) mod ssm_fetch;
#[cfg(test)]
mod tests;
