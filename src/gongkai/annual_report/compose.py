"""Composing the narrative of an annual report from the year's work.

What the web app needs to put a report together on one page, in plain Python:

- :func:`section_templates` — the six sections in the edition's order, each with its heading
  and a starter text that lists what it must cover (:data:`COVERS`): for 总体情况 主动公开,
  依申请公开, 政府信息管理, 平台建设, 监督保障, and for a government also 考核, 社会评议 and
  责任追究; for 六 in the 2021 edition the 信息处理费 statement and the year's 工作要点.
  What the clerk still has to write stands in a prompt 「（待补充：…）」.
- Live fields inside the text, bound to a table cell so that the prose cannot contradict the
  tables. A clerk types and reads them in 【】 brackets:

  ``【表三·本年新收政府信息公开申请数量·总计】``  the cell's value (here ``applications.new.total``);
  ``【同比：表三·本年新收政府信息公开申请数量·总计】``  the change from last year's report:
  「同比增长25%」, 「同比下降12.5%」, 「与上年持平」, or when last year's figure was 0
  「上年为0，本年为3」 (no percentage of nothing);
  ``【上年：表三·…】``  last year's value of the cell.

  A field names its table (表二, 表三, 表四) and then words of the row and column labels in
  order, separated by 「·」; each word may be the whole label or a part of it (numbering such as
  「一、」「（三）」「1.」 left out), as long as one cell alone fits (:func:`field_name` gives each
  cell's full name, which always fits). The canonical key works too: ``【applications.new.total】``.
- :func:`fill` — the text with every field replaced, and the list of problems: an unknown or
  ambiguous field, a cell with no value, no last year's report, a prompt not yet written. A
  field that cannot be filled stays in the text as typed: never a silent blank.
- :func:`fee_statement` — section 六's sentence on 信息处理费 from the year's fee figures.
- :func:`finding_key` and :func:`sign_off_state` — which warnings still lack the written
  explanation that a report keeps in ``Report.explanations``, and which errors block sign-off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache

from .editions import EDITIONS, Edition, EditionDef
from .findings import Code, Finding, Severity
from .model import TABLE_NUMBERS, CellKey, Number, Report, Section
from .renderers.layout import format_value

# --- what each section must cover ------------------------------------------------------------

OVERVIEW_TOPICS = ("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障")
GOVERNMENT_TOPICS = ("考核", "社会评议", "责任追究")  # a 人民政府 reports these too
OTHER_MATTERS_2021 = ("信息处理费", "政务公开工作要点落实情况")

PROMPT = re.compile(r"（待补充：([^）]*)）")


def covers(edition: Edition, *, government: bool) -> dict[int, tuple[str, ...]]:
    """What each section's text must cover, by section number (sections 二 to 四 are tables)."""
    other = OTHER_MATTERS_2021 if edition is Edition.E2021 else ("其他需要报告的事项",)
    return {
        1: OVERVIEW_TOPICS + (GOVERNMENT_TOPICS if government else ()),
        2: (),
        3: (),
        4: (),
        5: ("存在的主要问题", "改进情况"),
        6: other,
    }


