"""案卷评查 pages (法制审核制度 第十二条, A64): the reviewing body's list with the
draw form, and one review's page (checklist, findings, supervisors taking part,
feedback; the handling body's answer). Every write is `services.file_review`'s."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.engagement.models import Supervisor

from .models import FileReview
from .services import file_review
from .services.decision_common import _roles


def _may_review(request: AppRequest) -> bool:
    user = request.user
    return user.is_superuser or bool(_roles(user) & file_review.REVIEWER_ROLES)


@staff_required
def file_review_list(request: AppRequest) -> HttpResponse:
    """The reviewing body sees every review and draws files; the handling body
    sees the reviews of its own cases."""
    errors: list[str] = []
    if request.method == "POST":
        try:
            count = int(request.POST.get("count") or 0)
            made = file_review.reviews_draw(
                kind=request.POST.get("kind", ""),
                batch=request.POST.get("batch", ""),
                count=count,
                by=request.user,
            )
        except ValueError:
            errors.append(gettext("抽取数量请填写整数。"))
        except ValidationError as error:
            errors.extend(error.messages)
        except PermissionDenied as error:
            errors.append(str(error))
        else:
            messages.success(
                request,
                ngettext("已抽取%(n)d卷案卷。", "已抽取%(n)d卷案卷。", len(made))
                % {"n": len(made)},
            )
            return redirect("enforcement:file-reviews")
    reviews = file_review.reviews_for_user(request.user).order_by("-pk")
    return render(
        request,
        "enforcement/file_review_list.html",
        {
            "page": Paginator(reviews, 30).get_page(request.GET.get("page")),
            "may_review": _may_review(request),
            "kinds": FileReview.Kind.choices,
            "errors": errors,
            "values": request.POST,
        },
        status=400 if errors else 200,
    )


@staff_required
def file_review_detail(request: AppRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(file_review.reviews_for_user(request.user), pk=pk)
    today = timezone.localdate()
    supervisors = [
        s
        for s in Supervisor.objects.filter(group=Supervisor.Group.ENFORCEMENT)
        if s.active_on(today)
    ]
    errors: list[str] = []
    if request.method == "POST":
        try:
            done = _act(request, review, supervisors)
        except ValidationError as error:
            errors.extend(error.messages)
        except PermissionDenied as error:
            errors.append(str(error))
        else:
            messages.success(request, done)
            return redirect("enforcement:file-review", review.pk)
    return render(
        request,
        "enforcement/file_review_detail.html",
        {
            "review": review,
            "case": review.case_file.case,
            "checklist": file_review.CHECKLIST,
            "results": FileReview.Result.choices,
            "supervisor_rows": [
                (s, request.POST.get(f"certificate_{s.pk}", "")) for s in supervisors
            ],
            "participants": [
                (s, review.supervisor_certificates.get(str(s.pk), ""))
                for s in review.supervisors.all()
            ],
            "chosen": request.POST.getlist("supervisors"),
            "ticked": request.POST.getlist("ok"),
            "is_reviewer": review.reviewer_id == request.user.pk,
            "errors": errors,
            "values": request.POST,
        },
        status=400 if errors else 200,
    )


def _act(request: AppRequest, review: FileReview, supervisors: list[Supervisor]) -> str:
    post, user = request.POST, request.user
    action = post.get("action", "")
    if action == "record":
        chosen = set(post.getlist("supervisors"))
        file_review.review_record(
            review=review,
            answers={
                code: code in post.getlist("ok") for code, _ in file_review.CHECKLIST
            },
            findings=post.get("findings", ""),
            result=post.get("result", ""),
            supervisors=[s for s in supervisors if str(s.pk) in chosen],
            certificates={
                s.pk: post.get(f"certificate_{s.pk}", "")
                for s in supervisors
                if str(s.pk) in chosen
            },
            by=user,
        )
        return gettext("已记录评查结果。")
    if action == "feedback":
        file_review.review_feedback(
            review=review, feedback=post.get("feedback", ""), by=user
        )
        return gettext("已向承办机构反馈。")
    if action == "respond":
        file_review.review_respond(
            review=review, response=post.get("response", ""), by=user
        )
        return gettext("已反馈整改情况。")
    raise ValidationError(gettext("未知的操作。"))
