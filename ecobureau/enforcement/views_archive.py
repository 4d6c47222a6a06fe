"""Pages of execution's remaining steps, the archive and publication (issue 10):
the staff page `cases/<pk>/archive/` (suspensions, 催告 service, court application,
correction re-inspection, 执行完毕 of a warning, 备案, 归档, publication) and the
public list of published penalty decisions (`enforcement:public_decisions`)."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.lib import xlsx

from . import selectors
from .form_values import day as _day
from .form_values import moment as _when
from .models import (
    CaseFile,
    CompulsoryMeasure,
    CourtApplication,
    EnforcementCase,
    OtherExecution,
    PenaltyDecision,
    PublishedDecision,
    ReminderService,
    SurchargeSuspension,
)
from .processes import CASE
from .services import archive, execution, execution_other, publication, restoration

# Marked for translation; the page and the exports translate them when shown.
PUBLIC_HEADERS = (
    gettext_noop("决定书文号"),
    gettext_noop("当事人"),
    gettext_noop("统一社会信用代码"),
    gettext_noop("主要违法事实"),
    gettext_noop("处罚依据"),
    gettext_noop("处罚内容"),
    gettext_noop("决定日期"),
    gettext_noop("所变更的原决定书"),
)
PAGE_SIZE = 20


def penalty_shown(key: dict[str, object]) -> str:
    """`PenaltyDecision.key_text` in the reader's language."""
    return PenaltyDecision.key_text(key, gettext)


