"""Collecting the reports of units that are not on the platform (and any unit's published file).

The supervisor brings them in as uploaded files, a ZIP or a list of URLs. ``start_batch`` records
the batch and one ``CollectedReport`` per file (per ZIP member, per URL), 待处理, the original
kept byte for byte with its SHA-256; ``process`` then reads the pending ones one by one, each in
its own transaction, so one bad file never stops the rest and a batch cut off half-way is resumed
by calling it again.

Reading a file: fetched (a URL: politely, bounded in size and time, one host at a time), read with
the importers, checked (the reader's and the checker's findings, each with the line or cell of the
file it is about), then matched to a unit of the supervisor's roster of the year read from the
report: one unit by name → 已匹配; several, or only a near name → 待确认 with the candidates;
none → 未匹配. The same bytes collected before → 重复; not a report → 已拒收 with the reason.

The supervisor then confirms an uncertain match, unmatches or refuses a file, or reads it again:
each a versioned action (409 when someone else acted on the file meanwhile).
"""

from __future__ import annotations

import hashlib
import http.client
import io
import ipaddress
import json
import posixpath
import re
import socket
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.annual_report import checker
from gongkai.annual_report.blocks import UnreadableError
from gongkai.annual_report.compose import finding_key
from gongkai.annual_report.findings import Code, Finding, Severity
from gongkai.annual_report.importers import MAX_BYTES, load_bytes, sniff
from gongkai.annual_report.interpret import ImportResult
from gongkai.annual_report.model import UNNAMED_AGENCY, Report
from gongkai.annual_report.renderers.json import render_json
from gongkai.archives import ArchiveError, format_size, open_archive
from gongkai.core.actions import ActionError, bump, lock_versioned, state_change
from gongkai.core.time import now, today

from .actions import FIRST_YEAR, LAST_YEAR, supervises_agency
from .evidence import cut, source_lines
from .models import (
    BatchSource,
    CollectedEvent,
    CollectedEventKind,
    CollectedReport,
    CollectedState,
    CollectionBatch,
    Deadline,
    Roster,
    RosterUnit,
)

MAX_FILES = 1000  # files (ZIP members, URLs) in one batch
MAX_FILENAME_CHARS = 200
FETCH_TIMEOUT = 20.0  # seconds for one URL, connecting and reading
HOST_DELAY = 1.0  # seconds between two requests to the same host
MAX_REDIRECTS = 3
USER_AGENT = (
    "gongkai/1.0 (annual report collection by a government information disclosure office)"  # ASCII: a header
)
# A supervisor's URL list may not reach the server's own network (loopback, private ranges);
# the tests, which serve reports on 127.0.0.1, allow it.
ALLOW_PRIVATE_HOSTS = False
# What a ZIP member cannot be: pictures, spreadsheets, archives … refused without reading.
NOT_REPORTS = {
    "jpg": "图片",
    "jpeg": "图片",
    "png": "图片",
    "gif": "图片",
    "bmp": "图片",
    "tif": "图片",
    "tiff": "图片",
    "webp": "图片",
    "xls": "电子表格",
    "xlsx": "电子表格",
    "et": "电子表格",
    "zip": "压缩包",
    "rar": "压缩包",
    "7z": "压缩包",
    "gz": "压缩包",
    "exe": "程序",
    "mp4": "视频",
    "mp3": "音频",
}
MATCH_FLOOR = 0.6  # a near name below this similarity is no candidate
# Words an agency's name may carry in one place and not in another (人民政府 / 政府 / 办事处 …).
_NAME_NOISE = re.compile(r"\s+|人民政府|政府|办事处|办公室|机关|[（）()·・]")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


# --- names -------------------------------------------------------------------------------------


def normal_name(name: str) -> str:
    """A unit's name without what one document writes and another leaves out."""
    return _NAME_NOISE.sub("", unicodedata.normalize("NFKC", name or ""))


def name_score(named: str, unit_name: str) -> float:
    """How near a report's name for itself is a unit's name: 1 the same name, 0.95 the same once
    normalised, 0.8 one inside the other (徐望镇 / 汉台区徐望镇人民政府), else the similarity of
    the normalised names (0 when it cannot reach MATCH_FLOOR)."""
    if named == unit_name:
        return 1.0
    a, b = normal_name(named), normal_name(unit_name)
    if not a or not b:
        return 0.0
    if a == b:
        return 0.95
    if a in b or b in a:
        return 0.8
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < MATCH_FLOOR or matcher.quick_ratio() < MATCH_FLOOR:
        return 0.0  # cannot reach the floor: not worth the full comparison
    return round(matcher.ratio(), 2)


