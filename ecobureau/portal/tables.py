"""The disclosure lists no module publishes yet, built read-only from the owning
modules' data: each one searchable, paged and exportable, with its publication
date. Only what the law requires to be public is read: enterprises' names and
codes, officers' names and credential numbers — never a private person's name,
ID number, phone or address (enterprises' legal representatives and contacts
included), and a penalty on a citizen never appears in the violators list.

Where the owning module offers a public selector it is used; the others are read
through the module's models with read-only queries, listed in docs/modules/portal.md
for the owners to turn into `*_public` selectors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecobureau.lib.dates import SHANGHAI

from . import tables_registers
from .table_types import Table


def _year() -> int:
    return timezone.now().astimezone(SHANGHAI).year


# --- 重点排污单位及监测情况 (A91, A92) -----------------------------------------------


def _key_dischargers(q: str) -> QuerySet[Any]:
    from ecobureau.enterprises import selectors as enterprises
    from ecobureau.enterprises.models import EmissionLimit, Enterprise, Outlet
    from ecobureau.monitoring.models import Exceedance

    year = _year()
    exceedances = Exceedance.objects.filter(
        enterprise_id=OuterRef("pk"), started_at__year=year
    )
    count = (
        exceedances.order_by()
        .values("enterprise_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    hours = (
        exceedances.order_by()
        .values("enterprise_id")
        .annotate(h=Sum("hours"))
        .values("h")
    )
    limits = EmissionLimit.objects.filter(effective_to__isnull=True).order_by(
        "pollutant_name"
    )
    outlets = Outlet.objects.filter(is_active=True).prefetch_related(
        Prefetch("limits", queryset=limits)
    )
    qs = (
        Enterprise.objects.exclude(key_source="")
        .exclude(status=Enterprise.Status.CLOSED)
        .select_related("district")
        .only(
            "name",
            "credit_code",
            "industry_name",
            "key_source",
            "district__name",
            "updated_at",
        )
        .annotate(
            exceed_count=Coalesce(Subquery(count, output_field=IntegerField()), 0),
            exceed_hours=Coalesce(
                Subquery(hours, output_field=IntegerField()), Value(0)
            ),
        )
        .prefetch_related(
            Prefetch("outlets", queryset=outlets, to_attr="live"),
            # A92: the facilities' construction and operation, read through the
            # owner's public query (no person: who changed a status is not read).
            Prefetch(
                "facilities",
                queryset=enterprises.facility_list_public(),
                to_attr="public_facilities",
            ),
        )
        .order_by("name", "pk")
    )
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(credit_code__icontains=q)
            | Q(industry_name__icontains=q)
        )
    return qs


def _key_discharger_row(e: Any) -> list[object]:
    limits = [limit for outlet in e.live for limit in outlet.limits.all()]
    pollutants = sorted({limit.pollutant_name for limit in limits})
    standards = sorted({limit.standard for limit in limits if limit.standard})
    kinds = sorted({outlet.get_kind_display() for outlet in e.live})
    return [
        e.name,
        e.credit_code,
        e.district.name if e.district_id else "",
        e.industry_name,
        e.get_key_source_display(),
        "、".join(pollutants),
        "、".join(kinds),
        "；".join(standards),
        "；".join(_facility_text(f) for f in e.public_facilities),
        e.exceed_count,
        e.exceed_hours,
    ]


def _facility_text(f: Any) -> str:
    """One facility as the list shows it: name (kind, process, capacity), status
    since when — e.g. "脱硫塔（废气治理，石灰石-石膏法）正常运行，自2024-03-01"."""
    details = "，".join(
        part for part in (f.get_kind_display(), f.process, f.capacity_text) if part
    )
    return (
        f"{f.name}（{details}）{f.get_status_display()}，自{f.status_since.isoformat()}"
    )


# --- 执法人员名录 (A93) ---------------------------------------------------------------


def _officers(q: str) -> QuerySet[Any]:
    from ecobureau.accounts.models import User

    qs = (
        User.objects.filter(is_active=True, kind=User.Kind.STAFF)
        .exclude(credential_no="")
        .select_related("unit")
        .only("full_name", "username", "credential_no", "unit__name")
        .order_by("unit__name", "credential_no", "pk")
    )
    if q:
        qs = qs.filter(
            Q(full_name__icontains=q)
            | Q(credential_no__icontains=q)
            | Q(unit__name__icontains=q)
        )
    return qs


def _officer_row(u: Any) -> list[object]:
    # Name and credential number only (与群众互动 8 "执法人员名录"): no phone, no ID.
    return [u.full_name, u.credential_no, u.unit.name if u.unit else ""]


# --- 行政检查事项及频次 (A93) ---------------------------------------------------------


@dataclass(frozen=True)
class TextRow:
    kind: str
    subject: str
    content: str
    note: str


def _inspection_items(q: str) -> list[TextRow]:
    from ecobureau.enforcement import checklists
    from ecobureau.grid import selectors as grid

    rows = [
        TextRow(
            "分类监管频次",
            f"{policy.klass}类企业",
            f"每{policy.supervision_months}个月至少一次；双随机抽查比例{policy.draw_percent}%",
            policy.basis + ("（示例配置）" if policy.is_example else ""),
        )
        for policy in sorted(grid.policies().values(), key=lambda p: p.klass)
    ]
    for checklist in checklists.CHECKLISTS.values():
        rows.extend(
            TextRow("现场检查事项", checklist.title, item, "示例配置")
            for item in checklist.items
        )
    if q:
        rows = [r for r in rows if q in f"{r.kind}{r.subject}{r.content}"]
    return rows


def _text_row(r: TextRow) -> list[object]:
    return [r.kind, r.subject, r.content, r.note]


# --- 许可证件 (D19) -------------------------------------------------------------------


def _licences(q: str) -> QuerySet[Any]:
    from ecobureau.enterprises.models import Permit

    qs = (
        Permit.objects.filter(issued_on__isnull=False)
        .select_related("enterprise")
        .only(
            "kind",
            "number",
            "issuer",
            "issued_on",
            "valid_until",
            "enterprise__name",
            "enterprise__credit_code",
        )
        .order_by("-issued_on", "-pk")
    )
    if q:
        qs = qs.filter(
            Q(enterprise__name__icontains=q)
            | Q(number__icontains=q)
            | Q(enterprise__credit_code__icontains=q)
        )
    return qs


def _licence_row(p: Any) -> list[object]:
    return [
        p.enterprise.name,
        p.enterprise.credit_code,
        p.get_kind_display(),
        p.number,
        p.issuer,
        p.issued_on,
        p.valid_until or "长期",
    ]


# --- 违法企业名单 (A91) ---------------------------------------------------------------


def _violators(q: str) -> QuerySet[Any]:
    # The enforcement module's public decisions (published, not withdrawn; after a
    # 变更决定 the corrected entry), so a decision appears only once it has been
    # served and published, a revoked one leaves with its publication, and the
    # penalty is the one in force (行政处罚法第四十八条, P18). Organisations only:
    # a citizen party is a private person and never listed by name.
    from ecobureau.enforcement.models import PenaltyDecision
    from ecobureau.enforcement.services import publication

    return publication.public_decisions(q).filter(
        decision__party_kind=PenaltyDecision.PartyKind.ORGANISATION
    )


def _violator_row(d: Any) -> list[object]:
    reference = d.reference + (
        f"（变更{d.original_reference}）" if d.original_reference else ""
    )
    return [d.party, d.credit_code, d.district, reference, d.penalty, d.decided_on]


# --- “四个清单”：不予行政处罚清单 (E11) ----------------------------------------------


def _four_lists(q: str) -> Sequence[Any]:
    from ecobureau.enforcement import selectors as enforcement

    items = list(enforcement.minor_items())
    if q:
        items = [i for i in items if q in f"{i.title}{i.basis}{i.conditions_text}"]
    return items


def _minor_row(item: Any) -> list[object]:
    number = f"{item.number}" + (f"（{item.part}）" if item.part > 1 else "")
    return [number, item.title, item.basis, item.conditions_text]


# --- 环境保护目标 (D19, X3) -----------------------------------------------------------


def _targets(q: str) -> QuerySet[Any]:
    from ecobureau.quality.models import EmissionTarget

    qs = EmissionTarget.objects.select_related("district").order_by(
        "-year", "district__code", "pollutant"
    )
    if q:
        qs = qs.filter(Q(district__name__icontains=q) | Q(pollutant__icontains=q))
    return qs


def _target_row(t: Any) -> list[object]:
    cut = t.base_tonnes - t.cap_tonnes
    share = f"{cut / t.base_tonnes * 100:.1f}%" if t.base_tonnes else ""
    return [
        t.year,
        t.district.name,
        t.get_pollutant_display(),
        t.base_tonnes,
        t.cap_tonnes,
        share,
        "示例数据" if t.is_demo else "",
    ]


# --- 挂牌督办案件 (A93) ---------------------------------------------------------------


def _listed_supervision(q: str) -> QuerySet[Any]:
    from ecobureau.enforcement import selectors as enforcement

    return enforcement.supervision_list_public(q)


def _supervision_row(item: Any) -> list[object]:
    from ecobureau.enforcement import selectors as enforcement

    r = enforcement.supervision_public_row(item)
    return [
        r.party,
        r.district,
        r.authority,
        r.reference,
        r.matter,
        r.listed_on,
        r.deadline,
        r.status,
        r.lifted_on,
        r.lift_note,
    ]


# --- 环保绩效考核结果 (D19, C10, A96) --------------------------------------------------


@dataclass(frozen=True)
class AssessmentRow:
    title: str
    kind: str
    published_on: date | None
    rank: object
    unit: str
    completion: object
    satisfaction: object
    score: object
    scheme: str


def _assessments(q: str) -> list[AssessmentRow]:
    # The leadership module's published results only; units and numbers, no person.
    from ecobureau.leadership import selectors as leadership

    rows = []
    for a in leadership.assessment_list_public():
        published = (
            a.published_at.astimezone(SHANGHAI).date() if a.published_at else None
        )
        scheme = str((a.scheme or {}).get("label", ""))
        for r in sorted(a.rows, key=lambda r: (not r.get("rank"), r.get("rank") or 0)):
            rates = r.get("rates") or {}
            rows.append(
                AssessmentRow(
                    a.title,
                    a.get_kind_display(),
                    published,
                    r.get("rank") or "—",
                    str(r.get("unit_name", "")),
                    rates.get("completion") or "—",
                    rates.get("satisfaction") or "—",
                    r.get("score") or "—",
                    scheme,
                )
            )
    if q:
        rows = [r for r in rows if q in f"{r.title}{r.kind}{r.unit}"]
    return rows


def _assessment_row(r: AssessmentRow) -> list[object]:
    return [
        r.title,
        r.kind,
        r.rank,
        r.unit,
        r.completion,
        r.satisfaction,
        r.score,
        r.published_on,
        r.scheme,
    ]


# --- 环境保护目标责任考核结果 (C10) and 环境保护责任审计结果 (D6), from quality ----------


def _year_q(q: str) -> Q:
    # "2025" or "2025年" finds the year; other text matches no year.
    digits = q.removesuffix("年")
    return Q(year=int(digits)) if digits.isdigit() and len(digits) == 4 else Q(pk=None)


def _target_letters(q: str) -> QuerySet[Any]:
    # The quality module's published results only: units, targets and results; the
    # head's name and the accountability text (which names people) are not read.
    from ecobureau.quality import selectors as quality

    qs = quality.letter_list_public().order_by("-year", "unit_name", "pk")
    if q:
        qs = qs.filter(
            Q(unit_name__icontains=q)
            | Q(issuer__icontains=q)
            | Q(district__name__icontains=q)
            | _year_q(q)
        )
    return qs


def _target_letter_row(letter: Any) -> list[object]:
    targets = "；".join(
        f"{t.position}. {t.task}：{t.get_status_display()}"
        + (f"（{t.result}）" if t.result else "")
        for t in letter.targets.all()
    )
    return [
        letter.year,
        letter.unit_name,
        letter.district.name if letter.district_id else "",
        letter.issuer,
        letter.get_status_display(),
        letter.get_cause_display() if letter.cause else "",
        targets,
        letter.congress_reported_on,
        letter.published_at.astimezone(SHANGHAI).date(),
    ]


def _audits(q: str) -> QuerySet[Any]:
    from ecobureau.quality import selectors as quality

    qs = quality.audit_list_public().order_by("-year", "unit_name", "pk")
    if q:
        qs = qs.filter(
            Q(unit_name__icontains=q)
            | Q(auditor__icontains=q)
            | Q(district__name__icontains=q)
            | _year_q(q)
        )
    return qs


def _audit_row(audit: Any) -> list[object]:
    return [
        audit.year,
        audit.unit_name,
        audit.district.name if audit.district_id else "",
        audit.auditor,
        audit.scope_text,
        audit.findings,
        audit.conclusion,
        audit.reported_on,
        audit.published_at.astimezone(SHANGHAI).date(),
    ]


TABLES: dict[str, Table] = {
    "key-dischargers": Table(
        (
            _("单位名称"),
            _("统一社会信用代码"),
            _("区县"),
            _("行业"),
            _("重点类别"),
            _("主要污染物"),
            _("排放口类型"),
            _("执行标准"),
            _("污染防治设施及运行情况"),
            _("本年超标次数"),
            _("本年超标小时数"),
        ),
        (30, 22, 10, 16, 8, 24, 12, 30, 50, 12, 12),
        _key_dischargers,
        _key_discharger_row,
        _("单位名称、信用代码或行业"),
    ),
    "officers": Table(
        (_("姓名"), _("执法证号"), _("所在单位")),
        (12, 20, 30),
        _officers,
        _officer_row,
        _("姓名、执法证号或单位"),
    ),
    "inspection-items": Table(
        (_("类别"), _("对象或清单"), _("内容"), _("依据或说明")),
        (14, 24, 50, 40),
        _inspection_items,
        _text_row,
        _("检查事项关键词"),
    ),
    "licences": Table(
        (
            _("单位名称"),
            _("统一社会信用代码"),
            _("证件类型"),
            _("证号/文号"),
            _("发证机关"),
            _("发证日期"),
            _("有效期至"),
        ),
        (30, 22, 16, 24, 20, 12, 12),
        _licences,
        _licence_row,
        _("单位名称、信用代码或证号"),
    ),
    "violators": Table(
        (
            _("单位名称"),
            _("统一社会信用代码"),
            _("区县"),
            _("决定书文号"),
            _("处罚内容"),
            _("决定日期"),
        ),
        (30, 22, 10, 30, 30, 12),
        _violators,
        _violator_row,
        _("单位名称、信用代码或决定书文号"),
    ),
    "four-lists": Table(
        (_("序号"), _("违法行为"), _("法律依据"), _("适用条件")),
        (8, 40, 40, 60),
        _four_lists,
        _minor_row,
        _("违法行为或依据关键词"),
    ),
    "targets": Table(
        (
            _("年度"),
            _("区县"),
            _("污染物"),
            _("基准年排放量（吨）"),
            _("年度控制目标（吨）"),
            _("削减比例"),
            _("说明"),
        ),
        (8, 12, 10, 16, 16, 10, 10),
        _targets,
        _target_row,
        _("区县名称"),
    ),
    "listed-supervision": Table(
        (
            _("当事人"),
            _("所在区域"),
            _("督办机关"),
            _("督办文号"),
            _("督办事项"),
            _("挂牌日期"),
            _("督办期限"),
            _("状态"),
            _("解除日期"),
            _("办结情况"),
        ),
        (24, 10, 20, 22, 40, 12, 12, 10, 12, 30),
        _listed_supervision,
        _supervision_row,
        _("单位名称、督办文号、督办机关或事项"),
    ),
    "assessment": Table(
        (
            _("考核期间"),
            _("类型"),
            _("名次"),
            _("单位"),
            _("办结率（%）"),
            _("满意率（%）"),
            _("得分"),
            _("公布日期"),
            _("考核指标与权重"),
        ),
        (24, 10, 6, 20, 12, 12, 8, 12, 28),
        _assessments,
        _assessment_row,
        _("单位名称或考核期间"),
    ),
    "target-assessment": Table(
        (
            _("年度"),
            _("责任单位"),
            _("所属区县"),
            _("下达单位"),
            _("考核结论"),
            _("未完成原因"),
            _("目标任务及完成情况"),
            _("向人大报告日期"),
            _("公开日期"),
        ),
        (6, 24, 10, 20, 8, 16, 60, 14, 12),
        _target_letters,
        _target_letter_row,
        _("责任单位、下达单位、区县或年度"),
    ),
    "responsibility-audits": Table(
        (
            _("审计年度"),
            _("被审计单位"),
            _("所属区县"),
            _("审计机关"),
            _("审计内容"),
            _("发现的问题"),
            _("审计结论与整改要求"),
            _("审计报告日期"),
            _("公开日期"),
        ),
        (8, 24, 10, 16, 20, 40, 40, 14, 12),
        _audits,
        _audit_row,
        _("被审计单位、审计机关、区县或年度"),
    ),
}


# --- Publication dates ------------------------------------------------------------


def _dated(qs: QuerySet[Any], field: str) -> date | datetime | None:
    value: date | datetime | None = qs.aggregate(latest=Max(field))["latest"]
    return value


def _published_key_dischargers() -> date | datetime | None:
    from ecobureau.enterprises import selectors as enterprises
    from ecobureau.enterprises.models import Enterprise

    # A facility's new status is a new publication of the list too (A92).
    return _max_of(
        _dated(Enterprise.objects.exclude(key_source=""), "updated_at"),
        _dated(
            enterprises.facility_list_public().exclude(enterprise__key_source=""),
            "updated_at",
        ),
    )


def _max_of(*values: date | datetime | None) -> date | datetime | None:
    found = [v for v in values if v is not None]
    return max(found) if found else None


def _published_officers() -> date | datetime | None:
    from ecobureau.accounts.models import User

    return _dated(User.objects.exclude(credential_no=""), "date_joined")


def _published_licences() -> date | datetime | None:
    from ecobureau.enterprises.models import Permit

    return _dated(Permit.objects.filter(issued_on__isnull=False), "issued_on")


def _published_violators() -> date | datetime | None:
    return _dated(_violators(""), "published_at")


def _published_items() -> date | datetime | None:
    from ecobureau.grid.models import ClassPolicy

    return _dated(ClassPolicy.objects.all(), "updated_at")


def _published_targets() -> date | datetime | None:
    from ecobureau.quality.models import EmissionTarget

    year = EmissionTarget.objects.aggregate(y=Max("year"))["y"]
    return date(year, 1, 1) if year else None


def _published_consultations() -> date | datetime | None:
    from .models import Consultation

    return _dated(Consultation.objects.exclude(published_at=None), "published_at")


def _published_letters() -> date | datetime | None:
    from .models import Letter

    return _dated(Letter.objects.filter(status=Letter.Status.PUBLISHED), "published_at")


def _published_supervision() -> date | datetime | None:
    from ecobureau.enforcement import selectors as enforcement

    return enforcement.supervision_last_change_public()


def _published_assessments() -> date | datetime | None:
    from ecobureau.leadership import selectors as leadership

    return _dated(leadership.assessment_list_public(), "published_at")


def _published_target_letters() -> date | datetime | None:
    from ecobureau.quality import selectors as quality

    return _dated(quality.letter_list_public(), "published_at")


def _published_audits() -> date | datetime | None:
    from ecobureau.quality import selectors as quality

    return _dated(quality.audit_list_public(), "published_at")


_PUBLISHED: dict[str, Callable[[], date | datetime | None]] = {
    "key-dischargers": _published_key_dischargers,
    "officers": _published_officers,
    "licences": _published_licences,
    "violators": _published_violators,
    "inspection-items": _published_items,
    "targets": _published_targets,
    "listed-supervision": _published_supervision,
    "assessment": _published_assessments,
    "consultations": _published_consultations,
    "letters": _published_letters,
    "target-assessment": _published_target_letters,
    "responsibility-audits": _published_audits,
}


# The registers the owning modules keep for publication (C27, D19).
TABLES.update(tables_registers.TABLES)
_PUBLISHED.update(tables_registers.PUBLISHED)


def published_of(key: str) -> Callable[[], date | datetime | None]:
    return _PUBLISHED[key]


def export_rows(table: Table, q: str) -> Iterable[list[object]]:
    found = table.items(q)
    items: Iterable[Any] = (
        found.iterator(chunk_size=2000)  # prefetches run per chunk
        if isinstance(found, QuerySet)
        else found
    )
    for item in items:
        yield [_cell(value) for value in table.row(item)]


def _cell(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    return value
