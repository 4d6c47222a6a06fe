"""The case list: scoped, paginated, and a fixed number of queries whatever the
number of cases (no N+1)."""

from __future__ import annotations

from django.urls import reverse

from .. import services
from ..models import EnforcementCase


def _open(enterprise, officers, by, n):
    for k in range(n):
        services.case_open(
            enterprise=enterprise,
            source=EnforcementCase.Source.TRANSFER,
            reference=f"辽环执法〔2026〕{k}号",
            start_reason="交办",
            facts="事实",
            officers=officers,
            by=by,
        )


def test_case_list_queries_do_not_grow(
    client, enterprise_a, officers, enforcement_head, django_assert_num_queries
):
    _open(enterprise_a, officers, enforcement_head, 1)
    client.force_login(enforcement_head)
    url = reverse("enforcement:case-list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _open(enterprise_a, officers, enforcement_head, 4)
    with django_assert_num_queries(len(one)):
        response = client.get(url)
    assert response.content.decode().count('data-testid="case-row"') == 5


def test_case_list_shows_only_own_cases_to_an_officer(
    client, enterprise_a, officers, other_officer, enforcement_head, district_b_officer
):
    _open(enterprise_a, officers, enforcement_head, 2)
    url = reverse("enforcement:case-list")
    client.force_login(officers[0])
    assert client.get(url).content.decode().count('data-testid="case-row"') == 2
    client.force_login(other_officer)
    assert 'data-testid="case-row"' not in client.get(url).content.decode()
    client.force_login(district_b_officer)
    assert client.get(url).status_code == 404
