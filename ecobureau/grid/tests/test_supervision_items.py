"""The level above supervises the levels below (督办): three speeds with their
follow-up intervals (seed 002 六(二)8), findings and accountability recorded
against the cell (四(五)2), follow-ups reminded once per due date."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.grid import selectors, services
from ecobureau.grid.models import SupervisionItem
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db
MONDAY = "2026-11-23 10:00 +0800"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def item(cells, district_a_leader):
    return services.supervision_item_open(
        cell=cells["210302001"],
        speed=SupervisionItem.Speed.URGENT,
        matter="秸秆焚烧火点未及时处置",
        finding="11月20日卫星火点，街道未按时上报",
        by=district_a_leader,
    )


def test_each_speed_has_its_follow_up_interval(cells, district_a_leader, item):
    assert item.upper_cell == cells["210302"]
    assert item.next_follow_up_on == date(2026, 11, 24)  # urgent: next day
    ordinary = services.supervision_item_open(
        cell=cells["210302002"],
        speed=SupervisionItem.Speed.ORDINARY,
        matter="网格员不足2人",
        finding="",
        by=district_a_leader,
    )
    important = services.supervision_item_open(
        cell=cells["210302002"],
        speed=SupervisionItem.Speed.IMPORTANT,
        matter="饮用水源地整治",
        finding="",
        follow_up_days=14,
        by=district_a_leader,
    )
    assert ordinary.next_follow_up_on == date(2026, 12, 23)
    assert important.next_follow_up_on == date(2026, 12, 7)
    entry = Record.objects.get(action="grid.supervision_open", target_id=str(item.pk))
    assert '"urgent"' in entry.payload


def test_only_a_level_above_supervises(cells, township_official, city_leader):
    # The township cannot supervise itself.
    with pytest.raises(PermissionDenied, match="上级网格"):
        services.supervision_item_open(
            cell=cells["210302001"],
            speed="urgent",
            matter="x",
            finding="",
            by=township_official,
        )
    # The city supervises the district, and a township as the city.
    for code in ("210302", "210302001"):
        made = services.supervision_item_open(
            cell=cells[code],
            speed="ordinary",
            matter="联席会议未按期召开",
            finding="",
            by=city_leader,
        )
        assert made.upper_cell == cells["210300"]
    with pytest.raises(PermissionDenied, match="上级网格"):
        services.supervision_item_open(
            cell=cells["210300"],
            speed="ordinary",
            matter="x",
            finding="",
            by=city_leader,
        )


def test_bad_input_is_refused(cells, district_a_leader):
    with pytest.raises(ValidationError, match="督办类别"):
        services.supervision_item_open(
            cell=cells["210302001"],
            speed="fast",
            matter="x",
            finding="",
            by=district_a_leader,
        )
    with pytest.raises(ValidationError, match="督办事项"):
        services.supervision_item_open(
            cell=cells["210302001"],
            speed="urgent",
            matter="  ",
            finding="",
            by=district_a_leader,
        )
    assert not SupervisionItem.objects.exists()


def test_follow_up_moves_the_date_and_close_records_accountability(
    item, district_a_leader
):
    services.supervision_item_follow_up(
        item=item,
        on=date(2026, 11, 23),
        note="街道已组织扑灭并上报",
        by=district_a_leader,
    )
    item.refresh_from_db()
    assert item.next_follow_up_on == date(2026, 11, 24)
    assert item.follow_ups.count() == 1
    with pytest.raises(ValidationError, match="晚于今天"):
        services.supervision_item_follow_up(
            item=item, on=date(2026, 11, 30), note="x", by=district_a_leader
        )
    services.supervision_item_close(
        item=item,
        result="火点已处置，建立24小时值守",
        accountability="区纪委对街道分管负责人诫勉谈话（区纪发〔2026〕8号）",
        by=district_a_leader,
    )
    item.refresh_from_db()
    assert (
        item.status == SupervisionItem.Status.CLOSED
        and "诫勉谈话" in item.accountability
    )
    entry = Record.objects.get(action="grid.supervision_close")
    assert '"open"' in entry.payload and '"closed"' in entry.payload
    with pytest.raises(ValidationError, match="已办结"):
        services.supervision_item_close(
            item=item, result="again", accountability="", by=district_a_leader
        )


def test_the_supervised_township_sees_it_the_neighbour_does_not(
    client, item, township_official, grid_officer_a2, district_b_officer
):
    from ecobureau.accounts.tests.factories import role

    assert list(selectors.supervision_item_list_for_user(township_official)) == [item]
    grid_officer_a2.roles.add(role("township_official"))
    assert not selectors.supervision_item_list_for_user(grid_officer_a2).exists()
    client.force_login(grid_officer_a2)
    page = client.get(reverse("grid:supervision-detail", args=[item.pk]))
    assert page.status_code == 404
    # The supervised township cannot follow up on its own item.
    with pytest.raises(PermissionDenied):
        services.supervision_item_follow_up(
            item=item, on=date(2026, 11, 23), note="x", by=township_official
        )


def test_follow_ups_are_reminded_once_per_due_date(item, district_a_leader):
    assert services.supervision_items_remind(today=date(2026, 11, 23)) == 0
    assert services.supervision_items_remind(today=date(2026, 11, 24)) == 1
    assert services.supervision_items_remind(today=date(2026, 11, 24)) == 0
    assert (
        Notification.objects.filter(
            recipient=district_a_leader, title__contains="督办事项应跟进"
        ).count()
        == 1
    )
    with time_machine.travel("2026-11-25 08:00 +0800", tick=False):
        services.supervision_item_follow_up(
            item=item, on=date(2026, 11, 25), note="仍在处置", by=district_a_leader
        )
        call_command("remind_supervision")  # next due 11-26: nothing yet
    assert services.supervision_items_remind(today=date(2026, 11, 26)) == 1


def test_the_pages_work(client, cells, district_a_leader, township_official):
    client.force_login(district_a_leader)
    cell = cells["210302001"]
    response = client.post(
        reverse("grid:supervision-new", args=[cell.pk]),
        {"speed": "important", "matter": "农村环境综合整治进度滞后", "finding": ""},
    )
    item = SupervisionItem.objects.get()
    assert response["Location"] == reverse("grid:supervision-detail", args=[item.pk])
    response = client.post(
        reverse("grid:supervision-detail", args=[item.pk]),
        {"form": "follow", "on": "2026-11-23", "note": ""},
    )
    assert response.status_code == 400 and "必填" in response.content.decode()
    response = client.post(
        reverse("grid:supervision-detail", args=[item.pk]),
        {"form": "close", "result": "已整改到位", "accountability": ""},
    )
    assert response.status_code == 302
    client.force_login(township_official)
    body = client.get(reverse("grid:cell-detail", args=[cell.pk])).content.decode()
    assert "农村环境综合整治进度滞后" in body
    body = client.get(reverse("grid:supervision-list")).content.decode()
    assert "农村环境综合整治进度滞后" in body and "已办结" in body


def test_a_follow_up_is_not_dated_before_the_local_day_of_the_item(
    cells, district_a_leader
):
    # Opened at 07:30 in Shanghai on 11-24, which is still 11-23 in UTC: the item's
    # day is the 24th, so a follow-up dated the 23rd is refused.
    with time_machine.travel("2026-11-24 07:30 +0800", tick=False):
        early = services.supervision_item_open(
            cell=cells["210302001"],
            speed=SupervisionItem.Speed.URGENT,
            matter="夜间施工噪声投诉未回复",
            finding="",
            by=district_a_leader,
        )
        with pytest.raises(ValidationError, match="跟进日期不能早于督办日期"):
            services.supervision_item_follow_up(
                item=early, on=date(2026, 11, 23), note="x", by=district_a_leader
            )
        services.supervision_item_follow_up(
            item=early, on=date(2026, 11, 24), note="已回复", by=district_a_leader
        )
