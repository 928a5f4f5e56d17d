"""A province's oversight over 2,000 roster units × 7 years (14,000 collected reports): the board and
the subtree comparison for the whole province and for one county, each beside the floor of one
hand-written SQL query over the same rows; and the import throughput of a batch beside reading and
checking one file alone.

Usage: python -m bench.oversight [--units 2000] [--sample 500] [--databases sqlite,postgres] [--runs 5]

For each database the bench makes a fresh one (SQLite: a file in a temporary folder; PostgreSQL: a
database `gongkai_bench_oversight` next to the one DATABASE_URL or --postgres-url names, dropped
afterwards), migrates it, and sets up a province government (基准省人民政府) with its 上级监督 and,
below it, one county government (基准01县人民政府) with its own. The province's roster of each year
2019-2025 holds --units units known only by name (20 counties' departments and townships); the
county's roster holds its own 100 of them.

Reports, made in memory from seeded numbers (`annual_report.sample`) as text files in the 制表符
layout (2019-2020 in the 2019 format, later years in the 2021 one):

- a batch of --sample files (2025 reports of the province's first units) goes through the
  collecting actions (`oversight.collect.start_batch`, then `process`: each file stored, hashed,
  read by the importer, checked and matched to its unit, one transaction per file). That is the
  batch throughput line, beside the single-file floor: `load_bytes` and `checker.check` alone on one
  file, no database;
- the other reports are NOT sent through `process` (14,000 files at its pace would take longer than
  the bench's budget on a shared machine): 50 files per year are read by the same importer and
  checker (`collect.frozen`, `collect.stored_findings`), and each unit's row is a copy of one of
  them under its own name, inserted with `bulk_create` as matched: the same columns and sizes as
  `process` writes, without the stored original (which neither the board nor the comparison reads).

Then, median of --runs runs after one warm-up, interleaved so that the load of a shared machine
falls on each path alike:

- board: ``oversight.selectors.board(roster, today)`` for the province's 2025 roster and the
  county's; floor: one SELECT of each unit's columns with its matched file's findings and date;
- compare: ``oversight.on_file.reports_on_file(supervisor, 2019..2025)`` (every unit's report over
  seven years, as the comparisons, the roll-up and the charts read it: each stored report made a
  ``Report`` again); floor: one SELECT of the same rows' content, findings and date;
- when the supervisor's checks are there (``oversight.checks``): the board page's 上级检查 for the
  2025 roster, worked out once (no floor: it reads every narrative) and then from its cache.

Each database runs in its own process, because Django picks its database once, at setup.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from bench import cases as corpus
from bench import database_arguments

BENCH_DATABASE = "gongkai_bench_oversight"
YEARS = tuple(range(2019, 2026))
COUNTIES = 20
TEMPLATES = 50  # distinct reports read per year for the rows inserted in bulk
TODAY = dt.date(2026, 6, 30)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.oversight", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--units", type=int, default=2000, help="roster units of the province (default 2,000)"
    )
    parser.add_argument("--sample", type=int, default=500, help="files sent through collect.process (500)")
    database_arguments(parser)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement (median)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.worker:
        return worker(args)

    print(
        f"gongkai bench.oversight — {args.units:,} roster units × {len(YEARS)} years "
        f"({args.units * len(YEARS):,} collected reports), Python {sys.version.split()[0]}"
    )
    print(
        f"{args.sample} files go through collect.start_batch/process; the rest are rows copied from "
        f"{TEMPLATES} files a year read by the same importer, inserted in bulk"
    )
    print(f"{'database':<10}  {'what':<44}{'ms':>10}{'floor ms':>10}{'ratio':>8}")
    failed = 0
    for database in args.databases.split(","):
        if database == "sqlite":
            with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as folder:
                failed |= _run_worker(args, "sqlite", f"sqlite:///{folder}/bench.sqlite3", folder)
        elif database == "postgres":
            failed |= _with_postgres(args)
        else:
            parser.error(f"unknown database {database!r}")
    return failed


def _run_worker(args: argparse.Namespace, database: str, url: str, media: str) -> int:
    command = [sys.executable, "-m", "bench.oversight", "--worker", database, "--units", str(args.units)]
    command += ["--sample", str(args.sample), "--runs", str(args.runs), "--seed", str(args.seed)]
    env = os.environ | {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "gongkai.web.settings",
        "GONGKAI_DATA_DIR": media,  # the collected originals are stored there, thrown away afterwards
    }
    return subprocess.run(command, env=env, check=False).returncode


def _with_postgres(args: argparse.Namespace) -> int:
    def run(url: str) -> int:
        with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as folder:
            return _run_worker(args, "postgres", url, folder)

    return corpus.with_postgres(args.postgres_url, BENCH_DATABASE, run)


# --- the reports ---------------------------------------------------------------------------------


def unit_names(count: int) -> list[str]:
    """The province's units, county by county: townships first, then departments."""
    per_county = max(1, count // COUNTIES)
    names = []
    for n in range(count):
        county, k = divmod(n, per_county)
        seat = f"基准{county + 1:02d}县"
        names.append(
            f"{seat}第{k + 1:02d}镇人民政府" if k < per_county // 5 else f"{seat}第{k + 1:03d}号工作部门"
        )
    return names


def report_text(rng: random.Random, agency: str, year: int) -> bytes:
    """One unit's report of the year as its 制表符 text file."""
    from gongkai.annual_report.editions import Edition, edition_for_year
    from gongkai.annual_report.renderers.text import render_text
    from gongkai.annual_report.sample import valid_report

    edition: Edition = edition_for_year(year)
    report = valid_report(rng.randint, edition)
    report.agency, report.year = agency, year
    report.published = dt.date(year + 1, 1, rng.randint(5, 31))
    return render_text(report, "tabs").encode("utf-8")


# --- the worker: one database ------------------------------------------------------------------


def worker(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    name = args.worker
    names = unit_names(args.units)
    county_names = [n for n in names if n.startswith("基准01县")]

    started = time.perf_counter()
    province, county, supervisor, rosters = _set_up(names, county_names)
    corpus._line(
        name, f"rosters: {len(names):,} + {len(county_names)} units × {len(YEARS)} years", _ms(started), None
    )

    sample = min(args.sample, len(names))
    files = [(f"{n}2025年政府信息公开工作年度报告.txt", report_text(rng, n, 2025)) for n in names[:sample]]
    batch_ms, start_ms = _collect(province, supervisor, files)
    single_ms = _single_file_ms(files[: min(50, sample)], args.runs)
    print(
        f"{name:<10}  {f'import a batch of {sample} files (start + process)':<44}{batch_ms:>10.1f}"
        f"{'':>10}{'':>8}  {sample / batch_ms * 1000:.1f} files/s (start_batch {start_ms:.0f} ms)",
        flush=True,
    )
    print(
        f"{name:<10}  {'one file: load_bytes + checker.check, no DB':<44}{single_ms:>10.1f}"
        f"{'':>10}{'':>8}  {1000 / single_ms:.1f} files/s",
        flush=True,
    )

    started = time.perf_counter()
    inserted = _bulk(rng, rosters, skip={(n, 2025) for n in names[:sample]}, supervisors=(province, county))
    corpus.analyze()
    corpus._line(name, f"insert {inserted:,} more collected rows (bulk)", _ms(started), None)
    measure(name, province, county, rosters, args.runs, len(names), len(county_names))
    return 0


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _set_up(names: list[str], county_names: list[str]) -> tuple[Any, Any, Any, dict[tuple[int, int], Any]]:
    from django.contrib.auth.models import User

    from gongkai.agencies.models import Agency, Level, Membership, Role
    from gongkai.oversight.models import Deadline, Roster, RosterUnit, UnitKind

    province = Agency.objects.create(name="基准省人民政府", level=Level.PROVINCE, is_government=True)
    county = Agency.objects.create(
        name="基准01县人民政府", parent=province, level=Level.COUNTY, is_government=True
    )
    supervisor = User.objects.create(username="bench_supervisor", first_name="基准")
    Membership.objects.create(user=supervisor, agency=province, role=Role.SUPERVISOR)
    Membership.objects.create(user=supervisor, agency=county, role=Role.SUPERVISOR)
    rosters: dict[tuple[int, int], Any] = {}
    for agency, members in ((province, names), (county, county_names)):
        for year in YEARS:
            roster = Roster.objects.create(agency=agency, year=year)
            rosters[(agency.pk, year)] = roster
            RosterUnit.objects.bulk_create(
                [
                    RosterUnit(
                        roster=roster,
                        name=n,
                        kind=UnitKind.GOVERNMENT if n.endswith("人民政府") else UnitKind.DEPARTMENT,
                        level=Level.TOWNSHIP if n.endswith("镇人民政府") else Level.COUNTY,
                        parent_name=n[:5] + "人民政府",
                        deadline=Deadline.JAN31,
                    )
                    for n in members
                ],
                batch_size=1000,
            )
    return province, county, supervisor, rosters


def _collect(province: Any, supervisor: Any, files: list[tuple[str, bytes]]) -> tuple[float, float]:
    """The sample through the collecting actions: (whole batch ms, start_batch ms)."""
    from gongkai.oversight import collect
    from gongkai.oversight.models import BatchSource, CollectedState

    started = time.perf_counter()
    batch = collect.start_batch(
        acting_user=supervisor, supervisor=province, year=2025, source=BatchSource.FILES, files=files
    )
    start_ms = _ms(started)
    batch = collect.process(batch)
    spent = _ms(started)
    states = sorted(set(batch.files.values_list("state", flat=True)))
    if states != [CollectedState.MATCHED]:
        raise SystemExit(f"bench.oversight: the sample batch ended in {states}, not all 已匹配")
    return spent, start_ms


def _single_file_ms(files: list[tuple[str, bytes]], runs: int) -> float:
    """Median ms to read and check one file alone (the importer and the checker, nothing else)."""
    from gongkai.annual_report.checker import check
    from gongkai.annual_report.importers import load_bytes

    def one(data: bytes) -> None:
        check(load_bytes(data).report)

    per_file = []
    for _, data in files:
        one(data)
        per_file.append(statistics.median(_times(partial(one, data), max(3, runs))))
    return statistics.median(per_file)


def _times(work: Callable[[], object], runs: int) -> list[float]:
    spent = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        spent.append(_ms(started))
    return spent


def _bulk(
    rng: random.Random, rosters: dict[tuple[int, int], Any], skip: set[tuple[str, int]], supervisors: Any
) -> int:
    """Every other unit-year as a matched collected row, copied from one of TEMPLATES files of the
    year read by the importer and checker (the columns `process` writes)."""
    from django.utils import timezone

    from gongkai.annual_report.importers import load_bytes
    from gongkai.oversight import collect
    from gongkai.oversight.models import CollectedReport, CollectedState, RosterUnit

    templates: dict[int, list[tuple[bytes, dict[str, Any], list[dict[str, Any]], Any]]] = {}
    for year in YEARS:
        templates[year] = []
        for k in range(TEMPLATES):
            data = report_text(rng, f"模板单位{k}", year)
            result = load_bytes(data)
            report = result.report
            found = collect.stored_findings(result, report)
            templates[year].append((data, collect.frozen(report), found, report.published))
    now = timezone.now()
    inserted = 0
    for supervisor in supervisors:
        for year in YEARS:
            roster = rosters[(supervisor.pk, year)]
            rows = []
            for i, unit in enumerate(RosterUnit.objects.filter(roster=roster).order_by("id")):
                if supervisor is supervisors[0] and (unit.name, year) in skip:
                    continue
                data, content, found, published = templates[year][i % TEMPLATES]
                rows.append(
                    CollectedReport(
                        supervisor=supervisor,
                        unit=unit,
                        state=CollectedState.MATCHED,
                        filename=f"{unit.name}{year}年政府信息公开工作年度报告.txt",
                        sha256=hashlib.sha256(unit.name.encode() + data).hexdigest(),
                        size=len(data),
                        first_seen=now,
                        named_agency=unit.name,
                        year=year,
                        edition=content["edition"],
                        published_on=published,
                        content=content | {"agency": unit.name},
                        findings=found,
                    )
                )
            CollectedReport.objects.bulk_create(rows, batch_size=500)
            inserted += len(rows)
    return inserted


# --- the measurement -----------------------------------------------------------------------------

BOARD_FLOOR = """
SELECT u.id, u.name, u.kind, u.level, u.deadline, u.excluded, c.id, c.findings, c.published_on
FROM oversight_rosterunit u
LEFT JOIN oversight_collectedreport c ON c.unit_id = u.id AND c.state = 'matched'
WHERE u.roster_id = %s
ORDER BY u.id
"""

ON_FILE_FLOOR = """
SELECT u.id, r.year, c.id, c.content, c.findings, c.published_on
FROM oversight_roster r
JOIN oversight_rosterunit u ON u.roster_id = r.id
JOIN oversight_collectedreport c ON c.unit_id = u.id AND c.state = 'matched'
WHERE r.agency_id = %s AND r.year BETWEEN %s AND %s AND NOT u.excluded
ORDER BY r.year, u.id
"""


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _board_rows(roster: Any) -> list[Any]:
    from gongkai.oversight.selectors import board

    return board(roster, TODAY).rows


def measure(
    database: str,
    province: Any,
    county: Any,
    rosters: dict[tuple[int, int], Any],
    runs: int,
    units: int,
    county_units: int,
) -> None:
    from gongkai.oversight.on_file import reports_on_file

    first, last = YEARS[0], YEARS[-1]
    paths: list[tuple[str, Callable[[], Any], Callable[[], Any], int]] = []
    for label, agency, size in (("province", province, units), ("county", county, county_units)):
        roster = rosters[(agency.pk, last)]
        paths.append(
            (
                f"board: {label}, {size:,} units ({last})",
                partial(_board_rows, roster),
                partial(_fetch, BOARD_FLOOR, [roster.pk]),
                size,
            )
        )
        paths.append(
            (
                f"compare: {label}, {size * len(YEARS):,} reports on file",
                partial(reports_on_file, agency, YEARS),
                partial(_fetch, ON_FILE_FLOOR, [agency.pk, first, last]),
                size * len(YEARS),
            )
        )
    for label, work, floor, expected in paths:  # warm-up, and the answers checked
        got, rows = len(work()), len(floor())
        if got != expected or rows != expected:
            raise SystemExit(f"bench.oversight: {label}: {got} rows from the selector, {rows} from the floor")
    spent: dict[str, list[float]] = {label: [] for label, *_ in paths}
    floors: dict[str, list[float]] = {label: [] for label, *_ in paths}
    for _ in range(runs):
        for label, work, floor, _ in paths:
            spent[label] += _times(work, 1)
            floors[label] += _times(floor, 1)
    for label, *_ in paths:
        corpus._line(database, label, statistics.median(spent[label]), statistics.median(floors[label]))
        print(
            f"{'':<10}    best of {runs}: {min(spent[label]):.1f} ms (floor {min(floors[label]):.1f} ms)",
            flush=True,
        )
    if importlib.util.find_spec("gongkai.oversight.checks") is not None:
        for label, agency in (("province", province), ("county", county)):
            supervisor_checks(database, label, rosters[(agency.pk, last)])


def supervisor_checks(database: str, label: str, roster: Any) -> None:
    """The board page's 上级检查 (``oversight.checks``: across years, jumps, 雷同 against earlier
    years and peers): worked out once, then read from its cache while nothing changed."""
    checks = importlib.import_module("gongkai.oversight.checks")
    findings = getattr(checks, "roster_findings", None) or (lambda r: checks.roster_checks(r).findings)
    started = time.perf_counter()
    found = findings(roster)
    corpus._line(database, f"上级检查: {label}, worked out (no cache)", _ms(started), None)
    cached = statistics.median(_times(partial(findings, roster), 3))
    corpus._line(database, f"上级检查: {label}, from the cache", cached, None)
    print(f"{'':<10}    {sum(len(f) for f in found.values()):,} findings on {len(found):,} units", flush=True)


if __name__ == "__main__":
    sys.exit(main())
