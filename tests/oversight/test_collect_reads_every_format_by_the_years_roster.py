"""Each collected file is matched in the roster of the year read from it, whatever the batch's
year: the example reports made into DOCX, PDF and HTML find their units in the 2020 and 2022
rosters, a 2019 report finds no roster (未匹配, saying so). A file the reader trips over
unexpectedly is refused with a reason and the files after it are still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.annual_report.importers import load_bytes
from gongkai.annual_report.renderers import render
from gongkai.oversight import actions, collect
from gongkai.oversight.collect import process, start_batch
from gongkai.oversight.models import (
    BatchSource,
    CollectedReport,
    CollectedState,
    Roster,
    RosterUnit,
    UnitKind,
)

from .collect_fixtures import EXAMPLES, LONGTIAN, REAL, ZHONGSHAN, media, roster_2021
from .oversight_fixtures import Tree, tree

__all__ = ["media", "tree"]

CULTURE = EXAMPLES / "2020-示例县文化和旅游局-每格一行.txt"  # 示例县文化和旅游局, 2020
MARKET = EXAMPLES / "2022-示例区市场监督管理局-制表符.txt"  # 示例区市场监督管理局, 2022
RESEARCH_2019 = REAL / "04-2019-city-dept-xiaogan-research.txt"  # 市政府研究室, 2019


def _roster(tree: Tree, year: int, name: str) -> Roster:
    roster = actions.build_roster(acting_user=tree.supervisor, agency=tree.county, year=year)
    actions.add_unit(
        acting_user=tree.supervisor,
        roster=roster,
        version=roster.version,
        name=name,
        kind=UnitKind.DEPARTMENT,
        level="county",
    )
    return roster


@pytest.mark.django_db
def test_docx_pdf_and_html_are_matched_in_the_roster_of_their_own_year(tree: Tree, media: Path) -> None:
    r2020 = _roster(tree, 2020, "示例县文化和旅游局")
    r2022 = _roster(tree, 2022, "示例区市场监督管理局")
    culture = load_bytes(CULTURE.read_bytes(), CULTURE.name).report
    market = load_bytes(MARKET.read_bytes(), MARKET.name).report
    files = [
        ("文旅局2020.docx", render(culture, "docx")),
        ("市场监管局2022.pdf", render(market, "pdf")),
        ("市场监管局2022.html", render(market, "html")),
        ("研究室2019.txt", RESEARCH_2019.read_bytes()),
    ]
    batch = start_batch(
        acting_user=tree.supervisor, supervisor=tree.county, year=2022, source=BatchSource.FILES, files=files
    )
    process(batch)
    rows = {r.filename: r for r in CollectedReport.objects.filter(batch=batch)}

    assert rows["文旅局2020.docx"].state == CollectedState.MATCHED
    assert rows["文旅局2020.docx"].unit == RosterUnit.objects.get(roster=r2020, name="示例县文化和旅游局")
    assert rows["文旅局2020.docx"].year == 2020
    assert rows["市场监管局2022.pdf"].unit == RosterUnit.objects.get(
        roster=r2022, name="示例区市场监督管理局"
    )
    assert rows["市场监管局2022.pdf"].edition == "E2021"
    # The same report as HTML: other bytes, so not a duplicate; matched to the same unit.
    assert rows["市场监管局2022.html"].state == CollectedState.MATCHED
    assert rows["市场监管局2022.html"].unit == rows["市场监管局2022.pdf"].unit
    research = rows["研究室2019.txt"]
    assert research.state == CollectedState.UNMATCHED
    assert research.named_agency == "市政府研究室"
    assert "还没有2019年度的名单" in research.reason


@pytest.mark.django_db
def test_a_file_the_reader_trips_over_is_refused_and_the_next_one_read(
    tree: Tree, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    roster_2021(tree, "石家庄市桥西区中山街道办事处", "龙田镇人民政府")
    real_load = collect.load_bytes

    def tripping(data: bytes, source: str = "") -> object:
        if source == "中山.txt":
            raise RuntimeError("the reader fell over")
        return real_load(data, source)

    monkeypatch.setattr(collect, "load_bytes", tripping)
    batch = start_batch(
        acting_user=tree.supervisor,
        supervisor=tree.county,
        year=2021,
        source=BatchSource.FILES,
        files=[("中山.txt", ZHONGSHAN.read_bytes()), ("龙田.txt", LONGTIAN.read_bytes())],
    )
    batch = process(batch)
    first, second = CollectedReport.objects.filter(batch=batch).order_by("id")
    assert first.state == CollectedState.REFUSED
    assert "处理时出错（RuntimeError）" in first.reason
    assert first.original  # kept: it can be read again once the reader is fixed
    assert second.state == CollectedState.MATCHED
    assert batch.finished_at is not None

    monkeypatch.setattr(collect, "load_bytes", real_load)
    again = collect.reprocess(acting_user=tree.supervisor, collected=first, version=first.version)
    collect.process_one(again.pk)
    assert CollectedReport.objects.get(pk=first.pk).state == CollectedState.MATCHED
