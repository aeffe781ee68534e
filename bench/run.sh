#!/usr/bin/env bash
# Regenerates docs/benchmarks.md: builds Release, starts a throwaway PostgreSQL (installing it and wrk if missing) and,
# when the email scenario runs, Dovecot and Exim (scripts/mail.sh, installing them if missing; needs root), runs every
# scenario (or those named, comma-separated) for N rounds (default 3) and writes the report.
# Usage: bash bench/run.sh [rounds] [scenarios]      e.g. bash bench/run.sh 3 email
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
source scripts/mail.sh
trap 'stop_postgres; stop_mail' EXIT
start_postgres
only=()
if [ -n "${2:-}" ]; then only=(--only "$2"); fi
case ",${2:-email}," in *,email,*) start_mail ;; esac
command -v wrk >/dev/null || { echo "Installing wrk from Debian's packages..."; apt_install wrk; }
dotnet build bench/Runtype.Bench --configuration Release
dotnet bench/Runtype.Bench/bin/Release/net10.0/Runtype.Bench.dll --rounds "${1:-3}" --out docs/benchmarks.md "${only[@]}"
