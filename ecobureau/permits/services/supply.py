"""The applicant's moves on a case that waits for them: supplying what the
correction notice listed, or withdrawing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ecobureau.accounts.models import User

from .. import processes
from ..models import Application
from .applications import missing_supplements
from .handling import application_act

SUPPLY_TRANSITIONS = {"supplement": "supply", "review_supplement": "supply_review"}


@transaction.atomic
def application_supply(*, application: Application, by: User) -> Application:
    """Hand in the supplement: every checklist entry the notice listed must have
    a new file; the paused clock then runs again (the days waited are not
    counted)."""
    transition = SUPPLY_TRANSITIONS.get(application.status)
    if transition is None:
        raise ValidationError("该申请当前不需要补正。")
    if application.applicant_id != by.pk and not by.is_staff_member:
        raise PermissionDenied("只能补正自己的申请。")
    missing = missing_supplements(application)
    if missing:
        raise ValidationError(
            "以下补正材料尚未上传：" + "；".join(m.name for m in missing) + "。"
        )
    return application_act(application=application, transition=transition, by=by)


@transaction.atomic
def application_withdraw_by_applicant(
    *, application: Application, by: User
) -> Application:
    if application.status not in processes.APPLICANT_STEPS:
        raise ValidationError(
            "申请正在办理中，如需撤回请联系受理窗口（首问负责人）书面申请撤回。"
        )
    return application_act(
        application=application, transition="applicant_withdraw", by=by
    )
