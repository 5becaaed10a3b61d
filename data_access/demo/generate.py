"""The demo generator: operations at the scale of real ones (and far beyond, for benchmarks).

`generate_demo` creates one operation in progress today plus two closed ones for
comparison, with participating countries and ports, seizures drawn from the trafficking
scenarios in data_access.demo.scenarios, daily reports with nil returns and gaps, and one demo
account per role (one focal point per participating country). Everything is drawn from
one seeded generator, column by column with numpy, so a million seizures take seconds to
draw and the same seed gives the same data for the same `today`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import (
    Boolean,
    Date,
    Engine,
    Integer,
    Table,
    Time,
    delete,
    func,
    select,
    text,
)
from sqlalchemy.orm import Session

from data_access.demo.scenarios import (
    FRENCH_SPEAKING,
    PORTUGUESE_SPEAKING,
    REPORTING_WEIGHT,
    SCENARIOS,
    Scenario,
)
from data_access.models import (
    AuditEvent,
    CitesUnit,
    Country,
    DailyReport,
    Location,
    Operation,
    OperationCountry,
    OperationLocation,
    Seizure,
    SeizureItem,
    SeizureTransit,
    Taxon,
    User,
    UTCDateTime,
)
from data_access.summaries import SUMMARY_MODELS, rebuild_summaries
from data_access.vocab import DETECTION_METHODS, LOCATION_KIND_FOR_MODE
from geo.cells import cells_for_points

Progress = Callable[[str, int, int], None]
CHUNK = 50_000
DEMO_USERNAMES = ("admin", "commander", "donor")
PARTICIPANTS = 130
DAYS_ELAPSED = 18  # today is day 18 of the active operation
OPERATION_DAYS = 28
DETECTION_WEIGHTS = (0.3, 0.12, 0.2, 0.14, 0.12, 0.05, 0.04, 0.03)
FIRST_NAMES = ("Amina", "Jean", "Maria", "Kwame", "Li", "Sofia", "Paulo", "Fatou", "Ahmed",
               "Nguyen", "Grace", "Carlos", "Aisha", "Pierre", "Ana", "Joseph", "Mei", "Ines")
LAST_NAMES = ("Okafor", "Mbeki", "Silva", "Dupont", "Tran", "Haddad", "Mensah", "Costa",
              "Diallo", "Chen", "Santos", "Kamau", "Moreau", "Pereira", "Banda", "Suzuki")


@dataclass(frozen=True)
class OperationPlan:
    """What one demo operation looks like."""

    code: str
    name: str
    start: dt.date
    days: int
    status: str
    seizures: int
    seed: int


@dataclass(frozen=True)
class DemoSummary:
    """What a demo run created."""

    operations: tuple[str, ...]
    seizures: int
    items: int
    daily_reports: int
    users: int


@dataclass(frozen=True)
class _Reference:
    """Reference rows the generator draws from, as arrays."""

    countries: pd.DataFrame
    locations: pd.DataFrame
    taxa: dict[str, int]
    to_base: dict[str, tuple[float | None, str]]


def plan_operations(today: dt.date, seizures: int, seed: int) -> list[OperationPlan]:
    """The active demo operation (day 18 of 28 today) and two closed earlier ones."""
    start = today - dt.timedelta(days=DAYS_ELAPSED - 1)
    past = max(1, min(seizures, 2100))
    return [
        OperationPlan("THUNDER-2024", "Thunder 2024 (demo)",
                      start.replace(year=start.year - 2), 26, "closed", round(past * 1.05),
                      seed + 24),
        OperationPlan("THUNDER-2025", "Thunder 2025 (demo)",
                      start.replace(year=start.year - 1), 30, "closed", round(past * 0.92),
                      seed + 25),
        OperationPlan(f"THUNDER-{today.year}", f"Thunder {today.year} (demo)", start,
                      OPERATION_DAYS, "active", seizures, seed),
    ]


def _load_reference(session: Session) -> _Reference:
    """Countries, locations, taxa and unit conversions from the database."""
    countries = pd.DataFrame(
        session.execute(
            select(Country.iso3, Country.iso2, Country.region_code, Country.timezone,
                   Country.name_en).order_by(Country.iso3)
        ).all(),
        columns=["iso3", "iso2", "region", "timezone", "name"],
    )
    locations = pd.DataFrame(
        session.execute(
            select(Location.id, Location.code, Location.name, Location.kind,
                   Location.country_iso3, Location.latitude, Location.longitude)
            .order_by(Location.code)
        ).all(),
        columns=["id", "code", "name", "kind", "iso3", "lat", "lon"],
    )
    if countries.empty or locations.empty:
        raise RuntimeError("reference data missing: run `jointops db upgrade` first")
    taxa = dict(session.execute(select(Taxon.scientific_name, Taxon.id)).all())
    to_base = {
        code: (factor, unit_class)
        for code, factor, unit_class in session.execute(
            select(CitesUnit.code, CitesUnit.to_base, CitesUnit.unit_class)
        ).all()
    }
    return _Reference(countries, locations, taxa, to_base)


def _choose_participants(ref: _Reference, rng: np.random.Generator) -> list[str]:
    """About 130 countries: every country a scenario names, then others at random."""
    known = set(ref.countries["iso3"])
    core: set[str] = set(REPORTING_WEIGHT)
    for scenario in SCENARIOS:
        core.update(scenario.origins, scenario.destinations, scenario.transits)
    core &= known
    others = sorted(known - core)
    extra = rng.choice(others, size=max(0, PARTICIPANTS - len(core)), replace=False)
    return sorted(core | set(extra.tolist()))


def _operation_locations(ref: _Reference, participants: Sequence[str]) -> pd.DataFrame:
    """Each participant's ports for the operation: its main airports and listed ports."""
    locs = ref.locations[ref.locations["iso3"].isin(participants)]
    airports = locs[locs["kind"] == "airport"]
    international = airports[airports["name"].str.contains("International", case=False)]
    main_airports = international.groupby("iso3").head(3)
    missing = set(participants) - set(main_airports["iso3"])
    fallback = airports[airports["iso3"].isin(missing)].groupby("iso3").head(1)
    ports = locs[locs["kind"] != "airport"].groupby("iso3").head(6)
    return pd.concat([main_airports, fallback, ports]).sort_values("code").reset_index(drop=True)