def safe_filename(name: str) -> str:
    """The last part of a member's or an upload's name, without control characters or path
    separators, at most MAX_FILENAME_CHARS (never empty)."""
    base = posixpath.basename((name or "").replace("\\", "/"))
    base = _UNSAFE.sub("_", unicodedata.normalize("NFC", base)).strip(" .")
    if len(base) > MAX_FILENAME_CHARS:
        stem, dot, suffix = base.rpartition(".")
        base = (
            (stem[: MAX_FILENAME_CHARS - len(suffix) - 1] + dot + suffix)
            if dot
            else base[:MAX_FILENAME_CHARS]
        )
    return base or "未命名文件"


def _suffix(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


# --- starting a batch --------------------------------------------------------------------------


def _require_supervisor(user: User, agency: Agency) -> None:
    if not supervises_agency(user, agency):
        raise ActionError("只有本机关的上级监督人员才能收集年度报告", "forbidden")


def _row(batch: CollectionBatch, filename: str, **fields: Any) -> CollectedReport:
    return CollectedReport(
        supervisor_id=batch.supervisor_id,
        batch=batch,
        filename=safe_filename(filename),
        first_seen=now(),
        **fields,
    )


def _keep(row: CollectedReport, data: bytes, stored: list[CollectedReport]) -> None:
    """Save the row with its original, byte for byte, named after its hash."""
    row.sha256 = hashlib.sha256(data).hexdigest()
    row.size = len(data)
    row.original.save(row.filename, ContentFile(data), save=False)
    stored.append(row)
    row.save()


def _refused(batch: CollectionBatch, filename: str, data: bytes, reason: str) -> CollectedReport:
    """A refused row whose bytes are not kept (a bomb, a container that cannot be opened)."""
    row = _row(batch, filename, state=CollectedState.REFUSED, reason=reason)
    row.sha256 = hashlib.sha256(data).hexdigest()
    row.size = len(data)
    row.save()
    return row


def is_archive(name: str, data: bytes, source: str) -> bool:
    """Whether an upload is a ZIP of files to unpack: a zip that is not itself a Word document
    (a DOCX is a zip too), uploaded as a ZIP or named .zip. Anything else is one file, whatever
    was chosen on the form."""
    if data[:4] != b"PK\x03\x04":
        return False
    if source != BatchSource.ZIP and _suffix(name) != "zip":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "[Content_Types].xml" not in archive.namelist()  # an Office file: read as one
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return True  # a damaged ZIP: refused as one, with the reason, when unpacked


def member_name(info: zipfile.ZipInfo) -> str:
    """A ZIP member's name as its maker wrote it. Without the UTF-8 flag a name is bytes in the
    maker's code page, which Python reads as CP437; a ZIP made on a Chinese Windows holds GBK."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _unpack(batch: CollectionBatch, name: str, data: bytes, stored: list[CollectedReport]) -> int:
    """The ZIP's members as rows; the ZIP itself as one refused row when it cannot be opened or
    would unpack to too much. Returns the number of rows."""
    what = f"压缩包“{safe_filename(name)}”"
    try:
        archive = open_archive(data, what)
    except ArchiveError as error:
        _refused(batch, name, data, str(error))
        return 1
    count = 0
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if not members:
            _refused(batch, name, data, f"{what}中没有文件")
            return 1
        if len(members) > MAX_FILES:
            _refused(
                batch,
                name,
                data,
                f"{what}中有{len(members)}个文件，超过一次收集的上限{MAX_FILES}个，请分批上传",
            )
            return 1
        for info in members:
            member = safe_filename(member_name(info))
            if (
                posixpath.basename(info.filename.replace("\\", "/")).startswith(("._", "~$"))
                or "__MACOSX/" in info.filename
            ):
                continue  # the traces an operating system leaves in a ZIP, not files anyone sent
            kind = NOT_REPORTS.get(_suffix(member))
            content = archive.read(info)
            row = _row(batch, member)
            if kind is not None:
                row.state = CollectedState.REFUSED
                row.reason = f"“{member}”是{kind}文件，不是年度报告；请收集报告的DOCX、PDF、HTML或文本文件"
                if content[:4] == b"PK\x03\x04":
                    try:
                        open_archive(content, f"压缩包中的“{member}”").close()
                    except ArchiveError as error:
                        row.reason = str(error)
                    else:
                        row.reason = f"“{member}”是压缩包中的压缩包，不再展开；请解压后单独上传"
            _keep(row, content, stored)
            count += 1
    return count


@state_change
def start_batch(
    *,
    acting_user: User,
    supervisor: Agency,
    year: int,
    source: BatchSource,
    files: Iterable[tuple[str, bytes]] = (),
    urls: Sequence[str] = (),
) -> CollectionBatch:
    """Record a batch: one row per file (per member of a ZIP, per URL), 待处理, nothing read yet.

    Refused (nothing saved) when the user is not the supervisor's 上级监督, the year is out of
    range, or nothing was given. A ZIP that would unpack to too much (a bomb) or cannot be opened
    is one refused row with the reason; the other files of the batch are kept."""
    _require_supervisor(acting_user, supervisor)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ActionError(f"名单年度应在{FIRST_YEAR}年至{LAST_YEAR}年之间")
    source = BatchSource(source)
    given = list(files)
    links = [u.strip() for u in urls if u and u.strip()]
    if source == BatchSource.URLS:
        if not links:
            raise ActionError("请填写至少一个网址，每行一个")
        links = list(dict.fromkeys(links))  # the same address twice is fetched once
        for link in links:
            _check_url(link)
    elif not given:
        raise ActionError("请选择要上传的文件" if source == BatchSource.FILES else "请选择要上传的压缩包")
    if len(given) + len(links) > MAX_FILES:
        raise ActionError(f"一次最多收集{MAX_FILES}个文件，请分批上传")

    batch = CollectionBatch.objects.create(
        supervisor=supervisor, year=year, source=source, created_by=acting_user
    )
    stored: list[CollectedReport] = []
    total = 0
    try:
        for link in links:
            _row(batch, _url_name(link), source_url=link, sha256="").save()
            total += 1
        for name, data in given:
            if is_archive(name, data, source):
                total += _unpack(batch, name, data, stored)
            elif len(data) > MAX_BYTES:  # refused as it is, its bytes not kept
                what = f"文件“{safe_filename(name)}”"
                _refused(
                    batch,
                    name,
                    data,
                    f"{what}有{format_size(len(data))}，超过年度报告文件的上限{format_size(MAX_BYTES)}",
                )
                total += 1
            else:
                _keep(_row(batch, name), data, stored)
                total += 1
        batch.total = total
        batch.save(update_fields=["total"])
        how = BatchSource(source).label
        CollectedEvent.objects.bulk_create(
            CollectedEvent(
                collected=row,
                kind=CollectedEventKind.RECEIVED,
                actor=acting_user,
                on=today(),
                reason=row.reason,
                data={"batch": batch.pk, "source": how, "url": row.source_url},
            )
            for row in CollectedReport.objects.filter(batch=batch).only("id", "reason", "source_url")
        )
    except BaseException:
        for row in stored:  # the transaction rolls back: no file left behind
            row.original.delete(save=False)
        raise
    return batch


# --- fetching ----------------------------------------------------------------------------------


def _url_name(url: str) -> str:
    path = urllib.parse.urlsplit(url).path
    name = urllib.parse.unquote(posixpath.basename(path))
    return safe_filename(name or urllib.parse.urlsplit(url).hostname or url)


def _check_url(url: str) -> urllib.parse.SplitResult:
    if len(url) > 1000:
        raise ActionError(f"网址过长（{len(url)}个字符），上限1000个字符")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ActionError(f"“{url[:200]}”不是http或https网址")
    return parts


class FetchError(Exception):
    """A URL that gave no file; the message (Chinese) says why."""


def _public_address(host: str, port: int) -> str:
    """The address `host` is fetched from: resolved once and checked (no address of the server's own
    network, unless ALLOW_PRIVATE_HOSTS); the connection then goes to this address, not to a second
    resolution, which a name server could answer differently (DNS rebinding)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise FetchError(f"无法解析域名“{host}”") from error
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise FetchError(f"无法解析域名“{host}”")
    internal = [a for a in addresses if a.is_private or a.is_loopback or a.is_link_local or a.is_reserved]
    if internal and not ALLOW_PRIVATE_HOSTS:
        raise FetchError(f"“{host}”是内部网络地址，不能从这里下载")
    return str(addresses[0])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # followed by hand, so each step's scheme and host are checked


def _opener(parts: urllib.parse.SplitResult, address: str) -> urllib.request.OpenerDirector:
    """An opener whose connections go to `address` (the host name still in Host and in TLS's
    server name and certificate check). Through a proxy set in the environment (http_proxy,
    https_proxy) the proxy resolves the name itself, as before."""
    if parts.scheme in urllib.request.getproxies() and not urllib.request.proxy_bypass(parts.hostname or ""):
        return urllib.request.build_opener(_NoRedirect)

    def pinned(connection_class: Any) -> Any:
        def connection(host: str, **kwargs: Any) -> Any:
            made = connection_class(host, **kwargs)
            made._create_connection = lambda where, *args: socket.create_connection(
                (address, where[1]), *args
            )
            return made

        return connection

    class Http(urllib.request.HTTPHandler):
        def http_open(self, request: urllib.request.Request) -> Any:
            return self.do_open(pinned(http.client.HTTPConnection), request)

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, request: urllib.request.Request) -> Any:
            context = self._context  # type: ignore[attr-defined]
            return self.do_open(pinned(http.client.HTTPSConnection), request, context=context)

    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect, Http, Https)


