//! The stable-Rust fuzz fallback for the YAML loader (the cargo-fuzz target is
//! `fuzz/fuzz_targets/load_yaml.rs`): replays every public conformance `serverless.yml`, the
//! cargo-fuzz seed corpus in `fuzz/corpus/load_yaml/` and hand-written edge cases, then
//! `STACKWRIGHT_YAML_FUZZ_ITERATIONS` (default 80 000) seeded byte-level and structure-level
//! mutations of them (`STACKWRIGHT_SEED` changes the seed) through [`load_str`] and, when a config
//! loads, `check()` and `synth()` (artifacts get a fixed hash: no file is read).
//!
//! Requirements checked: no panic (each input runs under `catch_unwind`; the input is printed), no
//! hang (each input must finish within `PER_INPUT_LIMIT`, measured, and a watchdog fails the test
//! when one is still running after `WATCHDOG_LIMIT` or the whole run passes `OVERALL_LIMIT`), and
//! no stack overflow (deep nesting is part of the edge cases and mutations; an overflow would abort
//! the test binary: `STACKWRIGHT_YAML_FUZZ_DUMP=DIR` keeps each worker's current input in
//! `DIR/current-N.yml` to find it). The workers run on 2 MB stacks, like test threads.
//!
//! The bugs this replay found are regression tests at the end of the file.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use stackwright_cli::{LoadError, Loaded, load_str, vars::Options};
use stackwright_core::Artifact;

/// Longest any one input may take (debug build, shared 2-core machine; the slowest input, a
/// huge anchor, takes under 1 s unloaded and up to 6 s while other builds run).
const PER_INPUT_LIMIT: Duration = Duration::from_secs(8);
/// An input still running after this is a hang: the watchdog fails the test rather than wait.
const WATCHDOG_LIMIT: Duration = Duration::from_secs(20);
/// The whole replay (about 30 s on a 2-core machine in a debug build).
const OVERALL_LIMIT: Duration = Duration::from_secs(300);
const SHA: &str = "Ed+P8oLgmodTBPjRg/GlBkB9DVRAaDev+fJeaUF4U8U=";

#[path = "../../tests/support/fuzz.rs"]
mod fuzz;
use fuzz::{Rng, base_seed};

#[path = "../../tests/support/conformance.rs"]
mod conformance_suite;

/// Every public conformance `serverless.yml` (skipped with a note when the suite is absent, an
/// error in CI), then the cargo-fuzz seeds.
fn corpus() -> Vec<(String, String)> {
    let mut out = Vec::new();
    match conformance_suite::suite_dir() {
        Some(suite) => {
            for dir in conformance_suite::cases(&suite) {
                if let Ok(text) = std::fs::read_to_string(dir.join("serverless.yml")) {
                    out.push((dir.display().to_string(), text));
                }
            }
            assert!(out.len() >= 20, "conformance suite incomplete: {} serverless.yml files", out.len());
        }
        None if conformance_suite::in_ci() => panic!("conformance suite missing; CI must have it"),
        None => eprintln!("note: conformance suite not found; replaying the seed corpus and edge cases only"),
    }
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/load_yaml");
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(&seeds).into_iter().flatten().filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if let Ok(text) = std::fs::read_to_string(&p) {
            out.push((p.display().to_string(), text));
        }
    }
    assert!(!out.is_empty(), "no YAML corpus at all (fuzz/corpus/load_yaml is part of the repository)");
    out
}

/// A loadable service to wrap edge cases in.
const HEAD: &str = "service: svc\nprovider:\n  name: aws\n  runtime: nodejs24.x\n  vpc:\n    \
                    subnetIds: [subnet-1]\n    securityGroupIds: [sg-1]\npackage:\n  artifact: a.zip\n\
                    functions:\n  f:\n    handler: h.h\n";

/// `HEAD` with `custom` and a function environment variable using it.
fn with_custom(custom: &str, env_value: &str) -> String {
    format!("{HEAD}    environment:\n      V: {env_value}\ncustom:\n{custom}")
}

/// `custom` entries `a0` to `a{n-1}`, each `copies` references to the next, then `a{n}: leaf`.
fn chain(n: usize, copies: usize, separator: &str, leaf: &str) -> String {
    let mut out = String::new();
    for i in 0..n {
        let refs = vec![format!("${{self:custom.a{}}}", i + 1); copies].join(separator);
        out.push_str(&format!("  a{i}: \"{refs}\"\n"));
    }
    out + &format!("  a{n}: {leaf}\n")
}

/// `HEAD` with one user resource whose `Metadata` is `value` (flow style, on one line).
fn with_resource(value: &str) -> String {
    format!("{HEAD}resources:\n  Resources:\n    R:\n      Type: AWS::SNS::Topic\n      Metadata: {value}\n")
}

