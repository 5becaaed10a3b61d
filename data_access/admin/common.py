"""What every admin write shares: the admin-only check, error codes, audit attribution.

Admin writes never produce sentences: a refusal is an exception from
data_access.validation (ValidationFailed, PermissionDenied, NotFound) carrying
`FieldError(field, code, params)`; the dashboard translates the codes (AdminErrorCode).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from data_access.audit import record
from data_access.authentication import Principal
from data_access.validation import FieldError, PermissionDenied, ValidationFailed, fail

ADMIN_ROLE = "admin"


class AdminErrorCode(StrEnum):
    """Every code an admin write can refuse with (values shared with validation.ErrorCode
    where the meaning is the same)."""

    PERMISSION_DENIED = "permission_denied"
    REQUIRED = "required"
    TOO_LONG = "too_long"
    INVALID_DATE = "invalid_date"
    INVALID_TIME = "invalid_time"
    UNKNOWN_CODE = "unknown_code"
    UNKNOWN_COUNTRY = "unknown_country"
    UNKNOWN_LOCATION = "unknown_location"
    OPERATION_NOT_FOUND = "operation_not_found"
    # Operations
    CODE_FORMAT = "code_format"
    CODE_TAKEN = "code_taken"
    END_BEFORE_START = "end_before_start"
    LOCK_BEFORE_END = "lock_before_end"
    UNKNOWN_TIMEZONE = "unknown_timezone"
    SEIZURES_OUTSIDE_WINDOW = "seizures_outside_window"
    DUPLICATE_COUNTRY = "duplicate_country"
    COUNTRY_HAS_REPORTS = "country_has_reports"
    LOCATION_NOT_PARTICIPATING = "location_not_participating"
    # Accounts
    USER_NOT_FOUND = "user_not_found"
    USERNAME_FORMAT = "username_format"
    USERNAME_TAKEN = "username_taken"
    PASSWORD_TOO_SHORT = "password_too_short"
    FOCAL_POINT_NEEDS_COUNTRY = "focal_point_needs_country"
    OPERATIONS_ONLY_FOR_COMMANDERS = "operations_only_for_commanders"
    CANNOT_DISABLE_SELF = "cannot_disable_self"
    ALREADY_DISABLED = "already_disabled"
    ALREADY_ACTIVE = "already_active"
    # Reference data
    SCIENTIFIC_NAME_FORMAT = "scientific_name_format"
    SCIENTIFIC_NAME_TAKEN = "scientific_name_taken"
    FILE_TOO_LARGE = "file_too_large"
    EMPTY_FILE = "empty_file"
    UNSUPPORTED_ENCODING = "unsupported_encoding"
    NOT_UNLOCODE = "not_unlocode"


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
