//! Reliability of packaging: seeded random file trees (odd names, glob characters in names,
//! symbolic links inside, outside, dangling and in loops) and random pattern lists (negation,
//! `**`, classes, braces, `..`, absolute paths, broken globs). Packaging never panics, reports bad
//! patterns as diagnostics, and every zip entry is a relative path (no `..`, no absolute name) to a
//! file of the service directory (or of a parent's that a leading `../` reached); the same tree
//! gives the same bytes twice.
//!
//! `STACKWRIGHT_PACKAGE_FUZZ_ITERATIONS` (default 150) and `STACKWRIGHT_SEED` change the run.

use std::path::{Component, Path};

use stackwright_core::package::{PackageOptions, RustBuilder};
use stackwright_core::{Function, Runtime, Service, Vpc};

#[path = "../../tests/support/fuzz.rs"]
mod fuzz;
use fuzz::Rng;

const NAME_PARTS: &[&str] = &[
    "a",
    "b",
    "src",
    "lib",
    "node_modules",
    ".git",
    ".serverless",
    "index.js",
    "x.test.js",
    "README.md",
    ".env",
    "weird name",
    "ünï",
    "star*",
    "q?",
    "[br]",
    "{c,d}",
    "!bang",
    "back\\slash",
    "package.json",
    "yarn-x.log",
];

const PATTERN_PARTS: &[&str] = &[
    "*",
    "**",
    "?",
    "[a-c]",
    "[!a]",
    "{a,b}",
    "{src,lib}",
    "a",
    "b",
    "src",
    "lib",
    "node_modules",
    ".git",
    "*.js",
    "*.md",
    "..",
    ".",
    "",
    "\\*",
    "[",
    "{",
    "ünï",
    "x.test.js",
    "package.json",
];

fn random_tree(rng: &mut Rng, dir: &Path) {
    let files = 1 + rng.below(25);
    for _ in 0..files {
        let depth = 1 + rng.below(4);
        let parts: Vec<&str> = (0..depth).map(|_| *rng.pick(NAME_PARTS)).collect();
        let path = dir.join(parts.join("/"));
        if let Some(parent) = path.parent()
            && std::fs::create_dir_all(parent).is_ok()
            && !path.is_dir()
        {
            let _ = std::fs::write(&path, format!("{}", rng.next_u64()));
        }
    }
    #[cfg(unix)]
    for _ in 0..rng.below(4) {
        let targets = ["..", "../..", "/", "a", "missing", ".", "src/../..", "lib", "link1"];
        let link = dir.join(format!("link{}", rng.below(1000)));
        let _ = std::os::unix::fs::symlink(rng.pick(&targets), link);
    }
}

fn random_patterns(rng: &mut Rng) -> Vec<String> {
    (0..rng.below(6))
        .map(|_| {
            let mut p = String::new();
            if rng.chance(40) {
                p.push('!');
            }
            if rng.chance(10) {
                p.push_str(if rng.chance(50) { "./" } else { "/" });
            }
            let parts: Vec<&str> = (0..1 + rng.below(4)).map(|_| *rng.pick(PATTERN_PARTS)).collect();
            p.push_str(&parts.join("/"));
            p
        })
        .collect()
}

fn assert_entries_inside(zip: &Path, service_dir: &Path) {
    let Ok(file) = std::fs::File::open(zip) else { return };
    let mut archive = zip::ZipArchive::new(file).expect("a readable zip");
    for i in 0..archive.len() {
        let name = archive.by_index(i).expect("an entry").name().to_string();
        let path = Path::new(&name);
        assert!(
            path.components().all(|c| matches!(c, Component::Normal(_))),
            "entry {name:?} of {} is not a plain relative path",
            zip.display()
        );
        // A file of a parent directory that a `../` pattern reached has its path there.
        let found = service_dir.ancestors().take(3).any(|dir| dir.join(path).is_file());
        assert!(found, "entry {name:?} is not a file of the service directory or of its parents'");
    }
}

#[test]
fn random_trees_and_patterns_never_panic_or_escape() {
    let iterations: usize =
        std::env::var("STACKWRIGHT_PACKAGE_FUZZ_ITERATIONS").ok().and_then(|s| s.parse().ok()).unwrap_or(150);
    let seed = fuzz::base_seed();
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("package-fuzz");
    let (mut packaged, mut rejected) = (0, 0);
    for iteration in 0..iterations {
        let mut rng = Rng::new(seed.wrapping_add(iteration as u64));
        let dir = root.join(format!("{iteration}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        random_tree(&mut rng, &dir);

        let mut svc = Service::new("fuzz");
        svc.base_dir(&dir).build_time_millis(1_767_225_600_000);
        svc.provider().runtime(Runtime::Nodejs24x).vpc(Vpc::new(["subnet-0abc1234"], ["sg-0abc1234"]));
        let config = svc.config_mut();
        config.package.patterns = random_patterns(&mut rng);
        config.package.exclude = if rng.chance(20) { random_patterns(&mut rng) } else { Vec::new() };
        config.package.individually = rng.chance(40).then_some(true);
        let pool = svc.default_capacity_provider();
        for name in ["one", "two"] {
            let mut f = Function::handler("index.handler").capacity_provider(&pool);
            f.package.patterns = random_patterns(&mut rng);
            svc.function(name, f);
        }
        let options = PackageOptions::new("out").rust_builder(RustBuilder::Off);
        let context = format!("iteration {iteration}: {:#?}", svc.config().package);
        match svc.package(&options) {
            Ok(result) => {
                packaged += 1;
                let zips: Vec<_> = result.uploads.iter().filter(|u| u.file.ends_with(".zip")).collect();
                let first: Vec<Vec<u8>> =
                    zips.iter().map(|u| std::fs::read(dir.join("out").join(&u.file)).unwrap()).collect();
                for u in &zips {
                    assert_entries_inside(&dir.join("out").join(&u.file), &dir);
                }
                let again = svc.package(&options).unwrap_or_else(|d| panic!("{context}: second run failed: {d}"));
                for (u, bytes) in again.uploads.iter().filter(|u| u.file.ends_with(".zip")).zip(&first) {
                    assert_eq!(
                        &std::fs::read(dir.join("out").join(&u.file)).unwrap(),
                        bytes,
                        "{context}: not deterministic"
                    );
                }
            }
            Err(diagnostics) => {
                rejected += 1;
                assert!(diagnostics.has_errors(), "{context}");
                for d in &diagnostics {
                    assert!(!d.message.is_empty() && d.code.starts_with("PACKAGE_"), "{context}: {d}");
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    eprintln!("{packaged} packaged, {rejected} rejected with diagnostics");
    assert!(packaged > iterations / 10 && rejected > 0, "the generator must reach both outcomes");
}
