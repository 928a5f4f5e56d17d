"""Tables 三 and 四 from a million cases, beside the floor: one hand-written GROUP BY over the same rows.

Usage: python -m bench.cases [--cases N] [--databases sqlite,postgres] [--runs 5] [--explain]

For each database the bench makes a fresh one (SQLite: a file in a temporary folder; PostgreSQL: a
database `gongkai_bench` next to the one DATABASE_URL or --postgres-url names, dropped afterwards),
migrates it, and inserts 2,000 agencies (1 city government, 20 county governments, the rest
bureaus) and N cases received 2024-2026. The cases are inserted in bulk (COPY on PostgreSQL,
executemany on SQLite), NOT through gongkai.applications.actions: a million cases through the
actions would take hours. The selector reads only the columns the report needs, so the shortcut
does not flatter it.

It then times `annual_tables(city, 2025, subtree=True)` (the whole tree) and
`annual_tables(bureau, 2025)` (the busiest bureau, and one of median size), median of --runs runs
after one warm-up, beside the floor: a single raw SQL statement, `SELECT applicant_kind,
SUM(CASE ...) ... GROUP BY applicant_kind`, with the same date conditions. It asserts that both
give the same numbers, and says where the selector's time goes (its two statements run alone,
and the rest: Django building the query and the report). --explain prints the query plans.

Each database runs in its own process, because Django picks its database once, at setup.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench import database_arguments

BENCH_DATABASE = "gongkai_bench"
AGENCIES = 2000
COUNTIES = 20
CITY_BUREAUS = 40  # the city government's own departments; the other bureaus belong to the counties
FIRST_DAY, LAST_DAY = dt.date(2024, 1, 1), dt.date(2026, 12, 31)
BATCH = 20_000

# Realistic shares (per cent) of each outcome: most cases are granted, partly granted or not held.
OUTCOME_SHARES = {
    "granted": 45.0,
    "partial": 15.0,
    "unavailable_not_held": 18.0,
    "unavailable_needs_creation": 3.0,
    "unavailable_unclear": 1.0,
    "withheld_secret": 0.2,
    "withheld_law": 0.4,
    "withheld_security": 0.2,
    "withheld_third_party": 1.2,
    "withheld_internal": 0.8,
    "withheld_process": 1.5,
    "withheld_enforcement": 0.6,
    "withheld_query": 1.0,
    "rejected_petition": 1.5,
    "rejected_repeat": 2.0,
    "rejected_publication": 0.3,
    "rejected_vexatious": 0.3,
    "rejected_confirmation": 0.5,
    "other_no_correction": 2.5,
    "other_fee_unpaid": 0.3,
    "other_misc": 4.0,
}
APPLICANT_SHARES = {
    "natural_person": 70,
    "commercial": 14,
    "research": 3,
    "public_interest": 3,
    "legal_services": 6,
    "other_org": 4,
}
NEVER_CONCLUDED = 0.002  # cases still open however late the report is made
MEAN_DAYS_OPEN = 10.0  # about 3 % of a year's cases are open on December 31


# --- the parent: one process per database ------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cases", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases to insert (default 1,000,000)")
    database_arguments(parser)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    args = parser.parse_args()
    if args.worker:
        return worker(args)

    print(
        f"gongkai bench.cases — tables 三/四 from {args.cases:,} cases in {AGENCIES:,} agencies, "
        f"Python {sys.version.split()[0]}"
    )
    print("cases are inserted in bulk (COPY / executemany), not through the actions: that would take hours")
    print(f"{'database':<10}  {'what':<44}{'ms':>10}{'floor ms':>10}{'ratio':>8}")
    failed = 0
    for database in args.databases.split(","):
        if database == "sqlite":
            with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as folder:
                failed |= _run_worker(args, "sqlite", f"sqlite:///{folder}/bench.sqlite3")
        elif database == "postgres":
            failed |= _with_postgres(args)
        else:
            parser.error(f"unknown database {database!r}")
    return failed


def _run_worker(args: argparse.Namespace, database: str, url: str) -> int:
    command = [sys.executable, "-m", "bench.cases", "--worker", database, "--cases", str(args.cases)]
    command += ["--runs", str(args.runs), "--seed", str(args.seed)]
    command += ["--explain"] if args.explain else []
    env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "gongkai.web.settings"}
    return subprocess.run(command, env=env, check=False).returncode


def _with_postgres(args: argparse.Namespace) -> int:
    return with_postgres(args.postgres_url, BENCH_DATABASE, lambda url: _run_worker(args, "postgres", url))


def with_postgres(admin_url: str, database: str, run: Callable[[str], int]) -> int:
    """`run(url)` on a fresh PostgreSQL database `database` beside the one `admin_url` names,
    dropped afterwards whatever happens."""
    import psycopg

    parts = urlsplit(admin_url)
    bench_url = urlunsplit(parts._replace(path=f"/{database}"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {database}")
        admin.execute(f"CREATE DATABASE {database}")
    try:
        return run(bench_url)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


# --- the worker: one database ------------------------------------------------------------------


def worker(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    name = args.worker

    started = time.perf_counter()
    city, bureaus = make_agencies()
    weights = {pk: rng.lognormvariate(0, 1) for pk in bureaus}
    inserted = insert_cases(rng, args.cases, weights)
    inserted_s = time.perf_counter() - started
    analyze()
    _line(name, f"insert {AGENCIES:,} agencies, {inserted:,} cases (bulk)", inserted_s * 1000, None)

    from django.db.models import Count

    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Application
    from gongkai.applications.selectors import annual_tables

    three = annual_tables(city, 2025, subtree=True).tables["applications"]
    new, forward = three["new"]["total"] or 0, three["carried_forward"]["total"] or 0
    print(
        f"{'':<10}  (2025, whole tree: {new:,} new, {three['granted']['total']:,} granted, "
        f"{forward:,} open on December 31 = {forward / max(new, 1):.1%} of the new)"
    )
    per_bureau = list(
        Application.objects.filter(agency__is_government=False)
        .values_list("agency")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n", "agency")
    )
    (busy_pk, busy_n), (typical_pk, typical_n) = per_bureau[0], per_bureau[len(per_bureau) // 2]
    busy, typical = Agency.objects.get(pk=busy_pk), Agency.objects.get(pk=typical_pk)
    print(
        f"{'':<10}  (busy bureau: {busy.name}, {busy_n:,} cases in 2024-2026; typical: {typical.name}, {typical_n:,})"
    )
    targets = [
        ("city", "annual_tables(city, 2025, subtree)", city, True),
        ("busy", "annual_tables(busy bureau, 2025)", busy, False),
        ("typical", "annual_tables(typical bureau, 2025)", typical, False),
    ]
    for _, label, agency, subtree in targets:
        measure(name, label, agency, subtree, args.runs, args.explain)
    return 0


def _line(database: str, what: str, ms: float, floor_ms: float | None) -> None:
    floor = f"{floor_ms:>10.1f}{ms / floor_ms:>7.2f}×" if floor_ms else ""
    print(f"{database:<10}  {what:<44}{ms:>10.1f}{floor}", flush=True)


def make_agencies() -> tuple[Any, list[int]]:
    """1 city government, 20 county governments under it, the rest bureaus: (city, case-taking agency ids)."""
    from django.db import transaction

    from gongkai.agencies.models import Agency, Level

    with transaction.atomic():
        city = Agency.objects.create(name="基准市人民政府", level=Level.CITY, is_government=True)
        counties = [
            Agency.objects.create(
                name=f"基准县{i:02d}人民政府", parent=city, level=Level.COUNTY, is_government=True
            )
            for i in range(1, COUNTIES + 1)
        ]
        takers = [city.pk] + [c.pk for c in counties]
        for i in range(AGENCIES - 1 - COUNTIES):
            if i < CITY_BUREAUS:
                parent, level = city, Level.CITY
            else:
                parent, level = counties[i % COUNTIES], Level.COUNTY
            takers.append(Agency.objects.create(name=f"基准局{i:04d}", parent=parent, level=level).pk)
    return city, takers


def insert_cases(rng: random.Random, count: int, weights: dict[int, float]) -> int:
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.applications.models import Application

    fields = [f for f in Application._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    template: list[Any] = []
    for f in fields:
        if f.has_default() and isinstance(f.get_default(), list | dict):  # a JSONField: its JSON text
            template.append(json.dumps(f.get_default()))
        elif f.has_default():
            template.append(f.get_default())
        elif f.null:
            template.append(None)
        else:
            template.append("")
    at = {column: i for i, column in enumerate(columns)}
    template[at["created_at"]] = timezone.now()
    template[at["version"]] = 1
    template[at["applicant_name"]] = "申请人"
    template[at["description"]] = "所需政府信息"
    template[at["channel"]] = "online"
    postgres = connection.vendor == "postgresql"
    if not postgres:  # the sqlite3 module's date adapters are deprecated: store what Django stores
        template[at["created_at"]] = connection.ops.adapt_datetimefield_value(template[at["created_at"]])

    def convert(day: dt.date | None) -> Any:
        return day if postgres or day is None else day.isoformat()

    agencies, agency_weights = list(weights), list(weights.values())
    outcomes, outcome_weights = list(OUTCOME_SHARES), list(OUTCOME_SHARES.values())
    kinds, kind_weights = list(APPLICANT_SHARES), list(APPLICANT_SHARES.values())
    span = (LAST_DAY - FIRST_DAY).days
    serials: dict[tuple[int, int], int] = {}
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

    def rows(n: int, offset: int) -> Iterator[list[Any]]:
        agency_ids = rng.choices(agencies, agency_weights, k=n)
        outcome_keys = rng.choices(outcomes, outcome_weights, k=n)
        kind_keys = rng.choices(kinds, kind_weights, k=n)
        for j in range(n):
            row = template.copy()
            received = FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1))
            agency = agency_ids[j]
            serial = serials[agency, received.year] = serials.get((agency, received.year), 0) + 1
            code, k = [], offset + j
            for _ in range(12):
                code.append(alphabet[k % 32])
                k //= 32
            row[at["agency_id"]] = agency
            row[at["number"]] = f"{received.year}-{serial:06d}"
            row[at["tracking_code"]] = "".join(code)
            row[at["applicant_kind"]] = kind_keys[j]
            row[at["submitted_on"]] = row[at["received_on"]] = convert(received)
            row[at["due_on"]] = convert(received + dt.timedelta(days=28))
            if rng.random() < NEVER_CONCLUDED:
                row[at["status"]] = "in_progress"
            else:
                row[at["status"]] = "closed"
                row[at["outcome"]] = outcome_keys[j]
                row[at["concluded_on"]] = convert(
                    received + dt.timedelta(days=int(rng.expovariate(1 / MEAN_DAYS_OPEN)))
                )
            yield row

    table = connection.ops.quote_name(Application._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    done = 0
    with transaction.atomic(), connection.cursor() as cursor:
        while done < count:
            n = min(BATCH, count - done)
            if postgres:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows(n, done):
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows(n, done)))
            done += n
    insert_appeals(rng)
    return done


def insert_appeals(rng: random.Random) -> None:
    """About one in three hundred cases (1 % of those partly granted, withheld as process information or
    not held) is taken to reconsideration or to court; a fifth of those are still pending."""
    from gongkai.applications.models import Appeal, Application

    ids = list(
        Application.objects.filter(
            outcome__in=["partial", "withheld_process", "unavailable_not_held"]
        ).values_list("id", "concluded_on", "agency_id")
    )
    appeals = []
    for pk, concluded, agency_id in rng.sample(ids, k=len(ids) // 100):
        assert concluded is not None  # only concluded cases have an outcome
        filed = concluded + dt.timedelta(days=rng.randint(10, 60))
        kind = rng.choices(["review", "suit_direct", "suit_after_review"], [70, 20, 10])[0]
        outcome, ended = "", None
        if rng.random() < 0.8:
            outcome = rng.choices(["upheld", "corrected", "other"], [70, 15, 15])[0]
            ended = filed + dt.timedelta(days=rng.randint(30, 200))
        appeals.append(
            Appeal(
                application_id=pk,
                agency_id=agency_id,
                kind=kind,
                body="复议机关",
                filed_on=filed,
                outcome=outcome,
                concluded_on=ended,
            )
        )
    Appeal.objects.bulk_create(appeals, batch_size=500)


def analyze() -> None:
    """Fresh statistics, and on PostgreSQL the visibility map that autovacuum would have set."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# --- the measurement -----------------------------------------------------------------------------


