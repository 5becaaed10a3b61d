"""The audit trail: one event per change, written in the change's own transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from data_access.models import AuditEvent


def record(session: Session, *, actor: str, action: str, entity_type: str,
           entity_id: str = "", before: dict[str, Any] | None = None,
           after: dict[str, Any] | None = None, user_id: int | None = None) -> AuditEvent:
    """Add an audit event to the session; it commits or rolls back with the change."""
    event = AuditEvent(user_id=user_id, username=actor, action=action,
                       entity_type=entity_type, entity_id=entity_id, before=before,
                       after=after)
    session.add(event)
    return event
