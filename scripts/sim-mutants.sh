#!/usr/bin/env bash
# Breaks the protocol on purpose, one way at a time (each patch in coord-core/src/test/mutants), and
# reports how many simulation seeds it takes to catch each break; restores the code after each,
# also on failure or interrupt. Usage: scripts/sim-mutants.sh [config] [bound] [name-pattern]
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-faults3}"
bound="${2:-200}"
pattern="${3:-}"
if ! git diff --quiet -- coord-core/src/main; then
  echo "coord-core/src/main has uncommitted changes; commit or stash them first" >&2
  exit 2
fi
restore() { git checkout -q -- coord-core/src/main; }
trap restore EXIT
for patch in coord-core/src/test/mutants/*"$pattern"*.patch; do
  name="$(basename "$patch" .patch)"
  git apply "$patch"
  out="$(mvn -B -o -pl coord-core -am test -Dtest=MutantHunt -Dsurefire.failIfNoSpecifiedTests=false \
      -Dcoord.test.excludedGroups=none -Dcoord.sim.config="$config" -Dcoord.sim.bound="$bound" 2>&1 || true)"
  result="$(grep -ho 'MUTANT-[A-Z]*.*' coord-core/target/surefire-reports/dev.coord.sim.MutantHunt-output.txt 2>/dev/null | head -1 || true)"
  if [ -z "$result" ]; then
    result="$(echo "$out" | grep -o 'MUTANT-SURVIVED.*\|COMPILATION ERROR.*' | head -1)"
  fi
  echo "$name: ${result:-no result (see mvn output)}"
  restore
done
