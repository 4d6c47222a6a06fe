"""诉求反馈绿色通道 (E15, seed 004): enterprises enrolled by credit code (a list, all
or nothing, each bad line reported), their demands listed first and answered
within the shorter limit; taking one off. The key enterprises here are the
city's, not the 重点排污单位 register. Who may not: another district's head for an
enterprise outside their scope, staff without the right, the public."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.casework.models import Clock
from ecobureau.core.models import Record
from ecobureau.engagement import services
from ecobureau.engagement.models import Demand, GreenChannel
from ecobureau.lib.dates import SHANGHAI

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=SHANGHAI)


def _demand(user, enterprise, title: str = "脱硫废水处理") -> Demand:
    return services.demand_file(
        by=user,
        enterprise=enterprise,
        title=title,
        content="希望了解脱硫废水零排放的可行工艺。",
        category=Demand.Category.TECHNOLOGY,
    )


def _due(demand) -> date:
    clock = Clock.objects.get(
        target_type="engagement.demand", target_id=demand.pk, step="reply"
    )
    return clock.due_at.astimezone(SHANGHAI).date()


def test_enrolled_by_list_then_demands_go_first_and_faster(
    client, city_leader, enterprise_a, enterprise_b, enterprise_user_a,
    enterprise_user_b,
) -> None:  # fmt: skip
    client.force_login(city_leader)
    url = reverse("engagement:green-channel")
    refused = client.post(
        url,
        {
            "credit_codes": f"{enterprise_a.credit_code}\n91210300NOTEXIST01\n"
            f"{enterprise_a.credit_code}",
            "category": "general",
            "enrolled_on": "2026-11-01",
            "basis": "建立诉求反馈绿色通道",
        },
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "第2行 91210300NOTEXIST01：不在企业库或您的数据范围内" in body
    assert "第3行" in body and "与前面的行重复" in body
    assert "91210300NOTEXIST01" in body  # what was typed stays
    assert not GreenChannel.objects.exists()
    done = client.post(
        url,
        {
            "credit_codes": f" {enterprise_a.credit_code.lower()} \n\n",
            "category": "general",
            "enrolled_on": "2026-11-01",
            "basis": "建立诉求反馈绿色通道",
        },
    )
    assert done.status_code == 302
    entry = GreenChannel.objects.get()
    assert (
        entry.enterprise == enterprise_a and entry.get_category_display() == "一般企业"
    )
    assert Record.objects.filter(action="engagement.green_channel.enrol").count() == 1
    page = client.get(url).content.decode()
    assert enterprise_a.name in page and "430" in page and "147" in page

    with time_machine.travel(MONDAY, tick=False):
        fast = _demand(enterprise_user_a, enterprise_a, "绿色通道诉求（先提交）")
    with time_machine.travel(MONDAY.replace(hour=10), tick=False):
        slow = _demand(enterprise_user_b, enterprise_b, "一般诉求（后提交）")
    assert fast.green_channel and not slow.green_channel
    assert _due(fast) == date(2026, 11, 19)  # 3 working days (示例配置)
    assert _due(slow) == date(2026, 11, 23)  # 5 working days
    listing = client.get(reverse("engagement:index")).content.decode()
    # the list is newest first, but the green channel goes before it
    assert listing.index(fast.title) < listing.index(slow.title)


def test_taken_off_the_channel(client, city_leader, enterprise_a, enterprise_user_a):
    (entry,) = services.green_channel_enrol(
        by=city_leader,
        credit_codes=[enterprise_a.credit_code],
        category="key",
        enrolled_on=date(2026, 11, 1),
        basis="建立诉求反馈绿色通道",
    )
    client.force_login(city_leader)
    url = reverse("engagement:green-channel")
    refused = client.post(
        url, {"entry": entry.pk, "ended_on": "2026-10-01", "reason": "企业注销"}
    )
    assert refused.status_code == 400 and "不能早于纳入日期" in refused.content.decode()
    assert 'value="企业注销"' in refused.content.decode()
    assert (
        client.post(
            url, {"entry": entry.pk, "ended_on": "2026-11-10", "reason": "企业注销"}
        ).status_code
        == 302
    )
    assert not _demand(enterprise_user_a, enterprise_a).green_channel
    with pytest.raises(ValidationError, match="已退出"):
        services.green_channel_end(
            by=city_leader, entry=entry, ended_on=date(2026, 11, 11), reason="再次"
        )


def test_who_may_not(
    client, district_b_officer, district_a_officer, citizen, enterprise_a,
    enterprise_user_a,
) -> None:  # fmt: skip
    url = reverse("engagement:green-channel")
    data = {
        "credit_codes": enterprise_a.credit_code,
        "category": "key",
        "enrolled_on": "2026-11-01",
        "basis": "x",
    }
    client.force_login(district_a_officer)  # reads, may not manage
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(enterprise_user_a)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert not GreenChannel.objects.exists()


def test_outside_the_scope_is_a_bad_line(district_a_leader, enterprise_b) -> None:
    with pytest.raises(ValidationError, match="不在企业库或您的数据范围内"):
        services.green_channel_enrol(
            by=district_a_leader,
            credit_codes=[enterprise_b.credit_code],
            category="key",
            enrolled_on=date(2026, 11, 1),
            basis="x",
        )
