"""Cells, their five fixes (五定), their people and the responsibility letters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import geo

from ..models import CellStandard, GridCell, GridMember, ResponsibilityLetter
from ._common import require, require_cell, required_text

MANAGE = "grid.manage_grid"
NO_MANAGE = "您无权维护网格。"


def _scope_fields(division: Division) -> dict[str, Division | None]:
    if division.level == 3:
        return {"district": division.parent, "township": division}
    if division.level == 2:
        return {"district": division, "township": None}
    return {"district": None, "township": None}


def cell_code(division: Division) -> str:
    return f"G{division.code}"


@transaction.atomic
def cells_build(*, by: User | None) -> list[GridCell]:
    """Create the administrative cell of every division that has none: level 1 the
    city, level 2 each county, district and zone, level 3 each township, street and
    park, each with its government as responsible body (seed 002 四(一)). Safe to
    run again; returns the cells it created."""
    if by is not None:
        require(by, MANAGE, NO_MANAGE)
    existing = set(
        GridCell.objects.filter(kind=GridCell.Kind.ADMINISTRATIVE).values_list(
            "division_id", flat=True
        )
    )
    governments = {
        unit.code: unit for unit in Unit.objects.filter(code__startswith="gov-")
    }
    by_division = {
        cell.division_id: cell
        for cell in GridCell.objects.filter(kind=GridCell.Kind.ADMINISTRATIVE)
    }
    created = []
    for division in Division.objects.select_related("parent").order_by("level", "code"):
        if division.pk in existing:
            continue
        cell = GridCell.objects.create(
            code=cell_code(division),
            name=f"{division.name}网格",
            level=division.level,
            kind=GridCell.Kind.ADMINISTRATIVE,
            division=division,
            parent=by_division.get(division.parent_id or 0),
            supervising_level=division.level,
            responsible_unit=governments.get(f"gov-{division.code}"),
            **_scope_fields(division),
        )
        by_division[division.pk] = cell
        created.append(cell)
    if created:
        records.append_many(
            [
                records.Entry(
                    action="grid.cell_create",
                    target_type="grid.gridcell",
                    target_id=str(cell.pk),
                    actor_id=by.pk if by else None,
                    unit_id=by.unit_id if by else None,
                    data={"after": {"code": cell.code, "level": cell.level}},
                )
                for cell in created
            ]
        )
    return created


@dataclass(frozen=True)
class UnitGridData:
    """A unit grid inside a level (单元网格): a key area or a river basin."""

    name: str
    code: str
    kind: str
    parent: GridCell
    supervising_level: int
    key_reason: str = ""
    area_text: str = ""


@transaction.atomic
def unit_grid_create(*, data: UnitGridData, by: User) -> GridCell:
    """Add a unit grid under a cell. Level 1 may make an area of large or dense
    polluters or sensitive surroundings a key unit grid it supervises itself
    (seed 002 四(一) "一级网格主体可以将…作为本级重点监管单元网格")."""
    require(by, MANAGE, NO_MANAGE)
    require_cell(by, data.parent)
    if data.kind not in (GridCell.Kind.KEY_AREA, GridCell.Kind.BASIN):
        raise ValidationError("单元网格的类型应为重点监管单元网格或流域单元网格。")
    if data.supervising_level > data.parent.level:
        raise ValidationError("单元网格只能由所在网格或其上级网格监管。")
    if data.kind == GridCell.Kind.KEY_AREA and not data.key_reason:
        raise ValidationError("请选择重点监管理由。")
    if GridCell.objects.filter(code=data.code).exists():
        raise ValidationError(f"网格编码“{data.code}”已被使用。")
    parent = data.parent
    cell = GridCell.objects.create(
        code=required_text(data.code, "网格编码"),
        name=required_text(data.name, "网格名称"),
        level=parent.level,
        kind=data.kind,
        key_reason=data.key_reason,
        division=parent.division,
        parent=parent,
        supervising_level=data.supervising_level,
        responsible_unit=parent.responsible_unit,
        area_text=data.area_text,
        district=parent.district,
        township=parent.township,
    )
    records.append(
        action="grid.cell_create",
        target=cell,
        actor=by,
        after={"code": cell.code, "kind": cell.kind, "parent": parent.pk},
    )
    return cell


FIX_FIELDS = (
    "area_text",
    "duties_text",
    "tasks_text",
    "rewards_text",
    "sensitive_receptors",
    "water_bodies",
    "monitoring_network",
)


@transaction.atomic
def cell_update(*, cell: GridCell, values: dict[str, str], by: User) -> GridCell:
    """Change a cell's five fixes (定区域、定职责、定任务、定奖惩) and key-area facts."""
    require(by, MANAGE, NO_MANAGE)
    require_cell(by, cell)
    unknown = set(values) - set(FIX_FIELDS)
    if unknown:
        raise ValueError(f"unknown cell fields {sorted(unknown)}")
    changed = {}
    for name, value in values.items():
        if getattr(cell, name) != value.strip():
            changed[name] = value.strip()
            setattr(cell, name, value.strip())
    if not changed:
        return cell
    cell.save(update_fields=[*changed, "updated_at"])
    # The texts are public once published; the record keeps which fields changed.
    records.append(
        action="grid.cell_update",
        target=cell,
        actor=by,
        data={"fields": sorted(changed)},
    )
    return cell


