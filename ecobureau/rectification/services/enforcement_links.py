"""Links from rectification to enforcement cases (seed 001 四(一)4 案件查处:
"已依法依规处理处罚"; 四(二)3 "该立案的必须立案，严格依法查处，做到件件有结果"):
a 案件查处 measure or a petition case's 查处 condition names the enforcement
cases it rests on, and its completion standard then needs every linked case to
have reached a decision — a penalty decision, or a recorded 不予行政处罚 or
不予立案.

A user links only a case the enforcement module lets them see
(`enforcement.selectors.case_get_for_user`); the check reads the linked cases'
status through `selectors_links.enforcement_rows` (a read-only query of this module).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enforcement import selectors as enforcement_selectors

from .. import selectors_links
from ..models import EnforcementLink, Measure, PetitionCase
from ._common import _require


@transaction.atomic
def enforcement_link(
    *,
    by: User,
    enforcement_case_id: int,
    measure: Measure | None = None,
    petition: PetitionCase | None = None,
) -> EnforcementLink:
    _require(by, "handle_rectification")
    if (measure is None) == (petition is None):
        raise ValueError("link a measure or a petition case, not both")
    if measure is not None and measure.kind != Measure.Kind.CASE:
        raise ValidationError("只有“案件查处”类整改措施可以关联执法案件。")
    try:
        case = enforcement_selectors.case_get_for_user(by, enforcement_case_id)
    except Http404:
        raise ValidationError(
            f"未找到编号为{enforcement_case_id}的执法案件，或您无权查看该案件。"
        ) from None
    link, created = EnforcementLink.objects.get_or_create(
        measure=measure,
        petition=petition,
        enforcement_case=case,
        defaults={"by": by},
    )
    if not created:
        raise ValidationError("该执法案件已关联。")
    target = measure.task if measure is not None else petition
    assert target is not None
    records.append(
        action="rectification.enforcement_link",
        target=target,
        actor=by,
        after={
            "measure": measure.pk if measure else None,
            "enforcement_case": case.pk,
        },
    )
    return link


@transaction.atomic
def enforcement_unlink(*, by: User, link: EnforcementLink) -> None:
    _require(by, "handle_rectification")
    target = link.measure.task if link.measure is not None else link.petition
    assert target is not None
    records.append(
        action="rectification.enforcement_unlink",
        target=target,
        actor=by,
        before={"enforcement_case": link.enforcement_case_id},
    )
    link.delete()


def undecided_message(links: list[EnforcementLink], what: str) -> str | None:
    """The error to show when a linked enforcement case has no decision yet."""
    pending = [
        row for row in selectors_links.enforcement_rows(links) if not row.decided
    ]
    if not pending:
        return None
    return (
        f"{what}关联的执法案件尚未作出处理决定："
        + "、".join(f"案件#{row.pk}（{row.state}）" for row in pending)
        + "。"
    )


def measure_links_check(measure: Measure) -> None:
    message = undecided_message(
        list(measure.enforcement_links.all()), f"第{measure.seq}项措施"
    )
    if message:
        raise ValidationError(message)


def petition_links_check(case: PetitionCase) -> None:
    message = undecided_message(
        list(case.enforcement_links.all()), "“违法违规问题查处到位”"
    )
    if message:
        raise ValidationError(message)
