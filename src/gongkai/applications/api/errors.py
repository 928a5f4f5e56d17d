"""Every error the API returns is {"detail": "<a Chinese sentence>"}; validation adds "errors".

Status codes, as the OpenAPI description states them:

* 400: a request that cannot be read (not JSON, an impossible date for the clock);
* 401: not signed in;
* 403: signed in, but not allowed (a supervisor acting, a clerk of another office, CSRF);
* 404: no such case, or one the caller may not read (the two are not told apart);
* 409: the action does not fit the case as it stands now (its state, a stale version);
* 422: a field missing, of the wrong type or format, or not one of the allowed values;
* 500: anything unexpected, still as JSON, its traceback in the log.
"""

from __future__ import annotations

import logging
import types
import typing
from collections.abc import Callable
from typing import Any

from django.db.models import Choices
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError, ValidationErrorContext
from pydantic import BaseModel

from gongkai.applications.schemas import choices
from gongkai.clock import ClockError
from gongkai.core.actions import ActionError, http_status
from gongkai.core.busy import busy_response, is_busy

logger = logging.getLogger(__name__)

NOT_SIGNED_IN = "请先登录后再使用此接口"
INTERNAL_ERROR = "服务器内部错误，未能完成请求；错误已记录，请稍后重试，如仍出现请联系系统管理员"
NOT_FOUND = "未找到该资源，或您无权查看"
CSRF_FAILED = "CSRF 校验失败：请在请求头 X-CSRFToken 中带上 csrftoken Cookie 的值后重试"

# What django-ninja itself says in English, said in Chinese.
_NINJA_MESSAGES = {
    "Cannot parse request body": "请求体不是有效的 JSON",
    "CSRF check Failed": CSRF_FAILED,
    "Too many requests.": "请求过于频繁，请稍后再试",
    "Unauthorized": NOT_SIGNED_IN,
    "Forbidden": "您无权执行此操作",
}


def action_refused(exc: ActionError) -> HttpError:
    """The refusal with the status its `code` gives, the same as on the pages (http_status)."""
    return HttpError(http_status(exc), str(exc))


# --- validation errors -----------------------------------------------------------------------


def _unwrap(annotation: Any) -> Any:
    """X from X | None, Annotated[X, ...] and the like."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else annotation
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _locate(model: Any, loc: tuple[int | str, ...]) -> tuple[str, str, Any]:
    """(field name as the client sent it, its Chinese title, its type) for an error location."""
    current, path, label, annotation = model, [], "请求体", None
    for part in loc:
        fields = current.model_fields if _is_model(current) else {}
        info = fields.get(part) if isinstance(part, str) else None
        if info is None:
            path.append(str(part))
            label, annotation, current = str(part), None, None
            continue
        annotation = _unwrap(info.annotation)
        if _is_model(annotation):  # the body or query schema as a whole: not a field of the request
            current = annotation
            continue
        path.append(info.alias or str(part))
        label, current = info.title or str(part), annotation
    return ".".join(path), label, annotation


# Pydantic's error types whose message needs nothing from the error; a prefix ends in "_".
_FIXED_MESSAGES = {
    "missing": "必须填写",
    "extra_forbidden": "不是此接口可接受的字段",
    "date_": "日期格式有误，应为“年-月-日”，如 2025-03-03",
    "datetime_": "日期格式有误，应为“年-月-日”，如 2025-03-03",
    "int_": "应为整数",
    "bool_": "应为 true 或 false",
    "string_type": "应为文字（字符串）",
    "string_too_short": "不能为空",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "list_type": "应为列表",
    "json_invalid": "不是有效的 JSON",
}

# Error types whose message names a limit from the error's context.
_LIMIT_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "string_too_long": lambda ctx: f"不能超过{ctx.get('max_length')}个字",
    "greater_than_equal": lambda ctx: f"不能小于{ctx.get('ge')}",
    "greater_than": lambda ctx: f"不能小于{ctx.get('gt')}",
    "less_than_equal": lambda ctx: f"不能大于{ctx.get('le')}",
    "less_than": lambda ctx: f"不能大于{ctx.get('lt')}",
}


def _fixed_message(kind: str) -> str | None:
    if kind in _FIXED_MESSAGES:
        return _FIXED_MESSAGES[kind]
    prefix = kind.split("_", 1)[0] + "_"
    return _FIXED_MESSAGES.get(prefix) if prefix in {"date_", "datetime_", "int_", "bool_"} else None


def _message(error: Any, annotation: Any) -> str:
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    fixed = _fixed_message(kind)
    if fixed is not None:
        return fixed
    if kind in _LIMIT_MESSAGES:
        return _LIMIT_MESSAGES[kind](ctx)
    if kind == "enum":
        if isinstance(annotation, type) and issubclass(annotation, Choices):
            return f"取值无效，可选：{choices(annotation)}"
        return f"取值无效，可选：{ctx.get('expected', '')}"
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])
    return "取值无效"


class GongkaiAPI(NinjaAPI):
    """NinjaAPI whose validation errors name each field and say what is wrong with it, in Chinese."""

    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext[Any]]
    ) -> ValidationError:
        errors: list[dict[str, Any]] = []
        for context in error_contexts:
            model: Any = context.model
            for error in context.pydantic_validation_error.errors(include_url=False):
                field, label, annotation = _locate(model, tuple(error["loc"]))
                errors.append(
                    {
                        "field": field,
                        "location": str(model.__ninja_param_source__),
                        "label": label,
                        "message": _message(error, annotation),
                    }
                )
        return ValidationError(errors)


def _explain(errors: list[dict[str, Any]]) -> str:
    parts = []
    for error in errors:
        name = error.get("label") or error.get("field") or "请求"
        if error.get("field") and error["field"] != name:
            name = f"{name}（{error['field']}）"
        parts.append(f"{name}：{error.get('message', '取值无效')}")
    return "请求数据有误：" + "；".join(parts)


def install_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, **body: Any) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [e for e in exc.errors if isinstance(e, dict)]
        if len(errors) != len(exc.errors) or any("message" not in e for e in errors):
            # raised by ninja itself (e.g. pagination), not through the translation above
            errors = [{"field": "", "location": "", "label": "请求", "message": "取值无效"}]
        return respond(request, 422, detail=_explain(errors), errors=errors)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        for english, chinese in _NINJA_MESSAGES.items():
            if message.startswith(english):
                message = chinese
                break
        return respond(request, exc.status_code, detail=message)

    @api.exception_handler(AuthenticationError)
    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, 401, detail=NOT_SIGNED_IN)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, detail=NOT_FOUND)

    @api.exception_handler(ActionError)
    def on_action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
        refused = action_refused(exc)
        return respond(request, refused.status_code, detail=refused.message)

    @api.exception_handler(ClockError)
    def on_clock_error(request: HttpRequest, exc: ClockError) -> HttpResponse:
        return respond(request, 400, detail=str(exc))

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if is_busy(exc):  # nothing was written: the client may send it again
            return busy_response(request)
        # A client of the API reads JSON whatever happens; the traceback goes to the log, not to it.
        logger.error("接口内部错误：%s %s", request.method, request.path, exc_info=exc)
        return respond(request, 500, detail=INTERNAL_ERROR)
