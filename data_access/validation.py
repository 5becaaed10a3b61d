"""Server-side validation of seizure entries, shared by the form and the spreadsheet importer.

Validation never produces sentences: each problem is a `FieldError(field, code, params)`
naming the field ("seizure_date", "items[1].unit_code"; item indexes start at 0), a code
from `ErrorCode` and the values the message needs (dates as ISO strings); both live in
data_access.errors. The dashboard translates codes into the user's language
(dashboard/ui/codes.py, the one catalogue of sentences).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import vocab
from data_access.errors import ErrorCode, FieldError
from data_access.models import CitesTerm, CitesUnit, Country, Location, Operation, Taxon
from geo.cells import cells_for_point

# ---------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class ItemInput:
    """One commodity line as entered (values may still be text from a form or a file)."""

    taxon_id: int | None
    term_code: str | None
    quantity: float | str | None
    unit_code: str | None
    is_live: bool | str | None = False
    estimated_value_usd: float | str | None = None


@dataclass(frozen=True)
class SeizureInput:
    """A seizure as entered; validate_seizure turns it into a CleanSeizure or errors.

    Country fields take ISO-3 codes; location_id names a Location; latitude/longitude are
    explicit coordinates (used when no location is given).
    """

    operation_id: int
    reporting_country: str | None
    national_reference: str | None
    seizure_date: dt.date | str | None
    seizure_point: str | None
    transport_mode: str | None
    detection_method: str | None
    items: tuple[ItemInput, ...] = ()
    seizure_time: dt.time | str | None = None
    location_id: int | None = None
    latitude: float | str | None = None
    longitude: float | str | None = None
    concealment: str | None = ""
    origin_country: str | None = None
    export_country: str | None = None
    transit_countries: tuple[str, ...] = ()
    destination_country: str | None = None
    suspects_arrested: int | str | None = 0
    notes: str | None = ""


@dataclass(frozen=True)
class CleanItem:
    """A validated item with its derived base quantity."""

    taxon_id: int
    term_code: str
    quantity: float
    unit_code: str
    is_live: bool
    estimated_value_usd: float | None
    base_quantity: float | None
    base_class: str | None

    def columns(self) -> dict[str, Any]:
        """Column values of the SeizureItem row (without ids and position)."""
        return {"taxon_id": self.taxon_id, "term_code": self.term_code,
                "quantity": self.quantity, "unit_code": self.unit_code,
                "is_live": self.is_live, "estimated_value_usd": self.estimated_value_usd,
                "base_quantity": self.base_quantity, "base_class": self.base_class}


@dataclass(frozen=True)
class CleanSeizure:
    """A validated seizure with typed values and derived geography."""

    operation_id: int
    reporting_country: str
    national_reference: str
    seizure_date: dt.date
    seizure_time: dt.time | None
    location_id: int | None
    latitude: float | None
    longitude: float | None
    geo_precision: str
    cells: dict[str, str | None]
    seizure_point: str
    transport_mode: str
    detection_method: str
    concealment: str
    origin_country: str | None
    export_country: str | None
    transit_countries: tuple[str, ...]
    destination_country: str | None
    suspects_arrested: int
    notes: str
    items: tuple[CleanItem, ...]

    def columns(self) -> dict[str, Any]:
        """Column values of the Seizure row that entry sets (not ids, audit or status)."""
        return {
            "operation_id": self.operation_id, "reporting_country": self.reporting_country,
            "national_reference": self.national_reference, "seizure_date": self.seizure_date,
            "seizure_time": self.seizure_time, "location_id": self.location_id,
            "latitude": self.latitude, "longitude": self.longitude,
            "geo_precision": self.geo_precision, **self.cells,
            "seizure_point": self.seizure_point, "transport_mode": self.transport_mode,
            "detection_method": self.detection_method, "concealment": self.concealment,
            "origin_country": self.origin_country, "export_country": self.export_country,
            "destination_country": self.destination_country,
            "suspects_arrested": self.suspects_arrested, "notes": self.notes,
        }


# ---------------------------------------------------------------------------------------
# Reference data


@dataclass(frozen=True)
class LocationRef:
    """What validation needs of a location."""

    id: int
    code: str
    country_iso3: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class ReferenceData:
    """The reference rows validation checks against, loaded once per write or import."""

    countries: Mapping[str, str]  # iso3 -> time zone
    taxa: frozenset[int]
    terms: Mapping[str, frozenset[str]]  # term code -> allowed unit classes
    units: Mapping[str, tuple[str, float | None]]  # unit code -> (class, factor to base)
    locations: Mapping[int, LocationRef]

    @classmethod
    def load(cls, session: Session, location_ids: Iterable[int | None] | None = None
             ) -> ReferenceData:
        """Load countries, taxa and CITES codes, and the named locations (None: all)."""
        countries = dict(session.execute(select(Country.iso3, Country.timezone)).all())
        taxa = frozenset(session.execute(select(Taxon.id)).scalars())
        terms = {code: frozenset(c for c in classes.split(";") if c)
                 for code, classes in session.execute(
                     select(CitesTerm.code, CitesTerm.unit_classes)).all()}
        units = {code: (unit_class, factor) for code, unit_class, factor in session.execute(
            select(CitesUnit.code, CitesUnit.unit_class, CitesUnit.to_base)).all()}
        query = select(Location.id, Location.code, Location.country_iso3, Location.latitude,
                       Location.longitude)
        if location_ids is not None:
            wanted = {i for i in location_ids if isinstance(i, int)}
            query = query.where(Location.id.in_(wanted)) if wanted else None
        locations = {} if query is None else {
            row.id: LocationRef(*row) for row in session.execute(query).all()}
        return cls(countries, taxa, terms, units, locations)

    def allowed_units(self, term: str) -> list[str]:
        """Unit codes whose class the term allows, sorted."""
        classes = self.terms.get(term, frozenset())
        return sorted(code for code, (unit_class, _f) in self.units.items()
                      if unit_class in classes)


# ---------------------------------------------------------------------------------------
# Value parsing (tolerant of text from forms and spreadsheets)

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_TIME = re.compile(r"^(\d{1,2})[:h](\d{2})(?::(\d{2})(?:\.\d+)?)?$")


class ParseError(ValueError):
    """A value that cannot be read as the type asked for; carries the error code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def is_blank(value: Any) -> bool:
    """None, NaN or a string of whitespace."""
    if value is None:
        return True
    kind = type(value)
    if kind is str:
        return not value.strip()
    return kind is float and math.isnan(value)


