"""`only`: a roster's year compared against the earlier years and peers it reads, without
comparing the earlier years among themselves (the supervisor's checks on one year)."""

from __future__ import annotations

from gongkai.annual_report.similarity import findings_for_set
from tests.report import similarity_pairs as pairs


def test_only_the_reports_asked_for_get_findings_and_the_same_ones_as_without() -> None:
    # 0: the unit's 2024; 1: its 2025 copy; 2: a peer's 2024, a copy of the unit's 2024
    reports = [pairs.last_year(), pairs.copied(), pairs.peer_copy()]
    everything = findings_for_set(reports)
    asked = findings_for_set(reports, only={1})
    assert asked[0] == []
    assert asked[2] == []
    assert [f.to_dict() for f in asked[1]] == [f.to_dict() for f in everything[1]]
    assert [f.values["verdict"] for f in asked[1]] == ["copied"]  # its own 2024: the peer is of another year
    assert everything[2] != []  # compared without `only`, the peer's copy of 2024 is found
