"""Writes for the reception day (A67), forums (A71), leader links and the letter
(E15), and the revisits after enforcement cases (A75, E19). Keyword-only, atomic,
each with its record entry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise

from .. import reception_dates, rules
from ..models import (
    Demand,
    Forum,
    GreenChannel,
    LeaderLink,
    Letter,
    LetterDelivery,
    ReceptionBooking,
    ReceptionDay,
    Revisit,
    RevisitReport,
)
from ._common import _not_future, _require, _staff_enterprise, _text, _today

RECEPTION_PERM = "engagement.manage_reception"
REVISIT_PERM = "engagement.manage_revisit"
LEADER_PERM = "engagement.manage_commissioner"


# --- Reception day (企业环保接待日, A67) ------------------------------------------------


@transaction.atomic
def reception_day_plan(
    *, by: User, held_on: date, agenda: str, hosts: str = ""
) -> ReceptionDay:
    """Set a month's reception day and its agenda. The date must be the Tuesday of
    the month's second week under the configured week rule (seed 000 与企业互动（四））."""
    _require(by, RECEPTION_PERM)
    rule = rules.reception_week_rule()
    expected = reception_dates.reception_day(held_on.year, held_on.month, rule)
    if held_on != expected:
        raise ValidationError(
            f"{held_on:%Y年%m月}的企业环保接待日应为{expected:%Y-%m-%d}（{rules.reception_basis()}）。"
        )
    if ReceptionDay.objects.filter(held_on=held_on).exists():
        raise ValidationError(f"{held_on:%Y-%m-%d}的接待日已安排。")
    day = ReceptionDay.objects.create(
        held_on=held_on,
        agenda=_text(agenda, "议程"),
        hosts=hosts.strip(),
        created_by=by,
    )
    records.append(
        action="engagement.reception.plan",
        target=day,
        actor=by,
        after={"held_on": held_on.isoformat(), "rule": rule},
    )
    return day


@transaction.atomic
def reception_book(
    *,
    by: User,
    day: ReceptionDay,
    enterprise: Enterprise,
    topic: str,
    contact_name: str,
    contact_phone: str = "",
) -> ReceptionBooking:
    """Book a reception-day talk: an enterprise for itself, or staff for an
    enterprise in their scope. One booking per enterprise per day; no booking for
    a day already past."""
    if by.kind == User.Kind.ENTERPRISE:
        own = enterprise_selectors.enterprise_for_account(by)
        if own is None or own.pk != enterprise.pk:
            raise PermissionDenied("企业账户只能为本企业预约。")
    else:
        _require(by, RECEPTION_PERM)
        _staff_enterprise(by, enterprise)
    day = ReceptionDay.objects.get(pk=day.pk)  # the current state, not a caller's copy
    if day.held_on < _today():
        raise ValidationError("该接待日已过，请预约下一次接待日。")
    if day.recorded_at is not None:
        raise ValidationError("该接待日已结束记录，不能再预约。")
    try:
        with transaction.atomic():
            booking = ReceptionBooking.objects.create(
                day=day,
                enterprise=enterprise,
                topic=_text(topic, "拟咨询的问题"),
                contact_name=_text(contact_name, "来访人"),
                contact_phone=contact_phone.strip(),
                district=enterprise.district,
                booked_by=by,
                booked_at=timezone.now(),
            )
    except IntegrityError as error:
        raise ValidationError(
            "本企业已预约该接待日，如需修改请先取消原预约。"
        ) from error
    records.append(
        action="engagement.reception.book",
        target=day,
        actor=by,
        after={"booking": booking.pk, "enterprise": enterprise.pk},
    )
    return booking


@transaction.atomic
def reception_cancel(*, by: User, booking: ReceptionBooking) -> ReceptionBooking:
    own = enterprise_selectors.enterprise_for_account(by)
    if not (own is not None and own.pk == booking.enterprise_id) and not by.has_perm(
        RECEPTION_PERM
    ):
        raise PermissionDenied("您不能取消该预约。")
    if booking.status != ReceptionBooking.Status.BOOKED:
        raise ValidationError("该预约已接待或已取消。")
    booking.status = ReceptionBooking.Status.CANCELLED
    booking.save(update_fields=["status"])
    records.append(
        action="engagement.reception.cancel",
        target=booking.day,
        actor=by,
        after={"booking": booking.pk},
    )
    return booking


