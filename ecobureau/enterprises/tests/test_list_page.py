"""The list page: filters, htmx partial, pagination, and a query count that does not
grow with the number of enterprises."""

import pytest
from django.urls import reverse

from ecobureau.enterprises.models import Enterprise
from ecobureau.enterprises.tests.factories import EnterpriseFactory, make_credit_code

# Session, user, the user's permissions (two), the user's scope division, the
# count, unread messages, the user's unit (top bar), the filter form's districts
# and townships, and the page of rows.
LIST_QUERIES = 11


def _many(n: int, district, township, unit) -> None:
    Enterprise.objects.bulk_create(
        Enterprise(
            credit_code=make_credit_code(5000 + i),
            name=f"鞍山市批量企业{i:03d}有限公司",
            address="鞍山市示例路",
            district=district,
            township=township,
            supervising_unit=unit,
        )
        for i in range(n)
    )


@pytest.mark.parametrize("count", [3, 120])
def test_query_count_does_not_grow_with_rows(
    client,
    django_assert_num_queries,
    district_a_leader,
    district_a,
    township_a1,
    sub_bureau_a,
    count,
):
    _many(count, district_a, township_a1, sub_bureau_a)
    client.force_login(district_a_leader)
    client.get(reverse("enterprises:list"))  # the session's idle clock is written once

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("enterprises:list"), {"page": 2})

    assert response.status_code == 200
    assert response.context["page"].paginator.count == count


def test_pages_are_ordered_by_name_without_overlap(
    client, district_a_leader, district_a, township_a1, sub_bureau_a
):
    _many(120, district_a, township_a1, sub_bureau_a)
    client.force_login(district_a_leader)

    seen = []
    for number in (1, 2, 3):
        page = client.get(reverse("enterprises:list"), {"page": number}).context["page"]
        seen += [e.name for e in page.object_list]

    assert seen == sorted(seen)
    assert len(seen) == len(set(seen)) == 120


def test_htmx_request_gets_only_the_table(client, district_a_leader, enterprise_a):
    client.force_login(district_a_leader)

    response = client.get(
        reverse("enterprises:list"), {"q": "华信"}, HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="enterprise-table">')
    assert enterprise_a.name in page
    assert "<html" not in page


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"q": "华信"}, ["a"]),
        ({"q": "912103000000000"}, ["a", "b"]),
        ({"q": "兴达"}, ["b"]),
        ({"key_source": "any"}, ["a"]),
        ({"key_source": "none"}, ["b"]),
        ({"key_source": "national"}, []),
        ({"status": "operating"}, ["a", "b"]),
        ({"status": "closed"}, []),
        ({"industry": "26"}, ["a"]),
        ({"industry": "化工"}, ["a"]),
    ],
)
def test_filters(client, city_leader, enterprise_a, enterprise_b, params, expected):
    enterprise_a.industry_code, enterprise_a.industry_name = "2614", "有机化工原料制造"
    enterprise_a.save()
    by_key = {"a": enterprise_a.pk, "b": enterprise_b.pk}
    client.force_login(city_leader)

    response = client.get(reverse("enterprises:list"), params)

    found = {e.pk for e in response.context["page"].object_list}
    assert found == {by_key[k] for k in expected}


def test_district_and_township_filters(
    client,
    city_leader,
    enterprise_a,
    enterprise_b,
    district_b,
    township_a1,
    township_a2,
):
    client.force_login(city_leader)
    url = reverse("enterprises:list")

    by_district = client.get(url, {"district": district_b.pk}).context["page"]
    by_township = client.get(url, {"township": township_a2.pk}).context["page"]

    assert [e.pk for e in by_district.object_list] == [enterprise_b.pk]
    assert list(by_township.object_list) == []


def test_out_of_scope_district_filter_is_refused(
    client, district_a_officer, district_b, enterprise_a
):
    client.force_login(district_a_officer)

    response = client.get(reverse("enterprises:list"), {"district": district_b.pk})

    # The invalid choice is shown and ignored; the scope still holds.
    assert "选择一个有效的选项" in response.content.decode()
    assert [e.pk for e in response.context["page"].object_list] == [enterprise_a.pk]


def test_many_enterprises_are_not_listed_beyond_the_page(
    client, city_leader, district_a, township_a1, sub_bureau_a
):
    _many(60, district_a, township_a1, sub_bureau_a)
    EnterpriseFactory(district=district_a)
    client.force_login(city_leader)

    response = client.get(reverse("enterprises:list"))

    assert len(response.context["page"].object_list) == 50
    assert "第 1 / 2 页" in response.content.decode()


def test_township_filter_offers_the_chosen_districts_townships(
    client, city_leader, township_a1, township_a2, district_a, district_b
):
    client.force_login(city_leader)

    for_a = client.get(
        reverse("enterprises:township_options"), {"district": district_a.pk}
    )
    for_b = client.get(
        reverse("enterprises:township_options"), {"district": district_b.pk}
    )
    whole_page = client.get(reverse("enterprises:list"))

    assert for_a.content.decode().lstrip().startswith("<select")
    assert "站前街道" in for_a.content.decode() and "解放街道" in for_a.content.decode()
    assert "站前街道" not in for_b.content.decode()
    # A city-wide user picks a district first; the list of every township is not sent.
    assert "站前街道" not in whole_page.content.decode()


def test_an_enterprise_without_a_supervising_unit_is_listed(
    client, district_a_leader, district_a, township_a1
):
    # Found by the working-day load test (bench/load_day.py): the unit's name as a
    # filter argument raised when there was no unit, and the page answered 500.
    _many(1, district_a, township_a1, None)
    client.force_login(district_a_leader)

    response = client.get(reverse("enterprises:list"))

    assert response.status_code == 200
    assert "鞍山市批量企业000有限公司" in response.content.decode()