@dataclass
class Fetcher:
    """Fetches URLs one at a time, waiting `delay` seconds between two requests to one host."""

    delay: float = HOST_DELAY
    timeout: float = FETCH_TIMEOUT
    limit: int = MAX_BYTES

    def __post_init__(self) -> None:
        self.last: dict[str, float] = {}

    def _wait(self, host: str) -> None:
        since = time.monotonic() - self.last.get(host, -1e9)
        if since < self.delay:
            time.sleep(self.delay - since)
        self.last[host] = time.monotonic()

    def fetch(self, url: str) -> bytes:
        for _ in range(MAX_REDIRECTS + 1):
            parts = urllib.parse.urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchError(f"网址跳转到了“{url[:200]}”，只能下载http或https网址")
            address = _public_address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
            self._wait(parts.hostname)
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
            try:
                with _opener(parts, address).open(request, timeout=self.timeout) as response:
                    return self._read(response)
            except urllib.error.HTTPError as error:
                if error.code in (301, 302, 303, 307, 308) and error.headers.get("Location"):
                    url = urllib.parse.urljoin(url, error.headers["Location"])
                    continue
                raise FetchError(
                    f"网站答复{error.code}（{_http_reason(error.code)}），没有取得文件"
                ) from error
            except TimeoutError as error:
                raise FetchError(f"{self.timeout:g}秒内没有下载完，已放弃") from error
            except (urllib.error.URLError, OSError, ValueError) as error:
                reason = getattr(error, "reason", error)
                raise FetchError(f"无法连接网站（{reason}）") from error
        raise FetchError(f"网址跳转超过{MAX_REDIRECTS}次，已放弃")

    def _read(self, response: Any) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.limit:
            raise FetchError(
                f"文件有{format_size(int(declared))}，超过年度报告文件的上限{format_size(self.limit)}，没有下载"
            )
        started = time.monotonic()
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read(64 * 1024):
            size += len(chunk)
            if size > self.limit:
                raise FetchError(f"文件超过年度报告文件的上限{format_size(self.limit)}，已停止下载")
            if time.monotonic() - started > self.timeout:
                raise FetchError(f"{self.timeout:g}秒内没有下载完，已放弃")
            chunks.append(chunk)
        return b"".join(chunks)


