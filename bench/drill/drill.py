#!/usr/bin/env python3
"""bench/drill helper: talks to the packaged backup-manager and disaster-recovery over REST.

  drill.py ready URL SECONDS              wait until URL/q/health/ready answers UP
  drill.py backup MANAGER_URL             a full backup through the manager (POST /api/backups, waits);
                                          prints "BACKUP <id> <seconds>"
  drill.py drill DR_URL SCENARIO OUT      a drill (POST /api/drills, waits), its report written to OUT (JSON)
  drill.py report OUT... [--bare BARE]   measured RTO against the guide's targets, each step's share; with
                                          BARE (run.sh's bare.json) the drill against the bare tools' restore

The API key is read from DRILL_API_KEY (never printed).
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request

KEY = os.environ.get("DRILL_API_KEY", "")


def call(method, url, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json", "Accept": "application/json",
                                          "X-API-Key": KEY})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read().decode() or "null")


def ready(url, seconds):
    deadline = time.time() + float(seconds)
    last = "no answer"
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/q/health/ready", timeout=3) as r:
                if '"UP"' in r.read().decode():
                    return
        except urllib.error.HTTPError as e:
            last = "HTTP %d" % e.code
        except OSError as e:
            last = str(e)
        time.sleep(0.5)
    sys.exit("%s not ready after %s s (%s)" % (url, seconds, last))


def await_json(url, done, limit=7200):
    deadline = time.time() + limit
    while time.time() < deadline:
        j = call("GET", url)
        if done(j):
            return j
        time.sleep(1)
    sys.exit("%s did not end within %d s" % (url, limit))


def backup(manager):
    t0 = time.time()
    op = call("POST", manager + "/api/backups", {"type": "full"})["operation_id"]
    j = await_json(manager + "/api/operations/" + op, lambda j: j.get("status") not in (None, "queued", "running"))
    if j.get("status") != "success":
        sys.exit("the backup did not succeed: " + json.dumps(j)[:2000])
    print("BACKUP %s %.1f" % (j["result"]["backup_id"], time.time() - t0))


def drill(dr, scenario, out):
    d = call("POST", dr + "/api/drills", {"scenario": scenario})["drill_id"]
    j = await_json(dr + "/api/drills/" + d, lambda j: j.get("status") in ("success", "failed"))
    with open(out, "w") as f:
        json.dump(j, f, indent=1)
    print("%s: drill %s %s, measured RTO %.1f s" % (scenario, d, j["status"], (j.get("measured_rto_ms") or 0) / 1000))


def secs(ms):
    return "%.1f s" % (ms / 1000.0)


# the drills restore Redis online into a spare db: compared with the bare online load (redis-cli --pipe of RESTORE
# commands) when the run measured it, else with a cold load of the RDB
BARE_PARTS = {"database_failure": ["database_s"], "redis_failure": ["redis"],
              "full_disaster": ["database_s", "redis", "workspace_and_logs_s"]}
STEP_OF = {"database_s": "restore_database", "redis": "restore_redis", "workspace_and_logs_s": "restore_workspace"}


def against_bare(rows, bare):
    """The issue's third goal: the recovery's orchestration and proof add at most 20 % to the bare tools' restore."""
    print()
    bare = dict(bare)
    online = bare.get("redis_online_s") is not None
    bare["redis"] = bare["redis_online_s"] if online else bare.get("redis_s")
    print("Against the bare tools on the same data (pg_restore --jobs=2 from a local pg_dump -Fc file; %s;"
          " restic %s restore from the same S3Proxy):" % (
              "redis-cli --pipe of RESTORE commands into a spare db (a cold load of the RDB: %.1f s)" % bare["redis_s"]
              if online else "a redis-server loading an RDB from redis-cli --rdb", bare.get("restic") or "-"))
    print("| scenario | bare tools | drill's restore steps | measured RTO | RTO / bare | added (goal ≤ 20 %) |")
    print("|---|---|---|---|---|---|")
    for j in rows:
        parts = BARE_PARTS.get(j["scenario"])
        if not parts or any(bare.get(p) is None for p in parts):
            continue
        base = sum(bare[p] for p in parts)
        steps = {s["name"]: (s.get("duration_ms") or 0) / 1000.0 for s in j["steps"]}
        restores = sum(v for k, v in steps.items() if k.startswith("restore_"))
        rto = (j.get("measured_rto_ms") or 0) / 1000.0
        detail = ", ".join("%s %.1f s vs %.1f s" % (STEP_OF[p], steps.get(STEP_OF[p], 0), bare[p]) for p in parts)
        added = rto / base - 1 if base else 0
        print("| %s | %.1f s | %.1f s (%s) | %.1f s | %.2f | %+.0f %% %s |" % (
            j["scenario"], base, restores, detail, rto, rto / base if base else 0, 100 * added,
            "met" if added <= 0.20 else "MISSED"))


def report(files, bare=None):
    goal_full = 120
    print()
    print("| scenario | measured RTO | guide's target | share of target | goal | verified |")
    print("|---|---|---|---|---|---|")
    rows = []
    for path in files:
        with open(path) as f:
            j = json.load(f)
        rows.append(j)
        rto = (j.get("measured_rto_ms") or 0) / 1000.0
        target = j.get("rto_target_seconds") or 0
        quarter = rto <= target / 4 if target else False
        goal = "≤ ¼ target: %s" % ("met" if quarter else "MISSED")
        if j["scenario"] == "full_disaster":
            goal += "; ≤ %d s: %s" % (goal_full, "met" if rto <= goal_full else "MISSED")
        print("| %s | %.1f s | %d s | %.2f %% | %s | %s |" % (j["scenario"], rto, target, 100.0 * rto / target if target else 0,
                                                            goal, j.get("verified")))
    for j in rows:
        rto = j.get("measured_rto_ms") or 0
        print()
        print("%s (drill %s, %s, backup %s):" % (j["scenario"], j.get("drill_id"), j["status"], j.get("backup_id")))
        print("| step | status | time | share of measured RTO |")
        print("|---|---|---|---|")
        for s in j["steps"]:
            ms = s.get("duration_ms") or 0
            outside = s["name"] in ("measure_rpo", "cleanup")
            share = "(outside the RTO)" if outside else ("%.0f %%" % (100.0 * ms / rto) if rto else "-")
            print("| %s | %s | %s | %s |" % (s["name"], s["status"], secs(ms), share))
        for issue in j.get("issues") or []:
            print("  issue: " + issue)
    if bare:
        against_bare(rows, bare)


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "ready":
        ready(sys.argv[2], sys.argv[3])
    elif cmd == "backup":
        backup(sys.argv[2])
    elif cmd == "drill":
        drill(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "report":
        args = sys.argv[2:]
        bare = None
        if "--bare" in args:
            i = args.index("--bare")
            with open(args[i + 1]) as f:
                bare = json.load(f)
            args = args[:i] + args[i + 2:]
        report(args, bare)
    else:
        sys.exit(__doc__)
