from django.apps import AppConfig
from django.utils.translation import gettext_noop

# Staff roles that handle applications in their data scope.
HANDLER_ROLES = (
    "service_staff",
    "section_staff",
    "section_head",
    "sub_bureau_staff",
    "sub_bureau_head",
    "enforcement_officer",
    "enforcement_head",
    "bureau_leader",
    "province_reviewer",
    "credit_staff",
    "monitoring_staff",
    "forecaster",
)
ENQUIRY_ROLES = (
    "service_staff",
    "section_staff",
    "section_head",
    "sub_bureau_staff",
    "sub_bureau_head",
    "bureau_leader",
)
CATALOGUE_EDITORS = ("section_head", "bureau_leader", "service_staff", "system_admin")
REGISTER_ROLES = (
    "section_head",
    "section_staff",
    "sub_bureau_head",
    "sub_bureau_staff",
    "bureau_leader",
)
STATISTICS_ROLES = (
    "bureau_leader",
    "section_head",
    "sub_bureau_head",
    "service_staff",
    "system_admin",
)


class PermitsConfig(AppConfig):
    name = "ecobureau.permits"
    label = "permits"
    verbose_name = "政务服务"

    def ready(self) -> None:
        from django.db.models.signals import pre_delete
        from django.urls import reverse

        from ecobureau.accounts import roles
        from ecobureau.casework import documents as casework_documents
        from ecobureau.casework import registry
        from ecobureau.core import navigation
        from ecobureau.enterprises import sections
        from ecobureau.portal import registry as portal

        from . import documents, selectors
        from .models import Application
        from .services.applications import refuse_deleting_permanent_records

        pre_delete.connect(
            refuse_deleting_permanent_records,
            sender=Application,
            dispatch_uid="permits.keep_permanently",
        )
        for kind in documents.KINDS:
            casework_documents.register(kind)
        for role in HANDLER_ROLES:
            roles.grant(role, "permits.handle_application")
        for role in ENQUIRY_ROLES:
            roles.grant(role, "permits.answer_enquiry")
        for role in CATALOGUE_EDITORS:
            roles.grant(role, "permits.edit_catalogue")
        for role in STATISTICS_ROLES:
            roles.grant(role, "permits.view_statistics")
        for role in REGISTER_ROLES:
            roles.grant(role, "permits.manage_radiation")
        # Paper applications and supplements are scanned in at the window.
        roles.grant("service_staff", "casework.add_attachment")
        registry.register_target(
            selectors.APPLICATION_LABEL,
            verbose_name="政务服务办件",
            get_for_user=selectors.application_get_for_user,
            url=lambda obj: reverse("permits:application-detail", args=[obj.pk]),
        )
        registry.register_target(
            "permits.enquiry",
            verbose_name="政务服务咨询",
            get_for_user=selectors.enquiry_get_for_user,
            url=lambda obj: reverse("permits:enquiry-detail", args=[obj.pk]),
        )
        navigation.register(
            gettext_noop("政务服务"),
            "permits:application-list",
            order=20,
            visible=lambda user: (
                user.is_staff_member and user.has_perm("permits.handle_application")
            ),
        )
        portal.register_nav(gettext_noop("办事服务"), "permits:guide-list", order=10)
        portal.register_home_card(
            gettext_noop("办事服务"),
            "permits:guide-list",
            gettext_noop(
                "18项政务服务事项的办事指南（一次性告知），网上申请、进度查询与咨询。"
            ),
            order=10,
        )
        portal.register_my_section(
            gettext_noop("我的办件"),
            "permits:my-applications",
            gettext_noop("网上申请的草稿、办理进度、补正通知和证照文书下载。"),
            order=10,
        )
        portal.register_my_section(
            gettext_noop("我的咨询"),
            "permits:my-enquiries",
            gettext_noop("向窗口提出的咨询及答复。"),
            order=11,
        )
        sections.register_section(
            "政务服务办件",
            "permits/_enterprise_section.html",
            context_fn=selectors.enterprise_section_context,
            order=40,
        )