/// Inputs aimed at the parser's, the variable resolver's and the loader's limits.
fn edge_cases() -> Vec<(String, String)> {
    let flow = |open: &str, close: &str, n: usize| format!("{}x{}", open.repeat(n), close.repeat(n));
    // `- - - x`: block sequences nest one level per two characters, on one line.
    let block_seq = |n: usize| format!("{}x\n", "- ".repeat(n));
    // Block mappings nest one level per line, each indented one more space.
    let block_map = |n: usize| (0..n).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect::<String>() + "x";
    let mut cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("null", "~".into()),
        ("document marker only", "---\n".into()),
        ("document end only", "...\n".into()),
        ("scalar root", "hello".into()),
        ("list root", "- a\n- b\n".into()),
        ("comment only", "# nothing\n".into()),
        ("BOM", format!("\u{feff}{HEAD}")),
        ("CRLF", HEAD.replace('\n', "\r\n")),
        ("CR only", HEAD.replace('\n', "\r")),
        ("control characters", format!("{HEAD}x: \"\0\u{7f}\u{85}\u{2028}\"\ny: a\u{7}b\n")),
        ("NUL in plain scalar", "service: a\0b\n".into()),
        // Nesting, around the documented 128-level limit and far past it.
        ("flow seq 127", format!("a: {}", flow("[", "]", 127))),
        ("flow seq 128", format!("a: {}", flow("[", "]", 128))),
        ("flow seq 129", format!("a: {}", flow("[", "]", 129))),
        ("flow seq 255", format!("a: {}", flow("[", "]", 255))),
        ("flow seq 256", format!("a: {}", flow("[", "]", 256))),
        ("flow seq 100000", format!("a: {}", flow("[", "]", 100_000))),
        ("flow seq unclosed 100000", format!("a: {}", "[".repeat(100_000))),
        ("flow map 200", format!("a: {}", flow("{a: ", "}", 200))),
        ("flow map 50000", format!("a: {}", flow("{a: ", "}", 50_000))),
        ("flow mixed 300", format!("a: {}", flow("[{a: ", "}]", 150))),
        ("block seq 129", block_seq(129)),
        ("block seq 1000", block_seq(1_000)),
        ("block seq 100000", block_seq(100_000)),
        ("block map 129", block_map(129)),
        ("block map 3000", block_map(3_000)),
        ("block seq of flow seqs", format!("{}{}\n", "- ".repeat(200), flow("[", "]", 200))),
        ("deep user resource 127", with_resource(&flow("[", "]", 120))),
        ("deep user resource 129", with_resource(&flow("[", "]", 129))),
        ("deep user resource 250", with_resource(&flow("{a: ", "}", 250))),
        ("deep intrinsic tags", with_resource(&format!("{}x{}", "!Base64 [".repeat(200), "]".repeat(200)))),
        ("deep intrinsic tags block", format!("{HEAD}    environment:\n      V: {}x\n", "!Base64 ".repeat(500))),
        ("deep custom", with_custom(&format!("  d: {}\n", flow("[", "]", 250)), "${self:custom.d}")),
        // Anchors and aliases.
        ("self alias", "a: &a [*a]\n".into()),
        ("alias before anchor", "a: *a\nb: &a 1\n".into()),
        ("unknown alias", "a: *nope\n".into()),
        ("alias as key", "a: &a k\n*a : 1\n".into()),
        ("anchor on key", "&k a: 1\nb: *k\n".into()),
        ("anchor redefined", "a: &a 1\nb: &a [*a, *a]\nc: *a\n".into()),
        ("anchor on alias", "a: &a 1\nb: &b *a\n".into()),
        ("merge scalar", "a: &a 1\nb:\n  <<: *a\n".into()),
        ("merge list", "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b, 3, [4]]\n  x: 0\n".into()),
        ("merge twice", "a: &a {x: 1}\nb:\n  <<: *a\n  <<: *a\n".into()),
        ("merge nested", "a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b, z: 3}\n".into()),
        ("merge non-alias", "b:\n  <<: {x: 1}\n  <<: [{y: 2}]\n".into()),
        ("billion laughs", {
            let mut t = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for i in 1..12 {
                t.push_str(&format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 10].join(", ")));
            }
            t
        }),
        ("huge anchor", {
            let items = (0..60_000).map(|i| format!("i{i}")).collect::<Vec<_>>().join(", ");
            format!("a: &a [{items}]\nb: *a\nc: *a\n")
        }),
        ("huge anchor used once", {
            let items = (0..60_000).map(|i| format!("  - i{i}\n")).collect::<String>();
            format!("{HEAD}custom:\n  big: &big\n{items}  again: *big\n")
        }),
        ("deep anchor aliased", format!("a: &a {}\nb: [{}]\n", flow("[", "]", 120), vec!["*a"; 200].join(", "))),
        ("alias inside variable", with_custom("  a: &a ${self:custom.b}\n  b: [*a]\n", "${self:custom.a}")),
        // Tabs.
        ("tab indentation", "provider:\n\tname: aws\n".into()),
        ("tab after colon", "provider:\n  name:\taws\n".into()),
        ("tab in flow", "a: [\t1,\t2\t]\n".into()),
        ("tab before dash", "a:\n\t- 1\n".into()),
        ("tabs everywhere", HEAD.replace("  ", "\t")),
        // Tags.
        ("unknown tag", "a: !Foo x\n".into()),
        ("unknown tag on collection", "a: !Foo [x]\nb: !Foo {x: 1}\n".into()),
        ("unknown tag on key", "!Foo a: 1\n".into()),
        ("binary tag", "a: !!binary aGVsbG8=\n".into()),
        ("bad int", "a: !!int abc\nb: !!float x\nc: !!bool 1\nd: !!null 1\n".into()),
        ("str tag on collection", "a: !!str [1]\nb: !!map [1]\nc: !!seq {a: 1}\n".into()),
        ("verbatim tag", "a: !<tag:yaml.org,2002:str> 1\nb: !<!GetAtt> a.b\n".into()),
        ("named handle", "%TAG !e! tag:example.com,2000:\n---\na: !e!Ref x\n".into()),
        ("bad directive", "%YAML 9.9\n---\na: 1\n".into()),
        ("non-specific tag", "a: ! x\nb: ! [1]\n".into()),
        ("empty tag", "a: !\n".into()),
        ("tag then nothing", "a: !Ref\nb: !Sub\n".into()),
        ("tag on merge", "a: &a {x: 1}\nb: {<<: !Ref *a}\n".into()),
        // `!GetAtt` in odd shapes.
        (
            "GetAtt shapes",
            "a: !GetAtt\nb: !GetAtt ''\nc: !GetAtt .\nd: !GetAtt a.\ne: !GetAtt .b\nf: !GetAtt a.b.c\ng: !GetAtt [a]\n\
             h: !GetAtt []\ni: !GetAtt {a: b}\nj: !GetAtt [!GetAtt a.b, c]\nk: !GetAtt 1.5\nl: !GetAtt ~\n\
             m: !GetAtt 12\nn: !GetAtt \"é.é\"\n"
                .into(),
        ),
        ("GetAtt without dot", "a: !GetAtt nodot\n".into()),
        ("GetAtt as capacity provider", format!("{HEAD}    capacityProvider: !GetAtt [[a], {{b: c}}]\n")),
        ("GetAtt number as capacity provider", format!("{HEAD}    capacityProvider: !GetAtt 1.5\n")),
        ("tags as keys of intrinsics", format!("{HEAD}    capacityProvider: {{name: !Ref X, Ref: Y}}\n")),
        // Duplicate keys and documents.
        ("duplicate top-level key", format!("{HEAD}service: other\n")),
        ("duplicate function", format!("{HEAD}  f:\n    handler: x.y\n")),
        ("duplicate in flow", "a: {x: 1, x: 2}\n".into()),
        ("duplicate null keys", "? \n: 1\n? \n: 2\n".into()),
        ("explicit complex key", "? [a, b]\n: 1\n".into()),
        ("two documents", format!("{HEAD}---\n{HEAD}")),
        ("document end then text", format!("{HEAD}...\nservice: x\n")),
        ("many documents", "---\n".repeat(10_000)),
        // Strings.
        ("unterminated double quote", "service: \"abc\n".into()),
        ("unterminated single quote", "service: 'abc\n".into()),
        ("unterminated escape", "service: \"\\".into()),
        ("bad escapes", "a: \"\\u12\"\nb: \"\\uD800\"\nc: \"\\U0011FFFF\"\nd: \"\\q\"\n".into()),
        ("unterminated block scalar", "a: |\n".into()),
        ("block scalar bad indent", "a: |-2\n   x\n  y\n".into()),
        ("unterminated flow", "a: [1, {b: 2\n".into()),
        ("stray closers", "a: ]}\n}\n]\n".into()),
        // Invalid UTF-8, converted lossily at the `&str` boundary.
        ("invalid UTF-8", lossy(b"service: \xff\xfe\xfd\nprovider:\n  name: \xc3\x28\n")),
        ("truncated UTF-8", lossy(b"service: caf\xc3")),
        ("invalid UTF-8 in key", lossy(b"\xf0\x28\x8c\x28: 1\n")),
        // Very long lines.
        ("long service name", format!("service: {}\nprovider: {{name: aws}}\n", "s".repeat(1_000_000))),
        ("long key", format!("{}: 1\n", "k".repeat(200_000))),
        ("long quoted", format!("a: \"{}\"\n", "\\\"".repeat(100_000))),
        ("long flow line", format!("a: [{}]\n", vec!["1"; 50_000].join(","))),
        ("long variable line", with_custom("  a: 1\n", &"${self:custom.a}".repeat(5_000))),
        ("long handler", format!("{HEAD}  g:\n    handler: {}\n", "h".repeat(300_000))),
        ("many keys", (0..5_000).map(|i| format!("k{i}: {i}\n")).collect()),
        ("many functions", {
            let fns = (0..1_000).map(|i| format!("  f{i}:\n    handler: h.h\n")).collect::<String>();
            format!("{HEAD}{fns}")
        }),
        // Variables.
        ("self reference", with_custom("  a: ${self:custom.a}\n", "${self:custom.a}")),
        ("mutual reference", with_custom("  a: ${self:custom.b}\n  b: ${self:custom.a}\n", "${self:custom.a}")),
        ("reference to root", with_custom("  a: 1\n", "${self:}")),
        ("root inside root", with_custom("  a: ${self:}\n  b: ${self:}\n  c: ${self:}\n", "${self:custom}")),
        ("self dot", with_custom("  a: 1\n", "${self:.}")),
        ("self empty parts", with_custom("  a: 1\n", "${self:custom..a.}")),
        ("list index", with_custom("  l: [1, 2]\n", "${self:custom.l.1}-${self:custom.l.99999999999999999999}")),
        ("object in string", with_custom("  o: {x: 1}\n", "x-${self:custom.o}")),
        ("list as value", with_custom("  l: [1, [2, [3]]]\n", "${self:custom.l}")),
        ("functions as value", with_custom("  a: 1\n", "${self:functions}")),
        ("unknown sources", {
            let srcs = ["ssm:/a/b", "file(./x.yml):k", "cf:stack.out", "s3:bucket/key", "aws:region", "sls:instanceId"];
            let refs = srcs.iter().map(|s| format!("${{{s}}}")).collect::<String>();
            with_custom("  a: 1\n", &format!("\"{refs}\""))
        }),
        ("unknown source with parens", with_custom("  a: 1\n", "${file(./x.yml}")),
        ("opt and env", with_custom("  a: 1\n", "${opt:stage}-${opt:region}-${opt:other}-${env:HOME}-${env:}")),
        ("nested fallbacks", with_custom("  a: 1\n", "${opt:a, ${opt:b, ${env:C, ${self:custom.none, 'd'}}}}")),
        ("deep nested fallbacks", {
            let n = 2_000;
            with_custom("  a: 1\n", &format!("\"{}'x'{}\"", "${opt:a, ".repeat(n), "}".repeat(n)))
        }),
        ("deep nested addresses", {
            let n = 2_000;
            with_custom("  a: 1\n", &format!("\"{}custom.a{}\"", "${self:".repeat(n), "}".repeat(n)))
        }),
        ("bare fallback variables", with_custom("  a: 1\n", "${opt:stage, self:custom.a, env:X}")),
        (
            "fallback edge values",
            with_custom("  a: 1\n", "${opt:x, }${opt:x,,}${opt:x, 1e999}${opt:x, 'a,b'}${opt:x, 'a"),
        ),
        ("fallback unbalanced quote", with_custom("  a: 1\n", "\"${opt:x, 'a}\"")),
        ("fallback quotes", with_custom("  a: 1\n", "\"${opt:x, \\\"q\\\"}${opt:x, '}\"")),
        ("unclosed", with_custom("  a: 1\n", "\"${self:custom.a\"")),
        ("unclosed nested", with_custom("  a: 1\n", "\"${self:${opt:stage}\"")),
        ("braces", with_custom("  a: 1\n", "\"}}}}${{{{${}${:}${self}${ self:custom.a }$${self:custom.a}\"")),
        ("only dollars", with_custom("  a: 1\n", &format!("\"{}\"", "${".repeat(10_000)))),
        ("cfn placeholders", with_custom("  a: 1\n", "\"${AWS::Region}${Foo}${!Literal}${AWS::}${::}${a:::b}\"")),
        ("multibyte address", with_custom("  é: 1\n", "${self:custom.é}${opt:é, 'é'}${env:é}")),
        ("variable key", with_custom("  a: 1\n  ${self:custom.a}: 2\n", "${self:custom.${self:custom.a}}")),
        ("variable in service", format!("service: ${{self:service}}\n{}", &HEAD[HEAD.find('\n').unwrap() + 1..])),
        ("variable as stage", format!("{HEAD}  stage: ${{sls:stage}}\n")),
        ("stage cycle", format!("{}  stage: ${{sls:stage}}\n", HEAD.replace("provider:\n", "provider:\n  stage: x\n"))),
        ("provider stage object", HEAD.replace("provider:\n", "provider:\n  stage: {a: 1}\n") + "x: ${sls:stage}\n"),
        ("variable in custom only", format!("{HEAD}custom:\n  a: ${{ssm:/only/here}}\n")),
        ("variable in key position", "${self:a}: 1\na: 2\n".into()),
        ("variable producing deep list", with_custom(&format!("  d: {}\n", flow("[", "]", 120)), "${self:custom.d}")),
        ("doubling chain", with_custom(&chain(24, 2, "", "x"), "${self:custom.a0}")),
        ("quadrupling chain", with_custom(&chain(12, 4, " ", "x"), "${self:custom.a0}")),
        ("big string doubling", with_custom(&chain(14, 2, "", &"b".repeat(100_000)), "${self:custom.a0}")),
        ("deep lists through a variable chain", {
            // Each value is 120 levels deep with a variable at the bottom naming the next one:
            // the resolver recurses through all of them.
            let custom = (0..20)
                .map(|i| format!("  a{i}: {}${{self:custom.a{}}}{}\n", "[".repeat(120), i + 1, "]".repeat(120)))
                .collect::<String>();
            with_custom(&custom, "${self:custom.a0}")
        }),
        ("root at depth 127", format!("{}\"${{self:}}\"\n", "- ".repeat(127))),
        (
            "self at depth 100",
            with_custom(
                &format!("  d: {}\n", flow("[", "]", 100).replace('x', "'${self:custom.d}'")),
                "${self:custom.d}",
            ),
        ),
        ("deep value at depth", {
            let deep = format!("  d: {}\n", flow("[", "]", 100));
            format!("{}x: {}\n", with_custom(&deep, "1"), flow("[", "]", 60).replace('x', "'${self:custom.d}'"))
        }),
        ("file whole and by path", with_custom("  a: 1\n", "${file(./config.yml)}")),
        ("file includes itself", with_custom("  a: 1\n", "${file(./loop.yml)}")),
        ("file key loops", with_custom("  a: 1\n", "${file(./config.yml):loop}")),
        ("file in file", with_custom("  a: 1\n", "${file(./config.json):deep}-${file(./config.yml):name}")),
        (
            "file path from variables",
            with_custom("  s: config\n", "${file(./${self:custom.s}.${opt:x, 'yml'}):memory}"),
        ),
        (
            "file errors",
            with_custom("  a: 1\n", "\"${file(./bad.yml)}${file(./code.js)}${file(./none.yml)}${file()}\""),
        ),
        ("file parens unbalanced", with_custom("  a: 1\n", "\"${file((./a.yml)}${file(./a.yml))}${file(${x)}\"")),
        (
            "dotenv",
            format!("useDotenv: true\n{}", with_custom("  a: 1\n", "${env:TOKEN}-${env:DOUBLE}-${env:EMPTY, 'e'}")),
        ),
        (
            "params",
            format!(
                "params:\n  default:\n    a: ${{param:b}}\n    b: ${{param:a}}\n  prod:\n    c: 1\n\
             stages:\n  prod:\n    params: [1]\n{}",
                with_custom("  a: 1\n", "${param:a}-${param:c}-${param:domain}")
            ),
        ),
        (
            "aws sources in environment",
            with_custom("  a: 1\n", "\"${ssm:/x}-${aws:accountId}-${AWS::Region}-${cf:stack.Output}\""),
        ),
        (
            "aws sources in a Sub",
            with_resource("{Fn::Sub: ['${aws:accountId}-${ssm:/x}-${X}', {X: '${aws:accountId}'}]}"),
        ),
        (
            "aws sources elsewhere",
            format!("service: svc-${{aws:accountId}}\n{}", &HEAD[HEAD.find('\n').unwrap() + 1..]),
        ),
        ("many roots", {
            let roots = (0..8).map(|i| format!("  r{i}: ${{self:}}\n")).collect::<String>();
            with_custom(&roots, "${self:custom}")
        }),
    ];
    // Configs that otherwise load, with the nesting edge cases as a user resource.
    cases.push(("block seq in resource", with_resource("\n        - - - - - - - - x")));
    cases.into_iter().map(|(name, text)| (format!("edge case: {name}"), text)).collect()
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const TAGS: &[&str] = &[
    "!Ref ",
    "!GetAtt ",
    "!Sub ",
    "!Join ",
    "!If ",
    "!Select ",
    "!Base64 ",
    "!Condition ",
    "!ImportValue ",
    "!FindInMap ",
    "!Foo ",
    "!!str ",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!null ",
    "!!map ",
    "!!seq ",
    "!!binary ",
    "! ",
    "!<x> ",
];

