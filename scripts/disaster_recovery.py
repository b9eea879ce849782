#!/usr/bin/env python3
"""python scripts/disaster_recovery.py ...: the guide's disaster-recovery commands (assess, recover, drill), as the guide writes them; runs scripts/disaster_recovery.sh."""
from _launch import launch

launch("disaster_recovery.sh")
