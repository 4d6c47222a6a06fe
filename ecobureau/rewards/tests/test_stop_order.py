"""第六条第（九）项 (reward category 9): a report of a breach of a stop-production /
stop-discharge order after a 较大+ incident is linked to the order in force, read
from emergencies through `emergencies.selectors.stop_orders_in_force_for_user`
(registered lookup); the penalty step refuses category 9 without the link. The
handling team sees the link but never the reporter, and cannot link."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.core.models import Division, Record
from ecobureau.emergencies import links as emergency_links
from ecobureau.emergencies import services as emergency_services
from ecobureau.emergencies.models import Incident, StopOrder
from ecobureau.enterprises.models import Enterprise
from ecobureau.rewards import selectors, services
from ecobureau.rewards.models import RewardReport

from .conftest import register

pytestmark = pytest.mark.django_db
SECRETS = ("张建国", "210302198001011234", "13800000011", "6222000011112222")
NO_FACTS: dict[str, Any] = {
    "deaths": 0,
    "poisoned": 0,
    "evacuated": 0,
    "loss_10k_yuan": Decimal("0"),
    "water": "none",
    "boundary": "none",
    "ecology": "none",
}


@pytest.fixture
def duty_officer(bureau: Unit) -> User:
    """应急值守人员: registers incidents and issues stop orders (city scope)."""
    return UserFactory(
        username="duty",
        full_name="高值守",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["emergency_staff"],
    )


@pytest.fixture
def reward_handler(enforcement_section: Unit) -> User:
    """举报奖励经办人 with that role alone: it reads incidents, so the stop orders
    in force, within its own scope."""
    return UserFactory(
        username="reward-duty",
        full_name="许文",
        unit=enforcement_section,
        scope=User.Scope.CITY,
        role_codes=["reward_handler"],
    )


def order_after(
    duty_officer: User, enterprise: Enterprise, facts: dict[str, Any]
) -> StopOrder:
    incident = emergency_services.incident_register(
        by=duty_officer,
        district=enterprise.district,
        received_at=None,
        title="储罐泄漏",
        source=Incident.Source.MONITORING,
        source_ref="在线监测报警",
        place="铁东区某工业园",
        summary="储罐泄漏，COD超标。",
        enterprise=enterprise,
    )
    emergency_services.incident_grade(incident=incident, by=duty_officer, facts=facts)
    return emergency_links.stop_order_issue(
        incident=incident,
        by=duty_officer,
        kind="stop_production",
        basis="突发事件应对法",
        issuer="鞍山市生态环境局",
        measures="立即停产，停止排放",
    )


@pytest.fixture
def larger_order(duty_officer: User, enterprise_a: Enterprise) -> StopOrder:
    """A 较大 incident at A (3 deaths) and its stop-production order, in force."""
    return order_after(duty_officer, enterprise_a, {**NO_FACTS, "deaths": 3})


@pytest.fixture
def dispatched(reward_handler: User, team: Unit, enterprise_a: Enterprise) -> Any:
    report = register(reward_handler, party=enterprise_a.name)
    services.report_dispatch(report=report, unit=team, by=reward_handler)
    return report


def test_handler_links_an_order_in_force_and_category_9_needs_it(
    client: Client,
    reward_handler: User,
    team: Unit,
    team_officer: User,
    dispatched: RewardReport,
    larger_order: StopOrder,
    enterprise_a: Enterprise,
) -> None:
    # the penalty step refuses category 9 without a linked order
    services.report_survey(report=dispatched, note="仍在生产排污", by=team_officer)
    second = register(reward_handler, party="另一家企业")
    services.report_dispatch(report=second, unit=team, by=reward_handler)
    services.report_survey(report=second, note="查实", by=team_officer)
    with pytest.raises(ValidationError, match="第（九）项须先关联"):
        services.report_penalty(
            report=second,
            decided_on=date(2026, 1, 5),
            categories=[9],
            by=reward_handler,
        )

    # the handler sees the order in the form and links it
    client.force_login(reward_handler)
    detail = reverse("rewards:detail", args=[dispatched.pk])
    page = client.get(detail).content.decode()
    assert f"#{larger_order.pk} 责令停产：{enterprise_a.name}" in page
    refused = client.post(
        reverse("rewards:stop-order", args=[dispatched.pk]), {"stop_order": 999999}
    )
    assert refused.status_code == 400
    done = client.post(
        reverse("rewards:stop-order", args=[dispatched.pk]),
        {"stop_order": larger_order.pk},
    )
    assert done.status_code == 302
    dispatched.refresh_from_db()
    assert dispatched.stop_order_id == larger_order.pk
    assert "较大（Ⅲ级）" in dispatched.stop_order_text
    entry = Record.objects.get(action="rewards.report.link_stop_order")
    assert (entry.target_type, entry.target_id) == (
        "rewards.rewardreport",
        str(dispatched.pk),
    )
    assert str(larger_order.pk) in entry.payload and "张建国" not in entry.payload

    # now category 9 goes through, at the 3,000-yuan tier of 第七条
    services.report_penalty(
        report=dispatched,
        decided_on=date(2026, 1, 5),
        categories=[9],
        by=reward_handler,
    )
    assert services.award_for(dispatched).total == Decimal("3000")


def test_the_team_sees_the_link_never_the_reporter_and_cannot_link(
    client: Client,
    reward_handler: User,
    team_officer: User,
    dispatched: RewardReport,
    larger_order: StopOrder,
) -> None:
    services.report_link_stop_order(
        report=dispatched, stop_order_id=larger_order.pk, by=reward_handler
    )
    client.force_login(team_officer)
    page = client.get(reverse("rewards:detail", args=[dispatched.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "未执行的停产、停排令" in body and "较大（Ⅲ级）" in body
    for secret in SECRETS:
        assert secret not in body, secret
    assert "张**" in body
    assert reverse("rewards:stop-order", args=[dispatched.pk]) not in body
    forbidden = client.post(
        reverse("rewards:stop-order", args=[dispatched.pk]),
        {"stop_order": larger_order.pk},
    )
    assert forbidden.status_code == 403
    with pytest.raises(PermissionDenied):
        services.report_link_stop_order(
            report=dispatched, stop_order_id=larger_order.pk, by=team_officer
        )


def test_only_orders_in_force_after_a_larger_incident_in_the_handlers_scope(
    sub_bureau_b: Unit,
    district_b: Division,
    reward_handler: User,
    duty_officer: User,
    dispatched: RewardReport,
    larger_order: StopOrder,
    enterprise_a: Enterprise,
) -> None:
    # the handler's own role reads the order in force; one whose scope is another
    # district is offered none
    assert selectors.stop_orders_in_force_for_user(reward_handler) == [larger_order]
    other_district = UserFactory(
        username="reward-tiexi",
        full_name="韩立",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["reward_handler"],
    )
    assert selectors.stop_orders_in_force_for_user(other_district) == []
    with pytest.raises(ValidationError, match="不在您可查看"):
        services.report_link_stop_order(
            report=dispatched, stop_order_id=larger_order.pk, by=other_district
        )
    # an order after a 一般 incident is not category 9
    general = order_after(duty_officer, enterprise_a, NO_FACTS)
    with pytest.raises(ValidationError, match="较大、重大和特别重大"):
        services.report_link_stop_order(
            report=dispatched, stop_order_id=general.pk, by=reward_handler
        )
    # a lifted order is no longer in force
    emergency_links.stop_order_lift(order=larger_order, by=duty_officer, reason="达标")
    with pytest.raises(ValidationError, match="已解除"):
        services.report_link_stop_order(
            report=dispatched, stop_order_id=larger_order.pk, by=reward_handler
        )
    dispatched.refresh_from_db()
    assert dispatched.stop_order_id is None


def test_an_order_to_another_enterprise_needs_the_handlers_confirmation(
    client: Client,
    reward_handler: User,
    team: Unit,
    larger_order: StopOrder,
    enterprise_a: Enterprise,
) -> None:
    # the report names someone else: refused, with both names, the choice kept
    other = register(reward_handler, party="鞍山市华兴建材有限公司")
    services.report_dispatch(report=other, unit=team, by=reward_handler)
    with pytest.raises(ValidationError, match="名称不一致"):
        services.report_link_stop_order(
            report=other, stop_order_id=larger_order.pk, by=reward_handler
        )
    client.force_login(reward_handler)
    url = reverse("rewards:stop-order", args=[other.pk])
    refused = client.post(url, {"stop_order": larger_order.pk})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "鞍山市华兴建材有限公司" in body and enterprise_a.name in body
    assert f'value="{larger_order.pk}" selected' in body
    other.refresh_from_db()
    assert other.stop_order_id is None
    # confirmed as the same party (a former name): linked, the confirmation recorded
    done = client.post(
        url, {"stop_order": larger_order.pk, "same_party_confirmed": "on"}
    )
    assert done.status_code == 302
    other.refresh_from_db()
    assert other.stop_order_id == larger_order.pk
    entry = Record.objects.get(action="rewards.report.link_stop_order")
    assert '"same_party_confirmed":true' in entry.payload
    assert '"names_match":false' in entry.payload


def test_a_short_name_of_the_ordered_enterprise_needs_no_confirmation() -> None:
    from ecobureau.rewards.services.stop_orders import same_party

    assert same_party("华信精细化工", "鞍山市华信精细化工有限公司")
    assert same_party(
        "鞍山市 华信精细化工有限公司（二厂）", "鞍山市华信精细化工有限公司"
    )
    assert not same_party("华兴化工", "鞍山市华信精细化工有限公司")
    assert not same_party("", "鞍山市华信精细化工有限公司")


def test_the_link_is_in_the_list_the_export_and_the_approval_form(
    client: Client,
    reward_handler: User,
    team_officer: User,
    dispatched: RewardReport,
    larger_order: StopOrder,
) -> None:
    from ecobureau.rewards.services.procedure import context_for

    services.report_link_stop_order(
        report=dispatched, stop_order_id=larger_order.pk, by=reward_handler
    )
    dispatched.refresh_from_db()
    client.force_login(reward_handler)
    listed = client.get(reverse("rewards:list")).content.decode()
    assert "未执行停产、停排令" in listed
    exported = client.get(reverse("rewards:export"))
    rows = list(
        load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True)
    )
    column = rows[0].index("未执行的停产、停排令（第六条第（九）项）")
    (row,) = [r for r in rows if r[0] == dispatched.registration_no]
    assert row[column] == dispatched.stop_order_text
    services.report_survey(report=dispatched, note="仍在生产排污", by=team_officer)
    services.report_penalty(
        report=dispatched,
        decided_on=date(2026, 1, 5),
        categories=[9],
        by=reward_handler,
    )
    dispatched.refresh_from_db()
    form = context_for(dispatched, "reward_approval_form")
    assert form["categories"] == [
        f"第六条第（九）项（未执行：{dispatched.stop_order_text}）"
    ]
