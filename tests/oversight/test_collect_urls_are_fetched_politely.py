"""A list of URLs collected from a real web server on 127.0.0.1: the good report is fetched and
matched, a 404, a file past the size limit and a redirect to a local file are refused with their
reasons; every request names gongkai and waits its turn on the host."""

from __future__ import annotations

import hashlib
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from gongkai.oversight import collect
from gongkai.oversight.collect import Fetcher, process, start_batch
from gongkai.oversight.models import BatchSource, CollectedReport, CollectedState

from .collect_fixtures import ZHONGSHAN, media, roster_2021, unit
from .oversight_fixtures import Tree, tree

__all__ = ["media", "tree"]

LIMIT = 256 * 1024  # the fetcher's size limit in these tests


class Site(BaseHTTPRequestHandler):
    seen: list[tuple[float, str, str]] = []
    hosts: list[str] = []

    def log_message(self, *args: Any) -> None:
        return None

    def do_GET(self) -> None:
        Site.seen.append((time.monotonic(), self.path, self.headers.get("User-Agent", "")))
        Site.hosts.append(self.headers.get("Host", ""))
        if self.path == "/reports/zhongshan.txt":
            body = ZHONGSHAN.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/huge.txt":  # no Content-Length: the reader must stop by itself
            self.send_response(200)
            self.end_headers()
            chunk = b"0" * 65536
            try:
                for _ in range(64):  # 4 MB, sixteen times the limit
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/declared.txt":
            self.send_response(200)
            self.send_header("Content-Length", str(30 * 1024 * 1024))
            self.end_headers()
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        else:
            self.send_error(404)


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setattr(collect, "ALLOW_PRIVATE_HOSTS", True)
    Site.seen, Site.hosts = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_a_url_list_fetches_the_good_report_and_refuses_the_rest_with_reasons(
    tree: Tree, media: Path, site: str
) -> None:
    roster = roster_2021(tree, "石家庄市桥西区中山街道办事处")
    urls = [
        f"{site}/reports/zhongshan.txt",
        f"{site}/missing.pdf",
        f"{site}/huge.txt",
        f"{site}/declared.txt",
        f"{site}/moved",
    ]
    batch = start_batch(
        acting_user=tree.supervisor, supervisor=tree.county, year=2021, source=BatchSource.URLS, urls=urls
    )
    rows = list(CollectedReport.objects.filter(batch=batch).order_by("id"))
    assert [r.state for r in rows] == [CollectedState.PENDING] * 5
    assert not any(r.original for r in rows)  # nothing fetched yet

    batch = process(batch, fetcher=Fetcher(delay=0.2, timeout=5, limit=LIMIT))

    rows = list(CollectedReport.objects.filter(batch=batch).order_by("id"))
    good, missing, huge, declared, moved = rows
    assert good.state == CollectedState.MATCHED, good.reason
    assert good.unit == unit(roster, "石家庄市桥西区中山街道办事处")
    assert good.filename == "zhongshan.txt"
    assert good.source_url == urls[0]
    assert good.sha256 == hashlib.sha256(ZHONGSHAN.read_bytes()).hexdigest()
    with good.original.open("rb") as handle:
        assert handle.read() == ZHONGSHAN.read_bytes()
    assert missing.state == CollectedState.REFUSED
    assert "404" in missing.reason
    assert huge.state == CollectedState.REFUSED
    assert "超过年度报告文件的上限256 KB" in huge.reason
    assert declared.state == CollectedState.REFUSED
    assert "30 MB" in declared.reason
    assert moved.state == CollectedState.REFUSED
    assert "file:///etc/passwd" in moved.reason
    assert batch.finished_at is not None

    # Politely: one request at a time, each naming gongkai, 0.2 s apart on the one host.
    assert [path for _, path, _ in Site.seen] == [
        "/reports/zhongshan.txt",
        "/missing.pdf",
        "/huge.txt",
        "/declared.txt",
        "/moved",
    ]
    assert all("gongkai" in agent for _, _, agent in Site.seen)
    times = [t for t, _, _ in Site.seen]
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.19


@pytest.mark.django_db
def test_a_url_to_the_servers_own_network_is_refused_unless_allowed(
    tree: Tree, media: Path, site: str
) -> None:
    collect.ALLOW_PRIVATE_HOSTS = False  # as in production (the fixture's monkeypatch restores it)
    roster_2021(tree)
    batch = start_batch(
        acting_user=tree.supervisor,
        supervisor=tree.county,
        year=2021,
        source=BatchSource.URLS,
        urls=[f"{site}/reports/zhongshan.txt"],
    )
    process(batch, fetcher=Fetcher(delay=0))
    row = CollectedReport.objects.get(batch=batch)
    assert row.state == CollectedState.REFUSED
    assert "内部网络地址" in row.reason
    assert Site.seen == []


@pytest.mark.django_db
def test_a_url_that_is_not_http_is_refused_before_the_batch_starts(tree: Tree, media: Path) -> None:
    from gongkai.core.actions import ActionError

    with pytest.raises(ActionError, match="不是http或https网址"):
        start_batch(
            acting_user=tree.supervisor,
            supervisor=tree.county,
            year=2021,
            source=BatchSource.URLS,
            urls=["https://example.org/a.pdf", "file:///etc/passwd"],
        )
    assert not CollectedReport.objects.exists()


def _resolving_to(monkeypatch: pytest.MonkeyPatch, *answers: str) -> None:
    """The name server answers these addresses, one per question, the last one from then on."""
    left = list(answers)

    def resolve(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        address = left.pop(0) if len(left) > 1 else left[0]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


def test_a_name_is_fetched_from_the_address_it_was_checked_at(
    monkeypatch: pytest.MonkeyPatch, site: str
) -> None:
    # DNS rebinding: a public address when checked, the server's own address a moment later. The
    # connection goes to the address checked (unreachable here), never to the second answer.
    collect.ALLOW_PRIVATE_HOSTS = False
    port = int(site.rsplit(":", 1)[1])
    _resolving_to(monkeypatch, "93.184.216.34", "127.0.0.1")
    connected: list[Any] = []

    def connect(address: Any, *args: Any, **kwargs: Any) -> Any:
        connected.append(address)
        raise ConnectionRefusedError("no network in this test")

    monkeypatch.setattr(socket, "create_connection", connect)
    with pytest.raises(collect.FetchError, match="无法连接网站"):
        Fetcher(delay=0).fetch(f"http://reports.example.gov.cn:{port}/reports/zhongshan.txt")
    assert connected == [("93.184.216.34", port)]
    assert Site.seen == []


def test_a_name_pinned_to_its_address_is_still_asked_for_by_name(
    monkeypatch: pytest.MonkeyPatch, site: str
) -> None:
    port = int(site.rsplit(":", 1)[1])
    _resolving_to(monkeypatch, "127.0.0.1")  # allowed in this test (the site fixture)
    body = Fetcher(delay=0).fetch(f"http://reports.example.gov.cn:{port}/reports/zhongshan.txt")
    assert body == ZHONGSHAN.read_bytes()
    assert Site.hosts == [f"reports.example.gov.cn:{port}"]
