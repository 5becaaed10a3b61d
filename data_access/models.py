"""Typed SQLAlchemy 2 models of jointops.

Dates of seizures and daily reports are the reporting country's local dates; every
timestamp is stored in UTC (see UTCDateTime).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from data_access import vocab

# Deterministic constraint names so migrations can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always returned timezone-aware.

    SQLite keeps no time zone, so values are normalised to UTC on the way in and tagged
    as UTC on the way out; PostgreSQL stores timestamptz.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a UTC timestamp is required")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def _in(column: str, values: tuple[str, ...]) -> str:
    """SQL text of a CHECK that keeps a coded column inside its vocabulary."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    """Declarative base with the project's naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Region(Base):
    """A reporting region (the WCO's regions)."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_fr: Mapped[str] = mapped_column(String(120))
    name_pt: Mapped[str] = mapped_column(String(120))


class Country(Base):
    """An ISO 3166-1 country or territory with its reporting region."""

    __tablename__ = "countries"

    iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    iso2: Mapped[str] = mapped_column(String(2), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_fr: Mapped[str] = mapped_column(String(120))
    name_pt: Mapped[str] = mapped_column(String(120))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    timezone: Mapped[str] = mapped_column(String(64))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)


class Location(Base):
    """A port, border post, mail centre or inland place where seizures are made."""

    __tablename__ = "locations"
    __table_args__ = (
        CheckConstraint(_in("kind", vocab.LOCATION_KINDS), name="kind"),
        CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(16))
    country_iso3: Mapped[str] = mapped_column(ForeignKey("countries.iso3"), index=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)


class Taxon(Base):
    """A species or higher taxon from the curated reference list."""

    __tablename__ = "taxa"
    __table_args__ = (
        CheckConstraint(_in("cites_appendix", vocab.CITES_APPENDICES), name="appendix"),
        CheckConstraint(_in("display_group", vocab.DISPLAY_GROUPS), name="display_group"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scientific_name: Mapped[str] = mapped_column(String(160), unique=True)
    rank: Mapped[str] = mapped_column(String(16))
    common_name_en: Mapped[str] = mapped_column(String(160), default="")
    common_name_fr: Mapped[str] = mapped_column(String(160), default="")
    common_name_pt: Mapped[str] = mapped_column(String(160), default="")
    taxon_class: Mapped[str] = mapped_column(String(64), default="")
    taxon_order: Mapped[str] = mapped_column(String(64), default="")
    family: Mapped[str] = mapped_column(String(64), default="")
    cites_appendix: Mapped[str] = mapped_column(String(3))
    display_group: Mapped[str] = mapped_column(String(16), index=True)
    flagship: Mapped[bool] = mapped_column(Boolean, default=False)


class CitesTerm(Base):
    """A CITES trade term (description of specimens), e.g. TUS tusks."""

    __tablename__ = "cites_terms"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    label_en: Mapped[str] = mapped_column(String(120))
    label_fr: Mapped[str] = mapped_column(String(120))
    label_pt: Mapped[str] = mapped_column(String(120))
    # Semicolon-separated unit classes that make sense for the term (count;mass ...).
    unit_classes: Mapped[str] = mapped_column(String(64), default="")


class CitesUnit(Base):
    """A CITES unit; NUM stands for CITES's blank unit (number of specimens)."""

    __tablename__ = "cites_units"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    label_en: Mapped[str] = mapped_column(String(120))
    label_fr: Mapped[str] = mapped_column(String(120))
    label_pt: Mapped[str] = mapped_column(String(120))
    unit_class: Mapped[str] = mapped_column(String(16))
    # Factor to the class's base unit (kg, m3, m2, m, specimens); null when not convertible.
    to_base: Mapped[float | None] = mapped_column(Float, nullable=True)


