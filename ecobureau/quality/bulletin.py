"""The monthly environmental-quality bulletin (环境质量月报/公报, issue 13 item 6):
every figure computed from the stored data, each with the source it came from,
as a PDF (lib.pdf, embedded Noto Serif SC) and an Excel workbook.

Who sees what: the figures are the reader's own (the emission and hazardous-
waste figures through the reader's scoped selectors), so a district officer's
bulletin carries their district's ledger only; the water, air and noise figures
are public information and the same for everyone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings

from ecobureau.accounts.models import User
from ecobureau.lib import pdf, xlsx

from . import emissions, reports, selectors, statistics


@dataclass(frozen=True)
class Figure:
    part: str
    label: str
    value: str
    source: str


def _fmt(value: object, places: int = 1, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{Decimal(str(value)):.{places}f}{unit}"


def _water(year: int, month: int) -> list[Figure]:
    w = selectors.water_summary(year=year, last_month=month, level="national")
    src = f"断面水质监测数据（quality.Sample），{year}年1—{month}月各项目均值，GB 3838—2002单因子评价"
    drinking, rate = selectors.drinking_summary(year=year, last_month=month)
    return [
        Figure("地表水", "国考断面达到考核目标", f"{w.meeting}/{w.with_target}个", src),
        Figure("地表水", "优良水体（Ⅰ～Ⅲ类）比例", _fmt(w.good_share, 1, "%"), src),
        Figure(
            "地表水", "城市水质指数CWQI", _fmt(w.cwqi, 2), src + "；CWQI计算为示例配置"
        ),
        Figure("地表水", "CWQI同比变化（负为改善）", _fmt(w.cwqi_change, 2, "%"), src),
        Figure(
            "饮用水水源地",
            "水质达标率",
            _fmt(rate, 1, "%"),
            f"{len(drinking)}个水源地逐月类别（Ⅲ类及以上达标，示例配置）",
        ),
    ]


def _air(year: int, month: int) -> list[Figure]:
    through = selectors.month_range(year, month, month)[1]
    air = selectors.air_summary(year=year, through=through)
    cur = air.current
    src = "空气质量模块城市日均值（air.DailyValue）；" + "；".join(
        statistics.rules().cite()[:2]
    )
    if cur is None:
        return [
            Figure("环境空气", "空气质量日数据", "暂无", "空气质量模块未设本市城市")
        ]
    return [
        Figure("环境空气", "PM2.5平均浓度（µg/m³）", _fmt(cur.pm25_mean), src),
        Figure("环境空气", "PM2.5同比改善", _fmt(air.pm25_change, 1, "%"), src),
        Figure("环境空气", "优良天数比例", _fmt(cur.good_ratio, 1, "%"), f"{cur.good_days}/{cur.valid_days}天，{src}"),
        Figure("环境空气", "O3日最大8小时第90百分位数（µg/m³）", _fmt(cur.o3_p90, 0), "HJ 663—2013百分位数方法"),
        Figure("环境空气", "统计有效性", "有效" if cur.complete else "不足有效性要求", src),
    ]  # fmt: skip


def _emissions(user: User, year: int, now: datetime) -> list[Figure]:
    ledger = emissions.ledger_for_user(user, year=year, now=now)
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
            Figure("总量减排", f"{d.district.name}{d.pollutant_name}", value, source)
        )
    return out


def _noise(year: int) -> list[Figure]:
    n = reports.noise_summary(year)
    src = "声环境监测结果（导入），GB 3096—2008表1限值"
    out = [
        Figure("声环境", "功能区昼间点次达标率", _fmt(n.day_rate, 1, "%"), src),
        Figure("声环境", "功能区夜间点次达标率", _fmt(n.night_rate, 1, "%"), src),
    ]
    for grade in (n.regional, n.traffic):
        if grade is not None:
            name = "区域声环境" if grade.kind == "regional" else "道路交通声环境"
            level = f"昼间{_fmt(grade.day_mean)}dB(A)" + (
                f"（{grade.day_grade[1]}）" if grade.day_grade else ""
            )
            out.append(
                Figure("声环境", name, level, "HJ 640—2012等级划分（示例配置，待核对）")
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
        *_emissions(user, year, now),
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


def pdf_bytes(items: list[Figure], *, year: int, month: int, issued_on: date,
              created_at: datetime) -> bytes:  # fmt: skip
    rows = [
        pdf.Row(
            (
                pdf.Cell("项目", align="C"),
                pdf.Cell("数值", align="C"),
                pdf.Cell("数据来源", align="C"),
            ),
            min_height=9,
        )
    ]
    rows += [
        pdf.Row((pdf.Cell(f"{f.part}：{f.label}"), pdf.Cell(f.value), pdf.Cell(f.source)), min_height=9)
        for f in items
    ]  # fmt: skip
    layout = pdf.Layout(
        issuer=getattr(settings, "BUREAU_NAME", "生态环境局"),
        title=f"环境质量月报（{year}年1—{month}月）",
        reference="",
        issued_on=issued_on,
        blocks=(
            pdf.Paragraph(
                "本月报各项数值均由系统按所列数据来源自动计算；标注“示例配置”的统计口径非法定，"
                "以主管部门规定为准。"
            ),
            pdf.Table(columns=(46.0, 40.0, 70.0), rows=tuple(rows)),
        ),
    )
    return pdf.render(layout, created_at=created_at)


def xlsx_bytes(items: list[Figure], *, year: int, month: int) -> bytes:
    content, _ = xlsx.write(
        title=f"环境质量月报{year}年1-{month}月",
        headers=("类别", "项目", "数值", "数据来源"),
        widths=[12, 30, 30, 60],
        required=[False] * 4,
        rows=([f.part, f.label, f.value, f.source] for f in items),
    )
    return content
