"""Every redirect the app answers stays on the app: the language switch, the login form's
`next`, and the login redirect of a signed-out visitor (issue 12, finding 3)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest

from dashboard.server.redirects import safe_local_target
from tests.auth_helpers import login

# Targets a browser would follow to another site (or that a header would mangle into one).
HOSTILE = [
    "/\t/evil.example/x", "/\n/evil.example/x", "/\r\n/evil.example/x", "/ /evil.example/x",
    "//evil.example/x", "///evil.example/x", "/\\evil.example/x", "\\\\evil.example/x",
    "/\\/evil.example/x", "https://evil.example/x", "http:/evil.example", "javascript:alert(1)",
    " //evil.example/x", "/\x00/evil.example", "\t//evil.example", "/%09/evil.example/x",
    "/%5c/evil.example", "//%09evil.example", "evil.example/x", "",
]
LOCAL = ["/", "/map", "/map?operation=THUNDER-2026", "/report/upload", "/daily?d=1#top"]


def _stays_local(location: str) -> bool:
    """Whether a Location header keeps the browser on this site, read as a browser would
    (tabs and newlines dropped, backslashes as slashes)."""
    cleaned = "".join(c for c in location if c not in "\t\r\n").replace("\\", "/")
    parts = urlsplit(cleaned)
    return (not parts.scheme and not parts.netloc and cleaned.startswith("/")
            and not cleaned.startswith("//"))


@pytest.mark.parametrize("target", HOSTILE)
def test_helper_refuses_every_other_site(target: str) -> None:
    assert safe_local_target(target) == "/"
    # Decoded once more, as a proxy might, it still cannot name another site.
    assert _stays_local(safe_local_target(unquote(target)))


@pytest.mark.parametrize("target", LOCAL)
def test_helper_keeps_local_paths(target: str) -> None:
    assert safe_local_target(target) == target


@pytest.mark.parametrize("target", HOSTILE)
def test_language_switch_never_leaves_the_site(dash_app, target: str) -> None:
    client = dash_app.server.test_client()
    response = client.get("/lang/fr", query_string={"next": target})
    assert response.status_code == 302
    assert _stays_local(response.headers["Location"]), response.headers["Location"]


def test_language_switch_raw_tab_from_the_issue(dash_app) -> None:
    client = dash_app.server.test_client()
    response = client.get("/lang/en?next=/%09/evil.example/x")
    assert _stays_local(response.headers["Location"]), response.headers["Location"]
    assert client.get("/lang/en?next=/map%3Foperation%3DX").headers["Location"] == \
        "/map?operation=X"


@pytest.mark.parametrize("target", HOSTILE)
def test_login_next_never_leaves_the_site(dash_app, target: str) -> None:
    client = dash_app.server.test_client()
    response = login(client, "commander", next_path=target)
    assert response.status_code == 302
    assert _stays_local(response.headers["Location"]), response.headers["Location"]


def test_login_next_keeps_a_local_page(dash_app) -> None:
    client = dash_app.server.test_client()
    response = login(client, "commander", next_path="/map?operation=THUNDER-2026")
    assert response.headers["Location"] == "/map?operation=THUNDER-2026"


def test_login_form_renders_only_a_safe_next(dash_app) -> None:
    client = dash_app.server.test_client()
    page = client.get("/login", query_string={"next": "/\t/evil.example/x"})
    assert 'name="next" value="/"' in page.get_data(as_text=True)


def test_signed_out_visitor_is_sent_to_login_with_a_local_next(dash_app) -> None:
    client = dash_app.server.test_client()
    response = client.get("//evil.example/x")
    location = response.headers["Location"]
    assert response.status_code == 302 and location.startswith("/login?next=")
    assert _stays_local(location)
