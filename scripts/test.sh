#!/usr/bin/env bash
# Runs JobHub's whole test suite on a fresh Debian machine with the .NET 10 SDK.
# It installs and starts what the tests need (PostgreSQL, idempotently), builds the solution,
# runs every test project, and ends with one line "N passed, N failed" summed from the TRX files.
# Exit status: non-zero if any test failed, the build failed, or no test ran at all.
set -uo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) -eq 0 ]]; then
  JOBHUB_TEST_POSTGRES=$(scripts/postgres.sh | tail -n 1) || { echo "PostgreSQL could not be set up." >&2; exit 1; }
else
  JOBHUB_TEST_POSTGRES=$(sudo scripts/postgres.sh | tail -n 1) || { echo "PostgreSQL could not be set up (needs root)." >&2; exit 1; }
fi
export JOBHUB_TEST_POSTGRES

# docker-compose.yml is validated by a test (`docker-compose config`); no Docker engine is needed for that.
if ! command -v docker-compose >/dev/null 2>&1; then
  as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=600 install -y -qq docker-compose >/dev/null \
    || { echo "docker-compose could not be installed." >&2; exit 1; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Orleans.sln -c Debug -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; echo "The build failed." >&2; exit 1; }

results=TestResults/$(date +%Y%m%d-%H%M%S)
mkdir -p "$results"
# One test project at a time (-m:1): several suites measure time (failure detection, timeouts,
# batching), and on a 2-core machine projects running side by side would starve each other.
dotnet test Orleans.sln -c Debug --no-build --nologo -m:1 --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false
status=$?

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(grep -o ' passed="[0-9]*"' <<<"$counters" | grep -o '[0-9]*')
  f=$(grep -o ' failed="[0-9]*"' <<<"$counters" | grep -o '[0-9]*')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

echo "${passed} passed, ${failed} failed"
if [[ $status -ne 0 || $failed -ne 0 ]]; then
  exit 1
fi
if [[ $passed -eq 0 ]]; then
  echo "No test ran." >&2
  exit 1
fi
