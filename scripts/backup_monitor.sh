#!/usr/bin/env bash
# The guide's `backup_monitor.py start | dashboard | status | alert --test` over the backup monitor's REST
# API (port 8081). The monitor itself is the backup-monitor service (backup-monitor/README.md).
#
#   scripts/backup_monitor.sh start                 start the monitor service in the background
#   scripts/backup_monitor.sh dashboard [--port N]  start it (on port N) if needed and print the dashboard URL
#   scripts/backup_monitor.sh status                GET /api/status
#   scripts/backup_monitor.sh alerts [QUERY]        GET /api/alerts (e.g. "status=active&severity=critical")
#   scripts/backup_monitor.sh ack ALERT_ID          POST /api/alerts/ALERT_ID/acknowledge
#   scripts/backup_monitor.sh alert --test          POST /api/alerts/test: test every enabled channel
#   scripts/backup_monitor.sh stop                  stop the service started by `start`
#
# BACKUP_MONITOR_URL (default http://localhost:8081) says where the monitor is; BACKUP_API_KEY (environment, else
# .env.backup), when set, is sent as X-API-Key. The service logs to logs/backup_monitor.log (console: logs/backup_monitor.stdout.log).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/api-key.sh

PORT=8081
URL="${BACKUP_MONITOR_URL:-}"
PID_FILE="logs/backup_monitor.pid"
JAR="backup-monitor/target/quarkus-app/quarkus-run.jar"

die() { echo "backup_monitor: $*" >&2; exit 1; }
url() { echo "${URL:-http://localhost:$PORT}"; }
curl_api() {
  local args=(-sS --fail-with-body -H "Accept: application/json")
  local key
  key=$(backup_api_key)
  [[ -n $key ]] && args+=(-H "X-API-Key: $key")
  curl "${args[@]}" "$@"
}
pretty() { if command -v python3 >/dev/null; then python3 -m json.tool --no-ensure-ascii; else cat; echo; fi; }
running() { [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

start() {
  if running; then echo "backup-monitor already running (pid $(cat "$PID_FILE")) at $(url)"; return; fi
  if [[ ! -f "$JAR" ]]; then
    echo "building backup-monitor ..."
    mvn -B -q -pl backup-monitor -am package -DskipTests
  fi
  mkdir -p logs && chmod 700 logs
  QUARKUS_HTTP_PORT="$PORT" setsid java -jar "$JAR" >>logs/backup_monitor.stdout.log 2>&1 < /dev/null &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 90); do
    if curl -fsS "$(url)/q/health/live" >/dev/null 2>&1; then
      echo "backup-monitor running (pid $(cat "$PID_FILE")): dashboard $(url)/  API $(url)/api/status"
      return
    fi
    running || die "backup-monitor stopped during start-up; see logs/backup_monitor.log"
    sleep 1
  done
  die "backup-monitor did not answer within 90 s; see logs/backup_monitor.log"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  start) start ;;
  dashboard)
    while [[ $# -gt 0 ]]; do
      case "$1" in
        --port) PORT="${2:?--port needs a number}"; shift 2 ;;
        *) die "dashboard: unknown option $1" ;;
      esac
    done
    [[ "$PORT" =~ ^[0-9]+$ ]] || die "--port: not a number: $PORT"
    curl -fsS "$(url)/q/health/live" >/dev/null 2>&1 || start
    echo "dashboard: $(url)/"
    ;;
  status) curl_api "$(url)/api/status" | pretty ;;
  metrics) curl_api "$(url)/api/metrics" | pretty ;;
  alerts) curl_api "$(url)/api/alerts${1:+?$1}" | pretty ;;
  ack)
    [[ -n "${1:-}" ]] || die "ack: give the alert_id"
    curl_api -X POST -H "Content-Type: application/json" \
      -d "{\"acknowledged_by\":\"${USER:-cli}\"}" "$(url)/api/alerts/$1/acknowledge" | pretty ;;
  alert)
    [[ "${1:-}" == "--test" ]] || die "alert: only --test is supported"
    answer=$(curl_api -X POST "$(url)/api/alerts/test") || die "alert test failed: $answer"
    echo "告警测试结果:"
    if command -v python3 >/dev/null; then
      python3 -c 'import json,sys; [print(f"  {k}: {v}") for k, v in json.load(sys.stdin).items()]' <<<"$answer"
    else
      echo "  $answer"
    fi
    ;;
  stop)
    running || { echo "backup-monitor is not running (no live pid in $PID_FILE)"; exit 0; }
    kill "$(cat "$PID_FILE")" && rm -f "$PID_FILE" && echo "backup-monitor stopped" ;;
  *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; [[ -z "$cmd" || "$cmd" == "-h" || "$cmd" == "--help" ]] || exit 2 ;;
esac
