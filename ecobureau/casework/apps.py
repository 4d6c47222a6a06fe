from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "ecobureau.casework"
    label = "casework"
    verbose_name = "办案核心"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from django.urls import reverse

        from ecobureau.accounts import roles
        from ecobureau.core import navigation

        from . import receivers, registry, selectors  # noqa: F401

        post_migrate.connect(_ensure_tally_triggers, sender=self)
        navigation.register(_("工作台"), "casework:workbench", order=0)
        navigation.register(
            _("责任追究"),
            "casework:accountability-list",
            order=90,
            visible=lambda user: (
                user.is_staff_member and user.has_perm("casework.manage_accountability")
            ),
        )
        registry.register_target(
            "casework.accountability",
            verbose_name="责任追究",
            get_for_user=selectors.accountability_get_for_user,
            url=lambda obj: reverse("casework:accountability-detail", args=[obj.pk]),
        )
        for role in ("legal_reviewer", "bureau_leader", "section_head"):
            roles.grant(role, "casework.manage_accountability")
        # 全过程记录实施办法 第三十五条: records holding secrets or privacy are shown
        # only to those whose permissions allow it; every opening is recorded.
        for role in ("legal_reviewer", "bureau_leader"):
            roles.grant(role, "casework.view_confidential")
        _ready_evidence_and_approvals()


def _ready_evidence_and_approvals() -> None:
    """Evidence upload, internal approvals (A49) and the recordings report (A48)."""
    from django.urls import reverse

    from ecobureau.accounts import roles
    from ecobureau.core import navigation

    from . import registry, selectors, selectors_recordings
    from .processes import CASE_HANDLER_ROLES, RECORDING_REVIEWERS

    for role in CASE_HANDLER_ROLES:
        roles.grant(role, "casework.add_attachment")
    # 全过程记录实施办法 第三十六条, 第三十七条: the legal section (and the bureau's
    # leaders) see every unit's recordings and order corrections.
    for role in RECORDING_REVIEWERS:
        roles.grant(role, "casework.review_recordings")
    navigation.register(
        _("音像记录"),
        "casework:recording-report",
        order=91,
        visible=lambda user: (
            user.is_staff_member and user.has_perm("casework.review_recordings")
        ),
    )
    registry.register_target(
        "casework.approval",
        verbose_name="内部审批",
        get_for_user=selectors.approval_get_for_user,
        url=lambda obj: reverse("casework:approval-detail", args=[obj.pk]),
    )
    registry.register_target(
        "casework.recordingcorrection",
        verbose_name="音像记录限期整改",
        get_for_user=selectors_recordings.recording_correction_get_for_user,
        url=lambda obj: reverse("casework:recording-correction-detail", args=[obj.pk]),
    )


def _ensure_tally_triggers(
    sender: object, using: str = "default", **kwargs: object
) -> None:
    """Migrations that rebuild a table on SQLite drop its triggers: restore them."""
    from django.db import connections

    from .dbtriggers import ensure_tally_triggers

    if "casework_workitem" in connections[using].introspection.table_names():
        ensure_tally_triggers(connections[using])
