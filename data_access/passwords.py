"""Password hashing with Argon2id (argon2-cffi's recommended parameters)."""

from __future__ import annotations

import os

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 10
# Set to "1" by tests/conftest.py only: the suite hashes and verifies passwords hundreds of
# times, about 0.1 s each with the recommended parameters. Never set it on a deployment
# (were it set, needs_rehash() upgrades every such hash at the next login once it is unset).
CHEAP_FOR_TESTS_ENV = "JOINTOPS_TEST_CHEAP_ARGON2"


def _hasher() -> PasswordHasher:
    """A hasher with the library's current recommended parameters (cheapest in tests)."""
    if os.environ.get(CHEAP_FOR_TESTS_ENV) == "1":
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher()


def hash_password(password: str) -> str:
    """Hash a password for storage."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the stored hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash uses weaker parameters than today's and should be replaced."""
    return _hasher().check_needs_rehash(password_hash)
