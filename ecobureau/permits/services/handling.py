"""The bureau's side of an application: every step of its item's process.

`application_act` is the one service that moves an application on. In one
transaction it checks the step and the person (`casework.services.
check_may_act`), issues the documents the step requires (受理通知书, 补正材料通知书,
licences, refusals …), performs the transition (`case_transition`: conditional
update, work items, record entry), then keeps the application's own clocks in
step (pause while the applicant supplies or an excluded procedure runs, resume,
stop when done), routes the case to the unit of its next step, records the first
responsible person, and tells the applicant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock, ClockPause
from ecobureau.core import records
from ecobureau.lib.dates import local_date
from ecobureau.notifications import services as notifications
from ecobureau.notifications.models import Notification

from .. import details as item_details
from .. import processes, signals
from ..models import Application, Material, ServiceItem
from . import clocks
from .owners import owner_claim

DEFAULT_PROVINCE_AUTHORITY = "辽宁省生态环境厅"
# 行政许可法 第四十二条: 经本行政机关负责人批准，可以延长十日.
LICENSING_EXTENSION = 10

NIGHT_CONDITIONS = (
    "在施工现场显著位置公示本许可证，并以其他方式公告附近居民。",
    "严格按照许可的时段、地点施工，优先使用低噪声施工工艺和设备，采取有效措施减少振动、降低噪声。",
    "许可期满或工程完工后不得继续夜间施工；需继续夜间施工的，应重新申请。",
)


@dataclass
class ActionInput:
    """What a staff member (or the applicant) gave for one transition."""

    opinion: str = ""
    reasons: list[str] = field(default_factory=list)
    supplement_materials: list[str] = field(default_factory=list)  # material codes
    supplement_other: list[str] = field(default_factory=list)
    supply_by: date | None = None
    inspectors: str = ""
    site_findings: str = ""
    no_recording_reason: str = ""
    province_reviewer: User | None = None
    excluded_reason: str = ""
    customs_opinion: str = ""
    province_opinion: str = ""
    content: str = ""
    valid_until: date | None = None
    conditions: list[str] = field(default_factory=list)
    redirect: str = ""
    note: str = ""


# --- Routing ----------------------------------------------------------------------


def unit_for_step(application: Application, step: str) -> Unit | None:
    """Who holds the case in `step`: the district's sub-bureau, the receiving
    unit of a hand-over, or the item's own unit (the province: its reviewer's)."""
    where = processes.procedure_for(application).step_unit(step)
    item = application.item
    if where == "district" and application.district_id:
        sub_bureau = Unit.objects.filter(
            kind=Unit.Kind.SUB_BUREAU,
            division_id=application.district_id,
            is_active=True,
        ).first()
        return sub_bureau or item.unit
    if where == "handover":
        return item.handover_unit or item.unit
    return item.unit


def province_reviewer_default() -> User | None:
    return (
        User.objects.filter(is_active=True, roles__code="province_reviewer")
        .order_by("pk")
        .first()
    )


def _route(
    application: Application, target: str, data: ActionInput
) -> tuple[Unit | None, User | None]:
    """The unit and the assignee of the step the case enters."""
    procedure = processes.procedure_for(application)
    if target in processes.APPLICANT_STEPS:
        # The case waits for the applicant: assigned to them, so that they (and
        # only the "supply" and "withdraw" transitions) may act on it.
        return application.unit, application.applicant
    if procedure.step_unit(target) == "province":
        reviewer = data.province_reviewer or province_reviewer_default()
        if reviewer is None:
            raise ValidationError("系统中没有省厅审核人账户，无法报送省厅。")
        if not reviewer.roles.filter(code="province_reviewer").exists():
            raise ValidationError("所选人员不是省厅审核人。")
        return reviewer.unit or application.unit, reviewer
    return unit_for_step(application, target), None


# --- The one transition service ------------------------------------------------------


@transaction.atomic
def application_act(
    *,
    application: Application,
    transition: str,
    by: User,
    data: ActionInput | None = None,
) -> Application:
    """Perform one transition of the application's process (see the module)."""
    data = data or ActionInput()
    procedure = processes.procedure_for(application)
    process = procedure.process
    try:
        spec = process.transition(transition)
    except KeyError:
        raise ValidationError("该事项没有这项操作。") from None
    if application.status not in spec.source:
        current = processes.step_label(application)
        raise ValidationError(f"当前状态为“{current}”，不能执行“{spec.label}”。")
    casework.check_may_act(process=process, transition=spec, case=application, by=by)
    old_step = application.status
    target = spec.target
    now = timezone.now()
    changes = _changes(application, spec.code, target, data, now)
    if "inspectors" in spec.requires:
        _check_inspectors(data.inspectors)
    unit, assignee = _route(application, target, data)
    application.unit = unit
    for kind in spec.documents:
        issue_document(application=application, kind=kind, by=by, data=data)
    casework.case_transition(
        process=process,
        case=application,
        transition=spec.code,
        by=by,
        changes=changes,
        note=data.note[:300],
        no_recording_reason=data.no_recording_reason,
    )
    if application.assignee_id != (assignee.pk if assignee else None):
        # After the transition: while it runs the applicant must still be the
        # assignee of a case that waited for them (that is what lets them act).
        Application.objects.filter(pk=application.pk).update(assignee=assignee)
        application.assignee = assignee
    _keep_clocks(application, procedure, old_step, target, spec.code, by, data)
    if by.is_staff_member:
        owner_claim(target=application, by=by)
    after_entering(application=application, step=target, by=by)
    _tell_applicant(application, target, spec.label)
    return application


