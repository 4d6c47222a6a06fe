"""案卷评查 (法制审核制度 第十二条, A64): the reviewing body (法制审核机构, the legal
reviewers) picks archived case files, periodically or at random, applies the
checklist, records findings and sends feedback to the handling body, which
answers with what it corrected. Enforcement supervisors may take part
(执法监督员工作规则 第六条(三)), each showing the supervisor's certificate
(第九条, A108): the number shown is checked against the register through the
engagement module's `check_certificate` and kept on the review; their
participation, with that number, is recorded through the engagement module's
entry point for other modules' records (`participation_record_from_module`),
whoever records the review."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.engagement import services as engagement_services
from ecobureau.engagement.models import Participation, Supervisor
from ecobureau.engagement.services import supervisors as engagement_supervisors
from ecobureau.lib import dates

from .. import selectors
from ..models import CaseFile, FileReview
from .decision_common import REVIEW_ROLE, _roles

# The checklist follows 法制审核制度 第三条 (主体、事实证据、法律适用、程序) and the
# recording rules (文书、音像、归档); 示例配置 until the section issues its own.
# Stored in Chinese; marked so pages can show them translated.
CHECKLIST = (
    ("authority", gettext_noop("执法主体合法，执法人员具备执法资格")),
    ("facts", gettext_noop("违法事实清楚，证据确凿充分")),
    ("law", gettext_noop("适用法律正确，未适用未生效或已失效的规定")),
    ("discretion", gettext_noop("处罚种类和幅度符合裁量基准")),
    ("procedure", gettext_noop("程序合法（立案、调查终结、告知、听证、审核、审议）")),
    ("documents", gettext_noop("文书规范、完整，送达合法")),
    ("recording", gettext_noop("全过程记录（音像资料）完整")),
    ("archive", gettext_noop("按期立卷归档，卷内目录完整")),
)
REVIEWER_ROLES = {REVIEW_ROLE, "bureau_leader"}


def _check_reviewer(by: User) -> None:
    if not (by.is_superuser or _roles(by) & REVIEWER_ROLES):
        raise PermissionDenied("案卷评查由法制审核机构进行。")


def _record(action: str, review: FileReview, by: User, **data: object) -> None:
    records.append(
        action=f"enforcement.{action}",
        target=review.case_file.case,
        actor=by,
        data={"file_review": review.pk, **data},
    )


@transaction.atomic
def reviews_draw(
    *, kind: str, batch: str, count: int, by: User, seed: int | None = None
) -> list[FileReview]:
    """Pick `count` archived files not yet reviewed in `batch`, at random (随机抽查)
    or the oldest first (定期评查)."""
    _check_reviewer(by)
    if kind not in FileReview.Kind.values:
        raise ValidationError("请选择评查方式。")
    if not batch.strip() or count < 1:
        raise ValidationError("请填写评查批次和抽取数量。")
    pool = list(
        CaseFile.objects.exclude(reviews__batch=batch.strip())
        .order_by("assembled_at", "pk")
        .values_list("pk", flat=True)
    )
    if not pool:
        raise ValidationError("没有可评查的归档案卷。")
    if kind == FileReview.Kind.RANDOM:
        rng = random.Random(seed)  # noqa: S311 (a draw of files, not a secret)
        chosen = rng.sample(pool, min(count, len(pool)))
    else:
        chosen = pool[:count]
    made = []
    for pk in chosen:
        review = FileReview.objects.create(
            case_file_id=pk, kind=kind, batch=batch.strip(), reviewer=by
        )
        _record("file_review_draw", review, by, kind=kind, batch=batch.strip())
        made.append(review)
    return made


def _certificate(person: Supervisor, number: str | None) -> str:
    """第九条: the number on the certificate the supervisor showed, the one on the
    engagement register; refused naming the supervisor."""
    if not person.certificate_no:
        raise ValidationError(
            gettext(
                "%(name)s的监督员证编号尚未登记，请先在执法监督员名册中登记"
                "（执法监督员工作规则 第九条）。"
            )
            % {"name": person.name}
        )
    try:
        return engagement_supervisors.check_certificate(person, number or "")
    except ValidationError as error:
        raise ValidationError(
            [
                gettext("%(name)s：%(message)s")
                % {"name": person.name, "message": gettext(message)}
                for message in error.messages
            ]
        ) from error


@transaction.atomic
def review_record(
    *,
    review: FileReview,
    answers: Mapping[str, bool],
    findings: str,
    result: str,
    by: User,
    supervisors: Iterable[Supervisor] = (),
    certificates: Mapping[int, str] | None = None,
) -> FileReview:
    """The checklist, the findings (required when an item fails) and the result.
    `certificates` maps each participating supervisor's pk to the certificate
    number shown (执法监督员工作规则 第九条); a missing or different one is refused."""
    if review.reviewer_id != by.pk and not by.is_superuser:
        raise PermissionDenied("只有本次评查的评查人员可以记录。")
    if review.reviewed_at is not None:
        raise ValidationError("评查结果已记录。")
    if result not in FileReview.Result.values:
        raise ValidationError("请选择评查结论。")
    checklist = [
        {"code": code, "item": label, "ok": bool(answers.get(code))}
        for code, label in CHECKLIST
    ]
    failed = [str(item["item"]) for item in checklist if not item["ok"]]
    if failed and not findings.strip():
        raise ValidationError(
            gettext("以下项目不符合，请写明发现的问题：%(items)s")
            % {"items": gettext("、").join(gettext(item) for item in failed)}
        )
    if failed and result != FileReview.Result.FAIL and len(failed) > 2:
        raise ValidationError("三项以上不符合的，评查结论应为不合格。")
    people = list(supervisors)
    today = dates.local_date(timezone.now())
    shown: dict[str, str] = {}
    for person in people:
        if person.group != Supervisor.Group.ENFORCEMENT or not person.active_on(today):
            raise ValidationError(
                gettext("%(name)s不是在聘的生态环境执法监督员。")
                % {"name": person.name}
            )
        shown[str(person.pk)] = _certificate(
            person, (certificates or {}).get(person.pk)
        )
    review.checklist = checklist
    review.findings = findings.strip()
    review.result = result
    review.reviewed_at = timezone.now()
    review.supervisor_certificates = shown
    review.save(
        update_fields=[
            "checklist",
            "findings",
            "result",
            "reviewed_at",
            "supervisor_certificates",
        ]
    )
    review.supervisors.set(people)
    # Recorded whoever records the review (legal reviewer, bureau leader): the
    # reviewer's right to record it was checked above, engagement still checks
    # the term and the certificate and writes its record entry.
    for person in people:
        engagement_services.participation_record_from_module(
            by=by,
            supervisor=person,
            kind=Participation.Kind.FILE_REVIEW,
            held_on=today,
            source=f"enforcement.filereview:{review.pk}",
            note=f"案卷评查（{review.batch}）案卷#{review.case_file_id}",
            certificate_shown=shown[str(person.pk)],
        )
    _record(
        "file_review_record",
        review,
        by,
        result=result,
        failed=len(failed),
        supervisors=[p.pk for p in people],
    )
    return review


@transaction.atomic
def review_feedback(*, review: FileReview, feedback: str, by: User) -> FileReview:
    """Feedback to the handling body (第十二条 "及时向承办机构反馈意见")."""
    if review.reviewer_id != by.pk and not by.is_superuser:
        raise PermissionDenied("只有本次评查的评查人员可以反馈。")
    if review.reviewed_at is None:
        raise ValidationError("请先记录评查结果。")
    if not feedback.strip():
        raise ValidationError("请填写反馈意见。")
    review.feedback = feedback.strip()
    review.feedback_at = timezone.now()
    review.save(update_fields=["feedback", "feedback_at"])
    _record("file_review_feedback", review, by)
    return review


@transaction.atomic
def review_respond(*, review: FileReview, response: str, by: User) -> FileReview:
    """The handling body's follow-up: the case's officers or the heads in scope."""
    case = review.case_file.case
    if not selectors.case_list_for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")
    if not (selectors.is_officer_of_case(by, case) or selectors.is_head(by)):
        raise PermissionDenied("由承办机构反馈整改情况。")
    if review.feedback_at is None:
        raise ValidationError("尚未收到评查反馈。")
    if not response.strip():
        raise ValidationError("请填写整改情况。")
    review.response = response.strip()
    review.response_by = by
    review.response_at = timezone.now()
    review.save(update_fields=["response", "response_by", "response_at"])
    _record("file_review_respond", review, by)
    return review


def reviews_for_user(user: User):  # type: ignore[no-untyped-def]
    """The reviewing body sees all reviews; the handling body its cases' reviews."""
    qs = FileReview.objects.select_related("case_file__case__enterprise")
    if user.is_superuser or _roles(user) & REVIEWER_ROLES:
        return qs
    cases = selectors.case_list_for_user(user).values("pk")
    return qs.filter(case_file__case__in=cases)