def _pick(rng: np.random.Generator, values: Sequence[str], size: int,
          weights: Sequence[float] | None = None) -> np.ndarray:
    """Draw `size` values, optionally weighted."""
    p = None
    if weights is not None:
        w = np.asarray(weights, dtype=float)
        p = w / w.sum()
    return rng.choice(np.asarray(values, dtype=object), size=size, p=p)


def _draw_routes(scenario: Scenario, m: int, participants: list[str],
                 weights: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Origin, transit, destination, reporting country and seizure point of m seizures."""
    known = set(participants) | set(REPORTING_WEIGHT)
    if scenario.internal or not scenario.origins:
        reporting = _pick(rng, participants, m, weights)
        return pd.DataFrame({"origin": reporting, "transit": None, "destination": reporting,
                             "reporting": reporting, "point": "internal"})
    origins = [c for c in scenario.origins if c in known] or list(scenario.origins)
    destinations = [c for c in scenario.destinations if c in known] or list(scenario.destinations)
    origin = _pick(rng, origins, m)
    destination = _pick(rng, destinations, m)
    transit = np.full(m, None, dtype=object)
    if scenario.transits:
        has_transit = rng.random(m) < scenario.transit_probability
        transit[has_transit] = _pick(rng, scenario.transits, int(has_transit.sum()))
        transit[transit == origin] = None
        transit[transit == destination] = None
    point = _pick(rng, ["export", "transit", "import"], m, [0.3, 0.15, 0.55])
    point[(point == "transit") & pd.isna(transit)] = "import"
    reporting = np.where(point == "export", origin,
                         np.where(point == "transit", transit, destination))
    return pd.DataFrame({"origin": origin, "transit": transit, "destination": destination,
                         "reporting": reporting, "point": point})


def _fix_non_participants(frame: pd.DataFrame, participants: list[str],
                          weights: np.ndarray, rng: np.random.Generator) -> None:
    """Hand a seizure to a participating country on its route, else make it domestic."""
    member = set(participants)
    for alternative, point in (("destination", "import"), ("origin", "export"),
                               ("transit", "transit")):
        bad = ~frame["reporting"].isin(member)
        ok = bad & frame[alternative].isin(member)
        frame.loc[ok, "reporting"] = frame.loc[ok, alternative]
        frame.loc[ok, "point"] = point
    bad = ~frame["reporting"].isin(member)
    if bad.any():
        chosen = _pick(rng, participants, int(bad.sum()), weights)
        frame.loc[bad, ["reporting", "origin", "destination"]] = np.column_stack(
            [chosen, chosen, chosen]
        )
        frame.loc[bad, "transit"] = None
        frame.loc[bad, "point"] = "internal"


def _draw_days(m: int, days_open: int, rng: np.random.Generator, active: bool) -> np.ndarray:
    """Day index (0-based) of each seizure; today's count is partial on an active operation."""
    weights = np.linspace(0.8, 1.2, days_open)
    if active:
        weights[-1] *= 0.5
    return rng.choice(days_open, size=m, p=weights / weights.sum())


def _assign_locations(frame: pd.DataFrame, op_locations: pd.DataFrame,
                      rng: np.random.Generator) -> None:
    """Pick the port of each seizure (matching its transport mode) and its coordinates."""
    m = len(frame)
    frame["kind"] = frame["mode"].map(LOCATION_KIND_FOR_MODE)
    location_id = np.full(m, -1, dtype=np.int64)
    # Port ids per country and per (country, kind), looked up once rather than filtered
    # per group (same order as a filter, so the same draws).
    by_country = {iso: g["id"].to_numpy() for iso, g in op_locations.groupby("iso3")}
    by_kind = {key: g["id"].to_numpy()
               for key, g in op_locations.groupby(["iso3", "kind"])}
    for (iso, kind), index in frame.groupby(["reporting", "kind"]).groups.items():
        if iso not in by_country:
            continue
        matching = by_kind.get((iso, kind))
        if matching is None:
            matching = by_kind.get((iso, "airport"))
        if matching is None:
            matching = by_country[iso]
        location_id[frame.index.get_indexer(index)] = rng.choice(matching, size=len(index))
    precision = _pick(rng, ["location", "coordinates", "country"], m, [0.8, 0.08, 0.12])
    precision[location_id < 0] = "country"
    coords = op_locations.set_index("id")[["lat", "lon"]]
    has_loc = location_id >= 0
    lat = np.full(m, np.nan)
    lon = np.full(m, np.nan)
    lat[has_loc] = coords["lat"].reindex(location_id[has_loc]).to_numpy()
    lon[has_loc] = coords["lon"].reindex(location_id[has_loc]).to_numpy()
    explicit = precision == "coordinates"
    # Explicit coordinates: somewhere within about 5 km of the port, as a patrol would report.
    lat[explicit] += rng.uniform(-0.045, 0.045, int(explicit.sum()))
    lon[explicit] += rng.uniform(-0.045, 0.045, int(explicit.sum()))
    country_level = precision == "country"
    lat[country_level] = np.nan
    lon[country_level] = np.nan
    location_id[explicit | country_level] = -1
    frame["location_id"] = location_id
    frame["latitude"] = np.round(lat, 5)
    frame["longitude"] = np.round(np.clip(lon, -180, 180), 5)
    frame["geo_precision"] = precision


def _draw_seizures(plan: OperationPlan, ref: _Reference, participants: list[str],
                   op_locations: pd.DataFrame, today: dt.date,
                   rng: np.random.Generator) -> pd.DataFrame:
    """All seizure columns of one operation, one row per seizure."""
    weights = np.array([REPORTING_WEIGHT.get(c, 1.0) for c in participants], dtype=float)
    n = plan.seizures
    scenario_index = rng.choice(
        len(SCENARIOS), size=n, p=np.array([s.weight for s in SCENARIOS]) / sum(
            s.weight for s in SCENARIOS)
    )
    parts = []
    for i, scenario in enumerate(SCENARIOS):
        idx = np.flatnonzero(scenario_index == i)
        if idx.size == 0:
            continue
        routes = _draw_routes(scenario, idx.size, participants, weights, rng)
        modes, mode_weights = zip(*scenario.modes, strict=True)
        routes["mode"] = _pick(rng, modes, idx.size, mode_weights)
        routes["concealment"] = _pick(rng, scenario.concealments, idx.size)
        routes["scenario"] = i
        routes["row"] = idx
        parts.append(routes)
    frame = pd.concat(parts).sort_values("row").reset_index(drop=True)
    _fix_non_participants(frame, participants, weights, rng)
    frame.loc[frame["point"] == "internal", "mode"] = _pick(
        rng, ["road", "other", "pedestrian"], int((frame["point"] == "internal").sum()),
        [0.6, 0.25, 0.15])

    days_open = min(plan.days, (today - plan.start).days + 1)
    active = plan.status == "active"
    day = _draw_days(n, days_open, rng, active)
    frame["seizure_date"] = np.datetime64(plan.start, "D") + day.astype("timedelta64[D]")
    frame["day"] = day
    hour = rng.integers(5, 23, n)
    minute = rng.integers(0, 60, n)
    # Times as the database stores them ("HH:MM:SS.ffffff"), looked up rather than built
    # one Python object per row.
    clock = np.array([f"{h:02d}:{m:02d}:00.000000" for h in range(24) for m in range(60)],
                     dtype=object)
    seizure_time = clock[hour * 60 + minute]
    seizure_time[rng.random(n) < 0.3] = None
    frame["seizure_time"] = seizure_time
    frame["detection_method"] = _pick(rng, DETECTION_METHODS, n, DETECTION_WEIGHTS)
    frame["suspects_arrested"] = np.minimum(rng.poisson(0.17, n), 6)
    recent = day >= days_open - 3
    verified = rng.random(n) < np.where(recent & active, 0.2, 0.75)
    frame["status"] = np.where(verified, "verified", "provisional")
    # Entered between half an hour and two days after the seizure, never in the future.
    delay_hours = rng.uniform(0.5, 48, n) * np.where(recent, 0.2, 1.0)
    base = pd.to_datetime(frame["seizure_date"]) + pd.to_timedelta(hour, unit="h")
    created = base + pd.to_timedelta(delay_hours, unit="h")
    now = pd.Timestamp(dt.datetime.now(dt.UTC).replace(tzinfo=None))
    created = created.where(created < now, now - pd.to_timedelta(rng.uniform(60, 3600, n),
                                                                  unit="s"))
    frame["created_at"] = created.astype("datetime64[us]")  # naive UTC
    _assign_locations(frame, op_locations, rng)
    iso2 = ref.countries.set_index("iso3")["iso2"]
    frame = frame.sort_values(["seizure_date", "row"]).reset_index(drop=True)
    seq = frame.groupby("reporting").cumcount() + 1
    frame["national_reference"] = (
        frame["reporting"].map(iso2) + "-" + plan.code.split("-")[-1] + "-"
        + seq.map("{:05d}".format)
    )
    return frame


def _draw_items(seizures: pd.DataFrame, ref: _Reference,
                rng: np.random.Generator) -> pd.DataFrame:
    """Commodity lines: one to three per seizure, from the seizure's scenario."""
    counts = rng.choice([1, 2, 3], size=len(seizures), p=[0.72, 0.2, 0.08])
    parent = np.repeat(np.arange(len(seizures)), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    position = np.arange(len(parent)) - starts + 1
    items = pd.DataFrame({"parent": parent, "position": position})
    items["scenario"] = seizures["scenario"].to_numpy()[parent]
    taxon = np.zeros(len(items), dtype=np.int64)
    term = np.empty(len(items), dtype=object)
    unit = np.empty(len(items), dtype=object)
    quantity = np.zeros(len(items))
    live = np.zeros(len(items), dtype=bool)
    usd = np.zeros(len(items))
    for i, scenario in enumerate(SCENARIOS):
        idx = np.flatnonzero(items["scenario"].to_numpy() == i)
        if idx.size == 0:
            continue
        species = [(name, w) for name, w in scenario.species if name in ref.taxa]
        if not species:
            raise RuntimeError(f"no taxon of scenario {scenario.key} is in the taxon list")
        names, weights = zip(*species, strict=True)
        taxon[idx] = [ref.taxa[name] for name in _pick(rng, names, idx.size, weights)]
        profile_index = rng.choice(
            len(scenario.items), size=idx.size,
            p=np.array([p.weight for p in scenario.items]) / sum(p.weight for p in scenario.items)
        )
        for j, profile in enumerate(scenario.items):
            sel = idx[profile_index == j]
            term[sel] = profile.term
            unit[sel] = profile.unit
            quantity[sel] = profile.median * rng.lognormal(0.0, profile.spread, sel.size)
            live[sel] = profile.live
            usd[sel] = profile.usd_per_unit
    unit_codes = sorted(ref.to_base)
    unit_index = pd.Index(unit_codes).get_indexer(unit)
    unit_class = np.array([ref.to_base[u][1] for u in unit_codes], dtype=object)[unit_index]
    counted = unit_class == "count"
    quantity[counted] = np.maximum(1, np.round(quantity[counted]))
    quantity[~counted] = np.maximum(0.1, np.round(quantity[~counted], 1))
    items["taxon_id"] = taxon
    items["term_code"] = term
    items["unit_code"] = unit
    items["quantity"] = quantity
    items["is_live"] = live
    value = usd * quantity * rng.lognormal(0.0, 0.4, len(items))
    value[rng.random(len(items)) < 0.4] = np.nan
    items["estimated_value_usd"] = np.round(value, -1)
    factor = np.array([ref.to_base[u][0] for u in unit_codes], dtype=float)[unit_index]
    items["base_quantity"] = quantity * factor
    items["base_class"] = np.where(np.isnan(factor), None, unit_class)
    return items


def _draw_daily_reports(plan: OperationPlan, participants: list[str],
                        seizures: pd.DataFrame, tz_deadline: dt.datetime,
                        today: dt.date, rng: np.random.Generator) -> pd.DataFrame:
    """Daily reports: a report on every day with seizures, nil returns on some others."""
    days_open = min(plan.days, (today - plan.start).days + 1)
    reliability = dict(zip(participants, _pick(rng, [0.92, 0.6, 0.2], len(participants),
                                               [0.6, 0.3, 0.1]), strict=True))
    with_seizures = set(zip(seizures["reporting"], seizures["day"], strict=True))
    rows = []
    for iso in participants:
        for day in range(days_open):
            is_today = plan.status == "active" and day == days_open - 1
            if (iso, day) in with_seizures:
                kind = "report"
            elif rng.random() < reliability[iso] * (0.4 if is_today else 1.0):
                kind = "nil"
            else:
                continue
            date = plan.start + dt.timedelta(days=day)
            # Most reports come in the evening, before the deadline; some come late.
            late = rng.random() < (1 - reliability[iso]) * 0.5
            offset = dt.timedelta(hours=float(rng.uniform(2, 20)) if late else
                                  -float(rng.uniform(0.2, 6)))
            submitted = tz_deadline.replace(year=date.year, month=date.month,
                                            day=date.day) + offset
            submitted = min(submitted, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
            rows.append({"country_iso3": iso, "report_date": date, "kind": kind,
                         "submitted_at": submitted})
    return pd.DataFrame(rows)


def _column_values(values: pd.Series, column, dialect: str) -> list:
    """One column as the Python values the driver stores, None for missing.

    Dates and timestamps are written as ISO text, which is what SQLAlchemy stores on
    SQLite and what PostgreSQL's COPY parses; timestamps are UTC.
    """
    missing = values.isna().to_numpy()
    kind = column.type
    if isinstance(kind, UTCDateTime):
        stamps = pd.to_datetime(values, utc=True).dt.tz_convert(None).to_numpy()
        text_values = np.datetime_as_string(stamps.astype("datetime64[us]"), unit="us")
        suffix = "+00:00" if dialect == "postgresql" else ""
        out = np.char.add(np.char.replace(text_values, "T", " "), suffix).astype(object)
    elif isinstance(kind, Date):
        days = pd.to_datetime(values).to_numpy().astype("datetime64[D]")
        out = np.datetime_as_string(days, unit="D").astype(object)
    elif isinstance(kind, Boolean):
        flags = values.fillna(False).to_numpy().astype(bool)
        out = flags.astype(object) if dialect == "postgresql" else flags.astype(np.int64)
    elif isinstance(kind, Time):
        out = values.to_numpy(dtype=object)
    elif values.dtype.kind == "f" and isinstance(kind, Integer):
        out = values.fillna(0).to_numpy().astype(np.int64)  # ids with gaps come as floats
    elif values.dtype.kind in "iuf":
        out = values.to_numpy()
    else:
        out = values.to_numpy(dtype=object)
    if missing.any():
        out = out.astype(object)
        out[missing] = None
    return out.tolist()


def _bulk_insert(session: Session, table: Table, frame: pd.DataFrame,
                 progress: Progress | None, label: str) -> None:
    """Insert a frame's rows into a table through the driver, in the session's transaction.

    The ORM's executemany costs far more per row than the data itself: SQLite gets the
    driver's executemany, PostgreSQL a COPY.
    """
    columns = [table.c[name] for name in frame.columns]
    names = ", ".join(c.name for c in columns)
    connection = session.connection()
    dialect = connection.dialect.name
    dbapi = connection.connection.dbapi_connection
    total = len(frame)
    if dialect == "sqlite":
        # Index pages of a million-row table do not fit the default 2 MB page cache.
        connection.exec_driver_sql("PRAGMA cache_size=-262144")
    for start in range(0, total, CHUNK):
        chunk = frame.iloc[start:start + CHUNK]
        rows = list(zip(*(_column_values(chunk[c.name], c, dialect) for c in columns),
                        strict=True))
        cursor = dbapi.cursor()
        try:
            if dialect == "postgresql":
                with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})",
                                   rows)
        finally:
            cursor.close()
        if progress:
            progress(label, min(start + CHUNK, total), total)


