#!/usr/bin/env bash
# The whole test suite, from a fresh machine of this kind:
#   1. installs PostgreSQL from Debian's packages if it is missing,
#   2. starts a throwaway instance on a free loopback port (stopped and deleted on exit),
#   3. installs the OpenAPI linter from npm (Spectral), Debian's Chromium for the browser test of /docs and iproute2
#      for the partition history (network namespaces),
#   4. builds and runs every test project, then runs the HTTP suite again on PostgreSQL,
#   5. packs the client library (src/Client) and fails if no Runtype.Client package comes out,
#   6. prints one closing line "tests: N passed, N failed, N skipped".
# SQL Server: set RUNTYPE_TEST_SQLSERVER to a connection string (a login that may create databases) and the
# storage contract and the HTTP suite run against it too.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/postgres.sh
log=$(mktemp)
packages=$(mktemp -d)
trap 'stop_postgres; rm -f "$log"; rm -rf "$packages"' EXIT
start_postgres

echo "Installing the OpenAPI linter (npm ci --prefix tools/openapi)..."
npm ci --prefix tools/openapi --no-audit --no-fund --loglevel=error >/dev/null
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium from Debian's packages..."
  apt_install chromium
fi
if ! command -v ip >/dev/null 2>&1; then
  # The partition history runs silos in network namespaces (ip netns; the suite runs as root in CI).
  echo "Installing iproute2 from Debian's packages..."
  apt_install iproute2
fi

status=0
dotnet test Runtype.Orleans.sln --configuration Release 2>&1 | tee -a "$log" || status=$?
echo "HTTP suite again, on PostgreSQL:"
RUNTYPE_TEST_STORAGE=postgres dotnet test tests/Api.Tests --configuration Release --no-build 2>&1 | tee -a "$log" || status=$?
if [ -n "${RUNTYPE_TEST_SQLSERVER:-}" ]; then
  echo "HTTP suite again, on SQL Server:"
  RUNTYPE_TEST_STORAGE=sqlserver dotnet test tests/Api.Tests --configuration Release --no-build 2>&1 | tee -a "$log" || status=$?
fi

echo "Packing the client (dotnet pack src/Client)..."
dotnet pack src/Client --configuration Release --output "$packages" || status=$?
if ! compgen -G "$packages/Runtype.Client.*.nupkg" >/dev/null; then
  echo "dotnet pack produced no Runtype.Client package" >&2
  status=1
fi

# dotnet test prints one "Passed!/Failed!  - Failed: a, Passed: b, Skipped: c" line per test assembly run.
summary=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' |
  awk '{ f += $1; p += $2; s += $3; n++ } END { printf "%d %d %d %d", p, f, s, n }')
read -r passed failed skipped runs <<<"$summary"
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"

if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$runs" -lt 5 ] || [ "$passed" -eq 0 ]; then
  echo "test run failed (dotnet exit $status, $runs test assembly runs reported)" >&2
  exit 1
fi
