"""Spreadsheet import of seizures (issue 4): every accepted variation and every rejection,
on hand-made files (tests/data/import) and workbooks built here; the import is validated
whole before any write, is one transaction, updates known references, and is audited."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from data_access.authentication import Principal
from data_access.cites import normalise_text
from data_access.db import make_session_factory, session_scope, writer_engine
from data_access.errors import (
    EntryLocked,
    ErrorCode,
    ImportRefused,
    PermissionDenied,
    ValidationFailed,
)
from data_access.importer import (
    COLUMN_NAMES,
    COLUMNS,
    ImportLimits,
    import_seizures,
    read_table,
    template_csv,
    template_xlsx,
)
from data_access.importer import apply as apply_module
from data_access.importer.aliases import CODE_ALIASES_CSV, Resolver, Unresolved, code_aliases, key
from data_access.importer.reading import decode_text, detect_type, header_key, sniff_separator
from data_access.models import (
    AuditEvent,
    CitesTerm,
    Country,
    DailyReport,
    Location,
    Operation,
    Seizure,
    SeizureItem,
    Taxon,
)
from data_access.seizures import (
    create_seizure,
    record_nil_return,
    seizure_history,
    withdraw_seizure,
)
from data_access.validation import ItemInput, SeizureInput, parse_date, parse_number
from tests.factories import make_operation, make_principal

DATA = Path(__file__).resolve().parent / "data" / "import"
ROOT = Path(__file__).resolve().parent.parent
START = dt.date(2025, 3, 3)  # the fixture files' operation: 3 to 30 March 2025
HEADER = list(COLUMN_NAMES)


@dataclass
class World:
    factory: sessionmaker[Session]
    operation_id: int
    fp_ken: Principal
    fp_nga: Principal
    commander: Principal
    donor: Principal



@pytest.fixture
def world(engine: Engine) -> World:
    factory = make_session_factory(writer_engine(engine))
    with session_scope(factory) as session:
        operation = make_operation(session, start=START)
        return World(factory, operation.id, make_principal(session, "focal_point", "KEN"),
                     make_principal(session, "focal_point", "NGA"),
                     make_principal(session, "commander"), make_principal(session, "donor"))


def run(world: World, content: bytes, name: str, mode: str = "dry_run",
        principal: Principal | None = None, country: str = "KEN", **kwargs):
    with session_scope(world.factory) as session:
        return import_seizures(session, principal or world.fp_ken, content, name,
                               operation_id=world.operation_id, country=country, mode=mode,
                               **kwargs)


def fixture(name: str) -> bytes:
    return (DATA / name).read_bytes()


def seizures_of(world: World, country: str = "KEN") -> dict[str, Seizure]:
    with world.factory() as session:
        found = session.execute(select(Seizure).where(
            Seizure.operation_id == world.operation_id,
            Seizure.reporting_country == country)).scalars().all()
        for seizure in found:
            _ = seizure.items, seizure.transits
        return {s.national_reference: s for s in found}


def counts(world: World) -> tuple[int, int, int, int]:
    with world.factory() as session:
        return (session.execute(select(func.count(Seizure.id))).scalar_one(),
                session.execute(select(func.count(SeizureItem.id))).scalar_one(),
                session.execute(select(func.count(DailyReport.id))).scalar_one(),
                session.execute(select(func.count(AuditEvent.id))).scalar_one())


def row_csv(rows: list[dict], separator: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, delimiter=separator)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def good_row(reference: str, **changes) -> dict:
    row = {"national_reference": reference, "seizure_date": "2025-03-05",
           "location_code": "NBO", "seizure_point": "export",
           "transport_mode": "air_passenger", "detection_method": "x_ray",
           "species": "Loxodonta africana", "cites_term": "TUS", "quantity": "1",
           "unit": "kg"}
    return {**row, **changes}


# --- aliases (no database) ------------------------------------------------------------


def _build_script():
    spec = importlib.util.spec_from_file_location("build_code_aliases",
                                                  ROOT / "scripts" / "build_code_aliases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_code_aliases_file_is_up_to_date_with_the_app_labels() -> None:
    with CODE_ALIASES_CSV.open(encoding="utf-8", newline="") as fh:
        shipped = list(csv.DictReader(fh))
    assert shipped == _build_script().build_rows()


def test_every_alias_names_one_code_in_its_field() -> None:
    seen: dict[tuple[str, str], str] = {}
    with CODE_ALIASES_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            previous = seen.setdefault((row["field"], key(row["alias"])), row["code"])
            assert previous == row["code"], row
    table = code_aliases()
    for (field, alias_key), code in seen.items():
        assert table[field][alias_key] == code


def test_app_labels_in_three_languages_are_accepted() -> None:
    from babel.messages.pofile import read_po

    from dashboard.i18n import catalog_path
    from dashboard.ui import labels

    table = code_aliases()
    for language in ("fr", "pt"):
        with catalog_path(language).open("rb") as fh:
            catalog = {m.id: m.string for m in read_po(fh, locale=language) if m.id}
        for field, labelled in (("seizure_point", labels.SEIZURE_POINTS),
                                ("transport_mode", labels.TRANSPORT_MODES),
                                ("detection_method", labels.DETECTION_METHODS)):
            for code, msgid in labelled.items():
                assert table[field][key(code)] == code
                assert table[field][key(msgid)] == code
                assert table[field][key(msgid.upper())] == code
                assert table[field][key(catalog[msgid])] == code


@pytest.mark.parametrize(("text", "expected"), [
    ("yes", "yes"), ("no", "no"), ("OUI", "yes"), ("non", "no"), ("sim", "yes"),
    ("não", "no"), ("nao", "no"), ("True", "yes"), ("false", "no"), ("1", "yes"), ("0", "no")])
def test_live_answers(text: str, expected: str) -> None:
    assert code_aliases()["live"][key(text)] == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("12.5", 12.5), ("12,5", 12.5), ("1 200,50", 1200.5), ("1.234,5", 1234.5),
    ("1,234.5", 1234.5), ("\u00a0 7 ", 7.0), (3, 3.0), (2.25, 2.25)])
def test_numbers_with_decimal_comma_or_point(value, expected: float) -> None:
    assert parse_number(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-03-05", dt.date(2025, 3, 5)), ("05/03/2025", dt.date(2025, 3, 5)),
    ("5/3/2025", dt.date(2025, 3, 5)), (dt.datetime(2025, 3, 5, 0, 0), dt.date(2025, 3, 5)),
    (dt.date(2025, 3, 5), dt.date(2025, 3, 5)), ("2025-03-05T00:00:00", dt.date(2025, 3, 5))])
def test_dates_iso_or_day_first(value, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("header", ["seizure_date", "Seizure date", "SEIZURE-DATE",
                                    " seizure  date ", "Seizure_Date"])
def test_headers_are_matched_loosely(header: str) -> None:
    assert header_key(header) == "seizure_date"


def test_encodings_and_separators() -> None:
    assert decode_text("é;x".encode("utf-8-sig")) == ("é;x", "utf-8-sig")
    assert decode_text("é;x".encode("cp1252")) == ("é;x", "cp1252")
    assert decode_text("é€;x".encode("cp1252"))[0] == "é€;x"
    assert sniff_separator("a;b;c\n1,5;2;3") == ";"
    assert sniff_separator("a,b,c\n1;2;3") == ","
    for bad in ("x".encode("utf-16"), b"a,b\x81c", b"a\x00b"):
        with pytest.raises(ImportRefused) as exc:
            decode_text(bad)
        assert exc.value.code == ErrorCode.UNSUPPORTED_ENCODING


# --- resolution against the reference tables ------------------------------------------


def test_countries_by_codes_and_names_in_three_languages(engine: Engine) -> None:
    with Session(engine) as session:
        resolver = Resolver.load(session)
        ivory_coast = session.get(Country, "CIV")
    for text in ("CIV", "ci", ivory_coast.name_en, ivory_coast.name_fr.upper(),
                 ivory_coast.name_pt, "cote d ivoire", "Côte d’Ivoire"):
        assert resolver.country(text) == "CIV", text
    for text in ("Vietnam", "Viêt Nam", "viet nam", "Vietname", "VN", "vnm"):
        assert resolver.country(text) == "VNM", text
    with pytest.raises(Unresolved) as exc:
        resolver.country("Atlantis")
    assert exc.value.code == ErrorCode.UNKNOWN_COUNTRY


def test_species_by_scientific_or_common_name_in_three_languages(engine: Engine) -> None:
    with Session(engine) as session:
        resolver = Resolver.load(session)
        taxa = session.execute(select(Taxon)).scalars().all()
    checked = 0
    for taxon in taxa:
        assert resolver.taxon(taxon.scientific_name.upper()) == taxon.id
        for common in (taxon.common_name_en, taxon.common_name_fr, taxon.common_name_pt):
            for name in (n.strip() for n in common.split(";") if n.strip()):
                if len(resolver.taxa[key(name)]) == 1:
                    shouted = normalise_text(name).upper()  # no accents, other case
                    assert resolver.taxon(shouted) == taxon.id, name
                    checked += 1
                else:
                    with pytest.raises(Unresolved) as exc:
                        resolver.taxon(name)
                    assert exc.value.code == ErrorCode.AMBIGUOUS_SPECIES
                    assert taxon.scientific_name in exc.value.params["candidates"]
    assert checked > len(taxa)
    with pytest.raises(Unresolved) as exc:
        resolver.taxon("Unicornus imaginarius")
    assert exc.value.code == ErrorCode.UNKNOWN_SPECIES


def test_terms_units_and_coded_columns(engine: Engine) -> None:
    with Session(engine) as session:
        resolver = Resolver.load(session)
        tusks = session.get(CitesTerm, "TUS")
    for text in ("TUS", "tus", tusks.label_en, tusks.label_fr, tusks.label_pt.upper()):
        assert resolver.term(text) == "TUS"
    units = {"kg": "KIL", "KGS": "KIL", "g": "GRM", "pcs": "PCS", "pieces": "PCS",
             "Pièces": "PCS", "litres": "LTR", "m3": "CUM", "m³": "CUM", "KIL": "KIL",
             "": "NUM", None: "NUM"}
    for text, code in units.items():
        assert resolver.unit(text) == code, text
    assert resolver.coded("transport_mode", "Passager aérien") == "air_passenger"
    assert resolver.coded("detection_method", "RAIO-X") == "x_ray"
    assert resolver.coded("seizure_point", "Importação") == "import"
    assert resolver.location("nbo") == resolver.location("NBO")
    assert resolver.boolean("Oui") is True and resolver.boolean("") is False
    for call, code in ((lambda: resolver.unit("bushels"), ErrorCode.UNKNOWN_UNIT),
                       (lambda: resolver.term("XYZ"), ErrorCode.UNKNOWN_TERM),
                       (lambda: resolver.coded("transport_mode", "camel"),
                        ErrorCode.UNKNOWN_CODE),
                       (lambda: resolver.boolean("perhaps"), ErrorCode.INVALID_BOOLEAN),
                       (lambda: resolver.location("ZZZZZ"), ErrorCode.UNKNOWN_LOCATION)):
        with pytest.raises(Unresolved) as exc:
            call()
        assert exc.value.code == code


# --- accepted files -------------------------------------------------------------------


def test_dry_run_reports_and_writes_nothing(world: World) -> None:
    before = counts(world)
    report = run(world, fixture("comma_utf8.csv"), "comma_utf8.csv")
    assert counts(world) == before
    assert (report.rows, report.seizures_to_create, report.seizures_to_update,
            report.items_to_write, report.rows_rejected) == (3, 2, 0, 3, 0)
    assert report.ok and not report.applied and report.file_type == "csv"


def test_comma_utf8_file_is_imported_with_every_field(world: World) -> None:
    report = run(world, fixture("comma_utf8.csv"), "comma_utf8.csv", mode="all")
    assert report.applied and (report.created, report.items_written) == (2, 3)
    found = seizures_of(world)
    first, second = found["KE-IMP-001"], found["KE-IMP-002"]
    with world.factory() as session:
        nbo = session.execute(select(Location).where(Location.code == "NBO")).scalar_one()
    assert (first.location_id, first.geo_precision) == (nbo.id, "location")
    assert first.h3_res7 is not None and first.suspects_arrested == 1
    assert (first.origin_country, first.export_country, first.destination_country) == (
        "KEN", "KEN", "VNM")
    assert [t.country_iso3 for t in first.transits] == ["ARE", "QAT"]
    assert [(i.term_code, i.quantity, i.unit_code, i.estimated_value_usd, i.is_live)
            for i in first.items] == [("TUS", 12.5, "KIL", 25000.0, False),
                                      ("IVC", 3.0, "PCS", None, False)]
    assert first.items[0].base_quantity == 12.5 and first.items[0].base_class == "mass"
    assert (second.geo_precision, second.latitude, second.longitude) == (
        "coordinates", -4.05, 39.67)
    assert second.items[0].unit_code == "NUM"  # a blank unit: number of specimens
    assert second.notes == "Notes, with a comma"
    assert (second.seizure_point, second.transport_mode, second.detection_method) == (
        "import", "sea_container", "sniffer_dog")


def test_semicolon_bom_french_file(world: World) -> None:
    report = run(world, fixture("semicolon_bom_french.csv"), "fr.csv", mode="all")
    assert report.ok, report.errors
    found = seizures_of(world)
    coffee, air = found["KE-FR-001"], found["KE-FR-002"]
    assert coffee.seizure_date == dt.date(2025, 3, 7)
    assert (coffee.seizure_point, coffee.transport_mode, coffee.detection_method) == (
        "export", "sea_container", "sniffer_dog")
    assert coffee.concealment == "Dans des sacs de café" and coffee.suspects_arrested == 2
    assert [t.country_iso3 for t in coffee.transits] == ["ARE"]
    assert coffee.destination_country == "VNM"
    assert [(i.term_code, i.quantity, i.unit_code, i.estimated_value_usd)
            for i in coffee.items] == [("TUS", 12.5, "KIL", 1500.0), ("TUS", 4.0, "PCS", None)]
    assert (air.transport_mode, air.detection_method, air.origin_country) == (
        "air_cargo", "intelligence", "NGA")
    assert [t.country_iso3 for t in air.transits] == ["QAT", "ARE"]
    assert air.items[0].is_live is True and air.items[0].unit_code == "KIL"


def test_windows_1252_portuguese_file(world: World) -> None:
    report = run(world, fixture("windows1252_portuguese.csv"), "pt.csv", mode="all")
    assert report.ok, report.errors
    found = seizures_of(world)
    first, second = found["KE-PT-001"], found["KE-PT-002"]
    assert (first.seizure_point, first.transport_mode, first.detection_method) == (
        "export", "air_passenger", "sniffer_dog")
    assert first.notes == "Apreensão no aeroporto" and first.items[0].unit_code == "KIL"
    assert (second.seizure_point, second.transport_mode, second.detection_method) == (
        "transit", "express_courier", "physical_inspection")
    assert second.items[0].is_live and second.items[0].unit_code == "PCS"
    assert [t.country_iso3 for t in second.transits] == ["ARE"]


def test_reimporting_a_file_updates_rather_than_duplicates(world: World) -> None:
    run(world, fixture("comma_utf8.csv"), "a.csv", mode="all")
    before = seizures_of(world)
    changed = fixture("comma_utf8.csv").replace(b"12.5,kg", b"14,kg")
    report = run(world, changed, "a.csv", mode="all")
    assert (report.seizures_to_create, report.seizures_to_update, report.updated) == (0, 2, 2)
    after = seizures_of(world)
    assert set(after) == set(before)
    first = after["KE-IMP-001"]
    assert first.id == before["KE-IMP-001"].id and first.version == 2
    assert [i.quantity for i in first.items] == [14.0, 3.0]


def test_updates_written_in_several_chunks(world: World,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apply_module, "CHUNK", 1)
    run(world, fixture("semicolon_bom_french.csv"), "fr.csv", mode="all")
    changed = fixture("semicolon_bom_french.csv").replace(b";2;\n", b";5;\n")
    report = run(world, changed, "fr.csv", mode="all")
    assert (report.updated, report.items_written) == (2, 3)
    found = seizures_of(world)
    assert found["KE-FR-001"].suspects_arrested == 5 and found["KE-FR-001"].version == 2
    assert [t.country_iso3 for t in found["KE-FR-002"].transits] == ["QAT", "ARE"]
    assert found["KE-FR-002"].transport_mode == "air_cargo"


def test_import_updates_a_seizure_entered_in_the_form(world: World) -> None:
    with session_scope(world.factory) as session:
        taxon = session.execute(select(Taxon.id).where(
            Taxon.scientific_name == "Loxodonta africana")).scalar_one()
        create_seizure(session, world.fp_ken, SeizureInput(
            operation_id=world.operation_id, reporting_country="KEN",
            national_reference="KE-IMP-002", seizure_date=START, seizure_point="export",
            transport_mode="road", detection_method="other",
            items=(ItemInput(taxon, "TUS", 1, "KIL"),)))
    report = run(world, fixture("comma_utf8.csv"), "a.csv", mode="all")
    assert (report.created, report.updated) == (1, 1)
    assert seizures_of(world)["KE-IMP-002"].transport_mode == "sea_container"


def test_xlsx_with_date_cells_numbers_and_empty_rows(world: World) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    row = good_row(12345, seizure_date=dt.datetime(2025, 3, 8), quantity=2.5,
                   live=True, suspects_arrested=3.0, estimated_value_usd=100)
    sheet.append([row.get(c) for c in HEADER])
    sheet.append([None] * len(HEADER))  # empty row, ignored
    sheet.append([good_row("KE-X-2", seizure_date="09/03/2025").get(c) for c in HEADER])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(world, buffer.getvalue(), "book.xlsx", mode="all")
    assert report.ok and report.file_type == "xlsx" and report.created == 2, report.errors
    found = seizures_of(world)
    number = found["12345"]
    assert number.seizure_date == dt.date(2025, 3, 8) and number.suspects_arrested == 3
    assert (number.items[0].quantity, number.items[0].is_live) == (2.5, True)
    assert found["KE-X-2"].seizure_date == dt.date(2025, 3, 9)


def _with_formulas(cached: str | None) -> bytes:
    """A workbook whose quantity is a formula, with or without a saved value."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append([good_row("KE-F-1").get(c) for c in HEADER])
    sheet.cell(row=2, column=HEADER.index("quantity") + 1).value = "=2*3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    if cached is None:
        return buffer.getvalue()  # openpyxl saves formulas without values
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>2*3</f><v />", f"<f>2*3</f><v>{cached}</v>".encode())
                assert f"<v>{cached}</v>".encode() in data
            target.writestr(item, data)
    return out.getvalue()


