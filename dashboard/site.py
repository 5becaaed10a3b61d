"""Every page of the app in one table: its URL, its name in the navigation bar and its place
there, and the roles that may see it. Each page module registers itself from this table
(`register_page(__name__)`), so the site map is read here, in one place, by a newcomer as by
the navigation bar and the server-side guard (both read Dash's page registry it fills)."""

from __future__ import annotations

from dataclasses import dataclass

import dash

from dashboard import paths
from dashboard.access import ADMIN, COMMAND_CENTRE_ROLES, COMMANDER, FOCAL_POINT, IMPACT_ROLES
from dashboard.i18n import N_

REPORTING_ROLES = (ADMIN, COMMANDER, FOCAL_POINT)


@dataclass(frozen=True)
class PageEntry:
    """One page: `name` is translated where it is shown; `nav` puts it in the navigation
    bar at `order`; `public_when_enabled` opens it to anonymous visitors when
    `[impact] public = true`."""

    path: str
    name: str
    title: str
    order: int
    roles: tuple[str, ...]
    nav: bool = False
    public_when_enabled: bool = False


# Keyed by the page module's name in dashboard/pages/.
PAGES: dict[str, PageEntry] = {
    "overview": PageEntry(paths.OVERVIEW, N_("Overview"), "jointops", 0,
                          COMMAND_CENTRE_ROLES, nav=True),
    "map": PageEntry(paths.MAP, N_("Map"), "jointops · map", 1, COMMAND_CENTRE_ROLES, nav=True),
    "species": PageEntry(paths.SPECIES, N_("Species"), "jointops · species", 2,
                         COMMAND_CENTRE_ROLES, nav=True),
    "daily": PageEntry(paths.DAILY, N_("Daily tallies"), "jointops · daily tallies", 3,
                       COMMAND_CENTRE_ROLES, nav=True),
    "reporting": PageEntry(paths.REPORTING, N_("Reporting"), "jointops · reporting", 4,
                           COMMAND_CENTRE_ROLES, nav=True),
    "report": PageEntry(paths.REPORT, N_("Report seizures"), "jointops · report", 5,
                        REPORTING_ROLES, nav=True),
    "impact": PageEntry(paths.IMPACT, N_("Impact"), "jointops · impact", 8, IMPACT_ROLES,
                        nav=True, public_when_enabled=True),
    "admin_operations": PageEntry(paths.ADMIN_OPERATIONS, N_("Admin"), "jointops · admin", 9,
                                  (ADMIN,), nav=True),
    "admin_users": PageEntry(paths.ADMIN_USERS, N_("Users"), "jointops · admin", 9, (ADMIN,)),
    "admin_reference": PageEntry(paths.ADMIN_REFERENCE, N_("Reference data"),
                                 "jointops · admin", 9, (ADMIN,)),
    "seizure": PageEntry(paths.SEIZURE, N_("Seizure"), "jointops · seizure", 20,
                         COMMAND_CENTRE_ROLES),
    "report_upload": PageEntry(paths.REPORT_UPLOAD, N_("Upload a spreadsheet"),
                               "jointops · upload", 21, REPORTING_ROLES),
}


def register_page(module_name: str) -> None:
    """Register the page module `module_name` (its `__name__`) with its entry of PAGES."""
    entry = PAGES[module_name.rsplit(".", 1)[-1]]
    extra = {"public_when_enabled": True} if entry.public_when_enabled else {}
    dash.register_page(module_name, path=entry.path, name=entry.name, title=entry.title,
                       nav=entry.nav, order=entry.order, roles=entry.roles, **extra)
