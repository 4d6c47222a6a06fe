"""Preparedness writes: drills of a plan, enterprises' risk sources, and response
resources with their contacts (issue 14 item 2; seed 002 四(三)2(1) "编制突发环境
事件应急预案并组织实施"; 突发环境事件应急管理办法（环境保护部令第34号）— enterprises
assess their risk, keep resources and drill).

The enterprise emergency handbook (C30) is grid's `KeyEnterpriseDocument` (kind
`emergency_handbook`, versioned); the incident page shows its latest version.
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise

from .models import (
    Drill,
    Plan,
    PlanChange,
    PlanRevision,
    PlanRole,
    Resource,
    RiskSource,
)

HANDLE = "emergencies.handle_incident"


def _require(by: User) -> None:
    if not by.has_perm(HANDLE):
        raise PermissionDenied("您没有该操作的权限。")


def _text(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"请填写{label}。")
    return value


@transaction.atomic
def plan_revise(
    *,
    plan: Plan,
    by: User,
    revised_on: date,
    reason: str,
    changes: str,
    filing_number: str = "",
    contacts: str | None = None,
) -> PlanRevision:
    """Record a revision (修订) of a plan, re-filed on `revised_on`.

    The plan takes the new filing date and number (and contacts, when given); its
    three-year assessment counts again from the revision (环发〔2015〕4号 第十二条,
    as the plan register applies it); the revision keeps what the plan was before.
    Revisions are numbered, dated in order, never in the future."""
    _require(by)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    reason = _text(reason, "修订原因")
    changes = _text(changes, "主要修订内容")
    if revised_on > timezone.localdate():
        raise ValidationError("修订日期不能晚于今天。")
    if revised_on < plan.filed_on:
        raise ValidationError(
            f"修订日期不能早于现行备案日期{plan.filed_on.isoformat()}。"
        )
    number = plan.revisions.count() + 1
    revision = PlanRevision.objects.create(
        plan=plan,
        number=number,
        revised_on=revised_on,
        reason=reason,
        changes=changes,
        filing_number=filing_number.strip(),
        previous_filed_on=plan.filed_on,
        previous_filing_number=plan.filing_number,
        previous_reviewed_on=plan.reviewed_on,
        previous_contacts=plan.contacts,
        by=by,
    )
    before = {
        "filed_on": str(plan.filed_on),
        "filing_number": plan.filing_number,
        "reviewed_on": str(plan.reviewed_on) if plan.reviewed_on else None,
    }
    plan.filed_on = revised_on
    plan.filing_number = filing_number.strip()
    plan.reviewed_on = None
    if contacts is not None and contacts.strip():
        plan.contacts = contacts.strip()
    plan.save(
        update_fields=[
            "filed_on",
            "filing_number",
            "reviewed_on",
            "contacts",
            "updated_at",
        ]
    )
    records.append(
        action="emergencies.plan.revise",
        target=plan,
        actor=by,
        before=before,
        after={
            "revision": number,
            "filed_on": str(revised_on),
            "filing_number": plan.filing_number,
        },
    )
    return revision


# A mobile (11 digits) or a landline with its area code (0412-5551234), with an
# optional extension: what a duty officer dials during an incident.
_PHONE = re.compile(r"^\+?[0-9][0-9\- ]{5,22}[0-9]$")


def _phone(value: str) -> str:
    value = _text(value, "联系电话")
    if not _PHONE.match(value):
        raise ValidationError("联系电话格式不正确，请填写手机号或带区号的固定电话。")
    return value


@transaction.atomic
def plan_role_add(
    *,
    plan: Plan,
    by: User,
    role: str,
    person: str,
    phone: str,
    duty: str,
    unit: str = "",
) -> PlanRole:
    """Add a role of the plan's emergency organisation (应急组织机构及职责): who
    holds it, how to reach them and what they do. One person per role name in a
    plan: a change of holder removes the old row first, so the list never shows
    two 总指挥."""
    _require(by)
    role = _text(role, "应急职务")
    if plan.roles.filter(role=role).exists():
        raise ValidationError(f"该预案已有“{role}”，请先移除原任职人员。")
    position = plan.roles.count() + 1
    entry = PlanRole.objects.create(
        plan=plan,
        role=role,
        person=_text(person, "姓名"),
        unit=unit.strip(),
        phone=_phone(phone),
        duty=_text(duty, "职责"),
        position=position,
        by=by,
    )
    records.append(
        action="emergencies.plan.role_add",
        target=plan,
        actor=by,
        after={"role": entry.pk, "name": role},
    )
    return entry


@transaction.atomic
def plan_role_remove(*, entry: PlanRole, by: User) -> None:
    """Remove a role from the plan (its holder changed or the role was dropped);
    the record keeps that it existed."""
    _require(by)
    plan = entry.plan
    records.append(
        action="emergencies.plan.role_remove",
        target=plan,
        actor=by,
        before={"role": entry.pk, "name": entry.role},
    )
    entry.delete()


ROLE_FIELDS = {
    "person": "姓名",
    "unit": "单位及职务",
    "phone": "联系电话",
    "duty": "职责",
}
# Personal data: kept in `PlanChange`, never in the hashed record in clear.
PERSONAL_FIELDS = PlanChange.PERSONAL_FIELDS


def _append_change(
    *,
    plan: Plan,
    by: User,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    about: dict[str, Any],
    note: dict[str, Any],
) -> None:
    """Append the record entry of a change with its old and new values: those that
    are not personal in the entry itself (with `about`, naming what changed, on both
    sides and `note` after), the personal ones in a `PlanChange` row whose salted
    digest the entry carries."""
    change = PlanChange(
        plan=plan,
        before={k: v for k, v in before.items() if k in PERSONAL_FIELDS},
        after={k: v for k, v in after.items() if k in PERSONAL_FIELDS},
        salt=secrets.token_hex(16),
    )
    entry = records.append(
        action=action,
        target=plan,
        actor=by,
        before={**about, **_not_personal(before)},
        after={**about, **note, **_not_personal(after)},
        data={"values_digest": change.digest()},
    )
    change.record_seq = entry.seq
    change.save()


def _not_personal(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in PERSONAL_FIELDS}


@transaction.atomic
def plan_role_change(
    *,
    entry: PlanRole,
    by: User,
    person: str,
    phone: str,
    duty: str,
    unit: str = "",
) -> PlanRole:
    """Change a role's holder or details (a new 总指挥, a new phone, a new duty).

    The record entry says who changed which fields of which role, when, and from
    what to what; the names and phones among those values are kept beside the
    record (`PlanChange`), as no personal datum goes into it in clear."""
    _require(by)
    entry = PlanRole.objects.select_for_update().select_related("plan").get(pk=entry.pk)
    new = {
        "person": _text(person, "姓名"),
        "unit": unit.strip(),
        "phone": _phone(phone),
        "duty": _text(duty, "职责"),
    }
    changed = [name for name, value in new.items() if getattr(entry, name) != value]
    if not changed:
        raise ValidationError("没有修改任何内容。")
    before = {name: getattr(entry, name) for name in changed}
    for name in changed:
        setattr(entry, name, new[name])
    entry.by = by
    entry.save(update_fields=[*changed, "by"])
    _append_change(
        plan=entry.plan,
        by=by,
        action="emergencies.plan.role_change",
        before=before,
        after={name: new[name] for name in changed},
        about={"role": entry.pk, "name": entry.role},
        note={"fields": [ROLE_FIELDS[name] for name in changed]},
    )
    return entry


@transaction.atomic
def plan_contacts_change(*, plan: Plan, by: User, contacts: str) -> Plan:
    """Change the plan's free-text organisation and contacts (应急组织与联系人),
    outside a revision. The old and new text are kept beside the record
    (`PlanChange`): it holds names and phones."""
    _require(by)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    contacts = (contacts or "").strip()
    if contacts == plan.contacts:
        raise ValidationError("没有修改任何内容。")
    cleared = not contacts
    old = plan.contacts
    plan.contacts = contacts
    plan.save(update_fields=["contacts", "updated_at"])
    _append_change(
        plan=plan,
        by=by,
        action="emergencies.plan.contacts",
        before={"contacts": old},
        after={"contacts": contacts},
        about={},
        note={"fields": ["应急组织与联系人"], "cleared": cleared},
    )
    return plan


# 示例配置: no seed gives how long old contacts are kept (the setting overrides it).
PLAN_CHANGE_RETENTION_DAYS = 1095


def plan_changes_prune(*, now: datetime | None = None) -> int:
    """Delete the kept old and new names, phones and contact text (`PlanChange`)
    older than `EMERGENCY_PLAN_CHANGE_RETENTION_DAYS` (0 keeps them); return how
    many rows went.

    The record entries of those changes stay as they are, digest included, so the
    chain still verifies; the plan's history names the fields changed without
    their values. Plan by plan, under a lock on the plan: the rows go and one
    record entry (by the system) lists the changes whose values were deleted. Safe
    to run twice: a second run finds nothing."""
    days = int(
        getattr(
            settings, "EMERGENCY_PLAN_CHANGE_RETENTION_DAYS", PLAN_CHANGE_RETENTION_DAYS
        )
    )
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = PlanChange.objects.filter(created_at__lt=cutoff)
    plan_ids = sorted(set(old.values_list("plan_id", flat=True)))
    pruned = 0
    for plan_id in plan_ids:
        with transaction.atomic():
            plan = Plan.objects.select_for_update().get(pk=plan_id)
            rows = old.filter(plan=plan)
            seqs = sorted(rows.values_list("record_seq", flat=True))
            if not seqs:  # another run got there first
                continue
            deleted, _ = rows.filter(record_seq__in=seqs).delete()
            records.append(
                action="emergencies.plan.changes_pruned",
                target=plan,
                data={"record_seqs": seqs, "retention_days": days},
            )
            pruned += deleted
    return pruned


@transaction.atomic
def drill_record(
    *,
    plan: Plan,
    by: User,
    held_on: date,
    scenario: str,
    participants: str,
    findings: str,
    follow_ups: str = "",
) -> Drill:
    _require(by)
    if held_on > timezone.localdate():
        raise ValidationError("演练日期不能晚于今天。")
    if held_on < plan.filed_on:
        raise ValidationError("演练日期不能早于预案备案日期。")
    drill = Drill.objects.create(
        plan=plan,
        held_on=held_on,
        scenario=_text(scenario, "演练科目"),
        participants=_text(participants, "参演单位与人员"),
        findings=_text(findings, "发现问题（无问题请填写“无”）"),
        follow_ups=follow_ups.strip(),
        recorded_by=by,
    )
    records.append(
        action="emergencies.drill.record",
        target=plan,
        actor=by,
        after={"drill": drill.pk, "held_on": str(held_on)},
    )
    return drill


@transaction.atomic
def drill_follow_ups_done(*, drill: Drill, by: User, done_on: date) -> Drill:
    """Mark a drill's follow-ups (整改措施) done on `done_on`, once."""
    _require(by)
    drill = Drill.objects.select_for_update().select_related("plan").get(pk=drill.pk)
    if not drill.follow_ups:
        raise ValidationError("该演练没有整改措施。")
    if drill.follow_ups_done_on is not None:
        raise ValidationError("该演练的整改已登记完成。")
    if done_on < drill.held_on or done_on > timezone.localdate():
        raise ValidationError("整改完成日期须在演练日期之后、今天之前。")
    drill.follow_ups_done_on = done_on
    drill.save(update_fields=["follow_ups_done_on"])
    records.append(
        action="emergencies.drill.done",
        target=drill.plan,
        actor=by,
        after={"drill": drill.pk, "done_on": str(done_on)},
    )
    return drill


