"""The one catalogue from codes to sentences, and the one way to say a code in words.

Codes come from the data layer (writes, imports, verification, the admin screens: all in
data_access.errors) and from the pages themselves (the upload page's job codes, here).
Every screen turns them into sentences here: `sentence()` in the user's language,
`english()` for the command line (the msgids are the English text).
tests/test_codes.py checks that every code has a sentence in every language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from dashboard.i18n import N_, _, format_date, format_number
from data_access.errors import AdminErrorCode, ErrorCode, NoticeCode, VerificationCode

# Page codes of the upload screen (dashboard/uploads/jobs.py names them).
UPLOAD_EXPIRED = "upload_expired"
IMPORT_ALREADY_STARTED = "import_already_started"
JOB_RUNNING = "job_running"
NO_TARGET = "no_target"
JOB_FAILED = "job_failed"
NO_FILE = "no_file"
UPLOAD_QUOTA = "upload_quota"
PAGE_CODES = (
    UPLOAD_EXPIRED,
    IMPORT_ALREADY_STARTED,
    JOB_RUNNING,
    NO_TARGET,
    JOB_FAILED,
    NO_FILE,
    UPLOAD_QUOTA,
)

# Where a screen says a code its own way: the seizure page speaks of verifying, the admin
# screens of their own fields and reference files.
SEIZURE_PAGE = "seizure"
ADMIN_SCREENS = "admin"

SENTENCES: Mapping[str, str] = {
    ErrorCode.REQUIRED: N_("This field is required."),
    ErrorCode.TOO_LONG: N_("Too long: at most {max} characters."),
    ErrorCode.INVALID_DATE: N_("Not a date: use YYYY-MM-DD or DD/MM/YYYY."),
    ErrorCode.INVALID_TIME: N_("Not a time: use HH:MM."),
    ErrorCode.INVALID_NUMBER: N_("Not a number."),
    ErrorCode.INVALID_INTEGER: N_("Not a whole number."),
    ErrorCode.INVALID_BOOLEAN: N_("Answer yes or no."),
    ErrorCode.DATE_BEFORE_OPERATION: N_("The date is before the operation started ({start})."),
    ErrorCode.DATE_AFTER_OPERATION: N_("The date is after the operation ended ({end})."),
    ErrorCode.DATE_IN_FUTURE: N_("The date is in the future (today is {today})."),
    ErrorCode.DATE_IN_PAST: N_("The date has already passed (today is {today})."),
    ErrorCode.QUANTITY_NOT_POSITIVE: N_("The quantity must be greater than zero."),
    ErrorCode.NEGATIVE_VALUE: N_("The value cannot be negative."),
    ErrorCode.UNKNOWN_CODE: N_('Unknown value "{value}"; use one of: {allowed}.'),
    ErrorCode.UNKNOWN_COUNTRY: N_('Unknown country "{value}".'),
    ErrorCode.COUNTRY_NOT_PARTICIPATING: N_("{country} does not take part in this operation."),
    ErrorCode.UNKNOWN_LOCATION: N_('Unknown port or place "{value}".'),
    ErrorCode.LOCATION_OTHER_COUNTRY: N_("{location} is not in {country}."),
    ErrorCode.LATITUDE_OUT_OF_RANGE: N_("The latitude must be between -90 and 90."),
    ErrorCode.LONGITUDE_OUT_OF_RANGE: N_("The longitude must be between -180 and 180."),
    ErrorCode.COORDINATES_INCOMPLETE: N_("Give both latitude and longitude, or neither."),
    ErrorCode.UNKNOWN_SPECIES: N_('Unknown species "{value}".'),
    ErrorCode.AMBIGUOUS_SPECIES: N_(
        '"{value}" could be several species: {candidates}. Use the scientific name.'
    ),
    ErrorCode.UNKNOWN_TERM: N_('Unknown CITES term "{value}".'),
    ErrorCode.UNKNOWN_UNIT: N_('Unknown unit "{value}".'),
    ErrorCode.UNIT_NOT_ALLOWED: N_(
        "The unit {unit} does not fit the term {term}; use one of: {allowed}."
    ),
    ErrorCode.NO_ITEMS: N_("Add at least one seized item."),
    ErrorCode.DUPLICATE_REFERENCE: N_(
        "The national reference {reference} is already used "
        "by another seizure of this country in this "
        "operation."
    ),
    ErrorCode.PERMISSION_DENIED: N_("You are not allowed to do this."),
    ErrorCode.OTHER_COUNTRY: N_("You can only report for your own country, not {country}."),
    ErrorCode.OPERATION_NOT_ALLOWED: N_("You do not take part in this operation."),
    ErrorCode.OPERATION_NOT_FOUND: N_("This operation does not exist."),
    ErrorCode.SEIZURE_NOT_FOUND: N_("This seizure does not exist."),
    ErrorCode.REOPENING_NOT_FOUND: N_("This reopening does not exist."),
    ErrorCode.OPERATION_LOCKED: N_(
        "The operation was locked on {lock_date}: entries and "
        "edits are closed. Ask the coordination unit to reopen "
        "your country."
    ),
    ErrorCode.VERSION_CONFLICT: N_(
        "This seizure was changed by {by} at {at}. Reload it and make your changes again."
    ),
    ErrorCode.SEIZURE_WITHDRAWN: N_(
        "This seizure has been withdrawn and can no longer be changed."
    ),
    ErrorCode.NIL_RETURN_HAS_SEIZURES: N_(
        "{count} seizures are already reported for {date}: "
        "a nil return is not possible for that day."
    ),
    ErrorCode.FILE_TOO_LARGE: N_("The file is too large ({size} MB; at most {limit} MB)."),
    ErrorCode.TOO_MANY_ROWS: N_("The file has too many rows (at most {limit})."),
    ErrorCode.UNSUPPORTED_FILE_TYPE: N_("Only CSV and XLSX files can be imported."),
    ErrorCode.MACRO_WORKBOOK: N_(
        "Workbooks with macros are refused; save it as a plain .xlsx workbook."
    ),
    ErrorCode.MALFORMED_CSV: N_("The CSV file cannot be read near line {line}."),
    ErrorCode.UNSUPPORTED_ENCODING: N_(
        "The file's text encoding is not supported; save it as UTF-8 CSV."
    ),
    ErrorCode.UNREADABLE_WORKBOOK: N_("The workbook cannot be read; it may be damaged."),
    ErrorCode.MISSING_COLUMNS: N_("Columns missing from the file: {columns}."),
    ErrorCode.EMPTY_FILE: N_("The file has no data rows."),
    ErrorCode.ROWS_REJECTED: N_(
        "{count} rows are rejected: correct them or import only the valid seizures."
    ),
    ErrorCode.MALFORMED_ROW: N_("The row has {found} cells where {expected} were expected."),
    ErrorCode.FORMULA_WITHOUT_VALUE: N_(
        "A formula without a saved value: open the file in a "
        "spreadsheet program, save it and try again."
    ),
    ErrorCode.REFERENCE_CONFLICT: N_(
        "Rows with the same national reference disagree on "
        "this column (first given on row {first_row})."
    ),
    ErrorCode.OTHER_ROW_REJECTED: N_(
        "Not imported because another row of the same seizure is rejected (rows {rows})."
    ),
    ErrorCode.UNPACKED_TOO_LARGE: N_(
        "The workbook is too large once unpacked ({size} MB; at most {limit} MB)."
    ),
    ErrorCode.WORKBOOK_TOO_COMPRESSED: N_(
        "The workbook is packed far tighter than "
        "spreadsheet programs pack ({ratio} to 1; at most "
        "{limit} to 1)."
    ),
    ErrorCode.WORKBOOK_TOO_MANY_PARTS: N_(
        "The workbook has too many parts ({count}; at most {limit})."
    ),
    ErrorCode.CELL_TOO_LONG: N_(
        "The file holds a text of more than {limit} characters; longer texts are refused."
    ),
    ErrorCode.TOO_MANY_EMPTY_ROWS: N_(
        "More than {limit} empty rows follow row {row}, with "
        "data after them: delete the empty rows and try "
        "again."
    ),
    ErrorCode.FILE_TOO_HEAVY: N_(
        "Reading the file needs more memory or time than the server "
        "allows. Split it into smaller files and try again."
    ),
    NoticeCode.DUPLICATE_SUBMISSION: N_(
        "This form was already submitted; the seizure was recorded once."
    ),
    NoticeCode.NIL_RETURN_REPLACED: N_("The nil return for {date} was replaced by this seizure."),
    NoticeCode.NIL_RETURN_ALREADY_RECORDED: N_("A nil return for {date} was already recorded."),
    UPLOAD_EXPIRED: N_(
        "This upload is no longer available (uploads are kept for a day and "
        "removed after their import). Please upload the file again."
    ),
    IMPORT_ALREADY_STARTED: N_(
        "This file is already being imported, or was imported: nothing was done twice."
    ),
    JOB_RUNNING: N_("The file is still being checked or imported; please wait."),
    NO_TARGET: N_("Choose the operation and the country first."),
    JOB_FAILED: N_(
        "Something went wrong on the server; nothing was imported. Please try "
        "again, and tell the coordination unit if it happens again."
    ),
    NO_FILE: N_("The upload did not arrive whole. Please try again."),
    UPLOAD_QUOTA: N_(
        "Too many of your files are waiting on the server ({count} files, "
        "{size} MB; at most {max_count} files and {max_size} MB together). "
        "Import them, or wait: each is removed {hours} hours after its "
        "upload."
    ),
    VerificationCode.ALREADY_VERIFIED: N_("This seizure is already verified."),
    VerificationCode.NOT_VERIFIED: N_("This seizure is not verified."),
    AdminErrorCode.CODE_FORMAT: N_(
        "Use capital letters, digits, dots, hyphens or underscores, e.g. THUNDER-2026."
    ),
    AdminErrorCode.CODE_TAKEN: N_("The code {code} is already used by another operation."),
    AdminErrorCode.END_BEFORE_START: N_(
        "The end date must be on or after the start date ({start})."
    ),
    AdminErrorCode.LOCK_BEFORE_END: N_("The lock date must be on or after the end date ({end})."),
    AdminErrorCode.UNKNOWN_TIMEZONE: N_("Unknown time zone {value}: pick one from the list."),
    AdminErrorCode.SEIZURES_OUTSIDE_WINDOW: N_(
        "Seizures are already reported from {first} "
        "to {last}: the operation must cover these "
        "dates."
    ),
    AdminErrorCode.DUPLICATE_COUNTRY: N_("{country} is listed twice."),
    AdminErrorCode.COUNTRY_HAS_REPORTS: N_(
        "{country} has already reported in this operation and cannot be removed."
    ),
    AdminErrorCode.LOCATION_NOT_PARTICIPATING: N_(
        "{location} is in {country}, which does not take part in this operation."
    ),
    AdminErrorCode.USER_NOT_FOUND: N_("No account named {username}."),
    AdminErrorCode.USERNAME_FORMAT: N_(
        "Use letters, digits, dots, hyphens, underscores or @, starting with a letter or a digit."
    ),
    AdminErrorCode.USERNAME_TAKEN: N_("The username {username} is already taken."),
    AdminErrorCode.PASSWORD_TOO_SHORT: N_("The password must have at least {min} characters."),
    AdminErrorCode.FOCAL_POINT_NEEDS_COUNTRY: N_("A focal point needs a country."),
    AdminErrorCode.OPERATIONS_ONLY_FOR_COMMANDERS: N_(
        "Only commanders can be restricted to some operations."
    ),
    AdminErrorCode.CANNOT_DISABLE_SELF: N_("You cannot disable your own account."),
    AdminErrorCode.ALREADY_DISABLED: N_("The account {username} is already disabled."),
    AdminErrorCode.ALREADY_ACTIVE: N_("The account {username} is already active."),
    AdminErrorCode.SCIENTIFIC_NAME_FORMAT: N_(
        "Write the scientific name as Genus species, e.g. Manis gigantea."
    ),
    AdminErrorCode.SCIENTIFIC_NAME_TAKEN: N_("{name} is already in the reference list."),
    AdminErrorCode.NOT_UNLOCODE: N_(
        "This is not a UN/LOCODE code list (a CSV file with 12 "
        "columns, as published by UNECE); problem near line "
        "{line}."
    ),
}

IN_CONTEXT: Mapping[tuple[str, str], str] = {
    (SEIZURE_PAGE, ErrorCode.OPERATION_NOT_ALLOWED): N_(
        "Your account does not cover this operation."
    ),
    (SEIZURE_PAGE, ErrorCode.SEIZURE_WITHDRAWN): N_(
        "This seizure has been withdrawn: it can no longer be verified."
    ),
    (SEIZURE_PAGE, ErrorCode.VERSION_CONFLICT): N_(
        "This seizure was changed by {by} in the meantime. The "
        "page now shows the current version: check it and try "
        "again."
    ),
    (SEIZURE_PAGE, ErrorCode.REQUIRED): N_("Give the reason for returning it to provisional."),
    (ADMIN_SCREENS, AdminErrorCode.INVALID_DATE): N_("Not a date: use YYYY-MM-DD."),
    (ADMIN_SCREENS, AdminErrorCode.UNKNOWN_CODE): N_("Unknown value {value}."),
    (ADMIN_SCREENS, AdminErrorCode.UNKNOWN_COUNTRY): N_(
        "Unknown country {value}: give an ISO 3166 alpha-3 code such as KEN."
    ),
    (ADMIN_SCREENS, AdminErrorCode.UNKNOWN_LOCATION): N_("Unknown port or place {value}."),
    (ADMIN_SCREENS, AdminErrorCode.FILE_TOO_LARGE): N_(
        "The file is too large: at most {limit} MB."
    ),
    (ADMIN_SCREENS, AdminErrorCode.EMPTY_FILE): N_("The file is empty."),
    (ADMIN_SCREENS, AdminErrorCode.UNSUPPORTED_ENCODING): N_(
        "The file's text encoding is not supported; save it as UTF-8 or Latin-1 CSV."
    ),
}

_DATE_PARAMS = ("start", "end", "today", "lock_date", "date", "first", "last")
_MB = 1024 * 1024


def _param_text(name: str, value: Any) -> str:
    """A message parameter for display (dates, numbers, lists) in the user's format."""
    if name in _DATE_PARAMS and isinstance(value, str):
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, list | tuple):
        return ", ".join(_param_text("", v) for v in value)
    return str(value)


