"""Responsibility: the veto (D7), responsibility letters (D3, C10) and
environmental-responsibility audits (D6)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.emergencies import selectors as emergency_selectors
from ecobureau.lib.dates import local_date

from .. import letter_figures
from ..models import (
    Audit,
    Letter,
    LetterTarget,
    Pollutant,
    Veto,
    VetoNotRequired,
)
from .common import (
    _require_city_manager,
)

# --- The veto (一票否决, D7) ----------------------------------------------------------------


def _major_incident(
    incident_id: int, *, year: int, district: Division | None
) -> emergency_selectors.AccountabilityIncident:
    """The incident a veto or an unmet letter is tied to: graded 重大 or 特别重大
    (the grade in force), in the year, and in the district when one is named
    ("辖区发生重大环境污染事件", seed 003 (五), (八))."""
    incident = emergency_selectors.incident_for_accountability(incident_id)
    if incident is None:
        raise ValidationError(
            {"incident": "未找到该突发环境事件（或尚未定级、已核实不构成突发环境事件）"}
        )
    if not incident.is_major:
        raise ValidationError(
            {
                "incident": f"该事件级别为{incident.grade_label}，"
                "只有重大及以上突发环境事件可作为否决或追责依据"
            }
        )
    if incident.year != year:
        raise ValidationError(
            {"incident": f"该事件发生在{incident.year}年，不属于{year}年度"}
        )
    if district is not None and incident.district_id != district.pk:
        where = incident.district_name or "未指定区县"
        raise ValidationError(
            {"incident": f"该事件发生在{where}，不在{district.name}辖区"}
        )
    return incident


@transaction.atomic
def veto_record(
    *,
    actor: User,
    year: int,
    unit_name: str,
    reason: str,
    facts: str,
    decided_on: date,
    now: datetime,
    district: Division | None = None,
    person_name: str = "",
    person_post: str = "",
    is_demo: bool = False,
    incident: int | None = None,
) -> Veto:
    """Record a unit (and the person responsible) vetoed for a year. City-scope
    quality staff only; the year is this year or an earlier one; one standing veto
    per unit, year and reason. `incident` ties the veto to a 重大/特别重大
    environmental emergency of that year (reason INCIDENT; one standing veto per
    incident). The record entry holds no names of people."""
    _require_city_manager(actor, "一票否决由市局登记")
    unit_name = unit_name.strip()
    facts = facts.strip()
    if reason not in Veto.Reason.values:
        raise ValidationError({"reason": "请选择否决事由"})
    if not unit_name:
        raise ValidationError({"unit_name": "请填写责任单位"})
    if not facts:
        raise ValidationError({"facts": "请填写事实与依据"})
    this_year = local_date(now).year
    if year > this_year or year < 2000:
        raise ValidationError({"year": f"年度应在2000年至{this_year}年之间"})
    if decided_on > local_date(now):
        raise ValidationError({"decided_on": "决定日期不能晚于今天"})
    if decided_on.year < year:
        raise ValidationError({"decided_on": "决定日期不能早于所否决的年度"})
    if Veto.objects.filter(
        year=year, unit_name=unit_name, reason=reason, withdrawn_at__isnull=True
    ).exists():
        raise ValidationError("该单位本年度已因同一事由被一票否决")
    if incident is not None:
        if reason != Veto.Reason.INCIDENT:
            raise ValidationError(
                {"incident": "关联突发环境事件的否决事由应为“辖区发生重大环境污染事件”"}
            )
        _major_incident(incident, year=year, district=district)
        if Veto.objects.filter(
            incident_id=incident, withdrawn_at__isnull=True
        ).exists():
            raise ValidationError({"incident": "该事件已有一项有效的一票否决"})
    veto = Veto.objects.create(
        incident_id=incident,
        year=year,
        unit_name=unit_name,
        district=district,
        person_name=person_name.strip(),
        person_post=person_post.strip(),
        reason=reason,
        facts=facts,
        decided_on=decided_on,
        recorded_by=actor,
        is_demo=is_demo,
    )
    records.append(
        action="quality.veto_record",
        target=veto,
        actor=actor,
        after="in_force",
        data={
            "year": year,
            "unit": unit_name,
            "reason": reason,
            "person_named": bool(veto.person_name),
            "decided_on": decided_on.isoformat(),
            "incident": incident,
        },
    )
    return veto


@transaction.atomic
def veto_not_required_record(
    *,
    actor: User,
    incident: int,
    year: int,
    reason: str,
    decided_on: date,
    now: datetime,
) -> VetoNotRequired:
    """Record that a 重大/特别重大 incident of the year calls for no veto (D7 is
    for a failure of duty or a major incident *in the unit's area*: the city may
    find no unit answerable, e.g. a cause from outside the city). City-scope
    quality staff; the reason is required; once per incident; not for an incident
    already vetoed."""
    _require_city_manager(actor, "一票否决的研判由市局登记")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写不予否决的理由"})
    if decided_on > local_date(now):
        raise ValidationError({"decided_on": "研判日期不能晚于今天"})
    _major_incident(incident, year=year, district=None)
    if Veto.objects.filter(incident_id=incident, withdrawn_at__isnull=True).exists():
        raise ValidationError("该事件已登记一票否决，不能再登记不予否决")
    if VetoNotRequired.objects.filter(incident_id=incident).exists():
        raise ValidationError("该事件已研判不予一票否决")
    judged = VetoNotRequired.objects.create(
        incident_id=incident,
        year=year,
        reason=reason,
        decided_on=decided_on,
        recorded_by=actor,
    )
    records.append(
        action="quality.veto_not_required",
        target=judged,
        actor=actor,
        after="not_required",
        data={"incident": incident, "year": year, "decided_on": decided_on.isoformat()},
    )
    return judged


@transaction.atomic
def veto_withdraw(*, actor: User, veto: Veto, reason: str, now: datetime) -> Veto:
    """Withdraw a veto (e.g. the decision was revoked on review): kept, marked."""
    _require_city_manager(actor, "一票否决由市局撤销")
    veto = Veto.objects.select_for_update().get(pk=veto.pk)
    if veto.withdrawn_at is not None:
        raise ValidationError("该一票否决已撤销")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤销理由"})
    veto.withdrawn_at = now
    veto.withdrawn_reason = reason[:200]
    veto.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    records.append(
        action="quality.veto_withdraw",
        target=veto,
        actor=actor,
        before="in_force",
        after="withdrawn",
    )
    return veto


# --- Responsibility letters (目标责任状, D3, C10) -----------------------------------------


@transaction.atomic
def letter_create(
    *,
    actor: User,
    year: int,
    unit_name: str,
    issuer: str,
    head_name: str,
    head_post: str,
    signed_on: date,
    targets: list[tuple[str, str]],
    now: datetime,
    district: Division | None = None,
    is_demo: bool = False,
) -> Letter:
    """Register a signed responsibility letter with its targets (task, measure).
    City-scope quality staff only; one letter per unit and year."""
    _require_city_manager(actor, "目标责任状由市局登记")
    unit_name = unit_name.strip()
    targets = [(t.strip(), m.strip()) for t, m in targets if t.strip()]
    if not unit_name:
        raise ValidationError({"unit_name": "请填写责任单位"})
    if not targets:
        raise ValidationError({"targets": "请至少填写一项目标任务"})
    if any(len(t) > 200 or len(m) > 200 for t, m in targets):
        raise ValidationError({"targets": "每项目标任务和考核指标不超过200字"})
    if signed_on > local_date(now):
        raise ValidationError({"signed_on": "签订日期不能晚于今天"})
    if Letter.objects.filter(year=year, unit_name=unit_name).exists():
        raise ValidationError(f"{unit_name}{year}年度的目标责任状已登记")
    letter = Letter.objects.create(
        year=year,
        unit_name=unit_name,
        district=district,
        issuer=issuer.strip(),
        head_name=head_name.strip(),
        head_post=head_post.strip(),
        signed_on=signed_on,
        recorded_by=actor,
        is_demo=is_demo,
    )
    LetterTarget.objects.bulk_create(
        LetterTarget(letter=letter, position=i, task=t, measure=m)
        for i, (t, m) in enumerate(targets, start=1)
    )
    records.append(
        action="quality.letter_create",
        target=letter,
        actor=actor,
        after=Letter.Status.SIGNED,
        data={"year": year, "unit": unit_name, "targets": len(targets)},
    )
    return letter


@transaction.atomic
def letter_target_assess(
    *, actor: User, target: LetterTarget, met: bool, result: str, now: datetime
) -> LetterTarget:
    """Assess one target of a letter still in force: met or not, with what was done."""
    _require_city_manager(actor, "目标责任状由市局考核")
    letter = Letter.objects.select_for_update().get(pk=target.letter_id)
    if letter.status != Letter.Status.SIGNED:
        raise ValidationError("责任状已考核完毕，不能再修改目标考核结果")
    result = result.strip()
    if not result:
        raise ValidationError({"result": "请填写完成情况"})
    target = LetterTarget.objects.select_related("letter__district").get(pk=target.pk)
    # The computed figure, where the target is linked to one, is kept with the
    # assessment so a verdict that departs from it can be seen later (D3).
    figure = letter_figures.target_figure(target, now=now)
    before = target.status
    target.status = LetterTarget.Status.MET if met else LetterTarget.Status.UNMET
    target.result = result[:300]
    target.assessed_at = now
    target.save(update_fields=["status", "result", "assessed_at"])
    records.append(
        action="quality.letter_target_assess",
        target=target,
        actor=actor,
        before=before,
        after=target.status,
        data={
            "letter": letter.pk,
            "position": target.position,
            "figure": figure.text if figure else "",
            "computed": ""
            if figure is None or figure.met is None
            else ("met" if figure.met else "unmet"),
        },
    )
    return target


@transaction.atomic
def letter_target_link(
    *,
    actor: User,
    target: LetterTarget,
    indicator: str,
    now: datetime,
    threshold: Decimal | None = None,
    pollutant: str = "",
) -> LetterTarget:
    """Link a target of a letter in force to one of this module's figures
    (`LetterTarget.Indicator`), or unlink it (indicator empty: a text target).
    The threshold is needed for a concentration or share; the emission cap needs
    a pollutant and a letter with a district (the cap is the district's)."""
    _require_city_manager(actor, "目标责任状由市局维护")
    letter = Letter.objects.select_for_update().get(pk=target.letter_id)
    if letter.status != Letter.Status.SIGNED:
        raise ValidationError("责任状已考核完毕，不能再修改目标指标")
    if indicator and indicator not in LetterTarget.Indicator.values:
        raise ValidationError({"indicator": "请选择关联指标"})
    bounds = letter_figures.THRESHOLD_RANGES.get(indicator)
    if bounds is None:
        threshold = None
    elif threshold is None:
        raise ValidationError({"threshold": "该指标需要填写目标值"})
    elif not bounds[0] <= threshold <= bounds[1]:
        raise ValidationError({"threshold": f"目标值应在{bounds[0]}至{bounds[1]}之间"})
    if indicator == LetterTarget.Indicator.EMISSION_CAP:
        if pollutant not in Pollutant.values:
            raise ValidationError({"pollutant": "排放总量指标请选择污染物"})
        if letter.district_id is None:
            raise ValidationError("排放总量控制目标按区县下达，该责任状未指定所属区县")
    else:
        pollutant = ""
    target = LetterTarget.objects.get(pk=target.pk)
    before = target.indicator
    target.indicator = indicator
    target.threshold = threshold
    target.pollutant = pollutant
    target.save(update_fields=["indicator", "threshold", "pollutant"])
    records.append(
        action="quality.letter_target_link",
        target=target,
        actor=actor,
        data={
            "letter": letter.pk,
            "position": target.position,
            "before": before,
            "indicator": indicator,
            "threshold": "" if threshold is None else str(threshold),
            "pollutant": pollutant,
        },
    )
    return target


@transaction.atomic
def letter_conclude(
    *,
    actor: User,
    letter: Letter,
    now: datetime,
    cause: str = "",
    accountability: str = "",
    incident: int | None = None,
) -> Letter:
    """Conclude the year's assessment once every target is assessed: met when all
    are, else unmet — then the cause and the action taken against those
    responsible must be recorded (seed 003 (五)); the cause "辖区发生重大环境污染
    事件" names the 重大/特别重大 incident of the letter's area and year."""
    _require_city_manager(actor, "目标责任状由市局考核")
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != Letter.Status.SIGNED:
        raise ValidationError("责任状已考核完毕")
    states = list(letter.targets.values_list("status", flat=True))
    if LetterTarget.Status.PENDING in states:
        raise ValidationError("还有目标未考核，请逐项考核后再作结论")
    unmet = LetterTarget.Status.UNMET in states
    accountability = accountability.strip()
    if unmet:
        if cause not in Letter.Cause.values:
            raise ValidationError({"cause": "责任状未完成，请选择未完成原因"})
        if not accountability:
            raise ValidationError(
                {"accountability": "责任状未完成，请填写责任追究情况"}
            )
    elif cause or accountability or incident is not None:
        raise ValidationError(
            "目标全部完成，不应填写未完成原因、关联事件和责任追究情况"
        )
    if cause == Letter.Cause.INCIDENT:
        if incident is None:
            raise ValidationError(
                {"incident": "未完成原因为辖区发生重大环境污染事件，请选择该事件"}
            )
        _major_incident(incident, year=letter.year, district=letter.district)
    elif incident is not None:
        raise ValidationError(
            {"incident": "只有未完成原因为“辖区发生重大环境污染事件”时才关联事件"}
        )
    letter.status = Letter.Status.UNMET if unmet else Letter.Status.MET
    letter.cause = cause if unmet else ""
    letter.incident_id = incident
    letter.accountability = accountability
    letter.concluded_at = now
    letter.save(
        update_fields=[
            "status",
            "cause",
            "incident_id",
            "accountability",
            "concluded_at",
        ]
    )
    records.append(
        action="quality.letter_conclude",
        target=letter,
        actor=actor,
        before=Letter.Status.SIGNED,
        after=letter.status,
        data={"cause": letter.cause, "incident": incident},
    )
    return letter


@transaction.atomic
def letter_publish(
    *,
    actor: User,
    letter: Letter,
    now: datetime,
    congress_reported_on: date | None = None,
) -> Letter:
    """Publish a concluded letter's result on the public site (C10; seed 003
    (十八)), with the date target completion was reported to the people's
    congress if it was."""
    _require_city_manager(actor, "考核结果由市局公开")
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status == Letter.Status.SIGNED:
        raise ValidationError("责任状尚未考核，不能公开结果")
    if letter.published_at is not None:
        raise ValidationError("考核结果已公开")
    if congress_reported_on is not None and congress_reported_on > local_date(now):
        raise ValidationError({"congress_reported_on": "报告日期不能晚于今天"})
    letter.published_at = now
    letter.congress_reported_on = congress_reported_on
    letter.save(update_fields=["published_at", "congress_reported_on"])
    records.append(
        action="quality.letter_publish",
        target=letter,
        actor=actor,
        after="published",
        data={
            "congress_reported_on": congress_reported_on.isoformat()
            if congress_reported_on
            else None
        },
    )
    return letter


# --- Environmental-responsibility audits (D6) -----------------------------------------


@transaction.atomic
def audit_record(
    *,
    actor: User,
    year: int,
    unit_name: str,
    auditor: str,
    scope: list[str],
    findings: str,
    conclusion: str,
    reported_on: date,
    now: datetime,
    district: Division | None = None,
    is_demo: bool = False,
) -> Audit:
    """Record an environmental-responsibility audit's result (city-scope quality
    staff, entering what the audit office reported)."""
    _require_city_manager(actor, "环境保护责任审计结果由市局登记")
    known = {key for key, _ in Audit.SCOPES}
    scope = [key for key, _ in Audit.SCOPES if key in set(scope)]
    if not scope or not set(scope) <= known:
        raise ValidationError({"scope": "请选择审计内容"})
    unit_name, findings, conclusion = (
        unit_name.strip(), findings.strip(), conclusion.strip()
    )  # fmt: skip
    if not unit_name:
        raise ValidationError({"unit_name": "请填写被审计单位"})
    if not conclusion:
        raise ValidationError({"conclusion": "请填写审计结论与整改要求"})
    if reported_on > local_date(now):
        raise ValidationError({"reported_on": "审计报告日期不能晚于今天"})
    if reported_on.year < year:
        raise ValidationError({"reported_on": "审计报告日期不能早于审计年度"})
    audit = Audit.objects.create(
        year=year,
        unit_name=unit_name,
        district=district,
        auditor=auditor.strip(),
        scope=scope,
        findings=findings,
        conclusion=conclusion,
        reported_on=reported_on,
        recorded_by=actor,
        is_demo=is_demo,
    )
    records.append(
        action="quality.audit_record",
        target=audit,
        actor=actor,
        data={"year": year, "unit": unit_name, "scope": scope},
    )
    return audit


@transaction.atomic
def audit_publish(*, actor: User, audit: Audit, now: datetime) -> Audit:
    """Publish an audit's result on the public site (seed 003 (十八))."""
    _require_city_manager(actor, "审计结果由市局公开")
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.published_at is not None:
        raise ValidationError("审计结果已公开")
    audit.published_at = now
    audit.save(update_fields=["published_at"])
    records.append(
        action="quality.audit_publish", target=audit, actor=actor, after="published"
    )
    return audit