const VARIABLES: &[&str] = &[
    "${",
    "${self:",
    "${self:custom.a}",
    "${self:service}",
    "${self:provider.stage}",
    "${self:}",
    "${self:functions.f.handler}",
    "${opt:stage}",
    "${opt:stage, 'dev'}",
    "${opt:region, ${self:provider.region, 'us-east-1'}}",
    "${sls:stage}",
    "${env:HOME}",
    "${env:NOPE, self:service}",
    "${ssm:/x}",
    "${ssm:/x~true}",
    "${ssm(eu-west-1):/x}",
    "${cf:stack.Output}",
    "${s3:bucket/key}",
    "${aws:accountId}",
    "${aws:region}",
    "${aws:partition}",
    "${sls:instanceId}",
    "${param:domain}",
    "${param:size, 1}",
    "${file(./a.yml):b}",
    "${file(./config.yml)}",
    "${file(./config.yml):memory}",
    "${file(./config.json):deep.a.b}",
    "${file(./config.${sls:stage}.yml), 'x'}",
    "${file(./loop.yml)}",
    "${file(./bad.yml)}",
    "${file(./code.js)}",
    "${file(../../../Cargo.toml)}",
    "${file()}",
    "${env:TOKEN}",
    "${env:DOUBLE}",
    "${vault:secret}",
    "{{resolve:ssm:/x}}",
    "${AWS::Region}",
    "${Foo}",
    "}",
    "{",
];

