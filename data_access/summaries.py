"""Summary tables of the raw seizures, kept exact in the same transaction as every write.

The command-centre queries read these tables (thousands of rows per operation) instead of
the raw seizures and items (up to millions). Every summary row is keyed by operation,
seizure date, reporting country and transport mode (plus its own dimension), so a write
only recomputes the rows of the (operation, country, date) it touched, from the raw rows,
inside its own transaction: the summaries can never drift from the data.

How they are maintained:
- ORM writes (create, edit, withdraw, nil returns, reports): a `before_flush` listener
  notes the keys of every seizure, item, transit or daily report being changed (old and new
  dates), and an `after_flush` listener raises the operation's data version and
  recomputes those keys. Installed by `install_listeners()`, which data_access.db's
  engine and session factories call (importing this module registers nothing).
- Bulk writes with Core statements (spreadsheet imports): `record_import()`.
- Bulk loads (demo data, archives): `rebuild_summaries()`, set-based INSERT ... SELECT ...
  GROUP BY.

Each summary also holds roll-up rows: reporting country and transport mode "" (ALL_PLACES),
the totals over every country and mode of (operation, day, dimensions). A view that neither
filters nor groups by country or mode reads those: at a million seizures the item summary
has 325,000 fine rows but fewer than 10,000 roll-up rows. Writes keep them by difference:
the fine rows of the touched keys are subtracted before they are recomputed and added
after, so a write costs what its own keys cost (roll-up rows that reach zero are removed).
Counts stay exact; quantities may differ from a rebuild by float rounding only.

The data version is raised first, so that on PostgreSQL two writers of one operation take
turns (row lock on data_versions) and the second one's recount sees the first one's rows.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    bindparam,
    case,
    delete,
    distinct,
    event,
    func,
    insert,
    inspect,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased

from data_access.filters import SeizureFilters, item_condition, key_conditions
from data_access.models import (
    DailyReport,
    DataVersion,
    Seizure,
    SeizureItem,
    SeizureTransit,
    SummaryAppendix,
    SummaryGroup,
    SummaryItem,
    SummaryKey,
    SummaryRoute,
    SummarySeizure,
    SummaryTaxon,
    SummaryTerm,
    Taxon,
)

SUMMARY_MODELS = (SummarySeizure, SummaryItem, SummaryTaxon, SummaryTerm, SummaryGroup,
                  SummaryAppendix, SummaryRoute)
MASS_CLASS = "mass"
# Reporting country and transport mode of the roll-up rows (fine rows always name both).
ALL_PLACES = ""
# The key columns that roll-up rows sum over (with the two above) or keep.
PLACE_KEYS = ("reporting_country", "transport_mode")
DAY_KEYS = ("operation_id", "seizure_date")
# Measures that describe the dimensions rather than add up (taken as they are).
DESCRIPTIVE = ("base_class",)
PENDING_KEY = "jointops.summaries.pending"

# (operation id, reporting country, seizure date)
Key = tuple[int, str, dt.date]


# --- the summaries as SELECT statements over the raw rows ------------------------------

def _seizure_rows(condition: ColumnElement[bool]):
    """SummarySeizure rows of the live seizures matching a condition on Seizure."""
    per_seizure = (
        select(Seizure.operation_id, Seizure.seizure_date, Seizure.reporting_country,
               Seizure.transport_mode, func.coalesce(Seizure.h3_res3, "").label("cell"),
               func.coalesce(Seizure.location_id, 0).label("location_id"),
               Seizure.suspects_arrested.label("arrests"),
               func.count(SeizureItem.id).label("items"),
               func.coalesce(func.sum(case((SeizureItem.base_class == MASS_CLASS,
                                            SeizureItem.base_quantity))), 0.0).label("kg"))
        .select_from(Seizure).outerjoin(SeizureItem, SeizureItem.seizure_id == Seizure.id)
        .where(condition, Seizure.deleted.is_(False))
        .group_by(Seizure.id)
        .subquery("per_seizure")
    )
    keys = [per_seizure.c.operation_id, per_seizure.c.seizure_date,
            per_seizure.c.reporting_country, per_seizure.c.transport_mode, per_seizure.c.cell,
            per_seizure.c.location_id]
    return select(*keys, func.count(), func.sum(per_seizure.c.arrests),
                  func.sum(per_seizure.c["items"]), func.sum(per_seizure.c.kg)).group_by(*keys)


def _item_keys() -> list[ColumnElement[Any]]:
    return [Seizure.operation_id, Seizure.seizure_date, Seizure.reporting_country,
            Seizure.transport_mode]


def _item_rows(condition: ColumnElement[bool]):
    """SummaryItem rows of the items of the live seizures matching a condition."""
    keys = [*_item_keys(), SeizureItem.taxon_id, SeizureItem.term_code, SeizureItem.unit_code,
            SeizureItem.is_live]
    return (select(*keys, func.max(SeizureItem.base_class), func.count(SeizureItem.id),
                   func.sum(SeizureItem.quantity), func.sum(SeizureItem.base_quantity))
            .select_from(SeizureItem).join(Seizure, Seizure.id == SeizureItem.seizure_id)
            .where(condition, Seizure.deleted.is_(False)).group_by(*keys))


def _distinct_rows(dimension: ColumnElement[Any], condition: ColumnElement[bool]):
    """(keys, dimension, distinct seizures) of the live seizures matching a condition; the
    dimension may be a column of the item or of its taxon."""
    keys = [*_item_keys(), dimension]
    return (select(*keys, func.count(distinct(Seizure.id)))
            .select_from(SeizureItem).join(Seizure, Seizure.id == SeizureItem.seizure_id)
            .join(Taxon, Taxon.id == SeizureItem.taxon_id)
            .where(condition, Seizure.deleted.is_(False)).group_by(*keys))


# Transit countries kept per route (as the map's route layer).
MAX_TRANSITS = 5


def _route_rows(condition: ColumnElement[bool]):
    """SummaryRoute rows of the live route seizures matching a condition on Seizure.

    Transit k is the transit at position k (every writer numbers them 1, 2, 3...), joined
    by primary key: a pivot without window functions, fast on both databases."""
    hops = [aliased(SeizureTransit, name=f"hop{k}") for k in range(1, MAX_TRANSITS + 1)]
    transits = [func.coalesce(hop.country_iso3, "").label(f"t{k}")
                for k, hop in enumerate(hops, start=1)]
    per_seizure = select(
        Seizure.operation_id, Seizure.seizure_date, Seizure.reporting_country,
        Seizure.transport_mode, Seizure.origin_country.label("origin"), *transits,
        Seizure.destination_country.label("destination"),
        func.coalesce(func.sum(case((SeizureItem.base_class == MASS_CLASS,
                                     SeizureItem.base_quantity))), 0.0).label("kg"),
    ).select_from(Seizure)
    for k, hop in enumerate(hops, start=1):
        per_seizure = per_seizure.outerjoin(
            hop, and_(hop.seizure_id == Seizure.id, hop.position == k))
    per_seizure = (
        per_seizure.outerjoin(SeizureItem, SeizureItem.seizure_id == Seizure.id)
        .where(condition, Seizure.deleted.is_(False), Seizure.origin_country.is_not(None),
               Seizure.destination_country.is_not(None),
               # A seizure that never left its country is not a route.
               or_(Seizure.origin_country != Seizure.destination_country,
                   hops[0].country_iso3.is_not(None)))
        .group_by(Seizure.id, *[hop.country_iso3 for hop in hops])
        .subquery("route_seizures"))
    keys = [per_seizure.c[name] for name in (
        "operation_id", "seizure_date", "reporting_country", "transport_mode", "origin",
        *[f"t{k}" for k in range(1, MAX_TRANSITS + 1)], "destination")]
    return select(*keys, func.count(), func.sum(per_seizure.c.kg)).group_by(*keys)


def _fill_definitions(condition: ColumnElement[bool]) -> tuple[tuple[Any, list[str], Any], ...]:
    """(model, columns, SELECT ... GROUP BY) of every summary's rows for the matching
    seizures."""
    return (
        (SummarySeizure, ["operation_id", "seizure_date", "reporting_country",
                          "transport_mode", "cell", "location_id", "seizures", "arrests", "items",
                          "mass_kg"],
         _seizure_rows(condition)),
        (SummaryItem, ["operation_id", "seizure_date", "reporting_country", "transport_mode",
                       "taxon_id", "term_code", "unit_code", "is_live", "base_class", "items",
                       "quantity", "base_quantity"], _item_rows(condition)),
        (SummaryTaxon, ["operation_id", "seizure_date", "reporting_country", "transport_mode",
                        "taxon_id", "seizures"],
         _distinct_rows(SeizureItem.taxon_id, condition)),
        (SummaryTerm, ["operation_id", "seizure_date", "reporting_country", "transport_mode",
                       "term_code", "seizures"],
         _distinct_rows(SeizureItem.term_code, condition)),
        (SummaryGroup, ["operation_id", "seizure_date", "reporting_country", "transport_mode",
                        "display_group", "seizures"],
         _distinct_rows(Taxon.display_group, condition)),
        (SummaryAppendix, ["operation_id", "seizure_date", "reporting_country",
                           "transport_mode", "cites_appendix", "seizures"],
         _distinct_rows(Taxon.cites_appendix, condition)),
        (SummaryRoute, ["operation_id", "seizure_date", "reporting_country", "transport_mode",
                        "origin", *[f"t{k}" for k in range(1, MAX_TRANSITS + 1)],
                        "destination", "seizures", "mass_kg"], _route_rows(condition)),
    )


def _fill_statements(condition: ColumnElement[bool]) -> list[Any]:
    """INSERT ... SELECT ... GROUP BY every summary's rows for the matching seizures."""
    return [insert(model).from_select(columns, rows)
            for model, columns, rows in _fill_definitions(condition)]