def _changes(
    application: Application,
    code: str,
    target: str,
    data: ActionInput,
    now: Any,
) -> dict[str, Any]:
    procedure = processes.procedure_for(application)
    changes: dict[str, Any] = {}
    for name in (
        "opinion",
        "inspectors",
        "site_findings",
        "customs_opinion",
        "province_opinion",
        "excluded_reason",
    ):
        value = getattr(data, name)
        if value:
            changes[name] = value.strip()
    if data.reasons:
        changes["reasons"] = "\n".join(data.reasons)
    if data.excluded_reason and data.excluded_reason not in processes.EXCLUDED_REASONS:
        raise ValidationError("请选择不计时程序的种类。")
    if target in processes.APPLICANT_STEPS:
        items = _supplement_list(application, data)
        changes["supplement_items"] = items
        changes["supplements"] = application.supplements + 1
    if code == "accept":
        changes["accepted_at"] = now
        changes["deemed_accepted"] = clocks.acceptance_overdue(application)
    step = procedure.process.step(target)
    if (step.terminal or target in procedure.done_steps) and not application.outcome:
        changes["outcome"] = target
        changes["decided_at"] = now
    return changes


def _supplement_list(application: Application, data: ActionInput) -> list[str]:
    """Everything to supply, at once (一次性告知): checklist entries by code, and
    any other point in words."""
    codes = set(
        application.item.materials.filter(
            code__in=data.supplement_materials
        ).values_list("code", flat=True)
    )
    listed = [code for code in data.supplement_materials if code in codes]
    other = [text.strip() for text in data.supplement_other if text.strip()]
    if not listed and not other:
        raise ValidationError("请一次性列明需要补正的全部材料或内容。")
    return listed + other


def _check_inspectors(text: str) -> None:
    names = [name for name in re.split(r"[、,，;；\s]+", text) if name]
    if len(names) < 2:
        raise ValidationError(
            "现场核查应由两名以上工作人员进行（行政许可法第三十四条第三款），"
            "请填写全部核查人员。"
        )


def _keep_clocks(
    application: Application,
    procedure: processes.Procedure,
    old: str,
    new: str,
    code: str,
    by: User,
    data: ActionInput,
) -> None:
    """Start, pause, resume and stop the application's clocks for this move."""
    process = procedure.process
    waiting = processes.APPLICANT_STEPS
    excluded = procedure.excluded_steps
    if code == "accept" and procedure.acceptance_clock:
        clocks.stop(application=application, step=clocks.ACCEPTANCE, by=by)
        # Not told within five working days: accepted from receipt (行政许可法
        # 第三十二条第一款第（四）项).
        started = (
            clocks.received_on(application) if application.deemed_accepted else None
        )
        clocks.start_decision(application=application, by=by, started_at=started)
    if new in ("withdrawn", "lapsed"):
        clocks.cancel_all(
            application=application,
            by=by,
            reason="申请人撤回" if new == "withdrawn" else "申请人逾期未补正",
        )
        return
    if old in waiting and new not in waiting:
        clocks.resume(application=application, by=by)
    if old in excluded and new not in excluded:
        clocks.resume(application=application, by=by)
    if new in waiting and old not in waiting:
        clocks.pause(
            application=application,
            reason=ClockPause.Reason.SUPPLEMENT,
            by=by,
            note="等待申请人补正材料",
        )
    if new in excluded and old not in excluded:
        reason = clocks.PAUSE_REASONS.get(
            data.excluded_reason or "expert_review", ClockPause.Reason.OTHER
        )
        label = processes.EXCLUDED_REASONS.get(
            data.excluded_reason or "expert_review", ""
        )
        clocks.pause(application=application, reason=reason, by=by, note=label)
    if process.step(new).terminal or new in procedure.done_steps:
        for step in (clocks.ACCEPTANCE, clocks.DECISION):
            clocks.stop(application=application, step=step, by=by)


