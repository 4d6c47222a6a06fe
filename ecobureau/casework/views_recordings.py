"""The legal section's report on recordings, and correction orders (限期整改):
全过程记录实施办法 第三十二条, 第十三条, 第三十六条, 第三十七条 (requirements A48)."""

from datetime import datetime, time, timedelta

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.lib.dates import SHANGHAI

from . import selectors, selectors_recordings, services
from .forms import (
    RecordingCorrectionActForm,
    RecordingCorrectionIssueForm,
    RecordingPeriodForm,
)
from .models import RecordingCorrection
from .processes import RECORDING_CORRECTION
from .workflow import Transition


@require_GET
@staff_required
@permission_required("casework.review_recordings", raise_exception=True)
def recording_report(request: AppRequest) -> HttpResponse:
    """Per unit, for a period (default: last month): recordings stored late and
    steps done without a recording, each with its correction order or a link to
    issue one; and the year's figures for the annual assessment."""
    since, until = selectors_recordings.last_month()
    form = RecordingPeriodForm(request.GET or None)
    if form.is_valid():
        since = datetime.combine(form.cleaned_data["since"], time(), SHANGHAI)
        until = datetime.combine(
            form.cleaned_data["until"] + timedelta(days=1), time(), SHANGHAI
        )
    elif not request.GET:
        form = RecordingPeriodForm(
            initial={"since": since.date(), "until": (until - timedelta(days=1)).date()}
        )
    return render(
        request,
        "casework/recording_report.html",
        {
            "form": form,
            "since": since,
            "until": until - timedelta(days=1),
            "units": selectors_recordings.recording_report(since=since, until=until),
            "corrections": selectors_recordings.recording_correction_list(
                since=since, until=until
            ),
            "year": since.year,
            "annual": selectors.recording_findings_by_unit(since.year),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
@permission_required("casework.review_recordings", raise_exception=True)
def recording_correction_new(request: AppRequest) -> HttpResponse:
    """责令限期整改 for one finding of the report."""
    source = request.POST if request.method == "POST" else request.GET
    finding_id = source.get("finding_id", "")
    finding = selectors_recordings.finding_get(
        source.get("finding_type", ""), int(finding_id) if finding_id.isdigit() else 0
    )
    if finding is None:
        raise Http404("未找到该问题。")
    form = RecordingCorrectionIssueForm(
        request.POST or None,
        initial={
            "finding_type": finding.type,
            "finding_id": finding.pk,
            "finding": finding.summary,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correction = services.recording_correction_issue(
                finding_type=data["finding_type"],
                finding_id=data["finding_id"],
                finding=data["finding"],
                deadline_days=data["deadline_days"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("casework:recording-correction-detail", pk=correction.pk)
    return render(
        request,
        "casework/recording_correction_new.html",
        {"form": form, "finding": finding},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def recording_correction_detail(request: AppRequest, pk: int) -> HttpResponse:
    correction = selectors_recordings.recording_correction_get_for_user(
        request.user, pk
    )
    transitions = _transitions_for(request, correction)
    form = RecordingCorrectionActForm(request.POST or None)
    codes = {transition.code for transition in transitions}
    if "respond" not in codes:
        del form.fields["response"]
    if not codes - {"respond"}:
        del form.fields["opinion"], form.fields["deadline_days"]
    if request.method == "POST" and form.is_valid():
        try:
            _act(request, correction, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("casework:recording-correction-detail", pk=pk)
        correction.refresh_from_db()
    return render(
        request,
        "casework/recording_correction_detail.html",
        {
            "correction": correction,
            "form": form,
            "transitions": _transitions_for(request, correction),
            "step_label": RECORDING_CORRECTION.step(correction.status).label,
            "history": selectors.history_for(correction),
            "clocks": services.clocks_for(correction),
        },
        status=400 if request.method == "POST" else 200,
    )


def _act(
    request: AppRequest, correction: RecordingCorrection, data: dict[str, object]
) -> None:
    code = data["transition"]
    by = request.user
    opinion = str(data.get("opinion") or "")
    if code == "respond":
        services.recording_correction_respond(
            correction=correction, response=str(data.get("response") or ""), by=by
        )
    elif code == "accept":
        services.recording_correction_accept(
            correction=correction, opinion=opinion, by=by
        )
    elif code == "return":
        days = data.get("deadline_days")
        services.recording_correction_return(
            correction=correction,
            opinion=opinion,
            by=by,
            deadline_days=days if isinstance(days, int) else None,
        )
    elif code == "withdraw":
        services.recording_correction_withdraw(
            correction=correction, opinion=opinion, by=by
        )
    else:
        raise ValidationError("未知的操作。")


def _transitions_for(
    request: AppRequest, correction: RecordingCorrection
) -> list[Transition]:
    """The buttons this person may press: the ordered unit reports, the legal
    section accepts, returns or withdraws (the services check again)."""
    reviewer = request.user.has_perm("casework.review_recordings")
    own_unit = request.user.unit_id == correction.ordered_unit_id
    return [
        transition
        for transition in RECORDING_CORRECTION.available(correction.status)
        if (transition.code == "respond" and own_unit)
        or (transition.code != "respond" and reviewer)
    ]