@transaction.atomic
def reception_receive(
    *,
    by: User,
    booking: ReceptionBooking,
    answer: str,
    solution: str = "",
    follow_up_title: str = "",
    follow_up_category: str = Demand.Category.OTHER,
) -> ReceptionBooking:
    """Record the talk: what was answered on the spot, the solution proposed and,
    where something is left to do, a demand filed at once (channel 企业接待日) that
    runs its own reply clock."""
    from . import demand_file

    _require(by, RECEPTION_PERM)
    booking = ReceptionBooking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != ReceptionBooking.Status.BOOKED:
        raise ValidationError("该预约已接待或已取消。")
    if booking.day.held_on > _today():
        raise ValidationError("接待日尚未到来，不能记录接待情况。")
    booking.answer = _text(answer, "现场解答情况")
    booking.solution = solution.strip()
    booking.status = ReceptionBooking.Status.RECEIVED
    booking.received_by = by
    booking.unit = by.unit
    if follow_up_title.strip():
        booking.demand = demand_file(
            by=by,
            enterprise=booking.enterprise,
            title=follow_up_title,
            content=f"{booking.topic}\n接待日解答：{booking.answer}",
            category=follow_up_category,
            channel=Demand.Channel.RECEPTION,
        )
    booking.save(
        update_fields=["answer", "solution", "status", "received_by", "unit", "demand"]
    )
    records.append(
        action="engagement.reception.receive",
        target=booking.day,
        actor=by,
        after={"booking": booking.pk, "demand": booking.demand_id},
    )
    return booking


@transaction.atomic
def reception_record(*, by: User, day: ReceptionDay, record: str) -> ReceptionDay:
    """Write the record of the day, after it, once every booking is dealt with."""
    _require(by, RECEPTION_PERM)
    day = ReceptionDay.objects.select_for_update().get(pk=day.pk)
    if day.held_on > _today():
        raise ValidationError("接待日尚未到来。")
    if day.recorded_at is not None:
        raise ValidationError("该接待日已记录。")
    pending = day.bookings.filter(status=ReceptionBooking.Status.BOOKED).count()
    if pending:
        raise ValidationError(f"尚有{pending}家企业的预约未记录接待情况（或取消）。")
    day.record = _text(record, "接待情况记录")
    day.recorded_at = timezone.now()
    day.recorded_by = by
    day.save(update_fields=["record", "recorded_at", "recorded_by"])
    records.append(
        action="engagement.reception.record",
        target=day,
        actor=by,
        after={"received": day.bookings.filter(status="received").count()},
    )
    return day


# --- Forums (企业代表座谈会, A71) ------------------------------------------------------


@transaction.atomic
def forum_record(
    *,
    by: User,
    held_on: date,
    title: str,
    attendees: str,
    reported: str,
    topics: str,
    outcomes: str = "",
    npc_deputies: int = 0,
    cppcc_members: int = 0,
    enterprise_reps: int = 0,
) -> Forum:
    """Record a forum with NPC deputies, CPPCC members and enterprise
    representatives (seed 000 与企业互动（八））. Demands raised are filed with
    `forum_demand` so their follow-up shows on the forum's page."""
    _require(by, RECEPTION_PERM)
    _not_future(held_on, "召开日期")
    if npc_deputies + cppcc_members + enterprise_reps == 0:
        raise ValidationError("请填写参会的人大代表、政协委员或企业代表人数。")
    forum = Forum.objects.create(
        held_on=held_on,
        title=_text(title, "会议名称"),
        attendees=_text(attendees, "参会人员"),
        reported=_text(reported, "通报的工作情况"),
        topics=_text(topics, "代表提出的需求建议"),
        outcomes=outcomes.strip(),
        npc_deputies=npc_deputies,
        cppcc_members=cppcc_members,
        enterprise_reps=enterprise_reps,
        unit=by.unit,
        created_by=by,
    )
    records.append(
        action="engagement.forum.record",
        target=forum,
        actor=by,
        after={"held_on": held_on.isoformat()},
    )
    return forum


def forum_demand(
    *,
    by: User,
    forum: Forum,
    enterprise: Enterprise,
    title: str,
    content: str,
    category: str,
) -> Demand:
    """A demand raised at the forum, filed so it is routed and answered like any."""
    from . import demand_file

    _require(by, RECEPTION_PERM)
    return demand_file(
        by=by,
        enterprise=enterprise,
        title=title,
        content=content,
        category=category,
        channel=Demand.Channel.FORUM,
        forum=forum,
    )


# --- Leaders linked to enterprises and the letter (E15) ----------------------------


