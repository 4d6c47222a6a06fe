"""Enterprise demands: filed by the enterprise or by staff, routed, answered within
the reply clock (示例配置 working days), rated; scope for staff and enterprises."""

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from ecobureau.casework.models import Clock
from ecobureau.core.models import Record
from ecobureau.engagement import selectors, services
from ecobureau.engagement.models import Demand
from ecobureau.lib.dates import SHANGHAI

pytestmark = pytest.mark.django_db
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=SHANGHAI)


def _file(user, enterprise, **extra):
    values = {
        "title": "脱硫废水处理工艺咨询",
        "content": "希望了解脱硫废水零排放的可行工艺。",
        "category": Demand.Category.TECHNOLOGY,
    }
    values.update(extra)
    return services.demand_file(by=user, enterprise=enterprise, **values)


def _clock(demand):
    return Clock.objects.filter(
        target_type="engagement.demand", target_id=demand.pk, step="reply"
    ).latest("pk")


def test_full_round_filed_answered_rated(
    enterprise_user_a, enterprise_a, district_a_officer, sub_bureau_a
):
    with time_machine.travel(MONDAY, tick=False):
        demand = _file(enterprise_user_a, enterprise_a)
        assert demand.status == "submitted"
        assert demand.channel == Demand.Channel.PLATFORM
        assert not demand.green_channel  # not enrolled on the green channel (E15)
        # 5 working days (示例配置) from Monday 16 Nov: Monday 23 Nov, end of day.
        due = _clock(demand).due_at.astimezone(SHANGHAI)
        assert due.date().isoformat() == "2026-11-23"
        services.demand_assign(
            demand=demand,
            by=district_a_officer,
            unit=sub_bureau_a,
            assignee=district_a_officer,
        )
        services.demand_answer(
            demand=demand,
            by=district_a_officer,
            answer="建议采用蒸发结晶工艺，已约现场指导。",
        )
    demand.refresh_from_db()
    assert demand.status == "answered"
    assert _clock(demand).state == Clock.State.MET
    services.demand_rate(demand=demand, by=enterprise_user_a, rating=5)
    demand.refresh_from_db()
    assert demand.rating == 5 and demand.satisfied
    actions = set(
        Record.objects.filter(target_type="engagement.demand").values_list(
            "action", flat=True
        )
    )
    assert {
        "engagement.demand.create",
        "engagement.demand.assign",
        "engagement.demand.answer",
        "engagement.demand.rate",
    } <= actions


@override_settings(ENGAGEMENT_DEMAND_REPLY_WORKDAYS=2)
def test_reply_limit_is_a_setting(enterprise_user_a, enterprise_a):
    with time_machine.travel(MONDAY, tick=False):
        demand = _file(enterprise_user_a, enterprise_a)
    clock = _clock(demand)
    assert clock.due_at.astimezone(SHANGHAI).date().isoformat() == "2026-11-18"
    assert "示例配置" in clock.basis


def test_unsatisfied_rating_needs_a_comment_then_reopen(
    enterprise_user_a, enterprise_a, district_a_officer, district_a_leader, sub_bureau_a
):
    demand = _file(enterprise_user_a, enterprise_a)
    services.demand_assign(
        demand=demand,
        by=district_a_officer,
        unit=sub_bureau_a,
        assignee=district_a_officer,
    )
    services.demand_answer(demand=demand, by=district_a_officer, answer="已收悉。")
    with pytest.raises(ValidationError, match="请填写评价意见"):
        services.demand_rate(demand=demand, by=enterprise_user_a, rating=1)
    services.demand_rate(
        demand=demand, by=enterprise_user_a, rating=2, comment="答复没有解决问题"
    )
    with pytest.raises(ValidationError, match="已评价过"):
        services.demand_rate(demand=demand, by=enterprise_user_a, rating=5)
    # The officer who answered may not reopen (heads only).
    with pytest.raises(PermissionDenied):
        services.demand_reopen(demand=demand, by=district_a_officer, note="再办")
    services.demand_reopen(
        demand=demand, by=district_a_leader, note="企业不满意，重新办理"
    )
    demand.refresh_from_db()
    assert demand.status == "handling" and demand.rating is None
    assert (
        Clock.objects.filter(
            target_type="engagement.demand",
            target_id=demand.pk,
            state__in=Clock.OPEN_STATES,
        ).count()
        == 1
    )


