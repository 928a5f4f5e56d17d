"""Staff pages of the catalogue: the list with the Art. 26 due list, the draft form, the item page
with the sign-off chain and its forms, attachments.

Every read starts from the catalogue's selectors, scoped to what the user may read: an item of an
agency the user cannot read is a 404 whatever id is typed. Acting needs the item's agency among
acting_agencies(user): a supervisor (上级监督) reads the subtree and is refused (403) on every
POST. The page offers only the forms the user may use now (ITEM_ACTIONS, the platform's
ActionSpec), but each POST still goes to its action, which decides, through the platform's one view
path (core.pages.run_action): an ActionError re-renders the page with the message at its status,
the item unchanged; a form filled in on a stale copy answers 409. Success redirects back to the
item page (POST/redirect/GET) with a message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.forms import tables_form
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.selectors import roles_in
from gongkai.core import time as core_time
from gongkai.core.actions import ActionError, http_status
from gongkai.core.filecheck import format_size
from gongkai.core.names import person_name
from gongkai.core.pages import ActionSpec, run_action, signed_in
from gongkai.core.uploads import CappedUpload, cap_uploads
from gongkai.web.responses import download
from gongkai.web.xlsx import BOLD, XLSX_TYPE, new_book, save_book

from .. import actions, exports, forms, selectors
from ..models import (
    EDITABLE_STATUSES,
    UNPUBLISHED_STATUSES,
    Attachment,
    Attribute,
    CatalogueItem,
    ChannelKind,
    Decision,
    Event,
    LegalGround,
    Review,
    Status,
    Topic,
)


def _drafting_agencies(user: User) -> QuerySet[Agency]:
    """Agencies in which the user may start a draft (as 经办人)."""
    return Agency.objects.filter(
        pk__in=Membership.objects.filter(user=user, role=Role.CLERK).values("agency_id")
    ).order_by("name")


def person(user: User | None) -> str:
    return person_name(user) or "系统"


# --- the list --------------------------------------------------------------------------------------


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    today = core_time.today()
    form = forms.ListFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    context = {
        "form": form,
        "rows": selectors.staff_rows(user, status=status, today=today) if not form.errors else [],
        "due": selectors.due_rows(user, today=today),
        "status": status,
        "status_label": Status(status).label if status else "",
        "today": today,
        "soon": selectors.DUE_SOON_WORKING_DAYS,
        "limit": selectors.WORK_LIST_LIMIT,
        "can_draft": _drafting_agencies(user).exists(),
    }
    return render(request, "catalogue/work/items.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def item_export(request: HttpRequest) -> HttpResponse:
    """The staff list as Excel: every item the user reads (of one status if asked), no limit."""
    form = forms.ListFilterForm(request.GET or None)
    if form.errors:
        reasons = "；".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponseBadRequest(f"筛选条件无效：{reasons}", content_type="text/plain; charset=utf-8")
    status = form.cleaned_data["status"] if form.is_bound else ""
    items = selectors.export_items(signed_in(request), status=status)
    label = f"（{Status(status).label}）" if status else ""
    return download(
        exports.items_xlsx(items), XLSX_TYPE, f"主动公开目录{label}{core_time.today().isoformat()}.xlsx"
    )


# --- the draft form --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    agencies = _drafting_agencies(user)
    if not agencies.exists():
        raise PermissionDenied("只有机关的经办人可以起草公开目录条目")
    today = core_time.today()
    form = forms.DraftForm(request.POST or None, today=today, agencies=agencies)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                item = actions.create_draft(
                    acting_user=user, agency=form.cleaned_data["agency"], **form.draft_values()
                )
            except ActionError as error:
                form.add_error(None, str(error))
                status = http_status(error)
            else:
                messages.success(request, f"已保存草稿“{item.title}”。可以继续上传附件，然后送审。")
                return redirect("catalogue:item", pk=item.pk)
    context = {"form": form, "item": None, "title": "新建公开目录条目"}
    return render(request, "catalogue/work/form.html", context, status=status)


def _item(request: HttpRequest, pk: int) -> CatalogueItem:
    """The item if the user may read it (with what its page shows): 404 otherwise, whatever the id."""
    return get_object_or_404(selectors.item_page_items(signed_in(request)), pk=pk)


def _acting_roles(user: User, item: CatalogueItem) -> set[str]:
    """The roles with which the user acts for the item's agency; empty for a supervisor."""
    return roles_in(user, item.agency) - {Role.SUPERVISOR}


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    item = _item(request, pk)
    roles = _acting_roles(user, item)
    if not roles:
        raise PermissionDenied("上级监督人员只能查看，不能修改")
    if request.method == "GET" and not EDIT_DRAFT.shown(ItemPage(item, user, roles, None)):
        raise PermissionDenied("只有起草人可以修改草稿或退回修改的条目")
    form = forms.DraftForm(request.POST or None, today=core_time.today(), item=item)

    def page(form: django_forms.Form, error: str = "", status: int = 200) -> HttpResponse:
        context = {"form": form, "item": item, "title": f"修改：{item.title}"}
        return render(request, "catalogue/work/form.html", context, status=status)

    if request.method == "GET":
        return page(form)
    done = reverse("catalogue:item", args=[item.pk])
    return run_action(request, EDIT_DRAFT, item, form, rerender=page, done=done)


