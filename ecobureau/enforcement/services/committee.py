"""The 审委会's standing roster and the procedure around its meetings
(重大行政执法决定集体审议规则; requirements A51, A54, A55):

- the roster by office (第五条), kept by the 审委会主任 (局领导), each change recorded;
- the 集体审议申请表 the enforcement team submits (第九条1), a numbered PDF built
  from the case;
- the office's notice of time, place and agenda to the participants once the
  director agreed the date (第九条2), sent to their inboxes;
- 复审: a decision that must be changed or corrected during execution goes back
  to the committee (第十条1), and the office's supervision of how the committee's
  decisions are carried out (第十条2).

The meeting itself (quorum, votes, chair) is `deliberation.deliberation_record`.
A major seal or seizure (第三条2) goes the same way with the same builders
(`application_context_for`, the 申请表 kind for a measure, `notice_check`,
`participants_on`, `notice_send`): `measures_major`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework.documents import (
    DocumentKind,
    Field,
    Template,
    register,
    registered_kinds,
)
from ecobureau.core import records
from ecobureau.lib import dates, pdf
from ecobureau.notifications import services as notifications

from .. import selectors
from ..models import (
    CommitteeMember,
    Deliberation,
    DeliberationApplication,
    DeliberationNotice,
    EnforcementCase,
    ExecutionFollowUp,
    PenaltyDecision,
)
from . import printing
from .decision_common import (
    COMMITTEE_OFFICE_ROLES,
    _check_role,
    _locked,
    _record,
    _review_covers,
)
from .inspections import _text

# 第五条: 审委会主任由局长担任 — the roster is kept by the bureau's leaders.
ROSTER_ROLES = ("bureau_leader",)
# 第九条1: the enforcement team (市生态环境保护综合行政执法队) submits the form.
APPLICANT_UNIT = "鞍山市生态环境保护综合行政执法队"
Office = CommitteeMember.Office

# --- 集体审议申请表 (第九条1): a numbered document ----------------------------------------

APPLICATION_KIND = "enf_deliberation_application"
# The same form for a major seal or seizure (第三条2), which is decided while the
# investigation runs: the measure's facts, basis and items take the penalty's
# place; the numbers run in the same series.
MEASURE_APPLICATION_KIND = "enf_measure_deliberation_application"


def _application_template(basis_label: str, decision_label: str) -> Template:
    """The 申请表's text; only the labels of the basis and of what is to be
    decided differ between a penalty and a measure."""

    def text(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
        blocks: list[pdf.Block] = [
            pdf.Paragraph(f"申请单位：{context['applicant']}", indent=0),
            pdf.Paragraph(
                f"案件：{context['case']}；当事人：{context['party']}", indent=0
            ),
            pdf.Paragraph(f"提请事项：{context['matter']}", indent=0),
            pdf.Paragraph(f"违法事实：{context['facts']}"),
            pdf.Paragraph(f"{basis_label}：{context['basis']}"),
            pdf.Paragraph(f"{decision_label}：{context['penalty']}"),
            pdf.Paragraph(
                f"属于重大行政执法决定的情形（第三条）：{context['reasons']}"
            ),
            pdf.Paragraph(f"法制审核意见：{context['review']}"),
        ]
        if context.get("reason"):
            blocks.append(
                pdf.Paragraph(
                    f"须改变或更正先前决定的新情况（第十条）：{context['reason']}"
                )
            )
        blocks += [
            pdf.Paragraph(f"承办人员：{'、'.join(context['officers'])}"),
            pdf.Paragraph(
                "依据《鞍山市生态环境局重大行政执法决定集体审议规则》第九条，"
                "现提请审委会集体审议。"
            ),
        ]
        return tuple(blocks)

    return text


def _application_kind(code: str, basis_label: str, decision_label: str) -> DocumentKind:
    return DocumentKind(
        code=code,
        title="鞍山市生态环境局重大行政执法决定集体审议申请表",
        series="审议",
        fields=(
            Field("applicant", "申请单位"),
            Field("case", "案件"),
            Field("party", "当事人"),
            Field("matter", "提请事项"),
            Field("facts", "违法事实"),
            Field("basis", basis_label),
            Field("penalty", decision_label),
            Field("reasons", "重大决定情形"),
            Field("review", "法制审核意见"),
            Field("reason", "复审理由", required=False),
            Field("officers", "承办人员", kind="list"),
        ),
        template=_application_template(basis_label, decision_label),
    )


APPLICATION_DOCUMENT = _application_kind(APPLICATION_KIND, "处罚依据", "拟作出的决定")
MEASURE_APPLICATION_DOCUMENT = _application_kind(
    MEASURE_APPLICATION_KIND, "法律依据", "拟实施的行政强制措施"
)
for _kind in (APPLICATION_DOCUMENT, MEASURE_APPLICATION_DOCUMENT):
    if _kind.code not in registered_kinds():
        register(_kind)


def application_context_for(
    case: EnforcementCase,
    *,
    matter: str,
    facts: str,
    basis: str,
    proposal: str,
    reasons: Sequence[str],
    review: str,
    reason: str = "",
) -> dict[str, Any]:
    """The 申请表's context (第九条1) for whatever is put to the committee."""
    return {
        "applicant": APPLICANT_UNIT,
        "case": str(case),
        "party": case.enterprise.name,
        "matter": matter,
        "facts": facts,
        "basis": basis,
        "penalty": proposal,
        "reasons": "；".join(reasons) or "—",
        "review": review,
        "reason": reason,
        "officers": [u.display_name for u in case.officers.order_by("pk")],
    }


