"""Geography for jointops: reference places, boundaries and hotspot cells (pure functions)."""
