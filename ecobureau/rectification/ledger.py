"""Excel ledgers (台账) as bureaus keep them: export, and import back.

Two workbooks. The task ledger has a sheet 整改任务 (one row a task), a sheet
整改措施 (one row a measure, keyed by 任务编号) and a sheet 时间节点 (one row a
node of the task's timetable, B6: 任务编号, 节点内容, 节点时限, 完成日期; a file
without it keeps the stored nodes). The petition ledger
(群众举报问题台账清单, seed 001 附件3, B36) has a sheet 信访案件. Seed 001 names
attachment 3 but does not give its columns, so the columns below are this
platform's layout; export and import use the same one, so a ledger exported,
edited and imported round-trips.

Import is all or nothing: every row is checked first; if any is wrong nothing is
written and each bad row is reported in Chinese. A row whose number exists updates
that item's ledger fields (status and evidence stay); a new number creates one.
Measures are matched by their 序号 (blank: a new measure, or one with the same
type and content), never by position, so an unchanged measure keeps its
evidence. Once a task is approved (a case has left 办理中) a row that would change
its deadline, target, measures or milestones (a case's 办结时限 or 问题类型) is
refused on its row (`ledger_checks.locked_problems`); an unchanged row is
accepted. Nodes are matched by their content (`services.milestones`); a done
date is given once, while the task is 整改中, as on the task page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import Unit, User
from ecobureau.core.models import Division
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import credit_code, xlsx

from . import ledger_checks, selectors, services, standards
from .models import Measure, Milestone, PetitionCase, RectificationTask, Source
from .processes import CASE, TASK

MAX_ROWS = 5000

TASK_HEADERS = (
    "任务编号",
    "督察轮次",
    "督察来源",
    "区县",
    "反馈问题",
    "整改目标",
    "责任单位",
    "责任人",
    "完成时限",
    "承办单位",
    "统一社会信用代码",
    "状态",
)
TASK_REQUIRED = {
    "任务编号",
    "督察轮次",
    "督察来源",
    "反馈问题",
    "整改目标",
    "责任单位",
    "完成时限",
}
MEASURE_HEADERS = (
    "任务编号",
    "序号",
    "措施类型",
    "措施内容",
    "节点时限",
    "需拆除或清理",
)
# What task_import requires of the 整改措施 sheet.
MEASURE_REQUIRED = {"任务编号", "措施类型", "措施内容"}
# B6 (seed 001 三(二)1 "时间表、路线图"): the sheet of the tasks' milestones.
MILESTONE_SHEET = "时间节点"
MILESTONE_HEADERS = ("任务编号", "节点内容", "节点时限", "完成日期")
MILESTONE_REQUIRED = {"任务编号", "节点内容", "节点时限"}
CASE_HEADERS = (
    "受理编号",
    "督察轮次",
    "督察来源",
    "区县",
    "交办日期",
    "举报内容",
    "问题类型",
    "责任单位",
    "责任人",
    "办结时限",
    "承办单位",
    "重点案件",
    "包保领导",
    "督导责任单位",
    "复核增加的行业主管部门",
    "统一社会信用代码",
    "状态",
)
CASE_REQUIRED = {
    "受理编号",
    "督察轮次",
    "督察来源",
    "交办日期",
    "举报内容",
    "问题类型",
    "责任单位",
    "办结时限",
}
IDENTITY_HEADERS = ("投诉人", "投诉人联系电话")
# B30: the departments added to a case's city review group, names separated by
# 、 and matched to the register of units; a file without the column keeps the
# stored list.
REVIEW_HEADER = "复核增加的行业主管部门"
SUPERVISING_HEADER = "督导责任单位"
# Issue 11 item 3: the enterprise an item concerns, matched by this code to the
# enterprises the importing user may see; a file without the column keeps the
# stored links.
CODE_HEADER = "统一社会信用代码"

SOURCES = {label: value for value, label in Source.choices} | {
    "中央": Source.CENTRAL,
    "省级": Source.PROVINCIAL,
    "省": Source.PROVINCIAL,
}
KINDS = {label: value for value, label in Measure.Kind.choices}
CATEGORIES = {label: value for value, label in PetitionCase.Category.choices}
YES = {"是", "Y", "y", "1", "TRUE", "True"}
NO = {"", "否", "N", "n", "0", "FALSE", "False"}


class LedgerError(ValidationError):
    """The file was not imported; `rows` lists each bad row's problems."""

    def __init__(self, rows: list[str]) -> None:
        super().__init__(rows)
        self.rows = rows


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    numbers: list[str] = field(default_factory=list)


