"""The monthly environmental-quality bulletin (环境质量月报/公报, issue 13 item 6):
every figure computed from the stored data, each with the source it came from,
as a PDF (lib.pdf, embedded Noto Serif SC) and an Excel workbook.

Who sees what: the figures are the reader's own (the emission and hazardous-
waste figures through the reader's scoped selectors), so a district officer's
bulletin carries their district's ledger only; the water, air and noise figures
are public information and the same for everyone."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from ecobureau.accounts.models import User
from ecobureau.lib import pdf, xlsx

from . import drilldown, emissions, reports, selectors, statistics


@dataclass(frozen=True)
class Figure:
    part: str
    label: str
    value: str
    source: str
    # The drill-down listing the rows behind the figure (staff page only):
    # "water", "drinking", "air" or "emissions" (views_drilldown.KINDS).
    drill: str = ""


def _fmt(value: object, places: int = 1, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{Decimal(str(value)):.{places}f}{unit}"


def _water(year: int, month: int) -> list[Figure]:
    w = selectors.water_summary(year=year, last_month=month, level="national")
    src = _(
        "断面水质监测数据（quality.Sample），%(year)s年1—%(month)s月各项目均值，"
        "GB 3838—2002单因子评价"
    ) % {"year": year, "month": month}
    drinking, rate = selectors.drinking_summary(year=year, last_month=month)
    volume = selectors.drinking_volume_rate(drinking)
    config = statistics.rules()
    cwqi_rule, _main, drinking_rule = config.cite_water()
    good = _fmt(w.good_share, 1, "%")
    if w.good_target is not None and w.good_share is not None:
        good += (
            _("（省考核标准%(target)s，优于）")
            if w.good_target_met
            else _("（省考核标准%(target)s，未达到）")
        ) % {"target": _fmt(w.good_target, 0, "%")}
    part, drinking_part = _("地表水"), _("饮用水水源地")
    return [
        Figure(
            part,
            _("国考断面达到考核目标"),
            _("%(meeting)s/%(total)s个")
            % {"meeting": w.meeting, "total": w.with_target},
            src,
            "water",
        ),
        Figure(
            part,
            _("优良水体（Ⅰ～Ⅲ类）比例"),
            good,
            src
            + _(
                "；省考核标准为设置项QUALITY_STATISTICS_RULES.good_water_target（示例配置）"
            ),
            "water",
        ),
        Figure(
            part,
            _("城市水质指数CWQI"),
            _fmt(w.cwqi, 2),
            f"{src}{_('；')}{cwqi_rule}",
            "water",
        ),
        Figure(
            part,
            _("CWQI同比变化（负为改善）"),
            _fmt(w.cwqi_change, 2, "%"),
            src,
            "water",
        ),
        Figure(
            drinking_part,
            _("水质达标率（按水源地个数）"),
            _fmt(rate, 1, "%"),
            _("%(count)s个水源地逐月评价；%(rule)s；表3特定项目未纳入（原文未录入）")
            % {"count": len(drinking), "rule": drinking_rule},
            "drinking",
        ),
        Figure(
            drinking_part,
            _("水量达标率"),
            _fmt(volume.rate, 1, "%"),
            _("达标水源取水量/总取水量（%(compliant)s/%(total)s万立方米）")
            % {"compliant": _fmt(volume.compliant, 2), "total": _fmt(volume.total, 2)}
            if volume.rate is not None
            else _("未登记取水量的水源地：")
            + (_("、").join(s.name for s in volume.missing) or _("无监测水源地")),
            "drinking",
        ),
    ]


def _air(year: int, month: int) -> list[Figure]:
    through = selectors.month_range(year, month, month)[1]
    air = selectors.air_summary(year=year, through=through)
    cur = air.current
    part = _("环境空气")
    src = _("空气质量模块城市日均值（air.DailyValue）；") + _("；").join(
        statistics.rules().cite()[:2]
    )
    if cur is None:
        return [
            Figure(part, _("空气质量日数据"), _("暂无"), _("空气质量模块未设本市城市"))
        ]
    pct = _("HJ 663—2013百分位数方法 k = 1 + (n − 1) × p")
    good_src = _(
        "%(good)s/%(valid)s天，各日按当日施行标准（%(standards)s）；%(source)s"
    ) % {"good": cur.good_days, "valid": cur.valid_days,
         "standards": cur.standards_text or "—", "source": src}  # fmt: skip
    return [
        Figure(part, _("PM2.5平均浓度（µg/m³）"), _fmt(cur.pm25_mean), src, "air"),
        Figure(part, _("PM2.5同比改善"), _fmt(air.pm25_change, 1, "%"), src, "air"),
        Figure(part, _("PM10平均浓度（µg/m³）"), _fmt(cur.pm10_mean), src, "air"),
        Figure(part, _("SO2平均浓度（µg/m³）"), _fmt(cur.so2_mean), src, "air"),
        Figure(part, _("NO2平均浓度（µg/m³）"), _fmt(cur.no2_mean), src, "air"),
        Figure(part, _("CO日均值第95百分位数（mg/m³）"), _fmt(cur.co_p95), pct, "air"),
        Figure(part, _("优良天数比例"), _fmt(cur.good_ratio, 1, "%"), good_src, "air"),
        Figure(
            part,
            _("优良天数比例同比（统一按%(standard)s，百分点）") % {"standard": air.basis_name}
            if air.one_standard
            else _("优良天数比例同比（未统一标准，百分点）"),
            _fmt(air.good_ratio_change, 1),
            air.basis_text or _("无上年同期数据"),
            "air",
        ),
        Figure(part, _("O3日最大8小时第90百分位数（µg/m³）"), _fmt(cur.o3_p90, 0), pct, "air"),
        Figure(part, _("统计有效性"), _("有效") if cur.complete else _("不足有效性要求"), src, "air"),
    ]  # fmt: skip


def _emissions(user: User, year: int, month: int, now: datetime) -> list[Figure]:
    # The ledger to the end of the bulletin's month (1—N月, as its title), not
    # to today; the drill-down reads it the same way.
    ledger = emissions.ledger_for_user(
        user, year=year, now=drilldown.ledger_now(year, month, now)
    )
    out = []
    for d in ledger.districts:
        cap = d.target.cap_tonnes if d.target else None
        value = f"{_fmt(d.assessed_tonnes, 3)}吨" + (
            f"，控制目标{_fmt(cap, 3)}吨，已用{_fmt(d.used_share, 1)}%"
            if cap
            else "，未下达目标"
        )
        source = (
            f"区县上报/导入月度排放量；在线监测Cou合计{_fmt(d.online_tonnes, 3)}吨，"
            f"缺失{d.missing_hours}小时"
            if d.reported_tonnes is not None
            else f"在线监测小时排放量（Cou）合计，{d.enterprises}家企业，缺失{d.missing_hours}小时未补遗"
        )
        out.append(
            Figure(
                "总量减排",
                f"{d.district.name}{d.pollutant_name}",
                value,
                source,
                "emissions",
            )
        )
    return out


def _noise(year: int) -> list[Figure]:
    n = reports.noise_summary(year)
    part = _("声环境")
    src = _("声环境监测结果（导入），GB 3096—2008表1限值")
    out = [
        Figure(part, _("功能区昼间点次达标率"), _fmt(n.day_rate, 1, "%"), src),
        Figure(part, _("功能区夜间点次达标率"), _fmt(n.night_rate, 1, "%"), src),
    ]
    for grade in (n.regional, n.traffic):
        if grade is not None:
            name = _("区域声环境") if grade.kind == "regional" else _("道路交通声环境")
            level = _("昼间%(mean)sdB(A)") % {"mean": _fmt(grade.day_mean)} + (
                _("（%(grade)s）") % {"grade": _(grade.day_grade[1])}
                if grade.day_grade
                else ""
            )
            out.append(
                Figure(part, name, level, _("HJ 640—2012等级划分（示例配置，待核对）"))
            )
    return out


def _waste(user: User, year: int) -> list[Figure]:
    w = reports.waste_summary_for_user(user, year)
    return [
        Figure(
            "危险废物",
            "利用处置率",
            _fmt(w.rate, 1, "%"),
            f"{len(w.rows)}家企业申报数据（导入），(利用+处置)/(上年末贮存+产生)，示例配置",
        )
    ]


def figures(user: User, *, year: int, month: int, now: datetime) -> list[Figure]:
    return [
        *_water(year, month),
        *_air(year, month),
        *_emissions(user, year, month, now),
        *_noise(year),
        *_waste(user, year),
    ]


def figures_public(*, year: int, month: int) -> list[Figure]:
    """The bulletin's public information (portal page): water, drinking sources,
    air and noise — the same figures as the staff bulletin. The emission and
    hazardous-waste lines follow the reader's district scope (staff only), so
    the public bulletin leaves them out (the public discharge totals are
    monitoring's `public/discharge/` page)."""
    return [*_water(year, month), *_air(year, month), *_noise(year)]


def last_published_month(today: date) -> tuple[int, int]:
    """The latest month whose bulletin is public: the last month that is over."""
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


NOTE = (
    "本月报各项数值均由系统按所列数据来源自动计算；标注“示例配置”的统计口径非法定，"
    "以主管部门规定为准。"
)


def pdf_bytes(items: list[Figure], *, year: int, month: int, issued_on: date,
              created_at: datetime, notes: tuple[str, ...] = ()) -> bytes:  # fmt: skip
    """The bulletin's PDF; `notes` are printed under the title (an issued
    bulletin's correction and its reason, the issuer's note)."""
    rows = [
        pdf.Row(
            (
                pdf.Cell(_("项目"), align="C"),
                pdf.Cell(_("数值"), align="C"),
                pdf.Cell(_("数据来源"), align="C"),
            ),
            min_height=9,
        )
    ]
    rows += [
        pdf.Row((pdf.Cell(f"{f.part}{_('：')}{f.label}"), pdf.Cell(f.value), pdf.Cell(f.source)), min_height=9)
        for f in items
    ]  # fmt: skip
    layout = pdf.Layout(
        issuer=getattr(settings, "BUREAU_NAME", "生态环境局"),
        title=_("环境质量月报（%(year)s年1—%(month)s月）")
        % {"year": year, "month": month},
        reference="",
        issued_on=issued_on,
        blocks=(
            *(pdf.Paragraph(text) for text in notes),
            pdf.Paragraph(_(NOTE)),
            pdf.Table(columns=(46.0, 40.0, 70.0), rows=tuple(rows)),
        ),
    )
    return pdf.render(layout, created_at=created_at)


def xlsx_bytes(items: list[Figure], *, year: int, month: int) -> bytes:
    content, _size = xlsx.write(
        title=f"环境质量月报{year}年1-{month}月",
        headers=("类别", "项目", "数值", "数据来源"),
        widths=[12, 30, 30, 60],
        required=[False] * 4,
        rows=([f.part, f.label, f.value, f.source] for f in items),
    )
    return content


# --- Issued bulletins (services.bulletin_issue freezes the figures) ------------------


def to_json(items: list[Figure]) -> list[dict[str, str]]:
    """The figures as stored in `BulletinIssue.figures`."""
    return [asdict(f) for f in items]


def from_json(rows: list[dict[str, str]]) -> list[Figure]:
    return [Figure(**row) for row in rows]


@dataclass(frozen=True)
class Change:
    """A public figure whose live value is no longer the issued one."""

    part: str
    label: str
    issued: str  # "" when the figure was not in the issued bulletin
    live: str  # "" when the figure is no longer computed


def changes(issued: list[Figure], live: list[Figure]) -> list[Change]:
    """The figures whose value differs between the issued bulletin and the live
    computation (matched by part and label; both in the same language), so
    staff know a correction is due."""
    was = {(f.part, f.label): f.value for f in issued}
    now = {(f.part, f.label): f.value for f in live}
    out = [
        Change(part, label, value, now.get((part, label), ""))
        for (part, label), value in was.items()
        if now.get((part, label)) != value
    ]
    out += [
        Change(part, label, "", value)
        for (part, label), value in now.items()
        if (part, label) not in was
    ]
    return out


def correction_text(revision: int, reason: str) -> str:
    """第N次更正 line of a revised bulletin (revision 1 has none)."""
    if revision <= 1:
        return ""
    return _("第%(n)s次更正：%(reason)s") % {"n": revision - 1, "reason": reason}
