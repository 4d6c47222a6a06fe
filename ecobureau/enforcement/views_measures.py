"""Pages for compulsory measures (查封、扣押), the minor-violation check, the
party's access to its enforcement record (第三十四条) and the numbered PDFs."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_POST

from ecobureau.accounts.decorators import public_account_required, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.accounts.models import User
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import selectors_files
from ecobureau.lib import dates

from . import selectors, services
from .forms import FileForm
from .models import (
    CommitteeMember,
    CompulsoryMeasure,
    DeliberationMember,
    EnforcementCase,
    MeasureDeliberation,
    MeasureReview,
    MinorViolationItem,
    PenaltyDecision,
    RecordAccessRequest,
)
from .services import committee, measures, measures_major, measures_urgent, refunds
from .services.deliberation import MemberVote
from .services.reviews import MEASURE_REVIEW_CHECKLIST
from .templatetags.refused_forms import posted_form
from .views_cases import refused_message

# --- 查封、扣押 -----------------------------------------------------------------------------


@staff_required
def measure_new(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    errors: list[str] = []
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        post = request.POST
        kind, place = post.get("kind", ""), post.get("place", "")
        items = post.get("items", "").splitlines()
        reason, basis = post.get("reason", ""), post.get("basis", "")
        urgent = post.get("urgent") == "1"
        # 集体审议规则 第三条2: the proposer marks a serious or high-impact case.
        serious = post.get("serious") == "1"
        serious_reason = post.get("serious_reason", "")
        try:
            if urgent:
                chosen = {int(v) for v in post.getlist("officers") if v.isdigit()}
                measure = services.measure_carry_out_urgent(
                    case=case,
                    kind=kind,
                    items=items,
                    place=place,
                    reason=reason,
                    basis=basis,
                    by=request.user,
                    urgency=post.get("urgency", ""),
                    officers=[u for u in case.officers.all() if u.pk in chosen],
                    served_to=post.get("served_to", ""),
                    signed=post.get("signed") == "1",
                    refusal=post.get("refusal", ""),
                    serious=serious,
                    serious_reason=serious_reason,
                )
            else:
                measure = services.measure_propose(
                    case=case,
                    kind=kind,
                    items=items,
                    place=place,
                    reason=reason,
                    basis=basis,
                    by=request.user,
                    serious=serious,
                    serious_reason=serious_reason,
                )
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            messages.success(request, _proposed_message(measure))
            return redirect("enforcement:measure-detail", measure.pk)
    return render(
        request,
        "enforcement/measure_form.html",
        {
            "case": case,
            "kinds": CompulsoryMeasure.Kind.choices,
            "case_officers": case.officers.all(),
            "chosen_officers": [
                int(v) for v in request.POST.getlist("officers") if v.isdigit()
            ],
            "values": values,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _proposed_message(measure: CompulsoryMeasure) -> str:
    if measure.urgent:
        return gettext("已当场实施，请在24小时内向负责人报告并补办批准手续。")
    if measure.major:
        return gettext(
            "属重大行政执法决定，须经法制审核和审委会集体审议同意后提请负责人批准。"
        )
    return gettext("已提请负责人批准。")


@staff_required
def measure_detail(request: AppRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get_for_user(request.user, pk)
    case = measure.case
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            done = _measure_act(request, measure, action)
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            messages.success(request, done)
            return redirect("enforcement:measure-detail", measure.pk)
        measure = selectors.measure_get_for_user(request.user, pk)
    refused_post = request.POST if errors else None
    return render(
        request,
        "enforcement/measure_detail.html",
        {
            "measure": measure,
            "case": case,
            "officer": selectors.is_officer_of_case(request.user, case),
            "head": selectors.is_head(request.user),
            "case_officers": case.officers.all(),
            "approvals": casework_selectors.approval_panels_for_target(
                request.user, measure
            ),
            "clocks": _clocks(measure),
            "refused": services.measure_refused(measure),
            "approval": selectors.measure_approval(measure),
            "documents": selectors_files.document_list_for_target(measure),
            "attachments": selectors_files.attachment_list_for_target(measure),
            "outcomes": CompulsoryMeasure.Outcome.choices,
            "form": FileForm(initial=posted_form(refused_post, "file")),
            "errors": errors,
            "refused_post": refused_post,
            **_major_context(request.user, measure),
        },
        status=400 if errors else 200,
    )


def _roles(user: User) -> set[str]:
    return set(user.roles.values_list("code", flat=True))


def _major_context(user: User, measure: CompulsoryMeasure) -> dict[str, object]:
    """The legal review and the 审委会 meeting of a major measure (集体审议规则
    第三条2): what was done and the forms for who may act next."""
    if not measure.major:
        return {}
    roles = _roles(user)
    today = dates.local_date(timezone.now())
    voting = committee.voting_roster(today)
    open_ = (
        measure.status == CompulsoryMeasure.Status.PROPOSED
        or (measure.urgent and measure.status == CompulsoryMeasure.Status.IN_FORCE)
    ) and selectors.measure_approval(measure) is None
    latest = measures.latest_review(measure)
    application = measures_major.open_application(measure)
    return {
        "major": True,
        "released_on_refusal": measures_urgent.released_on_refusal(measure),
        "step": measures_major.major_step(measure)[0] if open_ else "",
        "application": application,
        "noticed": application is not None and application.notices.exists(),
        "applications": measure.deliberation_applications.select_related(
            "document", "applied_by"
        ).prefetch_related("notices__participants", "notices__agreed_by"),
        "is_team": "enforcement_head" in roles
        or selectors.is_officer_of_case(user, measure.case),
        "directors": [
            m.user for m in voting if m.office == CommitteeMember.Office.DIRECTOR
        ],
        "major_open": open_ and not measures.major_refusal(measure),
        "major_refusal": measures.major_refusal(measure),
        "major_cleared": measures.major_cleared(measure),
        "reviews": measure.reviews.prefetch_related("reviewers").select_related(
            "opinion_by", "signed_by"
        ),
        "latest_review": latest,
        "agreed_review": measures.agreed_review(measure),
        "concluded": measures.concluded_deliberation(measure),
        "deliberations": measure.deliberations.select_related("chair"),
        "is_reviewer": "legal_reviewer" in roles,
        "is_signer": "bureau_leader" in roles or user.is_superuser,
        "is_office": bool(
            roles & {"enforcement_head", "legal_reviewer", "bureau_leader"}
        ),
        "legal_reviewers": User.objects.filter(
            roles__code="legal_reviewer", is_active=True
        )
        .distinct()
        .order_by("pk"),
        "opinions": MeasureReview.Opinion.choices,
        "review_checklist": MEASURE_REVIEW_CHECKLIST,
        "voting": voting,
        "chairs": [
            m.user
            for m in voting
            if m.office
            in (CommitteeMember.Office.DIRECTOR, CommitteeMember.Office.DEPUTY_LEGAL)
        ],
        "attendance": DeliberationMember.Attendance.choices,
        "votes": [
            (v, label)
            for v, label in DeliberationMember.Vote.choices
            if v in measures_major.VOTES
        ],
        "outcomes": MeasureDeliberation.Outcome.choices,
    }


def _major_act(request: AppRequest, measure: CompulsoryMeasure, action: str) -> str:
    post, user = request.POST, request.user
    if action == "review":
        chosen = {int(v) for v in post.getlist("reviewers") if v.isdigit()}
        measures_major.measure_review_record(
            measure=measure,
            reviewers=list(User.objects.filter(pk__in=chosen)),
            opinion=post.get("opinion", ""),
            text=post.get("text", ""),
            checklist={
                code: code in post.getlist("ok") for code, _ in MEASURE_REVIEW_CHECKLIST
            },
            by=user,
        )
        return gettext("已记录法制审核意见，待局领导签批。")
    if action == "review_sign":
        measures_major.measure_review_sign(measure=measure, by=user)
        return gettext("法制审核意见已签批。")
    if action == "major_propose":
        measures_major.measure_major_approval_propose(measure=measure, by=user)
        return gettext("已提请负责人批准。")
    if action == "deliberation_apply":
        measures_major.measure_deliberation_apply(measure=measure, by=user)
        return gettext("已提交集体审议申请表（已编号），待审委会办公室通知会议。")
    if action == "deliberation_notify":
        return _notify(post, measure, user)
    day = _held_at(post.get("held_at", ""))
    by_pk = {str(m.user_id): m.user for m in committee.voting_roster(day.date())}
    members = [
        MemberVote(
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
    measures_major.measure_deliberation_record(
        measure=measure,
        chair=chair,
        held_at=day,
        members=members,
        minutes=post.get("minutes", ""),
        chair_entrusted=post.get("chair_entrusted") == "1",
        chair_outcome=post.get("chair_outcome", ""),
        outcome_text=post.get("outcome_text", ""),
        by=user,
    )
    return gettext("已记录审委会会议。")


def _held_at(value: str) -> datetime:
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(gettext("请填写会议时间。")) from None
    return timezone.make_aware(when) if timezone.is_naive(when) else when


def _notify(post: QueryDict, measure: CompulsoryMeasure, user: User) -> str:
    """第九条2: the office's notice on the open application."""
    application = measures_major.open_application(measure)
    if application is None:
        raise ValidationError(gettext("没有待审议的集体审议申请。"))
    meeting_at = _held_at(post.get("meeting_at", ""))
    directors = {
        str(m.user_id): m.user
        for m in committee.roster_on(dates.local_date(meeting_at))
        if m.office == CommitteeMember.Office.DIRECTOR
    }
    director = directors.get(post.get("agreed_by", ""))
    if director is None:
        raise ValidationError(gettext("会议时间须经审委会主任同意，请选择审委会主任。"))
    measures_major.measure_deliberation_notify(
        application=application,
        meeting_at=meeting_at,
        place=post.get("place", ""),
        agenda=post.get("agenda", ""),
        agreed_by=director,
        by=user,
    )
    return gettext("已通知参会人员。")


