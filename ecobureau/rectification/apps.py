from django.apps import AppConfig
from django.utils.translation import gettext_noop

# Who may do what. Readers are further limited by their data scope: a responsible
# unit sees its own items, a district its district, the city all (selectors.py).
_VIEWERS = (
    "bureau_leader",
    "section_head",
    "section_staff",
    "sub_bureau_head",
    "sub_bureau_staff",
    "department_handler",
    "township_official",
)
# The city rectification office (市督改办) sits in the bureau.
_OFFICE = ("bureau_leader", "section_head", "section_staff")
_HANDLERS = (
    "section_staff",
    "sub_bureau_head",
    "sub_bureau_staff",
    "department_handler",
    "township_official",
)
_ACCEPTORS = ("sub_bureau_head", "township_official", "bureau_leader", "section_head")
_REVIEWERS = ("bureau_leader", "section_head")
_IDENTITY = ("bureau_leader", "section_head", "sub_bureau_head")


class RectificationConfig(AppConfig):
    name = "ecobureau.rectification"
    label = "rectification"
    verbose_name = "督察整改"

    def ready(self) -> None:
        from django.urls import reverse

        from ecobureau.accounts import roles
        from ecobureau.casework import documents as casework_documents
        from ecobureau.casework import registry
        from ecobureau.core import navigation, schedule

        from . import documents, rules, selectors

        rules.register_all()
        for kind in documents.KINDS:
            casework_documents.register(kind)

        for role in _VIEWERS:
            roles.grant(
                role,
                "rectification.view_rectificationtask",
                "rectification.view_petitioncase",
            )
        for role in _OFFICE:
            roles.grant(role, "rectification.manage_ledger")
        for role in _HANDLERS:
            roles.grant(role, "rectification.handle_rectification")
        for role in _ACCEPTORS:
            roles.grant(role, "rectification.accept_rectification")
        for role in _REVIEWERS:
            roles.grant(role, "rectification.review_rectification")
        for role in _IDENTITY:
            roles.grant(role, "rectification.view_complainant")

        registry.register_target(
            "rectification.rectificationtask",
            verbose_name="整改任务",
            get_for_user=selectors.task_get_for_user,
            url=lambda obj: reverse("rectification:task-detail", args=[obj.pk]),
        )
        registry.register_target(
            "rectification.petitioncase",
            verbose_name="督察转办信访案件",
            get_for_user=selectors.case_get_for_user,
            url=lambda obj: reverse("rectification:case-detail", args=[obj.pk]),
        )
        navigation.register(
            gettext_noop("督察整改"),
            "rectification:index",
            order=75,
            visible=lambda user: (
                user.is_staff_member
                and user.has_perm("rectification.view_rectificationtask")
            ),
        )
        schedule.register(
            schedule.Job(
                "check_rectification",
                "0 7 * * *",
                "check_rectification",
                (),
                "标记超期未完成的督察整改任务和信访案件（待下发督办函）及存在完成风险的事项（预警）",
            )
        )
        schedule.register(
            schedule.Job(
                "draw_rectification_revisits",
                "15 7 1 * *",
                "draw_rectification_revisits",
                (),
                "每月1日抽取10%已销号的督察转办信访案件进行复查回访",
            )
        )
