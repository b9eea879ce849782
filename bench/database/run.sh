#!/usr/bin/env bash
# Benchmark: the manager's `database` component against plain pg_dump / pg_restore, same run.
#
#   bench/database/run.sh            (BENCH_RUNS=2 BENCH_SCALE=50 BENCH_TEXT_BYTES=300000000)
#
# Data: database textloom_bench on the PostgreSQL at $PGHOST:$PGPORT (default 127.0.0.1:5432, user
# postgres): `pgbench -i -s $BENCH_SCALE` plus bench_documents, ~$BENCH_TEXT_BYTES of prose-like
# rows (TextRows.java, fixed seed). Each run, ours and the tool interleaved (the order flips every
# run, so load hits both alike):
#   backup   ours: the manager's BackupExecutor + PostgresSource (pg_dump -Fc -Z0 --snapshot, table
#                  figures in the same snapshot) into a new encrypted, zstd-compressed repository
#                  on local disk;  tool: pg_dump -Fc (zlib) to a file
#   restore  ours: RestoreExecutor + PostgresRestorer (CREATE DATABASE, pg_restore --jobs 2, figures
#                  recomputed and compared) into a new database;
#            tool: createdb + pg_restore --jobs 2 of that pg_dump file into a new database
# Work files under $BENCH_DIR (default /tmp/textloom-bench-database); the databases and files are
# removed at the end (BENCH_KEEP=1 keeps them; BENCH_REUSE=1 then reuses textloom_bench as it is).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench="${BENCH_DIR:-/tmp/textloom-bench-database}"
runs="${BENCH_RUNS:-2}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db=textloom_bench
export DATABASE_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/$db"
export BACKUP_PARALLEL_JOBS="${BACKUP_PARALLEL_JOBS:-2}"
mkdir -p "$bench"
# shellcheck source=../driver/driver.sh
source "$root/bench/driver/driver.sh"

# CPU clock ticks of the PostgreSQL server so far: the postmaster's own and those of the children it reaped, plus
# those of its live children (backends, background processes); the difference over a measurement is the server's
# CPU for it (other clients of the same server included)
server_cpu_ticks() {
  local pm
  pm=$(ps -C postgres -o pid=,ppid= | awk 'NR == FNR { pg[$1] = 1; next } !($2 in pg) { print $1; exit }' \
    <(ps -C postgres -o pid=) -)
  { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat"
    for c in $(ps --ppid "$pm" -o pid=); do awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null || true; done
  } | awk '{ s += $1 } END { print s }'
}
sql() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -d "${2:-postgres}" -Atc "$1"; }
dropdbs() {
  for d in "$db" "${db}_ours" "${db}_tool"; do sql "DROP DATABASE IF EXISTS $d WITH (FORCE)"; done
}
cleanup() {
  [ "${BENCH_KEEP:-0}" = 1 ] && return
  dropdbs || true
  rm -rf "$bench/repo" "$bench/dump.pgdump" "$bench/classes" "$bench/app"
}
trap cleanup EXIT

driver_setup
if [ "${BENCH_REUSE:-0}" = 1 ] && [ "$(sql "SELECT count(*) FROM pg_database WHERE datname = '$db'")" = 1 ]; then
  echo "reusing $db" >&2
  for d in "${db}_ours" "${db}_tool"; do sql "DROP DATABASE IF EXISTS $d WITH (FORCE)"; done
else
  dropdbs
  echo "creating $db: pgbench -i -s ${BENCH_SCALE:-50} and bench_documents" >&2
  sql "CREATE DATABASE $db"
  pgbench -i -q -s "${BENCH_SCALE:-50}" "$db" >&2
  sql "CREATE TABLE bench_documents (id bigint PRIMARY KEY, title text NOT NULL, body text NOT NULL,
       tags text[], meta jsonb, created_at timestamptz NOT NULL)" "$db"
  java "$here/TextRows.java" "${BENCH_TEXT_BYTES:-300000000}" \
    | psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "COPY bench_documents FROM STDIN"
  sql "CREATE INDEX ON bench_documents (created_at)" "$db"
  psql -X -q -d "$db" -c "VACUUM ANALYZE" >&2
fi

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$(psql -X -Atc 'SHOW server_version' | cut -d' ' -f1), BACKUP_PARALLEL_JOBS=$BACKUP_PARALLEL_JOBS" >> "$results"
echo "data database $(sql "SELECT pg_database_size('$db')") bytes" \
  "$(sql "SELECT sum(n_live_tup) FROM pg_stat_user_tables" "$db") rows" \
  "$(sql "SELECT pg_total_relation_size('bench_documents')" "$db") text_table_bytes" >> "$results"

tool_backup() {
  rm -f "$bench/dump.pgdump"
  measure backup pg_dump "$1" pg_dump --format=custom --no-password --file="$bench/dump.pgdump" "$db"
  size stored pg_dump "$1" "$(bytes "$bench/dump.pgdump")"
}
ours_restore_and_reset() {
  ours_restore database "$1" "${db}_ours"
  sql "DROP DATABASE ${db}_ours WITH (FORCE)"
}
tool_restore() {
  measure restore pg_restore "$1" bash -c "createdb -T template0 ${db}_tool \
    && pg_restore --jobs=2 --exit-on-error --no-password --dbname=${db}_tool '$bench/dump.pgdump'"
  sql "DROP DATABASE ${db}_tool WITH (FORCE)"
}

for run in $(seq 1 "$runs"); do
  if [ $((run % 2)) = 1 ]; then
    ours_backup database "$run"; tool_backup "$run"; ours_restore_and_reset "$run"; tool_restore "$run"
  else
    tool_backup "$run"; ours_backup database "$run"; tool_restore "$run"; ours_restore_and_reset "$run"
  fi
done
python3 "$root/bench/driver/report.py" "$results" database pg_dump pg_restore
