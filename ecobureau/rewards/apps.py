from django.apps import AppConfig
from django.utils.translation import gettext_noop

# Staff of a handling unit see the reports handed to them (masked identities);
# leaders see them to approve.
_VIEWERS = (
    "reward_handler",
    "bureau_leader",
    "enforcement_head",
    "enforcement_officer",
    "sub_bureau_head",
    "sub_bureau_staff",
    "section_head",
)


class RewardsConfig(AppConfig):
    name = "ecobureau.rewards"
    label = "rewards"
    verbose_name = "举报奖励"

    def ready(self) -> None:
        from django.urls import reverse

        from ecobureau.accounts import roles
        from ecobureau.casework import registry
        from ecobureau.core import navigation
        from ecobureau.portal import registry as portal

        from . import documents, selectors

        for role in _VIEWERS:
            roles.grant(role, "rewards.view_rewardreport")
        # 实施细则 第十一条: only those who accept, investigate and pay see the
        # reporter; here the reward handlers.
        roles.grant("reward_handler", "rewards.manage_reward", "rewards.view_identity")
        roles.grant(
            "system_admin", "rewards.view_rulesedition", "rewards.add_rulesedition"
        )
        navigation.register(
            gettext_noop("举报奖励"),
            "rewards:list",
            order=25,
            visible=lambda user: (
                user.is_staff_member and user.has_perm("rewards.view_rewardreport")
            ),
        )
        registry.register_target(
            "rewards.rewardreport",
            verbose_name="有奖举报",
            get_for_user=selectors.report_get_for_user,
            url=lambda obj: reverse("rewards:detail", args=[obj.pk]),
        )
        registry.register_target(
            "rewards.rewarddossier",
            verbose_name="有奖举报奖金核发管理档案",
            get_for_user=selectors.dossier_get_for_user,
            url=lambda obj: reverse("rewards:dossier", args=[obj.pk]),
        )
        documents.register_kinds()
        # 第六条第（九）项: the stop orders in force come from emergencies (above
        # rewards), which registers selectors.register_stop_order_lookup.
        portal.register_nav(
            gettext_noop("举报奖励公示"), "rewards:publications", order=25
        )