def _fill(connection: Connection, condition: ColumnElement[bool]) -> None:
    """Insert every summary's rows for the matching seizures."""
    for statement in _fill_statements(condition):
        connection.execute(statement)


# --- data versions -------------------------------------------------------------------------

def _insert_with_upsert(dialect: str) -> Any:
    """The dialect's insert(), which has on_conflict_do_update()."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def bump_versions(connection: Connection, operation_ids: Iterable[int]) -> None:
    """Raise the data version of these operations (created at 1 when missing)."""
    table = DataVersion.__table__
    upsert = _insert_with_upsert(connection.dialect.name)
    for operation_id in sorted(set(operation_ids)):
        statement = upsert(table).values(operation_id=operation_id, version=1)
        connection.execute(statement.on_conflict_do_update(
            index_elements=[table.c.operation_id], set_={"version": table.c.version + 1}))


def version_of(session: Session, operation_id: int) -> int:
    """The operation's data version counter (0 before any write)."""
    return session.execute(select(DataVersion.version).where(
        DataVersion.operation_id == operation_id)).scalar_one_or_none() or 0


# --- rebuilding and refreshing --------------------------------------------------------------

def rebuild_summaries(session: Session, operation_id: int | None = None) -> None:
    """Recompute every summary from the raw seizures (of one operation, or of all), in the
    session's transaction, set-based: the way to finish a bulk load."""
    connection = session.connection()
    for model in SUMMARY_MODELS:
        statement = delete(model)
        if operation_id is not None:
            statement = statement.where(model.operation_id == operation_id)
        connection.execute(statement)
    condition = (Seizure.operation_id == operation_id if operation_id is not None
                 else true())
    _fill(connection, condition)
    for model in SUMMARY_MODELS:
        fine = (model.operation_id == operation_id if operation_id is not None else true())
        connection.execute(insert(model).from_select(*_rollup_select(model, fine)))
    if operation_id is not None:
        bump_versions(connection, [operation_id])
    else:
        from data_access.models import Operation

        bump_versions(connection, session.execute(select(Operation.id)).scalars())


