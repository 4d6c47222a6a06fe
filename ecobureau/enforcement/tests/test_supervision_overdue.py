"""挂牌督办 overdue marking: the superior's deadline runs as a casework clock
(swept to due-soon/overdue by the shared job), the case page flags a listing
still open after its deadline, and the overdue list shows it only to those who
see the case; lifting stops the clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ecobureau.lib import dates
from ecobureau.lib.dates import SHANGHAI

from .. import selectors
from ..services import supervision

pytestmark = pytest.mark.django_db


# Thursday 26 November 2026: the deadline three days before is Monday the 23rd, a
# working day, so the written deadline is the clock's due day. A deadline on a
# weekend or holiday runs to the next working day (lib.workdays, 民法典第二百零三条)
# for the clock and the listing alike: see the weekend test below.
@time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=SHANGHAI), tick=False)
def test_overdue_listing_is_flagged_and_its_clock_stops_on_lifting(
    client, investigated, enforcement_head, district_b_officer, district_a_leader
):
    today = timezone.localdate()
    item = supervision.supervision_list(
        case=investigated,
        authority="辽宁省生态环境厅",
        reference="辽环督〔2026〕9号",
        listed_on=today - timedelta(days=20),
        deadline=today - timedelta(days=3),
        matter="超标排放案件查处",
        by=enforcement_head,
    )
    clock = supervision.supervision_clock(item)
    assert clock is not None and clock.amount == 17 and clock.unit == "days"
    assert dates.local_date(clock.due_at) == item.deadline
    assert item.overdue_days(today) == 3
    assert list(selectors.supervision_overdue(today)) == [item]
    # the page and the list flag it
    client.force_login(enforcement_head)
    page = client.get(reverse("enforcement:supervision", args=[investigated.pk]))
    assert "已逾期3日" in page.content.decode()
    listing = client.get(reverse("enforcement:supervision-overdue")).content.decode()
    assert "辽环督〔2026〕9号" in listing and "已逾期3日" in listing
    # a district-B clerk does not see district A's case on the list
    client.force_login(district_b_officer)
    response = client.get(reverse("enforcement:supervision-overdue"))
    assert "辽环督〔2026〕9号" not in response.content.decode()
    # lifted: no longer overdue, the clock stopped
    supervision.supervision_lift(
        supervision=item, lifted_on=today, note="已办结", by=district_a_leader
    )
    item.refresh_from_db()
    clock.refresh_from_db()
    assert item.overdue_days(today) == 0 and not clock.is_open
    assert not selectors.supervision_overdue(today).exists()


def test_listing_within_its_deadline_is_not_flagged(investigated, enforcement_head):
    today = timezone.localdate()
    item = supervision.supervision_list(
        case=investigated,
        authority="鞍山市人民政府",
        reference="鞍政督〔2026〕2号",
        listed_on=today,
        deadline=today,
        matter="信访案件查处",
        by=enforcement_head,
    )
    assert item.overdue_days(today) == 0
    assert item.overdue_days(today + timedelta(days=1)) == 1
    assert not selectors.supervision_overdue(today).exists()


def test_overdue_list_queries_do_not_grow_with_listings(
    client, investigated, enforcement_head, django_assert_max_num_queries
):
    today = timezone.localdate()

    def listing(n: int) -> None:
        supervision.supervision_list(
            case=investigated,
            authority="辽宁省生态环境厅",
            reference=f"辽环督〔2026〕{n}号",
            listed_on=today - timedelta(days=10),
            deadline=today - timedelta(days=1),
            matter="案件查处",
            by=enforcement_head,
        )

    url = reverse("enforcement:supervision-overdue")
    client.force_login(enforcement_head)
    listing(1)
    with django_assert_max_num_queries(12):
        first = client.get(url)
    for n in range(2, 7):
        listing(n)
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert first.status_code == page.status_code == 200
    assert page.content.decode().count("已逾期1日") == 6


# Tuesday 24 November 2026: a deadline on Saturday the 21st runs, like its clock,
# to Monday the 23rd (民法典第二百零三条), so the listing is 1 day overdue, not 3;
# on Monday the 23rd itself it is not overdue yet although the 21st has passed.
@time_machine.travel(datetime(2026, 11, 24, 10, tzinfo=SHANGHAI), tick=False)
def test_weekend_deadline_is_counted_from_the_next_working_day_as_the_clock(
    client, investigated, enforcement_head
):
    today = timezone.localdate()
    saturday = date(2026, 11, 21)
    assert saturday.weekday() == 5
    item = supervision.supervision_list(
        case=investigated,
        authority="辽宁省生态环境厅",
        reference="辽环督〔2026〕21号",
        listed_on=date(2026, 11, 1),
        deadline=saturday,
        matter="超标排放案件查处",
        by=enforcement_head,
    )
    clock = supervision.supervision_clock(item)
    assert clock is not None
    monday = date(2026, 11, 23)
    assert dates.local_date(clock.due_at) == monday
    assert selectors.supervision_due_on(item) == monday
    # the listing agrees with the clock
    assert selectors.supervision_overdue_days(item, today) == 1
    assert list(selectors.supervision_overdue(today)) == [item]
    assert not selectors.supervision_overdue(monday).exists()
    assert selectors.supervision_overdue_days(item, monday) == 0
    client.force_login(enforcement_head)
    listing = client.get(reverse("enforcement:supervision-overdue")).content.decode()
    assert "辽环督〔2026〕21号" in listing and "已逾期1日" in listing
    assert "逢休息日顺延至2026-11-23" in listing
    page = client.get(reverse("enforcement:supervision", args=[investigated.pk]))
    assert "已逾期1日" in page.content.decode()
