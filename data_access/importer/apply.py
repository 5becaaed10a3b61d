"""Writing a validated import plan in bulk, inside the caller's transaction.

New seizures are inserted with executemany (ids returned), updated ones are rewritten by
primary key with their items and transits replaced; daily reports are marked; one audit
event records the whole import. Nothing here commits: the caller's transaction makes the
import all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from data_access.audit import record
from data_access.authentication import Principal
from data_access.entry_rules import user_id
from data_access.importer.plan import ImportPlan, PlannedSeizure
from data_access.models import DailyReport, Seizure, SeizureItem, SeizureTransit
from data_access.seizures import ENTITY_IMPORT, AuditAction, import_entity_id, snapshots
from data_access.summaries import record_import

Progress = Callable[[str, int, int], None]
CHUNK = 5_000


@dataclass(frozen=True)
class AppliedCounts:
    """What an import wrote."""

    created: int
    updated: int
    items: int
    nil_returns_replaced: int


def _chunks(values: Sequence[Any], size: int | None = None) -> Iterator[Sequence[Any]]:
    """Slices of at most `size` (default CHUNK) values."""
    size = size or CHUNK
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _copy(session: Session, table_name: str, rows: Sequence[dict[str, Any]]) -> None:
    """COPY rows into a PostgreSQL table (columns named by the first row's keys)."""
    from psycopg import sql

    columns = list(rows[0])
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table_name), sql.SQL(", ").join(map(sql.Identifier, columns)))
    driver = session.connection().connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _insert(session: Session, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows: executemany on SQLite, COPY on PostgreSQL (one statement per row
    there costs far more than the rows themselves)."""
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        _copy(session, table.name, rows)
    else:
        session.execute(insert(table), list(rows))


def _update_by_id(session: Session, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Update many rows by "id": executemany on SQLite; on PostgreSQL one UPDATE ... FROM a
    temporary table filled by COPY."""
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        statement = update(table).where(table.c.id == bindparam("row_id"))
        session.execute(statement, [{"row_id": r["id"], **{k: v for k, v in r.items()
                                                            if k != "id"}} for r in rows])
        return
    from psycopg import sql

    staging = f"import_{table.name}"
    columns = [c for c in rows[0] if c != "id"]
    driver = session.connection().connection.driver_connection
    with driver.cursor() as cursor:
        # Same column types, no constraints; gone at the end of the transaction.
        cursor.execute(sql.SQL("CREATE TEMPORARY TABLE IF NOT EXISTS {} ON COMMIT DROP AS "
                               "SELECT id, {} FROM {} WITH NO DATA").format(
            sql.Identifier(staging), sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.Identifier(table.name)))
        cursor.execute(sql.SQL("TRUNCATE {}").format(sql.Identifier(staging)))
    _copy(session, staging, rows)
    with driver.cursor() as cursor:
        cursor.execute(sql.SQL("UPDATE {target} SET {sets} FROM {staging} AS s "
                               "WHERE {target}.id = s.id").format(
            target=sql.Identifier(table.name), staging=sql.Identifier(staging),
            sets=sql.SQL(", ").join(sql.SQL("{} = s.{}").format(sql.Identifier(c),
                                                               sql.Identifier(c))
                                    for c in columns)))


def _item_rows(seizure_id: int, planned: PlannedSeizure) -> list[dict[str, Any]]:
    assert planned.clean is not None
    return [{"seizure_id": seizure_id, "position": i + 1, **item.columns()}
            for i, item in enumerate(planned.clean.items)]


def _transit_rows(seizure_id: int, planned: PlannedSeizure) -> list[dict[str, Any]]:
    assert planned.clean is not None
    return [{"seizure_id": seizure_id, "position": i + 1, "country_iso3": iso}
            for i, iso in enumerate(planned.clean.transit_countries)]


def apply_plan(session: Session, principal: Principal, plan: ImportPlan, *, file_name: str,
               file_sha256: str, mode: str, now: dt.datetime,
               progress: Progress | None = None) -> AppliedCounts:
    """Write the plan's valid seizures and the import's audit event."""
    valid = plan.valid
    new = [s for s in valid if s.existing_id is None]
    changed = [s for s in valid if s.existing_id is not None]
    uid = user_id(principal)
    total = len(valid)
    done = 0

    before: dict[str, Any] = {}
    for ids in _chunks([s.existing_id for s in changed]):
        before.update((str(k), v) for k, v in snapshots(session, list(ids)).items())

    # Core statements on the tables: plain executemany, no per-row ORM bookkeeping.
    seizures_t, items_t, transits_t = (Seizure.__table__, SeizureItem.__table__,
                                       SeizureTransit.__table__)
    created: dict[str, Any] = {}
    created_days: dict[int, dt.date] = {}
    items: list[dict[str, Any]] = []
    transits: list[dict[str, Any]] = []
    for chunk in _chunks(new):
        _insert(session, seizures_t, [
            {**s.clean.columns(), "status": "provisional", "created_by": uid,  # type: ignore[union-attr]
             "created_at": now, "updated_by": uid, "updated_at": now, "version": 1,
             "deleted": False, "deleted_reason": "", "submission_token": None}
            for s in chunk])
        references = [s.reference for s in chunk]
        ids = dict(session.execute(select(Seizure.national_reference, Seizure.id).where(
            Seizure.operation_id == plan.operation_id,
            Seizure.reporting_country == plan.country,
            Seizure.national_reference.in_(references))).all())
        for s in chunk:
            sid = ids[s.reference]
            created[str(sid)] = {"reference": s.reference, "version": 1}
            created_days[sid] = s.clean.seizure_date  # type: ignore[union-attr]
            items.extend(_item_rows(sid, s))
            transits.extend(_transit_rows(sid, s))
        done += len(chunk)
        if progress:
            progress("write", done, total)

    updated: dict[str, Any] = {}
    # Days whose summaries are recounted: those an updated seizure leaves and enters.
    recount = {s.clean.seizure_date for s in changed}  # type: ignore[union-attr]
    for chunk in _chunks(changed):
        ids = [s.existing_id for s in chunk]
        recount.update(session.execute(select(Seizure.seizure_date).distinct().where(
            Seizure.id.in_(ids))).scalars())
        session.execute(delete(items_t).where(items_t.c.seizure_id.in_(ids)))
        session.execute(delete(transits_t).where(transits_t.c.seizure_id.in_(ids)))
        _update_by_id(session, seizures_t, [
            {"id": s.existing_id, **s.clean.columns(),  # type: ignore[union-attr]
             "updated_by": uid, "updated_at": now, "version": (s.existing_version or 1) + 1}
            for s in chunk])
        for s in chunk:
            updated[str(s.existing_id)] = {"reference": s.reference,
                                           "version": (s.existing_version or 1) + 1}
            items.extend(_item_rows(s.existing_id, s))  # type: ignore[arg-type]
            transits.extend(_transit_rows(s.existing_id, s))  # type: ignore[arg-type]
        done += len(chunk)
        if progress:
            progress("write", done, total)

    _insert(session, items_t, items)
    _insert(session, transits_t, transits)

    days = sorted({s.clean.seizure_date for s in valid})  # type: ignore[union-attr]
    recorded = dict(session.execute(select(DailyReport.report_date, DailyReport.id).where(
        DailyReport.operation_id == plan.operation_id,
        DailyReport.country_iso3 == plan.country)).all())
    kinds = dict(session.execute(select(DailyReport.id, DailyReport.kind).where(
        DailyReport.operation_id == plan.operation_id,
        DailyReport.country_iso3 == plan.country)).all())
    missing = [d for d in days if d not in recorded]
    replaced = [d for d in days if d in recorded and kinds[recorded[d]] == "nil"]
    if missing:
        session.execute(insert(DailyReport), [
            {"operation_id": plan.operation_id, "country_iso3": plan.country,
             "report_date": d, "kind": "report", "submitted_by": uid, "submitted_at": now}
            for d in missing])
    if replaced:
        session.execute(update(DailyReport), [
            {"id": recorded[d], "kind": "report", "submitted_by": uid, "submitted_at": now}
            for d in replaced])

    record(session, actor=principal.username, user_id=uid, action=AuditAction.IMPORT,
           entity_type=ENTITY_IMPORT, entity_id=import_entity_id(plan.operation_id,
                                                                 plan.country),
           before=before or None,
           after={"file": file_name, "sha256": file_sha256, "mode": mode,
                  "rows": plan.rows, "rejected_rows": plan.rejected_rows,
                  "created": created, "updated": updated, "items": len(items),
                  "nil_returns_replaced": [d.isoformat() for d in replaced]})
    session.flush()
    # The summaries and the data version, in this same transaction.
    record_import(session, plan.operation_id, plan.country, created_days, recount)
    return AppliedCounts(len(created), len(updated), len(items), len(replaced))
