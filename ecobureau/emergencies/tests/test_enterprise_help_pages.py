"""The enterprise's own pages of its help records (seed 000 与企业互动（七）): its
records only, the bureau unit rather than the person, no staff notes; the message
links here."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.emergencies import enterprise_help, services
from ecobureau.emergencies.models import EnterpriseHelp, HelpAction, OpinionEvent
from ecobureau.enterprises.models import Enterprise, EnterpriseAccount
from ecobureau.lib.dates import SHANGHAI
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)
STAFF_NOTE = "内部研判：该企业曾有类似投诉，注意口径"


def _help(
    by: User, helper: User, enterprise: Enterprise, district, title: str
) -> EnterpriseHelp:
    event = services.opinion_register(
        by=by,
        title=title,
        channel=OpinionEvent.Channel.NEW_MEDIA,
        content="网传视频称企业夜间偷排污水（内部：传播量正在上升）",
        grade="major",
        discovered_at=T0,
        district=district,
        enterprise=enterprise,
    )
    record = enterprise_help.help_request(
        event=event,
        enterprise=enterprise,
        by=by,
        requested_at=T0 + timedelta(hours=1),
        request="请求协助核实视频来源",
        contact="环保主管 13800000009",
    )
    enterprise_help.help_assign(help_record=record, by=by, helper=helper)
    for kind in (HelpAction.Kind.ANALYSIS, HelpAction.Kind.MEASURE):
        enterprise_help.help_action_add(
            help_record=record,
            by=by,
            kind=kind,
            taken_at=T0 + timedelta(hours=2),
            description=STAFF_NOTE,
            participants="张科员、李主任",
        )
    return record


@pytest.fixture
def help_a(duty_officer, district_a_officer, enterprise_a, district_a):
    """Enterprise A's help record: helper from 铁东分局, analysis and measure done."""
    return _help(
        duty_officer, district_a_officer, enterprise_a, district_a, "华信偷排视频"
    )


@pytest.fixture
def help_b(duty_officer, district_b_officer, enterprise_b, district_b):
    """Enterprise B's help record, in district B."""
    return _help(
        duty_officer, district_b_officer, enterprise_b, district_b, "兴达扬尘投诉"
    )


def test_the_enterprise_reads_its_own_help_records(
    client: Client,
    duty_officer: User,
    district_a_officer: User,
    enterprise_user_a: User,
    help_a: EnterpriseHelp,
    help_b: EnterpriseHelp,
    django_assert_max_num_queries,
) -> None:
    enterprise_help.help_conclude(
        help_record=help_a, by=duty_officer, outcome="发布核查情况，舆情平息"
    )
    client.force_login(enterprise_user_a)

    # the list: A's record only, in a bounded number of queries
    with django_assert_max_num_queries(12):
        response = client.get(reverse("emergencies:my-helps"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "华信偷排视频" in body and "帮扶结束" in body
    assert "兴达扬尘投诉" not in body
    detail_url = reverse("emergencies:my-help-detail", args=[help_a.pk])
    assert detail_url in body

    # the detail: request, the helping unit, dates, kinds of help, outcome …
    body = client.get(detail_url).content.decode()
    assert "请求协助核实视频来源" in body and "发布核查情况，舆情平息" in body
    assert district_a_officer.unit is not None
    assert district_a_officer.unit.name in body
    assert "会同企业分析研判" in body and "研究制定解决措施" in body
    assert "2026-11-02 10:00" in body  # requested, Asia/Shanghai
    # … never the staff's notes, the helper's or participants' names, the event's
    # internal content
    for internal in (STAFF_NOTE, "张科员", "李主任", "传播量正在上升"):
        assert internal not in body

    # the messages the enterprise got link to this page
    urls = set(
        Notification.objects.filter(recipient=enterprise_user_a).values_list(
            "url", flat=True
        )
    )
    assert urls == {detail_url}


def test_others_cannot_read_an_enterprises_help_record(
    client: Client,
    help_a: EnterpriseHelp,
    enterprise_user_b: User,
    citizen: User,
    duty_officer: User,
) -> None:
    detail_url = reverse("emergencies:my-help-detail", args=[help_a.pk])
    list_url = reverse("emergencies:my-helps")
    # anonymous: to the log-in
    for url in (list_url, detail_url):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    # another enterprise: not found, and not in its list
    client.force_login(enterprise_user_b)
    assert client.get(detail_url).status_code == 404
    assert "华信偷排视频" not in client.get(list_url).content.decode()
    # a citizen and staff: not their page (staff read the staff page)
    for user in (citizen, duty_officer):
        client.force_login(user)
        assert client.get(list_url).status_code == 403
        assert client.get(detail_url).status_code == 403
    # the staff page is unchanged for staff, and still closed to the enterprise
    staff_url = reverse("emergencies:help-detail", args=[help_a.pk])
    body = client.get(staff_url).content.decode()
    assert STAFF_NOTE in body and "张科员" in body
    client.force_login(enterprise_user_b)
    assert client.get(staff_url).status_code == 403


def test_an_unverified_enterprise_account_sees_nothing(
    client: Client, help_a: EnterpriseHelp, enterprise_user_a: User
) -> None:
    EnterpriseAccount.objects.filter(user=enterprise_user_a).update(verified=False)
    client.force_login(enterprise_user_a)
    assert client.get(reverse("emergencies:my-helps")).status_code == 403
    url = reverse("emergencies:my-help-detail", args=[help_a.pk])
    assert client.get(url).status_code == 403


def test_the_portal_my_page_links_it_for_enterprise_accounts_only(
    client: Client, enterprise_user_a: User, citizen: User
) -> None:
    url = reverse("emergencies:my-helps")
    client.force_login(enterprise_user_a)
    assert url in client.get(reverse("portal:my")).content.decode()
    client.force_login(citizen)
    assert url not in client.get(reverse("portal:my")).content.decode()
