"""The disclosure catalogue and the lists the portal builds: every list named by
issue 15 is in the catalogue, the portal's lists search, page and export, carry
their date, and overdue updates are flagged (A90)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.enterprises.tests.factories import EnterpriseFactory, make_credit_code
from ecobureau.lib.dates import local_date
from ecobureau.portal import disclosure, tables

pytestmark = pytest.mark.django_db


def today() -> date:
    return local_date(timezone.now())


ISSUE_LISTS = {
    "penalties",
    "key-dischargers",
    "credit",
    "grid-cells",
    "draws",
    "rectification",
    "four-lists",
    "officers",
    "listed-supervision",
    "inspection-items",
    "violators",
    "licences",
    "targets",
    "assessment",
}


def test_catalogue_names_every_list_of_the_issue() -> None:
    assert set(disclosure.BY_KEY) >= ISSUE_LISTS
    for entry in disclosure.CATALOGUE:
        assert entry.scope and entry.frequency and entry.owner and entry.basis


def test_index_links_each_list_or_says_it_is_not_published(client, key_discharger):
    response = client.get(reverse("portal:disclosure"))
    assert response.status_code == 200
    html = response.content.decode()
    for entry in disclosure.CATALOGUE:
        assert str(entry.title) in html
    assert reverse("portal:disclosure-list", args=["officers"]) in html
    assert reverse("grid:public-draws") in html
    # The penalty decisions are published by the enforcement module; 挂牌督办
    # and the assessment results are portal lists read from their modules.
    assert reverse("enforcement:public_decisions") in html
    for key in ("listed-supervision", "assessment"):
        assert reverse("portal:disclosure-list", args=[key]) in html
    assert "尚未上线" not in html


def test_index_flags_a_list_whose_update_is_overdue(key_discharger) -> None:
    now = today()
    rows = {r.entry.key: r for r in disclosure.index_rows(today=now)}
    assert rows["key-dischargers"].published_on == now
    assert not rows["key-dischargers"].overdue
    later = {
        r.entry.key: r for r in disclosure.index_rows(today=now + timedelta(days=200))
    }
    assert later["key-dischargers"].overdue  # quarterly list, 200 days old


def test_key_dischargers_show_pollutants_standards_and_exceedances(
    client, key_discharger, enterprise_b
):
    response = client.get(reverse("portal:disclosure-list", args=["key-dischargers"]))
    html = response.content.decode()
    assert key_discharger.name in html
    assert "二氧化硫" in html and "GB 13271-2014" in html
    assert enterprise_b.name not in html  # not a key source
    assert response.context["published_on"] == today()


def test_list_is_searchable(client, key_discharger, district_a):
    other = EnterpriseFactory(
        credit_code=make_credit_code(7),
        name="鞍山市宏达钢铁有限公司",
        district=district_a,
        key_source="national",
    )
    url = reverse("portal:disclosure-list", args=["key-dischargers"])
    html = client.get(url, {"q": "宏达"}).content.decode()
    assert other.name in html and key_discharger.name not in html


def test_list_is_paged(client, bureau):
    for n in range(tables_page_size() + 5):
        UserFactory(
            username=f"officer{n}",
            full_name=f"执法{n:02d}",
            unit=bureau,
            credential_no=f"21030020{n:04d}",
        )
    url = reverse("portal:disclosure-list", args=["officers"])
    first = client.get(url)
    assert len(first.context["rows"]) == tables_page_size()
    second = client.get(url, {"page": 2})
    assert len(second.context["rows"]) == 5


def tables_page_size() -> int:
    from ecobureau.portal import views

    return views.PAGE_SIZE


def test_officer_roster_has_name_and_credential_only(client, bureau):
    UserFactory(
        username="officer-x",
        full_name="冯执法",
        unit=bureau,
        phone="13645678901",
        credential_no="21030020260001",
    )
    UserFactory(username="no-credential", full_name="不持证", unit=bureau)
    UserFactory(
        username="13700000000",
        full_name="某公众",
        kind=User.Kind.CITIZEN,
        credential_no="X",
    )
    html = client.get(
        reverse("portal:disclosure-list", args=["officers"])
    ).content.decode()
    assert "冯执法" in html and "21030020260001" in html
    assert "13645678901" not in html
    assert "不持证" not in html and "某公众" not in html


def test_exports_in_excel_and_csv_follow_the_search(client, key_discharger, district_a):
    EnterpriseFactory(
        credit_code=make_credit_code(8),
        name="鞍山市宏达钢铁有限公司",
        district=district_a,
        key_source="national",
    )
    url = reverse("portal:disclosure-list", args=["key-dischargers"])
    xlsx = client.get(url, {"format": "xlsx", "q": "华信"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "单位名称"
    assert [r[0] for r in rows[1:]] == [key_discharger.name]
    response = client.get(url, {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    names = [r[0] for r in csv.reader(io.StringIO(text))][1:]
    assert names == sorted([key_discharger.name, "鞍山市宏达钢铁有限公司"])


def test_every_portal_list_renders_and_exports(client, key_discharger):
    for key, table in tables.TABLES.items():
        url = reverse("portal:disclosure-list", args=[key])
        assert client.get(url).status_code == 200, key
        sheet = openpyxl.load_workbook(
            io.BytesIO(client.get(url, {"format": "xlsx"}).content)
        ).active
        assert [c.value for c in sheet[1]] == list(table.headers), key


def test_inspection_items_show_frequencies_and_checklist_items(client):
    html = client.get(
        reverse("portal:disclosure-list", args=["inspection-items"])
    ).content.decode()
    assert "A类企业" in html and "每12个月至少一次" in html
    assert "排污许可证" in html
    assert "示例配置" in html


def test_unknown_list_is_404(client):
    url = reverse("portal:disclosure-list", args=["nothing-here"])
    assert client.get(url).status_code == 404


def test_list_page_holds_a_fixed_number_of_queries(
    client, key_discharger, district_a, django_assert_max_num_queries
):
    for n in range(20):
        EnterpriseFactory(
            credit_code=make_credit_code(100 + n),
            name=f"重点企业{n:02d}",
            district=district_a,
            key_source="municipal",
        )
    url = reverse("portal:disclosure-list", args=["key-dischargers"])
    with django_assert_max_num_queries(8):
        client.get(url)


def test_key_dischargers_show_pollution_control_facilities(
    client, key_discharger, enterprise_user_a, district_a_officer
):
    """A92: each discharger's facilities with kind, process, status and since when;
    the list and its exports name no person (not who changed a status)."""
    from ecobureau.enterprises import services as enterprise_services

    facility = enterprise_services.facility_add(
        enterprise=key_discharger,
        data=enterprise_services.FacilityData(
            name="脱硫塔",
            kind="gas",
            pollutants="二氧化硫",
            process="石灰石-石膏湿法脱硫",
            commissioned_on=date(2022, 6, 1),
        ),
        status="running",
        on=date(2022, 6, 1),
        by=enterprise_user_a,
    )
    stopped_on = today() - timedelta(days=2)
    enterprise_services.facility_status_change(
        facility=facility,
        status="stopped",
        on=stopped_on,
        reason="计划检修",
        by=district_a_officer,
    )
    url = reverse("portal:disclosure-list", args=["key-dischargers"])
    html = client.get(url).content.decode()
    expected = (
        f"脱硫塔（废气治理，石灰石-石膏湿法脱硫）停运，自{stopped_on.isoformat()}"
    )
    assert expected in html
    assert district_a_officer.full_name not in html
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(url, {"format": "xlsx"}).content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("污染防治设施及运行情况")
    assert rows[1][column] == expected
    text = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert expected in text and district_a_officer.full_name not in text
    # A facility's change is a new publication of the list.
    assert disclosure.published_on(disclosure.BY_KEY["key-dischargers"]) == today()