/// Plugin syntax: the natively implemented plugins' keys and `#{...}` strings.
const PLUGINS: &[&str] = &[
    "\nplugins:\n  - serverless-iam-roles-per-function\n",
    "\nplugins: [serverless-pseudo-parameters, serverless-offline]\n",
    "\nplugins:\n  - serverless-unknown-plugin\n",
    "\nplugins: [serverless-cf-vars, serverless-cloudformation-sub-variables]\n",
    "\nplugins:\n  - serverless-associate-waf\n  - serverless-api-gateway-throttling\n",
    "throttling: {maxRequestsPerSecond: 10}",
    "\ncustom:\n  associateWaf:\n    name: acl\n  apiGatewayThrottling:\n    maxRequestsPerSecond: 100\n",
    "{'Fn::Sub': '#{AWS::Region}'}",
    "#{AWS::Region}",
    "#{AWS::AccountId}",
    "#{MyQueue.Arn}",
    "#@{X}",
    "#{",
    "\n    iamRoleStatements:\n      - Effect: Allow\n        Action: s3:GetObject\n        Resource: '*'\n",
    "\n    iamRoleStatements: []\n",
    "iamRoleStatementsName: ",
    "iamRoleStatementsInherit: true",
    "iamPermissionsBoundary: ",
    "\ncustom:\n  serverless-iam-roles-per-function:\n    defaultInherit: true\n",
    "\ncustom:\n  pseudoParameters:\n    allowReferences: false\n    skipRegionReplace: false\n",
    "\nplugins: [serverless-lift]\nconstructs:\n  jobs:\n    type: queue\n    worker:\n      handler: h.w\n",
    "\nconstructs:\n  q-1:\n    type: queue\n    worker: api\n    fifo: true\n    alarm: a@b.c\n    extensions: {queue: {Properties: {DelaySeconds: 5}}}\n",
    "\nlift:\n  automaticPermissions: false\n",
    "${construct:jobs.queueUrl}",
    "${construct:jobs.dlqArn}",
    "${construct:nope.queueUrl}",
    "url=${construct:jobs.queueArn}",
    "\nplugins: [serverless-plugin-warmup]\ncustom:\n  warmup:\n    default:\n      enabled: true\n      prewarm: true\n",
    "\n    warmup:\n      default:\n        enabled: [dev]\n        concurrency: 3\n",
    "\ncustom:\n  warmup:\n    office: {enabled: true, folderName: ../w, vpc: false, payload: {a: 1}, payloadRaw: true}\n",
    "\nplugins: [serverless-reqvalidator-plugin]\n",
    "\nplugins: [serverless-binary-cors, serverless-middleware]\n",
    "\nplugins: [serverless-package-common]\ncustom:\n  packageCommon:\n    common: [../common, ./lib, ~, {a: 1}]\n",
    "\ncustom:\n  packageCommon: {common: ../x}\n",
    "\nplugins: [serverless-plugin-log-retention, serverless-functions-base-path, serverless-dotenv-plugin]\n",
    "\ncustom:\n  logRetentionInDays: '30'\n  functionsBasePath: ./src/../lib/\n  dotenv: {path: [.env.x, 3], basePath: ~}\n",
    "logRetentionInDays: 1096",
    "\nplugins: [serverless-plugin-lambda-insights]\ncustom:\n  lambdaInsights: {defaultLambdaInsights: 'true', attachPolicy: ~, lambdaInsightsVersion: '2.5'}\n",
    "lambdaInsights: true",
    "\nplugins: [serverless-plugin-log-subscription]\ncustom:\n  logSubscription: [{enabled: true, destinationArn: {Ref: Nope}}, {enabled: 'yes', destinationArn: arn:aws:lambda:x, apiGatewayLogs: true, roleArn: ~}]\n",
    "logSubscription: {enabled: true, filterName: '', destinationArn: {'Fn::GetAtt': [x]}}",
    "\nplugins: [serverless-plugin-canary-deployments]\ncustom:\n  deploymentSettings: {stages: dev, alarms: [x, {name: ~}, 3], codeDeployRole: ~, triggerConfigurations: []}\n",
    "deploymentSettings: {type: Canary10Percent5Minutes, alias: '1', preTrafficHook: [x], postTrafficHook: api}",
    "\nplugins: [serverless-dependson-plugin]\ncustom:\n  dependsOn: {chains: '2', enabled: ~}\n",
    "\nplugins: [serverless-api-gateway-caching]\ncustom:\n  apiGatewayCaching: {enabled: 'true', restApiId: 1, additionalEndpoints: [{method: GET, path: '/a/{B_c}/~d/', caching: {cacheKeyParameters: [{name: x, mappedFrom: method.request.header.x}, 3]}}]}\n",
    "caching: {enabled: true, cacheKeyParameters: [{name: request.querystring.q}, {name: ~}]}",
    "\nplugins: [serverless-plugin-ifelse]\ncustom:\n  serverlessIfElse:\n    - If: '[\"a\", 1].indexOf(\"a\") > -1 && !(\"x\" < \"y\")'\n      Set: {provider.memorySize: 256, functions.api.events.0: ~, a: 1}\n      ElseExclude: [functions.api, provider.x.y]\n    - ExcludeIf: {functions.api.handler: 'process.env.X', provider: true}\n",
    "\n    architecture: arm64\n    lambdaInsights: 'false'\n    layers: arn:aws:lambda:us-east-1:1:layer:x:1\n",
    "reqValidatorName: V",
    "\nresources:\n  Resources:\n    T: {Type: AWS::DynamoDb::Table, properties: {}, Properties: {Fn::If: [c, {}, {}], Colour: 1}}\n    R: {Type: AWS::IAM::Role}\n  extensions:\n    ApiLambdaFunction: {Properties: {Role: ~, Memory: 1}}\n",
    "reqValidatorName: {'Fn::ImportValue': v}",
    "\nplugins: [serverless-step-functions]\nstepFunctions:\n  stateMachines:\n    m:\n      definition:\n        StartAt: T\n        States:\n          T:\n            Type: Task\n            Resource: {'Fn::GetAtt': [api, Arn]}\n            End: true\n",
    "\n      events:\n        - schedule: rate(1 hour)\n        - eventBridge:\n            event: {source: [x]}\n",
    "\n            Parameters: {QueueUrl: 'https://sqs.ü.amazonaws.com/1/q', 'TopicArn.$': ''}\n",
    "\n    events:\n      - cloudFront: {eventType: viewer-request, origin: 'https://U@A.com:8/p\\\\q', isDefaultOrigin: true}\n",
    "\n      - cloudFront:\n          origin: {DomainName: a.com, S3OriginConfig: {}, ConnectionAttempts: '2'}\n          behavior: {Compress: 'true', TrustedSigners: self, ForwardedValues: {}}\n          cachePolicy: {name: p}\n",
    "\n  cloudFront:\n    cachePolicies:\n      p: {DefaultTTL: 1, MinTTL: 0, MaxTTL: '2'}\n",
    "\nresources:\n  Transform: AWS::LanguageExtensions\n  Rules: {R: {}}\n  Metadata: {a: 1}\n",
    "\n    image: {uri: 'a@sha256:0', name: n, command: x, entryPoint: [~, 1], workingDirectory: ''}\n",
    "\n    image: {command: [], cmd: []}\n",
    "\n  compatibleRuntimes: [nodejs, rust, go1.x, provided]\n",
    "\n    environment: {A: '${ssm(us-east-1):/x}', B: '${ssm(raw):/y}'}\n",
    "\n      - websocket: {routeKey: $default}\n",
    "\nplugins: [serverless-websockets-plugin, serverless-tag-api-gateway, serverless-webpack-prisma, serverless-mocha]\n",
];

