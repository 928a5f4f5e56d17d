"""雷同: how much of a report's narrative another report already says, and which passages.

A supervisor reading a unit's report asks two questions the tables cannot answer: was this
year's text written, or last year's copied with the numbers changed; and was it written by
this unit, or taken from a peer's. :func:`similarity` answers for one pair, :func:`compare_set`
for a folder (each report against its agency's earlier years and against its peers).

The measure works on sentences, because that is how copying shows to a reader:

- The narrative is every section's text cut into sentences (at 。；！？ and line ends). Before
  comparing, figures are masked (every run of digits counts as the same token), the agency's
  own name is masked, and spaces and punctuation are dropped: a copy with this year's numbers
  and another unit's name typed in is still the same sentence.
- Sentences shorter than :data:`MIN_SENTENCE` characters (「无。」, headings) say nothing
  about copying and are not counted. Neither is boilerplate every report must or may carry:
  the platform's own section templates (``compose.section_templates``), the standard
  opening and closing sentences (:data:`BOILERPLATE`), and, in a folder, any sentence that
  :data:`COMMON_AGENCIES` or more different agencies share (a county's template).
- Each counted sentence of A gets its best match in B by rapidfuzz's ``fuzz.ratio`` (an
  edit-distance similarity, 0–100). Score 100 is *the same sentence*; :data:`NEAR` or more
  is *a lightly edited sentence* (a word or two changed).

Verdict, from the share of A's counted characters (thresholds measured on the hand-made
pairs in tests/report/test_similarity_tells_copies_from_honest_reports.py):

- 照搬 ``copied``: at least :data:`COPIED` of the text is the same sentences;
- 轻度改写 ``edited``: at least :data:`EDITED` of the text is the same or lightly edited;
- 独立撰写 ``distinct``: below that;
- 篇幅过短 ``too-short``: fewer than :data:`MIN_TEXT` counted characters, not rated.

The measure is directional (how much of A is found in B): a short report copied into a long one
is a copy of it, the long one is not a copy of the short one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from rapidfuzz import fuzz, process

from .editions import section_numeral
from .findings import Code, Finding, Severity
from .model import Report

MIN_SENTENCE = 12  # characters after masking
MIN_TEXT = 150  # counted characters below which a report is not rated
NEAR = 75  # fuzz.ratio from which a sentence counts as lightly edited
COPIED = 0.80  # share of the same sentences for 照搬
EDITED = 0.50  # share of the same or lightly edited sentences for 轻度改写
COMMON_AGENCIES = 3  # a sentence this many agencies share in a folder is a template
GRAM, CANDIDATE = 3, 0.3  # peers read in full: those sharing 30% of a report's telling trigrams
PASSAGES_SHOWN = 3  # passages quoted in a finding, longest first
QUOTE = 80  # characters of a passage quoted in a finding's message

# Sentences the format or common practice puts in every report (masked and flattened, see _flat).
BOILERPLATE = (
    re.compile(r"^本(?:年度)?报告(?:是)?(?:根据|依据|按照)"),
    re.compile(r"^本报告(?:中)?所列数据的统计期限"),
    re.compile(r"^本报告(?:的)?电子版"),
    re.compile(r"^如(?:对本报告)?有(?:任何)?疑问"),
    re.compile(r"^(?:本报告)?由.{0,20}(?:编制|编写)"),
)


class Verdict(StrEnum):
    COPIED = "copied"
    EDITED = "edited"
    DISTINCT = "distinct"
    TOO_SHORT = "too-short"


VERDICT_TITLES = {
    Verdict.COPIED: "照搬",
    Verdict.EDITED: "轻度改写",
    Verdict.DISTINCT: "独立撰写",
    Verdict.TOO_SHORT: "篇幅过短，不作评价",
}


@dataclass(frozen=True)
class Sentence:
    section: int
    text: str  # as printed
    flat: str  # masked and flattened: what is compared


@dataclass(frozen=True)
class Passage:
    """Consecutive sentences of A found, in the same order, in B."""

    text: str  # as printed in A
    other_text: str  # as printed in B
    section: int
    other_section: int
    chars: int  # counted characters of A's sentences
    same: bool  # every sentence the same (not only lightly edited)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "other_text": self.other_text,
            "section": self.section,
            "other_section": self.other_section,
            "chars": self.chars,
            "same": self.same,
        }


@dataclass(frozen=True)
class Similarity:
    verdict: Verdict
    counted: int  # A's counted characters
    same: int  # of which in sentences B has too
    close: int  # of which in sentences B has, the same or lightly edited
    passages: tuple[Passage, ...] = field(default_factory=tuple)  # longest first

    @property
    def same_share(self) -> float:
        return self.same / self.counted if self.counted else 0.0

    @property
    def close_share(self) -> float:
        return self.close / self.counted if self.counted else 0.0


# --- sentences ------------------------------------------------------------------------------

_SPLIT = re.compile(r"(?<=[。；;！!？?])|\n")
_DIGITS = re.compile(r"[0-9０-９]+")  # after punctuation is dropped: 1.5 is one run
_YEAR_WORDS = re.compile(r"[〇零一二三四五六七八九]{4}年")
_DROP = re.compile(r"[\s\W_]+")


def _flat(text: str, agency: str = "") -> str:
    if agency:
        text = text.replace(agency, "本机关")
    text = _YEAR_WORDS.sub("0年", _DROP.sub("", text))
    return _DIGITS.sub("0", text)  # every figure the same token (a word character, unlike #)


@cache
def _templates() -> tuple[str, ...]:
    """The platform's section templates, flattened with their live fields masked."""
    from .compose import FIELD, NO_FEES, section_templates
    from .editions import Edition

    found: set[str] = {_flat(NO_FEES)}
    for edition in Edition:
        for government in (False, True):
            for section in section_templates(edition, government=government):
                for piece in _SPLIT.split(FIELD.sub("0", section.text)):
                    flat = _flat(piece)
                    if len(flat) >= MIN_SENTENCE:
                        found.add(flat)
    return tuple(sorted(found))


