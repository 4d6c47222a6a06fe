"""A/B/C classes, violations and the supervision calendar (seed 002 附件1, C6, C31).

The class is what the `enterprise-class` rule decides from the enterprise's
key-source status, size, pollution and violations in the last three years; an
officer may override it with reasons. Other modules call `violation_record` when
they establish a violation, and the class is recomputed at once. The enterprise's
credit grade in force, looked up through the hook credit registers in
`grid.selectors` (grid never imports credit), then raises or lowers the class
(`credit_adjust`, 示例配置).
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment
from ecobureau.core import records
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import geo, rules
from ecobureau.lib.dates import local_date
from ecobureau.lib.workdays import Calendar

from .. import selectors
from ..models import (
    ClassPolicy,
    EnterpriseSupervision,
    GridCell,
    KeyEnterpriseDocument,
    Violation,
)
from ._common import require, require_enterprise, required_text

RULE = "enterprise-class"
# The class rule counts no days; the context still needs a calendar.
_NO_CALENDAR = Calendar()
# Enterprise.KeySource → the rule's key_source: only 国控 and 省控 count (附件1 一).
KEY_SOURCES = {"national": "national", "provincial": "provincial"}
CLASSES = ("A", "B", "C")


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (民法典第二百零二条)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = month_calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def three_years_before(on: date) -> date:
    try:
        return on.replace(year=on.year - 3)
    except ValueError:  # 29 February
        return on.replace(year=on.year - 3, day=28)


@dataclass(frozen=True)
class Decision:
    klass: str
    version: str
    explain: list[str]


# The credit grade's effect on the class (示例配置, proposed in docs/modules/credit.md
# "Grade consequences", credit.config.GRADE_CONSEQUENCES: 守信激励、失信惩戒, seed 000
# 企业环境信用评价; no national or Liaoning text fixes the mapping): a yellow or red
# grade puts the enterprise in C (the highest frequency); a green one lowers B to A.
# Green never lowers a C that seed 002 附件1 itself requires (key source, a violation
# in three years, a large enterprise with significant pollution): the seed's rule
# outranks example configuration. Blue, or no grade in force, leaves the rule's class.
CREDIT_CLASS_EXAMPLE = {"red": "C", "yellow": "C", "green": "A"}
CREDIT_COLOUR_NAMES = {"green": "绿牌", "blue": "蓝牌", "yellow": "黄牌", "red": "红牌"}
CREDIT_EXAMPLE_LABEL = "示例配置，需按省厅文件核定"


def decide(
    *,
    enterprise: Enterprise,
    pollution: str,
    violations_3y: int,
    on: date,
    rule: rules.Rule | None = None,
    credit_colour: str | None = None,
) -> Decision:
    """Run the rule in force on `on` for this enterprise (`rule`: that version,
    when the caller already looked it up for a batch), then apply the enterprise's
    credit grade in force, if any (`credit_colour`, CREDIT_CLASS_EXAMPLE)."""
    rule = rule or rules.get(RULE, on)
    ctx = rules.RuleContext(as_of=on, calendar=_NO_CALENDAR)
    out = rule.run(
        {
            "key_source": KEY_SOURCES.get(enterprise.key_source),
            "size": enterprise.size,
            "pollution": pollution,
            "violations_3y": violations_3y,
        },
        ctx,
    )
    klass, explain = credit_adjust(out["class"], credit_colour)
    return Decision(klass, rule.version, [*out["explain"], *explain])


def credit_adjust(klass: str, credit_colour: str | None) -> tuple[str, list[str]]:
    """The class after the credit grade, and the sentence explaining it (none when
    there is no grade in force)."""
    if not credit_colour:
        return klass, []
    name = CREDIT_COLOUR_NAMES.get(credit_colour, credit_colour)
    target = CREDIT_CLASS_EXAMPLE.get(credit_colour)
    basis = f"（{CREDIT_EXAMPLE_LABEL}）"
    if target == "C" and klass != "C":
        return "C", [
            f"企业环境信用评价{name}（失信惩戒）：由{klass}类提高为C类{basis}。"
        ]
    if target == "A" and klass == "B":
        return "A", [f"企业环境信用评价{name}（守信激励）：由B类降为A类{basis}。"]
    if target == "A" and klass == "C":
        return klass, [
            f"企业环境信用评价{name}，但附件1规定为C类，信用等级不降低分类{basis}。"
        ]
    return klass, [f"企业环境信用评价{name}：不改变分类{basis}。"]


def violations_3y_counts(enterprise_ids: Iterable[int], on: date) -> dict[int, int]:
    """Violations counted for the class: in the three years up to `on`, not revoked."""
    counts: dict[int, int] = {}
    rows = Violation.objects.filter(
        enterprise_id__in=list(enterprise_ids),
        occurred_on__gt=three_years_before(on),
        occurred_on__lte=on,
        revoked_on__isnull=True,
    ).values_list("enterprise_id", flat=True)
    for enterprise_id in rows:
        counts[enterprise_id] = counts.get(enterprise_id, 0) + 1
    return counts


class CellFinder:
    """The cell an enterprise lies in: a key unit grid whose boundary holds its
    point, else its township's cell, else its district's (loaded once)."""

    def __init__(self) -> None:
        cells = GridCell.objects.filter(is_active=True)
        self.by_division = {
            cell.division_id: cell
            for cell in cells.filter(kind=GridCell.Kind.ADMINISTRATIVE)
        }
        self.units = [
            cell
            for cell in cells.exclude(kind=GridCell.Kind.ADMINISTRATIVE).exclude(
                boundary=None
            )
            if cell.boundary
        ]

    def find(self, enterprise: Enterprise) -> GridCell | None:
        if enterprise.longitude is not None and enterprise.latitude is not None:
            lng, lat = float(enterprise.longitude), float(enterprise.latitude)
            for cell in self.units:
                assert cell.boundary is not None  # filtered above
                if geo.contains(cell.boundary, lng, lat):
                    return cell
        for division_id in (enterprise.township_id, enterprise.district_id):
            if division_id and division_id in self.by_division:
                return self.by_division[division_id]
        return None


def _next_due(klass: str, since: date, policies: dict[str, selectors.Policy]) -> date:
    return add_months(since, policies[klass].supervision_months)


def _class_record(row: EnterpriseSupervision, before: str | None) -> dict[str, Any]:
    return {
        "before": before,
        "after": row.klass,
        "computed": row.computed_class,
        "override": row.override_class or None,
        "rule_version": row.rule_version,
        "violations_3y": row.violations_3y,
        "enterprise": row.enterprise_id,
    }


@transaction.atomic
def supervision_refresh(
    *, enterprise: Enterprise, by: User | None, pollution: str | None = None
) -> EnterpriseSupervision:
    """Create or recompute an enterprise's class; record it when it changes."""
    now = timezone.now()
    on = local_date(now)
    row = EnterpriseSupervision.objects.filter(enterprise=enterprise).first()
    pollution = pollution or (
        row.pollution if row else EnterpriseSupervision.Pollution.MINOR
    )
    count = violations_3y_counts([enterprise.pk], on).get(enterprise.pk, 0)
    decision = decide(
        enterprise=enterprise,
        pollution=pollution,
        violations_3y=count,
        on=on,
        credit_colour=selectors.credit_colours([enterprise.pk], on).get(enterprise.pk),
    )
    policies = selectors.policies()
    if row is None:
        row = EnterpriseSupervision(
            enterprise=enterprise,
            cell=CellFinder().find(enterprise),
            district_id=enterprise.district_id,
            township_id=enterprise.township_id,
        )
        before = None
    else:
        before = row.klass
    row.pollution = pollution
    row.violations_3y = count
    row.computed_class = decision.klass
    row.rule_version = decision.version
    row.explain = decision.explain
    row.computed_at = now
    row.klass = row.override_class or decision.klass
    if before != row.klass or row.next_due_on is None:
        row.next_due_on = _next_due(row.klass, row.last_supervised_on or on, policies)
    row.save()
    if before != row.klass:
        records.append(
            action="grid.class_decide",
            target=row,
            actor=by,
            data=_class_record(row, before),
        )
    return row


