"""The role catalogue: each role's name and the permissions it grants.

Modules add the permissions their features need with `grant(...)` in their
`AppConfig.ready()`, so this file stays the one list of roles while each module
owns its own permissions. `manage.py load_reference` writes the catalogue to the
database; administrators may then adjust roles in the UI, and a later
`load_reference` only adds what is missing (it never removes a permission an
administrator granted).
"""

from dataclasses import dataclass, field


@dataclass
class RoleSpec:
    code: str
    name: str
    kind: str  # "staff" | "external" | "public"
    description: str
    permissions: set[str] = field(default_factory=set)


CATALOGUE: dict[str, RoleSpec] = {
    spec.code: spec
    for spec in [
        RoleSpec(
            "bureau_leader", "局领导", "staff", "全局事项的审批与决定，查看全市数据"
        ),
        RoleSpec("section_head", "科室负责人", "staff", "本科室事项的审核与分派"),
        RoleSpec("section_staff", "科室工作人员", "staff", "本科室事项的承办"),
        RoleSpec(
            "legal_reviewer",
            "法制审核人员",
            "staff",
            "法制科：重大执法决定法制审核、案卷评查",
        ),
        RoleSpec(
            "enforcement_head",
            "执法队负责人",
            "staff",
            "综合行政执法队：检查计划、案件审批",
        ),
        RoleSpec(
            "enforcement_officer", "执法人员", "staff", "持执法证：现场检查、调查取证"
        ),
        RoleSpec(
            "sub_bureau_head", "分局负责人", "staff", "区县分局：本辖区事项的审核与分派"
        ),
        RoleSpec(
            "sub_bureau_staff", "分局工作人员", "staff", "区县分局：本辖区事项的承办"
        ),
        RoleSpec(
            "grid_officer",
            "网格员",
            "staff",
            "网格巡查与问题上报（不从事涉企行政检查）",
        ),
        RoleSpec(
            "monitoring_staff", "监测人员", "staff", "监测中心：自动监控、环境质量数据"
        ),
        RoleSpec(
            "service_staff", "窗口受理人员", "staff", "事务服务中心：政务服务事项受理"
        ),
        RoleSpec(
            "reward_handler",
            "举报奖励经办人",
            "staff",
            "举报奖励：可查看举报人身份信息",
        ),
        RoleSpec("forecaster", "空气质量预报员", "staff", "空气质量预报会商与发布"),
        RoleSpec("emergency_staff", "应急值守人员", "staff", "突发环境事件与舆情"),
        RoleSpec("credit_staff", "信用评价人员", "staff", "企业环境信用评价"),
        RoleSpec("system_admin", "系统管理员", "staff", "用户、角色、数据范围与参数"),
        RoleSpec(
            "province_reviewer", "省厅审核人", "external", "省生态环境厅：审核上报事项"
        ),
        RoleSpec(
            "department_handler",
            "部门承办人",
            "external",
            "其他政府部门：接收移交事项并反馈",
        ),
        RoleSpec(
            "township_official",
            "乡镇（街道）负责人",
            "external",
            "乡镇街道园区：网格责任主体",
        ),
        RoleSpec(
            "enforcement_supervisor",
            "执法监督员",
            "external",
            "特邀执法监督员：参与检查与评查",
        ),
        RoleSpec("enterprise", "企业用户", "public", "以统一社会信用代码登录的企业"),
        RoleSpec("citizen", "公众用户", "public", "以手机号登录的公众"),
    ]
}


# Roles whose holders are the heads of their unit: they are told when a clock of
# their unit is due soon or overdue, and approve extensions.
HEAD_ROLES = frozenset(
    {"bureau_leader", "section_head", "enforcement_head", "sub_bureau_head"}
)


def grant(role_code: str, *permissions: str) -> None:
    """Add permissions ("app_label.codename") to a role of the catalogue."""
    CATALOGUE[role_code].permissions.update(permissions)


# The administrator also keeps the working-day calendar (core): entering next
# year's official holidays each November and reviewing provisional deadlines.
grant(
    "system_admin",
    *(
        f"core.{verb}_{model}"
        for verb in ("view", "add", "change", "delete")
        for model in ("calendaryear", "calendarday")
    ),
    "core.view_schedulerun",
    "core.view_outboxmessage",
)

# Permissions of this module.
grant(
    "system_admin",
    "accounts.manage_users",
    "accounts.view_user",
    "accounts.view_loginevent",
)
grant("bureau_leader", "accounts.view_user")