const BITS: &[&str] = &[
    ":", ": ", "-", "- ", "? ", "[", "]", "{", "}", ",", "#", "\"", "'", "|", ">", "&a ", "&b ", "*a", "*b", "<<: *a",
    "&a", "*", "&", "!", "%", "@", "`", "\t", "\n", "\r\n", "\\", "---", "...", "~", "null", "0x", "1e999", "-0", "é",
    "\u{feff}", "\0",
];

const SCALARS: &[&str] = &[
    "",
    "~",
    "null",
    "true",
    "False",
    "0",
    "-1",
    "1.5",
    "1e999",
    "-.inf",
    ".nan",
    "0x10",
    "0xffffffffffffffffff",
    "0o17",
    "18446744073709551616",
    "4294967296",
    "'1024'",
    "\"\"",
    "[]",
    "{}",
    "[a, b]",
    "{a: 1}",
    "aws",
    "nodejs24.x",
    "arm64",
    "default",
    "auto",
    "manual",
    "arn:aws:lambda:us-east-1:123456789012:capacity-provider:x",
    "|\n  block",
    ">-\n  folded",
    "*a",
];

/// A line-aware, YAML-shaped mutation: delete, duplicate, swap, re-indent lines; splice tags,
/// variables, anchors, aliases, indicators, scalars, nesting and lines of another file.
fn mutate_lines(text: &str, other: &str, r: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let others: Vec<&str> = other.lines().collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    // Half the time one change (more of them load, so check() and synth() see them), else up to 4.
    let changes = if r.chance(50) { 1 } else { 1 + r.below(4) };
    for _ in 0..changes {
        let n = lines.len();
        let i = r.below(n);
        match r.below(12) {
            0 if n > 1 => {
                lines.remove(i);
            }
            1 => {
                let copy = lines[i].clone();
                lines.insert(r.below(n + 1), copy);
            }
            2 => lines.swap(i, r.below(n)),
            3 => {
                let line = &mut lines[i];
                match r.below(5) {
                    0 => line.insert_str(0, &" ".repeat(1 + r.below(4))),
                    1 => {
                        let strip = line.len() - line.trim_start_matches(' ').len();
                        line.drain(..strip.min(1 + r.below(4)));
                    }
                    2 => line.insert(0, '\t'),
                    3 => *line = line.replacen("  ", "\t", 1),
                    _ => *line = line.trim_start().to_string(),
                }
            }
            4 => splice_after_indicator(&mut lines[i], r.pick::<&str>(TAGS), r),
            5 => {
                let pool = if r.chance(25) { PLUGINS } else { VARIABLES };
                insert_at_random(&mut lines[i], r.pick::<&str>(pool), r)
            }
            6 => {
                // An anchor on one value, an alias (or a merge) usually further down.
                let name = *r.pick(&["a", "b", "c"]);
                let (i, j) = match r.below(n) {
                    j if r.chance(90) => (i.min(j), i.max(j)),
                    j => (i, j),
                };
                splice_after_indicator(&mut lines[i], &format!("&{name} "), r);
                if r.chance(30) {
                    let indent = lines[j].len() - lines[j].trim_start().len();
                    lines.insert(j, format!("{}<<: *{name}", " ".repeat(indent)));
                } else {
                    replace_value(&mut lines[j], &format!("*{name}"));
                }
            }
            7 => insert_at_random(&mut lines[i], r.pick::<&str>(BITS), r),
            8 if !others.is_empty() => {
                let mut line = r.pick(&others).to_string();
                if r.chance(50) {
                    line.insert_str(0, &" ".repeat(r.below(8)));
                }
                lines.insert(r.below(n + 1), line);
            }
            9 => replace_value(&mut lines[i], r.pick::<&str>(SCALARS)),
            10 => {
                // Nest a value in flow collections or tags, sometimes past the limits.
                let depth = *r.pick(&[1usize, 5, 127, 129, 300]);
                let (open, close) = *r.pick(&[("[", "]"), ("{a: ", "}"), ("!Base64 [", "]"), ("[{a: ", "}]")]);
                let value = value_of(&lines[i]).unwrap_or("x").to_string();
                replace_value(&mut lines[i], &format!("{}{value}{}", open.repeat(depth), close.repeat(depth)));
            }
            _ => {
                let mut bytes = std::mem::take(&mut lines[i]).into_bytes();
                let at = r.below(bytes.len() + 1);
                bytes.insert(at, r.below(256) as u8);
                lines[i] = lossy(&bytes);
            }
        }
    }
    let newline = if r.chance(5) { "\r\n" } else { "\n" };
    let mut out = lines.join(newline);
    if r.chance(90) {
        out.push_str(newline);
    }
    out
}