def section_templates(
    edition: Edition, *, government: bool, fee_statement: str | None = None
) -> list[Section]:
    """The six sections of `edition` with their headings and starter texts.

    `fee_statement` (from :func:`fee_statement`) goes into section 六 of the 2021 edition;
    without it that place holds a prompt. Figures are live fields (see the module docstring).
    """
    definition = EDITIONS[edition]
    normative = _field(definition, ("art20_1", "normative", _made_column(edition)))
    new = _field(definition, ("applications", "new", "total"))
    carried = _field(definition, ("applications", "carried_over", "total"))
    done = _field(definition, ("applications", "total", "total"))
    forward = _field(definition, ("applications", "carried_forward", "total"))
    review = _field(definition, ("appeals", "cases", "review_total"))
    suits = [
        _field(definition, ("appeals", "cases", f"{g}_total")) for g in ("suit_direct", "suit_after_review")
    ]

    overview = [
        f"（一）主动公开。（待补充：本年度主动公开政府信息的主要内容、渠道和数量。）本年制发{_NORMATIVE[edition]}"
        f"【{normative}】件。",
        f"（二）依申请公开。本年度新收政府信息公开申请【{new}】件，【同比：{new}】；上年结转【{carried}】件；"
        f"办理完毕【{done}】件，结转下年度继续办理【{forward}】件。因政府信息公开被申请行政复议【{review}】件，"
        f"被提起行政诉讼【{suits[0]}】件、复议后起诉【{suits[1]}】件。",
        "（三）政府信息管理。（待补充：政府信息公开属性审查、保密审查和政策文件清理情况。）",
        "（四）平台建设。（待补充：政府网站、政务新媒体和政府信息公开专栏的建设和更新情况。）",
        "（五）监督保障。（待补充：工作机构、人员、培训和制度保障情况。）",
    ]
    if government:
        overview += [
            "（六）考核。（待补充：政务公开工作纳入绩效考核的情况。）",
            "（七）社会评议。（待补充：开展社会评议的方式和结果。）",
            "（八）责任追究。（待补充：责任追究情况；没有的写明本年度未发生责任追究。）",
        ]
    problems = [
        "（待补充：本年度政府信息公开工作存在的主要问题。）",
        "（待补充：针对上述问题的改进措施，以及上一年度所报问题的整改情况。）",
    ]
    if edition is Edition.E2021:
        other = [
            fee_statement or "（待补充：本年度收取信息处理费的情况：发出收费通知的件数和总金额。）",
            "（待补充：本年度政务公开工作要点的落实情况。）",
        ]
    else:
        other = ["（待补充：其他需要报告的事项。）"]
    texts = {1: overview, 2: [], 3: [], 4: [], 5: problems, 6: other}
    return [
        Section(number, title, "\n".join(texts[number]))
        for number, title in enumerate(definition.section_titles, start=1)
    ]


_NORMATIVE = {Edition.E2019: "规范性文件", Edition.E2021: "行政规范性文件"}


def _made_column(edition: Edition) -> str:
    return "made" if edition is Edition.E2019 else "issued"


def _field(definition: EditionDef, key: CellKey) -> str:
    return field_name(definition.edition, key)


# --- field names -----------------------------------------------------------------------------

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])")
_NOTE = re.compile(r"（[^）]*）$")  # 「（区分处理的，只计这一情形，不计其他情形）」
_SEPARATORS = re.compile(r"[·・•]")


def _plain(label: str) -> str:
    text = re.sub(r"\s+", "", label)
    text = _NUMBERING.sub("", text)
    return _NOTE.sub("", text) or text


@dataclass(frozen=True)
class _Named:
    key: CellKey
    parts: tuple[str, ...]  # table numeral, then the plain row and column labels, outermost first


@cache
def _cells(edition: Edition) -> tuple[_Named, ...]:
    definition = EDITIONS[edition]
    cells = []
    for table in definition.tables:
        numeral = TABLE_NUMBERS[table.section]
        for row in table.rows:
            row_parts = () if table.key == "appeals" else tuple(_plain(p) for p in row.path)
            for column in table.columns:
                parts = (numeral, *row_parts, *(_plain(p) for p in column.path))
                cells.append(_Named((table.key, row.key, column.key), parts))
    return tuple(cells)


def field_name(edition: Edition, key: CellKey) -> str:
    """The full name of a cell as a clerk types it inside 【】: 「表三·本年新收政府信息公开申请数量·总计」.

    Table 三 leaves out the outer row groups (「本年度办理结果」) and table 二 its part, since the
    inner labels alone already name one cell; the column keeps its group where it has one.
    """
    table = EDITIONS[edition].table(key[0])
    row, column = table.row(key[1]), table.column(key[2])
    parts = [TABLE_NUMBERS[table.section]]
    if table.key != "appeals":
        parts.append(_plain(row.label))
    parts += [_plain(p) for p in column.path]
    if table.key == "applications" and len(column.path) > 1:
        parts.pop(-2)  # 「法人或其他组织」: the applicant's own label suffices
    name = "·".join(parts)
    if resolve(edition, name) != key:  # labels repeated deeper in the row path: name it fully
        name = "·".join(next(c.parts for c in _cells(edition) if c.key == key))
    return name


class Resolved(StrEnum):
    UNKNOWN = "unknown"
    AMBIGUOUS = "ambiguous"


