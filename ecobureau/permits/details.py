"""What each item's application form asks beyond the checklist, and the checks
the sheet or the law puts on those answers.

The answers are kept on the application (`Application.details`, JSON). The form
is built from these specs (forms.DetailsForm); the checks run again in the
submit service, so a value that passed the form once but is now out of date
(a demolition date too close, a night period already begun) is refused there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from ecobureau.core import calendar as core_calendar
from ecobureau.lib import service_window, waste, workdays

Kind = Literal["text", "textarea", "date", "choice", "integer", "tonnes", "table"]

# "tonnes": an amount ≥ 0 with three decimal places (kilograms), kept in the JSON
# as text ("12.500") so no binary float ever stands for it.
TONNES_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class Column:
    name: str
    label: str


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    help: str = ""
    columns: tuple[Column, ...] = ()  # for "table": one row per entry
    rows: int = 0  # for "table": rows offered on the form


Errors = dict[str, str]
Check = Callable[[dict[str, Any], date], Errors]

_YEAR = FieldSpec("year", "申报年度", "integer", help="如2026")

TANK_COLUMNS = (
    Column("tank", "储罐编号及位置"),
    Column("kind", "类型"),
    Column("size", "规格（容积m³）"),
    Column("years", "使用年限"),
    Column("substance", "储存的有毒有害物质"),
    Column("state", "使用情况"),
)

SPECS: dict[str, tuple[FieldSpec, ...]] = {
    "ewaste-qualification": (
        FieldSpec("site", "处理设施地址"),
        FieldSpec("scope", "拟处理的废弃电器电子产品类别和年处理能力", "textarea"),
    ),
    "hw-storage-extension": (
        FieldSpec(
            "licence_issuer",
            "危险废物经营许可证发证机关",
            "choice",
            choices=("市生态环境局", "省生态环境厅"),
            help="由发证机关批准（种子文件：发许可证的生态环境主管部门）",
        ),
        FieldSpec("licence_number", "危险废物经营许可证编号"),
        FieldSpec("waste", "需延长贮存的危险废物名称、类别及数量", "textarea"),
        FieldSpec("extend_to", "申请延长贮存至", "date"),
    ),
    "medical-waste-waterway": (
        FieldSpec("route", "水路运输起止港口及航线"),
        FieldSpec("reason", "必须经水路运输的理由", "textarea"),
    ),
    "river-outlet": (
        FieldSpec("water_body", "受纳水体（江河、湖泊名称）"),
        FieldSpec("location", "排污口位置"),
        FieldSpec(
            "change",
            "设置类型",
            "choice",
            choices=("新建", "改建", "扩大"),
        ),
        FieldSpec("volume", "设计排放量（吨/日）", "integer"),
    ),
    "night-construction": (
        FieldSpec("project", "工程名称"),
        FieldSpec("site", "施工地点"),
        FieldSpec("starts_on", "夜间施工起始日", "date"),
        FieldSpec("ends_on", "夜间施工截止日", "date"),
        FieldSpec(
            "hours",
            "每日夜间施工时段",
            help="夜间指晚上十点至次日早晨六点（法典第五百七十二条）",
        ),
    ),
    "hw-declaration": (
        _YEAR,
        # The five amounts of the declaration sheet, checked for the mass balance
        # and summed by the quality module (X3 "危险废物全部实现安全处置").
        FieldSpec("opening_stock", "上年末贮存量（吨）", "tonnes"),
        FieldSpec("generated", "产生量（吨）", "tonnes"),
        FieldSpec("utilised", "利用量（吨）", "tonnes"),
        FieldSpec("disposed", "处置量（吨）", "tonnes"),
        FieldSpec("closing_stock", "年末贮存量（吨）", "tonnes"),
        FieldSpec(
            "declaration",
            "危险废物的种类、产生量、流向、贮存、利用、处置情况",
            "textarea",
        ),
    ),
    "credit-evaluation": (_YEAR,),
    "cems-filing": (
        FieldSpec("facility", "自动监控设施名称及安装位置"),
        FieldSpec(
            "change",
            "备案类型",
            "choice",
            choices=("新建安装", "更新变更"),
        ),
        FieldSpec("accepted_on", "验收日期", "date", help="验收完5个工作日内报备"),
    ),
    "demolition-plan": (
        FieldSpec("facility", "拆除的设施、设备或建筑物、构筑物"),
        FieldSpec(
            "starts_on",
            "计划开始拆除日期",
            "date",
            help="应在拆除活动前十五个工作日备案",
        ),
        FieldSpec(
            "miit_filed_on",
            "向工业和信息化主管部门备案日期",
            "date",
            required=False,
            help="法典第四百一十五条：同时报工业和信息化主管部门备案",
        ),
        FieldSpec("miit_reference", "工信部门备案编号", required=False),
    ),
    "underground-tank": (
        FieldSpec(
            "project_kind",
            "储罐情形",
            "choice",
            choices=("现有地下储罐", "新、改、扩建项目地下储罐"),
        ),
        FieldSpec(
            "production_on",
            "项目投入生产或者使用日期",
            "date",
            required=False,
            help="新、改、扩建项目应在投入生产或者使用之前备案",
        ),
        FieldSpec("tanks", "地下储罐信息", "table", columns=TANK_COLUMNS, rows=5),
    ),
    "land-soil-filing": (
        FieldSpec("parcel", "地块名称及位置"),
        FieldSpec(
            "national_reference",
            "全国系统备案编号",
            required=False,
            help="已在全国建设用地土壤环境管理信息系统报送的，填写其编号",
        ),
    ),
    "customs-zone-waste": (
        FieldSpec("zone", "海关特殊监管区域或场所名称"),
        FieldSpec("receiver", "接收单位名称"),
        FieldSpec("waste", "出区固体废物名称及数量", "textarea"),
    ),
    "hw-management-plan": (
        _YEAR,
        FieldSpec(
            "plan",
            "减少危险废物产生量和降低危害性的措施，以及贮存、利用、处置措施",
            "textarea",
        ),
    ),
    "coal-power-tariff": (
        FieldSpec("units", "燃煤发电机组（编号及装机容量）"),
        FieldSpec("facilities", "环保设施（脱硫、脱硝、除尘）验收情况", "textarea"),
    ),
    "heavy-pollution-plan": (
        FieldSpec(
            "measures",
            "各级预警下的减排措施摘要",
            "textarea",
            required=False,
        ),
    ),
}


def specs_for(code: str) -> tuple[FieldSpec, ...]:
    return SPECS.get(code, ())


# --- Checks -----------------------------------------------------------------------


def _night(details: dict[str, Any], today: date) -> Errors:
    starts, ends = details.get("starts_on"), details.get("ends_on")
    errors: Errors = {}
    if isinstance(starts, date) and starts < today:
        errors["starts_on"] = "夜间施工起始日不能早于今天。"
    if isinstance(starts, date) and isinstance(ends, date) and ends < starts:
        errors["ends_on"] = "截止日不能早于起始日。"
    return errors


def _demolition(details: dict[str, Any], today: date) -> Errors:
    """Filed here at least 15 working days before demolition starts (seed 000
    其他行政权力 3), and the 工信 filing, when given, already made."""
    starts = details.get("starts_on")
    if not isinstance(starts, date):
        return {}
    errors: Errors = {}
    calendar = core_calendar.current()
    check = service_window.demolition_lead_check(
        filed_on=today, starts_on=starts, calendar=calendar
    )
    if not check.ok:
        errors["starts_on"] = (
            f"拆除活动污染防治方案应在拆除活动前十五个工作日备案：今天备案，"
            f"最早可于{check.earliest_start:%Y年%m月%d日}开始拆除。"
            "请调整计划开始拆除日期。"
        )
    # The 工信 filing is recorded as made: a date not after today, so it is never
    # closer to demolition than this filing, which was checked above.
    miit = details.get("miit_filed_on")
    if isinstance(miit, date) and miit > today:
        errors["miit_filed_on"] = (
            "向工业和信息化主管部门备案日期不能晚于今天；尚未备案的请留空，"
            "备案后补充填写。"
        )
    return errors


def _tank(details: dict[str, Any], today: date) -> Errors:
    errors: Errors = {}
    if details.get("project_kind") == "新、改、扩建项目地下储罐":
        production = details.get("production_on")
        if not isinstance(production, date):
            errors["production_on"] = "新、改、扩建项目请填写投入生产或者使用日期。"
        elif production <= today:
            errors["production_on"] = (
                "新、改、扩建项目应在投入生产或者使用之前备案"
                "（工矿用地土壤环境管理办法第十条），该日期已到。"
            )
    rows = details.get("tanks") or []
    if not rows:
        errors["tanks"] = "请至少填写一个地下储罐的信息。"
    for number, row in enumerate(rows, start=1):
        missing = [
            c.label for c in TANK_COLUMNS if not str(row.get(c.name, "")).strip()
        ]
        if missing:
            errors["tanks"] = f"第{number}个储罐缺少：{'、'.join(missing)}。"
            break
    return errors


def _cems(details: dict[str, Any], today: date) -> Errors:
    accepted = details.get("accepted_on")
    if isinstance(accepted, date) and accepted > today:
        return {"accepted_on": "验收日期不能晚于今天。"}
    return {}


def _storage(details: dict[str, Any], today: date) -> Errors:
    extend_to = details.get("extend_to")
    if isinstance(extend_to, date) and extend_to <= today:
        return {"extend_to": "申请延长贮存至的日期应晚于今天。"}
    return {}


def _year(details: dict[str, Any], today: date) -> Errors:
    year = details.get("year")
    if isinstance(year, int) and not today.year - 1 <= year <= today.year:
        return {"year": f"申报年度应为{today.year - 1}或{today.year}年。"}
    return {}


# Not a field: the form shows it above the fields.
BALANCE = "balance"


def _declaration(details: dict[str, Any], today: date) -> Errors:
    """The year, and the mass balance of the five amounts (lib.waste, the same
    rule the quality import applies). Shown above the form: it concerns all five."""
    errors = _year(details, today)
    amounts = {
        name: tonnes(value) if isinstance(value, Decimal) else None
        for name, value in ((name, details.get(name)) for name in waste.AMOUNTS)
    }
    if None not in amounts.values():
        problem = waste.balance_problem(**amounts)  # type: ignore[arg-type]
        if problem:
            errors[BALANCE] = problem + "，请核对。"
    return errors


CHECKS: dict[str, Check] = {
    "night-construction": _night,
    "demolition-plan": _demolition,
    "underground-tank": _tank,
    "cems-filing": _cems,
    "hw-storage-extension": _storage,
    "hw-declaration": _declaration,
    "hw-management-plan": _year,
    "credit-evaluation": _year,
}


def check(code: str, details: dict[str, Any], today: date) -> Errors:
    """The item's own checks on answers already of the right type."""
    run = CHECKS.get(code)
    return run(details, today) if run else {}


