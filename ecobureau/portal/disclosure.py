"""The disclosure catalogue (信息公开目录, requirement A90): every list the bureau
publishes, with its scope, frequency and responsible unit, where it lives (a module's
own public page, or a page the portal builds from the owning module's data), and
when it was last published, flagging any list whose update is overdue.

Seed 000 与群众互动 8 ("规定公开信息范围、公开频次，明确责任部门"); the lists
themselves from 与群众互动 8, seed 002 六(二)7 and seed 003 (十八).

Frequencies are example configuration (示例配置): the seeds fix none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import DatabaseError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ecobureau.lib.dates import SHANGHAI

from . import tables


@dataclass(frozen=True)
class Entry:
    # Titles and descriptions are lazily translated (English in locale/en).
    key: str
    title: str | Promise
    group: str | Promise
    scope: str | Promise  # 公开范围
    frequency: str | Promise  # 公开频次 (示例配置)
    frequency_days: int | None  # overdue after this many days; None = as it occurs
    owner: str | Promise  # 责任部门
    basis: str  # seed citation
    url_names: tuple[str, ...] = ()  # a module's page, first that resolves
    published: Callable[[], date | datetime | None] | None = None
    note: str | Promise = (
        ""  # shown beside the date, or instead of a page when none exists
    )


def _max(values: list[date | datetime | None]) -> date | datetime | None:
    found = [v for v in values if v is not None]
    return max(found) if found else None


def _latest_forecast() -> datetime | None:
    from ecobureau.air import selectors as air

    latest = air.forecast_archive_public_all().order_by("-published_at").first()
    return latest.published_at if latest else None


def _latest_warning() -> datetime | None:
    from ecobureau.air import selectors as air

    latest = air.warnings_public().first()
    return latest.published_at if latest else None


def _latest_release() -> datetime | None:
    from ecobureau.emergencies import selectors as emergencies

    latest = emergencies.release_list_public().first()
    return latest.published_at if latest else None


def _latest_draw() -> datetime | None:
    from ecobureau.grid import selectors as grid

    latest = (
        grid.draw_list_public()
        .filter(drawn_at__isnull=False)
        .order_by("-drawn_at")
        .first()
    )
    return latest.drawn_at if latest else None


def _latest_inspection_result() -> date | None:
    from ecobureau.grid import selectors as grid

    return grid.result_latest_public()


def _latest_scheme() -> datetime | None:
    from ecobureau.grid import selectors as grid

    latest = grid.scheme_list_public().order_by("-published_at").first()
    return latest.published_at if latest else None


def _latest_rectification() -> datetime | None:
    from ecobureau.rectification import selectors as rectification

    latest = rectification.task_list_public().order_by("-published_at").first()
    return latest.published_at if latest else None


def _latest_credit() -> date | datetime | None:
    # One aggregate, not credit.selectors.evaluation_list_public() (which loads
    # every published rating to apply the publication period in Python).
    from django.db.models import Max

    from ecobureau.credit.models import Evaluation

    latest: datetime | None = Evaluation.objects.filter(
        status="published", published_at__isnull=False
    ).aggregate(latest=Max("published_at"))["latest"]
    return latest


def _latest_reward_notice() -> date | None:
    from ecobureau.rewards import selectors as rewards

    latest = rewards.publications_public().first()
    return latest.published_on if latest else None


def _latest_cell() -> datetime | None:
    from ecobureau.grid import selectors as grid

    latest = grid.cell_list_public().order_by("-published_at").first()
    return latest.published_at if latest else None


def _latest_penalty() -> datetime | None:
    # The latest entry the public sees (published, not withdrawn).
    from django.db.models import Max

    from ecobureau.enforcement.services import publication

    latest: datetime | None = publication.public_decisions().aggregate(
        latest=Max("published_at")
    )["latest"]
    return latest


def _latest_discharge() -> datetime | None:
    # The public page shows the stored totals as of their last computation.
    from ecobureau.monitoring import selectors as monitoring

    return monitoring.discharge_summary_computed_at()


def _latest_water_import() -> datetime | None:
    # Read-only: quality has no public selector for it yet (docs/modules/portal.md).
    # Water samples are on the public page as soon as they are stored; the air
    # figures there come from the daily values the "air" entry dates.
    from django.db.models import Max

    from ecobureau.quality.models import Sample

    latest: datetime | None = Sample.objects.aggregate(latest=Max("created_at"))[
        "latest"
    ]
    return latest


def _latest_bulletin() -> date | None:
    """When the latest bulletin went public: the day its latest revision was
    issued (a month's bulletin is public only once issued, `quality`'s
    BulletinIssue; a correction is a new revision and a new date)."""
    from ecobureau.quality import selectors as quality_selectors

    issue = quality_selectors.bulletin_latest_public()
    return issue.issued_at.astimezone(SHANGHAI).date() if issue else None


def _latest_complaint_outcome() -> datetime | None:
    from ecobureau.complaints import public_outcomes

    latest = public_outcomes.outcome_list_public().first()
    return latest.closed_at if latest else None


CATALOGUE: tuple[Entry, ...] = (
    # 环境质量
    Entry(
        "air",
        _("空气质量实时状况与7日预报"),
        _("环境质量"),
        _("城市空气质量指数、首要污染物、未来7天预报"),
        _("每日"),
        2,
        _("监测中心、大气科"),
        "种子000 信息公开制度一；与群众互动 8",
        ("air:public",),
        _latest_forecast,
    ),
    Entry(
        "air-warnings",
        _("重污染天气预警"),
        _("环境质量"),
        _("预警级别、起止时间、应对措施"),
        _("随时（发生即公开）"),
        None,
        _("大气科"),
        "种子000 与群众互动 8",
        ("air:public-warnings",),
        _latest_warning,
    ),
    Entry(
        "quality",
        _("环境质量状况（水、空气统计）"),
        _("环境质量"),
        _("断面水质、优良天数比例、PM2.5等统计"),
        _("每月"),
        40,
        _("监测中心"),
        "种子000 与群众互动 8；种子003（十八）",
        ("quality:public",),
        _latest_water_import,
    ),
    Entry(
        "quality-bulletin",
        _("环境质量月报"),
        _("环境质量"),
        _("地表水、饮用水水源地、环境空气、声环境月度统计及数据来源，可下载PDF"),
        _("每月"),
        40,
        _("监测中心"),
        "种子003（十八）；问题13第6项",
        ("quality:bulletin-public",),
        _latest_bulletin,
    ),
    Entry(
        "targets",
        _("环境保护目标（总量减排目标）"),
        _("环境质量"),
        _("各区县年度主要污染物排放总量控制目标"),
        _("每年"),
        400,
        _("综合科"),
        "种子003（十八）“公开环保目标责任状、任务分解”；需求 D19",
        published=tables.published_of("targets"),
    ),
    Entry(
        "emergencies",
        _("突发环境事件处置情况"),
        _("环境质量"),
        _("事件处置情况及对环境造成的影响"),
        _("随时（发生即公开）"),
        None,
        _("应急科"),
        "种子002 四(三)2(1)；种子000 与群众互动 8",
        ("emergencies:public",),
        _latest_release,
    ),
    # 污染源监管
    Entry(
        "key-dischargers",
        _("重点排污单位名录及监测情况"),
        _("污染源监管"),
        _(
            "名称、主要污染物、排放口类型、执行标准、污染防治设施建设和运行情况、本年超标情况"
        ),
        _("每季度"),
        100,
        _("监测中心、执法队"),
        "种子000 与群众互动 8；种子003（十八）；需求 A91、A92",
        published=tables.published_of("key-dischargers"),
    ),
    Entry(
        "discharge",
        _("排污单位排放总量"),
        _("污染源监管"),
        _("许可排放量与实际排放量"),
        _("每季度"),
        100,
        _("监测中心"),
        "种子003（十三）；种子002 六(二)7",
        ("monitoring:discharge-public",),
        _latest_discharge,
    ),
    Entry(
        "licences",
        _("行政许可（许可证件）信息"),
        _("污染源监管"),
        _("单位名称、证件类型、证号、发证机关、发证及有效日期"),
        _("每月"),
        40,
        _("行政审批科"),
        "种子003（十八）“公开……行政许可”；需求 D19",
        published=tables.published_of("licences"),
    ),
    Entry(
        "credit",
        _("企业环境信用评价结果"),
        _("污染源监管"),
        _("评价年度、企业名称、信用等级"),
        _("每年"),
        400,
        _("信用科"),
        "种子003（十八）",
        ("credit:public_results", "credit:public"),
        _latest_credit,
    ),
    Entry(
        "work-lists",
        _("环境保护黑名单、落后淘汰名单等工作清单"),
        _("污染源监管"),
        _("清单名称、列入单位、列入原因、决定文号、列入和移出日期及原因"),
        _("调整时"),
        None,
        _("局办公室、相关科室"),
        "种子003（十八）“公开环境保护黑名单、落后淘汰名单等各类工作清单”；需求 D19",
        published=tables.published_of("work-lists"),
    ),
    # 执法信息
    Entry(
        "penalties",
        _("行政处罚决定"),
        _("执法信息"),
        _("处罚决定书（依法不公开的除外）"),
        _("决定作出后7个工作日内（示例配置）"),
        None,
        _("执法队、法制科"),
        "种子000 与群众互动 8；需求 A91、A93",
        ("enforcement:public_decisions",),
        _latest_penalty,
    ),
    Entry(
        "violators",
        _("违法企业名单"),
        _("执法信息"),
        _("受到行政处罚的单位名称、违法类别、处罚内容、决定日期"),
        _("每月"),
        40,
        _("执法队"),
        "种子000 与群众互动 8“重点排污单位和违法企业名单”；需求 A91",
        published=tables.published_of("violators"),
    ),
    Entry(
        "officers",
        _("执法人员名录"),
        _("执法信息"),
        _("姓名、执法证号、所在单位（不含电话、身份证号）"),
        _("人员变动时"),
        None,
        _("执法队、人事科"),
        "种子000 与群众互动 8“公示……执法人员名录”；需求 A93",
        published=tables.published_of("officers"),
    ),
    Entry(
        "inspection-items",
        _("行政检查事项及检查频次"),
        _("执法信息"),
        _("现场检查事项、分类监管频次和双随机抽查比例"),
        _("调整时"),
        None,
        _("执法队"),
        "种子000 与群众互动 8“全面公开行政检查事项、检查频次”；需求 A93",
        published=tables.published_of("inspection-items"),
    ),
    Entry(
        "draws",
        _("双随机抽查及结果（双随机 一公开）"),
        _("执法信息"),
        _("抽查名称、抽取过程可验证信息、抽中企业及检查结果"),
        _("每次抽查后"),
        None,
        _("执法队"),
        "种子000 与群众互动 8“检查情况”；种子002",
        ("grid:public-draws",),
        _latest_draw,
    ),
    Entry(
        "inspection-results",
        _("双随机抽查检查结果"),
        _("执法信息"),
        _("抽中企业的检查日期、检查结果（不含个人信息）及其后公开的行政处罚决定"),
        _("检查完成时"),
        None,
        _("执法队"),
        "种子000 与群众互动 8“全面公开……检查情况”；需求 A93",
        ("grid:public-results",),
        _latest_inspection_result,
    ),
    Entry(
        "four-lists",
        _("“四个清单”（不予行政处罚清单）"),
        _("执法信息"),
        _("轻微违法行为不予行政处罚清单的事项、依据和适用条件"),
        _("调整时"),
        None,
        _("法制科"),
        "种子004“严格执行《不予行政处罚清单》等‘四个清单’”；需求 E11",
        # The list's rows carry no adoption or amendment date: no date is shown
        # and no frequency is checked ("调整时").
        note=_("清单未记录制定或调整日期，不显示公开日期"),
    ),
    Entry(
        "listed-supervision",
        _("挂牌督办案件"),
        _("执法信息"),
        _("挂牌督办的案件、督办单位、办理期限和结果"),
        _("随时"),
        None,
        _("执法队"),
        "种子000 与群众互动 8“挂牌督办等执法信息”；需求 A93",
        url_names=("enforcement:public_supervised",),
        published=tables.published_of("listed-supervision"),
    ),
    Entry(
        "rectification",
        _("督察整改公示（销号前公示）"),
        _("执法信息"),
        _("整改任务、整改措施、完成情况"),
        _("销号前"),
        None,
        _("督改办"),
        "种子001",
        ("rectification:public",),
        _latest_rectification,
    ),
    # 网格监管
    Entry(
        "grid-cells",
        _("网格及网格责任人员"),
        _("网格监管"),
        _("各级网格、职责、责任人员及公开电话"),
        _("人员变动时"),
        None,
        _("网格办"),
        "种子002 六(二)7",
        ("grid:public-cells",),
        _latest_cell,
    ),
    Entry(
        "complaint-outcomes",
        _("环境信访查处情况"),
        _("网格监管"),
        _("已办结投诉举报的核查结论与查处情况（不含个人信息）"),
        _("办结时"),
        None,
        _("信访科"),
        "种子002 六(二)7",
        ("complaints:public-outcomes",),
        _latest_complaint_outcome,
    ),
    Entry(
        "safety-hazards",
        _("区域环境安全隐患"),
        _("网格监管"),
        _(
            "隐患所在区县和地点、涉及企业、隐患等级、整改措施、期限及整改情况（不含个人信息）"
        ),
        _("发现或整改时"),
        None,
        _("应急科、各分局"),
        "种子002 六(二)7“及时公布……区域环境安全隐患等情况”；需求 C27",
        published=tables.published_of("safety-hazards"),
    ),
    Entry(
        "grid-schemes",
        _("网格化环境监管实施方案"),
        _("网格监管"),
        _("各级网格实施方案"),
        _("制定或修订时"),
        None,
        _("网格办"),
        "种子002 六(二)7",
        ("grid:public-schemes",),
        _latest_scheme,
    ),
    # 政务服务与其他
    Entry(
        "services",
        _("政务服务事项办事指南"),
        _("政务服务与其他"),
        _("办理条件、材料、流程、时限、收费"),
        _("调整时"),
        None,
        _("行政审批科"),
        "种子000 服务承诺制度、一次性告知制度",
        ("permits:guide-list",),
    ),
    Entry(
        "rewards",
        _("举报奖励公示"),
        _("政务服务与其他"),
        _("奖励事项、金额（不含举报人信息）"),
        _("每次奖励后"),
        None,
        _("应急科"),
        "种子000 举报奖励实施细则",
        ("rewards:publications",),
        _latest_reward_notice,
    ),
    Entry(
        "eia-units",
        _("环评中介服务技术单位及其执业情况"),
        _("政务服务与其他"),
        _("单位名称、统一社会信用代码、服务范围、失信记录"),
        _("随时"),
        None,
        _("行政审批科"),
        "种子000 环评中介服务技术单位管理规定",
        ("engagement:eia-public",),
    ),
    Entry(
        "assessment",
        _("环保绩效考核结果"),
        _("政务服务与其他"),
        _("各单位月度排名和季度考核的名次、办结率、满意率、得分（不含个人信息）"),
        _("每季度"),
        100,
        _("考核办"),
        "种子003（十八）“公开……环保绩效考核结果”；种子000 与群众互动 三、4；需求 D19、A96",
        ("leadership:public",),
        tables.published_of("assessment"),
    ),
    Entry(
        "target-assessment",
        _("环境保护目标责任考核结果"),
        _("政务服务与其他"),
        _(
            "各区县政府、有关部门年度目标责任状的目标任务、考核结论及向人大报告情况（不含责任人姓名）"
        ),
        _("每年"),
        400,
        _("综合科"),
        "种子002 四(三)2(1)“建立环境保护目标考核机制……报告环境保护目标完成情况”；"
        "种子003（十八）；需求 C10",
        ("quality:letters-public",),
        tables.published_of("target-assessment"),
    ),
    Entry(
        "responsibility-audits",
        _("环境保护责任审计结果"),
        _("政务服务与其他"),
        _("被审计单位、审计内容（目标、任务、政策、资金、项目）、发现的问题、审计结论"),
        _("每次审计后"),
        None,
        _("综合科（据审计机关报告登记）"),
        "种子003（七）“审计部门要专门开展环境保护责任审计”、（十八）“公开环境保护责任审计结果”；需求 D6",
        ("quality:audits-public",),
        tables.published_of("responsibility-audits"),
    ),
    Entry(
        "work-plans",
        _("年度工作计划及完成情况"),
        _("政务服务与其他"),
        _("年度工作任务、责任单位、完成时限、完成情况及计划完成率"),
        _("每季度"),
        100,
        _("综合科"),
        "种子003（十八）“公开环保目标责任状、任务分解、工作计划及其完成情况”；需求 D19",
        published=tables.published_of("work-plans"),
    ),
    Entry(
        "consultations",
        _("意见征集及意见采纳情况"),
        _("互动交流"),
        _("决策草案、征集期限、意见采纳情况"),
        _("每次征集"),
        None,
        _("局办公室"),
        "种子000 与群众互动 6；需求 A87",
        ("portal:consultations",),
        tables.published_of("consultations"),
    ),
    Entry(
        "letters",
        _("局长信箱、政策咨询答复"),
        _("互动交流"),
        _("来信（已去除个人信息）及经审核的答复"),
        _("答复审核后"),
        None,
        _("局办公室"),
        "种子000 与群众互动 6；需求 A88",
        ("portal:letters",),
        tables.published_of("letters"),
    ),
)

BY_KEY = {entry.key: entry for entry in CATALOGUE}


@dataclass(frozen=True)
class IndexRow:
    entry: Entry
    url: str | None
    published_on: date | None
    overdue: bool
    built_by_portal: bool


def module_url(entry: Entry) -> str | None:
    """The owning module's own public page for the entry, if it has one."""
    for name in entry.url_names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _url(entry: Entry) -> tuple[str | None, bool]:
    if entry.key in tables.TABLES:
        return reverse("portal:disclosure-list", args=[entry.key]), True
    return module_url(entry), False


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).date()
    return value


def published_on(entry: Entry) -> date | None:
    if entry.published is None:
        return None
    try:
        return _as_date(entry.published())
    except DatabaseError:  # a module's table not migrated yet: show no date
        return None


def index_rows(today: date | None = None) -> list[IndexRow]:
    """Every catalogue entry with its link, last publication date and whether its
    update is overdue against the frequency (A90 "flag any disclosure that is
    overdue")."""
    today = today or timezone.now().astimezone(SHANGHAI).date()
    rows = []
    for entry in CATALOGUE:
        url, built = _url(entry)
        day = published_on(entry) if url else None
        overdue = bool(
            url
            and entry.frequency_days is not None
            and (day is None or (today - day).days > entry.frequency_days)
        )
        rows.append(IndexRow(entry, url, day, overdue, built))
    return rows


def grouped(rows: list[IndexRow]) -> list[tuple[str | Promise, list[IndexRow]]]:
    groups: dict[str | Promise, list[IndexRow]] = {}
    for row in rows:
        groups.setdefault(row.entry.group, []).append(row)
    return list(groups.items())
