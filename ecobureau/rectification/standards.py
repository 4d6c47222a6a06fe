"""Completion standards (seed 001 四、整改标准) and acceptance conditions
(附件2 一(三)), as data: each condition is evidenced by a text the handler fills in.

Pure: no database. The services check them; the pages list them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Condition:
    code: str
    label: str
    basis: str


# 四(一) 1–5: what completes a measure of each type.
MEASURE_CONDITIONS: dict[str, tuple[Condition, ...]] = {
    "policy": (
        Condition("issued", "相关文件已出台", "seed 001 四(一)1"),
        Condition("in_force", "已开始实施或落实", "seed 001 四(一)1"),
    ),
    "engineering": (
        Condition("built", "工程措施实施完毕", "seed 001 四(一)2"),
        Condition("accepted", "工程全部竣工验收", "seed 001 四(一)2"),
    ),
    "closure": (
        Condition("done", "关停、并转、淘汰、搬迁已实施完毕", "seed 001 四(一)3"),
        Condition("cleared", "建筑物或设施已拆除或清理", "seed 001 四(一)3"),
    ),
    "case": (
        Condition("penalised", "已依法依规处理处罚并执行到位", "seed 001 四(一)4"),
        Condition("complied", "违法主体已履行处理处罚要求", "seed 001 四(一)4"),
        Condition("corrected", "违法问题已整改到位", "seed 001 四(一)4"),
    ),
    "accountability": (
        Condition("held", "已依法依规追责问责到位", "seed 001 四(一)5"),
    ),
}

# 四(二) 1–5: a petition case is complete only when all five hold.
PETITION_CONDITIONS: tuple[Condition, ...] = (
    Condition("investigated", "群众信访举报问题调查核实到位", "seed 001 四(二)1"),
    Condition("solved", "群众信访举报问题解决到位", "seed 001 四(二)2"),
    Condition("punished", "涉及的违法违规问题查处到位", "seed 001 四(二)3"),
    Condition("accountable", "需追责问责的责任追究到位", "seed 001 四(二)4"),
    Condition("satisfied", "群众对整改结果满意到位", "seed 001 四(二)5"),
)

# 附件2 一(三) 1–5: what acceptance checks for each kind of problem.
CATEGORY_STANDARDS: dict[str, str] = {
    "nearby": "立行立改、即知即改，措施到位、整改到位、污染消除，形成长效机制防止反弹，"
    "群众满意；采取临时性应对措施暂时解决问题的，不得视为办结。",
    "public_interest": "纳入党委（组）和政府工作计划，按序时进度解决；已消除污染、恢复生态、"
    "达到国家相应标准，且人民群众满意。",
    "planning": "符合规划政策的督促企业加强管理并做好解释、依规补偿，得到群众认可；"
    "明显违反规划政策的制定整改方案，彻底解决问题，建立长效机制，群众满意。",
    "nimby": "积极回应诉求，加强沟通解释，必要时依规补偿，最终得到群众认可和理解。",
    "dispute": "查处涉及的生态环境问题，引导通过正常渠道或司法途径解决，"
    "群众表示理解，无过激行为、无不良影响。",
}

# B28: the acceptance checklist of each kind (附件2 一(三) 1–5), one item per
# condition, each needing its evidence before the case applies for acceptance
# (the satisfaction of the people is the fifth condition of 四(二), not repeated).
# Codes are prefixed by the kind, so evidence of another kind never counts.
CATEGORY_CONDITIONS: dict[str, tuple[Condition, ...]] = {
    "nearby": (
        Condition(
            "nearby_fixed", "立行立改、即知即改，措施到位、整改到位", "附件2 一(三)1"
        ),
        Condition("nearby_cleared", "污染消除", "附件2 一(三)1"),
        Condition("nearby_lasting", "形成长效机制，防止问题反弹", "附件2 一(三)1"),
    ),
    "public_interest": (
        Condition(
            "public_plan",
            "纳入党委（组）和政府工作计划，落实保障措施，按序时进度解决",
            "附件2 一(三)2",
        ),
        Condition("public_removed", "已消除污染、恢复生态", "附件2 一(三)2"),
        Condition("public_standard", "达到国家相应标准", "附件2 一(三)2"),
    ),
    "planning": (
        Condition(
            "planning_sorted",
            "依法依规分类处理：是否符合规划要求或相关政策规定",
            "附件2 一(三)3",
        ),
        Condition(
            "planning_done",
            "符合的：督促企业加强管理、做好解释、依规补偿；明显违反的："
            "制定整改方案，彻底解决问题，消除环境问题或隐患",
            "附件2 一(三)3",
        ),
        Condition(
            "planning_accepted",
            "得到群众认可和理解（明显违反的：建立长效机制）",
            "附件2 一(三)3",
        ),
    ),
    "nimby": (
        Condition(
            "nimby_responded",
            "积极回应群众诉求，加强沟通解释，缓和群众担忧",
            "附件2 一(三)4",
        ),
        Condition(
            "nimby_compensated",
            "必要时对符合相关政策规定的给予适当补偿（无需补偿的写明理由）",
            "附件2 一(三)4",
        ),
        Condition("nimby_understood", "最终得到群众认可和理解", "附件2 一(三)4"),
    ),
    "dispute": (
        Condition("dispute_handled", "认真查处涉及的生态环境问题", "附件2 一(三)5"),
        Condition(
            "dispute_channel", "引导群众通过正常渠道或司法途径解决", "附件2 一(三)5"
        ),
        Condition(
            "dispute_calm", "群众表示理解，无过激行为、无不良影响", "附件2 一(三)5"
        ),
    ),
}


def category_missing(category: str, evidence: Mapping[str, str]) -> list[Condition]:
    """B28: the items of the kind's acceptance checklist not yet evidenced."""
    return [
        condition
        for condition in CATEGORY_CONDITIONS.get(category, ())
        if not str(evidence.get(condition.code, "")).strip()
    ]