# --- Export ----------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def task_export(user: User) -> bytes:
    """The task ledger of the user's scope, in the import layout. Both sheets
    stream through `lib.xlsx`, their rows read as tuples (no model instance per
    row) in chunks: 10,000 tasks with 20,000 measures took 78 s with openpyxl
    and model instances, see the module note."""
    tasks = selectors.task_list_for_user(user)
    sources = dict(Source.choices)
    kinds = dict(Measure.Kind.choices)

    def task_rows() -> Iterator[list[Any]]:
        rows = tasks.values_list(
            "number",
            "round",
            "source",
            "district__name",
            "problem",
            "target",
            "responsible_units",
            "responsible_persons",
            "deadline",
            "unit__name",
            "enterprise__credit_code",
            "status",
        )
        for (
            number,
            round_,
            source,
            district,
            problem,
            target,
            units,
            persons,
            deadline,
            unit,
            code,
            status,
        ) in rows.iterator(chunk_size=2000):
            yield [
                number,
                round_,
                sources.get(source, source),
                district or "",
                problem,
                target,
                units,
                persons,
                _text(deadline),
                unit or "",
                code or "",
                TASK.step(status).label if status else "",
            ]

    def measure_rows() -> Iterator[list[Any]]:
        # In the task sheet's order (by number), then by the measure's number.
        rows = (
            Measure.objects.filter(task__in=tasks.values("pk"))
            .order_by("task__number", "seq")
            .values_list(
                "task__number", "seq", "kind", "content", "due_on", "needs_clearing"
            )
        )
        for number, seq, kind, content, due_on, clearing in rows.iterator(
            chunk_size=2000
        ):
            yield [
                number,
                seq,
                kinds.get(kind, kind),
                content,
                _text(due_on),
                "是" if clearing else "否",
            ]

    def milestone_rows() -> Iterator[list[Any]]:
        rows = (
            Milestone.objects.filter(task__in=tasks.values("pk"))
            .order_by("task__number", "due_on", "pk")
            .values_list("task__number", "title", "due_on", "done_on")
        )
        for number, title, due_on, done_on in rows.iterator(chunk_size=2000):
            yield [number, title, _text(due_on), _text(done_on)]

    content, _counts = xlsx.write_workbook(
        [
            xlsx.Sheet(
                name="整改任务",
                headers=TASK_HEADERS,
                rows=task_rows(),
                widths=[TASK_WIDTHS.get(h, 14) for h in TASK_HEADERS],
                required=[h in TASK_REQUIRED for h in TASK_HEADERS],
            ),
            xlsx.Sheet(
                name="整改措施",
                headers=MEASURE_HEADERS,
                rows=measure_rows(),
                widths=[MEASURE_WIDTHS.get(h, 14) for h in MEASURE_HEADERS],
                required=[h in MEASURE_REQUIRED for h in MEASURE_HEADERS],
            ),
            xlsx.Sheet(
                name=MILESTONE_SHEET,
                headers=MILESTONE_HEADERS,
                rows=milestone_rows(),
                widths=[18, 50, 14, 14],
                required=[h in MILESTONE_REQUIRED for h in MILESTONE_HEADERS],
            ),
        ]
    )
    return content


TASK_WIDTHS = {
    "任务编号": 18,
    "督察轮次": 24,
    "反馈问题": 50,
    "整改目标": 40,
    "责任单位": 20,
    CODE_HEADER: 22,
}
MEASURE_WIDTHS = {"任务编号": 18, "措施内容": 50}


