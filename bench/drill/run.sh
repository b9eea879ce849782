#!/usr/bin/env bash
# Drill: database_failure, redis_failure and full_disaster drilled on the benchmark data through the real
# services, printing the measured RTO against the guide's targets (故障场景和恢复时间) with each step's share.
#
#   bench/drill/run.sh                 (SCALE=full: the benchmarks' sizes, tens of minutes on 2 cores)
#   SCALE=small bench/drill/run.sh     (a few minutes)
#
# What it starts, all private (free ports, data under $BENCH_DIR, default /tmp/textloom-bench-drill) and all
# stopped at the end: a Kafka broker and S3Proxy (test-servers' LocalStack), a redis-server, the packaged
# backup-manager and disaster-recovery (prod mode, each in its own directory with its .env.backup).
# Data (the benchmarks' generators, fixed seeds):
#   database  textloom_drill on the PostgreSQL at $PGHOST:$PGPORT (default postgres@127.0.0.1:5432): pgbench -i -s N
#             plus bench_documents (bench/database/TextRows.java)            full: -s 50 + 300 MB; small: -s 5 + 20 MB
#   redis     db 0 of the private server (bench/redis/RedisData.java)        full: 1 000 000 keys; small: 100 000
#   workspace a workspace-like tree (bench/workspace/Generate.java)          full: 1 GiB; small: 64 MiB
#   logs      a few log files
# The manager's only repository is a bucket on S3Proxy (BACKUP_REPOSITORY=s3:...): one full backup, then one drill
# per scenario (scratch database, spare Redis db 15, BACKUP_DR_DRILL_DIR; cleaned up by the drill itself).
# Then the bare tools on the same data (pg_restore, redis-server loading an RDB, restic restore: see below).
# Figures: $BENCH_DIR/drill-<scenario>.json (the drill reports), $BENCH_DIR/bare.json and the tables printed at the
# end (measured RTO against the guide's targets; each step's share; the drill against the bare tools).
# Needs: java 17, python3, redis-server / redis-cli, pgbench / psql; builds the two services once
# (mvn -q package -DskipTests) when they are not packaged. BENCH_KEEP=1 keeps the data and work files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench="${BENCH_DIR:-/tmp/textloom-bench-drill}"
scale="${SCALE:-full}"
case "$scale" in
  full) pg_scale=50 text_bytes=300000000 keys=1000000 ws_bytes=1073741824 ;;
  small) pg_scale=5 text_bytes=20000000 keys=100000 ws_bytes=67108864 ;;
  *) echo "SCALE must be full or small" >&2; exit 2 ;;
esac
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db=textloom_drill
umask 077
mkdir -p "$bench"
log() { printf '%s %s\n' "$(date -u +%T)" "$*" >&2; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
sql() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -d "${2:-postgres}" -Atc "$1"; }

pids=()
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for f in "$bench/kafka.pid" "$bench/s3.pid"; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
  [ -n "${rport:-}" ] && redis-cli -p "$rport" shutdown nosave >/dev/null 2>&1
  [ -n "${bport:-}" ] && redis-cli -p "$bport" shutdown nosave >/dev/null 2>&1
  sleep 2
  for d in $(sql "SELECT datname FROM pg_database WHERE datname LIKE '${db}%'" 2>/dev/null); do
    sql "DROP DATABASE IF EXISTS \"$d\" WITH (FORCE)"
  done
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$bench/kafka" "$bench/s3" "$bench/redis" "$bench/app-data" "$bench/restore" \
    "$bench/backup-manager" "$bench/disaster-recovery" "$bench/dr-state" "$bench/apps" "$bench/bare"
}
trap cleanup EXIT

# --- the services, packaged once ---------------------------------------------------------------------
for m in backup-manager disaster-recovery; do
  if [ ! -f "$root/$m/target/quarkus-app/quarkus-run.jar" ]; then
    log "packaging $m (once)"
    (cd "$root" && mvn -B -q -pl "$m" -am package -DskipTests) >&2
  fi
done
# copies, so that rebuilding while the drill runs does not change the code under test
rm -rf "$bench/apps"; mkdir -p "$bench/apps"
for m in backup-manager disaster-recovery; do cp -r "$root/$m/target/quarkus-app" "$bench/apps/$m"; done
manager_cp="$(ls "$bench"/apps/backup-manager/app/*.jar "$bench"/apps/backup-manager/lib/boot/*.jar \
  "$bench"/apps/backup-manager/lib/main/*.jar | tr '\n' ':')"
[ -f "$root/test-servers/launcher/target/classes/com/textloom/backup/testservers/LocalStack.class" ] \
  || (cd "$root" && mvn -B -q -pl test-servers/launcher -am package -DskipTests) >&2

echo "# $(date -u +%FT%TZ) SCALE=$scale $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM; uptime:$(uptime)" \
  | tee "$bench/machine.txt" >&2

