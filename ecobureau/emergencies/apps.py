from django.apps import AppConfig
from django.utils.translation import gettext_noop

# Who may do what (each person's data scope still limits what they see).
_VIEWERS = (
    "emergency_staff",
    "bureau_leader",
    "section_head",
    "sub_bureau_head",
    "sub_bureau_staff",
)
_HANDLERS = ("emergency_staff", "sub_bureau_head", "sub_bureau_staff")
_REVIEWERS = ("bureau_leader", "section_head", "sub_bureau_head")
_VIEW_PERMS = (
    "emergencies.view_incident",
    "emergencies.view_opinionevent",
    "emergencies.view_plan",
)


class EmergenciesConfig(AppConfig):
    name = "ecobureau.emergencies"
    label = "emergencies"
    verbose_name = "突发环境事件与舆情"

    def ready(self) -> None:
        from django.core import checks
        from django.urls import reverse

        from ecobureau.accounts import roles
        from ecobureau.casework import registry
        from ecobureau.core import navigation, schedule
        from ecobureau.portal import registry as portal

        from . import documents, selectors
        from .checks import grading_overrides_check

        documents.register_kinds()
        checks.register(grading_overrides_check)

        for role in _VIEWERS:
            roles.grant(role, *_VIEW_PERMS)
        for role in _HANDLERS:
            roles.grant(role, "emergencies.handle_incident")
        for role in _REVIEWERS:
            roles.grant(role, "emergencies.review_release")
        # 举报奖励实施细则 第六条第（九）项: the reward handler checks a report against
        # the stop orders in force, which hang on incidents; the handler reads
        # incidents within its own data scope, nothing more.
        roles.grant("reward_handler", "emergencies.view_incident")
        # Other departments answer the response tasks given to them (department_tasks.py).
        roles.grant("department_handler", "emergencies.answer_task")
        # Emergencies sits above rewards, so it fills rewards' hook, not the reverse.
        from ecobureau.rewards import selectors as reward_selectors

        reward_selectors.register_stop_order_lookup(
            selectors.stop_orders_in_force_for_user
        )

        registry.register_target(
            "emergencies.incident",
            verbose_name="突发环境事件",
            get_for_user=selectors.incident_get_for_user,
            url=lambda obj: reverse("emergencies:incident-detail", args=[obj.pk]),
        )
        registry.register_target(
            "emergencies.opinionevent",
            verbose_name="舆情事件",
            get_for_user=selectors.opinion_get_for_user,
            url=lambda obj: reverse("emergencies:opinion-detail", args=[obj.pk]),
        )
        # Help records carry response clocks: the workbench's clock page and the
        # accountability entry of a missed clock reach the record through this.
        registry.register_target(
            "emergencies.enterprisehelp",
            verbose_name="企业舆情帮扶",
            get_for_user=selectors.help_get_for_user,
            url=lambda obj: reverse("emergencies:help-detail", args=[obj.pk]),
        )
        navigation.register(
            gettext_noop("应急与舆情"),
            "emergencies:index",
            order=55,
            visible=lambda user: (
                user.is_staff_member and user.has_perm("emergencies.view_incident")
            ),
        )
        navigation.register(
            gettext_noop("应急处置任务"),
            "emergencies:department-tasks",
            order=56,
            visible=lambda user: user.has_perm("emergencies.answer_task"),
        )
        # Marked for translation; the portal translates them when it renders.
        portal.register_nav(
            gettext_noop("突发环境事件"), "emergencies:public", order=60
        )
        portal.register_my_section(
            gettext_noop("舆情帮扶"),
            "emergencies:my-helps",
            gettext_noop("本单位遇重大舆情时向生态环境局求助的帮扶记录及进展"),
            order=47,
            visible=lambda user: user.kind == user.Kind.ENTERPRISE,
        )
        schedule.register(
            schedule.Job(
                "prune_plan_changes",
                "55 3 * * *",
                "prune_plan_changes",
                (),
                "按保存期限删除预案联系人修改前后的姓名、电话",
            )
        )
