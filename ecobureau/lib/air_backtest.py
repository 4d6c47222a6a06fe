"""Backtest of the forecast pipeline over history, against persistence and
monthly climatology, scored per lead day (air_scoring).

The model is trained only on days before the test period. Every forecast in the
test period is made from `Series.snapshot` of its issue day — the hours before
the cut-off and the complete days before it — so no later observation reaches
it. In the labelled future-weather mode the observed weather of the target days
stands in for a weather forecast; that run says so in its header and is never
the headline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from . import air_forecast as fc
from . import air_scoring as scoring

METHODS = ("model", "persistence", "climatology")
METHOD_LABELS = {
    "model": "模型",
    "persistence": "持续法",
    "climatology": "月气候态",
}
# Pass thresholds of the acceptance test (issue 8 "Done means").
DAY1_MIN_SKILL = 0.15
DAY1_MIN_LEVEL_GAIN = 0.03
LATER_MAX_MAE_RATIO = 1.03


@dataclass
class BacktestResult:
    standard: str
    test_from: date
    test_to: date
    future_weather: bool
    model: fc.Model
    summaries: dict[str, dict[int, scoring.Summary]]
    issued: int
    persistence_gaps: int = 0
    methods_used: dict[int, str] = field(default_factory=dict)

    def checks(self) -> list[tuple[str, bool]]:
        """The acceptance checks, each with whether it passed."""
        out = []
        model, clim = self.summaries["model"], self.summaries["climatology"]
        skill = model[1].skill(clim[1])
        out.append(
            (
                f"第1天 MAE技巧评分 {_num(skill, 3)} ≥ {DAY1_MIN_SKILL}",
                skill is not None and skill >= DAY1_MIN_SKILL,
            )
        )
        gain = _diff(model[1].strict_accuracy, clim[1].strict_accuracy)
        out.append(
            (
                f"第1天 严格级别准确率比气候态高 {_pct(gain)} 个百分点 ≥ "
                f"{DAY1_MIN_LEVEL_GAIN * 100:.0f}",
                gain is not None and gain >= DAY1_MIN_LEVEL_GAIN - 1e-12,
            )
        )
        for lead in range(2, fc.LEADS + 1):
            m, c = model[lead].mae, clim[lead].mae
            ratio = m / c if m is not None and c else None
            out.append(
                (
                    f"第{lead}天 MAE {_num(m, 1)} ≤ 气候态 {_num(c, 1)} × "
                    f"{LATER_MAX_MAE_RATIO}（比值 {_num(ratio, 3)}）",
                    ratio is not None and ratio <= LATER_MAX_MAE_RATIO,
                )
            )
        return out

    @property
    def passed(self) -> bool:
        return all(ok for _, ok in self.checks())


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def run(
    series: fc.Series,
    *,
    test_from: date,
    test_to: date,
    future_weather: bool = False,
    config: fc.TrainingConfig = fc.TrainingConfig(),  # noqa: B008 (frozen)
) -> BacktestResult:
    """Train on the days before `test_from`, forecast every target day of
    [`test_from`, `test_to`] from its issue days, and score all three methods."""
    model = fc.train(series, end=test_from, with_weather=future_weather, config=config)
    scores: dict[str, dict[int, list[scoring.DayScore]]] = {
        method: {lead: [] for lead in range(1, fc.LEADS + 1)} for method in METHODS
    }
    issued = gaps = 0
    issue = test_from - timedelta(days=fc.LEADS)
    while issue < test_to:
        index = series.index(issue)
        weather = None
        if future_weather:
            weather = np.array(
                [
                    fc.observed_weather(series, index + lead)
                    if index + lead < series.days
                    else np.full(len(fc.MET_KEYS), np.nan)
                    for lead in range(1, fc.LEADS + 1)
                ]
            )
        snap = series.snapshot(issue, cutoff_hour=config.cutoff_hour, weather=weather)
        days = {
            "model": fc.forecast(model, snap),
            "persistence": fc.persistence(model, snap),
            "climatology": [
                fc.climatology_day(model, issue, lead)
                for lead in range(1, fc.LEADS + 1)
            ],
        }
        issued += 1
        gaps += sum(d.method != "persistence" for d in days["persistence"])
        for method, forecasts in days.items():
            for day in forecasts:
                target = series.index(day.target)
                if not (test_from <= day.target <= test_to) or target >= series.days:
                    continue
                observed = series.aqi[target]
                if math.isnan(observed):
                    continue
                scores[method][day.lead].append(
                    scoring.score_day(
                        low=day.low,
                        high=day.high,
                        primary=day.primary,
                        observed=int(observed),
                        observed_primary=series.primary[target],
                    )
                )
        issue += timedelta(days=1)
    return BacktestResult(
        standard=series.standard,
        test_from=test_from,
        test_to=test_to,
        future_weather=future_weather,
        model=model,
        summaries={
            method: {lead: scoring.summarize(items) for lead, items in by_lead.items()}
            for method, by_lead in scores.items()
        },
        issued=issued,
        persistence_gaps=gaps,
    )


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}"


def _num(value: float | None, places: int) -> str:
    return "—" if value is None else f"{value:.{places}f}"


COLUMNS = (
    "方法",
    "预报天",
    "样本",
    "严格级别%",
    "范围级别%",
    "AQI范围命中%",
    "MAE",
    "MAE技巧",
    "首要污染物%",
    "POD>200",
    "FAR>200",
    "CSI>200",
)


def table_rows(result: BacktestResult) -> list[list[str]]:
    clim = result.summaries["climatology"]
    rows = []
    for method in METHODS:
        for lead in range(1, fc.LEADS + 1):
            s = result.summaries[method][lead]
            rows.append(
                [
                    METHOD_LABELS[method],
                    str(lead),
                    str(s.days),
                    _pct(s.strict_accuracy),
                    _pct(s.range_level_accuracy),
                    _pct(s.range_hit_rate),
                    _num(s.mae, 1),
                    _num(s.skill(clim[lead]), 3),
                    _pct(s.primary_accuracy),
                    _num(s.pod, 2),
                    _num(s.far, 2),
                    _num(s.csi, 2),
                ]
            )
    return rows


def header(result: BacktestResult) -> list[str]:
    model = result.model
    lines = []
    if result.future_weather:
        lines += [
            "！！！ 本次回测使用了预报日的实况天气（未来信息）代替天气预报，"
            "仅用于评估天气预报可带来的改进，不得作为模型的正式（headline）成绩 ！！！",
        ]
    else:
        lines.append(
            "正式回测：不使用任何未来信息（每次预报只用签发日截止时刻前的观测）"
        )
    lines += [
        f"AQI标准：{result.standard}",
        f"训练期：{model.trained_from} 至 {model.trained_to}"
        f"（有效日 {model.training_days} 天；只用测试期之前的数据）",
        f"测试期：{result.test_from} 至 {result.test_to}（按预报目标日）",
        f"签发：每日{model.cutoff_hour}:00，使用签发日 0–{model.cutoff_hour - 1} 时的小时值"
        f"（{model.cutoff_hour}:00 之后、更不用说 15:00 之后的信息一概不用）",
        f"预报范围宽度：三种方法均为 {model.range_width} 个AQI点（以预报值为中点）",
        "严格级别：范围中点所在级别与实况级别相同；范围级别：实况级别在范围跨越的级别内",
        "持续法：签发时刻前24小时的AQI；气候态：训练期同月日AQI中位数",
        f"签发次数：{result.issued}；持续法因数据不足改用气候态的预报日次："
        f"{result.persistence_gaps}",
        "模型各预报天与气候态的权重（交叉验证选择，0 表示回落到气候态）："
        + "，".join(
            f"第{m.lead}天 {m.blend:.1f}{'+级别' if m.use_level else ''}"
            for m in model.leads
        ),
    ]
    return lines


def format_table(result: BacktestResult) -> str:
    rows = [list(COLUMNS), *table_rows(result)]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = header(result)
    lines.append("")
    for number, row in enumerate(rows):
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        lines.append(" | ".join(cells).rstrip())
        if number == 0:
            lines.append("-+-".join("-" * w for w in widths))
    lines.append("")
    for text, ok in result.checks():
        lines.append(f"[{'通过' if ok else '未通过'}] {text}")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
