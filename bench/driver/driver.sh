# Sourced by bench/database/run.sh and bench/redis/run.sh: runs the manager's own backup and restore
# code (ManagerDriver.java, on the packaged backup-manager's jars) and times commands.
#
# Needs: $root (the repository root) and $bench (the work directory) set by the caller.
# Results are appended to $bench/results.txt, one line per measurement:
#   STEP TOOL RUN SECONDS WALL_SECONDS PEAK_RSS_KB LOAD1 [RESULT FIELDS...] cpu=S [servers_cpu=S]
# cpu= is the command's user + system CPU seconds; servers_cpu= those of the processes in $SERVER_PIDS (the
# servers the caller started) during the command.
# SECONDS is what the ratio uses: for ours the executor's own time (the service is long-running, so
# JVM start-up is not part of a backup it runs; WALL_SECONDS includes it), for a tool its wall time.

app="$root/backup-manager/target/quarkus-app"
results="$bench/results.txt"

# Builds backup-manager once if it is not packaged yet, compiles the driver; then
# "${DRIVER[@]}" ARGS... runs it.
driver_setup() {
  if [ ! -f "$app/quarkus-run.jar" ]; then
    echo "packaging backup-manager (once)" >&2
    (cd "$root" && mvn -B -q -pl backup-manager -am package -DskipTests) >&2
  fi
  # a copy, so that rebuilding backup-manager while a benchmark runs does not change the code under test
  rm -rf "$bench/app" && cp -r "$app" "$bench/app"
  DRIVER_CP="$bench/classes:$(ls "$bench"/app/app/*.jar "$bench"/app/lib/boot/*.jar "$bench"/app/lib/main/*.jar | tr '\n' ':')"
  mkdir -p "$bench/classes"
  javac -nowarn -d "$bench/classes" -cp "$DRIVER_CP" "$root/bench/driver/ManagerDriver.java"
  # the manager as the service runs it, with the heap bin/textloom-backup gives the CLI
  # BENCH_JAVA_OPTS: more JVM options for our runs (a profile: "-XX:StartFlightRecording=filename=$bench/%p.jfr")
  # shellcheck disable=SC2206
  DRIVER=(java -Xmx512m ${BENCH_JAVA_OPTS:-} -Dorg.jboss.logging.provider=jdk -cp "$DRIVER_CP" ManagerDriver)
  export BACKUP_ENCRYPTION_KEY="${BACKUP_ENCRYPTION_KEY:-$("${DRIVER[@]}" key)}"
}

load1() { cut -d' ' -f1 /proc/loadavg; }

# measure STEP TOOL RUN COMMAND... : runs COMMAND under /usr/bin/time, its output in
# $bench/STEP-TOOL-RUN.log; a "RESULT seconds ..." line printed by the command gives SECONDS and the
# result fields, else SECONDS is the wall time. Sets MEASURED (the RESULT fields) for the caller.
measure() {
  local step=$1 tool=$2 run=$3; shift 3
  local log="$bench/$step-$tool-$run.log" t load wall rss secs
  local user sys cpu servers0 servers1 servers=""
  t=$(mktemp); load=$(load1); servers0=$(servers_ticks)
  if ! /usr/bin/time -f "%e %M %U %S" -o "$t" "$@" > "$log" 2>&1; then
    echo "FAILED: $step $tool run $run (see $log)" >&2; tail -5 "$log" >&2; rm -f "$t"; return 1
  fi
  servers1=$(servers_ticks)
  read -r wall rss user sys < <(tail -1 "$t"); rm -f "$t"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  [ -z "${SERVER_PIDS:-}" ] || servers=" servers_cpu=$(awk -v a="$servers0" -v b="$servers1" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.2f", (b - a) / hz }')"
  MEASURED=$(grep '^RESULT ' "$log" | tail -1 | cut -d' ' -f2- || true)
  secs=${MEASURED%% *}; [ -n "$MEASURED" ] || secs=$wall
  echo "$step $tool $run $secs $wall $rss $load $MEASURED cpu=$cpu$servers" >> "$results"
  printf '%-8s %-12s run %s %8.1f s (wall %6.1f s, CPU %s s%s, %5d MB RSS, load %s) %s\n' \
    "$step" "$tool" "$run" "$secs" "$wall" "$cpu" "$servers" "$((rss / 1024))" "$load" "$MEASURED" >&2
}

# servers_ticks: the CPU clock ticks (user + system, children included) of the processes in $SERVER_PIDS so far
servers_ticks() {
  local p sum=0
  for p in ${SERVER_PIDS:-}; do
    [ -r "/proc/$p/stat" ] || continue
    sum=$((sum + $(sed 's/.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 + $14 + $15 }')))
  done
  echo "$sum"
}

# ours_backup COMPONENT RUN : our backup of COMPONENT into a new repository $bench/repo; sets backup_id
ours_backup() {
  rm -rf "$bench/repo"; "${DRIVER[@]}" init "$bench/repo"
  measure backup ours "$2" "${DRIVER[@]}" backup "$bench/repo" "$1"
  backup_id=$(cut -d' ' -f3 <<< "$MEASURED")
  size stored ours "$2" "$(bytes "$bench/repo")"
}

# ours_restore COMPONENT RUN TARGET : our restore of the last backup; fails unless the figures are equal
ours_restore() {
  measure restore ours "$2" "${DRIVER[@]}" restore "$bench/repo" "$backup_id" "$1" "$3"
  [ "$(cut -d' ' -f3 <<< "$MEASURED")" = true ] || { echo "our restore of $1 is not equal to the backup" >&2; return 1; }
}

# size NAME TOOL RUN BYTES : records a stored size
size() { echo "size-$1 $2 $3 $4" >> "$results"; }

bytes() { du -sb "$1" | cut -f1; }
