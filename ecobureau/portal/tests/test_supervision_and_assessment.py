"""Two disclosure lists read from other modules (issue 15 item 3): cases under
listed supervision (挂牌督办, A93, from enforcement) and the published unit
assessment results (考核结果, D19 / A96, from leadership). An anonymous visitor
reads them, searches, pages and exports them, sees their publication date, and
never an officer's phone, a reporter's or a citizen party's name."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.enforcement.models import EnforcementCase, ListedSupervision
from ecobureau.enforcement.services import supervision
from ecobureau.enterprises.models import Enterprise
from ecobureau.leadership.models import Assessment
from ecobureau.lib.dates import local_date
from ecobureau.portal import disclosure

from .conftest import CITIZEN_PARTY, COMPLAINANT, OFFICER_PHONE, REPORTER
from .test_privacy import private_data  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SECRETS = (
    *COMPLAINANT.values(),
    *REPORTER.values(),
    *CITIZEN_PARTY.values(),
    OFFICER_PHONE,
)
SUPERVISED = reverse("portal:disclosure-list", args=["listed-supervision"])
ASSESSMENT = reverse("portal:disclosure-list", args=["assessment"])


def today() -> date:
    return local_date(timezone.now())


@pytest.fixture
def enforcement_head(bureau: Unit) -> User:
    """执法队长 (city scope): records 挂牌督办 listings."""
    return UserFactory(
        username="enf-head",
        full_name="冯队长",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["enforcement_head"],
        phone="13500000001",
    )


@pytest.fixture
def supervised(
    private_data: User,  # noqa: F811
    key_discharger: Enterprise,
    district_a,
    enforcement_head: User,
) -> list[ListedSupervision]:
    """Given: two listings recorded through the enforcement service, one on the
    key discharger's case (opened by the officer whose phone is private, its facts
    naming the reporter), one on the citizen party's case."""
    officer = private_data
    case = EnforcementCase.objects.create(
        enterprise=key_discharger,
        source=EnforcementCase.Source.TRANSFER,
        reference="鞍环罚〔2026〕7号",
        start_reason="夜间排放刺鼻气味",
        facts=f"举报人{REPORTER.name}（电话{REPORTER.phone}）反映夜间排放。",
        created_by=officer,
        status="investigating",
        district=district_a,
    )
    citizen_case = EnforcementCase.objects.get(reference="鞍环罚〔2026〕1号")
    items = []
    for n, c in enumerate((case, citizen_case), start=3):
        items.append(
            supervision.supervision_list(
                case=c,
                authority="辽宁省生态环境厅",
                reference=f"辽环督〔2026〕{n}号",
                listed_on=today() - timedelta(days=n),
                deadline=today() + timedelta(days=60),
                matter="限期整改到位",
                by=enforcement_head,
            )
        )
    return items


def test_anonymous_visitor_reads_the_listed_supervision_list_with_its_date(
    client, supervised, key_discharger
):
    # when
    response = client.get(SUPERVISED)
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "辽环督〔2026〕3号" in html and "辽环督〔2026〕4号" in html
    assert key_discharger.name in html
    assert "个人（依法隐去姓名）" in html  # the citizen party, unnamed
    assert "限期整改到位" in html
    expected = today() - timedelta(days=3)
    assert f'data-testid="published-on">{expected:%Y-%m-%d}<' in html
    assert reverse("enforcement:public_supervised") in html  # the module's page


