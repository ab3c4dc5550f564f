#!/usr/bin/env python3
"""Differential run: `stackwright synth` against osls 4.3.1's `package` on every corpus file.

Usage (on demand, not part of the tests; needs the fetched files, the ruamel.yaml venv of run.py
and osls installed with npm, plus the natively implemented plugins it should load):

    npm install --prefix /tmp/osls osls@4.3.1 serverless-iam-roles-per-function \
        serverless-pseudo-parameters serverless-plugin-tracing serverless-content-encoding \
        serverless-apigw-binary serverless-functions-base-path serverless-package-common
    CORPUS_DIR=... .venv/bin/python osls_diff.py --bin target/release/stackwright \
        --node-modules /tmp/osls/node_modules --tag NAME

Each file is prepared as run.py's `rt` mode (retired runtimes updated, a stub artifact) with every
`${env:NAME}` set, and both tools run with `--stage dev --region us-east-1`. For osls only: the
keys it refuses and stackwright accepts without template effect (`frameworkVersion`, `org`,
`app`, `tenant`) are removed, the plugins stackwright lists as build- or deploy-time are left
out, and `configValidationMode: warn` (Serverless Framework v4's default) is set unless written.
Templates are compared with the artifact directory's time and the REST API deployment's ID
replaced. Writes OSLS-DIFF-<tag>.md: per file, both tools' outcome and, where both wrote a
template, whether it is the same, and the differing paths.

osls is Serverless Framework v3's open-source line: where v4 differs (custom-resource log groups,
runtime and architecture, `InvokedViaFunctionUrl` permission names, an empty `RequestParameters` on REST
methods with parameters, `ResponseTransferMode` before `Uri`; osls's own `provider.tags` on the
REST API, which v4 does not write; a user's own `method: options` replacing the CORS preflight
method, which v4 merges into it; the default runtime, osls's nodejs24.x where v4 writes
nodejs20.x), stackwright follows v4 and the difference is expected (as is
an s3 `existing: true` `forceDeploy` time, osls's clock); osls also writes versions and outputs in the order its asynchronous
hashing finishes, so top-level key order is not compared.
"""
import argparse, concurrent.futures, json, os, re, shutil, subprocess, sys

import osls
import run as corpus

# Plugins whose entry in core/src/plugins/mod.rs is build- or deploy-time (no template effect).
PLUGINS_TABLE = os.path.join(corpus.HERE, "..", "..", "core", "src", "plugins", "mod.rs")


def build_time_plugins():
    src = open(PLUGINS_TABLE).read()
    start = src.index("pub const KNOWN")
    body = src[start:src.index("\n];", start)]
    names = set()
    for m in re.finditer(r'(?m)^    \("([^"\n]+)",', body):
        end = body.find("\n    (", m.end())
        entry = body[m.start():end if end > 0 else len(body)]
        if "Native" not in entry and "Unsupported" not in entry:
            names.add(m.group(1))
    # Build-time plugins whose table entries name a constant.
    return names | {"serverless-python-requirements", "serverless-dotenv-plugin"}


def for_osls(cfg, build_time):
    y, data = corpus.load(cfg)
    for key in ("frameworkVersion", "org", "app", "tenant"):
        data.pop(key, None)
    plugins = data.get("plugins")
    if hasattr(plugins, "get") and "modules" in plugins:
        data["plugins"] = plugins = plugins["modules"]
    if isinstance(plugins, list):
        kept = [p for p in plugins if p not in build_time]
        if kept:
            data["plugins"] = kept
        else:
            data.pop("plugins")
    data.setdefault("configValidationMode", "warn")
    corpus.dump(y, data, cfg)


def one(row, a, build_time):
    work = os.path.join("/tmp/corpus-diff", a.tag, row["id"])
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(os.path.join(corpus.ROOT, "files", row["id"], "repo"), work)
    cfg = os.path.join(work, row["path"])
    base = os.path.dirname(cfg)
    result = {"id": row["id"], "repo": row["repo"]}
    try:
        corpus.transform(cfg, "rt", [])
        corpus.stub_inputs(cfg, handlers=False, inject=True)
    except Exception as e:  # noqa: BLE001
        result["prepare"] = f"{type(e).__name__}: {e}"[:200]
    env = corpus.user_inputs(work, {k: v for k, v in os.environ.items() if not k.startswith("AWS_")})
    env["SOURCE_DATE_EPOCH"] = "1767225600"
    options = ["--stage", "dev", "--region", "us-east-1"]
    sw = subprocess.run([os.path.abspath(a.bin), "synth", "--color", "never", "-c", os.path.basename(cfg), *options],
                        cwd=base, capture_output=True, text=True, timeout=120, env=env)
    result["stackwright"] = "ok" if sw.returncode == 0 else " ".join(re.findall(r"^error\[([A-Z_0-9]+)\]", sw.stderr, re.M)[:3])
    try:
        for_osls(cfg, build_time)
    except Exception as e:  # noqa: BLE001
        result["prepare"] = f"{type(e).__name__}: {e}"[:200]
    os.symlink(os.path.abspath(a.node_modules), os.path.join(base, "node_modules"))
    template, error = osls.package(base, a.node_modules, options, os.path.basename(cfg), env)
    result["osls"] = error or "ok"
    if template is not None and sw.returncode == 0:
        paths = osls.differences(osls.normalized(json.loads(sw.stdout)), osls.normalized(template))
        result["same"] = not paths
        result["differences"] = paths[:12]
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--node-modules", required=True)
    ap.add_argument("--tag", required=True)
    ap.add_argument("--only", nargs="*")
    a = ap.parse_args()
    build_time = build_time_plugins()
    # One row per file (sources.tsv and a working copy's sources/*.tsv may both list it).
    rows = {r["id"]: r for r in corpus.sources() if os.path.isdir(os.path.join(corpus.ROOT, "files", r["id"], "repo"))
            and (not a.only or r["id"] in a.only)}.values()
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda r: one(r, a, build_time), rows))
    both = [r for r in results if r["stackwright"] == "ok" and r["osls"] == "ok"]
    same = [r for r in both if r["same"]]
    lines = [f"# osls differential {a.tag}: {len(results)} files", "",
             f"- both write a template: {len(both)}; the same: {len(same)}",
             f"- only stackwright: {sum(r['stackwright'] == 'ok' and r['osls'] != 'ok' for r in results)}",
             f"- only osls: {sum(r['stackwright'] != 'ok' and r['osls'] == 'ok' for r in results)}",
             f"- neither: {sum(r['stackwright'] != 'ok' and r['osls'] != 'ok' for r in results)}", ""]
    for r in results:
        if r["stackwright"] == "ok" and r["osls"] == "ok" and r["same"]:
            continue
        detail = ", ".join(r.get("differences", [])) if "same" in r else f"stackwright: {r['stackwright']} | osls: {r['osls']}"
        lines.append(f"- {r['id']} {r['repo']}: {detail}")
    with open(os.path.join(corpus.ROOT, f"OSLS-DIFF-{a.tag}.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[:7]))


if __name__ == "__main__":
    sys.exit(main())