@transaction.atomic
def risk_source_add(
    *,
    enterprise: Enterprise,
    by: User,
    name: str,
    substances: str,
    level: str,
    controls: str = "",
) -> RiskSource:
    _require(by)
    if (
        not enterprise_selectors.enterprise_list_for_user(by)
        .filter(pk=enterprise.pk)
        .exists()
    ):
        raise PermissionDenied("该企业不在您的数据范围内。")
    if level not in RiskSource.Level.values:
        raise ValidationError("请选择风险等级。")
    source = RiskSource.objects.create(
        enterprise=enterprise,
        name=_text(name, "风险单元"),
        substances=_text(substances, "主要风险物质及数量"),
        level=level,
        controls=controls.strip(),
        recorded_by=by,
    )
    records.append(
        action="emergencies.risksource.add",
        target=enterprise,
        actor=by,
        after={"risk_source": source.pk, "level": level},
    )
    return source


@transaction.atomic
def resource_add(
    *,
    by: User,
    kind: str,
    name: str,
    holder: str,
    contact: str,
    phone: str,
    quantity: str = "",
    district: Division | None = None,
) -> Resource:
    _require(by)
    if kind not in Resource.Kind.values:
        raise ValidationError("请选择资源类别。")
    if district is None and by.scope != User.Scope.CITY:
        district = by.scope_division
    resource = Resource.objects.create(
        kind=kind,
        name=_text(name, "名称"),
        holder=_text(holder, "存放或所属单位"),
        contact=_text(contact, "联系人"),
        phone=_text(phone, "联系电话"),
        quantity=quantity.strip(),
        district=district,
        recorded_by=by,
    )
    records.append(
        action="emergencies.resource.add",
        target=resource,
        actor=by,
        after={"resource": resource.pk},
    )
    return resource


