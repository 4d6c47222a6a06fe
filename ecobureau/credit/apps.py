from django.apps import AppConfig
from django.utils.translation import gettext_noop

# Who may do what. Readers are further limited by their data scope (district,
# unit, city): a sub-bureau sees its own district's evaluations only.
_VIEWERS = (
    "bureau_leader",
    "section_head",
    "credit_staff",
    "enforcement_head",
    "enforcement_officer",
    "sub_bureau_head",
    "sub_bureau_staff",
)
# 综合执法队、各分局 pre-score (seed 000 其他行政权力 1).
_PRESCORERS = (
    "enforcement_head",
    "enforcement_officer",
    "sub_bureau_head",
    "sub_bureau_staff",
    "credit_staff",
)
# 综合协调科 (the credit section): scope, review, publication, objections, repair.
_MANAGERS = ("credit_staff",)


class CreditConfig(AppConfig):
    name = "ecobureau.credit"
    label = "credit"
    verbose_name = "企业环境信用评价"

    def ready(self) -> None:
        from django.urls import reverse

        from ecobureau.accounts import roles
        from ecobureau.casework import registry
        from ecobureau.core import navigation
        from ecobureau.enterprises import sections
        from ecobureau.grid import selectors as grid_selectors
        from ecobureau.portal import registry as portal

        from . import documents, selectors

        documents.register_all()
        # grid's class follows the credit grade (示例配置) through this lookup:
        # grid sits below credit and never imports it (docs/modules/credit.md).
        grid_selectors.register_credit_colour_lookup(selectors.colours_for)
        # and grid's positive-list review shows the grade and refuses a listing
        # the grade rules out (守信激励，失信惩戒).
        grid_selectors.register_credit_grade_lookup(selectors.grades_for)
        for role in _VIEWERS:
            roles.grant(role, "credit.view_evaluation")
        for role in _PRESCORERS:
            roles.grant(role, "credit.prescore_evaluation")
        for role in _MANAGERS:
            roles.grant(role, "credit.manage_evaluation")

        registry.register_target(
            "credit.evaluation",
            verbose_name="企业环境信用评价",
            get_for_user=selectors.evaluation_get_for_user,
            url=lambda obj: reverse("credit:evaluation", args=[obj.pk]),
        )
        navigation.register(
            gettext_noop("信用评价"),
            "credit:index",
            order=80,
            visible=lambda user: user.is_staff_member and selectors.may_view(user),
        )
        sections.register_section(
            "环境信用评价",
            "credit/_enterprise_section.html",
            context_fn=selectors.enterprise_section_context,
            order=70,
            visible=lambda user: user.is_staff_member and selectors.may_view(user),
        )
        portal.register_nav(gettext_noop("企业环境信用"), "credit:public", order=65)
        portal.register_my_section(
            gettext_noop("我的环境信用"),
            "credit:mine",
            gettext_noop(
                "查看本企业的信用评价结果及评分明细，提交信用承诺、异议和信用修复申请。"
            ),
            order=60,
            visible=lambda user: hasattr(user, "enterprise_account"),
        )
