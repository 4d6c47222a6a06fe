"""自动监控设备安装及变更备案 (seed 000 其他行政权力事项 2; requirements A11).

The enterprise (or staff on its behalf) files within 5 working days of the
acceptance (验收完5个工作日内报备) with the acceptance report and opinion
(办理要件: 验收报告及验收意见); the enforcement team or the sub-bureau decides
the same day (办结时限: 当天). Filing it registers or updates the instrument.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Attachment
from ecobureau.enterprises.models import Enterprise, Outlet
from ecobureau.lib import workdays
from ecobureau.lib.dates import SHANGHAI

from ..models import Filing, Instrument
from ..processes import FILING
from . import instruments

FILING_WORKDAYS = 5  # 验收完5个工作日内报备
OFFICE_CLOSES = time(17, 30)  # a filing received later is due the next working day
BASIS_DUE = (
    "鞍山市生态环境局服务事项“自动监控设备安装及变更备案”：验收完5个工作日内报备"
)
BASIS_DECISION = "同一服务事项：办结时限“当天”"


@dataclass(frozen=True)
class FilingData:
    kind: str
    outlet: Outlet
    mn: str
    vendor: str
    model_name: str
    description: str
    accepted_on: date
    operator_name: str = ""
    instrument: Instrument | None = None


def filing_due(accepted_on: date) -> date:
    """The last day to file: the 5th working day after acceptance."""
    result = workdays.deadline(
        start=accepted_on,
        amount=FILING_WORKDAYS,
        unit="workdays",
        calendar=workdays.Calendar(),
    )
    return result.due


def _may_file_for(by: User, enterprise: Enterprise) -> bool:
    if by.kind == User.Kind.ENTERPRISE:
        return enterprise.accounts.filter(user=by, verified=True).exists()
    from .. import selectors

    return by.is_staff_member and selectors.enterprise_in_scope(by, enterprise.pk)


def _number(now: datetime) -> str:
    prefix = f"BA{now.astimezone(SHANGHAI):%Y}"
    last = (
        Filing.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    serial = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{serial:05d}"


@transaction.atomic
def filing_submit(
    *,
    data: FilingData,
    report: File[bytes],
    by: User,
    now: datetime | None = None,
) -> Filing:
    """File an installation or change with the acceptance report attached.

    1. Check the filer acts for the enterprise, the outlet, the MN and the
       dates; a filing after the 5-working-day limit is accepted and marked late.
    2. Create the filing, attach the report (stored by content, on the record).
    3. Start the same-day clock and put the item on the unit's workbench.
    """
    now = now or timezone.now()
    enterprise = data.outlet.enterprise
    if not _may_file_for(by, enterprise):
        raise PermissionDenied("您不能为该企业提交备案。")
    if data.kind not in Filing.Kind.values:
        raise ValidationError("请选择备案类型。")
    today = now.astimezone(SHANGHAI).date()
    if data.accepted_on > today:
        raise ValidationError("验收日期不能晚于今天。")
    mn = data.mn.strip()
    if not mn:
        raise ValidationError("请填写设备唯一标识MN。")
    if data.kind == Filing.Kind.INSTALL:
        if Instrument.objects.filter(mn=mn).exists():
            raise ValidationError(f"MN“{mn}”已登记，设施更换或变更请选择“变更”。")
    elif data.instrument is None or data.instrument.outlet_id != data.outlet.pk:
        raise ValidationError("变更备案须选择该排放口上已登记的设施。")
    if not data.description.strip():
        raise ValidationError("请填写安装或变更内容。")
    due = filing_due(data.accepted_on)
    filing = Filing.objects.create(
        number=_number(now),
        kind=data.kind,
        enterprise=enterprise,
        outlet=data.outlet,
        instrument=data.instrument,
        mn=mn,
        vendor=data.vendor.strip(),
        model_name=data.model_name.strip(),
        operator_name=data.operator_name.strip(),
        description=data.description.strip(),
        accepted_on=data.accepted_on,
        due_on=due,
        late=today > due,
        submitted_by=by,
        submitted_at=now,
        district_id=enterprise.district_id,
        township_id=enterprise.township_id,
        unit_id=enterprise.supervising_unit_id,
        status="",
    )
    casework.attachment_add(
        file=report,
        target=filing,
        kind=Attachment.Kind.SCAN,
        by=by,
        note="验收报告及验收意见",
    )
    casework.case_start(process=FILING, case=filing, step="submitted", by=by)
    start = now
    local = now.astimezone(SHANGHAI)
    if local.time() >= OFFICE_CLOSES:
        start = datetime.combine(local.date() + timedelta(days=1), time(0), SHANGHAI)
    clock = casework.clock_start(
        target=filing,
        step="submitted",
        label="备案办理时限（当天）",
        amount=0,
        unit="days",
        by=by,
        basis=BASIS_DECISION,
        started_at=start,
        end_time=OFFICE_CLOSES,
        responsible_unit=filing.unit,
        district=filing.district,
        township=filing.township,
    )
    casework.workitem_open(
        kind=FILING.model,
        target=filing,
        title=f"自动监控设施备案：{enterprise.name} {data.outlet.code}",
        step="submitted",
        step_label=FILING.step("submitted").label,
        unit=filing.unit,
        district=filing.district,
        township=filing.township,
        clock=clock,
    )
    return filing


@transaction.atomic
def filing_file(*, filing: Filing, opinion: str, by: User) -> Filing:
    """备案: record the decision and register (install) or update (change) the
    instrument the filing describes."""
    if not Attachment.objects.filter(
        target_type=filing._meta.label_lower, target_id=filing.pk
    ).exists():
        raise ValidationError("缺少验收报告及验收意见，不能备案。")
    casework.case_transition(
        process=FILING,
        case=filing,
        transition="file",
        by=by,
        changes={"opinion": opinion.strip(), "decided_at": timezone.now()},
        note=opinion.strip()[:200],
    )
    data = instruments.InstrumentData(
        mn=filing.mn,
        name=f"{filing.outlet.name}自动监控设施",
        vendor=filing.vendor,
        model_name=filing.model_name,
        system_code="32" if filing.outlet.kind == "water" else "31",
        accepted_on=filing.accepted_on,
        installed_on=filing.accepted_on,
        note=f"备案{filing.number}",
    )
    if filing.kind == Filing.Kind.INSTALL:
        instrument = instruments.instrument_register(
            outlet=filing.outlet, data=data, by=None
        )
        filing.instrument = instrument
        filing.save(update_fields=["instrument", "updated_at"])
    else:
        assert filing.instrument is not None
        current = filing.instrument
        data = instruments.InstrumentData(
            **{**data.__dict__, "operator": current.operator, "note": data.note}
        )
        instruments.instrument_update(instrument=current, data=data, by=None)
    return filing


@transaction.atomic
def filing_return(*, filing: Filing, opinion: str, by: User) -> Filing:
    """退回: the filing is incomplete or wrong; the opinion says what to correct."""
    casework.case_transition(
        process=FILING,
        case=filing,
        transition="return",
        by=by,
        changes={"opinion": opinion.strip(), "decided_at": timezone.now()},
        note=opinion.strip()[:200],
    )
    return filing
