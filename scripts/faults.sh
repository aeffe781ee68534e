#!/usr/bin/env bash
# The fault histories in their long form: the history of tests/Testing/History on three silo processes and two API
# processes (PostgreSQL, membership in the database), with faults injected again and again while it runs, then every
# promise checked (tests/System.Tests/FaultHistoryTests; the suite runs one short cycle of each).
#   RUNTYPE_HISTORY_SECONDS  seconds of load per fault kind; cycles repeat until it is spent (default 300)
#   RUNTYPE_HISTORY_SEED     repeat the random choices of an earlier run (every report prints its seed)
#   FAULTS                   which kinds, space-separated: kill partition database (default: all three)
#   RUNTYPE_TEST_POSTGRES    a PostgreSQL server to use; without it a throwaway one is started (scripts/postgres.sh)
#   RUNTYPE_TEST_MAIL        mail servers to use (the histories poll and send mail); without it Dovecot and Exim are
#                            started (scripts/mail.sh)
# The partition runs each silo in its own network namespace (needs root and iproute2, installed here if missing).
# Each run's history (every request and answer) and its processes' last output are saved under
# ${TMPDIR:-/tmp}/runtype-history/; the test output names the files and summarises operations, faults and violations.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/postgres.sh
source scripts/mail.sh
if ! command -v ip >/dev/null 2>&1; then
  echo "Installing iproute2 from Debian's packages (ip netns, for the partition)..."
  apt_install iproute2
fi

started=""
trap 'for stop in $started; do $stop; done' EXIT
if [ -z "${RUNTYPE_TEST_POSTGRES:-}" ]; then
  started="stop_postgres"
  start_postgres
fi
if [ -z "${RUNTYPE_TEST_MAIL:-}" ]; then
  started="stop_mail $started"
  start_mail
fi

export RUNTYPE_HISTORY_SECONDS="${RUNTYPE_HISTORY_SECONDS:-300}"
dotnet build tests/System.Tests --configuration Release

status=0
for fault in ${FAULTS:-kill partition database}; do
  case "$fault" in
    kill) test=A_silo_killed_mid_history_loses_duplicates_and_reorders_nothing ;;
    partition) test=A_network_partition_between_two_silos_loses_duplicates_and_reorders_nothing ;;
    database) test=The_database_link_cut_mid_history_loses_duplicates_and_reorders_nothing ;;
    *) echo "unknown fault kind '$fault' (kill, partition, database)" >&2; exit 2 ;;
  esac
  echo "== $fault: ${RUNTYPE_HISTORY_SECONDS}s of load with faults"
  dotnet test tests/System.Tests --configuration Release --no-build \
    --filter "FullyQualifiedName=Runtype.System.Tests.FaultHistoryTests.$test" \
    --logger "console;verbosity=detailed" || status=1
done

exit "$status"
