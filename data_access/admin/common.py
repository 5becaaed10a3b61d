"""What every admin write shares: the admin-only check, error codes, audit attribution.

Admin writes never produce sentences: a refusal is an exception from
data_access.errors (ValidationFailed, PermissionDenied, NotFound) carrying
`FieldError(field, code, params)`; the dashboard translates the codes (AdminErrorCode).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from data_access.audit import record
from data_access.authentication import Principal
from data_access.errors import (
    AdminErrorCode,
    FieldError,
    PermissionDenied,
    ValidationFailed,
    fail,
)

ADMIN_ROLE = "admin"


def check_admin(principal: Principal | None) -> Principal:
    """Refuse anyone but an administrator (the dashboard checks too; this is the backstop)."""
    if principal is None or principal.role != ADMIN_ROLE:
        raise fail(PermissionDenied, "", AdminErrorCode.PERMISSION_DENIED)
    return principal


def refuse(errors: list[FieldError]) -> None:
    """Raise ValidationFailed when there are errors."""
    if errors:
        raise ValidationFailed(errors)


def audit(session: Session, principal: Principal, action: str, entity_type: str,
          entity_id: str, before: dict[str, Any] | None = None,
          after: dict[str, Any] | None = None) -> None:
    """Record one audit event attributed to the acting administrator."""
    record(session, actor=principal.username, user_id=principal.id if principal.id > 0 else None,
           action=action, entity_type=entity_type, entity_id=entity_id[:64],
           before=before, after=after)


def clean_text(value: Any) -> str:
    """Trimmed text ("" for None)."""
    return "" if value is None else str(value).strip()


def check_length(errors: list[FieldError], field: str, value: str, limit: int) -> None:
    """Append a TOO_LONG error when the text is over the column's limit."""
    if len(value) > limit:
        errors.append(FieldError(field, AdminErrorCode.TOO_LONG, {"max": limit}))


def jsonable(value: Any) -> Any:
    """A value as the audit trail's JSON column can store it (dates as ISO text)."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value