def _rolled_up(model: Any, source: dict[str, Any], condition: ColumnElement[bool],
               sign: int = 1) -> tuple[list[str], Any]:
    """(columns, SELECT) of roll-up rows summing the rows of `source` (the model's columns
    by name, from its table or from a SELECT of fine rows) that match a condition, negated
    when sign is -1 (to subtract them)."""
    table = model.__table__
    dimensions = [c.name for c in table.primary_key.columns
                  if c.name not in (*DAY_KEYS, *PLACE_KEYS)]
    measures = [c.name for c in table.columns if not c.primary_key]
    keys = [source[name] for name in (*DAY_KEYS, *dimensions)]
    aggregates = [func.max(source[m]) if m in DESCRIPTIVE else
                  (func.sum(source[m]) if sign > 0 else -func.sum(source[m]))
                  for m in measures]
    # SQLite's upsert needs a WHERE after the SELECT's FROM: the condition is always there.
    statement = (select(*keys[:len(DAY_KEYS)],
                        *[literal_column(f"'{ALL_PLACES}'")] * len(PLACE_KEYS),
                        *keys[len(DAY_KEYS):], *aggregates)
                 .where(condition).group_by(*keys))
    return [*DAY_KEYS, *PLACE_KEYS, *dimensions, *measures], statement


