"""Read-only query functions: a session and typed filters in, frames or dataclasses out."""
