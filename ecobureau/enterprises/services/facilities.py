"""Pollution-control facilities (污染防治设施) of an enterprise: added, edited, and
their status changed, each write recorded on the enterprise's file (requirement
A92; seed 000 与群众互动 8 "依法公开……污染防治设施建设和运行情况").

Two kinds of people write: the enterprise itself, through its verified account
(the discloser of its own facilities), and staff who may change the enterprise
file inside their data scope. A change to 停运 or 拆除 must give its reason: the law
forbids running a facility abnormally to evade supervision (环境保护法 第四十二条;
seed 000 举报奖励 第六条（十一）（十二） "不正常运行水/大气污染防治设施"), so
every stop stays on file with its date and why.
"""

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises import selectors
from ecobureau.enterprises.models import (
    Enterprise,
    Facility,
    FacilityStatusChange,
    Outlet,
)
from ecobureau.lib.dates import local_date

from .enterprise import _changes, _require_change, _snapshot

# Statuses that need a reason (环境保护法 第四十二条: no abnormal running).
REASON_NEEDED = frozenset({Facility.Status.STOPPED, Facility.Status.REMOVED})


@dataclass
class FacilityData:
    """What describes a facility, as the form gives it (the status aside)."""

    name: str
    kind: str
    pollutants: str
    process: str = ""
    capacity: Decimal | None = None
    capacity_unit: str = ""
    outlet: Outlet | None = None
    built_on: date | None = None
    commissioned_on: date | None = None


FACILITY_FIELDS = tuple(f.name for f in fields(FacilityData))


def facility_may_write(user: User, enterprise: Enterprise) -> bool:
    """Whether this person may add or change the enterprise's facilities."""
    try:
        _require_writer(user, enterprise)
    except PermissionDenied:
        return False
    return True


def _require_writer(by: User, enterprise: Enterprise) -> None:
    if not by.is_authenticated or not by.is_active:
        raise PermissionDenied("请先登录。")
    if by.kind == User.Kind.ENTERPRISE:
        own = selectors.enterprise_for_account(by)
        if own is None or own.pk != enterprise.pk:
            raise PermissionDenied("只有本企业已核验的账户可以填报污染防治设施。")
        return
    if not by.is_staff_member:
        raise PermissionDenied("您无权填报污染防治设施。")
    _require_change(by, enterprise)


def _today() -> date:
    return local_date(timezone.now())


def _check(enterprise: Enterprise, data: FacilityData) -> None:
    errors: dict[str, str] = {}
    data.name = data.name.strip()
    data.pollutants = data.pollutants.strip()
    data.process = data.process.strip()
    data.capacity_unit = data.capacity_unit.strip()
    if not data.name:
        errors["name"] = "请填写设施名称。"
    if not data.pollutants:
        errors["pollutants"] = "请填写治理的污染物。"
    if data.capacity is not None and data.capacity <= 0:
        errors["capacity"] = "设计处理能力应大于0。"
    elif data.capacity is not None and not data.capacity_unit:
        errors["capacity_unit"] = "请填写设计处理能力的单位。"
    if data.outlet is not None and data.outlet.enterprise_id != enterprise.pk:
        errors["outlet"] = "排放口不属于该企业。"
    today = _today()
    for name in ("built_on", "commissioned_on"):
        day = getattr(data, name)
        if day is not None and day > today:
            errors[name] = "日期不能晚于今天。"
    if (
        data.built_on
        and data.commissioned_on
        and data.commissioned_on < data.built_on
        and "commissioned_on" not in errors
    ):
        errors["commissioned_on"] = "投运日期不能早于建成日期。"
    if errors:
        raise ValidationError(errors)


def _check_status(
    *, status: str, on: date, reason: str, commissioned_on: date | None
) -> str:
    if status not in Facility.Status.values:
        raise ValidationError({"status": "运行状态无效。"})
    if on > _today():
        raise ValidationError({"on": "状态日期不能晚于今天。"})
    reason = reason.strip()
    if status in REASON_NEEDED and not reason:
        raise ValidationError(
            {"reason": "设施停运或拆除必须说明原因（环境保护法第四十二条）。"}
        )
    if status == Facility.Status.RUNNING and commissioned_on is None:
        raise ValidationError({"status": "正常运行的设施请先填写投运日期。"})
    return reason


