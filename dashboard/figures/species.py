"""Builders of the species page: taxonomy sunburst, CITES appendices, commodities, and the
species table with quantities per unit and harmonised totals."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.figures.style import PALETTE, count_axis, empty_figure, house_figure
from dashboard.i18n import N_, _, format_number, localized
from dashboard.ui import labels
from dashboard.ui.components import empty_state
from data_access.queries.species import (
    AppendixColumns,
    CommodityColumns,
    QuantityColumns,
    SortKeys,
    SpeciesColumns,
    SpeciesTable,
    TotalColumns,
)
from data_access.vocab import DISPLAY_GROUPS

# The sunburst keeps the families with most items and, in each, the species with most
# items; everything else is added up into "Other" tiles, so the figure stays small.
TOP_FAMILIES = 20
SPECIES_PER_FAMILY = 5
TOP_COMMODITIES = 12
# Figure heights in pixels (the page gives each graph the same fixed height).
SUNBURST_HEIGHT = 620
APPENDIX_HEIGHT = 260
COMMODITY_HEIGHT = 420
GROUP_COLOURS = dict(zip(DISPLAY_GROUPS, PALETTE, strict=True))
APPENDIX_LABELS = {"I": N_("Appendix I"), "II": N_("Appendix II"), "III": N_("Appendix III"),
                   "NL": N_("Not listed in CITES")}
APPENDIX_SHORT = {"I": "I", "II": "II", "III": "III", "NL": N_("not listed")}
# Symbols of units that read the same in every language; others use their CITES label.
UNIT_SYMBOLS = {"KIL": "kg", "GRM": "g", "MGM": "mg", "MYG": "µg", "TON": "t", "CUM": "m³",
                "CCM": "cm³", "LTR": "l", "MLT": "ml", "MTR": "m", "CTM": "cm", "SQM": "m²",
                "SQC": "cm²", "SQD": "dm²", "CUF": "ft³", "FEE": "ft", "INC": "in",
                "OUN": "oz", "PND": "lb", "SQF": "ft²"}
NUMBER_UNIT = "NUM"
SORT_LABELS = {
    SortKeys.SEIZURES: N_("Seizures"),
    SortKeys.ITEMS: N_("Seizure items"),
    SortKeys.MASS: N_("Mass (kg)"),
    SortKeys.VOLUME: N_("Volume (m³)"),
    SortKeys.SPECIMENS: N_("Specimens"),
    SortKeys.NAME: N_("Scientific name (A to Z)"),
}


def quantity_text(value: float) -> str:
    """A quantity with the decimals it needs: none from 100 up, at most 1 from 10, 2 from 1,
    3 below (no trailing zeros; the smallest amounts keep a significant digit)."""
    if abs(value) >= 100:
        return format_number(round(value))
    decimals = 1 if abs(value) >= 10 else 2 if abs(value) >= 1 else 3
    if value and round(value, decimals) == 0:
        decimals = min(9, 1 - math.floor(math.log10(abs(value))))
    while decimals and round(value, decimals) == round(value, decimals - 1):
        decimals -= 1
    return format_number(value, decimals)


def unit_text(code: str, row: object | None = None) -> str:
    """How a unit is written after a number, in the user's language."""
    if code == NUMBER_UNIT:
        return _("specimens")
    if code in UNIT_SYMBOLS:
        return UNIT_SYMBOLS[code]
    return localized(row, "label").lower() if row is not None else code


def _lighter(colour: str, depth: int) -> str:
    """The group colour blended towards white for deeper levels of the tree."""
    share = min(0.18 * depth, 0.7)
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    blended = [round(c + (255 - c) * share) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in blended)