@transaction.atomic
def cell_set_boundary(
    *, cell: GridCell, geometry: Any, is_demo: bool, source: str, by: User
) -> GridCell:
    """Set a cell's boundary: a GeoJSON Polygon or MultiPolygon in WGS-84."""
    require(by, MANAGE, NO_MANAGE)
    require_cell(by, cell)
    try:
        checked = geo.check_geometry(geometry)
    except geo.GeometryError as error:
        raise ValidationError(str(error)) from None
    cell.boundary = checked
    cell.boundary_is_demo = is_demo
    cell.boundary_source = source.strip()
    cell.save(
        update_fields=["boundary", "boundary_is_demo", "boundary_source", "updated_at"]
    )
    records.append(
        action="grid.cell_boundary",
        target=cell,
        actor=by,
        after={"is_demo": is_demo, "bbox": [str(v) for v in geo.bbox(checked)]},
    )
    return cell


def publication_gaps(cell: GridCell) -> list[str]:
    """What the five fixes still lack before the cell may be published (C3)."""
    gaps = []
    if not cell.area_text.strip() and not cell.boundary:
        gaps.append("定区域（网格范围说明或边界）")
    if not cell.members.filter(
        role=GridMember.Role.FIRST_RESPONSIBLE, until__isnull=True
    ).exists():
        gaps.append("定人员（第一责任人）")
    for name, label in (
        ("duties_text", "定职责"),
        ("tasks_text", "定任务"),
        ("rewards_text", "定奖惩"),
    ):
        if not getattr(cell, name).strip():
            gaps.append(label)
    return gaps


@transaction.atomic
def cell_publish(*, cell: GridCell, by: User) -> GridCell:
    """Publish a cell's five fixes and people on the portal (seed 002 四(二)1
    "相关内容要向社会公开公示", 四(五)1); all five must be fixed first."""
    require(by, MANAGE, NO_MANAGE)
    require_cell(by, cell)
    gaps = publication_gaps(cell)
    if gaps:
        raise ValidationError(f"“五定”尚未完成，不能公开：{'、'.join(gaps)}。")
    cell.published_at = timezone.now()
    cell.save(update_fields=["published_at", "updated_at"])
    records.append(action="grid.cell_publish", target=cell, actor=by)
    return cell


@transaction.atomic
def cell_unpublish(*, cell: GridCell, reason: str, by: User) -> GridCell:
    require(by, MANAGE, NO_MANAGE)
    require_cell(by, cell)
    reason = required_text(reason, "撤回公开的理由")
    cell.published_at = None
    cell.save(update_fields=["published_at", "updated_at"])
    records.append(
        action="grid.cell_unpublish", target=cell, actor=by, data={"reason": reason}
    )
    return cell


@dataclass(frozen=True)
class MemberData:
    role: str
    name: str
    since: date
    title: str = ""
    phone: str = ""
    user: User | None = None
    organisation: str = ""
    enterprise: Enterprise | None = None
    publish: bool = True


@transaction.atomic
def member_add(*, cell: GridCell, data: MemberData, by: User) -> GridMember:
    """Add a person to a cell (定人员)."""
    require(by, MANAGE, NO_MANAGE)
    require_cell(by, cell)
    if data.role not in GridMember.Role.values:
        raise ValidationError("请选择网格人员的职责。")
    if data.role == GridMember.Role.ENTERPRISE_SUPERVISOR and data.enterprise is None:
        raise ValidationError("企业环境监督员须注明所在企业。")
    if data.user is not None and data.user.is_public:
        raise ValidationError("网格人员须为工作人员账户或不关联账户。")
    try:
        with transaction.atomic():
            member = GridMember.objects.create(
                cell=cell,
                role=data.role,
                name=required_text(data.name, "姓名"),
                title=data.title.strip(),
                phone=data.phone.strip(),
                user=data.user,
                organisation=data.organisation.strip(),
                enterprise=data.enterprise,
                publish=data.publish,
                since=data.since,
            )
    except IntegrityError:
        raise ValidationError(
            "本网格已有第一责任人，请先登记原第一责任人离任。"
        ) from None
    records.append(
        action="grid.member_add",
        target=cell,
        actor=by,
        after={"member": member.pk, "role": member.role, "user": member.user_id},
    )
    return member