# --- the item page and its forms -------------------------------------------------------------------


@dataclass
class ItemPage:
    """What decides which forms show: the item, the user and the roles they act with."""

    item: CatalogueItem
    user: User
    roles: set[str]
    signable: int | None

    @property
    def status(self) -> str:
        return self.item.status

    @property
    def editable(self) -> bool:
        return (
            Role.CLERK in self.roles
            and self.item.drafted_by_id == self.user.pk
            and self.status in EDITABLE_STATUSES
        )

    @property
    def publishes(self) -> bool:
        return bool(self.roles & {Role.CLERK, Role.OFFICE_HEAD})


ItemSpec = ActionSpec[CatalogueItem]


def _step_label(item: CatalogueItem, number: int) -> str:
    return f"第{number}步（{item.steps[number - 1]['label']}）"


def _submit(user: User, item: CatalogueItem, data: dict[str, Any], version: int | None) -> str:
    item = actions.submit_for_review(acting_user=user, item=item, version=version)
    return f"已送审，等待{_step_label(item, 1)}"


def _approve(user: User, item: CatalogueItem, data: dict[str, Any], version: int | None) -> str:
    values: dict[str, Any] = {"step": data["step"], "reason": data["reason"]}
    if "attribute" in data:  # the confidentiality step's form (forms.ApproveForm)
        values |= {
            "attribute": data["attribute"],
            "legal_ground": data["legal_ground"],
            "legal_ground_text": data["legal_ground_text"],
            "confirmed_not_personal": data["confirmed"],
        }
    item = actions.approve_step(acting_user=user, item=item, version=version, **values)
    done = f"已同意{_step_label(item, values['step'])}"
    if item.status == Status.APPROVED:
        return f"{done}。审核已全部完成，可以发布"
    return f"{done}，等待{_step_label(item, item.steps_done + 1)}"


def _return(user: User, item: CatalogueItem, data: dict[str, Any], version: int | None) -> str:
    actions.return_to_drafter(acting_user=user, item=item, reason=data["reason"], version=version)
    return "已退回起草人修改"


def _publish(user: User, item: CatalogueItem, data: dict[str, Any], version: int | None) -> str:
    item = actions.publish(acting_user=user, item=item, version=version)
    return f"已发布，索引号 {item.index_number}"


def _release(user: User, item: CatalogueItem, data: dict[str, Any], version: int | None) -> str:
    release = actions.record_release(
        acting_user=user, item=item, channel=data["channel"], released_on=data["released_on"], version=version
    )
    return f"已登记在“{release.get_channel_display()}”发布（{release.released_on.isoformat()}）"


def _correct(user: User, item: CatalogueItem, data: dict[str, Any], version: int | None) -> str:
    changes = {name: data[name] for name in actions.CORRECTABLE_FIELDS}
    actions.correct_published(acting_user=user, item=item, reason=data["reason"], version=version, **changes)
    return "已更正，公开页面将显示更正说明"


