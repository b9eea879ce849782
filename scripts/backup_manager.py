#!/usr/bin/env python3
"""python scripts/backup_manager.py ...: the guide's backup commands (backup, list, verify, restore, delete, status, cleanup), as the guide writes them; runs scripts/backup_manager.sh."""
from _launch import launch

launch("backup_manager.sh")