def resolve(edition: Edition, name: str) -> CellKey | Resolved:
    """The cell a field names: a canonical key 「applications.new.total」 or a Chinese name."""
    name = name.strip()
    if re.fullmatch(r"[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+", name):
        table, row, column = name.split(".")
        try:
            EDITIONS[edition].table(table).row(row)
            EDITIONS[edition].table(table).column(column)
        except KeyError:
            return Resolved.UNKNOWN
        return (table, row, column)
    typed = tuple(_plain(part) for part in _SEPARATORS.split(name) if part.strip())
    if len(typed) < 2:
        return Resolved.UNKNOWN
    best: list[CellKey] = []
    best_exact = -1
    for cell in _cells(edition):
        exact = _fit(typed, cell.parts)
        if exact is None:
            continue
        if exact > best_exact:
            best, best_exact = [cell.key], exact
        elif exact == best_exact:
            best.append(cell.key)
    if not best:
        return Resolved.UNKNOWN
    if len(best) > 1:
        return Resolved.AMBIGUOUS
    return best[0]


def _fit(typed: tuple[str, ...], parts: tuple[str, ...]) -> int | None:
    """How many typed words equal a label exactly, when each typed word is found in a later
    label than the word before it (the first one being the table); None when they do not fit."""
    if typed[0] != parts[0]:
        return None
    exact = 1
    at = 1
    for word in typed[1:]:
        while at < len(parts) and word not in parts[at]:
            at += 1
        if at == len(parts):
            return None
        exact += word == parts[at]
        at += 1
    # The innermost column label must be named: 「表三·予以公开」 alone names a row, not a cell.
    if typed[-1] not in parts[-1]:
        return None
    return exact


# --- filling the fields ----------------------------------------------------------------------


class Problem(StrEnum):
    UNKNOWN_FIELD = "unknown-field"
    AMBIGUOUS_FIELD = "ambiguous-field"
    MISSING_VALUE = "missing-value"
    MISSING_LAST_YEAR = "missing-last-year"
    PROMPT = "prompt"


@dataclass(frozen=True)
class FieldProblem:
    problem: Problem
    field: str  # as typed between the brackets (or the prompt's words)
    message: str  # in Chinese, for the clerk
    section: int | None = None


@dataclass(frozen=True)
class Filled:
    text: str
    problems: tuple[FieldProblem, ...] = ()
    cells: tuple[CellKey, ...] = ()  # the cells the text's fields are bound to, in order


FIELD = re.compile(r"【([^【】]*)】")
_MODES = {"同比": "yoy", "上年": "last"}


def fill(text: str, report: Report, previous: Report | None = None, *, section: int | None = None) -> Filled:
    """The text with its live fields replaced by the report's figures (see the module docstring)."""
    problems: list[FieldProblem] = []
    cells: list[CellKey] = []

    def problem(kind: Problem, typed: str, message: str) -> None:
        problems.append(FieldProblem(kind, typed, message, section))

    def replace(match: re.Match[str]) -> str:
        typed = match.group(1)
        mode, _, name = typed.partition("：") if "：" in typed else ("", "", typed)
        if mode and mode not in _MODES:
            mode, name = "", typed
        key = resolve(report.edition, name)
        if key is Resolved.UNKNOWN:
            problem(Problem.UNKNOWN_FIELD, typed, f"【{typed}】不是{_edition_name(report)}表格中的单元格")
            return match.group(0)
        if key is Resolved.AMBIGUOUS:
            problem(Problem.AMBIGUOUS_FIELD, typed, f"【{typed}】可以指多个单元格，请写全行和列的名称")
            return match.group(0)
        assert isinstance(key, tuple)
        cells.append(key)
        value = report.get(*key)
        if _MODES.get(mode) == "last" or _MODES.get(mode) == "yoy":
            last = _last_year(previous, key)
            if previous is None or last is None:
                why = "没有上一年度报告" if previous is None else "上一年度报告中该单元格没有数值"
                problem(Problem.MISSING_LAST_YEAR, typed, f"【{typed}】无法填写：{why}")
                return match.group(0)
            if _MODES[mode] == "last":
                return format_value(last)
            if value is None:
                problem(Problem.MISSING_VALUE, typed, f"【{typed}】无法填写：本年度该单元格没有数值")
                return match.group(0)
            return year_on_year(value, last)
        if value is None:
            problem(Problem.MISSING_VALUE, typed, f"【{typed}】无法填写：该单元格没有数值")
            return match.group(0)
        return format_value(value)

    filled = FIELD.sub(replace, text)
    for prompt in PROMPT.finditer(filled):
        problems.append(
            FieldProblem(Problem.PROMPT, prompt.group(1), f"尚未填写：{prompt.group(1)}", section)
        )
    return Filled(filled, tuple(problems), tuple(cells))


