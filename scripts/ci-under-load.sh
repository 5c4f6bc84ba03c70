#!/usr/bin/env bash
# Runs `bash .ci/run` on N fresh clones of this repository, one after the
# other, with a CPU hog (`yes > /dev/null`) running alongside the whole time:
# the check that the suite stays green on a busy 2-core machine (issue 13).
# Each clone gets `shared/` beside it, as CI has. Prints one line per run.
#   bash scripts/ci-under-load.sh [runs=3] [workdir=/tmp/ci-under-load]
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
work=${2:-/tmp/ci-under-load}
shared=$(cd "$repo/.." && pwd)/shared
rev=$(git -C "$repo" rev-parse --short HEAD)
yes > /dev/null &
hog=$!
trap 'kill $hog 2>/dev/null' EXIT
for i in $(seq 1 "$runs"); do
  d="$work/$i"
  rm -rf "$d" && mkdir -p "$d"
  git clone -q "$repo" "$d/pipelock" && git -C "$d/pipelock" checkout -q "$rev"
  [ -d "$shared" ] && ln -s "$shared" "$d/shared"
  start=$SECONDS
  (cd "$d/pipelock" && CI=true bash .ci/run < /dev/null > "$d/run.log" 2>&1)
  rc=$?
  echo "run $i of $rev: exit $rc, $((SECONDS - start)) s, load $(cut -d' ' -f1-3 /proc/loadavg), $(tail -n 1 "$d/run.log")"
done
