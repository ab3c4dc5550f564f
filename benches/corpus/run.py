#!/usr/bin/env python3
"""Run stackwright over the real-world corpus and write REPORT-<tag>.md / results-<tag>.json.

Usage (on demand, not part of the tests): fetch the files of sources.tsv with fetch.py into
$CORPUS_DIR/files/<id>/repo/, then `python3 -m venv .venv && .venv/bin/pip install ruamel.yaml`
and `CORPUS_DIR=... .venv/bin/python run.py --bin target/release/stackwright --tag NAME`.

asis: the file as committed.  rt: runtimes AWS retired replaced by their successors.
mi: rt + moved to Managed Instances (provider.vpc when missing, a MI runtime, every function
    `capacityProvider: default` without its own vpc/architecture/provisionedConcurrency, memory
    at least 2048, a variable's smaller numeric fallback included).
*-pkg: `stackwright package` (handler files stubbed) then validate.
mi-inputs: mi with every `${env:NAME}` set and `--stage dev --region us-east-1`.
Missing build outputs (artifacts) are stub zips in every mode; without -pkg a service artifact is
set when none is configured (packaging is measured by the -pkg modes).
"""
import argparse, csv, io, json, os, re, shutil, subprocess, sys, glob
from collections import Counter, defaultdict
from ruamel.yaml import YAML

MODES = ("asis", "rt", "mi", "asis-pkg", "mi-pkg", "mi-inputs")
# The fetched files live outside the repository (their licences vary): CORPUS_DIR/files/<id>/repo/.
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("CORPUS_DIR", HERE)

RETIRED = {
    "nodejs": "nodejs22.x", "nodejs4.3": "nodejs22.x", "nodejs4.3-edge": "nodejs22.x",
    "nodejs6.10": "nodejs22.x", "nodejs8.10": "nodejs22.x", "nodejs10.x": "nodejs22.x",
    "nodejs12.x": "nodejs22.x", "nodejs14.x": "nodejs22.x", "python2.7": "python3.13",
    "python3.6": "python3.13", "python3.7": "python3.13", "ruby2.5": "ruby3.4", "ruby2.7": "ruby3.4",
    "java8": "java21", "dotnetcore1.0": "dotnet8", "dotnetcore2.0": "dotnet8",
    "dotnetcore2.1": "dotnet8", "dotnetcore3.1": "dotnet8", "dotnet5.0": "dotnet8",
    "dotnet7": "dotnet8", "go1.x": "provided.al2023", "provided": "provided.al2023",
}
MI_OK = {"nodejs22.x", "nodejs24.x", "python3.13", "python3.14", "java21", "java25", "dotnet8",
         "dotnet10", "provided.al2023"}


def mi_runtime(rt):
    if isinstance(rt, str) and "${" in rt:  # a fallback such as ${env:RUNTIME, 'nodejs20.x'}
        return re.sub(r"(nodejs|python)[0-9.]+x?", lambda m: mi_runtime(m.group(0)), rt)
    if not isinstance(rt, str) or rt in MI_OK:
        return rt
    for prefix, new in (("nodejs", "nodejs24.x"), ("python", "python3.13"), ("java", "java21"),
                        ("dotnet", "dotnet8"), ("provided", "provided.al2023"), ("go", "provided.al2023")):
        if rt.startswith(prefix):
            return new
    return rt


def yaml_rt():
    y = YAML()  # round-trip: keeps tags, comments, order, quoting
    y.preserve_quotes = True
    y.width = 4096
    return y


def load(path):
    y = yaml_rt()
    with open(path) as f:
        # whitespace-only lines mean nothing to YAML; ruamel trips on a lone tab
        text = re.sub(r"(?m)^[ \t]+$", "", f.read())
    return y, y.load(text)


def dump(y, data, path):
    buf = io.StringIO()
    y.dump(data, buf)
    with open(path, "w") as f:
        f.write(buf.getvalue())


FILE_REF = re.compile(r"^\$\{file\(([^)]+)\)(?::([\w.\-]+))?\}$")


def file_ref(value, base):
    """A whole-value `${file(x)}` / `${file(x):k}` -> (abs path, key) when the file exists."""
    if not isinstance(value, str):
        return None
    m = FILE_REF.match(value.strip())
    if not m or "${" in m.group(1):
        return None
    p = os.path.normpath(os.path.join(base, m.group(1).strip().strip("'\"")))
    return (p, m.group(2)) if os.path.isfile(p) else None


