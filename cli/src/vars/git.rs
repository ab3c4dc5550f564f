//! serverless-plugin-git-variables 5.2.0: the variable source `${git:...}` and, unless
//! `custom.exportGitVariables: false`, six git values in every function's environment and tags
//! (`GIT_COMMIT_SHORT`, `GIT_COMMIT_LONG`, `GIT_BRANCH`, `GIT_IS_DIRTY`, `GIT_REPOSITORY`,
//! `GIT_TAGS`; a value the function already has stays, `custom.gitVariablesEnvWhitelist` and
//! `custom.gitVariablesTagsWhitelist` narrow them). The values are what the plugin's `git`
//! commands print in the service directory, trimmed.
//!
//! ```yaml
//! plugins:
//!   - serverless-plugin-git-variables
//! provider:
//!   stackTags:
//!     Version: ${git:describeLight}
//! ```

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The plugin's npm name.
pub(crate) const PLUGIN: &str = stackwright_core::plugins::GIT_VARIABLES;

/// The variables the plugin knows, as its error lists them.
const NAMES: &str = "'describe', 'describeLight', 'sha1', 'commit', 'branch', 'message', 'messageSubject', \
                     'messageBody', 'user', 'email', 'isDirty', 'repository', 'tags'";

/// What the plugin exports: (its variable, the environment variable and tag).
const EXPORTED: [(&str, &str); 6] = stackwright_core::plugins::GIT_VARIABLES_EXPORTED;

/// The git values of one directory, each read once.
#[derive(Default)]
pub(crate) struct Git {
    values: RefCell<HashMap<String, Result<String, String>>>,
}

impl Git {
    /// `${git:name}` in `dir`; the error says why git gave no value.
    pub(crate) fn value(&self, dir: &Path, name: &str) -> Result<String, String> {
        if let Some(known) = self.values.borrow().get(name) {
            return known.clone();
        }
        let value = read(dir, name);
        self.values.borrow_mut().insert(name.to_string(), value.clone());
        value
    }
}

/// The plugin's command for `name`, run in `dir`.
fn read(dir: &Path, name: &str) -> Result<String, String> {
    let git = |args: &[&str]| run(dir, args);
    match name {
        "describe" => git(&["describe", "--always"]),
        "describeLight" => git(&["describe", "--always", "--tags"]),
        "sha1" => git(&["rev-parse", "--short", "HEAD"]),
        "commit" => git(&["rev-parse", "HEAD"]),
        "branch" => git(&["rev-parse", "--abbrev-ref", "HEAD"]),
        "message" => git(&["log", "-1", "--pretty=%B"]),
        "messageSubject" => git(&["log", "-1", "--pretty=%s"]),
        "messageBody" => git(&["log", "-1", "--pretty=%b"]),
        "user" => git(&["config", "user.name"]),
        "email" => git(&["config", "user.email"]),
        "isDirty" => git(&["diff", "--stat"]).map(|changes| (!changes.is_empty()).to_string()),
        "repository" => git(&["rev-parse", "--show-toplevel"])
            .map(|top| Path::new(&top).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()),
        "tags" => {
            let tags = git(&["tag", "--points-at", "HEAD"])?;
            if tags.is_empty() {
                git(&["rev-parse", "--short", "HEAD"])
            } else {
                Ok(tags.lines().collect::<Vec<_>>().join("::"))
            }
        }
        _ => Err(format!("git variable {name} is unknown; the plugin knows {NAMES}")),
    }
}

/// One git command's trimmed output, or why it failed.
fn run(dir: &Path, args: &[&str]) -> Result<String, String> {
    // A config in the working directory has the empty path as its directory.
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run git in {}: {e}", dir.display()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("`git {}` failed in {}: {}", args.join(" "), dir.display(), stderr.trim()));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Where `plugins` names the plugin (`plugins[i]`, or `plugins.modules[i]`), if it does.
pub(crate) fn listed(root: &Value) -> Option<String> {
    stackwright_core::plugins::path_of(root.get("plugins"), PLUGIN)
}

/// The plugin's export into every function of `root` (resolved), serverless-lift's queue workers
/// included: the six values into each function's `environment` and `tags` where it has none of
/// that name (a falsy value counts as none, as in JavaScript). `Err` is why git gave no value.
///
/// serverless-plugin-warmup's warmers are left without them: the plugin adds them at the same
/// hook, so whether they get the values depends on the order of `plugins`.
pub(crate) fn export(root: &mut Value, git: &Git, dir: &Path) -> Result<(), String> {
    let custom = root.get("custom");
    if custom.and_then(|c| c.get("exportGitVariables")) == Some(&Value::Bool(false)) {
        return Ok(());
    }
    // The plugin's `whitelist.includes(name)`: a list's item, or a string's substring.
    let allowed = |key: &str, name: &str| match custom.and_then(|c| c.get(key)) {
        Some(Value::Array(names)) => names.iter().any(|n| n.as_str() == Some(name)),
        Some(Value::String(names)) => names.contains(name),
        _ => true,
    };
    let chosen: Vec<(&str, &str, bool, bool)> = EXPORTED
        .iter()
        .map(|(variable, name)| {
            (*variable, *name, allowed("gitVariablesEnvWhitelist", name), allowed("gitVariablesTagsWhitelist", name))
        })
        .filter(|(_, _, env, tags)| *env || *tags)
        .collect();
    // serverless-lift adds a queue's worker as a function at `initialize`, before the plugin's
    // export at `after:package:initialize`: the worker gets the values too.
    let functions = super::functions_mut(root);
    // The plugin runs git per function: none, no git.
    let mut exported = Vec::new();
    if !functions.is_empty() {
        for (variable, name, env, tags) in chosen {
            exported.push((name, git.value(dir, variable)?, env, tags));
        }
    }
    for function in functions {
        for (name, value, env, tags) in &exported {
            for (set, key) in [(*env, "environment"), (*tags, "tags")] {
                if !set {
                    continue;
                }
                if let Some(map) = super::object_slot(function, key)
                    && !stackwright_core::json::truthy(map.get(*name))
                {
                    map.insert(name.to_string(), Value::String(value.clone()));
                }
            }
        }
    }
    Ok(())
}
