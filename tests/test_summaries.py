"""The summary tables stay exact: after creates, edits, withdrawals, nil returns, imports,
raw ORM writes and deletes, recomputing them from the raw seizures gives identical rows
(SQLite and PostgreSQL), and the operation's data version moves with every write."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from data_access import summaries
from data_access.authentication import Principal, principal_of
from data_access.db import make_session_factory, session_scope, writer_engine
from data_access.importer import import_seizures
from data_access.models import Location, Seizure, SeizureTransit, Taxon, User
from data_access.queries.filter_options import data_version
from data_access.seizures import (
    create_seizure,
    record_nil_return,
    update_seizure,
    withdraw_seizure,
)
from data_access.validation import ItemInput, SeizureInput
from tests.factories import make_operation, make_seizure, unique

START = dt.date(2025, 3, 3)  # the import fixtures' operation: 3 to 30 March 2025
IMPORTS = Path(__file__).resolve().parent / "data" / "import"


@dataclass
class World:
    factory: sessionmaker[Session]
    operation_id: int
    fp_ken: Principal
    fp_nga: Principal
    elephant: int
    pangolin: int
    orchid: int
    nbo: int


@pytest.fixture
def world(engine: Engine) -> World:
    factory = make_session_factory(writer_engine(engine))
    with session_scope(factory) as session:
        operation = make_operation(session, start=START)
        taxa = dict(session.execute(select(Taxon.scientific_name, Taxon.id)).all())
        pangolin = next(i for name, i in taxa.items() if name.startswith("Manis"))
        orchid = session.execute(select(Taxon.id).where(
            Taxon.display_group == "plants")).scalars().first()
        principals = []
        for country in ("KEN", "NGA"):
            user = User(username=unique("s-fp").lower(), password_hash="x",
                        role="focal_point", country_iso3=country)
            session.add(user)
            session.flush()
            principals.append(principal_of(session, user))
        nbo = session.execute(select(Location.id).where(Location.code == "NBO")).scalar_one()
        return World(factory, operation.id, *principals, taxa["Loxodonta africana"],
                     pangolin, orchid, nbo)


def entry(world: World, **changes) -> SeizureInput:
    base = SeizureInput(
        operation_id=world.operation_id, reporting_country="KEN",
        national_reference=unique("KE"), seizure_date=START + dt.timedelta(days=2),
        seizure_point="export", transport_mode="air_passenger", detection_method="x_ray",
        items=(ItemInput(world.elephant, "TUS", 12.5, "KIL"),), location_id=world.nbo,
        origin_country="KEN", destination_country="VNM", suspects_arrested=1)
    return replace(base, **changes)


def summary_rows(session: Session, operation_id: int) -> dict[str, list[tuple]]:
    """Every summary row of the operation, and its data version, in a stable order."""
    out = {}
    for model in summaries.SUMMARY_MODELS:
        columns = [c for c in model.__table__.columns]
        rows = session.execute(select(*columns).where(model.operation_id == operation_id)
                               .order_by(*columns)).all()
        out[model.__tablename__] = [
            tuple(float(v) if isinstance(v, float) else v for v in row) for row in rows]
    return out


def assert_matches_rebuild(world: World) -> dict[str, list[tuple]]:
    """The maintained summaries equal a rebuild from the raw rows (rolled back after)."""
    with world.factory() as session:
        kept = summary_rows(session, world.operation_id)
        summaries.rebuild_summaries(session, world.operation_id)
        rebuilt = summary_rows(session, world.operation_id)
        session.rollback()
    assert_same_rows(kept, rebuilt)
    return kept


def assert_same_rows(kept: dict[str, list[tuple]], rebuilt: dict[str, list[tuple]]) -> None:
    """Equal tables: same keys and counts; quantities equal but for float rounding (the
    roll-up rows are kept by difference, a rebuild sums them afresh)."""
    assert kept.keys() == rebuilt.keys()
    for table in kept:
        assert len(kept[table]) == len(rebuilt[table]), table
        for mine, theirs in zip(kept[table], rebuilt[table], strict=True):
            for a, b in zip(mine, theirs, strict=True):
                if isinstance(a, float) and isinstance(b, float):
                    assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6), (table, mine, theirs)
                else:
                    assert a == b, (table, mine, theirs)


def seizures_in(rows: dict[str, list[tuple]], fine: bool) -> int:
    """Seizures counted by the fine rows of the seizure summary, or by its roll-up rows
    (reporting country "")."""
    return sum(r[-4] for r in rows["summary_seizures"]  # seizures column
               if (r[2] != summaries.ALL_PLACES) == fine)


def version(world: World) -> str:
    with world.factory() as session:
        return data_version(session, world.operation_id)


def test_summaries_equal_a_rebuild_after_any_sequence_of_writes(world: World) -> None:
    day = START + dt.timedelta(days=2)
    versions = [version(world)]
    with session_scope(world.factory) as session:
        first = create_seizure(session, world.fp_ken, entry(world, items=(
            ItemInput(world.elephant, "TUS", 12.5, "KIL"),
            ItemInput(world.elephant, "IVC", 3, "NUM"),
            ItemInput(world.pangolin, "SCA", 800, "GRM")))).seizure
        second = create_seizure(session, world.fp_ken, entry(
            world, transport_mode="sea_container", location_id=None, items=(
                ItemInput(world.orchid, "LIV", 40, "NUM", is_live=True),
                ItemInput(world.elephant, "TUS", 2, "BOX")))).seizure
        create_seizure(session, world.fp_nga, entry(
            world, reporting_country="NGA", national_reference=unique("NG"), location_id=None,
            seizure_date=day + dt.timedelta(days=1)))
        first_id, first_version = first.id, first.version
        second_id, second_version = second.id, second.version
    rows = assert_matches_rebuild(world)
    assert seizures_in(rows, fine=True) == seizures_in(rows, fine=False) == 3
    versions.append(version(world))

    # An edit that moves the seizure to another day and changes its items.
    with session_scope(world.factory) as session:
        update_seizure(session, world.fp_ken, first_id, entry(
            world, seizure_date=day + dt.timedelta(days=3), transport_mode="postal",
            items=(ItemInput(world.pangolin, "SCA", 5, "KIL"),)),
            expected_version=first_version)
    assert_matches_rebuild(world)
    versions.append(version(world))

    with session_scope(world.factory) as session:
        withdraw_seizure(session, world.fp_ken, second_id, reason="Entered twice",
                         expected_version=second_version)
    rows = assert_matches_rebuild(world)
    assert seizures_in(rows, fine=True) == seizures_in(rows, fine=False) == 2
    versions.append(version(world))

    with session_scope(world.factory) as session:
        record_nil_return(session, world.fp_ken, world.operation_id, "KEN", day)
    assert_matches_rebuild(world)
    versions.append(version(world))

    # A spreadsheet import (bulk Core writes), then the same file again (updates).
    content = (IMPORTS / "comma_utf8.csv").read_bytes()
    for _ in range(2):
        with session_scope(world.factory) as session:
            report = import_seizures(session, world.fp_ken, content, "comma_utf8.csv",
                                     operation_id=world.operation_id, country="KEN",
                                     mode="all")
        assert report.applied
        assert_matches_rebuild(world)
        versions.append(version(world))

    # Raw ORM writes outside the entry functions: an added row, an edited one, a deleted one.
    with session_scope(world.factory) as session:
        operation = session.get(Seizure, first_id).operation_id
        from data_access.models import Operation

        added = make_seizure(session, session.get(Operation, operation), country="NGA",
                             date=day + dt.timedelta(days=5))
        added_id = added.id
    assert_matches_rebuild(world)
    with session_scope(world.factory) as session:
        seizure = session.get(Seizure, added_id)
        seizure.seizure_date = day + dt.timedelta(days=6)
        seizure.items[0].quantity = 99.0
        seizure.origin_country, seizure.destination_country = "NGA", "CHN"
    assert_matches_rebuild(world)
    with session_scope(world.factory) as session:  # a transit alone changes the route
        session.add(SeizureTransit(seizure_id=added_id, position=1, country_iso3="VNM"))
    rows = assert_matches_rebuild(world)
    assert [r for r in rows["summary_routes"] if r[5] == "VNM"]  # t1 column
    with session_scope(world.factory) as session:
        session.delete(session.get(Seizure, added_id))
    rows = assert_matches_rebuild(world)
    versions.append(version(world))
    assert len(set(versions)) == len(versions)  # every write moved the version
    assert rows["summary_items"] and rows["summary_taxa"] and rows["summary_terms"]


def test_new_seizures_flushed_together_are_added_once(world: World) -> None:
    """New seizures are added by their own rows; in one flush with an edit of the same
    country and day, that day's recount counts them instead (never both)."""
    from data_access.models import Operation, SeizureItem

    with session_scope(world.factory) as session:
        existing = make_seizure(session, session.get(Operation, world.operation_id))
        existing_id, day = existing.id, existing.seizure_date
    def new(country: str, date: dt.date, transit: str | None = None) -> Seizure:
        seizure = Seizure(
            operation_id=world.operation_id, reporting_country=country, seizure_date=date,
            geo_precision="country", seizure_point="export", transport_mode="road",
            detection_method="x_ray", national_reference=unique("NEW"),
            origin_country="NGA", destination_country="CHN")
        for quantity in (3.0, 1.5):
            seizure.items.append(SeizureItem(taxon_id=world.pangolin, term_code="SCA",
                                             quantity=quantity, unit_code="KIL",
                                             base_quantity=quantity, base_class="mass"))
        if transit:
            seizure.transits.append(SeizureTransit(position=1, country_iso3=transit))
        return seizure

    with session_scope(world.factory) as session:  # one flush
        session.add_all([new("KEN", day), new("KEN", day, "VNM"),
                         new("NGA", day + dt.timedelta(days=1), "VNM")])
    assert_matches_rebuild(world)
    with session_scope(world.factory) as session:  # with an edit of the same country and day
        session.add(new("KEN", day))
        session.get(Seizure, existing_id).suspects_arrested = 4
    rows = assert_matches_rebuild(world)
    assert seizures_in(rows, fine=True) == seizures_in(rows, fine=False) == 5
    routes = [r for r in rows["summary_routes"] if r[2] == summaries.ALL_PLACES]
    assert sum(r[-2] for r in routes if r[5] == "VNM") == 2  # t1 column; seizures


def test_a_rolled_back_write_leaves_the_summaries_unchanged(world: World) -> None:
    with session_scope(world.factory) as session:
        create_seizure(session, world.fp_ken, entry(world))
    before = assert_matches_rebuild(world)
    known = version(world)
    with pytest.raises(RuntimeError), session_scope(world.factory) as session:
        create_seizure(session, world.fp_ken, entry(world))
        raise RuntimeError("the request failed after the write")
    assert assert_matches_rebuild(world) == before
    assert version(world) == known


def test_rebuild_of_every_operation_matches_the_maintained_rows(world: World) -> None:
    with session_scope(world.factory) as session:
        create_seizure(session, world.fp_ken, entry(world))
        create_seizure(session, world.fp_ken, entry(world, transport_mode="sea_container"))
    with world.factory() as session:
        kept = summary_rows(session, world.operation_id)
        summaries.rebuild_summaries(session)
        assert_same_rows(kept, summary_rows(session, world.operation_id))
        session.rollback()