@dataclass(frozen=True)
class SyncResult:
    created: int
    changed: int


def supervision_sync(*, by: User | None, batch_size: int = 2000) -> SyncResult:
    """Give every enterprise a supervision file and recompute every class (the
    nightly job: violations age out of the three years, sizes and key-source
    status change in the registry). Batched; each batch its own transaction."""
    created = changed = 0
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    finder = CellFinder()
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            made, moved = _sync_batch(ids[start : start + batch_size], by, finder)
        created += made
        changed += moved
    return SyncResult(created, changed)


def _sync_batch(ids: list[int], by: User | None, finder: CellFinder) -> tuple[int, int]:
    now = timezone.now()
    on = local_date(now)
    policies = selectors.policies()
    enterprises = Enterprise.objects.filter(pk__in=ids).only(
        "pk",
        "key_source",
        "size",
        "district_id",
        "township_id",
        "longitude",
        "latitude",
    )
    rows = {
        row.enterprise_id: row
        for row in EnterpriseSupervision.objects.filter(enterprise_id__in=ids)
    }
    counts = violations_3y_counts(ids, on)
    colours = selectors.credit_colours(ids, on)
    rule = rules.get(RULE, on)
    new_rows: list[EnterpriseSupervision] = []
    changed_rows: list[tuple[EnterpriseSupervision, str]] = []
    for enterprise in enterprises:
        row = rows.get(enterprise.pk)
        pollution = row.pollution if row else EnterpriseSupervision.Pollution.MINOR
        count = counts.get(enterprise.pk, 0)
        decision = decide(
            enterprise=enterprise,
            pollution=pollution,
            violations_3y=count,
            on=on,
            rule=rule,
            credit_colour=colours.get(enterprise.pk),
        )
        if row is None:
            new_rows.append(
                EnterpriseSupervision(
                    enterprise=enterprise,
                    cell=finder.find(enterprise),
                    district_id=enterprise.district_id,
                    township_id=enterprise.township_id,
                    pollution=pollution,
                    violations_3y=count,
                    computed_class=decision.klass,
                    rule_version=decision.version,
                    explain=decision.explain,
                    klass=decision.klass,
                    computed_at=now,
                    next_due_on=_next_due(decision.klass, on, policies),
                )
            )
            continue
        klass = row.override_class or decision.klass
        if (row.computed_class, row.violations_3y, row.klass) == (
            decision.klass,
            count,
            klass,
        ):
            continue
        before = row.klass
        row.violations_3y = count
        row.computed_class = decision.klass
        row.rule_version = decision.version
        row.explain = decision.explain
        row.computed_at = now
        if klass != row.klass:
            row.klass = klass
            row.next_due_on = _next_due(klass, row.last_supervised_on or on, policies)
        changed_rows.append((row, before))
    EnterpriseSupervision.objects.bulk_create(new_rows, batch_size=1000)
    EnterpriseSupervision.objects.bulk_update(
        [row for row, _ in changed_rows],
        [
            "violations_3y",
            "computed_class",
            "rule_version",
            "explain",
            "computed_at",
            "klass",
            "next_due_on",
            "updated_at",
        ],
        batch_size=1000,
    )
    entries = [
        records.Entry(
            action="grid.class_decide",
            target_type="grid.enterprisesupervision",
            target_id=str(row.pk),
            actor_id=by.pk if by else None,
            data=_class_record(row, before),
        )
        for row, before in [(row, None) for row in new_rows] + changed_rows
        if before != row.klass
    ]
    records.append_many(entries)
    return len(new_rows), len(changed_rows)


