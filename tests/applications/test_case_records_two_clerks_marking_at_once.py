"""Two clerks marking the same document at once, from pages showing the same version: one mark
is kept, the other clerk gets 409 and is told to reload; never a 500, never a lost update.
Real threads with their own connections (SQLite in WAL mode with immediate transactions, or
PostgreSQL's row locks: run on both)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency
from gongkai.applications.models import CaseDocument, EventKind
from tests.applications.records_helpers import attach, login
from tests.factories import application
from tests.platform.test_concurrent_writes_queue_instead_of_failing import all_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_clerks_marking_one_document_at_once_one_gets_409(
    bureau: Agency, clerk: User, office_head: User
) -> None:
    case = application(bureau, clerk)
    document = attach(case, clerk)
    url = f"/work/cases/{case.pk}/records/{document.pk}/mark/"
    first = {
        "page": "1",
        "left": "5",
        "top": "10",
        "right": "50",
        "bottom": "15",
        "basis": "14",
        "version": "0",
    }
    second = {**first, "top": "30", "bottom": "35", "basis": "15-privacy"}

    responses = all_at_once(
        [lambda c=c, f=f: c.post(url, f) for c, f in ((login(clerk), first), (login(office_head), second))]  # type: ignore[misc]
    )

    assert sorted(r.status_code for r in responses) == [302, 409]
    [refused] = [r for r in responses if r.status_code == 409]
    assert "该材料的遮盖已被他人修改" in refused.content.decode()
    stored = CaseDocument.objects.get(pk=document.pk)
    assert len(stored.marks) == 1
    assert stored.version == 1
    assert case.events.filter(kind=EventKind.REDACTION_MARKED).count() == 1


def test_a_redacted_file_asked_for_on_marks_changed_meanwhile_is_refused(bureau: Agency, clerk: User) -> None:
    from gongkai.applications import records
    from gongkai.core.actions import ActionError

    case = application(bureau, clerk)
    document = attach(case, clerk)
    seen = records.mark_text(acting_user=clerk, document=document, text="秘密", basis="14", version=0)
    records.mark_text(acting_user=clerk, document=seen, text="甲乙", basis="14", version=seen.version)

    with pytest.raises(ActionError, match="已被他人修改") as refused:
        records.apply_redaction(acting_user=clerk, document=seen, version=seen.version)

    assert refused.value.code == "conflict"
    stored = CaseDocument.objects.get(pk=document.pk)
    assert not stored.redacted
    assert not case.events.filter(kind=EventKind.REDACTION_APPLIED).exists()
