//! serverless-package-common 1.0.3: `custom.packageCommon.common` lists folders outside the
//! service (`../common`) whose shared code goes into the service's zip. Before packaging, the
//! plugin links each folder into the service directory, named by its path with every match of
//! the JavaScript pattern `/..\//g` removed (`../common` → `common`; the pattern's `.` is any
//! character, so `../lib/common` → `lcommon`), replacing what the service had of that name. The
//! framework then zips the link's files as the service's own: under that name, selected by the
//! service's patterns and default excludes like any other file. `stackwright package` does the
//! same from the folder itself and writes nothing into the service directory.
//!
//! ```yaml
//! plugins:
//!   - serverless-package-common
//! custom:
//!   packageCommon:
//!     common:
//!       - ../common   # zipped as common/...
//! ```

use serde_json::{Map, Value};

use crate::codes;
use crate::reader::{Loader, index, join};

/// The plugin's npm name.
pub(crate) const PACKAGE_COMMON: &str = "serverless-package-common";
/// Its settings, under `custom`.
pub(crate) const CUSTOM: &str = "packageCommon";

/// A folder the plugin links into the service directory.
#[derive(Debug, Clone, PartialEq)]
pub struct Linked {
    /// The folder as written, from the service directory (`../common`).
    pub folder: String,
    /// The link's name in the service directory, and so the files' path in the zip (`common`).
    pub link: String,
    /// Where it is written (`custom.packageCommon.common[0]`).
    pub at: String,
}

/// The folders of `custom.packageCommon.common`; the ones the plugin cannot link are errors.
pub(crate) fn expand(l: &mut Loader, root: &Map<String, Value>) -> Vec<Linked> {
    let Some(common) = root.get("custom").and_then(|c| c.get(CUSTOM)).and_then(|c| c.get("common")) else {
        return Vec::new();
    };
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
        return Vec::new();
    };
    let mut linked = Vec::new();
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
        let link = link_name(folder);
        let outside = folder.starts_with("../") && !link.is_empty() && !link.starts_with('/') && !link.contains("..");
        if !outside {
            // Inside the service the plugin replaces the folder with a link to itself; an absolute
            // path or one whose link name leaves the service directory is not reproduced.
            l.error_help(
                codes::CONFIG_INVALID_VALUE,
                &at,
                format!("folder {folder:?} is not a folder next to the service (its link would be {link:?})"),
                "list folders outside the service directory by a relative path, e.g. `../common`; a folder inside \
                 it is packaged anyway",
            );
            continue;
        }
        linked.push(Linked { folder: folder.to_string(), link, at });
    }
    linked
}

/// The plugin's `folder.replace(/..\//g, '')`: every two characters followed by `/`, matched
/// from the left without overlapping, removed.
fn link_name(folder: &str) -> String {
    let chars: Vec<char> = folder.chars().collect();
    let mut out = String::with_capacity(folder.len());
    let mut i = 0;
    while i < chars.len() {
        let any = |c: char| c != '\n' && c != '\r' && c != '\u{2028}' && c != '\u{2029}';
        if i + 2 < chars.len() && chars[i + 2] == '/' && any(chars[i]) && any(chars[i + 1]) {
            i += 3;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::link_name;

    /// What `folder.replace(/..\//g, '')` gives in Node.
    #[test]
    fn link_names_as_javascript_makes_them() {
        for (folder, node) in
            [("../common", "common"), ("../lib/common", "lcommon"), ("../common/", "comm"), ("../../shared/x", "sharx")]
        {
            assert_eq!(link_name(folder), node, "{folder}");
        }
    }
}
