"""The duty officer and monitoring clues: 应急值守 reads clues in scope (to link an
incident to the alarm it came from) but does not decide them; the clue page offers
登记突发环境事件 only to those who handle incidents; a clue of another district
cannot be linked. And C30: the enterprise's emergency handbook (grid's) is one
click from the incident, and the duty officer can download it."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ecobureau.grid import services as grid_services
from ecobureau.grid.models import EnterpriseSupervision
from ecobureau.monitoring import selectors as monitoring_selectors
from ecobureau.monitoring.models import Clue

from .conftest import register

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_duty_officer_reads_clues_but_does_not_decide_them(
    client, duty_officer, alarm_clue
):
    assert duty_officer.has_perm("monitoring.view_clue")
    assert not duty_officer.has_perm("monitoring.decide_clues")
    assert not duty_officer.has_perm("monitoring.view_filing")
    assert list(monitoring_selectors.clue_list_for_user(duty_officer)) == [alarm_clue]
    client.force_login(duty_officer)
    assert (
        alarm_clue.number
        in client.get(reverse("monitoring:clue-list")).content.decode()
    )
    url = reverse("monitoring:clue-detail", args=[alarm_clue.pk])
    page = client.get(url).content.decode()
    assert 'id="decide-title"' not in page
    client.post(url, {"action": "dismiss", "reason": "仪器故障"})
    alarm_clue.refresh_from_db()
    assert alarm_clue.status == Clue.Status.NEW


def test_the_register_link_only_for_incident_handlers(client, city_leader, alarm_clue):
    # the bureau leader sees clues but does not register incidents
    client.force_login(city_leader)
    page = client.get(reverse("monitoring:clue-detail", args=[alarm_clue.pk]))
    assert page.status_code == 200
    assert 'data-testid="register-incident"' not in page.content.decode()


def test_a_clue_of_another_district_is_neither_shown_nor_linked(
    client, district_b_officer, district_b, alarm_clue
):
    client.force_login(district_b_officer)
    url = reverse("monitoring:clue-detail", args=[alarm_clue.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        reverse("emergencies:incident-new"),
        {
            "title": "铁西某厂泄漏",
            "source": "monitoring",
            "clue_id": alarm_clue.pk,
            "district": district_b.pk,
            "place": "铁西区",
            "summary": "报警",
        },
    )
    assert response.status_code == 400  # the form again, with the error
    assert "无权查看该线索" in response.content.decode()
    assert f'value="{alarm_clue.pk}"' in response.content.decode()


def test_district_staff_link_their_own_districts_clue(
    district_a_officer, district_a, alarm_clue
):
    incident = register(district_a_officer, district=district_a, clue_id=alarm_clue.pk)
    assert incident.clue_id == alarm_clue.pk


def test_duty_officer_downloads_the_enterprise_emergency_handbook(
    client,
    duty_officer,
    district_a_leader,
    district_b_officer,
    district_a,
    enterprise_a,
):
    """C30: the incident page links the enterprise's latest handbook (kept by grid);
    the duty officer (city scope, sees enterprises) downloads it; another district
    cannot."""
    supervision = EnterpriseSupervision.objects.create(
        enterprise=enterprise_a,
        district=district_a,
        computed_class="C",
        klass="C",
        rule_version="示例",
        computed_at=timezone.now(),
    )
    handbook = grid_services.key_document_add(
        supervision=supervision,
        kind="emergency_handbook",
        title="突发环境污染事故应急处置手册（2026版）",
        issued_on=date(2026, 3, 1),
        file=SimpleUploadedFile("手册.pdf", PDF, content_type="application/pdf"),
        by=district_a_leader,
    )
    incident = register(duty_officer, district=district_a, enterprise=enterprise_a)
    download = reverse("casework:attachment-download", args=[handbook.attachment_id])
    client.force_login(duty_officer)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert f'<a href="{download}">突发环境污染事故应急处置手册（2026版）</a>' in page
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(district_b_officer)
    assert client.get(download).status_code == 404
