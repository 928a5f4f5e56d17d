"""Tables 三 and 四 computed from cases always add up, carry over from year to year, and sum over a tree.

Hypothesis writes random case histories (a few agencies in a tree, receipts across 2024-2026,
each case decided, withdrawn, abandoned after a correction request or an unpaid fee, extended,
consulted, appealed, or left open) and plays them through the actions. Then, for every agency and
year, the report from `annual_tables`:

- equals a count made independently from the histories (DOMAIN.md: new in the year received, in
  its outcome row in the year concluded, carried forward while open on December 31);
- passes the annual-report checker with no arithmetic or carry-over error against the year before;
- and, for a government with bureaus below it, equals the cell-by-cell sum of its agencies' reports.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.agencies.models import Agency, Level, Membership, Role
from gongkai.annual_report.checker import check
from gongkai.annual_report.findings import Code
from gongkai.annual_report.model import Report
from gongkai.applications import actions
from gongkai.applications.models import (
    DECIDED_OUTCOMES,
    AppealKind,
    AppealOutcome,
    ApplicantKind,
    Application,
    ConsultedParty,
    Outcome,
)
from gongkai.applications.selectors import annual_tables
from gongkai.core import time as core_time
from tests.rollback import rolled_back

TODAY = dt.date(2026, 6, 30)  # conftest pins core_time.today() here
YEARS = (2024, 2025, 2026)
ERRORS = {Code.BALANCE, Code.OUTCOME_SUM, Code.ROW_TOTAL, Code.REVIEW_TOTAL, Code.CARRY_OVER}
PATHS = ("decide", "withdraw", "no_correction", "corrected", "extended", "consulted", "fee", "open")
# The tree: 0 a county government, 1 and 2 its bureaus, 3 a unit under bureau 1.
PARENTS = (None, 0, 0, 1)


@dataclass(frozen=True)
class Script:
    agency: int
    kind: str
    received: dt.date
    path: str
    outcome: str
    delays: tuple[int, int, int]  # calendar days between the steps
    responded: bool  # the consulted party answered / the fee was paid
    appeal: tuple[str, int, tuple[str, int] | None] | None  # kind, days after, (outcome, days after)


delay = st.integers(min_value=0, max_value=75)
scripts = st.builds(
    Script,
    agency=st.integers(min_value=0, max_value=len(PARENTS) - 1),
    kind=st.sampled_from(ApplicantKind.values),
    received=st.dates(min_value=dt.date(2024, 1, 1), max_value=TODAY),
    path=st.sampled_from(PATHS),
    outcome=st.sampled_from([o.value for o in DECIDED_OUTCOMES]),
    delays=st.tuples(delay, delay, delay),
    responded=st.booleans(),
    appeal=st.none()
    | st.tuples(
        st.sampled_from(AppealKind.values),
        st.integers(min_value=0, max_value=200),
        st.none() | st.tuples(st.sampled_from(AppealOutcome.values), st.integers(min_value=0, max_value=400)),
    ),
)


@dataclass
class Played:
    """What happened to one case, as the test itself recorded it (the oracle's input)."""

    agency: int
    kind: str
    received: dt.date
    outcome: str = ""
    concluded: dt.date | None = None
    appeal: tuple[str, dt.date, str, dt.date | None] | None = None  # kind, filed, outcome, concluded


class _Later(Exception):
    """The next step would be after today: the case stays as it is."""


def play(script: Script, agency: Agency, clerk: User, head: User) -> Played:
    case = actions.register_application(
        acting_user=clerk,
        agency=agency,
        channel="in_person",
        applicant_kind=script.kind,
        applicant_name="申请人",
        description="所需信息",
        phone="13800000000",
        submitted_on=script.received,
    )
    player = _Player(script, case, clerk, head)
    paths = {
        "decide": player.decide,
        "withdraw": player.withdraw,
        "no_correction": player.correction,
        "corrected": player.correction,
        "extended": player.extended,
        "consulted": player.consulted,
        "fee": player.fee,
        "open": lambda: None,
    }
    try:
        paths[script.path]()
        if player.played.concluded is not None and script.appeal is not None:
            player.appeal(script.appeal)
    except _Later:
        pass
    return player.played


class _Player:
    """Plays one script's steps on its case through the actions, recording what happened; each step
    comes the script's next delay after the one before, and a step after TODAY raises _Later."""

    def __init__(self, script: Script, case: Application, clerk: User, head: User) -> None:
        self.script, self.case, self.clerk, self.head = script, case, clerk, head
        self.played = Played(script.agency, script.kind, script.received)
        self.day = script.received
        self.steps = iter(script.delays)

    def later(self, days: int | None = None) -> dt.date:
        self.day += dt.timedelta(days=next(self.steps) if days is None else days)
        if self.day > TODAY:
            raise _Later
        return self.day

    def end(self, outcome: str, on: dt.date) -> None:
        self.played.outcome, self.played.concluded = outcome, on

    def decide(self) -> None:
        on = self.later()
        actions.decide(
            acting_user=self.clerk,
            application=self.case,
            outcome=self.script.outcome,
            legal_basis="依据",
            on=on,
        )
        self.end(self.script.outcome, on)

    def withdraw(self) -> None:
        actions.withdraw(acting_user=None, application=self.case, on=self.later())
        self.end(Outcome.OTHER_MISC, self.day)

    def correction(self) -> None:
        clerk, case = self.clerk, self.case
        actions.request_correction(acting_user=clerk, application=case, on=self.later(), what="请补正")
        if self.script.path == "no_correction":
            actions.abandon(acting_user=clerk, application=case, on=self.later())
            self.end(Outcome.OTHER_NO_CORRECTION, self.day)
        else:
            actions.record_correction(acting_user=None, application=case, on=self.later())
            self.decide()

    def extended(self) -> None:
        # Twenty calendar days are fewer than the twenty working days of the reply period.
        on = self.later(min(self.script.delays[0], 20))
        actions.extend_deadline(acting_user=self.head, application=self.case, reason="信息量大", on=on)
        next(self.steps)
        self.decide()

    def consulted(self) -> None:
        # Silence from an agency is consent, from a third party it leaves the decision to us:
        # either way the case goes on to a decision.
        clerk = self.clerk
        party = ConsultedParty.THIRD_PARTY if self.script.delays[2] % 2 else ConsultedParty.AGENCY
        consultation = actions.start_consultation(
            acting_user=clerk,
            application=self.case,
            party_kind=party,
            party_name="第三方",
            sent_on=self.later(),
        )
        if self.script.responded:
            actions.record_consultation_answer(
                acting_user=clerk, consultation=consultation, answered_on=self.later(), answer="同意"
            )
        else:
            if consultation.due_on >= TODAY:
                raise _Later
            actions.record_consultation_answer(acting_user=clerk, consultation=consultation, answered_on=None)
            self.day = consultation.due_on
            next(self.steps)
        self.decide()

    def fee(self) -> None:
        clerk, case = self.clerk, self.case
        notice = actions.issue_fee_notice(
            acting_user=clerk, application=case, basis="by_pages", quantity=50, notified_on=self.later()
        )
        if self.script.responded:
            actions.record_fee_payment(acting_user=clerk, application=case, paid_on=self.later())
            self.decide()
        else:
            self.day = notice.due_on
            actions.abandon(acting_user=clerk, application=case, on=self.later(1 + self.script.delays[1]))
            self.end(Outcome.OTHER_FEE_UNPAID, self.day)

    def appeal(self, plan: tuple[str, int, tuple[str, int] | None]) -> None:
        kind, after, result = plan
        assert self.played.concluded is not None
        self.day = self.played.concluded
        filed = self.later(after)
        appeal = actions.file_appeal(
            acting_user=self.clerk, application=self.case, kind=kind, body="复议机关", filed_on=filed
        )
        self.played.appeal = (kind, filed, "", None)
        if result is not None:
            outcome, after = result
            concluded = self.later(after)
            actions.conclude_appeal(
                acting_user=self.clerk, appeal=appeal, outcome=outcome, concluded_on=concluded
            )
            self.played.appeal = (kind, filed, outcome, concluded)


def expected_cells(cases: list[Played], year: int) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    """Table 三 as (row, column) -> count and table 四 as column -> count, straight from DOMAIN.md."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    three: Counter[tuple[str, str]] = Counter()
    four: Counter[str] = Counter()
    for case in cases:
        if start <= case.received <= end:
            three["new", case.kind] += 1
        open_at_start = case.received < start and (case.concluded is None or case.concluded >= start)
        if open_at_start:
            three["carried_over", case.kind] += 1
        if case.concluded is not None and start <= case.concluded <= end:
            three[case.outcome, case.kind] += 1
            three["total", case.kind] += 1
        if case.received <= end and (case.concluded is None or case.concluded > end):
            three["carried_forward", case.kind] += 1
        if case.appeal is not None:
            kind, filed, outcome, concluded = case.appeal
            if concluded is not None and start <= concluded <= end:
                four[f"{kind}_{outcome}"] += 1
                four[f"{kind}_total"] += 1
            elif filed <= end and (concluded is None or concluded > end):
                four[f"{kind}_pending"] += 1
                four[f"{kind}_total"] += 1
    for (row, _column), count in list(three.items()):
        three[row, "total"] += count
    return three, four


def cells(report: Report) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    three: Counter[tuple[str, str]] = Counter()
    for row, columns in report.tables["applications"].items():
        for column, value in columns.items():
            if value:
                three[row, column] = int(value)
    four = Counter({k: int(v) for k, v in report.tables["appeals"]["cases"].items() if v})
    return three, four


@pytest.mark.slow
@pytest.mark.django_db
@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(histories=st.lists(scripts, min_size=1, max_size=14))
def test_tables_from_random_histories_add_up_carry_over_and_sum_over_the_tree(
    histories: list[Script],
) -> None:
    assert core_time.today() == TODAY
    with rolled_back():
        agencies: list[Agency] = []
        desks: list[tuple[User, User]] = []
        for i, parent in enumerate(PARENTS):
            agencies.append(
                Agency.objects.create(
                    name=f"机关{i}",
                    parent=agencies[parent] if parent is not None else None,
                    level=Level.COUNTY,
                    is_government=parent is None,
                )
            )
            clerk = User.objects.create(username=f"clerk{i}")
            head = User.objects.create(username=f"head{i}")
            Membership.objects.create(user=clerk, agency=agencies[i], role=Role.CLERK)
            Membership.objects.create(user=head, agency=agencies[i], role=Role.OFFICE_HEAD)
            desks.append((clerk, head))

        played = [play(s, agencies[s.agency], *desks[s.agency]) for s in histories]

        for i, agency in enumerate(agencies):
            own = [p for p in played if p.agency == i]
            previous = annual_tables(agency, YEARS[0] - 1)
            for year in YEARS:
                report = annual_tables(agency, year)
                assert cells(report) == expected_cells(own, year), (agency.name, year)
                findings = [f.message for f in check(report, previous) if f.code in ERRORS]
                assert findings == [], (agency.name, year)
                previous = report

        below = {0: [0, 1, 2, 3], 1: [1, 3]}  # the subtrees with more than one agency
        for top, members in below.items():
            previous = annual_tables(agencies[top], YEARS[0] - 1, subtree=True)
            for year in YEARS:
                whole = annual_tables(agencies[top], year, subtree=True)
                summed: tuple[Counter[tuple[str, str]], Counter[str]] = (Counter(), Counter())
                for i in members:
                    three, four = cells(annual_tables(agencies[i], year))
                    summed[0].update(three)
                    summed[1].update(four)
                assert cells(whole) == summed, (agencies[top].name, year)
                assert [f.message for f in check(whole, previous) if f.code in ERRORS] == []
                previous = whole
