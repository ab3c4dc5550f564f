#!/usr/bin/env bash
# Whole-process benchmark of the YAML front end (issue 13 item 5: under 60 ms and 40 MB for the
# 100 capacity providers / 2000 functions service): the release `stackwright synth` on the same
# generated service as serverless.json, as serverless.yml, and as serverless.yml with variables
# (`${self:custom...}`, `${sls:stage}`, `${env:..., 'info'}`, `${aws:region}`, `${ssm:...}` as a
# dynamic reference, a `${file(...)}` per capacity provider). Reports hyperfine's median wall time
# and GNU time's median peak RSS.
#
#   bash benches/yaml.sh            # 100 / 2000
#   bash benches/yaml.sh 20 200
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-21}
providers=${1:-100} functions=${2:-2000}
cargo build --release --quiet --example generate --example synth -p stackwright
cargo build --release --quiet --bin stackwright -p stackwright-cli
dir=/tmp/stackwright-bench-yaml
rm -rf "$dir" && mkdir -p "$dir"
export SOURCE_DATE_EPOCH=1767225600
target/release/examples/generate "$providers" "$functions" > "$dir/serverless.json"
python3 - "$dir" <<'EOF'
import json, sys, yaml
d = sys.argv[1]
config = json.load(open(f"{d}/serverless.json"))

class Dumper(yaml.SafeDumper):
    # Lists indented under their key, as people write serverless.yml.
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

def dump(value, path):
    with open(path, "w") as f:
        yaml.dump(value, f, Dumper=Dumper, sort_keys=False, default_flow_style=False, indent=4, width=1000)

dump(config, f"{d}/plain.yml")
provider = config["provider"]
provider["stage"] = "${opt:stage, 'dev'}"
provider["region"] = "${opt:region, 'us-east-1'}"
provider["memorySize"] = "${self:custom.memory}"
provider["environment"]["LOG_LEVEL"] = "${env:STACKWRIGHT_BENCH_LOG_LEVEL, 'info'}"
provider["environment"]["DB_HOST"] = "${ssm:/bench/db-host}"
provider["environment"]["REGION"] = "${aws:region}"
for name, pool in provider["capacityProviders"].items():
    dump(pool, f"{d}/{name}.yml")
    provider["capacityProviders"][name] = "${file(./%s.yml)}" % name
for i, (name, fn) in enumerate(config["functions"].items()):
    fn["environment"]["TABLE_NAME"] = "${self:custom.tablePrefix}-${sls:stage}-%d" % i
config["custom"] = {"memory": 4096, "tablePrefix": "table"}
dump(config, f"{d}/variables.yml")
EOF
cp "$dir/plain.yml" "$dir/serverless.yml"
# The last row is the D5 anchor, the `synth` example on the serverless.json: on a loaded machine
# compare the CPU columns (user + sys), whose ratio does not depend on the load much.
# Wall times need both cores free (the YAML front end uses a second thread): say how busy.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
printf '| input | size | median wall | CPU (user + sys) | median peak RSS |\n|---|---|---|---|---|\n'
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for input in serverless.json plain.yml variables.yml anchor; do
  synth=(target/release/stackwright synth --no-limits -c "$dir/$input" -o "$dir/template-$input.json")
  [ "$input" = anchor ] && synth=(target/release/examples/synth --no-limits "$dir/serverless.json")
  "${synth[@]}" > /dev/null 2>&1
  hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$dir/hyperfine.json" "${synth[*]}" > /dev/null 2>&1
  read -r wall_ms cpu_ms < <(python3 -c "import json; r = json.load(open('$dir/hyperfine.json'))['results'][0]; \
print(f\"{r['median'] * 1000:.1f} {(r['user'] + r['system']) * 1000:.1f}\")")
  rss_kb=$(for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%M' "${synth[@]}" 2>&1 > /dev/null | tail -n 1
  done | median)
  size=$([ "$input" = anchor ] && wc -c < "$dir/serverless.json" || wc -c < "$dir/$input")
  printf '| %s | %s KB | %s ms | %s ms | %.1f MB |\n' "$input" "$(( size / 1024 ))" "$wall_ms" "$cpu_ms" \
    "$(echo "$rss_kb" | awk '{ print $1 / 1024 }')"
done
# The three inputs describe the same service: the plain YAML gives the JSON's template exactly.
cmp "$dir/template-serverless.json.json" "$dir/template-plain.yml.json"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
