from django.apps import AppConfig
from django.utils.translation import gettext_noop

# Who opens the leadership view: the heads (each within their data scope).
VIEW_ROLES = (
    "bureau_leader",
    "section_head",
    "enforcement_head",
    "sub_bureau_head",
    "system_admin",
)
# Who confirms and publishes the unit assessment (city scope is also required).
CONFIRM_ROLES = ("bureau_leader", "system_admin")
# Who records supervision findings of the member units (局考核办 / 督查; a city
# scope is also required).
FINDING_ROLES = ("bureau_leader", "section_head", "system_admin")


class LeadershipConfig(AppConfig):
    """The leadership view and unit assessment (领导驾驶舱 / 考核, issue 15 items 6–7):
    figures per level read from the other modules' selectors, each drilling down."""

    name = "ecobureau.leadership"
    label = "leadership"
    verbose_name = "领导视图与考核"

    def ready(self) -> None:
        from ecobureau.accounts import roles
        from ecobureau.core import navigation

        for role in VIEW_ROLES:
            roles.grant(role, "leadership.view_leadership")
        for role in CONFIRM_ROLES:
            roles.grant(
                role,
                "leadership.view_leadership",
                "leadership.confirm_assessment",
                "leadership.publish_assessment",
            )
        for role in FINDING_ROLES:
            roles.grant(role, "leadership.record_finding")
        navigation.register(
            gettext_noop("领导视图"),
            "leadership:home",
            order=5,
            visible=lambda user: (
                user.is_staff_member and user.has_perm("leadership.view_leadership")
            ),
        )