def test_enterprise_files_only_for_itself_and_sees_only_its_own(
    enterprise_user_a, enterprise_user_b, enterprise_a, enterprise_b
):
    with pytest.raises(PermissionDenied):
        _file(enterprise_user_b, enterprise_a)
    mine = _file(enterprise_user_a, enterprise_a)
    other = _file(enterprise_user_b, enterprise_b)
    assert list(selectors.demand_list_for_user(enterprise_user_a)) == [mine]
    assert list(selectors.demand_list_for_user(enterprise_user_b)) == [other]
    with pytest.raises(PermissionDenied):
        services.demand_rate(demand=mine, by=enterprise_user_b, rating=5)


def test_other_district_staff_and_citizen_see_nothing(
    client, enterprise_user_a, enterprise_a, district_b_officer, citizen
):
    demand = _file(enterprise_user_a, enterprise_a)
    assert not selectors.demand_list_for_user(district_b_officer).exists()
    assert not selectors.demand_list_for_user(citizen).exists()
    client.force_login(district_b_officer)
    url = reverse("engagement:demand-detail", args=[demand.pk])
    assert client.get(url).status_code == 404
    client.force_login(enterprise_user_a)
    assert client.get(url).status_code == 403  # staff page
    client.force_login(citizen)
    assert client.get(reverse("engagement:my-demands")).status_code == 403


def test_staff_records_a_demand_and_must_name_its_channel(
    district_a_officer, enterprise_a, enterprise_b
):
    with pytest.raises(ValidationError, match="请选择来源"):
        _file(district_a_officer, enterprise_a)
    with pytest.raises(ValidationError, match="数据范围"):
        _file(district_a_officer, enterprise_b, channel=Demand.Channel.HOTLINE)
    demand = _file(district_a_officer, enterprise_a, channel=Demand.Channel.HOTLINE)
    assert demand.channel == Demand.Channel.HOTLINE


def test_enterprise_pages_file_and_rate(client, enterprise_user_a, enterprise_a):
    client.force_login(enterprise_user_a)
    url = reverse("engagement:my-demands")
    response = client.post(
        url, {"title": "", "category": "technology", "content": "内容保留"}
    )
    assert response.status_code == 400
    assert "内容保留" in response.content.decode()
    assert not Demand.objects.exists()
    response = client.post(
        url, {"title": "验收咨询", "category": "approval", "content": "竣工验收材料"}
    )
    assert response.status_code == 302
    demand = Demand.objects.get()
    page = client.get(reverse("engagement:my-demand-detail", args=[demand.pk]))
    assert "验收咨询" in page.content.decode()


def test_staff_pages_answer_with_error_kept(
    client, enterprise_user_a, enterprise_a, district_a_officer, sub_bureau_a
):
    demand = _file(enterprise_user_a, enterprise_a)
    client.force_login(district_a_officer)
    assert client.get(reverse("engagement:index")).status_code == 200
    response = client.post(
        reverse("engagement:demand-act", args=[demand.pk, "assign"]),
        {"unit": sub_bureau_a.pk, "assignee": district_a_officer.pk},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("engagement:demand-act", args=[demand.pk, "answer"]), {"answer": "  "}
    )
    assert response.status_code == 400
    assert "答复内容" in response.content.decode()
    response = client.post(
        reverse("engagement:demand-act", args=[demand.pk, "answer"]),
        {"answer": "已安排专人指导"},
    )
    assert response.status_code == 302
    assert client.get(reverse("engagement:satisfaction")).status_code == 200


def test_satisfaction_summary(
    enterprise_user_a, enterprise_a, district_a_officer, sub_bureau_a, city_leader
):
    for rating in (5, 4, 2):
        demand = _file(enterprise_user_a, enterprise_a)
        services.demand_assign(
            demand=demand,
            by=district_a_officer,
            unit=sub_bureau_a,
            assignee=district_a_officer,
        )
        services.demand_answer(demand=demand, by=district_a_officer, answer="答复")
        services.demand_rate(
            demand=demand, by=enterprise_user_a, rating=rating, comment="意见"
        )
    rows = selectors.satisfaction_for_user(city_leader)
    total = rows[-1]
    assert (total.answered, total.rated, total.satisfied) == (3, 3, 2)
    assert total.rate == "66.7%"


def test_reopen_offered_to_heads_only(
    client,
    enterprise_user_a,
    enterprise_a,
    district_a_officer,
    district_a_leader,
    sub_bureau_a,
):
    demand = _file(enterprise_user_a, enterprise_a)
    services.demand_assign(
        demand=demand,
        by=district_a_officer,
        unit=sub_bureau_a,
        assignee=district_a_officer,
    )
    services.demand_answer(demand=demand, by=district_a_officer, answer="答复")
    url = reverse("engagement:demand-detail", args=[demand.pk])
    client.force_login(district_a_officer)
    assert "重新办理（负责人）" not in client.get(url).content.decode()
    client.force_login(district_a_leader)
    assert "重新办理（负责人）" in client.get(url).content.decode()