def review_line(round_: int, opinion: str, signed_at: datetime) -> str:
    """How the 申请表 names the signed legal review it rests on."""
    return f"第{round_}次送审，{opinion}，{dates.local_date(signed_at).isoformat()}签批"


# --- the roster (第五条) ------------------------------------------------------------


def roster_on(day: date) -> QuerySet[CommitteeMember]:
    """Who sits on the committee on `day`."""
    return (
        CommitteeMember.objects.filter(started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .select_related("user")
        .order_by("office", "started_on", "pk")
    )


def voting_roster(day: date) -> list[CommitteeMember]:
    """The members due at a meeting on `day`: everyone but the heads of the
    sections concerned, who attend without a vote (第七条 列席; A51)."""
    return [m for m in roster_on(day) if m.votes]


@transaction.atomic
def committee_member_add(
    *, user: User, office: str, started_on: date, by: User, note: str = ""
) -> CommitteeMember:
    _check_role(by, ROSTER_ROLES, gettext_noop("调整审委会组成人员"))
    if office not in Office.values:
        raise ValidationError("请选择职务。")
    if not user.is_active or not user.is_staff_member:
        raise ValidationError("审委会组成人员应为本局在职工作人员。")
    if started_on > dates.local_date(timezone.now()):
        raise ValidationError("任职日期不能晚于今天。")
    if CommitteeMember.objects.filter(user=user, ended_on__isnull=True).exists():
        raise ValidationError(
            gettext("%(name)s已在审委会组成人员名单中。") % {"name": user.display_name}
        )
    if (
        office == Office.DIRECTOR
        and CommitteeMember.objects.filter(
            office=Office.DIRECTOR, ended_on__isnull=True
        ).exists()
    ):
        raise ValidationError("审委会主任只有一名，请先办理原主任免职。")
    member = CommitteeMember.objects.create(
        user=user,
        office=office,
        note=note.strip()[:100],
        started_on=started_on,
        added_by=by,
    )
    records.append(
        action="enforcement.committee_member_add",
        target=member,
        actor=by,
        data={"member": member.pk, "user": user.pk, "office": office},
    )
    return member


@transaction.atomic
def committee_member_end(
    *, member: CommitteeMember, ended_on: date, by: User
) -> CommitteeMember:
    _check_role(by, ROSTER_ROLES, gettext_noop("调整审委会组成人员"))
    member = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    if member.ended_on is not None:
        raise ValidationError("该人员已不在审委会组成人员名单中。")
    if ended_on < member.started_on or ended_on > dates.local_date(timezone.now()):
        raise ValidationError("免职日期应在任职日期之后、今天之前。")
    member.ended_on = ended_on
    member.ended_by = by
    member.save(update_fields=["ended_on", "ended_by"])
    records.append(
        action="enforcement.committee_member_end",
        target=member,
        actor=by,
        data={"member": member.pk, "user": member.user_id, "ended_on": ended_on},
    )
    return member


def check_meeting_roster(
    *, held_at: datetime, chair: User, chair_entrusted: bool, member_ids: set[int]
) -> None:
    """The meeting's roster against the committee (第五–七条): each member listed
    is a voting member on the day, every voting member is listed (absent ones
    count against the quorum), and the chair is the director or, entrusted, the
    deputy in charge of legal work (第六条)."""
    day = dates.local_date(held_at)
    voting = {m.user_id: m for m in voting_roster(day)}
    if not voting:
        raise ValidationError("尚未维护审委会组成人员名单（集体审议规则第五条）。")
    strangers = member_ids - set(voting)
    if strangers:
        names = User.objects.filter(pk__in=strangers).order_by("pk")
        raise ValidationError(
            gettext("%(names)s不是审委会委员（列席人员不参加表决）。")
            % {"names": gettext("、").join(u.display_name for u in names)}
        )
    missing = [m for uid, m in voting.items() if uid not in member_ids]
    if missing:
        raise ValidationError(
            gettext("应参加会议的委员未列入：%(names)s；未到会的请登记为缺席。")
            % {"names": gettext("、").join(m.user.display_name for m in missing)}
        )
    office = voting.get(chair.pk)
    allowed = {Office.DIRECTOR} | ({Office.DEPUTY_LEGAL} if chair_entrusted else set())
    if office is None or office.office not in allowed:
        raise ValidationError(
            "会议由审委会主任主持；主任因故不能主持的，可委托分管法制工作的副局长主持（第六条）。"
        )


# --- application, notice, 复审, follow-up --------------------------------------------


def _require_team(by: User, case: EnforcementCase, what: str) -> None:
    """第九条1 / 第十条1: the enforcement team submits — the case's officers or
    the team's head with the case in scope."""
    if selectors.is_officer_of_case(by, case):
        return
    if (
        by.roles.filter(code="enforcement_head").exists()
        and selectors.case_list_for_user(by).filter(pk=case.pk).exists()
    ):
        return
    raise PermissionDenied(
        gettext("%(what)s由本案承办人员或执法队负责人提交。") % {"what": gettext(what)}
    )


def open_application(decision: PenaltyDecision) -> DeliberationApplication | None:
    return (
        decision.deliberation_applications.filter(concluded_by__isnull=True)
        .select_related("document")
        .order_by("-applied_at", "-pk")
        .first()
    )


def application_context(
    decision: PenaltyDecision, *, reason: str = ""
) -> dict[str, Any]:
    review = _review_covers(decision)
    if review is not None and review.signed_at is not None:
        review_text = review_line(
            review.round, review.get_opinion_display(), review.signed_at
        )
    else:
        review_text = "（复审：见原审核意见及本次变更说明）" if reason else "—"
    return application_context_for(
        decision.case,
        matter="重大行政执法决定复审" if reason else "重大行政执法决定集体审议",
        facts=decision.facts,
        basis=decision.legal_basis,
        proposal=decision.penalty_text(),
        reasons=decision.major_reasons,
        review=review_text,
        reason=reason,
    )


def _apply(
    decision: PenaltyDecision, by: User, *, review: bool, reason: str
) -> DeliberationApplication:
    if open_application(decision) is not None:
        raise ValidationError("已提交集体审议申请，尚待审委会审议。")
    document = printing.issue(
        kind=APPLICATION_KIND,
        target=decision,
        by=by,
        context=application_context(decision, reason=reason),
    )
    application = DeliberationApplication.objects.create(
        decision=decision,
        review=review,
        reason=reason,
        document=document,
        applied_by=by,
        applied_at=timezone.now(),
    )
    _record(
        "deliberation_review_request" if review else "deliberation_apply",
        decision,
        by,
        application=application.pk,
        document=document.reference,
    )
    return application


@transaction.atomic
def deliberation_apply(
    *, decision: PenaltyDecision, by: User
) -> DeliberationApplication:
    """第九条1: the team submits the 集体审议申请表 (a numbered PDF from the case),
    once legal review agreed to the penalty as it stands."""
    decision = _locked(decision)
    _require_team(by, decision.case, gettext_noop("集体审议申请表"))
    if not decision.major:
        raise ValidationError("本案不属于须集体审议的重大行政执法决定。")
    if decision.decided_at is not None:
        raise ValidationError("处罚决定已作出；执行中须改变的，请提请复审。")
    if _review_covers(decision) is None:
        raise ValidationError("提请集体审议前，须有对当前处罚内容的法制审核同意意见。")
    if already_deliberated(decision):
        raise ValidationError(
            "审委会已对当前处罚内容作出审议决定；处罚内容改变并重新法制审核后方可再次提请。"
        )
    return _apply(decision, by, review=False, reason="")


def already_deliberated(decision: PenaltyDecision) -> bool:
    """第九条5: a meeting with quorum decided on the penalty as it stands, after
    the latest signed review — nothing is left for a new application."""
    covers = _review_covers(decision)
    last = decision.deliberations.filter(quorum_met=True).order_by("-round").first()
    return (
        last is not None
        and covers is not None
        and covers.signed_at is not None
        and last.penalty == decision.penalty_key()
        and last.held_at >= covers.signed_at
    )


@transaction.atomic
def deliberation_review_request(
    *, decision: PenaltyDecision, reason: str, by: User
) -> DeliberationApplication:
    """第十条1 (A55): during execution, new or newly found circumstances require
    the committee's decision to be changed or corrected — the team resubmits and
    the committee holds a 复审."""
    decision = _locked(decision)
    _require_team(by, decision.case, gettext_noop("复审申请"))
    if decision.served_at is None:
        raise ValidationError("处罚决定送达、进入执行后方可提请复审（第十条）。")
    if decision.executed_at is not None:
        raise ValidationError("处罚决定已执行完毕，不能提请复审。")
    if not decision.deliberations.filter(quorum_met=True).exists():
        raise ValidationError("本决定未经审委会集体审议，不适用复审。")
    reason = _text(reason, gettext_noop("须改变或更正先前决定的新情况"))
    return _apply(decision, by, review=True, reason=reason)


def participants_on(day: date, officers: Iterable[User]) -> list[User]:
    """第七条: the voting members, the heads of the sections concerned (列席) and
    the case's officers, who report on the case (第九条3)."""
    people = {m.user_id: m.user for m in roster_on(day)}
    for officer in officers:
        people.setdefault(officer.pk, officer)
    return sorted(people.values(), key=lambda u: u.pk)


def participants_for(application: DeliberationApplication, day: date) -> list[User]:
    return participants_on(day, application.decision.case.officers.all())


def notice_check(*, meeting_at: datetime, agreed_by: User) -> date:
    """第九条2: the meeting is notified in advance, on a date the director (on
    the roster that day) agreed; return the meeting's day."""
    if meeting_at <= timezone.now():
        raise ValidationError("会议时间应晚于通知时间（提前通知参会人员）。")
    day = dates.local_date(meeting_at)
    director = roster_on(day).filter(office=Office.DIRECTOR).first()
    if director is None or director.user_id != agreed_by.pk:
        raise ValidationError("会议时间须经审委会主任同意，请选择审委会主任。")
    return day


def notice_send(
    *,
    participants: Sequence[User],
    meeting_at: datetime,
    place: str,
    agenda: str,
    url: str,
) -> None:
    """Send the notice to the participants' inboxes once the transaction commits."""
    local = timezone.localtime(meeting_at)
    transaction.on_commit(
        lambda: notifications.send(
            recipients=participants,
            title=f"审委会会议通知：{local:%Y-%m-%d %H:%M}",
            body=f"时间：{local:%Y-%m-%d %H:%M}；地点：{place}；议题：{agenda}",
            url=url,
        )
    )


@transaction.atomic
def deliberation_notify(
    *,
    application: DeliberationApplication,
    meeting_at: datetime,
    place: str,
    agenda: str,
    agreed_by: User,
    by: User,
) -> DeliberationNotice:
    """第九条2: once the director agreed the date, the office notifies the
    participants in advance of the meeting's time, place and agenda."""
    _check_role(by, COMMITTEE_OFFICE_ROLES, gettext_noop("审委会会议通知"))
    application = DeliberationApplication.objects.select_for_update().get(
        pk=application.pk
    )
    if application.concluded_by_id is not None:
        raise ValidationError("该申请已经审委会审议。")
    day = notice_check(meeting_at=meeting_at, agreed_by=agreed_by)
    participants = participants_for(application, day)
    notice = DeliberationNotice.objects.create(
        application=application,
        meeting_at=meeting_at,
        place=_text(place, gettext_noop("会议地点")),
        agenda=_text(agenda, gettext_noop("议题")),
        agreed_by=agreed_by,
        issued_by=by,
        issued_at=timezone.now(),
    )
    notice.participants.set(participants)
    decision = application.decision
    _record(
        "deliberation_notify",
        decision,
        by,
        notice=notice.pk,
        meeting_at=meeting_at,
        participants=[u.pk for u in participants],
    )
    notice_send(
        participants=participants,
        meeting_at=meeting_at,
        place=notice.place,
        agenda=notice.agenda,
        url=reverse("enforcement:deliberation", args=[decision.case_id]),
    )
    return notice


@transaction.atomic
def deliberation_follow_up(
    *, deliberation: Deliberation, state: str, note: str, by: User
) -> ExecutionFollowUp:
    """第十条2 (A55): the office supervises how the committee's decision is
    carried out; each check is recorded."""
    _check_role(by, COMMITTEE_OFFICE_ROLES, gettext_noop("审议决定执行监督"))
    deliberation = Deliberation.objects.select_related("decision").get(
        pk=deliberation.pk
    )
    if not deliberation.quorum_met:
        raise ValidationError("该次会议未达法定人数，没有须执行的审议决定。")
    if deliberation.decision.decided_at is None:
        raise ValidationError("处罚决定作出后方可记录执行监督。")
    if state not in ExecutionFollowUp.State.values:
        raise ValidationError("请选择执行情况。")
    follow_up = ExecutionFollowUp.objects.create(
        deliberation=deliberation,
        state=state,
        note=_text(note, gettext_noop("监督情况说明")),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    _record(
        "deliberation_follow_up",
        deliberation.decision,
        by,
        deliberation=deliberation.pk,
        follow_up=follow_up.pk,
        state=state,
    )
    return follow_up