def floor_sql(subtree: bool) -> str:
    """Table 三 by hand: one pass, one GROUP BY, the same conditions as the selector."""
    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Application, Outcome

    apps, agencies = Application._meta.db_table, Agency._meta.db_table
    outcome_sums = ",\n".join(
        f"  SUM(CASE WHEN a.concluded_on <= %(end)s AND a.outcome = '{o.value}' THEN 1 ELSE 0 END) AS {o.value}"
        for o in Outcome
    )
    scope = (
        f"JOIN {agencies} g ON g.id = a.agency_id WHERE g.path LIKE %(path)s"
        if subtree
        else "WHERE a.agency_id = %(agency)s"
    )
    return f"""SELECT a.applicant_kind,
  SUM(CASE WHEN a.received_on >= %(start)s THEN 1 ELSE 0 END) AS new,
  SUM(CASE WHEN a.received_on < %(start)s THEN 1 ELSE 0 END) AS carried_over,
  SUM(CASE WHEN a.concluded_on IS NULL OR a.concluded_on > %(end)s THEN 1 ELSE 0 END) AS carried_forward,
{outcome_sums}
FROM {apps} a {scope}
  AND a.received_on <= %(end)s AND (a.concluded_on IS NULL OR a.concluded_on >= %(start)s)
GROUP BY a.applicant_kind"""