@staff_required
def measure_major_queue(request: AppRequest) -> HttpResponse:
    """The major measures waiting for the reader's step (法制审核, 签批, 申请表,
    会议通知, 会议): legal reviewers, the signer and the committee office."""
    if not measures_major.queue_roles(request.user):
        raise PermissionDenied(gettext("仅限法制审核人员、分管局领导和审委会办公室。"))
    return render(
        request,
        "enforcement/measure_major_queue.html",
        {"items": measures_major.major_queue_for_user(request.user)},
    )


# A clock's label and basis are stored in Chinese when services.measures starts it
# (查封期限 or 扣押期限, 行政强制法第二十五条; the urgent report, 第十九条); marked
# here for the catalogue and translated when the page shows them. The test in
# tests/test_english_measures.py holds these to the texts the services store.
CLOCK_TEXTS = (
    gettext_noop("查封期限"),
    gettext_noop("扣押期限"),
    gettext_noop("当场实施后向负责人报告期限"),
    gettext_noop(
        "行政强制法第二十五条：查封、扣押的期限不得超过三十日；情况复杂的，"
        "经行政机关负责人批准，可以延长，但延长期限不得超过三十日"
    ),
    gettext_noop(
        "行政强制法第十九条：情况紧急，需要当场实施行政强制措施的，行政执法人员应当在"
        "二十四小时内向行政机关负责人报告，并补办批准手续"
    ),
)


