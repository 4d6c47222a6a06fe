"""与基层互动 (seed 000): suggestions "我为环境保护出点子" (8) and the sections'
research reports (5)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ecobureau.accounts.models import Unit, User
from ecobureau.core import records

from ..models import ResearchReport, Suggestion
from ._common import _not_future, _require, _text, _today

MANAGE = "engagement.manage_grassroots"


def _staff(user: User) -> None:
    if not (user.is_authenticated and user.kind == User.Kind.STAFF and user.is_active):
        raise PermissionDenied("仅限本局干部职工。")


@transaction.atomic
def suggestion_submit(*, by: User, title: str, content: str) -> Suggestion:
    """A cadre puts forward a suggestion (与基层互动 8 "每名干部职工……提出不少于1条
    的合理化建议"); counted in the year it is made."""
    _staff(by)
    suggestion = Suggestion.objects.create(
        author=by,
        unit_id=by.unit_id,
        year=_today().year,
        title=_text(title, "建议题目"),
        content=_text(content, "建议内容"),
    )
    records.append(
        action="engagement.suggestion.submit",
        target=suggestion,
        actor=by,
        after=suggestion.status,
    )
    return suggestion


@transaction.atomic
def suggestion_decide(
    *, by: User, suggestion: Suggestion, adopt: bool, note: str
) -> Suggestion:
    """Adopt or not, with the reason; never by the author."""
    _require(by, MANAGE)
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != Suggestion.Status.SUBMITTED:
        raise ValidationError("该建议已评审。")
    if suggestion.author_id == by.pk:
        raise ValidationError("不能评审本人提出的建议。")
    suggestion.status = (
        Suggestion.Status.ADOPTED if adopt else Suggestion.Status.NOT_ADOPTED
    )
    suggestion.decided_by = by
    suggestion.decision_note = _text(note, "评审意见")
    suggestion.save(
        update_fields=["status", "decided_by", "decision_note", "updated_at"]
    )
    records.append(
        action="engagement.suggestion.decide",
        target=suggestion,
        actor=by,
        before=Suggestion.Status.SUBMITTED,
        after=suggestion.status,
    )
    return suggestion


@transaction.atomic
def suggestion_reward(
    *, by: User, suggestion: Suggestion, reward: str, rewarded_on: date
) -> Suggestion:
    """Record the reward for an adopted suggestion (与基层互动 8 "对被采用的建议给予
    奖励"), once."""
    _require(by, MANAGE)
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != Suggestion.Status.ADOPTED:
        raise ValidationError("只有被采纳的建议可以给予奖励。")
    if suggestion.rewarded_on is not None:
        raise ValidationError("该建议已给予奖励。")
    _not_future(rewarded_on, "奖励日期")
    suggestion.reward = _text(reward, "奖励内容")
    suggestion.rewarded_on = rewarded_on
    suggestion.save(update_fields=["reward", "rewarded_on", "updated_at"])
    records.append(
        action="engagement.suggestion.reward",
        target=suggestion,
        actor=by,
        after={"rewarded_on": rewarded_on.isoformat()},
    )
    return suggestion


@transaction.atomic
def research_report_register(
    *,
    by: User,
    title: str,
    authors: str,
    summary: str,
    completed_on: date,
    unit: Unit | None = None,
) -> ResearchReport:
    """Register a section's research report (与基层互动 5 "机关各科室……起草不少于1篇
    的调研报告"). Staff register for their own unit; the office for any."""
    _staff(by)
    unit = unit or by.unit
    if unit is None:
        raise ValidationError("请选择起草单位。")
    if unit.pk != by.unit_id and not by.has_perm(MANAGE):
        raise PermissionDenied("只能登记本单位的调研报告。")
    _not_future(completed_on, "完成日期")
    report = ResearchReport.objects.create(
        unit=unit,
        year=completed_on.year,
        title=_text(title, "调研报告题目"),
        authors=_text(authors, "执笔人"),
        summary=_text(summary, "主要内容和决策建议"),
        completed_on=completed_on,
        created_by=by,
    )
    records.append(
        action="engagement.research_report.register",
        target=report,
        actor=by,
        after={"unit": unit.pk, "year": report.year},
    )
    return report


__all__ = [
    "research_report_register",
    "suggestion_decide",
    "suggestion_reward",
    "suggestion_submit",
]
