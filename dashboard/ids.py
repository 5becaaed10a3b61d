"""Component ids, defined once and imported wherever a layout or callback needs them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class LiveIds:
    """Ids of a live page's refresh machinery: timer, data fingerprint, "updated" label."""

    page: str

    @property
    def interval(self) -> str:
        return f"{self.page}-refresh"

    @property
    def version(self) -> str:
        return f"{self.page}-version"

    @property
    def updated(self) -> str:
        return f"{self.page}-updated"


URL = "url"
NAVBAR = "navbar"
NAV_TOGGLER = "nav-toggler"
NAV_COLLAPSE = "nav-collapse"
LANGUAGE_LINKS = "language-links"
LANGUAGE_LINK = "language-link"  # pattern-matching id type: {"type": LANGUAGE_LINK, "lang": ..}

OPERATION_PICKER = "operation-picker"

OVERVIEW_LIVE = LiveIds("overview")
OVERVIEW_HEADLINE = "overview-headline"

# The filter bar shared by the command-centre pages (values mirrored in the URL query).
FILTER_BAR = "filter-bar"
FILTER_DATES = "filter-dates"
FILTER_REGIONS = "filter-regions"
FILTER_COUNTRIES = "filter-countries"
FILTER_GROUPS = "filter-groups"
FILTER_TERMS = "filter-terms"
FILTER_MODES = "filter-modes"
FILTER_RESET = "filter-reset"

# Species page (/species)
SPECIES_LIVE = LiveIds("species")
SPECIES_APPENDICES = "species-appendices"
SPECIES_COMMODITIES = "species-commodities"
SPECIES_TOTALS = "species-totals"
SPECIES_SORT = "species-sort"
SPECIES_TABLE = "species-table"

# Daily tallies page (/daily)
DAILY_LIVE = LiveIds("daily")
DAILY_MEASURE = "daily-measure"
DAILY_STACK_BY = "daily-stack-by"
DAILY_STACK = "daily-stack"
DAILY_CUMULATIVE = "daily-cumulative"
DAILY_SHOW_ALL = "daily-show-all"
DAILY_GRID = "daily-grid"

# Reporting (/reporting): compliance matrix, rates, countries not reported today.
REPORTING_LIVE = LiveIds("reporting")
REPORTING_RATES = "reporting-rates"
REPORTING_DEADLINE = "reporting-deadline"
REPORTING_MATRIX = "reporting-matrix"
REPORTING_MATRIX_HEADER = "reporting-matrix-header"
REPORTING_MATRIX_SORT = "reporting-matrix-sort"
REPORTING_ABSENT = "reporting-absent"
REPORTING_ABSENT_SORT = "reporting-absent-sort"

# Overview (/) additions: refresh button, commodity cards, daily chart, hotspots, latest.
OVERVIEW_REFRESH_NOW = "overview-refresh-now"
OVERVIEW_COMMODITIES = "overview-commodities"
OVERVIEW_DAILY = "overview-daily"
OVERVIEW_HOTSPOTS = "overview-hotspots"
OVERVIEW_LATEST = "overview-latest"

# Map page (/map): hotspot cells, ports, countries and routes, with a side panel.
MAP_LIVE = LiveIds("map")
MAP_GRAPH = "map-graph"
MAP_LAYERS = "map-layers"
MAP_COLOUR_BY = "map-colour-by"
MAP_RESOLUTION = "map-resolution"
MAP_ZOOM_RESOLUTION = "map-zoom-resolution"
MAP_STATUS = "map-status"
MAP_PANEL = "map-panel"

# Impact pages (/impact): the donors' sanitised view, with its own operation picker.
IMPACT_OPERATION = "impact-operation"
IMPACT_CONTROLS = "impact-controls"
IMPACT_BODY = "impact-body"
IMPACT_CSV = "impact-csv"
IMPACT_PDF = "impact-pdf"
IMPACT_PRINT = "impact-print"

