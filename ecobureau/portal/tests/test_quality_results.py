"""Two disclosure lists read from the quality module (issue 15 item 3, seed 003
(十八)): the results of the environmental-target assessment of district
governments and departments (目标责任状考核结果, C10) and the
environmental-responsibility audit results (环境保护责任审计结果, D6). An anonymous
visitor reads the published ones only, searches, pages and exports them, sees
their publication date; the head's name and the accountability text (which names
people) never appear."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils.formats import date_format

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.lib.dates import SHANGHAI
from ecobureau.portal import disclosure
from ecobureau.quality import services
from ecobureau.quality.models import Audit, Letter

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)
LETTERS = reverse("portal:disclosure-list", args=["target-assessment"])
AUDITS = reverse("portal:disclosure-list", args=["responsibility-audits"])
HEAD = "李四"
ACCOUNTABILITY = "对分管副区长王五进行诫勉谈话"


@pytest.fixture
def monitor(bureau: Unit) -> User:
    return UserFactory(
        username="monitor",
        full_name="何工",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["monitoring_staff"],
    )


def _letter(monitor: User, unit_name: str, district, *met: bool) -> Letter:
    letter = services.letter_create(
        actor=monitor,
        year=2025,
        unit_name=unit_name,
        district=district,
        issuer="市人民政府",
        head_name=HEAD,
        head_post="区长",
        signed_on=date(2025, 2, 1),
        targets=[("PM2.5年均浓度下降", "≤35微克/立方米"), ("断面达标", "III类")],
        now=NOW,
    )
    for target, ok in zip(letter.targets.order_by("position"), met, strict=True):
        services.letter_target_assess(
            actor=monitor, target=target, met=ok, result="年均32微克/立方米", now=NOW
        )
    unmet = not all(met)
    return services.letter_conclude(
        actor=monitor,
        letter=letter,
        now=NOW,
        cause="poor_work" if unmet else "",
        accountability=ACCOUNTABILITY if unmet else "",
    )


@pytest.fixture
def letters(monitor: User, district_a, district_b) -> list[Letter]:
    published = _letter(monitor, "铁东区人民政府", district_a, True, False)
    services.letter_publish(
        actor=monitor,
        letter=published,
        now=NOW - timedelta(days=2),
        congress_reported_on=date(2026, 11, 10),
    )
    unpublished = _letter(monitor, "铁西区人民政府", district_b, True, True)
    return [published, unpublished]


@pytest.fixture
def audits(monitor: User, district_a) -> list[Audit]:
    fields = {
        "year": 2025,
        "auditor": "市审计局",
        "findings": "大气污染防治专项资金拨付滞后",
        "conclusion": "限期三个月整改并报送整改情况",
        "reported_on": date(2026, 6, 30),
        "now": NOW,
        "district": district_a,
    }
    published = services.audit_record(
        actor=monitor,
        unit_name="立山区深沟寺街道办事处",
        scope=["funds", "targets"],
        **fields,
    )
    services.audit_publish(actor=monitor, audit=published, now=NOW)
    unpublished = services.audit_record(
        actor=monitor, unit_name="市水务局", scope=["projects"], **fields
    )
    return [published, unpublished]


def test_anonymous_visitor_reads_published_letter_results_only(client, letters):
    response = client.get(LETTERS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "铁东区人民政府" in html and "未完成" in html and "工作不力" in html
    assert "1. PM2.5年均浓度下降：完成（年均32微克/立方米）" in html
    assert "2. 断面达标：未完成" in html
    assert date_format(date(2026, 11, 10)) in html  # reported to the congress
    assert "铁西区人民政府" not in html  # concluded, not published
    assert HEAD not in html and ACCOUNTABILITY not in html and "王五" not in html
    assert 'data-testid="published-on">2026-11-18<' in html
    assert reverse("quality:letters-public") in html


def test_anonymous_visitor_reads_published_audits_only(client, audits):
    html = client.get(AUDITS).content.decode()
    assert "立山区深沟寺街道办事处" in html and "目标、资金" in html
    assert (
        "大气污染防治专项资金拨付滞后" in html
        and date_format(date(2026, 6, 30)) in html
    )
    assert "市水务局" not in html
    assert "何工" not in html  # the clerk who recorded it
    assert reverse("quality:audits-public") in html


def test_search_by_unit_district_or_year_and_export(client, letters, audits):
    assert "铁东区人民政府" in client.get(LETTERS, {"q": "铁东"}).content.decode()
    assert "铁东区人民政府" in client.get(LETTERS, {"q": "2025年"}).content.decode()
    assert "铁东区人民政府" not in client.get(LETTERS, {"q": "2024"}).content.decode()
    found = client.get(AUDITS, {"q": "审计局"}).content.decode()
    assert "立山区深沟寺街道办事处" in found
    assert "立山区深沟寺街道办事处" not in (
        client.get(AUDITS, {"q": "不存在"}).content.decode()
    )

    response = client.get(LETTERS, {"q": "铁东", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["年度", "责任单位", "所属区县", "下达单位", "考核结论"]
    assert rows[1][1] == "铁东区人民政府" and rows[1][4] == "未完成"
    assert len(rows) == 2
    text = client.get(AUDITS, {"format": "csv"}).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "审计年度" and table[1][1] == "立山区深沟寺街道办事处"
    assert len(table) == 2
    assert HEAD not in client.get(LETTERS, {"format": "csv"}).content.decode(
        "utf-8-sig"
    )


def test_catalogue_dates_both_lists_and_flags_an_old_letter_result(letters, audits):
    today = NOW.astimezone(SHANGHAI).date()
    rows = {r.entry.key: r for r in disclosure.index_rows(today=today)}
    assert rows["target-assessment"].published_on == today - timedelta(days=2)
    assert rows["target-assessment"].built_by_portal
    assert not rows["target-assessment"].overdue
    assert rows["responsibility-audits"].published_on == today
    later = {
        r.entry.key: r for r in disclosure.index_rows(today=today + timedelta(days=500))
    }
    assert later["target-assessment"].overdue  # yearly (示例配置)
    assert not later["responsibility-audits"].overdue  # after each audit


def test_lists_say_so_when_nothing_is_published(client):
    for url in (LETTERS, AUDITS):
        assert "暂无公开信息" in client.get(url).content.decode()
