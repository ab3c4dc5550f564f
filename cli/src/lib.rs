//! The library behind the `stackwright` command: load a serverless.yml or serverless.json (YAML
//! with CloudFormation short tags, variables, positions of every config path), render diagnostics
//! rustc-style, write templates as YAML, and convert a config to Rust builder code.
//!
//! ```
//! use stackwright_cli::{load_str, vars::Options};
//! let yaml = "service: svc\nprovider:\n  name: aws\n  runtime: nodejs24.x\n  memorySize: ${self:custom.mem}\n\
//!             custom:\n  mem: 4096\nfunctions: {}\n";
//! let loaded = load_str("serverless.yml", yaml, &Options::default(), &|_| None).unwrap();
//! assert_eq!(loaded.service.config().provider.memory_size, Some(4096));
//! ```

#![deny(missing_docs)]

mod caused;
pub mod convert;
pub mod deploy;
pub mod source;
pub mod vars;
pub mod yaml;
pub mod yaml_out;

use std::path::{Path, PathBuf};

use serde_json::Value;
use stackwright_core::codes;
use stackwright_core::{Diagnostic, Diagnostics, Service};

use source::{Loc, Source, SourceMap};

/// A loaded config: the service (base directory set to the file's directory) and its source.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The service, ready to `check()` or `synth()`.
    pub service: Service,
    /// The file's name, text and positions.
    pub source: Source,
    /// The config tree the service was loaded from: short tags in long form, variables resolved,
    /// `custom` reduced to the settings of natively implemented plugins.
    pub value: Value,
}

/// Loading failed: every diagnostic, the source to locate them in, and for YAML syntax errors
/// their explicit position.
#[derive(Debug, Clone)]
pub struct LoadError {
    /// The problems (errors, and warnings found alongside).
    pub diagnostics: Diagnostics,
    /// The file (empty text when it could not be read).
    pub source: Source,
    /// The position of a syntax error (it has no config path).
    pub at: Option<Loc>,
}

/// The config files looked for in the current directory, in the reference's order.
pub const DEFAULT_CONFIGS: &[&str] = &["serverless.yml", "serverless.yaml", "serverless.json"];

/// The config to use: `explicit`, else the first of [`DEFAULT_CONFIGS`] in `dir`.
///
/// ```
/// use std::path::Path;
/// let explicit = stackwright_cli::discover(Some(Path::new("svc.yml")), Path::new("."));
/// assert_eq!(explicit.as_deref(), Some(Path::new("svc.yml")));
/// ```
pub fn discover(explicit: Option<&Path>, dir: &Path) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(path.to_path_buf());
    }
    DEFAULT_CONFIGS.iter().map(|name| dir.join(name)).find(|p| p.is_file()).map(|p| {
        // Show `serverless.yml`, not `./serverless.yml`, in diagnostics.
        p.strip_prefix(dir).map(Path::to_path_buf).unwrap_or(p)
    })
}

/// Reads and loads a config file; relative artifact paths, `${file(...)}` and `.env` files
/// resolve against its directory (unless `options.base_dir` says otherwise).
///
/// ```no_run
/// use stackwright_cli::{load_file, vars::Options};
/// let options = Options { stage: Some("prod".into()), ..Options::default() };
/// match load_file("serverless.yml".as_ref(), &options) {
///     Ok(loaded) => println!("{}", loaded.service.synth().map(|t| t.to_json_pretty()).unwrap_or_default()),
///     Err(e) => e.diagnostics.iter().for_each(|d| eprintln!("{}", e.source.render(d, e.at))),
/// }
/// ```
pub fn load_file(path: &Path, options: &vars::Options) -> Result<Loaded, Box<LoadError>> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Box::new(LoadError {
            diagnostics: Diagnostic::error(codes::CONFIG_READ_ERROR, "", format!("cannot read {name}: {e}"))
                .with_help("give the config with -c FILE, or run in a directory with serverless.yml")
                .into(),
            source: Source { name: name.clone(), ..Default::default() },
            at: None,
        })
    })?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut options = options.clone();
    if options.base_dir.is_none() {
        options.base_dir = Some(dir.clone());
    }
    let mut loaded =
        load_text(&name, text, &options, &|key| std::env::var(key).ok()).map_err(|f| f.complete(Some(&dir)))?;
    // For `serverless.yml` in the current directory this is the empty path, so that artifacts
    // show as `dist/api.zip` rather than `./dist/api.zip`.
    loaded.service.base_dir(dir);
    Ok(loaded)
}

