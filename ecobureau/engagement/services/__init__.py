"""Every write of the engagement module (keyword-only, atomic, on the record)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import credit_code as credit_codes
from ecobureau.notifications import services as notifications

from .. import rules, selectors_green
from ..models import (
    Commissioner,
    ConductRecord,
    Consequence,
    Demand,
    EiaStaff,
    EiaUnit,
    Forum,
    Visit,
)
from ..processes import DEMAND
from ._common import _not_future, _require, _staff_enterprise, _text


def _tell_enterprise(demand: Demand, title: str, body: str) -> None:
    """A68 "实现信息查询、消息通知等功能": the enterprise's verified accounts are told
    in the inbox and by SMS (the notifications outbox; SMS only when enabled and the
    account has a phone). One message per demand and event (dedupe key)."""
    accounts = enterprise_selectors.account_list_for_enterprise(
        demand.enterprise
    ).filter(verified=True, user__is_active=True)
    recipients = [account.user for account in accounts]
    if not recipients:
        return
    notifications.send(
        recipients=recipients,
        title=title,
        body=body,
        url=reverse("engagement:my-demand-detail", args=[demand.pk]),
        channels=(notifications.INBOX, notifications.SMS),
        dedupe_key=f"engagement.demand:{demand.pk}:{demand.version}",
    )


# --- Enterprise demands (企业诉求) ----------------------------------------------------


def _start_reply_clock(*, demand: Demand, by: User, started_at: datetime) -> None:
    days = (
        rules.green_channel_reply_workdays()
        if demand.green_channel
        else rules.demand_reply_workdays()
    )
    casework.clock_start(
        target=demand,
        step="reply",
        label="诉求答复时限",
        amount=days,
        unit=Clock.Unit.WORKDAYS,
        basis=rules.DEMAND_REPLY_BASIS.format(days=days),
        started_at=started_at,
        by=by,
        responsible=demand.assignee,
        responsible_unit=demand.unit,
        district=demand.district,
    )


@transaction.atomic
def demand_file(
    *,
    by: User,
    enterprise: Enterprise,
    title: str,
    content: str,
    category: str,
    channel: str = Demand.Channel.PLATFORM,
    forum: Forum | None = None,
) -> Demand:
    """An enterprise posts a demand on the platform, or staff record one heard on a
    visit, by telephone, on the reception day or at a forum. The reply clock runs
    from now; key enterprises go through the green channel (listed first)."""
    if by.kind == User.Kind.ENTERPRISE:
        own = enterprise_selectors.enterprise_for_account(by)
        if own is None or own.pk != enterprise.pk:
            raise PermissionDenied("企业账户只能为本企业提交诉求。")
        channel = Demand.Channel.PLATFORM
    else:
        _require(by, "engagement.handle_demand")
        _staff_enterprise(by, enterprise)
        if channel == Demand.Channel.PLATFORM:
            raise ValidationError("工作人员代为登记的诉求请选择来源（走访、电话等）。")
    if category not in Demand.Category.values:
        raise ValidationError("请选择诉求类别。")
    if channel not in Demand.Channel.values:
        raise ValidationError("请选择诉求来源。")
    if forum is not None and channel != Demand.Channel.FORUM:
        raise ValidationError("座谈会上提出的诉求，来源应为企业代表座谈会。")
    now = timezone.now()
    # E16 (seed 004 "对企业遇到的生态环境领域难题，第一时间帮办落实"): an enterprise
    # with an active service commissioner has its demand routed to the
    # commissioner first — the case waits for dispatch in their hands (work item
    # and reply clock) and they are told; a head may still dispatch elsewhere.
    active = (
        Commissioner.objects.filter(enterprise=enterprise, ended_on__isnull=True)
        .select_related("commissioner")
        .first()
    )
    commissioner = active.commissioner if active is not None else None
    demand = Demand.objects.create(
        enterprise=enterprise,
        title=_text(title, "诉求标题"),
        content=_text(content, "诉求内容"),
        category=category,
        channel=channel,
        green_channel=selectors_green.in_green_channel(enterprise),
        filed_at=now,
        filed_by=by,
        district=enterprise.district,
        township=enterprise.township,
        forum=forum,
        assignee=commissioner,
        unit=commissioner.unit if commissioner is not None else None,
    )
    casework.case_start(process=DEMAND, case=demand, step="submitted", by=by)
    _start_reply_clock(demand=demand, by=by, started_at=now)
    if active is not None:
        records.append(
            action="engagement.demand.route_commissioner",
            target=demand,
            actor=by,
            after={"commissioner": active.commissioner_id, "assignment": active.pk},
        )
    if commissioner is not None and commissioner.is_active:
        notifications.send(
            recipients=[commissioner],
            title=f"您服务的企业提出诉求：{demand.title}",
            body=f"{enterprise.name}提出诉求，请第一时间帮办落实（服务专员）。",
            url=demand.get_absolute_url(),
            dedupe_key=f"engagement.demand:{demand.pk}:commissioner",
        )
    return demand


@transaction.atomic
def demand_assign(*, demand: Demand, by: User, unit: Unit, assignee: User) -> Demand:
    """Route the demand to a unit and the person who answers it."""
    if assignee.unit_id != unit.pk:
        raise ValidationError("承办人须属于所选承办单位。")
    if not assignee.has_perm("engagement.handle_demand"):
        raise ValidationError("所选承办人没有办理企业诉求的权限。")
    casework.case_transition(
        process=DEMAND,
        case=demand,
        transition="assign",
        by=by,
        unit=unit,
        assignee=assignee,
    )
    for clock in casework.clocks_for(demand).filter(
        step="reply", state__in=Clock.OPEN_STATES
    ):
        Clock.objects.filter(pk=clock.pk).update(
            responsible=assignee, responsible_unit=unit
        )
    return demand


@transaction.atomic
def demand_answer(*, demand: Demand, by: User, answer: str) -> Demand:
    """Answer the enterprise; the reply clock stops (met or missed)."""
    now = timezone.now()
    casework.case_transition(
        process=DEMAND,
        case=demand,
        transition="answer",
        by=by,
        changes={
            "answer": _text(answer, "答复内容"),
            "answered_by": by,
            "answered_at": now,
        },
    )
    for clock in casework.clocks_for(demand).filter(
        step="reply", state__in=Clock.OPEN_STATES
    ):
        casework.clock_stop(clock=clock, by=by, at=now)
    _tell_enterprise(
        demand,
        f"您的诉求“{demand.title}”已答复",
        "请登录企业诉求平台查看答复并评价。",
    )
    return demand


@transaction.atomic
def demand_rate(*, demand: Demand, by: User, rating: int, comment: str = "") -> Demand:
    """The enterprise rates the answer (1–5). Only the enterprise's own account,
    only once per answer."""
    own = enterprise_selectors.enterprise_for_account(by)
    if own is None or own.pk != demand.enterprise_id:
        raise PermissionDenied("只有提出诉求的企业可以评价答复。")
    if demand.status != "answered":
        raise ValidationError("诉求尚未答复，暂不能评价。")
    if demand.rating is not None:
        raise ValidationError("您已评价过本次答复。")
    if rating not in dict(rules.RATING_CHOICES):
        raise ValidationError("请选择评价等级（1至5）。")
    comment = comment.strip()
    if rating < rules.SATISFIED_FROM and not comment:
        raise ValidationError("选择“不满意”时请填写评价意见，以便重新办理。")
    demand.rating = rating
    demand.rating_comment = comment
    demand.rated_at = timezone.now()
    demand.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    records.append(
        action="engagement.demand.rate",
        target=demand,
        actor=by,
        after={"rating": rating},
    )
    return demand


@transaction.atomic
def demand_reopen(*, demand: Demand, by: User, note: str) -> Demand:
    """A head sends an answered demand back for handling (e.g. after an unsatisfied
    rating); the earlier rating is kept on the record and a new reply clock runs."""
    before = demand.rating
    casework.case_transition(
        process=DEMAND,
        case=demand,
        transition="reopen",
        by=by,
        changes={
            "reopen_note": _text(note, "重新办理原因"),
            "rating": None,
            "rating_comment": "",
            "rated_at": None,
        },
        note=f"原评价：{before}" if before is not None else "",
    )
    _start_reply_clock(demand=demand, by=by, started_at=timezone.now())
    _tell_enterprise(
        demand,
        f"您的诉求“{demand.title}”已重新办理",
        f"重新办理原因：{demand.reopen_note}",
    )
    return demand


# --- Service commissioners and visits -----------------------------------------------


@transaction.atomic
def commissioner_assign(
    *,
    by: User,
    enterprise: Enterprise,
    commissioner: User,
    rank: str,
    started_on: date,
) -> Commissioner:
    """Assign a commissioner to a key enterprise; the previous one's assignment ends
    the same day and stays as history (one active commissioner per enterprise)."""
    _require(by, "engagement.manage_commissioner")
    _staff_enterprise(by, enterprise)
    # Seed 004 "为全市85家重点企业选派……服务专员": key enterprises only, as the
    # register flags them (重点排污单位).
    if not enterprise.is_key_source:
        raise ValidationError(
            f"{enterprise.name}不是重点企业（企业名录未标注为重点排污单位），"
            "服务专员只选派到重点企业。"
        )
    if not commissioner.is_staff_member or commissioner.kind != User.Kind.STAFF:
        raise ValidationError("服务专员须为本局工作人员。")
    if rank not in Commissioner.Rank.values:
        raise ValidationError("请选择服务专员职级（正科级或副科级）。")
    current = (
        Commissioner.objects.select_for_update()
        .filter(enterprise=enterprise, ended_on__isnull=True)
        .first()
    )
    if current is not None:
        if current.commissioner_id == commissioner.pk:
            raise ValidationError("该人员已是本企业的服务专员。")
        if started_on < current.started_on:
            raise ValidationError(
                "新服务专员的起始日期不能早于现任服务专员的起始日期。"
            )
        current.ended_on = started_on
        current.end_reason = "更换服务专员"
        current.save(update_fields=["ended_on", "end_reason"])
        records.append(
            action="engagement.commissioner.end",
            target=current,
            actor=by,
            after={"ended_on": started_on.isoformat()},
        )
    try:
        with transaction.atomic():
            assignment = Commissioner.objects.create(
                enterprise=enterprise,
                commissioner=commissioner,
                rank=rank,
                started_on=started_on,
                assigned_by=by,
                district=enterprise.district,
            )
    except IntegrityError as error:  # a concurrent assignment won
        raise ValidationError("该企业刚被他人选派了服务专员，请刷新后重试。") from error
    records.append(
        action="engagement.commissioner.assign",
        target=assignment,
        actor=by,
        after={"enterprise": enterprise.pk, "commissioner": commissioner.pk},
    )
    return assignment


@transaction.atomic
def commissioner_end(
    *, by: User, assignment: Commissioner, ended_on: date, reason: str
) -> Commissioner:
    _require(by, "engagement.manage_commissioner")
    if assignment.ended_on is not None:
        raise ValidationError("该服务专员的选派已经结束。")
    if ended_on < assignment.started_on:
        raise ValidationError("结束日期不能早于起始日期。")
    assignment.ended_on = ended_on
    assignment.end_reason = _text(reason, "结束原因")
    assignment.save(update_fields=["ended_on", "end_reason"])
    records.append(
        action="engagement.commissioner.end",
        target=assignment,
        actor=by,
        after={"ended_on": ended_on.isoformat()},
    )
    return assignment


@transaction.atomic
def visit_record(
    *,
    by: User,
    enterprise: Enterprise,
    kind: str,
    visited_on: date,
    difficulties: str,
    help_given: str = "",
    demand_title: str = "",
    demand_category: str = "",
) -> Visit:
    """Record a visit. A commissioner's visit must be by the enterprise's active
    commissioner. A difficulty that needs answering may be filed as a demand at once
    (`demand_title`), which then runs its own reply clock."""
    _require(by, "engagement.handle_demand")
    _staff_enterprise(by, enterprise)
    if kind not in Visit.Kind.values:
        raise ValidationError("请选择走访类型。")
    _not_future(visited_on, "走访日期")
    if (
        kind == Visit.Kind.COMMISSIONER
        and not Commissioner.objects.filter(
            enterprise=enterprise, commissioner=by, ended_on__isnull=True
        ).exists()
    ):
        raise ValidationError("您不是该企业的现任服务专员，请选择其他走访类型。")
    visit = Visit.objects.create(
        enterprise=enterprise,
        kind=kind,
        visitor=by,
        visited_on=visited_on,
        difficulties=_text(difficulties, "了解到的困难和问题"),
        help_given=help_given.strip(),
        district=enterprise.district,
        unit=by.unit,
        created_by=by,
    )
    records.append(
        action="engagement.visit.record",
        target=visit,
        actor=by,
        after={"enterprise": enterprise.pk, "kind": kind},
    )
    if demand_title.strip():
        demand_file(
            by=by,
            enterprise=enterprise,
            title=demand_title,
            content=visit.difficulties,
            category=demand_category or Demand.Category.OTHER,
            channel=(
                Demand.Channel.RECEPTION
                if kind == Visit.Kind.RECEPTION
                else Demand.Channel.VISIT
            ),
        )
    return visit


# --- EIA intermediaries -------------------------------------------------------------


@transaction.atomic
def eia_unit_register(
    *,
    by: User,
    name: str,
    credit_code: str,
    does_project_reports: bool = True,
    does_plan_reports: bool = False,
    does_post_evaluation: bool = False,
    qualifications: str = "",
    address: str = "",
    contact_phone: str = "",
) -> EiaUnit:
    _require(by, "engagement.manage_eia")
    code = credit_codes.normalize(credit_code)
    try:
        credit_codes.validate(code)
    except credit_codes.CreditCodeError as error:
        raise ValidationError(str(error)) from error
    if EiaUnit.objects.filter(credit_code=code).exists():
        raise ValidationError(f"统一社会信用代码为{code}的技术单位已登记。")
    if not (does_project_reports or does_plan_reports or does_post_evaluation):
        raise ValidationError("请至少选择一项服务范围。")
    unit = EiaUnit.objects.create(
        name=_text(name, "单位名称"),
        credit_code=code,
        does_project_reports=does_project_reports,
        does_plan_reports=does_plan_reports,
        does_post_evaluation=does_post_evaluation,
        qualifications=qualifications.strip(),
        address=address.strip(),
        contact_phone=contact_phone.strip(),
        registered_by=by,
    )
    records.append(
        action="engagement.eiaunit.register", target=unit, actor=by, after=code
    )
    return unit


@transaction.atomic
def eia_staff_add(
    *,
    by: User,
    unit: EiaUnit,
    name: str,
    full_time: bool,
    engineer_certificate: str = "",
    lead_author: bool = False,
) -> EiaStaff:
    """Add a person to a unit's staff. A lead author (编制主持人) must be full-time
    and hold the EIA engineer certificate (管理规定 二（一）2)."""
    _require(by, "engagement.manage_eia")
    certificate = engineer_certificate.strip()
    if lead_author and not full_time:
        raise ValidationError(
            "编制主持人应当为该单位的全职人员（管理规定 二（一）2）。"
        )
    if lead_author and not certificate:
        raise ValidationError(
            "编制主持人必须具有环境影响评价工程师职业资格证书，请填写证书编号（管理规定 二（一）2）。"
        )
    person = EiaStaff.objects.create(
        unit=unit,
        name=_text(name, "姓名"),
        full_time=full_time,
        engineer_certificate=certificate,
        lead_author=lead_author,
    )
    records.append(
        action="engagement.eiastaff.add",
        target=unit,
        actor=by,
        after={"staff": person.pk, "lead_author": lead_author},
    )
    return person


def _check_praise(rating: str, agreed: int | None, actual: int | None) -> None:
    if rating not in rules.QUALITY_GOOD:
        raise ValidationError(
            "通报表扬须环评质量考核为优良（优秀或良好）：" + rules.PRAISE_BASIS
        )
    if not agreed or actual is None:
        raise ValidationError("请填写约定技术服务时限和实际用时（日）。")
    if actual > agreed:
        raise ValidationError("实际用时超过约定时限，不符合通报表扬条件。")
    cut = (agreed - actual) / agreed
    if cut < rules.PRAISE_MIN_CUT:
        raise ValidationError(
            f"技术服务时限缩减{cut:.0%}（{agreed}日→{actual}日），未达到20%："
            + rules.PRAISE_BASIS
        )


@transaction.atomic
def conduct_register(
    *,
    by: User,
    unit: EiaUnit,
    kind: str,
    occurred_on: date,
    facts: str,
    project: str = "",
    quality_rating: str = "",
    service_days_agreed: int | None = None,
    service_days_actual: int | None = None,
) -> ConductRecord:
    """Register a conduct event. A praise (三（三）, A106) needs the quality
    rating (优良: 优秀 or 良好) and the agreed and actual service time, cut by at
    least rules.PRAISE_MIN_CUT (20 %); it is refused otherwise."""
    _require(by, "engagement.manage_eia")
    if kind not in rules.CONDUCT:
        raise ValidationError("请选择行为类型。")
    _not_future(occurred_on, "发生日期")
    if kind == "praise":
        _check_praise(quality_rating, service_days_agreed, service_days_actual)
    else:
        quality_rating, service_days_agreed, service_days_actual = "", None, None
    record = ConductRecord.objects.create(
        unit=unit,
        kind=kind,
        occurred_on=occurred_on,
        project=project.strip(),
        facts=_text(facts, "事实经过"),
        quality_rating=quality_rating,
        service_days_agreed=service_days_agreed,
        service_days_actual=service_days_actual,
        registered_by=by,
    )
    records.append(
        action="engagement.conduct.register",
        target=record,
        actor=by,
        after={"kind": kind, "basis": rules.CONDUCT[kind].basis},
    )
    return record


@transaction.atomic
def conduct_decide(
    *,
    record: ConductRecord,
    by: User,
    reason: str,
    points: int | None = None,
    judicial: bool = False,
) -> ConductRecord:
    """Verify the event and decide its consequences: those the 管理规定 ties to the
    event, each with the reason and the article cited; a transfer to the judiciary
    only where asked (三（二）"构成犯罪的"). Points on the EIA credit platform are
    the platform's own scores; the officer enters them."""
    _require(by, "engagement.manage_eia")
    record = ConductRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != ConductRecord.Status.REGISTERED:
        raise ValidationError("该行为记录已处理，请刷新后查看。")
    if record.registered_by_id == by.pk:
        raise ValidationError("行为记录须由登记人以外的人员核实处理。")
    reason = _text(reason, "处理理由")
    rule = record.rule
    kinds = list(rule.consequences)
    if judicial:
        if rules.JUDICIAL not in rule.optional:
            raise ValidationError("该类行为不涉及移送司法机关。")
        kinds.append(rules.JUDICIAL)
    if rules.CREDIT_POINTS in kinds and not points:
        raise ValidationError("请填写在环评信用平台上的记分分值。")
    now = timezone.now()
    for kind in kinds:
        Consequence.objects.create(
            record=record,
            kind=kind,
            basis=rule.basis,
            reason=reason,
            points=points if kind == rules.CREDIT_POINTS else None,
            decided_at=now,
        )
    record.status = ConductRecord.Status.DECIDED
    record.decision_reason = reason
    record.decided_at = now
    record.decided_by = by
    record.save(
        update_fields=[
            "status",
            "decision_reason",
            "decided_at",
            "decided_by",
            "updated_at",
        ]
    )
    records.append(
        action="engagement.conduct.decide",
        target=record,
        actor=by,
        before=ConductRecord.Status.REGISTERED,
        after={"consequences": kinds, "points": points, "basis": rule.basis},
    )
    return record


