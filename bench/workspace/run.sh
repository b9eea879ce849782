#!/usr/bin/env bash
# Benchmark: textloom-backup against restic on the same data, in the same run, back to back.
#
#   bench/workspace/run.sh [workspace|small|s3|all]     (default: all)
#
# Data sets (generated with fixed seeds by Generate.java into $BENCH_DIR, default /tmp/textloom-bench):
#   workspace  ~1 GiB workspace-like tree: 1/3 text, 1/3 JSON, 1/3 incompressible media, ~3000 files
#              ($BENCH_BYTES to change the size)
#   small      200 000 files of 1..6 KiB ($BENCH_SMALL_FILES to change the count)
# Steps, each run for textloom-backup then restic: first backup, unchanged re-backup, re-backup after
# changing 5 % of the files, restore of the last snapshot.
#   s3         the workspace data (generated if missing) backed up to and restored from an S3Proxy on
#              this machine (test-servers' LocalStack, its own JVM, started on a free port and stopped
#              at the end): ours through `s3:http://127.0.0.1:PORT/BUCKET`, restic through its `s3:`
#              backend on the same endpoint, each into its own new bucket
# Prints wall time, CPU time (user + sys), peak RSS (/usr/bin/time), stored bytes (du) and the ratio
# restic/ours (above 1: we are faster / smaller); every line of results.txt carries the load average.
# textloom-backup runs with -Xmx512m (bin/textloom-backup's default heap), so a finished run proves the
# heap stayed within 512 MB. restic is the Debian package, installed here if missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sets="${1:-all}"
bench="${BENCH_DIR:-/tmp/textloom-bench}"
cli="$root/bin/textloom-backup"
mkdir -p "$bench"

if ! command -v restic >/dev/null 2>&1; then
  echo "installing restic (Debian package)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq restic >&2 || { apt-get update -qq && apt-get install -y -qq restic >&2; }
  else sudo apt-get install -y -qq restic >&2; fi
fi
"$cli" --version >/dev/null   # builds backup-cli if needed, outside the timings

export BACKUP_ENCRYPTION_KEY="$("$cli" repo key generate)"
export RESTIC_PASSWORD="benchmark-only-password"
export BACKUP_PARALLEL_JOBS="${BACKUP_PARALLEL_JOBS:-$(nproc)}"
results="$bench/results.txt"
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(restic version | head -1), $("$cli" --version)" >> "$results"

# measure SET STEP TOOL COMMAND... : appends "SET STEP TOOL SECONDS MAXRSS_KB CPU_SECONDS LOAD1" to the results
measure() {
  local set=$1 step=$2 tool=$3; shift 3
  local t load; t=$(mktemp); load=$(cut -d' ' -f1 /proc/loadavg)
  if ! /usr/bin/time -f "%e %M %U %S" -o "$t" "$@" > "$bench/$set-$step-$tool.log" 2>&1; then
    echo "FAILED: $set $step $tool (see $bench/$set-$step-$tool.log)" >&2; tail -5 "$bench/$set-$step-$tool.log" >&2
  fi
  read -r secs rss user sys < <(tail -1 "$t"); rm -f "$t"
  local cpu; cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  echo "$set $step $tool $secs $rss $cpu $load" >> "$results"
  printf '%-10s %-10s %-9s %8.1f s  %6.1f s CPU  %7d MB RSS  load %s\n' "$set" "$step" "$tool" "$secs" "$cpu" \
    "$((rss / 1024))" "$load" >&2
}

stored() { du -sb "$1" | cut -f1; }

