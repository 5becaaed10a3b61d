"""Browser journey of the spreadsheet upload page, in headless Chromium.

This journey imports seizures, and other tests count the shared demo database's 800
seizures. So the app is served here by its own process (`jointops serve`, as in
production) on a copy of the demo database; `live_server` is overridden for this module,
so `watched_page` checks requests against that server.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from data_access.importer import COLUMN_NAMES
from data_access.models import Seizure
from tests.auth_helpers import browser_login
from tests.conftest import DEMO_TODAY
from tests.factories import unique
from tests.served import served_demo


@pytest.fixture(scope="module")
def upload_server(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[tuple[str, Path]]:
    """`jointops serve` on a copy of the demo database: (base URL, database path)."""
    with served_demo(demo_db_path, tmp_path_factory.mktemp("upload-server"),
                     "upload-journey-secret") as served:
        yield served


@pytest.fixture(scope="module")
def live_server(upload_server: tuple[str, Path]) -> str:
    """The private server replaces the session's shared one for this module."""
    return upload_server[0]


def _row(reference: str, date: dt.date, species: str = "Loxodonta africana",
         quantity: str = "2") -> list[str]:
    values = dict.fromkeys(COLUMN_NAMES, "")
    values.update(national_reference=reference, seizure_date=date.strftime("%d/%m/%Y"),
                  location_code="NBO", seizure_point="export", transport_mode="air_passenger",
                  detection_method="x_ray", destination_country="Viet Nam", species=species,
                  cites_term="TUS", quantity=quantity, unit="kg", live="no")
    return [values[c] for c in COLUMN_NAMES]


def _file(path: Path, prefix: str) -> list[str]:
    """A Kenyan file: two valid seizures, two rejected rows. Returns the valid refs."""
    day = DEMO_TODAY - dt.timedelta(days=1)
    rows = [_row(f"{prefix}-1", day), _row(f"{prefix}-2", day, "Pangolin géant"),
            _row(f"{prefix}-3", day, "Unicornus imaginarius"),
            _row(f"{prefix}-4", day, quantity="0")]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return [f"{prefix}-1", f"{prefix}-2"]


def _count(database: Path, references: list[str]) -> int:
    engine = create_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        found = session.execute(select(func.count(Seizure.id)).where(
            Seizure.national_reference.in_(references))).scalar_one()
    engine.dispose()
    return found


def test_focal_point_uploads_file_with_errors_and_imports_the_valid_rows(
        watched_page, upload_server, tmp_path: Path) -> None:
    page, _watch = watched_page
    url, database = upload_server
    path = tmp_path / "kenya-seizures.csv"
    valid = _file(path, unique("KE-WEB"))
    browser_login(page, url, "fp-ken", path="/report/upload")
    expect(page.get_by_role("heading", name="Upload a spreadsheet")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the entry form")).to_have_attribute(
        "href", "/report")
    country = page.get_by_label("Reporting country")
    expect(country).to_have_value("KEN")
    expect(country).to_be_disabled()
    expect(page.get_by_label("Operation")).to_have_value(re.compile(r"\d+"))

    page.locator("#upload-file input[type=file]").set_input_files(str(path))
    report = page.locator("#upload-report")
    expect(report).to_contain_text("kenya-seizures.csv: 4 rows read.")
    expect(report).to_contain_text("2 rows are rejected.")
    table = page.locator("#upload-rejects-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text('Unknown species "Unicornus imaginarius".')
    expect(table).to_contain_text("The quantity must be greater than zero.")
    expect(page.get_by_role("link", name="Download every rejected row (CSV)")).to_be_visible()
    expect(page.get_by_role("button", name="Import all")).to_be_disabled()
    assert _count(database, valid) == 0

    page.get_by_role("button", name="Import only the valid seizures").click()
    expect(report).to_contain_text("2 seizures created, 0 updated, 2 items saved.")
    expect(report).to_contain_text("2 rejected rows were not imported.")
    expect(page.get_by_role("link", name="See the seizures in Our entries")).to_have_attribute(
        "href", "/report")
    # Nothing left to import from this upload: the buttons are gone.
    expect(page.locator("#upload-import-valid")).to_be_hidden()
    expect(page.locator("#upload-import-all")).to_be_hidden()
    assert _count(database, valid) == 2
