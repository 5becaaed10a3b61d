"""The roles an account can have, as the data layer names them (the dashboard's
dashboard/access.py uses the same strings)."""

ADMIN = "admin"
COMMANDER = "commander"
FOCAL_POINT = "focal_point"
DONOR = "donor"
COMMAND_ROLES = (ADMIN, COMMANDER)
WRITER_ROLES = (ADMIN, COMMANDER, FOCAL_POINT)
