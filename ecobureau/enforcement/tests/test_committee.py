"""The 审委会 as data and its procedure (集体审议规则 第五–七条, 第九条1、2; A51, A54):
the roster kept by the bureau's leaders, the team's 集体审议申请表 as a numbered
PDF, the office's notice to the participants, and the meeting drawn from the
roster with the quorum still counted on it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.casework.models import Document
from ecobureau.core.models import Record
from ecobureau.notifications.models import Notification

from ..models import CommitteeMember, Deliberation, DeliberationApplication
from ..services import committee, decisions
from .committee_setup import Office, agreed_review, deliberated, seat
from .test_decisions import propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def major(investigated, officers, city_leader):
    decision = propose(investigated, officers[0], fine="400000", level="一般")
    agreed_review(decision, officer=officers[0], signer=city_leader)
    return decision


@pytest.fixture
def roster(city_leader, enforcement_head, district_a_leader, reviewers):
    return seat(
        city_leader,
        (city_leader, Office.DIRECTOR),
        (enforcement_head, Office.DEPUTY_TEAM),
        (district_a_leader, Office.SUB_BUREAU),
        (reviewers[3], Office.RELATED_SECTION),
    )


def test_roster_is_kept_by_the_leaders_with_a_record_entry(
    client,
    city_leader,
    enforcement_head,
    officers,
    district_a_leader,
    enterprise_user_a,
):
    url = reverse("enforcement:committee")
    data = {
        "action": "add",
        "user": str(enforcement_head.pk),
        "office": "deputy_team",
        "started_on": timezone.localdate().isoformat(),
        "note": "执法队队长",
    }
    # an officer and a sub-bureau head may not change it; the party may not look
    client.force_login(district_a_leader)
    page = client.post(url, data)
    assert page.status_code == 400 and "岗位人员" in page.content.decode()
    client.force_login(officers[0])
    assert client.get(url).status_code == 403
    client.force_login(enterprise_user_a)
    assert client.get(url).status_code in (302, 403)
    assert not CommitteeMember.objects.exists()
    # the leader adds; a bad date keeps what was typed
    client.force_login(city_leader)
    page = client.post(url, {**data, "started_on": "明天"})
    assert page.status_code == 400 and "执法队队长" in page.content.decode()
    assert client.post(url, data).status_code == 302
    member = CommitteeMember.objects.get()
    assert member.office == Office.DEPUTY_TEAM and member.added_by == city_leader
    assert Record.objects.filter(action="enforcement.committee_member_add").exists()
    assert "执法队队长" in client.get(url).content.decode()
    # once only; one director at a time
    with pytest.raises(ValidationError, match="已在"):
        committee.committee_member_add(
            user=enforcement_head,
            office="sub_bureau",
            started_on=timezone.localdate(),
            by=city_leader,
        )
    seat(city_leader, (city_leader, Office.DIRECTOR))
    with pytest.raises(ValidationError, match="只有一名"):
        seat(city_leader, (district_a_leader, Office.DIRECTOR))
    # leaving the committee is recorded too
    response = client.post(
        url,
        {
            "action": "end",
            "member": str(member.pk),
            "ended_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.ended_on == timezone.localdate()
    assert Record.objects.filter(action="enforcement.committee_member_end").exists()
    assert enforcement_head.pk not in {
        m.user_id for m in committee.roster_on(timezone.localdate())
    }


def test_application_is_a_numbered_pdf_from_the_case_and_only_once(
    client,
    major,
    roster,
    officers,
    other_officer,
    district_b_officer,
    enterprise_user_a,
):
    url = reverse("enforcement:deliberation", args=[major.case.pk])
    # an officer not on the case cannot even open it; one of another district neither
    for outsider in (other_officer, district_b_officer):
        client.force_login(outsider)
        assert client.get(url).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        committee.deliberation_apply(decision=major, by=other_officer)
    client.force_login(officers[0])
    assert client.post(url, {"action": "apply"}).status_code == 302
    application = DeliberationApplication.objects.get()
    document = application.document
    assert document.kind == "enf_deliberation_application"
    assert "审议" in document.reference
    context = committee.application_context(major)
    assert context["penalty"] == major.penalty_text()
    assert context["officers"] == [o.display_name for o in officers[:2]]
    assert "第1次送审，同意" in context["review"]
    pdf = client.get(reverse("casework:document-pdf", args=[document.pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # an internal paper: the party and an officer elsewhere cannot open it
    for outsider in (enterprise_user_a, district_b_officer):
        client.force_login(outsider)
        denied = client.get(reverse("casework:document-pdf", args=[document.pk]))
        assert denied.status_code in (302, 403, 404)
    client.force_login(officers[0])
    assert Record.objects.filter(action="enforcement.deliberation_apply").exists()
    page = client.post(url, {"action": "apply"})
    assert page.status_code == 400 and "已提交集体审议申请" in page.content.decode()
    assert Document.objects.filter(kind="enf_deliberation_application").count() == 1


def test_application_needs_an_agreed_legal_review(investigated, officers):
    decision = propose(investigated, officers[0], fine="400000", level="一般")
    with pytest.raises(ValidationError, match="法制审核"):
        committee.deliberation_apply(decision=decision, by=officers[0])


def test_notice_goes_to_the_participants_once_the_director_agreed(
    client,
    major,
    roster,
    officers,
    city_leader,
    enforcement_head,
    district_a_leader,
    reviewers,
    django_capture_on_commit_callbacks,
):
    committee.deliberation_apply(decision=major, by=officers[0])
    url = reverse("enforcement:deliberation", args=[major.case.pk])
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT09:00")
    data = {
        "action": "notify",
        "agreed_by": str(city_leader.pk),
        "meeting_at": later,
        "place": "市局三楼会议室",
        "agenda": "审议拟罚款40万元",
    }
    # the case officer is not the office
    client.force_login(officers[0])
    page = client.post(url, data)
    assert page.status_code == 400 and "岗位人员" in page.content.decode()
    client.force_login(enforcement_head)
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(url, {**data, "meeting_at": past})
    body = page.content.decode()
    assert (
        page.status_code == 400 and "晚于通知时间" in body and "市局三楼会议室" in body
    )
    page = client.post(url, {**data, "agreed_by": str(district_a_leader.pk)})
    assert page.status_code == 400 and "审委会主任" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    notice = major.deliberation_applications.get().notices.get()
    # 第七条: the members, the related section's head (列席) and the case officers
    expected = {
        city_leader.pk,
        enforcement_head.pk,
        district_a_leader.pk,
        reviewers[3].pk,
        officers[0].pk,
        officers[1].pk,
    }
    assert {u.pk for u in notice.participants.all()} == expected
    sent = Notification.objects.filter(title__startswith="审委会会议通知")
    assert {n.recipient_id for n in sent} == expected
    assert all(
        "市局三楼会议室" in n.body and "审议拟罚款40万元" in n.body for n in sent
    )
    assert Record.objects.filter(action="enforcement.deliberation_notify").exists()
    assert "已通知6人" in client.get(url).content.decode()


def test_meeting_is_drawn_from_the_roster_and_quorum_still_counts(
    client,
    major,
    roster,
    officers,
    city_leader,
    enforcement_head,
    district_a_leader,
    reviewers,
):
    # given the application but no notice yet
    committee.deliberation_apply(decision=major, by=officers[0])

    def meet(members, chair=city_leader, entrusted=False):
        return decisions.deliberation_record(
            decision=major,
            chair=chair,
            chair_entrusted=entrusted,
            held_at=timezone.now(),
            members=members,
            minutes="汇报、讨论。",
            by=enforcement_head,
        )

    everyone = [
        decisions.MemberVote(m, "present", "agree")
        for m in (city_leader, enforcement_head, district_a_leader)
    ]
    with pytest.raises(ValidationError, match="通知参会人员"):
        meet(everyone)
    committee.deliberation_notify(
        application=committee.open_application(major),
        meeting_at=timezone.now() + timedelta(hours=1),
        place="会议室",
        agenda="审议",
        agreed_by=city_leader,
        by=enforcement_head,
    )
    # someone off the roster, the related section's head (no vote), a member left out
    with pytest.raises(ValidationError, match="不是审委会委员"):
        meet([*everyone, decisions.MemberVote(officers[0], "present", "agree")])
    with pytest.raises(ValidationError, match="不是审委会委员"):
        meet([*everyone, decisions.MemberVote(reviewers[3], "present", "agree")])
    with pytest.raises(ValidationError, match="未列入"):
        meet(everyone[:2])
    # the chair is the director (or, entrusted, the deputy in charge of legal work)
    with pytest.raises(ValidationError, match="主持"):
        meet(everyone, chair=enforcement_head)
    # 2 of 3 is 2/3: met; 1 of 3 is not, and the application stays open
    page_url = reverse("enforcement:deliberation", args=[major.case.pk])
    client.force_login(enforcement_head)
    page = client.get(page_url).content.decode()
    assert reviewers[3].display_name in page  # shown on the roster (列席)
    assert f'name="att-{reviewers[3].pk}"' not in page  # but no vote
    short = meet(
        [
            decisions.MemberVote(city_leader, "present", "agree"),
            decisions.MemberVote(enforcement_head, "absent"),
            decisions.MemberVote(district_a_leader, "absent"),
        ]
    )
    assert not short.quorum_met and committee.open_application(major) is not None
    response = client.post(
        page_url,
        {
            "action": "record",
            "chair": str(city_leader.pk),
            "held_at": "2026-11-20T09:00",
            "minutes": "承办人员汇报；讨论。",
            f"att-{city_leader.pk}": "present",
            f"vote-{city_leader.pk}": "agree",
            f"att-{enforcement_head.pk}": "proxy",
            f"proxy-{enforcement_head.pk}": str(city_leader.pk),
            f"vote-{enforcement_head.pk}": "agree",
            f"att-{district_a_leader.pk}": "absent",
        },
    )
    assert response.status_code == 302
    meeting = Deliberation.objects.get(round=2)
    assert meeting.quorum_met and meeting.expected == 3 and meeting.attending == 2
    assert meeting.application.pk == DeliberationApplication.objects.get().pk
    assert committee.open_application(major) is None


def test_no_new_application_once_the_committee_decided_the_penalty(
    client, investigated, officers, enforcement_head, city_leader, district_a_leader
):
    # given a met-quorum meeting on the penalty as it stands (第九条5)
    meeting = deliberated(
        investigated,
        measures=["police_criminal"],
        officer=officers[0],
        head=enforcement_head,
        leader=city_leader,
        member=district_a_leader,
    )
    decision = meeting.decision
    # then the team cannot apply again, and the page no longer offers it
    with pytest.raises(ValidationError, match="已对当前处罚内容作出审议决定"):
        committee.deliberation_apply(decision=decision, by=officers[0])
    client.force_login(officers[0])
    url = reverse("enforcement:deliberation", args=[investigated.pk])
    assert 'value="apply"' not in client.get(url).content.decode()
    assert DeliberationApplication.objects.filter(decision=decision).count() == 1
