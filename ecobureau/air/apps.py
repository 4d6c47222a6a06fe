from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Who may do what (permissions are still limited by each person's data scope).
_FORECASTERS = ("forecaster",)
_WARNING_MANAGERS = ("forecaster", "section_head", "bureau_leader")
_PLAN_REVIEWERS = ("section_head", "section_staff")
_STATION_MANAGERS = ("monitoring_staff", "forecaster", "system_admin")


class AirConfig(AppConfig):
    name = "ecobureau.air"
    label = "air"
    verbose_name = "空气质量"

    def ready(self) -> None:
        from django.urls import reverse

        from ecobureau.accounts import roles
        from ecobureau.casework import registry
        from ecobureau.core import navigation, schedule
        from ecobureau.enterprises import sections
        from ecobureau.portal import registry as portal

        from . import selectors

        for role in _FORECASTERS:
            roles.grant(role, "air.review_forecast")
        for role in _WARNING_MANAGERS:
            roles.grant(role, "air.manage_warning")
        for role in _PLAN_REVIEWERS:
            roles.grant(role, "air.review_plan")
        for role in _STATION_MANAGERS:
            roles.grant(role, "air.manage_station")

        navigation.register(_("空气质量"), "air:dashboard", order=45)
        portal.register_nav(gettext_noop("空气质量"), "air:public", order=30)
        portal.register_home_card(
            gettext_noop("空气质量预报"),
            "air:public",
            gettext_noop("未来7天空气质量预报、每日空气质量指数与重污染天气预警。"),
            order=20,
        )
        portal.register_my_section(
            gettext_noop("重污染天气应急预案"),
            "air:my-plans",
            gettext_noop(
                "报送本企业重污染天气应急预案备案，查看预警期间应执行的减排措施。"
            ),
            order=40,
            visible=lambda user: user.kind == user.Kind.ENTERPRISE,
        )
        registry.register_target(
            "air.forecast",
            verbose_name="空气质量预报",
            get_for_user=selectors.forecast_get_for_user,
            url=lambda obj: reverse("air:forecast-detail", args=[obj.pk]),
        )
        registry.register_target(
            "air.warning",
            verbose_name="重污染天气预警",
            get_for_user=selectors.warning_get_for_user,
            url=lambda obj: reverse("air:warning-detail", args=[obj.pk]),
        )
        registry.register_target(
            "air.emergencyplan",
            verbose_name="重污染天气应急预案",
            get_for_user=selectors.plan_get_for_user,
            url=lambda obj: reverse("air:plan-detail", args=[obj.pk]),
        )
        sections.register_section(
            "重污染天气应急预案",
            "air/_enterprise_plans.html",
            context_fn=_enterprise_plans,
            order=60,
            visible=lambda user: True,
        )
        for job in _jobs():
            schedule.register(job)
        from . import hooks, monitoring_check

        hooks.register_measure_check(monitoring_check.emissions_check)


def _enterprise_plans(user: Any, enterprise: Any) -> dict[str, Any]:
    from . import selectors

    return {"plans": list(selectors.plans_for_enterprise(user, enterprise.pk)[:10])}


def _jobs() -> list[Any]:
    from ecobureau.core.schedule import Job

    return [
        # seed 000 信息公开制度: published before 15:00; the draft is made at 14:00
        # so forecasters have an hour for 会商.
        Job(
            "air_forecast",
            "0 14 * * *",
            "air",
            ("forecast",),
            "14:00生成各城市未来7天空气质量预报草稿（15:00前会商发布）",
        ),
        # HJ 633—2026 5.2.1: the daily report is out before 12:00 the next day.
        Job("air_score", "30 12 * * *", "air", ("score",), "对已发布预报进行实况评分"),
        Job(
            "air_train",
            "0 3 1 * *",
            "air",
            ("train",),
            "每月重新训练各城市空气质量预报模型",
        ),
    ]
