#!/bin/sh
# JuliaRun's queue demo on JobHub: the master fills a work queue (files in the job's shared working folder), reports
# its length with `jobhub metrics report`, and the job's process autoscaler grows and shrinks the workers that drain it.
# Every process of the job runs this script; JOBHUB_ROLE says which part it plays. See README.md.
set -eu

ITEMS="${QUEUE_DEMO_ITEMS:-150}"          # work items the master puts in the queue
ITEM_SECONDS="${QUEUE_DEMO_ITEM_SECONDS:-1}" # time one item takes a worker
QUIET_SECONDS="${QUEUE_DEMO_QUIET_SECONDS:-15}" # the master keeps reporting an empty queue this long before it ends
CLI="${QUEUE_DEMO_CLI:-jobhub}"           # how to run the jobhub CLI here ("dotnet /path/to/jobhub.dll" works too)

# All processes of a job on this host start in the same working folder: the queue lives there.
mkdir -p queue inflight done

report() {
    # Inside a job the CLI needs no options: JOBHUB_API_URL, JOBHUB_JOB_ID and JOBHUB_JOB_TOKEN say where and who.
    $CLI metrics report queue_length "$1" >/dev/null || echo "master: could not report the queue length ($1)" >&2
}

if [ "$JOBHUB_ROLE" = "master" ]; then
    i=1
    while [ "$i" -le "$ITEMS" ]; do
        : > "queue/.item-$i" && mv "queue/.item-$i" "queue/item-$i"
        i=$((i + 1))
    done
    echo "master: $ITEMS items queued"
    while :; do
        waiting=$(ls queue | wc -l)
        busy=$(ls inflight | wc -l)
        report "$waiting"
        echo "master: queue_length=$waiting in_progress=$busy done=$(ls done | wc -l)"
        if [ "$waiting" -eq 0 ] && [ "$busy" -eq 0 ]; then
            break
        fi
        sleep 1
    done
    # Drained: an empty queue for a while lets the scaler bring the workers back to its minimum before the job ends.
    end=$(( $(date +%s) + QUIET_SECONDS ))
    while [ "$(date +%s)" -lt "$end" ]; do
        report 0
        sleep 1
    done
    done_items=$(ls done | wc -l)
    workers=$(ls done | sed 's/.*\.w//' | sort -u | wc -l)
    echo "master: all $done_items items done by $workers different workers"
    printf '{"items": %s, "workers": %s}\n' "$done_items" "$workers" > "$JOBHUB_RESULTS_SUMMARY_FILE"
    exit 0
fi

# A worker: take one item at a time (a rename is atomic, so no two workers take the same one) until stopped.
me="$JOBHUB_WORKER_INDEX"
current=""
requeue() {
    # Scaled down (SIGTERM) in the middle of an item: put it back for another worker.
    if [ -n "$current" ] && [ -e "inflight/$current.w$me" ]; then
        mv "inflight/$current.w$me" "queue/$current"
    fi
    exit 0
}
trap requeue TERM INT

# Say when this worker waits for work, so that a shrinking scaler stops idle workers before busy ones.
idle=0
say() {
    if $CLI worker "$1" >/dev/null; then
        echo "worker $me: $1"
    else
        echo "worker $me: could not say it is $1" >&2
    fi
}

echo "worker $me: started"
while :; do
    current=""
    for item in $(ls queue 2>/dev/null | head -n 5); do
        if mv "queue/$item" "inflight/$item.w$me" 2>/dev/null; then
            current="$item"
            break
        fi
    done
    if [ -z "$current" ]; then
        if [ "$idle" -eq 0 ]; then
            say idle
            idle=1
        fi
        sleep 0.5
        continue
    fi
    if [ "$idle" -eq 1 ]; then
        say busy
        idle=0
    fi
    sleep "$ITEM_SECONDS"
    mv "inflight/$current.w$me" "done/$current.w$me"
done
