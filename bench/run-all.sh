#!/usr/bin/env bash
# Every benchmark of issue #12, then one table of ratios against the issue's goals and a plot.
#
#   bench/run-all.sh                 (BENCH_ROOT=/tmp/textloom-bench-all; BENCH_ONLY="workspace s3 small database redis")
#
# Runs, one after the other, each with its own work directory under $BENCH_ROOT:
#   bench/workspace/run.sh workspace   1 GiB workspace: first, unchanged, 5 % changed, restore (local)
#   bench/workspace/run.sh s3          the same data to and from S3Proxy on this machine
#   bench/workspace/run.sh small       200 000 small files
#   bench/database/run.sh              database backup and restore (needs PostgreSQL, pg_dump, pg_restore)
#   bench/redis/run.sh                 Redis backup and online restore (needs redis-server, redis-cli)
# A benchmark whose tools are missing is skipped and its goals show "not run". Then
# bench/goals.py prints the table (with the load average of every measurement) to stdout and
# writes it as $BENCH_ROOT/goals.md, and the plot (time per step, ours beside the other tool) as
# $BENCH_ROOT/goals.svg. Not run here: the 10 GiB / 1 M files scale run (see bench/README.md).
# Wall-clock figures mean something only on an idle machine: the table says the load.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${BENCH_ROOT:-/tmp/textloom-bench-all}"
only=" ${BENCH_ONLY:-workspace s3 small database redis} "
mkdir -p "$out"
echo "# run-all $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" > "$out/run-all.txt"

step() {  # step NAME COMMAND... : runs a benchmark, noting a failure without stopping the others
  local name=$1; shift
  [[ $only == *" $name "* ]] || return 0
  echo "== $name ($(date -u +%T), load $(cut -d' ' -f1 /proc/loadavg))" >&2
  if "$@" > "$out/$name.out" 2>&1; then echo "$name ok" >> "$out/run-all.txt"
  else echo "$name FAILED (see $out/$name.out)" | tee -a "$out/run-all.txt" >&2; fi
}
have() { command -v "$1" >/dev/null 2>&1; }

for set in workspace s3 small; do
  BENCH_DIR="$out/workspace" step "$set" "$here/workspace/run.sh" "$set"
done
if have pg_dump && have pg_restore && have pgbench; then
  BENCH_DIR="$out/database" step database "$here/database/run.sh"
else echo "database skipped: pg_dump / pg_restore / pgbench missing" | tee -a "$out/run-all.txt" >&2; fi
if [ -x /usr/bin/redis-server ] && have redis-cli; then
  BENCH_DIR="$out/redis" step redis "$here/redis/run.sh"
else echo "redis skipped: redis-server / redis-cli missing" | tee -a "$out/run-all.txt" >&2; fi

python3 "$here/goals.py" "$out"
