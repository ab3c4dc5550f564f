#!/usr/bin/env bash
# Whole-process benchmark of `synth`: generates services of several sizes and reports, for the
# release `synth` example on each, the median wall time (hyperfine if installed, else `date`
# around each run) and the median peak RSS (GNU time).
#
#   bash benches/whole-process.sh                 # the D5 sizes: 1/1, 20/200, 100/2000
#   bash benches/whole-process.sh 100:1 100:10 100:100 100:1000 100:2000   # growth
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-21}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1:1 20:200 100:2000)
cargo build --release --quiet --example generate --example synth
dir=/tmp/stackwright-bench
mkdir -p "$dir"
export SOURCE_DATE_EPOCH=1767225600
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf '| capacity providers / functions | resources | template | median wall | median peak RSS |\n'
printf '|---|---|---|---|---|\n'
for size in "${sizes[@]}"; do
  providers=${size%:*} functions=${size#*:}
  config="$dir/${providers}x${functions}.json"
  target/release/examples/generate "$providers" "$functions" > "$config"
  synth=(target/release/examples/synth --no-limits "$config")
  "${synth[@]}" > "$dir/template.json" 2>/dev/null
  resources=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['Resources']))" "$dir/template.json")
  kb=$(( $(wc -c < "$dir/template.json") / 1024 ))
  if command -v hyperfine > /dev/null; then
    hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$dir/hyperfine.json" "${synth[*]}" > /dev/null 2>&1
    wall_ms=$(python3 -c "import json; print(f\"{json.load(open('$dir/hyperfine.json'))['results'][0]['median'] * 1000:.1f}\")")
  else
    wall_ms=$(for _ in $(seq "$RUNS"); do
      start=$(date +%s%N); "${synth[@]}" > /dev/null 2>&1; end=$(date +%s%N)
      echo $(( (end - start) / 1000 ))
    done | median | awk '{ printf "%.1f", $1 / 1000 }')
  fi
  rss_kb=$(for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%M' "${synth[@]}" 2>&1 > /dev/null | tail -n 1
  done | median)
  printf '| %s / %s | %s | %s KB | %s ms | %.1f MB |\n' "$providers" "$functions" "$resources" "$kb" "$wall_ms" \
    "$(echo "$rss_kb" | awk '{ print $1 / 1024 }')"
done
