"""Grade consequences (守信激励，失信惩戒) and the result notice (结果告知书)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors

from .. import config, selectors
from ..models import (
    Evaluation,
)
from .common import _notify_enterprise, _require

# ---------------------------------------------------------------- consequences


@transaction.atomic
def consequence_apply(*, evaluation: Evaluation, by: User) -> bool:
    """失信惩戒: a published bad-credit result takes the enterprise off the positive
    list, through the enterprises module's service (which checks that `by` may
    adjust the list — 执法机构负责人 — and the scope, and records the change).
    Returns whether the enterprise was taken off."""
    if evaluation.status != "published" or evaluation.repaired_at is not None:
        raise ValidationError("只有已公布且未修复的评价结果才产生失信惩戒后果。")
    consequence = selectors.consequence_of(evaluation)
    if consequence.positive_list_eligible:
        raise ValidationError("该等级不属于失信，无需移出正面清单。")
    if not enterprise_selectors.on_positive_list(evaluation.enterprise):
        raise ValidationError("该企业不在正面清单中。")
    from ecobureau.enterprises import services as enterprise_services

    enterprise_services.positive_list_remove(
        enterprise=evaluation.enterprise,
        reason=(
            f"{evaluation.evaluation_year.year}年度企业环境信用评价结果为"
            f"{evaluation.grade_name}（失信惩戒，{config.CONSEQUENCE_BASIS}）"
        )[:300],
        by=by,
    )
    records.append(
        action="credit.consequence.positive_list_remove",
        target=evaluation,
        actor=by,
        data={"grade": evaluation.grade_code},
    )
    return True


# ---------------------------------------------------------------- result notice


NOTICE_MAX_LINES = 60


def _notice_lines(evaluation: Evaluation) -> list[str]:
    explanation = evaluation.explanation or {}
    lines = [
        f"{line['indicator']} {line['name']}：{line['label']}"
        f"（{line.get('on') or ''}），"
        f"{'守信加' if line.get('kind') == 'bonus' else ''}{line['points']}分"
        for line in explanation.get("lines", [])
    ]
    lines += [
        f"一票否决 {v['code']} {v['text']}：{v['label']}"
        for v in explanation.get("vetoes", [])
    ]
    if len(lines) > NOTICE_MAX_LINES:
        rest = len(lines) - NOTICE_MAX_LINES
        lines = [*lines[:NOTICE_MAX_LINES], f"另有{rest}项，详见门户网站。"]
    return lines or ["本年度无扣分记录。"]


@transaction.atomic
def result_notice_issue(*, evaluation: Evaluation, by: User) -> object:
    """信用评价结果告知书: the credit section issues it for a published result; the
    enterprise is told it can read it."""
    from ecobureau.casework.services import document_issue

    from ..documents import CREDIT_RESULT_NOTICE

    _require(selectors.may_manage(by), "只有信用评价人员可以制发结果告知书。")
    if evaluation.status != "published" or evaluation.published_at is None:
        raise ValidationError("评价结果公布后方可制发结果告知书。")
    if by.unit is None:
        raise ValidationError("您未设置所属单位，不能制发文书。")
    document = document_issue(
        kind=CREDIT_RESULT_NOTICE.code,
        unit=by.unit,
        target=evaluation,
        by=by,
        context={
            "enterprise": evaluation.enterprise.name,
            "credit_code": evaluation.enterprise.credit_code,
            "year": str(evaluation.evaluation_year.year),
            "scheme": evaluation.evaluation_year.scheme.name,
            "published_on": evaluation.published_at,
            "score": str(evaluation.score),
            "grade": evaluation.grade_name,
            "lines": _notice_lines(evaluation),
            "config_note": selectors.example_note(evaluation),
        },
    )
    _notify_enterprise(
        evaluation,
        f"{evaluation.evaluation_year.year}年度企业环境信用评价结果告知书"
        f"（{document.reference}）已制发",
        f"notice:{document.pk}",
    )
    return document
