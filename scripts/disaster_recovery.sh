#!/usr/bin/env bash
# The guide's `python scripts/disaster_recovery.py ...`, one to one: the same commands and options, run by
# bin/textloom-backup against the disaster-recovery service's REST API (port 8083).
#
#   scripts/disaster_recovery.sh assess [--fresh] [--json]                       (exit 3 when critical)
#   scripts/disaster_recovery.sh recover --scenario database_failure             (redis_failure, application_failure,
#                                                                                  storage_failure, full_disaster)
#   scripts/disaster_recovery.sh recover --scenario database_failure --dry-run   (prints the plan, changes nothing)
#   scripts/disaster_recovery.sh recover --scenario X [--backup-id ID] [--source local|minio|obs] [--force]
#   scripts/disaster_recovery.sh drill --scenario database_failure [--keep] [--backup-id ID]
#
# BACKUP_DR_URL (default http://localhost:8083) says where the service is; BACKUP_API_KEY is sent as X-API-Key.
# Both, like every variable, come from the environment, else from ./.env.backup (or the file named by
# BACKUP_ENV_FILE), as for the services. Exit codes: 0 success, 1 failed or error, 2 bad usage, 3 assessment
# critical. Every option, output and exit code: backup-cli/README.md, or `scripts/disaster_recovery.sh COMMAND --help`.
set -euo pipefail
usage() { sed -n '2,15s/^# \{0,1\}//p' "$0"; }
case "${1:-}" in
  assess|recover|drill) ;;
  -h|--help|help) usage; exit 0 ;;
  "") usage >&2; exit 2 ;;
  *) echo "disaster_recovery.sh: unknown command '$1': expected assess, recover or drill" >&2; exit 2 ;;
esac
exec "$(dirname "$(readlink -f "$0")")/../bin/textloom-backup" "$@"
