"""Warnings: proposed from a published forecast that meets the grading, with
the evidence; approved in order; published to the enterprises with filed plans;
lifted with a reason."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.air import services
from ecobureau.air.models import Warning
from ecobureau.casework import services as casework
from ecobureau.notifications.models import Notification

from .conftest import flat
from .helpers import CLEAN, EPISODE, published_forecast

pytestmark = pytest.mark.django_db

ISSUE = date(2026, 12, 10)
LEVELS = ("yellow", "orange", "red")


def _plan(enterprise, by):
    return services.plan_submit(
        enterprise=enterprise,
        by=by,
        title="重污染天气应急预案",
        contact="王工 0412-1234567",
        measures=[
            services.MeasureInput(
                level=level,
                facility="1号烧结机",
                measure=f"{level}：限产",
                pm_cut=Decimal(10 * (i + 1)),
            )
            for i, level in enumerate(LEVELS)
        ],
    )


@pytest.fixture
def episode(observe, anshan, forecaster):
    observe(ISSUE - timedelta(days=3), 4, flat(150))
    return published_forecast(anshan, ISSUE, forecaster, EPISODE)


def test_a_clean_forecast_proposes_nothing(observe, anshan, forecaster):
    observe(ISSUE - timedelta(days=3), 4, flat(40))
    published_forecast(anshan, ISSUE, forecaster, CLEAN)
    assert not Warning.objects.exists()


def test_a_forecast_meeting_the_grading_proposes_a_warning_with_evidence(
    episode, forecaster
):
    warning = Warning.objects.get()
    assert warning.level == "orange"
    assert warning.status == "proposed"
    assert warning.kind == Warning.Kind.PARTICULATE
    assert warning.rule_version == "环大气〔2024〕6号"
    assert warning.forecast == episode
    assert (warning.starts_on, warning.ends_on) == (
        date(2026, 12, 12),
        date(2026, 12, 13),
    )
    assert [d["aqi"] for d in warning.evidence["days"]][:4] == [195, 235, 245, 155]
    assert any("橙色预警条件" in line for line in warning.evidence["explain"])
    assert Notification.objects.filter(
        recipient=forecaster, title__contains="预警建议"
    ).exists()


def test_the_warning_goes_through_approval_publication_and_lifting(
    client,
    episode,
    forecaster,
    air_head,
    city_leader,
    enterprise_a,
    enterprise_user_a,
    enterprise_b,
    air_staff,
):
    # given enterprise A has a filed plan, enterprise B none
    plan = _plan(enterprise_a, enterprise_user_a)
    services.plan_file(plan=plan, by=air_staff)
    warning = Warning.objects.get()

    # publication before approval is refused
    with pytest.raises(ValidationError, match="须经审核、批准"):
        services.warning_publish(warning=warning, by=forecaster)

    # when the forecaster submits it and the section head and a leader approve
    client.force_login(forecaster)
    response = client.post(
        reverse("air:warning-act", args=[warning.pk, "submit"]),
        {"proposal": "建议发布橙色预警", "reasons": "预测12日、13日AQI>200"},
    )
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.status == "submitted"
    approval = casework.approval_review(
        approval=_approval(warning), opinion="同意", by=air_head
    )
    casework.approval_decide(
        approval=approval, decision="approve", opinion="", by=city_leader
    )
    response = client.post(reverse("air:warning-act", args=[warning.pk, "publish"]))

    # then it is published and enterprise A is told which measures apply
    warning.refresh_from_db()
    assert warning.status == "published"
    assert Notification.objects.filter(
        recipient=enterprise_user_a, title__contains="橙色预警"
    ).exists()
    page = client.get(reverse("air:warning-detail", args=[warning.pk]))
    assert enterprise_a.name in page.content.decode()
    assert "orange：限产" in page.content.decode()
    assert enterprise_b.name not in page.content.decode()
    # the monitoring check (air.monitoring_check): just published, nothing to compare
    assert "监测数据核查：预警发布不足2小时" in page.content.decode()

    # the enterprise sees the measures on its own page
    client.force_login(enterprise_user_a)
    mine = client.get(reverse("air:my-plans")).content.decode()
    assert "orange：限产" in mine

    # the public sees the warning
    client.logout()
    assert "橙色预警" in client.get(reverse("air:public-warnings")).content.decode()

    # lifting needs a reason
    client.force_login(air_head)
    client.post(reverse("air:warning-act", args=[warning.pk, "lift"]), {"reason": ""})
    warning.refresh_from_db()
    assert warning.status == "published"
    client.post(
        reverse("air:warning-act", args=[warning.pk, "lift"]),
        {"reason": "空气质量改善"},
    )
    warning.refresh_from_db()
    assert warning.status == "lifted" and warning.lift_reason == "空气质量改善"


def _approval(warning):
    from ecobureau.air import selectors

    return selectors.warning_approval(warning)


def test_people_without_the_role_cannot_submit(client, episode, district_a_officer):
    warning = Warning.objects.get()
    with pytest.raises(PermissionDenied):
        services.warning_submit(
            warning=warning, by=district_a_officer, proposal="x", reasons="y"
        )
    warning.refresh_from_db()
    assert warning.status == "proposed"


def test_a_proposal_is_hidden_from_other_districts_until_published(
    client, episode, district_b_officer
):
    warning = Warning.objects.get()
    client.force_login(district_b_officer)
    assert (
        client.get(reverse("air:warning-detail", args=[warning.pk])).status_code == 404
    )
    client.logout()
    assert "橙色预警" not in client.get(reverse("air:public-warnings")).content.decode()


def test_a_proposal_may_be_dismissed_with_a_reason(episode, forecaster):
    warning = Warning.objects.get()
    with pytest.raises(ValidationError):
        services.warning_dismiss(warning=warning, by=forecaster, reason="")
    services.warning_dismiss(
        warning=warning, by=forecaster, reason="会商认为污染过程减弱"
    )
    warning.refresh_from_db()
    assert warning.status == "dismissed"


def test_a_second_forecast_does_not_repeat_the_proposal(episode, anshan, forecaster):
    published_forecast(anshan, ISSUE + timedelta(days=1), forecaster, EPISODE)
    assert Warning.objects.count() == 1
