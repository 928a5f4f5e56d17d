"""Composing and checking the annual report of the busiest agency over a million cases, beside the
floor: computing its three tables (二, 三, 四) alone.

Usage: python -m bench.report [--cases N] [--databases sqlite,postgres] [--runs 5]

The corpus is bench.cases's (2,000 agencies, N cases received 2024-2026, inserted in bulk; read its
docstring). The busiest bureau's 2024 report is then imported from a text file, as an agency that
published it before the platform would (reports.archive), so that composing 2025 reads last
year's report from the archive and the checker runs the cross-year rules against it. Its 2025
report is started through the actions. Then, median of --runs runs after one warm-up:

- floor: ``selectors.live_tables(busy, 2025)``: the three tables counted, nothing else;
- compose: the report as the page shows it (``selectors.composed_and_previous``: the live tables,
  the overrides, the narrative, last year's report from the archive);
- compose + check: the same and the checker (``checks.run``), what every save does;
- save_draft: the whole write path of a save (row locked at its version, composed, checked,
  saved, one event), in its own transaction.

The four are timed in interleaved rounds (one of each, --runs times), so that the load of a
shared machine falls on all of them alike; each line gives the median and the best round.

Each database runs in its own process, because Django picks its database once, at setup.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

from bench import cases as corpus
from bench import database_arguments

BENCH_DATABASE = "gongkai_bench_report"
WARM_UP = 6  # rounds before timing


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases to insert (default 1,000,000)")
    database_arguments(parser)
    parser.add_argument("--runs", type=int, default=15, help="timed rounds (median and best)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.worker:
        return worker(args)

    print(
        f"gongkai bench.report — the busiest agency's annual report over {args.cases:,} cases in "
        f"{corpus.AGENCIES:,} agencies, Python {sys.version.split()[0]}"
    )
    print("cases are inserted in bulk (bench.cases), not through the actions: that would take hours")
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
    command = [sys.executable, "-m", "bench.report", "--worker", database, "--cases", str(args.cases)]
    command += ["--runs", str(args.runs), "--seed", str(args.seed)]
    env = os.environ | {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "gongkai.web.settings",
        "GONGKAI_DATA_DIR": media,  # the imported file is stored there, thrown away afterwards
    }
    return subprocess.run(command, env=env, check=False).returncode


def _with_postgres(args: argparse.Namespace) -> int:
    def run(url: str) -> int:
        with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as folder:
            return _run_worker(args, "postgres", url, folder)

    return corpus.with_postgres(args.postgres_url, BENCH_DATABASE, run)


# --- the worker: one database ------------------------------------------------------------------


def worker(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Application

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    name = args.worker
    started = time.perf_counter()
    _, takers = corpus.make_agencies()
    weights = {pk: rng.lognormvariate(0, 1) for pk in takers}
    inserted = corpus.insert_cases(rng, args.cases, weights)
    corpus.analyze()
    corpus._line(name, f"insert {corpus.AGENCIES:,} agencies, {inserted:,} cases (bulk)", _ms(started), None)

    busy_pk, busy_n = (
        Application.objects.values_list("agency")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n", "agency")
        .first()
    ) or (None, 0)
    busy = Agency.objects.get(pk=busy_pk)
    report, clerk = _reports(busy)
    print(f"{'':<10}  (busiest agency: {busy.name}, {busy_n:,} cases in 2024-2026; its 2024 report imported)")
    measure(name, busy, report, clerk, args.runs)
    return 0


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _reports(busy: Any) -> tuple[Any, Any]:
    """The agency's clerk, its 2024 report imported from a text file of its counts, its 2025 report
    started and written: (the 2025 report, the clerk)."""
    from django.contrib.auth.models import User

    from gongkai.agencies.models import Membership, Role
    from gongkai.annual_report.model import Section
    from gongkai.annual_report.renderers.text import render_text
    from gongkai.core import time as clock
    from gongkai.reports import actions, selectors

    clerk = User.objects.create(username="bench_clerk", first_name="基准")
    Membership.objects.create(user=clerk, agency=busy, role=Role.CLERK)
    last = selectors.live_tables(busy, 2024)
    last.agency = busy.name
    last.published = dt.date(2025, 1, 20)
    last.sections = [
        Section(n, title, "本年度认真贯彻《条例》。" if n == 1 else "")
        for n, title in enumerate(last.definition.section_titles, start=1)
    ]
    with clock.pinned(dt.date(2026, 1, 10)):
        actions.import_published_report(
            acting_user=clerk,
            agency=busy,
            year=2024,
            filename="2024年度报告.txt",
            data=render_text(last).encode(),
        )
        report = actions.start_report(acting_user=clerk, agency=busy, year=2025)
    return report, clerk


def measure(database: str, busy: Any, report: Any, clerk: Any, runs: int) -> None:
    """The four paths, in interleaved rounds (floor, compose, compose + check, save; again), so
    that the load of a shared machine falls on all of them alike; median and best of the rounds."""
    from gongkai.core import time as clock
    from gongkai.reports import actions, checks, selectors

    year = 2025

    def floor() -> object:
        return selectors.live_tables(busy, year)

    def compose() -> object:
        return selectors.composed_and_previous(report)

    def compose_and_check() -> object:
        composed, previous = selectors.composed_and_previous(report)
        return checks.run(composed, previous)

    texts = ["本年度认真贯彻《条例》，主动公开政府信息。", "本年度认真贯彻《条例》，依法办理公开申请。"]
    state = {"report": report, "n": 0}

    def save() -> object:
        state["n"] += 1
        with clock.pinned(dt.date(2026, 1, 12)):
            state["report"] = actions.save_draft(
                acting_user=clerk,
                report=state["report"],
                version=state["report"].version,
                sections={"general": texts[state["n"] % 2]},
            )
        return state["report"]

    paths = [
        ("floor: live_tables(busy, 2025) — 二, 三, 四", floor),
        ("compose (tables, narrative, last year)", compose),
        ("compose + check (every save does this)", compose_and_check),
        ("save_draft (lock, compose, check, save, event)", save),
    ]
    # Warm every path alike first: psycopg prepares a statement once it has run it five times, and
    # SQLite caches its statements, so whatever is timed later would otherwise look cheaper.
    for _ in range(WARM_UP):
        for _, work in paths:
            work()
    spent: dict[str, list[float]] = {label: [] for label, _ in paths}
    for _ in range(runs):
        for label, work in paths:
            started = time.perf_counter()
            work()
            spent[label].append(_ms(started))
    floor_ms = statistics.median(spent[paths[0][0]])
    for i, (label, _) in enumerate(paths):
        median = statistics.median(spent[label])
        corpus._line(database, label, median, floor_ms if i else None)
        print(f"{'':<10}    best of {runs}: {min(spent[label]):.1f} ms", flush=True)
    found = compose_and_check()
    assert isinstance(found, list)
    errors = [f for f in found if f["severity"] == "error"]
    codes = sorted({f["code"] for f in found})
    print(
        f"{'':<10}    the check found {len(errors)} errors and {len(found) - len(errors)} warnings "
        f"({', '.join(codes) or 'none'}; against last year's imported report)",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
