"""Controlled vocabularies shared by the database, the forms, the importer and the demo.

Codes are stored in the database; their labels live in the translation catalogs.
"""

from __future__ import annotations

OPERATION_STATUSES = ("planned", "active", "closed")
SEIZURE_POINTS = ("import", "export", "transit", "internal")
TRANSPORT_MODES = (
    "air_passenger",
    "air_cargo",
    "postal",
    "express_courier",
    "sea_container",
    "sea_vessel",
    "road",
    "rail",
    "pedestrian",
    "other",
)
DETECTION_METHODS = (
    "x_ray",
    "sniffer_dog",
    "risk_profiling",
    "intelligence",
    "physical_inspection",
    "documentary_check",
    "random_check",
    "other",
)
SEIZURE_STATUSES = ("provisional", "verified")
GEO_PRECISIONS = ("location", "coordinates", "country")
LOCATION_KINDS = ("airport", "seaport", "land_border", "mail_centre", "inland")
DAILY_REPORT_KINDS = ("report", "nil")
ROLES = ("admin", "commander", "focal_point", "donor")
DISPLAY_GROUPS = (
    "mammals",
    "birds",
    "reptiles",
    "amphibians",
    "fish",
    "invertebrates",
    "plants",
    "timber",
)
CITES_APPENDICES = ("I", "II", "III", "NL")

# Transport modes grouped by the kind of place where such seizures are usually made,
# so the demo and the form can suggest the matching ports.
LOCATION_KIND_FOR_MODE = {
    "air_passenger": "airport",
    "air_cargo": "airport",
    "postal": "mail_centre",
    "express_courier": "mail_centre",
    "sea_container": "seaport",
    "sea_vessel": "seaport",
    "road": "land_border",
    "rail": "land_border",
    "pedestrian": "land_border",
    "other": "inland",
}
