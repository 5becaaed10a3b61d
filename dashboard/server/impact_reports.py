"""The sanitised impact reports the donors' page and its downloads show: the release policy
configured for this app, who may see them, and each report loaded once into the app's cache
(dashboard/server/cache.py) while neither the operations compared nor the policy change.

A released operation rarely changes, and at a million seizures a report takes seconds to
count while its data version takes a fraction of a second: the cache key holds the policy,
the release date and the data version of every operation compared, so a new entry in any of
them (or the release window moving on) makes the next request count again.
"""

from __future__ import annotations

from dashboard.context import current_impact_scope, current_settings
from dashboard.database import read_session
from dashboard.server.cache import cached_output
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
        versions = [(op.code, op.released_to, filter_options.data_version(session, op.id))
                    for op in compared]
    return _counted_report(operation.code, release.min_count, release.delay_days, versions)


@cached_output(CACHE_NAME)
def _counted_report(code: str, min_count: int, delay_days: int,
                    _versions: list[tuple]) -> ImpactReport:
    """The report counted in the database, remembered while the policy, the release date and
    the data versions of the operations compared stay the same."""
    with read_session() as session:
        return impact.impact_report(session, code,
                                    Release(min_count=min_count, delay_days=delay_days))


def impact_is_public() -> bool:
    """Whether anonymous visitors may see the impact figures (`[impact] public`)."""
    return current_settings().impact.public
