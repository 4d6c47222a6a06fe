"""Inspections: no plan, no inspection; QR check-in; the record; the health-check
sheet; the enterprise's rating.

Rules and where they come from:
- 无计划不检查, 事前审批全覆盖 (seed 004; requirements E5): an inspection stands on a
  grid plan task or on an ad-hoc reason approved in advance.
- Positive-list enterprises (正面清单): "非必要不现场执法检查"; an on-site check
  needs the head of enforcement's approval (rules.md §6).
- The yearly cap on routine checks per enterprise (rules.md §6; the grid module's
  `routine_cap`); case-triggered checks are outside it.
- At least two officers with enforcement credentials (行政处罚法第四十二条, P20);
  grid officers never (国办发〔2024〕54号) — the grid module's `check_team`.
- 扫码入企 (E7): each officer scans in and out; the enterprise sees who came.
- 现场检查笔录 (全过程记录实施办法 第十条): officers, their credential numbers and
  whether they were shown; signed by the party or a refusal recorded (第十二条).
- On-site inspection with simultaneous audio/video (第十三条): the `finish` step.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import registry
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.grid import selectors as grid_selectors
from ecobureau.grid import services as grid_services
from ecobureau.grid.models import InspectionTask
from ecobureau.lib.dates import local_date

from .. import checklists, selectors
from ..models import (
    CheckIn,
    EnterpriseCode,
    HealthCheckSheet,
    Inspection,
    InspectionReason,
    InspectionRecord,
    VisitRating,
)
from ..processes import INSPECTION

PLAN_PERM = "enforcement.plan_inspection"
INSPECT_PERM = "enforcement.inspect"


def _require(by: User, perm: str, message: str) -> None:
    if not (by.is_active and by.is_staff_member and by.has_perm(perm)):
        raise PermissionDenied(gettext(message))


def _require_enterprise(by: User, enterprise: Enterprise) -> None:
    visible = enterprise_selectors.enterprise_list_for_user(by)
    if not visible.filter(pk=enterprise.pk).exists():
        raise PermissionDenied("该企业不在您的数据范围内。")


def _text(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(gettext("请填写%(label)s。") % {"label": gettext(label)})
    return value


def _require_officer(by: User, inspection: Inspection) -> None:
    if not selectors.is_officer(by, inspection):
        raise PermissionDenied("您不是本次检查的执法人员。")


def _require_status(inspection: Inspection, *statuses: str) -> None:
    if inspection.status not in statuses:
        label = INSPECTION.step(inspection.status).label
        raise ValidationError(
            gettext("该检查当前为“%(status)s”，不能进行此项操作。")
            % {"status": gettext(label)}
        )


# --- The enterprise's QR code ---------------------------------------------------------


@transaction.atomic
def code_issue(
    *, enterprise: Enterprise, by: User, reissue: bool = False
) -> EnterpriseCode:
    """Issue the enterprise's code, or return the one it has; `reissue` replaces
    the token (a lost or copied code stops working at once)."""
    _require(by, PLAN_PERM, gettext_noop("您无权签发企业执法二维码。"))
    _require_enterprise(by, enterprise)
    existing = EnterpriseCode.objects.select_for_update().filter(enterprise=enterprise)
    code = existing.first()
    if code is not None and not reissue:
        return code
    token = secrets.token_urlsafe(18)
    now = timezone.now()
    if code is None:
        code = EnterpriseCode.objects.create(
            enterprise=enterprise, token=token, issued_at=now, issued_by=by
        )
    else:
        code.token, code.issued_at, code.issued_by = token, now, by
        code.save(update_fields=["token", "issued_at", "issued_by"])
    records.append(
        action="enforcement.code_issue",
        target=enterprise,
        actor=by,
        data={"reissue": bool(reissue)},
    )
    return code


# --- Ad-hoc reasons -------------------------------------------------------------------


@transaction.atomic
def reason_request(
    *,
    enterprise: Enterprise,
    source: str,
    reason: str,
    by: User,
    source_id: int | None = None,
    reference: str = "",
) -> InspectionReason:
    """Propose an ad-hoc inspection for approval (承办→审核→批准).

    A complaint, a monitoring clue or a grid report is named by its number and
    must be one the proposer may see, about this enterprise. A positive-list
    enterprise's check is approved by the head of enforcement only.
    """
    _require(by, PLAN_PERM, gettext_noop("您无权提请临时现场检查。"))
    _require_enterprise(by, enterprise)
    if source not in InspectionReason.Source.values:
        raise ValidationError("请选择检查事由来源。")
    reason = _text(reason, gettext_noop("检查必要性说明"))
    reference = reference.strip()
    source_type = InspectionReason.SOURCE_TARGETS.get(
        InspectionReason.Source(source), ""
    )
    if source_type:
        if source_id is None:
            raise ValidationError("请填写来源编号（投诉、线索或网格问题的编号）。")
        try:
            obj = registry.target_get_for_user(by, source_type, source_id)
        except (Http404, PermissionDenied):
            raise ValidationError(
                gettext("编号%(id)s的来源不存在或不在您的数据范围内。")
                % {"id": source_id}
            ) from None
        other = getattr(obj, "enterprise_id", None)
        if other is not None and other != enterprise.pk:
            raise ValidationError("该来源所涉企业与所选企业不一致。")
    elif not reference:
        raise ValidationError("请填写来源说明（上级交办文号或无人机巡查航次）。")
    listed = enterprise.pk in grid_selectors.listed_enterprise_ids()
    item = InspectionReason.objects.create(
        enterprise=enterprise,
        source=source,
        source_type=source_type,
        source_id=str(source_id) if source_type else "",
        reference=reference,
        reason=reason,
        listed=listed,
        requested_by=by,
        unit_id=by.unit_id,
        district_id=enterprise.district_id,
        township_id=enterprise.township_id,
    )
    records.append(
        action="enforcement.reason_request",
        target=item,
        actor=by,
        after={"enterprise": enterprise.pk, "source": source, "listed": listed},
    )
    approvers = (
        ["enforcement_head"] if listed else ["enforcement_head", "sub_bureau_head"]
    )
    casework_services.approval_propose(
        target=item,
        subject=InspectionReason.SUBJECT,
        proposal=(
            "拟对该正面清单企业开展现场检查（非必要不现场执法检查）。"
            if listed
            else "拟对该企业开展现场检查。"
        ),
        reasons=reason,
        by=by,
        approver_roles=approvers,
    )
    return item


# --- Planning the inspection ---------------------------------------------------------


def _check_plan_task(task: InspectionTask, today_year: int) -> bool:
    """Raise unless the grid task may carry an on-site inspection; return whether
    it counts against the yearly cap."""
    if task.status != InspectionTask.Status.PLANNED:
        raise ValidationError("该检查计划任务已完成或已取消。")
    if task.kind not in InspectionTask.ONSITE_KINDS:
        raise ValidationError("该检查计划任务为非现场检查，不能据此入企检查。")
    routine = task.kind in InspectionTask.ROUTINE_KINDS
    enterprise = task.enterprise
    if routine:
        if enterprise.pk in grid_selectors.listed_enterprise_ids() and (
            enterprise.pk not in grid_selectors.approved_listed_requests(task.year)
        ):
            raise ValidationError(
                "该企业在监督执法正面清单内，现场检查须经执法机构负责人批准。"
            )
        done = selectors.routine_inspections_count(enterprise, task.year)
        cap = grid_selectors.routine_cap()
        if done >= cap:
            raise ValidationError(
                gettext(
                    "该企业%(year)s年日常现场检查已达%(done)s次，达到年度上限%(cap)s次"
                    "（投诉举报、数据线索等个案检查不受此限）。"
                )
                % {"year": task.year, "done": done, "cap": cap}
            )
    if Inspection.objects.filter(plan_task=task).exclude(status="cancelled").exists():
        raise ValidationError("该检查计划任务已安排现场检查。")
    return routine


@transaction.atomic
def inspection_plan(
    *,
    by: User,
    officers: Sequence[User],
    task: InspectionTask | None = None,
    reason: InspectionReason | None = None,
) -> Inspection:
    """Arrange an on-site inspection on a plan task or an approved reason."""
    _require(by, PLAN_PERM, gettext_noop("您无权安排现场检查。"))
    if (task is None) == (reason is None):
        raise ValidationError(
            "现场检查须依据检查计划任务或经批准的临时检查事由（无计划不检查）。"
        )
    if task is not None:
        enterprise = task.enterprise
        _require_enterprise(by, enterprise)
        routine = _check_plan_task(task, task.year)
        year = task.year
    else:
        assert reason is not None
        enterprise = reason.enterprise
        _require_enterprise(by, enterprise)
        if not selectors.reason_is_approved(reason):
            raise ValidationError(
                "该临时检查事由尚未经批准，不能入企检查（事前审批）。"
            )
        routine = False
        year = local_date(timezone.now()).year
    officers = list({user.pk: user for user in officers}.values())
    grid_services.check_team(inspectors=officers, enterprise=enterprise, onsite=True)
    inspection = Inspection.objects.create(
        enterprise=enterprise,
        year=year,
        basis=Inspection.Basis.PLAN if task else Inspection.Basis.REASON,
        plan_task=task,
        reason=reason,
        routine=routine,
        created_by=by,
        district_id=enterprise.district_id,
        township_id=enterprise.township_id,
        unit_id=officers[0].unit_id,
        assignee=officers[0],
    )
    inspection.officers.set(officers)
    casework_services.case_start(
        process=INSPECTION, case=inspection, step="planned", by=by
    )
    records.append(
        action="enforcement.inspection_plan",
        target=inspection,
        actor=by,
        after={
            "enterprise": enterprise.pk,
            "basis": inspection.basis,
            "plan_task": task.pk if task else None,
            "reason": reason.pk if reason else None,
            "officers": sorted(user.pk for user in officers),
            "routine": routine,
        },
    )
    return inspection


@transaction.atomic
def inspection_cancel(*, inspection: Inspection, reason: str, by: User) -> Inspection:
    casework_services.case_transition(
        process=INSPECTION,
        case=inspection,
        transition="cancel",
        by=by,
        changes={"cancel_reason": _text(reason, gettext_noop("取消理由"))},
    )
    return inspection


# --- 扫码入企 -------------------------------------------------------------------------


def _lock(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().get(pk=inspection.pk)


@transaction.atomic
def inspection_check_in(
    *, inspection: Inspection, by: User, token: str, at: datetime | None = None
) -> CheckIn:
    """An officer scans the enterprise's code on arrival. The code must be this
    enterprise's; the officer must be on the team and hold a valid credential.
    When the second officer has scanned in, the inspection is under way."""
    inspection = _lock(inspection)
    code = selectors.code_for(inspection.enterprise)
    if code is None or not secrets.compare_digest(code.token, token):
        raise ValidationError("二维码与被检查企业不符，请扫描该企业的执法二维码。")
    _require_officer(by, inspection)
    _require_status(inspection, "planned", "on_site")
    if not grid_selectors.qualified_inspectors().filter(pk=by.pk).exists():
        raise PermissionDenied("您未持有有效的执法证件，不能入企检查。")
    now = at or timezone.now()
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(
                inspection=inspection,
                officer=by,
                officer_name=by.display_name,
                credential_no=by.credential_no,
                in_at=now,
            )
    except IntegrityError:
        raise ValidationError("您已扫码入企，无需重复签到。") from None
    records.append(
        action="enforcement.check_in",
        target=inspection,
        actor=by,
        data={"checkin": checkin.pk},
    )
    arrived = inspection.checkins.count()
    if inspection.status == "planned" and arrived >= grid_selectors.team_size():
        inspection.arrived_at = now
        casework_services.case_transition(
            process=INSPECTION,
            case=inspection,
            transition="arrive",
            by=by,
            changes={"arrived_at": now},
        )
    return checkin


@transaction.atomic
def inspection_check_out(
    *, inspection: Inspection, by: User, token: str, at: datetime | None = None
) -> CheckIn:
    inspection = _lock(inspection)
    code = selectors.code_for(inspection.enterprise)
    if code is None or not secrets.compare_digest(code.token, token):
        raise ValidationError("二维码与被检查企业不符，请扫描该企业的执法二维码。")
    checkin = CheckIn.objects.filter(inspection=inspection, officer=by).first()
    if checkin is None:
        raise ValidationError("您尚未扫码入企。")
    if checkin.out_at is not None:
        raise ValidationError("您已扫码离企。")
    checkin.out_at = at or timezone.now()
    if checkin.out_at < checkin.in_at:
        raise ValidationError("离企时间不能早于入企时间。")
    checkin.save(update_fields=["out_at"])
    records.append(
        action="enforcement.check_out",
        target=inspection,
        actor=by,
        data={"checkin": checkin.pk},
    )
    return checkin


# --- The record, photos and recordings -----------------------------------------------


@dataclass(frozen=True)
class ChecklistAnswer:
    item: str
    result: str  # checklists.RESULTS
    note: str = ""


@transaction.atomic
def inspection_record_save(
    *,
    inspection: Inspection,
    by: User,
    checklist: str,
    answers: Sequence[ChecklistAnswer],
    findings: str,
    present_name: str,
    credentials_shown: bool,
    present_title: str = "",
    rights_told: str = "",
    party_signed: bool = False,
    refusal: str = "",
) -> InspectionRecord:
    """Write (or rewrite, while on site) the 现场检查笔录 from a checklist."""
    inspection = _lock(inspection)
    _require_officer(by, inspection)
    _require_status(inspection, "on_site")
    if checklist not in checklists.CHECKLISTS:
        raise ValidationError("请选择检查清单。")
    items = checklists.CHECKLISTS[checklist].items
    given = {answer.item: answer for answer in answers}
    unknown = set(given) - set(items)
    if unknown:
        raise ValidationError("检查项目与所选清单不符。")
    missing = [item for item in items if item not in given]
    if missing:
        raise ValidationError(
            gettext("请逐项填写检查结果：%(item)s") % {"item": gettext(missing[0])}
        )
    rows = []
    for item in items:
        answer = given[item]
        if answer.result not in checklists.RESULTS:
            raise ValidationError(
                gettext("检查结果无效：%(item)s") % {"item": gettext(item)}
            )
        if answer.result == "problem" and not answer.note.strip():
            raise ValidationError(
                gettext("存在问题的项目须说明具体情况：%(item)s")
                % {"item": gettext(item)}
            )
        rows.append(
            {"item": item, "result": answer.result, "note": answer.note.strip()}
        )
    if not credentials_shown:
        raise ValidationError("执法人员应当主动出示执法证件，并在笔录中记录出示情况。")
    refusal = refusal.strip()
    if not party_signed and not refusal:
        raise ValidationError("当事人未签字的，须记录拒绝签字或拒绝接受检查的情况。")
    values = {
        "checklist": checklist,
        "items": rows,
        "findings": _text(findings, gettext_noop("现场检查情况")),
        "present_name": _text(present_name, gettext_noop("在场人员姓名")),
        "present_title": present_title.strip(),
        "credentials_shown": True,
        "rights_told": rights_told.strip(),
        "party_signed": party_signed,
        "refusal": refusal,
        "written_by": by,
        "written_at": timezone.now(),
    }
    record, created = InspectionRecord.objects.update_or_create(
        inspection=inspection, defaults=values
    )
    records.append(
        action="enforcement.record_save",
        target=inspection,
        actor=by,
        data={
            "checklist": checklist,
            "problems": record.problem_count,
            "party_signed": party_signed,
            "rewritten": not created,
        },
    )
    return record


@transaction.atomic
def inspection_file_add(
    *,
    inspection: Inspection,
    by: User,
    file: File[bytes],
    kind: str,
    note: str = "",
    captured_at: datetime | None = None,
) -> Attachment:
    """A photo, audio or video taken on site, attached to the inspection."""
    inspection = _lock(inspection)
    _require_officer(by, inspection)
    _require_status(inspection, "planned", "on_site")
    if kind not in (
        Attachment.Kind.PHOTO,
        Attachment.Kind.AUDIO,
        Attachment.Kind.VIDEO,
    ):
        raise ValidationError("现场检查只能上传照片、录音或录像。")
    return casework_services.attachment_add(
        file=file,
        target=inspection,
        kind=kind,
        by=by,
        note=note,
        captured_at=captured_at,
    )


# --- The health-check sheet -----------------------------------------------------------


@dataclass(frozen=True)
class HealthItem:
    problem: str
    requirement: str  # the rule explained to the enterprise
    fixed: bool  # 立行立改: fixed on the spot


@transaction.atomic
def healthcheck_issue(
    *, inspection: Inspection, by: User, items: Sequence[HealthItem], advice: str
) -> HealthCheckSheet:
    """Fill in the 生态环境体检单 for problems fixed on the spot. It opens no case;
    a problem not fixed on the spot must be handled as a violation instead."""
    inspection = _lock(inspection)
    _require_officer(by, inspection)
    _require_status(inspection, "on_site")
    rows = []
    for item in items:
        problem = item.problem.strip()
        if not problem:
            continue
        if not item.fixed:
            raise ValidationError(
                gettext(
                    "“%(problem)s”未能立行立改，不适用体检单，应依法责令改正或立案查处。"
                )
                % {"problem": problem}
            )
        rows.append(
            {
                "problem": problem,
                "requirement": _text(
                    item.requirement, gettext_noop("相关环境管理要求")
                ),
                "fixed": True,
            }
        )
    if not rows:
        raise ValidationError("请填写至少一项立行立改的问题。")
    try:
        with transaction.atomic():
            sheet = HealthCheckSheet.objects.create(
                inspection=inspection,
                items=rows,
                advice=_text(advice, gettext_noop("环境管理要求说明")),
                issued_by=by,
                issued_at=timezone.now(),
            )
    except IntegrityError:
        raise ValidationError("本次检查已填写生态环境体检单。") from None
    records.append(
        action="enforcement.healthcheck_issue",
        target=inspection,
        actor=by,
        data={"items": len(rows)},
    )
    return sheet


# --- Finishing and rating -----------------------------------------------------------


def _finish_check(inspection: Inspection, changes: dict[str, object]) -> None:
    if not InspectionRecord.objects.filter(inspection=inspection).exists():
        raise ValidationError("请先完成现场检查笔录。")
    rows = list(inspection.checkins.all())
    if any(row.out_at is None for row in rows):
        raise ValidationError("尚有执法人员未扫码离企。")
    if len(rows) < grid_selectors.team_size():
        raise ValidationError("扫码入企的执法人员不足两人。")


FINISH = INSPECTION.transition("finish")


@transaction.atomic
def inspection_finish(
    *, inspection: Inspection, by: User, no_recording_reason: str = ""
) -> Inspection:
    """Close the on-site inspection: the record written, everyone scanned out, and
    the audio/video recording stored (or the reason it was unsuitable). A plan
    task is completed in the grid module with the inspection's result."""
    _require_officer(by, inspection)
    inspection = _lock(inspection)
    _require_status(inspection, "on_site")
    _finish_check(inspection, {})
    now = timezone.now()
    casework_services.case_transition(
        process=INSPECTION,
        case=inspection,
        transition="finish",
        by=by,
        changes={"finished_at": now},
        no_recording_reason=no_recording_reason,
    )
    if inspection.plan_task_id is not None:
        record = InspectionRecord.objects.get(inspection=inspection)
        result = f"现场检查#{inspection.pk}：{record.findings}"
        grid_services.task_complete(
            task=InspectionTask.objects.get(pk=inspection.plan_task_id),
            done_on=local_date(now),
            result=result,
            by=by,
        )
    return inspection