@transaction.atomic
def plan_register(
    *,
    by: User,
    holder_kind: str,
    holder_name: str,
    title: str,
    filed_on: Any,
    filing_number: str = "",
    reviewed_on: Any = None,
    contacts: str = "",
    enterprise: Enterprise | None = None,
    district: Division | None = None,
    kind: str = Plan.Kind.ENVIRONMENTAL,
) -> Plan:
    _require(by)
    if kind not in Plan.Kind.values:
        raise ValidationError("请选择预案类别。")
    if kind == Plan.Kind.ONLINE_OPINION and enterprise is not None:
        raise ValidationError("网络舆情应急预案由本局编制，不选择企业。")
    if reviewed_on and reviewed_on < filed_on:
        raise ValidationError("回顾性评估日期不能早于备案日期。")
    if enterprise is not None:
        holder_kind = Plan.Holder.ENTERPRISE
        holder_name = holder_name or enterprise.name
        district = district or enterprise.district
    plan = Plan.objects.create(
        kind=kind,
        holder_kind=holder_kind,
        holder_name=holder_name.strip(),
        title=title.strip(),
        filed_on=filed_on,
        filing_number=filing_number.strip(),
        reviewed_on=reviewed_on,
        contacts=contacts.strip(),
        enterprise=enterprise,
        district=district,
        created_by=by,
    )
    records.append(
        action="emergencies.plan.register",
        target=plan,
        actor=by,
        after={"plan": plan.pk},
    )
    return plan


@transaction.atomic
def plan_review_record(*, plan: Plan, by: User, reviewed_on: Any) -> Plan:
    _require(by)
    if reviewed_on < plan.filed_on:
        raise ValidationError("回顾性评估日期不能早于备案日期。")
    before = plan.reviewed_on
    plan.reviewed_on = reviewed_on
    plan.save(update_fields=["reviewed_on", "updated_at"])
    records.append(
        action="emergencies.plan.review",
        target=plan,
        actor=by,
        before=str(before) if before else None,
        after=str(reviewed_on),
    )
    return plan
