"""Sections, their yearly targets and the sample import (X2)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Division

from .. import drinking, selectors
from .. import water_class as wc
from ..models import (
    ImportBatch,
    Measurement,
    Sample,
    Section,
    SectionTarget,
    SourceVolume,
)
from .common import (
    MAX_ROWS,
    ImportFailed,
    _date,
    _number,
    _read_table,
    _require_district,
)

# --- Sections and targets ------------------------------------------------------------


@transaction.atomic
def section_create(
    *,
    actor: User,
    code: str,
    name: str,
    level: str,
    water_body: str,
    district: Division,
    river: str = "",
    is_drinking_source: bool = False,
    is_demo: bool = False,
) -> Section:
    _require_district(actor, district.pk)
    if Section.objects.filter(code=code).exists():
        raise ValidationError({"code": f"断面编码“{code}”已存在"})
    section = Section.objects.create(
        code=code,
        name=name,
        level=level,
        water_body=water_body,
        district=district,
        river=river,
        is_drinking_source=is_drinking_source,
        is_demo=is_demo,
    )
    records.append(
        action="quality.section_create",
        target=section,
        actor=actor,
        after={"code": code, "level": level, "water_body": water_body},
    )
    return section


@transaction.atomic
def section_target_set(
    *, actor: User, section: Section, year: int, target: str
) -> SectionTarget:
    _require_district(actor, section.district_id)
    if target not in wc.TARGETS:
        raise ValidationError({"target": "目标类别应为I～V类"})
    row = SectionTarget.objects.filter(section=section, year=year).first()
    before = row.target if row else None
    if row is None:
        row = SectionTarget.objects.create(section=section, year=year, target=target)
    else:
        row.target = target
        row.save(update_fields=["target"])
    records.append(
        action="quality.section_target_set",
        target=section,
        actor=actor,
        before=before,
        after=target,
        data={"year": year},
    )
    return row


@transaction.atomic
def source_volume_set(
    *, actor: User, section: Section, year: int, month: int, volume: Decimal
) -> SourceVolume:
    """A drinking-water source's volume taken in a month (万立方米), for the
    water-volume compliance rate; replaces the month's figure, recorded."""
    _require_district(actor, section.district_id)
    problems = {}
    if not section.is_drinking_source:
        problems["section"] = "只有集中式饮用水水源地登记取水量"
    if not 2000 <= year <= 2100:
        problems["year"] = "年度应在2000～2100之间"
    if not 1 <= month <= 12:
        problems["month"] = "月份应为1～12"
    if volume < 0:
        problems["volume"] = "取水量不能为负数"
    if problems:
        raise ValidationError(problems)
    row = SourceVolume.objects.filter(section=section, year=year, month=month).first()
    before = str(row.volume) if row else None
    if row is None:
        row = SourceVolume.objects.create(
            section=section, year=year, month=month, volume=volume, recorded_by=actor
        )
    else:
        row.volume = volume
        row.recorded_by = actor
        row.save(update_fields=["volume", "recorded_by", "updated_at"])
    records.append(
        action="quality.source_volume_set",
        target=section,
        actor=actor,
        before=before,
        after=str(volume),
        data={"year": year, "month": month},
    )
    return row


# --- Sample import (all or nothing) --------------------------------------------------

# Header → parameter key: the Chinese name, or the key itself; a unit in brackets
# after the name is allowed ("氨氮(mg/L)").
PARAMETER_HEADERS = {drinking.ALL_NAMES[key]: key for key in drinking.ALL_KEYS}
PARAMETER_HEADERS.update({key: key for key in drinking.ALL_KEYS})
PARAMETER_HEADERS.update(
    {"高锰酸盐": "codmn", "COD": "cod", "BOD5": "bod5", "氨氮NH3-N": "nh3n"}
)
# GB 3838—2002 表2 as the table writes the items (硝酸盐（以N计）→ "硝酸盐").
PARAMETER_HEADERS.update({"硝酸盐": "no3n", "硝酸盐氮": "no3n"})
SOURCES = {
    "手工监测": Sample.Source.MANUAL,
    "手工": Sample.Source.MANUAL,
    "自动站": Sample.Source.AUTO,
}
SAMPLE_HEADERS = ("断面编码", "采样日期", "来源")


def _header_key(header: str) -> str | None:
    text = header.strip()
    for bracket in ("(", "（"):
        if bracket in text:
            text = text.split(bracket, 1)[0].strip()
    return PARAMETER_HEADERS.get(text)


@dataclass
class _Row:
    number: int
    section: Section
    day: date
    source: str
    values: dict[str, Decimal]


