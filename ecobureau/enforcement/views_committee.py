"""The 审委会 pages (集体审议规则; A51–A55): the case's deliberation page (the team's
application and 复审 request, the office's notice, the meeting with the roster's
members, the chair's report, the follow-up of execution), the roster kept by the
bureau's leaders, and the staff training records of the minor-violation list and
discipline rules (A72)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.accounts.models import User
from ecobureau.lib import dates

from . import selectors
from .form_values import day as _date
from .form_values import moment as _moment
from .models import (
    CommitteeMember,
    Deliberation,
    DeliberationMember,
    ExecutionFollowUp,
    PenaltyDecision,
    TrainingRecord,
)
from .services import committee, decisions, training
from .views_archive import penalty_shown


def _run(request: AppRequest, act: Callable[[], str]) -> tuple[str | None, list[str]]:
    try:
        return act(), []
    except ValidationError as error:
        return None, list(error.messages)
    except PermissionDenied as error:
        return None, [str(error)]


# --- the case's deliberation page ---------------------------------------------------


@staff_required
def deliberation_page(request: AppRequest, pk: int) -> HttpResponse:
    """The 审委会 procedure on the case's major decision. The quorum, roster and
    outcome rules are the services' (`committee`, `deliberation_record`)."""
    case = selectors.case_get_for_user(request.user, pk)
    decision = PenaltyDecision.objects.filter(case=case).first()
    if decision is None:
        raise Http404(gettext("本案尚未拟定处罚。"))
    today = dates.local_date(timezone.now())
    roster = list(committee.roster_on(today))
    voting = [m for m in roster if m.votes]
    errors: list[str] = []
    if request.method == "POST":
        done, errors = _run(request, lambda: _act(request, decision, roster))
        if done:
            messages.success(request, done)
            return redirect("enforcement:deliberation", case.pk)
    application = committee.open_application(decision)
    deliberations = list(
        decision.deliberations.prefetch_related("members__member", "follow_ups")
    )
    return render(
        request,
        "enforcement/deliberation.html",
        {
            "case": case,
            "decision": decision,
            # the penalty in words is kept Chinese (key_text); shown translated
            "penalty": penalty_shown(decision.penalty_key()),
            "errors": errors,
            "values": request.POST,
            "roster": roster,
            "candidates": [m.user for m in voting],
            "chairs": [
                m.user
                for m in voting
                if m.office
                in (
                    CommitteeMember.Office.DIRECTOR,
                    CommitteeMember.Office.DEPUTY_LEGAL,
                )
            ],
            "directors": [
                m.user for m in voting if m.office == CommitteeMember.Office.DIRECTOR
            ],
            "application": application,
            "may_apply": application is None
            and decision.decided_at is None
            and not committee.already_deliberated(decision),
            "applications": decision.deliberation_applications.select_related(
                "document", "applied_by"
            ).prefetch_related("notices__participants"),
            "attendance": DeliberationMember.Attendance.choices,
            "votes": DeliberationMember.Vote.choices,
            "outcomes": Deliberation.Outcome.choices,
            "measure_choices": PenaltyDecision.Measure.choices,
            "amended_measures": request.POST.getlist("amended_measures"),
            "follow_up_states": ExecutionFollowUp.State.choices,
            "deliberations": deliberations,
            "deliberation_rows": [
                (d, penalty_shown(d.amended_penalty) if d.amended_penalty else "")
                for d in deliberations
            ],
        },
        status=400 if errors else 200,
    )


def _act(
    request: AppRequest, decision: PenaltyDecision, roster: list[CommitteeMember]
) -> str:
    post, user = request.POST, request.user
    action = post.get("action", "record")
    by_pk = {str(m.user_id): m.user for m in roster}
    if action == "apply":
        committee.deliberation_apply(decision=decision, by=user)
        return gettext("已提交集体审议申请表。")
    if action == "review_request":
        committee.deliberation_review_request(
            decision=decision, reason=post.get("reason", ""), by=user
        )
        return gettext("已提请审委会复审。")
    if action == "notify":
        application = committee.open_application(decision)
        director = by_pk.get(post.get("agreed_by", ""))
        if application is None:
            raise ValidationError(gettext("没有待审议的集体审议申请。"))
        if director is None:
            raise ValidationError(
                gettext("会议时间须经审委会主任同意，请选择审委会主任。")
            )
        committee.deliberation_notify(
            application=application,
            meeting_at=_moment(post.get("meeting_at", ""), gettext("会议时间")),
            place=post.get("place", ""),
            agenda=post.get("agenda", ""),
            agreed_by=director,
            by=user,
        )
        return gettext("已通知参会人员。")
    if action == "follow_up":
        deliberation = decision.deliberations.filter(
            pk=post.get("deliberation") or 0
        ).first()
        if deliberation is None:
            raise ValidationError(gettext("请选择审议会议。"))
        committee.deliberation_follow_up(
            deliberation=deliberation,
            state=post.get("state", ""),
            note=post.get("note", ""),
            by=user,
        )
        return gettext("已记录执行监督情况。")
    if action == "chair_report":
        deliberation = decision.deliberations.filter(
            pk=post.get("deliberation") or 0
        ).first()
        director = User.objects.filter(
            pk=post.get("reported_to") or 0, roles__code="bureau_leader"
        ).first()
        if deliberation is None or director is None:
            raise ValidationError(gettext("请选择会议和汇报对象。"))
        decisions.deliberation_chair_report(
            deliberation=deliberation,
            report=post.get("report", ""),
            reported_to=director,
            by=user,
        )
        return gettext("已记录向审委会主任的汇报。")
    members = [
        decisions.MemberVote(
            member=member,
            attendance=post.get(f"att-{key}", ""),
            vote=post.get(f"vote-{key}", ""),
            proxy_to=by_pk.get(post.get(f"proxy-{key}", "")),
            opinion=post.get(f"op-{key}", ""),
        )
        for key, member in by_pk.items()
        if post.get(f"att-{key}")
    ]
    if not members:
        raise ValidationError(gettext("请填写应参加会议的委员及其出席情况。"))
    chair = by_pk.get(post.get("chair", ""))
    if chair is None:
        raise ValidationError(gettext("请选择主持人。"))
    decisions.deliberation_record(
        decision=decision,
        chair=chair,
        held_at=_moment(post.get("held_at", ""), gettext("会议时间")),
        members=members,
        minutes=post.get("minutes", ""),
        chair_entrusted=post.get("chair_entrusted") == "1",
        chair_outcome=post.get("chair_outcome", ""),
        outcome_text=post.get("outcome_text", ""),
        amended=_amended(post),
        by=user,
    )
    return gettext("已记录审委会会议。")


