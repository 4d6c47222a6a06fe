"""Reception day (A67): the week rule, planning, bookings, the talk with a follow-up
demand, the record of the day; who may do what."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from ecobureau.engagement import reception_dates, selectors, services
from ecobureau.engagement.models import Demand, ReceptionBooking
from ecobureau.lib.dates import SHANGHAI


def test_second_week_tuesday_is_not_always_the_second_tuesday():
    # January 2027 starts on a Friday: the week holding the 1st is week one, so
    # the second week's Tuesday is the 5th — the month's FIRST Tuesday.
    assert reception_dates.reception_day(2027, 1, "calendar") == date(2027, 1, 5)
    assert reception_dates.reception_day(2027, 1, "full") == date(2027, 1, 12)
    assert reception_dates.reception_day(2027, 1, "second_tuesday") == date(2027, 1, 12)
    # December 2026 starts on a Tuesday: calendar and second Tuesday agree.
    assert reception_dates.reception_day(2026, 12, "calendar") == date(2026, 12, 8)
    assert reception_dates.reception_day(2026, 12, "full") == date(2026, 12, 15)
    for month in range(1, 13):
        day = reception_dates.reception_day(2027, month, "calendar")
        assert day.weekday() == 1 and day.month == month
    assert reception_dates.next_reception_day(date(2027, 1, 6), "calendar") == date(
        2027, 2, 9
    )


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_planning_follows_the_rule_setting(coordinator):
    with pytest.raises(ValidationError, match="2026-12-08"):
        services.reception_day_plan(
            by=coordinator, held_on=date(2026, 12, 15), agenda="议程"
        )
    with override_settings(ENGAGEMENT_RECEPTION_WEEK_RULE="full"):
        day = services.reception_day_plan(
            by=coordinator, held_on=date(2026, 12, 15), agenda="排污许可答疑"
        )
    assert day.held_on == date(2026, 12, 15)
    with (
        pytest.raises(ValidationError, match="已安排"),
        override_settings(ENGAGEMENT_RECEPTION_WEEK_RULE="full"),
    ):
        services.reception_day_plan(
            by=coordinator, held_on=date(2026, 12, 15), agenda="x"
        )


@pytest.mark.django_db
def test_day_booking_talk_follow_up_and_record(
    coordinator, enterprise_user_a, enterprise_user_b, enterprise_a, enterprise_b
):
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        day = services.reception_day_plan(
            by=coordinator, held_on=date(2026, 12, 8), agenda="VOCs治理答疑"
        )
        booking = services.reception_book(
            by=enterprise_user_a,
            day=day,
            enterprise=enterprise_a,
            topic="活性炭更换周期",
            contact_name="李经理",
        )
        with pytest.raises(ValidationError, match="已预约"):
            services.reception_book(
                by=enterprise_user_a,
                day=day,
                enterprise=enterprise_a,
                topic="再约",
                contact_name="李经理",
            )
        # Enterprise B cannot book in A's name.
        with pytest.raises(PermissionDenied):
            services.reception_book(
                by=enterprise_user_b,
                day=day,
                enterprise=enterprise_a,
                topic="冒名",
                contact_name="王",
            )
        with pytest.raises(ValidationError, match="尚未到来"):
            services.reception_receive(by=coordinator, booking=booking, answer="答")
    with time_machine.travel(datetime(2026, 12, 8, 10, 0, tzinfo=SHANGHAI), tick=False):
        with pytest.raises(ValidationError, match="未记录接待情况"):
            services.reception_record(by=coordinator, day=day, record="共接待1家")
        services.reception_receive(
            by=coordinator,
            booking=booking,
            answer="按设计参数计算更换周期",
            solution="增设压差计",
            follow_up_title="协调第三方检测",
            follow_up_category=Demand.Category.TECHNOLOGY,
        )
        booking.refresh_from_db()
        assert booking.status == ReceptionBooking.Status.RECEIVED
        demand = booking.demand
        assert demand is not None
        assert demand.channel == Demand.Channel.RECEPTION
        assert demand.enterprise == enterprise_a
        services.reception_record(by=coordinator, day=day, record="共接待1家企业")
        with pytest.raises(ValidationError, match="已结束记录"):
            services.reception_book(
                by=enterprise_user_b,
                day=day,
                enterprise=enterprise_b,
                topic="晚了",
                contact_name="王",
            )
    # A's account sees its booking and the follow-up demand; B's sees nothing.
    assert list(selectors.my_bookings(enterprise_user_a)) == [booking]
    assert not selectors.my_bookings(enterprise_user_b).exists()


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_outsiders_neither_organise_nor_see(
    coordinator, district_b_officer, citizen, enterprise_a, enterprise_user_a
):
    day = services.reception_day_plan(
        by=coordinator, held_on=date(2026, 12, 8), agenda="答疑"
    )
    with pytest.raises(PermissionDenied):
        services.reception_day_plan(
            by=district_b_officer, held_on=date(2027, 1, 5), agenda="x"
        )
    with pytest.raises(PermissionDenied):
        services.reception_book(
            by=citizen, day=day, enterprise=enterprise_a, topic="t", contact_name="c"
        )
    booking = services.reception_book(
        by=enterprise_user_a,
        day=day,
        enterprise=enterprise_a,
        topic="t",
        contact_name="c",
    )
    with pytest.raises(PermissionDenied):
        services.reception_receive(by=district_b_officer, booking=booking, answer="a")
    assert not selectors.reception_day_list_for_user(district_b_officer).exists()
    assert not selectors.reception_day_list_for_user(citizen).exists()


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI), tick=False)
def test_pages_enterprise_books_staff_receives(
    client, coordinator, enterprise_user_a, enterprise_user_b, enterprise_a
):
    services.reception_day_plan(
        by=coordinator, held_on=date(2026, 12, 8), agenda="答疑"
    )
    client.force_login(enterprise_user_a)
    page = client.get(reverse("engagement:my-reception"))
    assert "2026-12-08" in page.content.decode()
    bad = client.post(
        reverse("engagement:my-reception"), {"topic": "活性炭", "contact_name": ""}
    )
    assert bad.status_code == 400
    assert "活性炭" in bad.content.decode()  # what was typed is kept
    ok = client.post(
        reverse("engagement:my-reception"),
        {"topic": "活性炭", "contact_name": "李经理"},
    )
    assert ok.status_code == 302
    booking = ReceptionBooking.objects.get()
    client.force_login(enterprise_user_b)
    assert (
        "活性炭" not in client.get(reverse("engagement:my-reception")).content.decode()
    )
    client.force_login(coordinator)
    day_page = client.get(reverse("engagement:reception-day", args=[booking.day_id]))
    assert "活性炭" in day_page.content.decode()
