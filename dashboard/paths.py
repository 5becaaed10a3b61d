"""Every URL of the app in one place: pages, downloads, login, map layers, and the helpers
that add a query string. Pages register their path from here, links and Flask routes read
them from here, so a URL is typed once. Imports nothing of the dashboard.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

# --- accounts and the frame ----------------------------------------------------------------
LOGIN = "/login"
LOGOUT = "/logout"
LOGOUT_EVERYWHERE = "/logout/everywhere"
HEALTH = "/healthz"
LANGUAGE_PREFIX = "/lang/"  # + a language code: remember it, then go back to ?next=
ASSETS_PREFIX = "/assets/"  # Dash's static files (assets_folder)
VENDOR_ASSETS = ASSETS_PREFIX + "vendor/"  # Bootstrap and its icons, served locally
TOPOJSON_ASSETS = ASSETS_PREFIX + "topojson/"  # plotly's world outlines, served locally
NEXT_ARG = "next"

# --- pages ---------------------------------------------------------------------------------
HOME = "/"
OVERVIEW = HOME
MAP = "/map"
SPECIES = "/species"
DAILY = "/daily"
REPORTING = "/reporting"
REPORT = "/report"
REPORT_UPLOAD = "/report/upload"
SEIZURE = "/seizure"
IMPACT = "/impact"
ADMIN_OPERATIONS = "/admin/operations"
ADMIN_USERS = "/admin/users"
ADMIN_REFERENCE = "/admin/reference"

# --- downloads -----------------------------------------------------------------------------
UPLOAD_TEMPLATE_CSV = "/report/upload/template.csv"
UPLOAD_TEMPLATE_XLSX = "/report/upload/template.xlsx"
UPLOAD_REJECTS_CSV = "/report/upload/rejects.csv"
UPLOAD_TOKEN_ARG = "upload"
IMPACT_CSV = "/impact/export.csv"
IMPACT_PDF = "/impact/report.pdf"
IMPACT_OPERATION_ARG = "operation"

# --- map layers ----------------------------------------------------------------------------
COUNTRIES_GEOJSON = "/geo/countries.geojson"


def language_route() -> str:
    """The Flask rule of the language switch."""
    return LANGUAGE_PREFIX + "<language>"


def language_href(code: str, target: str | None = None) -> str:
    """The link that switches to a language and goes back to `target` (a local path)."""
    if target is None:
        return f"{LANGUAGE_PREFIX}{code}"
    return f"{LANGUAGE_PREFIX}{code}?{NEXT_ARG}={quote(target, safe='')}"


def login_href(target: str) -> str:
    """The login page, coming back to `target` once signed in."""
    return f"{LOGIN}?{urlencode({NEXT_ARG: target})}"


def seizure_href(seizure_id: int) -> str:
    """The commanders' page of one seizure (details, history, verification)."""
    return f"{SEIZURE}?id={int(seizure_id)}"


def operation_edit_href(code: str) -> str:
    """The operations screen with one operation open for editing."""
    return f"{ADMIN_OPERATIONS}?edit={code}"


def rejects_href(token: str) -> str:
    """Where the CSV of all rejected rows of an upload is downloaded."""
    return f"{UPLOAD_REJECTS_CSV}?{UPLOAD_TOKEN_ARG}={token}"


def impact_download_href(path: str, code: str | None) -> str | None:
    """The address of an impact download (IMPACT_CSV or IMPACT_PDF) for an operation."""
    return f"{path}?{urlencode({IMPACT_OPERATION_ARG: code})}" if code else None
