"""EIA reports with their national-platform project number and 情况表 (A102), and
the enforcement case for a serious misconduct penalty (A105)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enforcement.models import EnforcementCase
from ecobureau.enforcement.services import cases as enforcement_cases
from ecobureau.enterprises import selectors as enterprise_selectors

from .. import rules
from ..models import ConductRecord, EiaReport, EiaStaff, EiaUnit
from ._common import _not_future, _require, _text

MANAGE_EIA = "engagement.manage_eia"


@transaction.atomic
def eia_report_register(
    *, by: User, unit: EiaUnit, project: str, lead_author: EiaStaff
) -> EiaReport:
    """Register a report a unit is compiling. Its lead author (编制主持人) must be
    on the unit's staff, full-time and certified (管理规定 二（一）2)."""
    _require(by, MANAGE_EIA)
    if lead_author.unit_id != unit.pk or lead_author.left_on is not None:
        raise ValidationError("编制主持人须为该单位的在职人员。")
    if not (
        lead_author.lead_author
        and lead_author.full_time
        and lead_author.engineer_certificate
    ):
        raise ValidationError(
            "编制主持人必须为全职并具有环境影响评价工程师职业资格证书（管理规定 二（一）2）。"
        )
    report = EiaReport.objects.create(
        unit=unit,
        project=_text(project, "建设项目名称"),
        lead_author=lead_author,
        created_by=by,
    )
    records.append(
        action="engagement.eiareport.register",
        target=report,
        actor=by,
        after={"unit": unit.pk, "lead_author": lead_author.pk},
    )
    return report


@transaction.atomic
def eia_report_return(
    *, by: User, report: EiaReport, returned_on: date, reason: str
) -> EiaReport:
    """Record one return for revision (退改) of a submitted report. The return
    that takes the count past rules.RETURNS_LIMIT (the 4th) registers the conduct
    event 三（一）5 for the unit, once per report, to be verified and decided by
    someone else (criticism, points on the EIA credit platform, report up: A104)."""
    _require(by, MANAGE_EIA)
    report = EiaReport.objects.select_for_update().get(pk=report.pk)
    if report.status != EiaReport.Status.SUBMITTED:
        raise ValidationError("只有已报批的环评文件可以登记退改。")
    _not_future(returned_on, "退改日期")
    if report.submitted_on and returned_on < report.submitted_on:
        raise ValidationError("退改日期不能早于报批日期。")
    reason = _text(reason, "退改原因")
    report.returns += 1
    report.save(update_fields=["returns"])
    records.append(
        action="engagement.eiareport.return",
        target=report,
        actor=by,
        before=report.returns - 1,
        after=report.returns,
    )
    if (
        report.returns > rules.RETURNS_LIMIT
        and not report.conduct_records.filter(kind="returned_over_3").exists()
    ):
        record = ConductRecord.objects.create(
            unit=report.unit,
            kind="returned_over_3",
            occurred_on=returned_on,
            project=report.project,
            facts=(
                f"环评文件“{report.project}”（项目编号{report.project_number}）"
                f"第{report.returns}次退改：{reason}"
            ),
            eia_report=report,
            registered_by=by,
        )
        records.append(
            action="engagement.conduct.register",
            target=record,
            actor=by,
            after={
                "kind": record.kind,
                "basis": rules.RETURNS_BASIS,
                "report": report.pk,
                "returns": report.returns,
            },
        )
    return report


@transaction.atomic
def eia_report_submit(
    *,
    by: User,
    report: EiaReport,
    project_number: str,
    situation_table: str,
    submitted_on: date,
) -> EiaReport:
    """Submit for approval: only with the project number and the 编制单位和编制人员
    情况表 generated on the national EIA credit platform (管理规定 二（一）2)."""
    _require(by, MANAGE_EIA)
    report = EiaReport.objects.select_for_update().get(pk=report.pk)
    if report.status != EiaReport.Status.DRAFT:
        raise ValidationError("该环评文件已报批。")
    _not_future(submitted_on, "报批日期")
    number = project_number.strip()
    if not number:
        raise ValidationError(
            f"请填写环评信用平台生成的项目编号（{rules.EIA_REPORT_BASIS}）。"
        )
    report.project_number = number
    report.situation_table = _text(
        situation_table, "《编制单位和编制人员情况表》编号或说明"
    )
    report.status = EiaReport.Status.SUBMITTED
    report.submitted_on = submitted_on
    try:
        with transaction.atomic():
            report.save(
                update_fields=[
                    "project_number",
                    "situation_table",
                    "status",
                    "submitted_on",
                ]
            )
    except IntegrityError as error:
        raise ValidationError(f"项目编号{number}已被其他环评文件使用。") from error
    records.append(
        action="engagement.eiareport.submit",
        target=report,
        actor=by,
        after={"project_number": number},
    )
    return report


@transaction.atomic
def conduct_open_case(
    *, by: User, record: ConductRecord, officers: Sequence[User], facts: str = ""
) -> EnforcementCase:
    """A105: a decided serious-misconduct record (管理规定 三（二）) whose
    consequences include the 环评法 第三十二条 penalty is handed to enforcement: a
    case is opened through the enforcement module's own `case_open` (its rules —
    who may open, the officers, the start approval — apply), as a 交办 from the EIA
    section. The unit must be in the enterprise register under its credit code."""
    record = (
        ConductRecord.objects.select_for_update()
        .select_related("unit")
        .get(pk=record.pk)
    )
    if record.status not in (
        ConductRecord.Status.DECIDED,
        ConductRecord.Status.PUBLISHED,
    ):
        raise ValidationError("行为记录核实处理后方可转执法立案。")
    if not record.consequences.filter(kind=rules.PENALTY).exists():
        raise ValidationError("该行为记录的处理措施不含行政处罚，无需转执法立案。")
    if record.enforcement_case_id is not None:
        raise ValidationError(f"已转执法立案（案件#{record.enforcement_case_id}）。")
    enterprise = (
        enterprise_selectors.enterprise_list_for_user(by)
        .filter(credit_code=record.unit.credit_code)
        .first()
    )
    if enterprise is None:
        raise ValidationError(
            f"统一社会信用代码为{record.unit.credit_code}的技术单位不在企业库（或您的数据范围）中，"
            "请先在企业库登记后再转执法立案。"
        )
    case = enforcement_cases.case_open(
        enterprise=enterprise,
        source=EnforcementCase.Source.TRANSFER,
        start_reason=(
            f"环评中介服务技术单位{record.unit.name}：{record.get_kind_display()}，"
            f"依照《环境影响评价法》第三十二条处罚（{record.rule.basis}）"
        ),
        facts=(facts.strip() or record.facts),
        officers=officers,
        by=by,
        reference=f"环评中介行为记录#{record.pk}（{record.rule.basis}）",
    )
    record.enforcement_case_id = case.pk
    record.save(update_fields=["enforcement_case_id", "updated_at"])
    records.append(
        action="engagement.conduct.open_case",
        target=record,
        actor=by,
        after={"case": case.pk},
    )
    return case
