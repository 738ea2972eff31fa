#!/bin/sh
# Submits the queue demo and follows it to its end (exit 0 when the job completed). See README.md.
# JOBHUB: how to run the CLI (default: build and run it from this repository); its path is handed to the job too,
# so the master can report the queue length with it. Extra arguments are passed to `jobhub submit`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ -z "${JOBHUB:-}" ]; then
    dotnet build "$root/client/JobHub.Cli" -nologo -v quiet -clp:ErrorsOnly >&2
    JOBHUB="dotnet $root/client/JobHub.Cli/bin/Debug/net10.0/jobhub.dll"
fi

exec $JOBHUB submit --name queue-demo \
    --bundle "$here" --entry queue-demo.sh \
    --pool elastic --nodes 1 --processes-per-node 11 --vcpu 0.1 --memory 64 --time-limit 10m \
    --scaler-metric queue_length --scaler-target-per-worker 10 --scaler-min 1 --scaler-max 10 \
    --scaler-window 3s --scaler-cooldown 2s --scaler-step 4 \
    --env "QUEUE_DEMO_CLI=$JOBHUB" \
    "$@"