def _http_reason(code: int) -> str:
    return {
        404: "文件不存在",
        403: "禁止访问",
        410: "文件已删除",
        500: "网站出错",
        503: "网站暂时不可用",
    }.get(code, "请求未成功")


# --- reading -----------------------------------------------------------------------------------


def frozen(report: Report) -> dict[str, Any]:
    """The canonical JSON as stored (amounts exact, as text), as the reports app stores it."""
    data: dict[str, Any] = json.loads(render_json(report), parse_float=str)
    return data


def _evidence(finding: Finding, report: Report) -> dict[str, Any] | None:
    """Where in the file a finding is: the cell's source line and text, else the line's."""
    if finding.table and finding.row and finding.column:
        source = report.sources.get((finding.table, finding.row, finding.column))
        if source is not None:
            return {"line": source.line, "text": source.text}
    if finding.line is not None:
        for source in report.sources.values():
            if source.line == finding.line:
                return {"line": source.line, "text": source.text}
        return {"line": finding.line, "text": ""}
    return None


def stored_findings(result: ImportResult, report: Report) -> list[dict[str, Any]]:
    """What the reader noticed in the file, then what the checker finds in it, each once, each
    with its evidence (the line and text of the file it is about, where known)."""
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for finding in [*result.findings, *checker.check(report, None)]:
        key = finding_key(finding)
        marker = f"{key}|{finding.message}"
        if marker in seen:
            continue
        seen.add(marker)
        found.append(finding.to_dict() | {"key": key, "evidence": _evidence(finding, report)})
    return found


