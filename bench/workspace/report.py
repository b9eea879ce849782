"""Prints the last run of each data set in results.txt as a Markdown table (used by run.sh).

A result line is "SET STEP TOOL SECONDS MAXRSS_KB [CPU_SECONDS LOAD1]" (lines written before
2026-12-03 have no CPU and load), "SET data BYTES bytes FILES files" or "SET stored-STEP TOOL BYTES".
"""
import sys

rows = {}
data = {}
header = ""
for line in open(sys.argv[1]):
    if line.startswith("#"):
        header = line[2:].strip()
        continue
    f = line.split()
    if f[1] == "data":
        data[f[0]] = (int(f[2]), int(f[4]))
        continue
    rows[(f[0], f[1], f[2])] = f[3:]

print(header)
for s in ("workspace", "s3", "small"):
    if s not in data:
        continue
    size, files = data[s]
    print(f"\n**{s}**: {size / 2**20:.0f} MiB in {files} files\n")
    print("| step | textloom-backup | restic | restic time / ours | CPU s ours / restic | peak RSS ours / restic | load |")
    print("|---|---|---|---|---|---|---|")
    for step in ("first", "unchanged", "changed", "restore"):
        o, t = rows.get((s, step, "ours")), rows.get((s, step, "restic"))
        if not o or not t:
            continue
        so, st = float(o[0]), float(t[0])
        thr = lambda sec: f"{sec:.1f} s ({size / 2**20 / sec:.0f} MiB/s)" if sec > 0 else "-"
        cpu = f"{o[2]} / {t[2]}" if len(o) > 2 and len(t) > 2 else "-"
        load = f"{o[3]} / {t[3]}" if len(o) > 3 and len(t) > 3 else "-"
        print(f"| {step} | {thr(so)} | {thr(st)} | {st / so:.2f}x | {cpu} | "
              f"{int(o[1]) // 1024} MB / {int(t[1]) // 1024} MB | {load} |")
    for step in ("first", "unchanged", "changed"):
        o, t = rows.get((s, "stored-" + step, "ours")), rows.get((s, "stored-" + step, "restic"))
        if o and t:
            print(f"| stored after {step} | {int(o[0]) / 2**20:.0f} MiB | {int(t[0]) / 2**20:.0f} MiB "
                  f"| {int(t[0]) / int(o[0]):.2f}x | | | |")