@transaction.atomic
def facility_add(
    *,
    enterprise: Enterprise,
    data: FacilityData,
    status: str,
    on: date,
    by: User,
    reason: str = "",
) -> Facility:
    """Add a facility in the status it is in since `on`; the first history row
    records that status."""
    _require_writer(by, enterprise)
    _check(enterprise, data)
    reason = _check_status(
        status=status, on=on, reason=reason, commissioned_on=data.commissioned_on
    )
    facility = Facility.objects.create(
        enterprise=enterprise,
        status=status,
        status_since=on,
        **{name: getattr(data, name) for name in FACILITY_FIELDS},
    )
    FacilityStatusChange.objects.create(
        facility=facility, new_status=status, changed_on=on, reason=reason, by=by
    )
    records.append(
        action="enterprise.facility_add",
        target=enterprise,
        actor=by,
        after={**_snapshot(facility, FACILITY_FIELDS), "status": status, "on": on},
        data={"facility": facility.pk, "reason": reason},
    )
    return facility


@transaction.atomic
def facility_update(*, facility: Facility, data: FacilityData, by: User) -> Facility:
    """Change what describes a facility; its status has its own service."""
    enterprise = facility.enterprise
    _require_writer(by, enterprise)
    if facility.status == Facility.Status.REMOVED:
        raise ValidationError("设施已拆除，不能再修改。")
    _check(enterprise, data)
    if facility.status == Facility.Status.RUNNING and data.commissioned_on is None:
        raise ValidationError({"commissioned_on": "正常运行的设施须有投运日期。"})
    before = _snapshot(facility, FACILITY_FIELDS)
    for name in FACILITY_FIELDS:
        setattr(facility, name, getattr(data, name))
    old, new, _ = _changes(before, _snapshot(facility, FACILITY_FIELDS))
    if not old:
        return facility
    facility.save(update_fields=[*old, "updated_at"])
    records.append(
        action="enterprise.facility_update",
        target=enterprise,
        actor=by,
        before=old,
        after=new,
        data={"facility": facility.pk},
    )
    return facility


@transaction.atomic
def facility_status_change(
    *,
    facility: Facility,
    status: str,
    on: date,
    reason: str,
    by: User,
    failure_id: int | None = None,
) -> Facility:
    """Move a facility to a new status from `on`, keeping the change as history.

    1. The new status differs from the current one; 拆除 is final.
    2. `on` is not before the current status began, nor after today.
    3. 停运 and 拆除 need a reason (环境保护法 第四十二条).
    4. A stop may name the enterprise's failure report (monitoring, A98) that
       lies around it and that the writer may see.
    5. The row is claimed with a conditional update, so two people changing the
       same facility at once cannot both succeed from the same old status.
    """
    _require_writer(by, facility.enterprise)
    old_status = facility.status
    if old_status == Facility.Status.REMOVED:
        raise ValidationError("设施已拆除，不能再变更状态。")
    if status == old_status:
        raise ValidationError({"status": "新状态与当前状态相同。"})
    reason = _check_status(
        status=status, on=on, reason=reason, commissioned_on=facility.commissioned_on
    )
    if on < facility.status_since:
        raise ValidationError(
            {"on": f"状态日期不能早于当前状态的起始日期（{facility.status_since}）。"}
        )
    failure_text = _failure_text(facility, status=status, on=on, by=by, pk=failure_id)
    now = timezone.now()
    claimed = Facility.objects.filter(pk=facility.pk, status=old_status).update(
        status=status, status_since=on, updated_at=now
    )
    if not claimed:
        raise ValidationError("该设施刚被他人修改，请刷新后重试。")
    facility.status, facility.status_since, facility.updated_at = status, on, now
    FacilityStatusChange.objects.create(
        facility=facility,
        old_status=old_status,
        new_status=status,
        changed_on=on,
        reason=reason,
        failure_id=failure_id,
        failure_text=failure_text,
        by=by,
    )
    data: dict[str, object] = {"facility": facility.pk, "reason": reason}
    if failure_id is not None:
        data["failure"] = failure_id
    records.append(
        action="enterprise.facility_status",
        target=facility.enterprise,
        actor=by,
        before={"status": old_status},
        after={"status": status, "on": on},
        data=data,
    )
    return facility


def _failure_text(
    facility: Facility, *, status: str, on: date, by: User, pk: int | None
) -> str:
    """The label of the failure report a stop names, checked: the enterprise's
    own, around the stop, and visible to the writer."""
    if pk is None:
        return ""
    if status != Facility.Status.STOPPED:
        raise ValidationError({"failure_id": "只有停运可以关联设施故障报告。"})
    reports = selectors.failures_around(by, facility.enterprise, since=on)
    for report in reports:
        if report.id == pk:
            return report.label[:200]
    raise ValidationError(
        {
            "failure_id": "所选故障报告不是本企业在停运日期前后"
            f"（{selectors.FAILURE_LEAD_DAYS}日内）的报告，或您无权查看。"
        }
    )
