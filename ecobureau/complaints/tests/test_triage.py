"""Triage with the seed's rules, kept as data (seed 000 12369 常见问题1、3–5)."""

import pytest

from ecobureau.complaints import services
from ecobureau.complaints.models import TriageRule

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "noise_source", "code", "outcome"),
    [
        ("此事已向法院起诉，请环保局也管管", "", "legal-procedure", "not_accepted"),
        ("小区门口汽车鸣笛太吵", "", "traffic-noise", "redirect"),
        ("附近工地夜间施工噪音太大", "", "city-noise", "redirect"),
        ("楼下有噪音", "social", "city-noise", "redirect"),
        ("物业不给修电梯", "", "not-environmental", "redirect"),
        ("化工厂偷排废水", "", "enterprise-pollution", "bureau"),
        ("華信化工廠排放廢氣", "", "enterprise-pollution", "bureau"),
    ],
)
def test_the_first_matching_rule_is_suggested(
    triage_table, desk, text, noise_source, code, outcome
):
    complaint = submit(text=text, noise_source=noise_source, place="某处")
    complaint.refresh_from_db()
    assert complaint.triage_rule is not None
    assert (complaint.triage_rule.code, complaint.triage_rule.outcome) == (
        code,
        outcome,
    )
    assert complaint.redirect_to == complaint.triage_rule.channel_text


def test_construction_noise_names_the_city_enforcement_bureau(triage_table, desk):
    complaint = submit(text="工地打桩扰民", place="某处")
    assert complaint.redirect_to == "鞍山市城市管理综合行政执法局"


def test_the_table_is_data_an_administrator_changes(triage_table, desk):
    # Panjin gives traffic and social-life noise to the police (requirements D11).
    TriageRule.objects.filter(code="city-noise").update(noise_sources="construction")
    TriageRule.objects.filter(code="traffic-noise").update(
        noise_sources="traffic,social", channel_text="盘锦市公安局"
    )
    complaint = submit(text="楼下有人唱歌", noise_source="social", place="某处")
    complaint.refresh_from_db()
    assert complaint.triage_rule.code == "traffic-noise"
    assert complaint.redirect_to == "盘锦市公安局"
    TriageRule.objects.update(is_active=False)
    assert services.triage_suggest(complaint) is None


def test_a_deleted_shipped_rule_is_not_loaded_again(triage_table):
    from io import StringIO

    from ecobureau.complaints import reference

    TriageRule.objects.filter(code="not-environmental").delete()
    TriageRule.objects.filter(code="legal-procedure").update(name="本地改名")
    reference.load(StringIO(), 0)
    assert not TriageRule.objects.filter(code="not-environmental").exists()
    assert TriageRule.objects.get(code="legal-procedure").name == "本地改名"