def _rollup_select(model: Any, fine: ColumnElement[bool], sign: int = 1
                   ) -> tuple[list[str], Any]:
    """(columns, SELECT) of the roll-up rows summing the model's fine rows that match a
    condition, negated when sign is -1."""
    table = model.__table__
    return _rolled_up(model, dict(table.c.items()),
                      and_(fine, grain(model, rollup=False)), sign)


def _added(dialect: str, model: Any, names: list[str], rows: Any) -> Any:
    """INSERT ... SELECT ... ON CONFLICT DO UPDATE adding the rows' measures to the rows
    already there (a negative measure subtracts)."""
    table = model.__table__
    statement = _insert_with_upsert(dialect)(table).from_select(names, rows)
    return statement.on_conflict_do_update(
        index_elements=[c.name for c in table.primary_key.columns],
        set_={c.name: _combined(table.c[c.name], statement.excluded[c.name])
              for c in table.columns if not c.primary_key})


def _rollup_upsert(dialect: str, model: Any, fine: ColumnElement[bool], sign: int) -> Any:
    """Add (sign 1) or subtract (sign -1) the fine rows matching a condition to or from
    the roll-up rows."""
    return _added(dialect, model, *_rollup_select(model, fine, sign))


def _combined(kept: Any, added: Any) -> ColumnElement[Any]:
    """A roll-up measure plus a difference, with SUM's NULL rules: NULL only when both are
    (a quantity in a unit without conversion stays NULL, as a rebuild would leave it)."""
    if kept.name in DESCRIPTIVE:
        return func.coalesce(added, kept)
    if not kept.nullable:
        return kept + added
    return case((kept.is_(None), added), (added.is_(None), kept), else_=kept + added)


def _empty_rollups(model: Any, dates: Any) -> Any:
    """DELETE the roll-up rows of the operation (and dates) whose seizures or items came
    down to zero."""
    table = model.__table__
    count = table.c["seizures"] if "seizures" in table.c else table.c["items"]
    # Naming the mode too lets the primary key (operation, day, country, mode) find the
    # rows of the day; SQLite would otherwise walk the operation's covering route index.
    return delete(table).where(
        table.c.operation_id == bindparam("operation_id"),
        table.c.reporting_country == ALL_PLACES, table.c.transport_mode == ALL_PLACES,
        table.c.seizure_date.in_(dates) if dates is not None else true(), count <= 0)


@functools.cache
def _refresh_statements(dialect: str, every_date: bool) -> tuple[Any, ...]:
    """The statements that recompute one country's summary rows of an operation (on some
    dates, or on all of them) and move the roll-up rows by the difference, in order.

    Built once per process and executed with the parameters operation_id, country and
    dates: a seizure's save runs 35 statements, and building them each time cost more
    than running them."""
    dates = None if every_date else bindparam("dates", expanding=True)

    def keys(model: Any) -> ColumnElement[bool]:
        return and_(model.operation_id == bindparam("operation_id"),
                    model.reporting_country == bindparam("country"),
                    model.seizure_date.in_(dates) if dates is not None else true())

    statements: list[Any] = []
    for model in SUMMARY_MODELS:
        statements += [_rollup_upsert(dialect, model, keys(model), -1),
                       delete(model).where(keys(model))]
    statements += _fill_statements(keys(Seizure))
    for model in SUMMARY_MODELS:
        statements += [_rollup_upsert(dialect, model, keys(model), 1),
                       _empty_rollups(model, dates)]
    return tuple(statements)


