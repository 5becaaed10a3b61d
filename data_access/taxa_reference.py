"""The curated list of commonly seized taxa shipped in ``reference/taxa.csv``.

A pure loader: every call reads the file afresh and nothing is loaded at import time.
Sources, licence and column meanings are in ``reference/TAXA_SOURCES.md``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data_access import vocab
from data_access.columns import CommonNames

TAXA_CSV: Path = Path(__file__).parent / "reference" / "taxa.csv"

# The same tuples the database check constraints use, so the file and the schema agree.
DISPLAY_GROUPS: tuple[str, ...] = vocab.DISPLAY_GROUPS
CITES_APPENDICES: tuple[str, ...] = vocab.CITES_APPENDICES
# Genus, family and order rows stand for seizures identified only to that level.
RANKS: tuple[str, ...] = ("species", "subspecies", "genus", "family", "order")


class TaxonColumns(CommonNames):
    """Columns of taxa.csv and of load_taxa(), in file order."""

    SCIENTIFIC_NAME = "scientific_name"
    RANK = "rank"
    TAXON_CLASS = "taxon_class"
    TAXON_ORDER = "taxon_order"
    FAMILY = "family"
    CITES_APPENDIX = "cites_appendix"
    DISPLAY_GROUP = "display_group"
    FLAGSHIP = "flagship"
    ALL = (
        SCIENTIFIC_NAME,
        RANK,
        *CommonNames.COMMON_NAMES,
        TAXON_CLASS,
        TAXON_ORDER,
        FAMILY,
        CITES_APPENDIX,
        DISPLAY_GROUP,
        FLAGSHIP,
    )


def load_taxa() -> pd.DataFrame:
    """The taxon list as text columns (empty string when unknown) and a bool flagship."""
    # keep_default_na=False: an unknown name stays "" (what the database stores) rather
    # than NaN, and no name that happens to read like "NA" or "null" is lost.
    frame = pd.read_csv(TAXA_CSV, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
    frame = frame[list(TaxonColumns.ALL)]
    flagship = frame[TaxonColumns.FLAGSHIP].str.strip().str.lower()
    frame[TaxonColumns.FLAGSHIP] = flagship.eq("true")
    return frame
