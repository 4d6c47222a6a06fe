"""首问负责制 (seed 000 相关制度 三; requirements A25): the first staff member
who takes an enquiry or a piece of business owns it until they hand it over
explicitly. When two or more were approached together, the higher-ranked one
owns it.

Staff records carry no rank field; rank is read from the roles a person holds
(局领导 above heads of sections, teams and sub-bureaus, above other staff), and
a tie goes to the person who took the business. A rank field on the user would
be better; see docs/modules/permits.md.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.accounts.roles import HEAD_ROLES
from ecobureau.core import records
from ecobureau.notifications import services as notifications

from ..models import Application, Enquiry

Owned = Application | Enquiry

RANK_LEADER = 3
RANK_HEAD = 2
RANK_STAFF = 1


def staff_rank(user: User) -> int:
    codes = set(user.roles.values_list("code", flat=True))
    if "bureau_leader" in codes:
        return RANK_LEADER
    if codes & HEAD_ROLES:
        return RANK_HEAD
    return RANK_STAFF


def first_responsible(by: User, together_with: list[User]) -> User:
    """The owner among those approached together: the highest rank, then `by`."""
    best = by
    best_rank = staff_rank(by)
    for other in together_with:
        if other.pk == by.pk or not other.is_staff_member:
            continue
        rank = staff_rank(other)
        if rank > best_rank:
            best, best_rank = other, rank
    return best


def owner_claim(
    *, target: Owned, by: User, together_with: list[User] | None = None
) -> bool:
    """Record the first responsible person if the business has none yet.

    Claimed with a conditional update, so two staff taking it at once give one
    owner. Returns whether this call set it.
    """
    if not by.is_staff_member or target.owner_id is not None:
        return False
    owner = first_responsible(by, together_with or [])
    now = timezone.now()
    model: type[models.Model] = type(target)
    claimed = model._default_manager.filter(pk=target.pk, owner__isnull=True).update(
        owner=owner, owner_since=now
    )
    if not claimed:
        target.refresh_from_db(fields=["owner", "owner_since"])
        return False
    target.owner, target.owner_since = owner, now
    records.append(
        action="permits.owner.claim",
        target=target,
        actor=by,
        after={"owner": owner.pk},
        data={"together_with": sorted(u.pk for u in together_with or [])},
    )
    return True


@transaction.atomic
def owner_handover(*, target: Owned, to: User, by: User, reason: str) -> Owned:
    """Hand the business to another staff member, explicitly and with a reason.

    Only the owner (or a head of the owner's unit, or a bureau leader) hands it
    over; the new owner is told.
    """
    if not reason.strip():
        raise ValidationError("移交须说明理由。")
    if not to.is_staff_member or not to.is_active:
        raise ValidationError("只能移交给在岗的工作人员。")
    if to.pk == target.owner_id:
        raise ValidationError("该工作人员已是首问负责人。")
    if not _may_hand_over(target, by):
        raise PermissionDenied("只有首问负责人或其单位负责人可以移交。")
    old = target.owner_id
    model: type[models.Model] = type(target)
    moved = model._default_manager.filter(pk=target.pk, owner_id=old).update(
        owner=to, owner_since=timezone.now()
    )
    if not moved:
        raise ValidationError("首问负责人刚刚已变更，请刷新后重试。")
    target.owner = to
    records.append(
        action="permits.owner.handover",
        target=target,
        actor=by,
        before={"owner": old},
        after={"owner": to.pk},
        data={"reason": reason.strip()[:300]},
    )
    notifications.send(
        recipients=[to],
        title=f"您已成为首问负责人：{_label(target)}",
        url=_url(target),
    )
    return target


def _may_hand_over(target: Owned, by: User) -> bool:
    if by.is_superuser or target.owner_id in (None, by.pk):
        return True
    rank = staff_rank(by)
    if rank == RANK_LEADER:
        return True
    owner = target.owner
    return bool(rank == RANK_HEAD and owner and owner.unit_id == by.unit_id)


def _label(target: Owned) -> str:
    if isinstance(target, Application):
        return f"{target.item.name} {target.number}"
    return f"咨询 {target.pk}（{target.item.name}）"


def _url(target: Owned) -> str:
    from django.urls import reverse

    if isinstance(target, Application):
        return reverse("permits:application-detail", args=[target.pk])
    return reverse("permits:enquiry-detail", args=[target.pk])