def _refresh(connection: Connection, operation_id: int,
             by_country: dict[str, set[dt.date]]) -> None:
    """Recompute the summary rows of these countries (all their dates when the set is
    empty) of one operation from the raw rows, and the roll-up rows by difference."""
    for country, dates in sorted(by_country.items()):
        parameters: dict[str, Any] = {"operation_id": operation_id, "country": country}
        if dates:
            parameters["dates"] = sorted(dates)
        for statement in _refresh_statements(connection.dialect.name, not dates):
            connection.execute(statement, parameters)


@functools.cache
def _addition_statements(dialect: str) -> tuple[Any, ...]:
    """The statements that add new seizures (parameter ids) to the summaries: their own
    rows, upserted into the fine rows and, regrouped, into the roll-up rows.

    Every summary counts seizures additively (a seizure adds its own items, kilograms, and
    one to each distinct taxon, term, group, appendix and route it holds), so a seizure
    that did not exist before costs only its own rows, not its country's day."""
    statements: list[Any] = []
    for model, columns, rows in _fill_definitions(
            Seizure.id.in_(bindparam("ids", expanding=True))):
        own = rows.subquery("own")
        by_name = {name: own.c[i] for i, name in enumerate(columns)}
        statements += [_added(dialect, model, columns, rows),
                       _added(dialect, model, *_rolled_up(model, by_name, true()))]
    return tuple(statements)


def _add_seizures(connection: Connection, seizure_ids: list[int]) -> None:
    """Add new seizures, not yet counted anywhere, to the fine and roll-up rows."""
    for start in range(0, len(seizure_ids), 500):
        for statement in _addition_statements(connection.dialect.name):
            connection.execute(statement, {"ids": seizure_ids[start:start + 500]})


def record_import(session: Session, operation_id: int, country: str,
                  created: dict[int, dt.date], changed_dates: Iterable[dt.date]) -> None:
    """Raise the operation's version and bring the summaries up to date after a bulk
    import of one country's seizures (Core statements, no flush listener): the days of the
    updated seizures (their old and new dates) are recounted, and the new seizures on other
    days are added by their own rows."""
    connection = session.connection()
    bump_versions(connection, [operation_id])
    recounted = set(changed_dates)
    if recounted:
        _refresh(connection, operation_id, {country: recounted})
    _add_seizures(connection, sorted(i for i, day in created.items() if day not in recounted))


# --- maintenance of ORM writes ---------------------------------------------------------------

def _old_and_new(obj: Any, name: str) -> list[Any]:
    """The attribute's current value and, if changed in this flush, its previous ones."""
    history = inspect(obj).attrs[name].history
    values = [*history.added, *history.unchanged, *history.deleted]
    return [v for v in values if v is not None] or [getattr(obj, name, None)]


def _note(session: Session, obj: Any, pending: dict[str, set]) -> None:
    """Remember what a changed object means for the summaries."""
    if isinstance(obj, Seizure) and obj in session.new:
        pending["new"].add(obj)  # added by difference after the flush
    elif isinstance(obj, Seizure):
        for operation_id in _old_and_new(obj, "operation_id"):
            for country in _old_and_new(obj, "reporting_country"):
                for date in _old_and_new(obj, "seizure_date"):
                    if None not in (operation_id, country, date):
                        pending["keys"].add((operation_id, country, date))
    elif isinstance(obj, SeizureItem | SeizureTransit):
        parent = obj.__dict__.get("seizure")  # only if loaded: no SQL during a flush
        if parent is not None and parent.id is None:
            pending["new"].add(parent)  # part of a new seizure's own rows
        elif parent is not None:
            pending["seizures"].add(parent.id)
        for seizure_id in _old_and_new(obj, "seizure_id"):
            pending["seizures"].add(seizure_id)
    elif isinstance(obj, DailyReport):
        for operation_id in _old_and_new(obj, "operation_id"):
            pending["operations"].add(operation_id)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    pending = session.info.setdefault(PENDING_KEY, {
        "keys": set(), "seizures": set(), "operations": set(), "new": set()})
    for obj in (*session.new, *session.dirty, *session.deleted):
        _note(session, obj, pending)