# --- Kafka, S3Proxy, Redis -------------------------------------------------------------------------------
export MINIO_ACCESS_KEY="drill-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export MINIO_SECRET_KEY="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')"
kport=$(free_port); cport=$(free_port); sport=$(free_port); rport=$(free_port); mport=$(free_port); dport=$(free_port)
launcher=(java -cp "$root/test-servers/launcher/target/classes" "-Dtextloom.servers.dir=$root/test-servers"
          com.textloom.backup.testservers.LocalStack)
rm -rf "$bench/kafka" "$bench/s3" "$bench/redis" "$bench/app-data" "$bench/restore" "$bench/dr-state"
log "starting Kafka on $kport and S3Proxy on $sport"
"${launcher[@]}" kafka --port "$kport" --controller-port "$cport" --data "$bench/kafka" --pid-file "$bench/kafka.pid" >&2 &
k=$!
"${launcher[@]}" s3 --port "$sport" --data "$bench/s3" --pid-file "$bench/s3.pid" >&2 &
s=$!
mkdir -p "$bench/redis"
redis-server --bind 127.0.0.1 --port "$rport" --dir "$bench/redis" --save "" --appendonly no \
  --logfile "$bench/redis/redis.log" --daemonize yes --pidfile "$bench/redis/redis.pid"
until [ "$(redis-cli -p "$rport" ping 2>/dev/null)" = PONG ]; do sleep 0.1; done
wait "$k"; wait "$s"

# --- data ------------------------------------------------------------------------------------------------
t0=$(date +%s)
log "database $db: pgbench -i -s $pg_scale and $text_bytes bytes of documents"
for d in $(sql "SELECT datname FROM pg_database WHERE datname LIKE '${db}%'"); do sql "DROP DATABASE \"$d\" WITH (FORCE)"; done
sql "CREATE DATABASE $db"
pgbench -i -q -s "$pg_scale" "$db" >&2 2>/dev/null
sql "CREATE TABLE bench_documents (id bigint PRIMARY KEY, title text NOT NULL, body text NOT NULL,
     tags text[], meta jsonb, created_at timestamptz NOT NULL)" "$db"
java "$root/bench/database/TextRows.java" "$text_bytes" | psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "COPY bench_documents FROM STDIN"
psql -X -q -d "$db" -c "VACUUM ANALYZE" >&2
log "redis: $keys keys in db 0"
java -cp "$manager_cp" "$root/bench/redis/RedisData.java" fill "$keys" | redis-cli -p "$rport" --pipe >/dev/null
log "workspace: $ws_bytes bytes; logs"
mkdir -p "$bench/app-data/logs" "$bench/restore"
java "$root/bench/workspace/Generate.java" workspace "$bench/app-data/workspace" "$ws_bytes" >&2
for i in 1 2 3; do seq 1 20000 | sed "s/^/2026-12-03 12:00:00 INFO textloom request /" > "$bench/app-data/logs/textloom.$i.log"; done
echo "data: database $(sql "SELECT pg_size_pretty(pg_database_size('$db'))"), redis $(redis-cli -p "$rport" dbsize) keys" \
  "($(redis-cli -p "$rport" info memory | grep '^used_memory_human:' | cut -d: -f2 | tr -d '\r')), workspace" \
  "$(du -sh "$bench/app-data/workspace" | cut -f1) in $(find "$bench/app-data/workspace" -type f | wc -l) files;" \
  "made in $(( $(date +%s) - t0 )) s" | tee -a "$bench/machine.txt" >&2

# --- the services ----------------------------------------------------------------------------------------
api_key="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')"
export DRILL_API_KEY="$api_key"
common="KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$kport
DATABASE_URL=postgresql://$PGUSER@$PGHOST:$PGPORT/$db
REDIS_URL=redis://127.0.0.1:$rport/0
TEXTLOOM_WORKSPACE_DIR=$bench/app-data/workspace
TEXTLOOM_LOG_DIR=$bench/app-data/logs
BACKUP_REPOSITORY=s3:http://127.0.0.1:$sport/textloom-drill
MINIO_ACCESS_KEY=$MINIO_ACCESS_KEY
MINIO_SECRET_KEY=$MINIO_SECRET_KEY
BACKUP_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')
BACKUP_API_KEY=drill=$api_key
BACKUP_EVENT_SIGNING_KEY=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
BACKUP_RESTORE_ROOTS=$bench/restore
BACKUP_MANAGER_URL=http://127.0.0.1:$mport"
start_service() { # NAME PORT EXTRA-ENV
  local dir="$bench/$1"
  rm -rf "$dir"; mkdir -p "$dir"
  printf '%s\n%s\n' "$common" "$3" > "$dir/.env.backup"
  (cd "$dir" && QUARKUS_HTTP_PORT="$2" QUARKUS_HTTP_HOST=127.0.0.1 exec java -Xmx768m \
      -jar "$bench/apps/$1/quarkus-run.jar" > "$dir/stdout.log" 2>&1) &
  pids+=($!)
}
log "starting backup-manager on $mport and disaster-recovery on $dport"
start_service backup-manager "$mport" ""
start_service disaster-recovery "$dport" "BACKUP_DR_DRILL_REDIS_DB=15
BACKUP_DR_DRILL_DIR=$bench/restore/drill
BACKUP_DR_STATE_DIR=$bench/dr-state"
python3 "$here/drill.py" ready "http://127.0.0.1:$mport" 240
python3 "$here/drill.py" ready "http://127.0.0.1:$dport" 240

