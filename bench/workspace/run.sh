#!/usr/bin/env bash
# Benchmark: textloom-backup against restic on the same data, in the same run, back to back.
#
#   bench/workspace/run.sh [workspace|small|all]     (default: all)
#
# Data sets (generated with fixed seeds by Generate.java into $BENCH_DIR, default /tmp/textloom-bench):
#   workspace  ~1 GiB workspace-like tree: 1/3 text, 1/3 JSON, 1/3 incompressible media, ~3000 files
#              ($BENCH_BYTES to change the size)
#   small      200 000 files of 1..6 KiB ($BENCH_SMALL_FILES to change the count)
# Steps, each run for textloom-backup then restic: first backup, unchanged re-backup, re-backup after
# changing 5 % of the files, restore of the last snapshot. Prints wall time, peak RSS
# (/usr/bin/time), stored bytes (du) and the ratio restic/ours (above 1: we are faster / smaller).
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

# measure SET STEP TOOL COMMAND... : appends "SET STEP TOOL SECONDS MAXRSS_KB" to the results
measure() {
  local set=$1 step=$2 tool=$3; shift 3
  local t; t=$(mktemp)
  if ! /usr/bin/time -f "%e %M" -o "$t" "$@" > "$bench/$set-$step-$tool.log" 2>&1; then
    echo "FAILED: $set $step $tool (see $bench/$set-$step-$tool.log)" >&2; tail -5 "$bench/$set-$step-$tool.log" >&2
  fi
  read -r secs rss < <(tail -1 "$t"); rm -f "$t"
  echo "$set $step $tool $secs $rss" >> "$results"
  printf '%-10s %-10s %-9s %8.1f s  %7d MB RSS\n' "$set" "$step" "$tool" "$secs" "$((rss / 1024))" >&2
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

case $sets in
  all) run_set workspace; run_set small ;;
  workspace|small) run_set "$sets" ;;
  *) echo "usage: $0 [workspace|small|all]" >&2; exit 2 ;;
esac
python3 "$here/report.py" "$results"