def _clocks(measure: CompulsoryMeasure) -> object:
    from ecobureau.casework.models import Clock

    return (
        Clock.objects.filter(
            target_type="enforcement.compulsorymeasure", target_id=measure.pk
        )
        .prefetch_related("pauses")
        .order_by("started_at")
    )


def _measure_act(request: AppRequest, measure: CompulsoryMeasure, action: str) -> str:
    post, user = request.POST, request.user
    if action == "carry_out":
        chosen = {int(v) for v in post.getlist("officers") if v.isdigit()}
        services.measure_carry_out(
            measure=measure,
            officers=[u for u in measure.case.officers.all() if u.pk in chosen],
            served_to=post.get("served_to", ""),
            signed=post.get("signed") == "1",
            refusal=post.get("refusal", ""),
            by=user,
        )
        return gettext("已实施%(kind)s，决定书和清单已生成。") % {
            "kind": gettext(measure.get_kind_display())
        }
    if action == "extend":
        services.measure_extend(measure=measure, reason=post.get("reason", ""), by=user)
        return gettext("期限已延长三十日。")
    if action == "end":
        services.measure_end(
            measure=measure,
            outcome=post.get("outcome", ""),
            note=post.get("note", ""),
            by=user,
        )
        return gettext("已解除或处理。")
    if action == "report":
        approval = services.measure_urgent_report(measure=measure, by=user)
        if approval is None:
            return gettext(
                "已向负责人报告；属重大行政执法决定，法制审核、集体审议同意后补办批准手续。"
            )
        return gettext("已向负责人报告并提请补办批准手续。")
    if action == "release_refused":
        services.measure_release_refused(measure=measure, by=user)
        return gettext("负责人不予批准，已立即解除，解除决定书已生成。")
    if action == "withdraw":
        services.measure_withdraw(
            measure=measure, reason=post.get("reason", ""), by=user
        )
        return gettext("提请已撤回。")
    if action in ("testing", "testing_end"):
        return _testing(post, measure, user, action)
    if action in (
        "review",
        "review_sign",
        "deliberation",
        "major_propose",
        "deliberation_apply",
        "deliberation_notify",
    ):
        return _major_act(request, measure, action)
    if action == "file":
        form = FileForm(post, request.FILES)
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        data = form.cleaned_data
        services.measure_file_add(
            measure=measure,
            by=user,
            file=data["file"],
            kind=data["kind"],
            note=data["note"],
            captured_at=data["captured_at"],
        )
        return gettext("已上传。")
    raise ValidationError(gettext("未知操作。"))