def parse_date(value: Any) -> dt.date:
    """A date from a date, a datetime, "YYYY-MM-DD" or "DD/MM/YYYY" (also - or . between)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if m := _YMD.match(text):
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            if m := _DMY.match(text):
                return dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            pass
    raise ParseError(ErrorCode.INVALID_DATE)


def parse_time(value: Any) -> dt.time:
    """A time from a time, a datetime or "HH:MM[:SS]"."""
    if isinstance(value, dt.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str) and (m := _TIME.match(value.strip())):
        try:
            return dt.time(int(m[1]), int(m[2]), int(m[3] or 0))
        except ValueError:
            pass
    raise ParseError(ErrorCode.INVALID_TIME)


def parse_number(value: Any) -> float:
    """A finite number; text may use a decimal comma ("12,5") and spaces between thousands.

    With both "." and "," the later one is the decimal mark ("1.234,5" and "1,234.5").
    """
    if isinstance(value, bool):
        raise ParseError(ErrorCode.INVALID_NUMBER)
    if isinstance(value, int | float | Decimal):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if "," in text and "." in text:
            decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
            thousands = "." if decimal_mark == "," else ","
            text = text.replace(thousands, "").replace(decimal_mark, ".")
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise ParseError(ErrorCode.INVALID_NUMBER) from None
    else:
        raise ParseError(ErrorCode.INVALID_NUMBER)
    if not math.isfinite(number):
        raise ParseError(ErrorCode.INVALID_NUMBER)
    return number


def parse_integer(value: Any) -> int:
    """A whole number ("3", 3, 3.0)."""
    try:
        number = parse_number(value)
    except ParseError:
        raise ParseError(ErrorCode.INVALID_INTEGER) from None
    if number != int(number):
        raise ParseError(ErrorCode.INVALID_INTEGER)
    return int(number)


def _clean_text(value: Any) -> str:
    """Trimmed text ("" for blanks)."""
    return "" if is_blank(value) else str(value).strip()


# ---------------------------------------------------------------------------------------
# Validation

MAX_REFERENCE = 64
MAX_CONCEALMENT = 255
MAX_NOTES = 4000
CODED_FIELDS = {
    "seizure_point": vocab.SEIZURE_POINTS,
    "transport_mode": vocab.TRANSPORT_MODES,
    "detection_method": vocab.DETECTION_METHODS,
}


@lru_cache(maxsize=8192)
def _cells(latitude: float | None, longitude: float | None) -> dict[str, str | None]:
    """H3 cells of a point (ports repeat a lot in an import); callers copy, never mutate."""
    return cells_for_point(latitude, longitude)


def base_quantity(quantity: float, factor: float | None) -> float | None:
    """Quantity in the base unit, rounded once (2500 GRM -> 2.5 kg exactly)."""
    if factor is None or (isinstance(factor, float) and math.isnan(factor)):
        return None
    return float(Decimal(str(float(quantity))) * Decimal(str(factor)))


def _validate_item(index: int, item: ItemInput, ref: ReferenceData,
                   errors: list[FieldError]) -> CleanItem | None:
    """Check one item; append its errors; return it clean when it has none."""
    prefix = f"items[{index}]."
    before = len(errors)
    taxon_id = item.taxon_id
    if is_blank(taxon_id):
        errors.append(FieldError(prefix + "taxon_id", ErrorCode.REQUIRED))
    elif taxon_id not in ref.taxa:
        errors.append(FieldError(prefix + "taxon_id", ErrorCode.UNKNOWN_SPECIES,
                                 {"value": str(taxon_id)}))
    term = _clean_text(item.term_code).upper()
    if not term:
        errors.append(FieldError(prefix + "term_code", ErrorCode.REQUIRED))
    elif term not in ref.terms:
        errors.append(FieldError(prefix + "term_code", ErrorCode.UNKNOWN_TERM, {"value": term}))
        term = ""
    unit = _clean_text(item.unit_code).upper()
    if not unit:
        errors.append(FieldError(prefix + "unit_code", ErrorCode.REQUIRED))
    elif unit not in ref.units:
        errors.append(FieldError(prefix + "unit_code", ErrorCode.UNKNOWN_UNIT, {"value": unit}))
    elif term and ref.units[unit][0] not in ref.terms[term]:
        errors.append(FieldError(prefix + "unit_code", ErrorCode.UNIT_NOT_ALLOWED,
                                 {"term": term, "unit": unit,
                                  "allowed": ref.allowed_units(term)}))
    quantity = 0.0
    if is_blank(item.quantity):
        errors.append(FieldError(prefix + "quantity", ErrorCode.REQUIRED))
    else:
        try:
            quantity = parse_number(item.quantity)
            if quantity <= 0:
                errors.append(FieldError(prefix + "quantity", ErrorCode.QUANTITY_NOT_POSITIVE))
        except ParseError as exc:
            errors.append(FieldError(prefix + "quantity", exc.code))
    value = None
    if not is_blank(item.estimated_value_usd):
        try:
            value = parse_number(item.estimated_value_usd)
            if value < 0:
                errors.append(FieldError(prefix + "estimated_value_usd",
                                         ErrorCode.NEGATIVE_VALUE))
        except ParseError as exc:
            errors.append(FieldError(prefix + "estimated_value_usd", exc.code))
    live = item.is_live
    if not isinstance(live, bool) and live is not None:
        errors.append(FieldError(prefix + "is_live", ErrorCode.INVALID_BOOLEAN))
    if len(errors) > before:
        return None
    unit_class, factor = ref.units[unit]
    base = base_quantity(quantity, factor)
    return CleanItem(int(taxon_id), term, quantity, unit, bool(live), value, base,
                     unit_class if base is not None else None)


def _country(field_name: str, value: Any, ref: ReferenceData,
             errors: list[FieldError]) -> str | None:
    """An optional ISO-3 country code, checked against the reference list."""
    code = _clean_text(value).upper()
    if not code:
        return None
    if code not in ref.countries:
        errors.append(FieldError(field_name, ErrorCode.UNKNOWN_COUNTRY, {"value": code}))
        return None
    return code


def _coordinate(field_name: str, value: Any, limit: float, code: str,
                errors: list[FieldError]) -> float | None:
    """An optional coordinate within ±limit."""
    if is_blank(value):
        return None
    try:
        number = parse_number(value)
    except ParseError as exc:
        errors.append(FieldError(field_name, exc.code))
        return None
    if not -limit <= number <= limit:
        errors.append(FieldError(field_name, code))
        return None
    return number


def validate_seizure(data: SeizureInput, *, operation: Operation, ref: ReferenceData,
                     today: dt.date, participants: frozenset[str] | None = None
                     ) -> tuple[CleanSeizure | None, list[FieldError]]:
    """Check every field of a seizure; return it clean, or None with all its errors.

    `today` is the reporting country's local date (no seizure date after it). The
    uniqueness of the national reference needs the database and is checked by the caller.
    """
    errors: list[FieldError] = []
    country = _clean_text(data.reporting_country).upper()
    if not country:
        errors.append(FieldError("reporting_country", ErrorCode.REQUIRED))
    elif country not in ref.countries:
        errors.append(FieldError("reporting_country", ErrorCode.UNKNOWN_COUNTRY,
                                 {"value": country}))
    elif participants is not None and country not in participants:
        errors.append(FieldError("reporting_country", ErrorCode.COUNTRY_NOT_PARTICIPATING,
                                 {"country": country, "operation": operation.code}))

    reference = _clean_text(data.national_reference)
    if not reference:
        errors.append(FieldError("national_reference", ErrorCode.REQUIRED))
    elif len(reference) > MAX_REFERENCE:
        errors.append(FieldError("national_reference", ErrorCode.TOO_LONG,
                                 {"max": MAX_REFERENCE}))

    seizure_date = None
    if is_blank(data.seizure_date):
        errors.append(FieldError("seizure_date", ErrorCode.REQUIRED))
    else:
        try:
            seizure_date = parse_date(data.seizure_date)
        except ParseError as exc:
            errors.append(FieldError("seizure_date", exc.code))
    if seizure_date is not None:
        if seizure_date < operation.start_date:
            errors.append(FieldError("seizure_date", ErrorCode.DATE_BEFORE_OPERATION,
                                     {"start": operation.start_date.isoformat(),
                                      "end": operation.end_date.isoformat()}))
        elif seizure_date > operation.end_date:
            errors.append(FieldError("seizure_date", ErrorCode.DATE_AFTER_OPERATION,
                                     {"start": operation.start_date.isoformat(),
                                      "end": operation.end_date.isoformat()}))
        elif seizure_date > today:
            errors.append(FieldError("seizure_date", ErrorCode.DATE_IN_FUTURE,
                                     {"today": today.isoformat()}))

    seizure_time = None
    if not is_blank(data.seizure_time):
        try:
            seizure_time = parse_time(data.seizure_time)
        except ParseError as exc:
            errors.append(FieldError("seizure_time", exc.code))

    coded: dict[str, str] = {}
    for name, allowed in CODED_FIELDS.items():
        value = _clean_text(getattr(data, name))
        if not value:
            errors.append(FieldError(name, ErrorCode.REQUIRED))
        elif value not in allowed:
            errors.append(FieldError(name, ErrorCode.UNKNOWN_CODE,
                                     {"value": value, "allowed": list(allowed)}))
        coded[name] = value

    # Geography: a known location wins; else explicit coordinates; else the country.
    latitude = _coordinate("latitude", data.latitude, 90, ErrorCode.LATITUDE_OUT_OF_RANGE,
                           errors)
    longitude = _coordinate("longitude", data.longitude, 180,
                            ErrorCode.LONGITUDE_OUT_OF_RANGE, errors)
    location_id = data.location_id
    precision = "country"
    if not is_blank(location_id):
        location = ref.locations.get(location_id)  # type: ignore[arg-type]
        if location is None:
            errors.append(FieldError("location_id", ErrorCode.UNKNOWN_LOCATION,
                                     {"value": str(location_id)}))
        elif country and location.country_iso3 != country:
            errors.append(FieldError("location_id", ErrorCode.LOCATION_OTHER_COUNTRY,
                                     {"location": location.code, "country": country}))
        else:
            precision = "location"
            if latitude is None or longitude is None:
                latitude, longitude = location.latitude, location.longitude
            else:
                precision = "coordinates"
    else:
        location_id = None
        if (latitude is None) != (longitude is None) and not any(
                e.field in ("latitude", "longitude") for e in errors):
            missing = "latitude" if latitude is None else "longitude"
            errors.append(FieldError(missing, ErrorCode.COORDINATES_INCOMPLETE))
        elif latitude is not None:
            precision = "coordinates"

    origin = _country("origin_country", data.origin_country, ref, errors)
    export = _country("export_country", data.export_country, ref, errors)
    destination = _country("destination_country", data.destination_country, ref, errors)
    transits: list[str] = []
    for i, value in enumerate(data.transit_countries or ()):
        code = _country(f"transit_countries[{i}]", value, ref, errors)
        if code and code not in transits:
            transits.append(code)

    arrests = 0
    if not is_blank(data.suspects_arrested):
        try:
            arrests = parse_integer(data.suspects_arrested)
            if arrests < 0:
                errors.append(FieldError("suspects_arrested", ErrorCode.NEGATIVE_VALUE))
        except ParseError as exc:
            errors.append(FieldError("suspects_arrested", exc.code))

    concealment = _clean_text(data.concealment)
    if len(concealment) > MAX_CONCEALMENT:
        errors.append(FieldError("concealment", ErrorCode.TOO_LONG, {"max": MAX_CONCEALMENT}))
    notes = _clean_text(data.notes)
    if len(notes) > MAX_NOTES:
        errors.append(FieldError("notes", ErrorCode.TOO_LONG, {"max": MAX_NOTES}))

    items = [_validate_item(i, item, ref, errors) for i, item in enumerate(data.items)]
    if not data.items:
        errors.append(FieldError("items", ErrorCode.NO_ITEMS))

    if errors:
        return None, errors
    return CleanSeizure(
        operation_id=operation.id, reporting_country=country, national_reference=reference,
        seizure_date=seizure_date, seizure_time=seizure_time,  # type: ignore[arg-type]
        location_id=location_id, latitude=latitude, longitude=longitude,
        geo_precision=precision, cells=_cells(latitude, longitude),
        seizure_point=coded["seizure_point"], transport_mode=coded["transport_mode"],
        detection_method=coded["detection_method"], concealment=concealment,
        origin_country=origin, export_country=export, transit_countries=tuple(transits),
        destination_country=destination, suspects_arrested=arrests, notes=notes,
        items=tuple(i for i in items if i is not None),
    ), []
