"""The public list of releases on environmental emergencies (A91,
`emergencies:public`): anonymous, searchable by title or text and by district,
paged, exported as Excel and CSV with each release's publication date; only
reviewed and published releases, with ID and mobile numbers and the enterprise's
contacts masked, and nothing else of the incident."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import openpyxl
import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from ecobureau.emergencies import services
from ecobureau.emergencies.models import Release
from ecobureau.lib.dates import SHANGHAI

from .conftest import register

pytestmark = pytest.mark.django_db

PUBLISHED_AT = datetime(2026, 10, 3, 9, 30, tzinfo=SHANGHAI)
PHONE = "13912345678"
ID_NUMBER = "210302199001011234"


def _publish(incident, drafter, reviewer, *, title, body, at=PUBLISHED_AT):
    release = services.release_draft(
        incident=incident, by=drafter, title=title, body=body
    )
    with time_machine.travel(at, tick=False):
        services.release_review(release=release, by=reviewer, approve=True)
    return release


@pytest.fixture
def releases(duty_officer, city_leader, district_a, district_b, enterprise_a):
    enterprise_a.legal_representative = "钱秘芳"
    enterprise_a.contact_name = "孙隐名"
    enterprise_a.contact_phone = "13823456789"
    enterprise_a.save()
    tiedong = register(
        duty_officer,
        district=district_a,
        enterprise=enterprise_a,
        source_ref="群众孙隐名来电 13823456789",
    )
    tiexi = register(duty_officer, district=district_b, title="铁西区河道油污")
    leak = _publish(
        tiedong,
        duty_officer,
        city_leader,
        title="关于某化工企业储罐泄漏事件的通报",
        body=(
            "泄漏已控制，下游断面COD恢复正常。企业法定代表人钱秘芳、联系人孙隐名"
            f"（13823456789）已到场；报告人电话{PHONE}，身份证{ID_NUMBER}。"
        ),
    )
    oil = _publish(
        tiexi,
        duty_officer,
        city_leader,
        title="铁西区河道油污处置情况",
        body="油污已围控清理。",
        at=PUBLISHED_AT + timedelta(days=1),
    )
    # a draft and a returned release are never public
    services.release_draft(
        incident=tiexi, by=duty_officer, title="未审核的稿件", body="草稿"
    )
    return leak, oil


def test_anonymous_visitors_read_the_published_releases(client, releases):
    leak, oil = releases
    response = client.get(reverse("emergencies:public"))
    html = response.content.decode()
    assert response.status_code == 200
    assert leak.title in html and oil.title in html
    assert "未审核的稿件" not in html
    assert "铁东区" in html and "2026-10-03" in html
    assert 'data-testid="published-on">2026-10-04<' in html  # the latest release
    detail = client.get(reverse("emergencies:public-detail", args=[leak.pk]))
    text = detail.content.decode()
    assert detail.status_code == 200 and "泄漏已控制" in text
    draft = Release.objects.get(title="未审核的稿件")
    assert (
        client.get(reverse("emergencies:public-detail", args=[draft.pk])).status_code
        == 404
    )


def test_no_personal_data_on_the_pages_or_in_the_exports(client, releases):
    leak, _oil = releases
    url = reverse("emergencies:public")
    texts = [
        client.get(url).content.decode(),
        client.get(
            reverse("emergencies:public-detail", args=[leak.pk])
        ).content.decode(),
        client.get(url + "?format=csv").content.decode("utf-8-sig"),
    ]
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(url + "?format=xlsx").content)
    ).active
    texts.append(str([[c.value for c in row] for row in sheet.iter_rows()]))
    for text in texts:
        for secret in ("钱秘芳", "孙隐名", "13823456789", PHONE, ID_NUMBER):
            assert secret not in text
    assert "139****5678" in texts[1] and "钱**" in texts[1]


def test_search_by_title_text_and_district(client, releases, district_b):
    leak, oil = releases
    url = reverse("emergencies:public")
    by_title = client.get(url + "?q=储罐").content.decode()
    assert leak.title in by_title and oil.title not in by_title
    by_text = client.get(url + "?q=围控").content.decode()
    assert oil.title in by_text and leak.title not in by_text
    by_name = client.get(url + "?q=铁西区").content.decode()
    assert oil.title in by_name and leak.title not in by_name
    by_district = client.get(url + f"?district={district_b.pk}").content.decode()
    assert oil.title in by_district and leak.title not in by_district
    # the export follows the search
    response = client.get(url + "?q=储罐&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [leak.title]
    # a search that matches nothing, and no one's name finds a release
    assert "暂无发布信息" in client.get(url + "?q=孙隐名").content.decode()


def test_the_exports_read_back_with_the_publication_date(client, releases):
    leak, oil = releases
    response = client.get(reverse("emergencies:public") + "?format=xlsx")
    assert response.status_code == 200
    assert 'filename="emergency-releases.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["标题", "区县", "发布日期", "发布内容"]
    assert rows[1][:3] == [oil.title, "铁西区", "2026-10-04"]
    assert rows[2][:3] == [leak.title, "铁东区", "2026-10-03"]
    assert rows[2][3].startswith("泄漏已控制") and len(rows) == 3
    csv_response = client.get(reverse("emergencies:public") + "?format=csv")
    lines = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert lines[0] == ["标题", "区县", "发布日期", "发布内容"] and len(lines) == 3


def test_paging(client, duty_officer, city_leader, district_a):
    incident = register(duty_officer, district=district_a)
    for n in range(21):
        _publish(
            incident,
            duty_officer,
            city_leader,
            title=f"通报第{n:02d}号",
            body="处置情况",
            at=PUBLISHED_AT + timedelta(hours=n),
        )
    url = reverse("emergencies:public")
    first = client.get(url + "?q=通报").content.decode()
    assert "通报第20号" in first and "通报第00号" not in first
    assert "共 21 条" in first and "?q=%E9%80%9A%E6%8A%A5&amp;page=2" in first
    second = client.get(url + "?q=通报&page=2").content.decode()
    assert "通报第00号" in second and "通报第20号" not in second


def test_the_list_and_its_export_in_english(client, releases):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("emergencies:public")
    html = client.get(url).content.decode()
    assert "Environmental emergency information releases" in html
    assert "Export to Excel" in html and "突发环境事件信息发布" not in html
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(url + "?format=xlsx").content)
    ).active
    assert [c.value for c in sheet[1]] == [
        "Title",
        "District",
        "Publication date",
        "Release content",
    ]
