"""《鞍山市生态环境部门依法不予行政处罚的轻微环境违法行为目录清单》 (seed 000; 11 items;
requirements A72, A97–A99) as data, and the check of a case's facts against one entry.

The seed's text is kept word for word in `conditions_text`; `checks` splits it into
conditions an officer answers (yes/no, or a number against a limit). The rows live in
`MinorViolationItem` (editable in admin), seeded from `ITEMS` by migration. Readings:
- item 3 "PH值大于等于5或者小于等于9.5" is read as 5 ≤ pH ≤ 9.5 (A97: "或者" as "and");
  the exceedance multiple, pH and noise margin apply to whichever was exceeded, so at
  least one of them must be given;
- "首次被发现" is checked against the party's history: no other case of the same
  enterprise (not one declined at filing) in the last MINOR_VIOLATION_LOOKBACK_MONTHS
  months (default 12, 示例配置 — the same setting the monitoring pre-check uses);
- item 11 needs a recorded collective decision of the 法制工作委员会 (A99);
- a match only proposes 不予行政处罚 with education; a head decides (行政处罚法第三十三条).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext

LIST_TITLE = "《鞍山市生态环境部门依法不予行政处罚的轻微环境违法行为目录清单》"

NO_EXTERNAL = {"code": "no_external", "label": "未污染外环境", "type": "yes"}
OUTSIDE_REDLINE = {
    "code": "outside_redline",
    "label": "建设项目位于生态保护红线或者其他需要特殊保护的区域外",
    "type": "yes",
}

ITEMS: list[dict[str, Any]] = [
    {
        "number": 1,
        "part": 1,
        "title": "违反建设项目环境影响评价制度的行为",
        "basis": "《中华人民共和国环境影响评价法》第三十一条。",
        "conditions_text": "首次被发现或者主动向生态环境部门报告，建设项目位于生态保护红线或者其他需要特殊保护的区域外，建设项目处于基础建设阶段，未污染外环境,且企业主动实施停止建设、自行关停或者恢复原状等措施的。",
        "first_time": "or_reported",
        "checks": [
            OUTSIDE_REDLINE,
            {
                "code": "foundation_stage",
                "label": "建设项目处于基础建设阶段",
                "type": "yes",
            },
            NO_EXTERNAL,
            {
                "code": "self_remedied",
                "label": "企业主动实施停止建设、自行关停或者恢复原状等措施",
                "type": "yes",
            },
        ],
    },
    {
        "number": 1,
        "part": 2,
        "title": "违反建设项目环境影响评价制度的行为",
        "basis": "《中华人民共和国环境影响评价法》第三十一条。",
        "conditions_text": "未依法备案建设项目环境影响登记表，责令备案后在要求时限内完成备案的。",
        "checks": [
            {
                "code": "filed_in_time",
                "label": "责令备案后在要求时限内完成备案",
                "type": "yes",
            }
        ],
    },
    {
        "number": 2,
        "part": 1,
        "title": "违反“三同时”制度的行为",
        "basis": "《建设项目环境保护管理条例》第二十三条第一款、第二款。",
        "conditions_text": "首次被发现或者主动向生态环境部门报告，建设项目位于生态保护红线或者其他需要特殊保护的区域外，需配套的环保设施已建成并正常运行，污染物达标排放，经责令改正，建设单位在整改要求期限内完成自主验收的。",
        "first_time": "or_reported",
        "checks": [
            OUTSIDE_REDLINE,
            {
                "code": "facilities_running",
                "label": "需配套的环保设施已建成并正常运行",
                "type": "yes",
            },
            {"code": "compliant", "label": "污染物达标排放", "type": "yes"},
            {
                "code": "accepted_in_time",
                "label": "经责令改正，建设单位在整改要求期限内完成自主验收",
                "type": "yes",
            },
        ],
    },
    {
        "number": 2,
        "part": 2,
        "title": "违反“三同时”制度的行为",
        "basis": "《建设项目环境保护管理条例》第二十三条第一款、第二款。",
        "conditions_text": "首次被发现，建设单位未依法向社会公开环境保护设施验收报告，环境保护设施验收工作已经全部完成，且未污染外环境的。",
        "first_time": "required",
        "checks": [
            {
                "code": "acceptance_done",
                "label": "环境保护设施验收工作已经全部完成",
                "type": "yes",
            },
            NO_EXTERNAL,
        ],
    },
    {
        "number": 3,
        "part": 1,
        "title": "超标排放污染物的行为",
        "basis": "《中华人民共和国大气污染防治法》第九十九条第（二）项、《中华人民共和国水污染防治法》第八十三条第（二）项、《辽宁省环境保护条例》第六十九条。",
        "conditions_text": "首次被发现，除第一类污染物、有毒有害物质、放射性物质、重金属、持久性有机污染物之外，超标排放水污染物或大气污染物不超过2小时，超标倍数在0.1倍以内、PH值大于等于5或者小于等于9.5的、噪声超标在1分贝以内的。",
        "first_time": "required",
        "checks": [
            {
                "code": "not_excluded",
                "label": "超标污染物不属于第一类污染物、有毒有害物质、放射性物质、重金属、持久性有机污染物",
                "type": "yes",
            },
            {
                "code": "hours",
                "label": "超标排放持续时间（小时）",
                "type": "max",
                "limit": "2",
            },
            {
                "code": "multiple",
                "label": "超标倍数",
                "type": "max",
                "limit": "0.1",
                "optional": True,
            },
            {
                "code": "ph",
                "label": "pH值",
                "type": "range",
                "min": "5",
                "max": "9.5",
                "optional": True,
            },
            {
                "code": "noise_db",
                "label": "噪声超标（分贝）",
                "type": "max",
                "limit": "1",
                "optional": True,
            },
        ],
    },
    {
        "number": 4,
        "part": 1,
        "title": "不正常运行污染处理设施的行为",
        "basis": "《中华人民共和国大气污染防治法》第九十九条第（三）项、《中华人民共和国水污染防治法》第八十三条第（三）项。",
        "conditions_text": "因突发故障等非主观故意因素导致污染防治设施不正常运行，24小时内报告并采取停、限产或其他有效措施减少污染物排放,并有效组织维修的。",
        "checks": [
            {
                "code": "sudden_failure",
                "label": "因突发故障等非主观故意因素导致污染防治设施不正常运行",
                "type": "yes",
            },
            {
                "code": "report_hours",
                "label": "发生故障至向生态环境部门报告的时间（小时）",
                "type": "max",
                "limit": "24",
            },
            {
                "code": "measures_taken",
                "label": "采取停、限产或其他有效措施减少污染物排放",
                "type": "yes",
            },
            {"code": "repair", "label": "有效组织维修", "type": "yes"},
        ],
    },
    {
        "number": 5,
        "part": 1,
        "title": "未密闭易产生扬尘的物料，或未采取有效措施防治扬尘污染或未采取有效措施减少粉尘和气态污染物排放的行为。",
        "basis": "《中华人民共和国大气污染防治法》第一百一十七条第（一）、（二）(三)（五）项；《中华人民共和国大气污染防治法》第一百零八条第（一）（五）项。",
        "conditions_text": "首次被发现，未污染外环境，经责令限期改正后及时完成整改的。",
        "first_time": "required",
        "checks": [
            NO_EXTERNAL,
            {
                "code": "corrected_in_time",
                "label": "经责令限期改正后及时完成整改",
                "type": "yes",
            },
        ],
    },
    {
        "number": 6,
        "part": 1,
        "title": "重点排污单位不公开自动监测数据的行为。",
        "basis": "中华人民共和国大气污染防治法》第一百条第（四）项。",
        "conditions_text": "重点排污单位不公开自动监测数据，首次被发现，经责令限期改正后及时完成整改的。",
        "first_time": "required",
        "checks": [
            {
                "code": "corrected_in_time",
                "label": "经责令限期改正后及时完成整改",
                "type": "yes",
            }
        ],
    },
    {
        "number": 7,
        "part": 1,
        "title": "违反固体废物管理规范的行为",
        "basis": "《中华人民共和国固体废物污染环境防治法》第一百一十二条第（一）项、第（六）项。",
        "conditions_text": "未设置或未按规范设置危险废物识别标志，经现场检查指出后在规定时间内改正的。",
        "checks": [
            {
                "code": "corrected_in_time",
                "label": "经现场检查指出后在规定时间内改正",
                "type": "yes",
            }
        ],
    },
    {
        "number": 7,
        "part": 2,
        "title": "违反固体废物管理规范的行为",
        "basis": "《中华人民共和国固体废物污染环境防治法》第一百一十二条第（一）项、第（六）项。",
        "conditions_text": "未按规定贮存危险废物，数量小于或等于0.1吨(剧毒、易燃易爆等存在重大环境风险的除外)，未污染外环境的，经现场检查指出后在规定时间内改正的。",
        "checks": [
            {
                "code": "quantity_t",
                "label": "未按规定贮存的危险废物数量（吨）",
                "type": "max",
                "limit": "0.1",
            },
            {
                "code": "not_high_risk",
                "label": "不属于剧毒、易燃易爆等存在重大环境风险的危险废物",
                "type": "yes",
            },
            NO_EXTERNAL,
            {
                "code": "corrected_in_time",
                "label": "经现场检查指出后在规定时间内改正",
                "type": "yes",
            },
        ],
    },
    {
        "number": 8,
        "part": 1,
        "title": "违反信息公开规定的行为",
        "basis": "《企业事业单位环境信息公开办法》第十六条第一款第（一）项、第（二）项、第（三）项。",
        "conditions_text": "非属内容弄虚作假，重点排污单位环境信息未及时公开或公开内容不全，按要求及时完成整改的。",
        "checks": [
            {"code": "not_falsified", "label": "非属内容弄虚作假", "type": "yes"},
            {
                "code": "corrected_in_time",
                "label": "按要求及时完成整改",
                "type": "yes",
            },
        ],
    },
    {
        "number": 9,
        "part": 1,
        "title": "对当事人项目整体关闭的处罚",
        "basis": "",
        "conditions_text": "在做出行政处罚决定前，当事人积极消除环境污染或积极履行生态环境损害修复赔偿责任，生产经营项目整体关闭的。",
        "checks": [
            {
                "code": "remedied",
                "label": "在做出行政处罚决定前，当事人积极消除环境污染或积极履行生态环境损害修复赔偿责任",
                "type": "yes",
            },
            {"code": "closed", "label": "生产经营项目整体关闭", "type": "yes"},
        ],
    },
    {
        "number": 10,
        "part": 1,
        "title": "“散乱污”企业环境违法行为",
        "basis": "",
        "conditions_text": "经属地政府确认的“散乱污”企业，由属地政府依法予以清理。",
        "checks": [
            {
                "code": "confirmed",
                "label": "经属地政府确认为“散乱污”企业，由属地政府依法予以清理",
                "type": "yes",
            }
        ],
    },
    {
        "number": 11,
        "part": 1,
        "title": "其他轻微并及时纠正，没有造成危害后果的环境违法行为",
        "basis": "《中华人民共和国行政处罚法》第二十七条",
        "conditions_text": "经生态环境局法制工作委员会集体审议决定的其他轻微环境违法行为。",
        "committee": True,
        "checks": [
            {"code": "minor", "label": "违法行为轻微", "type": "yes"},
            {"code": "corrected", "label": "及时纠正", "type": "yes"},
            {"code": "no_harm", "label": "没有造成危害后果", "type": "yes"},
        ],
    },
]


@dataclass(frozen=True)
class Result:
    label: str
    ok: bool
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "ok": self.ok, "text": self.text}


def _not_a_number(value: object) -> ValueError:
    # The message ends up inside the service's translated error, so it is in the
    # reader's language too (the Chinese reads as before).
    return ValueError(gettext("“%(value)s”不是数字") % {"value": value})


def _number(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _not_a_number(value) from None
    if not number.is_finite():
        raise _not_a_number(value)
    return number


def _yes(value: object) -> bool:
    return value is True or value in ("1", "yes", "on", "true")


def evaluate(
    *,
    checks: list[dict[str, Any]],
    first_time: str,
    facts: Mapping[str, Any],
    prior_cases: int,
    lookback_months: int,
) -> tuple[bool, list[Result]]:
    """Each condition's result and whether every one holds. Numbers are compared
    exactly (Decimal) and limits are inclusive ("不超过", "以内", "小于或等于").
    Raises ValueError with a message in the active language for a number that is
    not one."""
    results: list[Result] = []
    if first_time:
        first = prior_cases == 0
        reported = _yes(facts.get("self_reported"))
        ok = first or (first_time == "or_reported" and reported)
        text = (
            f"回溯{lookback_months}个月内"
            + (f"有{prior_cases}起违法记录" if prior_cases else "无违法记录")
            + ("；当事人主动向生态环境部门报告" if reported else "")
        )
        results.append(
            Result(
                "首次被发现" + ("或者主动报告" if first_time == "or_reported" else ""),
                ok,
                text,
            )
        )
    optional_given = 0
    optional_total = 0
    for check in checks:
        code, label, kind = check["code"], check["label"], check["type"]
        value = facts.get(code)
        if kind == "yes":
            ok = _yes(value)
            results.append(Result(label, ok, "是" if ok else "否或未确认"))
            continue
        number = _number(value)
        optional = bool(check.get("optional"))
        optional_total += optional
        if number is None:
            if not optional:
                results.append(Result(label, False, "未填写"))
            continue
        optional_given += optional
        if kind == "max":
            limit = Decimal(check["limit"])
            ok = number <= limit
            results.append(
                Result(label, ok, f"{number}，{'不超过' if ok else '超过'}{limit}")
            )
        elif kind == "range":
            low, high = Decimal(check["min"]), Decimal(check["max"])
            ok = low <= number <= high
            results.append(
                Result(
                    label, ok, f"{number}，{'在' if ok else '不在'}{low}至{high}之间"
                )
            )
        else:  # pragma: no cover - data error caught by the item's admin form
            raise ValueError(f"未知的条件类型：{kind}")
    if optional_total and not optional_given:
        labels = "、".join(check["label"] for check in checks if check.get("optional"))
        results.append(Result("超标程度", False, f"请至少填写{labels}之一"))
    return all(result.ok for result in results), results
