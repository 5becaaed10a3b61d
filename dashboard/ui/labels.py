"""Labels of coded values, marked for translation (translated with _() where shown)."""

from __future__ import annotations

from dashboard.i18n import N_, _

TRANSPORT_MODES = {
    "air_passenger": N_("Air passenger"),
    "air_cargo": N_("Air cargo"),
    "postal": N_("Postal"),
    "express_courier": N_("Express courier"),
    "sea_container": N_("Sea container"),
    "sea_vessel": N_("Sea vessel"),
    "road": N_("Road"),
    "rail": N_("Rail"),
    "pedestrian": N_("Pedestrian"),
    "other": N_("Other"),
}
SEIZURE_POINTS = {
    "import": N_("Import"),
    "export": N_("Export"),
    "transit": N_("Transit"),
    "internal": N_("Internal"),
}
DETECTION_METHODS = {
    "x_ray": N_("X-ray"),
    "sniffer_dog": N_("Sniffer dog"),
    "risk_profiling": N_("Risk profiling"),
    "intelligence": N_("Intelligence"),
    "physical_inspection": N_("Physical inspection"),
    "documentary_check": N_("Documentary check"),
    "random_check": N_("Random check"),
    "other": N_("Other"),
}
DISPLAY_GROUPS = {
    "mammals": N_("Mammals"),
    "birds": N_("Birds"),
    "reptiles": N_("Reptiles"),
    "amphibians": N_("Amphibians"),
    "fish": N_("Fish"),
    "invertebrates": N_("Invertebrates"),
    "plants": N_("Plants"),
    "timber": N_("Timber"),
}
LOCATION_KINDS = {
    "airport": N_("Airport"),
    "seaport": N_("Seaport"),
    "land_border": N_("Land border post"),
    "mail_centre": N_("Mail and courier centre"),
    "inland": N_("Inland"),
}


def label(table: dict[str, str], code: str) -> str:
    """The translated label of a code (the code itself when unknown)."""
    message = table.get(code)
    return _(message) if message else code


def options(table: dict[str, str], codes: list[str] | tuple[str, ...] | None = None
            ) -> list[dict[str, str]]:
    """Dropdown options for codes of a table, labelled in the user's language."""
    return [{"label": label(table, code), "value": code} for code in (codes or list(table))]