def test_formula_cells_use_their_saved_value(world: World) -> None:
    report = run(world, _with_formulas("6"), "formulas.xlsx", mode="all")
    assert report.ok, report.errors
    assert seizures_of(world)["KE-F-1"].items[0].quantity == 6.0


def test_formula_without_saved_value_is_rejected_with_row_and_column(world: World) -> None:
    report = run(world, _with_formulas(None), "formulas.xlsx")
    assert [(e.row, e.column, e.code) for e in report.errors] == [
        (2, "quantity", ErrorCode.FORMULA_WITHOUT_VALUE)]


def test_the_templates(world: World) -> None:
    assert template_csv().decode("utf-8-sig").strip().split(",") == HEADER
    workbook = load_workbook(io.BytesIO(template_xlsx()))
    assert workbook.sheetnames == ["seizures", "columns"]
    data, docs = workbook["seizures"], workbook["columns"]
    assert [c.value for c in data[1]] == HEADER
    documented = {row[0]: row for row in docs.iter_rows(min_row=2, values_only=True)}
    assert set(documented) == set(HEADER)
    for column in COLUMNS:
        _name, _level, required, meaning, accepted, example = documented[column.name]
        assert meaning and accepted and example and required in ("yes", "no")
    # Filled in, the template imports.
    data.append([good_row("KE-T-1").get(c) for c in HEADER])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert run(world, buffer.getvalue(), "template.xlsx", mode="all").created == 1
    translated = load_workbook(io.BytesIO(template_xlsx(translate=str.upper)))["columns"]
    assert translated["A1"].value == "COLUMN"