def _is_boilerplate(flat: str, common: frozenset[str]) -> bool:
    if flat in common or any(p.search(flat) for p in BOILERPLATE):
        return True
    return process.extractOne(flat, _templates(), scorer=fuzz.ratio, score_cutoff=90) is not None


def sentences(report: Report, common: frozenset[str] = frozenset()) -> list[Sentence]:
    """The report's counted sentences: long enough, not boilerplate."""
    out: list[Sentence] = []
    for section in report.sections:
        for piece in _SPLIT.split(section.text):
            flat = _flat(piece, report.agency)
            if len(flat) >= MIN_SENTENCE and not _is_boilerplate(flat, common):
                out.append(Sentence(section.number, piece.strip(), flat))
    return out


# --- one pair -------------------------------------------------------------------------------


def similarity(a: Report, b: Report, *, common: frozenset[str] = frozenset()) -> Similarity:
    """How much of A's narrative B already says: the verdict and the shared passages."""
    return _compare(sentences(a, common), sentences(b, common))


def _compare(mine: list[Sentence], theirs: list[Sentence]) -> Similarity:
    counted = sum(len(s.flat) for s in mine)
    best: list[tuple[int, float]] = []  # per sentence of A: index in B (-1: none), score
    if theirs:
        choices = [s.flat for s in theirs]
        for sentence in mine:
            hit = process.extractOne(sentence.flat, choices, scorer=fuzz.ratio, score_cutoff=NEAR)
            best.append((hit[2], hit[1]) if hit else (-1, 0.0))
    else:
        best = [(-1, 0.0)] * len(mine)
    same = sum(len(s.flat) for s, (_, score) in zip(mine, best, strict=True) if score == 100)
    close = sum(len(s.flat) for s, (j, _) in zip(mine, best, strict=True) if j >= 0)
    if counted < MIN_TEXT:
        verdict = Verdict.TOO_SHORT
    elif same >= COPIED * counted:
        verdict = Verdict.COPIED
    elif close >= EDITED * counted:
        verdict = Verdict.EDITED
    else:
        verdict = Verdict.DISTINCT
    return Similarity(verdict, counted, same, close, _passages(mine, theirs, best))


def _passages(
    mine: list[Sentence], theirs: list[Sentence], best: list[tuple[int, float]]
) -> tuple[Passage, ...]:
    runs: list[list[int]] = []
    for i, (j, _) in enumerate(best):
        if j < 0:
            continue
        if (
            runs
            and runs[-1][-1] == i - 1
            and best[i - 1][0] == j - 1
            and mine[i - 1].section == mine[i].section
        ):
            runs[-1].append(i)
        else:
            runs.append([i])
    passages = [
        Passage(
            text="".join(mine[i].text for i in run),
            other_text="".join(theirs[best[i][0]].text for i in run),
            section=mine[run[0]].section,
            other_section=theirs[best[run[0]][0]].section,
            chars=sum(len(mine[i].flat) for i in run),
            same=all(best[i][1] == 100 for i in run),
        )
        for run in runs
    ]
    passages.sort(key=lambda p: (-p.chars, p.section))
    return tuple(passages)


# --- a folder -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    index: int  # the report compared
    other: int  # the report it was compared with
    relation: str  # "earlier-year" (same agency) or "peer" (another agency, same year)
    result: Similarity


def common_sentences(reports: Sequence[Report]) -> frozenset[str]:
    """Sentences that :data:`COMMON_AGENCIES` or more different agencies' reports share."""
    agencies: dict[str, set[str]] = defaultdict(set)
    for report in reports:
        for sentence in sentences(report):
            agencies[sentence.flat].add(report.agency)
    return frozenset(flat for flat, who in agencies.items() if len(who) >= COMMON_AGENCIES)


def same_agency(a: Report, b: Report) -> bool:
    """Two reports that name no agency are not taken for one agency's."""
    return a.named and a.agency == b.agency