/// The value part of `key: value` or `- value`.
fn value_of(line: &str) -> Option<&str> {
    let body = line.trim_start();
    if let Some(v) = body.strip_prefix("- ") {
        return Some(v);
    }
    line.find(": ").map(|i| &line[i + 2..])
}

fn replace_value(line: &mut String, value: &str) {
    let body_start = line.len() - line.trim_start().len();
    if line[body_start..].starts_with("- ") {
        line.replace_range(body_start + 2.., value);
    } else if let Some(i) = line.find(": ") {
        line.replace_range(i + 2.., value);
    } else if line.trim_end().ends_with(':') {
        line.push(' ');
        line.push_str(value);
    } else {
        line.push_str(value);
    }
}

/// Inserts `bit` right after the line's `: ` or `- ` (where a tag or an anchor goes), else anywhere.
fn splice_after_indicator(line: &mut String, bit: &str, r: &mut Rng) {
    let body_start = line.len() - line.trim_start().len();
    if line[body_start..].starts_with("- ") {
        line.insert_str(body_start + 2, bit);
    } else if let Some(i) = line.find(": ") {
        line.insert_str(i + 2, bit);
    } else {
        insert_at_random(line, bit, r);
    }
}

fn insert_at_random(line: &mut String, bit: &str, r: &mut Rng) {
    let boundaries: Vec<usize> = (0..=line.len()).filter(|&i| line.is_char_boundary(i)).collect();
    line.insert_str(*r.pick(&boundaries), bit);
}