def _day(value: str, label: str) -> date:
    """As `form_values.day`, whose Chinese reads （日期） where this page's
    refusal has always read （年-月-日）; the label is translated here."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            gettext("请填写%(label)s（年-月-日）。") % {"label": gettext(label)}
        ) from None


def _testing(
    post: QueryDict, measure: CompulsoryMeasure, user: User, action: str
) -> str:
    """第二十五条第三款: record a testing or appraisal period, or its end."""
    if action == "testing_end":
        services.measure_testing_resume(
            measure=measure,
            ends_on=_day(post.get("ends_on", ""), gettext_noop("结束日期")),
            by=user,
        )
        return gettext("检测、鉴定期间已结束，期限恢复计算。")
    ends = post.get("ends_on", "")
    services.measure_testing_pause(
        measure=measure,
        what=post.get("what", ""),
        notice=post.get("notice", ""),
        starts_on=_day(post.get("starts_on", ""), gettext_noop("起始日期")),
        ends_on=_day(ends, gettext_noop("结束日期")) if ends else None,
        by=user,
    )
    return gettext("已记录检测、鉴定期间，该期间不计入查封、扣押期限。")


# --- 轻微违法行为清单 ------------------------------------------------------------------------


@staff_required
def minor_check(request: AppRequest, pk: int) -> HttpResponse:
    """Check the case's facts against one list entry (the officer)."""
    case = selectors.case_get_for_user(request.user, pk)
    items = list(selectors.minor_items())
    chosen: MinorViolationItem | None = None
    item_id = request.POST.get("item") or request.GET.get("item", "")
    if item_id.isdigit():
        chosen = next((i for i in items if i.pk == int(item_id)), None)
    errors: list[str] = []
    values = request.POST if request.method == "POST" else {}
    reports = services.minor_failure_reports(case)
    episodes = services.minor_exceedance_episodes(case, request.user)
    if request.method == "POST" and chosen is not None:
        codes = [check["code"] for check in chosen.checks] + ["self_reported"]
        report_id = request.POST.get("failure", "")
        try:
            check = services.minor_check(
                case=case,
                item=chosen,
                facts={code: request.POST.get(code, "") for code in codes},
                failure=next((r for r in reports if str(r.pk) == report_id), None),
                paper_report=request.POST.get("paper_report") == "1",
                exceedance=next(
                    (
                        e
                        for e in episodes
                        if str(e.pk) == request.POST.get("exceedance")
                    ),
                    None,
                ),
                manual_measurement=request.POST.get("manual_measurement") == "1",
                by=request.user,
            )
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            if check.eligible:
                messages.success(
                    request,
                    gettext(
                        "符合清单适用条件，已提出不予行政处罚的意见，待负责人决定。"
                    ),
                )
            else:
                messages.warning(request, gettext("不符合清单适用条件，案件继续办理。"))
            return redirect("enforcement:case-detail", case.pk)
    return render(
        request,
        "enforcement/minor_check.html",
        {
            "case": case,
            "items": items,
            "chosen": chosen,
            "values": values,
            "errors": errors,
            "prior": services.minor_prior_violations(case),
            "failure_item": chosen is not None
            and services.minor_is_failure_item(chosen),
            "reports": reports,
            "exceedance_item": chosen is not None
            and services.minor_is_exceedance_item(chosen),
            "episodes": episodes,
            "lookback": services.minor_lookback_months(),
        },
        status=400 if errors else 200,
    )