@transaction.atomic
def samples_import(*, actor: User, content: bytes, filename: str) -> ImportBatch:
    """Import a workbook of samples: one row per section and day, one column per
    parameter. Every row is checked first; any bad row and nothing is written."""
    if not actor.has_perm("quality.manage_quality"):
        raise PermissionDenied("您无权导入监测数据")
    table = _read_table(content)
    if not table:
        raise ImportFailed("文件为空，第1行应为表头。")
    headers = [str(h or "").strip() for h in table[0]]
    while headers and not headers[-1]:
        headers.pop()
    missing = [name for name in SAMPLE_HEADERS[:2] if name not in headers]
    unknown = [h for h in headers if h not in SAMPLE_HEADERS and _header_key(h) is None]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"缺少列：{'、'.join(missing)}")
        if unknown:
            parts.append(f"无法识别的列：{'、'.join(h or '（空白）' for h in unknown)}")
        raise ImportFailed("表头与模板不符。" + "；".join(parts) + "。")
    body = [
        (n, row)
        for n, row in enumerate(table[1:], start=2)
        if any(v not in (None, "") for v in row)
    ]
    if not body:
        raise ImportFailed("文件中没有数据行。")
    if len(body) > MAX_ROWS:
        raise ImportFailed(f"一次最多导入{MAX_ROWS}行，本文件有{len(body)}行。")
    sections = {s.code: s for s in Section.objects.all()}
    keys = {h: (None if h in SAMPLE_HEADERS else _header_key(h)) for h in headers}
    good: list[_Row] = []
    bad: list[tuple[int, list[str]]] = []
    seen: dict[tuple[int, date, str], int] = {}
    for number, raw in body:
        cells = {h: (raw[i] if i < len(raw) else None) for i, h in enumerate(headers)}
        problems: list[str] = []
        code = str(cells.get("断面编码") or "").strip()
        section = sections.get(code)
        if section is None:
            problems.append(f"断面编码“{code}”不存在" if code else "缺少断面编码")
        elif not selectors.can_manage_district(actor, section.district_id):
            problems.append(f"断面“{section.name}”不在您的辖区")
        day = _date(cells.get("采样日期"))
        if day is None:
            problems.append(f"采样日期“{cells.get('采样日期') or ''}”应为YYYY-MM-DD")
        source_text = str(cells.get("来源") or "手工监测").strip()
        source = SOURCES.get(source_text)
        if source is None:
            problems.append(f"来源“{source_text}”应为手工监测或自动站")
        values: dict[str, Decimal] = {}
        for header, cell in cells.items():
            key = keys[header]
            if key is None or cell in (None, ""):
                continue
            try:
                value = _number(cell)
            except (InvalidOperation, ValueError):
                problems.append(f"{header}“{cell}”不是数值")
                continue
            if value is None or not value.is_finite():
                problems.append(f"{header}“{cell}”不是数值")
            elif key == "ph" and not Decimal(0) <= value <= Decimal(14):
                problems.append(f"pH“{cell}”应在0～14之间")
            elif key != "water_temp" and value < 0:
                problems.append(f"{header}不能为负数")
            elif abs(value) >= Decimal(10) ** 8:
                problems.append(f"{header}“{cell}”过大")
            else:
                values[key] = value.quantize(Decimal("0.000001"))
        if not values:
            problems.append("没有任何监测项目的数值")
        if section and day and source:
            key3 = (section.pk, day, source)
            if key3 in seen:
                problems.append(f"与第{seen[key3]}行重复（同一断面、日期、来源）")
            else:
                seen[key3] = number
        if problems:
            bad.append((number, problems))
        elif section and day and source:
            good.append(_Row(number, section, day, source, values))
    if good:
        existing = set(
            Sample.objects.filter(
                section_id__in={row.section.pk for row in good},
                sampled_on__in={row.day for row in good},
            ).values_list("section_id", "sampled_on", "source")
        )
        for row in good:
            if (row.section.pk, row.day, row.source) in existing:
                bad.append((row.number, ["该断面该日期的数据已导入过"]))
    if bad:
        bad.sort()
        raise ImportFailed(f"有{len(bad)}行数据有误，未导入任何数据。", rows=bad)
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.SAMPLES,
        file_name=filename[:200],
        sha256=hashlib.sha256(content).hexdigest(),
        rows=len(good),
        created_by=actor,
    )
    samples = Sample.objects.bulk_create(
        [
            Sample(
                section=row.section, sampled_on=row.day, source=row.source, batch=batch
            )
            for row in good
        ]
    )
    if not all(s.pk for s in samples):  # backends that return no ids
        lookup = {
            (s.section_id, s.sampled_on, s.source): s.pk
            for s in Sample.objects.filter(batch=batch)
        }
        for s in samples:
            s.pk = lookup[(s.section_id, s.sampled_on, s.source)]
    Measurement.objects.bulk_create(
        [
            Measurement(sample_id=sample.pk, parameter=key, value=value)
            for sample, row in zip(samples, good, strict=True)
            for key, value in row.values.items()
        ],
        batch_size=2000,
    )
    records.append(
        action="quality.samples_import",
        target=batch,
        actor=actor,
        data={
            "rows": len(good),
            "sections": sorted({row.section.code for row in good}),
        },
        sha256=[batch.sha256],
    )
    return batch
