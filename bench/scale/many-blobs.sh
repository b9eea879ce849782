#!/usr/bin/env bash
# The 5 M-blob goal of issue #12: verify and prune of a repository with 5 M blobs within the CLI's
# default heap (-Xmx512m).
#
#   bench/scale/many-blobs.sh [BLOBS]        (default 5000000; work dir $SCALE_WORK, default /tmp/scale12-many-blobs)
#
# 1. ManyBlobs.java builds, once, a repository of BLOBS distinct 16..64-byte data blobs through
#    backup-repository's own writers (BlobSaver: encrypted, packed, indexed as a backup writes them):
#    snapshot "old" references the first half, snapshot "new" the next 40 %, 10 % are referenced by
#    no snapshot. It is kept in $work/pristine; every step below runs on a hard-linked copy
#    (prune only adds and deletes files, it never writes into one), so the script can run again.
# 2. bin/textloom-backup (launcher defaults: -Xmx512m, SerialGC) runs, each under /usr/bin/time:
#    repo verify; repo verify --read-data-subset=1%; repo prune; repo forget OLD --prune; repo verify.
#    Each prints wall, CPU, peak RSS, the most heap a full GC left live (from -Xlog:gc) and whether
#    it finished. While a step runs, a class histogram of its heap (jcmd GC.class_histogram) is taken
#    every 30 s; the last one before it ended is kept in $work/STEP.histo (what fills the heap).
# 3. ManyBlobs index: the heap the loaded in-memory index of the untouched repository takes, per entry.
# Results: $work/results.txt, one line per step:
#   STEP FINISHED WALL_S CPU_S PEAK_RSS_KB MAX_LIVE_HEAP_MB LOAD1
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
work=${SCALE_WORK:-/tmp/scale12-many-blobs}
blobs=${1:-5000000}
old=$((blobs / 2))
live=$((blobs * 2 / 5))
mkdir -p "$work"
results="$work/results.txt"
cli="$root/bin/textloom-backup"

if [ -n "${TEXTLOOM_BACKUP_CLASSPATH:-}" ]; then   # e.g. a frozen copy of another build's jars
  cp=$TEXTLOOM_BACKUP_CLASSPATH
else
  "$cli" --help >/dev/null   # builds backup-cli (and its target/lib) when it is stale
  cp="$root/backup-cli/target/backup-cli-0.1.0-SNAPSHOT.jar:$(ls "$root"/backup-cli/target/lib/*.jar | tr '\n' ':')"
fi
mkdir -p "$work/classes"
javac -nowarn -d "$work/classes" -cp "$cp" "$root/bench/scale/ManyBlobs.java"
gen=(java -cp "$work/classes:$cp" ManyBlobs)

[ -f "$work/key" ] || (umask 077 && head -c 32 /dev/urandom | base64 > "$work/key")
export BACKUP_ENCRYPTION_KEY="$(cat "$work/key")"
load1() { cut -d' ' -f1 /proc/loadavg; }

if [ ! -f "$work/pristine.done" ]; then
  rm -rf "$work/pristine"
  echo "building $blobs blobs in $work/pristine (once)" >&2
  /usr/bin/time -f "%e %U %S %M" -o "$work/generate.time" "${gen[@]:0:1}" -Xmx3g "${gen[@]:1}" \
    "$work/pristine" "$blobs" "$old" "$live" > "$work/generate.out" 2> "$work/generate.log" \
    || { echo "generating failed (see $work/generate.log)" >&2; exit 1; }
  echo "generate $(cat "$work/generate.time") load $(load1): $(cat "$work/generate.out")" >&2
  touch "$work/pristine.done"
fi
read -r _ _ _ _ snap_old snap_new < <(grep '^RESULT ' "$work/generate.out")
rm -rf "$work/repo"
cp -al "$work/pristine" "$work/repo"
echo "repository: $(du -sh "$work/repo" | cut -f1), $(find "$work/repo/data" -type f | wc -l) packs," \
  "$(find "$work/repo/index" -type f | wc -l) index files" >&2

# step NAME ARGS... : runs bin/textloom-backup ARGS on $work/repo with the default heap
step() {
  local name=$1; shift
  local t="$work/$name.time" log="$work/$name.log" gc="$work/$name.gc.log" ok=yes load
  rm -f "$work/$name.histo" "$gc"
  load=$(load1)
  TEXTLOOM_BACKUP_JAVA_OPTS="-Xlog:gc:file=$gc" /usr/bin/time -f "%e %U %S %M" -o "$t" \
    "$cli" repo "$@" --repo "$work/repo" > "$log" 2>&1 &
  local tpid=$! jpid=""
  while kill -0 "$tpid" 2>/dev/null; do
    sleep 30
    jpid=$(pgrep -P "$tpid" java || true)
    [ -n "$jpid" ] && jcmd "$jpid" GC.class_histogram 2>/dev/null | head -25 > "$work/$name.histo.new" \
      && [ -s "$work/$name.histo.new" ] && mv "$work/$name.histo.new" "$work/$name.histo"
  done
  wait "$tpid" || ok=no
  grep -q OutOfMemoryError "$log" && ok=no
  local wall cpu_u cpu_s rss heap
  read -r wall cpu_u cpu_s rss < <(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' "$t" | tail -1)
  # the most heap a full collection left: what the step held live (a young collection's figure
  # counts the old generation's garbage too). The histograms force a full collection every 30 s.
  heap=$(grep 'Pause Full' "$gc" 2>/dev/null | grep -oE '[0-9]+M->[0-9]+M' | sed 's/.*->//; s/M//' | sort -n | tail -1)
  echo "$name $ok $wall $(echo "$cpu_u + $cpu_s" | bc) $rss ${heap:-?} $load" >> "$results"
  printf '%-14s finished=%-3s wall %7.1f s  cpu %7.1f s  peak RSS %5d MB  live heap max %4s MB  load %s\n' \
    "$name" "$ok" "$wall" "$(echo "$cpu_u + $cpu_s" | bc)" "$((rss / 1024))" "${heap:-?}" "$load" >&2
  [ $ok = yes ] || tail -3 "$log" >&2
}

echo "# $(date -u +%FT%TZ) blobs=$blobs ${SCALE_LABEL:-$(git -C "$root" rev-parse --short HEAD)}" >> "$results"
step verify verify
step verify-1pct verify --read-data-subset=1%
step prune prune
step forget-prune forget "$snap_old" --prune
step verify-after verify

# the in-memory index alone: heap after a full GC with it loaded, minus without it
"${gen[@]:0:1}" -Xmx512m -XX:+UseSerialGC "${gen[@]:1}" index "$work/pristine" 2>&1 | tee -a "$results" >&2
