"""The anomaly rules: their parameters, defaults and reasons (示例配置), the
checks each runs over an instrument's hourly data, and the service that changes
a rule's configuration.

Each check is a plain function of the hours it is given and returns findings;
`services.evaluation` feeds them and records what they find.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from statistics import median
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.lib import hj212_codes

from ..models import AnomalyRule

Kind = AnomalyRule.Kind
HOUR = timedelta(hours=1)
VALID_FLAGS = frozenset({"N", "T", ""})
INVALID_FLAGS = frozenset({"F", "M", "S", "D", "C", "B", "P"})
FLOW_CODES = frozenset({"w00000", "a00000"})
# Auxiliary parameters measured beside pollutants: never "zero while running"
# or "flat" suspects in themselves (a steady temperature or O2 is normal).
AUXILIARY = frozenset(
    {"w01001", "w01010", "a01011", "a01012", "a01013", "a01014", "a01015"}
    | {"a01016", "a01017", "a19001", "a01001", "a01002", "a01006", "a01007", "a01008"}
)


@dataclass(frozen=True)
class Param:
    label: str
    kind: type
    low: float
    high: float
    default: float


@dataclass(frozen=True)
class Spec:
    params: Mapping[str, Param]
    reason: str


SPECS: dict[str, Spec] = {
    Kind.FLAT_LINE: Spec(
        {"min_hours": Param("连续小时数", int, 2, 168, 4)},
        "仪器正常运行时，测量值随工况和仪器自身噪声波动；小时内最大值、最小值与均值相同"
        "或小时均值连续数小时完全不变，常见于数采仪输出固定值、仪器故障或数据被人为设定，"
        "应现场核实（示例配置）。",
    ),
    Kind.ZERO_RUNNING: Spec(
        {
            "min_hours": Param("连续小时数", int, 1, 168, 2),
            "threshold": Param("视为零的浓度上限", float, 0, 1000, 0),
            "flow_min": Param("视为排放的最小流量", float, 0, 1e9, 0.1),
        },
        "排放口有流量（正在排放）而污染物浓度长时间为零，不符合生产实际，提示采样管路堵塞、"
        "稀释采样或修改仪器参数，应现场核实（示例配置）。",
    ),
    Kind.NEAR_LIMIT_DROP: Spec(
        {
            "band_low": Param("限值以下区间下沿（限值的倍数）", float, 0.5, 0.99, 0.9),
            "min_hours": Param("持续小时数", int, 1, 168, 3),
        },
        "浓度由超标水平突然降至略低于排放限值并持续，且降幅与工况变化不符，"
        "提示人为干预（修改量程、斜率、截距或稀释采样），应调取仪器参数和运维记录核实（示例配置）。",
    ),
    Kind.MISSING_DATA: Spec(
        {"min_hours": Param("连续缺失小时数", int, 1, 720, 3)},
        "应上传的数据连续缺失，可能是设备故障、断电或人为断开数采仪，"
        "应核实原因并督促补传（示例配置）。",
    ),
    Kind.FLAG_PATTERN: Spec(
        {
            "invalid_share": Param("异常标记时段占比", float, 0.05, 1, 0.5),
            "min_hours": Param("统计的最少小时数", int, 1, 720, 6),
        },
        "数据标记为停运(F)、维护(M)、故障(D)、校准(C)、通讯异常(B)或手工设定值(S)的时段占比"
        "异常偏高，或出现手工设定值，提示以标记掩盖超标或不正常运行（示例配置）。",
    ),
    Kind.CLOCK_DRIFT: Spec(
        {
            "max_minutes": Param("允许的时钟偏差（分钟）", int, 1, 1440, 10),
            "min_frames": Param("最少实时数据包数", int, 1, 10000, 5),
        },
        "数采仪时钟与平台接收时间偏差过大，数据时间失真，影响超标时段认定；"
        "应按HJ 212-2017 以1012命令校准现场机时间（示例配置）。",
    ),
}


def defaults(kind: str) -> dict[str, float]:
    return {name: param.default for name, param in SPECS[kind].params.items()}


def clean_params(kind: str, raw: Mapping[str, Any]) -> dict[str, float]:
    """Check each parameter's type and range; a Chinese message names the bad one."""
    spec = SPECS[kind]
    cleaned: dict[str, float] = {}
    problems = []
    for name, param in spec.params.items():
        value = raw.get(name, param.default)
        try:
            number = param.kind(value)
        except (TypeError, ValueError):
            problems.append(f"“{param.label}”应为数字")
            continue
        if param.kind is int and float(value) != number:
            problems.append(f"“{param.label}”应为整数")
            continue
        if not param.low <= number <= param.high:
            problems.append(f"“{param.label}”应在{param.low:g}至{param.high:g}之间")
            continue
        cleaned[name] = number
    unknown = set(raw) - set(spec.params)
    if unknown:
        problems.append(f"未知参数：{'、'.join(sorted(unknown))}")
    if problems:
        raise ValidationError("；".join(problems) + "。")
    return cleaned


