"""Column names that many query results share: a name in each language of the app.

The result frames of data_access name their columns in small classes (CountryColumns, ...);
the ones that carry a translated name inherit it from here instead of spelling the three
languages out again, and list it in ALL as `*Names.NAMES` (in that order)."""

from __future__ import annotations


class Names:
    """A place's (or group's) name in English, French and Portuguese."""

    NAME_EN = "name_en"
    NAME_FR = "name_fr"
    NAME_PT = "name_pt"
    NAMES = (NAME_EN, NAME_FR, NAME_PT)


class CommonNames:
    """A taxon's common name in English, French and Portuguese."""

    COMMON_NAME_EN = "common_name_en"
    COMMON_NAME_FR = "common_name_fr"
    COMMON_NAME_PT = "common_name_pt"
    COMMON_NAMES = (COMMON_NAME_EN, COMMON_NAME_FR, COMMON_NAME_PT)


class Labels:
    """A code's label (CITES terms, units) in English, French and Portuguese."""

    LABEL_EN = "label_en"
    LABEL_FR = "label_fr"
    LABEL_PT = "label_pt"
    LABELS = (LABEL_EN, LABEL_FR, LABEL_PT)
