#!/usr/bin/env bash
# Seeds the fuzz corpora from the demo repository and the test fixtures (every record file, and
# itc.toml/rules.toml as TOML text). Run from anywhere; writes fuzz/corpus/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf corpus
mkdir -p corpus/load_toml corpus/load_yaml corpus/edit_fmt_roundtrip
n=0
while IFS= read -r -d '' f; do
  n=$((n + 1))
  case "$f" in
    *.toml)
      cp "$f" "corpus/load_toml/$n.toml"
      { printf '\x00'; cat "$f"; } > "corpus/edit_fmt_roundtrip/$n.toml" ;;
    *.yaml | *.yml)
      cp "$f" "corpus/load_yaml/$n.yaml"
      { printf '\x01'; cat "$f"; } > "corpus/edit_fmt_roundtrip/$n.yaml" ;;
  esac
done < <(find -L ../examples/demo ../tests/fixtures -type f \( -name '*.toml' -o -name '*.yaml' -o -name '*.yml' \) -print0 2>/dev/null)
echo "seeded from $n files: $(ls corpus/load_toml | wc -l) toml, $(ls corpus/load_yaml | wc -l) yaml"
