"""The curated taxon list: shape, controlled codes, names and consistent higher taxonomy."""

from __future__ import annotations

import pandas as pd
import pytest

from data_access import vocab
from data_access.taxa_reference import (
    CITES_APPENDICES,
    DISPLAY_GROUPS,
    RANKS,
    TAXA_CSV,
    TaxonColumns,
    load_taxa,
)

C = TaxonColumns
# Taxa the demo generator and the fixtures draw seizures from; dropping one silently thins
# the demo, so their presence is part of the file's contract.
DEMO_TAXA = (
    "Loxodonta africana",
    "Elephas maximus",
    "Ceratotherium simum",
    "Diceros bicornis",
    "Smutsia gigantea",
    "Phataginus tricuspis",
    "Manis javanica",
    "Manis pentadactyla",
    "Panthera tigris",
    "Psittacus erithacus",
    "Eretmochelys imbricata",
    "Astrochelys radiata",
    "Anguilla anguilla",
    "Totoaba macdonaldi",
    "Pterocarpus erinaceus",
    "Dalbergia",
    "Aquilaria",
    "Holothuria",
    "Crocodylus niloticus",
    "Python regius",
)
# Floors a little under what the file holds (about 650 French and 550 Portuguese names), so
# deleting a block of translations fails while a single corrected row does not.
MIN_FR_NAMES = 600
MIN_PT_NAMES = 500


@pytest.fixture(scope="module")
def taxa() -> pd.DataFrame:
    """The taxon table, read once for the module."""
    return load_taxa()


def test_file_header_is_exactly_the_documented_columns() -> None:
    """The CSV's header row lists the columns in the documented order."""
    header = TAXA_CSV.read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(",")) == C.ALL


def test_vocabularies_match_the_database_constraints() -> None:
    """The loader's code lists are the ones the taxa table's check constraints use."""
    assert DISPLAY_GROUPS == vocab.DISPLAY_GROUPS
    assert CITES_APPENDICES == ("I", "II", "III", "NL") == vocab.CITES_APPENDICES


def test_load_returns_text_columns_and_a_bool_flagship(taxa: pd.DataFrame) -> None:
    """Every column but flagship is text with no missing values; flagship is bool."""
    assert tuple(taxa.columns) == C.ALL
    assert taxa[C.FLAGSHIP].dtype == bool
    text = taxa.drop(columns=[C.FLAGSHIP])
    assert not text.isna().any().any()
    assert text.map(lambda value: isinstance(value, str)).all().all()


def test_has_at_least_300_taxa(taxa: pd.DataFrame) -> None:
    """The list is broad enough to classify an operation's seizures."""
    assert len(taxa) >= 300


def test_scientific_names_are_unique_and_trimmed(taxa: pd.DataFrame) -> None:
    """Scientific names are the upsert key: unique, no stray spaces."""
    names = taxa[C.SCIENTIFIC_NAME]
    assert names.is_unique, names[names.duplicated()].tolist()
    assert (names == names.str.strip()).all()
    assert not names.str.contains("  ").any()


def test_every_row_has_a_known_appendix(taxa: pd.DataFrame) -> None:
    """The appendix is one of I, II, III, NL on every row."""
    bad = taxa[~taxa[C.CITES_APPENDIX].isin(CITES_APPENDICES)]
    assert bad.empty, bad[[C.SCIENTIFIC_NAME, C.CITES_APPENDIX]].to_string()


def test_every_row_has_a_known_display_group(taxa: pd.DataFrame) -> None:
    """The display group is one of the dashboard's eight groups on every row."""
    bad = taxa[~taxa[C.DISPLAY_GROUP].isin(DISPLAY_GROUPS)]
    assert bad.empty, bad[[C.SCIENTIFIC_NAME, C.DISPLAY_GROUP]].to_string()


def test_every_display_group_is_used(taxa: pd.DataFrame) -> None:
    """Each group has taxa, so every filter choice can match something."""
    assert set(taxa[C.DISPLAY_GROUP]) == set(DISPLAY_GROUPS)


def test_ranks_match_the_shape_of_the_name(taxa: pd.DataFrame) -> None:
    """Species have two words, subspecies three, higher ranks one."""
    words = taxa[C.SCIENTIFIC_NAME].str.split().str.len()
    expected = taxa[C.RANK].map({"species": 2, "subspecies": 3}).fillna(1)
    assert taxa[C.RANK].isin(RANKS).all()
    bad = taxa[words != expected]
    assert bad.empty, bad[[C.SCIENTIFIC_NAME, C.RANK]].to_string()


