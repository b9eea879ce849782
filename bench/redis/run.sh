#!/usr/bin/env bash
# Benchmark: the manager's `redis` component against redis-cli, same run.
#
#   bench/redis/run.sh               (BENCH_RUNS=2 BENCH_KEYS=1000000)
#
# Starts two private redis-servers (/usr/bin/redis-server, free ports, own dirs under $BENCH_DIR,
# default /tmp/textloom-bench-redis; stopped at the end, so the shared Redis at 6379 is not loaded):
# "source" filled with $BENCH_KEYS keys of mixed types and TTLs (RedisData.java, fixed seed), and
# an empty "target". Both keep redis-server's defaults (diskless sync, repl-diskless-sync-delay 5 s).
# Each run, ours and the tool interleaved (the order flips every run):
#   backup   ours: the manager's BackupExecutor + RedisSource (replication stream, figures parsed
#                  on the fly) into a new encrypted, zstd-compressed repository on local disk;
#            tool: redis-cli --rdb FILE
#   restore  ours: RestoreExecutor + RedisRestorer into the empty target (FLUSHDB, pipelined
#                  RESTORE ... ABSTTL, then a snapshot of the target and its figures compared);
#            tool: redis-cli --pipe of the same keys as RESTORE commands (made before the runs,
#                  untimed, by DUMP + PTTL of every source key): the bare online load;
#            cold: for reference, a redis-server started on the redis-cli --rdb file, until it
#                  answers PING (not online, so not the target's comparison)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench="${BENCH_DIR:-/tmp/textloom-bench-redis}"
runs="${BENCH_RUNS:-2}"
keys="${BENCH_KEYS:-1000000}"
export BACKUP_PARALLEL_JOBS="${BACKUP_PARALLEL_JOBS:-2}"
mkdir -p "$bench"
# shellcheck source=../driver/driver.sh
source "$root/bench/driver/driver.sh"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pids=()
# start_server NAME PORT [DBFILENAME] : a redis-server on 127.0.0.1:PORT with dir $bench/NAME
start_server() {
  mkdir -p "$bench/$1"
  /usr/bin/redis-server --bind 127.0.0.1 --port "$2" --dir "$bench/$1" --dbfilename "${3:-dump.rdb}" \
    --save "" --appendonly no --logfile "$bench/$1.log" &
  pids+=($!)
}
wait_ping() { until [ "$(redis-cli -p "$1" ping 2>/dev/null)" = PONG ]; do sleep 0.05; done; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$bench/repo" "$bench/source" "$bench/target" "$bench/cold" "$bench/dump.rdb" \
    "$bench/restore.resp" "$bench/classes" "$bench/app"
}
trap cleanup EXIT

driver_setup
src=$(free_port); start_server source "$src"
dst=$(free_port); start_server target "$dst"
wait_ping "$src"; wait_ping "$dst"
# CPU clock ticks of the two redis-servers so far: their CPU during each measurement goes with it (server_cpu=)
server_cpu_ticks() {
  local p
  for p in "${pids[@]}"; do sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }'; done \
    | awk '{ s += $1 } END { print s + 0 }'
}
export REDIS_URL="redis://127.0.0.1:$src/0"
# the manager restores only into servers it is told of (BACKUP_RESTORE_REDIS_HOSTS; the live one by default)
export BACKUP_RESTORE_REDIS_HOSTS="127.0.0.1:$dst"

echo "filling 127.0.0.1:$src with $keys keys" >&2
java -cp "$DRIVER_CP" "$here/RedisData.java" fill "$keys" | redis-cli -p "$src" --pipe >&2
echo "preparing the RESTORE commands for redis-cli --pipe (untimed)" >&2
java -cp "$DRIVER_CP" "$here/RedisData.java" restore-commands "$src" > "$bench/restore.resp"

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), BACKUP_PARALLEL_JOBS=$BACKUP_PARALLEL_JOBS" >> "$results"
echo "data $(redis-cli -p "$src" dbsize) keys, $(redis-cli -p "$src" info keyspace | grep -o 'expires=[0-9]*') with TTL," \
  "used_memory $(redis-cli -p "$src" info memory | grep '^used_memory:' | cut -d: -f2 | tr -d '\r') bytes," \
  "RESTORE commands $(bytes "$bench/restore.resp") bytes" >> "$results"

tool_backup() {
  rm -f "$bench/dump.rdb"
  measure backup redis-cli "$1" redis-cli -p "$src" --rdb "$bench/dump.rdb"
  size stored redis-cli "$1" "$(bytes "$bench/dump.rdb")"
}
check_target() {
  local n; n=$(redis-cli -p "$dst" dbsize)
  [ "$n" = "$(redis-cli -p "$src" dbsize)" ] || { echo "target holds $n keys after $1" >&2; exit 1; }
  redis-cli -p "$dst" flushall > /dev/null
}
ours_restore_and_reset() {
  ours_restore redis "$1" "redis://127.0.0.1:$dst/0"
  check_target "our restore"
}
tool_restore() {
  measure restore redis-cli-pipe "$1" redis-cli -p "$dst" --pipe --pipe-timeout 0 < "$bench/restore.resp"
  check_target "redis-cli --pipe"
}
cold_start() {
  rm -rf "$bench/cold"; mkdir -p "$bench/cold"; cp "$bench/dump.rdb" "$bench/cold/dump.rdb"
  local port; port=$(free_port)
  measure restore cold-start "$1" bash -c "/usr/bin/redis-server --bind 127.0.0.1 --port $port --dir '$bench/cold' \
      --save '' --appendonly no --logfile '$bench/cold.log' & echo \$! > '$bench/cold/pid'
    until [ \"\$(redis-cli -p $port ping 2>/dev/null)\" = PONG ]; do sleep 0.05; done"
  kill "$(cat "$bench/cold/pid")"
  while redis-cli -p "$port" ping > /dev/null 2>&1; do sleep 0.1; done
}

for run in $(seq 1 "$runs"); do
  if [ $((run % 2)) = 1 ]; then
    ours_backup redis "$run"; tool_backup "$run"; ours_restore_and_reset "$run"; tool_restore "$run"
  else
    tool_backup "$run"; ours_backup redis "$run"; tool_restore "$run"; ours_restore_and_reset "$run"
  fi
  cold_start "$run"
done
python3 "$root/bench/driver/report.py" "$results" redis redis-cli redis-cli-pipe cold-start
