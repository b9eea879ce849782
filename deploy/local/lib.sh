# Shared by deploy/local/up and deploy/local/down (sourced, not run).
# State lives in deploy/local/run/: <name>.pid, logs/<name>.log, kafka/ and s3/ data (kept between runs).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="$ROOT/deploy/local/run"
LOGS="$RUN/logs"

KAFKA_PORT=9092
KAFKA_CONTROLLER_PORT=9093
S3_PORT=9000
# service:port, in start order (down stops them in reverse)
SERVICES=(backup-manager:8080 backup-monitor:8081 backup-scheduler:8082 disaster-recovery:8083)

say() { printf '%s\n' "$*"; }
die() { printf 'deploy/local: %s\n' "$*" >&2; exit 1; }

# The pid recorded for a component, if that process is still alive and is still ours (a java process
# carrying the component's marker), else nothing. A stale pid file is removed.
running_pid() {
  local name=$1 file="$RUN/$1.pid" pid
  [[ -f $file ]] || return 0
  pid=$(<"$file")
  if [[ $pid =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/cmdline ]] \
      && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qE -- "-Dtextloom\.(server|local)=$(marker "$name")( |$)"; then
    printf '%s\n' "$pid"
  else
    rm -f "$file"
  fi
}

# The marker a component's JVM carries on its command line (-Dtextloom.server=... / -Dtextloom.local=...).
marker() {
  case $1 in
    kafka) printf 'kafka' ;;
    s3) printf 's3proxy' ;;
    *) printf '%s' "$1" ;;
  esac
}

# Value of KEY from the environment, else from .env.backup, else the default.
setting() {
  local key=$1 default=$2 value
  if [[ -n ${!key:-} ]]; then printf '%s' "${!key}"; return; fi
  if [[ -f $ROOT/.env.backup ]]; then
    value=$(grep -E "^[[:space:]]*(export[[:space:]]+)?$key=" "$ROOT/.env.backup" | tail -n 1 | sed -E "s/^[^=]*=//; s/[[:space:]]+#.*$//; s/^['\"]//; s/['\"]$//")
    if [[ -n $value ]]; then printf '%s' "$value"; return; fi
  fi
  printf '%s' "$default"
}
