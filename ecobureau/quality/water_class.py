"""Surface-water class (GB 3838—2002) and the city water-quality index (CWQI).

Pure functions, no models and no settings: the `water-class` and `cwqi` rules of
`python manage.py rules run` (CONTRACTS.md), and the statistics of this module,
call them. Sources (reference/water.md):

- GB 3838—2002《地表水环境质量标准》表1 (limits, CONFIRMED), 第5.1条 (single-factor
  evaluation, exceedance multiples, CONFIRMED);
- 《地表水环境质量评价办法（试行）》(环办〔2011〕22号): the 21 counted items (Table 1
  without water temperature, total nitrogen and fecal coliform), the status words,
  total nitrogen of lakes evaluated separately (CORROBORATED);
- 《城市地表水环境质量排名技术规定（试行）》(2017): CWQI single-item indices
  (formulas UNVERIFIED against the primary text: example configuration 示例配置).

Values are compared exactly as given, in decimal arithmetic: 1.0 is class III
for ammonia nitrogen, 1.01 class IV. Means, rounding and below-detection-limit
substitutes belong to the caller's statistics step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_noop

from .wording import Listing, Text, shown

STANDARD = "GB3838-2002"
CWQI_STANDARD = "CWQI-2017"
CLASSES = ("I", "II", "III", "IV", "V", "劣V")
TARGETS = CLASSES[:5]
RIVER, LAKE = "river", "lake"

D = Decimal

# GB 3838—2002 表1, classes I..V (mg/L unless stated). DO is a lower bound.
LIMITS: dict[str, tuple[Decimal, ...]] = {
    "do": (D("7.5"), D("6"), D("5"), D("3"), D("2")),
    "codmn": (D("2"), D("4"), D("6"), D("10"), D("15")),
    "cod": (D("15"), D("15"), D("20"), D("30"), D("40")),
    "bod5": (D("3"), D("3"), D("4"), D("6"), D("10")),
    "nh3n": (D("0.15"), D("0.5"), D("1.0"), D("1.5"), D("2.0")),
    "tp": (D("0.02"), D("0.1"), D("0.2"), D("0.3"), D("0.4")),
    "cu": (D("0.01"), D("1.0"), D("1.0"), D("1.0"), D("1.0")),
    "zn": (D("0.05"), D("1.0"), D("1.0"), D("2.0"), D("2.0")),
    "f": (D("1.0"), D("1.0"), D("1.0"), D("1.5"), D("1.5")),
    "se": (D("0.01"), D("0.01"), D("0.01"), D("0.02"), D("0.02")),
    "as_": (D("0.05"), D("0.05"), D("0.05"), D("0.1"), D("0.1")),
    "hg": (D("0.00005"), D("0.00005"), D("0.0001"), D("0.001"), D("0.001")),
    "cd": (D("0.001"), D("0.005"), D("0.005"), D("0.005"), D("0.01")),
    "cr6": (D("0.01"), D("0.05"), D("0.05"), D("0.05"), D("0.1")),
    "pb": (D("0.01"), D("0.01"), D("0.05"), D("0.05"), D("0.1")),
    "cn": (D("0.005"), D("0.05"), D("0.2"), D("0.2"), D("0.2")),
    "phenol": (D("0.002"), D("0.002"), D("0.005"), D("0.01"), D("0.1")),
    "petroleum": (D("0.05"), D("0.05"), D("0.05"), D("0.5"), D("1.0")),
    "las": (D("0.2"), D("0.2"), D("0.2"), D("0.3"), D("0.3")),
    "sulfide": (D("0.05"), D("0.1"), D("0.2"), D("0.5"), D("1.0")),
    "tn": (D("0.2"), D("0.5"), D("1.0"), D("1.5"), D("2.0")),
    "fecal_coliform": (D("200"), D("2000"), D("10000"), D("20000"), D("40000")),
}
# 表1 总磷 "湖、库" limits.
LAKE_TP = (D("0.01"), D("0.025"), D("0.05"), D("0.1"), D("0.2"))

# The 21 counted items in Table 1 order (环办〔2011〕22号).
COUNTED = (
    "ph",
    "do",
    "codmn",
    "cod",
    "bod5",
    "nh3n",
    "tp",
    "cu",
    "zn",
    "f",
    "se",
    "as_",
    "hg",
    "cd",
    "cr6",
    "pb",
    "cn",
    "phenol",
    "petroleum",
    "las",
    "sulfide",
)
REFERENCE = ("tn", "fecal_coliform", "water_temp")
VALUE_KEYS = (*COUNTED, "do_saturation", *REFERENCE)
HEAVY_METALS = ("cn", "pb", "cr6", "hg", "cd", "as_", "cu", "zn", "se")

NAMES = {
    "ph": "pH",
    "do": gettext_noop("溶解氧"),
    "do_saturation": gettext_noop("溶解氧饱和率"),
    "codmn": gettext_noop("高锰酸盐指数"),
    "cod": gettext_noop("化学需氧量"),
    "bod5": gettext_noop("五日生化需氧量"),
    "nh3n": gettext_noop("氨氮"),
    "tp": gettext_noop("总磷"),
    "tn": gettext_noop("总氮"),
    "cu": gettext_noop("铜"),
    "zn": gettext_noop("锌"),
    "f": gettext_noop("氟化物"),
    "se": gettext_noop("硒"),
    "as_": gettext_noop("砷"),
    "hg": gettext_noop("汞"),
    "cd": gettext_noop("镉"),
    "cr6": gettext_noop("六价铬"),
    "pb": gettext_noop("铅"),
    "cn": gettext_noop("氰化物"),
    "phenol": gettext_noop("挥发酚"),
    "petroleum": gettext_noop("石油类"),
    "las": gettext_noop("阴离子表面活性剂"),
    "sulfide": gettext_noop("硫化物"),
    "fecal_coliform": gettext_noop("粪大肠菌群"),
    "water_temp": gettext_noop("水温"),
}
UNITS = {"ph": "", "fecal_coliform": "个/L", "water_temp": "℃", "do_saturation": "%"}
STATUS = {
    "I": gettext_noop("优"),
    "II": gettext_noop("优"),
    "III": gettext_noop("良好"),
    "IV": gettext_noop("轻度污染"),
    "V": gettext_noop("中度污染"),
    "劣V": gettext_noop("重度污染"),
}
BASIS_TABLE = gettext_noop("GB 3838—2002 表1")
BASIS_METHOD = gettext_noop("《地表水环境质量评价办法（试行）》（环办〔2011〕22号）")
BASIS_CWQI = "《城市地表水环境质量排名技术规定（试行）》（2017）"


class WaterInputError(ValueError):
    """Input the rule cannot decide; the message is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def unit_of(key: str) -> str:
    return UNITS.get(key, "mg/L")


