#!/usr/bin/env bash
# Coord vs Apache ZooKeeper 3.9.5 / Curator 5.9.0, side by side in one run (docs/BENCHMARKS.md).
# Builds coord-bench's jar (offline, no install; --no-build skips that if the jar exists), then runs
# dev.coord.bench.Compare with the remaining arguments, e.g.:
#   scripts/bench-compare.sh --quick                       # about 2-4 minutes
#   scripts/bench-compare.sh --out /tmp/compare.tsv       # about 10-15 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
args=()
for a in "$@"; do
  if [[ "$a" == "--no-build" ]]; then build=0; else args+=("$a"); fi
done
jar=coord-bench/target/coord-bench.jar
if [[ $build == 1 || ! -f $jar ]]; then
  mvn -B -o -q -pl coord-bench -am package -DskipTests
fi
exec java -cp "$jar" dev.coord.bench.Compare "${args[@]}"
