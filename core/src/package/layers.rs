//! Layer zips: every `layers.<name>` with a `path` and no `package.artifact` is zipped from its
//! directory into `<name>.zip`, as the reference's `packageLayer` does: entry names relative to
//! the layer's directory, the service's and the layer's patterns (and the default excludes)
//! matched against those names, and the service's Node.js development dependencies inside the
//! layer left out.

use std::path::Path;

use super::zip::{self, Entry};
use super::{PackageOptions, UNZIPPED_LIMIT, build_error, compile_rules, in_parallel, node, pattern_lists, walk};
use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::resolve::Resolved;

/// A built layer zip: the layer's key, the zip's file name and its bytes.
pub(super) type LayerZip = (String, String, Vec<u8>);

/// Zips every layer that has a directory and no prebuilt zip.
pub(super) fn zips(
    r: &Resolved,
    service_dir: &Path,
    out_dir: &Path,
    options: &PackageOptions,
    diagnostics: &mut Diagnostics,
) -> Vec<LayerZip> {
    let config = r.config;
    let mut jobs: Vec<(String, String, Vec<Entry>)> = Vec::new();
    for (key, layer) in &config.layers {
        let (Some(dir), None) = (&layer.path, &layer.package.artifact) else { continue };
        // `./layer/` and `layer` are one directory; patterns and names use `/`.
        let dir = dir.trim_start_matches("./").trim_end_matches('/');
        let layer_dir = service_dir.join(dir);
        if !layer_dir.is_dir() {
            diagnostics.push(
                build_error(
                    format!("layers.{key}.path"),
                    format!("layer directory {} does not exist", layer_dir.display()),
                )
                .with_help(
                    "set the path relative to the service directory, or build the layer's zip and set package.artifact",
                ),
            );
            continue;
        }
        let files = walk(&layer_dir, out_dir, diagnostics);
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        // Development dependencies are found from the service's point of view and rebased onto
        // the layer's directory; those outside it do not apply (package-service.js).
        let dev_excludes: Vec<String> = match config.package.exclude_dev_dependencies {
            Some(false) => Vec::new(),
            _ => {
                let in_service: Vec<String> = names.iter().map(|n| format!("{dir}/{n}")).collect();
                let in_service: Vec<&str> = in_service.iter().map(String::as_str).collect();
                let prefix = format!("{dir}/");
                node::dev_dependency_excludes(service_dir, &in_service)
                    .into_iter()
                    .filter_map(|g| g.strip_prefix(&prefix).map(str::to_string))
                    .collect()
            }
        };
        let own = format!("layers.{key}.package");
        let (excludes, includes) = pattern_lists(
            &config.package,
            Some((own.as_str(), &layer.package)),
            (options.config_file.as_deref(), &[]),
            &dev_excludes,
        );
        let help = "write a glob relative to the layer's directory, e.g. `python/**`";
        let Some(rules) = compile_rules(&excludes, &includes, (own.as_str(), help), diagnostics) else { continue };
        let (selected, _) = rules.select(&names);
        let size: u64 = selected.iter().map(|&i| files[i].size).sum();
        if selected.is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    codes::PACKAGE_NO_FILES,
                    format!("layers.{key}"),
                    format!("no file of layer \"{key}\"'s directory {dir} matches its patterns"),
                )
                .with_help("check the layer's path and package.patterns (relative to the layer's directory)"),
            );
            continue;
        }
        if size > UNZIPPED_LIMIT {
            diagnostics.push(
                Diagnostic::error(
                    codes::PACKAGE_TOO_LARGE,
                    format!("layers.{key}"),
                    format!("layer \"{key}\" is {size} bytes unzipped; Lambda allows at most {UNZIPPED_LIMIT} bytes (250 MB) for a function with its layers"),
                )
                .with_help("leave files out with the layer's package.patterns, or split the layer"),
            );
            continue;
        }
        let entries = selected.iter().map(|&i| files[i].entry()).collect();
        jobs.push((key.clone(), format!("{key}.zip"), entries));
    }
    let time = zip::timestamp();
    let mut out = Vec::with_capacity(jobs.len());
    for ((key, name, _), result) in
        jobs.iter().zip(in_parallel(&jobs, |(_, _, entries)| zip::write(entries.clone(), time)))
    {
        match result {
            Ok(bytes) => out.push((key.clone(), name.clone(), bytes)),
            Err(message) => diagnostics.push(build_error(format!("layers.{key}"), message)),
        }
    }
    out
}
