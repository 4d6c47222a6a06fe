"""Refused emergencies forms answer 400 and show the page again with what was
typed: registering an opinion event or a plan, a risk source, a resource, a drill,
a plan's review date (was a redirect with a message, the date lost)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from .. import preparedness
from ..models import Drill, OpinionEvent, Plan, RiskSource

pytestmark = pytest.mark.django_db


def test_register_pages_refused_answer_400_with_the_text_kept(
    client, duty_officer, enterprise_a
):
    client.force_login(duty_officer)

    # an opinion event without its content
    response = client.post(
        reverse("emergencies:opinion-new"),
        {"title": "网传某河段出现死鱼", "channel": "", "content": "", "grade": ""},
    )
    assert response.status_code == 400
    assert "网传某河段出现死鱼" in response.content.decode()
    assert not OpinionEvent.objects.exists()

    # a plan with neither an enterprise nor a holder name (the form's own check)
    response = client.post(
        reverse("emergencies:plan-new"),
        {
            "kind": Plan.Kind.ENVIRONMENTAL,
            "holder_kind": "government",
            "title": "铁东区重污染天气应急预案",
            "filed_on": "2024-05-01",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "请填写编制单位，或选择企业。" in body and "铁东区重污染天气应急预案" in body
    assert not Plan.objects.exists()

    # a risk source without the substances
    response = client.post(
        reverse("emergencies:risk-source-add"),
        {
            "enterprise": enterprise_a.pk,
            "name": "液氨储罐区",
            "substances": "",
            "level": RiskSource.Level.choices[0][0],
        },
    )
    assert response.status_code == 400
    assert "液氨储罐区" in response.content.decode()
    assert not RiskSource.objects.exists()

    # the GETs of those pages stay 200
    assert client.get(reverse("emergencies:opinion-new")).status_code == 200
    assert client.get(reverse("emergencies:plan-new")).status_code == 200


def test_plan_page_and_review_date_refused_answer_400(client, duty_officer, district_a):
    plan = preparedness.plan_register(
        by=duty_officer,
        holder_kind="government",
        holder_name="铁东区人民政府",
        title="铁东区突发环境事件应急预案",
        filed_on=date(2024, 3, 1),
        district=district_a,
    )
    client.force_login(duty_officer)

    # an empty drill form is bound and refused (was 200 with nothing shown)
    response = client.post(reverse("emergencies:plan-drills", args=[plan.pk]), {})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert not Drill.objects.exists()

    # a review date before filing: the list again, the date and error on its row
    response = client.post(
        reverse("emergencies:plan-review", args=[plan.pk]),
        {"reviewed_on": "2023-12-31"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "回顾性评估日期不能早于备案日期。" in body and 'value="2023-12-31"' in body
    plan.refresh_from_db()
    assert plan.reviewed_on is None

    # a date that is not a date: same page, 400
    response = client.post(
        reverse("emergencies:plan-review", args=[plan.pk]), {"reviewed_on": "昨天"}
    )
    assert response.status_code == 400
    assert 'value="昨天"' in response.content.decode()

    # a good date is recorded and redirects to the list
    good = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        reverse("emergencies:plan-review", args=[plan.pk]), {"reviewed_on": good}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.reviewed_on is not None and plan.reviewed_on.isoformat() == good
