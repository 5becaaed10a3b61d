"""Component ids, defined once and imported wherever a layout or callback needs them."""

URL = "url"
NAVBAR = "navbar"
LANGUAGE_LINKS = "language-links"
LANGUAGE_LINK = "language-link"  # pattern-matching id type: {"type": LANGUAGE_LINK, "lang": ..}

OPERATION_PICKER = "operation-picker"
REFRESH_INTERVAL = "refresh-interval"
UPDATED_AT = "updated-at"

OVERVIEW_HEADLINE = "overview-headline"
OVERVIEW_KPIS = "overview-kpis"