# --- rejections -----------------------------------------------------------------------


EXPECTED_REJECTIONS = {
    (2, "species", ErrorCode.UNKNOWN_SPECIES),
    (3, "seizure_date", ErrorCode.INVALID_DATE),
    (4, "seizure_date", ErrorCode.INVALID_DATE),
    (5, "quantity", ErrorCode.QUANTITY_NOT_POSITIVE),
    (6, "quantity", ErrorCode.QUANTITY_NOT_POSITIVE),
    (7, "unit", ErrorCode.UNKNOWN_UNIT),
    (8, "unit", ErrorCode.UNIT_NOT_ALLOWED),
    (9, "origin_country", ErrorCode.UNKNOWN_COUNTRY),
    (10, "transport_mode", ErrorCode.UNKNOWN_CODE),
    (12, "seizure_date", ErrorCode.REFERENCE_CONFLICT),
    (12, "notes", ErrorCode.REFERENCE_CONFLICT),
    (11, "national_reference", ErrorCode.OTHER_ROW_REJECTED),
    (13, "seizure_date", ErrorCode.DATE_BEFORE_OPERATION),
    (14, "live", ErrorCode.INVALID_BOOLEAN),
    (15, "national_reference", ErrorCode.REQUIRED),
    (16, "", ErrorCode.MALFORMED_ROW),
    (17, "location_code", ErrorCode.LOCATION_OTHER_COUNTRY),
    (18, "cites_term", ErrorCode.UNKNOWN_TERM),
    (19, "quantity", ErrorCode.INVALID_NUMBER),
    (19, "suspects_arrested", ErrorCode.NEGATIVE_VALUE),
}


