"""Once the reply's approval has begun, its 答复材料 stay as the approvers saw them: no document
added, removed, withheld or marked behind their backs before it is issued. A corrected decision
reopens them, and the approval starts again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Role
from gongkai.applications import actions, records
from gongkai.applications.models import Application, CaseDocument, Letterhead, Status
from gongkai.core.actions import ActionError
from tests.applications.records_helpers import attach, lines_pdf, login
from tests.factories import application

pytestmark = pytest.mark.django_db

SECOND_LINE = {
    "page": "1",
    "left": "5",
    "top": "22.5",
    "right": "95",
    "bottom": "27.5",
    "basis": "15-privacy",
}


@pytest.fixture
def approved_by_the_head(bureau: Agency, clerk: User, office_head: User) -> tuple[Application, CaseDocument]:
    Letterhead.objects.filter(agency=bureau).update(reply_approval=True)
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    document = attach(case, clerk)
    case = actions.decide(
        acting_user=clerk,
        application=Application.objects.get(pk=case.pk),
        outcome="granted",
        legal_basis="",
        on=dt.date(2026, 6, 10),
    )
    actions.approve_reply(acting_user=office_head, application=case, note="同意")
    return Application.objects.get(pk=case.pk), CaseDocument.objects.get(pk=document.pk)


def test_after_the_first_approval_no_document_is_added_removed_withheld_or_marked(
    approved_by_the_head: tuple[Application, CaseDocument], clerk: User
) -> None:
    case, document = approved_by_the_head
    refused = "答复已进入审批，答复材料和遮盖不能再更改"

    with pytest.raises(ActionError, match=refused):
        records.attach_document(
            acting_user=clerk,
            application=case,
            filename="另一份.pdf",
            content=lines_pdf(),
            version=case.version,
        )
    with pytest.raises(ActionError, match=refused):
        records.set_delivered(acting_user=clerk, document=document, delivered=False, version=document.version)
    with pytest.raises(ActionError, match=refused):
        records.remove_document(acting_user=clerk, document=document, version=document.version)
    staff = login(clerk)
    marked = staff.post(
        f"/work/cases/{case.pk}/records/{document.pk}/mark/", {**SECOND_LINE, "version": document.version}
    )
    assert marked.status_code == 409
    assert refused in marked.content.decode()

    # Nothing changed: one document, delivered, unmarked; the page offers no form to change it.
    [kept] = CaseDocument.objects.filter(application=case)
    assert (kept.delivered, kept.marks) == (True, [])
    page = staff.get(f"/work/cases/{case.pk}/records/{document.pk}/").content.decode()
    assert refused in page
    assert 'id="mark-form"' not in page
    assert 'id="id_record_file"' not in staff.get(f"/work/cases/{case.pk}/").content.decode()


def test_a_corrected_decision_reopens_the_documents_and_the_approval_starts_again(
    approved_by_the_head: tuple[Application, CaseDocument], clerk: User
) -> None:
    case, document = approved_by_the_head
    case = actions.correct_decision(
        acting_user=clerk,
        application=case,
        outcome="partial",
        articles=["37", "15"],
        legal_basis="第二行含有第三方的个人信息",
        reason="第二行应当遮盖",
    )

    document = records.mark_text(
        acting_user=clerk, document=document, text="秘密", basis="15-privacy", version=document.version
    )

    assert len(document.marks) == 1
    case = Application.objects.get(pk=case.pk)
    assert (case.status, actions.pending_approval(case)) == (Status.DECIDED, Role.OFFICE_HEAD)


def test_before_anyone_approves_the_decided_reply_the_documents_may_still_change(
    bureau: Agency, clerk: User
) -> None:
    Letterhead.objects.filter(agency=bureau).update(reply_approval=True)
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    case = actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2026, 6, 10)
    )

    attach(case, clerk)

    assert CaseDocument.objects.filter(application=case).count() == 1
