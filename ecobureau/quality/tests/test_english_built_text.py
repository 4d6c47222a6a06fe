"""Text built in Python on the staff pages, in the reader's language (issue 13):
a section's water-class steps (`water_class`), its chart of monthly classes
(`charts`) and a responsibility letter's computed figures (`letter_figures`) read
in English when English is chosen (the language cookie); without the choice they
are the Chinese, word for word, that `rules run water-class` prints and the
record keeps. The English assertions need the entries of po_c.po in the compiled
English catalogue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ecobureau.quality import services
from ecobureau.quality.models import LetterTarget, Measurement, Sample

from .conftest import make_section
from .test_views import data  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _page(client, url, *, english: bool, **params) -> str:
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def _between(page: str, start: str, end: str) -> str:
    return page.split(start, 1)[1].split(end, 1)[0]


def _section_parts(page: str) -> tuple[str, str]:
    steps = _between(
        _between(page, 'data-testid="year-result"', "</details>"), "<ol>", "</ol>"
    )
    return steps, _between(page, 'aria-labelledby="chart-title"', "</section>")


# Section B01 (river), 2026: one sample, ammonia nitrogen 1.8 mg/L, target III.
# 1.8 is above the class IV limit 1.5 and within the class V limit 2.0 → class V;
# exceedance over class III (1.0): (1.8 − 1.0) / 1.0 = 0.8; 1 of 21 items counted.


def test_section_steps_and_chart_in_english(client, city_leader, data, section_b):  # noqa: F811
    client.force_login(city_leader)
    url = reverse("quality:section-detail", args=[section_b.pk])
    steps, chart = _section_parts(_page(client, url, english=True, year=2026))
    assert (
        "<li>Water body: river (total phosphorus against the river limits)</li>"
        in steps
    )
    assert (
        "<li>Ammonia nitrogen 1.8mg/L: class V (class V limit ≤2mg/L, "
        "GB 3838—2002 Table 1)</li>"
    ) in steps
    assert "; 1 counted here, 20 not measured</li>" in steps
    assert (
        "class V, set by Ammonia nitrogen; water quality “Moderately polluted”" in steps
    )
    assert "Ammonia nitrogen 0.8 times over class III" in steps
    assert (
        "Target class III: not met (met when the class is no worse than the target)"
        in steps
    )
    for chinese in ("水体", "氨氮", "参评", "倍", "达标", "表1", "中度污染"):
        assert chinese not in steps, chinese
    assert "<title>Month 3: class V</title>" in chart
    assert ">Target: class III</text>" in chart
    assert f"{section_b.name}: water quality class by month, 2026" in chart
    for chinese in ("月", "目标", "类"):
        assert chinese not in chart.replace(section_b.name, ""), chinese


def test_section_steps_and_chart_stay_chinese(client, city_leader, data, section_b):  # noqa: F811
    client.force_login(city_leader)
    url = reverse("quality:section-detail", args=[section_b.pk])
    steps, chart = _section_parts(_page(client, url, english=False, year=2026))
    assert "<li>水体类型：河流（总磷按河流限值）</li>" in steps
    assert "<li>氨氮 1.8mg/L：V类（V类限值≤2mg/L，GB 3838—2002 表1）</li>" in steps
    assert (
        "（《地表水环境质量评价办法（试行）》（环办〔2011〕22号））；"
        "本次参评1项，缺测20项</li>"
    ) in steps
    assert "：符合V类，定类指标为氨氮；水质状况“中度污染”" in steps
    assert (
        "<li>超标倍数（C−SⅢ）/SⅢ（GB 3838—2002 第5.1条）：氨氮超Ⅲ类0.8倍</li>" in steps
    )
    assert "<li>目标III类：未达标（类别不劣于目标即达标）</li>" in steps
    assert "<title>3月 V类</title>" in chart and ">目标III类</text>" in chart
    assert f"<title>{section_b.name}2026年逐月水质类别</title>" in chart
    assert "Ammonia" not in steps and "Month" not in chart


@pytest.fixture
def letter(monitor, district_a, district_b):
    # 2025 (over): district A's river sections A1 (NH3-N 0.4 → II) and A2
    # (1.2 → IV), both with target III; district B's B1 (0.1 → I) is not counted.
    for district, code, nh3n in (
        (district_a, "A1", "0.4"),
        (district_a, "A2", "1.2"),
        (district_b, "B1", "0.1"),
    ):
        section = make_section(monitor, district, code)
        services.section_target_set(
            actor=monitor, section=section, year=2025, target="III"
        )
        sample = Sample.objects.create(section=section, sampled_on=date(2025, 5, 1))
        Measurement.objects.create(sample=sample, parameter="nh3n", value=D(nh3n))
    letter = services.letter_create(
        actor=monitor, year=2025, unit_name="铁东区人民政府", issuer="市人民政府",
        head_name="李四", head_post="区长", signed_on=date(2025, 2, 1),
        targets=[("水质", ""), ("断面", "")], now=timezone.now(), district=district_a,
    )  # fmt: skip
    for position, indicator, threshold in (
        (1, LetterTarget.Indicator.WATER_GOOD_MIN, D("50")),
        (2, LetterTarget.Indicator.SECTIONS_MEET, None),
    ):
        services.letter_target_link(
            actor=monitor, target=letter.targets.get(position=position),
            indicator=indicator, threshold=threshold, pollutant="", now=timezone.now(),
        )  # fmt: skip
    return letter


def _figure_cells(page: str) -> tuple[str, str]:
    return (
        _between(page, 'data-testid="figure-1">', "</td>"),
        _between(page, 'data-testid="figure-2">', "</td>"),
    )


def test_letter_figures_in_english(client, monitor, letter, district_a) -> None:
    client.force_login(monitor)
    page = _page(client, letter.get_absolute_url(), english=True)
    water, sections = _figure_cells(page)
    # good: A1 only → 1 of 2 = 50.0 % ≥ 50 %; meeting III: A1 only → 1 of 2
    assert (
        "<strong>Met</strong>: Share of good water bodies 50.0% "
        "(1/2 sections, target ≥ 50%)<br><small>"
        f"{district_a.name}: surface-water sections assessed on monthly means, "
        "2025-1-1 to 2025-12-31</small>"
    ) in water
    assert (
        "<strong>Not met</strong>: Assessed sections: 1/2 sections meeting their "
        "target (not met: 断面A2)"
    ) in sections
    assert (
        f"{district_a.name}: sections with an annual target, 2025-1-1 to 2025-12-31"
        in sections
    )
    for cell in (water, sections):
        left = cell.replace(district_a.name, "").replace("断面A2", "")
        for chinese in ("达标", "断面", "优良", "年", "，", "："):
            assert chinese not in left, (chinese, cell)


def test_letter_figures_stay_chinese(client, monitor, letter, district_a) -> None:
    client.force_login(monitor)
    page = _page(client, letter.get_absolute_url(), english=False)
    water, sections = _figure_cells(page)
    assert (
        "<strong>达标</strong>：优良水体比例50.0%（1/2个断面，目标≥50%）<br><small>"
        f"{district_a.name}地表水断面月均值评价，2025年1月1日至12月31日</small>"
    ) in water
    assert (
        "<strong>未达标</strong>：考核断面1/2个断面达到目标（未达标：断面A2）"
        in sections
    )
    # the assessment form's 完成情况 is filled with the Chinese line kept with it
    assert (
        'value="优良水体比例50.0%（1/2个断面，目标≥50%），达标'
        f'（{district_a.name}地表水断面月均值评价，2025年1月1日至12月31日）"'
    ) in page