/// The options an input runs with: the stage set or not, files and user-given values or not.
fn options(variant: u64) -> Options {
    match variant % 4 {
        0 => Options::default(),
        1 => Options { stage: Some("prod".into()), ..Options::default() },
        2 => Options { stage: Some("${self:service}".into()), region: Some("eu-west-1".into()), ..Options::default() },
        _ => {
            // `${file(...)}` and `.env` read from a fixed fixture directory (including a file that
            // includes itself, one that does not parse and JavaScript).
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vars");
            let mut options = Options { stage: Some("prod".into()), base_dir: Some(dir), ..Options::default() };
            options.values.insert("ssm:/x", "from-values").insert("aws:accountId", "123456789012");
            options
                .values
                .insert("param:domain", "${self:service}")
                .insert("cf:stack.Output", serde_json::json!({"a": [1]}));
            options
        }
    }
}

fn env(name: &str) -> Option<String> {
    match name {
        "HOME" => Some("/home/fuzz".into()),
        "EMPTY" => Some(String::new()),
        "LOOP" => Some("${env:LOOP}".into()),
        _ => None,
    }
}

fn load(input: &str, variant: u64) -> Result<Loaded, Box<LoadError>> {
    load_str("serverless.yml", input, &options(variant), &env)
}

/// Loads `input`; when it loads, runs `check()`, and `synth()` with hashed artifacts (no file is
/// read). Also renders the first diagnostic against the source, as the CLI does. `Ok(true)` when
/// it loaded.
fn run_one(input: &str, variant: u64) -> bool {
    match load(input, variant) {
        Ok(mut loaded) => {
            let _ = loaded.service.check();
            let svc = &mut loaded.service;
            if let Some(a) = &mut svc.config_mut().package.artifact {
                *a = Artifact::with_sha256(a.path.clone(), SHA);
            }
            for f in svc.config_mut().functions.values_mut() {
                if let Some(a) = &mut f.package.artifact {
                    *a = Artifact::with_sha256(a.path.clone(), SHA);
                }
            }
            svc.build_time_millis(1_767_225_600_000);
            if let Err(diagnostics) = svc.synth()
                && let Some(d) = diagnostics.iter().next()
            {
                let _ = loaded.source.render(d, None);
            }
            true
        }
        Err(e) => {
            if let Some(d) = e.diagnostics.iter().next() {
                let _ = e.source.render(d, e.at);
            }
            false
        }
    }
}

/// What each worker is doing, for the watchdog: the input and when it started.
type Current = Arc<Mutex<Option<(Instant, String)>>>;

struct Outcome {
    runs: usize,
    loaded: usize,
    slowest: (Duration, String),
}

fn shown(input: &str) -> String {
    let mut s: String = input.chars().take(400).collect();
    if s.len() < input.len() {
        s.push_str(&format!("... ({} bytes in all)", input.len()));
    }
    format!("{s:?}")
}

#[test]
fn yaml_fuzz_replay_finds_no_panic_hang_or_overflow() {
    let started = Instant::now();
    let corpus = corpus();
    let edge = edge_cases();
    let iterations: usize =
        std::env::var("STACKWRIGHT_YAML_FUZZ_ITERATIONS").ok().and_then(|s| s.parse().ok()).unwrap_or(80_000);
    let workers = 2;
    let seed = base_seed();
    let replay: Vec<(String, String)> = corpus.iter().cloned().chain(edge.iter().cloned()).collect();
    // Mutation bases: mostly the corpus (configs that load), else the small edge cases (the huge
    // ones are replayed once).
    let bases: Arc<(Vec<String>, Vec<String>)> = Arc::new((
        corpus.iter().map(|(_, t)| t.clone()).collect(),
        edge.iter().filter(|(_, t)| t.len() < 4_000).map(|(_, t)| t.clone()).collect(),
    ));
    let replay = Arc::new(replay);
    // A stack overflow aborts the process before anything can be printed: with
    // STACKWRIGHT_YAML_FUZZ_DUMP=DIR each worker writes the input it is on to DIR/current-N.yml.
    let dump = std::env::var_os("STACKWRIGHT_YAML_FUZZ_DUMP").map(PathBuf::from);
    let currents: Vec<Current> = (0..workers).map(|_| Arc::new(Mutex::new(None))).collect();
    let handles: Vec<_> = (0..workers)
        .map(|w| {
            let (bases, replay, current, dump) = (bases.clone(), replay.clone(), currents[w].clone(), dump.clone());
            std::thread::Builder::new()
                .name(format!("yaml-fuzz-{w}"))
                .stack_size(2 << 20)
                .spawn(move || -> Result<Outcome, String> {
                    // Each worker its own stream, derived from the seed.
                    let mut r = Rng::new(seed ^ 0x3a41);
                    let mut r = Rng::new((0..=w).map(|_| r.next_u64()).last().unwrap_or_default());
                    let mut outcome = Outcome { runs: 0, loaded: 0, slowest: (Duration::ZERO, String::new()) };
                    // The replay is split between the workers, then each runs half the mutations.
                    let mine: Vec<(String, String)> =
                        replay.iter().skip(w).step_by(workers).map(|(n, t)| (n.clone(), t.clone())).collect();
                    let total = mine.len() + iterations / workers;
                    for i in 0..total {
                        let (name, input) = match mine.get(i) {
                            Some((n, t)) => (n.clone(), t.clone()),
                            None => {
                                let base = if r.chance(80) { r.pick(&bases.0) } else { r.pick(&bases.1) };
                                let other = if r.chance(80) { r.pick(&bases.0) } else { r.pick(&bases.1) };
                                let mut m = if r.chance(60) {
                                    mutate_lines(base, other, &mut r)
                                } else {
                                    lossy(&fuzz::mutate_bytes(
                                        base,
                                        other,
                                        &[BITS, TAGS, VARIABLES, SCALARS, PLUGINS],
                                        &mut r,
                                    ))
                                };
                                if r.chance(10) {
                                    m = lossy(&fuzz::mutate_bytes(
                                        &m,
                                        other,
                                        &[BITS, TAGS, VARIABLES, SCALARS, PLUGINS],
                                        &mut r,
                                    ));
                                }
                                (format!("mutation {i} of worker {w}"), m)
                            }
                        };
                        let variant = r.next_u64();
                        let t = Instant::now();
                        *current.lock().unwrap() = Some((t, format!("{name}: {}", shown(&input))));
                        if let Some(dir) = &dump {
                            std::fs::write(dir.join(format!("current-{w}.yml")), &input).expect("write the input");
                        }
                        let result = catch_unwind(AssertUnwindSafe(|| run_one(&input, variant)));
                        let took = t.elapsed();
                        *current.lock().unwrap() = None;
                        outcome.runs += 1;
                        match result {
                            Ok(loaded) => outcome.loaded += usize::from(loaded),
                            Err(_) => {
                                return Err(format!("panic on {name} (options {}): {}", variant % 4, shown(&input)));
                            }
                        }
                        if took > PER_INPUT_LIMIT {
                            return Err(format!("{name} took {took:?} (limit {PER_INPUT_LIMIT:?}): {}", shown(&input)));
                        }
                        if took > outcome.slowest.0 {
                            outcome.slowest = (took, name);
                        }
                    }
                    Ok(outcome)
                })
                .expect("spawn worker")
        })
        .collect();
    // Watchdog: no input may run for WATCHDOG_LIMIT, nor the whole replay for OVERALL_LIMIT. (A
    // hung worker is left behind: the failing test ends the process.)
    while !handles.iter().all(|h| h.is_finished()) {
        std::thread::sleep(Duration::from_millis(50));
        for current in &currents {
            if let Some((since, input)) = &*current.lock().unwrap()
                && since.elapsed() > WATCHDOG_LIMIT
            {
                panic!("yaml fuzz replay: an input hangs (running for {:?}): {input}", since.elapsed());
            }
        }
        assert!(started.elapsed() < OVERALL_LIMIT, "yaml fuzz replay: over {OVERALL_LIMIT:?} in all");
    }
    let (mut runs, mut loaded, mut slowest) = (0, 0, (Duration::ZERO, String::new()));
    for h in handles {
        let o = h.join().expect("worker thread").unwrap_or_else(|e| panic!("yaml fuzz replay: {e}"));
        runs += o.runs;
        loaded += o.loaded;
        if o.slowest.0 > slowest.0 {
            slowest = o.slowest;
        }
    }
    eprintln!(
        "yaml fuzz replay: {runs} executions ({} corpus files, {} edge cases, {iterations} mutations, seed {seed:#x}), \
         {loaded} loaded, 0 panics, slowest {:?} ({}), {:?} in all",
        corpus.len(),
        edge.len(),
        slowest.0,
        slowest.1,
        started.elapsed()
    );
    assert!(runs >= iterations + corpus.len() + edge.len());
    assert!(loaded > 0, "nothing loaded: the corpus or the harness is broken");
}

