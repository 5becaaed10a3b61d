"""Data access for jointops: models, sessions, queries and validated writes."""
