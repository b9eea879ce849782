#!/usr/bin/env bash
# The guide's `python scripts/backup_manager.py ...`, one to one: the same commands and options, run by
# bin/textloom-backup against the backup manager's REST API (port 8080).
#
#   scripts/backup_manager.sh backup --type daily                      (full | incremental | daily | weekly | monthly)
#   scripts/backup_manager.sh backup --components database redis [--wait]
#   scripts/backup_manager.sh list [--type T] [--status S] [--component C] [--json]
#   scripts/backup_manager.sh verify --backup-id 20250820_120000 [--read-data]
#   scripts/backup_manager.sh restore --backup-id 20250820_120000 [--components database] [--target-dir /tmp/restore]
#   scripts/backup_manager.sh delete --backup-id 20250820_120000
#   scripts/backup_manager.sh status
#   scripts/backup_manager.sh cleanup [--dry-run]
#
# BACKUP_MANAGER_URL (default http://localhost:8080) says where the manager is; BACKUP_API_KEY is sent as
# X-API-Key. Both, like every variable, come from the environment, else from ./.env.backup (or the file
# named by BACKUP_ENV_FILE), as for the services. Every option, output and exit code: backup-cli/README.md, or `scripts/backup_manager.sh COMMAND --help`.
set -euo pipefail
exec "$(dirname "$(readlink -f "$0")")/../bin/textloom-backup" "$@"
