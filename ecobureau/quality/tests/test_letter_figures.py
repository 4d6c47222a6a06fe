"""Responsibility-letter targets linked to this module's figures (D3): PM2.5 and
the good-days ratio from the air module's daily values, the good-water share,
sections meeting their targets and the drinking-source rate over the letter's
district, the emission cap from the district ledger — each with the figure shown
and a computed met / not met (hand arithmetic in the comments); text targets say
they are assessed by hand; the link's rules, record entry and who may set it."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.air.models import City, DailyValue, Station
from ecobureau.core.models import Record
from ecobureau.lib.dates import SHANGHAI
from ecobureau.quality import letter_figures, services
from ecobureau.quality.models import LetterTarget, Measurement, Sample

from .conftest import make_section

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 10, tzinfo=SHANGHAI)  # 2025 is over; 2026 is not
Indicator = LetterTarget.Indicator


def add_sample(section, day: date, **values) -> None:
    sample = Sample.objects.create(section=section, sampled_on=day)
    Measurement.objects.bulk_create(
        Measurement(sample=sample, parameter=k, value=D(str(v)))
        for k, v in values.items()
    )


def _letter(actor, year=2025, district=None, targets=None, unit="铁东区人民政府"):
    return services.letter_create(
        actor=actor, year=year, unit_name=unit, issuer="市人民政府",
        head_name="李四", head_post="区长", signed_on=date(year, 2, 1),
        targets=targets or [("PM2.5浓度", "≤35"), ("优良天数", "≥80%"), ("宣传", "")],
        now=NOW, district=district,
    )  # fmt: skip


def _link(actor, letter, position, indicator, threshold=None, pollutant=""):
    target = letter.targets.get(position=position)
    return services.letter_target_link(
        actor=actor, target=target, indicator=indicator, threshold=threshold,
        pollutant=pollutant, now=NOW,
    )  # fmt: skip


def _figures(letter):
    targets = list(letter.targets.order_by("position"))
    return letter_figures.letter_figures(letter, targets, now=NOW), targets


@pytest.fixture
def air_2025(city):
    # 2025: PM2.5 30, 36, 36 → mean 34.0; levels 1, 2, 3 → 2 good days of 3
    home = City.objects.create(code="210300", name="示例市", division=city)
    for day, pm25, level in ((1, 30, 1), (2, 36, 2), (3, 36, 3)):
        DailyValue.objects.create(
            city=home, date=date(2025, 6, day), standard="HJ633-2012",
            pm25=pm25, level=level, aqi=40 * level,
        )  # fmt: skip
    return home


def test_air_targets_computed_and_a_text_target_says_so(monitor, air_2025, district_a):
    letter = _letter(monitor, district=district_a)
    _link(monitor, letter, 1, Indicator.PM25_MAX, D("35"))
    _link(monitor, letter, 2, Indicator.GOOD_DAYS_MIN, D("70"))

    figures, targets = _figures(letter)

    pm25, good = figures[targets[0].pk], figures[targets[1].pk]
    assert pm25.met is True and "34.0微克/立方米" in pm25.value  # 34.0 ≤ 35
    assert good.met is False  # 2 / 3 = 66.7 % < 70 %
    assert "66.7%（2/3天" in good.value
    assert pm25.provisional is False and pm25.verdict == "达标"
    assert "按全市数值核算" in pm25.basis  # a district letter, the city's figure
    assert targets[2].pk not in figures  # the text target: no figure
    # a tighter target turns PM2.5 to not met: 34.0 > 33
    _link(monitor, letter, 1, Indicator.PM25_MAX, D("33"))
    figures, targets = _figures(letter)
    assert figures[targets[0].pk].met is False


def _station_day(home, station, day, pm25) -> None:
    """A station's daily value with every pollutant, so that its AQI publishes
    (HJ 633 publishes a day with a pollutant missing only above 100)."""
    DailyValue.objects.create(
        city=home, station=station, date=day, standard="HJ633-2012", so2=10,
        no2=20, pm10=50, co=0.5, o3_1h=60, o3_8h=50, pm25=pm25,
    )  # fmt: skip


def test_a_district_letter_uses_its_own_stations(
    monitor, air_2025, district_a, district_b
):
    # given: district A has two stations, district B one
    a1, a2, b1 = (
        Station.objects.create(city=air_2025, code=code, name=code, district=d)
        for code, d in (("A1", district_a), ("A2", district_a), ("B1", district_b))
    )
    # day 1: A 30 and 40 → mean 35 → IAQI 50 (HJ 633—2012 breakpoint), 优
    # day 2: A 70 and 80 → mean 75 → IAQI 100, 良
    # day 3: only A1 (120): 1 of 2 stations < 75 % → no district value that day
    for day, values in ((1, (30, 40)), (2, (70, 80)), (3, (120, None))):
        for station, pm25 in zip((a1, a2), values, strict=True):
            if pm25 is not None:
                _station_day(air_2025, station, date(2025, 7, day), pm25)
        _station_day(air_2025, b1, date(2025, 7, day), 10)
    letter = _letter(monitor, district=district_a)
    _link(monitor, letter, 1, Indicator.PM25_MAX, D("35"))
    _link(monitor, letter, 2, Indicator.GOOD_DAYS_MIN, D("70"))

    figures, targets = _figures(letter)

    # then: A's figures from A's stations only: PM2.5 (35 + 75) / 2 = 55.0 > 35;
    # 2 good days of 2 valid ones = 100 % ≥ 70 % (the city's rows are not read)
    pm25, good = figures[targets[0].pk], figures[targets[1].pk]
    assert "55.0微克/立方米" in pm25.value and pm25.met is False
    assert "100.0%（2/2天" in good.value and good.met is True
    assert pm25.basis.startswith(f"{district_a.name}站点空气质量日数据")
    assert "按全市数值核算" not in pm25.basis
    # a city letter keeps the city's rows: 34.0, 2 of 3
    city_letter = _letter(monitor, unit="市人民政府")
    _link(monitor, city_letter, 1, Indicator.PM25_MAX, D("35"))
    figures, targets = _figures(city_letter)
    assert "34.0微克/立方米" in figures[targets[0].pk].value
    assert figures[targets[0].pk].basis.startswith("全市空气质量日数据")


def test_water_figures_over_the_letters_district(monitor, district_a, district_b):
    # given: district A has two river sections (II and IV against III) and a
    # drinking source (III, passes); district B a section of class I.
    a1 = make_section(monitor, district_a, "A1")
    a2 = make_section(monitor, district_a, "A2")
    b1 = make_section(monitor, district_b, "B1")
    source = make_section(
        monitor, district_a, "S1", is_drinking_source=True, level="city"
    )
    for section in (a1, a2, b1):
        services.section_target_set(
            actor=monitor, section=section, year=2025, target="III"
        )
    add_sample(a1, date(2025, 5, 1), ph=7, nh3n="0.4")  # II
    add_sample(a2, date(2025, 5, 1), ph=7, nh3n="1.2")  # IV
    add_sample(b1, date(2025, 5, 1), ph=7, nh3n="0.1")  # I
    add_sample(source, date(2025, 5, 1), ph=7, nh3n="0.9")  # III
    letter = _letter(
        monitor, district=district_a,
        targets=[("水质", ""), ("断面", ""), ("水源地", "")],
    )  # fmt: skip
    _link(monitor, letter, 1, Indicator.WATER_GOOD_MIN, D("50"))
    _link(monitor, letter, 2, Indicator.SECTIONS_MEET)
    _link(monitor, letter, 3, Indicator.DRINKING_MIN, D("100"))

    figures, targets = _figures(letter)
    water, sections, drinking = (figures[t.pk] for t in targets)

    # A only: 1 good of 2 = 50 % ≥ 50 % (with B it would be 2 of 3)
    assert water.met is True and "50.0%（1/2个断面" in water.value
    assert sections.met is False and "1/2个断面达到目标" in sections.value
    assert "断面A2" in sections.value
    assert drinking.met is True and "100.0%（1/1个" in drinking.value
    # the city's letter (no district) counts B too: 2 of 3 good
    city_letter = services.letter_create(
        actor=monitor, year=2025, unit_name="市水务局", issuer="市人民政府",
        head_name="王五", head_post="局长", signed_on=date(2025, 2, 1),
        targets=[("水质", "")], now=NOW,
    )  # fmt: skip
    _link(monitor, city_letter, 1, Indicator.WATER_GOOD_MIN, D("70"))
    figures, targets = _figures(city_letter)
    assert figures[targets[0].pk].met is False  # 66.7 % < 70 %
    assert "66.7%（2/3个断面" in figures[targets[0].pk].value


def test_emission_cap_from_the_district_ledger(monitor, district_a):
    # given: COD base 1,000 t, cap 950 t; reported 12 × 80 = 960 t → over the cap
    services.emission_target_set(
        actor=monitor, year=2025, district=district_a, pollutant="cod",
        base_tonnes=D(1000), cap_tonnes=D(950),
    )  # fmt: skip
    for month in range(1, 13):
        services.emission_actual_set(
            actor=monitor, year=2025, month=month, district=district_a,
            pollutant="cod", tonnes=D(80),
        )  # fmt: skip
    letter = _letter(monitor, district=district_a, targets=[("COD削减", "")])
    _link(monitor, letter, 1, Indicator.EMISSION_CAP, pollutant="cod")

    figures, targets = _figures(letter)
    cod = figures[targets[0].pk]

    assert cod.met is False
    # cut (1000 − 960) / 1000 = 4.0 %
    assert cod.value == "960.000吨（年度控制目标950.000吨，较基准年削减4.0%）"
    assert "区县报送数" in cod.basis
    # December reported lower: 11 × 80 + 60 = 940 t ≤ 950 → met, cut 6.0 %
    services.emission_actual_set(
        actor=monitor, year=2025, month=12, district=district_a,
        pollutant="cod", tonnes=D(60),
    )  # fmt: skip
    figures, targets = _figures(letter)
    assert figures[targets[0].pk].met is True
    assert "削减6.0%" in figures[targets[0].pk].value


def test_a_year_not_over_is_provisional_and_no_data_cannot_be_computed(
    monitor, district_a
):
    letter = _letter(monitor, year=2026, district=district_a)
    _link(monitor, letter, 1, Indicator.PM25_MAX, D("35"))
    figures, targets = _figures(letter)
    figure = figures[targets[0].pk]
    assert figure.met is None and figure.verdict == "无法核算"  # no air data
    assert figure.provisional is True
    assert "2026年1月1日至3月9日" in figure.basis


def test_link_rules_record_and_the_assessment_keeps_the_figure(
    monitor, air_2025, district_a_head
):
    letter = _letter(monitor)  # no district
    with pytest.raises(ValidationError, match="需要填写目标值"):
        _link(monitor, letter, 1, Indicator.PM25_MAX)
    with pytest.raises(ValidationError, match="0至100之间"):
        _link(monitor, letter, 2, Indicator.GOOD_DAYS_MIN, D("120"))
    with pytest.raises(ValidationError, match="请选择污染物"):
        _link(monitor, letter, 3, Indicator.EMISSION_CAP)
    with pytest.raises(ValidationError, match="未指定所属区县"):
        _link(monitor, letter, 3, Indicator.EMISSION_CAP, pollutant="cod")
    with pytest.raises(PermissionDenied):
        _link(district_a_head, letter, 1, Indicator.PM25_MAX, D("35"))
    assert letter.targets.exclude(indicator="").count() == 0

    _link(monitor, letter, 1, Indicator.PM25_MAX, D("35"))
    entry = json.loads(Record.objects.get(action="quality.letter_target_link").payload)
    assert entry["data"]["indicator"] == "pm25_max"
    assert entry["data"]["threshold"] == "35"
    target = letter.targets.get(position=1)
    services.letter_target_assess(
        actor=monitor, target=target, met=True, result="达标", now=NOW
    )
    assessed = json.loads(
        Record.objects.get(action="quality.letter_target_assess").payload
    )
    assert assessed["data"]["computed"] == "met"
    assert "34.0微克/立方米" in assessed["data"]["figure"]
    # unlinking keeps nothing of the old threshold
    target = _link(monitor, letter, 2, "", D("80"))
    assert target.indicator == "" and target.threshold is None


def test_link_page_refused_form_and_who_may_not(
    client, monitor, air_2025, district_a_officer
):
    letter = _letter(monitor)
    target = letter.targets.get(position=1)
    url = reverse("quality:letter-target-link", args=[letter.pk, target.pk])
    client.force_login(monitor)
    body = client.get(letter.get_absolute_url()).content.decode()
    assert letter_figures.TEXT_ONLY_NOTE in body

    response = client.post(url, {"indicator": "pm25_max", "threshold": "abc"})
    assert response.status_code == 400
    assert 'value="abc"' in response.content.decode()  # what was typed is kept
    response = client.post(url, {"indicator": "good_days_min", "threshold": ""})
    assert response.status_code == 400
    assert "该指标需要填写目标值" in response.content.decode()

    assert client.post(url, {"indicator": "pm25_max", "threshold": "35"}).status_code == 302  # fmt: skip
    body = client.get(letter.get_absolute_url()).content.decode()
    assert "达标</strong>：PM2.5平均浓度34.0微克/立方米" in body
    target.refresh_from_db()
    assert target.indicator == "pm25_max"

    client.force_login(district_a_officer)  # sees letters, may not change them
    assert client.post(url, {"indicator": ""}).status_code == 403
    client.logout()
    assert client.post(url, {"indicator": ""}).status_code == 302  # to log-in
    target.refresh_from_db()
    assert target.indicator == "pm25_max"


def test_cwqi_over_the_letters_district_and_the_city(monitor, district_a, district_b):
    # River sections, pH 7 (index 0) and ammonia N over the class III limit 1.0:
    # A1 0.4 and A2 1.2 → district A's pooled mean 0.8 → CWQI 0.80;
    # with B1 0.1 the city's mean is 1.7 / 3 → CWQI 0.57.
    for district, code, nh3n in (
        (district_a, "A1", "0.4"),
        (district_a, "A2", "1.2"),
        (district_b, "B1", "0.1"),
    ):
        section = make_section(monitor, district, code)
        add_sample(section, date(2025, 5, 1), ph=7, nh3n=nh3n)
    letter = _letter(monitor, district=district_a, targets=[("水质指数", "")])
    _link(monitor, letter, 1, Indicator.CWQI_MAX, D("0.79"))
    figures, targets = _figures(letter)
    figure = figures[targets[0].pk]
    assert figure.met is False and "0.80（2个断面，目标≤0.79）" in figure.value
    assert figure.label == "城市水质指数CWQI" and "铁东" in figure.basis
    city = services.letter_create(
        actor=monitor, year=2025, unit_name="市水务局", issuer="市人民政府",
        head_name="王五", head_post="局长", signed_on=date(2025, 2, 1),
        targets=[("水质指数", "")], now=NOW,
    )  # fmt: skip
    _link(monitor, city, 1, Indicator.CWQI_MAX, D("0.79"))
    figures, targets = _figures(city)
    assert figures[targets[0].pk].met is True  # 0.57 ≤ 0.79
    assert "0.57（3个断面" in figures[targets[0].pk].value


def test_noise_rate_over_the_letters_district(monitor, district_a, district_b):
    from ecobureau.quality.models import NoiseResult

    # Class 2 limits: day 60, night 50 dB(A). District A: day 58 ✓, night 52 ✗,
    # day 61 ✗, night 49 ✓ → 2 of 4 = 50 %. District B: both met.
    rows = [
        (district_a, "A-1", D("58"), D("52")),
        (district_a, "A-2", D("61"), D("49")),
        (district_b, "B-1", D("55"), D("45")),
    ]
    for district, code, day, night in rows:
        NoiseResult.objects.create(
            kind=NoiseResult.Kind.FUNCTIONAL, district=district, point_code=code,
            point_name=code, area_class="2", measured_on=date(2025, 8, 1),
            day_leq=day, night_leq=night,
        )  # fmt: skip
    letter = _letter(monitor, district=district_a, targets=[("噪声", "")])
    _link(monitor, letter, 1, Indicator.NOISE_RATE_MIN, D("50"))
    figures, targets = _figures(letter)
    figure = figures[targets[0].pk]
    assert figure.met is True and "50.0%（2/4点次，目标≥50%）" in figure.value
    _link(monitor, letter, 1, Indicator.NOISE_RATE_MIN, D("60"))
    figures, targets = _figures(letter)
    assert figures[targets[0].pk].met is False
    with pytest.raises(ValidationError, match="目标值应在0至100之间"):
        _link(monitor, letter, 1, Indicator.NOISE_RATE_MIN, D("101"))
    with pytest.raises(ValidationError, match="该指标需要填写目标值"):
        _link(monitor, letter, 1, Indicator.CWQI_MAX)


def test_hazardous_waste_rate_over_the_letters_district(
    monitor, district_a, enterprise_a, enterprise_b
):
    from ecobureau.quality.models import WasteRecord

    # A: stock 2 + generated 18 = 20 owed, 15 + 4 = 19 handled → 95.0 %;
    # B (another district, not counted): everything handled.
    WasteRecord.objects.create(
        year=2025, enterprise=enterprise_a, opening_stock=D(2), generated=D(18),
        utilised=D(15), disposed=D(4), closing_stock=D(1),
    )  # fmt: skip
    WasteRecord.objects.create(
        year=2025, enterprise=enterprise_b, opening_stock=D(0), generated=D(100),
        utilised=D(50), disposed=D(50), closing_stock=D(0),
    )  # fmt: skip
    letter = _letter(monitor, district=district_a, targets=[("危废", "")])
    _link(monitor, letter, 1, Indicator.WASTE_RATE_MIN, D("100"))
    figures, targets = _figures(letter)
    figure = figures[targets[0].pk]
    assert figure.met is False and figure.value.startswith("95.0%")
    assert "1家企业，目标≥100%" in figure.value
    # no records for the year: cannot be computed
    later = _letter(monitor, year=2026, district=district_a, targets=[("危废", "")])
    _link(monitor, later, 1, Indicator.WASTE_RATE_MIN, D("100"))
    figures, targets = _figures(later)
    assert figures[targets[0].pk].met is None
    assert figures[targets[0].pk].verdict == "无法核算"
