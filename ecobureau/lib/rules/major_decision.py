"""The `major-decision` rule: whether a proposed decision needs legal review,
collective deliberation and a hearing notice (CONTRACTS.md `major-decision`; seed 000
重大行政执法决定集体审议规则 第三条 and 法制审核制度 第二条; 行政处罚法 第六十三条,
reference/rules.md P5–P6).

In:  {"party": "organisation" | "citizen", "fine": number, "daily_penalty": bool,
      "measures": [...], "serious": bool}
Out: {"legal_review": bool, "collective_deliberation": bool, "hearing_notice": bool,
      "reasons": [...], "explain": [...]}

Every major ground requires both legal review and collective deliberation. The fine
ground reads "对企事业单位和其他生产经营者处以30万元以上罚款的(含30万元，不含按日计罚）";
the contract applies it to any party (其他生产经营者 includes individual operators).
The hearing amounts 200,000 / 5,000 yuan are the contract's (示例配置 until
Liaoning's 较大数额 is confirmed).
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from . import Rule, RuleContext, RuleInputError

KEYS = ("party", "fine", "daily_penalty", "measures", "serious")
PARTIES = ("organisation", "citizen")
MEASURES = (
    "seal",
    "seize",
    "restrict-production",
    "suspend-production",
    "detention-transfer",
    "criminal-transfer",
    "revoke-permit",
)
MAJOR_FINE = Decimal(300_000)
HEARING_FINE = {"organisation": Decimal(200_000), "citizen": Decimal(5_000)}
HEARING_MEASURES = {"revoke-permit", "restrict-production", "suspend-production"}
RULES_BASIS = "重大行政执法决定集体审议规则第三条、法制审核制度第二条"
HEARING_BASIS = "行政处罚法第六十三条"


def run(data: dict[str, Any], ctx: RuleContext) -> dict[str, Any]:
    party, fine, daily, measures, serious = _parse(data)
    reasons = []
    if fine >= MAJOR_FINE and not daily:
        reasons.append("处以30万元以上罚款（含30万元，不含按日计罚）（第三条1）")
    if serious and {"seal", "seize"} & measures:
        reasons.append("案情重大或社会影响较大，拟实施查封、扣押（第三条2）")
    if serious and {"restrict-production", "suspend-production"} & measures:
        reasons.append("案情重大或社会影响较大，拟责令限制生产、停产整治（第三条3）")
    if "detention-transfer" in measures:
        reasons.append("拟移送公安机关适用行政拘留（第三条4）")
    if "criminal-transfer" in measures:
        reasons.append("涉嫌犯罪拟移送公安机关（第三条5）")
    major = bool(reasons)
    hearing = []
    if fine >= HEARING_FINE[party]:
        label = "单位" if party == "organisation" else "个人"
        hearing.append(f"对{label}处{HEARING_FINE[party]}元以上罚款，属较大数额罚款")
    if HEARING_MEASURES & measures:
        hearing.append("吊销许可证件或责令限制生产、停产整治")
    explain = [f"{reason}（{RULES_BASIS}）" for reason in reasons]
    if major:
        explain.append("属重大行政执法决定：须经法制审核并提交集体审议")
    else:
        if daily and fine >= MAJOR_FINE:
            explain.append("按日连续处罚的罚款不计入30万元标准")
        explain.append("不属重大行政执法决定，无须法制审核和集体审议")
    if hearing:
        explain.append(
            "；".join(hearing) + f"，应告知当事人有要求听证的权利（{HEARING_BASIS}）"
        )
    else:
        explain.append(f"不属应告知听证权利的情形（{HEARING_BASIS}）")
    return {
        "legal_review": major,
        "collective_deliberation": major,
        "hearing_notice": bool(hearing),
        "reasons": reasons,
        "explain": explain,
    }


def _parse(data: dict[str, Any]) -> tuple[str, Decimal, bool, set[str], bool]:
    problems = []
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        problems.append("未知字段" + "、".join(f"“{k}”" for k in unknown))
    party = data.get("party")
    if party not in PARTIES:
        problems.append("“party”应为organisation或citizen")
    fine = data.get("fine", 0)
    if isinstance(fine, bool) or not isinstance(fine, int | float):
        problems.append("“fine”应为数字")
        fine = 0
    elif not math.isfinite(fine) or fine < 0:
        problems.append("“fine”应为不小于0的有限数字")
        fine = 0
    daily = data.get("daily_penalty", False)
    serious = data.get("serious", False)
    for key, value in (("daily_penalty", daily), ("serious", serious)):
        if not isinstance(value, bool):
            problems.append(f"“{key}”应为true或false")
    measures = data.get("measures", [])
    if not isinstance(measures, list) or any(m not in MEASURES for m in measures):
        problems.append("“measures”应为以下取值组成的数组：" + "、".join(MEASURES))
        measures = []
    if problems:
        raise RuleInputError("；".join(problems))
    return str(party), Decimal(str(fine)), bool(daily), set(measures), bool(serious)


RULES = (
    Rule(
        name="major-decision",
        version="鞍环发集体审议规则",
        valid_from=None,
        valid_to=None,
        description="重大行政执法决定的认定：法制审核、集体审议与听证告知",
        run=run,
    ),
)
