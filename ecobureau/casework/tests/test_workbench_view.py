import pytest
from django.urls import reverse

from ecobureau.casework import services
from ecobureau.casework.models import WorkItem

from .test_clocks import start

pytestmark = pytest.mark.django_db


def test_my_workbench_lists_my_items_and_my_units_unassigned_ones(
    client, items, district_a_officer
) -> None:
    client.force_login(district_a_officer)
    page = client.get(reverse("casework:workbench")).content.decode()
    assert "张科员的事项" in page and "分局待分派事项" in page
    assert "赵科员的事项" not in page
    # the overdue item comes first
    assert page.index("张科员的事项") < page.index("分局待分派事项")


def test_another_district_sees_none_of_it(client, items, district_b_officer) -> None:
    client.force_login(district_b_officer)
    for view in ("mine", "scope"):
        page = client.get(
            reverse("casework:workbench"), {"view": view}
        ).content.decode()
        assert "A区" not in page


def test_a_district_leader_sees_everything_open_in_the_district(
    client, items, district_a_leader
) -> None:
    client.force_login(district_a_leader)
    response = client.get(reverse("casework:workbench"), {"view": "scope"})
    page = response.content.decode()
    assert "张科员的事项" in page and "分局待分派事项" in page and "B区" not in page
    assert response.context["page"].total == 2 and response.context["page"].overdue == 1


def test_closed_items_leave_the_workbench(
    client, items, enterprise_b, district_b_officer
) -> None:
    services.workitem_close(target=enterprise_b)
    client.force_login(district_b_officer)
    assert (
        "赵科员的事项" not in client.get(reverse("casework:workbench")).content.decode()
    )
    assert WorkItem.objects.filter(state=WorkItem.State.DONE).count() == 1


def test_query_count_does_not_grow_with_items(
    client, items, enterprise_a, district_a_leader, django_assert_max_num_queries
) -> None:
    client.force_login(district_a_leader)
    client.get(reverse("casework:workbench"), {"view": "scope"})  # warm the session
    with django_assert_max_num_queries(12) as before:
        client.get(reverse("casework:workbench"), {"view": "scope"})
    for n in range(30):
        services.workitem_open(
            kind="t",
            target=enterprise_a,
            title=f"更多事项{n}",
            district=enterprise_a.district,
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(reverse("casework:workbench"), {"view": "scope"})


def test_following_an_item_to_an_object_outside_scope_is_refused(
    client, items, enterprise_b, district_a_officer
) -> None:
    client.force_login(district_a_officer)
    response = client.get(
        reverse(
            "casework:target-open", args=["enterprises.enterprise", enterprise_b.pk]
        )
    )
    assert response.status_code == 404


def test_the_clock_page_explains_the_deadline_to_those_who_may_see_it(
    client, items, district_a_officer, district_b_officer
) -> None:
    clock_id = items[0].clock_id
    client.force_login(district_a_officer)
    page = client.get(
        reverse("casework:clock-detail", args=[clock_id])
    ).content.decode()
    assert "为什么是这个期限" in page and "小时" in page
    client.force_login(district_b_officer)
    assert (
        client.get(reverse("casework:clock-detail", args=[clock_id])).status_code == 404
    )


def test_the_tally_kept_by_triggers_matches_a_recount(
    items, enterprise_a, district_a, district_a_leader, city_leader
) -> None:
    from django.db.models import Count

    from ecobureau.casework import selectors
    from ecobureau.casework.models import WorkItemTally

    # every write path: open, bulk urgency change (the sweep), close, reassign district, delete
    extra = services.workitem_open(
        kind="t", target=enterprise_a, title="再一件", district=district_a
    )
    WorkItem.objects.filter(pk=extra.pk).update(urgency=WorkItem.Urgency.DUE_SOON)
    services.workitem_close(target=enterprise_a, step="")
    WorkItem.objects.filter(title__startswith="B区").update(district=district_a)
    WorkItem.objects.filter(title__startswith="B区").delete()
    recount = {
        (row["district"] or 0, row["urgency"]): row["n"]
        for row in WorkItem.objects.filter(state="open")
        .values("district", "urgency")
        .annotate(n=Count("*"))
    }
    tally = {
        (t.district_key, t.urgency): t.n for t in WorkItemTally.objects.all() if t.n
    }
    assert tally == recount
    for user in (district_a_leader, city_leader):
        page = selectors.workbench_page(user, view="scope")
        assert page.total == len(selectors.workitem_list_for_user(user, view="scope"))


def test_the_provisional_deadlines_page_is_for_the_calendar_administrator(
    client, city_leader, district_a_officer, enterprise_a
) -> None:
    start(enterprise_a, amount=15, unit="workdays", started="2026-12-20T10:00")
    client.force_login(district_a_officer)
    assert client.get(reverse("casework:provisional-list")).status_code == 403
    client.force_login(city_leader)  # holds system_admin
    page = client.get(reverse("casework:provisional-list")).content.decode()
    assert "2027-01-11" in page
