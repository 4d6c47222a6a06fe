"""Environmental-responsibility audits (环境保护责任审计, D6): recorded with what
they covered, published on the public site, record entries, the refused form
(400, input kept), and who may not see or write."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.lib.dates import SHANGHAI
from ecobureau.quality import services
from ecobureau.quality.models import Audit

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)


def _audit(actor, **kwargs) -> Audit:
    fields = {
        "year": 2025,
        "unit_name": "立山区深沟寺街道办事处",
        "auditor": "市审计局",
        "scope": ["funds", "targets", "bogus"],
        "findings": "大气污染防治专项资金拨付滞后",
        "conclusion": "限期三个月整改并报送整改情况",
        "reported_on": date(2026, 6, 30),
        "now": NOW,
    }
    fields.update(kwargs)
    return services.audit_record(actor=actor, **fields)


def test_audit_recorded_in_the_scope_order_then_published(monitor) -> None:
    audit = _audit(monitor)
    assert audit.scope == ["targets", "funds"] and audit.scope_text == "目标、资金"
    services.audit_publish(actor=monitor, audit=audit, now=NOW)
    with pytest.raises(ValidationError, match="已公开"):
        services.audit_publish(actor=monitor, audit=audit, now=NOW)
    assert list(
        Record.objects.filter(action__startswith="quality.audit_").values_list(
            "action", flat=True
        )
    ) == ["quality.audit_record", "quality.audit_publish"]


def test_audit_rules(monitor) -> None:
    with pytest.raises(ValidationError, match="请选择审计内容"):
        _audit(monitor, scope=["bogus"])
    with pytest.raises(ValidationError, match="不能晚于今天"):
        _audit(monitor, reported_on=date(2026, 12, 1))
    with pytest.raises(ValidationError, match="不能早于审计年度"):
        _audit(monitor, reported_on=date(2024, 12, 1))
    assert not Audit.objects.exists()


def test_only_city_scope_quality_staff_record_or_publish(
    monitor, district_a_leader, district_a_officer, citizen
) -> None:
    for person in (district_a_leader, district_a_officer, citizen):
        with pytest.raises(PermissionDenied):
            _audit(person)
    audit = _audit(monitor)
    with pytest.raises(PermissionDenied):
        services.audit_publish(actor=district_a_leader, audit=audit, now=NOW)
    audit.refresh_from_db()
    assert audit.published_at is None


@time_machine.travel(NOW, tick=False)
def test_pages_refused_form_keeps_input_public_page_shows_published_only(
    client, monitor, district_a_officer, township_official, enterprise_user_a
) -> None:
    client.force_login(monitor)
    data = {
        "year": "2025", "unit_name": "铁东区生态环境分局", "auditor": "市审计局",
        "scope": ["projects"], "findings": "", "conclusion": "",
        "reported_on": "2026-05-01",
    }  # fmt: skip
    response = client.post(reverse("quality:audit-create"), data)
    assert response.status_code == 400
    assert 'value="铁东区生态环境分局"' in response.content.decode()
    assert not Audit.objects.exists()
    data["conclusion"] = "项目建设进度符合要求"
    assert client.post(reverse("quality:audit-create"), data).status_code == 302
    hidden = _audit(monitor)  # recorded, not published
    shown = Audit.objects.get(unit_name="铁东区生态环境分局")
    publish = reverse("quality:audit-publish", args=[shown.pk])
    # A district officer reads the list but may not publish.
    client.force_login(district_a_officer)
    assert client.get(reverse("quality:audits")).status_code == 200
    assert client.post(publish).status_code == 403
    client.force_login(monitor)
    assert client.post(publish).status_code == 302
    client.logout()
    body = client.get(reverse("quality:audits-public")).content.decode()
    assert "铁东区生态环境分局" in body and "项目建设进度符合要求" in body
    assert hidden.unit_name not in body
    for outsider in (township_official, enterprise_user_a):
        client.force_login(outsider)
        assert client.get(reverse("quality:audits")).status_code in (302, 403)
    client.logout()
    assert client.get(reverse("quality:audits")).status_code == 302