@dataclass(frozen=True)
class Read:
    """A file as read: the state it earns and what goes into its row."""

    state: str
    reason: str = ""
    fields: dict[str, Any] | None = None
    result: ImportResult | None = None


def read(filename: str, data: bytes) -> Read:
    """Read one file as a report (refused with the importer's Chinese reason otherwise)."""
    what = f"文件“{filename}”"
    if not data.strip():
        return Read(CollectedState.REFUSED, f"{what}是空的")
    if len(data) > MAX_BYTES:
        return Read(
            CollectedState.REFUSED,
            f"{what}有{format_size(len(data))}，超过年度报告文件的上限{format_size(MAX_BYTES)}",
        )
    if data[:4] == b"PK\x03\x04":
        try:
            open_archive(data, what).close()
        except ArchiveError as error:
            return Read(CollectedState.REFUSED, str(error))
    try:
        result = load_bytes(data, filename)
    except UnreadableError as error:
        return Read(CollectedState.REFUSED, f"{what}无法作为年度报告读取：{error}")
    except (ValueError, KeyError, IndexError, OSError, EOFError, TypeError):
        return Read(CollectedState.REFUSED, f"{what}已损坏或格式不对，无法读取；请收集机关网站上发布的原文件")
    report = result.report
    has_tables = any(
        v is not None for rows in report.tables.values() for cols in rows.values() for v in cols.values()
    )
    has_text = any(section.text.strip() for section in report.sections)
    if not has_tables and not has_text:
        return Read(
            CollectedState.REFUSED,
            f"{what}中既没有年度报告的统计表格，也没有各部分的正文，不是年度报告",
        )
    no_year = any(f.code is Code.PERIOD and f.severity is Severity.ERROR for f in result.findings)
    named = report.agency.strip()
    findings = stored_findings(result, report)
    _line_texts(findings, data)
    fields = {
        "named_agency": "" if named == UNNAMED_AGENCY else named[:100],
        "year": None if no_year else report.year,
        "edition": str(report.edition),
        "published_on": report.published,
        "content": frozen(report),
        "findings": findings,
    }
    return Read(CollectedState.PENDING, "", fields, result)


def _line_texts(findings: list[dict[str, Any]], data: bytes) -> None:
    """The text of the line a finding points at, where the cell it read gives none (a row label,
    a paragraph). A PDF is not read twice here: the evidence page reads its lines when asked."""
    wanting = [f for f in findings if f["evidence"] is not None and not f["evidence"]["text"]]
    if not wanting or sniff(data) == "pdf":
        return
    lines = source_lines(data)
    for finding in wanting:
        finding["evidence"]["text"] = cut(lines.get(finding["evidence"]["line"], ""), 120)


def candidates(named: str, units: Iterable[RosterUnit]) -> list[list[Any]]:
    """The units a report's name may be, best first: [[unit_id, score], …]."""
    scored = [[u.pk, name_score(named, u.name)] for u in units]
    return sorted((c for c in scored if c[1] >= MATCH_FLOOR), key=lambda c: (-c[1], c[0]))


@dataclass
class RosterIndex:
    """A year's roster ready for matching: its units by name and by normalised name (a name
    found there needs no fuzzy comparison with every unit)."""

    units: list[RosterUnit]

    def __post_init__(self) -> None:
        self.by_pk = {u.pk: u for u in self.units}
        self.by_normal: dict[str, list[RosterUnit]] = {}
        for unit in self.units:
            self.by_normal.setdefault(normal_name(unit.name), []).append(unit)

    def candidates(self, named: str) -> list[list[Any]]:
        same = self.by_normal.get(normal_name(named), [])
        if len(same) == 1:  # one unit of that name: no other can score 0.95 or more
            return [[same[0].pk, name_score(named, same[0].name)]]
        return candidates(named, self.units)