@transaction.atomic
def inspection_rate(
    *,
    inspection: Inspection,
    by: User,
    overall: str,
    credentials_shown: bool,
    civil: bool,
    comment: str = "",
) -> VisitRating:
    """The enterprise rates a finished visit, once (执法检查满意度调查)."""
    inspection = _lock(inspection)
    enterprise = enterprise_selectors.enterprise_for_account(by)
    if enterprise is None or enterprise.pk != inspection.enterprise_id:
        raise PermissionDenied("只有被检查企业可以评价本次检查。")
    if inspection.status != "done":
        raise ValidationError("检查结束后方可评价。")
    if overall not in VisitRating.Overall.values:
        raise ValidationError("请选择总体评价。")
    comment = comment.strip()
    if overall == VisitRating.Overall.UNSATISFIED and not comment:
        raise ValidationError("选择“不满意”的，请说明原因，以便核实回访。")
    try:
        with transaction.atomic():
            rating = VisitRating.objects.create(
                inspection=inspection,
                rated_by=by,
                overall=overall,
                credentials_shown=credentials_shown,
                civil=civil,
                comment=comment,
                rated_at=timezone.now(),
            )
    except IntegrityError:
        raise ValidationError("本次检查已评价。") from None
    records.append(
        action="enforcement.rate",
        target=inspection,
        actor=by,
        data={
            "overall": overall,
            "credentials_shown": credentials_shown,
            "civil": civil,
        },
    )
    return rating