def test_every_rejected_row_has_its_row_column_and_reason(world: World) -> None:
    report = run(world, fixture("rejects.csv"), "rejects.csv")
    found = {(e.row, e.column, e.code) for e in report.errors}
    assert found == EXPECTED_REJECTIONS
    assert report.rows == 19 and report.rows_rejected == 18
    assert (report.seizures_to_create, report.seizures_rejected) == (1, 16)
    unknown = next(e for e in report.errors if e.code == ErrorCode.UNKNOWN_SPECIES)
    assert unknown.value == "Unicornus imaginarius"
    conflict = next(e for e in report.errors if e.code == ErrorCode.REFERENCE_CONFLICT)
    assert conflict.params == {"first_row": 11}


def test_import_all_is_refused_while_rows_are_rejected(world: World) -> None:
    before = counts(world)
    report = run(world, fixture("rejects.csv"), "rejects.csv", mode="all")
    assert not report.applied and report.refusal.code == ErrorCode.ROWS_REJECTED
    assert report.refusal.params == {"count": 18}
    assert counts(world) == before


def test_import_only_the_valid_seizures(world: World) -> None:
    report = run(world, fixture("rejects.csv"), "rejects.csv", mode="valid_only")
    assert report.applied and report.created == 1
    assert set(seizures_of(world)) == {"KE-GOOD-1"}


