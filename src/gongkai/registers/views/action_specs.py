"""The register pages' actions, declared once: what each form is, who is offered it, when, and
which action of `registers.actions` it calls. The views find a spec by its name and run it with
`gongkai.core.pages.run_action`, the one path from a page's POST to an action (a refusal answers
at the status of its code: 403, 409 or 400, beside the field it is about).

Who may act is checked before: only the agency's own staff (never 上级监督) see or post these
forms, and each action checks it again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.annual_report.renderers.layout import format_value
from gongkai.core.pages import ActionSpec

from .. import actions
from .. import forms as register_forms
from ..importing import REGISTERS, Preview, apply_preview
from ..models import DocumentStatus, Matter, NormativeDocument


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def wan(amount: Decimal) -> str:
    return format_value(amount)


@dataclass
class Entry:
    """A record about to be entered in one of an agency's registers. Where the clerk goes once it
    is: the record's own page when it has one (`url`, set by the action), else the register's list."""

    agency: Agency
    key: str
    documents: list[NormativeDocument] = field(default_factory=list)  # a clean-up's candidates
    url: str = ""

    def done_url(self) -> str:
        return self.url or reverse("registers:list", args=[self.agency.pk, self.key])


@dataclass(frozen=True)
class Confirmed:
    """A previewed import the clerk confirmed, checked again against the registers as they are."""

    agency: Agency
    filename: str
    preview: Preview


# --- one document, one matter ---------------------------------------------------------------------


def _publish(user: User, document: NormativeDocument, data: dict[str, Any], _version: int | None) -> str:
    actions.publish_document(acting_user=user, document=document, published_on=data["published_on"])
    return f"已登记《{document.title}》于{iso(data['published_on'])}公开"


def _repeal(user: User, document: NormativeDocument, data: dict[str, Any], _version: int | None) -> str:
    actions.repeal_document(acting_user=user, document=document, on=data["on"], reason=data["reason"])
    return f"已登记《{document.title}》于{iso(data['on'])}废止"


def _delist(user: User, matter: Matter, data: dict[str, Any], _version: int | None) -> str:
    actions.delist_matter(acting_user=user, matter=matter, on=data["on"])
    return f"已将“{matter.name}”自{iso(data['on'])}起移出清单"


# --- a new record in each register ----------------------------------------------------------------


def _new_document(user: User, entry: Entry, data: dict[str, Any], _version: int | None) -> str:
    document = actions.register_document(
        acting_user=user,
        agency=entry.agency,
        kind=data["kind"],
        title=data["title"],
        doc_number=data["doc_number"],
        made_on=data["made_on"],
        published_on=data["published_on"],
    )
    entry.url = reverse("registers:document", args=[entry.agency.pk, document.pk])
    return f"已登记{document.get_kind_display()}《{document.title}》（{document.doc_number}）"


def _new_cleanup(user: User, entry: Entry, data: dict[str, Any], _version: int | None) -> str:
    decided = register_forms.CleanupForm.decisions_in(entry.documents, data)
    cleanup = actions.record_cleanup(
        acting_user=user,
        agency=entry.agency,
        name=data["name"],
        decided_on=data["decided_on"],
        published_on=data["published_on"],
        decisions=decided,
    )
    entry.url = reverse("registers:cleanup", args=[entry.agency.pk, cleanup.pk])
    invalid = sum(1 for outcome in decided.values() if outcome == "invalid")
    return f"已登记“{cleanup.name}”：审查{len(decided)}件，宣布失效{invalid}件"


def _new_matter(user: User, entry: Entry, data: dict[str, Any], _version: int | None) -> str:
    matter = actions.list_matter(
        acting_user=user,
        agency=entry.agency,
        kind=data["kind"],
        name=data["name"],
        listed_from=data["listed_from"],
    )
    return f"已将“{matter.name}”列入{matter.get_kind_display()}事项清单"


def _new_decision(user: User, entry: Entry, data: dict[str, Any], _version: int | None) -> str:
    decision = actions.record_decision(
        acting_user=user,
        agency=entry.agency,
        kind=data["kind"],
        decided_on=data["decided_on"],
        reference=data["reference"],
    )
    return f"已登记{decision.get_kind_display()}决定 {decision.reference}"


def _new_fee(user: User, entry: Entry, data: dict[str, Any], _version: int | None) -> str:
    fee = actions.record_fee_collection(
        acting_user=user,
        agency=entry.agency,
        item=data["item"],
        year=data["year"],
        amount_yuan=data["amount"],
    )
    return f"已登记{fee.year}年“{fee.item}”收费 {yuan(fee.amount)} 元"


def _new_procurement(user: User, entry: Entry, data: dict[str, Any], _version: int | None) -> str:
    row = actions.record_procurement(
        acting_user=user,
        agency=entry.agency,
        project=data["project"],
        year=data["year"],
        amount_wan=data["amount"],
    )
    return f"已登记{row.year}年采购项目“{row.project}” {wan(row.amount)} 万元"


# --- a confirmed import -----------------------------------------------------------------------------


def _import(user: User, confirmed: Confirmed, _data: dict[str, Any], _version: int | None) -> str:
    added = apply_preview(acting_user=user, agency=confirmed.agency, preview=confirmed.preview)
    register = REGISTERS[confirmed.preview.register]
    return f"已从“{confirmed.filename}”导入{register.name}{added}条"


# --- the list -------------------------------------------------------------------------------------

DOCUMENT_ACTIONS: dict[str, ActionSpec[NormativeDocument]] = {
    spec.name: spec
    for spec in (
        ActionSpec(
            "publish",
            "登记公开",
            register_forms.PublishForm,
            _publish,
            shown=lambda document: document.published_on is None,
        ),
        ActionSpec(
            "repeal",
            "废止",
            register_forms.RepealForm,
            _repeal,
            shown=lambda document: document.status == DocumentStatus.IN_FORCE,
        ),
    )
}

DELIST: ActionSpec[Matter] = ActionSpec(
    "delist", "移出清单", register_forms.DelistForm, _delist, shown=lambda matter: matter.delisted_on is None
)

# A new record, by register (the key in the address); the form is built by the view, which knows
# what each one needs (the agency, the clean-up's candidates, today's year).
NEW_RECORD: dict[str, ActionSpec[Entry]] = {
    spec.name: spec
    for spec in (
        ActionSpec("documents", "登记文件", register_forms.DocumentForm, _new_document),
        ActionSpec("cleanups", "登记清理", register_forms.CleanupForm, _new_cleanup),
        ActionSpec("matters", "列入事项", register_forms.MatterForm, _new_matter),
        ActionSpec("decisions", "登记决定", register_forms.DecisionForm, _new_decision),
        ActionSpec("fees", "登记收费", register_forms.FeeForm, _new_fee),
        ActionSpec("procurements", "登记采购", register_forms.ProcurementForm, _new_procurement),
    )
}

IMPORT: ActionSpec[Confirmed] = ActionSpec("import", "确认导入", register_forms.ImportConfirmForm, _import)

# Every action the register pages offer, for a reader and for the tests.
ACTIONS: tuple[ActionSpec[Any], ...] = (*DOCUMENT_ACTIONS.values(), DELIST, *NEW_RECORD.values(), IMPORT)
