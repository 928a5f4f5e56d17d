"""A load run against the production server: gunicorn (4 workers), on SQLite and on PostgreSQL.

Usage: python -m bench.load [--clients 16] [--seconds 60] [--databases sqlite,postgres]
                            [--postgres-url postgres://postgres@127.0.0.1:5432/gongkai_bench_load]
                            [--port 8150] [--floor-seconds 20]

For each database the bench makes a fresh one (SQLite: a file in a temporary folder; PostgreSQL:
the database the URL names, dropped and made again), migrates it and loads the demo (the demo is
loaded with production mode off, as `make run` does; the server then runs in production mode over
it: GONGKAI_PRODUCTION=1, plain HTTP because it answers on 127.0.0.1 only). It starts
`gunicorn -c deploy/gunicorn.conf.py gongkai.web.wsgi` with 4 workers on 127.0.0.1, then:

- the floor: one client alone makes the same mix of requests one at a time for --floor-seconds;
- the load: --clients clients at once for --seconds, each signed in as one of the demo's clerks,
  each picking at random, request after request: public reads (front page, catalogue, search,
  an item, the deadline calculator) 60 %, an application through /apply/ (the form, then the
  post) 15 %, case actions through the API (register a case, then assign it) 15 %, a catalogue
  draft (the form, then the post) 10 %.

Every answer is checked: a page must answer 200 (or the redirect a form answers with when it
saved), the API 200/201. Anything else is an error, and so is a request that fails to connect or
times out. The limits of the throttle (which would rightly answer 429 to one address filing
hundreds of applications a minute) are raised for the run through their settings, so that the
figures measure the server, not the throttle. After the run the server is stopped and the rows are
counted: applications, cases and their assignments, drafts; each must match the number of writes
the clients were told had succeeded (lost writes: answered as saved but not in the database).

It prints throughput (requests/s), p50 and p95 latency (ms) and errors beside the floor. Each
client makes at most 100,000 requests and the run is bounded by --seconds; nothing listens on or
goes to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/gongkai_bench_load"
CLERKS = ["wlj_clerk", "scjg_clerk", "zrzy_clerk", "jyj_clerk", "szf_clerk", "xzf_clerk"]
PASSWORD = "gongkai-demo"
MARK = "压测"  # every row the run writes starts with it, so that they can be counted afterwards
MAX_REQUESTS = 100_000
# The throttle's limits (settings.GONGKAI_LIMITS, each GONGKAI_LIMIT_<NAME>=attempts/seconds), raised
# for the run: every client comes from 127.0.0.1 and applies with the same phone number.
THROTTLE_OFF = {
    f"GONGKAI_LIMIT_{name}": "10000000/60"
    for name in (
        "TRACK_ADDRESS",
        "TRACK_CASE",
        "APPLY_ADDRESS",
        "APPLY_CONTACT",
        "LOGIN_ACCOUNT",
        "LOGIN_ADDRESS",
    )
}
MIX = (("read", 60), ("apply", 15), ("case", 15), ("draft", 10))
READS = [
    "/",
    "/catalogue/",
    "/search?q=公开",
    "/search?q=规划",
    "/deadline/?received=2026-11-02",
    "/catalogue/feed.atom",
]


class Unexpected(Exception):
    pass


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    saved: Counter[str] = field(default_factory=Counter)  # writes answered as saved, by kind
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, other: Tally) -> None:
        with self.lock:
            self.latencies += other.latencies
            self.errors.update(other.errors)
            self.saved.update(other.saved)


class Client:
    """One browser: its own cookies, one connection per request (gunicorn's sync workers close)."""

    def __init__(self, port: int, tally: Tally) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.tally = tally

    def request(
        self,
        method: str,
        path: str,
        *,
        form: dict[str, Any] | None = None,
        body: Any = None,
        expect: tuple[int, ...] = (200,),
    ) -> tuple[int, str, dict[str, str]]:
        headers = {"Host": f"127.0.0.1:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        payload: bytes | None = None
        if form is not None:
            payload = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if method == "POST":
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            connection.request(method, quote(path, safe="/?=&"), payload, headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            connection.close()
        except (OSError, http.client.HTTPException, ValueError) as error:
            self.tally.errors[f"{method} {path.split('?')[0]}: {type(error).__name__}"] += 1
            raise Unexpected from error
        self.tally.latencies.append(time.perf_counter() - started)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                cookie = SimpleCookie(value)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
        if response.status not in expect:
            where = re.sub(r"/\d+/", "/N/", path.split("?")[0])
            self.tally.errors[f"{method} {where}: {response.status}"] += 1
            raise Unexpected
        return response.status, text, dict(response.getheaders())


def _field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    if not match:
        raise Unexpected(f"no {name} on the page")
    return match.group(1)


class Session:
    """A clerk at work, who also reads the portal and applies as a member of the public would."""

    def __init__(self, port: int, username: str, number: int) -> None:
        self.tally = Tally()
        self.staff = Client(port, self.tally)
        self.public = Client(port, self.tally)
        self.number = number
        self.serial = 0
        self.random = random.Random(number)
        _, page, _ = self.staff.request("GET", "/login/")
        self.staff.request(
            "POST",
            "/login/",
            form={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"),
            },
            expect=(302,),
        )
        _, me, _ = self.staff.request("GET", "/api/me")
        data = json.loads(me)
        self.user_id = data["id"]
        self.agency_id = data["memberships"][0]["agency"]["id"]
        _, catalogue, _ = self.public.request("GET", "/catalogue/")
        self.items = re.findall(r'href="(/catalogue/item/[^"]+)"', catalogue)[:5]

    def _mark(self, kind: str) -> str:
        self.serial += 1
        return f"{MARK}{kind}-{self.number}-{self.serial}"

    def read(self) -> None:
        path = self.random.choice(READS + self.items)
        self.public.request("GET", path)

    def apply(self) -> None:
        _, page, _ = self.public.request("GET", "/apply/")
        form = {
            "csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"),
            "form_token": _field(page, "form_token"),
            "agency": str(self.agency_id),
            "applicant_kind": "natural_person",
            "applicant_name": "张三",
            "id_number": "11010519491231002X",
            "contact_person": "",
            "phone": "13800138000",
            "email": "zhangsan@example.com",
            "address": "示例县人民路1号",
            "description": self._mark("申请") + " 2024年本县城乡规划调整的批复文件",
            "form_wanted": "electronic",
            "delivery": "online",
        }
        self.public.request("POST", "/apply/", form=form, expect=(302,))
        self.tally.saved["applications"] += 1

    def case(self) -> None:
        _, text, _ = self.staff.request(
            "POST",
            "/api/cases",
            body={
                "agency": self.agency_id,
                "channel": "in_person",
                "applicant_kind": "natural_person",
                "applicant_name": "李四",
                "phone": "13900139000",
                "description": self._mark("登记") + " 2025年度财政预算执行情况",
                "submitted_on": "2026-11-02",
            },
            expect=(201,),
        )
        self.tally.saved["cases"] += 1
        case = json.loads(text)
        self.staff.request(
            "POST",
            f"/api/cases/{case['id']}/actions/assign",
            body={"version": case["version"], "assignee": self.user_id},
        )
        self.tally.saved["assignments"] += 1

    def draft(self) -> None:
        _, page, _ = self.staff.request("GET", "/work/catalogue/new/")
        mark = self._mark("草稿")
        form = {
            "csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"),
            "agency": str(self.agency_id),
            "title": f"{mark} 关于开展地质灾害隐患排查的通知",
            "topic": "natural_resources",
            "genre": "notice",
            "written_on": "2026-11-02",
            "doc_number": f"压测发〔2026〕{self.number * 100_000 + self.serial}号",
            "validity": "valid",
            "keywords": "地质灾害 排查",
            "summary": "部署地质灾害隐患排查。",
            "body": "各乡镇人民政府：\n\n请于月底前完成排查。",
        }
        self.staff.request("POST", "/work/catalogue/new/", form=form, expect=(302,))
        self.tally.saved["drafts"] += 1

    def work(self, until: float, limit: int = MAX_REQUESTS) -> None:
        kinds = [kind for kind, _ in MIX]
        weights = [weight for _, weight in MIX]
        done = 0
        while time.monotonic() < until and done < limit:
            kind = self.random.choices(kinds, weights)[0]
            with contextlib.suppress(Unexpected):
                getattr(self, kind)()
            done += 1


def _run_clients(port: int, clients: int, seconds: float) -> tuple[Tally, float]:
    sessions = [Session(port, CLERKS[n % len(CLERKS)], n) for n in range(clients)]
    for session in sessions:  # the log-ins are not part of the figures
        session.tally.latencies.clear()
    total = Tally()
    started = time.monotonic()
    threads = [threading.Thread(target=s.work, args=(started + seconds,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    for session in sessions:
        total.add(session.tally)
    return total, elapsed


# --- the server --------------------------------------------------------------------------------


def _environment(database_url: str, data_dir: Path, production: bool = True) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env |= {
        "DATABASE_URL": database_url,
        "GONGKAI_DATA_DIR": str(data_dir),
        "GONGKAI_PRODUCTION": "1" if production else "0",
        "GONGKAI_HTTPS": "0",
        "GONGKAI_ALLOWED_HOSTS": "127.0.0.1",
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_LOG_LEVEL": "WARNING",
        "GONGKAI_ACCESS_LOG": "/dev/null",
        "DJANGO_SETTINGS_MODULE": "gongkai.web.settings",
    } | THROTTLE_OFF
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _fresh_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


_COUNT = f"""
import json, django
django.setup()
from gongkai.applications.models import Application, Event
from gongkai.catalogue.models import CatalogueItem
cases = Application.objects.filter(description__startswith="{MARK}登记")
print(json.dumps({{
    "applications": Application.objects.filter(description__startswith="{MARK}申请").count(),
    "cases": cases.count(),
    "assignments": Event.objects.filter(application__in=cases, kind="assigned").count(),
    "drafts": CatalogueItem.objects.filter(title__startswith="{MARK}草稿").count(),
}}))
"""


def _count_rows(env: dict[str, str]) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", _COUNT], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    counts: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return counts


def _wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped while starting")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/deadline/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer")


@dataclass
class Figures:
    requests: int
    seconds: float
    p50: float
    p95: float
    errors: Counter[str]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


def _figures(tally: Tally, seconds: float) -> Figures:
    ordered = sorted(tally.latencies) or [0.0]
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return Figures(len(tally.latencies), seconds, statistics.median(ordered) * 1000, p95 * 1000, tally.errors)


def run_database(name: str, database_url: str, data_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    print(f"== {name}: 建立数据库、载入示例数据 …", flush=True)
    setup = _environment(database_url, data_dir, production=False)
    _manage(setup, "migrate", "--no-input")
    _manage(setup, "load_demo")
    env = _environment(database_url, data_dir)
    _manage(env, "collectstatic", "--no-input", "-v", "0")
    before = _count_rows(env)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "deploy/gunicorn.conf.py",
            "--workers",
            "4",
            "--bind",
            f"127.0.0.1:{args.port}",
            "gongkai.web.wsgi",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_for(args.port, server)
        print(f"== {name}: 地板（1个客户端，{args.floor_seconds} s）…", flush=True)
        floor_tally, floor_seconds = _run_clients(args.port, 1, args.floor_seconds)
        print(f"== {name}: 负载（{args.clients}个客户端，{args.seconds} s）…", flush=True)
        load_tally, load_seconds = _run_clients(args.port, args.clients, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=60)
    after = _count_rows(env)
    saved = floor_tally.saved + load_tally.saved
    rows = {kind: after[kind] - before[kind] for kind in after}
    lost = {kind: saved[kind] - rows[kind] for kind in rows}
    return {
        "database": name,
        "floor": _figures(floor_tally, floor_seconds),
        "load": _figures(load_tally, load_seconds),
        "saved": dict(saved),
        "rows": rows,
        "lost": lost,
    }


def _report(result: dict[str, Any], clients: int) -> None:
    floor, load = result["floor"], result["load"]
    print(f"\n{result['database']}: {clients} clients, gunicorn 4 workers")
    print(f"  {'':<8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for label, f in (("floor", floor), ("load", load)):
        print(
            f"  {label:<8} {f.requests:>9,} {f.throughput:>8.1f} {f.p50:>8.1f} {f.p95:>8.1f} {sum(f.errors.values()):>7}"
        )
    for label, f in (("floor", floor), ("load", load)):
        for what, count in f.errors.most_common(10):
            print(f"    {label} error: {what} × {count}")
    print(f"  writes answered as saved: {result['saved']}")
    print(f"  rows found afterwards:    {result['rows']}")
    print(f"  lost writes:              {sum(result['lost'].values())} {result['lost']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--floor-seconds", type=float, default=20)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("GONGKAI_BENCH_LOAD_URL", DEFAULT_POSTGRES_URL)
    )
    parser.add_argument("--port", type=int, default=8150)
    args = parser.parse_args(argv)
    failed = False
    for name in args.databases.split(","):
        with tempfile.TemporaryDirectory(prefix="gongkai-load-") as folder:
            data_dir = Path(folder)
            if name == "sqlite":
                url = f"sqlite:///{data_dir / 'gongkai.sqlite3'}"
            elif name == "postgres":
                try:
                    _fresh_postgres(args.postgres_url)
                except Exception as error:  # no server, no rights: say so and go on
                    print(f"== postgres: 跳过（{args.postgres_url} 不可用：{error}）")
                    continue
                url = args.postgres_url
            else:
                raise SystemExit(f"unknown database {name!r}")
            result = run_database(name, url, data_dir, args)
            _report(result, args.clients)
            failed |= bool(sum(result["load"].errors.values()) or sum(result["floor"].errors.values()))
            failed |= any(result["lost"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