def test_withdrawn_seizure_is_not_reimported(world: World) -> None:
    run(world, fixture("comma_utf8.csv"), "a.csv", mode="all")
    with session_scope(world.factory) as session:
        seizure = seizures_of(world)["KE-IMP-002"]
        withdraw_seizure(session, world.fp_ken, seizure.id, reason="error",
                         expected_version=seizure.version)
    report = run(world, fixture("comma_utf8.csv"), "a.csv")
    assert {(e.row, e.code) for e in report.errors} == {(5, ErrorCode.SEIZURE_WITHDRAWN)}


REFUSED_FILES = [
    ("malformed_quote.csv", ErrorCode.MALFORMED_CSV),
    ("utf16.csv", ErrorCode.UNSUPPORTED_ENCODING),
    ("not_a_spreadsheet.pdf", ErrorCode.UNSUPPORTED_FILE_TYPE),
    ("legacy.xls", ErrorCode.UNSUPPORTED_FILE_TYPE),
    ("missing_columns.csv", ErrorCode.MISSING_COLUMNS),
    ("header_only.csv", ErrorCode.EMPTY_FILE),
]


@pytest.mark.parametrize(("name", "code"), REFUSED_FILES)
def test_unusable_files_are_refused_whole(world: World, name: str, code: str) -> None:
    before = counts(world)
    with pytest.raises(ImportRefused) as exc:
        run(world, fixture(name), name, mode="all")
    assert exc.value.code == code
    assert counts(world) == before


