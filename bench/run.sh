#!/usr/bin/env bash
# The benchmark: generates N valid synthetic records (all nine kinds, TOML and YAML) and times,
# on the same files,
#   floor            walk + read + parse only (bench/floor.rs), the least any checker must do
#   itc check        every check of itc
#   itc kpi          all seventeen KPIs over the year
#   itc list --open  every record not at its final stage, with its deadlines
#   check-jsonschema the YAML records against schema/<kind>.json (pip install check-jsonschema)
# Each timing is the median of RUNS runs (default 3), with the peak memory of the last one.
#
#   bench/run.sh                 # 10000 and 100000 records
#   bench/run.sh 20000           # other sizes
#   RUNS=5 SKIP_JSONSCHEMA=1 bench/run.sh 100000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
runs=${RUNS:-3}
cargo build --release --quiet --bin itc --example bench_gen --example bench_floor
itc=target/release/itc

# median wall time (s) and peak RSS (MiB) of a command, over $runs runs
measure() {
  local times=() out rss=0 tmp
  tmp=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$tmp" -f "%e %M" "$@" >/dev/null 2>&1 || true
    out=$(tail -n 1 "$tmp")
    times+=("${out% *}")
    rss=${out#* }
  done
  rm -f "$tmp"
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%s %s\n' "$median" "$((rss / 1024))"
}

jsonschema_all() {
  # One check-jsonschema run per kind over that kind's YAML files (batched by xargs).
  local dir=$1
  for pair in incident:incidents project:projects drill:drills appraisal:appraisals plan:plans \
              data:data security:security survey:surveys backup:backups; do
    find "$dir/${pair#*:}" -name '*.yaml' -print0 |
      xargs -0 -r -n 5000 check-jsonschema --schemafile "schema/${pair%%:*}.json" >/dev/null
  done
}
export -f jsonschema_all

printf '| records | tool | median s | peak MiB |\n|---:|---|---:|---:|\n'
for n in "${sizes[@]}"; do
  dir=bench/data/$n
  [ -f "$dir/itc.toml" ] || target/release/examples/bench_gen "$n" "$dir" 2>/dev/null
  yaml=$(find "$dir" -name '*.yaml' | wc -l)
  read -r t m < <(measure target/release/examples/bench_floor "$dir")
  printf '| %s | floor (walk, read, parse) | %s | %s |\n' "$n" "$t" "$m"
  read -r t m < <(measure "$itc" -C "$dir" check -q)
  printf '| %s | itc check | %s | %s |\n' "$n" "$t" "$m"
  read -r t m < <(measure "$itc" -C "$dir" kpi --period 2026 --as-of 2026-12-31 --format json)
  printf '| %s | itc kpi (17 KPIs, 2026) | %s | %s |\n' "$n" "$t" "$m"
  read -r t m < <(measure "$itc" -C "$dir" list --open --as-of 2026-12-31 --format json)
  printf '| %s | itc list --open | %s | %s |\n' "$n" "$t" "$m"
  if [ -z "${SKIP_JSONSCHEMA:-}" ] && command -v check-jsonschema >/dev/null; then
    read -r t m < <(runs=1 measure bash -c "jsonschema_all $dir")
    printf '| %s | check-jsonschema (%s YAML files only) | %s | %s |\n' "$n" "$yaml" "$t" "$m"
  fi
done