# --- The party's access (第三十四条) ------------------------------------------------------


@public_account_required
def party_cases(request: AppRequest) -> HttpResponse:
    cases = selectors.case_list_for_user(request.user)
    return render(request, "enforcement/party_cases.html", {"cases": cases})


@public_account_required
def party_case(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.access_apply(
                case=case,
                kind=request.POST.get("kind", ""),
                purpose=request.POST.get("purpose", ""),
                by=request.user,
            )
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            messages.success(request, gettext("申请已提交，待负责人审批。"))
            return redirect("enforcement:party-case", case.pk)
    requests = list(
        selectors.access_request_list_for_user(request.user).filter(case=case)
    )
    released = {
        a.pk: a
        for a in selectors.record_files(case)
        if any(a.pk in r.released for r in requests)
    }
    return render(
        request,
        "enforcement/party_case.html",
        {
            "case": case,
            "measures": selectors.measure_list_for_user(request.user).filter(case=case),
            "requests": [
                (r, [released[i] for i in r.released if i in released])
                for r in requests
            ],
            "kinds": RecordAccessRequest.Kind.choices,
            "decision_documents": selectors.party_documents(case),
            "refund": _refund(case),
            "values": request.POST if request.method == "POST" else {},
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _refund(case: EnforcementCase) -> refunds.RefundState | None:
    """What was paid back to the party after a 变更决定 (应予退还, 已退还)."""
    decision = PenaltyDecision.objects.filter(case=case).first()
    return refunds.refund_state(decision) if decision else None


@public_account_required
def party_issued_document(
    request: AppRequest, pk: int, document_pk: int
) -> FileResponse:
    """A document issued to the party on its case, opened inline; recorded."""
    case = selectors.case_get_for_user(request.user, pk)
    document, handle = services.party_document_open(
        case=case, document_id=document_pk, by=request.user
    )
    return FileResponse(handle, filename=f"{document.title}.pdf")


@public_account_required
def party_file(request: AppRequest, pk: int, attachment_pk: int) -> FileResponse:
    access = selectors.access_request_get_for_user(request.user, pk)
    attachment, handle = services.access_open(
        request=access, attachment_id=attachment_pk, by=request.user
    )
    return FileResponse(
        handle,
        as_attachment=access.kind == RecordAccessRequest.Kind.COPY,
        filename=attachment.name,
    )


@staff_required
def access_detail(request: AppRequest, pk: int) -> HttpResponse:
    """The head decides on an application to consult or copy."""
    access = selectors.access_request_get_for_user(request.user, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.access_decide(
                request=access,
                grant=request.POST.get("grant") == "1",
                opinion=request.POST.get("opinion", ""),
                withhold=[
                    int(v) for v in request.POST.getlist("withhold") if v.isdigit()
                ],
                withheld=request.POST.get("withheld", ""),
                by=request.user,
            )
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            messages.success(request, gettext("已作出决定。"))
            return redirect("enforcement:access-detail", access.pk)
    return render(
        request,
        "enforcement/access_detail.html",
        {
            "access": access,
            "files": selectors.record_files(access.case),
            "head": selectors.is_head(request.user),
            "errors": errors,
            "refused_post": request.POST if errors else None,
        },
        status=400 if errors else 200,
    )


# --- Numbered PDFs ----------------------------------------------------------------------


@staff_required
@require_POST
def document_pdf(request: AppRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    try:
        services.document_pdf_issue(document=document, by=request.user)
    except ValidationError as error:
        messages.error(request, refused_message(error))
    except PermissionDenied as error:
        messages.error(request, gettext(str(error)))
    else:
        messages.success(request, gettext("已生成编号文本（PDF）。"))
    return redirect("enforcement:document-detail", document.pk)


@staff_required
@require_POST
def inspection_forms(request: AppRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get_for_user(request.user, pk)
    try:
        services.inspection_forms_issue(inspection=inspection, by=request.user)
    except ValidationError as error:
        messages.error(request, refused_message(error))
    else:
        messages.success(
            request,
            gettext(
                "行政检查通知书、行政检查审批表已生成，可下载上传至辽宁执法监管平台。"
            ),
        )
    return redirect("enforcement:inspection-detail", inspection.pk)
