"""The seizure form of the entry page (/report): fields, item lines, choices, and the
mapping between form values, the data layer's SeizureInput and its field errors.

Scalar fields use pattern ids {"type": REPORT_FIELD, "name": <SeizureInput field>} so one
callback can read, fill and flag them all; item fields add an "index" per line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.i18n import _, current_language, format_date, localized
from dashboard.ui import labels
from dashboard.ui.codes import sentence
from data_access import vocab
from data_access.cites import CitesColumns, load_terms, load_units, units_for_term
from data_access.entries import TaxonSearchColumns
from data_access.entry_options import CountryColumns, TaxonNameColumns
from data_access.errors import FieldError
from data_access.seizures import SeizureRecord
from data_access.validation import ItemInput, SeizureInput


class Where:
    """How the place of a seizure is given."""

    LOCATION = "location"
    COORDINATES = "coordinates"
    COUNTRY = "country"
    ALL = (LOCATION, COORDINATES, COUNTRY)


class Field:
    """Names of the scalar fields (SeizureInput's, plus the "where" choice)."""

    REFERENCE = "national_reference"
    TIME = "seizure_time"
    WHERE = "where"
    LOCATION = "location_id"
    LATITUDE = "latitude"
    LONGITUDE = "longitude"
    POINT = "seizure_point"
    MODE = "transport_mode"
    DETECTION = "detection_method"
    CONCEALMENT = "concealment"
    ORIGIN = "origin_country"
    EXPORT = "export_country"
    TRANSIT = "transit_countries"
    DESTINATION = "destination_country"
    SUSPECTS = "suspects_arrested"
    NOTES = "notes"
    DATE = "seizure_date"  # its control is a date picker with its own id (ids.REPORT_DATE)


class ItemField:
    """Names of an item line's fields (ItemInput's)."""

    SPECIES = "taxon_id"
    TERM = "term_code"
    QUANTITY = "quantity"
    UNIT = "unit_code"
    LIVE = "is_live"
    VALUE = "estimated_value_usd"
    ALL = (SPECIES, TERM, QUANTITY, UNIT, LIVE, VALUE)


# Field order in the layout; callbacks see pattern-matched fields in this order.
FIELD_ORDER = (Field.REFERENCE, Field.TIME, Field.WHERE, Field.LOCATION, Field.LATITUDE,
               Field.LONGITUDE, Field.POINT, Field.MODE, Field.DETECTION, Field.CONCEALMENT,
               Field.ORIGIN, Field.EXPORT, Field.TRANSIT, Field.DESTINATION, Field.SUSPECTS,
               Field.NOTES)
DEFAULTS: Mapping[str, Any] = {Field.WHERE: Where.LOCATION, Field.TRANSIT: [],
                               Field.SUSPECTS: 0}
ITEM_DEFAULTS: Mapping[str, Any] = {ItemField.LIVE: False}
# Fields whose errors belong to the item lines container, not a single control.
ITEMS_FIELD = "items"


def field_id(name: str) -> dict[str, str]:
    return {"type": ids.REPORT_FIELD, "name": name}


def feedback_id(name: str) -> dict[str, str]:
    return {"type": ids.REPORT_FIELD_FEEDBACK, "name": name}


def box_id(name: str) -> dict[str, str]:
    return {"type": ids.REPORT_FIELD_BOX, "name": name}


def item_id(name: str, index: int) -> dict[str, Any]:
    return {"type": ids.REPORT_ITEM, "name": name, "index": index}


def item_feedback_id(name: str, index: int) -> dict[str, Any]:
    return {"type": ids.REPORT_ITEM_FEEDBACK, "name": name, "index": index}


def item_box_id(name: str, index: int) -> dict[str, Any]:
    return {"type": ids.REPORT_ITEM_BOX, "name": name, "index": index}


def dom_id(component_id: Mapping[str, Any]) -> str:
    """The DOM id Dash gives a pattern id (JSON, keys sorted), for <label for=...>."""
    return json.dumps(dict(component_id), sort_keys=True, separators=(",", ":"))


# ---------------------------------------------------------------------------------------
# Choices


def vocabulary_options(name: str) -> list[dict[str, str]]:
    """Translated choices of a coded field."""
    table = {Field.POINT: labels.SEIZURE_POINTS, Field.MODE: labels.TRANSPORT_MODES,
             Field.DETECTION: labels.DETECTION_METHODS}[name]
    codes = {Field.POINT: vocab.SEIZURE_POINTS, Field.MODE: vocab.TRANSPORT_MODES,
             Field.DETECTION: vocab.DETECTION_METHODS}[name]
    return labels.options(table, codes)


def term_options() -> list[dict[str, str]]:
    """CITES terms, named in the user's language, with their code."""
    terms = load_terms()
    column = f"label_{current_language()}"
    return sorted(({"label": f"{row[column] or row[CitesColumns.LABEL_EN]} "
                             f"({row[CitesColumns.CODE]})",
                    "value": row[CitesColumns.CODE]} for _i, row in terms.iterrows()),
                  key=lambda o: o["label"].casefold())


def unit_options(term: str | None) -> list[dict[str, str]]:
    """The units that make sense for a term (all units before a term is chosen)."""
    units = load_units().set_index(CitesColumns.CODE)
    column = f"label_{current_language()}"
    codes = units_for_term(term) if term else list(units.index)
    return [{"label": f"{units.at[c, column] or units.at[c, CitesColumns.LABEL_EN]} ({c})",
             "value": c} for c in codes if c in units.index]


def place_options(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Ports of the country: name, kind and code."""
    return [{"label": f"{row.name} · {labels.label(labels.LOCATION_KINDS, row.kind)} "
                      f"({row.code})", "value": int(row.id)}
            for row in frame.itertuples()] if not frame.empty else []


def country_options(frame: pd.DataFrame) -> list[dict[str, str]]:
    """Countries named in the user's language, with their ISO-3 code."""
    options = [{"label": f"{localized(row, 'name')} ({row.iso3})", "value": row.iso3}
               for row in frame[list(CountryColumns.ALL)].itertuples()]
    return sorted(options, key=lambda o: o["label"].casefold())


def _taxon_label(row: Any) -> str:
    common = localized(row, "common_name")
    return f"{row.scientific_name} · {common}" if common else row.scientific_name


def species_options(frame: pd.DataFrame, typed: str = "") -> list[dict[str, Any]]:
    """Species found by search_taxa (best first) or named by taxon_names. `typed` (what
    the user typed) joins each option's search text: the server matched it ignoring case
    and accents, and the dropdown's own filter must not hide the option again."""
    if frame.empty:
        return []
    columns = [TaxonSearchColumns.ID, TaxonSearchColumns.SCIENTIFIC_NAME,
               TaxonSearchColumns.COMMON_NAME_EN, TaxonSearchColumns.COMMON_NAME_FR,
               TaxonSearchColumns.COMMON_NAME_PT]
    rows = frame[columns].itertuples() if TaxonSearchColumns.MATCHED in frame.columns \
        else frame[list(TaxonNameColumns.ALL)].itertuples()
    # The search's matched name is kept in the label's search text so that typing a
    # French or Portuguese name keeps the option visible in the dropdown's own filter.
    return [{"label": _taxon_label(row), "value": int(row.id),
             "search": " ".join(filter(None, (typed, row.scientific_name, row.common_name_en,
                                               row.common_name_fr, row.common_name_pt)))}
            for row in rows]


# ---------------------------------------------------------------------------------------
# Layout


def _feedback(component_id: Mapping[str, Any]) -> html.Div:
    return html.Div(id=dict(component_id), className="invalid-feedback d-block",
                    role="alert")


def tied(label_id: str, control: Any) -> Any:
    """Dash 4's dropdowns (a button named by its current value) and radio groups cannot be
    named by <label for>: a group named by the label ties them together instead."""
    if isinstance(control, dcc.Dropdown | dbc.RadioItems | dcc.DatePickerSingle):
        return html.Div(control, role="group", **{"aria-labelledby": label_id})
    return control


def _labelled(name: str, label: str, control: Any, *, hint: str = "", required: bool = False,
              width: int = 4) -> dbc.Col:
    """One field: its label tied to the control, the control, a hint and its error."""
    text = [label, html.Span(" *", className="text-danger", title=_("required"))
            if required else None]
    label_id = f"label-{name}"
    return dbc.Col(html.Div([
        dbc.Label(text, html_for=dom_id(field_id(name)), id=label_id,
                  className="mb-1 fw-semibold"),
        tied(label_id, control),
        html.Div(hint, className="form-text") if hint else None,
        _feedback(feedback_id(name)),
    ], id=box_id(name), className="jo-field"), md=width, className="mb-3")


# Number inputs carry no min/max: a browser drops a value outside them (the server would
# then see an empty field), and the server's checks and messages are the ones that count.
def _input(name: str, **props: Any) -> dbc.Input:
    return dbc.Input(id=field_id(name), **props)


def _dropdown(name: str, options: list, **props: Any) -> dcc.Dropdown:
    return dcc.Dropdown(id=field_id(name), options=options, **props)


def item_line(index: int, values: Mapping[str, Any] | None = None,
              species: list[dict[str, Any]] | None = None) -> dbc.Card:
    """One seized item: species, CITES term, quantity, unit, live, value."""
    values = {**ITEM_DEFAULTS, **(values or {})}

    def field(name: str, label: str, control: Any, width: int, required: bool = False):
        text = [label, html.Span(" *", className="text-danger") if required else None]
        label_id = f"label-{name}-{index}"
        return dbc.Col(html.Div([
            dbc.Label(text, html_for=dom_id(item_id(name, index)), id=label_id,
                      className="mb-1 small"),
            tied(label_id, control), _feedback(item_feedback_id(name, index)),
        ], id=item_box_id(name, index), className="jo-field"), md=width, className="mb-2")

    term = values.get(ItemField.TERM)
    return dbc.Card(dbc.CardBody([
        html.Div([
            html.H3(_("Item {number}").format(number=index + 1), className="h6 mb-2"),
            dbc.Button([html.I(className="bi bi-x-lg me-1"), _("Remove this item")],
                       id={"type": ids.REPORT_ITEM_REMOVE, "index": index}, color="link",
                       size="sm", className="text-danger p-0"),
        ], className="d-flex justify-content-between align-items-start"),
        dbc.Row([
            field(ItemField.SPECIES, _("Species"), dcc.Dropdown(
                id=item_id(ItemField.SPECIES, index), options=species or [],
                value=values.get(ItemField.SPECIES),
                placeholder=_("Type part of a scientific or common name"),
                search_order="original"), 5, required=True),
            field(ItemField.TERM, _("CITES term (what was seized)"), dcc.Dropdown(
                id=item_id(ItemField.TERM, index), options=term_options(), value=term,
                placeholder=_("e.g. tusks, scales, live")), 4, required=True),
            field(ItemField.LIVE, _("Live or dead"), dbc.RadioItems(
                id=item_id(ItemField.LIVE, index), value=bool(values.get(ItemField.LIVE)),
                options=[{"label": _("Dead"), "value": False},
                         {"label": _("Live"), "value": True}], inline=True), 3),
        ]),
        dbc.Row([
            field(ItemField.QUANTITY, _("Quantity"), dbc.Input(
                id=item_id(ItemField.QUANTITY, index), type="number", step="any",
                inputmode="decimal", value=values.get(ItemField.QUANTITY)), 3, required=True),
            field(ItemField.UNIT, _("Unit"), dcc.Dropdown(
                id=item_id(ItemField.UNIT, index), options=unit_options(term),
                value=values.get(ItemField.UNIT), placeholder=_("Choose the term first")),
                  4, required=True),
            field(ItemField.VALUE, _("Estimated value (USD, optional)"), dbc.Input(
                id=item_id(ItemField.VALUE, index), type="number", step="any",
                value=values.get(ItemField.VALUE)), 5),
        ]),
    ]), id={"type": ids.REPORT_ITEM_LINE, "index": index}, className="mb-2 jo-item-line")


def form_fields(values: Mapping[str, Any] | None = None) -> list[Any]:
    """The seizure-level fields, filled with `values` (defaults when None)."""
    values = {**DEFAULTS, **(values or {})}
    where = values.get(Field.WHERE) or Where.LOCATION
    return [
        dbc.Row([
            _labelled(Field.REFERENCE, _("National reference"), _input(
                Field.REFERENCE, value=values.get(Field.REFERENCE), maxlength=64,
                autocomplete="off"),
                hint=_("Your case number; unique for your country in this operation."),
                required=True),
            _labelled(Field.TIME, _("Time (optional)"), _input(
                Field.TIME, type="time", value=values.get(Field.TIME)), width=2),
        ]),
        dbc.Row([
            _labelled(Field.WHERE, _("Where"), dbc.RadioItems(
                id=field_id(Field.WHERE), value=where, inline=True, options=[
                    {"label": _("A port or post"), "value": Where.LOCATION},
                    {"label": _("Coordinates"), "value": Where.COORDINATES},
                    {"label": _("Country level only"), "value": Where.COUNTRY}]), width=4),
            _labelled(Field.LOCATION, _("Port or post"), _dropdown(
                Field.LOCATION, [], value=values.get(Field.LOCATION),
                placeholder=_("Search your country's ports"),
                disabled=where != Where.LOCATION)),
            _labelled(Field.LATITUDE, _("Latitude"), _input(
                Field.LATITUDE, type="number", step="any",
                value=values.get(Field.LATITUDE), disabled=where != Where.COORDINATES),
                hint=_("Decimal degrees, e.g. -1.3192"), width=2),
            _labelled(Field.LONGITUDE, _("Longitude"), _input(
                Field.LONGITUDE, type="number", step="any",
                value=values.get(Field.LONGITUDE), disabled=where != Where.COORDINATES),
                hint=_("Decimal degrees, e.g. 36.9278"), width=2),
        ]),
        dbc.Row([
            _labelled(name, label, _dropdown(name, vocabulary_options(name),
                                             value=values.get(name), clearable=False,
                                             placeholder=_("Choose…")), required=True)
            for name, label in ((Field.POINT, _("Seizure point")),
                                (Field.MODE, _("Transport mode")),
                                (Field.DETECTION, _("Detection method")))
        ]),
        dbc.Row([
            _labelled(Field.CONCEALMENT, _("Concealment (optional)"), _input(
                Field.CONCEALMENT, value=values.get(Field.CONCEALMENT), maxlength=255),
                width=8),
            _labelled(Field.SUSPECTS, _("Suspects arrested"), _input(
                Field.SUSPECTS, type="number", step=1,
                value=values.get(Field.SUSPECTS)), width=4),
        ]),
        dbc.Row([
            _labelled(name, label, _dropdown(name, [], value=values.get(name),
                                             multi=name == Field.TRANSIT,
                                             placeholder=_("Search a country")), width=3)
            for name, label in ((Field.ORIGIN, _("Country of origin")),
                                (Field.EXPORT, _("Country of export")),
                                (Field.TRANSIT, _("Transit countries")),
                                (Field.DESTINATION, _("Country of destination")))
        ]),
        dbc.Row([
            _labelled(Field.NOTES, _("Notes (optional)"), dbc.Textarea(
                id=field_id(Field.NOTES), value=values.get(Field.NOTES), rows=2,
                maxlength=4000), width=12),
        ]),
    ]


# ---------------------------------------------------------------------------------------
# Values <-> SeizureInput


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def seizure_input(operation_id: int, country: str, date: str | None,
                  values: Mapping[str, Any], items: Sequence[Mapping[str, Any]]
                  ) -> SeizureInput:
    """The form's values as the data layer's input (validation happens there)."""
    where = values.get(Field.WHERE) or Where.LOCATION
    location = values.get(Field.LOCATION) if where == Where.LOCATION else None
    latitude = values.get(Field.LATITUDE) if where == Where.COORDINATES else None
    longitude = values.get(Field.LONGITUDE) if where == Where.COORDINATES else None
    return SeizureInput(
        operation_id=operation_id, reporting_country=country,
        national_reference=values.get(Field.REFERENCE), seizure_date=date,
        seizure_point=values.get(Field.POINT), transport_mode=values.get(Field.MODE),
        detection_method=values.get(Field.DETECTION),
        items=tuple(ItemInput(
            taxon_id=item.get(ItemField.SPECIES), term_code=item.get(ItemField.TERM),
            quantity=item.get(ItemField.QUANTITY), unit_code=item.get(ItemField.UNIT),
            is_live=bool(item.get(ItemField.LIVE)),
            estimated_value_usd=None if _blank(item.get(ItemField.VALUE))
            else item.get(ItemField.VALUE)) for item in items),
        seizure_time=None if _blank(values.get(Field.TIME)) else values.get(Field.TIME),
        location_id=None if _blank(location) else location,
        latitude=None if _blank(latitude) else latitude,
        longitude=None if _blank(longitude) else longitude,
        concealment=values.get(Field.CONCEALMENT) or "",
        origin_country=values.get(Field.ORIGIN) or None,
        export_country=values.get(Field.EXPORT) or None,
        transit_countries=tuple(values.get(Field.TRANSIT) or ()),
        destination_country=values.get(Field.DESTINATION) or None,
        suspects_arrested=0 if _blank(values.get(Field.SUSPECTS))
        else values.get(Field.SUSPECTS),
        notes=values.get(Field.NOTES) or "")


def record_values(record: SeizureRecord) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
    """A stored seizure as form values, item values and its date (for editing)."""
    data = record.data
    if data.location_id:
        where = Where.LOCATION
    elif data.latitude is not None and data.longitude is not None:
        where = Where.COORDINATES
    else:
        where = Where.COUNTRY

    def text(value: Any) -> Any:
        return value.strftime("%H:%M") if isinstance(value, dt.time) else value

    values = {
        Field.REFERENCE: data.national_reference, Field.TIME: text(data.seizure_time),
        Field.WHERE: where, Field.LOCATION: data.location_id,
        Field.LATITUDE: data.latitude if where == Where.COORDINATES else None,
        Field.LONGITUDE: data.longitude if where == Where.COORDINATES else None,
        Field.POINT: data.seizure_point, Field.MODE: data.transport_mode,
        Field.DETECTION: data.detection_method, Field.CONCEALMENT: data.concealment,
        Field.ORIGIN: data.origin_country, Field.EXPORT: data.export_country,
        Field.TRANSIT: list(data.transit_countries), Field.DESTINATION:
        data.destination_country, Field.SUSPECTS: data.suspects_arrested,
        Field.NOTES: data.notes}
    items = [{ItemField.SPECIES: i.taxon_id, ItemField.TERM: i.term_code,
              ItemField.QUANTITY: i.quantity, ItemField.UNIT: i.unit_code,
              ItemField.LIVE: bool(i.is_live), ItemField.VALUE: i.estimated_value_usd}
             for i in data.items]
    date = data.seizure_date.isoformat() if isinstance(data.seizure_date, dt.date) \
        else str(data.seizure_date)
    return values, items, date


# ---------------------------------------------------------------------------------------
# Errors and notices


def error_text(error: FieldError) -> str:
    """A field error or notice as a sentence in the user's language."""
    params = dict(error.params)
    if isinstance(params.get("at"), str):  # a version conflict's time of change (UTC)
        with contextlib.suppress(ValueError):
            when = dt.datetime.fromisoformat(params["at"])
            params["at"] = f"{when:%H:%M} UTC, {format_date(when.date())}"
    return sentence(error.code, params)


def split_errors(errors: Iterable[FieldError], item_indexes: Sequence[int]
                 ) -> tuple[dict[str, list[str]], dict[tuple[str, int], list[str]], list[str]]:
    """Errors by scalar field, by (item field, line index), and the rest (general)."""
    fields: dict[str, list[str]] = {}
    items: dict[tuple[str, int], list[str]] = {}
    general: list[str] = []
    for error in errors:
        name = error.field or ""
        if name.startswith("items[") and "]." in name:
            position = int(name[len("items["):name.index("]")])
            item_field = name[name.index("].") + 2:]
            if position < len(item_indexes):
                items.setdefault((item_field, item_indexes[position]), []).append(
                    error_text(error))
                continue
        if name.startswith("transit_countries["):
            name = Field.TRANSIT
        if name in FIELD_ORDER or name in (Field.DATE, ITEMS_FIELD):
            fields.setdefault(name, []).append(error_text(error))
        else:
            general.append(error_text(error))
    return fields, items, general