def _withdraw(user: User, item: CatalogueItem, data: dict[str, Any], version: int | None) -> str:
    actions.withdraw(acting_user=user, item=item, reason=data["reason"], version=version)
    return "已撤回，公开页面和检索不再显示该条目"


def _attach(user: User, item: CatalogueItem, data: dict[str, Any], version: int | None) -> str:
    upload = data["file"]
    attachment = actions.add_attachment(
        acting_user=user, item=item, filename=upload.name or "", content=upload.read(), version=version
    )
    note = f"。{attachment.text_note}" if attachment.text_note else ""
    return f"已上传附件“{attachment.name}”{note}"


def _detach(user: User, item: CatalogueItem, data: dict[str, Any], version: int | None) -> str:
    attachment = data["attachment"]
    actions.remove_attachment(acting_user=user, attachment=attachment, version=version)
    return f"已删除附件“{attachment.name}”"


def _edit(user: User, item: CatalogueItem, data: dict[str, Any], version: int | None) -> str:
    changes = {name: data[name] for name in actions.DRAFT_FIELDS}
    actions.edit_draft(acting_user=user, item=item, version=version, **changes)
    return "已保存修改"


def _channels_left(page: ItemPage) -> bool:
    return len({r.channel for r in page.item.releases.all()}) < len(ChannelKind.values)


def _publishable(page: ItemPage) -> bool:
    return page.status == Status.APPROVED and page.publishes and page.item.attribute != Attribute.WITHHELD


ITEM_ACTIONS: dict[str, ItemSpec] = {
    spec.name: spec
    for spec in (
        ItemSpec(
            name="submit",
            title="送审",
            button="送审",
            form=forms.SubmitForm,
            perform=_submit,
            shown=lambda p: p.editable,
            help="送审后不能再修改；审核人退回的，修改后重新送审，审核从第一步重新开始。",
            stale=forms.STALE_FORM,
        ),
        ItemSpec(
            name="approve",
            title="审核同意",
            button="同意",
            form=forms.ApproveForm,
            perform=_approve,
            shown=lambda p: p.signable is not None,
            stale=forms.STALE_FORM,
        ),
        ItemSpec(
            name="return",
            title="退回修改",
            button="退回",
            form=forms.ReturnForm,
            perform=_return,
            shown=lambda p: p.signable is not None,
            stale=forms.STALE_FORM,
        ),
        ItemSpec(
            name="publish",
            title="发布",
            button="发布",
            form=forms.PublishForm,
            perform=_publish,
            shown=_publishable,
            help="发布时生成索引号，并在政府门户网站公开目录发布；索引号此后不再改变。",
            stale=forms.STALE_FORM,
        ),
        ItemSpec(
            name="release",
            title="登记其他发布渠道",
            button="登记",
            form=forms.ReleaseForm,
            perform=_release,
            shown=lambda p: p.status == Status.PUBLISHED and p.publishes and _channels_left(p),
            help="年度报告按渠道统计发布数量。",
            stale=forms.STALE_FORM,
        ),
        ItemSpec(
            name="correct",
            title="更正",
            button="更正",
            form=forms.CorrectForm,
            perform=_correct,
            shown=lambda p: p.status == Status.PUBLISHED and p.publishes,
            help="索引号和发布日期不变；公开页面显示更正说明和更正日期。",
            stale=forms.STALE_FORM,
        ),
        ItemSpec(
            name="withdraw",
            title="撤回",
            button="撤回",
            form=forms.WithdrawForm,
            perform=_withdraw,
            shown=lambda p: p.status == Status.PUBLISHED and Role.OFFICE_HEAD in p.roles,
            stale=forms.STALE_FORM,
        ),
        ItemSpec(
            name="attach",
            title="上传附件",
            button="上传",
            form=forms.AttachForm,
            perform=_attach,
            shown=lambda p: p.editable,
            listed=False,  # the form sits in the attachments' section
            error_field="file",
            stale=forms.STALE_FORM,
        ),
        ItemSpec(
            name="detach",
            title="删除附件",
            button="删除",
            form=forms.DetachForm,
            perform=_detach,
            shown=lambda p: p.editable,
            listed=False,
            stale=forms.STALE_FORM,
        ),
    )
}

