"""Pure builders of the overview's cards and lists beyond the headline (no database)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids, paths
from dashboard.i18n import _, format_date, format_number, format_time, localized
from dashboard.ui import components, labels
from data_access.queries.overview import (
    CommodityTotals,
    LatestColumns,
    LatestEntries,
    LatestItemColumns,
)

# Short unit symbols for the harmonised and most common units (others show their label).
UNIT_SYMBOLS = {"KIL": "kg", "GRM": "g", "TON": "t", "CUM": "m³", "LTR": "l", "MLT": "ml",
                "MTR": "m", "SQM": "m²"}
NUMBER_UNIT = "NUM"  # CITES's blank unit: a number of specimens
LIVE_TERM = "LIV"
ITEMS_SHOWN = 2  # commodity lines shown per latest entry; the rest are counted


def quantity(value: float) -> str:
    """A quantity with as many decimals as its size needs (1,234 / 12.5 / 0.35)."""
    if float(value).is_integer() or abs(value) >= 100:
        return format_number(round(value))
    return format_number(value, 1 if abs(value) >= 1 else 2)


def refresh_button() -> dbc.Button:
    """A button that refreshes the page's figures now instead of at the next tick."""
    return dbc.Button([html.I(className="bi bi-arrow-clockwise me-1", **{"aria-hidden": "true"}),
                       _("Refresh now")], id=ids.OVERVIEW_REFRESH_NOW, color="secondary",
                      outline=True, size="sm")


def _commodity_card(label: str, value: float, unit: str, note: str, icon: str) -> dbc.Col:
    """One headline commodity: the amount large, its unit smaller (house KPI card markup)."""
    return dbc.Col(
        dbc.Card(dbc.CardBody([
            html.Div([html.I(className=f"bi {icon} me-2", **{"aria-hidden": "true"}), label],
                     className="kpi-label text-body-secondary"),
            html.Div([quantity(value), html.Span(f" {unit}" if unit else "",
                                                 className="fs-5 fw-normal")],
                     className="kpi-value text-nowrap"),
            html.Div(note, className="kpi-note small text-body-secondary"),
        ]), className="h-100 shadow-sm"),
        xs=6, md=3, xl=2, className="mb-3",
    )


def commodity_cards(totals: CommodityTotals) -> dbc.Row:
    """Headline commodities in harmonised units, one card each."""
    ivory_note = _("+ {count} pieces counted by number").format(
        count=quantity(totals.ivory_pieces)) if totals.ivory_pieces else _("by mass")
    live_note = _("specimens counted by number")
    if totals.live_lines_by_mass:
        live_note += " · " + _("{lines} lines by mass not included").format(
            lines=format_number(totals.live_lines_by_mass))
    timber_note = _("+ {kg} kg").format(kg=quantity(totals.timber_kg)) if totals.timber_kg \
        else _("by volume")
    return dbc.Row([
        _commodity_card(_("Ivory"), totals.ivory_kg, "kg", ivory_note, "bi-gem"),
        _commodity_card(_("Pangolin scales"), totals.pangolin_scales_kg, "kg", _("by mass"),
                        "bi-shield"),
        _commodity_card(_("Live animals"), totals.live_animals, "", live_note,
                        "bi-heart-pulse"),
        _commodity_card(_("Timber"), totals.timber_m3, "m³", timber_note, "bi-tree"),
    ], className="commodity-cards")


def _item_line(item: pd.Series) -> html.Span:
    """One commodity line: taxon, term, quantity and unit."""
    name = localized(item, "common_name") or item[LatestItemColumns.SCIENTIFIC_NAME]
    term = localized(item, "label") or item[LatestItemColumns.TERM]
    unit = item[LatestItemColumns.UNIT]
    value = quantity(float(item[LatestItemColumns.QUANTITY]))
    live = f" ({_('live')})" if item[LatestItemColumns.IS_LIVE] and \
        item[LatestItemColumns.TERM] != LIVE_TERM else ""
    # A number of specimens reads "Tusks × 4"; other quantities carry their unit.
    amount = f" × {value}" if unit == NUMBER_UNIT else f" · {value} {UNIT_SYMBOLS.get(unit, unit)}"
    return html.Span([html.Span(name, className="fw-semibold"), f" · {term}{live}{amount}"])


def _items_cell(items: pd.DataFrame) -> list:
    """The first commodity lines of a seizure, and how many more there are."""
    if items.empty:
        return ["—"]
    shown = [_item_line(row) for _i, row in items.head(ITEMS_SHOWN).iterrows()]
    parts: list = []
    for line in shown:
        if parts:
            parts.append(html.Br())
        parts.append(line)
    extra = len(items) - ITEMS_SHOWN
    if extra > 0:
        parts += [html.Br(), html.Span(_("+ {count} more").format(count=format_number(extra)),
                                       className="text-body-secondary")]
    return parts


def latest_entries_table(latest: LatestEntries):
    """The newest seizures, newest first: when entered, country, place, headline items."""
    if latest.seizures.empty:
        return components.empty_state(_("No seizures reported yet for this filter."))
    zone = ZoneInfo(latest.timezone)
    by_seizure = dict(tuple(latest.items.groupby(LatestItemColumns.SEIZURE_ID)))
    rows = []
    for _i, row in latest.seizures.iterrows():
        entered = row[LatestColumns.CREATED_AT].astimezone(zone)
        place = row[LatestColumns.LOCATION]
        place_cell = [place, html.Div(labels.label(labels.LOCATION_KINDS,
                                                   row[LatestColumns.LOCATION_KIND]),
                                      className="small text-body-secondary")] \
            if isinstance(place, str) and place else [_("Country level")]
        rows.append(html.Tr([
            html.Td([format_date(entered, "d MMM"), " ", format_time(entered, "HH:mm")],
                    className="text-nowrap"),
            html.Td([localized(row, "name"),
                     # The reference is the focal point's text: a link's children, never
                     # its target, which is built from the numeric id alone.
                     html.Div(dcc.Link(row[LatestColumns.REFERENCE],
                                       href=paths.seizure_href(row[LatestColumns.ID]),
                                       title=_("Open the seizure: details, history and "
                                               "verification")),
                              className="small")]),
            html.Td(place_cell),
            html.Td(_items_cell(by_seizure.get(row[LatestColumns.ID], pd.DataFrame()))),
        ]))
    header = html.Thead(html.Tr([html.Th(_("Entered"), scope="col"),
                                 html.Th(_("Country"), scope="col"),
                                 html.Th(_("Port or place"), scope="col"),
                                 html.Th(_("Headline items"), scope="col")]))
    caption = html.Caption(_("Times in {zone}.").format(zone=latest.timezone),
                           className="caption-top small")
    return dbc.Table([caption, header, html.Tbody(rows)], striped=True, hover=True, size="sm",
                     responsive=True, className="mb-0 align-middle")
