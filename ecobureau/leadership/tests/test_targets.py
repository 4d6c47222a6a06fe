"""C10 and D6 on the leadership pages: the year's responsibility letters of
district governments and departments (met, unmet, in force) and the
responsibility audits reported in the period, from the quality module — each
figure equal to its drill-down, a district page counting its district only, a
unit page none, and someone without the quality module's view told so."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.quality import services as quality_services

from .conftest import at
from .test_emergencies import _links
from .test_figures import drill_total, figure_counts

pytestmark = pytest.mark.django_db

YEAR = "?period=year&value=2026"
KEYS = ["target-letters", "target-letters-unmet", "responsibility-audits"]


@pytest.fixture
def monitor(bureau) -> User:
    """监测中心 (city scope): records the letters and audits (quality module)."""
    return UserFactory(
        username="monitor",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["monitoring_staff"],
    )


def letter(monitor, unit_name, district, year=2026, *met: bool):
    made = quality_services.letter_create(
        actor=monitor, year=year, unit_name=unit_name, district=district,
        issuer="市人民政府", head_name="李四", head_post="区长",
        signed_on=date(year, 2, 1), targets=[("PM2.5年均浓度下降", "≤35")],
        now=at(1),
    )  # fmt: skip
    if met:
        target = made.targets.get()
        quality_services.letter_target_assess(
            actor=monitor, target=target, met=met[0], result="年均32", now=at(1)
        )
        quality_services.letter_conclude(
            actor=monitor, letter=made, now=at(1),
            cause="" if met[0] else "poor_work",
            accountability="" if met[0] else "诫勉谈话",
        )  # fmt: skip
    return made


def audit(monitor, unit_name, district, reported_on):
    return quality_services.audit_record(
        actor=monitor, year=2025, unit_name=unit_name, district=district,
        auditor="市审计局", scope=["funds"], findings="资金拨付滞后",
        conclusion="限期整改", reported_on=reported_on, now=at(1),
    )  # fmt: skip


@pytest.fixture
def targets_world(monitor, district_a, district_b):
    """2026: A's government met, A's water bureau unmet, B's government in force, a
    city-wide department unmet; a 2025 letter of A (not counted). Audits: one of A
    reported in June 2026, one of B in March 2026, one of A in 2025 (not counted)."""
    return {
        "letters": [
            letter(monitor, "铁东区人民政府", district_a, 2026, True),
            letter(monitor, "铁东区水务局", district_a, 2026, False),
            letter(monitor, "铁西区人民政府", district_b, 2026),
            letter(monitor, "市住房和城乡建设局", None, 2026, False),
            letter(monitor, "铁东区人民政府", district_a, 2025, True),
        ],
        "audits": [
            audit(monitor, "铁东区新兴街道", district_a, date(2026, 6, 30)),
            audit(monitor, "铁西区永乐街道", district_b, date(2026, 3, 1)),
            audit(monitor, "铁东区解放街道", district_a, date(2025, 12, 1)),
        ],
    }


def test_city_figures_equal_their_drill_downs(client, city_leader, targets_world):
    client.force_login(city_leader)
    html = client.get(reverse("leadership:city") + YEAR).text
    f = figure_counts(html)
    assert f["target-letters"] == ("4", 4)
    assert "完成 1，未完成 2，执行中 1；已公开 0" in html
    assert f["target-letters-unmet"] == ("2", 2)
    assert f["responsibility-audits"] == ("2", 2)
    links = _links(html)
    for key in KEYS:
        assert drill_total(client, links[key]) == f[key][1], key
    unmet = client.get(links["target-letters-unmet"]).text
    assert "铁东区水务局" in unmet and "市住房和城乡建设局" in unmet
    assert "铁西区人民政府" not in unmet
    first = targets_world["letters"][1]
    assert first.get_absolute_url() in unmet


def test_district_page_counts_its_district_and_a_unit_page_none(
    client, district_a_leader, district_b, unit_head, targets_world
):
    client.force_login(district_a_leader)
    district_a = targets_world["letters"][0].district
    html = client.get(reverse("leadership:district", args=[district_a.pk]) + YEAR).text
    f = figure_counts(html)
    assert f["target-letters"] == ("2", 2)  # A's government and water bureau
    assert f["responsibility-audits"] == ("1", 1)
    links = _links(html)
    listing = client.get(links["target-letters"]).text
    assert "铁东区水务局" in listing and "铁西区人民政府" not in listing
    assert "市住房和城乡建设局" not in listing
    other = links["target-letters"].replace(
        f"pk={district_a.pk}", f"pk={district_b.pk}"
    )
    assert client.get(other).status_code == 404

    client.force_login(unit_head)
    unit = unit_head.unit
    html = client.get(reverse("leadership:unit", args=[unit.pk]) + YEAR).text
    f = figure_counts(html)
    assert f["target-letters"] == ("0", 0)
    assert "科室、分局页面不含政府和部门的责任状与审计" in html


def test_a_month_counts_the_audits_reported_in_it(client, city_leader, targets_world):
    client.force_login(city_leader)
    html = client.get(reverse("leadership:city") + "?period=month&value=2026-06").text
    f = figure_counts(html)
    assert f["responsibility-audits"] == ("1", 1)
    assert f["target-letters"] == ("4", 4)  # letters are the month's year's
