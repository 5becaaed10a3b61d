"""The sanitised impact reports the donors' page and its downloads show: the release policy
configured for this app, who may see them, and each report loaded once into the app's cache
(dashboard/server/cache.py) while neither the operations compared nor the policy change.

A released operation rarely changes, and at a million seizures a report takes seconds to
count while its data version takes a fraction of a second: the cache key holds the policy,
the release date and the data version of every operation compared, so a new entry in any of
them (or the release window moving on) makes the next request count again.
"""

from __future__ import annotations

from dashboard.access import IMPACT_ROLES
from dashboard.context import current_impact_scope, current_principal, current_settings
from dashboard.database import read_session
from dashboard.server.cache import remembered
from data_access.queries import filter_options, impact
from data_access.queries.impact import ImpactReport, Release

CACHE_NAME = "impact.report"


def release_policy() -> Release:
    """The release policy configured for this app ([impact] in config.toml)."""
    settings = current_settings().impact
    return Release(min_count=settings.min_count, delay_days=settings.delay_days)


def load_report(code: str | None) -> ImpactReport | None:
    """The sanitised report of an operation under the configured policy, None when it is not
    released or not in the visitor's scope; from the app's cache while nothing it counts
    has changed."""
    release = release_policy()
    with read_session() as session:
        operation = impact.released_operation(session, code, release)
        if operation is None or not current_impact_scope().contains(operation.id):
            return None
        compared = [operation, *impact.earlier_operations(session, operation, release)]
        key = (release.min_count, release.delay_days, operation.released_to,
               tuple((op.code, op.released_to, filter_options.data_version(session, op.id))
                     for op in compared))
        return remembered(CACHE_NAME, key,
                          lambda: impact.impact_report(session, operation.code, release))


def may_see_impact() -> bool:
    """Whether the current request may see the impact figures."""
    principal = current_principal()
    if principal is not None:
        return principal.role in IMPACT_ROLES
    return current_settings().impact.public
