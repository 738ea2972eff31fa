#!/usr/bin/env bash
# Starts JobHub as the embedded single silo: SQLite under ./data, REST API on http://127.0.0.1:5080.
# Extra arguments pass through, e.g. --urls http://127.0.0.1:6000 or --JobHub:Silo:DataDirectory /var/lib/jobhub.
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run --project silo -c Release -- --JobHub:Silo:DataDirectory "$(pwd)/data" "$@"
