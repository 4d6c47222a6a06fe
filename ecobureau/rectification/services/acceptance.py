"""Acceptance and review (区验收、市复核, seed 001 附件2): the member table, the
signed parts of the city review and the three documents."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.core import records

from .. import standards
from ..models import (
    AcceptanceMember,
    PetitionCase,
    ReviewSignoff,
)
from ._common import _require
from .petitions import city_name, review_department_names


@transaction.atomic
def acceptance_member_add(
    *,
    by: User,
    case: PetitionCase,
    name: str,
    unit_name: str,
    post: str = "",
    phone: str = "",
    signed: bool = False,
    supervisor: bool = False,
) -> AcceptanceMember:
    _require(by, "accept_rectification")
    if case.status != "acceptance":
        raise ValidationError("只有待验收的案件可以登记验收组成员。")
    if not name.strip() or not unit_name.strip():
        raise ValidationError("请填写验收组成员的姓名和单位。")
    # B13: the representative's unit is the case's supervising department,
    # its registry name or that name with the city's own name read as 市.
    supervising = case.supervising_department_name
    city = city_name()
    if supervisor and (
        not supervising
        or standards.city_relative(unit_name, city)
        != standards.city_relative(supervising, city)
    ):
        raise ValidationError(
            "督导责任单位代表的单位应为该案件的督导责任单位"
            f"（{supervising or '未登记'}）。"
        )
    member = AcceptanceMember.objects.create(
        case=case,
        name=name.strip(),
        unit_name=unit_name.strip(),
        post=post.strip(),
        phone=phone.strip(),
        signed=signed,
        supervisor=supervisor,
    )
    records.append(
        action="rectification.acceptance_member_add",
        target=case,
        actor=by,
        after={"member": member.pk, "signed": signed, "supervisor": supervisor},
    )
    return member


def acceptance_check(case: PetitionCase) -> None:
    """B33: the opinion has its member table, every member signed. B13 (seed 001
    五3): the supervising city industry department (督导责任单位) is recorded on the
    case, takes part in the acceptance and signs the opinion — a signed member
    marked as its representative."""
    if not case.supervising_department_name:
        raise ValidationError(
            "请先登记案件的督导责任单位（市级行业主管部门），"
            "其须参加验收并在验收意见书上签字背书。"
        )
    members = list(case.acceptance_members.all())
    if not members:
        raise ValidationError(
            "请先登记验收组成员（姓名、单位、职务、联系电话、签字）。"
        )
    unsigned = [m.name for m in members if not m.signed]
    if unsigned:
        raise ValidationError("以下验收组成员尚未签字：" + "、".join(unsigned) + "。")
    if not any(m.supervisor for m in members):
        raise ValidationError(
            f"督导责任单位（{case.supervising_department_name}）须参加验收并在验收意见书上"
            "签字背书：请登记其代表为验收组成员。"
        )


def required_parts(case: PetitionCase) -> list[str]:
    """附件2 二(三) 1–5 and 附件2 附件2: the parts to sign; the 不属实 part only for
    untrue and partly true cases."""
    parts = [
        ReviewSignoff.Part.NATURE,
        ReviewSignoff.Part.RECTIFICATION,
        ReviewSignoff.Part.PENALTY,
        ReviewSignoff.Part.SATISFACTION,
        ReviewSignoff.Part.ACCOUNTABILITY,
    ]
    if case.truth in (PetitionCase.Truth.PARTLY, PetitionCase.Truth.FALSE):
        parts.append(ReviewSignoff.Part.UNTRUE)
    return [str(p) for p in parts]


@transaction.atomic
def review_sign(
    *,
    by: User,
    case: PetitionCase,
    part: str,
    bodies: str,
    signer: str,
    agreed: bool,
    opinion: str,
) -> ReviewSignoff:
    """One member body signs its part of the city review (签字背书, B31)."""
    _require(by, "review_rectification")
    if case.status != "reviewing":
        raise ValidationError("只有市级复核中的案件可以签字背书。")
    if part not in required_parts(case):
        raise ValidationError("该案件无需复核此项内容。")
    if not (bodies.strip() and signer.strip() and opinion.strip()):
        raise ValidationError("请填写签字单位、签字人和复核意见。")
    signoff = ReviewSignoff.objects.create(
        case=case,
        part=part,
        bodies=bodies.strip(),
        signer=signer.strip(),
        agreed=agreed,
        opinion=opinion.strip(),
        signed_at=timezone.now(),
        round_no=case.review_round,
    )
    records.append(
        action="rectification.review_sign",
        target=case,
        actor=by,
        after={"part": part, "agreed": agreed, "round": case.review_round},
    )
    return signoff


def local_places(case: PetitionCase) -> tuple[str, ...]:
    """The names that identify the case's 当地党委政府 (附件2 二(三)3): its
    township and its district, as recorded on the case."""
    return tuple(
        division.name
        for division in (case.township, case.district)
        if division is not None
    )


def review_pass_check(case: PetitionCase) -> None:
    """附件2 二(一) 五个不放过: every part signed and agreed in this round."""
    rows = list(case.signoffs.filter(round_no=case.review_round))
    signed = {s.part: s for s in rows}
    # Several bodies may sign one part separately: any refusal fails the review.
    refused = {s.part: s for s in rows if not s.agreed}
    if refused:
        raise ValidationError(
            "复核未通过："
            + "、".join(s.get_part_display() for s in refused.values())
            + "复核意见为不同意，应退回整改。"
        )
    missing = [p for p in required_parts(case) if p not in signed]
    labels = dict(ReviewSignoff.Part.choices)
    if missing:
        raise ValidationError(
            "以下复核内容尚未签字背书：" + "、".join(labels[p] for p in missing) + "。"
        )
    # B30, B31 (附件2 二(二)–(三)): each part signed by the bodies assigned to it.
    bodies: dict[str, set[str]] = {}
    for s in case.signoffs.filter(round_no=case.review_round, agreed=True):
        bodies.setdefault(s.part, set()).update(standards.split_bodies(s.bodies))
    lacking = []
    places = local_places(case)
    for part in required_parts(case):
        absent = standards.bodies_missing(
            part,
            bodies.get(part, set()),
            industry=case.supervising_department_name,
            places=places,
            industries=standards.industry_departments(
                case.supervising_department_name, review_department_names(case)
            ),
        )
        if absent:
            lacking.append(f"{labels[part]}（缺{'、'.join(absent)}）")
    if lacking:
        raise ValidationError(
            "以下复核内容尚未由规定的复核工作组成员单位签字背书："
            + "；".join(lacking)
            + "。"
        )


# --- Documents (附件2 附件1–3) ----------------------------------------------------

_REVIEWED = ("reviewed", "published", "closed", "filed")


def _acceptance_context(case: PetitionCase) -> dict[str, Any]:
    if case.accepted_on is None:
        raise ValidationError("案件尚未验收，不能制作验收意见。")
    return {
        "accepted_on": case.accepted_on,
        "acceptance_body": case.acceptance_body,
        "case_number": case.number,
        "leader": case.acceptance_leader,
        "opinion_rectification": case.opinion_rectification,
        "opinion_penalty": case.opinion_penalty,
        "opinion_satisfaction": case.opinion_satisfaction,
        "opinion_accountability": case.opinion_accountability,
        "members": [
            "｜".join((m.name, m.unit_name, m.post, m.phone))
            for m in case.acceptance_members.all()
        ],
    }


def _pledge_context(case: PetitionCase) -> dict[str, Any]:
    if case.status not in _REVIEWED or case.reviewed_on is None:
        raise ValidationError("案件尚未通过市级复核，不能制作复核责任书。")
    signed = {
        s.part: f"{s.opinion}（{s.bodies}，{s.signer}）"
        for s in case.signoffs.filter(round_no=case.review_round, agreed=True)
    }
    return {
        "case_number": case.number,
        "acceptance_body": case.acceptance_body,
        "reviewed_on": case.reviewed_on,
        "leader": case.review_leader,
        **{part: signed.get(part, "") for part in required_parts(case)},
    }


def _sheet_context(case: PetitionCase) -> dict[str, Any]:
    if case.status not in _REVIEWED:
        raise ValidationError("案件尚未通过市级复核，不能制作复核情况事项单。")
    return {
        "case_number": case.number,
        "round": case.round,
        "content": case.content,
        "category": case.get_category_display(),
        "truth": case.get_truth_display(),
        "acceptance": f"{case.acceptance_body}于{case.accepted_on}验收通过",
        "review": f"市级复核工作组于{case.reviewed_on}复核通过（第{case.review_round}轮）",
    }


DOCUMENT_CONTEXTS = {
    "rect_acceptance_opinion": _acceptance_context,
    "rect_review_pledge": _pledge_context,
    "rect_review_sheet": _sheet_context,
}


@transaction.atomic
def case_document_issue(*, by: User, case: PetitionCase, kind: str) -> Any:
    """Issue 验收意见, 验收复核责任书 or 复核情况事项单 from the case's data, in the
    name of the issuing user's unit (its 文号 series)."""
    _require(by, "accept_rectification")
    if kind not in DOCUMENT_CONTEXTS:
        raise ValidationError("未知的文书。")
    if by.unit is None:
        raise ValidationError("您没有所属单位，不能制作文书。")
    context = DOCUMENT_CONTEXTS[kind](case)
    return casework_services.document_issue(
        kind=kind, unit=by.unit, target=case, by=by, context=context
    )
