#!/usr/bin/env bash
# bench/golden.sh BIN OUTDIR: every command and format on the demo and the fixtures, in zh and en
# (check in every format, kpi over six periods with --explain and every --by, list, export,
# report, rules, show of every record, help, man, schema, completions): stdout, stderr and exit
# code of each into OUTDIR. Run it with the binary before and after a change and compare the
# folders (`diff -r`) to prove the outputs byte-identical. The binary must be named `itc`.
set -u
BIN=$(realpath "$1"); OUT=$(realpath -m "$2")
# OUTDIR is replaced only when it is an earlier output of this script (it holds `.golden`) or
# absent: never a device, a file, or a folder of something else (`/dev/null` included).
if [ -e "$OUT" ] && { [ ! -d "$OUT" ] || [ -L "$OUT" ] || { [ -n "$(ls -A "$OUT")" ] && [ ! -e "$OUT/.golden" ]; }; }; then
  echo "golden.sh: $OUT exists and is not an earlier output of golden.sh; give a new folder" >&2
  exit 2
fi
rm -rf "$OUT"; mkdir -p "$OUT"; : > "$OUT/.golden"
export ITC_TODAY=2026-11-20 NO_COLOR=1; unset ITC_LANG ITC_USER
M=$(cd "$(dirname "$0")/.." && pwd)
n=0
run() { local dir=$1; shift; n=$((n+1)); local f=$OUT/$(printf %04d $n); (cd $dir && echo "$dir :: $*" > $f.cmd && $BIN "$@" > $f.out 2> $f.err; echo $? > $f.rc); }
for lang in zh en; do
 for repo in $M/examples/demo $M/tests/fixtures/kpi $M/tests/fixtures/invalid $M/tests/fixtures/extended; do
  for fmt in human json sarif junit gitlab github; do run $repo --lang $lang check --format $fmt; done
  run $repo --lang $lang check --deny-warnings
  for p in 2026 2026-H1 2026-Q3 2026-11 this-month ytd; do
   for fmt in table json csv md; do run $repo --lang $lang kpi --period $p --format $fmt; done
   run $repo --lang $lang kpi --period $p --explain
   run $repo --lang $lang kpi --period $p --explain --format json
   for by in system severity department owner month; do run $repo --lang $lang kpi --period $p --by $by --format json; run $repo --lang $lang kpi --period $p --by $by; done
  done
  for fmt in table json csv md; do run $repo --lang $lang list --format $fmt; run $repo --lang $lang list --overdue --format $fmt; run $repo --lang $lang list --open --format $fmt; done
  run $repo --lang $lang list incident --period 2026-Q2
  for fmt in ndjson json; do run $repo --lang $lang export --format $fmt; done
  for fmt in html md; do run $repo --lang $lang report --period 2026 --format $fmt; run $repo --lang $lang report --period 2026-Q3 --format $fmt; run $repo --lang $lang report --period 2026-10 --format $fmt; done
  run $repo --lang $lang rules; run $repo --lang $lang rules --format mermaid; run $repo --lang $lang rules --format json
  for id in $(cd $repo && $BIN list -q --format json 2>/dev/null | python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)))' 2>/dev/null); do
   run $repo --lang $lang show $id; run $repo --lang $lang show $id --format json
  done
  run $repo --lang $lang fmt --check
 done
 for c in "" init new advance set edit show list check fmt kpi report export diff rules schema completions man; do run /tmp --lang $lang $c --help; done
 run /tmp --lang $lang man
 run /tmp --lang $lang schema
 run /tmp --lang $lang completions bash
 run /tmp --lang $lang check
 run /tmp --lang $lang kpi --period nonsense
done
echo "$n commands"