def test_every_row_has_an_english_name(taxa: pd.DataFrame) -> None:
    """English is the fallback label, so it is never empty."""
    missing = taxa[taxa[C.COMMON_NAME_EN].str.strip() == ""]
    assert missing.empty, missing[C.SCIENTIFIC_NAME].tolist()


def test_most_rows_have_french_and_portuguese_names(taxa: pd.DataFrame) -> None:
    """The French and Portuguese interfaces show a local name for most taxa."""
    assert (taxa[C.COMMON_NAME_FR] != "").sum() >= MIN_FR_NAMES
    assert (taxa[C.COMMON_NAME_PT] != "").sum() >= MIN_PT_NAMES


def test_every_row_has_class_and_order(taxa: pd.DataFrame) -> None:
    """Class and order are filled; only order rows may lack a family."""
    assert (taxa[C.TAXON_CLASS] != "").all()
    assert (taxa[C.TAXON_ORDER] != "").all()
    no_family = taxa[(taxa[C.FAMILY] == "") & (taxa[C.RANK] != "order")]
    assert no_family.empty, no_family[C.SCIENTIFIC_NAME].tolist()


def test_each_family_has_one_order_and_class(taxa: pd.DataFrame) -> None:
    """A family never appears under two orders or two classes."""
    with_family = taxa[taxa[C.FAMILY] != ""]
    spread = with_family.groupby(C.FAMILY)[[C.TAXON_ORDER, C.TAXON_CLASS]].nunique()
    bad = spread[(spread > 1).any(axis=1)]
    assert bad.empty, bad.to_string()


def test_each_order_has_one_class(taxa: pd.DataFrame) -> None:
    """An order never appears under two classes."""
    spread = taxa.groupby(C.TAXON_ORDER)[C.TAXON_CLASS].nunique()
    assert (spread == 1).all(), spread[spread > 1].to_dict()


def test_higher_rank_rows_name_themselves(taxa: pd.DataFrame) -> None:
    """A family row is its own family, an order row its own order, a genus row its genus."""
    families = taxa[taxa[C.RANK] == "family"]
    assert (families[C.SCIENTIFIC_NAME] == families[C.FAMILY]).all()
    orders = taxa[taxa[C.RANK] == "order"]
    assert (orders[C.SCIENTIFIC_NAME] == orders[C.TAXON_ORDER]).all()
    genera = set(taxa.loc[taxa[C.RANK] == "genus", C.SCIENTIFIC_NAME])
    species = taxa[taxa[C.RANK] == "species"]
    for _, row in species[species[C.SCIENTIFIC_NAME].str.split().str[0].isin(genera)].iterrows():
        genus_row = taxa[taxa[C.SCIENTIFIC_NAME] == row[C.SCIENTIFIC_NAME].split()[0]].iloc[0]
        assert genus_row[C.FAMILY] == row[C.FAMILY], row[C.SCIENTIFIC_NAME]


def test_has_at_least_ten_flagship_taxa(taxa: pd.DataFrame) -> None:
    """Enough flagships for the donor summary, but still a short list."""
    flagships = taxa[taxa[C.FLAGSHIP]]
    assert 10 <= len(flagships) <= 25, flagships[C.SCIENTIFIC_NAME].tolist()


@pytest.mark.parametrize("name", DEMO_TAXA)
def test_demo_taxa_are_present(taxa: pd.DataFrame, name: str) -> None:
    """Each taxon the demo generator relies on is in the list."""
    assert name in set(taxa[C.SCIENTIFIC_NAME])


@pytest.mark.parametrize(
    ("name", "appendix"),
    [
        ("Loxodonta africana", "I"),
        ("Panthera leo", "II"),
        ("Psittacus erithacus", "I"),
        ("Anguilla anguilla", "II"),
        ("Anguilla japonica", "NL"),
        ("Dalbergia nigra", "I"),
        ("Dalbergia", "II"),
        ("Odobenus rosmarus", "III"),
    ],
)
def test_well_known_listings(taxa: pd.DataFrame, name: str, appendix: str) -> None:
    """Spot checks of listings that are easy to get wrong (split or recently changed)."""
    row = taxa[taxa[C.SCIENTIFIC_NAME] == name].iloc[0]
    assert row[C.CITES_APPENDIX] == appendix


def test_all_pangolins_are_appendix_i(taxa: pd.DataFrame) -> None:
    """All eight pangolin species are present and in Appendix I."""
    pangolins = taxa[(taxa[C.FAMILY] == "Manidae") & (taxa[C.RANK] == "species")]
    assert len(pangolins) == 8
    assert (pangolins[C.CITES_APPENDIX] == "I").all()