@transaction.atomic
def conduct_dismiss(*, record: ConductRecord, by: User, reason: str) -> ConductRecord:
    _require(by, "engagement.manage_eia")
    record = ConductRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != ConductRecord.Status.REGISTERED:
        raise ValidationError("该行为记录已处理，请刷新后查看。")
    record.status = ConductRecord.Status.DISMISSED
    record.dismiss_reason = _text(reason, "不成立理由")
    record.decided_at = timezone.now()
    record.decided_by = by
    record.save(
        update_fields=[
            "status",
            "dismiss_reason",
            "decided_at",
            "decided_by",
            "updated_at",
        ]
    )
    records.append(
        action="engagement.conduct.dismiss",
        target=record,
        actor=by,
        before=ConductRecord.Status.REGISTERED,
        after=ConductRecord.Status.DISMISSED,
    )
    return record


@transaction.atomic
def conduct_publish(
    *, record: ConductRecord, by: User, public_summary: str
) -> ConductRecord:
    """Publish a decided record on the portal (管理规定 三（四）). The summary is
    what the public reads: the unit, the event and the result, no personal data."""
    _require(by, "engagement.manage_eia")
    record = ConductRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != ConductRecord.Status.DECIDED:
        raise ValidationError("只有已核实处理的行为记录可以公示。")
    record.public_summary = _text(public_summary, "公示内容")
    record.status = ConductRecord.Status.PUBLISHED
    record.published_at = timezone.now()
    record.save(
        update_fields=["public_summary", "status", "published_at", "updated_at"]
    )
    records.append(
        action="engagement.conduct.publish",
        target=record,
        actor=by,
        before=ConductRecord.Status.DECIDED,
        after=ConductRecord.Status.PUBLISHED,
    )
    return record


