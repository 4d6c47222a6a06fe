"""Compulsory execution by another method (全过程记录实施办法 第三十条第一款第三项,
A43): after a served 催告书 the party still does not comply, the bureau carries
out 代履行, sells or lawfully handles sealed or seized property, removes an
obstruction, or uses another method a law provides (行政强制法第十二条), and
"应制作相应文书进行文字记录": the record is issued as a numbered PDF
(行政强制执行记录) and kept in the case file.

Rules checked, all from 行政强制法:
- 第十三条: a method needs a law; the legal basis is required.
- 第三十五、三十七、三十八条: the 催告书 served first, then the written execution
  decision served on the party, then the execution.
- 第四十三条: not at night nor on a day off, unless urgent (the reason recorded).
  "夜间" is read as 22:00–06:00, the one statutory definition (噪声污染防治法第八十八
  条); "法定节假日" as the official calendar's days off (weekends and holidays;
  an adjusted working Saturday is a working day).
- 第五十、五十一条 (代履行): the pollution it prevents, the performer (the bureau
  or a third party with no interest), the budget; the 催告 at least three
  (working, 第六十九条) days before; the cost borne by the party.
- 第四十六条第三款, 第四十八、四十九条 (sale of seized property): the measure of
  this case still holding the property, the periods for reconsideration and
  litigation over, the fine still owed, an auction house; the proceeds go to the
  treasury and are credited through a payment record.
- 第五十一条第一款第四项: the party signs the execution document, or a witness does.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment
from ecobureau.core import calendar
from ecobureau.lib import dates

from ..models import (
    CompulsoryMeasure,
    EnforcementCase,
    OtherExecution,
    PenaltyDecision,
    ReminderService,
    SurchargeSuspension,
)
from . import printing
from .decision_common import _check_staff, _locked, _money, _record, add_workdays
from .execution import court_window, owed_on
from .inspections import _text

METHOD = OtherExecution.Method
KIND = "enf_execution_record"
NIGHT_STARTS, NIGHT_ENDS = time(22), time(6)  # 噪声污染防治法第八十八条
SUBSTITUTE_NOTICE_WORKDAYS = 3  # 行政强制法第五十一条第一款第二项, 第六十九条
RECORDING_KINDS = (Attachment.Kind.VIDEO, Attachment.Kind.AUDIO)
HELD = (CompulsoryMeasure.Status.IN_FORCE, CompulsoryMeasure.Status.HANDLED)


def served_reminder(decision: PenaltyDecision) -> ReminderService:
    """The latest 催告书 served on the party; refused when none was."""
    reminder = (
        decision.reminders.filter(served_at__isnull=False).order_by("-pk").first()
    )
    if reminder is None:
        raise ValidationError(
            "采取强制执行措施前须先送达催告书（行政强制法第三十五条；"
            "全过程记录实施办法第二十九条）。"
        )
    return reminder


def officer_names(case: EnforcementCase) -> list[str]:
    """The case's officers as the record shows them (name and credential number,
    全过程记录实施办法 第十条)."""
    return [
        f"{user.display_name}（执法证号{user.credential_no}）"
        for user in case.officers.order_by("pk")
    ]


def night_or_day_off(started_at: datetime, ended_at: datetime) -> list[str]:
    """Which parts of the span fall at night or on a day off (第四十三条)."""
    start = started_at.astimezone(dates.SHANGHAI)
    end = ended_at.astimezone(dates.SHANGHAI)
    problems = []
    if (
        start.time() < NIGHT_ENDS
        or start.time() >= NIGHT_STARTS
        or end.time() > NIGHT_STARTS
        or end.time() <= NIGHT_ENDS
        or end.date() > start.date()
    ):
        problems.append(gettext("夜间（22时至次日6时）"))
    cal = calendar.current()
    day = start.date()
    while day <= end.date():
        if not cal.is_workday(day):
            problems.append(
                gettext("%(day)s为休息日或法定节假日") % {"day": day.isoformat()}
            )
            break
        day += timedelta(days=1)
    return problems


def _check_times(
    started_at: datetime, ended_at: datetime, urgency: str, served_on: date
) -> None:
    if not started_at < ended_at:
        raise ValidationError("结束时间应晚于开始时间。")
    if ended_at > timezone.now():
        raise ValidationError("结束时间不能晚于现在。")
    check_after_reminder(dates.local_date(started_at), served_on)
    check_by_day(started_at, ended_at, urgency)


def check_after_reminder(day: date, served_on: date) -> None:
    """行政强制法第三十七条: 经催告逾期仍不履行 — never on the day of service."""
    if day <= served_on:
        raise ValidationError(
            gettext(
                "催告书于%(served)s送达，经催告逾期仍不履行的方可强制执行，"
                "实施日期应在送达之后（行政强制法第三十七条）。"
            )
            % {"served": served_on}
        )


def check_by_day(started_at: datetime, ended_at: datetime, urgency: str) -> None:
    """第四十三条: not at night nor on a day off unless the urgent reason is written."""
    problems = night_or_day_off(started_at, ended_at)
    if problems and not urgency.strip():
        raise ValidationError(
            gettext(
                "不得在夜间或者法定节假日实施行政强制执行（%(problems)s），"
                "情况紧急的须写明事由（行政强制法第四十三条）。"
            )
            % {"problems": gettext("；").join(problems)}
        )


def _optional_money(value: str, label: str) -> Decimal | None:
    return _money(value, label) if str(value or "").strip() else None


def _check_substitute(
    *,
    started_at: datetime,
    served_on: date,
    harm: str,
    performer: str,
    performer_independent: bool,
    cost_budget: Decimal | None,
    cost: Decimal | None,
) -> None:
    _text(
        harm,
        gettext_noop("已经或者将造成的环境污染、自然资源破坏（行政强制法第五十条）"),
    )
    _text(performer, gettext_noop("代履行人"))
    if not performer_independent:
        raise ValidationError(
            "代履行人应为本局或者与当事人没有利害关系的第三人，请确认（行政强制法第五十条）。"
        )
    if cost_budget is None:
        raise ValidationError(
            "请填写代履行费用预算（行政强制法第五十一条第一款第一项）。"
        )
    if cost is None:
        raise ValidationError("请填写代履行费用（按成本合理确定，由当事人承担）。")
    earliest = add_workdays(served_on, SUBSTITUTE_NOTICE_WORKDAYS)
    if dates.local_date(started_at) < earliest:
        raise ValidationError(
            gettext(
                "代履行三日前应催告当事人履行，最早%(earliest)s实施"
                "（行政强制法第五十一条第一款第二项、第六十九条）。"
            )
            % {"earliest": earliest}
        )


def _check_seized(
    *,
    decision: PenaltyDecision,
    measure: CompulsoryMeasure | None,
    started_at: datetime,
    performer: str,
    proceeds: Decimal | None,
) -> None:
    if measure is None or measure.case_id != decision.case_id:
        raise ValidationError("请选择本案的查封、扣押措施。")
    if measure.status not in HELD:
        raise ValidationError(
            gettext("该查封、扣押%(status)s，财物已不在本局控制之下。")
            % {"status": gettext(measure.get_status_display())}
        )
    start = dates.local_date(started_at)
    window = court_window(decision)
    assert window is not None
    if start < window[0]:
        raise ValidationError(
            gettext(
                "当事人申请行政复议、提起行政诉讼的期限届满后方可拍卖抵缴罚款，"
                "最早%(earliest)s（行政强制法第四十六条第三款）。"
            )
            % {"earliest": window[0]}
        )
    if decision.suspensions.filter(
        kind__in=[
            SurchargeSuspension.Kind.RECONSIDERATION,
            SurchargeSuspension.Kind.LITIGATION,
        ]
    ).exists():
        raise ValidationError(
            "当事人已申请行政复议或提起行政诉讼，不能依第四十六条第三款拍卖抵缴罚款。"
        )
    if owed_on(decision, start) == 0:
        raise ValidationError("罚款已缴清，无需拍卖抵缴。")
    _text(performer, gettext_noop("受委托的拍卖机构（行政强制法第四十八条）"))
    if proceeds is None:
        raise ValidationError("请填写拍卖或者处理所得款项（应上缴国库）。")


def _lines(item: OtherExecution) -> list[str]:
    start = item.started_at.astimezone(dates.SHANGHAI)
    end = item.ended_at.astimezone(dates.SHANGHAI)
    lines = [
        f"强制执行方式|{item.get_method_display()}",
        f"法律依据|{item.basis}",
        f"催告书|{item.reminder.document.reference}，"
        f"{dates.local_date(item.reminder.served_at).isoformat()}送达"
        if item.reminder.served_at
        else "催告书|",
        f"强制执行决定书|{item.order_reference}，{item.order_served_on.isoformat()}送达",
        f"执行的标的、内容和方式|{item.work}",
        f"地点|{item.place}",
        f"时间|{start:%Y-%m-%d %H:%M}至{end:%Y-%m-%d %H:%M}",
    ]
    if item.urgency:
        lines.append(f"情况紧急的事由|{item.urgency}")
    if item.method == METHOD.SUBSTITUTE:
        lines += [
            f"代履行的理由|{item.harm}",
            f"代履行人|{item.performer}（本局或与当事人没有利害关系的第三人）",
            f"费用|预算{item.cost_budget}元，实际{item.cost}元，由当事人承担",
        ]
    if item.method == METHOD.HANDLE_SEIZED and item.measure is not None:
        lines += [
            f"查封、扣押|{item.measure.get_kind_display()}："
            + "、".join(str(i) for i in item.measure.items or []),
            f"拍卖机构|{item.performer}",
            f"所得款项|{item.proceeds}元，上缴国库",
        ]
    lines += [
        f"执行结果|{item.get_outcome_display()}：{item.result}",
        f"到场执法人员|{'；'.join(item.officers)}",
    ]
    if item.recording is not None:
        lines.append(f"音像记录|{item.recording.name}")
    return lines


def _signatures(item: OtherExecution) -> str:
    names = ["执法人员：" + "、".join(item.officers)]
    if item.method == METHOD.SUBSTITUTE:
        names.append(f"代履行人：{item.performer}")
    names.append("当事人：已签名" if item.party_signed else f"见证人：{item.witness}")
    return "；".join(names)


@transaction.atomic
def other_execution_record(
    *,
    decision: PenaltyDecision,
    method: str,
    basis: str,
    order_reference: str,
    order_served_on: date,
    work: str,
    place: str,
    started_at: datetime,
    ended_at: datetime,
    outcome: str,
    result: str,
    party_signed: bool,
    witness: str,
    by: User,
    urgency: str = "",
    harm: str = "",
    performer: str = "",
    performer_independent: bool = False,
    cost_budget: str = "",
    cost: str = "",
    measure: CompulsoryMeasure | None = None,
    proceeds: str = "",
    recording: File[bytes] | None = None,
    recording_kind: str = "",
    captured_at: datetime | None = None,
) -> OtherExecution:
    """Record one execution by another method and issue its written record."""
    decision = _locked(decision)
    case = decision.case
    _check_staff(by, case)
    if decision.served_at is None or decision.executed_at is not None:
        raise ValidationError("处罚决定送达后、执行完毕前方可采取强制执行措施。")
    if method not in METHOD.values:
        raise ValidationError("请选择强制执行方式。")
    if outcome not in OtherExecution.Outcome.values:
        raise ValidationError("请选择执行结果。")
    basis = _text(
        basis, gettext_noop("法律依据（行政强制执行由法律设定，行政强制法第十三条）")
    )
    reminder = served_reminder(decision)
    assert reminder.served_at is not None
    served_on = dates.local_date(reminder.served_at)
    if not served_on <= order_served_on <= dates.local_date(started_at):
        raise ValidationError(
            "强制执行决定书应在催告书送达之后、执行之前送达当事人"
            "（行政强制法第三十七条、第三十八条）。"
        )
    _check_times(started_at, ended_at, urgency, served_on)
    budget = _optional_money(cost_budget, gettext_noop("代履行费用预算"))
    spent = _optional_money(cost, gettext_noop("代履行费用"))
    gained = _optional_money(proceeds, gettext_noop("所得款项"))
    if method == METHOD.SUBSTITUTE:
        _check_substitute(
            started_at=started_at,
            served_on=served_on,
            harm=harm,
            performer=performer,
            performer_independent=performer_independent,
            cost_budget=budget,
            cost=spent,
        )
    if method == METHOD.HANDLE_SEIZED:
        _check_seized(
            decision=decision,
            measure=measure,
            started_at=started_at,
            performer=performer,
            proceeds=gained,
        )
    if not party_signed and not witness.strip():
        raise ValidationError(
            "当事人未在执行文书上签名或盖章的，请填写见证人（行政强制法第五十一条）。"
        )
    attachment = None
    if recording is not None:
        if recording_kind not in RECORDING_KINDS:
            raise ValidationError("请选择音像资料的类别（视频或音频）。")
        if captured_at is None:
            raise ValidationError("请填写音像资料的录制时间。")
        if not started_at <= captured_at <= ended_at:
            raise ValidationError("音像资料的录制时间应在执行的开始和结束时间之间。")
        attachment = casework_services.attachment_add(
            file=recording,
            target=case,
            kind=recording_kind,
            by=by,
            note=f"强制执行音像记录（{dates.local_date(started_at).isoformat()}）",
            captured_at=captured_at,
        )
    item = OtherExecution(
        decision=decision,
        reminder=reminder,
        method=method,
        basis=basis,
        order_reference=_text(order_reference, gettext_noop("强制执行决定书文号")),
        order_served_on=order_served_on,
        work=_text(work, gettext_noop("执行的标的、内容和方式")),
        place=_text(place, gettext_noop("地点")),
        started_at=started_at,
        ended_at=ended_at,
        urgency=urgency.strip(),
        harm=harm.strip() if method == METHOD.SUBSTITUTE else "",
        performer=performer.strip()
        if method in (METHOD.SUBSTITUTE, METHOD.HANDLE_SEIZED)
        else "",
        cost_budget=budget if method == METHOD.SUBSTITUTE else None,
        cost=spent if method == METHOD.SUBSTITUTE else None,
        measure=measure if method == METHOD.HANDLE_SEIZED else None,
        proceeds=gained if method == METHOD.HANDLE_SEIZED else None,
        outcome=outcome,
        result=_text(result, gettext_noop("执行情况")),
        party_signed=party_signed,
        witness="" if party_signed else witness.strip(),
        officers=officer_names(case),
        recording=attachment,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    item.document = printing.issue(
        kind=KIND,
        target=case,
        by=by,
        context={
            "case": str(case),
            "party": case.enterprise.name,
            "lines": _lines(item),
            "signatures": _signatures(item),
        },
    )
    item.save()
    _record(
        "other_execution_record",
        decision,
        by,
        execution=item.pk,
        method=method,
        reminder=reminder.pk,
        document=item.document.pk,
        urgent=bool(item.urgency),
    )
    return item