def measure_missing(
    kind: str, evidence: Mapping[str, str], *, needs_clearing: bool
) -> list[Condition]:
    """The conditions of a measure's type not yet evidenced."""
    missing = []
    for condition in MEASURE_CONDITIONS[kind]:
        if kind == "closure" and condition.code == "cleared" and not needs_clearing:
            continue
        if not str(evidence.get(condition.code, "")).strip():
            missing.append(condition)
    return missing


def petition_missing(evidence: Mapping[str, str]) -> list[Condition]:
    """The five conditions of 四(二) not yet evidenced."""
    return [
        condition
        for condition in PETITION_CONDITIONS
        if not str(evidence.get(condition.code, "")).strip()
    ]


def satisfaction_label(complainant_known: bool) -> str:
    """Whose approval the satisfaction condition needs (seed 001 四(二)5)."""
    if complainant_known:
        return "投诉人对整改结果的认可"
    return "周边或利害关系群众的认可（无法确定投诉人）"


def task_grade(*, all_done: bool, on_schedule: bool, target_met: bool) -> str:
    """Grade of a task for the year (附件1 考核评分标准（一）): the annual target
    missed → 不合格; behind schedule → 合格; on schedule but not all measures
    done → 良好; all done on schedule → 优秀. Only these decide it (B21): a major
    problem found by the inspectors makes the *region's or department's* result
    不合格 (附件1 "一律视为考核不合格，排名最后", B25), not the task's — see
    docs/decisions/0011."""
    if not target_met:
        return "不合格"
    if not on_schedule:
        return "合格"
    return "优秀" if all_done else "良好"


# --- The city review group (附件2 二(二)–(三); B30, B31) -----------------------------

# 二(二): the basic make-up of the city review group.
REVIEW_BASIC_BODIES = ("市纪委监委机关", "市委市政府督查室", "市司法局", "市生态环境局")
# Other names under which the registry of units may hold a basic body: the
# reference list of departments (seed 002 四(三)3(1)) names the bureau 市环保部门.
BASIC_BODY_ALIASES = {"市环保部门": "市生态环境局", "市环境保护局": "市生态环境局"}
# 二(三)4: "市督改办（市生态环境局）" — the office sits in the bureau, so either
# name stands for it.
OFFICE_NAMES = ("市督改办", "市生态环境局")

# 二(三) 1–5: which bodies sign each part. Each entry is a tuple of names any of
# which satisfies it; INDUSTRY stands for the case's supervising industry
# department (会同行业主管部门), required when the case records one; LOCAL for the
# local party committee and government (二(三)3 "会同行业主管部门和当地党委政府",
# satisfaction only), matched by `local_government_signed`. The 案件定性 part
# (附件2 附件2) names no bodies in the seed, so none is required.
INDUSTRY = "industry"
LOCAL = "local"
PART_BODIES: dict[str, tuple[tuple[str, ...], ...]] = {
    "nature": (),
    "rectification": (("市生态环境局",), (INDUSTRY,)),
    "penalty": (("市司法局",), ("市生态环境局",), (INDUSTRY,)),
    "satisfaction": (("市生态环境局",), (INDUSTRY,), (LOCAL,)),
    "accountability": (("市纪委监委机关",), ("市委市政府督查室",), OFFICE_NAMES),
    "untrue": (("市生态环境局",), (INDUSTRY,)),
}

