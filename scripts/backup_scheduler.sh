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

  install          keep the suite running and start it at boot (the schedules themselves are fired by
                   backup-scheduler, from BACKUP_SCHEDULE_* of .env.backup):
                     as an ordinary user: cron entries in your crontab, between the lines
                       "# BEGIN textloom-backup" and "# END textloom-backup": @reboot and every 5 minutes
                       deploy/local/up (starts what is not running; logs/backup_cron.log); installing
                       again replaces them, other entries stay
                     as root (sudo): the systemd units of deploy/systemd in /etc/systemd/system, run as
                       \$BACKUP_SERVICE_USER (default the sudo user), enabled and started
  uninstall        remove what install added (the crontab block, or stop, disable and delete the units)
  status           the cron entries or the units' states, every schedule (cron, next fire, last fire,
                   last outcome) and the five most recent backups (from backup-manager's GET /api/backups;
                   needs jq)
  run <schedule>   run a schedule now: daily, weekly, monthly, incremental or cleanup; prints the request id
  cleanup          run the cleanup (retention) schedule now; same as 'run cleanup'
  --help           this text

Environment: BACKUP_SCHEDULER_URL (default http://localhost:8082), BACKUP_MANAGER_URL (default
http://localhost:8080), BACKUP_API_KEY (sent as X-API-Key; else read from .env.backup),
BACKUP_INSTALL_PREFIX (root install only: a directory standing for / where units and state go, for packaging
and tests; systemctl is still called).
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

CRON_BEGIN="# BEGIN textloom-backup (bash scripts/backup_scheduler.sh install; remove with uninstall)"
CRON_END="# END textloom-backup"
PREFIX="${BACKUP_INSTALL_PREFIX:-}"
UNIT_DIR="$PREFIX/etc/systemd/system"
is_root() { [[ $(id -u) == 0 ]]; }

# The user's crontab without the block install writes (empty when there is no crontab).
crontab_without_block() {
  { crontab -l 2>/dev/null || true; } | awk -v b="$CRON_BEGIN" -v e="$CRON_END" '$0 == b {skip = 1} !skip {print} $0 == e {skip = 0}'
}

install_cron() {
  command -v crontab >/dev/null || die "crontab not found: install cron (Debian: apt-get install cron), or install as root for systemd units"
  install -d -m 700 "$ROOT/logs" "$ROOT/backups"
  [[ -f $ROOT/.env.backup || ! -f $ROOT/.env.backup.example ]] || install -m 600 "$ROOT/.env.backup.example" "$ROOT/.env.backup"
  local quoted up others
  printf -v quoted '%q' "$ROOT"
  up="cd $quoted && deploy/local/up >>logs/backup_cron.log 2>&1"
  others=$(crontab_without_block)   # read in full before crontab - replaces it
  { [[ -z $others ]] || printf '%s\n' "$others"
    printf '%s\n' "$CRON_BEGIN" "@reboot $up" "*/5 * * * * $up" "$CRON_END"
  } | crontab - || die "crontab refused the new entries"
  echo "installed cron entries (crontab -l): the suite starts at boot and within 5 minutes; now: deploy/local/up"
}

install_units() {
  command -v systemctl >/dev/null || die "systemctl not found: this host does not run systemd (see deploy/systemd/README.md)"
  local java state user unit
  java=$(command -v java) || die "java (17+) is not installed"
  if [[ ! -f $ROOT/backup-scheduler/target/quarkus-app/quarkus-run.jar ]]; then
    command -v mvn >/dev/null || die "the services are not built and Maven is missing: install maven, then run mvn -B -DskipTests install"
    echo "building the services (mvn -B -q -DskipTests install) ..."
    (cd "$ROOT" && mvn -B -q -DskipTests install) || die "the build failed"
  fi
  state=$PREFIX/var/lib/textloom-backup user=${BACKUP_SERVICE_USER:-${SUDO_USER:-root}}
  id "$user" >/dev/null 2>&1 || die "user '$user' does not exist (set BACKUP_SERVICE_USER)"
  install -d -m 755 "$UNIT_DIR"
  install -d -m 700 -o "$user" "$state" "$ROOT/logs" "$ROOT/backups"
  [[ -f $ROOT/.env.backup || ! -f $ROOT/.env.backup.example ]] || install -m 600 -o "$user" "$ROOT/.env.backup.example" "$ROOT/.env.backup"
  for unit in "$ROOT"/deploy/systemd/*.service "$ROOT"/deploy/systemd/*.target; do
    sed -e "s#@ROOT@#$ROOT#g" -e "s#@STATE@#$state#g" -e "s#@JAVA@#$java#g" -e "s#@USER@#$user#g" "$unit" >"$UNIT_DIR/$(basename "$unit")"
    chmod 644 "$UNIT_DIR/$(basename "$unit")"
    echo "installed $UNIT_DIR/$(basename "$unit")"
  done
  systemctl daemon-reload
  systemctl enable textloom-backup.target "${UNITS[@]/%/.service}" >/dev/null
  systemctl start textloom-backup.target
  echo "started textloom-backup.target; check with: bash scripts/backup_scheduler.sh status"
}

uninstall() {
  if is_root; then
    systemctl disable --now textloom-backup.target "${UNITS[@]/%/.service}" >/dev/null 2>&1 || true
    local unit
    rm -f "$UNIT_DIR/textloom-backup.target"
    for unit in "${UNITS[@]}"; do rm -f "$UNIT_DIR/$unit.service"; done
    systemctl daemon-reload
    echo "removed the units from $UNIT_DIR (state and backups stay)"
  else
    local others
    others=$(crontab_without_block)
    { [[ -z $others ]] || printf '%s\n' "$others"; } | crontab - || die "crontab refused the change"
    echo "removed the cron entries (the running suite stays up: deploy/local/down stops it)"
  fi
}

status() {
  local unit state
  if ! is_root; then
    echo "cron entries (crontab -l):"
    { crontab -l 2>/dev/null || true; } | awk -v b="$CRON_BEGIN" -v e="$CRON_END" '$0 == b {on = 1; n++} on {print "  " $0} $0 == e {on = 0}
      END {if (!n) print "  none (install adds them)"}'
    echo
  elif command -v systemctl >/dev/null; then
    echo "systemd units:"
    for unit in "${UNITS[@]}"; do
      state=$(systemctl is-active "$unit.service" 2>/dev/null || true)
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
  install) if is_root; then install_units; else install_cron; fi ;;
  uninstall) uninstall ;;
  status) status ;;
  run)
    [[ -n ${2:-} ]] || die "run needs a schedule: daily, weekly, monthly, incremental or cleanup"
    api POST "/api/schedules/$2/run" text/plain ;;
  cleanup) api POST /api/schedules/cleanup/run text/plain ;;
  -h|--help|help) usage ;;
  "") usage >&2; exit 2 ;;
  *) usage >&2; die "unknown command '$1'" ;;
esac