@transaction.atomic
def member_end(*, member: GridMember, until: date, by: User) -> GridMember:
    require(by, MANAGE, NO_MANAGE)
    require_cell(by, member.cell)
    if member.until is not None:
        raise ValidationError("该人员已离任。")
    if until < member.since:
        raise ValidationError("离任日期不能早于起始日期。")
    member.until = until
    member.save(update_fields=["until", "updated_at"])
    records.append(
        action="grid.member_end",
        target=member.cell,
        actor=by,
        after={"member": member.pk, "until": until},
    )
    return member


@transaction.atomic
def letter_create(
    *,
    year: int,
    upper_cell: GridCell,
    lower_cell: GridCell,
    tasks: str,
    rewards_penalties: str,
    by: User,
) -> ResponsibilityLetter:
    """Draft the year's responsibility letter between a cell and one below it
    (seed 002 四(二)2 "层层签订《环境监管责任状》，明确工作任务和奖惩措施")."""
    require(by, MANAGE, NO_MANAGE)
    require_cell(by, lower_cell)
    if lower_cell.parent_id != upper_cell.pk:
        raise ValidationError("责任状须在上级网格与其直接下级网格之间签订。")
    try:
        with transaction.atomic():
            letter = ResponsibilityLetter.objects.create(
                year=year,
                upper_cell=upper_cell,
                lower_cell=lower_cell,
                tasks=required_text(tasks, "工作任务"),
                rewards_penalties=required_text(rewards_penalties, "奖惩措施"),
                district=lower_cell.district,
                township=lower_cell.township,
            )
    except IntegrityError:
        raise ValidationError(f"{year}年的责任状已存在。") from None
    records.append(
        action="grid.letter_create",
        target=letter,
        actor=by,
        after={"year": year, "upper": upper_cell.pk, "lower": lower_cell.pk},
    )
    return letter


@transaction.atomic
def letter_sign(
    *,
    letter: ResponsibilityLetter,
    upper_signatory: str,
    lower_signatory: str,
    signed_on: date,
    by: User,
    scan: File[bytes] | None = None,
) -> ResponsibilityLetter:
    """Record the signing of a letter, with the signed scan if there is one."""
    require(by, MANAGE, NO_MANAGE)
    require_cell(by, letter.lower_cell)
    if letter.status == ResponsibilityLetter.Status.SIGNED:
        raise ValidationError("该责任状已签订。")
    claimed = ResponsibilityLetter.objects.filter(
        pk=letter.pk, status=ResponsibilityLetter.Status.DRAFT
    ).update(
        status=ResponsibilityLetter.Status.SIGNED,
        upper_signatory=required_text(upper_signatory, "上级签订人"),
        lower_signatory=required_text(lower_signatory, "下级签订人"),
        signed_on=signed_on,
        updated_at=timezone.now(),
    )
    if not claimed:
        raise ValidationError("该责任状刚被他人修改，请刷新后重试。")
    letter.refresh_from_db()
    hashes: list[str] = []
    if scan is not None:
        attachment = casework_services.attachment_add(
            file=scan, target=letter, kind=Attachment.Kind.SCAN, by=by
        )
        hashes.append(attachment.blob_id)
    records.append(
        action="grid.letter_sign",
        target=letter,
        actor=by,
        before=ResponsibilityLetter.Status.DRAFT,
        after=ResponsibilityLetter.Status.SIGNED,
        data={"signed_on": signed_on},
        sha256=hashes,
    )
    return letter


TABLE_HEADERS = (
    "层级",
    "网格编码",
    "网格名称",
    "类型",
    "所在行政区划",
    "上级网格",
    "责任主体",
    "第一责任人",
    "第一责任人电话",
    "网格员及环境执法工作人员",
    "定区域",
    "定职责",
    "定任务",
    "定奖惩",
    "A类企业",
    "B类企业",
    "C类企业",
    "公开公示",
)


