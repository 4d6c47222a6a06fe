"""Patrol checklists per industry (巡查清单): what a grid officer looks at from
outside, without entering an enterprise for an inspection (国办发〔2024〕54号 bars grid
workers from 涉企行政检查, rules.md I5). Items follow the patrol ledgers of local
practice (rules.md §7: Sanhe, Chengde, Jinan Jiyang). Example configuration
(示例配置): each bureau adapts the lists.

A list's `industries` are GB/T 4754 code prefixes it suits, so the patrol page can
offer the right one when an enterprise is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

RESULTS = {"ok": "正常", "problem": "发现问题", "na": "不适用"}


@dataclass(frozen=True)
class Checklist:
    code: str
    title: str
    industries: tuple[str, ...]
    items: tuple[str, ...]


_COMMON = (
    "厂界及周边有无明显异味",
    "有无可见黑烟、黄烟或无组织排放",
    "周边水体、沟渠有无异常颜色、泡沫或死鱼",
    "有无私设暗管、向外排放污水的迹象",
    "有无露天堆放或随意倾倒固体废物",
)

CHECKLISTS: dict[str, Checklist] = {
    item.code: item
    for item in (
        Checklist("general", "通用巡查清单", (), _COMMON),
        Checklist(
            "metal",
            "钢铁、冶炼、耐火材料周边巡查",
            ("31", "32", "308", "309"),
            (
                *_COMMON,
                "料场、运输道路有无扬尘，苫盖是否到位",
                "有无夜间超时生产、异常噪声",
            ),
        ),
        Checklist(
            "chemical",
            "化工、医药周边巡查",
            ("26", "27"),
            (
                *_COMMON,
                "有无刺激性、恶臭气味",
                "雨水排口有无异常排水",
                "有无桶装物料、危险废物露天存放",
            ),
        ),
        Checklist(
            "building",
            "建材、水泥、混凝土周边巡查",
            ("30",),
            (
                *_COMMON,
                "骨料堆场是否封闭或苫盖",
                "车辆出场是否冲洗，道路有无遗撒",
            ),
        ),
        Checklist(
            "construction",
            "建筑施工工地巡查",
            ("47", "48", "49", "50"),
            (
                "围挡是否完整",
                "裸露土方是否苫盖",
                "出入口车辆是否冲洗",
                "有无夜间违规施工噪声",
                "有无焚烧建筑垃圾",
            ),
        ),
        Checklist(
            "livestock",
            "畜禽养殖场巡查",
            ("03",),
            (
                "粪污是否及时清运、贮存设施是否防渗防雨",
                "有无粪污直排沟渠、河道",
                "病死畜禽是否无害化处理",
                "周边有无明显恶臭",
            ),
        ),
        Checklist(
            "catering",
            "餐饮服务巡查",
            ("62",),
            (
                "油烟净化设施是否在用",
                "有无露天烧烤",
                "餐厨垃圾是否规范存放",
                "有无噪声扰民",
            ),
        ),
        Checklist(
            "repair",
            "汽车维修、表面处理巡查",
            ("811", "336"),
            (
                "有无露天喷漆",
                "废机油、废漆桶是否规范存放",
                "有无洗车废水直排",
            ),
        ),
        Checklist(
            "rural",
            "农村环境与秸秆禁烧巡查",
            (),
            (
                "田间地头有无秸秆焚烧、火点",
                "有无垃圾露天焚烧",
                "村庄有无垃圾乱堆乱放",
                "河道沟渠有无生活污水直排",
                "饮用水水源保护区有无违规活动",
            ),
        ),
    )
}


def for_industry(industry_code: str) -> Checklist:
    """The checklist that fits an enterprise's industry best (longest prefix)."""
    best, length = CHECKLISTS["general"], 0
    for checklist in CHECKLISTS.values():
        for prefix in checklist.industries:
            if industry_code.startswith(prefix) and len(prefix) > length:
                best, length = checklist, len(prefix)
    return best