class Rosters:
    """The rosters read while processing, each once (one batch may hold several years)."""

    def __init__(self) -> None:
        self.kept: dict[tuple[int, int], RosterIndex | None] = {}

    def get(self, supervisor_id: int, year: int) -> RosterIndex | None:
        key = (supervisor_id, year)
        if key not in self.kept:
            roster = Roster.objects.filter(agency_id=supervisor_id, year=year).first()
            units = list(roster.units.filter(excluded=False).order_by("id")) if roster else None
            self.kept[key] = RosterIndex(units) if units is not None else None
        return self.kept[key]


def match(row: CollectedReport, rosters: Rosters | None = None) -> None:
    """Match a read row to a unit of its supervisor's roster of the year read from the report."""
    row.unit, row.candidates = None, []
    if row.year is None:
        row.state = CollectedState.UNMATCHED
        row.reason = "报告的标题、统计期限和落款中都没有读出报告年度，请确认是哪个单位哪一年的报告"
        return
    index = (rosters or Rosters()).get(row.supervisor_id, row.year)
    if index is None:
        row.state = CollectedState.UNMATCHED
        row.reason = f"这是{row.year}年度的报告，还没有{row.year}年度的名单；建立名单后请重新处理"
        return
    if not row.named_agency:
        row.state = CollectedState.UNMATCHED
        row.reason = "报告中没有读出发布机关的名称，请从名单中选择所属单位"
        return
    found = index.candidates(row.named_agency)
    row.candidates = found
    sure = [c for c in found if c[1] >= 0.95]
    if len(sure) == 1 and (len(found) == 1 or found[1][1] < 0.95):
        row.unit = index.by_pk[sure[0][0]]
        row.state = CollectedState.MATCHED
        row.reason = ""
    elif found:
        row.state = CollectedState.UNCERTAIN
        listed = "、".join(f"“{index.by_pk[c[0]].name}”" for c in found[:5])
        row.reason = f"报告署名“{row.named_agency}”，可能是{listed}，请确认"
    else:
        row.state = CollectedState.UNMATCHED
        row.reason = f"{row.year}年度名单中没有与“{row.named_agency}”相符的单位"


def _earlier(row: CollectedReport) -> CollectedReport | None:
    """The file with the same bytes this supervisor collected before this one."""
    return (
        CollectedReport.objects.filter(supervisor_id=row.supervisor_id, sha256=row.sha256, id__lt=row.pk)
        .exclude(state__in=[CollectedState.DUPLICATE, CollectedState.PENDING])
        .exclude(original="")
        .order_by("id")
        .first()
    )


def _describe(row: CollectedReport) -> str:
    when = timezone.localtime(row.first_seen).strftime("%Y-%m-%d %H:%M")
    return f"“{row.filename}”（第{row.pk}号，{when}首次收到）"


def _event(row: CollectedReport, kind: str, user: User | None, reason: str = "", **data: Any) -> None:
    CollectedEvent.objects.create(
        collected=row,
        kind=kind,
        actor=user,
        actor_label="" if user is not None else "系统",
        on=today(),
        reason=reason[:2000],
        data=data,
    )


def _read_event(row: CollectedReport) -> None:
    """What reading earned, in the file's history."""
    _event(
        row,
        CollectedEventKind.READ,
        None,
        row.reason,
        state=row.get_state_display(),
        unit=row.unit.name if row.unit else "",
        findings=len(row.findings),
    )


@state_change
def _settle(row_id: int, data: bytes | None, outcome: Read, rosters: Rosters | None = None) -> None:
    """Save what one pending row earns (its own transaction, short: the file was read before)."""
    row = CollectedReport.objects.select_for_update().filter(pk=row_id).first()
    if row is None or row.state != CollectedState.PENDING:
        return  # someone else processed it meanwhile
    if data is None:
        row.state, row.reason = outcome.state, outcome.reason
        bump(row)
        row.save()
        _read_event(row)
        return
    fetched = not row.original
    if fetched:
        row.sha256 = hashlib.sha256(data).hexdigest()
        row.size = len(data)
        row.first_seen = now()
        row.original.save(row.filename, ContentFile(data), save=False)
    try:
        _judge(row, data, outcome, rosters)
        bump(row)
        row.save()
        _read_event(row)
    except BaseException:
        if fetched:  # the transaction rolls back: no file left behind
            row.original.delete(save=False)
        raise


