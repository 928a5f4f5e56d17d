"""The JSON API under /api/ (django-ninja), with its OpenAPI document at /api/openapi.json.

Same people, same permissions as the pages: session sign-in, CSRF on POST, reads scoped by
the selectors, state changes only through gongkai.applications.actions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ninja.renderers import JSONRenderer

from . import auth, cases, clock, reports
from .errors import GongkaiAPI, install_handlers


class ReadableJSONRenderer(JSONRenderer):
    """UTF-8 Chinese as it is, not as \\u escapes: readable with curl, half the bytes."""

    json_dumps_params: Mapping[str, Any] = {"ensure_ascii": False}


DESCRIPTION = """\
政府信息公开工作系统的数据接口。返回 JSON；日期格式为“年-月-日”（如 2025-03-03）。

**登录与权限。** 与网页相同：使用网页登录后的会话（Cookie `sessionid`）。POST 请求还须在请求头
`X-CSRFToken` 中带上 Cookie `csrftoken` 的值（`GET /api/me` 会设置该 Cookie）。只能查阅本人所在机关的申请；
上级监督人员可查阅所辖全部机关，但不能办理。`/api/deadline` 和本文档无须登录。

**个人信息。** 列表中的身份证件号码、电话、电子邮箱、通信地址一律脱敏；详情中只对本机关工作人员显示完整信息。

**办理与并发。** 每个办理操作的请求体都须带上读取申请时得到的 `version`；若他人已在此期间办理过该申请，
返回409，请重新读取后再操作。操作成功时返回办理后的申请详情（含新的 `version`）。

**错误。** 所有错误的响应体均为 `{"detail": "中文说明"}`，字段校验错误另有 `errors`（逐个字段的
`field`、`location`、`label`、`message`）。状态码：

| 状态码 | 含义 |
|---|---|
| 400 | 请求无法读取（不是有效的 JSON；答复期限计算中日期无效）；登记申请的内容不符合要求；所引用的承办人、征求意见或复议诉讼不属于该申请 |
| 401 | 未登录 |
| 403 | 已登录但无权操作：上级监督人员办理、非本机关工作人员登记、须由公开办负责人办理的操作、CSRF 校验失败 |
| 404 | 申请或机关不存在，或您无权查阅（二者不作区分） |
| 409 | 申请当前的状态不允许此操作，或 `version` 已过期；办理规则不满足时（如日期早于收到申请之日）目前也返回409 |
| 422 | 字段缺失、类型或格式错误、取值不在可选范围内 |
| 500 | 服务器内部错误（已记入日志），响应体仍为 JSON |
"""

api = GongkaiAPI(
    title="政府信息公开工作系统接口",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=auth.session_auth,
    renderer=ReadableJSONRenderer(),
)
install_handlers(api)
api.add_router("", auth.router)
api.add_router("", cases.router)
api.add_router("", clock.router)
api.add_router("", reports.router)

__all__ = ["api"]