@transaction.atomic
def pollution_set(
    *, supervision: EnterpriseSupervision, pollution: str, reason: str, by: User
) -> EnterpriseSupervision:
    """Assess how much the enterprise pollutes; the class follows."""
    require(by, "grid.manage_class", "您无权调整企业监管分类。")
    require_enterprise(by, supervision.enterprise)
    if pollution not in EnterpriseSupervision.Pollution.values:
        raise ValidationError("请选择污染程度。")
    reason = required_text(reason, "认定理由")
    before = supervision.pollution
    row = supervision_refresh(
        enterprise=supervision.enterprise, by=by, pollution=pollution
    )
    records.append(
        action="grid.pollution_set",
        target=row,
        actor=by,
        before=before,
        after=pollution,
        data={"reason": reason},
    )
    return row


@transaction.atomic
def class_override(
    *, supervision: EnterpriseSupervision, klass: str, reason: str, by: User
) -> EnterpriseSupervision:
    """An officer sets the class against the rule's, with reasons (C6)."""
    require(by, "grid.manage_class", "您无权调整企业监管分类。")
    require_enterprise(by, supervision.enterprise)
    if klass not in CLASSES:
        raise ValidationError("分类应为A、B或C。")
    reason = required_text(reason, "调整理由")
    before = supervision.klass
    supervision.override_class = klass
    supervision.override_reason = reason
    supervision.override_by = by
    supervision.override_at = timezone.now()
    supervision.klass = klass
    if before != klass:
        supervision.next_due_on = _next_due(
            klass,
            supervision.last_supervised_on or local_date(timezone.now()),
            selectors.policies(),
        )
    supervision.save()
    records.append(
        action="grid.class_override",
        target=supervision,
        actor=by,
        before=before,
        after=klass,
        data={"reason": reason, "computed": supervision.computed_class},
    )
    return supervision


