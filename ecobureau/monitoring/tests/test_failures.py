"""The enterprise's facility-failure report (requirements A98): filed by the
enterprise's own account, timestamped on receipt, seen by staff of the
enterprise's district and not by another district or another enterprise, and
shown beside the monitoring data whose time it overlaps."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.core.models import Record
from ecobureau.monitoring import selectors, services
from ecobureau.monitoring.models import Anomaly, FacilityFailure

pytestmark = pytest.mark.django_db


def report(enterprise, by, began_hours_ago: float = 3, **extra) -> FacilityFailure:
    now = timezone.now()
    data = services.FailureData(
        facility=extra.pop("facility", "脱硫塔循环泵"),
        cause="循环泵电机烧毁",
        began_at=now - timedelta(hours=began_hours_ago),
        measures=extra.pop("measures", ["limit"]),
        repair=extra.pop("repair", "已联系设备厂家到场维修"),
        **extra,
    )
    return services.failure_report(enterprise=enterprise, data=data, by=by)


def test_the_report_is_timestamped_on_receipt_and_recorded(
    enterprise_a, enterprise_user_a
):
    before = timezone.now()
    failure = report(enterprise_a, enterprise_user_a, began_hours_ago=30)
    assert before <= failure.reported_at <= timezone.now()
    assert failure.number.startswith("GZ")
    assert 29.9 < failure.report_hours < 30.1
    assert Record.objects.filter(action="monitoring.failure_report").count() == 1


def test_only_the_enterprise_itself_reports(
    enterprise_a, enterprise_user_b, district_a_officer
):
    with pytest.raises(PermissionDenied):
        report(enterprise_a, enterprise_user_b)
    with pytest.raises(PermissionDenied):
        report(enterprise_a, district_a_officer)
    assert not FacilityFailure.objects.exists()


def test_bad_reports_are_refused(enterprise_a, enterprise_user_a):
    with pytest.raises(ValidationError, match="不能晚于当前时间"):
        report(enterprise_a, enterprise_user_a, began_hours_ago=-2)
    with pytest.raises(ValidationError, match="其他有效措施"):
        report(enterprise_a, enterprise_user_a, measures=["other"])
    with pytest.raises(ValidationError, match="不能早于故障发生时间"):
        report(
            enterprise_a,
            enterprise_user_a,
            ended_at=timezone.now() - timedelta(hours=10),
        )


def test_district_staff_see_it_other_district_and_enterprise_do_not(
    client,
    enterprise_a,
    enterprise_user_a,
    enterprise_user_b,
    district_b_officer,
    district_a_officer,
):
    failure = report(enterprise_a, enterprise_user_a)
    url = reverse("monitoring:failure-detail", args=[failure.pk])
    client.force_login(district_a_officer)
    page = client.get(url)
    assert page.status_code == 200
    assert "脱硫塔循环泵" in page.content.decode()
    assert (
        failure.number
        in client.get(reverse("monitoring:failure-list")).content.decode()
    )
    client.force_login(district_b_officer)
    assert client.get(url).status_code == 404
    assert (
        failure.number
        not in client.get(reverse("monitoring:failure-list")).content.decode()
    )
    client.force_login(enterprise_user_b)
    assert client.get(url).status_code == 404
    client.force_login(enterprise_user_a)
    assert client.get(url).status_code == 200


def test_the_form_keeps_what_was_typed_on_error_and_files(
    client, enterprise_a, enterprise_user_a
):
    client.force_login(enterprise_user_a)
    future = (timezone.localtime() + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(
        reverse("monitoring:failure-new"),
        {"facility": "布袋除尘器", "cause": "滤袋破损", "began_at": future},
    )
    text = page.content.decode()
    assert page.status_code == 400
    assert "故障发生时间不能晚于当前时间" in text
    assert 'value="布袋除尘器"' in text
    past = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(
        reverse("monitoring:failure-new"),
        {
            "facility": "布袋除尘器",
            "cause": "滤袋破损",
            "began_at": past,
            "measures": ["stop"],
            "repair": "更换滤袋",
        },
    )
    failure = FacilityFailure.objects.get()
    assert page.status_code == 302
    assert failure.measures == ["stop"]
    assert failure.reported_by == enterprise_user_a


def test_the_enterprise_adds_the_end_later_and_staff_cannot(
    client, enterprise_a, enterprise_user_a, district_a_officer
):
    failure = report(enterprise_a, enterprise_user_a, repair="")
    ended = timezone.now() - timedelta(hours=1)
    services.failure_update(
        failure=failure, repair="厂家已更换电机", ended_at=ended, by=enterprise_user_a
    )
    failure.refresh_from_db()
    assert failure.ended_at == ended and failure.repair == "厂家已更换电机"
    with pytest.raises(ValidationError, match="已填写"):
        services.failure_update(failure=failure, ended_at=ended, by=enterprise_user_a)
    with pytest.raises(PermissionDenied):
        services.failure_update(failure=failure, repair="x", by=district_a_officer)
    client.force_login(district_a_officer)
    url = reverse("monitoring:failure-detail", args=[failure.pk])
    assert client.post(url, {"repair": "x"}).status_code == 403


def test_it_is_shown_beside_overlapping_anomalies_only(
    client, enterprise_a, enterprise_user_a, instrument_a, district_a_officer
):
    failure = report(enterprise_a, enterprise_user_a, began_hours_ago=6)
    now = timezone.now()
    overlapping = Anomaly.objects.create(
        kind="zero_running",
        instrument=instrument_a,
        enterprise=enterprise_a,
        outlet=instrument_a.outlet,
        started_at=now - timedelta(hours=5),
        ended_at=now - timedelta(hours=4),
        detail="生产期间浓度为零",
        reason="示例",
    )
    earlier = Anomaly.objects.create(
        kind="flat_line",
        instrument=instrument_a,
        enterprise=enterprise_a,
        outlet=instrument_a.outlet,
        started_at=now - timedelta(days=3),
        ended_at=now - timedelta(days=2),
        detail="数据恒定",
        reason="示例",
    )
    client.force_login(district_a_officer)
    shown = client.get(reverse("monitoring:anomaly-detail", args=[overlapping.pk]))
    assert failure.number in shown.content.decode()
    hidden = client.get(reverse("monitoring:anomaly-detail", args=[earlier.pk]))
    assert failure.number not in hidden.content.decode()
    # An ended failure no longer overlaps what came after it.
    services.failure_update(
        failure=failure,
        ended_at=now - timedelta(hours=5, minutes=30),
        by=enterprise_user_a,
    )
    assert not selectors.failures_overlapping(
        enterprise_a.pk, overlapping.started_at, overlapping.ended_at
    ).exists()
