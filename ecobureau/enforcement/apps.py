from django.apps import AppConfig
from django.utils.translation import gettext_noop

# Who may do what. Readers are further limited: officers see their own
# inspections, heads those in their data scope (selectors.py).
_VIEWERS = (
    "enforcement_head",
    "enforcement_officer",
    "sub_bureau_head",
    "bureau_leader",
)
_PLANNERS = ("enforcement_head", "enforcement_officer", "sub_bureau_head")
_INSPECTORS = ("enforcement_head", "enforcement_officer")


class EnforcementConfig(AppConfig):
    name = "ecobureau.enforcement"
    label = "enforcement"
    verbose_name = "执法检查与调查取证"

    def ready(self) -> None:
        from django.urls import reverse

        from ecobureau.accounts import roles
        from ecobureau.casework import registry
        from ecobureau.core import navigation

        # Grid publishes each drawn check's outcome with the penalty decisions that
        # followed it (A93); grid sits below this module, so it asks through a hook.
        from ecobureau.grid import selectors as grid_selectors

        from . import documents, selectors
        from .services import measures_urgent
        from .services.publication import public_decisions_by_plan_task

        grid_selectors.register_public_decision_lookup(public_decisions_by_plan_task)

        for role in _VIEWERS:
            roles.grant(role, "enforcement.view_inspection")
        for role in _PLANNERS:
            roles.grant(role, "enforcement.plan_inspection")
        for role in _INSPECTORS:
            roles.grant(role, "enforcement.inspect")
        for role in _VIEWERS:
            roles.grant(role, "enforcement.view_enforcementcase")
        for role in _PLANNERS:
            roles.grant(role, "enforcement.open_case")
        for role in ("enforcement_head", "sub_bureau_head", "bureau_leader"):
            roles.grant(role, "enforcement.decide_filing")
            roles.grant(role, "enforcement.decide_penalty")
        roles.grant("legal_reviewer", "enforcement.legal_review")

        registry.register_target(
            "enforcement.inspection",
            verbose_name="现场检查",
            get_for_user=selectors.inspection_get_for_user,
            url=lambda obj: reverse("enforcement:inspection-detail", args=[obj.pk]),
        )
        registry.register_target(
            "enforcement.inspectionreason",
            verbose_name="临时检查事由",
            get_for_user=selectors.reason_get_for_user,
            url=lambda obj: reverse("enforcement:reason-detail", args=[obj.pk]),
        )
        registry.register_target(
            "enforcement.enforcementcase",
            verbose_name="行政处罚案件",
            get_for_user=selectors.case_get_for_user,
            url=lambda obj: reverse("enforcement:case-detail", args=[obj.pk]),
        )
        registry.register_target(
            "enforcement.investigationdocument",
            verbose_name="调查取证文书",
            get_for_user=selectors.document_get_for_user,
            url=lambda obj: reverse("enforcement:document-detail", args=[obj.pk]),
        )
        registry.register_target(
            "enforcement.compulsorymeasure",
            verbose_name="查封、扣押",
            get_for_user=selectors.measure_get_for_user,
            url=lambda obj: reverse("enforcement:measure-detail", args=[obj.pk]),
            on_approval_decided=measures_urgent.on_approval_decided,  # type: ignore[arg-type]
        )
        registry.register_target(
            "enforcement.policetransfer",
            verbose_name="移送公安机关",
            get_for_user=selectors.transfer_get_for_user,
            url=lambda obj: reverse(
                "enforcement:case-detail",
                args=[obj.case_id],  # type: ignore[attr-defined]
            ),
        )
        registry.register_target(
            "enforcement.penaltydecision",
            verbose_name="行政处罚决定（内部文书）",
            get_for_user=selectors.decision_get_for_staff,
            url=lambda obj: reverse(
                "enforcement:deliberation",
                args=[obj.case_id],  # type: ignore[attr-defined]
            ),
        )
        documents.register_kinds()
        navigation.register(
            gettext_noop("执法检查"),
            "enforcement:index",
            order=50,
            visible=lambda user: (
                user.is_staff_member and user.has_perm("enforcement.view_inspection")
            ),
        )