def _amended(post: QueryDict) -> decisions.Penalty | None:
    """The 复审's amended penalty (第十条1) from the meeting form; None when left
    blank (the service decides whether the outcome needs it)."""
    fine = post.get("amended_fine", "").strip()
    warning = post.get("amended_warning") == "1"
    measures = post.getlist("amended_measures")
    if not (fine or warning or measures):
        return None
    return decisions.Penalty(
        warning=warning,
        fine=fine or "0",
        daily_fine=post.get("amended_daily_fine") == "1",
        measures=measures,
    )


# --- the roster (第五条) --------------------------------------------------------------


@staff_required
def committee_roster(request: AppRequest) -> HttpResponse:
    """The committee's members by office; the bureau's leaders change it."""
    if (
        not selectors.is_head(request.user)
        and not request.user.roles.filter(code__in=("legal_reviewer",)).exists()
    ):
        raise PermissionDenied(gettext("只有负责人和法制审核人员可以查看审委会名单。"))
    errors: list[str] = []
    if request.method == "POST":
        done, errors = _run(request, lambda: _roster_act(request))
        if done:
            messages.success(request, done)
            return redirect("enforcement:committee")
    members = CommitteeMember.objects.select_related("user").order_by(
        "ended_on", "office", "pk"
    )
    return render(
        request,
        "enforcement/committee.html",
        {
            "current": [m for m in members if m.ended_on is None],
            "former": [m for m in members if m.ended_on is not None][:100],
            "offices": CommitteeMember.Office.choices,
            "staff": User.objects.filter(is_active=True, kind=User.Kind.STAFF).order_by(
                "username"
            )[:300],
            "errors": errors,
            "values": request.POST,
        },
        status=400 if errors else 200,
    )


def _roster_act(request: AppRequest) -> str:
    post = request.POST
    if post.get("action") == "end":
        member = CommitteeMember.objects.filter(pk=post.get("member") or 0).first()
        if member is None:
            raise ValidationError(gettext("请选择人员。"))
        committee.committee_member_end(
            member=member,
            ended_on=_date(post.get("ended_on", ""), gettext("免职日期")),
            by=request.user,
        )
        return gettext("已调整审委会组成人员。")
    user = User.objects.filter(pk=post.get("user") or 0).first()
    if user is None:
        raise ValidationError(gettext("请选择人员。"))
    committee.committee_member_add(
        user=user,
        office=post.get("office", ""),
        started_on=_date(post.get("started_on", ""), gettext("任职日期")),
        note=post.get("note", ""),
        by=request.user,
    )
    return gettext("已增加审委会组成人员。")


# --- training records (A72) ---------------------------------------------------------


@staff_required
def training_page(request: AppRequest) -> HttpResponse:
    """Heads record and see everyone's training; others see their own."""
    errors: list[str] = []
    if request.method == "POST":
        done, errors = _run(request, lambda: _training_act(request))
        if done:
            messages.success(request, done)
            return redirect("enforcement:training")
    head = training.can_record(request.user)
    return render(
        request,
        "enforcement/training.html",
        {
            "records": training.training_list_for_user(request.user)[:300],
            "untrained": training.untrained_staff() if head else [],
            "trainees": training.trainable_staff() if head else [],
            "topics": TrainingRecord.Topic.choices,
            "head": head,
            "errors": errors,
            "values": request.POST,
        },
        status=400 if errors else 200,
    )


def _training_act(request: AppRequest) -> str:
    post = request.POST
    trainee = training.trainable_staff().filter(pk=post.get("trainee") or 0).first()
    if trainee is None:
        raise ValidationError(gettext("请选择参训的执法人员。"))
    training.training_record(
        trainee=trainee,
        held_on=_date(post.get("held_on", ""), gettext("培训日期")),
        course=post.get("course", ""),
        topic=post.get("topic", ""),
        hours=post.get("hours", ""),
        organiser=post.get("organiser", ""),
        by=request.user,
    )
    return gettext("已登记培训记录。")
