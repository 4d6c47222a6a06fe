"""The `complaint-match` rule: is complaint `b` a duplicate of complaint `a`?
(CONTRACTS.md `complaint-match`; seed 000 12369 常见问题 2 "请不要重复提交相同的
举报信息"; 环境保护部令第15号: a repeat of an accepted report is linked to it and
the reporter told how to follow it; 举报奖励实施细则 第十条: only the first valid
reporter is rewarded.)

In:  {"a": {...}, "b": {...}, "window_days": 30, "radius_m": 300}
     each side: {"text", "place", "enterprise"?, "lat"?, "lng"?, "at", "category"?}
Out: {"duplicate": bool, "score": number, "explain": [...]}

The rule decides one pair; finding candidates among a million stored complaints is
the complaints module's job (its index uses the same place keys as this rule).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ecobureau.lib import complaint_text as ct

from . import Rule, RuleContext, RuleInputError

SIDE_KEYS = ("text", "place", "enterprise", "lat", "lng", "at", "category")
TOP_KEYS = ("a", "b", "window_days", "radius_m")
CATEGORIES = ("air", "water", "noise", "waste", "soil", "other")
DEFAULT_WINDOW_DAYS = 30
DEFAULT_RADIUS_M = 300

# Version 1 of the method: the word lists of lib/complaint_text.py and this
# threshold. A pair whose kinds and sources agree scores at least 0.6.
THRESHOLD = 0.5

_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_BASIS = "（种子文件000《12369环保举报投诉》常见问题2；环境保护部令第15号）"


@dataclass(frozen=True)
class Side:
    text: str
    place: str
    enterprise: str | None
    lat: float | None
    lng: float | None
    at: datetime
    category: str | None


def run(data: dict[str, Any], ctx: RuleContext) -> dict[str, Any]:
    a, b, window_days, radius_m = _check(data)
    explain: list[str] = []

    minutes = (b.at - a.at).total_seconds() / 60
    limit = window_days * 24 * 60
    interval = f"b比a晚{minutes / 1440:.2f}天（{int(minutes)}分钟）"
    if not 0 <= minutes <= limit:
        why = "b早于a，不作为其重复件" if minutes < 0 else "超出时间窗口"
        explain.append(f"{interval}，窗口为{window_days}天（{limit}分钟）：{why}。")
        explain.append(f"时间窗口不满足，相似度记为0，阈值{THRESHOLD}{_BASIS}。")
        return {"duplicate": False, "score": 0, "explain": explain}
    explain.append(f"{interval}，在{window_days}天窗口内。")

    same_place, place_note = _same_place(a, b, radius_m)
    explain.append(place_note)

    matter, matter_notes = _matter(a, b)
    explain.extend(matter_notes)
    # The score ranks candidates: the same matter somewhere else is a weaker
    # candidate than the same matter at the same place.
    score = matter if same_place else matter * 0.5
    score = round(min(1.0, max(0.0, score)), 4)
    duplicate = same_place and score >= THRESHOLD
    verdict = "是重复件，应并入已登记的投诉并告知投诉人" if duplicate else "不是重复件"
    explain.append(f"得分{score}，阈值{THRESHOLD}：{verdict}{_BASIS}。")
    if duplicate:
        explain.append(
            "同一违法行为多人举报时只奖励第一有效举报人（举报奖励实施细则第十条），"
            "先登记的a为在先投诉。"
        )
    return {"duplicate": duplicate, "score": score, "explain": explain}


# --- Place ----------------------------------------------------------------------


def _same_place(a: Side, b: Side, radius_m: int) -> tuple[bool, str]:
    """Whichever case applies decides; later cases are not consulted."""
    if a.enterprise and b.enterprise:
        name_a, name_b = (
            ct.enterprise_name(a.enterprise),
            ct.enterprise_name(b.enterprise),
        )
        same = ct.same_enterprise(a.enterprise, b.enterprise)
        return same, (
            f"两件都指明了被投诉单位：规范化后为“{name_a.core}”（简称“{name_a.key}”）与"
            f"“{name_b.core}”（简称“{name_b.key}”），"
            + ("为同一单位。" if same else "不是同一单位。")
            + "不再比较坐标和地址。"
        )
    if (
        a.lat is not None
        and a.lng is not None
        and b.lat is not None
        and b.lng is not None
    ):
        distance = ct.distance_m(a.lat, a.lng, b.lat, b.lng)
        same = distance <= radius_m
        return same, (
            f"两件都标注了地图位置：相距{distance:.0f}米，半径{radius_m}米，"
            + ("视为同一地点。" if same else "不是同一地点。")
        )
    return _same_spot(a, b)


def _same_spot(a: Side, b: Side) -> tuple[bool, str]:
    """The two addresses, read with what the texts say about the source."""
    place_a = ct.place_with_text(a.place, a.text)
    place_b = ct.place_with_text(b.place, b.text)
    head = f"比较地址“{a.place}”与“{b.place}”"
    houses = place_a.houses & place_b.houses
    if houses:
        road, number = sorted(houses)[0]
        return True, f"{head}：门牌相同（{road}{number}号），为同一地点。"
    roads_a = {road for road, _ in place_a.houses}
    roads_b = {road for road, _ in place_b.houses}
    if roads_a & roads_b:
        return False, f"{head}：同一道路上的不同门牌，不是同一地点。"
    landmarks = place_a.landmarks & place_b.landmarks
    if landmarks:
        return (
            True,
            f"{head}：同一处标志（{'、'.join(sorted(landmarks))}），为同一地点。",
        )
    precise_a = place_a.landmarks or place_a.houses
    precise_b = place_b.landmarks or place_b.houses
    if precise_a and precise_b:
        return False, f"{head}：两件各指明了不同的门牌、路口或标志，不是同一地点。"
    shared = place_a.tokens & place_b.tokens
    if not shared:
        return False, f"{head}：没有共同的街路、村屯或片区，不是同一地点。"
    where = "、".join(sorted(shared))
    sources_a, sources_b = ct.sources(a.text), ct.sources(b.text)
    common = sources_a & sources_b
    if common:
        names = "、".join(ct.SOURCE_LABELS[s] for s in sorted(common))
        return True, (
            f"{head}：同在{where}，两件描述的污染源相同（{names}），视为同一处污染源。"
        )
    if not sources_a and not sources_b:
        activity = ct.kinds(a.text) & ct.kinds(b.text) & ct.ACTIVITY_KINDS
        if activity:
            names = "、".join(ct.KIND_LABELS[k] for k in sorted(activity))
            return True, (
                f"{head}：同在{where}，两件描述的是同一种行为（{names}），视为同一处污染源。"
            )
        if ct.similarity(a.text, b.text) >= 0.35:
            return (
                True,
                f"{head}：同在{where}，两件对污染源的描述基本一致，视为同一处。",
            )
    return False, (
        f"{head}：同在{where}，但两件没有描述同一处污染源；"
        "同一街路、村屯或园区内的不同污染源不是同一地点。"
    )


# --- Matter ---------------------------------------------------------------------


def _matter(a: Side, b: Side) -> tuple[float, list[str]]:
    """The confidence (0…1) that the two texts concern the same kind of nuisance
    from the same source, and the steps."""
    kinds_a, words_a = ct.kinds_with_words(a.text)
    kinds_b, words_b = ct.kinds_with_words(b.text)
    notes = [
        f"a反映：{_kinds_text(kinds_a, words_a)}；b反映：{_kinds_text(kinds_b, words_b)}。"
    ]
    similarity = ct.similarity(a.text, b.text)

    conflict = _source_conflict(a, b)
    if conflict:
        notes.append(f"污染源不同：{conflict}，不是同一事项。")
        return 0.1 * similarity, notes
    sources_a, sources_b = ct.sources(a.text), ct.sources(b.text)
    if sources_a or sources_b:
        notes.append(
            f"污染源：a为{_sources_text(sources_a)}，b为{_sources_text(sources_b)}。"
        )
    if kinds_a and kinds_b:
        common = kinds_a & kinds_b
        if not common:
            notes.append("污染类型不同，同一单位的不同污染类型为不同事项。")
            return 0.1 * similarity, notes
        names = "、".join(ct.KIND_LABELS[k] for k in sorted(common))
        notes.append(
            f"同为{names}，措辞、详略、错别字、拼音、繁体或投诉人视角不同不影响认定"
            f"（文字相似度{similarity:.2f}）。"
        )
        return 0.6 + 0.4 * similarity, notes
    notes.append(
        f"至少一件未能识别污染类型，按文字相似度{similarity:.2f}判断"
        f"（类别仅作参考：a为{a.category or '未填'}，b为{b.category or '未填'}）。"
    )
    return 0.3 + 0.7 * similarity, notes


def _source_conflict(a: Side, b: Side) -> str:
    other_a, other_b = ct.other_source(a.text), ct.other_source(b.text)
    if bool(other_a) != bool(other_b):
        which = "a" if other_a else "b"
        return f"{which}所述为另一处污染源（“{other_a or other_b}”）"
    brands_a = set(ct.brands_mentioned(a.text))
    brands_b = set(ct.brands_mentioned(b.text))
    if a.enterprise:
        brands_a.add(ct.enterprise_name(a.enterprise).key)
    if b.enterprise:
        brands_b.add(ct.enterprise_name(b.enterprise).key)
    if brands_a and brands_b and not _brands_overlap(brands_a, brands_b):
        return f"a指向{'、'.join(sorted(brands_a))}，b指向{'、'.join(sorted(brands_b))}"
    sources_a, sources_b = ct.sources(a.text), ct.sources(b.text)
    if sources_a and sources_b and not (sources_a & sources_b):
        return f"a为{_sources_text(sources_a)}，b为{_sources_text(sources_b)}"
    return ""


def _brands_overlap(one: set[str], other: set[str]) -> bool:
    return any(x == y or x.startswith(y) or y.startswith(x) for x in one for y in other)


def _kinds_text(kinds: frozenset[str], words: list[str]) -> str:
    if not kinds:
        return "未识别出污染类型"
    names = "、".join(ct.KIND_LABELS[k] for k in sorted(kinds))
    return f"{names}（“{'”“'.join(words[:4])}”）"


def _sources_text(sources: frozenset[str]) -> str:
    if not sources:
        return "未指明"
    return "、".join(ct.SOURCE_LABELS[s] for s in sorted(sources))


# --- Input checks -----------------------------------------------------------------


def _check(data: dict[str, Any]) -> tuple[Side, Side, int, int]:
    problems = [f"缺少“{key}”" for key in ("a", "b") if key not in data]
    unknown = [key for key in data if key not in TOP_KEYS]
    if unknown:
        problems.append(_unknown(unknown, TOP_KEYS))
    window = _non_negative(data, "window_days", DEFAULT_WINDOW_DAYS, problems)
    radius = _non_negative(data, "radius_m", DEFAULT_RADIUS_M, problems)
    sides = [
        _side(data[key], key, problems) if key in data else None for key in ("a", "b")
    ]
    a, b = sides
    if problems or a is None or b is None:
        raise RuleInputError("；".join(problems))
    return a, b, window, radius


def _unknown(keys: list[str], allowed: tuple[str, ...]) -> str:
    names = "、".join(f"“{key}”" for key in keys)
    return f"未知字段{names}（可用字段：{'、'.join(allowed)}）"


def _non_negative(
    data: dict[str, Any], key: str, default: int, problems: list[str]
) -> int:
    value: object = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.append(f"“{key}”应为非负整数")
        return default
    return value


def _side(value: object, name: str, problems: list[str]) -> Side | None:
    if not isinstance(value, dict):
        problems.append(f"“{name}”应为对象")
        return None
    before = len(problems)
    unknown = [key for key in value if key not in SIDE_KEYS]
    if unknown:
        problems.append(f"{name}：" + _unknown(unknown, SIDE_KEYS))
    text = _text(value, "text", name, problems)
    place = _text(value, "place", name, problems)
    enterprise = value.get("enterprise")
    if enterprise is not None and not isinstance(enterprise, str):
        problems.append(f"{name}.enterprise应为字符串或null")
        enterprise = None
    lat, lng = _point(value, name, problems)
    at = _at(value.get("at"), name, problems)
    category = value.get("category")
    if category is not None and category not in CATEGORIES:
        problems.append(f"{name}.category应为{'、'.join(CATEGORIES)}之一或null")
    if len(problems) > before or at is None:
        return None
    return Side(
        text=text,
        place=place,
        enterprise=enterprise.strip() or None if enterprise else None,
        lat=lat,
        lng=lng,
        at=at,
        category=category,
    )


def _text(value: dict[str, Any], key: str, name: str, problems: list[str]) -> str:
    text = value.get(key)
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{name}.{key}应为非空字符串")
        return ""
    return text


def _point(
    value: dict[str, Any], name: str, problems: list[str]
) -> tuple[float | None, float | None]:
    lat, lng = value.get("lat"), value.get("lng")
    if lat is None and lng is None:
        return None, None
    if lat is None or lng is None:
        problems.append(f"{name}：lat与lng须同时给出或同时省略")
        return None, None
    result: list[float] = []
    for key, number, bound in (("lat", lat, 90), ("lng", lng, 180)):
        if isinstance(number, bool) or not isinstance(number, int | float):
            problems.append(f"{name}.{key}应为数字")
            continue
        if not math.isfinite(number) or not -bound <= number <= bound:
            problems.append(f"{name}.{key}应在−{bound}至{bound}之间")
            continue
        result.append(float(number))
    if len(result) != 2:
        return None, None
    return result[0], result[1]


def _at(value: object, name: str, problems: list[str]) -> datetime | None:
    if not isinstance(value, str) or not _AT.fullmatch(value):
        problems.append(f"{name}.at应为YYYY-MM-DDTHH:MM格式的时间")
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        problems.append(f"{name}.at“{value}”不是存在的日期时间")
        return None


RULES = (
    Rule(
        name="complaint-match",
        version="CM-2026.1",
        valid_from=None,
        valid_to=None,
        description=(
            "投诉重复件判定：时间窗口内、同一单位或同一地点、同一污染事项"
            "（12369常见问题2、环境保护部令第15号、举报奖励实施细则第十条）"
        ),
        run=run,
    ),
)
