//! serverless-package-common 1.0.3: `custom.packageCommon.common` lists folders outside the
//! service (`../common`) whose shared code goes into the service's zip. Before packaging, the
//! plugin links each folder into the service directory under its path without the `../`
//! (`common`), so the framework zips `../common/x.py` as `common/x.py`. stackwright adds the same
//! files with one include pattern per folder (`../common/**`), which names them the same way and
//! writes nothing into the service directory. The service's own patterns that name `common/...`
//! do not reach those files: they are matched as `../common/...`.
//!
//! ```yaml
//! plugins:
//!   - serverless-package-common
//! custom:
//!   packageCommon:
//!     common:
//!       - ../common   # → package.patterns: ['../common/**']
//! ```

use serde_json::{Map, Value};

use super::Origins;
use crate::codes;
use crate::reader::{Loader, index, join};

/// The plugin's npm name.
pub(crate) const PACKAGE_COMMON: &str = "serverless-package-common";
/// Its settings, under `custom`.
pub(crate) const CUSTOM: &str = "packageCommon";

/// Appends `<folder>/**` to `package.patterns` for every folder of `custom.packageCommon.common`
/// (a pattern that matches no file is then reported at the folder as written).
pub(crate) fn expand(l: &mut Loader, root: &mut Map<String, Value>, origins: &mut Origins) {
    let Some(common) = root.get("custom").and_then(|c| c.get(CUSTOM)).and_then(|c| c.get("common")) else { return };
    let at = join(&join("custom", CUSTOM), "common");
    let Value::Array(folders) = common else {
        if !common.is_null() {
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &at,
                format!("expected a list of folders, found {}", crate::reader::describe(common)),
                "list the folders, e.g. `common: [../common]`",
            );
        }
        return;
    };
    let mut patterns = Vec::new();
    for (i, folder) in folders.iter().enumerate() {
        let at = index(&at, i);
        let Some(folder) = folder.as_str() else {
            let found = crate::reader::describe(folder);
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &at,
                format!("expected a folder, found {found}"),
                "write the folder's path from the service directory, e.g. `../common`",
            );
            continue;
        };
        let folder = folder.trim_end_matches('/');
        let name = folder.trim_start_matches("./");
        if !name.starts_with("../") || name.trim_start_matches("../").is_empty() {
            // The plugin deletes what is at the link's path first: inside the service that is the
            // folder itself.
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &at,
                format!("folder {folder:?} is not outside the service directory"),
                "list folders next to the service (`../common`); a folder inside it is packaged anyway",
            );
            continue;
        }
        patterns.push((i, format!("{name}/**")));
    }
    if patterns.is_empty() {
        return;
    }
    let package = root.entry("package").or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(package) = package else { return };
    let list = package.entry("patterns").or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(list) = list else { return };
    for (i, pattern) in patterns {
        origins.push((index("package.patterns", list.len()), index(&at, i), false));
        list.push(Value::String(pattern));
    }
}