class _Params(dict):
    """Message parameters that leave unknown names empty instead of failing."""

    def __missing__(self, key: str) -> str:
        return ""


def template(code: str, context: str | None = None) -> str | None:
    """The English sentence (msgid) of a code on a screen, or None for an unknown code."""
    code = str(code)
    return IN_CONTEXT.get((context or "", code)) or SENTENCES.get(code)


def _megabytes(size: float) -> str:
    """A size in MB, whole when it is whole ("8", "12.4")."""
    megabytes = size / _MB
    return format_number(megabytes, 0 if megabytes == int(megabytes) else 1)


def _display_params(code: str, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Parameters as a sentence shows them (file sizes in MB)."""
    params = dict(params or {})
    if code == ErrorCode.FILE_TOO_LARGE:
        return {**params, **{name: _megabytes(float(params[name]))
                             for name in ("size", "limit") if name in params}}
    if code == ErrorCode.TOO_MANY_ROWS and "limit" in params:
        return {**params, "limit": format_number(int(params["limit"]))}
    return params


def sentence(code: str, params: Mapping[str, Any] | None = None, context: str | None = None) -> str:
    """The sentence for a code and its parameters, in the user's language."""
    found = template(code, context)
    if found is None:
        return _("This value is not accepted ({code}).").format(code=str(code))
    shown = _display_params(str(code), params)
    return _(found).format_map(_Params({k: _param_text(k, v) for k, v in shown.items()}))


def sentences(errors: Iterable[Mapping[str, Any]], context: str | None = None) -> list[str]:
    """Sentences for a list of {code, params} dicts."""
    return [sentence(e.get("code", ""), e.get("params"), context) for e in errors]


def english(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The English sentence for a code (the command line is not translated)."""
    found = template(code) or str(code)
    try:
        return found.format(**dict(params or {}))
    except (KeyError, IndexError, ValueError):
        return f"{found} {dict(params or {})}"
