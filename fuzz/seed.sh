#!/usr/bin/env bash
# Seeds the fuzz corpora from the repository's models, scenarios and test fixtures.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/model_reader corpus/check_then_run corpus/expression corpus/scenario_merge
for f in "$root"/models/*.toml "$root"/tests/fixtures/*.toml; do
    cp "$f" corpus/model_reader/
    cp "$f" corpus/check_then_run/
done
# Every quoted expression of the models (a string with an operator or a name in it).
i=0
grep -ohE '= "[^"]*[-+*/^(a-z_][^"]*"' "$root"/models/*.toml "$root"/tests/fixtures/*.toml \
    | sed -E 's/^= "(.*)"$/\1/' | sort -u | while IFS= read -r e; do
    printf '%s' "$e" > "corpus/expression/seed-$i"
    i=$((i + 1))
done
# Each scenario after its base model, split where the target splits them.
for s in "$root"/scenarios/*.toml; do
    base=$(sed -nE 's/^model = "(.*)"$/\1/p' "$s" | head -1)
    [ -n "$base" ] || continue
    { cat "$(dirname "$s")/$base"; printf '\n#---scenario---\n'; cat "$s"; } \
        > "corpus/scenario_merge/$(basename "$s")"
done
