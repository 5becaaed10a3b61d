"""The one set of builders of valid rows for tests: operations, seizures and accounts.

Codes, references and usernames are unique, so that tests sharing a database (the run's
PostgreSQL schema, the session's demo file) cannot clash.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import cites
from data_access.authentication import Principal, principal_of
from data_access.db import create_db_engine
from data_access.models import (
    Location,
    Operation,
    OperationCountry,
    Seizure,
    SeizureItem,
    SeizureTransit,
    Taxon,
    User,
)
from data_access.users import add_user
from geo.cells import cells_for_point


def unique(prefix: str) -> str:
    """A short unique code."""
    return f"{prefix}-{uuid.uuid4().hex[:8].upper()}"


# --- operations ---------------------------------------------------------------------------

def make_operation(session: Session, *, start: dt.date = dt.date(2026, 11, 11), days: int = 28,
                   countries: tuple[str, ...] = ("KEN", "NGA", "FRA"), status: str = "active",
                   focal_point_name: str | None = None, **fields: object) -> Operation:
    """An operation of `days` days from `start` with a few participating countries; any
    other column (name, timezone, description, ...) goes in `fields`."""
    columns: dict[str, object] = {"code": unique("TEST"), "name": "Test operation",
                                  "timezone": "Africa/Nairobi", **fields}
    operation = Operation(start_date=start, end_date=start + dt.timedelta(days=days - 1),
                          status=status, **columns)
    session.add(operation)
    session.flush()
    for iso in countries:
        session.add(OperationCountry(operation_id=operation.id, country_iso3=iso,
                                     focal_point_name=focal_point_name))
    session.flush()
    return operation


# --- seizures -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One seized item. Its harmonised quantity is derived from quantity and unit as the
    entry form does, unless `base_quantity` and `base_class` are given."""

    taxon_id: int
    term: str
    quantity: float
    unit: str
    base_quantity: float | None = None
    base_class: str | None = None
    live: bool = False

    def row(self, position: int) -> SeizureItem:
        """The item as a row at this position."""
        base = ((self.base_quantity, self.base_class) if self.base_class is not None
                else cites.to_base_quantity(self.quantity, self.unit) or (None, None))
        return SeizureItem(position=position, taxon_id=self.taxon_id, term_code=self.term,
                           quantity=self.quantity, unit_code=self.unit, is_live=self.live,
                           base_quantity=base[0], base_class=base[1])


def taxon_id(session: Session, scientific_name: str | None = None, *,
             group: str | None = None) -> int:
    """A reference taxon by scientific name, or the first of a display group."""
    statement = select(Taxon.id).order_by(Taxon.id).limit(1)
    statement = (statement.where(Taxon.scientific_name == scientific_name) if scientific_name
                 else statement.where(Taxon.display_group == group))
    return session.execute(statement).scalar_one()


def location(session: Session, code: str) -> Location:
    """A reference location (port, airport) by its code."""
    return session.execute(select(Location).where(Location.code == code)).scalar_one()


def ivory(session: Session, kg: float = 12.5) -> Item:
    """Raw elephant ivory (tusks) by weight."""
    return Item(taxon_id(session, "Loxodonta africana"), "TUS", kg, "KIL")


def make_seizure(session: Session, operation: Operation, *, country: str = "KEN",
                 date: dt.date | None = None, day: int | None = None,
                 items: Iterable[Item] | None = None,
                 quantity: float = 12.5, place: Location | None = None,
                 point: tuple[float, float] | None = None, transits: Iterable[str] = (),
                 reference: str | None = None, **fields: object) -> Seizure:
    """A seizure of `country` on `date`, or on the operation's `day` (1 = its first day).

    Where: at a reference `place`, at explicit `point` coordinates, or at country level;
    its map cells are computed as the entry form does. What: `items`, by default one item
    of `quantity` kg of ivory. Any other column (origin_country, suspects_arrested,
    deleted, notes, ...) goes in `fields`.
    """
    if date is None:
        date = operation.start_date + dt.timedelta(days=(day or 1) - 1)
    latitude, longitude = (place.latitude, place.longitude) if place else (point or (None, None))
    columns: dict[str, object] = {
        "seizure_point": "export", "transport_mode": "air_passenger",
        "detection_method": "x_ray", **fields}
    seizure = Seizure(
        operation_id=operation.id, reporting_country=country,
        seizure_date=date, location_id=place.id if place else None,
        latitude=latitude, longitude=longitude,
        geo_precision="location" if place else ("coordinates" if point else "country"),
        **cells_for_point(latitude, longitude),
        national_reference=reference or unique("REF"), **columns)
    for position, item in enumerate([ivory(session, quantity)] if items is None else items, 1):
        seizure.items.append(item.row(position))
    session.add(seizure)
    session.flush()
    # Transits written out of order: readers must follow `position`, not insertion order.
    for position, iso3 in reversed(list(enumerate(transits, 1))):
        session.add(SeizureTransit(seizure_id=seizure.id, position=position, country_iso3=iso3))
    session.flush()
    return seizure


# --- accounts -----------------------------------------------------------------------------

def make_user(session: Session, role: str, country: str | None = None, *,
              password: str | None = None) -> User:
    """An account of that role with a unique name. Without a password it cannot sign in
    (enough for data-layer tests); with one it is made as an administrator would."""
    username = unique(role).lower()
    if password is not None:
        return add_user(session, username=username, password=password, role=role,
                        country_iso3=country)
    user = User(username=username, password_hash="x", role=role, country_iso3=country)
    session.add(user)
    session.flush()
    return user


def make_principal(session: Session, role: str, country: str | None = None) -> Principal:
    """What a signed-in account of that role carries into the data layer."""
    return principal_of(session, make_user(session, role, country))


def new_account(database_url: str, password: str, role: str = "commander",
                country: str | None = None) -> str:
    """An account that can sign in to the app on `database_url`; its username."""
    engine = create_db_engine(database_url)
    try:
        with Session(engine) as session, session.begin():
            return make_user(session, role, country, password=password).username
    finally:
        engine.dispose()