# The draft form's POST takes the same path, on its own page (catalogue/work/form.html).
EDIT_DRAFT = ItemSpec(
    name="edit",
    title="修改",
    button="保存",
    form=forms.DraftForm,
    perform=_edit,
    shown=lambda p: p.editable,
    listed=False,
    stale=forms.STALE_FORM,
)


def _item_form(spec: ItemSpec, item: CatalogueItem, data: Any = None) -> forms.ItemForm:
    """The spec's form for the item (bound to `data` when posted)."""
    form_class = spec.form
    assert issubclass(form_class, forms.ItemForm)
    return form_class(data, item=item, today=core_time.today(), auto_id=spec.auto_id)


def _facts(item: CatalogueItem) -> list[tuple[str, str]]:
    def day(value: dt.date | None) -> str:
        return value.isoformat() if value else ""

    facts = [
        ("索引号", item.index_number or "（发布时生成）"),
        ("名称", item.title),
        ("主题分类", item.get_topic_display()),
        ("体裁", item.get_genre_display()),
        ("发布机构", item.agency.name),
        ("成文日期", day(item.written_on)),
        ("发布日期", day(item.published_on)),
        ("文号", item.doc_number),
        ("有效性", item.get_validity_display()),
        ("关键词", item.keywords),
        ("内容概述", item.summary),
        ("公开属性", item.get_attribute_display() if item.attribute else ""),
        ("公开属性依据", item.get_legal_ground_display() if item.legal_ground else ""),
        ("依据说明", item.legal_ground_text),
        ("起草人", person(item.drafted_by)),
        ("更正说明", f"{item.correction_note}（{day(item.corrected_on)}）" if item.correction_note else ""),
        ("撤回理由", item.withdrawal_reason),
    ]
    return [(label, value) for label, value in facts if value]


def _chain(item: CatalogueItem) -> list[dict[str, Any]]:
    """Each step of the chain with its state in the current round of review."""
    steps = item.steps or actions.chain_steps(item.agency)
    signed: dict[int, Review] = {
        r.step_index: r for r in item.reviews.all() if r.review_round == item.review_round
    }
    rows = []
    for number, step in enumerate(steps, start=1):
        review = signed.get(number) if item.review_round else None
        if review is not None and review.decision == Decision.APPROVE:
            state, css = "已同意", "done"
        elif review is not None:
            state, css = "已退回", "returned"
        elif item.status == Status.IN_REVIEW and number == item.steps_done + 1:
            state, css = "待审核", "current"
        elif item.review_round == 0:
            state, css = "送审后开始", "waiting"
        else:
            state, css = "未开始", "waiting"
        rows.append(
            {
                "number": number,
                "label": step["label"],
                "role": Role(step["role"]).label,
                "confidential": step["confidentiality_review"],
                "state": state,
                "css": css,
                "review": review,
                "who": person(review.actor) if review else "",
                "details": _review_details(review) if review else [],
            }
        )
    return rows


def _confidentiality_details(data: dict[str, Any]) -> list[str]:
    """What a confidentiality review fixed, from its review's or its event's data."""
    details = []
    if data.get("attribute") in Attribute.values:
        details.append(f"公开属性：{Attribute(data['attribute']).label}")
    if data.get("legal_ground") in LegalGround.values:
        details.append(f"依据：{LegalGround(data['legal_ground']).label}")
    if data.get("legal_ground_text"):
        details.append(f"依据说明：{data['legal_ground_text']}")
    if data.get("confirmed_not_personal"):
        details.append(f"经人工核查确认不属于个人信息：{len(data['confirmed_not_personal'])}项")
    return details


def _review_details(review: Review) -> list[str]:
    return _confidentiality_details(review.data or {})


_FIELD_LABELS = {
    name: str(getattr(CatalogueItem._meta.get_field(name), "verbose_name", name))
    for name in actions.DRAFT_FIELDS
}