def _public_row(item: PublishedDecision) -> tuple[str, ...]:
    return (
        item.reference,
        gettext(item.party),  # a citizen party is stored as CITIZEN_LABEL
        item.credit_code,
        item.facts,
        item.basis,
        item.penalty,
        item.decided_on.isoformat(),
        item.original_reference,
    )


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_GET
def public_decisions(request: AppRequest) -> HttpResponse:
    """Published penalty decisions, no login: search, pages, CSV and Excel."""
    q = request.GET.get("q", "").strip()[:60]
    items = publication.public_decisions(q)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(gettext(header) for header in PUBLIC_HEADERS)
        writer.writerows(_public_row(item) for item in items.iterator())
        response = HttpResponse(
            ("\ufeff" + out.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
        return _attachment(response, "行政处罚决定公开.csv")
    if fmt == "xlsx":
        content, _count = xlsx.write(
            title=gettext("行政处罚决定公开"),
            headers=[gettext(header) for header in PUBLIC_HEADERS],
            widths=(24, 30, 22, 50, 40, 30, 12, 24),
            required=[False] * len(PUBLIC_HEADERS),
            rows=(_public_row(item) for item in items.iterator()),
        )
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        return _attachment(response, "行政处罚决定公开.xlsx")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "enforcement/public_decisions.html",
        {"page": page, "q": q, "headers": PUBLIC_HEADERS},
    )


@staff_required
def archive_page(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            done = _act(request, case)
        except ValidationError as error:
            errors.extend(error.messages)
        except PermissionDenied as error:
            errors.append(str(error))
        else:
            messages.success(request, done)
            return redirect("enforcement:archive", case.pk)
        case = selectors.case_get_for_user(request.user, pk)
    decision = PenaltyDecision.objects.filter(case=case).first()
    return render(
        request,
        "enforcement/archive.html",
        {
            "case": case,
            "step": CASE.step(case.status).label,
            "decision": decision,
            "penalty": penalty_shown(decision.penalty_key()) if decision else "",
            "errors": errors,
            "values": request.POST,
            "case_file": CaseFile.objects.filter(case=case).first(),
            "catalogue": archive.catalogue_for(case),
            "suspensions": decision.suspensions.all() if decision else [],
            "reminders": decision.reminders.select_related("document")
            if decision
            else [],
            "applications": decision.court_applications.all() if decision else [],
            "checks": decision.correction_checks.select_related("daily_penalty")
            if decision
            else [],
            "restorations": decision.restorations.select_related("recording")
            if decision
            else [],
            "other_executions": decision.other_executions.select_related("document")
            if decision
            else [],
            "execution_methods": OtherExecution.Method.choices,
            "execution_outcomes": OtherExecution.Outcome.choices,
            "held_measures": case.measures.filter(status__in=execution_other.HELD),
            "filing": getattr(decision, "legal_filing", None) if decision else None,
            "publication": publication.publication_latest(decision)
            if decision
            else None,
            "publications": list(decision.publications.order_by("published_at", "pk"))
            if decision
            else [],
            "republish": publication.republishable(decision) if decision else None,
            # a new decision after a supersession (复审 with a heavier penalty)
            "renewed": (
                publication.renewed(decision)
                if decision and decision.served_at
                else False
            ),
            "suspension_kinds": SurchargeSuspension.Kind.choices,
            "service_methods": PenaltyDecision.ServiceMethod.choices,
            "rulings": CourtApplication.Ruling.choices[1:],
        },
        status=400 if errors else 200,
    )


def _act(request: AppRequest, case: EnforcementCase) -> str:
    post, user = request.POST, request.user
    action = post.get("action", "")
    decision = PenaltyDecision.objects.filter(case=case).first()
    if action == "archive":
        archive.case_archive(
            case=case, by=user, missing_reason=post.get("missing_reason", "")
        )
        return gettext("已立卷归档。")
    if decision is None:
        raise ValidationError(gettext("本案尚无处罚决定。"))
    if action == "suspension":
        execution.suspension_record(
            decision=decision,
            kind=post.get("kind", ""),
            starts_on=_day(post.get("starts_on", ""), gettext_noop("起始日")),
            ends_on=_day(post["ends_on"], gettext_noop("结束日"))
            if post.get("ends_on")
            else None,
            basis=post.get("basis", ""),
            by=user,
        )
        return gettext("已记录加处罚款中止期间。")
    if action == "reminder_serve":
        reminder = get_object_or_404(
            ReminderService, pk=post.get("reminder") or 0, decision=decision
        )
        execution.reminder_serve(
            reminder=reminder,
            served_at=_when(post.get("served_at", ""), gettext_noop("送达时间")),
            method=post.get("method", ""),
            proof=post.get("proof", ""),
            statement=post.get("statement", ""),
            by=user,
        )
        return gettext("已记录催告书送达。")
    if action == "court_apply":
        reminder = get_object_or_404(
            ReminderService, pk=post.get("reminder") or 0, decision=decision
        )
        execution.court_apply(
            decision=decision,
            reminder=reminder,
            applied_on=_day(post.get("applied_on", ""), gettext_noop("申请日期")),
            court=post.get("court", ""),
            reference=post.get("reference", ""),
            by=user,
        )
        return gettext("已记录强制执行申请。")
    if action == "court_result":
        application = get_object_or_404(
            CourtApplication, pk=post.get("application") or 0, decision=decision
        )
        execution.court_result(
            application=application,
            ruling=post.get("ruling", ""),
            ruling_on=_day(post.get("ruling_on", ""), gettext_noop("裁定日期")),
            outcome=post.get("outcome", ""),
            outcome_on=_day(post["outcome_on"], gettext_noop("执行结果日期"))
            if post.get("outcome_on")
            else None,
            by=user,
        )
        return gettext("已记录法院裁定。")
    if action == "correction":
        execution.correction_check_record(
            decision=decision,
            ordered_on=_day(post.get("ordered_on", ""), gettext_noop("责令改正之日")),
            due_on=_day(post.get("due_on", ""), gettext_noop("改正期限")),
            checked_on=_day(post.get("checked_on", ""), gettext_noop("复查日期")),
            corrected=post.get("corrected") == "1",
            finding=post.get("finding", ""),
            by=user,
        )
        return gettext("已记录改正情况复查。")
    if action == "restoration":
        restoration.restoration_record(
            decision=decision,
            order_reference=post.get("order_reference", ""),
            work=post.get("work", ""),
            carried_out_on=_day(
                post.get("carried_out_on", ""), gettext_noop("实施日期")
            ),
            result=post.get("result", ""),
            recording=request.FILES.get("recording"),
            recording_kind=post.get("recording_kind", ""),
            captured_at=(
                _when(post["captured_at"], gettext_noop("录制时间"))
                if post.get("captured_at")
                else None
            ),
            urgency=post.get("urgency", ""),
            by=user,
        )
        return gettext("已记录恢复原状。")
    if action == "other_execution":
        _other_execution(request, case, decision)
        return gettext("已记录强制执行，并制作行政强制执行记录。")
    if action == "warning_executed":
        execution.warning_executed(decision=decision, by=user)
        return gettext("已标记执行完毕。")
    if action == "filing":
        archive.legal_filing_record(
            decision=decision, by=user, late_reason=post.get("late_reason", "")
        )
        return gettext("已向法制审核机构备案。")
    if action == "publish":
        published = publication.decision_publish(decision=decision, by=user)
        if published.original_reference:
            return gettext("已在门户网站公开变更后的决定（%(reference)s）。") % {
                "reference": published.reference
            }
        return gettext("已在门户网站公开。")
    if action == "withdraw":
        published = get_object_or_404(
            PublishedDecision, decision=decision, withdrawn_at__isnull=True
        )
        publication.publication_withdraw(
            published=published,
            changed_on=_day(
                post.get("changed_on", ""), gettext_noop("决定变更或撤销日期")
            ),
            reason=post.get("reason", ""),
            by=user,
        )
        return gettext("已撤下公开的决定。")
    raise ValidationError(gettext("未知的操作。"))


def _other_execution(
    request: AppRequest, case: EnforcementCase, decision: PenaltyDecision
) -> OtherExecution:
    """The form's fields carry an `oe_` prefix: the restoration form beside it
    uses the same names, and a refused form must not fill the other."""
    post = request.POST
    measure = None
    if post.get("oe_measure"):
        measure = get_object_or_404(CompulsoryMeasure, pk=post["oe_measure"], case=case)
    return execution_other.other_execution_record(
        decision=decision,
        method=post.get("oe_method", ""),
        basis=post.get("oe_basis", ""),
        order_reference=post.get("oe_order_reference", ""),
        order_served_on=_day(
            post.get("oe_order_served_on", ""), gettext_noop("强制执行决定书送达日期")
        ),
        work=post.get("oe_work", ""),
        place=post.get("oe_place", ""),
        started_at=_when(post.get("oe_started_at", ""), gettext_noop("开始时间")),
        ended_at=_when(post.get("oe_ended_at", ""), gettext_noop("结束时间")),
        urgency=post.get("oe_urgency", ""),
        harm=post.get("oe_harm", ""),
        performer=post.get("oe_performer", ""),
        performer_independent=post.get("oe_performer_independent") == "1",
        cost_budget=post.get("oe_cost_budget", ""),
        cost=post.get("oe_cost", ""),
        measure=measure,
        proceeds=post.get("oe_proceeds", ""),
        outcome=post.get("oe_outcome", ""),
        result=post.get("oe_result", ""),
        party_signed=post.get("oe_party_signed") == "1",
        witness=post.get("oe_witness", ""),
        recording=request.FILES.get("oe_recording"),
        recording_kind=post.get("oe_recording_kind", ""),
        captured_at=(
            _when(post["oe_captured_at"], gettext_noop("录制时间"))
            if post.get("oe_captured_at")
            else None
        ),
        by=request.user,
    )