def _tree_nodes(frame: pd.DataFrame) -> list[dict]:
    """Sunburst nodes (id, parent, label, hover, value, colour, depth) of the bounded tree."""
    c = SpeciesColumns
    frame = frame.copy()
    levels = [c.GROUP, c.CLASS, c.ORDER, c.FAMILY]
    frame[levels] = frame[levels].fillna("")
    frame["_family"] = frame[levels].apply(tuple, axis=1)
    family_items = frame.groupby("_family")[c.ITEMS].sum().sort_values(ascending=False)
    kept = set(family_items.index[:TOP_FAMILIES])
    nodes: dict[str, dict] = {}
    root = "all"
    nodes[root] = {"id": root, "parent": "", "label": _("All taxa"), "value": 0, "depth": 0,
                   "colour": "#ffffff", "hover": _("All taxa")}

    def add(path: list[tuple[str, str, str]], value: int, group: str) -> None:
        """Add value to every node along path [(key, label, hover), ...] below the root."""
        parent = root
        nodes[root]["value"] += value
        for depth, (key, label, hover) in enumerate(path, start=1):
            node_id = f"{parent}/{key}"
            node = nodes.setdefault(node_id, {
                "id": node_id, "parent": parent, "label": label, "value": 0, "depth": depth,
                "colour": _lighter(GROUP_COLOURS.get(group, PALETTE[0]), depth - 1),
                "hover": hover})
            node["value"] += value
            parent = node_id

    for family, rows in frame.groupby("_family", sort=False):
        group = family[0]
        group_step = (group, labels.label(labels.DISPLAY_GROUPS, group),
                      labels.label(labels.DISPLAY_GROUPS, group))
        if family not in kept:
            add([group_step, ("_other", _("Other families"), _("Other families"))],
                int(rows[c.ITEMS].sum()), group)
            continue
        steps = [group_step] + [(name, name, name) for name in family[1:] if name]
        rows = rows.sort_values([c.ITEMS, c.SCIENTIFIC_NAME], ascending=[False, True])
        for n, row in enumerate(rows.itertuples(index=False)):
            if n >= SPECIES_PER_FAMILY:
                rest = int(rows[c.ITEMS].iloc[n:].sum())
                add(steps + [("_other", _("Other species"), _("Other species"))], rest, group)
                break
            scientific = getattr(row, c.SCIENTIFIC_NAME)
            common = localized(row, "common_name")
            label = common or f"<i>{scientific}</i>"
            hover = f"{common}<br><i>{scientific}</i>" if common else label
            add(steps + [(f"t{getattr(row, c.TAXON_ID)}", label, hover)],
                int(getattr(row, c.ITEMS)), group)
    return list(nodes.values())


def taxonomy_sunburst(frame: pd.DataFrame, height: int = SUNBURST_HEIGHT,
                      empty_message: str | None = None) -> dict[str, Any]:
    """Seizure items by group, class, order, family and species as rings from the centre
    (the top families and species; the rest as "Other"), coloured by taxon group."""
    if frame.empty:
        return empty_figure(empty_message or _("No seizures match this filter."), height)
    nodes = _tree_nodes(frame)
    return house_figure([{
        "type": "sunburst", "ids": [n["id"] for n in nodes],
        "parents": [n["parent"] for n in nodes], "labels": [n["label"] for n in nodes],
        "values": [n["value"] for n in nodes], "hovertext": [n["hover"] for n in nodes],
        "branchvalues": "total", "maxdepth": -1,
        "marker": {"colors": [n["colour"] for n in nodes],
                   "line": {"color": "#ffffff", "width": 1}},
        "textinfo": "label", "insidetextorientation": "auto",
        "hovertemplate": "%{hovertext}<br>" + _("Seizure items") + ": %{value:,}<br>"
                         + _("{share} of all seizure items").format(share="%{percentRoot:.1%}")
                         + "<extra></extra>",
    }], height, margin={"l": 8, "r": 8, "t": 8, "b": 8},
        # Labels too small to read are hidden rather than shrunk (hover and zoom show them).
        uniformtext={"minsize": 10, "mode": "hide"})