def below_mi_memory(ms):
    """A memory size under Managed Instances' 2048 MB: a number, or a variable whose written
    fallback is one (`${env:LAMBDA_MEMORY, 256}`)."""
    if isinstance(ms, int):
        return ms < 2048
    m = re.fullmatch(r"\$\{.*,\s*['\"]?(\d+)['\"]?\s*\}", ms.strip()) if isinstance(ms, str) else None
    return bool(m) and int(m.group(1)) < 2048


def edit_functions(fmap, mode, notes):
    if not hasattr(fmap, "items"):
        return
    for name, fn in list(fmap.items()):
        if not hasattr(fn, "items"):
            continue
        if "runtime" in fn:
            fn["runtime"] = mi_runtime(fn["runtime"]) if mode == "mi" else RETIRED.get(fn["runtime"], fn["runtime"]) if isinstance(fn["runtime"], str) else fn["runtime"]
        if mode == "mi":
            if "capacityProvider" not in fn:
                fn["capacityProvider"] = "default"
            # the capacity provider owns the VPC, the instances' architecture and the scaling
            for k in ("vpc", "architecture", "provisionedConcurrency"):
                if k in fn:
                    del fn[k]
            if below_mi_memory(fn.get("memorySize")):
                fn["memorySize"] = 2048


def functions_files(data, base):
    """Yield (path, key) of external files that hold functions."""
    f = data.get("functions") if hasattr(data, "get") else None
    refs = []
    if isinstance(f, str):
        refs.append(file_ref(f, base))
    elif isinstance(f, list):
        for item in f:
            if isinstance(item, str):
                refs.append(file_ref(item, base))
    elif hasattr(f, "items"):
        for k, v in f.items():
            if isinstance(v, str):
                r = file_ref(v, base)
                if r:
                    refs.append((r[0], r[1], k))
    return [r for r in refs if r]


def transform(main, mode, notes):
    base = os.path.dirname(main)
    y, data = load(main)
    if not hasattr(data, "get"):
        return
    prov = data.get("provider")
    if hasattr(prov, "get"):
        rt = prov.get("runtime")
        if mode == "mi":
            prov["runtime"] = mi_runtime(rt) if rt is not None else "nodejs24.x"
            if "vpc" not in prov:
                prov["vpc"] = {"subnetIds": ["subnet-0abc1234"], "securityGroupIds": ["sg-0abc1234"]}
            if below_mi_memory(prov.get("memorySize")):
                prov["memorySize"] = 2048
        elif isinstance(rt, str):
            prov["runtime"] = RETIRED.get(rt, rt)
    f = data.get("functions")
    if isinstance(f, list):
        for item in f:
            edit_functions(item, mode, notes)
    else:
        edit_functions(f, mode, notes)
    dump(y, data, main)
    for ref in functions_files(data, base):
        path, key = ref[0], ref[1]
        try:
            y2, d2 = load(path)
        except Exception as e:  # noqa: BLE001
            notes.append(f"functions file unreadable: {e}")
            continue
        if len(ref) == 3:  # functions.<name>: ${file(x):key} -> one function
            target = d2
            for part in (key.split(".") if key else []):
                target = target.get(part) if hasattr(target, "get") else None
            edit_functions({ref[2]: target}, mode, notes)
        else:
            target = d2
            for part in (key.split(".") if key else []):
                target = target.get(part) if hasattr(target, "get") else None
            edit_functions(target, mode, notes)
        dump(y2, d2, path)


STUB_ZIP = None


def stub_zip(path):
    import zipfile
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("index.js", "exports.handler = async () => ({});\n")


def all_functions(data, base):
    """(name, fn map) of every function, inline or from whole-file references."""
    out = []
    f = data.get("functions") if hasattr(data, "get") else None
    items = []
    if isinstance(f, list):
        for item in f:
            if hasattr(item, "items"):
                items += list(item.items())
    elif hasattr(f, "items"):
        items = list(f.items())
    for ref in functions_files(data, base):
        try:
            _, d2 = load(ref[0])
        except Exception:  # noqa: BLE001
            continue
        target = d2
        for part in (ref[1].split(".") if ref[1] else []):
            target = target.get(part) if hasattr(target, "get") else None
        if len(ref) == 3:
            items.append((ref[2], target))
        elif hasattr(target, "items"):
            items += list(target.items())
    for name, fn in items:
        if hasattr(fn, "get"):
            out.append((name, fn))
    return out


