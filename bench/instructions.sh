#!/usr/bin/env bash
# Instructions executed in user space (valgrind's callgrind), beside the floor, on N generated
# records (default 5000): a count that does not move with the machine's load as wall time does,
# for telling whether a change to the code made it faster. System calls are not counted.
#
#   bench/instructions.sh          # 5000 records
#   bench/instructions.sh 20000
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
n=${1:-5000}
cargo build --release --quiet --bin itc --example bench_gen --example bench_floor
dir=bench/data/$n
[ -f "$dir/itc.toml" ] || target/release/examples/bench_gen "$n" "$dir" 2>/dev/null
itc=target/release/itc

count() {
  local out
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>"$out" >/dev/null || true
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out"
  rm -f "$out"
}

floor=$(count target/release/examples/bench_floor "$dir")
check=$(count "$itc" -C "$dir" check -q)
kpi=$(count "$itc" -C "$dir" kpi --period 2026 --as-of 2026-12-31 --format json)
list=$(count "$itc" -C "$dir" list --open --as-of 2026-12-31 --format json)
printf '| %s records | instructions (millions) | ratio |\n|---|---:|---:|\n' "$n"
awk -v f="$floor" -v c="$check" -v k="$kpi" -v l="$list" 'BEGIN {
  printf "| floor | %.0f | |\n", f / 1e6
  printf "| itc check | %.0f | %.2f× the floor |\n", c / 1e6, c / f
  printf "| itc kpi | %.0f | %.2f× check |\n", k / 1e6, k / c
  printf "| itc list --open | %.0f | %.2f× check |\n", l / 1e6, l / c }'