def _next_id(session: Session, column) -> int:
    """First free id of a table (ids are assigned here so items can point at seizures)."""
    return int(session.execute(select(func.coalesce(func.max(column), 0))).scalar_one()) + 1


def _create_operation(session: Session, plan: OperationPlan, ref: _Reference,
                      today: dt.date, progress: Progress | None) -> tuple[int, int, int,
                                                                           list[str]]:
    """Create one operation with its seizures and reports; return counts and participants."""
    rng = np.random.default_rng(plan.seed)
    participants = _choose_participants(ref, rng)
    deadline = dt.time(20, 0)
    end = plan.start + dt.timedelta(days=plan.days - 1)
    operation = Operation(
        code=plan.code, name=plan.name, start_date=plan.start, end_date=end,
        timezone="Europe/Brussels", report_deadline=deadline, status=plan.status,
        lock_date=end + dt.timedelta(days=14),
        description="Demonstration data generated by `jointops demo`; not real seizures.",
        lead_organisations="WCO; INTERPOL (demo)", is_demo=True,
    )
    session.add(operation)
    session.flush()
    for iso in participants:
        first = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
        last = LAST_NAMES[int(rng.integers(len(LAST_NAMES)))]
        session.add(OperationCountry(
            operation_id=operation.id, country_iso3=iso,
            focal_point_name=f"{first} {last} (demo)",
            focal_point_contact=f"fp-{iso.lower()}@demo.invalid, +000 {iso} 0100",
        ))
    op_locations = _operation_locations(ref, participants)
    _bulk_insert(session, OperationLocation.__table__,
                 pd.DataFrame({"operation_id": operation.id, "location_id": op_locations["id"]}),
                 None, "")
    seizures = _draw_seizures(plan, ref, participants, op_locations, today, rng)
    items = _draw_items(seizures, ref, rng)
    cells = cells_for_points(seizures["latitude"].to_numpy(), seizures["longitude"].to_numpy())
    first_id = _next_id(session, Seizure.id)
    seizures["id"] = np.arange(first_id, first_id + len(seizures))
    seizure_rows = pd.DataFrame({
        "id": seizures["id"], "operation_id": operation.id,
        "reporting_country": seizures["reporting"], "seizure_date": seizures["seizure_date"],
        "seizure_time": seizures["seizure_time"],
        "location_id": seizures["location_id"].where(seizures["location_id"] >= 0, None),
        "latitude": seizures["latitude"], "longitude": seizures["longitude"],
        "geo_precision": seizures["geo_precision"],
        **{col: cells[col] for col in cells.columns},
        "seizure_point": seizures["point"], "transport_mode": seizures["mode"],
        "detection_method": seizures["detection_method"],
        "concealment": seizures["concealment"],
        "origin_country": seizures["origin"], "export_country": seizures["origin"],
        "destination_country": seizures["destination"],
        "suspects_arrested": seizures["suspects_arrested"],
        "national_reference": seizures["national_reference"], "notes": "",
        "status": seizures["status"], "created_at": seizures["created_at"],
        "updated_at": seizures["created_at"], "version": 1, "deleted": False,
        "deleted_reason": "",
    })
    _bulk_insert(session, Seizure.__table__, seizure_rows, progress, f"{plan.code} seizures")
    first_item = _next_id(session, SeizureItem.id)
    item_rows = items.drop(columns=["parent", "scenario"]).assign(
        id=np.arange(first_item, first_item + len(items)),
        seizure_id=seizures["id"].to_numpy()[items["parent"].to_numpy()],
    )
    _bulk_insert(session, SeizureItem.__table__, item_rows, progress, f"{plan.code} items")
    transit = seizures.loc[seizures["transit"].notna(), ["id", "transit"]]
    _bulk_insert(session, SeizureTransit.__table__,
                 pd.DataFrame({"seizure_id": transit["id"], "position": 1,
                               "country_iso3": transit["transit"]}),
                 progress, f"{plan.code} transits")
    deadline_utc = dt.datetime.combine(plan.start, deadline, tzinfo=dt.UTC) - dt.timedelta(
        hours=1)
    reports = _draw_daily_reports(plan, participants, seizures, deadline_utc, today, rng)
    if not reports.empty:
        reports["operation_id"] = operation.id
        _bulk_insert(session, DailyReport.__table__, reports, progress,
                     f"{plan.code} daily reports")
    session.add(AuditEvent(username="jointops demo", action="demo.generate",
                           entity_type="operation", entity_id=plan.code,
                           after={"seizures": len(seizures), "items": len(items),
                                  "seed": plan.seed}))
    return len(seizures), len(items), len(reports), participants


