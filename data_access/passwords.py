"""Password hashing with Argon2id (argon2-cffi's recommended parameters)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 10


def _hasher() -> PasswordHasher:
    """A hasher with the library's current recommended parameters."""
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
