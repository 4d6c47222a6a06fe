from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Who may do what with the enterprise file. Viewing is still limited to each
# person's data scope; township governments see the enterprises of their township.
_VIEWERS = (
    "bureau_leader",
    "section_head",
    "section_staff",
    "legal_reviewer",
    "enforcement_head",
    "enforcement_officer",
    "sub_bureau_head",
    "sub_bureau_staff",
    "grid_officer",
    "monitoring_staff",
    "service_staff",
    "emergency_staff",
    "credit_staff",
    "system_admin",
    "township_official",
)
_EDITORS = (
    "section_head",
    "section_staff",
    "sub_bureau_head",
    "sub_bureau_staff",
    "system_admin",
)
_EXPORTERS = (
    "bureau_leader",
    "section_head",
    "section_staff",
    "enforcement_head",
    "sub_bureau_head",
    "sub_bureau_staff",
    "system_admin",
)
# Bulk loading the registry is a city-wide administrator's job, or a sub-bureau
# head's for their own district (the import checks every row's scope).
_IMPORTERS = ("system_admin", "sub_bureau_head")


class EnterprisesConfig(AppConfig):
    name = "ecobureau.enterprises"
    label = "enterprises"
    verbose_name = "企业档案"

    def ready(self) -> None:
        from django.urls import reverse

        from ecobureau.accounts import roles
        from ecobureau.casework import registry
        from ecobureau.core import navigation

        from . import sections, selectors

        for role in _VIEWERS:
            roles.grant(role, "enterprises.view_enterprise")
        for role in _EDITORS:
            roles.grant(
                role, "enterprises.add_enterprise", "enterprises.change_enterprise"
            )
        for role in _EXPORTERS:
            roles.grant(role, "enterprises.export_enterprises")
        for role in _IMPORTERS:
            roles.grant(role, "enterprises.import_enterprises")

        navigation.register(
            _("企业档案"),
            "enterprises:list",
            order=30,
            visible=lambda user: (
                user.is_staff_member and user.has_perm("enterprises.view_enterprise")
            ),
        )
        navigation.register(
            _("我的企业档案"),
            "enterprises:mine",
            order=31,
            visible=lambda user: user.kind == user.Kind.ENTERPRISE,
        )
        registry.register_target(
            "enterprises.enterprise",
            verbose_name="企业",
            get_for_user=selectors.enterprise_get_for_user,
            url=lambda enterprise: reverse("enterprises:detail", args=[enterprise.pk]),
        )
        sections.register_section(
            "监督执法正面清单",
            "enterprises/_positive_list_section.html",
            context_fn=_positive_list_context,
            order=20,
        )
        for role in ("enforcement_head", "bureau_leader"):
            roles.grant(role, "enterprises.manage_positive_list")
        navigation.register(
            _("正面清单"),
            "enterprises:positive_list",
            order=31,
            visible=lambda user: (
                user.is_staff_member and user.has_perm("enterprises.view_enterprise")
            ),
        )
        sections.register_section(
            "档案变更记录",
            "enterprises/_history_section.html",
            context_fn=_history_context,
            order=1000,
        )


def _positive_list_context(user: Any, enterprise: Any) -> dict[str, Any]:
    from . import selectors

    history = list(selectors.positive_list_history(enterprise))
    return {
        "history": history,
        "listed": any(entry.removed_on is None for entry in history),
        "may_manage": user.has_perm("enterprises.manage_positive_list"),
    }


def _history_context(user: Any, enterprise: Any) -> dict[str, Any]:
    from . import selectors

    return {"entries": selectors.enterprise_history(enterprise)}