def cell_table_export(*, by: User) -> bytes:
    """The grid division table (网格划分表, seed 002 附件3) of the cells in the
    user's scope — for a city-wide user the city's summary table (附件4). The
    export is recorded, since it carries names and phone numbers."""
    from collections import Counter
    from hashlib import sha256

    from ecobureau.lib import xlsx

    from .. import selectors
    from ..models import EnterpriseSupervision

    require(by, "grid.view_gridcell", "您无权导出网格划分表。")
    cells = list(selectors.cell_list_for_user(by))
    ids = [cell.pk for cell in cells]
    members: dict[int, list[GridMember]] = {}
    for member in GridMember.objects.filter(cell_id__in=ids, until__isnull=True):
        members.setdefault(member.cell_id, []).append(member)
    classes = Counter(
        EnterpriseSupervision.objects.filter(cell_id__in=ids).values_list(
            "cell_id", "klass"
        )
    )

    def row(cell: GridCell) -> list[object]:
        people = members.get(cell.pk, [])
        first = next(
            (m for m in people if m.role == GridMember.Role.FIRST_RESPONSIBLE), None
        )
        staff = [m for m in people if m.role in GridMember.STAFF_ROLES]
        return [
            cell.get_level_display(),
            cell.code,
            cell.name,
            cell.get_kind_display(),
            cell.division.name,
            cell.parent.name if cell.parent else "",
            cell.responsible_unit.name if cell.responsible_unit else "",
            first.name if first else "",
            first.phone if first else "",
            "；".join(f"{m.name} {m.phone}".strip() for m in staff),
            cell.area_text,
            cell.duties_text,
            cell.tasks_text,
            cell.rewards_text,
            classes[(cell.pk, "A")],
            classes[(cell.pk, "B")],
            classes[(cell.pk, "C")],
            "已公开" if cell.published_at else "未公开",
        ]

    content, count = xlsx.write(
        title="网格划分表",
        headers=TABLE_HEADERS,
        widths=[10, 14, 24, 14, 14, 20, 24, 10, 14, 30, 30, 30, 30, 30, 8, 8, 8, 10],
        required=[False] * len(TABLE_HEADERS),
        rows=(row(cell) for cell in cells),
    )
    with transaction.atomic():
        records.append(
            action="grid.cell_export",
            target=("grid.export", timezone.now().strftime("%Y%m%d%H%M%S")),
            actor=by,
            data={"rows": count},
            sha256=[sha256(content).hexdigest()],
        )
    return content


# --- A level's time limits and standards (C22) ---------------------------------------

STANDARD_FIELDS = {
    "patrol_days": ("巡查周期", 1, 90),
    "report_hours": ("发现问题上报时限", 1, 168),
    "accept_workdays": ("受理时限", 1, 30),
    "handle_workdays": ("办理时限", 1, 90),
    "transfer_workdays": ("移交部门办理时限", 1, 60),
    "work_report_day": ("工作情况上报日", 1, 28),
}


@transaction.atomic
def standard_set(
    *,
    cell: GridCell,
    values: dict[str, int],
    standards: str,
    rewards_penalties: str,
    by: User,
) -> CellStandard:
    """A level's heads set its time limits and standards for patrolling, reporting
    and handling, and its rewards and penalties (seed 002 六(二)1). Problems
    reported from the cells below are then clocked with these limits."""
    require(by, "grid.evaluate_cell", "只有本级网格负责人可以设定工作时限与标准。")
    require_cell(by, cell)
    if cell.kind != GridCell.Kind.ADMINISTRATIVE:
        raise ValidationError("工作时限与标准按行政区域网格（市、县区、乡镇）设定。")
    clean: dict[str, int] = {}
    for name, (label, low, high) in STANDARD_FIELDS.items():
        value = values.get(name)
        if value is None:
            raise ValidationError(f"请填写{label}。")
        if not low <= int(value) <= high:
            raise ValidationError(f"{label}应在{low}至{high}之间。")
        clean[name] = int(value)
    existing = CellStandard.objects.filter(cell=cell).first()
    before = (
        {name: getattr(existing, name) for name in STANDARD_FIELDS}
        if existing
        else None
    )
    standard, _ = CellStandard.objects.update_or_create(
        cell=cell,
        defaults={
            **clean,
            "standards": required_text(standards, "工作标准"),
            "rewards_penalties": required_text(rewards_penalties, "奖惩措施"),
            "updated_by": by,
        },
    )
    records.append(
        action="grid.standard_set",
        target=cell,
        actor=by,
        before=before,
        after=clean,
    )
    return standard
