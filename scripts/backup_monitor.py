#!/usr/bin/env python3
"""python scripts/backup_monitor.py ...: the guide's monitor commands (start, dashboard, status, alerts, ack, alert --test, stop), as the guide writes them; runs scripts/backup_monitor.sh."""
from _launch import launch

launch("backup_monitor.sh")