# Admin screens (/admin/operations, /admin/users, /admin/reference). A form field's error
# message sits in "<field id>-feedback" (dashboard/admin_components.feedback_id).
ADMIN_SUBNAV = "admin-subnav"
ADMIN_OPS_TABLE = "admin-ops-table"
ADMIN_OP_PICKER = "admin-op-picker"
ADMIN_OP_CODE = "admin-op-code"
ADMIN_OP_NAME = "admin-op-name"
ADMIN_OP_START = "admin-op-start"
ADMIN_OP_END = "admin-op-end"
ADMIN_OP_TIMEZONE = "admin-op-timezone"
ADMIN_OP_DEADLINE = "admin-op-deadline"
ADMIN_OP_LOCK = "admin-op-lock"
ADMIN_OP_STATUS = "admin-op-status"
ADMIN_OP_DESCRIPTION = "admin-op-description"
ADMIN_OP_LEADS = "admin-op-leads"
ADMIN_OP_SAVE = "admin-op-save"
ADMIN_OP_ALERT = "admin-op-alert"
ADMIN_OP_SAVED = "admin-op-saved"
ADMIN_OP_PARTICIPANTS = "admin-op-participants"
ADMIN_OP_PARTICIPANTS_SAVE = "admin-op-participants-save"
ADMIN_OP_PARTICIPANTS_ALERT = "admin-op-participants-alert"
ADMIN_OP_PARTICIPANTS_SAVED = "admin-op-participants-saved"
ADMIN_OP_PARTICIPANTS_TABLE = "admin-op-participants-table"
ADMIN_OP_PORTS = "admin-op-ports"
ADMIN_OP_PORTS_SAVE = "admin-op-ports-save"
ADMIN_OP_PORTS_ALERT = "admin-op-ports-alert"
ADMIN_OP_PORTS_SAVED = "admin-op-ports-saved"
ADMIN_USERS_TABLE = "admin-users-table"
ADMIN_NEW_USERNAME = "admin-new-username"
ADMIN_NEW_FULL_NAME = "admin-new-full-name"
ADMIN_NEW_ROLE = "admin-new-role"
ADMIN_NEW_COUNTRY = "admin-new-country"
ADMIN_NEW_LANGUAGE = "admin-new-language"
ADMIN_NEW_PASSWORD = "admin-new-password"
ADMIN_NEW_CREATE = "admin-new-create"
ADMIN_NEW_ALERT = "admin-new-alert"
ADMIN_NEW_SAVED = "admin-new-saved"
ADMIN_USER_PICKER = "admin-user-picker"
ADMIN_USER_STATE = "admin-user-state"
ADMIN_USER_COUNTRY = "admin-user-country"
ADMIN_USER_OPERATIONS = "admin-user-operations"
ADMIN_USER_ASSIGN = "admin-user-assign"
ADMIN_USER_ASSIGN_ALERT = "admin-user-assign-alert"
ADMIN_USER_ASSIGN_SAVED = "admin-user-assign-saved"
ADMIN_USER_PASSWORD = "admin-user-password"
ADMIN_USER_RESET = "admin-user-reset"
ADMIN_USER_RESET_ALERT = "admin-user-reset-alert"
ADMIN_USER_DISABLE = "admin-user-disable"
ADMIN_USER_ENABLE = "admin-user-enable"
ADMIN_USER_STATUS_ALERT = "admin-user-status-alert"
ADMIN_USER_STATUS_SAVED = "admin-user-status-saved"
ADMIN_USER_SIGN_OUT = "admin-user-sign-out"
ADMIN_USER_SIGN_OUT_ALERT = "admin-user-sign-out-alert"
ADMIN_UNLOCODE_UPLOAD = "admin-unlocode-upload"
ADMIN_UNLOCODE_REPORT = "admin-unlocode-report"
ADMIN_TAXON_NAME = "admin-taxon-name"
ADMIN_TAXON_RANK = "admin-taxon-rank"
ADMIN_TAXON_EN = "admin-taxon-en"
ADMIN_TAXON_FR = "admin-taxon-fr"
ADMIN_TAXON_PT = "admin-taxon-pt"
ADMIN_TAXON_CLASS = "admin-taxon-class"
ADMIN_TAXON_ORDER = "admin-taxon-order"
ADMIN_TAXON_FAMILY = "admin-taxon-family"
ADMIN_TAXON_APPENDIX = "admin-taxon-appendix"
ADMIN_TAXON_GROUP = "admin-taxon-group"
ADMIN_TAXON_FLAGSHIP = "admin-taxon-flagship"
ADMIN_TAXON_ADD = "admin-taxon-add"
ADMIN_TAXON_ALERT = "admin-taxon-alert"
ADMIN_TAXON_SAVED = "admin-taxon-saved"
ADMIN_TAXON_TABLE = "admin-taxon-table"
SPECIES_SUNBURST = "species-sunburst"  # replaces SPECIES_TREEMAP above (unused, can go)
ADMIN_OP_PORT_FINDER = "admin-op-port-finder"
ADMIN_OP_PORTS_TABLE = "admin-op-ports-table"
MAP_VIEW = "map-view"  # the user's last centre and zoom, so that a redraw keeps them
# A store set in each admin page's layout and written by no callback: the input that makes
# the page's listings load when it opens.
ADMIN_OPS_OPENED = "admin-ops-opened"
ADMIN_USERS_OPENED = "admin-users-opened"
ADMIN_REFERENCE_OPENED = "admin-reference-opened"
# --- security helper: the commanders' seizure page (/seizure?id=N) ---
SEIZURE_ID = "seizure-id"  # store: the seizure shown (from the URL)
SEIZURE_VERSION = "seizure-version"  # store: the version the page shows, sent with a change
SEIZURE_SAVED = "seizure-saved"  # store: written after a change, to show the page again
SEIZURE_TITLE = "seizure-title"
SEIZURE_STATUS = "seizure-status"
SEIZURE_DETAIL = "seizure-detail"
SEIZURE_ITEMS = "seizure-items"
SEIZURE_HISTORY = "seizure-history"
SEIZURE_ACTIONS = "seizure-actions"
SEIZURE_VERIFY = "seizure-verify"
SEIZURE_UNVERIFY = "seizure-unverify"
SEIZURE_UNVERIFY_REASON = "seizure-unverify-reason"
SEIZURE_ALERT = "seizure-alert"
# --- Spreadsheet upload (/report/upload; task "upload") ---------------------------------
UPLOAD_OPENED = "upload-opened"
UPLOAD_OPERATION = "upload-operation"
UPLOAD_COUNTRY = "upload-country"
UPLOAD_FILE = "upload-file"
UPLOAD_ALERT = "upload-alert"
UPLOAD_JOB = "upload-job"
UPLOAD_POLL = "upload-poll"
UPLOAD_PROGRESS = "upload-progress"
UPLOAD_REPORT = "upload-report"
UPLOAD_IMPORT_ALL = "upload-import-all"
UPLOAD_IMPORT_VALID = "upload-import-valid"
UPLOAD_ACTIONS = "upload-actions"
# --- security helper (continued): the seizure page's verification boxes ---
SEIZURE_VERIFY_BOX = "seizure-verify-box"  # shown while provisional
SEIZURE_UNVERIFY_BOX = "seizure-unverify-box"  # shown while verified
# --- Entry page (/report) ---------------------------------------------------------------
REPORT_OPENED = "report-opened"
REPORT_OPERATION = "report-operation"
REPORT_COUNTRY = "report-country"
REPORT_STATE = "report-state"  # the lock/reopen message of the chosen country
REPORT_REOPEN_BOX = "report-reopen-box"
REPORT_REOPEN_REASON = "report-reopen-reason"
REPORT_REOPEN = "report-reopen"
REPORT_REOPENED = "report-reopened"  # store: written after a reopening
REPORT_DAY_STATUS = "report-day-status"
REPORT_NIL = "report-nil"
REPORT_ALERT = "report-alert"
REPORT_FORM_TITLE = "report-form-title"
REPORT_FORM = "report-form"
REPORT_TOKEN = "report-token"  # store: the idempotency token of this form instance
REPORT_EDITING = "report-editing"  # store: {id, version, reference} while editing
REPORT_SAVE = "report-save"
REPORT_CANCEL = "report-cancel"
REPORT_SAVED = "report-saved"  # store: written after any change, refreshes the grid
REPORT_ITEMS = "report-items"
REPORT_ADD_ITEM = "report-add-item"
REPORT_ITEMS_FEEDBACK = "report-items-feedback"
REPORT_FIELD = "report-field"  # pattern id type: {"type": REPORT_FIELD, "name": field}
REPORT_FIELD_FEEDBACK = "report-field-feedback"  # {"type": ..., "name": field}
REPORT_ITEM = "report-item"  # {"type": ..., "name": field, "index": n}
REPORT_ITEM_FEEDBACK = "report-item-feedback"  # {"type": ..., "name": field, "index": n}
REPORT_ITEM_LINE = "report-item-line"  # {"type": ..., "index": n}
REPORT_ITEM_REMOVE = "report-item-remove"  # {"type": ..., "index": n}
REPORT_GRID = "report-grid"
REPORT_SHOW_WITHDRAWN = "report-show-withdrawn"
REPORT_EDIT = "report-edit"
REPORT_WITHDRAW_REASON = "report-withdraw-reason"
REPORT_WITHDRAW = "report-withdraw"
REPORT_ENTRIES_ALERT = "report-entries-alert"
REPORT_DATE = "report-date"
REPORT_FIELD_BOX = "report-field-box"  # {"type": ..., "name": field}: marks a field invalid
REPORT_ITEM_BOX = "report-item-box"  # {"type": ..., "name": field, "index": n}