# What makes a signing body a party committee or government (党委政府) rather
# than, say, the bureau's district sub-bureau (铁东分局) of the same place:
# 区委/县委/党委/党工委 (a scenic area's, 千山风景区党工委), 政府, 管委会 (seed 001
# 一: 风景区党工委、管委会), and a township's 街道/乡/镇 (党)委 or 办事处.
LOCAL_GOVERNMENT_MARKERS = (
    "党委",
    "区委",
    "县委",
    "市委",
    "党工委",
    "政府",
    "管委会",
    "街道办事处",
    "街道党工委",
)


def local_government_signed(signed: set[str], places: tuple[str, ...]) -> bool:
    """Whether a signed body is the case's local party committee or government
    (附件2 二(三)3): its name names the case's township or district (``places``,
    e.g. 铁东区, 站前街道) and a 党委/政府 marker, e.g. 铁东区人民政府,
    中共铁东区委, 站前街道党工委 — not 铁东区住建局, not 市委市政府督查室."""
    return any(
        any(place and place in body for place in places)
        and any(marker in body for marker in LOCAL_GOVERNMENT_MARKERS)
        for body in signed
    )


def split_names(text: str) -> list[str]:
    """The names in a text, in order and each once: separated by 、，,；; or
    spaces."""
    import re

    return list(dict.fromkeys(p for p in re.split(r"[、，,；;\s]+", text) if p))


def split_bodies(text: str) -> set[str]:
    """The bodies named on a sign-off: separated by 、，,；; or spaces."""
    return set(split_names(text))


def city_relative(name: str, city: str) -> str:
    """The name with the city's own name written as 市 (鞍山市司法局 → 市司法局),
    so that a unit registered under its full name compares with the short names
    of the seed."""
    name = name.strip()
    if city and name.startswith(city) and city.endswith("市"):
        return "市" + name[len(city) :]
    return name


def basic_body(name: str, city: str = "") -> str:
    """The basic body of the review group (二(二)) a unit's name stands for, or
    "" when it is none of them: 市司法局, 鞍山市司法局 and 市环保部门 are; 市住建局
    is not."""
    short = city_relative(name, city)
    short = BASIC_BODY_ALIASES.get(short, short)
    return short if short in REVIEW_BASIC_BODIES else ""


def industry_departments(supervising: str, added: Iterable[str]) -> tuple[str, ...]:
    """The case's industry departments in the city review (B30): the supervising
    one, then those added to the review group as the case needs (the names of the
    registry units, and any typed name not found in the registry), each once."""
    names = [supervising.strip()] if supervising.strip() else []
    for name in added:
        name = name.strip()
        if name and name not in names:
            names.append(name)
    return tuple(names)


def bodies_missing(
    part: str,
    signed: set[str],
    *,
    industry: str,
    places: tuple[str, ...] = (),
    industries: tuple[str, ...] = (),
) -> list[str]:
    """The bodies that still have to sign `part` (empty when complete).

    `industry` is the case's supervising department; `industries` the other
    industry departments added to the review group (B30, 附件2 二(二) "根据案件
    具体情况，随时添加…行业主管部门"): each of them signs every part assigned to
    行业主管部门, as the supervising one does. `places` are the names of the
    case's township and district, for the local party committee and government
    (LOCAL); a case with neither recorded cannot show who its local government
    is, and is told so."""
    missing = []
    extra = tuple(n for n in industries if n and n != industry)
    for names in PART_BODIES.get(part, ()):
        if LOCAL in names:
            if not local_government_signed(signed, places):
                where = "或".join(p for p in places if p)
                missing.append(
                    f"当地党委政府（{where}）"
                    if where
                    else "当地党委政府（案件未登记区县、乡镇街道）"
                )
            continue
        if INDUSTRY in names:
            missing.extend(n for n in (industry, *extra) if n and n not in signed)
            continue
        wanted = tuple(n for n in names if n)
        if not any(n in signed for n in wanted):
            missing.append("或".join(wanted))
    return missing