run_set() {
  local set=$1 data="$bench/$1-data" ours="$bench/$1-ours" theirs="$bench/$1-restic"
  rm -rf "$data" "$ours" "$theirs" "$bench/$1-restore" "$bench/restic-cache"
  case $set in
    workspace) java "$here/Generate.java" workspace "$data" "${BENCH_BYTES:-1073741824}" >&2 ;;
    small) java "$here/Generate.java" small "$data" "${BENCH_SMALL_FILES:-200000}" >&2 ;;
  esac
  local bytes files; bytes=$(stored "$data"); files=$(find "$data" -type f | wc -l)
  echo "$set data $bytes bytes $files files" >> "$results"
  "$cli" repo init --repo "$ours" >/dev/null
  restic --cache-dir "$bench/restic-cache" -r "$theirs" init >/dev/null
  local r=(restic --cache-dir "$bench/restic-cache" -r "$theirs")
  for step in first unchanged changed; do
    [ "$step" = changed ] && java "$here/Generate.java" mutate "$data" 5 >&2
    measure "$set" "$step" ours "$cli" repo backup --repo "$ours" --type incremental "$data"
    echo "$set stored-$step ours $(stored "$ours")" >> "$results"
    measure "$set" "$step" restic "${r[@]}" backup --host bench "$data"
    echo "$set stored-$step restic $(stored "$theirs")" >> "$results"
  done
  measure "$set" restore ours "$cli" repo restore --repo "$ours" latest --target "$bench/$set-restore"
  rm -rf "$bench/$set-restore"
  measure "$set" restore restic "${r[@]}" restore latest --target "$bench/$set-restore"
  rm -rf "$bench/$set-restore"
}

# run_s3: backup of the workspace data to S3Proxy and restore from it, ours then restic
run_s3() {
  local data="$bench/workspace-data" s3="$bench/s3" port
  [ -d "$data" ] || java "$here/Generate.java" workspace "$data" "${BENCH_BYTES:-1073741824}" >&2
  local launcher="$root/test-servers/launcher/target/classes"
  if [ ! -f "$launcher/com/textloom/backup/testservers/LocalStack.class" ] \
      || [ ! -f "$root/test-servers/s3proxy-runtime/target/classpath.txt" ]; then
    (cd "$root" && { mvn -q -B -o -pl test-servers/launcher,test-servers/s3proxy-runtime -am package -DskipTests || mvn -q -B -pl test-servers/launcher,test-servers/s3proxy-runtime -am package -DskipTests; }) >&2
  fi
  rm -rf "$s3" "$bench/s3-restore"; mkdir -p "$s3"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  export MINIO_ACCESS_KEY=benchaccess MINIO_SECRET_KEY=benchsecret123
  export AWS_ACCESS_KEY_ID=$MINIO_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$MINIO_SECRET_KEY
  setsid -w java -cp "$launcher" "-Dtextloom.servers.dir=$root/test-servers" \
    com.textloom.backup.testservers.LocalStack s3 --port "$port" --data "$s3" --pid-file "$bench/s3.pid" \
    </dev/null >&2
  trap 'stop_s3' EXIT
  local endpoint="http://127.0.0.1:$port" bytes files
  bytes=$(stored "$data"); files=$(find "$data" -type f | wc -l)
  echo "s3 data $bytes bytes $files files" >> "$results"
  "$cli" repo init --repo "s3:$endpoint/bench-ours" >/dev/null
  local r=(restic --cache-dir "$bench/restic-cache-s3" -r "s3:$endpoint/bench-restic")
  rm -rf "$bench/restic-cache-s3"
  "${r[@]}" init >/dev/null
  measure s3 first ours "$cli" repo backup --repo "s3:$endpoint/bench-ours" --type incremental "$data"
  measure s3 first restic "${r[@]}" backup --host bench "$data"
  echo "s3 stored-first ours $(stored "$s3/blobs/bench-ours")" >> "$results"
  echo "s3 stored-first restic $(stored "$s3/blobs/bench-restic")" >> "$results"
  measure s3 restore ours "$cli" repo restore --repo "s3:$endpoint/bench-ours" latest --target "$bench/s3-restore"
  rm -rf "$bench/s3-restore"
  # restic keeps the local cache of metadata its backup filled (ours keeps none): left as it is
  measure s3 restore restic "${r[@]}" restore latest --target "$bench/s3-restore"
  rm -rf "$bench/s3-restore"
  stop_s3
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$s3"
}

stop_s3() {
  if [ -f "$bench/s3.pid" ]; then
    kill "$(cat "$bench/s3.pid")" 2>/dev/null || true
    rm -f "$bench/s3.pid"
  fi
}

case $sets in
  all) run_set workspace; run_s3; run_set small ;;
  workspace|small) run_set "$sets" ;;
  s3) run_s3 ;;
  *) echo "usage: $0 [workspace|small|s3|all]" >&2; exit 2 ;;
esac
python3 "$here/report.py" "$results"