def _create_users(session: Session, participants: list[str], password_hash: str) -> int:
    """Demo accounts: admin, commander, donor, and a focal point per participating country."""
    existing = set(session.execute(select(User.username)).scalars())
    wanted = [("admin", "admin", None, None, "Demo administrator"),
              ("commander", "commander", None, None, "Demo commander"),
              ("donor", "donor", None, None, "Demo donor")]
    for iso in participants:
        language = "fr" if iso in FRENCH_SPEAKING else "pt" if iso in PORTUGUESE_SPEAKING \
            else "en"
        wanted.append((f"fp-{iso.lower()}", "focal_point", iso, language,
                       f"Demo focal point {iso}"))
    created = 0
    for username, role, country, language, full_name in wanted:
        if username in existing:
            continue
        session.add(User(username=username, password_hash=password_hash, role=role,
                         country_iso3=country, language=language, full_name=full_name,
                         is_demo=True))
        created += 1
    return created


def demo_exists(session: Session) -> bool:
    """Whether demo operations are already in the database."""
    return session.execute(select(func.count()).where(Operation.is_demo)).scalar_one() > 0


def remove_demo(session: Session) -> int:
    """Delete every demo operation with its seizures and reports; demo users stay."""
    ids = list(session.execute(select(Operation.id).where(Operation.is_demo)).scalars())
    for op_id in ids:
        seizure_ids = select(Seizure.id).where(Seizure.operation_id == op_id)
        session.execute(delete(SeizureItem).where(SeizureItem.seizure_id.in_(seizure_ids)))
        session.execute(delete(SeizureTransit).where(
            SeizureTransit.seizure_id.in_(seizure_ids)))
        session.execute(delete(Seizure).where(Seizure.operation_id == op_id))
        session.execute(delete(DailyReport).where(DailyReport.operation_id == op_id))
        session.execute(delete(OperationLocation).where(OperationLocation.operation_id == op_id))
        session.execute(delete(OperationCountry).where(OperationCountry.operation_id == op_id))
        session.execute(delete(Operation).where(Operation.id == op_id))
    return len(ids)


