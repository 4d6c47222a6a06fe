from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Who may do what. Every reader is still limited to their data scope.
_CELL_VIEWERS = (
    "bureau_leader",
    "section_head",
    "section_staff",
    "legal_reviewer",
    "enforcement_head",
    "enforcement_officer",
    "sub_bureau_head",
    "sub_bureau_staff",
    "grid_officer",
    "township_official",
    "monitoring_staff",
    "emergency_staff",
    "credit_staff",
    "system_admin",
)
_GRID_MANAGERS = (
    "section_head",
    "section_staff",
    "sub_bureau_head",
    "system_admin",
    "township_official",
)
_EVALUATORS = ("bureau_leader", "section_head", "sub_bureau_head", "township_official")
_PATROLLERS = (
    "grid_officer",
    "township_official",
    "sub_bureau_staff",
    "sub_bureau_head",
)
_PROBLEM_VIEWERS = (
    *_PATROLLERS,
    "bureau_leader",
    "section_head",
    "section_staff",
    "enforcement_head",
    "enforcement_officer",
)
_CLASS_MANAGERS = (
    "enforcement_head",
    "enforcement_officer",
    "sub_bureau_head",
    "section_head",
)
_PLANNERS = ("enforcement_head", "bureau_leader", "sub_bureau_head")
_PLAN_VIEWERS = (
    *_PLANNERS,
    "enforcement_officer",
    "sub_bureau_staff",
    "section_head",
    "legal_reviewer",
)
_TASK_MAKERS = (
    "enforcement_head",
    "enforcement_officer",
    "sub_bureau_head",
    "sub_bureau_staff",
)
_PROJECT_STAFF = (
    "sub_bureau_head",
    "sub_bureau_staff",
    "section_head",
    "section_staff",
    "enforcement_head",
    "enforcement_officer",
)
_COORDINATORS = ("section_head", "section_staff", "bureau_leader", "sub_bureau_head")


class GridConfig(AppConfig):
    name = "ecobureau.grid"
    label = "grid"
    verbose_name = "网格化监管"

    def ready(self) -> None:
        _grant()
        _register_targets()
        _register_pages()
        _register_jobs()


def _grant() -> None:
    from ecobureau.accounts import roles

    from .processes import HANDLER_ROLES

    def give(role_codes: tuple[str, ...], *perms: str) -> None:
        for code in role_codes:
            roles.grant(code, *(f"grid.{perm}" for perm in perms))

    give(_CELL_VIEWERS, "view_gridcell", "view_enterprisesupervision")
    give(_GRID_MANAGERS, "manage_grid")
    give(_EVALUATORS, "evaluate_cell", "view_cellevaluation")
    give(("section_staff",), "view_cellevaluation")
    # Monthly work reports (C22) and rural targets (D18): the levels that file
    # and report progress, and the levels above that review and assess.
    give(
        (*_GRID_MANAGERS, *_EVALUATORS, "sub_bureau_staff"),
        "view_workreport",
        "view_ruraltarget",
    )
    give(_PATROLLERS, "record_patrol")
    give(_PROBLEM_VIEWERS, "view_patrol", "view_problem")
    give(HANDLER_ROLES, "handle_problem", "view_transfer", "view_problem")
    give(("township_official",), "view_transfer")
    give(("department_handler",), "answer_transfer")
    give(_CLASS_MANAGERS, "manage_class")
    give(_PLANNERS, "manage_plan")
    give(_PLAN_VIEWERS, "view_draw", "view_inspectiontask", "view_listedcheckrequest")
    give(_TASK_MAKERS, "add_inspectiontask", "add_listedcheckrequest")
    give(_PROJECT_STAFF, "manage_projects", "view_project")
    give(("bureau_leader",), "view_project")
    give(
        _COORDINATORS,
        "manage_coordination",
        "view_jointmeeting",
        "view_campaign",
        "view_jointreview",
    )
    give(
        ("township_official", "enforcement_head"),
        "view_jointmeeting",
        "view_campaign",
        "view_jointreview",
    )