def fill_sections(
    report: Report, drafts: Sequence[Section], previous: Report | None = None
) -> tuple[list[Section], list[FieldProblem]]:
    """Every section of a draft filled in, and every problem, each with its section number."""
    sections: list[Section] = []
    problems: list[FieldProblem] = []
    for draft in drafts:
        filled = fill(draft.text, report, previous, section=draft.number)
        sections.append(Section(draft.number, draft.title, filled.text))
        problems.extend(filled.problems)
    return sections, problems


def _last_year(previous: Report | None, key: CellKey) -> Number | None:
    if previous is None:
        return None
    try:
        return previous.get(*key)
    except KeyError:  # last year's edition has no such cell
        return None


def _edition_name(report: Report) -> str:
    return f"{report.definition.name}"


def year_on_year(this: Number, last: Number) -> str:
    """「同比增长25%」, 「同比下降12.5%」, 「与上年持平」; last year 0: 「上年为0，本年为3」.

    The percentage is (this − last) / last × 100, rounded half up to one decimal, a trailing
    「.0」 left out.
    """
    if this == last:
        return "与上年持平"
    if last == 0:
        return f"上年为0，本年为{format_value(this)}"
    change = (Decimal(this) - Decimal(last)) / Decimal(last) * 100
    rounded = abs(change).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    shown = format(rounded.normalize(), "f") if rounded != rounded.to_integral() else str(int(rounded))
    return f"同比{'增长' if change > 0 else '下降'}{shown}%"


# --- section 六: the processing fee ------------------------------------------------------------

NO_FEES = "本年度未收取信息处理费。"


def fee_statement(*, notices: int, amount: Decimal) -> str:
    """Section 六's sentence on 信息处理费 (E2021): how many fee notices, how much (in 元).

    None charged gives the standard 「本年度未收取信息处理费。」.
    """
    if notices < 0 or amount < 0:
        raise ValueError("收费通知件数和金额不能为负数")
    if notices == 0:
        if amount:
            raise ValueError("没有收费通知，收费金额应为0")
        return NO_FEES
    yuan = format(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")
    yuan = yuan.rstrip("0").rstrip(".") if "." in yuan else yuan
    return f"本年度共发出收费通知{notices}件，收取信息处理费{yuan}元。"


# --- explanations and sign-off -----------------------------------------------------------------


def finding_key(finding: Finding) -> str:
    """The key of a finding's explanation in ``Report.explanations``: 「code:table.row.column」
    (as much of the place as the finding names), 「code:第N部分」, or the code alone."""
    place = ".".join(p for p in (finding.table, finding.row, finding.column) if p)
    if not place and finding.section is not None:
        place = f"第{finding.section}部分"
    return f"{finding.code}:{place}" if place else str(finding.code)


@dataclass(frozen=True)
class SignOffState:
    blocking: tuple[Finding, ...]  # errors: sign-off waits until they are fixed
    unexplained: tuple[Finding, ...]  # warnings with no written explanation yet
    explained: tuple[tuple[Finding, str], ...]  # warnings and their explanations, shown to approvers
    stale: tuple[str, ...] = field(default=())  # explanations whose warning is gone

    @property
    def ready(self) -> bool:
        return not self.blocking and not self.unexplained


def sign_off_state(report: Report, findings: Iterable[Finding]) -> SignOffState:
    """What stands between a report and its sign-off.

    An override's reason is its explanation (rule ``override``): it was given with the value.
    """
    blocking: list[Finding] = []
    unexplained: list[Finding] = []
    explained: list[tuple[Finding, str]] = []
    used: set[str] = set()
    for finding in findings:
        if finding.severity is Severity.ERROR:
            blocking.append(finding)
            continue
        key = finding_key(finding)
        text = report.explanations.get(key, "").strip()
        if not text and finding.code is Code.OVERRIDE:
            text = str(finding.values.get("reason", "")).strip()
        if text:
            used.add(key)
            explained.append((finding, text))
        else:
            unexplained.append(finding)
    stale = tuple(k for k in report.explanations if k not in used)
    return SignOffState(tuple(blocking), tuple(unexplained), tuple(explained), stale)
