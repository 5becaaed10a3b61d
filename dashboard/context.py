"""Who is asking, for the request being served: the signed-in principal and the operations
it may read. Imports nothing of the dashboard above it, so any module may use it."""

from __future__ import annotations

import flask
import flask_login

from data_access.authentication import Principal
from data_access.scope import OperationScope, impact_scope, operation_scope


def current_principal() -> Principal | None:
    """The signed-in principal of this request, or None."""
    if not flask.has_request_context():
        return None
    user = flask_login.current_user
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.principal


def current_role() -> str | None:
    """The role of the signed-in user, or None."""
    principal = current_principal()
    return principal.role if principal else None


def current_scope() -> OperationScope:
    """The live operations the signed-in user may read (none when signed out)."""
    return operation_scope(current_principal())


def current_impact_scope() -> OperationScope:
    """The operations whose released results the visitor may read on the impact pages."""
    return impact_scope(current_principal())