def after_entering(*, application: Application, step: str, by: User | None) -> None:
    """Put the step on its holder's workbench; hand over where the sheet says."""
    procedure = processes.procedure_for(application)
    spec = procedure.process.step(step)
    item = application.item
    if step in processes.APPLICANT_STEPS:
        return
    if procedure.step_unit(step) == "handover":
        casework.workitem_open(
            kind="permits.handover",
            target=application,
            title=f"移交：{item.handover_label or item.name}（{application.number}）",
            step=step,
            step_label=spec.label,
            unit=application.unit,
            district=application.district,
            township=application.township,
        )
        pk, label = application.pk, item.handover_label
        transaction.on_commit(
            lambda: signals.application_handed_over.send(
                sender=Application, application_id=pk, label=label
            )
        )
        return
    if spec.terminal:
        return
    casework.workitem_open(
        kind="permits.application",
        target=application,
        title=f"{item.name}（{application.number}）：{spec.label}",
        step=step,
        step_label=spec.label,
        assignee=application.assignee,
        unit=application.unit,
        district=application.district,
        township=application.township,
        clock=clocks.open_clock(application),
    )


APPLICANT_MESSAGES = {
    "supplement": "请补正申请材料",
    "review_supplement": "请补正申请材料",
    "not_accepted": "申请不予受理",
    "granted": "申请已准予，可下载证照文书",
    "refused": "申请未予准许",
    "filed": "已予备案，可下载备案证明",
    "not_filed": "不予备案",
    "confirmed": "已审核确认",
    "relaying": "省厅已审定，待送达",
    "relayed": "审定意见已送达，可下载告知书",
    "handed_over": "已办结并移交相关单位",
    "lapsed": "逾期未补正，申请已办结",
    "withdrawn": "申请已撤回",
}


def _tell_applicant(application: Application, target: str, label: str) -> None:
    if application.applicant is None:
        return
    if target not in APPLICANT_MESSAGES and label != "受理":
        return
    message = APPLICANT_MESSAGES.get(target, "申请已受理")
    notifications.send(
        recipients=[application.applicant],
        title=f"{application.item.name}（{application.number}）：{message}",
        url=reverse("permits:my-application", args=[application.pk]),
        level=Notification.Level.INFO,
    )


# --- Documents ----------------------------------------------------------------------


def issuing_unit(application: Application) -> Unit:
    """The unit in whose name the bureau issues: the holding unit or the nearest
    unit above it with a document prefix (文号代字), else the bureau."""
    unit = application.unit or application.item.unit
    seen = 0
    while unit is not None and not unit.document_prefix and seen < 10:
        unit = unit.parent
        seen += 1
    if unit is not None and unit.document_prefix:
        return unit
    bureau = (
        Unit.objects.filter(kind=Unit.Kind.BUREAU, is_active=True)
        .exclude(document_prefix="")
        .order_by("pk")
        .first()
    )
    if bureau is None:
        raise ValidationError(
            "未设置本局文号代字，不能制发文书。请先在单位管理中设置。"
        )
    return bureau


def basis_in_force(item: ServiceItem, on: date | None = None) -> str:
    on = on or local_date(timezone.now())
    citations = [
        basis.citation() for basis in item.legal_bases.all() if basis.in_force(on)
    ]
    return "、".join(citations) or item.legal_basis_text or "有关法律法规"


def issue_document(
    *, application: Application, kind: str, by: User, data: ActionInput
) -> Any:
    context = _document_context(application, kind, by, data)
    return casework.document_issue(
        kind=kind,
        unit=issuing_unit(application),
        target=application,
        by=by,
        context=context,
    )


