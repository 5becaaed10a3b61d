"""Adding a taxon to the reference list (scientific name unique, names in three languages)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import vocab
from data_access.admin.common import audit, check_admin, check_length, clean_text, refuse
from data_access.authentication import Principal
from data_access.columns import CommonNames
from data_access.errors import AdminErrorCode, FieldError
from data_access.models import Taxon
from data_access.taxa_reference import RANKS

ENTITY = "taxon"
AUDIT_ACTION = "taxon.create"
MAX_NAME = 160
MAX_HIGHER = 64
# "Genus", "Genus species", "Genus species subspecies", "Genus spp.", hybrids with ×.
SCIENTIFIC_NAME = re.compile(r"^[A-Z][a-z]+(?: [a-z×][a-z.×-]*){0,3}$")


@dataclass(frozen=True)
class TaxonInput:
    """A taxon as entered in the form."""

    scientific_name: str | None
    common_name_en: str | None
    cites_appendix: str | None
    display_group: str | None
    rank: str | None = "species"
    common_name_fr: str | None = ""
    common_name_pt: str | None = ""
    taxon_class: str | None = ""
    taxon_order: str | None = ""
    family: str | None = ""
    flagship: bool | None = False


class TaxonColumns(CommonNames):
    """Columns of recent_taxa()."""

    SCIENTIFIC_NAME = "scientific_name"
    CITES_APPENDIX = "cites_appendix"
    DISPLAY_GROUP = "display_group"
    ALL = (SCIENTIFIC_NAME, *CommonNames.COMMON_NAMES, CITES_APPENDIX,
           DISPLAY_GROUP)


def _coded(errors: list[FieldError], field: str, value: str, allowed: tuple[str, ...]) -> None:
    """Require a value from a vocabulary."""
    if not value:
        errors.append(FieldError(field, AdminErrorCode.REQUIRED))
    elif value not in allowed:
        errors.append(FieldError(field, AdminErrorCode.UNKNOWN_CODE,
                                 {"value": value[:32], "allowed": list(allowed)}))


def add_taxon(session: Session, principal: Principal, data: TaxonInput) -> Taxon:
    """Add a taxon after checking its name is new and its codes known; audit it."""
    check_admin(principal)
    errors: list[FieldError] = []
    name = " ".join(clean_text(data.scientific_name).split())
    if name:
        name = name[0].upper() + name[1:]
    if not name:
        errors.append(FieldError("scientific_name", AdminErrorCode.REQUIRED))
    elif len(name) > MAX_NAME:
        errors.append(FieldError("scientific_name", AdminErrorCode.TOO_LONG, {"max": MAX_NAME}))
    elif not SCIENTIFIC_NAME.match(name):
        errors.append(FieldError("scientific_name", AdminErrorCode.SCIENTIFIC_NAME_FORMAT))
    elif session.execute(select(Taxon.id).where(
            func.lower(Taxon.scientific_name) == name.lower())).first():
        errors.append(FieldError("scientific_name", AdminErrorCode.SCIENTIFIC_NAME_TAKEN,
                                 {"name": name}))
    rank = clean_text(data.rank)
    _coded(errors, "rank", rank, RANKS)
    appendix = clean_text(data.cites_appendix).upper()
    _coded(errors, "cites_appendix", appendix, vocab.CITES_APPENDICES)
    group = clean_text(data.display_group)
    _coded(errors, "display_group", group, vocab.DISPLAY_GROUPS)
    names = {f"common_name_{lang}": clean_text(getattr(data, f"common_name_{lang}"))
             for lang in ("en", "fr", "pt")}
    if not names["common_name_en"]:
        errors.append(FieldError("common_name_en", AdminErrorCode.REQUIRED))
    for field, value in names.items():
        check_length(errors, field, value, MAX_NAME)
    higher = {field: clean_text(getattr(data, field))
              for field in ("taxon_class", "taxon_order", "family")}
    for field, value in higher.items():
        check_length(errors, field, value, MAX_HIGHER)
    refuse(errors)
    values = {"scientific_name": name, "rank": rank, **names, **higher,
              "cites_appendix": appendix, "display_group": group,
              "flagship": bool(data.flagship)}
    taxon = Taxon(**values)
    session.add(taxon)
    session.flush()
    audit(session, principal, AUDIT_ACTION, ENTITY, name[:64], after=values)
    return taxon


def recent_taxa(session: Session, limit: int = 10) -> pd.DataFrame:
    """The taxa added last (TaxonColumns), newest first."""
    columns = [getattr(Taxon, name) for name in TaxonColumns.ALL]
    rows = session.execute(select(*columns).order_by(Taxon.id.desc()).limit(limit)).all()
    return pd.DataFrame(rows, columns=list(TaxonColumns.ALL))
