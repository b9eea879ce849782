"""Prints the last run in results.txt as Markdown (used by bench/database and bench/redis run.sh).

    report.py RESULTS NAME BACKUP_TOOL RESTORE_TOOL [MORE_RESTORE_TOOLS...]

Ratios are ours / tool (below 1: we are faster); the mean row is over the runs.
"""
import sys

path, name, backup_tool, *restore_tools = sys.argv[1:]
lines = open(path).read().splitlines()
start = max(i for i, l in enumerate(lines) if l.startswith("#"))
header = lines[start][2:]
rows = {}
sizes = {}
data = []
for line in lines[start + 1:]:
    f = line.split()
    if f[0] == "data":
        data.append(" ".join(f[1:]))
    elif f[0].startswith("size-"):
        sizes.setdefault((f[0][5:], f[1]), {})[f[2]] = int(f[3])
    else:
        kv = dict(x.split("=", 1) for x in f[7:] if "=" in x)
        cpu = kv.get("cpu", "-") + (f" + server {kv['servers_cpu']}" if "servers_cpu" in kv else "")
        rows.setdefault((f[0], f[1]), {})[f[2]] = (float(f[3]), float(f[4]), int(f[5]), f[6], cpu)


def mb(n):
    return f"{n / 2**20:.0f} MiB"


print(f"**{name}** {header}\n")
for d in data:
    print(f"- {d}")
print()
print("| step | run | ours (executor) | ours (process wall, peak RSS) | tool | tool time | ours / tool | load "
      "| CPU s ours / tool |")
print("|---|---|---|---|---|---|---|---|---|")
for step, tools in (("backup", [backup_tool]), ("restore", restore_tools)):
    ours = rows.get((step, "ours"), {})
    for tool in tools:
        theirs = rows.get((step, tool), {})
        runs = sorted(set(ours) & set(theirs), key=int)
        for r in runs:
            o, t = ours[r], theirs[r]
            print(f"| {step} | {r} | {o[0]:.1f} s | {o[1]:.1f} s, {o[2] // 1024} MB | {tool} | {t[0]:.1f} s "
                  f"| {o[0] / t[0]:.2f} | {o[3]} / {t[3]} | {o[4]} / {t[4]} |")
        if runs:
            so = sum(ours[r][0] for r in runs) / len(runs)
            st = sum(theirs[r][0] for r in runs) / len(runs)
            print(f"| **{step}** | mean | **{so:.1f} s** | | {tool} | **{st:.1f} s** | **{so / st:.2f}** | | |")
for (what, tool), per_run in sorted(sizes.items()):
    if tool == "ours":
        continue
    o = sizes.get((what, "ours"), {})
    for r in sorted(set(o) & set(per_run), key=int)[-1:]:
        print(f"\n{what}: ours {mb(o[r])} (repository on disk) vs {tool} {mb(per_run[r])} "
              f"(ours / {tool} {o[r] / per_run[r]:.2f})")
