"""Reads of the portal: public participation, public and staff side. The
disclosure lists are read in tables.py and catalogued in disclosure.py."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from ecobureau.accounts.models import User

from .models import (
    Consultation,
    Letter,
    Opinion,
    PublicityActivity,
    PublicityPlan,
    WorkList,
    WorkListEntry,
)


def consultation_list_public() -> QuerySet[Consultation]:
    return (
        Consultation.objects.exclude(status=Consultation.Status.DRAFT)
        .annotate(opinion_count=Count("opinions"))
        .order_by("-opens_on", "-pk")
    )


def consultation_get_public(pk: int) -> Consultation:
    return get_object_or_404(consultation_list_public(), pk=pk)


def opinions_public(consultation: Consultation) -> QuerySet[Opinion]:
    """Only the published results: summaries and reasons, never the text or author."""
    if consultation.status != Consultation.Status.RESULTS:
        return Opinion.objects.none()
    # The author's name and phone are read only to mask them in the summary.
    return (
        consultation.opinions.select_related("author")
        .only(
            "status",
            "summary",
            "reason",
            "consultation_id",
            "author__full_name",
            "author__phone",
        )
        .order_by("pk")
    )


def letter_list_public(q: str = "") -> QuerySet[Letter]:
    # The writer's name and phone are read only to mask them (Letter.published_*).
    qs = (
        Letter.objects.filter(status=Letter.Status.PUBLISHED, publish_consent=True)
        .select_related("author")
        .only(
            "kind",
            "code",
            "public_subject",
            "public_text",
            "answer",
            "published_at",
            "satisfaction",
            "author__full_name",
            "author__phone",
        )
    )
    if q:
        # Searched in what the public sees: a letter whose stored text matches only
        # where it is masked (a name, a phone) is not found.
        needle = q.casefold()
        found = [
            letter.pk
            for letter in qs.filter(
                Q(public_subject__icontains=q)
                | Q(public_text__icontains=q)
                | Q(answer__icontains=q)
            )
            if needle
            in "\n".join(
                (
                    letter.published_subject,
                    letter.published_question,
                    letter.published_answer,
                )
            ).casefold()
        ]
        qs = qs.filter(pk__in=found)
    return qs.order_by("-published_at", "-pk")


def letter_get_public(code: str) -> Letter:
    return get_object_or_404(letter_list_public(), code=code)


def letter_list_for_author(user: User) -> QuerySet[Letter]:
    return Letter.objects.filter(author=user).order_by("-created_at", "-pk")


def letter_get_for_author(user: User, code: str) -> Letter:
    return get_object_or_404(letter_list_for_author(user), code=code)


def satisfaction_counts() -> dict[str, int]:
    rows = (
        Letter.objects.exclude(satisfaction="")
        .values("satisfaction")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["satisfaction"]: row["n"] for row in rows}


# --- Staff side ---------------------------------------------------------------------
# The mailbox and consultations are the bureau office's city-wide work (与群众互动 6,
# 责任部门: 局办公室), so holders of the permission see all of them.


def may_handle(user: User) -> bool:
    return user.is_staff_member and (
        user.has_perm("portal.answer_letter")
        or user.has_perm("portal.review_letter")
        or user.has_perm("portal.manage_consultation")
    )


def letter_list_for_staff(user: User, *, status: str = "") -> QuerySet[Letter]:
    if not (
        user.has_perm("portal.answer_letter") or user.has_perm("portal.review_letter")
    ):
        return Letter.objects.none()
    qs = Letter.objects.select_related("drafted_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "pk")


def letter_get_for_staff(user: User, pk: int) -> Letter:
    return get_object_or_404(letter_list_for_staff(user), pk=pk)


def consultation_list_for_staff(user: User) -> QuerySet[Consultation]:
    if not user.has_perm("portal.manage_consultation"):
        return Consultation.objects.none()
    return Consultation.objects.annotate(
        opinion_count=Count("opinions"),
        open_count=Count(
            "opinions", filter=Q(opinions__status=Opinion.Status.RECEIVED)
        ),
    )


def consultation_get_for_staff(user: User, pk: int) -> Consultation:
    return get_object_or_404(consultation_list_for_staff(user), pk=pk)


def opinion_get_for_staff(user: User, pk: int) -> Opinion:
    if not user.has_perm("portal.manage_consultation"):
        return get_object_or_404(Opinion.objects.none(), pk=pk)
    return get_object_or_404(Opinion.objects.select_related("consultation"), pk=pk)


# --- The yearly publicity plan (A94) ------------------------------------------------


def publicity_plan_list_public() -> QuerySet[PublicityPlan]:
    return PublicityPlan.objects.filter(status=PublicityPlan.Status.PUBLISHED)


def publicity_plan_get_public(year: int | None) -> PublicityPlan | None:
    """The published plan of the year asked for, or the latest published one."""
    plans = publicity_plan_list_public()
    if year is not None:
        return plans.filter(year=year).first()
    return plans.order_by("-year").first()


def publicity_activities_public(plan: PublicityPlan) -> QuerySet[PublicityActivity]:
    return plan.activities.order_by("planned_on", "pk")


def may_manage_publicity(user: User) -> bool:
    return bool(user.is_staff_member and user.has_perm("portal.manage_publicity"))


def publicity_plan_list_for_staff(user: User) -> QuerySet[PublicityPlan]:
    if not may_manage_publicity(user):
        return PublicityPlan.objects.none()
    return PublicityPlan.objects.annotate(
        planned=Count(
            "activities",
            filter=~Q(activities__status=PublicityActivity.Status.CANCELLED),
        ),
        held=Count(
            "activities", filter=Q(activities__status=PublicityActivity.Status.HELD)
        ),
    ).order_by("-year")


def publicity_plan_get_for_staff(user: User, pk: int) -> PublicityPlan:
    return get_object_or_404(publicity_plan_list_for_staff(user), pk=pk)


def publicity_activity_get_for_staff(user: User, pk: int) -> PublicityActivity:
    activities = PublicityActivity.objects.select_related("plan")
    if not may_manage_publicity(user):
        activities = activities.none()
    return get_object_or_404(activities, pk=pk)


# --- Work lists (黑名单、落后淘汰名单等工作清单, D19) ------------------------------


def may_manage_work_lists(user: User) -> bool:
    return bool(user.is_staff_member and user.has_perm("portal.manage_work_lists"))


def work_list_list_for_staff(user: User) -> QuerySet[WorkList]:
    if not may_manage_work_lists(user):
        return WorkList.objects.none()
    return WorkList.objects.annotate(
        listed=Count("entries", filter=Q(entries__removed_on__isnull=True)),
        removed=Count("entries", filter=Q(entries__removed_on__isnull=False)),
    ).order_by("kind", "name", "pk")


def work_list_get_for_staff(user: User, pk: int) -> WorkList:
    return get_object_or_404(work_list_list_for_staff(user), pk=pk)


def work_list_entries_of(work_list: WorkList) -> QuerySet[WorkListEntry]:
    return work_list.entries.select_related("enterprise").order_by(
        "removed_on", "-listed_on", "unit_name", "pk"
    )


def work_list_entry_get_for_staff(user: User, pk: int) -> WorkListEntry:
    if not may_manage_work_lists(user):
        return get_object_or_404(WorkListEntry.objects.none(), pk=pk)
    return get_object_or_404(WorkListEntry.objects.select_related("work_list"), pk=pk)


def work_list_entries_public(q: str = "") -> QuerySet[WorkListEntry]:
    """Entries of published lists (removed ones too, with their removal)."""
    qs = (
        WorkListEntry.objects.filter(work_list__published_at__isnull=False)
        .select_related("work_list", "enterprise")
        .order_by(
            "work_list__kind", "work_list__name", "removed_on", "-listed_on", "pk"
        )
    )
    if q:
        qs = qs.filter(
            Q(work_list__name__icontains=q)
            | Q(unit_name__icontains=q)
            | Q(credit_code__icontains=q)
            | Q(document_no__icontains=q)
        )
    return qs


def work_list_last_change_public() -> object:
    """When the published lists last changed (a publication, an entry added,
    corrected or removed)."""
    from django.db.models import Max

    lists = WorkList.objects.filter(published_at__isnull=False)
    latest = [
        lists.aggregate(m=Max("published_at"))["m"],
        WorkListEntry.objects.filter(work_list__in=lists).aggregate(
            m=Max("updated_at")
        )["m"],
    ]
    found = [v for v in latest if v is not None]
    return max(found) if found else None
