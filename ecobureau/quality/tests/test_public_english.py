"""The public quality pages in English: chosen the way the site chooses it (the
language cookie the switch sets) — the summary, the monthly bulletin (page and
PDF figures), the published letters and audits read in English; without the
cookie they stay in Chinese, word for word as before, whatever the browser
prefers. Names typed by staff (units, sections, findings) stay as typed."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from ecobureau.lib.dates import SHANGHAI
from ecobureau.quality import bulletin, services

from .test_bulletin_public import data, issued  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 4, 10, 9, tzinfo=SHANGHAI)  # March is the latest month over
CJK = re.compile(r"[\u4e00-\u9fff]")


def _page(client, url, *, english, params=None):
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url, params or {}, HTTP_ACCEPT_LANGUAGE="en")
    return response, response.content.decode()


def _main(page: str) -> str:
    """The page's own content (the portal's layout is not this module's)."""
    return page.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.fixture
def published(monitor):
    with time_machine.travel(NOW, tick=False):
        letter = services.letter_create(
            actor=monitor, year=2025, unit_name="铁东区人民政府", issuer="市人民政府",
            head_name="李四", head_post="区长", signed_on=date(2025, 2, 1),
            targets=[("PM2.5年均浓度下降", "≤35微克/立方米")], now=NOW,
        )  # fmt: skip
        target = letter.targets.get()
        services.letter_target_assess(
            actor=monitor, target=target, met=False, result="年均38微克/立方米", now=NOW
        )
        services.letter_conclude(
            actor=monitor, letter=letter, now=NOW, cause="poor_work",
            accountability="约谈区政府主要负责人",
        )  # fmt: skip
        services.letter_publish(
            actor=monitor, letter=letter, now=NOW, congress_reported_on=date(2026, 3, 5)
        )
        audit = services.audit_record(
            actor=monitor, year=2025, unit_name="立山区深沟寺街道办事处",
            auditor="市审计局", scope=["targets", "funds", "projects"],
            findings="专项资金拨付滞后", conclusion="限期三个月整改",
            reported_on=date(2026, 3, 30), now=NOW,
        )  # fmt: skip
        services.audit_publish(actor=monitor, audit=audit, now=NOW)


@time_machine.travel(NOW, tick=False)
def test_the_public_summary_in_english(client, data) -> None:  # noqa: F811
    response, page = _page(
        client,
        reverse("quality:public"),
        english=True,
        params={"year": 2026, "month": 3},
    )
    assert response.status_code == 200 and 'lang="en"' in page
    main = _main(page)
    assert "State of the environment · January–3/2026" in main
    assert "Monitored sections: 1; share of good water (Class I–III): 100.0%" in main
    assert "; 1 of the 1 sections with an assessment target met it." in main
    assert "<td>Class II</td><td>Excellent</td>" in main
    assert "Mean PM2.5 concentration 35.5 µg/m³; share of good days 50.0%." in main
    # only the section's and district's names (typed by staff) stay Chinese
    left = set(CJK.findall(main)) - set("R1断面铁东区")
    assert not left, left


@time_machine.travel(NOW, tick=False)
def test_the_public_bulletin_in_english(client, issued) -> None:  # noqa: F811
    response, page = _page(client, reverse("quality:bulletin-public"), english=True)
    assert response.status_code == 200
    main = _main(page)
    assert "Monthly environmental quality bulletin · January–3/2026" in main
    assert '<h2 id="part-1">Surface water</h2>' in main
    assert "National sections meeting their target" in main and ">1/1<" in main
    assert "Mean PM2.5 (µg/m³)" in main and ">35.5<" in main
    assert "Share of good days" in main and ">50.0%<" in main
    assert "1/2 days, each day under the standard in force that day" in main
    assert "Functional areas: daytime point-time compliance rate" in main
    assert "Download PDF" in main and "Earlier bulletins" in main and "2/2026" in main
    assert "地表水" not in main and "环境空气" not in main and "数据来源" not in main
    # the PDF's figures follow the same language; the staff bulletin stays Chinese
    with translation.override("en"):
        parts = {f.part for f in bulletin.figures_public(year=2026, month=3)}
    assert parts == {
        "Surface water", "Drinking-water sources", "Ambient air", "Acoustic environment"
    }  # fmt: skip
    bad, text = _page(client, reverse("quality:bulletin-public"), english=True,
                      params={"year": "x"})  # fmt: skip
    assert bad.status_code == 400 and "The year and month must be numbers" in text


def test_published_letters_and_audits_in_english(client, published) -> None:
    response, page = _page(client, reverse("quality:letters-public"), english=True)
    assert response.status_code == 200
    main = _main(page)
    assert "Results of the environmental target responsibility assessment" in main
    assert "2025 铁东区人民政府: Not completed" in main
    assert "Issued by: 市人民政府." in main
    assert (
        "reported to the People's Congress (its Standing Committee) on 5 March 2026"
        in main
    )
    assert "Reason not completed: Ineffective work." in main
    assert "PM2.5年均浓度下降 (≤35微克/立方米): Not completed." in main
    assert "工作不力" not in main and "下达单位" not in main
    response, page = _page(client, reverse("quality:audits-public"), english=True)
    main = _main(page)
    assert "Environmental responsibility audit results" in main
    assert "audit scope: targets, funds, projects; report date: 30 March 2026." in main
    assert "Problems found: 专项资金拨付滞后" in main
    assert "Audit conclusion and rectification required: 限期三个月整改" in main
    assert "审计机关" not in main and "审计内容" not in main and "目标、" not in main


@time_machine.travel(NOW, tick=False)
def test_without_the_choice_the_pages_stay_chinese(client, issued, published) -> None:  # noqa: F811
    _, summary = _page(
        client,
        reverse("quality:public"),
        english=False,
        params={"year": 2026, "month": 3},
    )
    assert "环境质量状况 · 2026年1—3月" in summary
    assert (
        "监测断面1个，优良水体（Ⅰ～Ⅲ类）比例100.0%；1个有考核目标的断面中1个达到考核目标。"
        in summary
    )
    assert "<td>II类</td><td>优</td>" in summary
    assert "PM2.5平均浓度35.5微克/立方米，优良天数比例50.0%。" in summary
    _, page = _page(client, reverse("quality:bulletin-public"), english=False)
    assert (
        "环境质量月报 · 2026年1—3月" in page and '<h2 id="part-1">地表水</h2>' in page
    )
    assert "1/2天，各日按当日施行标准（HJ 633—2012）" in page
    assert "2026年2月" in page and "State of" not in page
    _, letters = _page(client, reverse("quality:letters-public"), english=False)
    assert "2025年 铁东区人民政府：未完成" in letters
    assert (
        "下达单位：市人民政府。已于2026年3月5日向人民代表大会（常委会）报告目标完成情况。"
        in letters
    )
    assert "未完成原因：工作不力。" in letters
    assert "PM2.5年均浓度下降（≤35微克/立方米）：未完成。年均38微克/立方米" in letters
    _, audits = _page(client, reverse("quality:audits-public"), english=False)
    assert (
        "审计机关：市审计局；审计内容：目标、资金、项目；报告日期：2026年3月30日。"
        in audits
    )
