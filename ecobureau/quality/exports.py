"""Excel workbooks of the quality figures."""

from __future__ import annotations

from ecobureau.lib import xlsx

from . import water_class as wc
from .selectors import WaterSummary

HEADERS = (
    "断面编码", "断面名称", "所在水体", "区县", "考核级别", "水体类型", "饮用水水源地",
    "考核目标", "本期类别", "水质状况", "是否达标", "定类指标", "主要污染指标（超标倍数）",
    "总氮单独评价（湖库）", "上年同期类别", "示例数据",
)  # fmt: skip


def sections_workbook(water: WaterSummary) -> bytes:
    def rows():
        for row in water.rows:
            s, r = row.section, row.result
            main = ""
            if r:
                main = "、".join(
                    f"{wc.NAMES[k]}（{r.exceed[k]}）" if k in r.exceed else wc.NAMES[k]
                    for k in r.main_pollutants
                )
            yield [
                s.code,
                s.name,
                s.river,
                s.district.name,
                s.get_level_display(),
                s.get_water_body_display(),
                "是" if s.is_drinking_source else "否",
                f"{row.target}类" if row.target else "",
                f"{r.klass}类" if r else "无数据",
                r.status if r else "",
                "" if row.meets is None else ("达标" if row.meets else "未达标"),
                "、".join(wc.NAMES[k] for k in r.limiting) if r else "",
                main,
                f"{r.tn_class}类" if r and r.tn_class else "",
                f"{row.previous.klass}类" if row.previous else "",
                "示例数据" if s.is_demo else "",
            ]

    content, _ = xlsx.write(
        title=f"断面水质{water.year}年{water.first_month}-{water.last_month}月",
        headers=HEADERS,
        widths=[12, 18, 14, 10, 8, 8, 10, 8, 8, 10, 8, 20, 26, 14, 12, 8],
        required=[False] * len(HEADERS),
        rows=rows(),
    )
    return content
