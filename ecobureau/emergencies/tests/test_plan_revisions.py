"""Plan revisions (修订) with their history, and the online-opinion emergency plan
(网络舆情应急预案, A70) shown where opinion events are handled."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.core.models import Record
from ecobureau.emergencies import preparedness, services
from ecobureau.emergencies.models import OpinionEvent, Plan, PlanRevision

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_a(duty_officer, district_a):
    return preparedness.plan_register(
        by=duty_officer,
        holder_kind="government",
        holder_name="铁东区人民政府",
        title="铁东区突发环境事件应急预案",
        filed_on=date(2023, 3, 1),
        filing_number="铁东备〔2023〕1号",
        reviewed_on=date(2024, 3, 1),
        contacts="值班室 0412-0000001",
        district=district_a,
    )


def _revise(client, plan, **data):
    return client.post(reverse("emergencies:plan-revise", args=[plan.pk]), data)


def test_revision_refiles_the_plan_and_keeps_its_history(client, duty_officer, plan_a):
    # given
    client.force_login(duty_officer)

    # when: two revisions through the page
    response = _revise(
        client,
        plan_a,
        revised_on="2025-06-01",
        filing_number="铁东备〔2025〕3号",
        reason="机构改革，应急指挥部成员调整",
        changes="更新组织机构与职责；更新联系人",
        contacts="值班室 0412-0000002",
    )
    assert response.status_code == 302
    _revise(
        client,
        plan_a,
        revised_on="2025-09-01",
        reason="演练发现的问题",
        changes="补充饮用水水源地处置方案",
    )

    # then: the plan as revised, the three-year assessment counted from the revision
    plan_a.refresh_from_db()
    assert plan_a.filed_on == date(2025, 9, 1)
    assert plan_a.filing_number == ""
    assert plan_a.reviewed_on is None
    assert plan_a.review_due_on == date(2028, 9, 1)
    assert plan_a.contacts == "值班室 0412-0000002"  # kept when not given
    first, second = PlanRevision.objects.filter(plan=plan_a).order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.previous_filed_on == date(2023, 3, 1)
    assert first.previous_filing_number == "铁东备〔2023〕1号"
    assert first.previous_reviewed_on == date(2024, 3, 1)
    assert first.previous_contacts == "值班室 0412-0000001"
    assert second.previous_filed_on == date(2025, 6, 1)
    entries = Record.objects.filter(action="emergencies.plan.revise")
    assert entries.count() == 2
    page = client.get(reverse("emergencies:plan-drills", args=[plan_a.pk]))
    body = page.content.decode()
    assert body.count('data-testid="revision"') == 2
    assert "机构改革，应急指挥部成员调整" in body and "铁东备〔2023〕1号" in body


def test_bad_revision_is_refused_and_kept(client, duty_officer, plan_a):
    client.force_login(duty_officer)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = _revise(
        client, plan_a, revised_on=tomorrow, reason="尚未发生的修订", changes="x"
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "不能晚于今天" in body and "尚未发生的修订" in body
    response = _revise(client, plan_a, revised_on="2025-01-01", reason="有原因")
    assert response.status_code == 400
    assert "有原因" in response.content.decode()
    with pytest.raises(ValidationError, match="早于现行备案日期2023-03-01"):
        preparedness.plan_revise(
            plan=plan_a,
            by=duty_officer,
            revised_on=date(2022, 1, 1),
            reason="r",
            changes="c",
        )
    with pytest.raises(ValidationError, match="主要修订内容"):
        preparedness.plan_revise(
            plan=plan_a,
            by=duty_officer,
            revised_on=date(2025, 1, 1),
            reason="r",
            changes="  ",
        )
    assert not PlanRevision.objects.exists()
    plan_a.refresh_from_db()
    assert plan_a.filed_on == date(2023, 3, 1)


def test_who_must_not_revise(
    client, plan_a, district_b_officer, citizen, enterprise_user_a
):
    data = {"revised_on": "2025-06-01", "reason": "r", "changes": "c"}
    url = reverse("emergencies:plan-revise", args=[plan_a.pk])
    assert client.post(url, data).status_code == 302  # anonymous: to the log-in
    client.force_login(district_b_officer)  # another district: not found
    assert client.post(url, data).status_code == 404
    for user in (citizen, enterprise_user_a):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
    assert not PlanRevision.objects.exists()


def test_online_opinion_plan_at_hand_on_opinion_events(
    client, duty_officer, district_a, enterprise_a
):
    # given: the bureau's online-opinion emergency plan, city-wide
    plan = preparedness.plan_register(
        by=duty_officer,
        kind=Plan.Kind.ONLINE_OPINION,
        holder_kind="department",
        holder_name="鞍山市生态环境局办公室",
        title="鞍山市生态环境局网络舆情应急预案（示例）",
        filed_on=date(2025, 2, 1),
        contacts="局办公室 0412-0000003",
    )
    with pytest.raises(ValidationError, match="不选择企业"):
        preparedness.plan_register(
            by=duty_officer,
            kind=Plan.Kind.ONLINE_OPINION,
            holder_kind="enterprise",
            holder_name="",
            title="企业舆情预案",
            filed_on=date(2025, 2, 1),
            enterprise=enterprise_a,
        )
    event = services.opinion_register(
        by=duty_officer,
        title="微博：某河段发黑发臭",
        channel=OpinionEvent.Channel.WEIBO,
        content="网友发帖称河水发黑发臭",
        grade="major",
        district=district_a,
    )
    client.force_login(duty_officer)

    # when
    body = client.get(
        reverse("emergencies:opinion-detail", args=[event.pk])
    ).content.decode()

    # then
    assert plan.title in body and "局办公室 0412-0000003" in body
    listing = client.get(reverse("emergencies:plan-list")).content.decode()
    assert "（网络舆情应急预案）" in listing
