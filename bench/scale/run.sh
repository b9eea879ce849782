#!/usr/bin/env bash
# Benchmark: the scale goal of issue #12 — a 10 GiB / 1 M files workspace costs at most 11x the 1 GiB one,
# within the launcher's heap (-Xmx512m).
#
#   bench/scale/run.sh            (BENCH_DIR=/tmp/textloom-bench-scale; BENCH_SCALES="1 10")
#   BENCH_RESUME=1 bench/scale/run.sh   reuses a scale's data (and repository) left by an earlier run (BENCH_KEEP=1,
#                                       or a run stopped midway): no generation (and no backups, when the repository
#                                       is there: only the steps after them, e.g. after a change to verify or prune)
#
# For each scale S (1 and 10): S x 0.9 GiB of the workspace set (bench/workspace/Generate.java: text, JSON,
# incompressible media) plus S x 100 000 small files of 1-6 KiB, in one tree (S = 10: ~10.9 GiB, ~1.03 M files).
# Then, each step under /usr/bin/time with bin/textloom-backup as shipped (its -Xmx512m heap):
#   first backup, 5 %-changed re-backup, verify (structure, index, every needed blob present),
#   verify --read-data-subset=5%, forget --keep-last=1 --prune (the first snapshot's superseded data
#   goes), restore of the newest snapshot.
# Prints one table: each step at both scales, the time and CPU ratios (goal <= 11x) and peak RSS; raw
# figures with the load go to $BENCH_DIR/results.txt. A step that fails is reported and the run goes on.
# Needs ~2.5x the data's size free under BENCH_DIR (data, repository, restore): ~30 GB at S = 10.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench="${BENCH_DIR:-/tmp/textloom-bench-scale}"
scales="${BENCH_SCALES:-1 10}"
cli="$root/bin/textloom-backup"
gen=(java "$root/bench/workspace/Generate.java")
mkdir -p "$bench"
"$cli" --version >/dev/null   # builds backup-cli if needed, outside the timings
# the repositories' key, kept (0600) so that BENCH_RESUME=1 can open them again
key="$bench/key"
[ -s "$key" ] || (umask 077 && "$cli" repo key generate > "$key")
export BACKUP_ENCRYPTION_KEY="$(cat "$key")"
export BACKUP_PARALLEL_JOBS="${BACKUP_PARALLEL_JOBS:-$(nproc)}"
results="$bench/results.txt"
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$cli" --version)" >> "$results"

# measure SCALE STEP COMMAND... : appends "SCALE STEP SECONDS MAXRSS_KB CPU_SECONDS LOAD1 STATUS" to the results
measure() {
  local scale=$1 step=$2; shift 2
  local t load status=ok; t=$(mktemp); load=$(cut -d' ' -f1 /proc/loadavg)
  if ! /usr/bin/time -f "%e %M %U %S" -o "$t" "$@" > "$bench/x$scale-$step.log" 2>&1; then
    status=FAILED; echo "FAILED: x$scale $step (see $bench/x$scale-$step.log)" >&2; tail -5 "$bench/x$scale-$step.log" >&2
  fi
  read -r secs rss user sys < <(tail -1 "$t"); rm -f "$t"
  local cpu; cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  echo "x$scale $step $secs $rss $cpu $load $status" >> "$results"
  printf 'x%-3s %-12s %8.1f s  %7.1f s CPU  %5d MB RSS  load %s  %s\n' "$scale" "$step" "$secs" "$cpu" \
    "$((rss / 1024))" "$load" "$status" >&2
}

for s in $scales; do
  data="$bench/x$s-data" repo="$bench/x$s-repo" target="$bench/x$s-restore"
  rm -rf "$target"
  resume() { [ "${BENCH_RESUME:-0}" = 1 ] && [ -d "$1" ]; }
  if ! resume "$data"; then
    rm -rf "$data" "$repo"
    echo "generating x$s (untimed)" >&2
    "${gen[@]}" workspace "$data/projects" "$((s * 966367641))" >&2
    "${gen[@]}" small "$data/notes" "$((s * 100000))" >&2
  fi
  echo "x$s data $(du -sb "$data" | cut -f1) bytes $(find "$data" -type f | wc -l) files" | tee -a "$results" >&2
  if ! resume "$repo"; then
    rm -rf "$repo"
    "$cli" repo init --repo "$repo" >/dev/null
    measure "$s" first "$cli" repo backup --repo "$repo" --host bench "$data"
    "${gen[@]}" mutate "$data" 5 >&2
    measure "$s" changed "$cli" repo backup --repo "$repo" --host bench "$data"
  fi
  measure "$s" verify "$cli" repo verify --repo "$repo"
  measure "$s" verify-5% "$cli" repo verify --repo "$repo" --read-data-subset=5%
  measure "$s" forget-prune "$cli" repo forget --repo "$repo" --keep-last=1 --prune
  measure "$s" restore "$cli" repo restore --repo "$repo" latest --target "$target"
  echo "x$s stored $(du -sb "$repo" | cut -f1)" >> "$results"
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$data" "$repo" "$target"
done

python3 - "$results" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    if line.startswith('#') or len(f) < 7 or f[1] in ('data', 'stored'):
        continue
    rows[(f[0], f[1])] = (float(f[2]), int(f[3]) // 1024, float(f[4]), f[5], f[6])
steps = ['first', 'changed', 'verify', 'verify-5%', 'forget-prune', 'restore']
print('| step | x1: wall, CPU, RSS | x10: wall, CPU, RSS | wall x10 / x1 | CPU x10 / x1 | goal <= 11x | load x1 / x10 |')
print('|---|---|---|---|---|---|---|')
for s in steps:
    a, b = rows.get(('x1', s)), rows.get(('x10', s))
    if not a or not b:
        continue
    fmt = lambda r: f'{r[0]:.1f} s, {r[2]:.1f} s, {r[1]} MB' + ('' if r[4] == 'ok' else ' FAILED')
    w, c = b[0] / a[0], b[2] / a[2]
    print(f'| {s} | {fmt(a)} | {fmt(b)} | {w:.1f}x | {c:.1f}x | {"met" if c <= 11 else "**missed**"} (CPU) | {a[3]} / {b[3]} |')
PY
