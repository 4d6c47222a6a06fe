"""The 8890 rota, the leaders' reception and visits, the sub-bureaus' visits to the
petition office (A81), and the hot spots by area, type, enterprise and place
(A82)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.complaints import selectors, services
from ecobureau.complaints.models import Complaint, ReceptionEvent
from ecobureau.core.models import Record

from .conftest import submit

pytestmark = pytest.mark.django_db


def test_a_leaders_reception_is_scheduled_recorded_once_with_its_complaints(
    desk_officer, city_leader, enforcement_officer
):
    with pytest.raises(PermissionDenied):
        services.reception_schedule(
            kind="leader_reception",
            scheduled_on=date(2026, 12, 15),
            person=city_leader,
            place="局信访接待室",
            by=enforcement_officer,
        )
    with pytest.raises(ValidationError, match="地点"):
        services.reception_schedule(
            kind="leader_reception",
            scheduled_on=date(2026, 12, 15),
            person=city_leader,
            place=" ",
            by=desk_officer,
        )
    event = services.reception_schedule(
        kind="leader_reception",
        scheduled_on=date(2026, 12, 15),
        person=city_leader,
        place="局信访接待室",
        by=desk_officer,
    )
    taken = submit(
        channel="reception",
        text="小区旁搅拌站粉尘大",
        place="立山区深沟寺小区",
        reception=event,
        by=desk_officer,
    )
    assert taken.reception == event and taken.channel == "reception"
    services.reception_record(
        event=event, summary="接待群众3人次，受理投诉1件", by=desk_officer
    )
    event.refresh_from_db()
    assert event.status == ReceptionEvent.Status.DONE and event.recorded_at
    with pytest.raises(ValidationError, match="已记录"):
        services.reception_record(event=event, summary="再记一次", by=desk_officer)
    assert list(
        Record.objects.filter(
            target_id=str(event.pk), action__startswith="complaints.reception."
        )
        .order_by("seq")
        .values_list("action", flat=True)
    ) == ["complaints.reception.schedule", "complaints.reception.record"]


def test_the_8890_rota_and_a_sub_bureau_visit_can_be_cancelled_with_why(
    desk_officer, district_a_officer
):
    for kind in ("rota_8890", "sub_bureau_visit"):
        event = services.reception_schedule(
            kind=kind,
            scheduled_on=date(2026, 12, 1),
            person=district_a_officer,
            place="8890平台" if kind == "rota_8890" else "铁东区信访局",
            by=desk_officer,
        )
        services.reception_record(
            event=event, summary="因疫情防控改期", by=desk_officer, cancelled=True
        )
        event.refresh_from_db()
        assert event.status == ReceptionEvent.Status.CANCELLED


def test_hot_spots_by_area_type_enterprise_and_place(
    desk_officer, district_a, district_a_officer, district_b_officer
):
    for n in range(3):
        submit(
            district=district_a,
            text=f"鑫丰化工厂夜里排放刺鼻气味（第{n}次）",
            place="铁东区胜利路88号",
            enterprise_name="鞍山市鑫丰化工有限公司",
            category="air",
            anonymous=True,
        )
    submit(
        district=district_a,
        text="工地夜间施工打桩太吵",
        place="铁东区园林路",
        category="noise",
        noise_source="construction",
        anonymous=True,
    )
    spots = selectors.hotspots_for_user(desk_officer)
    assert spots.total == Complaint.objects.count() == 4
    assert spots.by_district[0] == ("铁东区", 4)
    assert spots.by_category[0] == ("大气", 3)
    assert spots.by_enterprise == [("鞍山市鑫丰化工有限公司", 3)]
    assert spots.by_place and spots.by_place[0][1] == 3  # the plant's road
    # Scoped like the list: another district sees none of it.
    assert selectors.hotspots_for_user(district_b_officer).total == 0
    assert selectors.hotspots_for_user(district_a_officer).total == 4
