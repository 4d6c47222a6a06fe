"""Every write of the portal: public participation (keyword-only, atomic, each on
the record). The disclosure lists are read-only and have no services."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import Unit, User
from ecobureau.core import records
from ecobureau.lib.dates import SHANGHAI

from . import publicity
from .models import (
    Consultation,
    Letter,
    Opinion,
    PublicityActivity,
    PublicityPlan,
    published_text,
)

# 重大行政决策程序暂行条例 (国务院令第713号) 第十五条: 征求意见期限一般不少于30日.
# The number is a setting because a bureau may shorten it for a stated reason.
CONSULTATION_MIN_DAYS_BASIS = (
    "《重大行政决策程序暂行条例》第十五条：征求意见期限一般不少于30日"
)


def consultation_min_days() -> int:
    return int(getattr(settings, "PORTAL_CONSULTATION_MIN_DAYS", 30))


def _today() -> date:
    return timezone.now().astimezone(SHANGHAI).date()


def _require(user: User, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(gettext("您没有该操作的权限。"))


def _text(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(gettext("请填写%(label)s。") % {"label": gettext(label)})
    return value


def _public_only(user: User) -> None:
    if not user.is_public:
        raise PermissionDenied(gettext("请使用企业或公众账户提交。"))


# --- Opinion collection (意见征集) ----------------------------------------------------


@transaction.atomic
def consultation_create(
    *,
    by: User,
    title: str,
    summary: str,
    draft_text: str,
    opens_on: date,
    closes_on: date,
    unit: Unit | None = None,
    is_demo: bool = False,
) -> Consultation:
    _require(by, "portal.manage_consultation")
    if closes_on < opens_on + timedelta(days=consultation_min_days() - 1):
        raise ValidationError(
            f"征集期不得少于{consultation_min_days()}日（{CONSULTATION_MIN_DAYS_BASIS}）。"
        )
    consultation = Consultation.objects.create(
        title=_text(title, gettext_noop("草案名称")),
        summary=_text(summary, gettext_noop("征集说明")),
        draft_text=_text(draft_text, gettext_noop("草案全文")),
        opens_on=opens_on,
        closes_on=closes_on,
        unit=unit or by.unit,
        created_by=by,
        is_demo=is_demo,
    )
    records.append(
        action="portal.consultation_create",
        target=consultation,
        actor=by,
        after=consultation.status,
    )
    return consultation


@transaction.atomic
def consultation_publish(*, consultation: Consultation, by: User) -> Consultation:
    _require(by, "portal.manage_consultation")
    if consultation.status != Consultation.Status.DRAFT:
        raise ValidationError("只有未发布的草案可以发布征集。")
    old = consultation.status
    consultation.status = Consultation.Status.OPEN
    consultation.published_at = timezone.now()
    consultation.save(update_fields=["status", "published_at", "updated_at"])
    records.append(
        action="portal.consultation_publish",
        target=consultation,
        actor=by,
        before=old,
        after=consultation.status,
    )
    return consultation


def is_collecting(consultation: Consultation, today: date | None = None) -> bool:
    today = today or _today()
    return (
        consultation.status == Consultation.Status.OPEN
        and consultation.opens_on <= today <= consultation.closes_on
    )


@transaction.atomic
def opinion_submit(*, consultation: Consultation, by: User, text: str) -> Opinion:
    _public_only(by)
    if not is_collecting(consultation):
        raise ValidationError(gettext("该草案不在意见征集期内。"))
    opinion = Opinion.objects.create(
        consultation=consultation, author=by, text=_text(text, gettext_noop("意见内容"))
    )
    # The record holds ids only; the opinion's text stays in its row.
    records.append(
        action="portal.opinion_submit",
        target=opinion,
        actor=by,
        data={"consultation": consultation.pk},
        after=opinion.status,
    )
    return opinion


@transaction.atomic
def opinion_decide(
    *, opinion: Opinion, by: User, status: str, summary: str, reason: str
) -> Opinion:
    _require(by, "portal.manage_consultation")
    if opinion.consultation.status == Consultation.Status.RESULTS:
        raise ValidationError("采纳情况已公布，不能再修改。")
    if status not in Opinion.Status.values or status == Opinion.Status.RECEIVED:
        raise ValidationError("请选择采纳情况。")
    old = opinion.status
    opinion.status = status
    # Published after the period: masked like a letter's public text.
    opinion.summary = published_text(
        _text(summary, gettext_noop("意见摘要")), opinion.author
    )
    opinion.reason = published_text(_text(reason, gettext_noop("理由")), opinion.author)
    opinion.decided_by = by
    opinion.decided_at = timezone.now()
    opinion.save(
        update_fields=[
            "status",
            "summary",
            "reason",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    records.append(
        action="portal.opinion_decide",
        target=opinion,
        actor=by,
        before=old,
        after=opinion.status,
    )
    return opinion


@transaction.atomic
def consultation_publish_results(
    *, consultation: Consultation, by: User, results_text: str
) -> Consultation:
    """Publish which opinions were adopted — only after the period closed and
    every opinion was studied (seed 000 与群众互动 6 "及时公布意见采用情况")."""
    _require(by, "portal.manage_consultation")
    if consultation.status != Consultation.Status.OPEN:
        raise ValidationError("只有已发布的征集可以公布采纳情况。")
    if _today() <= consultation.closes_on:
        raise ValidationError("征集期结束后才能公布采纳情况。")
    if consultation.opinions.filter(status=Opinion.Status.RECEIVED).exists():
        raise ValidationError("还有意见未研究，请先逐条研究后再公布。")
    old = consultation.status
    consultation.results_text = _text(results_text, gettext_noop("采纳情况说明"))
    consultation.status = Consultation.Status.RESULTS
    consultation.results_published_at = timezone.now()
    consultation.save(
        update_fields=["results_text", "status", "results_published_at", "updated_at"]
    )
    records.append(
        action="portal.consultation_results",
        target=consultation,
        actor=by,
        before=old,
        after=consultation.status,
    )
    return consultation


# --- Director's mailbox and policy questions (局长信箱、政策咨询) ---------------------


def _new_code(kind: str) -> str:
    prefix = "JZ" if kind == Letter.Kind.MAILBOX else "ZC"
    while True:
        code = f"{prefix}{_today():%Y%m%d}{secrets.randbelow(10**6):06d}"
        if not Letter.objects.filter(code=code).exists():
            return code


@transaction.atomic
def letter_submit(
    *,
    by: User,
    kind: str,
    subject: str,
    text: str,
    publish_consent: bool,
    is_demo: bool = False,
) -> Letter:
    _public_only(by)
    if kind not in Letter.Kind.values:
        raise ValidationError(gettext("请选择栏目。"))
    letter = Letter.objects.create(
        kind=kind,
        code=_new_code(kind),
        author=by,
        subject=_text(subject, gettext_noop("标题")),
        text=_text(text, gettext_noop("内容")),
        publish_consent=publish_consent,
        is_demo=is_demo,
    )
    records.append(
        action="portal.letter_submit", target=letter, actor=by, after=letter.status
    )
    return letter


@transaction.atomic
def letter_draft_answer(
    *,
    letter: Letter,
    by: User,
    answer: str,
    public_subject: str = "",
    public_text: str = "",
) -> Letter:
    """Write (or rewrite after a return) the reply, with the public version of the
    question stripped of personal data when the writer agreed to publication."""
    _require(by, "portal.answer_letter")
    if letter.status != Letter.Status.RECEIVED:
        raise ValidationError("该来信的答复已在审核或已发布。")
    letter.answer = _text(answer, gettext_noop("答复"))
    if letter.publish_consent:
        # Staff strip personal data by hand; ID and mobile numbers and the
        # writer's own name and phone are masked as well, before review.
        letter.public_subject = published_text(
            _text(public_subject, gettext_noop("公开标题")), letter.author
        )
        letter.public_text = published_text(
            _text(public_text, gettext_noop("公开内容")), letter.author
        )
    old = letter.status
    letter.status = Letter.Status.DRAFTED
    letter.drafted_by = by
    letter.drafted_at = timezone.now()
    letter.save(
        update_fields=[
            "answer",
            "public_subject",
            "public_text",
            "status",
            "drafted_by",
            "drafted_at",
            "updated_at",
        ]
    )
    records.append(
        action="portal.letter_draft",
        target=letter,
        actor=by,
        before=old,
        after=letter.status,
    )
    return letter


@transaction.atomic
def letter_review(*, letter: Letter, by: User, approve: bool, note: str = "") -> Letter:
    """Approve and publish the reply, or return it to the writer. The reviewer is
    not the writer (信息公开审批: 答复、审核、发布 by different hands)."""
    _require(by, "portal.review_letter")
    if letter.status != Letter.Status.DRAFTED:
        raise ValidationError("该答复不在待审核状态。")
    if letter.drafted_by_id == by.pk:
        raise ValidationError("答复须由起草人以外的人员审核。")
    old = letter.status
    letter.reviewed_by = by
    letter.review_note = (note or "").strip()
    if approve:
        letter.status = Letter.Status.PUBLISHED
        letter.published_at = timezone.now()
    else:
        letter.review_note = _text(note, gettext_noop("退回理由"))
        letter.status = Letter.Status.RECEIVED
    letter.save(
        update_fields=[
            "reviewed_by",
            "review_note",
            "status",
            "published_at",
            "updated_at",
        ]
    )
    records.append(
        action="portal.letter_publish" if approve else "portal.letter_return",
        target=letter,
        actor=by,
        before=old,
        after=letter.status,
    )
    return letter


@transaction.atomic
def letter_rate(
    *, letter: Letter, by: User, satisfaction: str, note: str = ""
) -> Letter:
    if letter.author_id != by.pk:
        raise PermissionDenied(gettext("只能评价自己的来信。"))
    if letter.status != Letter.Status.PUBLISHED:
        raise ValidationError(gettext("答复发布后才能评价。"))
    if letter.satisfaction:
        raise ValidationError(gettext("您已评价过该答复。"))
    if satisfaction not in Letter.Satisfaction.values:
        raise ValidationError(gettext("请选择满意度。"))
    letter.satisfaction = satisfaction
    letter.satisfaction_note = (note or "").strip()[:300]
    letter.rated_at = timezone.now()
    letter.save(
        update_fields=["satisfaction", "satisfaction_note", "rated_at", "updated_at"]
    )
    records.append(
        action="portal.letter_rate",
        target=letter,
        actor=by,
        data={"satisfaction": satisfaction},
    )
    return letter


# --- The yearly publicity plan (全年宣传工作计划, A94) -----------------------------------

PUBLICITY_PERM = "portal.manage_publicity"


def _in_year(day: date, year: int, label: str) -> None:
    if day.year != year:
        raise ValidationError(f"{label}应在{year}年内。")


@transaction.atomic
def publicity_plan_create(
    *, by: User, year: int, title: str, summary: str, is_demo: bool = False
) -> PublicityPlan:
    """Draft the year's plan with one planned activity on each publicity day of
    the seed (publicity.DAY_DATES); staff then edit, add and publish."""
    _require(by, PUBLICITY_PERM)
    if year < 2000 or year > _today().year + 1:
        raise ValidationError("只能编制今年或下一年度的宣传工作计划。")
    if PublicityPlan.objects.filter(year=year).exists():
        raise ValidationError(f"{year}年度的宣传工作计划已存在。")
    plan = PublicityPlan.objects.create(
        year=year,
        title=_text(title, gettext_noop("标题")),
        summary=_text(summary, gettext_noop("工作目标和重点")),
        created_by=by,
        is_demo=is_demo,
    )
    lead = by.unit.name if by.unit is not None else "局办公室"
    for day, _month_day in publicity.DAY_DATES.items():
        planned_on = publicity.day_date(day, year)
        assert planned_on is not None
        PublicityActivity.objects.create(
            plan=plan,
            day=day,
            title=f"{PublicityActivity.Day(day).label}宣传活动",
            planned_on=planned_on,
            lead_unit=lead,
        )
    records.append(
        action="portal.publicity_plan_create",
        target=plan,
        actor=by,
        after=plan.status,
    )
    return plan


@transaction.atomic
def publicity_plan_publish(*, by: User, plan: PublicityPlan) -> PublicityPlan:
    _require(by, PUBLICITY_PERM)
    plan = PublicityPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PublicityPlan.Status.DRAFT:
        raise ValidationError("该计划已发布。")
    if not plan.activities.exclude(status=PublicityActivity.Status.CANCELLED).exists():
        raise ValidationError("计划中没有宣传活动，不能发布。")
    plan.status = PublicityPlan.Status.PUBLISHED
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at", "updated_at"])
    records.append(
        action="portal.publicity_plan_publish",
        target=plan,
        actor=by,
        before=PublicityPlan.Status.DRAFT,
        after=plan.status,
    )
    return plan


@transaction.atomic
def publicity_activity_add(
    *,
    by: User,
    plan: PublicityPlan,
    day: str,
    title: str,
    lead_unit: str,
    planned_on: date | None = None,
    content: str = "",
) -> PublicityActivity:
    """Add an activity; on a publicity day the date defaults to that day."""
    _require(by, PUBLICITY_PERM)
    if day not in PublicityActivity.Day.values:
        raise ValidationError("请选择宣传日。")
    planned_on = planned_on or publicity.day_date(day, plan.year)
    if planned_on is None:
        raise ValidationError("请填写计划日期。")
    _in_year(planned_on, plan.year, "计划日期")
    activity = PublicityActivity.objects.create(
        plan=plan,
        day=day,
        title=_text(title, gettext_noop("活动名称")),
        planned_on=planned_on,
        lead_unit=_text(lead_unit, gettext_noop("牵头单位")),
        content=content.strip(),
    )
    records.append(
        action="portal.publicity_activity_add",
        target=plan,
        actor=by,
        after={"activity": activity.pk, "planned_on": planned_on.isoformat()},
    )
    return activity


def _planned(activity: PublicityActivity) -> PublicityActivity:
    activity = PublicityActivity.objects.select_for_update().get(pk=activity.pk)
    if activity.status != PublicityActivity.Status.PLANNED:
        raise ValidationError("只有计划中的活动可以修改、记录开展或取消。")
    return activity


@transaction.atomic
def publicity_activity_edit(
    *,
    by: User,
    activity: PublicityActivity,
    title: str,
    planned_on: date,
    lead_unit: str,
    content: str = "",
) -> PublicityActivity:
    _require(by, PUBLICITY_PERM)
    activity = _planned(activity)
    _in_year(planned_on, activity.plan.year, "计划日期")
    before = {"title": activity.title, "planned_on": activity.planned_on.isoformat()}
    activity.title = _text(title, gettext_noop("活动名称"))
    activity.planned_on = planned_on
    activity.lead_unit = _text(lead_unit, gettext_noop("牵头单位"))
    activity.content = content.strip()
    activity.save(
        update_fields=["title", "planned_on", "lead_unit", "content", "updated_at"]
    )
    records.append(
        action="portal.publicity_activity_edit",
        target=activity,
        actor=by,
        before=before,
        after={"title": activity.title, "planned_on": planned_on.isoformat()},
    )
    return activity


@transaction.atomic
def publicity_activity_hold(
    *,
    by: User,
    activity: PublicityActivity,
    held_on: date,
    summary: str,
    participants: int | None = None,
) -> PublicityActivity:
    """Record that a planned activity was held: when, what was done."""
    _require(by, PUBLICITY_PERM)
    activity = _planned(activity)
    if held_on > _today():
        raise ValidationError("开展日期不能晚于今天。")
    _in_year(held_on, activity.plan.year, "开展日期")
    activity.status = PublicityActivity.Status.HELD
    activity.held_on = held_on
    activity.held_summary = _text(summary, gettext_noop("开展情况"))
    activity.participants = participants
    activity.save(
        update_fields=[
            "status",
            "held_on",
            "held_summary",
            "participants",
            "updated_at",
        ]
    )
    records.append(
        action="portal.publicity_activity_hold",
        target=activity,
        actor=by,
        before=PublicityActivity.Status.PLANNED,
        after=activity.status,
    )
    return activity


@transaction.atomic
def publicity_activity_cancel(
    *, by: User, activity: PublicityActivity, reason: str
) -> PublicityActivity:
    _require(by, PUBLICITY_PERM)
    activity = _planned(activity)
    activity.status = PublicityActivity.Status.CANCELLED
    activity.cancel_reason = _text(reason, gettext_noop("取消原因"))
    activity.save(update_fields=["status", "cancel_reason", "updated_at"])
    records.append(
        action="portal.publicity_activity_cancel",
        target=activity,
        actor=by,
        before=PublicityActivity.Status.PLANNED,
        after=activity.status,
    )
    return activity
