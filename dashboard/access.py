"""Who may see what: role sets that pages and callbacks declare."""

from __future__ import annotations

COMMAND_CENTRE_ROLES = ("admin", "commander")