def peers(a: Report, b: Report) -> bool:
    """Another agency's report of the same year, at the same level when both levels are known."""
    if same_agency(a, b) or a.year != b.year:
        return False
    return a.level is None or b.level is None or a.level == b.level


def compare_set(reports: Sequence[Report], only: Collection[int] | None = None) -> list[Comparison]:
    """Each report against its agency's earlier years, and against those of its peers in the set
    that share enough of its wording to be worth reading side by side (:func:`_candidates`).
    `only`: the indexes of the reports to compare (the others are still read, as earlier years,
    peers and for the sentences many agencies share); None: every report."""
    common = common_sentences(reports)
    counted = [sentences(r, common) for r in reports]
    candidates = _candidates(reports, counted)
    out: list[Comparison] = []
    for i, report in enumerate(reports):
        if only is not None and i not in only:
            continue
        for j, other in enumerate(reports):
            if i == j:
                continue
            if same_agency(report, other) and other.year < report.year:
                relation = "earlier-year"
            elif peers(report, other) and j in candidates[i]:
                relation = "peer"
            else:
                continue
            out.append(Comparison(i, j, relation, _compare(counted[i], counted[j])))
    return out


def _grams(counted: list[Sentence]) -> set[str]:
    return {s.flat[k : k + GRAM] for s in counted for k in range(len(s.flat) - GRAM + 1)}


def _candidates(reports: Sequence[Report], counted: list[list[Sentence]]) -> list[set[int]]:
    """For each report, the other reports holding at least :data:`CANDIDATE` of its character
    trigrams, trigrams that many reports use (「政府信息」) aside.

    Reading every pair of a county's 200 units sentence by sentence takes seconds, a province's
    thousands would take hours; a report that another copies, even lightly edited, shares most of
    its trigrams with it, so only those pairs are read in full. The share is a lower bound of what
    a copy shows, not a verdict: the verdict is always :func:`similarity`'s."""
    grams = [_grams(c) for c in counted]
    holders: dict[str, list[int]] = defaultdict(list)
    for index, found in enumerate(grams):
        for gram in found:
            holders[gram].append(index)
    cap = max(COMMON_AGENCIES * 4, len(reports) // 20)
    out: list[set[int]] = []
    for index, found in enumerate(grams):
        shared: dict[int, int] = defaultdict(int)
        telling = 0
        for gram in found:
            who = holders[gram]
            if len(who) > cap:
                continue
            telling += 1
            for other in who:
                shared[other] += 1
        out.append({other for other, n in shared.items() if other != index and n >= CANDIDATE * telling})
    return out


def findings_for_set(
    reports: Sequence[Report], names: Sequence[str] | None = None, only: Collection[int] | None = None
) -> list[list[Finding]]:
    """For each report, one `similarity` warning per report its narrative copies (照搬 first, then
    轻度改写), with the shared passages; `names` (e.g. file names) say where the other is. `only`:
    as in :func:`compare_set` (the others get no findings)."""
    found: list[list[Finding]] = [[] for _ in reports]
    for comparison in compare_set(reports, only):
        if comparison.result.verdict in (Verdict.COPIED, Verdict.EDITED):
            other_name = names[comparison.other] if names is not None else None
            found[comparison.index].append(
                finding(reports[comparison.index], reports[comparison.other], comparison, other_name)
            )
    for group in found:
        group.sort(key=lambda f: (f.values["verdict"] != Verdict.COPIED, -float(f.values["same_share"])))
    return found


def finding(report: Report, other: Report, comparison: Comparison, other_name: str | None = None) -> Finding:
    result = comparison.result
    whom = (
        f"本单位{other.year}年度报告"
        if comparison.relation == "earlier-year"
        else f"同级单位{other.agency}{other.year}年度报告"
    )
    share = result.same_share if result.verdict is Verdict.COPIED else result.close_share
    how = "相同" if result.verdict is Verdict.COPIED else "相同或仅个别字词改动"
    longest = result.passages[0]
    quote = longest.text if len(longest.text) <= QUOTE else longest.text[:QUOTE] + "…"
    message = (
        f"正文与{whom}雷同（{VERDICT_TITLES[result.verdict]}）：计入比对的{result.counted}字中"
        f"{_percent(share)}{how}（数字、年份和机关名称不计差别，套话不计）；"
        f"最长的相同段落在第{section_numeral(longest.section)}部分，{longest.chars}字：“{quote}”"
    )
    return Finding(
        Code.SIMILARITY,
        Severity.WARNING,  # DOMAIN.md: a supervisor's check, for a person to weigh; the verdict says how bad
        message,
        section=longest.section,
        values={
            "verdict": str(result.verdict),
            "relation": comparison.relation,
            "other_agency": other.agency,
            "other_year": other.year,
            "other_file": other_name,
            "counted": result.counted,
            "same_share": round(result.same_share, 3),
            "close_share": round(result.close_share, 3),
            "passages": [p.to_dict() for p in result.passages[:PASSAGES_SHOWN]],
        },
    )


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"