@transaction.atomic
def leader_link(
    *, by: User, leader: User, enterprise: Enterprise, started_on: date
) -> LeaderLink:
    """Link a leader to an enterprise (领导干部联系企业制度, seed 004)."""
    _require(by, LEADER_PERM)
    _staff_enterprise(by, enterprise)
    if (
        leader.kind != User.Kind.STAFF
        or not leader.roles.filter(
            code__in=(
                "bureau_leader",
                "section_head",
                "sub_bureau_head",
                "enforcement_head",
            )
        ).exists()
    ):
        raise ValidationError("联系企业的应为局领导或科室、分局、执法队负责人。")
    try:
        with transaction.atomic():
            link = LeaderLink.objects.create(
                leader=leader,
                enterprise=enterprise,
                started_on=started_on,
                district=enterprise.district,
                created_by=by,
            )
    except IntegrityError as error:
        raise ValidationError("该领导已联系此企业。") from error
    records.append(
        action="engagement.leader.link",
        target=link,
        actor=by,
        after={"leader": leader.pk, "enterprise": enterprise.pk},
    )
    return link


@transaction.atomic
def leader_unlink(*, by: User, link: LeaderLink, ended_on: date) -> LeaderLink:
    _require(by, LEADER_PERM)
    if link.ended_on is not None:
        raise ValidationError("该联系已结束。")
    if ended_on < link.started_on:
        raise ValidationError("结束日期不能早于起始日期。")
    link.ended_on = ended_on
    link.save(update_fields=["ended_on"])
    records.append(
        action="engagement.leader.unlink",
        target=link,
        actor=by,
        after=ended_on.isoformat(),
    )
    return link


@transaction.atomic
def letter_send(
    *,
    by: User,
    title: str,
    body: str,
    sent_on: date,
    enterprises: Iterable[Enterprise],
) -> Letter:
    """Record a letter to enterprises and the enterprises it went to (seed 004
    "发送《致全市企业家朋友们的一封信》"). Only enterprises in the sender's scope."""
    _require(by, LEADER_PERM)
    _not_future(sent_on, "发送日期")
    chosen = {enterprise.pk: enterprise for enterprise in enterprises}
    if not chosen:
        raise ValidationError("请选择收信企业。")
    visible = set(
        enterprise_selectors.enterprise_list_for_user(by)
        .filter(pk__in=chosen)
        .values_list("pk", flat=True)
    )
    outside = [chosen[pk].name for pk in chosen if pk not in visible]
    if outside:
        raise ValidationError(f"以下企业不在您的数据范围内：{'、'.join(outside)}")
    letter = Letter.objects.create(
        title=_text(title, "标题"),
        body=_text(body, "正文"),
        sent_on=sent_on,
        created_by=by,
    )
    LetterDelivery.objects.bulk_create(
        LetterDelivery(letter=letter, enterprise=e, district_id=e.district_id)
        for e in chosen.values()
    )
    records.append(
        action="engagement.letter.send",
        target=letter,
        actor=by,
        after={"enterprises": len(chosen)},
    )
    return letter


# --- Revisits after enforcement cases (A75, E19) ------------------------------------