def _event_details(event: Event) -> list[str]:
    data = event.data or {}
    details: list[str] = []
    if data.get("review_round"):
        details.append(f"第{data['review_round']}轮送审")
    if data.get("label"):
        details.append(f"第{data.get('step')}步：{data['label']}")
    details.extend(_confidentiality_details(data))
    if data.get("index_number"):
        details.append(f"索引号：{data['index_number']}")
    if data.get("channel") in ChannelKind.values:
        details.append(f"渠道：{ChannelKind(data['channel']).label}，{data.get('released_on', '')}")
    if data.get("fields"):
        details.append("修改：" + "、".join(_FIELD_LABELS.get(f, f) for f in data["fields"]))
    if data.get("name"):
        size = f"（{format_size(data['size'])}）" if data.get("size") else ""
        details.append(f"附件：{data['name']}{size}")
    return details


def _attachments(item: CatalogueItem, page: ItemPage, today: dt.date) -> list[dict[str, Any]]:
    rows = []
    detach = ITEM_ACTIONS["detach"]
    for attachment in item.attachments.all():
        form = None
        if detach.shown(page):
            form = forms.DetachForm(item=item, today=today, auto_id=f"id_detach_{attachment.pk}_%s")
            form.fields["attachment"].initial = attachment.pk
        rows.append(
            {
                "attachment": attachment,
                "size": format_size(attachment.size),
                "url": reverse("catalogue:attachment", args=[item.pk, attachment.pk]),
                "detach": form,
                "who": person(attachment.uploaded_by),
            }
        )
    return rows


def _item_page(
    request: HttpRequest,
    item: CatalogueItem,
    *,
    bound: tuple[ItemSpec, django_forms.Form] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = signed_in(request)
    today = core_time.today()
    roles = _acting_roles(user, item)
    page = ItemPage(item, user, roles, actions.signable_step(user, item) if roles else None)
    action_forms: list[dict[str, Any]] = []
    for spec in ITEM_ACTIONS.values():
        if not spec.offered_to(roles) or not spec.shown(page):
            continue
        is_bound = bound is not None and bound[0].name == spec.name
        form = bound[1] if bound is not None and is_bound else _item_form(spec, item)
        url = (
            reverse("catalogue:attach", args=[item.pk])
            if spec.name == "attach"
            else reverse("catalogue:action", args=[item.pk, spec.name])
        )
        # The forms most users come for stay open; the rarer ones open when clicked.
        opened = is_bound or spec.name in ("submit", "approve", "publish")
        summary = spec.title
        if spec.name in ("approve", "return") and page.signable is not None:
            summary = f"{spec.title}：{_step_label(item, page.signable)}"
        action_forms.append({"spec": spec, "form": form, "open": opened, "url": url, "summary": summary})
    by_name = {f["spec"].name: f for f in action_forms}
    due = None
    if item.status in UNPUBLISHED_STATUSES and item.attribute != Attribute.WITHHELD:
        due_on = selectors.publication_due(item)
        due = {"on": due_on, "overdue": due_on < today}
    findings = forms.privacy_findings(item) if item.status in UNPUBLISHED_STATUSES else []
    context = {
        "item": item,
        "acting": bool(roles),
        "page": page,
        "facts": _facts(item),
        "due": due,
        "chain": _chain(item),
        "attachments": _attachments(item, page, today),
        "attach": by_name.get("attach"),
        "findings": findings[: forms.MAX_LISTED_FINDINGS],
        "findings_total": len(findings),
        "findings_cap": forms.MAX_LISTED_FINDINGS,
        "events": [{"event": e, "who": e.who, "details": _event_details(e)} for e in item.events.all()],
        "action_forms": [f for f in action_forms if f["spec"].listed],
        "error": error,
        "failed": bound[0] if bound is not None and error and bound[0].name in by_name else None,
    }
    return render(request, "catalogue/work/item.html", context, status=status)


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, _item(request, pk))


def _perform(request: HttpRequest, item: CatalogueItem, spec: ItemSpec, form: forms.ItemForm) -> HttpResponse:
    """The one path of every item action (core.pages.run_action), the item page as its answer."""

    def again(form: django_forms.Form, error: str, status: int) -> HttpResponse:
        return _item_page(request, item, bound=(spec, form), error=error, status=status)

    done = reverse("catalogue:item", args=[item.pk])
    return run_action(request, spec, item, form, rerender=again, done=done)


