"""The goals of issue #12 against the last figures of every benchmark, as one table and a plot.

    goals.py DIR      (DIR as bench/run-all.sh leaves it: workspace/, database/, redis/ results)

Prints a Markdown table (also written to DIR/goals.md) and writes DIR/goals.svg: time per step, ours
beside the other tool. A ratio is the speed ratio the goal names (restic time / ours: above 1 we are
faster) or, for the services, ours / tool time (below 1 we are faster), as the issue words each goal.
Every row carries the load average at its measurements. Plain Python: no plotting library needed.
"""
import os
import sys
from html import escape

out = sys.argv[1]


def workspace_rows(path):
    """{(set, step, tool): (seconds, rss_kb, cpu, load)} of the last measurement of each."""
    rows = {}
    if not os.path.exists(path):
        return rows
    for line in open(path):
        f = line.split()
        if line.startswith("#") or len(f) < 5 or f[1] == "data" or f[1].startswith("stored-"):
            continue
        rows[(f[0], f[1], f[2])] = (float(f[3]), int(f[4]), f[5] if len(f) > 5 else "-",
                                    f[6] if len(f) > 6 else "-")
    return rows


def driver_rows(path):
    """{(step, tool): [(seconds, load), ...]} of the last run block (bench/driver format)."""
    if not os.path.exists(path):
        return {}
    lines = open(path).read().splitlines()
    heads = [i for i, l in enumerate(lines) if l.startswith("#")]
    rows = {}
    for l in lines[(heads[-1] + 1 if heads else 0):]:
        f = l.split()
        if len(f) < 7 or f[0] == "data" or f[0].startswith("size-"):
            continue
        rows.setdefault((f[0], f[1]), []).append((float(f[3]), f[6]))
    return rows


ws = workspace_rows(os.path.join(out, "workspace", "results.txt"))
db = driver_rows(os.path.join(out, "database", "results.txt"))
rd = driver_rows(os.path.join(out, "redis", "results.txt"))

table = []   # (work, goal, measured, met, load)
bars = []    # (label, ours seconds, other seconds, other name)


def restic_goal(work, s, step, target):
    o, t = ws.get((s, step, "ours")), ws.get((s, step, "restic"))
    if not o or not t:
        table.append((work, f">= {target}x restic", "not run", "-", "-"))
        return
    r = t[0] / o[0]
    table.append((work, f">= {target}x restic", f"{r:.2f}x ({o[0]:.1f} s vs {t[0]:.1f} s; CPU {o[2]} vs {t[2]} s)",
                  "met" if r >= target else "**missed**", f"{o[3]} / {t[3]}"))
    bars.append((f"{s} {step}", o[0], t[0], "restic"))


def tool_goal(work, rows, step, tool, target):
    o, t = rows.get((step, "ours"), []), rows.get((step, tool), [])
    n = min(len(o), len(t))
    if not n:
        table.append((work, f"<= {target}x {tool}", "not run", "-", "-"))
        return
    so = sum(x[0] for x in o[:n]) / n
    st = sum(x[0] for x in t[:n]) / n
    r = so / st
    table.append((work, f"<= {target}x {tool}", f"{r:.2f}x ({so:.1f} s vs {st:.1f} s, mean of {n})",
                  "met" if r <= target else "**missed**", " ".join(x[1] for x in o[:n] + t[:n])))
    bars.append((f"{work}", so, st, tool))


restic_goal("first backup, 1 GiB workspace", "workspace", "first", 2.0)
restic_goal("unchanged re-backup", "workspace", "unchanged", 1.0)
restic_goal("5 %-changed re-backup", "workspace", "changed", 1.0)
restic_goal("restore, local repository", "workspace", "restore", 1.5)
restic_goal("backup to S3 (S3Proxy)", "s3", "first", 1.5)
restic_goal("restore from S3 (S3Proxy)", "s3", "restore", 1.5)
restic_goal("200 000 small files, first backup", "small", "first", 2.0)
restic_goal("200 000 small files, restore", "small", "restore", 2.0)
ours = [(k, v) for k, v in ws.items() if k[2] == "ours"]
if ours:
    (s, step, _), v = max(ours, key=lambda kv: kv[1][1])
    mb = v[1] // 1024
    table.append(("peak RSS of any CLI run above", "<= 256 MB", f"{mb} MB ({s} {step})",
                  "met" if mb <= 256 else "**missed**", v[3]))
else:
    table.append(("peak RSS of any CLI run above", "<= 256 MB", "not run", "-", "-"))
tool_goal("database restore incl. proof", db, "restore", "pg_restore", 1.2)
tool_goal("Redis backup", rd, "backup", "redis-cli", 1.2)
tool_goal("Redis online restore incl. proof", rd, "restore", "redis-cli-pipe", 1.5)
table.append(("10 GiB / 1 M files, 5 M-blob verify/prune", "<= 11x the 1 GiB time, -Xmx512m",
              "not run by run-all.sh", "-", "-"))

load = open("/proc/loadavg").read().split()[:3]
md = [f"Goals of issue #12, {len(os.sched_getaffinity(0))} cores, load now {' '.join(load)} "
      f"(each row: load at its measurements, ours / theirs)", "",
      "| work | goal | measured | | load |", "|---|---|---|---|---|"]
md += [f"| {w} | {g} | {m} | {ok} | {l} |" for w, g, m, ok, l in table]
text = "\n".join(md)
print(text)
open(os.path.join(out, "goals.md"), "w").write(text + "\n")

# the plot: one pair of horizontal bars per step, seconds on a common scale
if bars:
    width, left, bar, gap = 760, 250, 14, 12
    top = 40
    height = top + len(bars) * (2 * bar + gap) + 40
    scale = (width - left - 90) / max(max(b[1], b[2]) for b in bars)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="10" y="20" font-size="14">Time per step (s): textloom-backup (blue) beside '
           f'restic / the bare tool (grey); load {escape(" ".join(load))}</text>']
    y = top
    for label, o, t, tool in bars:
        svg.append(f'<text x="{left - 8}" y="{y + bar + 4}" text-anchor="end">{escape(label)}</text>')
        svg.append(f'<rect x="{left}" y="{y}" width="{o * scale:.1f}" height="{bar}" fill="#1f77b4"/>')
        svg.append(f'<text x="{left + o * scale + 4:.1f}" y="{y + bar - 3}">{o:.1f} ours</text>')
        svg.append(f'<rect x="{left}" y="{y + bar}" width="{t * scale:.1f}" height="{bar}" fill="#999"/>')
        svg.append(f'<text x="{left + t * scale + 4:.1f}" y="{y + 2 * bar - 3}">{t:.1f} {escape(tool)}</text>')
        y += 2 * bar + gap
    svg.append("</svg>")
    open(os.path.join(out, "goals.svg"), "w").write("\n".join(svg) + "\n")
