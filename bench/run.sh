#!/usr/bin/env bash
# The benchmark: generates N valid synthetic records (all nine kinds, TOML and YAML) and times,
# on the same files,
#   floor            walk + read + parse only (bench/floor.rs), the least any checker must do
#   itc check        every check of itc
#   itc kpi          all seventeen KPIs over the year
#   itc list --open  every record not at its final stage, with its deadlines
#   itc check FILE   one named record, checked as a full check would report it
#   check-jsonschema the YAML records against schema/<kind>.json (pip install check-jsonschema)
#
# The five commands run in rounds, one run of each per round, so that a slow spell of the
# machine falls on all of them alike; each time is the median over the rounds (RUNS, default 5),
# each memory the peak over them. The ratios the targets are stated in follow the table.
#
#   bench/run.sh                 # 10000 and 100000 records
#   bench/run.sh 20000           # other sizes
#   RUNS=15 SKIP_JSONSCHEMA=1 bench/run.sh 100000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
runs=${RUNS:-5}
cargo build --release --quiet --bin itc --example bench_gen --example bench_floor
itc=target/release/itc

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

# One run: appends "NAME SECONDS KIB" to the file $log.
run() {
  local name=$1 tmp
  shift
  tmp=$(mktemp)
  /usr/bin/time -o "$tmp" -f "%e %M" "$@" >/dev/null 2>&1 || true
  echo "$name $(tail -n 1 "$tmp")" >>"$log"
  rm -f "$tmp"
}

# Median seconds and peak MiB of NAME in $log.
stats() {
  awk -v n="$1" '$1 == n { print $2, $3 }' "$log" | sort -n |
    awk '{ t[NR] = $1; if ($2 > m) m = $2 } END { printf "%s %d\n", t[int((NR + 1) / 2)], m / 1024 }'
}

printf '| records | tool | median s | peak MiB |\n|---:|---|---:|---:|\n'
ratios=()
for n in "${sizes[@]}"; do
  dir=bench/data/$n
  [ -f "$dir/itc.toml" ] || target/release/examples/bench_gen "$n" "$dir" 2>/dev/null
  yaml=$(find "$dir" -name '*.yaml' | wc -l)
  one=$(find "$dir/incidents" -name '*.toml' | sort | sed -n 1p)
  log=$(mktemp)
  for _ in $(seq "$runs"); do
    run floor target/release/examples/bench_floor "$dir"
    run check "$itc" -C "$dir" check -q
    run kpi "$itc" -C "$dir" kpi --period 2026 --as-of 2026-12-31 --format json
    run list "$itc" -C "$dir" list --open --as-of 2026-12-31 --format json
    run file "$itc" -C "$dir" check -q "$one"
  done
  declare -A t=()
  for pair in "floor:floor (walk, read, parse)" "check:itc check" "kpi:itc kpi (17 KPIs, 2026)" \
              "list:itc list --open" "file:itc check FILE (one record)"; do
    read -r s m < <(stats "${pair%%:*}")
    t[${pair%%:*}]=$s
    printf '| %s | %s | %s | %s |\n' "$n" "${pair#*:}" "$s" "$m"
  done
  rm -f "$log"
  if [ -z "${SKIP_JSONSCHEMA:-}" ] && command -v check-jsonschema >/dev/null; then
    log=$(mktemp)
    run jsonschema bash -c "jsonschema_all $dir"
    read -r s m < <(stats jsonschema)
    rm -f "$log"
    printf '| %s | check-jsonschema (%s YAML files only) | %s | %s |\n' "$n" "$yaml" "$s" "$m"
  fi
  ratios+=("$(awk -v n="$n" -v f="${t[floor]}" -v c="${t[check]}" -v k="${t[kpi]}" \
    -v l="${t[list]}" -v o="${t[file]}" 'BEGIN {
      printf "%s records: check %.2f× the floor (target ≤ 1.5), kpi %.2f× check (≤ 1.2), ", n, c / f, k / c
      printf "list --open %.2f× check (≤ 1.2), check FILE %.2f× check (≤ 0.25)", l / c, o / c }')")
done
printf '\n'
printf '%s\n' "${ratios[@]}"
