#!/usr/bin/env python3
"""cfn-lint every template the corpus run validated: what stackwright lets through that
CloudFormation's own schemas (as cfn-lint reads them) refuse.

Usage (on demand, after run.py): `CORPUS_DIR=... python3 lint.py --bin target/release/stackwright
--tag NAME [--mode mi] [--lint .venv/bin/cfn-lint]`. It reads results-<tag>.json, synthesizes
each file that validated in the mode again in run.py's work directory, lints the templates in
batches (`--regions us-east-1`, the findings the cfn-lint gate tolerates left out) and writes
LINT-<tag>-<mode>.md: the findings by rule, then per file.
"""
import argparse, collections, json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("CORPUS_DIR", HERE)
# What tests/reliability/cfn_lint.rs tolerates everywhere; E1029 (a `${...}` cfn-lint takes for
# a missing Fn::Sub) is only a finding when it is ours, which the gate checks on known paths.
TOLERATED = {"W2531", "W3005", "E1029", "W3011"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--tag", required=True)
    ap.add_argument("--mode", default="mi")
    ap.add_argument("--lint", default=os.path.join(HERE, "..", "..", ".venv", "bin", "cfn-lint"))
    a = ap.parse_args()
    with open(os.path.join(ROOT, f"results-{a.tag}.json")) as f:
        results = json.load(f)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["SOURCE_DATE_EPOCH"] = "1767225600"
    out_dir = os.path.join("/tmp/corpus-lint", a.tag, a.mode)
    os.makedirs(out_dir, exist_ok=True)
    templates = {}
    for id_, r in sorted(results.items()):
        if not r[a.mode]["ok"]:
            continue
        work = os.path.join("/tmp/corpus-run", a.tag, a.mode, id_)
        cfg = os.path.join(work, r["path"])
        extra = ["--stage", "dev", "--region", "us-east-1"] if a.mode == "mi-inputs" else []
        out = os.path.join(out_dir, id_ + ".json")
        p = subprocess.run([os.path.abspath(a.bin), "synth", "--color", "never", "-c", os.path.basename(cfg),
                            "-o", out, *extra], cwd=os.path.dirname(cfg), capture_output=True, text=True, env=env)
        if p.returncode == 0:
            templates[out] = id_
        else:
            print(f"{id_}: synth failed: {p.stderr[-300:]}", file=sys.stderr)
    findings = collections.defaultdict(list)
    files = sorted(templates)
    for i in range(0, len(files), 50):
        batch = files[i:i + 50]
        p = subprocess.run([a.lint, "--format", "parseable", "--regions", "us-east-1", "--", *batch],
                           capture_output=True, text=True)
        for line in p.stdout.splitlines():
            # file:line:column:end line:end column:rule:message
            parts = line.split(":", 6)
            if len(parts) < 7 or parts[5] in TOLERATED:
                continue
            findings[templates.get(parts[0], parts[0])].append((parts[5], parts[6]))
    by_rule = collections.Counter(rule for fs in findings.values() for rule in {r for r, _ in fs})
    lines = [f"# cfn-lint over the {len(templates)} templates of `{a.mode}` ({a.tag})", "",
             f"{len(findings)} with findings.", "", "## Files by rule", ""]
    lines += [f"- {rule}: {n}" for rule, n in by_rule.most_common()]
    lines += ["", "## Findings", ""]
    for id_, fs in sorted(findings.items()):
        lines.append(f"- {id_} {results[id_]['repo']}:")
        lines += [f"  - {rule}: {msg[:300]}" for rule, msg in fs[:6]]
    with open(os.path.join(ROOT, f"LINT-{a.tag}-{a.mode}.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[:6 + len(by_rule)]))


if __name__ == "__main__":
    main()