def _month_start(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def revisit_prepare(*, by: User, month: date) -> list[Revisit]:
    """The party office sorts the month's enforcement cases (those filed in the
    month) by category and lists each for a revisit (seed 000 与企业互动（十一））.
    Running it again adds only cases not yet listed."""
    from .. import selectors

    _require(by, REVISIT_PERM)
    month = _month_start(month)
    if month > _month_start(_today()):
        raise ValidationError("不能整理未来月份的案件。")
    listed = set(Revisit.objects.filter(month=month).values_list("case_id", flat=True))
    new = [
        Revisit(
            month=month,
            case_id=row.case_id,
            case_label=row.label,
            enterprise_id=row.enterprise_id,
            category=row.category,
        )
        for row in selectors.enforcement_cases_of_month(month)
        if row.case_id not in listed
    ]
    Revisit.objects.bulk_create(new)
    records.append(
        action="engagement.revisit.prepare",
        target=("engagement.revisitmonth", month.isoformat()),
        actor=by,
        after={"added": len(new)},
    )
    return new


@transaction.atomic
def revisit_record(
    *,
    by: User,
    revisit: Revisit,
    visited_on: date,
    civil: bool,
    clean_conduct: bool,
    satisfied: bool,
    findings: str,
    problem: str = "",
    proposal: str = "",
) -> Revisit:
    """Record the revisit. A problem (uncivil or unclean enforcement, or anything
    else found) needs a proposal for the party group."""
    _require(by, REVISIT_PERM)
    revisit = Revisit.objects.select_for_update().get(pk=revisit.pk)
    if revisit.status != Revisit.Status.PENDING:
        raise ValidationError("该案件已回访。")
    _not_future(visited_on, "回访日期")
    problem = problem.strip()
    if (not civil or not clean_conduct) and not problem:
        raise ValidationError("企业反映执法不文明或不廉洁时，请填写发现的问题。")
    if problem and not proposal.strip():
        raise ValidationError("发现问题时请提出处理建议（向局党组报告）。")
    revisit.visited_on = visited_on
    revisit.visitor = by
    revisit.unit = by.unit
    revisit.civil = civil
    revisit.clean_conduct = clean_conduct
    revisit.satisfied = satisfied
    revisit.findings = _text(findings, "企业反映情况")
    revisit.problem = problem
    revisit.proposal = proposal.strip()
    revisit.status = Revisit.Status.DONE
    revisit.save()
    records.append(
        action="engagement.revisit.record",
        target=revisit,
        actor=by,
        after={"civil": civil, "clean": clean_conduct, "problem": bool(problem)},
    )
    return revisit


@transaction.atomic
def revisit_report(*, by: User, month: date, summary: str) -> RevisitReport:
    """The month's report to the party group, its figures from the revisits. Every
    listed case must have been revisited first."""
    _require(by, REVISIT_PERM)
    month = _month_start(month)
    if RevisitReport.objects.filter(month=month).exists():
        raise ValidationError("本月回访情况已报告。")
    rows = Revisit.objects.filter(month=month)
    pending = rows.filter(status=Revisit.Status.PENDING).count()
    if pending:
        raise ValidationError(f"本月尚有{pending}件案件未回访。")
    report = RevisitReport.objects.create(
        month=month,
        cases=rows.count(),
        revisited=rows.values("enterprise").distinct().count(),
        problems=rows.exclude(problem="").count(),
        summary=_text(summary, "报告内容"),
        reported_at=timezone.now(),
        reported_by=by,
    )
    records.append(
        action="engagement.revisit.report",
        target=report,
        actor=by,
        after={"cases": report.cases, "problems": report.problems},
    )
    return report


# --- 诉求反馈绿色通道 (seed 004; E15) ------------------------------------------------


@transaction.atomic
def green_channel_enrol(
    *,
    by: User,
    credit_codes: Iterable[str],
    category: str,
    enrolled_on: date,
    basis: str,
) -> list[GreenChannel]:
    """Put enterprises, by 统一社会信用代码 (one a line, as the bureau's list is
    kept), on the green channel. All or nothing: every line that is not an
    enterprise of the user's scope, is repeated or is already on the channel is
    reported with its line number, and nothing is written."""
    _require(by, LEADER_PERM)
    if category not in GreenChannel.Category.values:
        raise ValidationError("请选择企业类别（重点企业或一般企业）。")
    basis = _text(basis, "纳入依据")
    _not_future(enrolled_on, "纳入日期")
    scope = enterprise_selectors.enterprise_list_for_user(by)
    lines = [(n, code.strip().upper()) for n, code in enumerate(credit_codes, 1)]
    lines = [(n, code) for n, code in lines if code]
    if not lines:
        raise ValidationError("请填写至少一个统一社会信用代码。")
    found = {
        e.credit_code: e for e in scope.filter(credit_code__in=[c for _, c in lines])
    }
    on_channel = set(
        GreenChannel.objects.filter(
            enterprise__in=found.values(), ended_on__isnull=True
        ).values_list("enterprise__credit_code", flat=True)
    )
    errors, seen = [], set()
    for n, code in lines:
        if code in seen:
            errors.append(f"第{n}行 {code}：与前面的行重复")
        elif code not in found:
            errors.append(f"第{n}行 {code}：不在企业库或您的数据范围内")
        elif code in on_channel:
            errors.append(f"第{n}行 {code}：已在绿色通道中")
        seen.add(code)
    if errors:
        raise ValidationError(errors)
    entries = []
    for _, code in lines:
        enterprise = found[code]
        entry = GreenChannel.objects.create(
            enterprise=enterprise,
            category=category,
            enrolled_on=enrolled_on,
            basis=basis,
            district=enterprise.district,
            created_by=by,
        )
        records.append(
            action="engagement.green_channel.enrol",
            target=entry,
            actor=by,
            after={"enterprise": enterprise.pk, "category": category},
        )
        entries.append(entry)
    return entries


@transaction.atomic
def green_channel_end(
    *, by: User, entry: GreenChannel, ended_on: date, reason: str
) -> GreenChannel:
    _require(by, LEADER_PERM)
    reason = _text(reason, "退出原因")
    claimed = GreenChannel.objects.filter(
        pk=entry.pk, ended_on__isnull=True, enrolled_on__lte=ended_on
    ).update(ended_on=ended_on)
    if not claimed:
        entry.refresh_from_db()
        if entry.ended_on is not None:
            raise ValidationError("该企业已退出绿色通道。")
        raise ValidationError("退出日期不能早于纳入日期。")
    entry.refresh_from_db()
    records.append(
        action="engagement.green_channel.end",
        target=entry,
        actor=by,
        after={"ended_on": ended_on.isoformat(), "reason": reason[:200]},
    )
    return entry