@transaction.atomic
def class_override_clear(
    *, supervision: EnterpriseSupervision, reason: str, by: User
) -> EnterpriseSupervision:
    """Go back to the rule's class."""
    require(by, "grid.manage_class", "您无权调整企业监管分类。")
    require_enterprise(by, supervision.enterprise)
    if not supervision.override_class:
        raise ValidationError("该企业的分类未经人工调整。")
    reason = required_text(reason, "恢复理由")
    before = supervision.klass
    supervision.override_class = ""
    supervision.override_reason = ""
    supervision.override_by = None
    supervision.override_at = None
    supervision.save()
    row = supervision_refresh(enterprise=supervision.enterprise, by=by)
    records.append(
        action="grid.class_override_clear",
        target=row,
        actor=by,
        before=before,
        after=row.klass,
        data={"reason": reason},
    )
    return row


@transaction.atomic
def violation_record(
    *,
    enterprise: Enterprise,
    occurred_on: date,
    description: str,
    by: User | None,
    source: tuple[str, str] | None = None,
) -> tuple[Violation, EnterpriseSupervision]:
    """Record a violation established against an enterprise and recompute its class
    at once (a violation in the last three years makes it C, 附件1 一). Called by
    the module that established it (enforcement's penalty decision), with `source`
    naming that object."""
    today = local_date(timezone.now())
    if occurred_on > today:
        raise ValidationError("违法行为日期不能晚于今天。")
    violation = Violation.objects.create(
        enterprise=enterprise,
        occurred_on=occurred_on,
        description=required_text(description, "违法行为"),
        source_type=source[0] if source else "",
        source_id=str(source[1]) if source else "",
        recorded_by=by,
    )
    records.append(
        action="grid.violation_record",
        target=enterprise,
        actor=by,
        after={"violation": violation.pk, "occurred_on": occurred_on},
        data={"source": list(source) if source else None},
    )
    return violation, supervision_refresh(enterprise=enterprise, by=by)


@transaction.atomic
def violation_revoke(
    *, violation: Violation, reason: str, by: User
) -> EnterpriseSupervision:
    """A decision set aside (复议撤销, 诉讼撤销): the violation no longer counts."""
    require(by, "grid.manage_class", "您无权撤销违法记录。")
    require_enterprise(by, violation.enterprise)
    if violation.revoked_on is not None:
        raise ValidationError("该违法记录已撤销。")
    violation.revoked_on = local_date(timezone.now())
    violation.revoked_reason = required_text(reason, "撤销理由")
    violation.save(update_fields=["revoked_on", "revoked_reason"])
    records.append(
        action="grid.violation_revoke",
        target=violation.enterprise,
        actor=by,
        after={"violation": violation.pk},
        data={"reason": violation.revoked_reason},
    )
    return supervision_refresh(enterprise=violation.enterprise, by=by)