class Operation(Base):
    """A time-boxed multinational enforcement operation."""

    __tablename__ = "operations"
    __table_args__ = (
        CheckConstraint(_in("status", vocab.OPERATION_STATUSES), name="status"),
        CheckConstraint("end_date >= start_date", name="window"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Local time (in the operation's time zone) by which a day's report is due.
    report_deadline: Mapped[dt.time] = mapped_column(Time, default=dt.time(23, 59))
    status: Mapped[str] = mapped_column(String(16), default="planned")
    lock_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    lead_organisations: Mapped[str] = mapped_column(String(255), default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    countries: Mapped[list[OperationCountry]] = relationship(
        back_populates="operation", cascade="all, delete-orphan"
    )


class OperationCountry(Base):
    """A country taking part in an operation, with its focal point's contact."""

    __tablename__ = "operation_countries"

    operation_id: Mapped[int] = mapped_column(
        ForeignKey("operations.id", ondelete="CASCADE"), primary_key=True
    )
    country_iso3: Mapped[str] = mapped_column(ForeignKey("countries.iso3"), primary_key=True)
    focal_point_name: Mapped[str] = mapped_column(String(160), default="")
    focal_point_contact: Mapped[str] = mapped_column(String(255), default="")

    operation: Mapped[Operation] = relationship(back_populates="countries")


class OperationLocation(Base):
    """A port or post taking part in an operation."""

    __tablename__ = "operation_locations"

    operation_id: Mapped[int] = mapped_column(
        ForeignKey("operations.id", ondelete="CASCADE"), primary_key=True
    )
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), primary_key=True)


class User(Base):
    """An account; focal points belong to one country."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(_in("role", vocab.ROLES), name="role"),
        CheckConstraint("role <> 'focal_point' OR country_iso3 IS NOT NULL", name="focal_country"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    full_name: Mapped[str] = mapped_column(String(160), default="")
    country_iso3: Mapped[str | None] = mapped_column(ForeignKey("countries.iso3"), nullable=True)
    language: Mapped[str | None] = mapped_column(String(5), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Changes whenever the account is disabled or its password reset, ending every session.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)



class LoginSession(Base):
    """A signed-in browser session, checked on every request: deleting the row ends the
    session on every worker and machine, whatever copy of the cookie is replayed."""

    __tablename__ = "login_sessions"

    # SHA-256 of the random session id kept in the signed cookie; the id itself is never
    # stored, so reading this table does not let anyone take over a session.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    # Written at most once a minute per session (the per-request check only reads).
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    remote_addr: Mapped[str] = mapped_column(String(64), default="")


class LoginThrottle(Base):
    """Failed sign-ins counted per client address and per account name (known or not),
    with the time before which further attempts are refused (exponential backoff)."""

    __tablename__ = "login_throttles"

    # "address:<ip>" or "account:<casefolded username>".
    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow,
                                                         index=True)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)

class UserOperation(Base):
    """Restricts a commander to the operations named here (none: all operations)."""

    __tablename__ = "user_operations"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    operation_id: Mapped[int] = mapped_column(
        ForeignKey("operations.id", ondelete="CASCADE"), primary_key=True
    )


class Seizure(Base):
    """One seizure reported by a country during an operation."""

    __tablename__ = "seizures"
    __table_args__ = (
        UniqueConstraint("operation_id", "reporting_country", "national_reference"),
        CheckConstraint(_in("seizure_point", vocab.SEIZURE_POINTS), name="seizure_point"),
        CheckConstraint(_in("transport_mode", vocab.TRANSPORT_MODES), name="transport_mode"),
        CheckConstraint(
            _in("detection_method", vocab.DETECTION_METHODS), name="detection_method"
        ),
        CheckConstraint(_in("status", vocab.SEIZURE_STATUSES), name="status"),
        CheckConstraint(_in("geo_precision", vocab.GEO_PRECISIONS), name="geo_precision"),
        CheckConstraint("suspects_arrested >= 0", name="arrests"),
        CheckConstraint("version >= 1", name="version"),
        Index("ix_seizures_operation_date", "operation_id", "seizure_date"),
        Index("ix_seizures_operation_country_date", "operation_id", "reporting_country",
              "seizure_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id"))
    reporting_country: Mapped[str] = mapped_column(ForeignKey("countries.iso3"))
    seizure_date: Mapped[dt.date] = mapped_column(Date)
    seizure_time: Mapped[dt.time | None] = mapped_column(Time, nullable=True)
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id"), nullable=True, index=True
    )
    # Coordinates used for maps: the location's, explicit ones, or none (country level).
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    geo_precision: Mapped[str] = mapped_column(String(12))
    # H3 cells of the coordinates at the configured resolutions, derived at write time.
    h3_res3: Mapped[str | None] = mapped_column(String(16), nullable=True)
    h3_res5: Mapped[str | None] = mapped_column(String(16), nullable=True)
    h3_res7: Mapped[str | None] = mapped_column(String(16), nullable=True)
    seizure_point: Mapped[str] = mapped_column(String(12))
    transport_mode: Mapped[str] = mapped_column(String(20))
    detection_method: Mapped[str] = mapped_column(String(20))
    concealment: Mapped[str] = mapped_column(String(255), default="")
    origin_country: Mapped[str | None] = mapped_column(
        ForeignKey("countries.iso3"), nullable=True
    )
    export_country: Mapped[str | None] = mapped_column(
        ForeignKey("countries.iso3"), nullable=True
    )
    destination_country: Mapped[str | None] = mapped_column(
        ForeignKey("countries.iso3"), nullable=True
    )
    suspects_arrested: Mapped[int] = mapped_column(Integer, default=0)
    national_reference: Mapped[str] = mapped_column(String(64))
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="provisional")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Optimistic locking: a save must name the version it was based on.
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_reason: Mapped[str] = mapped_column(Text, default="")
    # Idempotency: the token of the form instance that created the seizure, honoured once.
    submission_token: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)

    items: Mapped[list[SeizureItem]] = relationship(
        back_populates="seizure", cascade="all, delete-orphan", order_by="SeizureItem.position"
    )
    transits: Mapped[list[SeizureTransit]] = relationship(
        back_populates="seizure", cascade="all, delete-orphan", order_by="SeizureTransit.position"
    )


class SeizureTransit(Base):
    """A transit country of a seizure, in route order."""

    __tablename__ = "seizure_transits"

    seizure_id: Mapped[int] = mapped_column(
        ForeignKey("seizures.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    country_iso3: Mapped[str] = mapped_column(ForeignKey("countries.iso3"))

    seizure: Mapped[Seizure] = relationship(back_populates="transits")


class SeizureItem(Base):
    """One commodity line of a seizure: a taxon, a CITES term, a quantity and its unit."""

    __tablename__ = "seizure_items"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("estimated_value_usd IS NULL OR estimated_value_usd >= 0", name="value"),
        Index("ix_seizure_items_seizure", "seizure_id"),
        Index("ix_seizure_items_taxon", "taxon_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seizure_id: Mapped[int] = mapped_column(ForeignKey("seizures.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=1)
    taxon_id: Mapped[int] = mapped_column(ForeignKey("taxa.id"))
    term_code: Mapped[str] = mapped_column(ForeignKey("cites_terms.code"))
    quantity: Mapped[float] = mapped_column(Float)
    unit_code: Mapped[str] = mapped_column(ForeignKey("cites_units.code"))
    is_live: Mapped[bool] = mapped_column(Boolean, default=False)
    estimated_value_usd: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Quantity in the unit class's base unit (kg, m3, ...), derived at write time so that
    # totals in harmonised units are one SUM in SQL; null when the unit is not convertible.
    base_quantity: Mapped[float | None] = mapped_column(Float, nullable=True)
    base_class: Mapped[str | None] = mapped_column(String(8), nullable=True)

    seizure: Mapped[Seizure] = relationship(back_populates="items")


class DailyReport(Base):
    """A country's report for one operation day: seizures reported, or a nil return."""

    __tablename__ = "daily_reports"
    __table_args__ = (
        UniqueConstraint("operation_id", "country_iso3", "report_date"),
        CheckConstraint(_in("kind", vocab.DAILY_REPORT_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id", ondelete="CASCADE"))
    country_iso3: Mapped[str] = mapped_column(ForeignKey("countries.iso3"))
    report_date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEvent(Base):
    """One recorded change or security event; written in the same transaction as the change."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class CountryReopening(Base):
    """Entry reopened for one country after an operation's lock date, with the reason.

    A reopening is in force while `active` and, when `open_until` is set, until the end of
    that date (operation time zone); closing it keeps the row as a record.
    """

    __tablename__ = "country_reopenings"
    __table_args__ = (
        Index("ix_country_reopenings_operation_country", "operation_id", "country_iso3"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id", ondelete="CASCADE"))
    country_iso3: Mapped[str] = mapped_column(ForeignKey("countries.iso3"))
    open_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    reason: Mapped[str] = mapped_column(Text)
    reopened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reopened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


# --- Summary tables (task "summaries") ----------------------------------------------------
# Kept exact in the same transaction as every write by data_access.summaries; the
# command-centre queries read them instead of the millions of raw rows. Every key holds
# (operation, date, country, transport mode) so that every filter except the item-level
# ones (taxon group, commodity) narrows them, and so that a write recomputes only the
# rows of its (operation, country, date). Withdrawn seizures are left out.


class SummaryKey:
    """The key columns every summary row starts with: operation, day, reporting country and
    transport mode ("" for both in the roll-up rows), and the index reads use to find them."""

    # sort_order puts these first in every table (mixin columns otherwise come after the
    # class's own): the primary key keeps the order (operation, day, country, mode, ...).
    operation_id: Mapped[int] = mapped_column(
        ForeignKey("operations.id", ondelete="CASCADE"), primary_key=True, sort_order=-1)
    seizure_date: Mapped[dt.date] = mapped_column(Date, primary_key=True, sort_order=-1)
    reporting_country: Mapped[str] = mapped_column(String(3), primary_key=True, sort_order=-1)
    transport_mode: Mapped[str] = mapped_column(String(20), primary_key=True, sort_order=-1)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        # Reads name the grain (fine or roll-up rows: reporting country "") before the dates.
        return (Index(f"ix_{cls.__tablename__}_grain", "operation_id", "reporting_country",
                      "seizure_date"),)


class SummarySeizure(SummaryKey, Base):
    """Live seizures per operation, day, country, transport mode, H3 cell (res. 3) and port."""

    __tablename__ = "summary_seizures"

    # The seizures' H3 cell at resolution 3; "" for seizures without coordinates.
    cell: Mapped[str] = mapped_column(String(16), primary_key=True)
    # The port or post (Location.id); 0 for seizures reported without one.
    location_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seizures: Mapped[int] = mapped_column(Integer)
    arrests: Mapped[int] = mapped_column(Integer)
    items: Mapped[int] = mapped_column(Integer)  # all their items
    mass_kg: Mapped[float] = mapped_column(Float)  # SUM(base_quantity) of items in mass units


class SummaryItem(SummaryKey, Base):
    """Live seizure items per operation, day, country, transport mode, taxon, CITES term,
    unit and liveness: counts and quantities (never summed across units)."""

    __tablename__ = "summary_items"

    taxon_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    is_live: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    base_class: Mapped[str | None] = mapped_column(String(8), nullable=True)
    items: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[float] = mapped_column(Float)  # SUM(quantity), in unit_code
    base_quantity: Mapped[float | None] = mapped_column(Float, nullable=True)


class SummaryTaxon(SummaryKey, Base):
    """Live seizures holding at least one item of a taxon (distinct seizures), per
    operation, day, country and transport mode."""

    __tablename__ = "summary_taxa"

    taxon_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seizures: Mapped[int] = mapped_column(Integer)


class SummaryTerm(SummaryKey, Base):
    """Live seizures holding at least one item of a CITES term (distinct seizures), per
    operation, day, country and transport mode."""

    __tablename__ = "summary_terms"

    term_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    seizures: Mapped[int] = mapped_column(Integer)


class SummaryGroup(SummaryKey, Base):
    """Live seizures holding at least one item of a taxon display group (distinct
    seizures), per operation, day, country and transport mode. The group is the taxon's at
    write time: after the reference taxa are reloaded with other groups, rebuild."""

    __tablename__ = "summary_groups"

    display_group: Mapped[str] = mapped_column(String(16), primary_key=True)
    seizures: Mapped[int] = mapped_column(Integer)


class SummaryAppendix(SummaryKey, Base):
    """Live seizures holding at least one item of a taxon in a CITES appendix (distinct
    seizures), per operation, day, country and transport mode (appendix as at write time,
    like SummaryGroup)."""

    __tablename__ = "summary_appendices"

    cites_appendix: Mapped[str] = mapped_column(String(3), primary_key=True)
    seizures: Mapped[int] = mapped_column(Integer)


class SummaryRoute(SummaryKey, Base):
    """Live seizures and their kilograms per route (origin, up to five transit countries in
    order, destination), per operation, day, country and transport mode. Only seizures
    that are routes: origin and destination known, and leaving the country or transiting."""

    __tablename__ = "summary_routes"
    # Grain first, then the route in grouping order, covering the measures: the top routes
    # are read in index order without a sort or a table lookup.
    __table_args__ = (Index("ix_summary_routes_paths", "operation_id", "reporting_country",
                            "origin", "t1", "t2", "t3", "t4", "t5", "destination",
                            "seizure_date", "seizures", "mass_kg"),)

    origin: Mapped[str] = mapped_column(String(3), primary_key=True)
    # Transit countries 1 to 5 in route order, "" past the last one.
    t1: Mapped[str] = mapped_column(String(3), primary_key=True)
    t2: Mapped[str] = mapped_column(String(3), primary_key=True)
    t3: Mapped[str] = mapped_column(String(3), primary_key=True)
    t4: Mapped[str] = mapped_column(String(3), primary_key=True)
    t5: Mapped[str] = mapped_column(String(3), primary_key=True)
    destination: Mapped[str] = mapped_column(String(3), primary_key=True)
    seizures: Mapped[int] = mapped_column(Integer)
    mass_kg: Mapped[float] = mapped_column(Float)


class DataVersion(Base):
    """A counter per operation, raised in the same transaction as every change to its
    seizures or daily reports: the key of cached results."""

    __tablename__ = "data_versions"

    operation_id: Mapped[int] = mapped_column(
        ForeignKey("operations.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


# The data version reads MAX(updated_at) of an operation's seizures, and the latest entries
# are the newest by created_at: both by index seek, not by scanning the operation.
Index("ix_seizures_operation_updated", Seizure.operation_id, Seizure.updated_at)
Index("ix_seizures_operation_created", Seizure.operation_id, Seizure.created_at)