/// Loads a config from text; `name` decides the format (`.json` is JSON, anything else YAML) and
/// is what diagnostics show. `env` looks up `${env:NAME}`.
pub fn load_str(
    name: &str,
    text: &str,
    options: &vars::Options,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Loaded, Box<LoadError>> {
    load_text(name, text.to_string(), options, env).map_err(|f| f.complete(None))
}

/// [`load_str`] keeping `text` as the source's text rather than a copy of it.
fn load_text(
    name: &str,
    text: String,
    options: &vars::Options,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Loaded, Failed> {
    let mut source = Source { name: name.to_string(), text, map: SourceMap::default() };
    let text = source.text.as_str();
    let json = name.ends_with(".json");
    let parsed = if json { parse_json(text) } else { parse_yaml(text, &mut source.map) };
    let mut value = match parsed {
        Ok(v) => v,
        Err(error) => {
            let (diagnostic, at) = *error;
            return Err(Failed::Parse(Box::new(LoadError { diagnostics: diagnostic.into(), source, at })));
        }
    };
    if json {
        // A JSON file's other positions come from a second parse, by the YAML parser, which only
        // a diagnostic about a path in the config needs (see `Source::locate`).
        let entries = value.as_object().map(|root| root.keys().cloned().collect()).unwrap_or_default();
        source.map.set_root(json_root(text), entries);
    }
    // Variables are written `${`, or (rarely) with a YAML escape in a double-quoted string: a file
    // with neither has none, and large generated configs skip the search.
    let git = vars::git::Git::default();
    let (mut variable_errors, unresolved) = if text.contains("${") || text.contains('\\') {
        vars::resolve_reading_git(&mut value, options, env, &git)
    } else {
        (Diagnostics::new(), Vec::new())
    };
    // serverless-plugin-git-variables puts git values into every function once variables are resolved.
    if let Some(at) = vars::git::listed(&value) {
        let dir = options.base_dir.as_deref().unwrap_or(Path::new("."));
        // Git failing for a `${git:...}` already is one cause, reported there.
        let reported = variable_errors.iter().any(|d| d.message.starts_with("`${git:"));
        if let (Err(why), false) = (vars::git::export(&mut value, &git, dir), reported) {
            variable_errors.push(
                Diagnostic::error(
                    codes::CONFIG_UNRESOLVED_VARIABLE,
                    at,
                    format!("serverless-plugin-git-variables puts git values into every function, and {why}"),
                )
                .with_help("run stackwright in the service's git checkout, or set `custom.exportGitVariables: false`"),
            );
        }
    }
    // serverless-ssm-fetch puts SSM parameters into the functions' environment.
    let reported = |at: &str| variable_errors.iter().any(|d| stackwright_core::config_path::within(at, &d.path));
    let fetched = vars::ssm_fetch::export(&mut value, &options.values, &reported);
    variable_errors.extend(fetched);
    if let Value::Object(root) = &mut value {
        // After the variables: `${self:provider.stage}` is the config's own value, as in the
        // reference (`${sls:stage}` and `${opt:stage}` are the ones that read `--stage`).
        override_provider(root, "stage", options.stage.as_deref());
        override_provider(root, "region", options.region.as_deref());
        // `custom` holds values for `${self:custom...}`, done with once variables are resolved,
        // and the settings of the plugins stackwright implements natively, which core reads.
        if let Some(Value::Object(custom)) = root.get_mut("custom") {
            stackwright_core::plugins::keep_custom_settings(custom);
        }
        if root.get("custom").and_then(Value::as_object).is_some_and(|c| c.is_empty()) {
            root.shift_remove("custom");
        }
    }
    let service = Service::from_value(&value);
    let unresolved = caused::Unresolved::new(&value, unresolved, &variable_errors);
    match service {
        Ok(service) if variable_errors.is_empty() => Ok(Loaded { service, source, value }),
        // The rest of the config is still checked (rules, artifacts, references), in the same run.
        Ok(service) => Err(Failed::Rest(Box::new(Partial { variable_errors, unresolved, service, source }))),
        Err(_) => {
            let service = Service::from_value_deferred(&value, false);
            Err(Failed::Rest(Box::new(Partial { variable_errors, unresolved, service, source })))
        }
    }
}

/// Why [`load_text`] gave no service: a file that does not parse, or errors in a config that
/// did, with the service as far as it loaded, whose checks [`Failed::complete`] adds.
enum Failed {
    Parse(Box<LoadError>),
    Rest(Box<Partial>),
}

/// A config that parsed but has errors: the variables' errors, what they leave unknown, and the
/// service as far as it loaded.
struct Partial {
    variable_errors: Diagnostics,
    unresolved: caused::Unresolved,
    service: Service,
    source: Source,
}

impl Failed {
    /// Every error of the config in one run: the variables', then the service's `check()` on
    /// the rest (with the zips `stackwright package` wrote to `dir`/.serverless, as `validate`
    /// uses them). One cause, one error: a value left as `${env:MISSING}` is not also the wrong
    /// type.
    fn complete(self, dir: Option<&Path>) -> Box<LoadError> {
        let Partial { variable_errors, unresolved, mut service, source } = match self {
            Failed::Parse(error) => return error,
            Failed::Rest(partial) => *partial,
        };
        if let Some(dir) = dir {
            service.base_dir(dir);
            if let Ok(Some(packaged)) = stackwright_core::package::PackageDir::read_in(dir, ".serverless") {
                service.use_package_dir(&packaged, true);
            }
        }
        let mut all = variable_errors;
        service.check().into_iter().filter(|d| !unresolved.explain(d)).for_each(|d| all.push(d));
        Box::new(LoadError { diagnostics: all, source, at: None })
    }
}

/// `--stage` / `--region` win over the file, as in the reference.
fn override_provider(root: &mut serde_json::Map<String, Value>, key: &str, value: Option<&str>) {
    let Some(value) = value else { return };
    let provider = root.entry("provider").or_insert_with(|| Value::Object(Default::default()));
    if let Value::Object(provider) = provider {
        provider.insert(key.to_string(), Value::String(value.to_string()));
    }
}

/// Positions below the top level are only read when a diagnostic needs them (see `Source::locate`).
fn parse_yaml(text: &str, map: &mut SourceMap) -> Result<Value, Box<(Diagnostic, Option<Loc>)>> {
    yaml::parse_top_level(text, map).map_err(|e| {
        let help = match e.loc {
            Some(loc) if variable_in_flow(text, loc) => {
                "a `${...}` variable in an unquoted value inside `{ }` or `[ ]` needs quotes \
                 (`Name: \"prefix-${self:custom.stage}\"`): YAML reads its `{` as a nested mapping, and the \
                 framework's YAML parser rejects it too"
            }
            _ => "fix the YAML syntax at this position; every other check runs once the file parses",
        };
        Box::new((
            Diagnostic::error(codes::CONFIG_PARSE_ERROR, "", format!("invalid YAML: {}", e.message)).with_help(help),
            e.loc,
        ))
    })
}

/// Whether a YAML error at `loc` is at the `{` of a `${` inside a flow collection
/// (`{ Name: a-${self:x} }`), the one parse error real files have that quoting fixes.
fn variable_in_flow(text: &str, loc: Loc) -> bool {
    let Some(line) = text.lines().nth(loc.line.saturating_sub(1)) else { return false };
    let before: String = line.chars().take(loc.col.saturating_sub(1)).collect();
    line.chars().nth(loc.col.saturating_sub(1)) == Some('{') && before.ends_with('$') && before.contains(['{', '['])
}

/// Where a JSON document's value starts: its first character that is not white space.
fn json_root(text: &str) -> Loc {
    let start = text.len() - text.trim_start_matches([' ', '\t', '\n', '\r', '\u{feff}']).len();
    let line = text[..start].matches('\n').count() + 1;
    let col = text[..start].rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    Loc { line, col, len: 1 }
}

/// JSON is parsed by serde_json (exact JSON semantics and messages); the YAML parser, which
/// reads JSON too, only supplies positions, when a diagnostic needs one (`Source::locate`).
fn parse_json(text: &str) -> Result<Value, Box<(Diagnostic, Option<Loc>)>> {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Ok(v),
        Err(e) => {
            let message = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let detail = message.strip_suffix(&suffix).unwrap_or(&message);
            Err(Box::new((
                Diagnostic::error(codes::CONFIG_PARSE_ERROR, "", format!("invalid JSON: {detail}")),
                Some(Loc { line: e.line(), col: e.column().max(1), len: 1 }),
            )))
        }
    }
}