def limits_for(key: str, water_body: str) -> tuple[Decimal, ...]:
    if key == "tp" and water_body == LAKE:
        return LAKE_TP
    return LIMITS[key]


def better_or_equal(klass: str, target: str) -> bool:
    return CLASSES.index(klass) <= CLASSES.index(target)


def worst(classes: list[str]) -> str:
    return max(classes, key=CLASSES.index)


def item_class(
    key: str,
    value: Decimal,
    water_body: str,
    *,
    do_saturation: Decimal | None = None,
) -> str:
    """The Table 1 class of one item. Inclusive limits; where classes share a
    limit the better class is taken (the first class whose limit is met)."""
    if key == "ph":
        return "I" if D(6) <= value <= D(9) else "劣V"
    limits = limits_for(key, water_body)
    if key == "do":
        if do_saturation is not None and do_saturation >= 90:
            return "I"
        for klass, limit in zip(TARGETS, limits, strict=True):
            if value >= limit:
                return klass
        return "劣V"
    for klass, limit in zip(TARGETS, limits, strict=True):
        if value <= limit:
            return klass
    return "劣V"


def exceed_multiple(key: str, value: Decimal, water_body: str) -> Decimal | None:
    """(C − S_III) / S_III for an item above its class III limit (not pH, DO)."""
    if key in ("ph", "do"):
        return None
    s3 = limits_for(key, water_body)[2]
    if value <= s3:
        return None
    return ((value - s3) / s3).quantize(D("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class WaterResult:
    klass: str
    classes: dict[str, str]
    limiting: list[str]
    missing: list[str]
    exceed: dict[str, Decimal]
    main_pollutants: list[str]
    tn_class: str | None
    fecal_coliform_class: str | None
    meets_target: bool | None
    explain: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return STATUS[self.klass]

    def as_json(self) -> dict[str, Any]:
        return {
            "class": self.klass,
            "status": self.status,
            "classes": dict(self.classes),
            "limiting": list(self.limiting),
            "missing": list(self.missing),
            "exceed": {key: float(value) for key, value in self.exceed.items()},
            "main_pollutants": list(self.main_pollutants),
            "tn_class": self.tn_class,
            "fecal_coliform_class": self.fecal_coliform_class,
            "meets_target": self.meets_target,
            "standard": STANDARD,
            "explain": [str(line) for line in self.explain],
        }

    def explain_shown(self) -> list[str]:
        """The steps in the reader's language, for a page (`explain` stays Chinese)."""
        return [shown(line) for line in self.explain]


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _unit(key: str) -> str:
    unit = unit_of(key)
    return Text(gettext_noop("个/L")) if unit == "个/L" else unit


def _name(key: str) -> Text:
    return Text(NAMES[key])


def _limit_text(
    key: str, klass: str, water_body: str, *, by_saturation: bool = False
) -> str:
    if key == "ph":
        return "6～9"
    if by_saturation:
        # 表1 DO class I: "饱和率90%（或7.5）" — met here by the saturation.
        return Text(gettext_noop("Ⅰ类限值饱和率≥90%（或≥7.5mg/L），按饱和率达到"))
    if klass == "劣V":
        limit = limits_for(key, water_body)[4]
        sign = "<" if key == "do" else ">"
        return Text(
            gettext_noop("%(sign)sⅤ类限值%(limit)s%(unit)s"),
            sign=sign, limit=_fmt(limit), unit=_unit(key),
        )  # fmt: skip
    limit = limits_for(key, water_body)[TARGETS.index(klass)]
    sign = "≥" if key == "do" else "≤"
    return Text(
        gettext_noop("%(klass)s类限值%(sign)s%(limit)s%(unit)s"),
        klass=klass, sign=sign, limit=_fmt(limit), unit=_unit(key),
    )  # fmt: skip


def _explain(
    values: dict[str, Decimal],
    *,
    water_body: str,
    target: str | None,
    priority: tuple[str, ...],
    main_count: int,
    result: WaterResult,
) -> list[str]:
    """The steps of `classify`, each a `Text`: Chinese as the rules print it,
    shown in the reader's language on a page (wording.py)."""
    classes, klass, exceed = result.classes, result.klass, result.exceed
    present = list(classes)
    saturation = values.get("do_saturation")
    table, method = Text(BASIS_TABLE), Text(BASIS_METHOD)
    explain: list[str] = [
        Text(gettext_noop("水体类型：湖库（总磷按湖、库限值）"))
        if water_body == LAKE
        else Text(gettext_noop("水体类型：河流（总磷按河流限值）"))
    ]
    by_saturation = (
        "do" in classes
        and saturation is not None
        and saturation >= 90
        and values["do"] < limits_for("do", water_body)[0]
    )
    for key in present:
        saturated = by_saturation and key == "do"
        value: str = f"{_fmt(values[key])}{unit_of(key)}"
        if saturated:
            value = Text(
                gettext_noop("%(value)s%(unit)s（饱和率%(saturation)s%%）"),
                value=_fmt(values[key]), unit=_unit(key), saturation=_fmt(saturation),  # type: ignore[arg-type]
            )  # fmt: skip
        elif key == "fecal_coliform":
            value = Text("%(value)s%(unit)s", value=_fmt(values[key]), unit=_unit(key))
        limit = _limit_text(key, classes[key], water_body, by_saturation=saturated)
        args = {"name": _name(key), "value": value, "limit": limit, "basis": table}
        if classes[key] == "劣V":
            explain.append(
                Text(gettext_noop("%(name)s %(value)s：劣Ⅴ类（%(limit)s，%(basis)s）"), **args)
            )  # fmt: skip
        else:
            explain.append(
                Text(
                    gettext_noop("%(name)s %(value)s：%(klass)s类（%(limit)s，%(basis)s）"),
                    klass=classes[key], **args,
                )
            )  # fmt: skip
    counted = {"method": method, "present": len(present)}
    if result.missing:
        explain.append(
            Text(
                gettext_noop(
                    "参评指标为表1中除水温、总氮、粪大肠菌群以外的21项（%(method)s）；"
                    "本次参评%(present)s项，缺测%(missing)s项"
                ),
                missing=len(result.missing), **counted,
            )
        )  # fmt: skip
    else:
        explain.append(
            Text(
                gettext_noop(
                    "参评指标为表1中除水温、总氮、粪大肠菌群以外的21项（%(method)s）；"
                    "本次参评%(present)s项"
                ),
                **counted,
            )
        )
    single = {
        "names": Listing(_name(key) for key in result.limiting),
        "status": Text(STATUS[klass]),
        "method": method,
    }
    if klass == "劣V":
        explain.append(
            Text(
                gettext_noop(
                    "单因子评价取参评指标中类别最差的一项（GB 3838—2002 第5.1条）："
                    "劣于Ⅴ类，定类指标为%(names)s；水质状况“%(status)s”（%(method)s）"
                ),
                **single,
            )
        )
    else:
        explain.append(
            Text(
                gettext_noop(
                    "单因子评价取参评指标中类别最差的一项（GB 3838—2002 第5.1条）："
                    "符合%(klass)s类，定类指标为%(names)s；水质状况“%(status)s”"
                    "（%(method)s）"
                ),
                klass=klass, **single,
            )
        )  # fmt: skip
    if exceed:
        parts = Listing(
            Text(gettext_noop("%(name)s超Ⅲ类%(multiple)s倍"), name=_name(k), multiple=_fmt(v))
            for k, v in exceed.items()
        )  # fmt: skip
        explain.append(
            Text(
                gettext_noop("超标倍数（C−SⅢ）/SⅢ（GB 3838—2002 第5.1条）：%(parts)s"),
                parts=parts,
            )
        )
    if result.main_pollutants:
        first = Listing(_name(k) for k in priority) if priority else Text("无")
        explain.append(
            Text(
                gettext_noop(
                    "主要污染指标（至多%(count)s项；%(first)s超Ⅲ类者优先，再按类别、"
                    "超标倍数排列，示例配置）：%(main)s"
                ),
                count=main_count, first=first,
                main=Listing(_name(key) for key in result.main_pollutants),
            )
        )  # fmt: skip
    tn_class = result.tn_class
    if tn_class:
        tn = {
            "value": _fmt(values["tn"]),
            "limit": _limit_text("tn", tn_class, water_body),
            "method": method,
        }
        if tn_class == "劣V":
            explain.append(
                Text(
                    gettext_noop(
                        "总氮 %(value)smg/L单独评价为劣Ⅴ类（%(limit)s，GB 3838—2002 "
                        "表1湖、库），不参与定类（%(method)s）"
                    ),
                    **tn,
                )
            )
        else:
            explain.append(
                Text(
                    gettext_noop(
                        "总氮 %(value)smg/L单独评价为%(klass)s类（%(limit)s，"
                        "GB 3838—2002 表1湖、库），不参与定类（%(method)s）"
                    ),
                    klass=tn_class, **tn,
                )
            )  # fmt: skip
    elif water_body == RIVER and values.get("tn") is not None:
        explain.append(
            Text(gettext_noop("河流不评价总氮（表1总氮限值仅适用于湖、库）"))
        )
    fc_class = result.fecal_coliform_class
    if fc_class:
        fc = {
            "value": _fmt(values["fecal_coliform"]),
            "limit": _limit_text("fecal_coliform", fc_class, water_body),
            "basis": table,
        }
        if fc_class == "劣V":
            explain.append(
                Text(
                    gettext_noop(
                        "粪大肠菌群 %(value)s个/L为劣Ⅴ类（%(limit)s，%(basis)s），"
                        "作参考指标，不参与定类"
                    ),
                    **fc,
                )
            )
        else:
            explain.append(
                Text(
                    gettext_noop(
                        "粪大肠菌群 %(value)s个/L为%(klass)s类（%(limit)s，%(basis)s），"
                        "作参考指标，不参与定类"
                    ),
                    klass=fc_class, **fc,
                )
            )  # fmt: skip
    if values.get("water_temp") is not None:
        explain.append(Text(gettext_noop("水温限值针对人为温度变化，单个数值不评类别")))
    if target is not None:
        verdict = (
            gettext_noop("目标%(target)s类：达标（类别不劣于目标即达标）")
            if result.meets_target
            else gettext_noop("目标%(target)s类：未达标（类别不劣于目标即达标）")
        )
        explain.append(Text(verdict, target=target))
    return explain


def classify(
    values: dict[str, Decimal],
    *,
    water_body: str,
    target: str | None = None,
    priority: tuple[str, ...] = HEAVY_METALS,
    main_count: int = 3,
) -> WaterResult:
    """Class of one set of values (a sample or period means), inputs checked.
    `priority` and `main_count` are the main-pollutant rule (reference/water.md
    2.5, UNVERIFIED: the caller passes the configured values)."""
    present = [key for key in COUNTED if values.get(key) is not None]
    if not present:
        raise WaterInputError("21项参评指标一项都没有，无法评价水质类别")
    saturation = values.get("do_saturation")
    classes = {
        key: item_class(key, values[key], water_body, do_saturation=saturation)
        for key in present
    }
    klass = worst(list(classes.values()))
    limiting = [key for key in present if classes[key] == klass]
    missing = [key for key in COUNTED if key not in classes]
    exceed = {}
    for key in present:
        multiple = exceed_multiple(key, values[key], water_body)
        if multiple is not None:
            exceed[key] = multiple
    main: list[str] = []
    if klass in ("IV", "V", "劣V"):
        worse = [key for key in present if CLASSES.index(classes[key]) > 2]

        def order(key: str) -> tuple[int, int, Decimal, int]:
            group = 0 if key in priority and key in exceed else 1
            return (
                group,
                -CLASSES.index(classes[key]),
                -exceed.get(key, D(0)),
                COUNTED.index(key),
            )

        main = sorted(worse, key=order)[:main_count]
    tn_class = None
    if water_body == LAKE and values.get("tn") is not None:
        tn_class = item_class("tn", values["tn"], water_body)
    fc_class = None
    if values.get("fecal_coliform") is not None:
        fc_class = item_class("fecal_coliform", values["fecal_coliform"], water_body)
    meets = None if target is None else better_or_equal(klass, target)
    result = WaterResult(
        klass=klass,
        classes=classes,
        limiting=limiting,
        missing=missing,
        exceed=exceed,
        main_pollutants=main,
        tn_class=tn_class,
        fecal_coliform_class=fc_class,
        meets_target=meets,
    )
    result.explain = _explain(
        values,
        water_body=water_body,
        target=target,
        priority=priority,
        main_count=main_count,
        result=result,
    )
    return result


def cwqi_indices(values: dict[str, Decimal], *, water_body: str) -> dict[str, Decimal]:
    """Single-item CWQI indices of the counted items present (示例配置: formulas of
    the 2017 ranking rule as transcribed, reference/water.md 3.4)."""
    out: dict[str, Decimal] = {}
    for key in COUNTED:
        value = values.get(key)
        if value is None:
            continue
        if key == "ph":
            out[key] = (D(7) - value) if value <= 7 else (value - D(7)) / D(2)
        elif key == "do":
            if value == 0:
                raise WaterInputError("溶解氧为0时其水质指数无定义")
            out[key] = D(5) / value
        else:
            out[key] = value / limits_for(key, water_body)[2]
    return out


def cwqi(
    values: dict[str, Decimal], *, water_body: str
) -> tuple[Decimal, dict[str, Decimal]]:
    """(sum, indices), unrounded."""
    indices = cwqi_indices(values, water_body=water_body)
    if not indices:
        raise WaterInputError("21项参评指标一项都没有，无法计算水质指数")
    return sum(indices.values(), D(0)), indices


def round4(value: Decimal) -> Decimal:
    return value.quantize(D("0.0001"), rounding=ROUND_HALF_UP)


def change_percent(current: Decimal, base: Decimal) -> Decimal | None:
    """ΔCWQI = (current − base) / base × 100 %, negative = better (示例配置)."""
    if base == 0:
        return None
    return ((current - base) / base * 100).quantize(D("0.01"), rounding=ROUND_HALF_UP)


# --- JSON input (the rules) ----------------------------------------------------------


def parse(
    data: dict[str, Any], *, allow_target: bool
) -> tuple[str, str | None, dict[str, Decimal]]:
    """Check one JSON object and turn its numbers into Decimals."""
    allowed = ("water_body", *(("target",) if allow_target else ()), *VALUE_KEYS)
    unknown = [key for key in data if key not in allowed]
    if unknown:
        raise WaterInputError(f"未知字段{'、'.join(f'“{key}”' for key in unknown)}")
    body = data.get("water_body")
    if body not in (RIVER, LAKE):
        raise WaterInputError("“water_body”必填，应为“river”（河流）或“lake”（湖库）")
    target = data.get("target") if allow_target else None
    if target is not None and target not in TARGETS:
        raise WaterInputError("“target”应为I、II、III、IV、V之一")
    values: dict[str, Decimal] = {}
    problems = []
    for key in VALUE_KEYS:
        raw = data.get(key)
        if raw is None:
            continue
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            problems.append(f"“{key}”应为数值")
            continue
        value = D(str(raw))
        if key == "ph" and not D(0) <= value <= D(14):
            problems.append("“ph”应在0～14之间")
        elif key == "do_saturation" and not D(0) <= value <= D(300):
            problems.append("“do_saturation”应在0～300之间")
        elif key not in ("ph", "water_temp") and value < 0:
            problems.append(f"“{key}”不能为负数")
        values[key] = value
    if problems:
        raise WaterInputError("；".join(problems))
    if not any(key in values for key in COUNTED):
        raise WaterInputError("21项参评指标一项都没有，无法评价")
    return body, target, values
