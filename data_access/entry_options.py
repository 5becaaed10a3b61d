"""Choices offered by the entry form: the country's participating ports, every country, and
the names of given taxa (to show a saved item's species before anyone searches)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.columns import CommonNames, Names
from data_access.models import Country, Location, OperationLocation, Taxon


class PlaceColumns:
    """Columns of entry_locations()."""

    ID = "id"
    CODE = "code"
    NAME = "name"
    KIND = "kind"
    ALL = (ID, CODE, NAME, KIND)


class CountryColumns(Names):
    """Columns of country_list()."""

    ISO3 = "iso3"
    ALL = (ISO3, *Names.NAMES)


class TaxonNameColumns(CommonNames):
    """Columns of taxon_names()."""

    ID = "id"
    SCIENTIFIC_NAME = "scientific_name"
    ALL = (ID, SCIENTIFIC_NAME, *CommonNames.COMMON_NAMES)


def entry_locations(session: Session, operation_id: int, country: str) -> pd.DataFrame:
    """The country's ports taking part in the operation; every place of the country when
    the operation lists none for it (an operation set up without its ports)."""
    base = (select(Location.id, Location.code, Location.name, Location.kind)
            .where(Location.country_iso3 == country).order_by(Location.name))
    taking_part = base.where(Location.id.in_(
        select(OperationLocation.location_id)
        .where(OperationLocation.operation_id == operation_id)))
    rows = session.execute(taking_part).all() or session.execute(base).all()
    return pd.DataFrame(rows, columns=list(PlaceColumns.ALL))


def country_list(session: Session) -> pd.DataFrame:
    """Every country, for origin, export, transit and destination."""
    rows = session.execute(select(Country.iso3, Country.name_en, Country.name_fr,
                                  Country.name_pt).order_by(Country.name_en)).all()
    return pd.DataFrame(rows, columns=list(CountryColumns.ALL))


def taxon_names(session: Session, ids: Iterable[int]) -> pd.DataFrame:
    """Names of the given taxa."""
    wanted = sorted({int(i) for i in ids if i is not None})
    if not wanted:
        return pd.DataFrame(columns=list(TaxonNameColumns.ALL))
    rows = session.execute(select(Taxon.id, Taxon.scientific_name, Taxon.common_name_en,
                                  Taxon.common_name_fr, Taxon.common_name_pt)
                           .where(Taxon.id.in_(wanted))).all()
    return pd.DataFrame(rows, columns=list(TaxonNameColumns.ALL))