Three = dict[str, dict[str, int]]  # row -> applicant column -> count


def run_floor(agency: Any, subtree: bool, year: int) -> Three:
    from django.db import connection

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    params = {"start": start, "end": end, "path": agency.path + "%", "agency": agency.pk}
    if connection.vendor == "sqlite":  # dates are stored as ISO text
        params["start"], params["end"] = start.isoformat(), end.isoformat()
    with connection.cursor() as cursor:
        cursor.execute(floor_sql(subtree), params)
        names = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    three: Three = {}
    for row in rows:
        for key, value in zip(names[1:], row[1:], strict=True):
            three.setdefault(key, {})[row[0]] = int(value or 0)
    return three


def _same_numbers(label: str, report: Any, floor: Three) -> None:
    table = report.tables["applications"] if not isinstance(report, dict) else report
    for key, columns in floor.items():
        for column, value in columns.items():
            got = table.get(key, {}).get(column) or 0
            assert got == value, f"{label}: {key}/{column} is {got}, the floor says {value}"


def measure(database: str, label: str, agency: Any, subtree: bool, runs: int, explain: bool) -> None:
    """One line: the selector beside the floor; then where the selector's time goes."""
    from django.db import connection

    from gongkai.applications.selectors import annual_tables

    year = 2025
    floor_ms = _median_ms(lambda: run_floor(agency, subtree, year), runs)
    selector_ms = _median_ms(lambda: annual_tables(agency, year, subtree=subtree), runs)
    _line(database, label, selector_ms, floor_ms)
    floor = run_floor(agency, subtree, year)
    _same_numbers(label, annual_tables(agency, year, subtree=subtree), floor)
    assert sum(floor["new"].values()) > 0, f"{label}: no cases in {year}"

    # Where the selector's time goes: run each of its statements alone (execute and fetch: SQLite
    # does most of an aggregate's work while the rows are fetched), the rest is Django and Python.
    statements: list[tuple[str, Any]] = []

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        annual_tables(agency, year, subtree=subtree)

    def run(sql: str, params: Any) -> Callable[[], object]:
        def work() -> object:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return work

    spent = [_median_ms(run(sql, params), runs) for sql, params in statements]
    print(
        f"{'':<10}    where it goes: 三 query {spent[0]:.1f} ms, 四 query {sum(spent[1:]):.1f} ms, "
        f"Django and Python {max(0.0, selector_ms - sum(spent)):.1f} ms",
        flush=True,
    )
    if explain:
        for sql, params in statements:
            _explain(f"selector: {label}", sql % _quoted(params) if params else sql)


def _quoted(params: Any) -> tuple[str, ...]:
    return tuple(f"'{p}'" if isinstance(p, str | dt.date) else str(p) for p in params)


def _explain(title: str, sql: str) -> None:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        plan = cursor.fetchall()
    print(f"--- {title}")
    for line in plan:
        print("    " + str(line[-1]))


def _median_ms(work: Callable[[], object], runs: int) -> float:
    work()  # warm-up: caches, plans
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    sys.exit(main())
