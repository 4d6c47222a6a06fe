from django.apps import AppConfig
from django.utils.translation import gettext_noop

# Who may do what (each person's data scope still limits the demands they see).
_DEMAND_VIEWERS = (
    "bureau_leader",
    "section_head",
    "section_staff",
    "sub_bureau_head",
    "sub_bureau_staff",
    "enforcement_head",
    "enforcement_officer",
)
_DEMAND_VIEW_PERMS = (
    "engagement.view_demand",
    "engagement.view_commissioner",
    "engagement.view_visit",
    "engagement.handle_demand",
)
_COMMISSIONER_MANAGERS = ("bureau_leader", "section_head", "sub_bureau_head")
# The enforcement team head reads the register to open the 环评法 第三十二条 case
# from a serious-misconduct record (管理规定 三（二）, A105).
_EIA_VIEWERS = ("bureau_leader", "section_head", "section_staff", "enforcement_head")
_EIA_MANAGERS = ("section_head", "section_staff")
_SUPERVISOR_VIEWERS = ("bureau_leader", "enforcement_head", "legal_reviewer")
_SUPERVISOR_MANAGERS = ("enforcement_head",)
# 与企业互动（四）（八）: the enforcement team's party office (执法队党群办) organises the
# reception day and the forums; sections' staff and heads take part.
_RECEPTION_ORGANISERS = ("enforcement_head", "section_head", "section_staff")
# 与企业互动（十一）: the bureau's party office (局党办, a section) revisits; the leaders
# read its reports.
_REVISITORS = ("bureau_leader", "section_head", "section_staff")
# 工作规则 第十条: a report goes to the team or directly to the bureau.
_SUPERVISOR_REPORT_HANDLERS = ("enforcement_head", "bureau_leader")
# ... and one made directly to the bureau is handled by the bureau's leaders only
# (an administrator may grant it to the office the bureau designates), never by the
# team (services.supervision.may_handle_report also refuses any team member).
_BUREAU_REPORT_HANDLERS = ("bureau_leader",)
# 与基层互动 (五)(八): the office (局办公室, a section) reviews suggestions, rewards the
# adopted ones and follows each unit's suggestions and research reports.
_GRASSROOTS_MANAGERS = ("bureau_leader", "section_head")


class EngagementConfig(AppConfig):
    name = "ecobureau.engagement"
    label = "engagement"
    verbose_name = "与企业互动"

    def ready(self) -> None:
        from django.urls import reverse

        from ecobureau.accounts import roles
        from ecobureau.casework import registry
        from ecobureau.core import navigation
        from ecobureau.portal import registry as portal

        from . import selectors

        for role in _DEMAND_VIEWERS:
            roles.grant(role, *_DEMAND_VIEW_PERMS)
        for role in _COMMISSIONER_MANAGERS:
            roles.grant(role, "engagement.manage_commissioner")
        for role in _EIA_VIEWERS:
            roles.grant(role, "engagement.view_eiaunit")
        for role in _EIA_MANAGERS:
            roles.grant(role, "engagement.manage_eia")
        for role in _SUPERVISOR_VIEWERS:
            roles.grant(role, "engagement.view_supervisor")
        for role in _SUPERVISOR_MANAGERS:
            roles.grant(role, "engagement.manage_supervisor")
        for role in _RECEPTION_ORGANISERS:
            roles.grant(role, "engagement.manage_reception")
        for role in _REVISITORS:
            roles.grant(role, "engagement.manage_revisit")
        for role in _SUPERVISOR_REPORT_HANDLERS:
            roles.grant(role, "engagement.handle_supervisor_report")
        for role in _BUREAU_REPORT_HANDLERS:
            roles.grant(role, "engagement.handle_bureau_supervisor_report")
        for role in _GRASSROOTS_MANAGERS:
            roles.grant(role, "engagement.manage_grassroots")

        registry.register_target(
            "engagement.demand",
            verbose_name="企业诉求",
            get_for_user=selectors.demand_get_for_user,
            url=lambda obj: reverse("engagement:demand-detail", args=[obj.pk]),
        )
        registry.register_target(
            "engagement.supervisorreport",
            verbose_name="监督员反映事项",
            get_for_user=selectors.supervisor_report_get_for_user,
            url=lambda obj: reverse("engagement:supervisor-report", args=[obj.pk]),
        )
        navigation.register(
            gettext_noop("与企业互动"),
            "engagement:index",
            order=58,
            visible=lambda user: (
                user.is_staff_member
                and (
                    user.has_perm("engagement.view_demand")
                    or user.has_perm("engagement.view_eiaunit")
                    or user.has_perm("engagement.view_supervisor")
                    or user.has_perm("engagement.manage_reception")
                    or user.has_perm("engagement.manage_revisit")
                )
            ),
        )
        navigation.register(
            gettext_noop("与基层互动"),
            "engagement:grassroots",
            order=59,
            visible=lambda user: user.kind == user.Kind.STAFF,
        )
        portal.register_nav(
            gettext_noop("环评中介服务技术单位"), "engagement:eia-public", order=65
        )
        portal.register_my_section(
            "企业诉求",
            "engagement:my-demands",
            "企业环保治理需求发布平台：提交诉求、查看答复并评价",
            order=45,
            visible=lambda user: user.kind == user.Kind.ENTERPRISE,
        )
        portal.register_my_section(
            "企业环保接待日",
            "engagement:my-reception",
            "每月第二周的周二：预约面对面解答污染防治难题",
            order=46,
            visible=lambda user: user.kind == user.Kind.ENTERPRISE,
        )
