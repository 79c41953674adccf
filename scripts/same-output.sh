#!/usr/bin/env bash
# Writes the outputs of a set of commands over every bundled model and scenario, and
# compares them byte for byte with a reference set written by another build.
#
#   scripts/same-output.sh save  BINARY DIR   # write the reference outputs into DIR
#   scripts/same-output.sh check BINARY DIR   # write them again and compare with DIR
#
# Used to show that a change meant only to make the engine faster leaves every output as
# it was: every model and scenario under `run` (JSON at 100,000 draws by the default, Latin
# hypercube and random sampling; tables at 3,000 draws on one thread and on two, by the
# default and by random sampling), the draws written by `--draws`, `compare`,
# `sensitivity`, `voi` and `portfolio`.
set -euo pipefail
mode=$1 bin=$2 ref=$3
cd "$(dirname "$0")/.."
out=$ref
if [ "$mode" = check ]; then out=$(mktemp -d); fi
mkdir -p "$out"

# one NAME COMMAND...: runs the command, keeping its standard output and exit status.
one() {
  local name=$1; shift
  "$bin" -q "$@" > "$out/$name.out" 2> "$out/$name.err" || echo "exit $?" >> "$out/$name.out"
}

for f in models/*.toml scenarios/*.toml; do
  n=$(basename "$f" .toml)
  one "run-json-$n" run "$f" --format json -n 100000
  one "run-lhs-$n" run "$f" --format json -n 100000 --sampling lhs
  one "run-random-$n" run "$f" --format json -n 100000 --sampling random
  one "run-t1-$n" run "$f" -n 3000 --threads 1
  one "run-t2-$n" run "$f" -n 3000 --threads 2
  one "run-t1-random-$n" run "$f" -n 3000 --threads 1 --sampling random
  one "run-t2-random-$n" run "$f" -n 3000 --threads 2 --sampling random
done
for f in models/*.toml; do
  n=$(basename "$f" .toml)
  one "sensitivity-$n" sensitivity "$f" --format json -n 20000
  one "voi-$n" voi "$f" --format json -n 20000
done
one draws run models/social-prescribing-link-worker.toml -n 3000 --draws "$out/draws.csv" --force
one draws-lhs run models/social-prescribing-link-worker.toml -n 3000 --sampling lhs --draws "$out/draws-lhs.csv" --force
one draws-random run models/social-prescribing-link-worker.toml -n 3000 --sampling random --draws "$out/draws-random.csv" --force
one compare compare models/arts-on-prescription.toml models/dance-for-dementia.toml --format json
one compare-lhs compare models/arts-on-prescription.toml models/dance-for-dementia.toml --format json --sampling lhs
one compare-random compare models/arts-on-prescription.toml models/dance-for-dementia.toml --format json --sampling random
one voi-two voi models/arts-on-prescription.toml models/dance-for-dementia.toml --format json -n 20000
one portfolio portfolio scenarios/fund-2020-five-million.toml --format json
one portfolio-lhs portfolio scenarios/fund-2020-five-million.toml --format json --sampling lhs
one portfolio-random portfolio scenarios/fund-2020-five-million.toml --format json --sampling random

if [ "$mode" = check ]; then
  if diff -r -q "$ref" "$out"; then
    echo "same output: $(ls "$out" | wc -l) files identical"
    rm -r "$out"
  else
    echo "DIFFERENT: see $out"
    exit 1
  fi
fi
