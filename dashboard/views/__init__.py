"""One module per screen of pure component builders (no database, no callbacks)."""
