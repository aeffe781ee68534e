#!/usr/bin/env bash
# Regenerates docs/benchmarks.md: builds Release, starts a throwaway PostgreSQL (installing it and wrk if missing),
# runs every scenario for N rounds (default 3) and writes the report. Usage: bash bench/run.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
trap stop_postgres EXIT
start_postgres
command -v wrk >/dev/null || { echo "Installing wrk from Debian's packages..."; apt_install wrk; }
dotnet build bench/Runtype.Bench --configuration Release
dotnet bench/Runtype.Bench/bin/Release/net10.0/Runtype.Bench.dll --rounds "${1:-3}" --out docs/benchmarks.md