def _document_context(
    application: Application, kind: str, by: User, data: ActionInput
) -> dict[str, Any]:
    item = application.item
    received = local_date(clocks.received_on(application))
    base: dict[str, Any] = {
        "applicant": application.applicant_name,
        "matter": item.name,
        "received_on": received,
    }
    contact = {
        "contact": by.display_name if by.is_staff_member else "",
        "phone": by.unit.phone if by.unit else "",
    }
    answers = item_details.from_json(item.code, application.details)
    if kind == "acceptance_notice":
        limit = item.time_limit_display() if item.time_limit_amount is not None else ""
        return {**base, "time_limit": limit, **contact}
    if kind == "correction_notice":
        names = _supplement_names(application, data)
        return {**base, "materials": names, "supply_by": data.supply_by, **contact}
    if kind == "non_acceptance":
        return {**base, "reasons": data.reasons, "redirect": data.redirect, **contact}
    if kind in ("licence_refusal", "filing_refusal"):
        return {**base, "reasons": data.reasons, **contact}
    if kind == "licence_decision":
        return {
            **base,
            "basis": basis_in_force(item),
            "content": data.content or _default_content(application, answers),
            "valid_until": data.valid_until,
            "conditions": data.conditions,
            **contact,
        }
    if kind == "filing_certificate":
        return {
            **base,
            "basis": basis_in_force(item),
            "content": data.content or _default_content(application, answers),
            "conditions": data.conditions,
            **contact,
        }
    if kind == "night_construction_permit":
        return {
            "applicant": application.applicant_name,
            "project": answers.get("project", ""),
            "site": answers.get("site", ""),
            "starts_on": answers.get("starts_on"),
            "ends_on": answers.get("ends_on"),
            "hours": answers.get("hours", ""),
            "reason": f"因{application.condition}必须连续施工作业"
            if application.condition
            else "",
            "basis": basis_in_force(item),
            "conditions": data.conditions or list(NIGHT_CONDITIONS),
        }
    if kind == "ewaste_certificate":
        return {
            "applicant": application.applicant_name,
            "site": answers.get("site", ""),
            "content": data.content or answers.get("scope", ""),
            "basis": basis_in_force(item),
            "valid_until": data.valid_until,
        }
    if kind == "relay_notice":
        return {
            **base,
            "authority": getattr(
                settings, "PERMITS_PROVINCE_AUTHORITY", DEFAULT_PROVINCE_AUTHORITY
            ),
            "opinion": application.province_opinion,
            **contact,
        }
    raise ValueError(f"no context for document kind {kind!r}")


def _supplement_names(application: Application, data: ActionInput) -> list[str]:
    by_code = {
        m.code: m.name
        for m in Material.objects.filter(
            item=application.item, code__in=data.supplement_materials
        )
    }
    names = [by_code[c] for c in data.supplement_materials if c in by_code]
    return names + [text.strip() for text in data.supplement_other if text.strip()]


def _default_content(application: Application, answers: dict[str, Any]) -> str:
    parts = [
        f"{label}：{value}"
        for label, value, kind in item_details.display(
            application.item.code, application.details
        )
        if kind != "table"
    ]
    return "；".join(parts)[:500] or application.item.name


# --- Other staff actions --------------------------------------------------------------


@transaction.atomic
def application_extend(*, application: Application, by: User, reason: str) -> Clock:
    """Extend a licence's decision time by ten days with the head's approval, and
    tell the applicant why (行政许可法 第四十二条第一款). Once only."""
    procedure = processes.procedure_for(application)
    if not procedure.licensing:
        raise ValidationError("仅行政许可事项可依法延长办理期限。")
    clock = clocks.clock_of(application, clocks.DECISION)
    if clock is None or not clock.is_open:
        raise ValidationError("该申请当前没有正在计算的办理期限。")
    if not casework_selectors.may_approve_extension(by, clock):
        raise PermissionDenied("延长办理期限须经本行政机关负责人批准。")
    if clock.extensions.exists():
        raise ValidationError(
            "办理期限已延长过一次，不能再次延长（行政许可法第四十二条）。"
        )
    clock = casework.clock_extend(
        clock=clock,
        amount=LICENSING_EXTENSION,
        reason=reason,
        approved_by=by,
    )
    if application.applicant is not None:
        notifications.send(
            recipients=[application.applicant],
            title=(
                f"{application.item.name}（{application.number}）办理期限延长"
                f"{LICENSING_EXTENSION}日，理由：{reason.strip()[:80]}"
            ),
            url=reverse("permits:my-application", args=[application.pk]),
        )
    return clock


@transaction.atomic
def application_correct_on_spot(
    *, application: Application, by: User, note: str
) -> Application:
    """当场更正 (行政许可法 第三十二条第一款第（三）项; seed 000 全过程记录 第七条):
    the applicant corrected an error in the materials at the window; recorded."""
    if application.status != "submitted":
        raise ValidationError("只有待受理的申请可以登记当场更正。")
    if not note.strip():
        raise ValidationError("请写明当场更正的内容。")
    process = processes.process_for(application)
    accept = (
        process.transition("accept")
        if any(t.code == "accept" for t in process.transitions)
        else process.available("submitted")[0]
    )
    casework.check_may_act(process=process, transition=accept, case=application, by=by)
    records.append(
        action="permits.application.correct_on_spot",
        target=application,
        actor=by,
        data={"note": note.strip()[:300]},
    )
    owner_claim(target=application, by=by)
    return application
