"""On-site inspection checklists per industry (现场检查清单). Unlike the grid's
patrol lists (seen from outside), these are what credentialed officers check inside
an enterprise. Example configuration (示例配置): each bureau adapts the lists.

`industries` are GB/T 4754 code prefixes a list suits; `for_industry` picks the
most specific one, falling back to the general list.
"""

from __future__ import annotations

from dataclasses import dataclass

RESULTS = {"ok": "符合要求", "problem": "存在问题", "na": "不适用"}


@dataclass(frozen=True)
class Checklist:
    code: str
    title: str
    industries: tuple[str, ...]
    items: tuple[str, ...]


_COMMON = (
    "排污许可证（或登记）是否有效，许可事项与实际是否一致",
    "环境影响评价及竣工环境保护验收手续是否齐全",
    "污染防治设施是否正常运行，运行台账是否完整",
    "自动监控设施是否正常运行、数据是否真实（重点排污单位）",
    "危险废物贮存、转移联单及管理台账是否规范",
    "一般工业固体废物贮存处置是否规范",
    "突发环境事件应急预案是否备案，应急物资是否到位",
    "排污口设置及标识是否规范",
)

CHECKLISTS: dict[str, Checklist] = {
    item.code: item
    for item in (
        Checklist("general", "通用现场检查清单", (), _COMMON),
        Checklist(
            "metal",
            "钢铁、冶炼现场检查清单",
            ("31", "32"),
            (
                *_COMMON,
                "烧结、球团、炼铁、炼钢工序除尘设施运行情况",
                "物料堆场封闭及抑尘措施",
                "超低排放改造完成及有组织排放达标情况",
            ),
        ),
        Checklist(
            "chemical",
            "化工、医药现场检查清单",
            ("26", "27"),
            (
                *_COMMON,
                "挥发性有机物无组织排放收集与治理设施",
                "泄漏检测与修复（LDAR）记录",
                "雨污分流及初期雨水收集情况",
            ),
        ),
        Checklist(
            "concrete",
            "建材、混凝土搅拌现场检查清单",
            ("30",),
            (
                *_COMMON,
                "粉料仓顶除尘及料场喷淋抑尘",
                "车辆冲洗及场区道路硬化",
                "砂石分离及废水循环利用设施",
            ),
        ),
    )
}


def for_industry(industry_code: str) -> Checklist:
    best = CHECKLISTS["general"]
    best_len = 0
    for checklist in CHECKLISTS.values():
        for prefix in checklist.industries:
            if industry_code.startswith(prefix) and len(prefix) > best_len:
                best, best_len = checklist, len(prefix)
    return best