def _judge(row: CollectedReport, data: bytes, outcome: Read, rosters: Rosters | None) -> None:
    earlier = _earlier(row)
    if earlier is not None:
        row.state = CollectedState.DUPLICATE
        row.reason = f"与已收集的{_describe(earlier)}内容完全相同"
        return
    if outcome.state == CollectedState.PENDING and outcome.fields is None:
        outcome = read(row.filename, data)  # taken for a copy outside, the earlier one is gone
    if outcome.fields is None:
        row.state, row.reason = outcome.state, outcome.reason
        return
    for key, value in outcome.fields.items():
        setattr(row, key, value)
    match(row, rosters)
    if row.unit is not None and outcome.result is not None:
        _check_as(row, row.unit, outcome.result, data)


def _check_as(row: CollectedReport, unit: RosterUnit, result: ImportResult, data: bytes) -> None:
    """The checks again when the unit's deadline is not the one the file implies: a county
    government's own report (本级) is due March 31, which a file cannot say of itself."""
    own = unit.deadline == Deadline.MAR31
    if result.report.own_level_report == own:
        return
    result.report.own_level_report = own
    row.findings = stored_findings(result, result.report)
    _line_texts(row.findings, data)


def _refuse_quietly(row_id: int, reason: str) -> None:
    _settle(row_id, None, Read(CollectedState.REFUSED, reason))


def process_one(row_id: int, fetcher: Fetcher | None = None, rosters: Rosters | None = None) -> None:
    """Read one pending row (fetching it first when it is a URL); anything unexpected refuses the
    file with a reason, never the batch. The file is fetched and read outside any transaction;
    only what it earns is written in one."""
    row = (
        CollectedReport.objects.filter(pk=row_id)
        .only("id", "state", "source_url", "original", "filename", "supervisor_id", "sha256")
        .first()
    )
    if row is None or row.state != CollectedState.PENDING:
        return
    try:
        if row.source_url and not row.original:
            try:
                data = (fetcher or Fetcher()).fetch(row.source_url)
            except FetchError as error:
                _refuse_quietly(row_id, f"从“{row.source_url[:200]}”下载失败：{error}")
                return
            row.sha256 = hashlib.sha256(data).hexdigest()
        else:
            with row.original.open("rb") as handle:
                data = handle.read()
        # A copy of a file already collected is not read at all (checked again when saved).
        outcome = Read(CollectedState.PENDING) if _earlier(row) is not None else read(row.filename, data)
        _settle(row_id, data, outcome, rosters)
    except Exception as error:
        _refuse_quietly(row_id, f"处理时出错（{type(error).__name__}），已跳过；可稍后重新处理")


def pending(batch: CollectionBatch) -> int:
    return batch.files.filter(state=CollectedState.PENDING).count()


def process(
    batch: CollectionBatch,
    *,
    limit: int | None = None,
    fetcher: Fetcher | None = None,
    seconds: float | None = None,
) -> CollectionBatch:
    """Read the batch's pending files one by one (at most `limit` of them, and no new one once
    `seconds` have passed), each in its own transaction; the batch is finished when none is left
    pending. Called again, it goes on where it stopped."""
    fetcher = fetcher or Fetcher()
    stop_at = time.monotonic() + seconds if seconds is not None else None
    rosters = Rosters()
    done = 0
    last = 0  # each file once per call, in order, whatever happens to it
    while limit is None or done < limit:
        ids = list(
            batch.files.filter(state=CollectedState.PENDING)
            .filter(id__gt=last)
            .order_by("id")
            .values_list("id", flat=True)[:20]
        )
        if not ids:
            break
        for row_id in ids:
            late = stop_at is not None and done > 0 and time.monotonic() > stop_at  # one file at least
            if (limit is not None and done >= limit) or late:
                limit = done  # stop the outer loop too
                break
            last = row_id
            process_one(row_id, fetcher, rosters)
            done += 1
    left = pending(batch)
    if not left and batch.finished_at is None:
        CollectionBatch.objects.filter(pk=batch.pk, finished_at__isnull=True).update(finished_at=now())
    elif left and batch.finished_at is not None:
        CollectionBatch.objects.filter(pk=batch.pk).update(finished_at=None)
    batch.refresh_from_db()
    return batch


# --- the supervisor's word on a file -----------------------------------------------------------


def _locked(acting_user: User, collected: CollectedReport, version: int | None) -> CollectedReport:
    row = lock_versioned(
        CollectedReport, collected.pk, version, stale="该文件已被他人处理，请刷新页面查看后再操作"
    )
    _require_supervisor(acting_user, row.supervisor)
    return row


