#!/usr/bin/env bash
# Holds half the measured maximum create-message throughput against PostgreSQL for M minutes (default 10) and
# writes docs/soak.md and docs/soak.svg: error rate, p99 latency and server memory over time. Not run by CI.
# Usage: bash bench/soak.sh [minutes]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
trap stop_postgres EXIT
start_postgres
dotnet build bench/Runtype.Bench --configuration Release
dotnet bench/Runtype.Bench/bin/Release/net10.0/Runtype.Bench.dll soak --minutes "${1:-10}" --out docs/soak.md