def _count_bars(names: list[str], seizures: pd.Series, items: pd.Series, colours: object,
                height: int, x_title: str, y_title: str) -> dict[str, Any]:
    """Seizures per category as horizontal bars, the count at the end of each bar."""
    return house_figure([{
        "type": "bar", "y": names, "x": seizures.to_numpy(), "orientation": "h",
        "marker": {"color": colours}, "text": [format_number(v) for v in seizures],
        "textposition": "outside", "cliponaxis": False,
        "customdata": [format_number(v) for v in items],
        "hovertemplate": "%{y}<br>" + _("Seizures") + ": %{x:,}<br>" + _("Seizure items")
                         + ": %{customdata}<extra></extra>",
    }], height, showlegend=False,
        xaxis=count_axis(x_title, seizures.max()),
        # Room on the right for the count printed past the longest bar ("51,066").
        margin={"l": 8, "r": 64, "t": 16, "b": 48},
        yaxis={"title": {"text": y_title}, "autorange": "reversed", "automargin": True})


def appendix_bars(frame: pd.DataFrame, height: int = APPENDIX_HEIGHT,
                  empty_message: str | None = None) -> dict[str, Any]:
    """Seizures per CITES appendix, as horizontal bars with the count at the end."""
    if frame.empty:
        return empty_figure(empty_message or _("No seizures match this filter."), height)
    order = [a for a in APPENDIX_LABELS if a in set(frame[AppendixColumns.APPENDIX])]
    frame = frame.set_index(AppendixColumns.APPENDIX).loc[order]
    colours = {"I": PALETTE[5], "II": PALETTE[1], "III": PALETTE[4], "NL": "#868e96"}
    return _count_bars([_(APPENDIX_LABELS[a]) for a in order],
                       frame[AppendixColumns.SEIZURES], frame[AppendixColumns.ITEMS],
                       [colours[a] for a in order], height, _("Seizures (number)"),
                       _("CITES appendix"))


def commodity_bars(frame: pd.DataFrame, height: int = COMMODITY_HEIGHT,
                   empty_message: str | None = None) -> dict[str, Any]:
    """Seizures per CITES term (the TOP_COMMODITIES most frequent), as horizontal bars."""
    if frame.empty:
        return empty_figure(empty_message or _("No seizures match this filter."), height)
    shown = frame.head(TOP_COMMODITIES)
    names = [f"{localized(r, 'label')} ({getattr(r, CommodityColumns.TERM)})"
             for r in shown.itertuples(index=False)]
    title = _("Seizures (number)")
    if len(frame) > len(shown):
        title += " · " + _("{shown} of {total} commodities shown").format(
            shown=format_number(len(shown)), total=format_number(len(frame)))
    return _count_bars(names, shown[CommodityColumns.SEIZURES], shown[CommodityColumns.ITEMS],
                       PALETTE[0], height, title, _("Commodity (CITES term)"))


def _total_card(label: str, value: str, note: str, unit: str = "") -> dbc.Col:
    """One harmonised total: the number large, its unit smaller beside it."""
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.Div(label, className="kpi-label text-body-secondary"),
        html.Div([value, html.Span(f" {unit}", className="fs-5 fw-normal") if unit else None],
                 className="kpi-value"),
        html.Div(note, className="kpi-note small text-body-secondary"),
    ]), className="h-100 shadow-sm"), xs=6, className="mb-3")


def harmonised_cards(totals: pd.DataFrame) -> dbc.Row:
    """Harmonised totals (mass in kg, volume in m³, specimens) and the items not converted."""
    by_class = {r[TotalColumns.UNIT_CLASS]: r for _i, r in totals.iterrows()
                if isinstance(r[TotalColumns.UNIT_CLASS], str)}
    unconverted = int(totals.loc[totals[TotalColumns.UNIT_CLASS].isna(), TotalColumns.ITEMS]
                      .sum()) if len(totals) else 0

    def card(unit_class: str, label: str, unit: str) -> dbc.Col:
        row = by_class.get(unit_class)
        if row is None:
            return _total_card(label, "–", _("no seizure item in this unit"))
        return _total_card(label, quantity_text(row[TotalColumns.QUANTITY]),
                           _("from {items} seizure items").format(
                               items=format_number(row[TotalColumns.ITEMS])), unit)

    return dbc.Row([
        card("mass", _("Total mass"), "kg"),
        card("volume", _("Total volume"), "m³"),
        card("count", _("Specimens counted"), _("specimens")),
        _total_card(_("Items in other units"), format_number(unconverted),
                    _("pieces, boxes, skins...: no conversion, see the table")),
    ])


