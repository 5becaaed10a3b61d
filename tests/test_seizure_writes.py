"""Daily reporting writes (issue 4): validation, permissions, idempotent submission,
optimistic locking, nil returns, the lock date and reopening, the audit trail, and the reads
of the reporting screens. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from dashboard.ui.codes import template
from data_access import seizures
from data_access.authentication import Principal, principal_of
from data_access.db import make_session_factory, session_scope, writer_engine
from data_access.entries import (
    DayColumns,
    EntryColumns,
    TaxonSearchColumns,
    country_days,
    country_entry_state,
    list_entries,
    search_taxa,
)
from data_access.entry_rules import country_today, system_principal
from data_access.errors import (
    EntryLocked,
    ErrorCode,
    FieldError,
    NotFound,
    NoticeCode,
    PermissionDenied,
    StateRefused,
    ValidationFailed,
    VersionConflict,
)
from data_access.models import (
    AuditEvent,
    DailyReport,
    Location,
    Operation,
    Seizure,
    SeizureItem,
    Taxon,
    User,
    UserOperation,
)
from data_access.seizures import (
    HistoryColumns,
    close_reopening,
    create_seizure,
    load_seizure,
    record_nil_return,
    reopen_country,
    seizure_history,
    update_seizure,
    withdraw_seizure,
)
from data_access.validation import ItemInput, SeizureInput
from geo.cells import cells_for_point
from tests.factories import make_operation, make_principal, unique


@dataclass
class World:
    """An operation in progress (KEN, NGA, FRA take part) and one account per role."""

    factory: sessionmaker[Session]
    operation_id: int
    operation_code: str
    day: dt.date  # a safe seizure date: yesterday in every participating country
    fp_ken: Principal
    fp_nga: Principal
    fp_bra: Principal
    commander: Principal
    restricted: Principal
    admin: Principal
    donor: Principal
    taxon_id: int
    nbo: int  # Nairobi airport (KEN)
    los: int  # Lagos airport (NGA)



@pytest.fixture
def world(engine: Engine) -> World:
    factory = make_session_factory(writer_engine(engine))
    with session_scope(factory) as session:
        today = country_today(session, "KEN")
        operation = make_operation(session, start=today - dt.timedelta(days=10))
        other = make_operation(session, start=today - dt.timedelta(days=10))
        restricted = make_principal(session, "commander")
        session.add(UserOperation(user_id=restricted.id, operation_id=other.id))
        session.flush()
        locations = dict(session.execute(select(Location.code, Location.id).where(
            Location.code.in_(["NBO", "LOS"]))).all())
        taxon = session.execute(select(Taxon.id).where(
            Taxon.scientific_name == "Loxodonta africana")).scalar_one()
        return World(
            factory, operation.id, operation.code, today - dt.timedelta(days=1),
            fp_ken=make_principal(session, "focal_point", "KEN"),
            fp_nga=make_principal(session, "focal_point", "NGA"),
            fp_bra=make_principal(session, "focal_point", "BRA"),
            commander=make_principal(session, "commander"),
            restricted=principal_of(session, session.get(User, restricted.id)),
            admin=make_principal(session, "admin"), donor=make_principal(session, "donor"),
            taxon_id=taxon, nbo=locations["NBO"], los=locations["LOS"])


def entry(world: World, **changes) -> SeizureInput:
    """A valid KEN seizure at Nairobi airport, with one ivory item."""
    base = SeizureInput(
        operation_id=world.operation_id, reporting_country="KEN",
        national_reference=unique("KE"), seizure_date=world.day, seizure_point="export",
        transport_mode="air_passenger", detection_method="x_ray",
        items=(ItemInput(world.taxon_id, "TUS", 12.5, "KIL"),), location_id=world.nbo,
        origin_country="KEN", transit_countries=("ARE",), destination_country="VNM",
        suspects_arrested=1, concealment="Checked bag")
    return replace(base, **changes)


def audit_count(world: World) -> int:
    with world.factory() as session:
        return session.execute(select(func.count(AuditEvent.id))).scalar_one()


def codes(exc: pytest.ExceptionInfo) -> set[tuple[str, str]]:
    return {(e.field, str(e.code)) for e in exc.value.errors}


# --- create ---------------------------------------------------------------------------


def test_create_derives_geography_base_quantity_and_daily_report(world: World) -> None:
    with session_scope(world.factory) as session:
        result = create_seizure(session, world.fp_ken, entry(
            world, items=(ItemInput(world.taxon_id, "TUS", "2500", "GRM"),
                          ItemInput(world.taxon_id, "TUS", 3, "NUM"))))
        seizure_id = result.seizure_id
    with world.factory() as session:
        seizure = session.get(Seizure, seizure_id)
        location = session.get(Location, world.nbo)
        assert seizure.geo_precision == "location"
        assert (seizure.latitude, seizure.longitude) == (location.latitude, location.longitude)
        assert seizure.h3_res5 == cells_for_point(location.latitude, location.longitude)[
            "h3_res5"]
        assert seizure.version == 1 and seizure.status == "provisional"
        assert seizure.created_by == world.fp_ken.id == seizure.updated_by
        assert [t.country_iso3 for t in seizure.transits] == ["ARE"]
        grams, count = seizure.items
        assert (grams.base_quantity, grams.base_class) == (2.5, "mass")
        assert (count.base_quantity, count.base_class) == (3.0, "count")
        report = session.execute(select(DailyReport).where(
            DailyReport.operation_id == world.operation_id,
            DailyReport.country_iso3 == "KEN")).scalar_one()
        assert (report.report_date, report.kind) == (world.day, "report")


def test_explicit_coordinates_and_country_level_precision(world: World) -> None:
    with session_scope(world.factory) as session:
        at_sea = create_seizure(session, world.fp_ken, entry(
            world, location_id=None, latitude="-4,05", longitude=39.7)).seizure
        nowhere = create_seizure(session, world.fp_ken, entry(world, location_id=None)).seizure
        assert (at_sea.geo_precision, at_sea.latitude) == ("coordinates", -4.05)
        assert at_sea.h3_res3 == cells_for_point(-4.05, 39.7)["h3_res3"]
        assert nowhere.geo_precision == "country"
        assert (nowhere.latitude, nowhere.h3_res3, nowhere.h3_res7) == (None, None, None)


INVALID = [
    ({"national_reference": "  "}, "national_reference", ErrorCode.REQUIRED),
    ({"national_reference": "X" * 65}, "national_reference", ErrorCode.TOO_LONG),
    ({"seizure_date": None}, "seizure_date", ErrorCode.REQUIRED),
    ({"seizure_date": "31/02/2026"}, "seizure_date", ErrorCode.INVALID_DATE),
    ({"seizure_time": "25:99"}, "seizure_time", ErrorCode.INVALID_TIME),
    ({"seizure_point": None}, "seizure_point", ErrorCode.REQUIRED),
    ({"transport_mode": "camel"}, "transport_mode", ErrorCode.UNKNOWN_CODE),
    ({"detection_method": ""}, "detection_method", ErrorCode.REQUIRED),
    ({"origin_country": "XXX"}, "origin_country", ErrorCode.UNKNOWN_COUNTRY),
    ({"export_country": "ZZ"}, "export_country", ErrorCode.UNKNOWN_COUNTRY),
    ({"destination_country": "ATL"}, "destination_country", ErrorCode.UNKNOWN_COUNTRY),
    ({"transit_countries": ("ARE", "QQQ")}, "transit_countries[1]", ErrorCode.UNKNOWN_COUNTRY),
    ({"location_id": -5}, "location_id", ErrorCode.UNKNOWN_LOCATION),
    ({"location_id": None, "latitude": 95, "longitude": 10}, "latitude",
     ErrorCode.LATITUDE_OUT_OF_RANGE),
    ({"location_id": None, "latitude": 5, "longitude": -181}, "longitude",
     ErrorCode.LONGITUDE_OUT_OF_RANGE),
    ({"location_id": None, "latitude": 5}, "longitude", ErrorCode.COORDINATES_INCOMPLETE),
    ({"location_id": None, "latitude": "north", "longitude": 5}, "latitude",
     ErrorCode.INVALID_NUMBER),
    ({"suspects_arrested": -1}, "suspects_arrested", ErrorCode.NEGATIVE_VALUE),
    ({"suspects_arrested": "1.5"}, "suspects_arrested", ErrorCode.INVALID_INTEGER),
    ({"concealment": "c" * 256}, "concealment", ErrorCode.TOO_LONG),
    ({"notes": "n" * 4001}, "notes", ErrorCode.TOO_LONG),
    ({"items": ()}, "items", ErrorCode.NO_ITEMS),
]
INVALID_ITEMS = [
    (ItemInput(None, "TUS", 1, "KIL"), "items[0].taxon_id", ErrorCode.REQUIRED),
    (ItemInput(-1, "TUS", 1, "KIL"), "items[0].taxon_id", ErrorCode.UNKNOWN_SPECIES),
    (ItemInput("T", "XYZ", 1, "KIL"), "items[0].term_code", ErrorCode.UNKNOWN_TERM),
    (ItemInput("T", None, 1, "KIL"), "items[0].term_code", ErrorCode.REQUIRED),
    (ItemInput("T", "TUS", 0, "KIL"), "items[0].quantity", ErrorCode.QUANTITY_NOT_POSITIVE),
    (ItemInput("T", "TUS", -2, "KIL"), "items[0].quantity",
     ErrorCode.QUANTITY_NOT_POSITIVE),
    (ItemInput("T", "TUS", "lots", "KIL"), "items[0].quantity", ErrorCode.INVALID_NUMBER),
    (ItemInput("T", "TUS", None, "KIL"), "items[0].quantity", ErrorCode.REQUIRED),
    (ItemInput("T", "TUS", 1, "ZZZ"), "items[0].unit_code", ErrorCode.UNKNOWN_UNIT),
    (ItemInput("T", "TUS", 1, ""), "items[0].unit_code", ErrorCode.REQUIRED),
    (ItemInput("T", "TUS", 1, "LTR"), "items[0].unit_code", ErrorCode.UNIT_NOT_ALLOWED),
    (ItemInput("T", "TUS", 1, "KIL", estimated_value_usd=-5), "items[0].estimated_value_usd",
     ErrorCode.NEGATIVE_VALUE),
    (ItemInput("T", "TUS", 1, "KIL", is_live="maybe"), "items[0].is_live",
     ErrorCode.INVALID_BOOLEAN),
]


@pytest.mark.parametrize(("changes", "field", "code"), INVALID,
                         ids=[f"{f}-{c}" for _ch, f, c in INVALID])
def test_each_validation_rule_names_its_field(world: World, changes: dict, field: str,
                                              code: str) -> None:
    before = audit_count(world)
    with session_scope(world.factory) as session, pytest.raises(ValidationFailed) as exc:
        create_seizure(session, world.fp_ken, entry(world, **changes))
    assert (field, code) in codes(exc)
    assert audit_count(world) == before


@pytest.mark.parametrize(("item", "field", "code"), INVALID_ITEMS,
                         ids=[f"{f}-{c}" for _i, f, c in INVALID_ITEMS])
def test_each_item_rule_names_its_field(world: World, item: ItemInput, field: str,
                                        code: str) -> None:
    if item.taxon_id == "T":
        item = replace(item, taxon_id=world.taxon_id)
    with session_scope(world.factory) as session, pytest.raises(ValidationFailed) as exc:
        create_seizure(session, world.fp_ken, entry(world, items=(item,)))
    assert (field, code) in codes(exc)


def test_unit_error_lists_the_units_that_fit(world: World) -> None:
    with session_scope(world.factory) as session, pytest.raises(ValidationFailed) as exc:
        create_seizure(session, world.fp_ken, entry(
            world, items=(ItemInput(world.taxon_id, "TUS", 1, "LTR"),)))
    params = exc.value.by_field()["items[0].unit_code"][0].params
    assert params["term"] == "TUS" and "KIL" in params["allowed"] and "LTR" not in \
        params["allowed"]


def test_dates_must_fall_in_the_operation_and_not_in_the_future(world: World) -> None:
    with world.factory() as session:
        operation = session.get(Operation, world.operation_id)
        start, end = operation.start_date, operation.end_date
        today = country_today(session, "KEN")
    cases = [(start - dt.timedelta(days=1), ErrorCode.DATE_BEFORE_OPERATION),
             (end + dt.timedelta(days=1), ErrorCode.DATE_AFTER_OPERATION),
             (today + dt.timedelta(days=1), ErrorCode.DATE_IN_FUTURE)]
    for day, code in cases:
        with session_scope(world.factory) as session, pytest.raises(ValidationFailed) as exc:
            create_seizure(session, world.fp_ken, entry(world, seizure_date=day))
        assert ("seizure_date", code) in codes(exc)
    with session_scope(world.factory) as session:
        # Dates typed as DD/MM/YYYY are read too.
        create_seizure(session, world.fp_ken, entry(
            world, seizure_date=start.strftime("%d/%m/%Y")))


def test_errors_are_codes_with_params_never_sentences(world: World) -> None:
    with session_scope(world.factory) as session, pytest.raises(ValidationFailed) as exc:
        create_seizure(session, world.fp_ken, entry(
            world, national_reference="", seizure_date="yesterday", origin_country="XX",
            items=(ItemInput(world.taxon_id, "TUS", 0, "LTR"),)))
    assert len(exc.value.errors) >= 4
    for error in exc.value.errors:
        assert isinstance(error, FieldError)
        assert error.code in {c.value for c in ErrorCode}
        assert template(error.code).format(**error.params)


def test_national_reference_is_unique_for_the_country_in_the_operation(world: World) -> None:
    reference = unique("KE")
    with session_scope(world.factory) as session:
        first = create_seizure(session, world.fp_ken, entry(
            world, national_reference=reference)).seizure_id
        # The same reference in another country is another case.
        create_seizure(session, world.fp_nga, entry(
            world, reporting_country="NGA", national_reference=reference, location_id=None))
    with session_scope(world.factory) as session, pytest.raises(ValidationFailed) as exc:
        create_seizure(session, world.fp_ken, entry(world, national_reference=reference))
    (error,) = exc.value.errors
    assert (error.field, error.code) == ("national_reference", ErrorCode.DUPLICATE_REFERENCE)
    assert error.params["seizure_id"] == first


def test_location_must_be_in_the_reporting_country(world: World) -> None:
    with session_scope(world.factory) as session, pytest.raises(ValidationFailed) as exc:
        create_seizure(session, world.fp_ken, entry(world, location_id=world.los))
    assert ("location_id", ErrorCode.LOCATION_OTHER_COUNTRY) in codes(exc)


def test_country_must_take_part_in_the_operation(world: World) -> None:
    with session_scope(world.factory) as session, pytest.raises(ValidationFailed) as exc:
        create_seizure(session, world.commander, entry(
            world, reporting_country="BRA", location_id=None))
    assert ("reporting_country", ErrorCode.COUNTRY_NOT_PARTICIPATING) in codes(exc)


# --- idempotent submission ------------------------------------------------------------


def test_the_same_form_token_creates_one_seizure(world: World) -> None:
    token = unique("form")
    data = entry(world)
    with session_scope(world.factory) as session:
        first = create_seizure(session, world.fp_ken, data, submission_token=token)
    events = audit_count(world)
    # Double click, retry after a timeout, second tab: same token, even with edits.
    with session_scope(world.factory) as session:
        again = create_seizure(session, world.fp_ken, replace(data, notes="again"),
                               submission_token=token)
    assert again.duplicate and again.seizure_id == first.seizure_id
    assert [n.code for n in again.notices] == [NoticeCode.DUPLICATE_SUBMISSION]
    assert audit_count(world) == events
    with world.factory() as session:
        assert session.execute(select(func.count(Seizure.id)).where(
            Seizure.national_reference == data.national_reference)).scalar_one() == 1
        assert session.get(Seizure, first.seizure_id).notes == ""


def test_a_token_racing_another_request_is_still_honoured_once(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    token = unique("form")
    with session_scope(world.factory) as session:
        first = create_seizure(session, world.fp_ken, entry(world), submission_token=token)
    # The second request looked before the first committed: the unique token stops it.
    real = seizures._by_token
    calls = []

    def late(session: Session, token: str) -> Seizure | None:
        calls.append(token)
        return None if len(calls) == 1 else real(session, token)

    monkeypatch.setattr(seizures, "_by_token", late)
    with session_scope(world.factory) as session:
        again = create_seizure(session, world.fp_ken, entry(world), submission_token=token)
    assert again.duplicate and again.seizure_id == first.seizure_id and len(calls) == 2
    with world.factory() as session:
        assert session.execute(select(func.count(Seizure.id)).where(
            Seizure.submission_token == token)).scalar_one() == 1


# --- optimistic locking ---------------------------------------------------------------


def test_second_save_on_the_same_version_is_refused_with_who_and_when(world: World) -> None:
    with session_scope(world.factory) as session:
        created = create_seizure(session, world.fp_ken, entry(world))
    record = None
    with world.factory() as session:
        record = load_seizure(session, world.fp_ken, created.seizure_id)
    assert record.version == 1
    with session_scope(world.factory) as session:
        saved = update_seizure(session, world.commander, created.seizure_id,
                               replace(record.data, notes="checked by the commander"),
                               expected_version=record.version)
        assert saved.version == 2
    with session_scope(world.factory) as session, pytest.raises(VersionConflict) as exc:
        update_seizure(session, world.fp_ken, created.seizure_id,
                       replace(record.data, notes="my stale edit"),
                       expected_version=record.version)
    (error,) = exc.value.errors
    assert error.code == ErrorCode.VERSION_CONFLICT
    assert error.params["by"] == world.commander.username
    assert error.params["version"] == 2
    assert dt.datetime.fromisoformat(error.params["at"]).tzinfo is not None
    with world.factory() as session:
        assert session.get(Seizure, created.seizure_id).notes == "checked by the commander"


def test_update_replaces_items_and_bumps_version(world: World) -> None:
    with session_scope(world.factory) as session:
        created = create_seizure(session, world.fp_ken, entry(world))
    with session_scope(world.factory) as session:
        record = load_seizure(session, world.fp_ken, created.seizure_id)
        data = replace(record.data, items=(
            ItemInput(world.taxon_id, "TUS", 4, "NUM"),
            ItemInput(world.taxon_id, "IVC", 1.5, "KIL", estimated_value_usd="1 200,50")),
            transit_countries=("QAT", "ARE"), location_id=None, latitude=1, longitude=36)
        update_seizure(session, world.fp_ken, created.seizure_id, data, expected_version=1)
    with world.factory() as session:
        seizure = session.get(Seizure, created.seizure_id)
        assert seizure.version == 2 and seizure.updated_by == world.fp_ken.id
        assert [(i.position, i.term_code, i.quantity) for i in seizure.items] == [
            (1, "TUS", 4.0), (2, "IVC", 1.5)]
        assert seizure.items[1].estimated_value_usd == 1200.5
        assert [t.country_iso3 for t in seizure.transits] == ["QAT", "ARE"]
        assert seizure.geo_precision == "coordinates"
        assert session.execute(select(func.count(SeizureItem.id)).where(
            SeizureItem.seizure_id == seizure.id)).scalar_one() == 2


def test_withdraw_needs_a_reason_and_ends_editing(world: World) -> None:
    with session_scope(world.factory) as session:
        created = create_seizure(session, world.fp_ken, entry(world))
    with session_scope(world.factory) as session, pytest.raises(ValidationFailed) as exc:
        withdraw_seizure(session, world.fp_ken, created.seizure_id, reason="  ",
                         expected_version=1)
    assert codes(exc) == {("reason", ErrorCode.REQUIRED)}
    with session_scope(world.factory) as session, pytest.raises(VersionConflict):
        withdraw_seizure(session, world.fp_ken, created.seizure_id, reason="dup",
                         expected_version=7)
    with session_scope(world.factory) as session:
        withdrawn = withdraw_seizure(session, world.fp_ken, created.seizure_id,
                                     reason="Entered twice", expected_version=1)
        assert withdrawn.deleted and withdrawn.version == 2
    with session_scope(world.factory) as session, pytest.raises(StateRefused) as exc:
        update_seizure(session, world.fp_ken, created.seizure_id, entry(world),
                       expected_version=2)
    assert exc.value.code == ErrorCode.SEIZURE_WITHDRAWN
    with world.factory() as session:
        assert session.get(Seizure, created.seizure_id).deleted_reason == "Entered twice"


# --- nil returns ----------------------------------------------------------------------


def test_nil_return_then_a_seizure_replaces_it(world: World) -> None:
    with session_scope(world.factory) as session:
        nil = record_nil_return(session, world.fp_ken, world.operation_id, "KEN", world.day)
        assert not nil.already_recorded
    events = audit_count(world)
    with session_scope(world.factory) as session:
        again = record_nil_return(session, world.fp_ken, world.operation_id, "KEN",
                                  world.day.isoformat())
        assert again.already_recorded and again.daily_report_id == nil.daily_report_id
        assert again.notices[0].code == NoticeCode.NIL_RETURN_ALREADY_RECORDED
    assert audit_count(world) == events
    with session_scope(world.factory) as session:
        result = create_seizure(session, world.fp_ken, entry(world))
    assert [(n.field, n.code) for n in result.notices] == [
        ("seizure_date", NoticeCode.NIL_RETURN_REPLACED)]
    with world.factory() as session:
        report = session.get(DailyReport, nil.daily_report_id)
        assert report.kind == "report"


def test_nil_return_refused_for_a_day_with_seizures(world: World) -> None:
    with session_scope(world.factory) as session:
        create_seizure(session, world.fp_ken, entry(world))
    with session_scope(world.factory) as session, pytest.raises(StateRefused) as exc:
        record_nil_return(session, world.fp_ken, world.operation_id, "KEN", world.day)
    (error,) = exc.value.errors
    assert (error.code, error.params) == (ErrorCode.NIL_RETURN_HAS_SEIZURES,
                                          {"count": 1, "date": world.day.isoformat()})


def test_nil_return_dates_are_checked(world: World) -> None:
    with world.factory() as session:
        operation = session.get(Operation, world.operation_id)
        start, end = operation.start_date, operation.end_date
    today = world.day + dt.timedelta(days=1)
    for day, code in [(start - dt.timedelta(days=1), ErrorCode.DATE_BEFORE_OPERATION),
                      (end + dt.timedelta(days=1), ErrorCode.DATE_AFTER_OPERATION),
                      (today + dt.timedelta(days=2), ErrorCode.DATE_IN_FUTURE),
                      ("someday", ErrorCode.INVALID_DATE)]:
        with session_scope(world.factory) as session, pytest.raises(ValidationFailed) as exc:
            record_nil_return(session, world.fp_ken, world.operation_id, "KEN", day)
        assert exc.value.code == code


def test_nil_return_after_every_seizure_of_the_day_was_withdrawn(world: World) -> None:
    with session_scope(world.factory) as session:
        created = create_seizure(session, world.fp_ken, entry(world))
        withdraw_seizure(session, world.fp_ken, created.seizure_id, reason="test entry",
                         expected_version=1)
    with session_scope(world.factory) as session:
        result = record_nil_return(session, world.fp_ken, world.operation_id, "KEN",
                                   world.day)
    with world.factory() as session:
        assert session.get(DailyReport, result.daily_report_id).kind == "nil"


# --- lock date and reopening -----------------------------------------------------------


def _lock(world: World) -> None:
    with session_scope(world.factory) as session:
        operation = session.get(Operation, world.operation_id)
        operation.lock_date = world.day - dt.timedelta(days=2)


def test_after_the_lock_date_entry_is_refused_until_reopened(world: World) -> None:
    with session_scope(world.factory) as session:
        created = create_seizure(session, world.fp_ken, entry(world))
    _lock(world)
    attempts = [
        lambda s: create_seizure(s, world.fp_ken, entry(world)),
        lambda s: create_seizure(s, world.admin, entry(world)),
        lambda s: update_seizure(s, world.fp_ken, created.seizure_id, entry(world),
                                 expected_version=1),
        lambda s: withdraw_seizure(s, world.fp_ken, created.seizure_id, reason="x",
                                   expected_version=1),
        lambda s: record_nil_return(s, world.fp_ken, world.operation_id, "KEN",
                                    world.day - dt.timedelta(days=1)),
    ]
    for attempt in attempts:
        with session_scope(world.factory) as session, pytest.raises(EntryLocked) as exc:
            attempt(session)
        assert exc.value.errors[0].params["lock_date"] == (
            world.day - dt.timedelta(days=2)).isoformat()
    with world.factory() as session:
        state = country_entry_state(session, world.fp_ken, world.operation_id)
        assert state.locked and not state.reopened
    # A focal point cannot reopen; a commander can, with a reason.
    with session_scope(world.factory) as session, pytest.raises(PermissionDenied):
        reopen_country(session, world.fp_ken, world.operation_id, "KEN", reason="please")
    with session_scope(world.factory) as session, pytest.raises(ValidationFailed) as exc:
        reopen_country(session, world.commander, world.operation_id, "KEN", reason=" ")
    assert codes(exc) == {("reason", ErrorCode.REQUIRED)}
    with session_scope(world.factory) as session:
        reopening = reopen_country(session, world.commander, world.operation_id, "KEN",
                                   reason="Late customs report from Mombasa")
    with world.factory() as session:
        state = country_entry_state(session, world.fp_ken, world.operation_id)
        assert not state.locked and state.reopened
        assert state.reopen_reason == "Late customs report from Mombasa"
    with session_scope(world.factory) as session:
        create_seizure(session, world.fp_ken, entry(world))
        # Only KEN was reopened.
        with pytest.raises(EntryLocked):
            create_seizure(session, world.fp_nga, entry(world, reporting_country="NGA",
                                                        location_id=None))
    with session_scope(world.factory) as session:
        close_reopening(session, world.admin, reopening.id)
    with session_scope(world.factory) as session, pytest.raises(EntryLocked):
        create_seizure(session, world.fp_ken, entry(world))


def test_reopening_until_a_date(world: World) -> None:
    _lock(world)
    now = dt.datetime.now(dt.UTC)
    with world.factory() as session:
        today = session.get(Operation, world.operation_id)
        from data_access.entry_rules import local_today
        op_today = local_today(today.timezone, now)
    with session_scope(world.factory) as session, pytest.raises(ValidationFailed) as exc:
        reopen_country(session, world.admin, world.operation_id, "KEN", reason="r",
                       until=op_today - dt.timedelta(days=1))
    assert codes(exc) == {("until", ErrorCode.DATE_IN_PAST)}
    with session_scope(world.factory) as session:
        reopen_country(session, world.admin, world.operation_id, "KEN", reason="r",
                       until=op_today)
    with session_scope(world.factory) as session:
        create_seizure(session, world.fp_ken, entry(world), now=now)
    with session_scope(world.factory) as session, pytest.raises(EntryLocked):
        create_seizure(session, world.fp_ken, entry(world),
                       now=now + dt.timedelta(days=2))


def test_reopening_is_for_participating_countries(world: World) -> None:
    with session_scope(world.factory) as session, pytest.raises(ValidationFailed) as exc:
        reopen_country(session, world.admin, world.operation_id, "BRA", reason="r")
    assert codes(exc) == {("country", ErrorCode.COUNTRY_NOT_PARTICIPATING)}
    with session_scope(world.factory) as session, pytest.raises(NotFound):
        close_reopening(session, world.admin, -1)


# --- permissions ----------------------------------------------------------------------


def test_focal_point_writes_only_for_their_own_country(world: World) -> None:
    with session_scope(world.factory) as session, pytest.raises(PermissionDenied) as exc:
        create_seizure(session, world.fp_ken, entry(world, reporting_country="NGA",
                                                    location_id=None))
    assert codes(exc) == {("reporting_country", ErrorCode.OTHER_COUNTRY)}
    with session_scope(world.factory) as session:
        nga = create_seizure(session, world.fp_nga, entry(
            world, reporting_country="NGA", location_id=world.los)).seizure_id
    attempts = [
        lambda s: update_seizure(s, world.fp_ken, nga, entry(world), expected_version=1),
        lambda s: withdraw_seizure(s, world.fp_ken, nga, reason="x", expected_version=1),
        lambda s: record_nil_return(s, world.fp_ken, world.operation_id, "NGA", world.day),
    ]
    for attempt in attempts:
        with session_scope(world.factory) as session, pytest.raises(PermissionDenied) as exc:
            attempt(session)
        assert exc.value.code == ErrorCode.OTHER_COUNTRY
    with world.factory() as session, pytest.raises(NotFound):
        load_seizure(session, world.fp_ken, nga)


def test_donor_never_writes_and_outsiders_are_refused(world: World) -> None:
    before = audit_count(world)
    cases = [
        (world.donor, ErrorCode.PERMISSION_DENIED),
        (world.fp_bra, ErrorCode.OPERATION_NOT_ALLOWED),
        (world.restricted, ErrorCode.OPERATION_NOT_ALLOWED),
    ]
    for principal, code in cases:
        with session_scope(world.factory) as session, pytest.raises(PermissionDenied) as exc:
            create_seizure(session, principal, entry(world))
        assert exc.value.code == code
        with session_scope(world.factory) as session, pytest.raises(PermissionDenied):
            record_nil_return(session, principal, world.operation_id, "KEN", world.day)
        with world.factory() as session, pytest.raises(PermissionDenied):
            list_entries(session, principal, world.operation_id)
    with session_scope(world.factory) as session, pytest.raises(PermissionDenied):
        reopen_country(session, world.donor, world.operation_id, "KEN", reason="r")
    assert audit_count(world) == before


def test_commanders_and_admins_write_for_any_participating_country(world: World) -> None:
    """Neither role has a country of its own: each writes for every participating country,
    and the seizure, its author and its audit event say who wrote it for which country."""
    cli = system_principal()
    writes = [(world.commander, "NGA", world.los), (world.commander, "FRA", None),
              (world.admin, "FRA", None), (world.admin, "KEN", world.nbo),
              (cli, "NGA", world.los)]
    since = _last_id(world)
    written: dict[int, tuple[Principal, str]] = {}
    for principal, country, location_id in writes:
        with session_scope(world.factory) as session:
            result = create_seizure(session, principal, entry(
                world, reporting_country=country, location_id=location_id))
        assert not result.duplicate
        written[result.seizure_id] = (principal, country)
    with world.factory() as session:
        for seizure_id, (principal, country) in written.items():
            seizure = session.get(Seizure, seizure_id)
            assert (seizure.operation_id, seizure.reporting_country) == (world.operation_id,
                                                                         country)
            assert seizure.created_by == (None if principal is cli else principal.id)
            assert not seizure.deleted
    creations = [e for e in _events(world, since) if e.action == seizures.AuditAction.CREATE]
    assert {(int(e.entity_id), e.username) for e in creations} == {
        (seizure_id, principal.username) for seizure_id, (principal, _c) in written.items()}
    # ... and each also records a nil return and edits a seizure of another country.
    with session_scope(world.factory) as session:
        record_nil_return(session, world.commander, world.operation_id, "FRA",
                          world.day - dt.timedelta(days=1))
        record_nil_return(session, world.admin, world.operation_id, "NGA",
                          world.day - dt.timedelta(days=1))
    kenyan = next(i for i, (_p, country) in written.items() if country == "KEN")
    with session_scope(world.factory) as session:
        updated = update_seizure(session, world.commander, kenyan, entry(
            world, suspects_arrested=4), expected_version=1)
    assert updated.seizure.version == 2
    with world.factory() as session:
        assert session.get(Seizure, kenyan).suspects_arrested == 4
        assert load_seizure(session, world.commander, kenyan).updated_by == \
            world.commander.username


def test_unknown_operation_and_seizure(world: World) -> None:
    with session_scope(world.factory) as session, pytest.raises(NotFound) as exc:
        create_seizure(session, world.fp_ken, entry(world, operation_id=-1))
    assert exc.value.code == ErrorCode.OPERATION_NOT_FOUND
    with session_scope(world.factory) as session, pytest.raises(NotFound) as exc:
        update_seizure(session, world.fp_ken, -1, entry(world), expected_version=1)
    assert exc.value.code == ErrorCode.SEIZURE_NOT_FOUND


# --- audit ----------------------------------------------------------------------------


def _events(world: World, since: int) -> list[AuditEvent]:
    with world.factory() as session:
        return list(session.execute(select(AuditEvent).where(AuditEvent.id > since)
                                    .order_by(AuditEvent.id)).scalars())


def _last_id(world: World) -> int:
    with world.factory() as session:
        return session.execute(select(func.coalesce(func.max(AuditEvent.id), 0))).scalar_one()


def test_every_write_path_leaves_exactly_one_event(world: World) -> None:
    _lock(world)
    writes = [
        ("country.reopen", lambda s: reopen_country(s, world.commander, world.operation_id,
                                                    "KEN", reason="late reports")),
        ("seizure.create", lambda s: create_seizure(s, world.fp_ken, entry(
            world, national_reference="AUDIT-1"))),
        ("seizure.update", lambda s: update_seizure(s, world.fp_ken, _id(s, "AUDIT-1"),
                                                    entry(world, notes="n",
                                                          national_reference="AUDIT-1"),
                                                    expected_version=1)),
        ("seizure.withdraw", lambda s: withdraw_seizure(s, world.fp_ken, _id(s, "AUDIT-1"),
                                                        reason="dup", expected_version=2)),
        ("daily_report.nil", lambda s: record_nil_return(
            s, world.fp_ken, world.operation_id, "KEN", world.day - dt.timedelta(days=3))),
        ("country.reopen_close", lambda s: close_reopening(s, world.commander, _reopening(s))),
    ]
    for action, write in writes:
        last = _last_id(world)
        with session_scope(world.factory) as session:
            write(session)
        (event,) = _events(world, last)
        assert event.action == action
        assert event.at.tzinfo is not None and event.username
        assert event.after is not None
        if action in ("seizure.update", "seizure.withdraw"):
            assert event.before["version"] + 1 == event.after["version"]
            assert event.user_id == world.fp_ken.id


def _id(session: Session, reference: str) -> int:
    return session.execute(select(Seizure.id).where(
        Seizure.national_reference == reference)).scalar_one()


def _reopening(session: Session) -> int:
    from data_access.models import CountryReopening

    return session.execute(select(func.max(CountryReopening.id))).scalar_one()


def test_a_failed_write_leaves_no_event_and_no_row(world: World) -> None:
    last = _last_id(world)
    with pytest.raises(ValidationFailed), session_scope(world.factory) as session:
        create_seizure(session, world.fp_ken, entry(world, items=()))
    assert _events(world, last) == []


def test_history_for_commanders(world: World) -> None:
    with session_scope(world.factory) as session:
        created = create_seizure(session, world.fp_ken, entry(world))
    with session_scope(world.factory) as session:
        update_seizure(session, world.commander, created.seizure_id,
                       entry(world, notes="verified"), expected_version=1)
    with world.factory() as session:
        history = seizure_history(session, world.commander, created.seizure_id)
        with pytest.raises(PermissionDenied):
            seizure_history(session, world.fp_ken, created.seizure_id)
    assert list(history.columns) == list(HistoryColumns.ALL)
    assert list(history[HistoryColumns.ACTION]) == ["seizure.create", "seizure.update"]
    assert list(history[HistoryColumns.USERNAME]) == [world.fp_ken.username,
                                                      world.commander.username]
    assert history[HistoryColumns.AFTER].iloc[1]["notes"] == "verified"


# --- reads ----------------------------------------------------------------------------


def test_our_entries_shows_a_focal_point_only_their_country(world: World) -> None:
    with session_scope(world.factory) as session:
        ken = create_seizure(session, world.fp_ken, entry(world, items=(
            ItemInput(world.taxon_id, "TUS", 2, "KIL"),
            ItemInput(world.taxon_id, "TUS", 1, "NUM")))).seizure_id
        create_seizure(session, world.fp_nga, entry(world, reporting_country="NGA",
                                                    location_id=None))
        gone = create_seizure(session, world.fp_ken, entry(world)).seizure_id
        withdraw_seizure(session, world.fp_ken, gone, reason="test", expected_version=1)
    with world.factory() as session:
        mine = list_entries(session, world.fp_ken, world.operation_id)
        everyone = list_entries(session, world.commander, world.operation_id)
        live = list_entries(session, world.fp_ken, world.operation_id,
                            include_withdrawn=False)
        with pytest.raises(PermissionDenied):
            list_entries(session, world.fp_ken, world.operation_id, country="NGA")
    assert list(mine.columns) == list(EntryColumns.ALL)
    assert set(mine[EntryColumns.COUNTRY]) == {"KEN"} and len(mine) == 2
    assert set(everyone[EntryColumns.COUNTRY]) == {"KEN", "NGA"}
    row = mine.set_index(EntryColumns.ID).loc[ken]
    assert row[EntryColumns.ITEMS] == 2 and row[EntryColumns.SPECIES] == "Loxodonta africana"
    assert row[EntryColumns.LOCATION_CODE] == "NBO"
    assert row[EntryColumns.UPDATED_BY] == world.fp_ken.username
    assert list(live[EntryColumns.ID]) == [ken]


def test_country_days_and_entry_state(world: World) -> None:
    with session_scope(world.factory) as session:
        create_seizure(session, world.fp_ken, entry(world))
        record_nil_return(session, world.fp_ken, world.operation_id, "KEN",
                          world.day - dt.timedelta(days=1))
    with world.factory() as session:
        days = country_days(session, world.fp_ken, world.operation_id).set_index(
            DayColumns.DATE)
        state = country_entry_state(session, world.commander, world.operation_id, "KEN")
    assert len(days) == 28
    assert (days.loc[world.day, DayColumns.KIND], days.loc[world.day, DayColumns.SEIZURES]) \
        == ("report", 1)
    assert days.loc[world.day - dt.timedelta(days=1), DayColumns.KIND] == "nil"
    assert not state.locked and state.start_date <= world.day <= state.end_date


def test_search_taxa_exact_then_prefix_then_contains(engine: Engine) -> None:
    with Session(engine) as session:
        elephant = session.execute(select(Taxon).where(
            Taxon.scientific_name == "Loxodonta africana")).scalar_one()
        # The French common name, shouted and without accents, is an exact match.
        plain = elephant.common_name_fr.split(";")[0].upper()
        plain = plain.translate(str.maketrans("ÉÈÊÀÂÎÔÛÇ", "EEEAAIOUC"))
        exact = search_taxa(session, plain)
        prefix = search_taxa(session, "loxo", limit=3)
        contains = search_taxa(session, "odonta afr")
        nothing = search_taxa(session, "zzzz-no-such-animal")
        empty = search_taxa(session, "  ")
    assert list(exact.columns) == list(TaxonSearchColumns.ALL)
    assert exact.iloc[0][TaxonSearchColumns.SCIENTIFIC_NAME] == "Loxodonta africana"
    assert exact.iloc[0][TaxonSearchColumns.SCORE] == 0
    assert len(prefix) <= 3
    assert all(n.startswith("Loxodonta") for n in prefix[TaxonSearchColumns.SCIENTIFIC_NAME])
    assert list(prefix[TaxonSearchColumns.SCORE]) == sorted(prefix[TaxonSearchColumns.SCORE])
    assert "Loxodonta africana" in set(contains[TaxonSearchColumns.SCIENTIFIC_NAME])
    assert nothing.empty and empty.empty
