"""Shared by the guide's Python entry points (scripts/backup_manager.py, disaster_recovery.py, backup_monitor.py).

They are thin launchers with no dependency beyond Python 3's standard library: each replaces itself with
`bash scripts/<name>.sh ARGS...`, which runs the suite's command line (bin/textloom-backup) or the service's REST
API, so every option, output and exit code is the shell script's (exit 2: bad usage).
"""
import os
import sys


def launch(shell_script):
    """Replaces this process by `bash <scripts dir>/<shell_script> <this process's arguments>`."""
    path = os.path.join(os.path.dirname(os.path.realpath(__file__)), shell_script)
    sys.stdout.flush()
    os.execvp("bash", ["bash", path] + sys.argv[1:])