def test_listed_supervision_shows_no_personal_data_in_page_or_exports(
    client, supervised
):
    for url in (SUPERVISED, SUPERVISED + "?format=csv", SUPERVISED + "?format=xlsx"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content
        if url.endswith("xlsx"):
            sheet = openpyxl.load_workbook(io.BytesIO(body)).active
            text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
        else:
            text = body.decode("utf-8-sig")
        leaks = [s for s in SECRETS if s in text]
        assert not leaks, f"{url} shows {leaks}"
        assert "冯队长" not in text and "13500000001" not in text  # no officer


def test_listed_supervision_search_never_matches_a_citizen_partys_name(
    client, supervised, key_discharger
):
    html = client.get(SUPERVISED, {"q": CITIZEN_PARTY.name}).content.decode()
    assert "辽环督〔2026〕4号" not in html
    html = client.get(SUPERVISED, {"q": key_discharger.name[:4]}).content.decode()
    assert "辽环督〔2026〕3号" in html and "辽环督〔2026〕4号" not in html
    html = client.get(SUPERVISED, {"q": "〔2026〕4号"}).content.decode()
    assert "辽环督〔2026〕4号" in html and "辽环督〔2026〕3号" not in html


def test_listed_supervision_exports_follow_the_search(client, supervised):
    response = client.get(SUPERVISED, {"q": "〔2026〕3号", "format": "csv"})
    assert response["Content-Disposition"].endswith('listed-supervision.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["当事人", "所在区域", "督办机关", "督办文号"]
    assert [r[3] for r in rows[1:]] == ["辽环督〔2026〕3号"]
    response = client.get(SUPERVISED, {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3  # header and two listings


def test_listed_supervision_is_paged(client, supervised, enforcement_head):
    case = supervised[0].case
    for n in range(30):
        supervision.supervision_list(
            case=case,
            authority="鞍山市人民政府",
            reference=f"鞍督〔2026〕{100 + n}号",
            listed_on=today(),
            deadline=today() + timedelta(days=30),
            matter="整改",
            by=enforcement_head,
        )
    first = client.get(SUPERVISED).content.decode()
    second = client.get(SUPERVISED, {"page": 2}).content.decode()
    assert "共 32 条" in first
    assert first.count("<tr>") - 1 == 30 and second.count("<tr>") - 1 == 2


@pytest.fixture
def published_assessment(bureau: Unit, sub_bureau_a: Unit) -> Assessment:
    """Given: a confirmed and published October ranking, and a confirmed but not
    yet published quarter."""
    leader = UserFactory(
        username="leader",
        full_name="王局长",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["bureau_leader"],
        phone=OFFICER_PHONE,
    )
    row = {
        "unit_id": sub_bureau_a.pk,
        "unit_name": sub_bureau_a.name,
        "rates": {"completion": "95.0", "on_time": "90.0", "satisfaction": "88.5"},
        "score": "91.3",
        "rank": 1,
    }
    now = timezone.now()
    Assessment.objects.create(
        kind=Assessment.Kind.QUARTER,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        scheme={"label": "示例配置，需按考核办法核定"},
        rows=[{**row, "unit_name": "未公布单位"}],
        confirmed_by=leader,
        confirmed_at=now,
    )
    return Assessment.objects.create(
        kind=Assessment.Kind.MONTH,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        status=Assessment.Status.PUBLISHED,
        scheme={"label": "示例配置，需按考核办法核定"},
        rows=[row],
        confirmed_by=leader,
        confirmed_at=now,
        published_by=leader,
        published_at=now,
    )


def test_anonymous_visitor_reads_published_assessment_results_only(
    client, published_assessment, sub_bureau_a
):
    response = client.get(ASSESSMENT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026年10月单位月度排名" in html
    assert sub_bureau_a.name in html and "91.3" in html and "88.5" in html
    assert "示例配置，需按考核办法核定" in html
    assert "未公布单位" not in html  # confirmed, not published
    assert f'data-testid="published-on">{today():%Y-%m-%d}<' in html
    assert "王局长" not in html and OFFICER_PHONE not in html
    assert reverse("leadership:public") in html


def test_assessment_results_search_and_export(
    client, published_assessment, sub_bureau_a
):
    assert "91.3" not in client.get(ASSESSMENT, {"q": "不存在"}).content.decode()
    response = client.get(ASSESSMENT, {"q": sub_bureau_a.name, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["考核期间", "类型", "名次", "单位"]
    assert rows[1][3] == sub_bureau_a.name and rows[1][6] == "91.3"
    text = client.get(ASSESSMENT, {"format": "csv"}).content.decode("utf-8-sig")
    assert sub_bureau_a.name in text and "王局长" not in text


def test_catalogue_dates_both_lists_and_flags_an_old_assessment(
    client, supervised, published_assessment
):
    rows = {r.entry.key: r for r in disclosure.index_rows(today=today())}
    assert rows["listed-supervision"].published_on == today() - timedelta(days=3)
    assert rows["listed-supervision"].built_by_portal
    assert rows["assessment"].published_on == today()
    assert not rows["assessment"].overdue
    later = disclosure.index_rows(today=today() + timedelta(days=200))
    assert {r.entry.key: r for r in later}["assessment"].overdue  # quarterly
    html = client.get(reverse("portal:disclosure")).content.decode()
    assert SUPERVISED in html and ASSESSMENT in html
