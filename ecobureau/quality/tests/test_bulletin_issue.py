"""Issued bulletins (issue 13 item 6): issuing freezes a month's public figures
and PDF, so a sample corrected afterwards leaves the public bulletin as issued;
the staff preview flags the changed figure; a correction is revision 2 with its
reason (revision 1 kept, superseded) and the public then reads it. Only
city-scope quality managers issue; the scheduler's command issues last month
once; the public sees issued months only."""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.core.schedule import SCHEDULE
from ecobureau.lib.dates import SHANGHAI
from ecobureau.quality import services
from ecobureau.quality.models import BulletinIssue, Measurement

from .test_bulletin_public import data  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data")]

NOW = datetime(2026, 4, 10, 9, tzinfo=SHANGHAI)
PUBLIC = reverse("quality:bulletin-public")
STAFF = reverse("quality:bulletin")
ISSUE = reverse("quality:bulletin-issue")


def _spoil_march_sample() -> None:
    # NH3-N 0.4 → 1.8 mg/L: class V, the section no longer meets its target III.
    Measurement.objects.filter(parameter="nh3n").update(value=D("1.8"))


@time_machine.travel(NOW, tick=False)
def test_issue_freezes_the_figures_and_a_correction_is_revision_2(
    client,
    monitor,
) -> None:
    # given March issued from the staff page
    client.force_login(monitor)
    response = client.post(ISSUE, {"year": 2026, "month": 3, "note": "月度例行发布"})
    assert response.status_code == 302
    first = BulletinIssue.objects.get()
    assert (first.revision, first.issued_by, first.note) == (1, monitor, "月度例行发布")
    assert first.sha256 == hashlib.sha256(bytes(first.pdf)).hexdigest()
    assert {
        "part": "地表水",
        "label": "国考断面达到考核目标",
        "value": "1/1个",
    }.items() <= (first.figures[0].items())
    entry = Record.objects.get(action="quality.bulletin_issue")
    assert entry.target_id == str(first.pk) and first.sha256 in entry.payload
    # when the sample is corrected afterwards
    _spoil_march_sample()
    # then the public still reads the issued value
    body = client.get(PUBLIC).content.decode()
    assert "1/1个" in body and "0/1个" not in body and "次更正" not in body
    # and the staff preview shows the live value, flagged
    page = client.get(STAFF, {"year": 2026, "month": 3}).content.decode()
    assert 'data-testid="bulletin-changed"' in page
    assert "国考断面达到考核目标 已发布 1/1个 → 现为 0/1个" in page
    assert "发布后已变化（已发布 1/1个）" in page
    assert "发布更正版" in page
    # a correction without its reason is refused, as typed
    refused = client.post(ISSUE, {"year": 2026, "month": 3, "note": "重算"})
    assert refused.status_code == 400
    assert "发布更正须填写更正理由" in refused.content.decode()
    assert 'value="重算"' in refused.content.decode()
    assert BulletinIssue.objects.count() == 1
    # a correction with its reason is revision 2; revision 1 kept, superseded
    response = client.post(
        ISSUE, {"year": 2026, "month": 3, "reason": "断面R1氨氮数据复核更正"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second = BulletinIssue.objects.get(revision=2)
    assert first.is_superseded and not second.is_superseded
    assert second.reason == "断面R1氨氮数据复核更正"
    body = client.get(PUBLIC).content.decode()
    assert "0/1个" in body
    assert "第1次更正：断面R1氨氮数据复核更正" in body
    pdf = client.get(reverse("quality:bulletin-public-pdf"), {"year": 2026, "month": 3})
    assert pdf.content == bytes(second.pdf) != bytes(first.pdf)
    page = client.get(STAFF, {"year": 2026, "month": 3}).content.decode()
    assert 'data-testid="bulletin-unchanged"' in page
    assert "第1次更正" in page and "（已被更正）" in page
    assert records.verify()[1] is None


@time_machine.travel(NOW, tick=False)
def test_only_city_quality_managers_issue(
    client,
    district_a_officer,
    district_a_leader,
) -> None:
    # a district officer may read the bulletin but not issue it
    client.force_login(district_a_officer)
    page = client.get(STAFF, {"year": 2026, "month": 3})
    assert page.status_code == 200 and "发布本月公报" not in page.content.decode()
    assert client.post(ISSUE, {"year": 2026, "month": 3}).status_code == 403
    # a district head manages district data, not the city's bulletin
    with pytest.raises(PermissionDenied):
        services.bulletin_issue(actor=district_a_leader, year=2026, month=3, now=NOW)
    client.force_login(district_a_leader)
    assert client.post(ISSUE, {"year": 2026, "month": 3}).status_code == 403
    # the public cannot post at all
    client.logout()
    assert client.post(ISSUE, {"year": 2026, "month": 3}).status_code == 302
    assert not BulletinIssue.objects.exists()
    assert client.get(PUBLIC, {"year": 2026, "month": 3}).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_month_not_over_cannot_be_issued(client, monitor) -> None:
    with pytest.raises(ValidationError):
        services.bulletin_issue(actor=monitor, year=2026, month=4, now=NOW)
    client.force_login(monitor)
    page = client.get(STAFF, {"year": 2026, "month": 4}).content.decode()
    assert "该月尚未结束" in page and "发布本月公报" not in page


def test_the_command_issues_last_month_once() -> None:
    with time_machine.travel(datetime(2026, 4, 5, 9, tzinfo=SHANGHAI), tick=False):
        call_command("issue_bulletin")
        call_command("issue_bulletin")  # idempotent
        issue = BulletinIssue.objects.get()
        assert (issue.year, issue.month, issue.revision) == (2026, 3, 1)
        assert issue.issued_by is None  # the scheduler
        call_command("issue_bulletin", "--month", "2026-02")
        assert BulletinIssue.objects.count() == 2
        with pytest.raises(CommandError, match="尚未结束"):
            call_command("issue_bulletin", "--month", "2026-04")
        with pytest.raises(CommandError, match="YYYY-MM"):
            call_command("issue_bulletin", "--month", "2026/03")
    job = next(j for j in SCHEDULE if j.name == "issue_bulletin")
    assert (job.cron, job.command) == ("0 9 5 * *", "issue_bulletin")
