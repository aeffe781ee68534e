#!/usr/bin/env bash
# The whole test suite, from a fresh machine: restore, build, run every test project, and print
# one closing line "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
dotnet test Runtype.Orleans.sln --configuration Release 2>&1 | tee "$log" || status=$?

# dotnet test prints one "Passed!/Failed!  - Failed: a, Passed: b, Skipped: c" line per test assembly.
summary=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' |
  awk '{ f += $1; p += $2; s += $3; n++ } END { printf "%d %d %d %d", p, f, s, n }')
read -r passed failed skipped assemblies <<<"$summary"
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"

if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$assemblies" -lt 2 ] || [ "$passed" -eq 0 ]; then
  echo "test run failed (dotnet exit $status, $assemblies test assemblies reported)" >&2
  exit 1
fi
