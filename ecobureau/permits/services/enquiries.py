"""Enquiries about an item and the applicant's rating of the handling (好差评).

An enquiry belongs to its asker; staff answer it, and the first to take it owns
it (首问负责制, seed 000 相关制度 三) until handed over.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.notifications import services as notifications

from ..models import Application, Enquiry, Rating, ServiceItem
from .owners import owner_claim

MAX_QUESTION = 2000
# Applications that are finished may be rated: the terminal steps and the
# steps where the bureau's part ends.
RATABLE_OUTCOMES = (
    "granted",
    "refused",
    "filed",
    "not_filed",
    "confirmed",
    "relayed",
    "relaying",
    "handed_over",
    "received",
    "not_accepted",
)


@transaction.atomic
def enquiry_ask(
    *,
    item: ServiceItem,
    by: User,
    question: str,
    application: Application | None = None,
) -> Enquiry:
    if not by.is_public:
        raise PermissionDenied("咨询请使用企业或公众账户。")
    text = question.strip()
    if not text:
        raise ValidationError("请填写咨询内容。")
    if len(text) > MAX_QUESTION:
        raise ValidationError(f"咨询内容不超过{MAX_QUESTION}字。")
    if application is not None and application.applicant_id != by.pk:
        raise PermissionDenied("只能就自己的申请咨询。")
    enquiry = Enquiry.objects.create(
        item=item, asker=by, question=text, application=application
    )
    records.append(
        action="permits.enquiry.ask",
        target=enquiry,
        actor=by,
        data={"item": item.code},
    )
    return enquiry


@transaction.atomic
def enquiry_claim(*, enquiry: Enquiry, by: User) -> Enquiry:
    """The staff member takes the enquiry (首问): it is theirs to answer."""
    if not by.is_staff_member:
        raise PermissionDenied("仅限工作人员。")
    if enquiry.owner_id is not None and enquiry.owner_id != by.pk:
        raise ValidationError(
            f"该咨询的首问负责人是{enquiry.owner}，如需办理请其移交。"
        )
    owner_claim(target=enquiry, by=by)
    return enquiry


@transaction.atomic
def enquiry_answer(*, enquiry: Enquiry, by: User, answer: str) -> Enquiry:
    """Answer an enquiry. The owner answers; the first to answer an unclaimed
    enquiry becomes its owner."""
    if not by.is_staff_member:
        raise PermissionDenied("仅限工作人员。")
    text = answer.strip()
    if not text:
        raise ValidationError("请填写答复内容。")
    owner_claim(target=enquiry, by=by)
    if enquiry.owner_id != by.pk:
        raise ValidationError(f"该咨询的首问负责人是{enquiry.owner}，由其答复或移交。")
    before = enquiry.status
    now = timezone.now()
    Enquiry.objects.filter(pk=enquiry.pk).update(
        answer=text,
        status=Enquiry.Status.ANSWERED,
        answered_by=by,
        answered_at=now,
        updated_at=now,
    )
    enquiry.answer, enquiry.status = text, Enquiry.Status.ANSWERED
    enquiry.answered_by, enquiry.answered_at = by, now
    records.append(
        action="permits.enquiry.answer",
        target=enquiry,
        actor=by,
        before=before,
        after=enquiry.status,
    )
    notifications.send(
        recipients=[enquiry.asker],
        title=f"您关于“{enquiry.item.name}”的咨询已答复",
        url=reverse("permits:my-enquiry", args=[enquiry.pk]),
    )
    return enquiry


@transaction.atomic
def rating_add(
    *,
    by: User,
    score: int,
    comment: str = "",
    application: Application | None = None,
    enquiry: Enquiry | None = None,
) -> Rating:
    """One rating per finished application or answered enquiry, by its owner."""
    if (application is None) == (enquiry is None):
        raise ValueError("rate exactly one object")
    if not 1 <= score <= 5:
        raise ValidationError("评分应为1至5分。")
    if application is not None:
        if application.applicant_id != by.pk:
            raise PermissionDenied("只能评价自己的办件。")
        if application.outcome not in RATABLE_OUTCOMES:
            raise ValidationError("办件办结后才能评价。")
    if enquiry is not None:
        if enquiry.asker_id != by.pk:
            raise PermissionDenied("只能评价自己的咨询。")
        if enquiry.status != Enquiry.Status.ANSWERED:
            raise ValidationError("咨询答复后才能评价。")
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                rater=by,
                score=score,
                comment=comment.strip()[:500],
                application=application,
                enquiry=enquiry,
            )
    except IntegrityError:
        raise ValidationError("已经评价过，不能重复评价。") from None
    target = application if application is not None else enquiry
    assert target is not None
    records.append(
        action="permits.rating.add",
        target=target,
        actor=by,
        data={"rating": rating.pk, "score": score},
    )
    return rating
