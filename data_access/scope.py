"""Which operations a user may read: the one rule that every page, export and download
resolves an operation through (see queries.filter_options.resolve_operation).

- an admin, and a commander with no restriction: every operation;
- a commander restricted to some operations (admin.assign_account): those only;
- a focal point: the operations its country takes part in;
- anyone else (donors, visitors): no live operation; the donors' impact pages go through
  the release policy instead (queries.impact), narrowed by `impact_scope`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, select, true

from data_access.authentication import Principal
from data_access.models import Operation, OperationCountry
from data_access.roles import ADMIN, COMMANDER, FOCAL_POINT


@dataclass(frozen=True)
class OperationScope:
    """The operations a user may read. `operation_ids` None means no limit by id; a
    `country_iso3` limits to the operations that country takes part in."""

    operation_ids: frozenset[int] | None = None
    country_iso3: str | None = None

    @property
    def is_unlimited(self) -> bool:
        """Whether every operation is in scope."""
        return self.operation_ids is None and self.country_iso3 is None

    def condition(self, column: ColumnElement[int] = Operation.id) -> ColumnElement[bool]:
        """SQL condition on an operation id column: true for operations in scope."""
        if self.is_unlimited:
            return true()
        if self.operation_ids is not None and not self.operation_ids:
            return false()
        conditions = []
        if self.operation_ids is not None:
            conditions.append(column.in_(sorted(self.operation_ids)))
        if self.country_iso3 is not None:
            conditions.append(column.in_(
                select(OperationCountry.operation_id)
                .where(OperationCountry.country_iso3 == self.country_iso3)))
        return conditions[0] if len(conditions) == 1 else conditions[0] & conditions[1]

    def contains(self, operation_id: int, taking_part: frozenset[str] = frozenset()) -> bool:
        """Whether an operation (with the countries taking part in it) is in scope."""
        if self.operation_ids is not None and operation_id not in self.operation_ids:
            return False
        return self.country_iso3 is None or self.country_iso3 in taking_part


EVERY_OPERATION = OperationScope()
NO_OPERATION = OperationScope(operation_ids=frozenset())


def operation_scope(principal: Principal | None) -> OperationScope:
    """The live operations a principal may read (pages, figures, exports, downloads)."""
    if principal is None:
        return NO_OPERATION
    if principal.role == ADMIN:
        return EVERY_OPERATION
    if principal.role == COMMANDER:
        return (OperationScope(operation_ids=frozenset(principal.operation_ids))
                if principal.operation_ids else EVERY_OPERATION)
    if principal.role == FOCAL_POINT and principal.country_iso3:
        return OperationScope(country_iso3=principal.country_iso3)
    return NO_OPERATION


def impact_scope(principal: Principal | None) -> OperationScope:
    """The operations whose released results a principal may read on the impact pages:
    the release policy decides for donors and visitors; a restricted commander still sees
    only its own operations."""
    if principal is not None and principal.role == COMMANDER and principal.operation_ids:
        return OperationScope(operation_ids=frozenset(principal.operation_ids))
    return EVERY_OPERATION