@transaction.atomic
def anomaly_rule_update(
    *,
    rule: AnomalyRule,
    enabled: bool,
    params: Mapping[str, Any],
    reason: str,
    by: User,
) -> AnomalyRule:
    """Change a rule's switch, parameters or reason; recorded with before/after."""
    if not by.has_perm("monitoring.manage_anomaly_rules"):
        raise PermissionDenied("您没有修改异常研判规则的权限。")
    reason = reason.strip()
    if not reason:
        raise ValidationError("请填写研判依据：它会随每条异常一起展示。")
    cleaned = clean_params(rule.kind, params)
    before = {"enabled": rule.enabled, "params": rule.params, "reason": rule.reason}
    rule.enabled, rule.params, rule.reason, rule.updated_by = (
        enabled,
        cleaned,
        reason,
        by,
    )
    rule.save(update_fields=["enabled", "params", "reason", "updated_by", "updated_at"])
    after = {"enabled": enabled, "params": cleaned, "reason": reason}
    records.append(
        action="monitoring.anomaly_rule_update",
        target=rule,
        actor=by,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return rule


def anomaly_rules_ensure() -> list[AnomalyRule]:
    """Every rule kind has a row (default parameters and reason, enabled)."""
    existing = {rule.kind: rule for rule in AnomalyRule.objects.all()}
    for kind, spec in SPECS.items():
        if kind not in existing:
            existing[kind] = AnomalyRule.objects.create(
                kind=kind, enabled=True, params=defaults(kind), reason=spec.reason
            )
    return [existing[kind] for kind in sorted(existing)]


# --- The checks -----------------------------------------------------------------------


@dataclass(frozen=True)
class Hour:
    """One hour of one pollutant: the hourly mean (and converted mean), the
    hour's extremes, and its data flag."""

    at: datetime
    avg: Decimal | None
    zs_avg: Decimal | None
    low: Decimal | None
    high: Decimal | None
    flag: str

    @property
    def valid(self) -> bool:
        return self.flag in VALID_FLAGS


@dataclass(frozen=True)
class LimitAt:
    value: Decimal
    converted: bool


@dataclass(frozen=True)
class Finding:
    kind: str
    code: str
    started_at: datetime
    ended_at: datetime  # end of the last hour concerned
    detail: str


@dataclass
class Context:
    """What a check may look at: hours per pollutant (the window plus a day
    before it, so a run crossing the window's start is seen whole), the limit
    of a pollutant at an hour, which hours had any data, and the clock
    differences of real-time packets."""

    start: datetime
    end: datetime
    hours: dict[str, list[Hour]]
    limit_at: Callable[[str, datetime], LimitAt | None]
    hours_with_data: set[datetime]
    had_data_before: bool
    drifts: list[timedelta]


def _runs(hours: Sequence[Hour], test: Callable[[int, Hour], bool]) -> list[list[Hour]]:
    """Maximal runs of consecutive hours (no gap) passing `test`."""
    runs: list[list[Hour]] = []
    current: list[Hour] = []
    for index, hour in enumerate(hours):
        if test(index, hour) and (not current or hour.at - current[-1].at == HOUR):
            current.append(hour)
            continue
        if current:
            runs.append(current)
        current = [hour] if test(index, hour) else []
    if current:
        runs.append(current)
    return runs


def _name(code: str) -> str:
    return hj212_codes.pollutant_name(code)


def _value(hour: Hour, limit: LimitAt | None) -> Decimal | None:
    if limit is not None and limit.converted and hour.zs_avg is not None:
        return hour.zs_avg
    return hour.avg


def flat_line(ctx: Context, params: Mapping[str, float]) -> list[Finding]:
    findings = []
    for code, hours in ctx.hours.items():
        if code in AUXILIARY:
            continue

        def flat(index: int, hour: Hour, hours: Sequence[Hour] = hours) -> bool:
            if not hour.valid or hour.avg is None or hour.avg <= 0:
                return False
            if hour.low is not None and hour.high is not None and hour.low == hour.high:
                return True
            previous = hours[index - 1] if index else None
            following = hours[index + 1] if index + 1 < len(hours) else None
            return any(
                other is not None
                and other.avg == hour.avg
                and abs(other.at - hour.at) == HOUR
                for other in (previous, following)
            )

        for run in _runs(hours, flat):
            if len(run) >= params["min_hours"]:
                findings.append(
                    Finding(
                        Kind.FLAT_LINE,
                        code,
                        run[0].at,
                        run[-1].at + HOUR,
                        f"{_name(code)}小时均值连续{len(run)}小时无波动（{run[0].avg}）",
                    )
                )
    return findings


def zero_running(ctx: Context, params: Mapping[str, float]) -> list[Finding]:
    flows: dict[datetime, Decimal] = {}
    for code in FLOW_CODES & set(ctx.hours):
        for hour in ctx.hours[code]:
            if hour.valid and hour.avg is not None:
                flows[hour.at] = hour.avg
    threshold = Decimal(str(params["threshold"]))
    flow_min = Decimal(str(params["flow_min"]))
    findings = []
    for code, hours in ctx.hours.items():
        if code in FLOW_CODES or code in AUXILIARY:
            continue

        def zero(index: int, hour: Hour) -> bool:
            flow = flows.get(hour.at)
            return (
                hour.valid
                and hour.avg is not None
                and hour.avg <= threshold
                and flow is not None
                and flow > flow_min
            )

        for run in _runs(hours, zero):
            if len(run) >= params["min_hours"]:
                findings.append(
                    Finding(
                        Kind.ZERO_RUNNING,
                        code,
                        run[0].at,
                        run[-1].at + HOUR,
                        f"排放期间（流量大于{flow_min}）{_name(code)}连续{len(run)}小时为零",
                    )
                )
    return findings


def near_limit_drop(ctx: Context, params: Mapping[str, float]) -> list[Finding]:
    band = Decimal(str(params["band_low"]))
    findings = []
    for code, hours in ctx.hours.items():
        for index in range(1, len(hours)):
            before, first = hours[index - 1], hours[index]
            limit = ctx.limit_at(code, first.at)
            if limit is None or first.at - before.at != HOUR or not before.valid:
                continue
            high = _value(before, limit)
            if high is None or high <= limit.value:
                continue
            run: list[Hour] = []
            for hour in hours[index:]:
                value = _value(hour, limit)
                contiguous = not run or hour.at - run[-1].at == HOUR
                inside = value is not None and band * limit.value <= value < limit.value
                if not (hour.valid and contiguous and inside):
                    break
                run.append(hour)
            if len(run) >= params["min_hours"]:
                low = _value(run[0], limit)
                findings.append(
                    Finding(
                        Kind.NEAR_LIMIT_DROP,
                        code,
                        run[0].at,
                        run[-1].at + HOUR,
                        f"{_name(code)}由{high}骤降至{low}（限值{limit.value.normalize()}），"
                        f"随后{len(run)}小时保持在限值的{band}至1倍之间",
                    )
                )
    return findings


def missing_data(ctx: Context, params: Mapping[str, float]) -> list[Finding]:
    if not ctx.had_data_before and not ctx.hours_with_data:
        return []
    first_seen = min(ctx.hours_with_data) if ctx.hours_with_data else None
    findings = []
    at = ctx.start
    gap_start = None
    while at < ctx.end:
        missing = at not in ctx.hours_with_data
        counts = ctx.had_data_before or (first_seen is not None and at > first_seen)
        if missing and counts:
            gap_start = gap_start or at
        elif gap_start is not None:
            findings.append(_gap(gap_start, at, params))
            gap_start = None
        at += HOUR
    if gap_start is not None:
        findings.append(_gap(gap_start, ctx.end, params))
    return [finding for finding in findings if finding.detail]


def _gap(start: datetime, end: datetime, params: Mapping[str, float]) -> Finding:
    hours = int((end - start) / HOUR)
    detail = f"连续{hours}小时未收到任何数据" if hours >= params["min_hours"] else ""
    return Finding(Kind.MISSING_DATA, "", start, end, detail)


def flag_pattern(ctx: Context, params: Mapping[str, float]) -> list[Finding]:
    """Manual set values (S) at all, or abnormal flags in at least
    `invalid_share` of the hours of a rolling 24 hours (with at least
    `min_hours` hours of data in it)."""
    findings = []
    day = timedelta(hours=24)
    for code, hours in ctx.hours.items():
        set_values = [h for h in hours if h.at >= ctx.start and h.flag == "S"]
        if set_values:
            findings.append(
                Finding(
                    Kind.FLAG_PATTERN,
                    code,
                    set_values[0].at,
                    set_values[-1].at + HOUR,
                    f"{_name(code)}有{len(set_values)}小时为手工输入的设定值(S)",
                )
            )
            continue
        first: Hour | None = None
        last: Hour | None = None
        worst = (0.0, 0, 0, "")
        # A sliding 24-hour window over the hours (sorted by time).
        low = 0
        for high, hour in enumerate(hours):
            while hours[low].at <= hour.at - day:
                low += 1
            if hour.at < ctx.start:
                continue
            recent = hours[low : high + 1]
            invalid = [h for h in recent if h.flag in INVALID_FLAGS]
            if len(recent) < params["min_hours"] or not invalid:
                continue
            share = len(invalid) / len(recent)
            if share >= params["invalid_share"]:
                first = first or invalid[0]
                last = hour
                if share > worst[0]:
                    flags = "、".join(sorted({h.flag for h in invalid}))
                    worst = (share, len(recent), len(invalid), flags)
        if first is not None and last is not None:
            share, total, count, flags = worst
            findings.append(
                Finding(
                    Kind.FLAG_PATTERN,
                    code,
                    first.at,
                    last.at + HOUR,
                    f"{_name(code)}24小时内{total}小时中有{count}小时标记为{flags}（占{share:.0%}）",
                )
            )
    return findings


def clock_drift(ctx: Context, params: Mapping[str, float]) -> list[Finding]:
    if len(ctx.drifts) < params["min_frames"]:
        return []
    minutes = median(drift.total_seconds() for drift in ctx.drifts) / 60
    if abs(minutes) <= params["max_minutes"]:
        return []
    side = "慢" if minutes > 0 else "快"
    return [
        Finding(
            Kind.CLOCK_DRIFT,
            "",
            ctx.start,
            ctx.end,
            f"数采仪时钟比平台{side}约{abs(minutes):.0f}分钟（{len(ctx.drifts)}个实时数据包的中位数）",
        )
    ]


CHECKS: dict[str, Callable[[Context, Mapping[str, float]], list[Finding]]] = {
    Kind.FLAT_LINE: flat_line,
    Kind.ZERO_RUNNING: zero_running,
    Kind.NEAR_LIMIT_DROP: near_limit_drop,
    Kind.MISSING_DATA: missing_data,
    Kind.FLAG_PATTERN: flag_pattern,
    Kind.CLOCK_DRIFT: clock_drift,
}
