#!/usr/bin/env bash
# Compile-time cost of `service!` (DECISIONS.md D5: under 0.5 s for 200 functions): a scratch crate
# whose main declares a 200-function service with `service!` (all literals, so the expansion is
# builder calls; `versionFunctions: false` keeps it under CloudFormation's 500 resources), against
# a binary of the same crate without it. Reports the median of RUNS incremental `cargo check` runs
# of each binary after touching its source.
#
#   bash benches/macro-check.sh            # 200 functions
#   FUNCTIONS=50 RUNS=5 bash benches/macro-check.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
FUNCTIONS=${FUNCTIONS:-200}
RUNS=${RUNS:-9}
dir=${TMPDIR:-/tmp}/stackwright-macro-check
mkdir -p "$dir/src/bin"
cat > "$dir/Cargo.toml" <<TOML
[package]
name = "macro-check"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
stackwright = { path = "$root" }

[workspace]
TOML
providers=$(( FUNCTIONS / 20 > 0 ? FUNCTIONS / 20 : 1 ))
{
  echo 'fn main() {'
  echo '    let svc = stackwright::service! {'
  echo '        service: "macro-check",'
  echo '        provider: { name: "aws", runtime: "nodejs24.x", versionFunctions: false, vpc: { subnetIds: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },'
  echo '            capacityProviders: {'
  for p in $(seq 1 "$providers"); do
    echo "                pool$p: { instanceRequirements: { allowedInstanceTypes: [\"m7g.large\"] }, scaling: { mode: \"manual\", maxVCpuCount: 64, policies: [{ predefinedMetricType: \"LambdaCapacityProviderAverageCPUUtilization\", targetValue: 60 }] } },"
  done
  echo '            },'
  echo '        },'
  echo '        package: { artifact: "dist/service.zip" },'
  echo '        functions: {'
  for f in $(seq 1 "$FUNCTIONS"); do
    p=$(( (f - 1) % providers + 1 ))
    echo "            fn$f: { handler: \"handler.fn$f\", memorySize: 4096, environment: { INDEX: \"$f\" }, capacityProvider: { name: \"pool$p\", maxConcurrency: 32, scaling: { min: 1, max: 10 } } },"
  done
  echo '        },'
  echo '    };'
  echo '    assert!(!svc.check().has_errors());'
  echo '}'
} > "$dir/src/bin/with.rs"
printf 'fn main() {\n    let svc = stackwright::Service::new("macro-check");\n    assert!(!svc.check().has_errors());\n}\n' \
  > "$dir/src/bin/without.rs"
cd "$dir"
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'; }
measure() {
  cargo check --quiet --bin "$1"
  for _ in $(seq "$RUNS"); do
    touch "src/bin/$1.rs"
    start=$(date +%s%N)
    cargo check --quiet --bin "$1"
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 ))"
  done | median | awk '{ printf "%.2f", $1 / 1000 }'
}
without=$(measure without)
with=$(measure with)
echo "service! with $FUNCTIONS functions: incremental cargo check ${with} s, without the macro ${without} s (median of $RUNS)"
