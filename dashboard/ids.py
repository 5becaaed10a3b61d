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
LANGUAGE_LINKS = "language-links"
LANGUAGE_LINK = "language-link"  # pattern-matching id type: {"type": LANGUAGE_LINK, "lang": ..}

OPERATION_PICKER = "operation-picker"

OVERVIEW_LIVE = LiveIds("overview")
OVERVIEW_HEADLINE = "overview-headline"
OVERVIEW_KPIS = "overview-kpis"

# The filter bar shared by the command-centre pages (values mirrored in the URL query).
FILTER_BAR = "filter-bar"
FILTER_DATES = "filter-dates"
FILTER_REGIONS = "filter-regions"
FILTER_COUNTRIES = "filter-countries"
FILTER_GROUPS = "filter-groups"
FILTER_TERMS = "filter-terms"
FILTER_MODES = "filter-modes"
FILTER_RESET = "filter-reset"