def case_export(user: User) -> bytes:
    """The petition ledger; the complainant columns only for those who may see
    them (the identity is protected). Streamed through `lib.xlsx` (openpyxl
    took 40 s for 10,000 cases; see the module note)."""
    with_identity = selectors.may_see_complainant(user)
    headers = CASE_HEADERS + (IDENTITY_HEADERS if with_identity else ())
    labels = {s.code: s.label for s in CASE.steps}

    def rows() -> Iterator[list[Any]]:
        cases = (
            selectors.case_list_for_user(user)
            .select_related("enterprise", "supervising_department")
            .prefetch_related("review_departments")
        )
        for case in cases.iterator(chunk_size=2000):
            row = [
                case.number,
                case.round,
                case.get_source_display(),
                case.district.name if case.district else "",
                _text(case.received_on),
                case.content,
                case.get_category_display(),
                case.responsible_units,
                case.responsible_persons,
                _text(case.deadline),
                case.unit.name if case.unit else "",
                "是" if case.key_case else "否",
                case.guarantors,
                case.supervising_department_name,
                "、".join(services.review_department_names(case)),
                case.enterprise.credit_code if case.enterprise else "",
                labels.get(case.status, ""),
            ]
            if with_identity:
                row += [case.complainant_name, case.complainant_phone]
            yield row

    content, _count = xlsx.write(
        title="信访案件",
        headers=headers,
        widths=[CASE_WIDTHS.get(h, 14) for h in headers],
        required=[h in CASE_REQUIRED for h in headers],
        rows=rows(),
    )
    return content


CASE_WIDTHS = {
    "受理编号": 18,
    "督察轮次": 24,
    "举报内容": 50,
    "责任单位": 20,
    REVIEW_HEADER: 30,
    CODE_HEADER: 22,
}


# --- Import ----------------------------------------------------------------------


