from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.core.models import Record
from ecobureau.enterprises import selectors, services
from ecobureau.enterprises.models import PositiveListEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def enforcement_head(bureau):
    """执法队负责人: adjusts the positive list city-wide."""
    return UserFactory(
        username="team-head", unit=bureau, scope="city", role_codes=["enforcement_head"]
    )


def test_each_addition_and_removal_has_a_date_a_reason_and_a_record(
    enterprise_a, enforcement_head
) -> None:
    services.positive_list_add(
        enterprise=enterprise_a,
        reason="守法记录良好",
        by=enforcement_head,
        on=date(2024, 3, 1),
    )
    assert selectors.on_positive_list(enterprise_a)
    services.positive_list_remove(
        enterprise=enterprise_a,
        reason="出现超标",
        by=enforcement_head,
        on=date(2025, 6, 30),
    )
    services.positive_list_add(
        enterprise=enterprise_a,
        reason="整改完成，重新列入",
        by=enforcement_head,
        on=date(2026, 1, 5),
    )
    history = list(selectors.positive_list_history(enterprise_a))
    assert [(e.added_on, e.removed_on) for e in history] == [
        (date(2026, 1, 5), None),
        (date(2024, 3, 1), date(2025, 6, 30)),
    ]
    actions = list(
        Record.objects.filter(
            action__startswith="enterprise.positive_list"
        ).values_list("action", flat=True)
    )
    assert actions == [
        "enterprise.positive_list_add",
        "enterprise.positive_list_remove",
        "enterprise.positive_list_add",
    ]
    assert selectors.positive_list_changes_by_year(enforcement_head) == [
        (2024, 1, 0),
        (2025, 0, 1),
        (2026, 1, 0),
    ]


def test_refusals(enterprise_a, enforcement_head, district_a_leader) -> None:
    with pytest.raises(ValidationError, match="理由"):
        services.positive_list_add(
            enterprise=enterprise_a, reason=" ", by=enforcement_head
        )
    with pytest.raises(PermissionDenied):
        services.positive_list_add(
            enterprise=enterprise_a, reason="x", by=district_a_leader
        )
    with pytest.raises(ValidationError, match="不在正面清单"):
        services.positive_list_remove(
            enterprise=enterprise_a, reason="x", by=enforcement_head
        )
    services.positive_list_add(enterprise=enterprise_a, reason="x", by=enforcement_head)
    with pytest.raises(ValidationError, match="已在正面清单"):
        services.positive_list_add(
            enterprise=enterprise_a, reason="y", by=enforcement_head
        )
    assert PositiveListEntry.objects.count() == 1


def test_the_list_page_shows_only_the_scope(
    client, enterprise_a, enterprise_b, enforcement_head, district_b_officer
) -> None:
    for enterprise in (enterprise_a, enterprise_b):
        services.positive_list_add(
            enterprise=enterprise, reason="守法良好", by=enforcement_head
        )
    client.force_login(district_b_officer)
    page = client.get(reverse("enterprises:positive_list")).content.decode()
    assert enterprise_b.name in page and enterprise_a.name not in page


def test_the_enterprise_page_adjusts_the_list(
    client, enterprise_a, enforcement_head, district_a_leader
) -> None:
    client.force_login(enforcement_head)
    url = reverse("enterprises:positive_list_change", args=[enterprise_a.pk])
    client.post(url, {"action": "add", "reason": "在线监测稳定达标"})
    assert selectors.on_positive_list(enterprise_a)
    detail = client.get(
        reverse("enterprises:detail", args=[enterprise_a.pk])
    ).content.decode()
    assert "在正面清单中" in detail and "在线监测稳定达标" in detail
    client.force_login(district_a_leader)
    assert (
        "移出正面清单"
        not in client.get(
            reverse("enterprises:detail", args=[enterprise_a.pk])
        ).content.decode()
    )
    client.post(url, {"action": "remove", "reason": "越权"})
    assert selectors.on_positive_list(enterprise_a)
