"""Prints the last run of each data set in results.txt as a Markdown table (used by run.sh)."""
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
for s in ("workspace", "small"):
    if s not in data:
        continue
    size, files = data[s]
    print(f"\n**{s}**: {size / 2**20:.0f} MiB in {files} files\n")
    print("| step | textloom-backup | restic | restic time / ours | peak RSS ours / restic |")
    print("|---|---|---|---|---|")
    for step in ("first", "unchanged", "changed", "restore"):
        o, t = rows.get((s, step, "ours")), rows.get((s, step, "restic"))
        if not o or not t:
            continue
        so, st = float(o[0]), float(t[0])
        thr = lambda sec: f"{sec:.1f} s ({size / 2**20 / sec:.0f} MiB/s)" if sec > 0 else "-"
        print(f"| {step} | {thr(so)} | {thr(st)} | {st / so:.2f}x | "
              f"{int(o[1]) // 1024} MB / {int(t[1]) // 1024} MB |")
    for step in ("first", "unchanged", "changed"):
        o, t = rows.get((s, "stored-" + step, "ours")), rows.get((s, "stored-" + step, "restic"))
        if o and t:
            print(f"| stored after {step} | {int(o[0]) / 2**20:.0f} MiB | {int(t[0]) / 2**20:.0f} MiB "
                  f"| {int(t[0]) / int(o[0]):.2f}x | |")
