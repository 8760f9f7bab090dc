#!/usr/bin/env bash
# The benchmark: generates N valid synthetic records (all nine kinds, TOML and YAML) and times,
# on the same files,
#   floor            walk + read + parse only (bench/floor.rs), the least any checker must do
#   itc check        every check of itc
#   itc kpi          all seventeen KPIs over the year
#   itc list --open  every record not at its final stage, with its deadlines
#   itc check FILE   one named record, checked as a full check would report it
#   check-jsonschema the YAML records against schema/<kind>.json (pip install check-jsonschema)
# and the review and export paths, on the same files put into git with a second commit that
# changes the titles of 10 incidents:
#   itc diff         HEAD~1 HEAD, what the 10 changed records do
#   itc export       --format ndjson (every record), --format csv incident
#   itc report       --period 2026, HTML, with the size of the page it writes
#
# The commands run in rounds, one run of each per round, so that a slow spell of the
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
# The generated records run to the end of 2026: "today" is its last day, so that no date lies in
# the future (a warning on every record written after the real today).
export ITC_TODAY=${ITC_TODAY:-2026-12-31}
cargo build --release --quiet --bin itc --example bench_gen --example bench_floor
target=${CARGO_TARGET_DIR:-target}
itc=$target/release/itc

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

# Puts the generated records into git once: a first commit with all of them, a second that
# changes the titles of 10 incidents (what `itc diff HEAD~1 HEAD` is measured on).
into_git() {
  local dir=$1
  git -C "$dir" rev-parse -q --verify HEAD~1 >/dev/null 2>&1 && return
  [ -d "$dir/.git" ] || git -C "$dir" init -q
  git -C "$dir" add -A
  git -C "$dir" -c user.name=bench -c user.email=bench@example.com commit -qm records
  # sed, not head: head's early exit would end the pipeline with SIGPIPE under pipefail.
  find "$dir/incidents" -name '*.toml' | sort | sed -n 1,10p |
    xargs sed -i '0,/^title = "/s//title = "(changed) /'
  git -C "$dir" -c user.name=bench -c user.email=bench@example.com commit -qam '10 changed'
}

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
  [ -f "$dir/itc.toml" ] || $target/release/examples/bench_gen "$n" "$dir" 2>/dev/null
  into_git "$dir"
  yaml=$(find "$dir" -name '*.yaml' | wc -l)
  one=$(find "$dir/incidents" -name '*.toml' | sort | sed -n 1p)
  log=$(mktemp)
  for _ in $(seq "$runs"); do
    run floor $target/release/examples/bench_floor "$dir"
    run check "$itc" -C "$dir" check -q
    run kpi "$itc" -C "$dir" kpi --period 2026 --as-of 2026-12-31 --format json
    run list "$itc" -C "$dir" list --open --as-of 2026-12-31 --format json
    run file "$itc" -C "$dir" check -q "$one"
    run diff "$itc" -C "$dir" diff HEAD~1 HEAD
    run ndjson "$itc" -C "$dir" export --format ndjson
    run csv "$itc" -C "$dir" export --format csv incident
    run report "$itc" -C "$dir" report --period 2026 --as-of 2026-12-31
  done
  html=$("$itc" -C "$dir" report --period 2026 --as-of 2026-12-31 2>/dev/null | wc -c)
  declare -A t=() mem=()
  for pair in "floor:floor (walk, read, parse)" "check:itc check" "kpi:itc kpi (17 KPIs, 2026)" \
              "list:itc list --open" "file:itc check FILE (one record)" \
              "diff:itc diff HEAD~1 HEAD (10 records changed)" "ndjson:itc export --format ndjson" \
              "csv:itc export --format csv incident" "report:itc report --period 2026 (HTML)"; do
    read -r s m < <(stats "${pair%%:*}")
    t[${pair%%:*}]=$s
    mem[${pair%%:*}]=$m
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
  ratios+=("$(awk -v n="$n" -v c="${t[check]}" -v k="${t[kpi]}" -v d="${t[diff]}" -v j="${t[ndjson]}" \
    -v v="${t[csv]}" -v r="${t[report]}" -v dm="${mem[diff]}" -v jm="${mem[ndjson]}" -v vm="${mem[csv]}" \
    -v rm="${mem[report]}" -v h="$html" 'BEGIN {
      printf "%s records: kpi %.2f× check (≤ 1.15), diff %.2f× check, %d MiB (≤ 1.5, ≤ 160), ", n, k / c, d / c, dm
      printf "export ndjson %.2f× check, %d MiB (≤ 1.2, ≤ 64), csv %.2f× check, %d MiB (≤ 1.2, ≤ 64), ", j / c, jm, v / c, vm
      printf "report %.2f× kpi, %d MiB, %.1f MiB of HTML (≤ 1.5, ≤ 200, ≤ 2)", r / k, rm, h / 1048576 }')")
done
printf '\n'
printf '%s\n' "${ratios[@]}"