def _quantity_lines(quantities: pd.DataFrame) -> dict[int, list[html.Div]]:
    """Per taxon, its quantities one line per unit as reported (never added across units)."""
    lines: dict[int, list[html.Div]] = defaultdict(list)
    for row in quantities.itertuples(index=False):
        text = (f"{quantity_text(getattr(row, QuantityColumns.QUANTITY))} "
                f"{unit_text(getattr(row, QuantityColumns.UNIT), row)}")
        lines[int(getattr(row, QuantityColumns.TAXON_ID))].append(
            html.Div(text, className="text-nowrap"))
    return lines


def _harmonised(value: float | None) -> str:
    """A harmonised total, or a dash when the taxon has no item of that class."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return quantity_text(value)


def species_table(table: SpeciesTable, sort: str = SortKeys.SEIZURES,
                  empty_message: str | None = None) -> html.Div:
    """The top species as a table (sorted in SQL), names in the user's language."""
    rows = table.rows
    if rows.empty:
        return empty_state(empty_message or _("No seizures match this filter."))
    c = SpeciesColumns
    by_taxon = _quantity_lines(table.quantities)
    columns = [
        ("#", None, False), (_("Species"), SortKeys.NAME, False), (_("Group"), None, False),
        (_("CITES"), None, False), (_("Seizures"), SortKeys.SEIZURES, True),
        (_("Items"), SortKeys.ITEMS, True), (_("Quantities as reported"), None, False),
        (_("Mass (kg)"), SortKeys.MASS, True), (_("Volume (m³)"), SortKeys.VOLUME, True),
        (_("Specimens"), SortKeys.SPECIMENS, True),
    ]
    header = html.Thead(html.Tr([
        html.Th([label, html.Span(" ▼" if key == sort else "", **{"aria-hidden": "true"})],
                scope="col", className="text-end" if numeric else None,
                **({"aria-sort": "ascending" if key == SortKeys.NAME else "descending"}
                   if key == sort else {}))
        for label, key, numeric in columns
    ]))
    body = []
    for n, row in enumerate(rows.itertuples(index=False), start=1):
        scientific = getattr(row, c.SCIENTIFIC_NAME)
        common = localized(row, "common_name")
        appendix = getattr(row, c.APPENDIX)
        body.append(html.Tr([
            html.Td(format_number(n), className="text-body-secondary"),
            html.Td([html.Div(common, className="fw-semibold") if common else None,
                     html.I(scientific)]),
            html.Td(labels.label(labels.DISPLAY_GROUPS, getattr(row, c.GROUP))),
            html.Td(_(APPENDIX_SHORT.get(appendix, appendix))),
            html.Td(format_number(getattr(row, c.SEIZURES)), className="text-end"),
            html.Td(format_number(getattr(row, c.ITEMS)), className="text-end"),
            html.Td(by_taxon.get(int(getattr(row, c.TAXON_ID)), [])),
            html.Td(_harmonised(getattr(row, c.MASS_KG)), className="text-end"),
            html.Td(_harmonised(getattr(row, c.VOLUME_M3)), className="text-end"),
            html.Td(_harmonised(getattr(row, c.SPECIMENS)), className="text-end"),
        ]))
    caption = _("Top {shown} of {total} taxa, sorted by {key}. Harmonised totals add only "
                "quantities whose unit converts (grams into kg, litres into m³...); pieces, "
                "boxes or skins stay as reported.").format(
        shown=format_number(len(rows)), total=format_number(table.total_species),
        key=_(SORT_LABELS.get(sort, SORT_LABELS[SortKeys.SEIZURES])).lower())
    return html.Div(dbc.Table([html.Caption(caption, className="small"), header,
                               html.Tbody(body)],
                              striped=True, hover=True, size="sm", className="align-middle mb-0",
                              style={"fontVariantNumeric": "tabular-nums"}),
                    className="table-responsive")


def sort_options() -> list[dict[str, str]]:
    """Choices of the species table's sort control, in the user's language."""
    return [{"label": _(label), "value": key} for key, label in SORT_LABELS.items()]
