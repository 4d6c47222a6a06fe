from django.apps import AppConfig
from django.utils.translation import gettext_noop

# Staff who read the quality figures and the district emission ledgers.
VIEW_ROLES = (
    "bureau_leader",
    "section_head",
    "section_staff",
    "sub_bureau_head",
    "sub_bureau_staff",
    "monitoring_staff",
    "system_admin",
)
# The monitoring centre and the section heads enter sections, samples and totals
# (district staff for their own district).
MANAGE_ROLES = ("monitoring_staff", "section_head", "sub_bureau_head", "system_admin")


class QualityConfig(AppConfig):
    name = "ecobureau.quality"
    label = "quality"
    verbose_name = "环境质量与目标考核"

    def ready(self) -> None:
        from ecobureau.accounts import roles
        from ecobureau.core import navigation
        from ecobureau.portal import registry as portal

        from . import rules

        rules.register_all()
        for role in VIEW_ROLES:
            roles.grant(role, "quality.view_quality")
        for role in MANAGE_ROLES:
            roles.grant(role, "quality.view_quality", "quality.manage_quality")
        navigation.register(
            gettext_noop("环境质量"),
            "quality:dashboard",
            order=70,
            visible=lambda user: (
                user.is_staff_member and user.has_perm("quality.view_quality")
            ),
        )
        portal.register_nav(gettext_noop("环境质量"), "quality:public", order=35)
        from ecobureau.core import schedule

        schedule.register(
            schedule.Job(
                "rollup_emissions",
                "50 0 * * *",
                "rollup_emissions",
                (),
                "按日汇总在线监测排放量（最近7个已结束的日期）",
            )
        )
        # The month's bulletin is issued on the 5th, once the month's samples
        # and daily values are in (示例配置: the day is a choice, not a rule).
        schedule.register(
            schedule.Job(
                "issue_bulletin",
                "0 9 5 * *",
                "issue_bulletin",
                (),
                "发布上月环境质量月报（已发布的月份不重复发布）",
            )
        )
