from django.apps import AppConfig
from django.utils.translation import gettext_noop

# Who may do what with complaints (the data scope still limits what each sees).
_VIEWERS = (
    "bureau_leader",
    "section_head",
    "section_staff",
    "emergency_staff",
    "legal_reviewer",
    "enforcement_head",
    "enforcement_officer",
    "sub_bureau_head",
    "sub_bureau_staff",
)
# The contact details of a complainant: the staff who accept, handle and reply
# (法典 arts. 145–146: the reporter's identity is kept confidential).
_CONTACT_VIEWERS = (
    "bureau_leader",
    "section_head",
    "section_staff",
    "emergency_staff",
    "sub_bureau_head",
    "sub_bureau_staff",
)
_IMPORTERS = ("section_head", "section_staff", "emergency_staff", "system_admin")
_EXPORTERS = (
    "bureau_leader",
    "section_head",
    "emergency_staff",
    "enforcement_head",
    "sub_bureau_head",
)
_RECEPTION = (
    "bureau_leader",
    "section_head",
    "section_staff",
    "emergency_staff",
    "sub_bureau_head",
)


class ComplaintsConfig(AppConfig):
    name = "ecobureau.complaints"
    label = "complaints"
    verbose_name = "投诉举报"

    def ready(self) -> None:
        from django.urls import reverse

        from ecobureau.accounts import roles
        from ecobureau.casework import registry
        from ecobureau.core import navigation, schedule
        from ecobureau.enterprises import sections
        from ecobureau.portal import registry as portal

        from . import documents, selectors
        from .processes import (
            DISPATCH_RESPONDERS,
            HANDLERS,
            MESSAGE_COLLECTORS,
            SUPERVISORS,
        )
        from .services import notify  # noqa: F401  (registers the outbox handler)

        for role in _VIEWERS:
            roles.grant(role, "complaints.view_complaint")
        for role in HANDLERS:
            roles.grant(role, "complaints.handle_complaint")
        for role in _CONTACT_VIEWERS:
            roles.grant(role, "complaints.view_complainant")
        for role in _IMPORTERS:
            roles.grant(role, "complaints.import_complaints")
        for role in _EXPORTERS:
            roles.grant(role, "complaints.export_complaints")
        for role in DISPATCH_RESPONDERS:
            roles.grant(role, "complaints.feedback_dispatch")
        for role in _RECEPTION:
            roles.grant(role, "complaints.manage_reception")
        for role in SUPERVISORS:
            roles.grant(role, "complaints.supervise_hotspot")
        for role in MESSAGE_COLLECTORS:
            roles.grant(role, "complaints.collect_messages")
        roles.grant(
            "system_admin",
            *(f"complaints.{verb}_triagerule" for verb in ("view", "add", "change")),
        )
        navigation.register(
            gettext_noop("投诉举报"),
            "complaints:list",
            order=20,
            visible=lambda user: (
                user.is_staff_member
                and (
                    user.has_perm("complaints.view_complaint")
                    or user.has_perm("complaints.feedback_dispatch")
                )
            ),
        )
        registry.register_target(
            "complaints.complaint",
            verbose_name="投诉",
            get_for_user=selectors.complaint_get_for_user,
            url=lambda obj: reverse("complaints:detail", args=[obj.pk]),
        )
        registry.register_target(
            "complaints.dispatch",
            verbose_name="投诉交办",
            get_for_user=selectors.dispatch_get_for_user,
            url=lambda obj: reverse("complaints:dispatch-detail", args=[obj.pk]),
        )
        registry.register_target(
            "complaints.revisit",
            verbose_name="投诉回访",
            get_for_user=selectors.revisit_get_for_user,
            url=lambda obj: reverse("complaints:revisit-detail", args=[obj.pk]),
        )
        registry.register_target(
            "complaints.followup",
            verbose_name="投诉热点跟踪督办",
            get_for_user=selectors.follow_up_get_for_user,
            url=lambda obj: reverse("complaints:followup-detail", args=[obj.pk]),
        )
        registry.register_target(
            "complaints.messagereply",
            verbose_name="留言回复",
            get_for_user=selectors.message_reply_get_for_user,
            url=lambda obj: reverse(
                "complaints:message-detail",
                args=[obj.complaint_id],  # type: ignore[attr-defined]
            ),
        )
        registry.register_target(
            "complaints.receptionevent",
            verbose_name="接访下访",
            get_for_user=selectors.reception_get_for_user,
            url=lambda obj: reverse("complaints:reception-list"),
        )
        documents.register_kinds()
        schedule.register(
            schedule.Job(
                "draw_revisits",
                "30 6 1 * *",
                "draw_revisits",
                (),
                "每月1日抽取上月各单位办结投诉的10%进行回访",
            )
        )
        sections.register_section(
            "投诉举报",
            "complaints/_enterprise_section.html",
            context_fn=selectors.enterprise_section_context,
            order=40,
            visible=lambda user: (
                user.is_staff_member and user.has_perm("complaints.view_complaint")
            ),
        )
        portal.register_nav(gettext_noop("投诉举报"), "complaints:new", order=20)
        portal.register_home_card(
            gettext_noop("投诉举报"),
            "complaints:new",
            gettext_noop(
                "在线反映环境污染问题，可标注地图位置、上传照片；凭查询码查询办理进度。"
            ),
            order=20,
        )
        portal.register_my_section(
            gettext_noop("我的投诉"),
            "complaints:mine",
            gettext_noop("查看本人提交的投诉及办理进度。"),
            order=20,
            visible=lambda user: user.kind == "citizen",
        )
