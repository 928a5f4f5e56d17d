"""A cell typed by hand carries its reason everywhere; warnings need explanations before sign-off."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document

from gongkai.annual_report.blocks import UnreadableError
from gongkai.annual_report.checker import check
from gongkai.annual_report.compose import finding_key, sign_off_state
from gongkai.annual_report.findings import Code
from gongkai.annual_report.importers.structured import read_json
from gongkai.annual_report.model import Override, Report
from gongkai.annual_report.renderers import render_docx, render_html, render_json

from .composed_sample import composed_2025, report_2024

KEY = ("art20_5", "license", "decisions")
REASON = "1至3月的许可决定在旧系统中，按旧系统导出的台账填报"
NOTE = f"注：表二第（五）项“行政许可”行“本年处理决定数量”为手工填报的数值1600，理由：{REASON}。"


def _overridden() -> Report:
    report = composed_2025()
    report.override(KEY, Override(1600, REASON))
    return report


def test_the_override_is_the_cell_value_and_a_finding() -> None:
    report = _overridden()
    assert report.get(*KEY) == 1600  # was 1520 from the registers
    (found,) = [f for f in check(report, report_2024()) if f.code == Code.OVERRIDE]
    assert (found.table, found.row, found.column, found.severity) == (*KEY, "warning")
    assert REASON in found.message
    assert "1600" in found.message


def test_an_override_needs_a_reason_and_a_real_cell() -> None:
    with pytest.raises(ValueError, match="必须说明理由"):
        Override(3, "  ")
    report = composed_2025()
    with pytest.raises(KeyError):
        report.override(("art20_9", "procurement", "projects"), Override(1, "x"))  # not in E2021
    assert report.overrides == {}


def test_overrides_and_explanations_survive_the_json() -> None:
    report = _overridden()
    report.explanations["deadline:第1部分"] = "x"
    text = render_json(report)
    data = json.loads(text)
    assert data["overrides"] == {"art20_5.license.decisions": {"value": 1600, "reason": REASON}}
    back = read_json(text)  # validated against the schema on the way in
    assert back.overrides == {KEY: Override(1600, REASON)}
    assert back.explanations == {"deadline:第1部分": "x"}
    assert back.get(*KEY) == 1600


def test_json_with_an_override_without_reason_is_refused() -> None:
    data = json.loads(render_json(_overridden()))
    data["overrides"]["art20_5.license.decisions"]["reason"] = ""
    with pytest.raises(UnreadableError, match="reason 不能为空白"):
        read_json(json.dumps(data, ensure_ascii=False))
    data["overrides"] = {"art20_9.procurement.projects": {"value": 1, "reason": "旧系统"}}
    with pytest.raises(UnreadableError, match=r"“art20_9\.procurement\.projects”不属于E2021格式"):
        read_json(json.dumps(data, ensure_ascii=False))


def test_every_renderer_footnotes_the_override() -> None:
    report = _overridden()
    html = render_html(report)
    assert f'<p class="note">{NOTE}</p>' in html
    # under table 二, before section 三's heading
    assert html.index("第二十条第（八）项") < html.index(NOTE) < html.index("三、收到和处理")
    doc = Document(io.BytesIO(render_docx(report)))
    assert NOTE in [p.text for p in doc.paragraphs]


def test_sign_off_waits_for_errors_to_be_fixed_and_warnings_to_be_explained() -> None:
    report = _overridden()
    report.set("applications", "new", "natural_person", 41)  # 41 + 3 ≠ 38 + 5; row total 48 ≠ 49
    report.published = None  # a warning: no date to check the deadline against
    findings = check(report, report_2024())
    state = sign_off_state(report, findings)
    assert {f.code for f in state.blocking} == {Code.BALANCE, Code.ROW_TOTAL}
    assert [f.code for f in state.unexplained] == [Code.DEADLINE]
    assert [(f.code, text) for f, text in state.explained] == [(Code.OVERRIDE, REASON)]  # its reason
    assert not state.ready

    report.set("applications", "new", "natural_person", 40)
    report.explanations[finding_key(state.unexplained[0])] = "报告尚未发布，发布日期在发布时填写"
    report.explanations["balance:applications.new.natural_person"] = "已改正"  # no such warning now
    state = sign_off_state(report, check(report, report_2024()))
    assert state.ready
    assert [finding_key(f) for f, _ in state.explained] == ["deadline", "override:art20_5.license.decisions"]
    assert state.stale == ("balance:applications.new.natural_person",)


def test_finding_keys_name_the_place() -> None:
    findings = check(_overridden(), report_2024())
    assert [finding_key(f) for f in findings] == ["override:art20_5.license.decisions"]
