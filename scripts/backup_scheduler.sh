#!/usr/bin/env bash
# The guide's scheduler commands, over the backup-scheduler REST API and systemd.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib/api-key.sh"
URL="${BACKUP_SCHEDULER_URL:-http://localhost:8082}"
MANAGER_URL="${BACKUP_MANAGER_URL:-http://localhost:8080}"
UNITS=(textloom-backup-kafka textloom-backup-manager textloom-backup-monitor textloom-backup-scheduler
       textloom-backup-disaster-recovery)

usage() {
  cat <<USAGE
Usage: bash scripts/backup_scheduler.sh <command>

  install          install the systemd units of deploy/systemd and start textloom-backup.target
                   (as root: system units, run as \$BACKUP_SERVICE_USER, default the sudo user;
                   otherwise: user units under ~/.config/systemd/user)
  status           the units' states, every schedule (cron, next fire, last fire, last outcome) and
                   the five most recent backups (from backup-manager's GET /api/backups; needs jq)
  run <schedule>   run a schedule now: daily, weekly, monthly, incremental or cleanup; prints the request id
  cleanup          run the cleanup (retention) schedule now; same as 'run cleanup'
  --help           this text

Environment: BACKUP_SCHEDULER_URL (default http://localhost:8082), BACKUP_MANAGER_URL (default
http://localhost:8080), BACKUP_API_KEY (sent as X-API-Key; else read from .env.backup).
USAGE
}

die() { printf 'backup_scheduler.sh: %s\n' "$*" >&2; exit 1; }

# curl against the scheduler API; prints the body, fails with the API's message on an HTTP error.
api() {
  local method=$1 path=$2 accept=${3:-application/json} body status
  local args=(-sS -X "$method" -H "Accept: $accept" -w '\n%{http_code}')
  local key
  key=$(backup_api_key)
  [[ -n $key ]] && args+=(-H "X-API-Key: $key")
  body=$(curl "${args[@]}" "$URL$path") || die "the scheduler does not answer at $URL (is it running? try: status)"
  status=${body##*$'\n'}
  body=${body%$'\n'*}
  body=${body%$'\n'}
  [[ $status == 2* ]] || die "HTTP $status from $method $path: $body"
  printf '%s\n' "$body"
}

systemctl_cmd() { if [[ $(id -u) == 0 ]]; then systemctl "$@"; else systemctl --user "$@"; fi; }

install_units() {
  command -v systemctl >/dev/null || die "systemctl not found: this host does not run systemd (see deploy/systemd/README.md)"
  local java dir state user
  java=$(command -v java) || die "java (17+) is not installed"
  if [[ ! -f $ROOT/backup-scheduler/target/quarkus-app/quarkus-run.jar ]]; then
    command -v mvn >/dev/null || die "the services are not built and Maven is missing: install maven, then run mvn -B -DskipTests install"
    echo "building the services (mvn -B -q -DskipTests install) ..."
    (cd "$ROOT" && mvn -B -q -DskipTests install) || die "the build failed"
  fi
  if [[ $(id -u) == 0 ]]; then
    dir=/etc/systemd/system state=/var/lib/textloom-backup user=${BACKUP_SERVICE_USER:-${SUDO_USER:-root}}
    id "$user" >/dev/null 2>&1 || die "user '$user' does not exist (set BACKUP_SERVICE_USER)"
    install -d -m 700 -o "$user" "$state" "$ROOT/logs" "$ROOT/backups"
  else
    dir=$HOME/.config/systemd/user state=${XDG_STATE_HOME:-$HOME/.local/state}/textloom-backup user=""
    install -d -m 700 "$dir" "$state" "$ROOT/logs" "$ROOT/backups"
  fi
  [[ -f $ROOT/.env.backup || ! -f $ROOT/.env.backup.example ]] || install -m 600 "$ROOT/.env.backup.example" "$ROOT/.env.backup"
  for unit in "$ROOT"/deploy/systemd/*.service "$ROOT"/deploy/systemd/*.target; do
    sed -e "s#@ROOT@#$ROOT#g" -e "s#@STATE@#$state#g" -e "s#@JAVA@#$java#g" -e "s#@USER@#$user#g" "$unit" \
      | { if [[ -z $user ]]; then grep -v '^User='; else cat; fi; } \
      | { if [[ -z $user ]]; then sed 's/^WantedBy=multi-user.target/WantedBy=default.target/'; else cat; fi; } \
      >"$dir/$(basename "$unit")"
    chmod 644 "$dir/$(basename "$unit")"
    echo "installed $dir/$(basename "$unit")"
  done
  systemctl_cmd daemon-reload
  systemctl_cmd enable textloom-backup.target "${UNITS[@]/%/.service}" >/dev/null
  systemctl_cmd start textloom-backup.target
  echo "started textloom-backup.target; check with: bash scripts/backup_scheduler.sh status"
}

status() {
  local unit state
  if command -v systemctl >/dev/null; then
    echo "systemd units:"
    for unit in "${UNITS[@]}"; do
      state=$(systemctl_cmd is-active "$unit.service" 2>/dev/null || true)
      printf '  %-36s %s\n' "$unit" "${state:-unknown (systemd not reachable)}"
    done
    echo
  fi
  echo "schedules ($URL/api/schedules):"
  (api GET /api/schedules text/plain) || true
  echo
  echo "recent backups ($MANAGER_URL/api/backups):"
  local backups
  if ! backups=$(curl -fsS "$MANAGER_URL/api/backups" 2>/dev/null); then
    echo "  backup-manager does not answer"
  elif ! command -v jq >/dev/null; then
    echo "  (install jq to list them; raw: curl $MANAGER_URL/api/backups)"
  else
    jq -r 'sort_by(.time) | reverse | .[:5] | if length == 0 then "  none yet" else .[] |
      "  \(.time)  \(.backup_id)  \(.type)  \(.status)\(if .error then "  " + .error else "" end)" end' <<<"$backups"
  fi
}

case "${1:-}" in
  install) install_units ;;
  status) status ;;
  run)
    [[ -n ${2:-} ]] || die "run needs a schedule: daily, weekly, monthly, incremental or cleanup"
    api POST "/api/schedules/$2/run" text/plain ;;
  cleanup) api POST /api/schedules/cleanup/run text/plain ;;
  -h|--help|help) usage ;;
  "") usage >&2; exit 2 ;;
  *) usage >&2; die "unknown command '$1'" ;;
esac
