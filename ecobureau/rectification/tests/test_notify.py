"""The flags reach people through the notifications module (seed 001 六(四)
预警、督办; 五5 督办函、约谈): the item's 承办人 and its unit's heads are told once;
another district's people are not."""

from datetime import timedelta

from ecobureau.notifications.models import Notification

from .. import services
from .conftest import make_case, make_task, today


def test_late_and_at_risk_items_tell_their_unit_once(
    office_staff, district_a, sub_bureau_a, district_a_leader, district_b_officer
):
    late = make_task(
        office_staff,
        number="L",
        district=district_a,
        unit=sub_bureau_a,
        deadline=today() - timedelta(days=1),
    )
    make_case(
        office_staff,
        district=district_a,
        unit=sub_bureau_a,
        deadline=today() + timedelta(days=3),
    )
    services.check_late_and_at_risk()
    mine = Notification.objects.filter(recipient=district_a_leader)
    assert mine.filter(level="overdue", title__contains=str(late)).count() == 1
    assert mine.filter(level="due_soon", title__contains="预警").count() == 1
    services.check_late_and_at_risk()
    assert mine.count() == 2
    assert not Notification.objects.filter(recipient=district_b_officer).exists()


def test_an_item_without_a_unit_goes_to_the_office(office_staff, district_a):
    make_task(office_staff, district=district_a, deadline=today() - timedelta(days=1))
    services.check_late_and_at_risk()
    assert Notification.objects.filter(
        recipient=office_staff, title__contains="超期"
    ).exists()


def test_letter_and_talk_reach_the_responsible_people(
    office_staff, district_a, sub_bureau_a, district_a_leader, district_b_officer
):
    task = make_task(office_staff, district=district_a, unit=sub_bureau_a)
    services.supervision_issue(
        by=office_staff, kind="letter", reason="进展缓慢，请于5日内反馈", task=task
    )
    services.supervision_issue(
        by=office_staff, kind="talk", reason="完成有风险", task=task, public=True
    )
    titles = list(
        Notification.objects.filter(recipient=district_a_leader).values_list(
            "title", flat=True
        )
    )
    assert any(t.startswith("督办函") and "进展缓慢" in t for t in titles)
    assert any(t.startswith("约谈") for t in titles)
    assert not Notification.objects.filter(recipient=district_b_officer).exists()
