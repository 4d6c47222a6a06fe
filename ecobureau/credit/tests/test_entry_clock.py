"""C7 (辽宁 征求意见稿 第四条, 示例配置): records the scoring reads, arisen and not
yet entered into the enterprise's credit record, are due 10 working days after
they arose (lib.workdays with the bureau's calendar); the overdue are flagged on
the credit team's pages; entering keeps the due day and whether it was late."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.credit import selectors_entries, services
from ecobureau.credit.models import FactEntry
from ecobureau.monitoring.models import DischargeFlag

from .conftest import at
from .test_consequences import penalty

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(at(2026, 3, 20), tick=False):
        yield


@pytest.fixture
def arisen(enterprise_a, enterprise_b, district_a_officer):
    """A: a case filed and its penalty decided 2026-03-02 (due 03-16, overdue on
    03-20) and an over-total flag of 03-18 (due 04-01). B: a case and penalty of
    03-19."""
    late = penalty(
        enterprise_a,
        district_a_officer,
        decided=at(2026, 3, 2),
        fine="20000",
        number="鞍环罚〔2026〕3号",
    )
    flag = DischargeFlag.objects.create(
        enterprise=enterprise_a,
        kind=DischargeFlag.Kind.OVER_TOTAL,
        year=2026,
        detail="二氧化硫排放量超许可排放量",
        detected_at=at(2026, 3, 18),
    )
    other = penalty(
        enterprise_b,
        district_a_officer,
        decided=at(2026, 3, 19),
        fine="1000",
        number="鞍环罚〔2026〕4号",
    )
    return {
        "late": f"{enterprise_a.pk}|enforcement.penaltydecision:{late.pk}",
        "flag": f"{enterprise_a.pk}|monitoring.dischargeflag:{flag.pk}",
        "b": f"{enterprise_b.pk}|enforcement.penaltydecision:{other.pk}",
    }


def test_due_day_counts_working_days():
    assert selectors_entries.entry_due(date(2026, 3, 2)) == date(2026, 3, 16)
    # the National Day holiday is skipped
    assert selectors_entries.entry_due(date(2026, 9, 28)) == date(2026, 10, 16)


def test_clock_flags_the_overdue_and_entering_records_it(
    client, arisen, credit_officer, enterprise_a
):
    client.force_login(credit_officer)
    index = client.get(reverse("credit:index")).content.decode()
    assert "2条信用信息已超过录入时限未录入" in index
    url = reverse("credit:entries")
    page = client.get(url, {"year": 2026})
    text = page.content.decode()
    assert page.status_code == 200
    assert "鞍环罚〔2026〕3号" in text and "2026-03-16" in text
    assert "2026-04-01" in text  # the flag's due day
    assert text.count('data-testid="overdue"') == 2  # A's case and penalty
    assert "征求意见稿" in text and "示例配置" in text
    # Enter the late penalty and the flag.
    response = client.post(
        url, {"year": 2026, "fact": [arisen["late"], arisen["flag"]]}
    )
    assert response.status_code == 302
    rows = {e.source: e for e in FactEntry.objects.filter(enterprise=enterprise_a)}
    assert rows["penalty"].due_on == date(2026, 3, 16) and rows["penalty"].late
    assert rows["over_total"].due_on == date(2026, 4, 1)
    assert not rows["over_total"].late
    entry = Record.objects.get(action="credit.fact.enter")
    assert '"late":true' in entry.payload.replace(" ", "")
    text = client.get(url, {"year": 2026}).content.decode()
    assert text.count('data-testid="overdue"') == 1  # the case filed is left
    assert "逾期录入" in text
    assert (
        "1条信用信息已超过录入时限未录入"
        in client.get(reverse("credit:index")).content.decode()
    )
    # The same record twice: 400, nothing more written, the choice kept.
    again = client.post(url, {"year": 2026, "fact": [arisen["late"], arisen["b"]]})
    assert again.status_code == 400
    assert "以下信息已录入" in again.content.decode()
    assert FactEntry.objects.count() == 2


def test_only_records_the_scoring_reads_and_of_the_scope(
    client,
    arisen,
    credit_officer,
    district_b_officer,
    city_leader,
    enterprise_user_a,
    enterprise_a,
):
    url = reverse("credit:entries")
    client.force_login(credit_officer)
    bogus = f"{enterprise_a.pk}|enforcement.penaltydecision:999999"
    response = client.post(url, {"year": 2026, "fact": [bogus]})
    assert response.status_code == 400
    assert "不是2026年度已产生的评价信息" in response.content.decode()
    # Another district's officer sees nothing of A and cannot enter it.
    client.force_login(district_b_officer)
    text = client.get(url, {"year": 2026}).content.decode()
    assert "鞍环罚〔2026〕3号" not in text
    response = client.post(url, {"year": 2026, "fact": [arisen["late"]]})
    assert response.status_code == 400
    assert "不在您的数据范围内" in response.content.decode()
    # The leader reads, does not enter; the enterprise sees no staff page.
    client.force_login(city_leader)
    assert "鞍环罚〔2026〕3号" in client.get(url, {"year": 2026}).content.decode()
    assert client.post(url, {"year": 2026, "fact": [arisen["late"]]}).status_code == 403
    client.force_login(enterprise_user_a)
    assert client.get(url).status_code in (302, 403)
    assert not FactEntry.objects.exists()
    with pytest.raises(Exception, match="不能录入"):
        services.facts_enter(
            year=2026,
            selected={enterprise_a.pk: [arisen["late"].split("|")[1]]},
            by=city_leader,
        )