def _reset_sequences(session: Session) -> None:
    """Move PostgreSQL id sequences past the ids assigned here."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("seizures", "seizure_items"):
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
        ))


def _refresh_statistics(engine: Engine) -> None:
    """PostgreSQL: VACUUM ANALYZE after the bulk load, so that the planner knows the new
    tables and index-only scans work at once (autovacuum would get there within minutes;
    the dashboards should not wait). SQLite plans well without statistics."""
    if engine.dialect.name != "postgresql":
        return
    tables = [Seizure.__tablename__, SeizureItem.__tablename__, SeizureTransit.__tablename__,
              DailyReport.__tablename__, *[m.__tablename__ for m in SUMMARY_MODELS]]
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(f"VACUUM ANALYZE {', '.join(tables)}")


def generate_demo(engine: Engine, *, seizures: int, seed: int, password_hash: str,
                  today: dt.date | None = None, progress: Progress | None = None,
                  replace: bool = False) -> DemoSummary:
    """Create the demo operations and users in one transaction."""
    today = today or dt.date.today()
    if seizures < 1:
        raise ValueError("the demo needs at least one seizure")
    totals = [0, 0, 0]
    codes = []
    with Session(engine) as session, session.begin():
        if demo_exists(session):
            if not replace:
                raise RuntimeError("demo operations exist already (use --replace)")
            remove_demo(session)
        ref = _load_reference(session)
        all_participants: set[str] = set()
        for plan in plan_operations(today, seizures, seed):
            n_seizures, n_items, n_reports, participants = _create_operation(
                session, plan, ref, today, progress)
            totals[0] += n_seizures
            totals[1] += n_items
            totals[2] += n_reports
            codes.append(plan.code)
            if plan.status == "active":
                all_participants.update(participants)
        users = _create_users(session, sorted(all_participants), password_hash)
        _reset_sequences(session)
        # Bulk inserts bypass the per-write summary upkeep: rebuild them set-based.
        rebuild_summaries(session)
    _refresh_statistics(engine)
    return DemoSummary(tuple(codes), totals[0], totals[1], totals[2], users)