def _after_flush(session: Session, _context: Any) -> None:
    pending = session.info.pop(PENDING_KEY, None)
    if not pending:
        return
    keys: set[Key] = set(pending["keys"])
    new = [seizure for seizure in pending["new"] if seizure.id is not None]
    seizure_ids = sorted(i for i in pending["seizures"] if i is not None)
    connection = session.connection()
    for start in range(0, len(seizure_ids), 500):
        keys.update(tuple(row) for row in connection.execute(
            select(Seizure.operation_id, Seizure.reporting_country, Seizure.seizure_date)
            .where(Seizure.id.in_(seizure_ids[start:start + 500]))))
    new_keys = [((s.operation_id, s.reporting_country, s.seizure_date), s.id) for s in new]
    bump_versions(connection, {k[0] for k in keys} | {k[0] for k, _ in new_keys}
                  | set(pending["operations"]))
    # A new seizure whose key is recomputed anyway is counted by that recount.
    _add_seizures(connection, sorted(i for key, i in new_keys if key not in keys))
    if keys:
        grouped: dict[int, dict[str, set[dt.date]]] = {}
        for operation_id, country, date in keys:
            grouped.setdefault(operation_id, {}).setdefault(country, set()).add(date)
        for operation_id, by_country in sorted(grouped.items()):
            _refresh(connection, operation_id, by_country)


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


_LISTENERS = (("before_flush", _before_flush), ("after_flush", _after_flush),
              ("after_rollback", _after_rollback))


def install_listeners() -> None:
    """Keep the summaries with every ORM write of every Session: register the flush and
    rollback listeners above on the Session class, once (calling again does nothing).

    Called by data_access.db's engine and session factories, which every writer goes
    through; importing this module registers nothing. On the class rather than on one
    sessionmaker because tests and tools also open `Session(engine)` directly."""
    for name, listener in _LISTENERS:
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


# --- reading the summaries ------------------------------------------------------------------

def grain(model: type[SummaryKey], rollup: bool) -> ColumnElement[bool]:
    """Condition on a summary model's rows: the roll-up rows, or the fine ones (never
    both: they hold the same seizures twice)."""
    if rollup:
        return model.reporting_country == ALL_PLACES
    return model.reporting_country != ALL_PLACES


def uses_rollups(filters: SeizureFilters, rollup: bool) -> bool:
    """Whether a read may use the roll-up rows: the caller does not group or filter by
    country or mode itself (rollup=True) and the filters name none."""
    return rollup and not (filters.countries or filters.regions or filters.transport_modes)


def summary_condition(model: type[SummaryKey], filters: SeizureFilters, rollup: bool = False
                      ) -> ColumnElement[bool]:
    """Condition on a summary model's rows for the seizure-level filters (operation, dates,
    regions, countries, transport modes); item-level filters are the caller's business.

    rollup=True: the caller neither groups nor filters by reporting country or transport
    mode, so the roll-up rows answer whenever the filters name no place or mode. Otherwise
    the fine rows (never both: they hold the same seizures twice)."""
    return and_(*key_conditions(filters, model), grain(model, uses_rollups(filters, rollup)))


def item_summary_condition(filters: SeizureFilters, rollup: bool = False
                           ) -> ColumnElement[bool]:
    """Condition on SummaryItem rows joined to Taxon: every filter (items are exact). Without
    a group filter it does not name Taxon (so the caller may skip that join). rollup: as
    for summary_condition."""
    return and_(summary_condition(SummaryItem, filters, rollup),
                item_condition(filters, SummaryItem))