def _register_targets() -> None:
    from django.urls import reverse

    from ecobureau.casework import registry

    from . import selectors

    targets: list[tuple[str, str, Any, str]] = [
        ("grid.gridcell", "监管网格", selectors.cell_get_for_user, "grid:cell-detail"),
        (
            "grid.patrol",
            "网格巡查",
            selectors.patrol_get_for_user,
            "grid:patrol-detail",
        ),
        (
            "grid.problem",
            "网格问题",
            selectors.problem_get_for_user,
            "grid:problem-detail",
        ),
        (
            "grid.transfer",
            "问题移交",
            selectors.transfer_get_for_user,
            "grid:transfer-detail",
        ),
        (
            "grid.responsibilityletter",
            "环境监管责任状",
            selectors.letter_get_for_user,
            "grid:letter-detail",
        ),
        (
            "grid.listedcheckrequest",
            "正面清单企业现场检查审批",
            selectors.listed_request_get_for_user,
            "grid:listed-request-detail",
        ),
        ("grid.draw", "双随机抽查", selectors.draw_get_for_user, "grid:draw-detail"),
        (
            "grid.inspectiontask",
            "检查任务",
            selectors.task_get_for_user,
            "grid:task-detail",
        ),
        (
            "grid.project",
            "三同时项目",
            selectors.project_get_for_user,
            "grid:project-detail",
        ),
        (
            "grid.jointmeeting",
            "联席会议",
            selectors.meeting_get_for_user,
            "grid:meeting-detail",
        ),
        (
            "grid.campaign",
            "联合执法与专项行动",
            selectors.campaign_get_for_user,
            "grid:campaign-detail",
        ),
        (
            "grid.jointreview",
            "重大项目联合审查",
            selectors.review_get_for_user,
            "grid:review-detail",
        ),
        (
            "grid.implementationscheme",
            "网格化监管实施方案备案",
            selectors.scheme_get_for_user,
            "grid:scheme-detail",
        ),
        (
            "grid.supervisionitem",
            "督办事项",
            selectors.supervision_item_get_for_user,
            "grid:supervision-detail",
        ),
        (
            "grid.workreport",
            "网格工作月报",
            selectors.work_report_get_for_user,
            "grid:work-report-detail",
        ),
        (
            "grid.cellevaluation",
            "网格年度评价",
            selectors.evaluation_get_for_user,
            "grid:evaluation-detail",
        ),
    ]
    for label, name, getter, url_name in targets:
        registry.register_target(
            label, verbose_name=name, get_for_user=getter, url=_url_of(url_name)
        )
    registry.register_target(
        "grid.enterprisesupervision",
        verbose_name="企业分类监管档案",
        get_for_user=selectors.supervision_get_by_pk_for_user,
        url=lambda obj: reverse(
            "grid:class-detail", args=[getattr(obj, "enterprise_id", 0)]
        ),
    )


def _url_of(url_name: str) -> Any:
    from django.urls import reverse

    return lambda obj: reverse(url_name, args=[obj.pk])


def _register_pages() -> None:
    from ecobureau.core import navigation
    from ecobureau.enterprises import sections
    from ecobureau.portal import registry as portal

    def has(perm: str) -> Any:
        return lambda user: user.is_staff_member and user.has_perm(perm)

    navigation.register(
        _("网格监管"), "grid:index", order=40, visible=has("grid.view_gridcell")
    )
    navigation.register(
        _("巡查上报"), "grid:patrol-new", order=41, visible=has("grid.record_patrol")
    )
    navigation.register(
        _("移交事项"),
        "grid:transfer-list",
        order=42,
        visible=has("grid.answer_transfer"),
    )
    navigation.register(
        _("检查计划"), "grid:plan", order=43, visible=has("grid.view_draw")
    )
    portal.register_nav(gettext_noop("网格监管公示"), "grid:public-cells", order=40)
    portal.register_home_card(
        gettext_noop("网格化环境监管"),
        "grid:public-cells",
        gettext_noop(
            "各级环境监管网格、责任人及联系方式；“双随机”抽查的种子、名录和结果公开，可自行复核。"
        ),
        order=40,
    )
    sections.register_section(
        "网格监管分类",
        "grid/_enterprise_section.html",
        context_fn=_enterprise_section,
        order=15,
    )


def _enterprise_section(user: Any, enterprise: Any) -> dict[str, Any]:
    from . import selectors

    if not user.has_perm("grid.view_enterprisesupervision"):
        return {"visible": False}
    return {
        "visible": True,
        "supervision": selectors.supervision_for_enterprise(enterprise),
        "tasks": selectors.tasks_for_enterprise(enterprise)[:10],
        "may_manage": user.has_perm("grid.manage_class"),
    }


def _register_jobs() -> None:
    from ecobureau.core import schedule

    schedule.register(
        schedule.Job(
            "escalate_transfers",
            "10 * * * *",
            "escalate_transfers",
            (),
            "督办超期未反馈的网格问题移交事项，并再次超期时报市级",
        )
    )
    schedule.register(
        schedule.Job(
            "remind_supervision",
            "30 7 * * *",
            "remind_supervision",
            (),
            "企业监管与三同时项目到期提醒",
        )
    )
    schedule.register(
        schedule.Job(
            "refresh_grid_classes",
            "40 2 * * *",
            "refresh_grid_classes",
            (),
            "为新企业建立分类监管档案，按规则重新核定A/B/C分类",
        )
    )
    schedule.register(
        schedule.Job(
            "check_grid_reports",
            "20 * * * *",
            "check_grid_reports",
            (),
            "巡查发现问题超时未上报、网格工作月报逾期未报的标记并告知上级",
        )
    )