def test_missing_columns_are_named() -> None:
    with pytest.raises(ImportRefused) as exc:
        read_table(fixture("missing_columns.csv"), "m.csv")
    assert exc.value.errors[0].params["columns"] == [
        "seizure_point", "transport_mode", "detection_method", "cites_term", "quantity"]


def test_size_and_row_limits(world: World) -> None:
    content = fixture("comma_utf8.csv")
    with pytest.raises(ImportRefused) as exc:
        run(world, content, "a.csv", limits=ImportLimits(max_bytes=len(content) - 1))
    assert exc.value.code == ErrorCode.FILE_TOO_LARGE
    assert exc.value.errors[0].params == {"size": len(content), "limit": len(content) - 1}
    with pytest.raises(ImportRefused) as exc:
        run(world, content, "a.csv", limits=ImportLimits(max_rows=2))
    assert exc.value.code == ErrorCode.TOO_MANY_ROWS
    # Empty rows do not count: three data rows fit a limit of three.
    assert run(world, content, "a.csv", limits=ImportLimits(max_rows=3)).rows == 3


def test_default_limits_are_ten_megabytes_and_fifty_thousand_rows() -> None:
    assert ImportLimits() == ImportLimits(max_bytes=10 * 1024 * 1024, max_rows=50_000)