# --- a full backup, then the drills ---------------------------------------------------------------------------
log "full backup through the manager"
python3 "$here/drill.py" backup "http://127.0.0.1:$mport" | tee -a "$bench/machine.txt" >&2
for scenario in database_failure redis_failure full_disaster; do
  log "drill $scenario"
  python3 "$here/drill.py" drill "http://127.0.0.1:$dport" "$scenario" "$bench/drill-$scenario.json" >&2
done
echo "# after the drills, uptime:$(uptime)" | tee -a "$bench/machine.txt" >&2

# --- the bare tools on the same data: what an operator would run by hand ------------------------------------
# database  pg_dump -Fc to a local file, then the timed part: pg_restore --jobs=2 (the manager's default
#           BACKUP_PARALLEL_JOBS) into a new empty database
# redis     redis-cli --rdb, then the timed part: a fresh redis-server loading that file until it answers (what
#           a recovery of a server that is down does: the cold start); and, as the drill restores, online into a
#           spare db of the live server: redis-cli --pipe of RESTORE commands made beforehand (bench/redis's tool)
# workspace restic 0.14 backup of the workspace and logs to its own bucket on the same S3Proxy, then the timed
#           part: restic restore (skipped when restic is not installed)
# Figures: $bench/bare.json, compared with each drill's restore steps and measured RTO by drill.py report.
bare="$bench/bare"; rm -rf "$bare"; mkdir -p "$bare"
now() { python3 -c 'import time; print(time.time())'; }
since() { python3 -c "import sys, time; print(round(time.time() - float(sys.argv[1]), 2))" "$1"; }
log "bare tools: pg_dump -Fc, then pg_restore --jobs=2 into ${db}_bare"
pg_dump -Fc -f "$bare/db.dump" "$db"
sql "CREATE DATABASE ${db}_bare"
t=$(now); pg_restore --jobs=2 --exit-on-error -d "${db}_bare" "$bare/db.dump"; bare_db=$(since "$t")
log "bare tools: redis-cli --rdb, then a redis-server loading it"
redis-cli -p "$rport" --rdb "$bare/dump.rdb" >/dev/null
bport=$(free_port)
t=$(now)
redis-server --bind 127.0.0.1 --port "$bport" --dir "$bare" --dbfilename dump.rdb --save "" --appendonly no \
  --logfile "$bare/redis.log" --daemonize yes --pidfile "$bare/redis.pid"
until [ "$(redis-cli -p "$bport" ping 2>/dev/null)" = PONG ] \
   && redis-cli -p "$bport" info persistence 2>/dev/null | grep -q '^loading:0'; do sleep 0.05; done
bare_redis=$(since "$t")
bare_keys=$(redis-cli -p "$bport" dbsize)
redis-cli -p "$bport" shutdown nosave >/dev/null 2>&1 || true
log "bare tools: redis-cli --pipe of RESTORE commands into db 14 of the live server (the drill's kind of restore)"
java -cp "$manager_cp" "$root/bench/redis/RedisData.java" restore-commands "$rport" > "$bare/restore.resp"
t=$(now); redis-cli -p "$rport" -n 14 --pipe --pipe-timeout 0 < "$bare/restore.resp" >/dev/null
bare_online=$(since "$t")
rm -f "$bare/restore.resp"; redis-cli -p "$rport" -n 14 flushdb >/dev/null
bare_ws=null
if command -v restic >/dev/null 2>&1; then
  log "bare tools: restic backup of the workspace and logs to S3Proxy, then restic restore"
  export AWS_ACCESS_KEY_ID="$MINIO_ACCESS_KEY" AWS_SECRET_ACCESS_KEY="$MINIO_SECRET_KEY"
  export RESTIC_REPOSITORY="s3:http://127.0.0.1:$sport/restic-bare" RESTIC_PASSWORD="$api_key"
  restic init -q >/dev/null
  restic backup -q "$bench/app-data/workspace" "$bench/app-data/logs" >/dev/null
  t=$(now); restic restore -q latest --target "$bare/restic-restore" >/dev/null; bare_ws=$(since "$t")
fi
printf '{"database_s": %s, "redis_s": %s, "redis_online_s": %s, "redis_keys": %s, "workspace_and_logs_s": %s, "restic": "%s"}\n' \
  "$bare_db" "$bare_redis" "$bare_online" "$bare_keys" "$bare_ws" "$(restic version 2>/dev/null | cut -d' ' -f2)" > "$bare/../bare.json"
echo "# bare tools done, uptime:$(uptime)" | tee -a "$bench/machine.txt" >&2
cat "$bench/machine.txt"
python3 "$here/drill.py" report "$bench/drill-database_failure.json" "$bench/drill-redis_failure.json" \
  "$bench/drill-full_disaster.json" --bare "$bench/bare.json"
