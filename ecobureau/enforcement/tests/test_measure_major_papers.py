"""The papers of a major seal or seizure as for a penalty, the queue of those who
act on it, and the release by the refusal itself:

- the signed legal review is issued as a numbered 法制审核意见表 (法制审核制度
  第六条); the team submits the 集体审议申请表 and the office notifies the meeting
  before it is recorded (集体审议规则 第九条1、2);
- the queue lists the major measures waiting for the reader's step, scoped;
- an urgent measure in force that the signed review or the 审委会 refuses is
  released in the same transaction (行政强制法第十九条 "应当立即解除")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.casework.models import Clock, Document
from ecobureau.casework.tests.test_documents import pdf_text
from ecobureau.core.models import Record

from .. import selectors, services
from ..services import committee, measures_major
from ..services.deliberation import MemberVote
from .conftest import video
from .test_measures import propose
from .test_measures_major import (
    ALL_HOLD,
    SERIOUS,
    convene,
    meeting,
    review,
    roster,
)
from .test_measures_urgent import refuse, urgent


def _docs(measure, kind):
    return Document.objects.filter(
        kind=kind, target_type="enforcement.compulsorymeasure", target_id=measure.pk
    )


def _actions(case):
    return list(
        Record.objects.filter(
            target_type="enforcement.enforcementcase", target_id=case.pk
        ).values_list("action", flat=True)
    )


@pytest.fixture
def major(filed_case, officers):
    """A serious seal proposed: a major decision waiting for legal review."""
    return propose(filed_case, officers[0], serious=True, serious_reason=SERIOUS)


@pytest.fixture
def signed(major, reviewers, city_leader):
    """The same seal with a signed 同意 review."""
    review(major, reviewers)
    measures_major.measure_review_sign(measure=major, by=city_leader)
    return major


# --- 1. papers ------------------------------------------------------------------------


def test_signed_review_is_issued_as_a_numbered_opinion_form_never_to_the_party(
    major, reviewers, city_leader, filed_case
):
    review(major, reviewers)
    assert not _docs(major, "enf_measure_review_opinion").exists()
    measures_major.measure_review_sign(measure=major, by=city_leader)
    form = _docs(major, "enf_measure_review_opinion").get()
    assert form.title == "重大行政执法决定法制审核意见表"
    text = pdf_text(form)
    assert "审核内容（第三条）" in text and "无超范围、超期限" in text
    assert form.series == "法审" and "法审" in form.reference
    assert form not in selectors.party_documents(filed_case)
    assert "enforcement.measure_review_sign" in _actions(filed_case)


def test_application_then_notice_then_meeting(
    signed,
    officers,
    other_officer,
    reviewers,
    enforcement_head,
    district_a_leader,
    city_leader,
    filed_case,
):
    # the case team submits the numbered 申请表 (第九条1); others may not
    with pytest.raises(PermissionDenied):
        measures_major.measure_deliberation_apply(measure=signed, by=other_officer)
    application = measures_major.measure_deliberation_apply(
        measure=signed, by=officers[0]
    )
    document = application.document
    assert document.kind == committee.MEASURE_APPLICATION_KIND
    assert document.title == "鞍山市生态环境局重大行政执法决定集体审议申请表"
    assert "审议" in document.reference
    with pytest.raises(ValidationError, match="已提交集体审议申请"):
        measures_major.measure_deliberation_apply(measure=signed, by=officers[0])

    # no meeting without the office's notice (第九条2)
    roster(city_leader, enforcement_head, district_a_leader)
    members = [
        MemberVote(city_leader, "present", "agree"),
        MemberVote(enforcement_head, "present", "agree"),
        MemberVote(district_a_leader, "present", "agree"),
    ]
    with pytest.raises(ValidationError, match="第九条2"):
        meeting(signed, city_leader, members, enforcement_head)

    def notify(by, **extra):
        values = {
            "application": application,
            "meeting_at": timezone.now() + timedelta(hours=2),
            "place": "市局三楼会议室",
            "agenda": "审议查封",
            "agreed_by": city_leader,
            "by": by,
        }
        return measures_major.measure_deliberation_notify(**{**values, **extra})

    with pytest.raises(PermissionDenied):
        notify(officers[0])
    with pytest.raises(ValidationError, match="晚于通知时间"):
        notify(enforcement_head, meeting_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError, match="审委会主任"):
        notify(enforcement_head, agreed_by=district_a_leader)
    notice = notify(enforcement_head)
    participants = set(notice.participants.all())
    assert {city_leader, enforcement_head, district_a_leader, *officers} <= (
        participants
    )

    # the meeting concludes the application; the officer proposes the approval
    held = meeting(signed, city_leader, members, enforcement_head)
    application.refresh_from_db()
    assert application.concluded_by == held
    measures_major.measure_major_approval_propose(measure=signed, by=officers[0])
    actions = _actions(filed_case)
    assert actions.index("enforcement.measure_deliberation_apply") < actions.index(
        "enforcement.measure_deliberation_notify"
    )
    assert actions.index("enforcement.measure_deliberation_notify") < actions.index(
        "enforcement.measure_deliberation_record"
    )


def test_pages_submit_the_application_and_refuse_a_notice_keeping_the_input(
    client, signed, officers, enforcement_head, district_a_leader, city_leader
):
    roster(city_leader, enforcement_head, district_a_leader)
    detail = reverse("enforcement:measure-detail", args=[signed.pk])
    client.force_login(officers[0])
    page = client.get(detail)
    assert 'value="deliberation_apply"' in page.content.decode()
    assert client.post(detail, {"action": "deliberation_apply"}).status_code == 302
    assert signed.deliberation_applications.count() == 1

    # the office's notice without a place: 400, the Chinese error, input kept
    client.force_login(enforcement_head)
    when = timezone.localtime(timezone.now() + timedelta(days=1))
    post = {
        "action": "deliberation_notify",
        "meeting_at": when.strftime("%Y-%m-%dT%H:%M"),
        "place": "",
        "agenda": "审议危险废物贮存间查封",
        "agreed_by": city_leader.pk,
    }
    page = client.post(detail, post)
    body = page.content.decode()
    assert page.status_code == 400
    assert "会议地点" in body and "审议危险废物贮存间查封" in body
    assert f'value="{city_leader.pk}" selected' in body
    page = client.post(detail, {**post, "place": "市局三楼会议室"})
    assert page.status_code == 302
    page = client.get(detail)
    assert "市局三楼会议室" in page.content.decode()
    assert 'value="deliberation"' in page.content.decode()  # the meeting form


# --- 3. release on refusal ------------------------------------------------------------


def _urgent_major(case, officers):
    measure = urgent(case, officers, serious=True, serious_reason=SERIOUS)
    services.measure_urgent_report(measure=measure, by=officers[0])
    return measure


def test_signed_disagree_releases_the_urgent_measure_from_the_page(
    client, filed_case, officers, reviewers, city_leader
):
    measure = _urgent_major(filed_case, officers)
    review(measure, reviewers, opinion="disagree")
    detail = reverse("enforcement:measure-detail", args=[measure.pk])
    client.force_login(city_leader)
    assert client.post(detail, {"action": "review_sign"}).status_code == 302

    measure.refresh_from_db()
    assert measure.status == "released" and measure.ended_at is not None
    assert _docs(measure, "enf_measure_release").count() == 1
    assert _docs(measure, "enf_measure_review_opinion").count() == 1
    open_clocks = Clock.objects.filter(
        target_type="enforcement.compulsorymeasure",
        target_id=measure.pk,
        state__in=Clock.OPEN_STATES,
    )
    assert not open_clocks.exists()
    actions = _actions(filed_case)
    assert actions.index("enforcement.measure_review_sign") < actions.index(
        "enforcement.measure_release_refused"
    )
    # the page says why it was released, and offers no second release
    client.force_login(officers[0])
    body = client.get(detail).content.decode()
    assert 'data-testid="released-on-refusal"' in body
    assert "因法制审核意见为不同意" in body
    assert 'data-testid="release-refused"' not in body
    # the party sees the 解除决定书, not the internal opinion form
    kinds = set(selectors.party_documents(filed_case).values_list("kind", flat=True))
    assert "enf_measure_release" in kinds
    assert "enf_measure_review_opinion" not in kinds


def test_committee_disagree_releases_the_urgent_measure_in_the_same_call(
    filed_case, officers, reviewers, enforcement_head, district_a_leader, city_leader
):
    measure = _urgent_major(filed_case, officers)
    review(measure, reviewers)
    measures_major.measure_review_sign(measure=measure, by=city_leader)
    measure.refresh_from_db()
    assert measure.status == "in_force"  # an agreed review releases nothing
    roster(city_leader, enforcement_head, district_a_leader)
    convene(measure, team=officers[0], office=enforcement_head, director=city_leader)
    meeting(
        measure,
        city_leader,
        [
            MemberVote(city_leader, "present", "disagree"),
            MemberVote(enforcement_head, "present", "disagree"),
            MemberVote(district_a_leader, "absent"),
        ],
        enforcement_head,
    )
    measure.refresh_from_db()
    assert measure.status == "released"
    assert "审委会集体审议决定不同意实施" in measure.outcome_note
    assert _docs(measure, "enf_measure_release").count() == 1
    assert services.measures_urgent.released_on_refusal(measure) == (
        "审委会集体审议决定不同意实施"
    )


def test_head_refusal_releases_at_once_and_is_shown_as_its_cause(
    filed_case, officers, district_a_leader, city_leader
):
    # casework calls enforcement's hook when the head decides: the refusal
    # releases the urgent measure in force in the same transaction
    measure = urgent(filed_case, officers)
    services.measure_urgent_report(measure=measure, by=officers[0])
    refuse(measure, district_a_leader, city_leader)
    measure.refresh_from_db()
    assert measure.status == "released"
    assert measure.outcome_note.startswith("行政机关负责人不予批准")
    assert (
        services.measures_urgent.released_on_refusal(measure)
        == "行政机关负责人不予批准"
    )


def test_release_before_the_refusal_is_not_shown_as_caused_by_it(
    filed_case, officers, reviewers, city_leader
):
    # released by an officer while the review was pending: the review of a
    # released measure is not signed (nothing left to refuse)
    measure = _urgent_major(filed_case, officers)
    review(measure, reviewers, opinion="disagree")
    services.measure_file_add(
        measure=measure,
        by=officers[0],
        file=video(),
        kind="video",
        captured_at=timezone.now(),
    )
    services.measure_end(
        measure=measure, outcome="release", note="已无需继续扣押。", by=officers[0]
    )
    with pytest.raises(ValidationError, match="已实施、解除或撤回"):
        measures_major.measure_review_sign(measure=measure, by=city_leader)
    measure.refresh_from_db()
    assert services.measures_urgent.released_on_refusal(measure) == ""


# --- 2. the queue ---------------------------------------------------------------------


def _queue(client, user):
    client.force_login(user)
    return client.get(reverse("enforcement:measure-major-queue"))


def _steps(page):
    body = page.content.decode()
    return [s for s in measures_major.STEPS if f'data-step="{s}"' in body]


def test_queue_shows_each_step_to_whoever_takes_it(
    client,
    major,
    filed_case,
    officers,
    reviewers,
    enforcement_head,
    district_a_leader,
    city_leader,
):
    # a reviewer who is an investigator of the case never gets it (第十条)
    investigator = reviewers[3]
    filed_case.officers.add(investigator)
    assert _steps(_queue(client, reviewers[0])) == ["review"]
    assert _steps(_queue(client, investigator)) == []
    page = _queue(client, reviewers[0])
    assert reverse("enforcement:measure-detail", args=[major.pk]) in (
        page.content.decode()
    )

    review(major, reviewers)
    assert _steps(_queue(client, reviewers[0])) == []
    assert _steps(_queue(client, city_leader)) == ["sign"]
    measures_major.measure_review_sign(measure=major, by=city_leader)
    assert _steps(_queue(client, enforcement_head)) == ["apply"]

    roster(city_leader, enforcement_head, district_a_leader)
    application = measures_major.measure_deliberation_apply(
        measure=major, by=officers[0]
    )
    assert _steps(_queue(client, enforcement_head)) == ["notify"]
    assert _steps(_queue(client, reviewers[1])) == ["notify"]
    measures_major.measure_deliberation_notify(
        application=application,
        meeting_at=timezone.now() + timedelta(hours=2),
        place="市局三楼会议室",
        agenda="审议查封",
        agreed_by=city_leader,
        by=enforcement_head,
    )
    assert _steps(_queue(client, city_leader)) == ["meeting"]


def test_queue_is_refused_or_empty_for_those_who_must_not_see(
    client,
    major,
    officers,
    district_a_leader,
    district_b_officer,
    district_b,
    sub_bureau_b,
    citizen,
):
    # other roles and the public: 403
    for user in (officers[0], district_a_leader, district_b_officer, citizen):
        assert _queue(client, user).status_code == 403
    # not logged in: to the login page
    client.logout()
    page = client.get(reverse("enforcement:measure-major-queue"))
    assert page.status_code == 302
    # a team head of another district: the page, but not district A's measure
    head_b = UserFactory(
        username="tiexi-team-head",
        full_name="铁西队长",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["enforcement_head"],
    )
    page = _queue(client, head_b)
    assert page.status_code == 200
    assert reverse("enforcement:measure-detail", args=[major.pk]) not in (
        page.content.decode()
    )


def test_index_links_the_queue_and_the_review_list(client, enforcement_head):
    client.force_login(enforcement_head)
    body = client.get(reverse("enforcement:index")).content.decode()
    assert reverse("enforcement:measure-major-queue") in body
    assert reverse("enforcement:review-list") in body


def test_the_review_goes_item_by_item_and_agrees_only_when_all_hold(
    major, reviewers, city_leader
):
    """法制审核制度 第三条 on a measure: each item recorded with its verdict; 同意
    (第十一条(一)) refused while an item does not hold, naming it; another opinion
    is recorded with the failing item."""
    failing = {**ALL_HOLD, "measure": False}
    with pytest.raises(ValidationError, match="无超范围、超期限"):
        review(major, reviewers, checklist=failing)
    assert not major.reviews.exists()
    recorded = review(major, reviewers, opinion="disagree", checklist=failing)
    verdicts = {item["code"]: item["ok"] for item in recorded.checklist}
    assert verdicts == failing
    assert [item["code"] for item in recorded.checklist] == list(ALL_HOLD)
