"""List pages read a fixed number of queries however many rows they show."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecobureau.engagement import services
from ecobureau.engagement.models import Demand, Supervisor
from ecobureau.enterprises.tests.factories import make_credit_code

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add(enterprise_user_a, enterprise_a, eia_officer, eia_head, team_head, n, start):
    for i in range(start, start + n):
        services.demand_file(
            by=enterprise_user_a,
            enterprise=enterprise_a,
            title=f"诉求{i}",
            content="内容",
            category=Demand.Category.OTHER,
        )
        unit = services.eia_unit_register(
            by=eia_officer, name=f"单位{i}", credit_code=make_credit_code(800 + i)
        )
        record = services.conduct_register(
            by=eia_officer,
            unit=unit,
            kind="failed_review",
            occurred_on=date(2026, 1, 5),
            facts="x",
        )
        services.conduct_decide(record=record, by=eia_head, reason="属实", points=2)
        services.conduct_publish(record=record, by=eia_head, public_summary="通报")
        services.supervisor_appoint(
            by=team_head,
            group=Supervisor.Group.BUSINESS,
            name=f"监督员{i}",
            source=Supervisor.Source.ENTERPRISE,
            appointed_on=date(2026, 1, 1),
        )


def test_list_queries_do_not_grow(
    client,
    city_leader,
    enterprise_user_a,
    enterprise_a,
    eia_officer,
    eia_head,
    team_head,
):
    people = (enterprise_user_a, enterprise_a, eia_officer, eia_head, team_head)
    _add(*people, 2, 0)
    pages = {
        city_leader: [reverse("engagement:index"), reverse("engagement:satisfaction")],
        eia_officer: [reverse("engagement:eia-list")],
        team_head: [reverse("engagement:supervisor-list")],
        enterprise_user_a: [reverse("engagement:my-demands")],
    }
    before = {}
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            before[url] = _count(client, url)
    client.logout()
    public = reverse("engagement:eia-public")
    before[public] = _count(client, public)
    _add(*people, 8, 2)
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            assert _count(client, url) == before[url], url
    client.logout()
    assert _count(client, public) == before[public]
