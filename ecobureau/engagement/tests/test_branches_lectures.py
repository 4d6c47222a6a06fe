"""与基层互动 1 (支部标准化建设和星级评定) and 3 (讲堂、专题党课): the office keeps the
branches and rates each once a year; staff register their own unit's lectures;
other units, external collaborators and the public are refused."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.core import records
from ecobureau.engagement import services
from ecobureau.engagement.models import BranchRating, Lecture, PartyBranch

pytestmark = pytest.mark.django_db

NOW = "2026-03-01T10:00:00+08:00"


@time_machine.travel(NOW, tick=False)
def test_branch_registered_and_rated_through_the_page(
    client, eia_head, eia_officer, sub_bureau_a
):
    url = reverse("engagement:branches") + "?year=2025"
    client.force_login(eia_head)
    data = {
        "form": "branch",
        "name": "铁东分局党支部",
        "unit": sub_bureau_a.pk,
        "secretary": "",
        "members": "9",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "铁东分局党支部" in response.content.decode()
    data["secretary"] = "王书记"
    assert client.post(url, data).status_code == 302
    branch = PartyBranch.objects.get()
    rate = {
        "form": "rate",
        "branch": branch.pk,
        "year": "2025",
        "standardised": "1",
        "stars": "9",
        "basis": "三会一课落实",
        "rated_on": "2026-01-20",
    }
    assert client.post(url, rate).status_code == 400
    rate["stars"] = "4"
    assert client.post(url, rate).status_code == 302
    rating = BranchRating.objects.get()
    assert (rating.year, rating.stars, rating.standardised) == (2025, 4, True)
    assert records.history(rating).filter(action="engagement.branch.rate").exists()
    page = client.get(url).content.decode()
    assert "4星" in page and "方案所列" in page
    with pytest.raises(ValidationError, match="已评定"):
        services.branch_rate(
            by=eia_head,
            branch=branch,
            year=2025,
            standardised=True,
            stars=5,
            basis="x",
            rated_on=date(2026, 2, 1),
        )
    with pytest.raises(ValidationError, match="不能早于评定年度"):
        services.branch_rate(
            by=eia_head,
            branch=branch,
            year=2026,
            standardised=True,
            stars=5,
            basis="x",
            rated_on=date(2025, 12, 1),
        )
    # staff without the office's right see the ratings but cannot rate or register
    client.force_login(eia_officer)
    assert "4星" in client.get(url).content.decode()
    rate["year"] = "2024"
    assert client.post(url, rate).status_code == 404
    with pytest.raises(PermissionDenied):
        services.party_branch_register(
            by=eia_officer, name="另一支部", secretary="x", members=5
        )
    assert BranchRating.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_lectures_for_own_unit_only(
    client,
    district_a_officer,
    district_b_officer,
    eia_head,
    sub_bureau_a,
    citizen,
    township_official,
):
    url = reverse("engagement:lectures") + "?year=2026"
    client.force_login(district_a_officer)
    data = {
        "kind": "integrity",
        "held_on": "2026-03-05",
        "topic": "廉政教育",
        "speaker": "纪检组长",
        "attendees": "45",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "不能晚于今天" in response.content.decode()
    assert "廉政教育" in response.content.decode()
    data["held_on"] = "2026-02-26"
    assert client.post(url, data).status_code == 302
    lecture = Lecture.objects.get()
    assert lecture.unit == sub_bureau_a and lecture.attendees == 45
    # another sub-bureau cannot register for district A's unit; the office can
    with pytest.raises(PermissionDenied):
        services.lecture_register(
            by=district_b_officer,
            unit=sub_bureau_a,
            kind="party",
            held_on=date(2026, 2, 1),
            topic="t",
            speaker="s",
            attendees=3,
        )
    services.lecture_register(
        by=eia_head,
        unit=sub_bureau_a,
        kind="party",
        held_on=date(2026, 2, 1),
        topic="专题党课",
        speaker="书记",
        attendees=20,
    )
    page = client.get(url).content.decode()
    assert "专题党课" in page and "65" in page
    # the public and an external collaborator
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(township_official)
    assert client.post(url, data).status_code == 403
    assert Lecture.objects.count() == 2
