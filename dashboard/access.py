"""Who may see what. Pages declare `roles=` in register_page; callbacks declare them with
@allow(...). The server-side guard (dashboard/server/auth.py) and the navigation bar both read
these declarations, so hiding a link and refusing a request can never disagree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

ADMIN = "admin"
COMMANDER = "commander"
FOCAL_POINT = "focal_point"
DONOR = "donor"
ALL_ROLES = (ADMIN, COMMANDER, FOCAL_POINT, DONOR)
COMMAND_CENTRE_ROLES = (ADMIN, COMMANDER)
# The donors' impact page and its downloads (anyone, when `[impact] public = true`).
IMPACT_ROLES = (ADMIN, COMMANDER, FOCAL_POINT, DONOR)

ROLES_ATTRIBUTE = "jointops_roles"
F = TypeVar("F", bound=Callable[..., Any])


def allow(*roles: str) -> Callable[[F], F]:
    """Declare the roles that may call a callback (put it under @callback)."""
    unknown = set(roles) - set(ALL_ROLES)
    if unknown or not roles:
        raise ValueError(f"allow() needs known roles, got {roles!r}")

    def mark(func: F) -> F:
        setattr(func, ROLES_ATTRIBUTE, tuple(roles))
        return func

    return mark


def roles_of(func: Callable[..., Any]) -> tuple[str, ...] | None:
    """The roles declared on a callback function, or None when it has no declaration."""
    return getattr(func, ROLES_ATTRIBUTE, None)


def page_allows(page: dict[str, Any], role: str | None) -> bool:
    """Whether a registered page may be shown to a role (pages without roles: nobody)."""
    return role is not None and role in page.get("roles", ())

PUBLIC_ATTRIBUTE = "jointops_public_when_enabled"


def public_when_enabled(func: F) -> F:
    """Let anonymous visitors call a callback when `[impact] public = true` (donors' pages)."""
    setattr(func, PUBLIC_ATTRIBUTE, True)
    return func


def is_public_when_enabled(func: Callable[..., Any]) -> bool:
    """Whether a callback may be public when the impact pages are published."""
    return bool(getattr(func, PUBLIC_ATTRIBUTE, False))