def late_cems_filing(details: dict[str, Any], today: date) -> bool:
    """验收完5个工作日内报备 (seed 000 其他行政权力 2): filed later than that."""
    accepted = details.get("accepted_on")
    if not isinstance(accepted, date):
        return False
    due = workdays.deadline(
        start=accepted, amount=5, unit="workdays", calendar=core_calendar.current()
    )
    return today > due.due


# --- Storage --------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(TONNES_PLACES))
    return value


def to_json(details: dict[str, Any]) -> dict[str, Any]:
    """Answers as JSON (dates as ISO text, tonnes as text with three places)."""
    return {name: _json_value(value) for name, value in details.items()}


def tonnes(value: Any) -> Decimal | None:
    """A stored amount as a Decimal; None when missing or not a number (an old
    declaration made before the amounts were asked, or a hand-edited row)."""
    if value in (None, "") or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).strip())
        return amount.quantize(TONNES_PLACES) if amount.is_finite() else None
    except (InvalidOperation, ValueError):
        return None


def from_json(code: str, stored: dict[str, Any]) -> dict[str, Any]:
    """Answers as Python values again (dates as dates, tonnes as Decimals)."""
    kinds = {spec.name: spec.kind for spec in specs_for(code)}
    values = dict(stored)
    for name, value in stored.items():
        if kinds.get(name) == "date" and isinstance(value, str) and value:
            values[name] = date.fromisoformat(value)
        elif kinds.get(name) == "tonnes":
            amount = tonnes(value)
            if amount is not None:
                values[name] = amount
    return values


def _shown(spec: FieldSpec, value: Any) -> Any:
    if spec.kind == "tonnes":
        amount = tonnes(value)
        return f"{amount} 吨" if amount is not None else value
    return value


def display(code: str, stored: dict[str, Any]) -> list[tuple[str, Any, Kind]]:
    """(label, value, kind) for each answer, in the form's order, for pages.
    Answers not given (an older filing without amounts) are left out."""
    return [
        (spec.label, _shown(spec, stored.get(spec.name)), spec.kind)
        for spec in specs_for(code)
        if stored.get(spec.name) not in (None, "", [])
    ]
