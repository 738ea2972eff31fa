#!/usr/bin/env bash
# Idempotent local PostgreSQL for JobHub development and tests. Run as root.
# Installs PostgreSQL from Debian packages if missing, starts the cluster if it is down,
# creates role 'jobhub' (password 'jobhub', CREATEDB) and database 'jobhub', then prints
# the connection string the tests read from JOBHUB_TEST_POSTGRES.
set -euo pipefail

if [[ $(id -u) -ne 0 ]]; then
  echo "scripts/postgres.sh must run as root (it installs packages and starts the cluster)." >&2
  exit 1
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq postgresql
fi

# Pick the newest installed major version that has a 'main' cluster (pg_lsclusters -h: ver cluster port status ...).
version=$(pg_lsclusters -h | awk '$2 == "main" { print $1 }' | sort -V | tail -n 1)
if [[ -z "${version}" ]]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  pg_createcluster "${version}" main >/dev/null
fi

if ! pg_lsclusters -h | awk -v v="${version}" '$1 == v && $2 == "main" { print $4 }' | grep -q online; then
  pg_ctlcluster "${version}" main start
fi

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -tAc \"$1\""; }

# Wait (bounded) until the server accepts connections.
for _ in $(seq 1 30); do
  if su postgres -c "pg_isready -q" >/dev/null 2>&1; then break; fi
  sleep 1
done

if ! psql_admin "SELECT 1 FROM pg_roles WHERE rolname = 'jobhub'" | grep -q 1; then
  psql_admin "CREATE ROLE jobhub WITH LOGIN PASSWORD 'jobhub' CREATEDB" >/dev/null
fi

if ! psql_admin "SELECT 1 FROM pg_database WHERE datname = 'jobhub'" | grep -q 1; then
  su postgres -c "createdb -O jobhub jobhub"
fi

# Loopback only: TLS would cost the silos more CPU than their grain work (benchmarks/README.md).
echo "Host=127.0.0.1;Port=5432;Username=jobhub;Password=jobhub;Database=jobhub;SSL Mode=Disable"
