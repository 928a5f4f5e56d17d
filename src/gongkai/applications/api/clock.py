"""/api/deadline: the reply deadline of an application, explained (public, no account needed)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError

from gongkai.clock import ClockError, ClockSettings, Pause, PauseReason, reply_deadline
from gongkai.clock.cli import parse_date, parse_range
from gongkai.clock.deadlines import MAX_EXTENSION_WORKING_DAYS
from gongkai.core.calendar import current_calendar

from ..schemas import DeadlineQuery, ErrorOut, ReplyDeadlineOut, ValidationErrorOut

router = Router(tags=["答复期限"])


@router.get(
    "/deadline",
    auth=None,
    by_alias=True,
    response={200: ReplyDeadlineOut, 400: ErrorOut, 422: ValidationErrorOut},
    summary="计算答复期限",
    description=(
        "按《条例》第三十条至第三十四条和系统维护的节假日安排计算答复期限，并逐步说明计算过程。"
        "无须登录。日期有误时返回400。"
    ),
    operation_id="deadline",
)
def deadline(request: HttpRequest, query: Query[DeadlineQuery]) -> ReplyDeadlineOut:
    try:
        received = parse_date(query.received)
        corrected = parse_date(query.corrected) if query.corrected else None
        pauses = [Pause(*parse_range(text), PauseReason.CONSULTATION) for text in query.paused]
        pauses += [Pause(*parse_range(text), PauseReason.FEE_PAYMENT) for text in query.fee_period]
        result = reply_deadline(
            received,
            corrected=corrected,
            extension_days=MAX_EXTENSION_WORKING_DAYS if query.extended else 0,
            pauses=pauses,
            calendar=current_calendar(),
            settings=ClockSettings(fee_payment_paused=settings.GONGKAI_FEE_PERIOD_PAUSES_CLOCK),
        )
        return ReplyDeadlineOut.model_validate(result.to_dict())
    except ClockError as exc:
        raise HttpError(400, str(exc)) from None
    except OverflowError:
        raise HttpError(400, "日期超出可计算的范围") from None