def _zip_with(extra: dict[str, bytes]) -> bytes:
    workbook = Workbook()
    workbook.active.append(HEADER)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def test_macro_workbooks_and_damaged_files_are_refused() -> None:
    plain = _zip_with({})
    cases = [
        (plain, "book.xlsm", ErrorCode.MACRO_WORKBOOK),
        (_zip_with({"xl/vbaProject.bin": b"\x00macro"}), "book.xlsx", ErrorCode.MACRO_WORKBOOK),
        (b"PK\x03\x04 not really a zip", "book.xlsx", ErrorCode.UNREADABLE_WORKBOOK),
        (b"plain text", "book.xlsx", ErrorCode.UNREADABLE_WORKBOOK),
        (_zip_with({}).replace(b"xl/workbook.xml", b"xl/notebook.xml"), "x.zip",
         ErrorCode.UNSUPPORTED_FILE_TYPE),
        (b"a,b\n", "data.json", ErrorCode.UNSUPPORTED_FILE_TYPE),
    ]
    for content, name, code in cases:
        with pytest.raises(ImportRefused) as exc:
            read_table(content, name)
        assert exc.value.code == code, name
    assert detect_type(plain, "book.xlsx") == "xlsx"


# --- transaction, rights, audit -------------------------------------------------------


def test_an_import_that_fails_midway_leaves_the_database_as_it_was(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    run(world, fixture("comma_utf8.csv"), "a.csv", mode="all")
    before = counts(world)
    stored = {ref: (s.version, [i.quantity for i in s.items])
              for ref, s in seizures_of(world).items()}

    # Fails after seizures were inserted/updated and old items deleted, before new items.
    real_insert = apply_module._insert

    def failing_insert(session, table, rows):
        if table is SeizureItem.__table__:
            raise RuntimeError("disk full")
        return real_insert(session, table, rows)

    monkeypatch.setattr(apply_module, "_insert", failing_insert)
    changed = fixture("comma_utf8.csv").replace(b"12.5,kg", b"99,kg") + \
        b"KE-IMP-003,2025-03-06,,,,import,road,other,,,,,,Loxodonta africana,TUS,1,kg,,,,\n"
    with pytest.raises(RuntimeError):
        run(world, changed, "a.csv", mode="all")
    assert counts(world) == before
    assert {ref: (s.version, [i.quantity for i in s.items])
            for ref, s in seizures_of(world).items()} == stored


def test_focal_point_imports_only_for_their_country(world: World) -> None:
    with pytest.raises(PermissionDenied) as exc:
        run(world, fixture("comma_utf8.csv"), "a.csv", mode="all", country="NGA")
    assert exc.value.code == ErrorCode.OTHER_COUNTRY
    with pytest.raises(PermissionDenied) as exc:
        run(world, fixture("comma_utf8.csv"), "a.csv", principal=world.donor)
    assert exc.value.code == ErrorCode.PERMISSION_DENIED
    # A commander imports for any participating country.
    report = run(world, fixture("comma_utf8.csv").replace(b"NBO", b""), "a.csv", mode="all",
                 principal=world.commander, country="NGA")
    assert report.created == 2 and set(seizures_of(world, "NGA")) == {"KE-IMP-001",
                                                                      "KE-IMP-002"}


def test_locked_operation_refuses_imports(world: World) -> None:
    with session_scope(world.factory) as session:
        session.get(Operation, world.operation_id).lock_date = dt.date(2025, 4, 15)
    with pytest.raises(EntryLocked):
        run(world, fixture("comma_utf8.csv"), "a.csv", mode="all")


def test_one_audit_event_per_import_and_seizure_history(world: World) -> None:
    last = counts(world)[3]
    run(world, fixture("comma_utf8.csv"), "a.csv")  # dry run: no event
    assert counts(world)[3] == last
    run(world, fixture("comma_utf8.csv"), "a.csv", mode="all")
    run(world, fixture("comma_utf8.csv"), "a.csv", mode="all")
    assert counts(world)[3] == last + 2
    seizure = seizures_of(world)["KE-IMP-001"]
    with world.factory() as session:
        events = session.execute(select(AuditEvent).order_by(AuditEvent.id.desc())
                                 .limit(2)).scalars().all()
        second, first = events
        assert {first.action, second.action} == {"seizure.import"}
        assert first.user_id == world.fp_ken.id and first.after["file"] == "a.csv"
        assert len(first.after["created"]) == 2 and first.before is None
        assert len(second.after["updated"]) == 2 and len(second.before) == 2
        history = seizure_history(session, world.commander, seizure.id)
    assert list(history["action"]) == ["seizure.import", "seizure.import"]
    assert history["after"].iloc[1]["version"] == 2
    assert history["before"].iloc[1]["version"] == 1


def test_import_replaces_nil_returns_and_marks_days_reported(world: World) -> None:
    with session_scope(world.factory) as session:
        record_nil_return(session, world.fp_ken, world.operation_id, "KEN",
                          dt.date(2025, 3, 5))
    report = run(world, fixture("comma_utf8.csv"), "a.csv")
    assert report.nil_returns_to_replace == 1
    report = run(world, fixture("comma_utf8.csv"), "a.csv", mode="all")
    assert report.nil_returns_replaced == 1
    with world.factory() as session:
        kinds = dict(session.execute(select(DailyReport.report_date, DailyReport.kind).where(
            DailyReport.operation_id == world.operation_id,
            DailyReport.country_iso3 == "KEN")).all())
    assert kinds == {dt.date(2025, 3, 5): "report", dt.date(2025, 3, 6): "report"}


def test_progress_and_report_files(world: World, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    rows = [good_row(f"KE-P-{i}") for i in range(6000)] + [good_row("KE-P-X", quantity="-1")]
    report = run(world, row_csv(rows), "big.csv", progress=lambda *a: seen.append(a))
    assert {label for label, *_ in seen} >= {"read", "validate"}
    assert ("validate", 6001, 6001) in seen
    csv_path = report.write(tmp_path / "report.csv")
    lines = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert lines == [{"row": "6002", "column": "quantity", "code": "quantity_not_positive",
                      "params": "", "value": "-1"}]  # a plain number: kept as typed
    data = json.loads(report.write(tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["summary"]["seizures_to_create"] == 6000
    assert data["errors"][0]["row"] == 6002


def test_import_writes_in_bulk(world: World, engine: Engine) -> None:
    """5,000 rows are written in a bounded number of statements, not one or more per row
    (throughput itself is measured by bench/, never asserted)."""
    rows = []
    for i in range(5000):
        rows.append(good_row(f"KE-S-{i // 2}", quantity=str(1 + i % 7),
                             transit_countries="ARE;QAT"))
    content = row_csv(rows)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        report = run(world, content, "speed.csv", mode="all")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert report.created == 2500 and report.items_written == 5000
    assert len(statements) < 400, f"{len(statements)} statements for 5,000 rows"


def test_import_only_for_a_participating_country(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        run(world, fixture("comma_utf8.csv"), "a.csv", principal=world.commander,
            country="BRA")
    assert exc.value.code == ErrorCode.COUNTRY_NOT_PARTICIPATING
