"""与基层互动 6 (典型培树): units nominate their own staff, the office selects within
the seed's numbers (十大标兵, 三十名先进工作者) and publishes the list; a person or
unit vetoed for the year (一票否决, quality D7) is refused, a name-only match is
flagged; other units' staff, external collaborators and the public are refused."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.core import records
from ecobureau.engagement import services
from ecobureau.engagement.models import HonourList, HonourNomination
from ecobureau.quality.models import Veto

pytestmark = pytest.mark.django_db

NOW = "2026-02-10T10:00:00+08:00"
MODEL = HonourNomination.Category.MODEL_WORKER
ADVANCED = HonourNomination.Category.ADVANCED_WORKER


def nominate(by, name, *, category=MODEL, unit=None, year=2025):
    return services.honour_nominate(
        by=by,
        year=year,
        category=category,
        person_name=name,
        post="执法人员",
        deeds="秸秆焚烧管控一线",
        unit=unit,
    )


def veto(by, unit_name, person_name="", *, year=2025):
    """A standing veto in the quality register (D7), as quality records it."""
    return Veto.objects.create(
        year=year,
        unit_name=unit_name,
        person_name=person_name,
        reason=Veto.Reason.INCIDENT,
        facts="辖区发生重大环境污染事件",
        decided_on=date(2026, 1, 5),
        recorded_by=by,
    )


@time_machine.travel(NOW, tick=False)
def test_nominate_select_and_publish_through_the_page(
    client, district_a_officer, eia_head, district_b_officer
):
    url = reverse("engagement:honours") + "?year=2025"
    # given: a sub-bureau officer nominates for the own unit; a missing field keeps
    # what was typed
    client.force_login(district_a_officer)
    data = {
        "form": "nominate",
        "year": "2025",
        "category": MODEL,
        "person_name": "孙一线",
        "post": "执法人员",
        "deeds": "",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "孙一线" in response.content.decode()
    data["deeds"] = "全年出勤夜查40次"
    assert client.post(url, data).status_code == 302
    nomination = HonourNomination.objects.get()
    assert nomination.unit == district_a_officer.unit
    # the nominator cannot select
    decide = {
        "form": "decide",
        "nomination": nomination.pk,
        "select": "1",
        "note": "事迹突出",
    }
    assert client.post(url, decide).status_code == 404
    assert client.post(
        url, {"form": "publish", "document_no": "x", "decided_on": "2026-02-01"}
    ).status_code in (403, 400)
    # when: the office selects and publishes
    client.force_login(eia_head)
    page = client.get(url).content.decode()
    assert "孙一线" in page and "honour-quotas" in page
    assert client.post(url, decide).status_code == 302
    publish = {"form": "publish", "document_no": "", "decided_on": "2026-02-01"}
    response = client.post(url, publish)
    assert response.status_code == 400
    assert "2026-02-01" in response.content.decode()
    publish["document_no"] = "鞍环党发〔2026〕3号"
    assert client.post(url, publish).status_code == 302
    # then: the list is published, recorded, and every staff member sees it
    honour_list = HonourList.objects.get(year=2025)
    nomination.refresh_from_db()
    assert nomination.status == HonourNomination.Status.SELECTED
    assert set(records.history(nomination).values_list("action", flat=True)) == {
        "engagement.honour.nominate",
        "engagement.honour.decide",
    }
    assert (
        records.history(honour_list).filter(action="engagement.honour.publish").exists()
    )
    client.force_login(district_b_officer)
    page = client.get(url).content.decode()
    assert "honour-list" in page and "孙一线" in page
    assert "鞍环党发〔2026〕3号" in page
    # a published year takes no more nominations
    with pytest.raises(ValidationError, match="已公布"):
        nominate(district_b_officer, "周二")


@time_machine.travel(NOW, tick=False)
def test_other_unit_external_and_public_are_refused(
    client,
    district_a_officer,
    district_b_officer,
    eia_officer,
    township_official,
    citizen,
    sub_bureau_a,
):
    nomination = nominate(district_a_officer, "孙一线")
    # another sub-bureau's officer may not nominate for district A's unit …
    with pytest.raises(PermissionDenied):
        nominate(district_b_officer, "冒名", unit=sub_bureau_a)
    # … nor see its nominations
    client.force_login(district_b_officer)
    url = reverse("engagement:honours") + "?year=2025"
    assert "孙一线" not in client.get(url).content.decode()
    # staff without the office's right may not decide
    with pytest.raises(PermissionDenied):
        services.honour_decide(
            by=eia_officer, nomination=nomination, select=True, note="x"
        )
    with pytest.raises(PermissionDenied):
        services.honour_list_publish(
            by=eia_officer, year=2025, document_no="x", decided_on=date(2026, 2, 1)
        )
    # an external collaborator (township) and the public
    with pytest.raises(PermissionDenied):
        nominate(township_official, "街道干部")
    for person in (citizen,):
        client.force_login(person)
        assert client.get(url).status_code == 403
    client.force_login(township_official)
    response = client.post(
        url,
        {
            "form": "nominate",
            "year": "2025",
            "category": MODEL,
            "person_name": "街道干部",
            "post": "x",
            "deeds": "x",
        },
    )
    assert response.status_code == 403
    assert HonourNomination.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_vetoed_unit_or_person_refused_name_match_flagged(
    client, district_a_officer, district_b_officer, eia_head, city_leader
):
    # given: 铁东分局 vetoed for 2025; 吴某 (铁西分局) vetoed as the person
    veto(city_leader, "铁东分局")
    veto(city_leader, "鞍山市生态环境局铁西分局", "吴某")
    # when / then: the vetoed unit's nomination is refused, with the reason
    with pytest.raises(ValidationError, match="铁东分局2025年度被一票否决"):
        nominate(district_a_officer, "孙一线")
    # the vetoed person is refused by name; the unit named in the veto loses that
    # year's awards too (seed 003 (八) "取消该责任单位当年各类表彰奖励资格")
    with pytest.raises(ValidationError, match=r"吴某.*取消当年评优评先资格"):
        nominate(district_b_officer, "吴某")
    with pytest.raises(ValidationError, match="取消该单位当年各类表彰奖励资格"):
        nominate(district_b_officer, "郑某")
    # the same vetoes do not reach another year
    nominate(district_a_officer, "孙一线", year=2024)
    # a namesake in another unit is flagged for checking, not refused
    namesake = nominate(eia_head, "吴某")
    client.force_login(eia_head)
    page = client.get(reverse("engagement:honours") + "?year=2025").content.decode()
    assert "与2025年度一票否决责任人同名" in page
    services.honour_decide(
        by=city_leader, nomination=namesake, select=True, note="核实非同一人"
    )
    # the refused nomination through the page answers 400 with the message
    client.force_login(district_a_officer)
    response = client.post(
        reverse("engagement:honours") + "?year=2025",
        {
            "form": "nominate",
            "year": "2025",
            "category": ADVANCED,
            "person_name": "孙一线",
            "post": "执法人员",
            "deeds": "事迹",
        },
    )
    assert response.status_code == 400
    assert "一票否决" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_veto_after_nomination_stops_selection_and_publication(
    client, district_a_officer, eia_head, city_leader
):
    first = nominate(district_a_officer, "孙一线")
    second = nominate(district_a_officer, "李二", category=ADVANCED)
    services.honour_decide(by=eia_head, nomination=second, select=True, note="好")
    # a veto recorded afterwards for the unit
    standing = veto(city_leader, "鞍山市生态环境局铁东分局")
    client.force_login(eia_head)
    page = client.get(reverse("engagement:honours") + "?year=2025").content.decode()
    assert page.count('data-testid="veto-flag"') == 2
    with pytest.raises(ValidationError, match="一票否决"):
        services.honour_decide(by=eia_head, nomination=first, select=True, note="好")
    services.honour_decide(by=eia_head, nomination=first, select=False, note="否决")
    with pytest.raises(ValidationError, match="一票否决"):
        services.honour_list_publish(
            by=eia_head, year=2025, document_no="x", decided_on=date(2026, 2, 1)
        )
    # a withdrawn veto no longer stands
    standing.withdrawn_at = timezone.now()
    standing.save(update_fields=["withdrawn_at"])
    services.honour_list_publish(
        by=eia_head, year=2025, document_no="x", decided_on=date(2026, 2, 1)
    )


@time_machine.travel(NOW, tick=False)
def test_quota_of_ten_pending_and_duplicates(district_a_officer, eia_head):
    # given: eleven nominees for 十大标兵
    rows = [nominate(district_a_officer, f"标兵{i}") for i in range(11)]
    with pytest.raises(ValidationError, match="已被推荐"):
        nominate(district_a_officer, "标兵0")
    with pytest.raises(ValidationError, match="尚有11名"):
        services.honour_list_publish(
            by=eia_head, year=2025, document_no="x", decided_on=date(2026, 2, 1)
        )
    for row in rows[:10]:
        services.honour_decide(by=eia_head, nomination=row, select=True, note="好")
    # when / then: the eleventh cannot be selected (seed: 十大标兵)
    with pytest.raises(ValidationError, match="名额为10名"):
        services.honour_decide(by=eia_head, nomination=rows[10], select=True, note="好")
    with pytest.raises(ValidationError, match="已评选"):
        services.honour_decide(by=eia_head, nomination=rows[0], select=False, note="x")
    with pytest.raises(ValidationError, match="晚于本年度"):
        nominate(district_a_officer, "未来", year=2027)


@time_machine.travel(NOW, tick=False)
def test_nomination_page_queries_do_not_grow(
    client, district_a_officer, eia_head, django_assert_max_num_queries
):
    for i in range(3):
        nominate(district_a_officer, f"甲{i}")
    client.force_login(eia_head)
    url = reverse("engagement:honours") + "?year=2025"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(6):
        nominate(district_a_officer, f"乙{i}", category=ADVANCED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