EXT = (("nodejs", ".js"), ("python", ".py"), ("ruby", ".rb"))


def stub_inputs(cfg, handlers, inject):
    """Build outputs a checkout lacks: missing artifacts become stub zips; with `handlers`, a
    file for every handler; with `inject`, a service artifact when none is configured."""
    base = os.path.dirname(cfg)
    try:
        y, data = load(cfg)
    except Exception:  # noqa: BLE001
        if inject:
            with open(cfg, "a") as f:
                f.write("\npackage:\n  artifact: .stub/artifact.zip\n")
            stub_zip(os.path.join(base, ".stub/artifact.zip"))
        return
    if not hasattr(data, "get"):
        return
    prov = data.get("provider") if hasattr(data.get("provider"), "get") else {}
    pkg = data.get("package")
    arts = []
    if hasattr(pkg, "get") and isinstance(pkg.get("artifact"), str):
        arts.append(pkg.get("artifact"))
    fns = all_functions(data, base)
    for name, fn in fns:
        p = fn.get("package")
        if hasattr(p, "get") and isinstance(p.get("artifact"), str):
            arts.append(p.get("artifact"))
        h = fn.get("handler")
        if handlers and isinstance(h, str) and "${" not in h and "." in h:
            rt = fn.get("runtime") or prov.get("runtime") or "nodejs"
            ext = next((e for k, e in EXT if isinstance(rt, str) and rt.startswith(k)), "")
            stem = h.rsplit(".", 1)[0]
            path = os.path.normpath(os.path.join(base, stem + ext))
            if path.startswith(base) and not os.path.exists(path) and not any(os.path.exists(os.path.join(base, stem + e)) for e in (".ts", ".mjs", ".cjs", ".js", ".py")):
                os.makedirs(os.path.dirname(path), exist_ok=True)
                open(path, "w").write("// stub\n")
    for a in arts:
        if "${" in a or a.startswith("s3:") or a.startswith("http"):
            continue
        path = os.path.normpath(os.path.join(base, a))
        if not os.path.exists(path):
            stub_zip(path)
    if inject and not (hasattr(pkg, "get") and pkg.get("artifact")):
        if pkg is None:
            data["package"] = {"artifact": ".stub/artifact.zip"}
        elif hasattr(pkg, "get"):
            pkg["artifact"] = ".stub/artifact.zip"
        stub_zip(os.path.join(base, ".stub/artifact.zip"))
        dump(y, data, cfg)


def sources():
    rows = []
    for tsv in [os.path.join(HERE, "sources.tsv")] + sorted(glob.glob(os.path.join(ROOT, "sources", "*.tsv"))):
        if not os.path.exists(tsv):
            continue
        if tsv.endswith("-skipped.tsv"):
            continue
        for line in open(tsv):
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 4 and parts[0] and not parts[0].startswith("#") and parts[0] != "id":
                rows.append({"id": parts[0], "repo": parts[1], "path": parts[2], "commit": parts[3]})
    return rows


ENV_REF = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)")


def user_inputs(work, env):
    """What an owner supplies: every `${env:NAME}` the checkout reads, and --stage/--region."""
    env = dict(env)
    for root, _, files in os.walk(work):
        for name in files:
            if name.endswith((".yml", ".yaml", ".json")):
                try:
                    text = open(os.path.join(root, name), errors="replace").read()
                except OSError:
                    continue
                for var in ENV_REF.findall(text):
                    env.setdefault(var, "us-east-1" if "REGION" in var.upper() else "1" if any(k in var.upper() for k in ("PORT", "SIZE", "MEMORY", "TIMEOUT", "DAYS", "COUNT")) else "value-" + var.lower().replace("_", "-"))
    return env