/// The error message of loading `input`, which must fail, within `PER_INPUT_LIMIT`.
fn load_error(input: &str) -> String {
    let t = Instant::now();
    let err = load(input, 0).map(|_| ()).expect_err("must not load");
    assert!(t.elapsed() < PER_INPUT_LIMIT, "took {:?}", t.elapsed());
    err.diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("\n")
}

fn edge_case(name: &str) -> String {
    let name = format!("edge case: {name}");
    edge_cases().into_iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("no {name}")).1
}

/// Regression (found by this replay): `- - - - ...` and deep flow collections kept every level's
/// config path at once (quadratic memory: 100 000 levels never finished) and handed the variable
/// resolver, which recurses, trees of any depth. Collections nested deeper than 128 levels are now
/// a YAML error, as in JSON.
#[test]
fn deep_yaml_is_a_located_error() {
    for name in ["block seq 100000", "flow seq 129", "flow map 200", "block map 3000", "deep custom"] {
        let err = load(&edge_case(name), 0).map(|_| ()).expect_err(name);
        let message = &err.diagnostics.iter().next().unwrap().message;
        assert!(message.contains("nesting deeper than 128 levels"), "{name}: {message}");
        assert!(err.at.is_some(), "{name}: no position");
    }
    // Past 255 flow levels the scanner stops first.
    let message = load_error(&edge_case("flow seq 100000"));
    assert!(message.contains("recursion limit exceeded"), "{message}");
    // Up to 128 levels parse; user resources that deep load.
    let mut map = stackwright_cli::source::SourceMap::default();
    assert!(stackwright_cli::yaml::parse(&edge_case("flow seq 127"), &mut map).is_ok());
    for name in ["deep user resource 127", "block seq in resource"] {
        load(&edge_case(name), 0).unwrap_or_else(|e| panic!("{name}: {:?}", e.diagnostics));
    }
    let message = load_error(&edge_case("deep user resource 129"));
    assert!(message.contains("nesting deeper than 128 levels"), "{message}");
}

/// Regression (found by this replay): `${self:...}` references copy their value, so values whose
/// references refer on ("a0: [${self:custom.a1} x 4]", ...) or to the whole config (`${self:}`)
/// expanded exponentially and never finished. The copies are now limited, like YAML aliases.
#[test]
fn variable_expansion_bombs_are_refused() {
    for name in ["quadrupling chain", "big string doubling"] {
        let message = load_error(&edge_case(name));
        assert!(message.contains("variables expand to more than"), "{name}: {message}");
    }
    // Which limit such a config hits first depends on the order of the references; it fails fast.
    for name in ["many roots", "root inside root", "doubling chain"] {
        let message = load_error(&edge_case(name));
        assert!(message.contains("variables expand to more than") || message.contains("cycle"), "{name}: {message}");
    }
    // Self-reference is a cycle, as before.
    let message = load_error(&edge_case("self reference"));
    assert!(message.contains("cycle"), "{message}");
    // Ordinary reuse is fine.
    let reuse = with_custom("  mem: 4096\n", &vec!["${self:custom.mem}"; 200].join("-"));
    load(&reuse, 0).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
}

/// Regression (found by this replay, seed 0x5eed2026): a `${self:...}` reference deep in a value,
/// to a value holding that reference (`- - - ... - ${self:}`, 115 levels), made the resolver recurse
/// through the value once per reference (16 x 110 levels) and overflow a 2 MB stack, aborting the
/// process. Resolved values may now nest no deeper than parsed ones, 128 levels.
#[test]
fn variables_cannot_nest_values_past_the_limit() {
    for name in ["root at depth 127", "self at depth 100", "deep value at depth"] {
        let message = load_error(&edge_case(name));
        assert!(message.contains("nest deeper than 128 levels"), "{name}: {message}");
    }
    // Variables deep down in values within the limit still resolve.
    let text = format!("{HEAD}x: {}'${{self:service}}'{}\n", "[".repeat(125), "]".repeat(125));
    let mut map = stackwright_cli::source::SourceMap::default();
    let mut value = stackwright_cli::yaml::parse(&text, &mut map).unwrap();
    let diagnostics = stackwright_cli::vars::resolve(&mut value, &Options::default(), &env);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let mut bottom = &value["x"];
    while let Some(inner) = bottom.get(0) {
        bottom = inner;
    }
    assert_eq!(bottom, "svc");
}
