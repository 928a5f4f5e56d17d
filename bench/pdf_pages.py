"""Reading a fifty-page PDF, beside the floor: PDFium extracting every page's text, which any reading must do.

Usage: python -m bench.pdf_pages [--runs 3] [--copies 20]

The document: `--copies` times twenty-two paragraphs of report prose and a ruled table of twenty
rows (about fifty A4 pages for twenty copies, some tables cut by a page break), rendered by
WeasyPrint with a CJK font. Finding the ruled tables, merging those cut by page breaks and
ordering the text should cost a small multiple of the floor (about twice, measured in 2026), not
the tenfold of laying pages out with pdfminer. Moved here from tests/report/test_read_pdf.py, where it
was a ratio asserted in a test; the test keeps what it proved about the tables.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable

PROSE = "<p>" + "本年度本局认真贯彻落实政府信息公开条例，强化组织领导，健全机制保障。" * 5 + "</p>"
# tests/fixtures_docs.py's PDF_STYLE in portrait A4, as the test this came from used it.
STYLE = """
@page { size: A4; margin: 1.5cm;
        @bottom-center { content: "- " counter(page) " -"; font-size: 9pt; } }
body { font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; font-size: 10pt; }
table { border-collapse: collapse; }
td, th { border: 0.8pt solid black; padding: 2pt 4pt; }
"""


def document(copies: int) -> bytes:
    import weasyprint

    rows = "".join(f"<tr><td>{i}</td>" + "<td>0</td>" * 8 + "</tr>" for i in range(20))
    body = (PROSE * 22 + f"<table>{rows}</table>") * copies
    page = f"<html><head><meta charset='utf-8'><style>{STYLE}</style></head><body>{body}</body></html>"
    buffer = io.BytesIO()
    weasyprint.HTML(string=page).write_pdf(buffer)
    return buffer.getvalue()


def extract_text(data: bytes) -> int:
    """The floor: every page's text through PDFium, nothing else. Returns the page count."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    pages = len(pdf)
    for index in range(pages):
        page = pdf[index]
        text_page = page.get_textpage()
        text_page.get_text_range()
        text_page.close()
        page.close()
    pdf.close()
    return pages


def median_s(runs: int, work: Callable[[], object]) -> float:
    work()  # warm up: fonts, imports, caches
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pdf_pages", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (median)")
    parser.add_argument(
        "--copies", type=int, default=20, help="prose-and-table copies (20: about fifty pages)"
    )
    args = parser.parse_args()

    from gongkai.annual_report.blocks import Table
    from gongkai.annual_report.importers.pdf import read_pdf

    data = document(args.copies)
    pages = extract_text(data)
    tables = sum(isinstance(block, Table) for block in read_pdf(data))
    floor = median_s(args.runs, lambda: extract_text(data))
    reading = median_s(args.runs, lambda: read_pdf(data))
    print(f"gongkai bench.pdf_pages — Python {sys.version.split()[0]}, one process, median of {args.runs}")
    print(f"{'what':<44}{'s':>8}{'floor s':>10}{'ratio':>8}")
    print(
        f"{f'read_pdf, {pages} pages, {tables} tables found':<44}{reading:>8.2f}{floor:>10.2f}{reading / floor:>7.1f}×"
        "  floor: PDFium's text extraction"
    )
    if tables != args.copies:
        print(f"expected {args.copies} tables, found {tables}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