def _rows(
    workbook: Any, title: str, headers: tuple[str, ...]
) -> tuple[dict[str, int], list[tuple[int, tuple[Any, ...]]]]:
    if title not in workbook.sheetnames:
        raise LedgerError([f"文件中没有名为“{title}”的工作表。"])
    sheet = workbook[title]
    all_rows = sheet.iter_rows(values_only=True)
    header_row = next(all_rows, None) or ()
    columns = {
        str(name).strip(): index
        for index, name in enumerate(header_row)
        if name is not None
    }
    rows = []
    for number, values in enumerate(all_rows, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        rows.append((number, values))
    if len(rows) > MAX_ROWS:
        raise LedgerError([f"工作表“{title}”超过{MAX_ROWS}行，请分批导入。"])
    return columns, rows


def _cell(values: tuple[Any, ...], columns: dict[str, int], name: str) -> Any:
    index = columns.get(name)
    if index is None or index >= len(values):
        return None
    value = values[index]
    return value.strip() if isinstance(value, str) else value


def _date(value: Any, label: str, problems: list[str]) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = "" if value is None else str(value).strip()
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    problems.append(f"{label}“{text}”不是有效日期（例如 2026-12-31）")
    return None


def _seq(value: Any, problems: list[str]) -> int | None:
    """序号 of a measure row: the stored measure it edits; blank for a new one."""
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or int(text) == 0:
        problems.append(f"序号“{text}”应为正整数")
        return None
    return int(text)


class _Lookup:
    """Districts and units by name, limited to what the importing user may file."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.by_code: dict[str, Enterprise] = {}
        allowed = account_selectors.division_list_for_user(user).filter(level=2)
        self.districts = {d.name: d for d in allowed}
        self.units = {u.name: u for u in account_selectors.unit_list()}
        self.units.update(
            {u.short_name: u for u in self.units.values() if u.short_name}
        )
        self.departments: dict[str, Unit] | None = None
        self.city = services.city_name()

    def enterprises(self, codes: set[str]) -> None:
        """Read the enterprises of all the file's codes at once, within the
        user's enterprise scope (the service checks the scope again)."""
        from ecobureau.enterprises import selectors as enterprise_selectors
        from ecobureau.enterprises.models import Enterprise

        wanted = {credit_code.normalize(c) for c in codes if c}
        self.by_code = {
            e.credit_code: e
            for e in Enterprise.objects.filter(credit_code__in=wanted).filter(
                enterprise_selectors.enterprise_scope_q(self.user)
            )
        }

    def enterprise(self, code: str, problems: list[str]) -> Enterprise | None:
        code = credit_code.normalize(code)
        if not code:
            return None
        found = self.by_code.get(code)
        if found is None:
            problems.append(f"统一社会信用代码“{code}”未匹配到您管辖范围内的企业")
        return found

    def district(self, name: str, problems: list[str]) -> Division | None:
        if not name:
            return None
        found = self.districts.get(name)
        if found is None:
            problems.append(f"区县“{name}”不存在或不在您的管辖范围内")
        return found

    def _departments(self) -> dict[str, Unit]:
        """The registry's active departments by name and short name, the city's
        own name written as 市; read once per file."""
        if self.departments is None:
            self.departments = {}
            for unit in account_selectors.unit_list().filter(kind=Unit.Kind.DEPARTMENT):
                for name in (unit.name, unit.short_name):
                    if name:
                        key = standards.city_relative(name, self.city)
                        self.departments[key] = unit
        return self.departments

    def department(self, name: str) -> Unit | None:
        """The registry's active department named `name` (B13, the column
        督导责任单位), compared as `review_departments` compares; None if none."""
        return self._departments().get(standards.city_relative(name, self.city))

    def review_departments(self, text: str) -> tuple[list[Unit], list[str]]:
        """The registry's active departments named in `text` (B30), compared with
        the city's own name written as 市 (鞍山市住建局 = 市住建局), and the names
        matching none."""
        departments = self._departments()
        units: list[Unit] = []
        unknown: list[str] = []
        for name in standards.split_names(text):
            found = departments.get(standards.city_relative(name, self.city))
            if found is None:
                unknown.append(name)
            elif found not in units:
                units.append(found)
        return units, unknown

    def unit(self, name: str, problems: list[str]) -> Unit | None:
        if not name:
            return None
        found = self.units.get(name)
        if found is None:
            problems.append(f"承办单位“{name}”不存在")
        return found


def _required(
    values: tuple[Any, ...],
    columns: dict[str, int],
    names: set[str],
    problems: list[str],
) -> None:
    for name in sorted(names, key=lambda n: columns.get(n, 999)):
        value = _cell(values, columns, name)
        if value is None or str(value).strip() == "":
            problems.append(f"缺少{name}")


def _open(content: bytes) -> Any:
    try:
        return xlsx.open_uploaded(content)
    except xlsx.UnsafeWorkbook as refused:
        raise LedgerError([str(refused)]) from None
    except xlsx.UnreadableWorkbook:
        raise LedgerError(["文件不是有效的Excel文件（.xlsx）。"]) from None


def _check_headers(columns: dict[str, int], required: set[str], title: str) -> None:
    lacking = [name for name in required if name not in columns]
    if lacking:
        raise LedgerError(
            [f"工作表“{title}”缺少列：" + "、".join(sorted(lacking)) + "。"]
        )


def _scoped_existing(user: User, model: Any, numbers: list[str]) -> dict[str, Any]:
    existing = {obj.number: obj for obj in model.objects.filter(number__in=numbers)}
    visible = set(
        model.objects.filter(number__in=numbers)
        .filter(account_selectors.scope_q(user))
        .values_list("number", flat=True)
    )
    return {n: obj for n, obj in existing.items() if n in visible} | {
        n: None for n in existing if n not in visible
    }


def task_import(*, by: User, content: bytes) -> ImportResult:
    """Import a task ledger: all rows or none (see the module docstring)."""
    if not (by.is_superuser or by.has_perm("rectification.manage_ledger")):
        raise PermissionDenied("您没有维护整改台账的权限。")
    workbook = _open(content)
    columns, rows = _rows(workbook, "整改任务", TASK_HEADERS)
    _check_headers(columns, TASK_REQUIRED, "整改任务")
    m_columns, m_rows = _rows(workbook, "整改措施", MEASURE_HEADERS)
    _check_headers(m_columns, MEASURE_REQUIRED, "整改措施")
    lookup = _Lookup(by)
    with_code = CODE_HEADER in columns
    if with_code:
        lookup.enterprises({str(_cell(v, columns, CODE_HEADER) or "") for _, v in rows})
    errors: list[str] = []
    tasks: dict[str, services.TaskData] = {}
    lines: dict[str, int] = {}
    for line, values in rows:
        problems: list[str] = []
        _required(values, columns, TASK_REQUIRED, problems)
        number = str(_cell(values, columns, "任务编号") or "")
        source = SOURCES.get(str(_cell(values, columns, "督察来源") or ""))
        if source is None and _cell(values, columns, "督察来源"):
            problems.append("督察来源应为“中央”或“省级”")
        deadline = _cell(values, columns, "完成时限")
        deadline = _date(deadline, "完成时限", problems) if deadline else None
        district = lookup.district(str(_cell(values, columns, "区县") or ""), problems)
        unit = lookup.unit(str(_cell(values, columns, "承办单位") or ""), problems)
        enterprise = lookup.enterprise(
            str(_cell(values, columns, CODE_HEADER) or ""), problems
        )
        if number in tasks:
            problems.append(f"任务编号“{number}”重复")
        if problems:
            errors.append(f"“整改任务”第{line}行：" + "；".join(problems) + "。")
            continue
        assert source is not None and deadline is not None
        tasks[number] = services.TaskData(
            number=number,
            round=str(_cell(values, columns, "督察轮次")),
            source=source,
            problem=str(_cell(values, columns, "反馈问题")),
            target=str(_cell(values, columns, "整改目标")),
            responsible_units=str(_cell(values, columns, "责任单位")),
            responsible_persons=str(_cell(values, columns, "责任人") or ""),
            deadline=deadline,
            district=district,
            unit=unit,
            enterprise=enterprise,
            keep_enterprise=not with_code,
        )
        lines[number] = line
    seqs: set[tuple[str, int]] = set()
    broken: set[str] = set()  # tasks with a bad measure row: not compared
    for line, values in m_rows:
        problems = []
        number = str(_cell(values, m_columns, "任务编号") or "")
        seq = _seq(_cell(values, m_columns, "序号"), problems)
        if seq is not None and (number, seq) in seqs:
            problems.append(f"任务“{number}”的措施序号{seq}重复")
        if seq is not None:
            seqs.add((number, seq))
        kind = KINDS.get(str(_cell(values, m_columns, "措施类型") or ""))
        text = str(_cell(values, m_columns, "措施内容") or "")
        if number not in tasks:
            problems.append(f"任务编号“{number}”不在“整改任务”表中")
        if kind is None:
            problems.append("措施类型应为" + "、".join(KINDS) + "之一")
        if not text:
            problems.append("缺少措施内容")
        due = _cell(values, m_columns, "节点时限")
        due_on = _date(due, "节点时限", problems) if due else None
        clearing = str(_cell(values, m_columns, "需拆除或清理") or "")
        if clearing not in YES | NO:
            problems.append("需拆除或清理应为“是”或“否”")
        if problems:
            errors.append(f"“整改措施”第{line}行：" + "；".join(problems) + "。")
            broken.add(number)
            continue
        assert kind is not None
        tasks[number].measures.append(
            services.MeasureData(
                kind=kind,
                content=text,
                due_on=due_on,
                needs_clearing=clearing in YES,
                seq=seq,
            )
        )
    if MILESTONE_SHEET in workbook.sheetnames:
        errors += _milestone_rows(workbook, tasks, broken)
    existing = _scoped_existing(by, RectificationTask, list(tasks))
    for number, task in existing.items():
        if task is None:
            errors.append(f"任务编号“{number}”已存在且不在您的管辖范围内，不能修改。")
    whole = {n: data for n, data in tasks.items() if n not in broken}
    # A new task waits for its meeting: its nodes cannot be done yet (B6).
    for number, data in whole.items():
        if number not in existing:
            problems = services.milestone_refusals(
                RectificationTask(number=number), data.milestones
            )
            if problems:
                errors.append(
                    f"“整改任务”第{lines[number]}行：" + "；".join(problems) + "。"
                )
    errors += ledger_checks.locked_problems("整改任务", whole, existing, lines)
    if not errors and not tasks:
        errors.append("文件中没有任务。")
    if errors:
        raise LedgerError(errors)
    result = ImportResult()
    with transaction.atomic():
        for number, data in tasks.items():
            current = existing.get(number)
            if current is None:
                services.task_create(by=by, data=data)
                result.created += 1
            else:
                services.task_update_ledger(by=by, task=current, data=data)
                result.updated += 1
            result.numbers.append(number)
    return result


def _milestone_rows(
    workbook: Any, tasks: dict[str, services.TaskData], broken: set[str]
) -> list[str]:
    """Read the sheet 时间节点 into the tasks' `milestones` (B6): each task of the
    file gets its list (empty when it has no row: its nodes are removed). A bad
    row is reported and its task marked `broken` (not compared)."""
    columns, rows = _rows(workbook, MILESTONE_SHEET, MILESTONE_HEADERS)
    _check_headers(columns, MILESTONE_REQUIRED, MILESTONE_SHEET)
    for data in tasks.values():
        data.milestones = []
    errors = []
    seen: set[tuple[str, str, date]] = set()
    for line, values in rows:
        problems: list[str] = []
        _required(values, columns, MILESTONE_REQUIRED, problems)
        number = str(_cell(values, columns, "任务编号") or "")
        title = str(_cell(values, columns, "节点内容") or "")
        due = _cell(values, columns, "节点时限")
        due_on = _date(due, "节点时限", problems) if due else None
        done = _cell(values, columns, "完成日期")
        done_on = _date(done, "完成日期", problems) if done else None
        if number and number not in tasks:
            problems.append(f"任务编号“{number}”不在“整改任务”表中")
        if due_on is not None and (number, title, due_on) in seen:
            problems.append(f"任务“{number}”的节点“{title}”（{due_on}）重复")
        if problems:
            errors.append(
                f"“{MILESTONE_SHEET}”第{line}行：" + "；".join(problems) + "。"
            )
            broken.add(number)
            continue
        assert due_on is not None
        seen.add((number, title, due_on))
        milestones = tasks[number].milestones
        assert milestones is not None
        milestones.append(
            services.MilestoneData(
                title=title, due_on=due_on, done_on=done_on, line=line
            )
        )
    return errors


def case_import(*, by: User, content: bytes) -> ImportResult:
    """Import a petition ledger: all rows or none."""
    if not (by.is_superuser or by.has_perm("rectification.manage_ledger")):
        raise PermissionDenied("您没有维护整改台账的权限。")
    workbook = _open(content)
    columns, rows = _rows(workbook, "信访案件", CASE_HEADERS)
    _check_headers(columns, CASE_REQUIRED, "信访案件")
    with_identity = all(h in columns for h in IDENTITY_HEADERS)
    if with_identity and not selectors.may_see_complainant(by):
        raise LedgerError(
            ["您没有查看投诉人信息的权限，请删除“投诉人”“投诉人联系电话”列后再导入。"]
        )
    lookup = _Lookup(by)
    with_code = CODE_HEADER in columns
    if with_code:
        lookup.enterprises({str(_cell(v, columns, CODE_HEADER) or "") for _, v in rows})
    errors: list[str] = []
    cases: dict[str, services.CaseData] = {}
    unknown: dict[str, list[str]] = {}
    unknown_supervising: dict[str, str] = {}
    lines: dict[str, int] = {}
    for line, values in rows:
        problems: list[str] = []
        _required(values, columns, CASE_REQUIRED, problems)
        number = str(_cell(values, columns, "受理编号") or "")
        source = SOURCES.get(str(_cell(values, columns, "督察来源") or ""))
        if source is None and _cell(values, columns, "督察来源"):
            problems.append("督察来源应为“中央”或“省级”")
        category = CATEGORIES.get(str(_cell(values, columns, "问题类型") or ""))
        if category is None and _cell(values, columns, "问题类型"):
            problems.append("问题类型应为" + "、".join(CATEGORIES) + "之一")
        received = _cell(values, columns, "交办日期")
        received_on = _date(received, "交办日期", problems) if received else None
        deadline_value = _cell(values, columns, "办结时限")
        deadline = (
            _date(deadline_value, "办结时限", problems) if deadline_value else None
        )
        key = str(_cell(values, columns, "重点案件") or "")
        if key not in YES | NO:
            problems.append("重点案件应为“是”或“否”")
        guarantors = str(_cell(values, columns, "包保领导") or "")
        if key in YES and not guarantors:
            problems.append("重点案件须填写包保领导")
        district = lookup.district(str(_cell(values, columns, "区县") or ""), problems)
        unit = lookup.unit(str(_cell(values, columns, "承办单位") or ""), problems)
        enterprise = lookup.enterprise(
            str(_cell(values, columns, CODE_HEADER) or ""), problems
        )
        if number in cases:
            problems.append(f"受理编号“{number}”重复")
        if problems:
            errors.append(f"“信访案件”第{line}行：" + "；".join(problems) + "。")
            continue
        assert source and category and received_on and deadline
        cases[number] = services.CaseData(
            number=number,
            round=str(_cell(values, columns, "督察轮次")),
            source=source,
            received_on=received_on,
            content=str(_cell(values, columns, "举报内容")),
            category=category,
            responsible_units=str(_cell(values, columns, "责任单位")),
            responsible_persons=str(_cell(values, columns, "责任人") or ""),
            deadline=deadline,
            district=district,
            unit=unit,
            key_case=key in YES,
            guarantors=guarantors,
            # A file without the column (an older layout) keeps the stored value.
            keep_supervising_department=SUPERVISING_HEADER not in columns,
            complainant_name=str(_cell(values, columns, "投诉人") or ""),
            complainant_phone=str(_cell(values, columns, "投诉人联系电话") or ""),
            enterprise=enterprise,
            keep_enterprise=not with_code,
        )
        lines[number] = line
        if SUPERVISING_HEADER in columns:
            name = str(_cell(values, columns, SUPERVISING_HEADER) or "")
            found = lookup.department(name) if name else None
            cases[number].supervising_department = found
            if name and found is None:
                unknown_supervising[number] = name
        if REVIEW_HEADER in columns:
            units, unknown[number] = lookup.review_departments(
                str(_cell(values, columns, REVIEW_HEADER) or "")
            )
            cases[number].review_departments = units
    existing = _scoped_existing(by, PetitionCase, list(cases))
    for number, case in existing.items():
        if case is None:
            errors.append(f"受理编号“{number}”已存在且不在您的管辖范围内，不能修改。")
    errors += ledger_checks.supervising_problems(
        cases, existing, unknown_supervising, lines
    )
    errors += ledger_checks.review_problems(cases, existing, unknown, lines)
    errors += ledger_checks.locked_problems("信访案件", cases, existing, lines)
    if not errors and not cases:
        errors.append("文件中没有案件。")
    if errors:
        raise LedgerError(errors)
    result = ImportResult()
    with transaction.atomic():
        for number, data in cases.items():
            current = existing.get(number)
            if current is None:
                services.petition_create(by=by, data=data)
                result.created += 1
            else:
                services.petition_update_ledger(
                    by=by, case=current, data=data, with_identity=with_identity
                )
                result.updated += 1
            result.numbers.append(number)
    return result
