"""One check for every redirect target the app takes from a request: a path on this site.

Browsers drop tabs and newlines from a Location header and read a backslash as a slash, so
"/\\t/evil.example" or "/\\\\evil.example" turn into "//evil.example" (another site) after a
naive "starts with / and not //" test. The target is therefore refused when it holds any
control character, whitespace or backslash (also once percent-decoded, in case a proxy
decodes it), and is then parsed: no scheme, no host, a path starting with one slash.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from dashboard.paths import HOME

# Longer targets are not pages of this app; refusing them keeps headers small.
MAX_TARGET_LENGTH = 2048


def _has_unsafe_characters(text: str) -> bool:
    """Whether text holds a control character, whitespace or a backslash."""
    return any(c.isspace() or c == "\\" or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F
               for c in text)


def _is_local_path(text: str) -> bool:
    """Whether a URL, as parsed, is a path on this site (no scheme, no host)."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    # "///host" parses as an empty host and the path "/host", yet browsers read the host.
    return (not parts.scheme and not parts.netloc and text.startswith("/")
            and not text.startswith("//") and not parts.path.startswith("//"))


def safe_local_target(target: str | None, default: str = HOME) -> str:
    """`target` when it is a path on this site, else `default`."""
    if not target or len(target) > MAX_TARGET_LENGTH:
        return default
    decoded = unquote(target)
    if _has_unsafe_characters(target) or _has_unsafe_characters(decoded):
        return default
    if not (_is_local_path(target) and _is_local_path(decoded)):
        return default
    return target
