"""Requests and bytes per page, as a browser loads them: open each page in headless
Chromium, logged in, and count every request, the bytes that crossed the wire and the
Dash callback calls until the page is idle.

    python bench/page_weight.py http://127.0.0.1:8050 [--user commander] [--password ...]

Prints a table; with --json PATH also writes the figures. Measures, never asserts.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CALLBACK_PATH = "/_dash-update-component"
PAGES = {
    "commander": ["/", "/map", "/species", "/daily", "/reporting", "/impact"],
    "donor": ["/impact"],
    "focal_point": ["/report", "/report/upload", "/impact"],
    "admin": ["/admin/operations", "/admin/users", "/admin/reference"],
}


@dataclass
class PageWeight:
    """What one page load cost."""

    path: str
    requests: int = 0
    callbacks: int = 0
    wire_bytes: int = 0  # response bodies as sent (compressed when the server compresses)
    body_bytes: int = 0  # response bodies after decoding
    callback_bytes: int = 0
    seconds: float = 0.0
    callback_ms: list[float] = field(default_factory=list)  # request sent to response end
    types: dict[str, int] = field(default_factory=dict)


def _login(page, base: str, user: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(base) + r"/.*"))
    page.wait_for_load_state("networkidle")


def _count(request, weight: PageWeight) -> None:
    """Add one finished request to a page's weight (read now: bodies go with navigation)."""
    sizes = request.sizes()
    response = request.response()
    try:
        body = len(response.body()) if response else 0
    except Exception:  # a redirect or a body Chromium no longer holds
        body = 0
    weight.requests += 1
    weight.wire_bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    weight.body_bytes += body
    weight.types[request.resource_type] = weight.types.get(request.resource_type, 0) + 1
    if CALLBACK_PATH in request.url:
        weight.callbacks += 1
        weight.callback_bytes += body
        timing = request.timing
        if timing["responseEnd"] > 0 and timing["requestStart"] >= 0:
            weight.callback_ms.append(round(timing["responseEnd"] - timing["requestStart"], 1))


def measure(base: str, user: str, password: str, paths: list[str],
            settle_ms: int = 1500) -> list[PageWeight]:
    """Load each path once in a fresh tab of a logged-in browser and weigh it."""
    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        _login(context.new_page(), base, user, password)
        for path in paths:
            page = context.new_page()
            weight = PageWeight(path=path)
            page.on("requestfinished", lambda request, w=weight: _count(request, w))
            start = time.perf_counter()
            page.goto(f"{base}{path}")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(settle_ms)
            weight.seconds = round(time.perf_counter() - start - settle_ms / 1000, 2)
            page.close()
            results.append(weight)
        browser.close()
    return results


def _table(results: list[PageWeight]) -> str:
    head = f"{'page':<20}{'requests':>9}{'callbacks':>10}{'wire KB':>9}{'body KB':>9}" \
           f"{'callback KB':>12}{'cb median ms':>13}{'cb max ms':>10}{'load s':>8}"
    rows = [head] + [
        f"{r.path:<20}{r.requests:>9}{r.callbacks:>10}{r.wire_bytes / 1024:>9.0f}"
        f"{r.body_bytes / 1024:>9.0f}{r.callback_bytes / 1024:>12.0f}"
        f"{statistics.median(r.callback_ms or [0]):>13.0f}{max(r.callback_ms or [0]):>10.0f}"
        f"{r.seconds:>8.2f}" for r in results]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the app's address, e.g. http://127.0.0.1:8050")
    parser.add_argument("--user", default="commander")
    parser.add_argument("--role", default="commander", choices=sorted(PAGES))
    parser.add_argument("--password", default="demo-jointops")
    parser.add_argument("--path", action="append", help="page to weigh (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    results = measure(args.base.rstrip("/"), args.user, args.password,
                      args.path or PAGES[args.role])
    print(_table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