@transaction.atomic
def officer_assign(
    *, supervision: EnterpriseSupervision, officer: User | None, by: User
) -> EnterpriseSupervision:
    """Name the credentialed officer whose calendar the enterprise is on."""
    require(by, "grid.manage_class", "您无权指定监管责任人。")
    require_enterprise(by, supervision.enterprise)
    if officer is not None and not (
        selectors.qualified_inspectors().filter(pk=officer.pk).exists()
    ):
        raise ValidationError(
            "监管责任人须为持有执法证的执法人员（网格员不从事涉企行政检查）。"
        )
    before = supervision.officer_id
    supervision.officer = officer
    supervision.reminded_for = None
    supervision.save(update_fields=["officer", "reminded_for", "updated_at"])
    records.append(
        action="grid.officer_assign",
        target=supervision,
        actor=by,
        before=before,
        after=officer.pk if officer else None,
    )
    return supervision


@transaction.atomic
def supervision_mark(
    *, enterprise: Enterprise, on: date, how: str, by: User | None
) -> EnterpriseSupervision:
    """An enterprise was supervised on `on` (an inspection, or a non-site check):
    the next due date moves by its class's frequency."""
    row = EnterpriseSupervision.objects.filter(enterprise=enterprise).first()
    if row is None:
        row = supervision_refresh(enterprise=enterprise, by=by)
    if row.last_supervised_on is not None and row.last_supervised_on >= on:
        return row
    policies = selectors.policies()
    row.last_supervised_on = on
    row.next_due_on = _next_due(row.klass, on, policies)
    row.reminded_for = None
    row.save(
        update_fields=[
            "last_supervised_on",
            "next_due_on",
            "reminded_for",
            "updated_at",
        ]
    )
    records.append(
        action="grid.supervised",
        target=row,
        actor=by,
        after={"on": on, "how": how, "next_due_on": row.next_due_on},
    )
    return row


@transaction.atomic
def policy_update(
    *,
    klass: str,
    supervision_months: int,
    draw_percent: Decimal,
    basis: str,
    by: User,
) -> ClassPolicy:
    """Set a class's supervision frequency and default draw share. Due dates
    already set stay until the next supervision (the frequency applies from then)."""
    require(by, "grid.manage_plan", "您无权修改分类监管参数。")
    if klass not in CLASSES:
        raise ValidationError("分类应为A、B或C。")
    if not 1 <= supervision_months <= 36:
        raise ValidationError("监管频次应为每1至36个月一次。")
    if not Decimal(0) <= draw_percent <= Decimal(100):
        raise ValidationError("抽查比例应在0至100之间。")
    policy, _ = ClassPolicy.objects.update_or_create(
        klass=klass,
        defaults={
            "supervision_months": supervision_months,
            "draw_percent": draw_percent,
            "basis": required_text(basis, "依据"),
            "is_example": False,
            "updated_by": by,
        },
    )
    records.append(
        action="grid.policy_update",
        target=policy,
        actor=by,
        after={
            "klass": klass,
            "supervision_months": supervision_months,
            "draw_percent": draw_percent,
        },
    )
    return policy


# --- The three documents of a key enterprise (附件1 二1) ------------------------------


@transaction.atomic
def key_document_add(
    *,
    supervision: EnterpriseSupervision,
    kind: str,
    title: str,
    issued_on: date,
    file: File[bytes],
    by: User,
) -> KeyEnterpriseDocument:
    """File a new version of one of a key enterprise's three documents: the
    on-site inspection template, the standards manual, the emergency handbook
    (seed 002 附件1 二1 "制定完善简便易懂的环境现场监察模版…环境标准手册…应急处置手册").
    The document is a PDF, stored and hashed by casework."""
    require(by, "grid.manage_class", "您无权维护企业监管文件。")
    require_enterprise(by, supervision.enterprise)
    if kind not in KeyEnterpriseDocument.Kind.values:
        raise ValidationError("请选择文件类别。")
    title = required_text(title, "标题")
    if issued_on > local_date(timezone.now()):
        raise ValidationError("编制日期不能晚于今天。")
    attachment = casework_services.attachment_add(
        file=file, target=supervision, kind=Attachment.Kind.DOCUMENT, by=by
    )
    document = KeyEnterpriseDocument.objects.create(
        supervision=supervision,
        kind=kind,
        title=title,
        issued_on=issued_on,
        attachment=attachment,
        created_by=by,
    )
    records.append(
        action="grid.key_document_add",
        target=supervision,
        actor=by,
        data={"kind": kind, "sha256": attachment.blob_id, "issued_on": issued_on},
    )
    return document
