from django.apps import AppConfig

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
_EIA_VIEWERS = ("bureau_leader", "section_head", "section_staff")
_EIA_MANAGERS = ("section_head", "section_staff")
_SUPERVISOR_VIEWERS = ("bureau_leader", "enforcement_head", "legal_reviewer")
_SUPERVISOR_MANAGERS = ("enforcement_head",)


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

        registry.register_target(
            "engagement.demand",
            verbose_name="企业诉求",
            get_for_user=selectors.demand_get_for_user,
            url=lambda obj: reverse("engagement:demand-detail", args=[obj.pk]),
        )
        navigation.register(
            "与企业互动",
            "engagement:index",
            order=58,
            visible=lambda user: (
                user.is_staff_member
                and (
                    user.has_perm("engagement.view_demand")
                    or user.has_perm("engagement.view_eiaunit")
                    or user.has_perm("engagement.view_supervisor")
                )
            ),
        )
        portal.register_nav("环评中介服务技术单位", "engagement:eia-public", order=65)
        portal.register_my_section(
            "企业诉求",
            "engagement:my-demands",
            "企业环保治理需求发布平台：提交诉求、查看答复并评价",
            order=45,
            visible=lambda user: user.kind == user.Kind.ENTERPRISE,
        )
