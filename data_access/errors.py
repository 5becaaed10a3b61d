"""The error vocabulary of every write: codes, the field errors that carry them, and the
refusals that are raised with them.

Writes never produce sentences: each problem is a `FieldError(field, code, params)` naming
the field ("seizure_date", "items[1].unit_code"; item indexes start at 0), a code from one
of the enums below and the values the message needs (dates as ISO strings). A refusal is
an `EntryError` subclass carrying those errors; the dashboard translates the codes into
the user's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Every error code a write or an import can return (English: validation.ERROR_MESSAGES)."""

    # Fields
    REQUIRED = "required"
    TOO_LONG = "too_long"
    INVALID_DATE = "invalid_date"
    INVALID_TIME = "invalid_time"
    INVALID_NUMBER = "invalid_number"
    INVALID_INTEGER = "invalid_integer"
    INVALID_BOOLEAN = "invalid_boolean"
    DATE_BEFORE_OPERATION = "date_before_operation"
    DATE_AFTER_OPERATION = "date_after_operation"
    DATE_IN_FUTURE = "date_in_future"
    DATE_IN_PAST = "date_in_past"
    QUANTITY_NOT_POSITIVE = "quantity_not_positive"
    NEGATIVE_VALUE = "negative_value"
    UNKNOWN_CODE = "unknown_code"
    UNKNOWN_COUNTRY = "unknown_country"
    COUNTRY_NOT_PARTICIPATING = "country_not_participating"
    UNKNOWN_LOCATION = "unknown_location"
    LOCATION_OTHER_COUNTRY = "location_other_country"
    LATITUDE_OUT_OF_RANGE = "latitude_out_of_range"
    LONGITUDE_OUT_OF_RANGE = "longitude_out_of_range"
    COORDINATES_INCOMPLETE = "coordinates_incomplete"
    UNKNOWN_SPECIES = "unknown_species"
    AMBIGUOUS_SPECIES = "ambiguous_species"
    UNKNOWN_TERM = "unknown_term"
    UNKNOWN_UNIT = "unknown_unit"
    UNIT_NOT_ALLOWED = "unit_not_allowed"
    NO_ITEMS = "no_items"
    DUPLICATE_REFERENCE = "duplicate_reference"
    # Rights and state
    PERMISSION_DENIED = "permission_denied"
    OTHER_COUNTRY = "other_country"
    OPERATION_NOT_ALLOWED = "operation_not_allowed"
    OPERATION_NOT_FOUND = "operation_not_found"
    SEIZURE_NOT_FOUND = "seizure_not_found"
    REOPENING_NOT_FOUND = "reopening_not_found"
    OPERATION_LOCKED = "operation_locked"
    VERSION_CONFLICT = "version_conflict"
    SEIZURE_WITHDRAWN = "seizure_withdrawn"
    NIL_RETURN_HAS_SEIZURES = "nil_return_has_seizures"
    # Import: the file as a whole
    FILE_TOO_LARGE = "file_too_large"
    TOO_MANY_ROWS = "too_many_rows"
    UNSUPPORTED_FILE_TYPE = "unsupported_file_type"
    MACRO_WORKBOOK = "macro_workbook"
    MALFORMED_CSV = "malformed_csv"
    UNSUPPORTED_ENCODING = "unsupported_encoding"
    UNREADABLE_WORKBOOK = "unreadable_workbook"
    MISSING_COLUMNS = "missing_columns"
    EMPTY_FILE = "empty_file"
    ROWS_REJECTED = "rows_rejected"
    # Import: one row
    MALFORMED_ROW = "malformed_row"
    FORMULA_WITHOUT_VALUE = "formula_without_value"
    REFERENCE_CONFLICT = "reference_conflict"
    OTHER_ROW_REJECTED = "other_row_rejected"
    # Import: workbooks that unpack or cost more than a spreadsheet should (bombs)
    UNPACKED_TOO_LARGE = "unpacked_too_large"
    WORKBOOK_TOO_COMPRESSED = "workbook_too_compressed"
    WORKBOOK_TOO_MANY_PARTS = "workbook_too_many_parts"
    CELL_TOO_LONG = "cell_too_long"
    TOO_MANY_EMPTY_ROWS = "too_many_empty_rows"
    FILE_TOO_HEAVY = "file_too_heavy"


class NoticeCode(StrEnum):
    """Things a successful write tells the user (not errors)."""

    DUPLICATE_SUBMISSION = "duplicate_submission"
    NIL_RETURN_REPLACED = "nil_return_replaced"
    NIL_RETURN_ALREADY_RECORDED = "nil_return_already_recorded"


class AdminErrorCode(StrEnum):
    """Every code an admin write can refuse with (values shared with ErrorCode
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


class VerificationCode(StrEnum):
    """Refusal codes of verification beyond those of ErrorCode."""

    ALREADY_VERIFIED = "already_verified"
    NOT_VERIFIED = "not_verified"


@dataclass(frozen=True, eq=True)
class FieldError:
    """One problem with one field: a code to translate and the values its message needs."""

    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-friendly) form."""
        return {"field": self.field, "code": str(self.code), "params": dict(self.params)}


class EntryError(Exception):
    """A write refused, with the field errors that say why."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        super().__init__("; ".join(f"{e.field or '-'}: {e.code} {e.params}"
                                   for e in self.errors))

    @property
    def code(self) -> str:
        """Code of the first error (enough for refusals that have only one)."""
        return str(self.errors[0].code) if self.errors else ""

    def by_field(self) -> dict[str, list[FieldError]]:
        """Errors grouped by field name (the form shows each next to its field)."""
        grouped: dict[str, list[FieldError]] = {}
        for error in self.errors:
            grouped.setdefault(error.field, []).append(error)
        return grouped


class ValidationFailed(EntryError):
    """Some fields are wrong."""


class PermissionDenied(EntryError):
    """The user may not do this."""


class NotFound(EntryError):
    """The operation, seizure or reopening does not exist (or is not visible)."""


class EntryLocked(EntryError):
    """The operation is locked for this country."""


class VersionConflict(EntryError):
    """Someone else saved the seizure since the user loaded it."""


class StateRefused(EntryError):
    """The change does not fit the current state (withdrawn seizure, nil return on a day
    with seizures)."""


def fail(kind: type[EntryError], field_name: str, code: str, **params: Any) -> EntryError:
    """An exception of the given kind carrying one field error."""
    return kind([FieldError(field_name, code, params)])


class ImportRefused(EntryError):
    """The file as a whole cannot be imported (size, type, encoding, structure)."""
