"""Issue 14 on the leadership pages: incidents by grade, open or closed, their
reports on time or late, opinion events replied within their limit — each figure
equal to its drill-down, and a district leader seeing only their district."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.casework.models import Clock
from ecobureau.emergencies import services as emergency_services
from ecobureau.emergencies.models import Incident, OpinionEvent, Report

from .conftest import at
from .test_figures import drill_total, figure_counts

pytestmark = pytest.mark.django_db

OCT = "?period=month&value=2026-10"
NO_FACTS = {"deaths": 0, "poisoned": 0, "evacuated": 0, "loss_10k_yuan": "0",
            "water": "none", "boundary": "none", "ecology": "none"}  # fmt: skip


@pytest.fixture
def duty(bureau) -> User:
    """应急值守人员 (city scope): registers incidents and opinion events."""
    return UserFactory(
        username="duty",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["emergency_staff"],
    )


def incident(by, district, received, **facts) -> Incident:
    return emergency_services.incident_register(
        by=by, title=f"{district.name}储罐泄漏", source=Incident.Source.MONITORING,
        place=f"{district.name}工业园", summary="储罐疑似泄漏。", received_at=received,
        district=district,
    )  # fmt: skip


def initial(i: Incident) -> Report:
    return i.reports.get(kind=Report.Kind.INITIAL)


def opinion(by, district, discovered, *, replied=None, met=None) -> OpinionEvent:
    event = emergency_services.opinion_register(
        by=by, title=f"{district.name}异味舆情", channel=OpinionEvent.Channel.WEIBO,
        content="网民反映异味。", grade="general", discovered_at=discovered,
        district=district,
    )  # fmt: skip
    if replied is not None:
        # The reply passes four steps and two people (emergencies' own tests cover
        # them); what the figure reads is the reply time and the clock's outcome.
        OpinionEvent.objects.filter(pk=event.pk).update(
            replied_at=replied, status="replied"
        )
        Clock.objects.filter(
            target_type="emergencies.opinionevent", target_id=event.pk, step="reply"
        ).update(
            state=Clock.State.MET if met else Clock.State.MISSED, stopped_at=replied
        )
    return event


@pytest.fixture
def emergencies_world(duty, district_a, district_b, sub_bureau_a):
    """October. A: i1 graded, initial report on time, responding; i2 graded, report
    sent late; i3 dismissed (not counted); o1 replied on time, o2 unreplied past its
    limit. B: i4 ungraded, initial report never sent; o3 replied on time."""
    i1 = incident(duty, district_a, at(5, 9))
    emergency_services.incident_grade(incident=i1, by=duty, facts=NO_FACTS)
    emergency_services.report_submit(
        report=initial(i1), by=duty, content="初报内容", at=at(5, 11)
    )
    emergency_services.incident_verify(incident=i1, by=duty, verification="属实")
    i2 = incident(duty, district_a, at(10, 9))
    emergency_services.incident_grade(incident=i2, by=duty, facts=NO_FACTS)
    emergency_services.report_submit(
        report=initial(i2), by=duty, content="初报内容", at=at(10, 20)
    )
    i3 = incident(duty, district_a, at(12, 9))
    emergency_services.incident_dismiss(
        incident=i3, by=duty, verification="现场核实", reason="系误报"
    )
    i4 = incident(duty, district_b, at(15, 9))
    o1 = opinion(duty, district_a, at(6, 9), replied=at(6, 15), met=True)
    o2 = opinion(duty, district_a, at(7, 9))
    o3 = opinion(duty, district_b, at(8, 9), replied=at(8, 10), met=True)
    return {"i": [i1, i2, i3, i4], "o": [o1, o2, o3]}


KEYS = [
    "incidents",
    "incidents-grade-general",
    "incidents-grade-none",
    "incidents-open",
    "incident-reports",
    "incident-reports-late",
    "opinions",
    "opinions-on-time",
    "opinions-late",
]


def _links(html: str) -> dict[str, str]:
    return {
        key: href.replace("&amp;", "&")
        for href, key in re.findall(
            r'href="([^"]+)" data-testid="figure-([^"]+)" data-count=', html
        )
    }


def test_city_figures_and_every_drill_down(client, city_leader, emergencies_world):
    i1, i2, i3, i4 = emergencies_world["i"]
    client.force_login(city_leader)
    html = client.get(reverse("leadership:city") + OCT).text
    f = figure_counts(html)
    assert f["incidents"] == ("3", 3)  # i3 dismissed
    assert f["incidents-grade-general"] == ("2", 2)
    assert f["incidents-grade-none"] == ("1", 1)  # i4, not graded
    assert f["incidents-open"] == ("3", 3)
    assert f["opinions"] == ("3", 3)
    assert f["opinions-on-time"] == ("2", 2)
    assert f["opinions-late"] == ("1", 1)  # o2: unreplied past its 24 hours
    # i2's initial report was sent 11 hours after learning (limit 4): late; i4's
    # never sent: late; i1's on time. Follow-up reports started by the sent initial
    # reports fall due in October too and were never sent: late.
    reports = Report.objects.filter(incident__in=[i1, i2, i4])
    late = [r for r in reports if r.submitted_at is None or r.submitted_at > r.due_at]
    assert f["incident-reports"] == (str(len(reports)), len(reports))
    assert f["incident-reports-late"] == (str(len(late)), len(late))
    assert initial(i2) in late and initial(i4) in late and initial(i1) not in late
    links = _links(html)
    for key in KEYS:
        assert drill_total(client, links[key]) == f[key][1], key
    late_page = client.get(links["incident-reports-late"]).text
    assert "超时" in late_page and "逾期未报" in late_page
    assert (
        reverse("emergencies:incident-detail", args=[i3.pk])
        not in client.get(links["incidents"]).text
    )


def test_district_leader_sees_only_their_district(
    client, district_a_leader, district_b, emergencies_world
):
    i1, _, _, i4 = emergencies_world["i"]
    _, _, o3 = emergencies_world["o"]
    client.force_login(district_a_leader)
    url = reverse("leadership:district", args=[i1.district_id]) + OCT
    html = client.get(url).text
    f = figure_counts(html)
    assert f["incidents"] == ("2", 2)
    assert "incidents-grade-none" not in f  # i4 is district B's
    assert f["opinions"] == ("2", 2)
    assert f["opinions-on-time"] == ("1", 1)
    links = _links(html)
    listing = client.get(links["incidents"]).text
    assert reverse("emergencies:incident-detail", args=[i1.pk]) in listing
    assert reverse("emergencies:incident-detail", args=[i4.pk]) not in listing
    opinions = client.get(links["opinions"]).text
    assert reverse("emergencies:opinion-detail", args=[o3.pk]) not in opinions
    for key in ("incidents", "incident-reports", "opinions"):
        assert drill_total(client, links[key]) == f[key][1], key
    # District B's page and its drill-downs are not theirs; nor the city's.
    assert (
        client.get(reverse("leadership:district", args=[district_b.pk])).status_code
        == 404
    )
    other = links["incidents"].replace(f"pk={i1.district_id}", f"pk={district_b.pk}")
    assert client.get(other).status_code == 404
    city = links["incidents"].replace("level=district", "level=city")
    assert client.get(city).status_code == 403


def test_the_congress_report_is_not_the_bureaus_and_stays_out_of_its_rate(
    client, city_leader, emergencies_world
):
    """The report to the people's congress standing committee is the government's:
    an overdue one does not count as the bureau's late report."""
    i1 = emergencies_world["i"][0]
    client.force_login(city_leader)
    before = figure_counts(client.get(reverse("leadership:city") + OCT).text)
    Report.objects.create(incident=i1, kind=Report.Kind.CONGRESS, due_at=at(20, 9))
    after = figure_counts(client.get(reverse("leadership:city") + OCT).text)
    assert after["incident-reports"] == before["incident-reports"]
    assert after["incident-reports-late"] == before["incident-reports-late"]
