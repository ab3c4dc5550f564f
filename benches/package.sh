#!/usr/bin/env bash
# Whole-process benchmark of `stackwright package` (DECISIONS.md D10, issue 14): a Node.js service
# of 2,000 small files (100 per function, plus node_modules with production and development
# dependencies) and 20 functions packaged `individually`; reports the median wall time (hyperfine
# if installed, else `date` around each run) and the median peak RSS (GNU time).
#
#   bash benches/package.sh            # RUNS=11 by default
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-11}
cargo build --release --quiet -p stackwright-cli
bin=$PWD/target/release/stackwright
dir=/tmp/stackwright-package-bench
rm -rf "$dir" && mkdir -p "$dir"
export SOURCE_DATE_EPOCH=1767225600
{
  printf 'service: bench\nprovider:\n  name: aws\n  runtime: nodejs24.x\n  vpc:\n    subnetIds: [subnet-0abc1234]\n    securityGroupIds: [sg-0abc1234]\n'
  printf 'package:\n  individually: true\n  patterns:\n    - "!src/**"\n    - "src/shared/**"\nfunctions:\n'
  for f in $(seq -w 1 20); do
    printf '  fn%s:\n    handler: src/fn%s/index.handler\n    capacityProvider: default\n    package:\n      patterns: ["src/fn%s/**"]\n' "$f" "$f" "$f"
  done
} > "$dir/serverless.yml"
python3 - "$dir" <<'PY'
import json, os, sys
root = sys.argv[1]
def write(path, text):
    path = os.path.join(root, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
for f in range(1, 21):
    for i in range(90):
        write(f"src/fn{f:02d}/m{i:03d}.js", f"exports.v{i} = {i};\n" * 40)
for i in range(100):
    write(f"src/shared/s{i:03d}.js", "module.exports = () => 1;\n" * 40)
write("package.json", json.dumps({"dependencies": {"prod": "1"}, "devDependencies": {"dev": "1"}}))
for name in ("prod", "dev"):
    write(f"node_modules/{name}/package.json", json.dumps({"name": name, "version": "1.0.0"}))
    for i in range(49):
        write(f"node_modules/{name}/lib/f{i:02d}.js", "module.exports = 1;\n" * 40)
PY
files=$(find "$dir" -type f | wc -l)
run=("$bin" package -c "$dir/serverless.yml")
"${run[@]}" 2> /dev/null
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
if command -v hyperfine > /dev/null; then
  hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$dir/hyperfine.json" "${run[*]}" > /dev/null 2>&1
  wall_ms=$(python3 -c "import json; print(f\"{json.load(open('$dir/hyperfine.json'))['results'][0]['median'] * 1000:.1f}\")")
else
  wall_ms=$(for _ in $(seq "$RUNS"); do
    start=$(date +%s%N); "${run[@]}" > /dev/null 2>&1; end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
  done | median | awk '{ printf "%.1f", $1 / 1000 }')
fi
rss_kb=$(for _ in $(seq "$RUNS"); do /usr/bin/time -f '%M' "${run[@]}" 2>&1 > /dev/null | tail -n 1; done | median)
zips=$(ls "$dir/.serverless"/*.zip | wc -l)
printf '| files | functions (individually) | zips | median wall | median peak RSS | cores |\n|---|---|---|---|---|---|\n'
printf '| %s | 20 | %s | %s ms | %.1f MB | %s |\n' "$files" "$zips" "$wall_ms" "$(echo "$rss_kb / 1024" | bc -l)" "$(nproc)"
