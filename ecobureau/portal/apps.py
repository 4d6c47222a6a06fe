from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Who handles public participation (seed 000 与群众互动 6, 责任部门: 局办公室 leading,
# the sections and sub-bureaus assisting). Replies are reviewed by a head.
_ANSWERERS = ("section_head", "section_staff", "sub_bureau_head", "sub_bureau_staff")
_REVIEWERS = ("bureau_leader", "section_head")
_CONSULTATION_MANAGERS = ("bureau_leader", "section_head", "section_staff")


class PortalConfig(AppConfig):
    name = "ecobureau.portal"
    label = "portal"
    verbose_name = _("门户网站")

    def ready(self) -> None:
        from ecobureau.accounts import roles
        from ecobureau.core import navigation

        from . import registry, selectors

        for role in _ANSWERERS:
            roles.grant(role, "portal.answer_letter")
        for role in _REVIEWERS:
            roles.grant(role, "portal.review_letter")
        for role in _CONSULTATION_MANAGERS:
            roles.grant(role, "portal.manage_consultation")
            # 与群众互动 9: 局办公室 leads the publicity work.
            roles.grant(role, "portal.manage_publicity")
            # seed 003 (十八): the bureau's offices keep and publish the work lists.
            roles.grant(role, "portal.manage_work_lists")
        # Marked for translation; the portal translates them when it renders.
        registry.register_nav(gettext_noop("信息公开"), "portal:disclosure", order=50)
        registry.register_nav(
            gettext_noop("互动交流"), "portal:participation", order=55
        )
        registry.register_home_card(
            gettext_noop("信息公开目录"),
            "portal:disclosure",
            gettext_noop(
                "重点排污单位、行政处罚、执法人员名录、双随机抽查结果等主动公开信息"
            ),
            order=50,
        )
        registry.register_home_card(
            gettext_noop("互动交流"),
            "portal:participation",
            gettext_noop("意见征集、局长信箱、政策咨询"),
            order=55,
        )
        registry.register_nav(
            gettext_noop("宣传工作计划"), "portal:publicity", order=57
        )
        registry.register_my_section(
            gettext_noop("我的来信"),
            "portal:my-letters",
            gettext_noop("局长信箱、政策咨询：查看答复并评价"),
            order=60,
        )
        navigation.register(
            gettext_noop("互动交流办理"),
            "portal:staff",
            order=90,
            visible=selectors.may_handle,
        )
        navigation.register(
            gettext_noop("工作清单（黑名单等）"),
            "portal:staff-work-lists",
            order=92,
            visible=selectors.may_manage_work_lists,
        )
        navigation.register(
            gettext_noop("全年宣传工作计划"),
            "portal:staff-publicity",
            order=91,
            visible=selectors.may_manage_publicity,
        )
