"""事后恢复: recovery measures on a closed incident — added, marked done, refused
(empty, too early, done before added, another district 404, the public 403), the
refused form answering 400 with what was typed."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.core.models import Record
from ecobureau.emergencies import services
from ecobureau.emergencies.models import RecoveryMeasure

from .test_incident_forms import _refused, _responding

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(duty_officer, incident_a):
    incident = _responding(incident_a, duty_officer)
    services.incident_close(incident=incident, by=duty_officer, summary="泄漏已封堵")
    incident.refresh_from_db()
    return incident


def test_add_and_mark_done_on_the_record(client, duty_officer, closed):
    client.force_login(duty_officer)
    due = timezone.localdate() + timedelta(days=30)
    added = client.post(
        reverse("emergencies:recovery-add", args=[closed.pk]),
        {"measure": "下游河道生态修复", "responsible": "铁东区水务局", "due_on": due},
    )
    assert added.status_code == 302
    item = RecoveryMeasure.objects.get()
    assert (item.measure, item.responsible, item.due_on) == (
        "下游河道生态修复",
        "铁东区水务局",
        due,
    )
    done = client.post(
        reverse("emergencies:recovery-done", args=[item.pk]),
        {"done_on": timezone.localdate(), "note": "补植水生植物，水质恢复"},
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.done_on == timezone.localdate() and item.done_by == duty_officer
    actions = set(
        Record.objects.filter(action__startswith="emergencies.recovery").values_list(
            "action", flat=True
        )
    )
    assert actions == {"emergencies.recovery.add", "emergencies.recovery.done"}
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "事后恢复" in page and "补植水生植物，水质恢复" in page
    # done once only
    with pytest.raises(ValidationError, match="已登记完成"):
        services.recovery_done(
            measure=item, by=duty_officer, done_on=timezone.localdate(), note="再次"
        )


def test_refused_while_the_response_runs_and_when_empty(duty_officer, incident_a):
    due = timezone.localdate() + timedelta(days=10)
    with pytest.raises(ValidationError, match="应急处置结束后"):
        services.recovery_add(
            incident=incident_a,
            by=duty_officer,
            measure="污染物清理",
            responsible="企业",
            due_on=due,
        )
    incident = _responding(incident_a, duty_officer)
    services.incident_close(incident=incident, by=duty_officer, summary="已控制")
    with pytest.raises(ValidationError, match="请填写恢复措施"):
        services.recovery_add(
            incident=incident,
            by=duty_officer,
            measure="  ",
            responsible="企业",
            due_on=due,
        )
    with pytest.raises(ValidationError, match="责任单位"):
        services.recovery_add(
            incident=incident, by=duty_officer, measure="污染物清理", due_on=due
        )
    assert not RecoveryMeasure.objects.exists()


def test_done_before_added_is_refused(duty_officer, closed):
    item = services.recovery_add(
        incident=closed,
        by=duty_officer,
        measure="饮用水恢复供水",
        responsible="自来水公司",
        due_on=timezone.localdate() + timedelta(days=3),
    )
    with pytest.raises(ValidationError, match="不能早于该措施登记的日期"):
        services.recovery_done(
            measure=item,
            by=duty_officer,
            done_on=timezone.localdate() - timedelta(days=1),
            note="已恢复",
        )
    with pytest.raises(ValidationError, match="请填写完成情况"):
        services.recovery_done(
            measure=item, by=duty_officer, done_on=timezone.localdate(), note=" "
        )
    item.refresh_from_db()
    assert item.done_on is None


def test_refused_form_answers_400_and_keeps_what_was_typed(
    client, duty_officer, closed
):
    client.force_login(duty_officer)
    refused = client.post(
        reverse("emergencies:recovery-add", args=[closed.pk]),
        {"measure": "土壤污染物清理", "responsible": "", "due_on": "2026-01-05"},
    )
    _refused(refused, "请选择登记单位或填写责任单位", "土壤污染物清理")
    item = services.recovery_add(
        incident=closed,
        by=duty_officer,
        measure="生态修复",
        responsible="林业局",
        due_on=timezone.localdate() + timedelta(days=3),
    )
    early = (timezone.localdate() - timedelta(days=2)).isoformat()
    refused = client.post(
        reverse("emergencies:recovery-done", args=[item.pk]),
        {"done_on": early, "note": "已补植"},
    )
    _refused(refused, "不能早于该措施登记的日期", "已补植", early)
    assert not RecoveryMeasure.objects.filter(done_on__isnull=False).exists()


def test_another_district_404_and_the_public_403(
    client, duty_officer, district_b_officer, citizen, closed
):
    item = services.recovery_add(
        incident=closed,
        by=duty_officer,
        measure="生态修复",
        responsible="林业局",
        due_on=timezone.localdate() + timedelta(days=3),
    )
    add = reverse("emergencies:recovery-add", args=[closed.pk])
    done = reverse("emergencies:recovery-done", args=[item.pk])
    data = {"measure": "清淤", "responsible": "水务局", "due_on": "2099-01-01"}
    client.force_login(district_b_officer)
    assert client.post(add, data).status_code == 404
    assert client.post(done, {"done_on": "2026-01-01", "note": "x"}).status_code == 404
    client.force_login(citizen)
    assert client.post(add, data).status_code == 403
    assert client.post(done, {"done_on": "2026-01-01", "note": "x"}).status_code == 403
    assert RecoveryMeasure.objects.count() == 1
    item.refresh_from_db()
    assert item.done_on is None
