"""Small builders of valid rows for tests (unique codes so shared databases do not clash)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Operation, OperationCountry, Seizure, SeizureItem, Taxon


def unique(prefix: str) -> str:
    """A short unique code."""
    return f"{prefix}-{uuid.uuid4().hex[:8].upper()}"


def make_operation(session: Session, *, start: dt.date = dt.date(2026, 11, 11), days: int = 28,
                   countries: tuple[str, ...] = ("KEN", "NGA", "FRA")) -> Operation:
    """An active operation with a few participating countries."""
    operation = Operation(code=unique("TEST"), name="Test operation", start_date=start,
                          end_date=start + dt.timedelta(days=days - 1), status="active",
                          timezone="Africa/Nairobi")
    session.add(operation)
    session.flush()
    for iso in countries:
        session.add(OperationCountry(operation_id=operation.id, country_iso3=iso))
    session.flush()
    return operation


def make_seizure(session: Session, operation: Operation, *, country: str = "KEN",
                 reference: str | None = None, quantity: float = 12.5,
                 date: dt.date | None = None) -> Seizure:
    """A seizure with one ivory item, country level."""
    taxon_id = session.execute(
        select(Taxon.id).where(Taxon.scientific_name == "Loxodonta africana")
    ).scalar_one()
    seizure = Seizure(
        operation_id=operation.id, reporting_country=country,
        seizure_date=date or operation.start_date, geo_precision="country",
        seizure_point="export", transport_mode="air_passenger", detection_method="x_ray",
        national_reference=reference or unique("REF"),
    )
    seizure.items.append(SeizureItem(taxon_id=taxon_id, term_code="TUS", quantity=quantity,
                                     unit_code="KIL"))
    session.add(seizure)
    session.flush()
    return seizure