def _acting_item(request: HttpRequest, pk: int) -> CatalogueItem:
    item = _item(request, pk)
    if not _acting_roles(signed_in(request), item):
        raise PermissionDenied("上级监督人员只能查看，不能办理")
    return item


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = ITEM_ACTIONS.get(action)
    if spec is None or spec.name == "attach":
        raise Http404("没有这项操作")
    item = _acting_item(request, pk)
    return _perform(request, item, spec, _item_form(spec, item, request.POST))


@csrf_exempt  # checked below, once the upload handler is in place (the check reads the upload)
@login_required
@require_POST
def item_attach(request: HttpRequest, pk: int) -> HttpResponse:
    return _attach_checked(request, pk, cap_uploads(request, settings.GONGKAI_ATTACHMENT_MAX_BYTES))


@csrf_protect
def _attach_checked(request: HttpRequest, pk: int, handler: CappedUpload) -> HttpResponse:
    item = _acting_item(request, pk)
    spec = ITEM_ACTIONS["attach"]
    form = forms.AttachForm(
        request.POST,
        request.FILES,
        item=item,
        today=core_time.today(),
        auto_id=spec.auto_id,
        too_large=handler.too_large,
    )
    return _perform(request, item, spec, form)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """An attachment for the staff who may read its item (the public get theirs from the portal)."""
    visible = Attachment.objects.filter(item__in=selectors.visible_items(signed_in(request)), item_id=pk)
    attachment = get_object_or_404(visible, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("附件文件缺失，请联系管理员") from error
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- the year's figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReleaseFigures:
    """Releases of 主动公开 items in a year per 主题分类 (rows) and channel (columns), with totals:
    the figures section 一 of the annual report quotes."""

    channels: list[str]
    rows: list[tuple[str, list[int], int]]
    totals: list[int]
    total: int

    @classmethod
    def of(cls, counts: dict[tuple[str, str], int]) -> ReleaseFigures:
        channels = list(ChannelKind)
        rows = []
        for topic in Topic:
            values = [counts.get((topic.value, channel.value), 0) for channel in channels]
            if any(values):
                rows.append((topic.label, values, sum(values)))
        totals = [sum(values[i] for _, values, _ in rows) for i in range(len(channels))]
        return cls([c.label for c in channels], rows, totals, sum(totals))

    def sentence(self, year: int) -> str:
        """One sentence for the report's prose, channels without releases left out."""
        parts = [f"{label}{n}条" for label, n in zip(self.channels, self.totals, strict=True) if n]
        if not parts:
            return f"{year}年未登记主动公开信息的发布。"
        return f"{year}年，通过{'、'.join(parts)}发布主动公开信息，共计{self.total}条次。"


def _figures_xlsx(figures: ReleaseFigures, title: str) -> bytes:
    book, sheet = new_book("发布情况")
    sheet.append([title])
    sheet["A1"].font = BOLD
    sheet.append(["主题分类", *figures.channels, "合计"])
    for label, values, total in figures.rows:
        sheet.append([label, *values, total])
    sheet.append(["合计", *figures.totals, figures.total])
    sheet.column_dimensions["A"].width = 22
    return save_book(book)


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    """The year's releases per 主题分类 and channel for an agency (or a supervisor's subtree)."""
    form = tables_form(request)
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return render(request, "catalogue/work/figures.html", context, status=400)
    agency: Agency = form.cleaned_data["agency"]
    year: int = form.cleaned_data["year"]
    subtree = bool(form.cleaned_data.get("subtree"))
    result = ReleaseFigures.of(selectors.release_counts(agency, year, subtree=subtree))
    title = f"{agency.name}{'（含所属机关）' if subtree else ''}{year}年主动公开信息发布情况"
    if request.GET.get("format") == "xlsx":
        return download(_figures_xlsx(result, title), XLSX_TYPE, f"{title}.xlsx")
    query = request.GET.copy()
    query["format"] = "xlsx"
    context |= {
        "figures": result,
        "title": title,
        "sentence": result.sentence(year),
        "xlsx_url": f"{reverse('catalogue:figures')}?{query.urlencode()}",
    }
    return render(request, "catalogue/work/figures.html", context)
