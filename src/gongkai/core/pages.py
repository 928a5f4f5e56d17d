"""One way to act from a page: an action declared once, run by one view path.

An app lists its page's actions as ``ActionSpec`` rows (name, form, who may, perform, when
shown). Its view finds the spec by the URL's name, binds the form and calls ``run_action``,
which is the same for a case, a catalogue item, a register document or a report:

- the form is invalid → the page again with the errors, 400; a form filled in on a stale copy
  (its hidden ``version`` refused, or the action answering "conflict") → 409;
- the action refuses (``ActionError``) → the page again with the message, at ``http_status``
  (beside the field it is about when the form has ``add_action_error(error)``, else the spec's
  ``error_field``);
- done → the action's message is flashed and the browser goes to ``done`` (POST/redirect/GET).

The page offers only the forms the user may use now (``roles`` and ``shown``); whether the step
may be done is decided again by the action itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .actions import STALE_MESSAGE, ActionError, http_status

T = TypeVar("T")

FIX_AND_RESUBMIT = "请按提示修改后重新提交"

Perform = Callable[[User, T, dict[str, Any], "int | None"], str]
Rerender = Callable[[forms.Form, str, int], HttpResponse]


def _always(_page: Any) -> bool:
    return True


@dataclass(frozen=True)
class ActionSpec(Generic[T]):
    """One action offered on a page.

    `perform(user, target, cleaned_data, version)` calls the app's action and returns the message
    shown after it is done. `roles`: the roles offered the form (empty: any of the agency's staff).
    `shown(page)`: whether the target's state offers it now. `error_field`: where an "invalid"
    refusal is shown (None: above the form). `stale`: what a form filled in on a stale copy is told
    (an app may say it in its own words: "该条目已被他人修改…").
    """

    name: str
    title: str
    form: type[forms.Form]
    perform: Perform[T]
    roles: tuple[str, ...] = ()
    shown: Callable[[Any], bool] = _always
    button: str = "提交"
    help: str = ""
    error_field: str | None = None
    listed: bool = True
    stale: str = STALE_MESSAGE

    def offered_to(self, roles: set[str] | frozenset[str]) -> bool:
        return bool(roles) and (not self.roles or bool(roles & set(self.roles)))

    @property
    def auto_id(self) -> str:
        """Several forms on one page: ids stay unique."""
        return f"id_{self.name}_%s"


def signed_in(request: HttpRequest) -> User:
    """The signed-in staff user (login_required has run: never anonymous here)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def version_of(form: forms.Form) -> int | None:
    value = form.cleaned_data.get("version") if hasattr(form, "cleaned_data") else None
    return value if isinstance(value, int) else None


def run_action(
    request: HttpRequest,
    spec: ActionSpec[T],
    target: T,
    form: forms.Form,
    *,
    rerender: Rerender,
    done: str,
) -> HttpResponse:
    """Validate, perform, and answer: the one path from a page's POST to an action."""
    if not form.is_valid():
        if "version" in form.errors:  # a hidden field: its message would not show beside it
            form.add_error(None, spec.stale)
            return rerender(form, spec.stale, 409)
        return rerender(form, FIX_AND_RESUBMIT, 400)
    try:
        message = spec.perform(signed_in(request), target, form.cleaned_data, version_of(form))
    except ActionError as error:
        place = getattr(form, "add_action_error", None)
        if callable(place):  # the form knows which of its fields a refusal is about
            place(error)
        else:
            form.add_error(spec.error_field if error.code == "invalid" else None, str(error))
        return rerender(form, str(error), http_status(error))
    messages.success(request, message)
    return redirect(done)


def bad_query(form: forms.Form) -> HttpResponse:
    """A download whose address asks for what the form refuses (a year out of range, an agency
    the user may not read): 400, each of the form's messages in plain text."""
    errors = "；".join(str(e) for errs in form.errors.values() for e in errs)
    return HttpResponse(f"查询条件有误：{errors}", status=400, content_type="text/plain; charset=utf-8")