# Sub-topics, re-exported so callers use `services.<name>` for every write.
from .eia_reports import (  # noqa: E402, F401
    conduct_open_case,
    eia_report_register,
    eia_report_return,
    eia_report_submit,
)
from .grassroots import (  # noqa: E402, F401
    research_report_register,
    suggestion_decide,
    suggestion_reward,
    suggestion_submit,
)
from .honours import (  # noqa: E402, F401
    branch_rate,
    honour_decide,
    honour_list_publish,
    honour_nominate,
    lecture_register,
    party_branch_register,
)
from .interaction import (  # noqa: E402, F401
    forum_demand,
    forum_record,
    green_channel_end,
    green_channel_enrol,
    leader_link,
    leader_unlink,
    letter_send,
    reception_book,
    reception_cancel,
    reception_day_plan,
    reception_receive,
    reception_record,
    revisit_prepare,
    revisit_record,
    revisit_report,
)
from .supervision import (  # noqa: E402, F401
    matter_access,
    matter_close,
    matter_grant,
    matter_recuse,
    may_handle_report,
    nomination_request,
    nominee_add,
    nominee_vet,
    supervisor_for_account,
    supervisor_link_account,
    supervisor_report_answer,
    supervisor_report_progress,
    supervisor_report_register,
)
from .supervisors import EDITABLE_FIELDS as SUPERVISOR_EDITABLE  # noqa: E402, F401
from .supervisors import (  # noqa: E402, F401
    conditions_check,
    participation_record,
    participation_record_from_module,
    supervisor_appoint,
    supervisor_dismiss,
    supervisor_meeting_record,
    supervisor_renew,
    supervisor_update,
)