def run_one(binary, workdir, cfg, env, package=False, extra=()):
    if package:
        try:
            p = subprocess.run([binary, "package", "--color", "never", "-c", cfg], cwd=workdir,
                               capture_output=True, text=True, timeout=300, env=env)
        except subprocess.TimeoutExpired:
            return {"ok": False, "codes": ["TIMEOUT"], "diags": []}
        if p.returncode != 0:
            codes = re.findall(r"^error\[([A-Z_0-9]+)\]", p.stderr, re.M)
            return {"ok": False, "rc": p.returncode, "codes": codes or ["rc%d" % p.returncode],
                    "diags": [{"code": c, "path": "", "message": ""} for c in codes[:3]], "stderr": p.stderr[-1500:]}
    try:
        p = subprocess.run([binary, "validate", "--format", "json", "-c", cfg, *extra], cwd=workdir,
                           capture_output=True, text=True, timeout=60, env=env)
    except subprocess.TimeoutExpired:
        return {"ok": False, "codes": ["TIMEOUT"], "diags": []}
    try:
        diags = json.loads(p.stdout) if p.stdout.strip() else []
    except json.JSONDecodeError:
        diags = []
    errs = [d for d in diags if d.get("severity") == "error"]
    res = {"ok": p.returncode == 0, "rc": p.returncode, "codes": [d["code"] for d in errs],
           "diags": [{"code": d["code"], "path": d.get("path"), "message": d.get("message")} for d in errs][:8]}
    if p.returncode not in (0, 2):
        res["stderr"] = p.stderr[-2000:]
        if p.returncode >= 100 or p.returncode < 0 or "panicked" in p.stderr:
            res["codes"] = ["PANIC"]
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--tag", required=True)
    ap.add_argument("--only", help="comma-separated ids or id prefixes (h13-, h13-004)")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["SOURCE_DATE_EPOCH"] = "1767225600"
    results = {}
    for row in sources():
        if a.only and not any(row["id"].startswith(p) for p in a.only.split(",")):
            continue
        src = os.path.join(ROOT, "files", row["id"], "repo")
        if not os.path.isdir(src):
            continue
        r = {"repo": row["repo"], "path": row["path"]}
        for mode in MODES:
            work = os.path.join("/tmp/corpus-run", a.tag, mode, row["id"])
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(src, work)
            cfg = os.path.join(work, row["path"])
            notes = []
            base_mode = mode.split("-")[0]
            if base_mode != "asis":
                try:
                    transform(cfg, base_mode, notes)
                except Exception as e:  # noqa: BLE001
                    notes.append(f"transform failed: {type(e).__name__}: {str(e)[:200]}")
            pkg = mode.endswith("-pkg")
            try:
                stub_inputs(cfg, handlers=pkg, inject=not pkg)
            except Exception as e:  # noqa: BLE001
                notes.append(f"stub failed: {type(e).__name__}: {str(e)[:200]}")
            if mode == "mi-inputs":
                res = run_one(binary, os.path.dirname(cfg), os.path.basename(cfg), user_inputs(work, env),
                              extra=("--stage", "dev", "--region", "us-east-1"))
            else:
                res = run_one(binary, os.path.dirname(cfg), os.path.basename(cfg), env, package=pkg)
            if notes:
                res["notes"] = notes
            r[mode] = res
        results[row["id"]] = r
    with open(os.path.join(ROOT, f"results-{a.tag}.json"), "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    n = len(results)
    lines = [f"# Corpus run {a.tag}: {n} files", ""]
    for mode in MODES:
        ok = sum(1 for r in results.values() if r[mode]["ok"])
        lines.append(f"- {mode}: {ok}/{n} = {100.0 * ok / max(n, 1):.1f} %")
    lines.append("")
    first = Counter(r["mi"]["codes"][0] if r["mi"]["codes"] else ("rc%s" % r["mi"].get("rc")) for r in results.values() if not r["mi"]["ok"])
    lines.append("## mi failures by first error code")
    for code, c in first.most_common():
        lines.append(f"- {code}: {c}")
    lines.append("")
    lines.append("## mi failures")
    for id_, r in sorted(results.items()):
        if r["mi"]["ok"]:
            continue
        d = r["mi"]["diags"][:3]
        msg = " | ".join(f"{x['code']} {x['path']}: {x['message'][:160]}" for x in d) or r["mi"].get("stderr", "")[:300]
        lines.append(f"- {id_} {r['repo']}: {msg}")
    with open(os.path.join(ROOT, f"REPORT-{a.tag}.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[:4 + len(first) + 3]))


if __name__ == "__main__":
    main()
