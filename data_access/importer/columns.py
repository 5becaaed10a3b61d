"""The columns of the seizure import template, with what each means and accepts.

One row per seized item; rows sharing a national_reference form one seizure. Seizure-level
columns may be repeated on every row of a seizure or given once (on any of its rows); when
rows of one seizure give different values the rows are rejected.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ColumnDoc:
    """One template column: its level, whether it is required, and its documentation."""

    name: str
    level: str  # "seizure" or "item"
    required: bool
    meaning: str
    accepted: str
    example: str


COLUMNS: tuple[ColumnDoc, ...] = (
    ColumnDoc("national_reference", "seizure", True,
              "Your national case or seizure reference. Rows with the same reference form "
              "one seizure; a reference already imported updates that seizure.",
              "Text, at most 64 characters.", "KE-2026-00123"),
    ColumnDoc("seizure_date", "seizure", True,
              "Local date of the seizure, inside the operation and not in the future.",
              "YYYY-MM-DD or DD/MM/YYYY, or a date cell.", "2026-11-14"),
    ColumnDoc("location_code", "seizure", False,
              "Code of the port, airport, border post or mail centre where the seizure was "
              "made (as listed in the app).",
              "A location code of your country; leave empty to give coordinates or none.",
              "NBO"),
    ColumnDoc("latitude", "seizure", False,
              "Latitude of the place, when it has no location code.",
              "Decimal degrees, -90 to 90 (decimal point or comma).", "-1.3192"),
    ColumnDoc("longitude", "seizure", False,
              "Longitude of the place, when it has no location code.",
              "Decimal degrees, -180 to 180.", "36.9278"),
    ColumnDoc("seizure_point", "seizure", True,
              "Where in the trade chain the seizure was made.",
              "import, export, transit, internal (or their names in English, French or "
              "Portuguese).", "export"),
    ColumnDoc("transport_mode", "seizure", True, "How the goods were moving.",
              "air_passenger, air_cargo, postal, express_courier, sea_container, "
              "sea_vessel, road, rail, pedestrian, other (or their names in English, French "
              "or Portuguese).", "air_passenger"),
    ColumnDoc("detection_method", "seizure", True, "How the goods were found.",
              "x_ray, sniffer_dog, risk_profiling, intelligence, physical_inspection, "
              "documentary_check, random_check, other (or their names in English, French "
              "or Portuguese).", "x_ray"),
    ColumnDoc("concealment", "seizure", False, "How the goods were hidden.",
              "Free text, at most 255 characters.", "Wrapped in clothing in checked bag"),
    ColumnDoc("origin_country", "seizure", False, "Country the goods came from.",
              "ISO-2 or ISO-3 code, or the country's name in English, French or "
              "Portuguese.", "KEN"),
    ColumnDoc("export_country", "seizure", False, "Country the goods were exported from.",
              "As origin_country.", "Kenya"),
    ColumnDoc("transit_countries", "seizure", False,
              "Countries the goods passed through, in route order.",
              "Countries as origin_country, separated by ; or |.", "ARE; QAT"),
    ColumnDoc("destination_country", "seizure", False, "Country the goods were going to.",
              "As origin_country.", "VN"),
    ColumnDoc("species", "item", True, "The species (or higher taxon) seized.",
              "Scientific name, or the common name in English, French or Portuguese (case "
              "and accents do not matter).", "Loxodonta africana"),
    ColumnDoc("cites_term", "item", True, "What was seized (CITES description of specimens).",
              "CITES term code, or its name in English, French or Portuguese.", "TUS"),
    ColumnDoc("quantity", "item", True, "How much was seized, in the unit given.",
              "A number greater than zero.", "12.5"),
    ColumnDoc("unit", "item", False,
              "Unit of the quantity; empty means a number of specimens (CITES convention).",
              "CITES unit code or a common unit: kg, kgs, g, pcs, pieces, litres, m3...",
              "kg"),
    ColumnDoc("live", "item", False, "Whether the specimens were alive.",
              "yes/no, oui/non, sim/não, true/false, 1/0; empty means no.", "no"),
    ColumnDoc("estimated_value_usd", "item", False, "Estimated value in US dollars.",
              "A number, zero or more.", "25000"),
    ColumnDoc("suspects_arrested", "seizure", False, "Number of suspects arrested.",
              "A whole number, zero or more; empty means 0.", "1"),
    ColumnDoc("notes", "seizure", False, "Anything else worth knowing.",
              "Free text.", "Passenger in transit to Hanoi"),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
# Columns a file must have (as headers); "unit" may be left out (number of specimens).
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)
SEIZURE_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.level == "seizure")
ITEM_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.level == "item")

# Which template column a validation field name comes from (for the row-level report).
FIELD_TO_COLUMN = {
    "national_reference": "national_reference",
    "seizure_date": "seizure_date",
    "location_id": "location_code",
    "latitude": "latitude",
    "longitude": "longitude",
    "seizure_point": "seizure_point",
    "transport_mode": "transport_mode",
    "detection_method": "detection_method",
    "concealment": "concealment",
    "origin_country": "origin_country",
    "export_country": "export_country",
    "transit_countries": "transit_countries",
    "destination_country": "destination_country",
    "suspects_arrested": "suspects_arrested",
    "notes": "notes",
    "taxon_id": "species",
    "term_code": "cites_term",
    "quantity": "quantity",
    "unit_code": "unit",
    "is_live": "live",
    "estimated_value_usd": "estimated_value_usd",
}
