#!/usr/bin/env bash
# The test suite, from a fresh machine of this kind. Two tiers (README, "Test it"):
#
#   bash scripts/test.sh         everything; what .ci/run calls:
#     1. installs PostgreSQL from Debian's packages if it is missing,
#     2. starts a throwaway instance on a free loopback port (stopped and deleted on exit),
#     3. installs Dovecot and Exim from Debian's packages if they are missing and starts them on free loopback ports
#        (IMAP, IMAPS, SMTP, submission, SMTPS, with a self-signed certificate; stopped and deleted on exit) for the
#        email tests (scripts/mail.sh, RUNTYPE_TEST_MAIL),
#     4. installs the OpenAPI linter from npm (Spectral), Debian's Chromium for the browser test of /docs and
#        iproute2 for the partition history (network namespaces),
#     5. builds and runs every test project, then runs the HTTP suite again on PostgreSQL,
#     6. packs the client library (src/Client) and fails if no Runtype.Client package comes out.
#
#   bash scripts/test.sh --fast  the test projects of Runtype.Orleans.Fast.slnf (Static, Grains, Api, Client), which
#     need no database, start no process of ours and install nothing: no PostgreSQL is started (a test that needs one
#     fails for want of it), the model tests run RUNTYPE_MODEL_SECONDS (default 5) each, and the few tests of those
#     projects marked [Trait("Tier", "Full")] (PostgreSQL, or minutes of real time) are left out. tests/Storage.Tests
#     (databases) and tests/System.Tests (processes, crashes, outages, partitions) run only in the full suite.
#
# Both print one closing line "tests: N passed, N failed, N skipped".
# SQL Server: set RUNTYPE_TEST_SQLSERVER to a connection string (a login that may create databases) and the full
# suite runs the storage contract, the HTTP suite and the history against it too.
set -euo pipefail
cd "$(dirname "$0")/.."

fast=0
case "${1:-}" in
  "") ;;
  --fast) fast=1 ;;
  *) echo "usage: bash scripts/test.sh [--fast]" >&2; exit 2 ;;
esac

log=$(mktemp)
status=0

if [ "$fast" = 1 ]; then
  trap 'rm -f "$log"' EXIT
  # Nothing here may reach a database or a mail server, even one this shell happens to know about.
  unset RUNTYPE_TEST_POSTGRES RUNTYPE_TEST_SQLSERVER RUNTYPE_TEST_STORAGE RUNTYPE_TEST_MAIL
  export RUNTYPE_MODEL_SECONDS="${RUNTYPE_MODEL_SECONDS:-5}"
  dotnet test Runtype.Orleans.Fast.slnf --configuration Release --filter "Tier!=Full" 2>&1 | tee -a "$log" || status=$?
  expected_runs=4
else
  source scripts/postgres.sh
  source scripts/mail.sh
  packages=$(mktemp -d)
  trap 'stop_postgres; stop_mail; rm -f "$log"; rm -rf "$packages"' EXIT
  start_postgres
  start_mail

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
  if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
    # MonitoringTests scrape a real cluster and evaluate every alert and dashboard expression on a throwaway server of
    # their own (free port, temporary directory); where systemd runs, the package also starts its service on :9090,
    # which the tests do not use.
    echo "Installing Prometheus from Debian's packages..."
    apt_install prometheus
  fi

  dotnet test Runtype.Orleans.sln --configuration Release 2>&1 | tee -a "$log" || status=$?
  echo "HTTP suite again, on PostgreSQL:"
  RUNTYPE_TEST_STORAGE=postgres dotnet test tests/Api.Tests --configuration Release --no-build 2>&1 | tee -a "$log" || status=$?
  expected_runs=7
  if [ -n "${RUNTYPE_TEST_SQLSERVER:-}" ]; then
    echo "HTTP suite again, on SQL Server:"
    RUNTYPE_TEST_STORAGE=sqlserver dotnet test tests/Api.Tests --configuration Release --no-build 2>&1 | tee -a "$log" || status=$?
    expected_runs=8
  fi

  echo "Packing the client (dotnet pack src/Client)..."
  dotnet pack src/Client --configuration Release --output "$packages" || status=$?
  if ! compgen -G "$packages/Runtype.Client.*.nupkg" >/dev/null; then
    echo "dotnet pack produced no Runtype.Client package" >&2
    status=1
  fi
fi

# dotnet test prints one "Passed!/Failed!  - Failed: a, Passed: b, Skipped: c" line per test assembly run.
summary=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' |
  awk '{ f += $1; p += $2; s += $3; n++ } END { printf "%d %d %d %d", p, f, s, n }')
read -r passed failed skipped runs <<<"$summary"
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"

if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$runs" -lt "$expected_runs" ] || [ "$passed" -eq 0 ]; then
  echo "test run failed (dotnet exit $status, $runs of $expected_runs test assembly runs reported)" >&2
  exit 1
fi
