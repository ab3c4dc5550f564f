#!/usr/bin/env bash
# Whole-process benchmark of `synth` with events (DECISIONS.md D5/D8): the generated service
# (`examples/generate`) with an httpApi route (`GET /fn<i>`) and an SQS event on every function and
# two IAM statements, synthesized by the release `synth` example from serverless.json. Reports the
# median wall time and peak RSS of each size, and the same without events for the growth.
#
#   bash benches/events-whole-process.sh                     # 1/1, 20/200, 100/2000
#   bash benches/events-whole-process.sh 100:500 100:1000    # other sizes
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-21}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1:1 20:200 100:2000)
cargo build --release --quiet --example generate --example synth
dir=/tmp/stackwright-bench-events
mkdir -p "$dir"
export SOURCE_DATE_EPOCH=1767225600
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
wall_ms() {
  for _ in $(seq "$RUNS"); do
    start=$(date +%s%N); "$@" > /dev/null 2>&1; end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
  done | median | awk '{ printf "%.1f", $1 / 1000 }'
}
rss_mb() {
  for _ in $(seq "$RUNS"); do /usr/bin/time -f '%M' "$@" 2>&1 > /dev/null | tail -n 1; done | median | awk '{ printf "%.1f", $1 / 1024 }'
}
printf '| capacity providers / functions | resources | template | wall (no events) | wall (events) | per function added | peak RSS (events) |\n'
printf '|---|---|---|---|---|---|---|\n'
for size in "${sizes[@]}"; do
  providers=${size%:*} functions=${size#*:}
  plain="$dir/${providers}x${functions}.json" events="$dir/${providers}x${functions}-events.json"
  target/release/examples/generate "$providers" "$functions" > "$plain"
  python3 - "$plain" "$events" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
config["provider"].setdefault("iam", {})["role"] = {"statements": [
    {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"], "Resource": ["arn:aws:dynamodb:us-east-1:123456789012:table/bench"]},
    {"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": ["arn:aws:sqs:us-east-1:123456789012:bench-out"]},
]}
for i, f in enumerate(config["functions"].values()):
    f["events"] = [{"httpApi": f"GET /fn{i}"}, {"sqs": {"arn": f"arn:aws:sqs:us-east-1:123456789012:queue-{i}", "batchSize": 10}}]
json.dump(config, open(sys.argv[2], "w"), indent=2)
PY
  target/release/examples/synth --no-limits "$events" > "$dir/template.json"
  resources=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['Resources']))" "$dir/template.json")
  kb=$(( $(wc -c < "$dir/template.json") / 1024 ))
  base=$(wall_ms target/release/examples/synth --no-limits "$plain")
  with=$(wall_ms target/release/examples/synth --no-limits "$events")
  per=$(awk -v a="$base" -v b="$with" -v n="$functions" 'BEGIN { printf "%.1f", (b - a) * 1000 / n }')
  printf '| %s / %s | %s | %s KB | %s ms | %s ms | %s µs | %s MB |\n' "$providers" "$functions" "$resources" "$kb" \
    "$base" "$with" "$per" "$(rss_mb target/release/examples/synth --no-limits "$events")"
done
