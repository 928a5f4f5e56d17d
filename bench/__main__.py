"""Import+check throughput per input format, beside the cost of merely reading the same files.

Usage: python -m bench [--reports N] [--pdf-reports N] [--formats txt-cells,html,...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from gongkai.annual_report.checker import check
from gongkai.annual_report.importers import load_bytes
from gongkai.annual_report.model import Report
from gongkai.annual_report.renderers import render
from gongkai.annual_report.renderers.text import render_text
from gongkai.annual_report.sample import random_report

RENDERERS: dict[str, tuple[str, Callable[[Report], bytes]]] = {
    "txt-cells": (".txt", lambda r: render_text(r, "cells").encode("utf-8")),
    "txt-tabs": (".txt", lambda r: render_text(r, "tabs").encode("utf-8")),
    "md": (".md", lambda r: render(r, "md")),
    "html": (".html", lambda r: render(r, "html")),
    "docx": (".docx", lambda r: render(r, "docx")),
    "pdf": (".pdf", lambda r: render(r, "pdf")),
    "json": (".json", lambda r: render(r, "json")),
    "csv": (".csv", lambda r: render(r, "csv")),
}


def _best_of(runs: int, work: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def _pdf_characters(data: bytes) -> str:
    """A PDF's characters, page by page, by the fastest means at hand (PDFium's text extraction)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            texts.append(text_page.get_text_range())
            text_page.close()
            page.close()
        return "".join(texts)
    finally:
        document.close()


def bench_format(fmt: str, count: int, folder: Path) -> tuple[float, float, int]:
    suffix, make = RENDERERS[fmt]
    paths = []
    for seed in range(count):
        path = folder / f"{fmt}-{seed}{suffix}"
        path.write_bytes(make(random_report(seed)))
        paths.append(path)

    def floor() -> None:  # merely reading the files (and decoding the text ones)
        for path in paths:
            data = path.read_bytes()
            if suffix in (".txt", ".md", ".html", ".json", ".csv"):
                data.decode("utf-8")
            elif suffix == ".pdf":
                _pdf_characters(data)

    failures = 0

    def work() -> None:
        nonlocal failures
        failures = 0
        for path in paths:
            result = load_bytes(path.read_bytes(), str(path))
            if result.findings or check(result.report):
                failures += 1

    floor_s = _best_of(3, floor)
    work_s = _best_of(2 if count > 200 else 3, work)
    return count / work_s, count / floor_s, failures


def bench_deadlines(count: int) -> tuple[float, float]:
    from gongkai.clock import default_calendar, reply_deadline

    calendar = default_calendar()
    days = [date(2020, 1, 1) + timedelta(days=i % 2000) for i in range(count)]
    off = {
        d
        for d in (date(2020, 1, 1) + timedelta(days=i) for i in range(2600))
        if not calendar.is_working_day(d)
    }

    def floor() -> None:  # step day by day through a set of days off
        for start in days:
            day, left = start, 20
            while left:
                day += timedelta(days=1)
                if day not in off:
                    left -= 1

    def work() -> None:
        for start in days:
            reply_deadline(start, calendar=calendar).due  # noqa: B018 - the work being measured

    return count / _best_of(3, work), count / _best_of(3, floor)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument(
        "--pdf-reports", type=int, default=100, help="PDF rendering is slow; fewer by default"
    )
    parser.add_argument("--formats", default=",".join(RENDERERS))
    args = parser.parse_args()
    print(f"gongkai bench — Python {sys.version.split()[0]}, one process")
    print(f"{'format':<10}{'reports':>8}{'import+check /s':>17}{'floor: read /s':>16}{'ratio':>8}  notes")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats.split(","):
            count = args.pdf_reports if fmt == "pdf" else args.reports
            rate, floor_rate, failures = bench_format(fmt, count, Path(tmp))
            note = f"{failures} reports with findings" if failures else "every report read with no finding"
            if fmt == "pdf":
                note += "; floor: PDFium's text extraction"
            print(f"{fmt:<10}{count:>8}{rate:>17,.0f}{floor_rate:>16,.0f}{floor_rate / rate:>7.0f}×  {note}")
    rate, floor_rate = bench_deadlines(100_000)
    print(
        f"{'deadline':<10}{100_000:>8}{rate:>17,.0f}{floor_rate:>16,.0f}{floor_rate / rate:>7.1f}×  20 working days, floor: day-by-day stepping"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
