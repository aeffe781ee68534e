#!/usr/bin/env bash
# The whole test suite with SQL Server too, on a machine with a container engine and Docker Compose v2:
#   1. builds and starts docker-compose.yml's `sqlserver` service (SQL Server 2022 with Full-Text Search, from
#      deploy/sqlserver/Dockerfile, on port 1433; search needs it), under a project name of its own so a running
#      `docker compose up` stack is left alone, and waits until its health check passes,
#   2. runs scripts/test.sh with RUNTYPE_TEST_SQLSERVER set to the service's `sa` login (it may create databases;
#      each fixture makes a throwaway one), so the storage contract and the HTTP suite run on SQL Server as well,
#   3. stops and removes the service on exit, whatever the outcome.
# It has NOT been run on our build machines: they have no container engine. There it stops at the first check.
set -euo pipefail
cd "$(dirname "$0")/.."

service=sqlserver
project=runtype-sqlserver-tests
password=${MSSQL_SA_PASSWORD:-Runtype-Local-Passw0rd}
health_timeout=${RUNTYPE_SQLSERVER_WAIT_SECONDS:-240}

fail() {
  echo "test-sqlserver: $*" >&2
  exit 2
}

command -v docker >/dev/null 2>&1 ||
  fail "no 'docker' command here. This script needs a container engine with Docker Compose v2; without one, give scripts/test.sh a SQL Server yourself: RUNTYPE_TEST_SQLSERVER=\"Server=...;User Id=...;Password=...;TrustServerCertificate=True\" bash scripts/test.sh"
docker compose version >/dev/null 2>&1 ||
  fail "'docker compose' is not usable (the Compose v2 plugin is missing). Install it, or give scripts/test.sh a SQL Server yourself (see README.md)."
docker info >/dev/null 2>&1 ||
  fail "the container engine is not reachable ('docker info' failed): start it, or give scripts/test.sh a SQL Server yourself (see README.md)."

compose() {
  MSSQL_SA_PASSWORD="$password" docker compose --project-name "$project" --file docker-compose.yml "$@"
}

trap 'echo "Stopping the $service service..."; compose down --volumes --timeout 10 >/dev/null 2>&1 || true' EXIT

echo "Starting the $service service (docker-compose.yml)..."
compose up --detach --build "$service"
container=$(compose ps --quiet "$service")
[ -n "$container" ] || fail "the $service service did not start."

echo "Waiting up to ${health_timeout}s for its health check..."
deadline=$((SECONDS + health_timeout))
until [ "$(docker inspect --format '{{.State.Health.Status}}' "$container")" = healthy ]; do
  if [ "$(docker inspect --format '{{.State.Running}}' "$container")" != true ]; then
    compose logs --tail 50 "$service" >&2 || true
    fail "the $service container stopped before it was healthy (its last log lines are above)."
  fi
  [ "$SECONDS" -lt "$deadline" ] || fail "the $service service was not healthy after ${health_timeout}s."
  sleep 3
done

export RUNTYPE_TEST_SQLSERVER="Server=127.0.0.1,1433;User Id=sa;Password=${password};TrustServerCertificate=True"
bash scripts/test.sh
