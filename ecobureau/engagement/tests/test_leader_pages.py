"""E15 pages: leaders linked to enterprises and the letter, in scope, through the
services; refused forms answer 400 and keep what was typed."""

from datetime import date

import pytest
from django.urls import reverse

from ecobureau.core import records
from ecobureau.engagement import services
from ecobureau.engagement.models import LeaderLink, Letter

pytestmark = pytest.mark.django_db


def test_link_and_unlink_a_leader_through_the_page(
    client, city_leader, district_a_leader, district_a_officer, enterprise_a
):
    client.force_login(city_leader)
    url = reverse("engagement:leader-list")
    # A non-leader cannot be chosen: the form is refused and keeps the date typed.
    response = client.post(
        url,
        {
            "leader": district_a_officer.pk,
            "enterprise": enterprise_a.pk,
            "started_on": "2026-01-05",
        },
    )
    assert response.status_code == 400
    assert "2026-01-05" in response.content.decode()
    assert not LeaderLink.objects.exists()
    data = {
        "leader": district_a_leader.pk,
        "enterprise": enterprise_a.pk,
        "started_on": "2026-01-05",
    }
    assert client.post(url, data).status_code == 302
    link = LeaderLink.objects.get()
    assert "engagement.leader.link" in records.history(link).values_list(
        "action", flat=True
    )
    # The same link twice: the service refuses, the page says why.
    response = client.post(url, data)
    assert response.status_code == 400
    assert "该领导已联系此企业" in response.content.decode()
    # Ending before it started: refused with the reason.
    response = client.post(url, {"link": link.pk, "ended_on": "2025-12-01"})
    assert response.status_code == 400
    assert "结束日期不能早于起始日期" in response.content.decode()
    assert (
        client.post(url, {"link": link.pk, "ended_on": "2026-06-30"}).status_code == 302
    )
    link.refresh_from_db()
    assert link.ended_on == date(2026, 6, 30)
    page = client.get(url + "?all=1").content.decode()
    assert enterprise_a.name in page and "2026-06-30" in page


def test_leader_pages_show_nothing_outside_scope(
    client,
    city_leader,
    district_a_leader,
    district_a_officer,
    district_b_officer,
    citizen,
    enterprise_user_a,
    enterprise_a,
    enterprise_b,
):
    link = services.leader_link(
        by=city_leader,
        leader=district_a_leader,
        enterprise=enterprise_a,
        started_on=date(2026, 1, 1),
    )
    letter = services.letter_send(
        by=city_leader,
        title="致全市企业家朋友们的一封信",
        body="正文",
        sent_on=date(2026, 3, 1),
        enterprises=[enterprise_a],
    )
    client.force_login(district_b_officer)
    page = client.get(reverse("engagement:leader-list")).content.decode()
    assert enterprise_a.name not in page
    assert (
        client.get(reverse("engagement:letter-detail", args=[letter.pk])).status_code
        == 404
    )
    # Staff without the right to manage links cannot post.
    client.force_login(district_a_officer)
    assert (
        enterprise_a.name
        in client.get(reverse("engagement:leader-list")).content.decode()
    )
    response = client.post(
        reverse("engagement:leader-list"), {"link": link.pk, "ended_on": "2026-02-01"}
    )
    assert response.status_code == 403
    for outsider in (citizen, enterprise_user_a):
        client.force_login(outsider)
        for name, args in (
            ("engagement:leader-list", []),
            ("engagement:letter-list", []),
            ("engagement:letter-detail", [letter.pk]),
        ):
            response = client.get(reverse(name, args=args))
            assert response.status_code == 403
            assert enterprise_a.name not in response.content.decode()
    client.logout()
    assert client.get(reverse("engagement:leader-list")).status_code == 302
    link.refresh_from_db()
    assert link.ended_on is None


def test_letter_sent_to_key_enterprises_and_by_credit_code(
    client, city_leader, district_a_leader, enterprise_a, enterprise_b
):
    client.force_login(district_a_leader)
    url = reverse("engagement:letter-list")
    base = {
        "title": "致全市企业家朋友们的一封信",
        "body": "诉求绿色通道",
        "sent_on": "2026-03-01",
    }
    # A code outside the sender's district: refused, the typed body kept.
    response = client.post(
        url, {**base, "recipients": "codes", "credit_codes": enterprise_b.credit_code}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "不在企业库或您的数据范围内" in body and "诉求绿色通道" in body
    # A future date: the service refuses.
    response = client.post(url, {**base, "sent_on": "2099-01-01", "recipients": "key"})
    assert response.status_code == 400
    assert not Letter.objects.exists()
    # All key enterprises in the district: enterprise A (a key source) only.
    response = client.post(url, {**base, "recipients": "key"})
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert [d.enterprise for d in letter.deliveries.all()] == [enterprise_a]
    assert records.history(letter).filter(action="engagement.letter.send").exists()
    detail = client.get(response.url).content.decode()
    assert enterprise_a.credit_code in detail
    # The city leader sends by credit code to both districts.
    client.force_login(city_leader)
    codes = f"{enterprise_a.credit_code}\n{enterprise_b.credit_code.lower()}"
    response = client.post(url, {**base, "recipients": "codes", "credit_codes": codes})
    assert response.status_code == 302
    assert Letter.objects.latest("pk").deliveries.count() == 2