def roster_units(row: CollectedReport) -> list[RosterUnit]:
    """The units a file may be confirmed to: those of the roster of the year read from it."""
    if row.year is None:
        return []
    return list(
        RosterUnit.objects.filter(
            roster__agency_id=row.supervisor_id, roster__year=row.year, excluded=False
        ).order_by("id")
    )


@state_change
def confirm_match(
    *, acting_user: User, collected: CollectedReport, version: int | None, unit_id: int
) -> CollectedReport:
    """The file is this unit's report (one of its candidates, or any unit of that year's roster)."""
    row = _locked(acting_user, collected, version)
    if row.state not in (CollectedState.UNCERTAIN, CollectedState.UNMATCHED, CollectedState.MATCHED):
        raise ActionError(f"“{row.filename}”{row.get_state_display()}，不能确认所属单位", "conflict")
    if row.year is None:
        raise ActionError("这份文件没有读出报告年度，无法在名单中确认所属单位")
    unit = next((u for u in roster_units(row) if u.pk == unit_id), None)
    if unit is None:
        raise ActionError(f"{row.year}年度名单中没有这个单位，请从名单中选择")
    was_own = row.unit is not None and row.unit.deadline == Deadline.MAR31
    row.unit, row.state, row.reason = unit, CollectedState.MATCHED, ""
    row.confirmed_by, row.confirmed_at = acting_user, now()
    if row.original and (was_own or unit.deadline == Deadline.MAR31):  # checked again: its deadline
        with row.original.open("rb") as handle:
            data = handle.read()
        outcome = read(row.filename, data)
        if outcome.result is not None and outcome.fields is not None:
            row.findings = outcome.fields["findings"]
            _check_as(row, unit, outcome.result, data)
    bump(row)
    row.save()
    _event(row, CollectedEventKind.CONFIRMED, acting_user, unit=unit.name, year=row.year)
    return row


@state_change
def unmatch(*, acting_user: User, collected: CollectedReport, version: int | None) -> CollectedReport:
    """Take a file off the unit it was matched to: 未匹配 again (its reading is kept)."""
    row = _locked(acting_user, collected, version)
    if row.state != CollectedState.MATCHED:
        raise ActionError(f"“{row.filename}”没有匹配到单位", "conflict")
    name = row.unit.name if row.unit else ""
    row.unit, row.state = None, CollectedState.UNMATCHED
    row.reason = f"监督人员取消了与“{name}”的匹配"
    row.confirmed_by, row.confirmed_at = acting_user, now()
    bump(row)
    row.save()
    _event(row, CollectedEventKind.UNMATCHED, acting_user, unit=name)
    return row


@state_change
def refuse(
    *, acting_user: User, collected: CollectedReport, version: int | None, reason: str
) -> CollectedReport:
    """Refuse a file (not a report of this supervisor's units, a wrong file) with the reason."""
    row = _locked(acting_user, collected, version)
    why = (reason or "").replace("\x00", "").strip()[:2000]
    if not why:
        raise ActionError("请写明拒收的理由")
    if row.state == CollectedState.REFUSED:
        raise ActionError(f"“{row.filename}”已拒收", "conflict")
    row.unit, row.state, row.reason = None, CollectedState.REFUSED, f"监督人员拒收：{why}"
    row.confirmed_by, row.confirmed_at = acting_user, now()
    bump(row)
    row.save()
    _event(row, CollectedEventKind.REFUSED, acting_user, why)
    return row


@state_change
def reprocess(*, acting_user: User, collected: CollectedReport, version: int | None) -> CollectedReport:
    """Read the file again (a roster built since, the importer improved): 待处理 until processed."""
    row = _locked(acting_user, collected, version)
    if row.state == CollectedState.PENDING:
        raise ActionError(f"“{row.filename}”正在等待处理", "conflict")
    if not row.original and not row.source_url:
        raise ActionError(f"“{row.filename}”的原文件没有保存（{row.reason}），无法重新处理", "conflict")
    before = row.get_state_display()
    row.state, row.reason, row.unit, row.candidates = CollectedState.PENDING, "", None, []
    bump(row)
    row.save()
    _event(row, CollectedEventKind.REPROCESSED, acting_user, state=before)
    if row.batch_id is not None:
        CollectionBatch.objects.filter(pk=row.batch_id).update(finished_at=None)
    return row
